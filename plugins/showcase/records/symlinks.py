"""Symbolic links that would take a build out of the repository, or round in a circle.

The site is fed by pull requests, and git stores symbolic links as they are: a link under
``content/`` to ``/etc/passwd``, to ``/proc/self/environ`` or to a folder elsewhere on the
build machine would be copied into the public site by MkDocs, which reads through links.
So would one to ``.git/``, whose ``config`` holds the token that CI's checkout wrote there.
A link to a folder that contains the link sends MkDocs' walk (which follows links) round
until the system refuses, after a long while.

:func:`links_leaving` finds both kinds under the folders a build reads, without reading a
single file through a link: only names and link targets are looked at.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# git's own folder is not part of what the repository publishes: on CI its config holds
# the checkout's token.
GIT_FOLDER = ".git"


@dataclass(frozen=True, order=True)
class LinkProblem:
    """A symbolic link that leaves the repository, or that makes a loop."""

    link: str  # the link, relative to the repository, as a POSIX path
    target: str  # what the link says, exactly as written in it
    loop: bool  # True: a loop; False: the target is outside the repository

    @property
    def message(self) -> str:
        """What is wrong and what to do, in Chinese, naming the link and its target."""
        if self.loop:
            return (
                f"符号链接 {self.link} 指向“{self.target}”，形成了循环（指向它自己、"
                "它所在的文件夹或上层文件夹，或几个链接互相指向）。请删掉这个链接。"
            )
        return (
            f"符号链接 {self.link} 指向仓库以外的“{self.target}”。"
            "网站只能发布仓库里的文件（.git 文件夹也不行），"
            "链接会把生成网站的电脑上的文件公开出去。请删掉链接，把文件本身放进仓库。"
        )

    def __str__(self) -> str:
        code = "link-loop" if self.loop else "link-outside"
        return f"{self.link}: {self.message} [{code}]"


def links_leaving(folders: Iterable[Path], root: Path) -> list[LinkProblem]:
    """Every link under folders (the folders included) that leaves root or makes a loop.

    Links that stay inside root are followed, as MkDocs follows them, so that a chain of
    links ending outside is found where it starts. A folder that does not exist is skipped.
    """
    walk = _Walk(Path(os.path.realpath(root)))
    for folder in folders:
        walk.start(folder.absolute())
    return sorted(walk.found.values())


class _Walk:
    def __init__(self, real_root: Path) -> None:
        self.real_root = real_root
        # Each link by its real folder and name: one reached again through another link is
        # reported once.
        self.found: dict[tuple[str, str], LinkProblem] = {}

    def start(self, folder: Path) -> None:
        if folder.is_symlink() and self._check(folder, ()):
            return
        if folder.is_dir():
            self._visit(folder, ())

    def _visit(self, folder: Path, ancestors: tuple[str, ...]) -> None:
        """Look at everything in folder; ancestors are the real paths walked down so far."""
        ancestors = (*ancestors, os.path.realpath(folder))
        for entry in _entries(folder):
            path = folder / entry.name
            if entry.is_symlink():
                if self._check(path, ancestors) or not path.is_dir():
                    continue
                self._visit(path, ancestors)
            elif entry.is_dir(follow_symlinks=False):
                self._visit(path, ancestors)

    def _check(self, link: Path, ancestors: tuple[str, ...]) -> bool:
        """Record link if it leaves the repository or loops; True when it does."""
        real_folder = os.path.realpath(link.parent)
        problem = self._judge(link, real_folder, ancestors)
        if problem is not None:
            self.found.setdefault((real_folder, link.name), problem)
        return problem is not None

    def _judge(
        self, link: Path, real_folder: str, ancestors: tuple[str, ...]
    ) -> LinkProblem | None:
        # As written: Path.readlink() would tidy it ("./x" into "x").
        target = os.readlink(link)  # noqa: PTH115
        real = Path(os.path.realpath(link))
        if not real.is_relative_to(self.real_root) or real.is_relative_to(
            self.real_root / GIT_FOLDER
        ):
            return LinkProblem(self._shown(real_folder, link), target, loop=False)
        try:
            is_folder = stat.S_ISDIR(link.stat().st_mode)
        except OSError as error:
            if error.errno != errno.ELOOP:
                return None  # a link to nothing: the build fails on it, nothing leaks
            return LinkProblem(self._shown(real_folder, link), target, loop=True)
        # A folder the walk came down through (the link's own folder, or one above): MkDocs
        # would walk it again and again. The system stops a path after 40 links, but a walk
        # that takes every branch could take for ever to get there.
        if is_folder and str(real) in ancestors:
            return LinkProblem(self._shown(real_folder, link), target, loop=True)
        return None

    def _shown(self, real_folder: str, link: Path) -> str:
        """The link where it really is (not where a walk through other links met it)."""
        path = Path(real_folder, link.name)
        if path.is_relative_to(self.real_root):
            return path.relative_to(self.real_root).as_posix()
        return link.as_posix()


def _entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    try:
        with os.scandir(folder) as entries:
            listed = sorted(entries, key=lambda entry: entry.name)
    except OSError:
        return
    yield from listed
