"""Theme blocks shared between generated pages: whole sites come out byte for byte the same.

Each site is built twice, with ``share_theme_blocks`` on and off, and every file of the two
is compared. A build that shared nothing would pass that comparison too, so the number of
blocks reused is checked as well.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from tests.conftest import REPO_ROOT, WriteTree
from tests.test_site_build import MKDOCS_YML

BENCH = REPO_ROOT / "bench"
RECORDS = "showcase/records"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both builds of a pair must date the site alike.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def build_with_sharing(config_file: Path, site_dir: Path, *, share: bool) -> int:
    """Build into site_dir; the number of theme blocks reused instead of rendered."""
    config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    plugin = config.plugins[RECORDS]
    plugin.config["share_theme_blocks"] = share
    # The blocks serve pages rendered by the template; the page shell renders it once per
    # kind of page instead (tests/test_page_shell.py).
    plugin.config["page_shell"] = False
    # Reuse is counted in the process that renders: one here (tests/test_parallel.py
    # compares builds with several workers).
    plugin.config["workers"] = 1
    build(config)
    return plugin.shared_blocks.reused if plugin.shared_blocks is not None else 0


def differing_files(first: Path, second: Path) -> list[str]:
    """Files that are missing from one of the folders or differ in a single byte."""
    first_files = {path.relative_to(first) for path in first.rglob("*") if path.is_file()}
    second_files = {path.relative_to(second) for path in second.rglob("*") if path.is_file()}
    differing = sorted(str(path) for path in first_files ^ second_files)
    for path in sorted(first_files & second_files):
        if not filecmp.cmp(first / path, second / path, shallow=False):
            differing.append(str(path))
    return differing


def assert_same_site_either_way(config_file: Path, tmp_path: Path) -> int:
    reused = build_with_sharing(config_file, tmp_path / "shared", share=True)
    assert build_with_sharing(config_file, tmp_path / "rendered", share=False) == 0
    assert differing_files(tmp_path / "shared", tmp_path / "rendered") == []
    return reused


def test_the_real_site_is_the_same_with_shared_blocks(tmp_path: Path) -> None:
    reused = assert_same_site_either_way(REPO_ROOT / "mkdocs.yml", tmp_path)
    assert reused > 0


def test_a_generated_site_is_the_same_with_shared_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The benchmark's tree at a small size: every kind, many folders, listings and facets.
    monkeypatch.syspath_prepend(str(BENCH))
    from build_benchmark import write_our_tree  # bench/ is a folder of scripts

    tree = tmp_path / "tree"
    tree.mkdir()
    write_our_tree(tree, 150, 1, REPO_ROOT)
    reused = assert_same_site_either_way(tree / "mkdocs.yml", tmp_path)
    # Nine blocks on each of at least 150 record pages, less two renders per folder.
    assert reused > 150 * 9 - 2 * 9 * 10


OVERRIDE_YML = MKDOCS_YML.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
PEOPLE_YAML = """\
people:
  - id: li-gang
    name: 李刚
    sources: [{source: test-source}]
  - id: zhang-san
    name: 张三
    sources: [{source: test-source}]
  - id: wang-wu
    name: 王五
    sources: [{source: test-source}]
"""


def test_a_block_that_shows_the_page_is_rendered_for_every_page(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    # A site's own footer that names the page: it must not be copied from page to page.
    root = write_tree(
        {
            "mkdocs.yml": OVERRIDE_YML,
            "content/index.md": "# 首页\n",
            "data/people.yaml": PEOPLE_YAML,
            "overrides/partials/footer.html": "<footer>本页：{{ page.title }}</footer>\n",
        }
    )
    reused = assert_same_site_either_way(root / "mkdocs.yml", tmp_path)

    assert reused > 0  # the other blocks are still shared
    for slug, name in [("li-gang", "李刚"), ("zhang-san", "张三"), ("wang-wu", "王五")]:
        page = (tmp_path / "shared" / "people" / slug / "index.html").read_text(encoding="utf-8")
        assert f"<footer>本页：{name}</footer>" in page
