"""The search benchmark runs end to end at a small size: its output, not its speed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser


def test_the_search_benchmark_writes_its_row(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPO_ROOT / "plugins"), env.get("PYTHONPATH")) if part
    )
    script = REPO_ROOT / "bench/search_benchmark.py"
    arguments = ["--records", "100", "--repeat", "1", "--output", str(output)]
    completed = subprocess.run(
        [sys.executable, str(script), *arguments],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks")
    row = re.search(
        r"^\| 100 \| 1 \| (\d+\.\d\d) \| (\d+\.\d\d) \| ≤ 1 s \| (yes|\*\*no\*\*) \|"
        r" (\d+\.\d\d) \|$",
        text,
        re.M,
    )
    assert row is not None, text
    first_best, first_worst, full = (float(row.group(n)) for n in (1, 2, 4))
    # The full index's answer comes with the first result or after it, never before.
    assert 0 < first_best <= first_worst <= full
