"""Record folders: data/<kind>/<id>.yaml holds one record, beside the list files."""

from __future__ import annotations

from pathlib import Path

import pytest

from showcase.cli import main
from showcase.records.loader import find_data_files
from showcase.records.validation import sorted_diagnostics, validate
from tests.conftest import WriteTree
from tests.test_site_build import MKDOCS_YML, build_site


def problems(root: Path) -> list[str]:
    """Every diagnostic of the tree at root, as printed."""
    return [str(d) for d in sorted_diagnostics(validate([root / "data"], root))]


STUDIO_FILE = """\
# 天津钢管公司的工作室
id: steel-studio
name: 天津钢管公司劳模创新工作室
leader: li-gang
sources:
  - source: test-source
"""

PERSON_LIST = """\
people:
  - id: li-gang
    name: 李刚
    sources: [{source: test-source}]
"""


def test_a_record_file_is_read_as_one_record_of_its_folder_kind(write_tree: WriteTree) -> None:
    root = write_tree(
        {"data/people.yaml": PERSON_LIST, "data/studios/steel-studio.yaml": STUDIO_FILE}
    )
    assert problems(root) == []
    result = validate([root / "data"], root)
    (studio,) = result.catalog.studios
    assert (studio.id, studio.name, studio.leader) == (
        "steel-studio",
        "天津钢管公司劳模创新工作室",
        "li-gang",
    )
    origin = result.catalog.origin(studio)
    assert (origin.path, origin.line, origin.loc) == ("data/studios/steel-studio.yaml", 2, ())


def test_references_work_from_a_list_file_into_a_folder(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/people/li-gang.yaml": "id: li-gang\nname: 李刚\nsources: [{source: test-source}]\n",
            "data/studios.yaml": "studios:\n" + _indented(STUDIO_FILE),
        }
    )
    assert problems(root) == []


def test_a_dangling_reference_in_a_folder_file_is_reported_at_its_own_place(
    write_tree: WriteTree,
) -> None:
    root = write_tree({"data/studios/steel-studio.yaml": STUDIO_FILE})
    (problem,) = problems(root)
    assert problem.startswith("data/studios/steel-studio.yaml:4:9: leader: ")
    assert problem.endswith("[unknown-reference]")


def test_schema_errors_of_a_folder_file_name_the_field_as_written(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios/steel-studio.yaml": (
                "id: steel-studio\nname: 工作室\nleve: 全国级\nsources: [{source: test-source}]\n"
            )
        }
    )
    (problem,) = problems(root)
    assert problem.startswith("data/studios/steel-studio.yaml:3:1: leve: 未知字段“leve”。")


def test_the_file_name_must_be_the_id(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/people.yaml": PERSON_LIST,
            "data/studios/steel.yaml": STUDIO_FILE,
        }
    )
    assert problems(root) == [
        "data/studios/steel.yaml:2:5: id: 编号“steel-studio”与文件名“steel”不一致。"
        "记录文件夹里的文件名必须是记录的编号：请把文件改名为“steel-studio.yaml”，"
        "或把编号改成“steel”。 [id-file-name]"
    ]


def test_an_id_in_a_list_file_and_in_a_folder_is_reported_at_both_places(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {
            "data/people.yaml": PERSON_LIST,
            "data/people/li-gang.yaml": "id: li-gang\nname: 李刚\nsources: [{source: test-source}]\n",
        }
    )
    found = [problem for problem in problems(root) if problem.endswith("[duplicate-id]")]
    assert [problem.split(": ", 1)[0] for problem in found] == [
        "data/people.yaml:2:9",
        "data/people/li-gang.yaml:1:5",
    ]
    assert "data/people.yaml 第 2 行" in found[1]
    assert "data/people/li-gang.yaml 第 1 行" in found[0]


def test_a_list_in_a_folder_file_is_refused_with_the_two_layouts(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios/steel-studio.yaml": _indented(STUDIO_FILE, ""),
            "data/studios/other.yaml": "studios:\n" + _indented(STUDIO_FILE),
        }
    )
    found = problems(root)
    assert len(found) == 2
    assert found[0].startswith("data/studios/other.yaml:1:1: studios: “studios:”下面是记录列表")
    assert found[1].startswith("data/studios/steel-studio.yaml:1:1: 这里却是一个列表。")
    for problem in found:
        assert "文件名就是编号" in problem and "data/studios.yaml" in problem
        assert problem.endswith("[folder-file-shape]")


def test_a_folder_inside_a_record_folder_is_refused(write_tree: WriteTree) -> None:
    root = write_tree({"data/studios/old/steel-studio.yaml": STUDIO_FILE})
    assert find_data_files([root / "data"]) == [root / "data/sources.yaml"]
    (problem,) = problems(root)
    assert problem.startswith(
        "data/studios/old/steel-studio.yaml:1:1: 记录文件夹“data/studios/”里不能再有子文件夹"
    )
    assert problem.endswith("[folder-nested]")


def test_a_capitalised_suffix_is_reported_other_files_are_left_alone(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {
            "data/people.yaml": PERSON_LIST,
            "data/studios/steel-studio.YAML": STUDIO_FILE,
            "data/studios/README.md": "每个文件一条记录。\n",
            "data/studios/.gitkeep": "",
        }
    )
    assert problems(root) == [
        "data/studios/steel-studio.YAML:1:1: 文件扩展名“.YAML”要写成小写的“.yaml”，"
        "否则这个文件不会被读入。请把文件改名为“steel-studio.yaml”。 [folder-file-name]"
    ]


def test_a_yml_file_in_a_folder_is_a_record_file_as_beside_the_lists(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {"data/people.yaml": PERSON_LIST, "data/studios/steel-studio.yml": STUDIO_FILE}
    )
    assert problems(root) == []
    assert [s.id for s in validate([root / "data"], root).catalog.studios] == ["steel-studio"]


def test_a_field_indented_into_a_text_block_is_caught_in_a_folder_file(
    write_tree: WriteTree,
) -> None:
    text = STUDIO_FILE.replace(
        "leader: li-gang\n", "description: |-\n  工作室简介。\n  leader: li-gang\n"
    )
    root = write_tree({"data/studios/steel-studio.yaml": text})
    (problem,) = problems(root)
    assert problem.startswith("data/studios/steel-studio.yaml:6:3: description: 第6行的“leader:”")
    assert problem.endswith("[field-in-text]")


def test_a_folder_file_cut_short_is_warned_about(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios/steel-studio.yaml": (
                "id: steel-studio\nsources: [{source: test-source}]\nname: 工作室"
            )
        }
    )
    result = validate([root / "data"], root)
    assert [str(w) for w in result.warnings] == [
        "data/studios/steel-studio.yaml:3:1: 文件的最后一行没有换行符，可能是写到一半被截断了。"
        "请核对最后一条记录（第1行起）的最后一个值是否完整，以及后面是否还有记录丢失；"
        "核对无误后，在文件末尾加一个换行。 [cut-short]"
    ]


def test_a_contact_field_in_a_folder_file_is_a_privacy_error(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/people/li-gang.yaml": (
                "id: li-gang\nname: 李刚\nphone: 13800138000\nsources: [{source: test-source}]\n"
            )
        }
    )
    found = problems(root)
    assert found, "a phone number in a record file must be refused"
    assert all(problem.startswith("data/people/li-gang.yaml:3:") for problem in found)
    assert any(problem.endswith("[contact-field]") for problem in found)


def test_a_record_folder_that_links_out_of_the_repository_is_not_read(
    write_tree: WriteTree, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "steel-studio.yaml").write_text(STUDIO_FILE, encoding="utf-8")
    root = write_tree({"data/people.yaml": PERSON_LIST})
    (root / "data/studios").symlink_to(outside)
    result = validate([root / "data"], root)
    assert result.catalog.studios == []
    assert [d.code for d in sorted_diagnostics(result)] == ["link-outside"]


def test_files_and_records_are_read_in_a_fixed_order(write_tree: WriteTree) -> None:
    # Pages, listings and exports sort records by name, date or id; the catalog keeps the
    # order of the files, sorted by path (a folder's files before the list file beside it).
    one = "id: {id}\nname: {name}\nsources: [{{source: test-source}}]\n"
    root = write_tree(
        {
            "data/people.yaml": "people:\n"
            + _indented(one.format(id="b-person", name="乙"))
            + _indented(one.format(id="d-person", name="丁")),
            "data/people/a-person.yaml": one.format(id="a-person", name="甲"),
            "data/people/c-person.yaml": one.format(id="c-person", name="丙"),
        }
    )
    assert problems(root) == []
    files = [path.relative_to(root).as_posix() for path in find_data_files([root / "data"])]
    assert files == [
        "data/people/a-person.yaml",
        "data/people/c-person.yaml",
        "data/people.yaml",
        "data/sources.yaml",
    ]
    catalog = validate([root / "data"], root).catalog
    assert [person.id for person in catalog.people] == [
        "a-person",
        "c-person",
        "b-person",
        "d-person",
    ]


def _indented(text: str, prefix: str = "  ") -> str:
    lines = text.splitlines(keepends=True)
    return "".join(
        (prefix + "- " if i == 0 else prefix + "  ") + line if line.strip() else line
        for i, line in enumerate(line for line in lines if not line.startswith("#"))
    )


def test_a_site_shows_the_records_of_a_folder_with_their_links(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n",
            "data/people.yaml": PERSON_LIST,
            "data/studios/steel-studio.yaml": STUDIO_FILE,
        }
    )
    site = build_site(root)
    studio = (site / "studios/steel-studio/index.html").read_text(encoding="utf-8")
    assert "天津钢管公司劳模创新工作室" in studio
    assert "../../people/li-gang/" in studio
    person = (site / "people/li-gang/index.html").read_text(encoding="utf-8")
    assert "天津钢管公司劳模创新工作室" in person


# --- `showcase new` writes a record file --------------------------------------------------


def test_new_writes_a_record_file_when_the_kind_has_a_folder(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree(
        {"data/people.yaml": PERSON_LIST, "data/studios/steel-studio.yaml": STUDIO_FILE}
    )
    before = (root / "data/studios/steel-studio.yaml").read_bytes()
    assert main(["new", "studio", "--root", str(root)]) == 0
    assert capsys.readouterr().out.startswith(
        "已新建记录文件 data/studios/studio-001.yaml，编号 studio-001。\n"
    )
    text = (root / "data/studios/studio-001.yaml").read_text(encoding="utf-8")
    assert text.startswith("id: studio-001  ")
    assert "\nname:  " in text and "\n# leader:  " in text
    assert "\n  - source: test-source  " in text
    assert (root / "data/studios/steel-studio.yaml").read_bytes() == before
    # Filled in, it passes: the skeleton is a record file as the loader reads it.
    filled = text.replace("\nname:  ", "\nname: 新工作室  ", 1)
    (root / "data/studios/studio-001.yaml").write_text(filled, encoding="utf-8")
    assert problems(root) == []


def test_new_without_a_folder_appends_to_the_list_file_unless_told(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({"data/people.yaml": PERSON_LIST})
    assert main(["new", "person", "--root", str(root)]) == 0
    assert not (root / "data/people").exists()
    assert "person-001" in (root / "data/people.yaml").read_text(encoding="utf-8")
    assert main(["new", "person", "--root", str(root), "--folder", "--id", "wang-wu"]) == 0
    assert capsys.readouterr().out.count("已新建记录文件 data/people/wang-wu.yaml") == 1
    found = problems(root)
    assert [problem.split(": ", 1)[0] for problem in found] == [
        "data/people.yaml:7:10",
        "data/people/wang-wu.yaml:2:6",
    ]
    assert all(problem.endswith("[empty]") for problem in found)


def test_new_never_overwrites_a_record_file(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    # A file whose id line cannot be read still holds the name: it is not overwritten.
    root = write_tree({"data/studios/studio-001.yaml": "写到一半的文件\n"})
    before = (root / "data/studios/studio-001.yaml").read_bytes()
    assert main(["new", "studio", "--root", str(root), "--id", "studio-001"]) == 1
    assert "文件已存在，不会覆盖" in capsys.readouterr().err
    file = str(root / "data/studios/studio-001.yaml")
    assert main(["new", "studio", "--root", str(root), "--file", file]) == 1
    assert "文件已存在，不会覆盖" in capsys.readouterr().err
    assert (root / "data/studios/studio-001.yaml").read_bytes() == before


def test_new_refuses_a_list_into_a_record_folder_and_a_file_named_otherwise(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({})
    file = str(root / "data/studios/a-studio.yaml")
    assert main(["new", "studio", "--root", str(root), "--file", file, "--list"]) == 1
    assert "是记录文件夹里的文件，与所选的写法不符" in capsys.readouterr().err
    assert main(["new", "studio", "--root", str(root), "--file", file, "--id", "b-studio"]) == 1
    assert "文件名“a-studio.yaml”与编号“b-studio”不一致" in capsys.readouterr().err
    assert not (root / "data/studios").exists()
    people = str(root / "data/people/a-studio.yaml")
    assert main(["new", "studio", "--root", str(root), "--file", people]) == 1
    assert (
        "在人物的记录文件夹里，只能放人物记录；劳模创新工作室记录请写在 data/studios/ 里"
        in capsys.readouterr().err
    )
    assert not (root / "data/people").exists()


def test_new_writes_no_record_file_through_a_folder_that_links_out(
    write_tree: WriteTree,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    root = write_tree({})
    (root / "data/studios").symlink_to(outside)
    assert main(["new", "studio", "--root", str(root)]) == 1
    assert "所在的文件夹是指向仓库以外的符号链接" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


def test_a_record_file_in_a_misspelt_folder_is_told_where_record_files_go(
    write_tree: WriteTree,
) -> None:
    root = write_tree({"data/studio/steel-studio.yaml": STUDIO_FILE})
    (problem,) = problems(root)
    assert problem.startswith(
        "data/studio/steel-studio.yaml:2:1: id: 这个文件写的是一条记录（从“id:”开始），但它不在记录文件夹里"
    )
    assert "data/ 下它那一类的记录文件夹（sources/、organizations/" in problem
    assert problem.endswith("[top-level]")
