"""The names a visitor types into the search box, and where each of them must lead.

Material's search (9.8) indexes Chinese well but queries it badly. At build time its search
plugin cuts every run of Han characters with jieba and puts a zero-width space between the
words (``material/plugins/search/plugin.py``, ``_segment_chinese``). In the browser its
worker cuts each run of Han characters in the query against the words of the index
(``Search.search`` and ``segment`` in the worker's source map), with three faults:

- a word ending at the last character of the run is never recognised, so the end of the
  query is dropped: 孔祥瑞 is searched as 孔, 天津钢管公司 as 天津 and 钢管;
- every word but the last goes on as ``word**``: lunr still matches it, but Material counts
  it as a missing term, shows it struck through, and withholds the boost it gives a page
  that matches every term;
- digits stay joined to the characters before them (张34), while the index splits there,
  so such a query finds nothing.

And a query that survives is a prefix search over words ranked by tf-idf with no length
normalisation, so 李刚 ties with 李刚强, and a person with every award named after them.

Two parts fix this without replacing Material's search:

- At build time (this module), the first index entry of every record page gets two extra
  fields: ``names`` holds the record's name as one term, ``aliases`` holds a unit's short
  names and a person's given name. Each term is the :func:`search_key` of the text, ended
  by :data:`NAME_END`, so that it is never a word of any title or text. The listing page of
  an honour (``awards/honour/<slug>/``) carries the honour's name: a query for 工人先锋号
  leads to the list of every 工人先锋号, not to one of the many awards.
- In the browser (``assets/showcase-search.js``), the query is cut the way the index was,
  and reaches Material's worker as terms its own cutter leaves whole; when the whole query
  is a name or an alias, its key ended by :data:`NAME_END` is one more term, boosted 100.

Why the owner of a name then comes first: only the pages whose ``names`` or ``aliases``
hold the whole key match that boosted term. On ``names`` it weighs 100 × NAMES_BOOST, on
``aliases`` a tenth of that; a title, Material's strongest field, weighs 1000, and each cut
word of the query weighs 1 in any field (every weight times the term's rarity, as lunr
scores). So the owner outweighs a page that holds the name as an alias, in its title, or
as words that start like it, unless that page matches dozens of such words at once.
``tests/browser/test_search.py`` types every name in data/ to check it.

The words of the index stay as jieba cuts them. A jieba user dictionary of the names
(the search plugin's ``jieba_dict_user``) would make each long name a single word, so that
钢管 or 工作室 no longer found 天津钢管集团股份有限公司 or a studio; and Material loads
it in its ``on_config``, before the data is read, into jieba's process-wide state.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import jieba
from markupsafe import escape

from showcase.records.catalog import Catalog
from showcase.records.errors import ShowcaseError
from showcase.records.names import record_name
from showcase.records.schema import AnyRecord, Organization, Person, RecordKind, kind_title
from showcase.site.search_shards import FieldKind, SearchDocument, SearchField
from showcase.site.urls import listing_src_uri, page_url, record_src_uri

# The index fields this module adds, and their weight. Material weighs a title 1000 and a
# text 1 (``SearchPlugin.on_config``); see the module docstring for why these values.
NAMES_FIELD = "names"
ALIASES_FIELD = "aliases"
NAMES_BOOST = 100_000
ALIASES_BOOST = 10_000
# Ends every term of those fields (and the boosted term of a query, in the script): a
# zero-width joiner is no separator of Material's, no character a search key can hold, and
# not a letter that Material's query-side English stemmer would strip (it stems "pipes"
# into "pipe" before looking it up, while the index keeps "pipes").
NAME_END = "\u200d"
# The facet whose listing pages stand for an honour; see ``FACETS`` in pages.py.
HONOUR_FACET = "honour"

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
_KEY_CATEGORIES = ("L", "N", "M")  # letters, digits, combining marks


def search_key(text: str) -> str:
    """The form a name is matched in: NFKC, lower case, letters and digits only.

    Punctuation, spaces and symbols go, so 白内障中心：工人先锋号 and 白内障中心:工人先锋号
    have one key, and no key holds a character that Material's query syntax or its word
    separator gives a meaning to. The script in ``assets/`` computes the same key.
    """
    normalized = unicodedata.normalize("NFKC", text).lower()
    return "".join(char for char in normalized if unicodedata.category(char)[0] in _KEY_CATEGORIES)


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


@dataclass(frozen=True)
class SearchNames:
    """The search keys of one page: its own names, and other names it is known by."""

    src_uri: str
    names: tuple[str, ...]
    aliases: tuple[str, ...] = ()


def search_names(catalog: Catalog) -> list[SearchNames]:
    """The names and aliases of every record page and honour page, in a fixed order."""
    by_id = catalog.by_id()
    pages: list[SearchNames] = []
    for record in catalog:
        names = _keys([record_name(record, by_id)])
        aliases = _keys(_aliases(record))
        pages.append(
            SearchNames(
                record_src_uri(record.kind, record.id),
                names,
                tuple(alias for alias in aliases if alias not in names),
            )
        )
    for honour in sorted({award.honour for award in catalog.awards}):
        src_uri = listing_src_uri(RecordKind.AWARDS, 1, HONOUR_FACET, honour)
        pages.append(SearchNames(src_uri, _keys([honour])))
    return sorted((page for page in pages if page.names or page.aliases), key=_by_src_uri)


def _by_src_uri(page: SearchNames) -> str:
    return page.src_uri


def _aliases(record: AnyRecord) -> list[str]:
    if isinstance(record, Organization):
        return list(record.short_names or ())
    if isinstance(record, Person):
        given = given_name(record.name)
        return [given] if given else []
    return []


def _keys(texts: Iterable[str]) -> tuple[str, ...]:
    """Search keys of texts, without empty or repeated ones, in the order given."""
    return tuple(dict.fromkeys(key for key in map(search_key, texts) if key))


def index_terms(keys: Iterable[str]) -> str:
    """The value of a names or aliases field: each key ended by NAME_END, space-separated."""
    return " ".join(f"{key}{NAME_END}" for key in keys)


class PagesNotInIndexError(ShowcaseError):
    """Some pages that have names are not in the search index."""

    def __init__(self, locations: list[str]) -> None:
        super().__init__(", ".join(locations))
        self.locations = locations


def add_names_to_index(
    index: Mapping[str, Any], names_by_location: Mapping[str, SearchNames]
) -> dict[str, Any]:
    """A copy of Material's search index with the names and aliases fields filled in.

    ``names_by_location`` maps a page's URL (the ``location`` of its first entry in the
    index) to its names. Only that first entry gets them: the others are the page's
    sections, which Material ranks and lists under the page. Raises
    :class:`PagesNotInIndexError` naming every page that is missing from the index.
    """
    config = dict(index["config"])
    config["fields"] = {
        **config["fields"],
        NAMES_FIELD: {"boost": NAMES_BOOST},
        ALIASES_FIELD: {"boost": ALIASES_BOOST},
    }
    docs: list[dict[str, Any]] = []
    found: set[str] = set()
    for entry in index["docs"]:
        page = names_by_location.get(entry["location"])
        if page is None:
            docs.append(entry)
            continue
        found.add(entry["location"])
        docs.append(
            {
                **entry,
                NAMES_FIELD: index_terms(page.names),
                ALIASES_FIELD: index_terms(page.aliases),
            }
        )
    missing = sorted(set(names_by_location) - found)
    if missing:
        raise PagesNotInIndexError(missing)
    return {**index, "config": config, "docs": docs}


# Runs of Han characters, as Material's search plugin finds them (``_segment_chinese``).
_HAN_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
WORD_BREAK = "\u200b"  # Material's separator between the words of the index


@functools.lru_cache(maxsize=1 << 16)
def _cut(run: str) -> str:
    # Names, units and honours recur on thousands of pages: each is cut once per build.
    return WORD_BREAK.join(jieba.cut(run))


def segment(text: str) -> str:
    """Cut the Chinese in ``text`` into words the way Material's search plugin does."""
    return _HAN_RUN.sub(lambda run: WORD_BREAK + _cut(run.group()) + WORD_BREAK, text).strip(
        WORD_BREAK
    )


def compact_entry(location: str, title: str, text: str) -> dict[str, str]:
    """A search-index entry for a generated page, from its title and its plain text.

    Both are escaped, since the search box inserts them as HTML, and then cut into words.
    """
    return {
        "location": location,
        "title": segment(str(escape(title))),
        "text": segment(str(escape(text))),
    }


# --- documents of the sharded index (search_shards.py) ----------------------------------

# Kinds whose names a visitor may type in pinyin: people, studios and units.
PINYIN_KINDS = frozenset({RecordKind.PEOPLE, RecordKind.STUDIOS, RecordKind.ORGANIZATIONS})
NAME_LABEL = "名称"
ALIAS_LABEL = "又名"
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
    by_id = catalog.by_id()
    documents = []
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
        for label, text in labelled_texts.get(src_uri, []):
            is_body = label in {"简介", "备注"}
            fields.append(SearchField(FieldKind.BODY if is_body else FieldKind.FACT, label, text))
        documents.append(
            SearchDocument(
                page_url(src_uri, use_directory_urls=use_directory_urls),
                name,
                kind,
                tuple(fields),
                pinyin=record.kind in PINYIN_KINDS,
            )
        )
    return documents


def with_honour_names(
    documents: list[SearchDocument], catalog: Catalog, *, use_directory_urls: bool
) -> list[SearchDocument]:
    """The pages, each honour's listing page carrying the honour's name as its name."""
    honours = {
        page_url(
            listing_src_uri(RecordKind.AWARDS, 1, HONOUR_FACET, honour),
            use_directory_urls=use_directory_urls,
        ): honour
        for honour in {award.honour for award in catalog.awards}
    }
    return [
        replace(doc, fields=(SearchField(FieldKind.NAME, NAME_LABEL, honours[doc.location]),
                             *doc.fields))
        if doc.location in honours
        else doc
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
