"""The site's own search: a sharded index of every page, and the script that queries it."""

from __future__ import annotations

import functools
import time
from collections.abc import Collection, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from showcase.mkdocs_plugins import docs_folder, load_in_head
from showcase.mkdocs_plugins.records.plugin import RecordsPlugin
from showcase.mkdocs_plugins.search.config import SearchConfig
from showcase.site.parallel import Background, available_workers
from showcase.site.sanitize import clean_index_titles
from showcase.site.search_analysis import load_dictionary
from showcase.site.search_index import SearchIndex, rewrite_index, search_index_path
from showcase.site.search_shards import (
    INDEX_FOLDER,
    SearchDocument,
    TermsCache,
    build_index,
    page_documents,
    write_index,
)
from showcase.site.search_terms import (
    lexicon,
    record_documents,
    titled_documents,
    with_honour_names,
)
from showcase.site.search_update import LiveIndexCache, index_after_edit, write_index_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from showcase.records.catalog import Catalog
    from showcase.site.pages import GeneratedPage

log = get_plugin_logger(__name__)

MATERIAL_SEARCH = "material/search"
RECORDS = "showcase/records"
SCRIPT = "showcase-search.js"


class SearchPlugin(BasePlugin[SearchConfig]):
    """Works on top of showcase/records and Material's search; does nothing without the latter."""

    # Set by `showcase serve` (mkdocs_plugins/live.py), which builds the index again after
    # every edit: the terms of the documents that did not change are kept between builds.
    terms_cache: TermsCache | None = None
    # The index files written or removed by the last index, when it was kept in a
    # LiveIndexCache (under INDEX_FOLDER, by name); None: not known.
    changed_files: list[str] | None = None
    # Set by the live preview before it writes the index again: the generated pages whose
    # search text may have changed (those it renders again); None: every page's.
    fresh_pages: Collection[str] | None = None

    # Late: Material's offline plugin adds its iframe-worker shim, which replaces
    # window.Worker, to the same list at 0; ours must load after it to wrap that Worker.
    @event_priority(-50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Put the script in <head>, before Material's bundle creates the search worker."""
        # State per build, not per process: `mkdocs serve` reuses this instance.
        self.script_uri: str | None = None
        self.script = ""
        # The generated pages' documents, when made early (_while_pages_render).
        self._generated_documents: list[SearchDocument] | None = None
        if not self.config.enabled:
            return config
        self.records = records_plugin(config, self)
        if MATERIAL_SEARCH not in config.plugins:
            return config
        self.records.while_pages_render.append(functools.partial(self._while_pages_render, config))
        # This plugin rewrites the index anyway: it cleans the titles in the same pass.
        self.records.cleans_search_index = False
        self.script = resources.files("showcase.site").joinpath("assets", SCRIPT).read_text("utf-8")
        # In <head>: loaded later, it would not see the index the bundle hands its worker.
        self.script_uri = load_in_head(config, self.script, SCRIPT.removesuffix(".js"))
        return config

    def _while_pages_render(self, config: MkDocsConfig) -> None:
        """What the index needs of the data alone, made while the page workers render.

        The documents of the generated pages come from the data, not from the pages'
        HTML, and the cutter's dictionary is jieba's: this process would otherwise be idle.
        """
        load_dictionary()
        self._generated_documents = generated_documents(
            self.records.generated,
            self.records.catalog,
            use_directory_urls=config.use_directory_urls,
            texts=self._kept_texts(),
        )

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
        generated = self.records.generated.get(page.file.src_uri)
        if generated is not None and generated.search_text is not None:
            # The rendered page would repeat its related records' names and its sources'
            # quotations, and jieba would cut every one of them again on every page.
            page.meta["search"] = {"exclude": True}
        return markdown

    # After Material's search plugin writes the index (0), before Material's offline plugin
    # copies it into search_index.js (-100).
    @event_priority(-50)
    def _start_index(self, *, config: MkDocsConfig) -> None:
        """Leave Material's own index empty; start writing the sharded index of every page.

        The index is built in a forked process (:class:`Background`) while this one checks
        the site's links; :meth:`_finish_index` waits for it. Nothing after this event reads
        the shards (the offline plugin copies Material's index, emptied here and now).
        """
        self._index: Background[tuple[int, int, int, int, int, float]] | None = None
        self.changed_files = None
        if self.script_uri is None:
            return
        use_directory_urls = config.use_directory_urls
        material_docs: list[dict[str, Any]] = []

        def take_pages(index: SearchIndex) -> SearchIndex:
            clean_index_titles(index)
            material_docs.extend(index["docs"])
            # Material's worker never gets this index: our script answers every query.
            return {**index, "docs": []}

        rewrite_index(search_index_path(config.site_dir), take_pages)
        catalog = self.records.catalog
        records, self._generated_documents = self._generated_documents, None
        if records is None:
            records = generated_documents(
                self.records.generated,
                catalog,
                use_directory_urls=use_directory_urls,
                texts=self._kept_texts(),
            )
        taken = {doc.location for doc in records}
        pages = [doc for doc in page_documents(material_docs) if doc.location not in taken]
        documents = records + pages
        if catalog is not None:
            documents = with_honour_names(documents, catalog, use_directory_urls=use_directory_urls)
        # As many processes as the pages get (`showcase build --workers`).
        workers = self.records.config.workers or available_workers()
        cache = self.terms_cache
        folder = Path(config.site_dir) / INDEX_FOLDER

        def build_and_write() -> tuple[int, int, int, int, int, float]:
            started = time.perf_counter()
            if isinstance(cache, LiveIndexCache):
                # The live preview: the last index updated with the documents that changed.
                index = index_after_edit(documents, lexicon(documents), cache)
                self.changed_files = write_index_files(index, folder, cache)
                written, removed = len(self.changed_files), 0
            else:
                index = build_index(documents, lexicon(documents), workers=workers, cache=cache)
                written, removed = write_index(index, folder)
            seconds = time.perf_counter() - started
            return len(documents), index.terms, index.postings, written, removed, seconds

        # In this process with one worker, and in the live preview, whose cache of terms
        # must outlive the build.
        self._index = Background(build_and_write, in_process=workers <= 1 or cache is not None)
        self._workers = workers

    # After the link check (-100) and the offline plugin: the index is written beside them.
    @event_priority(-200)
    def _finish_index(self, *, config: MkDocsConfig) -> None:
        """Wait for the sharded index: the build is done once it is written."""
        index, self._index = getattr(self, "_index", None), None
        if index is None:
            return
        documents, terms, postings, written, removed, seconds = index.result()
        log.debug(
            "search index: %d documents, %d terms, %d postings in %.1f s with %d workers; "
            "%d files written, %d removed",
            documents,
            terms,
            postings,
            seconds,
            self._workers,
            written,
            removed,
        )

    on_post_build = CombinedEvent(_start_index, _finish_index)

    def write_index_now(self, *, config: MkDocsConfig) -> None:
        """Both steps of ``on_post_build`` at once (the live preview redoes them)."""
        self._start_index(config=config)
        self._finish_index(config=config)

    def _kept_texts(self) -> SearchTexts | None:
        """The generated pages' search texts, kept from one index to the next in the live
        preview, with those of ``fresh_pages`` dropped; None outside the live preview."""
        if not isinstance(self.terms_cache, LiveIndexCache):
            return None
        kept: SearchTexts = getattr(self, "_texts", {})
        fresh = self.fresh_pages
        if fresh is None:
            kept = {}
        else:
            for src_uri in fresh:
                kept.pop(src_uri, None)
        self._texts = kept
        self.fresh_pages = None
        return kept

    def on_build_error(self, *, error: Exception) -> None:
        """Stop writing the index: the build failed."""
        index, self._index = getattr(self, "_index", None), None
        if index is not None:
            index.stop()


# The search text of each generated page, with its title, by src_uri.
SearchTexts: TypeAlias = "dict[str, tuple[str, list[tuple[str, str]]]]"


def generated_documents(
    generated: Mapping[str, GeneratedPage],
    catalog: Catalog | None,
    *,
    use_directory_urls: bool,
    texts: SearchTexts | None = None,
) -> list[SearchDocument]:
    """The search documents of the generated pages: the records', then the listings'.

    ``texts``, if given, holds the search texts of pages known not to have changed: those
    are taken from it, the others made and added to it (those of pages gone dropped).
    """
    known = texts if texts is not None else {}
    made = {
        src_uri: known.get(src_uri) or (page.title, page.search_text())
        for src_uri, page in sorted(generated.items())
        if page.search_text is not None
    }
    if texts is not None:
        texts.clear()
        texts.update(made)
    texts = made
    records = (
        record_documents(
            catalog,
            {src_uri: labelled for src_uri, (_, labelled) in texts.items()},
            use_directory_urls=use_directory_urls,
        )
        if catalog is not None
        else []
    )
    record_locations = {doc.location for doc in records}
    return records + [
        doc
        for doc in titled_documents(texts, use_directory_urls=use_directory_urls)
        if doc.location not in record_locations
    ]


def records_plugin(config: MkDocsConfig, search: SearchPlugin) -> RecordsPlugin:
    """The showcase/records plugin listed before ``search``; the build stops without one.

    Found by its type, not its name, as mkdocstrings finds autorefs. It must come first:
    in events of the same priority, MkDocs calls plugins in the order mkdocs.yml lists
    them, and this plugin is written to see what the records plugin has done by then.
    """
    names = list(config.plugins)
    here = next(names.index(name) for name, plugin in config.plugins.items() if plugin is search)
    found = [
        (names.index(name), name, plugin)
        for name, plugin in config.plugins.items()
        if isinstance(plugin, RecordsPlugin)
    ]
    if not found:
        raise PluginError(
            f"showcase/search: 需要 {RECORDS} 插件。请在 mkdocs.yml 的 plugins 里"
            f"加上一行“- {RECORDS}”，写在“- {names[here]}”之前。"
        )
    position, name, records = found[0]
    if position > here:
        raise PluginError(
            f"showcase/search: mkdocs.yml 的 plugins 里，“- {name}”要写在"
            f"“- {names[here]}”之前，请把它移到前面。"
        )
    return records
