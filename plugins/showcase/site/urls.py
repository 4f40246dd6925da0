"""Where each generated page lives: the one place that decides the site's paths.

Pages are named by MkDocs source URIs (``studios/steel-studio.md``), relative to the docs
folder. Our pages are HTML rendered outside Markdown, so MkDocs does not rewrite their
links: :func:`relative_url` works out the final relative URL the way MkDocs does, for
both ``use_directory_urls`` settings (the offline archive turns it off for ``file://``).
"""

from __future__ import annotations

import hashlib
import posixpath

from showcase.records.schema import RecordKind

TOTALS_SRC_URI = "totals.md"


def record_src_uri(kind: RecordKind, record_id: str) -> str:
    """The page of one record, e.g. ``studios/steel-studio.md``."""
    return f"{kind.value}/{record_id}.md"


def listing_src_uri(
    kind: RecordKind,
    page: int = 1,
    facet: str | None = None,
    value: str | None = None,
    order: str | None = None,
) -> str:
    """A listing page: all records of a kind, or those with one facet value; page 1 or later.

    ``order`` names another order than the default (``studios/sort-year.md``, then
    ``studios/sort-year-page-2.md``).
    """
    folder = kind.value if facet is None else f"{kind.value}/{facet}/{facet_slug(value or '')}"
    if order is not None:
        stem = f"{folder}/sort-{order}"
        return f"{stem}.md" if page == 1 else f"{stem}-page-{page}.md"
    return f"{folder}/index.md" if page == 1 else f"{folder}/page-{page}.md"


def facet_index_src_uri(kind: RecordKind, facet: str) -> str:
    """The page that lists every value of one facet of a kind, with its count."""
    return f"{kind.value}/{facet}/index.md"


def facet_slug(value: str) -> str:
    """A short ASCII folder name for a facet value such as 南开区.

    ASCII keeps URLs readable when shared and safe in every file system, zip and browser;
    a hash keeps them stable when other values are added.
    """
    if value.isascii() and value.replace("-", "").isalnum():
        return value.lower()
    return "v" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:10]


def page_url(src_uri: str, *, use_directory_urls: bool) -> str:
    """The URL MkDocs gives a Markdown page, relative to the site root."""
    stem = src_uri.removesuffix(".md")
    if not use_directory_urls:
        return f"{stem}.html"
    if stem == "index":
        return ""
    return f"{stem.removesuffix('/index')}/" if stem.endswith("/index") else f"{stem}/"


def _folder_of(url: str) -> str:
    return url.rstrip("/") if url.endswith("/") else posixpath.dirname(url)


def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath`` for clean paths under one root ("." is the root), as strings.

    Listings and record pages make hundreds of thousands of links; ``relpath`` makes both
    paths absolute against the working folder first, several times slower than this.
    """
    to = [] if path in ("", ".") else path.split("/")
    start_parts = [] if start in ("", ".") else start.split("/")
    common = 0
    for a, b in zip(to, start_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + to[common:]) or "."


def static_url(from_src_uri: str, path: str, *, use_directory_urls: bool) -> str:
    """A link from a page to a static file such as an image, given relative to the docs folder."""
    from_url = page_url(from_src_uri, use_directory_urls=use_directory_urls)
    return relative_path(posixpath.normpath(path), _folder_of(from_url))


def relative_url(
    from_src_uri: str, to_src_uri: str, *, use_directory_urls: bool, anchor: str = ""
) -> str:
    """A link from one page to another, relative, as it must appear in the page's HTML."""
    from_url = page_url(from_src_uri, use_directory_urls=use_directory_urls)
    to_url = page_url(to_src_uri, use_directory_urls=use_directory_urls)
    target = link_between(_folder_of(from_url), to_url)
    return f"{target}#{anchor}" if anchor else target


def link_between(folder: str, url: str) -> str:
    """A relative link from a page in ``folder`` to ``url``, both relative to the site root.

    A folder URL (``people/``, or the root as ``""``) keeps its closing slash: ``../``, ``./``.
    """
    target = relative_path(url.rstrip("/"), folder)
    if url.endswith("/") or not url:
        return "./" if target == "." else f"{target}/"
    return target
