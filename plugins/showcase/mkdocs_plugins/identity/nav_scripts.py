"""The sidebars of pages outside the navigation, written by one cached script per folder.

Material prints the whole navigation on every page: about 2 KB of each record page, the
same on every page of a folder (its links are relative to the folder, and a record or facet
page is in no section of its own), and beside it the table of contents, empty on a page
without one (about 250 bytes that hold the layout's place). So, before any page is written,
both sidebars are rendered once for one page of each folder of such pages, into a script
(:func:`showcase.site.compact.inline_markup_script`) that writes the same markup where it is
loaded; those pages load the script in its place (``site_nav`` in main.html). With scripts
on, the page holds the same sidebars as before; without scripts it has none, but its
breadcrumbs and the header's logo lead to the listings and the home page, which are in the
navigation themselves and keep it in their HTML.

Which pages: those that are not in the navigation, have no parent section, no table of
contents, and hide nothing (``hide:`` in the front matter); what they print of the navigation then depends on their
folder only (:func:`folder_key`). That is checked, not assumed, as for the blocks shared
between pages (records/shared_blocks.py): the script is rendered from a folder's first page
and kept only if its second page, where there is one, prints the same sidebar; a theme
override that prints a page's own title in it leaves the sidebar in every page. Not with
Material's instant navigation, whose script swaps a page's parts in rather than loading it.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import get_context
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from showcase.site.compact import inline_markup_script

if TYPE_CHECKING:
    from collections.abc import Sequence

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation

log = get_plugin_logger(__name__)

# The template's name for NavScripts.script_uri.
GLOBAL_NAME = "showcase_nav_script"
# The sidebars of mkdocs-material 9.8.2 base.html (block site_nav) for a page that hides
# nothing and has no table of contents, with the line breaks the page had between its
# elements: what the script writes.
SIDEBARS = (
    '{% import "partials/language.html" as lang with context %}'
    "{% set features = config.theme.features or [] %}"
    '<div class="md-sidebar md-sidebar--primary" data-md-component="sidebar"'
    ' data-md-type="navigation" >\n<div class="md-sidebar__scrollwrap">\n'
    '<div class="md-sidebar__inner">\n{% include "partials/nav.html" %}\n</div>\n</div>\n</div>'
    '{% if "toc.integrate" not in features %}\n'
    '<div class="md-sidebar md-sidebar--secondary" data-md-component="sidebar"'
    ' data-md-type="toc" >\n<div class="md-sidebar__scrollwrap">\n'
    '<div class="md-sidebar__inner">\n{% include "partials/toc.html" %}\n</div>\n</div>\n</div>'
    "{% endif %}"
)

Key = tuple[str, bool, str]


def folder_key(page: Page | None, nav: Navigation) -> Key | None:
    """The folder whose pages print the same navigation as ``page``; None for other pages."""
    if page is None or not page.url or page.parent is not None or page.meta.get("hide"):
        return None
    if page.toc:
        return None
    if page in nav.pages:
        return None
    url: str = page.url
    return (posixpath.dirname(url.rstrip("/")), url.endswith("/"), repr(page.file.inclusion))


@dataclass
class NavScripts:
    """The sidebar scripts of one build, by folder; a new instance for every build."""

    uris: dict[Key, str] = field(default_factory=dict)
    nav: Navigation | None = None

    def render(self, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """Render the sidebar once per folder of pages outside the navigation; add the scripts."""
        self.nav = nav
        if "navigation.instant" in (config.theme.get("features") or []):
            return
        template = env.from_string(SIDEBARS)
        # The sidebar of each folder's first page, and whether a second page agreed.
        markups: dict[Key, str] = {}
        checked: set[Key] = set()
        # Listed once: given the Files, MkDocs' get_context lists them again for every
        # sidebar rendered (twice per folder), a walk over every file of the site each time.
        doc_pages = files.documentation_pages()
        for file in doc_pages:
            page = file.page
            key = folder_key(page, nav)
            if key is None or key in checked:
                continue
            assert page is not None
            markup = _render_for(template, page, nav, doc_pages, config)
            if key not in markups:
                markups[key] = markup
                continue
            checked.add(key)
            if markup != markups[key]:
                log.debug("the sidebar differs between pages of %s: left in each page", key)
                del markups[key]
        scripts: dict[str, str] = {}
        for key, markup in markups.items():
            script = inline_markup_script(markup)
            digest = hashlib.sha256(script.encode("utf-8")).hexdigest()[:8]
            uri = f"assets/javascripts/showcase-nav.{digest}.js"
            self.uris[key] = uri
            scripts[uri] = script
        for uri, script in sorted(scripts.items()):
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=script))

    def script_uri(self, page: Page | None) -> str | None:
        """The address of the script that writes ``page``'s sidebar, if it has one."""
        if self.nav is None:
            return None
        key = folder_key(page, self.nav)
        return self.uris.get(key) if key is not None else None


def _render_for(
    template: Any, page: Page, nav: Navigation, doc_pages: Sequence[File], config: MkDocsConfig
) -> str:
    """The sidebar as ``page`` prints it, with the page active as when it is written."""
    saved = config._current_page
    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, doc_pages, config, page)
        return str(template.render(context)).strip()
    finally:
        page.active = False
        config._current_page = saved
