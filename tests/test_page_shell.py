"""Generated pages written from a page shell: whole sites come out byte for byte the same.

Each site is built twice, with ``page_shell`` on and off (off: MkDocs' ``_build_page`` for
every page), and every file of the two is compared. A build that used no shell would pass
that comparison too, so the number of pages written from a shell is checked as well.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from showcase.mkdocs_plugins.records.plugin import RecordsPlugin
from tests.conftest import REPO_ROOT, WriteTree
from tests.test_shared_blocks import BENCH, RECORDS, differing_files
from tests.test_site_build import MKDOCS_YML


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both builds of a pair must date the site alike.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def build_with_shell(config_file: Path, site_dir: Path, *, shell: bool) -> int:
    """Build into site_dir; the number of pages written from a shell."""
    config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    plugin = config.plugins[RECORDS]
    assert isinstance(plugin, RecordsPlugin)
    plugin.config["page_shell"] = shell
    # Counted in the process that writes: one here (test_parallel.py compares workers).
    plugin.config["workers"] = 1
    plugin.config["build_cache_dir"] = ""
    build(config)
    return plugin.page_writer.from_shell


def assert_same_site_either_way(config_file: Path, tmp_path: Path) -> int:
    from_shell = build_with_shell(config_file, tmp_path / "shell", shell=True)
    assert build_with_shell(config_file, tmp_path / "template", shell=False) == 0
    assert differing_files(tmp_path / "shell", tmp_path / "template") == []
    return from_shell


def test_the_real_site_is_the_same_from_the_shell(tmp_path: Path) -> None:
    assert assert_same_site_either_way(REPO_ROOT / "mkdocs.yml", tmp_path) > 0


def test_a_generated_site_is_the_same_from_the_shell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The benchmark's tree at a small size: every kind, many folders, listings and facets.
    monkeypatch.syspath_prepend(str(BENCH))
    from build_benchmark import write_our_tree  # bench/ is a folder of scripts

    tree = tmp_path / "tree"
    tree.mkdir()
    write_our_tree(tree, 150, 1, REPO_ROOT)
    assert assert_same_site_either_way(tree / "mkdocs.yml", tmp_path) > 100


SENTINEL_LIKE = "\ue000title-0123456789abcdef<i>&amp; x</i>\ue001 showcase-shell-0123"
HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    "&amp; &lt;b&gt; & <b>粗</b>",
    "{{ config.site_name }} {% raw %}",
    "\"双引号\" 'single' `tick`",
    SENTINEL_LIKE,
    "劳模 👷 🏭",
    "很长的名字" * 60,
    "空格   和　全角空格",
]


def hostile_people() -> str:
    lines = ["people:"]
    for index, name in enumerate(HOSTILE_NAMES):
        quoted = name.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        lines += [
            f"  - id: person-{index}",
            f'    name: "{quoted}"',
            "    sources: [{source: test-source}]",
        ]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("site_url", ["", "https://example.org/工会/"])
def test_hostile_values_come_out_the_same_from_the_shell(
    write_tree: WriteTree, tmp_path: Path, site_url: str
) -> None:
    # site_url adds the canonical address and the og:url of every page.
    yml = MKDOCS_YML if not site_url else f"site_url: {site_url}\n{MKDOCS_YML}"
    root = write_tree(
        {
            "mkdocs.yml": yml,
            "content/index.md": "# 首页\n",
            "data/people.yaml": hostile_people(),
        }
    )
    from_shell = assert_same_site_either_way(root / "mkdocs.yml", tmp_path)

    assert from_shell >= len(HOSTILE_NAMES) - 2
    page = (tmp_path / "shell" / "people" / "person-0" / "index.html").read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    shown = (tmp_path / "shell" / "people" / "person-4" / "index.html").read_text("utf-8")
    assert "showcase-shell-0123" in shown


def site_with_footer(write_tree: WriteTree, footer: str) -> Path:
    """A site of hostile names whose own theme folder overrides the footer with ``footer``."""
    return write_tree(
        {
            "mkdocs.yml": MKDOCS_YML.replace(
                "  font: false\n", "  font: false\n  custom_dir: overrides\n"
            ),
            "content/index.md": "# 首页\n",
            "data/people.yaml": hostile_people(),
            "overrides/partials/footer.html": footer,
        }
    )


def test_a_template_that_prints_the_title_another_way_gets_no_shell(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    # A site's own footer that prints the title in a way the shell does not know.
    root = site_with_footer(write_tree, "<footer>{{ page.title | upper }}</footer>\n")
    assert assert_same_site_either_way(root / "mkdocs.yml", tmp_path) == 0
    page = (tmp_path / "shell" / "people" / "person-5" / "index.html").read_text("utf-8")
    assert "<footer>劳模 👷 🏭</footer>" in page


def test_a_page_unlike_the_first_of_its_kind_is_rendered_by_the_template(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    # A footer that prints something only some pages have: the confirmations pass on the
    # first pages, the shell must not copy their footer to the others.
    root = site_with_footer(
        write_tree, "<footer>{% if '粗' in page.title %}粗体{% endif %}</footer>\n"
    )
    assert assert_same_site_either_way(root / "mkdocs.yml", tmp_path) == 0
    page = (tmp_path / "shell" / "people" / "person-1" / "index.html").read_text("utf-8")
    assert "<footer>粗体</footer>" in page


def test_the_sites_own_templates_are_checked_for_what_the_shell_cannot_see(
    tmp_path: Path,
) -> None:
    from jinja2 import Environment

    from showcase.mkdocs_plugins.records.shell_templates import unknown_uses

    (tmp_path / "partials").mkdir()
    (tmp_path / "partials" / "known.html").write_text(
        "{% if page.meta and page.meta.title %}{{ page.meta.title | striptags | e }}{% endif %}"
        '{% if "<h1" not in page.content %}<h1>{{ page.title | d(config.site_name, true) }}'
        "</h1>{% endif %}{{ ((config.site_url ~ page.meta.image) if config.site_url"
        " else (page.meta.image | url)) | e }}{{ page.meta.description | upper }}"
        "{% if not page.file.inclusion.is_in_nav() %}x{% endif %}\n",
        encoding="utf-8",
    )
    (tmp_path / "unknown.html").write_text(
        "{{ page.title | upper }}\n{% if '粗' in page.title %}x{% endif %}\n"
        "{% set name = page.meta.title %}\n{{ page['content'] | truncate(3) }}\n",
        encoding="utf-8",
    )
    unknown = unknown_uses(Environment(), tmp_path)
    assert unknown == [f"{tmp_path / 'unknown.html'}:{line}" for line in (1, 2, 3, 4)]


def test_links_from_a_written_page_to_record_pages_are_still_checked(
    write_tree: WriteTree, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # Generated pages are read without Markdown; MkDocs still knows them as link targets.
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n\n[好](people/person-0.md) [坏](people/nobody.md)\n",
            "data/people.yaml": hostile_people(),
        }
    )
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with caplog.at_level("INFO"):
        build(config)
    link_lines = [r.getMessage() for r in caplog.records if "contains a link" in r.getMessage()]
    caplog.clear()  # the expected warning, checked here, is not an unexpected one
    assert link_lines == [
        "Doc file 'index.md' contains a link 'people/nobody.md', "
        "but the target is not found among documentation files."
    ]
    home = (tmp_path / "site" / "index.html").read_text("utf-8")
    assert 'href="people/person-0/"' in home


SEARCHED_YML = MKDOCS_YML.replace("plugins:\n", "plugins:\n  - search\n") + "  - showcase/search\n"


def test_material_search_still_strips_its_attributes_from_a_description_that_holds_one(
    write_tree: WriteTree, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Material's search removes `data-search-…="…"` from every page's content, even from a
    # page it does not index. The shell's writer passes over that handler only where the
    # content holds no `data-search-` (page_shell.run_page_context): an editor's text that
    # does must lose it as in MkDocs' own page writer.
    from material.plugins.search.plugin import SearchPlugin

    handled: list[str] = []
    material_handler = SearchPlugin.on_page_context

    def counted(self: SearchPlugin, context: object, **kwargs: Any) -> object:
        handled.append(kwargs["page"].file.src_uri)
        return material_handler(self, context, **kwargs)

    monkeypatch.setattr(SearchPlugin, "on_page_context", counted)
    people = hostile_people() + (
        "  - id: person-attribute\n"
        "    name: 属性\n"
        '    description: 写在文中的 data-search-boost="2" 不是属性\n'
        "    sources: [{source: test-source}]\n"
    )
    root = write_tree(
        {
            "mkdocs.yml": SEARCHED_YML,
            "content/index.md": "# 首页\n",
            "data/people.yaml": people,
        }
    )
    assert assert_same_site_either_way(root / "mkdocs.yml", tmp_path) > 0
    page = (tmp_path / "shell" / "people" / "person-attribute" / "index.html").read_text("utf-8")
    assert "写在文中的 不是属性" in page
    assert "data-search-boost" not in page
    # Once in each build, the template's; the other people's pages only in that one.
    assert handled.count("people/person-attribute.md") == 2
    assert handled.count("people/person-0.md") == 1
