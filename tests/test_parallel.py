"""Generated pages written by several processes: the same site, byte for byte, as by one.

The driver (showcase/site/parallel.py) is tested on its own: the pages are really written by
other processes, their log lines come back in page order, and an error in a worker stops the
build. Whole sites, the real one and a generated one of a few hundred records, are then built
with one worker and with two, and every file of the two is compared.
"""

from __future__ import annotations

import functools
import gc
import logging
import multiprocessing
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from material.plugins.search.plugin import SearchIndex as MaterialSearchIndex
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from showcase.mkdocs_plugins.records.page_writer import PageWriter
from showcase.mkdocs_plugins.search import plugin as search_plugin
from showcase.site import search_shards
from showcase.site.parallel import (
    MIN_PAGES_TO_FORK,
    Background,
    RenderError,
    Standby,
    from_parent,
    frozen_objects,
    render_pages,
)
from tests.conftest import REPO_ROOT
from tests.test_shared_blocks import BENCH, differing_files

RECORDS = "showcase/records"
LOGGER = "mkdocs.test_parallel"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both builds of a pair must date the site alike.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_pages_are_written_by_other_processes_and_their_logs_come_back_in_order(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    keys = [f"page-{number:03d}" for number in range(MIN_PAGES_TO_FORK * 2)]

    def render_one(key: str) -> str:
        (tmp_path / key).write_text(str(os.getpid()), encoding="utf-8")
        logging.getLogger(LOGGER).warning("rendered %s", key)
        return key.upper()

    results = render_pages(keys, render_one, workers=2, logger_name="mkdocs")
    assert results == [key.upper() for key in keys]

    writers = {(tmp_path / key).read_text(encoding="utf-8") for key in keys}
    assert str(os.getpid()) not in writers
    assert len(writers) == 2
    # Warnings count against --strict in this process: each is logged here, in page order.
    logged = [r.getMessage() for r in caplog.records if r.name == LOGGER]
    assert logged == [f"rendered {key}" for key in keys]
    caplog.clear()


def test_work_of_this_process_runs_while_the_workers_render() -> None:
    keys = [f"page-{number:03d}" for number in range(MIN_PAGES_TO_FORK * 2)]
    waited: list[int] = []

    def render_one(key: str) -> str:
        return key

    def while_waiting() -> None:
        waited.append(os.getpid())

    results = render_pages(
        keys, render_one, workers=2, logger_name="mkdocs", while_waiting=while_waiting
    )
    assert results == keys
    assert waited == [os.getpid()]
    # With no worker it runs too, once, before the pages.
    render_pages(keys[:3], render_one, workers=2, logger_name="mkdocs", while_waiting=while_waiting)
    assert waited == [os.getpid(), os.getpid()]


def test_few_pages_are_written_in_this_process(tmp_path: Path) -> None:
    keys = [f"page-{number}" for number in range(3)]

    def render_one(key: str) -> str:
        (tmp_path / key).write_text(str(os.getpid()), encoding="utf-8")
        return key

    assert render_pages(keys, render_one, workers=2, logger_name="mkdocs") == keys
    assert {(tmp_path / key).read_text(encoding="utf-8") for key in keys} == {str(os.getpid())}


def test_an_error_in_a_worker_stops_the_build_with_that_error() -> None:
    keys = [f"page-{number:03d}" for number in range(MIN_PAGES_TO_FORK * 2)]

    def render_one(key: str) -> str:
        if key == "page-100":
            raise ValueError(f"cannot render {key}")
        return key

    with pytest.raises(ValueError, match="cannot render page-100"):
        render_pages(keys, render_one, workers=2, logger_name="mkdocs")


def test_an_error_that_cannot_cross_processes_is_still_reported() -> None:
    keys = [f"page-{number:03d}" for number in range(MIN_PAGES_TO_FORK * 2)]

    class LockedError(Exception):
        def __init__(self, message: str) -> None:
            super().__init__(message)
            self.lock = threading.Lock()  # a lock cannot be pickled

    def render_one(key: str) -> str:
        if key == "page-007":
            raise LockedError(f"cannot render {key}")
        return key

    with pytest.raises(RenderError, match="LockedError: cannot render page-007"):
        render_pages(keys, render_one, workers=2, logger_name="mkdocs")


def test_a_call_beside_the_build_runs_in_another_process_and_hands_back_its_result(
    tmp_path: Path,
) -> None:
    def write() -> dict[str, str]:
        (tmp_path / "written").write_text(str(os.getpid()), encoding="utf-8")
        return {"written": "yes"}

    background = Background(write)
    assert background.result() == {"written": "yes"}
    assert background.result() == {"written": "yes"}  # asked again, not run again
    assert (tmp_path / "written").read_text(encoding="utf-8") != str(os.getpid())

    here = Background(write, in_process=True)
    assert (tmp_path / "written").read_text(encoding="utf-8") == str(os.getpid())
    assert here.result() == {"written": "yes"}


def test_an_error_beside_the_build_is_raised_when_its_result_is_asked_for() -> None:
    def fail() -> None:
        raise ValueError("cannot write the export")

    background = Background(fail)
    with pytest.raises(ValueError, match="cannot write the export"):
        background.result()

    class LockedError(Exception):
        def __init__(self, message: str) -> None:
            super().__init__(message)
            self.lock = threading.Lock()  # a lock cannot be pickled

    def fail_locked() -> None:
        raise LockedError("cannot write the feed")

    with pytest.raises(RenderError, match="LockedError: cannot write the feed"):
        Background(fail_locked).result()


def test_a_call_beside_a_failed_build_is_stopped(tmp_path: Path) -> None:
    started = tmp_path / "started"

    def wait_forever() -> None:
        started.write_text("", encoding="utf-8")
        threading.Event().wait()

    background = Background(wait_forever)
    while not started.exists():
        threading.Event().wait(0.01)
    background.stop()
    with pytest.raises(RenderError):
        background.result()


def _resident_kb() -> int:
    status = Path("/proc/self/status").read_text(encoding="utf-8")
    return int(status.split("VmRSS:")[1].split()[0])


def _pid_and_resident_kb() -> tuple[int, int]:
    return os.getpid(), _resident_kb()


def _negated_in_a_pool(numbers: list[int]) -> list[int]:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        return pool.map(_negated, numbers)


def _negated(number: int) -> int:
    return -number


def _fail(message: str) -> None:
    raise ValueError(message)


def test_a_process_forked_early_runs_a_call_later_without_the_memory_taken_since() -> None:
    standby: Standby[tuple[int, int]] = Standby()
    ballast = b"x" * (200 * 2**20)  # written, so its pages are this process's
    here = _resident_kb()
    pid, there = standby.run(_pid_and_resident_kb).result()
    assert pid != os.getpid()
    # The search index of a big site is built so: it carries none of the build's pages.
    assert there < here - 150 * 2**10, (there, here)
    del ballast


def test_a_call_run_by_a_standby_may_start_workers_of_its_own() -> None:
    # The index's own workers: a daemon process may not have children.
    numbers = list(range(MIN_PAGES_TO_FORK))
    standby: Standby[list[int]] = Standby()
    assert standby.run(functools.partial(_negated_in_a_pool, numbers)).result() == [
        -number for number in numbers
    ]


def test_an_error_in_a_standby_is_raised_when_its_result_is_asked_for() -> None:
    standby: Standby[None] = Standby()
    with pytest.raises(ValueError, match="cannot cut the words"):
        standby.run(functools.partial(_fail, "cannot cut the words")).result()


def test_a_standby_prepares_before_the_call_and_reports_a_failure_to_prepare() -> None:
    standby: Standby[tuple[int, list[int]]] = Standby(prepare=_remember_pid)
    pid, prepared_by = standby.run(_pid_and_prepared).result()
    assert pid != os.getpid()
    assert prepared_by == [pid]  # once, in the process that ran the call, before it
    assert _PREPARED == []  # not here
    failing: Standby[tuple[int, list[int]]] = Standby(
        prepare=functools.partial(_fail, "no dictionary")
    )
    with pytest.raises(ValueError, match="no dictionary"):
        failing.run(_pid_and_prepared).result()


_PREPARED: list[int] = []


def _remember_pid() -> None:
    _PREPARED.append(os.getpid())


def _pid_and_prepared() -> tuple[int, list[int]]:
    return os.getpid(), _PREPARED


def test_a_call_run_by_a_standby_takes_what_the_parent_sends_later() -> None:
    # The index: the data's documents cut at once, the pages' handed over when they are made.
    standby: Standby[list[object]] = Standby()
    standby.run(_two_messages)
    standby.send("the pages")
    standby.send([1, 2])
    assert standby.result() == ["the pages", [1, 2]]


def _two_messages() -> list[object]:
    return [from_parent(), from_parent()]


def test_a_standby_stopped_ends_the_workers_of_its_own(tmp_path: Path) -> None:
    # A build that fails while its index is being cut ahead leaves no worker of the index's.
    started = tmp_path / "workers"
    standby: Standby[None] = Standby()
    standby.run(functools.partial(_workers_that_wait, started))
    deadline = time.monotonic() + 60
    while len(_lines(started)) < 2:
        assert time.monotonic() < deadline, "the standby's workers did not start"
        time.sleep(0.05)
    workers = [int(line) for line in _lines(started)]
    standby.stop()
    deadline = time.monotonic() + 30
    while any(_running(pid) for pid in workers):
        assert time.monotonic() < deadline, f"the standby's workers {workers} still run"
        time.sleep(0.05)


def _workers_that_wait(started: Path) -> None:
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(functools.partial(_note_pid_and_wait, started), range(2), chunksize=1)


def _note_pid_and_wait(started: Path, _: int) -> None:
    with started.open("a", encoding="utf-8") as file:
        file.write(f"{os.getpid()}\n")
    time.sleep(600)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split() if path.exists() else []


def _running(pid: int) -> bool:
    """Whether the process lives and is not a zombie waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_a_standby_never_called_does_not_keep_the_build_from_ending() -> None:
    # A build stopped before its index (Ctrl+C skips on_build_error): the process exits.
    script = "from showcase.site.parallel import Standby; Standby(); print('done')"
    finished = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True
    )
    assert finished.stdout == "done\n"


def build_with_workers(config_file: Path, site_dir: Path, *, workers: int) -> PageWriter:
    """Build into site_dir; what the records plugin wrote outside MkDocs' loop."""
    config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    # As `mkdocs build` does. MkDocs keeps a plugin with on_startup for the whole process
    # (for `mkdocs serve`): one that served in an earlier test would otherwise still think so.
    config.plugins.on_startup(command="build", dirty=False)
    config.plugins[RECORDS].config["workers"] = workers
    # Every page rendered, none copied from the build cache (tests/test_build_cache.py).
    config.plugins[RECORDS].config["build_cache_dir"] = ""
    build(config)
    writer = config.plugins[RECORDS].page_writer
    assert isinstance(writer, PageWriter)
    return writer


def assert_same_site_with_one_and_two_workers(config_file: Path, tmp_path: Path) -> PageWriter:
    build_with_workers(config_file, tmp_path / "one", workers=1)
    writer = build_with_workers(config_file, tmp_path / "two", workers=2)
    assert differing_files(tmp_path / "one", tmp_path / "two") == []
    return writer


def generated_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: int
) -> tuple[Path, dict[str, int]]:
    """The benchmark's tree of ``records`` in tmp_path/tree: every kind, many folders,
    listings and facets; no photos. Its folder and its counts."""
    monkeypatch.syspath_prepend(str(BENCH))
    from build_benchmark import write_our_tree  # bench/ is a folder of scripts

    tree = tmp_path / "tree"
    tree.mkdir()
    return tree, write_our_tree(tree, records, 1, REPO_ROOT)


def temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of its own as the temporary folder, where the search documents' file goes."""
    folder = tmp_path / "temporary"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def documents_files(folder: Path) -> list[Path]:
    """The search documents' files in ``folder`` (jieba may leave its cache there: not ours)."""
    return list(folder.glob("showcase-search-*"))


def index_cut_ahead(caplog: pytest.LogCaptureFixture) -> list[bool]:
    """For each index written apart in the builds logged: whether it was cut ahead."""
    return [
        ", the data's cut ahead" in record.getMessage()
        for record in caplog.records
        if record.name == SEARCH_LOGGER and "search index:" in record.getMessage()
    ]


SEARCH_LOGGER = "mkdocs.plugins.showcase.mkdocs_plugins.search.plugin"


def test_the_real_site_is_the_same_with_two_workers(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=SEARCH_LOGGER)
    assert_same_site_with_one_and_two_workers(REPO_ROOT / "mkdocs.yml", tmp_path)
    # With two, the data's documents were cut as the pages rendered: the pages that Material
    # indexes came as expected from what MkDocs read of them (the site's hand-written pages
    # begin with a heading, the totals and downloads do not).
    assert index_cut_ahead(caplog) == [False, True]


def test_the_main_process_leaves_jieba_to_the_index_and_the_site_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Material's index of the pages is read only by showcase/search, which drops the
    # zero-width spaces of jieba's cuts: the build's largest process cuts no page, so never
    # loads jieba's dictionary (about 100 MB at 100,000 records).
    cut: list[str] = []
    material_cut = MaterialSearchIndex._segment_chinese

    def counted(index: Any, data: str) -> str:
        cut.append(data)
        return str(material_cut(index, data))

    monkeypatch.setattr(MaterialSearchIndex, "_segment_chinese", counted)
    build_with_workers(REPO_ROOT / "mkdocs.yml", tmp_path / "uncut", workers=2)
    assert cut == []
    # Cut as Material does, the pages give the same site.
    monkeypatch.setattr(search_plugin._UncutSearchIndex, "_segment_chinese", counted)
    build_with_workers(REPO_ROOT / "mkdocs.yml", tmp_path / "cut", workers=2)
    assert cut
    assert differing_files(tmp_path / "uncut", tmp_path / "cut") == []


def test_a_generated_site_is_the_same_with_two_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=SEARCH_LOGGER)
    tree, counts = generated_tree(tmp_path, monkeypatch, 300)
    # With two workers the index is built apart, by a process forked before the data was
    # read, from the documents written to a file, and with workers of its own, as at
    # 100,000 records; with one, here, from the documents held. Both must give one index.
    monkeypatch.setattr(search_shards, "MIN_DOCUMENTS_TO_FORK", 50)
    documents_folder = temporary_folder(tmp_path, monkeypatch)
    writer = assert_same_site_with_one_and_two_workers(tree / "mkdocs.yml", tmp_path)
    assert documents_files(documents_folder) == []
    assert index_cut_ahead(caplog) == [False, True]

    # The record pages were written outside MkDocs' loop, by two workers, none from a cache.
    assert len(writer.written) >= sum(counts.values())
    assert (writer.workers, writer.from_cache) == (2, 0)
    record_page = next((tmp_path / "two" / "people").glob("*/index.html"))
    assert "<article" in record_page.read_text(encoding="utf-8")


def test_a_failed_build_leaves_no_process_beside_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    tree, _ = generated_tree(tmp_path, monkeypatch, 100)
    home = tree / "content" / "index.md"
    # Found by our link check, after the search index has started in its own process.
    home.write_text(
        home.read_text(encoding="utf-8") + '\n<a href="nowhere/">不存在的页面</a>\n',
        encoding="utf-8",
    )
    documents_folder = temporary_folder(tmp_path, monkeypatch)
    with pytest.raises(Abort):
        build_with_workers(tree / "mkdocs.yml", tmp_path / "site", workers=2)
    assert documents_files(documents_folder) == []
    assert [r.getMessage().splitlines()[0] for r in caplog.records if r.levelname == "ERROR"] == [
        "网站中有 1 个失效链接："
    ]
    caplog.clear()
    assert multiprocessing.active_children() == []


def test_a_build_failing_as_the_search_documents_are_written_leaves_no_file_or_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree, _ = generated_tree(tmp_path, monkeypatch, 100)
    real = search_plugin.iter_generated_documents

    def failing_half_way(*args: Any, **kwargs: Any) -> Iterator[Any]:
        documents = real(*args, **kwargs)
        yield next(documents)
        raise RuntimeError("a page's search text could not be made")

    monkeypatch.setattr(search_plugin, "iter_generated_documents", failing_half_way)
    documents_folder = temporary_folder(tmp_path, monkeypatch)
    with pytest.raises(RuntimeError, match="search text could not be made"):
        build_with_workers(tree / "mkdocs.yml", tmp_path / "site", workers=2)
    assert documents_files(documents_folder) == []
    assert multiprocessing.active_children() == []  # the index's standby stopped too


def test_the_sitemap_lists_the_pages_written_outside_the_loop(tmp_path: Path) -> None:
    config = load_config(
        str(REPO_ROOT / "mkdocs.yml"),
        site_dir=str(tmp_path / "site"),
        site_url="https://example.org/",
        strict=True,
    )
    config.plugins[RECORDS].config["workers"] = 1
    build(config)

    sitemap = (tmp_path / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/people/" in sitemap
    # The form editor's page (admin/) is a static file, left out of the sitemap on purpose.
    pages = [
        page
        for page in (tmp_path / "site").rglob("index.html")
        if page.relative_to(tmp_path / "site").parts[0] != "admin"
    ]
    assert len(pages) > 100
    assert sitemap.count("<loc>") == len(pages)
    assert "/admin/" not in sitemap


def test_objects_kept_from_the_collector_stay_so_after_a_fork() -> None:
    # The live preview keeps its site out of the collector's reach between updates
    # (commands.py); a process forked during an update must not give it back.
    gc.unfreeze()
    with frozen_objects():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0, "frozen for the fork only"
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with frozen_objects():
            pass
        assert gc.get_freeze_count() >= frozen > 0
    finally:
        gc.unfreeze()
