"""Privacy: mobile and identity numbers however written, in data and pages, never echoed.

The positive table holds the ways people write a number (as typed on a phone, pasted from a
web page or a Word file, read aloud into an input method); every one must be caught. The
negative table holds ordinary numbers of union records that must not be.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from showcase.cli import main
from showcase.editing.diff import diff_revisions, render_markdown, render_text
from showcase.records.diagnostics import Diagnostic, safe_text
from showcase.records.numbers import (
    find_personal_numbers,
    mask_personal_numbers,
    texts_with_numbers,
)
from showcase.records.privacy import is_identity_number
from tests.conftest import WriteTree, build_into, git
from tests.images import small_jpeg
from tests.test_loader import problems

MOBILE = "13812345678"
MOBILE_MASKED = "138****5678"
# Made-up identity numbers with a valid check digit (GB 11643).
IDENTITY = "11010519491231002X"
IDENTITY_MASKED = "1101**********002X"
IDENTITY_2 = "320582199001011236"
LEGACY_IDENTITY = "110105491231002"  # 15 digits: region, 491231, sequence

M, ID = "手机号码", "身份证号码"

# (how it is written, kind, masked)
POSITIVE = [
    ("13812345678", M, MOBILE_MASKED),
    ("电话13812345678。", M, MOBILE_MASKED),
    ("138 1234 5678", M, MOBILE_MASKED),
    ("138-1234-5678", M, MOBILE_MASKED),
    ("138.1234.5678", M, MOBILE_MASKED),
    ("138/1234/5678", M, MOBILE_MASKED),
    ("1381234 5678", M, MOBILE_MASKED),
    ("138 123 45678", M, MOBILE_MASKED),
    ("138 - 1234 - 5678", M, MOBILE_MASKED),
    ("+86 13812345678", M, MOBILE_MASKED),
    ("+86-138-1234-5678", M, MOBILE_MASKED),
    ("+8613812345678", M, MOBILE_MASKED),
    ("0086 138 1234 5678", M, MOBILE_MASKED),
    ("008613812345678", M, MOBILE_MASKED),
    ("(+86) 138 1234 5678", M, MOBILE_MASKED),
    ("（+86）13812345678", M, MOBILE_MASKED),
    ("＋８６ １３８１２３４５６７８", M, MOBILE_MASKED),
    ("86-13812345678", M, MOBILE_MASKED),
    ("１３８１２３４５６７８", M, MOBILE_MASKED),
    ("１３８　１２３４　５６７８", M, MOBILE_MASKED),  # full-width digits and spaces
    ("138\u00a01234\u00a05678", M, MOBILE_MASKED),  # no-break space
    ("138\u202f1234\u202f5678", M, MOBILE_MASKED),  # narrow no-break space
    ("138\u20091234\u20095678", M, MOBILE_MASKED),  # thin space
    ("138\u30001234\u30005678", M, MOBILE_MASKED),  # ideographic space
    ("138\t1234\t5678", M, MOBILE_MASKED),
    ("138\u20101234\u20105678", M, MOBILE_MASKED),  # ‐ hyphen
    ("138\u20111234\u20115678", M, MOBILE_MASKED),  # ‑ non-breaking hyphen
    ("138\u20121234\u20125678", M, MOBILE_MASKED),  # ‒ figure dash
    ("138–1234–5678", M, MOBILE_MASKED),  # en dash
    ("138—1234—5678", M, MOBILE_MASKED),  # em dash
    ("138―1234―5678", M, MOBILE_MASKED),  # horizontal bar
    ("138－1234－5678", M, MOBILE_MASKED),  # full-width hyphen-minus
    ("138ー1234ー5678", M, MOBILE_MASKED),  # katakana prolonged sound mark
    ("138−1234−5678", M, MOBILE_MASKED),  # minus sign
    ("138～1234～5678", M, MOBILE_MASKED),
    ("138／1234／5678", M, MOBILE_MASKED),
    ("138．1234．5678", M, MOBILE_MASKED),
    ("138·1234·5678", M, MOBILE_MASKED),
    ("138\n1234\n5678", M, MOBILE_MASKED),
    ("138\r\n1234\r\n5678", M, MOBILE_MASKED),
    ("138\n      1234 5678", M, MOBILE_MASKED),  # a line break with indentation
    ("138\u20281234\u20295678", M, MOBILE_MASKED),
    ("138\u200b1234\u200b5678", M, MOBILE_MASKED),  # zero-width space
    ("138\u00ad1234\u00ad5678", M, MOBILE_MASKED),  # soft hyphen
    ("138\x1b1234\x1b5678", M, MOBILE_MASKED),  # a control character
    ("一三八一二三四五六七八", M, MOBILE_MASKED),
    ("幺三八幺二三四五六七八", M, MOBILE_MASKED),
    ("一三八 一二三四 五六七八", M, MOBILE_MASKED),
    ("幺三八〇〇幺三八〇〇〇", M, "138****8000"),
    ("一三八零零一三八零零零", M, "138****8000"),
    ("幺38 1234 5678", M, MOBILE_MASKED),  # numerals and digits mixed
    ("壹叁捌壹贰叁肆伍陆柒捌", M, MOBILE_MASKED),  # capitals
    ("①③⑧①②③④⑤⑥⑦⑧", M, MOBILE_MASKED),
    ("联系电话：138-1234-5678（王）", M, MOBILE_MASKED),
    ("19912345678", M, "199****5678"),
    ("14712345678", M, "147****5678"),
    (IDENTITY, ID, IDENTITY_MASKED),
    ("11010519491231002x", ID, IDENTITY_MASKED),
    ("身份证号110105 19491231 002X。", ID, IDENTITY_MASKED),
    ("110105-1949-1231-002X", ID, IDENTITY_MASKED),
    ("１１０１０５１９４９１２３１００２Ｘ", ID, IDENTITY_MASKED),
    ("110105194912\n31002X", ID, IDENTITY_MASKED),
    (IDENTITY_2, ID, "3205**********1236"),
    (LEGACY_IDENTITY, ID, "1101*******1002"),
    ("110105 491231 002", ID, "1101*******1002"),
]

NEGATIVE = [
    "2013年5月1日",
    "2013-05-01",
    "20130501",
    "2013.05.01",
    "2013/5/1",
    "二〇一三年五月一日",
    "3000多万元",
    "582.8万人次",
    "1,234,567元",
    "签订工资集体协议企业达41047家，覆盖职工145.8万人",
    "2011-2015年",
    "2011—2015",
    "2011 2012 2013 2014",
    "ZL 2012 1 0123456.7",
    "ZL201210123456.7",
    "专利号 201310123456.7",
    "022-23456789",
    "(022) 2345 6789",
    "（022）23456789",
    "02223456789",
    "010-12345678",
    "+86 22 2345 6789",
    "400-123-4567",
    "800 810 8888",
    "400 6123 456",
    "91120000103063931X",  # 统一社会信用代码
    "12120000401359321Q",
    "51120000500000000X",
    "ISBN 978-7-5086-1234-5",
    "ISBN 7-5086-1234-X",
    "300000",
    "邮编 300201",
    "110105194912310021",  # an identity number with a wrong check digit
    "320582199001011237",
    "12345678901",  # 11 digits, but no mobile prefix
    "123138123456780",  # a mobile number's digits inside a longer number
    "第13812345678901号",
    "8613812345678901",
    "一二三四五六七八九十",
    "三三两两，一五一十，七七八八，九九八十一",
    "13:45",
]


@pytest.mark.parametrize(("text", "kind", "masked"), POSITIVE)
def test_every_way_of_writing_a_number_is_caught(text: str, kind: str, masked: str) -> None:
    found = find_personal_numbers(text)
    assert [(number.kind, number.masked) for number in found] == [(kind, masked)]
    (number,) = found
    # The finding covers the number, separators included, and nothing of the words around.
    assert digits_of(text[number.start : number.end]) == digits_of(text)
    assert masked in mask_personal_numbers(text)


def test_the_positive_table_is_large() -> None:
    assert len(POSITIVE) >= 45
    assert len(NEGATIVE) >= 30


@pytest.mark.parametrize("text", NEGATIVE)
def test_ordinary_numbers_are_not_personal_numbers(text: str) -> None:
    assert find_personal_numbers(text) == []
    assert mask_personal_numbers(text) == text


def test_one_search_over_many_texts_finds_every_text_with_a_number() -> None:
    # Joined for one search, no number may run from one text into the next, nor be lost.
    texts = [text for text, _, _ in POSITIVE] + NEGATIVE + ["1381234|5678", "|", "", "X"]
    split = ["13812", "345678"]  # a number only if the two ran together
    with_numbers = {index for index, text in enumerate(texts) if find_personal_numbers(text)}
    found = texts_with_numbers(texts + split)
    assert len(with_numbers) == len(POSITIVE)
    assert with_numbers <= set(found)  # and texts with long chains of digits, read closely
    assert found == sorted(found)
    assert texts.index("1381234|5678") not in found
    assert len(texts) not in found and len(texts) + 1 not in found


def test_two_numbers_side_by_side_are_two() -> None:
    text = "13812345678 / 13912345678、１３７１２３４５６７８"
    assert [n.masked for n in find_personal_numbers(text)] == [
        MOBILE_MASKED,
        "139****5678",
        "137****5678",
    ]


def test_identity_number_checksum() -> None:
    assert is_identity_number(IDENTITY)
    assert not is_identity_number("110105194912310021")
    assert not is_identity_number("11010519491231002")


def digits_of(text: str) -> str:
    return "".join(char for char in text if char.isdigit() or char in "一二三四五六七八九〇零幺")


# --- in data files and pages, at the place of the number -----------------------------------

PERSON = """\
people:
  - id: li-gang
    name: 李刚
    sources: [{source: test-source}]
"""


def test_numbers_are_found_at_their_place_in_every_kind_of_value(write_tree: WriteTree) -> None:
    content = PERSON + (
        "    description: |\n"
        "      事迹介绍。\n"
        f"      身份证 {IDENTITY}\n"
        "    position: 班长（手机 139 0000 1234）\n"
        "    notes: >\n"
        "      联系 138\n"
        "      1234 5678\n"
        '    photos: [{file: a.jpg, caption: "电话\\uff11\\uff13\\uff18 1234 5678", alt: x,'
        " shows_identifiable_people: false}]\n"
    )
    found = problems(write_tree({"data/people.yaml": content, "content/a.jpg": small_jpeg()}))
    assert [line.split("（")[0] for line in found] == [
        "data/people.yaml:7:11: people[0].description: 疑似身份证号码",
        "data/people.yaml:8:21: people[0].position: 疑似手机号码",
        "data/people.yaml:10:10: people[0].notes: 疑似手机号码",
        # Written as escapes: the message points into the escape of the first digit.
        "data/people.yaml:12:44: people[0].photos[0].caption: 疑似手机号码",
    ]
    assert IDENTITY not in "".join(found)


def test_a_number_as_a_field_name_is_found(write_tree: WriteTree) -> None:
    found = problems(write_tree({"data/people.yaml": PERSON + f"    {MOBILE}: 王\n"}))
    assert [line.split(" ")[0:2] for line in found] == [
        ["data/people.yaml:5:5:", f"people[0].{MOBILE_MASKED}:"],
        ["data/people.yaml:5:5:", f"people[0].{MOBILE_MASKED}:"],
    ]
    assert {line.rsplit(" ", 1)[-1] for line in found} == {"[personal-number]", "[unknown-field]"}
    assert MOBILE not in "".join(found)


def test_hand_written_pages_are_checked(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/people.yaml": PERSON,
            "content/index.md": "# 首页\n\n欢迎。联系 138 1234\n5678 或\n\n> 身份证 １１０１０５１９４９１２３１００２Ｘ\n",
            "content/about/team.markdown": "日期 2013-05-01，金额 3000多万元。\n",
            "content/notes.txt": f"{MOBILE}\n",  # not a page
        }
    )
    assert problems(root) == [
        "content/index.md:3:7: 疑似手机号码（138****5678）。公开数据不得包含联系方式或证件号码，请删除。"
        "如果这是别的编号（如专利号），请在数字中间加上说明文字或改写。 [personal-number]",
        "content/index.md:6:7: 疑似身份证号码（1101**********002X）。公开数据不得包含联系方式或证件号码，"
        "请删除。如果这是别的编号（如专利号），请在数字中间加上说明文字或改写。 [personal-number]",
    ]


def test_a_page_with_a_number_fails_the_build(
    write_tree: WriteTree, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_tree(
        {
            "mkdocs.yml": "site_name: 测试\ndocs_dir: content\nplugins:\n  - showcase/records\n",
            "data/people.yaml": PERSON,
            "content/index.md": f"# 首页\n\n电话 {MOBILE}\n",
        }
    )
    with pytest.raises(Abort):
        build_into(root / "mkdocs.yml", tmp_path / "site")
    assert "content/index.md:3:4: 疑似手机号码（138****5678）" in caplog.text
    assert MOBILE not in caplog.text
    caplog.clear()


# --- no message echoes a number ------------------------------------------------------------

ECHOING = f"""\
sources:
  - id: test-source
    title: 测试来源
    published: "{MOBILE}"
people:
  - id: li-gang
    name: 李刚
    organization: org-{MOBILE}
    {MOBILE}x: 1
    sources: [{{source: test-source}}]
organizations:
  - id: tj-steel
    name: 天津钢管公司
    level: 市级{MOBILE}
    sources: [{{source: test-source}}]
  - id: tj-pipe
    name: 天津钢管
    photos:
      - file: photos/{MOBILE}.jpg
        caption: 照片
        alt: 照片
        shows_identifiable_people: false
    sources: [{{source: test-source}}]
"""


def test_no_message_echoes_a_number(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({"data/records.yaml": ECHOING}, with_source=False)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["validate", str(root / "data"), "--root", str(root)]) == 1
    output = capsys.readouterr().out
    codes = {line.rsplit("[", 1)[-1] for line in output.splitlines() if line.endswith("]")}
    # The number sits in a bad date, a bad enum value, an unknown reference, an unknown
    # field's name and a missing photo's path; every message about them masks it.
    assert {
        "invalid-value]",
        "not-allowed]",
        "unknown-reference]",
        "unknown-field]",
        "missing-file]",
    } <= codes
    assert MOBILE not in output
    assert output.count(MOBILE_MASKED) >= 10
    assert output.count("::error ") >= 5


def test_the_diff_never_shows_a_number(repo_with_people: Path) -> None:
    records = repo_with_people / "data/people.yaml"
    records.write_text(
        PERSON.replace("李刚", f"李刚{MOBILE}")
        + f"    description: 联系 {MOBILE[:3]}\n      {MOBILE[3:]}\n"
        + f"    position: 电话 {'x' * 110}{MOBILE}\n"
        + f"  - id: p-{MOBILE}\n    name: 王\n"
        "    sources: [{source: test-source}]\n",
        encoding="utf-8",
    )
    diff = diff_revisions(repo_with_people, "HEAD")
    assert diff.added and diff.changed and diff.introduced
    for report, masked in (
        (render_text(diff), MOBILE_MASKED),
        (render_markdown(diff), MOBILE_MASKED.replace("*", "\\*")),
    ):
        assert MOBILE not in report
        assert MOBILE[3:] not in report
        assert MOBILE[:7] not in report  # a long value is masked before it is cut
        assert report.count(masked) >= 4


@pytest.fixture
def repo_with_people(write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose one commit holds PERSON."""
    return people_repository(write_tree, monkeypatch)


def people_repository(write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository whose one commit holds PERSON."""
    root = write_tree({"data/people.yaml": PERSON})
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(root.parent))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    return root


def test_every_message_is_masked_where_it_is_made() -> None:
    made = Diagnostic(f"data/{MOBILE}.yaml", 1, 1, f"people[0].{MOBILE}", f"值“{MOBILE}”不对。")
    assert MOBILE not in str(made) + made.github_annotation()
    assert safe_text(f"电话 {MOBILE}") == f"电话 {MOBILE_MASKED}"


def test_the_diff_compares_the_pages_too(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree({"content/index.md": f"电话 {MOBILE}\n", "content/photo.jpg": b"\xff"})
    root = people_repository(write_tree, monkeypatch)
    assert diff_revisions(root, "HEAD").introduced == ()  # there before, not introduced
    (root / "content/about.md").write_text(f"身份证 {IDENTITY}\n", encoding="utf-8")
    (introduced,) = diff_revisions(root, "HEAD").introduced
    assert (introduced.path, introduced.line, introduced.column) == ("content/about.md", 1, 5)
    assert IDENTITY not in str(introduced)


def test_a_linked_page_is_not_read(
    write_tree: WriteTree, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Whether a file elsewhere on the machine holds a number must not leak through a message.
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text(f"{MOBILE}\n", encoding="utf-8")
    root = write_tree({"data/people.yaml": PERSON, "content/index.md": f"{MOBILE}\n"})
    (root / "content/link.md").symlink_to(outside)
    assert [line.split(":")[0] for line in problems(root)] == ["content/index.md"]


def test_a_page_linked_in_from_inside_the_repository_is_read(write_tree: WriteTree) -> None:
    # MkDocs publishes what a link inside the repository brings in: page and folder alike.
    root = write_tree(
        {
            "data/people.yaml": PERSON,
            "content/index.md": "# 首页\n",
            "drafts/page.md": f"电话 {MOBILE}\n",
            "notes/more.md": f"{MOBILE}\n",
        }
    )
    (root / "content/page.md").symlink_to(root / "drafts/page.md")
    (root / "content/notes").symlink_to(root / "notes")
    (root / "content/loop").symlink_to(root / "content")
    assert [line.split(" ")[0] for line in problems(root)] == [
        "content/notes/more.md:1:1:",
        "content/page.md:1:4:",
    ]


def test_numbers_in_file_names_are_found(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            f"data/李刚{MOBILE}.yaml": PERSON,
            f"content/{MOBILE[:3]} {MOBILE[3:7]} {MOBILE[7:]}.md": "# 页面\n",
            f"content/photos/{IDENTITY}/a.jpg": b"\xff\xd8",
            "content/photos/2013-05-01.jpg": b"\xff\xd8",
        }
    )
    found = problems(root)
    assert [line.split(" ")[0] for line in found] == [
        "content/138****5678.md:1:1:",
        f"content/photos/{IDENTITY_MASKED}:1:1:",  # a folder's name is published too
        f"content/photos/{IDENTITY_MASKED}/a.jpg:1:1:",
        "data/李刚138****5678.yaml:1:1:",
    ]
    assert found[0].endswith(
        " 文件名含有疑似手机号码（138****5678）。文件名会随仓库和网站公开，"
        "请给文件改一个不含号码的名字。 [personal-number]"
    )
    assert MOBILE not in "".join(found)
