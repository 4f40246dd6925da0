"""Lighter pages: compacted theme templates, UTF-8 config JSON, icons drawn by the stylesheet."""

from __future__ import annotations

import json
import re
from pathlib import Path

import material
import pytest
from jinja2 import DictLoader, Environment
from mkdocs.commands.build import build
from mkdocs.config import load_config

from showcase.site import compact
from showcase.site.compact import CompactTemplates, compact_template, lighten_theme
from tests.conftest import WriteTree
from tests.page_reading import with_markup_inlined, written_markup

REPO_ROOT = Path(__file__).resolve().parent.parent
MATERIAL = Path(material.__file__).parent
SPACE_RUN = re.compile(r"[ \t\n\r\f]{2,}")
HTML_SPACES = re.compile(r"[ \t\n\r\f]+")
VERBATIM = re.compile(
    r"<(pre|textarea|script|style|code|kbd|samp)\b.*?</\1\s*>", re.DOTALL | re.IGNORECASE
)

# The repository's theme overrides, so that the header and footer partials of the real site
# are the ones compacted and checked.
MKDOCS_YML = f"""\
site_name: 测试站点
site_description: 测试站点的说明
docs_dir: content
theme:
  name: material
  language: zh
  font: false
  custom_dir: {REPO_ROOT / "overrides"}
  features:
    - navigation.footer
plugins:
  - search:
      lang: zh
  - showcase/records
  - showcase/identity
nav:
  - 首页: index.md
  - 说明: about.md
  - 劳模创新工作室: studios/index.md
"""

# What an editor may write that whitespace-cutting must not touch: double spaces, an
# ideographic space, a no-break space, code and a preformatted block.
STUDIOS = """\
studios:
  - id: steel-studio
    name: 钢管　工作室
    description: |
      第一段  两个空格，\u00a0不换行空格。

      `code  with  spaces`
    sources: [{source: test-source}]
"""

ABOUT = """\
# 说明

正文  两个空格。

```
pre  block
    indented
```
"""


def tree(config: str) -> dict[str, str]:
    return {
        "mkdocs.yml": config,
        "content/index.md": "# 首页\n\n{{showcase list studios}}\n",
        "content/about.md": ABOUT,
        "data/studios.yaml": STUDIOS,
    }


def build_site(root: Path, site: str) -> Path:
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(root / site), strict=True)
    build(config)
    return Path(config.site_dir)


def pages(site: Path) -> dict[str, str]:
    found = {
        path.relative_to(site).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(site.rglob("*.html"))
    }
    assert found
    return found


DIALOG_SCRIPT = re.compile(r"showcase-search-dialog\.[0-9a-f]{8}\.js")


def search_dialog(site: Path) -> str:
    """The markup the search dialog's script writes into every page."""
    (script,) = (site / "assets/javascripts").glob("showcase-search-dialog.*.js")
    return written_markup(script)


def layout_free(html: str) -> str:
    """The page with every whitespace run read as a browser does: one character."""
    return HTML_SPACES.sub(" ", html)


@pytest.fixture
def sites(write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The same tree built with the templates as written, then compacted."""
    root = write_tree(tree(MKDOCS_YML))
    with monkeypatch.context() as patch:
        patch.setattr(CompactTemplates, "preprocess", lambda self, source, *_: source)
        as_written = build_site(root, "as-written")
    return as_written, build_site(root, "compacted")


def test_compacting_only_shortens_whitespace_runs_and_keeps_every_verbatim_element(
    sites: tuple[Path, Path],
) -> None:
    as_written, compacted = (pages(site) for site in sites)
    assert as_written.keys() == compacted.keys()
    # The search dialog, compacted too, is written by a script named by its digest.
    before_dialog, after_dialog = (search_dialog(site) for site in sites)
    assert layout_free(after_dialog) == layout_free(before_dialog)
    assert len(after_dialog) < len(before_dialog)
    saved = 0
    for name, before in as_written.items():
        # The scripts that write the search dialog and the sidebar are named by a digest.
        before = with_markup_inlined(sites[0], name, before)
        after = with_markup_inlined(sites[1], name, compacted[name])
        assert layout_free(after) == layout_free(before), name
        assert VERBATIM.findall(after) == VERBATIM.findall(before), name
        assert [m.group(0) for m in VERBATIM.finditer(after)] == [
            m.group(0) for m in VERBATIM.finditer(before)
        ], name
        saved += len(before.encode()) - len(after.encode())
    # The tree's pages hold <pre>, <code> and <script>: the check above compared them.
    assert "<pre>" in compacted["about/index.html"]
    assert "<code>code  with  spaces</code>" in compacted["studios/steel-studio/index.html"]
    # Whitespace was cut on every page: about a quarter of the bytes on these small pages.
    assert saved > 1_000 * len(as_written)


def test_what_an_editor_wrote_keeps_its_spaces(sites: tuple[Path, Path]) -> None:
    _, compacted = sites
    record = (compacted / "studios/steel-studio/index.html").read_text(encoding="utf-8")
    assert "钢管　工作室" in record  # U+3000 is text, not layout
    assert "第一段  两个空格，&nbsp;不换行空格。" in record
    about = (compacted / "about/index.html").read_text(encoding="utf-8")
    assert "正文  两个空格。" in about
    assert "pre  block\n    indented" in about


def test_templates_lose_their_indentation(sites: tuple[Path, Path]) -> None:
    as_written, compacted = sites
    page = "studios/steel-studio/index.html"
    # With what its folder's scripts write (the header, sidebars, footer) put in its place.
    before = with_markup_inlined(as_written, page, (as_written / page).read_text(encoding="utf-8"))
    after = with_markup_inlined(compacted, page, (compacted / page).read_text(encoding="utf-8"))
    assert "\n    <" in before
    # Outside the verbatim elements and the page's content (our own templates' HTML and
    # the editors' text, which the theme prints as it is), no line is indented any more.
    chrome = VERBATIM.sub("", re.sub(r"<article.*?</article>", "", after, flags=re.DOTALL))
    assert "\n    <" in VERBATIM.sub(
        "", re.sub(r"<article.*?</article>", "", before, flags=re.DOTALL)
    )
    assert re.findall(r"\n[ \t]+", chrome) == []
    assert len(after.encode()) < 0.85 * len(before.encode())


def test_compact_template_cuts_runs_and_keeps_jinja_and_verbatim_text() -> None:
    source = (
        "<ul>\n    <li>{{ 'a  b' }}</li>\n\n  {% if x  %}<b>x</b>  {% endif %}\n"
        "{# a  comment #}{% raw %}{{  kept  }}{% endraw %}\n"
        "<pre>  a\n\n  b</pre>  <SCRIPT>if (a  &&  b) {}</SCRIPT>\t\t<code>x  y</code>"
        "<p>甲\u3000\u3000乙\u00a0\u00a0丙</p>\n</ul>"
    )
    assert compact_template(source) == (
        "<ul>\n<li>{{ 'a  b' }}</li>\n{% if x  %}<b>x</b> {% endif %}\n"
        "{# a  comment #}{% raw %}{{  kept  }}{% endraw %}\n"
        "<pre>  a\n\n  b</pre> <SCRIPT>if (a  &&  b) {}</SCRIPT> <code>x  y</code>"
        "<p>甲\u3000\u3000乙\u00a0\u00a0丙</p>\n</ul>"
    )
    assert compact_template(compact_template(source)) == compact_template(source)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # An if/else/endif on lines of their own: the line break after each tag goes.
        (
            "<p>\n  {% if a %}\n    <b>x</b>\n  {% else %}\n    y\n  {% endif %}\n  z\n</p>",
            "<p>\n{% if a %}<b>x</b>\n{% else %}y\n{% endif %}z\n</p>",
        ),
        # A set between two runs; an import too.
        ("a\n  {% set x = 1 %}\n  b", "a\n{% set x = 1 %}b"),
        ('a\n{% import "m.html" as m %}\nb', 'a\n{% import "m.html" as m %}b'),
        # Nested ifs inside a loop: the loop's own runs stay (they part its repetitions).
        (
            "<ul>\n{% for i in l %}\n  {% if i %}\n  <li>{{ i }}</li>\n  {% endif %}\n{% endfor %}\n</ul>",
            "<ul>\n{% for i in l %}\n{% if i %}<li>{{ i }}</li>\n{% endif %}{% endfor %}\n</ul>",
        ),
        # The if is glued to "A": when it prints nothing, "A" and "B" are parted only by the
        # run after endif, which stays.
        ("A{% if a %}\n x\n{% endif %}\nB", "A{% if a %}\nx\n{% endif %}\nB"),
        # A branch that does not end in a run: the run after endif stays.
        ("a\n{% if c %}\nX{% endif %}\nB", "a\n{% if c %}\nX{% endif %}\nB"),
        # Whitespace control strips the run before the tag as Jinja renders: nothing goes.
        (
            "x {{ y -}}\n  {% if a %}\n b\n{% endif %}\n c",
            "x {{ y -}}\n{% if a %}\nb\n{% endif %}\nc",
        ),
        ("a\n {%- if c %}\n d\n {% endif %}\n e", "a\n{%- if c %}\nd\n{% endif %}\ne"),
        # A block set prints nothing but is a block; an include prints: their runs stay.
        ("a\n{% set x %}\nv\n{% endset %}\nb", "a\n{% set x %}\nv\n{% endset %}\nb"),
        ('a\n{% include "p.html" %}\nb', 'a\n{% include "p.html" %}\nb'),
        # An endif this pass cannot match (its if is inside a <script>): nothing goes at all.
        (
            "a\n{% set x = 1 %}\n<script>{% if a %}</script>\n{% endif %}\nb",
            "a\n{% set x = 1 %}\n<script>{% if a %}</script>\n{% endif %}\nb",
        ),
    ],
)
def test_a_statement_on_its_own_line_leaves_no_line_behind_where_that_changes_nothing(
    source: str, expected: str
) -> None:
    assert compact_template(source) == expected
    assert compact_template(expected) == expected
    # Rendered, each case shows the same as the source (every run read as one space).
    env = Environment(loader=DictLoader({"m.html": "", "p.html": "<i>p</i>"}))
    for values in ({"a": True, "c": True, "l": [1, 0, 2]}, {"a": False, "c": False, "l": []}):
        before = env.from_string(source).render(values)
        after = env.from_string(compact_template(source)).render(values)
        assert layout_free(after) == layout_free(before), values
        assert len(after) <= len(before)


def test_the_theme_writes_json_in_utf8_and_still_safe_in_a_script() -> None:
    env = Environment(loader=DictLoader({"page.html": "<script>{{ value | tojson }}</script>"}))
    value = {"t": "已复制 </script><b>'&"}
    assert "\\u5df2" in env.get_template("page.html").render(value=value)
    lighten_theme(env)
    html = env.get_template("page.html").render(value=value)
    assert html == (
        '<script>{"t": "已复制 \\u003c/script\\u003e\\u003cb\\u003e\\u0027\\u0026"}</script>'
    )
    assert json.loads(html[8:-9]) == value


def test_a_template_compiled_before_is_compiled_again_compacted() -> None:
    env = Environment(loader=DictLoader({"page.html": "<p>\n    a\n</p>"}))
    assert env.get_template("page.html").render() == "<p>\n    a\n</p>"
    compact.lighten_theme(env)
    assert env.get_template("page.html").render() == "<p>\na\n</p>"


def test_icons_are_drawn_by_the_stylesheet_not_inlined(sites: tuple[Path, Path]) -> None:
    _, compacted = sites
    page = (compacted / "about/index.html").read_text(encoding="utf-8")
    dialog = search_dialog(compacted)
    assert "<svg" not in page and "<svg" not in dialog
    # The search dialog's icons are in the script that writes it, where it was in the page.
    page = page.replace(
        DIALOG_SCRIPT.search(page)
        .group(0)
        .join(['<script src="../assets/javascripts/', '"></script>']),  # type: ignore[union-attr]
        dialog,
    )
    drawn = re.findall(r'<span class="showcase-icon showcase-icon--([a-z-]+)"></span>', page)
    # Menu, search button, the search box's magnifier and back arrow, its reset button, and
    # the footer's previous and next arrows (about/ sits between two pages).
    assert drawn == [
        "menu",
        "magnify",
        "magnify",
        "arrow-left",
        "close",
        "arrow-left",
        "arrow-right",
    ]
    stylesheet = next((compacted / "assets/stylesheets").glob("showcase-face.*.css"))
    css = stylesheet.read_text(encoding="utf-8")
    for name in set(drawn):
        assert f'.showcase-icon--{name} {{\n  --showcase-icon: url("data:image/svg+xml' in css
    # The search box shows the magnifier on wide screens and the back arrow on phones.
    assert '.md-search__icon[for="__search"] .showcase-icon:first-child' in css
    assert '.md-search__icon[for="__search"] .showcase-icon:last-child' in css


def test_the_search_dialog_is_written_once_by_a_script_every_page_loads(
    sites: tuple[Path, Path],
) -> None:
    _, compacted = sites
    dialog = search_dialog(compacted)
    assert dialog.startswith('<div class="md-search" data-md-component="search" role="dialog"')
    assert 'aria-label="查找"' in dialog and 'placeholder="搜索"' in dialog
    assert 'data-md-component="search-query"' in dialog and "正在初始化搜索引擎" in dialog
    found = 0
    for name, html in pages(compacted).items():
        if "md-header" not in html:
            continue
        found += 1
        # The script sits where the dialog was, right after the search button, and the
        # dialog's markup is no longer in the page.
        # Relative like the page's other scripts; the 404 page's are from the root.
        root = "/" if name == "404.html" else "../" * name.count("/")
        src = root + "assets/javascripts/"
        assert f'<script src="{src}bundle.' in html, name
        (tag,) = re.findall(r'<script src="[^"]*showcase-search-dialog[^"]*"></script>', html)
        assert tag.startswith(f'<script src="{src}showcase-search-dialog.'), name
        button = html.index('<label class="md-header__button md-icon" for="__search">')
        assert html.index("</label>", button) < html.index(tag), name
        assert 'class="md-search"' not in html, name
    assert found >= 3


def test_an_icon_the_site_chose_is_inlined_as_material_does(write_tree: WriteTree) -> None:
    config = MKDOCS_YML.replace(
        "  font: false\n", "  font: false\n  icon:\n    menu: material/book\n"
    )
    root = write_tree(tree(config))
    page = (build_site(root, "site") / "about/index.html").read_text(encoding="utf-8")
    book = (MATERIAL / "templates/.icons/material/book.svg").read_text(encoding="utf-8")
    assert book.strip() in page
    assert "showcase-icon--menu" not in page


def test_the_palette_script_is_there_only_for_a_palette_toggle(write_tree: WriteTree) -> None:
    toggle = (
        "  palette:\n"
        "    - scheme: default\n      toggle: {icon: material/brightness-7, name: 深色}\n"
        "    - scheme: slate\n      toggle: {icon: material/brightness-4, name: 浅色}\n"
    )
    root = write_tree(tree(MKDOCS_YML))
    without = (build_site(root, "plain") / "index.html").read_text(encoding="utf-8")
    assert '__md_get("__palette")' not in without
    (root / "mkdocs.yml").write_text(
        MKDOCS_YML.replace("  font: false\n", "  font: false\n" + toggle), encoding="utf-8"
    )
    with_toggle = (build_site(root, "toggle") / "index.html").read_text(encoding="utf-8")
    assert with_toggle.count('__md_get("__palette")') >= 1


TABS = """\
# 标签

=== "甲"

    甲的内容

=== "乙"

    乙的内容
"""
TAB_SCRIPT = "<script>var target=document.getElementById(location.hash.slice(1));"


def test_the_content_tab_script_is_only_on_pages_with_content_tabs(write_tree: WriteTree) -> None:
    config = (
        MKDOCS_YML + "markdown_extensions:\n  - pymdownx.tabbed:\n      alternate_style: true\n"
    )
    root = write_tree(tree(config) | {"content/tabs.md": TABS})
    found = pages(build_site(root, "site"))
    with_tabs = found["tabs/index.html"]
    assert 'id="__tabbed_1_1"' in with_tabs
    assert with_tabs.count(TAB_SCRIPT) == 1
    without = [name for name, html in found.items() if TAB_SCRIPT not in html]
    assert "studios/steel-studio/index.html" in without and "index.html" in without
    assert len(without) == len(found) - 1
