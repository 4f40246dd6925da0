"""Write the generated pages outside MkDocs' page loop, in parallel (site/parallel.py).

MkDocs renders pages one after another in one process. Once every page is read (``on_env``,
the last event before pages are written), the generated pages that nothing in the main
process needs to see rendered are written here instead, by MkDocs' own page writer, in
forked workers; then they are marked so that MkDocs' loop passes over them.

A page qualifies when it is generated, outside the navigation, and kept out of Material's
search (showcase/search indexes it from the data): Material's search plugin collects a page's
text as it is rendered, and what a worker collects stays in the worker. A listing page that
Material indexes is therefore still written by MkDocs.

What still sees these pages:
- hand-written pages' links to them: MkDocs checked those while reading, before ``on_env``;
- the sitemap: :meth:`PageWriter.all_pages` hands the static templates the full list again;
- showcase/search, the link check and the archive: they read the catalog or the written site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkdocs.commands.build import _build_page
from mkdocs.structure.files import InclusionLevel

from showcase.site.parallel import render_pages

if TYPE_CHECKING:
    from collections.abc import Collection

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

MATERIAL_SEARCH = "material/search"
# The logger tree whose records a worker hands back: MkDocs', with every plugin's under it.
LOGGER = "mkdocs"


class PageWriter:
    """The generated pages written outside MkDocs' loop in one build, and the list of all."""

    def __init__(self) -> None:
        self.written: list[File] = []
        self._all_pages: list[File] | None = None

    def write(
        self,
        generated: Collection[str],
        *,
        files: Files,
        nav: Navigation,
        env: Environment,
        config: MkDocsConfig,
        workers: int,
    ) -> int:
        """Write the pages of ``generated`` (src_uris) that qualify; how many were written."""
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        indexed_by_theme = _theme_search_enabled(config)
        chosen = [
            file
            for file in doc_files
            if file.src_uri in generated
            and file.inclusion is InclusionLevel.NOT_IN_NAV
            and file.page is not None
            and not (indexed_by_theme and not _kept_out_of_theme_search(file))
        ]
        if not chosen:
            return 0
        by_uri = {file.src_uri: file for file in chosen}

        def write_one(src_uri: str) -> None:
            file = by_uri[src_uri]
            assert file.page is not None
            # MkDocs' own page writer: the page's events, template and file as in its loop.
            _build_page(file.page, config, doc_files, nav, env)

        count = render_pages(list(by_uri), write_one, workers=workers, logger_name=LOGGER)
        self._all_pages = list(doc_files)
        for file in chosen:
            # Excluded pages are left out of MkDocs' loop; in `mkdocs build` nothing else
            # reads the inclusion once the pages are read (serve never comes here).
            file.inclusion = InclusionLevel.EXCLUDED
        self.written = chosen
        return count

    def all_pages(self) -> list[File] | None:
        """Every page of the site, those written here included; None when none was."""
        return self._all_pages


def _theme_search_enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get(MATERIAL_SEARCH)
    return plugin is not None and bool(plugin.config.get("enabled", True))


def _kept_out_of_theme_search(file: File) -> bool:
    assert file.page is not None
    search = file.page.meta.get("search")
    return isinstance(search, dict) and search.get("exclude") is True
