"""Every data string is inert wherever it lands: descriptions, titles, the theme, search.

The hostile inputs are parsed back, and the tests assert on the elements and attributes
that came out, not on the absence of a substring.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import material
import pytest
from markupsafe import Markup

from showcase.site.sanitize import (
    _LINE_BREAK_IN_CHINESE,
    ALLOWED_TAGS,
    ALLOWED_URL_SCHEMES,
    LINK_REL,
    _render_through_markdown,
    clean_search_index,
    render_markdown,
    title_html,
)
from tests.conftest import REPO_ROOT, WriteTree
from tests.test_site_build import build_site

# --- reading HTML back ------------------------------------------------------------------


@dataclass
class Element:
    """A start tag as the browser's parser would see it."""

    tag: str
    attrs: dict[str, str | None]


@dataclass
class ParsedHtml:
    """The elements of a fragment or page, its visible text, and its script bodies."""

    elements: list[Element] = field(default_factory=list)
    text: str = ""
    scripts: list[str] = field(default_factory=list)
    title: str = ""

    def tags(self) -> list[str]:
        return [element.tag for element in self.elements]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parsed = ParsedHtml()
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parsed.elements.append(Element(tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            del self._open[len(self._open) - 1 - self._open[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        current = self._open[-1] if self._open else ""
        if current == "script":
            self.parsed.scripts.append(data)
        elif current == "title":
            self.parsed.title += data
        elif current != "style":
            self.parsed.text += data


def parse(html: str) -> ParsedHtml:
    """Parse HTML the way a browser tokenises it (entities decoded, raw text kept)."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.parsed


def assert_only_allowed_markup(html: str) -> ParsedHtml:
    """The fragment has only the allowed tags, and links only with safe URLs."""
    parsed = parse(html)
    for element in parsed.elements:
        assert element.tag in ALLOWED_TAGS, element
        allowed = {"href", "title", "rel"} if element.tag == "a" else set()
        assert set(element.attrs) <= allowed, element
        href = element.attrs.get("href")
        if href is not None:
            scheme = urlsplit(href).scheme
            assert scheme == "" or scheme in ALLOWED_URL_SCHEMES, element
        if element.tag == "a":
            assert element.attrs["rel"] == LINK_REL
    return parsed


# --- Markdown descriptions --------------------------------------------------------------


def test_paragraphs_and_lists_render() -> None:
    html = render_markdown("第一段。\n\n第二段。\n\n- 甲\n- 乙\n\n1. 一\n2. 二\n")
    parsed = assert_only_allowed_markup(html)
    assert parsed.tags() == ["p", "p", "ul", "li", "li", "ol", "li", "li"]
    assert [line for line in parsed.text.split("\n") if line] == [
        "第一段。", "第二段。", "甲", "乙", "一", "二",
    ]  # fmt: skip


def test_emphasis_code_quotes_and_tables_render() -> None:
    html = render_markdown(
        "**重点** 与 *强调* 与 `代码`\n\n> 引用\n\n    缩进代码\n\n| 项目 | 数量 |\n| --- | --: |\n| 专利 | 30余项 |\n"
    )
    parsed = assert_only_allowed_markup(html)
    assert parsed.tags() == [
        "p", "strong", "em", "code", "blockquote", "p", "pre", "code",
        "table", "thead", "tr", "th", "th", "tbody", "tr", "td", "td",
    ]  # fmt: skip
    assert "30余项" in parsed.text


def test_headings_sit_below_the_pages_own_h1_and_h2() -> None:
    html = render_markdown("# 一\n\n## 二\n\n### 三\n\n###### 六\n\n甲\n===\n\n乙\n---\n")
    assert assert_only_allowed_markup(html).tags() == ["h3", "h4", "h4", "h4", "h3", "h4"]


def test_nothing_of_one_description_carries_over_to_the_next() -> None:
    # One Markdown converter serves every description; a link reference or a footnote-like
    # definition in one record must not give a link to the next.
    first = render_markdown("见[总工会][ref]。\n\n[ref]: https://example.org/first")
    second = render_markdown("见[总工会][ref]。")

    assert 'href="https://example.org/first"' in first
    assert "href" not in second
    assert second == render_markdown("见[总工会][ref]。")


def test_links_to_the_web_to_mail_and_within_the_site_survive() -> None:
    html = render_markdown(
        '[原文](https://example.com/a?b=1&c=2 "标题")、<http://example.org>、'
        "[来信](mailto:editor@example.com)、[工作室](../studios/steel-studio/)"
    )
    parsed = assert_only_allowed_markup(html)
    links = [element.attrs for element in parsed.elements if element.tag == "a"]
    assert links == [
        {"href": "https://example.com/a?b=1&c=2", "title": "标题", "rel": LINK_REL},
        {"href": "http://example.org", "rel": LINK_REL},
        {"href": "mailto:editor@example.com", "rel": LINK_REL},
        {"href": "../studios/steel-studio/", "rel": LINK_REL},
    ]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<div onclick="alert(1)">块</div>',
        "<!-- 注释 --><svg onload=alert(1)>",
        '<p style="position:fixed">x</p>',
    ],
)
def test_raw_html_shows_as_the_text_the_editor_typed(text: str) -> None:
    parsed = assert_only_allowed_markup(render_markdown(text))
    assert parsed.tags() == ["p"]
    assert parsed.text == text


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "&#106;avascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "tel:13800000000",
        "file:///etc/passwd",
    ],
)
def test_a_link_to_anything_but_the_web_mail_or_the_site_loses_its_target(target: str) -> None:
    parsed = assert_only_allowed_markup(render_markdown(f"[点这里]({target})"))
    assert parsed.tags() == ["p", "a"]
    assert parsed.elements[1].attrs == {"rel": LINK_REL}
    assert parsed.text == "点这里"


def test_attribute_lists_are_plain_text() -> None:
    text = '段落\n{: onclick="alert(1)" }\n\n[链接](https://example.com){: onmouseover="alert(1)"}'
    parsed = assert_only_allowed_markup(render_markdown(text))
    assert '{: onclick="alert(1)" }' in parsed.text
    assert '{: onmouseover="alert(1)"}' in parsed.text


def test_a_link_title_cannot_add_an_attribute() -> None:
    parsed = assert_only_allowed_markup(
        render_markdown('[x](https://example.com "t\\" onmouseover=\\"alert(1)")')
    )
    (link,) = [element for element in parsed.elements if element.tag == "a"]
    assert set(link.attrs) == {"href", "title", "rel"}


def test_images_are_left_out() -> None:
    # Photos have their own field, with alt text and the consent check.
    parsed = assert_only_allowed_markup(render_markdown("前\n\n![李刚](photos/li-gang.jpg)\n\n后"))
    assert "img" not in parsed.tags()
    assert parsed.text.split() == ["前", "后"]


def test_entities_and_template_syntax_stay_text() -> None:
    parsed = assert_only_allowed_markup(
        render_markdown("&lt;script&gt;alert(1)&lt;/script&gt; &amp; {{ 7*7 }} {% if 1 %}")
    )
    assert parsed.tags() == ["p"]
    assert parsed.text == "<script>alert(1)</script> & {{ 7*7 }} {% if 1 %}"


def test_chinese_text_is_untouched() -> None:
    text = "这个工作室突破了“单打作战”的局限，让“劳模”称号不再是“个人光环”——而是“财富金砖”！（30余项、近百个）"
    parsed = assert_only_allowed_markup(render_markdown(text))
    assert parsed.text == text


def test_the_same_text_always_gives_the_same_html() -> None:
    text = "# 标题\n\n段落 [链接](https://example.com)\n\n- 甲\n- 乙\n"
    assert len({render_markdown(text) for _ in range(3)}) == 1
    assert isinstance(render_markdown(text), Markup)


# Texts on either side of the plain-paragraph shortcut: each must come out exactly as
# Python-Markdown and the sanitiser make it.
SHORTCUT_CASES = [
    "公司先后攻克生产难题30多个，创造经济效益84.6万元。采纳率达到87.1%。",
    "“工匠精神”——而是“财富金砖”！（30余项、近百个）",
    "第一行\n第二行",
    "1.5倍",
    "1. 第一项",
    "1.第一项",
    "2019-2020年",
    "- 甲",
    "甲  乙",
    " 前有空格",
    "后有空格 ",
    "甲\u00a0乙",
    "甲\u3000乙",
    "甲\t乙",
    "#标题",
    "> 引用",
    "甲*乙*丙",
    "甲_乙_丙",
    "甲`乙`丙",
    "[甲](乙)",
    "甲&amp;乙",
    "甲&乙",
    "甲<乙>丙",
    "<https://example.com>",
    "a@b.c",
    "甲|乙",
    "甲\\乙",
    "===",
    "甲\n===",
    "甲\n---",
    "a.b.c",
    "100%",
    "“”‘’…",
    "甲\u2028乙",
    "甲\x00乙",
    "😀",
]


@pytest.mark.parametrize("text", SHORTCUT_CASES)
def test_a_plain_paragraph_comes_out_as_markdown_makes_it(text: str) -> None:
    joined = _LINE_BREAK_IN_CHINESE.sub("", text)
    assert render_markdown(text) == _render_through_markdown(joined)


# --- titles and the search index --------------------------------------------------------

HOSTILE = "</title><script>window.__xss=1</script><img src=x onerror=window.__xss=2>{{ 7*7 }}\"'"


def test_a_title_from_the_data_is_escaped_once() -> None:
    title = title_html(HOSTILE)
    assert isinstance(title, Markup)
    assert parse(str(title)).elements == []
    assert parse(str(title)).text == HOSTILE
    assert title_html(title) == title


def test_the_search_index_keeps_no_markup_from_a_title_or_a_tag() -> None:
    index = {
        "config": {"lang": ["zh"]},
        "docs": [
            {"location": "", "title": HOSTILE, "text": "<p>正文</p>"},
            {"location": "a/", "title": str(title_html(HOSTILE)), "text": "x"},
            {
                "location": "b/",
                "title": "用 <code>showcase</code> 命令",
                "text": "",
                "tags": [HOSTILE],
            },
        ],
    }
    cleaned = json.loads(clean_search_index(json.dumps(index)))
    for doc in cleaned["docs"]:
        for html in [doc["title"], *doc.get("tags", [])]:
            assert {element.tag for element in parse(html).elements} <= {"code"}, html
    titles = [parse(doc["title"]).text for doc in cleaned["docs"]]
    # Raw markup is dropped; an escaped title reads as written; Material's own tags stay.
    assert titles == ["{{ 7*7 }}\"'", HOSTILE, "用 showcase 命令"]
    assert cleaned["docs"][2]["title"] == "用 <code>showcase</code> 命令"
    assert cleaned["docs"][0]["text"] == "<p>正文</p>"
    assert cleaned["config"] == index["config"]


# --- the theme overrides ----------------------------------------------------------------

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
OVERRIDES = REPO_ROOT / "overrides"
_PRINT = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.DOTALL)
# What a print of data looks like in Material's templates, and what makes one safe.
_DATA_PRINT = re.compile(
    r"\btitle\b|\.meta\b|site_name|site_description|site_author|subtitle|\bname\b"
)
_ESCAPED = re.compile(r"\|\s*e\b|\|\s*tojson\b|\|\s*url\b|^lang\.t\(|^render_\w+\(")
_ESCAPE_FILTERS = re.compile(r"\s*\|\s*(?:striptags|e)\b(?=\s*(?:\||-?\}\}|$))")
# Templates that print a title or a name raw and are not overridden, and why that is safe.
NOT_OVERRIDDEN = {
    "blog-post.html": "the blog plugin is not used",
    "partials/post.html": "the blog plugin is not used",
    "redirect.html": "the redirects plugin is not used",
    "partials/tags.html": "the tags plugin is not used",
    "fragments/tags/default/listing.html": "the tags plugin is not used",
    "fragments/tags/default/tag.html": "the tags plugin is not used",
    "partials/source-file.html": "the git revision and committers plugins are not used",
    "partials/alternate.html": "language names come from mkdocs.yml, not from the data",
    "partials/consent.html": "the cookie consent text comes from mkdocs.yml",
    "partials/feedback.html": "the feedback widget's text comes from mkdocs.yml",
    "partials/palette.html": "palette toggle names come from mkdocs.yml",
    "partials/toc.html": "its title is a translation or toc.title from mkdocs.yml",
    "partials/toc-item.html": (
        "table-of-contents titles are HTML that Python-Markdown escaped from hand-written "
        "headings; generated pages have no Markdown, so the data never reaches them"
    ),
}
UNUSED_PLUGINS = ("blog", "tags", "redirects", "git-revision-date", "git-committers")


def _raw_data_prints(template: str) -> list[tuple[int, str]]:
    """(offset, expression) of each print of a title, a name or a meta value, unescaped."""
    return [
        (match.start(), match.group(1))
        for match in _PRINT.finditer(template)
        if _DATA_PRINT.search(match.group(1)) and not _ESCAPED.search(match.group(1))
    ]


def _block_span(template: str, name: str) -> tuple[int, int]:
    start = template.index(f"{{% block {name} %}}")
    return start, template.index("{% endblock %}", start)


def _block(template: str, name: str) -> str:
    start, end = _block_span(template, name)
    return template[start:end]


def _without_escaping(template: str) -> list[str]:
    """Template lines with our escaping filters and Jinja comments removed, for comparing.

    Lines an override adds on purpose stand between ``{#- showcase: begin`` and
    ``{#- showcase: end -#}`` and are left out too (the escaping test still reads them).
    """
    template = re.sub(r"\{#- showcase: begin.*?showcase: end -#\}", "", template, flags=re.DOTALL)
    template = re.sub(r"\{#.*?#\}", "", template, flags=re.DOTALL)
    lines = (_ESCAPE_FILTERS.sub("", line).strip() for line in template.splitlines())
    # `{{ x }}` and `{{ x}}` print the same.
    return [re.sub(r"\s*(-?\}\})", r" \1", line) for line in lines if line]


def overrides() -> list[Path]:
    """The theme overrides: main.html and its partials, never none."""
    found = sorted(OVERRIDES.rglob("*.html"))
    assert len(found) >= 2, found
    return found


def test_the_overrides_are_for_the_installed_material() -> None:
    for path in overrides():
        assert f"mkdocs-material {material.__version__} " in path.read_text(encoding="utf-8"), (
            f"{path.relative_to(REPO_ROOT)} was copied from another Material version: compare "
            f"it with Material {material.__version__}'s template and update the note"
        )


def test_every_raw_print_of_a_title_in_material_is_overridden_or_unused() -> None:
    base = (MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8")
    main = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    overridden = [_block_span(base, block) for block in re.findall(r"\{% block (\w+) %\}", main)]
    unsafe: list[str] = []
    templates = sorted(MATERIAL_TEMPLATES.rglob("*.html"))
    # Material 9 has about a hundred templates; none found would pass any scan.
    assert len(templates) > 50
    for path in templates:
        name = path.relative_to(MATERIAL_TEMPLATES).as_posix()
        if name.startswith("partials/languages/"):
            continue
        template = path.read_text(encoding="utf-8")
        for offset, expression in _raw_data_prints(template):
            if name == "base.html":
                if any(start <= offset < end for start, end in overridden):
                    continue
            elif (OVERRIDES / name).exists() or name in NOT_OVERRIDDEN:
                continue
            line = template.count("\n", 0, offset) + 1
            unsafe.append(f"{name}:{line}: {{{{ {expression} }}}}")
    assert unsafe == []


def test_plugins_whose_templates_are_not_overridden_stay_unused() -> None:
    mkdocs_yml = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plugins = mkdocs_yml[mkdocs_yml.index("\nplugins:") :]
    for plugin in UNUSED_PLUGINS:
        assert not re.search(rf"^\s*-\s*(material/)?{plugin}\b", plugins, re.MULTILINE), (
            f"the {plugin} plugin prints data raw: override its templates (see NOT_OVERRIDDEN)"
        )


def test_the_overrides_escape_every_title_they_print() -> None:
    for path in overrides():
        assert _raw_data_prints(path.read_text(encoding="utf-8")) == [], path


def test_the_overrides_differ_from_material_only_in_escaping() -> None:
    main = (OVERRIDES / "main.html").read_text(encoding="utf-8")
    base = (MATERIAL_TEMPLATES / "base.html").read_text(encoding="utf-8")
    blocks = re.findall(r"\{% block (\w+) %\}", main)
    assert blocks
    for block in blocks:
        if "{{ super() }}" in _block(main, block):
            # Not a copy: the block prints Material's own where it prints anything of it.
            continue
        assert _without_escaping(_block(main, block)) == _without_escaping(_block(base, block))
    partials = sorted((OVERRIDES / "partials").glob("*.html"))
    assert partials
    for path in partials:
        original = (MATERIAL_TEMPLATES / "partials" / path.name).read_text(encoding="utf-8")
        assert _without_escaping(path.read_text(encoding="utf-8")) == _without_escaping(original), (
            path.name
        )


HOSTILE_SITE = {
    "mkdocs.yml": f"""\
        site_name: "站点<img src=x onerror=window.__xss=3>"
        site_description: '"><script>window.__xss=4</script>'
        site_author: "\\"'><svg onload=window.__xss=5>"
        docs_dir: content
        theme:
          name: material
          language: zh
          font: false
          custom_dir: {OVERRIDES}
          features: [navigation.footer, navigation.path, navigation.tabs]
        nav:
          - 首页: index.md
          - "<img src=x onerror=window.__xss=6>":
              - "</title><script>window.__xss=7</script>": section/page.md
          - "\\"'><svg onload=window.__xss=8>{{{{ 7*7 }}}}": plain.md
        plugins:
          - search
        """,
    "content/index.md": """\
        ---
        title: "</title><script>window.__xss=1</script><img src=x onerror=window.__xss=2>"
        description: '"><img src=x onerror=window.__xss=9>'
        author: '"><svg onload=window.__xss=10>'
        ---
        正文。
        """,
    "content/section/page.md": """\
        ---
        subtitle: "<img src=x onerror=window.__xss=11>"
        status: 'new"><img src=x onerror=window.__xss=12>'
        ---
        没有标题的正文。
        """,
    "content/plain.md": "没有标题，也没有 front matter。\n",
}


def _assert_inert_page(html: str) -> ParsedHtml:
    parsed = parse(html)
    assert [script for script in parsed.scripts if "__xss" in script] == []
    for element in parsed.elements:
        assert element.tag != "img", element
        assert not [name for name in element.attrs if name.startswith("on")], element
    return parsed


def test_hostile_titles_in_front_matter_nav_and_config_are_text(write_tree: WriteTree) -> None:
    site = build_site(write_tree(HOSTILE_SITE, with_source=False))
    home = _assert_inert_page((site / "index.html").read_text(encoding="utf-8"))
    assert home.title == "window.__xss=1 - 站点"
    page = _assert_inert_page((site / "section/page/index.html").read_text(encoding="utf-8"))
    assert page.title == "window.__xss=7 - 站点"
    plain = _assert_inert_page((site / "plain/index.html").read_text(encoding="utf-8"))
    assert plain.title == "\"'>{{ 7*7 }} - 站点"
    assert "\"'>{{ 7*7 }}" in plain.text
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 4  # the three pages and the 404 page
    for path in pages:
        _assert_inert_page(path.read_text(encoding="utf-8"))


HOSTILE_NAME = "<img src=x onerror=window.__xss=1>{{ 7*7 }}\"'"
HOSTILE_DATA = f"""\
    organizations:
      - id: steel-pipe
        name: '天津钢管公司{HOSTILE_NAME.replace("'", "''")}'
        district: '南开区</title><script>window.__xss=2</script>'
        sources: [{{source: test-source}}]
    studios:
      - id: steel-studio
        name: '工作室{HOSTILE_NAME.replace("'", "''")}'
        organization: steel-pipe
        district: '南开区</title><script>window.__xss=2</script>'
        description: "简介 <script>window.__xss=3</script> [x](javascript:window.__xss=4)"
        sources: [{{source: test-source}}]
    """


def test_record_pages_show_hostile_data_as_text(write_tree: WriteTree) -> None:
    site = build_site(
        write_tree(
            {
                "mkdocs.yml": f"""\
                    site_name: 测试站点
                    docs_dir: content
                    theme:
                      name: material
                      language: zh
                      font: false
                      custom_dir: {OVERRIDES}
                    plugins:
                      - search
                      - showcase/records
                    """,
                "content/index.md": "# 首页\n",
                "data/records.yaml": HOSTILE_DATA,
            }
        )
    )
    studio_page = site / "studios/steel-studio/index.html"
    studio = _assert_inert_page(studio_page.read_text(encoding="utf-8"))
    assert HOSTILE_NAME in studio.text
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 10  # the home page, records, listings, facets, totals, downloads
    for path in pages:
        _assert_inert_page(path.read_text(encoding="utf-8"))


def test_hostile_markup_in_the_site_templates_is_checked(write_tree: WriteTree) -> None:
    # The guard fires: Material's own templates, without the overrides, let a title run.
    site_files = dict(HOSTILE_SITE)
    site_files["mkdocs.yml"] = textwrap.dedent(HOSTILE_SITE["mkdocs.yml"]).replace(
        f"  custom_dir: {OVERRIDES}\n", ""
    )
    site = build_site(write_tree(site_files, with_source=False))
    with pytest.raises(AssertionError):
        _assert_inert_page((site / "index.html").read_text(encoding="utf-8"))
