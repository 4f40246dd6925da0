"""The names search must find, the script that cuts queries, and the plugin that joins them.

The script's functions run in node (the browser tests run it in Chromium); its search key
must be the one Python writes into the index, character for character.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from showcase.mkdocs_plugins.records import plugin as records_plugin
from showcase.mkdocs_plugins.search import plugin as search_plugin
from showcase.records.catalog import Catalog
from showcase.records.validation import validate
from showcase.site import search_index
from showcase.site.search_terms import (
    ALIASES_BOOST,
    ALIASES_FIELD,
    NAME_END,
    NAMES_BOOST,
    NAMES_FIELD,
    PagesNotInIndexError,
    SearchNames,
    add_names_to_index,
    given_name,
    search_key,
    search_names,
)
from showcase.site.urls import facet_slug
from tests.conftest import SOURCE_TEXT, SOURCE_YAML, WriteTree, write_files
from tests.test_site_build import build_site

SCRIPT = resources.files("showcase.site").joinpath("assets", "showcase-search.js")
SCRIPT_NAME = (
    "showcase-search."
    + hashlib.sha256(SCRIPT.read_text(encoding="utf-8").encode("utf-8")).hexdigest()[:8]
    + ".js"
)

DATA = """\
organizations:
  - id: federation
    name: 天津市总工会
    short_names: [市总工会, 市总, 天津市总工会]
    sources: [{source: test-source}]
people:
  - id: li-gang
    name: 李刚
    organization: federation
    sources: [{source: test-source}]
  - id: ouyang-xiuwen
    name: 欧阳修文
    sources: [{source: test-source}]
studios:
  - id: steel-studio
    name: 第34号劳模创新工作室
    leader: li-gang
    sources: [{source: test-source}]
awards:
  - id: li-gang-model
    honour: 劳动模范
    recipient: li-gang
    sources: [{source: test-source}]
  - id: federation-pioneer
    honour: 工人先锋号
    recipient: federation
    sources: [{source: test-source}]
projects:
  - id: wubi
    title: “五比一创”劳动竞赛
    category: 劳动竞赛
    sources: [{source: test-source}]
"""

MKDOCS_YML = """\
site_name: 测试站点
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
  - showcase/records
  - showcase/search
"""


def catalog_of(root: Path) -> Catalog:
    result = validate([root / "data"], root)
    assert result.diagnostics == []
    return result.catalog


# --- search keys and given names -----------------------------------------------------------

KEYS = {
    "李刚": "李刚",
    "劳动模范：李刚": "劳动模范李刚",
    "劳动模范:李刚": "劳动模范李刚",
    "“五比一创”劳动竞赛": "五比一创劳动竞赛",
    "东原５００千伏变电站": "东原500千伏变电站",  # full-width digits, as an input method types them
    "Tianjin Pipes-2013": "tianjinpipes2013",
    "天津\u200b市 总工会\u3000": "天津市总工会",
    "买买提·艾力": "买买提艾力",
    "𠀀字": "𠀀字",  # a character outside the BMP
    "é": "é",  # a letter with a combining accent stays one letter
    "（ ）、。": "",
}


@pytest.mark.parametrize(("text", "key"), KEYS.items())
def test_a_search_key_keeps_letters_and_digits_only(text: str, key: str) -> None:
    assert search_key(text) == key


@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("李刚", "刚"),
        ("滕仁玲", "仁玲"),
        ("欧阳修文", "修文"),
        ("欧阳", "阳"),  # two characters: a surname and a given name, not a compound surname
        ("张34", "34"),
        ("李", None),
        ("买买提·艾力", None),
        ("Li Gang", None),
    ],
)
def test_a_given_name_is_the_name_without_the_surname(name: str, given: str | None) -> None:
    assert given_name(name) == given


# --- the names of the pages ------------------------------------------------------------------


def test_every_record_page_and_honour_page_gets_its_names(write_tree: WriteTree) -> None:
    catalog = catalog_of(write_tree({"data/records.yaml": DATA}))

    expected = [
        SearchNames(f"awards/honour/{facet_slug('劳动模范')}/index.md", ("劳动模范",)),
        SearchNames(f"awards/honour/{facet_slug('工人先锋号')}/index.md", ("工人先锋号",)),
        SearchNames("awards/federation-pioneer.md", ("工人先锋号天津市总工会",)),
        SearchNames("awards/li-gang-model.md", ("劳动模范李刚",)),
        # A short name that is the full name again is not an alias.
        SearchNames("organizations/federation.md", ("天津市总工会",), ("市总工会", "市总")),
        SearchNames("people/li-gang.md", ("李刚",), ("刚",)),
        SearchNames("people/ouyang-xiuwen.md", ("欧阳修文",), ("修文",)),
        SearchNames("projects/wubi.md", ("五比一创劳动竞赛",)),
        SearchNames("sources/test-source.md", ("测试来源",)),
        SearchNames("studios/steel-studio.md", ("第34号劳模创新工作室",)),
    ]
    assert search_names(catalog) == sorted(expected, key=lambda page: page.src_uri)


def test_the_names_do_not_depend_on_the_order_of_the_files(write_tree: WriteTree) -> None:
    people, rest = DATA.split("studios:\n")
    forward = catalog_of(write_tree({"data/a.yaml": people, "data/b.yaml": "studios:\n" + rest}))
    backward = catalog_of(write_tree({"data/b.yaml": people, "data/a.yaml": "studios:\n" + rest}))

    assert search_names(forward) == search_names(backward)


INDEX: dict[str, Any] = {
    "config": {"lang": ["zh"], "separator": "[\\s]+", "fields": {"title": {"boost": 1000.0}}},
    "docs": [
        {"location": "", "title": "首页", "text": ""},
        {"location": "people/li-gang/", "title": "李刚", "text": ""},
        {"location": "people/li-gang/#facts", "title": "基本信息", "text": "李刚"},
    ],
}


def test_names_go_to_the_first_entry_of_their_page_only() -> None:
    names = {"people/li-gang/": SearchNames("people/li-gang.md", ("李刚",), ("刚", "小刚"))}

    index = add_names_to_index(INDEX, names)

    assert index["config"]["fields"] == {
        "title": {"boost": 1000.0},
        NAMES_FIELD: {"boost": NAMES_BOOST},
        ALIASES_FIELD: {"boost": ALIASES_BOOST},
    }
    assert index["docs"] == [
        INDEX["docs"][0],
        {
            **INDEX["docs"][1],
            NAMES_FIELD: f"李刚{NAME_END}",
            ALIASES_FIELD: f"刚{NAME_END} 小刚{NAME_END}",
        },
        INDEX["docs"][2],
    ]
    assert NAMES_FIELD not in INDEX["docs"][1]  # the index given is left as it was


def test_pages_missing_from_the_index_are_all_named() -> None:
    names = {
        "people/wang-wu/": SearchNames("people/wang-wu.md", ("王五",)),
        "people/li-gang/": SearchNames("people/li-gang.md", ("李刚",)),
        "people/zhang-san/": SearchNames("people/zhang-san.md", ("张三",)),
    }

    with pytest.raises(PagesNotInIndexError) as error:
        add_names_to_index(INDEX, names)

    assert error.value.locations == ["people/wang-wu/", "people/zhang-san/"]


# --- the script, in node ------------------------------------------------------------------


def run_script(function: str, argument: Any) -> Any:
    """Call ``function(script, argument)`` in node, where script is the module's exports."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: the script's tests need it")
        pytest.skip("node is missing")
    program = (
        f"const script = require({json.dumps(str(SCRIPT))});"
        "const argument = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        f"process.stdout.write(JSON.stringify(({function})(script, argument)))"
    )
    done = subprocess.run(
        [node, "-e", program],
        input=json.dumps(argument),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(done.stdout)


def test_the_script_marks_names_as_the_index_does() -> None:
    settings = run_script("s => s.settings", None)

    assert (settings["nameEnd"], settings["namesField"], settings["aliasesField"]) == (
        NAME_END,
        NAMES_FIELD,
        ALIASES_FIELD,
    )


def test_the_script_computes_the_same_search_keys() -> None:
    texts = [*KEYS, "ＡＢＣ１２３", "ﾃｽﾄ", "Ⅻ号", "İstanbul", "ß", "①②", "\U0001f600工会"]

    assert run_script("(s, texts) => texts.map(s.searchKey)", texts) == list(map(search_key, texts))


LEXICON_DOCS = [
    {
        "location": "studios/",
        "title": "劳模\u200b创新\u200b工作室",
        "text": "<p>\u200b天津市\u200b总工会\u200b、\u200b天津\u200b工会</p>",
    },
    {
        "location": "people/li-gang/",
        "title": "李刚",
        "text": "",
        NAMES_FIELD: f"李刚{NAME_END}",
        ALIASES_FIELD: f"刚{NAME_END}",
    },
]


def cut(query: str) -> list[str]:
    function = "(s, a) => s.queryTerms(a.query, s.buildLexicon(a.docs, '[\\\\s\\\\u200b、]+'))"
    terms: list[str] = run_script(function, {"query": query, "docs": LEXICON_DOCS})
    return terms


@pytest.mark.parametrize(
    ("query", "terms"),
    [
        ("天津市总工会", ["天津市", "总工会"]),  # the longest word of the index first
        ("第34号劳模创新工作室", ["第", "34", "号", "劳模", "创新", "工作室"]),
        ("张34", ["张", "34"]),  # split where Han characters meet digits, as the index is
        ("天津 工会：天津", ["天津", "工会"]),
        ("Tianjin Pipes", ["tianjin", "pipes"]),
        ("孔祥瑞", ["孔", "祥", "瑞"]),  # no word of the index: one character each
    ],
)
def test_the_script_cuts_a_query_into_the_words_of_the_index(query: str, terms: list[str]) -> None:
    assert cut(query) == terms


def rewrite(query: str) -> str:
    function = "(s, a) => s.rewriteQuery(a.query, s.buildLexicon(a.docs, '[\\\\s\\\\u200b、]+'))"
    rewritten: str = run_script(function, {"query": query, "docs": LEXICON_DOCS})
    return rewritten


def test_a_name_is_searched_whole_and_boosted_besides_its_words() -> None:
    assert rewrite("李刚") == f"\\李\\刚\\{NAME_END}^100 \\李\\刚"
    assert rewrite(" 刚 ") == f"\\刚\\{NAME_END}^100 \\刚"


def test_other_queries_are_searched_by_their_words_only() -> None:
    # Every character escaped: Material cuts a run of Han characters again, but not one.
    assert rewrite("劳模工作室") == "\\劳\\模 \\工\\作\\室"
    assert rewrite("李刚 工作室") == "\\李\\刚 \\工\\作\\室"
    assert rewrite("：") == "："  # nothing to search: Material shows its own message


def test_the_whole_name_term_is_taken_out_of_results() -> None:
    result = {
        "type": 3,
        "data": {
            "items": [
                [{"location": "a/", "score": 2, "terms": {f"李刚{NAME_END}": True, "李刚": True}}],
                [{"location": "b/", "score": 1, "terms": {f"李刚{NAME_END}": False, "李刚": True}}],
            ]
        },
    }
    cleaned = run_script("(s, result) => s.withoutNameTerm(result)", result)

    assert [item["terms"] for group in cleaned["data"]["items"] for item in group] == [
        {"李刚": True},
        {"李刚": True},
    ]
    assert run_script("(s, m) => s.withoutNameTerm(m)", {"type": 1}) == {"type": 1}


QUICK_DOCS = [
    {"location": "", "title": "首页", "text": "<p>\u200b李刚\u200b的\u200b工作室</p>"},
    {"location": "studios/", "title": "劳模\u200b创新\u200b工作室", "text": "李刚\u200b工作室"},
    {
        "location": "studios/li-gang-studio/",
        "title": "李刚\u200b劳模\u200b创新\u200b工作室",
        "text": "天津\u200b钢管",
        NAMES_FIELD: f"李刚劳模创新工作室{NAME_END}",
    },
    {
        "location": "people/li-gang/",
        "title": "李刚",
        "text": "天津\u200b钢管\u200b集团",
        NAMES_FIELD: f"李刚{NAME_END}",
        ALIASES_FIELD: f"刚{NAME_END}",
    },
    {
        "location": "people/zhang-gang/",
        "title": "张刚",
        "text": "Tianjin Pipes",
        NAMES_FIELD: f"张刚{NAME_END}",
        ALIASES_FIELD: f"刚{NAME_END}",
    },
    {"location": "totals/", "title": "数字\u200b汇总", "text": ""},
    {"location": "totals/#people", "title": "人物", "text": '<a href="p">李刚</a> &amp; 张刚'},
]


def quick(query: str) -> dict[str, Any]:
    function = (
        "(s, a) => s.quickResult(a.query, a.docs, s.buildLexicon(a.docs, '[\\\\s\\\\u200b、]+'))"
    )
    result: dict[str, Any] = run_script(function, {"query": query, "docs": QUICK_DOCS})
    return result


def quick_locations(query: str) -> list[list[str]]:
    return [[item["location"] for item in group] for group in quick(query)["items"]]


def test_quick_answers_put_the_owner_of_a_name_first() -> None:
    # The owner, then the record with every term in its title, then the other pages with
    # both terms; the totals section comes with its page, which leads the group.
    assert quick_locations("李刚") == [
        ["people/li-gang/"],
        ["studios/li-gang-studio/"],
        [""],
        ["studios/"],
        ["totals/#people", "totals/"],
    ]


def test_quick_answers_put_the_owners_of_an_alias_before_other_pages() -> None:
    assert quick_locations("刚")[:2] == [["people/li-gang/"], ["people/zhang-gang/"]]


def test_quick_answers_hold_every_term_of_the_query() -> None:
    # 天津钢管 is cut into the words of the index; only pages with both match.
    assert quick_locations("天津钢管") == [["studios/li-gang-studio/"], ["people/li-gang/"]]
    assert quick_locations("天津钢管集团") == [["people/li-gang/"]]
    assert quick_locations("tianjin PIPES") == [["people/zhang-gang/"]]
    assert quick_locations("王五") == []
    assert quick("：") == {"items": []}


def test_quick_answers_mark_the_terms_outside_tags_and_references() -> None:
    # "amp" and "a" are in the section's markup only: not found there, nor marked.
    assert quick_locations("amp") == []
    assert quick_locations("李刚 a") == []
    assert quick_locations("tianjin a") == [["people/zhang-gang/"]]

    group = quick("李刚")["items"][4]
    section = next(item for item in group if item["location"] == "totals/#people")
    assert section["text"] == '<a href="p"><mark>李刚</mark></a> &amp; 张刚'
    assert section["terms"] == {"李刚": True}
    assert group[0]["score"] > 0 and group[1]["score"] == 0
    owner = quick("李刚")["items"][0][0]
    assert (owner["title"], owner["terms"]) == ("<mark>李刚</mark>", {"李刚": True})


# --- the plugin in real builds ------------------------------------------------------------


def built_index(site: Path) -> dict[str, dict[str, Any]]:
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in index["docs"]}


@pytest.fixture(scope="module")
def indexed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of DATA, built once for the tests that read its index and its pages."""
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": "# 首页\n",
        "data/records.yaml": DATA,
        "data/sources.yaml": SOURCE_YAML,
        "data/sources/test.txt": SOURCE_TEXT,
    }
    return build_site(write_files(tmp_path_factory.mktemp("indexed"), files))


def test_a_build_adds_the_names_and_loads_the_script_before_material(indexed_site: Path) -> None:
    site = indexed_site
    docs = built_index(site)
    assert (docs["people/li-gang/"][NAMES_FIELD], docs["people/li-gang/"][ALIASES_FIELD]) == (
        f"李刚{NAME_END}",
        f"刚{NAME_END}",
    )
    honour = f"awards/honour/{facet_slug('工人先锋号')}/"
    assert docs[honour][NAMES_FIELD] == f"工人先锋号{NAME_END}"
    # One compact entry per record page, from the data: no section entries.
    assert [location for location in docs if location.startswith("people/li-gang/")] == [
        "people/li-gang/"
    ]
    assert NAMES_FIELD not in docs[""]

    script = site / "assets" / "javascripts" / SCRIPT_NAME
    assert script.read_text(encoding="utf-8") == SCRIPT.read_text(encoding="utf-8")
    page = (site / "people" / "li-gang" / "index.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    assert f'<script src="../../assets/javascripts/{SCRIPT_NAME}"></script>' in head
    assert "bundle." not in head  # Material's bundle comes at the end of the body


def test_the_script_sits_in_the_same_place_without_directory_urls(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML + "use_directory_urls: false\n",
            "content/index.md": "# 首页\n",
            "data/records.yaml": DATA,
        }
    )
    site = build_site(root)

    assert built_index(site)["people/li-gang.html"][NAMES_FIELD] == f"李刚{NAME_END}"
    page = (site / "people" / "li-gang.html").read_text(encoding="utf-8")
    assert f'<script src="../assets/javascripts/{SCRIPT_NAME}"></script>' in page


def test_switched_off_it_leaves_material_search_alone(write_tree: WriteTree) -> None:
    yml = MKDOCS_YML.replace("  - showcase/search", "  - showcase/search:\n      enabled: false")
    root = write_tree(
        {"mkdocs.yml": yml, "content/index.md": "# 首页\n", "data/records.yaml": DATA}
    )
    site = build_site(root)

    assert NAMES_FIELD not in built_index(site)["people/li-gang/"]
    assert not list(site.glob("assets/javascripts/showcase-search*"))


@pytest.mark.parametrize(
    ("plugins", "message"),
    [
        (
            "  - showcase/search\n",
            "showcase/search: 需要 showcase/records 插件。请在 mkdocs.yml 的 plugins 里"
            "加上一行“- showcase/records”，写在“- showcase/search”之前。",
        ),
        (
            "  - showcase/search\n  - showcase/records\n",
            "showcase/search: mkdocs.yml 的 plugins 里，“- showcase/records”要写在"
            "“- showcase/search”之前，请把它移到前面。",
        ),
    ],
    ids=["missing", "after"],
)
def test_without_the_records_plugin_before_it_the_build_stops(
    plugins: str, message: str, write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    yml = MKDOCS_YML.replace("  - showcase/records\n  - showcase/search\n", plugins)
    assert yml != MKDOCS_YML
    root = write_tree(
        {"mkdocs.yml": yml, "content/index.md": "# 首页\n", "data/records.yaml": DATA}
    )
    with pytest.raises(Abort):
        build_site(root)

    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [message]
    caplog.clear()


def test_its_index_is_read_and_written_once(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n",
            "content/note.md": "---\ntitle: <img src=x onerror=alert(1)>说明\n---\n正文\n",
            "data/records.yaml": DATA,
        }
    )
    rewrites: list[str] = []
    original = search_index.rewrite_index

    def counted(path: Path, edit: Any) -> bool:
        rewrites.append(path.name)
        return original(path, edit)

    monkeypatch.setattr(search_plugin, "rewrite_index", counted)
    monkeypatch.setattr(records_plugin, "rewrite_index", counted)
    site = build_site(root)

    assert rewrites == ["search_index.json"]
    # The one pass both cleaned Material's titles and added the names.
    assert built_index(site)["note/"]["title"].replace("\u200b", "") == "说明"
    assert built_index(site)["people/li-gang/"][NAMES_FIELD] == f"李刚{NAME_END}"


def test_without_material_search_it_does_nothing(write_tree: WriteTree) -> None:
    yml = MKDOCS_YML.replace("  - search:\n      lang: zh\n", "")
    root = write_tree(
        {"mkdocs.yml": yml, "content/index.md": "# 首页\n", "data/records.yaml": DATA}
    )
    site = build_site(root)

    assert not (site / "search").exists()
    assert not list(site.glob("assets/javascripts/showcase-search*"))


@pytest.mark.parametrize("docs", ["content", "pages"])
def test_a_hand_written_file_may_not_take_the_scripts_place(
    docs: str, write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    # The message names the file where the editor finds it, in the site's own docs folder.
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML.replace("docs_dir: content", f"docs_dir: {docs}"),
            f"{docs}/index.md": "# 首页\n",
            f"{docs}/assets/javascripts/{SCRIPT_NAME}": "alert(1)\n",
            "data/records.yaml": DATA,
        }
    )
    with pytest.raises(Abort):
        build_site(root)

    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"showcase/search: {docs}/assets/javascripts/{SCRIPT_NAME} "
        "与搜索脚本同名，请改名或删除这个文件。"
    ]
    caplog.clear()


def test_record_pages_are_indexed_from_the_data_in_few_words(indexed_site: Path) -> None:
    docs = built_index(indexed_site)
    person = docs["people/li-gang/"]
    assert person["title"] == "李刚"
    # Its own words: name and facts, not the headings and lists of the rendered page.
    assert "基本信息" not in person["text"]
    honours = [location for location in docs if location.startswith("awards/honour/")]
    assert honours
    assert all(docs[location]["text"] == "" for location in honours)
