"""Editors' text made safe to embed: Markdown descriptions and titles from the data.

Description fields (``description``, ``citation`` …) may use a small subset of Markdown.
:func:`render_markdown` turns one into HTML in two steps, each enough on its own for the
worst cases and together enough for all:

1. Python-Markdown with its raw-HTML handling switched off, so ``<script>`` or
   ``<img onerror=…>`` typed by an editor comes out as the visible text they typed, never
   as markup. ``attr_list`` is not enabled, so ``{: onclick="…"}`` stays text too. Headings
   are demoted: a description sits below the page's own ``h1`` and its ``h2`` sections, so
   ``#`` becomes ``h3`` and ``##`` and deeper become ``h4``.
2. nh3 (the ammonia sanitiser) keeps only :data:`ALLOWED_TAGS`; it keeps ``href`` and
   ``title`` on links and no other attribute; it keeps ``href`` only for http, https,
   mailto and relative URLs (so no ``javascript:``, ``data:``, ``vbscript:``, ``tel:``,
   even when spelt with entities); and it marks every link ``noopener noreferrer
   nofollow``.

Images are not allowed: an ``<img>`` is removed (its alt text with it). Photos have their
own ``photos`` field, which carries the caption, the alt text and the consent check that
an image inside a description would bypass.

Titles are a different matter: see :func:`title_html` and :func:`clean_index_titles`.
"""

from __future__ import annotations

import functools
import json
import re
import xml.etree.ElementTree as etree
from typing import Any

import markdown
import nh3
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup, escape

from showcase.site.search_index import dumps_index

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a",
        "h3", "h4", "table", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title"})}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# The tags Material's search plugin keeps when it indexes a page (its Parser.keep), and so
# the only ones a title or a text in search_index.json may hold.
SEARCH_INDEX_TAGS = frozenset({"p", "code", "pre", "li", "ol", "ul", "sub", "sup"})

# The page's own h1 is the record's name and its h2s are the page's sections.
_HIGHEST_HEADING = 3
_LOWEST_HEADING = 4


class _DemoteHeadings(Treeprocessor):
    """Turns ``#`` (h1) into h3 and every deeper heading into h4."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if isinstance(element.tag, str) and re.fullmatch(r"h[1-6]", element.tag):
                level = min(int(element.tag[1]) + _HIGHEST_HEADING - 1, _LOWEST_HEADING)
                element.tag = f"h{level}"


class _EditorMarkdown(Extension):
    """Markdown for editors: no raw HTML, demoted headings."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Without these two, raw HTML is not passed through: the serializer escapes it.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        # Late, after every block and inline element exists.
        md.treeprocessors.register(_DemoteHeadings(md), "showcase_demote_headings", 5)


@functools.cache
def _markdown() -> markdown.Markdown:
    # One instance, reset before each text: Python-Markdown keeps state (link references,
    # stashed HTML) between conversions, and building an instance with its extensions
    # costs more than converting a record's description.
    return markdown.Markdown(
        extensions=["tables", "sane_lists", _EditorMarkdown()], output_format="html"
    )


# Chinese is written without spaces, so a line break inside a Chinese sentence is no
# break at all; browsers would show it as a space (Pandoc's east_asian_line_breaks rule).
_CJK = "\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u201c\u201d\u2018\u2019\u2014\u2026"
_LINE_BREAK_IN_CHINESE = re.compile(f"(?<=[{_CJK}])\n[ \t]*(?=[{_CJK}])")


# A text that Markdown and the sanitiser would only wrap in a paragraph: no whitespace (so
# no line, list, heading, code block or table marker can begin), none of Markdown's inline
# or block punctuation, and nothing HTML escapes. Most descriptions and notes are such a
# run of Chinese sentences; converting each through Python-Markdown and nh3 was a sixth of
# a record page's cost. tests/test_sanitize.py checks that both ways give the same bytes.
_PLAIN_PARAGRAPH = re.compile(r"[^\s\\`*_{}\[\]()#+\-!<>&|~=^$\"':;@]+")


def render_markdown(text: str) -> Markup:
    """Render an editor's Markdown description as HTML that is safe to embed in a page."""
    text = _LINE_BREAK_IN_CHINESE.sub("", text)
    if _PLAIN_PARAGRAPH.fullmatch(text) and text.isprintable():
        return Markup(f"<p>{text}</p>")
    return _render_through_markdown(text)


def _render_through_markdown(text: str) -> Markup:
    """:func:`render_markdown` by Python-Markdown and nh3, whatever the text."""
    converter = _markdown()
    converter.reset()
    html = converter.convert(text)
    cleaned = nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return Markup(cleaned)


def title_html(text: str) -> Markup:
    """A data string as a page title: HTML-escaped text, the form MkDocs titles take.

    MkDocs titles are HTML (a title taken from a page's ``# heading`` keeps ``&amp;``),
    Material prints them raw in places, and the search index stores them as HTML that the
    search box inserts with ``innerHTML``. So a title from the data is escaped once, here,
    and kept as :class:`~markupsafe.Markup` so that nothing escapes it a second time. The
    theme overrides in ``overrides/`` print every title as ``title | striptags | e``,
    which shows this text exactly as the editor wrote it.
    """
    return escape(text)


def clean_search_index(index_json: str) -> str:
    """:func:`clean_index_titles` for an index given and returned as JSON text."""
    return dumps_index(clean_index_titles(json.loads(index_json)))


def clean_index_titles(index: dict[str, Any]) -> dict[str, Any]:
    """Make the titles and tags of Material's search index safe, in place; return the index.

    The search box inserts each result's title and tags with ``innerHTML``. Material writes
    a title it parsed from a heading escaped, but a page whose text does not begin with a
    heading is indexed under ``page.meta.title`` or ``page.title`` exactly as it is, and
    tags from front matter too. This keeps only the tags Material itself writes, with no
    attributes, so no title or tag can carry markup that runs; text that was escaped
    stays as it was.
    """
    for doc in index.get("docs", []):
        if isinstance(doc.get("title"), str):
            doc["title"] = _clean_index_html(doc["title"])
        if isinstance(doc.get("tags"), list):
            doc["tags"] = [_clean_index_html(str(tag), tags=frozenset()) for tag in doc["tags"]]
    return index


def _clean_index_html(html: str, tags: frozenset[str] = SEARCH_INDEX_TAGS) -> str:
    return nh3.clean(html, tags=set(tags), attributes={}, strip_comments=True, link_rel=None)
