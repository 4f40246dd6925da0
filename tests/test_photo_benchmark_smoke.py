"""The photo benchmark runs end to end at a small size: correctness of its output, not speed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, script_environment

SCRIPT = REPO_ROOT / "bench" / "photo_benchmark.py"
SECTION = "## Photos: cold and warm build"
LOAD = r"\d+\.\d\d \d+\.\d\d \d+\.\d\d"


def test_three_photos_give_a_baseline_a_cold_and_a_warm_row(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    before = "# Benchmarks\n\n## showcase validate\n\nnumbers of another benchmark\n\n"
    after = "## Site and archive sizes\n\nmore numbers\n"
    output.write_text(f"{before}{SECTION}\n\n| stale row |\n\n{after}", encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--photos", "3", "--records", "60", "--size", "640x480",
         "--warm", "1", "--output", str(output)],
        capture_output=True, text=True, env=script_environment(), cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith(before) and text.endswith("\n" + after)
    assert "stale row" not in text
    rows = re.findall(rf"^\| (.+?) \| [\d.]+ \| \d+ \| ({LOAD}) \| ({LOAD}) \|$", text, re.M)
    assert [what for what, _, _ in rows] == [
        "without photos (baseline)",
        "cold: empty cache, every photo processed",
        "warm 1: every photo from the cache",
    ]
    assert "3 JPEGs of 640×480 pixels with GPS EXIF" in text
    # 640 px wide: 480 and 640, each as WebP and JPEG.
    assert "- Published: 12 files (WebP and JPEG" in text
