"""Real MkDocs builds of small sites: the data is checked before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from tests.conftest import MISSPELT_FIELD_YAML, WriteTree

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


def build_site(root: Path) -> Path:
    """Build the site at root the way `mkdocs build --strict` does; return the site folder."""
    config = load_config(str(root / "mkdocs.yml"), strict=True)
    build(config)
    return Path(config.site_dir)


def test_a_site_with_clean_data_builds(write_tree: WriteTree) -> None:
    root = write_tree({"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n"})
    site = build_site(root)
    assert "首页" in (site / "index.html").read_text(encoding="utf-8")


def test_a_data_error_fails_the_build_with_the_validate_messages(
    write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n",
            "data/studios.yaml": MISSPELT_FIELD_YAML,
        }
    )
    with pytest.raises(Abort):
        build_site(root)
    (record,) = caplog.records
    assert (record.name, record.levelname) == ("mkdocs.commands.build", "ERROR")
    assert record.getMessage().splitlines()[:2] == [
        "数据有 1 个问题，网站没有生成：",
        "data/studios.yaml:4:5: studios[0].leadr: 未知字段“leadr”。是不是想写“leader”？"
        "可用字段：id、sources、notes、not_duplicate_of、name、leader、organization、district、"
        "industry、level、named、founded、achievements、featured、description、photos。 [unknown-field]",
    ]
    assert not (root / "site").exists()
    caplog.clear()


def test_a_missing_data_folder_is_a_clear_error(
    write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    configured = MKDOCS_YML.replace(
        "  - showcase/records", "  - showcase/records:\n      data_dir: records"
    )
    root = write_tree({"mkdocs.yml": configured, "content/index.md": "# 首页\n"})
    with pytest.raises(Abort):
        build_site(root)
    (record,) = caplog.records
    assert record.getMessage() == (
        f"showcase/records: 找不到数据文件夹 {root / 'records'}（data_dir 设置）。"
    )
    caplog.clear()


def test_mkdocs_serve_rebuilds_when_a_data_file_changes(write_tree: WriteTree) -> None:
    root = write_tree({"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n"})
    config = load_config(str(root / "mkdocs.yml"), strict=True)
    config = config.plugins.on_config(config)
    watched: list[str] = []

    class Server:
        def watch(self, path: str) -> None:
            watched.append(path)

    config.plugins.on_serve(Server(), config=config, builder=lambda: None)

    assert watched == [str(root / "data")]


def test_mkdocs_serve_shows_data_errors_as_a_page_and_the_site_once_fixed(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML + "nav:\n  - 首页: index.md\n  - 工作室: studios/index.md\n",
            "content/index.md": "# 首页\n",
            "data/studios.yaml": MISSPELT_FIELD_YAML.replace("工作室", "<b>工作室</b>"),
        }
    )

    def serve_build() -> Path:
        # What `mkdocs serve` does on each rebuild: a fresh config, plugins told it serves.
        config = load_config(str(root / "mkdocs.yml"), strict=True)
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url="http://127.0.0.1:8000/")
        return Path(config.site_dir)

    site = serve_build()
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "数据有误，预览暂停更新</h1>" in page
    assert (
        '<ol class="showcase-errors"><li><code>data/studios.yaml:4:5: studios[0].leadr: '
        "未知字段“leadr”。是不是想写“leader”？"
    ) in page
    assert "<b>工作室</b>" not in page
    assert not (site / "studios").exists()

    (root / "data/studios.yaml").write_text(
        MISSPELT_FIELD_YAML.replace("    leadr: li-gang\n", ""), encoding="utf-8"
    )
    site = serve_build()
    assert "数据有误" not in (site / "index.html").read_text(encoding="utf-8")
    assert (site / "studios/steel-studio/index.html").is_file()


def test_a_template_changed_since_the_last_build_is_read_again_by_the_next(
    write_tree: WriteTree,
) -> None:
    # Our templates are not asked for changes at every page (templating.py): each build asks
    # once, so the live preview, which builds again in its process, never renders an old one.
    from showcase.site.templating import template_environment

    root = write_tree({"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n"})
    build_site(root)
    environment = template_environment()
    first = environment.get_template("record.html")
    assert environment.get_template("record.html") is first
    first._uptodate = lambda: False  # as if its file had changed
    assert environment.get_template("record.html") is first, "no file asked between builds"
    build_site(root)
    again = environment.get_template("record.html")
    assert again is not first
    assert again.is_up_to_date
