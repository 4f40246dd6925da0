"""Check every link of the written site, ours and the theme's, after the build.

Generated pages' bodies are checked as they are rendered (site/linkcheck.py,
``GeneratedBodies``), in whichever process renders them: the pages written in forked workers
(site/parallel.py) pass through ``on_post_page`` there. Each process appends the pages it
found sound to a file of its own in a folder made for the build, and the check at the end
reads those lists and leaves such pages unread. A page no list names (rendered before this
plugin saw the site's files, copied from the build cache, written without MkDocs' page
events) is read back whole, as every page was before.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TextIO
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from showcase.mkdocs_plugins.links.config import LinksConfig
from showcase.site.linkcheck import GeneratedBodies, find_broken_links

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)


class LinksPlugin(BasePlugin[LinksConfig]):
    """Raises, and so fails the build, when any internal link or anchor points nowhere."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Start the build's state: no site files known, no page checked yet."""
        self._close_lists()
        self.bodies: GeneratedBodies | None = None
        self.lists: Path | None = None
        self._list: TextIO | None = None
        self._list_pid = 0
        return config

    # Last: every plugin has added or removed its files, and the inclusion levels are set;
    # before on_env, where the records plugin writes its pages in workers forked then.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        """Note every file the build will write, for the check of generated bodies."""
        if not self.config.enabled:
            return
        self.bodies = GeneratedBodies(
            [file.dest_uri for file in files if not file.inclusion.is_excluded()]
        )
        self.lists = Path(tempfile.mkdtemp(prefix="showcase-links-"))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Check a generated page's body where it was rendered; note the page if it is sound."""
        # Default priority: before the records plugin lets the body go (-100). No lists:
        # the build is over (the live preview's updates render pages and check no links).
        if (
            self.bodies is None
            or self.lists is None
            or page.file.generated_by is None
            or page.content is None
        ):
            return output
        if self.bodies.is_sound(page.file.dest_uri, page.content):
            self._checked_list().write(page.file.dest_uri + "\n")
        return output

    # Last: every plugin that writes HTML has done so by then (the offline plugin, also at
    # -100, may run after this; it writes only the search index script, which is not read).
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Read the written HTML that was not checked already and report every broken link."""
        if not self.config.enabled:
            return
        checked = self._read_lists()
        base_path = urlsplit(config.site_url or "").path or "/"
        broken = find_broken_links(Path(config.site_dir), base_path, checked=checked)
        log.debug("links: %d generated pages checked as they were rendered", len(checked))
        if broken:
            lines = "\n".join(str(link) for link in broken)
            raise PluginError(f"网站中有 {len(broken)} 个失效链接：\n{lines}")

    def on_build_error(self, *, error: Exception) -> None:
        """Remove the build's lists of checked pages."""
        self._read_lists()

    def _checked_list(self) -> TextIO:
        """This process's list of sound pages; a forked worker opens its own."""
        assert self.lists is not None
        if self._list is None or self._list_pid != os.getpid():
            # Line-buffered: a worker may be ended by its pool without closing anything.
            self._list = (self.lists / f"{os.getpid()}.txt").open(
                "a", encoding="utf-8", buffering=1
            )
            self._list_pid = os.getpid()
        return self._list

    def _close_lists(self) -> None:
        listed: TextIO | None = getattr(self, "_list", None)
        if listed is not None and self._list_pid == os.getpid():
            listed.close()
        self._list = None

    def _read_lists(self) -> set[str]:
        """The pages every process found sound; the folder of lists is removed."""
        self._close_lists()
        lists, self.lists = getattr(self, "lists", None), None
        if lists is None:
            return set()
        checked: set[str] = set()
        for path in sorted(lists.glob("*.txt")):
            checked.update(path.read_text(encoding="utf-8").splitlines())
        shutil.rmtree(lists, ignore_errors=True)
        return checked
