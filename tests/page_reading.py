"""A generated page read back into what a visitor sees: its title, facts, lists and links.

Tests assert on these rather than on HTML substrings, so that a change of whitespace or of
attribute order in a template does not break them, and a wrong link or fact still does.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import escape

from showcase.site.compact import titled_markup_parts

# Elements whose text is collected; everything else only passes its text to these.
_COLLECTED = {
    "h1",
    "h2",
    "h3",
    "summary",
    "dt",
    "dd",
    "a",
    "li",
    "p",
    "blockquote",
    "strong",
    "span",
}


@dataclass(frozen=True)
class Link:
    """A link as shown: where it goes, its text, and its rel when it has one."""

    href: str
    text: str
    rel: str | None = None


@dataclass
class Fact:
    """One line of a record's facts: its text, its links, and the ``<data>`` it holds."""

    text: str
    links: list[Link]
    data: dict[str, str] | None = None


@dataclass
class Item:
    """One entry of a list: its text, links, the page's own entry and its count, if any."""

    text: str
    links: list[Link]
    current: str | None = None  # the text of <strong aria-current="page">
    count: str | None = None  # the text of <span class="showcase-facet-count">


@dataclass
class PageContent:
    """What a page body shows, in the order it shows it."""

    title: str = ""
    facts: dict[str, Fact] = field(default_factory=dict)
    # Lists under the heading right before them (h3, or a facet menu's summary), else
    # under the class of their <ul> ("showcase-list": a listing's records), else "".
    lists: dict[str, list[Item]] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    current: list[str] = field(default_factory=list)
    text: str = ""
    words: list[str] = field(default_factory=list)  # each piece of text between tags


@dataclass
class _Open:
    tag: str
    attrs: dict[str, str]
    parts: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    data: dict[str, str] | None = None
    current: str | None = None
    count: str | None = None

    def text(self) -> str:
        return " ".join("".join(self.parts).split())


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageContent()
        self.open: list[_Open] = []
        self.heading = ""
        self.pending_heading = ""  # an h3 or summary no list has taken yet
        self.label = ""
        self.all_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in _COLLECTED:
            self.open.append(_Open(tag, values))
        elif tag == "ul":
            classes = values.get("class", "").split()
            self.heading = self.pending_heading or (classes[0] if classes else "")
            self.pending_heading = ""
        elif tag == "data" and self._innermost("dd") is not None:
            dd = self._innermost("dd")
            assert dd is not None
            dd.data = values

    def handle_data(self, data: str) -> None:
        self.all_text.append(data)
        for element in self.open:
            element.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _COLLECTED:
            return
        index = max(i for i, element in enumerate(self.open) if element.tag == tag)
        element = self.open.pop(index)
        text = element.text()
        page = self.page
        if tag == "h1":
            page.title = text
        elif tag in ("h3", "summary"):
            self.pending_heading = text
        elif tag == "dt":
            self.label = text
        elif tag == "dd":
            page.facts[self.label] = Fact(text, element.links, element.data)
        elif tag == "a":
            link = Link(element.attrs.get("href", ""), text, element.attrs.get("rel"))
            page.links.append(link)
            for outer in self.open:
                outer.links.append(link)
        elif tag == "li":
            item = Item(text, element.links, element.current, element.count)
            page.lists.setdefault(self.heading, []).append(item)
        elif tag == "p":
            page.paragraphs.append(text)
        elif tag == "blockquote":
            page.quotes.append(text)
        elif tag == "strong" and element.attrs.get("aria-current") == "page":
            page.current.append(text)
            self._set_on_li("current", text)
        elif tag == "span" and element.attrs.get("class") == "showcase-facet-count":
            self._set_on_li("count", text)

    def _innermost(self, tag: str) -> _Open | None:
        return next((e for e in reversed(self.open) if e.tag == tag), None)

    def _set_on_li(self, name: str, value: str) -> None:
        li = self._innermost("li")
        if li is not None:
            setattr(li, name, value)


def read_page(html: str) -> PageContent:
    """The title, facts, lists, links and text of a page body (or a whole page)."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.page.text = " ".join("".join(reader.all_text).split())
    reader.page.words = [word for piece in reader.all_text if (word := " ".join(piece.split()))]
    return reader.page


# Scripts that write, where they are loaded, markup once printed on every page.
MARKUP_SCRIPT = re.compile(
    r'<script src="([^"]*showcase-(?:search-dialog|nav|footer)\.[0-9a-f]{8}\.js)"></script>'
)
# A header written by its folder's script, with the page's title in the tag, and what
# stands in its place without scripts (identity's partials/showcase-header.html).
TITLED_SCRIPT = re.compile(
    r'<script src="([^"]*showcase-header\.[0-9a-f]{8}\.js)" data-title="([^"]*)"></script>'
    r"\s*<noscript>.*?</noscript>",
    re.DOTALL,
)


def written_markup(script: Path) -> str:
    """The markup a script of showcase.site.compact.inline_markup_script writes."""
    text = script.read_text(encoding="ascii")
    prefix = 'document.currentScript.insertAdjacentHTML("afterend", '
    assert text.startswith(prefix) and text.endswith(");\n")
    markup: str = json.loads(text[len(prefix) : -3])
    return markup


def with_markup_inlined(site: Path, name: str, html: str) -> str:
    """The page with each markup-writing script replaced by what it writes."""
    folder = (site / name).parent

    def markup(tag: re.Match[str]) -> str:
        # The 404 page names its scripts from the root: it is served at any address.
        src = tag.group(1)
        return written_markup(site / src[1:] if src.startswith("/") else folder / src)

    def titled_markup(tag: re.Match[str]) -> str:
        src = tag.group(1)
        script = (site / src[1:] if src.startswith("/") else folder / src).read_text(
            encoding="ascii"
        )
        parts = titled_markup_parts(script)
        assert parts is not None, src
        # The browser reads the attribute as text, which the script writes as HTML again:
        # the same text as the template's `| e` printed (written here as `| e` writes it).
        title = str(escape(unescape(tag.group(2))))
        return parts[0] + title + parts[1]

    return MARKUP_SCRIPT.sub(markup, TITLED_SCRIPT.sub(titled_markup, html))
