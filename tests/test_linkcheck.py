"""The link check on written HTML, on small folders of pages."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from showcase.site import linkcheck, parallel
from showcase.site.linkcheck import GeneratedBodies, find_broken_links, pages_to_read
from tests.conftest import WriteTree, write_files
from tests.test_site_build import build_site

LINKS_LOGGER = "mkdocs.plugins.showcase.mkdocs_plugins.links.plugin"


def test_links_that_lead_somewhere_pass(tmp_path: Path) -> None:
    site = write_files(
        tmp_path,
        {
            "index.html": '<a href="a/">a</a> <a href="a/#top">top</a> <a href="#here">x</a><p id="here">',
            "a/index.html": '<h1 id="top">A</h1><a href="../">home</a><img src="../logo.png">',
            "logo.png": "",
            "404.html": '<a href="/repo/a/">a</a> <a href="/repo/a/#top">top</a>',
        },
    )
    assert find_broken_links(site, "/repo/") == []


def test_every_kind_of_broken_link_is_named(tmp_path: Path) -> None:
    site = write_files(
        tmp_path,
        {
            "index.html": (
                '<a href="missing/">1</a> <a href="a/#nowhere">2</a> <a href="../../etc/">3</a>'
                ' <a href="/elsewhere/">4</a> <a href="https://example.org/">outside</a>'
            ),
            "404.html": '<p id="only-here"></p><a href="/repo/#only-here">5</a>',
            "a/index.html": "<h1>A</h1>",
        },
    )
    assert [str(link) for link in find_broken_links(site, "/repo/")] == [
        "404.html: 链接“/repo/#only-here”中的锚点“#only-here”在目标页面中不存在。",
        "index.html: 链接“../../etc/”指向网站以外。",
        "index.html: 链接“/elsewhere/”是绝对路径，但不在网站地址 /repo/ 之下。",
        "index.html: 链接“a/#nowhere”中的锚点“#nowhere”在目标页面中不存在。",
        "index.html: 链接“missing/”指向的页面或文件不存在。",
    ]


def test_a_link_is_judged_the_same_from_every_page_and_named_on_each(tmp_path: Path) -> None:
    # Each link is resolved once in its shortest form ("../../b/" from a/x/ is "b/"): a
    # broken one must still be named on every page that has it, and a good one pass on all.
    site = write_files(
        tmp_path,
        {
            "index.html": '<a href="b/">b</a> <a href="gone/">gone</a>',
            "a/x/index.html": '<a href="../../b/">b</a> <a href="../../gone/">gone</a>',
            "a/y/index.html": '<a href="../../b/#top">b</a> <a href="../../gone/">gone</a>',
            "a/y/z/index.html": '<a href="../../../gone/">gone</a> <a href="../../../../up/">up</a>',
            "a/w/index.html": '<a href="../w/#self">self</a> <a href="#skip">skip</a>',
            "b/index.html": '<h1 id="top">B</h1>',
        },
    )
    assert [str(link) for link in find_broken_links(site)] == [
        "a/w/index.html: 链接“#skip”中的锚点“#skip”在本页中不存在。",
        "a/w/index.html: 链接“../w/#self”中的锚点“#self”在目标页面中不存在。",
        "a/x/index.html: 链接“../../gone/”指向的页面或文件不存在。",
        "a/y/index.html: 链接“../../gone/”指向的页面或文件不存在。",
        "a/y/z/index.html: 链接“../../../../up/”指向网站以外。",
        "a/y/z/index.html: 链接“../../../gone/”指向的页面或文件不存在。",
        "index.html: 链接“gone/”指向的页面或文件不存在。",
    ]


# --- generated pages, checked as they are rendered -------------------------------------


def test_a_body_is_sound_only_when_every_link_surely_leads_somewhere() -> None:
    bodies = GeneratedBodies(["people/li-gang/index.html", "people/index.html", "a.json"])
    page = "studios/steel/index.html"
    assert bodies.is_sound(page, '<a href="../../people/li-gang/">李刚</a>')
    assert bodies.is_sound(page, '<a href="../../a.json">a</a> <a href="https://x.org/">x</a>')
    assert bodies.is_sound(page, '<p id="n-1"></p><a href="#n-1">1</a>')
    unsound = [
        '<a href="../../people/wang-fang/">gone</a>',  # not a file of the site
        '<a href="../../people/li-gang/#facts">anchor</a>',  # another page's anchors
        '<a href="#n-2">2</a>',  # an anchor the body does not hold (the theme may)
        '<a href="/people/">absolute</a>',  # the base path is the written site's
        '<a href="../../../../up/">up</a>',  # outside the site
    ]
    for body in unsound:
        assert not bodies.is_sound(page, body), body
    assert len(unsound) == 5


def test_a_link_is_judged_from_its_own_page_whatever_was_judged_before() -> None:
    # Links are remembered by the folder they start from and the rest of the path: the same
    # text from another folder, or climbing further, is another link.
    site = [
        "people/x/index.html",
        "people/x/photo.jpg",
        "studios/index.html",
        "studios/a b/index.html",
        "studios/钢/index.html",
        "a.json",
    ]
    links = {
        # link: (sound from people/a/index.html, sound from studios/a/index.html)
        "../x/": (True, False),
        "../x/photo.jpg": (True, False),
        "./../x/": (True, False),
        "../../people/x/": (True, True),
        "../../../people/x/": (False, False),  # above the site's top
        "..//people/x/": (False, False),  # the site's base path
        "../../studios/": (True, True),
        "../../studios/a%20b/": (True, True),
        "../../studios/%E9%92%A2/": (True, True),
        "../../studios/钢/": (True, True),
        "../../a.json?v=1": (True, True),
        "../../a.json#top": (False, False),  # another page's anchors
        "../../a&#46;json": (True, True),
        "../../nothing/": (False, False),
        "mailto:x@example.org": (True, True),
        "//cdn.example.org/x.js": (True, True),
    }
    shared = GeneratedBodies(site)
    for page, column in (("people/a/index.html", 0), ("studios/a/index.html", 1)):
        for link, sound in links.items():
            body = f'<a href="{link}">x</a>'
            assert GeneratedBodies(site).is_sound(page, body) is sound[column], (page, link)
            assert shared.is_sound(page, body) is sound[column], (page, link)


def test_checked_pages_are_read_one_per_group() -> None:
    pages = [
        "index.html",
        "people/index.html",
        "people/a/index.html",
        "people/b/index.html",
        "people/c/index.html",
        "studios/s/index.html",
    ]
    checked = {"people/index.html", "people/a/index.html", "people/b/index.html"}
    assert pages_to_read(pages, checked) == [
        "index.html",  # hand-written: always read
        "people/a/index.html",  # the first of its group: its theme part is read
        "people/c/index.html",  # not checked
        "people/index.html",  # the first (and only) of its group
        "studios/s/index.html",
    ]


LINKS_MKDOCS_YML = """\
site_name: 测试站点
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - showcase/records:
      workers: {workers}
  - showcase/links
hooks:
  - hooks.py
"""

LINKS_DATA = """\
organizations:
  - id: steel-pipe
    name: 天津钢管公司
    district: 南开区
    sources: [{source: test-source}]
people:
  - id: a-wang
    name: 王安
    organization: steel-pipe
    sources: [{source: test-source}]
  - id: li-gang
    name: 李刚
    organization: steel-pipe
    sources: [{source: test-source}]
"""

# Takes the page of a record out after the records plugin made it: the pages that link to
# it are then generated with a link to a page the site does not have.
REMOVING_HOOK = """\
from mkdocs.plugins import event_priority

@event_priority(-100)
def on_files(files, config):
    if config.extra.get("remove"):
        files.remove(files.get_file_from_path(config.extra["remove"]))
    return files
"""


@pytest.mark.parametrize("workers", [1, 2])
def test_a_generated_link_to_a_removed_page_fails_the_build(
    write_tree: WriteTree,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
) -> None:
    # With two workers the pages are rendered in forked processes, even this few of them.
    monkeypatch.setattr(parallel, "MIN_PAGES_TO_FORK", 1)
    root = write_tree(
        {
            "mkdocs.yml": LINKS_MKDOCS_YML.format(workers=workers)
            + "extra:\n  remove: organizations/steel-pipe.md\n",
            "hooks.py": REMOVING_HOOK,
            "content/index.md": "# 首页\n",
            "data/records.yaml": LINKS_DATA,
        }
    )
    with pytest.raises(Abort):
        build_site(root)
    (message,) = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    # li-gang's page is not the first of its group: only the check at generation sends it
    # to be read back, where the broken link is named as on any page.
    for page in ("people/a-wang/index.html", "people/li-gang/index.html"):
        assert f"{page}: 链接“../../organizations/steel-pipe/”指向的页面或文件不存在。" in message
    caplog.clear()


@pytest.mark.parametrize("workers", [1, 2])
def test_sound_generated_pages_are_not_read_back(
    write_tree: WriteTree,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
) -> None:
    monkeypatch.setattr(parallel, "MIN_PAGES_TO_FORK", 1)
    root = write_tree(
        {
            "mkdocs.yml": LINKS_MKDOCS_YML.format(workers=workers),
            "hooks.py": REMOVING_HOOK,
            "content/index.md": "# 首页\n",
            "data/records.yaml": LINKS_DATA,
        }
    )
    read: list[str] = []
    real_read_text = Path.read_text

    def read_text(path: Path, *args: Any, **kwargs: Any) -> str:
        if path.suffix == ".html":
            read.append(path.name if path.parent.name == "site" else path.parent.name)
        return real_read_text(path, *args, **kwargs)

    caplog.set_level(logging.DEBUG, logger=LINKS_LOGGER)
    with monkeypatch.context() as patched:
        patched.setattr(linkcheck.Path, "read_text", read_text)
        site = build_site(root)
    people = sorted(path.parent.name for path in (site / "people").glob("*/index.html"))
    assert people == ["a-wang", "li-gang"]
    # Of the two record pages of the group, only the first is read back, for the theme.
    assert "a-wang" in read and "li-gang" not in read
    (checked,) = [r.getMessage() for r in caplog.records if r.name == LINKS_LOGGER]
    count = re.fullmatch(
        r"showcase: links: (\d+) generated pages checked as they were rendered", checked
    )
    assert count is not None and int(count.group(1)) >= len(people)
