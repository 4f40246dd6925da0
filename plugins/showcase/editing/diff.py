"""What a change to the data does to the public record, in plain words for a reviewer.

``showcase diff BASE [HEAD]`` compares the data of two git revisions (HEAD defaults to the
working tree): which records are added, removed or edited, field by field; which totals
shown on the site move; which validation errors the change introduces or fixes. Removed
records come first, their count in bold: a record dropped by mistake (a paste that lost the
end of a file) leaves the site without any error, so the reviewer is the one to catch it.

An old revision is read straight from git, without a checkout: its ``data/`` folder (the
records and the full texts that quotations are checked against) is written into a
temporary folder and validated there exactly as ``showcase validate`` would validate a
checkout of it. Files that records point at outside ``data/`` (photos under ``content/``,
a full text kept elsewhere) are fetched from the same revision in a second round.

Records are compared as written (every value the text the editor typed, ``30余项`` stays
``30余项``), so a record that fails validation is still compared, not reported as removed.
Totals come from :func:`showcase.site.totals_page.site_totals`, the numbers the totals page
shows. Errors are matched by code, record and message, not by line, since lines move.
"""

from __future__ import annotations

import difflib
import html
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from showcase.records.diagnostics import (
    Diagnostic,
    disarm_commands,
    field_path,
    safe_path,
    safe_text,
    shorten,
)
from showcase.records.errors import ShowcaseError
from showcase.records.loader import LoadResult
from showcase.records.names import record_name
from showcase.records.numbers import mask_personal_numbers
from showcase.records.privacy import PAGE_SUFFIXES
from showcase.records.schema import (
    RECORD_ID_PATTERN,
    AnyRecord,
    RecordKind,
    model_inside,
    record_model,
)
from showcase.records.validation import sorted_diagnostics
from showcase.records.yamlsource import Loc
from showcase.site.layout import CONTENT_DIR, validate_site
from showcase.site.pages import KIND_ORDER, KIND_TITLES
from showcase.site.totals_page import site_totals

WORKTREE_LABEL = "工作区"

# In Markdown, a changed record with more changed fields than this is folded away, and so
# is a list of records or totals longer than FOLD_AFTER_ROWS.
FOLD_AFTER_FIELDS = 5
FOLD_AFTER_ROWS = 20
# Longer values are shown around the place where they differ, not in full.
LONG_VALUE = 120
CONTEXT = 30
LONGEST_EXCERPT = 360
NAME_LIMIT = 80  # a record's name or id as shown
FIELD_LIMIT = 200  # a field's path or title as shown
# GitHub refuses a comment longer than 65536 characters; a huge change lists fewer rows.
MARKDOWN_LIMIT = 60_000
_ROW_CAPS = (200, 100, 50, 20, 10, 5, 0)

_GIT_TIMEOUT = 300
_SYMLINK_MODE = "120000"
_LINK_DEPTH = 5  # links to links are followed this far, as far as a reviewer would care


class DiffError(ShowcaseError):
    """The comparison cannot run (unknown revision, no git); the message is Chinese."""

    exit_status = 2  # could not compare, as against 1: compared and found new errors


# --- reading a revision -----------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The data of one revision, validated as the site would be built from it."""

    label: str  # e.g. "HEAD~1（0192447a1b2c）" or "工作区"
    result: LoadResult
    diagnostics: tuple[Diagnostic, ...]
    totals: dict[str, str]


def read_worktree(root: Path) -> Snapshot:
    """The data as it is on disk under ``root``."""
    data = root / "data"
    return _snapshot(WORKTREE_LABEL, validate_site([data] if data.is_dir() else [], root))


def read_revision(root: Path, revision: str) -> Snapshot:
    """The data of ``revision`` of the git repository at ``root``, read without a checkout."""
    commit = resolve_revision(root, revision)
    label = revision if commit.startswith(revision) else f"{revision}（{commit[:12]}）"
    with tempfile.TemporaryDirectory(prefix="showcase-diff-") as folder:
        copy = Path(folder)
        (copy / "data").mkdir()  # a revision from before there was any data has none
        # The data, and the hand-written pages, which validation checks for personal numbers.
        _fetch(root, commit, ["data/", *_page_paths(root, commit)], copy)
        # The name of every file under content/, photos too, is enough to check that no id
        # takes one's address; photos are fetched only when a record shows them (below).
        pages = [
            PurePosixPath(entry.path).relative_to(CONTENT_DIR).as_posix()
            for entry in _tree_entries(root, commit, [f"{CONTENT_DIR}/"])
        ]
        result = validate_site([copy / "data"], copy, hand_written=pages)
        # Records may point outside data/: photos under content/, a full text elsewhere.
        wanted = sorted(path for path in _referenced_files(result) if not _exists(copy / path))
        if wanted and _fetch(root, commit, wanted, copy):
            result = validate_site([copy / "data"], copy, hand_written=pages)
    return _snapshot(label, result)


def _page_paths(root: Path, commit: str) -> list[str]:
    """The hand-written pages under content/ at ``commit``, without the photos beside them."""
    return [
        entry.path
        for entry in _tree_entries(root, commit, ["content/"])
        if entry.path.lower().endswith(PAGE_SUFFIXES)
    ]


def resolve_revision(root: Path, revision: str) -> str:
    """The full commit id of ``revision``; :class:`DiffError` when there is none."""
    if not root.is_dir():
        raise DiffError(f"“{root}”不是文件夹。请用 --root 指定仓库根目录。")
    if _git(root, "rev-parse", "--git-dir").returncode != 0:
        raise DiffError(f"“{root}”不在 git 仓库中。请在仓库里运行，或用 --root 指定仓库根目录。")
    found = _git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if not revision or found.returncode != 0:
        raise DiffError(
            f"找不到版本“{revision}”。请写提交编号、分支名或标签，如 main、origin/main、HEAD~1；"
            "在 CI 中请先取回这个版本（如 actions/checkout 的 fetch-depth: 0）。"
        )
    return found.stdout.decode("ascii").strip()


def _snapshot(label: str, result: LoadResult) -> Snapshot:
    return Snapshot(label, result, tuple(sorted_diagnostics(result)), site_totals(result.catalog))


def _git(
    root: Path, *arguments: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    # Paths are taken literally: a photo named "a[1].jpg" is not a pattern.
    command = ["git", "--literal-pathspecs", *arguments]
    try:
        return subprocess.run(
            command, cwd=root, input=stdin, capture_output=True, check=False, timeout=_GIT_TIMEOUT
        )
    except FileNotFoundError:
        raise DiffError("找不到 git 命令。请先安装 git。") from None
    except subprocess.TimeoutExpired:
        raise DiffError(
            f"git 在 {_GIT_TIMEOUT} 秒内没有完成：{' '.join(arguments[:2])}。"
        ) from None


def _checked_git(root: Path, *arguments: str, stdin: bytes | None = None) -> bytes:
    completed = _git(root, *arguments, stdin=stdin)
    if completed.returncode != 0:
        message = completed.stderr.decode("utf-8", "replace").strip()
        raise DiffError(f"git {arguments[0]} 失败：{message}")
    return completed.stdout


@dataclass(frozen=True)
class _TreeEntry:
    mode: str
    oid: str
    path: str  # relative to root, "/"-separated


def _fetch(root: Path, commit: str, paths: Sequence[str], folder: Path) -> int:
    """Write the files under ``paths`` at ``commit`` into ``folder``; how many were written.

    What a link among them points at inside the repository is written too, so that every
    link resolves as it would in a checkout.
    """
    written = 0
    for _ in range(_LINK_DEPTH):
        links = _write_from_git(root, commit, paths, folder)
        written += len(links)
        paths = sorted({target for target in links if target and not _exists(folder / target)})
        if not paths:
            break
    return written


def _write_from_git(root: Path, commit: str, paths: Sequence[str], folder: Path) -> list[str]:
    """Write the files under ``paths`` into ``folder``; for each, where it links to, or ""."""
    entries = list(_tree_entries(root, commit, paths))
    blobs = _blobs(root, sorted({entry.oid for entry in entries}))
    inside = folder.resolve()
    links = []
    for entry in entries:
        target = folder / entry.path
        if not target.parent.resolve().is_relative_to(inside):
            continue  # never write through a link into the rest of the machine
        target.parent.mkdir(parents=True, exist_ok=True)
        content = blobs[entry.oid]
        if entry.mode == _SYMLINK_MODE:
            # Kept a link, so that the loader refuses it as it would in a checkout.
            link = os.fsdecode(content)
            target.symlink_to(link)
            links.append(_link_target(entry.path, link))
        else:
            target.write_bytes(content)
            links.append("")
    return links


def _link_target(path: str, link: str) -> str:
    """The repository path a link points at, or "" when it points outside the repository."""
    if link.startswith("/"):
        return ""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
    return "" if target == ".." or target.startswith("../") or target == "." else target


def _tree_entries(root: Path, commit: str, paths: Sequence[str]) -> Iterator[_TreeEntry]:
    # Without --full-name, ls-tree names files relative to root, as the data names them.
    listing = _checked_git(root, "ls-tree", "-r", "-z", commit, "--", *paths)
    for line in listing.split(b"\0"):
        if not line:
            continue
        meta, _, raw_path = line.partition(b"\t")
        mode, kind, oid = meta.decode("ascii").split()
        path = os.fsdecode(raw_path)
        parts = PurePosixPath(path).parts
        if kind != "blob" or not parts or ".." in parts or path.startswith("/"):
            continue  # submodules, and names no checkout would write
        yield _TreeEntry(mode, oid, path)


def _blobs(root: Path, oids: Sequence[str]) -> dict[str, bytes]:
    """The contents of blobs, as bytes, read in one git process."""
    if not oids:
        return {}
    output = _checked_git(
        root, "cat-file", "--batch", stdin="".join(f"{o}\n" for o in oids).encode()
    )
    blobs: dict[str, bytes] = {}
    position = 0
    for oid in oids:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        if len(header) != 3:
            raise DiffError(f"git 无法读取对象 {oid}。")
        size = int(header[2])
        blobs[oid] = output[end + 1 : end + 1 + size]
        position = end + 1 + size + 1  # the content is followed by a newline
    return blobs


def _referenced_files(result: LoadResult) -> set[str]:
    """Files the valid records name: full texts and photos, relative to the root."""
    files = {source.full_text for source in result.catalog.sources if source.full_text}
    for record in result.catalog:
        files.update(f"content/{photo.file}" for photo in getattr(record, "photos", None) or ())
    return files


def _exists(path: Path) -> bool:
    return path.exists() or path.is_symlink()


# --- what changed -----------------------------------------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One value of a record that changed; None on a side where the field is not written."""

    path: str  # as written in the file, e.g. achievements.patents_granted or sources[0].quote
    label: str  # in Chinese, from the field titles, e.g. 成果 › 获得专利
    old: str | None
    new: str | None


@dataclass(frozen=True)
class RecordChange:
    """A record added, removed or edited, named as the site names it."""

    kind: RecordKind
    record_id: str
    name: str
    place: str  # file:line where it is written (in BASE for a removed record, else HEAD)
    valid: bool  # whether it passes validation there, i.e. whether the site shows it
    was_valid: bool  # the same in BASE, for an edited record
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class TotalChange:
    """A total shown on the site that moves; None where the site does not show it."""

    label: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class DataDiff:
    """Everything a reviewer needs to know about a change to the data."""

    base: str
    head: str
    added: tuple[RecordChange, ...]
    removed: tuple[RecordChange, ...]
    changed: tuple[RecordChange, ...]
    totals: tuple[TotalChange, ...]
    introduced: tuple[Diagnostic, ...]  # present in HEAD, not in BASE; HEAD's places
    fixed: tuple[Diagnostic, ...]  # present in BASE, not in HEAD; BASE's places
    # Files of BASE whose last records are removed: (file, how many), the mark of a file
    # cut short by a paste that lost its tail.
    cut_short: tuple[tuple[str, int], ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing a reviewer would see has changed."""
        parts = (self.added, self.removed, self.changed, self.totals, self.introduced, self.fixed)
        return not any(parts)

    def summary(self, *, bold: bool = False) -> str:
        """One line: how many records, totals and errors the change touches.

        Removed records come first: a removal is what a reviewer must not miss (a record
        dropped by mistake disappears from the site without an error). ``bold`` marks
        them for Markdown.
        """
        counts = f"{len(self.totals)} 个总数变化；引入 {len(self.introduced)} 个错误" + (
            f"、修正 {len(self.fixed)} 个错误" if self.fixed else ""
        )
        if not self.removed:
            return (
                f"新增 {len(self.added)} 条、删除 0 条、修改 {len(self.changed)} 条记录；{counts}"
            )
        removed = f"删除 {len(self.removed)} 条记录"
        return (
            f"{f'**{removed}**' if bold else removed}；新增 {len(self.added)} 条、"
            f"修改 {len(self.changed)} 条记录；{counts}"
        )

    def removal_notes(self) -> list[str]:
        """What to check about the removed records, one sentence each; none when none are."""
        if not self.removed:
            return []
        notes = [
            f"这次修改删除了 {len(self.removed)} 条记录，它们将从网站上消失。请确认每一条都是有意删除的。"
        ]
        notes += [
            f"{path} 的最后 {count} 条记录都被删除了：如果不是有意的，"
            "这个文件可能在编辑或粘贴时丢了结尾，请和原来的版本核对。"
            for path, count in self.cut_short
        ]
        return notes


def diff_revisions(root: Path, base: str, head: str | None = None) -> DataDiff:
    """Compare the data of revision ``base`` with ``head`` (None: the working tree)."""
    base_snapshot = read_revision(root, base)
    head_snapshot = read_worktree(root) if head is None else read_revision(root, head)
    return compare(base_snapshot, head_snapshot)


def compare(base: Snapshot, head: Snapshot) -> DataDiff:
    """What changed from ``base`` to ``head``: records, totals and errors."""
    old_records = _written_records(base.result)
    new_records = _written_records(head.result)
    added: list[RecordChange] = []
    removed: list[RecordChange] = []
    changed: list[RecordChange] = []
    for key in sorted(old_records.keys() | new_records.keys(), key=_record_order):
        old, new = old_records.get(key), new_records.get(key)
        if old is None and new is not None:
            added.append(new.change(was_valid=False))
        elif new is None and old is not None:
            removed.append(old.change(was_valid=old.valid))
        elif old is not None and new is not None:
            fields = tuple(_changes(record_model(key[0]), old.raw, new.raw, ()))
            if fields:
                changed.append(new.change(was_valid=old.valid, fields=fields))
    introduced, fixed = _error_changes(base, head)
    return DataDiff(
        base=base.label,
        head=head.label,
        added=tuple(added),
        removed=tuple(removed),
        changed=tuple(changed),
        totals=tuple(_total_changes(base.totals, head.totals)),
        introduced=introduced,
        fixed=fixed,
        cut_short=_cut_short(old_records, new_records),
    )


def _cut_short(
    old: dict[_RecordKey, _Written], new: dict[_RecordKey, _Written]
) -> tuple[tuple[str, int], ...]:
    """Files whose last records (not all of them) are gone in ``new``, with how many."""
    by_file: dict[str, list[tuple[int, _RecordKey]]] = defaultdict(list)
    for key, written in old.items():
        path, _, line = written.place.rpartition(":")
        by_file[path].append((int(line), key))
    found = []
    for path, records in sorted(by_file.items()):
        keys = [key for _, key in sorted(records)]
        kept = [key in new for key in keys]
        tail = len(kept) - (max(i for i, k in enumerate(kept) if k) + 1) if any(kept) else 0
        if tail:
            found.append((path, tail))
    return tuple(found)


# A record is known by its kind and id; the count tells apart two records that (wrongly)
# share an id, so that the second one is not hidden behind the first.
_RecordKey = tuple[RecordKind, str, int]


@dataclass(frozen=True)
class _Written:
    """A record as written, valid or not, with the name the site gives it."""

    kind: RecordKind
    record_id: str
    raw: dict[str, Any]
    name: str
    place: str
    valid: bool

    def change(self, *, was_valid: bool, fields: tuple[FieldChange, ...] = ()) -> RecordChange:
        # Shown, not compared: a name or an id of megabytes is named by its beginning.
        return RecordChange(
            self.kind,
            shorten(self.record_id, NAME_LIMIT),
            shorten(self.name, NAME_LIMIT),
            self.place,
            self.valid,
            was_valid,
            fields,
        )


def _record_order(key: _RecordKey) -> tuple[int, str, int]:
    return KIND_ORDER.index(key[0]), key[1], key[2]


def _written_records(result: LoadResult) -> dict[_RecordKey, _Written]:
    catalog = result.catalog
    valid: dict[tuple[str, Loc], AnyRecord] = {}
    for each in catalog:
        origin = catalog.origin(each)
        valid[(origin.path, origin.loc)] = each
    by_id = catalog.by_id()
    records: dict[_RecordKey, _Written] = {}
    seen: Counter[tuple[RecordKind, str]] = Counter()
    for _, raw, origin in result.written_records:
        record_id = raw.get("id")
        if not isinstance(record_id, str):
            continue  # a record without an id cannot be matched; its error is reported
        kind = origin.kind
        key = (kind, record_id, seen[(kind, record_id)])
        seen[(kind, record_id)] += 1
        record = valid.get((origin.path, origin.loc))
        name = record_name(record, by_id) if record is not None else _written_name(raw, record_id)
        place = f"{origin.path}:{origin.line}"
        records[key] = _Written(kind, record_id, raw, name, place, record is not None)
    return records


def _written_name(raw: dict[str, Any], record_id: str) -> str:
    """A name for a record that failed validation, from what is written."""
    for name in ("name", "title", "honour", "metric"):
        if isinstance(raw.get(name), str) and raw[name].strip():
            return str(raw[name])
    return record_id


_ABSENT = object()


def _changes(
    model: type[BaseModel] | None, old: Any, new: Any, loc: Loc, labels: tuple[str, ...] = ()
) -> Iterator[FieldChange]:
    """Every leaf value that differs between two values as written, with its path."""
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for name in _key_order(model, old, new):
            yield from _changes(
                _part_model(model, name),
                old.get(name, _ABSENT),
                new.get(name, _ABSENT),
                (*loc, name),
                (*labels, _field_title(model, name)),
            )
        return
    if isinstance(old, list) and isinstance(new, list):
        yield from _list_changes(model, old, new, loc, labels)
        return
    if (isinstance(old, (dict, list)) and old) or (isinstance(new, (dict, list)) and new):
        # A value added or removed whole, or one that changed shape: its leaves one by one.
        if old is not _ABSENT:
            yield from _changes(model, old, _empty_like(old), loc, labels)
        if new is not _ABSENT:
            yield from _changes(model, _empty_like(new), new, loc, labels)
        return
    path, label = field_path(loc), " › ".join(labels)
    # An unknown field's name is data: one of megabytes is shown by its beginning.
    yield FieldChange(
        shorten(path, FIELD_LIMIT), shorten(label, FIELD_LIMIT), _shown(old), _shown(new)
    )


def _list_changes(
    model: type[BaseModel] | None, old: list[Any], new: list[Any], loc: Loc, labels: tuple[str, ...]
) -> Iterator[FieldChange]:
    # Items are aligned, so one item inserted at the top is one change, not a change to all.
    matcher = difflib.SequenceMatcher(None, _canonical(old), _canonical(new), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
        for i, j in pairs:
            yield from _changes(model, old[i], new[j], (*loc, j), _item_labels(labels, j))
        for i in range(i1 + len(pairs), i2):
            yield from _changes(model, old[i], _ABSENT, (*loc, i), _item_labels(labels, i))
        for j in range(j1 + len(pairs), j2):
            yield from _changes(model, _ABSENT, new[j], (*loc, j), _item_labels(labels, j))


def _empty_like(value: object) -> object:
    # With an empty container on the other side, every leaf of `value` is shown as absent.
    return {} if isinstance(value, dict) else [] if isinstance(value, list) else _ABSENT


def _canonical(items: list[Any]) -> list[str]:
    return [json.dumps(item, ensure_ascii=False, sort_keys=True, default=str) for item in items]


def _item_labels(labels: tuple[str, ...], index: int) -> tuple[str, ...]:
    last = labels[-1] if labels else ""
    return (*labels[:-1], f"{last}（第 {index + 1} 项）")


def _shown(value: object) -> str | None:
    if value is _ABSENT:
        return None
    if value is None:
        return "（空）"
    if value == [] or value == {}:
        return "（空列表）" if value == [] else "（空）"
    return str(value)


def _key_order(
    model: type[BaseModel] | None, old: dict[str, Any], new: dict[str, Any]
) -> list[str]:
    """Fields in the order the schema declares them, then unknown ones as written."""
    written = list(dict.fromkeys([*old, *new]))
    declared = list(model.model_fields) if model is not None else []
    return [name for name in declared if name in written] + [
        name for name in written if name not in declared
    ]


def _field_title(model: type[BaseModel] | None, name: object) -> str:
    if model is not None and isinstance(name, str) and name in model.model_fields:
        return model.model_fields[name].title or name
    return str(name)


def _part_model(model: type[BaseModel] | None, name: object) -> type[BaseModel] | None:
    """The model of a part such as ``achievements`` or an item of ``sources``."""
    if model is None or not isinstance(name, str) or name not in model.model_fields:
        return None
    return model_inside(model.model_fields[name].annotation)


def _total_changes(old: dict[str, str], new: dict[str, str]) -> Iterator[TotalChange]:
    # Labels are merged in page order: a facet value that disappears stays in its place.
    old_labels, new_labels = list(old), list(new)
    matcher = difflib.SequenceMatcher(None, old_labels, new_labels, autojunk=False)
    merged: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        merged += new_labels[j1:j2] if tag == "equal" else old_labels[i1:i2] + new_labels[j1:j2]
    for label in dict.fromkeys(merged):
        if old.get(label) != new.get(label):
            yield TotalChange(label, old.get(label), new.get(label))


def _error_changes(
    base: Snapshot, head: Snapshot
) -> tuple[tuple[Diagnostic, ...], tuple[Diagnostic, ...]]:
    old = _by_error_key(base)
    new = _by_error_key(head)
    introduced = [d for key, found in new.items() for d in found[len(old.get(key, ())) :]]
    fixed = [d for key, found in old.items() for d in found[len(new.get(key, ())) :]]
    return tuple(sorted(introduced)), tuple(sorted(fixed))


_RECORD_FIELD = re.compile(r"([A-Za-z_]+)\[(\d+)\](.*)", re.DOTALL)
_LINE_NUMBER = re.compile(r"第\s*\d+\s*行")


def _by_error_key(snapshot: Snapshot) -> dict[tuple[str, str, str], list[Diagnostic]]:
    """Errors under a key that survives moved lines: code, record id and field, message."""
    files = {loaded.path: loaded.data for loaded in snapshot.result.files}
    found: dict[tuple[str, str, str], list[Diagnostic]] = defaultdict(list)
    for diagnostic in snapshot.diagnostics:
        where = f"{diagnostic.path}:{diagnostic.field}"
        match = _RECORD_FIELD.fullmatch(diagnostic.field)
        if match:
            record_id = _id_at(files.get(diagnostic.path), match[1], int(match[2]))
            if record_id is not None:
                where = f"{match[1]}:{record_id}{match[3]}"
        # Messages that point at another record name its line, which moves as well.
        message = _LINE_NUMBER.sub("第…行", diagnostic.message)
        found[(diagnostic.code, where, message)].append(diagnostic)
    return found


def _id_at(data: object, kind: str, index: int) -> str | None:
    items = data.get(kind) if isinstance(data, dict) else None
    if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
        record_id = items[index].get("id")
        return record_id if isinstance(record_id, str) else None
    return None


# --- writing it down --------------------------------------------------------------------


def render_text(diff: DataDiff) -> str:
    """The comparison for a terminal: plain lines, control characters made visible."""
    lines = [f"数据变化：{_plain(diff.base)} → {_plain(diff.head)}", diff.summary()]
    if diff.removed:
        lines += ["", f"删除记录（{len(diff.removed)} 条）："]
        lines += [f"  {_record_line(change, note=False)}" for change in diff.removed]
        lines += [f"  ！{_plain(note)}" for note in diff.removal_notes()]
    if diff.added:
        lines += ["", "新增记录："]
        lines += [f"  {_record_line(change)}" for change in diff.added]
    if diff.changed:
        lines += ["", "修改记录："]
        for change in diff.changed:
            lines.append(f"  {_record_line(change)}")
            for field in change.fields:
                old, new = _excerpts(field.old, field.new)
                lines.append(f"    {_plain(_field_name(field))}：{_plain(old)} → {_plain(new)}")
    if diff.totals:
        lines += ["", "网站上的总数："]
        lines += [
            f"  {_plain(t.label)}：{_plain(_total_text(t.old))} → {_plain(_total_text(t.new))}"
            for t in diff.totals
        ]
    if diff.introduced:
        lines += ["", "引入的错误："]
        lines += [f"  {_plain(str(d))}" for d in diff.introduced]
    if diff.fixed:
        lines += ["", "修正的错误："]
        lines += [f"  {_plain(_fixed_line(d))}" for d in diff.fixed]
    if diff.is_empty:
        lines += ["", "数据没有变化。"]
    # A field name or a value cannot start a line that GitHub's runner reads as a command.
    return "\n".join(disarm_commands(line) for line in lines) + "\n"


def render_markdown(diff: DataDiff, *, limit: int = MARKDOWN_LIMIT) -> str:
    """The comparison as a pull-request comment; every piece of data escaped and inert.

    A comment holds at most ``limit`` characters (GitHub refuses longer ones), so a very
    large change lists fewer rows per section, saying how many it left out.
    """
    for rows in (None, *_ROW_CAPS):
        report = _markdown(diff, rows)
        if len(report) <= limit:
            break
    return report


def _markdown(diff: DataDiff, rows: int | None) -> str:
    out = [f"## 数据变化：{_md(diff.base)} → {_md(diff.head)}", "", diff.summary(bold=True), ""]
    if diff.is_empty:
        out += ["数据没有变化。", ""]
    for title, changes in (("删除记录", diff.removed), ("新增记录", diff.added)):
        if not changes:
            continue
        added = changes is diff.added
        out += [f"### {title}（{len(changes)}）", ""]
        if not added:
            out += [line for note in diff.removal_notes() for line in (f"> **{_md(note)}**", "")]
        table = [
            f"| {KIND_TITLES[c.kind]} | {_md(c.name)}{_md(_validity_note(c) if added else '')} "
            f"| {_md_id(c.record_id)} | {_md_code(c.place)} |"
            for c in changes[:rows]
        ]
        out += _folded_table("| 类别 | 名称 | 编号 | 位置 |", table, f"{len(table)} 条记录")
        out += _left_out(len(changes), rows, "条记录")
    if diff.changed:
        out += [f"### 修改记录（{len(diff.changed)}）", ""]
        for change in diff.changed[:rows]:
            out += _markdown_record(change)
        out += _left_out(len(diff.changed), rows, "条记录")
    if diff.totals:
        out += [f"### 网站上的总数（{len(diff.totals)} 个变化）", ""]
        table = [
            f"| {_md(t.label)} | {_md(_total_text(t.old))} | {_md(_total_text(t.new))} |"
            for t in diff.totals[:rows]
        ]
        out += _folded_table("| 总数 | 原来 | 现在 |", table, f"{len(table)} 个总数")
        out += _left_out(len(diff.totals), rows, "个总数")
    if diff.introduced:
        out += [f"### 引入的错误（{len(diff.introduced)}）", ""]
        out += [
            f"- {_md_code(f'{d.path}:{d.line}:{d.column}')} "
            f"{_md(d.field + ': ' if d.field else '')}{_md(d.message)}"
            + (f" {_md_code(d.code)}" if d.code else "")
            for d in diff.introduced[:rows]
        ]
        out += ["", *_left_out(len(diff.introduced), rows, "个错误")]
    if diff.fixed:
        out += ["<details>", f"<summary>修正的错误（{len(diff.fixed)}）</summary>", ""]
        out += [f"- {_md(_fixed_line(d))}" for d in diff.fixed[:rows]]
        out += ["", *_left_out(len(diff.fixed), rows, "个错误"), "</details>", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _left_out(total: int, rows: int | None, unit: str) -> list[str]:
    if rows is None or total <= rows:
        return []
    return [
        f"另有 {total - rows} {unit}未列出（评论篇幅有限）。完整内容请运行 `showcase diff`。",
        "",
    ]


def _folded_table(header: str, rows: list[str], summary: str) -> list[str]:
    """A table, folded into <details> when it is long."""
    rule = "|" + " --- |" * header.count(" | ") + " --- |"
    table = [header, rule, *rows, ""]
    if len(rows) <= FOLD_AFTER_ROWS:
        return table
    return ["<details>", f"<summary>展开 {summary}</summary>", "", *table, "</details>", ""]


def _markdown_record(change: RecordChange) -> list[str]:
    title = f"{KIND_TITLES[change.kind]}：{change.name}"
    table = ["| 字段 | 原值 | 新值 |", "| --- | --- | --- |"]
    for field in change.fields:
        old, new = _excerpts(field.old, field.new)
        name = _md_code(field.path)
        if field.label != field.path:
            name = f"{_md(field.label)}<br>{name}"
        table.append(f"| {name} | {_md(old)} | {_md(new)} |")
    where = f"{change.record_id}，{change.place}{_validity_note(change)}"
    if len(change.fields) <= FOLD_AFTER_FIELDS:
        return [f"**{_md(title)}**（{_md(where)}）", "", *table, ""]
    summary = f"{title}（{where}）：{len(change.fields)} 处修改"
    return ["<details>", f"<summary>{_html(summary)}</summary>", "", *table, "", "</details>", ""]


def _record_line(change: RecordChange, *, note: bool = True) -> str:
    return (
        f"{KIND_TITLES[change.kind]} {_plain(change.name)}（{_plain(change.record_id)}，"
        f"{_plain(change.place)}）{_validity_note(change) if note else ''}"
    )


def _validity_note(change: RecordChange) -> str:
    if not change.valid:
        return "（有错误，网站暂不显示）"
    if change.fields and not change.was_valid:
        return "（错误已修正，网站将显示）"
    return ""


def _field_name(field: FieldChange) -> str:
    """A field in Chinese with its path as written; the path alone for an unknown field."""
    return field.path if field.label == field.path else f"{field.label}（{field.path}）"


def _fixed_line(diagnostic: Diagnostic) -> str:
    field = f"{diagnostic.field}: " if diagnostic.field else f"{diagnostic.path}: "
    code = f" [{diagnostic.code}]" if diagnostic.code else ""
    return f"{field}{diagnostic.message}{code}"


def _total_text(text: str | None) -> str:
    return "（无）" if text is None else text


def _excerpts(old: str | None, new: str | None) -> tuple[str, str]:
    """Both sides as shown: "（无）" for a field not written; long texts around the change.

    Personal numbers are masked before anything is cut, so that no part of one is shown.
    """
    old = None if old is None else mask_personal_numbers(old)
    new = None if new is None else mask_personal_numbers(new)
    if old is None or new is None:
        value = old if new is None else new
        assert value is not None
        shown = (
            value if len(value) <= LONG_VALUE else f"{value[:LONG_VALUE]}…（共 {len(value)} 字）"
        )
        return ("（无）", shown) if old is None else (shown, "（无）")
    prose = "\n" in old + new or max(len(old), len(new)) > LONG_VALUE
    if prose and re.sub(r"\s", "", old) == re.sub(r"\s", "", new):
        # A paragraph rewrapped: nothing a reader sees has changed, so do not print it twice.
        shown = old if len(old) <= CONTEXT else f"{old[:CONTEXT]}…（共 {len(old)} 字）"
        return shown, "文字未变，只改了空格或换行"
    if len(old) <= LONG_VALUE and len(new) <= LONG_VALUE:
        return old, new
    prefix = _shared_length(old, new)
    suffix = _shared_length(old[prefix:][::-1], new[prefix:][::-1])
    start = max(0, prefix - CONTEXT)

    def cut(text: str) -> str:
        end = min(len(text), len(text) - suffix + CONTEXT)
        middle = text[start:end]
        if len(middle) > LONGEST_EXCERPT:
            half = LONGEST_EXCERPT // 2
            middle = f"{middle[:half]}…（省略 {len(middle) - 2 * half} 字）…{middle[-half:]}"
        return ("…" if start else "") + middle + ("…" if end < len(text) else "")

    return cut(old), cut(new)


def _shared_length(one: str, other: str) -> int:
    """How many characters two texts share at their start."""
    for index, (a, b) in enumerate(zip(one, other, strict=False)):
        if a != b:
            return index
    return min(len(one), len(other))


# Characters that would move the cursor, colour a terminal, end a line or reorder the
# text shown.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)


def _visible(text: str) -> str:
    """Data as shown anywhere in the comparison: numbers masked, controls as escapes."""
    masked = mask_personal_numbers(text)
    return _CONTROL.sub(lambda match: f"\\u{ord(match.group()):04x}", masked)


def _plain(text: str) -> str:
    """Data for a terminal: control characters shown as escapes, line breaks as ⏎."""
    return _visible(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "⏎")


# Markdown punctuation that could start emphasis, code, a link, a table cell, strikethrough
# or math anywhere in a line. Data never starts a line here, so list and heading markers
# need no escape; & < > become entities, so no tag or entity from the data survives.
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_\[\]|~$])")


# GitHub turns @name into a mention (a notification to that user or team) and #123 into a
# link to an issue, even in escaped text. A word joiner after the sign, invisible, keeps a
# name from the data from pinging anyone when the bot posts the comment.
_GITHUB_REFERENCE = re.compile(r"([@#])(?=\w)")
WORD_JOINER = "\u2060"


def _no_references(text: str) -> str:
    return _GITHUB_REFERENCE.sub(lambda match: match.group(1) + WORD_JOINER, text)


def _md(text: str) -> str:
    """Data inside Markdown (a table cell, a list item), rendered as the literal text."""
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", _no_references(_visible(text)))
    escaped = html.escape(escaped, quote=False)
    return re.sub(r"\r\n|\r|\n", "<br>", escaped)


def _md_code(text: str) -> str:
    """A file place, field path or code in a code span, when it is safe in one."""
    text = mask_personal_numbers(text)
    if re.fullmatch(r"[A-Za-z0-9_.:/\[\]-]+", text):
        return f"`{text}`"
    return _md(text)


def _md_id(record_id: str) -> str:
    record_id = mask_personal_numbers(record_id)
    return f"`{record_id}`" if re.fullmatch(RECORD_ID_PATTERN, record_id) else _md(record_id)


def _html(text: str) -> str:
    """Data inside an HTML element such as <summary>, where Markdown is not read."""
    return html.escape(_no_references(_plain(text)).replace("⏎", " "), quote=True)


# --- the command ------------------------------------------------------------------------


def run_diff(
    root: Path,
    base: str,
    head: str | None,
    *,
    output_format: str = "text",
    output: Path | None = None,
    fail_on_errors: bool = False,
) -> int:
    """``showcase diff``: print or write the comparison; the return value is the exit status.

    0 when the comparison ran, whatever it found (the validate step fails a pull request);
    2 when the output cannot be written; 1 only with ``fail_on_errors`` and errors
    introduced. When it cannot run, :class:`DiffError` says why (``showcase`` exits 2).
    """
    diff = diff_revisions(root, base, head)
    report = render_markdown(diff) if output_format == "markdown" else render_text(diff)
    if output is None:
        sys.stdout.write(report)
    else:
        try:
            output.write_text(report, encoding="utf-8")
        except OSError as error:
            print(
                safe_text(f"{safe_path(str(output))}: 无法写入：{error.strerror or error}。"),
                file=sys.stderr,
            )
            return 2
        print(f"已写入 {safe_path(str(output))}。")
    return 1 if fail_on_errors and diff.introduced else 0
