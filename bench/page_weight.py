"""Weigh the pages of a generated site: bytes per page kind, what a record page is made of.

``python bench/page_weight.py --records 10000 [--baseline main]`` generates a data tree of
N records (see generate.py), builds it with the repository's code as build_benchmark.py
does, and measures:

- the site on disk: bytes and files, and the linear extrapolation to 100,000 records;
- the mean bytes of each page kind (record pages, listing pages, facet pages, the home
  page), as written and gzipped;
- the bytes under each top-level folder of the site (a kind's pages, ``downloads/``,
  ``search/``, ``feeds/``, ``assets/``, ...), so that what is not a page is weighed too;
- what the median record page is made of: <head>, the header without the search dialog, the
  search dialog, the navigation, the empty table of contents, our own content (the
  <article>), the footer, the ``__config`` JSON, the rest; and across the whole page, the
  bytes in inline ``<svg>`` and in whitespace that one space or line break would replace.

With ``--baseline REV`` the same tree is also built with the code of git revision REV
(``git archive``), and both are reported side by side. The "## Page weight" section of
BENCHMARKS.md is rewritten; the rest of the file stays as it is.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

# Run as a script, this folder is on sys.path.
from build_benchmark import (
    CODE_PARTS,
    child_environment,
    html_pages,
    run_command,
    snapshot_code,
    write_our_tree,
)
from generate import DEFAULT_SEED
from validate_benchmark import REPO_ROOT, machine_description, update_section

SECTION_TITLE = "## Page weight"
TARGET_RECORDS = 100_000
TARGET_SITE_BYTES = 1_000_000_000  # issue 17: the site at 100k records on disk
RECORD_FOLDERS = ("studios", "awards", "projects", "people", "organizations", "figures", "sources")
# Listings sorted otherwise or paged: <kind>/sort-name/, <kind>/page/2/.
LISTING_PREFIXES = ("sort-", "page")
# Parts of a page, found in this order; each is cut out before the next is looked for.
PARTS: tuple[tuple[str, str], ...] = (
    ("<head>", r"<head>.*?</head>"),
    ("search dialog", r'<div class="md-search".*?</form>.*?</div>\s*</div>\s*</div>\s*</div>'),
    ("header (without search)", r'<header class="md-header.*?</header>'),
    ("navigation", r'<div class="md-sidebar md-sidebar--primary".*?</nav>\s*</div>\s*</div>\s*</div>'),
    ("table of contents (empty)", r'<div class="md-sidebar md-sidebar--secondary".*?</nav>\s*</div>\s*</div>\s*</div>'),
    ("our content (<article>)", r"<article.*?</article>"),
    ("footer", r'<footer class="md-footer">.*?</footer>'),
    ("__config JSON", r'<script id="__config".*?</script>'),
)  # fmt: skip
WHITESPACE_RUN = re.compile(r"\s{2,}")
# Top-level folders whose bytes do not grow with the records: the form editor, the theme.
FIXED_FOLDERS = ("admin", "assets")
# Rows of the folder table: the largest folders, enough to hold everything but crumbs.
FOLDER_ROWS = 16


@dataclass
class Weights:
    """What one build weighs."""

    site_bytes: int = 0
    site_files: int = 0
    # Bytes under each top-level folder (or file) of the site.
    folders: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    median_record: str = ""
    breakdown: list[tuple[str, int]] = field(default_factory=list)


def main(argv: Sequence[str] | None = None) -> int:
    """Build, weigh and write the section; the return value is the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=10_000, help="records (default 10000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the data")
    parser.add_argument("--baseline", metavar="REV", help="also build with the code of REV")
    parser.add_argument(
        "--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md",
        help="the file whose section is rewritten (default: the repository's BENCHMARKS.md)",
    )  # fmt: skip
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep it")
    arguments = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.UTC)
    work = arguments.keep or Path(tempfile.mkdtemp(prefix="page-weight-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        builds: dict[str, Weights] = {}
        if arguments.baseline:
            code = baseline_code(arguments.baseline, work / "baseline-code")
            builds[arguments.baseline] = build_and_weigh(
                work / "baseline", arguments.records, arguments.seed, code
            )
        code = snapshot_code(work / "code")
        builds["this tree"] = build_and_weigh(work / "now", arguments.records, arguments.seed, code)
    finally:
        if arguments.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    section = render_section(builds, arguments.records, started)
    update_section(arguments.output, section, SECTION_TITLE)
    print(section)
    return 0


def baseline_code(revision: str, target: Path) -> Path:
    """The parts a build runs, as they are at ``revision``."""
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(
        ["git", "-C", str(REPO_ROOT), "archive", revision, *CODE_PARTS],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def build_and_weigh(root: Path, records: int, seed: int, code: Path) -> Weights:
    """Generate the tree in ``root``, build it with ``code`` and weigh the site."""
    write_our_tree(root, records, seed, code)
    env = child_environment(root, code)
    command = [sys.executable, "-m", "showcase.cli", "build", "--config", "mkdocs.yml"]
    run_command(command, cwd=root, env=env, what="showcase build")
    return weigh(root / "site")


def page_kind(relative: str) -> str:
    """Which kind of page a path of the site is."""
    parts = relative.split("/")
    if relative == "index.html":
        return "home page"
    if parts[0] in RECORD_FOLDERS:
        if len(parts) == 2 or parts[1].startswith(LISTING_PREFIXES):
            return "listing pages"
        return "record pages" if len(parts) == 3 else "facet pages"
    return "other pages"


def weigh(site: Path) -> Weights:
    """The bytes and files of ``site``, its pages by kind, and a record page taken apart."""
    weights = Weights()
    for path in site.rglob("*"):
        if path.is_file():
            weights.site_files += 1
            size = path.stat().st_size
            weights.site_bytes += size
            top = path.relative_to(site).parts[0]
            weights.folders[top] = weights.folders.get(top, 0) + size
    records: list[tuple[int, Path]] = []
    for path in html_pages(site):
        data = path.read_bytes()
        kind = page_kind(path.relative_to(site).as_posix())
        weights.kinds.setdefault(kind, []).append((len(data), len(gzip.compress(data, 9, mtime=0))))
        if kind == "record pages":
            records.append((len(data), path))
    if records:
        records.sort()
        median = records[len(records) // 2][1]
        weights.median_record = median.relative_to(site).as_posix()
        weights.breakdown = breakdown(median.read_text(encoding="utf-8"))
    return weights


def breakdown(page: str) -> list[tuple[str, int]]:
    """The bytes of each part of a page, then two measures across the whole of it."""
    rest = page
    rows: list[tuple[str, int]] = []
    for name, pattern in PARTS:
        found = re.search(pattern, rest, re.DOTALL)
        size = len(found.group(0).encode()) if found else 0
        if found:
            rest = rest.replace(found.group(0), "", 1)
        rows.append((name, size))
    rows.append(("the rest (page skeleton, inline scripts)", len(rest.encode())))
    rows.append(("total", len(page.encode())))
    svg = sum(len(s.encode()) for s in re.findall(r"<svg.*?</svg>", page, re.DOTALL))
    rows.append(("of which inline <svg>", svg))
    spare = sum(len(run.group(0)) - 1 for run in WHITESPACE_RUN.finditer(page))
    rows.append(("of which whitespace beyond one character", spare))
    return rows


def projected_bytes(weights: Weights, factor: float) -> float:
    """The site's bytes with all but the fixed folders multiplied by ``factor``."""
    fixed = sum(weights.folders.get(name, 0) for name in FIXED_FOLDERS)
    return (weights.site_bytes - fixed) * factor + fixed


def render_section(builds: dict[str, Weights], records: int, started: datetime.datetime) -> str:
    """The "## Page weight" section of BENCHMARKS.md."""
    names = list(builds)
    lines = [
        SECTION_TITLE,
        "",
        f"Written by `bench/page_weight.py --records {records}"
        + (f" --baseline {names[0]}" if len(names) > 1 else "")
        + f"` on {started:%Y-%m-%d %H:%M} UTC ({machine_description()}). One generated tree "
        "built with each code; mean bytes per page as written, gzipped in brackets.",
        "",
        "| page kind | " + " | ".join(f"{name}: pages, bytes (gzip)" for name in names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    kinds = sorted({kind for weights in builds.values() for kind in weights.kinds})
    for kind in kinds:
        cells = []
        for weights in builds.values():
            sizes = weights.kinds.get(kind, [])
            if not sizes:
                cells.append("–")
                continue
            raw = statistics.fmean(size for size, _ in sizes)
            packed = statistics.fmean(size for _, size in sizes)
            cells.append(f"{len(sizes):,}: {raw:,.0f} ({packed:,.0f})")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    factor = TARGET_RECORDS / records
    lines.append(
        "| **whole site** | "
        + " | ".join(f"{w.site_files:,} files, {w.site_bytes:,} bytes" for w in builds.values())
        + " |"
    )
    lines.append(
        f"| whole site at {TARGET_RECORDS:,} records (× {factor:g}, linear) | "
        + " | ".join(
            f"{w.site_bytes * factor / 1e9:.2f} GB"
            + (" (target ≤ 1 GB: met)" if w.site_bytes * factor <= TARGET_SITE_BYTES else "")
            for w in builds.values()
        )
        + " |"
    )
    # The form editor and the theme's assets weigh the same at any number of records.
    lines.append(
        f"| whole site at {TARGET_RECORDS:,} records (× {factor:g}, but "
        + ", ".join(f"`{name}`" for name in FIXED_FOLDERS)
        + " once) | "
        + " | ".join(
            f"{projected_bytes(w, factor) / 1e9:.2f} GB"
            + (" (target ≤ 1 GB: met)" if projected_bytes(w, factor) <= TARGET_SITE_BYTES else "")
            for w in builds.values()
        )
        + " |"
    )
    folders = sorted(
        {name for w in builds.values() for name in w.folders},
        key=lambda name: -max(w.folders.get(name, 0) for w in builds.values()),
    )
    lines += [
        "",
        "Bytes under each top-level folder of the site (the largest first; a kind's folder "
        "holds its record, listing and facet pages):",
        "",
        "| folder | " + " | ".join(names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    for name in folders[:FOLDER_ROWS]:
        cells = [f"{w.folders.get(name, 0):,}" for w in builds.values()]
        lines.append(f"| `{name}` | " + " | ".join(cells) + " |")
    lines += [
        "",
        "What the median record page is made of, bytes as written ("
        + "; ".join(f"{name}: `{w.median_record}`" for name, w in builds.items())
        + "):",
        "",
        "| part | " + " | ".join(names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    parts = [name for name, _ in next(iter(builds.values())).breakdown]
    for index, part in enumerate(parts):
        cells = [
            f"{w.breakdown[index][1]:,}" if index < len(w.breakdown) else "–"
            for w in builds.values()
        ]
        lines.append(f"| {part} | " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
