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
:func:`inline_markup_script`; so is the navigation sidebar of the pages outside the
navigation, once per folder (showcase/mkdocs_plugins/identity/nav_scripts.py). What only
scripts read, Material's config JSON and storage helpers, comes from the head script
(:func:`page_script`).
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


# The same tokens, with runs of one character too (they matter around statements).
_PIECE = re.compile(_TOKEN.pattern.replace(f"{HTML_SPACE}{{2,}}", f"{HTML_SPACE}+"), _TOKEN.flags)
_STATEMENT = re.compile(r"\{%[-+]?\s*(\w+)")
# Statements that print nothing and are not blocks: a run after one is dropped (below).
_SILENT = ("set", "import", "from")
# Markers of Jinja's whitespace control, which removes the run beside a tag as it renders.
_STRIPS_AFTER = ("-%}", "-}}", "-#}")


def compact_template(source: str) -> str:
    """``source`` with each whitespace run of its own text (see the module) cut to one.

    A statement on a line of its own (``{% if %}``, ``{% endif %}``, ``{% set %}``) still
    left its line break behind: the run before it and the run after it both printed. The run
    after it is dropped where that is sure to change nothing a browser shows: what printed
    just before the statement always ends in a run, so the page has a run there either way.
    That holds for ``set``, ``import`` and ``from`` between two runs, and for an
    ``if``/``elif``/``else``/``endif`` whose every tag stands between two runs (each branch
    then ends in a run, and so does what came before the ``if``). Loops, blocks, macros
    and includes print something or repeat, and keep their runs.
    """
    pieces: list[str] = []
    runs: list[bool] = []  # whether each piece is a whitespace run
    position = 0
    for match in _PIECE.finditer(source):
        if match.start() > position:
            pieces.append(source[position : match.start()])
            runs.append(False)
        pieces.append(match.group(0))
        runs.append(match.group("kept") is None)
        position = match.end()
    if position < len(source):
        pieces.append(source[position:])
        runs.append(False)
    dropped = _dropped_runs(pieces, runs)
    return "".join(
        ("" if index in dropped else "\n" if "\n" in piece else " ")
        if (run and len(piece) > 1) or index in dropped
        else piece
        for index, (piece, run) in enumerate(zip(pieces, runs, strict=True))
    )


def _dropped_runs(pieces: list[str], runs: list[bool]) -> set[int]:
    """The runs (by index) after statements that stand between two runs (see above)."""

    def between_runs(index: int) -> bool:
        tag = pieces[index]
        return (
            not tag.startswith("{%-")
            and 0 < index < len(pieces) - 1
            and runs[index - 1]
            and runs[index + 1]
            # The run before is only printed when Jinja does not strip it.
            and not (index > 1 and pieces[index - 2].endswith(_STRIPS_AFTER))
        )

    dropped: set[int] = set()
    # Open if/for statements: (word, indexes of its tags, whether each stands between runs).
    open_blocks: list[tuple[str, list[int], bool]] = []
    for index, piece in enumerate(pieces):
        if runs[index] or not piece.startswith("{%"):
            continue
        word_match = _STATEMENT.match(piece)
        word = word_match.group(1) if word_match else ""
        if word in _SILENT:
            if (word != "set" or "=" in piece) and between_runs(index):
                dropped.add(index + 1)
        elif word in ("if", "for"):
            open_blocks.append((word, [index], between_runs(index)))
        elif word in ("elif", "else"):
            if not open_blocks:
                return set()
            kind, tags, alone = open_blocks[-1]
            open_blocks[-1] = (kind, [*tags, index], alone and between_runs(index))
        elif word in ("endif", "endfor"):
            if not open_blocks or open_blocks[-1][0] != word[3:]:
                # Not matched here (a tag inside a <script>, say): drop nothing at all.
                return set()
            kind, tags, alone = open_blocks.pop()
            if kind == "if" and alone and between_runs(index):
                dropped.update(tag + 1 for tag in [*tags, index])
    return dropped if not open_blocks else set()


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


# The attribute of a markup-writing script's tag that holds the page's own text.
TITLE_ATTRIBUTE = "data-title"
# What titled_markup_script's file says before the markup's two parts: it reads the title
# from its own tag and escapes it as HTML text, as the template's `| e` did.
_TITLED_PREFIX = (
    "(function(s){var t=s.getAttribute(" + json.dumps(TITLE_ATTRIBUTE) + ")"
    '.replace(/&/g,"&amp;").replace(/</g,"&lt;").replace(/>/g,"&gt;");'
    's.insertAdjacentHTML("afterend",'
)
_TITLED_SUFFIX = ")})(document.currentScript);\n"


def titled_markup_script(before: str, after: str) -> str:
    """A script that writes ``before``, the page's title, then ``after`` where it is loaded.

    For markup that is the same on every page of a folder but for the page's title (the
    header): the page gives its title in the script tag's ``data-title`` attribute, which
    the browser reads back as text; the script escapes it again, so the header holds the
    same text as when the template printed ``title | striptags | e`` into it.
    """
    parts = json.dumps(before, ensure_ascii=True), json.dumps(after, ensure_ascii=True)
    return f"{_TITLED_PREFIX}{parts[0]}+t+{parts[1]}{_TITLED_SUFFIX}"


def titled_markup_parts(script: str) -> tuple[str, str] | None:
    """The two parts of a :func:`titled_markup_script`, or None for any other script."""
    if not (script.startswith(_TITLED_PREFIX) and script.endswith(_TITLED_SUFFIX)):
        return None
    decoder = json.JSONDecoder()
    body = script[len(_TITLED_PREFIX) : -len(_TITLED_SUFFIX)]
    before, end = decoder.raw_decode(body)
    if not body.startswith("+t+", end):
        return None
    after, end = decoder.raw_decode(body, end + 3)
    return (before, after) if end == len(body) else None


# Material's page-wide helpers (partials/javascripts/base.html), as globals, with the
# site's root as their scope; ROOT is defined by page_script.
_MATERIAL_HELPERS = (
    "window.__md_scope=ROOT,"
    "window.__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),"
    'window.__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
    'window.__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,'
    "JSON.stringify(_))}catch(e){}}"
)


def page_script(config_json: str, depth: int) -> str:
    """A head script that does what two inline blocks of Material's did on every page.

    Material's ``base.html`` prints on each page a script defining ``__md_scope`` (the
    site's root, made absolute from the page's relative ``base_url``) and the storage
    helpers, and the ``__config`` JSON whose only page-dependent values are the root and
    the search worker's address, both relative to the page: about 1.1 KB of every record
    page. The script loaded in <head> knows the root from its own address, ``depth``
    folders below it, so one file serves every page: it defines the helpers with the
    absolute root (the same URL the page's relative one made) and writes the JSON, with
    ``base`` and ``search`` absolute (Material's bundle makes ``base`` absolute as it reads
    it, and a worker's relative address is resolved the same way), right after itself,
    where the bundle finds it by its id. ``config_json`` has ``base`` empty and ``search``
    relative to the root. Both are read only by scripts, so a page without scripts loses
    nothing.
    """
    root = "../" * depth
    text = json.dumps(config_json, ensure_ascii=True)
    return (
        "(function(){"
        "var script=document.currentScript,"
        f"ROOT=new URL({json.dumps(root)},script.src),"
        f"config=JSON.parse({text});"
        f"{_MATERIAL_HELPERS};"
        "config.base=ROOT.href;"
        "config.search=new URL(config.search,ROOT).href;"
        'script.insertAdjacentHTML("afterend",'
        '\'<script id="__config" type="application/json">\''
        '+JSON.stringify(config).replace(/</g,"\\\\u003c")+"<\\/script>")'
        "})();\n"
    )
