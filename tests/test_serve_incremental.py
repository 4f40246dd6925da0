"""The live preview's updates come out byte for byte as clean builds (issue 17, point 4).

A generated site is built once by the preview; then it is edited at random (seeded): a
person renamed, a record added or removed, an honour given to someone else, a quantity
changed, a studio or an honour moved to another year or level (so that listings, facets
and totals change), in list files and in record folders. After each edit the preview is
updated (mkdocs_plugins/live.py renders only what the edit touches) and compared, every
file and every byte, with a clean ``showcase build`` of the same tree.
"""

from __future__ import annotations

import copy
import gc
import multiprocessing
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from showcase.mkdocs_plugins.commands import LivePreview, build_site
from showcase.site.archive import SourceStamp
from tests.conftest import REPO_ROOT
from tests.test_shared_blocks import BENCH, differing_files

STAMP = SourceStamp(1700000000)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def save(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(text, encoding="utf-8")


def records_of(data: Path, kind: str) -> list[dict[str, Any]]:
    records = load(data / f"{kind}.yaml")[kind]
    assert isinstance(records, list)
    return records


def save_records(data: Path, kind: str, records: list[dict[str, Any]]) -> None:
    save(data / f"{kind}.yaml", {kind: records})


def named_ids(data: Path) -> str:
    return "".join(path.read_text(encoding="utf-8") for path in sorted(data.rglob("*.yaml")))


# --- the edits: each changes the tree and says what it did -------------------------------


def rename_person(data: Path, rng: random.Random) -> str:
    people = records_of(data, "people")
    person = rng.choice(people)
    person["name"] += "某"
    save_records(data, "people", people)
    return f"renamed {person['id']}"


def add_person(data: Path, rng: random.Random) -> str:
    people = records_of(data, "people")
    added = copy.deepcopy(rng.choice(people))
    added |= {"id": f"xin-ren-{rng.randrange(10**6)}", "name": "辛仁" + str(rng.randrange(100))}
    people.insert(rng.randrange(len(people) + 1), added)
    save_records(data, "people", people)
    return f"added {added['id']}"


def remove_person(data: Path, rng: random.Random) -> str:
    people = records_of(data, "people")
    text = named_ids(data)
    unnamed = [i for i, person in enumerate(people) if text.count(person["id"]) == 1]
    removed = people.pop(rng.choice(unnamed))
    save_records(data, "people", people)
    return f"removed {removed['id']}"


def move_honour(data: Path, rng: random.Random) -> str:
    awards, people = records_of(data, "awards"), records_of(data, "people")
    ids = [person["id"] for person in people]
    award = rng.choice([a for a in awards if a.get("recipient") in ids])
    award["recipient"] = rng.choice([i for i in ids if i != award["recipient"]])
    save_records(data, "awards", awards)
    return f"gave {award['id']} to {award['recipient']}"


def change_quantity(data: Path, rng: random.Random) -> str:
    studios = records_of(data, "studios")
    studio = rng.choice([s for s in studios if s.get("achievements")])
    studio["achievements"]["economic_benefit"] = f"{rng.randrange(10, 999)}万元"
    save_records(data, "studios", studios)
    figures = records_of(data, "figures")
    figure = rng.choice([f for f in figures if f["value"] in f.get("as_published", "")])
    value = f"{rng.randrange(100, 999)}{figure['value'].lstrip('0123456789.')}"
    # The words as published quote the figure: they change with it.
    figure["as_published"] = figure["as_published"].replace(figure["value"], value)
    figure["value"] = value
    save_records(data, "figures", figures)
    return f"quantities of {studio['id']} and {figure['id']}"


def move_year_and_level(data: Path, rng: random.Random) -> str:
    studios = records_of(data, "studios")
    studio = rng.choice(studios)
    levels = sorted({s["level"] for s in studios if s.get("level")} - {studio.get("level")})
    studio["level"] = rng.choice(levels)
    studio["named"] = str(rng.choice([1999, 2003, int(str(studio.get("named", 2010))[:4]) + 1]))
    save_records(data, "studios", studios)
    awards = records_of(data, "awards")
    award = rng.choice([a for a in awards if a.get("awarded")])
    award["awarded"] = f"{rng.choice([1998, 2001, 2024])}-0{rng.randrange(1, 10)}"
    save_records(data, "awards", awards)
    return f"moved {studio['id']} and {award['id']} in time and level"


def person_to_folder(data: Path, rng: random.Random) -> str:
    """Cut a person out of the list file into a record file of data/people/."""
    people = records_of(data, "people")
    person = people.pop(rng.randrange(len(people)))
    save_records(data, "people", people)
    save(data / "people" / f"{person['id']}.yaml", person)
    return f"moved {person['id']} into its own file"


def edit_in_folder(data: Path, rng: random.Random) -> str:
    """Rename the person of a record file; or add one if there is none."""
    files = sorted((data / "people").glob("*.yaml")) if (data / "people").is_dir() else []
    if not files:
        return person_to_folder(data, rng)
    path = rng.choice(files)
    person = load(path)
    person["name"] += "新"
    person["position"] = "首席技师"
    save(path, person)
    return f"renamed {person['id']} in its file"


def add_and_remove_in_folder(data: Path, rng: random.Random) -> str:
    """A new studio in its own file, and a person's record file deleted if nobody names it."""
    studios = records_of(data, "studios")
    added = copy.deepcopy(rng.choice(studios))
    added |= {"id": f"xin-studio-{rng.randrange(10**6)}", "name": f"新建{rng.randrange(99)}工作室"}
    save(data / "studios" / f"{added['id']}.yaml", added)
    text = named_ids(data)
    files = sorted((data / "people").glob("*.yaml")) if (data / "people").is_dir() else []
    unnamed = [path for path in files if text.count(path.stem) == 1]
    if unnamed:
        rng.choice(unnamed).unlink()
    return f"added {added['id']} in its own file"


EDITS: list[Callable[[Path, random.Random], str]] = [
    rename_person,
    add_person,
    remove_person,
    move_honour,
    change_quantity,
    move_year_and_level,
    person_to_folder,
    edit_in_folder,
    add_and_remove_in_folder,
]


def clean_build(tree: Path, into: Path) -> Path:
    """``showcase build`` of a copy of ``tree`` without its build cache."""
    copy_of = into.with_name(into.name + "-tree")
    shutil.rmtree(copy_of, ignore_errors=True)
    shutil.copytree(tree, copy_of, ignore=shutil.ignore_patterns(".cache", "site"))
    shutil.rmtree(into, ignore_errors=True)
    build_site(copy_of / "mkdocs.yml", into, stamp=STAMP, workers=1)
    return into


def write_generated_tree(tree: Path, records: int, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(BENCH))
    from build_benchmark import write_our_tree  # bench/ is a folder of scripts

    tree.mkdir()
    write_our_tree(tree, records, 11, REPO_ROOT)
    return tree


def built_preview(tree: Path, tmp_path: Path, lines: list[str], workers: int = 1) -> LivePreview:
    """The preview of ``tree`` after its first build (one process unless ``workers`` says
    more), reporting to ``lines``."""
    preview = LivePreview(
        tree / "mkdocs.yml", tmp_path / "build", tmp_path / "preview", lines.append, workers
    )
    assert preview.rebuild(STAMP) is not None, lines
    return preview


@pytest.fixture(autouse=True)
def _collector_given_back() -> Any:
    # The preview keeps its site out of the collector's reach (commands.py): given back
    # after each test, as a whole build of the preview would.
    yield
    gc.unfreeze()


@pytest.fixture
def generated_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    # 220 records: 55 people, all citing the one source, so that its page lists them on
    # pages of their own (more than the 50 a page shows) before any edit. At 200 there
    # were 50, and the first person added opened that folder: a whole build (below).
    return write_generated_tree(tmp_path / "tree", 220, monkeypatch)


def test_updates_after_random_edits_are_byte_identical_to_clean_builds(
    generated_tree: Path, tmp_path: Path
) -> None:
    lines: list[str] = []
    preview = built_preview(generated_tree, tmp_path, lines)
    assert (tmp_path / "preview/sources/bench-source/people-sources/index.html").is_file()
    data = generated_tree / "data"
    rng = random.Random(20261201)
    done = []
    # Every kind of edit once, in a random order, then one more at random.
    for number, edit in enumerate(rng.sample(EDITS, len(EDITS)) + rng.choices(EDITS, k=1)):
        before = {path: path.read_bytes() for path in data.rglob("*.yaml")}
        what = edit(data, rng)
        after = {path: path.read_bytes() for path in data.rglob("*.yaml")}
        changed = sorted(
            str(p) for p in before.keys() | after.keys() if before.get(p) != after.get(p)
        )
        synced, how = preview.update(STAMP, changed)
        assert synced is not None, (what, lines)
        assert "只更新受影响的部分" in how, (what, how)
        clean = clean_build(generated_tree, tmp_path / f"clean-{number}")
        assert differing_files(tmp_path / "preview", clean) == [], what
        done.append(what)
    assert len(done) == len(EDITS) + 1


def test_an_edit_that_opens_a_folder_of_pages_is_built_whole_as_a_clean_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 200 records: 50 people cite the source, as many as its page shows. The 51st opens
    # sources/bench-source/people-sources/, whose pages share a sidebar script decided by
    # a whole build (identity/nav_scripts.py): the preview builds everything, to the same
    # bytes as a clean build, rather than write those pages with the sidebar inline.
    tree = write_generated_tree(tmp_path / "tree", 200, monkeypatch)
    assert len(records_of(tree / "data", "people")) == 50
    lines: list[str] = []
    preview = LivePreview(
        tree / "mkdocs.yml", tmp_path / "build", tmp_path / "preview", lines.append, 1
    )
    assert preview.rebuild(STAMP) is not None, lines
    assert not (tmp_path / "preview/sources/bench-source/people-sources").exists()
    what = add_person(tree / "data", random.Random(17))
    synced, how = preview.update(STAMP, [str(tree / "data/people.yaml")])
    assert synced is not None, (what, lines)
    assert "完整重建" in how, how
    assert (tmp_path / "preview/sources/bench-source/people-sources/index.html").is_file()
    clean = clean_build(tree, tmp_path / "clean")
    assert differing_files(tmp_path / "preview", clean) == []


@pytest.mark.parametrize("workers", [1, 2])
def test_an_edit_refused_by_the_checks_across_files_takes_its_early_page_back(
    generated_tree: Path, tmp_path: Path, workers: int
) -> None:
    # The page being edited is shown before the checks across files (look-alikes, ids):
    # when they refuse the edit, the preview's page and the build folder are as before.
    # With two workers the open-data files of the edit are being made in another process
    # by then (live.py _start_exports), which the refusal stops.
    lines: list[str] = []
    preview = built_preview(generated_tree, tmp_path, lines, workers)
    data = generated_tree / "data"
    people = records_of(data, "people")
    person = people[3]
    page = tmp_path / "preview" / "people" / person["id"] / "index.html"
    shown_before = page.read_bytes()
    built_before = (tmp_path / "build" / "people" / person["id"] / "index.html").read_bytes()
    # A reference to no record breaks the pages before the checks run: they say why.
    unit = person["organization"]
    person["organization"] = "no-such-unit"
    save_records(data, "people", people)
    assert preview.update(STAMP, [str(data / "people.yaml")])[0] is None
    assert "no-such-unit" in lines[-1] and "data/people.yaml:" in lines[-1], lines[-1]
    assert "程序出错" not in lines[-1]
    assert page.read_bytes() == shown_before
    person["organization"] = unit
    # The same name and unit as the first person: a look-alike, refused across files.
    renamed = person["name"] + "改"
    person["name"], person["organization"] = people[0]["name"], people[0]["organization"]
    save_records(data, "people", people)
    shown: list[bytes] = []
    show_early = preview._show_early

    def watch(written: list[str]) -> None:
        show_early(written)
        shown.append(page.read_bytes())

    preview._show_early = watch  # type: ignore[method-assign]
    synced, _ = preview.update(STAMP, [str(data / "people.yaml")])
    assert synced is None
    assert not multiprocessing.active_children(), "no process left making the open data"
    assert shown, lines
    assert person["name"] in shown[0].decode("utf-8")  # it was shown early
    message = lines[-1]
    assert "看起来是同一条记录" in message and "data/people.yaml:" in message, message
    assert page.read_bytes() == shown_before
    assert (tmp_path / "build/people" / person["id"] / "index.html").read_bytes() == built_before
    # Put right, the edit goes through, as a clean build of the same data.
    person["name"] = renamed
    save_records(data, "people", people)
    synced, how = preview.update(STAMP, [str(data / "people.yaml")])
    assert synced is not None, lines
    assert "只更新受影响的部分" in how
    clean = clean_build(generated_tree, tmp_path / "clean")
    assert differing_files(tmp_path / "preview", clean) == []


def rename_a_recipient(data: Path, rng: random.Random) -> str:
    """Rename a person an honour is given to: the honour's page and name change with it."""
    people = records_of(data, "people")
    recipients = {award.get("recipient") for award in records_of(data, "awards")}
    person = rng.choice([p for p in people if p["id"] in recipients])
    person["name"] += "改"
    save_records(data, "people", people)
    return f"renamed {person['id']}"


@pytest.mark.parametrize("edit", [rename_a_recipient, move_honour, change_quantity])
def test_the_edited_records_pages_are_shown_before_the_site_is_generated_again(
    generated_tree: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    edit: Callable[[Path, random.Random], str],
) -> None:
    # At 100,000 records generating every page's model again takes tens of seconds: the
    # page being edited is rendered from the files read again, and is the page a clean
    # build writes.
    from showcase.mkdocs_plugins import live

    lines: list[str] = []
    preview = built_preview(generated_tree, tmp_path, lines)
    generated_sites: list[object] = []
    generate_site = live.generate_site

    def counted(*args: Any, **kwargs: Any) -> Any:
        generated_sites.append(None)
        return generate_site(*args, **kwargs)

    monkeypatch.setattr(live, "generate_site", counted)
    shown: dict[str, bytes] = {}
    show_early = preview._show_early

    def watch(written: list[str]) -> None:
        assert generated_sites == [], written
        show_early(written)
        shown.update({name: (tmp_path / "preview" / name).read_bytes() for name in written})

    preview._show_early = watch  # type: ignore[method-assign]
    before = {path: path.read_bytes() for path in (generated_tree / "data").rglob("*.yaml")}
    what = edit(generated_tree / "data", random.Random(5))
    changed = [
        str(path)
        for path in (generated_tree / "data").rglob("*.yaml")
        if path.read_bytes() != before.get(path)
    ]
    synced, how = preview.update(STAMP, changed)
    assert synced is not None and "只更新受影响的部分" in how, (what, lines)
    assert generated_sites, "the whole site is generated after the early pages"
    kinds = {name.split("/")[0] for name in shown}
    assert shown and kinds <= {"people", "awards", "studios", "figures"}, (what, shown.keys())
    clean = clean_build(generated_tree, tmp_path / "clean")
    for name, content in shown.items():
        assert (clean / name).read_bytes() == content, (what, name)
    assert differing_files(tmp_path / "preview", clean) == [], what


def test_the_open_data_made_beside_the_pages_are_those_of_a_clean_build(
    generated_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With two workers the open-data files of the edit are made in a forked process while
    # the pages are rendered (live.py _start_exports); the files and the download page,
    # which prints their sizes, are then a clean build's.
    from showcase.mkdocs_plugins import live

    forked: list[bool] = []

    class Watched(live.Background):  # type: ignore[type-arg]
        def __init__(self, call: Callable[[], Any], *, in_process: bool = False) -> None:
            forked.append(not in_process)
            super().__init__(call, in_process=in_process)

    monkeypatch.setattr(live, "Background", Watched)
    lines: list[str] = []
    preview = LivePreview(
        generated_tree / "mkdocs.yml", tmp_path / "build", tmp_path / "preview", lines.append, 2
    )
    assert preview.rebuild(STAMP) is not None, lines
    assert gc.get_freeze_count() > 0, "the site kept out of the collector's reach"
    people = generated_tree / "data" / "people.yaml"
    what = rename_person(generated_tree / "data", random.Random(3))
    synced, how = preview.update(STAMP, [str(people)])
    assert synced is not None and "只更新受影响的部分" in how, (what, lines)
    assert forked == [True], "the open data of the edit are made in a process of their own"
    assert gc.get_freeze_count() > 0, "and so the site after the update"
    assert "downloads/people.xlsx" in synced.written, what
    clean = clean_build(generated_tree, tmp_path / "clean")
    assert differing_files(tmp_path / "preview", clean) == [], what


def test_the_generated_addresses_are_checked_again_only_when_they_change(
    generated_tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Comparing every generated address with the others and the hand-written files took
    # 13 s of an update at 100,000 records: an update whose files are the last site's
    # (which passed) skips it; one that adds a page does not.
    from showcase.mkdocs_plugins import live

    checked: list[int] = []
    check_generated = live.check_generated

    def counted(generated: Any, *args: Any, **kwargs: Any) -> None:
        checked.append(len(generated))
        check_generated(generated, *args, **kwargs)

    monkeypatch.setattr(live, "check_generated", counted)
    lines: list[str] = []
    preview = built_preview(generated_tree, tmp_path, lines)
    data = generated_tree / "data"
    for edit, times in ((rename_person, 0), (add_person, 1)):
        what = edit(data, random.Random(9))
        synced, how = preview.update(STAMP, [str(data / "people.yaml")])
        assert synced is not None and "只更新受影响的部分" in how, (what, lines)
        assert len(checked) == times, what
    clean = clean_build(generated_tree, tmp_path / "clean")
    assert differing_files(tmp_path / "preview", clean) == []
