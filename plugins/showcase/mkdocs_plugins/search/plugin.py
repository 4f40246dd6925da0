"""The site's own search: a sharded index of every page, and the script that queries it."""

from __future__ import annotations

import functools
import json
import tempfile
import time
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from material.plugins.search.plugin import SearchIndex as MaterialSearchIndex
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from showcase.mkdocs_plugins import docs_folder, load_in_head
from showcase.mkdocs_plugins.records.plugin import RecordsPlugin
from showcase.mkdocs_plugins.search.config import SearchConfig
from showcase.site.parallel import Background, Standby, from_parent
from showcase.site.sanitize import clean_index_titles
from showcase.site.search_analysis import load_dictionary
from showcase.site.search_index import SearchIndex, rewrite_index, search_index_path
from showcase.site.search_shards import (
    INDEX_FOLDER,
    SearchDocument,
    TermsCache,
    build_index,
    page_documents,
    write_documents,
    write_index,
)
from showcase.site.search_terms import (
    IndexSummary,
    index_documents_file,
    iter_record_documents,
    lexicon,
    titled_document,
    topic_names,
    with_honour_names,
)
from showcase.site.search_update import LiveIndexCache, index_after_edit, write_index_files
from showcase.site.urls import page_url

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

    # Before showcase/records loads the data (0): see _index_apart.
    @event_priority(100)
    def _fork_index_process(self, config: MkDocsConfig) -> None:
        """Fork the process that will build the index, while this one is still small."""
        self._standby: Standby[IndexSummary] | None = None
        if self.config.enabled and MATERIAL_SEARCH in config.plugins:
            self.records = records_plugin(config, self)
            if self._index_apart():
                # The cutter's dictionary, loaded while this process reads the data.
                self._standby = Standby(prepare=load_dictionary)

    # Late: Material's offline plugin adds its iframe-worker shim, which replaces
    # window.Worker, to the same list at 0; ours must load after it to wrap that Worker.
    @event_priority(-50)
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Put the script in <head>, before Material's bundle creates the search worker."""
        # State per build, not per process: `mkdocs serve` reuses this instance.
        self.script_uri: str | None = None
        self.script = ""
        # The generated pages' documents, when made early (_while_pages_render): held, or
        # written to a file for an index built apart (see _index_apart).
        self._generated_documents: list[SearchDocument] | None = None
        # Removed once the index is written or the build fails.
        self._documents_file: DocumentsFile | None = None
        # The index being made in its own process: started as the pages render when it is
        # built apart (_index_apart), else in on_post_build.
        self._index: Background[IndexSummary] | None = None
        if not self.config.enabled:
            return config
        self.records = records_plugin(config, self)
        if MATERIAL_SEARCH not in config.plugins:
            return config
        self.records.while_pages_render.append(functools.partial(self._while_pages_render, config))
        # This plugin rewrites the index anyway: it cleans the titles in the same pass.
        self.records.cleans_search_index = False
        material: Any = config.plugins[MATERIAL_SEARCH]  # Material has no types
        if type(getattr(material, "search_index", None)) is MaterialSearchIndex:
            # Material's index of the pages is read by this plugin only (_start_index),
            # whose page_documents drops the marks of jieba's cuts: uncut, the same index,
            # and the build's largest process never loads jieba's dictionary.
            material.search_index = _UncutSearchIndex(**material.config)
        self.script = resources.files("showcase.site").joinpath("assets", SCRIPT).read_text("utf-8")
        # In <head>: loaded later, it would not see the index the bundle hands its worker.
        self.script_uri = load_in_head(config, self.script, SCRIPT.removesuffix(".js"))
        return config

    on_config = CombinedEvent(_fork_index_process, _configure)

    def _while_pages_render(self, config: MkDocsConfig) -> None:
        """What the index needs of the data alone, made while the page workers render.

        The documents of the generated pages come from the data, not from the pages'
        HTML, and the cutter's dictionary is jieba's: this process would otherwise be idle.
        """
        if self._index_apart():
            self._documents_file = self._write_documents(config)
            self._start_index_apart(config, self._documents_file, self._expected_pages(config))
            return
        load_dictionary()
        self._generated_documents = generated_documents(
            self.records.generated,
            self.records.catalog,
            use_directory_urls=config.use_directory_urls,
            texts=self._kept_texts(),
        )

    def _index_apart(self) -> bool:
        """Whether the index is built by a process forked before the data was read
        (parallel.Standby, search_terms.index_documents_file).

        So in a build with more than one worker: the generated pages' documents are then
        written to a file as they are made, and this process never holds them all. The
        live preview keeps its index here, to update it after each edit.
        """
        return self.records.worker_count() > 1 and self.terms_cache is None

    def _write_documents(self, config: MkDocsConfig) -> DocumentsFile:
        """The generated pages' documents, in a temporary file (see _index_apart)."""
        with tempfile.NamedTemporaryFile(
            prefix="showcase-search-", suffix=".pickle", delete=False
        ) as file:
            try:
                locations = write_documents(
                    iter_generated_documents(
                        self.records.generated,
                        self.records.catalog,
                        use_directory_urls=config.use_directory_urls,
                    ),
                    file,
                )
            except BaseException:
                Path(file.name).unlink(missing_ok=True)
                raise
        return DocumentsFile(Path(file.name), frozenset(locations))

    def _start_index_apart(
        self, config: MkDocsConfig, documents_file: DocumentsFile, expected: list[SearchDocument]
    ) -> None:
        """Start the index in its standby process: it cuts the data's documents at once,
        as they will stand among the ``expected`` pages, then waits for the pages
        (:meth:`_start_index` sends them)."""
        catalog = self.records.catalog
        workers = self.records.worker_count()
        build = functools.partial(
            index_documents_file,
            documents_file.path,
            documents_file.others(expected),
            topic_names(catalog, use_directory_urls=config.use_directory_urls)
            if catalog is not None
            else {},
            workers=workers,
            folder=Path(config.site_dir) / INDEX_FOLDER,
            pages=from_parent,
        )
        # Forked late only if on_config did not: then it carries this process's memory.
        standby = self._standby or Standby(prepare=load_dictionary)
        self._standby = None
        self._index = standby.run(build)
        self._workers_used = workers

    def _expected_pages(self, config: MkDocsConfig) -> list[SearchDocument]:
        """The documents Material's search will make of the pages, from the pages as read.

        Before the pages are written (on_env), from what MkDocs read and converted of them:
        what the index cut ahead counts on (their locations and titles,
        search_shards.cut_ahead), checked against the documents made in on_post_build.
        """
        material = config.plugins[MATERIAL_SEARCH]
        index = _UncutSearchIndex(**material.config)
        for file in self._files.documentation_pages(inclusion=InclusionLevel.is_included):
            page = file.page
            if page is None or (page.meta.get("search") or {}).get("exclude"):
                continue
            if page.file.src_uri not in self.records.generated:
                index.add_entry_from_context(page)
            else:
                # A generated page Material indexes (the totals, the downloads): its body is
                # made as it is written. Material takes its title from the page, as here,
                # when the body does not begin with a heading.
                title = str(page.meta.get("title", page.title))
                index.entries.append({"location": page.url, "title": title, "text": ""})
        # As take_pages (_start_index) has them: titles cleaned, through JSON and back.
        material_docs = json.loads(json.dumps(clean_index_titles({"docs": index.entries})))
        return page_documents(material_docs["docs"])

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the script to the site."""
        self._files = files
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
        workers = self.records.worker_count()
        folder = Path(config.site_dir) / INDEX_FOLDER
        if self._index_apart():
            if self._documents_file is None:
                self._documents_file = self._write_documents(config)
            documents_file = self._documents_file
            pages = documents_file.others(page_documents(material_docs))
            if self._index is None:
                # No pages were rendered apart: the pages are known as the cut starts.
                self._start_index_apart(config, documents_file, pages)
            assert isinstance(self._index, Standby)
            self._index.send(pages)
            return
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
        cache = self.terms_cache

        def build_and_write() -> IndexSummary:
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
            return IndexSummary(
                len(documents), index.terms, index.postings, written, removed, seconds
            )

        # In this process with one worker, and in the live preview, whose cache of terms
        # must outlive the build.
        self._index = Background(build_and_write, in_process=workers <= 1 or cache is not None)
        self._workers_used = workers

    # After the link check (-100) and the offline plugin: the index is written beside them.
    @event_priority(-200)
    def _finish_index(self, *, config: MkDocsConfig) -> None:
        """Wait for the sharded index: the build is done once it is written."""
        index, self._index = getattr(self, "_index", None), None
        if index is None:
            return
        try:
            summary = index.result()
        finally:
            self._remove_documents_file()
        log.debug(
            "search index: %d documents, %d terms, %d postings in %.1f s with %d workers%s; "
            "%d files written, %d removed",
            summary.documents,
            summary.terms,
            summary.postings,
            summary.seconds,
            self._workers_used,
            ", the data's cut ahead" if summary.cut_ahead else "",
            summary.written,
            summary.removed,
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
        for process in (getattr(self, "_index", None), getattr(self, "_standby", None)):
            if process is not None:
                process.stop()
        self._index = self._standby = None
        self._remove_documents_file()

    def _remove_documents_file(self) -> None:
        documents_file, self._documents_file = getattr(self, "_documents_file", None), None
        if documents_file is not None:
            documents_file.path.unlink(missing_ok=True)


class _UncutSearchIndex(MaterialSearchIndex):  # type: ignore[misc]  # Material has no types
    """Material's index of pages without jieba's cuts, which page_documents drops anyway
    (they only put zero-width spaces between the words). Material's search plugin keeps
    one (SearchPlugin._configure), and SearchPlugin._expected_pages makes one: cut, they
    loaded jieba's dictionary into the build's largest process (about 100 MB) and cut
    every hand-written page for nothing."""

    def _segment_chinese(self, data: str) -> str:
        return data


# The search text of each generated page, with its title, by src_uri.
SearchTexts: TypeAlias = "dict[str, tuple[str, list[tuple[str, str]]]]"


@dataclass(frozen=True)
class DocumentsFile:
    """The generated pages' documents written to a file (see SearchPlugin._index_apart)."""

    path: Path
    locations: frozenset[str]

    def others(self, documents: list[SearchDocument]) -> list[SearchDocument]:
        """The documents of pages whose documents the file does not hold (Material's)."""
        return [doc for doc in documents if doc.location not in self.locations]


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
    made: SearchTexts = {}

    def text_of(src_uri: str) -> tuple[str, list[tuple[str, str]]]:
        if src_uri not in made:
            page = generated[src_uri]
            assert page.search_text is not None
            made[src_uri] = known.get(src_uri) or (page.title, page.search_text())
        return made[src_uri]

    documents = list(
        iter_generated_documents(
            generated, catalog, use_directory_urls=use_directory_urls, text_of=text_of
        )
    )
    if texts is not None:
        texts.clear()
        texts.update(sorted(made.items()))
    return documents


def iter_generated_documents(
    generated: Mapping[str, GeneratedPage],
    catalog: Catalog | None,
    *,
    use_directory_urls: bool,
    text_of: Callable[[str], tuple[str, list[tuple[str, str]]]] | None = None,
) -> Iterator[SearchDocument]:
    """:func:`generated_documents` one at a time: each page's search text is made
    (``text_of``, by default from the page) when its document's turn comes, and nothing
    is kept, so that the documents need not all be held at once."""

    def made(src_uri: str) -> tuple[str, list[tuple[str, str]]]:
        page = generated[src_uri]
        assert page.search_text is not None
        return page.title, page.search_text()

    text = text_of or made
    searched = sorted(
        src_uri for src_uri, page in generated.items() if page.search_text is not None
    )
    record_locations: set[str] = set()
    if catalog is not None:
        indexed = frozenset(searched)
        for doc in iter_record_documents(
            catalog,
            lambda src_uri: text(src_uri)[1] if src_uri in indexed else None,
            use_directory_urls=use_directory_urls,
        ):
            record_locations.add(doc.location)
            yield doc
    for src_uri in searched:
        if page_url(src_uri, use_directory_urls=use_directory_urls) not in record_locations:
            title, texts = text(src_uri)
            yield titled_document(src_uri, title, texts, use_directory_urls=use_directory_urls)


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
