"""A visitor finds their way: from a listing to a record and back, and through the pages."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.conftest import Tab, serve
from tests.conftest import SOURCE_TEXT, SOURCE_YAML, build_into, write_files
from tests.test_pages import DATA, MKDOCS_YML

pytestmark = pytest.mark.browser


def test_from_a_listing_to_a_record_and_back(tab: Tab, real_site_url: str) -> None:
    page = tab.page
    page.goto(real_site_url)
    page.locator("nav.md-nav--primary").get_by_role("link", name="劳模创新工作室").first.click()
    page.wait_for_url("**/studios/")
    assert page.locator("article h1").inner_text() == "劳模创新工作室"
    first = page.locator("ul.showcase-list a").first
    name = first.inner_text()
    first.click()
    page.wait_for_url("**/studios/*/")
    assert page.locator("article h1").inner_text() == name
    # The leader's page links back to the studio.
    page.locator(".showcase-facts").get_by_role("link").first.click()
    page.wait_for_url("**/people/*/")
    assert page.locator(".showcase-related").get_by_role("link", name=name).count() == 1
    page.go_back()
    page.go_back()
    page.wait_for_url("**/studios/")
    assert page.locator("article h1").inner_text() == "劳模创新工作室"
    assert tab.requests_off_machine() == []


def test_a_record_pages_sidebar_and_materials_config_written_by_scripts_work(
    tab: Tab, real_site_url: str
) -> None:
    page = tab.page
    page.goto(real_site_url + "studios/")
    page.locator("ul.showcase-list a").first.click()
    page.wait_for_url("**/studios/*/")
    # The record page's HTML holds neither (tests/test_nav_scripts.py): scripts wrote them.
    html = page.evaluate("fetch(location.href).then(response => response.text())")
    assert "md-nav--primary" not in html and "__config" not in html
    sidebar = page.locator("nav.md-nav--primary")
    assert sidebar.locator("[aria-current=location]").inner_text().strip() == "劳模创新工作室"
    root = page.evaluate("new URL('../../', location).href")
    config = page.evaluate("JSON.parse(document.getElementById('__config').textContent)")
    assert config["base"] == root and config["search"].startswith(root + "assets/")
    assert page.evaluate("__md_scope.href") == root
    sidebar.get_by_role("link", name="荣誉").click()
    page.wait_for_url("**/awards/")
    assert tab.console_errors == [] and tab.requests_off_machine() == []


@pytest.fixture(scope="module")
def paged_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site with two records a page, so that its listings have several pages."""
    root = tmp_path_factory.mktemp("paged")
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": "# 首页\n",
        "data/records.yaml": DATA,
        "data/sources.yaml": SOURCE_YAML,
        "data/sources/test.txt": SOURCE_TEXT,
    }
    write_files(root, files)
    site = build_into(root / "mkdocs.yml", root / "site")
    with serve(site) as url:
        yield url


def test_pagination_and_facets(tab: Tab, paged_site_url: str) -> None:
    page = tab.page
    page.goto(paged_site_url + "awards/")
    assert page.locator("ul.showcase-list > li").count() == 2
    # The pager is above the list and below it; the one below is used here.
    assert page.get_by_role("navigation", name="分页（上）").count() == 1
    bottom = page.get_by_role("navigation", name="分页", exact=True)
    bottom.get_by_role("link", name="下一页").click()
    page.wait_for_url("**/awards/page-2/")
    assert page.locator("ul.showcase-list > li").count() == 1
    assert bottom.locator('[aria-current="page"]').inner_text() == "2"
    bottom.get_by_role("link", name="上一页").click()
    page.wait_for_url("**/awards/")
    # A facet narrows the listing to the honours of one name: open its menu, pick a value.
    filters = page.get_by_role("navigation", name="筛选")
    filters.locator("summary", has_text="荣誉名称").click()
    filters.get_by_role("link", name="工人先锋号").click()
    titles = page.locator("ul.showcase-list > li > a").all_inner_texts()
    assert titles == ["工人先锋号：天津钢管公司", "工人先锋号：天津钢管公司"]
    assert tab.requests_off_machine() == []
