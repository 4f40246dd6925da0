"""The photo lightbox in Chromium, from the disk (file://), driven by the keyboard."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import Tab
from tests.test_photos import GOOD_FILES, MKDOCS_YML, good_data
from tests.test_site_build import build_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The photo test site with file URLs, as the offline archive has them."""
    root = tmp_path_factory.mktemp("lightbox")
    files: dict[str, str | bytes] = {
        "data/sources.yaml": "sources:\n  - id: test-source\n    title: 测试来源\n",
        "mkdocs.yml": MKDOCS_YML + "use_directory_urls: false\n",
        "content/index.md": "# 首页\n",
        "data/records.yaml": good_data(),
        **GOOD_FILES,
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return build_site(root)


def test_the_lightbox_opens_from_the_keyboard_pages_and_closes_with_escape(
    tab: Tab, photo_site: Path
) -> None:
    page = tab.page
    page.goto((photo_site / "studios/steel-studio.html").as_uri())
    hero = page.locator("figure.showcase-hero a.showcase-lightbox")
    hero.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.showcase-lightbox-dialog")
    assert dialog.evaluate("d => d.open")
    picture = dialog.locator("img")
    assert picture.get_attribute("alt") == "车间里摆放整齐的数控机床"
    assert str(picture.get_attribute("src")).endswith("-1600.jpg")
    page.wait_for_function(
        "() => document.querySelector('dialog img').complete"
        " && document.querySelector('dialog img').naturalWidth === 1600"
    )
    assert dialog.locator("figcaption").inner_text() == "工作室一角"
    # Focus stays in the dialog, on its close button.
    assert page.evaluate("document.activeElement.classList.contains('showcase-lightbox-close')")

    page.keyboard.press("ArrowRight")
    assert dialog.locator("figcaption").inner_text() == "竖拍的照片"
    assert dialog.locator("img").get_attribute("alt") == "竖立的奖牌"
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")  # round to the last photo
    assert dialog.locator("figcaption").inner_text() == "工作室标志"

    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    # Back where the visitor was: on the photo the dialog showed last.
    assert page.evaluate("document.activeElement.getAttribute('href')") == (
        page.locator("a.showcase-lightbox").nth(3).get_attribute("href")
    )
    assert tab.console_errors == []
    assert [u for u in tab.requests if urlsplit(u).scheme != "file"] == []


def test_without_the_script_a_photo_link_opens_the_picture(tab: Tab, photo_site: Path) -> None:
    page = tab.page
    page.context.route("**/showcase-lightbox.js", lambda route: route.abort())
    page.goto((photo_site / "studios/steel-studio.html").as_uri())
    page.locator("figure.showcase-hero a.showcase-lightbox").click()
    page.wait_for_url("**/assets/photos/*-1600.jpg")
    tab.console_errors.clear()  # the refused script is reported; that is the test
