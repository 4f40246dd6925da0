"""What every generated page shares: where it goes, its title, and how records are named and linked.

The pages themselves are made by :mod:`showcase.site.record_pages` (one per record) and
:mod:`showcase.site.listings` (listings with facets and pages); both name and link records
through one :class:`SiteLinks`, so that a record is called the same everywhere. Their HTML
comes from our own Jinja environment (:mod:`showcase.site.templating`), with autoescape on:
no data string reaches a page unescaped. MkDocs only places the result; see
``showcase.mkdocs_plugins.records``.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup

from showcase.records.catalog import Catalog
from showcase.records.names import record_name
from showcase.records.schema import AnyRecord, Award, Photo, RecordKind, kind_title
from showcase.site.photos import PictureView, ProcessedPhoto, picture_view
from showcase.site.templating import template_environment
from showcase.site.urls import listing_src_uri, record_src_uri, relative_url, static_url

# The order kinds appear in related-record sections and in the navigation.
KIND_ORDER = (
    RecordKind.STUDIOS,
    RecordKind.AWARDS,
    RecordKind.PROJECTS,
    RecordKind.PEOPLE,
    RecordKind.ORGANIZATIONS,
    RecordKind.FIGURES,
    RecordKind.SOURCES,
)
KIND_TITLES = {kind: kind_title(kind) for kind in KIND_ORDER}


@dataclass(frozen=True, slots=True)  # one per page: 100,000 of them
class PageInputs:
    """What a generated page shows from the data, known without rendering it.

    The live preview (site/dependencies.py) compares these between two versions of the data
    to tell which pages a change touches. ``records`` are the records the page shows, in
    order: a record page's own record, a listing page's entries. ``key`` is everything else
    the data decides on the page (a listing's totals, its page count, its facet counts).
    A page with ``related`` also shows the records its records name and those naming them,
    with their names and the short lines under them (a record page).
    """

    records: tuple[str, ...]
    key: tuple[object, ...] = ()
    related: bool = False


@dataclass(frozen=True, slots=True)  # one per page: 100,000 of them
class GeneratedPage:
    """A page the site gets from the data: where it goes, its title, whether it is listed."""

    src_uri: str
    title: str
    in_nav: bool  # the front page of a listing, or the totals page; records never are
    render: Callable[[], Markup] = field(compare=False, repr=False)
    # What the search index holds for the page, as labelled plain texts (label, text): the
    # record's own words rather than the whole rendered page (whose related-record lists
    # and quotations would repeat other pages' words). None: the page is indexed as a whole.
    search_text: Callable[[], list[tuple[str, str]]] | None = field(
        default=None, compare=False, repr=False
    )
    # The picture a link to the page shows when shared (og:image), relative to the site root.
    image: str | None = None
    # What the page shows, for the live preview; None: it depends on all of the data, and
    # is rendered again after any change (the totals, the downloads).
    inputs: PageInputs | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Link:
    """A link to another generated page, with the text to show."""

    href: str
    text: str


@dataclass(frozen=True)
class PhotoView:
    """A photo as a page shows it: the record's words about it and its published sizes."""

    photo: Photo
    picture: PictureView


class SiteLinks:
    """How the records of one build are named, ordered, linked and pictured from any page."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        use_directory_urls: bool,
        photos: Mapping[str, ProcessedPhoto] | None = None,
    ) -> None:
        self.catalog = catalog
        self.use_directory_urls = use_directory_urls
        self.by_id = catalog.by_id()
        # Processed photos by file (showcase.site.photos); a photo without one is not shown.
        self.photos: Mapping[str, ProcessedPhoto] = photos or {}
        # Each record's name by id, with the record named: a record is named ten times on
        # average (its page, its lines, its links, the orders of the listings).
        self._names: dict[str, tuple[AnyRecord, str]] = {}

    def display_name(self, record: AnyRecord) -> str:
        """How a record is named in titles, lists and links."""
        known = self._names.get(record.id)
        if known is not None and known[0] is record:
            return known[1]
        name = record_name(record, self.by_id)
        self._names[record.id] = (record, name)
        return name

    def name_of(self, record_id: str | None) -> str | None:
        """The name of the record with ``record_id``; None for no id or an unknown one."""
        if record_id is None or record_id not in self.by_id:
            return None
        return self.display_name(self.by_id[record_id])

    def href(self, from_src_uri: str, to_src_uri: str, anchor: str = "") -> str:
        """The relative URL from one generated page to another, as it goes into the HTML."""
        return relative_url(
            from_src_uri, to_src_uri, use_directory_urls=self.use_directory_urls, anchor=anchor
        )

    def link(self, from_src_uri: str, record: AnyRecord) -> Link:
        """A link from one page to a record's page."""
        href = self.href(from_src_uri, record_src_uri(record.kind, record.id))
        return Link(href, self.display_name(record))

    def link_to_id(self, from_src_uri: str, record_id: str) -> Link:
        """A link to the record with ``record_id`` (the catalog has checked that it exists)."""
        return self.link(from_src_uri, self.by_id[record_id])

    def listing_link(self, from_src_uri: str, kind: RecordKind) -> Link:
        """The link back to the first page of a kind's listing: 全部劳模创新工作室."""
        return Link(self.href(from_src_uri, listing_src_uri(kind)), f"全部{KIND_TITLES[kind]}")

    def photo_views(self, record: AnyRecord, src_uri: str) -> list[PhotoView]:
        """The record's processed photos, with URLs as seen from the page at ``src_uri``."""
        url_of = functools.partial(static_url, src_uri, use_directory_urls=self.use_directory_urls)
        return [
            PhotoView(photo, picture_view(self.photos[photo.file], url_of))
            for photo in getattr(record, "photos", None) or ()
            if photo.file in self.photos
        ]

    def shared_image(self, record: AnyRecord) -> str | None:
        """The record's first photo at its largest size, relative to the site root."""
        for photo in getattr(record, "photos", None) or ():
            if photo.file in self.photos:
                return self.photos[photo.file].largest.path
        return None

    def thumbnail(self, record: AnyRecord, src_uri: str) -> PictureView | None:
        """The record's first photo, small, for a line in a listing."""
        views = self.photo_views(record, src_uri)
        return views[0].picture if views else None

    def thumbnail_html(self, record: AnyRecord, src_uri: str) -> Markup | None:
        """The record's thumbnail as one line of HTML, for the lists of hand-written pages."""
        thumbnail = self.thumbnail(record, src_uri)
        if thumbnail is None:
            return None
        macro = template_environment().get_template("_picture.html").module.picture  # type: ignore[attr-defined]
        html = str(macro(thumbnail, "", "5rem", class_="showcase-thumbnail"))
        return Markup(html.replace("\n", ""))

    def sorted_records(self, kind: RecordKind) -> list[AnyRecord]:
        """The records of a kind in listing order: honours newest first, others by name."""
        records = self.catalog.of_kind(kind)
        if kind is RecordKind.AWARDS:
            # Newest honours first; undated ones last; ties in a fixed order.
            return sorted(records, key=lambda r: (-date_rank(r), self.display_name(r), r.id))
        return sorted(records, key=lambda r: (self.display_name(r), r.id))


def date_rank(record: AnyRecord) -> int:
    date = record.first_date() if isinstance(record, Award) else None
    if not date:
        return 0
    parts = [int(p) for p in date.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]
