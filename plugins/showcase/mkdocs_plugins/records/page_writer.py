"""Write the generated pages outside MkDocs' page loop, in parallel, from a build cache.

MkDocs renders pages one after another in one process. Once every page is read (``on_env``,
the last event before pages are written), the generated pages that nothing in the main
process needs to see rendered are written here instead, in forked workers
(site/parallel.py); then they are marked so that MkDocs' loop passes over them.

A page qualifies when it is generated, outside the navigation, and kept out of Material's
search (showcase/search indexes it from the data): Material's search plugin collects a page's
text as it is rendered, and what a worker collects stays in the worker. A listing page that
Material indexes is therefore still written by MkDocs.

Each page's body is rendered from the data first; with the site's key (site/build_cache.py)
it gives the page's fingerprint. A page whose fingerprint is in the cache is copied from it;
any other is written with the page's events as in MkDocs' own page writer, from a shell of
the theme rendered once per kind of page (page_shell.py) or, where none fits, through the
template, and kept.

For a live preview that rewrites some pages (w17-serve): call :meth:`PageWriter.write`
with the src_uris to rewrite as ``generated``, the build's ``files``, ``nav``, theme ``env``
and ``config`` as ``on_env`` has them, ``workers=1`` (the server runs threads: no fork),
``render_body`` from the current catalog, an empty dict as ``bodies`` and ``cache=None``.

What still sees these pages:
- hand-written pages' links to them: MkDocs checked those while reading, before ``on_env``;
- the sitemap: :meth:`PageWriter.all_pages` hands the static templates the full list again;
- showcase/search, the link check and the archive: they read the catalog or the written site.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs import utils
from mkdocs.commands.build import _build_page
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.nav import Section

import showcase
from showcase.mkdocs_plugins.records.page_shell import ShellWriter
from showcase.mkdocs_plugins.records.shared_blocks import THEME_FOLDER
from showcase.mkdocs_plugins.records.shell_templates import unknown_uses
from showcase.site.build_cache import PageCache, site_key, tree_digest, write_if_changed
from showcase.site.parallel import render_pages

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, MutableMapping

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

MATERIAL_SEARCH = "material/search"
# The logger tree whose records a worker hands back: MkDocs', with every plugin's under it.
LOGGER = "mkdocs"
# What a page's file depends on besides our code and the site's own files.
DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "jinja2", "markdown", "markupsafe", "properdocs")


class PageWriter:
    """The generated pages written outside MkDocs' loop in one build, and the list of all."""

    def __init__(self) -> None:
        self.written: list[File] = []
        self.fingerprints: list[str] = []
        self.from_cache = 0
        self.workers = 0
        # Pages written from a page shell in this process (workers count their own).
        self.from_shell = 0
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
        render_body: Callable[[str], str],
        bodies: MutableMapping[str, str],
        cache: PageCache | None,
        page_shell: bool = True,
        while_waiting: Callable[[], None] | None = None,
    ) -> int:
        """Write the pages of ``generated`` (src_uris) that qualify; how many were written.

        ``render_body`` renders a page's body from the data; a body put in ``bodies`` is the
        one the page's ``on_page_context`` takes instead of rendering it again. With
        ``page_shell``, pages are written from a shell of the theme per kind of page
        (page_shell.py); without, each through MkDocs' own ``_build_page``.
        ``while_waiting`` runs in this process while the workers render (site/parallel.py).
        """
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
        shells = (
            ShellWriter(config, doc_files, nav, env)
            if page_shell and _theme_known_to_shell(config, env)
            else None
        )

        def build_page(page: Page) -> bytes | None:
            """Write the page; the bytes written, when known without reading the file back."""
            if shells is not None:
                return shells.build_page(page)
            # MkDocs writes into an existing file, which may be a page the cache keeps.
            Path(page.file.abs_dest_path).unlink(missing_ok=True)
            _build_page(page, config, doc_files, nav, env)
            return None

        def write_one(src_uri: str) -> str:
            file = by_uri[src_uri]
            page = file.page
            assert page is not None
            body = render_body(src_uri)
            if cache is None:
                bodies[src_uri] = body
                build_page(page)
                return ""
            fingerprint = cache.fingerprint(src_uri, _head(page), body)
            cached = cache.get(fingerprint)
            if cached is not None:
                write_if_changed(Path(file.abs_dest_path), cached)
                return f"={fingerprint}"
            bodies[src_uri] = body
            # The page's events, template and file as in MkDocs' loop.
            written = build_page(page)
            destination = file.abs_dest_path
            cache.keep(
                fingerprint,
                destination,
                written if written is not None else Path(destination).read_bytes(),
            )
            return fingerprint

        self.workers = workers
        results = render_pages(
            list(by_uri),
            write_one,
            workers=workers,
            logger_name=LOGGER,
            while_waiting=while_waiting,
        )
        self.fingerprints = [result.lstrip("=") for result in results if result]
        self.from_cache = sum(1 for result in results if result.startswith("="))
        self.from_shell = shells.from_shell if shells is not None else 0
        self._all_pages = list(doc_files)
        for file in chosen:
            # Excluded pages are left out of MkDocs' loop; in `mkdocs build` nothing else
            # reads the inclusion once the pages are read (serve never comes here).
            file.inclusion = InclusionLevel.EXCLUDED
        self.written = chosen
        return len(results)

    def all_pages(self) -> list[File] | None:
        """Every page of the site, those written here included; None when none was."""
        return self._all_pages


def build_cache(config: MkDocsConfig, folder: Path, nav: Navigation) -> PageCache:
    """The page cache in ``folder``, keyed by everything site-wide that a page may show."""
    theme_dirs = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
    templates_show_date = any(
        "build_date_utc" in path.read_text(encoding="utf-8", errors="replace")
        for folder_ in [*theme_dirs, THEME_FOLDER]
        for path in folder_.rglob("*.html")
    )
    parts: dict[str, Any] = {
        "versions": {name: _version(name) for name in DISTRIBUTIONS},
        "code": tree_digest([Path(showcase.__file__).parent]),
        "theme": tree_digest(theme_dirs),
        "assets": tree_digest([Path(config.docs_dir)], skip_suffixes=(".md",)),
        "mkdocs.yml": hashlib.sha256(Path(config.config_file_path).read_bytes()).hexdigest(),
        "site_url": config.site_url,
        "use_directory_urls": config.use_directory_urls,
        "extra": config.extra,
        "extra_css": [str(item) for item in config.extra_css],
        "extra_javascript": [str(item) for item in config.extra_javascript],
        # Settings as the build holds them, which may differ from mkdocs.yml's text (a
        # command-line option, a test): every value of every plugin, the theme, Markdown.
        "plugins": sorted(
            (name, _enabled(plugin), _settings(plugin)) for name, plugin in config.plugins.items()
        ),
        "theme_settings": sorted((key, repr(value)) for key, value in config.theme.items()),
        "markdown": [repr(config.markdown_extensions), repr(config.mdx_configs)],
        # ProperDocs builds from the same mkdocs.yml with its own templates' output.
        "engine": "properdocs" if "properdocs" in sys.modules else "mkdocs",
        "nav": _nav_outline(nav.items),
        # Only a theme that prints the build date makes every page depend on it.
        "build_date": utils.get_build_datetime().isoformat() if templates_show_date else None,
    }
    return PageCache(folder, site_key(parts))


def _nav_outline(items: list[Any]) -> list[Any]:
    return [
        [item.title, _nav_outline(item.children)]
        if isinstance(item, Section)
        else [item.title, getattr(item, "url", None)]
        for item in items
    ]


def _version(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def _head(page: Page) -> dict[str, Any]:
    return {"title": page.title, "url": page.url, "meta": page.meta}


def _enabled(plugin: object) -> bool:
    """Whether a plugin is on; hooks (modules listed under ``hooks:``) have no settings."""
    settings: Any = getattr(plugin, "config", None)
    return bool(settings.get("enabled", True)) if isinstance(settings, Mapping) else True


# Settings that change how a build works, never what a page holds.
_SETTINGS_NOT_SHOWN = frozenset({"workers", "build_cache_dir"})


def _settings(plugin: object) -> list[tuple[str, str]]:
    """A plugin's settings, for the cache key; hooks have none."""
    settings: Any = getattr(plugin, "config", None)
    if not isinstance(settings, Mapping):
        return []
    return sorted(
        (str(key), repr(value)) for key, value in settings.items() if key not in _SETTINGS_NOT_SHOWN
    )


def _theme_known_to_shell(config: MkDocsConfig, env: Environment) -> bool:
    """Whether the site's own templates use a page's values only as the shell knows."""
    if not config.theme.custom_dir:
        return True
    unknown = unknown_uses(env, Path(config.theme.custom_dir))
    if unknown:
        log.debug("no page shell: the site's templates use page values at %s", unknown[:5])
    return not unknown


def _theme_search_enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get(MATERIAL_SEARCH)
    return plugin is not None and _enabled(plugin)


def _kept_out_of_theme_search(file: File) -> bool:
    assert file.page is not None
    search = file.page.meta.get("search")
    return isinstance(search, dict) and search.get("exclude") is True
