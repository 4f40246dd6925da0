"""The ``showcase`` command: check the data, write the JSON Schema, build the site and archive."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from showcase.archive import ArchiveError, source_stamp
from showcase.jsonschema import SCHEMA_PATH, data_file_schema
from showcase.validation import sorted_diagnostics, validate


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the return value is the exit status."""
    parser = argparse.ArgumentParser(prog="showcase", description="工会展示数据工具")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")

    validate_parser = commands.add_parser("validate", help="检查数据文件，报告全部问题")
    validate_parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="数据文件或文件夹（默认 data/）"
    )
    validate_parser.add_argument(
        "--root", type=Path, default=Path.cwd(), help="仓库根目录（默认当前目录）"
    )

    schema_parser = commands.add_parser("schema", help="生成编辑器使用的 JSON Schema")
    schema_parser.add_argument(
        "--check", action="store_true", help="只检查仓库中的 JSON Schema 是否为最新"
    )
    schema_parser.add_argument("--root", type=Path, default=Path.cwd(), help="仓库根目录")

    build_parser = commands.add_parser(
        "build", help="生成网站：日期取自最后一次提交，全部检查通过后才替换原来的网站"
    )
    _add_build_arguments(build_parser)
    build_parser.add_argument(
        "--site-dir", type=Path, help="输出文件夹（默认为 mkdocs.yml 的 site_dir）"
    )

    archive_parser = commands.add_parser(
        "archive", help="生成离线版压缩包（.zip）：解压后双击 index.html 即可浏览和搜索"
    )
    _add_build_arguments(archive_parser)
    archive_parser.add_argument(
        "--output", type=Path, default=Path("dist"), help="压缩包放在哪个文件夹（默认 dist/）"
    )
    archive_parser.add_argument(
        "--name",
        help="压缩包名称的开头，小写英文字母、数字和连字符；后面接日期和版本"
        "（默认取站点名中的英文字母，没有则为 showcase）",
    )

    arguments = parser.parse_args(argv)
    if arguments.command == "validate":
        return _validate(arguments.paths or [arguments.root / "data"], arguments.root)
    if arguments.command == "build":
        return _build(arguments.config, arguments.site_dir, verbose=arguments.verbose)
    if arguments.command == "archive":
        return _archive(
            arguments.config, arguments.output, name=arguments.name, verbose=arguments.verbose
        )
    return _schema(arguments.root / SCHEMA_PATH, check=arguments.check)


def _add_build_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs 配置文件（默认 mkdocs.yml）"
    )
    parser.add_argument(
        "--verbose", action="store_true", help="显示 MkDocs 的全部日志和程序出错的位置"
    )


def _validate(paths: list[Path], root: Path) -> int:
    missing = [path for path in paths if not path.exists()]
    if missing:
        for path in missing:
            print(f"{path}: 文件或文件夹不存在。", file=sys.stderr)
        return 2
    result = validate(paths, root)
    diagnostics = sorted_diagnostics(result)
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for diagnostic in diagnostics:
        print(diagnostic)
        if annotate:
            print(diagnostic.github_annotation())
    files = len(result.files)
    if diagnostics:
        print(f"共发现 {len(diagnostics)} 个问题（检查了 {files} 个文件）。请逐条修改后再提交。")
        return 1
    if files == 0:
        print("没有找到数据文件（.yaml）。", file=sys.stderr)
        return 2
    print(f"数据检查通过：{files} 个文件，{len(result.catalog)} 条记录。")
    return 0


def _build(config_file: Path, site_dir: Path | None, *, verbose: bool) -> int:
    # Imported here: MkDocs and Material load only for the commands that build.
    from showcase.mkdocs_plugins.commands import BuildFailed, build_site

    if not config_file.is_file():
        print(f"{config_file}: 找不到 MkDocs 配置文件（用 --config 指定）。", file=sys.stderr)
        return 2
    try:
        stamp = source_stamp(config_file.absolute().parent, os.environ)
        built = build_site(config_file, site_dir, stamp=stamp, verbose=verbose)
    except (ArchiveError, BuildFailed) as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"网站已生成：{built.site_dir}（{built.file_count} 个文件；"
        f"版本 {stamp.short_revision}，日期 {stamp.build_date:%Y-%m-%d}）。"
    )
    return 0


def _archive(config_file: Path, output: Path, *, name: str | None, verbose: bool) -> int:
    # Imported here: MkDocs and Material load only for the commands that build.
    from showcase.mkdocs_plugins.commands import BuildFailed, build_archive

    if not config_file.is_file():
        print(f"{config_file}: 找不到 MkDocs 配置文件（用 --config 指定）。", file=sys.stderr)
        return 2
    try:
        stamp = source_stamp(config_file.absolute().parent, os.environ)
        archive = build_archive(config_file, output, stamp=stamp, name=name, verbose=verbose)
    except (ArchiveError, BuildFailed) as error:
        print(error, file=sys.stderr)
        return 1
    print(
        f"离线版已生成：{archive.path}（{archive.size} 字节，{archive.file_count} 个文件）\n"
        f"SHA-256：{archive.sha256}"
    )
    return 0


def _schema(path: Path, *, check: bool) -> int:
    expected = data_file_schema()
    if check:
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != expected:
            print(f"{path} 不是最新的。请运行 `showcase schema` 重新生成并提交。", file=sys.stderr)
            return 1
        print(f"{path} 是最新的。")
        return 0
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(expected, encoding="utf-8")
    print(f"已写入 {path}。")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
