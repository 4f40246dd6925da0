"""New records for editors: ``showcase new`` appends a skeleton record to a data file as text.

The file is never parsed and dumped again: its comments, quotes, blank lines and order stay
exactly as they were, and the skeleton is inserted as lines of text at the end of the list
it belongs to. Every field of the skeleton, with its Chinese title, what it means and how
to write it, comes from the data model (:mod:`showcase.records.schema`), which also feeds the field
reference of the editors' guide (:mod:`showcase.editing.guide`) through :func:`field_docs`.

Required fields are written with an empty value (``name:``): until an editor fills them in,
``showcase validate`` reports each one as empty. Useful optional fields are written as
comments (``# leader:``); removing the ``#`` turns one on.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from showcase.records.errors import ShowcaseError
from showcase.records.jsonschema import SCHEMA_PATH
from showcase.records.loader import find_data_files, folder_kind, load_files
from showcase.records.schema import (
    PARTIAL_DATE_PATTERN,
    DataFile,
    ImagePath,
    LongText,
    PartialDate,
    QuantityText,
    Record,
    RecordId,
    RecordKind,
    RefTo,
    RepositoryPath,
    ShortText,
    Units,
    WebAddress,
    annotation_parts,
    kind_title,
    model_inside,
    record_model,
)

# The kinds an editor adds by hand, named as on the command line.
KINDS_BY_NAME: dict[str, RecordKind] = {
    "studio": RecordKind.STUDIOS,
    "award": RecordKind.AWARDS,
    "project": RecordKind.PROJECTS,
    "person": RecordKind.PEOPLE,
    "organization": RecordKind.ORGANIZATIONS,
}
# Optional fields worth a commented-out line in a new record: what most records have.
USEFUL_OPTIONAL_FIELDS: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.STUDIOS: (
        "leader", "organization", "district", "industry", "level", "named", "founded",
        "description", "notes",
    ),
    RecordKind.AWARDS: (
        "level", "conferred_by", "awarded", "announced", "presented", "programme", "citation",
        "notes",
    ),
    RecordKind.PROJECTS: (
        "owner", "partners", "district", "industry", "level", "started", "ended", "funding",
        "description", "notes",
    ),
    RecordKind.PEOPLE: ("organization", "position", "description", "notes"),
    RecordKind.ORGANIZATIONS: (
        "short_names", "category", "parent", "district", "industry", "level", "description",
        "notes",
    ),
}  # fmt: skip
USEFUL_CITATION_FIELDS = ("quote", "locator")
DATA_DIR = Path("data")

# How each kind of value is written, for the comments of a skeleton and the guide's tables.
# Matched by the validators of the types in showcase.records.schema, so a field of a new type that
# is not listed here simply gets no hint.
_VALUE_HINTS: tuple[tuple[Any, str], ...] = (
    (PartialDate, "写成 2013、2013-06 或 2013-06-07"),
    (QuantityText, "数量，照原文写，连同“余”“多”“近”等字和单位"),
    (ImagePath, "图片路径，相对于 content/"),
    (RepositoryPath, "文件路径，相对于仓库根目录"),
    (WebAddress, "完整网址，以 http:// 或 https:// 开头"),
    (LongText, "文字，可写多行"),
    (ShortText, "一行文字"),
)
_SENTENCE_END = ("。", "！", "？", ".")
_TOP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:(?:[ \t]+(.*))?$")
_LIST_ITEM = re.compile(r"( *)-( +)\S")
_ID_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*["']?([^\s"'#]+)""", re.MULTILINE)


class SkeletonError(ShowcaseError):
    """A new record cannot be added; the message says why, in Chinese."""


# --- the fields, read off the schema --------------------------------------------------


@dataclass(frozen=True)
class FieldDoc:
    """One field as editors see it: its name, Chinese title, meaning and how to write it."""

    name: str
    title: str
    description: str
    required: bool
    hint: str = ""  # how a value is written, e.g. "写成 2013、2013-06 或 2013-06-07"
    allowed: tuple[str, ...] = ()  # the only values an enumerated field takes
    examples: tuple[str, ...] = ()
    default: str = ""  # what a missing optional value means, when it means something
    is_list: bool = False
    part: type[BaseModel] | None = None  # the model of a nested part (sources, photos …)
    refers_to: tuple[RecordKind, ...] = ()  # the kinds of record a reference may name

    def writing(self) -> str:
        """How a value is written: the kind of value, the choices, the default."""
        sentences = []
        if self.refers_to and "中某条记录的 id" not in self.description:
            sentences.append(f"填写{_kinds_text(self.refers_to)}的编号（id）")
        if self.allowed:
            sentences.append(f"只能写：{'、'.join(self.allowed)}")
        if self.hint:
            sentences.append(self.hint)
        if self.examples and "如" not in self.description:
            sentences.append(f"如 {'、'.join(self.examples)}")
        if self.is_list:
            sentences.append("每项一行，以“- ”开头")
        if self.default:
            sentences.append(f"不写时为 {self.default}")
        return "".join(_sentence(text) for text in sentences)

    def explanation(self) -> str:
        """What the field means and how to write it, as Chinese sentences."""
        return (_sentence(self.description) if self.description else "") + self.writing()


def field_docs(model: type[BaseModel]) -> list[FieldDoc]:
    """The fields of ``model`` in the order an editor writes them.

    ``id`` comes first and ``sources`` last (it is a block of its own); the fields every
    record shares (notes, not_duplicate_of) come after the fields of the kind.
    """
    definition = _json_schema_defs()[model.__name__]
    required = set(definition.get("required", ()))
    docs = [
        _field_doc(name, info, definition["properties"][name], name in required)
        for name, info in model.model_fields.items()
    ]
    shared = set(Record.model_fields) - {"id"} if issubclass(model, Record) else set()
    return sorted(
        docs, key=lambda doc: (doc.name != "id", doc.name in shared, doc.name == "sources")
    )


@functools.cache
def _json_schema_defs() -> dict[str, Any]:
    defs: dict[str, Any] = DataFile.model_json_schema()["$defs"]
    return defs


def _field_doc(name: str, info: FieldInfo, schema: dict[str, Any], required: bool) -> FieldDoc:
    value_schema = _without_null(schema)
    is_list = value_schema.get("type") == "array"
    if is_list:
        value_schema = _without_null(value_schema.get("items", {}))
    resolved = _resolve(value_schema)
    metadata = list(_metadata(info))
    markers = [item for item in metadata if isinstance(item, RefTo)]
    default = schema.get("default")
    return FieldDoc(
        name=name,
        title=info.title or name,
        description=info.description or "",
        required=required,
        hint=_value_hint(metadata, resolved),
        allowed=tuple(str(value) for value in resolved.get("enum", ())),
        examples=tuple(str(value) for value in resolved.get("examples", ())),
        default=_default_text(default),
        is_list=is_list,
        part=model_inside(info.annotation),
        refers_to=markers[0].kinds if markers else (),
    )


def _without_null(schema: dict[str, Any]) -> dict[str, Any]:
    options = [option for option in schema.get("anyOf", ()) if option.get("type") != "null"]
    return options[0] if len(options) == 1 else schema


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    reference = schema.get("$ref")
    if isinstance(reference, str):
        resolved: dict[str, Any] = _json_schema_defs()[reference.rsplit("/", 1)[-1]]
        return resolved
    return schema


def _metadata(info: FieldInfo) -> Iterator[Any]:
    """Every annotation marker of a field, looking through Optional, list and Annotated."""
    yield from info.metadata
    yield from annotation_parts(info.annotation)


def _validators(annotation: Any) -> set[Any]:
    return {getattr(item, "func", None) for item in annotation_parts(annotation)} - {None}


def _value_hint(metadata: Sequence[Any], schema: dict[str, Any]) -> str:
    units = next((item for item in metadata if isinstance(item, Units)), None)
    if units is not None:
        return _units_hint(units)
    functions = {getattr(item, "func", None) for item in metadata} - {None}
    for alias, hint in _VALUE_HINTS:
        if _validators(alias) & functions:
            return hint
    if schema.get("type") == "boolean":
        return "true（是）或 false（否）"
    if schema.get("pattern") == PARTIAL_DATE_PATTERN:
        return _VALUE_HINTS[0][1]
    return ""


def _units_hint(units: Units) -> str:
    if units.allowed == ("元",):
        return "金额，照原文写，以“元”为单位"
    if len(units.allowed) == 1:
        return f"数量，照原文写，连同“余”“多”“近”等字，以{units.choices()}为单位"
    return (
        f"数量，照原文写，连同“余”“多”“近”等字，以{units.choices()}为单位；"
        "网站会把各条记录的这一项相加，所以同一类记录要用同一个单位"
    )


def _default_text(default: object) -> str:
    if default is None or default == [] or default == "":
        return ""
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def _kinds_text(kinds: tuple[RecordKind, ...]) -> str:
    if set(kinds) == set(RecordKind):
        return "任意一条记录"
    return f" {'、'.join(kinds)} 中某条记录"


def _sentence(text: str) -> str:
    return text if text.endswith(_SENTENCE_END) else text + "。"


# --- the skeleton -----------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a file indents its lists: ``  - id: x`` is item_indent 2, gap 1."""

    item_indent: int = 2  # columns before the "-" of a record, under its top-level key
    gap: int = 1  # spaces between "-" and the first field
    nested_indent: int = 2  # columns from a field's key to the "-" of its list items

    @property
    def field_column(self) -> int:
        """Where the fields of a record start."""
        return self.item_indent + 1 + self.gap


@dataclass(frozen=True)
class AddedRecord:
    """A skeleton that was written: where it is and what to fill in."""

    path: Path
    kind: RecordKind
    record_id: str
    line: int  # 1-based line of the record's first line ("- id: …")
    text: str  # the lines that were inserted
    placeholders: tuple[str, ...]  # the keys left empty for the editor to fill in
    new_file: bool = False  # a record file of its own (data/studios/<id>.yaml) was created


def default_file(kind: RecordKind, root: Path) -> Path:
    """Where records of ``kind`` live: data/studios.yaml, data/people.yaml …"""
    return root / DATA_DIR / f"{kind.value}.yaml"


def record_folder(kind: RecordKind, root: Path) -> Path:
    """The folder of one-record files of ``kind``: data/studios/, data/people/ …"""
    return root / DATA_DIR / kind.value


def add_record(
    kind: RecordKind,
    root: Path,
    *,
    path: Path | None = None,
    record_id: str | None = None,
    folder: bool | None = None,
) -> AddedRecord:
    """A new record where an editor expects it: its own file or the end of a list file.

    ``folder`` True writes data/<kind>/<id>.yaml, False appends to the list file; None
    decides by ``path`` (a file in the record folder is a record file), else by whether
    the kind's record folder exists already.
    """
    if path is not None:
        in_folder = path.parent.absolute() == record_folder(kind, root).absolute()
        other = folder_kind(path)
        if other is not None and not in_folder:
            raise SkeletonError(
                f"{path} 在{kind_title(other)}的记录文件夹里，只能放{kind_title(other)}记录；"
                f"{kind_title(kind)}记录请写在 {DATA_DIR / kind.value}/ 里，或写进列表文件。"
            )
        if folder is not None and folder != in_folder:
            where = "记录文件夹里的文件" if in_folder else "列表文件"
            raise SkeletonError(f"{path} 是{where}，与所选的写法不符。请只写其中一个选项。")
        folder = in_folder
    elif folder is None:
        folder = record_folder(kind, root).is_dir()
    if not folder:
        return add_skeleton(kind, root, path=path, record_id=record_id)
    if path is not None:
        if record_id is not None and record_id != path.stem:
            raise SkeletonError(
                f"文件名“{path.name}”与编号“{record_id}”不一致：记录文件以编号命名。"
                "请只写 --id，或只写 --file。"
            )
        record_id = path.stem
    return add_record_file(kind, root, record_id=record_id)


def add_record_file(kind: RecordKind, root: Path, *, record_id: str | None = None) -> AddedRecord:
    """Write a new, empty record of ``kind`` as its own file, data/<kind>/<id>.yaml.

    The same commented skeleton as in a list file, at the left margin: one record, no
    ``- ``, no list name. An existing file is never overwritten.
    """
    if kind not in _ID_PREFIXES:
        raise SkeletonError(f"不能用这个命令添加“{kind.value}”记录。")
    data_files = find_data_files([root / DATA_DIR]) if (root / DATA_DIR).is_dir() else []
    taken = taken_ids(data_files)
    record_id = _checked_id(record_id, taken) if record_id else fresh_id(kind, taken)
    path = record_folder(kind, root) / f"{record_id}.yaml"
    _read(path, root)  # refuses a link, or a folder that is a link out of the repository
    source_ids = _source_ids(data_files)
    layout = Layout()
    # The skeleton of a list item, moved left by the width of "  - ": the record's fields.
    lines = [
        line[layout.field_column :] for line in skeleton_lines(kind, record_id, source_ids, layout)
    ]
    text = "\n".join([*lines, ""])
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="") as new:  # "x": never overwrite
            new.write(text)
    except FileExistsError:
        raise SkeletonError(f"{path}：文件已存在，不会覆盖。请换一个编号。") from None
    return AddedRecord(
        path=path,
        kind=kind,
        record_id=record_id,
        line=1,
        text=text,
        placeholders=_placeholders(kind, source_ids),
        new_file=True,
    )


def add_skeleton(
    kind: RecordKind, root: Path, *, path: Path | None = None, record_id: str | None = None
) -> AddedRecord:
    """Insert a new, empty record of ``kind`` at the end of its list in ``path``.

    ``root`` is the repository: every data file under ``root/data`` is read for the ids in
    use and for the sources a record can cite. The file and its list are created when they
    do not exist yet.
    """
    if kind not in _ID_PREFIXES:
        raise SkeletonError(f"不能用这个命令添加“{kind.value}”记录。")
    path = path or default_file(kind, root)
    original = _read(path, root)
    data_files = find_data_files([root / DATA_DIR]) if (root / DATA_DIR).is_dir() else []
    taken = taken_ids([*data_files, path] if path.exists() else data_files)
    record_id = _checked_id(record_id, taken) if record_id else fresh_id(kind, taken)
    source_ids = _source_ids(data_files)
    text = _with_final_newline(original) if original else _new_file_header(path, root)
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.split(newline)[:-1]  # the text ends with a newline: drop the empty tail
    insert_at, lines, needs_key, has_items = _insertion_point(lines, kind.value)
    layout = detect_layout(lines, kind.value)
    record_lines = skeleton_lines(kind, record_id, source_ids, layout)
    added: list[str] = []
    if needs_key:
        if any(line.strip() and not line.lstrip().startswith("#") for line in lines):
            added.append("")
        added.append(f"{kind.value}:")
    elif has_items and insert_at > 0 and lines[insert_at - 1].strip():
        added.append("")  # records are separated by a blank line, as in the data files
    first_line = insert_at + len(added) + 1
    added.extend(record_lines)
    new_lines = [*lines[:insert_at], *added, *lines[insert_at:]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(newline.join([*new_lines, ""]).encode("utf-8"))
    return AddedRecord(
        path=path,
        kind=kind,
        record_id=record_id,
        line=first_line,
        text=newline.join([*added, ""]),
        placeholders=_placeholders(kind, source_ids),
    )


def _placeholders(kind: RecordKind, source_ids: Sequence[str]) -> tuple[str, ...]:
    """The fields of a new record that the editor must fill in."""
    placeholders = [
        doc.name
        for doc in field_docs(record_model(kind))
        if doc.required and doc.name not in ("id", "sources")
    ]
    if len(source_ids) != 1:
        placeholders.append("source")
    return tuple(placeholders)


def skeleton_lines(
    kind: RecordKind, record_id: str, source_ids: Sequence[str], layout: Layout
) -> list[str]:
    """The lines of a new record, each field with its Chinese title as a comment."""
    model = record_model(kind)
    useful = set(USEFUL_OPTIONAL_FIELDS[kind])
    column = " " * layout.field_column
    rows: list[tuple[str, str]] = []  # (YAML, comment)
    for doc in field_docs(model):
        if doc.name == "id":
            rows.append(
                (f"{' ' * layout.item_indent}-{' ' * layout.gap}id: {record_id}", _comment(doc))
            )
        elif doc.name == "sources":
            rows.append((f"{column}sources:", _comment(doc)))
            rows.extend(_citation_rows(doc, source_ids, layout))
        elif doc.required:
            rows.append((f"{column}{doc.name}:", _comment(doc)))
        elif doc.name in useful:
            rows.append((f"{column}# {doc.name}:", _comment(doc)))
    return _aligned(rows)


def _citation_rows(
    sources_doc: FieldDoc, source_ids: Sequence[str], layout: Layout
) -> list[tuple[str, str]]:
    assert sources_doc.part is not None
    dash = " " * (layout.field_column + layout.nested_indent)
    column = " " * (len(dash) + 1 + layout.gap)
    rows: list[tuple[str, str]] = []
    for doc in field_docs(sources_doc.part):
        if doc.name == "source":
            if len(source_ids) == 1:
                rows.append((f"{dash}-{' ' * layout.gap}source: {source_ids[0]}", _comment(doc)))
            else:
                choices = (
                    f"现有的来源：{'、'.join(source_ids)}。"
                    if source_ids
                    else "还没有来源：请先在 data/sources.yaml 中添加一条。"
                )
                rows.append((f"{dash}-{' ' * layout.gap}source:", _comment(doc) + choices))
        elif doc.required:
            rows.append((f"{column}{doc.name}:", _comment(doc)))
        elif doc.name in USEFUL_CITATION_FIELDS:
            rows.append((f"{column}# {doc.name}:", _comment(doc)))
    return rows


def _comment(doc: FieldDoc) -> str:
    label = f"{doc.title}（必填）" if doc.required else doc.title
    return f"{label}：{doc.explanation()}"


def _aligned(rows: Sequence[tuple[str, str]]) -> list[str]:
    # Comments start in one column, so that the values an editor types line up on the left.
    width = max(len(code) for code, _ in rows) + 2
    return [f"{code.ljust(width)}# {comment}" for code, comment in rows]


# --- ids --------------------------------------------------------------------------------


# A new record's id starts with its kind's name on the command line: studio-001.
_ID_PREFIXES: dict[RecordKind, str] = {kind: name for name, kind in KINDS_BY_NAME.items()}


def taken_ids(paths: Iterable[Path]) -> set[str]:
    """Every id written in the files, read as text so that a file with a mistake counts too."""
    taken: set[str] = set()
    for path in paths:
        try:
            text = path.read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        taken.update(match.group(1) for match in _ID_LINE.finditer(text))
    return taken


def fresh_id(kind: RecordKind, taken: set[str]) -> str:
    """``studio-001``-style: one more than the highest number of its kind, unused anywhere."""
    prefix = _ID_PREFIXES[kind]
    pattern = re.compile(rf"{prefix}-([0-9]+)")
    numbers = [int(match.group(1)) for i in taken if (match := pattern.fullmatch(i))]
    return f"{prefix}-{max(numbers, default=0) + 1:03d}"


# The schema's own rule for an id: pattern and length.
_RECORD_ID: TypeAdapter[str] = TypeAdapter(RecordId)


def _checked_id(record_id: str, taken: set[str]) -> str:
    try:
        _RECORD_ID.validate_python(record_id)
    except ValidationError:
        raise SkeletonError(
            f"编号“{record_id}”的写法不对。只能用小写英文字母、数字和连字符“-”，"
            "2 到 64 个字符，如 tj-steel-pipe-studio。"
        ) from None
    if record_id in taken:
        raise SkeletonError(f"编号“{record_id}”已被使用。每条记录的编号必须唯一，请换一个。")
    return record_id


def _source_ids(data_files: Sequence[Path]) -> list[str]:
    loaded = load_files(data_files)
    return sorted(
        record_id
        for record_id, origins in loaded.declared_ids.items()
        if origins[0].kind is RecordKind.SOURCES
    )


# --- the text of the file ---------------------------------------------------------------


def _read(path: Path, root: Path) -> str:
    # A link is never written through, even one to nothing (which would create its target
    # wherever it points), nor a file in the repository whose folder is a link out of it.
    if path.is_symlink() or (path.exists() and not path.is_file()):
        raise SkeletonError(f"{path}：不是普通文件，无法添加记录。")
    inside = path.absolute().is_relative_to(root.absolute())
    if inside and not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(root)):
        raise SkeletonError(f"{path}：所在的文件夹是指向仓库以外的符号链接，无法添加记录。")
    if not path.exists():
        return ""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SkeletonError(
            f"{path}：文件不是 UTF-8 编码。请先用“UTF-8”重新保存（showcase validate 会指出位置）。"
        ) from None


def _with_final_newline(text: str) -> str:
    if text.endswith("\n"):
        return text
    return text + ("\r\n" if "\r\n" in text else "\n")


def _new_file_header(path: Path, root: Path) -> str:
    # The same first line as every data file, so that VS Code finds the schema.
    schema = os.path.relpath((root / SCHEMA_PATH).absolute(), path.parent.absolute())
    return f"# yaml-language-server: $schema={Path(schema).as_posix()}\n"


def _top_keys(lines: Sequence[str]) -> list[tuple[int, str, str]]:
    """(index, key, rest of the line) of every key at the left margin."""
    found = []
    for index, line in enumerate(lines):
        text = line.lstrip("\ufeff") if index == 0 else line
        match = _TOP_KEY.match(text)
        if match:
            found.append((index, match.group(1), match.group(2) or ""))
    return found


def _insertion_point(lines: list[str], key: str) -> tuple[int, list[str], bool, bool]:
    """Where the new record goes: (index, lines, the key must be added, the list has items)."""
    top_keys = _top_keys(lines)
    position = next((n for n, (_, name, _) in enumerate(top_keys) if name == key), None)
    if position is None:
        return len(lines), lines, True, False
    start, _, rest = top_keys[position]
    value = rest.split(" #", 1)[0].strip() if not rest.startswith("#") else ""
    if value == "[]":
        # `studios: []` is an empty list written inline: the one line that has to change.
        comment = rest[rest.index("#") :] if "#" in rest else ""
        lines = [*lines]
        lines[start] = f"{key}:" + (f"  {comment}" if comment else "")
    elif value:
        raise SkeletonError(
            f"第 {start + 1} 行的“{key}:”后面直接写了内容（一行式写法），无法在下面追加记录。"
            "请改成每条记录以“- ”开头、各占一段的写法。"
        )
    end = top_keys[position + 1][0] if position + 1 < len(top_keys) else len(lines)
    if end < len(lines):
        # Comments at the left margin and blank lines just above the next list belong to it.
        while end - 1 > start and (not lines[end - 1].strip() or lines[end - 1].startswith("#")):
            end -= 1
    has_items = any(_LIST_ITEM.match(line) for line in lines[start + 1 : end])
    return end, lines, False, has_items


def detect_layout(lines: Sequence[str], key: str) -> Layout:
    """The list indentation the file already uses, preferring the list of ``key``."""
    top_keys = _top_keys(lines)
    ordered = sorted(top_keys, key=lambda entry: entry[1] != key)
    item: tuple[int, int] | None = None
    for index, _, _ in ordered:
        first = _first_content_line(lines, index + 1)
        match = _LIST_ITEM.match(lines[first]) if first is not None else None
        if match:
            item = (len(match.group(1)), len(match.group(2)))
            break
    if item is None:
        return Layout()
    nested = item[0]
    for index, line in enumerate(lines):
        key_match = re.match(r"( +)(?:-[ ]+)?sources[ \t]*:[ \t]*(?:#.*)?$", line)
        if not key_match:
            continue
        first = _first_content_line(lines, index + 1)
        dash = _LIST_ITEM.match(lines[first]) if first is not None else None
        if dash:
            key_column = len(line) - len(line.lstrip(" -"))
            nested = len(dash.group(1)) - key_column
            break
    return Layout(item_indent=item[0], gap=item[1], nested_indent=max(nested, 0))


def _first_content_line(lines: Sequence[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index
    return None
