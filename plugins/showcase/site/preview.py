"""The parts of ``showcase serve`` that know nothing of MkDocs: watch, copy over, serve.

The preview is a folder that a plain HTTP server serves. After a change the site is built
again beside it (from the build cache, so unchanged pages are copied rather than rendered)
and :func:`sync_folder` brings the preview folder up to date: a file is written only when its
bytes differ, and removed when the new build has no such file. Every other file keeps its
bytes and its modification time.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from showcase.site.build_cache import write_if_changed

Snapshot = dict[str, tuple[int, int]]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Every file under ``paths`` (files or folders) with its modification time and size."""
    seen: Snapshot = {}
    for path in paths:
        for file in [path] if path.is_file() else _files_under(path):
            with contextlib.suppress(OSError):
                stat = file.stat()
                seen[str(file)] = (stat.st_mtime_ns, stat.st_size)
    return seen


def _files_under(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for directory, _, names in os.walk(folder):
        for name in names:
            yield Path(directory, name)


def changed_paths(before: Snapshot, after: Snapshot) -> list[str]:
    """The files added, removed or changed between two snapshots, sorted."""
    return sorted(
        path for path in before.keys() | after.keys() if before.get(path) != after.get(path)
    )


@dataclass(frozen=True)
class Synced:
    """What :func:`sync_folder` did: the files written and removed, relative to the target."""

    written: list[str]
    removed: list[str]

    @property
    def pages_written(self) -> int:
        """The HTML pages among the files written."""
        return sum(1 for name in self.written if name.endswith(".html"))


def sync_folder(source: Path, target: Path) -> Synced:
    """Make ``target`` hold exactly the files of ``source``, touching only those that differ."""
    new = {path.relative_to(source).as_posix() for path in _files_under(source)}
    old = {path.relative_to(target).as_posix() for path in _files_under(target)}
    written = [
        name
        for name in sorted(new)
        if write_if_changed(target / name, (source / name).read_bytes())
    ]
    removed = sorted(old - new)
    for name in removed:
        with contextlib.suppress(OSError):
            (target / name).unlink()
    return Synced(written, removed)


def sync_files(
    source: Path, target: Path, names: Iterable[str], removed: Iterable[str], folders: Iterable[str]
) -> Synced:
    """Bring the files ``names`` and the ``folders`` of ``target`` up to date from ``source``.

    A file is written only when its bytes differ; ``removed``, and a file of one of
    ``folders`` that ``source`` no longer has, are removed, with the folders left empty.
    """
    candidates = set(names)
    for folder in folders:
        candidates.update(
            path.relative_to(target).as_posix() for path in _files_under(target / folder)
        )
        candidates.update(
            path.relative_to(source).as_posix() for path in _files_under(source / folder)
        )
    written: list[str] = []
    gone = set(removed)
    for name in sorted(candidates):
        try:
            content = (source / name).read_bytes()
        except FileNotFoundError:
            gone.add(name)
            continue
        if write_if_changed(target / name, content):
            written.append(name)
    removed_names = []
    for name in sorted(gone):
        with contextlib.suppress(OSError):
            (target / name).unlink()
            removed_names.append(name)
        remove_empty_folders(target / name, target)
    return Synced(written, removed_names)


def remove_empty_folders(path: Path, top: Path) -> None:
    """Remove the folders above ``path`` that are left empty, up to ``top``."""
    folder = path.parent
    while folder != top and folder.is_relative_to(top):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are not news: the preview's own lines say what changed."""


def start_server(folder: Path, host: str, port: int) -> ThreadingHTTPServer:
    """Serve ``folder`` on host:port from a thread; stop it with ``shutdown()``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, name="showcase-preview", daemon=True).start()
    return server
