"""The ``showcase`` command: check the data, write the JSON Schema, build the site and archive."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from showcase.editing.skeleton import KINDS_BY_NAME, add_record
from showcase.records.diagnostics import safe_lines, safe_path, safe_text
from showcase.records.errors import ShowcaseError
from showcase.records.jsonschema import SCHEMA_PATH, data_file_schema
from showcase.records.loader import LoadResult
from showcase.records.validation import collector_paused, sorted_diagnostics
from showcase.site.archive import SourceStamp, source_stamp
from showcase.site.layout import validate_site


class _ChineseHelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


# argparse's own messages, which an editor sees after a typo such as `showcase new stuido`.
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"unrecognized arguments: (.*)"), r"不认识这些参数：\1"),
    (re.compile(r"the following arguments are required: (.*)"), r"缺少参数：\1"),
    (
        re.compile(r"argument (.*?): invalid choice: (.*) \(choose from (.*)\)"),
        r"参数 \1 不能是 \2，只能是其中之一：\3",
    ),
    (re.compile(r"argument (.*?): expected one argument"), r"参数 \1 后面要写一个值"),
    (re.compile(r"argument (.*?): invalid (\w+) value: (.*)"), r"参数 \1 的值 \3 不对"),
    (re.compile(r"ambiguous option: (.*?) could match (.*)"), r"选项 \1 不完整，可能是：\2"),
)


class _ChineseArgumentParser(argparse.ArgumentParser):
    """argparse in Chinese: usage, help and the mistakes it reports (exit status 2)."""

    def __init__(
        self,
        *args: Any,
        parents: Sequence[argparse.ArgumentParser] = (),
        help_option: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("formatter_class", _ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if help_option:
            self.add_argument("-h", "--help", action="help", help="显示这段说明后退出")
        # After -h, into the groups just named: argparse would add them before either.
        for parent in parents:
            self._add_container_actions(parent)
            self._defaults.update(parent._defaults)

    def error(self, message: str) -> NoReturn:
        message = safe_text(message)  # it quotes the arguments as typed
        for pattern, chinese in _ARGPARSE_MESSAGES:
            if pattern.fullmatch(message):
                message = pattern.sub(chinese, message)
                break
        self.print_usage(sys.stderr)
        self.exit(
            2, f"{self.prog}：命令写得不对：{message}\n运行 `{self.prog} --help` 查看写法。\n"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; the return value is the exit status."""
    arguments = _parser().parse_args(argv)
    try:
        return _run(arguments)
    except ShowcaseError as error:
        print(safe_text(str(error)), file=sys.stderr)
        return error.exit_status


def _parser() -> _ChineseArgumentParser:
    parser = _ChineseArgumentParser(prog="showcase", description="工会展示数据工具")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令", title="命令")
    # The commands that read the repository share one --root.
    in_repository = _ChineseArgumentParser(help_option=False)
    in_repository.add_argument(
        "--root", type=Path, default=Path.cwd(), help="仓库根目录（默认当前目录）"
    )
    # The commands that build share --config and --verbose.
    building = _ChineseArgumentParser(help_option=False)
    building.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="MkDocs 配置文件（默认 mkdocs.yml）"
    )
    building.add_argument(
        "--verbose", action="store_true", help="显示 MkDocs 的全部日志和程序出错的位置"
    )

    validate_parser = commands.add_parser(
        "validate", parents=[in_repository], help="检查数据文件，报告全部问题"
    )
    validate_parser.add_argument(
        "paths", nargs="*", type=Path, metavar="PATH", help="数据文件或文件夹（默认 data/）"
    )

    commands.add_parser(
        "schema",
        parents=[in_repository, _checking("JSON Schema")],
        help="生成编辑器使用的 JSON Schema",
    )

    build_parser = commands.add_parser(
        "build",
        parents=[building],
        help="生成网站：日期取自最后一次提交，全部检查通过后才替换原来的网站",
    )
    build_parser.add_argument(
        "--site-dir", type=Path, help="输出文件夹（默认为 mkdocs.yml 的 site_dir）"
    )
    build_parser.add_argument(
        "--site-url",
        help="网站发布的正式网址，如 https://example.org/（用于二维码、站点地图和订阅链接；"
        "默认为 mkdocs.yml 的 site_url）",
    )
    build_parser.add_argument(
        "--workers",
        type=_positive_int,
        help="同时生成页面的进程数（默认为本机可用的处理器数）；结果与进程数无关",
    )

    serve_parser = commands.add_parser(
        "serve",
        parents=[building],
        help="本地预览：生成网站并在修改数据或页面后只更新受影响的文件",
    )
    serve_parser.add_argument(
        "--dev-addr",
        default="127.0.0.1:8000",
        help="预览地址，主机:端口（默认 127.0.0.1:8000）",
    )
    serve_parser.add_argument(
        "--site-dir", type=Path, help="预览文件夹（默认为 mkdocs.yml 的 site_dir）"
    )
    serve_parser.add_argument(
        "--workers",
        type=_positive_int,
        help="同时生成页面的进程数（默认为本机可用的处理器数）",
    )

    archive_parser = commands.add_parser(
        "archive",
        parents=[building],
        help="生成离线版压缩包（.zip）：解压后双击 index.html 即可浏览和搜索",
    )
    archive_parser.add_argument(
        "--output", type=Path, default=Path("dist"), help="压缩包放在哪个文件夹（默认 dist/）"
    )
    archive_parser.add_argument(
        "--name",
        help="压缩包名称的开头，小写英文字母、数字和连字符；后面接日期和版本"
        "（默认取站点名中的英文字母，没有则为 showcase）",
    )

    new_parser = commands.add_parser(
        "new",
        parents=[in_repository],
        help="加一条待填写的新记录：记录文件夹（如 data/studios/）已有时新建一个记录文件，"
        "否则加在列表文件的末尾，原有内容和注释保持不变",
    )
    new_parser.add_argument(
        "kind",
        metavar="种类",
        choices=tuple(KINDS_BY_NAME),
        help="记录的种类：studio 工作室、award 荣誉、project 项目、person 人物、organization 单位",
    )
    new_parser.add_argument(
        "--id", dest="record_id", help="新记录的编号（默认自动生成，如 studio-005）"
    )
    new_parser.add_argument(
        "--file",
        type=Path,
        help="写入哪个文件（默认为 data/ 下这类记录的文件，如 data/studios.yaml）；"
        "写记录文件夹里的文件（如 data/studios/tj-studio.yaml）时，文件名就是编号",
    )
    where = new_parser.add_mutually_exclusive_group()
    where.add_argument(
        "--folder",
        dest="folder",
        action="store_const",
        const=True,
        help="新建一个记录文件 data/<种类>/<编号>.yaml（一个文件一条记录）",
    )
    where.add_argument(
        "--list",
        dest="folder",
        action="store_const",
        const=False,
        help="加在列表文件（如 data/studios.yaml）的末尾",
    )

    split_parser = commands.add_parser(
        "split",
        parents=[in_repository],
        help="把列表文件里的记录拆开，每条记录移到自己的文件 data/<种类>/<编号>.yaml："
        "值、注释都不变，移动前后逐条核对",
    )
    split_parser.add_argument(
        "list_file", type=Path, metavar="列表文件", help="要拆分的列表文件，如 data/studios.yaml"
    )
    split_parser.add_argument(
        "--dry-run", action="store_true", help="只列出会怎样移动，不写入任何文件"
    )

    import_parser = commands.add_parser(
        "import",
        parents=[in_repository],
        help="把 Excel（.xlsx）或 CSV 表格中的名单导入为记录：先检查每一格，全部通过才写入",
        description="表头一行按字段的中文名称（姓名、工作单位、荣誉称号、授予年份、级别……）"
        "对应到字段；每行成为一条记录（荣誉名单还会按需新建人物和单位）。发现问题时逐格报告，"
        "不写入任何文件。",
    )
    import_parser.add_argument(
        "file", type=Path, metavar="表格文件", help="要导入的 .xlsx 或 .csv 文件"
    )
    import_parser.add_argument(
        "--mapping",
        type=Path,
        metavar="映射文件",
        help="YAML 文件，写明表头与字段的对应，如“列: {获奖人: 姓名, 备注: 忽略}”",
    )
    import_parser.add_argument(
        "--kind", metavar="种类", help="记录种类，如 awards（荣誉）、people（人物）；默认按表头判断"
    )
    import_parser.add_argument(
        "--sheet", metavar="工作表", help="导入哪个工作表（文件中有几个工作表有内容时必须写）"
    )
    import_parser.add_argument(
        "--source",
        metavar="来源编号",
        help="名单出自哪个来源（data/sources.yaml 中的编号），新记录都引用它",
    )
    import_parser.add_argument(
        "--dry-run", action="store_true", help="预演：只显示会添加哪些记录，不写入文件"
    )

    commands.add_parser(
        "guide",
        parents=[in_repository, _checking("CONTRIBUTING.md")],
        help="生成编辑指南 CONTRIBUTING.md",
    )

    diff_parser = commands.add_parser(
        "diff",
        parents=[in_repository],
        help="比较两个版本的数据：增删改了哪些记录、网站上哪些总数变了、引入了哪些错误",
    )
    diff_parser.add_argument(
        "base", metavar="BASE", help="原来的版本：提交编号、分支名或标签，如 origin/main、HEAD~1"
    )
    diff_parser.add_argument(
        "head", nargs="?", metavar="HEAD", help="新的版本（默认为工作区中现在的文件）"
    )
    diff_parser.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text：在终端阅读（默认）；markdown：作为拉取请求的评论",
    )
    diff_parser.add_argument("--output", type=Path, help="写入这个文件，而不是显示在屏幕上")
    diff_parser.add_argument(
        "--fail-on-errors", action="store_true", help="引入了新的错误时以状态 1 退出"
    )
    return parser


def _positive_int(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"“{text}”不是正整数")
    return value


def _checking(generated: str) -> _ChineseArgumentParser:
    """The --check option of a command that writes a generated file into the repository."""
    parent = _ChineseArgumentParser(help_option=False)
    parent.add_argument(
        "--check", action="store_true", help=f"只检查仓库中的 {generated} 是否为最新"
    )
    return parent


def _run(arguments: argparse.Namespace) -> int:
    if arguments.command == "diff":
        from showcase.editing.diff import run_diff  # loads the site's totals only for this command

        return run_diff(
            arguments.root,
            arguments.base,
            arguments.head,
            output_format=arguments.format,
            output=arguments.output,
            fail_on_errors=arguments.fail_on_errors,
        )
    if arguments.command == "validate":
        return _validate(arguments.paths or [arguments.root / "data"], arguments.root)
    if arguments.command == "build":
        return _build(
            arguments.config,
            arguments.site_dir,
            site_url=arguments.site_url,
            verbose=arguments.verbose,
            workers=arguments.workers,
        )
    if arguments.command == "serve":
        return _serve(
            arguments.config,
            arguments.site_dir,
            dev_addr=arguments.dev_addr,
            workers=arguments.workers,
        )
    if arguments.command == "archive":
        return _archive(
            arguments.config, arguments.output, name=arguments.name, verbose=arguments.verbose
        )
    if arguments.command == "new":
        return _new(
            arguments.kind,
            arguments.root,
            arguments.file,
            arguments.record_id,
            folder=arguments.folder,
        )
    if arguments.command == "split":
        return _split(arguments.list_file, arguments.root, dry_run=arguments.dry_run)
    if arguments.command == "guide":
        return _guide(arguments.root, check=arguments.check)
    if arguments.command == "import":
        return _import(arguments)
    return _schema(arguments.root / SCHEMA_PATH, check=arguments.check)


def _validate(paths: list[Path], root: Path) -> int:
    missing = [path for path in paths if not path.exists()]
    if missing:
        for path in missing:
            print(f"{safe_path(str(path))}: 文件或文件夹不存在。", file=sys.stderr)
        return 2
    # The collector stays off until the result is gone. Were it back on while the result
    # lives, its first pass would go through every object made since it stopped (millions
    # at 100,000 records: a quarter of a second, and not one cycle among them).
    with collector_paused():
        return _report(validate_site(paths, root))


def _report(result: LoadResult) -> int:
    """Print the problems and warnings of ``result`` and a summary; the exit status."""
    diagnostics = sorted_diagnostics(result)
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for diagnostic in diagnostics:
        print(diagnostic)
        if annotate:
            print(diagnostic.github_annotation())
    for warning in sorted(set(result.warnings)):
        print(f"{warning}（这是警告，不影响检查结果，但请核对）")
        if annotate:
            print("::warning " + warning.github_annotation().removeprefix("::error "))
    files = len(result.files)
    if diagnostics:
        print(f"共发现 {len(diagnostics)} 个问题（检查了 {files} 个文件）。请逐条修改后再提交。")
        return 1
    if files == 0:
        print("没有找到数据文件（.yaml）。", file=sys.stderr)
        return 2
    warned = f"另有 {len(result.warnings)} 个警告，请核对。" if result.warnings else ""
    print(f"数据检查通过：{files} 个文件，{len(result.catalog)} 条记录。{warned}")
    return 0


def _build(
    config_file: Path,
    site_dir: Path | None,
    *,
    site_url: str | None,
    verbose: bool,
    workers: int | None = None,
) -> int:
    # Imported here: MkDocs and Material load only for the commands that build.
    from showcase.mkdocs_plugins.commands import build_site

    def run(stamp: SourceStamp) -> str:
        built = build_site(
            config_file,
            site_dir,
            stamp=stamp,
            verbose=verbose,
            site_url=site_url,
            workers=workers,
        )
        return (
            f"网站已生成：{built.site_dir}（{built.file_count} 个文件；"
            f"版本 {stamp.short_revision}，日期 {stamp.build_date:%Y-%m-%d}）。"
        )

    return _run_build(config_file, run)


def _serve(config_file: Path, site_dir: Path | None, *, dev_addr: str, workers: int | None) -> int:
    import threading

    from showcase.mkdocs_plugins.commands import serve_site

    if not config_file.is_file():
        print(
            f"{safe_path(str(config_file))}: 找不到 MkDocs 配置文件（用 --config 指定）。",
            file=sys.stderr,
        )
        return 2
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit():
        print(
            f"--dev-addr “{safe_text(dev_addr)}”应写成 主机:端口，如 127.0.0.1:8000。",
            file=sys.stderr,
        )
        return 2
    root = config_file.absolute().parent
    stop = threading.Event()
    try:
        serve_site(
            config_file,
            site_dir,
            host=host,
            port=int(port),
            stamp=lambda: source_stamp(root, os.environ),
            report=lambda line: print(safe_lines(line), flush=True),
            stop=stop,
            workers=workers,
        )
    except KeyboardInterrupt:
        stop.set()
    return 0


def _archive(config_file: Path, output: Path, *, name: str | None, verbose: bool) -> int:
    from showcase.mkdocs_plugins.commands import build_archive

    def run(stamp: SourceStamp) -> str:
        archive = build_archive(config_file, output, stamp=stamp, name=name, verbose=verbose)
        return (
            f"离线版已生成：{archive.path}（{archive.size} 字节，{archive.file_count} 个文件）\n"
            f"SHA-256：{archive.sha256}"
        )

    return _run_build(config_file, run)


def _run_build(config_file: Path, run: Callable[[SourceStamp], str]) -> int:
    """Date the build by the checkout of config_file, run it and report; the exit status."""
    if not config_file.is_file():
        print(
            f"{safe_path(str(config_file))}: 找不到 MkDocs 配置文件（用 --config 指定）。",
            file=sys.stderr,
        )
        return 2
    print(safe_lines(run(source_stamp(config_file.absolute().parent, os.environ))))
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


def _new(
    kind_name: str, root: Path, file: Path | None, record_id: str | None, *, folder: bool | None
) -> int:
    added = add_record(
        KINDS_BY_NAME[kind_name], root, path=file, record_id=record_id, folder=folder
    )
    shown = added.path.absolute()
    if shown.is_relative_to(root.absolute()):
        shown = shown.relative_to(root.absolute())
    where = (
        f"已新建记录文件 {safe_path(shown.as_posix())}"
        if added.new_file
        else f"已在 {safe_path(shown.as_posix())} 第 {added.line} 行添加一条新记录"
    )
    print(
        f"{where}，编号 {added.record_id}。\n"
        f"请填写标有“必填”的字段（{'、'.join(added.placeholders)}）；需要的可选字段，"
        "删掉行首的“# ”再填写。填好后运行 showcase validate 检查。"
    )
    return 0


def _import(arguments: argparse.Namespace) -> int:
    from showcase.editing.importing import ImportOptions, parse_kind, run_import

    options = ImportOptions(
        kind=parse_kind(arguments.kind) if arguments.kind else None,
        sheet=arguments.sheet,
        source=arguments.source,
    )
    status, text = run_import(
        arguments.file,
        arguments.root,
        options,
        mapping=arguments.mapping,
        dry_run=arguments.dry_run,
    )
    print(text, end="", file=sys.stderr if status == 2 else sys.stdout)
    return status


def _split(list_file: Path, root: Path, *, dry_run: bool) -> int:
    from showcase.editing.split import plan_split, split_list_file

    plan = plan_split(list_file, root) if dry_run else split_list_file(list_file, root)

    def shown(path: Path) -> str:
        absolute = path.absolute()
        if absolute.is_relative_to(root.absolute()):
            absolute = absolute.relative_to(root.absolute())
        return safe_path(absolute.as_posix())

    for record in plan.records:
        print(f"{shown(plan.list_file)} 第 {record.line} 行 → {shown(record.path)}")
    verb = "将移动" if dry_run else "已移动"
    if plan.remaining is None:
        left = f"列表文件 {shown(plan.list_file)} 里不再有别的内容，{'将被' if dry_run else '已'}删除。"
    else:
        left = f"列表文件 {shown(plan.list_file)} 保留其余内容。"
    print(f"{verb} {len(plan.records)} 条记录，每条的值都核对过没有变化。{left}")
    if dry_run:
        print("这只是预览，没有写入任何文件；去掉 --dry-run 再运行即可移动。")
    return 0


def _guide(root: Path, *, check: bool) -> int:
    from showcase.editing.guide import write_guide

    path, current = write_guide(root, check=check)
    if check and not current:
        print(f"{path} 不是最新的。请运行 `showcase guide` 重新生成并提交。", file=sys.stderr)
        return 1
    print(f"{path} 是最新的。" if current else f"已写入 {path}。")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
