"""What the search says absent, and what it finds first, over a generated site (in node).

Held out from the engine's tuning: every query is made by a rule from the generated data
(bench/generate.py) and from a hand-written page, none picked by hand. Per class:

- a run of a hand-written page's text is found, never said absent, though its words are
  no words of the data, also beyond the first 2,000 characters (what the index's bigrams
  and the stored text come from); where no record holds it, the list says so plainly
  ("没有记录含有…；下面是提到它的页面：") above the page;
- a run of a record's description (stored cut at 60 characters, no bigrams) is never said
  absent;
- an honour the data does not hold, made of the parts of two it holds, is said absent,
  though a hand-written page names both of them;
- a notice never says absent what a result below it holds whole (石油行业: the listing
  of the industry 石油);
- a figure's value as printed (with its unit, qualifier, full-width ％) finds that figure
  first;
- a person's name typed wrong (tests/mistyped_names.py: in homophones, or with another
  person's given name one character from the own) finds the one meant first, and is said
  to be no word of the data.
"""

from __future__ import annotations

import itertools
import random
import re
from pathlib import Path
from typing import Any

import jieba
import pytest

from showcase.records.catalog import Catalog
from showcase.records.schema import Figure, Person, RecordKind
from showcase.records.validation import validate
from showcase.site.search_analysis import HAN_RUN
from showcase.site.urls import listing_src_uri, page_url, record_src_uri
from tests.conftest import REPO_ROOT, bench_module
from tests.mistyped_names import (
    Typo,
    given_name_typos,
    homophone_typos,
    middle_character_typos,
    one_away,
)
from tests.test_search_terms import search
from tests.test_site_build import build_site

RECORDS = 300
# A hand-written page of ordinary words, and a sentence that names honours of the data.
GUIDE = """\
# 核对须知

每条摘录都要与来源原文逐字比对，发现出入时先记下页码再询问编辑。

本站收录的荣誉包括：{honours}。

本站不收录{unheld}的获得者。
"""
UNHELD = re.compile("本站不收录(.+)的获得者")
GUIDE_LOCATION = "guide/"
# A long hand-written page: its last paragraph stands beyond the first 2,000 characters.
LONG_PAGE = "# 查阅规则\n\n{rules}\n\n档案室每周三下午开放，查阅旧报纸须先登记借阅证号码，复印件加盖骑缝章。\n"
LONG_RULE = "第{n}条：摘录须注明出处、版次和页码，转述不得改变原意。"
LONG_LOCATION = "rules/"
TAG = re.compile(r"<[^>]*>")
ABSENT = re.compile("数据里没有“([^”]+)”")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Catalog, str]:
    """The generated site with a hand-written guide; its catalog and the guide's text."""
    root = tmp_path_factory.mktemp("precision")
    benchmark = bench_module("build_benchmark")
    benchmark.write_our_tree(root, RECORDS, benchmark.DEFAULT_SEED, REPO_ROOT)
    catalog = validate([root / "data"], root).catalog
    honours = sorted({award.honour for award in catalog.awards})
    # An honour no record holds, made of the parts of two that some do: only the guide
    # names it, as the data dictionary names 全国五一劳动奖章.
    unheld = _unheld_honours(catalog, _data_text(root))[0]
    guide = GUIDE.format(honours="、".join(honours), unheld=unheld)
    (root / "content" / "guide.md").write_text(guide, encoding="utf-8")
    rules = "\n\n".join(LONG_RULE.format(n=n) for n in range(1, 81))
    (root / "content" / "rules.md").write_text(LONG_PAGE.format(rules=rules), encoding="utf-8")
    config = root / "mkdocs.yml"
    home = "- 首页: index.md\n"
    text = config.read_text(encoding="utf-8")
    assert home in text
    pages = "- 核对须知: guide.md\n- 查阅规则: rules.md\n"
    config.write_text(text.replace(home, f"{home}{pages}"), encoding="utf-8")
    return build_site(root), catalog, guide


def _unheld_honours(catalog: Catalog, text: str) -> list[str]:
    """The first half of one honour of the data and the second half of another, every pair
    whose whole the text does not hold, sorted."""
    honours = sorted({award.honour for award in catalog.awards})
    made = (
        first[: len(first) // 2] + second[len(second) // 2 :]
        for first, second in itertools.permutations(honours, 2)
    )
    return sorted({honour for honour in made if honour not in text})


def _data_text(root: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in (root / "data").rglob("*.yaml"))


def _plain(html: str) -> str:
    return TAG.sub("", html)


def _said_absent(answer: dict[str, Any]) -> list[str]:
    return ABSENT.findall(answer["message"] or "")


def _never_contradicted(answers: dict[str, Any]) -> None:
    """No answer says absent a run that one of its results holds whole."""
    for query, answer in answers.items():
        if query == "loads":
            continue
        for run in _said_absent(answer):
            held = [
                item["location"]
                for item in answer["items"]
                if run in _plain(item["title"]) + _plain(item["text"])
            ]
            assert held == [], (query, run)


def test_runs_of_a_hand_written_page_are_found_and_said_only_there(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, _, guide = generated
    data = _data_text(site.parent)
    sentence = next(line for line in guide.splitlines() if line.startswith("每条"))
    # Every four characters of it: runs of words that jieba cuts apart, and of words
    # that no record holds.
    queries = sorted(
        {
            run[start : start + 4]
            for run in HAN_RUN.findall(sentence)
            for start in range(len(run) - 3)
        }
    )
    answers = search(site, *queries)
    for query in queries:
        # No record holds it: said so plainly, and the guide that mentions it listed.
        only_pages = f"没有记录含有“{query}”；下面是提到它的页面："
        assert answers[query]["message"] == (None if query in data else only_pages), query
        assert GUIDE_LOCATION in answers[query]["locations"], query
    _never_contradicted(answers)


def _word_runs(text: str) -> set[str]:
    """Two and three words in a row, one of them of two characters at least.

    A run with no such word (须先, or 纸须先登 cut out of 报纸须先登记) holds no term to
    find its pages by, and is said absent (ARCHITECTURE.md, "What absent means").
    """
    return {
        "".join(words[start : start + size])
        for han in HAN_RUN.findall(text)
        for words in [jieba.lcut(han, HMM=False)]
        for size in (2, 3)
        for start in range(len(words) - size + 1)
        if any(len(word) > 1 for word in words[start : start + size])
    }


def test_runs_beyond_the_first_2000_characters_of_a_hand_written_page_are_found(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, _, _ = generated
    page = (site.parent / "content" / "rules.md").read_text(encoding="utf-8")
    last = page.strip().splitlines()[-1]
    assert len("".join(page.split())) - len(last) > 2000  # all of it beyond the stored text
    queries = sorted(_word_runs(last))
    assert len(queries) >= 10
    answers = search(site, *queries)
    absent = {query: answers[query]["message"] for query in queries if _said_absent(answers[query])}
    assert absent == {}
    for query in queries:
        assert LONG_LOCATION in answers[query]["locations"], query
    _never_contradicted(answers)


def test_runs_of_records_descriptions_are_never_said_absent(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, catalog, _ = generated
    records = [*catalog.people, *catalog.studios, *catalog.organizations]
    descriptions = sorted(str(record.description) for record in records if record.description)
    runs = sorted(set().union(*(_word_runs(text) for text in descriptions)))
    queries = random.Random(16).sample(runs, 60)
    answers = search(site, *queries)
    absent = {query: answers[query]["message"] for query in queries if _said_absent(answers[query])}
    assert absent == {}
    _never_contradicted(answers)


def test_an_honour_made_of_two_held_ones_is_said_absent(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, catalog, guide = generated
    # The first half of one and the second half of another: the guide holds both parts
    # (and most of their bigrams), no page holds the whole.
    queries = _unheld_honours(catalog, _data_text(site.parent) + guide)[:8]
    assert len(queries) >= 4
    answers = search(site, *queries)
    for query in queries:
        assert answers[query]["message"].startswith(f"数据里没有“{query}”这个词"), query
        assert GUIDE_LOCATION not in answers[query]["locations"][:1], query
    _never_contradicted(answers)


def test_an_honour_only_a_hand_written_page_names_is_said_held_by_no_record(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, _, guide = generated
    match = UNHELD.search(guide)
    assert match is not None
    honour = match.group(1)
    assert honour not in _data_text(site.parent)
    answer = search(site, honour)[honour]
    assert answer["message"] == f"没有记录含有“{honour}”；下面是提到它的页面："
    # The page that mentions it, not the records and listings of its parts.
    assert answer["locations"] == [GUIDE_LOCATION]


def test_a_topic_named_with_its_facet_finds_its_listing_without_a_notice(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, catalog, _ = generated
    industries = sorted({o.industry for o in catalog.organizations if o.industry})
    queries = {f"{industry}行业": industry for industry in industries}
    answers = search(site, *queries)
    for query, industry in queries.items():
        listing = listing_src_uri(RecordKind.ORGANIZATIONS, 1, "industry", industry)
        assert answers[query]["message"] is None, (query, answers[query]["message"])
        assert answers[query]["locations"][0] == page_url(listing, use_directory_urls=True)
        # Marked where the brackets part it, in the field that names it so.
        snippet = answers[query]["items"][0]["text"]
        assert f"<b>分类</b>：<mark>{industry}</mark>（<mark>行业</mark>）" in snippet, snippet
    _never_contradicted(answers)


def test_a_figures_value_as_printed_finds_that_figure_first(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, catalog, _ = generated
    figures = [f for f in catalog.figures if isinstance(f, Figure)]
    values = [str(f.value) for f in figures]
    # Values with a digit that no other figure states as its value.
    unique = {
        str(f.value): f
        for f in figures
        if re.search(r"\d", str(f.value)) and values.count(str(f.value)) == 1
    }
    queries = dict(unique)
    queries.update({value.replace("%", "％"): f for value, f in unique.items() if "%" in value})
    assert any(re.search("[余多]", value) for value in queries)
    assert any(re.search("万.", value) for value in queries)  # a magnitude and a unit
    answers = search(site, *queries)
    for query, figure in queries.items():
        location = page_url(record_src_uri(figure.kind, figure.id), use_directory_urls=True)
        assert answers[query]["locations"][0] == location, (query, answers[query]["locations"][:3])
        first = answers[query]["items"][0]
        # The value's field, labelled, with the number marked whole.
        number = query.replace("％", "%")
        assert f"<b>数值</b>：<mark>{number}</mark>" in first["text"], first["text"]
    _never_contradicted(answers)


def test_snippets_show_each_matching_field_with_its_label_apart(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, catalog, _ = generated
    studio = next(s for s in catalog.studios if s.industry and s.district)
    query = f"{studio.industry} {studio.district}"
    answer = search(site, query)[query]
    texts = [item["text"] for item in answer["items"] if "showcase-search-field" in item["text"]]
    both = [text for text in texts if " ｜ " in text]
    assert both, texts
    for text in both:
        parts = text.split(" ｜ ")
        assert all(
            re.match(r'<span class="showcase-search-field"><b>[^<]+</b>：', p) for p in parts
        )


def _person_url(person: Person) -> str:
    return page_url(record_src_uri(person.kind, person.id), use_directory_urls=True)


def _the_one_meant_first(site: Path, typos: list[Typo]) -> None:
    """Each name typed wrong lists the person meant first, under a line that says the
    typed name is no word of the data and suggests the names below."""
    answers = search(site, *(typo.typed for typo in typos))
    misses = {
        typo.typed: (typo.person.name, answers[typo.typed]["locations"][:3])
        for typo in typos
        if answers[typo.typed]["locations"][:1] != [_person_url(typo.person)]
    }
    assert misses == {}
    _said_no_such_word(answers, typos)


def _said_no_such_word(answers: dict[str, Any], typos: list[Typo]) -> None:
    """Each typed name's list opens with the line that it is no word of the data."""
    for typo in typos:
        message = answers[typo.typed]["message"]
        assert message == f"数据里没有“{typo.typed}”这个词。您是不是要找：", message


def test_a_name_typed_in_homophones_finds_the_name_that_reads_so_first(
    generated: tuple[Path, Catalog, str],
) -> None:
    site, catalog, _ = generated
    given_chars = {char for person in catalog.people for char in person.name[1:]}
    typos = random.Random(16).sample(homophone_typos(catalog.people, given_chars), 12)
    _the_one_meant_first(site, typos)


def test_a_name_typed_with_another_persons_given_name_finds_the_one_meant_first(
    generated: tuple[Path, Catalog, str],
) -> None:
    # 吕平丽 typed 吕平海, 平海 being 袁平海's given name: 吕平丽 first, one character away
    # with the surname typed, not 袁平海, who holds the word typed.
    site, catalog, _ = generated
    typos = given_name_typos(catalog.people)
    assert len(typos) >= 12
    _the_one_meant_first(site, random.Random(16).sample(typos, 12))


def test_a_name_typed_with_its_middle_character_wrong_lists_the_names_one_away_first(
    generated: tuple[Path, Catalog, str],
) -> None:
    # 吕平丽 typed 吕海丽 shares no bigram with it: 吕_丽, a term of 吕平丽's page, finds it,
    # and every name one character away with the surname kept is listed before the others.
    site, catalog, _ = generated
    given_chars = {char for person in catalog.people for char in person.name[1:]}
    typos = random.Random(16).sample(middle_character_typos(catalog.people, given_chars), 12)
    answers = search(site, *(typo.typed for typo in typos))
    names = {person.name for person in catalog.people}
    misses = {}
    for typo in typos:
        meant = one_away(typo.typed, names)
        expected = {_person_url(p) for p in catalog.people if p.name in meant}
        first = answers[typo.typed]["locations"][: len(expected)]
        if set(first) != expected:
            misses[typo.typed] = (sorted(meant), first)
    assert misses == {}
    _said_no_such_word(answers, typos)


def test_a_name_with_an_absent_honour_finds_the_name_first(
    generated: tuple[Path, Catalog, str],
) -> None:
    # The honour's words are words of the data, held by many awards and listings, but not
    # together: the name's page comes first, not a page that holds the honour's parts.
    site, catalog, guide = generated
    made = _unheld_honours(catalog, _data_text(site.parent) + guide)
    names = [p.name for p in catalog.people]
    people = [p for p in catalog.people if names.count(p.name) == 1]
    pairs = random.Random(16).sample(list(itertools.product(people, made)), 16)
    queries = {f"{person.name} {honour}": (person, honour) for person, honour in pairs}
    answers = search(site, *queries)
    misses = {
        query: answers[query]["locations"][:3]
        for query, (person, _) in queries.items()
        if answers[query]["locations"][:1] != [_person_url(person)]
    }
    assert misses == {}
    for query, (_, honour) in queries.items():
        assert answers[query]["message"].startswith(f"数据里没有“{honour}”这个词；"), query
