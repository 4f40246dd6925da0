"""The search index of the live preview, updated document by document after an edit.

:func:`~showcase.site.search_shards.build_index` cuts every document (or takes its terms
from a :class:`~showcase.site.search_shards.TermsCache`), gathers every posting again, and
formats, hashes and compares every shard: at 100,000 records (110,000 documents, 12 million
postings) that is most of a one-record preview's time, although an edit changes a handful
of documents. :func:`index_after_edit` keeps the last index's postings, buckets and files
(:class:`LiveIndexCache`), takes the edited documents' postings out and puts their new ones
in, and formats again only the term shards of the terms they touched and their own document
shards. The files are those :func:`build_index` makes of the same documents, byte for byte
(``tests/test_search_update.py``); when the documents' addresses, the number of term shards
or the prefixes split among them change, it builds the index whole, as the build does.
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from showcase.site.search_analysis import Segmenter, fold, reading_table, traditional_table
from showcase.site.search_shards import (
    DOCS_PER_SHARD,
    IMPACT_BITS,
    MANIFEST,
    MIN_BUCKETS,
    READINGS,
    TARGET_SHARD_BYTES,
    TEXT_SHARD,
    TRADITIONAL,
    SearchDocument,
    ShardedIndex,
    TermsCache,
    _document_files,
    _name_characters,
    _postings,
    _shard_file,
    bucket_of,
    build_index,
    document_terms,
    index_manifest,
    reusable_terms,
    split_prefixes,
    write_index,
)

_Cut = tuple[dict[str, int], frozenset[str]]  # a document's terms with impacts, its data words


@dataclass
class _Layout:
    """What the last index was made of, beyond the cache's terms and postings."""

    docs: list[SearchDocument]  # in the index's order (by address)
    cuts: list[_Cut]  # each document's terms, in the same order
    folded: list[str]  # each document's fields folded, one a line (reusable_terms)
    term_entries: dict[str, str]  # each term's entry, as the term shards hold it
    word_documents: Counter[str]  # how many documents hold a term as a word of the data
    name_characters: Counter[str]  # how many pinyin documents' names hold a character
    buckets: int
    split: frozenset[str]
    bucket_terms: dict[int, set[str]]
    sizes: int  # the weight that decides the number of buckets (as build_index sums it)
    postings: int
    files: dict[str, bytes]  # the index's files by name
    term_files: list[str]  # the digests of the term shards, by bucket
    doc_files: list[str]  # the digests of the document shards, by number


class LiveIndexCache(TermsCache):
    """A terms cache that also keeps the last index whole, for :func:`index_after_edit`."""

    def __init__(self) -> None:
        super().__init__()
        self.layout: _Layout | None = None
        self.updated = False  # whether the last index was updated rather than built whole
        self.written: dict[str, bytes] = {}  # the files last written, by name


def index_after_edit(
    documents: Iterable[SearchDocument], lexicon: Iterable[str], cache: LiveIndexCache
) -> ShardedIndex:
    """The index of ``documents``: the last one updated when it can be, else built whole."""
    docs = sorted(documents, key=lambda doc: doc.location)
    words = tuple(lexicon)
    layout = cache.layout
    cache.updated = False
    if layout is not None and [doc.location for doc in layout.docs] == [
        doc.location for doc in docs
    ]:
        index = _update(docs, words, cache, layout)
        if index is not None:
            cache.updated = True
            return index
    cache.layout = None
    index = build_index(docs, words, cache=cache)
    cache.layout = _layout_of(docs, index, cache)
    return index


def write_index_files(index: ShardedIndex, folder: Path, cache: LiveIndexCache) -> list[str]:
    """Write the files of ``index`` that differ from those written last; remove the old.

    The names of the files written and removed. The first time, as write_index: every file
    compared with the folder's, and every other script in it removed.
    """
    before = cache.written
    if not before:
        write_index(index, folder)
        cache.written = dict(index.files)
        return sorted(index.files)
    changed = []
    for name, data in sorted(index.files.items()):
        kept = before.get(name)
        # Unchanged files are the very bytes of the last index (index_after_edit).
        if kept is data or kept == data:
            continue
        (folder / name).write_bytes(data)
        changed.append(name)
    for name in sorted(before.keys() - index.files.keys()):
        (folder / name).unlink(missing_ok=True)
        changed.append(name)
    cache.written = dict(index.files)
    return changed


_SHARD_NAME = re.compile(r"([a-z]+)(\d+)\.([0-9a-f]+)\.js")


def _layout_of(docs: list[SearchDocument], index: ShardedIndex, cache: TermsCache) -> _Layout:
    """The layout of ``index``, just built by build_index from ``docs`` with ``cache``."""
    cuts = [cache.terms[doc] for doc in docs]
    folded = [cache.folded[doc] for doc in docs]
    term_entries = {term: entry for term, (_, _, entry) in cache.entries.items()}
    sizes = sum(_weight(term, entry) for term, entry in term_entries.items())
    buckets = _bucket_count(sizes)
    split = frozenset(split_prefixes(term_entries))
    bucket_terms: dict[int, set[str]] = {bucket: set() for bucket in range(buckets)}
    for term in term_entries:
        bucket_terms[bucket_of(term, buckets, split)].add(term)
    term_files = [""] * buckets
    doc_files = [""] * len(range(0, len(docs), DOCS_PER_SHARD))
    for name in index.files:
        found = _SHARD_NAME.fullmatch(name)
        if found is None:
            continue
        prefix, number, digest = found.group(1), int(found.group(2)), found.group(3)
        if prefix == "t":
            term_files[number] = digest
        elif prefix == "d":
            doc_files[number] = digest
    return _Layout(
        docs=docs,
        cuts=cuts,
        folded=folded,
        term_entries=term_entries,
        word_documents=Counter(word for _, doc_words in cuts for word in doc_words),
        name_characters=Counter(char for doc in docs for char in _name_characters([doc])),
        buckets=buckets,
        split=split,
        bucket_terms=bucket_terms,
        sizes=sizes,
        postings=index.postings,
        files=dict(index.files),
        term_files=term_files,
        doc_files=doc_files,
    )


def _update(
    docs: list[SearchDocument], lexicon: tuple[str, ...], cache: TermsCache, layout: _Layout
) -> ShardedIndex | None:
    """The index of ``docs`` (at the addresses of the last), from the last; None: build it
    whole (the number of term shards or the split prefixes changed)."""
    known = reusable_terms(cache, lexicon)
    segmenter: Segmenter | None = None
    changed: list[int] = []
    touched_terms: set[str] = set()
    entries = cache.entries
    # Compared once, not per document: the lexicon holds every word of the data (about
    # 150,000 at 100,000 records), and comparing it for each document made the first update
    # after a build quadratic (minutes at 100,000 records).
    same_lexicon = cache.lexicon == lexicon
    for number, doc in enumerate(docs):
        old = layout.docs[number]
        if doc == old and (same_lexicon or old in known):
            continue
        cut = known.get(doc)
        if cut is None:
            segmenter = segmenter or Segmenter(lexicon)
            doc_words: set[str] = set()
            cut = (document_terms(doc, segmenter, doc_words), frozenset(doc_words))
        old_terms, old_words = layout.cuts[number]
        new_terms, new_words = cut
        if doc == old and cut == layout.cuts[number]:
            continue  # recut for a word of the lexicon, to the same terms
        changed.append(number)
        shifted = number << IMPACT_BITS
        for term in old_terms:
            postings = entries[term][0]
            at = bisect.bisect_left(postings, shifted)
            if postings[at] >> IMPACT_BITS != number:
                raise AssertionError(f"search index: {term!r} has no posting of document {number}")
            del postings[at]
            layout.postings -= 1
        for term, impact in new_terms.items():
            held = entries.get(term)
            if held is None:
                entries[term] = (array("q", (shifted | impact,)), False, "")
            else:
                bisect.insort(held[0], shifted | impact)
            layout.postings += 1
        layout.word_documents.subtract(old_words)
        layout.word_documents.update(new_words)
        layout.name_characters.subtract(_name_characters([old]))
        layout.name_characters.update(_name_characters([doc]))
        touched_terms.update(old_terms)
        touched_terms.update(new_terms)
        layout.cuts[number] = cut
        layout.folded[number] = "\n".join(fold(field.text) for field in doc.fields)
    layout.docs = docs
    cache.lexicon = lexicon
    cache.terms = dict(zip(docs, layout.cuts, strict=True))
    cache.folded = dict(zip(docs, layout.folded, strict=True))
    cache.cut = len(changed)
    # Each touched term's entry again, or the term gone.
    term_entries = layout.term_entries
    old_buckets: dict[str, int] = {}
    for term in touched_terms:
        postings, _, _ = entries[term]
        if term in term_entries:
            layout.sizes -= _weight(term, term_entries[term])
            old_buckets[term] = bucket_of(term, layout.buckets, layout.split)
        if not postings:
            del entries[term], term_entries[term]
            continue
        word = layout.word_documents[term] > 0
        entry = _postings(postings, word)
        entries[term] = (postings, word, entry)
        term_entries[term] = entry
        layout.sizes += _weight(term, entry)
    if _bucket_count(layout.sizes) != layout.buckets:
        return None
    if frozenset(split_prefixes(term_entries)) != layout.split:
        return None
    files = layout.files
    buckets: set[int] = set()
    for term in touched_terms:
        old_bucket = old_buckets.get(term)
        if old_bucket is not None:
            layout.bucket_terms[old_bucket].discard(term)
            buckets.add(old_bucket)
        if term in term_entries:
            bucket = bucket_of(term, layout.buckets, layout.split)
            layout.bucket_terms[bucket].add(term)
            buckets.add(bucket)
    for bucket in sorted(buckets):
        terms = layout.bucket_terms[bucket]
        digest, data = _shard_file(f"t{bucket}", {term: term_entries[term] for term in terms})
        del files[f"t{bucket}.{layout.term_files[bucket]}.js"]
        files[f"t{bucket}.{digest}.js"] = data
        layout.term_files[bucket] = digest
    for shard in sorted({number // DOCS_PER_SHARD for number in changed}):
        start = shard * DOCS_PER_SHARD
        digest, stored, rest = _document_files(shard, docs[start : start + DOCS_PER_SHARD])
        old_digest = layout.doc_files[shard]
        del files[f"d{shard}.{old_digest}.js"], files[f"{TEXT_SHARD}{shard}.{old_digest}.js"]
        files[f"d{shard}.{digest}.js"] = stored
        files[f"{TEXT_SHARD}{shard}.{digest}.js"] = rest
        layout.doc_files[shard] = digest
    readings_digest = _replace_named(
        files,
        READINGS,
        reading_table({char for char, count in layout.name_characters.items() if count > 0}),
    )
    traditional_digest = _replace_named(
        files,
        TRADITIONAL,
        "".join(f"{trad}{simp}" for trad, simp in sorted(traditional_table().items())),
    )
    files[MANIFEST] = index_manifest(
        docs,
        layout.split,
        layout.term_files,
        layout.doc_files,
        readings_digest,
        traditional_digest,
    )
    return ShardedIndex(dict(files), len(term_entries), layout.postings)


def _replace_named(files: dict[str, bytes], name: str, data: object) -> str:
    """Put the file ``name`` of ``data`` among ``files`` in place of the old one; its digest."""
    digest, content = _shard_file(name, data)
    if f"{name}.{digest}.js" not in files:
        for old in [found for found in files if found.startswith(f"{name}.")]:
            del files[old]
        files[f"{name}.{digest}.js"] = content
    return digest


def _weight(term: str, entry: str) -> int:
    # As build_index weighs the terms to choose the number of buckets.
    return len(term.encode()) + len(entry) + 4


def _bucket_count(sizes: int) -> int:
    buckets = MIN_BUCKETS
    while sizes / buckets > TARGET_SHARD_BYTES:
        buckets *= 2
    return buckets
