"""Settings of the ``showcase/links`` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class LinksConfig(base.Config):
    """The check can be switched off for a quick local preview."""

    enabled = c.Type(bool, default=True)
