"""The offline archive and the atomic, reproducible build: the zip core, then real builds."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from showcase.cli import main
from showcase.records.revision import UNKNOWN, Revision
from showcase.site import archive as archive_module
from showcase.site.archive import (
    JSON_MANIFEST_NAME,
    README_NAME,
    SHA256_MANIFEST_NAME,
    ArchiveError,
    SourceStamp,
    archive_folder_name,
    offline_readme,
    replace_folder,
    source_stamp,
    staging_folder,
    write_archive,
)
from tests.conftest import WriteTree, git, write_files

BUILD_DATE = datetime(2024, 5, 1, 8, 30, 15, tzinfo=UTC)
REVISION = "0123456789abcdef0123456789abcdef01234567"
SITE = {
    "index.html": "<h1>首页</h1>\n",
    "assets/app.js": "console.log(1)\n",
    "people/li-gang.html": "<h1>李刚</h1>\n",
    "search/search_index.js": "var __index = {}",
    "图片/工作室.txt": "中文文件名\n",
}


def make_folder(folder: Path, files: dict[str, str], *, reverse: bool = False) -> Path:
    """Write files into folder, in the given order or reversed."""
    return write_files(folder, {name: files[name] for name in sorted(files, reverse=reverse)})


def archive_of(site: Path, zip_path: Path, top_folder: str = "site-20240501-0123456789ab") -> Path:
    write_archive(
        site,
        zip_path,
        top_folder=top_folder,
        revision=REVISION,
        build_date=BUILD_DATE,
        readme_text="说明\n第二行\n",
    )
    return zip_path


# ---------------------------------------------------------------------------------------------
# The zip core


def test_the_same_folder_gives_the_same_bytes_whatever_the_order_and_file_times(
    tmp_path: Path,
) -> None:
    first = make_folder(tmp_path / "a", SITE)
    second = make_folder(tmp_path / "b", SITE, reverse=True)
    for path in second.rglob("*"):
        os.utime(path, (1_000_000_000, 1_000_000_000))
        path.chmod(0o700 if path.is_dir() else 0o600)

    one = archive_of(first, tmp_path / "one.zip").read_bytes()
    assert archive_of(first, tmp_path / "again.zip").read_bytes() == one
    assert archive_of(second, tmp_path / "two.zip").read_bytes() == one


def test_entries_are_sorted_under_one_folder_with_fixed_times_and_modes(tmp_path: Path) -> None:
    site = make_folder(tmp_path / "site", SITE)
    with zipfile.ZipFile(archive_of(site, tmp_path / "site.zip")) as archive:
        infos = archive.infolist()
    names = [info.filename for info in infos]
    top = "site-20240501-0123456789ab/"
    assert names == sorted(names)
    assert [name.removeprefix(top) for name in names] == sorted(
        [*SITE, README_NAME, JSON_MANIFEST_NAME, SHA256_MANIFEST_NAME]
    )
    for info in infos:
        assert info.filename.startswith(top)
        assert not info.is_dir()
        assert info.date_time == (2024, 5, 1, 8, 30, 14)  # zip times count in 2-second steps
        assert info.create_system == 3
        assert info.external_attr >> 16 == stat.S_IFREG | 0o644
        assert info.compress_type == zipfile.ZIP_DEFLATED
        assert info.extra == b""
        assert info.comment == b""


def test_dates_before_1980_are_clamped_to_the_zip_minimum(tmp_path: Path) -> None:
    site = make_folder(tmp_path / "site", {"index.html": "x"})
    write_archive(
        site,
        tmp_path / "old.zip",
        top_folder="old",
        revision=REVISION,
        build_date=datetime(1970, 1, 1, tzinfo=UTC),
        readme_text="",
    )
    with zipfile.ZipFile(tmp_path / "old.zip") as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        manifest = json.loads(archive.read(f"old/{JSON_MANIFEST_NAME}"))
    assert manifest["build_date"] == "1970-01-01T00:00:00Z"


def test_the_manifests_match_the_contents(tmp_path: Path) -> None:
    site = make_folder(tmp_path / "site", SITE)
    top = "site-20240501-0123456789ab"
    with zipfile.ZipFile(archive_of(site, tmp_path / "site.zip")) as archive:
        contents = {
            info.filename.removeprefix(f"{top}/"): archive.read(info) for info in archive.infolist()
        }

    manifest = json.loads(contents[JSON_MANIFEST_NAME])
    listed = [*SITE, README_NAME]
    assert manifest == {
        "name": top,
        "revision": REVISION,
        "build_date": "2024-05-01T08:30:15Z",
        "source_date_epoch": 1714552215,
        "file_count": len(listed),
        "files": [
            {
                "path": name,
                "size": len(contents[name]),
                "sha256": hashlib.sha256(contents[name]).hexdigest(),
            }
            for name in sorted(listed)
        ],
    }
    lines = contents[SHA256_MANIFEST_NAME].decode("utf-8").splitlines()
    assert lines == [
        f"{hashlib.sha256(contents[name]).hexdigest()}  {name}"
        for name in sorted([*listed, JSON_MANIFEST_NAME])
    ]


def test_sha256sum_accepts_the_manifest(tmp_path: Path) -> None:
    # coreutils is on every Linux machine; elsewhere this skips, and under CI a skip fails.
    sha256sum = shutil.which("sha256sum")
    if sha256sum is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed")
    site = make_folder(tmp_path / "site", SITE)
    top = "site-20240501-0123456789ab"
    with zipfile.ZipFile(archive_of(site, tmp_path / "site.zip")) as archive:
        archive.extractall(tmp_path / "unzipped")
    checked = subprocess.run(
        [sha256sum, "--check", "--strict", SHA256_MANIFEST_NAME],
        cwd=tmp_path / "unzipped" / top,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count(": OK\n") == len(SITE) + 2  # the README and manifest.json


def test_the_readme_is_utf8_with_a_bom_and_crlf_for_notepad(tmp_path: Path) -> None:
    site = make_folder(tmp_path / "site", SITE)
    with zipfile.ZipFile(archive_of(site, tmp_path / "site.zip")) as archive:
        readme = archive.read(f"site-20240501-0123456789ab/{README_NAME}")
    assert readme == "\ufeff说明\r\n第二行\r\n".encode()


def test_the_readme_says_how_to_open_and_check_the_archive() -> None:
    text = offline_readme(
        site_name="天津工会荣誉与创新",
        top_folder="tianjin-union-20240501-0123456789ab",
        revision=REVISION,
        build_date=BUILD_DATE,
    )
    assert text.startswith("天津工会荣誉与创新（离线版）\n\n版本：" + REVISION + "\n")
    assert "版本日期：2024年5月1日（2024-05-01T08:30:15Z）" in text
    assert "双击 index.html" in text
    assert "不需要联网" in text
    assert "sha256sum -c MANIFEST.sha256" in text
    assert "Get-FileHash -Algorithm SHA256 -LiteralPath $f" in text


def test_a_failure_while_writing_leaves_the_old_zip_and_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_folder(tmp_path / "site", SITE)
    output = tmp_path / "dist"
    old = archive_of(make_folder(tmp_path / "old", {"index.html": "旧"}), output / "site.zip")
    old_bytes = old.read_bytes()
    written = []

    def fail_on_third(self: zipfile.ZipFile, info: zipfile.ZipInfo, *args: object, **kw: object):
        written.append(info.filename)
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        return original(self, info, *args, **kw)

    original = zipfile.ZipFile.writestr
    monkeypatch.setattr(zipfile.ZipFile, "writestr", fail_on_third)
    with pytest.raises(OSError, match="No space left"):
        archive_of(site, output / "site.zip")
    assert old.read_bytes() == old_bytes
    assert sorted(path.name for path in output.iterdir()) == ["site.zip"]


def test_a_file_named_like_the_manifest_is_refused(tmp_path: Path) -> None:
    site = make_folder(tmp_path / "site", {"index.html": "x", "manifest.json": "{}"})
    with pytest.raises(ArchiveError, match=r"网站根目录里已有 manifest\.json"):
        archive_of(site, tmp_path / "site.zip")
    assert not (tmp_path / "site.zip").exists()


def test_a_symlink_in_the_site_is_refused(tmp_path: Path) -> None:
    site = make_folder(tmp_path / "site", {"index.html": "x"})
    (site / "secret").symlink_to(tmp_path)
    with pytest.raises(ArchiveError, match="secret 是符号链接"):
        archive_of(site, tmp_path / "site.zip")


def test_archive_names_are_ascii_with_the_date_and_revision() -> None:
    stamp = SourceStamp(1714552215, Revision(REVISION, BUILD_DATE, dirty=True))
    assert (
        archive_folder_name("tianjin-union", stamp) == "tianjin-union-20240501-0123456789ab-dirty"
    )
    assert stamp.revision_label == REVISION + "-dirty"
    assert archive_folder_name("x", SourceStamp(0)) == "x-19700101-unknown"
    with pytest.raises(ArchiveError, match="只能由小写英文字母、数字和连字符组成"):
        archive_folder_name("天津", stamp)


# ---------------------------------------------------------------------------------------------
# Replacing a folder whole


def test_a_staging_folder_replaces_the_target_only_when_the_block_succeeds(tmp_path: Path) -> None:
    target = make_folder(tmp_path / "site", {"old.txt": "旧"})
    with staging_folder(target) as staging:
        assert staging.parent == tmp_path
        (staging / "new.txt").write_text("新", encoding="utf-8")
    assert [path.name for path in target.iterdir()] == ["new.txt"]

    with pytest.raises(RuntimeError), staging_folder(target) as staging:
        (staging / "half.txt").write_text("半", encoding="utf-8")
        raise RuntimeError
    assert [path.name for path in target.iterdir()] == ["new.txt"]
    assert [path.name for path in tmp_path.iterdir()] == ["site"]


def test_a_failed_rename_puts_the_old_folder_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = make_folder(tmp_path / "site", {"old.txt": "旧"})
    new = make_folder(tmp_path / "new", {"new.txt": "新"})
    rename = Path.rename

    def refuse_new(self: Path, destination: Path) -> Path:
        if self == new:
            raise PermissionError(13, "Permission denied")
        return rename(self, destination)

    monkeypatch.setattr(Path, "rename", refuse_new)
    with pytest.raises(PermissionError):
        replace_folder(new, target)
    assert [path.name for path in target.iterdir()] == ["old.txt"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["new", "site"]


@pytest.mark.parametrize(
    ("files", "top_folder", "refused"),
    [
        ({"a\\b.html": "x"}, "site", "含有换行或反斜杠"),
        ({"a\nb.html": "x"}, "site", "含有换行或反斜杠"),
        ({"index.html": "x"}, "../site", "只能用英文字母、数字、点和连字符"),
    ],
)
def test_what_an_archive_cannot_hold_is_refused_before_a_zip_is_written(
    files: dict[str, str], top_folder: str, refused: str, tmp_path: Path
) -> None:
    site = write_files(tmp_path / "site", files)
    with pytest.raises(ArchiveError, match=refused):
        archive_of(site, tmp_path / "out.zip", top_folder)
    assert not (tmp_path / "out.zip").exists()


def test_a_file_where_the_output_folder_should_be_is_refused(tmp_path: Path) -> None:
    (tmp_path / "site").write_text("我是文件", encoding="utf-8")
    with (
        pytest.raises(ArchiveError, match="已存在，但不是文件夹"),
        staging_folder(tmp_path / "site"),
    ):
        pass
    assert (tmp_path / "site").read_text(encoding="utf-8") == "我是文件"


# ---------------------------------------------------------------------------------------------
# Where a build comes from

COMMIT_DATE = "2024-05-01T08:30:15+00:00"


def commit_all(root: Path) -> str:
    """Make root a git checkout with everything in it committed; return the commit hash."""
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "数据", date=COMMIT_DATE)
    return git(root, "rev-parse", "HEAD")


# git is on every machine that builds this project; under CI a skip fails (conftest.py).
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_the_stamp_comes_from_the_last_commit(write_tree: WriteTree) -> None:
    revision = commit_all(write_tree({}))
    root = write_tree({})
    # The commit's time wins over the environment's: it is the date of that revision.
    stamp = source_stamp(root, {"SOURCE_DATE_EPOCH": "1"})
    assert stamp == SourceStamp(1714552215, Revision(revision, stamp.build_date))
    assert stamp.build_date == datetime(2024, 5, 1, 8, 30, 15, tzinfo=UTC)
    (root / "data" / "sources.yaml").write_text("sources: []\n", encoding="utf-8")
    assert source_stamp(root, {}).revision.dirty


def test_outside_git_an_explicit_source_date_epoch_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(archive_module, "source_revision", lambda root: UNKNOWN)
    assert source_stamp(tmp_path, {"SOURCE_DATE_EPOCH": "1714552215"}) == SourceStamp(1714552215)
    with pytest.raises(ArchiveError, match="不是秒数"):
        source_stamp(tmp_path, {"SOURCE_DATE_EPOCH": "2024-05-01"})
    with pytest.raises(ArchiveError, match="SOURCE_DATE_EPOCH=\\$\\(date \\+%s\\) showcase build"):
        source_stamp(tmp_path, {})


# ---------------------------------------------------------------------------------------------
# Real builds through the command line

MKDOCS_YML = """\
site_name: Test Union 测试站点
# With an address the sitemap lists every page with the build date.
site_url: https://example.org/
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - search:
      lang: zh
  - showcase/records
  - showcase/links
"""

DATA = """\
organizations:
  - id: steel-pipe
    name: 天津钢管公司
    sources: [{source: test-source}]
people:
  - id: li-gang
    name: 李刚
    organization: steel-pipe
    sources: [{source: test-source}]
studios:
  - id: steel-studio
    name: 天津钢管公司劳模创新工作室
    leader: li-gang
    organization: steel-pipe
    achievements:
      patents_granted: 30余项
    sources:
      - source: test-source
        quote: 现场“出诊”50余次
"""


@pytest.fixture
def checkout(write_tree: WriteTree) -> Path:
    """A small site, committed to git, with the build outputs ignored."""
    root = write_tree(
        {
            ".gitignore": "/site/\n/dist/\n/other/\n",
            "mkdocs.yml": MKDOCS_YML,
            "content/index.md": "# 首页\n\n见 [工作室](studios/index.md)。\n",
            "data/records.yaml": DATA,
        }
    )
    commit_all(root)
    return root


@needs_git
def test_a_file_name_the_archive_refuses_does_not_fail_a_build(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A backslash cannot go into the archive's checksum list, but a site may have it.
    (checkout / "content" / "a\\b.txt").write_text("x", encoding="utf-8")
    commit_all(checkout)

    assert main(["build", "--config", str(checkout / "mkdocs.yml")]) == 0
    assert (checkout / "site" / "a\\b.txt").read_text(encoding="utf-8") == "x"
    total = sum(1 for path in (checkout / "site").rglob("*") if path.is_file())
    assert f"（{total} 个文件；" in capsys.readouterr().out


def files_of(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@needs_git
def test_two_builds_of_a_commit_are_identical_file_by_file(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(checkout / "mkdocs.yml")
    assert main(["build", "--config", config]) == 0
    assert main(["build", "--config", config, "--site-dir", str(checkout / "other")]) == 0
    output = capsys.readouterr()
    assert output.err == ""
    assert output.out.splitlines()[0].startswith(f"网站已生成：{checkout / 'site'}（")

    first, second = files_of(checkout / "site"), files_of(checkout / "other")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # The date is the commit's, in the sitemap and in the compressed sitemap's header (which
    # MkDocs sets to midnight of the pages' date).
    assert b"<lastmod>2024-05-01</lastmod>" in first["sitemap.xml"]
    assert first["sitemap.xml.gz"][4:8] == (1714521600).to_bytes(4, "little")
    # Nothing is left beside the site.
    assert sorted(path.name for path in checkout.iterdir() if path.name.startswith(".")) == [
        ".git",
        ".gitignore",
    ]


@needs_git
def test_two_archives_of_a_commit_are_the_same_bytes_and_work_offline(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = str(checkout / "mkdocs.yml")
    assert main(["archive", "--config", config, "--output", str(checkout / "dist")]) == 0
    assert main(["archive", "--config", config, "--output", str(checkout / "other")]) == 0
    revision = git(checkout, "rev-parse", "HEAD")
    name = f"test-union-20240501-{revision[:12]}"
    first = (checkout / "dist" / f"{name}.zip").read_bytes()
    assert (checkout / "other" / f"{name}.zip").read_bytes() == first
    assert sorted(path.name for path in (checkout / "dist").iterdir()) == [f"{name}.zip"]
    output = capsys.readouterr().out
    assert output.startswith(f"离线版已生成：{checkout / 'dist' / name}.zip（{len(first)} 字节，")
    assert f"SHA-256：{hashlib.sha256(first).hexdigest()}" in output

    with zipfile.ZipFile(checkout / "dist" / f"{name}.zip") as archive:
        contents = {
            info.filename.removeprefix(f"{name}/"): archive.read(info)
            for info in archive.infolist()
        }
    # The offline plugin's file URLs and inlined index, and the shim served from the site.
    assert "studios/steel-studio.html" in contents
    assert contents["search/search_index.js"].startswith(b"var __index = {")
    index = contents["index.html"].decode("utf-8")
    assert '<script src="assets/javascripts/iframe-worker-shim.js"></script>' in index
    assert contents["assets/javascripts/iframe-worker-shim.js"].startswith(
        b"/*\n * iframe-worker 1.0.4"
    )
    assert [n for n, c in contents.items() if b"unpkg.com/iframe-worker" in c] == []
    readme = contents[README_NAME].decode("utf-8-sig")
    assert f"版本：{revision}\r\n" in readme
    assert f"打开解压出来的“{name}”文件夹" in readme
    manifest = json.loads(contents[JSON_MANIFEST_NAME])
    assert (manifest["revision"], manifest["build_date"]) == (revision, "2024-05-01T08:30:15Z")


BROKEN_DATA = """\
studios:
  - id: broken-studio
    name: 工作室
    leadr: li-gang
    sources: [{source: test-source}]
"""
RAISING_HOOK = """\
def on_post_build(config):
    raise KeyError("boom")
"""
WARNING_HOOK = """\
import logging

def on_post_build(config):
    logging.getLogger("mkdocs.hooks").warning("最后一刻的警告")
"""


@needs_git
@pytest.mark.parametrize(
    ("change", "logged", "printed"),
    [
        pytest.param(
            {"data/broken.yaml": BROKEN_DATA},
            "data/broken.yaml:4:5: studios[0].leadr: 未知字段“leadr”",
            "网站没有生成：原因见上面的错误。",
            id="data-error",
        ),
        pytest.param(
            {"content/index.md": "# 首页\n\n见 [别处](nowhere.md)。\n"},
            "contains a link 'nowhere.md', but the target is not found",
            "网站没有生成：原因见上面的错误。",
            id="broken-link-in-markdown",
        ),
        pytest.param(
            {"content/index.md": '# 首页\n\n<a href="nowhere.html">别处</a>\n'},
            "index.html: 链接“nowhere.html”",
            "网站没有生成：原因见上面的错误。",
            id="broken-link-found-after-every-file-is-written",
        ),
        pytest.param(
            {"content/totals.md": "# 手写\n"},
            "content/totals.md",
            "网站没有生成：原因见上面的错误。",
            id="plugin-error",
        ),
        pytest.param(
            {"hooks.py": RAISING_HOOK, "mkdocs.yml": MKDOCS_YML + "hooks:\n  - hooks.py\n"},
            None,
            "生成网站时程序出错（KeyError: 'boom'）",
            id="plugin-exception",
        ),
        pytest.param(
            {"hooks.py": WARNING_HOOK, "mkdocs.yml": MKDOCS_YML + "hooks:\n  - hooks.py\n"},
            "最后一刻的警告",
            "网站没有生成：严格模式下，上面的每条警告都算错误。",
            id="a-warning-in-strict-mode",
        ),
    ],
)
def test_a_failed_build_leaves_the_previous_site_as_it_was(
    checkout: Path,
    write_tree: WriteTree,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
    change: dict[str, str],
    logged: str | None,
    printed: str,
) -> None:
    config = str(checkout / "mkdocs.yml")
    site = make_folder(checkout / "site", {"index.html": "上一版", "sentinel.txt": "上一版"})
    before = files_of(site)

    write_tree(change, with_source=False)
    assert main(["build", "--config", config]) == 1

    assert files_of(site) == before
    assert sorted(path.name for path in checkout.iterdir() if path.name.startswith(".s")) == []
    errors = capsys.readouterr().err
    assert "Traceback" not in errors
    assert printed in errors
    assert errors.rstrip().endswith("原来的网站文件夹没有任何改动。")
    if logged is not None:
        assert logged in errors
        assert any(logged in record.getMessage() for record in caplog.records)
    caplog.clear()


@needs_git
def test_a_failed_archive_writes_nothing(
    checkout: Path,
    write_tree: WriteTree,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    write_tree({"data/broken.yaml": BROKEN_DATA}, with_source=False)
    config = str(checkout / "mkdocs.yml")
    assert main(["archive", "--config", config, "--output", str(checkout / "dist")]) == 1
    assert list((checkout / "dist").iterdir()) == []
    errors = capsys.readouterr().err
    assert "未知字段“leadr”" in errors
    assert errors.rstrip().endswith(f"{checkout / 'dist'} 里原有的压缩包没有任何改动。")
    caplog.clear()


def test_a_checkout_without_git_or_a_date_is_refused(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    # Even where the temporary folder lies inside some git checkout.
    monkeypatch.setattr(archive_module, "source_revision", lambda root: UNKNOWN)
    root = write_tree({"mkdocs.yml": MKDOCS_YML, "content/index.md": "# 首页\n"})
    assert main(["build", "--config", str(root / "mkdocs.yml")]) == 1
    assert "SOURCE_DATE_EPOCH=$(date +%s) showcase build" in capsys.readouterr().err
    assert not (root / "site").exists()


@needs_git
def test_an_archive_that_would_load_a_script_from_elsewhere_is_refused(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    polyfill = "extra:\n  polyfills:\n    - https://unpkg.com/iframe-worker/shim\n"
    root = write_tree({"mkdocs.yml": MKDOCS_YML + polyfill, "content/index.md": "# 首页\n"})
    commit_all(root)
    assert (
        main(["archive", "--config", str(root / "mkdocs.yml"), "--output", str(root / "dist")]) == 1
    )
    assert (
        "离线版不能从其他网站加载脚本，请从 extra.polyfills 中去掉：https://unpkg.com/iframe-worker/shim"
        in capsys.readouterr().err
    )
    assert list((root / "dist").iterdir()) == []
    caplog.clear()


@needs_git
def test_the_published_address_given_to_the_build_fills_the_sitemap(
    checkout: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The deployment knows where the site goes (pages.yml passes it); mkdocs.yml may not."""
    config = str(checkout / "mkdocs.yml")
    assert main(["build", "--config", config]) == 0
    written = (checkout / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/studios/steel-studio/</loc>" in written

    address = "https://example.org/union/"
    assert main(["build", "--config", config, "--site-url", address]) == 0
    sitemap = (checkout / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{address}</loc>" in sitemap
    assert f"<loc>{address}studios/steel-studio/</loc>" in sitemap
    assert "<loc>https://example.org/studios/" not in sitemap
    capsys.readouterr()
