"""The search quality runner and the search benchmark run in Chromium: their output, not scores.

Scores are figures for BENCHMARKS.md, not targets: nothing here asserts how good the search
is, only that every query was typed, answered and scored, and that the benchmark writes
its rows and keeps the rows of other code.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT, script_environment
from tests.test_search_quality import quality

pytestmark = pytest.mark.browser


def test_the_runner_scores_every_tianjin_query(real_site: Path) -> None:
    queries = quality.load_queries(quality.TIANJIN_QUERIES)
    # The runner starts Playwright's sync API, as the benchmark script does; in its own thread,
    # since the browser tests before it keep one running in this thread (one per thread only).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as runner:
        outcomes = runner.submit(quality.run_suite, real_site, queries).result()
    assert [outcome.query for outcome in outcomes] == queries
    # Every answer was read: a result list or a message, never nothing at all.
    assert all(outcome.results or outcome.message for outcome in outcomes)
    # The links were read right: some query found its page (the score itself is not judged).
    assert any(outcome.top1 for outcome in outcomes if outcome.query.kind == "exact")
    rows = quality.scores(outcomes)
    assert rows[-1].kind == "all" and rows[-1].asked == len(queries)


def run_benchmark(arguments: list[str]) -> None:
    """Run bench/search_benchmark.py with these arguments; it must succeed."""
    completed = subprocess.run(
        [sys.executable, str(REPO_ROOT / "bench/search_benchmark.py"), *arguments],
        capture_output=True,
        text=True,
        env=script_environment(),
        check=False,
        timeout=900,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_the_benchmark_writes_its_rows_and_keeps_other_codes(tmp_path: Path) -> None:
    results = tmp_path / "search_results.json"
    earlier = {
        "label": "other@0000000", "fingerprint": "f", "date": "d", "machine": "m",
        "chromium": "c", "command": "python bench/search_benchmark.py", "sizes": [],
        "tianjin": {"name": "Tianjin (hand-written)", "scores": {"all": [1, 1, 1]},
                    "misses": []},
    }  # fmt: skip
    results.write_text(json.dumps([earlier]), encoding="utf-8")
    output = tmp_path / "BENCHMARKS.md"
    work = tmp_path / "work"
    arguments = ["--records", "100", "--loads", "1", "--skip-tianjin", "--label", "this"]
    arguments += ["--results", str(results), "--output", str(output), "--work", str(work)]
    run_benchmark(arguments)
    text = output.read_text(encoding="utf-8")
    assert text.count("## Search") == 1
    assert "### other@0000000" in text and "### this" in text
    loads = [line for line in text.splitlines() if line.startswith("| 100 | ") and " ×" in line]
    settings = {tuple(cell.strip() for cell in line.split("|")[3:5]) for line in loads}
    assert settings == {("http", "×1"), ("http", "×4"), ("file", "×1"), ("file", "×4")}
    for line in loads:
        cells = line.split("|")
        clock, loaded = cells[5].strip(), float(cells[6])
        first, full = (float(cell) for cell in cells[7:9])
        # Seconds from the load event, when the page typed the query; the load came first.
        assert clock == "load"
        assert loaded > 0
        assert 0 < first <= full
        # The engine's marks say where the time went, up to its answer.
        marks = [mark.split(" ")[0] for mark in cells[11].strip().split(", ")]
        assert {"query", "terms", "documents", "answer"} <= set(marks)
    queries = quality.distinct(quality.generated_queries(work / "records-100/ours"))
    assert f"| all queries | {len(queries)} |" in text
    runs = json.loads(results.read_text(encoding="utf-8"))
    assert [run["label"] for run in runs] == ["other@0000000", "this"]
    (size,) = runs[1]["sizes"]
    assert size["index"]["raw"] > size["index"]["gzipped"] > 0
    assert all(load["bytes_before"] > 0 for load in size["loads"] if load["source"] == "http")
    # The bytes before the answer by kind: the page's own, the manifest, the term shards.
    http = next(load for load in size["loads"] if load["source"] == "http")
    assert {"page", "manifest", "term shards"} <= set(http["bytes_by_kind"])
    assert sum(size for _, size in http["bytes_by_kind"].values()) == http["bytes_before"]

    # Again on the kept site and archive: only their indexes are built.
    (work / "records-100/ours/site/search/showcase/manifest.js").unlink()
    again = ["--reuse"]
    run_benchmark([*arguments, *again])
    assert (work / "records-100/ours/site/search/showcase/manifest.js").is_file()
    # The code's script, under the name the pages load.
    (loaded,) = (work / "records-100/ours/site/assets/javascripts").glob("showcase-search.*.js")
    script = REPO_ROOT / "plugins/showcase/site/assets/showcase-search.js"
    assert loaded.read_bytes() == script.read_bytes()
    (size,) = json.loads(results.read_text(encoding="utf-8"))[1]["sizes"]
    assert size["reindexed"]
    assert {load["source"] for load in size["loads"]} == {"http", "file"}
    assert all(load["expected_first"] for load in size["loads"])
    assert re.search(r"^\| 100 \| [\d,]+ \| index only: ", output.read_text("utf-8"), re.M)
