"""Symbolic links never take a build out of the repository, and a loop stops it at once.

Every case builds a real site and an offline archive from a small tree in tmp_path, with a
secret file in a folder beside it (not inside it), and checks that the build is refused
with a message naming the link and its target, and that nothing reached ``site/`` or the
archive's folder.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from showcase.cli import main
from showcase.mkdocs_plugins.commands import BuildFailed, build_archive, build_site
from showcase.records.symlinks import LinkProblem, links_leaving
from showcase.site.archive import SourceStamp
from tests.conftest import WriteTree, script_environment
from tests.test_loader import problems

STAMP = SourceStamp(1714552215)
SECRET = "SECRET-of-the-build-machine-7f3a"
MKDOCS_YML = """\
site_name: Test Union 测试站点
docs_dir: content
theme:
  name: material
  language: zh
  font: false
  custom_dir: overrides
plugins:
  - search
  - showcase/records
  - showcase/links
"""
DATA = """\
people:
  - id: li-gang
    name: 李刚
    sources: [{source: test-source}]
"""
LOOP = "形成了循环"


@pytest.fixture
def outside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder beside the repository, never inside it, with a secret file in it."""
    folder = tmp_path_factory.mktemp("outside")
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "nested").mkdir()
    (folder / "nested" / "secret.md").write_text(f"# {SECRET}\n", encoding="utf-8")
    return folder


@pytest.fixture
def site_tree(write_tree: WriteTree) -> Path:
    """A small site that builds: a page, the theme overrides folder and one record."""
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n",
            "overrides/.keep": "",
            "data/people.yaml": DATA,
            ".git/config": f'[remote "origin"]\n\textraheader = AUTHORIZATION: {SECRET}\n',
        }
    )
    return root


def relative(target: Path, link: Path) -> str:
    """target as a link at link would write it, relative to the link's folder."""
    return os.path.relpath(target, link.parent)


def link(root: Path, name: str, target: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


Case = Callable[[Path, Path], list[tuple[str, str]]]


def absolute_file(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "content/passwd.txt", "/etc/passwd")
    return [("content/passwd.txt", "/etc/passwd")]


def environment(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "content/environ.txt", "/proc/self/environ")
    return [("content/environ.txt", "/proc/self/environ")]


def relative_file(root: Path, outside: Path) -> list[tuple[str, str]]:
    target = relative(outside / "secret.txt", root / "content/secret.txt")
    link(root, "content/secret.txt", target)
    return [("content/secret.txt", target)]


def folder(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "content/more", str(outside / "nested"))
    return [("content/more", str(outside / "nested"))]


def chain(root: Path, outside: Path) -> list[tuple[str, str]]:
    # first -> second -> the secret: each link is named where it starts the way out.
    link(root, "content/deep/second.md", relative(outside / "nested/secret.md", root / "c/d/x"))
    link(root, "content/first.md", "deep/second.md")
    return [
        ("content/deep/second.md", relative(outside / "nested/secret.md", root / "c/d/x")),
        ("content/first.md", "deep/second.md"),
    ]


def git_config(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "content/config.txt", "../.git/config")
    return [("content/config.txt", "../.git/config")]


def docs_folder_itself(root: Path, outside: Path) -> list[tuple[str, str]]:
    (root / "content/index.md").unlink()
    (root / "content").rmdir()
    link(root, "content", str(outside / "nested"))
    return [("content", str(outside / "nested"))]


def theme_overrides(root: Path, outside: Path) -> list[tuple[str, str]]:
    target = relative(outside / "secret.txt", root / "overrides/secret.txt")
    link(root, "overrides/secret.txt", target)
    return [("overrides/secret.txt", target)]


def data_file(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "data/sources/extra.txt", str(outside / "secret.txt"))
    return [("data/sources/extra.txt", str(outside / "secret.txt"))]


def data_folder(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "data/more", str(outside))
    return [("data/more", str(outside))]


def data_yaml(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "data/studios.yaml", str(outside / "secret.txt"))
    return [("data/studios.yaml", str(outside / "secret.txt"))]


ESCAPING: dict[str, Case] = {
    "absolute-file": absolute_file,
    "proc-self-environ": environment,
    "relative-file": relative_file,
    "folder": folder,
    "chain": chain,
    "git-config": git_config,
    "the-docs-folder-itself": docs_folder_itself,
    "theme-overrides": theme_overrides,
    "data-file": data_file,
    "data-folder": data_folder,
    "data-yaml": data_yaml,
}


def self_loop(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "content/again", ".")
    return [("content/again", ".")]


def parent_loop(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "content/a/b/up", "../..")
    return [("content/a/b/up", "../..")]


def mutual_loop(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "content/one/to-two", "../two")
    link(root, "content/two/to-one", "../one")
    return [("content/one/to-two", "../two"), ("content/two/to-one", "../one")]


def file_loop(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "content/x.md", "y.md")
    link(root, "content/y.md", "x.md")
    return [("content/x.md", "y.md"), ("content/y.md", "x.md")]


def repository_root(root: Path, outside: Path) -> list[tuple[str, str]]:
    # Would publish the whole checkout, .git included, and walk content/ again and again.
    link(root, "content/repo", "..")
    return [("content/repo", "..")]


def data_loop(root: Path, outside: Path) -> list[tuple[str, str]]:
    link(root, "data/sources/again", "..")
    return [("data/sources/again", "..")]


LOOPS: dict[str, Case] = {
    "self": self_loop,
    "parent": parent_loop,
    "mutual": mutual_loop,
    "files": file_loop,
    "repository-root": repository_root,
    "data": data_loop,
}


def expected_line(name: str, target: str, *, loop: bool) -> str:
    """The start of the message; a link under data/ is a diagnostic at its line 1, column 1."""
    place = f"{name}:1:1" if name.startswith("data/") else name
    if loop:
        return f"{place}: 符号链接 {name} 指向“{target}”，{LOOP}"
    return f"{place}: 符号链接 {name} 指向仓库以外的“{target}”。"


def nothing_secret_under(root: Path) -> list[str]:
    """Regular files under root (links not followed) that hold the secret or a passwd line."""
    found = []
    for folder, folders, files in os.walk(root):
        folders[:] = [name for name in folders if name != ".git"]
        for name in files:
            path = Path(folder, name)
            if path.is_symlink():
                continue
            content = path.read_bytes()
            if SECRET.encode() in content or b"root:x:0:0" in content:
                found.append(path.relative_to(root).as_posix())
    return found


def assert_refused(
    root: Path, expected: list[tuple[str, str]], caplog: pytest.LogCaptureFixture, *, loop: bool
) -> None:
    """The build and the archive both fail, name each link, and write nothing."""
    config = root / "mkdocs.yml"
    with pytest.raises(BuildFailed):
        build_site(config, None, stamp=STAMP)
    with pytest.raises(BuildFailed):
        build_archive(config, root / "dist", stamp=STAMP, name="test")
    logged = [record.getMessage() for record in caplog.records]
    for name, target in expected:
        line = expected_line(name, target, loop=loop)
        assert sum(line in message for message in logged) == 2, (line, logged)
    caplog.clear()
    assert not (root / "site").exists()
    assert [path.name for path in (root / "dist").iterdir()] == []
    assert nothing_secret_under(root) == []


@pytest.mark.parametrize("case", ESCAPING.values(), ids=ESCAPING.keys())
def test_a_link_out_of_the_repository_is_refused_by_build_and_archive(
    site_tree: Path, outside: Path, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    expected = case(site_tree, outside)
    assert_refused(site_tree, expected, caplog, loop=False)


@pytest.mark.parametrize("case", LOOPS.values(), ids=LOOPS.keys())
def test_a_link_loop_stops_the_build_at_once(
    site_tree: Path, outside: Path, case: Case, caplog: pytest.LogCaptureFixture
) -> None:
    expected = case(site_tree, outside)
    started = time.monotonic()
    assert_refused(site_tree, expected, caplog, loop=True)
    # MkDocs' own walk of such a folder runs for most of a minute before the system stops it.
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("case", [relative_file, folder, git_config], ids=["file", "folder", "git"])
def test_without_the_check_the_secret_would_be_published(
    site_tree: Path, outside: Path, case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The hostile trees above are real: MkDocs reads through these links and publishes.
    case(site_tree, outside)
    monkeypatch.setattr(
        "showcase.mkdocs_plugins.records.plugin.links_leaving", lambda folders, root: []
    )
    build_site(site_tree / "mkdocs.yml", None, stamp=STAMP)
    assert nothing_secret_under(site_tree) != []


def test_links_that_stay_inside_the_repository_build(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n\n见 [另一页](alias.md)。\n",
            "pictures/logo.txt": "徽标\n",
            "overrides/.keep": "",
            "data/people.yaml": DATA,
        }
    )
    link(root, "content/alias.md", "index.md")
    link(root, "content/pictures", "../pictures")
    link(root, "content/chain.txt", "pictures/logo.txt")
    site = build_site(root / "mkdocs.yml", None, stamp=STAMP).site_dir
    assert (site / "alias/index.html").is_file()
    assert (site / "pictures/logo.txt").read_text(encoding="utf-8") == "徽标\n"
    assert (site / "chain.txt").read_text(encoding="utf-8") == "徽标\n"


def test_validate_reports_links_under_the_data_at_the_link(
    write_tree: WriteTree, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_tree({"data/people.yaml": DATA})
    link(root, "data/sources/extra.txt", "/etc/passwd")
    link(root, "data/more", str(outside))
    link(root, "data/studios.yaml", "../../outside.yaml")
    link(root, "data/loop", ".")
    # A link to a data file inside the repository is still not read: the loader's own rule.
    link(root, "data/copy.yaml", "people.yaml")
    assert [line.split("。")[0] for line in problems(root)] == [
        "data/copy.yaml:1:1: 数据文件不能是符号链接",
        "data/loop:1:1: 符号链接 data/loop 指向“.”，形成了循环（指向它自己、它所在的文件夹或上层文件夹，或几个链接互相指向）",
        f"data/more:1:1: 符号链接 data/more 指向仓库以外的“{outside}”",
        "data/sources/extra.txt:1:1: 符号链接 data/sources/extra.txt 指向仓库以外的“/etc/passwd”",
        "data/studios.yaml:1:1: 符号链接 data/studios.yaml 指向仓库以外的“../../outside.yaml”",
    ]
    assert main(["validate", "--root", str(root), str(root / "data")]) == 1
    printed = capsys.readouterr().out
    assert "[link-outside]" in printed
    assert "[link-loop]" in printed
    assert "（检查了 3 个文件）" in printed


@pytest.mark.parametrize("linked", ["data/more", "data"])
def test_nothing_is_read_through_a_data_folder_that_leaves(
    write_tree: WriteTree, outside: Path, linked: str
) -> None:
    # A YAML file out there would have its values echoed in messages.
    (outside / "nested" / "leak.yaml").write_text(f"studios: {SECRET}\n", encoding="utf-8")
    root = write_tree({}, with_source=False)
    link(root, linked, str(outside / "nested"))
    assert problems(root) == [
        f"{linked}:1:1: 符号链接 {linked} 指向仓库以外的“{outside / 'nested'}”。"
        "网站只能发布仓库里的文件（.git 文件夹也不行），链接会把生成网站的电脑上的文件公开出去。"
        "请删掉链接，把文件本身放进仓库。 [link-outside]"
    ]


WEB_OF_LINKS = """\
import sys
from pathlib import Path
from showcase.records.symlinks import links_leaving

root = Path(sys.argv[1])
for problem in links_leaving([root / "content"], root):
    print(problem.link, problem.loop)
"""


def test_a_web_of_links_is_checked_at_once(tmp_path: Path) -> None:
    # Every folder links to every folder: a walk that took each branch until the system's
    # limit of 40 links in a path would take 3**40 steps.
    for name in "abc":
        for other in "abc":
            link(tmp_path, f"content/{name}/to-{other}", f"../{other}")
    checked = subprocess.run(
        [sys.executable, "-c", WEB_OF_LINKS, str(tmp_path)],
        env=script_environment(),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert checked.stdout.splitlines() == [
        f"content/{name}/to-{other} True" for name in "abc" for other in "abc"
    ]


def test_the_walk_names_each_link_once_where_it_is() -> None:
    problem = LinkProblem("content/x", "/etc/passwd", loop=False)
    assert str(problem).startswith("content/x: 符号链接 content/x 指向仓库以外的“/etc/passwd”。")
    assert str(problem).endswith("[link-outside]")
    assert str(LinkProblem("content/x", ".", loop=True)).endswith("[link-loop]")


def test_a_link_reached_through_another_link_is_reported_once(tmp_path: Path) -> None:
    link(tmp_path, "content/a/secret.txt", "/etc/passwd")
    link(tmp_path, "content/b", "a")
    assert links_leaving([tmp_path / "content"], tmp_path) == [
        LinkProblem("content/a/secret.txt", "/etc/passwd", loop=False)
    ]


def test_folders_that_do_not_exist_are_skipped(tmp_path: Path) -> None:
    assert links_leaving([tmp_path / "nowhere", tmp_path / "file.txt"], tmp_path) == []


def test_validate_reads_no_page_through_a_content_folder_that_leaves(
    write_tree: WriteTree, outside: Path
) -> None:
    # The pages are checked for personal numbers, but not out there: the build refuses it.
    (outside / "nested" / "page.md").write_text("电话 13912345678\n", encoding="utf-8")
    root = write_tree({"data/people.yaml": DATA})
    link(root, "content", str(outside / "nested"))
    assert problems(root) == []
    (root / "content").unlink()
    link(root, "content", "elsewhere")
    write_tree({"elsewhere/page.md": "电话 13912345678\n"})
    assert [line.split(":")[0] for line in problems(root)] == ["content/page.md"]
