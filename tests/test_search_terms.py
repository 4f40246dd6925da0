"""The search index (documents, terms, shards) and the engine that queries it in node.

The engine's functions run in node over an index written by a real build (the browser
tests run the same script in Chromium); the bucket of a term, the folding of a query and
the cutting of its words must be the ones Python used to write the index.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from showcase.site import search_shards
from showcase.site.search_analysis import (
    Segmenter,
    common_pinyin,
    fold,
    name_pinyin,
    numbers,
    reading_table,
    traditional_table,
)
from showcase.site.search_shards import (
    INDEX_FOLDER,
    MANIFEST,
    FieldKind,
    SearchDocument,
    SearchField,
    bucket_key,
    bucket_of,
    build_index,
    document_terms,
    write_index,
)
from showcase.site.search_terms import given_name
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
  - id: huaxin-branch
    name: 天津华信汽车零部件有限公司第一分公司
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
  - id: gas-team
    title: 华信燃气有限公司第一分公司第一班组安全生产标准化建设
    category: 安全生产
    sources: [{source: test-source}]
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


# --- folding, words, numbers, pinyin --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("勞模工作室", "劳模工作室"),
        ("天津鋼管集團", "天津钢管集团"),
        ("ＡＢＣ５００", "abc500"),  # full-width, as an input method types them
        ("劳模工作室", "劳模工作室"),  # simplified text stays as it is
    ],
)
def test_text_is_folded_to_simplified_lower_case_half_width(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_numbers_are_terms_as_printed_and_bare() -> None:
    assert list(numbers(fold("累计582.8万人次，占96.3％，共41,047家，169个，30余项"))) == [
        "582.8", "582.8万", "582.8万人", "582.8万人次", "96.3", "96.3%", "41047", "41047家",
        "169", "169个", "30", "30余", "30余项",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("孔祥瑞", ["kongxiangrui", "kxr"]),
        # A surname read as a surname first (单 shan, not dan), its other readings after.
        ("单田芳", ["shantianfang", "dantianfang", "chantianfang", "stf", "dtf", "ctf"]),
        ("曾国藩", ["zengguofan", "cengguofan", "zgf", "cgf"]),
        ("买买提·艾力", []),  # not all Han: no pinyin
    ],
)
def test_names_get_full_pinyin_and_initials(name: str, keys: list[str]) -> None:
    assert name_pinyin(name) == keys


def test_a_long_name_gets_its_initials_only() -> None:
    keys = name_pinyin("天津钢管集团股份有限公司")
    assert keys[0] == "tjggjtgfyxgs"  # the common reading first
    assert all(len(key) == len("天津钢管集团股份有限公司") for key in keys)


def test_polyphonic_names_get_a_bounded_number_of_readings() -> None:
    keys = name_pinyin("长乐行重朝")  # five polyphonic characters
    assert 0 < len(keys) <= 2 * 8


def test_the_data_lexicon_makes_a_name_one_word_and_keeps_its_parts() -> None:
    segmenter = Segmenter(["孔祥瑞劳模创新工作室"])
    words = segmenter.cut("孔祥瑞劳模创新工作室")
    assert "孔祥瑞劳模创新工作室" in words
    assert {"劳模", "创新", "工作室"} <= set(words)
    assert "孔祥瑞劳模创新工作室" not in Segmenter([]).cut("孔祥瑞劳模创新工作室")


@pytest.mark.parametrize(
    ("name", "given"),
    [("李刚", "刚"), ("欧阳修文", "修文"), ("买买提·艾力", None), ("李", None), ("Li", None)],
)
def test_a_given_name_is_the_name_without_the_surname(name: str, given: str | None) -> None:
    assert given_name(name) == given


# --- terms and their impacts ------------------------------------------------------------------


def person(name: str, *fields: SearchField, location: str = "people/x/") -> SearchDocument:
    return SearchDocument(
        location, name, "人物", (SearchField(FieldKind.NAME, "名称", name), *fields), pinyin=True
    )


def test_a_term_weighs_most_as_a_whole_name_then_by_its_field_and_layer() -> None:
    segmenter = Segmenter(["孔祥瑞", "天津钢管公司"])
    terms = document_terms(
        person(
            "孔祥瑞",
            SearchField(FieldKind.ALIAS, "又名", "祥瑞"),
            SearchField(FieldKind.FACT, "单位", "天津钢管公司"),
            SearchField(FieldKind.BODY, "简介", "他在天津港工作，获得582.8万元奖励。"),
        ),
        segmenter,
    )
    assert terms["孔祥瑞"] == 10 * 10 * 3  # the whole name
    assert terms["kongxiangrui"] == 10 * 10 * 3 and terms["kxr"] == 10 * 10 * 3
    assert terms["祥瑞"] == 6 * 10 * 3  # the whole alias beats the name's bigram
    assert terms["孔祥"] == 10 * 4  # a bigram of the name
    assert terms["孔"] == 10 * 1  # a single character, names only
    # Each two of a three-character name's characters in place, weighed as a bigram: the
    # terms of the names one character from a query typed wrong (孔祥_ for 孔祥端).
    assert terms["孔祥_"] == terms["孔_瑞"] == terms["_祥瑞"] == 10 * 4
    assert "_瑞" not in terms and "祥_" not in terms  # a two-character alias gives none
    assert terms["钢管"] == 2 * 10  # a word of a fact
    assert terms["天津"] == 2 * 10  # the fact's word beats the body's
    assert terms["582.8万"] == 1 * 10
    assert "天津港" not in terms or terms["天津港"] == 10  # body: words only
    assert "港工" not in terms  # no bigrams from the body
    assert "他" not in terms  # no single characters outside names


@pytest.mark.parametrize(
    ("name", "common", "rare"),
    [
        ("邓志福", {"dengzhifu", "dzf"}, {"shanzhifu", "szf"}),  # 邓 also reads shan
        ("石志福", {"shizhifu", "szf"}, {"danzhifu", "dzf"}),  # 石 also reads dan
        ("单田芳", {"shantianfang", "stf"}, {"dantianfang", "dtf"}),  # a surname's own reading
    ],
)
def test_a_name_is_found_by_a_rare_reading_after_the_names_read_so(
    name: str, common: set[str], rare: set[str]
) -> None:
    # szf finds 石志福 before 邓志福: a key of the reading a name mostly has weighs more
    # than one of a rare reading of its characters, which finds it still.
    assert common_pinyin(name) == common
    terms = document_terms(person(name), Segmenter([]))
    assert all(terms[key] == 10 * 10 * 3 for key in common)
    assert all(0 < terms[key] < 10 * 10 * 3 for key in rare)
    assert common_pinyin("天津钢管集团股份有限公司") == {"tjggjtgfyxgs"}  # initials only


def test_a_record_of_another_kind_gets_no_pinyin() -> None:
    doc = SearchDocument(
        "awards/a/", "劳动模范", "荣誉", (SearchField(FieldKind.NAME, "名称", "劳动模范"),)
    )
    assert not any(term.isascii() for term in document_terms(doc, Segmenter([])))


# --- shards ------------------------------------------------------------------------------------


def test_words_of_the_data_are_told_from_bigrams_and_from_the_sites_own_text() -> None:
    segmenter = Segmenter(["孔祥瑞", "天津钢管公司"])
    words: set[str] = set()
    terms = document_terms(
        person("孔祥瑞", SearchField(FieldKind.FACT, "单位", "天津钢管公司")), segmenter, words
    )
    assert {"孔祥瑞", "天津钢管公司", "钢管", "kongxiangrui"} <= words
    assert {"孔祥", "管公", "孔"} <= set(terms) - words  # bigrams and characters only rank
    page = SearchDocument(
        "guide/",
        "投稿指南",
        "",
        (
            SearchField(FieldKind.TITLE, "标题", "投稿指南"),
            SearchField(FieldKind.BODY, "正文", "例如全国五一劳动奖章"),
        ),
    )
    page_words: set[str] = set()
    page_terms = document_terms(page, segmenter, page_words)
    # A hand-written page's text is found, but its words are not the data's.
    assert "全国五一劳动奖章" in page_terms
    assert "全国五一劳动奖章" not in page_words
    assert "投稿指南" in page_words  # its title is


def test_the_readings_cover_common_characters_and_the_names_own() -> None:
    tables = reading_table(["堃"])  # 堃 is not in GB 2312
    first = {char: syllable for syllable, chars in tables[0].items() for char in chars}
    assert first["祥"] == first["翔"] == "xiang"
    assert first["堃"] == "kun"
    assert any("曾" in chars for table in tables for syllable, chars in table.items()
               if syllable == "zeng")  # fmt: skip
    # The page folds a query with them to the keys name_pinyin gave the name.
    keys = run_script(
        "(script, [tables, runs]) => runs.map(run => script.pinyinKeys(run, script.readingMap(tables)))",
        [tables, ["孔翔瑞", "李堃"]],
    )
    assert "kongxiangrui" in keys[0]
    assert set(keys[1]) & set(name_pinyin("李堃"))


def many_people(count: int, *, first: str = "学") -> list[SearchDocument]:
    surnames = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
    given = "明华建国军平志强伟芳秀英敏静丽"
    return [
        person(
            surnames[n % len(surnames)] + given[n // len(surnames) % len(given)] + first,
            SearchField(FieldKind.FACT, "单位", f"天津第{n}机械厂"),
            location=f"people/p{n:04d}/",
        )
        for n in range(count)
    ]


def shard_data(content: bytes) -> Any:
    text = content.decode("utf-8")
    assert text.startswith(search_shards.REGISTER + "(")
    return json.loads(text[text.index(",") + 1 : text.rindex(")")])


def test_a_text_shard_holds_what_its_document_shard_cut() -> None:
    description = "面对急难险重任务，始终冲在一线。" * 12
    page = "每条摘录都要与来源原文逐字比对。" * 150
    docs = [
        SearchDocument(
            "people/a/",
            "甲",
            "人物",
            (
                SearchField(FieldKind.NAME, "姓名", "甲"),
                SearchField(FieldKind.FACT, "单位", "天津港"),
                SearchField(FieldKind.BODY, "简介", description),
            ),
        ),
        SearchDocument(
            "guide/",
            "须知",
            "",
            (
                SearchField(FieldKind.TITLE, "标题", "须知"),
                SearchField(FieldKind.BODY, "正文", page),
            ),
        ),
    ]
    index = build_index(docs, [])
    digest = shard_data(index.files[MANIFEST])["docShards"][0]
    stored, rest = index.files[f"d0.{digest}.js"], index.files[f"x0.{digest}.js"]
    # One digest names both, of both: either changing renames both.
    assert hashlib.sha256(stored + rest).hexdigest()[:8] == digest
    whole = []
    for doc, cut in zip(shard_data(stored), shard_data(rest), strict=True):
        texts = [text for _, text in doc[3]]
        for index_of_field, tail in cut:
            texts[index_of_field] += tail
        whole.append(texts)
    # Sorted by address: the guide, then the person (whose name is the title, not stored).
    assert whole == [[page], ["天津港", description]]
    assert len(shard_data(stored)[0][3][0][1]) == search_shards.PAGE_TEXT_CHARS
    assert shard_data(rest)[1] == [[len(whole[1]) - 1, description[search_shards.SNIPPET_CHARS :]]]


def test_shards_are_bounded_and_every_term_is_in_the_bucket_of_its_key() -> None:
    index = build_index(many_people(600), [])
    manifest = shard_data(index.files[MANIFEST])
    buckets = len(manifest["termShards"])
    assert buckets >= search_shards.MIN_BUCKETS
    split = set(manifest["splitPrefixes"])
    checked = 0
    for bucket, digest in enumerate(manifest["termShards"]):
        content = index.files[f"t{bucket}.{digest}.js"]
        assert hashlib.sha256(content).hexdigest()[:8] == digest
        for term in shard_data(content):
            assert bucket_of(term, buckets, split) == bucket
            checked += 1
    assert checked == index.terms
    doc_shards = [
        shard_data(index.files[f"d{n}.{d}.js"]) for n, d in enumerate(manifest["docShards"])
    ]
    assert [len(docs) for docs in doc_shards[:-1]] == [search_shards.DOCS_PER_SHARD] * (
        len(doc_shards) - 1
    )
    assert sum(len(docs) for docs in doc_shards) == manifest["documents"] == 600


def test_a_frequent_term_keeps_its_document_count_and_its_strongest_postings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(search_shards, "MAX_POSTINGS", 50)
    index = build_index(many_people(300), [])
    manifest = shard_data(index.files[MANIFEST])
    bucket = bucket_of("天津", len(manifest["termShards"]))
    entry = shard_data(index.files[f"t{bucket}.{manifest['termShards'][bucket]}.js"])["天津"]
    count, postings = entry.split("|")
    assert count.startswith(search_shards.DATA_WORD)  # 天津 is a word of the data
    assert int(count.removeprefix(search_shards.DATA_WORD), 36) == 300
    assert len(postings.split(";")) == 50


def test_the_index_is_deterministic_and_a_one_record_edit_changes_few_files(tmp_path: Path) -> None:
    people = many_people(400)
    first = build_index(people, [])
    assert build_index(list(reversed(people)), []).files == first.files
    edited = list(people)
    edited[7] = person(
        "钱新名", SearchField(FieldKind.FACT, "单位", "天津第7机械厂"), location=people[7].location
    )
    second = build_index(edited, [])
    changed = {name for name in second.files if first.files.get(name) != second.files[name]}
    assert MANIFEST in changed
    assert len(changed) <= 12  # the manifest, one document shard, the buckets of a few terms
    assert len(second.files) == len(first.files)

    folder = tmp_path / "index"
    assert write_index(first, folder) == (len(first.files), 0)
    stamps = {path.name: path.stat().st_mtime_ns for path in folder.iterdir()}
    written, removed = write_index(second, folder)
    assert (written, removed) == (len(changed), len(changed) - 1)  # the manifest keeps its name
    unchanged = [name for name in first.files if name in second.files and name not in changed]
    assert unchanged
    assert all(folder.joinpath(name).stat().st_mtime_ns == stamps[name] for name in unchanged)
    assert sorted(path.name for path in folder.iterdir()) == sorted(second.files)


def test_forked_workers_cut_the_documents_into_the_same_files(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    people = many_people(300)
    alone = build_index(people, [], workers=1)
    monkeypatch.setattr(search_shards, "MIN_DOCUMENTS_TO_FORK", 10)
    runs_here: list[int] = []
    cut_run = search_shards._impacts_of_run

    def counted(*arguments: Any) -> Any:
        runs_here.append(1)
        return cut_run(*arguments)

    monkeypatch.setattr(search_shards, "_impacts_of_run", counted)
    forked = build_index(people, [], workers=2)
    # Every run was cut in a worker (a forked process's calls are not counted here).
    assert runs_here == []
    assert forked.files == alone.files
    assert (forked.terms, forked.postings) == (alone.terms, alone.postings)


def test_documents_kept_by_earlier_code_unpickle_into_the_same_documents() -> None:
    # bench/search_documents.py keeps a build's documents to index them with other code;
    # before the classes had slots, a pickle held each one's __dict__.
    for doc in many_people(3):
        assert pickle.loads(pickle.dumps(doc)) == doc
        fields = []
        for field in doc.fields:
            kept_field = object.__new__(SearchField)
            kept_field.__setstate__({"kind": field.kind, "label": field.label, "text": field.text})
            fields.append(kept_field)
        kept = object.__new__(SearchDocument)
        kept.__setstate__(
            {
                "location": doc.location,
                "title": doc.title,
                "kind": doc.kind,
                "fields": tuple(fields),
                "pinyin": doc.pinyin,
            }
        )
        assert kept == doc
        assert hash(kept) == hash(doc)


def test_bucket_of_is_the_same_in_the_script() -> None:
    terms = ["天津", "孔", "孔祥瑞", "kongxiangrui", "582.8万", "𠀀字字", "ab"]
    terms += ["天津市", "天津市河", "天津市河西区", "天津市南开区", "𠀀字字字"]
    terms += ["孔祥_", "孔_瑞", "_祥瑞", "𠀀_字"]  # a name's pairs
    buckets = run_script("(script, terms) => terms.map(term => script.bucketOf(term, 64))", terms)
    assert buckets == [bucket_of(term, 64) for term in terms]
    # In the bucket of a term that a query holding the name loads anyway.
    assert [bucket_key(term) for term in ["孔祥_", "孔_瑞", "_祥瑞"]] == ["孔祥", "孔", "祥瑞"]
    split = ["天津市", "天津市河", "𠀀字字"]
    buckets = run_script(
        "(script, [terms, split]) => terms.map(term => script.bucketOf(term, 64, new Set(split)))",
        [terms, split],
    )
    assert buckets == [bucket_of(term, 64, set(split)) for term in terms]
    assert [
        bucket_key(term, set(split)) for term in ["天津市", "天津市南开区", "天津市河西区"]
    ] == [
        "天津市",
        "天津市南",
        "天津市河西",
    ]


def many_units(count: int) -> list[SearchDocument]:
    """Units whose names all start with 天津市, as thousands do at 100,000 records."""
    districts = ["河西区", "南开区", "和平区", "河东区", "河北区", "红桥区"]
    return [
        SearchDocument(
            f"organizations/u{n:04d}/",
            name,
            "单位",
            (SearchField(FieldKind.NAME, "名称", name),),
        )
        for n in range(count)
        for name in [f"天津市{districts[n % len(districts)]}第{n}机械厂"]
    ]


def test_a_prefix_that_many_terms_share_is_split_among_buckets(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(search_shards, "TARGET_SHARD_BYTES", 4000)
    units = many_units(300)
    index = build_index(units, [])
    manifest = shard_data(index.files[MANIFEST])
    assert {"天津市", "天津市河"} <= set(manifest["splitPrefixes"])
    monkeypatch.setattr(search_shards, "split_prefixes", lambda entries: set())
    unsplit = build_index(units, [])
    shards = sorted(len(data) for name, data in index.files.items() if re.match(r"t\d", name))
    before = sorted(len(data) for name, data in unsplit.files.items() if re.match(r"t\d", name))
    assert shards[-1] * 2 < before[-1]
    # The page finds the terms in their buckets: a unit's whole name finds it first.
    write_index(index, tmp_path / INDEX_FOLDER)
    answers = search(tmp_path, units[7].title, units[200].title)
    assert answers[units[7].title]["locations"][0] == units[7].location
    assert answers[units[200].title]["locations"][0] == units[200].location


def test_the_script_folds_as_the_index_does() -> None:
    index = build_index(many_people(3), [])
    digest = shard_data(index.files[MANIFEST])["traditional"]
    table = shard_data(index.files[f"traditional.{digest}.js"])
    texts = ["勞模工作室", "天津鋼管集團", "ＡＢＣ５００", "劳模工作室"]
    folded = run_script(
        "(script, [table, texts]) => texts.map(t => script.fold(t, script.traditionalTable(table)))",
        [table, texts],
    )
    assert folded == [fold(text) for text in texts]


def test_the_manifest_marks_the_traditional_characters_and_no_other() -> None:
    manifest = shard_data(build_index(many_people(3), []).files[MANIFEST])
    table = traditional_table()
    # Every character of the table, in the block and outside it (an extension's), and the
    # simplified characters they fold to when those are not in the table themselves.
    simplified = sorted(set(table.values()) - set(table))
    texts = [*sorted(table), *simplified, "ａ", "劳模工作室"]
    marked = run_script(
        "(script, [manifest, texts]) => texts.map(text =>"
        " script.holdsTraditional(text, script.traditionalMarks(manifest)))",
        [manifest, texts],
    )
    assert marked == [text in table for text in texts]
    assert any(not "\u4e00" <= char <= "\u9fff" for char in table)
    # A fifth of the table's bytes or less, in the file that every query loads first.
    assert len(manifest["traditionalBits"] + manifest["traditionalOthers"]) * 5 < len(
        json.dumps(table, ensure_ascii=False)
    )


def test_a_query_is_cut_into_the_fewest_terms_of_the_index() -> None:
    index = ["劳模", "工作室", "劳模创新工作室", "创新", "孔祥瑞", "祥瑞"]
    cut = run_script(
        "(script, [index, runs]) => runs.map(run => script.segment(run, t => index.includes(t)))",
        [index, ["孔祥瑞劳模创新工作室", "劳模工作室", "孔详瑞"]],
    )
    assert cut == [
        [["孔祥瑞", True, True], ["劳模创新工作室", True, True]],
        [["劳模", True, True], ["工作室", True, True]],
        [["孔", False, False], ["详", False, False], ["瑞", False, False]],
    ]


def test_a_query_is_cut_into_words_of_the_data_before_bigrams() -> None:
    # 孔祥 and 祥瑞 are only bigrams here: two of them cost more than the word 孔祥瑞.
    terms = {"孔祥瑞": True, "孔祥": False, "祥瑞": False, "工作室": True, "作室": False}
    cut = run_script(
        "(script, [terms, runs]) => runs.map(run =>"
        " script.segment(run, t => t in terms, t => terms[t]))",
        [terms, ["孔祥瑞工作室", "孔祥"]],
    )
    assert cut == [
        [["孔祥瑞", True, True], ["工作室", True, True]],
        [["孔祥", True, False]],
    ]


def test_a_name_one_character_away_is_nearest_and_a_mistyped_surname_a_little_less() -> None:
    pairs = [
        ["沈超洋", "沈超阳"],  # the given name's last character
        ["沈超洋", "钟超洋"],  # the surname
        ["沈超洋", "沈超"],  # one shorter: one edit, and not as long
        ["沈超洋", "沈阳"],
        ["沈超洋", "沈超洋"],
    ]
    distances = run_script(
        "(script, pairs) => pairs.map(([a, b]) => script.nameDistance(a, b))", pairs
    )
    assert distances == [1, 1.5, 2, 3, 0]


# --- the script, in node ---------------------------------------------------------------------


def node() -> str:
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("node is missing: the script's tests need it")
        pytest.skip("node is missing")
    return found


def run_script(function: str, argument: Any) -> Any:
    """Call ``function(script, argument)`` in node, where script is the module's exports."""
    program = (
        f"const script = require({json.dumps(str(SCRIPT))});"
        "const argument = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "Promise.resolve((" + function + ")(script, argument))"
        ".then(result => process.stdout.write(JSON.stringify(result)))"
    )
    done = subprocess.run(
        [node(), "-e", program],
        input=json.dumps(argument),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(done.stdout)


SEARCH = """async (script, [folder, queries]) => {
  const fs = require("fs")
  const loads = []
  const engine = new script.Engine(async file => {
    loads.push(file)
    const text = fs.readFileSync(folder + "/" + file, "utf8")
    return JSON.parse(text.slice(text.indexOf(",") + 1, text.lastIndexOf(")")))
  })
  const answers = {}
  for (const query of queries) {
    const result = await engine.search(query)
    answers[query] = {
      locations: result.items.map(group => group[0].location),
      first: result.items.length ? result.items[0][0] : null,
      items: result.items.map(group => group[0]),
      message: result.message,
    }
  }
  answers.loads = loads
  return answers
}"""


def search(site: Path, *queries: str) -> dict[str, Any]:
    """Each query's answer from the engine over the site's index, in node."""
    return run_script(SEARCH, [str(site / INDEX_FOLDER), list(queries)])  # type: ignore[no-any-return]


# --- the plugin in real builds ----------------------------------------------------------------


@pytest.fixture(scope="module")
def indexed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of DATA, built once for the tests that read its index and its pages."""
    files = {
        "mkdocs.yml": MKDOCS_YML,
        "content/index.md": "# 首页\n",
        "content/guide.md": "# 投稿指南\n\n如何提交一条劳动竞赛的记录。\n",
        "data/records.yaml": DATA,
        "data/sources.yaml": SOURCE_YAML,
        "data/sources/test.txt": SOURCE_TEXT,
    }
    return build_site(write_files(tmp_path_factory.mktemp("indexed"), files))


def test_a_build_writes_the_index_and_loads_the_script_before_material(indexed_site: Path) -> None:
    site = indexed_site
    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []  # Material's worker never builds an index
    manifest = shard_data((site / INDEX_FOLDER / MANIFEST).read_bytes())
    assert manifest["documents"] > 8
    files = sorted(path.name for path in (site / INDEX_FOLDER).iterdir())
    # The manifest, the shards (a document shard and its text shard under one digest),
    # the readings for queries typed in homophones and the traditional table.
    assert len(files) == 3 + len(manifest["termShards"]) + 2 * len(manifest["docShards"])
    for number, digest in enumerate(manifest["docShards"]):
        assert f"x{number}.{digest}.js" in files
    assert f"readings.{manifest['readings']}.js" in files
    assert f"traditional.{manifest['traditional']}.js" in files
    # The site's own pages by number (content/, and the download and totals pages), no record's.
    stored = [
        doc
        for digest_number, digest in enumerate(manifest["docShards"])
        for doc in shard_data((site / INDEX_FOLDER / f"d{digest_number}.{digest}.js").read_bytes())
    ]
    assert sorted(stored[number][0] for number in manifest["pages"]) == [
        "",
        "download/",
        "guide/",
        "totals/",
    ]

    script = site / "assets" / "javascripts" / SCRIPT_NAME
    assert script.read_text(encoding="utf-8") == SCRIPT.read_text(encoding="utf-8")
    page = (site / "people" / "li-gang" / "index.html").read_text(encoding="utf-8")
    head = page[: page.index("</head>")]
    assert f'<script src="../../assets/javascripts/{SCRIPT_NAME}"></script>' in head
    assert "bundle." not in head  # Material's bundle comes at the end of the body


def test_names_find_their_owner_first(indexed_site: Path) -> None:
    answers = search(indexed_site, "李刚", "欧阳修文", "刚", "天津市总工会", "市总")
    assert answers["李刚"]["locations"][0] == "people/li-gang/"
    assert answers["欧阳修文"]["locations"][0] == "people/ouyang-xiuwen/"
    assert "people/li-gang/" in answers["刚"]["locations"][:3]
    assert answers["天津市总工会"]["locations"][0] == "organizations/federation/"
    assert answers["市总"]["locations"][0] == "organizations/federation/"


def test_an_honour_finds_its_listing_first(indexed_site: Path) -> None:
    answers = search(indexed_site, "工人先锋号")
    assert answers["工人先锋号"]["locations"][0] == f"awards/honour/{facet_slug('工人先锋号')}/"


def test_pinyin_traditional_and_numbers_find_records(indexed_site: Path) -> None:
    answers = search(indexed_site, "ligang", "li gang", "lg", "ouyangxiuwen", "勞動競賽", "第34号")
    for query in ("ligang", "li gang", "lg"):
        assert answers[query]["locations"][0] == "people/li-gang/", query
    assert answers["ouyangxiuwen"]["locations"][0] == "people/ouyang-xiuwen/"
    # The topic's listing, then its one project.
    assert answers["勞動競賽"]["locations"][:2] == [
        f"projects/category/{facet_slug('劳动竞赛')}/",
        "projects/wubi/",
    ]
    assert answers["第34号"]["locations"][0] == "studios/steel-studio/"


def test_a_hand_written_page_is_found_by_its_words(indexed_site: Path) -> None:
    answers = search(indexed_site, "投稿指南")
    assert answers["投稿指南"]["locations"][0] == "guide/"


def test_a_query_with_no_word_in_the_data_says_so_and_suggests_names(indexed_site: Path) -> None:
    answers = search(indexed_site, "诺贝尔奖", "李钢", "欧阳修武")
    assert answers["诺贝尔奖"]["locations"] == []
    assert answers["诺贝尔奖"]["message"] == "数据里没有“诺贝尔奖”这个词。"
    # A typo'd name that shares no word, but a character with the right one.
    assert answers["李钢"]["message"] == "数据里没有“李钢”这个词。您是不是要找："
    assert answers["李钢"]["locations"][0] == "people/li-gang/"
    # One that shares a word (欧阳) but not the rest is no word of the data either: the
    # closest name is suggested, not every page with 欧阳.
    assert answers["欧阳修武"]["message"] == "数据里没有“欧阳修武”这个词。您是不是要找："
    assert answers["欧阳修武"]["locations"][0] == "people/ouyang-xiuwen/"


def test_a_name_typed_in_homophones_finds_the_name_that_sounds_so(indexed_site: Path) -> None:
    # 理钢 shares no character with 李刚: only its sound (li gang) finds him.
    answers = search(indexed_site, "理钢", "欧阳秀文")
    assert answers["理钢"]["locations"][0] == "people/li-gang/"
    assert answers["理钢"]["message"] == "数据里没有“理钢”这个词。您是不是要找："
    assert answers["欧阳秀文"]["locations"][0] == "people/ouyang-xiuwen/"


def test_the_names_one_character_away_come_before_the_awards_that_hold_their_bigrams(
    tmp_path: Path,
) -> None:
    # Each person's awards hold the bigrams of the name in their own names as much as the
    # person's page does (雷娜 of 天津市劳动模范：雷娜晓), and sort before it: with 36 of
    # them, no person was among the 20 pages read for 雷娜芳. 雷庆芳 shares no bigram with
    # it at all, only 雷 and 芳, which thousands of names hold at scale.
    people = {"lei-naxiao": "雷娜晓", "lei-qingfang": "雷庆芳", "bai-nafang": "白娜芳"}
    docs = [person(name, location=f"people/{slug}/") for slug, name in people.items()]
    for slug, name in people.items():
        for number in range(12):
            title = f"第{number + 1}届天津市劳动模范：{name}"
            name_field = SearchField(FieldKind.NAME, "名称", title)
            docs.append(SearchDocument(f"awards/{slug}-{number}/", title, "荣誉", (name_field,)))
    write_index(build_index(docs, list(people.values())), tmp_path / INDEX_FOLDER)
    answer = search(tmp_path, "雷娜芳")["雷娜芳"]
    assert answer["message"] == "数据里没有“雷娜芳”这个词。您是不是要找："
    # The surname kept first (one character away), then the one that keeps the rest.
    assert sorted(answer["locations"][:2]) == ["people/lei-naxiao/", "people/lei-qingfang/"]
    assert answer["locations"][2] == "people/bai-nafang/"


@pytest.mark.parametrize(
    "query",
    [
        "全国劳动奖章",  # an honour no record holds, though 劳动 is a word of the data
        "和平区",  # a place
        "王小明",  # a person
        "啊啊啊",  # nonsense
        "qwerty",
        "投稿须知",  # 投稿 only on a hand-written page
    ],
)
def test_a_query_with_an_absent_word_lists_no_page_that_shares_a_part(
    indexed_site: Path, query: str
) -> None:
    answer = search(indexed_site, query)[query]
    assert answer["message"].startswith(f"数据里没有“{query}”这个词。")
    # Only suggestions: names that sound like it or share half its characters, not the
    # pages that hold 劳动 (the project, the honour's listing).
    assert "projects/wubi/" not in answer["locations"]
    assert len(answer["locations"]) <= 10


def test_a_query_with_one_absent_word_and_one_present_says_which(indexed_site: Path) -> None:
    answers = search(indexed_site, "李刚 诺贝尔奖", "市总工 诺贝尔奖")
    assert answers["李刚 诺贝尔奖"]["locations"][0] == "people/li-gang/"
    assert answers["李刚 诺贝尔奖"]["message"] == (
        "数据里没有“诺贝尔奖”这个词；下面是只按“李刚”找到的结果："
    )
    # 市总工 is no word, but a part of a name (市总工会): found as a phrase.
    assert answers["市总工 诺贝尔奖"]["locations"][0] == "organizations/federation/"


def test_words_the_data_holds_only_apart_are_no_word_of_it_together(indexed_site: Path) -> None:
    answers = search(indexed_site, "劳动先锋号", "李刚劳动模范")
    # 劳动 and 先锋号 are words of the data, 劳动先锋号 is not: said so, and listed by them.
    assert answers["劳动先锋号"]["message"] == (
        "数据里没有“劳动先锋号”这个词；下面是只按“劳动”“先锋号”找到的结果："
    )
    assert answers["劳动先锋号"]["locations"]
    # Both in one title: the award 劳动模范：李刚, and no message.
    assert answers["李刚劳动模范"]["message"] is None
    assert answers["李刚劳动模范"]["locations"][0] == "awards/li-gang-model/"


def test_a_name_longer_than_a_word_counts_as_all_its_words(indexed_site: Path) -> None:
    # 18 characters: cut into 天津华信汽车零部件有限公司, 第一 and 分公司, which the
    # project's title also holds; the unit whose name it is, whole, comes first.
    name = "天津华信汽车零部件有限公司第一分公司"
    answers = search(indexed_site, name, f"{name} 劳动先锋号", "李刚 劳动先锋号")
    assert answers[name]["locations"][0] == "organizations/huaxin-branch/"
    assert answers[f"{name} 劳动先锋号"]["locations"][0] == "organizations/huaxin-branch/"
    # The words of the absent run (劳动, 先锋号) do not rank a page above 李刚's.
    assert answers["李刚 劳动先锋号"]["locations"][0] == "people/li-gang/"
    assert answers["李刚 劳动先锋号"]["message"] == (
        "数据里没有“劳动先锋号”这个词；下面是只按“李刚”找到的结果："
    )


def test_a_snippet_shows_the_matching_field_with_its_label(indexed_site: Path) -> None:
    items = search(indexed_site, "劳动竞赛")["劳动竞赛"]["items"]
    first = next(item for item in items if item["location"] == "projects/wubi/")
    assert "<b>类别</b>：<mark>劳动竞赛</mark>" in first["text"]
    assert "<mark>劳动竞赛</mark>" in first["title"]


def test_a_query_loads_only_the_shards_it_needs(indexed_site: Path) -> None:
    loads = search(indexed_site, "李刚")["loads"]
    manifest = shard_data((indexed_site / INDEX_FOLDER / MANIFEST).read_bytes())
    assert len(manifest["termShards"]) >= search_shards.MIN_BUCKETS
    # The manifest, the one bucket of 李刚, and the document shards of the results.
    assert loads[0] == MANIFEST
    assert [name for name in loads if name.startswith("t")] == [
        f"t{bucket}.{manifest['termShards'][bucket]}.js"
        for bucket in [bucket_of("李刚", len(manifest["termShards"]))]
    ]
    assert len(loads) == len(set(loads))  # each file once
    assert not any(name.startswith("traditional.") for name in loads)


def test_the_traditional_table_loads_for_a_query_that_needs_it(indexed_site: Path) -> None:
    answers = search(indexed_site, "李刚", "勞動競賽", "劳动竞赛")
    table = [name for name in answers["loads"] if name.startswith("traditional.")]
    # Once, for the second query, after the first query's shards; then kept.
    assert len(table) == 1
    assert answers["loads"].index(table[0]) > answers["loads"].index(
        next(name for name in answers["loads"] if name.startswith("d"))
    )
    assert answers["勞動競賽"]["locations"] == answers["劳动竞赛"]["locations"]


def test_the_index_follows_use_directory_urls(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML + "use_directory_urls: false\n",
            "content/index.md": "# 首页\n",
            "data/records.yaml": DATA,
        }
    )
    site = build_site(root)

    assert search(site, "李刚")["李刚"]["locations"][0] == "people/li-gang.html"
    page = (site / "people" / "li-gang.html").read_text(encoding="utf-8")
    assert f'<script src="../assets/javascripts/{SCRIPT_NAME}"></script>' in page


def test_switched_off_it_leaves_material_search_alone(write_tree: WriteTree) -> None:
    yml = MKDOCS_YML.replace("  - showcase/search", "  - showcase/search:\n      enabled: false")
    root = write_tree(
        {"mkdocs.yml": yml, "content/index.md": "# 首页\n", "data/records.yaml": DATA}
    )
    site = build_site(root)

    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "people/li-gang/" in {doc["location"] for doc in material["docs"]}
    assert not (site / INDEX_FOLDER).exists()
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
