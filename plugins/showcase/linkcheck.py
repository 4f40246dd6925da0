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

    broken = []
    for page in sorted(pages):
        text = (site_dir / page).read_text(encoding="utf-8")
        # A link to a place on the same page (Material's skip link) reads no file again.
        own_anchors = functools.cache(functools.partial(_anchors, text))
        for target in sorted(set(_LINK.findall(text))):
            problem = _check(
                site_dir, pages, page, html.unescape(target), base_path, anchors_of, own_anchors
            )
            if problem:
                broken.append(BrokenLink(page, target, problem))
    return sorted(broken)


def _check(
    site_dir: Path,
    pages: set[str],
    page: str,
    target: str,
    base_path: str,
    anchors_of: Callable[[str], frozenset[str]],
    own_anchors: Callable[[], frozenset[str]],
) -> str | None:
    parts = urlsplit(target)
    if parts.scheme or target.startswith("//"):
        return None  # outside links are not ours to check, and the build makes no requests
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    folder = posixpath.dirname(page)  # what a relative path starts from
    if path.startswith("/"):
        base = base_path.rstrip("/") + "/"
        if not path.startswith(base):
            return f"是绝对路径，但不在网站地址 {base} 之下。"
        path = "./" + path.removeprefix(base)
        folder = ""
    if path:
        resolved = posixpath.normpath(posixpath.join(folder, path))
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
    if not fragment or resolved not in pages:
        return None
    anchors = own_anchors() if resolved == page else anchors_of(resolved)
    if fragment not in anchors:
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
