"""The `showcase` command as editors and CI run it."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
import weakref
from pathlib import Path
from typing import Any

import pytest

from showcase import cli
from showcase.cli import main
from showcase.records.jsonschema import SCHEMA_PATH, data_file_schema
from showcase.records.loader import LoadResult
from tests.conftest import MISSPELT_FIELD_YAML, REPO_ROOT, WriteTree

BROKEN = MISSPELT_FIELD_YAML


def test_clean_data_exits_0(write_tree: WriteTree, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree({})
    assert main(["validate", "--root", str(root)]) == 0
    assert capsys.readouterr().out == "数据检查通过：1 个文件，1 条记录。\n"


def test_validate_lets_go_of_its_result_before_the_collector_runs_again(
    write_tree: WriteTree, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Switched on while the result lives, the collector would go through all of it once:
    # a quarter of a second at 100,000 records.
    results: list[weakref.ref[object]] = []
    alive_when_switched_on: list[bool] = []
    validate_site, enable = cli.validate_site, gc.enable

    def noted_validate_site(*arguments: Any, **options: Any) -> LoadResult:
        result = validate_site(*arguments, **options)
        results.append(weakref.ref(result))
        return result

    def noted_enable() -> None:
        alive_when_switched_on.extend(ref() is not None for ref in results)
        enable()

    monkeypatch.setattr(cli, "validate_site", noted_validate_site)
    monkeypatch.setattr(gc, "enable", noted_enable)
    assert main(["validate", "--root", str(write_tree({}))]) == 0
    assert capsys.readouterr().out == "数据检查通过：1 个文件，1 条记录。\n"
    assert gc.isenabled()
    assert alive_when_switched_on == [False]


def test_errors_exit_1_and_are_all_printed(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    root = write_tree(
        {"data/studios.yaml": BROKEN, "data/more.yaml": BROKEN.replace("steel", "iron")}
    )
    assert main(["validate", str(root / "data"), "--root", str(root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0] for line in lines[:-1]] == [
        "data/more.yaml:4:5",
        "data/studios.yaml:4:5",
    ]
    assert lines[-1] == "共发现 2 个问题（检查了 3 个文件）。请逐条修改后再提交。"


def test_single_file_paths(write_tree: WriteTree, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_tree({"data/studios.yaml": BROKEN})
    # Only the named file is read, so its reference to the source cannot resolve.
    assert main(["validate", str(root / "data/studios.yaml"), "--root", str(root)]) == 1
    output = capsys.readouterr().out
    assert "studios[0].leadr: 未知字段“leadr”" in output
    assert "找不到编号为“test-source”的来源" in output


def test_github_annotations(
    write_tree: WriteTree, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    root = write_tree({"data/studios.yaml": BROKEN})
    assert main(["validate", "--root", str(root)]) == 1
    annotations = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=data/studios.yaml,line=4,col=5,title=字段：unknown-field::studios[0].leadr: "
        "未知字段“leadr”。是不是想写“leader”？可用字段：id、sources、notes、not_duplicate_of、name、"
        "leader、organization、district、industry、level、named、founded、achievements、featured、"
        "description、photos。"
    ]


def test_missing_path_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nowhere"), "--root", str(tmp_path)]) == 2
    assert "文件或文件夹不存在" in capsys.readouterr().err


def test_console_script_prints_no_traceback(write_tree: WriteTree) -> None:
    root = write_tree({"data/studios.yaml": b"\xff\xfe\x00garbage: [\n"})
    completed = subprocess.run(
        [sys.executable, "-m", "showcase.cli", "validate"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stdout + completed.stderr
    assert "data/studios.yaml:1:1: 文件不是 UTF-8 编码" in completed.stdout


def test_json_schema_in_the_repo_is_up_to_date() -> None:
    committed = (REPO_ROOT / SCHEMA_PATH).read_text(encoding="utf-8")
    assert committed == data_file_schema(), "run `showcase schema` and commit the result"


def test_schema_check_fails_when_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / SCHEMA_PATH).parent.mkdir()
    (tmp_path / SCHEMA_PATH).write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 1
    assert main(["schema", "--root", str(tmp_path)]) == 0
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 0
    assert "不是最新的" in capsys.readouterr().err


def test_every_data_file_points_editors_to_the_schema() -> None:
    data_files = sorted((REPO_ROOT / "data").glob("*.yaml"))
    assert data_files
    for path in data_files:
        first_line = path.read_text(encoding="utf-8").split("\n", 1)[0]
        assert first_line == "# yaml-language-server: $schema=../schema/data.schema.json", path


def test_the_real_data_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--root", str(REPO_ROOT)]) == 0, capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (
            ["new", "stuido"],
            "showcase new：命令写得不对：参数 种类 不能是 'stuido'，只能是其中之一："
            "'studio', 'award', 'project', 'person', 'organization'\n"
            "运行 `showcase new --help` 查看写法。",
        ),
        (["validate", "--bogus"], "showcase：命令写得不对：不认识这些参数：--bogus"),
        ([], "showcase：命令写得不对：缺少参数：命令"),
        (["diff"], "showcase diff：命令写得不对：缺少参数：BASE"),
        (["new", "studio", "--id"], "参数 --id 后面要写一个值"),
    ],
)
def test_a_mistyped_command_is_explained_in_chinese(
    argv: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)

    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert error.startswith("用法：showcase")
    assert said in error


def test_help_is_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["new", "--help"])

    assert stopped.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("用法：showcase new")
    assert "参数:" in shown and "选项:" in shown
    assert re.search(r"-h, --help +显示这段说明后退出", shown)
    assert "usage" not in shown and "show this help" not in shown


@pytest.mark.parametrize("command", ["build", "archive"])
def test_a_missing_config_file_is_named(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "mkdocs.yml"

    assert main([command, "--config", str(config)]) == 2
    assert capsys.readouterr().err == f"{config}: 找不到 MkDocs 配置文件（用 --config 指定）。\n"
    assert list(tmp_path.iterdir()) == []  # nothing built, nothing written
