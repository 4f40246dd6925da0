"""Search over a generated site (bench/generate.py), one query of each class, in Chromium.

The Tianjin site (test_search.py) is small and its names were seen while the engine was
written; generated data has names, units and figures nobody chose. The queries are made
from the data: a person's name, its pinyin (full, spaced, initials), a studio's name in
traditional characters, a figure's number as printed, a part of a unit's name, and an
honour that is not in the data; and a name typed in homophones whose given name, so typed,
is another person's (one added to the data for it: 沈超阳 typed 沈超洋 while 于超洋 is
someone else), as a visitor at scale meets it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from opencc import OpenCC

from showcase.records.schema import Figure
from showcase.records.validation import validate
from showcase.site.search_analysis import name_pinyin
from showcase.site.urls import page_url, record_src_uri
from tests.browser.conftest import Tab, serve
from tests.browser.test_search import search_all
from tests.conftest import REPO_ROOT, bench_module
from tests.mistyped_names import Typo, homophone_typos
from tests.test_site_build import build_site

pytestmark = pytest.mark.browser

RECORDS = 300
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:%|[\u4e00-\u9fff])?")


@pytest.fixture(scope="module")
def generated_tree(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Typo]:
    """A generated data tree of RECORDS records with the repository's mkdocs.yml, and a
    name typed in homophones whose typed given name a person added to the tree bears."""
    root = tmp_path_factory.mktemp("generated-search")
    benchmark = bench_module("build_benchmark")
    benchmark.write_our_tree(root, RECORDS, benchmark.DEFAULT_SEED, REPO_ROOT)
    people = validate([root / "data"], root).catalog.people
    names = {person.name for person in people}
    surnames = sorted({person.name[0] for person in people})
    given_chars = {char for person in people for char in person.name[1:]}
    typo, trap = next(
        (typo, surname + typo.typed[1:])
        for typo in homophone_typos(people, given_chars)
        for surname in surnames
        if surname != typo.typed[0] and surname + typo.typed[1:] not in names
    )
    with (root / "data" / "people.yaml").open("a", encoding="utf-8") as file:
        file.write(f"- id: homophone-trap\n  name: {trap}\n  sources:\n  - source: bench-source\n")
    return root, typo


@pytest.fixture(scope="module")
def generated_root(generated_tree: tuple[Path, Typo]) -> Path:
    """The generated tree, built."""
    root, _ = generated_tree
    build_site(root)
    return root


@pytest.fixture(scope="module")
def generated_url(generated_root: Path) -> Iterator[str]:
    with serve(generated_root / "site") as url:
        yield url


def _url(record: object) -> str:
    kind, record_id = record.kind, record.id  # type: ignore[attr-defined]
    return page_url(record_src_uri(kind, record_id), use_directory_urls=True)


def test_each_class_of_query_over_generated_data(
    tab: Tab, generated_root: Path, generated_url: str
) -> None:
    catalog = validate([generated_root / "data"], generated_root).catalog
    names = [record.name for record in catalog.people]
    # A person whose name no other record shares, with a pinyin key no other person has.
    keys = {}
    for person in catalog.people:
        if names.count(person.name) == 1 and len(person.name) >= 2:
            readings = name_pinyin(person.name)
            if readings:
                keys[person.name] = (person, readings)
    person, readings = next(iter(keys.values()))
    full = readings[0]
    studio = next(
        s for s in catalog.studios if [t.name for t in catalog.studios].count(s.name) == 1
    )
    traditional = OpenCC("s2t").convert(studio.name)
    figure = next(
        f for f in catalog.figures if isinstance(f, Figure) and NUMBER.search(str(f.value))
    )
    number = NUMBER.search(str(figure.value))
    assert number is not None
    queries = {
        person.name: _url(person),
        full: _url(person),
        studio.name: _url(studio),
        traditional: _url(studio),
        number.group(): _url(figure),
    }
    found = search_all(tab.page, generated_url, list(queries))

    misses = {
        query: (first, found[query][:3])
        for query, first in queries.items()
        if first not in found[query][:3]
    }
    assert misses == {}
    assert found[person.name][0] == _url(person)
    assert found[full][0] == _url(person)
    assert traditional != studio.name
    assert found[traditional][0] == _url(studio)

    # An honour that is not in the data (和平 is: a district): the list says so.
    tab.page.locator("input.md-search__input").fill("诺贝尔奖")
    tab.page.keyboard.press("End")
    tab.page.locator(".md-search-result__meta").filter(
        has_text="数据里没有“诺贝尔奖”这个词。"
    ).wait_for()
    assert tab.page.locator(".md-search-result__item").count() == 0
    assert tab.requests_off_machine() == []


def test_a_name_typed_in_homophones_finds_the_name_that_reads_so_first(
    tab: Tab, generated_tree: tuple[Path, Typo], generated_url: str
) -> None:
    _, typo = generated_tree
    found = search_all(tab.page, generated_url, [typo.typed])
    # The one meant, not the person whose given name the query holds as a word.
    assert found[typo.typed][:1] == [_url(typo.person)], (typo.typed, typo.person.name)
    assert "people/homophone-trap/" in found[typo.typed]  # one character away, after
    tab.page.locator(".md-search-result__meta").filter(
        has_text=f"数据里没有“{typo.typed}”这个词。您是不是要找："
    ).wait_for()
    assert tab.requests_off_machine() == []


def test_the_generated_index_keeps_shards_small(generated_root: Path) -> None:
    shards = sorted((generated_root / "site/search/showcase").glob("*.js"))
    assert len(shards) > 10
    assert max(path.stat().st_size for path in shards) < 200_000
