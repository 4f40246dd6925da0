"""The search benchmark: index size, bytes and time to the first answer, query quality.

``python bench/search_benchmark.py --records 1000 10000 100000`` generates a data tree of
each size (generate.py), builds it with ``showcase build`` (the repository's mkdocs.yml, as
build_benchmark.py does) and measures:

- the search index: every file under the site's :data:`INDEX_FOLDERS`, raw and gzipped
  (level 9), all together and the largest one;
- page loads in Debian's headless Chromium, each in a fresh browser context (nothing
  cached): the home page opened, a person's exact name put into Material's search box by
  the page itself at its load event (search_timing.TYPE_AT_LOAD), and the seconds from
  that load event to the first result list on screen and to the first *full* answer
  (search_quality.is_full_answer: the engine's answer with its index); the engine's
  User Timing marks (``showcase-search:manifest``, ``query``, ``terms``, ``ranked``,
  ``documents``, ``answer``) say where the time went; with the CPU as it is and
  throttled 4× (Chrome DevTools Protocol ``Emulation.setCPUThrottlingRate``); over http
  from 127.0.0.1 (Python's http.server: no compression, so bytes are the files' own) and
  from file:// (``showcase archive``'s zip, unzipped);
- the bytes transferred before the first full answer: every response (headers and body,
  as Playwright's ``Request.sizes()`` reads them from the DevTools protocol) that finished
  before that answer was rendered; over http only;
- the query-quality suite (search_quality.py) on queries derived from the generated data,
  and, once per run, the hand-written suite on the repository's own site.

The load average is read before and after each build and each set of page loads: the
machine is shared, and a busy one slows everything. Every run's figures are written, not
the best. Results are kept per code version in ``bench/search_results.json`` (a run
replaces the rows of its own code and sizes and keeps the others, so that an engine can be
measured beside the one before it) and the "## Search" section of BENCHMARKS.md is
rewritten from that file. ``--code DIR`` measures another checkout's code (its
``plugins/``, ``overrides/``, ``content/``, ``mkdocs.yml`` and ``data/``).
"""

from __future__ import annotations

import argparse
import copy
import datetime
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# Run as a script, this folder is on sys.path.
from playwright.sync_api import Request

from build_benchmark import (
    ARCHIVE_NAME,
    CODE_PARTS,
    Run,
    child_environment,
    code_fingerprint,
    run_command,
    work_folder,
    write_our_tree,
)
from generate import DEFAULT_SEED
from search_quality import (
    FULL_STATES,
    TIANJIN_QUERIES,
    Outcome,
    Query,
    chromium,
    failures,
    generated_queries,
    is_full_answer,
    load_queries,
    relative_path,
    run_suite,
    score_table,
    scores,
    serve,
)
from search_timing import type_at_load
from validate_benchmark import REPO_ROOT, machine_description, update_section

SECTION_TITLE = "## Search"
RESULTS = REPO_ROOT / "bench/search_results.json"
DEFAULT_RECORDS = (1_000, 10_000)
# Folders of a built site that hold its search index (today search/search_index.json, and
# search_index.js in the offline archive). An engine that puts it elsewhere: add the folder.
INDEX_FOLDERS = ("search",)
THROTTLES = (1, 4)
LOADS = 2
TARGET_SECONDS = 1.0
TARGET_BYTES = 1_000_000
LOAD_TIMEOUT_MS = 900_000
# A kept size's search documents (search_documents.py), beside its tree.
DOCUMENTS = "search-documents.pickle"
SEARCH_DOCUMENTS = Path(__file__).resolve().parent / "search_documents.py"

# Each render of the result list from the page's start: when (ms from navigation start),
# the first result, and <html data-showcase-search> at that moment.
RECORD_RENDERS = """
window.__renders = []
document.addEventListener("DOMContentLoaded", () => {
  const list = document.querySelector(".md-search-result")
  if (list) new MutationObserver(() => {
    const first = document.querySelector(".md-search-result__item > a")
    if (first) window.__renders.push({
      time: performance.now(),
      href: first.href,
      state: document.documentElement.dataset.showcaseSearch ?? null,
    })
  }).observe(list, { childList: true, subtree: true })
})
"""
FULL_RENDER = """(fullStates) => window.__renders.some(
  render => render.state === null || fullStates.includes(render.state))"""


@dataclass
class IndexSize:
    """The search index of a site: its files, all together and the largest one."""

    files: int
    raw: int
    gzipped: int
    largest: str
    largest_raw: int
    largest_gzipped: int
    # Per folder ("search/", "search/showcase/"): [files, raw bytes, gzipped bytes]. An
    # engine may leave Material's own index beside its own: this tells them apart.
    folders: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Load:
    """One page load with a query typed: seconds from the clock's start, bytes before."""

    source: str  # "http" or "file"
    throttle: int
    first_result: float
    full_answer: float
    bytes_before: int | None
    expected_first: bool
    load_before: float
    load_after: float
    # Where the clock starts: "load", the page's load event, the query typed by the page
    # then (search_timing.TYPE_AT_LOAD); "navigation", navigation start, the query typed
    # by Playwright after the load (runs before 2026-12-01, kept as they were measured).
    clock: str = "navigation"
    load_event: float | None = None  # seconds from navigation start to the load event
    # The engine's User Timing marks (showcase-search.js), seconds from the load event.
    marks: dict[str, float] = field(default_factory=dict)
    # The responses before the full answer by kind (resource_kind): [responses, bytes].
    bytes_by_kind: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Quality:
    """The scores of one query set: per class, [queries, top-1, top-5]."""

    name: str
    scores: dict[str, list[int]]
    misses: list[str] = field(default_factory=list)


@dataclass
class SizeResult:
    """Everything measured at one size of generated data."""

    records: int
    pages: int
    build_seconds: float
    build_load: list[float]
    index: IndexSize
    offline_index: IndexSize | None
    query: str
    loads: list[Load]
    quality: Quality | None
    # The site of an earlier run (--reuse), its search index built again: build_seconds are
    # the index's.
    reindexed: bool = False


@dataclass
class CodeRun:
    """One run of this script on one version of the code."""

    label: str
    fingerprint: str
    date: str
    machine: str
    chromium: str
    command: str
    sizes: list[SizeResult]
    tianjin: Quality | None


def main(argv: Sequence[str] | None = None) -> int:
    """Measure each size, update search_results.json and the section of BENCHMARKS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, nargs="*", default=list(DEFAULT_RECORDS),
                        help="sizes to generate; none: only the Tianjin suite")  # fmt: skip
    parser.add_argument("--loads", type=int, default=LOADS, help="page loads per setting")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the data")
    parser.add_argument("--code", type=Path, default=REPO_ROOT, help="the checkout to measure")
    parser.add_argument("--label", help="what to call that code (default: its git commit)")
    parser.add_argument("--archive-max-records", type=int, default=None,
                        help="measure file:// only up to this size (the archive is a second build)")  # fmt: skip
    parser.add_argument("--skip-tianjin", action="store_true",
                        help="leave out the hand-written suite on the repository's own site")  # fmt: skip
    parser.add_argument("--work", type=Path, help="keep the trees and sites in this folder")
    parser.add_argument("--reuse", action="store_true",
                        help="with --work: measure the sites an earlier run kept there, their "
                        "search index built again with the code measured (no site build)")  # fmt: skip
    parser.add_argument("--results", type=Path, default=RESULTS)
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md")
    arguments = parser.parse_args(argv)
    if arguments.reuse and arguments.work is None:
        parser.error("--reuse needs --work")
    code_root = arguments.code.resolve()
    label = arguments.label or code_label(code_root)
    started = datetime.datetime.now(datetime.UTC)

    with work_folder(arguments.work, "showcase-search-bench-") as work:
        code = snapshot(code_root, work / "code")
        run = CodeRun(
            label=label,
            fingerprint=code_fingerprint(code),
            date=f"{started:%Y-%m-%d %H:%M} UTC",
            machine=machine_description(),
            chromium=chromium_version(),
            command=reproduce_command(arguments),
            sizes=[],
            tianjin=None,
        )
        earlier = load_runs(arguments.results)
        if not arguments.skip_tianjin:
            run.tianjin = tianjin_quality(code, work / "tianjin")
            print(f"{label}: the Tianjin suite", *score_lines(run.tianjin), sep="\n", flush=True)
            save(earlier, run, arguments.results, arguments.output)
        for records in arguments.records:
            with_archive = (
                arguments.archive_max_records is None or records <= arguments.archive_max_records
            )
            result = measure(
                work / f"records-{records}", records, arguments.seed, code=code,
                loads=arguments.loads, with_archive=with_archive, keep=arguments.work is not None,
                reuse=arguments.reuse,
            )  # fmt: skip
            run.sizes.append(result)
            print(summary(label, result), flush=True)
            # After each size: a long run stopped later keeps what it measured.
            save(earlier, run, arguments.results, arguments.output)
    return 0


def save(earlier: Sequence[CodeRun], run: CodeRun, results: Path, output: Path) -> None:
    """Write the earlier runs with this one to search_results.json and BENCHMARKS.md."""
    runs = merge(earlier, copy.deepcopy(run))
    results.write_text(
        json.dumps([asdict(r) for r in runs], ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    update_section(output, render_section(runs), SECTION_TITLE)


# --- the code measured --------------------------------------------------------------------


def snapshot(root: Path, target: Path) -> Path:
    """Copy what a build runs, and the real data, from ``root``; every command runs the copy."""
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.rmtree(target, ignore_errors=True)  # a kept work folder of an earlier run
    for part in (*CODE_PARTS, "data"):
        source = root / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=ignore)
        elif source.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / part)
    # The form editor's bundle, where npm ci installed it: linked, not copied (tens of MB).
    if (root / "cms").is_dir():
        (target / "cms").symlink_to((root / "cms").resolve(), target_is_directory=True)
    return target


def code_label(root: Path) -> str:
    """``branch@commit``, with ``+changes`` when the code differs from that commit."""

    def git(*arguments: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *arguments], capture_output=True, text=True, check=False
        ).stdout.strip()

    label = (
        f"{git('rev-parse', '--abbrev-ref', 'HEAD') or '?'}@{git('rev-parse', '--short', 'HEAD')}"
    )
    changed = git("status", "--porcelain", "--", *CODE_PARTS)
    return label + ("+changes" if changed else "")


def chromium_version() -> str:
    """The browser's product and version, e.g. ``Chromium 131.0.6778.85``."""
    with chromium() as browser:
        return f"Chromium {browser.version}"


# --- one size --------------------------------------------------------------------------


def measure(
    folder: Path,
    records: int,
    seed: int,
    *,
    code: Path,
    loads: int,
    with_archive: bool,
    keep: bool = False,
    reuse: bool = False,
) -> SizeResult:
    """Generate, build and measure one size; the archive too when asked.

    ``keep``: the builds keep their search documents beside the site (search_documents.py);
    ``reuse``: a site so kept is not built again, only its search index.
    """
    ours = folder / "ours"
    site = ours / "site"
    env = child_environment(folder, code)
    reused = reuse and (folder / DOCUMENTS).is_file() and (site / "index.html").is_file()
    if not reused:
        shutil.rmtree(folder, ignore_errors=True)  # a kept work folder of an earlier run
        write_our_tree(ours, records, seed, code)
    before = os.getloadavg()[0]
    build_arguments = ["build", "--config", str(ours / "mkdocs.yml"), "--site-dir", str(site)]
    build = _build(
        folder / DOCUMENTS, site, build_arguments, env, keep=keep, reused=reused, cwd=ours
    )
    build_load = [before, os.getloadavg()[0]]
    queries = generated_queries(ours)
    query = timing_query(queries)
    measured = [
        time_load(site, query, source="http", throttle=throttle)
        for throttle in THROTTLES
        for _ in range(loads)
    ]
    quality = quality_of("generated", run_suite(site, queries))
    offline_index = None
    if with_archive:
        offline = offline_site(ours, folder / "offline", env, keep=keep, reuse=reuse)
        offline_index = index_size(offline)
        measured += [
            time_load(offline, query, source="file", throttle=throttle)
            for throttle in THROTTLES
            for _ in range(loads)
        ]
    return SizeResult(
        records=records,
        pages=sum(1 for path in site.rglob("index.html")),
        build_seconds=build.seconds,
        build_load=build_load,
        reindexed=reused,
        index=index_size(site),
        offline_index=offline_index,
        query=query.text,
        loads=measured,
        quality=quality,
    )


def timing_query(queries: Sequence[Query]) -> Query:
    """The query the page loads type: a person's exact name that only one page bears."""
    for query in queries:
        if query.kind == "exact" and len(query.expected) == 1:
            (path,) = query.expected
            if path.startswith("people/"):
                return query
    raise SystemExit("no person's name among the generated queries")


def offline_site(
    ours: Path, folder: Path, env: dict[str, str], *, keep: bool = False, reuse: bool = False
) -> Path:
    """Build the offline archive of the tree, unzip it, and return the folder of index.html.

    With ``reuse``, an archive unzipped by an earlier run with ``keep`` gets only its search
    index built again."""
    dist = folder / "dist"
    unzipped = folder / "unzipped"
    documents = folder / DOCUMENTS
    homes = sorted(unzipped.glob("*/index.html"))
    reused = reuse and documents.is_file() and len(homes) == 1
    if not reused:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        archive_arguments = ["archive", "--config", str(ours / "mkdocs.yml"), "--output",
                             str(dist), "--name", ARCHIVE_NAME]  # fmt: skip
        _build(documents, None, archive_arguments, env, keep=keep, reused=False, cwd=ours)
        (zip_file,) = dist.glob("*.zip")
        with zipfile.ZipFile(zip_file) as archive:
            archive.extractall(unzipped)
        homes = sorted(unzipped.glob("*/index.html"))
    (home,) = homes
    if reused:
        _build(documents, home.parent, [], env, keep=keep, reused=True, cwd=ours)
    return home.parent


def _build(
    documents: Path,
    site: Path | None,
    showcase_arguments: Sequence[str],
    env: dict[str, str],
    *,
    keep: bool,
    reused: bool,
    cwd: Path,
) -> Run:
    """Run ``showcase`` (keeping its search documents), or build the index of a kept site."""
    if reused:
        assert site is not None
        command = [sys.executable, str(SEARCH_DOCUMENTS), "reindex", str(documents), str(site)]
        what = "the search index built again"
    elif keep:
        command = [sys.executable, str(SEARCH_DOCUMENTS), "keep", str(documents), "--",
                   *showcase_arguments]  # fmt: skip
        what = f"showcase {showcase_arguments[0]}"
    else:
        command = [sys.executable, "-m", "showcase.cli", *showcase_arguments]
        what = f"showcase {showcase_arguments[0]}"
    run, _ = run_command(command, cwd=cwd, env=env, what=what)
    return run


def index_size(site: Path) -> IndexSize:
    """The files under the site's :data:`INDEX_FOLDERS`, raw and gzipped."""
    sizes = []
    for folder in INDEX_FOLDERS:
        for path in sorted((site / folder).rglob("*")):
            if path.is_file():
                data = path.read_bytes()
                name = path.relative_to(site).as_posix()
                sizes.append((len(data), len(gzip.compress(data, 9, mtime=0)), name))
    if not sizes:
        raise SystemExit(f"no search index under {', '.join(INDEX_FOLDERS)} in {site}")
    largest = max(sizes)
    folders: dict[str, list[int]] = {}
    for raw, packed, name in sizes:
        counts = folders.setdefault(name.rsplit("/", 1)[0] + "/", [0, 0, 0])
        counts[0] += 1
        counts[1] += raw
        counts[2] += packed
    return IndexSize(
        files=len(sizes),
        raw=sum(raw for raw, _, _ in sizes),
        gzipped=sum(packed for _, packed, _ in sizes),
        largest=largest[2],
        largest_raw=largest[0],
        largest_gzipped=largest[1],
        folders=folders,
    )


def time_load(site: Path, query: Query, *, source: str, throttle: int) -> Load:
    """Open the home page in a fresh context, the query typed at its load event; time it."""
    before = os.getloadavg()[0]
    with chromium() as browser, _site_url(site, source) as base:
        context = browser.new_context(locale="zh-CN", service_workers="block")
        finished: list[Request] = []

        def on_finished(request: Request) -> None:
            finished.append(request)

        context.on("requestfinished", on_finished)
        page = context.new_page()
        page.set_default_timeout(LOAD_TIMEOUT_MS)
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.add_init_script(RECORD_RENDERS)
        page.add_init_script(type_at_load(query.text))
        page.goto(base + ("index.html" if source == "file" else ""), wait_until="load")
        page.wait_for_function(FULL_RENDER, arg=FULL_STATES)
        timeline: dict[str, Any] = page.evaluate(TIMELINE)
        renders: list[dict[str, Any]] = timeline["renders"]
        loaded: float = timeline["loaded"]
        full = next(render for render in renders if is_full_answer(render["state"]))
        bytes_before = None
        by_kind: dict[str, list[int]] = {}
        if source == "http":
            bytes_before = 0
            for request in finished:
                timing = request.timing
                if timing["startTime"] + timing["responseEnd"] <= timeline["origin"] + full["time"]:
                    sizes = request.sizes()
                    size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                    bytes_before += size
                    counts = by_kind.setdefault(resource_kind(request.url), [0, 0])
                    counts[0] += 1
                    counts[1] += size
        context.close()
    return Load(
        source=source,
        throttle=throttle,
        first_result=(renders[0]["time"] - loaded) / 1000,
        full_answer=(full["time"] - loaded) / 1000,
        bytes_before=bytes_before,
        expected_first=relative_path(full["href"], base) in query.expected,
        load_before=before,
        load_after=os.getloadavg()[0],
        clock="load",
        load_event=loaded / 1000,
        marks={name: round((time - loaded) / 1000, 3) for name, time in timeline["marks"]},
        bytes_by_kind=dict(sorted(by_kind.items())),
    )


def resource_kind(url: str) -> str:
    """What a response was: "page" (HTML, styles, scripts, fonts), or which file of the index."""
    path = urlsplit(url).path
    if "/search/" not in path:
        return "page"
    name = path.rsplit("/", 1)[-1]
    if re.fullmatch(r"t\d+\..*", name):
        return "term shards"
    if re.fullmatch(r"d\d+\..*", name):
        return "document shards"
    return name.split(".")[0]


# The page's clock: its load event, its renders and the engine's marks (first of each name).
TIMELINE = """() => {
  const marks = new Map()
  for (const mark of performance.getEntriesByType("mark"))
    if (mark.name.startsWith("showcase-search:") && !marks.has(mark.name))
      marks.set(mark.name.slice("showcase-search:".length), mark.startTime)
  return {
    origin: performance.timeOrigin,
    loaded: performance.getEntriesByType("navigation")[0].loadEventStart,
    renders: window.__renders,
    marks: [...marks],
  }
}"""


@contextmanager
def _site_url(site: Path, source: str) -> Iterator[str]:
    if source == "file":
        yield site.resolve().as_uri() + "/"
    else:
        with serve(site) as url:
            yield url


def tianjin_quality(code: Path, folder: Path) -> Quality:
    """Build the repository's own site from the copy of the code and run the Tianjin suite."""
    site = folder / "site"
    shutil.rmtree(folder, ignore_errors=True)
    env = child_environment(folder, code)
    run_command(
        [sys.executable, "-m", "showcase.cli", "build", "--config", str(code / "mkdocs.yml"),
         "--site-dir", str(site)],
        cwd=code, env=env, what="showcase build of the repository's site",
    )  # fmt: skip
    return quality_of("Tianjin (hand-written)", run_suite(site, load_queries(TIANJIN_QUERIES)))


def quality_of(name: str, outcomes: Sequence[Outcome]) -> Quality:
    """The scores of a suite's outcomes, with a few misses per class to read."""
    return Quality(
        name=name,
        scores={row.kind: [row.asked, row.top1, row.top5] for row in scores(outcomes)},
        misses=failures(outcomes),
    )


# --- results kept between runs ----------------------------------------------------------


def load_runs(path: Path) -> list[CodeRun]:
    """The runs in search_results.json, oldest first; none if there is no file."""
    if not path.exists():
        return []
    runs = []
    for entry in json.loads(path.read_text(encoding="utf-8")):
        sizes = []
        for size in entry["sizes"]:
            size["index"] = IndexSize(**size["index"])
            if size["offline_index"] is not None:
                size["offline_index"] = IndexSize(**size["offline_index"])
            size["loads"] = [Load(**load) for load in size["loads"]]
            if size["quality"] is not None:
                size["quality"] = Quality(**size["quality"])
            sizes.append(SizeResult(**size))
        entry["sizes"] = sizes
        if entry["tianjin"] is not None:
            entry["tianjin"] = Quality(**entry["tianjin"])
        runs.append(CodeRun(**entry))
    return runs


def merge(runs: Sequence[CodeRun], new: CodeRun) -> list[CodeRun]:
    """The runs with ``new`` added: it replaces the sizes (and the Tianjin suite) it measured
    of earlier runs of the same code; a run left with nothing is dropped."""
    kept = []
    measured = {size.records for size in new.sizes}
    for run in runs:
        if run.label == new.label:
            run.sizes = [size for size in run.sizes if size.records not in measured]
            if new.tianjin is not None:
                run.tianjin = None
            if not run.sizes and run.tianjin is None:
                continue
        kept.append(run)
    return [*kept, new]


# --- the section --------------------------------------------------------------------------


def score_lines(quality: Quality) -> list[str]:
    """A quality's scores as a Markdown table."""
    from search_quality import Score

    rows = [Score(kind, *counts) for kind, counts in quality.scores.items()]
    return score_table(rows)


def summary(label: str, result: SizeResult) -> str:
    """One line per size for the terminal."""
    http = [load.full_answer for load in result.loads if load.source == "http"]
    return (
        f"{label}: {result.records:,} records, index {result.index.raw:,} bytes "
        f"({result.index.gzipped:,} gzipped), full answers over http {http} s"
    )


def _seconds(value: float) -> str:
    return f"{value:.2f}"


def _marks(marks: dict[str, float]) -> str:
    """The engine's marks in the order they came, in ms from the load event."""
    if not marks:
        return "—"
    return ", ".join(
        f"{name} {seconds * 1000:.0f}"
        for name, seconds in sorted(marks.items(), key=lambda item: item[1])
    )


def render_section(runs: Sequence[CodeRun]) -> str:
    """The Markdown of the "## Search" section from every kept run."""
    lines = [
        SECTION_TITLE,
        "",
        "Written by `bench/search_benchmark.py` (results kept in `bench/search_results.json`, "
        "one entry per version of the code measured). Every run's figures are shown, "
        "not the best.",
        "",
        "- Data: `bench/generate.py` (seed 2013), N records of the six kinds plus one "
        "source; the site built with the repository's mkdocs.yml, as in “Full build at scale”",
        "- Page loads: Debian's Chromium, headless, a fresh browser context per load (no "
        "cache); the home page, and a person's exact name put into Material's search box. "
        "Clock **load** (runs from 2026-12-01 on): the page types the query itself at its load "
        "event (focus, value, keyup) and the seconds run from that event "
        "(`loadEventStart`); Playwright's own typing took 3 to 4 s after the load with the CPU "
        "×4 on a busy machine, the harness's time, not the site's. Clock **navigation** "
        "(earlier runs): Playwright typed once the page had loaded, seconds from navigation "
        "start. *First result*: to the first result list on screen; *full answer*: to the "
        "first list that is the engine's answer with its index (`<html data-showcase-search>`)"
        "; *load event*: navigation start to the load event; *where the time went*: the "
        "engine's marks in ms after the load event (setup: Material's bundle asks its worker "
        "to start; query: the query reaches the engine; terms: its term shards are in; "
        "ranked: the pages ranked by their postings; "
        "documents: the documents of the best results are in; answer: handed to Material)",
        "- CPU ×4: `Emulation.setCPUThrottlingRate` (Chrome DevTools Protocol) on the page",
        "- http: Python's `http.server` on 127.0.0.1, **no compression** (so the bytes are "
        "the files' own plus headers); file: the `showcase archive` zip, unzipped, opened "
        "from the disk",
        "- Bytes before the full answer: headers and bodies of every response that finished "
        "before it (Playwright's `Request.sizes()`, read from the DevTools protocol), with "
        "how many of them and their bytes by kind (page: HTML, styles, scripts, fonts; then "
        "the index's files); http only",
        "- *index only* (`--reuse`): the site of an earlier run with `--work`, only its "
        "search index built again from the documents that build kept "
        "(`bench/search_documents.py`) with the code measured, and its search script "
        "replaced: the seconds are the index's",
        "- Index: every file under the site's `search/` folder, raw and gzipped (level 9)",
        "- Load: the machine's 1-minute load average before → after each build or page load "
        "(2 cores, shared with other work: a busy machine slows every figure)",
        f"- Issue 16's targets at 100,000 records: the full answer within {TARGET_SECONDS:g} s "
        f"of the load with the CPU ×4, at most {TARGET_BYTES / 1e6:g} MB before it",
        "",
    ]
    for run in runs:
        lines += [
            f"### {run.label}",
            "",
            f"Measured on {run.date}; code fingerprint `{run.fingerprint}`; "
            f"{run.machine}; {run.chromium}.",
            "",
            "```sh",
            run.command,
            "```",
            "",
        ]
        if run.sizes:
            lines += _size_tables(run.sizes)
        for quality in [run.tianjin] + [size.quality for size in run.sizes]:
            if quality is None:
                continue
            title = quality.name
            size = next((s for s in run.sizes if s.quality is quality), None)
            if size is not None:
                title = f"generated, {size.records:,} records"
            lines += [f"Query quality, {title}:", "", *score_lines(quality), ""]
            if quality.misses:
                lines += ["Some misses (first results):", ""]
                lines += [f"- {miss}" for miss in quality.misses]
                lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _size_tables(sizes: Sequence[SizeResult]) -> list[str]:
    lines = [
        "| N | pages | build s (load) | index files | index bytes | gzipped | largest file "
        "| its bytes | gzipped | offline index bytes |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for size in sizes:
        index, offline = size.index, size.offline_index
        built = f"{size.build_seconds:.1f}"
        if size.reindexed:
            built = f"index only: {built}"
        lines.append(
            f"| {size.records:,} | {size.pages:,} | {built} "
            f"({size.build_load[0]:.1f} → {size.build_load[1]:.1f}) | {index.files} "
            f"| {index.raw:,} | {index.gzipped:,} | `{index.largest}` | {index.largest_raw:,} "
            f"| {index.largest_gzipped:,} | {f'{offline.raw:,}' if offline else '—'} |"
        )
    for size in sizes:
        if len(size.index.folders) > 1:
            parts = ", ".join(
                f"`{folder}` {files} files, {raw:,} bytes ({packed:,} gzipped)"
                for folder, (files, raw, packed) in sorted(size.index.folders.items())
            )
            lines += ["", f"Index at {size.records:,} by folder: {parts}."]
    lines += [
        "",
        "| N | query | from | CPU | clock | load event s | first result s | full answer s "
        "| bytes before full answer | expected page first | where the time went (ms) | load |",
        "| ---: | --- | --- | ---: | --- | ---: | ---: | ---: | ---: | --- | --- | ---: |",
    ]
    for size in sizes:
        for load in size.loads:
            transferred = f"{load.bytes_before:,}" if load.bytes_before is not None else "—"
            if load.bytes_by_kind:
                transferred += (
                    " ("
                    + "; ".join(
                        f"{kind} {count}: {size:,}"
                        for kind, (count, size) in load.bytes_by_kind.items()
                    )
                    + ")"
                )
            lines.append(
                f"| {size.records:,} | {size.query} | {load.source} | ×{load.throttle} "
                f"| {load.clock} | {_seconds(load.load_event) if load.load_event else '—'} "
                f"| {_seconds(load.first_result)} | {_seconds(load.full_answer)} "
                f"| {transferred} | {'yes' if load.expected_first else 'no'} "
                f"| {_marks(load.marks)} | {load.load_before:.1f} → {load.load_after:.1f} |"
            )
    lines.append("")
    return lines


def reproduce_command(arguments: argparse.Namespace) -> str:
    """The command line that repeats this run, from the repository root."""
    parts = ["python bench/search_benchmark.py", "--records", *map(str, arguments.records)]
    if arguments.loads != LOADS:
        parts += ["--loads", str(arguments.loads)]
    if arguments.archive_max_records is not None:
        parts += ["--archive-max-records", str(arguments.archive_max_records)]
    if arguments.skip_tianjin:
        parts.append("--skip-tianjin")
    if arguments.work is not None:
        parts += ["--work", "DIR"]
    if arguments.reuse:
        parts.append("--reuse")

    if arguments.code.resolve() != REPO_ROOT:
        parts += ["--code", "CHECKOUT"]
    return " ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
