"""The build cache: a build that reuses pages comes out byte for byte as a clean build.

A generated site is built once to fill the cache, then edited at random (seeded): a value
changed, a record renamed, a reference moved, a record added, one deleted. After each round
of edits the site is built from the cache and built clean, without it, and every file of the
two is compared; the cached build must have reused some pages and rendered others.
"""

from __future__ import annotations

import copy
import datetime
import errno
import os
import random
import sys
import time
import types
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

from showcase.site.build_cache import LINKED, PageCache, site_key, write_if_changed, write_new
from tests.conftest import REPO_ROOT
from tests.test_shared_blocks import BENCH, differing_files

RECORDS = "showcase/records"


@pytest.fixture(autouse=True)
def _fixed_date(monkeypatch: pytest.MonkeyPatch) -> None:
    # Both builds of a pair must date the site alike.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


def test_a_page_is_found_by_its_fingerprint_and_nothing_else(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "cache", site_key({"theme": "a"}))
    fingerprint = cache.fingerprint("people/li-gang.md", {"title": "李刚"}, "<p>李刚</p>")
    assert cache.get(fingerprint) is None
    cache.put(fingerprint, "<html>李刚</html>".encode())
    assert cache.get(fingerprint) == "<html>李刚</html>".encode()
    # Any input that differs gives another fingerprint: body, title, address, site key.
    others = {
        cache.fingerprint("people/li-gang.md", {"title": "李刚"}, "<p>李 刚</p>"),
        cache.fingerprint("people/li-gang.md", {"title": "李 刚"}, "<p>李刚</p>"),
        cache.fingerprint("people/li-gang2.md", {"title": "李刚"}, "<p>李刚</p>"),
        PageCache(cache.folder, site_key({"theme": "b"})).fingerprint(
            "people/li-gang.md", {"title": "李刚"}, "<p>李刚</p>"
        ),
    }
    assert fingerprint not in others
    assert len(others) == 4


def test_a_fingerprint_is_the_one_earlier_builds_gave(tmp_path: Path) -> None:
    # A CI preview starts from the cache of main's last build: the same inputs must give the
    # same fingerprint from one version of the code to the next (or FORMAT changes with it).
    # The value is main@a9d9a70's, whose fingerprint called json.dumps per page.
    head = {
        "title": "李刚",
        "url": "people/li-gang/",
        "meta": {"title": "李刚", "search": {"exclude": True}, "date": datetime.date(2013, 5, 1)},
    }
    fingerprint = PageCache(tmp_path, "key").fingerprint("people/li-gang.md", head, "<p>李刚</p>")
    assert fingerprint == "798fdb7d0f0b0b5cfd49db6a831ffa882ed4e0346473698db1fc61863726b468"


def test_a_damaged_cache_file_is_a_miss_and_prune_keeps_what_was_used(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "cache", "key")
    used, stale = cache.fingerprint("a.md", {}, "a"), cache.fingerprint("b.md", {}, "b")
    cache.put(used, b"a")
    cache.put(stale, b"b")
    cache._path(used).write_bytes(b"not zlib")
    assert cache.get(used) is None
    assert cache.prune([used]) == 1
    assert cache.get(stale) is None
    assert cache._path(used).exists()


def test_a_page_kept_as_a_link_survives_the_next_write_of_the_site_file(tmp_path: Path) -> None:
    cache = PageCache(tmp_path / "cache", "key")
    page = tmp_path / "site" / "a" / "index.html"
    fingerprint = cache.fingerprint("a.md", {}, "a")
    write_new(page, b"<html>old</html>")
    cache.keep(fingerprint, page, b"<html>old</html>")
    assert cache.link, "the cache and the site share a file system here"
    assert cache._path(fingerprint, LINKED).stat().st_ino == page.stat().st_ino
    # Every writer of generated pages replaces the file: the kept page stays as it was.
    write_new(page, b"<html>new</html>")
    assert write_if_changed(page, b"<html>newer</html>")
    assert cache.get(fingerprint) == b"<html>old</html>"
    assert page.read_bytes() == b"<html>newer</html>"
    assert cache.prune([]) == 1
    assert cache.get(fingerprint) is None


def test_a_new_file_is_written_under_missing_folders_and_never_through_a_link(
    tmp_path: Path,
) -> None:
    page = tmp_path / "site" / "people" / "li-gang" / "index.html"
    write_new(page, b"<html>a</html>")
    assert page.read_bytes() == b"<html>a</html>"
    # A symbolic link where the page goes is replaced, and what it pointed to left alone.
    elsewhere = tmp_path / "kept.html"
    elsewhere.write_bytes(b"<html>kept</html>")
    page.unlink()
    page.symlink_to(elsewhere)
    write_new(str(page), b"<html>b</html>")
    assert not page.is_symlink()
    assert page.read_bytes() == b"<html>b</html>"
    assert elsewhere.read_bytes() == b"<html>kept</html>"


def test_where_no_link_can_be_made_the_page_is_kept_as_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cross_device(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", cross_device)
    cache = PageCache(tmp_path / "cache", "key")
    page = tmp_path / "site" / "index.html"
    write_new(page, b"<html>a</html>")
    fingerprint = cache.fingerprint("index.md", {}, "a")
    cache.keep(fingerprint, page, b"<html>a</html>")
    assert not cache.link
    assert cache._path(fingerprint).exists()
    page.write_bytes(b"<html>b</html>")
    assert cache.get(fingerprint) == b"<html>a</html>"


def test_an_unchanged_file_is_not_written_again(tmp_path: Path) -> None:
    path = tmp_path / "page" / "index.html"
    assert write_if_changed(path, b"<html></html>")
    before = path.stat().st_mtime_ns
    time.sleep(0.01)
    assert not write_if_changed(path, b"<html></html>")
    assert path.stat().st_mtime_ns == before
    assert write_if_changed(path, b"<html>new</html>")
    assert path.read_bytes() == b"<html>new</html>"


def build_site(config_file: Path, site_dir: Path, *, cached: bool) -> tuple[int, int]:
    """Build into site_dir; the pages written outside MkDocs' loop, and those from the cache."""
    config = load_config(str(config_file), site_dir=str(site_dir), strict=True)
    # Said outright, whatever the tree's mkdocs.yml says.
    cache_dir = str(config_file.parent / ".cache/showcase-build") if cached else ""
    config.plugins[RECORDS].config["build_cache_dir"] = cache_dir
    config.plugins[RECORDS].config["workers"] = 2
    build(config)
    writer = config.plugins[RECORDS].page_writer
    return len(writer.written), writer.from_cache


def load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def save(path: Path, data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)
    path.write_text(text, encoding="utf-8")


def unreferenced_person(data_dir: Path, people: list[dict[str, Any]], rng: random.Random) -> int:
    """The index of a person whose id no other record names."""
    text = "".join(path.read_text(encoding="utf-8") for path in data_dir.glob("*.yaml"))
    candidates = [i for i, person in enumerate(people) if text.count(person["id"]) == 1]
    assert candidates
    return rng.choice(candidates)


def edit_values(data_dir: Path, rng: random.Random) -> list[str]:
    """A value changed, a person renamed, an honour given to someone else; what was done."""
    people_file, awards_file = data_dir / "people.yaml", data_dir / "awards.yaml"
    people, awards = load(people_file), load(awards_file)
    changed = rng.choice(people["people"])
    changed["position"] = "高级技师"
    renamed = rng.choice(people["people"])
    renamed["name"] = renamed["name"] + "某"
    save(people_file, people)
    ids = [person["id"] for person in people["people"]]
    award = rng.choice([a for a in awards["awards"] if a.get("recipient") in ids])
    award["recipient"] = rng.choice([i for i in ids if i != award["recipient"]])
    save(awards_file, awards)
    return [changed["id"], renamed["id"], award["id"]]


def edit_records(data_dir: Path, rng: random.Random) -> list[str]:
    """A person added, one nobody names deleted; what was done."""
    people_file = data_dir / "people.yaml"
    people = load(people_file)
    deleted = people["people"].pop(unreferenced_person(data_dir, people["people"], rng))
    added = copy.deepcopy(rng.choice(people["people"])) | {"id": "xin-ren-test", "name": "辛仁"}
    people["people"].append(added)
    save(people_file, people)
    return [deleted["id"], added["id"]]


def test_builds_from_the_cache_are_the_same_as_clean_builds_after_random_edits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(BENCH))
    from build_benchmark import write_our_tree  # bench/ is a folder of scripts

    tree = tmp_path / "tree"
    tree.mkdir()
    write_our_tree(tree, 80, 7, REPO_ROOT)
    config_file = tree / "mkdocs.yml"
    written, reused = build_site(config_file, tmp_path / "first", cached=True)
    assert written > 80
    assert reused == 0

    rng = random.Random(17)
    rounds = [edit_values, edit_records]
    for number, edit in enumerate(rounds):
        edited = edit(tree / "data", rng)
        written, reused = build_site(config_file, tmp_path / f"cached-{number}", cached=True)
        build_site(config_file, tmp_path / f"clean-{number}", cached=False)
        assert differing_files(tmp_path / f"cached-{number}", tmp_path / f"clean-{number}") == []
        # Most pages came from the cache, and the edited records' pages did not.
        assert written // 2 < reused < written, edited
    assert number == len(rounds) - 1


def test_the_cache_key_holds_the_settings_a_build_runs_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Settings changed after mkdocs.yml was read (a command-line option, a test), and the
    # engine (ProperDocs builds the same mkdocs.yml), must not reuse pages made otherwise:
    # the full suite once reused ProperDocs' pages in a MkDocs build of the same site.
    from mkdocs.structure.nav import Navigation

    from showcase.mkdocs_plugins.records.page_writer import build_cache

    config = load_config(str(REPO_ROOT / "mkdocs.yml"))
    nav = Navigation([], [])

    def key() -> str:
        return build_cache(config, tmp_path / "cache", nav).key

    first = key()
    assert key() == first  # stable: no address of an object in it
    config.plugins[RECORDS].config["workers"] = 7  # how the build works, not what it shows
    assert key() == first
    identity = config.plugins["showcase/identity"].config
    identity["organization"] = str(identity["organization"]) + "（测试）"
    changed = key()
    assert changed != first
    monkeypatch.setitem(sys.modules, "properdocs", types.ModuleType("properdocs"))
    assert key() not in (first, changed)
