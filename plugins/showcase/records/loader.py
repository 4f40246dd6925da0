"""Turn data files into typed records, collecting every problem in one pass."""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from showcase.records.catalog import Catalog, Origin
from showcase.records.diagnostics import Category, Diagnostic, field_path
from showcase.records.privacy import CONTACT_FIELD_NAMES
from showcase.records.quantities import QuantityError
from showcase.records.schema import (
    EMPTY_VALUE,
    AnyRecord,
    RecordKind,
    UnitError,
    kind_title,
    model_inside,
    record_model,
)
from showcase.records.yamlsource import LoadedYaml, Loc, load_yaml

DATA_SUFFIXES = (".yaml", ".yml")
_KIND_NAMES = frozenset(kind.value for kind in RecordKind)


@dataclass
class LoadResult:
    """The records that passed, and every problem found in the files."""

    catalog: Catalog = field(default_factory=Catalog)
    files: list[LoadedYaml] = field(default_factory=list)
    # Every id written, valid record or not, with where it was written: ids must be unique
    # across all records, and a reference to a record that has a typo in another field is
    # not reported a second time as a dangling reference.
    declared_ids: dict[str, list[Origin]] = field(default_factory=dict)
    # Every record as written, valid or not, for the checks that can read raw values.
    written_records: list[tuple[type[BaseModel], dict[str, Any], Origin]] = field(
        default_factory=list
    )
    # Problems found in the hand-written pages under content/, which are not data files.
    page_diagnostics: list[Diagnostic] = field(default_factory=list)

    # Problems of what is not a data file: symbolic links under the data folders.
    link_diagnostics: list[Diagnostic] = field(default_factory=list)
    # YAML files in a record folder that are not read: in a folder below it, or named .YAML.
    layout_diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Problems of every file, in file order, then those of the pages, links and folders."""
        found = [diagnostic for file in self.files for diagnostic in file.diagnostics]
        return found + self.page_diagnostics + self.link_diagnostics + self.layout_diagnostics

    @property
    def warnings(self) -> list[Diagnostic]:
        """What an editor should look at although the data passes, in file order."""
        return [warning for file in self.files for warning in file.warnings]


# A LoadResult of some files as plain, picklable parts: its files; its records as written,
# each with where it was written as (the index of its file, its loc, its folder's kind);
# and its valid records, each with the index of the record as written that it came from
# (the catalog keys its origins by the records' ids in memory, which do not survive a trip
# to another process). Tuples rather than Origin objects: a frozen dataclass with slots
# pickles through two calls in Python each, and 100,000 of them cross from the workers.
PackedPart = tuple[
    list[LoadedYaml],
    list[tuple[type[BaseModel], dict[str, Any], int, Loc, RecordKind | None]],
    list[tuple[AnyRecord, int]],
]


def pack_part(part: LoadResult) -> PackedPart:
    """What :func:`add_part` needs of ``part``, to hand from a worker process to its parent."""
    file_index = {id(file): index for index, file in enumerate(part.files)}
    written_index = {}
    written = []
    for index, (model, item, origin) in enumerate(part.written_records):
        written_index[id(origin)] = index
        written.append((model, item, file_index[id(origin.file)], origin.loc, origin.folder_kind))
    valid = [(record, written_index[id(part.catalog.origin(record))]) for record in part.catalog]
    return part.files, written, valid


def add_part(result: LoadResult, packed: PackedPart) -> None:
    """Add a packed part to ``result``, as loading its files into ``result`` would have."""
    files, written, valid = packed
    result.files.extend(files)
    origins = []
    for model, item, file_index, loc, folder_kind in written:
        origin = Origin(files[file_index], loc, folder_kind)
        origins.append(origin)
        result.written_records.append((model, item, origin))
        if isinstance(item.get("id"), str):
            result.declared_ids.setdefault(item["id"], []).append(origin)
    for record, written_index in valid:
        result.catalog.add(record, origins[written_index], shared_already=True)


def find_data_files(paths: Iterable[Path]) -> list[Path]:
    """The data files named, with folders expanded to the YAML files in them, sorted.

    A file in a folder inside a record folder (``data/studios/old/x.yaml``) is left out:
    :func:`layout_problems` reports it.
    """
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(
                Path(folder, name)
                for folder, name, is_file in _walk(path)
                if is_file and _suffix(name) in DATA_SUFFIXES
            )
        else:
            found.add(path)
    return sorted(found)


def _walk(top: Path) -> Iterator[tuple[str, str, bool]]:
    """The files below ``top`` that are read as data or could be (every file but those in
    a folder below a record folder), as (folder, name, whether it is a file).

    As Path.rglob finds them: links to files are files, links to folders are not entered.
    """
    for folder, name, is_file, nested in _entries(top):
        if not nested:
            yield folder, name, is_file


def _entries(top: Path) -> Iterator[tuple[str, str, bool, bool]]:
    """Every entry below ``top`` that is not a folder, as (folder, name, whether it is a
    file, whether it lies in a folder below a record folder), in no particular order.

    os.scandir rather than Path.rglob: a record folder holds a file per record, and
    pathlib's objects cost more than reading the folder. Like rglob, links to files are
    files and links to folders are not entered.
    """
    pending = [(str(top), 0)]  # a folder, and how deep below a record folder it lies
    while pending:
        folder, depth = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.is_symlink():
                    below = depth + 1 if depth else int(entry.name in _KIND_NAMES)
                    pending.append((entry.path, below))
                continue
            try:
                is_file = entry.is_file()
            except OSError:
                is_file = False
            yield folder, entry.name, is_file, depth >= 2


def _suffix(name: str) -> str:
    """What Path(name).suffix is, without making a Path."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def folder_kind(path: Path) -> RecordKind | None:
    """The kind of the one record in ``path`` if it is a record file, else None.

    A YAML file in a folder named after a kind (``data/studios/tj-steel-pipe.yaml``) holds
    one record of that kind; any other YAML file is a list file (``data/studios.yaml``).
    """
    name = path.parent.name
    return RecordKind(name) if name in _KIND_NAMES else None


def layout_problems(paths: Iterable[Path], display_root: Path | None = None) -> list[Diagnostic]:
    """What a record folder holds that is not read as a record: nested folders, odd names.

    Other files in a record folder (README.md, the full texts under data/sources/) are
    left alone on purpose: they are not data files, as beside the list files.
    """
    problems: list[Diagnostic] = []
    for path in paths:
        if not path.is_dir():
            continue
        # Only a file named .yaml or .yml, in any case, can be a problem here: below a
        # record folder, or in one with its suffix in capitals.
        candidates = (
            Path(folder, name)
            for folder, name, is_file, nested in _entries(path)
            if is_file
            and _suffix(name).lower() in DATA_SUFFIXES
            and (nested or _suffix(name) not in DATA_SUFFIXES)
        )
        for child in sorted(candidates):
            relative = child.relative_to(path)
            shown = _display_path(child, display_root)
            above = _record_folder_above(relative)
            if above is not None:
                if child.is_file() and child.suffix.lower() in DATA_SUFFIXES:
                    folder = _display_path(path / above, display_root)
                    problems.append(_nested_problem(shown, folder))
            elif (
                folder_kind(child) is not None
                and child.is_file()
                and child.suffix not in DATA_SUFFIXES
                and child.suffix.lower() in DATA_SUFFIXES
            ):
                problems.append(
                    Diagnostic(
                        shown,
                        1,
                        1,
                        "",
                        f"文件扩展名“{child.suffix}”要写成小写的“.yaml”，否则这个文件不会被读入。"
                        f"请把文件改名为“{child.stem}.yaml”。",
                        Category.FILE,
                        "folder-file-name",
                    )
                )
    return problems


def _record_folder_above(relative: Path) -> str | None:
    """The record folder that ``relative`` lies below, deeper than its own files; else None."""
    folders = relative.parts[:-1]
    for depth, name in enumerate(folders[:-1]):
        if name in _KIND_NAMES:
            return "/".join(folders[: depth + 1])
    return None


def _nested_problem(shown: str, folder: str) -> Diagnostic:
    return Diagnostic(
        shown,
        1,
        1,
        "",
        f"记录文件夹“{folder}/”里不能再有子文件夹：这个文件不会被读入。每条记录是“{folder}/”"
        "下面的一个文件，文件名就是记录的编号（如 steel-studio.yaml）。"
        f"请把文件移到“{folder}/”下，或把它的记录写进列表文件。",
        Category.FILE,
        "folder-nested",
    )


def load_files(paths: Sequence[Path], display_root: Path | None = None) -> LoadResult:
    """Load and validate every record of ``paths``; never raises on bad input."""
    result = LoadResult()
    for path in paths:
        load_file(path, result, display_root)
    return result


def load_file(
    path: Path,
    result: LoadResult,
    display_root: Path | None = None,
    shared: dict[str, str] | None = None,
) -> LoadedYaml:
    """Load and validate the records of one file into ``result``; never raises on bad input.

    ``shared``: one string object for each short value, across the files read with it.
    """
    display = _display_path(path, display_root)
    loaded = load_yaml(path, display, shared)
    result.files.append(loaded)
    if loaded.data is None:
        return loaded
    kind = folder_kind(path)
    if kind is None:
        _load_records(loaded, result)
    else:
        _load_record_file(loaded, kind, path.stem, result)
    return loaded


def _display_path(path: Path, root: Path | None) -> str:
    # Absolute, not resolved: a symbolic link must be named as itself in messages. Made of
    # strings, as Path.absolute() and relative_to() would, for speed: a record folder holds
    # a file per record.
    if root is None:
        return path.as_posix()
    cwd = os.getcwd()  # noqa: PTH109 - strings on purpose (see above)
    shown = str(path)
    if not shown.startswith("/"):
        shown = f"{cwd.rstrip('/')}/{shown}"
    base = str(root)
    if not base.startswith("/"):
        base = cwd if base == "." else f"{cwd.rstrip('/')}/{base}"
    if shown == base:
        return "."
    prefix = base.rstrip("/") + "/"
    if shown.startswith(prefix):
        return shown[len(prefix) :]
    return path.as_posix()


def _load_records(loaded: LoadedYaml, result: LoadResult) -> None:
    data = loaded.data
    if not isinstance(data, dict):
        loaded.error(
            (),
            f"文件最外层应是若干记录列表，如“studios:”“awards:”，这里却是{_describe(data)}。"
            f"可用的列表名：{_kind_names()}。",
            code="top-level",
        )
        return
    # `sources:` is a list name and also a field of every record.
    if "id" in data and not _KIND_NAMES.intersection(data) - {RecordKind.SOURCES.value}:
        _report_record_outside_folder(loaded)
        return
    for key, items in data.items():
        if key not in _KIND_NAMES:
            loaded.error(
                (key,),
                f"未知的列表名“{key}”。{_suggest(key, [k.value for k in RecordKind], _kind_titles())}"
                f"可用的列表名：{_kind_names()}。",
                code="unknown-list",
                of_key=True,
            )
            continue
        if items is None:
            continue  # `studios:` with nothing under it: an empty list, nothing is lost
        if not isinstance(items, list):
            loaded.error(
                (key,),
                f"“{key}”下面应是记录列表（每条以“- ”开头），这里却是{_describe(items)}。",
                code="not-a-list",
            )
            continue
        for index, item in enumerate(items):
            loc: Loc = (key, index)
            if not isinstance(item, dict):
                loaded.error(
                    loc,
                    f"每条记录应是若干“字段: 值”，这里却是{_describe(item)}。"
                    "请检查“- ”后面的缩进和冒号。",
                    code="not-a-record",
                )
                continue
            _load_record(item, Origin(loaded, loc), result)
    _check_fields_inside_text(loaded)
    _check_file_end(loaded, data)


def _report_record_outside_folder(loaded: LoadedYaml) -> None:
    """One record written as a record file, in a file that is read as a list file."""
    folders = "、".join(f"{kind}/" for kind in RecordKind)
    loaded.error(
        ("id",),
        "这个文件写的是一条记录（从“id:”开始），但它不在记录文件夹里，会被当作列表文件读，"
        "而列表文件的最外层应是列表名，如“studios:”。请把文件移到 data/ 下它那一类的记录文件夹"
        f"（{folders}之一，文件夹名要一字不差），文件名就是编号；或者在最前面加一行列表名"
        "（如“studios:”），再在“id:”前加“- ”，其余各行向右缩进。",
        code="top-level",
        of_key=True,
    )


def _load_record(item: dict[str, Any], origin: Origin, result: LoadResult) -> None:
    """Validate one record as written, wherever it stands, and note its id."""
    model = record_model(origin.kind)
    result.written_records.append((model, item, origin))
    if isinstance(item.get("id"), str):
        result.declared_ids.setdefault(item["id"], []).append(origin)
    try:
        record = model.model_validate(item)
    except ValidationError as error:
        for details in error.errors(include_url=False):
            _report_schema_error(origin.file, origin.loc, details, model)
        return
    result.catalog.add(record, origin)


def _load_record_file(loaded: LoadedYaml, kind: RecordKind, stem: str, result: LoadResult) -> None:
    """The one record of a file in a record folder: a mapping at the top, named by its id."""
    data = loaded.data

    def layouts() -> str:
        folder = PurePosixPath(loaded.path).parent
        return (
            f"记录文件夹“{folder}/”里的每个文件只写一条{kind_title(kind)}记录：字段从第一列写起"
            f"（如“id: {stem}”“name: …”），前面不加“- ”，也不写“{kind}:”；"
            f"文件名就是编号。若要在一个文件里写多条记录，请用列表文件 {folder}.yaml"
            f"（以“{kind}:”开头，每条以“- ”开头）。"
        )

    if not isinstance(data, dict):
        loaded.error((), f"这里却是{_describe(data)}。{layouts()}", code="folder-file-shape")
        return
    # `sources:` is a field of every record, too: only a list under a kind that is no field.
    fields = record_model(kind).model_fields
    listed = [
        key
        for key, value in data.items()
        if key in _KIND_NAMES and key not in fields and isinstance(value, list)
    ]
    if listed:
        loaded.error(
            (listed[0],),
            f"“{listed[0]}:”下面是记录列表，这是列表文件的写法。{layouts()}",
            code="folder-file-shape",
            of_key=True,
        )
        return
    record_id = data.get("id")
    if isinstance(record_id, str) and record_id != stem:
        loaded.error(
            ("id",),
            f"编号“{record_id}”与文件名“{stem}”不一致。记录文件夹里的文件名必须是记录的编号："
            f"请把文件改名为“{record_id}.yaml”，或把编号改成“{stem}”。",
            code="id-file-name",
        )
    _load_record(data, Origin(loaded, (), kind), result)
    _check_fields_inside_text(loaded, kind)
    _warn_if_cut_short(loaded, (), record_model(kind), data)


def _check_file_end(loaded: LoadedYaml, data: dict[str, Any]) -> None:
    """A file that ends in the middle of a record may have lost its tail: warn.

    An editor's paste that lost the end of a file drops the records after the cut without a
    word, and the record at the cut may still be valid. What shows it: the last record lacks
    required fields, or the file stops without a line break (editors and GitHub end a saved
    file with one; a cut does not).
    """
    last: tuple[Loc, dict[str, Any]] | None = None
    for key, items in data.items():
        if key not in _KIND_NAMES or not isinstance(items, list):
            continue
        # The items of a list stand in file order: only its last record can be the last.
        index = next(
            (index for index in range(len(items) - 1, -1, -1) if isinstance(items[index], dict)),
            None,
        )
        if index is None:
            continue
        loc: Loc = (key, index)
        if last is None or loaded.position(loc) > loaded.position(last[0]):
            last = (loc, items[index])
    if last is not None:
        loc, item = last
        _warn_if_cut_short(loaded, loc, record_model(RecordKind(str(loc[0]))), item)


def _warn_if_cut_short(
    loaded: LoadedYaml, loc: Loc, model: type[BaseModel], item: dict[str, Any]
) -> None:
    """Warn when the last record of a file lacks required fields or the last line break."""
    start = loaded.position(loc)[0]
    end = (loaded.last_line, 1)
    missing = [
        f"“{name}”（{info.title}）" if info.title else f"“{name}”"
        for name, info in model.model_fields.items()
        if info.is_required() and name not in item
    ]
    if missing:
        loaded.warn(
            loc,
            f"文件在最后一条记录（第{start}行起）的中间结束：它缺少{'、'.join(missing)}。"
            "如果文件在粘贴或编辑时被截断，这条记录后面的记录也一起丢了：请和原来的版本核对"
            "（`showcase diff` 会列出被删除的记录）。",
            code="cut-short",
            position=end,
        )
    elif loaded.missing_final_newline:
        loaded.warn(
            loc,
            f"文件的最后一行没有换行符，可能是写到一半被截断了。请核对最后一条记录（第{start}行起）"
            "的最后一个值是否完整，以及后面是否还有记录丢失；核对无误后，在文件末尾加一个换行。",
            code="cut-short",
            position=end,
        )


def _check_fields_inside_text(loaded: LoadedYaml, folder: RecordKind | None = None) -> None:
    """A field indented into the block of text above it is read as text, and published.

    ``notes: |-`` two spaces too far right becomes a line of the description: validation
    alone would pass it. A line of a block that reads as a field of the record (or of the
    part the block is in), by its name or its Chinese title, is an error.
    """
    for loc, lines in loaded.field_like_lines.items():
        # The place of the block inside its record: after ("studios", 3) in a list file.
        if folder is not None and loc:
            kind_name, inside = folder.value, loc
        elif len(loc) >= 3 and isinstance(loc[1], int):
            kind_name, inside = str(loc[0]), loc[2:]
        else:
            continue
        try:
            model = record_model(RecordKind(kind_name))
            fields = _fields_at(model, ()) | _fields_at(model, inside[:-1])
        except (ValueError, KeyError):
            continue  # not a list of records, or a block under an unknown field
        by_title = {title: name for name, title in fields.items()}
        block = str(loc[-1]) if isinstance(loc[-1], str) else field_path(inside)
        for line in lines:
            name = line.name if line.name in fields else by_title.get(line.name)
            if name is None:
                continue
            shown = line.name if line.name == name else f"{line.name}（即 {name}）"
            loaded.error(
                loc,
                f"第{line.line}行的“{line.name}:”缩进得比“{block}:”深，被当成了“{block}”这段文字的"
                f"一部分，会和这段文字一起发布，而不是作为字段“{shown}”读入。如果它是字段，"
                f"请把这一行和它下面的内容往左移，与“{block}:”对齐；如果它确实是正文，"
                f"请把这一行的英文冒号改成中文冒号“：”。",
                code="field-in-text",
                category=Category.SYNTAX,
                position=(line.line, line.column),
            )


def _report_schema_error(
    loaded: LoadedYaml, record_loc: Loc, details: ErrorDetails, model: type[BaseModel]
) -> None:
    loc: Loc = (*record_loc, *details["loc"])
    error_type = details["type"]
    if error_type == "extra_forbidden":
        name = str(details["loc"][-1])
        if name.lower() in CONTACT_FIELD_NAMES:
            loaded.error(
                loc,
                f"不能有“{name}”字段：公开数据只写姓名、单位和职务，不得包含联系方式或证件号码。"
                "请删除这一行。",
                code="contact-field",
                category=Category.PRIVACY,
                of_key=True,
            )
            return
        known = _fields_at(model, details["loc"][:-1])
        suggestion = _suggest(name, list(known), known)
        loaded.error(
            loc,
            f"未知字段“{name}”。{suggestion}可用字段：{'、'.join(known)}。",
            code="unknown-field",
            of_key=True,
        )
        return
    if error_type == "missing":
        name = str(details["loc"][-1])
        title = _fields_at(model, details["loc"][:-1]).get(name, "")
        loaded.error(
            loc[:-1],
            f"缺少必填字段“{name}”{f'（{title}）' if title and title != name else ''}。请补上。",
            code="missing-field",
        )
        return
    # `name:` with nothing after it is an empty value, whatever type the field has.
    if details.get("input") is None and error_type.endswith("_type"):
        loaded.error(loc, EMPTY_VALUE, code="empty")
        return
    # A validator's own error names its problem (a quantity that cannot be read).
    raised = (details.get("ctx") or {}).get("error")
    loaded.error(
        loc,
        _message(details),
        code=next(
            (code for kind, code in _VALIDATOR_CODES.items() if isinstance(raised, kind)),
            _CODES.get(error_type, "invalid-value"),
        ),
    )


def _message(details: ErrorDetails) -> str:
    error_type = details["type"]
    value = details.get("input")
    context: dict[str, Any] = dict(details.get("ctx") or {})
    if error_type in ("value_error", "assertion_error"):
        return str(context.get("error", details["msg"]))
    if error_type == "enum":
        # pydantic lists the choices as "'全国级', '省级' or '企业级'".
        allowed = str(context.get("expected", "")).replace("'", "")
        allowed = allowed.replace(" or ", "、").replace(", ", "、")
        return f"“{value}”不是可选的值。只能写：{allowed}。"
    if error_type == "bool_parsing" or error_type == "bool_type":
        return f"“{value}”不是是/否值。请写 true（是）或 false（否）。"
    if error_type in ("string_type", "str_type"):
        return f"应为一段文字，这里却是{_describe(value)}。"
    if error_type == "list_type":
        return f"应为列表（每项一行，以“- ”开头），这里却是{_describe(value)}。"
    if error_type in ("model_type", "model_attributes_type", "dict_type"):
        return f"应为若干“字段: 值”（缩进写在下一行），这里却是{_describe(value)}。"
    if error_type == "string_pattern_mismatch":
        return (
            f"编号“{value}”的写法不对。只能用小写英文字母、数字和连字符“-”，"
            "不能有空格、中文或大写字母，如 li-gang、tj-steel-pipe。"
        )
    if error_type == "string_too_short":
        if context.get("min_length", 1) > 1:
            return f"太短，至少要 {context['min_length']} 个字符。"
        return EMPTY_VALUE
    # A text under a validator reports its maximum as too_long, not string_too_long.
    if error_type in ("string_too_long", "too_long"):
        return f"太长了，最多 {context.get('max_length')} 个字符。较长的内容请写在 description（简介）里。"
    if error_type == "too_short":
        return f"至少需要 {context.get('min_length')} 项。"
    return f"取值不符合要求：{details['msg']}"


_CODES = {
    "value_error": "invalid-value",
    "enum": "not-allowed",
    "bool_parsing": "not-yes-no",
    "string_type": "wrong-type",
    "list_type": "wrong-type",
    "model_type": "wrong-type",
    "model_attributes_type": "wrong-type",
    "dict_type": "wrong-type",
    "string_pattern_mismatch": "bad-id",
    "string_too_short": "empty",
    "too_short": "too-few",
    "string_too_long": "too-long",
    "too_long": "too-long",
}


# Checked in this order: a UnitError is a QuantityError too.
_VALIDATOR_CODES = {UnitError: "wrong-unit", QuantityError: "bad-quantity"}


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> dict[str, str]:
    """The fields (name -> Chinese title) of the part of ``model`` at ``loc``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        annotation = current.model_fields[part].annotation
        current = model_inside(annotation)
        if current is None:
            return {}
    return {name: info.title or name for name, info in current.model_fields.items()}


def _suggest(name: str, candidates: list[str], titles: dict[str, str]) -> str:
    """A did-you-mean for a misspelt field, or for a field written as its Chinese title."""
    for candidate, title in titles.items():
        if name == title:
            return f"字段名请用英文：“{title}”应写作“{candidate}”。"
    close = difflib.get_close_matches(name.lower(), candidates, n=1, cutoff=0.6)
    return f"是不是想写“{close[0]}”？" if close else ""


def _kind_titles() -> dict[str, str]:
    return {kind.value: kind_title(kind) for kind in RecordKind}


def _kind_names() -> str:
    return "、".join(f"{name}（{title}）" for name, title in _kind_titles().items())


def _describe(value: object) -> str:
    if value is None:
        return "空值"
    if isinstance(value, dict):
        return "一组“字段: 值”"
    if isinstance(value, list):
        return "一个列表"
    return f"“{value}”"
