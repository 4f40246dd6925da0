"""Open-data exports: JSON and CSV that read back to the catalog, field by field."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

from showcase.mkdocs_plugins.records import plugin as records_plugin
from showcase.records.catalog import Catalog
from showcase.records.quantities import Qualifier, Quantity, parse_quantity
from showcase.records.revision import UNKNOWN
from showcase.records.schema import (
    Achievements,
    DataFile,
    Level,
    RecordKind,
    Studio,
    bare_annotation,
    record_model,
)
from showcase.records.validation import validate
from showcase.site import exports, generated
from showcase.site.downloads import (
    DOWNLOADS_SRC_URI,
    file_sizes,
    open_data_files,
    write_open_data_files,
)
from showcase.site.exports import (
    LIST_SEPARATOR,
    QUALIFIER_MEANINGS,
    csv_columns,
    export_csv,
    export_json,
    kind_title,
    neutralise_cell,
    restore_cell,
)
from tests.conftest import REPO_ROOT, SOURCE_TEXT, WriteTree
from tests.images import small_jpeg
from tests.test_site_build import build_site

BUILD_YML = """\
site_name: 测试站点
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - showcase/records
"""

BOM = b"\xef\xbb\xbf"

# A small tree with every shape of field: quantities, nested achievements, lists of text,
# citations with and without quotes, photos with and without credit, enums, booleans, and
# cells a spreadsheet would run as formulas.
TREE = {
    "data/sources/test.txt": SOURCE_TEXT + "近5年来累计培训职工582.8万人次，满意率达96.3%。\n",
    "content/photos/li-gang.jpg": small_jpeg(),
    "content/photos/workshop.jpg": small_jpeg(),
    "data/records.yaml": """\
    organizations:
      - id: steel-pipe
        name: "=HYPERLINK(\\"http://evil.example\\",\\"点击\\")"
        short_names: ["-钢管公司", "+钢管", "@钢管", "'引号开头"]
        level: 省级
        sources:
          - source: test-source
            quote: 天津钢管公司的劳模创新工作室成立一年间
            locator: 第1段
          - source: test-source
      - id: city-union
        name: 市总工会
        sources: [{source: test-source}]
    people:
      - id: li-gang
        name: 李刚
        organization: steel-pipe
        photos:
          - file: photos/li-gang.jpg
            caption: 李刚在车间
            alt: 李刚站在机床旁
            shows_identifiable_people: true
            consent: true
            credit: 本报记者
          - file: photos/workshop.jpg
            caption: 车间
            alt: 空无一人的车间
            shows_identifiable_people: false
        sources: [{source: test-source}]
    studios:
      - id: steel-studio
        name: 天津钢管公司劳模创新工作室
        leader: li-gang
        organization: steel-pipe
        level: 省级
        founded: "2012"
        featured: true
        achievements:
          site_visits: 50余次
          patents_granted: 30余项
          economic_benefit: 3000多万元
          operation_methods: [李刚操作法, 第二操作法]
        description: |
          第一段。
          第二段，有“引号”、"半角引号"和,逗号。
        sources:
          - source: test-source
            quote: 现场“出诊”50余次，获得专利30余项
      - id: bare-studio
        name: 空工作室
        sources: [{source: test-source}]
    awards:
      - id: li-gang-model
        honour: 全国劳动模范
        recipient: li-gang
        level: 全国级
        conferred_by: city-union
        awarded: "2010"
        status: 已撤销
        revoked: "2015-03"
        sources: [{source: test-source}]
    projects:
      - id: skills-project
        title: 职工素质工程
        category: 项目带资金
        owner: city-union
        partners: [steel-pipe, city-union]
        funding: 9.3万元
        started: "2012-05"
        outcomes: [培训职工, "=1+1"]
        sources: [{source: test-source}]
    figures:
      - id: fig-trained
        metric: 累计培训职工
        value: 582.8万人次
        scope: 天津市
        period: 近5年来
        as_published: 近5年来累计培训职工582.8万人次
        sources: [{source: test-source}]
      - id: fig-rate
        metric: 满意率
        value: "96.3%"
        scope: 天津市
        as_of: "2013"
        as_published: 满意率达96.3%
        sources: [{source: test-source}]
    """,
}


@pytest.fixture
def small_catalog(write_tree: WriteTree) -> Catalog:
    """The catalog of TREE; the test fails if the tree itself has a mistake."""
    root = write_tree(TREE)
    result = validate([root / "data"], root)
    assert [str(d) for d in result.diagnostics] == []
    return result.catalog


@pytest.fixture(scope="module")
def real_catalog() -> Catalog:
    """The repository's own data."""
    result = validate([REPO_ROOT / "data"], REPO_ROOT)
    assert result.diagnostics == []
    return result.catalog


# --- reading the exports back -----------------------------------------------------------


def read_json(catalog: Catalog, kind: RecordKind) -> dict[str, Any]:
    """The JSON export of ``kind``, parsed."""
    document: dict[str, Any] = json.loads(export_json(catalog, kind).decode("utf-8"))
    return document


def read_csv(catalog: Catalog, kind: RecordKind) -> list[dict[str, str]]:
    """The CSV export of ``kind`` as Excel-free code reads it: csv module, utf-8-sig."""
    text = export_csv(catalog, kind).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def raw_from_json(value: Any) -> Any:
    """A JSON record turned back into what an editor writes: quantities as text, no nulls."""
    if isinstance(value, dict):
        if set(value) == {"text", "value", "qualifier", "unit"}:
            return value["text"]
        return {key: raw_from_json(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [raw_from_json(item) for item in value]
    return value


def quantity_objects(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Every quantity object in a JSON record, with the path to it."""
    if isinstance(value, dict):
        if set(value) == {"text", "value", "qualifier", "unit"}:
            yield path, value
            return
        for key, item in value.items():
            yield from quantity_objects(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from quantity_objects(item, (*path, index))


def follow(record: Any, path: tuple[str | int, ...]) -> Any:
    """The value at ``path`` (attribute names and list indexes) in a record."""
    for step in path:
        record = record[step] if isinstance(step, int) else getattr(record, step)
    return record


def resolve(record: Any, dotted: str) -> Any:
    """A column name read off the record itself; a list of parts gives one value per part."""
    value = record
    for name in dotted.split("."):
        if isinstance(value, list):
            value = [getattr(item, name) for item in value]
        else:
            value = None if value is None else getattr(value, name)
    if isinstance(value, list) and value and isinstance(value[0], BaseModel):
        # The column named after a list of parts holds each part's first field.
        first = next(iter(type(value[0]).model_fields))
        value = [getattr(item, first) for item in value]
    return value


def expected_cell(record: Any, column: str) -> str:
    """What the CSV cell of ``column`` must say, worked out from the record, not the exporter."""
    for suffix in ("_value", "_qualifier", "_unit"):
        if column.endswith(suffix):
            quantity = resolve(record, column.removesuffix(suffix))
            if quantity is None:
                return ""
            if isinstance(quantity, Quantity):
                part = {"_value": quantity.value, "_qualifier": quantity.qualifier.value}
                return str(part.get(suffix, quantity.unit or ""))
    value = resolve(record, column)
    if isinstance(value, list):
        if all(item is None for item in value):
            return ""
        return LIST_SEPARATOR.join(as_text(item) for item in value)
    return as_text(value)


def as_text(value: object) -> str:
    """A scalar as the CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Quantity):
        return value.text
    return str(value)


def leaf_fields(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Every field of a model as a dotted path, parts of lists and nested parts included."""
    for name, info in model.model_fields.items():
        annotation, _ = bare_annotation(info.annotation)
        item = exports._list_item(annotation)
        part = item if exports._is_model(item) else annotation
        if exports._is_model(part):
            _first, *others = part.model_fields
            if item is None:
                yield from leaf_fields(part, f"{prefix}{name}.")
            else:
                yield f"{prefix}{name}"  # the first field of each item
                yield from (f"{prefix}{name}.{other}" for other in others)
        else:
            yield f"{prefix}{name}"


def assert_json_reads_back(catalog: Catalog, kind: RecordKind) -> None:
    """Every record of the JSON validates back to the very record in the catalog."""
    document = read_json(catalog, kind)
    records = sorted(catalog.of_kind(kind), key=lambda record: record.id)
    assert document["count"] == len(records) == len(document["records"])
    model = record_model(kind)
    for written, record in zip(document["records"], records, strict=True):
        assert set(written) == set(model.model_fields)  # None fields are there, as null
        assert model.model_validate(raw_from_json(written)) == record
        for path, quantity in quantity_objects(written):
            expected = follow(record, path)
            assert Decimal(quantity["value"]) == expected.value
            assert quantity == {
                "text": expected.text,
                "value": format(expected.value, "f"),
                "qualifier": expected.qualifier.value,
                "unit": expected.unit,
            }


def assert_csv_reads_back(catalog: Catalog, kind: RecordKind) -> None:
    """Every cell of the CSV says what the record says; quantities and lists read back exactly."""
    rows = read_csv(catalog, kind)
    records = sorted(catalog.of_kind(kind), key=lambda record: record.id)
    assert [row["id"] for row in rows] == [record.id for record in records]
    columns = [column.name for column in csv_columns(kind)]
    # Every field of the model has its column, and nothing else does (bar quantity parts).
    quantity_parts = {c for c in columns if c.endswith(("_value", "_qualifier", "_unit"))}
    assert set(columns) - quantity_parts == set(leaf_fields(record_model(kind)))
    for row, record in zip(rows, records, strict=True):
        assert list(row) == columns
        for column in columns:
            cell = restore_cell(row[column])
            assert cell == expected_cell(record, column), (record.id, column)
            if column in quantity_parts:
                continue
            value = resolve(record, column)
            if isinstance(value, Quantity):
                assert parse_quantity(cell) == value
                assert Decimal(row[f"{column}_value"]) == value.value
            texts = isinstance(value, list) and all(isinstance(item, str) for item in value)
            if texts and value and not any(LIST_SEPARATOR in item for item in value):
                assert cell.split(LIST_SEPARATOR) == value


# --- JSON -------------------------------------------------------------------------------


def test_json_wraps_the_records_with_kind_title_count_and_schema(small_catalog: Catalog) -> None:
    document = read_json(small_catalog, RecordKind.STUDIOS)
    assert {key: value for key, value in document.items() if key != "records"} == {
        "kind": "studios",
        "title": "劳模创新工作室",
        "count": 2,
        "schema": "data.schema.json",
    }
    assert [record["id"] for record in document["records"]] == ["bare-studio", "steel-studio"]


def test_json_is_readable_utf8_with_sorted_keys_and_a_trailing_newline(
    small_catalog: Catalog,
) -> None:
    data = export_json(small_catalog, RecordKind.STUDIOS)
    text = data.decode("utf-8")
    assert "天津钢管公司劳模创新工作室" in text  # not \u-escaped
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '\n  "count": 2,\n' in text  # indent 2
    # One record per line, without pretty printing's spaces: each line is a whole record.
    lines = text.splitlines()
    rows = lines[lines.index('  "records": [') + 1 : lines.index("],")]
    assert [json.loads(row.rstrip(",")) for row in rows] == json.loads(text)["records"]
    assert len(rows) == 2 and all(": " not in row and '","' in row for row in rows)
    assert list(json.loads(text)) == sorted(json.loads(text))
    assert "\r" not in text


def test_json_writes_quantities_as_objects_with_the_value_as_a_string(
    small_catalog: Catalog,
) -> None:
    (steel,) = [r for r in read_json(small_catalog, RecordKind.STUDIOS)["records"] if r["featured"]]
    assert steel["achievements"]["patents_granted"] == {
        "text": "30余项",
        "value": "30",
        "qualifier": "more_than",
        "unit": "项",
    }
    assert steel["achievements"]["economic_benefit"]["value"] == "30000000"
    figures = {r["id"]: r for r in read_json(small_catalog, RecordKind.FIGURES)["records"]}
    assert figures["fig-trained"]["value"]["value"] == "5828000"
    assert figures["fig-rate"]["value"] == {
        "text": "96.3%",
        "value": "96.3",
        "qualifier": "exact",
        "unit": "%",
    }


def test_json_writes_none_as_null_enums_in_chinese_and_empty_lists(small_catalog: Catalog) -> None:
    studios = {r["id"]: r for r in read_json(small_catalog, RecordKind.STUDIOS)["records"]}
    assert studios["bare-studio"]["achievements"] is None
    assert studios["bare-studio"]["leader"] is None
    # Fields nobody wrote are null, never a default: no photos list, no featured flag.
    assert studios["bare-studio"]["photos"] is None
    assert studios["bare-studio"]["featured"] is None
    assert studios["steel-studio"]["level"] == "省级"
    assert studios["steel-studio"]["achievements"]["patents_pending"] is None
    (award,) = read_json(small_catalog, RecordKind.AWARDS)["records"]
    assert (award["status"], award["level"]) == ("已撤销", "全国级")


@pytest.mark.parametrize("kind", list(RecordKind))
def test_json_reads_back_to_the_small_catalog(small_catalog: Catalog, kind: RecordKind) -> None:
    assert_json_reads_back(small_catalog, kind)


@pytest.mark.parametrize("kind", list(RecordKind))
def test_json_reads_back_to_the_real_data(real_catalog: Catalog, kind: RecordKind) -> None:
    assert real_catalog.of_kind(kind), "the real data has records of every kind"
    assert_json_reads_back(real_catalog, kind)


def test_json_gives_no_form_to_an_unknown_value() -> None:
    with pytest.raises(TypeError, match="no JSON form for float"):
        exports._json_value(1.5)


# --- CSV --------------------------------------------------------------------------------


def test_csv_is_utf8_with_a_bom_and_crlf_lines(small_catalog: Catalog) -> None:
    data = export_csv(small_catalog, RecordKind.FIGURES)
    assert data.startswith(BOM + b"id,metric,value,value_value,")
    assert data.endswith(b"\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")  # no bare line feed: no cell holds one here
    assert data.count(b"\r\n") == 3  # header and two records


def test_csv_of_figures_is_exactly_this(small_catalog: Catalog) -> None:
    # A golden file inline: any change to the format shows here and must be reviewed.
    expected = (
        "id,metric,value,value_value,value_qualifier,value_unit,scope,about,as_of,period,"
        "as_published,counts_records,sources,sources.quote,sources.locator,notes,"
        "not_duplicate_of\r\n"
        "fig-rate,满意率,96.3%,96.3,exact,%,天津市,,2013,,满意率达96.3%,,test-source,,,,\r\n"
        "fig-trained,累计培训职工,582.8万人次,5828000,exact,人次,天津市,,,近5年来,"
        "近5年来累计培训职工582.8万人次,,test-source,,,,\r\n"
    )
    assert export_csv(small_catalog, RecordKind.FIGURES) == BOM + expected.encode("utf-8")


def test_csv_flattens_parts_and_joins_lists(small_catalog: Catalog) -> None:
    rows = {row["id"]: row for row in read_csv(small_catalog, RecordKind.STUDIOS)}
    steel = rows["steel-studio"]
    assert steel["achievements.patents_granted"] == "30余项"
    assert steel["achievements.patents_granted_value"] == "30"
    assert steel["achievements.patents_granted_qualifier"] == "more_than"
    assert steel["achievements.patents_granted_unit"] == "项"
    assert steel["achievements.economic_benefit_value"] == "30000000"
    assert steel["achievements.economic_benefit_unit"] == "元"
    assert steel["achievements.operation_methods"] == "李刚操作法；第二操作法"
    assert steel["achievements.patents_pending"] == ""
    assert steel["featured"] == "true"
    assert steel["level"] == "省级"
    assert steel["description"] == '第一段。\n第二段，有“引号”、"半角引号"和,逗号。\n'
    assert steel["sources.quote"] == "现场“出诊”50余次，获得专利30余项"
    bare = rows["bare-studio"]
    assert bare["featured"] == ""  # not written: not "false"
    assert bare["achievements.site_visits"] == bare["achievements.site_visits_value"] == ""


def test_csv_lines_up_the_fields_of_list_items(small_catalog: Catalog) -> None:
    (person,) = read_csv(small_catalog, RecordKind.PEOPLE)
    assert person["photos"] == "photos/li-gang.jpg；photos/workshop.jpg"
    assert person["photos.shows_identifiable_people"] == "true；false"
    assert person["photos.consent"] == "true；"  # the second photo has no consent: empty
    assert person["photos.credit"] == "本报记者；"
    organizations = {row["id"]: row for row in read_csv(small_catalog, RecordKind.ORGANIZATIONS)}
    steel = organizations["steel-pipe"]
    assert steel["sources"] == "test-source；test-source"
    assert steel["sources.quote"] == "天津钢管公司的劳模创新工作室成立一年间；"
    assert steel["sources.locator"] == "第1段；"
    # No item has a value: the cell is empty rather than a row of separators.
    assert organizations["city-union"]["sources.quote"] == ""


@pytest.mark.parametrize("kind", list(RecordKind))
def test_csv_reads_back_to_the_small_catalog(small_catalog: Catalog, kind: RecordKind) -> None:
    assert_csv_reads_back(small_catalog, kind)


@pytest.mark.parametrize("kind", list(RecordKind))
def test_csv_reads_back_to_the_real_data(real_catalog: Catalog, kind: RecordKind) -> None:
    assert_csv_reads_back(real_catalog, kind)


def test_an_empty_kind_gives_a_header_only() -> None:
    empty = Catalog()
    assert export_csv(empty, RecordKind.AWARDS) == BOM + (
        ",".join(column.name for column in csv_columns(RecordKind.AWARDS)) + "\r\n"
    ).encode("utf-8")
    assert read_json(empty, RecordKind.AWARDS)["records"] == []


# --- CSV injection ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example")', '\'=HYPERLINK("http://evil.example")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("-钢管公司", "'-钢管公司"),  # text may start with "-": still prefixed, see exports.py
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("'引号开头", "''引号开头"),  # so that removing one ' always gives the data back
        ("李刚", "李刚"),
        ("30余项", "30余项"),
        ("5828000", "5828000"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_cells_a_spreadsheet_would_run_are_neutralised_reversibly(cell: str, written: str) -> None:
    assert neutralise_cell(cell) == written
    assert restore_cell(written) == cell


def test_hostile_cells_are_neutralised_in_the_file(small_catalog: Catalog) -> None:
    text = export_csv(small_catalog, RecordKind.ORGANIZATIONS).decode("utf-8-sig")
    assert '\r\nsteel-pipe,"\'=HYPERLINK(""http://evil.example"",""点击"")",' in text
    rows = {row["id"]: row for row in read_csv(small_catalog, RecordKind.ORGANIZATIONS)}
    assert rows["steel-pipe"]["short_names"] == "'-钢管公司；+钢管；@钢管；'引号开头"
    (project,) = read_csv(small_catalog, RecordKind.PROJECTS)
    assert project["outcomes"] == "培训职工；=1+1"  # not at the start of the cell: inert
    # No cell of any export starts a formula.
    for kind in RecordKind:
        for row in read_csv(small_catalog, kind):
            for cell in row.values():
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


# --- columns ----------------------------------------------------------------------------


def test_columns_are_the_header_and_are_documented_from_the_schema() -> None:
    for kind in RecordKind:
        columns = csv_columns(kind)
        names = [column.name for column in columns]
        assert len(set(names)) == len(names)
        assert names[0] == "id"
        assert all(column.title for column in columns)
        header = export_csv(Catalog(), kind).decode("utf-8-sig").rstrip("\r\n").split(",")
        assert header == names
    studio = {column.name: column for column in csv_columns(RecordKind.STUDIOS)}
    patents = Achievements.model_fields["patents_granted"]
    assert studio["achievements.patents_granted"].title == "成果：获得专利"
    assert studio["achievements.patents_granted"].description.startswith(str(patents.description))
    assert studio["achievements.patents_granted_value"].title == "成果：获得专利（数值）"
    assert studio["leader"].title == Studio.model_fields["leader"].title
    assert studio["sources.quote"].title == "来源：原文摘录"
    assert "逐字照录" in studio["sources.quote"].description
    qualifiers = studio["achievements.patents_granted_qualifier"].description
    assert all(f"{qualifier.value}＝" in qualifiers for qualifier in Qualifier)


def test_every_qualifier_is_explained() -> None:
    assert set(QUALIFIER_MEANINGS) == set(Qualifier)


def test_a_field_added_to_the_schema_becomes_a_column(monkeypatch: pytest.MonkeyPatch) -> None:
    class StudioWithRating(Studio):
        rating: Level | None = None
        visitors: list[str] = Field(default_factory=list)

    monkeypatch.setattr(exports, "record_model", lambda kind: StudioWithRating)
    names = [column.name for column in csv_columns(RecordKind.STUDIOS)]
    assert names.index("rating") < names.index("sources")  # with the kind's own fields
    assert "visitors" in names


def test_a_field_without_a_csv_form_is_an_error_not_a_gap(monkeypatch: pytest.MonkeyPatch) -> None:
    class StudioWithScore(Studio):
        score: float | None = None

    monkeypatch.setattr(exports, "record_model", lambda kind: StudioWithScore)
    with pytest.raises(TypeError, match=r"StudioWithScore\.score"):
        csv_columns(RecordKind.STUDIOS)


def test_kind_titles_come_from_the_schema() -> None:
    for kind in RecordKind:
        assert kind_title(kind) == DataFile.model_fields[kind.value].title


# --- determinism ------------------------------------------------------------------------


def test_exports_do_not_depend_on_the_order_of_the_files(small_catalog: Catalog) -> None:
    shuffled = Catalog()
    for kind in RecordKind:
        shuffled.of_kind(kind).extend(reversed(small_catalog.of_kind(kind)))
    for kind in RecordKind:
        assert export_json(shuffled, kind) == export_json(small_catalog, kind)
        assert export_csv(shuffled, kind) == export_csv(small_catalog, kind)


def test_exports_of_the_same_data_are_byte_identical(write_tree: WriteTree, tmp_path: Path) -> None:
    first = validate([write_tree(TREE) / "data"], tmp_path).catalog
    second = validate([tmp_path / "data"], tmp_path).catalog
    for kind in RecordKind:
        assert export_json(first, kind) == export_json(second, kind)
        assert export_csv(first, kind) == export_csv(second, kind)


def test_open_data_files_written_out_are_those_held_in_memory(
    small_catalog: Catalog, tmp_path: Path
) -> None:
    held = open_data_files(small_catalog, site_url=None, use_directory_urls=True)
    written = write_open_data_files(
        small_catalog, tmp_path / "open-data", site_url=None, use_directory_urls=True
    )
    assert list(written) == list(held)
    assert {path: file.read_bytes() for path, file in written.items()} == held
    assert file_sizes(written) == file_sizes(held) == {p: len(b) for p, b in held.items()}


def test_open_data_written_beside_the_build_are_those_written_in_turn(
    small_catalog: Catalog, tmp_path: Path
) -> None:
    def site(folder: str, *, in_background: bool) -> generated.GeneratedSite:
        return generated.generate_site(
            small_catalog,
            use_directory_urls=True,
            site_url=None,
            revision=UNKNOWN,
            data_folder=tmp_path / folder,
            data_in_background=in_background,
        )

    in_turn = site("in-turn", in_background=False)
    beside = site("beside", in_background=True)
    # The download page, which prints the files' sizes, waits for them itself.
    (downloads,) = [page for page in beside.pages if page.src_uri == DOWNLOADS_SRC_URI]
    (expected,) = [page for page in in_turn.pages if page.src_uri == DOWNLOADS_SRC_URI]
    assert downloads.render() == expected.render()
    beside.wait_for_data()
    assert list(beside.data_paths) == list(in_turn.data_paths)
    for path, file in in_turn.data_paths.items():
        assert beside.data_paths[path].read_bytes() == file.read_bytes(), path


def test_a_build_copies_the_open_data_written_out_and_removes_them(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({"mkdocs.yml": BUILD_YML, "content/index.md": "# 首页\n", **TREE})
    folders: list[Path] = []
    real_generate = records_plugin.generate_site

    # The folder is noted here, in the build's process: the files may be written in a
    # forked one (data_in_background).
    def generate(catalog: Catalog, **settings: Any) -> generated.GeneratedSite:
        folders.append(settings["data_folder"])
        return real_generate(catalog, **settings)

    monkeypatch.setattr(records_plugin, "generate_site", generate)
    site = build_site(root)
    catalog = validate([root / "data"], root).catalog
    held = open_data_files(catalog, site_url=None, use_directory_urls=True)
    assert len(held) == 3 * len(RecordKind) + 2  # JSON, CSV, Excel; the schema and the feed
    for path, content in held.items():
        assert (site / path).read_bytes() == content, path
    (folder,) = folders
    assert not folder.exists()  # gone with the build
