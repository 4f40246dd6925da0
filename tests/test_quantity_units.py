"""Quantities in a data file: read strictly, in the units their field takes, and addable.

The grammar itself is tested in test_quantities.py; here the same mistakes arrive through a
data file (with their place and code), units are checked per field and across records, and
the totals page is shown never to print a message meant for an editor.
"""

from __future__ import annotations

import pytest

from showcase.records.catalog import Catalog, Origin
from showcase.records.schema import RecordKind, Studio
from showcase.records.totals import add, field_value, quantity_fields
from showcase.records.validation import validate
from showcase.records.yamlsource import LoadedYaml
from showcase.site.pages import SiteLinks
from showcase.site.totals_page import render_totals_page, site_totals
from tests.conftest import WriteTree
from tests.test_loader import problems


def studio(record_id: str, name: str, achievements: str) -> str:
    return (
        f"  - id: {record_id}\n    name: {name}\n    achievements:\n{achievements}"
        "    sources: [{source: test-source}]\n"
    )


def studios(*entries: str) -> str:
    return "studios:\n" + "".join(entries)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (
            '"50+次"',
            "data/studios.yaml:5:20: studios[0].achievements.site_visits: "
            "“50+次”里的“+”不是数量的写法。请照报道的写法写成“50余次”"
            "（“余”“多”“超过”“不少于”“不到”“不超过”等字说明这个数是不是确数）。 [bad-quantity]",
        ),
        (
            "5O余次",
            "data/studios.yaml:5:20: studios[0].achievements.site_visits: "
            "“5O余次”的第2个字符“O”是英文字母，不是数字“0”。请改成“50余次”。 [bad-quantity]",
        ),
        (
            "五十余次",
            "data/studios.yaml:5:20: studios[0].achievements.site_visits: "
            "“五十余次”里的数字请用阿拉伯数字写：“五十”写成“50”，即“50余次”。 [bad-quantity]",
        ),
        (
            "50余人",
            "data/studios.yaml:5:20: studios[0].achievements.site_visits: "
            "“50余人”的单位是“人”，这一项只能以“次”为单位，如“50余次”。 [wrong-unit]",
        ),
        (
            "50",
            "data/studios.yaml:5:20: studios[0].achievements.site_visits: "
            "“50”没有写单位。请照原文写上单位“次”，如“50余次”。 [wrong-unit]",
        ),
    ],
)
def test_a_misread_quantity_is_an_error_at_its_place(
    write_tree: WriteTree, written: str, expected: str
) -> None:
    root = write_tree(
        {"data/studios.yaml": studios(studio("s-a", "甲", f"      site_visits: {written}\n"))}
    )
    assert problems(root) == [expected]


def test_what_reports_write_passes_with_or_without_a_space(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios.yaml": studios(
                studio(
                    "s-a", "甲", '      site_visits: "50 余次"\n      patents_granted: 30余项\n'
                ),
                studio("s-b", "乙", "      site_visits: 近百次\n      patents_granted: 数十项\n"),
            )
        }
    )
    assert problems(root) == []
    result = validate([root / "data"], root)
    visits = [field_value(s, "achievements.site_visits") for s in result.catalog.studios]
    assert [str(v) for v in visits] == ["50 余次", "近百次"]
    # 50余次 + 近百次 mixes a lower and an upper bound: only "about" is true of the sum.
    assert add(v for v in visits if v is not None).text == "约150次"


def test_values_of_one_field_must_share_a_unit(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios.yaml": studios(
                studio("s-a", "甲", "      patents_granted: 30余项\n"),
                studio("s-b", "乙", "      patents_granted: 5件\n"),
                studio("s-c", "丙", "      patents_granted: 11项\n"),
            )
        }
    )
    assert problems(root) == [
        "data/studios.yaml:10:24: studios[1].achievements.patents_granted: “5件”的单位是“件”，"
        "而劳模创新工作室的“获得专利”有 2 条以“项”为单位（如 data/studios.yaml 第 2 行的“30余项”）。"
        "网站要把它们相加，单位必须一致：请统一写成“项”，或把那些记录改成“件”。 [units-differ]"
    ]


def test_either_unit_of_a_field_passes_when_all_records_agree(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios.yaml": studios(
                studio("s-a", "甲", "      patents_granted: 30余件\n"),
                studio("s-b", "乙", "      patents_granted: 5件\n"),
            )
        }
    )
    assert problems(root) == []


def test_a_figure_takes_any_unit_and_is_never_added() -> None:
    # What the union published is kept as published; adding figures would mean nothing.
    assert quantity_fields(RecordKind.FIGURES) == ()


def test_every_sum_of_a_valid_tree_adds(write_tree: WriteTree) -> None:
    """Whatever passes validation, the totals page can add: every field, every subset."""
    root = write_tree(
        {
            "data/studios.yaml": studios(
                studio(
                    "s-a",
                    "甲",
                    "      patents_granted: 30余项\n      economic_benefit: 3000多万元\n",
                ),
                studio(
                    "s-b",
                    "乙",
                    "      patents_granted: 近百项\n      economic_benefit: 1.2万亿元\n",
                ),
                studio("s-c", "丙", "      patents_granted: 999999999999999项\n"),
            )
        }
    )
    result = validate([root / "data"], root)
    assert problems(root) == []
    added = 0
    for path in quantity_fields(RecordKind.STUDIOS):
        values = [field_value(s, path) for s in result.catalog.studios]
        present = [v for v in values if v is not None]
        for start in range(len(present)):
            add(present[start:])  # raises if the terms could not be added
            added += 1
    assert added == 5


def mixed_unit_catalog() -> Catalog:
    """Two studios whose patents cannot be added: what validation refuses (units-differ)."""
    catalog = Catalog()
    origin = LoadedYaml("data/studios.yaml")
    for index, (record_id, patents) in enumerate((("s-a", "30余项"), ("s-b", "5件"))):
        record = Studio.model_validate(
            {
                "id": record_id,
                "name": f"工作室{record_id}",
                "achievements": {"patents_granted": patents, "site_visits": "50余次"},
                "sources": [{"source": "s"}],
            }
        )
        catalog.add(record, Origin(origin, ("studios", index)))
    return catalog


def test_the_totals_page_never_prints_an_editors_message() -> None:
    # Such data never reaches a build; `showcase diff` reads it, and reports the error itself.
    catalog = mixed_unit_catalog()
    totals = site_totals(catalog)
    assert "劳模创新工作室：获得专利" not in totals
    assert totals["劳模创新工作室：现场出诊"] == "100余次"
    assert not any("无法" in text or "单位" in text for text in totals.values())
    page = render_totals_page(SiteLinks(catalog, use_directory_urls=True))
    assert "100余次" in page
    assert "无法相加" not in page
    assert "单位不同" not in page
