"""Messages are one line each and short: data cannot forge CI commands or flood a log.

A value, a field name or a file name with a line break would otherwise put
``::error file=README.md,line=1::…`` at the start of a line of `showcase validate` under
GitHub Actions, where the runner reads it as a command; ESC would colour the terminal and
U+202E would reorder what a reviewer reads. All of them are shown escaped, wherever data
is printed, and one-line fields refuse them outright.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest

from showcase.cli import main
from showcase.editing.diff import diff_revisions, render_markdown, render_text
from showcase.mkdocs_plugins.commands import _ChineseLevels
from showcase.records.diagnostics import (
    MESSAGE_LIMIT,
    RUN_LIMIT,
    VALUE_LIMIT,
    Diagnostic,
    disarm_commands,
    escape_controls,
    safe_text,
)
from showcase.site.markers import MarkerError
from tests.conftest import WriteTree
from tests.test_loader import problems
from tests.test_markers import base_records, build_catalog, expand
from tests.test_privacy import PERSON, people_repository

FORGED = "\n::error file=README.md,line=1::伪造的错误\n"
HOSTILE_CHARACTERS = [
    "\n",
    "\r",
    "\x1b",
    "\x07",
    "\x00",
    "\x7f",
    "\x85",
    "\x9b",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
]


def forged_lines(output: str) -> list[str]:
    """Lines that GitHub's runner would read as a command we did not write."""
    return [
        line
        for line in re.split(r"\r\n|\r|\n|\u2028|\u2029|\x85", output)
        if (line.lstrip().startswith("::") and not line.startswith("::error file=data/"))
        or "##[" in line
    ]


def test_a_forged_command_in_a_value_stays_inside_its_line(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    value = FORGED.replace("\n", "\\n") + "\\e[31m红\\u202e字\\u2028##[error]旧式"
    content = PERSON.replace(
        "    name: 李刚\n", f'    name: 李刚\n    position: [1]\n    level: "{value}"\n'
    )
    root = write_tree({"data/people.yaml": content})
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["validate", str(root / "data"), "--root", str(root)]) == 1
    output = capsys.readouterr().out
    assert forged_lines(output) == []
    assert not any(char in output for char in HOSTILE_CHARACTERS if char != "\n")
    assert "未知字段“level”" in output
    # Three messages (a list, the bidi override, the unknown field), their annotations and
    # the summary: one line each.
    assert output.count("\n") == 7


def test_every_hostile_character_is_shown_escaped() -> None:
    for char in HOSTILE_CHARACTERS:
        shown = safe_text(f"值“a{char}b”")
        assert char not in shown
        assert re.fullmatch(r"值“a\\(n|r|x[0-9a-f]{2}|u[0-9a-f]{4})b”", shown), shown
    assert escape_controls("\n\r\t\x1b\u2028\u202e") == "\\n\\r\\t\\x1b\\u2028\\u202e"


def test_a_file_name_cannot_start_a_command(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({f"data/{FORGED.strip()}\x1b.yaml": "people: 1\n"})
    (root / "data" / "::error x.yaml").write_text("people: 1\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["validate", str(root / "data"), "--root", str(root)]) == 1
    output = capsys.readouterr().out
    assert forged_lines(output) == []
    assert "data/::error file=README.md,line=1::伪造的错误\\x1b.yaml:1:9: people:" in output
    # A data file at the root of the repository, named as a command: its place starts the line.
    assert disarm_commands("::error x.yaml:1:1: …") == "\\x3a:error x.yaml:1:1: …"
    assert disarm_commands("  ::warning") == "  \\x3a:warning"
    assert disarm_commands("正文 ##[error]x") == "正文 #\\x23[error]x"


def test_github_annotations_escape_per_the_workflow_command_spec() -> None:
    made = Diagnostic("data/a,b:c%.yaml", 3, 5, "people[0].name", "100%“x\ny”\r完")
    assert made.github_annotation() == (
        "::error file=data/a%2Cb%3Ac%25.yaml,line=3,col=5,title=字段::"
        "people[0].name: 100%25“x\\ny”\\r完"
    )


def test_one_line_fields_refuse_control_characters(write_tree: WriteTree) -> None:
    content = PERSON.replace(
        "    name: 李刚\n",
        '    name: "李\\e[31m刚"\n    position: "班长\\u2028组长"\n'
        '    photos:\n      - {file: "a\\u202ejpg.png", caption: "图\\x07", alt: 图,'
        " shows_identifiable_people: false}\n",
    )
    found = problems(write_tree({"data/people.yaml": content}))
    control = (
        "这里只能写一行普通文字。它多半是从终端、网页或其他软件复制带来的，请删掉这个值重新输入。"
    )
    assert found == [
        f"data/people.yaml:3:11: people[0].name: 含有控制字符 U+001B，{control} [invalid-value]",
        "data/people.yaml:4:15: people[0].position: 这里只能写一行。较长的说明请写在 description（简介）里。 [invalid-value]",
        f"data/people.yaml:6:16: people[0].photos[0].file: 含有控制字符 U+202E，{control} [invalid-value]",
        "data/people.yaml:6:16: people[0].photos[0].file: 含有看不见的字符 U+202E（RIGHT-TO-LEFT OVERRIDE），"
        "多半是从网页或 Word 复制带来的。请删掉这个值重新输入。 [invisible-character]",
        f"data/people.yaml:6:43: people[0].photos[0].caption: 含有控制字符 U+0007，{control} [invalid-value]",
    ]


def test_every_one_line_kind_of_field_refuses_control_characters(write_tree: WriteTree) -> None:
    sources = (
        "sources:\n  - id: test-source\n    title: 测试来源\n"
        '    url: "https://example.org/\\e[31m"\n    full_text: "data/sources/\\x07.txt"\n'
    )
    studio = (
        "studios:\n  - id: steel-studio\n    name: 工作室\n"
        '    achievements: {patents_granted: "30余项\\e"}\n    sources: [{source: test-source}]\n'
    )
    found = problems(
        write_tree({"data/sources.yaml": sources, "data/studios.yaml": studio}, with_source=False)
    )
    assert [line.split(": ")[1:3] for line in found] == [
        [
            "sources[0].url",
            "含有控制字符 U+001B，这里只能写一行普通文字。它多半是从终端、网页或其他软件复制带来的，请删掉这个值重新输入。 [invalid-value]",
        ],
        [
            "sources[0].full_text",
            "含有控制字符 U+0007，这里只能写一行普通文字。它多半是从终端、网页或其他软件复制带来的，请删掉这个值重新输入。 [invalid-value]",
        ],
        [
            "studios[0].achievements.patents_granted",
            "含有控制字符 U+001B，这里只能写一行普通文字。它多半是从终端、网页或其他软件复制带来的，请删掉这个值重新输入。 [invalid-value]",
        ],
    ]


def test_marker_errors_of_a_page_are_one_line_each_and_masked() -> None:
    catalog = build_catalog(base_records())
    with pytest.raises(MarkerError) as caught:
        expand("{{showcase link p-13812345678}}\n{{showcase link a\x1bb}}\n", catalog)
    lines = caught.value.at("content/about.md").split("\n")
    assert len(lines) == len(caught.value.problems) >= 2
    assert "13812345678" not in "".join(lines)
    assert "\x1b" not in "".join(lines)
    assert "“p-138****5678”" in lines[0]


def test_a_message_never_floods_the_log() -> None:
    assert len(safe_text("长，" * 100_000)) == MESSAGE_LIMIT + 1
    assert safe_text("长" * 100_000) == "长" * RUN_LIMIT + "…"


def test_the_build_log_escapes_each_line() -> None:
    record = logging.LogRecord(
        "mkdocs.plugins", logging.WARNING, __file__, 1, f"页面 x{FORGED}\x1b[2J", None, None
    )
    shown = _ChineseLevels().format(record)
    assert shown.split("\n") == [
        "警告：页面 x",
        "\\x3a:error file=README.md,line=1::伪造的错误",
        "\\x1b[2J",
    ]
    assert forged_lines(shown) == []


def test_the_command_line_escapes_what_it_was_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / f"x{FORGED}")]) == 2
    with pytest.raises(SystemExit):
        main(["new", f"stuido{FORGED}"])
    with pytest.raises(SystemExit):
        main(["build", "--config", str(tmp_path / f"m{FORGED}.yml"), "--bogus"])
    assert main(["build", "--config", str(tmp_path / f"m{FORGED}.yml")]) == 2
    captured = capsys.readouterr()
    assert forged_lines(captured.out + captured.err) == []
    assert "\\n::error file=README.md" in captured.err


def test_the_diff_shows_data_on_one_line_and_never_as_a_command(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    repository = people_repository(write_tree, monkeypatch)
    records = repository / "data/people.yaml"
    records.write_text(
        PERSON.replace("李刚", "李刚\\u2028::error file=README.md::x")
        .replace("name:", "name: ", 1)
        .replace("name:  李刚", 'name:  "李刚')
        .replace("::x\n", '::x"\n')
        + '    "\\n::error file=README.md::伪造": 1\n'
        + '    "::error file=README.md::直接": 1\n'
        + '    description: "\\e[31m红色\\r::error::回车\\n##[error]旧式"\n',
        encoding="utf-8",
    )
    diff = diff_revisions(repository, "HEAD")
    assert diff.changed and diff.introduced
    for report in (render_text(diff), render_markdown(diff)):
        assert forged_lines(report) == []
        assert not any(char in report for char in HOSTILE_CHARACTERS if char != "\n")


# --- long values stay short ---------------------------------------------------------------


def test_a_five_megabyte_id_is_named_by_its_beginning(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "a" * (5 * 2**20)
    long_key = "k" * 1000  # YAML allows no longer key without a "?"
    content = PERSON.replace("id: li-gang", f"id: {huge}").replace(
        "    name: 李刚\n", f"    name: 李刚\n    organization: {huge}\n    {long_key}: 1\n"
    )
    root = write_tree({"data/people.yaml": content})
    assert main(["validate", str(root / "data"), "--root", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 4
    assert all(len(line) < 600 for line in lines), [len(line) for line in lines]
    assert f"organization: “{'a' * VALUE_LIMIT}…”是一条人物记录" in lines[1]
    field = f"people[0].{long_key}"[:RUN_LIMIT]
    assert f" {field}…: 未知字段“{'k' * VALUE_LIMIT}…”" in lines[2]


def test_long_quoted_values_are_cut_and_the_advice_is_kept() -> None:
    message = safe_text(f"编号“{'x' * 500}”的写法不对。请改正。")
    assert message == f"编号“{'x' * VALUE_LIMIT}…”的写法不对。请改正。"
    assert safe_text(message) == message  # cutting twice changes nothing
    path = "photos/" + "p" * 5000 + ".jpg"
    assert len(safe_text(f"找不到图片文件 content/{path}。请先放进去。")) < 260
