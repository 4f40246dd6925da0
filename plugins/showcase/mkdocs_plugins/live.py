"""The site of ``showcase serve`` kept in its process, and brought up to date after a data edit.

The first build is a whole strict build (commands.py). What it leaves behind is kept: the
configuration with its plugins, the theme's environment, the navigation, the files and
their pages, the records plugin's catalog and generated pages, the search index. After a
change under the data folder, :meth:`LiveSite.update`:

1. re-reads only the changed data files, each checked alone (records/incremental.py);
2. asked to (``early``), renders the pages of the records the edit changed straight from
   the files read again (who names them from the last state) and hands them over, so that
   the preview shows the page being edited before the rest is done;
3. starts the open-data files of the kinds whose records' fields changed (and the feed if
   an honour's line did) in a forked process, generates the site's pages again (cheap:
   nothing is rendered yet) with the open-data files as they were, and asks
   site/dependencies.py which generated pages the change touches, from what each declares;
4. runs the checks across files (ids, references, look-alikes, quotations): if they refuse
   the edit, the pages rendered early are put back and nothing else is written;
5. renders the touched pages, every page of MkDocs' own loop (the hand-written pages with
   their data markers, the totals, the downloads, which wait there for the open-data
   files' sizes, the first page of each listing: a few), writes the open-data files, the
   search index (site/search_update.py: the shards of the changed documents' terms only)
   and, when pages come or go, the sitemap; it deletes the pages of removed records.

It returns None when the change is one it cannot follow (a changed photo, a new revision,
a new open-data file, a plugin it does not know): then the caller builds everything again.
Every file is written into the build folder; the caller copies those whose bytes differ.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import logging
import os
import posixpath
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from material.plugins.search.plugin import SearchIndex
from material.plugins.search.plugin import SearchPlugin as MaterialSearch
from mkdocs import utils
from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.pages import Page

from showcase.mkdocs_plugins.links.plugin import LinksPlugin
from showcase.mkdocs_plugins.records.plugin import RecordsPlugin
from showcase.mkdocs_plugins.search.plugin import SearchPlugin
from showcase.records.catalog import Catalog
from showcase.records.errors import ShowcaseError
from showcase.records.incremental import LiveValidation
from showcase.records.loader import LoadResult
from showcase.records.schema import RecordKind
from showcase.records.validation import sorted_diagnostics
from showcase.site.build_cache import write_if_changed, write_new
from showcase.site.dependencies import (
    DataState,
    Plan,
    Reach,
    data_state,
    pages_to_render,
    reach,
    referrers_after_edit,
)
from showcase.site.downloads import open_data_files, open_data_paths
from showcase.site.generated import (
    GeneratedSite,
    generate_site,
    record_pages_of,
    with_open_data,
)
from showcase.site.layout import LayoutError, check_addresses, check_generated, hand_written_files
from showcase.site.pages import GeneratedPage
from showcase.site.parallel import Background
from showcase.site.photos import PhotoError, PublishedPhotos, publish_photos
from showcase.site.preview import remove_empty_folders
from showcase.site.sanitize import clean_index_titles
from showcase.site.search_index import rewrite_index, search_index_path
from showcase.site.search_shards import INDEX_FOLDER
from showcase.site.search_update import LiveIndexCache
from showcase.site.urls import page_url

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation

# Plugins whose work after the pages (on_post_build) this module knows how to redo, or may
# leave out: the link check reads the whole site back, and checked data links nowhere wrong.
_POST_BUILD_KNOWN = (MaterialSearch, SearchPlugin, RecordsPlugin, LinksPlugin)
SITEMAP = "sitemap.xml"


class UpdateFailed(ShowcaseError):
    """The data or the pages of an update have problems; the message says which."""


@dataclass(frozen=True)
class Update:
    """What an update did, in the build folder: files to copy, files gone, pages rendered."""

    written: list[str]  # relative to the build folder, with every file it may have rewritten
    removed: list[str]
    pages_rendered: int
    records_changed: int  # records added, removed or changed
    # Whether ``written`` and ``removed`` name every file of the search folder that changed;
    # if not, the caller compares the whole folder.
    search_listed: bool = False


class _Prepared(NamedTuple):
    """What an update works out before it writes anything (LiveSite._pages_first)."""

    site: GeneratedSite  # its download page printing the sizes of the files before the edit
    plan: Plan
    state: DataState
    touched: Reach
    previous_data: dict[str, bytes]  # the open-data files before the edit
    published: PublishedPhotos
    exports: Background[dict[str, bytes]]  # the open-data files the edit changes, being made


class LiveSite:
    """One finished build's state; :meth:`update` renders what a data change touches."""

    def __init__(self, config: MkDocsConfig, records: RecordsPlugin) -> None:
        if records.catalog is None or records.site is None:
            raise ValueError("the build has no catalog")
        assert records.env is not None and records.files is not None and records.nav is not None
        self.config = config
        self.records = records
        self.env: Environment = records.env
        self.files: Files = records.files
        self.nav: Navigation = records.nav
        self.site: GeneratedSite = records.site
        self.state: DataState = data_state(records.catalog)
        self.root = Path(config.config_file_path).parent
        self.data_dir = records.data_dir
        self.docs_dir = Path(config.docs_dir)
        self.validation = LiveValidation([self.data_dir], self.root)
        self.validation.update()
        self.loaded_is_state = True  # the data loaded is the data of self.state
        self.published: PublishedPhotos | None = records.published
        # Set when an update stopped half way: the kept state no longer matches the site.
        self.broken = False
        # Material's search entries of each page of MkDocs' loop, by what the page holds.
        self.search_entries: dict[tuple[object, ...], list[dict[str, Any]]] = {}

    @classmethod
    def from_config(cls, config: MkDocsConfig) -> LiveSite | None:
        """The live site of a finished build of ``config``; None if it cannot be followed."""
        records = next(
            (plugin for plugin in config.plugins.values() if isinstance(plugin, RecordsPlugin)),
            None,
        )
        if records is None or records.catalog is None or records.site is None:
            return None
        if records.env is None or records.files is None or records.nav is None:
            return None
        for method in config.plugins.events["post_build"]:
            if not isinstance(getattr(method, "__self__", None), _POST_BUILD_KNOWN):
                return None
        return cls(config, records)

    def follows(self, changed: Sequence[str]) -> bool:
        """Whether every changed path is a data file this site can update by itself."""
        data_dir = self.data_dir.absolute()
        return bool(changed) and all(
            Path(path).absolute().is_relative_to(data_dir) for path in changed
        )

    def update(
        self, changed: Sequence[str], early: Callable[[list[str]], None] | None = None
    ) -> Update | None:
        """Bring the build folder up to date after ``changed`` (data files); None: build all.

        With ``early``, the record pages the change touches are rendered first, from the
        data alone, and handed to it (their paths in the build folder) before the open-data
        files, the other pages and the search index, which take most of the time; the
        update then renders them again with the rest, to the same bytes.

        Raises :class:`UpdateFailed` when the data has problems (the site is left as it was)
        or MkDocs warned while rendering (then the next change builds everything).
        """
        if self.broken or not self.follows(changed):
            return None
        # Each changed file read and checked alone; the checks across files come after
        # the page being edited is shown, which they may then take back (UpdateFailed).
        result = self.validation.load([Path(path) for path in changed])
        # What was loaded before is the data of self.state only if the last update went
        # through: a refused one leaves its files loaded, and the site as it was.
        loaded_was_state, self.loaded_is_state = self.loaded_is_state, False
        shown: dict[Path, bytes | None] = {}
        shown_dir = Path(os.path.relpath(self.docs_dir, self.root)).as_posix()
        addresses_checked = False
        prepared: _Prepared | None = None
        try:
            if (
                early is not None
                and loaded_was_state
                and not result.diagnostics
                and self._show_edited_pages(result, early, shown)
            ):
                early = None  # shown: the pages generated below are not rendered first
            check_addresses(result, hand_written_files(self.docs_dir), shown_dir=shown_dir)
            addresses_checked = True
            if result.diagnostics:
                self.validation.check_across(result)  # every problem in one message
                _refuse(result)
            prepared = self._pages_first(result, early, shown)
            self.validation.check_across(result)
            _refuse(result)
        except Exception as error:
            if prepared is not None:
                prepared.exports.stop()
            # The build folder as it was, as the caller puts back the preview's pages; each
            # file replaced, not written into: the build cache may keep the page shown early
            # under a second name (a hard link, build_cache.py).
            for path, content in shown.items():
                if content is None:
                    path.unlink(missing_ok=True)
                else:
                    write_new(path, content)
            if not isinstance(error, UpdateFailed):
                # Data not yet checked across files may break the pages (a reference to
                # no record): then the checks say what is wrong, where.
                if not addresses_checked:
                    check_addresses(result, hand_written_files(self.docs_dir), shown_dir=shown_dir)
                self.validation.check_across(result)
                _refuse(result)
            raise
        if prepared is None:
            return None
        site, plan, state, touched, previous_data, published, exports = prepared
        records = self.records
        # The download page waits for the open-data files of the edit (their sizes).
        site = with_open_data(
            site,
            result.catalog,
            previous_data,
            revision=records.revision,
            use_directory_urls=self.config.use_directory_urls,
            made=exports,
        )
        new_pages = {page.src_uri: page for page in site.pages}
        self.broken = True  # until the update has gone through
        records.catalog = result.catalog
        try:
            with _strict(self.config):
                update, site = self._apply(site, new_pages, plan, len(touched.changed), exports)
        finally:
            exports.stop()  # done by now, unless the update failed before it was needed
        self.site = site
        self.state = state
        self.published = published
        self.broken = False
        self.loaded_is_state = True
        return update

    def _pages_first(
        self,
        result: LoadResult,
        early: Callable[[list[str]], None] | None,
        shown: dict[Path, bytes | None],
    ) -> _Prepared | None:
        """The pages of the edited data (the open-data files as they were), which of them
        to render, and the data's state; the touched record pages rendered and handed to
        ``early`` (``shown``: what their files held before); the open-data files of the
        edit started beside them. None: build everything."""
        records = self.records
        try:
            published = publish_photos(result.catalog, records.photo_processor)
        except PhotoError as error:
            raise UpdateFailed(str(error)) from None
        state = data_state(result.catalog, self.state)
        touched = reach(self.state, state)
        # The pages first, with the open-data files as they were: the page being edited can
        # be shown before the files of the edit are made (the Excel files take longest).
        previous_data = self._open_data()
        if set(open_data_paths(result.catalog)) != previous_data.keys():
            return None  # a file comes or goes: the downloads and their links change
        exports = self._start_exports(result.catalog, touched)
        try:
            prepared = self._generate(result, early, shown, published, touched, previous_data)
        except BaseException:
            exports.stop()
            raise
        if prepared is None:
            exports.stop()
            return None
        site, plan = prepared
        return _Prepared(site, plan, state, touched, previous_data, published, exports)

    def _start_exports(self, catalog: Catalog, touched: Reach) -> Background[dict[str, bytes]]:
        """The open-data files of the kinds whose records' fields changed (records may move
        between files without changing: the exports are sorted by id), and the feed, which
        names the honours' recipients, when an honour's line changed; made in a forked
        process while this one generates and renders the pages (at 100,000 records, the
        Excel file of the people alone takes seconds)."""
        records = self.records
        feed = RecordKind.AWARDS in touched.kinds
        make = functools.partial(
            open_data_files,
            catalog,
            site_url=self.config.site_url,
            use_directory_urls=self.config.use_directory_urls,
            dated=records.revision.committed,
            reuse={},  # only the files made again come back through the pipe
            kinds=touched.exported,
            feed=feed,
        )
        if not touched.exported and not feed:
            return Background(make, in_process=True)  # nothing to make: no process either
        return Background(make, in_process=records.worker_count() <= 1)

    def _generate(
        self,
        result: LoadResult,
        early: Callable[[list[str]], None] | None,
        shown: dict[Path, bytes | None],
        published: PublishedPhotos,
        touched: Reach,
        previous_data: dict[str, bytes],
    ) -> tuple[GeneratedSite, Plan] | None:
        """The whole site's pages from the edited data, checked, and which to render."""
        records = self.records
        site = generate_site(
            result.catalog,
            use_directory_urls=self.config.use_directory_urls,
            site_url=self.config.site_url,
            revision=records.revision,
            page_size=records.config.page_size,
            photos=published,
            reuse_data_files=previous_data,
            data_kinds=(),
        )
        if site.photo_files != self.site.photo_files or site.photo_texts != self.site.photo_texts:
            return None
        # As on_files saw them: the docs folder's and the theme's, none a plugin added.
        hand_written = [file.src_uri for file in self.files if file.generated_by is None]
        paths = site.paths()
        # The same files as the last site's, which passed (the hand-written ones are those
        # of the build: a change to them builds everything): comparing 130,000 addresses
        # again took 13 s of an update at 100,000 records (the collector then walking the
        # kept site as it went, mkdocs_plugins/commands.py).
        if paths != self.site.paths():
            try:
                check_generated(paths, hand_written, shown_dir=records.docs_folder)
            except LayoutError as error:
                raise UpdateFailed(str(error)) from None
        if not self._same_navigation(site):
            return None
        plan = pages_to_render(touched, records.generated, site.pages)
        if self._opens_folders(plan.added):
            return None
        new_pages = {page.src_uri: page for page in site.pages}
        if early is not None and not plan.added and not plan.removed:
            self._render_early(result.catalog, new_pages, plan.render, early, shown)
        return site, plan

    def _show_edited_pages(
        self,
        result: LoadResult,
        early: Callable[[list[str]], None],
        shown: dict[Path, bytes | None],
    ) -> bool:
        """Render the pages of the records the edit changed and hand them to ``early``,
        straight from the files read again, before the whole site is generated (at 100,000
        records, tens of seconds). False when the edit adds, removes or moves a record, or
        changes a record's photos or its page's address: the whole site's pages decide then.
        """
        edits = self.validation.edited_records()
        if edits is None:
            return False
        before, after = edits
        if not after or before.keys() != after.keys():
            return False
        records = result.catalog.by_id()
        for record_id, record in after.items():
            old = before[record_id]
            if records.get(record_id) is not record or old.kind is not record.kind:
                return False  # an id written twice: the checks across files say so
            if getattr(old, "photos", None) != getattr(record, "photos", None):
                return False
        referrers = referrers_after_edit(self.state, after, records, after)
        pages = record_pages_of(
            result.catalog,
            after.values(),
            referrers,
            use_directory_urls=self.config.use_directory_urls,
            page_size=self.records.config.page_size,
            photos=self.published,
        )
        generated = self.records.generated
        if any(page.src_uri not in generated for page in pages):
            return False
        new_pages = {**generated, **{page.src_uri: page for page in pages}}
        edited = [page.src_uri for page in pages]
        self._render_early(result.catalog, new_pages, edited, early, shown)
        return True

    def _render_early(
        self,
        catalog: Catalog,
        new_pages: dict[str, GeneratedPage],
        render: Collection[str],
        early: Callable[[list[str]], None],
        before: dict[Path, bytes | None],
    ) -> None:
        """Render the pages of ``render`` out of the navigation (the records') and hand
        them to ``early``; the caller makes sure that no page comes or goes. ``before`` gets
        the bytes each file of the build folder had (None: none), to put back if the
        checks across files refuse the edit."""
        records = self.records
        chosen = {src_uri for src_uri in render if not new_pages[src_uri].in_nav}
        for src_uri in chosen:
            file = self.files.get_file_from_path(src_uri)
            if file is not None:
                path = Path(file.abs_dest_path)
                before[path] = path.read_bytes() if path.is_file() else None
        kept_generated, kept_catalog = records.generated, records.catalog
        records.generated, records.catalog = dict(new_pages), catalog
        try:
            with _strict(self.config):
                written = self._write_generated(chosen, new_pages)
        finally:
            records.generated, records.catalog = kept_generated, kept_catalog
        early(written)

    def _write_generated(
        self, render: Collection[str], new_pages: dict[str, GeneratedPage]
    ) -> list[str]:
        """Render the generated pages of ``render`` outside MkDocs' loop (read again for
        their titles); the pages in MkDocs' loop are left to it. Their site paths."""
        config, files, records = self.config, self.files, self.records
        chosen = [
            file
            for file in files.documentation_pages(inclusion=lambda _: True)
            if file.src_uri in render
        ]
        for file in chosen:
            if not new_pages[file.src_uri].in_nav:
                file.inclusion = InclusionLevel.NOT_IN_NAV
            if file.page is None:
                Page(None, file, config)
            assert file.page is not None
            _populate_page(file.page, config, files)
        writer = records.page_writer
        all_pages, fingerprints = writer.all_pages(), writer.fingerprints
        writer.write(
            {file.src_uri for file in chosen if not new_pages[file.src_uri].in_nav},
            files=files,
            nav=self.nav,
            env=self.env,
            config=config,
            workers=1,
            render_body=lambda src_uri: str(records.generated[src_uri].render()),
            bodies=records.bodies,
            cache=records.page_cache,
        )
        writer.fingerprints = fingerprints
        if all_pages is not None:
            writer._all_pages = [  # the list the sitemap is made from
                file
                for file in files.documentation_pages(inclusion=lambda _: True)
                if file.inclusion.is_included() or file.src_uri in records.generated
            ]
        return [file.dest_uri for file in writer.written]

    def _opens_folders(self, added: Sequence[str]) -> bool:
        """Whether a page of ``added`` is in a folder where no generated page was.

        What the pages of a folder share (their sidebar script, identity/nav_scripts.py;
        their theme blocks, records/shared_blocks.py) is decided once per build from the
        folder's first pages: a new folder (a new facet value's, the second page of the
        records naming one) gets it only from a whole build.
        """
        if not added:
            return False  # the common edit: the folders of 100,000 pages go unlisted
        use_directory_urls = self.config.use_directory_urls

        def folder(src_uri: str) -> str:
            # As folder_key in nav_scripts.py: a/b/ and a/b.html are both in a.
            url = page_url(src_uri, use_directory_urls=use_directory_urls)
            return posixpath.dirname(url.rstrip("/"))

        known = {folder(src_uri) for src_uri in self.records.generated}
        return any(folder(src_uri) not in known for src_uri in added)

    def _same_navigation(self, site: GeneratedSite) -> bool:
        """Whether ``site`` puts the same pages, with the same titles, in the navigation."""

        def listed(pages: Sequence[GeneratedPage]) -> list[tuple[str, str]]:
            return [(page.src_uri, page.title) for page in pages if page.in_nav]

        return listed(site.pages) == listed(self.site.pages)

    def _open_data(self) -> dict[str, bytes]:
        """The open-data files of the site before the edit, by their path in the site.

        A full build writes them out one by one (``data_paths``, a folder gone once the
        build is done): their bytes are then the copies in the built site.
        """
        site_dir = Path(self.config.site_dir)
        return {
            **self.site.data_files,
            **{path: (site_dir / path).read_bytes() for path in self.site.data_paths},
        }

    def _apply(
        self,
        site: GeneratedSite,
        new_pages: dict[str, GeneratedPage],
        plan: Plan,
        changed: int,
        exports: Background[dict[str, bytes]],
    ) -> tuple[Update, GeneratedSite]:
        """Render and write what ``plan`` says, the open-data files made by ``exports``
        and the search index; what was done, and ``site`` with the open-data files."""
        config, files, records = self.config, self.files, self.records
        render, added, removed = plan.render, plan.added, plan.removed
        site_dir = Path(config.site_dir)
        records.site = site
        records.generated = dict(new_pages)
        written: set[str] = set()
        removed_paths = self._reorder_pages(site, added, removed)
        # Generated pages outside MkDocs' loop: read again (their titles) and rendered.
        render_set = set(render)
        written.update(self._write_generated(render_set, new_pages))
        # MkDocs' own loop: every page it writes (hand-written, and the generated pages in
        # the navigation), in its order, so that the theme's search index comes out whole.
        material = config.plugins.get("material/search")
        if isinstance(material, MaterialSearch) and material.config.enabled:
            material.search_index = _RememberedEntries(self.search_entries, **material.config)
        loop = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for file in loop:
            assert file.page is not None
            if file.src_uri not in render_set:
                _populate_page(file.page, config, files)
        for file in loop:
            assert file.page is not None
            _build_page(file.page, config, loop, self.nav, self.env)
            written.add(file.dest_uri)
        if added or removed:
            _build_theme_template(SITEMAP, self.env, files, config, self.nav)
            written.update({SITEMAP, f"{SITEMAP}.gz"})
        # The open-data files (exports, feeds), once made (the download page, rendered
        # above, waited for them): written when their bytes differ.
        site = dataclasses.replace(site, data_files={**site.data_files, **exports.result()})
        records.site = site
        for path, content in site.data_files.items():
            file = File.generated(config, path, content=content)
            files._src_uris[path] = file  # in its place: the order is kept
            if write_if_changed(Path(file.abs_dest_path), content):
                written.add(file.dest_uri)
        if isinstance(material, MaterialSearch) and isinstance(
            material.search_index, _RememberedEntries
        ):
            self.search_entries = material.search_index.kept
        # The search index: Material's (which showcase/search empties) and ours, whose
        # shards are rewritten only when they change.
        if isinstance(material, MaterialSearch):
            material.on_post_build(config=config)
        index_changes: list[str] | None = []
        for plugin in config.plugins.values():
            if isinstance(plugin, SearchPlugin):
                # The search texts of the pages not rendered again are those of the last.
                plugin.fresh_pages = render_set
                plugin.write_index_now(config=config)
                if index_changes is not None and plugin.changed_files is not None:
                    index_changes += plugin.changed_files
                else:
                    index_changes = None
        if records.cleans_search_index:
            rewrite_index(search_index_path(config.site_dir), clean_index_titles)
        search = site_dir / INDEX_FOLDER
        gone_from_index: list[str] = []
        if index_changes is None:
            # Not known which shards changed: every file of the search folder is compared.
            written.update(
                path.relative_to(site_dir).as_posix()
                for path in search.parent.rglob("*")
                if path.is_file()
            )
        else:
            index_json = search_index_path(site_dir)
            if index_json.is_file():
                written.add(index_json.relative_to(site_dir).as_posix())
            for name in index_changes:
                path = f"{INDEX_FOLDER}/{name}"
                if (site_dir / path).is_file():
                    written.add(path)
                else:
                    gone_from_index.append(path)
        for path in removed_paths:
            with contextlib.suppress(OSError):
                (site_dir / path).unlink()
            remove_empty_folders(site_dir / path, site_dir)
        pages_rendered = len(render) + len(loop)
        update = Update(
            sorted(written),
            sorted([*removed_paths, *gone_from_index]),
            pages_rendered,
            changed,
            search_listed=index_changes is not None,
        )
        return update, site

    def _reorder_pages(
        self, site: GeneratedSite, added: list[str], removed: list[str]
    ) -> list[str]:
        """Put the generated pages in the new version's order; the site paths of removed ones."""
        config, files = self.config, self.files
        gone = set(removed)
        removed_paths = []
        for src_uri in removed:
            file = files.get_file_from_path(src_uri)
            if file is not None:
                removed_paths.append(file.dest_uri)
                files.remove(file)
        for src_uri in added:
            files.append(
                File.generated(config, src_uri, content="", inclusion=InclusionLevel.NOT_IN_NAV)
            )
        generated = {page.src_uri for page in site.pages}
        ordered: list[File] = []
        placed = False
        for file in files:
            if file.src_uri in generated or file.src_uri in gone:
                if not placed:
                    placed = True
                    ordered.extend(
                        found
                        for page in site.pages
                        if (found := files.get_file_from_path(page.src_uri)) is not None
                    )
                continue
            ordered.append(file)
        files._src_uris = {file.src_uri: file for file in ordered}
        return sorted(removed_paths)


class _RememberedEntries(SearchIndex):  # type: ignore[misc]
    """Material's search index, taking a page's entries from the last update when the page
    holds the same (address, title, content, contents, metadata): cutting the text of the
    totals page into Chinese words again would be most of an update's time.
    """

    def __init__(self, memo: dict[tuple[object, ...], list[dict[str, Any]]], **config: Any):
        super().__init__(**config)
        self.memo = memo
        self.kept: dict[tuple[object, ...], list[dict[str, Any]]] = {}

    def add_entry_from_context(self, page: Page) -> None:
        key = (page.url, page.title, page.content, _toc_key(page.toc), repr(page.meta))
        entries = self.memo.get(key)
        if entries is None:
            start = len(self.entries)
            super().add_entry_from_context(page)
            entries = [dict(entry) for entry in self.entries[start:]]
        else:
            self.entries.extend(dict(entry) for entry in entries)
        self.kept[key] = entries


def _toc_key(items: Any) -> tuple[object, ...]:
    return tuple((i.id, i.title, i.level, _toc_key(i.children)) for i in items)


def keep_search_terms(config: MkDocsConfig) -> None:
    """Let showcase/search keep its index from one build of it to the next, to update it."""
    for plugin in config.plugins.values():
        if isinstance(plugin, SearchPlugin):
            plugin.terms_cache = LiveIndexCache()


def _refuse(result: LoadResult) -> None:
    """Raise UpdateFailed with every problem of ``result``, if it has any."""
    diagnostics = sorted_diagnostics(result)
    if diagnostics:
        lines = "\n".join(str(problem) for problem in diagnostics)
        raise UpdateFailed(f"数据有 {len(diagnostics)} 个问题，网站没有生成：\n{lines}")


@contextlib.contextmanager
def _strict(config: MkDocsConfig) -> Any:
    """Count MkDocs' warnings as a strict build does; any one fails the update."""
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(counter)
    try:
        yield
    except PluginError as error:
        raise UpdateFailed(f"网站没有生成：{error}") from None
    finally:
        logger.removeHandler(counter)
    if config.strict and counter.get_counts():
        raise UpdateFailed("网站没有生成：严格模式下，上面的每条警告都算错误。")
