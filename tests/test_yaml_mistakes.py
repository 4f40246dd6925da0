"""Editor mistakes in the YAML that change what is read: each is named where it was made.

An open quote or bracket is reported at the line that opened it, not where the parser
gave up; Chinese quotes around a value do not end up inside it; a field indented into the
block of text above it is not published as text; a file that ends inside a record is warned
about.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from showcase.cli import main
from showcase.records.validation import validate
from tests.conftest import WriteTree
from tests.test_loader import problems

# Two studios; the second one's name (line 7) is the value the tests spoil.
TWO_STUDIOS = """\
studios:
  - id: first-studio
    name: 第一工作室
    sources:
      - source: test-source
  - id: second-studio
    name: 第二工作室
    industry: 钢铁
    district: "南开区"
    sources:
      - source: test-source
"""


def spoil(old: str, new: str) -> str:
    assert TWO_STUDIOS.count(old) == 1, old
    return TWO_STUDIOS.replace(old, new)


def test_the_unspoilt_file_is_clean(write_tree: WriteTree) -> None:
    assert problems(write_tree({"data/studios.yaml": TWO_STUDIOS})) == []


# --- quotes and brackets left open ----------------------------------------------------


def test_an_open_quote_closed_by_a_later_quote_is_named_at_its_own_line(
    write_tree: WriteTree,
) -> None:
    # The quote opened on line 7 is closed by the first quote of line 9; libyaml stops at
    # line 9 and calls it a problem of indentation.
    root = write_tree({"data/studios.yaml": spoil("name: 第二工作室", 'name: "第二工作室')})
    assert problems(root) == [
        'data/studios.yaml:7:11: 第7行的引号没有闭合（双引号 "）：直到第9行才遇到下一个 "，'
        '中间的“industry: 钢铁”等行都被当成了这个值。请在第7行这个值的末尾补上 "；'
        '值里没有“: ”和“#”时，也可以去掉开头的 "。 [unclosed-quote]'
    ]


def test_an_open_quote_that_runs_to_the_end_of_the_file(write_tree: WriteTree) -> None:
    content = spoil('district: "南开区"', "district: 南开区").replace(
        "name: 第二工作室", "name: '第二工作室"
    )
    assert problems(write_tree({"data/studios.yaml": content})) == [
        "data/studios.yaml:7:11: 第7行的引号没有闭合（单引号 '）：这个值以 ' 开头，"
        "后面却没有配对的 '，下面各行都被当成了这个值。请在第7行这个值的末尾补上 '；"
        "值里没有“: ”和“#”时，也可以去掉开头的 '。 [unclosed-quote]"
    ]


def test_an_open_quote_that_swallows_fields_and_parses_is_still_found(
    write_tree: WriteTree,
) -> None:
    # Closed at the end of line 9, the quote makes valid YAML: a name of three lines, and no
    # industry or district. Nothing else would notice.
    content = spoil("name: 第二工作室", 'name: "第二工作室').replace(
        'district: "南开区"', 'district: 南开区"'
    )
    assert problems(write_tree({"data/studios.yaml": content})) == [
        'data/studios.yaml:7:11: studios[1].name: 第7行的引号没有闭合（双引号 "）：直到第9行才遇到'
        '下一个 "，中间的“industry: 钢铁”等行都被当成了这个值。请在第7行这个值的末尾补上 "；'
        '值里没有“: ”和“#”时，也可以去掉开头的 "。 [unclosed-quote]'
    ]


def test_a_quoted_value_over_several_lines_of_prose_is_fine(write_tree: WriteTree) -> None:
    content = spoil("name: 第二工作室", 'name: "第二\n      工作室"')
    assert problems(write_tree({"data/studios.yaml": content})) == []


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            "    sources: [{source: test-source}\n",
            "data/studios.yaml:10:14: 第10行的“[”没有闭合：到第11行还没有遇到配对的“]”。"
            "请在这一项的末尾补上“]”；如果是两项之间少了英文逗号“,”，请补上逗号。 [unclosed-bracket]",
        ),
        (
            "    sources: [{source: test-source]\n",
            "data/studios.yaml:10:15: 第10行的“{”没有闭合：到第10行还没有遇到配对的“}”。"
            "请在这一项的末尾补上“}”；如果是两项之间少了英文逗号“,”，请补上逗号。 [unclosed-bracket]",
        ),
        (
            "    sources: [{source: test-source}\n    featured: true\n",
            "data/studios.yaml:10:14: 第10行的“[”没有闭合：到第11行还没有遇到配对的“]”。"
            "请在这一项的末尾补上“]”；如果是两项之间少了英文逗号“,”，请补上逗号。 [unclosed-bracket]",
        ),
    ],
)
def test_an_open_bracket_is_named_at_its_own_line(
    write_tree: WriteTree, written: str, expected: str
) -> None:
    last_sources = TWO_STUDIOS.rindex("    sources:")
    content = TWO_STUDIOS[:last_sources] + written
    assert problems(write_tree({"data/studios.yaml": content})) == [expected]


# --- Chinese quotes ---------------------------------------------------------------------


@pytest.mark.parametrize(("opening", "closing"), [("“", "”"), ("‘", "’")])
def test_chinese_quotes_around_a_value_are_refused(
    write_tree: WriteTree, opening: str, closing: str
) -> None:
    content = spoil("name: 第二工作室", f"name: {opening}第二工作室{closing}")
    assert problems(write_tree({"data/studios.yaml": content})) == [
        f"data/studios.yaml:7:11: studios[1].name: 值用中文引号{opening}{closing}括了起来。"
        "YAML 不把中文引号当作引号，它们会成为内容的一部分，在网站上显示出来。"
        "请删掉这对引号，写成 第二工作室（不需要引号）；值里有“: ”或“#”时，改用英文引号，"
        f'写成 "第二工作室"。如果原文本来就带着这对引号，请写成 "{opening}第二工作室{closing}"。'
        " [curly-quotes]"
    ]


@pytest.mark.parametrize(
    "name",
    [
        '"“五比一创”"',  # quoted on purpose: the name is the quoted phrase
        "“五比一创”劳动竞赛",  # a quotation inside the value
        "“五比一创”与“双爱双评”",  # two quotations
        "天津“五比一创”",
        "“未闭合的引号",
    ],
)
def test_chinese_quotes_inside_a_value_are_kept(write_tree: WriteTree, name: str) -> None:
    content = spoil("name: 第二工作室", f"name: {name}")
    assert problems(write_tree({"data/studios.yaml": content})) == []


# --- fields swallowed by a block of text --------------------------------------------------

NOTES_INDENTED_TOO_FAR = """\
studios:
  - id: steel-studio
    name: 天津钢管公司劳模创新工作室
    description: {indicator}
      工作室成立于2012年。
      notes: |-
        成立年份是据上下文推断的。
    sources:
      - source: test-source
"""


@pytest.mark.parametrize("indicator", ["|", "|-", "|+", ">", ">-", "|2-", ">+"])
def test_a_field_indented_into_a_block_of_text_is_an_error(
    write_tree: WriteTree, indicator: str
) -> None:
    content = NOTES_INDENTED_TOO_FAR.format(indicator=indicator)
    assert problems(write_tree({"data/studios.yaml": content})) == [
        "data/studios.yaml:6:7: studios[0].description: 第6行的“notes:”缩进得比“description:”深，"
        "被当成了“description”这段文字的一部分，会和这段文字一起发布，而不是作为字段“notes”读入。"
        "如果它是字段，请把这一行和它下面的内容往左移，与“description:”对齐；"
        "如果它确实是正文，请把这一行的英文冒号改成中文冒号“：”。 [field-in-text]"
    ]


def test_a_field_written_as_its_chinese_title_inside_text_is_an_error(
    write_tree: WriteTree,
) -> None:
    content = NOTES_INDENTED_TOO_FAR.format(indicator="|-").replace("notes: |-", "来源:")
    (found,) = problems(write_tree({"data/studios.yaml": content}))
    assert "第6行的“来源:”缩进得比“description:”深" in found
    assert "而不是作为字段“来源（即 sources）”读入" in found


def test_a_field_of_the_part_the_text_is_in_is_an_error(write_tree: WriteTree) -> None:
    content = """\
    studios:
      - id: steel-studio
        name: 天津钢管公司劳模创新工作室
        sources:
          - source: test-source
            quote: |-
              天津钢管公司的劳模创新工作室成立一年间
              locator: 第3段
    """
    found = problems(write_tree({"data/studios.yaml": content}))
    # The quotation, now with a line too many, is no longer in the source either.
    assert [line.rsplit(" ", 1)[-1] for line in found] == [
        "[quote-not-in-source]",
        "[field-in-text]",
    ]
    assert found[1].startswith(
        "data/studios.yaml:8:11: studios[0].sources[0].quote: 第8行的“locator:”缩进得比“quote:”深"
    ), found


@pytest.mark.parametrize(
    "line",
    [
        "会上宣布：成立工作室。",  # a Chinese colon is prose
        "时间: 2013年",  # a word that is no field of a studio
        "http://example.org/notes",  # no space after the colon
        "注意 notes: 不在行首",  # the field name is not where a key would be
    ],
)
def test_prose_inside_a_block_of_text_is_left_alone(write_tree: WriteTree, line: str) -> None:
    content = NOTES_INDENTED_TOO_FAR.format(indicator="|-").replace(
        "      notes: |-\n        成立年份是据上下文推断的。\n", f"      {line}\n"
    )
    assert problems(write_tree({"data/studios.yaml": content})) == []


@pytest.mark.parametrize(
    ("content", "code"),
    [
        # a block that is no record's: the list itself, a list of unknown name, an unknown part
        ("studios: |-\n  text\n  notes: x\n", "not-a-list"),
        ("studio:\n  - id: s-1\n    description: |-\n      notes: x\n", "unknown-list"),
        (
            "studios:\n  - id: s-1\n    name: 工作室\n    achievments:\n      other: |-\n"
            "        notes: x\n    sources: [{source: test-source}]\n",
            "unknown-field",
        ),
    ],
)
def test_a_block_outside_any_known_record_is_left_to_the_other_checks(
    write_tree: WriteTree, content: str, code: str
) -> None:
    found = problems(write_tree({"data/studios.yaml": content}))
    assert [line.rsplit(" ", 1)[-1] for line in found] == [f"[{code}]"]


# --- a file cut short -------------------------------------------------------------------

CUT_AT = "  - id: second-studio\n    name: 第二工作室\n"


def warnings_of(root: Path) -> list[str]:
    return [str(w) for w in validate([root / "data"], root).warnings]


def test_a_file_that_ends_inside_its_last_record_is_warned_about(write_tree: WriteTree) -> None:
    content = TWO_STUDIOS[: TWO_STUDIOS.index(CUT_AT) + len(CUT_AT)]
    root = write_tree({"data/studios.yaml": content})
    assert problems(root) == [
        "data/studios.yaml:6:5: studios[1]: 缺少必填字段“sources”（来源）。请补上。 [missing-field]"
    ]
    assert warnings_of(root) == [
        "data/studios.yaml:7:1: studios[1]: 文件在最后一条记录（第6行起）的中间结束："
        "它缺少“sources”（来源）。如果文件在粘贴或编辑时被截断，这条记录后面的记录也一起丢了："
        "请和原来的版本核对（`showcase diff` 会列出被删除的记录）。 [cut-short]"
    ]


def test_a_file_cut_inside_a_value_without_a_line_break_is_warned_about(
    write_tree: WriteTree,
) -> None:
    # The record is complete and valid; only the missing line break shows the cut.
    content = TWO_STUDIOS.replace('district: "南开区"', "district: 南开").rstrip("\n")
    content = content[: content.index("district: 南开") + len("district: 南开")]
    content = content + "\n    sources: [{source: test-source}]\n    description: 工作室成立于"
    root = write_tree({"data/studios.yaml": content})
    assert problems(root) == []
    assert warnings_of(root) == [
        "data/studios.yaml:11:1: studios[1]: 文件的最后一行没有换行符，可能是写到一半被截断了。"
        "请核对最后一条记录（第6行起）的最后一个值是否完整，以及后面是否还有记录丢失；"
        "核对无误后，在文件末尾加一个换行。 [cut-short]"
    ]


@pytest.mark.parametrize(
    "content",
    [
        TWO_STUDIOS,
        # a record in the middle that lacks a field is an error, not a sign of a cut
        TWO_STUDIOS.replace(
            "    sources:\n      - source: test-source\n  - id: second", "  - id: second"
        ),
        # a list the file ends with, empty: nothing was cut inside a record
        TWO_STUDIOS + "awards:\n",
    ],
)
def test_a_whole_file_is_not_warned_about(write_tree: WriteTree, content: str) -> None:
    assert warnings_of(write_tree({"data/studios.yaml": content})) == []


def test_validate_prints_the_warning_and_still_passes(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = write_tree({"data/studios.yaml": TWO_STUDIOS.rstrip("\n")})
    assert main(["validate", "--root", str(root)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("data/studios.yaml:11:1: studios[1]: 文件的最后一行没有换行符")
    assert lines[0].endswith("[cut-short]（这是警告，不影响检查结果，但请核对）")
    assert lines[1].startswith(
        "::warning file=data/studios.yaml,line=11,col=1,title=文件：cut-short::studios[1]: "
    )
    assert lines[2] == "数据检查通过：2 个文件，3 条记录。另有 1 个警告，请核对。"
