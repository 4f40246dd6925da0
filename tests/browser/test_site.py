"""The real site in Chromium: what a visitor sees, on a desktop and on a 360 px phone."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import PHONE, Tab

pytestmark = pytest.mark.browser

SITE_NAME = "天津工会荣誉与创新"

# Pages checked for screenshots and phone width, with the text their heading must show.
PAGES = {
    "home": ("", SITE_NAME),
    "studios": ("studios/", "劳模创新工作室"),
    "studio": ("studios/tj-steel-pipe-studio/", "天津钢管公司劳模创新工作室"),
    "totals": ("totals/", None),
}

# Hosts a page must never load from: mainland visitors cannot reach them, or slowly.
FORBIDDEN_HOSTS = re.compile(
    r"fonts\.googleapis\.com|fonts\.gstatic\.com|unpkg\.com|jsdelivr|cdn", re.IGNORECASE
)
# Material's bundle names two lazy loaders that this site never triggers: a ResizeObserver
# polyfill for browsers without one, and Mermaid for pages with a mermaid diagram (this site
# configures no mermaid fence, and test_no_page_asks_for_mermaid checks that none has one).
MATERIAL_LAZY_LOADS = [
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js",
    "https://unpkg.com/resize-observer-polyfill",
]


def _text(value: str) -> str:
    """Visible text without the zero-width spaces Material's search puts between words."""
    return value.replace("\u200b", "")


def _page_file(site: Path, url_path: str) -> Path:
    return site / url_path / "index.html"


def test_the_home_page_shows_the_site_and_loads_nothing_from_elsewhere(
    tab: Tab, real_site_url: str
) -> None:
    tab.page.goto(real_site_url)
    tab.page.wait_for_load_state("networkidle")

    assert tab.page.title() == SITE_NAME
    assert tab.page.locator(".md-header__topic").first.inner_text().strip() == SITE_NAME
    assert tab.page.locator("article h1").inner_text().strip() == SITE_NAME
    assert "官方公布的统计数字" in tab.page.locator("article").inner_text()
    # The request log works (it saw the stylesheet) and saw nothing leave the machine.
    assert any(re.search(r"/assets/stylesheets/main\.\w+\.min\.css$", url) for url in tab.requests)
    assert tab.requests_off_machine() == []
    assert tab.console_errors == []


def assert_no_other_host_but_materials_lazy_loads(site: Path) -> None:
    """No built file names a font or CDN host, but Material's bundle with its two lazy loads."""
    found: dict[str, list[str]] = {}
    admin = site / "admin"
    for path in sorted(site.rglob("*")):
        if path.is_relative_to(admin):
            continue  # the form editor's program: assert_the_form_editor_names_no_cdn_it_uses
        if path.suffix in {".html", ".css", ".js"}:
            text = path.read_text(encoding="utf-8")
            for match in FORBIDDEN_HOSTS.finditer(text):
                start = text.rfind('"', 0, match.start()) + 1
                found.setdefault(path.relative_to(site).as_posix(), []).append(
                    text[start : text.find('"', match.end())]
                )
    bundles = [
        name for name in found if re.fullmatch(r"assets/javascripts/bundle\.\w+\.min\.js", name)
    ]
    assert len(bundles) == 1, found
    assert sorted(found.pop(bundles[0])) == MATERIAL_LAZY_LOADS
    assert found == {}


def test_the_built_files_name_no_font_or_cdn_host(real_site: Path) -> None:
    assert_no_other_host_but_materials_lazy_loads(real_site)
    assert_the_form_editor_names_no_cdn_it_uses(real_site)


# Decap CMS's bundle is full of identifiers such as cdnUrl; what matters is the addresses it
# names. Its one CDN address belongs to the Uploadcare media library, which loads only when a
# site's configuration names that library: ours never does (checked below).
CDN_ADDRESS = re.compile(
    r"https?://[^\"'\s)`]*(?:cdn|unpkg|jsdelivr|googleapis|gstatic)[^\"'\s)`]*", re.IGNORECASE
)
DECAP_UNUSED_CDN_ADDRESSES = {"https://ucarecdn.com"}


def assert_the_form_editor_names_no_cdn_it_uses(site: Path) -> None:
    admin = site / "admin"
    scripts = sorted(admin.rglob("*.js"))
    assert len(scripts) > 1, "the form editor's bundle is missing"
    named = {
        address
        for path in [*scripts, *admin.glob("*.html")]
        for address in CDN_ADDRESS.findall(path.read_text(encoding="utf-8", errors="replace"))
    }
    assert named <= DECAP_UNUSED_CDN_ADDRESSES, named
    assert "media_library" not in (admin / "config.yml").read_text(encoding="utf-8")


def test_no_page_asks_for_mermaid(real_site: Path) -> None:
    # Material fetches Mermaid from unpkg.com for any page with a mermaid diagram.
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 100
    assert [path for path in pages if 'class="mermaid"' in path.read_text(encoding="utf-8")] == []


@pytest.mark.parametrize("name", list(PAGES))
def test_a_page_is_captured_and_fits_a_phone(
    name: str, tab: Tab, real_site: Path, real_site_url: str
) -> None:
    url_path, heading = PAGES[name]
    assert _page_file(real_site, url_path).is_file(), url_path

    tab.page.goto(real_site_url + url_path)
    h1 = tab.page.locator("article h1").first
    if heading is not None:
        assert h1.inner_text().strip() == heading
    else:
        assert h1.inner_text().strip()
    tab.screenshot(f"{name}-desktop")

    tab.page.set_viewport_size(PHONE)
    tab.page.reload()
    assert h1.is_visible()
    tab.screenshot(f"{name}-360")
    width = tab.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{url_path} is {width} px wide at {PHONE['width']} px"
    assert tab.requests_off_machine() == []
    assert tab.console_errors == []


# A run only a hand-written page holds (逐条整理: words that are no words of the data) is
# found, though the page's words do not count as the data's (absent honours stay absent:
# test_search.py). The page checks that the page holds the run whole.
def test_search_finds_a_word_of_the_home_page(tab: Tab, real_site_url: str) -> None:
    tab.page.goto(real_site_url)
    # A word only the home page uses (how its records are made), so that other pages cannot
    # push it out of the first results. If the home page stops saying it, pick another.
    word = "逐条整理"
    assert word in tab.page.locator("article").inner_text()
    search = tab.page.locator("input.md-search__input")
    search.click()
    # Material searches on keyup: fill() alone sends nothing, a key press does.
    search.fill(word)
    tab.page.keyboard.press("End")

    results = tab.page.locator(".md-search-result__item")
    results.first.wait_for()
    home = results.first
    href = urlsplit(home.locator("a").first.get_attribute("href") or "")
    assert href._replace(query="").geturl() == real_site_url, results.all_inner_texts()
    # The home page's heading is in its banner (HTML), so search names it by its menu entry.
    assert _text(home.locator("h1").inner_text()).strip() == "首页"
    assert word in _text(home.inner_text())
    assert home.locator("mark").count() > 0
    # The log also sees the search worker's requests: the index it fetched is in it.
    assert f"{real_site_url}search/search_index.json" in tab.requests
    assert tab.requests_off_machine() == []
    assert tab.console_errors == []


def _painted_colours(tab: Tab, selector: str) -> int:
    """How many colours the element's box shows: one for a solid block, more for a picture."""
    from io import BytesIO

    from PIL import Image

    png = tab.page.locator(selector).first.screenshot()
    colours = Image.open(BytesIO(png)).convert("RGB").getcolors(maxcolors=1 << 16)
    assert colours is not None
    return len(colours)


# No CSS transition or animation is still running on the page.
SETTLED = "document.getAnimations().every((animation) => animation.playState !== 'running')"


def test_the_header_and_search_icons_are_drawn_by_the_stylesheet(
    tab: Tab, real_site_url: str
) -> None:
    # The icons are <span>s masked with Material's pictures (showcase-face.css): painted
    # through the mask they show the picture, not a solid block of the text colour (one colour).
    tab.page.set_viewport_size(PHONE)
    tab.page.goto(real_site_url + "people/li-gang/")
    menu = 'label[for="__drawer"] .showcase-icon'
    box = tab.page.locator(menu).bounding_box()
    assert box is not None and (box["width"], box["height"]) == (24, 24)  # 1.2rem, as Material's
    assert _painted_colours(tab, menu) > 1  # three bars on the header's colour
    assert _painted_colours(tab, '.md-header__button[for="__search"] .showcase-icon') > 2
    # On a phone the open search box shows the back arrow, on a desktop the magnifier.
    tab.page.locator('.md-header__button[for="__search"]').click()
    # The search box slides in: paint the icon once its transitions have ended.
    tab.page.wait_for_function(SETTLED)
    box_icons = '.md-search__icon[for="__search"] .showcase-icon'
    assert [tab.page.locator(box_icons).nth(i).is_visible() for i in range(2)] == [False, True]
    assert _painted_colours(tab, box_icons + ":last-child") > 2
    tab.page.set_viewport_size({"width": 1366, "height": 900})
    tab.page.reload()
    tab.page.wait_for_function(SETTLED)
    assert [tab.page.locator(box_icons).nth(i).is_visible() for i in range(2)] == [True, False]
    assert _painted_colours(tab, box_icons + ":first-child") > 2
    assert tab.page.locator("svg").count() == 0
    assert tab.console_errors == []


def test_a_record_pages_header_footer_and_print_line_are_written_by_scripts(
    tab: Tab, real_site_url: str, chromium: Browser
) -> None:
    # The header and footer come from the folder's scripts (identity/nav_scripts.py), the
    # print line from the face script: in the page as if they were in its HTML.
    page = tab.page
    page.goto(real_site_url + "people/li-gang/")
    html = page.evaluate("fetch(location.href).then(response => response.text())")
    assert '<header class="md-header' not in html and "showcase-print-line" not in html
    title = page.locator('.md-header__topic[data-md-component="header-topic"]')
    assert title.inner_text().strip() == page.locator("article h1").inner_text().strip()
    assert page.locator("footer.md-footer .showcase-footer__name").count() == 1
    line = page.locator("article .showcase-print-line")
    assert line.count() == 1 and not line.is_visible()
    page.emulate_media(media="print")
    assert line.is_visible()
    site_name = page.get_attribute('meta[property="og:site_name"]', "content")
    assert line.inner_text().startswith(f"{site_name} · {page.url} · 打印日期 20")
    assert tab.console_errors == [] and tab.requests_off_machine() == []
    # Without scripts the page still names the site and leads home, in the header's place.
    context = chromium.new_context(java_script_enabled=False)
    try:
        bare = context.new_page()
        bare.goto(real_site_url + "people/li-gang/")
        home = bare.locator(".showcase-noscript-home a")
        assert home.inner_text() == site_name
        home.click()
        bare.wait_for_url(real_site_url)
    finally:
        context.close()
