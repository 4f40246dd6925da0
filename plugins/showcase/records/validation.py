"""The whole check of a data tree: files, fields, cross-references, privacy (pages too), links."""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from showcase.records.checks import CheckMemo, check_catalog
from showcase.records.diagnostics import Category, Diagnostic
from showcase.records.loader import (
    LoadResult,
    PackedPart,
    add_part,
    find_data_files,
    layout_problems,
    load_file,
    pack_part,
)
from showcase.records.privacy import check_pages, check_privacy
from showcase.records.symlinks import LinkProblem, links_leaving
from showcase.records.yamlsource import LoadedYaml

# Below this many bytes of data, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 2 * 2**20
# Files are handed to the workers in batches of about this many bytes (a big list file
# alone): a batch costs one round trip, and record folders hold many small files.
BATCH_BYTES = 256 * 2**10


def validate(
    paths: Sequence[Path],
    root: Path,
    *,
    workers: int | None = None,
    also: Callable[[LoadResult], None] | None = None,
) -> LoadResult:
    """Load every data file under ``paths`` and run every check.

    ``root`` is the repository: file names in messages are relative to it, and photo and
    full-text paths are resolved from it. The catalog holds only the records that passed
    their own checks; ``diagnostics`` holds every problem, sorted by place. The files are
    read by ``workers`` processes (by default one per processor) when there is enough data
    to pay for them; the result is the same as with one.

    ``also`` is one more check of the loaded files that only reports problems in them (the
    site's addresses): run after the checks across files, or, on much data, in a forked
    process at the same time, its problems then added after theirs: the same result.
    """
    workers = workers if workers is not None else _available_workers()
    links, data_files = data_files_to_read(paths, root)
    with collector_paused():
        result = load_checked_files(data_files, root, workers=workers)
        if also is None:
            check_across_files(result, paths, links, root)
        elif (
            workers < 2
            or len(result.written_records) < APART_MIN_RECORDS
            or _other_threads_running()
        ):
            check_across_files(result, paths, links, root)
            also(result)
        else:
            with _checked_beside(also, result):
                check_across_files(result, paths, links, root)
    return result


# From this many records on, validate's further check runs in a process of its own beside
# the checks across files (at 100,000 records each takes a second or two, alone on a core
# once the files are read); below, forking costs more than it saves.
APART_MIN_RECORDS = 20_000


@contextlib.contextmanager
def _checked_beside(check: Callable[[LoadResult], None], result: LoadResult) -> Iterator[None]:
    """``check`` of ``result`` run in a forked process while the body runs in this one;
    the problems it found are added to the files after those the body added."""
    global _beside
    _beside = (check, result)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(1) as pool:
            _beside = None  # the forked process has its copy
            found = pool.apply_async(_check_here)
            yield
            added = found.get()
    finally:
        _beside = None
    for index, diagnostics, warnings in added:
        result.files[index].diagnostics.extend(diagnostics)
        result.files[index].warnings.extend(warnings)


# The check and the result of the current _checked_beside, inherited by its forked process.
_beside: tuple[Callable[[LoadResult], None], LoadResult] | None = None


def _check_here() -> list[tuple[int, list[Diagnostic], list[Diagnostic]]]:
    """In the forked process: run the check; what it added to each file's problems."""
    assert _beside is not None
    check, result = _beside
    before = [(len(file.diagnostics), len(file.warnings)) for file in result.files]
    check(result)
    return [
        (index, file.diagnostics[errors:], file.warnings[warnings:])
        for index, (file, (errors, warnings)) in enumerate(zip(result.files, before, strict=True))
        if len(file.diagnostics) > errors or len(file.warnings) > warnings
    ]


def load_checked_files(
    data_files: Sequence[Path],
    root: Path,
    *,
    workers: int | None = None,
) -> LoadResult:
    """Every file loaded and checked on its own, in file order, as one :class:`LoadResult`.

    Reading a file depends on nothing but the file, so with ``workers`` > 1 (by default
    one per processor) and at least PARALLEL_MIN_BYTES of data, forked processes read batches
    of files and hand back plain results (values, records, problems; no parse tree), which
    are put together here in file order: the same result as reading them one by one.
    """
    workers = workers if workers is not None else _available_workers()
    batches = _batches(data_files)
    # Forking a process that runs other threads (the live preview's server) is not safe.
    if (
        workers < 2
        or len(batches) < 2
        or sum(size for _, size in batches) < PARALLEL_MIN_BYTES
        or _other_threads_running()
    ):
        result = LoadResult()
        shared: dict[str, str] = {}  # short values, one object each (see load_file)
        for path in data_files:
            check_file_alone(load_file(path, result, root, shared))
        return result
    global _root
    _root = root
    # Biggest batches first, so that no worker is left with a big file at the end.
    order = sorted(range(len(batches)), key=lambda index: -batches[index][1])
    parts: list[list[PackedPart] | None] = [None] * len(batches)
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(batches))) as pool:
            loaded = pool.imap(_load_batch, [batches[index][0] for index in order])
            for index, batch_parts in zip(order, loaded, strict=True):
                parts[index] = batch_parts
    finally:
        _root = None
    result = LoadResult()
    for done in parts:
        assert done is not None
        for part in done:
            add_part(result, part)
    return result


# The repository of the current load_checked_files call, inherited by its forked workers.
_root: Path | None = None


def _load_batch(paths: list[Path]) -> list[PackedPart]:
    """In a worker: each file of ``paths`` loaded and checked on its own, packed."""
    assert _root is not None
    packed = []
    # Short values, one object each across the batch: a record folder holds a file per
    # record, and the batch crosses to the parent in one pickle, which keeps the sharing.
    shared: dict[str, str] = {}
    with collector_paused():
        for path in paths:
            part = LoadResult()
            check_file_alone(load_file(path, part, _root, shared))
            packed.append(pack_part(part))
    return packed


def _batches(paths: Sequence[Path]) -> list[tuple[list[Path], int]]:
    """Consecutive files in batches of about BATCH_BYTES, each with its bytes; a bigger
    file is a batch alone."""
    batches: list[tuple[list[Path], int]] = []
    current: list[Path] = []
    held = 0
    for path in paths:
        size = _size(path)
        if current and held + size > BATCH_BYTES:
            batches.append((current, held))
            current, held = [], 0
        current.append(path)
        held += size
    if current:
        batches.append((current, held))
    return batches


def _size(path: Path) -> int:
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0  # read anyway: the read reports what is wrong


def _available_workers() -> int:
    """The processors this process may run on (taskset and containers count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def data_files_to_read(paths: Sequence[Path], root: Path) -> tuple[list[LinkProblem], list[Path]]:
    """The links that leave the repository, and the data files under ``paths`` to read.

    Links first: nothing is read through one that leaves the repository.
    """
    links = links_leaving(paths, root)
    refused = [root.absolute() / link.link for link in links]
    data_files = [
        path
        for path in find_data_files(paths)
        if not any(path.absolute().is_relative_to(link) for link in refused)
    ]
    return links, data_files


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while millions of small objects are made and checked.

    They have no cycles, and the collector would scan them again and again (a third of the
    run time on 10,000 records, and the checks after the parse as much again at 100,000).
    Reference counting still frees them.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def check_file_alone(loaded: LoadedYaml) -> None:
    """What is checked on a loaded file on its own, after its records: the numbers in it."""
    check_privacy(loaded)
    loaded.release_text()


def check_across_files(
    result: LoadResult,
    paths: Sequence[Path],
    links: list[LinkProblem],
    root: Path,
    memo: CheckMemo | None = None,
) -> None:
    """The checks after every file is loaded: folders, pages, records against each other,
    links."""
    refused = [root.absolute() / link.link for link in links]
    result.layout_diagnostics = layout_problems(
        [path for path in paths if not any(path.absolute().is_relative_to(r) for r in refused)],
        display_root=root,
    )
    # The hand-written pages are published as they are: no number may hide in them either.
    # Not through a content/ that is a link out of the repository: the build refuses that.
    content = root / "content"
    if Path(os.path.realpath(content)).is_relative_to(os.path.realpath(root)):
        result.page_diagnostics = check_pages(content, root)
    check_catalog(result, root, memo)
    result.link_diagnostics.extend(
        Diagnostic(
            link.link,
            1,
            1,
            "",
            link.message,
            Category.FILE,
            "link-loop" if link.loop else "link-outside",
        )
        for link in links
    )


def sorted_diagnostics(result: LoadResult) -> list[Diagnostic]:
    """Every problem once, ordered by file, line and column."""
    return sorted(set(result.diagnostics))


def _other_threads_running() -> bool:
    """Whether this process runs threads besides the main one (then it does not fork)."""
    return threading.active_count() > 1
