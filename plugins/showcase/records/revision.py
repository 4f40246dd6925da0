"""Which version of the data a build shows: the git commit and its date."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path


@dataclass(frozen=True)
class Revision:
    """A commit of the data: its id and when it was made; ``unknown`` outside git."""

    commit: str
    committed: datetime | None
    dirty: bool = False  # the working tree had uncommitted changes

    @property
    def short(self) -> str:
        """The first 12 characters of the commit id, as shown to readers."""
        return self.commit[:12] + ("-dirty" if self.dirty else "")

    @property
    def date_text(self) -> str:
        """The commit date as YYYY-MM-DD (UTC), or an empty string when unknown."""
        return self.committed.strftime("%Y-%m-%d") if self.committed else ""


UNKNOWN = Revision("unknown", None)


def source_revision(root: Path) -> Revision:
    """The commit checked out at ``root``; a build from the same commit names the same one.

    Uncommitted changes are not part of any revision, so a build of a dirty tree says so
    (``dirty``) rather than pretending to be the commit.
    """
    try:
        commit = _git(root, "rev-parse", "HEAD")
        timestamp = int(_git(root, "log", "-1", "--format=%ct"))
        dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError, ValueError):
        return UNKNOWN
    return Revision(commit, datetime.fromtimestamp(timestamp, UTC), bool(dirty))


def _git(root: Path, *arguments: str) -> str:
    completed = subprocess.run(
        ["git", *arguments], cwd=root, capture_output=True, text=True, check=True, timeout=30
    )
    return completed.stdout.strip()
