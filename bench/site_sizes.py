"""Measure what the Tianjin data weighs as a site: the search index and the offline archive.

``python bench/site_sizes.py`` builds the repository's site and its offline archive with
the real commands (``showcase build`` and ``showcase archive``) in a temporary folder, and
rewrites the "## Site and archive sizes" section of BENCHMARKS.md: the search index as we
write it (UTF-8) beside the same index as Material writes it (every Chinese character
escaped as ``\\uXXXX``), the site, and the archive.
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
from validate_benchmark import REPO_ROOT, machine_description, update_section

SECTION_TITLE = "## Site and archive sizes"


def main(argv: Sequence[str] | None = None) -> int:
    """Build, measure and write the section; the return value is the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md")
    arguments = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="showcase-sizes-") as folder:
        site = Path(folder) / "site"
        dist = Path(folder) / "dist"
        _showcase("build", "--site-dir", str(site))
        _showcase("archive", "--output", str(dist), "--name", "tianjin-union")
        index_text = (site / "search/search_index.json").read_text(encoding="utf-8")
        ours = len(index_text.encode("utf-8"))
        materials = len(json.dumps(json.loads(index_text), separators=(",", ":")).encode("utf-8"))
        site_bytes = sum(path.stat().st_size for path in site.rglob("*") if path.is_file())
        (archive,) = dist.glob("*.zip")
        archive_bytes = archive.stat().st_size
    started = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    rows = [
        ("search index, UTF-8 (ours)", ours),
        ("the same index ASCII-escaped (Material's default)", materials),
        ("whole site", site_bytes),
        ("offline archive (zip)", archive_bytes),
    ]
    table = "\n".join(f"| {name} | {size:,} |" for name, size in rows)
    section = (
        f"{SECTION_TITLE}\n\n"
        f"Written by `bench/site_sizes.py` on {started}, from the repository's own data.\n\n"
        f"- Machine: {machine_description()}\n"
        f"- The UTF-8 index is {ours / materials:.0%} of the escaped one.\n\n"
        "Reproduce from the repository root:\n\n"
        "```sh\npython bench/site_sizes.py\n```\n\n"
        f"| what | bytes |\n| --- | ---: |\n{table}\n"
    )
    update_section(arguments.output, section, SECTION_TITLE)
    print(section)
    return 0


def _showcase(*arguments: str) -> None:
    subprocess.run([sys.executable, "-m", "showcase.cli", *arguments], cwd=REPO_ROOT, check=True)


if __name__ == "__main__":
    sys.exit(main())
