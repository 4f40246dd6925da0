"""Reading a spreadsheet that an editor received: .xlsx or .csv, cell by cell, each with its address.

Nothing here knows about records: it returns the cells as the file holds them, with what a
reader of the file would see (a merged cell's value in every cell it covers) and what a
reader would not (a hidden row, a formula), so that the import can refuse what it cannot
take safely. Decisions:

- **Size.** A file over :data:`MAX_FILE_BYTES`, a workbook whose parts unpack to more than
  :data:`MAX_UNPACKED_BYTES` (a zip bomb: a few kilobytes that unpack to gigabytes) or a sheet
  of more than :data:`MAX_ROWS` rows or :data:`MAX_COLUMNS` columns is refused before it is
  read further.
- **CSV encodings.** UTF-8 (with or without the byte-order mark) is tried first and
  strictly; only a file that is not UTF-8 is read as GB18030, the encoding Chinese Excel
  writes "CSV" in; UTF-16 with its byte-order mark is Excel's "Unicode text". The encoding
  used is returned, to be shown: a file in yet another encoding would read as nonsense, and
  the editor is the one who can see that.
- **Formulas** are returned as formulas (with the value Excel last computed, if any); the
  import refuses them where it reads them: a cached value may be stale, and a file written
  by a program has none.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from showcase.records.diagnostics import safe_path, safe_text
from showcase.records.errors import ShowcaseError

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
# A list of honours with a few thousand names is a few hundred kilobytes; these limits are
# far above any real list and far below what would exhaust the machine.
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_CELLS = 500_000  # 20,000 names in 25 columns

CellValue = str | int | float | bool | datetime.datetime | datetime.date | datetime.time | None


class SpreadsheetError(ShowcaseError):
    """The file cannot be read as a spreadsheet at all; the message is Chinese."""


@dataclass(frozen=True)
class Cell:
    """One cell: where it is, what it holds, and what a reader of the value must know."""

    row: int  # 1-based, as Excel numbers rows
    column: int  # 1-based: A is 1
    value: CellValue
    number_format: str = "General"
    # The address of the merged range's first cell when the value is copied from it.
    merged_from: str | None = None
    formula: str | None = None  # the formula, when the cell holds one (value: its cached result)
    hidden: bool = False  # the cell's row or column is hidden in Excel

    @property
    def address(self) -> str:
        """The cell as Excel names it: C12."""
        return f"{get_column_letter(self.column)}{self.row}"

    @property
    def is_empty(self) -> bool:
        """True for a cell with nothing in it, or only spaces."""
        return self.formula is None and (
            self.value is None or (isinstance(self.value, str) and not self.value.strip())
        )


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells, row by row; a row is a list of cells from column A."""

    name: str | None  # None for a CSV file, which has no sheets
    rows: tuple[tuple[Cell, ...], ...]
    hidden: bool = False

    def has_data(self) -> bool:
        """True when any cell is filled."""
        return any(not cell.is_empty for row in self.rows for cell in row)


@dataclass(frozen=True)
class Workbook:
    """What a file holds: its sheets, and for a CSV file the encoding it was read in."""

    file_name: str  # as shown in messages
    sheets: tuple[Sheet, ...]
    encoding: str | None = None


def read_spreadsheet(path: Path, shown_name: str | None = None) -> Workbook:
    """Every sheet of the .xlsx or .csv file at ``path``; raises :class:`SpreadsheetError`."""
    shown = shown_name or path.name
    suffix = path.suffix.lower()
    if suffix not in SPREADSHEET_SUFFIXES:
        raise SpreadsheetError(
            f"{safe_path(shown)}：只能导入 .xlsx 或 .csv 文件。"
            "旧的 .xls 文件请在 Excel 或 WPS 中“另存为” .xlsx 后再导入。"
        )
    try:
        size = path.stat().st_size
    except OSError:
        raise SpreadsheetError(f"{safe_path(shown)}：文件不存在或无法读取。") from None
    if size > MAX_FILE_BYTES:
        raise SpreadsheetError(
            f"{safe_path(shown)}：文件有 {size // 1024 // 1024} MB，超过了 "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB 的上限。请把名单分成几个文件导入。"
        )
    content = path.read_bytes()
    if suffix == ".csv":
        return _read_csv(content, shown)
    return _read_xlsx(content, shown)


# --- CSV ------------------------------------------------------------------------------


def decode_csv(content: bytes) -> tuple[str, str]:
    """The text of a CSV file and the name of its encoding, tried in a safe order."""
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8（带 BOM）"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return content.decode("utf-16"), "UTF-16"
    try:
        return content.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # GB18030 includes GBK and GB2312: what Chinese Excel and WPS write as "CSV".
    return content.decode("gb18030"), "GB18030"


def _read_csv(content: bytes, shown: str) -> Workbook:
    try:
        text, encoding = decode_csv(content)
    except UnicodeDecodeError:
        raise SpreadsheetError(
            f"{safe_path(shown)}：无法识别文件的编码（既不是 UTF-8，也不是 GB18030）。"
            "请在 Excel 中“另存为” .xlsx 文件再导入。"
        ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line and "," not in first_line else ","
    rows: list[tuple[Cell, ...]] = []
    try:
        for number, values in enumerate(
            csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), 1
        ):
            if number > MAX_ROWS:
                raise SpreadsheetError(_too_many_rows(shown))
            if len(values) > MAX_COLUMNS:
                raise SpreadsheetError(_too_many_columns(shown))
            rows.append(
                tuple(Cell(number, column, value) for column, value in enumerate(values, 1))
            )
    except csv.Error as error:
        raise SpreadsheetError(
            f"{safe_path(shown)}：CSV 格式有误（{safe_text(str(error))}），"
            "多半是某个单元格的引号没有成对。请在 Excel 中打开后“另存为” .xlsx 文件再导入。"
        ) from None
    return Workbook(shown, (Sheet(None, tuple(rows)),), encoding)


# --- XLSX -----------------------------------------------------------------------------


def _read_xlsx(content: bytes, shown: str) -> Workbook:
    _check_unpacked_size(content, shown)
    _check_merged_areas(content, shown)
    try:
        # Two readings: the formulas, and the values Excel last computed for them.
        formulas = load_workbook(io.BytesIO(content), data_only=False)
        values = load_workbook(io.BytesIO(content), data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise SpreadsheetError(
            f"{safe_path(shown)}：不是有效的 .xlsx 文件，可能已损坏，或是改了扩展名的其他文件。"
            "请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入。"
        ) from None
    sheets: list[Sheet] = []
    for name in formulas.sheetnames:
        formula_sheet, value_sheet = formulas[name], values[name]
        if not isinstance(formula_sheet, Worksheet) or not isinstance(value_sheet, Worksheet):
            continue  # a chart sheet holds no cells
        sheets.append(_read_sheet(formula_sheet, value_sheet, shown))
    return Workbook(shown, tuple(sheets))


def _check_unpacked_size(content: bytes, shown: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except zipfile.BadZipFile:
        raise SpreadsheetError(
            f"{safe_path(shown)}：不是有效的 .xlsx 文件，可能已损坏，或是改了扩展名的其他文件。"
            "请在 Excel 或 WPS 中打开后“另存为” .xlsx 再导入。"
        ) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise SpreadsheetError(
            f"{safe_path(shown)}：文件解压后有 {unpacked // 1024 // 1024} MB，超过了 "
            f"{MAX_UNPACKED_BYTES // 1024 // 1024} MB 的上限（正常的名单远小于此）。"
            "请确认文件来源；确实需要时请把名单分成几个文件导入。"
        )


_MERGED_REF = re.compile(
    rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"'
)


def _check_merged_areas(content: bytes, shown: str) -> None:
    """Refuse merged ranges over too many cells before openpyxl makes an object for each."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for entry in archive.infolist():
            if not entry.filename.startswith("xl/worksheets/"):
                continue
            covered = 0
            for match in _MERGED_REF.finditer(archive.read(entry)):
                first_column, first_row, last_column, last_row = match.groups()
                rows = int(last_row) - int(first_row) + 1
                columns = (
                    column_index_from_string(last_column.decode())
                    - column_index_from_string(first_column.decode())
                    + 1
                )
                covered += max(rows, 1) * max(columns, 1)
            if covered > MAX_CELLS:
                raise SpreadsheetError(_too_many_cells(shown, None))


def _read_sheet(formula_sheet: Worksheet, value_sheet: Worksheet, shown: str) -> Sheet:
    if formula_sheet.max_row > MAX_ROWS:
        raise SpreadsheetError(_too_many_rows(shown, formula_sheet.title))
    if formula_sheet.max_column > MAX_COLUMNS:
        raise SpreadsheetError(_too_many_columns(shown, formula_sheet.title))
    # Only the cells the file holds are read (openpyxl's own map of them), each row as wide
    # as its last cell: one stray cell in a far corner does not make millions of empty ones.
    widths: dict[int, int] = {}
    for row_number, column in formula_sheet._cells:
        widths[row_number] = max(widths.get(row_number, 0), column)
    merged: dict[tuple[int, int], tuple[int, int]] = {}
    for cell_range in formula_sheet.merged_cells.ranges:
        last_row = min(cell_range.max_row, MAX_ROWS)
        last_column = min(cell_range.max_col, MAX_COLUMNS)
        if (
            len(merged)
            + (last_row - cell_range.min_row + 1) * (last_column - cell_range.min_col + 1)
            > MAX_CELLS
        ):
            raise SpreadsheetError(_too_many_cells(shown, formula_sheet.title))
        for row_number in range(cell_range.min_row, last_row + 1):
            widths[row_number] = max(widths.get(row_number, 0), last_column)
            for column in range(cell_range.min_col, last_column + 1):
                merged[(row_number, column)] = (cell_range.min_row, cell_range.min_col)
    if sum(widths.values()) > MAX_CELLS:
        raise SpreadsheetError(_too_many_cells(shown, formula_sheet.title))
    hidden_rows = {
        number for number, dimension in formula_sheet.row_dimensions.items() if dimension.hidden
    }
    hidden_columns = _hidden_columns(formula_sheet)
    formulas, values = formula_sheet._cells, value_sheet._cells
    rows: list[tuple[Cell, ...]] = []
    for row_number in range(1, max(widths, default=0) + 1):
        cells: list[Cell] = []
        for column in range(1, widths.get(row_number, 0) + 1):
            origin = merged.get((row_number, column), (row_number, column))
            formula_cell, value_cell = formulas.get(origin), values.get(origin)
            formula = (
                formula_cell.value
                if formula_cell is not None and formula_cell.data_type == "f"
                else None
            )
            cells.append(
                Cell(
                    row_number,
                    column,
                    None if value_cell is None else value_cell.value,  # type: ignore[arg-type]
                    number_format=str(
                        "General" if value_cell is None else value_cell.number_format or "General"
                    ),
                    merged_from=None
                    if origin == (row_number, column)
                    else f"{get_column_letter(origin[1])}{origin[0]}",
                    formula=str(formula) if formula is not None else None,
                    hidden=row_number in hidden_rows or column in hidden_columns,
                )
            )
        rows.append(tuple(cells))
    return Sheet(formula_sheet.title, tuple(rows), formula_sheet.sheet_state != "visible")


def _hidden_columns(sheet: Worksheet) -> set[int]:
    hidden: set[int] = set()
    for dimension in sheet.column_dimensions.values():
        if dimension.hidden and dimension.min is not None and dimension.max is not None:
            hidden.update(range(dimension.min, min(dimension.max, MAX_COLUMNS) + 1))
    return hidden


def _too_many_rows(shown: str, sheet: str | None = None) -> str:
    where = f"{safe_path(shown)}{f' 的工作表“{sheet}”' if sheet else ''}"
    return f"{where}超过 {MAX_ROWS} 行。请把名单分成几个文件导入。"


def _too_many_cells(shown: str, sheet: str | None) -> str:
    where = f" 的工作表“{sheet}”" if sheet else " 的一个工作表"
    return (
        f"{safe_path(shown)}{where}超过 {MAX_CELLS} 个单元格（含合并单元格）。"
        "请只保留需要导入的行和列，或把名单分成几个文件导入。"
    )


def _too_many_columns(shown: str, sheet: str | None = None) -> str:
    where = f"{safe_path(shown)}{f' 的工作表“{sheet}”' if sheet else ''}"
    return f"{where}超过 {MAX_COLUMNS} 列，不像是一份名单。请只保留需要导入的列。"


def sheet_names(workbook: Workbook) -> Sequence[str]:
    """The names of the sheets that hold data."""
    return [sheet.name for sheet in workbook.sheets if sheet.name is not None and sheet.has_data()]
