"""Put the form editor (Decap CMS) at /admin/, configured from the schema."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from showcase.editing.cms import (
    ADMIN_SCRIPT,
    Backend,
    CmsConfigError,
    CmsSettings,
    admin_page,
    bundle_files,
    cms_config_yaml,
)
from showcase.mkdocs_plugins.admin.config import AdminConfig

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = get_plugin_logger(__name__)

ADMIN_FOLDER = "admin"
LOCAL_BACKEND_SWITCH = "SHOWCASE_CMS_LOCAL_BACKEND"
# The offline archive has no form editor: nobody edits a copy on a USB stick.
OFFLINE = "material/offline"
RECORDS = "showcase/records"


class AdminPlugin(BasePlugin[AdminConfig]):
    """Adds admin/index.html, admin/config.yml and Decap's bundle as static files."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check the settings now, so that a wrong backend stops the build before it starts."""
        # State per build, not per process: `mkdocs serve` reuses this instance.
        self.settings: CmsSettings | None = None
        self.bundle: list[Path] = []
        offline = config.plugins.get(OFFLINE)
        if not self.config.enabled or (offline is not None and offline.config.enabled):
            return config
        local = self.config.local_backend
        if local is not None and os.environ.get(LOCAL_BACKEND_SWITCH) != "1":
            raise PluginError(
                "showcase/admin：local_backend 只用于测试（它让表单编辑器直接写本机的仓库），"
                "发布的网站不能打开。请从 mkdocs.yml 中删除 local_backend。"
            )
        root = Path(config.config_file_path).parent
        try:
            backend = Backend.from_settings(self.config.backend)
            self.bundle = bundle_files(root / self.config.bundle_dir)
        except CmsConfigError as error:
            raise PluginError(str(error)) from None
        records = config.plugins.get(RECORDS)
        data_dir = records.config.data_dir if records is not None else "data"
        self.settings = CmsSettings(
            backend=backend,
            site_url=config.site_url or None,
            local_backend_url=local,
            data_dir=Path(data_dir).as_posix().strip("/"),
        )
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the page, its configuration and the bundle; none of them is a page to index."""
        if self.settings is None:
            return files
        dist = self.bundle[0].parent
        version = json.loads((dist.parent / "package.json").read_text("utf-8"))["version"]
        generated = {
            "index.html": admin_page(title=f"{config.site_name} · 编辑", version=version),
            "config.yml": cms_config_yaml(self.settings),
            "showcase-admin.js": ADMIN_SCRIPT,
        }
        for name, content in generated.items():
            self._add(files, File.generated(config, f"{ADMIN_FOLDER}/{name}", content=content))
        for path in self.bundle:
            uri = f"{ADMIN_FOLDER}/{path.name}"
            self._add(files, File.generated(config, uri, abs_src_path=str(path)))
        return files

    @staticmethod
    def _add(files: Files, file: File) -> None:
        if files.get_file_from_path(file.src_uri) is not None:
            raise PluginError(
                f"content/{file.src_uri} 与表单编辑器生成的文件同名。请把它移到别处，"
                f"/{ADMIN_FOLDER}/ 留给表单编辑器。"
            )
        files.append(file)
