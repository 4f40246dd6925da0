"""Checks across records, privacy, quotations and photos: each guard proven to fire."""

from __future__ import annotations

import pytest

from tests.conftest import WriteTree
from tests.test_loader import problems

PERSON = """\
  - id: {id}
    name: {name}
    sources: [{{source: test-source}}]
"""


def people(*entries: tuple[str, str], extra: str = "") -> str:
    """A people list with (id, name) entries, and extra lines appended to the last one."""
    return "people:\n" + "".join(PERSON.format(id=i, name=n) for i, n in entries) + extra


def test_ids_are_unique_across_files(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/people.yaml": people(("li-gang", "李刚")),
            "data/studios.yaml": """\
            studios:
              - id: li-gang
                name: 工作室
                sources: [{source: test-source}]
            """,
        }
    )
    assert problems(root) == [
        "data/studios.yaml:2:9: studios[0].id: 编号“li-gang”已在 data/people.yaml 第 2 行使用。每条记录的编号必须唯一，请换一个。 [duplicate-id]"
    ]


def test_references_must_resolve_to_the_right_kind(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/people.yaml": people(("li-gang", "李刚")),
            "data/studios.yaml": """\
            studios:
              - id: steel-studio
                name: 工作室
                leader: li-gnag
                organization: li-gang
                sources: [{source: test-source}]
            awards:
              - id: award-1
                honour: 工人先锋号
                recipient: steel-studio
                sources: [{source: test-source}]
            """,
        }
    )
    assert problems(root) == [
        "data/studios.yaml:4:13: studios[0].leader: 找不到编号为“li-gnag”的人物。是不是想写“li-gang”？ [unknown-reference]",
        "data/studios.yaml:5:19: studios[0].organization: “li-gang”是一条人物记录，这里需要的是单位。 [wrong-reference]",
        "data/studios.yaml:10:16: awards[0].recipient: “steel-studio”是一条工作室记录，这里需要的是人物或单位。 [wrong-reference]",
    ]


def test_references_are_checked_in_records_with_other_errors(write_tree: WriteTree) -> None:
    content = people(
        ("li-gang", "李刚"), extra="    organisation: tj-steel\n    organization: nowhere\n"
    )
    found = problems(write_tree({"data/people.yaml": content}))
    assert [line.split(": ")[1] for line in found] == [
        "people[0].organisation",
        "people[0].organization",
    ]
    assert "找不到编号为“nowhere”的单位。请先添加这个单位，或改正编号。" in found[1]


def test_a_reference_to_a_broken_record_is_not_reported_twice(write_tree: WriteTree) -> None:
    content = people(("li-gang", "李刚"), extra="    position: ''\n")
    content += "studios:\n  - id: steel-studio\n    name: 工作室\n    leader: li-gang\n    sources: [{source: test-source}]\n"
    found = problems(write_tree({"data/people.yaml": content}))
    assert len(found) == 1
    assert "people[0].position: 不能为空" in found[0]


def test_project_cycles_are_refused(write_tree: WriteTree) -> None:
    project = "  - id: {id}\n    title: {id}\n    category: 示范工程\n    part_of: {up}\n    sources: [{{source: test-source}}]\n"
    content = (
        "projects:\n" + project.format(id="tower", up="demo") + project.format(id="demo", up="demo")
    )
    assert [
        line.split("（")[0] for line in problems(write_tree({"data/projects.yaml": content}))
    ] == [
        "data/projects.yaml:5:14: projects[0].part_of: 所属项目形成了循环",
        "data/projects.yaml:10:14: projects[1].part_of: 所属项目形成了循环",
    ]


def test_parent_cycles_are_refused(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/organizations.yaml": """\
            organizations:
              - id: team
                name: 班组
                parent: plant
                sources: [{source: test-source}]
              - id: plant
                name: 工厂
                parent: team
                sources: [{source: test-source}]
            """
        }
    )
    found = problems(root)
    assert found[0].startswith(
        "data/organizations.yaml:4:13: organizations[0].parent: 上级单位形成了循环"
    )


def test_look_alike_records_are_flagged_until_marked_distinct(write_tree: WriteTree) -> None:
    two = people(("li-gang", "李刚"), ("li-gang-2", "李刚"))
    assert problems(write_tree({"data/people.yaml": two})) == [
        "data/people.yaml:5:5: people[1]: 与 data/people.yaml 第 2 行的“li-gang”看起来是同一条记录（name、organization 都相同）。若是重复，请删除一条；若确实不同，请在本条加上 not_duplicate_of: [li-gang]。 [look-alike]"
    ]
    marked = two + "    not_duplicate_of: [li-gang]\n"
    assert problems(write_tree({"data/people.yaml": marked})) == []


def test_same_name_in_different_units_is_not_a_look_alike(write_tree: WriteTree) -> None:
    orgs = """\
    organizations:
      - id: plant-a
        name: 甲厂
        sources: [{source: test-source}]
      - id: plant-b
        name: 乙厂
        sources: [{source: test-source}]
    """
    content = people(("li-gang", "李刚"), ("li-gang-2", "李刚"))
    content = content.replace("    sources", "    organization: plant-a\n    sources", 1)
    assert problems(write_tree({"data/people.yaml": content, "data/orgs.yaml": orgs})) == []


QUOTED = """\
studios:
  - id: steel-studio
    name: 天津钢管公司的劳模创新工作室
    sources:
      - source: test-source
        quote: {quote}
"""


def test_quotations_must_be_in_the_source(write_tree: WriteTree) -> None:
    # Line breaks in the source or the quote do not matter; changed words do.
    exact = write_tree({"data/studios.yaml": QUOTED.format(quote="现场“出诊”50余\n          次")})
    assert problems(exact) == []
    changed = write_tree({"data/studios.yaml": QUOTED.format(quote="现场“出诊”50次")})
    assert problems(changed) == [
        "data/studios.yaml:6:16: studios[0].sources[0].quote: 这段摘录在来源全文中找不到。请逐字照抄原文（包括标点），不要改写或合并句子。 [quote-not-in-source]"
    ]


def test_a_missing_full_text_is_reported(write_tree: WriteTree) -> None:
    root = write_tree({"data/studios.yaml": QUOTED.format(quote="x")})
    (root / "data/sources/test.txt").unlink()
    (found,) = problems(root)
    assert found.startswith(
        "data/sources.yaml:5:16: sources[0].full_text: 找不到或无法读取全文文件“data/sources/test.txt”"
    )


FIGURE = """\
figures:
  - id: patents
    metric: 获得专利
    value: {value}
    scope: 天津钢管公司
    {time}
    as_published: {published}
    sources: [{{source: test-source}}]
"""


@pytest.mark.parametrize(
    ("value", "time", "published", "expected"),
    [
        ("30余项", "as_of: '2013'", "获得专利30余项", None),
        (
            "30项",
            "as_of: '2013'",
            "获得专利30余项",
            "data/figures.yaml:2:5: figures[0]: 数值“30项”没有出现在原文“获得专利30余项”中。",
        ),
        (
            "30余项",
            "counts_records: studios",
            "获得专利30余项",
            "data/figures.yaml:2:5: figures[0]: 请至少填写 as_of（截至时间）或 period（统计期间）之一。",
        ),
        (
            "30余项",
            "period: 近5年来",
            "共获得专利30余项",
            "data/figures.yaml:7:19: figures[0].as_published: “原文”一栏的文字在来源全文中找不到。",
        ),
    ],
)
def test_figures_quote_their_number_as_published(
    write_tree: WriteTree, value: str, time: str, published: str, expected: str | None
) -> None:
    content = FIGURE.format(value=value, time=time, published=published)
    found = problems(write_tree({"data/figures.yaml": content}))
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1
        assert found[0].startswith(expected)


def test_money_must_be_in_yuan(write_tree: WriteTree) -> None:
    content = (
        QUOTED.format(quote="获得专利30余项")
        + "    achievements:\n      economic_benefit: 3000多万\n"
    )
    (found,) = problems(write_tree({"data/studios.yaml": content}))
    assert found.startswith(
        "data/studios.yaml:8:25: studios[0].achievements.economic_benefit: "
        "“3000多万”没有写单位。请照原文写上单位“元”，如“170万元”。 [wrong-unit]"
    )


def test_revoked_awards_need_a_date(write_tree: WriteTree) -> None:
    content = people(("li-gang", "李刚")) + (
        "awards:\n  - id: a1\n    honour: 劳动模范\n    recipient: li-gang\n"
        "    status: 已撤销\n    sources: [{source: test-source}]\n"
    )
    (found,) = problems(write_tree({"data/people.yaml": content}))
    assert "状态为“已撤销”时，请填写 revoked（撤销时间）" in found


PHOTO = """\
    photos:
      - file: {file}
        caption: 颁奖现场
        alt: 工会主席把奖牌交给医护人员
        shows_identifiable_people: {people}
"""


@pytest.mark.parametrize(
    ("file", "identifiable", "expected"),
    [
        (
            "photos/award.jpg",
            "true",
            "studios[0].photos[0]: 这张图片含可辨认的人物，但没有写 consent: true。",
        ),
        (
            "photos/missing.jpg",
            "false",
            "studios[0].photos[0].file: 找不到图片文件 content/photos/missing.jpg。",
        ),
        (
            "../../etc/passwd.jpg",
            "false",
            "studios[0].photos[0].file: 图片路径“../../etc/passwd.jpg”无效。",
        ),
        (
            "photos/award.exe",
            "false",
            "studios[0].photos[0].file: “photos/award.exe”不是支持的图片格式。",
        ),
    ],
)
def test_photo_guards(write_tree: WriteTree, file: str, identifiable: str, expected: str) -> None:
    content = QUOTED.format(quote="获得专利30余项") + PHOTO.format(file=file, people=identifiable)
    found = problems(
        write_tree({"data/studios.yaml": content, "content/photos/award.jpg": b"\xff\xd8"})
    )
    assert len(found) == 1
    assert expected in found[0]


def test_photo_with_consent_is_accepted(write_tree: WriteTree) -> None:
    photo = PHOTO.format(file="photos/award.jpg", people="true") + "        consent: true\n"
    content = QUOTED.format(quote="获得专利30余项") + photo
    root = write_tree({"data/studios.yaml": content, "content/photos/award.jpg": b"\xff\xd8"})
    assert problems(root) == []


# Personal numbers in every way they are written: tests/test_privacy.py.


def test_contact_fields_are_refused(write_tree: WriteTree) -> None:
    content = people(("li-gang", "李刚")) + "    手机: 未填写\n    email: someone@example.org\n"
    found = problems(write_tree({"data/people.yaml": content}))
    assert [line.split("：")[0] for line in found] == [
        "data/people.yaml:5:5: people[0].手机: 不能有“手机”字段",
        "data/people.yaml:6:5: people[0].email: 不能有“email”字段",
    ]


def test_paths_from_the_data_stay_inside_the_repository(
    write_tree: WriteTree, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("天津钢管公司的劳模创新工作室", encoding="utf-8")
    root = write_tree({"data/studios.yaml": QUOTED.format(quote="x")})
    (root / "data/sources/test.txt").unlink()
    (root / "data/sources/test.txt").symlink_to(outside)
    (root / "data/linked.yaml").symlink_to(root / "data/studios.yaml")
    sources = (root / "data/sources.yaml").read_text(encoding="utf-8")
    sources += "  - id: escaping\n    title: 外部\n    full_text: ../outside/secret.txt\n"
    (root / "data/sources.yaml").write_text(sources, encoding="utf-8")
    assert [line.split("。")[0] for line in problems(root)] == [
        "data/linked.yaml:1:1: 数据文件不能是符号链接",
        "data/sources.yaml:5:16: sources[0].full_text: 全文文件“data/sources/test.txt”经符号链接指向仓库以外",
        "data/sources.yaml:8:16: sources[1].full_text: 路径“../outside/secret.txt”无效",
        f"data/sources/test.txt:1:1: 符号链接 data/sources/test.txt 指向仓库以外的“{outside}”",
    ]


def test_images_inside_text_are_refused(write_tree: WriteTree) -> None:
    content = people(("li-gang", "李刚"), extra="    description: 事迹。![合影](photos/a.jpg)\n")
    (found,) = problems(write_tree({"data/people.yaml": content}))
    assert found.startswith(
        "data/people.yaml:5:18: people[0].description: 文字中不能插入图片（![…](…)）。"
    )
