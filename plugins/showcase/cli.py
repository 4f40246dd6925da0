"""The ``showcase`` command: check the data, write the JSON Schema."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

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

    arguments = parser.parse_args(argv)
    if arguments.command == "validate":
        return _validate(arguments.paths or [arguments.root / "data"], arguments.root)
    return _schema(arguments.root / SCHEMA_PATH, check=arguments.check)


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
