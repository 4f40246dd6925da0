"""Every page a build gets from the records: the listings, then a page per record."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from markupsafe import Markup

from showcase.records.catalog import Catalog
from showcase.site.listings import FACET_MENU_SIZE, PAGE_SIZE, Listings
from showcase.site.pages import GeneratedPage, SiteLinks
from showcase.site.record_pages import RecordPages


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
