"""The loader never loses data: hostile and careless files each get a precise error."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

import pytest

from showcase.records.schema import Studio
from showcase.records.validation import sorted_diagnostics, validate
from tests.conftest import WriteTree
from tests.images import small_jpeg


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


# File-level problems with exact bytes (BOM, CRLF, tabs, GBK, empty files, a wrong top
# level, full-width colons) are golden cases under tests/cases/loader/.
@pytest.mark.parametrize(
    ("content", "expected"),
    [
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
        {"data/studios.yaml": content.format(value="NO"), "content/photos/a.jpg": small_jpeg()}
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


def test_a_settled_catalog_keeps_its_records_and_where_they_were_written(
    write_tree: WriteTree,
) -> None:
    studio = (
        "  - id: {id}\n"
        "    name: 工作室{id}\n"
        "    sources:\n"
        "      - source: test-source\n"
        "        quote: 现场“出诊”50余次\n"
    )
    root = write_tree(
        {"data/studios.yaml": "studios:\n" + "".join(studio.format(id=f"s{n}") for n in range(3))}
    )
    catalog = validate([root / "data"], root).catalog
    dumped = [record.model_dump() for record in catalog]
    lines = [catalog.origin(record).line for record in catalog.studios]
    catalog.settle()
    assert [record.model_dump() for record in catalog] == dumped
    # Positions still come from the file, whose parsed values are gone.
    assert [catalog.origin(record).line for record in catalog.studios] == lines == [2, 7, 12]
    assert all(catalog.origin(record).file.data is None for record in catalog)
    _assert_fields_sets_shared(catalog.studios)


def test_loaded_records_share_their_fields_sets_across_files(write_tree: WriteTree) -> None:
    studio = (
        "studios:\n"
        "  - id: {id}\n"
        "    name: 工作室{id}\n"
        "    sources:\n"
        "      - source: test-source\n"
        "        quote: 现场“出诊”50余次\n"
    )
    root = write_tree({f"data/studios-{n}.yaml": studio.format(id=f"s{n}") for n in range(3)})
    result = validate([root / "data"], root, workers=1)
    assert sorted_diagnostics(result) == []
    _assert_fields_sets_shared(result.catalog.studios)


def _assert_fields_sets_shared(studios: list[Studio]) -> None:
    """Records that wrote the same fields share one fields set, and so do their citations."""
    first, *others = studios
    assert first.model_fields_set == {"id", "name", "sources"}
    assert all(other.model_fields_set is first.model_fields_set for other in others)
    assert all(
        other.sources[0].model_fields_set is first.sources[0].model_fields_set for other in others
    )
