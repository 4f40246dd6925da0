"""Find broken links and anchors in a built site, including links in generated HTML.

``mkdocs build --strict`` only checks links written in Markdown, and even then exits 0
with ``-q`` (mkdocs#4126). This reads the HTML that was actually written.

At 100,000 records reading every page back costs tens of seconds, and the pages we generate
link only to what the site is made of. So a generated page's body is checked where it is
rendered (:class:`GeneratedBodies`), against the list of the site's files; a page whose
every body link is proven sound there is not read back. What cannot be proven there is read
back as before: a link with a fragment into another page, a target that is not in the list
(the sitemap, the search index, a file removed after generation), a broken link. The theme's
part of generated pages (header, navigation, footer) is the same template at the same depth
on every page of a group (:func:`page_group`), so one page per group is read back whole
(:func:`pages_to_read`). Hand-written pages are always read back.
"""

from __future__ import annotations

import functools
import html
import os
import posixpath
import re
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Our templates and Material's write attributes in double quotes. A regular expression is
# enough for that, and several times faster than an HTML parser on thousands of pages.
_LINK = re.compile(r"""\s(?:href|src)="([^"]*)\"""")
_ID = re.compile(r"""\s(?:id|name)="([^"]*)\"""")
# The same links, their leading "../" apart: how far up the page's folders they start.
_CLIMBING_LINK = re.compile(r"""\s(?:href|src)="((?:\.\./)*)([^"]*)\"""")
# A relative path that urlsplit, html.unescape and unquote would leave as it is (no scheme,
# query, fragment, entity, escape, space or control character): most links of generated pages.
_PLAIN_PATH = re.compile(r"[\w.~-][\w./~-]*")
_CHECKED_SUFFIXES = (".html",)


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link in ``page`` to ``target`` that leads nowhere."""

    page: str  # relative to the site folder
    target: str  # as written in the page
    reason: str  # in Chinese

    def __str__(self) -> str:
        return f"{self.page}: 链接“{self.target}”{self.reason}"


def find_broken_links(
    site_dir: Path, base_path: str = "/", *, checked: Collection[str] = ()
) -> list[BrokenLink]:
    """Every internal link or anchor in the site's HTML that points nowhere, sorted.

    ``base_path`` is the path the site is served under (from ``site_url``): the 404 page
    has to use absolute links, since it is shown at any address. ``checked`` are generated
    pages whose body links were proven sound as they were rendered (:class:`GeneratedBodies`);
    only one page of each of their groups is read (:func:`pages_to_read`).
    """
    # Names only: tens of thousands of pages are read one at a time, never held together.
    pages = set(_html_files(site_dir))
    to_read = pages_to_read(pages, checked)

    @functools.cache
    def anchors_of(page: str) -> frozenset[str]:
        return _anchors((site_dir / page).read_text(encoding="utf-8"))

    # What a link with a path leads to does not depend on the page: the same nav, footer
    # and facet links on thousands of pages are resolved once, each in its shortest form
    # ("../../studios/" from people/li-gang/ is "studios/" from the top).
    resolved: dict[tuple[str, str], str | None] = {}
    broken = []
    for page in to_read:
        text = (site_dir / page).read_text(encoding="utf-8")
        segments = page.split("/")[:-1]  # the page's folder
        for target in sorted(set(_LINK.findall(text))):
            if not target or target.startswith(("#", "?")):
                # A place on the same page (Material's skip link): no file is read again.
                problem = _check_own_anchor(html.unescape(target), text)
            else:
                key = _shortest(segments, target)
                if key not in resolved:
                    folder, path = key
                    resolved[key] = _check(
                        site_dir, pages, folder, html.unescape(path), base_path, anchors_of
                    )
                problem = resolved[key]
            if problem:
                broken.append(BrokenLink(page, target, problem))
    return sorted(broken)


def _html_files(site_dir: Path) -> Iterator[str]:
    """The path of every HTML file under ``site_dir``, relative to it, with "/".

    Strings from os.scandir, not Path objects from rglob: at 100,000 records, the 128,000
    short-lived Path objects raised the build's peak memory by about 80 MB.
    """
    folders = [("", os.fspath(site_dir))]
    while folders:
        prefix, folder = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                # As rglob: a link to a folder is not followed.
                if entry.is_dir(follow_symlinks=False):
                    folders.append((f"{prefix}{entry.name}/", entry.path))
                elif entry.name.endswith(_CHECKED_SUFFIXES) and entry.is_file():
                    yield prefix + entry.name


def _shortest(folder: list[str], target: str) -> tuple[str, str]:
    """The same relative link from the highest folder it can start from."""
    up = 0
    while up < len(folder) and target.startswith("../", 3 * up):
        up += 1
    return "/".join(folder[: len(folder) - up]), target[3 * up :]


def _check_own_anchor(target: str, text: str) -> str | None:
    fragment = unquote(urlsplit(target).fragment)
    if fragment and fragment not in _anchors(text):
        return f"中的锚点“#{fragment}”在本页中不存在。"
    return None


def _check(
    site_dir: Path,
    pages: set[str],
    folder: str,
    target: str,
    base_path: str,
    anchors_of: Callable[[str], frozenset[str]],
) -> str | None:
    """What is wrong with a link that has a path, written in a page of ``folder``."""
    parts = urlsplit(target)
    if parts.scheme or target.startswith("//"):
        return None  # outside links are not ours to check, and the build makes no requests
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        base = base_path.rstrip("/") + "/"
        if not path.startswith(base):
            return f"是绝对路径，但不在网站地址 {base} 之下。"
        path = "./" + path.removeprefix(base)
        folder = ""
    resolved = posixpath.normpath(posixpath.join(folder, path))
    if resolved.startswith(".."):
        return "指向网站以外。"
    for candidate in _candidates(resolved, path.endswith("/")):
        if candidate in pages or (site_dir / candidate).is_file():
            resolved = candidate
            break
    else:
        return "指向的页面或文件不存在。"
    if fragment and resolved in pages and fragment not in anchors_of(resolved):
        return f"中的锚点“#{fragment}”在目标页面中不存在。"
    return None


def _anchors(text: str) -> frozenset[str]:
    return frozenset(html.unescape(anchor) for anchor in _ID.findall(text))


def _candidates(resolved: str, is_folder: bool) -> Iterator[str]:
    if resolved == ".":
        yield "index.html"
        return
    if not is_folder:
        yield resolved
    yield f"{resolved}/index.html"


def page_group(page: str) -> tuple[str, int]:
    """Pages whose theme part is the same template at the same depth: top folder and depth.

    ``people/li-gang/index.html`` and ``people/wang-fang/index.html`` are one group; the
    listing ``people/index.html`` is another, and so is every depth of the facets.
    """
    parts = page.split("/")
    return parts[0] if len(parts) > 1 else "", len(parts)


def pages_to_read(pages: Iterable[str], checked: Collection[str]) -> list[str]:
    """The pages the link check reads back, sorted: all but the checked ones, one per group.

    A checked page's body was proven sound as it was rendered; the first checked page of
    each group (:func:`page_group`) is still read whole, for the theme's links around it.
    """
    checked_set = frozenset(checked)
    read: list[str] = []
    groups_seen: set[tuple[str, int]] = set()
    for page in sorted(pages):
        if page not in checked_set:
            read.append(page)
            continue
        group = page_group(page)
        if group not in groups_seen:
            groups_seen.add(group)
            read.append(page)
    return read


class GeneratedBodies:
    """Checks the links of generated pages' bodies as they are rendered, without the theme.

    ``site_files`` are the paths of every file the build writes, relative to the site
    folder (``people/li-gang/index.html``, ``assets/stylesheets/main.css``). A body whose
    every link is proven to lead somewhere is *sound*; any other page is read back by
    :func:`find_broken_links`, which names what is wrong with it. This never reports a
    problem itself, so what is reported, and how, stays that of the read-back check.
    """

    def __init__(self, site_files: Collection[str]) -> None:
        self._files = frozenset(site_files)
        # (folder, target in its shortest form) -> sound: the same facet, listing and
        # record links appear on thousands of pages.
        self._sound: dict[tuple[str, str], bool] = {}

    def is_sound(self, page: str, body: str) -> bool:
        """Whether every link in ``body``, the generated part of ``page``, surely leads somewhere."""
        segments = page.split("/")[:-1]
        depth = len(segments)
        # Each link's key in its shortest form (as _shortest makes it, without a call per
        # link): the folder that each number of "../" leads to from this page.
        folders = ["/".join(segments[: depth - up]) for up in range(depth + 1)]
        anchors: frozenset[str] | None = None
        for climb, rest in set(_CLIMBING_LINK.findall(body)):
            if not climb and (not rest or rest.startswith(("#", "?"))):
                # Its own anchor: sound when the body holds it (else the theme may; read back).
                fragment = unquote(urlsplit(html.unescape(rest)).fragment)
                if anchors is None:
                    anchors = _anchors(body)
                if fragment and fragment not in anchors:
                    return False
                continue
            up = len(climb) // 3
            key = (folders[up], rest) if up <= depth else ("", climb[3 * depth :] + rest)
            sound = self._sound.get(key)
            if sound is None:
                sound = self._sound[key] = self._leads_to_a_file(*key)
            if not sound:
                return False
        return True

    def _leads_to_a_file(self, folder: str, target: str) -> bool:
        if _PLAIN_PATH.fullmatch(target):
            path = target  # nothing to unescape, unquote or split off
        else:
            parts = urlsplit(html.unescape(target))
            if parts.scheme or target.startswith("//"):
                return True  # outside links are not checked at all
            path = unquote(parts.path)
            if parts.fragment:
                return False  # another page's anchors: only the written site knows them
        if path.startswith("/"):
            return False  # the site's base path: only the written site knows it
        resolved = posixpath.normpath(posixpath.join(folder, path))
        if resolved.startswith(".."):
            return False
        return any(
            candidate in self._files for candidate in _candidates(resolved, path.endswith("/"))
        )
