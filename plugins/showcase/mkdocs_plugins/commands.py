"""Run MkDocs builds for ``showcase build`` and ``showcase archive``.

A build goes into a new folder beside the site and takes the site's place only when MkDocs
and every plugin (the link check last) have passed; ``SOURCE_DATE_EPOCH`` comes from the
commit. The archive turns Material's offline plugin on and serves the iframe-worker shim
from the site itself. The zip and the swap are :mod:`showcase.site.archive`'s.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from material.plugins.offline.plugin import OfflinePlugin
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from showcase.mkdocs_plugins.live import LiveSite, UpdateFailed, keep_search_terms
from showcase.mkdocs_plugins.records.plugin import RecordsPlugin
from showcase.records.diagnostics import safe_lines
from showcase.records.errors import ShowcaseError
from showcase.records.validation import collector_paused
from showcase.site.archive import (
    ArchiveError,
    ArchiveInfo,
    SourceStamp,
    archive_folder_name,
    ascii_slug,
    offline_readme,
    scratch_folder,
    staging_folder,
    write_archive,
)
from showcase.site.build_cache import write_new
from showcase.site.preview import (
    Synced,
    changed_paths,
    snapshot,
    start_server,
    sync_files,
    sync_folder,
)

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

OFFLINE = "material/offline"
SHIM = "showcase/iframe-worker-shim"
SHIM_ASSET = "iframe-worker-shim.js"
SHIM_URI = f"assets/javascripts/{SHIM_ASSET}"
DEFAULT_ARCHIVE_NAME = "showcase"
# MkDocs 1.6 and Material print a banner about MkDocs 2.0 on every run; it is noise here.
_QUIET = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

_LEVELS = {
    logging.DEBUG: "调试",
    logging.INFO: "信息",
    logging.WARNING: "警告",
    logging.ERROR: "错误",
    logging.CRITICAL: "错误",
}


class BuildFailed(ShowcaseError):
    """The build stopped. MkDocs has logged why; the message says what was left untouched."""


@dataclass(frozen=True)
class BuiltSite:
    """A finished build."""

    site_dir: Path
    site_name: str
    file_count: int


def build_site(
    config_file: Path,
    site_dir: Path | None,
    *,
    stamp: SourceStamp,
    verbose: bool = False,
    site_url: str | None = None,
    workers: int | None = None,
) -> BuiltSite:
    """Build the site of config_file strictly into site_dir (default: its ``site_dir``).

    ``site_url``, when given, replaces mkdocs.yml's: the address the site is published at,
    which a deployment knows and the repository may not (QR codes, sitemap, feed links).
    ``workers``, when given, replaces showcase/records' ``workers``: the processes that write
    the generated pages. The old site stays exactly as it was unless the whole build passes.
    """
    kept = "原来的网站文件夹没有任何改动。"
    with _build_environment(stamp, verbose=verbose, kept=kept):
        config = _load(config_file, offline=False, site_url=site_url)
        _set_workers(config, workers)
        target = (site_dir or Path(config.site_dir)).absolute()
        with staging_folder(target) as staging:
            config.site_dir = str(staging)
            _run(config)
        # Counted, not listed as for an archive: the new site is in place by now, and a
        # name the archive would refuse must not turn a finished build into a failure.
        file_count = sum(len(files) for _, _, files in os.walk(target))
        return BuiltSite(target, config.site_name, file_count)


# What `showcase serve` watches, relative to mkdocs.yml (with the docs and theme folders).
WATCHED = ("data", "mkdocs.yml")


def serve_site(
    config_file: Path,
    site_dir: Path | None,
    *,
    host: str,
    port: int,
    stamp: Callable[[], SourceStamp],
    report: Callable[[str], None],
    stop: threading.Event,
    workers: int | None = None,
    poll_seconds: float = 0.3,
) -> None:
    """Build the site into site_dir, serve it, and bring it up to date after every change.

    The first build is a whole strict build beside the preview, copied in. Its state stays
    in this process (mkdocs_plugins/live.py): after a change to the data only, the pages
    the change touches are rendered again, with the search index, the open-data files and
    the sitemap. Any other change (mkdocs.yml, the theme, content/, a new revision), or one
    the live site cannot follow, builds everything again from the build cache. Either way
    only files whose bytes changed are written into site_dir. A build that fails leaves the
    preview as it was and says why. Runs until ``stop`` is set. ``site_dir`` defaults to
    mkdocs.yml's.
    """
    config_file = config_file.absolute()
    root = config_file.parent
    site_dir = (site_dir or Path(load_config(str(config_file)).site_dir)).absolute()
    site_dir.mkdir(parents=True, exist_ok=True)
    with scratch_folder(site_dir.parent) as scratch:
        build_dir = scratch / "site"
        watched = _watched_paths(config_file, root)
        seen = snapshot(watched)
        started = time.monotonic()
        preview = LivePreview(config_file, build_dir, site_dir, report, workers)
        synced = preview.rebuild(stamp())
        server = start_server(site_dir, host, port)
        try:
            address = f"http://{host}:{server.server_address[1]}/"
            if synced is not None:
                report(
                    f"预览已就绪：{address}（{time.monotonic() - started:.1f} 秒）。"
                    "修改数据或页面后会自动更新，按 Ctrl+C 结束。"
                )
            else:
                report(f"预览地址：{address}。数据有误，请按上面的提示修改，保存后会自动重试。")
            while not stop.wait(poll_seconds):
                now = snapshot(watched)
                if now == seen:
                    continue
                changed = changed_paths(seen, now)
                seen = now
                started = time.monotonic()
                synced, how = preview.update(stamp(), changed)
                if synced is not None:
                    report(
                        f"已更新：写入 {synced.pages_written} 个页面（共 {len(synced.written)} "
                        f"个文件，删除 {len(synced.removed)} 个），"
                        f"用时 {time.monotonic() - started:.1f} 秒。{how}"
                    )
                watched = _watched_paths(config_file, root)
        finally:
            server.shutdown()
            server.server_close()


class LivePreview:
    """The preview's builds: whole ones, and updates of the live site kept from the last."""

    KEPT = "预览保持上一次的内容。"

    def __init__(
        self,
        config_file: Path,
        build_dir: Path,
        site_dir: Path,
        report: Callable[[str], None],
        workers: int | None,
    ) -> None:
        self.config_file = config_file
        self.build_dir = build_dir
        self.site_dir = site_dir
        self.report = report
        self.workers = workers
        self.live: LiveSite | None = None
        self.shown_early: list[str] = []  # the files the last update copied in first
        self.before_early: dict[str, bytes | None] = {}  # their bytes before (None: absent)
        self.stamp: SourceStamp | None = None

    def update(self, stamp: SourceStamp, changed: list[str]) -> tuple[Synced | None, str]:
        """Follow ``changed``: only what it touches if the live site can, else a whole build."""
        live = self.live
        if live is None or stamp != self.stamp or not live.follows(changed):
            return self.rebuild(stamp), "（完整重建）"
        failed: UpdateFailed | None = None
        self.shown_early, self.before_early = [], {}
        try:
            # The collector paused: the kept site is out of its reach (_keep_from_collector),
            # and what the update makes is collected once, when it is done.
            with _build_environment(stamp, verbose=False, kept=self.KEPT), collector_paused():
                try:
                    update = live.update(changed, early=self._show_early)
                except UpdateFailed as error:
                    failed = error
        except (BuildFailed, ShowcaseError) as error:
            self._take_back_early()
            self.report(str(error))
            return None, ""
        if failed is not None:
            self._take_back_early()
            self.report(f"{failed}{self.KEPT}")
            return None, ""
        if update is None:
            return self.rebuild(stamp), "（这次改动需要完整重建）"
        synced = sync_files(
            self.build_dir,
            self.site_dir,
            update.written,
            update.removed,
            folders=() if update.search_listed else ("search",),
        )
        synced = Synced(sorted({*self.shown_early, *synced.written}), synced.removed)
        _keep_from_collector()
        return synced, (
            f"（只更新受影响的部分：{update.records_changed} 条记录有改动，"
            f"重新生成 {update.pages_rendered} 个页面）"
        )

    def _show_early(self, written: list[str]) -> None:
        """Copy the record pages an update renders first into the preview: the page being
        edited shows the edit before the downloads and the search index are done, and
        before the checks across files, which may still refuse the edit."""
        self.before_early = {
            name: path.read_bytes() if path.is_file() else None
            for name in written
            for path in [self.site_dir / name]
        }
        self.shown_early = sync_files(
            self.build_dir, self.site_dir, written, [], folders=()
        ).written

    def _take_back_early(self) -> None:
        """Put the pages shown early back as they were: the update failed after all."""
        for name in self.shown_early:
            path = self.site_dir / name
            content = self.before_early.get(name)
            if content is None:
                path.unlink(missing_ok=True)
            else:
                write_new(path, content)
        self.shown_early, self.before_early = [], {}

    def rebuild(self, stamp: SourceStamp) -> Synced | None:
        """One whole strict build into the build folder, then the preview brought up to date."""
        self.live = None
        # The site kept from the last build may go now: given back to the collector.
        gc.unfreeze()
        try:
            with _build_environment(stamp, verbose=False, kept=self.KEPT):
                config = _load(self.config_file, offline=False)
                _set_workers(config, self.workers)
                config.site_dir = str(self.build_dir)
                keep_search_terms(config)
                _run(config)
                self.live = LiveSite.from_config(config)
                self.stamp = stamp
            _keep_from_collector()
        except (BuildFailed, ShowcaseError) as error:
            self.report(str(error))
            return None
        return sync_folder(self.build_dir, self.site_dir)


def _keep_from_collector() -> None:
    """Take every object alive now, the live site kept for the next update, out of the
    reach of Python's cycle collector (``gc.freeze``).

    At 100,000 records that site is millions of objects, and each of the collector's
    passes over the oldest generation during an update walked them all again: at 30,000
    records, 5 to 8 s of an update's 20. What the last update made is collected first,
    so that its cycles of garbage are not kept with it; the kept site's own cycles, once
    an update replaces it, wait for the next whole build, which gives everything back.
    """
    gc.collect()
    gc.freeze()


def _watched_paths(config_file: Path, root: Path) -> list[Path]:
    paths = [root / name for name in WATCHED]
    with contextlib.suppress(MkDocsException, OSError):
        config = load_config(str(config_file))
        paths.append(Path(config.docs_dir))
        if config.theme.custom_dir:
            paths.append(Path(config.theme.custom_dir))
    return paths


def _set_workers(config: MkDocsConfig, workers: int | None) -> None:
    if workers is None:
        return
    for plugin in config.plugins.values():
        if isinstance(plugin, RecordsPlugin):
            plugin.config.workers = workers


def build_archive(
    config_file: Path,
    output_dir: Path,
    *,
    stamp: SourceStamp,
    name: str | None = None,
    verbose: bool = False,
) -> ArchiveInfo:
    """Build the offline site of config_file and write it as a zip into output_dir.

    The name is ``<name>-<YYYYMMDD>-<revision>.zip``; name defaults to the ASCII letters of
    the site name, or ``showcase``. An older zip of that name is replaced only by a whole one.
    """
    kept = f"{output_dir} 里原有的压缩包没有任何改动。"
    output_dir = output_dir.absolute()
    with (
        _build_environment(stamp, verbose=verbose, kept=kept),
        scratch_folder(output_dir) as scratch,
    ):
        config = _load(config_file, offline=True)
        top_folder = archive_folder_name(
            name or ascii_slug(config.site_name) or DEFAULT_ARCHIVE_NAME, stamp
        )
        site = scratch / top_folder
        config.site_dir = str(site)
        _run(config)
        readme = offline_readme(
            site_name=config.site_name,
            top_folder=top_folder,
            revision=stamp.revision_label,
            build_date=stamp.build_date,
        )
        return write_archive(
            site,
            output_dir / f"{top_folder}.zip",
            top_folder=top_folder,
            revision=stamp.revision_label,
            build_date=stamp.build_date,
            readme_text=readme,
        )


def _load(config_file: Path, *, offline: bool, site_url: str | None = None) -> MkDocsConfig:
    """Load mkdocs.yml strictly, with the offline plugin switched on if asked, and the shim."""
    # Passed to load_config rather than set afterwards, so that MkDocs checks the address.
    overrides = {"site_url": site_url} if site_url else {}
    config: MkDocsConfig = load_config(str(config_file), strict=True, **overrides)
    if offline:
        plugin = config.plugins.get(OFFLINE)
        if plugin is None:
            plugin = OfflinePlugin()
            plugin.load_config({})
            config.plugins[OFFLINE] = plugin
        plugin.config.enabled = True
    # Registered on every build: it does nothing unless the offline plugin is on, which a
    # mkdocs.yml may also do by itself.
    config.plugins[SHIM] = IframeWorkerShimPlugin()
    return config


def _run(config: MkDocsConfig) -> None:
    """Run the build as ``mkdocs build`` does, with the plugins' startup and shutdown."""
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


class IframeWorkerShimPlugin(BasePlugin):  # type: ignore[type-arg]
    """Serves the iframe-worker shim from the offline site, so that none loads from unpkg.com.

    Browsers refuse web workers on file:// pages; Material's search runs its worker through
    this shim there. Its offline plugin adds the shim from unpkg.com unless a polyfill
    named iframe-worker is already listed: ours, vendored in ``showcase/assets``.
    """

    # Early: before Material's offline plugin (0) looks for an iframe-worker polyfill.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """List the vendored shim first among the polyfills when the offline plugin is on."""
        offline = config.plugins.get(OFFLINE)
        self.active = offline is not None and bool(offline.config.enabled)
        if not self.active:
            return config
        polyfills = list(config.extra.get("polyfills") or [])
        if SHIM_URI not in polyfills:
            # First: it replaces window.Worker, which the others may wrap.
            polyfills.insert(0, SHIM_URI)
        config.extra["polyfills"] = polyfills
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Add the shim; refuse any polyfill that the offline site would fetch from elsewhere."""
        if not self.active:
            return files
        remote = [
            str(url)
            for url in config.extra.get("polyfills") or []
            if urlsplit(str(url)).scheme or str(url).startswith("//")
        ]
        if remote:
            raise PluginError(
                "离线版不能从其他网站加载脚本，请从 extra.polyfills 中去掉：" + "、".join(remote)
            )
        if files.get_file_from_path(SHIM_URI) is not None:
            raise PluginError(
                f"content/{SHIM_URI} 与离线版的 iframe-worker 脚本同名，请改名或删除。"
            )
        shim = resources.files("showcase.site").joinpath("assets", SHIM_ASSET).read_text("utf-8")
        files.append(File.generated(config, SHIM_URI, content=shim))
        return files


class _ChineseLevels(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        # Messages quote file names and page text: each line is made safe to print.
        message = safe_lines(record.getMessage())
        return f"{_LEVELS.get(record.levelno, record.levelname)}：{message}"


def _why_stopped(message: str) -> str:
    """MkDocs' last words in Chinese: the errors themselves are already logged above them."""
    if "strict" in message:
        return "网站没有生成：严格模式下，上面的每条警告都算错误。"
    if "onfiguration" in message:
        return "网站没有生成：MkDocs 配置文件有误，见上面的说明。"
    if "BuildError" in message:
        return "网站没有生成：原因见上面的错误。"
    return f"网站没有生成：{message}。"


@contextlib.contextmanager
def _build_environment(stamp: SourceStamp, *, verbose: bool, kept: str) -> Iterator[None]:
    """The date, the quiet banners and the logging of one build; failures as BuildFailed."""
    saved = {name: os.environ.get(name) for name in (*_QUIET, "SOURCE_DATE_EPOCH")}
    os.environ.update(_QUIET, SOURCE_DATE_EPOCH=str(stamp.epoch))
    mkdocs_logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_ChineseLevels())
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    saved_level = mkdocs_logger.level
    if verbose:
        mkdocs_logger.setLevel(logging.DEBUG)
    elif mkdocs_logger.getEffectiveLevel() > logging.WARNING:
        # Strict mode counts warnings: they have to be emitted to be counted.
        mkdocs_logger.setLevel(logging.WARNING)
    mkdocs_logger.addHandler(handler)
    # jieba, which Material's search uses for Chinese, prints its dictionary loading.
    jieba_logger = logging.getLogger("jieba")
    saved_jieba_level = jieba_logger.level
    if not verbose:
        import jieba

        jieba.setLogLevel(logging.WARNING)
    try:
        yield
    except MkDocsException as error:
        # MkDocs has logged the errors themselves; its Abort says only that it stopped.
        raise BuildFailed(f"{_why_stopped(error.format_message())}{kept}") from None
    except ArchiveError as error:
        raise BuildFailed(f"{error}{kept}") from None
    except OSError as error:
        raise BuildFailed(f"读写文件出错：{error}。{kept}") from None
    except Exception as error:
        if verbose:
            traceback.print_exc()
        raise BuildFailed(
            f"生成网站时程序出错（{type(error).__name__}: {error}）。这不是数据的问题，"
            f"请把这段信息交给维护人员；加 --verbose 可看到详细的出错位置。{kept}"
        ) from None
    finally:
        mkdocs_logger.removeHandler(handler)
        mkdocs_logger.setLevel(saved_level)
        jieba_logger.setLevel(saved_jieba_level)
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
