"""Write generated pages from a page shell: the theme rendered once per folder, filled per page.

Rendering Material's main.html is most of a record page's cost, yet two record pages of one
folder differ only where the page's own values are printed: its title, its content, its
picture, its address. So, for each kind of page (:func:`shell_key`: the template, the
folder, what the front matter holds besides the title and picture), the template is rendered
once for a stand-in page of the same folder whose values are sentinels, marked with
private-use characters and a nonce of this build. The HTML is cut at every place a sentinel
came out, and what the template did to it there is recognised among the filters it may use
(:func:`_candidates`: as is, ``e``, ``striptags``, ``striptags | e``, ``url``). A page is
then written as the shell's pieces joined with its own values put through those filters, by
the filter functions of the theme's own environment.

What the shell cannot represent makes the page go through the template after all:
- a sentinel printed some other way (truncated, hashed, encoded): the nonce is still found
  in the pieces, and the kind gets no shell;
- a page unlike its kind (a table of contents, a neighbour in the navigation, an edit link,
  a title that is not its front matter's), or whose context after the plugins'
  ``on_page_context`` differs from the shell's in anything but the page;
- and, checked rather than assumed, the first :data:`CONFIRMATIONS` pages of every kind are
  rendered both ways; if one differs in a byte, the kind is rendered by the template.

Every plugin still sees every page: ``on_page_context`` and ``on_post_page`` run for each,
as in MkDocs' own ``_build_page``, whose steps :meth:`ShellWriter.build_page` follows. One
handler is left out where it would change nothing (:func:`run_page_context`): Material's
search, on a page kept out of its index whose content holds no ``data-search-``.
``tests/test_page_shell.py`` builds sites with hostile values with the shell on and off and
compares every file.
"""

from __future__ import annotations

import posixpath
import re
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from mkdocs import utils
from mkdocs.commands.build import get_context
from mkdocs.exceptions import BuildError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from showcase.mkdocs_plugins.records.shared_blocks import NOT_SHARED
from showcase.site.build_cache import write_new

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jinja2 import Environment, Template
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)

# How many pages of a kind are rendered both ways, and must agree, before the shell is trusted.
CONFIRMATIONS = 2
# Front-matter values that differ from page to page and have a place in the shell.
HEADING = "<h1"
TITLE = "title"
IMAGE = "image"
MARK_OPEN = "\ue000"
MARK_CLOSE = "\ue001"

# An address that escaping and stripping tags leave as it is.
_PLAIN_URL = re.compile(r"[^<>&\"'\s]*")

# Context entries that differ from page to page: the page itself, and the build's clock,
# read again for every page (a shell is only made where the template does not print it).
_PER_PAGE = frozenset({"page", "build_date_utc"})
# Another build time, to find out whether the template prints it.
_OTHER_TIME = datetime(2000, 1, 1, tzinfo=UTC)

Fill = Callable[[Page, Mapping[str, Any]], str]


@dataclass(frozen=True)
class Shell:
    """One kind's page, cut where the page's own values go; ``fills`` put each one in."""

    pieces: tuple[str, ...]
    fills: tuple[Fill, ...]
    # The shell's template context after the plugins, without the page.
    context: Mapping[str, Any]
    # The front matter after the plugins, without the title and the picture.
    meta_rest: dict[str, Any]

    def fits(self, page: Page, context: Mapping[str, Any]) -> bool:
        """Whether this page, as the plugins left it, is one the shell can write."""
        if page.title != page.meta.get(TITLE) or _meta_rest(page) != self.meta_rest:
            return False
        if context.keys() - {"page"} != self.context.keys():
            return False
        return all(
            value is self.context[key] or value == self.context[key]
            for key, value in context.items()
            if key not in _PER_PAGE
        )

    def fill(self, page: Page, context: Mapping[str, Any]) -> str:
        """The page's HTML: the pieces with the page's values between them."""
        out = [self.pieces[0]]
        for fill, piece in zip(self.fills, self.pieces[1:], strict=True):
            out.append(fill(page, context))
            out.append(piece)
        return "".join(out)


Key = tuple[Any, ...]


def shell_key(page: Page) -> Key | None:
    """What a page shares with the others of its kind; None when it is not like a record page."""
    url = page.url
    if page.toc or page.previous_page or page.next_page or page.parent is not None:
        return None
    if page.is_homepage or page.edit_url or not url or page.content is None:
        return None
    # An address is printed as is or escaped: the shell cannot tell which unless both agree.
    if not all(_PLAIN_URL.fullmatch(address or "") for address in (url, page.canonical_url)):
        return None
    title = page.meta.get(TITLE)
    if not isinstance(title, str) or page.title != title:
        return None
    image = page.meta.get(IMAGE)
    if image is not None and not isinstance(image, str):
        return None
    return (
        page.meta.get("template", "main.html"),
        # Material prints a heading of its own when the content has none.
        HEADING in page.content,
        posixpath.dirname(url.rstrip("/")),
        url.endswith("/"),
        type(title),
        image is not None,
        repr(sorted(_meta_rest(page).items())),
    )


@dataclass
class ShellWriter:
    """Writes pages as MkDocs' ``_build_page`` would, from a shell per kind where one fits."""

    config: MkDocsConfig
    doc_files: Sequence[File]
    nav: Navigation
    env: Environment
    nonce: str = field(default_factory=lambda: secrets.token_hex(8))
    shells: dict[Key, Shell | None] = field(default_factory=dict)
    confirmed: dict[Key, int] = field(default_factory=dict)
    # By template name: whether it prints the build time (then no shell can be made).
    prints_build_time: dict[str | None, bool] = field(default_factory=dict)
    from_shell: int = 0
    # Material's search handler of the page_context event, if the build has it.
    theme_search: Callable[..., Any] | None = None

    def __post_init__(self) -> None:
        self.theme_search = theme_search_handler(self.config)

    def build_page(self, page: Page) -> bytes | None:
        """Write one page (MkDocs' ``_build_page``, its steps in its order); the bytes written."""
        config = self.config
        config._current_page = page
        try:
            page.active = True
            context = get_context(self.nav, self.doc_files, config, page)
            template = self.env.get_template(page.meta.get("template", "main.html"))
            context = run_page_context(
                context, page=page, config=config, nav=self.nav, theme_search=self.theme_search
            )
            key = shell_key(page)
            shell = self._shell(key, page) if key is not None else None
            if shell is not None and shell.fits(page, context):
                output = shell.fill(page, context)
                assert key is not None
                if self.confirmed.get(key, 0) < CONFIRMATIONS:
                    output = self._confirm(key, output, template.render(context))
                else:
                    self.from_shell += 1
            else:
                output = template.render(context)
            output = config.plugins.on_post_page(output, page=page, config=config)
            if not output.strip():
                log.info("Page skipped: '%s'. Generated empty output.", page.file.src_uri)
                return None
            text = output.encode("utf-8", errors="xmlcharrefreplace")
            # Replaced, not written into: the build cache may keep the old file (build_cache.py).
            write_new(page.file.abs_dest_path, text)
            return text
        except Exception as error:
            message = f"Error building page '{page.file.src_uri}':"
            if not isinstance(error, BuildError):
                message += f" {error}"
            log.error(message)
            raise
        finally:
            page.active = False
            config._current_page = None

    def _confirm(self, key: Key, from_shell: str, rendered: str) -> str:
        if from_shell == rendered:
            self.confirmed[key] = self.confirmed.get(key, 0) + 1
        else:
            log.debug("the page shell of %s differs from the template: not used", key)
            self.shells[key] = None
        return rendered

    def _shell(self, key: Key, page: Page) -> Shell | None:
        if key not in self.shells:
            self.shells[key] = self._make_shell(page)
            if self.shells[key] is None:
                log.debug("no page shell for %s: the template renders each page", key)
        return self.shells[key]

    def _prints_build_time(self, template: Template, context: dict[str, Any], html: str) -> bool:
        """Whether ``template`` prints the build's clock, asked once per template and build.

        A second render of the stand-in, unshared, for every kind of page was a tenth of
        the pages' time at 2,000 records (a kind per folder: 200 kinds at 10,000). What a
        template prints of the clock does not depend on the page's folder; a template that
        printed it for some pages only would still be caught by the pages each kind renders
        both ways (:data:`CONFIRMATIONS`), unless it printed nothing finer than the date.
        """
        name = template.name
        if name not in self.prints_build_time:
            other = template.render({**context, "build_date_utc": _OTHER_TIME})
            self.prints_build_time[name] = other != html
        return self.prints_build_time[name]

    def _make_shell(self, model: Page) -> Shell | None:
        """Render the template once for a stand-in of ``model`` holding sentinels, and cut it."""
        config = self.config
        src_dir, src_name = posixpath.split(model.file.src_uri)
        name = f"showcase-shell-{self.nonce}"
        stem, suffix = posixpath.splitext(src_name)
        if stem == "index" and src_dir:
            # A folder's own page (a facet value's first page, studios/year/2019/index.md)
            # has its address one folder up: so must its stand-in, or no kind of those pages
            # would ever have a shell.
            src_dir = posixpath.dirname(src_dir)
        file = File.generated(
            config,
            posixpath.join(src_dir, name + suffix),
            content="",
            inclusion=model.file.inclusion,
        )
        if posixpath.dirname(file.url.rstrip("/")) != posixpath.dirname(model.url.rstrip("/")):
            return None
        # Markup and an entity in each, so that every filter leaves a different trace.
        sentinels = {
            name: f"{MARK_OPEN}{name}-{self.nonce}<i>&amp; x</i>{MARK_CLOSE}"
            for name in (TITLE, IMAGE, "content")
        }
        stand_in = Page(None, file, config)
        saved_page = config._current_page
        config._current_page = stand_in
        try:
            stand_in.markdown = ""
            stand_in.toc = model.toc
            stand_in.meta = dict(model.meta)
            stand_in.active = True
            _put_sentinels(stand_in, model, sentinels)
            context = get_context(self.nav, self.doc_files, config, stand_in)
            template = self.env.get_template(stand_in.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(
                context, page=stand_in, config=config, nav=self.nav
            )
            # The plugins' additions to a page's content are made for each page again.
            _put_sentinels(stand_in, model, sentinels)
            # Not through the blocks shared between pages (shared_blocks.py): the stand-in
            # is no page of the site, and what it renders must not be reused for one.
            own = {**context, NOT_SHARED: True}
            html = template.render(own)
            if self._prints_build_time(template, own, html):
                log.debug("the template prints the build time: no page shell")
                return None
            meta_rest = _meta_rest(stand_in)
        finally:
            config._current_page = saved_page
            file.page = None
        candidates = _candidates(self.env, stand_in, context, self.nonce)
        pieces, fills = _cut(html, candidates)
        for piece in pieces:
            if self.nonce in piece:
                at = piece.index(self.nonce)
                log.debug("a sentinel the shell cannot place: %r", piece[max(0, at - 80) : at + 60])
                return None
        shell_context = {key: value for key, value in context.items() if key != "page"}
        return Shell(tuple(pieces), tuple(fills), shell_context, meta_rest)


def theme_search_handler(config: MkDocsConfig) -> Callable[..., Any] | None:
    """Material's search plugin's ``on_page_context`` among the build's handlers, if it is one.

    Only Material's own method, whose work :func:`run_page_context` knows: not a subclass's.
    """
    try:
        from material.plugins.search.plugin import SearchPlugin
    except ImportError:
        return None
    for method in config.plugins.events.get("page_context", []):
        plugin = getattr(method, "__self__", None)
        if (
            isinstance(plugin, SearchPlugin)
            and getattr(method, "__func__", None) is SearchPlugin.on_page_context
        ):
            return method
    return None


# The fixed part of the attributes Material's search handler removes: content without it
# comes out of that handler as it went in.
_THEME_SEARCH_ATTRIBUTE = "data-search-"


def run_page_context(
    context: TemplateContext,
    *,
    page: Page,
    config: MkDocsConfig,
    nav: Navigation,
    theme_search: Callable[..., Any] | None,
) -> TemplateContext:
    r"""The plugins' ``on_page_context``, as ``PluginCollection.run_event`` runs them.

    Except ``theme_search`` (:func:`theme_search_handler`), passed over for a page that
    Material's search keeps out of its index and whose content, when its turn comes, holds
    no ``data-search-``: there it would only run ``re.sub(r'\s?data-search-\w+="[^"]+"')``
    over the whole content to remove nothing (5 of the page workers' 117 CPU-seconds at
    100,000 records). Every other handler runs, in the same order, on the same values.
    """
    plugins = config.plugins
    origins = plugins._event_origins
    for method in plugins.events["page_context"]:
        if method == theme_search and _theme_search_changes_nothing(page):
            continue
        plugins._current_plugin = origins.get(method, "<unknown>")
        result = method(context, page=page, config=config, nav=nav)
        if result is not None:
            context = result
    plugins._current_plugin = None
    return context


def _theme_search_changes_nothing(page: Page) -> bool:
    """Whether Material's search ``on_page_context`` would leave the page and its index as they are."""
    search = page.meta.get("search")
    return (
        isinstance(search, dict)
        and bool(search.get("exclude"))
        and isinstance(page.content, str)
        and _THEME_SEARCH_ATTRIBUTE not in page.content
    )


def _put_sentinels(stand_in: Page, model: Page, sentinels: dict[str, str]) -> None:
    # Of the title's own type: a Markup title is printed as it is where a str is escaped.
    stand_in.meta[TITLE] = type(model.meta[TITLE])(sentinels[TITLE])
    if model.meta.get(IMAGE) is not None:
        stand_in.meta[IMAGE] = sentinels[IMAGE]
    content = sentinels["content"]
    if HEADING in (model.content or ""):
        content = content.replace("<i>", "<h1>").replace("</i>", "</h1>")
    stand_in.content = content


def _meta_rest(page: Page) -> dict[str, Any]:
    return {key: value for key, value in page.meta.items() if key not in (TITLE, IMAGE)}


def _candidates(
    env: Environment, stand_in: Page, context: Mapping[str, Any], nonce: str
) -> dict[str, Fill]:
    """How each sentinel may come out of the template, and how to fill that place per page."""
    escape: Callable[[Any], str] = env.filters["e"]
    striptags: Callable[[Any], str] = env.filters["striptags"]
    text_filters: dict[str, Callable[[Any], str]] = {
        "raw": str,
        "e": escape,
        "striptags": striptags,
        "striptags|e": lambda value: escape(striptags(value)),
    }

    def url(page: Page, value: Any, context: Mapping[str, Any]) -> str:
        return utils.normalize_url(str(value), page=page, base=context["base_url"])

    values: dict[str, Callable[[Page, Mapping[str, Any]], Any]] = {
        "content": lambda page, _: page.content,
        TITLE: lambda page, _: page.meta[TITLE],
        "url": lambda page, _: page.url,
        "canonical_url": lambda page, _: page.canonical_url,
        "abs_url": lambda page, _: page.abs_url,
    }
    if IMAGE in stand_in.meta:
        values[IMAGE] = lambda page, _: page.meta[IMAGE]
        values["image|url"] = lambda page, context: url(page, page.meta[IMAGE], context)
    candidates: dict[str, Fill] = {}
    for value in values.values():
        shown = value(stand_in, context)
        if shown is None:
            continue
        for text_filter in text_filters.values():
            text = text_filter(shown)
            if nonce in text:
                candidates.setdefault(text, _fill(value, text_filter))
    return candidates


def _fill(
    value: Callable[[Page, Mapping[str, Any]], Any], text_filter: Callable[[Any], str]
) -> Fill:
    return lambda page, context: text_filter(value(page, context))


def _cut(html: str, candidates: dict[str, Fill]) -> tuple[list[str], list[Fill]]:
    """``html`` cut at every candidate's text, the longest first where two overlap."""
    if not candidates:
        return [html], []
    pattern = re.compile(
        "|".join(re.escape(text) for text in sorted(candidates, key=len, reverse=True))
    )
    pieces: list[str] = []
    fills: list[Fill] = []
    start = 0
    for match in pattern.finditer(html):
        pieces.append(html[start : match.start()])
        fills.append(candidates[match.group()])
        start = match.end()
    pieces.append(html[start:])
    return pieces, fills


class PageWithoutMarkdown(Page):
    """A generated page, whose ``render`` skips Python-Markdown when its Markdown is blank.

    A generated page's Markdown is empty (its content is rendered from the data), and
    ``Markdown.convert`` returns "" for blank text before any extension runs; building a
    Markdown instance with every extension for each of thousands of pages was a tenth of a
    build. The attributes are set as ``Page.render`` sets them for blank text; a plugin that
    gave the page some Markdown after all gets the real ``Page.render``.
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        """MkDocs' ``Page.render``, without Markdown for a blank page."""
        if self.markdown is None or self.markdown.strip():
            super().render(config, files)
            return
        self.content = ""
        self.toc = get_toc([])
        self._title_from_render = None
        self.present_anchor_ids = set()
        # links_to_anchors stays the class's None, which MkDocs reads as no link (an empty
        # dict would do the same): one attribute more makes every page's __dict__ stop
        # sharing its keys with the others', 750 bytes a page.


def render_without_markdown(page: Page) -> None:
    """Make ``page.render`` skip Python-Markdown when the page's Markdown is blank.

    By its class rather than a function of its own in the page's ``__dict__``: at 100,000
    pages that function, and the larger ``__dict__`` it took, weighed 150 MB.
    Another engine's page class (ProperDocs') keeps its own ``render``.
    """
    if type(page) is Page:
        page.__class__ = PageWithoutMarkdown
