"""Time the search index alone at any size: no pages rendered, only what the index needs.

``python bench/search_index_time.py TREE [--workers 1 2]`` loads the tree's mkdocs.yml
(a tree as build_benchmark.write_our_tree makes it: ``generate.py`` data, mkdocs.yml,
content/), runs the plugins' ``on_config`` and ``on_files`` (the catalog and the
generated pages, not rendered), gathers the search documents as ``showcase/search`` does
at the end of a build, and times ``build_index`` once per worker count: wall seconds, CPU
seconds (this process and its workers), the files, their bytes raw and gzipped, and a
digest of all of them (the same whatever the number of workers). ``--site DIR`` also
writes the index of the last run there (``DIR/search/showcase/``), for the page-load
timings of search_benchmark.py.

Hand-written pages are left out (Material's search plugin has not run: there is no
``search_index.json``), so the index holds the records, listings and honour pages only.
A full build of 100,000 records takes far longer than its index; this times the index's
share of it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from build_benchmark import QUIET


def main(argv: Sequence[str] | None = None) -> int:
    """Gather the documents of a tree, then time build_index with each worker count."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("tree", type=Path, help="a generated tree with its mkdocs.yml")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--site", type=Path, help="write the last run's index here")
    arguments = parser.parse_args(argv)
    os.environ.update(QUIET)
    started = time.perf_counter()
    documents, lexicon = gather(arguments.tree.resolve())
    print(
        f"{len(documents):,} documents gathered in {time.perf_counter() - started:.1f} s "
        f"(load {os.getloadavg()[0]:.1f})",
        flush=True,
    )
    from showcase.site.search_analysis import Segmenter
    from showcase.site.search_shards import INDEX_FOLDER, build_index, write_index

    Segmenter([])  # jieba's dictionary, loaded once per process: not in the first run's time
    index = None
    for workers in arguments.workers:
        load = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), _cpu_seconds()
        index = build_index(documents, lexicon, workers=workers)
        wall, cpu = time.perf_counter() - wall, _cpu_seconds() - cpu
        raw = sum(len(data) for data in index.files.values())
        packed = sum(len(gzip.compress(data, 9, mtime=0)) for data in index.files.values())
        digest = hashlib.sha256()
        for name, data in sorted(index.files.items()):
            digest.update(name.encode())
            digest.update(data)
        print(
            f"workers {workers}: {wall:.1f} s wall, {cpu:.1f} s CPU; {len(index.files):,} "
            f"files, {raw:,} bytes ({packed:,} gzipped); digest {digest.hexdigest()[:16]}; "
            f"load {load:.1f} → {os.getloadavg()[0]:.1f}",
            flush=True,
        )
    if arguments.site is not None and index is not None:
        write_index(index, arguments.site / INDEX_FOLDER)
    return 0


def gather(tree: Path) -> tuple[list[Any], list[str]]:
    """The search documents and the lexicon that a build of ``tree`` would index."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    import showcase.mkdocs_plugins.search.plugin as search_plugin

    os.chdir(tree)
    config = load_config(str(tree / "mkdocs.yml"), site_dir=str(tree / "site-index-only"))
    # One process: the capture below must run in this one, not beside it.
    config.plugins["showcase/records"].config["workers"] = 1
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_files(get_files(config), config=config)
    gathered: list[tuple[list[Any], list[str]]] = []

    class Gathered(Exception):
        pass

    def capture(documents: Any, lexicon: Any, **_: Any) -> Any:
        gathered.append((list(documents), list(lexicon)))
        raise Gathered

    real = search_plugin.build_index
    search_plugin.build_index = capture  # type: ignore[assignment]
    try:
        config.plugins["showcase/search"].write_index_now(config=config)
    except Gathered:
        pass
    finally:
        search_plugin.build_index = real
    return gathered[0]


def _cpu_seconds() -> float:
    here = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return here.ru_utime + here.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    sys.exit(main())
