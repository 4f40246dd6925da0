"""Every number and word on the site means what the source and the editor meant (issue 11).

Parts are not added twice to their wholes, defaults never pass for facts, the kind of
record is named as the source names it, dates say what happened, and sums keep the
editor's qualifier word. Each point is checked on the real Tianjin site and on small sites.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from showcase.records.catalog import Catalog
from showcase.records.quantities import parse_quantity
from showcase.records.schema import (
    AWARD_DATES,
    Award,
    DataFile,
    Project,
    RecordKind,
    kind_title,
    record_model,
    whole_field,
)
from showcase.records.totals import add, sum_field, terms_of
from showcase.records.validation import validate
from showcase.site.charts import Bar, bar_chart
from showcase.site.feeds import honours_feed
from showcase.site.totals_page import site_totals
from tests.conftest import REPO_ROOT, WriteTree
from tests.test_pages import MKDOCS_YML, body
from tests.test_site_build import build_site


def text_of(html: str) -> str:
    """The visible words of an HTML fragment, tags removed and white space squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture(scope="module")
def real_catalog() -> Catalog:
    """The repository's data, validated."""
    result = validate([REPO_ROOT / "data"], REPO_ROOT)
    assert not result.diagnostics
    return result.catalog


# --- 1. no double counting ------------------------------------------------------------------

FUNDED = """\
organizations:
  - id: district-union
    name: 区总工会
    sources: [{source: test-source}]
projects:
  - id: whole
    title: 项目带资金
    category: 项目带资金
    district: 南开区
    funding: 100万元
    sources: [{source: test-source}]
  - id: part
    title: 街道中标项目
    category: 项目带资金
    part_of: whole
    district: 河西区
    funding: 20万元
    sources: [{source: test-source}]
  - id: part-of-part
    title: 楼宇工会组建
    category: 项目带资金
    part_of: part
    district: 河西区
    funding: 5万元
    sources: [{source: test-source}]
  - id: unfunded-whole
    title: 职工素质工程
    category: 职工素质工程
    sources: [{source: test-source}]
  - id: funded-part
    title: 技能培训
    category: 职工素质工程
    part_of: unfunded-whole
    funding: 7万元
    sources: [{source: test-source}]
  - id: alone
    title: 职工书屋
    category: 职工文化
    funding: 3万元
    sources: [{source: test-source}]
"""


def funded_catalog(write_tree: WriteTree) -> Catalog:
    root = write_tree({"data/projects.yaml": FUNDED})
    result = validate([root / "data"], root)
    assert not result.diagnostics
    return result.catalog


def test_part_of_is_the_schema_s_relation_of_part_and_whole() -> None:
    assert whole_field(RecordKind.PROJECTS) == "part_of"
    assert whole_field(RecordKind.ORGANIZATIONS) == "parent"
    # Kinds without such a field add every record.
    assert [kind for kind in RecordKind if whole_field(kind)] == [
        RecordKind.ORGANIZATIONS,
        RecordKind.PROJECTS,
    ]


def test_a_part_is_not_added_to_its_whole(write_tree: WriteTree) -> None:
    catalog = funded_catalog(write_tree)
    terms = terms_of(RecordKind.PROJECTS, catalog.projects, "funding")
    # The largest whole wins and lists every part below it; a part of a whole without
    # an amount counts on its own.
    assert [(t.record.id, t.quantity.text, [r.id for r, _ in t.included]) for t in terms] == [
        ("whole", "100万元", ["part", "part-of-part"]),
        ("funded-part", "7万元", []),
        ("alone", "3万元", []),
    ]
    assert sum_field(RecordKind.PROJECTS, catalog.projects, "funding").text == "110万元"


def test_a_part_counts_when_its_whole_is_not_summed(write_tree: WriteTree) -> None:
    catalog = funded_catalog(write_tree)
    hexi = [p for p in catalog.projects if p.district == "河西区"]
    # The whole is filtered out (another district): the part and its own part remain, and
    # the chain is followed through every record, not only the summed ones.
    terms = terms_of(RecordKind.PROJECTS, hexi, "funding", every_record=catalog.by_id())
    assert [(t.record.id, [r.id for r, _ in t.included]) for t in terms] == [
        ("part", ["part-of-part"])
    ]
    assert add(t.quantity for t in terms).text == "20万元"


def test_the_chain_of_wholes_runs_through_records_not_summed(write_tree: WriteTree) -> None:
    catalog = funded_catalog(write_tree)
    by_id = catalog.by_id()
    summed = [by_id["whole"], by_id["part-of-part"]]  # the part between them is left out
    terms = terms_of(RecordKind.PROJECTS, summed, "funding", every_record=by_id)
    assert [(t.record.id, [r.id for r, _ in t.included]) for t in terms] == [
        ("whole", ["part-of-part"])
    ]
    # Without the other records the chain is cut, and both count.
    assert len(terms_of(RecordKind.PROJECTS, summed, "funding")) == 2


def test_a_loop_of_parts_loses_no_amount(write_tree: WriteTree) -> None:
    # validate reports the loop; the sum still counts both records rather than neither.
    a = Project.model_validate(
        {"id": "aa", "title": "甲", "category": "x", "part_of": "bb", "funding": "1万元",
         "sources": [{"source": "s"}]}
    )  # fmt: skip
    b = Project.model_validate(
        {"id": "bb", "title": "乙", "category": "x", "part_of": "aa", "funding": "2万元",
         "sources": [{"source": "s"}]}
    )  # fmt: skip
    assert sum_field(RecordKind.PROJECTS, [a, b], "funding").text == "30000元"


def test_reported_figures_are_never_added(real_catalog: Catalog) -> None:
    # 353 studios in Tianjin include the 6 of 天津医药集团: no field says so, so no sum.
    with pytest.raises(ValueError, match="figures has no quantity field 'value'"):
        sum_field(RecordKind.FIGURES, real_catalog.figures, "value")


def test_the_inline_totals_page_lists_parts_under_their_whole(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            # Pages of 50: every part of the sum is listed (test_pages.py has the cut).
            "mkdocs.yml": MKDOCS_YML.replace("page_size: 2", "page_size: 50"),
            "content/index.md": "# 首页\n\n合计 {{showcase total projects funding district=河西区}}\n",
            "data/projects.yaml": FUNDED,
        }
    )
    site = build_site(root)
    page = body(site, "totals/index.html")
    section = page[page.index('<details class="showcase-sum" id="sum-projects-funding">') :]
    section = section[: section.index("</ul>\n</li>")]
    # Records in listing order (by name); the parts inside the whole, not beside it.
    assert text_of(section) == (
        "项目：资金：110万元 技能培训 ：7万元 职工书屋 ：3万元 "
        "项目带资金 ：100万元，其中包括（已计入这一数字，不再另加）： "
        "楼宇工会组建 ：5万元 街道中标项目 ：20万元"
    )
    assert (
        '<td data-label="合计"><a href="#sum-projects-funding">110万元</a></td>\n'
        '<td data-label="相加的记录数">3</td>'
    ) in page
    home = body(site, "index.html")
    assert (
        'title="本站收录的 1 条记录相加得出（另有 1 条已包含在其所属记录中，不重复计算），'
        '不是官方公布的数字">20万元</a>'
    ) in home


def test_the_real_totals_page_shows_170_wan_with_the_part_under_it(real_site: Path) -> None:
    page = body(real_site, "totals/index.html")
    assert "179.3万元" not in page
    assert (
        '<details class="showcase-sum" id="sum-projects-funding">\n<summary>项目：资金：170万元</summary>'
    ) in page
    section = page[page.index('id="sum-projects-funding"') :].split("</summary>", 1)[1]
    section = section[: section.index("</ul>\n</li>")]
    assert text_of(section) == (
        "“项目带资金” ：170万元，其中包括（已计入这一数字，不再另加）： "
        "南开区万兴街工会“项目带资金”中标项目 ：9.3万元"
    )


def test_diff_shares_the_totals_that_count_once(real_catalog: Catalog) -> None:
    assert site_totals(real_catalog)["项目：资金"] == "170万元"


# --- 2. a default is not a fact -------------------------------------------------------------


def test_no_field_of_a_record_has_a_default() -> None:
    checked = []
    for kind in RecordKind:
        models = [record_model(kind)]
        while models:
            model = models.pop()
            for name, info in model.model_fields.items():
                checked.append(f"{model.__name__}.{name}")
                assert info.is_required() or info.default is None, f"{model.__name__}.{name}"
                assert info.default_factory is None, f"{model.__name__}.{name}"
                inner = getattr(info.annotation, "__args__", ())
                models += [a for a in inner if isinstance(a, type) and hasattr(a, "model_fields")]
    assert {"Award.status", "Studio.featured", "Project.partners", "Achievements.other"} <= set(
        checked
    )
    # The lists of a data file are containers, not facts about a record.
    assert DataFile.model_fields["awards"].default_factory is list


def test_real_awards_show_no_status_nobody_wrote(real_site: Path, real_catalog: Catalog) -> None:
    assert all(award.status is None for award in real_catalog.awards)
    page = body(real_site, "awards/cataract-centre-pioneer/index.html")
    facts = page[page.index("<dl>") : page.index("</dl>")]
    assert "<dt>级别</dt>" in facts
    assert "状态" not in facts and "有效" not in page
    totals = body(real_site, "totals/index.html")
    assert "有效" not in totals
    assert 'id="chart-awards-status"' not in totals
    assert "另有 3 项未注明级别。" in totals
    awards = json.loads((real_site / "downloads/awards.json").read_text(encoding="utf-8"))
    assert {record["status"] for record in awards["records"]} == {None}
    rows = csv.DictReader(
        io.StringIO((real_site / "downloads/awards.csv").read_text(encoding="utf-8-sig"))
    )
    assert {row["status"] for row in rows} == {""}
    studios = json.loads((real_site / "downloads/studios.json").read_text(encoding="utf-8"))
    featured = {r["id"]: r["featured"] for r in studios["records"]}
    assert featured["tj-steel-pipe-studio"] is True
    assert featured["kong-xiangrui-studio"] is None
    feed = (real_site / "feeds/awards.xml").read_text(encoding="utf-8")
    assert "状态" not in feed


AWARDS = """\
organizations:
  - id: team
    name: 白内障中心
    district: 南开区
    sources: [{source: test-source}]
  - id: shop
    name: 装配车间
    sources: [{source: test-source}]
  - id: crew
    name: 输注一队
    district: 南开区
    sources: [{source: test-source}]
awards:
  - id: written-valid
    honour: 工人先锋号
    recipient: team
    level: 省级
    status: 有效
    sources: [{source: test-source}]
  - id: unwritten
    honour: 工人先锋号
    recipient: shop
    sources: [{source: test-source}]
  - id: z-plaque
    honour: 工人先锋号
    recipient: crew
    level: 省级
    announced: "2013-05"
    presented: "2013-11-16"
    sources: [{source: test-source}]
"""


def test_a_field_nobody_wrote_is_not_shown_and_charts_count_it(write_tree: WriteTree) -> None:
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n", "data/records.yaml": AWARDS}
    )
    site = build_site(root)
    assert "<dt>状态</dt>\n<dd>有效</dd>" in body(site, "awards/written-valid/index.html")
    unwritten = body(site, "awards/unwritten/index.html")
    assert "状态" not in unwritten and "有效" not in unwritten
    totals = body(site, "totals/index.html")
    status_chart = totals[totals.index('id="chart-awards-status"') :].split("</div>", 1)[0]
    assert "<td>1项</td>" in status_chart
    assert '<p class="showcase-chart-note">另有 2 项未注明状态。</p>' in status_chart
    level_chart = totals[totals.index('id="chart-awards-level"') :].split("</div>", 1)[0]
    assert '<p class="showcase-chart-note">另有 1 项未注明级别。</p>' in level_chart
    district_chart = totals[totals.index('id="chart-organizations-district"') :]
    assert "另有 1 个未注明所在区。" in district_chart.split("</div>", 1)[0]
    # A chart whose every record has the field says nothing about missing ones.
    honour_chart = totals[totals.index('id="chart-awards-honour"') :].split("</div>", 1)[0]
    assert "未注明" not in honour_chart


def test_diff_counts_the_records_a_breakdown_leaves_out(write_tree: WriteTree) -> None:
    root = write_tree({"data/records.yaml": AWARDS})
    totals = site_totals(validate([root / "data"], root).catalog)
    assert totals["荣誉：按状态 · 有效"] == "1项"
    assert totals["荣誉：按状态（未注明）"] == "2项"
    assert "荣誉：按荣誉名称（未注明）" not in totals


def test_a_revocation_date_needs_the_status_written(write_tree: WriteTree) -> None:
    data = AWARDS.replace('    presented: "2013-11-16"\n', '    revoked: "2015"\n')
    root = write_tree({"data/records.yaml": data})
    messages = [str(d) for d in validate([root / "data"], root).diagnostics]
    assert len(messages) == 1
    assert (
        "填写了撤销时间 revoked，但状态不是“已撤销”。请写 status: 已撤销，或删除 revoked。"
        in (messages[0])
    )


def test_a_chart_note_is_shown_under_the_table_and_when_empty() -> None:
    chart = bar_chart(
        "荣誉：按级别", [Bar("省级", 2, "2项")], chart_id="c", note="另有 3 项未注明级别"
    )
    assert chart.endswith(
        '</table>\n</details>\n<p class="showcase-chart-note">另有 3 项未注明级别。</p>\n</div>'
    )
    assert "showcase-chart-note" not in bar_chart("t", [Bar("省级", 2, "2项")], chart_id="c")
    empty = bar_chart("荣誉：按级别", [], chart_id="c", note="另有 3 项未注明级别")
    assert '暂无数据。</p><p class="showcase-chart-note">另有 3 项未注明级别。</p>' in empty


# --- 3. labels say what the source says -----------------------------------------------------


def test_the_kind_is_named_project_and_the_category_says_demonstration(
    real_site: Path, real_catalog: Catalog
) -> None:
    assert kind_title(RecordKind.PROJECTS) == "项目"
    pages = list(real_site.rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        assert "示范项目" not in path.read_text(encoding="utf-8"), path
    home = (real_site / "index.html").read_text(encoding="utf-8")
    nav_entry = re.search(r'<a href="projects/" class="md-nav__link">(.*?)</a>', home, re.DOTALL)
    assert nav_entry is not None and text_of(nav_entry[1]) == "项目"
    assert "<h1>项目</h1>" in body(real_site, "projects/index.html")
    # Only the records the article calls 示范工程 carry it, in their category.
    demonstration = sorted(p.id for p in real_catalog.projects if "示范" in p.category)
    assert demonstration == ["ten-demo-projects", "tj-117-tower"]
    article = (REPO_ROOT / "data/sources/tianjin-unions-article-2013.txt").read_text(
        encoding="utf-8"
    )
    assert "“十大示范工程”之一的天津117大厦项目" in article
    listing = body(real_site, "projects/category/" + _slug("劳动竞赛示范工程") + "/index.html")
    assert "<h1>劳动竞赛示范工程的项目（2个）</h1>" in listing
    assert "天津117大厦项目" in listing


def _slug(value: str) -> str:
    from showcase.site.urls import facet_slug

    return facet_slug(value)


# --- 4. dates carry their meaning -----------------------------------------------------------


def test_the_cataract_centre_date_is_the_plaque_s(real_site: Path, real_catalog: Catalog) -> None:
    award = next(a for a in real_catalog.awards if a.id == "cataract-centre-pioneer")
    assert (award.awarded, award.presented) == (None, "2013-11-16")
    page = body(real_site, "awards/cataract-centre-pioneer/index.html")
    facts = page[page.index("<dl>") : page.index("</dl>")]
    assert "<dt>授牌时间</dt>\n<dd>2013-11-16</dd>" in facts
    assert "授予时间" not in facts
    listing = body(real_site, "awards/index.html")
    assert "授牌时间 2013-11-16" in listing
    feed = (real_site / "feeds/awards.xml").read_text(encoding="utf-8")
    assert "授牌时间：2013-11-16" in feed


def test_each_date_of_an_award_is_shown_with_what_happened(write_tree: WriteTree) -> None:
    assert AWARD_DATES == ("awarded", "announced", "presented")
    assert [Award.model_fields[name].title for name in AWARD_DATES] == [
        "授予时间",
        "公布时间",
        "授牌时间",
    ]
    home = (
        "# 首页\n\n{{showcase list awards sort=-date}}\n\n{{showcase list awards sort=-awarded}}\n"
    )
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": home, "data/records.yaml": AWARDS}
    )
    site = build_site(root)
    by_date, by_awarded = re.findall(
        r'<ul class="showcase-list">.*?</ul>', body(site, "index.html")
    )
    # sort=-date orders by the first date an award has; sort=-awarded only by 授予时间.
    assert re.findall(r'href="awards/([a-z-]+)/"', by_date) == [
        "z-plaque",
        "unwritten",
        "written-valid",
    ]
    assert re.findall(r'href="awards/([a-z-]+)/"', by_awarded) == [
        "unwritten",
        "written-valid",
        "z-plaque",
    ]
    page = body(site, "awards/z-plaque/index.html")
    assert "<dt>公布时间</dt>\n<dd>2013-05</dd>" in page
    assert "<dt>授牌时间</dt>\n<dd>2013-11-16</dd>" in page
    assert "授予时间" not in page
    listing = body(site, "awards/index.html")
    # Dated awards first; the year facet reads the first date the award has.
    assert listing.index("输注一队") < listing.index("白内障中心")
    assert "省级 · 公布时间 2013-05 · 授牌时间 2013-11-16" in listing
    assert (site / "awards/year/2013/index.html").is_file()
    catalog = validate([root / "data"], root).catalog
    feed = honours_feed(
        catalog, site_url=None, feed_path="feeds/awards.xml", award_url=str, title="荣誉"
    ).decode("utf-8")
    assert "<published>2013-05-01T00:00:00Z</published>" in feed
    assert "公布时间：2013-05\n授牌时间：2013-11-16" in feed


# --- 5. one spelling of a quantity ----------------------------------------------------------


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (("20多个", "5个"), "25多个"),
        (("20多个", "30多个"), "50多个"),
        (("20多个", "30余个"), "50余个"),  # the words differ: the default
        (("3000多万元", "200多万元"), "3200多万元"),
        (("110万多名", "1万名"), "111万多名"),
        (("逾10年", "5年"), "逾15年"),
        (("超过10年", "逾5年"), "15余年"),
        (("100人以上", "20人"), "120人以上"),
        (("不少于100人", "20人以上"), "不少于120人"),
        (("约4000元", "100元左右"), "约4100元"),
        (("4000元左右", "100元左右"), "4100元左右"),
        (("将近30项", "将近11项"), "将近41项"),
        (("近30项", "将近11项"), "近41项"),
        (("上千名", "10名"), "约1010名"),  # 上 only stands before 百/千/万
        (("不到30项", "不足11项"), "不到41项"),
    ],
)
def test_a_sum_keeps_the_editor_s_word_when_all_agree(
    texts: tuple[str, ...], expected: str
) -> None:
    total = add(parse_quantity(text) for text in texts)
    assert total.text == expected
    # Whatever the word, the text reads back as the same amount and meaning.
    again = parse_quantity(total.text)
    assert (again.value, again.qualifier, again.unit) == (total.value, total.qualifier, total.unit)


def test_the_real_totals_keep_20_duo_ge(real_site: Path, real_catalog: Catalog) -> None:
    page = body(real_site, "totals/index.html")
    assert (
        '<details class="showcase-sum" id="sum-studios-achievements-problems-solved">\n'
        "<summary>劳模创新工作室：攻克难题：20多个</summary>" in page
    )
    assert "20余个" not in page
    assert site_totals(real_catalog)["劳模创新工作室：攻克难题"] == "20多个"
