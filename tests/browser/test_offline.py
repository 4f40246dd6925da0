"""The offline archive of the real site, unzipped and opened from the disk (file://) in Chromium.

An archivist unzips it on a machine without internet and double-clicks index.html. Every
request the pages make must be a file: URL inside the unzipped folder. Not even data: or
blob: URLs are allowed, because Material needs none: its icons are inline SVG, the search
index is script files (search/showcase/*.js, loaded through <script> elements), and the
iframe-worker shim writes the search worker's frame with document.write, which fetches
nothing.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from showcase.mkdocs_plugins.commands import build_archive
from showcase.site.archive import SourceStamp
from tests.browser.conftest import Tab
from tests.browser.test_site import SITE_NAME, assert_no_other_host_but_materials_lazy_loads
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

PERSON = "邢明军"
STUDIO = "天津钢管公司劳模创新工作室"


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site's archive, built once with a fixed date and unzipped; its top folder."""
    output = tmp_path_factory.mktemp("offline-archive")
    archive = build_archive(
        REPO_ROOT / "mkdocs.yml",
        output,
        stamp=SourceStamp(1714552215),
        name="tianjin-union",
    )
    unzipped = tmp_path_factory.mktemp("offline-unzipped")
    with zipfile.ZipFile(archive.path) as opened:
        opened.extractall(unzipped)
    return unzipped / archive.top_folder


def _text(value: str) -> str:
    """Visible text without the zero-width spaces Material's search puts between words."""
    return value.replace("\u200b", "").strip()


def test_the_unzipped_archive_browses_and_searches_without_a_server(
    tab: Tab, offline_site: Path
) -> None:
    page = tab.page
    page.goto((offline_site / "index.html").as_uri())
    assert page.title() == SITE_NAME
    assert _text(page.locator("article h1").inner_text()) == SITE_NAME

    # A listing and a record, through the links a visitor clicks.
    page.locator(".md-nav__link", has_text="劳模创新工作室").first.click()
    page.wait_for_url("**/studios/index.html")
    page.locator("article a", has_text=STUDIO).first.click()
    page.wait_for_url("**/studios/*.html")
    assert _text(page.locator("article h1").inner_text()) == STUDIO

    # Search, from another page: Material searches on keyup.
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(PERSON)
    box.press("End")
    first = page.locator(".md-search-result__item > a").first
    first.wait_for()
    assert PERSON in _text(first.inner_text())
    first.click()
    page.wait_for_url("**/people/xing-mingjun.html*")
    assert _text(page.locator("article h1").inner_text()) == PERSON

    folder = offline_site.as_uri() + "/"
    assert [url for url in tab.requests if not url.startswith(folder)] == []
    # Pinyin and traditional characters, from the disk too.
    for query, expected in [
        ("xingmingjun", PERSON),
        ("xmj", PERSON),
        ("天津鋼管公司勞模創新工作室", STUDIO),
    ]:
        box = page.locator("input.md-search__input")
        box.click()
        box.fill(query)
        box.press("End")
        page.locator(".md-search-result__item > a").first.filter(has_text=expected).wait_for()
        page.keyboard.press("Escape")

    loaded = {
        unquote(urlsplit(url).path).removeprefix(offline_site.as_posix()) for url in tab.requests
    }
    # The search ran from the disk: the vendored shim, and the index's script shards.
    assert {"/search/search_index.js", "/assets/javascripts/iframe-worker-shim.js"} <= loaded
    assert "/search/showcase/manifest.js" in loaded
    assert any(path.startswith("/search/showcase/t") for path in loaded)
    assert tab.console_errors == []
    assert tab.dialogs == []


def test_the_archive_names_no_other_host_but_materials_lazy_loads(offline_site: Path) -> None:
    assert_no_other_host_but_materials_lazy_loads(offline_site)
    head = (offline_site / "index.html").read_text(encoding="utf-8").split("</head>")[0]
    # The shim comes first: it replaces window.Worker, which the search script then wraps.
    scripts = [part.split('"')[0] for part in head.split('<script src="')[1:]]
    assert scripts[0] == "assets/javascripts/iframe-worker-shim.js"
