"""Every kind of page, checked by axe-core in Chromium on a phone and a desktop.

axe-core is the npm package pinned in ``tests/browser/axe/package-lock.json``; ``make test``
installs it with ``npm ci``. It is injected into each page from that file, so nothing is
fetched from elsewhere. A page passes with no serious and no critical violation. Each page is
also captured at both widths under ``test-artifacts/`` (its first screen: to look at, not
to compare).

The site checked is the real one, built with four records per listing page so that a
second page exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Browser

from showcase.site.urls import facet_slug
from tests.browser.conftest import ARTIFACTS, TIMEOUT_MS, serve
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "tests/browser/axe/node_modules/axe-core/axe.min.js"
VIEWPORTS = {"360": {"width": 360, "height": 800}, "1366": {"width": 1366, "height": 900}}
# One page of every kind a visitor meets.
PAGES = {
    "home": "",
    "listing": "awards/",
    "facet": f"awards/honour/{facet_slug('工人先锋号')}/",
    "page-2": "awards/page-2/",
    "sorted": "awards/sort-level/",
    "studio": "studios/tj-steel-pipe-studio/",
    "award": "awards/tj-steel-pipe-processing-pioneer/",
    "project": "projects/culture-to-grassroots/",
    "person": "people/li-gang/",
    "organization": "organizations/acftu/",
    "figure": "figures/fig-studios-tianjin/",
    "source": "sources/tj-unions-article-2013/",
    "totals": "totals/",
    "downloads": "download/",
}
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def paged_site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site with four records per listing page, served on 127.0.0.1."""
    site = tmp_path_factory.mktemp("paged-site")
    config = load_config(str(REPO_ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
    config.plugins["showcase/records"].config["page_size"] = 4
    build(config)
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def axe_script() -> Path:
    if not AXE.is_file():
        message = f"{AXE} is missing: `make test` installs it with npm ci in tests/browser/axe"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def _violations(page: object, axe: Path) -> list[str]:
    """The serious and critical axe-core violations of the page, one line per node."""
    page.add_script_tag(path=str(axe))  # type: ignore[attr-defined]
    result = page.evaluate(  # type: ignore[attr-defined]
        "async () => JSON.stringify(await axe.run(document, {resultTypes: ['violations']}))"
    )
    found = []
    for violation in json.loads(result)["violations"]:
        if violation["impact"] in BLOCKING:
            for node in violation["nodes"]:
                found.append(f"{violation['id']} ({violation['impact']}): {node['target']}")
    return found


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_has_no_serious_accessibility_violation(
    name: str, viewport: str, chromium: Browser, paged_site_url: str, axe_script: Path
) -> None:
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        response = page.goto(paged_site_url + PAGES[name])
        assert response is not None and response.ok, PAGES[name]
        page.wait_for_load_state("networkidle")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page-{name}-{viewport}.png"))
        assert _violations(page, axe_script) == []
    finally:
        context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_open_search_has_no_serious_accessibility_violation(
    viewport: str, chromium: Browser, paged_site_url: str, axe_script: Path
) -> None:
    context = chromium.new_context(viewport=VIEWPORTS[viewport], locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(paged_site_url)
        if viewport == "360":
            page.locator("label.md-header__button[for='__search']").click()
        search = page.locator("input.md-search__input")
        search.click()
        # Material searches on keyup: fill() alone sends nothing, a key press does.
        search.fill("李刚")
        page.keyboard.press("End")
        page.locator(".md-search-result__item").first.wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"page-search-{viewport}.png"))
        assert _violations(page, axe_script) == []
    finally:
        context.close()


REFLOW_PAGES = ["home", "listing", "studio", "totals", "downloads"]


def test_the_large_text_switch_is_remembered_and_pages_reflow_at_200_percent(
    chromium: Browser, paged_site_url: str
) -> None:
    context = chromium.new_context(viewport=VIEWPORTS["360"], locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        page.goto(paged_site_url)
        switch = page.locator("[data-showcase-large-text]")
        assert switch.inner_text() == "大字"
        assert switch.get_attribute("aria-pressed") == "false"
        normal = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        switch.click()
        assert switch.get_attribute("aria-pressed") == "true"
        large = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert large >= normal * 1.25
        checked = []
        for name in REFLOW_PAGES:
            # The choice is remembered from page to page, with no server involved.
            page.goto(paged_site_url + PAGES[name])
            assert page.locator("html.showcase-large-text").count() == 1, name
            assert switch.get_attribute("aria-pressed") == "true", name
            # 200 % text: twice Material's own 125 %. Nothing may run off the side.
            page.evaluate("document.documentElement.style.fontSize = '250%'")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= VIEWPORTS["360"]["width"], f"{name}: {width} px at 200 % text"
            page.screenshot(path=str(ARTIFACTS / f"large-text-{name}-360.png"))
            checked.append(name)
        assert checked == REFLOW_PAGES
        # And off again.
        page.evaluate("document.documentElement.style.fontSize = ''")
        switch.click()
        page.reload()
        assert page.locator("html.showcase-large-text").count() == 0
    finally:
        context.close()
