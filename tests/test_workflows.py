"""The GitHub workflows and the editors' tool settings: they cannot run here, so read them.

Every workflow is parsed, its structure checked (triggers, permissions, pinned actions),
and every `make` target and `showcase` subcommand it runs is looked up in the Makefile and
in the real command-line parser, so that renaming either breaks a test, not CI.
"""

from __future__ import annotations

import contextlib
import fnmatch
import inspect
import io
import json
import re
import shlex
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jieba
import pytest
import yaml

from showcase.cli import main
from tests.conftest import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"
WORKFLOW_FILES = sorted(WORKFLOWS.glob("*.yml"))
# owner/repo@<full commit SHA> # vX.Y.Z: the version in the comment is for people.
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40}$")
VERSION_COMMENT = re.compile(r"#\s*v\d+\.\d+\.\d+\s*$")
LOCAL_WORKFLOW = re.compile(r"^\./\.github/workflows/[\w.-]+\.ya?ml$")
JIEBA_CACHE = "/tmp/jieba.cache"


def load(path: Path) -> dict[str, Any]:
    """A workflow as data. YAML 1.1 reads the key `on` as True: it is put back as "on"."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:
        data["on"] = data.pop(True)
    return data


def workflow(name: str) -> dict[str, Any]:
    """One workflow by file name."""
    return load(WORKFLOWS / name)


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    """The steps of a job (a job that calls a reusable workflow has none)."""
    return list(job.get("steps", []))


def all_steps() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(file, job id, step) for every step of every workflow."""
    for path in WORKFLOW_FILES:
        for job_id, job in load(path)["jobs"].items():
            for step in steps(job):
                yield path.name, job_id, step


def commands(script: str) -> Iterator[list[str]]:
    """The simple commands of a shell script, as words; expressions become a placeholder."""
    script = re.sub(r"\$\{\{.*?\}\}", "EXPRESSION", script).replace("\\\n", " ")
    for line in script.splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        for part in re.split(r"&&|\|\||;|\|", line):
            words = shlex.split(part)
            if words:
                yield words


def run_commands() -> Iterator[tuple[str, str, list[str]]]:
    """(file, job id, words) of every command any workflow step runs."""
    for name, job_id, step in all_steps():
        for words in commands(step.get("run", "")):
            yield name, job_id, words


def makefile_targets() -> set[str]:
    """The targets the Makefile defines (rules and .PHONY), without variable-named ones."""
    text = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    targets: set[str] = set()
    for line in text.splitlines():
        if line.startswith(("\t", "#", " ")):
            continue
        match = re.match(r"^([^:=#]+?)\s*:(?!=)", line)
        if match:
            targets.update(t for t in match.group(1).split() if "$" not in t)
        if line.startswith(".PHONY:"):
            targets.update(line.split(":", 1)[1].split())
    return targets


def showcase_help(subcommand: str) -> str:
    """The --help text of a subcommand; fails the test when there is no such subcommand."""
    out = io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(out),
        pytest.raises(SystemExit) as exit_info,
    ):
        main([subcommand, "--help"])
    assert exit_info.value.code == 0, f"`showcase {subcommand}` does not exist:\n{out.getvalue()}"
    return out.getvalue()


def check_showcase_command(words: list[str], where: str) -> None:
    """The subcommand exists and takes every option written after it."""
    assert len(words) > 1, where
    subcommand = words[1]
    help_text = showcase_help(subcommand)
    for word in words[2:]:
        if word.startswith("--"):
            option = word.split("=", 1)[0]
            assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", help_text), (
                f"{where}: `showcase {subcommand}` has no option {option}"
            )


# --- every workflow ------------------------------------------------------------------------


def test_the_expected_workflows_exist() -> None:
    assert [path.name for path in WORKFLOW_FILES] == [
        "pages.yml",
        "pull-request.yml",
        "test.yml",
    ]
    assert not list(WORKFLOWS.glob("*.yaml"))  # one spelling, so that none is overlooked


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_each_workflow_is_least_privilege_by_default(path: Path) -> None:
    data = load(path)
    assert data["name"]
    assert data["on"]
    assert data["permissions"] == {"contents": "read"}
    for job_id, job in data["jobs"].items():
        assert job.get("permissions") != "write-all", job_id
        if "uses" not in job:
            assert job.get("timeout-minutes"), f"{path.name}: {job_id} has no timeout"
            assert job["runs-on"] == "ubuntu-24.04", f"{path.name}: {job_id}"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    uses_lines = [line for line in lines if re.match(r"^\s*(?:-\s+)?uses:", line)]
    assert uses_lines
    for line in uses_lines:
        reference = line.split("uses:", 1)[1].split("#", 1)[0].strip()
        if reference.startswith("./"):
            assert LOCAL_WORKFLOW.match(reference), line
            assert (REPO_ROOT / reference).is_file(), line
            continue
        assert PINNED.match(reference), f"{path.name}: not pinned to a full commit SHA: {line}"
        assert VERSION_COMMENT.search(line), f"{path.name}: say which version the SHA is: {line}"


def test_one_action_is_pinned_to_one_commit_everywhere() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOW_FILES:
        for match in re.finditer(
            r"uses:\s*([\w./-]+)@([0-9a-f]{40})\s*#\s*(\S+)", path.read_text()
        ):
            pins.setdefault(match.group(1), set()).add(f"{match.group(2)} {match.group(3)}")
    assert pins
    assert {action: len(versions) for action, versions in pins.items()} == dict.fromkeys(pins, 1)


def test_no_expression_is_pasted_into_a_shell_script() -> None:
    # ${{ … }} inside `run:` is pasted into the script before the shell reads it: a branch
    # name or a title could then run commands. Values go through `env:` instead.
    for name, job_id, step in all_steps():
        assert "${{" not in step.get("run", ""), f"{name}: {job_id}: {step.get('name')}"


def test_every_make_target_run_exists() -> None:
    targets = makefile_targets()
    assert {"site", "archive", "test"} <= targets
    used = set()
    for name, job_id, words in run_commands():
        if words[0] == "make":
            for word in words[1:]:
                if not word.startswith("-") and "=" not in word:
                    assert word in targets, f"{name}: {job_id}: no make target {word!r}"
                    used.add(word)
    assert used == {"site", "archive", "test"}


def test_every_showcase_command_run_exists() -> None:
    used = []
    for name, job_id, words in run_commands():
        if Path(words[0]).name == "showcase":
            assert words[0] == ".venv/bin/showcase", "the .venv that `make` installs"
            check_showcase_command(words, f"{name}: {job_id}")
            used.append(words[1])
    assert sorted(used) == ["diff", "validate"]


def test_the_command_check_catches_a_missing_subcommand_and_option() -> None:
    with pytest.raises(AssertionError, match="does not exist"):
        check_showcase_command([".venv/bin/showcase", "publish"], "test")
    with pytest.raises(AssertionError, match="has no option --colour"):
        check_showcase_command([".venv/bin/showcase", "diff", "x", "--colour"], "test")


def test_commands_are_split_as_the_shell_would() -> None:
    script = 'make site && .venv/bin/showcase diff "origin/$BASE" --output d.md # note\ncat d.md'
    assert list(commands(script)) == [
        ["make", "site"],
        [".venv/bin/showcase", "diff", "origin/$BASE", "--output", "d.md"],
        ["cat", "d.md"],
    ]


def test_python_is_3_11_with_pip_cached_on_the_lock_file() -> None:
    setups = [
        step
        for _, _, step in all_steps()
        if step.get("uses", "").startswith("actions/setup-python@")
    ]
    assert setups
    for step in setups:
        assert step["with"] == {
            "python-version": "3.11",
            "cache": "pip",
            "cache-dependency-path": "requirements.lock",
        }
    test_job = workflow("test.yml")["jobs"]["test"]
    assert test_job["container"]["image"].startswith("python:3.11-")
    (pip_cache,) = [s for s in steps(test_job) if s.get("with", {}).get("path") == "~/.cache/pip"]
    assert "hashFiles('requirements.lock')" in pip_cache["with"]["key"]


def test_jieba_cache_is_kept_where_jieba_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # jieba has no setting of its own for the folder: it takes the temporary folder, which
    # on the CI runners (no TMPDIR) is /tmp.
    for name in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(tempfile, "tempdir", None)
    tokenizer = jieba.Tokenizer()
    assert (tokenizer.tmp_dir, tokenizer.cache_file) == (None, None)
    source = inspect.getsource(jieba.Tokenizer.initialize)
    assert 'cache_file = "jieba.cache"' in source
    assert "self.tmp_dir or tempfile.gettempdir()" in source
    assert Path(tempfile.gettempdir(), "jieba.cache") == Path(JIEBA_CACHE)
    building_jobs = 0
    for path in WORKFLOW_FILES:
        for job_id, job in load(path)["jobs"].items():
            runs = " ".join(step.get("run", "") for step in steps(job))
            if "make" not in runs:
                continue
            building_jobs += 1
            caches = [s for s in steps(job) if s.get("uses", "").startswith("actions/cache@")]
            jieba_caches = [s for s in caches if s["with"]["path"] == JIEBA_CACHE]
            assert len(jieba_caches) == 1, f"{path.name}: {job_id}"
            assert "hashFiles('requirements.lock')" in jieba_caches[0]["with"]["key"]
            assert "TMPDIR" not in json.dumps(job), "the cache path assumes the default TMPDIR"
    assert building_jobs == 3


def test_only_the_test_job_installs_a_browser() -> None:
    for name, job_id, step in all_steps():
        text = step.get("run", "")
        if (name, job_id) == ("test.yml", "test"):
            continue
        assert "make test" not in text
        for word in ("chromium", "apt-get", "browser-deps", "playwright"):
            assert word not in text, f"{name}: {job_id} does not need a browser"
    (test_step,) = [s for s in steps(workflow("test.yml")["jobs"]["test"]) if "run" in s][1:]
    assert test_step["run"].strip() == "make test"


# --- pull requests -------------------------------------------------------------------------


def test_pull_requests_are_checked_compared_and_previewed() -> None:
    data = workflow("pull-request.yml")
    assert set(data["on"]) == {"pull_request"}
    check = data["jobs"]["check"]
    assert "permissions" not in check  # the workflow's read-only default
    checkout = steps(check)[0]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"] == {"fetch-depth": 0, "persist-credentials": False}
    by_id = {step["id"]: step for step in steps(check) if "id" in step}
    assert by_id["build"]["run"] == "make site"
    assert by_id["validate"]["run"] == ".venv/bin/showcase validate"
    assert by_id["diff"]["env"] == {"BASE_REF": "${{ github.base_ref }}"}
    assert by_id["diff"]["run"] == (
        '.venv/bin/showcase diff "origin/$BASE_REF" --format markdown --output diff.md'
    )
    assert by_id["archive"]["run"] == "make archive"
    # A data error must not hide the other results: those steps run on and fail the job last.
    assert by_id["build"]["continue-on-error"] is True
    assert by_id["validate"]["continue-on-error"] is True
    last = steps(check)[-1]
    assert "steps.validate.outcome == 'failure'" in last["if"]
    assert last["run"].rstrip().endswith("exit 1")
    runs = [step.get("run", "") for step in steps(check)]
    assert 'cat diff.md >> "$GITHUB_STEP_SUMMARY"' in runs
    uploads = {
        step["with"]["name"]: step["with"]["path"]
        for step in steps(check)
        if step.get("uses", "").startswith("actions/upload-artifact@")
    }
    assert uploads == {
        "showcase-diff": "diff.md",
        "site-preview": "site/",
        "offline-archive": "dist/*.zip",
    }
    assert check["outputs"] == {"diff": "${{ steps.diff.outcome }}"}


def test_the_comment_is_one_comment_updated_and_skipped_for_forks() -> None:
    data = workflow("pull-request.yml")
    comment = data["jobs"]["comment"]
    assert comment["needs"] == "check"
    assert comment["permissions"] == {"pull-requests": "write"}
    assert "github.event.pull_request.head.repo.full_name == github.repository" in comment["if"]
    assert "!cancelled()" in comment["if"]  # also when the check failed
    assert not any("run" in step for step in steps(comment))  # none of the PR's code runs
    (script_step,) = [s for s in steps(comment) if s["uses"].startswith("actions/github-script@")]
    script = script_step["with"]["script"]
    assert "const marker = '<!-- showcase-diff -->';" in script
    for call in ("listComments", "updateComment", "createComment", "github.paginate"):
        assert call in script
    assert "error.status !== 403" in script  # a read-only token warns, it does not fail
    assert data["jobs"]["test"] == {"name": "全部测试", "uses": "./.github/workflows/test.yml"}
    assert data["concurrency"]["cancel-in-progress"] is True


def test_the_test_workflow_is_reusable_and_runs_make_test() -> None:
    data = workflow("test.yml")
    assert set(data["on"]) == {"workflow_call"}
    job = data["jobs"]["test"]
    assert any("safe.directory" in step.get("run", "") for step in steps(job))
    assert job["container"]["options"] == "--shm-size=1g"


# --- main: GitHub Pages ----------------------------------------------------------------------


def test_main_is_built_tested_and_deployed_to_pages() -> None:
    data = workflow("pages.yml")
    assert data["on"]["push"] == {"branches": ["main"]}
    assert "workflow_dispatch" in data["on"]
    assert data["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = data["jobs"]["build"], data["jobs"]["deploy"]
    assert "permissions" not in build
    assert [s["run"] for s in steps(build) if "run" in s] == ["make site"]
    (upload,) = [s for s in steps(build) if "upload-pages-artifact@" in s.get("uses", "")]
    assert upload["with"] == {"path": "site/"}
    assert deploy["needs"] == ["test", "build"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    (deploy_step,) = steps(deploy)
    assert deploy_step["uses"].startswith("actions/deploy-pages@")
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    assert deploy_step["id"] == "deployment"


def test_dependabot_keeps_the_pins_current() -> None:
    data = yaml.safe_load((REPO_ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert data["version"] == 2
    assert [u["package-ecosystem"] for u in data["updates"]] == ["github-actions"]


# --- before the pull request: pre-commit and VS Code -----------------------------------------


def test_pre_commit_runs_existing_commands_on_the_right_files() -> None:
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert set(hooks) == {"showcase-validate", "showcase-schema", "showcase-guide"}
    for hook in hooks.values():
        assert hook["language"] == "system"
        assert hook["pass_filenames"] is False
        words = shlex.split(hook["entry"])
        assert words[0] == ".venv/bin/showcase"
        check_showcase_command(words, hook["id"])
    matches = {
        hook_id: [
            path
            for path in (
                "data/studios.yaml",
                "data/sources/tianjin-unions-article-2013.txt",
                "plugins/showcase/records/schema.py",
                "plugins/showcase/editing/guide_template.md",
                "CONTRIBUTING.md",
                "README.md",
            )
            if re.search(hook["files"], path)
        ]
        for hook_id, hook in hooks.items()
    }
    assert matches == {
        "showcase-validate": ["data/studios.yaml", "data/sources/tianjin-unions-article-2013.txt"],
        "showcase-schema": ["plugins/showcase/records/schema.py"],
        "showcase-guide": [
            "plugins/showcase/records/schema.py",
            "plugins/showcase/editing/guide_template.md",
            "CONTRIBUTING.md",
        ],
    }


def test_vscode_maps_the_schema_to_the_data_files() -> None:
    settings = json.loads((REPO_ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    ((schema, globs),) = settings["yaml.schemas"].items()
    assert (REPO_ROOT / schema).resolve() == (REPO_ROOT / "schema" / "data.schema.json")
    data_files = [p.relative_to(REPO_ROOT).as_posix() for p in (REPO_ROOT / "data").glob("*.yaml")]
    assert data_files
    assert all(any(fnmatch.fnmatch(f, glob) for glob in globs) for f in data_files)
    # What the loader refuses, the editor never writes: tabs, a BOM, CRLF, no final newline.
    assert settings["[yaml]"]["editor.insertSpaces"] is True
    assert settings["[yaml]"]["editor.detectIndentation"] is False
    assert settings["files.encoding"] == "utf8"  # VS Code's name for UTF-8 without a BOM
    assert settings["files.eol"] == "\n"
    assert settings["files.insertFinalNewline"] is True
    extensions = json.loads((REPO_ROOT / ".vscode" / "extensions.json").read_text("utf-8"))
    assert extensions["recommendations"] == ["redhat.vscode-yaml"]


BUILD_CACHE = ".cache/showcase-build"


def test_previews_of_pull_requests_start_from_the_pages_of_main() -> None:
    # Main's build saves the build cache under its commit; a pull request restores the
    # newest of main's (by the same key prefix) before it builds, and never saves one.
    (pages_job,) = [
        job for job in workflow("pages.yml")["jobs"].values() if "make site" in str(job)
    ]
    (saved,) = [s for s in steps(pages_job) if s.get("with", {}).get("path") == BUILD_CACHE]
    assert saved["uses"].startswith("actions/cache@")
    prefix = saved["with"]["restore-keys"]
    assert saved["with"]["key"] == prefix + "${{ github.sha }}"
    names = [s.get("name") for s in steps(pages_job)]
    assert names.index(saved["name"]) < names.index("Build the site")

    (check_job,) = [
        job for job in workflow("pull-request.yml")["jobs"].values() if "make site" in str(job)
    ]
    (restored,) = [s for s in steps(check_job) if s.get("with", {}).get("path") == BUILD_CACHE]
    assert restored["uses"].startswith("actions/cache/restore@")
    assert restored["with"]["restore-keys"] == prefix
    assert restored["with"]["key"].startswith(prefix)
    names = [s.get("name") for s in steps(check_job)]
    assert names.index(restored["name"]) < names.index("Build the site")
    # The folder the workflows keep is the one the records plugin writes by default.
    from showcase.mkdocs_plugins.records.config import RecordsConfig

    assert RecordsConfig.build_cache_dir.default == BUILD_CACHE
