"""Generated pages in real builds of small sites: records, related records, listings, links."""

from __future__ import annotations

import csv
import gzip
import json
import posixpath
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from showcase.records.schema import RecordKind
from showcase.records.validation import validate
from showcase.site import downloads
from showcase.site.generated import SitePages
from showcase.site.listings import page_window
from showcase.site.sanitize import render_markdown
from showcase.site.urls import facet_slug, page_url, relative_path, relative_url
from tests.conftest import REPO_ROOT, WriteTree, build_into
from tests.images import small_jpeg
from tests.page_reading import Link, read_page, with_markup_inlined
from tests.test_site_build import build_site

MKDOCS_YML = """\
site_name: 测试站点
docs_dir: content
theme:
  name: material
  language: zh
  font: false
nav:
  - 首页: index.md
  - 工作室: studios/index.md
  - 荣誉: awards/index.md
plugins:
  - showcase/records:
      page_size: 2
  - showcase/links
"""

DATA = """\
organizations:
  - id: federation
    name: 天津市总工会
    level: 省级
    sources: [{source: test-source}]
  - id: steel-pipe
    name: 天津钢管公司
    parent: federation
    district: 南开区
    sources: [{source: test-source}]
people:
  - id: li-gang
    name: 李刚
    organization: steel-pipe
    sources: [{source: test-source}]
studios:
  - id: steel-studio
    name: 天津钢管公司的劳模创新工作室
    leader: li-gang
    organization: steel-pipe
    district: 南开区
    founded: "2012"
    achievements:
      patents_granted: 30余项
      site_visits: 50余次
    description: 成立一年间成果丰硕。
    sources:
      - source: test-source
        quote: 现场“出诊”50余次
awards:
  - id: li-gang-model
    honour: 劳动模范
    recipient: li-gang
    level: 省级
    awarded: "2012"
    sources: [{source: test-source}]
  - id: pipe-pioneer-2013
    honour: 工人先锋号
    recipient: steel-pipe
    conferred_by: federation
    awarded: 2013-11-16
    sources: [{source: test-source}]
  - id: pipe-pioneer-2010
    honour: 工人先锋号
    recipient: steel-pipe
    awarded: "2010"
    status: 已撤销
    revoked: "2011"
    sources: [{source: test-source}]
"""


@pytest.fixture
def site(write_tree: WriteTree) -> Path:
    """A small site built with every kind of page."""
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n", "data/records.yaml": DATA}
    )
    return build_site(root)


def body(site: Path, page: str) -> str:
    """The article of a built page, where the page's own content is."""
    text = (site / page).read_text(encoding="utf-8")
    return text[text.index("<article") : text.index("</article>")]


def test_a_record_page_shows_facts_with_quantities_as_written(site: Path) -> None:
    page = read_page(body(site, "studios/steel-studio/index.html"))
    assert page.title == "天津钢管公司的劳模创新工作室"
    assert page.facts["领衔劳模"].links == [Link("../../people/li-gang/", "李刚")]
    patents = page.facts["获得专利"]
    # The number as written, then the mark of its note (below).
    assert (patents.text, patents.links) == ("30余项2", [Link("#approx-2", "2")])
    assert patents.data == {"value": "30", "class": "showcase-quantity showcase-more_than"}
    assert "成立一年间成果丰硕。" in page.paragraphs
    assert page.quotes == ["现场“出诊”50余次"]
    assert Link("../../sources/test-source/", "测试来源") in page.links
    # An approximate quantity is written as published and explained in a note below.
    html = body(site, "studios/steel-studio/index.html")
    assert (
        '<sup class="showcase-noteref">'
        '<a href="#approx-2" id="approx-ref-2" aria-label="约数说明 2">2</a></sup>'
    ) in html
    assert (
        '<li id="approx-2">30余项：原文写作“30余项”，实际多于这个数，本站照原文保存。'
        ' <a href="#approx-ref-2" aria-label="回到正文">↩</a></li>'
    ) in html


def test_a_record_page_opens_with_breadcrumbs_and_a_header_card(site: Path) -> None:
    studio = body(site, "studios/steel-studio/index.html")
    crumbs = studio[studio.index('<nav class="showcase-breadcrumbs"') :]
    assert re.findall(r"<li[^>]*>(.*?)</li>", crumbs[: crumbs.index("</nav>")]) == [
        '<a href="../../">首页</a>',
        '<a href="../">劳模创新工作室</a>',
        "天津钢管公司的劳模创新工作室",
    ]
    assert '<p class="showcase-record-header__kind">劳模创新工作室</p>' in studio
    items = re.findall(
        r'<span class="showcase-record-header__label">(.*?)</span> (.*?)</li>', studio
    )
    assert items == [
        ("单位", '<a href="../../organizations/steel-pipe/">天津钢管公司</a>'),
        ("领衔", '<a href="../../people/li-gang/">李刚</a>'),
        ("年份", "2012年"),
    ]
    # The place the photo of the record takes, the emblem until then.
    assert (
        '<div class="showcase-record-header__media showcase-emblem" aria-hidden="true">' in studio
    )
    # Honours the unit holds, newest first, as badges.
    unit = body(site, "organizations/steel-pipe/index.html")
    badges = re.findall(r'<a class="(showcase-badge[^"]*)" href="([^"]+)">([^<]+)</a>', unit)
    assert badges == [
        ("showcase-badge", "../../awards/pipe-pioneer-2013/", "工人先锋号（2013年）"),
        (
            "showcase-badge showcase-badge--revoked",
            "../../awards/pipe-pioneer-2010/",
            "工人先锋号（2010年）（已撤销）",
        ),
    ]
    assert "showcase-badges" not in studio


def test_a_record_page_marks_its_section_in_the_menu(real_site: Path) -> None:
    # The mark is in the site's overrides/partials/nav-item.html, which the real site uses.
    active = re.compile(r'<a href="([^"]+)" class="md-nav__link md-nav__link--active"')
    for page in ("studios/tj-steel-pipe-studio/index.html", "people/li-gang/index.html"):
        # A record page's menu is written by its folder's script (identity/nav_scripts.py).
        html = with_markup_inlined(real_site, page, (real_site / page).read_text(encoding="utf-8"))
        assert active.findall(html) == ["../"], page
    assert active.findall((real_site / "studios/index.html").read_text(encoding="utf-8")) == ["./"]


def test_related_records_link_both_ways(site: Path) -> None:
    person = read_page(body(site, "people/li-gang/index.html"))
    assert person.facts["所在单位"].links == [
        Link("../../organizations/steel-pipe/", "天津钢管公司")
    ]
    studios = person.lists["劳模创新工作室（领衔劳模）"]
    assert studios[0].links[0].href == "../../studios/steel-studio/"
    honours = person.lists["荣誉（获得者）"]
    assert honours[0].links == [Link("../../awards/li-gang-model/", "劳动模范：李刚")]
    unit = read_page(body(site, "organizations/steel-pipe/index.html"))
    assert {"劳模创新工作室（所在单位）", "荣誉（获得者）", "人物（所在单位）"} <= unit.lists.keys()
    federation = read_page(body(site, "organizations/federation/index.html"))
    assert {"单位（上级单位）", "荣誉（授予单位）"} <= federation.lists.keys()
    # Related records are shown as cards.
    assert re.search(
        r"<h3>劳模创新工作室（领衔劳模）</h3>\s*<ul class=\"showcase-cards\">\s*"
        r"<li class=\"showcase-card\"><a href=\"../../studios/steel-studio/\">",
        body(site, "people/li-gang/index.html"),
    )


def test_a_record_named_by_more_records_than_a_page_lists_links_to_pages_of_them_all(
    site: Path,
) -> None:
    # page_size 2: the three honours citing the source are more than its page lists.
    source = read_page(body(site, "sources/test-source/index.html"))
    shown = source.lists["荣誉（来源）"]
    assert len(shown) == 2
    assert "共 3 条，这里列出前 2 条" in source.paragraphs
    assert Link("awards-sources/", "查看全部 3 条") in source.links
    # A group the page can hold whole links nowhere else.
    assert len(source.lists["单位（来源）"]) == 2
    assert not any(link.text.startswith("查看全部 2") for link in source.links)

    first = read_page(body(site, "sources/test-source/awards-sources/index.html"))
    assert first.title == "测试来源：荣誉（来源）"
    assert "共 3 条，本页第 1–2 条（返回“测试来源”）" in first.paragraphs
    assert Link("../", "返回“测试来源”") in first.links
    assert Link("page-2/", "下一页", "next") in first.links
    second = read_page(body(site, "sources/test-source/awards-sources/page-2/index.html"))
    assert second.title == "测试来源：荣誉（来源）（第 2 页）"
    assert Link("../", "上一页", "prev") in second.links
    folders = {
        "sources/test-source/awards-sources/": first,
        "sources/test-source/awards-sources/page-2/": second,
    }
    listed = [
        (folder, item.links[0])
        for folder, page in folders.items()
        for item in page.lists["showcase-list"]
    ]
    # Every honour once, the first two as the source page shows them, each linked.
    assert sorted(link.href.rsplit("/", 2)[-2] for _, link in listed) == [
        "li-gang-model",
        "pipe-pioneer-2010",
        "pipe-pioneer-2013",
    ]
    assert [link.text for _, link in listed[:2]] == [item.links[0].text for item in shown]
    for folder, link in listed:
        target = posixpath.normpath(posixpath.join(folder, link.href))
        assert (site / target / "index.html").is_file(), link


def test_the_pages_of_records_naming_one_link_up_without_directory_urls(
    write_tree: WriteTree,
) -> None:
    # The offline archive's addresses (sources/test-source.html beside the folder
    # sources/test-source/ of its naming pages): every link of theirs reaches a file.
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML + "use_directory_urls: false\n",
            "content/index.md": "# 首页\n",
            "data/records.yaml": DATA,
        }
    )
    site = build_site(root)
    source = read_page(body(site, "sources/test-source.html"))
    assert Link("test-source/awards-sources/index.html", "查看全部 3 条") in source.links
    pages = [
        "sources/test-source/awards-sources/index.html",
        "sources/test-source/awards-sources/page-2.html",
    ]
    for page in pages:
        links = read_page(body(site, page)).links
        assert links, page
        for link in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link.href))
            assert (site / target).is_file(), (page, link)
    first = read_page(body(site, pages[0]))
    assert Link("../../test-source.html", "返回“测试来源”") in first.links
    assert Link("page-2.html", "下一页", "next") in first.links


def test_listings_are_paged_newest_first(site: Path) -> None:
    first = read_page(body(site, "awards/index.html"))
    assert [item.links[0].text for item in first.lists["showcase-list"]] == [
        "工人先锋号：天津钢管公司",
        "劳动模范：李刚",
    ]
    assert "共 3 条，本页第 1–2 条" in first.paragraphs
    assert Link("page-2/", "下一页", "next") in first.links
    second = read_page(body(site, "awards/page-2/index.html"))
    (revoked,) = second.lists["showcase-list"]  # the revoked one from 2010
    assert revoked.links[0].text == "工人先锋号：天津钢管公司"
    assert "已撤销" in revoked.text
    assert Link("../", "上一页", "prev") in second.links


def test_facet_pages_list_the_matching_records(site: Path) -> None:
    slug = facet_slug("工人先锋号")
    page = read_page(body(site, f"awards/honour/{slug}/index.html"))
    listed = [item.links[0].href for item in page.lists["showcase-list"]]
    assert listed == ["../../pipe-pioneer-2013/", "../../pipe-pioneer-2010/"]
    assert page.current == ["工人先锋号"]
    listing = read_page(body(site, "awards/index.html"))
    (pioneer,) = [item for item in listing.lists["荣誉名称"] if "工人先锋号" in item.text]
    assert (pioneer.links, pioneer.count) == ([Link(f"honour/{slug}/", "工人先锋号")], "2")


def test_a_facet_page_has_a_natural_title_and_counts(site: Path) -> None:
    slug = facet_slug("工人先锋号")
    page = body(site, f"awards/honour/{slug}/index.html")
    assert "<h1>工人先锋号（2项）</h1>" in page
    assert "<summary>荣誉名称：<strong>工人先锋号</strong></summary>" in page
    year = body(site, "awards/year/2013/index.html")
    assert "<h1>2013年的荣誉（1项）</h1>" in year
    html = (site / f"awards/honour/{slug}/index.html").read_text(encoding="utf-8")
    assert "<title>工人先锋号（2项） - 测试站点</title>" in html


def test_a_listing_offers_other_orders_as_static_pages(site: Path) -> None:
    first = body(site, "awards/index.html")
    sort = re.findall(r'<nav class="showcase-sort" aria-label="排序">(.*?)</nav>', first, re.S)
    assert [line.strip() for line in sort[0].splitlines() if line.strip()] == [
        "<span>排序：</span>",
        "<ul>",
        '<li><strong aria-current="page">按年份</strong></li>',
        '<li><a href="sort-name/">按名称</a></li>',
        '<li><a href="sort-level/">按级别</a></li>',
        "</ul>",
    ]
    # By name: 劳动模范 (láo) before 工人先锋号 in code-point order of the first character,
    # the same order as the site's other name-sorted listings.
    by_name = body(site, "awards/sort-name/index.html")
    assert "<h1>荣誉（按名称排列）</h1>" in by_name
    assert '<strong aria-current="page">按名称</strong>' in by_name
    assert '<a href="../">按年份</a>' in by_name
    assert '<a href="../sort-name-page-2/" rel="next">下一页</a>' in by_name
    # By level: the one with a level (省级) first, those without last.
    by_level = body(site, "awards/sort-level/index.html").split('class="showcase-list"')[1]
    assert by_level.index("劳动模范：李刚") < by_level.index("工人先锋号")


def test_every_order_a_listing_offers_has_a_page_name_no_record_may_take(tmp_path: Path) -> None:
    from showcase.site.listings import Listings
    from showcase.site.pages import KIND_ORDER, SiteLinks
    from showcase.site.urls import SORT_ORDER_NAMES, is_listing_page_name

    catalog = validate([], tmp_path).catalog
    listings = Listings(SiteLinks(catalog, use_directory_urls=True))
    offered = {order.name for kind in KIND_ORDER for order in listings._orders(kind)}
    # Every order is offered by some kind, and every one is kept from record ids.
    assert offered == set(SORT_ORDER_NAMES)
    for name in offered:
        assert is_listing_page_name(f"sort-{name}")
        assert is_listing_page_name(f"sort-{name}-page-7")
    assert not is_listing_page_name("sort-other")


def test_a_paged_listing_has_its_pager_above_and_below_and_says_what_it_shows(
    site: Path,
) -> None:
    first = body(site, "awards/index.html")
    assert "共 3 条，本页第 1–2 条" in first
    assert first.count('<nav class="showcase-pagination"') == 2
    top, bottom = first.split('<ul class="showcase-list">')
    assert 'aria-label="分页（上）"' in top and 'aria-label="分页"' in bottom
    assert "共 3 条，本页第 3–3 条" in body(site, "awards/page-2/index.html")


def test_only_a_listings_first_page_carries_the_facet_menus(site: Path) -> None:
    # The menus are a quarter of a full listing page's bytes: a later page links back to
    # its first page, where they are, instead of repeating them.
    first = body(site, "awards/index.html")
    assert first.count('<details class="showcase-filter__menu">') == 4
    assert "showcase-filter-link" not in first
    second = body(site, "awards/page-2/index.html")
    assert "showcase-filter" not in second.replace("showcase-filter-link", "")
    link = '<p class="showcase-filter-link"><a href="../">筛选（在第 1 页）</a></p>'
    assert link in second
    assert second.index(link) < second.index('<ul class="showcase-list">')
    # The pages of a facet value and of another order do the same.
    by_name = body(site, "awards/sort-name-page-2/index.html")
    assert '<a href="../sort-name/">筛选（在第 1 页）</a>' in by_name
    assert "<details" not in by_name


def test_facet_values_are_listed_most_records_first() -> None:
    from showcase.site.listings import FACETS, by_count

    honour, year = FACETS[RecordKind.AWARDS][0], FACETS[RecordKind.AWARDS][2]
    counts = [("五一劳动奖章", 1), ("劳动模范", 2), ("工人先锋号", 3), ("全国劳模", 2)]
    assert by_count(honour, counts) == [
        ("工人先锋号", 3),
        ("劳动模范", 2),
        ("全国劳模", 2),
        ("五一劳动奖章", 1),
    ]
    assert by_count(year, [("2013", 1), ("2010", 5)]) == [("2013", 1), ("2010", 5)]


def test_record_pages_stay_out_of_the_navigation(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="studios/"' in home
    assert "steel-studio" not in home
    assert "li-gang" not in home


def test_a_hand_written_page_may_not_hide_a_generated_one(
    write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    # Named differently, written to the same place: studios.md is studios/index.html with
    # directory URLs, and Totals.md is totals.html where case does not count.
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n",
            "content/studios.md": "# 手写\n",
            "content/Totals.md": "# 手写\n",
            "data/records.yaml": DATA,
        }
    )
    with pytest.raises(Abort):
        build_site(root)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "content/ 里的手写文件与数据自动生成的页面写到同一个位置，请改名或删除手写文件："
        "content/Totals.md（与自动生成的 totals.md 都写到 Totals/index.html）、"
        "content/studios.md（与自动生成的 studios/index.md 都写到 studios/index.html）"
    ]
    caplog.clear()


BROKEN_PAGE = """\
# 首页

<a href="studios/nowhere/">不存在的页面</a>
<a href="studios/steel-studio/#no-such-anchor">不存在的锚点</a>
<a href="studios/steel-studio/#facts">存在的锚点</a>
"""


def test_broken_links_in_html_fail_the_build(
    write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": BROKEN_PAGE, "data/records.yaml": DATA}
    )
    with pytest.raises(Abort):
        build_site(root)
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        "网站中有 2 个失效链接：\n"
        "index.html: 链接“studios/nowhere/”指向的页面或文件不存在。\n"
        "index.html: 链接“studios/steel-studio/#no-such-anchor”中的锚点“#no-such-anchor”在目标页面中不存在。"
    ]
    caplog.clear()


def test_the_command_line_exits_non_zero_on_a_broken_link(write_tree: WriteTree) -> None:
    # `mkdocs build --strict -q` exits 0 on broken Markdown links (mkdocs#4126); ours must not.
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": BROKEN_PAGE, "data/records.yaml": DATA}
    )
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "studios/nowhere/" in completed.stderr


def test_pages_work_without_directory_urls(write_tree: WriteTree) -> None:
    # The offline archive is opened from file://, where folders do not open index.html.
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML + "use_directory_urls: false\n",
            "content/index.md": "# 首页\n",
            "data/records.yaml": DATA,
        }
    )
    site = build_site(root)
    page = read_page(body(site, "studios/steel-studio.html"))
    assert page.facts["领衔劳模"].links == [Link("../people/li-gang.html", "李刚")]
    # The breadcrumbs: 首页 › 劳模创新工作室 › the record.
    assert Link("index.html", "劳模创新工作室") in page.links
    assert Link("../index.html", "首页") in page.links


def test_hostile_strings_are_escaped_in_generated_html(write_tree: WriteTree) -> None:
    hostile = '"><script>alert(1)</script>{{ 7*7 }}'
    data = DATA.replace("name: 李刚", f"name: '{hostile}'").replace(
        "description: 成立一年间成果丰硕。", f"description: '{hostile}'"
    )
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n", "data/records.yaml": data}
    )
    site = build_site(root)
    for page in ("people/li-gang/index.html", "studios/steel-studio/index.html"):
        article = body(site, page)
        assert "<script>alert(1)</script>" not in article
        assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}" in article
    assert textwrap.dedent("49") not in body(site, "people/li-gang/index.html")


SECOND_STUDIO = """\
  - id: electric-studio
    name: 电力公司劳模创新工作室
    district: 南开区
    achievements:
      patents_granted: 11项
    sources: [{source: test-source}]
figures:
  - id: fig-studios
    metric: 劳模创新工作室
    value: 30余项
    scope: 天津钢管公司
    as_of: "2013"
    counts_records: studios
    as_published: 获得专利30余项
    sources: [{source: test-source}]
"""


def test_a_sum_of_more_records_than_a_page_lists_says_where_the_rest_are(
    write_tree: WriteTree,
) -> None:
    # page_size 1: of the two studios adding up their patents, the page lists one.
    data = DATA.replace("awards:", SECOND_STUDIO.split("figures:")[0] + "awards:")
    data += "figures:" + SECOND_STUDIO.split("figures:")[1]
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML.replace("page_size: 2", "page_size: 1"),
            "content/index.md": "# 首页\n",
            "data/records.yaml": data,
        }
    )
    site = build_site(root)
    page = body(site, "totals/index.html")
    details = page[page.index('id="sum-studios-achievements-patents-granted"') :]
    details = details[: details.index("</details>")]
    assert "<summary>劳模创新工作室：获得专利：41余项</summary>" in details
    assert details.count("<li>") == 1
    assert (
        "另有 1 条记录计入这一数字，这里不再逐条列出；每条记录的数值见开放数据 "
        '<a href="../downloads/studios.csv"><code>studios.csv</code></a> 的 '
        "<code>achievements.patents_granted</code> 一栏。"
    ) in details
    # The file and column named hold every studio's value, the one not listed too.
    with (site / "downloads/studios.csv").open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(file))
    assert sorted(row["achievements.patents_granted"] for row in rows) == ["11项", "30余项"]


def test_a_kind_of_many_records_is_published_compressed(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    # At COMPRESS_FROM_RECORDS records of a kind (10,000; here 2), its JSON and CSV are .gz:
    # the same bytes as the plain files, with no date in them; the pages link to them.
    monkeypatch.setattr(downloads, "COMPRESS_FROM_RECORDS", 2)
    data = DATA.replace("awards:", SECOND_STUDIO.split("figures:")[0] + "awards:")
    data += "figures:" + SECOND_STUDIO.split("figures:")[1]
    files = {
        "mkdocs.yml": MKDOCS_YML.replace("page_size: 2", "page_size: 1"),
        "content/index.md": "# 首页\n",
        "data/records.yaml": data,
    }
    root = write_tree(files)
    site = build_site(root)
    assert not (site / "downloads/studios.csv").exists()
    assert not (site / "downloads/studios.json").exists()
    packed = (site / "downloads/studios.csv.gz").read_bytes()
    assert packed[4:8] == b"\0\0\0\0"  # no modification time in the gzip header
    rows = list(csv.DictReader(gzip.decompress(packed).decode("utf-8-sig").splitlines()))
    assert sorted(row["achievements.patents_granted"] for row in rows) == ["11项", "30余项"]
    exported = json.loads(gzip.decompress((site / "downloads/studios.json.gz").read_bytes()))
    assert exported["kind"] == "studios" and exported["count"] == len(exported["records"]) == 2
    # A kind under the line stays plain; the Excel file is never packed again.
    assert (site / "downloads/sources.csv").is_file() and (
        site / "downloads/studios.xlsx"
    ).is_file()
    page = body(site, "download/index.html")
    assert '<a href="../downloads/studios.csv.gz" download>CSV（.gz 压缩）</a>' in page
    assert "<strong>压缩文件（.gz）</strong>：记录达到 2 条的类别" in page
    totals = body(site, "totals/index.html")
    assert '<a href="../downloads/studios.csv.gz"><code>studios.csv.gz</code></a>' in totals
    # The same data packs to the same bytes.
    assert (build_site(root) / "downloads/studios.csv.gz").read_bytes() == packed


def test_totals_stay_approximate_and_stand_beside_reported_figures(write_tree: WriteTree) -> None:
    data = DATA.replace("awards:", SECOND_STUDIO.split("figures:")[0] + "awards:")
    data += "figures:" + SECOND_STUDIO.split("figures:")[1]
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n", "data/records.yaml": data}
    )
    site = build_site(root)
    page = body(site, "totals/index.html")
    assert '<td data-label="本站收录"><a href="../studios/">2个</a></td>' in page
    assert '<a href="../figures/fig-studios/">30余项</a>（天津钢管公司 · 截至 2013）' in page
    assert (
        '<td data-label="合计"><a href="#sum-studios-achievements-patents-granted">41余项</a></td>'
    ) in page
    assert '<details class="showcase-sum" id="sum-studios-achievements-patents-granted">' in page
    assert '<li><a href="../studios/electric-studio/">电力公司劳模创新工作室</a>：11项</li>' in page
    assert 'id="chart-studios-district"' in page
    assert '<th scope="row"><a href="../studios/district/' in page
    # Charts come first; the reported figures name their source once, in the caption.
    assert page.index('id="breakdowns"') < page.index('id="counts"')
    reported = page[page.index('id="reported"') :]
    assert (
        '<caption>来源：<a href="../sources/test-source/">测试来源</a>（1 项）</caption>'
        in reported
    )
    assert reported.count("测试来源") == 1


def test_markers_in_hand_written_pages_show_live_data(write_tree: WriteTree) -> None:
    page = "---\ntitle: 关于\n---\n\n# 关于\n\n本站收录 {{showcase count awards}} 项荣誉。\n\n{{showcase list studios district=南开区}}\n"
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": page, "data/records.yaml": DATA}
    )
    home = read_page(body(build_site(root), "index.html"))
    assert "本站收录 3 项荣誉。" in home.paragraphs
    assert Link("studios/steel-studio/", "天津钢管公司的劳模创新工作室") in home.links


def test_a_wrong_marker_fails_the_build_at_its_line(
    write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    page = "---\ntitle: 关于\n---\n\n# 关于\n\n见 {{showcase link li-gnag}}。\n"
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": page, "data/records.yaml": DATA}
    )
    with pytest.raises(Abort):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert errors[-1].startswith("content/index.md:7:3: ")
    assert "li-gang" in errors[-1]
    caplog.clear()


def test_photos_are_published_as_processed_pictures_with_their_words(
    write_tree: WriteTree,
) -> None:
    # The whole pipeline is tested in test_photos.py; here, that a record page shows it.
    photo = (
        "    photos:\n      - file: photos/award.jpg\n        caption: 颁奖现场\n"
        "        alt: 工会主席把奖牌交给工作室成员\n        shows_identifiable_people: true\n"
        "        consent: true\n        credit: 本报记者\n"
    )
    data = DATA.replace(
        "    description: 成立一年间成果丰硕。\n", "    description: 成立一年间成果丰硕。\n" + photo
    )
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n",
            "content/photos/award.jpg": small_jpeg(),
            "data/records.yaml": data,
        }
    )
    site = build_site(root)
    page = body(site, "studios/steel-studio/index.html")
    assert 'alt="工会主席把奖牌交给工作室成员"' in page
    assert (
        '<figcaption>颁奖现场<span class="showcase-credit">摄影：本报记者</span></figcaption>'
        in page
    )
    assert not (site / "photos/award.jpg").exists()


def test_open_data_is_published_and_listed(site: Path) -> None:
    page = body(site, "download/index.html")
    assert '<td data-label="JSON"><a href="../downloads/awards.json" download>JSON</a>' in page
    assert '<td data-label="记录数">3</td>' in page  # three awards
    # The column reference is folded, one <details> per kind.
    assert '<details class="showcase-columns" id="columns-2">' in page
    assert "<summary>荣誉（" in page
    assert (site / "downloads/awards.csv").read_bytes().startswith(b"\xef\xbb\xbfid,")
    assert b"<title>" in (site / "feeds/awards.xml").read_bytes()
    assert (site / "downloads/data.schema.json").is_file()


FOLDERS = ["", ".", "a", "a/b", "a/b/c", "a/c", "b", "ab", "a/bc", "studios/v1/page/2"]


@pytest.mark.parametrize("start", FOLDERS)
def test_relative_paths_are_those_of_posixpath(start: str) -> None:
    # The fast string version must agree with relpath on every pair of clean paths.
    for path in FOLDERS:
        expected = posixpath.relpath(path or ".", start or ".")
        assert relative_path(path, start) == expected, (path, start)


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_links_between_pages_lead_where_they_should(use_directory_urls: bool) -> None:
    uris = ["index.md", "totals.md", "people/index.md", "people/li-gang.md", "a/b/c.md"]
    for source in uris:
        url = page_url(source, use_directory_urls=use_directory_urls)
        # What a browser resolves a relative link against: the URL up to its last slash.
        folder = url[: url.rfind("/") + 1]
        for target in uris:
            link = relative_url(source, target, use_directory_urls=use_directory_urls)
            landed = posixpath.normpath(posixpath.join(folder, link))
            expected = page_url(target, use_directory_urls=use_directory_urls).rstrip("/")
            assert landed == (expected or "."), (source, target, link)


@pytest.mark.parametrize(
    ("number", "page_count", "window"),
    [
        (1, 1, [1]),
        (1, 3, [1, 2, 3]),
        (1, 10, [1, 2, 3, 4, 0, 10]),
        (5, 10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        (5, 11, [1, 2, 3, 4, 5, 6, 7, 8, 0, 11]),
        (6, 12, [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 12]),
        (7, 12, [1, 0, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
        (12, 12, [1, 0, 9, 10, 11, 12]),
    ],
)
def test_a_listing_links_to_its_first_last_and_nearby_pages(
    number: int, page_count: int, window: list[int]
) -> None:
    assert page_window(number, page_count) == window


def test_a_long_listing_shows_a_window_of_its_pages(write_tree: WriteTree) -> None:
    people = "people:\n" + "".join(
        f"  - id: person-{n:02}\n    name: 人物{n:02}\n    sources: [{{source: test-source}}]\n"
        for n in range(1, 31)
    )
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n", "data/p.yaml": people}
    )
    site = build_site(root)  # two people a page: 15 pages, every link checked by the build

    html = body(site, "people/page-6/index.html")
    top = html[html.index('<nav class="showcase-pagination"') :]
    pagination = read_page(top[: top.index("</nav>")])
    numbers = [word for word in pagination.words if word not in ("上一页", "下一页")]
    assert numbers == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "…", "15"]
    assert pagination.current == ["6"]
    assert Link("../page-5/", "上一页", "prev") in pagination.links
    assert Link("../page-7/", "下一页", "next") in pagination.links


def test_a_facet_with_many_values_shows_the_commonest_and_a_page_of_all(
    write_tree: WriteTree,
) -> None:
    honours = ["工人先锋号", "工人先锋号", "工人先锋号", "劳动模范", "劳动模范", "五一劳动奖章"]
    awards = "awards:\n" + "".join(
        f"  - id: award-{n}\n    honour: {honour}\n    recipient: li-gang\n"
        "    sources: [{source: test-source}]\n"
        for n, honour in enumerate(honours)
    )
    people = "people:\n  - id: li-gang\n    name: 李刚\n    sources: [{source: test-source}]\n"
    root = write_tree({"data/a.yaml": awards, "data/p.yaml": people})
    catalog = validate([root / "data"], root).catalog
    site_pages = SitePages(
        catalog, use_directory_urls=True, render_markdown=render_markdown, facet_menu_size=2
    )
    pages = {page.src_uri: page for page in site_pages.pages()}

    menu = read_page(pages["awards/index.md"].render()).lists["荣誉名称"]
    # The rarest of three is left out, the others most records first; the last entry leads
    # to all of them.
    assert [item.text for item in menu] == ["工人先锋号 3", "劳动模范 2", "全部 3 个荣誉名称"]
    assert menu[-1].links == [Link("honour/", "全部 3 个荣誉名称")]
    # On its own listing, the rare value is shown, as the page's.
    rare = read_page(pages[f"awards/honour/{facet_slug('五一劳动奖章')}/index.md"].render())
    assert rare.current == ["五一劳动奖章"]
    assert "五一劳动奖章 1" in [item.text for item in rare.lists["荣誉名称：五一劳动奖章"]]
    index = pages["awards/honour/index.md"]
    assert (index.title, index.in_nav) == ("荣誉：全部荣誉名称", False)
    everything = read_page(index.render()).lists["showcase-list"]
    assert {(item.links[0], item.count) for item in everything} == {
        (Link(f"{facet_slug(honour)}/", honour), count)
        for honour, count in [("工人先锋号", "3"), ("劳动模范", "2"), ("五一劳动奖章", "1")]
    }
    assert len(everything) == 3
    # A facet that fits its menu gets no such page.
    assert "awards/level/index.md" not in pages


def test_pages_in_the_menu_do_not_mark_their_neighbours(write_tree: WriteTree) -> None:
    """Only pages outside the menu borrow their folder's entry; one in it is marked alone."""
    overrides = REPO_ROOT / "overrides"
    root = write_tree(
        {
            "mkdocs.yml": (
                "site_name: 测试站点\ndocs_dir: content\n"
                f"theme:\n  name: material\n  language: zh\n  font: false\n  custom_dir: {overrides}\n"
                "nav:\n  - 首页: index.md\n  - 甲: guide/a.md\n  - 乙: guide/b.md\n"
            ),
            "content/index.md": "# 首页\n",
            "content/guide/a.md": "# 甲\n",
            "content/guide/b.md": "# 乙\n",
        }
    )
    site = build_into(root / "mkdocs.yml", root / "site")
    active = re.compile(r'<a href="([^"]+)" class="md-nav__link md-nav__link--active"')
    html = (site / "guide/a/index.html").read_text(encoding="utf-8")
    assert active.findall(html) == ["./"]
    assert 'aria-current="location"' not in html
