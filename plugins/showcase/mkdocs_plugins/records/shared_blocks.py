"""Theme blocks that come out the same on every generated page of a folder, rendered once.

Material renders its whole page template for every page: the navigation, the stylesheet and
script tags, the footer and the ``__config`` JSON of ``base.html``. On a record page these
do not depend on the page. A record is never in the navigation, has no table of contents
and no previous or next page, so what they print depends on the page only through its URL,
which every link in them is made relative to. Two pages in the same folder get the same
relative links, so each of these blocks is rendered once per folder: at 10,000 records
that took the build from 32.5 s to 27.2 s, with the same output (see BENCHMARKS.md).

Generated pages that may share get the template ``showcase/generated.html``, which extends
the site's ``main.html`` (Material's, or the site's own override of it) and routes each
block below through :meth:`SharedBlocks.render`. Everything else in the page, its title,
meta tags, header and content, is rendered for each page as before.

That a block depends on nothing else is checked, not assumed: under each key the block is
rendered for the first two pages, and only if both come out byte for byte the same is it
reused from the third page on. A theme override that prints the page's title in its footer,
say, is therefore rendered on every page, as it must be. ``tests/test_shared_blocks.py``
builds whole sites with and without sharing and compares every file.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

TEMPLATE = "showcase/generated.html"
THEME_FOLDER = Path(__file__).parent / "theme"
# The template's name for SharedBlocks.render.
GLOBAL_NAME = "showcase_shared_block"
# Set in a template context whose blocks are rendered for it alone (page_shell.py).
NOT_SHARED = "showcase_not_shared"
# How often a block must come out the same before it is reused.
CONFIRMATIONS = 2

Key = tuple[str, str, bool, tuple[str, ...]]


class SharedBlocks:
    """The blocks of one build, by block name and folder; a new instance for every build."""

    def __init__(self) -> None:
        self._rendered: dict[Key, list[Markup]] = {}
        self._unshared: set[Key] = set()
        self.reused = 0

    def install(self, env: Environment) -> None:
        """Make the template and its helper known to the theme's Jinja environment."""
        loader = FileSystemLoader(str(THEME_FOLDER))
        env.loader = ChoiceLoader([env.loader, loader]) if env.loader else loader
        env.globals[GLOBAL_NAME] = self.render

    @pass_context
    def render(self, context: Context, block: str, render_block: Callable[[], Any]) -> Markup:
        """The block's HTML for this page: rendered, or reused from the same folder."""
        key = _key(context, block)
        if key is None or key in self._unshared:
            return Markup(render_block())
        seen = self._rendered.setdefault(key, [])
        if len(seen) >= CONFIRMATIONS:
            self.reused += 1
            return seen[0]
        html = Markup(render_block())
        if seen and html != seen[0]:
            log.debug("the %s block differs between pages of %s: rendered for each", block, key)
            self._unshared.add(key)
            del self._rendered[key]
            return html
        seen.append(html)
        return html


def _key(context: Context, block: str) -> Key | None:
    """What the block may depend on, or None where the page is not like a record page."""
    page = context.get("page")
    nav = context.get("nav")
    if page is None or getattr(page, "url", None) is None or context.get(NOT_SHARED):
        return None
    if page.toc or page.previous_page or page.next_page:
        return None
    if nav is not None and page in nav.pages:
        return None
    meta = page.meta or {}
    hidden = meta.get("hide") or ()
    if not isinstance(hidden, list | tuple) or not all(isinstance(h, str) for h in hidden):
        return None
    # Links are made relative to the page's folder: "people/li-gang/" and
    # "people/zhang-san/" (or ".html" pages of one folder) get the same ones.
    url: str = page.url
    return (block, posixpath.dirname(url.rstrip("/")), url.endswith("/"), tuple(hidden))
