"""Open data: every record of a kind as JSON and as CSV, for journalists and researchers.

Both formats are derived from the pydantic models in :mod:`showcase.records.schema`, never from a
hand-written list of fields, so a field added to the schema appears in the downloads (and
in their column documentation, :func:`csv_columns`) without touching this module.

Decisions, so that readers of the files can rely on them:

- **Deterministic bytes.** Records are sorted by id, JSON keys are sorted, line endings are
  fixed (``\\n`` in JSON, ``\\r\\n`` in CSV as RFC 4180 asks) and nothing depends on the
  clock, so two builds of the same data give byte-identical files.
- **Missing values.** In JSON a field the editor did not write is ``null``, never left out
  and never filled with a default: every record of a kind has the same keys, so a reader
  can see every field the schema has, including the ones this record lacks. The schema
  has no defaults (an award without ``status`` is ``null``, not 有效; a studio without
  ``featured`` is ``null``, not false; a list nobody wrote is ``null``, not ``[]``); only a
  list the editor wrote empty is ``[]``. In CSV a missing value is an empty cell (so a
  studio without achievements and one whose achievements are all empty look alike there).
- **Quantities** keep the text as written (``30余项``) next to its exact value, qualifier and
  unit. The value is a string in JSON (``"5828000"``, ``"96.3"``) because JSON parsers turn
  numbers into binary floating point and would change it; in CSV it is plain digits that a
  spreadsheet can compute with.
- **CSV for Excel on Chinese Windows**: UTF-8 with a byte-order mark (without one Excel reads
  the file as GBK and shows mojibake), a header row of field paths (``achievements.
  patents_granted``), lists joined with the full-width semicolon ``；``.
- **CSV injection.** See :func:`neutralise_cell`: a cell that a spreadsheet would run as a
  formula gets a leading ``'``, and so does a cell that already starts with one, so the rule
  can be undone exactly (:func:`restore_cell`).
- **XLSX** (:func:`export_xlsx`): the same columns and cells as the CSV, headed by their Chinese
  titles, every cell text (the same ``'`` rule) except the exact values of quantities, which
  are numbers. Its bytes depend only on the data and the revision date: openpyxl would write
  the time of the build into ``docProps/core.xml`` and into every zip entry.
"""

from __future__ import annotations

import csv
import decimal
import enum
import functools
import io
import json
import typing
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from showcase.records.catalog import Catalog
from showcase.records.jsonschema import SCHEMA_PATH
from showcase.records.quantities import Qualifier, Quantity
from showcase.records.schema import (
    AnyRecord,
    Record,
    RecordKind,
    bare_annotation,
    kind_title,
    record_model,
)

__all__ = [
    "LIST_SEPARATOR",
    "QUALIFIER_MEANINGS",
    "ColumnDoc",
    "csv_columns",
    "export_csv",
    "export_json",
    "export_xlsx",
    "kind_title",
    "neutralise_cell",
    "restore_cell",
]

# The full-width semicolon is how Chinese text separates items of a list, and it appears in
# none of the ids, file paths or list items of the data. An item that itself contains "；"
# cannot be told apart from two items once joined: the JSON export is the exact one.
LIST_SEPARATOR = "；"

# A spreadsheet treats a cell starting with one of these as a formula (= + - @) or strips
# the character and may then do so (tab, CR). "-" is included although text may start with
# it: Excel reads "-李刚" as a formula too and shows #NAME?, so the prefix also keeps such
# text visible. Quantities are never negative, so no number column is affected.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEUTRALISING_PREFIX = "'"

# The qualifier codes of the CSV and JSON, explained for the download page.
QUALIFIER_MEANINGS: dict[Qualifier, str] = {
    Qualifier.EXACT: "确数",
    Qualifier.MORE_THAN: "多于这个数（余、多、逾、超过）",
    Qualifier.NEARLY: "接近而不到这个数（近、将近、接近）",
    Qualifier.ABOUT: "约数（约、左右、上下、上千）",
    Qualifier.AT_LEAST: "不少于这个数（以上、至少、不低于）",
    Qualifier.LESS_THAN: "少于这个数（不足、不到）",
    Qualifier.AT_MOST: "不超过这个数（以下、以内、最多）",
}


@dataclass(frozen=True)
class ColumnDoc:
    """One CSV column as the download page documents it: field path, Chinese title, meaning."""

    name: str  # the header cell, e.g. "achievements.patents_granted_value"
    title: str  # e.g. "成果：获得专利（数值）"
    description: str


# --- JSON -----------------------------------------------------------------------------


def export_json(catalog: Catalog, kind: RecordKind) -> bytes:
    """Every record of ``kind`` as UTF-8 JSON, sorted by id, wrapped with kind, title and count."""
    records = _sorted_by_id(catalog.of_kind(kind))
    document: dict[str, Any] = {
        "kind": kind.value,
        "title": kind_title(kind),
        "count": len(records),
        "schema": SCHEMA_PATH.name,
        "records": [_json_value(record) for record in records],
    }
    # Not ASCII-escaped: the data is Chinese and meant to be read, also in a text editor.
    # One record per line, without the spaces of pretty printing: indented, the files were
    # about 28 % larger (25 MB more at 100,000 records), and a line per record still reads,
    # greps and diffs record by record.
    lines = []
    for key, value in sorted(document.items()):
        if key == "records":
            rows = [
                json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
                for row in value
            ]
            text = "[\n" + ",\n".join(rows) + "\n]" if rows else "[]"
        else:
            text = json.dumps(value, ensure_ascii=False)
        lines.append(f"  {json.dumps(key)}: {text}")
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode("utf-8")


def _json_value(value: object) -> Any:
    if isinstance(value, BaseModel):
        # Every declared field, None included, so that all records of a kind share their keys.
        return {name: _json_value(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, Quantity):
        return {
            "text": value.text,
            "value": _plain_decimal(value.value),
            "qualifier": value.qualifier.value,
            "unit": value.unit,
        }
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if value is None or isinstance(value, (str, bool)):
        return value
    raise TypeError(f"no JSON form for {type(value).__name__}: add one to exports.py")


def _plain_decimal(value: decimal.Decimal) -> str:
    # "f" never writes an exponent: 0.0000001 stays digits, not 1E-7, for every reader.
    return format(value, "f")


# --- CSV ------------------------------------------------------------------------------


def export_csv(catalog: Catalog, kind: RecordKind) -> bytes:
    """Every record of ``kind`` as CSV for Excel: UTF-8 with BOM, CRLF, one column per field."""
    columns = _csv_plan(record_model(kind))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.doc.name for column in columns])
    for record in _sorted_by_id(catalog.of_kind(kind)):
        writer.writerow([neutralise_cell(column.cell(record)) for column in columns])
    # utf-8-sig writes the byte-order mark Excel needs to recognise UTF-8.
    return buffer.getvalue().encode("utf-8-sig")


def csv_columns(kind: RecordKind) -> list[ColumnDoc]:
    """The columns of :func:`export_csv` for ``kind``, in order, titled and described from the schema."""
    return [column.doc for column in _csv_plan(record_model(kind))]


def neutralise_cell(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula, or that starts with ``'``.

    Prefixing cells that already start with ``'`` makes the rule reversible: remove one
    leading ``'`` from every cell that has one (:func:`restore_cell`) and the data is back.
    """
    if text.startswith((*_FORMULA_STARTS, _NEUTRALISING_PREFIX)):
        return _NEUTRALISING_PREFIX + text
    return text


def restore_cell(text: str) -> str:
    """Undo :func:`neutralise_cell`: the cell as the data holds it."""
    return text.removeprefix(_NEUTRALISING_PREFIX)


# --- XLSX -----------------------------------------------------------------------------

# The date of a file whose revision is not known (outside git): the earliest a zip can hold.
_NO_DATE = datetime(1980, 1, 1, tzinfo=UTC)
# Excel keeps 15 significant digits: a longer exact value stays text rather than be rounded.
_EXCEL_DIGITS = 15


def export_xlsx(catalog: Catalog, kind: RecordKind, *, dated: datetime | None) -> bytes:
    """Every record of ``kind`` as an Excel workbook: the CSV's columns under Chinese titles.

    ``dated`` (the revision's commit time) is written as the workbook's dates and as the
    dates of its zip entries, so that the same commit gives the same bytes.
    """
    columns = _csv_plan(record_model(kind))
    # Write-only: rows go to a temporary file as they are appended, instead of a cell object
    # per value held until the end (hundreds of MB for 30,000 awards).
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(kind_title(kind)))
    sheet.freeze_panes = "A2"
    sheet.append([column.doc.title for column in columns])
    records = _sorted_by_id(catalog.of_kind(kind))
    for record in records:
        sheet.append([_xlsx_cell(column, column.cell(record)) for column in columns])
    moment = (dated or _NO_DATE).astimezone(UTC)
    workbook.properties.creator = "showcase"
    workbook.properties.created = moment.replace(tzinfo=None)
    workbook.properties.modified = moment.replace(tzinfo=None)
    written = io.BytesIO()
    with zipfile.ZipFile(written, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    # The one element a streamed sheet lacks: the used range, which a workbook kept in
    # memory writes and Excel reads to size the sheet; with it the bytes are those of the
    # in-memory workbook (tests/test_exports.py).
    dimension = f'<dimension ref="A1:{get_column_letter(len(columns))}{len(records) + 1}" />'
    return _with_entry_dates(
        written.getvalue(), max(moment, _NO_DATE), insert={_SHEET_ENTRY: dimension.encode()}
    )


def _sheet_title(title: str) -> str:
    # Excel refuses these characters in a sheet's name and cuts it at 31.
    return "".join(" " if char in "[]:*?/\\" else char for char in title)[:31]


def _xlsx_cell(column: _Column, text: str) -> str | int | float:
    if column.doc.name.endswith("_value") and text:
        number = decimal.Decimal(text)
        if len(number.as_tuple().digits) <= _EXCEL_DIGITS:
            return int(number) if number == number.to_integral_value() else float(number)
    # A text cell is never a formula in the file; the prefix keeps it so when edited in Excel.
    return neutralise_cell(text)


# The worksheet in the zip, and where in it the used range goes (after the sheet's
# properties, as openpyxl writes it for a workbook kept in memory).
_SHEET_ENTRY = "xl/worksheets/sheet1.xml"
_DIMENSION_AFTER = b"</sheetPr>"
# Entries are copied in pieces of this size, so that a large sheet is never held whole.
_COPY_CHUNK = 1024 * 1024


def _with_entry_dates(
    content: bytes, moment: datetime, *, insert: dict[str, bytes] | None = None
) -> bytes:
    """The zip ``content`` rewritten with every entry dated ``moment``, in the same order.

    ``insert`` adds bytes to entries by name, right after their first ``</sheetPr>``.
    """
    stamp = moment.timetuple()[:6]
    rewritten = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            dated_entry = zipfile.ZipInfo(entry.filename, date_time=stamp)
            dated_entry.compress_type = zipfile.ZIP_DEFLATED
            dated_entry.external_attr = 0o644 << 16
            added = (insert or {}).get(entry.filename)
            with source.open(entry) as reading, target.open(dated_entry, "w") as writing:
                chunk = reading.read(_COPY_CHUNK)
                if added is not None:
                    head, found, rest = chunk.partition(_DIMENSION_AFTER)
                    if not found:
                        raise ValueError(
                            f"{entry.filename}: no {_DIMENSION_AFTER!r} to insert after"
                        )
                    chunk = head + found + added + rest
                while chunk:
                    writing.write(chunk)
                    chunk = reading.read(_COPY_CHUNK)
    return rewritten.getvalue()


CellOf = Callable[[Any], str]  # a record → the text of its cell
ValueOf = Callable[[Any], Any]  # a record → one of its values, or a part of it


@dataclass(frozen=True)
class _Column:
    """A column of the CSV: its documentation and how to read its cell off a record."""

    doc: ColumnDoc
    cell: CellOf


@functools.cache  # worked out once per model, not once per export
def _csv_plan(model: type[AnyRecord]) -> tuple[_Column, ...]:
    columns = _columns_of(model, _field_order(model), name_prefix="", title_prefix="", get=_itself)
    return tuple(columns)


def _field_order(model: type[BaseModel]) -> list[str]:
    # id first, then what the kind itself declares (name, leader, …), then the sources, notes
    # and duplicate marks every record shares: a spreadsheet reads best with the name near id.
    names = list(model.model_fields)
    if not issubclass(model, Record):
        return names
    shared = [name for name in Record.model_fields if name != "id"]
    return [name for name in names if name not in shared] + shared


def _itself(value: Any) -> Any:
    return value


def _columns_of(
    model: type[BaseModel],
    field_names: Sequence[str],
    *,
    name_prefix: str,
    title_prefix: str,
    get: ValueOf,
) -> list[_Column]:
    """The columns of the fields of ``model``, whose instance ``get`` finds in a record."""
    columns: list[_Column] = []
    for name in field_names:
        info = model.model_fields[name]
        path = f"{name_prefix}{name}"
        title = f"{title_prefix}{info.title or name}"
        description = info.description or ""
        read = _attribute(get, name)
        annotation, _ = bare_annotation(info.annotation)
        item = _list_item(annotation)
        if annotation is Quantity:
            columns += _quantity_columns(path, title, description, read)
        elif _is_model(annotation):
            columns += _columns_of(
                annotation,
                list(annotation.model_fields),
                name_prefix=f"{path}.",
                title_prefix=f"{title}：",
                get=read,
            )
        elif item is not None and _is_model(item):
            columns += _list_of_parts_columns(item, path, title, description, read)
        elif item is not None and _is_scalar(item):
            joined = _join_note(description)
            columns.append(_Column(ColumnDoc(path, title, joined), _joined_cell(read)))
        elif _is_scalar(annotation):
            columns.append(_Column(ColumnDoc(path, title, description), _scalar_cell(read)))
        else:
            raise TypeError(f"{model.__name__}.{name}: no CSV form for {annotation!r}")
    return columns


def _quantity_columns(path: str, title: str, description: str, read: ValueOf) -> list[_Column]:
    # The text as written for people, and its parts for spreadsheets that add and compare.
    qualifiers = "；".join(f"{q.value}＝{meaning}" for q, meaning in QUALIFIER_MEANINGS.items())

    def part(get_part: Callable[[Quantity], str]) -> CellOf:
        def cell(record: Any) -> str:
            quantity: Quantity | None = read(record)
            return "" if quantity is None else get_part(quantity)

        return cell

    return [
        _Column(
            ColumnDoc(path, title, _sentences(description, "原文写法；数值、限定词和单位见后三栏")),
            part(lambda quantity: quantity.text),
        ),
        _Column(
            ColumnDoc(
                f"{path}_value",
                f"{title}（数值）",
                f"“{title}”的精确数值，“万”“亿”已乘出，不四舍五入，可直接计算。",
            ),
            part(lambda quantity: _plain_decimal(quantity.value)),
        ),
        _Column(
            ColumnDoc(
                f"{path}_qualifier",
                f"{title}（限定词）",
                f"“{title}”的数值与实际数量的关系：{qualifiers}。",
            ),
            part(lambda quantity: quantity.qualifier.value),
        ),
        _Column(
            ColumnDoc(
                f"{path}_unit",
                f"{title}（单位）",
                f"“{title}”的单位，如“项”“元”“人次”；“万”“亿”已乘入数值。没有单位时留空。",
            ),
            part(lambda quantity: quantity.unit or ""),
        ),
    ]


def _list_of_parts_columns(
    part: type[BaseModel], path: str, title: str, description: str, read: ValueOf
) -> list[_Column]:
    # A list of citations or photos becomes one column per field of the part. The column
    # named after the list holds each item's first field (the source id of a citation, the
    # file of a photo); the others follow item by item, an empty entry where an item has no
    # value, so that the n-th entry of every column belongs to the n-th item.
    first, *others = part.model_fields
    first_info = _field_info(part, first)
    first_note = f"这一栏是每项的“{first_info.title or first}”：{first_info.description or ''}"
    columns = [
        _Column(
            ColumnDoc(path, title, _join_note(_sentences(description, first_note))),
            _aligned_cell(read, first),
        )
    ]
    for name in others:
        info = _field_info(part, name)
        if not _is_scalar(bare_annotation(info.annotation)[0]):
            raise TypeError(f"{part.__name__}.{name}: no CSV form inside a list")
        columns.append(
            _Column(
                ColumnDoc(
                    f"{path}.{name}",
                    f"{title}：{info.title or name}",
                    _sentences(
                        info.description or "",
                        f"与“{title}”一栏逐项对应，用“{LIST_SEPARATOR}”分隔，某项没有时留空",
                    ),
                ),
                _aligned_cell(read, name),
            )
        )
    return columns


def _field_info(model: type[BaseModel], name: str) -> FieldInfo:
    return model.model_fields[name]


def _sentences(*texts: str) -> str:
    """Texts from the schema run together, each closed with a full stop if it has none."""
    return "".join(text if text.endswith("。") else f"{text}。" for text in texts if text)


def _join_note(description: str) -> str:
    return _sentences(description, f"表格中多项之间用“{LIST_SEPARATOR}”分隔")


def _attribute(get: ValueOf, name: str) -> ValueOf:
    def read(record: Any) -> Any:
        owner = get(record)
        # A missing part (a studio without achievements) leaves all its cells empty.
        return None if owner is None else getattr(owner, name)

    return read


def _scalar_cell(read: ValueOf) -> CellOf:
    return lambda record: _scalar_text(read(record))


def _joined_cell(read: ValueOf) -> CellOf:
    def cell(record: Any) -> str:
        items = read(record) or []
        return LIST_SEPARATOR.join(_scalar_text(item) for item in items)

    return cell


def _aligned_cell(read: ValueOf, name: str) -> CellOf:
    def cell(record: Any) -> str:
        values = [getattr(item, name) for item in read(record) or []]
        if all(value is None for value in values):
            return ""
        return LIST_SEPARATOR.join(_scalar_text(value) for value in values)

    return cell


def _scalar_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"  # as written in the YAML
    if isinstance(value, enum.Enum):
        return str(value.value)  # the Chinese value, 省级, not Level.PROVINCIAL
    if isinstance(value, str):
        return value
    raise TypeError(f"no CSV form for {type(value).__name__}: add one to exports.py")


# --- reading the model ----------------------------------------------------------------


def _list_item(annotation: Any) -> Any:
    if typing.get_origin(annotation) is list:
        (item,) = typing.get_args(annotation)
        return bare_annotation(item)[0]
    return None


def _is_model(annotation: Any) -> typing.TypeGuard[type[BaseModel]]:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _is_scalar(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, (str, bool, enum.Enum))


def _sorted_by_id(records: list[AnyRecord]) -> list[AnyRecord]:
    # sorted() is stable: should an id (wrongly) repeat, file order decides, as in the catalog.
    return sorted(records, key=lambda record: record.id)
