"""What the data adds to a site, worked out without a build: the call on_files delegates to."""

from __future__ import annotations

import json

from showcase.records.revision import UNKNOWN
from showcase.records.validation import validate
from showcase.site.generated import GeneratedSite, generate_site
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
    assert studio.search_text is not None and "30余项" in studio.search_text()
    exported = json.loads(site.data_files["downloads/studios.json"])
    assert [record["id"] for record in exported["records"]] == ["steel-studio"]
    assert {"downloads/data.schema.json", "feeds/awards.xml"} <= site.data_files.keys()


def test_clashes_name_hand_written_files_and_repeated_pages(write_tree: WriteTree) -> None:
    site = _generated(write_tree)
    taken = {"studios/steel-studio.md", "downloads/awards.csv", "notes.md"}
    assert site.clashes(taken.__contains__) == ["downloads/awards.csv", "studios/steel-studio.md"]
    assert site.clashes(lambda path: False) == []
    twice = GeneratedSite(site.data_files, (*site.pages, site.pages[0]))
    assert twice.clashes(lambda path: False) == ["totals.md"]
