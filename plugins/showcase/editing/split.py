"""``showcase split``: move the records of a list file into record files, one per record.

``data/studios.yaml`` holds a list; ``data/studios/<id>.yaml`` holds one record. Moving is
done on the text, never by parsing and dumping again: each record's own lines (the comments
written at the record's level just above its ``- `` go with it, as do the comments inside
it) are cut out of the list file, moved left to the margin and written to a file named by
the record's id. The list file keeps everything else, and is removed only when nothing but
its list names (and the schema line) is left.

The command proves that no value changed: every record file is read back as the loader
reads it and compared with the record as the list file held it, before anything is written
and again on the disk afterwards; on any difference nothing is written, or everything is
put back. A file that is never overwritten: a record file that exists already stops the
move before anything is written.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from showcase.records.diagnostics import Category, Diagnostic
from showcase.records.errors import ShowcaseError
from showcase.records.loader import folder_kind, load_files
from showcase.records.schema import RecordId, RecordKind
from showcase.records.yamlsource import LoadedYaml, parse_yaml_bytes

DATA_DIR = Path("data")
_KIND_NAMES = frozenset(kind.value for kind in RecordKind)
# Problems of the file that do not stop a move: they travel with the text, as they are.
_CARRIED_CODES = frozenset({"crlf", "bom"})
_DASH = re.compile(r"( *)-( +)$")
_SCHEMA_LINE = re.compile(r"#\s*yaml-language-server:")
_RECORD_ID: TypeAdapter[str] = TypeAdapter(RecordId)


class SplitError(ShowcaseError):
    """The records cannot be moved; the message says why, in Chinese. Nothing was written."""


@dataclass(frozen=True)
class MovedRecord:
    """One record and the file it goes to."""

    kind: RecordKind
    record_id: str
    line: int  # 1-based line of its "- " in the list file
    path: Path
    text: str


@dataclass(frozen=True)
class SplitPlan:
    """What a split writes: the record files, and what is left of the list file."""

    list_file: Path
    records: tuple[MovedRecord, ...]
    remaining: bytes | None  # None: the list file is removed, nothing of it is left


def plan_split(list_file: Path, root: Path) -> SplitPlan:
    """Work out the move of every record of ``list_file``, and check it; writes nothing."""
    if folder_kind(list_file) is not None:
        raise SplitError(f"{list_file}：这已经是一个记录文件（一个文件一条记录），不用拆分。")
    if list_file.is_symlink() or not list_file.is_file():
        raise SplitError(f"{list_file}：不是普通文件，无法拆分。")
    raw = list_file.read_bytes()
    before = load_files([list_file])
    (loaded,) = before.files
    blocking = [
        diagnostic
        for diagnostic in loaded.diagnostics
        if diagnostic.category in (Category.FILE, Category.SYNTAX)
        and diagnostic.code not in _CARRIED_CODES
    ]
    if blocking or loaded.data is None:
        raise SplitError(_blocked(list_file, blocking))
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3 if bom else 0 :].decode("utf-8")
    lines = text.split("\n")  # a "\r" of a Windows line end stays on its line
    records, taken = _records(text, lines, list_file, root)
    remaining = [line for index, line in enumerate(lines) if index not in taken]
    kept: bytes | None = ("\ufeff" if bom else "").encode() + "\n".join(remaining).encode()
    if not _holds_anything(remaining):
        kept = None
    plan = SplitPlan(list_file, tuple(records), kept)
    _check_values(plan, loaded)
    return plan


def split_list_file(list_file: Path, root: Path) -> SplitPlan:
    """Move every record of ``list_file`` into its own file: all of them, or none."""
    plan = plan_split(list_file, root)
    original = list_file.read_bytes()
    before = _records_read([list_file])
    written: list[Path] = []
    try:
        for record in plan.records:
            record.path.parent.mkdir(parents=True, exist_ok=True)
            with record.path.open("x", encoding="utf-8", newline="") as new:  # never overwrite
                new.write(record.text)
            written.append(record.path)
        if plan.remaining is None:
            list_file.unlink()
        else:
            _replace(list_file, plan.remaining)
        _check_on_disk(plan, before)
    except BaseException as error:
        for path in written:
            path.unlink(missing_ok=True)
        _replace(list_file, original)
        if isinstance(error, FileExistsError):
            raise SplitError(f"{error.filename}：文件已存在，不会覆盖。什么也没有改动。") from None
        raise
    return plan


# --- finding the records in the text ---------------------------------------------------------


def _records(
    text: str, lines: list[str], list_file: Path, root: Path
) -> tuple[list[MovedRecord], set[int]]:
    """Each record of each list with the lines it takes; the indexes of all those lines."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    if not isinstance(node, yaml.MappingNode):
        raise SplitError(f"{list_file}：最外层不是列表名（如“studios:”），没有可拆分的记录。")
    records: list[MovedRecord] = []
    taken: set[int] = set()
    seen: dict[Path, int] = {}
    for key_node, value_node in node.value:
        if key_node.value not in _KIND_NAMES or not isinstance(value_node, yaml.SequenceNode):
            continue
        kind = RecordKind(key_node.value)
        if value_node.flow_style and value_node.value:
            raise SplitError(
                f"{list_file} 第 {key_node.start_mark.line + 1} 行：“{kind}:”的记录写在方括号里"
                "（一行式写法），无法逐条拆分。请先改成每条记录以“- ”开头的写法。"
            )
        items = value_node.value
        starts = [_span_start(lines, item, list_file) for item in items]
        for index, item in enumerate(items):
            end = starts[index + 1] if index + 1 < len(items) else _last_line(lines, item) + 1
            span = range(starts[index], end)
            record_id = _record_id(item, list_file)
            path = root / DATA_DIR / kind.value / f"{record_id}.yaml"
            line = item.start_mark.line + 1
            if path in seen:
                raise SplitError(
                    f"{list_file} 第 {seen[path]} 行和第 {line} 行的记录编号都是“{record_id}”。"
                    "编号必须唯一：请先改正（showcase validate 会指出），再拆分。"
                )
            seen[path] = line
            _check_target(path, root)
            records.append(
                MovedRecord(kind, record_id, line, path, _moved_text(lines, span, item, list_file))
            )
            taken.update(span)
    if not records:
        raise SplitError(f"{list_file}：没有可拆分的记录。")
    return records, taken


def _span_start(lines: Sequence[str], item: yaml.Node, list_file: Path) -> int:
    """The first line of a record: its "- " line, or the comments just above it."""
    dash_line = item.start_mark.line
    dash = _DASH.fullmatch(lines[dash_line][: item.start_mark.column])
    if dash is None:
        raise SplitError(
            f"{list_file} 第 {dash_line + 1} 行：记录的“- ”要和它的第一个字段写在同一行"
            "（如“  - id: li-gang”），才能拆分。请先改成这样。"
        )
    column = len(dash.group(1))
    start = dash_line
    while start > 0 and _is_comment(lines[start - 1]) and _indent(lines[start - 1]) <= column:
        start -= 1
    return start


def _last_line(lines: Sequence[str], item: yaml.Node) -> int:
    """The last line of the last record of a list, with the comments inside it at its end."""
    last = _content_end(item)
    column = item.start_mark.column
    while (
        last + 1 < len(lines)
        and _is_comment(lines[last + 1])
        and _indent(lines[last + 1]) >= column
    ):
        last += 1
    return last


def _content_end(node: yaml.Node) -> int:
    """The last line (0-based) that holds something of ``node``."""
    if isinstance(node, yaml.ScalarNode) or getattr(node, "flow_style", False):
        end = node.end_mark
        return end.line if end.column else end.line - 1
    children: list[yaml.Node] = []
    if isinstance(node, yaml.SequenceNode):
        children = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    return max((_content_end(child) for child in children), default=node.start_mark.line)


def _record_id(item: yaml.Node, list_file: Path) -> str:
    line = item.start_mark.line + 1
    found = None
    if isinstance(item, yaml.MappingNode):
        found = next(
            (v for k, v in item.value if isinstance(k, yaml.ScalarNode) and k.value == "id"), None
        )
    if not isinstance(found, yaml.ScalarNode) or not found.value:
        raise SplitError(
            f"{list_file} 第 {line} 行的记录没有编号（id），不知道该叫什么文件名。请先补上编号。"
        )
    try:
        return _RECORD_ID.validate_python(found.value)
    except ValidationError:
        raise SplitError(
            f"{list_file} 第 {line} 行的记录编号“{found.value}”的写法不对，不能用作文件名。"
            "请先改正（showcase validate 会指出），再拆分。"
        ) from None


def _check_target(path: Path, root: Path) -> None:
    if path.exists() or path.is_symlink():
        raise SplitError(f"{path}：文件已存在，不会覆盖。什么也没有改动。")
    folder = path.parent
    real_root = os.path.realpath(root)
    if not Path(os.path.realpath(folder)).is_relative_to(real_root):
        raise SplitError(f"{folder}：是指向仓库以外的符号链接，不能往里写。什么也没有改动。")


def _moved_text(lines: Sequence[str], span: range, item: yaml.Node, list_file: Path) -> str:
    """The lines of a record moved to the left margin: its fields start in column 1."""
    dash_line = item.start_mark.line
    field_column = item.start_mark.column
    moved: list[str] = []
    for index in span:
        line = lines[index]
        if index == dash_line:
            moved.append(line[field_column:])
        elif not line.strip():
            moved.append(line.lstrip(" "))
        elif index < dash_line or (_is_comment(line) and _indent(line) < field_column):
            moved.append(line.lstrip(" "))  # a comment above the record or beside its fields
        elif _indent(line) >= field_column:
            moved.append(line[field_column:])
        else:
            raise SplitError(
                f"{list_file} 第 {index + 1} 行缩进得比所在记录的字段还浅，无法移动。"
                "请先改正缩进（showcase validate 会指出问题）。"
            )
    while moved and not moved[-1].strip():
        moved.pop()  # blank lines between records are not part of either
    return "\n".join([*moved, ""])


def _is_comment(line: str) -> bool:
    return line.lstrip(" ").startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _holds_anything(lines: Sequence[str]) -> bool:
    """Whether what is left of a list file holds more than its list names and schema line."""
    for line in lines:
        bare = line.strip()
        if not bare or _SCHEMA_LINE.match(bare):
            continue
        name, colon, rest = bare.partition(":")
        if colon and name in _KIND_NAMES and not rest.strip():
            continue
        return True
    return False


# --- proving that nothing changed ---------------------------------------------------------------


def _check_values(plan: SplitPlan, before: LoadedYaml) -> None:
    """Every record file reads back as the record the list held; what stays, stays."""
    data: dict[str, Any] = before.data
    for record in plan.records:
        moved = _parse(record.text.encode("utf-8"), record.path)
        if moved != data[record.kind.value][_index_of(before, record)]:
            raise SplitError(
                f"{plan.list_file} 第 {record.line} 行的记录（编号 {record.record_id}）移动后"
                "读出来的值与原来不同，什么也没有改动。请把这个文件报告给维护者。"
            )
    left = _parse(plan.remaining, plan.list_file) if plan.remaining is not None else {}
    kept = {
        key: value
        for key, value in (left if isinstance(left, dict) else {}).items()
        if not (key in _KIND_NAMES and value in (None, []))
    }
    expected = {
        key: value
        for key, value in data.items()
        if not (key in _KIND_NAMES and isinstance(value, list))
    }
    if kept != expected:
        raise SplitError(
            f"{plan.list_file}：拆分后剩下的内容与原来不同，什么也没有改动。"
            "请把这个文件报告给维护者。"
        )


def _index_of(before: LoadedYaml, record: MovedRecord) -> int:
    for index in range(len(before.data[record.kind.value])):
        if before.position((record.kind.value, index))[0] == record.line:
            return index
    raise AssertionError(f"no record at line {record.line}")  # pragma: no cover


def _parse(raw: bytes, path: Path) -> Any:
    return parse_yaml_bytes(raw, LoadedYaml(path.as_posix())).data


def _check_on_disk(plan: SplitPlan, before: list[tuple[str, str]]) -> None:
    """Read the files written as the loader reads them: the same records as before."""
    paths = [record.path for record in plan.records]
    if plan.remaining is not None:
        paths.append(plan.list_file)
    if _records_read(paths) != before:
        raise SplitError(
            f"{plan.list_file}：写入后读出的记录与原来不同，已全部恢复原样。"
            "请把这个文件报告给维护者。"
        )


def _records_read(paths: Sequence[Path]) -> list[tuple[str, str]]:
    """Every record the loader reads from ``paths``, by kind and value, in a fixed order."""
    return sorted(
        (origin.kind.value, repr(raw)) for _, raw, origin in load_files(paths).written_records
    )


def _replace(path: Path, content: bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file, so a reader never sees half."""
    temporary = path.with_name(f".{path.name}.showcase-split")
    temporary.write_bytes(content)
    temporary.replace(path)


def _blocked(list_file: Path, found: Sequence[Diagnostic]) -> str:
    # One line: the command prints its error as one line, whatever it holds.
    shown = "；".join(str(diagnostic) for diagnostic in found[:5])
    more = f"；另有 {len(found) - 5} 个问题" if len(found) > 5 else ""
    return (
        f"{list_file}：先改正文件的这些问题再拆分（什么也没有改动）：{shown}{more}"
        if shown
        else f"{list_file}：文件读不出内容，无法拆分。"
    )
