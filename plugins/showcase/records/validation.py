"""The whole check of a data tree: files, fields, cross-references and privacy (pages too)."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path

from showcase.records.checks import check_catalog
from showcase.records.diagnostics import Diagnostic
from showcase.records.loader import LoadResult, find_data_files, load_files
from showcase.records.privacy import check_pages, check_privacy


def validate(paths: Sequence[Path], root: Path) -> LoadResult:
    """Load every data file under ``paths`` and run every check.

    ``root`` is the repository: file names in messages are relative to it, and photo and
    full-text paths are resolved from it. The catalog holds only the records that passed
    their own checks; ``diagnostics`` holds every problem, sorted by place.
    """
    # The parse makes hundreds of thousands of small objects without cycles; Python's cycle
    # collector would scan them again and again (a third of the run time on 10,000
    # records). Reference counting still frees them.
    collecting = gc.isenabled()
    gc.disable()
    try:
        result = load_files(find_data_files(paths), display_root=root)
    finally:
        if collecting:
            gc.enable()
    for loaded in result.files:
        check_privacy(loaded)
    # The hand-written pages are published as they are: no number may hide in them either.
    result.page_diagnostics = check_pages(root / "content", root)
    check_catalog(result, root)
    return result


def sorted_diagnostics(result: LoadResult) -> list[Diagnostic]:
    """Every problem once, ordered by file, line and column."""
    return sorted(set(result.diagnostics))
