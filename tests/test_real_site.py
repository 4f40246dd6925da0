"""The repository's own site, built from the Tianjin data: every record can be reached."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from showcase.records.schema import RecordKind
from showcase.records.validation import validate
from tests.conftest import REPO_ROOT

_HREF = re.compile(r'\shref="([^"#?]*)')


def crawl(site: Path, start: str = "index.html") -> set[str]:
    """Every page reachable from ``start`` by following links, as paths in the site."""
    seen = {start}
    queue = [start]
    while queue:
        page = queue.pop()
        text = (site / page).read_text(encoding="utf-8")
        for href in _HREF.findall(text):
            if not href or "://" in href or href.startswith(("mailto:", "//")):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
            if href.endswith("/") or (site / target).is_dir():
                target = posixpath.join(target, "index.html")
            if target.endswith(".html") and target not in seen and (site / target).is_file():
                seen.add(target)
                queue.append(target)
    return seen


def test_every_record_is_reachable_from_the_home_page(real_site: Path) -> None:
    catalog = validate([REPO_ROOT / "data"], REPO_ROOT).catalog
    reached = crawl(real_site)
    expected = {
        f"{kind.value}/{record.id}/index.html"
        for kind in RecordKind
        for record in catalog.of_kind(kind)
    }
    assert len(expected) == len(catalog) > 100
    assert expected - reached == set()


def test_no_page_loads_anything_from_another_host(real_site: Path) -> None:
    loaders = re.compile(r'<(?:script|link|img|iframe|source)\b[^>]*\s(?:src|href)="(?:https?:)?//')
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 100
    offenders = [
        path.relative_to(real_site).as_posix()
        for path in pages
        if loaders.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_search_index_is_written_as_utf8(real_site: Path) -> None:
    # Not \uXXXX for every Chinese character (as Material writes): six bytes instead of three.
    texts = [path.read_text(encoding="utf-8") for path in real_site.glob("search/showcase/*.js")]
    assert texts
    assert not any("\\u5de5" in text for text in texts)
    assert any("工会" in text for text in texts)
