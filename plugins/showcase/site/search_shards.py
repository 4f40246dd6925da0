"""The site's search index, split into small script files that a query loads on demand.

Documents are the record pages (fields: name, aliases, kind, facts with their labels,
description), the listing and topic pages and the hand-written pages (title and text).
Bigrams come from names, titles, short facts and the stored part of a hand-written page's
text, so that the page can read in a document's stored text whether it holds a run whole.
A three-character name also gives its characters two at a time in place (:func:`name_pairs`),
for a query that is such a name typed with one character wrong.
Each field's text is cut into terms (:mod:`showcase.site.search_analysis`), and each term
gets, per document, one small integer: its *impact*, the weight of the best field it is in
times the weight of its layer (a word, a number or a pinyin key over a bigram over a
single character), tripled when the term is the field's whole text (the owner of a name).

Files, all under ``search/showcase/`` (:data:`INDEX_FOLDER`):

- ``manifest.js``: the number of documents, the file of every shard, the field labels,
  the prefixes split among buckets (:func:`split_prefixes`) and which characters are
  traditional (:func:`traditional_marks`). The only file whose name is fixed.
- ``t<bucket>.<digest>.js`` (the manifest lists the digests): the terms whose first two characters hash to the bucket,
  with their document frequency and postings (document, impact), the strongest
  :data:`MAX_POSTINGS` of a frequent term only. A query loads the buckets of the character
  pairs it holds, and no other.
- ``d<n>.<digest>.js``: the documents ``n * DOCS_PER_SHARD`` onwards, for the result list:
  address, title, kind and the fields shown as snippets (cut short).
- ``x<n>.<digest>.js`` (the digest of ``d<n>``, see :func:`_document_files`): the rest of
  the fields that ``d<n>`` stores cut, read only to tell whether a page holds a run of a
  query whole when what is stored does not say (a run of a record's description).
- ``readings.<digest>.js``: each common character's readings (``reading_table``), loaded
  only for a query run that no word of the data covers, to try it in homophones.
- ``traditional.<digest>.js``: the traditional -> simplified character table (26 KB),
  loaded only when a query or a result's text holds a character the manifest marks.

A term's entry starts with :data:`DATA_WORD` when the term is a word of the data, so that
the page tells a query's absent words from the bigrams that share its characters.

Each file calls ``showcaseSearchShard(name, data)``, so it loads through a ``<script>``
element from a server and from file:// alike. Bytes are deterministic (sorted keys,
documents in the order of their addresses) and the digest in a shard's name is of its
bytes (a document shard's and its text shard's, of both): a shard changes name only when its content changes, and one edited record changes
only the shards of the terms it gains or loses and its own document shard.
"""

from __future__ import annotations

import base64
import bisect
import hashlib
import json
import multiprocessing
import pickle
import re
from array import array
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence, Set
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import IO, Any, TypeAlias

from showcase.site.parallel import frozen_objects
from showcase.site.search_analysis import (
    HAN_RUN,
    Segmenter,
    common_pinyin,
    cutter_words,
    fold,
    han_bigrams,
    latin_words,
    name_pinyin,
    numbers,
    reading_table,
    traditional_table,
)

INDEX_FOLDER = "search/showcase"
MANIFEST = "manifest.js"
# The file of each character's readings (``readings.<digest>.js``), for a query typed in
# homophones: loaded only when a run of the query is no word of the data.
READINGS = "readings"
# The file of the traditional -> simplified table (``traditional.<digest>.js``).
TRADITIONAL = "traditional"
# The block of CJK Unified Ideographs whose traditional characters the manifest marks one
# bit each; the table's other characters (extensions, rare in a query) it lists.
MARKED_BLOCK = (0x4E00, 0x9FFF)
REGISTER = "showcaseSearchShard"
FORMAT = 3  # 3: the traditional table in a file of its own, split prefixes
# Marks a term that is a word of the data: a word jieba or the lexicon cut from a record's
# or a listing's text, a whole name or title, a number, a Latin word or a pinyin key. The
# other terms (bigrams, single characters, words only of hand-written pages) are there to
# rank with; a query run that no data word covers is "no word in the data".
DATA_WORD = "!"
# Documents per document shard: a result list of LIMIT (20) reads at most 20 of them.
DOCS_PER_SHARD = 16
# The text shards (``x<n>.<digest>.js``): what the document shard n cut off its fields.
TEXT_SHARD = "x"
# A bucket of terms grows to about this many bytes before the index gets twice as many.
TARGET_SHARD_BYTES = 40_000
MIN_BUCKETS = 8
# A term found in more documents keeps only its strongest postings (the df stays exact).
MAX_POSTINGS = 2000
# What the result list can show of a record's field, and of a hand-written page's text
# (characters; the page's snippet is cut around what matched). Hand-written pages are few.
SNIPPET_CHARS = 60
PAGE_TEXT_CHARS = 2000
# Bigrams are taken from facts up to this long; a longer text (a quotation) gives its words.
BIGRAM_FIELD_CHARS = 40
# Below this many documents a forked worker would cost more to start than it saves.
MIN_DOCUMENTS_TO_FORK = 2000
# A posting is one integer, its document's number shifted left by these bits, plus its
# impact: at 100,000 records a dict per term held the build's postings in 1.7 GB, an
# array of these 8 bytes each. The largest impact (WHOLE * WORD * NAME) is 300.
IMPACT_BITS = 16
IMPACT_MASK = (1 << IMPACT_BITS) - 1


class FieldKind(Enum):
    """Where a text stands on its page, and how much a term found there weighs."""

    NAME = 10
    ALIAS = 6
    TITLE = 5
    FACT = 2
    BODY = 1


# Weight of each layer of terms, in tenths.
WORD = 10
BIGRAM = 4
CHARACTER = 1
WHOLE = 3  # the term is the field's whole text
RARE_READING = 3  # a pinyin key from a rare reading of a name's character weighs a third
# A three-character name also gives each two of its characters in place, the third a gap
# (沈超阳: 沈超_, 沈_阳, _超阳), weighed as a bigram: the terms of the names one character
# from a query typed wrong, and of no other page. Its bigrams do not find them at scale:
# 沈浩阳 shares none with 沈超阳, and the awards that hold 雷娜晓 hold 雷娜 as much as
# 雷娜晓's own page, so they take the pages read from it (showcase-search.js: NAME_GAP).
NAME_GAP = "_"
PAIRED_NAME_CHARS = 3


@dataclass(frozen=True, slots=True)
class SearchField:
    """One labelled text of a document: its label is shown before it in a snippet."""

    kind: FieldKind
    label: str
    text: str

    def __setstate__(self, state: Any) -> None:
        _set_state(self, state)


@dataclass(frozen=True, slots=True)
class SearchDocument:
    """A page as the search knows it."""

    location: str
    title: str
    kind: str  # the kind's title for a record ("人物"), empty for other pages
    fields: tuple[SearchField, ...]
    pinyin: bool = False  # whether its names are found by pinyin (people, studios, units)

    def __setstate__(self, state: Any) -> None:
        _set_state(self, state)


def _set_state(instance: SearchField | SearchDocument, state: Any) -> None:
    """An unpickled document's or field's values: the list that a class with slots pickles,
    or the dict of a pickle made before they had slots (bench/search_documents.py keeps a
    build's documents to index them again with another version of this code)."""
    names: tuple[str, ...] = type(instance).__slots__
    values = [state[name] for name in names] if isinstance(state, dict) else state
    for name, value in zip(names, values, strict=True):
        object.__setattr__(instance, name, value)


@dataclass(frozen=True)
class ShardedIndex:
    """The files of the index, by their path under INDEX_FOLDER."""

    files: dict[str, bytes]
    terms: int
    postings: int


class TermsCache:
    """Each document's terms from the last index built with the same lexicon.

    The live preview builds the index again after every edit; a document whose fields are
    unchanged has the same terms as long as the cutter knows the same words (a word added
    to it changes jieba's frequencies, and so may change how any text is cut).
    """

    def __init__(self) -> None:
        self.lexicon: tuple[str, ...] = ()
        # A document's terms with their impacts, and those of them that are data words.
        self.terms: dict[SearchDocument, tuple[dict[str, int], frozenset[str]]] = {}
        self.cut = 0  # documents cut by the last build
        # Each document's fields folded, one a line: what tells whether it holds a word.
        self.folded: dict[SearchDocument, str] = {}
        # Each term's postings (by document number), whether a data word, and its entry.
        self.entries: dict[str, tuple[array[int], bool, str]] = {}


def build_index(
    documents: Iterable[SearchDocument],
    lexicon: Iterable[str],
    *,
    workers: int = 1,
    cache: TermsCache | None = None,
) -> ShardedIndex:
    """Cut every document into terms and split the postings and documents into shards.

    The documents are cut in ``workers`` forked processes (jieba is pure Python: at
    100,000 records the cutting is most of the index's time); the files are the same
    whatever the number of workers. With ``cache`` (the live preview), a document cut by
    the last build with the same lexicon is not cut again, and the rest are cut here.
    """
    docs = sorted(documents, key=lambda doc: doc.location)
    if cache is None:
        impacts, words = _term_impacts(docs, Segmenter(lexicon), workers)
    else:
        impacts, words = _cached_impacts(docs, tuple(lexicon), cache)
    return _sharded_index(docs, impacts, words, cache)


def _sharded_index(
    docs: list[SearchDocument],
    impacts: TermPostings,
    words: Set[str],
    cache: TermsCache | None,
) -> ShardedIndex:
    """The index's files, from the documents in order and every term's postings."""
    postings = sum(len(by_doc) for by_doc in impacts.values())
    term_entries = _term_entries(impacts, words, cache)
    del impacts, words
    files: dict[str, bytes] = {}
    sizes = sum(len(term.encode()) + len(entry) + 4 for term, entry in term_entries.items())
    buckets = MIN_BUCKETS
    while sizes / buckets > TARGET_SHARD_BYTES:
        buckets *= 2
    split = split_prefixes(term_entries)
    by_bucket: dict[int, dict[str, str]] = defaultdict(dict)
    for term, entry in term_entries.items():
        by_bucket[bucket_of(term, buckets, split)][term] = entry
    term_count = len(term_entries)
    del term_entries
    term_files = []
    for bucket in range(buckets):
        digest, data = _shard_file(f"t{bucket}", by_bucket.pop(bucket, {}))
        files[f"t{bucket}.{digest}.js"] = data
        term_files.append(digest)
    doc_files = []
    for start in range(0, len(docs), DOCS_PER_SHARD):
        shard = start // DOCS_PER_SHARD
        digest, stored, rest = _document_files(shard, docs[start : start + DOCS_PER_SHARD])
        files[f"d{shard}.{digest}.js"] = stored
        files[f"{TEXT_SHARD}{shard}.{digest}.js"] = rest
        doc_files.append(digest)
    readings_digest, readings_data = _shard_file(READINGS, reading_table(_name_characters(docs)))
    files[f"{READINGS}.{readings_digest}.js"] = readings_data
    table = traditional_table()
    traditional_digest, traditional_data = _shard_file(
        TRADITIONAL, "".join(f"{trad}{simp}" for trad, simp in sorted(table.items()))
    )
    files[f"{TRADITIONAL}.{traditional_digest}.js"] = traditional_data
    files[MANIFEST] = index_manifest(
        docs, split, term_files, doc_files, readings_digest, traditional_digest
    )
    return ShardedIndex(files, term_count, postings)


@dataclass
class CutAhead:
    """The data's documents cut before the pages written by MkDocs were known
    (:func:`cut_ahead`), numbered as they will stand among the pages expected then."""

    documents: list[SearchDocument]
    # Every document's location in the index's order, the expected pages' among them.
    locations: list[str]
    cutter_words: list[str]  # the words the cutter knew beside jieba's (cutter_words)
    segmenter: Segmenter
    impacts: TermPostings
    words: set[str]


def cut_ahead(
    documents: list[SearchDocument],
    expected_pages: list[SearchDocument],
    lexicon: Iterable[str],
    *,
    workers: int = 1,
) -> CutAhead:
    """Cut ``documents`` (the data's) into terms now, for :func:`index_after_cut_ahead`.

    The build cuts them while its page workers still render: at the end, only the few
    hand-written pages are left to cut. A page's title may be a word of the lexicon, and a
    word the cutter knows changes the cut of every text that holds it, so the cut is made
    with the lexicon of the pages expected (``expected_pages``, of which only the locations
    and titles count) and :func:`index_after_cut_ahead` uses it only if that came true.
    """
    lexicon = list(lexicon)
    combined = [*documents, *expected_pages]
    order = sorted(range(len(combined)), key=lambda at: combined[at].location)
    # The pages' places are left empty: their numbers are kept, their terms come later.
    slots = [combined[at] if at < len(documents) else None for at in order]
    segmenter = Segmenter(lexicon)
    impacts, words = _term_impacts(slots, segmenter, workers)
    return CutAhead(
        documents,
        [combined[at].location for at in order],
        cutter_words(lexicon),
        segmenter,
        impacts,
        words,
    )


def index_after_cut_ahead(
    ahead: CutAhead,
    pages: list[SearchDocument],
    lexicon: Iterable[str],
    *,
    workers: int = 1,
) -> tuple[ShardedIndex, bool]:
    """:func:`build_index` of ``ahead.documents`` and ``pages`` with ``lexicon``: the same
    files, with only the pages cut now when the pages expected by :func:`cut_ahead` had
    these locations and brought no other word to the cutter. And whether they had."""
    lexicon = list(lexicon)
    combined = [*ahead.documents, *pages]
    docs = sorted(combined, key=lambda doc: doc.location)
    if [doc.location for doc in docs] != ahead.locations or (
        cutter_words(lexicon) != ahead.cutter_words
    ):
        # Numbered or cut otherwise: all cut again, as if nothing had been cut ahead.
        ahead.impacts.clear()
        return build_index(combined, lexicon, workers=workers), False
    impacts, words = ahead.impacts, ahead.words
    page_ids = {id(page) for page in pages}
    for number, doc in enumerate(docs):
        if id(doc) in page_ids:
            terms = document_terms(doc, ahead.segmenter, words)
            _add_postings(impacts, number, terms, in_place=True)
    return _sharded_index(docs, impacts, words, None), True


def index_manifest(
    docs: Sequence[SearchDocument],
    split: Set[str],
    term_files: list[str],
    doc_files: list[str],
    readings_digest: str,
    traditional_digest: str,
) -> bytes:
    """The bytes of ``manifest.js``: the shards' digests (in the order of their numbers)."""
    manifest = {
        "format": FORMAT,
        "readings": readings_digest,
        "documents": len(docs),
        "docsPerShard": DOCS_PER_SHARD,
        "termShards": term_files,
        "splitPrefixes": sorted(split),
        "docShards": doc_files,
        # The hand-written pages (the site's text, not the data's): the page says when
        # only these hold a query, and reads a name typed wrong in the others only.
        "pages": [number for number, doc in enumerate(docs) if is_handwritten(doc)],
        "weights": {"word": WORD, "bigram": BIGRAM, "character": CHARACTER},
        "traditional": traditional_digest,
        **traditional_marks(traditional_table()),
    }
    return _script("manifest", manifest)


# What the forked workers cut, set in the parent just before they are forked: they
# inherit it, and only their postings are pickled back. None outside _term_impacts.
_forked: tuple[Sequence[SearchDocument | None], Segmenter] | None = None

# Each term's postings (see IMPACT_BITS), in ascending order of document.
TermPostings: TypeAlias = "dict[str, array[int]]"


def _cached_impacts(
    docs: list[SearchDocument], lexicon: tuple[str, ...], cache: TermsCache
) -> tuple[TermPostings, set[str]]:
    """:func:`_term_impacts`, taking the terms of documents the cache holds from it."""
    known = reusable_terms(cache, lexicon)
    segmenter: Segmenter | None = None
    kept: dict[SearchDocument, tuple[dict[str, int], frozenset[str]]] = {}
    folded: dict[SearchDocument, str] = {}
    impacts: TermPostings = {}
    words: set[str] = set()
    for number, doc in enumerate(docs):
        cut = known.get(doc)
        if cut is None:
            segmenter = segmenter or Segmenter(lexicon)
            doc_words: set[str] = set()
            cut = (document_terms(doc, segmenter, doc_words), frozenset(doc_words))
        folded[doc] = cache.folded.get(doc) or "\n".join(fold(field.text) for field in doc.fields)
        kept[doc] = cut
        terms, doc_words_kept = cut
        words |= doc_words_kept
        _add_postings(impacts, number, terms)
    cache.cut = sum(1 for doc in kept if doc not in known)
    cache.lexicon, cache.terms, cache.folded = lexicon, kept, folded
    return impacts, words


def _term_entries(
    impacts: TermPostings, words: Set[str], cache: TermsCache | None
) -> dict[str, str]:
    """Each term's entry (:func:`_postings`); with ``cache``, the last build's when its
    postings are the same: an edit changes the postings of the few terms of its documents."""
    if cache is None:
        term_entries: dict[str, str] = {}
        while impacts:
            # Each term's postings go as its entry is made: the two are never all held at once.
            term, by_doc = impacts.popitem()
            term_entries[term] = _postings(by_doc, term in words)
        return term_entries
    known = cache.entries
    kept: dict[str, tuple[array[int], bool, str]] = {}
    for term, by_doc in impacts.items():
        word = term in words
        last = known.get(term)
        if last is None or last[1] != word or last[0] != by_doc:
            last = (by_doc, word, _postings(by_doc, word))
        kept[term] = last
    cache.entries = kept
    return {term: entry for term, (_, _, entry) in kept.items()}


def reusable_terms(
    cache: TermsCache, lexicon: tuple[str, ...]
) -> dict[SearchDocument, tuple[dict[str, int], frozenset[str]]]:
    """The cached terms that cutting with ``lexicon`` would give again.

    A word the cutter gains or loses changes only the cut of a text that holds it (the
    Segmenter keeps jieba's total as it is): a document none of whose folded fields holds
    one keeps its terms. Most edits add or drop a name or two of 10,000 documents.
    """
    if cache.lexicon == lexicon:
        return cache.terms
    # A tuple, not the set the difference comes as: that set keeps the table of the whole
    # lexicon (262,144 slots at 100,000 records) for its two or three words, and iterating
    # it once per document walked every slot (two minutes of an edit at 100,000 records).
    changed = tuple(
        sorted(set(cutter_words(cache.lexicon)).symmetric_difference(cutter_words(lexicon)))
    )
    if not changed:
        return cache.terms
    # A document's hash goes over all its text: each is looked up once.
    return {
        doc: cut
        for (doc, cut), folded in zip(cache.terms.items(), cache.folded.values(), strict=True)
        if not any(word in folded for word in changed)
    }


def _term_impacts(
    docs: Sequence[SearchDocument | None], segmenter: Segmenter, workers: int
) -> tuple[TermPostings, set[str]]:
    """Every term's postings, each term's documents in ascending order; and the terms
    that are words of the data (see DATA_WORD). A document that is None (see
    :func:`cut_ahead`) keeps its number and has no terms."""
    global _forked
    if workers <= 1 or len(docs) < MIN_DOCUMENTS_TO_FORK:
        return _impacts_of_run(docs, segmenter, 0, len(docs))
    # A few runs per worker, so that a slow one does not leave the others idle at the end.
    count = workers * 4
    bounds = [(len(docs) * run // count, len(docs) * (run + 1) // count) for run in range(count)]
    _forked = (docs, segmenter)
    impacts: TermPostings = {}
    words: set[str] = set()
    # Frozen, the objects alive now are left alone by the workers' collector, so the
    # memory they share with this process stays shared.
    try:
        with frozen_objects(), multiprocessing.get_context("fork").Pool(workers) as pool:
            # One run at a time, in document order (each term's numbers stay ascending),
            # each merged and let go as it comes: never every run's postings at once.
            for part, part_words in pool.imap(_forked_impacts, bounds):
                for term, postings in part.items():
                    held = impacts.get(term)
                    if held is None:
                        impacts[term] = postings
                    else:
                        held.extend(postings)
                words |= part_words
                del part, part_words
    finally:
        _forked = None
    return impacts, words


def _forked_impacts(bounds: tuple[int, int]) -> tuple[TermPostings, set[str]]:
    assert _forked is not None, "only in a worker forked by _term_impacts"
    docs, segmenter = _forked
    return _impacts_of_run(docs, segmenter, *bounds)


def _impacts_of_run(
    docs: Sequence[SearchDocument | None], segmenter: Segmenter, start: int, end: int
) -> tuple[TermPostings, set[str]]:
    impacts: TermPostings = {}
    words: set[str] = set()
    for number in range(start, end):
        doc = docs[number]
        if doc is not None:
            _add_postings(impacts, number, document_terms(doc, segmenter, words))
    return impacts, words


def _add_postings(
    impacts: TermPostings, number: int, terms: Mapping[str, int], *, in_place: bool = False
) -> None:
    """Add document ``number``'s terms with their impacts: after the documents before it,
    or, ``in_place``, among documents after it too (index_after_cut_ahead's pages)."""
    shifted = number << IMPACT_BITS
    for term, impact in terms.items():
        held = impacts.get(term)
        if held is None:
            impacts[term] = array("q", (shifted | impact,))
        elif in_place:
            # A posting's number is in its high bits: in order of documents, then impacts.
            bisect.insort(held, shifted | impact)
        else:
            held.append(shifted | impact)


def traditional_marks(table: Mapping[str, str]) -> dict[str, str]:
    """Which characters the traditional table folds, in a fifth of the table's bytes.

    ``traditionalBits``: a bitmap (base64) of :data:`MARKED_BLOCK`, bit ``code - start`` of
    byte ``(code - start) >> 3``, lowest bit first; ``traditionalOthers``: the table's
    characters outside that block. The page loads the table only for a text that holds one.
    """
    start, end = MARKED_BLOCK
    bits = bytearray((end - start) // 8 + 1)
    others = []
    for char in sorted(table):
        code = ord(char)
        if start <= code <= end:
            bits[(code - start) >> 3] |= 1 << ((code - start) & 7)
        else:
            others.append(char)
    return {
        "traditionalBits": base64.b64encode(bytes(bits)).decode("ascii"),
        "traditionalOthers": "".join(others),
    }


def bucket_key(term: str, split: Set[str] = frozenset()) -> str:
    """What decides a term's bucket: a character or a pair alone, else its first three.

    So all the longer terms that start alike share a bucket (a query loads one bucket for
    the terms that start at one of its characters), while the most common pairs (天津,
    公司), each with thousands of postings, spread over buckets of their own. A pinyin key
    or another word of Latin letters is its own key: thousands of unit names start with
    tianjin. A prefix in ``split`` (:func:`split_prefixes`: 天津市, which thousands of unit
    names start with) is lengthened by one character, and again while that is in it.
    A name's pair (:func:`name_pairs`) goes with a term that a query looking it up loads
    anyway: its bigram (沈超 of 沈超_, 超阳 of _超阳) or its surname (沈 of 沈_阳).
    """
    if term.isascii() and term.isalpha():
        return term
    if len(term) == PAIRED_NAME_CHARS and NAME_GAP in term:
        return term[0] if term[1] == NAME_GAP else term.replace(NAME_GAP, "")
    if len(term) <= 2:
        return term
    length = 3
    while length < len(term) and term[:length] in split:
        length += 1
    return term[:length]


def split_prefixes(term_entries: Mapping[str, str]) -> set[str]:
    """The prefixes whose terms would weigh more than TARGET_SHARD_BYTES in one bucket.

    At 100,000 records the terms that start with 天津市 weigh 750 KB: a query holding it
    would load them all. Split, each longer prefix is a key of its own (天津市河, 天津市南),
    and those still too heavy are split again. The manifest lists them for the page.
    """
    split: set[str] = set()
    # Each term that a split could move, with its key so far.
    pending = {
        term: bucket_key(term)
        for term in term_entries
        if len(term) > 3 and bucket_key(term) != term
    }
    while pending:
        weights: dict[str, int] = defaultdict(int)
        for term, key in pending.items():
            weights[key] += len(term.encode()) + len(term_entries[term]) + 4
        heavy = {key for key, weight in weights.items() if weight > TARGET_SHARD_BYTES}
        split |= heavy
        # Only the terms of a prefix just split move; the others keep their buckets.
        pending = {
            term: term[: len(key) + 1]
            for term, key in pending.items()
            if key in heavy and len(key) + 1 < len(term)
        }
    return split


def bucket_of(term: str, buckets: int, split: Set[str] = frozenset()) -> int:
    """The bucket of a term: FNV-1a of the UTF-16 code units of its bucket key.

    UTF-16, as JavaScript strings hold them, so that the page computes the same bucket.
    """
    key = bucket_key(term, split)
    value = 0x811C9DC5
    data = key.encode("utf-16-le")
    for index in range(0, len(data), 2):
        value ^= data[index] | (data[index + 1] << 8)
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % buckets


def is_handwritten(doc: SearchDocument) -> bool:
    """Whether a document is a hand-written page's (no kind, a body), not the data's."""
    return not doc.kind and any(field.kind is FieldKind.BODY for field in doc.fields)


def document_terms(
    doc: SearchDocument, segmenter: Segmenter, words: set[str] | None = None
) -> dict[str, int]:
    """Each term of a document with its impact (the best over its fields).

    ``words``, when given, gains the terms that are words of the data (see DATA_WORD).
    """
    found: dict[str, int] = {}
    data_words: set[str] = words if words is not None else set()
    # A hand-written page (no kind, a body) is the site's text, not the data's.
    handwritten = is_handwritten(doc)
    data_field = True

    def add(term: str, impact: int, *, word: bool = False) -> None:
        if impact > found.get(term, 0):
            found[term] = impact
        if word and data_field:
            data_words.add(term)

    for field in doc.fields:
        data_field = not (handwritten and field.kind is FieldKind.BODY)
        folded = fold(field.text)
        weight = field.kind.value
        whole = _key(folded)
        names = field.kind in (FieldKind.NAME, FieldKind.ALIAS)
        runs = HAN_RUN.findall(folded)
        for run in runs:
            for word in segmenter.cut(run):
                add(word, weight * WORD * (WHOLE if word == whole else 1), word=True)
            if names:
                for character in run:
                    add(character, weight * CHARACTER * (WHOLE if character == whole else 1))
                if run == whole:
                    for pair in name_pairs(run):
                        add(pair, weight * BIGRAM)
        for run in _bigram_runs(field, folded, runs, handwritten=handwritten):
            for bigram in han_bigrams(run):
                is_whole = bigram == whole
                add(bigram, weight * (WORD * WHOLE if is_whole else BIGRAM), word=is_whole)
        if len(whole) >= 2 and (names or field.kind is FieldKind.TITLE):
            # A whole name or title as one term, whatever jieba made of it.
            add(whole, weight * WORD * WHOLE, word=True)
        printed = folded.strip().replace(",", "")
        for number in numbers(folded):
            # A field that is a quantity as printed (数值：87.7%, 262.6万件) states it,
            # others quote it. Not a bare integer: a field that is 2013 is a year.
            states = number == printed and not number.isdigit()
            add(number, weight * WORD * (WHOLE if states else 1), word=True)
        for word in latin_words(folded):
            add(word, weight * WORD, word=True)
        if names and doc.pinyin:
            common = common_pinyin(whole)
            for key in name_pinyin(whole):
                impact = weight * WORD * (WHOLE if field.kind is FieldKind.NAME else 1)
                # A rare reading of a character finds the name too, after the names
                # that read so as they mostly are (szf: 石志福 before 邓志福, 邓 read shan).
                add(key, impact if key in common else impact // RARE_READING, word=True)
    return found


def name_pairs(name: str) -> list[str]:
    """A three-character name's characters two at a time, in place (沈超_, 沈_阳, _超阳)."""
    if len(name) != PAIRED_NAME_CHARS:
        return []
    return [name[:gap] + NAME_GAP + name[gap + 1 :] for gap in range(len(name))]


def _bigram_runs(
    field: SearchField, folded: str, runs: list[str], *, handwritten: bool
) -> list[str]:
    """The runs of a field (``runs``: those of ``folded``) whose every two adjacent
    characters are terms.

    Names, titles and short facts, whole. A hand-written page's text as far as its
    document stores it (PAGE_TEXT_CHARS): the page tells by them that a run of it is there
    (逐条整理, whose words are no words of the data), and checks it in the stored text.
    Not a record's description or a long fact: their bigrams would make the term shards a
    third larger (measured at 1,000 records), and the build's postings with them.
    """
    if field.kind is FieldKind.BODY:
        return HAN_RUN.findall(fold(_page_text(field.text))) if handwritten else []
    if field.kind is FieldKind.FACT and len(folded) > BIGRAM_FIELD_CHARS:
        return []
    return runs


def _page_text(text: str) -> str:
    """What a document stores of a hand-written page's text."""
    return " ".join(text.split())[:PAGE_TEXT_CHARS]


_NOT_KEY = re.compile(r"[^\w]|_")


def _key(folded: str) -> str:
    """A folded text without spaces and punctuation: how a whole name is matched."""
    return _NOT_KEY.sub("", folded)


def _postings(by_doc: Sequence[int], data_word: bool = False) -> str:
    """``df|doc,impact;doc,impact...``: the strongest postings, doc numbers delta-coded.

    ``by_doc``: the term's postings (see IMPACT_BITS) in ascending order of document.
    A word of the data starts with DATA_WORD (``!df|...``).
    """
    kept: Sequence[int] = by_doc
    if len(by_doc) > MAX_POSTINGS:
        # The strongest first, and of equal impacts the first documents.
        kept = sorted(by_doc, key=lambda posting: (-(posting & IMPACT_MASK), posting))
        kept = sorted(kept[:MAX_POSTINGS])
    parts = []
    previous = 0
    for posting in kept:
        number = posting >> IMPACT_BITS
        parts.append(f"{_base36(number - previous)},{_base36(posting & IMPACT_MASK)}")
        previous = number
    return f"{DATA_WORD if data_word else ''}{_base36(len(by_doc))}|{';'.join(parts)}"


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
_SMALL: list[str] = [a + b for a in ["", *_DIGITS[1:]] for b in _DIGITS]  # 0 to 36 * 36 - 1


def _base36(value: int) -> str:
    if value < len(_SMALL):
        return _SMALL[value]
    value, rest = divmod(value, 36)
    return _base36(value) + _DIGITS[rest]


def _stored(doc: SearchDocument) -> list[Any]:
    """What the result list shows of a document: [address, title, kind, [[label, text]...]]."""
    fields = [[field.label, _stored_text(doc, field)] for field in _shown_fields(doc)]
    return [doc.location, doc.title, doc.kind, fields]


def _shown_fields(doc: SearchDocument) -> list[SearchField]:
    # The result shows the title anyway.
    return [
        field
        for field in doc.fields
        if field.kind is not FieldKind.TITLE and field.text != doc.title
    ]


def _stored_text(doc: SearchDocument, field: SearchField) -> str:
    if field.kind is FieldKind.BODY and not doc.kind:
        return _page_text(field.text)
    return " ".join(field.text.split())[:SNIPPET_CHARS]


def _rest(doc: SearchDocument) -> list[list[Any]]:
    """What :func:`_stored` cut off a document's fields: [[field's index, the rest]...].

    The stored field and its rest, joined, are the field's whole text (spaces folded).
    """
    cut = []
    for index, field in enumerate(_shown_fields(doc)):
        whole = " ".join(field.text.split())
        kept = _stored_text(doc, field)
        if len(whole) > len(kept):
            cut.append([index, whole[len(kept) :]])
    return cut


def _document_files(shard: int, docs: list[SearchDocument]) -> tuple[str, bytes, bytes]:
    """The digest naming a document shard and its text shard, and their bytes.

    The two share a name's digest, that of both their bytes: the page finds a text shard
    from the manifest's digest of its document shard, so the manifest (loaded before any
    answer) lists nothing more, and either file changes name when either changes.
    """
    stored = _script(f"d{shard}", [_stored(doc) for doc in docs])
    rest = _script(f"{TEXT_SHARD}{shard}", [_rest(doc) for doc in docs])
    return hashlib.sha256(stored + rest).hexdigest()[:8], stored, rest


def _script(name: str, data: Any) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return f'{REGISTER}("{name}",{text})\n'.encode()


def _shard_file(name: str, data: Any) -> tuple[str, bytes]:
    """The digest that names a shard's file, and its bytes."""
    content = _script(name, data)
    return hashlib.sha256(content).hexdigest()[:8], content


# Documents are pickled to a file in batches of this many: a batch shares its labels' strings,
# and the writer holds one batch at a time.
DOCUMENTS_PER_BATCH = 1000


def write_documents(documents: Iterable[SearchDocument], file: IO[bytes]) -> list[str]:
    """Pickle ``documents`` into ``file`` in batches, for :func:`read_documents` in another
    process; their locations, in order."""
    locations: list[str] = []
    batch: list[SearchDocument] = []
    for doc in documents:
        batch.append(doc)
        locations.append(doc.location)
        if len(batch) == DOCUMENTS_PER_BATCH:
            pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)
            batch = []
    if batch:
        pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)
    return locations


def read_documents(path: Path) -> list[SearchDocument]:
    """The documents :func:`write_documents` wrote into the file at ``path``, in order."""
    documents: list[SearchDocument] = []
    with path.open("rb") as file:
        while True:
            try:
                documents += pickle.load(file)
            except EOFError:
                return documents


def write_index(index: ShardedIndex, folder: Path) -> tuple[int, int]:
    """Write the files that differ, remove the index's old files; (written, removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for name, data in sorted(index.files.items()):
        path = folder / name
        if path.is_file() and path.read_bytes() == data:
            continue
        path.write_bytes(data)
        written += 1
    removed = 0
    for path in sorted(folder.glob("*.js")):
        if path.name not in index.files:
            path.unlink()
            removed += 1
    return written, removed


def _name_characters(docs: Iterable[SearchDocument]) -> set[str]:
    """The Han characters of the names and aliases of the documents found by pinyin."""
    return {
        char
        for doc in docs
        if doc.pinyin
        for field in doc.fields
        if field.kind in (FieldKind.NAME, FieldKind.ALIAS)
        for run in HAN_RUN.findall(fold(field.text))
        for char in run
    }


_TAG = re.compile(r"<[^>]*>")


def page_documents(material_docs: Iterable[Mapping[str, Any]]) -> list[SearchDocument]:
    """Documents for the pages in Material's index: one per page, its sections' text joined."""
    pages: dict[str, tuple[str, list[str]]] = {}
    for entry in material_docs:
        location = str(entry.get("location", ""))
        page = location.split("#")[0]
        title = _plain(str(entry.get("title", "")))
        text = _plain(str(entry.get("text", "")))
        if page not in pages:
            pages[page] = (title, [])
        if location != page and title:
            pages[page][1].append(title)
        if text:
            pages[page][1].append(text)
    return [
        SearchDocument(
            location,
            title,
            "",
            (
                SearchField(FieldKind.TITLE, "标题", title),
                SearchField(FieldKind.BODY, "正文", " ".join(texts)),
            ),
        )
        for location, (title, texts) in pages.items()
    ]


def _plain(text: str) -> str:
    text = _TAG.sub(" ", text.replace("\u200b", ""))
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'")):
        text = text.replace(entity, char)
    return " ".join(text.replace("&amp;", "&").split())
