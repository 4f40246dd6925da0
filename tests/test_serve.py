"""``showcase serve``: the preview is built once, served, and after an edit only what changed is
written; every other record page keeps its bytes and its modification time. The edit of one
record in a 2,000-record site is followed without building the site again (issue 17).
"""

from __future__ import annotations

import threading
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from showcase.mkdocs_plugins.commands import serve_site
from showcase.site.archive import SourceStamp
from showcase.site.preview import changed_paths, snapshot, sync_folder
from tests.conftest import REPO_ROOT
from tests.test_shared_blocks import BENCH

RECORD_FOLDERS = ("studios", "awards", "projects", "people", "organizations", "figures")


def test_sync_writes_only_what_differs_and_removes_what_is_gone(tmp_path: Path) -> None:
    source, target = tmp_path / "new", tmp_path / "old"
    for folder, files in [
        (source, {"a/index.html": "same", "b/index.html": "new", "c.css": "x"}),
        (target, {"a/index.html": "same", "b/index.html": "old", "gone/index.html": "z"}),
    ]:
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text, encoding="utf-8")
    kept = (target / "a/index.html").stat().st_mtime_ns

    synced = sync_folder(source, target)

    assert synced.written == ["b/index.html", "c.css"]
    assert synced.removed == ["gone/index.html"]
    assert synced.pages_written == 1
    assert (target / "a/index.html").stat().st_mtime_ns == kept
    assert (target / "b/index.html").read_text(encoding="utf-8") == "new"
    assert not (target / "gone/index.html").exists()


def test_a_snapshot_sees_a_file_added_changed_or_removed(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text("a", encoding="utf-8")
    before = snapshot([tmp_path / "data", tmp_path / "missing"])
    (tmp_path / "data" / "a.yaml").write_text("ab", encoding="utf-8")
    (tmp_path / "data" / "b.yaml").write_text("b", encoding="utf-8")
    after = snapshot([tmp_path / "data"])
    assert changed_paths(before, after) == [
        str(tmp_path / "data" / "a.yaml"),
        str(tmp_path / "data" / "b.yaml"),
    ]


def record_pages(site: Path) -> dict[str, tuple[bytes, int]]:
    """Every record page of the preview: its bytes and modification time."""
    pages = {}
    for folder in RECORD_FOLDERS:
        for path in (site / folder).glob("*/index.html"):
            pages[path.relative_to(site).as_posix()] = (path.read_bytes(), path.stat().st_mtime_ns)
    return pages


def wait_for(lines: list[str], word: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [line for line in lines if word in line]
        if found:
            return found[-1]
        time.sleep(0.1)
    pytest.fail(f"no line with “{word}” after {timeout} s: {lines}")


def test_an_edit_rewrites_its_page_and_leaves_every_other_record_page_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    from build_benchmark import write_our_tree  # bench/ is a folder of scripts

    tree = tmp_path / "tree"
    tree.mkdir()
    write_our_tree(tree, 2000, 5, REPO_ROOT)
    preview = tmp_path / "preview"
    lines: list[str] = []
    stop = threading.Event()
    serving = threading.Thread(
        target=serve_site,
        args=(tree / "mkdocs.yml", preview),
        kwargs={
            "host": "127.0.0.1",
            "port": 0,
            "stamp": lambda: SourceStamp(1700000000),
            "report": lines.append,
            "stop": stop,
            "workers": 2,
            "poll_seconds": 0.1,
        },
    )
    serving.start()
    try:
        ready = wait_for(lines, "预览已就绪", 900)
        address = ready.split("：", 1)[1].split("（", 1)[0]
        with urllib.request.urlopen(address) as response:
            assert "<html" in response.read().decode("utf-8")
        before = record_pages(preview)
        assert len(before) > 1900
        every_file = snapshot([preview])

        people_file = tree / "data" / "people.yaml"
        people = yaml.safe_load(people_file.read_text(encoding="utf-8"))
        edited = people["people"][0]
        edited["description"] = "预览测试：这一条刚刚改过。"
        people_file.write_text(
            yaml.safe_dump(people, allow_unicode=True, sort_keys=False, width=10_000),
            encoding="utf-8",
        )
        updated = wait_for(lines, "已更新", 900)
        assert "只更新受影响的部分：1 条记录有改动" in updated

        after = record_pages(preview)
        page = f"people/{edited['id']}/index.html"
        assert "预览测试：这一条刚刚改过。" in after[page][0].decode("utf-8")
        assert after.keys() == before.keys()
        untouched = [name for name in before if name != page]
        assert [name for name in untouched if after[name] != before[name]] == []
        # Besides the page: the search index's files that hold its words, and the
        # open-data files of people. Nothing else was written.
        written = [
            Path(name).relative_to(preview).as_posix()
            for name in changed_paths(every_file, snapshot([preview]))
        ]
        assert page in written
        others = [name for name in written if name != page]
        assert [
            name
            for name in others
            if not name.startswith(("search/", "downloads/people", "download/index.html"))
        ] == []
        # The people's exports (json, csv, xlsx) and the download page that gives their sizes.
        assert len([name for name in others if not name.startswith("search/")]) <= 4
    finally:
        stop.set()
        serving.join(timeout=60)
    assert not serving.is_alive()
