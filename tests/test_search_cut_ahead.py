"""The data's documents cut while the pages still render (search_shards.cut_ahead): the
index made from them once the hand-written pages come is the index built whole, byte for
byte, whether or not the pages came as expected.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from showcase.site import search_shards
from showcase.site.search_shards import (
    FieldKind,
    SearchDocument,
    SearchField,
    build_index,
    cut_ahead,
    index_after_cut_ahead,
)
from showcase.site.search_terms import lexicon
from tests.test_search_update import person

# A title that is a word of the data's texts (test_search_update.WORDS) but not one of
# its names: known to the cutter, it changes how those texts are cut.
WORD_OF_THE_TEXTS = "创新工作室"


def page(location: str, title: str) -> SearchDocument:
    return SearchDocument(
        location,
        title,
        "",
        (
            SearchField(FieldKind.TITLE, "标题", title),
            SearchField(FieldKind.BODY, "正文", f"{title}：本站收录劳动模范和技术创新工作室。"),
        ),
    )


def data_documents(count: int) -> list[SearchDocument]:
    rng = random.Random(17)
    return [person(number, rng) for number in range(count)]


# Pages before, among and after the data's documents in the order of locations.
PAGES = [page("", "首页"), page("people/p050x/", "名录说明"), page("totals/", "数字汇总")]


def whole(documents: list[SearchDocument], pages: list[SearchDocument]) -> Any:
    everything = [*documents, *pages]
    return build_index(everything, lexicon(everything))


def after_cut_ahead(
    documents: list[SearchDocument],
    expected: list[SearchDocument],
    pages: list[SearchDocument],
    *,
    workers: int = 1,
) -> tuple[Any, bool]:
    ahead = cut_ahead(documents, expected, lexicon([*documents, *expected]), workers=workers)
    return index_after_cut_ahead(ahead, pages, lexicon([*documents, *pages]), workers=workers)


def test_pages_as_expected_are_all_that_is_cut_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = data_documents(200)
    ahead = cut_ahead(documents, PAGES, lexicon([*documents, *PAGES]))
    cut: list[str] = []
    real = search_shards.document_terms

    def counted(doc: SearchDocument, *arguments: Any) -> Any:
        cut.append(doc.location)
        return real(doc, *arguments)

    monkeypatch.setattr(search_shards, "document_terms", counted)
    # The pages as Material indexes them: their text is not what was expected, their titles are.
    pages = [
        SearchDocument(
            doc.location,
            doc.title,
            "",
            (doc.fields[0], SearchField(FieldKind.BODY, "正文", "另一段正文，讲劳动模范。")),
        )
        for doc in PAGES
    ]
    index, held = index_after_cut_ahead(ahead, pages, lexicon([*documents, *pages]))
    assert held
    assert sorted(cut) == sorted(doc.location for doc in pages)
    monkeypatch.undo()
    expected = whole(documents, pages)
    assert index.files == expected.files
    assert (index.terms, index.postings) == (expected.terms, expected.postings)


# The pages as they come: one titled with a word of the data's texts.
PAGES_THAT_CAME = [
    page("", "首页"),
    page("people/p050x/", WORD_OF_THE_TEXTS),
    page("totals/", "数字汇总"),
]


@pytest.mark.parametrize(
    ("expected", "held"),
    [
        (PAGES_THAT_CAME, True),
        # A page's title came otherwise: a word of the data's texts the cutter did not know.
        ([page("", "首页"), page("people/p050x/", "名录说明"), page("totals/", "数字汇总")], False),
        # A page expected that did not come, and one that came unexpected.
        (
            [page("", "首页"), page("people/p050x/", WORD_OF_THE_TEXTS), page("download/", "下载")],
            False,
        ),
        # No page expected at all.
        ([], False),
    ],
    ids=["as-expected", "title", "locations", "none"],
)
def test_pages_as_or_not_as_expected_give_the_same_files(
    expected: list[SearchDocument], held: bool
) -> None:
    documents = data_documents(200)
    index, cut_ahead_held = after_cut_ahead(documents, expected, PAGES_THAT_CAME)
    assert cut_ahead_held is held
    assert index.files == whole(documents, PAGES_THAT_CAME).files


def test_a_title_the_cutter_learns_cuts_the_data_otherwise() -> None:
    # What the check of the titles is for: the data's own documents give other files when
    # the cutter knows a page's title as a word.
    documents = data_documents(200)
    known = lexicon(documents)
    assert WORD_OF_THE_TEXTS not in known
    learned = build_index(documents, sorted([*known, WORD_OF_THE_TEXTS]))
    assert learned.files != build_index(documents, known).files


def test_workers_of_the_cut_ahead_give_the_same_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_shards, "MIN_DOCUMENTS_TO_FORK", 10)
    documents = data_documents(300)
    index, held = after_cut_ahead(documents, PAGES, PAGES, workers=2)
    assert held
    assert index.files == whole(documents, PAGES).files
