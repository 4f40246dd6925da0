"""Time ``showcase validate`` on generated data and record the numbers in BENCHMARKS.md.

``python bench/validate_benchmark.py --records 1000 10000 --repeat 3`` generates a data
tree of each size (see generate.py) in a temporary folder, in each layout asked for (list
files, one per kind; or record folders, ``data/<kind>/<id>.yaml``, the same records cut
into a file each), runs the real console command on it ``--repeat`` times in a fresh
interpreter each time — start-up and imports included, as an editor or CI sees it — and
rewrites the "## showcase validate" section of BENCHMARKS.md with the machine, the command
and a table of the results. Other sections of that file belong to other benchmarks and
are kept as they are.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# Run as a script, this folder is on sys.path; generate.py stays a plain script too.
from generate import DEFAULT_SEED, SPLIT, generate, split_records

REPO_ROOT = Path(__file__).resolve().parent.parent
SECTION_TITLE = "## showcase validate"
FILE_HEADER = (
    "# Benchmarks\n\n"
    "Measured numbers for this repository's tools. Each section is written by the script it\n"
    "names; re-run the script to update it rather than editing the numbers by hand.\n"
)
# The target the validator is held to: editors run it before every commit, CI on every push.
TARGET_RECORDS = 10_000
TARGET_SECONDS = 3.0
TARGET_CORES = 2
# Issue 17: a national roll.
LARGE_RECORDS = 100_000
LARGE_SECONDS = 8.0
LARGE_RSS_MIB = 600
LAYOUTS = ("lists", "folders")


@dataclass(frozen=True)
class Result:
    """The measurements of one data size."""

    records: int
    files: int
    data_bytes: int
    times: tuple[float, ...]
    peak_rss_kib: int
    layout: str = "lists"
    # CPU seconds (user + system) of each run, the workers' included: what the machine's
    # load cannot inflate the way it does the wall clock.
    cpu_times: tuple[float, ...] = ()
    # The 1-minute load average before → after each run, in the order of ``times``.
    loads: tuple[str, ...] = ()
    # LiveValidation (showcase serve): seconds to re-check after one record's file changed.
    one_file_seconds: float | None = None
    memory_top: tuple[str, ...] = ()  # tracemalloc's largest allocation sites, if asked

    @property
    def best(self) -> float:
        """The fastest run: the least disturbed by anything else on the machine."""
        return min(self.times)

    @property
    def median(self) -> float:
        """The typical run."""
        return statistics.median(self.times)

    @property
    def median_cpu(self) -> float | None:
        """The typical run's CPU seconds, if measured."""
        return statistics.median(self.cpu_times) if self.cpu_times else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and write the section; the return value is the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--records", type=int, nargs="+", default=[TARGET_RECORDS], metavar="N",
        help=f"total records per data tree, one tree per N (default {TARGET_RECORDS})",
    )  # fmt: skip
    parser.add_argument(
        "--layouts", nargs="+", choices=LAYOUTS, default=list(LAYOUTS),
        help="list files (one per kind), record folders (a file per record), or both (default)",
    )  # fmt: skip
    parser.add_argument("--repeat", type=int, default=3, help="runs per data size (default 3)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="seed of the data")
    parser.add_argument(
        "--output", type=Path, default=REPO_ROOT / "BENCHMARKS.md",
        help="the file whose section is rewritten (default: the repository's BENCHMARKS.md)",
    )  # fmt: skip
    parser.add_argument(
        "--memory-top", type=int, default=0, metavar="K",
        help="also list tracemalloc's K largest allocation sites at the largest N",
    )  # fmt: skip
    parser.add_argument(
        "--trees", type=Path, metavar="DIR",
        help="reuse the tree DIR/<N>/data when there is one (generate.py's output for N and "
        "the same seed, which is the same bytes) instead of generating it again",
    )  # fmt: skip
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)  # (what, root): in-process
    arguments = parser.parse_args(argv)
    if arguments.child:
        return _child(*arguments.child)
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")

    started = datetime.datetime.now(datetime.UTC)
    results: list[Result] = []
    largest = max(arguments.records)
    for records in arguments.records:
        # One tree per size, generated once: the list files first, then cut into folders.
        layouts = [layout for layout in LAYOUTS if layout in arguments.layouts]
        with tempfile.TemporaryDirectory(prefix="showcase-bench-") as folder:
            root = Path(folder)
            kept = arguments.trees / str(records) / "data" if arguments.trees else None
            if kept is not None and kept.is_dir():
                shutil.copytree(kept, root / "data")
                counts = {"sources": 1, **split_records(records)}
            else:
                counts = generate(root, records, arguments.seed)
            for layout in layouts:
                # The memory of the first layout measured (list files, when measured).
                top = arguments.memory_top if records == largest and layout == layouts[0] else 0
                result = measure_tree(root, counts, records, arguments.repeat, top, layout=layout)
                print(
                    f"{records} records, {layout}: best {result.best:.2f} s, median "
                    f"{result.median:.2f} s, CPU {result.median_cpu or 0:.2f} s, "
                    f"peak RSS {result.peak_rss_kib / 1024:.0f} MB",
                    flush=True,
                )
                results.append(result)
                # After every row: a run cut short still leaves the rows it measured.
                _write(results, started, arguments)
    print(f"wrote the “{SECTION_TITLE[3:]}” section of {arguments.output}")
    return 0


def _write(
    results: list[Result], started: datetime.datetime, arguments: argparse.Namespace
) -> None:
    command = _reproduce_command(
        arguments.records, arguments.repeat, arguments.seed, arguments.memory_top, arguments.layouts
    )
    section = render_section(results, started, command, arguments.seed)
    update_section(arguments.output, section + _written_by_hand(arguments.output))


def _written_by_hand(path: Path) -> str:
    """The "### " parts of the section in ``path`` (notes on one round of work, written by
    hand beside the generated table), kept when the table is written again; or ""."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    span = section_span(text, SECTION_TITLE)
    if span is None:
        return ""
    found = re.compile(r"^### ", re.MULTILINE).search(text, *span)
    return "\n" + text[found.start() : span[1]].rstrip("\n") + "\n" if found else ""


def measure(
    records: int, repeat: int, seed: int, memory_top: int = 0, *, layout: str = "lists"
) -> Result:
    """Generate a tree of ``records`` records and time ``showcase validate`` on it."""
    with tempfile.TemporaryDirectory(prefix="showcase-bench-") as folder:
        root = Path(folder)
        counts = generate(root, records, seed)
        return measure_tree(root, counts, records, repeat, memory_top, layout=layout)


def measure_tree(
    root: Path,
    counts: dict[str, int],
    records: int,
    repeat: int,
    memory_top: int = 0,
    *,
    layout: str = "lists",
) -> Result:
    """Time ``showcase validate`` on a generated tree; "folders" first cuts its list files."""
    if layout == "folders" and any((root / "data").glob("*.yaml")):
        into_record_folders(root / "data")
    data_files = sorted((root / "data").rglob("*.yaml"))
    times: list[float] = []
    cpu_times: list[float] = []
    loads: list[str] = []
    peak = 0
    for _ in range(repeat):
        before = os.getloadavg()[0]
        seconds, cpu, rss_kib = _run_validate(root, expected_records=sum(counts.values()))
        loads.append(f"{before:.1f}→{os.getloadavg()[0]:.1f}")
        times.append(seconds)
        cpu_times.append(cpu)
        peak = max(peak, rss_kib)
    one_file = float(_run_child(f"one-file-{layout}", root))
    top = _run_child(f"memory-top-{memory_top}", root).splitlines() if memory_top else []
    return Result(
        records=records,
        files=len(data_files),
        data_bytes=sum(path.stat().st_size for path in data_files),
        times=tuple(times),
        peak_rss_kib=peak,
        layout=layout,
        cpu_times=tuple(cpu_times),
        loads=tuple(loads),
        one_file_seconds=one_file,
        memory_top=tuple(top),
    )


def into_record_folders(data: Path) -> int:
    """Cut each generated list file into record files, ``data/<kind>/<id>.yaml``; how many.

    The generated files are plain: each record starts at a line "- id: …" and its other
    lines are indented by two spaces, so a record file is its block without them.
    """
    written = 0
    for path in sorted(data.glob("*.yaml")):
        _header, *blocks = path.read_text(encoding="utf-8").split("\n- id:")
        folder = data / path.stem
        folder.mkdir()
        for block in blocks:
            text = ("id:" + block).replace("\n  ", "\n").rstrip("\n") + "\n"
            record_id = text.split("\n", 1)[0].removeprefix("id:").strip()
            (folder / f"{record_id}.yaml").write_text(text, encoding="utf-8")
            written += 1
        path.unlink()
    return written


def _run_child(what: str, root: Path) -> str:
    """Run ``_child`` in a fresh interpreter and return what it printed."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", what, str(root)]
    env = child_python_environment(REPO_ROOT / "plugins")
    returncode, _seconds, _rss, text = run_timed(command, env=env)
    if returncode != 0:
        raise SystemExit(f"{what} failed:\n{text[-4000:]}")
    return text.strip()


def _child(what: str, folder: str) -> int:
    """In a child process: time a one-file change, or list where the memory goes."""
    from showcase.records.incremental import LiveValidation
    from showcase.records.validation import validate

    root = Path(folder)
    if what.startswith("one-file-"):
        live = LiveValidation([root / "data"], root)
        live.update()
        if what == "one-file-folders":
            people = sorted((root / "data" / "people").glob("*.yaml"))[0]
            pattern = r"^name: (.+)$"
        else:
            people = root / "data" / "people.yaml"
            pattern = r"^  name: (.+)$"
        text = people.read_text(encoding="utf-8")
        found = re.search(pattern, text, re.MULTILINE)
        if found is None:
            raise SystemExit("no name to change in people.yaml")
        people.write_text(text[: found.end(1)] + "改" + text[found.end(1) :], encoding="utf-8")
        start = time.perf_counter()
        live.update([people])
        seconds = time.perf_counter() - start
        people.write_text(text, encoding="utf-8")
        print(f"{seconds:.3f}")
        return 0
    import tracemalloc

    top = int(what.removeprefix("memory-top-"))
    tracemalloc.start()
    # In one process: tracemalloc sees only its own, and the workers' parse would be missed.
    result = validate([root / "data"], root, workers=1)
    _current, peak = tracemalloc.get_traced_memory()
    # Taken while the result is alive: what validation holds at its end, near its peak.
    statistics = tracemalloc.take_snapshot().statistics("lineno")
    del result
    print(f"traced peak {peak / 2**20:.0f} MB; held at the end, by the line that made it:")
    for statistic in statistics[:top]:
        frame = statistic.traceback[0]
        name = Path(frame.filename)
        shown = "/".join(name.parts[-3:]) if "site-packages" not in name.parts else name.name
        print(
            f"{statistic.size / 2**20:.1f} MB, {statistic.count:,} blocks: {shown}:{frame.lineno}"
        )
    return 0


def run_timed(
    command: Sequence[str], *, env: dict[str, str], cwd: Path | None = None
) -> tuple[int, float, int, str]:
    """Run a command in a fresh process: exit status, wall seconds, peak RSS (KiB), output."""
    returncode, seconds, _cpu, rss_kib, text = run_measured(command, env=env, cwd=cwd)
    return returncode, seconds, rss_kib, text


def run_measured(
    command: Sequence[str], *, env: dict[str, str], cwd: Path | None = None
) -> tuple[int, float, float, int, str]:
    """Run a command in a fresh process: exit status, wall seconds, CPU seconds (user and
    system, its waited-for children's included), peak RSS (KiB), output.

    The peak RSS is that of the largest single process of the command (Linux reports the
    largest of the process and its children), not their sum.
    """
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(command), stdout=output, stderr=subprocess.STDOUT, env=env, cwd=cwd
        )
        # wait4 gives this child's own peak RSS. getrusage(RUSAGE_CHILDREN) would give the
        # largest of all children so far, so a small tree measured after a big one would
        # report the big one's memory. ru_maxrss is in KiB on Linux.
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    cpu = usage.ru_utime + usage.ru_stime
    return os.waitstatus_to_exitcode(status), seconds, cpu, usage.ru_maxrss, text


def section_span(text: str, title: str) -> tuple[int, int] | None:
    """Where the section with heading ``title`` starts and ends in text, if it is there."""
    found = re.search(rf"^{re.escape(title)}[ \t]*$", text, re.MULTILINE)
    if found is None:
        return None
    following = re.compile(r"^## ", re.MULTILINE).search(text, found.end())
    return found.start(), following.start() if following else len(text)


def child_python_environment(plugins: Path) -> dict[str, str]:
    """The environment of a measured command: ``plugins`` first on the path, no CI noise."""
    env = dict(os.environ)
    # The package lives in plugins/; an editable install finds it anyway, a bare venv does not.
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(plugins), env.get("PYTHONPATH")) if part
    )
    env.pop("GITHUB_ACTIONS", None)  # no annotation lines: output must not change the timing
    return env


def _run_validate(root: Path, expected_records: int) -> tuple[float, float, int]:
    """One run of the console command: (wall seconds, CPU seconds, peak RSS in KiB)."""
    command = [sys.executable, "-m", "showcase.cli", "validate", str(root / "data")]
    command += ["--root", str(root)]
    env = child_python_environment(REPO_ROOT / "plugins")
    returncode, seconds, cpu, rss_kib, text = run_measured(command, env=env)
    if returncode != 0:
        raise SystemExit(
            f"showcase validate exited with {returncode} on generated data; "
            f"the benchmark only times clean data.\n{text[-4000:]}"
        )
    if f"{expected_records} 条记录" not in text:
        raise SystemExit(f"showcase validate did not load all {expected_records} records:\n{text}")
    return seconds, cpu, rss_kib


def render_section(
    results: Sequence[Result], started: datetime.datetime, command: str, seed: int
) -> str:
    """The Markdown of this benchmark's section, from its heading to a final newline."""
    lines = [
        SECTION_TITLE,
        "",
        f"Written by `bench/validate_benchmark.py` on {started:%Y-%m-%d %H:%M} UTC.",
        "",
        f"- Machine: {machine_description()}",
        f"- Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}; {_library_versions()}",
        f"- Data: `bench/generate.py` (seed {seed}), records split "
        + ", ".join(f"{kind} {share} %" for kind, share in SPLIT.items())
        + ", plus one source; *lists*: one file per kind; *folders*: the same records, a file "
        "each (`data/<kind>/<id>.yaml`)",
        "- Time: wall clock of the whole command in a fresh interpreter (start-up included), "
        "and its CPU time (user + system, its worker processes included), which the load of "
        "the machine inflates less than the wall clock; peak RSS of the largest single "
        "process (the command or one of its workers, which share its start-up pages), not "
        "their sum",
        f"- Target: under {TARGET_SECONDS:g} s for {TARGET_RECORDS:,} records on a "
        f"{TARGET_CORES}-core machine, judged on the median",
        "",
        "Reproduce from the repository root:",
        "",
        "```sh",
        command,
        "```",
        "",
        "| records | layout | files | data bytes | every run s (load before→after) | best s "
        "| median s | CPU s (median) | peak RSS MB | one file changed s | target | met |",
        "| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    for result in results:
        rss = result.peak_rss_kib / 1024
        if result.records == TARGET_RECORDS:
            target = f"< {TARGET_SECONDS:g} s"
            met = "yes" if result.median < TARGET_SECONDS else "**no**"
        elif result.records == LARGE_RECORDS:
            target = f"≤ {LARGE_SECONDS:g} s, ≤ {LARGE_RSS_MIB} MB"
            time_met = result.median <= LARGE_SECONDS
            met = (
                f"{'yes' if time_met else '**no**'}, {'yes' if rss <= LARGE_RSS_MIB else '**no**'}"
            )
        else:
            target, met = "—", "—"
        runs = ", ".join(
            f"{seconds:.2f} ({load})"
            for seconds, load in zip(
                result.times, result.loads or ("",) * len(result.times), strict=True
            )
        )
        one_file = f"{result.one_file_seconds:.2f}" if result.one_file_seconds is not None else "—"
        cpu = f"{result.median_cpu:.2f}" if result.median_cpu is not None else "—"
        lines.append(
            f"| {result.records:,} | {result.layout} | {result.files:,} | {result.data_bytes:,} "
            f"| {runs} | {result.best:.2f} | {result.median:.2f} | {cpu} | {rss:.0f} "
            f"| {one_file} | {target} | {met} |"
        )
    lines += [
        "",
        "*One file changed*: `LiveValidation.update` (what `showcase serve` runs) after one "
        "person's name changed in `people.yaml`, the whole tree loaded before; it reads that "
        "one file again and re-runs the checks across files. With one file per kind that file "
        "holds a quarter of the records; in record folders (`data/people/<id>.yaml`) it "
        "holds one.",
    ]
    for result in results:
        if result.memory_top:
            heading, *sites = result.memory_top
            lines += [
                "",
                f"Where the memory goes at {result.records:,} records, {result.layout} "
                "(tracemalloc, validating in one process, after the checks, with the result "
                f"still held): {heading}",
                "",
            ]
            lines += [f"- {line}" for line in sites]
    return "\n".join(lines) + "\n"


def update_section(path: Path, section: str, title: str = SECTION_TITLE) -> None:
    """Put ``section`` in place of the section headed ``title`` in ``path``, keeping the rest.

    A section runs from its "## " heading to the next "## " heading or the end of the file.
    The file is created with a short header if it does not exist.
    """
    text = path.read_text(encoding="utf-8") if path.exists() else FILE_HEADER
    span = section_span(text, title)
    if span is None:
        new_text = text.rstrip("\n") + "\n\n" + section
    else:
        start, end = span
        rest = text[end:]
        new_text = text[:start] + section + ("\n" + rest if rest else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(new_text, encoding="utf-8", newline="\n")


def machine_description() -> str:
    """CPU model, cores and memory, read from /proc where there is one."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"^MemTotal:\s+(\d+) kB", meminfo.read_text(encoding="utf-8"), re.M)
        if found:
            memory = f", {int(found.group(1)) / 1024 / 1024:.1f} GiB memory"
    return f"{model}, {cores} cores available{memory}"


def _library_versions() -> str:
    """The versions that decide the speed: pydantic-core validates, LibYAML parses."""
    import yaml  # only here: the speed of the child depends on it, not this script

    names = ("pydantic", "pydantic-core", "PyYAML")
    versions = [f"{name} {importlib.metadata.version(name)}" for name in names]
    libyaml = "with" if getattr(yaml, "__with_libyaml__", False) else "without"
    return ", ".join(versions) + f" ({libyaml} LibYAML)"


def _reproduce_command(
    records: Sequence[int],
    repeat: int,
    seed: int,
    memory_top: int = 0,
    layouts: Sequence[str] = LAYOUTS,
) -> str:
    parts = ["python bench/validate_benchmark.py", "--records", *map(str, records)]
    if tuple(layouts) != LAYOUTS:
        parts += ["--layouts", *layouts]
    parts += ["--repeat", str(repeat)]
    if memory_top:
        parts += ["--memory-top", str(memory_top)]
    if seed != DEFAULT_SEED:
        parts += ["--seed", str(seed)]
    return " ".join(parts)


if __name__ == "__main__":
    raise SystemExit(main())
