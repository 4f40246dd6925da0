"""Every page and file a build gets from the records, worked out without MkDocs.

:func:`generate_site` is the one call the records plugin makes in ``on_files``: it returns
the open-data files (exports, JSON Schema, feed) and the generated pages (totals, downloads,
listings, a page per record) in the order the site lists them. Tests call it as it is.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markupsafe import Markup

from showcase.records.catalog import Catalog
from showcase.records.revision import Revision
from showcase.site.downloads import DOWNLOADS_SRC_URI, open_data_files, render_downloads_page
from showcase.site.listings import FACET_MENU_SIZE, PAGE_SIZE, Listings
from showcase.site.pages import GeneratedPage, SiteLinks
from showcase.site.record_pages import RecordPages
from showcase.site.sanitize import render_markdown
from showcase.site.totals_page import render_totals_page
from showcase.site.urls import TOTALS_SRC_URI


class SitePages:
    """All generated pages of one build, listings and records; renders each on request."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        use_directory_urls: bool,
        render_markdown: Callable[[str], Markup],
        page_size: int = PAGE_SIZE,
        facet_menu_size: int = FACET_MENU_SIZE,
    ) -> None:
        self.links = SiteLinks(catalog, use_directory_urls=use_directory_urls)
        self.listings = Listings(self.links, page_size=page_size, facet_menu_size=facet_menu_size)
        self.records = RecordPages(self.links, render_markdown=render_markdown)

    def pages(self) -> Iterator[GeneratedPage]:
        """Every generated page, in a stable order: listings first, then records."""
        yield from self.listings.pages()
        yield from self.records.pages()


@dataclass(frozen=True)
class GeneratedSite:
    """What the data adds to a site: open-data files by their path, and pages to render."""

    data_files: dict[str, bytes]
    pages: tuple[GeneratedPage, ...]  # the totals, the downloads, the listings, the records


def generate_site(
    catalog: Catalog,
    *,
    use_directory_urls: bool,
    site_url: str | None,
    revision: Revision,
    page_size: int = PAGE_SIZE,
) -> GeneratedSite:
    """The files and pages of a site built from ``catalog``; pages render when asked to."""
    pages = SitePages(
        catalog,
        use_directory_urls=use_directory_urls,
        render_markdown=render_markdown,
        page_size=page_size,
    )
    data_files = open_data_files(catalog, site_url=site_url, use_directory_urls=use_directory_urls)
    totals = GeneratedPage(
        TOTALS_SRC_URI, "数字汇总", True, functools.partial(render_totals_page, pages.links)
    )
    downloads = GeneratedPage(
        DOWNLOADS_SRC_URI,
        "下载数据",
        True,
        functools.partial(
            render_downloads_page,
            catalog,
            data_files,
            revision=revision,
            use_directory_urls=use_directory_urls,
        ),
    )
    return GeneratedSite(data_files, (totals, downloads, *pages.pages()))
