"""Thin MkDocs adapters over the core; the only modules that import MkDocs."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def docs_folder(config: MkDocsConfig) -> str:
    """The docs folder as editors know it, relative to mkdocs.yml: ``content``."""
    root = Path(config.config_file_path).parent
    return Path(os.path.relpath(config.docs_dir, root)).as_posix()


def load_in_head(config: MkDocsConfig, script: str, name: str) -> str:
    """Give script a fingerprinted address and load it in <head>; return the address.

    Material's base.html loads ``extra.polyfills`` in <head>; ``extra_javascript`` comes
    after the bundle, too late for what must run before the page is drawn or before the
    bundle hands its worker the index. The plugin still adds the file itself in on_files.
    """
    digest = hashlib.sha256(script.encode("utf-8")).hexdigest()[:8]
    uri = f"assets/javascripts/{name}.{digest}.js"
    polyfills = list(config.extra.get("polyfills") or [])
    if uri not in polyfills:
        polyfills.append(uri)
    config.extra["polyfills"] = polyfills
    return uri
