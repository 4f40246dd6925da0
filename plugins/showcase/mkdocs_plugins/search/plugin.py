"""Add the record names to Material's search index and the script that cuts queries."""

from __future__ import annotations

import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from showcase.mkdocs_plugins import docs_folder
from showcase.mkdocs_plugins.search.config import SearchConfig
from showcase.records.catalog import Catalog
from showcase.site.pages import GeneratedPage
from showcase.site.search_index import dumps_index
from showcase.site.search_terms import (
    PagesNotInIndexError,
    add_names_to_index,
    compact_entry,
    search_names,
)
from showcase.site.urls import page_url

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

MATERIAL_SEARCH = "material/search"
SCRIPT = "showcase-search.js"


class SearchPlugin(BasePlugin[SearchConfig]):
    """Works on top of Material's search plugin; does nothing where that one is absent."""

    # Late: Material's offline plugin adds its iframe-worker shim, which replaces
    # window.Worker, to the same list at 0; ours must load after it to wrap that Worker.
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Put the script in <head>, before Material's bundle creates the search worker."""
        # State per build, not per process: `mkdocs serve` reuses this instance.
        self.script_uri: str | None = None
        self.script = ""
        if not self.config.enabled or MATERIAL_SEARCH not in config.plugins:
            return config
        self.script = resources.files("showcase.site").joinpath("assets", SCRIPT).read_text("utf-8")
        digest = hashlib.sha256(self.script.encode("utf-8")).hexdigest()[:8]
        self.script_uri = f"assets/javascripts/{SCRIPT.removesuffix('.js')}.{digest}.js"
        # Material's base.html loads `extra.polyfills` in <head>; `extra_javascript` comes
        # after the bundle, too late to see the index the bundle hands its worker.
        polyfills = list(config.extra.get("polyfills") or [])
        if self.script_uri not in polyfills:
            polyfills.append(self.script_uri)
        config.extra["polyfills"] = polyfills
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the script to the site."""
        if self.script_uri is None:
            return files
        if files.get_file_from_path(self.script_uri) is not None:
            raise PluginError(
                f"showcase/search: {docs_folder(config)}/{self.script_uri} "
                "与搜索脚本同名，请改名或删除这个文件。"
            )
        files.append(File.generated(config, self.script_uri, content=self.script))
        return files

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Keep Material's search off the generated pages that this plugin indexes itself."""
        if self.script_uri is None:
            return markdown
        generated = self._generated(config).get(page.file.src_uri)
        if generated is not None and generated.search_text is not None:
            # The rendered page would repeat its related records' names and its sources'
            # quotations, and jieba would cut every one of them again on every page.
            page.meta["search"] = {"exclude": True}
        return markdown

    @staticmethod
    def _generated(config: MkDocsConfig) -> dict[str, GeneratedPage]:
        generated: dict[str, GeneratedPage] = getattr(
            config.plugins.get("showcase/records"), "generated", {}
        )
        return generated

    # After Material's search plugin writes the index (0), before Material's offline plugin
    # copies it into search_index.js (-100).
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the generated pages from the data, with the names they must be found by."""
        if self.script_uri is None:
            return
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        catalog: Catalog | None = getattr(config.plugins.get("showcase/records"), "catalog", None)
        generated = self._generated(config)
        pages = search_names(catalog) if catalog is not None else []
        names_by_location = {
            page_url(page.src_uri, use_directory_urls=config.use_directory_urls): page
            for page in pages
        }
        index = json.loads(path.read_text(encoding="utf-8"))
        index["docs"] += [
            compact_entry(
                page_url(src_uri, use_directory_urls=config.use_directory_urls),
                page.title,
                page.search_text(),
            )
            for src_uri, page in sorted(generated.items())
            if page.search_text is not None
        ]
        try:
            index = add_names_to_index(index, names_by_location)
        except PagesNotInIndexError as error:
            raise PluginError(
                f"showcase/search: 搜索索引 {path} 里没有这些页面，无法按名称找到它们："
                + "、".join(error.locations)
            ) from None
        path.write_text(dumps_index(index), encoding="utf-8")
        log.debug("added the names of %d pages to %s", len(names_by_location), path)
