"""The offline archive: a built site as one reproducible zip, and builds that replace a site whole.

An archive is what an archivist keeps for ten years: a zip that opens by double-clicking
``index.html`` after unzipping, with a manifest to check it by and a README in Chinese. Two
archives of the same commit are the same bytes: entries sorted, one fixed timestamp (the
commit's, from ``SOURCE_DATE_EPOCH``), fixed permissions, one compression level, no extra
fields and no folder entries. (The deflate stream comes from zlib; another zlib version may
compress differently, which the manifest, hashing the contents, does not notice.)

Nothing here knows MkDocs: it takes folders and dates, and the git checkout they come from
(read by :mod:`showcase.records.revision`, which also names the data's version on the site).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import uuid
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from showcase.records.errors import ShowcaseError
from showcase.records.revision import UNKNOWN, Revision, source_revision
from showcase.site.urls import case_insensitive_key, windows_name_problem

README_NAME = "说明.txt"
SHA256_MANIFEST_NAME = "MANIFEST.sha256"
JSON_MANIFEST_NAME = "manifest.json"
ARCHIVE_FILES = (README_NAME, JSON_MANIFEST_NAME, SHA256_MANIFEST_NAME)

# The earliest and latest moments a zip (MS-DOS) timestamp can hold.
ZIP_EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
ZIP_LATEST = datetime(2107, 12, 31, 23, 59, 58, tzinfo=UTC)
# Deflate's highest level: an archive is written once and kept for years.
COMPRESS_LEVEL = 9
FILE_MODE = 0o644
# "Made on Unix": unzip tools read the permission bits only from such entries.
_UNIX = 3
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_READ_CHUNK = 1 << 20


class ArchiveError(ShowcaseError):
    """An archive or build cannot be made as asked; the message says why, in Chinese."""


# ---------------------------------------------------------------------------------------------
# Where a build comes from


@dataclass(frozen=True)
class SourceStamp:
    """The commit a build comes from and the date it carries in every output."""

    epoch: int  # seconds since 1970, UTC: what SOURCE_DATE_EPOCH is set to
    revision: Revision = UNKNOWN

    @property
    def build_date(self) -> datetime:
        """The date as an aware UTC datetime."""
        return datetime.fromtimestamp(self.epoch, UTC)

    @property
    def revision_label(self) -> str:
        """The revision as recorded in an archive: the full id, ``-dirty`` when not committed."""
        return self.revision.commit + ("-dirty" if self.revision.dirty else "")

    @property
    def short_revision(self) -> str:
        """The revision as it appears in file names and on the site."""
        return self.revision.short


def source_stamp(root: Path, environ: Mapping[str, str]) -> SourceStamp:
    """The stamp of the checkout at root: the last commit and its time.

    In a git checkout the commit's time wins over the environment, so that the date always
    matches the revision. Outside one (an exported tarball, no git installed) an explicit
    ``SOURCE_DATE_EPOCH`` is used; without one the build is refused rather than dated by
    the clock, which would make every build different.
    """
    revision = source_revision(root)
    if revision.committed is not None:
        return SourceStamp(int(revision.committed.timestamp()), revision)
    explicit = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if explicit:
        if not explicit.isdigit():
            raise ArchiveError(
                f"环境变量 SOURCE_DATE_EPOCH 的值“{explicit}”不是秒数（应为从 1970-01-01 UTC 起的整数秒）。"
            )
        return SourceStamp(int(explicit))
    raise ArchiveError(
        f"无法从 git 得到 {root} 最后一次提交的时间（不是 git 仓库、还没有提交或没有安装 git），"
        "网站的生成日期因此不确定。请在 git 仓库里运行，"
        "或者明确指定日期，例如：SOURCE_DATE_EPOCH=$(date +%s) showcase build"
    )


def archive_folder_name(name: str, stamp: SourceStamp) -> str:
    """The zip's top folder and file name: ``<name>-<YYYYMMDD>-<revision>``, all ASCII."""
    if not _NAME.fullmatch(name):
        raise ArchiveError(
            f"压缩包名称“{name}”只能由小写英文字母、数字和连字符组成（例如 tianjin-union），"
            "这样在任何电脑和光盘上文件名都不会变成乱码。"
        )
    return f"{name}-{stamp.build_date:%Y%m%d}-{stamp.short_revision}"


def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits of text joined by hyphens; may be empty."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


# ---------------------------------------------------------------------------------------------
# Replacing a folder whole


# Leftovers of a run that was killed (kill -9, a cancelled CI job, a power cut) carry the
# process id of their run, so that the next run can tell them from a live run's: it removes
# those whose process is gone, and never a folder of a run still going. Names without an id
# were made by versions before this one, and count as left over.
_RUN = r"(?:(?P<pid>[0-9]+)-)?[A-Za-z0-9_]+"
ARCHIVE_SCRATCH_PREFIX = ".showcase-archive-"
# The folder an archive is built in, and the zip while it is written.
ARCHIVE_LEFTOVERS = (
    re.compile(rf"{re.escape(ARCHIVE_SCRATCH_PREFIX)}{_RUN}"),
    re.compile(rf"\..+\.zip\.{_RUN}\.part"),
)


def staging_leftovers(target: Path) -> re.Pattern[str]:
    """Names of the new and old folders that a build of target puts beside it."""
    return re.compile(rf"{re.escape(f'.{target.name}.')}(?:new|old)-{_RUN}")


def remove_leftovers(folder: Path, *patterns: re.Pattern[str]) -> list[Path]:
    """Remove what killed runs left in folder under names the patterns match; return them."""
    removed: list[Path] = []
    try:
        paths = sorted(folder.iterdir())
    except OSError:
        return removed
    for path in paths:
        match = next(filter(None, (pattern.fullmatch(path.name) for pattern in patterns)), None)
        if match is None:
            continue
        pid = match.group("pid")
        if pid is not None and not _process_is_gone(int(pid)):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def _process_is_gone(pid: int) -> bool:
    """True when no process on this machine has this id; when unsure, it is alive."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False  # another user's process, or the system will not say
    return False


@contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """Yield a new empty folder beside target; if the block succeeds, it replaces target.

    The folder is on the same file system, so that the swap is two renames: the old folder
    is moved aside, the new one takes its name, then the old one is deleted. If the block
    raises, or a rename fails, target is left exactly as it was and the new folder removed.
    What killed builds of target left beside it is removed first (see remove_leftovers).
    """
    target = target.absolute()
    if target.exists() and not target.is_dir():
        raise ArchiveError(f"{target} 已存在，但不是文件夹；请换一个输出位置。")
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent, staging_leftovers(target))
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-{os.getpid()}-", dir=target.parent))
    try:
        yield staging
        replace_folder(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def replace_folder(new: Path, target: Path) -> None:
    """Put folder new in target's place; on any error target stays as it was."""
    backup: Path | None = None
    if target.exists():
        backup = target.with_name(f".{target.name}.old-{os.getpid()}-{uuid.uuid4().hex[:12]}")
        target.rename(backup)
    try:
        new.rename(target)
    except BaseException:
        if backup is not None:
            backup.rename(target)
        raise
    if backup is not None:
        shutil.rmtree(backup, ignore_errors=True)


@contextmanager
def scratch_folder(output_dir: Path) -> Iterator[Path]:
    """A temporary folder in output_dir for building an archive, removed afterwards.

    What killed archive runs left in output_dir (folders and ``.part`` files) goes first.
    """
    output_dir.mkdir(parents=True, exist_ok=True)
    remove_leftovers(output_dir, *ARCHIVE_LEFTOVERS)
    prefix = f"{ARCHIVE_SCRATCH_PREFIX}{os.getpid()}-"
    with tempfile.TemporaryDirectory(prefix=prefix, dir=output_dir) as folder:
        yield Path(folder)


# ---------------------------------------------------------------------------------------------
# The manifest


@dataclass(frozen=True, order=True)
class ManifestEntry:
    """One file of the archive, its path relative to the top folder."""

    path: str
    size: int
    sha256: str


def site_files(site_dir: Path) -> list[str]:
    """Every file under site_dir as a relative POSIX path, sorted by code point.

    Code point order is the byte order of UTF-8, so it does not depend on the file system,
    the locale or the order in which folders list their files.
    """
    found: list[str] = []
    # An archive is unpacked on Windows and macOS too, whose file systems ignore case.
    seen: dict[str, str] = {}
    for folder, folders, files in os.walk(site_dir, followlinks=False):
        for name in (*files, *folders):
            path = Path(folder, name)
            relative = path.relative_to(site_dir).as_posix()
            if path.is_symlink():
                raise ArchiveError(f"{relative} 是符号链接；压缩包只收文件，请换成真正的文件。")
            if "\n" in name or "\\" in name:
                raise ArchiveError(f"文件名“{relative}”含有换行或反斜杠，无法写进校验清单。")
            problem = windows_name_problem(name)
            if problem is not None:
                raise ArchiveError(f"“{relative}”在 Windows 上无法解压：{problem}。请改名。")
            earlier = seen.setdefault(case_insensitive_key(relative), relative)
            if earlier != relative:
                raise ArchiveError(
                    f"“{earlier}”与“{relative}”只差大小写，在 Windows 和 macOS 上解压时"
                    "会互相覆盖。请改名。"
                )
        found.extend(Path(folder, name).relative_to(site_dir).as_posix() for name in files)
    return sorted(found)


def file_entry(path: Path, relative: str) -> ManifestEntry:
    """The size and SHA-256 of one file, read in chunks."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_READ_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return ManifestEntry(relative, size, digest.hexdigest())


def bytes_entry(relative: str, content: bytes) -> ManifestEntry:
    """The size and SHA-256 of content that is written into the archive directly."""
    return ManifestEntry(relative, len(content), hashlib.sha256(content).hexdigest())


def sha256sum_manifest(entries: list[ManifestEntry]) -> str:
    """The lines ``sha256sum -c`` reads: hash, two spaces, path; sorted by path."""
    return "".join(f"{entry.sha256}  {entry.path}\n" for entry in sorted(entries))


def json_manifest(
    entries: list[ManifestEntry], *, revision: str, build_date: datetime, top_folder: str
) -> str:
    """The manifest for programs: where the files come from, and each one's size and hash."""
    document = {
        "name": top_folder,
        "revision": revision,
        "build_date": _iso_utc(build_date),
        "source_date_epoch": int(build_date.timestamp()),
        "file_count": len(entries),
        "files": [
            {"path": entry.path, "size": entry.size, "sha256": entry.sha256}
            for entry in sorted(entries)
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _iso_utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------------------------------
# The README


def offline_readme(*, site_name: str, top_folder: str, revision: str, build_date: datetime) -> str:
    """The Chinese README of an archive: how to open it, and how to check that it is whole."""
    day = build_date.astimezone(UTC)
    return f"""\
{site_name}（离线版）

版本：{revision}
版本日期：{day.year}年{day.month}月{day.day}日（{_iso_utc(day)}）

一、怎样打开
1. 先把整个压缩包解压（在压缩包上点右键，选“全部解压缩”或“解压到当前文件夹”）。
   请不要在压缩包里直接双击网页：那样页面之间的链接和搜索都不能用。
2. 打开解压出来的“{top_folder}”文件夹，双击 index.html，
   它会用电脑上的浏览器（Edge、Chrome、Firefox、360 浏览器等）打开。
3. 不需要联网，也不需要安装任何软件。点击页面上的链接浏览，
   页面右上角的搜索框可以按姓名、单位、工作室或荣誉名称查找。
   整个文件夹可以复制到 U 盘、内网电脑或刻录到光盘，打开方法相同。

二、怎样核对文件完整、没有被改动
每个文件的 SHA-256 校验值记在 {SHA256_MANIFEST_NAME} 里；{JSON_MANIFEST_NAME} 还记有版本、日期和每个文件的大小。
- Linux：在这个文件夹里运行
    sha256sum -c {SHA256_MANIFEST_NAME}
  每一行都应显示“OK”（或“成功”）。macOS 上用：shasum -a 256 -c {SHA256_MANIFEST_NAME}
- Windows：在这个文件夹里按住 Shift 点右键，选“在此处打开 PowerShell 窗口”，运行
    Get-Content {SHA256_MANIFEST_NAME} -Encoding UTF8 | ForEach-Object {{ $h, $f = $_ -split '  ', 2; if ((Get-FileHash -Algorithm SHA256 -LiteralPath $f).Hash -ne $h) {{ "不一致：$f" }} }}
  没有任何输出，就说明全部文件完好。
  也可以逐个核对：Get-FileHash index.html（或 certutil -hashfile index.html SHA256），
  把显示的值与 {SHA256_MANIFEST_NAME} 中同名文件的那一行对照（不区分大小写）。
"""


def readme_bytes(text: str) -> bytes:
    """The README as Notepad on a Chinese Windows reads it: UTF-8 with a BOM, CRLF lines."""
    return "\ufeff".encode() + text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


# ---------------------------------------------------------------------------------------------
# The zip


@dataclass(frozen=True)
class ArchiveInfo:
    """A written archive: where it is, how big, what it holds."""

    path: Path
    size: int
    sha256: str
    file_count: int  # entries in the zip, the README and manifests included
    top_folder: str


def write_archive(
    site_dir: Path,
    zip_path: Path,
    *,
    top_folder: str,
    revision: str,
    build_date: datetime,
    readme_text: str,
) -> ArchiveInfo:
    """Write site_dir, a README and the manifests into zip_path, under top_folder/.

    The zip is written to a temporary file beside zip_path and renamed over it only when
    complete: a failure leaves no partial zip, and an older zip of that name intact.
    """
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", top_folder):
        raise ArchiveError(f"压缩包顶层文件夹名“{top_folder}”只能用英文字母、数字、点和连字符。")
    if build_date.tzinfo is None:
        raise ValueError("build_date must be timezone-aware")
    names = site_files(site_dir)
    clashes = sorted(set(names) & set(ARCHIVE_FILES))
    if clashes:
        raise ArchiveError(
            f"网站根目录里已有 {'、'.join(clashes)}，与压缩包的说明或校验清单同名，请改名。"
        )
    entries = [file_entry(site_dir / name, name) for name in names]
    readme = readme_bytes(readme_text)
    entries.append(bytes_entry(README_NAME, readme))
    json_text = json_manifest(
        entries, revision=revision, build_date=build_date, top_folder=top_folder
    ).encode("utf-8")
    generated = {README_NAME: readme, JSON_MANIFEST_NAME: json_text}
    sha_text = sha256sum_manifest([*entries, bytes_entry(JSON_MANIFEST_NAME, json_text)])
    generated[SHA256_MANIFEST_NAME] = sha_text.encode("utf-8")
    expected = {entry.path: entry for entry in entries}
    date_time = _zip_date_time(build_date)

    zip_path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary_name = tempfile.mkstemp(
        prefix=f".{zip_path.name}.{os.getpid()}-", suffix=".part", dir=zip_path.parent
    )
    temporary = Path(temporary_name)
    try:
        with os.fdopen(descriptor, "w+b") as stream:
            with zipfile.ZipFile(stream, "w") as archive:
                for name in sorted([*names, *generated]):
                    content = generated.get(name)
                    if content is None:
                        content = (site_dir / name).read_bytes()
                        if bytes_entry(name, content) != expected[name]:
                            raise ArchiveError(f"{name} 在打包过程中被修改了，请重新生成。")
                    archive.writestr(
                        _zip_info(f"{top_folder}/{name}", date_time),
                        content,
                        compresslevel=COMPRESS_LEVEL,
                    )
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(FILE_MODE)
        temporary.replace(zip_path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(zip_path.parent)
    return ArchiveInfo(
        path=zip_path,
        size=zip_path.stat().st_size,
        sha256=file_entry(zip_path, zip_path.name).sha256,
        file_count=len(names) + len(generated),
        top_folder=top_folder,
    )


def _zip_date_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    clamped = min(max(moment.astimezone(UTC), ZIP_EARLIEST), ZIP_LATEST)
    return (
        clamped.year,
        clamped.month,
        clamped.day,
        clamped.hour,
        clamped.minute,
        clamped.second,
    )


def _zip_info(name: str, date_time: tuple[int, int, int, int, int, int]) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.create_system = _UNIX
    info.external_attr = (stat.S_IFREG | FILE_MODE) << 16
    return info


def _sync_folder(folder: Path) -> None:
    """Make a rename in folder survive a power cut, where the system can (not on Windows)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
