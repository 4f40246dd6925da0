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

The header and the footer of those pages (about 1.6 KB of each record page) go the same way,
each by a script of its folder: the footer is the same on every page of the folder; the
header differs only by the page's title, which the page gives the script in its tag
(:func:`showcase.site.compact.titled_markup_script`). The search dialog that the header
loads through a script of its own is put in the written header as markup (a script inside
markup written by a script would not run). Without scripts, such a page shows in their place
a line with the site's name linked to its home page (partials/showcase-header.html).
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mkdocs.commands.build import get_context
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from showcase.site.compact import inline_markup_script, titled_markup_script

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

# The header and footer of mkdocs-material 9.8.2 base.html (blocks header and footer), as
# partials/showcase-header.html and showcase-footer.html would print them without scripts;
# the header with the search dialog as markup (identity's partials/search.html).
HEADER = (
    '{% import "partials/language.html" as lang with context %}'
    "{% set features = config.theme.features or [] %}"
    "{% set showcase_search_dialog_inline = true %}"
    '{% include "partials/header.html" %}'
)
FOOTER = (
    '{% import "partials/language.html" as lang with context %}'
    "{% set features = config.theme.features or [] %}"
    '{% include "partials/footer.html" %}'
)
# The page's title as Material's header prints it.
TITLE = (
    "{% if page.meta and page.meta.title %}{{ page.meta.title | striptags | e }}"
    "{% else %}{{ page.title | striptags | e }}{% endif %}"
)
# Where the header prints the page's title: the text of its topic.
_TOPIC = re.compile(
    r'(data-md-component="header-topic">\s*<span class="md-ellipsis">\s*)(.*?)(\s*</span>)',
    re.DOTALL,
)
# The template's names for NavScripts.header_uri and NavScripts.footer_uri.
HEADER_GLOBAL = "showcase_header_script"
FOOTER_GLOBAL = "showcase_footer_script"

Key = tuple[str, bool, str]
# What a folder's script writes: the sidebars, the header, the footer.
PARTS = ("nav", "header", "footer")


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
    """The scripts of one build that write the sidebars, header and footer, by folder.

    A new instance for every build. ``uris`` maps each part (:data:`PARTS`) and folder to
    the script that writes it there.
    """

    uris: dict[tuple[str, Key], str] = field(default_factory=dict)
    nav: Navigation | None = None

    def render(self, env: Environment, config: MkDocsConfig, files: Files, nav: Navigation) -> None:
        """Render the parts once per folder of pages outside the navigation; add the scripts."""
        self.nav = nav
        if "navigation.instant" in (config.theme.get("features") or []):
            return
        templates = {
            "nav": env.from_string(SIDEBARS),
            "header": env.from_string(HEADER),
            "footer": env.from_string(FOOTER),
        }
        title = env.from_string(TITLE)
        # Each part as the folder's first page prints it, kept while a second page agrees.
        # A header is kept as the markup before and after the page's title.
        markups: dict[tuple[str, Key], str | tuple[str, str]] = {}
        seen: set[Key] = set()
        checked: set[Key] = set()
        # Listed once: given the Files, MkDocs' get_context lists them again for every
        # part rendered (twice per folder), a walk over every file of the site each time.
        doc_pages = files.documentation_pages()
        for file in doc_pages:
            page = file.page
            key = folder_key(page, nav)
            if key is None or key in checked:
                continue
            assert page is not None
            rendered = _render_for(templates, title, page, nav, doc_pages, config)
            if key not in seen:
                seen.add(key)
                for part, markup in rendered.items():
                    if markup is not None:
                        markups[part, key] = markup
                continue
            checked.add(key)
            for part, markup in rendered.items():
                if (part, key) in markups and markup != markups[part, key]:
                    log.debug("the %s differs between pages of %s: left in each page", part, key)
                    del markups[part, key]
        scripts: dict[str, str] = {}
        for (part, key), markup in markups.items():
            if isinstance(markup, tuple):
                script = titled_markup_script(*markup)
            else:
                script = inline_markup_script(markup)
            digest = hashlib.sha256(script.encode("utf-8")).hexdigest()[:8]
            uri = f"assets/javascripts/showcase-{part}.{digest}.js"
            self.uris[part, key] = uri
            scripts[uri] = script
        for uri, script in sorted(scripts.items()):
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, content=script))

    def script_uri(self, page: Page | None) -> str | None:
        """The address of the script that writes ``page``'s sidebars, if it has one."""
        return self._uri("nav", page)

    def header_uri(self, page: Page | None) -> str | None:
        """The address of the script that writes ``page``'s header, if it has one."""
        return self._uri("header", page)

    def footer_uri(self, page: Page | None) -> str | None:
        """The address of the script that writes ``page``'s footer, if it has one."""
        return self._uri("footer", page)

    def _uri(self, part: str, page: Page | None) -> str | None:
        if self.nav is None:
            return None
        key = folder_key(page, self.nav)
        return self.uris.get((part, key)) if key is not None else None


def _render_for(
    templates: dict[str, Any],
    title_template: Any,
    page: Page,
    nav: Navigation,
    doc_pages: Sequence[File],
    config: MkDocsConfig,
) -> dict[str, str | tuple[str, str] | None]:
    """Each part as ``page`` prints it, with the page active as when it is written.

    The header comes as the markup before and after the page's title; None where the
    title is not found once in its topic (a theme override that prints it otherwise).
    """
    saved = config._current_page
    config._current_page = page
    try:
        page.active = True
        context = get_context(nav, doc_pages, config, page)
        rendered: dict[str, str | tuple[str, str] | None] = {
            part: str(template.render(context)).strip() for part, template in templates.items()
        }
        title = str(title_template.render(context))
    finally:
        page.active = False
        config._current_page = saved
    header = rendered["header"]
    assert isinstance(header, str)
    topics = list(_TOPIC.finditer(header))
    if len(topics) == 1 and topics[0].group(2) == title:
        rendered["header"] = (header[: topics[0].end(1)], header[topics[0].start(3) :])
    else:
        rendered["header"] = None
    return rendered
