"""The link check on written HTML, on small folders of pages."""

from __future__ import annotations

from pathlib import Path

from showcase.site.linkcheck import find_broken_links
from tests.conftest import write_files


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
