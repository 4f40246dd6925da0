"""Check the data, then add a page per record, the listings and the totals to the build."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from showcase.mkdocs_plugins import docs_folder
from showcase.mkdocs_plugins.records.config import RecordsConfig
from showcase.mkdocs_plugins.records.page_shell import render_without_markdown
from showcase.mkdocs_plugins.records.page_writer import PageWriter, build_cache
from showcase.mkdocs_plugins.records.shared_blocks import TEMPLATE, SharedBlocks
from showcase.records.catalog import Catalog
from showcase.records.errors import ShowcaseError
from showcase.records.revision import source_revision
from showcase.records.symlinks import links_leaving
from showcase.records.validation import sorted_diagnostics
from showcase.site.build_cache import PageCache
from showcase.site.error_page import ERROR_PAGE_SRC_URI, error_page_markdown
from showcase.site.generated import GeneratedSite, generate_site
from showcase.site.layout import LayoutError, check_generated, validate_site
from showcase.site.markers import MarkerError, expand_markers
from showcase.site.pages import GeneratedPage
from showcase.site.parallel import available_workers
from showcase.site.photos import (
    PhotoCache,
    PhotoError,
    PhotoProcessor,
    PublishedPhotos,
    is_original,
    publish_photos,
)
from showcase.site.sanitize import clean_index_titles, title_html
from showcase.site.search_index import rewrite_index, search_index_path
from showcase.site.templating import reload_changed_templates
from showcase.site.urls import relative_url

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

log = get_plugin_logger(__name__)


class RecordsPlugin(BasePlugin[RecordsConfig]):
    """Loads the data once per build and generates the pages that show it."""

    is_serve = False
    # This build's open-data files, written out before MkDocs copies them into the site.
    _open_data: tempfile.TemporaryDirectory[str] | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this is the live preview, which shows data errors as a page."""
        self.is_serve = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Validate the data; a build never publishes data that fails a check."""
        # State per build, not per process: `mkdocs serve` reuses this instance.
        reload_changed_templates()
        self.catalog: Catalog | None = None
        self.generated: dict[str, GeneratedPage] = {}
        self.shared_blocks: SharedBlocks | None = None
        self.site: GeneratedSite | None = None
        # The photos the site shows, kept for the live preview (mkdocs_plugins/live.py).
        self.published: PublishedPhotos | None = None
        self.data_errors: list[str] = []
        self.nav: Navigation | None = None
        self.page_writer = PageWriter()
        # Bodies already rendered by the page writer, taken by on_page_context.
        self.bodies: dict[str, str] = {}
        # Other plugins' work that needs the data but no generated page: run by this
        # process while the page workers render (showcase/search's documents). Not run
        # when no page is written outside MkDocs' loop (the live preview).
        self.while_pages_render: list[Callable[[], None]] = []
        self.page_cache: PageCache | None = None
        # Cleared by showcase/search, which cleans the index as it rewrites it.
        self.cleans_search_index = True
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).parent
        data_dir = root / self.config.data_dir
        self.data_dir = data_dir
        if not data_dir.is_dir():
            raise PluginError(f"showcase/records: 找不到数据文件夹 {data_dir}（data_dir 设置）。")
        # Before MkDocs lists the pages: it reads through links, and walks a loop for long.
        published = [Path(config.docs_dir)]
        if config.theme.custom_dir:
            published.append(Path(config.theme.custom_dir))
        links = links_leaving(published, root)
        result = validate_site([data_dir], root, docs_dir=Path(config.docs_dir))
        diagnostics = sorted_diagnostics(result)
        if diagnostics and not links and self.is_serve:
            # The preview becomes one page that lists the problems (site/error_page.py).
            # Links out of the repository stay fatal: the preview would read through them.
            self.data_errors = [str(diagnostic) for diagnostic in diagnostics]
            # Info, not warning: under `strict` a warning would abort this page too.
            log.info("数据有 %d 个问题，预览显示问题列表：", len(diagnostics))
            for line in self.data_errors:
                log.info("%s", line)
            config.nav = [{"数据有误": ERROR_PAGE_SRC_URI}]
            return config
        if links or diagnostics:
            lines = "\n".join(str(problem) for problem in [*links, *diagnostics])
            count = len(links) + len(diagnostics)
            found = "发现" if links else "数据有"
            raise PluginError(f"{found} {count} 个问题，网站没有生成：\n{lines}")
        self.catalog = result.catalog
        self.catalog.settle()
        if self.config.share_theme_blocks:
            self.shared_blocks = SharedBlocks()
        self.revision = source_revision(root)
        self.docs_folder = docs_folder(config)
        self.photo_processor = PhotoProcessor(
            Path(config.docs_dir), PhotoCache(root / self.config.photo_cache_dir)
        )
        log.debug("loaded %d records from %s", len(result.catalog), data_dir)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the generated pages; a hand-written page may not take one's place."""
        if self.data_errors:
            # Only the theme's own files stay, and the page of problems; never a photo
            # original (the photos are not processed while the data has errors).
            no_photos = PublishedPhotos({}, {}, {})
            kept = Files(
                [
                    file
                    for file in files
                    if not file.is_documentation_page() and not is_original(file.src_uri, no_photos)
                ]
            )
            kept.append(
                File.generated(
                    config, ERROR_PAGE_SRC_URI, content=error_page_markdown(self.data_errors)
                )
            )
            return kept
        if self.catalog is None:
            return files
        try:
            published = publish_photos(self.catalog, self.photo_processor)
        except PhotoError as error:
            raise PluginError(str(error)) from None
        cache = self.photo_processor.cache
        log.debug("photos: %d processed, %d from the cache", cache.misses, cache.hits)
        _take_out_originals(files, published, self.docs_folder)
        self.published = published
        site = generate_site(
            self.catalog,
            use_directory_urls=config.use_directory_urls,
            site_url=config.site_url,
            revision=self.revision,
            page_size=self.config.page_size,
            photos=published,
            # Written out one by one and copied by MkDocs, not held through the build.
            data_folder=self._open_data_folder(),
            # Beside the build's own serial work, up to on_env; never in the live
            # preview (its server runs threads: no fork), nor with one worker.
            data_in_background=not self.is_serve and self.worker_count() > 1,
        )
        self.site = site
        try:
            check_generated(
                site.paths(), [file.src_uri for file in files], shown_dir=self.docs_folder
            )
        except LayoutError as error:
            raise PluginError(str(error)) from None
        for path, content in site.data_files.items():
            files.append(File.generated(config, path, content=content))
        for path, source in site.data_paths.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        for path, source in site.photo_files.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        for path, text in site.photo_texts.items():
            files.append(File.generated(config, path, content=text))
        for page in site.pages:
            self.generated[page.src_uri] = page
            # Record pages stay out of the navigation: with thousands of pages in it,
            # Material's build goes quadratic. Listings link to them instead.
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, page.src_uri, content="", inclusion=inclusion))
        return files

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        """Rebuild the preview of `mkdocs serve` when a data file changes, not only a page."""
        if self.catalog is not None or self.data_errors:
            server.watch(str(self.data_dir))
        return server

    # Last: the final navigation, after every plugin that changes it.
    @event_priority(-100)
    def on_nav(
        self, nav: Navigation, /, *, config: MkDocsConfig, files: Files
    ) -> Navigation | None:
        """Keep the navigation: on_env writes pages with it."""
        self.nav = nav
        return nav

    # Last: every plugin has set up the theme's environment, as it is when MkDocs writes pages.
    @event_priority(-100)
    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment | None:
        """Write the generated pages outside the nav, in parallel, before MkDocs writes the rest.

        The theme's page-independent blocks are rendered once per folder of such pages
        (shared_blocks.py). The live preview keeps MkDocs' own loop: its server runs threads,
        and forking a process with threads is not safe.
        """
        # Kept for `showcase serve`, which renders pages again after a data change
        # (mkdocs_plugins/live.py) with the environment and files of this build.
        self.env: Environment | None = env
        self.files: Files | None = files
        if self.shared_blocks is not None:
            self.shared_blocks.install(env)
        if self.catalog is None or self.is_serve or self.nav is None:
            self._wait_for_open_data()
            return env
        workers = self.worker_count()
        cache_dir = self.config.build_cache_dir
        root = Path(config.config_file_path).parent
        self.page_cache = build_cache(config, root / cache_dir, self.nav) if cache_dir else None
        count = self.page_writer.write(
            self.generated,
            files=files,
            nav=self.nav,
            env=env,
            config=config,
            workers=workers,
            render_body=lambda src_uri: str(self.generated[src_uri].render()),
            bodies=self.bodies,
            cache=self.page_cache,
            page_shell=self.config.page_shell,
            while_waiting=self._while_pages_render,
        )
        log.debug(
            "wrote %d generated pages with %d workers, %d of them from the build cache",
            count,
            workers,
            self.page_writer.from_cache,
        )
        self._wait_for_open_data()
        return env

    def _while_pages_render(self) -> None:
        # The bodies of the pages in the navigation, which MkDocs writes after this, in its
        # loop: they come from the data alone, and on_page_context takes them from here.
        for src_uri, page in self.generated.items():
            if page.in_nav:
                self.bodies[src_uri] = str(page.render())
        for work in self.while_pages_render:
            work()

    def worker_count(self) -> int:
        """The processes that render pages (`showcase build --workers`, else one per core);
        the other plugins' work in processes of its own follows it."""
        return self.config.workers or available_workers()

    def _wait_for_open_data(self) -> None:
        """Wait for the open-data files written beside the build: MkDocs copies them next."""
        if self.site is not None:
            try:
                self.site.wait_for_data()
            except ShowcaseError as error:
                raise PluginError(str(error)) from None

    def on_template_context(
        self, context: TemplateContext, /, *, template_name: str, config: MkDocsConfig
    ) -> TemplateContext | None:
        """Hand the theme's own templates (the sitemap) every page, those written in on_env too."""
        pages = self.page_writer.all_pages()
        if pages is not None:
            context["pages"] = pages
        return context

    # Early: hand-written pages get their live figures before other plugins read the text.
    @event_priority(50)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Title a generated page; fill the data markers of a hand-written one."""
        if self.catalog is None:
            return markdown
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            # MkDocs titles are HTML, and Material's search box inserts them as HTML: a
            # title from the data is escaped once here, and the theme overrides print it
            # with `striptags | e`, which shows it exactly as written.
            page.meta["title"] = title_html(generated.title)
            if generated.image is not None:
                # The page's picture when shared, relative to the site root: read as
                # page.meta.image by showcase/identity's sharing tags, which fall back to
                # the emblem, and by overrides/main.html without that plugin.
                page.meta["image"] = generated.image
            if self.shared_blocks is not None and not generated.in_nav:
                page.meta["template"] = TEMPLATE
            if self.config.page_shell:
                render_without_markdown(page)
            return ""
        # Front matter is already cut off; count its lines so errors point into the file.
        content = page.file.content_string
        first_line = content.count("\n", 0, len(content) - len(markdown)) + 1
        try:
            return expand_markers(
                markdown,
                catalog=self.catalog,
                page_src_uri=page.file.src_uri,
                link_to=functools.partial(
                    relative_url, use_directory_urls=config.use_directory_urls
                ),
                first_line=first_line,
                thumbnail=self.site.thumbnail_html if self.site else None,
            )
        except MarkerError as error:
            raise PluginError(error.at(f"{self.docs_folder}/{page.file.src_uri}")) from None

    # Early: before Material's search plugin (0) reads the content in on_page_context.
    @event_priority(50)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Render a generated page from the data just before its template is rendered.

        MkDocs reads every page before it writes any; rendering here rather than in
        on_page_content keeps one generated page in memory at a time, not all of them.
        """
        generated = self.generated.get(page.file.src_uri)
        if generated is not None:
            body = self.bodies.pop(page.file.src_uri, None)
            page.content = body if body is not None else str(generated.render())
        return context

    # Last: every plugin has seen the page by then.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Let the generated page's HTML go once it is written."""
        if page.file.src_uri in self.generated:
            page.content = None
        return output

    # After Material's search plugin (priority 0) has written the index; before the link
    # check (-100), which does not read it.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Strip markup from the titles of the search index: its box inserts them as HTML.

        Generated titles are already escaped; this is the safety net for hand-written pages,
        whose front-matter titles Material indexes exactly as written. With showcase/search,
        which rewrites the index anyway, that plugin does it in the same pass.
        """
        if self.shared_blocks is not None:
            log.debug("theme blocks reused on generated pages: %d", self.shared_blocks.reused)
        if self.page_cache is not None and self.page_writer.fingerprints:
            # What this build did not use is gone: the cache holds one site, not every past one.
            removed = self.page_cache.prune(self.page_writer.fingerprints)
            log.debug("build cache: %d stale pages removed", removed)
        if self.cleans_search_index:
            rewrite_index(search_index_path(config.site_dir), clean_index_titles)
        self._drop_open_data_folder()

    def on_build_error(self, *, error: Exception) -> None:
        """Stop writing the build's open-data files, and remove them."""
        if self.site is not None and self.site.data_writer is not None:
            self.site.data_writer.stop()
        self._drop_open_data_folder()

    def _open_data_folder(self) -> Path:
        """A new folder for this build's open-data files, removed when the build ends."""
        self._drop_open_data_folder()
        self._open_data = tempfile.TemporaryDirectory(prefix="showcase-open-data-")
        return Path(self._open_data.name)

    def _drop_open_data_folder(self) -> None:
        if self._open_data is not None:
            self._open_data.cleanup()
        self._open_data = None


def _take_out_originals(files: Files, published: PublishedPhotos, shown_dir: str) -> None:
    """Take the photo originals out of the build; their processed sizes go in instead.

    The originals carry the GPS position and the camera serial the processed sizes do not.
    """
    for file in [file for file in files if is_original(file.src_uri, published)]:
        files.remove(file)
        if file.src_uri not in published.photos:
            log.info(
                "%s/%s 没有被任何记录使用，不会发布；要发布请写进记录的 photos。",
                shown_dir,
                file.src_uri,
            )
