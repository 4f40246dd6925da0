"""Guards that had no test failing without them, a fuzz test of the real data, and CI's rule.

Each test here was checked by removing its guard from the code: the test then fails.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from showcase.cli import main
from showcase.editing import diff as diff_module
from showcase.records.diagnostics import Diagnostic
from showcase.records.symlinks import LinkProblem, links_leaving
from showcase.records.validation import sorted_diagnostics, validate
from showcase.site import archive as archive_module
from showcase.site import exports as exports_module
from showcase.site.archive import ArchiveError, ManifestEntry, write_archive
from tests.conftest import REPO_ROOT, WriteTree, script_environment
from tests.images import small_jpeg
from tests.test_loader import problems

# --- a source's address is a web address ------------------------------------------------

SOURCE_WITH_URL = """\
sources:
  - id: test-source
    title: 测试来源
    url: {url}
"""


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "'javascript://example.org/%0Aalert(1)'",
        "file:///etc/passwd",
        "data:text/html,x.y",
        "ftp://example.org/article.txt",
        "//example.org/article",
        "http://",
        "https://localhost/",
        "'https://example.org/a b'",
        "HTTPS://example.org/",
    ],
)
def test_a_source_url_must_be_http_or_https(write_tree: WriteTree, url: str) -> None:
    root = write_tree({"data/sources.yaml": SOURCE_WITH_URL.format(url=url)}, with_source=False)
    shown = url.strip("'")
    assert problems(root) == [
        f"data/sources.yaml:4:10: sources[0].url: 网址“{shown}”无效。"
        "只接受以 http:// 或 https:// 开头的完整网址。 [invalid-value]"
    ]


@pytest.mark.parametrize(
    "url", ["https://example.org/", "http://www.acftu.org/a/b.html?c=1#d", "https://例子.中国/"]
)
def test_web_addresses_are_accepted(write_tree: WriteTree, url: str) -> None:
    root = write_tree({"data/sources.yaml": SOURCE_WITH_URL.format(url=url)}, with_source=False)
    assert problems(root) == []


# --- a photo may not leave content/ through a link -------------------------------------

PHOTO_STUDIO = """\
studios:
  - id: steel-studio
    name: 工作室
    sources: [{{source: test-source}}]
    photos:
      - file: {file}
        caption: 工作室一角
        alt: 工作室里的设备
        shows_identifiable_people: false
"""


def test_a_photo_that_leaves_content_through_a_link_is_refused(write_tree: WriteTree) -> None:
    # Inside the repository, so no link check stops it; outside content/, so not published
    # as a photo: the photo check alone refuses it.
    root = write_tree(
        {
            "data/studios.yaml": PHOTO_STUDIO.format(file="photos/linked.jpg"),
            "private/scan.jpg": b"\xff\xd8 not for the site",
        }
    )
    (root / "content/photos").mkdir(parents=True)
    (root / "content/photos/linked.jpg").symlink_to("../../private/scan.jpg")
    assert problems(root) == [
        "data/studios.yaml:6:15: studios[0].photos[0].file: 找不到图片文件 content/photos/linked.jpg。"
        "请先把图片放进 content/ 下的这个位置。 [missing-file]"
    ]


def test_a_photo_linked_inside_content_is_accepted(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios.yaml": PHOTO_STUDIO.format(file="photos/linked.jpg"),
            "content/images/studio.jpg": small_jpeg(),
        }
    )
    (root / "content/photos").mkdir()
    (root / "content/photos/linked.jpg").symlink_to("../images/studio.jpg")
    assert problems(root) == []


# --- a full text stays in data/sources/ ------------------------------------------------

FULL_TEXT_SOURCE = """\
sources:
  - id: test-source
    title: 测试来源
    full_text: {path}
studios:
  - id: steel-studio
    name: 工作室
    sources:
      - source: test-source
        quote: {quote}
"""


def full_text_problems(write_tree: WriteTree, path: str, quote: str = "出诊") -> list[str]:
    root = write_tree(
        {
            "data/sources.yaml": FULL_TEXT_SOURCE.format(path=path, quote=quote),
            "data/sources/test.txt": "现场“出诊”50余次\n",
            ".git/config": '[remote "origin"]\n\turl = https://token-abc@example.org/x\n',
            "content/index.md": "# 首页\n",
        },
        with_source=False,
    )
    return problems(root)


@pytest.mark.parametrize(
    "path", [".git/config", "content/index.md", "data/sources", "data/sources.yaml", "README.md"]
)
def test_a_full_text_outside_data_sources_is_refused(write_tree: WriteTree, path: str) -> None:
    assert full_text_problems(write_tree, path) == [
        f"data/sources.yaml:4:16: sources[0].full_text: 全文文件必须放在 data/sources/ 文件夹里，"
        f"这里写的是“{path}”。请把来源全文存为 data/sources/ 下的 UTF-8 纯文本文件，再写它的路径，"
        "如 data/sources/article.txt。 [full-text-outside]"
    ]


def test_quotes_cannot_probe_a_file_outside_data_sources(write_tree: WriteTree) -> None:
    # Whether the guessed words are in .git/config or not, the answer is the same.
    present = full_text_problems(write_tree, ".git/config", quote="token-abc")
    absent = full_text_problems(write_tree, ".git/config", quote="token-xyz")
    assert present == absent
    assert [line.rsplit(" [", 1)[1] for line in present] == ["full-text-outside]"]


def test_a_full_text_linked_out_of_data_sources_is_refused(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/sources.yaml": FULL_TEXT_SOURCE.format(path="data/sources/a.txt", quote="出诊"),
            "notes/article.txt": "现场“出诊”50余次\n",
        },
        with_source=False,
    )
    (root / "data/sources/a.txt").parent.mkdir(parents=True)
    (root / "data/sources/a.txt").symlink_to("../../notes/article.txt")
    assert problems(root) == [
        "data/sources.yaml:4:16: sources[0].full_text: 全文文件“data/sources/a.txt”经符号链接指向"
        " data/sources/ 以外的“notes/article.txt”。请删掉链接，把全文文件本身放进这个位置。"
        " [link-outside]"
    ]


def test_a_full_text_that_is_a_link_loop_is_an_error_not_a_crash(write_tree: WriteTree) -> None:
    root = write_tree(
        {"data/sources.yaml": FULL_TEXT_SOURCE.format(path="data/sources/a.txt", quote="出诊")},
        with_source=False,
    )
    (root / "data/sources").mkdir()
    (root / "data/sources/a.txt").symlink_to("a.txt")
    assert [line.split("：")[0].split("。")[0] for line in problems(root)] == [
        "data/sources.yaml:4:16: sources[0].full_text: 找不到或无法读取全文文件“data/sources/a.txt”（相对于仓库根目录）",
        "data/sources/a.txt:1:1: 符号链接 data/sources/a.txt 指向“a.txt”，形成了循环（指向它自己、它所在的文件夹或上层文件夹，或几个链接互相指向）",
    ]


# --- the archive notices a file that changes while it is packed -------------------------


def test_a_file_changed_while_it_is_packed_stops_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<h1>首页</h1>", encoding="utf-8")
    (site / "other.html").write_text("<h1>别页</h1>", encoding="utf-8")
    hashed = archive_module.file_entry

    def hash_then_change(path: Path, relative: str) -> ManifestEntry:
        entry = hashed(path, relative)
        if relative == "index.html":
            # Same size, other bytes: only the hash can tell.
            path.write_text("<h1>改过</h1>", encoding="utf-8")
        return entry

    monkeypatch.setattr(archive_module, "file_entry", hash_then_change)
    zip_path = tmp_path / "dist" / "site.zip"
    with pytest.raises(ArchiveError, match=r"^index.html 在打包过程中被修改了，请重新生成。$"):
        write_archive(
            site,
            zip_path,
            top_folder="site",
            revision="0" * 40,
            build_date=datetime(2024, 5, 1, tzinfo=UTC),
            readme_text="说明",
        )
    assert list(zip_path.parent.iterdir()) == []


# --- the real data, damaged at random ---------------------------------------------------

# Fragments a careless edit or a hostile pull request brings: YAML syntax, tabs, full-width
# punctuation, invisible and control characters, a number where text goes, a BOM.
FRAGMENTS = [
    b"", b" ", b"  ", b"\t", b":", b": ", b"- ", b"\n", b"\r\n", b"'", b'"', b"[", b"]", b"{",
    b"}", b"&a ", b"*a", b"!!python/object ", b"<<: ", b"#", b"|", b">", b"%", b"@", b"`",
    b"\xff", b"\xe5", b"\xef\xbc\x9a", b"\xe2\x80\x8b", b"\x00", b"\x1b[31m", b"\xc2\xa0",
    b"null", b"~", b"yes", b"0755", b"1.10", b"2013-13-45", b"-1", b"1e400", b"id", b"\xef\xbb\xbf",
    b"13912345678",
]  # fmt: skip
MUTATIONS_PER_FILE = 6  # 7 files: 42 damaged files, a few seconds in all


def mutate(content: bytes, rng: random.Random) -> bytes:
    """One seeded edit of the kind people and attackers make, at a random place."""
    lines = content.split(b"\n")
    kind = rng.randrange(6)
    if kind == 0:  # a few bytes replaced by a fragment
        damaged = bytearray(content)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(damaged))
            damaged[at : at + rng.randint(0, 3)] = rng.choice(FRAGMENTS)
        return bytes(damaged)
    at = rng.randrange(len(lines))
    if kind == 1:  # a line lost
        del lines[at]
    elif kind == 2:  # a line pasted twice
        lines.insert(at, lines[at])
    elif kind == 3:  # a line indented one step more or less
        lines[at] = b"  " + lines[at] if rng.random() < 0.5 else lines[at][2:]
    elif kind == 4:  # two lines swapped
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    else:  # the file cut off
        return content[: rng.randrange(len(content))]
    return b"\n".join(lines)


def test_damaged_real_data_gives_diagnostics_never_a_traceback(tmp_path: Path) -> None:
    shutil.copytree(REPO_ROOT / "data", tmp_path / "data")
    files = sorted((tmp_path / "data").glob("*.yaml"))
    assert len(files) >= 5
    assert sorted_diagnostics(validate([tmp_path / "data"], tmp_path)) == []
    rng = random.Random(20131116)
    tried = changed = 0
    for path in files:
        original = path.read_bytes()
        # The file alone (with the sources it cites): what it reports when it is whole.
        checked = sorted({path, tmp_path / "data/sources.yaml"})
        whole = sorted_diagnostics(validate(checked, tmp_path))
        for _ in range(MUTATIONS_PER_FILE):
            damaged = mutate(original, rng)
            if damaged == original:
                continue
            path.write_bytes(damaged)
            found = sorted_diagnostics(validate(checked, tmp_path))
            tried += 1
            changed += found != whole
            for diagnostic in found:
                assert_readable(diagnostic)
        path.write_bytes(original)
    assert tried >= len(files) * MUTATIONS_PER_FILE - 3
    # Most edits break something; some (a lost optional line, two lines of a list swapped)
    # leave valid data, which must then pass. Seeded: the count only changes with the code.
    assert changed >= tried * 0.8, (changed, tried)


def assert_readable(diagnostic: Diagnostic) -> None:
    """A place to go to, a stable code and a Chinese message."""
    assert diagnostic.path.startswith("data/")
    assert diagnostic.line >= 1
    assert diagnostic.column >= 1
    assert diagnostic.code
    assert any("\u4e00" <= char <= "\u9fff" for char in diagnostic.message), diagnostic


# --- nothing skips under CI -------------------------------------------------------------

SKIPPING_TESTS = """\
import pytest

def test_skips_itself():
    pytest.skip("a tool is missing")

@pytest.mark.skipif(True, reason="a marker says so")
def test_skipped_by_a_marker():
    pass

@pytest.mark.xfail(reason="a known bug", strict=True)
def test_expected_to_fail():
    assert False

def test_passes():
    pass
"""


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [
        # A marker skips at setup: the failure shows as an error there.
        ("true", "1 failed, 1 passed, 1 xfailed, 1 error"),
        ("", "1 passed, 2 skipped, 1 xfailed"),
    ],
)
def test_a_skip_fails_under_ci(tmp_path: Path, ci: str, outcome: str) -> None:
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_runtest_makereport  # noqa: F401\n", encoding="utf-8"
    )
    (tmp_path / "test_skipping.py").write_text(SKIPPING_TESTS, encoding="utf-8")
    environment = script_environment() | {"CI": ci}
    environment["PYTHONPATH"] = os.pathsep.join([str(REPO_ROOT), environment["PYTHONPATH"]])
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.stdout.splitlines()[-1].startswith(outcome), run.stdout + run.stderr
    if ci:
        assert "nothing may be skipped: Skipped: a tool is missing" in run.stdout
        assert "nothing may be skipped: Skipped: a marker says so" in run.stdout


# --- checks of the data that no test reached ---------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        pytest.param(
            "people:\n  - id: li-gang\n    name: 李刚\n    description: '   '\n"
            "    sources: [{source: test-source}]\n",
            "data/x.yaml:4:18: people[0].description: 不能为空。"
            "请填写内容；如果这个字段可以不填，也可以删除这一行。 [invalid-value]",
            id="long-text-of-spaces",
        ),
        pytest.param(
            "studios:\n  - id: s1\n    name: 工作室\n    achievements:\n"
            "      patents_granted: [30]\n    sources: [{source: test-source}]\n",
            "data/x.yaml:5:24: studios[0].achievements.patents_granted: "
            "应为一个数量，如“30余项”“3000多万元”或“41047”。 [bad-quantity]",
            id="quantity-that-is-a-list",
        ),
        pytest.param(
            "people:\n  - id: li-gang\n    name: 李刚\n    sources: [{source: test-source}]\n"
            "awards:\n  - id: a1\n    honour: 劳动模范\n    recipient: li-gang\n"
            "    revoked: '2015-03'\n    sources: [{source: test-source}]\n",
            "data/x.yaml:6:5: awards[0]: 填写了撤销时间 revoked，但状态不是“已撤销”。"
            "请写 status: 已撤销，或删除 revoked。 [invalid-value]",
            id="valid-award-with-a-revocation-date",
        ),
        pytest.param(
            "projects:\n  - id: p1\n    title: 项目\n    category: 示范工程\n"
            "    started: '2013-05'\n    ended: '2012'\n    sources: [{source: test-source}]\n",
            "data/x.yaml:2:5: projects[0]: 结束时间 2012 早于开始时间 2013-05，请核对。 [invalid-value]",
            id="project-ending-before-it-starts",
        ),
        pytest.param(
            "people:\n  - id: a\n    name: 李刚\n    sources: [{source: test-source}]\n",
            "data/x.yaml:2:9: people[0].id: 太短，至少要 2 个字符。 [empty]",
            id="id-of-one-letter",
        ),
        pytest.param(
            "people:\n  - id: li-gang\n    name: 李刚\n    sources: []\n",
            "data/x.yaml:4:14: people[0].sources: 至少需要 1 项。 [too-few]",
            id="no-source",
        ),
        pytest.param(
            "people:\n  - id: li-gang\n    name: '李刚：工人' x\n    sources: [{source: test-source}]\n",
            "data/x.yaml:3:19: YAML 语法错误（did not find expected key）。缩进没有对齐：同一条记录的"
            "字段要左对齐，列表项以“- ”开头。 这一行有中文冒号“：”，字段名后应使用英文冒号“:”。 [yaml-syntax]",
            id="syntax-error-on-a-line-with-a-full-width-colon",
        ),
    ],
)
def test_checks_no_other_test_reached(write_tree: WriteTree, content: str, expected: str) -> None:
    assert problems(write_tree({"data/x.yaml": content})) == [expected]


def test_validate_without_any_data_file_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    assert main(["validate", "--root", str(tmp_path), str(tmp_path / "data")]) == 2
    assert capsys.readouterr().err == "没有找到数据文件（.yaml）。\n"


# --- `showcase new` never writes through a link -------------------------------------------


@pytest.mark.parametrize("exists", [True, False], ids=["to-a-file", "to-nothing-yet"])
def test_a_new_record_is_not_written_through_a_link(
    write_tree: WriteTree,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    exists: bool,
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "studios.yaml"
    if exists:
        outside.write_text("studios: []\n", encoding="utf-8")
    root = write_tree({})
    (root / "data/studios.yaml").symlink_to(outside)
    assert main(["new", "studio", "--root", str(root)]) == 1
    assert "不是普通文件，无法添加记录。" in capsys.readouterr().err
    assert outside.exists() is exists
    if exists:
        assert outside.read_text(encoding="utf-8") == "studios: []\n"


def test_a_new_record_is_not_written_into_a_folder_that_links_out(
    write_tree: WriteTree,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    outside = tmp_path_factory.mktemp("outside")
    root = write_tree({})
    (root / "data/more").symlink_to(outside)
    assert (
        main(["new", "studio", "--root", str(root), "--file", str(root / "data/more/s.yaml")]) == 1
    )
    assert "所在的文件夹是指向仓库以外的符号链接" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


# --- `showcase diff` reads git's objects, never the machine ---------------------------------


def test_diff_follows_no_link_out_of_the_repository() -> None:
    assert diff_module._link_target("data/a.yaml", "/etc/passwd") == ""
    assert diff_module._link_target("data/a.yaml", "../../outside.yaml") == ""
    assert diff_module._link_target("data/a.yaml", "..") == ""
    assert diff_module._link_target("data/a.yaml", "../a.yaml") == "a.yaml"
    assert diff_module._link_target("data/a.yaml", "b.yaml") == "data/b.yaml"


def test_diff_writes_no_file_through_a_link_or_under_a_name_no_checkout_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = tmp_path / "snapshot"
    (folder / "data").mkdir(parents=True)
    (folder / "data/more").symlink_to(outside)
    listing = b"".join(
        f"{mode} {kind} {oid}\t{name}\0".encode()
        for mode, kind, oid, name in [
            ("100644", "blob", "1" * 40, "data/more/evil.yaml"),
            ("100644", "blob", "1" * 40, "data/../../escaped.yaml"),
            ("100644", "blob", "1" * 40, "data/sub/../sneaky.yaml"),
            ("100644", "blob", "1" * 40, "/absolute.yaml"),
            ("160000", "commit", "2" * 40, "data/submodule"),
            ("100644", "blob", "1" * 40, "data/good.yaml"),
        ]
    )
    monkeypatch.setattr(diff_module, "_checked_git", lambda root, *arguments, stdin=None: listing)
    monkeypatch.setattr(diff_module, "_blobs", lambda root, oids: {"1" * 40: b"studios: []\n"})
    assert diff_module._write_from_git(tmp_path, "HEAD", ["data"], folder) == [""]
    assert list(outside.iterdir()) == []
    assert not (tmp_path / "escaped.yaml").exists()
    assert not (folder / "data/sneaky.yaml").exists()
    assert (folder / "data/good.yaml").read_bytes() == b"studios: []\n"


def test_diff_refuses_what_git_cannot_give(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        diff_module, "_checked_git", lambda root, *arguments, stdin=None: b"1111 missing\n"
    )
    with pytest.raises(diff_module.DiffError, match="git 无法读取对象 1111。"):
        diff_module._blobs(tmp_path, ["1111"])
    monkeypatch.undo()

    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    with pytest.raises(
        diff_module.DiffError, match=r"^git ls-tree 失败：fatal: not a git repository"
    ):
        diff_module._checked_git(tmp_path, "ls-tree", "HEAD")

    def too_slow(*arguments: object, **options: object) -> None:
        raise subprocess.TimeoutExpired("git", 300)

    monkeypatch.setattr(subprocess, "run", too_slow)
    with pytest.raises(diff_module.DiffError, match=r"^git 在 300 秒内没有完成：ls-tree HEAD。$"):
        diff_module._checked_git(tmp_path, "ls-tree", "HEAD")


# --- the links check itself ---------------------------------------------------------------


def test_a_link_to_nothing_is_left_to_the_build(tmp_path: Path) -> None:
    # Nothing leaks through it; MkDocs stops on it with "no such file".
    (tmp_path / "content").mkdir()
    (tmp_path / "content/gone.md").symlink_to("nowhere.md")
    assert links_leaving([tmp_path / "content"], tmp_path) == []


def test_a_folder_outside_the_repository_is_named_by_its_path(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # A theme's custom_dir may lie elsewhere; its links are still checked.
    theme = tmp_path_factory.mktemp("theme")
    (theme / "secret.txt").symlink_to("/etc/passwd")
    assert links_leaving([theme], tmp_path) == [
        LinkProblem(f"{theme}/secret.txt", "/etc/passwd", loop=False)
    ]


# --- exports of a field they have no form for -------------------------------------------


def test_an_export_of_a_value_it_has_no_form_for_fails_loudly() -> None:
    with pytest.raises(TypeError, match=r"^no CSV form for object: add one to exports\.py$"):
        exports_module._scalar_text(object())
