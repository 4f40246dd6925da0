"""Settings of the ``showcase/records`` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class RecordsConfig(base.Config):
    """Where the data lives; the plugin can be switched off for a pages-only preview."""

    enabled = c.Type(bool, default=True)
    # Folder of YAML data files, relative to mkdocs.yml.
    data_dir = c.Type(str, default="data")
    # Records per listing page: small enough for a phone, large enough to scan.
    page_size = c.Type(int, default=50)
    # Render the theme's navigation, footer and script blocks once per folder of generated
    # pages outside the nav (see shared_blocks.py); off renders them for every page.
    share_theme_blocks = c.Type(bool, default=True)
    # Write generated pages outside the nav from a shell of the theme rendered once per kind
    # of page, and read generated pages without a Markdown instance each (page_shell.py);
    # off renders the theme's template and MkDocs' Markdown for every page, as before.
    page_shell = c.Type(bool, default=True)
    # Processed photos, kept between builds (showcase.site.photos), relative to mkdocs.yml.
    photo_cache_dir = c.Type(str, default=".cache/showcase-photos")
    # Processes that write the generated pages outside the navigation: 0 takes one per
    # processor this build may use; 1 writes them in the build's own process. The output is
    # the same whatever the number (showcase/site/parallel.py).
    workers = c.Type(int, default=0)
    # Written generated pages kept between builds by a fingerprint of what they show, relative
    # to mkdocs.yml (showcase/site/build_cache.py); an empty value turns the cache off.
    build_cache_dir = c.Type(str, default=".cache/showcase-build")
