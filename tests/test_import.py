"""`showcase import`: spreadsheets made here, good rows and bad, every problem at its cell."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC
from pathlib import Path

import openpyxl
import pytest
import yaml
from openpyxl.worksheet.worksheet import Worksheet

from showcase.cli import main
from showcase.editing import importing, spreadsheet
from showcase.editing.importing import (
    ImportOptions,
    ImportPlan,
    ImportRefused,
    WriteError,
    plan_import,
    read_mapping,
    unique_id,
    write_files,
)
from showcase.editing.spreadsheet import SpreadsheetError, decode_csv, read_spreadsheet
from showcase.records.revision import Revision
from showcase.records.schema import RecordKind
from showcase.records.validation import validate
from showcase.site.exports import export_csv, export_xlsx
from showcase.site.generated import generate_site
from tests.conftest import REPO_ROOT, WriteTree

PEOPLE = """\
people:
  - id: li-gang
    name: 李刚
    organization: tj-steel-pipe
    position: 电工
    sources: [{source: test-source}]
organizations:
  - id: tj-steel-pipe
    name: 天津钢管集团股份有限公司
    short_names: [钢管公司]
    sources: [{source: test-source}]
  - id: tj-port
    name: 天津港
    sources: [{source: test-source}]
"""
HEADER = ("序号", "姓名", "工作单位", "荣誉称号", "授予年份", "级别")
WITH_SOURCE = ImportOptions(source="test-source")


def _workbook(
    path: Path,
    *rows: Sequence[object],
    adjust: Callable[[Worksheet], None] | None = None,
    title: str = "Sheet1",
) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    if adjust is not None:
        adjust(sheet)
    workbook.save(path)
    return path


@pytest.fixture
def root(write_tree: WriteTree) -> Path:
    return write_tree({"data/people.yaml": PEOPLE})


def _plan(root: Path, *rows: Sequence[object], **kwargs: object) -> ImportPlan:
    adjust = kwargs.pop("adjust", None)
    options = kwargs.pop("options", WITH_SOURCE)
    assert not kwargs
    path = _workbook(root / "名单.xlsx", *rows, adjust=adjust)  # type: ignore[arg-type]
    return plan_import(path, root, options)  # type: ignore[arg-type]


def _problems(plan: ImportPlan) -> list[str]:
    return [str(problem) for problem in plan.problems]


def _new(plan: ImportPlan, kind: RecordKind) -> list[dict[str, object]]:
    return [draft.raw for draft in plan.drafts if draft.kind is kind]


# --- a list of honours as it arrives ----------------------------------------------------


def _list_with_pitfalls(sheet: Worksheet) -> None:
    sheet.merge_cells("A1:F1")  # the title over the whole table
    sheet.merge_cells("C4:C5")  # one unit for two people
    sheet["E5"].number_format = 'yyyy"年"m"月"'  # a date cell meant as a month


def test_a_list_of_honours_becomes_awards_people_and_units(root: Path) -> None:
    plan = _plan(
        root,
        ("2013年天津市劳动模范名单",),
        (),
        HEADER,
        (1, "王立红", "天津新港船舶重工有限责任公司", "天津市劳动模范", 2013, "省级"),
        (2, "张　伟", None, "天津市劳动模范", datetime.datetime(2013, 4, 28), "省级"),
        (),  # an empty row between the names
        (3, " 刘洋 ", "钢管公司", "天津市劳动模范", "2013年4月", "省级"),
        (4, "李刚", "天津钢管集团股份有限公司", "全国五一劳动奖章", 41392, "全国级"),
        (5, "陈静", "天津港", "天津市劳动模范", "２０１３.４", "省级"),
        adjust=_list_with_pitfalls,
    )
    # 张　伟 is refused (a padded name) before anything else is read of its row.
    assert _problems(plan) == [
        "名单.xlsx:Sheet1!B5: 姓名: 姓名“张　伟”中间有空格（名单常为了对齐这样排）。"
        "请删去空格再导入，否则会被当成另一个名字。 [import-name-space]"
    ]
    plan = _plan(
        root,
        ("2013年天津市劳动模范名单",),
        (),
        HEADER,
        (1, "王立红", "天津新港船舶重工有限责任公司", "天津市劳动模范", 2013, "省级"),
        (2, "张伟", None, "天津市劳动模范", datetime.datetime(2013, 4, 28), "省级"),
        (),
        (3, " 刘洋 ", "钢管公司", "天津市劳动模范", "2013年4月", "省级"),
        (4, "李刚", "天津钢管集团股份有限公司", "全国五一劳动奖章", 41392, "全国级"),
        (5, "陈静", "天津港", "天津市劳动模范", "２０１３.４", "省级"),
        adjust=_list_with_pitfalls,
    )
    assert plan.problems == ()
    assert (plan.header_row, plan.data_rows, plan.kind) == (3, 5, RecordKind.AWARDS)
    assert plan.trimmed_cells == 1
    awards = _new(plan, RecordKind.AWARDS)
    assert [(a["recipient"], a["awarded"]) for a in awards] == [
        ("wang-lihong", "2013"),  # a year typed as a number
        ("zhang-wei", "2013-04"),  # a date cell formatted as a month, not 2013-04-01
        ("liu-yang", "2013-04"),  # 2013年4月
        ("li-gang", "2013-04-28"),  # an Excel serial whose date format was lost
        ("chen-jing", "2013-04"),  # full-width digits, folded
    ]
    assert awards[0] == {
        "id": "wang-lihong-tianjinshi-laodongmofan-2013",
        "honour": "天津市劳动模范",
        "level": "省级",
        "awarded": "2013",
        "recipient": "wang-lihong",
        "sources": [{"source": "test-source"}],
    }
    people = {person["name"]: person for person in _new(plan, RecordKind.PEOPLE)}
    # The merged unit cell counts for both rows; 钢管公司 is a unit's short name.
    new_unit = "tianjin-xingang-chuanbo-zhonggong"
    assert people["王立红"]["organization"] == new_unit
    assert people["张伟"]["organization"] == new_unit
    assert people["刘洋"]["organization"] == "tj-steel-pipe"
    assert people["陈静"]["organization"] == "tj-port"
    assert "李刚" not in people  # the existing li-gang of the same unit
    assert [unit["name"] for unit in _new(plan, RecordKind.ORGANIZATIONS)] == [
        "天津新港船舶重工有限责任公司"
    ]
    assert f"data/organizations/{new_unit}.yaml" in plan.files
    assert plan.files["data/people/wang-lihong.yaml"] == (
        'id: wang-lihong\nname: "王立红"\norganization: tianjin-xingang-chuanbo-zhonggong\n'
        "sources:\n  - source: test-source\n"
    )


def test_the_dry_run_speaks_as_showcase_diff_and_writes_nothing(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _workbook(root / "名单.xlsx", HEADER, (1, "王立红", "天津港", "天津市劳动模范", 2013, "省级"))
    arguments = ["import", str(root / "名单.xlsx"), "--root", str(root), "--source", "test-source"]
    assert main([*arguments, "--dry-run"]) == 0
    printed = capsys.readouterr().out
    assert "新增 2 条、删除 0 条、修改 0 条记录" in printed
    assert "  人物 王立红（wang-lihong，data/people/wang-lihong.yaml:1）" in printed
    assert "这是预演（--dry-run），没有写入任何文件。" in printed
    assert not (root / "data/people").exists()
    assert main(arguments) == 0
    assert "已写入 2 个文件：" in capsys.readouterr().out
    assert (root / "data/people/wang-lihong.yaml").is_file()
    assert (root / "data/awards/wang-lihong-tianjinshi-laodongmofan-2013.yaml").is_file()
    # The written files are data like any other: valid, and the same list again adds nothing.
    assert main(["validate", "--root", str(root)]) == 0
    assert "数据检查通过" in capsys.readouterr().out
    assert main([*arguments, "--dry-run"]) == 0
    assert "1 行与已有的记录相同，不会重复添加。\n没有新的记录要添加。" in capsys.readouterr().out


def test_nothing_is_written_unless_every_row_passes(root: Path) -> None:
    plan = _plan(
        root,
        HEADER,
        (1, "王立红", "天津港", "天津市劳动模范", 2013, "省级"),
        (2, "赵刚", "天津港", "天津市劳动模范", "去年", "省级"),
    )
    assert [problem.code for problem in plan.problems] == ["import-date"]
    assert str(plan.problems[0]).startswith("名单.xlsx:Sheet1!E3: 授予年份: 看不懂日期“去年”。")
    assert plan.files == {}


def test_a_half_empty_row_is_an_error_at_the_empty_cell(root: Path) -> None:
    plan = _plan(root, HEADER, (1, "王立红", "天津港", None, 2013, "省级"))
    assert [(problem.code, problem.place) for problem in plan.problems] == [  # type: ignore[attr-defined]
        ("missing-field", "名单.xlsx:Sheet1!D2")
    ]


def test_the_validation_of_the_data_is_mapped_to_cells(root: Path) -> None:
    plan = _plan(
        root,
        (*HEADER, "事迹/表彰理由"),
        (1, "王立红", "天津港", "天津市劳动模范", 2013, "市级别", "联系电话 13912345678"),
    )
    found = {problem.code: str(problem) for problem in plan.problems}
    assert found.keys() == {"not-allowed", "personal-number"}
    assert found["not-allowed"].startswith("名单.xlsx:Sheet1!F2: 级别: “市级别”不是可选的值。")
    assert found["personal-number"].startswith("名单.xlsx:Sheet1!G2: 事迹/表彰理由: ")
    assert "13912345678" not in found["personal-number"]  # masked in the message


def test_a_quantity_typed_as_a_number_keeps_its_text_and_needs_its_unit(root: Path) -> None:
    header = ("工作室名称", "成果：获得专利", "成果：现场出诊")
    plan = _plan(root, header, ("甲工作室", "30余项", 50))
    assert [(p.code, p.place) for p in plan.problems] == [  # type: ignore[attr-defined]
        ("wrong-unit", "名单.xlsx:Sheet1!C2")
    ]
    plan = _plan(root, header, ("甲工作室", "30余项", "50余次"))
    assert _new(plan, RecordKind.STUDIOS)[0]["achievements"] == {
        "patents_granted": "30余项",
        "site_visits": "50余次",
    }


# --- look-alikes: reported, never guessed -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("李刚", "天津港"),  # the same name in another unit
        ("李剛", "天津钢管集团股份有限公司"),  # traditional
    ],
)
def test_a_person_who_only_looks_like_one_on_record_is_reported(
    root: Path, name: str, unit: str
) -> None:
    plan = _plan(root, HEADER, (1, name, unit, "劳动模范", 2013, "省级"))
    assert [problem.code for problem in plan.problems] == ["import-look-alike"]
    assert "li-gang" in plan.problems[0].message


def test_a_traditional_name_and_a_near_name_in_the_same_unit_are_reported(
    write_tree: WriteTree,
) -> None:
    root = write_tree({"data/people.yaml": PEOPLE.replace("李刚", "王立红")})
    for name in ("王立紅", "王丽红"):
        plan = _plan(root, HEADER, (1, name, "钢管公司", "劳动模范", 2013, "省级"))
        assert [problem.code for problem in plan.problems] == ["import-look-alike"], name
    plan = _plan(root, HEADER, (1, "王立红", "钢管公司", "劳动模范", 2013, "省级"))
    assert plan.problems == () and _new(plan, RecordKind.PEOPLE) == []


@pytest.mark.parametrize(
    ("unit", "existing"),
    [
        ("天津钢管集团", "tj-steel-pipe"),  # a name that the unit's full name holds
        ("天津港(集团)", "tj-port"),  # half-width brackets for full-width ones
        ("天津 港（集团）", "tj-port"),  # a space inside
    ],
)
def test_a_unit_that_only_looks_like_one_on_record_is_reported(
    write_tree: WriteTree, unit: str, existing: str
) -> None:
    root = write_tree({"data/people.yaml": PEOPLE.replace("天津港", "天津港（集团）")})
    plan = _plan(root, HEADER, (1, "王立红", unit, "劳动模范", 2013, "省级"))
    assert [problem.code for problem in plan.problems] == ["import-look-alike"]
    assert existing in plan.problems[0].message


def test_new_ids_are_readable_and_never_taken() -> None:
    assert unique_id("wang-lihong", {"wang-lihong", "wang-lihong-2"}) == "wang-lihong-3"
    assert unique_id("wang-lihong", set()) == "wang-lihong"


# --- the sheet and its header -------------------------------------------------------------


def test_a_second_sheet_with_data_must_be_named(root: Path) -> None:
    def second_sheet(sheet: Worksheet) -> None:
        other = sheet.parent.create_sheet("附件2")
        other.append(HEADER)
        other.append((1, "赵刚", "天津港", "劳动模范", 2013, "省级"))

    path = _workbook(
        root / "名单.xlsx",
        HEADER,
        (1, "王立红", "天津港", "劳动模范", 2013, "省级"),
        adjust=second_sheet,
    )
    with pytest.raises(ImportRefused, match="有 2 个工作表有内容（“Sheet1”、“附件2”）"):
        plan_import(path, root, WITH_SOURCE)
    plan = plan_import(path, root, ImportOptions(source="test-source", sheet="附件2"))
    assert [person["name"] for person in _new(plan, RecordKind.PEOPLE)] == ["赵刚"]


def test_an_unknown_column_is_an_error_until_the_mapping_says_what_it_is(root: Path) -> None:
    rows = (("获奖人", "荣誉称号", "备注", "级别"), ("王立红", "劳动模范", "见附件", "省级"))
    plan = _plan(root, *rows)
    assert [(p.code, p.place) for p in plan.problems] == [  # type: ignore[attr-defined]
        ("import-unknown-column", "名单.xlsx:Sheet1!C1")
    ]
    mapping = root / "映射.yaml"
    mapping.write_text("来源: test-source\n列:\n  备注: 忽略\n  获奖人: 姓名\n", encoding="utf-8")
    plan = _plan(root, *rows, options=read_mapping(mapping, ImportOptions()))
    assert plan.problems == ()
    mapping.write_text("来源: test-source\n列:\n  备注: 附件\n  获奖人: 姓名\n", encoding="utf-8")
    plan = _plan(root, *rows, options=read_mapping(mapping, ImportOptions()))
    assert [str(problem) for problem in plan.problems] == [
        "名单.xlsx:Sheet1!C1: 备注: 映射文件把这一列对应到“附件”，但荣誉没有这个字段。"
        "请写字段的中文名称（“姓名”、“工作单位”、“荣誉名称”、“级别”、“授予单位”、“授予时间”、"
        "“公布时间”等）或字段名，不导入的列写“忽略”。 [import-unknown-column]"
    ]
    # The command line wins over the mapping file: --source test-source, not nowhere.
    mapping.write_text("来源: nowhere\n列: {备注: 忽略, 获奖人: 姓名}\n", encoding="utf-8")
    plan = _plan(root, *rows, options=read_mapping(mapping, WITH_SOURCE))
    assert plan.problems == ()
    assert _new(plan, RecordKind.AWARDS)[0]["sources"] == [{"source": "test-source"}]
    assert [person["name"] for person in _new(plan, RecordKind.PEOPLE)] == ["王立红"]


def test_formulas_hidden_rows_and_hidden_columns_are_refused(root: Path) -> None:
    row = (1, "王立红", "天津港", "劳动模范", 2013, "省级")

    def formula(sheet: Worksheet) -> None:
        sheet["D2"] = '="劳动"&"模范"'

    def hidden_row(sheet: Worksheet) -> None:
        sheet.row_dimensions[3].hidden = True

    def hidden_column(sheet: Worksheet) -> None:
        sheet.column_dimensions["F"].hidden = True

    assert [p.code for p in _plan(root, HEADER, row, adjust=formula).problems] == ["import-formula"]
    hidden = _plan(root, HEADER, row, row, adjust=hidden_row).problems
    assert [(p.code, p.place) for p in hidden] == [("import-hidden", "名单.xlsx:Sheet1!第3行")]  # type: ignore[attr-defined]
    hidden = _plan(root, HEADER, row, adjust=hidden_column).problems
    assert [(p.code, p.place) for p in hidden] == [("import-hidden", "名单.xlsx:Sheet1!F1")]  # type: ignore[attr-defined]


def test_a_formula_in_an_ignored_column_is_no_problem(root: Path) -> None:
    def numbered(sheet: Worksheet) -> None:
        sheet["A2"] = "=ROW()-1"

    plan = _plan(
        root, HEADER, (None, "王立红", "天津港", "劳动模范", 2013, "省级"), adjust=numbered
    )
    assert plan.problems == ()


def test_control_characters_in_a_cell_are_refused(root: Path) -> None:
    path = root / "名单.csv"
    path.write_bytes("姓名,荣誉称号\n王立\x07红,劳动模范\n".encode())
    plan = plan_import(path, root, WITH_SOURCE)
    assert [(p.code, p.place) for p in plan.problems] == [  # type: ignore[attr-defined]
        ("import-control-char", "名单.csv:A2")
    ]


@pytest.mark.parametrize(
    ("raw", "text", "number_format", "expected"),
    [
        (2013, "", "General", "2013"),
        (41392, "", "General", "2013-04-28"),
        (2013.4, "", "General", "2013-04"),
        (2013.1, "", "General", None),  # January or October?
        (2013.11, "", "General", "2013-11"),
        (datetime.datetime(2013, 4, 28), "", "yyyy-mm-dd", "2013-04-28"),
        (datetime.datetime(2013, 4, 1), "", 'yyyy"年"m"月"', "2013-04"),
        (datetime.datetime(2013, 1, 1), "", "yyyy", "2013"),
        ("2013年4月", "2013年4月", "General", "2013-04"),
        ("2013.4", "2013.4", "General", "2013-04"),
        ("2013-04-28", "2013-04-28", "General", "2013-04-28"),
        ("2013/4/28", "2013/4/28", "General", "2013-04-28"),
        ("2013年4月28日", "2013年4月28日", "General", "2013-04-28"),
        ("去年", "去年", "General", None),
    ],
)
def test_dates_in_every_form_a_spreadsheet_holds_them(
    raw: object, text: str, number_format: str, expected: str | None
) -> None:
    assert importing._date_text(raw, text, number_format) == expected


def test_numbers_keep_the_zeros_their_format_shows() -> None:
    assert importing._number_text(7, "000") == "007"
    assert importing._number_text(30.0, "General") == "30"


# --- reading files safely -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "encoding"),
    [
        ("姓名,荣誉称号\n王立红,劳动模范\n".encode("utf-8-sig"), "UTF-8（带 BOM）"),
        ("姓名,荣誉称号\n王立红,劳动模范\n".encode(), "UTF-8"),
        ("姓名,荣誉称号\n王立红,劳动模范\n".encode("gb18030"), "GB18030"),
        ("姓名\t荣誉称号\n王立红\t劳动模范\n".encode("utf-16"), "UTF-16"),
    ],
)
def test_csv_in_the_encodings_chinese_excel_writes(
    root: Path, encoded: bytes, encoding: str
) -> None:
    path = root / "名单.csv"
    path.write_bytes(encoded)
    plan = plan_import(path, root, WITH_SOURCE)
    assert plan.workbook.encoding == encoding
    assert [person["name"] for person in _new(plan, RecordKind.PEOPLE)] == ["王立红"]


def test_utf8_is_tried_strictly_before_gb18030() -> None:
    # These bytes are valid GB18030 too (as 鐜嬬珛绾?), which must not win.
    assert decode_csv("王立红".encode()) == ("王立红", "UTF-8")


def test_oversized_files_sheets_and_zip_bombs_are_refused(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _workbook(root / "名单.xlsx", HEADER, (1, "王立红", "天津港", "劳动模范", 2013, "省级"))
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1000)
    with pytest.raises(SpreadsheetError, match="解压后"):
        read_spreadsheet(path)
    monkeypatch.undo()
    monkeypatch.setattr(spreadsheet, "MAX_ROWS", 1)
    with pytest.raises(SpreadsheetError, match="超过 1 行"):
        read_spreadsheet(path)
    monkeypatch.undo()
    monkeypatch.setattr(spreadsheet, "MAX_FILE_BYTES", 100)
    with pytest.raises(SpreadsheetError, match="超过了 0 MB 的上限"):
        read_spreadsheet(path)
    monkeypatch.undo()
    (root / "坏.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    with pytest.raises(SpreadsheetError, match=r"不是有效的 \.xlsx 文件"):
        read_spreadsheet(root / "坏.xlsx")


def test_a_merged_range_over_the_whole_sheet_is_refused_before_it_is_read(root: Path) -> None:
    path = _workbook(root / "名单.xlsx", HEADER)
    # Four million cells in one line of XML, refused before openpyxl makes one object each.
    rewritten = io.BytesIO()
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w") as target:
        for entry in source.infolist():
            content = source.read(entry)
            if entry.filename == "xl/worksheets/sheet1.xml":
                content = content.replace(
                    b"</sheetData>",
                    b'</sheetData><mergeCells count="1"><mergeCell ref="A3:GR20000"/></mergeCells>',
                )
            target.writestr(entry, content)
    path.write_bytes(rewritten.getvalue())
    with pytest.raises(SpreadsheetError, match="超过 500000 个单元格"):
        read_spreadsheet(path)


def test_a_stray_cell_far_away_makes_no_empty_cells(root: Path) -> None:
    def stray(sheet: Worksheet) -> None:
        sheet["GR2000"] = " "  # a space far away: rows up to it, but only it in its row

    path = _workbook(root / "名单.xlsx", HEADER, adjust=stray)
    (sheet,) = read_spreadsheet(path).sheets
    assert len(sheet.rows) == 2000
    assert sum(len(row) for row in sheet.rows) == 6 + 200


def test_writing_is_all_or_nothing_and_never_over_a_file(tmp_path: Path) -> None:
    (tmp_path / "data/people").mkdir(parents=True)
    (tmp_path / "data/people/b.yaml").write_text("kept\n", encoding="utf-8")
    files = {"data/people/a.yaml": "id: a\n", "data/people/b.yaml": "id: b\n"}
    with pytest.raises(
        WriteError, match=r"写入 data/people/b\.yaml 失败（文件已存在），所有文件都没有写入"
    ):
        write_files(tmp_path, files)
    assert sorted(p.name for p in (tmp_path / "data/people").iterdir()) == ["b.yaml"]
    assert (tmp_path / "data/people/b.yaml").read_text(encoding="utf-8") == "kept\n"


def test_a_row_that_is_an_existing_record_with_other_values_is_refused(root: Path) -> None:
    plan = _plan(root, ("编号", "姓名", "职务/岗位"), ("li-gang", "李刚", "钳工"))
    assert [(p.code, p.place) for p in plan.problems] == [  # type: ignore[attr-defined]
        ("import-exists", "名单.xlsx:Sheet1!C2")
    ]
    plan = _plan(root, ("编号", "姓名", "职务/岗位"), ("li-gang", "李刚", "电工"))
    assert (plan.problems, plan.already_there, plan.drafts) == ((), ("li-gang",), ())


# --- the round trip through the download page ---------------------------------------------


@pytest.mark.parametrize("kind", list(RecordKind))
def test_the_real_data_exported_and_imported_again_adds_nothing(
    kind: RecordKind, tmp_path: Path
) -> None:
    catalog = validate([REPO_ROOT / "data"], REPO_ROOT).catalog
    assert catalog.of_kind(kind)
    for name, content in (
        (f"{kind.value}.xlsx", export_xlsx(catalog, kind, dated=None)),
        (f"{kind.value}.csv", export_csv(catalog, kind)),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        plan = plan_import(path, REPO_ROOT, ImportOptions(kind=kind))
        assert _problems(plan) == []
        assert plan.drafts == ()
        assert len(plan.already_there) == len(catalog.of_kind(kind))


def test_the_xlsx_export_holds_no_clock_and_no_formula(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/people.yaml": """\
            people:
              - id: li-gang
                name: "=HYPERLINK(\\"http://example.org\\")"
                sources: [{source: test-source}]
            """
        }
    )
    catalog = validate([root / "data"], root).catalog
    dated = datetime.datetime(2014, 5, 6, 7, 8, 10, tzinfo=UTC)
    content = export_xlsx(catalog, RecordKind.PEOPLE, dated=dated)
    assert content == export_xlsx(catalog, RecordKind.PEOPLE, dated=dated)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2014, 5, 6, 7, 8, 10)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("2014-05-06T07:08:10Z") == 2
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert isinstance(sheet, Worksheet)
    assert [cell.value for cell in sheet[1]][:2] == ["编号", "姓名"]
    name = sheet["B2"]
    assert (name.value, name.data_type) == ('\'=HYPERLINK("http://example.org")', "s")


def test_the_download_page_offers_the_xlsx_beside_the_csv(root: Path) -> None:
    catalog = validate([root / "data"], root).catalog
    committed = datetime.datetime(2014, 5, 6, 7, 8, 10, tzinfo=UTC)
    site = generate_site(
        catalog,
        use_directory_urls=True,
        site_url=None,
        revision=Revision("0" * 40, committed),
    )
    people = site.data_files["downloads/people.xlsx"]
    assert people == export_xlsx(catalog, RecordKind.PEOPLE, dated=committed)
    page = next(page for page in site.pages if page.src_uri == "download.md").render()
    assert '<a href="../downloads/people.csv" download>CSV</a>' in page
    assert '<a href="../downloads/people.xlsx" download>Excel</a>' in page


def test_the_record_files_read_back_as_written() -> None:
    raw = {
        "id": "li-gang",
        "name": "李刚: #1 'x' \"y\"",
        "notes": "第一行\n第二行\t有制表符",
        "count": "2013",
        "flag": True,
        "words": ["true", "null", "- a"],
        "achievements": {"patents_granted": "30余项"},
        "sources": [{"source": "test-source", "quote": "原话"}],
    }
    text = importing.record_file_text(raw)
    assert yaml.safe_load(text) == raw
    assert text.startswith("id: li-gang\nname: ")
