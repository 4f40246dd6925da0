"""Lighter pages: the sidebar of pages outside the navigation, Material's config and helpers
written by cached scripts (showcase/mkdocs_plugins/identity/nav_scripts.py,
showcase.site.compact.page_script)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from showcase.mkdocs_plugins.identity.nav_scripts import NavScripts
from tests.conftest import WriteTree
from tests.page_reading import MARKUP_SCRIPT, TITLED_SCRIPT, with_markup_inlined
from tests.test_compact import (
    MKDOCS_YML,
    REPO_ROOT,
    STUDIOS,
    build_site,
    layout_free,
    pages,
    tree,
)

NAV_SCRIPT = re.compile(r'<script src="[^"]*showcase-nav\.[0-9a-f]{8}\.js"></script>')
HEADER_SCRIPT = re.compile(r'<script src="[^"]*showcase-header\.[0-9a-f]{8}\.js" data-title="')
FOOTER_SCRIPT = re.compile(r'<script src="[^"]*showcase-footer\.[0-9a-f]{8}\.js"></script>')
PRIMARY_NAV = '<nav class="md-nav md-nav--primary"'
HEADER = '<header class="md-header'
FOOTER = '<footer class="md-footer"'


@pytest.fixture
def sites(write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The same tree built with the sidebar in every page, then with the sidebar scripts."""
    root = write_tree(tree(MKDOCS_YML))
    with monkeypatch.context() as patch:
        patch.setattr(NavScripts, "render", lambda self, env, config, files, nav: None)
        inline = build_site(root, "inline")
    return inline, build_site(root, "scripted")


def test_pages_outside_the_navigation_load_their_sidebar_from_a_script(
    sites: tuple[Path, Path],
) -> None:
    inline, scripted = sites
    before, after = pages(inline), pages(scripted)
    assert before.keys() == after.keys()
    outside = {"studios/steel-studio/index.html"}
    in_nav = {"index.html", "about/index.html", "studios/index.html"}
    for name, html in after.items():
        if name in outside:
            # The sidebar, the header and the footer are no longer in the page: a script
            # each, where they were, writes them.
            assert PRIMARY_NAV not in html and HEADER not in html and FOOTER not in html, name
            assert len(NAV_SCRIPT.findall(html)) == 1, name
            assert len(HEADER_SCRIPT.findall(html)) == 1, name
            assert len(FOOTER_SCRIPT.findall(html)) == 1, name
            # Without scripts, the site's name leads home.
            assert (
                '<noscript><p class="showcase-noscript-home"><a href="../..">测试站点</a>' in html
            )
        elif name in in_nav:
            # A page in the navigation keeps them in its HTML, for readers without scripts.
            assert PRIMARY_NAV in html and not NAV_SCRIPT.search(html), name
            assert HEADER in html and FOOTER in html, name
            assert not HEADER_SCRIPT.search(html) and not FOOTER_SCRIPT.search(html), name
        # With what the scripts write put in their place, every page reads as before.
        inlined = with_markup_inlined(scripted, name, html)
        assert layout_free(inlined) == layout_free(
            with_markup_inlined(inline, name, before[name])
        ), name
    record = after["studios/steel-studio/index.html"]
    sidebar = with_markup_inlined(scripted, "studios/steel-studio/index.html", record)
    # The record's section is marked in the written sidebar, its links relative to the page.
    assert 'href="../" class="md-nav__link md-nav__link--active" aria-current="location"' in (
        sidebar
    )
    # The header written shows the record's own title; the search dialog is in it as markup.
    header = sidebar[sidebar.index(HEADER) : sidebar.index("</header>")]
    # (`striptags` made the ideographic space an ordinary one, as it always did there.)
    assert '<span class="md-ellipsis">\n钢管 工作室\n</span>' in header
    assert 'class="md-search"' in header and "showcase-search-dialog" not in header
    # Three entries in this navigation, the header and the footer: about 2 KB less.
    assert len(record.encode()) + 1_900 < len(before["studios/steel-studio/index.html"].encode())


def test_one_script_per_folder_named_by_its_content(sites: tuple[Path, Path]) -> None:
    _, scripted = sites
    for part, tags in (
        ("nav", MARKUP_SCRIPT),
        ("footer", MARKUP_SCRIPT),
        ("header", TITLED_SCRIPT),
    ):
        scripts = sorted((scripted / "assets/javascripts").glob(f"showcase-{part}.*.js"))
        used = {
            Path(tag.group(1)).name
            for name, html in pages(scripted).items()
            for tag in tags.finditer(html)
            if f"showcase-{part}." in tag.group(1)
        }
        assert used == {script.name for script in scripts} and scripts, part


def test_a_title_with_markup_reaches_the_written_header_as_text(write_tree: WriteTree) -> None:
    # The title comes from the data: in the script's tag it is an attribute, and the script
    # escapes it again before it writes the header, so it shows as the editor wrote it.
    hostile = 'A&B "引号" <script>alert(1)</script>'
    files = tree(MKDOCS_YML)
    files["data/studios.yaml"] = STUDIOS.replace("name: 钢管　工作室", f"name: '{hostile}'")
    site = build_site(write_tree(files), "site")
    name = "studios/steel-studio/index.html"
    html = (site / name).read_text(encoding="utf-8")
    tag = TITLED_SCRIPT.search(html)
    assert tag is not None and "<script>alert" not in html
    assert tag.group(2) == "A&amp;B &#34;引号&#34; &lt;script&gt;alert(1)&lt;/script&gt;"
    script = (site / name).parent.joinpath(tag.group(1)).read_text(encoding="ascii")
    assert '.replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;")' in script
    header = with_markup_inlined(site, name, html)
    assert "A&amp;B &#34;引号&#34; &lt;script&gt;alert(1)&lt;/script&gt;\n</span>" in header


def test_config_json_and_storage_helpers_come_from_the_head_script(
    sites: tuple[Path, Path],
) -> None:
    _, scripted = sites
    for name, html in pages(scripted).items():
        assert 'id="__config"' not in html and "__md_scope" not in html, name
    (face,) = (scripted / "assets/javascripts").glob("showcase-face.*.js")
    script = face.read_text(encoding="utf-8")
    # Written after the script itself, with the root and the worker made absolute from the
    # script's own address (two folders below the root).
    assert 'ROOT=new URL("../../",script.src)' in script
    assert "window.__md_scope=ROOT" in script and '<script id="__config"' in script
    worker = re.search(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js", script)
    assert worker is not None and (scripted / worker.group()).is_file()


def test_a_site_with_its_own_storage_scope_keeps_materials_helpers(
    write_tree: WriteTree,
) -> None:
    config = MKDOCS_YML.replace("nav:\n", "extra:\n  scope: /\nnav:\n")
    site = build_site(write_tree(tree(config)), "site")
    record = (site / "studios/steel-studio/index.html").read_text(encoding="utf-8")
    assert '__md_scope=new URL("/",location)' in record and 'id="__config"' in record


def test_a_sidebar_that_shows_the_page_itself_stays_in_every_page(write_tree: WriteTree) -> None:
    # A theme override that prints the page's own title in its sidebar: two record pages of
    # one folder differ there, so no script can write it for both.
    config = MKDOCS_YML.replace(f"custom_dir: {REPO_ROOT / 'overrides'}", "custom_dir: theme")
    files = tree(config)
    files["data/studios.yaml"] += (
        STUDIOS.replace("studios:\n", "")
        .replace("steel-studio", "second-studio")
        .replace("钢管", "焊接")
    )
    files["theme/partials/nav.html"] = (
        '<nav class="md-nav md-nav--primary">{{ page.title | e }}</nav>\n'
    )
    site = build_site(write_tree(files), "site")
    for name in ("steel-studio", "second-studio"):
        html = (site / f"studios/{name}/index.html").read_text(encoding="utf-8")
        assert not NAV_SCRIPT.search(html) and PRIMARY_NAV in html, name
    # So do the listings outside this navigation, which share the root folder.
    for name in ("awards", "people"):
        html = (site / f"{name}/index.html").read_text(encoding="utf-8")
        assert not NAV_SCRIPT.search(html) and PRIMARY_NAV in html, name
