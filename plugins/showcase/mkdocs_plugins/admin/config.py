"""Settings of the ``showcase/admin`` plugin."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class AdminConfig(base.Config):
    """Where the form editor saves, and where its program was installed."""

    enabled = c.Type(bool, default=True)
    # The git host and repository: name (github, gitlab, gitea), repo, branch and, for a
    # self-hosted host, base_url and api_root; see showcase.editing.cms.Backend.
    backend = c.Type(dict, default={})
    # Decap's bundle, installed by `npm ci` in cms/ (make site), relative to mkdocs.yml.
    bundle_dir = c.Type(str, default="cms/node_modules/decap-cms/dist")
    # Decap's local backend (decap-server) at this address: for the browser tests only.
    # Refused unless SHOWCASE_CMS_LOCAL_BACKEND=1 is set as well, so that a published site
    # never has it, even when this line is copied into mkdocs.yml by mistake.
    local_backend = c.Optional(c.Type(str))
