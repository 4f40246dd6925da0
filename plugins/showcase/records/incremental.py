"""Validation that keeps a data folder loaded and, after a change, reads only what changed.

``showcase serve`` re-checks the data after every save. Reading and checking each file on
its own (the parse, the fields of its records, the numbers in its texts) is most of the
work, and depends on nothing but the file. So :class:`LiveValidation` keeps, per file,
what that work produced, reads again only the files whose bytes may have changed, and
then runs the checks across files (unique ids, references, cycles, look-alikes, units,
quotations, photos, pages, links) on the whole set, as ``showcase validate`` does, reusing
what they worked out from each unchanged record on its own (its references, identity,
quantities and quotations: :class:`~showcase.records.checks.CheckMemo`). The result is the
one :func:`showcase.records.validation.validate` gives for the same tree.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from showcase.records.checks import CheckMemo
from showcase.records.loader import LoadResult, load_file
from showcase.records.schema import AnyRecord, RecordKind
from showcase.records.symlinks import LinkProblem
from showcase.records.validation import (
    check_across_files,
    check_file_alone,
    collector_paused,
    data_files_to_read,
)

# What tells that a file may have changed without reading it.
_Stamp = tuple[int, int, int, int]  # device, inode, size, modification time (ns)


@dataclass
class _LoadedFile:
    """One file as its own checks left it, before the checks across files add to it."""

    stamp: _Stamp | None
    part: LoadResult  # holds this file alone
    own_diagnostics: int  # how many of its diagnostics are its own, not from the checks across
    own_warnings: int


class LiveValidation:
    """The loaded state of the data under ``paths``; :meth:`update` re-checks after a change.

    ``root`` is the repository, as for :func:`~showcase.records.validation.validate`.
    """

    def __init__(self, paths: Sequence[Path], root: Path) -> None:
        self.paths = list(paths)
        self.root = root
        self._files: dict[Path, _LoadedFile] = {}
        # What the checks across files worked out per record, reused for unchanged files.
        self._memo = CheckMemo()
        self.reloaded: list[Path] = []  # the files read by the last update, for reports
        # Each file the last load read again, as it was before (None: new) and now; and
        # whether a file went away.
        self._replaced: list[tuple[LoadResult | None, LoadResult]] = []
        self._files_gone = False
        self._links: list[LinkProblem] = []  # what the last load found of symbolic links

    def update(self, changed: Iterable[Path] = ()) -> LoadResult:
        """Every problem of the data as it is now, reading only the files that changed.

        A file is read again when it is named in ``changed``, when it is new, or when its
        size, inode or modification time differ from the last read; a file that is gone is
        dropped. The first call reads every file.
        """
        result = self.load(changed)
        self.check_across(result)
        return result

    def load(self, changed: Iterable[Path] = ()) -> LoadResult:
        """The data as it is now, each file with its own problems (as :meth:`update` reads
        it), before the checks across files: :meth:`check_across` must follow.

        Its catalog is the data's; the live preview renders the page being edited from it
        while the checks across files (ids, references, look-alikes, quotations) run.
        """
        named = {Path(path).absolute() for path in changed}
        links, data_files = data_files_to_read(self.paths, self.root)
        self._links = links
        files: dict[Path, _LoadedFile] = {}
        self.reloaded = []
        self._replaced = []
        with collector_paused():
            for path in data_files:
                key = Path(path).absolute()
                stamp = _stamp(path)
                known = self._files.get(key)
                if known is None or key in named or stamp is None or known.stamp != stamp:
                    before = known.part if known is not None else None
                    known = self._load(path, stamp)
                    self.reloaded.append(path)
                    self._replaced.append((before, known.part))
                files[key] = known
            self._files_gone = not self._files.keys() <= files.keys()
            self._files = files
            return self._combine(files.values())

    def edited_records(self) -> tuple[dict[str, AnyRecord], dict[str, AnyRecord]] | None:
        """The records of the files the last :meth:`load` read again that differ from what
        those files held before: as they were and as they are, by id. None when a file came
        or went, or an id is written twice in them: then records may have come, gone or
        moved, which the caller works out from the whole data.
        """
        if self._files_gone:
            return None
        before: dict[str, AnyRecord] = {}
        after: dict[str, AnyRecord] = {}
        for old, new in self._replaced:
            if old is None:
                return None
            for records, part in ((before, old), (after, new)):
                for record in part.catalog:
                    if records.setdefault(record.id, record) is not record:
                        return None
        for record_id in before.keys() & after.keys():
            if before[record_id] == after[record_id]:
                del before[record_id], after[record_id]
        return before, after

    def check_across(self, result: LoadResult) -> None:
        """Add to ``result`` (of the last :meth:`load`) the problems across files."""
        with collector_paused():
            check_across_files(result, self.paths, self._links, self.root, self._memo)

    def _load(self, path: Path, stamp: _Stamp | None) -> _LoadedFile:
        part = LoadResult()
        loaded = load_file(path, part, self.root)
        check_file_alone(loaded)
        return _LoadedFile(stamp, part, len(loaded.diagnostics), len(loaded.warnings))

    @staticmethod
    def _combine(files: Iterable[_LoadedFile]) -> LoadResult:
        """The files' own results joined in file order, as one load of them all makes them."""
        result = LoadResult()
        catalog = result.catalog
        for file in files:
            part = file.part
            for loaded in part.files:
                # What the checks across files added last time is found again below.
                del loaded.diagnostics[file.own_diagnostics :]
                del loaded.warnings[file.own_warnings :]
            result.files.extend(part.files)
            result.written_records.extend(part.written_records)
            for record_id, origins in part.declared_ids.items():
                result.declared_ids.setdefault(record_id, []).extend(origins)
            for kind in RecordKind:
                catalog.of_kind(kind).extend(part.catalog.of_kind(kind))
            catalog.origins.update(part.catalog.origins)
        return result


def _stamp(path: Path) -> _Stamp | None:
    try:
        status = os.lstat(path)
    except OSError:
        return None  # read again: the read reports what is wrong
    return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
