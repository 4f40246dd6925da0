"""ProperDocs, the maintained fork of MkDocs 1.x, builds our sites from the same mkdocs.yml.

ProperDocs installs beside MkDocs as the separate package ``properdocs``. Its command line
aliases every ``mkdocs.*`` import to ``properdocs.*`` (``properdocs/replacement.py``) and reads
the ``mkdocs.plugins`` and ``mkdocs.themes`` entry points, so Material and our plugin load
unchanged. That alias would take over ``mkdocs`` in this test process too, so every build here
runs ``properdocs build`` in a subprocess, whose output is captured rather than logged.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import MISSPELT_FIELD_YAML, REPO_ROOT, WriteTree

MKDOCS_YML = """\
site_name: 测试站点
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - showcase/records
"""

# The Makefile exports these too: MkDocs, Material and ProperDocs each print a banner otherwise.
QUIET_ENV = {
    "NO_MKDOCS_2_WARNING": "1",
    "DISABLE_MKDOCS_2_WARNING": "true",
    "PYTHONIOENCODING": "utf-8",
}


def properdocs_build(root: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run `properdocs build --strict` on root/mkdocs.yml into site_dir; output is captured."""
    # `-f` names the file: without it ProperDocs looks for properdocs.yml first and then logs
    # that mkdocs.yml is a legacy name.
    command = [sys.executable, "-m", "properdocs", "build", "--strict"]
    command += ["-f", str(root / "mkdocs.yml"), "-d", str(site_dir)]
    return subprocess.run(
        command,
        cwd=root,
        env=os.environ | QUIET_ENV,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )


def test_properdocs_builds_a_small_site(write_tree: WriteTree) -> None:
    root = write_tree({"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n"})
    result = properdocs_build(root, root / "site")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "首页" in html
    # Material names the builder in its generator tag: this page came from ProperDocs.
    assert 'content="mkdocs-ProperDocs ' in html


def test_a_data_error_fails_the_properdocs_build_with_the_validate_messages(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n",
            "data/studios.yaml": MISSPELT_FIELD_YAML,
        }
    )
    result = properdocs_build(root, root / "site")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    first = lines.index("ERROR   -  数据有 1 个问题，网站没有生成：")
    assert lines[first + 1].startswith(
        "data/studios.yaml:4:5: studios[0].leadr: 未知字段“leadr”。是不是想写“leader”？"
    )
    # ProperDocs prints its closing line on stdout, the log on stderr.
    assert result.stdout.strip() == "Aborted with a BuildError!"
    assert not (root / "site").exists()


def test_properdocs_builds_the_repository_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = properdocs_build(REPO_ROOT, site)
    assert result.returncode == 0, result.stderr
    assert (site / "index.html").is_file()
    # Material's own search plugin ran in place of ProperDocs' built-in one.
    assert (site / "search" / "search_index.json").is_file()
