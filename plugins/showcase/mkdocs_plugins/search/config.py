"""Settings of the ``showcase/search`` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class SearchConfig(base.Config):
    """The plugin can be switched off to compare with Material's own Chinese search."""

    enabled = c.Type(bool, default=True)
