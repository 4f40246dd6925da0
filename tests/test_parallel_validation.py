"""Validation read by forked workers gives what one process gives; places come back exact."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from showcase.records import validation
from showcase.records.diagnostics import Diagnostic
from showcase.records.loader import LoadResult, PackedPart, load_file
from showcase.records.validation import sorted_diagnostics, validate
from showcase.records.yamlsource import EVERY_PLACE, LoadedYaml, load_yaml, parse_yaml_bytes
from showcase.site.layout import validate_site
from tests.test_bench_smoke import generate_module
from tests.test_cases import CASES, case_folders, printed_diagnostics
from tests.test_incremental import _outcome

_PIDS_FILE: list[Path] = []  # where the workers of the running test note their pids
_BESIDE_FILE: list[Path] = []  # where the process beside the checks across files notes its pid
_LOAD_BATCH = validation._load_batch
_CHECK_HERE = validation._check_here


def _noted_load_batch(paths: list[Path]) -> list[PackedPart]:
    """What a worker runs, noting that it ran and where (picklable: at module level)."""
    with _PIDS_FILE[0].open("a", encoding="utf-8") as file:
        file.write(f"{os.getpid()}\n")
    return _LOAD_BATCH(paths)


def _noted_check_here() -> list[tuple[int, list[Diagnostic], list[Diagnostic]]]:
    """What the process beside the checks across files runs, noting where it ran."""
    with _BESIDE_FILE[0].open("a", encoding="utf-8") as file:
        file.write(f"{os.getpid()}\n")
    return _CHECK_HERE()


@pytest.fixture
def forking(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Every validation forks, each file in its own batch; the workers' pids land in a file."""
    monkeypatch.setattr(validation, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(validation, "BATCH_BYTES", 1)
    monkeypatch.setattr(validation, "_load_batch", _noted_load_batch)
    # Threads the test session already runs (the browser tests' Playwright) are not the
    # test's: only a thread started after this fixture counts as another thread.
    threads_before = threading.active_count()
    monkeypatch.setattr(
        validation, "_other_threads_running", lambda: threading.active_count() > threads_before
    )
    pids = tmp_path / "worker-pids.txt"
    _PIDS_FILE[:] = [pids]
    yield pids
    _PIDS_FILE.clear()


def _worker_pids(pids: Path) -> set[int]:
    return {int(line) for line in pids.read_text(encoding="utf-8").split()}


@pytest.mark.parametrize(
    "case", case_folders(), ids=lambda case: case.relative_to(CASES).as_posix()
)
def test_each_case_prints_the_same_from_workers(
    case: Path, tmp_path: Path, forking: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    forked = printed_diagnostics(case, tmp_path / "forked")
    assert _worker_pids(forking) - {os.getpid()}, "no worker process read the files"
    monkeypatch.setattr(validation, "PARALLEL_MIN_BYTES", 2**62)
    alone = printed_diagnostics(case, tmp_path / "alone")
    assert forked == alone
    assert forked == (case / "expected.txt").read_bytes().decode("utf-8")


def test_a_generated_tree_with_mistakes_gives_the_same_from_workers(
    tmp_path: Path, forking: Path
) -> None:
    generate_module.generate(tmp_path, 300)
    data = tmp_path / "data"
    people = data / "people.yaml"
    text = people.read_text(encoding="utf-8")
    # A schema error, a dangling reference and an id used twice, across files.
    text = text.replace("\n  name: ", "\n  level: 不存在的级别\n  name: ", 1)
    people.write_text(text, encoding="utf-8")
    studios = data / "studios.yaml"
    studio_text = studios.read_text(encoding="utf-8")
    first_person = text.split("- id: ", 2)[1].split("\n", 1)[0]
    studio_text = studio_text.replace("- id: ", f"- id: {first_person}\n  x: 1\n- id: ", 1)
    studio_text = studio_text.replace("  leader: ", "  leader: missing-", 1)
    studios.write_text(studio_text, encoding="utf-8")
    forked = validate([data], tmp_path, workers=2)
    assert len(_worker_pids(forking) - {os.getpid()}) >= 1
    alone = validate([data], tmp_path, workers=1)
    assert _outcome(forked) == _outcome(alone)
    codes = {diagnostic.code for diagnostic in sorted_diagnostics(forked)}
    assert {"duplicate-id", "unknown-reference", "unknown-field"} <= codes
    # The records are the same objects' worth: same kinds, ids and origins' lines.
    assert [(r.id, forked.catalog.origin(r).line) for r in forked.catalog] == [
        (r.id, alone.catalog.origin(r).line) for r in alone.catalog
    ]
    # A worker's records (here one file's) share their sets of fields written, one per set.
    people = forked.catalog.people
    assert len({id(person.model_fields_set) for person in people}) == len(
        {frozenset(person.model_fields_set) for person in people}
    )


def test_the_address_check_beside_the_checks_across_files_gives_the_same(
    tmp_path: Path, forking: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_module.generate(tmp_path, 300)
    data = tmp_path / "data"
    studios = data / "studios.yaml"
    text = studios.read_text(encoding="utf-8")
    ids = [line[len("- id: ") :] for line in text.split("\n") if line.startswith("- id: ")]
    # Problems of the addresses (an id a listing page takes, an id Windows refuses, a page
    # a hand-written one takes) and of the checks across files (an id used twice).
    text = text.replace(f"- id: {ids[1]}\n", "- id: page-2\n", 1)
    text = text.replace(f"- id: {ids[2]}\n", "- id: con\n", 1)
    text = text.replace(f"- id: {ids[3]}\n", f"- id: {ids[0]}\n", 1)
    studios.write_text(text, encoding="utf-8")
    (tmp_path / "content" / "studios").mkdir(parents=True)
    (tmp_path / "content" / "studios" / f"{ids[4]}.md").write_text("# 手写\n", encoding="utf-8")
    monkeypatch.setattr(validation, "_available_workers", lambda: 2)
    monkeypatch.setattr(validation, "_check_here", _noted_check_here)
    beside_pids = tmp_path / "beside-pids.txt"
    _BESIDE_FILE[:] = [beside_pids]
    monkeypatch.setattr(validation, "APART_MIN_RECORDS", 0)
    beside = validate_site([data], tmp_path)
    assert _worker_pids(beside_pids) - {os.getpid()}, "the address check ran in this process"
    beside_pids.unlink()
    monkeypatch.setattr(validation, "APART_MIN_RECORDS", 2**62)
    after = validate_site([data], tmp_path)
    assert not beside_pids.exists()
    assert _outcome(beside) == _outcome(after)
    codes = [d.code for d in sorted_diagnostics(beside) if d.path == "data/studios.yaml"]
    assert codes == ["duplicate-id", "reserved-id", "reserved-id", "duplicate-id", "content-clash"]


def test_a_process_with_other_threads_does_not_fork(tmp_path: Path, forking: Path) -> None:
    import threading

    generate_module.generate(tmp_path, 100)
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        result = validate([tmp_path / "data"], tmp_path, workers=2)
    finally:
        stop.set()
        thread.join()
    assert not forking.exists()  # read here, in this process
    assert sorted_diagnostics(result) == []
    validate([tmp_path / "data"], tmp_path, workers=2)
    assert _worker_pids(forking) - {os.getpid()}  # and without the thread, by workers


def test_places_come_back_the_same_after_the_text_is_released(tmp_path: Path) -> None:
    generate_module.generate(tmp_path, 100)
    path = tmp_path / "data" / "studios.yaml"
    before = parse_yaml_bytes(
        path.read_bytes(), LoadedYaml(path.as_posix()), place_depth=EVERY_PLACE
    )
    places = dict(before.places)
    assert len(places) > 300
    # A first parse keeps the places of the file, its list and its records; the rest come
    # from parsing again, before the text is released as after.
    kept = load_yaml(path)
    assert kept.places == {loc: place for loc, place in places.items() if len(loc) <= 2}
    loaded = load_yaml(path)
    loaded.release_text()
    assert loaded.places == {} and loaded.packed_text is not None
    assert len(loaded.packed_text) < len(before.source_text.encode("utf-8")) // 2
    for loc in places:
        assert loaded.position(loc) == kept.position(loc) == before.position(loc)
        assert loaded.position(loc, of_key=True) == before.position(loc, of_key=True)
        assert kept.position(loc, of_key=True) == before.position(loc, of_key=True)
    assert loaded.places == places == kept.places and loaded.packed_text is None


def test_a_released_file_still_places_a_problem_found_across_files(tmp_path: Path) -> None:
    generate_module.generate(tmp_path, 100)
    result = LoadResult()
    loaded = load_file(tmp_path / "data" / "studios.yaml", result, tmp_path)
    line = loaded.position(("studios", 7, "leader"))
    loaded.release_text()
    loaded.error(("studios", 7, "leader"), "x", code="unknown-reference")
    assert (loaded.diagnostics[-1].line, loaded.diagnostics[-1].column) == line
    assert line[0] > 7
