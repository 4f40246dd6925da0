"""Fail the build, with the same messages as ``showcase validate``, when the data is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from showcase.catalog import Catalog
from showcase.mkdocs_plugins.records.config import RecordsConfig
from showcase.validation import sorted_diagnostics, validate

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger(__name__)


class RecordsPlugin(BasePlugin[RecordsConfig]):
    """Loads the data once per build and keeps the catalog for the other plugins."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Validate the data; a build never publishes data that fails a check."""
        # State per build, not per process: `mkdocs serve` reuses this instance.
        self.catalog: Catalog | None = None
        if not self.config.enabled:
            return config
        root = Path(config.config_file_path).parent
        data_dir = root / self.config.data_dir
        if not data_dir.is_dir():
            raise PluginError(f"showcase/records: 找不到数据文件夹 {data_dir}（data_dir 设置）。")
        result = validate([data_dir], root)
        diagnostics = sorted_diagnostics(result)
        if diagnostics:
            lines = "\n".join(str(diagnostic) for diagnostic in diagnostics)
            raise PluginError(f"数据有 {len(diagnostics)} 个问题，网站没有生成：\n{lines}")
        self.catalog = result.catalog
        log.debug("loaded %d records from %s", len(result.catalog), data_dir)
        return config
