"""`showcase split`: records move from a list file into record files, values and comments kept."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from showcase.cli import main
from showcase.editing import split as split_module
from showcase.editing.diff import diff_revisions, render_text
from showcase.editing.split import SplitError, split_list_file
from showcase.records.validation import sorted_diagnostics, validate
from tests.conftest import REPO_ROOT, WriteTree, git


def problems(root: Path) -> list[str]:
    """Every diagnostic of the tree at root, as printed."""
    return [str(d) for d in sorted_diagnostics(validate([root / "data"], root))]


def values(root: Path) -> dict[str, dict[str, object]]:
    """Every valid record's values by id."""
    return {r.id: r.model_dump(mode="json") for r in validate([root / "data"], root).catalog}


def files_under(root: Path) -> dict[str, bytes]:
    """Every file under root/data with its bytes."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted((root / "data").rglob("*"))
        if path.is_file()
    }


TWO_STUDIOS = """\
# yaml-language-server: $schema=../schema/data.schema.json
studios:
  # 第一个工作室：来自原文第二段
  - id: steel-studio
    name: 天津钢管公司劳模创新工作室
    description: |-
      第一段。

      第二段：有冒号的一行。
    # leader: li-gang
    sources:
      - source: test-source  # 原文

  # 以下为流式写法
  - {id: flow-studio, name: "流式: 工作室", sources: [{source: test-source}]}
"""


def test_every_record_moves_with_its_comments_and_the_emptied_list_file_goes(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({"data/studios.yaml": TWO_STUDIOS})
    before = values(root)
    assert main(["split", "--root", str(root), str(root / "data/studios.yaml")]) == 0
    assert capsys.readouterr().out == (
        "data/studios.yaml 第 4 行 → data/studios/steel-studio.yaml\n"
        "data/studios.yaml 第 15 行 → data/studios/flow-studio.yaml\n"
        "已移动 2 条记录，每条的值都核对过没有变化。列表文件 data/studios.yaml 里不再有别的内容，"
        "已删除。\n"
    )
    assert not (root / "data/studios.yaml").exists()
    assert (root / "data/studios/steel-studio.yaml").read_text(encoding="utf-8") == (
        "# 第一个工作室：来自原文第二段\n"
        "id: steel-studio\n"
        "name: 天津钢管公司劳模创新工作室\n"
        "description: |-\n"
        "  第一段。\n"
        "\n"
        "  第二段：有冒号的一行。\n"
        "# leader: li-gang\n"
        "sources:\n"
        "  - source: test-source  # 原文\n"
    )
    assert (root / "data/studios/flow-studio.yaml").read_text(encoding="utf-8") == (
        "# 以下为流式写法\n"
        '{id: flow-studio, name: "流式: 工作室", sources: [{source: test-source}]}\n'
    )
    assert problems(root) == []
    assert values(root) == before


def test_a_list_file_with_other_content_keeps_it(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/mixed.yaml": """\
            # 天津市总工会 2013 年的材料
            people:
              - id: li-gang
                name: 李刚
                sources: [{source: test-source}]
            organizations:
              - id: tj-steel-pipe
                name: 天津钢管公司
                sources: [{source: test-source}]
            """
        }
    )
    before = values(root)
    plan = split_list_file(root / "data/mixed.yaml", root)
    assert [record.path.relative_to(root).as_posix() for record in plan.records] == [
        "data/people/li-gang.yaml",
        "data/organizations/tj-steel-pipe.yaml",
    ]
    assert (root / "data/mixed.yaml").read_text(encoding="utf-8") == (
        "# 天津市总工会 2013 年的材料\npeople:\norganizations:\n"
    )
    assert problems(root) == []
    assert values(root) == before


def test_windows_line_ends_and_a_bom_stay_as_they_were(write_tree: WriteTree) -> None:
    text = "# 名单\nstudios:\n  - id: steel-studio\n    name: 工作室\n    sources:\n      - source: test-source\n"
    root = write_tree({"data/studios.yaml": b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()})
    split_list_file(root / "data/studios.yaml", root)
    assert (
        root / "data/studios.yaml"
    ).read_bytes() == b"\xef\xbb\xbf# \xe5\x90\x8d\xe5\x8d\x95\r\nstudios:\r\n"
    assert (root / "data/studios/steel-studio.yaml").read_bytes() == (
        "id: steel-studio\r\nname: 工作室\r\nsources:\r\n  - source: test-source\r\n".encode()
    )
    # The loader still asks for LF line ends and no BOM, in the files that have them.
    assert sorted(problem.rsplit(" ", 1)[1] for problem in problems(root)) == [
        "[bom]",
        "[crlf]",
        "[crlf]",
    ]


def test_the_real_data_splits_without_a_value_or_a_comment_lost(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    before = values(tmp_path)
    comments_before = _comments(tmp_path)
    list_files = sorted((tmp_path / "data").glob("*.yaml"))
    assert len(list_files) >= 7
    moved = sum(len(split_list_file(path, tmp_path).records) for path in list_files)
    assert moved == len(before) > 100
    assert list((tmp_path / "data").glob("*.yaml")) == []  # nothing else was in them
    assert problems(tmp_path) == []
    assert values(tmp_path) == before
    # Every comment is still there but the schema line of the list files, which went with them.
    schema_line = "# yaml-language-server: $schema=../schema/data.schema.json"
    assert _comments(tmp_path) == [c for c in comments_before if c != schema_line]


def _comments(root: Path) -> list[str]:
    return sorted(
        line.strip()
        for path in (root / "data").rglob("*.yaml")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("#")
    )


@pytest.mark.parametrize(
    ("text", "said"),
    [
        (
            "studios:\n  - &base\n    id: a-studio\n    name: 甲\n    sources: [{source: test-source}]\n"
            "  - id: b-studio\n    name: *base\n    sources: [{source: test-source}]\n",
            "锚点（&）和别名（*）",
        ),
        ("studios: [{id: a-studio, name: 甲, sources: [{source: test-source}]}]\n", "方括号"),
        ("studios:\n  -\n    id: a-studio\n    name: 甲\n", "要和它的第一个字段写在同一行"),
        ("studios:\n  - name: 甲\n    sources: [{source: test-source}]\n", "没有编号"),
        ("studios:\n  - id: ../../x\n    name: 甲\n", "不能用作文件名"),
        (
            "studios:\n  - id: a-studio\n    name: 甲\n  - id: a-studio\n    name: 乙\n",
            "第 2 行和第 4 行的记录编号都是“a-studio”",
        ),
    ],
    ids=["alias", "flow-list", "dash-alone", "no-id", "id-as-path", "same-id"],
)
def test_what_cannot_be_moved_safely_is_refused_and_nothing_is_written(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], text: str, said: str
) -> None:
    root = write_tree({"data/studios.yaml": text})
    before = files_under(root)
    assert main(["split", "--root", str(root), str(root / "data/studios.yaml")]) == 1
    assert said in capsys.readouterr().err
    assert files_under(root) == before
    assert not (root / "data/studios").exists()


def test_an_existing_record_file_is_never_overwritten(write_tree: WriteTree) -> None:
    root = write_tree(
        {"data/studios.yaml": TWO_STUDIOS, "data/studios/flow-studio.yaml": "# 别人的文件\n"}
    )
    before = files_under(root)
    with pytest.raises(SplitError, match=r"flow-studio\.yaml：文件已存在，不会覆盖"):
        split_list_file(root / "data/studios.yaml", root)
    assert files_under(root) == before


def test_a_value_that_would_change_stops_the_move(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({"data/studios.yaml": TWO_STUDIOS})
    before = files_under(root)
    moved_text = split_module._moved_text
    monkeypatch.setattr(
        split_module,
        "_moved_text",
        lambda *arguments: moved_text(*arguments).replace("第二段", "第三段"),
    )
    with pytest.raises(
        SplitError, match="第 4 行的记录（编号 steel-studio）移动后读出来的值与原来不同"
    ):
        split_list_file(root / "data/studios.yaml", root)
    assert files_under(root) == before


def test_a_failure_after_writing_puts_everything_back(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({"data/studios.yaml": TWO_STUDIOS})
    before = files_under(root)
    checked = []

    def failing_check(*arguments: object) -> None:
        checked.append(sorted(files_under(root)))
        raise SplitError("写入后读出的记录与原来不同")

    monkeypatch.setattr(split_module, "_check_on_disk", failing_check)
    with pytest.raises(SplitError, match="写入后读出的记录与原来不同"):
        split_list_file(root / "data/studios.yaml", root)
    # The check ran with the files written and the list file gone; now all is as it was.
    assert "data/studios/steel-studio.yaml" in checked[0]
    assert "data/studios.yaml" not in checked[0]
    assert files_under(root) == before


def test_the_check_on_the_disk_reads_the_records_back(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({"data/studios.yaml": TWO_STUDIOS})
    real_replace = split_module._replace

    def replace_badly(path: Path, content: bytes) -> None:
        real_replace(path, content)
        for record_file in (root / "data/studios").glob("*.yaml"):
            record_file.write_text("id: steel-studio\n", encoding="utf-8")

    monkeypatch.setattr(split_module, "_replace", replace_badly)
    # Keep the list file, so that _replace runs: a header comment is left in it.
    (root / "data/studios.yaml").write_text("# 名单\n" + TWO_STUDIOS, encoding="utf-8")
    before = files_under(root)
    with pytest.raises(SplitError, match="写入后读出的记录与原来不同，已全部恢复原样"):
        split_list_file(root / "data/studios.yaml", root)
    assert files_under(root) == before


def test_a_dry_run_writes_nothing(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({"data/studios.yaml": TWO_STUDIOS})
    before = files_under(root)
    assert main(["split", "--root", str(root), "--dry-run", str(root / "data/studios.yaml")]) == 0
    out = capsys.readouterr().out
    assert "将移动 2 条记录" in out and "没有写入任何文件" in out
    assert files_under(root) == before


def test_a_record_file_is_not_split_again(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({"data/studios/a-studio.yaml": "id: a-studio\n"})
    assert main(["split", "--root", str(root), str(root / "data/studios/a-studio.yaml")]) == 1
    assert "这已经是一个记录文件" in capsys.readouterr().err


# --- `showcase diff` across the two layouts -------------------------------------------------


def test_diff_sees_no_change_in_a_split_and_the_edits_in_record_files(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({"data/studios.yaml": TWO_STUDIOS})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(root, "init", "-q")
    _commit(root, "list file")
    split_list_file(root / "data/studios.yaml", root)
    _commit(root, "split")
    moved = diff_revisions(root, "HEAD~1", "HEAD")
    assert moved.is_empty, render_text(moved)
    record_file = root / "data/studios/flow-studio.yaml"
    record_file.write_text(
        record_file.read_text(encoding="utf-8").replace("流式: 工作室", "流式工作室"),
        encoding="utf-8",
    )
    (root / "data/studios/new-studio.yaml").write_text(
        "id: new-studio\nname: 新工作室\nsources: [{source: test-source}]\n", encoding="utf-8"
    )
    edited = diff_revisions(root, "HEAD")
    assert [(c.record_id, c.place) for c in edited.added] == [
        ("new-studio", "data/studios/new-studio.yaml:1")
    ]
    assert [(c.record_id, c.place) for c in edited.changed] == [
        ("flow-studio", "data/studios/flow-studio.yaml:2")
    ]


def _commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def test_no_record_file_is_written_through_a_folder_that_links_out(
    write_tree: WriteTree, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    root = write_tree({"data/studios.yaml": TWO_STUDIOS})
    (root / "data/studios").symlink_to(outside)
    before = (root / "data/studios.yaml").read_bytes()
    with pytest.raises(SplitError, match="是指向仓库以外的符号链接，不能往里写"):
        split_list_file(root / "data/studios.yaml", root)
    assert list(outside.iterdir()) == []
    assert (root / "data/studios.yaml").read_bytes() == before
