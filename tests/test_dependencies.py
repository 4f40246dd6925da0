"""Which pages a data edit touches (site/dependencies.py), and the search terms kept between
builds (search_shards.TermsCache): worked out from the data, checked on the real records.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from showcase.records.catalog import Catalog
from showcase.records.revision import UNKNOWN
from showcase.records.validation import validate
from showcase.site.dependencies import data_state, pages_to_render, reach
from showcase.site.generated import GeneratedSite, generate_site
from showcase.site.search_shards import (
    FieldKind,
    SearchDocument,
    SearchField,
    TermsCache,
    build_index,
)
from tests.conftest import REPO_ROOT


def catalog_of(data: Path) -> Catalog:
    result = validate([data], data.parent)
    assert not result.diagnostics
    return result.catalog


def site_of(catalog: Catalog) -> GeneratedSite:
    return generate_site(catalog, use_directory_urls=True, site_url=None, revision=UNKNOWN)


def test_a_renamed_person_touches_its_page_the_pages_naming_it_and_its_listings(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    before = catalog_of(data)
    old_state = data_state(before)
    person = next(p for p in before.people if len(old_state.named_by.get(p.id, ())) >= 2)
    people = data / "people.yaml"
    text = people.read_text(encoding="utf-8")
    written = next(
        f"name: {q}{person.name}{q}" for q in ('"', "") if f"name: {q}{person.name}{q}\n" in text
    )
    people.write_text(text.replace(written, f'name: "{person.name}甲"', 1), encoding="utf-8")
    after = catalog_of(data)
    old_site, new_site = site_of(before), site_of(after)
    touched = reach(old_state, data_state(after, old_state))
    plan = pages_to_render(touched, {page.src_uri: page for page in old_site.pages}, new_site.pages)

    assert touched.changed >= {person.id}
    render = set(plan.render)
    assert f"people/{person.id}.md" in render
    # Every record that names the person: its own page, and the lines that show it.
    naming = [r for r in after if r.id in old_state.named_by[person.id]]
    assert len(naming) >= 2
    for record in naming:
        assert record.id in touched.lines
        assert f"{record.kind.value}/{record.id}.md" in render
    assert "people/index.md" in render  # the listing that shows the person
    assert "totals.md" in render and "download.md" in render  # they declare nothing
    # Every other record page is left alone: far fewer pages than the site has.
    record_pages = [page for page in new_site.pages if page.inputs and page.inputs.related]
    untouched = [page for page in record_pages if page.src_uri not in render]
    assert len(untouched) > len(record_pages) // 2
    assert plan.added == [] and plan.removed == []
    # The exports of the kinds whose lines changed, not the others.
    assert "people" in {kind.value for kind in touched.kinds}
    assert "figures" not in {kind.value for kind in touched.kinds}


def test_a_record_that_only_moves_to_another_file_touches_nothing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(REPO_ROOT / "data", data)
    before = catalog_of(data)
    people = data / "people.yaml"
    text = people.read_text(encoding="utf-8")
    # The last person of the list, cut out into data/people/<id>.yaml.
    start = text.rindex("\n  - id: ")
    record_text = text[start + 1 :]
    record_id = record_text.split("id: ", 1)[1].split("\n", 1)[0].strip()
    people.write_text(text[: start + 1], encoding="utf-8")
    lines = record_text.splitlines()
    folder_text = "\n".join(line[4:] for line in lines)
    (data / "people").mkdir()
    (data / "people" / f"{record_id}.yaml").write_text(folder_text + "\n", encoding="utf-8")
    after = catalog_of(data)
    old_state = data_state(before)
    touched = reach(old_state, data_state(after, old_state))
    assert touched.changed == frozenset()
    plan = pages_to_render(
        touched,
        {page.src_uri: page for page in site_of(before).pages},
        site_of(after).pages,
    )
    assert set(plan.render) == {"totals.md", "download.md"}


def documents(names: list[str]) -> list[SearchDocument]:
    return [
        SearchDocument(f"people/p{i}/", name, "人物", (SearchField(FieldKind.NAME, "名称", name),))
        for i, name in enumerate(names)
    ]


def test_the_terms_cache_cuts_only_changed_documents_and_changes_nothing() -> None:
    names = ["邢明军", "张国栋", "王秀兰", "李建华"]
    cache = TermsCache()
    lexicon = ["明军", "国栋"]
    first = build_index(documents(names), lexicon, cache=cache)
    assert cache.cut == len(names)
    assert first.files == build_index(documents(names), lexicon).files
    names[2] = "王秀英"
    second = build_index(documents(names), lexicon, cache=cache)
    assert cache.cut == 1
    assert second.files == build_index(documents(names), lexicon).files
    # A word the lexicon gains or loses cuts again only the documents that hold it.
    third = build_index(documents(names), [*lexicon, "秀英"], cache=cache)
    assert cache.cut == 1
    assert third.files == build_index(documents(names), [*lexicon, "秀英"]).files
    fourth = build_index(documents(names), ["国栋", "秀英"], cache=cache)
    assert cache.cut == 1
    assert fourth.files == build_index(documents(names), ["国栋", "秀英"]).files
    # Not a word for the cutter (one character, or no Han): nothing is cut again.
    build_index(documents(names), ["国栋", "秀英", "王", "Li"], cache=cache)
    assert cache.cut == 0
