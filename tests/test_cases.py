"""Diagnostics as golden files: each folder under tests/cases/ is a small data tree and the
messages ``showcase validate`` prints for it.

A case folder holds the data files as they go into ``data/`` (bytes kept as they are, see
.gitattributes) and ``expected.txt``, every diagnostic as printed, one a line, in the order
the command prints them. The cited test source is added unless the case has its own
``sources.yaml``. After a change to a message, ``pytest tests/test_cases.py
--update-goldens`` rewrites the expected files; the diff is what a reviewer reads.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from showcase.records.validation import sorted_diagnostics, validate
from tests.conftest import SOURCE_TEXT, SOURCE_YAML, write_files

CASES = Path(__file__).parent / "cases"
EXPECTED = "expected.txt"


def case_folders() -> list[Path]:
    """Every case: a folder two levels down (group/case) with at least one data file."""
    return sorted(folder for folder in CASES.glob("*/*") if any(folder.glob("*.yaml")))


def printed_diagnostics(case: Path, root: Path) -> str:
    """What ``showcase validate`` prints for the case's files placed in ``root/data``."""
    if not (case / "sources.yaml").exists():
        write_files(root, {"data/sources.yaml": SOURCE_YAML, "data/sources/test.txt": SOURCE_TEXT})
    for path in sorted(case.rglob("*")):
        if path.is_file() and path.name != EXPECTED:
            target = root / "data" / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    result = validate([root / "data"], root)
    return "".join(f"{diagnostic}\n" for diagnostic in sorted_diagnostics(result))


@pytest.mark.parametrize(
    "case", case_folders(), ids=lambda case: case.relative_to(CASES).as_posix()
)
def test_the_messages_of_a_case_are_its_golden_file(
    case: Path, tmp_path: Path, update_goldens: bool
) -> None:
    printed = printed_diagnostics(case, tmp_path)
    expected = case / EXPECTED
    if update_goldens:
        expected.write_bytes(printed.encode("utf-8"))
    assert expected.exists(), f"{expected} is missing: run pytest --update-goldens"
    assert printed == expected.read_bytes().decode("utf-8")


def test_the_cases_are_found_and_each_has_its_golden_file() -> None:
    folders = case_folders()
    assert len(folders) >= 40
    assert {folder.parent.name for folder in folders} == {"loader", "checks"}
    # A folder without data files would be skipped silently; a stray expected.txt too.
    assert sorted(path.parent for path in CASES.glob(f"*/*/{EXPECTED}")) == folders
