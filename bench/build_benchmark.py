"""Time a full build of the site at scale, beside plain Material building as many pages.

``python bench/build_benchmark.py --records 1000 10000 20000`` generates a data tree of each
size (see generate.py) in a temporary folder and measures, each in a fresh interpreter:

- ``showcase validate`` on the tree (wall time);
- ``showcase build`` of our site on it (wall time and peak RSS), with a mkdocs.yml made
  from the repository's own (same theme, the repository's ``overrides/``, same plugins and
  nav) and a home page whose data markers name only what the synthetic data has;
- the site, its search index and ``showcase archive``'s zip, in bytes;
- the first search result on our site in headless Chromium, from the page's load event
  (see search_timing.py), three page loads;
- plain Material (no overrides, only its search plugin, ``lang: zh``) building one
  hand-written Markdown page for every HTML page of ours, with the same text: each of our
  pages turned back into Markdown (headings, fields as lists, paragraphs, links), and kept
  out of the nav with ``not_in_nav``.

It then rewrites the "## Full build at scale" section of BENCHMARKS.md with the machine,
the command, a table of the results and the issue's targets, met or not. With
``--profile N`` it also builds a tree of N records with the main stages of the build
timed (MkDocs', Material's search, our plugins) and writes where the time goes and what to
do about it (the "### Profile" part of the section); without it, the profile already in
the file is kept. Other sections of the file belong to other benchmarks and stay as they are.

Every command runs a copy of the code taken when the run starts (``DIR/code``), so that
edits to the repository during a run of many minutes cannot mix two versions. Kept with
``--keep DIR``: that copy, ``DIR/records-N/ours`` (data, mkdocs.yml, site, dist) and
``DIR/records-N/plain`` (docs, mkdocs.yml, site), ready for a profiler.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import html
import importlib
import importlib.metadata
import json
import os
import platform
import posixpath
import queue
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml
from mkdocs.plugins import CombinedEvent

# Run as a script, this folder is on sys.path; generate.py stays a plain script too.
from generate import DEFAULT_SEED, generate
from search_timing import TARGET_SECONDS as TARGET_SEARCH_SECONDS
from search_timing import SearchTimes, time_first_results
from validate_benchmark import (
    REPO_ROOT,
    TARGET_RECORDS,
    child_python_environment,
    machine_description,
    run_timed,
    section_span,
    update_section,
)
from validate_benchmark import TARGET_SECONDS as TARGET_VALIDATE_SECONDS

SECTION_TITLE = "## Full build at scale"
PROFILE_TITLE = "### Profile"
MEMORY_TITLE = "### Memory profile"
# Allocation sites listed in the memory profile.
MEMORY_TOP = 10
# tracemalloc takes a snapshot whenever the traced memory has grown by this factor since the
# last one (from MEMORY_FIRST_SNAPSHOT on), and keeps the largest: the one nearest the peak.
# A snapshot copies every trace (millions at 100,000 records, seconds each), so they are
# few: below 128 MB nothing matters against the 1 GB target, and a build that never gets
# there (a small tree) is snapshotted once, at its end.
MEMORY_GROWTH = 1.5
MEMORY_FIRST_SNAPSHOT = 128 * 1024 * 1024
MEMORY_SAMPLE_SECONDS = 0.2
# Suggestions that would remove less than this share of the build's wall time are left out.
MIN_SHARE = 0.02
DEFAULT_RECORDS = (10_000, 20_000, 100_000)
# The temporary trees are no git checkout: `showcase build` dates the site by this instead
# (2024-01-01 00:00 UTC), so that every run writes the same bytes.
SOURCE_DATE_EPOCH = "1704067200"
ARCHIVE_NAME = "bench"
# What a build runs, copied at the start of a run: the package, the theme overrides, the
# hand-written content's assets and the MkDocs configuration.
CODE_PARTS = ("plugins", "overrides", "content", "mkdocs.yml")
# MkDocs 1.6 and Material print a banner about MkDocs 2.0 on every run; it is noise here.
QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# The targets of issue 6: a CI preview must come back while the reviewer is still looking.
TARGET_BUILD_SECONDS = 60.0
TARGET_PLAIN_RATIO = 0.5  # our build time over plain Material's on as many pages
TARGET_RSS_MIB = 1024
# Page loads timed for the first search result, by default.
SEARCH_LOADS = 3
TARGET_DOUBLING = 2.1  # 20,000 records may take at most this many times 10,000
# Issue 17.
WORKER_COUNTS = (1, 2)
PREVIEW_READY = "预览已就绪"
PREVIEW_TIMEOUT = 3600.0
TARGET_PER_RECORD_RATIO = 0.5  # 10,000 records, ours over plain Material with a page per record
TARGET_LARGE_RECORDS = 100_000
TARGET_LARGE_BUILD_SECONDS = 120.0
TARGET_LARGE_RSS_MIB = 1024
TARGET_LARGE_SITE_BYTES = 1024**3
TARGET_LARGE_VALIDATE_SECONDS = 8.0
TARGET_LARGE_VALIDATE_RSS_MIB = 600
TARGET_PREVIEW_SECONDS = {TARGET_RECORDS: 3.0, TARGET_LARGE_RECORDS: 15.0}
TARGET_INDEX_RATIO = 0.40  # our search index over Material's default one for the same pages

# The home page of the benchmark site: markers that any generated tree can fill (the
# repository's own home page names figures that only the real data has).
HOME_PAGE = """\
# 天津工会荣誉与创新（基准测试）

本站收录劳模创新工作室 {{showcase count studios}} 个、荣誉 {{showcase count awards}} 项、\
示范项目 {{showcase count projects}} 个、人物 {{showcase count people}} 位、\
单位 {{showcase count organizations}} 个、官方公布数字 {{showcase count figures}} 条。

两类数字的区别和全部统计见[数字汇总](totals.md)。

## 最新荣誉

{{showcase list awards sort=-awarded limit=5}}

[全部荣誉](awards/index.md)

## 最新命名的工作室

{{showcase list studios sort=-named limit=5}}

[全部劳模创新工作室](studios/index.md)
"""


@dataclass(frozen=True)
class Run:
    """One command in a fresh process: wall seconds and the peak RSS of that process."""

    seconds: float
    peak_rss_kib: int
    # The machine's 1-minute load average just before and just after the command: the
    # machine is shared, and a figure means little without the load it was measured under.
    load_before: float = 0.0
    load_after: float = 0.0

    @property
    def load(self) -> str:
        """The load around the run, as shown in the tables."""
        return f"{self.load_before:.1f}→{self.load_after:.1f}"

    @property
    def peak_rss_mib(self) -> float:
        """Peak RSS in MiB (ru_maxrss is in KiB on Linux)."""
        return self.peak_rss_kib / 1024


@dataclass(frozen=True)
class PlainResult:
    """Plain Material on the same number of hand-written pages."""

    pages: int
    build: Run
    index_bytes: int


@dataclass(frozen=True)
class Preview:
    """``showcase serve``: seconds to the first preview, and from saving a one-record edit
    until that record's page on disk shows it."""

    ready_seconds: float
    edit_seconds: float
    load_before: float
    load_after: float


@dataclass(frozen=True)
class Result:
    """The measurements of one data size."""

    records: int  # N, as generate.py counts: the six kinds, without the source
    record_count: int  # what the site holds: N plus the one source
    pages: int  # HTML pages of our site, 404.html not counted
    validate: Run
    build: Run
    site_bytes: int
    index_bytes: int
    archive: Run | None
    archive_bytes: int | None
    plain: PlainResult | None
    search: SearchTimes | None
    site_files: int = 0
    per_record: PlainResult | None = None  # plain Material, one plain page per record
    workers: dict[int, Run] | None = None  # builds with --workers N; None: no such option
    preview: Preview | None = None  # None: no showcase serve

    @property
    def per_record_ratio(self) -> float | None:
        """Our build time over plain Material's with one plain page per record."""
        return self.build.seconds / self.per_record.build.seconds if self.per_record else None

    @property
    def time_ratio(self) -> float | None:
        """Our build time over plain Material's."""
        return self.build.seconds / self.plain.build.seconds if self.plain else None

    @property
    def index_ratio(self) -> float | None:
        """Our search index over Material's default one, in bytes."""
        return self.index_bytes / self.plain.index_bytes if self.plain else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write the section; the return value is the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--records", type=int, nargs="+", default=list(DEFAULT_RECORDS), metavar="N",
        help="total records per data tree, one tree per N (default: 10000 20000 100000)",
    )  # fmt: skip
    parser.add_argument(
        "--skip-plain", action="store_true", help="do not build plain Material for comparison"
    )
    parser.add_argument(
        "--plain-max-records", type=int, metavar="N",
        help="build the plain Material baselines only for trees of at most N records "
        "(default: all; the page-per-record baseline at 100,000 takes hours here)",
    )  # fmt: skip
    parser.add_argument(
        "--search-max-records", type=int, metavar="N",
        help="time the first search result only for trees of at most N records (default: all)",
    )  # fmt: skip
    parser.add_argument(
        "--memory-profile", type=int, metavar="N",
        help="also build a tree of N records under tracemalloc and write the top allocation "
        "sites at the build's peak (the tree of --records N is reused when there is one)",
    )  # fmt: skip
    parser.add_argument(
        "--traced-build", nargs=3, metavar=("CONFIG", "SITE_DIR", "MEMORY_JSON"),
        help=argparse.SUPPRESS,  # the child process of --memory-profile
    )  # fmt: skip
    parser.add_argument(
        "--archive-max-records", type=int, metavar="N",
        help="make the offline archive only for trees of at most N records (default: all)",
    )  # fmt: skip
    parser.add_argument(
        "--search-loads", type=int, default=SEARCH_LOADS, metavar="K",
        help="page loads for the first search result in Chromium (default 3; 0: none)",
    )  # fmt: skip
    parser.add_argument(
        "--profile", type=int, metavar="N",
        help="also build a tree of N records with its stages timed and write where the time goes",
    )  # fmt: skip
    parser.add_argument(
        "--timed-build", nargs=3, metavar=("CONFIG", "SITE_DIR", "TIMES_JSON"),
        help=argparse.SUPPRESS,  # the child process of --profile
    )  # fmt: skip
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the data")
    parser.add_argument(
        "--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md",
        help="the file whose section is rewritten (default: the repository's BENCHMARKS.md)",
    )  # fmt: skip
    parser.add_argument(
        "--keep", type=Path, metavar="DIR",
        help="build in DIR (new or empty) and keep the trees and sites there, for profiling",
    )  # fmt: skip
    arguments = parser.parse_args(argv)
    if arguments.timed_build:
        return timed_build(*arguments.timed_build)
    if arguments.traced_build:
        return traced_build(*arguments.traced_build)
    if arguments.keep is not None and arguments.keep.exists() and any(arguments.keep.iterdir()):
        parser.error(f"--keep {arguments.keep}: the folder is not empty")

    started = datetime.datetime.now(datetime.UTC)
    results: list[Result] = []
    fingerprint = ""

    def write_section(results: list[Result], *, profile: str | None, memory: str | None) -> None:
        # A part this run did not measure (yet) is kept as the file has it.
        if profile is None:
            profile = _existing_part(arguments.output, PROFILE_TITLE)
        if memory is None:
            memory = _existing_part(arguments.output, MEMORY_TITLE, PROFILE_TITLE)
        section = render_section(
            results,
            started,
            _reproduce_command(arguments),
            arguments.seed,
            fingerprint=fingerprint,
            archive_max_records=arguments.archive_max_records,
            profile=profile,
            memory=memory,
            limits=_limits(arguments),
        )
        update_section(arguments.output, section, SECTION_TITLE)

    profile: str | None = None
    memory: str | None = None
    with work_folder(arguments.keep) as work:
        code = snapshot_code(work / "code")
        fingerprint = code_fingerprint(code)
        for records in arguments.records:
            with_archive = _at_most(records, arguments.archive_max_records)
            with_plain = not arguments.skip_plain and _at_most(records, arguments.plain_max_records)
            with_search = _at_most(records, arguments.search_max_records)
            result = measure(
                work / f"records-{records}",
                records,
                arguments.seed,
                code=code,
                with_plain=with_plain,
                with_archive=with_archive,
                search_loads=arguments.search_loads if with_search else 0,
            )
            print(_summary_line(result), flush=True)
            results.append(result)
            # Written after each size: a run stopped at 100,000 records keeps the smaller rows.
            write_section(results, profile=None, memory=None)
        if arguments.profile is not None:
            folder = work / f"profile-{arguments.profile}"
            profile = profile_build(folder, arguments.profile, arguments.seed, code=code)
        if arguments.memory_profile is not None:
            folder = work / f"records-{arguments.memory_profile}"
            if not (folder / "ours" / "data").is_dir():
                folder = work / f"memory-{arguments.memory_profile}"
            memory = memory_profile(folder, arguments.memory_profile, arguments.seed, code=code)
    if code_fingerprint(REPO_ROOT) != fingerprint:
        print(
            f"note: the repository changed during the run; the numbers are those of the copy "
            f"taken at its start (fingerprint {fingerprint})."
        )
    write_section(results, profile=profile, memory=memory)
    print(f"wrote the “{SECTION_TITLE[3:]}” section of {arguments.output}")
    return 0


def _at_most(records: int, limit: int | None) -> bool:
    return limit is None or records <= limit


def _limits(arguments: argparse.Namespace) -> dict[str, int | None]:
    """The sizes above which a part of the run was left out, by the part's name."""
    return {
        "plain": arguments.plain_max_records,
        "search": arguments.search_max_records,
        "archive": arguments.archive_max_records,
    }


def snapshot_code(target: Path) -> Path:
    """Copy what a build runs (:data:`CODE_PARTS`) to ``target``; every command runs that copy.

    Other people's edits to the repository during a run of many minutes would otherwise
    make rows, or the build and its profile, measure different code.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    for part in CODE_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=ignore)
        else:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / part)
    return target


def code_fingerprint(root: Path) -> str:
    """A short hash of the :data:`CODE_PARTS` under ``root``: names and contents."""
    digest = hashlib.sha256()
    paths: list[Path] = []
    for part in CODE_PARTS:
        paths += [root / part, *(root / part).rglob("*")]
    for path in sorted(paths):
        if path.is_file() and "__pycache__" not in path.parts and ".egg-info" not in str(path):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:12]


@contextmanager
def work_folder(keep: Path | None, prefix: str = "showcase-build-bench-") -> Iterator[Path]:
    """``keep`` (made if missing) when given, otherwise a temporary folder removed at the end."""
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep.absolute()
        return
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        yield Path(folder)


def measure(
    folder: Path,
    records: int,
    seed: int,
    *,
    code: Path,
    with_plain: bool,
    with_archive: bool,
    search_loads: int,
) -> Result:
    """Generate a tree of ``records`` records in ``folder`` and measure everything on it."""
    ours = folder / "ours"
    counts = write_our_tree(ours, records, seed, code)
    record_count = sum(counts.values())
    env = child_environment(folder, code)

    validate, output = run_command(
        [sys.executable, "-m", "showcase.cli", "validate", str(ours / "data"),
         "--root", str(ours)],
        cwd=ours, env=env, what="showcase validate",
    )  # fmt: skip
    if f"{record_count} 条记录" not in output:
        raise SystemExit(f"showcase validate did not load all {record_count} records:\n{output}")

    site = ours / "site"
    forget_build_cache(ours)
    build, _ = run_command(
        [sys.executable, "-m", "showcase.cli", "build", "--config", str(ours / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=ours, env=env, what="showcase build",
    )  # fmt: skip
    pages = html_pages(site)
    # Before anything else runs: the browser has the machine to itself, as a visitor's would.
    search = time_first_results(site, search_loads) if search_loads else None

    archive: Run | None = None
    archive_bytes: int | None = None
    if with_archive:
        dist = ours / "dist"
        forget_build_cache(ours)
        archive, _ = run_command(
            [sys.executable, "-m", "showcase.cli", "archive", "--config",
             str(ours / "mkdocs.yml"), "--output", str(dist), "--name", ARCHIVE_NAME],
            cwd=ours, env=env, what="showcase archive",
        )  # fmt: skip
        (zip_file,) = dist.glob("*.zip")
        archive_bytes = zip_file.stat().st_size

    plain: PlainResult | None = None
    per_record: PlainResult | None = None
    if with_plain:
        plain_root = folder / "plain"
        plain_pages = write_plain_tree(site, plain_root, ours / "mkdocs.yml")
        plain = build_plain(plain_root, plain_pages, env, "plain Material (mkdocs build)")
        if len(html_pages(plain_root / "site")) != len(pages):
            raise SystemExit("plain Material did not write one page per page of ours")
        per_record_root = folder / "plain-per-record"
        per_record_pages = write_per_record_tree(
            ours / "data", per_record_root, ours / "mkdocs.yml"
        )
        per_record = build_plain(
            per_record_root, per_record_pages, env, "plain Material, a page per record"
        )

    workers: dict[int, Run] | None = None
    if showcase_offers(["build"], "--workers", cwd=ours, env=env):
        workers = {}
        for count in WORKER_COUNTS:
            if count == _default_workers():
                # The default build above ran with as many workers: it is that row, and a
                # 100,000-record tree is spared a second build of minutes.
                workers[count] = build
                continue
            forget_build_cache(ours)
            workers[count], _ = run_command(
                [sys.executable, "-m", "showcase.cli", "build", "--config",
                 str(ours / "mkdocs.yml"), "--site-dir", str(ours / f"site-workers-{count}"),
                 "--workers", str(count)],
                cwd=ours, env=env, what=f"showcase build --workers {count}",
            )  # fmt: skip
            shutil.rmtree(ours / f"site-workers-{count}")

    forget_build_cache(ours)
    preview = (
        time_preview(ours, env) if showcase_offers(["serve"], "--dev-addr", cwd=ours, env=env)
        else None
    )  # fmt: skip

    site_files = [path for path in site.rglob("*") if path.is_file()]
    return Result(
        records=records,
        record_count=record_count,
        pages=len(pages),
        validate=validate,
        build=build,
        site_bytes=sum(path.stat().st_size for path in site_files),
        index_bytes=search_index_bytes(site),
        archive=archive,
        archive_bytes=archive_bytes,
        plain=plain,
        search=search,
        site_files=len(site_files),
        per_record=per_record,
        workers=workers,
        preview=preview,
    )


def _default_workers() -> int:
    """The workers `showcase build` uses without --workers: the processors it may run on."""
    return len(os.sched_getaffinity(0))


def build_plain(root: Path, pages: int, env: dict[str, str], what: str) -> PlainResult:
    """``mkdocs build --strict`` of a plain Material tree written in ``root``, timed."""
    build, _ = run_command(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "-d", str(root / "site")],
        cwd=root, env=env, what=what,
    )  # fmt: skip
    index_bytes = (root / "site/search/search_index.json").stat().st_size
    return PlainResult(pages=pages, build=build, index_bytes=index_bytes)


def showcase_offers(command: list[str], option: str, *, cwd: Path, env: dict[str, str]) -> bool:
    """Whether ``showcase COMMAND --help`` names ``option``: parts of issue 17 may be missing."""
    completed = subprocess.run(
        [sys.executable, "-m", "showcase.cli", *command, "--help"],
        capture_output=True, text=True, cwd=cwd, env=env, check=False,
    )  # fmt: skip
    return completed.returncode == 0 and option in completed.stdout


# --- the preview ------------------------------------------------------------------------


def time_preview(ours: Path, env: dict[str, str]) -> Preview:
    """Start ``showcase serve``, edit one person's name, and time until the page shows it."""
    site = ours / "site-preview"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "showcase.cli", "serve", "--dev-addr", f"127.0.0.1:{port}",
         "--site-dir", str(site)],
        cwd=ours, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_forward_lines, args=(process, lines), daemon=True).start()
    try:
        _wait_for_line(lines, PREVIEW_READY, PREVIEW_TIMEOUT)
        ready = time.perf_counter() - started
        people = ours / "data" / "people.yaml"
        text = people.read_text(encoding="utf-8")
        first = re.search(r"^- id: (\S+)\n  name: (.+)$", text, re.MULTILINE)
        if first is None:
            raise SystemExit("time_preview: no person to edit in data/people.yaml")
        record_id, name = first.groups()
        renamed = f"{name}改"
        page = site / "people" / record_id / "index.html"
        edited = text[: first.start(2)] + renamed + text[first.end(2) :]
        saved = time.perf_counter()
        people.write_text(edited, encoding="utf-8")
        while renamed not in _read_or_empty(page):
            if time.perf_counter() - saved > PREVIEW_TIMEOUT or process.poll() is not None:
                raise SystemExit(f"time_preview: {page} never showed the edit")
            time.sleep(0.02)
        edit_seconds = time.perf_counter() - saved
        people.write_text(text, encoding="utf-8")
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return Preview(ready, edit_seconds, load_before, os.getloadavg()[0])


def _forward_lines(process: subprocess.Popen[str], lines: queue.Queue[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line)


def _wait_for_line(lines: queue.Queue[str], wanted: str, timeout: float) -> str:
    deadline = time.perf_counter() + timeout
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.perf_counter(), 0.01))
        except queue.Empty:
            raise SystemExit(f"showcase serve did not print “{wanted}” in {timeout:g} s") from None
        if wanted in line:
            return line


def _read_or_empty(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""  # not written yet, or being replaced


# --- plain Material, one page per record ----------------------------------------------


def write_per_record_tree(data: Path, root: Path, our_config_file: Path) -> int:
    """A plain Material project with one Markdown page per record, holding its facts.

    What a user would write instead of our plugin: each record's fields as a table under
    its name, every page out of the nav, a home page the only nav entry. Returns how many
    record pages were written.
    """
    docs = root / "docs"
    count = 0
    for path in sorted(data.rglob("*.yaml")):
        loaded = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CBaseLoader)
        if isinstance(loaded, dict) and all(isinstance(v, list) for v in loaded.values()):
            groups = list(loaded.items())
        else:  # a record folder's file: the record itself
            groups = [(path.parent.name, [loaded])]
        for kind, records in groups:
            for record in records:
                target = docs / kind / f"{record['id']}.md"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(_record_markdown(record), encoding="utf-8")
                count += 1
    (docs / "index.md").write_text("# 记录\n\n每条记录一页，不在导航中。\n", encoding="utf-8")
    ours = yaml.safe_load(our_config_file.read_text(encoding="utf-8"))
    theme = {key: value for key, value in ours["theme"].items() if key != "custom_dir"}
    config = {
        "site_name": ours["site_name"],
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "nav": ["index.md"],
        "not_in_nav": "/**\n",
        "plugins": [{"search": {"lang": "zh"}}],
    }
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return count


def _record_markdown(record: dict[str, Any]) -> str:
    title = record.get("name") or record.get("title") or record["id"]
    rows = [f"| {_cell(name)} | {_cell(_plain_value(value))} |" for name, value in record.items()]
    return f"# {title}\n\n| 字段 | 内容 |\n| --- | --- |\n" + "\n".join(rows) + "\n"


def _plain_value(value: Any) -> str:
    if isinstance(value, dict):
        return "；".join(f"{key}：{_plain_value(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "、".join(_plain_value(item) for item in value)
    return "" if value is None else str(value)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


# --- our site ---------------------------------------------------------------------------


def write_our_tree(root: Path, records: int, seed: int, code: Path) -> dict[str, int]:
    """The generated data, a mkdocs.yml like the repository's and a home page; the counts."""
    counts = generate(root, records, seed)
    (root / "mkdocs.yml").write_text(our_config(code), encoding="utf-8")
    content = root / "content"
    # Stylesheets and other assets of the repository's content/, but no hand-written page:
    # those may name records that only the real data has.
    repo_content = code / "content"
    for path in sorted(repo_content.rglob("*")):
        if path.is_file() and path.suffix != ".md":
            target = content / path.relative_to(repo_content)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    (content / "index.md").write_text(HOME_PAGE, encoding="utf-8")
    return counts


def our_config(code: Path) -> str:
    """The repository's mkdocs.yml, with its overrides folder given as an absolute path."""
    config = _repository_config(code)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((code / theme["custom_dir"]).resolve())
    config["docs_dir"] = "content"
    config["site_dir"] = "site"
    # The form editor's bundle stays where npm ci installed it (cms/), which is not copied.
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "showcase/admin" in entry:
            admin = entry["showcase/admin"] or {}
            bundle = admin.get("bundle_dir", "cms/node_modules/decap-cms/dist")
            admin["bundle_dir"] = str((Path(__file__).resolve().parents[1] / bundle).resolve())
            entry["showcase/admin"] = admin
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def _repository_config(code: Path) -> dict[str, Any]:
    text = (code / "mkdocs.yml").read_text(encoding="utf-8")
    try:
        config = yaml.safe_load(text)
    except yaml.YAMLError as error:  # e.g. a !ENV tag: then this script needs teaching
        raise SystemExit(f"cannot copy mkdocs.yml into the benchmark tree: {error}") from None
    if not isinstance(config, dict):
        raise SystemExit("mkdocs.yml does not hold a mapping")
    return config


def child_environment(work: Path, code: Path) -> dict[str, str]:
    """The environment of every measured command."""
    # The copy of plugins/ comes first on the path, before the editable install's plugins/.
    env = child_python_environment(code / "plugins") | QUIET
    env["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    # No git repository around the trees, even when --keep puts them inside a checkout:
    # every run then dates and labels the site the same way.
    env["GIT_CEILING_DIRECTORIES"] = str(work.parent)
    return env


def run_command(
    command: Sequence[str], *, cwd: Path, env: dict[str, str], what: str
) -> tuple[Run, str]:
    """Run one command in a fresh process: its Run and its output (stdout and stderr)."""
    load_before = os.getloadavg()[0]
    returncode, seconds, rss_kib, text = run_timed(command, env=env, cwd=cwd)
    if returncode != 0:
        raise SystemExit(
            f"{what} exited with {returncode}; the benchmark only times builds that "
            f"pass.\n{text[-4000:]}"
        )
    return Run(seconds, rss_kib, load_before, os.getloadavg()[0]), text


def forget_build_cache(ours: Path) -> None:
    """Remove the tree's build cache (issue 17), so that the next build timed is a cold one.

    Without this, every build of a tree after the first would copy its pages from the one
    before. The live preview keeps its cache: reusing it is what it is measured for.
    """
    shutil.rmtree(ours / ".cache", ignore_errors=True)


def html_pages(site: Path) -> list[Path]:
    """The pages of a built site: every HTML file but the theme's 404 page, sorted.

    The form editor's page (admin/) is a program, not a page of the site: it is left out.
    """
    return sorted(
        path
        for path in site.rglob("*.html")
        if path.is_file() and path.name != "404.html" and path.relative_to(site).parts[0] != "admin"
    )


# --- plain Material ---------------------------------------------------------------------


def write_plain_tree(our_site: Path, root: Path, our_config_file: Path) -> int:
    """A plain Material project with one Markdown page per page of ``our_site``; the count.

    Each page is ours turned back into Markdown: the same headings, facts as list items,
    paragraphs and links, so that Material renders and indexes the same text. Every page
    is ``<folder>/index.md``, which keeps our relative links valid once ``index.md`` is
    appended to them.
    """
    docs = root / "docs"
    pages = html_pages(our_site)
    for page in pages:
        relative = page.relative_to(our_site)
        if relative.name != "index.html":
            raise SystemExit(f"{relative}: expected folder URLs (use_directory_urls) only")
        target = docs / relative.with_name("index.md")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(article_markdown(page.read_text(encoding="utf-8")), encoding="utf-8")

    ours = yaml.safe_load(our_config_file.read_text(encoding="utf-8"))
    theme = {key: value for key, value in ours["theme"].items() if key != "custom_dir"}
    config = {
        "site_name": ours["site_name"],
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": theme,
        "nav": _plain_nav(ours.get("nav") or []),
        # Every page out of the nav but those listed in it, as our record pages are.
        "not_in_nav": "/**\n",
        "plugins": [{"search": {"lang": "zh"}}],
    }
    (root / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return len(pages)


def _plain_nav(nav: Any) -> Any:
    """Our nav with each page replaced by its ``<folder>/index.md`` in the plain tree."""
    if isinstance(nav, list):
        return [_plain_nav(item) for item in nav]
    if isinstance(nav, dict):
        return {title: _plain_nav(item) for title, item in nav.items()}
    if isinstance(nav, str) and nav.endswith(".md") and "://" not in nav:
        stem = nav.removesuffix(".md")
        return nav if stem == "index" or stem.endswith("/index") else f"{stem}/index.md"
    return nav


_ARTICLE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.DOTALL)


def article_markdown(page_html: str) -> str:
    """The article of one of our pages as hand-written Markdown."""
    found = _ARTICLE.search(page_html)
    if found is None:
        raise SystemExit("a page of ours has no <article>")
    writer = _MarkdownWriter()
    writer.feed(found.group(1))
    writer.close()
    return writer.markdown()


class _MarkdownWriter(HTMLParser):
    """Turns the HTML of our templates into the Markdown an editor would have written."""

    _BLOCKS = frozenset({"p", "caption", "summary", "figcaption", "blockquote", "dl", "table"})
    _SKIPPED = frozenset({"svg", "script", "style", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, str]] = []  # (is a list item, Markdown)
        self.prefix = ""
        self.inline: list[str] = []
        self.is_item = False
        self.lists: list[str] = []
        self.links: list[tuple[int, str | None]] = []
        self.cells = 0
        self.skipping = 0
        self.bold_heading = False

    def markdown(self) -> str:
        """The page so far, list items on consecutive lines, other blocks apart."""
        self._flush()
        parts: list[str] = []
        for index, (is_item, text) in enumerate(self.blocks):
            if index:
                parts.append("\n" if is_item and self.blocks[index - 1][0] else "\n\n")
            parts.append(text)
        return "".join(parts) + "\n"

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.inline)).strip()
        if text:
            self.blocks.append((self.is_item, self.prefix + text))
        self.inline, self.prefix, self.is_item = [], "", False

    def _start_block(self, prefix: str = "", *, is_item: bool = False) -> None:
        self._flush()
        self.prefix, self.is_item = prefix, is_item

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIPPED or self.skipping:
            self.skipping += tag in self._SKIPPED
            return
        if re.fullmatch(r"h[1-6]", tag):
            # Material's index starts a section only at a heading with an id, and Markdown
            # gives every heading one: a heading of ours without an id stays bold text, so
            # that both indexes have the same sections.
            has_id = tag == "h1" or any(name == "id" for name, _ in attrs)
            self._start_block("#" * int(tag[1]) + " " if has_id else "")
            self.bold_heading = not has_id
            if self.bold_heading:
                self.inline.append("**")
        elif tag in self._BLOCKS:
            self._start_block()
        elif tag in ("ul", "ol"):
            self._start_block()
            self.lists.append(tag)
        elif tag == "li":
            ordered = bool(self.lists) and self.lists[-1] == "ol"
            self._start_block("1. " if ordered else "- ", is_item=True)
        elif tag == "dt":
            self._start_block("- ", is_item=True)
            self.inline.append("**")
        elif tag == "tr":
            self._start_block("- ", is_item=True)
            self.cells = 0
        elif tag in ("th", "td"):
            if self.cells:
                self.inline.append(" · ")
            self.cells += 1
        elif tag in ("strong", "b"):
            self.inline.append("**")
        elif tag == "code":
            self.inline.append("`")
        elif tag == "br":
            self.inline.append(" ")
        elif tag == "a":
            self.links.append((len(self.inline), dict(attrs).get("href")))

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            self.skipping -= tag in self._SKIPPED
            return
        if re.fullmatch(r"h[1-6]", tag):
            if self.bold_heading:
                self.inline.append("**")
                self.bold_heading = False
            self._flush()
        elif tag in self._BLOCKS or tag in ("li", "dd", "tr"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
        elif tag == "dt":
            self.inline.append("**：")
        elif tag in ("strong", "b"):
            self.inline.append("**")
        elif tag == "code":
            self.inline.append("`")
        elif tag == "a" and self.links:
            start, href = self.links.pop()
            target = _markdown_target(href)
            if target is not None:
                text = "".join(self.inline[start:]).strip()
                self.inline[start:] = [f"[{text}]({target})"]

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        inside_code = self.inline.count("`") % 2 == 1
        self.inline.append(data if inside_code else _escape(data))


def _escape(text: str) -> str:
    """Text that Markdown shows as it is."""
    text = text.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;")
    return re.sub(r"([`*_\[\]])", r"\\\1", text)


def _markdown_target(href: str | None) -> str | None:
    """Where a link of ours points in the plain tree; None for a link that becomes text.

    Links to pages (folder URLs) point at that folder's ``index.md``; links to downloads,
    feeds and anchors on the same page become plain text, as the plain tree has no such
    files or anchors.
    """
    if not href:
        return None
    if re.match(r"[a-z][a-z0-9+.-]*:|//", href):
        return href
    path = html.unescape(href).split("#", 1)[0]
    if not path:
        return None
    if path.endswith("/") or path in (".", ".."):
        return posixpath.join(path, "index.md")
    return None


# --- the profile ------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    """A part of the build timed by the profile: a function wrapped to add up its wall time.

    ``target`` is ``module:Qualified.name`` where the build looks the function up, so that
    the wrapper is the one called; a version of the code without it leaves the stage out.
    Which stage holds which is found while the build runs (the stage running when another
    is called, for most of its calls), so rows follow the code when work moves from one
    event to another.
    A stage without a target is the rest of its ``parent``: its time less its parts'.
    """

    key: str
    label: str
    target: str | None = None
    parent: str | None = None  # for a stage without a target only


STAGES: tuple[Stage, ...] = (
    Stage("build", "MkDocs build (`mkdocs.commands.build.build`)",
          "mkdocs.commands.build:build"),
    Stage("data", "load and validate the data (`RecordsPlugin.on_config`)",
          "showcase.mkdocs_plugins.records.plugin:RecordsPlugin.on_config"),
    Stage("files", "generated files, exports and feeds (`RecordsPlugin.on_files`)",
          "showcase.mkdocs_plugins.records.plugin:RecordsPlugin.on_files"),
    Stage("nav", "nav (`get_navigation`)", "mkdocs.commands.build:get_navigation"),
    Stage("populate", "reading pages (`_populate_page`)", "mkdocs.commands.build:_populate_page"),
    Stage("markdown", "Markdown by MkDocs (`Page.render`; empty for generated pages)",
          "mkdocs.structure.pages:Page.render"),
    Stage("static", "copying the theme's static files (`Files.copy_static_files`)",
          "mkdocs.structure.files:Files.copy_static_files"),
    Stage("write", "writing pages (`_build_page`)", "mkdocs.commands.build:_build_page"),
    # Generated pages are written outside MkDocs' loop, by our page writer (one process in
    # the profile: --workers 1), through the page shell's own version of `_build_page`.
    Stage("write_generated", "writing generated pages (`ShellWriter.build_page`)",
          "showcase.mkdocs_plugins.records.page_shell:ShellWriter.build_page"),
    Stage("context", "page context (`get_context`)", "mkdocs.commands.build:get_context"),
    Stage("bodies", "our page bodies (`RecordsPlugin.on_page_context`)",
          "showcase.mkdocs_plugins.records.plugin:RecordsPlugin.on_page_context"),
    Stage("records", "record pages (`RecordPages.render_page`)",
          "showcase.site.record_pages:RecordPages.render_page"),
    Stage("descriptions", "descriptions and notes (`render_markdown`)",
          "showcase.site.generated:render_markdown"),
    Stage("listings", "listing and facet pages (`Listings.render_listing`)",
          "showcase.site.listings:Listings.render_listing"),
    Stage("totals", "totals page (`render_totals_page`)",
          "showcase.site.generated:render_totals_page"),
    Stage("search", "Material search, indexing the page (`on_page_context`)",
          "material.plugins.search.plugin:SearchPlugin.on_page_context"),
    Stage("parse", "parsing the page's HTML into sections (`Parser.feed`)",
          "material.plugins.search.plugin:Parser.feed"),
    Stage("jieba", "jieba segmentation of the index's texts (`Segmenter._cut`)",
          "showcase.site.search_analysis:Segmenter._cut"),
    Stage("jieba_load", "loading jieba's dictionary, once (`Tokenizer.initialize`)",
          "jieba:Tokenizer.initialize"),
    Stage("theme", "the rest: theme template (`main.html`: header, head, content; nav, "
          "footer and scripts once per folder), writing the file", parent="write"),
    Stage("index_write", "Material search, writing the index (`on_post_build`)",
          "material.plugins.search.plugin:SearchPlugin.on_post_build"),
    Stage("names", "our search entries and names (`SearchPlugin.on_post_build`)",
          "showcase.mkdocs_plugins.search.plugin:SearchPlugin.on_post_build"),
    Stage("search_texts", "page texts from the records (`RecordPages.search_text`)",
          "showcase.site.record_pages:RecordPages.search_text"),
    Stage("clean", "index title clean-up (`RecordsPlugin.on_post_build`)",
          "showcase.mkdocs_plugins.records.plugin:RecordsPlugin.on_post_build"),
    Stage("links", "our link check (`LinksPlugin.on_post_build`)",
          "showcase.mkdocs_plugins.links.plugin:LinksPlugin.on_post_build"),
    Stage("links_generated", "our link check of generated bodies as they are written "
          "(`LinksPlugin.on_post_page`)",
          "showcase.mkdocs_plugins.links.plugin:LinksPlugin.on_post_page"),
    Stage("build_rest", "the rest of the build (anchor validation, sitemap, …)",
          parent="build"),
    Stage("startup", "start-up: interpreter, imports, config, staging folder"),
)  # fmt: skip

STAGES_BY_KEY = {stage.key: stage for stage in STAGES}

# What to do about the costs, each with the stages whose time it would mostly remove; the
# list is ranked by that time when the profile is written, and "{key}" in a text is the
# time of that stage in seconds.
SUGGESTIONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("theme",),
     "What is left of the theme is rendered for every page: the header (it shows the "
     "page's title), the meta tags and title in <head>, the content partial, and writing "
     "the file. The nav, footer, config JSON and script tags are already rendered once "
     "per folder of generated pages (`shared_blocks.py`). The header could be shared too, "
     "with the title filled in afterwards, but that would tie us to the markup of "
     "Material's header partial."),
    (("records",),
     "Leaner record pages: {descriptions:.1f} s of them is descriptions and notes (one "
     "Markdown converter, reset for each); the rest is our template, the facts and the "
     "related-record groups."),
    (("links", "links_generated"),
     "The link check resolves each distinct link once, in its shortest form. Generated "
     "bodies are checked as they are written and their pages are not read back, but one "
     "page per folder and depth and every hand-written page are; what is left is mostly "
     "the scan of those pages and the walk over the site's files."),
    (("markdown",),
     "Skip Markdown where there is none: generated pages have empty Markdown, yet MkDocs "
     "builds a Markdown instance with every extension for each; a `Page` subclass for "
     "generated files, set in `on_files`, can take our HTML directly (it would lean on "
     "MkDocs' private page attributes)."),
    (("listings",),
     "Build each facet menu once per kind and folder depth, not once per listing page: "
     "its links differ only by the page's folder. Making them is cheap string work now; "
     "most of the time is our template's loop over the menu."),
    (("search",),
     "Material's search plugin already skips generated pages (`search: exclude`; our "
     "entries come from the records) and cuts no page with jieba (showcase/search alone "
     "reads its index, and drops the cuts' marks): what is left is parsing the "
     "hand-written pages' HTML into sections."),
    (("names",),
     "Our own index: jieba on the records' text ({jieba:.1f} s, its dictionary loaded "
     "once in {jieba_load:.1f} s), then the shards. With two workers or more it is built "
     "in a process of its own, which cuts the records' documents while the pages render."),
    (("files",),
     "Exports and feeds: write them after the pages, or only when the data changed."),
)  # fmt: skip


def profile_build(folder: Path, records: int, seed: int, *, code: Path) -> str:
    """Build a tree of ``records`` records with its stages timed; the profile's Markdown."""
    ours = folder / "ours"
    counts = write_our_tree(ours, records, seed, code)
    timings = folder / "stages.json"
    run, _ = run_command(
        [sys.executable, str(Path(__file__).resolve()), "--timed-build",
         str(ours / "mkdocs.yml"), str(ours / "site"), str(timings)],
        cwd=ours, env=child_environment(folder, code), what="showcase build with timed stages",
    )  # fmt: skip
    measured = json.loads(timings.read_text(encoding="utf-8"))
    stages = stage_times(measured, wall=run.seconds)
    index = search_index_text(ours / "site")
    return render_profile(
        stages,
        wall=run.seconds,
        records=records,
        record_count=sum(counts.values()),
        pages=len(html_pages(ours / "site")),
        index=index_composition(index),
        wall_peak_kib=run.peak_rss_kib,
    )


def timed_build(config_file: str, site_dir: str, output: str) -> int:
    """Run ``showcase build`` in this process with every stage timed; write the times as JSON.

    The wrappers add a clock reading per call, a few hundred thousand in all: far less
    than a profiler, which slows every call (cProfile makes this build three times slower,
    and pure-Python code such as jieba and html.parser more than the rest).
    """
    times: dict[str, list[Any]] = {}
    running: list[str] = []
    for stage in STAGES:
        if stage.target is not None:
            _wrap(stage, times, running)
    from showcase.cli import main as showcase_main

    # One process, so that every stage is timed here rather than in a forked worker.
    status = showcase_main(
        ["build", "--config", config_file, "--site-dir", site_dir, "--workers", "1"]
    )
    Path(output).write_text(json.dumps(times), encoding="utf-8")
    return status


def _wrap(stage: Stage, times: dict[str, list[Any]], running: list[str]) -> None:
    """Replace the stage's function by one that adds up its time and calls.

    It also notes the process's peak RSS when a call ends, and which stage was running
    when it was called: the stage that holds it is the one that made most of its calls.
    """
    assert stage.target is not None
    module_name, qualified_name = stage.target.split(":")
    *path, name = qualified_name.split(".")
    try:
        owner: Any = importlib.import_module(module_name)
        for part in path:
            owner = getattr(owner, part)
        original = getattr(owner, name)
    except (ImportError, AttributeError):
        return

    if isinstance(original, CombinedEvent):
        # One event of several handlers (e.g. showcase/search's on_post_build): each is
        # timed, and the stage adds them up.
        setattr(
            owner,
            name,
            CombinedEvent(*(_timed(stage, m, times, running) for m in original.methods)),
        )
        return
    setattr(owner, name, _timed(stage, original, times, running))


def _timed(
    stage: Stage, original: Callable[..., Any], times: dict[str, list[Any]], running: list[str]
) -> Callable[..., Any]:
    """``original``, adding up its time and calls under ``stage``."""

    # functools.wraps keeps the function's attributes, e.g. MkDocs' event priority.
    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        # [seconds, calls, peak RSS in KiB when the last call ended, {caller stage: calls}]
        entry = times.setdefault(stage.key, [0.0, 0, 0, {}])
        caller = running[-1] if running else ""
        entry[3][caller] = entry[3].get(caller, 0) + 1
        running.append(stage.key)
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            entry[0] += time.perf_counter() - start
            entry[1] += 1
            entry[2] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            running.pop()

    return timed


# --- the memory profile ------------------------------------------------------------------


def memory_profile(folder: Path, records: int, seed: int, *, code: Path) -> str:
    """Build the tree of ``records`` records under tracemalloc; the memory profile's Markdown.

    The tree in ``folder/ours`` is reused when a measured run made it; a new one is made
    otherwise. The build is the default one (every worker); tracemalloc follows the main
    process, which holds the catalog and whatever is site-wide, not the forked workers.
    """
    ours = folder / "ours"
    if not (ours / "data").is_dir():
        write_our_tree(ours, records, seed, code)
    forget_build_cache(ours)
    output = folder / "memory.json"
    run, _ = run_command(
        [sys.executable, str(Path(__file__).resolve()), "--traced-build",
         str(ours / "mkdocs.yml"), str(folder / "site-traced"), str(output)],
        cwd=ours, env=child_environment(folder, code), what="showcase build under tracemalloc",
    )  # fmt: skip
    shutil.rmtree(folder / "site-traced", ignore_errors=True)
    measured = json.loads(output.read_text(encoding="utf-8"))
    return render_memory_profile(measured, records=records, run=run)


def traced_build(config_file: str, site_dir: str, output: str) -> int:
    """Run ``showcase build`` in this process under tracemalloc; write the peak's top sites.

    A thread samples the traced memory and takes a snapshot each time it has grown by
    :data:`MEMORY_GROWTH`; the top :data:`MEMORY_TOP` lines of the largest snapshot are
    written as JSON, with tracemalloc's own peak and the process's peak RSS.
    """
    import tracemalloc

    # Forked workers render pages with tracemalloc off: it would slow them and their
    # allocations are not this process's.
    os.register_at_fork(after_in_child=tracemalloc.stop)
    largest: dict[str, Any] = {"traced": 0, "top": []}
    stop = threading.Event()

    def snapshot() -> None:
        current = tracemalloc.get_traced_memory()[0]
        statistics = tracemalloc.take_snapshot().statistics("lineno")
        largest["traced"] = current
        largest["top"] = [
            [stat.size, stat.count, f"{_short_path(stat.traceback[0].filename)}:"
             f"{stat.traceback[0].lineno}"]
            for stat in statistics[:MEMORY_TOP]
        ]  # fmt: skip

    def sample() -> None:
        while not stop.wait(MEMORY_SAMPLE_SECONDS):
            current = tracemalloc.get_traced_memory()[0]
            threshold = max(MEMORY_FIRST_SNAPSHOT, int(largest["traced"] * MEMORY_GROWTH))
            if current >= threshold:
                snapshot()

    from showcase.cli import main as showcase_main

    tracemalloc.start()
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        status = showcase_main(["build", "--config", config_file, "--site-dir", site_dir])
    finally:
        stop.set()
        sampler.join()
    peak = tracemalloc.get_traced_memory()[1]
    if not largest["top"]:  # a build too small to reach the first snapshot
        snapshot()
    tracemalloc.stop()
    largest["peak"] = peak
    largest["rss_kib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    Path(output).write_text(json.dumps(largest), encoding="utf-8")
    return status


def _short_path(filename: str) -> str:
    """A source file as the profile names it: from the package or library folder on."""
    parts = Path(filename).parts
    for anchor in ("showcase", "site-packages"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[index + (anchor == "site-packages") :])
    return Path(filename).name


def render_memory_profile(measured: dict[str, Any], *, records: int, run: Run) -> str:
    """The memory profile part of the section (:data:`MEMORY_TITLE`)."""
    lines = [
        MEMORY_TITLE,
        "",
        f"`showcase build` of {records:,} records under `tracemalloc` (`--memory-profile "
        f"{records}`), {run.seconds:.1f} s (load {run.load}), peak RSS of the main process "
        f"{measured['rss_kib'] / 1024:.0f} MB. tracemalloc follows the main process's Python "
        "allocations (forked workers are not traced; C libraries' own memory is not seen): "
        f"peak {measured['peak'] / 1024**2:.0f} MB traced. The top {MEMORY_TOP} allocation "
        f"sites of the snapshot nearest that peak ({measured['traced'] / 1024**2:.0f} MB "
        f"traced; a snapshot is taken at every {MEMORY_GROWTH - 1:.0%} of growth):",
        "",
        "| # | allocated at | MB | blocks |",
        "| ---: | --- | ---: | ---: |",
    ]
    for rank, (size, count, where) in enumerate(measured["top"], start=1):
        lines.append(f"| {rank} | `{where}` | {size / 1024**2:.1f} | {count:,} |")
    return "\n".join(lines) + "\n"


def _existing_part(path: Path, title: str, until: str | None = None) -> str | None:
    """The part of this section headed ``title`` as the file has it (up to the heading
    ``until``, or the section's end), kept when that part is not measured again."""
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    span = section_span(text, SECTION_TITLE)
    if span is None:
        return None
    body = text[span[0] : span[1]]
    found = re.search(rf"^{re.escape(title)}[ \t]*$", body, re.MULTILINE)
    if found is None:
        return None
    end = (
        re.search(rf"^{re.escape(until)}[ \t]*$", body[found.end() :], re.MULTILINE)
        if until
        else None
    )
    part = body[found.start() : found.end() + end.start() if end else len(body)]
    return part.rstrip("\n") + "\n"


@dataclass(frozen=True)
class StageTime:
    """A stage, where it sits in the tree and what it took."""

    stage: Stage
    depth: int  # 0 for a part of the command, 1 for a part of those, …
    seconds: float
    calls: int | None  # None for the rest of a stage
    peak_rss_kib: int | None  # the peak RSS when the stage ended; not for the rest of one


def stage_times(measured: dict[str, list[Any]], *, wall: float) -> list[StageTime]:
    """The stages that ran, as a tree in the order of :data:`STAGES`, with the rests."""
    parent_of: dict[str, str | None] = {
        key: max(sorted(entry[3]), key=entry[3].get) or None for key, entry in measured.items()
    }
    for stage in STAGES:
        if stage.target is None and (stage.parent is None or stage.parent in measured):
            parent_of[stage.key] = stage.parent
    children: dict[str | None, list[str]] = {}
    for stage in STAGES:
        if stage.key in parent_of:
            children.setdefault(parent_of[stage.key], []).append(stage.key)

    def rest(key: str) -> float:
        parent = STAGES_BY_KEY[key].parent
        if parent is None:  # the start-up: the command's time less the build's
            return wall - measured["build"][0]
        return measured[parent][0] - sum(
            measured[child][0] for child in children[parent] if child in measured
        )

    rows: list[StageTime] = []

    def visit(key: str, depth: int) -> None:
        if key in measured:
            seconds, calls, rss, _ = measured[key]
            rows.append(StageTime(STAGES_BY_KEY[key], depth, seconds, int(calls), int(rss)))
        else:
            rows.append(StageTime(STAGES_BY_KEY[key], depth, rest(key), None, None))
        for child in children.get(key, []):
            visit(child, depth + 1)

    for key in children.get(None, []):
        visit(key, 0)
    return rows


def _memory_growth(stages: Sequence[StageTime], *, wall_peak_kib: int) -> str:
    """Which stages raised the peak RSS most: the steps between the peaks at their ends."""
    # The peak only grows, so ordering by it puts the stages in the order they ended.
    ended = sorted(
        (item for item in stages if item.peak_rss_kib and item.depth == 1),
        key=lambda item: item.peak_rss_kib or 0,
    )
    steps: list[tuple[int, str]] = []
    previous = 0
    for item in ended:
        assert item.peak_rss_kib is not None
        if previous:
            steps.append((item.peak_rss_kib - previous, item.stage.label))
        previous = item.peak_rss_kib
    largest = sorted(steps, key=lambda step: -step[0])[:3]
    grown = "; ".join(f"{label}: +{kib / 1024:.0f} MB" for kib, label in largest)
    return (
        f"Peak RSS of the whole command: {wall_peak_kib / 1024:.0f} MB. The stages that "
        f"raised it most (from the peak when the stage before them ended): {grown}."
    )


def search_index_bytes(site: Path) -> int:
    """Bytes of the search index: Material's file and the site engine's shards beside it."""
    return sum(path.stat().st_size for path in (site / "search").rglob("*") if path.is_file())


def search_index_text(site: Path) -> str:
    """The index's documents as Material's JSON holds them: from the engine's document
    shards (search/showcase/d*.js) when the site has them, else Material's own file."""
    shards = sorted((site / "search/showcase").glob("d*.js"))
    if not shards:
        return (site / "search/search_index.json").read_text(encoding="utf-8")
    docs = []
    for shard in shards:
        text = shard.read_text(encoding="utf-8")
        for location, title, kind, fields in json.loads(
            text[text.index(",") + 1 : text.rindex(")")]
        ):
            docs.append({"location": location, "title": title, "kind": kind, "fields": fields})
    return json.dumps({"docs": docs}, ensure_ascii=False)


@dataclass(frozen=True)
class IndexComposition:
    """What the search index is made of, in bytes."""

    total: int
    separators: int  # the zero-width spaces between jieba's words
    by_page: dict[str, tuple[int, int]]  # kind of page -> (entries, bytes)


def index_composition(index_text: str) -> IndexComposition:
    """Bytes of the index by kind of page, and how many go to word separators."""
    index = json.loads(index_text)
    by_page: dict[str, tuple[int, int]] = {}
    for entry in index["docs"]:
        kind = _page_kind(entry["location"])
        size = len(json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode())
        entries, total = by_page.get(kind, (0, 0))
        by_page[kind] = (entries + 1, total + size)
    return IndexComposition(
        total=len(index_text.encode()),
        separators=index_text.count("\u200b") * len("\u200b".encode()),
        by_page=dict(sorted(by_page.items(), key=lambda item: -item[1][1])),
    )


_KIND_FOLDERS = frozenset(
    {"studios", "awards", "projects", "people", "organizations", "figures", "sources"}
)


def _page_kind(location: str) -> str:
    parts = [part for part in location.split("#", 1)[0].split("/") if part]
    if not parts or parts[0] not in _KIND_FOLDERS:
        return "other pages (home, totals, downloads)"
    if len(parts) == 2 and not parts[1].startswith("page-"):
        return "record pages"
    return "listing and facet pages"


def render_profile(
    stages: Sequence[StageTime],
    *,
    wall: float,
    records: int,
    record_count: int,
    pages: int,
    index: IndexComposition,
    wall_peak_kib: int,
) -> str:
    """The "### Profile" part of the section: where the time goes, and what to do."""
    lines = [
        PROFILE_TITLE,
        "",
        f"One `showcase build` of {records:,} records ({record_count:,} with the source, "
        f"{pages:,} pages), {wall:.1f} s wall clock, with the functions below wrapped to add "
        "up their wall time (a clock reading per call, not a profiler: cProfile makes this "
        "build about three times slower, and pure-Python code such as jieba and html.parser "
        "more than the rest). Each row includes the rows indented under it (›).",
        "",
        "| where | s | share | calls | peak RSS MB at its end |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for item in stages:
        calls = f"{item.calls:,}" if item.calls is not None else "—"
        rss = f"{item.peak_rss_kib / 1024:.0f}" if item.peak_rss_kib and item.depth <= 1 else "—"
        label = "›" * item.depth + (" " if item.depth else "") + item.stage.label
        lines.append(
            f"| {label} | {item.seconds:.1f} | {item.seconds / wall:.0%} | {calls} | {rss} |"
        )
    seconds = dict.fromkeys(STAGES_BY_KEY, 0.0) | {item.stage.key: item.seconds for item in stages}
    ranked = sorted(SUGGESTIONS, key=lambda suggestion: -sum(seconds[key] for key in suggestion[0]))
    lines += ["", "What to do, by the time each would remove (at most its rows' time):", ""]
    worth_doing = [
        (removed, text)
        for keys, text in ranked
        if (removed := sum(seconds[key] for key in keys)) / wall >= MIN_SHARE
    ]
    for number, (removed, text) in enumerate(worth_doing, start=1):
        lines.append(f"{number}. ({removed:.1f} s, {removed / wall:.0%}) {text.format(**seconds)}")
    lines += ["", _memory_growth(stages, wall_peak_kib=wall_peak_kib)]
    lines += [
        "",
        f"The search index of this build is {index.total:,} bytes. The zero-width spaces "
        f"Material writes between jieba's words are {index.separators:,} of them "
        f"({index.separators / index.total:.0%}). By kind of page:",
        "",
        "| pages | entries | bytes | share |",
        "| --- | ---: | ---: | ---: |",
    ]
    for kind, (entries, size) in index.by_page.items():
        lines.append(f"| {kind} | {entries:,} | {size:,} | {size / index.total:.0%} |")
    lines += [
        "",
        "For a full call profile, keep the trees (`--keep DIR`) and run, in "
        "`DIR/records-N/ours`: `PYTHONPATH=DIR/code/plugins python -m cProfile -o "
        "build.pstats -m showcase.cli build --site-dir site-profiled` (with "
        "`SOURCE_DATE_EPOCH` set).",
    ]
    return "\n".join(lines) + "\n"


# --- the section ------------------------------------------------------------------------


def _summary_line(result: Result) -> str:
    line = (
        f"{result.records} records, {result.pages} pages: validate "
        f"{result.validate.seconds:.2f} s, build {result.build.seconds:.1f} s "
        f"(peak RSS {result.build.peak_rss_mib:.0f} MB)"
    )
    if result.archive is not None:
        line += f", archive {result.archive.seconds:.1f} s"
    if result.plain is not None:
        line += f", plain Material {result.plain.build.seconds:.1f} s"
    if result.search is not None:
        line += f", first search result {max(result.search.first_results):.2f} s"
    return line


def render_section(
    results: Sequence[Result],
    started: datetime.datetime,
    command: str,
    seed: int,
    *,
    fingerprint: str,
    archive_max_records: int | None,
    profile: str | None,
    memory: str | None = None,
    limits: dict[str, int | None] | None = None,
) -> str:
    """The Markdown of this benchmark's section, from its heading to a final newline.

    ``limits`` are the sizes above which a part was not run (:func:`_limits`); its cells
    then say "not run" rather than "—".
    """
    limits = limits or {}

    def missing(result: Result, part: str) -> str:
        return "not run" if not _at_most(result.records, limits.get(part)) else "—"

    lines = [
        SECTION_TITLE,
        "",
        f"Written by `bench/build_benchmark.py` on {started:%Y-%m-%d %H:%M} UTC.",
        "",
        f"- Machine: {machine_description()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}; {_library_versions()}",
        f"- Code: a copy of `plugins/`, `overrides/`, `content/` and `mkdocs.yml` taken at "
        f"the start of the run, fingerprint `{fingerprint}` (SHA-256 of its files); every "
        "command runs that copy",
        f"- Data: `bench/generate.py` (seed {seed}); N counts the six kinds of record, "
        "“records” adds the one source",
        "- Ours: `showcase build` with the repository's mkdocs.yml (theme, `overrides/`, "
        "plugins `search` with `lang: zh`, `showcase/records`, `showcase/links`, "
        "`showcase/search`, nav) and a home page with `{{showcase count …}}` and "
        "`{{showcase list …}}` markers; record and facet pages are out of the nav",
        "- Plain Material: `mkdocs build --strict`, no overrides, only the search plugin "
        "with `lang: zh` (so jieba runs); one hand-written Markdown page per page of ours "
        "(our page turned back into Markdown: headings, facts as list items, paragraphs, "
        "links), all out of the nav with `not_in_nav` but the same ten nav entries",
        "- Time: wall clock of each command in a fresh interpreter (start-up included); "
        "peak RSS of that process (`os.wait4`); MB = MiB",
        "- Search: our site served on 127.0.0.1, Debian's Chromium headless, a fresh browser "
        "context per page load; a person's exact name typed into the search box as soon as "
        "the home page has loaded. *First search result*: seconds from the load event to "
        "the first result on screen, which must be that person's page (the page answers "
        "while Material's worker builds its index); *full search index*: to the worker's "
        "own answer, again with that person first. The worst of the loads is shown",
        "",
        "Reproduce from the repository root:",
        "",
        "```sh",
        command,
        "```",
        "",
        "| N | records | our pages | validate s | our build s | our peak RSS MB "
        "| plain Material build s | ratio | site MB | our index MB | Material's index MB "
        "| index ratio | archive MB | first search result s | full search index s |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: | ---: | ---: |",
    ]
    for result in results:
        plain = result.plain
        cells = [
            f"{result.records:,}",
            f"{result.record_count:,}",
            f"{result.pages:,}",
            f"{result.validate.seconds:.2f}",
            f"{result.build.seconds:.1f}",
            f"{result.build.peak_rss_mib:.0f}",
            f"{plain.build.seconds:.1f}" if plain else missing(result, "plain"),
            f"{result.time_ratio:.2f}" if result.time_ratio is not None else "—",
            _megabytes(result.site_bytes),
            _megabytes(result.index_bytes),
            _megabytes(plain.index_bytes) if plain else "—",
            f"{result.index_ratio:.2f}" if result.index_ratio is not None else "—",
            _megabytes(result.archive_bytes) if result.archive_bytes is not None else "—",
            f"{max(result.search.first_results):.2f}"
            if result.search
            else missing(result, "search"),
            f"{max(result.search.full_index):.2f}" if result.search else missing(result, "search"),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines += _notes(results, archive_max_records, limits)
    lines += ["", "Targets (issue 6):", "", "| target | measured | met |", "| --- | --- | --- |"]
    lines += [f"| {target} | {measured} | {met} |" for target, measured, met in targets(results)]
    lines += ["", *scale_rows(results, limits)]
    lines += ["", "Targets (issue 17):", "", "| target | measured | met |", "| --- | --- | --- |"]
    lines += [
        f"| {target} | {measured} | {met} |" for target, measured, met in scale_targets(results)
    ]
    text = "\n".join(lines) + "\n"
    if memory:
        text += "\n" + memory
    if profile:
        text += "\n" + profile
    return text


def _notes(
    results: Sequence[Result],
    archive_max_records: int | None,
    limits: dict[str, int | None] | None = None,
) -> list[str]:
    limits = limits or {}
    notes = []
    archived = [r for r in results if r.archive is not None]
    if archived:
        notes.append(
            "- `showcase archive` (a second, offline build plus the zip) took "
            + ", ".join(
                f"{r.archive.seconds:.1f} s at {r.records:,}" for r in archived if r.archive
            )
            + "."
        )
    skipped = [f"{r.records:,}" for r in results if r.archive is None]
    if skipped:
        notes.append(
            f"- No archive at {', '.join(skipped)} records (`--archive-max-records "
            f"{archive_max_records}`): it is a second full build, and the run had to stay short."
        )
    for result in results:
        if result.search is not None:
            times = ", ".join(f"{t:.2f}" for t in result.search.first_results)
            notes.append(
                f"- First search results at {result.records:,} (“{result.search.query}”): "
                f"{times} s after the page load."
            )
    plain_limit = limits.get("plain")
    not_run = [f"{r.records:,}" for r in results if not _at_most(r.records, plain_limit)]
    if not_run:
        notes.append(
            f"- Plain Material not run at {', '.join(not_run)} records (`--plain-max-records "
            f"{plain_limit}`): a page per record at that size takes MkDocs far longer than the "
            "run may last on this machine (its time grows faster than the pages)."
        )
    if any(r.plain is None and _at_most(r.records, plain_limit) for r in results):
        notes.append("- Plain Material not built (`--skip-plain`).")
    search_limit = limits.get("search")
    unsearched = [f"{r.records:,}" for r in results if not _at_most(r.records, search_limit)]
    if unsearched:
        notes.append(
            f"- First search result not timed at {', '.join(unsearched)} records "
            f"(`--search-max-records {search_limit}`); `bench/search_benchmark.py` times it."
        )
    for result in results:
        if result.plain is not None:
            plain = result.plain
            notes.append(
                f"- Plain Material at {result.records:,}: {plain.pages:,} pages, peak RSS "
                f"{plain.build.peak_rss_mib:.0f} MB, "
                f"{plain.build.seconds / plain.pages * 1000:.1f} ms a page; ours "
                f"{result.build.seconds / result.pages * 1000:.1f} ms a page."
            )
    return notes


def targets(results: Sequence[Result]) -> list[tuple[str, str, str]]:
    """(target, what was measured, met) for each target of the issue."""
    by_records = {result.records: result for result in results}
    at_target = by_records.get(TARGET_RECORDS)
    doubled = by_records.get(2 * TARGET_RECORDS)
    index_ratios = [r.index_ratio for r in results if r.index_ratio is not None]
    searched = at_target.search if at_target else None
    # (target, the measured value or None, how it is shown, the limit, whether it is "<")
    checks: list[tuple[str, float | None, str, float, bool]] = [
        (
            f"{TARGET_RECORDS:,}-record build ≤ {TARGET_BUILD_SECONDS:g} s",
            at_target.build.seconds if at_target else None,
            "{:.1f} s",
            TARGET_BUILD_SECONDS,
            False,
        ),
        (
            f"{TARGET_RECORDS:,}-record build ≤ {TARGET_PLAIN_RATIO:g} × plain Material",
            at_target.time_ratio if at_target else None,
            "{:.2f} ×",
            TARGET_PLAIN_RATIO,
            False,
        ),
        (
            f"peak RSS of the build ≤ {TARGET_RSS_MIB // 1024} GB (largest N measured)",
            max((r.build.peak_rss_mib for r in results), default=None),
            "{:.0f} MB",
            TARGET_RSS_MIB,
            False,
        ),
        (
            f"{2 * TARGET_RECORDS:,} records ≤ {TARGET_DOUBLING:g} × the time of "
            f"{TARGET_RECORDS:,}",
            doubled.build.seconds / at_target.build.seconds if at_target and doubled else None,
            "{:.2f} ×",
            TARGET_DOUBLING,
            False,
        ),
        (
            f"validate on {TARGET_RECORDS:,} records < {TARGET_VALIDATE_SECONDS:g} s",
            at_target.validate.seconds if at_target else None,
            "{:.2f} s",
            TARGET_VALIDATE_SECONDS,
            True,
        ),
        (
            f"search index ≤ {TARGET_INDEX_RATIO:.0%} of Material's default for the same "
            "pages (largest ratio measured)",
            max(index_ratios, default=None),
            "{:.0%}",
            TARGET_INDEX_RATIO,
            False,
        ),
        (
            f"first search result in headless Chromium, {TARGET_RECORDS:,} records, within "
            f"{TARGET_SEARCH_SECONDS:g} s of the page load (worst load)",
            max(searched.first_results) if searched else None,
            "{:.2f} s",
            TARGET_SEARCH_SECONDS,
            False,
        ),
    ]
    rows = []
    for target, measured, shown, limit, strictly_below in checks:
        if measured is None:
            rows.append((target, "not measured", "—"))
            continue
        met = measured < limit if strictly_below else measured <= limit
        rows.append((target, shown.format(measured), "yes" if met else "**no**"))
    return rows


def scale_rows(results: Sequence[Result], limits: dict[str, int | None] | None = None) -> list[str]:
    """The issue 17 table: memory, workers, the plain page-per-record baseline, the preview.

    Every run's own figures, with the machine's 1-minute load average before → after it.
    """
    lines = [
        "At scale (issue 17). *Plain, a page per record*: plain Material (no overrides, the "
        "search plugin with `lang: zh`) with one Markdown page per record holding its fields "
        "as a table, out of the nav: the site a user would write instead. *Preview*: "
        "`showcase serve`, from saving a one-record edit (a person's name) until that "
        "person's page on disk shows it. *--workers N*: the default build is the one of "
        "as many workers as the machine has processors, and is not run twice. Load: "
        "1-minute load average before → after.",
        "",
        "| N | validate s | validate RSS MB | build s (load) | build RSS MB "
        "| --workers 1 s | --workers 2 s | site MB | site files | plain, a page per record s "
        "| ratio | first preview s | one-record preview s (load) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: |",
    ]
    for result in results:
        workers = result.workers
        preview = result.preview
        cells = [
            f"{result.records:,}",
            f"{result.validate.seconds:.2f} ({result.validate.load})",
            f"{result.validate.peak_rss_mib:.0f}",
            f"{result.build.seconds:.1f} ({result.build.load})",
            f"{result.build.peak_rss_mib:.0f}",
            *(
                f"{workers[count].seconds:.1f} ({workers[count].load})"
                if workers is not None
                else "not available"
                for count in WORKER_COUNTS
            ),
            _megabytes(result.site_bytes),
            f"{result.site_files:,}",
            (
                f"{result.per_record.build.seconds:.1f} ({result.per_record.build.load})"
                if result.per_record
                else "not run"
                if not _at_most(result.records, (limits or {}).get("plain"))
                else "—"
            ),
            f"{result.per_record_ratio:.2f}" if result.per_record_ratio is not None else "—",
            f"{preview.ready_seconds:.1f}" if preview else "not available",
            (
                f"{preview.edit_seconds:.2f} ({preview.load_before:.1f}→{preview.load_after:.1f})"
                if preview
                else "not available"
            ),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def scale_targets(results: Sequence[Result]) -> list[tuple[str, str, str]]:
    """(target, what was measured, met) for each target of issue 17."""
    by_records = {result.records: result for result in results}
    at_target = by_records.get(TARGET_RECORDS)
    large = by_records.get(TARGET_LARGE_RECORDS)
    # (target, the measured value or None, how it is shown, the limit)
    checks: list[tuple[str, float | None, str, float]] = [
        (
            f"{TARGET_RECORDS:,} records ≤ {TARGET_PER_RECORD_RATIO:g} × plain Material with "
            "a page per record",
            at_target.per_record_ratio if at_target else None,
            "{:.2f} ×",
            TARGET_PER_RECORD_RATIO,
        ),
        (
            f"{TARGET_LARGE_RECORDS:,} records, `showcase build` ≤ "
            f"{TARGET_LARGE_BUILD_SECONDS:g} s",
            large.build.seconds if large else None,
            "{:.1f} s",
            TARGET_LARGE_BUILD_SECONDS,
        ),
        (
            f"{TARGET_LARGE_RECORDS:,} records, peak RSS of the build ≤ 1 GB",
            large.build.peak_rss_mib if large else None,
            "{:.0f} MB",
            TARGET_LARGE_RSS_MIB,
        ),
        (
            f"{TARGET_LARGE_RECORDS:,} records, site on disk ≤ 1 GB",
            large.site_bytes / 1024**2 if large else None,
            "{:.0f} MB",
            TARGET_LARGE_SITE_BYTES / 1024**2,
        ),
        (
            f"{TARGET_LARGE_RECORDS:,} records, `showcase validate` ≤ "
            f"{TARGET_LARGE_VALIDATE_SECONDS:g} s",
            large.validate.seconds if large else None,
            "{:.1f} s",
            TARGET_LARGE_VALIDATE_SECONDS,
        ),
        (
            f"{TARGET_LARGE_RECORDS:,} records, `showcase validate` peak RSS ≤ "
            f"{TARGET_LARGE_VALIDATE_RSS_MIB} MB",
            large.validate.peak_rss_mib if large else None,
            "{:.0f} MB",
            TARGET_LARGE_VALIDATE_RSS_MIB,
        ),
        *(
            (
                f"one record changed, preview at {records:,} ≤ {limit:g} s",
                preview.edit_seconds
                if (preview := by_records[records].preview if records in by_records else None)
                else None,
                "{:.2f} s",
                limit,
            )
            for records, limit in TARGET_PREVIEW_SECONDS.items()
        ),
    ]
    rows = []
    for target, measured, shown, limit in checks:
        if measured is None:
            rows.append((target, "not measured", "—"))
            continue
        rows.append((target, shown.format(measured), "yes" if measured <= limit else "**no**"))
    return rows


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}"


def _library_versions() -> str:
    names = ("mkdocs", "mkdocs-material", "jieba", "Markdown", "Jinja2")
    return ", ".join(f"{name} {importlib.metadata.version(name)}" for name in names)


def _reproduce_command(arguments: argparse.Namespace) -> str:
    parts = ["python bench/build_benchmark.py", "--records", *map(str, arguments.records)]
    if arguments.skip_plain:
        parts.append("--skip-plain")
    if arguments.plain_max_records is not None:
        parts += ["--plain-max-records", str(arguments.plain_max_records)]
    if arguments.search_max_records is not None:
        parts += ["--search-max-records", str(arguments.search_max_records)]
    if arguments.archive_max_records is not None:
        parts += ["--archive-max-records", str(arguments.archive_max_records)]
    if arguments.search_loads != SEARCH_LOADS:
        parts += ["--search-loads", str(arguments.search_loads)]
    if arguments.profile is not None:
        parts += ["--profile", str(arguments.profile)]
    if arguments.memory_profile is not None:
        parts += ["--memory-profile", str(arguments.memory_profile)]
    if arguments.seed != DEFAULT_SEED:
        parts += ["--seed", str(arguments.seed)]
    return " ".join(parts)


if __name__ == "__main__":
    raise SystemExit(main())
