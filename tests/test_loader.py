"""The loader never loses data: hostile and careless files each get a precise error."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from showcase.records.schema import Studio
from showcase.records.validation import sorted_diagnostics, validate
from tests.conftest import WriteTree


def problems(root: Path) -> list[str]:
    """Every diagnostic of the tree at root, as printed."""
    return [str(d) for d in sorted_diagnostics(validate([root / "data"], root))]


def studios(root: Path) -> list[Studio]:
    """The studios that passed validation."""
    return validate([root / "data"], root).catalog.studios


GOOD_STUDIO = """\
studios:
  - id: steel-studio
    name: 天津钢管公司劳模创新工作室
    sources:
      - source: test-source
"""


def test_clean_tree_has_no_problems(write_tree: WriteTree) -> None:
    root = write_tree({"data/studios.yaml": GOOD_STUDIO})
    assert problems(root) == []
    assert [studio.name for studio in studios(root)] == ["天津钢管公司劳模创新工作室"]


def test_values_keep_what_the_editor_typed(write_tree: WriteTree) -> None:
    # YAML 1.1 would read these as False, 493, 1.1 and a date.
    root = write_tree(
        {
            "data/studios.yaml": """\
            studios:
              - id: no-studio
                name: NO
                district: 0755
                industry: 1.10
                founded: 2024-05-01
                description: yes
                sources: [{source: test-source}]
            """
        }
    )
    assert problems(root) == []
    (studio,) = studios(root)
    assert (studio.name, studio.district, studio.industry) == ("NO", "0755", "1.10")
    assert (studio.founded, studio.description) == ("2024-05-01", "yes")


def test_duplicate_keys_at_any_depth_name_both_lines(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios.yaml": """\
            studios:
              - id: steel-studio
                name: 甲
                achievements:
                  patents_granted: 30余项
                  patents_granted: 40多项
                name: 乙
                sources: [{source: test-source}]
            """
        }
    )
    assert problems(root) == [
        "data/studios.yaml:6:7: studios[0].achievements.patents_granted: 字段“patents_granted”写了两次：第 5 行和第 6 行。YAML 只会保留后一个，前一个会悄悄丢失。请删掉一个，或把两处内容合并。 [duplicate-key]",
        "data/studios.yaml:7:5: studios[0].name: 字段“name”写了两次：第 3 行和第 7 行。YAML 只会保留后一个，前一个会悄悄丢失。请删掉一个，或把两处内容合并。 [duplicate-key]",
    ]


def test_unknown_field_suggests_the_intended_key(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios.yaml": """\
            studios:
              - id: steel-studio
                name: 天津钢管公司劳模创新工作室
                leadr: li-gang
                领衔劳模: li-gang
                sources: [{source: test-source}]
            """
        }
    )
    found = problems(root)
    assert len(found) == 2
    assert found[0].startswith(
        "data/studios.yaml:4:5: studios[0].leadr: 未知字段“leadr”。是不是想写“leader”？"
    )
    assert found[1].startswith(
        "data/studios.yaml:5:5: studios[0].领衔劳模: 未知字段“领衔劳模”。字段名请用英文：“领衔劳模”应写作“leader”。"
    )


def test_unknown_list_name_suggests_the_intended_one(write_tree: WriteTree) -> None:
    root = write_tree({"data/studios.yaml": GOOD_STUDIO.replace("studios:", "studio:")})
    (found,) = problems(root)
    assert found.startswith(
        "data/studios.yaml:1:1: studio: 未知的列表名“studio”。是不是想写“studios”？"
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            b"\xef\xbb\xbf" + GOOD_STUDIO.encode(),
            "data/studios.yaml:1:1: 文件开头有 BOM",
            id="bom",
        ),
        pytest.param(
            GOOD_STUDIO.replace("\n", "\r\n").encode(),
            "data/studios.yaml:1:1: 文件使用了 Windows 换行符（CRLF），共 5 行。",
            id="crlf",
        ),
        pytest.param(
            GOOD_STUDIO.replace("    name:", "\tname:").encode(),
            "data/studios.yaml:3:1: 这一行用 Tab 键缩进。",
            id="tab",
        ),
        pytest.param(
            GOOD_STUDIO.replace("天津钢管公司劳模创新工作室", "天津钢管").encode("utf-8")
            + "  - id: gbk\n    name: 劳模\n".encode("gbk"),
            "data/studios.yaml:7:11: 文件不是 UTF-8 编码",
            id="gbk",
        ),
        pytest.param(b"", "data/studios.yaml:1:1: 文件是空的", id="empty"),
        pytest.param(
            b"# only a comment\n\n", "data/studios.yaml:1:1: 文件是空的", id="comments-only"
        ),
        pytest.param(
            b"- id: steel-studio\n",
            "data/studios.yaml:1:1: 文件最外层应是若干记录列表",
            id="top-level-list",
        ),
        pytest.param(
            b"just text\n", "data/studios.yaml:1:1: 文件最外层应是若干记录列表", id="top-level-text"
        ),
        pytest.param(
            b"studios:\n  id: steel-studio\n",
            "data/studios.yaml:2:3: studios: “studios”下面应是记录列表",
            id="mapping-instead-of-list",
        ),
        pytest.param(
            b"studios:\n  - steel-studio\n",
            "data/studios.yaml:2:5: studios[0]: 每条记录应是若干“字段: 值”",
            id="text-instead-of-record",
        ),
        pytest.param(
            GOOD_STUDIO.replace("    name: ", "    name：").encode(),
            "data/studios.yaml:3:9: 字段名“name”后面是中文冒号“：”。",
            id="fullwidth-colon",
        ),
        pytest.param(
            GOOD_STUDIO.replace("name: 天津", 'name: "天津').encode(),
            'data/studios.yaml:3:11: 第3行的引号没有闭合（双引号 "）',
            id="unclosed-quote",
        ),
        pytest.param(
            GOOD_STUDIO.replace("name: 天津", "name: 天津: 钢管").encode(),
            "data/studios.yaml:3:13: YAML 语法错误（mapping values are not allowed in this context）。一行里出现了第二个“: ”",
            id="second-colon",
        ),
        pytest.param(
            GOOD_STUDIO.replace("工作室", "工\u200b作室").encode(),
            "data/studios.yaml:3:11: studios[0].name: 含有看不见的字符 U+200B（ZERO WIDTH SPACE）",
            id="zero-width-space",
        ),
    ],
)
def test_file_level_problems(write_tree: WriteTree, content: bytes, expected: str) -> None:
    root = write_tree({"data/studios.yaml": content})
    found = problems(root)
    assert any(line.startswith(expected) for line in found), found


def test_bom_is_reported_and_the_rest_is_still_checked(write_tree: WriteTree) -> None:
    content = b"\xef\xbb\xbf" + GOOD_STUDIO.replace("name:", "nmae:").encode()
    found = problems(write_tree({"data/studios.yaml": content}))
    assert [line.split(" ")[0] for line in found] == [
        "data/studios.yaml:1:1:",
        "data/studios.yaml:2:5:",
        "data/studios.yaml:3:5:",
    ]
    assert "未知字段“nmae”。是不是想写“name”？" in found[2]
    assert "缺少必填字段“name”（名称）" in found[1]


def test_python_tags_are_refused_not_run(write_tree: WriteTree, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    content = GOOD_STUDIO.replace(
        "name: 天津钢管公司劳模创新工作室",
        f'name: !!python/object/apply:os.system ["touch {marker}"]',
    )
    found = problems(write_tree({"data/studios.yaml": content}))
    assert not marker.exists()
    assert found[0].startswith(
        "data/studios.yaml:3:11: studios[0].name: 不允许使用标签“tag:yaml.org,2002:python/object/apply:os.system”。"
    )


def test_anchors_and_merge_keys_are_refused(write_tree: WriteTree) -> None:
    # A few aliases nested like this expand to billions of nodes in a naive loader.
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8)
    )
    content = GOOD_STUDIO.replace("    sources:", "    <<: {district: 南开区}\n    sources:")
    found = problems(write_tree({"data/studios.yaml": content, "data/laughs.yaml": laughs}))
    assert any("laughs.yaml:2:" in line and "[yaml-alias]" in line for line in found)
    assert any(
        line.startswith("data/studios.yaml:4:5: studios[0]: 不支持“<<”合并写法") for line in found
    )


def test_every_error_is_reported_in_one_pass(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios.yaml": """\
            studios:
              - id: Steel Studio
                name: 甲
                level: 直辖市级
                sources: [{source: test-source}]
              - id: second
                founded: 2024-5-1
                sources: []
              - id: third
                name: 丙
                achievements:
                  patents_granted: 许多项
                sources: [{source: test-source}]
            """,
            "data/people.yaml": """\
            people:
              - id: li-gang
                name: 李刚
                sources: [{source: tset-source}]
            """,
        }
    )
    found = problems(root)
    assert [line.split(": ")[0:2] for line in found] == [
        ["data/people.yaml:4:24", "people[0].sources[0].source"],
        ["data/studios.yaml:2:9", "studios[0].id"],
        ["data/studios.yaml:4:12", "studios[0].level"],
        ["data/studios.yaml:6:5", "studios[1]"],
        ["data/studios.yaml:7:14", "studios[1].founded"],
        ["data/studios.yaml:8:14", "studios[1].sources"],
        ["data/studios.yaml:12:24", "studios[2].achievements.patents_granted"],
    ]
    assert "是不是想写“test-source”？" in found[0]
    assert "只能写：全国级、省级、市级、区县级、街道乡镇级、企业级" in found[2]
    assert "缺少必填字段“name”（名称）" in found[3]
    assert "请写成 2013、2013-06 或 2013-06-07" in found[4]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2023-02-30", "日期“2023-02-30”不存在"),
        ("13", "日期“13”的写法不对"),
        ("1850", "年份 1850 不在 1900 到 2100 之间"),
    ],
)
def test_dates_must_exist(write_tree: WriteTree, value: str, message: str) -> None:
    content = GOOD_STUDIO.replace("    sources:", f"    founded: {value}\n    sources:")
    (found,) = problems(write_tree({"data/studios.yaml": content}))
    assert found.startswith(f"data/studios.yaml:4:14: studios[0].founded: {message}")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ('"天津钢管\u3000"', "开头或结尾有多余的空格"),
        ('""', "不能为空"),
        ("[甲, 乙]", "应为一段文字，这里却是一个列表"),
    ],
)
def test_short_text_is_checked(write_tree: WriteTree, name: str, message: str) -> None:
    content = GOOD_STUDIO.replace("天津钢管公司劳模创新工作室", name)
    (found,) = problems(write_tree({"data/studios.yaml": content}))
    assert found.startswith(f"data/studios.yaml:3:11: studios[0].name: {message}")


def test_empty_value_of_a_required_field(write_tree: WriteTree) -> None:
    content = GOOD_STUDIO.replace(" 天津钢管公司劳模创新工作室", "")
    (found,) = problems(write_tree({"data/studios.yaml": content}))
    assert found.startswith("data/studios.yaml:3:10: studios[0].name: 不能为空。")


def test_yes_no_fields_accept_yaml_words_and_refuse_others(write_tree: WriteTree) -> None:
    photo = """\
    photos:
      - file: photos/a.jpg
        caption: 颁奖现场
        alt: 工会主席把奖牌交给医护人员
        shows_identifiable_people: {value}
    """
    content = GOOD_STUDIO + textwrap.indent(textwrap.dedent(photo), "    ")
    root = write_tree(
        {"data/studios.yaml": content.format(value="NO"), "content/photos/a.jpg": b"\xff\xd8"}
    )
    assert problems(root) == []
    (found,) = problems(write_tree({"data/studios.yaml": content.format(value="是")}))
    assert "“是”不是是/否值。请写 true（是）或 false（否）。" in found


def test_no_input_ever_raises(write_tree: WriteTree, tmp_path: Path) -> None:
    """Random damage to a valid file gives diagnostics, never a traceback."""
    original = (
        GOOD_STUDIO
        + """\
    achievements:
      patents_granted: 30余项
      economic_benefit: 3000多万元
    leader: li-gang
people:
  - id: li-gang
    name: 李刚
    sources: [{source: test-source, quote: 获得专利30余项}]
"""
    ).encode()
    alphabet = [b"", b" ", b"\t", b":", b"-", b"\n", b"'", b'"', b"[", b"{", b"&a", b"*a", b"!", b"\xff", b"\xe5", b"#", b"|", b">", b"%"]  # fmt: skip
    rng = random.Random(20131116)
    root = write_tree({})
    (root / "data/studios.yaml").write_bytes(original)
    assert problems(root) == []
    tried = reported = 0
    for _ in range(300):
        damaged = bytearray(original)
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(damaged))
            damaged[at : at + rng.randint(0, 3)] = rng.choice(alphabet)
        if damaged == original:
            continue
        (root / "data/studios.yaml").write_bytes(bytes(damaged))
        found = sorted_diagnostics(validate([root / "data"], root))
        tried += 1
        reported += bool(found)
        for diagnostic in found:
            assert diagnostic.line >= 1
            assert diagnostic.column >= 1
            assert any("\u4e00" <= char <= "\u9fff" for char in diagnostic.message)
    # Most damage is reported; some (a space added after a value, say) leaves valid data.
    assert tried >= 290
    assert reported >= tried * 0.9, (reported, tried)


def test_too_long_text_is_explained_in_chinese(write_tree: WriteTree) -> None:
    content = GOOD_STUDIO.replace("天津钢管公司劳模创新工作室", "工" * 301)
    (found,) = problems(write_tree({"data/studios.yaml": content}))
    assert found.startswith("data/studios.yaml:3:11: studios[0].name: 太长了，最多 300 个字符。")
    assert found.endswith("[too-long]")


def test_deep_nesting_is_refused(write_tree: WriteTree) -> None:
    deep = "[" * 40 + "]" * 40
    content = GOOD_STUDIO.replace("    sources:", f"    district: {deep}\n    sources:")
    found = problems(write_tree({"data/studios.yaml": content}))
    assert any("嵌套超过 32 层" in line and "[too-deep]" in line for line in found), found


def test_an_oversized_file_is_refused_before_it_is_read(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("showcase.records.yamlsource.MAX_FILE_BYTES", 300)
    (found,) = problems(write_tree({"data/studios.yaml": GOOD_STUDIO * 3}))
    assert found.startswith(
        "data/studios.yaml:1:1: 文件有 0.0 MB，超过上限 0.0 MB。请把记录拆分到多个文件中。"
    )
    assert found.endswith("[file-too-large]")


def test_a_key_that_is_not_a_word_is_refused(write_tree: WriteTree) -> None:
    content = GOOD_STUDIO.replace("    sources:", "    ? [甲, 乙]\n    : 值\n    sources:")
    found = problems(write_tree({"data/studios.yaml": content}))
    assert any("字段名必须是一个简单的词" in line and "[bad-key]" in line for line in found), found
