"""Find broken links and anchors in a built site, including links in generated HTML.

``mkdocs build --strict`` only checks links written in Markdown, and even then exits 0
with ``-q`` (mkdocs#4126). This reads the HTML that was actually written.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

# Our templates and Material's write attributes in double quotes. A regular expression is
# enough for that, and several times faster than an HTML parser on thousands of pages.
_LINK = re.compile(r"""\s(?:href|src)="([^"]*)\"""")
_ID = re.compile(r"""\s(?:id|name)="([^"]*)\"""")
_CHECKED_SUFFIXES = (".html",)


@dataclass(frozen=True, order=True)
class BrokenLink:
    """A link in ``page`` to ``target`` that leads nowhere."""

    page: str  # relative to the site folder
    target: str  # as written in the page
    reason: str  # in Chinese

    def __str__(self) -> str:
        return f"{self.page}: 链接“{self.target}”{self.reason}"


def find_broken_links(site_dir: Path, base_path: str = "/") -> list[BrokenLink]:
    """Every internal link or anchor in the site's HTML that points nowhere, sorted.

    ``base_path`` is the path the site is served under (from ``site_url``): the 404 page
    has to use absolute links, since it is shown at any address.
    """
    # Names only: tens of thousands of pages are read one at a time, never held together.
    pages = {
        path.relative_to(site_dir).as_posix()
        for path in site_dir.rglob("*")
        if path.suffix in _CHECKED_SUFFIXES and path.is_file()
    }

    @functools.cache
    def anchors_of(page: str) -> frozenset[str]:
        return _anchors((site_dir / page).read_text(encoding="utf-8"))

    # What a link with a path leads to does not depend on the page: the same nav, footer
    # and facet links on thousands of pages are resolved once, each in its shortest form
    # ("../../studios/" from people/li-gang/ is "studios/" from the top).
    checked: dict[tuple[str, str], str | None] = {}
    broken = []
    for page in sorted(pages):
        text = (site_dir / page).read_text(encoding="utf-8")
        segments = page.split("/")[:-1]  # the page's folder
        for target in sorted(set(_LINK.findall(text))):
            if not target or target.startswith(("#", "?")):
                # A place on the same page (Material's skip link): no file is read again.
                problem = _check_own_anchor(html.unescape(target), text)
            else:
                key = _shortest(segments, target)
                if key not in checked:
                    folder, path = key
                    checked[key] = _check(
                        site_dir, pages, folder, html.unescape(path), base_path, anchors_of
                    )
                problem = checked[key]
            if problem:
                broken.append(BrokenLink(page, target, problem))
    return sorted(broken)


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
