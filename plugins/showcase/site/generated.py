"""Every page and file a build gets from the records, worked out without MkDocs.

:func:`generate_site` is the one call the records plugin makes in ``on_files``: it returns
the open-data files (exports, JSON Schema, feed) and the generated pages (totals, downloads,
listings, a page per record) in the order the site lists them, and the files of the
processed photos. Tests call it as it is.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from showcase.records.catalog import Catalog
from showcase.records.revision import Revision
from showcase.records.schema import AnyRecord, RecordKind
from showcase.site.downloads import (
    DOWNLOADS_SRC_URI,
    file_sizes,
    open_data_files,
    open_data_paths,
    render_downloads_page,
    write_open_data_files,
)
from showcase.site.listings import FACET_MENU_SIZE, PAGE_SIZE, Listings
from showcase.site.pages import KIND_ORDER, GeneratedPage, SiteLinks
from showcase.site.parallel import Background
from showcase.site.photos import LIGHTBOX_PATH, ProcessedPhoto, PublishedPhotos
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
        photos: Mapping[str, ProcessedPhoto] | None = None,
        lightbox_script: str | None = None,
    ) -> None:
        self.links = SiteLinks(catalog, use_directory_urls=use_directory_urls, photos=photos)
        self.listings = Listings(self.links, page_size=page_size, facet_menu_size=facet_menu_size)
        self.records = RecordPages(
            self.links,
            render_markdown=render_markdown,
            lightbox_script=lightbox_script,
            page_size=page_size,
        )

    def pages(self) -> Iterator[GeneratedPage]:
        """Every generated page, in a stable order: listings first, then records."""
        yield from self.listings.pages()
        yield from self.records.pages()


@dataclass(frozen=True)
class GeneratedSite:
    """What the data adds to a site: open-data files by their path, and pages to render."""

    data_files: dict[str, bytes]
    pages: tuple[GeneratedPage, ...]  # the totals, the downloads, the listings, the records
    # The processed photos' files (showcase.site.photos.publish_photos): site path -> the
    # cached file to copy there, and site path -> text (the photo index, the lightbox).
    photo_files: dict[str, Path] = field(default_factory=dict)
    photo_texts: dict[str, str] = field(default_factory=dict)
    # A record's thumbnail as seen from a page, for the lists of hand-written pages
    # ({{showcase list}} markers).
    thumbnail_html: Callable[[AnyRecord, str], Markup | None] | None = field(
        default=None, compare=False, repr=False
    )
    # The open-data files written out (generate_site's data_folder) instead of held in
    # data_files: site path -> the file to copy there.
    data_paths: dict[str, Path] = field(default_factory=dict)
    # Writing data_paths, when it runs beside the build (generate_site's data_in_background).
    data_writer: Background[dict[str, Path]] | None = field(default=None, compare=False, repr=False)

    def wait_for_data(self) -> None:
        """Return once every file of ``data_paths`` is written; raise what writing raised."""
        if self.data_writer is not None:
            self.data_writer.result()

    def paths(self) -> list[str]:
        """Every file the site gets from the data, relative to the site's sources."""
        return [
            *self.data_files,
            *self.data_paths,
            *(page.src_uri for page in self.pages),
            *self.photo_files,
            *self.photo_texts,
        ]


def generate_site(
    catalog: Catalog,
    *,
    use_directory_urls: bool,
    site_url: str | None,
    revision: Revision,
    page_size: int = PAGE_SIZE,
    photos: PublishedPhotos | None = None,
    data_folder: Path | None = None,
    reuse_data_files: Mapping[str, bytes] | None = None,
    data_kinds: Collection[RecordKind] = KIND_ORDER,
    data_in_background: bool = False,
) -> GeneratedSite:
    """The files and pages of a site built from ``catalog``; pages render when asked to.

    ``photos`` are the records' processed photos; without them no photo is shown. With
    ``data_folder`` the open-data files are written there one by one (``data_paths``) rather
    than held in memory (``data_files``). The live preview passes the open-data files of the
    site before an edit as ``reuse_data_files``, and the kinds whose files the edit touches
    as ``data_kinds``; those are made again, in memory. With ``data_in_background`` too,
    the files of ``data_folder`` are written by a forked process while the build goes on:
    :meth:`GeneratedSite.wait_for_data` before they are copied (the download page, which
    prints their sizes, waits for them itself).
    """
    published = photos or PublishedPhotos({}, {}, {})
    pages = SitePages(
        catalog,
        use_directory_urls=use_directory_urls,
        render_markdown=render_markdown,
        page_size=page_size,
        photos=published.photos,
        lightbox_script=LIGHTBOX_PATH if published.photos else None,
    )
    data_files: dict[str, bytes] = {}
    data_paths: dict[str, Path] = {}
    data_writer: Background[dict[str, Path]] | None = None
    if data_folder is None or reuse_data_files is not None:
        data_files = open_data_files(
            catalog,
            site_url=site_url,
            use_directory_urls=use_directory_urls,
            dated=revision.committed,
            reuse=reuse_data_files,
            kinds=data_kinds,
        )
    else:
        write = functools.partial(
            write_open_data_files,
            catalog,
            data_folder,
            site_url=site_url,
            use_directory_urls=use_directory_urls,
            dated=revision.committed,
        )
        if data_in_background:
            data_writer = Background(write)
            data_paths = {path: data_folder / path for path in open_data_paths(catalog)}
        else:
            data_paths = write()
    totals = GeneratedPage(
        TOTALS_SRC_URI,
        "数字汇总",
        True,
        functools.partial(render_totals_page, pages.links, page_size),
    )
    downloads = _downloads_page(
        catalog,
        {**data_files, **data_paths},
        data_writer,
        revision=revision,
        use_directory_urls=use_directory_urls,
    )
    return GeneratedSite(
        data_files,
        (totals, downloads, *pages.pages()),
        dict(published.copied),
        dict(published.written),
        pages.links.thumbnail_html,
        data_paths,
        data_writer,
    )


def record_pages_of(
    catalog: Catalog,
    records: Iterable[AnyRecord],
    referrers: Mapping[str, list[tuple[AnyRecord, str]]],
    *,
    use_directory_urls: bool,
    page_size: int = PAGE_SIZE,
    photos: PublishedPhotos | None = None,
) -> list[GeneratedPage]:
    """The pages of ``records`` (of ``catalog``) as :func:`generate_site` makes them, given
    who names each (``referrers``): the live preview shows the page being edited with these
    before it generates the whole site again."""
    published = photos or PublishedPhotos({}, {}, {})
    pages = RecordPages(
        SiteLinks(catalog, use_directory_urls=use_directory_urls, photos=published.photos),
        render_markdown=render_markdown,
        lightbox_script=LIGHTBOX_PATH if published.photos else None,
        page_size=page_size,
        referrers=referrers,
    )
    return [pages.record_page(record) for record in records]


def with_open_data(
    site: GeneratedSite,
    catalog: Catalog,
    data_files: Mapping[str, bytes],
    *,
    revision: Revision,
    use_directory_urls: bool,
    made: Background[dict[str, bytes]] | None = None,
) -> GeneratedSite:
    """``site`` (from ``catalog``) with ``data_files`` as its open-data files, held in memory,
    and its download page printing their sizes, with those of ``made`` in their place.

    The live preview generates the pages once, renders the page being edited, and only
    then makes the open-data files of the edit, which take longer: ``made`` makes them in
    another process, and the download page waits for them when it is rendered.
    """
    files = dict(data_files)
    downloads = _downloads_page(
        catalog, files, made, revision=revision, use_directory_urls=use_directory_urls
    )
    pages = tuple(downloads if page.src_uri == DOWNLOADS_SRC_URI else page for page in site.pages)
    return dataclasses.replace(site, data_files=files, pages=pages, data_paths={}, data_writer=None)


def _downloads_page(
    catalog: Catalog,
    files: Mapping[str, bytes | Path],
    data_writer: Background[dict[str, Path]] | Background[dict[str, bytes]] | None,
    *,
    revision: Revision,
    use_directory_urls: bool,
) -> GeneratedPage:
    return GeneratedPage(
        DOWNLOADS_SRC_URI,
        "下载数据",
        True,
        functools.partial(
            _render_downloads,
            catalog,
            files,
            data_writer,
            revision=revision,
            use_directory_urls=use_directory_urls,
        ),
    )


def _render_downloads(
    catalog: Catalog,
    files: Mapping[str, bytes | Path],
    data_writer: Background[dict[str, Path]] | Background[dict[str, bytes]] | None,
    *,
    revision: Revision,
    use_directory_urls: bool,
) -> Markup:
    """The download page, with the sizes of the open-data files once they are written
    (or made again, in place of those of ``files``)."""
    if data_writer is not None:
        files = {**files, **data_writer.result()}
    return render_downloads_page(
        catalog, file_sizes(files), revision=revision, use_directory_urls=use_directory_urls
    )
