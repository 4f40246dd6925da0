"""Thin MkDocs adapters over the core; the only modules that import MkDocs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


def docs_folder(config: MkDocsConfig) -> str:
    """The docs folder as editors know it, relative to mkdocs.yml: ``content``."""
    root = Path(config.config_file_path).parent
    return Path(os.path.relpath(config.docs_dir, root)).as_posix()
