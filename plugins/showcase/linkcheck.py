"""Find broken links and anchors in a built site, including links in generated HTML.

``mkdocs build --strict`` only checks links written in Markdown, and even then exits 0
with ``-q`` (mkdocs#4126). This reads the HTML that was actually written.
"""

from __future__ import annotations

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
    pages = {
        path.relative_to(site_dir).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site_dir.rglob("*"))
        if path.suffix in _CHECKED_SUFFIXES and path.is_file()
    }
    anchors: dict[str, frozenset[str]] = {}

    def anchors_of(page: str) -> frozenset[str]:
        if page not in anchors:
            anchors[page] = frozenset(html.unescape(a) for a in _ID.findall(pages[page]))
        return anchors[page]

    broken = []
    for page, text in pages.items():
        for target in sorted(set(_LINK.findall(text))):
            problem = _check(site_dir, pages, page, html.unescape(target), base_path, anchors_of)
            if problem:
                broken.append(BrokenLink(page, target, problem))
    return sorted(broken)


def _check(
    site_dir: Path,
    pages: dict[str, str],
    page: str,
    target: str,
    base_path: str,
    anchors_of: Callable[[str], frozenset[str]],
) -> str | None:
    parts = urlsplit(target)
    if parts.scheme or target.startswith("//"):
        return None  # outside links are not ours to check, and the build makes no requests
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if path.startswith("/"):
        base = base_path.rstrip("/") + "/"
        if not path.startswith(base):
            return f"是绝对路径，但不在网站地址 {base} 之下。"
        path = "./" + path.removeprefix(base)
        page = "index.html"
    if path:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
        if resolved.startswith(".."):
            return "指向网站以外。"
        for candidate in _candidates(resolved, path.endswith("/")):
            if candidate in pages or (site_dir / candidate).is_file():
                resolved = candidate
                break
        else:
            return "指向的页面或文件不存在。"
    else:
        resolved = page
    if fragment and resolved in pages and fragment not in anchors_of(resolved):
        return f"中的锚点“#{fragment}”在目标页面中不存在。"
    return None


def _candidates(resolved: str, is_folder: bool) -> Iterator[str]:
    if resolved == ".":
        yield "index.html"
        return
    if not is_folder:
        yield resolved
    yield f"{resolved}/index.html"
