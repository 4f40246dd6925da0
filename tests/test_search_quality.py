"""The search quality suite's queries and scoring (bench/search_quality.py), without a browser.

The scores themselves are figures for BENCHMARKS.md, never asserted here: these tests check
that the query sets are well formed and name pages that exist, and how an answer is scored.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import bench_module

quality = bench_module("search_quality")
generate = bench_module("generate")


def test_the_tianjin_set_has_every_class_and_names_pages_of_the_site(real_site: Path) -> None:
    queries = quality.load_queries(quality.TIANJIN_QUERIES)
    per_class = Counter(query.kind for query in queries)
    assert set(per_class) == set(quality.CLASSES)
    assert min(per_class.values()) >= 8
    assert len(queries) >= 100
    assert len({query.text for query in queries}) == len(queries)  # no query asked twice
    quality.check_pages_exist(queries, real_site)  # raises on a page the site lacks
    assert all(not query.expected for query in queries if query.kind == "absent")


def test_a_query_that_expects_a_missing_page_stops_the_run(tmp_path: Path, real_site: Path) -> None:
    path = tmp_path / "queries.yaml"
    path.write_text(
        "- {class: exact, query: 孔祥瑞, expect: [people/kong-xiangrui]}\n"
        "- {class: exact, query: 某人, expect: [people/no-such-person]}\n",
        encoding="utf-8",
    )
    queries = quality.load_queries(path)
    with pytest.raises(SystemExit, match="某人 -> people/no-such-person/"):
        quality.check_pages_exist(queries, real_site)


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("- {class: names, query: 孔祥瑞, expect: [people/kong-xiangrui]}", "unknown class"),
        ("- {class: absent, query: 孔祥瑞, expect: [people/kong-xiangrui]}", "only an absent"),
        ("- {class: exact, query: 孔祥瑞, expect: []}", "only an absent"),
        ("- {class: exact, query: 孔祥瑞, expect: [kong-xiangrui]}", "kind/id"),
    ],
)
def test_a_malformed_query_is_refused(tmp_path: Path, line: str, problem: str) -> None:
    path = tmp_path / "queries.yaml"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=problem):
        quality.load_queries(path)


def test_listing_pages_are_named_by_their_facet_value() -> None:
    from showcase.site.urls import facet_slug

    assert quality.page_path("people/li-gang") == "people/li-gang/"
    assert (
        quality.page_path("organizations/industry/电力")
        == f"organizations/industry/{facet_slug('电力')}/"
    )


@pytest.fixture(scope="module")
def generated_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("generated")
    generate.generate(tree, 300, generate.DEFAULT_SEED)
    return tree


def test_the_generated_set_is_stable_and_has_every_class(generated_tree: Path) -> None:
    queries = quality.generated_queries(generated_tree)
    assert quality.generated_queries(generated_tree) == queries
    per_class = Counter(query.kind for query in queries)
    assert set(per_class) == set(quality.CLASSES)
    assert all(query.expected for query in queries if query.kind != "absent")
    data = "".join(path.read_text(encoding="utf-8") for path in generated_tree.rglob("*.yaml"))
    absent = [query.text for query in queries if query.kind == "absent"]
    assert absent and not [word for word in absent if word in data]
    assert {"王小明", "qwerty"} <= set(absent)  # not only honours
    mixed = [query.text.split(" ") for query in queries if query.kind == "mixed"]
    assert mixed and all(present in data and absent not in data for present, absent in mixed)
    pinyin = [query.text for query in queries if query.kind == "pinyin"]
    assert pinyin and all(text.replace(" ", "").isascii() for text in pinyin)
    assert any(" " in text for text in pinyin)  # spaced syllables are one of the forms
    numbers = [query.text for query in queries if query.kind == "number"]
    assert numbers and all(text[0].isdigit() for text in numbers)


def test_a_typo_is_never_another_persons_real_name(generated_tree: Path) -> None:
    queries = quality.generated_queries(generated_tree)
    exact_texts = {query.text for query in queries if query.kind == "exact"}
    typos = [query for query in queries if query.kind == "typo"]
    assert typos
    for typo in typos:
        assert typo.text not in exact_texts
        (page,) = typo.expected
        assert page.startswith("people/")


def _outcome(kind: str, results: tuple[str, ...], message: str = "", text: str = "q") -> object:
    query = quality.Query(kind, text, frozenset({"people/li-gang/"} if kind != "absent" else ()))
    return quality.Outcome(query, results, message)


def test_scores_count_first_and_first_five() -> None:
    first = _outcome("exact", ("people/li-gang/", "people/x/"))
    fifth = _outcome("exact", ("a/", "b/", "c/", "d/", "people/li-gang/"))
    sixth = _outcome("exact", ("a/", "b/", "c/", "d/", "e/", "people/li-gang/"))
    plain_no = _outcome("absent", (), "没有找到符合条件的结果", "鲁班奖")
    suggestions = _outcome("absent", ("people/x/",), "数据里没有“鲁班奖”这个词。下面是……", "鲁班奖")
    silent_no = _outcome("absent", (), "", "鲁班奖")
    pages = _outcome("absent", ("people/x/", "people/y/"), "2 个符合条件的结果", "鲁班奖")
    one_page = _outcome("absent", ("people/x/",), "找到 1 个符合条件的结果", "鲁班奖")
    outcomes = [first, fifth, sixth, plain_no, suggestions, silent_no, pages, one_page]
    rows = {row.kind: row for row in quality.scores(outcomes)}
    assert (rows["exact"].asked, rows["exact"].top1, rows["exact"].top5) == (3, 1, 2)
    assert (rows["absent"].asked, rows["absent"].top1, rows["absent"].top5) == (5, 2, 2)
    assert (rows["all"].asked, rows["all"].top1, rows["all"].top5) == (8, 3, 4)


def test_an_absent_word_counts_only_when_the_line_says_no_record_holds_that_word() -> None:
    mentioned = _outcome(
        "absent",
        ("download/",),
        "没有记录含有“全国五一劳动奖章”；下面是提到它的页面：",
        "全国五一劳动奖章",
    )
    no_word = _outcome("absent", (), "数据里没有“全国五一劳动奖章”这个词。", "全国五一劳动奖章")
    # A line that names another word, or says nothing is missing, is no answer for it.
    other = _outcome("absent", ("people/x/",), "数据里没有“鲁班奖”这个词。", "全国五一劳动奖章")
    found = _outcome(
        "absent", ("download/",), "下面是提到“全国五一劳动奖章”的页面：", "全国五一劳动奖章"
    )
    rows = {row.kind: row for row in quality.scores([mentioned, no_word, other, found])}
    assert (rows["absent"].asked, rows["absent"].top1) == (4, 2)


def test_a_mixed_query_counts_only_when_the_list_says_the_absent_word_is_not_there() -> None:
    said = _outcome("mixed", ("people/li-gang/",), "数据里没有“鲁班奖”这个词；下面是……")
    silent = _outcome("mixed", ("people/li-gang/",), "1 个符合条件的结果")
    second = _outcome("mixed", ("people/x/", "people/li-gang/"), "数据里没有“鲁班奖”这个词；")
    rows = {row.kind: row for row in quality.scores([said, silent, second])}
    assert (rows["mixed"].asked, rows["mixed"].top1, rows["mixed"].top5) == (3, 1, 2)


def test_result_links_become_paths_from_the_site_root() -> None:
    http = "http://127.0.0.1:8000/"
    assert quality.relative_path(http + "people/li-gang/#__h", http) == "people/li-gang/"
    assert quality.relative_path(http + "people/li-gang/?q=1", http) == "people/li-gang/"
    disk = "file:///tmp/site/"
    assert quality.relative_path(disk + "people/li-gang.html", disk) == "people/li-gang/"
    assert quality.relative_path(disk + "people/index.html", disk) == "people/"
