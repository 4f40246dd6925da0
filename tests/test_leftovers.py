"""Nothing half-done is left behind: what killed builds and archives left, the next run removes.

A killed run leaves its new or old site folder beside ``site/``, or its scratch folder and
``.part`` zip in ``dist/``. Their names carry the run's process id: the next run removes
those whose process is gone, leaves a running one's alone, and never touches other names.
Killed runs are simulated by creating what they leave, with the id of a finished process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from showcase.mkdocs_plugins.commands import build_archive, build_site
from showcase.site.archive import SourceStamp, staging_folder
from tests.conftest import REPO_ROOT, WriteTree, script_environment

STAMP = SourceStamp(1714552215)
MKDOCS_YML = """\
site_name: Test Union
docs_dir: content
theme:
  name: material
  font: false
plugins:
  - showcase/records
"""
DATA = """\
people:
  - id: li-gang
    name: 李刚
    sources: [{source: test-source}]
"""


@pytest.fixture
def dead_pid() -> int:
    """The id of a process that has finished: what a killed run's leftovers carry."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


@pytest.fixture
def live_pid() -> Iterator[int]:
    """The id of a process that is still running: a concurrent run."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        yield process.pid
    finally:
        process.kill()
        process.wait()


def leave(folder: Path, *names: str) -> None:
    """Create what a killed run leaves: folders with a file in them, and .part files."""
    for name in names:
        path = folder / name
        if name.endswith(".part"):
            path.write_bytes(b"PK half a zip")
        else:
            path.mkdir(parents=True)
            (path / "index.html").write_text("half a site", encoding="utf-8")


def names_in(folder: Path) -> list[str]:
    return sorted(path.name for path in folder.iterdir())


def test_a_build_removes_what_killed_builds_left_and_nothing_else(
    write_tree: WriteTree, dead_pid: int, live_pid: int
) -> None:
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n", "data/people.yaml": DATA}
    )
    stale = [
        f".site.new-{dead_pid}-k2j3h4_x",
        f".site.old-{dead_pid}-0123456789ab",
        # Names from before runs put their process id in them.
        ".site.new-k2j3h4_x",
        ".site.old-0123456789ab",
    ]
    kept = [
        f".site.new-{live_pid}-abcdefgh",  # a build still running
        f".site.old-{live_pid}-0123456789ab",
        f".site.new-{os.getpid()}-abcdefgh",  # this process's own
        f".other.new-{dead_pid}-abcdefgh",  # another folder's
        ".site.newer",
        f"site.new-{dead_pid}-abcdefgh",
        f".site.new-{dead_pid}-has.dot",
    ]
    leave(root, *stale, *kept)

    build_site(root / "mkdocs.yml", None, stamp=STAMP)

    assert (root / "site" / "index.html").is_file()
    left = [name for name in names_in(root) if name.startswith((".site", ".other", "site."))]
    assert left == sorted(kept)


def test_an_archive_removes_what_killed_archives_left_and_nothing_else(
    write_tree: WriteTree, dead_pid: int, live_pid: int
) -> None:
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n", "data/people.yaml": DATA}
    )
    dist = root / "dist"
    dist.mkdir()
    stale = [
        f".showcase-archive-{dead_pid}-k2j3h4_x",
        f".test-20240501-unknown.zip.{dead_pid}-ab_cd12x.part",
        f".other-20230101-0123456789ab.zip.{dead_pid}-ab_cd12x.part",
        ".showcase-archive-k2j3h4_x",
        ".test-20240501-unknown.zip.ab_cd12x.part",
    ]
    kept = [
        f".showcase-archive-{live_pid}-k2j3h4_x",
        f".test-20240501-unknown.zip.{live_pid}-ab_cd12x.part",
        "older-20230101-0123456789ab.zip",
        "notes.part",
        f".showcase-archive-{dead_pid}-has.dot",
    ]
    leave(dist, *stale, *kept)

    info = build_archive(root / "mkdocs.yml", dist, stamp=STAMP, name="test")

    assert names_in(dist) == sorted([*kept, info.path.name])
    with zipfile.ZipFile(info.path) as archive:
        assert archive.testzip() is None


KILLED_BUILD = """\
import os, sys
from pathlib import Path
from showcase.site.archive import staging_folder

with staging_folder(Path(sys.argv[1])) as staging:
    (staging / "index.html").write_text("half a site", encoding="utf-8")
    os.kill(os.getpid(), 9)
"""


def test_a_build_killed_with_kill_9_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "index.html").parent.mkdir()
    (site / "index.html").write_text("the published site", encoding="utf-8")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, str(site)],
        env=script_environment(),
        check=False,
    )
    assert killed.returncode == -9
    (leftover,) = [name for name in names_in(tmp_path) if name != "site"]
    assert leftover.startswith(".site.new-")
    assert (site / "index.html").read_text(encoding="utf-8") == "the published site"

    with staging_folder(site) as staging:
        (staging / "index.html").write_text("the next site", encoding="utf-8")

    assert names_in(tmp_path) == ["site"]
    assert (site / "index.html").read_text(encoding="utf-8") == "the next site"


@pytest.mark.parametrize(
    "path",
    [
        ".site.new-1234-k2j3h4_x/index.html",
        ".site.old-1234-0123456789ab/index.html",
        ".site.new-k2j3h4_x/index.html",
        "dist/.showcase-archive-1234-k2j3h4_x/index.html",
        "dist/.tianjin-union-20240501-0123456789ab.zip.1234-ab_cd12x.part",
        ".showcase-archive-1234-k2j3h4_x/index.html",
        "elsewhere/.tianjin-union-20240501-0123456789ab.zip.1234-ab_cd12x.part",
    ],
)
def test_what_a_killed_run_leaves_is_ignored_by_git(path: str) -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", "--verbose", path],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ignored.returncode == 0, (path, ignored.stdout, ignored.stderr)


def test_the_sources_are_not_ignored_by_git() -> None:
    # The test above would pass with a .gitignore that ignores everything.
    checked = subprocess.run(
        ["git", "check-ignore", "--no-index", "data/people.yaml", "content/index.md", ".site"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (checked.returncode, checked.stdout) == (1, "")
