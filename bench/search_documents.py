"""Keep a build's search documents, and build the search index of a built site again.

A site of 100,000 records takes many minutes to build, its search index a minute or two.
To measure several versions of the index's code on one site (search_benchmark.py
``--reuse``), the site is built once through :func:`build_keeping_documents`, which
writes the documents and the lexicon that ``showcase/search`` indexed to a pickle beside
it; :func:`reindex` then builds the index from them with the code on ``sys.path`` (the
measured checkout's ``plugins/``), writes it over the site's and puts that code's search
script in place of the site's, under the name that its pages load.

``python bench/search_documents.py keep DOCUMENTS -- build|archive [arguments]`` and
``python bench/search_documents.py reindex DOCUMENTS SITE [--workers 2]``, in the child
environment of build_benchmark.py (the measured code first on the path).
"""

from __future__ import annotations

import argparse
import os
import pickle
import re
import sys
import time
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any


def build_keeping_documents(documents: Path, showcase_arguments: Sequence[str]) -> int:
    """``showcase build`` or ``archive``, the documents it indexes pickled on the way."""
    import showcase.mkdocs_plugins.search.plugin as search_plugin
    import showcase.site.search_terms as search_terms
    from showcase.cli import main as showcase_main

    real = search_plugin.build_index
    real_after_cut_ahead = search_terms.index_after_cut_ahead

    def keep(docs: list[Any], lexicon: list[str]) -> None:
        with documents.open("wb") as file:
            pickle.dump((docs, lexicon), file, protocol=pickle.HIGHEST_PROTOCOL)

    def keeping(docs: Any, lexicon: Any, **options: Any) -> Any:
        docs, lexicon = list(docs), list(lexicon)
        keep(docs, lexicon)
        return real(docs, lexicon, **options)

    def keeping_after_cut_ahead(ahead: Any, pages: Any, lexicon: Any, **options: Any) -> Any:
        lexicon = list(lexicon)
        keep([*ahead.documents, *pages], lexicon)
        return real_after_cut_ahead(ahead, pages, lexicon, **options)

    # The build calls build_index here with one worker; with more, the index's own process
    # (forked after this, so it has these too) cuts the data's documents ahead and calls
    # index_after_cut_ahead in search_terms.index_documents_file.
    search_plugin.build_index = keeping  # type: ignore[assignment]
    search_terms.index_after_cut_ahead = keeping_after_cut_ahead  # type: ignore[assignment]
    try:
        return showcase_main(list(showcase_arguments)) or 0
    except SystemExit as stopped:
        return stopped.code if isinstance(stopped.code, int) else 1


def reindex(documents: Path, site: Path, workers: int) -> float:
    """Build the index of the pickled documents into ``site``; the seconds it took."""
    from showcase.mkdocs_plugins.search.plugin import SCRIPT
    from showcase.site.search_shards import INDEX_FOLDER, build_index, write_index

    with documents.open("rb") as file:
        docs, lexicon = pickle.load(file)
    started = time.perf_counter()
    index = build_index(docs, lexicon, workers=workers)
    write_index(index, site / INDEX_FOLDER)
    script = resources.files("showcase.site").joinpath("assets", SCRIPT).read_bytes()
    # The pages load the script by the name the build gave it (its digest): the new code
    # goes under that name, which no longer matches its content (the site is not rebuilt).
    (loaded,) = [
        path
        for path in (site / "assets" / "javascripts").glob(SCRIPT.replace(".js", ".*.js"))
        if re.fullmatch(r"[0-9a-f]{8}", path.suffixes[0][1:])
    ]
    loaded.write_bytes(script)
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    keep = commands.add_parser("keep", help="showcase build or archive, keeping the documents")
    keep.add_argument("documents", type=Path)
    keep.add_argument("arguments", nargs=argparse.REMAINDER)
    again = commands.add_parser("reindex", help="the index of a built site, built again")
    again.add_argument("documents", type=Path)
    again.add_argument("site", type=Path)
    again.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    arguments = parser.parse_args(argv)
    if arguments.command == "keep":
        rest = [argument for argument in arguments.arguments if argument != "--"]
        return build_keeping_documents(arguments.documents, rest)
    seconds = reindex(arguments.documents, arguments.site, arguments.workers)
    print(f"search index built again in {seconds:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
