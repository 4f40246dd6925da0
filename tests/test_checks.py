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


def test_a_missing_full_text_is_reported(write_tree: WriteTree) -> None:
    root = write_tree({"data/studios.yaml": QUOTED.format(quote="x")})
    (root / "data/sources/test.txt").unlink()
    (found,) = problems(root)
    assert found.startswith(
        "data/sources.yaml:5:16: sources[0].full_text: 找不到或无法读取全文文件“data/sources/test.txt”"
    )


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
