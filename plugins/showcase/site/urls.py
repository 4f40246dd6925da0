"""Where each generated page lives: the one place that decides the site's paths.

Pages are named by MkDocs source URIs (``studios/steel-studio.md``), relative to the docs
folder. Our pages are HTML rendered outside Markdown, so MkDocs does not rewrite their
links: :func:`relative_url` works out the final relative URL the way MkDocs does, for
both ``use_directory_urls`` settings (the offline archive turns it off for ``file://``).

The rules for names that may not meet live here too (:func:`is_listing_page_name`,
:func:`windows_name_problem`, :func:`find_clashes`): :mod:`showcase.site.layout` holds the
data against them, so that what ``showcase validate`` accepts is what the build can write.
"""

from __future__ import annotations

import functools
import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import chain
from typing import Generic, TypeVar

from showcase.records.schema import RecordKind

TOTALS_SRC_URI = "totals.md"
_Source = TypeVar("_Source")
# The first page of a listing is its folder's index; later pages are page-2, page-3 …
_LISTING_INDEX = "index"
_LISTING_PAGE = "page-{}"
# Every name a later page of a listing may take, whatever the number of records today: a
# listing that grows must never meet a record named like one of its pages.
_LISTING_PAGE_NAME = re.compile(r"page-[0-9]+")
# A listing read in another order than its default (listings.SortOrder) has pages of its
# own beside it: sort-year, sort-year-page-2 … Their names are kept for every order a
# listing may offer, whether the kind offers it or not.
SORT_ORDER_NAMES = ("name", "year", "level")
_SORTED_INDEX = "sort-{}"
_SORTED_PAGE = "sort-{}-page-{}"
_SORTED_PAGE_NAME = re.compile(rf"sort-(?:{'|'.join(SORT_ORDER_NAMES)})(?:-page-[0-9]+)?")
# A facet value written as a plain ASCII name keeps it as its folder, up to this length;
# longer ones are hashed, so that no folder name nears a file system's limit (255 bytes).
_LONGEST_PLAIN_SLUG = 64
_HASHED_SLUG = re.compile(r"v[0-9a-f]{10}")
# Names Windows keeps for devices, with or without an extension: a file called con.html or
# a folder called aux cannot be unpacked there, so the offline archive would break.
_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$", "clock$"}
    | {f"{port}{n}" for port in ("com", "lpt") for n in (*"0123456789", "¹", "²", "³")}
)
_WINDOWS_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
# MkDocs' Markdown suffixes (mkdocs.utils.markdown_extensions): such a file becomes a page.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")


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
        name = _SORTED_INDEX.format(order) if page == 1 else _SORTED_PAGE.format(order, page)
    else:
        name = _LISTING_INDEX if page == 1 else _LISTING_PAGE.format(page)
    return f"{folder}/{name}.md"


def related_src_uri(kind: RecordKind, record_id: str, group: str, page: int = 1) -> str:
    """A page of the records naming one record in one field, past what its own page shows.

    ``group`` is the naming kind and field (``awards-conferred-by``). The pages live in the
    record's own folder (``organizations/acftu/awards-conferred-by/page-2.md``), which no
    other record, facet or listing can take: a record id is never a facet's or a listing
    page's name (:mod:`showcase.site.layout`).
    """
    name = _LISTING_INDEX if page == 1 else _LISTING_PAGE.format(page)
    return f"{kind.value}/{record_id}/{group}/{name}.md"


def is_listing_page_name(name: str) -> bool:
    """Whether a listing page may be called ``name`` in its folder: index, page-2, sort-year …"""
    return (
        name == _LISTING_INDEX
        or _LISTING_PAGE_NAME.fullmatch(name) is not None
        or _SORTED_PAGE_NAME.fullmatch(name) is not None
    )


def facet_index_src_uri(kind: RecordKind, facet: str) -> str:
    """The page that lists every value of one facet of a kind, with its count."""
    return f"{kind.value}/{facet}/index.md"


def facet_slug(value: str) -> str:
    """A short ASCII folder name for a facet value such as 南开区.

    ASCII keeps URLs readable when shared and safe in every file system, zip and browser;
    a hash keeps them stable when other values are added. A value that would make a bad
    folder name as it is (too long, a Windows device name such as CON, or shaped like a
    hash, which could meet another value's) is hashed too. Two values that differ only in
    case share a folder: :mod:`showcase.site.layout` refuses them.
    """
    plain = value.lower()
    if (
        value.isascii()
        and value.replace("-", "").isalnum()
        and len(value) <= _LONGEST_PLAIN_SLUG
        and _HASHED_SLUG.fullmatch(plain) is None
        and windows_name_problem(plain) is None
    ):
        return plain
    return "v" + hashlib.sha256(value.encode("utf-8")).hexdigest()[:10]


def windows_name_problem(name: str) -> str | None:
    """Why Windows cannot hold a file or folder called ``name``, in Chinese; None if it can.

    The offline archive is unpacked on Windows more than anywhere else; Linux, where the
    site is built, would accept every one of these names.
    """
    if name.split(".", 1)[0].rstrip(" ").lower() in _WINDOWS_DEVICES:
        return f"“{name.split('.', 1)[0]}”是 Windows 保留的设备名"
    if name.endswith((".", " ")):
        return "Windows 上的文件名不能以句点或空格结尾"
    if _WINDOWS_FORBIDDEN.search(name):
        return 'Windows 上的文件名不能含有 < > : " / \\ | ? * 或控制字符'
    return None


def output_path(src_uri: str, *, use_directory_urls: bool) -> str:
    """The file a source file of the site is written to, as MkDocs names it (``dest_uri``).

    A page ``foo.md`` is ``foo/index.html`` with directory URLs and ``foo.html`` without;
    ``README.md`` is its folder's index; any other file keeps its path.
    """
    if not src_uri.endswith(MARKDOWN_SUFFIXES):
        return src_uri
    # String operations rather than posixpath: validation runs this for every record.
    parent, slash, name = src_uri.rpartition("/")
    dot = name.rfind(".")
    stem = name[:dot] if name[:dot].lstrip(".") else name  # as posixpath.splitext
    stem = _LISTING_INDEX if stem == "README" else stem
    if use_directory_urls and stem != _LISTING_INDEX:
        return f"{parent}{slash}{stem}/index.html"
    return f"{parent}{slash}{stem}.html"


@dataclass(frozen=True)
class Clash(Generic[_Source]):
    """Two source files that would be written to one place: ``output``, a file or folder."""

    output: str
    first: _Source  # the one given first
    second: _Source


def find_clashes(
    sources: Iterable[_Source], src_uri: Callable[[_Source], str] = str
) -> list[Clash[_Source]]:
    """The sources of a site whose files would be written over each other.

    ``sources`` are source files, or anything that has one (``src_uri`` gives it). The
    site is built with directory URLs and the offline archive without them, so two
    clash when they meet in either style: on one output file, also where the names differ
    only in case or Unicode normalisation (Windows and macOS, where the archive is
    unpacked, do not tell those apart), or where one's file is the other's folder. Two
    sources with the same source file clash too. Clashes come in the order of their second
    source.
    """
    listed = list(sources)
    found: dict[tuple[int, int], Clash[_Source]] = {}
    for outputs in _compared_outputs([src_uri(source) for source in listed]):
        if not _may_clash(outputs):
            continue  # nearly always: no need to find which two meet, and where
        files: dict[str, tuple[str, int]] = {}  # compared name -> (output, source's index)
        folders: dict[str, int] = {}  # compared name -> the first source inside the folder
        for index, (output, key, parents) in enumerate(outputs):
            earlier: tuple[str, int] | None = files.get(key)
            if earlier is None and key in folders:
                earlier = (output, folders[key])  # this file is an earlier one's folder
            for parent in parents:
                earlier = earlier or files.get(parent)  # an earlier file is this one's folder
            if earlier is not None and (earlier[1], index) not in found:
                found[(earlier[1], index)] = Clash(earlier[0], listed[earlier[1]], listed[index])
            files.setdefault(key, (output, index))
            for parent in parents:
                folders.setdefault(parent, index)
    return [found[pair] for pair in sorted(found, key=lambda pair: (pair[1], pair[0]))]


def _may_clash(outputs: list[_Compared]) -> bool:
    """Whether two of ``outputs`` meet: on one name, or one's file as the other's folder.

    Worked out with sets, without the order find_clashes reports clashes in: each
    clash it finds has one key equal to another, or equal to one of another's folders.
    """
    keys = {key for _, key, _ in outputs}
    if len(keys) < len(outputs):
        return True
    return not keys.isdisjoint(chain.from_iterable(parents for _, _, parents in outputs))


# One source's output in one URL style, as find_clashes compares it: the output, its
# case-insensitive key and the folders of that key.
_Compared = tuple[str, str, list[str]]


def _compared_outputs(src_uris: list[str]) -> tuple[list[_Compared], list[_Compared]]:
    """What find_clashes compares of each source, with directory URLs and without.

    The same as :func:`output_path`, :func:`case_insensitive_key` and :func:`_folders_of`
    of each output, worked out once for both styles: the two outputs of a page differ only
    in their ASCII ending (``/index.html`` or ``.html``, which neither case folding nor
    normalisation joins to what stands before), and the pages of records share their
    folders. Validation compares the addresses of 100,000 records this way.
    """
    folders_of_folder: dict[str, list[str]] = {}  # folder -> its folders and itself

    def folders_of(key: str) -> list[str]:
        folder, slash, _ = key.rpartition("/")
        if not slash:
            return []
        known = folders_of_folder.get(folder)
        if known is None:
            known = folders_of_folder[folder] = [*_folders_of(folder), folder]
        return known

    with_folders: list[_Compared] = []
    without: list[_Compared] = []
    for src_uri in src_uris:
        if not src_uri.endswith(MARKDOWN_SUFFIXES):
            key = case_insensitive_key(src_uri)
            same = (src_uri, key, folders_of(key))
            with_folders.append(same)
            without.append(same)
            continue
        # As output_path: the page's path without its suffix, README as its folder's index.
        parent, slash, name = src_uri.rpartition("/")
        dot = name.rfind(".")
        stem = name[:dot] if name[:dot].lstrip(".") else name
        stem = _LISTING_INDEX if stem == "README" else stem
        base = f"{parent}{slash}{stem}"
        base_key = base.lower() if base.isascii() else case_insensitive_key(base)  # no call
        base_folders = folders_of(base_key)
        flat = (f"{base}.html", f"{base_key}.html", base_folders)
        without.append(flat)
        if stem == _LISTING_INDEX:
            with_folders.append(flat)
        else:
            with_folders.append(
                (f"{base}/index.html", f"{base_key}/index.html", [*base_folders, base_key])
            )
    return with_folders, without


def _folders_of(path: str) -> list[str]:
    folders = []
    end = path.find("/")
    while end != -1:
        folders.append(path[:end])
        end = path.find("/", end + 1)
    return folders


def case_insensitive_key(path: str) -> str:
    """``path`` as a file system that ignores case (Windows, macOS) compares it."""
    if path.isascii():
        return path.lower()
    return unicodedata.normalize("NFC", path).casefold()


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
    to_url = page_url(to_src_uri, use_directory_urls=use_directory_urls)
    target = link_between(_page_folder(from_src_uri, use_directory_urls), to_url)
    return f"{target}#{anchor}" if anchor else target


@functools.lru_cache(maxsize=64)
def _page_folder(src_uri: str, use_directory_urls: bool) -> str:
    """The folder a page's links start from: a listing or record page makes dozens of links."""
    return _folder_of(page_url(src_uri, use_directory_urls=use_directory_urls))


def link_between(folder: str, url: str) -> str:
    """A relative link from a page in ``folder`` to ``url``, both relative to the site root.

    A folder URL (``people/``, or the root as ``""``) keeps its closing slash: ``../``, ``./``.
    """
    target = relative_path(url.rstrip("/"), folder)
    if url.endswith("/") or not url:
        return "./" if target == "." else f"{target}/"
    return target
