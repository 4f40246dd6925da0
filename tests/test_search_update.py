"""The live preview's search index updated document by document (site/search_update.py):
after random edits, its files are those of the index built whole, byte for byte, and only
the files that differ are written.
"""

from __future__ import annotations

import random
from pathlib import Path

from showcase.site.search_shards import (
    FieldKind,
    SearchDocument,
    SearchField,
    build_index,
)
from showcase.site.search_terms import lexicon
from showcase.site.search_update import LiveIndexCache, index_after_edit, write_index_files

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明军国栋秀兰英建华伟芳娜敏静丽强磊洋艳勇杰娟涛超"
WORDS = [
    "劳动模范",
    "技术创新",
    "工作室",
    "天津市",
    "电力",
    "机械",
    "先进",
    "集体",
    "2013年",
    "87.7%",
]


def name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))


def person(number: int, rng: random.Random) -> SearchDocument:
    own = name(rng)
    text = "".join(rng.choices(WORDS, k=rng.randint(1, 6)))
    return SearchDocument(
        f"people/p{number:03d}/",
        own,
        "人物",
        (
            SearchField(FieldKind.NAME, "名称", own),
            SearchField(FieldKind.FACT, "类别", "人物"),
            SearchField(FieldKind.BODY, "简介", text),
        ),
        pinyin=True,
    )


def page(location: str, text: str) -> SearchDocument:
    return SearchDocument(
        location,
        "关于",
        "",
        (SearchField(FieldKind.TITLE, "标题", "关于"), SearchField(FieldKind.BODY, "正文", text)),
    )


def test_random_edits_give_the_files_of_the_index_built_whole(tmp_path: Path) -> None:
    rng = random.Random(17)
    docs = [person(number, rng) for number in range(120)] + [page("about/", "本站收录劳动模范")]
    cache = LiveIndexCache()
    folder = tmp_path / "index"
    first = index_after_edit(docs, lexicon(docs), cache)
    assert not cache.updated
    write_index_files(first, folder, cache)
    updated = 0
    for _ in range(25):
        edited = list(docs)
        for _ in range(rng.randint(1, 3)):
            number = rng.randrange(120)
            edited[number] = person(number, rng)  # renamed, described anew
        if rng.random() < 0.2:
            edited[-1] = page("about/", rng.choice(WORDS))
        if rng.random() < 0.1:
            edited.append(person(500 + len(edited), rng))  # a page more: built whole
        words = lexicon(edited)
        index = index_after_edit(edited, words, cache)
        updated += cache.updated
        whole = build_index(edited, words)
        assert index.files == whole.files
        assert (index.terms, index.postings) == (whole.terms, whole.postings)
        before = {path.name: path.read_bytes() for path in folder.iterdir()}
        changed = write_index_files(index, folder, cache)
        after = {path.name: path.read_bytes() for path in folder.iterdir()}
        assert after == whole.files
        assert set(changed) == {
            name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
        }
        docs = edited
    assert updated >= 15  # most edits were followed, not built whole


def test_an_unchanged_set_of_documents_writes_nothing(tmp_path: Path) -> None:
    rng = random.Random(3)
    docs = [person(number, rng) for number in range(40)]
    cache = LiveIndexCache()
    write_index_files(index_after_edit(docs, lexicon(docs), cache), tmp_path, cache)
    again = index_after_edit(list(docs), lexicon(docs), cache)
    assert cache.updated
    assert write_index_files(again, tmp_path, cache) == []
