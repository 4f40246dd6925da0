"""The whole check of a data tree: files, fields, cross-references, privacy (pages too), links."""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

from showcase.records.checks import check_catalog
from showcase.records.diagnostics import Category, Diagnostic
from showcase.records.loader import LoadResult, find_data_files, layout_problems, load_file
from showcase.records.privacy import check_pages, check_privacy
from showcase.records.symlinks import LinkProblem, links_leaving
from showcase.records.yamlsource import LoadedYaml


def validate(paths: Sequence[Path], root: Path) -> LoadResult:
    """Load every data file under ``paths`` and run every check.

    ``root`` is the repository: file names in messages are relative to it, and photo and
    full-text paths are resolved from it. The catalog holds only the records that passed
    their own checks; ``diagnostics`` holds every problem, sorted by place.
    """
    links, data_files = data_files_to_read(paths, root)
    with collector_paused():
        result = LoadResult()
        for path in data_files:
            check_file_alone(load_file(path, result, root))
        check_across_files(result, paths, links, root)
    return result


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
    result: LoadResult, paths: Sequence[Path], links: list[LinkProblem], root: Path
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
    check_catalog(result, root)
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
