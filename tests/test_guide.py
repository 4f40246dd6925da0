"""CONTRIBUTING.md: generated, current, and complete for every field and every error."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import BaseModel

import showcase
import showcase.site.markers
from showcase.cli import main
from showcase.editing.guide import (
    ERRORS,
    GUIDE_PATH,
    ErrorHelp,
    GuideError,
    documented_codes,
    example_diagnostic,
    render_guide,
)
from showcase.editing.skeleton import field_docs
from showcase.records.schema import DataFile, RecordKind, record_model
from tests.conftest import REPO_ROOT

PACKAGE = Path(showcase.__file__).parent


@pytest.fixture(scope="module")
def guide() -> str:
    """The guide as the code would write it now."""
    return render_guide()


def test_the_committed_guide_is_up_to_date(guide: str) -> None:
    committed = (REPO_ROOT / GUIDE_PATH).read_bytes().decode("utf-8")
    assert committed == guide, "run `showcase guide` and commit CONTRIBUTING.md"


def test_guide_check_fails_when_stale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / GUIDE_PATH).write_text("# 旧的指南\n", encoding="utf-8")
    assert main(["guide", "--check", "--root", str(tmp_path)]) == 1
    assert "不是最新的。请运行 `showcase guide`" in capsys.readouterr().err
    assert main(["guide", "--root", str(tmp_path)]) == 0
    assert main(["guide", "--check", "--root", str(tmp_path)]) == 0
    assert (tmp_path / GUIDE_PATH).read_text(encoding="utf-8") == render_guide()


# --- every diagnostic code is explained --------------------------------------------------


def codes_in_the_code(package: Path = PACKAGE) -> dict[str, str]:
    """Every diagnostic code the package can report, with the file that reports it.

    Found by reading the source: each ``code=`` argument and each Diagnostic built with
    its code in seventh place; a name in such an expression (a table of codes) counts
    with every string of its module-level value.
    """
    found: dict[str, str] = {}
    for path in sorted(package.rglob("*.py")):
        if path.name == "guide.py":
            continue  # the guide's own examples are not reported by the checks
        tree = ast.parse(path.read_text(encoding="utf-8"))
        tables = {
            target.id: node.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            expressions = [k.value for k in node.keywords if k.arg == "code"]
            if _called_name(node) == "Diagnostic" and len(node.args) >= 7:
                expressions.append(node.args[6])
            for expression in expressions:
                for code in _strings(expression, tables):
                    found.setdefault(code, path.relative_to(package).as_posix())
    return found


def _called_name(call: ast.Call) -> str:
    function = call.func
    return function.id if isinstance(function, ast.Name) else getattr(function, "attr", "")


def _strings(expression: ast.expr, tables: dict[str, ast.expr]) -> Iterator[str]:
    for node in ast.walk(expression):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.value
        elif isinstance(node, ast.Name) and node.id in tables:
            table = tables[node.id]
            values = table.values if isinstance(table, ast.Dict) else [table]
            for value in values:
                if isinstance(value, ast.expr):
                    yield from _strings(value, tables)


def test_the_source_scan_finds_the_codes_it_should() -> None:
    codes = codes_in_the_code()
    # One of each way a code is written: a literal, a table's value, a table's default.
    assert codes["unknown-field"] == "records/loader.py"
    assert codes["not-allowed"] == "records/loader.py"
    assert codes["invalid-value"] == "records/loader.py"
    assert codes["personal-number"] == "records/privacy.py"
    assert codes["look-alike"] == "records/checks.py"
    assert codes["tab-indent"] == "records/yamlsource.py"


def test_a_new_code_anywhere_in_the_package_is_found(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "new_check.py").write_text(
        "CODES = {'a': 'from-a-table'}\n"
        "def check(loaded, kind):\n"
        "    loaded.error((), '…', code='brand-new')\n"
        "    loaded.error((), '…', code=CODES.get(kind, 'table-default'))\n"
        "    return Diagnostic('p', 1, 1, '', '…', None, 'built-directly')\n",
        encoding="utf-8",
    )
    codes = codes_in_the_code(tmp_path)
    assert codes == dict.fromkeys(
        ["brand-new", "from-a-table", "table-default", "built-directly"], "sub/new_check.py"
    )


def test_every_diagnostic_code_is_in_the_guide(guide: str) -> None:
    undocumented = {
        code: where
        for code, where in codes_in_the_code().items()
        if f"#### `{code}`：" not in guide
    }
    assert not undocumented, (
        "add an ErrorHelp for each of these codes to plugins/showcase/editing/guide.py, "
        f"then run `showcase guide`: {undocumented}"
    )


def test_the_guide_explains_no_code_that_does_not_exist() -> None:
    assert sorted(set(documented_codes()) - set(codes_in_the_code())) == []
    assert len(list(documented_codes())) == len(set(documented_codes()))


@pytest.mark.parametrize("help_", ERRORS, ids=[h.code for h in ERRORS])
def test_each_example_produces_its_code_and_the_guide_shows_the_message(
    help_: ErrorHelp, guide: str
) -> None:
    diagnostic = example_diagnostic(help_)
    assert diagnostic.code == help_.code
    assert f"```text\n{diagnostic}\n```" in guide
    assert "showcase-guide-" not in str(diagnostic)  # no temporary folder leaks into it


def test_an_example_that_stops_producing_its_code_fails_loudly() -> None:
    wrong = ErrorHelp("unknown-field", "未知字段", "", files={"data/studios.yaml": "studios:\n"})
    with pytest.raises(GuideError, match="does not produce it"):
        example_diagnostic(wrong)


# --- every field is explained --------------------------------------------------------------


def models() -> Iterator[type[BaseModel]]:
    """Every record model and every part nested in one, once."""
    seen: set[type[BaseModel]] = set()
    pending: list[type[BaseModel]] = [record_model(kind) for kind in RecordKind]
    while pending:
        model = pending.pop(0)
        if model in seen:
            continue
        seen.add(model)
        yield model
        pending.extend(doc.part for doc in field_docs(model) if doc.part is not None)


def test_every_field_of_every_record_and_part_is_in_the_guide(guide: str) -> None:
    fields = guide.split("## 九、字段说明", 1)[1].split("## 十、", 1)[0]
    missing = [
        f"{model.__name__}.{name}"
        for model in models()
        for name, info in model.model_fields.items()
        if f"| `{name}` | {info.title} | {'必填' if info.is_required() else '可选'} |" not in fields
    ]
    assert missing == []
    for kind in RecordKind:
        assert f"### {DataFile.model_fields[kind.value].title}（`{kind.value}`）" in fields


def test_the_field_reference_comes_from_the_schema(guide: str) -> None:
    fields = guide.split("## 九、字段说明", 1)[1].split("## 十、", 1)[0]
    # A description, the allowed values of an enumeration and a reference.
    assert (
        "| `level` | 级别 | 可选 | 荣誉的级别。直辖市（如天津市）授予的荣誉为省级。"
        "只能写：全国级、省级、市级、区县级、街道乡镇级、企业级。 |"
    ) in fields
    assert (
        "| `status` | 状态 | 可选 | 有效 或 已撤销，来源写明时才填；不写时网站不显示状态。"
        in fields
    )
    assert "只能写：有效、已撤销。 |" in fields
    # No field has a default: a value nobody wrote is never filled in (issue 11).
    assert "不写时为" not in fields
    assert (
        "| `leader` | 领衔劳模 | 可选 | 领衔的劳动模范。填写 people 中某条记录的编号（id）。 |"
        in (fields)
    )


# --- the rest of the guide ------------------------------------------------------------------


def test_the_marker_syntax_comes_from_the_markers_module(guide: str) -> None:
    doc = showcase.site.markers.__doc__ or ""
    chinese = doc.split("\n\n", 2)[2].split("\nFor developers:", 1)[0].strip()
    assert "## 在手写页面中引用数据\n\n" + chinese in guide
    assert "For developers" not in guide


def test_the_blank_records_are_the_skeletons(guide: str) -> None:
    assert "```yaml\n  - id: studio-001 " in guide
    assert "```yaml\n  - id: award-001 " in guide


def test_placeholders_are_checked() -> None:
    with pytest.raises(GuideError, match="unknown placeholder"):
        render_guide("<!-- guide:fields -->\n<!-- guide:errors -->\n<!-- guide:nonsense -->\n")
    with pytest.raises(GuideError, match="placeholders missing: forms, markers"):
        render_guide("<!-- guide:fields -->\n<!-- guide:errors -->\n")


def test_the_guide_tells_where_it_comes_from(guide: str) -> None:
    assert guide.startswith("<!-- 本文件由 `showcase guide` 生成，请勿直接修改")
    assert "plugins/showcase/editing/guide_template.md" in guide.split("\n", 1)[0]
