"""Theme templates without the whitespace they are indented with, so every page is lighter.

Material's templates and ours are indented for their readers, and every ``{% if %}`` that
prints nothing leaves its line behind: on a record page about a fifth of the bytes were runs
of spaces and line breaks (see the "Page weight" section of BENCHMARKS.md). A browser draws
a run of HTML whitespace as one space, so :func:`compact_template` replaces each run of two
or more in a template's own text by one character: a line break where the run held one, a
space otherwise. It is done to the template's source, once, when Jinja loads it
(:class:`CompactTemplates`), not to each page's HTML: nothing a template prints from its
data (a page's content, a title, an editor's text) is touched, and it costs nothing per page.

Left byte for byte as they are:

- every Jinja tag, expression and comment, and ``{% raw %}`` blocks;
- the elements whose whitespace counts or is not HTML: ``<pre>``, ``<textarea>``,
  ``<script>``, ``<style>``, and ``<code>``, ``<kbd>`` and ``<samp>``, which Material sets
  ``white-space: pre-wrap``;
- any whitespace that is not HTML's (a no-break space, the ideographic space U+3000).

A run is never cut to nothing, so two words or two inline elements the template keeps apart
stay apart. ``tests/test_compact.py`` builds sites with and without it and checks that every
page differs only in the length of whitespace runs outside those elements.

Markup that is the same on every page and only works with scripts anyway (the search
dialog) is rendered once per build and written by a cached script: see
:func:`inline_markup_script`.
"""

from __future__ import annotations

import json
import re

from jinja2 import Environment
from jinja2.ext import Extension

# Elements whose content is kept as it is (HTML names are case-insensitive).
VERBATIM_ELEMENTS = ("pre", "textarea", "script", "style", "code", "kbd", "samp")
# HTML's whitespace (not Python's \s, which also matches U+00A0 and U+3000).
HTML_SPACE = "[ \t\n\r\f]"
_VERBATIM = "|".join(VERBATIM_ELEMENTS)
# One alternation scanned left to right: what must be kept (group "kept") or a run.
_TOKEN = re.compile(
    rf"""(?P<kept>
        \{{\#.*?\#\}}
      | \{{%-?{HTML_SPACE}*raw{HTML_SPACE}*-?%\}}.*?\{{%-?{HTML_SPACE}*endraw{HTML_SPACE}*-?%\}}
      | \{{\{{.*?\}}\}}
      | \{{%.*?%\}}
      | <(?P<element>{_VERBATIM})\b.*?</(?P=element){HTML_SPACE}*>
    )
    | {HTML_SPACE}{{2,}}
    """,
    re.DOTALL | re.IGNORECASE | re.VERBOSE,
)


def compact_template(source: str) -> str:
    """``source`` with each whitespace run of its own text (see the module) cut to one."""
    return _TOKEN.sub(_replacement, source)


def _replacement(match: re.Match[str]) -> str:
    kept = match.group("kept")
    if kept is not None:
        return kept
    return "\n" if "\n" in match.group(0) else " "


class CompactTemplates(Extension):
    """A Jinja extension that compacts each template's source as it is loaded."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        """The template's source, compacted."""
        return compact_template(source)


def lighten_theme(env: Environment) -> None:
    """Compact every template ``env`` loads from now on; its ``tojson`` writes UTF-8.

    Material's ``__config`` JSON on every page holds its Chinese translations: written as
    ``\\u5df2`` escapes they take three times the bytes. ``tojson`` still escapes ``<``,
    ``>``, ``&`` and ``'`` (Jinja's ``htmlsafe_json_dumps``), so the JSON stays safe inside
    ``<script>`` and in attributes; only the letters are written as themselves.
    """
    if CompactTemplates.identifier not in env.extensions:
        env.add_extension(CompactTemplates)
    env.policies["json.dumps_kwargs"] = {**env.policies["json.dumps_kwargs"], "ensure_ascii": False}
    # Templates compiled before (by another plugin) are compiled again, compacted.
    if env.cache is not None:
        env.cache.clear()


def inline_markup_script(markup: str) -> str:
    """A script that writes ``markup`` right where it is loaded, while the page is read.

    A classic ``<script src>`` without ``async`` or ``defer`` runs before the parser reads
    on, so the markup is in the page, in its place, before anything later in the page (such
    as Material's bundle at the end of <body>) looks for it. The text is ASCII (``\\u``
    escapes), so it reads the same whatever encoding the browser assumes for the file.
    """
    text = json.dumps(markup, ensure_ascii=True)
    return f'document.currentScript.insertAdjacentHTML("afterend", {text});\n'
