"""Shared fixtures: small data trees in temporary folders, and strict logging."""

from __future__ import annotations

import importlib.util
import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

REPO_ROOT = Path(__file__).resolve().parent.parent


def bench_module(name: str) -> ModuleType:
    """A script of bench/ as a module (bench/ is a folder of scripts, not a package)."""
    bench = REPO_ROOT / "bench"
    if str(bench) not in sys.path:
        sys.path.insert(0, str(bench))  # build_benchmark imports generate as a script does
    spec = importlib.util.spec_from_file_location(f"bench_{name}", bench / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # Registered before it runs: dataclasses look their module up in sys.modules.
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# Under CI (GitHub Actions and .ci/run set CI=true) a skipped test is a test that did not run:
# there it fails instead (see pytest_runtest_makereport).
IN_CI = bool(os.environ.get("CI"))

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


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write files under root, in the order given: text as UTF-8, bytes as they are."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def write_tree(tmp_path: Path) -> WriteTree:
    """Write files into tmp_path: text is dedented and encoded as UTF-8, bytes kept as they are.

    The cited source and its full text are added unless the test passes its own.
    """

    def write(files: dict[str, str | bytes], *, with_source: bool = True) -> Path:
        if with_source:
            files = {"data/sources.yaml": SOURCE_YAML, "data/sources/test.txt": SOURCE_TEXT} | files
        dedented = {
            name: content if isinstance(content, bytes) else textwrap.dedent(content)
            for name, content in files.items()
        }
        return write_files(tmp_path, dedented)

    return write


def build_into(config_file: Path, site_dir: Path) -> Path:
    """Build the site of config_file into site_dir, strictly, as ``mkdocs build`` does."""
    config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    build(config)
    return site_dir


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site, built once per session from mkdocs.yml, content/ and data/."""
    return build_into(REPO_ROOT / "mkdocs.yml", tmp_path_factory.mktemp("real-site"))


def git(root: Path, *arguments: str, date: str | None = None) -> str:
    """Run git in a test repository as a fixed author, apart from the user's git setup.

    ``date`` fixes the author and committer date of a commit, for builds dated by it.
    """
    environment = os.environ | {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(root.parent),
    }
    if date is not None:
        environment |= {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    settings = [
        "user.name=测试",
        "user.email=test@example.org",
        "commit.gpgsign=false",
        "init.defaultBranch=main",
    ]
    completed = subprocess.run(
        ["git", *(part for setting in settings for part in ("-c", setting)), *arguments],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return completed.stdout.strip()


def script_environment() -> dict[str, str]:
    """This environment, with the repository's plugins/ first on the path of a child Python."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        part for part in (str(REPO_ROOT / "plugins"), env.get("PYTHONPATH")) if part
    )
    return env


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI a skip is a failure: what a machine lacks must not pass unnoticed."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[-1] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped, but under CI (CI=true) nothing may be skipped: {reason}"


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


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-goldens``: rewrite the expected files of tests/cases/ from the code as it is."""
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="write tests/cases/**/expected.txt from what the code says now; review the diff",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """Whether this run rewrites golden files instead of comparing with them."""
    return bool(request.config.getoption("--update-goldens"))
