"""What the data adds to a site, worked out without a build: the call on_files delegates to."""

from __future__ import annotations

import json

import pytest

from showcase.records.revision import UNKNOWN
from showcase.records.validation import validate
from showcase.site.generated import GeneratedSite, generate_site
from showcase.site.layout import LayoutError, check_generated
from tests.conftest import WriteTree
from tests.test_pages import DATA


def _generated(write_tree: WriteTree) -> GeneratedSite:
    root = write_tree({"data/records.yaml": DATA})
    catalog = validate([root / "data"], root).catalog
    return generate_site(
        catalog, use_directory_urls=True, site_url=None, revision=UNKNOWN, page_size=2
    )


def test_the_site_from_the_data_needs_no_build(write_tree: WriteTree) -> None:
    site = _generated(write_tree)
    uris = [page.src_uri for page in site.pages]
    # The totals and the downloads first, then the listings, then a page per record.
    assert uris[:3] == ["totals.md", "download.md", "studios/index.md"]
    assert uris.index("awards/page-2.md") < uris.index("studios/steel-studio.md")
    assert len(uris) == len(set(uris))
    in_nav = [page.src_uri for page in site.pages if page.in_nav]
    assert in_nav[:3] == ["totals.md", "download.md", "studios/index.md"]
    assert "studios/steel-studio.md" not in in_nav
    studio = next(page for page in site.pages if page.src_uri == "studios/steel-studio.md")
    assert studio.title == "天津钢管公司的劳模创新工作室"
    assert "<h1>天津钢管公司的劳模创新工作室</h1>" in studio.render()
    assert studio.search_text is not None
    assert any("30余项" in text for _, text in studio.search_text())
    exported = json.loads(site.data_files["downloads/studios.json"])
    assert [record["id"] for record in exported["records"]] == ["steel-studio"]
    assert {"downloads/data.schema.json", "feeds/awards.xml"} <= site.data_files.keys()


def test_a_hand_written_file_in_the_way_is_named(write_tree: WriteTree) -> None:
    """The check on_files makes, on the generated site's own files, without a build."""
    site = _generated(write_tree)
    generated = [*site.data_files, *(page.src_uri for page in site.pages)]
    check_generated(generated, ["notes.md", "about/index.md"], shown_dir="content")
    with pytest.raises(LayoutError) as raised:
        check_generated(generated, ["notes.md", "Studios/Steel-Studio.md"], shown_dir="content")
    assert "content/Studios/Steel-Studio.md" in str(raised.value)
    assert "studios/steel-studio.md" in str(raised.value)
