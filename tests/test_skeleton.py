"""`showcase new`: a skeleton record appended as text, which the validator then guides."""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from showcase.cli import main
from showcase.editing.skeleton import (
    KINDS_BY_NAME,
    AddedRecord,
    Layout,
    SkeletonError,
    add_skeleton,
    detect_layout,
)
from showcase.records.schema import RecordKind
from showcase.records.validation import sorted_diagnostics, validate
from tests.conftest import REPO_ROOT, WriteTree

PEOPLE = """\
people:
  - id: li-gang
    name: 李刚
    sources:
      - source: test-source
"""
EMPTY_MESSAGE = "不能为空。请填写内容；如果这个字段可以不填，也可以删除这一行。"
# What the test writes into the fields a skeleton leaves empty.
FILLED = {
    "name": "新的记录",
    "title": "新的项目",
    "honour": "工人先锋号",
    "category": "特色亮点工作",
    "recipient": "li-gang",
    "source": "test-source",
}


def problems(root: Path) -> list[str]:
    """Every diagnostic of the tree at root, as printed."""
    return [str(d) for d in sorted_diagnostics(validate([root / "data"], root))]


def fill_in(path: Path, added: AddedRecord) -> None:
    """Type a value into every empty field of the new record, as an editor would."""
    text = path.read_text(encoding="utf-8")
    start = text.index(added.text)
    record = added.text
    for name in added.placeholders:
        record, count = re.subn(
            rf"^(\s*(?:-\s+)?{name}:)(\s+#.*)$",
            rf'\g<1> "{FILLED[name]}"\g<2>',
            record,
            count=1,
            flags=re.MULTILINE,
        )
        assert count == 1, name
    path.write_text(text[:start] + record + text[start + len(added.text) :], encoding="utf-8")


@pytest.mark.parametrize("name", sorted(KINDS_BY_NAME))
def test_the_skeleton_fails_only_where_it_asks_to_be_filled_in(
    write_tree: WriteTree, name: str
) -> None:
    root = write_tree({"data/people.yaml": PEOPLE})
    kind = KINDS_BY_NAME[name]
    added = add_skeleton(kind, root)
    assert added.path == root / "data" / f"{kind.value}.yaml"
    assert added.placeholders  # every kind has a required field besides id and sources
    found = sorted_diagnostics(validate([root / "data"], root))
    assert [(d.path, d.message) for d in found] == [
        (f"data/{kind.value}.yaml", EMPTY_MESSAGE) for _ in added.placeholders
    ]
    assert [d.field.rsplit(".", 1)[-1] for d in found] == list(added.placeholders)

    fill_in(added.path, added)
    assert problems(root) == []


def test_the_skeleton_cites_the_only_source_and_says_what_each_field_is(
    write_tree: WriteTree,
) -> None:
    root = write_tree({})
    added = add_skeleton(RecordKind.STUDIOS, root)
    key, *lines = added.text.splitlines()
    assert key == "studios:"  # a new file: the list is created
    assert re.match(r"^  - id: studio-001 +# 编号（必填）：记录的唯一编号", lines[0])
    assert re.match(r"^    name: +# 名称（必填）：工作室名称，照来源写。", lines[1])
    assert any(re.match(r"^    # leader: +# 领衔劳模：领衔的劳动模范。", line) for line in lines)
    assert any(
        re.match(
            r"^    # level: +# 级别：.*只能写：全国级、省级、市级、区县级、街道乡镇级、企业级。",
            line,
        )
        for line in lines
    )
    assert re.match(r"^      - source: test-source +# 来源（必填）", lines[-3])
    assert re.match(r"^        # quote: +# 原文摘录：", lines[-2])
    # Every comment starts in the same column.
    assert len({line.index("# ", len(line) - len(line.lstrip()) + 2) for line in lines}) == 1
    assert added.placeholders == ("name",)


def test_several_sources_leave_the_source_to_the_editor(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/sources.yaml": """\
            sources:
              - id: test-source
                title: 测试来源
              - id: other-source
                title: 另一个来源
            """
        }
    )
    added = add_skeleton(RecordKind.PEOPLE, root)
    assert added.placeholders == ("name", "source")
    assert "现有的来源：other-source、test-source。" in added.text
    assert [d.field for d in sorted_diagnostics(validate([root / "data"], root))] == [
        "people[0].name",
        "people[0].sources[0].source",
    ]


def test_without_sources_the_comment_says_to_add_one_first(tmp_path: Path) -> None:
    added = add_skeleton(RecordKind.ORGANIZATIONS, tmp_path)
    assert "还没有来源：请先在 data/sources.yaml 中添加一条。" in added.text
    assert added.placeholders == ("name", "source")


def test_the_real_data_files_keep_every_byte_above_the_new_record(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    for kind in KINDS_BY_NAME.values():
        path = tmp_path / "data" / f"{kind.value}.yaml"
        before = path.read_bytes()
        added = add_skeleton(kind, tmp_path)
        assert path.read_bytes() == before + b"\n" + added.text.encode("utf-8").removeprefix(b"\n")
        assert added.text.startswith("\n  - id: ")  # a blank line, then the record
        assert added.line == before.count(b"\n") + 2


def test_the_real_data_with_every_skeleton_filled_in_validates(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    shutil.copytree(REPO_ROOT / "content", tmp_path / "content")
    for kind in KINDS_BY_NAME.values():
        added = add_skeleton(kind, tmp_path)
        assert "source" not in added.placeholders  # the data cites one source
        fill_in(added.path, added)
    assert problems(tmp_path) == []


def test_a_new_file_gets_the_schema_line_and_the_list(tmp_path: Path) -> None:
    path = tmp_path / "data" / "2014" / "studios.yaml"
    added = add_skeleton(RecordKind.STUDIOS, tmp_path, path=path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# yaml-language-server: $schema=../../schema/data.schema.json\nstudios:\n  - id: studio-001 "
    )
    assert added.line == 3
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_a_file_without_the_list_gets_it_below_what_is_there(write_tree: WriteTree) -> None:
    root = write_tree({"data/people.yaml": PEOPLE})
    path = root / "data" / "people.yaml"
    added = add_skeleton(RecordKind.STUDIOS, root, path=path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(PEOPLE + "\nstudios:\n  - id: studio-001 ")
    assert added.line == PEOPLE.count("\n") + 3
    fill_in(path, added)
    assert problems(root) == []


def test_a_file_without_a_final_newline(write_tree: WriteTree) -> None:
    root = write_tree({"data/people.yaml": PEOPLE.rstrip("\n")})
    path = root / "data" / "people.yaml"
    added = add_skeleton(RecordKind.PEOPLE, root)
    assert path.read_text(encoding="utf-8") == PEOPLE + added.text
    fill_in(path, added)
    assert problems(root) == []


def test_the_record_goes_into_its_own_list_not_the_last_one(write_tree: WriteTree) -> None:
    studios = """\
    # yaml-language-server: $schema=../schema/data.schema.json
    studios:
      - id: steel-studio
        name: 钢管公司工作室
        sources: [{source: test-source}]
      # 以上是工作室

    # --- 荣誉 ---
    awards:
      - id: steel-pioneer
        honour: 工人先锋号
        recipient: li-gang
        sources: [{source: test-source}]
    """
    root = write_tree({"data/people.yaml": PEOPLE, "data/mixed.yaml": studios})
    path = root / "data" / "mixed.yaml"
    added = add_skeleton(RecordKind.STUDIOS, root, path=path)
    text = path.read_text(encoding="utf-8")
    head, tail = text.split(added.text)
    assert head.endswith("\n  # 以上是工作室\n")
    assert tail.startswith("\n# --- 荣誉 ---\nawards:\n")
    assert head + tail == textwrap.dedent(studios)
    assert added.text.startswith("\n  - id: studio-001 ")
    fill_in(path, added)
    assert problems(root) == []


def test_an_empty_inline_list_becomes_a_block(write_tree: WriteTree) -> None:
    root = write_tree({"data/studios.yaml": "studios: []  # 暂无\n"})
    path = root / "data" / "studios.yaml"
    added = add_skeleton(RecordKind.STUDIOS, root)
    assert path.read_text(encoding="utf-8") == "studios:  # 暂无\n" + added.text
    fill_in(path, added)
    assert problems(root) == []


def test_an_inline_list_with_records_is_refused(write_tree: WriteTree) -> None:
    root = write_tree({"data/studios.yaml": "studios: [{id: a-studio}]\n"})
    with pytest.raises(SkeletonError, match="一行式写法"):
        add_skeleton(RecordKind.STUDIOS, root)
    assert (root / "data" / "studios.yaml").read_text(encoding="utf-8") == (
        "studios: [{id: a-studio}]\n"
    )


@pytest.mark.parametrize(
    ("text", "layout"),
    [
        ("studios:\n  - id: a\n    sources:\n      - source: s\n", Layout(2, 1, 2)),
        ("studios:\n- id: a\n  sources:\n  - source: s\n", Layout(0, 1, 0)),
        ("studios:\n    -   id: a\n        sources:\n            -   source: s\n", Layout(4, 3, 4)),
        # Only another list shows the style: it is followed.
        ("people:\n- id: a\n  sources:\n    - source: s\n", Layout(0, 1, 2)),
        ("# nothing yet\n", Layout(2, 1, 2)),
    ],
)
def test_list_indentation_is_detected(text: str, layout: Layout) -> None:
    assert detect_layout(text.splitlines(), "studios") == layout


def test_an_indentless_file_gets_an_indentless_record(write_tree: WriteTree) -> None:
    studios = """\
    studios:
    - id: steel-studio
      name: 钢管公司工作室
      sources:
      - source: test-source
    """
    root = write_tree({"data/studios.yaml": studios})
    added = add_skeleton(RecordKind.STUDIOS, root)
    lines = added.text.splitlines()
    assert lines[1].startswith("- id: studio-001 ")
    assert lines[2].startswith("  name: ")
    assert any(line.startswith("  - source: test-source ") for line in lines)
    fill_in(root / "data" / "studios.yaml", added)
    assert problems(root) == []


def test_windows_line_endings_are_kept(write_tree: WriteTree) -> None:
    root = write_tree({"data/people.yaml": PEOPLE.replace("\n", "\r\n").encode("utf-8")})
    path = root / "data" / "people.yaml"
    add_skeleton(RecordKind.PEOPLE, root)
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_fresh_ids_are_unique_across_all_files(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/people.yaml": PEOPLE.replace("li-gang", "studio-007"),
            # A file with a syntax error still counts: its ids are read as text.
            "data/broken.yaml": "studios:\n  - id: studio-012\n    name: [\n",
        }
    )
    assert add_skeleton(RecordKind.STUDIOS, root).record_id == "studio-013"
    assert add_skeleton(RecordKind.STUDIOS, root).record_id == "studio-014"
    assert add_skeleton(RecordKind.AWARDS, root).record_id == "award-001"


def test_a_given_id_is_checked(write_tree: WriteTree) -> None:
    root = write_tree({"data/people.yaml": PEOPLE})
    added = add_skeleton(RecordKind.STUDIOS, root, record_id="steel-studio")
    assert added.text.startswith("studios:\n  - id: steel-studio ")
    with pytest.raises(SkeletonError, match="编号“li-gang”已被使用"):
        add_skeleton(RecordKind.STUDIOS, root, record_id="li-gang")
    with pytest.raises(SkeletonError, match="编号“Steel_Studio”的写法不对"):
        add_skeleton(RecordKind.STUDIOS, root, record_id="Steel_Studio")


@pytest.mark.parametrize("kind", [RecordKind.FIGURES, RecordKind.SOURCES])
def test_kinds_the_command_does_not_add_are_refused(
    kind: RecordKind, write_tree: WriteTree
) -> None:
    # `showcase new` adds the kinds of KINDS_BY_NAME only; any other kind leaves the file as it was.
    root = write_tree({"data/people.yaml": PEOPLE})
    with pytest.raises(SkeletonError, match=f"不能用这个命令添加“{kind.value}”记录"):
        add_skeleton(kind, root)
    assert (root / "data/people.yaml").read_text(encoding="utf-8") == PEOPLE


@pytest.mark.parametrize("record_id", ["s", "a" * 65, "a b", "李刚"])
def test_an_id_the_schema_refuses_is_refused(record_id: str, write_tree: WriteTree) -> None:
    root = write_tree({"data/people.yaml": PEOPLE})
    with pytest.raises(SkeletonError, match="的写法不对"):
        add_skeleton(RecordKind.STUDIOS, root, record_id=record_id)


def test_a_file_that_is_not_utf8_is_left_alone(write_tree: WriteTree) -> None:
    root = write_tree({"data/people.yaml": PEOPLE.encode("gbk")})
    with pytest.raises(SkeletonError, match="不是 UTF-8 编码"):
        add_skeleton(RecordKind.PEOPLE, root)
    assert (root / "data" / "people.yaml").read_bytes() == PEOPLE.encode("gbk")


def test_the_command(write_tree: WriteTree, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree({"data/people.yaml": PEOPLE})
    assert main(["new", "award", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("已在 data/awards.yaml 第 3 行添加一条新记录，编号 award-001。\n")
    assert "（honour、recipient）" in out
    assert main(["new", "person", "--id", "li-gang", "--root", str(root)]) == 1
    assert "编号“li-gang”已被使用" in capsys.readouterr().err
    target = root / "elsewhere.yaml"
    assert main(["new", "person", "--file", str(target), "--root", str(root)]) == 0
    assert target.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=schema/data.schema.json\npeople:\n  - id: person-001 "
    )
