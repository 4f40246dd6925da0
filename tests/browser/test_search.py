"""Search in the real site: every name in data/ typed into the search box, in one tab.

Each record's name (as its page title shows it) must bring that record first; each topic's
name (an honour, an industry, a district, a programme), its listing pages
(awards/honour/<slug>/); a name that several records or listings share brings them all
first. A unit's short name and a person's given name bring the record within the
first five. The figures are printed (run with ``-s`` to see them). Then one test per class
of query: partial names, typos, topics, numbers as printed, traditional characters, pinyin
(full, spaced, initials) and a query with no word in the data.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page

from showcase.records.catalog import Catalog
from showcase.records.names import record_name
from showcase.records.schema import Organization, Person, RecordKind
from showcase.records.validation import validate
from showcase.site.listings import FACETS
from showcase.site.search_analysis import fold
from showcase.site.search_terms import TOPIC_FACETS, given_name
from showcase.site.urls import listing_src_uri, page_url, record_src_uri
from tests.browser.conftest import Tab
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

ALIAS_RANK = 5
# "ready" once the engine has its index manifest (see assets/showcase-search.js).
SEARCH_STATE = "data-showcase-search"
# The language file Material's worker would load before it builds its lunr index.
WORKER_LANGUAGE = "/assets/javascripts/lunr/min/lunr.zh.min.js"


def search_key(text: str) -> str:
    """A name as the engine matches it whole: folded, without spaces and punctuation."""
    return re.sub(r"[^\w]|_", "", fold(text))


# Counts Material's result renders (it rewrites the result count line on every result), and
# gives, for n, the page link of each result once more than n results have been shown; then
# selects the query, so that the next one is typed over it.
WATCH_RESULTS = """() => {
  const box = document.querySelector("input.md-search__input")
  const meta = document.querySelector(".md-search-result__meta")
  const links = () => Array.from(
    document.querySelectorAll(".md-search-result__item > a:first-child"), a => a.href)
  let shown = 0
  const waiting = []
  new MutationObserver(() => {
    shown++
    waiting.splice(0).forEach(wait => wait())
  }).observe(meta, { childList: true })
  window.__resultAfter = n => new Promise(resolve => {
    const wait = () => shown > n ? (box.select(), resolve(links())) : waiting.push(wait)
    wait()
  })
}"""


@dataclass(frozen=True)
class Expected:
    """A query, and the pages that must come first (names) or in the first five (aliases)."""

    query: str
    pages: frozenset[str]


def _url(src_uri: str) -> str:
    return page_url(src_uri, use_directory_urls=True)


def expected_results(catalog: Catalog) -> tuple[list[Expected], list[Expected]]:
    """What every name and every alias in the catalog must find, from the data alone."""
    by_id = catalog.by_id()
    names: dict[str, set[str]] = defaultdict(set)
    typed: dict[str, str] = {}
    aliases: list[Expected] = []
    for record in catalog:
        url = _url(record_src_uri(record.kind, record.id))
        name = record_name(record, by_id)
        names[search_key(name)].add(url)
        typed.setdefault(search_key(name), name)
        alternatives: Iterable[str | None] = ()
        if isinstance(record, Organization):
            alternatives = record.short_names or ()
        elif isinstance(record, Person):
            alternatives = [given_name(record.name)]
        aliases += [Expected(alias, frozenset({url})) for alias in alternatives if alias]
    # A topic's listing carries the topic as its name: an honour, an industry, a district,
    # a programme (工资集体协商 brings its listing and the projects of that title first).
    for kind, facets in FACETS.items():
        for facet in facets:
            if facet.name not in TOPIC_FACETS:
                continue
            for record in catalog.of_kind(kind):
                value = facet.value_of(record)
                if value:
                    url = _url(listing_src_uri(kind, 1, facet.name, value))
                    names[search_key(value)].add(url)
                    typed.setdefault(search_key(value), value)
    first = [Expected(typed[key], frozenset(urls)) for key, urls in sorted(names.items())]
    return first, aliases


def search_all(page: Page, base_url: str, queries: Iterable[str]) -> dict[str, list[str]]:
    """Type each query into the search box of one tab; the page URLs of its results."""
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("工会")
    page.keyboard.press("End")
    page.locator(f"html[{SEARCH_STATE}=ready]").wait_for(state="attached")
    page.locator(".md-search-result__item").first.wait_for()
    page.evaluate(WATCH_RESULTS)
    box.select_text()
    found: dict[str, list[str]] = {}
    for number, query in enumerate(dict.fromkeys(queries)):
        # Typed over the selected query; Material searches on keyup, if the text changed.
        page.keyboard.insert_text(query)
        page.keyboard.press("End")
        links = page.evaluate("n => window.__resultAfter(n)", number)
        found[query] = [_site_path(href, base_url) for href in links]
    return found


def _site_path(href: str, base_url: str) -> str:
    """A result's page, as a URL path under the site: without ?h=… and #section."""
    return urlsplit(href).path.removeprefix(urlsplit(base_url).path)


def script_errors(tab: Tab) -> list[str]:
    """Errors logged in the tab, but for missing files (test_site.py looks after those)."""
    return [error for error in tab.console_errors if "Failed to load resource" not in error]


def test_every_name_finds_its_record_first(tab: Tab, real_site_url: str) -> None:
    catalog = validate([REPO_ROOT / "data"], REPO_ROOT).catalog
    first, aliases = expected_results(catalog)

    started = time.perf_counter()
    found = search_all(tab.page, real_site_url, [e.query for e in first + aliases])
    seconds = time.perf_counter() - started

    not_first = [
        (e.query, sorted(e.pages), found[e.query][:3])
        for e in first
        if set(found[e.query][: len(e.pages)]) != e.pages
    ]
    not_near = [
        (e.query, sorted(e.pages), found[e.query][:ALIAS_RANK])
        for e in aliases
        if not e.pages <= set(found[e.query][:ALIAS_RANK])
    ]
    print(
        f"\nnames first: {len(first) - len(not_first)}/{len(first)}; "
        f"short and given names in the first {ALIAS_RANK}: "
        f"{len(aliases) - len(not_near)}/{len(aliases)}; "
        f"{len(found)} queries in {seconds:.1f} s"
    )
    assert not_first == []
    assert not_near == []
    assert tab.requests_off_machine() == []
    assert script_errors(tab) == []


def test_a_name_with_digits_and_a_given_name_are_found(tab: Tab, real_site_url: str) -> None:
    found = search_all(tab.page, real_site_url, ["东原500千伏变电站", "立红", "钢管"])

    assert found["东原500千伏变电站"][0] == "organizations/dongyuan-500kv-substation/"
    assert found["立红"][0] == "people/you-lihong/"
    # Part of a longer name still finds it: the index keeps its words apart.
    assert "organizations/tj-steel-pipe/" in found["钢管"][:5]
    assert tab.requests_off_machine() == []


def test_no_result_calls_the_name_missing(tab: Tab, real_site_url: str) -> None:
    found = search_all(tab.page, real_site_url, ["孔祥瑞"])

    assert found["孔祥瑞"][:2] == ["people/kong-xiangrui/", "studios/kong-xiangrui-studio/"]
    results = tab.page.locator(".md-search-result__item")
    # The studio's title holds the name, marked as found; no result lists it as missing.
    assert "".join(results.nth(1).locator("h1 mark").all_inner_texts()) == "孔祥瑞"
    missing = tab.page.locator(".md-search-result__terms").all_inner_texts()
    assert [line for line in missing if "孔祥瑞" in line] == []
    links = results.locator("a").evaluate_all("links => links.map(a => a.href)")
    assert [link for link in links if "%E2%80%8D" in link] == []  # no zero-width joiner
    assert script_errors(tab) == []


# Counts Material's renders of the result list from now on.
COUNT_RENDERS = """() => {
  window.__renders = 0
  new MutationObserver(() => window.__renders++).observe(
    document.querySelector(".md-search-result__meta"), { childList: true })
}"""


def type_query(page: Page, query: str) -> None:
    """Type a query into the search box, as a visitor would, and wait for a result."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    page.keyboard.press("End")  # Material searches on keyup
    page.locator(".md-search-result__item").first.wait_for()


def result_links(page: Page, base_url: str) -> list[str]:
    links = page.locator(".md-search-result__item > a:first-child")
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    return [_site_path(href, base_url) for href in hrefs]


def test_materials_worker_builds_no_index(tab: Tab, real_site_url: str, real_site: Path) -> None:
    tab.page.goto(real_site_url)
    type_query(tab.page, "孔祥瑞")

    assert tab.page.locator(f"html[{SEARCH_STATE}=ready]").count() == 1
    assert result_links(tab.page, real_site_url)[:2] == [
        "people/kong-xiangrui/",
        "studios/kong-xiangrui-studio/",
    ]
    loaded = {urlsplit(url).path for url in tab.requests}
    assert f"{urlsplit(real_site_url).path.rstrip('/')}{WORKER_LANGUAGE}" not in loaded
    # Nor is the worker started: its script (lunr) is not even loaded.
    assert [path for path in loaded if "/assets/javascripts/workers/" in path] == []
    shards = [path for path in loaded if "/search/showcase/" in path]
    assert any(path.endswith("/manifest.js") for path in shards)
    # Only the shards this query needed: not the whole index.
    on_disk = sorted(real_site.glob("search/showcase/*.js"))
    assert 2 <= len(shards) < max(len(on_disk), 10)
    assert script_errors(tab) == []


def test_answers_go_on_when_the_worker_fails(tab: Tab, real_site_url: str) -> None:
    tab.page.route("**/assets/javascripts/workers/search.*.js", lambda route: route.abort())
    tab.page.goto(real_site_url)
    type_query(tab.page, "东原500千伏变电站")

    assert result_links(tab.page, real_site_url)[0] == "organizations/dongyuan-500kv-substation/"
    assert tab.page.locator(f"html[{SEARCH_STATE}=ready]").count() == 1


# --- one test per class of query ----------------------------------------------------------------

KONG = ["people/kong-xiangrui/", "studios/kong-xiangrui-studio/"]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # Partial names and words inside names.
        ("钢管", "organizations/tj-steel-pipe/"),
        # A typo or a homophone in the last character: the rest is still a word.
        ("孔祥锐", "people/kong-xiangrui/"),
        # A name typed in homophones is found by its sound (kong xiang rui).
        ("孔翔睿", "people/kong-xiangrui/"),
        ("滕仁铃", "people/teng-renling/"),
        # A topic: its listing first.
        ("电力", _url(listing_src_uri(RecordKind.ORGANIZATIONS, 1, "industry", "电力"))),
        ("南开区的项目", _url(listing_src_uri(RecordKind.PROJECTS, 1, "district", "南开区"))),
        # A shortened studio name: the studio before its leader.
        ("袁淑娟工作室", "studios/yuan-shujuan-studio/"),
        # Traditional characters.
        ("孔祥瑞勞模工作室", "studios/kong-xiangrui-studio/"),
        # Pinyin, full, spaced and initials.
        ("kongxiangrui", "people/kong-xiangrui/"),
        ("kong xiang rui", "people/kong-xiangrui/"),
        ("kxr", "people/kong-xiangrui/"),
        # Numbers as printed: the figure that states them.
        ("582.8万", "figures/fig-training-person-times/"),
        ("96.3%", "figures/fig-wage-offer-rate/"),
        ("41047家", "figures/fig-wage-agreement-firms/"),
    ],
)
def test_each_class_of_query_finds_its_record_first(
    query: str, first: str, tab: Tab, real_site_url: str
) -> None:
    found = search_all(tab.page, real_site_url, [query])

    assert found[query][0] == first
    assert script_errors(tab) == []


def test_an_honour_finds_its_listing_first(tab: Tab, real_site_url: str) -> None:
    found = search_all(tab.page, real_site_url, ["全国劳动模范"])
    listing = _url(listing_src_uri(RecordKind.AWARDS, 1, "honour", "全国劳动模范"))
    assert found["全国劳动模范"][0] == listing


def test_a_query_with_no_word_in_the_data_says_so(tab: Tab, real_site_url: str) -> None:
    tab.page.goto(real_site_url)
    box = tab.page.locator("input.md-search__input")
    box.click()
    box.fill("诺贝尔和平奖")
    tab.page.keyboard.press("End")
    meta = tab.page.locator(".md-search-result__meta")
    meta.filter(has_text="数据里没有“诺贝尔和平奖”这个词。").wait_for()
    # No list of pages that share one character with the query.
    assert tab.page.locator(".md-search-result__item").count() == 0
    assert script_errors(tab) == []


@pytest.mark.parametrize(
    ("query", "message", "first"),
    [
        # An absent honour made of words the data has (全国, 技术): said so, and at most
        # the names that share half its characters suggested.
        ("全国技术能手", "数据里没有“全国技术能手”这个词。", None),
        ("和平区", "数据里没有“和平区”这个词。", None),  # a place
        ("王小明", "数据里没有“王小明”这个词。", None),  # a person
        # A typo'd name: said so, and the closest name suggested.
        (
            "天津眼科医苑",
            "数据里没有“天津眼科医苑”这个词。您是不是要找：",
            "organizations/tj-eye-hospital/",
        ),
        # One word absent, one present: the present one's record, and which was not found.
        (
            "孔祥瑞 鲁班奖",
            "数据里没有“鲁班奖”这个词；下面是只按“孔祥瑞”找到的结果：",
            "people/kong-xiangrui/",
        ),
    ],
)
def test_an_absent_word_is_said_absent(
    query: str, message: str, first: str | None, tab: Tab, real_site_url: str
) -> None:
    tab.page.goto(real_site_url)
    box = tab.page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    tab.page.keyboard.press("End")
    meta = tab.page.locator(".md-search-result__meta")
    meta.filter(has_text=message).wait_for()
    items = tab.page.locator(".md-search-result__item > a:first-child")
    if first is None:
        assert items.count() <= 10  # suggestions, not every page sharing a character
    else:
        items.first.wait_for()
        assert urlsplit(items.first.get_attribute("href") or "").path.endswith("/" + first)
    assert script_errors(tab) == []


def test_a_snippet_shows_the_matching_field_with_its_label(tab: Tab, real_site_url: str) -> None:
    tab.page.goto(real_site_url)
    type_query(tab.page, "582.8万")
    first = tab.page.locator(".md-search-result__item").first
    fields = first.locator(".showcase-search-field").all_inner_texts()
    assert any(text.startswith("数值：") and "582.8万" in text for text in fields), fields
    assert "582.8万" in "".join(first.locator("mark").all_inner_texts())
