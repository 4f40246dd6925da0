"""The page-weight benchmark runs end to end at a small size, against HEAD as the baseline."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT, script_environment

SCRIPT = REPO_ROOT / "bench" / "page_weight.py"
SECTION = "## Page weight"


def test_the_script_weighs_both_builds_and_rewrites_only_its_section(tmp_path: Path) -> None:
    output = tmp_path / "BENCHMARKS.md"
    other = "# Benchmarks\n\n## showcase validate\n\nnumbers of another benchmark\n"
    output.write_text(other, encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, str(SCRIPT), "--records", "60", "--baseline", "HEAD",
         "--output", str(output)],
        capture_output=True, text=True, env=script_environment(), cwd=tmp_path,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr
    text = output.read_text(encoding="utf-8")
    assert text.startswith(other)
    section = text[text.index(SECTION) :]
    assert "--baseline HEAD" in section
    rows = {
        line.split("|")[1].strip(): line
        for line in section.splitlines()
        if line.startswith("| ") and not line.startswith("| ---")
    }
    # One cell per build in every row: pages and mean bytes, then the record page's parts.
    for kind in ("record pages", "listing pages", "home page"):
        assert re.fullmatch(
            r"\| .+ \| [\d,]+: [\d,]+ \([\d,]+\) \| [\d,]+: [\d,]+ \([\d,]+\) \|", rows[kind]
        ), rows[kind]
    for part in ("<head>", "navigation", "our content (<article>)", "__config JSON", "total"):
        assert re.fullmatch(r"\| .+ \| [\d,]+ \| [\d,]+ \|", rows[part]), rows[part]
    assert "whole site at 100,000 records" in section
    assert "`admin`, `assets` once" in section
    # Every build's bytes under the folders that are not pages, too.
    for folder in ("`downloads`", "`search`", "`feeds`", "`studios`"):
        assert re.fullmatch(r"\| .+ \| [\d,]+ \| [\d,]+ \|", rows[folder]), rows[folder]
