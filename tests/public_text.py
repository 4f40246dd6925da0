"""What a visitor reads on a built page: its visible text and the words read aloud for it.

Used by the tests that keep public pages in Chinese. Text inside ``<script>``, ``<style>``,
``<template>`` and ``<code>`` is not prose (``<code>`` holds file and column names that are
machine words on purpose); ``alt``, ``title``, ``aria-label`` and ``placeholder`` are
read aloud or shown, so they count.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Words that stay Latin in Chinese public text: file formats, standards, register names.
ALLOWED_LATIN = frozenset(
    {
        *("JSON", "CSV", "Atom", "Schema", "Markdown", "Excel", "UTF", "BOM", "SVG", "PNG"),
        *("ICP", "KB", "MB", "QR", "URL"),
    }
)
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_NOT_PROSE = {"script", "style", "template", "code", "noscript"}
_SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "wbr",
}


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in _SPOKEN_ATTRIBUTES and value:
                self.parts.append(value)
        if tag in _NOT_PROSE and tag not in _VOID:
            self._skip.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skip and self._skip[-1] == tag:
            self._skip.pop()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def public_text(html: str) -> str:
    """The page's visible and spoken text, one part per line."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    return "\n".join(part.strip() for part in collector.parts if part.strip())


def latin_words(html: str) -> list[str]:
    """Latin words of a page's public text outside the allowed ones, in order."""
    return [w for w in LATIN_WORD.findall(public_text(html)) if w not in ALLOWED_LATIN]
