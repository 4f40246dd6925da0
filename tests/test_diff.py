"""`showcase diff`: what a change to the data does to the public record, on real git repos."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import markdown
import pytest

from showcase.cli import main
from showcase.editing.diff import (
    WORD_JOINER,
    DataDiff,
    DiffError,
    diff_revisions,
    read_revision,
    render_markdown,
    render_text,
    resolve_revision,
)
from showcase.records.validation import validate
from showcase.site.totals_page import site_totals
from tests.conftest import SOURCE_TEXT, WriteTree, git, script_environment
from tests.images import small_jpeg

BASE_DATA = """\
people:
  - id: li-gang
    name: 李刚
    sources: [{source: test-source}]
  - id: wang-wu
    name: 王五
    sources: [{source: test-source}]
studios:
  - id: steel-studio
    name: 天津钢管公司劳模创新工作室
    leader: li-gang
    district: 南开区
    achievements:
      site_visits: 50余次
      patents_granted: 30余项
      operation_methods:
        - 李刚操作法
    sources:
      - source: test-source
        quote: 获得专利30余项
"""

# One person removed; the studio's site visits and its list of methods edited; a second
# studio added, whose 11 patents move the sum of patents from 30余项 to 41余项.
HEAD_DATA = """\
people:
  - id: li-gang
    name: 李刚
    sources: [{source: test-source}]
studios:
  - id: steel-studio
    name: 天津钢管公司劳模创新工作室
    leader: li-gang
    district: 南开区
    achievements:
      site_visits: 60余次
      patents_granted: 30余项
      operation_methods:
        - 王五操作法
        - 李刚操作法
    sources:
      - source: test-source
        quote: 获得专利30余项
  - id: electric-studio
    name: 电力公司劳模创新工作室
    district: 河西区
    achievements:
      patents_granted: 11项
    sources: [{source: test-source}]
"""

EXPECTED_TEXT = """\
删除 1 条记录；新增 1 条、修改 1 条记录；5 个总数变化；引入 0 个错误

删除记录（1 条）：
  人物 王五（wang-wu，data/records.yaml:5）
  ！这次修改删除了 1 条记录，它们将从网站上消失。请确认每一条都是有意删除的。

新增记录：
  劳模创新工作室 电力公司劳模创新工作室（electric-studio，data/records.yaml:19）

修改记录：
  劳模创新工作室 天津钢管公司劳模创新工作室（steel-studio，data/records.yaml:6）
    成果 › 现场出诊（achievements.site_visits）：50余次 → 60余次
    成果 › 先进操作法（第 1 项）（achievements.operation_methods[0]）：（无） → 王五操作法

网站上的总数：
  劳模创新工作室：本站收录：1个 → 2个
  人物：本站收录：2人 → 1人
  劳模创新工作室：现场出诊：50余次 → 60余次
  劳模创新工作室：获得专利：30余项 → 41余项
  劳模创新工作室：按所在区 · 河西区：（无） → 1个
"""


def commit(root: Path, message: str) -> str:
    """Commit everything in the working tree; the new commit's id."""
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


@pytest.fixture
def repo(write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose first commit holds BASE_DATA."""
    root = write_tree({"data/records.yaml": BASE_DATA})
    # Never find a repository above the temporary folder, and ignore the user's git config.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(root, "init", "-q")
    commit(root, "base")
    return root


def body(report: str) -> str:
    """A report without its first line, which names the commits compared."""
    return report.split("\n", 1)[1]


def test_records_added_removed_and_edited_and_the_totals_they_move(
    repo: Path, write_tree: WriteTree
) -> None:
    write_tree({"data/records.yaml": HEAD_DATA})
    head = commit(repo, "head")
    diff = diff_revisions(repo, "HEAD~1", "HEAD")
    assert diff.base.startswith("HEAD~1（") and diff.head == f"HEAD（{head[:12]}）"
    assert body(render_text(diff)) == EXPECTED_TEXT
    assert diff.summary() == "删除 1 条记录；新增 1 条、修改 1 条记录；5 个总数变化；引入 0 个错误"
    assert diff.summary(bold=True).startswith("**删除 1 条记录**；新增 1 条")
    assert diff.cut_short == ()  # wang-wu was not the file's last record


def test_the_working_tree_is_head_by_default(
    repo: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree({"data/records.yaml": HEAD_DATA})  # not committed
    assert main(["diff", "HEAD", "--root", str(repo)]) == 0
    output = capsys.readouterr().out
    assert output.startswith("数据变化：HEAD（")
    assert output.split("\n")[0].endswith(" → 工作区")
    assert body(output) == EXPECTED_TEXT


def test_an_untracked_file_in_the_working_tree_counts(repo: Path, write_tree: WriteTree) -> None:
    write_tree(
        {
            "data/more.yaml": "people:\n  - id: zhao-liu\n    name: 赵六\n    sources: [{source: test-source}]\n"
        }
    )
    diff = diff_revisions(repo, "HEAD")
    assert [(c.record_id, c.name, c.place) for c in diff.added] == [
        ("zhao-liu", "赵六", "data/more.yaml:2")
    ]


def test_no_change_says_so(repo: Path) -> None:
    diff = diff_revisions(repo, "HEAD")
    assert diff.is_empty
    assert body(render_text(diff)).endswith("\n数据没有变化。\n")
    assert "数据没有变化。" in render_markdown(diff)


def test_an_introduced_error_is_reported_at_heads_line_and_moved_errors_are_not(
    write_tree: WriteTree, repo: Path
) -> None:
    # BASE already has two errors: a typo in a field and an id used twice.
    broken = BASE_DATA.replace("    name: 王五\n", "    name: 王五\n    positon: 工人\n")
    broken += "  - id: li-gang\n    name: 重复\n    sources: [{source: test-source}]\n"
    write_tree({"data/records.yaml": broken})
    commit(repo, "base with two errors")
    # HEAD moves every line down, and introduces one error of its own.
    moved = broken.replace(
        "people:\n",
        "people:\n  - id: zhao-liu\n    name: 赵六\n    sources: [{source: test-source}]\n",
    )
    moved = moved.replace("    leader: li-gang\n", "    leadr: li-gang\n")
    write_tree({"data/records.yaml": moved})

    diff = diff_revisions(repo, "HEAD")
    assert [str(d) for d in diff.introduced] == [
        "data/records.yaml:15:5: studios[0].leadr: 未知字段“leadr”。是不是想写“leader”？可用字段："
        "id、sources、notes、not_duplicate_of、name、leader、organization、district、industry、"
        "level、named、founded、achievements、featured、description、photos。 [unknown-field]"
    ]
    assert diff.fixed == ()
    # The studio fails validation now: it is edited, not removed, and it leaves the totals.
    assert [c.record_id for c in diff.removed] == []
    (studio,) = [c for c in diff.changed if c.record_id == "steel-studio"]
    assert not studio.valid
    assert [(f.path, f.old, f.new) for f in studio.fields] == [
        ("leader", "li-gang", None),
        ("leadr", None, "li-gang"),
    ]
    assert "劳模创新工作室：本站收录" in {t.label for t in diff.totals}
    text = render_text(diff)
    assert "（steel-studio，data/records.yaml:13）（有错误，网站暂不显示）" in text
    assert "引入的错误：\n  data/records.yaml:15:5: studios[0].leadr: 未知字段" in text

    # Fixing the old typo is reported briefly, as fixed.
    write_tree({"data/records.yaml": moved.replace("    positon: 工人\n", "")})
    diff = diff_revisions(repo, "HEAD")
    assert [d.code for d in diff.fixed] == ["unknown-field"]
    assert "修正的错误：\n  people[1].positon: 未知字段“positon”" in render_text(diff)


def test_fail_on_errors_exits_1_only_when_errors_are_introduced(
    repo: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "HEAD", "--fail-on-errors", "--root", str(repo)]) == 0
    write_tree({"data/records.yaml": BASE_DATA.replace("district:", "distrcit:")})
    assert main(["diff", "HEAD", "--root", str(repo)]) == 0
    assert main(["diff", "HEAD", "--fail-on-errors", "--root", str(repo)]) == 1
    assert "引入 1 个错误" in capsys.readouterr().out


def test_quotations_are_checked_against_each_revisions_own_full_text(
    repo: Path, write_tree: WriteTree
) -> None:
    # The working tree's full text no longer holds the quotation; BASE's still does.
    write_tree({"data/sources/test.txt": SOURCE_TEXT.replace("获得专利30余项", "获得专利")})
    diff = diff_revisions(repo, "HEAD")
    assert [(d.field, d.code) for d in diff.introduced] == [
        ("studios[0].sources[0].quote", "quote-not-in-source")
    ]
    assert (diff.added, diff.removed, diff.changed) == ((), (), ())
    # And the other way round: an old revision is not checked against today's text.
    commit(repo, "text without the quotation")
    assert read_revision(repo, "HEAD~1").diagnostics == ()
    assert len(read_revision(repo, "HEAD").diagnostics) == 1


def test_photos_outside_data_are_read_from_the_revision(repo: Path, write_tree: WriteTree) -> None:
    photo = (
        "    photos:\n      - file: photos/a[1].jpg\n        caption: 颁奖现场\n"
        "        alt: 工作室成员领奖\n        shows_identifiable_people: false\n"
    )
    data = BASE_DATA.replace("    district: 南开区\n", "    district: 南开区\n" + photo)
    write_tree({"data/records.yaml": data, "content/photos/a[1].jpg": small_jpeg()})
    commit(repo, "a photo")
    assert read_revision(repo, "HEAD").diagnostics == ()
    (repo / "content/photos/a[1].jpg").unlink()
    diff = diff_revisions(repo, "HEAD")
    assert [(d.field, d.code) for d in diff.introduced] == [
        ("studios[0].photos[0].file", "missing-file")
    ]


def test_a_renamed_file_moves_no_record_and_no_error(repo: Path, write_tree: WriteTree) -> None:
    write_tree(
        {
            "data/records.yaml": BASE_DATA.replace(
                "    name: 王五\n", "    name: 王五\n    positon: 工人\n"
            )
        }
    )
    commit(repo, "an error")
    (repo / "data/records.yaml").rename(repo / "data/people-and-studios.yaml")
    commit(repo, "rename")
    diff = diff_revisions(repo, "HEAD~1", "HEAD")
    assert diff.is_empty


def test_files_are_read_as_bytes_and_links_stay_links(repo: Path, write_tree: WriteTree) -> None:
    write_tree(
        {"data/gbk.yaml": "people:\n  - id: li-si\n    name: 李四\n".encode("gbk")},
        with_source=False,
    )
    (repo / "data/link.yaml").symlink_to("../outside.yaml")
    (repo / "outside.yaml").write_text("people: []\n", encoding="utf-8")
    commit(repo, "a GBK file and a symbolic link")
    diff = diff_revisions(repo, "HEAD~1", "HEAD")
    assert [(d.path, d.line, d.column, d.code) for d in diff.introduced] == [
        ("data/gbk.yaml", 3, 11, "not-utf8"),
        ("data/link.yaml", 1, 1, "symlink"),
    ]


def test_a_revision_before_any_data(write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_tree({"README.md": "nothing yet\n"}, with_source=False)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(root, "init", "-q")
    commit(root, "empty")
    write_tree({"data/records.yaml": BASE_DATA})
    diff = diff_revisions(root, "HEAD")
    assert [c.record_id for c in diff.added] == [
        "steel-studio",
        "li-gang",
        "wang-wu",
        "test-source",
    ]
    assert diff.introduced == ()


def test_an_unknown_revision_exits_2_in_chinese(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "no-such-branch", "--root", str(repo)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("找不到版本“no-such-branch”。请写提交编号、分支名或标签")
    with pytest.raises(SystemExit) as usage_error:
        main(["diff", "HEAD", "--not-an-option", "--root", str(repo)])
    assert usage_error.value.code == 2
    with pytest.raises(DiffError, match="找不到版本“--output=x”"):
        diff_revisions(repo, "--output=x")


def test_outside_a_repository_exits_2(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({"data/records.yaml": BASE_DATA})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    assert main(["diff", "HEAD", "--root", str(root)]) == 2
    assert "不在 git 仓库中" in capsys.readouterr().err


def test_the_console_script_prints_no_traceback(repo: Path) -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "showcase.cli", "diff", "no-such-branch"],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
        env=script_environment(),
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stdout + completed.stderr
    assert "找不到版本“no-such-branch”" in completed.stderr


def test_output_file_and_markdown(
    repo: Path, write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    write_tree({"data/records.yaml": HEAD_DATA})
    report = repo / "report.md"
    arguments = ["diff", "HEAD", "--format", "markdown", "--output", str(report)]
    assert main([*arguments, "--root", str(repo)]) == 0
    assert capsys.readouterr().out == f"已写入 {report}。\n"
    text = report.read_text(encoding="utf-8")
    assert text.startswith("## 数据变化：HEAD（")
    assert body(text) == (
        "\n**删除 1 条记录**；新增 1 条、修改 1 条记录；5 个总数变化；引入 0 个错误\n"
        "\n### 删除记录（1）\n\n"
        "> **这次修改删除了 1 条记录，它们将从网站上消失。请确认每一条都是有意删除的。**\n\n"
        "| 类别 | 名称 | 编号 | 位置 |\n| --- | --- | --- | --- |\n"
        "| 人物 | 王五 | `wang-wu` | `data/records.yaml:5` |\n"
        "\n### 新增记录（1）\n\n"
        "| 类别 | 名称 | 编号 | 位置 |\n| --- | --- | --- | --- |\n"
        "| 劳模创新工作室 | 电力公司劳模创新工作室 | `electric-studio` | `data/records.yaml:19` |\n"
        "\n### 修改记录（1）\n\n"
        "**劳模创新工作室：天津钢管公司劳模创新工作室**（steel-studio，data/records.yaml:6）\n\n"
        "| 字段 | 原值 | 新值 |\n| --- | --- | --- |\n"
        "| 成果 › 现场出诊<br>`achievements.site_visits` | 50余次 | 60余次 |\n"
        "| 成果 › 先进操作法（第 1 项）<br>`achievements.operation_methods[0]` | （无） | 王五操作法 |\n"
        "\n### 网站上的总数（5 个变化）\n\n"
        "| 总数 | 原来 | 现在 |\n| --- | --- | --- |\n"
        "| 劳模创新工作室：本站收录 | 1个 | 2个 |\n"
        "| 人物：本站收录 | 2人 | 1人 |\n"
        "| 劳模创新工作室：现场出诊 | 50余次 | 60余次 |\n"
        "| 劳模创新工作室：获得专利 | 30余项 | 41余项 |\n"
        "| 劳模创新工作室：按所在区 · 河西区 | （无） | 1个 |\n"
    )


def test_an_unwritable_output_exits_2(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = repo / "no-such-folder" / "report.md"
    assert main(["diff", "HEAD", "--output", str(target), "--root", str(repo)]) == 2
    assert "无法写入" in capsys.readouterr().err


HOSTILE = "甲|乙 *强调* _斜_ <script>alert(1)</script> `代码` [链接](http://e.org) ~~删~~ $x$ &amp;"


def test_hostile_names_do_not_break_the_markdown(repo: Path, write_tree: WriteTree) -> None:
    six_changes = (
        "    district: 河东区\n    industry: 电力\n    level: 市级\n    named: '2013'\n"
        "    founded: '2012'\n"
    )
    data = BASE_DATA.replace(
        "    name: 天津钢管公司劳模创新工作室\n", f"    name: '{HOSTILE}'\n"
    ) + (
        '  - id: two-lines\n    name: "第一行\\n| 第二行 |"\n    sources: [{source: test-source}]\n'
        '  - id: bidi\n    name: "甲\\u202e乙"\n    sources: [{source: test-source}]\n'
    )
    write_tree({"data/records.yaml": data})
    commit(repo, "hostile names")
    edited = data.replace("    district: 南开区\n", six_changes).replace("50余次", "60余次")
    edited = edited.replace("    name: 王五\n", f"    name: '{HOSTILE}'\n")
    edited += '  - id: "坏|id`<b>"\n    name: x\n    sources: [{source: test-source}]\n'
    write_tree({"data/records.yaml": edited})
    report = render_markdown(diff_revisions(repo, "HEAD"))

    assert "<script>" not in report and "&lt;script&gt;" in report
    assert "| 劳模创新工作室 | x（有错误，网站暂不显示） | 坏\\|id\\`&lt;b&gt; |" in report
    # Rendered, every row keeps its cells and the data stays text: no tag, link or emphasis.
    rendered = markdown.markdown(report, extensions=["tables"])
    assert "<script>" not in rendered and "<b>" not in rendered and "<em>" not in rendered
    assert '<a href="http://e.org">' not in rendered
    tables = re.findall(r"<table>(.*?)</table>", rendered, re.DOTALL)
    assert len(tables) == 3  # added, the fields of the unfolded record, totals
    for table in tables:
        columns = table.count("<th>")
        for row in re.findall(r"<tr>(.*?)</tr>", table, re.DOTALL)[1:]:
            assert row.count("<td>") == columns, row
    # Six changed fields are folded away; the summary is HTML, escaped as HTML.
    assert (
        "<summary>劳模创新工作室：甲|乙 *强调* _斜_ &lt;script&gt;alert(1)&lt;/script&gt;" in report
    )
    # The bidirectional override is shown, not obeyed.
    assert "\u202e" not in report


def test_names_in_the_comment_ping_nobody_and_link_no_issue(
    repo: Path, write_tree: WriteTree
) -> None:
    data = BASE_DATA.replace("    name: 王五\n", "    name: '@octocat 见 #12'\n")
    data = data.replace("    name: 李刚\n", "    name: '@union/editors'\n    position: 班组长\n")
    write_tree({"data/records.yaml": data})
    report = render_markdown(diff_revisions(repo, "HEAD"))

    assert "引入 0 个错误" in report  # valid data: only the names are in question
    # The names are there, as text, each sign followed by an invisible word joiner.
    assert f"@{WORD_JOINER}octocat" in report and f"@{WORD_JOINER}union/editors" in report
    assert f"#{WORD_JOINER}12" in report
    assert re.search(r"[@#][\w]", report.replace("&#", "")) is None


def test_a_huge_change_still_fits_in_a_comment(repo: Path, write_tree: WriteTree) -> None:
    many = "".join(
        f"  - id: person-{n:03}\n    name: 人物{n}\n    sources: [{{source: test-source}}]\n"
        for n in range(300)
    )
    write_tree({"data/records.yaml": BASE_DATA.replace("people:\n", "people:\n" + many)})
    diff = diff_revisions(repo, "HEAD")
    assert "未列出" not in render_markdown(diff)
    report = render_markdown(diff, limit=6000)
    assert len(report) <= 6000
    listed = report.count("| 人物 | 人物")
    assert 0 < listed < 300
    assert (
        f"另有 {300 - listed} 条记录未列出（评论篇幅有限）。完整内容请运行 `showcase diff`。"
        in report
    )
    assert report.count("<details>") == report.count("</details>")


def test_hostile_text_cannot_drive_the_terminal(repo: Path, write_tree: WriteTree) -> None:
    write_tree({"data/records.yaml": BASE_DATA.replace("王五", '"王五\\e[2J\\u202e"')})
    text = render_text(diff_revisions(repo, "HEAD"))
    assert "\x1b" not in text and "\u202e" not in text
    assert "王五\\u001b[2J\\u202e" in text


def test_long_texts_are_shown_around_the_change(repo: Path, write_tree: WriteTree) -> None:
    paragraph = "工会" * 100
    described = BASE_DATA.replace(
        "    name: 王五\n", f"    name: 王五\n    description: {paragraph}开始{paragraph}\n"
    )
    write_tree({"data/records.yaml": described})
    commit(repo, "a long description")
    write_tree({"data/records.yaml": described.replace("开始", "结束")})
    (field,) = diff_revisions(repo, "HEAD").changed[0].fields
    line = render_text(diff_revisions(repo, "HEAD")).split("\n")[-2]
    assert field.old == f"{paragraph}开始{paragraph}"
    assert (
        line
        == f"    简介（description）：…{'工会' * 15}开始{'工会' * 15}… → …{'工会' * 15}结束{'工会' * 15}…"
    )
    # A paragraph that is only rewrapped is not printed twice.
    write_tree({"data/records.yaml": described.replace("开始", "\n      开始")})
    text = render_text(diff_revisions(repo, "HEAD"))
    assert f"简介（description）：{'工会' * 15}…（共 402 字） → 文字未变，只改了空格或换行" in text


def test_list_items_are_aligned_not_compared_by_position(repo: Path, write_tree: WriteTree) -> None:
    cited = BASE_DATA.replace(
        "      - source: test-source\n        quote: 获得专利30余项\n",
        "      - source: test-source\n        quote: 获得专利30余项\n"
        "      - source: test-source\n        quote: 现场“出诊”50余次\n",
    )
    write_tree({"data/records.yaml": cited})
    commit(repo, "two citations")
    # A citation inserted at the top: one change, not three.
    inserted = cited.replace(
        "    sources:\n      - source: test-source\n        quote: 获得专利30余项\n",
        "    sources:\n      - source: test-source\n        locator: 第1段\n"
        "      - source: test-source\n        quote: 获得专利30余项\n",
    )
    write_tree({"data/records.yaml": inserted})
    (studio,) = diff_revisions(repo, "HEAD").changed
    assert [(f.path, f.label, f.old, f.new) for f in studio.fields] == [
        ("sources[0].source", "来源（第 1 项） › 来源", None, "test-source"),
        ("sources[0].locator", "来源（第 1 项） › 位置", None, "第1段"),
    ]


def test_the_report_is_deterministic(repo: Path, write_tree: WriteTree) -> None:
    write_tree({"data/records.yaml": HEAD_DATA.replace("district: 河西区", "distrcit: 河西区")})
    reports = {render_markdown(diff_revisions(repo, "HEAD")) for _ in range(3)}
    assert len(reports) == 1
    (report,) = reports
    assert "showcase-diff-" not in report and str(repo) not in report


def test_totals_come_from_the_totals_page(write_tree: WriteTree) -> None:
    root = write_tree({"data/records.yaml": HEAD_DATA})
    totals = site_totals(validate([root / "data"], root).catalog)
    assert totals["劳模创新工作室：获得专利"] == "41余项"
    assert totals["劳模创新工作室：本站收录"] == "2个"
    assert totals["劳模创新工作室：按所在区 · 南开区"] == "1个"
    assert list(totals)[:5] == [
        "劳模创新工作室：本站收录",
        "荣誉：本站收录",
        "项目：本站收录",
        "人物：本站收录",
        "单位：本站收录",
    ]


def test_data_diff_is_plain_data() -> None:
    empty = DataDiff("a", "b", (), (), (), (), (), ())
    assert empty.is_empty
    assert empty.summary() == "新增 0 条、删除 0 条、修改 0 条记录；0 个总数变化；引入 0 个错误"


def test_a_root_that_is_not_a_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(DiffError, match="不是文件夹"):
        resolve_revision(tmp_path / "missing", "HEAD")


def test_a_machine_without_git_is_told_to_install_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-programs-here"))
    with pytest.raises(DiffError, match="找不到 git 命令。请先安装 git。"):
        resolve_revision(repo, "HEAD")


def test_a_file_that_lost_its_tail_is_named_first(repo: Path, write_tree: WriteTree) -> None:
    # A paste that lost the end of the file: the studio after wang-wu is gone, no error.
    write_tree({"data/records.yaml": BASE_DATA.split("studios:")[0]})
    diff = diff_revisions(repo, "HEAD")
    assert diff.introduced == ()
    assert [c.record_id for c in diff.removed] == ["steel-studio"]
    assert diff.cut_short == (("data/records.yaml", 1),)
    text = render_text(diff)
    assert body(text).startswith(
        "删除 1 条记录；新增 0 条、修改 0 条记录；4 个总数变化；引入 0 个错误\n\n删除记录（1 条）：\n"
    )
    assert (
        "  ！data/records.yaml 的最后 1 条记录都被删除了：如果不是有意的，"
        "这个文件可能在编辑或粘贴时丢了结尾，请和原来的版本核对。\n"
    ) in text
    report = render_markdown(diff)
    assert body(report).startswith("\n**删除 1 条记录**；新增 0 条")
    assert "> **data/records.yaml 的最后 1 条记录都被删除了" in report
    # In the rendered comment the count is bold, before anything else.
    html = markdown.markdown(report)
    assert "<p><strong>删除 1 条记录</strong>；新增 0 条" in html


def test_removing_every_record_of_a_file_or_none_at_its_end_is_not_a_cut(
    repo: Path, write_tree: WriteTree
) -> None:
    without_first = BASE_DATA.replace(
        "  - id: li-gang\n    name: 李刚\n    sources: [{source: test-source}]\n", ""
    ).replace("    leader: li-gang\n", "")
    write_tree({"data/records.yaml": without_first})
    assert diff_revisions(repo, "HEAD").cut_short == ()
    (repo / "data" / "records.yaml").unlink()
    diff = diff_revisions(repo, "HEAD")
    assert len(diff.removed) == 3
    assert diff.cut_short == ()
