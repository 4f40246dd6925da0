"""What each page is found by: the documents of the search index, and the data's own words.

A record page's document holds the record's name (a person's, a unit's, an award with its
recipient), the names it is also known by (a unit's short names, a person's given name),
its kind, and its facts, description and notes, each with its label, so that a result can
show the field that matched ("单位：天津钢管集团股份有限公司"). An honour's listing page
(``awards/honour/<slug>/``) carries the honour's name as its name: a query for 工人先锋号
leads to the list of every 工人先锋号 before any one of them. The lexicon is what the
word cutter learns from the data: names, aliases and the short values of facts (honours,
programmes, districts, industries). How the documents become shards is told in
:mod:`showcase.site.search_shards`.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple, TypeAlias

from showcase.records.catalog import Catalog
from showcase.records.names import record_name
from showcase.records.schema import AnyRecord, Organization, Person, RecordKind, kind_title
from showcase.site.listings import FACETS
from showcase.site.search_analysis import load_dictionary
from showcase.site.search_shards import (
    FieldKind,
    SearchDocument,
    SearchField,
    cut_ahead,
    index_after_cut_ahead,
    read_documents,
    write_index,
)
from showcase.site.urls import listing_src_uri, page_url, record_src_uri

# The facets whose values are topics (see ``FACETS`` in listings.py): their listing pages
# carry the value as their name. Levels, years and statuses are not what a visitor types.
TOPIC_FACETS = frozenset({"honour", "industry", "district", "category", "scope"})

# Two-character surnames (复姓), so that 欧阳 is not cut into a surname 欧 and a given name.
COMPOUND_SURNAMES = frozenset(
    {
        "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯",
        "诸葛", "尉迟", "公羊", "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠",
        "公孙", "慕容", "仲孙", "钟离", "长孙", "宇文", "司徒", "鲜于", "司空", "闾丘", "子车",
        "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正", "宰父", "谷梁",
        "拓跋", "夹谷", "轩辕", "令狐", "段干", "百里", "呼延", "东郭", "南门", "羊舌", "微生",
        "梁丘", "左丘", "西门", "第五", "即墨", "达奚", "褚师",
    }
)  # fmt: skip


def given_name(name: str) -> str | None:
    """A person's name without the surname (李刚 → 刚, 欧阳修文 → 修文); None if unclear.

    Only names written in Han characters have a surname in front; a name with a middle dot
    (买买提·艾力) or in Latin letters does not, and gets no given name.
    """
    if len(name) < 2 or "·" in name or not _is_han(name[0]):
        return None
    surname = name[:2] if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else name[:1]
    return name[len(surname) :] or None


def _is_han(char: str) -> bool:
    return unicodedata.name(char, "").startswith("CJK ")


def _aliases(record: AnyRecord) -> list[str]:
    if isinstance(record, Organization):
        return list(record.short_names or ())
    if isinstance(record, Person):
        given = given_name(record.name)
        return [given] if given else []
    return []


# --- documents of the sharded index (search_shards.py) ----------------------------------

# Kinds whose names a visitor may type in pinyin: people, studios and units.
PINYIN_KINDS = frozenset({RecordKind.PEOPLE, RecordKind.STUDIOS, RecordKind.ORGANIZATIONS})
NAME_LABEL = "名称"
ALIAS_LABEL = "又名"
TOPIC_LABEL = "分类"
# Separators of the values a fact lists; each value of 2 to 16 Han characters is a word.
_LIST_SEPARATORS = re.compile("[、；;，,\\s]+")
_LEXICON_WORD = re.compile("[\u4e00-\u9fff]{2,16}")


def record_documents(
    catalog: Catalog,
    labelled_texts: Mapping[str, list[tuple[str, str]]],
    *,
    use_directory_urls: bool,
) -> list[SearchDocument]:
    """A search document per record page: its name, aliases, kind and labelled texts.

    ``labelled_texts`` maps a record page's source path to its facts, description and
    notes (``RecordPages.search_text``); a page not in it is indexed by its name only.
    """
    return list(
        iter_record_documents(
            catalog,
            lambda src_uri: labelled_texts.get(src_uri),
            use_directory_urls=use_directory_urls,
        )
    )


def iter_record_documents(
    catalog: Catalog,
    labelled_text_of: Callable[[str], list[tuple[str, str]] | None],
    *,
    use_directory_urls: bool,
) -> Iterator[SearchDocument]:
    """:func:`record_documents` one at a time, each page's texts asked for when its turn
    comes (None: indexed by its name only), so that they need not all be held at once."""
    by_id = catalog.by_id()
    for record in catalog:
        src_uri = record_src_uri(record.kind, record.id)
        name = record_name(record, by_id)
        fields = [SearchField(FieldKind.NAME, NAME_LABEL, name)]
        fields += [
            SearchField(FieldKind.ALIAS, ALIAS_LABEL, alias)
            for alias in dict.fromkeys(_aliases(record))
            if alias != name
        ]
        kind = kind_title(record.kind)
        fields.append(SearchField(FieldKind.FACT, "类别", kind))
        for label, text in labelled_text_of(src_uri) or []:
            is_body = label in {"简介", "备注"}
            fields.append(SearchField(FieldKind.BODY if is_body else FieldKind.FACT, label, text))
        yield SearchDocument(
            page_url(src_uri, use_directory_urls=use_directory_urls),
            name,
            kind,
            tuple(fields),
            pinyin=record.kind in PINYIN_KINDS,
        )


def titled_documents(
    pages: Mapping[str, tuple[str, list[tuple[str, str]]]], *, use_directory_urls: bool
) -> list[SearchDocument]:
    """A document per generated page that is no record's (listings): title and texts."""
    return [
        titled_document(src_uri, title, texts, use_directory_urls=use_directory_urls)
        for src_uri, (title, texts) in sorted(pages.items())
    ]


def titled_document(
    src_uri: str, title: str, texts: list[tuple[str, str]], *, use_directory_urls: bool
) -> SearchDocument:
    """The document of one page of :func:`titled_documents`."""
    return SearchDocument(
        page_url(src_uri, use_directory_urls=use_directory_urls),
        title,
        "",
        (
            SearchField(FieldKind.TITLE, "标题", title),
            *(SearchField(FieldKind.FACT, label, text) for label, text in texts),
        ),
    )


# The fields that a topic's listing page gets before its own, by the page's location.
TopicNames: TypeAlias = "dict[str, tuple[SearchField, ...]]"


def with_honour_names(
    documents: list[SearchDocument], catalog: Catalog, *, use_directory_urls: bool
) -> list[SearchDocument]:
    """The pages, each topic's listing page carrying its topic as its name (see
    :func:`topic_names`)."""
    return with_topic_names(documents, topic_names(catalog, use_directory_urls=use_directory_urls))


def topic_names(catalog: Catalog, *, use_directory_urls: bool) -> TopicNames:
    """The name fields of each topic's listing page, by its location.

    A topic is a value of a facet that names what records are about (TOPIC_FACETS): an
    honour, an industry, a district, a programme, a scope. Its listing page (every record
    of 电力, of 南开区) is then found by the topic's name as strongly as a record by its
    own, and before the records that merely mention it.
    """
    topics: TopicNames = {}
    for kind, facets in FACETS.items():
        for facet in facets:
            if facet.name not in TOPIC_FACETS:
                continue
            for record in catalog.of_kind(kind):
                value = facet.value_of(record)
                if value:
                    location = page_url(
                        listing_src_uri(kind, 1, facet.name, value),
                        use_directory_urls=use_directory_urls,
                    )
                    # The topic with the facet's title, as a query may name it (电力行业):
                    # a name of the page, so the page holds that query as one term, and
                    # before a record whose text says 电力行业. In brackets, the two stay
                    # two words for the cutter, and the snippet reads 分类：电力（行业）.
                    topics[location] = (
                        SearchField(FieldKind.NAME, NAME_LABEL, value),
                        SearchField(FieldKind.ALIAS, TOPIC_LABEL, f"{value}（{facet.title}）"),
                    )
    return topics


def with_topic_names(documents: list[SearchDocument], topics: TopicNames) -> list[SearchDocument]:
    """The documents, those of the topics' listing pages with the topics' names first."""
    return [
        replace(doc, fields=(*topics[doc.location], *doc.fields)) if doc.location in topics else doc
        for doc in documents
    ]


def lexicon(documents: Iterable[SearchDocument]) -> list[str]:
    """The data's own words for the cutter: names, aliases, and short values of facts."""
    words: set[str] = set()
    for doc in documents:
        for field in doc.fields:
            if field.kind is FieldKind.BODY:
                continue
            values = [field.text] if field.kind is not FieldKind.FACT else []
            values += _LIST_SEPARATORS.split(field.text)
            words.update(value for value in values if _LEXICON_WORD.fullmatch(value))
    return sorted(words)


class IndexSummary(NamedTuple):
    """Of an index built and written, for the build's log."""

    documents: int
    terms: int
    postings: int
    written: int  # files
    removed: int  # files
    seconds: float  # of work, not counting the wait for the pages (index_documents_file)
    cut_ahead: bool = False  # whether the data's documents were cut before the pages came


def index_documents_file(
    path: Path,
    expected_pages: list[SearchDocument],
    topics: TopicNames,
    *,
    workers: int,
    folder: Path,
    pages: Callable[[], list[SearchDocument]],
) -> IndexSummary:
    """Build and write the index of the documents in the file at ``path``
    (:func:`~showcase.site.search_shards.write_documents`) followed by the hand-written
    pages' that ``pages`` waits for, the topics' names put in (:func:`with_topic_names`),
    into ``folder``.

    The build runs this in a process forked before it loaded anything (parallel.Standby):
    one forked when the documents are ready would carry every page and record of the build
    as its own memory, and at 100,000 records it was the largest process of the build by
    what it did not need. It starts as soon as the data's documents are written, while the
    site's pages are still rendered: those documents are cut
    (:func:`~showcase.site.search_shards.cut_ahead`) as the pages will stand among
    ``expected_pages`` (what MkDocs read of them), and only the pages are cut once ``pages``
    returns. The files are those of :func:`build_index` of all the documents.
    """
    started = time.perf_counter()
    load_dictionary()
    documents = with_topic_names(read_documents(path), topics)
    data_words = set(lexicon(documents))
    expected = with_topic_names(expected_pages, topics)
    ahead = cut_ahead(
        documents, expected, sorted(data_words | set(lexicon(expected))), workers=workers
    )
    waiting = time.perf_counter()
    handwritten = with_topic_names(pages(), topics)
    resumed = time.perf_counter()
    index, held = index_after_cut_ahead(
        ahead, handwritten, sorted(data_words | set(lexicon(handwritten))), workers=workers
    )
    written, removed = write_index(index, folder)
    seconds = time.perf_counter() - resumed + waiting - started
    return IndexSummary(
        len(documents) + len(handwritten),
        index.terms,
        index.postings,
        written,
        removed,
        seconds,
        held,
    )
