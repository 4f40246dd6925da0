"""Written pages kept between builds, found again by a fingerprint of everything they show.

A generated page's file is a function of the site-wide inputs (the code, the theme and its
overrides, mkdocs.yml, the navigation, the assets) and of the page itself (its address, its
title and meta, and its body as our templates render it from the data). :class:`PageCache`
hashes the site-wide inputs once into its key, and each page's own inputs with that key into
the page's fingerprint; a page whose fingerprint has a file in the cache is copied from there
instead of being rendered through the theme, which is most of a page's cost.

The body stands for the data in the fingerprint: whatever a record page shows of its record
and of the records around it (names, links, counts) is in its body, so no list of
dependencies has to be kept right by hand. The cache is content-addressed: one file per
fingerprint, so that several builds can share a folder, as a CI preview of a pull request
starts from the main branch's cache.

A page is kept as a second name (a hard link) of the file the build wrote: no copy, no
compression, one system call, where a compressed copy was a seventh of a page's cost. This
holds only while nothing writes into a kept file in place, so every writer of generated
pages replaces a file instead (:func:`write_new`, :func:`write_if_changed`), and MkDocs
cleans the site folder by unlinking. Where a link cannot be made (the cache on another
file system), the page is kept as a compressed copy, written whole (a temporary name, then
a rename) so that a build killed half-way leaves no half file behind.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

# Bump when what goes into a fingerprint or a cache file changes.
FORMAT = "showcase-build-cache 1"
# A page kept as a link to the written file, and as a compressed copy.
LINKED = ".html"
SUFFIX = ".html.z"
# What json.dumps(head, sort_keys=True, ensure_ascii=False, default=str) makes anew for
# every page: the same text from one encoder.
_HEAD_JSON = json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str)
# How write_new opens a file: created, never opened if one is there (O_BINARY on Windows).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)


def tree_digest(folders: Iterable[Path], *, skip_suffixes: tuple[str, ...] = ()) -> str:
    """A hash of the names and bytes of every file under ``folders``, in a fixed order."""
    digest = hashlib.sha256()
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            if path.suffix in skip_suffixes or "__pycache__" in path.parts:
                continue
            digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def site_key(parts: Mapping[str, Any]) -> str:
    """The hash of the site-wide inputs: every value must come out the same as JSON text."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{FORMAT}\n{text}".encode()).hexdigest()


class PageCache:
    """Page files by fingerprint in ``folder``; the key is the site-wide inputs' hash."""

    def __init__(self, folder: Path, key: str) -> None:
        self.folder = folder
        self.key = key
        # A first build looks up only what it put itself: any other look-up would be a
        # failed open per page. (Pages another build puts there meanwhile are missed, and
        # rendered again.)
        self.empty = not folder.is_dir() or next(folder.iterdir(), None) is None
        self._put: set[str] = set()
        # Folders this process has made or found: each page would otherwise ask again.
        self._folders: set[str] = set()
        # Names as strings: a Path made and hashed per page was a tenth of keeping it.
        self._folder_name = os.fspath(folder)
        # Whether pages are kept as links to the written files (see the module's notes).
        self.link = True

    def fingerprint(self, src_uri: str, head: Mapping[str, Any], body: str) -> str:
        """The fingerprint of a page: the site's key, its address, its title/meta and body."""
        digest = hashlib.sha256(self.key.encode())
        head_text = _HEAD_JSON.encode(head)
        for part in (src_uri, head_text, body):
            encoded = part.encode("utf-8", errors="surrogatepass")
            digest.update(len(encoded).to_bytes(8, "big") + encoded)
        return digest.hexdigest()

    def _path(self, fingerprint: str, suffix: str = SUFFIX) -> Path:
        return Path(self._name(fingerprint, suffix))

    def _name(self, fingerprint: str, suffix: str = SUFFIX) -> str:
        return f"{self._folder_name}/{fingerprint[:2]}/{fingerprint}{suffix}"

    def get(self, fingerprint: str) -> bytes | None:
        """The page file of ``fingerprint``, or None when the cache has none (or a bad one)."""
        if self.empty and fingerprint not in self._put:
            return None
        with contextlib.suppress(OSError):
            return self._path(fingerprint, LINKED).read_bytes()
        try:
            return zlib.decompress(self._path(fingerprint).read_bytes())
        except (OSError, zlib.error):
            return None

    def keep(self, fingerprint: str, written: Path | str, content: bytes) -> None:
        """Keep the page file just written at ``written`` (holding ``content``): linked, or copied."""
        if self.link:
            self._make_folder(fingerprint)
            try:
                os.link(written, self._name(fingerprint, LINKED))
            except FileExistsError:
                pass  # kept already, by another build sharing the folder
            except OSError:
                self.link = False  # another file system, or no links there: copies from now on
            else:
                if self.empty:
                    self._put.add(fingerprint)
                return
        self.put(fingerprint, content)

    def _make_folder(self, fingerprint: str) -> None:
        """Make the folder of ``fingerprint``'s files, unless this process has made it."""
        folder = fingerprint[:2]
        if folder not in self._folders:
            (self.folder / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)

    def put(self, fingerprint: str, content: bytes) -> None:
        """Keep a page file as a compressed copy; written whole or not at all."""
        path = self._path(fingerprint)
        self._make_folder(fingerprint)
        partial = path.with_name(f".{path.name}.{os.getpid()}.part")
        partial.write_bytes(zlib.compress(content, 1))
        partial.replace(path)
        if self.empty:
            self._put.add(fingerprint)

    def prune(self, keep: Iterable[str]) -> int:
        """Remove every file but those of ``keep``; how many were removed."""
        kept = {f"{fingerprint}{suffix}" for fingerprint in keep for suffix in (LINKED, SUFFIX)}
        removed = 0
        if not self.folder.is_dir():
            return 0
        for path in self.folder.glob("*/*"):
            if path.name not in kept:
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed


def write_if_changed(path: Path, content: bytes) -> bool:
    """Write ``content`` to ``path`` unless the file already holds exactly it; True if written.

    A file left as it was keeps its modification time, which is how the live preview tells
    the browser, and anyone watching the folder, what changed. A changed file is replaced,
    not written into: it may be a page the cache keeps under a second name.
    """
    with contextlib.suppress(OSError):
        if path.stat().st_size == len(content) and path.read_bytes() == content:
            return False
    write_new(path, content)
    return True


def write_new(path: Path | str, content: bytes) -> None:
    """Write ``content`` as a new file at ``path``, replacing (not overwriting) any file there.

    The cache keeps pages as links to the files written (:meth:`PageCache.keep`): writing
    into such a file would change the cached page too. The file is opened only if it is new
    (``O_EXCL``); an old file is removed, or the folder made, only when that open says so.
    A page of a clean build is opened, its folder made, and opened again: no removal of a
    file that is not there, and no Path objects (a tenth of the page workers' time at 100k).
    """
    name = os.fspath(path)
    try:
        descriptor = os.open(name, _NEW_FILE, 0o666)
    except FileExistsError:
        os.unlink(name)  # noqa: PTH108 - strings on purpose (see above)
        descriptor = os.open(name, _NEW_FILE, 0o666)
    except FileNotFoundError:
        _make_folders(os.path.dirname(name))  # noqa: PTH120
        descriptor = os.open(name, _NEW_FILE, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view) :]
    finally:
        os.close(descriptor)


def _make_folders(folder: str) -> None:
    """Make ``folder`` and any missing parent: the folder first, as its parent is most often there.

    (``os.makedirs`` looks for the parent before making the folder, one call more per page.)
    """
    try:
        os.mkdir(folder)  # noqa: PTH102 - strings on purpose (see write_new)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)  # noqa: PTH103
    except FileExistsError:
        pass  # made by another worker meanwhile
