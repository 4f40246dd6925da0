"""Check every link of the written site, ours and the theme's, after the build."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from showcase.mkdocs_plugins.links.config import LinksConfig
from showcase.site.linkcheck import find_broken_links

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class LinksPlugin(BasePlugin[LinksConfig]):
    """Raises, and so fails the build, when any internal link or anchor points nowhere."""

    # Last: every plugin that writes HTML has done so by then (the offline plugin, also at
    # -100, may run after this; it writes only the search index script, which is not read).
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Read the written HTML and report every broken link at once."""
        if not self.config.enabled:
            return
        base_path = urlsplit(config.site_url or "").path or "/"
        broken = find_broken_links(Path(config.site_dir), base_path)
        if broken:
            lines = "\n".join(str(link) for link in broken)
            raise PluginError(f"网站中有 {len(broken)} 个失效链接：\n{lines}")
