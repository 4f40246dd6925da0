"""Measure what the Tianjin data weighs as a site: the search index and the offline archive.

``python bench/site_sizes.py`` builds the repository's site and its offline archive with
the real commands (``showcase build`` and ``showcase archive``) in a temporary folder, and
rewrites the "## Site and archive sizes" section of BENCHMARKS.md: our search index beside
the index Material makes of the same site on its own (a second build with showcase/search
switched off, written ASCII-escaped as Material writes it), the site, and the archive.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Run as a script, this folder is on sys.path.
from validate_benchmark import (
    REPO_ROOT,
    child_python_environment,
    machine_description,
    update_section,
)

SECTION_TITLE = "## Site and archive sizes"
SEARCH_PLUGIN_LINE = "  - showcase/search\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Build, measure and write the section; the return value is the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="showcase-sizes-") as folder:
        site = Path(folder) / "site"
        dist = Path(folder) / "dist"
        material_site = Path(folder) / "material-search"
        _showcase("build", "--site-dir", str(site))
        _showcase("archive", "--output", str(dist), "--name", "tianjin-union")
        ours = len((site / "search/search_index.json").read_bytes())
        # The same site with Material's search alone: it indexes every rendered page.
        repository_config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        if SEARCH_PLUGIN_LINE not in repository_config:
            raise SystemExit("mkdocs.yml does not list showcase/search as expected")
        config = REPO_ROOT / ".site-sizes-mkdocs.yml"  # beside mkdocs.yml: same relative paths
        config.write_text(
            repository_config.replace(
                SEARCH_PLUGIN_LINE, "  - showcase/search:\n      enabled: false\n"
            ),
            encoding="utf-8",
        )
        try:
            _showcase("build", "--config", str(config), "--site-dir", str(material_site))
        finally:
            config.unlink()
        index = json.loads((material_site / "search/search_index.json").read_text("utf-8"))
        # Material writes its index ASCII-escaped; ours is cleaned and written as UTF-8.
        materials = len(json.dumps(index, separators=(",", ":")).encode("utf-8"))
        site_bytes = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
        (archive,) = dist.glob("*.zip")
        archive_bytes = archive.stat().st_size
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = [
        ("search index (ours: compact, UTF-8)", ours),
        ("Material's own index of the same site (ASCII-escaped)", materials),
        ("whole site", site_bytes),
        ("offline archive (zip)", archive_bytes),
    ]
    table = "\n".join(f"| {name} | {size:,} |" for name, size in rows)
    section = (
        f"{SECTION_TITLE}\n\n"
        f"Written by `bench/site_sizes.py` on {started}, from the repository's own data.\n\n"
        f"- Machine: {machine_description()}\n"
        f"- Our index is {ours / materials:.0%} of Material's.\n\n"
        "Reproduce from the repository root:\n\n"
        "```sh\npython bench/site_sizes.py\n```\n\n"
        f"| what | bytes |\n| --- | ---: |\n{table}\n"
    )
    update_section(arguments.output, section, SECTION_TITLE)
    print(section)
    return 0


def _showcase(*arguments: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "showcase.cli", *arguments],
        cwd=REPO_ROOT,
        env=child_python_environment(REPO_ROOT / "plugins"),
        check=True,
    )


if __name__ == "__main__":
    sys.exit(main())
