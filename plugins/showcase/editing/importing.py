"""``showcase import FILE``: records from a spreadsheet, checked as hand-written ones are.

A list of honours arrives as a spreadsheet: a title row or two, a header row (姓名, 工作单位,
荣誉称号, 授予年份 …), one row per name. Each row becomes records: for a list of honours, the
award and, where the data has none yet, its person and that person's unit. The header cells
are matched to fields by the Chinese titles of the schema, by the field names of the CSV
export and by the synonyms of :data:`SYNONYMS`; a mapping file names the rest. A column that
matches nothing is an error, never dropped.

People and units are matched to existing records by name (and a person also by unit). What
only looks alike (the same name in another unit, a name with a space or a full-width letter,
a traditional character, a name one character off in the same unit, a unit whose name holds
the other's) is reported, never guessed: the editor writes the intended id instead.

The would-be records are validated together with the existing data by the same
:func:`~showcase.site.layout.validate_site` as ``showcase validate``, from a temporary list
file; every problem is mapped back to its cell (``名单.xlsx:Sheet1!C12``). Nothing is written
unless every row passes; then each new record is written to a file of its own
(``data/<kind>/<id>.yaml``), all files or none, never over an existing file.
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from pydantic import BaseModel
from pypinyin import lazy_pinyin

from showcase.editing.diff import WORKTREE_LABEL, Snapshot, compare, render_text
from showcase.editing.skeleton import KINDS_BY_NAME
from showcase.editing.spreadsheet import (
    Cell,
    Sheet,
    SpreadsheetError,
    Workbook,
    read_spreadsheet,
    sheet_names,
)
from showcase.records.diagnostics import Category, Diagnostic, safe_path, safe_text
from showcase.records.errors import ShowcaseError
from showcase.records.loader import LoadResult
from showcase.records.quantities import Quantity, QuantityError, parse_quantity
from showcase.records.schema import (
    RECORD_ID_PATTERN,
    Organization,
    PartialDate,
    Person,
    RecordKind,
    RefTo,
    annotation_parts,
    bare_annotation,
    kind_title,
    model_inside,
    record_model,
)
from showcase.records.validation import sorted_diagnostics
from showcase.site.exports import csv_columns, restore_cell
from showcase.site.layout import validate_site
from showcase.site.totals_page import site_totals

# Roles of a column that is not a field of the record imported: the person or the
# collective an award goes to, written by name in a list of honours.
PERSON_NAME = "@person.name"
PERSON_UNIT = "@person.organization"
PERSON_POSITION = "@person.position"
COLLECTIVE = "@collective"
IGNORED = "@ignored"
_IGNORE_WORDS = frozenset({"忽略", "ignore", "不导入"})

# Common headers of the lists that arrive, by kind: header -> field (or role above). The
# fields' own Chinese titles and the CSV export's column names are known without a line here.
SYNONYMS: dict[RecordKind, dict[str, str]] = {
    RecordKind.AWARDS: {
        "荣誉称号": "honour",
        "称号": "honour",
        "荣誉": "honour",
        "奖项": "honour",
        "奖项名称": "honour",
        "授予年份": "awarded",
        "年份": "awarded",
        "时间": "awarded",
        "获奖时间": "awarded",
        "获奖年份": "awarded",
        "表彰时间": "awarded",
        "表彰年份": "awarded",
        "荣誉级别": "level",
        "表彰单位": "conferred_by",
        "颁发单位": "conferred_by",
        "竞赛": "programme",
        "事迹": "citation",
        "主要事迹": "citation",
        "表彰理由": "citation",
        "姓名": PERSON_NAME,
        "获奖人": PERSON_NAME,
        "获奖者": PERSON_NAME,
        "工作单位": PERSON_UNIT,
        "单位": PERSON_UNIT,
        "所在单位": PERSON_UNIT,
        "职务": PERSON_POSITION,
        "岗位": PERSON_POSITION,
        "职务/岗位": PERSON_POSITION,
        "获奖集体": COLLECTIVE,
        "集体名称": COLLECTIVE,
        "获奖单位": COLLECTIVE,
    },
    RecordKind.PEOPLE: {
        "工作单位": "organization",
        "单位": "organization",
        "职务": "position",
        "岗位": "position",
    },
    RecordKind.ORGANIZATIONS: {"单位名称": "name", "单位": "name", "区": "district"},
    RecordKind.STUDIOS: {
        "工作室名称": "name",
        "工作室": "name",
        "领衔人": "leader",
        "带头人": "leader",
        "负责人": "leader",
        "工作单位": "organization",
        "单位": "organization",
        "命名年份": "named",
        "成立年份": "founded",
        "区": "district",
    },
    RecordKind.PROJECTS: {"项目名称": "title", "区": "district"},
    RecordKind.FIGURES: {},
    RecordKind.SOURCES: {},
}
# Headers every kind ignores: the running number of a list says nothing about a record.
COMMON_IGNORED = ("序号", "No.")

# Where the header may be: title rows above it, as a 表彰决定's attachment has.
HEADER_SEARCH_ROWS = 20
LIST_SEPARATOR = "；"
_ID_LENGTH = 64
_DERIVED_SUFFIXES = ("_value", "_qualifier", "_unit")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_EDGE_SPACE = " \t\r\n\u3000\u00a0"
_SPACED_NAME = re.compile("[\u4e00-\u9fff][\\s\u3000\u00a0]+[\u4e00-\u9fff]")
# Compound surnames, so that 欧阳明 is ouyang-ming, not ou-yangming.
_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "令狐",
        "慕容",
        "司徒",
        "夏侯",
        "尉迟",
        "公孙",
        "长孙",
        "宇文",
        "轩辕",
        "端木",
        "独孤",
        "南宫",
        "西门",
    ]
)


class ImportRefused(ShowcaseError):
    """The import cannot start (no such sheet, an unreadable mapping); the message is Chinese."""

    exit_status = 2


# --- problems, each at its cell ---------------------------------------------------------


@dataclass(frozen=True, order=True)
class ImportProblem(Diagnostic):
    """A problem of the spreadsheet at its cell, printed ``名单.xlsx:Sheet1!C12: 授予年份: …``.

    A :class:`Diagnostic` (file, row as line, column, the column's header as field), so that
    its message is made safe as every other one, and the guide shows it as the command does.
    """

    place: str = ""  # 名单.xlsx:Sheet1!C12

    def __str__(self) -> str:
        column = f" {self.field}:" if self.field else ""
        return f"{safe_path(self.place)}:{column} {self.message} [{self.code}]"


def _problem(
    where: CellPlace,
    message: str,
    *,
    code: str,
    category: Category = Category.IMPORT,
) -> ImportProblem:
    return ImportProblem(
        where.file, where.row, where.column, where.header, message, category, code, where.place
    )


@dataclass(frozen=True)
class CellPlace:
    """Where a cell is, for a message: file, sheet, row, column and the column's header."""

    file: str
    sheet: str | None
    row: int
    column: int  # 0: the whole row
    header: str = ""

    @property
    def place(self) -> str:
        """名单.xlsx:Sheet1!C12 (名单.csv:C12 for a CSV file, which has no sheets)."""
        where = f"{get_column_letter(self.column)}{self.row}" if self.column else f"第{self.row}行"
        return f"{self.file}:{f'{self.sheet}!' if self.sheet else ''}{where}"


# --- options ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportOptions:
    """What the editor said on the command line or in the mapping file."""

    kind: RecordKind | None = None
    sheet: str | None = None
    source: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # header -> field, title or 忽略


def parse_kind(text: str) -> RecordKind:
    """A kind as an editor may name it: awards, award or 荣誉."""
    cleaned = text.strip().lower()
    for kind in RecordKind:
        if cleaned in (kind.value, kind_title(kind).lower()):
            return kind
    if cleaned in KINDS_BY_NAME:
        return KINDS_BY_NAME[cleaned]
    names = "、".join(f"{kind.value}（{kind_title(kind)}）" for kind in RecordKind)
    raise ImportRefused(f"不认识记录种类“{safe_text(text)}”。可以写：{names}。")


def read_mapping(path: Path, options: ImportOptions) -> ImportOptions:
    """``options`` completed by a mapping file; the command line wins where both say."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise ImportRefused(
            f"{safe_path(str(path))}：无法读取映射文件（{safe_text(str(error).splitlines()[0])}）。"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ImportRefused(f"{safe_path(str(path))}：映射文件应是若干“名称: 值”，如“列:”。")
    keys = {"列": "columns", "columns": "columns", "种类": "kind", "kind": "kind",
            "工作表": "sheet", "sheet": "sheet", "来源": "source", "source": "source"}  # fmt: skip
    found: dict[str, Any] = {}
    for key, value in data.items():
        name = keys.get(str(key))
        if name is None:
            raise ImportRefused(
                f"{safe_path(str(path))}：映射文件中不认识“{safe_text(str(key))}”。"
                "可以写：列（各列对应的字段）、种类、工作表、来源。"
            )
        found[name] = value
    columns = found.get("columns") or {}
    if not isinstance(columns, dict) or not all(
        isinstance(value, str) for value in columns.values()
    ):
        raise ImportRefused(
            f"{safe_path(str(path))}：“列”下面应是“表头: 字段”，每列一行，如“获奖人: 姓名”"
            "“备注: 忽略”。"
        )
    return ImportOptions(
        kind=options.kind or (parse_kind(str(found["kind"])) if "kind" in found else None),
        sheet=options.sheet or (str(found["sheet"]) if "sheet" in found else None),
        source=options.source or (str(found["source"]) if "source" in found else None),
        columns={str(header): value for header, value in columns.items()} | options.columns,
    )


# --- headers ----------------------------------------------------------------------------


def header_key(text: str) -> str:
    """A header as compared: full-width folded, no spaces, no required-field marks."""
    folded = unicodedata.normalize("NFKC", text)
    folded = re.sub(r"\s+", "", folded).replace("*", "").replace("(必填)", "")
    return folded.lower()


def known_headers(kind: RecordKind) -> dict[str, str]:
    """Every header a column of ``kind`` may have, folded, with the field or role it means."""
    table: dict[str, str] = {}
    model = record_model(kind)
    for name, info in model.model_fields.items():
        if info.title:
            table.setdefault(header_key(info.title), name)
    for column in csv_columns(kind):
        table.setdefault(header_key(column.title), column.name)
        table.setdefault(header_key(column.name), column.name)
    for header, target in SYNONYMS[kind].items():
        table[header_key(header)] = target
    for header in COMMON_IGNORED:
        table[header_key(header)] = IGNORED
    return table


def _target_of(header: str, kind: RecordKind, columns: dict[str, str]) -> str | None:
    known = known_headers(kind)
    mapped = {header_key(key): value for key, value in columns.items()}
    key = header_key(header)
    if key in mapped:
        wanted = mapped[key]
        if header_key(wanted) in {header_key(word) for word in _IGNORE_WORDS}:
            return IGNORED
        return known.get(header_key(wanted))
    return known.get(key)


def _mapped_to(header: str, columns: dict[str, str]) -> str | None:
    return {header_key(key): value for key, value in columns.items()}.get(header_key(header))


# --- the import -------------------------------------------------------------------------


@dataclass
class Draft:
    """A record to be added: what it holds, and the cells each of its fields came from."""

    kind: RecordKind
    raw: dict[str, Any]
    row: int
    cells: dict[str, CellPlace] = field(default_factory=dict)  # field -> cell
    anchor: CellPlace | None = None  # the row, for a problem of the record as a whole

    @property
    def record_id(self) -> str:
        """The record's id, chosen when the draft is made."""
        return str(self.raw["id"])


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do: the files to write, what it matched, and every problem."""

    workbook: Workbook
    sheet: Sheet
    kind: RecordKind
    header_row: int
    data_rows: int
    drafts: tuple[Draft, ...]
    already_there: tuple[str, ...]  # ids of rows that match a record as it stands
    problems: tuple[Diagnostic, ...]  # ImportProblem at a cell; a data file's own otherwise
    files: dict[str, str]  # path relative to the root -> text
    diff: str  # the additions in the words of `showcase diff`
    trimmed_cells: int  # cells whose spaces at the ends were taken off


def record_folder(kind: RecordKind) -> str:
    """The folder of one-record files of ``kind``, relative to the repository."""
    return f"data/{kind.value}"


def plan_import(path: Path, root: Path, options: ImportOptions) -> ImportPlan:
    """Everything ``showcase import`` would do with the spreadsheet at ``path``; writes nothing."""
    workbook = read_spreadsheet(path)
    sheet = _choose_sheet(workbook, options.sheet)
    base = validate_site([root / "data"] if (root / "data").is_dir() else [], root)
    existing_errors = sorted_diagnostics(base)
    if existing_errors:
        raise ImportRefused(
            f"现有的数据有 {len(existing_errors)} 个问题（第一个：{existing_errors[0]}）。"
            "请先运行 showcase validate 并修正，再导入。"
        )
    builder = _Builder(workbook, sheet, root, options, base)
    builder.run()
    return builder.plan()


def _choose_sheet(workbook: Workbook, wanted: str | None) -> Sheet:
    if wanted is not None:
        for sheet in workbook.sheets:
            if sheet.name == wanted:
                return sheet
        names = "、".join(f"“{name}”" for name in (s.name for s in workbook.sheets) if name)
        raise ImportRefused(
            f"{safe_path(workbook.file_name)}：没有名为“{safe_text(wanted)}”的工作表。"
            f"文件中的工作表：{names or '（无）'}。"
        )
    with_data = [sheet for sheet in workbook.sheets if sheet.has_data()]
    if not with_data:
        raise ImportRefused(f"{safe_path(workbook.file_name)}：文件是空的，没有可导入的内容。")
    if len(with_data) > 1:
        names = "、".join(f"“{name}”" for name in sheet_names(workbook))
        raise ImportRefused(
            f"{safe_path(workbook.file_name)}：有 {len(with_data)} 个工作表有内容（{names}），"
            "不知道该导入哪一个。请用 --sheet 指明，如 --sheet "
            f"{safe_text(with_data[0].name or '')}。"
        )
    return with_data[0]


class _Builder:
    """Turns the rows of one sheet into drafts, collecting every problem on the way."""

    def __init__(
        self,
        workbook: Workbook,
        sheet: Sheet,
        root: Path,
        options: ImportOptions,
        base: LoadResult,
    ) -> None:
        self.workbook = workbook
        self.sheet = sheet
        self.root = root
        self.options = options
        self.base = base
        self.problems: list[Diagnostic] = []
        self.drafts: list[Draft] = []
        self.already_there: list[str] = []
        self.taken = set(base.declared_ids)
        self.records = base.catalog.by_id()
        self.kind = RecordKind.AWARDS
        self.header_row = 0
        self.columns: dict[int, tuple[str, str]] = {}  # column -> (header, target)
        self.header_columns: dict[str, int] = {}  # target -> column
        self.data_rows = 0
        self.trimmed = 0
        self.new_people: dict[tuple[str, str | None], Draft] = {}
        self.new_units: dict[str, Draft] = {}
        self.files: dict[str, str] = {}
        self.diff = ""

    # --- the whole sheet

    def run(self) -> None:
        self._find_header()
        if not self.columns:
            return
        self._check_source_option()
        if self.problems:
            return
        for row in self.sheet.rows[self.header_row :]:
            self._read_row(row)
        if not self.problems:
            self._validate()
        if not self.problems:
            self.files = {
                f"{record_folder(draft.kind)}/{draft.record_id}.yaml": record_file_text(draft.raw)
                for draft in self.drafts
            }

    def plan(self) -> ImportPlan:
        return ImportPlan(
            self.workbook,
            self.sheet,
            self.kind,
            self.header_row,
            self.data_rows,
            tuple(self.drafts),
            tuple(self.already_there),
            tuple(self.problems),
            self.files,
            self.diff,
            self.trimmed,
        )

    def _place(self, cell: Cell, header: str = "") -> CellPlace:
        return CellPlace(self.workbook.file_name, self.sheet.name, cell.row, cell.column, header)

    def _row_place(self, row: int) -> CellPlace:
        return CellPlace(self.workbook.file_name, self.sheet.name, row, 0)

    def _find_header(self) -> None:
        kinds = [self.options.kind] if self.options.kind else list(_import_kinds(self.sheet))
        for index, row in enumerate(self.sheet.rows[:HEADER_SEARCH_ROWS]):
            filled = [str(cell.value) for cell in row if not cell.is_empty]
            # Recognised headers, then those naming the kind's own fields rather than the
            # person or unit of an award: 姓名 and 工作单位 alone are a list of people.
            scores = {kind: self._recognised(filled, kind) for kind in kinds}
            best = max(scores.values(), default=(0, 0))
            if len(filled) < 2 or best[0] < 2 or best[0] * 2 < len(filled):
                continue  # a title row above the header, or a note
            # The first row that reads as a header is the header.
            matching = [kind for kind, score in scores.items() if score == best]
            if len(matching) > 1:
                names = "、".join(f"{k.value}（{kind_title(k)}）" for k in matching)
                self.problems.append(
                    _problem(
                        self._row_place(index + 1),
                        f"从表头看不出要导入哪类记录，可能是：{names}。请用 --kind 指明。",
                        code="import-no-header",
                    )
                )
                return
            self.kind = matching[0]
            self.header_row = index + 1
            self._read_header(row)
            return
        self.problems.append(
            _problem(
                self._row_place(1),
                f"在前 {HEADER_SEARCH_ROWS} 行中找不到表头：表头一行应写明各列是什么，如“姓名”"
                "“工作单位”“荣誉称号”“授予年份”。请检查表头，或用 --kind 指明记录种类、用 "
                "--mapping 给出各列对应的字段。",
                code="import-no-header",
            )
        )

    def _recognised(self, headers: Sequence[str], kind: RecordKind) -> tuple[int, int]:
        targets = [_target_of(header, kind, self.options.columns) for header in headers]
        known = [target for target in targets if target not in (None, IGNORED)]
        return len(known), sum(1 for target in known if target and not target.startswith("@"))

    def _read_header(self, row: Sequence[Cell]) -> None:
        targets: dict[str, Cell] = {}
        known = known_headers(self.kind)
        for cell in row:
            column_has_data = any(
                not other[cell.column - 1].is_empty
                for other in self.sheet.rows[self.header_row :]
                if len(other) >= cell.column
            )
            if cell.is_empty:
                if column_has_data:
                    self.problems.append(
                        _problem(
                            self._place(cell),
                            "这一列下面有内容，但没有表头，不知道是什么。请写上表头，"
                            "或者删掉这一列。",
                            code="import-unknown-column",
                        )
                    )
                continue
            header = _cell_text(cell.value).strip(_EDGE_SPACE)
            if cell.hidden and column_has_data:
                self.problems.append(
                    _problem(
                        self._place(cell, header),
                        "这一列被隐藏了，但有内容。请在 Excel 中取消隐藏，看过后删掉不导入的列"
                        "（或在映射文件中写“忽略”）。",
                        code="import-hidden",
                    )
                )
                continue
            target = _target_of(header, self.kind, self.options.columns)
            mapped_to = _mapped_to(header, self.options.columns)
            if target is None and mapped_to is not None:
                self.problems.append(
                    _problem(
                        self._place(cell, header),
                        f"映射文件把这一列对应到“{mapped_to}”，但{kind_title(self.kind)}没有这个字段。"
                        f"请写字段的中文名称（{_some_titles(self.kind)}等）或字段名，"
                        "不导入的列写“忽略”。",
                        code="import-unknown-column",
                    )
                )
                continue
            if target is None:
                close = difflib.get_close_matches(header_key(header), list(known), n=1, cutoff=0.5)
                hint = f"是不是“{close[0]}”？" if close else ""
                self.problems.append(
                    _problem(
                        self._place(cell, header),
                        f"不认识表头“{header}”，这一列不会被悄悄丢掉。{hint}请把表头改成字段的"
                        f"中文名称（{_some_titles(self.kind)}等），或在映射文件（--mapping）"
                        "中写明它对应的字段；不需要导入的列写“忽略”。",
                        code="import-unknown-column",
                    )
                )
                continue
            if target == IGNORED:
                continue
            if target in targets:
                self.problems.append(
                    _problem(
                        self._place(cell, header),
                        f"这一列和 {get_column_letter(targets[target].column)} 列都对应同一个字段，"
                        "不知道以哪一列为准。请删掉其中一列。",
                        code="import-duplicate-column",
                    )
                )
                continue
            targets[target] = cell
            self.columns[cell.column] = (header, target)
            self.header_columns[target] = cell.column
        if self.problems:
            self.columns = {}  # a sheet whose header is wrong is not read further

    def _check_source_option(self) -> None:
        if "sources" not in record_model(self.kind).model_fields:
            return  # a source cites nothing
        has_column = any(target == "sources" for _, target in self.columns.values())
        source = self.options.source
        if source is not None:
            record = self.records.get(source)
            if record is None or record.kind is not RecordKind.SOURCES:
                self.problems.append(
                    _problem(
                        self._row_place(self.header_row),
                        f"--source 写的“{source}”不是已有来源的编号。请先在 data/sources.yaml 中"
                        "加上这份名单的来源（如表彰决定），再写它的编号。",
                        code="import-no-source",
                    )
                )
        elif not has_column:
            self.problems.append(
                _problem(
                    self._row_place(self.header_row),
                    "每条记录都要写明来源，但表格中没有“来源”一列。请用 --source 写明这份名单"
                    "出自哪个来源（data/sources.yaml 中的编号，如表彰决定），或加上“来源”一列。",
                    code="import-no-source",
                )
            )

    # --- one row

    def _read_row(self, row: Sequence[Cell]) -> None:
        used = [cell for cell in row if cell.column in self.columns]
        if all(cell.is_empty for cell in used):
            return  # an empty row, or one with only a running number: skipped
        self.data_rows += 1
        first = used[0]
        if any(cell.hidden for cell in used if not cell.is_empty):
            self.problems.append(
                _problem(
                    self._row_place(first.row),
                    "这一行被隐藏了，但有内容。请在 Excel 中取消隐藏，确认要导入；不导入的行请删除。",
                    code="import-hidden",
                )
            )
            return
        values: dict[str, Any] = {}
        cells: dict[str, CellPlace] = {}
        for cell in used:
            header, target = self.columns[cell.column]
            place = self._place(cell, header)
            if cell.is_empty:
                continue
            if cell.formula is not None:
                self.problems.append(
                    _problem(
                        place,
                        f"这个单元格是公式（{cell.formula}），导入只收写定的值：公式的结果可能没有"
                        "保存，或随其他单元格改变。请复制这一列，再“选择性粘贴 → 数值”。",
                        code="import-formula",
                    )
                )
                continue
            value = self._value(cell, target, place)
            if value is not None:
                values[target] = value
                cells[target] = place
        if any(problem.line == first.row for problem in self.problems):
            return
        self._make_records(values, cells, first.row)

    def _value(self, cell: Cell, target: str, place: CellPlace) -> Any:
        """The cell as the field ``target`` takes it, or None after reporting a problem."""
        raw = cell.value
        if isinstance(raw, str):
            found = _CONTROL.search(raw)
            if found:
                self.problems.append(
                    _problem(
                        place,
                        f"含有看不见的控制字符 U+{ord(found.group()):04X}，多半是从别的软件复制"
                        "带来的。请删掉这个单元格的内容，重新输入。",
                        code="import-control-char",
                    )
                )
                return None
            # A leading ' is our downloads' guard against formulas (exports.neutralise_cell),
            # taken off as the CSV's readers are told to; Excel never stores a typed one.
            text = restore_cell(raw.replace("\r\n", "\n"))
            stripped = text.strip(_EDGE_SPACE)
            if stripped != text:
                self.trimmed += 1
            text = stripped
        else:
            text = ""
        is_name = target == PERSON_NAME or (self.kind is RecordKind.PEOPLE and target == "name")
        if is_name and _SPACED_NAME.search(text):
            # Lists pad two-character names to line up (李  明): the space is not in the name.
            self.problems.append(
                _problem(
                    place,
                    f"姓名“{text}”中间有空格（名单常为了对齐这样排）。请删去空格再导入，"
                    "否则会被当成另一个名字。",
                    code="import-name-space",
                )
            )
            return None
        kind_of_field = _field_kind(self.kind, target)
        if kind_of_field == "date":
            return self._date(cell, text, place)
        if kind_of_field == "bool":
            answer = _yes_no(text if isinstance(raw, str) else raw)
            if answer is None:
                self.problems.append(
                    _problem(
                        place,
                        f"“{_cell_text(raw)}”不是是/否。请写“是”或“否”（也可写 true 或 false）。",
                        code="import-yes-no",
                    )
                )
            return answer
        if not isinstance(raw, str):
            if isinstance(raw, (datetime.datetime, datetime.date, datetime.time)):
                self.problems.append(
                    _problem(
                        place,
                        "这个单元格是日期，但这一列不是日期。请把单元格格式设为“文本”后照原文重新输入。",
                        code="import-date",
                    )
                )
                return None
            text = _number_text(raw, cell.number_format)
        if kind_of_field in ("id", "reference", "number"):
            # Full-width letters and digits read the same once folded: ｌｉ－ｇａｎｇ, ３０余项.
            text = unicodedata.normalize("NFKC", text)
        if kind_of_field == "list":
            return [item.strip(_EDGE_SPACE) for item in text.split(LIST_SEPARATOR)]
        return text

    def _date(self, cell: Cell, text: str, place: CellPlace) -> str | None:
        raw = cell.value
        date = _date_text(raw, text, cell.number_format)
        if date is None:
            shown = _cell_text(raw)
            self.problems.append(
                _problem(
                    place,
                    f"看不懂日期“{shown}”。请写成 2013、2013-04 或 2013-04-28"
                    "（也可写 2013年4月、2013.4、2013/4/28）。"
                    + (
                        "2013.1 这样的数字分不清是 1 月还是 10 月，请写成文字 2013-01 或 2013-10。"
                        if isinstance(raw, float)
                        else ""
                    ),
                    code="import-date",
                )
            )
        return date

    # --- records of a row

    def _make_records(self, values: dict[str, Any], cells: dict[str, CellPlace], row: int) -> None:
        anchor = next(iter(cells.values()), self._row_place(row))
        sources = self._sources(values, cells, anchor)
        if sources is None:
            return
        raw: dict[str, Any] = {}
        parts: dict[str, dict[str, Any]] = {}
        for target, value in values.items():
            if target.startswith("@") or target in ("sources",) or target.startswith("sources."):
                continue
            if target.endswith(_DERIVED_SUFFIXES) and target.rsplit("_", 1)[0] in values:
                self._check_derived(target, value, values, cells)
                continue
            if target.endswith(_DERIVED_SUFFIXES):
                continue  # a derived column without its text: nothing to read it from
            if "." in target:
                part, name = target.split(".", 1)
                if _is_list_of_parts(self.kind, part):
                    continue  # photos: read with their list below
                parts.setdefault(part, {})[name] = value
                continue
            raw[target] = value
        raw.update(parts)
        photos = _aligned_parts(values, "photos")
        if photos:
            raw["photos"] = photos
        draft_cells = dict(cells)
        if self.kind is RecordKind.AWARDS and "recipient" not in raw:
            recipient = self._recipient(values, cells, anchor, sources)
            if recipient is None:
                return
            raw["recipient"] = recipient
            draft_cells.setdefault(
                "recipient",
                cells.get(PERSON_NAME) or cells.get(COLLECTIVE) or anchor,
            )
        for name in _reference_fields(self.kind):
            value = raw.get(name)
            if isinstance(value, str):
                resolved = self._reference(name, value, cells.get(name, anchor), sources)
                if resolved is None:
                    return
                raw[name] = resolved
        if sources:
            raw["sources"] = sources
        reported = len(self.problems)
        existing = self._existing(raw, cells, anchor)
        if existing is not None:
            self.already_there.append(existing)
        if existing is not None or len(self.problems) > reported:
            return
        record_id = raw.get("id") or self._new_id(self.kind, raw)
        ordered = {"id": record_id} | {
            name: raw[name]
            for name in record_model(self.kind).model_fields
            if name in raw and name != "id"
        }
        draft = Draft(self.kind, ordered, row, draft_cells, anchor)
        self.taken.add(record_id)
        self.drafts.append(draft)

    def _sources(
        self, values: dict[str, Any], cells: dict[str, CellPlace], anchor: CellPlace
    ) -> list[dict[str, Any]] | None:
        if "sources" not in record_model(self.kind).model_fields:
            return []
        if "sources" in values:
            citations = _aligned_parts(values, "sources")
            if citations:
                return citations
        if self.options.source:
            return [{"source": self.options.source}]
        self.problems.append(
            _problem(
                cells.get("sources", anchor),
                "这一行没有写来源。请填写来源的编号，或用 --source 写明整份名单的来源。",
                code="import-no-source",
            )
        )
        return None

    def _check_derived(
        self, target: str, value: Any, values: dict[str, Any], cells: dict[str, CellPlace]
    ) -> None:
        base, part = target.rsplit("_", 1)
        try:
            quantity = parse_quantity(str(values[base]))
        except QuantityError:
            return  # the text column's own problem is reported by the validation
        expected = {
            "value": _plain_number(quantity),
            "qualifier": quantity.qualifier.value,
            "unit": quantity.unit or "",
        }[part]
        shown = str(value).strip()
        if part == "value":
            try:
                agrees = float(shown) == float(expected)
            except ValueError:
                agrees = False
        else:
            agrees = shown == expected
        if not agrees:
            self.problems.append(
                _problem(
                    cells[target],
                    f"这一栏是从“{cells[base].header}”一栏算出来的，应为“{expected}”，"
                    f"却写了“{shown}”。请只改“{cells[base].header}”一栏，或删掉这一栏。",
                    code="import-derived",
                )
            )

    def _existing(
        self, raw: dict[str, Any], cells: dict[str, CellPlace], anchor: CellPlace
    ) -> str | None:
        """The id of the record this row already is; reports a row that differs from it."""
        record_id = raw.get("id")
        if isinstance(record_id, str) and record_id in self.base.declared_ids:
            return self._compared(record_id, raw, cells, anchor)
        return self._same_identity(raw, cells, anchor)

    def _compared(
        self, record_id: str, raw: dict[str, Any], cells: dict[str, CellPlace], anchor: CellPlace
    ) -> str | None:
        """``record_id`` when the row says what the record says; else a problem and None."""
        written = self._written(record_id)
        if written is None:
            self.problems.append(
                _problem(
                    cells.get("id", anchor),
                    f"编号“{record_id}”已被另一类记录使用。请换一个编号，或删掉这一格让程序生成。",
                    code="import-exists",
                )
            )
            return None
        differing = [
            name
            for name, value in raw.items()
            if _comparable(value) != _comparable(written.get(name))
        ]
        if differing:
            titles = "、".join(_title(self.kind, name) for name in differing)
            self.problems.append(
                _problem(
                    cells.get(differing[0], anchor),
                    f"“{record_id}”这条记录已经有了，这一行的{titles}与它不同。导入只添加"
                    "新记录，不修改已有的记录：请直接修改 data/ 中的这条记录，或删掉这一行。",
                    code="import-exists",
                )
            )
            return None
        return record_id

    def _same_identity(
        self, raw: dict[str, Any], cells: dict[str, CellPlace], anchor: CellPlace
    ) -> str | None:
        """The record that has the row's name (and unit, date …), compared with the row."""
        model = record_model(self.kind)
        if not model.identity_fields:
            return None
        identity = tuple(str(raw.get(name) or "") for name in model.identity_fields)
        for record in self.base.catalog.of_kind(self.kind):
            if record.identity() == identity:
                return self._compared(record.id, raw, cells, anchor)
        return None

    def _written(self, record_id: str) -> dict[str, Any] | None:
        for model, raw, _ in self.base.written_records:
            if raw.get("id") == record_id and model is record_model(self.kind):
                return raw
        return None

    def _recipient(
        self,
        values: dict[str, Any],
        cells: dict[str, CellPlace],
        anchor: CellPlace,
        sources: list[dict[str, Any]],
    ) -> str | None:
        person, collective = values.get(PERSON_NAME), values.get(COLLECTIVE)
        if person and collective:
            self.problems.append(
                _problem(
                    cells[COLLECTIVE],
                    "这一行既写了个人姓名，又写了获奖集体，不知道荣誉授予谁。请只填其中一个。",
                    code="import-no-recipient",
                )
            )
            return None
        if person:
            unit_id = None
            if values.get(PERSON_UNIT):
                unit_id = self._unit(str(values[PERSON_UNIT]), cells[PERSON_UNIT], sources)
                if unit_id is None:
                    return None
            return self._person(str(person), unit_id, values.get(PERSON_POSITION), cells, sources)
        if collective:
            return self._unit(str(collective), cells[COLLECTIVE], sources)
        self.problems.append(
            _problem(
                anchor,
                "这一行没有写获奖者：请填写“姓名”（个人）或“获奖集体”，或在“获得者”一栏写已有记录的编号。",
                code="import-no-recipient",
            )
        )
        return None

    def _reference(
        self, name: str, value: str, place: CellPlace, sources: list[dict[str, Any]]
    ) -> str | None:
        """A reference cell: an existing id as it is, a person's or a unit's name matched."""
        if value in self.records or value in self.taken:
            return value
        kinds = _reference_kinds(self.kind, name)
        if re.fullmatch(RECORD_ID_PATTERN, value) or not (
            {RecordKind.PEOPLE, RecordKind.ORGANIZATIONS} & set(kinds)
        ):
            return value  # an id: the validation reports it if it names nothing
        if RecordKind.ORGANIZATIONS in kinds and RecordKind.PEOPLE not in kinds:
            return self._unit(value, place, sources)
        return self._person(value, None, None, {PERSON_NAME: place}, sources)

    # --- matching people and units

    def _unit(self, name: str, place: CellPlace, sources: list[dict[str, Any]]) -> str | None:
        exact = [
            unit
            for unit in self.base.catalog.of_kind(RecordKind.ORGANIZATIONS)
            if isinstance(unit, Organization) and name in (unit.name, *(unit.short_names or []))
        ]
        if len(exact) == 1:
            return exact[0].id
        if len(exact) > 1:
            ids = "、".join(unit.id for unit in exact)
            self.problems.append(
                _problem(
                    place,
                    f"有 {len(exact)} 个单位叫“{name}”（{ids}），不知道是哪一个。请写单位的编号。",
                    code="import-look-alike",
                )
            )
            return None
        if name in self.new_units:
            return self.new_units[name].record_id
        alike = [
            f"“{unit.name}”（{unit.id}）"
            for unit in self.base.catalog.of_kind(RecordKind.ORGANIZATIONS)
            if isinstance(unit, Organization)
            and any(
                _looks_like_unit(name, written)
                for written in (unit.name, *(unit.short_names or []))
            )
        ] + [
            f"“{other}”（第{draft.row}行）"
            for other, draft in self.new_units.items()
            if _looks_like_unit(name, other)
        ]
        if alike:
            self.problems.append(
                _problem(
                    place,
                    f"单位“{name}”与已有的{'、'.join(alike)}很像，不能确定是不是同一个单位。"
                    "如果是同一个，请把名称改成一样的（或写它的编号）；如果不是，请先用 "
                    "showcase new organization 建立这个单位的记录，再写它的编号。",
                    code="import-look-alike",
                )
            )
            return None
        raw: dict[str, Any] = {"id": "", "name": name, "sources": _plain_sources(sources)}
        draft = Draft(RecordKind.ORGANIZATIONS, raw, place.row, {"name": place}, place)
        raw["id"] = self._new_id(RecordKind.ORGANIZATIONS, raw)
        self.taken.add(raw["id"])
        self.new_units[name] = draft
        self.drafts.append(draft)
        return draft.record_id

    def _person(
        self,
        name: str,
        unit_id: str | None,
        position: Any,
        cells: dict[str, CellPlace],
        sources: list[dict[str, Any]],
    ) -> str | None:
        place = cells[PERSON_NAME]
        people = [p for p in self.base.catalog.of_kind(RecordKind.PEOPLE) if isinstance(p, Person)]
        same_name = [person for person in people if person.name == name]
        for person in same_name:
            if person.organization == unit_id:
                if position and position != person.position:
                    self.problems.append(
                        _problem(
                            cells.get(PERSON_POSITION, place),
                            f"人物“{name}”（{person.id}）已经有了，职务写的是“{person.position or '（空）'}”，"
                            f"这一行写的是“{position}”。导入不修改已有的记录：请删掉这一格，"
                            "或直接修改 data/ 中的这条记录。",
                            code="import-exists",
                        )
                    )
                    return None
                return person.id
        key = (name, unit_id)
        if key in self.new_people:
            return self.new_people[key].record_id
        alike = [
            f"“{person.name}”（{person.id}，单位 {person.organization or '未写'}）"
            for person in people
            if person.name == name
            or _looks_like_person(name, unit_id, person.name, person.organization)
        ] + [
            f"“{other}”（第{draft.row}行）"
            for (other, other_unit), draft in self.new_people.items()
            if _looks_like_person(name, unit_id, other, other_unit)
        ]
        if alike:
            self.problems.append(
                _problem(
                    place,
                    f"“{name}”与已有的{'、'.join(alike)}很像（同名不同单位、多了空格、全角字符、"
                    "繁简不同或只差一个字），不能确定是不是同一个人。如果是同一个人，请在“获得者”"
                    "一栏写他的编号（或把姓名、单位改成一样的）；如果不是，请先用 showcase new "
                    "person 建立这个人的记录，再在“获得者”一栏写新编号。",
                    code="import-look-alike",
                )
            )
            return None
        raw: dict[str, Any] = {"id": "", "name": name}
        person_cells = {"name": place}
        if unit_id is not None:
            raw["organization"] = unit_id
            person_cells["organization"] = cells.get(PERSON_UNIT, place)
        if position:
            raw["position"] = str(position)
            person_cells["position"] = cells.get(PERSON_POSITION, place)
        raw["sources"] = _plain_sources(sources)
        raw["id"] = self._new_id(RecordKind.PEOPLE, raw)
        draft = Draft(RecordKind.PEOPLE, raw, place.row, person_cells, place)
        self.taken.add(raw["id"])
        self.new_people[key] = draft
        self.drafts.append(draft)
        return draft.record_id

    # --- ids

    def _new_id(self, kind: RecordKind, raw: dict[str, Any]) -> str:
        return unique_id(readable_id(kind, raw), self.taken)

    # --- the validation

    def _validate(self) -> None:
        if not self.drafts:
            self.diff = ""
            return
        with tempfile.TemporaryDirectory(prefix="showcase-import-") as folder:
            list_file = Path(folder) / "import.yaml"
            list_file.write_text(list_file_text(self.drafts), encoding="utf-8")
            data = self.root / "data"
            result = validate_site([data, list_file] if data.is_dir() else [list_file], self.root)
            shown = safe_path(list_file.as_posix())
            by_place: dict[tuple[str, int], Draft] = {}
            for draft in _by_kind(self.drafts):
                by_place[(draft.kind.value, sum(k == draft.kind.value for k, _ in by_place))] = (
                    draft
                )
            for diagnostic in sorted_diagnostics(result):
                self.problems.append(self._mapped(diagnostic, shown, by_place))
            if self.problems:
                return
            base = Snapshot(WORKTREE_LABEL, self.base, (), site_totals(self.base.catalog))
            head = Snapshot("导入后", result, (), site_totals(result.catalog))
            diff = compare(base, head)
            places = {
                draft.record_id: f"{record_folder(draft.kind)}/{draft.record_id}.yaml:1"
                for draft in self.drafts
            }
            added = tuple(
                dataclasses.replace(change, place=places.get(change.record_id, change.place))
                for change in diff.added
            )
            self.diff = render_text(dataclasses.replace(diff, added=added, base=WORKTREE_LABEL))

    def _mapped(
        self, diagnostic: Diagnostic, shown: str, by_place: dict[tuple[str, int], Draft]
    ) -> Diagnostic:
        if diagnostic.path != shown:
            return diagnostic  # a problem of the existing data the import brings out
        found = re.fullmatch(r"(\w+)\[(\d+)\](?:\.(.*))?", diagnostic.field)
        draft = by_place.get((found.group(1), int(found.group(2)))) if found else None
        if draft is None:
            place = self._row_place(self.header_row)
            return _problem(
                place, diagnostic.message, code=diagnostic.code, category=diagnostic.category
            )
        inner = (found.group(3) if found else None) or ""
        name = re.sub(r"\[\d+\]", "", inner)
        missing = re.search(r"缺少必填字段“(\w+)”", diagnostic.message)
        if missing and draft.kind is self.kind and missing.group(1) in self.header_columns:
            # A cell left empty: the problem is at that cell of the row.
            column = self.header_columns[missing.group(1)]
            header = self.columns[column][0]
            place = CellPlace(self.workbook.file_name, self.sheet.name, draft.row, column, header)
            return _problem(
                place, diagnostic.message, code=diagnostic.code, category=diagnostic.category
            )
        place = (
            draft.cells.get(name)
            or draft.cells.get(name.split(".", 1)[0])
            or draft.anchor
            or self._row_place(draft.row)
        )
        message = diagnostic.message
        if draft.kind is not self.kind:
            message = f"（由这一格新建的{kind_title(draft.kind)}记录）{message}"
        return _problem(place, message, code=diagnostic.code, category=diagnostic.category)


# --- reading values ---------------------------------------------------------------------


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _number_text(value: object, number_format: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    # A number shown with leading zeros (format 000): the zeros are part of what was typed.
    if isinstance(value, int) and re.fullmatch(r"0{2,}", number_format):
        text = text.zfill(len(number_format))
    return text


def _yes_no(value: object) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("是", "true", "yes", "y", "√", "1"):
        return True
    if text in ("否", "false", "no", "n", "×", "0"):
        return False
    return None


_DATE_TEXT = re.compile(
    r"(?P<year>\d{4})\s*(?:年|[-./])?\s*(?:(?P<month>\d{1,2})\s*(?:月|[-./])?\s*"
    r"(?:(?P<day>\d{1,2})\s*日?)?)?"
)


def _date_text(raw: object, text: str, number_format: str) -> str | None:
    """A date cell as the schema writes dates: 2013, 2013-04 or 2013-04-28; None if unreadable."""
    if isinstance(raw, (datetime.datetime, datetime.date)):
        return _date_of(raw, number_format)
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        if 1900 <= raw <= 2100:
            return str(raw)  # a year typed as a number
        if 20_000 <= raw <= 80_000:
            # An Excel date serial: a date cell whose format was lost (41392 = 2013-04-28).
            converted = from_excel(raw)
            return converted.strftime("%Y-%m-%d") if converted else None
        return None
    if isinstance(raw, float):
        if raw.is_integer():
            return _date_text(int(raw), text, number_format)
        # 2013.4 typed as a number: April. 2013.1 may have been 2013.10: refused.
        year, _, month = repr(raw).partition(".")
        if len(year) == 4 and month in {"2", "3", "4", "5", "6", "7", "8", "9", "11", "12"}:
            return f"{year}-{int(month):02d}"
        return None
    folded = unicodedata.normalize("NFKC", text).strip()
    found = _DATE_TEXT.fullmatch(folded)
    if found is None:
        return None
    parts = [found.group("year")]
    if found.group("month"):
        parts.append(f"{int(found.group('month')):02d}")
        if found.group("day"):
            parts.append(f"{int(found.group('day')):02d}")
    return "-".join(parts)


def _date_of(value: datetime.date, number_format: str) -> str:
    # A date cell always holds a whole day; its format says how much of it was meant:
    # yyyy"年"m"月" is a month, not the first of that month.
    shown = re.sub(r'"[^"]*"|\[[^\]]*\]', "", number_format.lower())
    if "d" in shown:
        return value.strftime("%Y-%m-%d")
    if "m" in shown:
        return value.strftime("%Y-%m")
    if "y" in shown:
        return value.strftime("%Y")
    return value.strftime("%Y-%m-%d")


def _plain_number(quantity: Quantity) -> str:
    return format(quantity.value, "f")


def _comparable(value: object) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return {k: _comparable(v) for k, v in value.items() if v not in (None, "")}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return None if value in (None, "") else str(value)


def _aligned_parts(values: dict[str, Any], name: str) -> list[dict[str, Any]]:
    """A list of parts from its aligned columns: 来源 and 来源：原文摘录, split at ；."""
    firsts = values.get(name)
    if not firsts:
        return []
    firsts = firsts if isinstance(firsts, list) else [firsts]
    model = model_inside(record_model(RecordKind.AWARDS).model_fields["sources"].annotation)
    if name == "photos":
        model = model_inside(record_model(RecordKind.STUDIOS).model_fields["photos"].annotation)
    assert model is not None
    first_field, *others = model.model_fields
    items: list[dict[str, Any]] = [{first_field: item} for item in firsts]
    for other in others:
        column = values.get(f"{name}.{other}")
        if column is None:
            continue
        entries = column if isinstance(column, list) else str(column).split(LIST_SEPARATOR)
        for item, entry in zip(items, entries, strict=False):
            if entry not in ("", None):
                item[other] = (
                    _yes_no(entry) if other in ("shows_identifiable_people", "consent") else entry
                )
    return items


def _plain_sources(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # A record made for a row's person or unit cites the row's sources, not its quotation,
    # which is about the award.
    seen: list[dict[str, Any]] = []
    for citation in sources:
        plain = {"source": citation["source"]}
        if plain not in seen:
            seen.append(plain)
    return seen


# --- what a field takes -----------------------------------------------------------------


def _field_kind(kind: RecordKind, target: str) -> str:
    """How a cell of ``target`` is read: date, bool, list, id, reference, number or text."""
    if target.startswith("@"):
        return "text"
    model: type[BaseModel] | None = record_model(kind)
    name = target
    if "." in target:
        part, name = target.split(".", 1)
        assert model is not None
        inner = model.model_fields.get(part)
        model = model_inside(inner.annotation) if inner is not None else None
    if model is None or name not in model.model_fields:
        return "text"
    info = model.model_fields[name]
    if name == "id":
        return "id"
    if any(part == PartialDate for part in annotation_parts(info.annotation)):
        return "date"
    bare, metadata = bare_annotation(info.annotation)
    if bare is bool:
        return "bool"
    if bare is Quantity:
        return "number"
    if any(isinstance(marker, RefTo) for marker in metadata):
        return "reference"
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return "text"
    if getattr(bare, "__origin__", None) is list:
        return "list"
    return "text"


def _is_list_of_parts(kind: RecordKind, name: str) -> bool:
    info = record_model(kind).model_fields.get(name)
    if info is None:
        return False
    bare, _ = bare_annotation(info.annotation)
    return getattr(bare, "__origin__", None) is list and model_inside(info.annotation) is not None


def _reference_fields(kind: RecordKind) -> list[str]:
    return [
        name
        for name, info in record_model(kind).model_fields.items()
        if any(isinstance(marker, RefTo) for marker in bare_annotation(info.annotation)[1])
    ]


def _reference_kinds(kind: RecordKind, name: str) -> tuple[RecordKind, ...]:
    info = record_model(kind).model_fields[name]
    for marker in bare_annotation(info.annotation)[1]:
        if isinstance(marker, RefTo):
            return marker.kinds
    return ()


def _title(kind: RecordKind, name: str) -> str:
    info = record_model(kind).model_fields.get(name)
    return f"“{info.title}”" if info is not None and info.title else f"“{name}”"


def _some_titles(kind: RecordKind) -> str:
    shared = {"id", "sources", "notes", "not_duplicate_of"}
    titles = [
        info.title
        for name, info in record_model(kind).model_fields.items()
        if info.title and name not in shared
    ][:5]
    if kind is RecordKind.AWARDS:
        titles = ["姓名", "工作单位", *titles]
    return "、".join(f"“{title}”" for title in titles)


def _import_kinds(sheet: Sheet) -> Iterator[RecordKind]:
    # A sheet named after a kind (as the download page's Excel files are) is that kind.
    for kind in RecordKind:
        if sheet.name == kind_title(kind):
            yield kind
            return
    yield from (kind for kind in RecordKind if kind is not RecordKind.SOURCES)


# --- look-alikes ------------------------------------------------------------------------


def fold_name(name: str) -> str:
    """A name as a reader compares it: full-width folded, no spaces, traditional simplified."""
    folded = unicodedata.normalize("NFKC", name)
    folded = re.sub(r"\s+", "", folded).translate(_TRADITIONAL_TO_SIMPLIFIED)
    return folded.lower()


def _looks_like_unit(name: str, other: str) -> bool:
    if name == other:
        return False
    one, two = fold_name(name), fold_name(other)
    if one == two:
        return True
    shorter, longer = sorted((one, two), key=len)
    return len(shorter) >= 4 and shorter in longer


def _looks_like_person(name: str, unit: str | None, other: str, other_unit: str | None) -> bool:
    if name == other:
        return unit != other_unit
    one, two = fold_name(name), fold_name(other)
    if one == two:
        return True
    # One character off in the same unit: 王立红 and 王丽红 of one workshop.
    return (
        unit == other_unit
        and len(one) == len(two) >= 3
        and sum(a != b for a, b in zip(one, two, strict=True)) == 1
    )


# Traditional characters common in names and units, with their simplified forms: a name
# written in either is the same name to a reader, and is reported as a look-alike. A short
# table, not a converter: a name in other traditional characters is not recognised.
_TRADITIONAL_TO_SIMPLIFIED = str.maketrans(
    "劉陳張黃趙楊吳鄭馬孫許鄧馮韓蕭葉呂蘇盧蔣賈閻鍾譚鄒陸龍萬錢湯喬賀賴龔顧"
    "麗紅華國東軍偉鋼廠電醫廣興業飛鵬濤劍鳳進寶慶傑強輝紀環經營費貴陽靜"
    "會單廳號榮譽勞動獎鐵橋車產學術創計劃區總長隊組職員師範療衛門開關設備"
    "剛鋒濱棟穎潔蘭瑩鴻嬌艷寧亞聖義禮書雲風",
    "刘陈张黄赵杨吴郑马孙许邓冯韩萧叶吕苏卢蒋贾阎钟谭邹陆龙万钱汤乔贺赖龚顾"
    "丽红华国东军伟钢厂电医广兴业飞鹏涛剑凤进宝庆杰强辉纪环经营费贵阳静"
    "会单厅号荣誉劳动奖铁桥车产学术创计划区总长队组职员师范疗卫门开关设备"
    "刚锋滨栋颖洁兰莹鸿娇艳宁亚圣义礼书云风",
)


# --- ids --------------------------------------------------------------------------------


def readable_id(kind: RecordKind, raw: dict[str, Any]) -> str:
    """A new record's id from its name in pinyin: wang-lihong, tianjin-yanke-yiyuan."""
    if kind is RecordKind.PEOPLE:
        base = _person_slug(str(raw.get("name", "")))
    elif kind is RecordKind.AWARDS:
        year = str(raw.get("awarded") or "")[:4]
        honour = _words_slug(str(raw.get("honour", "")), _ID_LENGTH)
        recipient = str(raw.get("recipient", ""))
        room = _ID_LENGTH - len(recipient) - (len(year) + 1 if year else 0) - 1
        base = "-".join(part for part in (recipient, _cut(honour, room), year) if part)
    else:
        name = next((str(raw[name]) for name in ("name", "title", "metric") if raw.get(name)), "")
        base = _words_slug(name, 40)
    return base if len(base) >= 2 else kind.value.rstrip("s")


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first that no record uses."""
    base = _cut(base, _ID_LENGTH - 4)
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"


def _person_slug(name: str) -> str:
    name = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))
    surname_length = 2 if name[:2] in _COMPOUND_SURNAMES else 1
    surname, given = name[:surname_length], name[surname_length:]
    return "-".join(part for part in (_pinyin(surname), _pinyin(given)) if part)


def _words_slug(text: str, limit: int) -> str:
    words = [_pinyin(word) for word in _cut_words(unicodedata.normalize("NFKC", text))]
    return _cut("-".join(word for word in words if word), limit)


def _cut_words(text: str) -> list[str]:
    import jieba  # imported only here: its dictionary takes a second to load

    logging.getLogger("jieba").setLevel(logging.WARNING)
    jieba.setLogLevel(logging.WARNING)
    return [word for word in jieba.cut(text) if word.strip()]


def _pinyin(text: str) -> str:
    syllables = lazy_pinyin(text, errors="default")  # letters and digits kept as typed
    joined = "".join(syllables).lower()
    return re.sub(r"[^a-z0-9]+", "", joined)


def _cut(slug: str, limit: int) -> str:
    if len(slug) <= limit:
        return slug.strip("-")
    cut = slug[:limit]
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")


# --- writing ----------------------------------------------------------------------------


def _yaml_scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and re.fullmatch(RECORD_ID_PATTERN, value) and not value.isdigit():
        return (
            value
            if value not in ("true", "false", "null", "yes", "no", "on", "off")
            else json.dumps(value)
        )
    # A JSON string is a YAML double-quoted scalar; the loader reads it back unchanged.
    return json.dumps(str(value), ensure_ascii=False)


def _yaml_lines(raw: dict[str, Any], indent: str) -> Iterator[str]:
    for name, value in raw.items():
        if isinstance(value, dict):
            yield f"{indent}{name}:"
            yield from _yaml_lines(value, indent + "  ")
        elif isinstance(value, list):
            yield f"{indent}{name}:"
            for item in value:
                if isinstance(item, dict):
                    lines = list(_yaml_lines(item, indent + "    "))
                    yield f"{indent}  - {lines[0].lstrip()}"
                    yield from lines[1:]
                else:
                    yield f"{indent}  - {_yaml_scalar(item)}"
        else:
            yield f"{indent}{name}: {_yaml_scalar(value)}"


def record_file_text(raw: dict[str, Any]) -> str:
    """A one-record file: the record's fields at the top, as the data folders hold them."""
    return "\n".join(_yaml_lines(raw, "")) + "\n"


def _by_kind(drafts: Sequence[Draft]) -> list[Draft]:
    return sorted(drafts, key=lambda draft: list(RecordKind).index(draft.kind))


def list_file_text(drafts: Sequence[Draft]) -> str:
    """The drafts as one list file, in the order :func:`_by_kind` numbers them."""
    lines: list[str] = []
    current: RecordKind | None = None
    for draft in _by_kind(drafts):
        if draft.kind is not current:
            current = draft.kind
            lines.append(f"{current.value}:")
        record = list(_yaml_lines(draft.raw, "    "))
        lines.append(f"  - {record[0].lstrip()}")
        lines.extend(record[1:])
    return "\n".join(lines) + "\n"


class WriteError(ShowcaseError):
    """The files could not be written; none of them was."""


def write_files(root: Path, files: dict[str, str]) -> list[Path]:
    """Write every file or none; an existing file is never replaced."""
    written: list[Path] = []
    for relative, text in sorted(files.items()):
        target = root / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=target.parent, prefix=".import-", delete=False
            ) as staged:
                staged.write(text)
            try:
                # A hard link fails if the target exists: nothing is ever overwritten.
                os.link(staged.name, target)
            finally:
                Path(staged.name).unlink()
        except OSError as error:
            for path in written:
                path.unlink(missing_ok=True)
            reason = "文件已存在" if isinstance(error, FileExistsError) else error.strerror or ""
            raise WriteError(
                f"写入 {safe_path(relative)} 失败（{safe_text(reason)}），所有文件都没有写入。"
            ) from None
        written.append(target)
    return written


# --- the command ------------------------------------------------------------------------


def report(plan: ImportPlan, *, dry_run: bool) -> str:
    """What the command prints: where it read, the problems or the additions."""
    sheet = f" 的工作表“{plan.sheet.name}”" if plan.sheet.name else ""
    encoding = f"（编码 {plan.workbook.encoding}）" if plan.workbook.encoding else ""
    lines = [f"读取 {safe_path(plan.workbook.file_name)}{safe_text(sheet)}{encoding}。"]
    if plan.header_row:
        lines[0] += (
            f"表头在第 {plan.header_row} 行，{plan.data_rows} 行数据，"
            f"按“{kind_title(plan.kind)}”导入。"
        )
    if plan.trimmed_cells:
        lines.append(f"已去掉 {plan.trimmed_cells} 个单元格首尾的空格。")
    if plan.problems:
        lines += [str(problem) for problem in plan.problems]
        lines.append(
            f"共发现 {len(plan.problems)} 个问题，没有写入任何文件。请逐条修改表格后再导入。"
        )
        return "\n".join(lines) + "\n"
    if plan.already_there:
        lines.append(f"{len(plan.already_there)} 行与已有的记录相同，不会重复添加。")
    if not plan.drafts:
        lines.append("没有新的记录要添加。")
        return "\n".join(lines) + "\n"
    lines.append(plan.diff.rstrip("\n"))
    if dry_run:
        lines.append(
            f"这是预演（--dry-run），没有写入任何文件。去掉 --dry-run 即可写入 {len(plan.files)} 个文件。"
        )
    return "\n".join(lines) + "\n"


def run_import(
    path: Path, root: Path, options: ImportOptions, *, mapping: Path | None, dry_run: bool
) -> tuple[int, str]:
    """Run ``showcase import``: the exit status and what to print."""
    if mapping is not None:
        options = read_mapping(mapping, options)
    try:
        plan = plan_import(path, root, options)
    except SpreadsheetError as error:
        return 2, f"{error}\n"
    text = report(plan, dry_run=dry_run)
    if plan.problems:
        return 1, text
    if dry_run or not plan.files:
        return 0, text
    written = write_files(root, plan.files)
    names = "\n".join(f"  {path.relative_to(root).as_posix()}" for path in written)
    return (
        0,
        text + f"已写入 {len(written)} 个文件：\n{names}\n请运行 showcase validate 检查后提交。\n",
    )
