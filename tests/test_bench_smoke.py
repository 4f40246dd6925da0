"""The benchmark's data generator and script work: correctness at a small size, not speed."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from showcase.records.validation import sorted_diagnostics, validate
from tests.conftest import REPO_ROOT, script_environment

BENCH = REPO_ROOT / "bench"


def _load_generate() -> ModuleType:
    # bench/ is a folder of scripts, not a package: load the file itself.
    spec = importlib.util.spec_from_file_location("bench_generate", BENCH / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs: dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


generate_module = _load_generate()


def _files(root: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((root / "data").glob("*.yaml"))}


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = generate_module.generate(tmp_path / "a", 200)
    second = generate_module.generate(tmp_path / "b", 200)
    assert first == second
    assert _files(tmp_path / "a") == _files(tmp_path / "b")
    assert len(_files(tmp_path / "a")) == 7


def test_identical_bytes_in_another_process(tmp_path: Path) -> None:
    # A different hash seed in a fresh interpreter: iterating a set of strings anywhere
    # in the generator would show up here as different output.
    generate_module.generate(tmp_path / "here", 200)
    env = script_environment() | {"PYTHONHASHSEED": "12345"}
    subprocess.run(
        [sys.executable, str(BENCH / "generate.py"), str(tmp_path / "there"), "--records", "200"],
        check=True,
        capture_output=True,
        env=env,
    )
    assert _files(tmp_path / "here") == _files(tmp_path / "there")


def test_other_seed_gives_other_data(tmp_path: Path) -> None:
    generate_module.generate(tmp_path / "a", 200, seed=1)
    generate_module.generate(tmp_path / "b", 200, seed=2)
    assert _files(tmp_path / "a") != _files(tmp_path / "b")


def test_generated_tree_is_valid(tmp_path: Path) -> None:
    counts = generate_module.generate(tmp_path, 200)
    result = validate([tmp_path / "data"], tmp_path)
    assert [str(d) for d in sorted_diagnostics(result)] == []
    assert len(result.catalog) == sum(counts.values()) == 201


def test_counts_match_the_files(tmp_path: Path) -> None:
    counts = generate_module.generate(tmp_path, 200)
    in_files: dict[str, int] = {}
    for path in sorted((tmp_path / "data").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        assert text.startswith("# yaml-language-server: $schema=../schema/data.schema.json\n")
        ((kind, records),) = yaml.safe_load(text).items()
        assert path.name == f"{kind}.yaml"
        in_files[kind] = len(records)
    assert counts == in_files
    # N counts the six kinds of record; the one source comes on top.
    assert sum(counts.values()) - counts["sources"] == 200
    assert counts == generate_module.split_records(200) | {"sources": 1}


@pytest.mark.parametrize("records", [50, 101, 997, 10_000])
def test_split_adds_up(records: int) -> None:
    assert sum(generate_module.split_records(records).values()) == records


def test_too_few_records_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least"):
        generate_module.generate(tmp_path, 10)


def test_benchmark_script_writes_its_section(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    other_before = "# Benchmarks\n\n## mkdocs build\n\nnumbers of another benchmark\n\n"
    notes = "### A round of work, 2026-12-02 (w-x)\n\nfigures written by hand\n"
    stale = "## showcase validate\n\n| 5 | stale row |\n\n" + notes + "\n"
    other_after = "## search index\n\nmore numbers\n"
    output.write_text(other_before + stale + other_after, encoding="utf-8")

    completed = subprocess.run(
        [sys.executable, str(BENCH / "validate_benchmark.py"), "--records", "100",
         "--repeat", "1", "--memory-top", "3", "--output", str(output)],
        capture_output=True,
        text=True,
        env=script_environment(),
        cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr

    text = output.read_text(encoding="utf-8")
    assert text.startswith(other_before)
    assert text.endswith("\n" + other_after)
    assert "stale row" not in text
    assert text.count("## showcase validate") == 1
    section = text[text.index("## showcase validate") : text.index("## search index")]
    rows = [line for line in section.splitlines() if line.startswith("| 100 |")]
    assert len(rows) == 2  # list files, then record folders
    for row, layout, files in zip(rows, ("lists", "folders"), ("7", "101"), strict=True):
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert cells[1:3] == [layout, files]  # one file per kind, or per record
        # Every run with the load around it, then the best and the median of them.
        assert re.fullmatch(r"[\d.]+ \([\d.]+→[\d.]+\)", cells[4])
        assert float(cells[5]) > 0 and float(cells[6]) >= float(cells[5])
        assert float(cells[7]) > 0  # CPU seconds
        # A one-file change re-checked by LiveValidation: at 100 records it may take less
        # than the 0.005 s the table can show, so it may read 0.00.
        assert re.fullmatch(r"\d+\.\d\d", cells[9])
    assert "--records 100 --repeat 1 --memory-top 3" in section
    # The notes written by hand stay, once, after what the script writes.
    assert section.count(notes) == 1 and section.index(notes) > section.index("| 100 |")
    memory = section[section.index("Where the memory goes at 100 records, lists") :].splitlines()
    assert len([line for line in memory if re.match(r"- [\d.]+ MB, [\d,]+ blocks: ", line)]) == 3


def test_benchmark_script_creates_the_file(tmp_path: Path) -> None:
    output = tmp_path / "new" / "BENCHMARKS.md"
    subprocess.run(
        [sys.executable, str(BENCH / "validate_benchmark.py"), "--records", "100",
         "--repeat", "1", "--output", str(output)],
        check=True,
        capture_output=True,
        env=script_environment(),
    )  # fmt: skip
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n")
    assert "\n## showcase validate\n" in text
