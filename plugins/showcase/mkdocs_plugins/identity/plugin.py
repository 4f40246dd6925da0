"""Put the organisation's identity on every page: emblem, favicon, colours, footer lines."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from showcase.mkdocs_plugins import docs_folder, load_in_head
from showcase.mkdocs_plugins.identity.config import IdentityConfig
from showcase.mkdocs_plugins.identity.nav_scripts import (
    FOOTER_GLOBAL,
    GLOBAL_NAME,
    HEADER_GLOBAL,
    NavScripts,
)
from showcase.mkdocs_plugins.records.plugin import RecordsPlugin
from showcase.site.compact import inline_markup_script, lighten_theme, page_script
from showcase.site.downloads import FEED_FILE, FEED_TITLE
from showcase.site.identity import (
    DEFAULT_EMBLEM_URI,
    MATERIAL_FAVICON_URI,
    FooterLink,
    Identity,
    colour_problem,
    default_emblem_svg,
    face_script,
    face_stylesheet,
    is_hex_colour,
)
from showcase.site.sharing import qr_code_svg, qr_figure, qr_file
from showcase.site.urls import page_url, record_src_uri, static_url

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

# The name templates read the identity by: config.extra.showcase_identity.
EXTRA_KEY = "showcase_identity"
# Templates that put the identity on the page (footer, logo, 404), found after the site's
# own custom_dir and before Material's: a site can still override each of them.
THEME_FOLDER = Path(__file__).parent / "theme"
# Material's search dialog with the theme's translations, rendered once per build
# (partials/search.html writes it on every page through a script).
SEARCH_DIALOG = (
    '{% import "partials/language.html" as lang with context %}'
    '{% include "partials/showcase-search-dialog.html" %}'
)
# Material's config JSON, rendered once per build into the head script (compact.page_script).
PAGE_CONFIG = (
    '{% import "partials/language.html" as lang with context %}'
    '{% include "partials/showcase-config.html" %}'
)
# The name templates read by: whether the head script writes the config and the helpers.
PAGE_SCRIPT_KEY = "showcase_page_script"
# Material's search worker, named in its base.html by the digest of its version.
SEARCH_WORKER = re.compile(r"assets/javascripts/workers/search\.[0-9a-f]+\.min\.js")


class IdentityPlugin(BasePlugin[IdentityConfig]):
    """Reads the identity from the plugin's options and hands it to the theme."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check the options; make the emblem the theme's logo and favicon."""
        # State per build, not per process: `mkdocs serve` reuses this instance.
        self.identity: Identity | None = None
        self.nav: Navigation | None = None
        self.nav_scripts = NavScripts()
        if not self.config.enabled:
            return config
        options = self.config
        problems = []
        primary_problem = colour_problem("showcase/identity.primary_color", options.primary_color)
        if primary_problem:
            problems.append(primary_problem)
        if not is_hex_colour(options.accent_color):
            problems.append(
                f"showcase/identity.accent_color：颜色“{options.accent_color}”不是 #RRGGBB 形式，请改写。"
            )
        docs = Path(config.docs_dir)
        for name in ("emblem", "favicon"):
            uri = options[name]
            if uri is not None and not (docs / uri).is_file():
                problems.append(
                    f"showcase/identity.{name}：找不到文件 {docs_folder(config)}/{uri}，"
                    "请把图片放进这个文件夹，或改正路径。"
                )
        if problems:
            raise PluginError("mkdocs.yml 的网站标识设置有问题：\n" + "\n".join(problems))
        emblem = options.emblem or DEFAULT_EMBLEM_URI
        self.identity = Identity(
            organization=options.organization or config.site_name,
            emblem_uri=emblem,
            favicon_uri=options.favicon or emblem,
            primary_color=options.primary_color.lower(),
            accent_color=options.accent_color.lower(),
            sponsor=options.sponsor,
            organizer=options.organizer,
            copyright=options.copyright,
            icp=FooterLink(options.icp, options.icp_link) if options.icp else None,
            police=FooterLink(options.police, options.police_link) if options.police else None,
            contact=options.contact,
        )
        config.theme["logo"] = self.identity.emblem_uri
        config.theme["favicon"] = self.identity.favicon_uri
        config.extra[EXTRA_KEY] = self.identity
        # The Atom feed of honours, announced in every page's <head> (showcase-meta.html).
        self.qr_pages: dict[str, tuple[str, str]] = {}
        if records_plugin(config) is not None:
            feed = config.site_url + FEED_FILE if config.site_url else None
            config.extra["showcase_feed"] = {
                "path": FEED_FILE,
                "absolute": feed,
                "title": FEED_TITLE,
            }
        theme_dirs = config.theme.dirs
        if str(THEME_FOLDER) not in theme_dirs:
            theme_dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_FOLDER))
        self.search_dialog = self._search_dialog_script(config)
        self.search_dialog_uri: str | None = None
        if self.search_dialog is not None:
            digest = hashlib.sha256(self.search_dialog.encode("utf-8")).hexdigest()[:8]
            self.search_dialog_uri = f"assets/javascripts/showcase-search-dialog.{digest}.js"
            config.extra["showcase_search_dialog"] = self.search_dialog_uri
        self.stylesheet = face_stylesheet(self.identity)
        digest = hashlib.sha256(self.stylesheet.encode("utf-8")).hexdigest()[:8]
        self.stylesheet_uri = f"assets/stylesheets/showcase-face.{digest}.css"
        # First of the extra stylesheets: the site's own may still override it.
        config.extra_css.insert(0, self.stylesheet_uri)
        self.script = face_script() + self._page_script(config)
        # In <head>, so that a remembered large-text choice applies before the page is drawn.
        self.script_uri = load_in_head(config, self.script, "showcase-face")
        return config

    @staticmethod
    def _search_dialog_script(config: MkDocsConfig) -> str | None:
        """The script that writes the search dialog, where Material's search is on."""
        if "material/search" not in config.plugins:
            return None
        env = config.theme.get_env()
        lighten_theme(env)
        features = config.theme.get("features") or []
        markup = env.from_string(SEARCH_DIALOG).render(config=config, features=features)
        return inline_markup_script(markup.strip())

    @staticmethod
    def _page_script(config: MkDocsConfig) -> str:
        """Material's config JSON and helpers, written by the head script (compact.page_script).

        Not where a site sets Material's ``extra.scope`` (the helpers' root is then not the
        site's) or where Material's base.html names no search worker this code knows.
        """
        config.extra[PAGE_SCRIPT_KEY] = False
        if config.extra.get("scope"):
            return ""
        env = config.theme.get_env()
        assert env.loader is not None
        worker = SEARCH_WORKER.search(env.loader.get_source(env, "base.html")[0])
        if worker is None:
            return ""
        lighten_theme(env)
        features = config.theme.get("features") or []
        config_json = env.from_string(PAGE_CONFIG).render(
            config=config, features=features, search_worker=worker.group()
        )
        config.extra[PAGE_SCRIPT_KEY] = True
        # The face script's address is assets/javascripts/…: two folders below the root.
        return page_script(config_json.strip(), depth=2)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the built-in emblem where none is configured; drop Material's favicon."""
        if self.identity is None:
            return files
        if not self.config.emblem:
            if files.get_file_from_path(DEFAULT_EMBLEM_URI) is not None:
                raise PluginError(
                    f"showcase/identity: {docs_folder(config)}/{DEFAULT_EMBLEM_URI} "
                    "与内置站徽同名，请改名，或在 mkdocs.yml 里用 emblem 指定它。"
                )
            files.append(File.generated(config, DEFAULT_EMBLEM_URI, content=default_emblem_svg()))
        generated = {self.stylesheet_uri: self.stylesheet, self.script_uri: self.script}
        if self.search_dialog is not None and self.search_dialog_uri is not None:
            generated[self.search_dialog_uri] = self.search_dialog
        for uri in generated:
            if files.get_file_from_path(uri) is not None:
                raise PluginError(
                    f"showcase/identity: {docs_folder(config)}/{uri} 与网站自带的文件同名，请改名或删除。"
                )
        for uri, content in generated.items():
            files.append(File.generated(config, uri, content=content))
        self._add_qr_codes(files, config)
        material_favicon = files.get_file_from_path(MATERIAL_FAVICON_URI)
        if material_favicon is not None and material_favicon.src_dir != config.docs_dir:
            files.remove(material_favicon)
        return files

    def _add_qr_codes(self, files: Files, config: MkDocsConfig) -> None:
        """A QR code for every record page, where the site's address is known."""
        records = records_plugin(config)
        catalog = records.catalog if records is not None else None
        if not config.site_url or catalog is None:
            return
        for record in catalog:
            src_uri = record_src_uri(record.kind, record.id)
            address = config.site_url + page_url(
                src_uri, use_directory_urls=config.use_directory_urls
            )
            path = qr_file(src_uri)
            files.append(File.generated(config, path, content=qr_code_svg(address)))
            self.qr_pages[src_uri] = (path, address)

    # First: every page, whichever plugin or process renders it, gets the lighter theme.
    @event_priority(100)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Compact the theme's templates, write its JSON in UTF-8 (showcase.site.compact).

        And render the scripts that write the sidebars, header and footer of the pages
        outside the navigation (nav_scripts.py), before any page is written.
        """
        if self.identity is not None:
            lighten_theme(env)
            if self.nav is not None:
                self.nav_scripts.render(env, config, files, self.nav)
            env.globals[GLOBAL_NAME] = self.nav_scripts.script_uri
            env.globals[HEADER_GLOBAL] = self.nav_scripts.header_uri
            env.globals[FOOTER_GLOBAL] = self.nav_scripts.footer_uri
        return env

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Keep the navigation: on_env renders the sidebar scripts from it."""
        self.nav = nav
        return nav

    # After showcase/records (50), which renders a generated page's content here.
    @event_priority(-10)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Add the QR code to a record page.

        The print line under every page is written by the face script (showcase-face.js).
        """
        if self.identity is None or page.content is None:
            return context
        qr = self.qr_pages.get(page.file.src_uri)
        if qr is not None:
            image = static_url(
                page.file.src_uri, qr[0], use_directory_urls=config.use_directory_urls
            )
            page.content += str(qr_figure(image, qr[1]))
        return context


def records_plugin(config: MkDocsConfig) -> RecordsPlugin | None:
    """The showcase/records plugin of this build, found by its type as showcase/search does."""
    return next((p for p in config.plugins.values() if isinstance(p, RecordsPlugin)), None)
