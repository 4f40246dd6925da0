"""Shared fixtures: small data trees in temporary folders, and strict logging."""

from __future__ import annotations

import logging
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent

# The one source every small test tree cites, with a full text to check quotations against.
SOURCE_YAML = """\
sources:
  - id: test-source
    title: 测试来源
    published: "2013"
    full_text: data/sources/test.txt
"""
SOURCE_TEXT = "天津钢管公司的劳模创新工作室成立一年间，现场“出诊”50余次，获得专利30余项。\n"

# A studio with one misspelt field (leadr): the data error the build and CLI tests expect.
MISSPELT_FIELD_YAML = """\
studios:
  - id: steel-studio
    name: 工作室
    leadr: li-gang
    sources: [{source: test-source}]
"""

WriteTree = Callable[..., Path]


@pytest.fixture
def write_tree(tmp_path: Path) -> WriteTree:
    """Write files into tmp_path: text is dedented and encoded as UTF-8, bytes kept as they are.

    The cited source and its full text are added unless the test passes its own.
    """

    def write(files: dict[str, str | bytes], *, with_source: bool = True) -> Path:
        if with_source:
            files = {"data/sources.yaml": SOURCE_YAML, "data/sources/test.txt": SOURCE_TEXT} | files
        for name, content in files.items():
            path = tmp_path / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(textwrap.dedent(content), encoding="utf-8")
        return tmp_path

    return write


@pytest.fixture(autouse=True)
def fail_on_unexpected_warnings(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Any warning or error logged during a test fails it, unless the test claims it.

    A test that expects a log line asserts on it and then calls ``caplog.clear()``.
    """
    caplog.set_level(logging.INFO)
    yield
    unexpected = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    if unexpected:
        lines = "\n".join(f"{r.levelname} {r.name}: {r.getMessage()}" for r in unexpected)
        pytest.fail(f"unexpected log output:\n{lines}")
