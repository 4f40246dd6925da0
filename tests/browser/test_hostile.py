"""A site whose every string is markup, script, template syntax and quotes: nothing runs.

Hostile strings sit in mkdocs.yml, in a hand-written page's front matter, in nav titles and
in every field of a data/ tree, so they reach the theme's titles, the record pages, the
listings and facets, and the search index. Each page is opened in Chromium with a dialog
handler and a ``window.__xss`` probe; searching shows the indexed titles as HTML, so the
search box is driven too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.browser.conftest import Tab, serve
from tests.conftest import REPO_ROOT, build_into, write_files

pytestmark = pytest.mark.browser

# Each payload sets the probe or opens a dialog if it runs; quotes and {{ }} test escaping.
HOSTILE = (
    "</title><script>window.__xss=1</script><img src=x onerror=alert(1)>"
    "{{ 7*7 }}\"'><svg onload=window.__xss=2>"
)
SITE_NAME = "站点<img src=x onerror=window.__xss=3>"
SITE_NAME_TEXT = "站点"  # what the theme shows of it: the markup is dropped

MKDOCS_YML = f"""\
site_name: {json.dumps(SITE_NAME, ensure_ascii=False)}
site_description: '"><script>window.__xss=4</script>'
site_author: "\\"'><svg onload=window.__xss=5>"
docs_dir: content
theme:
  name: material
  language: zh
  font: false
  custom_dir: {REPO_ROOT / "overrides"}
  features: [navigation.footer, navigation.path, search.highlight]
nav:
  - "<img src=x onerror=alert(6)>": index.md
  - "</title><script>window.__xss=7</script>": other.md
  - studios/index.md
plugins:
  - search:
      lang: zh
  - showcase/records
"""

HOME = f"""\
---
title: {json.dumps(HOSTILE, ensure_ascii=False)}
description: '"><img src=x onerror=alert(8)>'
---
手写正文，在第一个标题之前。

# 标题 &lt;img src=x onerror=alert(9)&gt; {{{{ 7*7 }}}}

Data placed by markers: {{{{showcase figure f1}}}}

{{{{showcase list studios}}}}
"""


def _hostile(label: str) -> str:
    return f"{label}{HOSTILE}"


def hostile_data() -> dict[str, list[dict[str, Any]]]:
    """One record of each kind, every free-text field hostile."""

    def cite() -> list[dict[str, str]]:
        # A new list each time: PyYAML would write a shared one as an alias, which the
        # loader rejects.
        return [{"source": "s1", "locator": _hostile("位置")}]

    description = _hostile("简介") + "\n\n[链接](javascript:alert(10)) <b onclick=alert(11)>粗</b>"
    return {
        "sources": [
            {
                "id": "s1",
                "title": _hostile("来源"),
                "author": _hostile("作者"),
                "publisher": _hostile("发布者"),
                "published": "2013",
                "url": "https://example.com/a?b=%22%3E",
                "full_text": "data/sources/s1.txt",
                "notes": _hostile("注"),
            }
        ],
        "organizations": [
            {
                "id": "o1",
                "name": _hostile("单位"),
                "short_names": [_hostile("简称")],
                "category": _hostile("类别"),
                "district": _hostile("区"),
                "industry": _hostile("行业"),
                "description": description,
                "sources": cite(),
            }
        ],
        "people": [
            {
                "id": "p1",
                "name": _hostile("人物"),
                "organization": "o1",
                "position": _hostile("职务"),
                "description": description,
                "notes": _hostile("注"),
                "sources": cite(),
            }
        ],
        "studios": [
            {
                "id": "st1",
                "name": _hostile("工作室"),
                "leader": "p1",
                "organization": "o1",
                "district": _hostile("区"),
                "industry": _hostile("行业"),
                "level": "市级",
                "named": "2013",
                "achievements": {"operation_methods": [_hostile("操作法")]},
                "description": description,
                "sources": cite(),
            }
        ],
        "awards": [
            {
                "id": "a1",
                "honour": _hostile("荣誉"),
                "recipient": "p1",
                "awarded": "2013",
                "conferred_by": "o1",
                "programme": _hostile("活动"),
                "citation": description,
                "sources": cite(),
            }
        ],
        "projects": [
            {
                "id": "pr1",
                "title": _hostile("项目"),
                "category": _hostile("类别"),
                "owner": "o1",
                "district": _hostile("区"),
                "started": "2012",
                "outcomes": [_hostile("成果")],
                "description": description,
                "sources": cite(),
            }
        ],
        "figures": [
            {
                "id": "f1",
                "metric": _hostile("指标"),
                "value": "30余项",
                "scope": _hostile("范围"),
                "as_published": _hostile("30余项"),
                "as_of": "2013",
                "sources": cite(),
            }
        ],
    }


def _write_site(root: Path) -> Path:
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": HOME,
        "content/other.md": "# 其他 & <b>粗</b>\n\n正文。\n",
        "data/records.yaml": yaml.safe_dump(hostile_data(), allow_unicode=True, sort_keys=False),
        "data/sources/s1.txt": f"原文。{_hostile('30余项')}\n",
    }
    write_files(root, files)
    return build_into(root / "mkdocs.yml", root / "site")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """The hostile site, built and served."""
    site = _write_site(tmp_path_factory.mktemp("hostile"))
    with serve(site) as url:
        yield site, url


def _pages(site: Path) -> list[str]:
    return sorted(
        path.relative_to(site).as_posix().removesuffix("index.html")
        for path in site.rglob("*.html")
        if path.name == "index.html"
    )


def assert_nothing_ran(tab: Tab, where: str) -> None:
    """No probe set, no dialog opened, no error logged, no injected image fetched."""
    assert tab.page.evaluate("window.__xss") is None, where
    assert tab.dialogs == [], where
    assert tab.console_errors == [], where
    assert [url for url in tab.requests if url.rstrip("/").endswith("/x")] == [], where
    assert tab.requests_off_machine() == [], where


def test_no_page_of_the_hostile_site_runs_anything(
    tab: Tab, hostile_site: tuple[Path, str]
) -> None:
    site, url = hostile_site
    pages = _pages(site)
    # The records plugin generated a page per record and the listings.
    assert {"studios/st1/", "people/p1/", "organizations/o1/", "sources/s1/"} <= set(pages)
    for path in pages:
        tab.page.goto(url + path)
        tab.page.wait_for_load_state("load")
        assert_nothing_ran(tab, path)

    tab.page.goto(url)
    home = tab.page.locator("article").inner_text()
    assert "{{ 7*7 }}" in home
    assert "49" not in home
    # The markers placed the hostile records on the hand-written page, as text.
    assert _hostile("工作室") in home
    assert "30余项" in home


def test_a_record_page_shows_the_hostile_name_as_text(
    tab: Tab, hostile_site: tuple[Path, str]
) -> None:
    _, url = hostile_site
    tab.page.goto(url + "studios/st1/")
    facts = tab.page.locator(".showcase-facts").inner_text()
    assert _hostile("工作室") in facts
    assert tab.page.locator("article a[href^='javascript']").count() == 0
    assert tab.page.locator("article [onclick]").count() == 0
    assert_nothing_ran(tab, "studios/st1/")


def _search(tab: Tab, url: str, query: str) -> list[str]:
    tab.page.goto(url)
    search = tab.page.locator("input.md-search__input")
    search.click()
    search.fill(query)
    tab.page.keyboard.press("End")
    results = tab.page.locator(".md-search-result__item")
    results.first.wait_for()
    # Injected handlers run as the result is inserted; give an onerror its network round.
    tab.page.wait_for_load_state("networkidle")
    titles: list[str] = results.locator("h1").all_inner_texts()
    return [title.replace("\u200b", "") for title in titles]


def test_search_results_read_as_written(tab: Tab, hostile_site: tuple[Path, str]) -> None:
    _, url = hostile_site
    titles = _search(tab, url, "工作室")
    assert_nothing_ran(tab, "search 工作室")
    assert _hostile("工作室") in titles

    titles = _search(tab, url, "手写")
    assert_nothing_ran(tab, "search 手写")
    # The raw front-matter title cannot be shown as written: its markup is dropped.
    assert "{{ 7*7 }}\"'>" in titles

    tab.page.goto(url + "studios/st1/")
    assert tab.page.title() == f"{_hostile('工作室')} - {SITE_NAME_TEXT}"
    assert tab.page.locator("article h1").inner_text() == _hostile("工作室")
    assert_nothing_ran(tab, "studios/st1/")
