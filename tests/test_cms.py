"""The form editor's configuration, generated from the schema, and its place in the site."""

from __future__ import annotations

import json
import re
import subprocess
import textwrap
import zipfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.exceptions import Abort
from pydantic import BaseModel

from showcase.editing.cms import (
    Backend,
    CmsConfigError,
    CmsSettings,
    cms_config,
    collection,
    iter_form_fields,
    quantity_pattern,
)
from showcase.mkdocs_plugins.commands import build_archive
from showcase.records.quantities import parse_quantity
from showcase.records.schema import Level, RecordKind, Units, model_inside, record_model
from showcase.records.validation import validate
from showcase.records.yamlsource import load_yaml
from showcase.site.archive import SourceStamp
from tests.conftest import REPO_ROOT, WriteTree, build_into

CMS_DIR = REPO_ROOT / "cms"
BUNDLE = CMS_DIR / "node_modules" / "decap-cms" / "dist"
GITHUB = CmsSettings(Backend("github", "tianjin-union/showcase"))


def needs_bundle() -> None:
    """The tests that build /admin/ need `npm ci` in cms/ (make test does it)."""
    if not (BUNDLE / "decap-cms.js").exists():
        pytest.skip("cms/node_modules is missing: `make test` installs it with npm ci")


def schema_fields(model: type[BaseModel], prefix: str = "") -> list[str]:
    """Every field of a model and of the parts inside it, as dotted names."""
    names = []
    for name, info in model.model_fields.items():
        names.append(f"{prefix}{name}")
        inner = model_inside(info.annotation)
        if inner is not None:
            names += schema_fields(inner, f"{prefix}{name}.")
    return names


def field_of(kind: RecordKind, path: str) -> dict[str, Any]:
    fields = collection(kind)["fields"]
    *parents, name = path.split(".")
    for parent in parents:
        fields = next(entry for entry in fields if entry["name"] == parent)["fields"]
    return next(entry for entry in fields if entry["name"] == name)


@pytest.mark.parametrize("kind", list(RecordKind))
def test_every_field_of_the_schema_is_in_the_form(kind: RecordKind) -> None:
    expected = schema_fields(record_model(kind))
    form = list(iter_form_fields(collection(kind)["fields"]))
    assert len(expected) > 3
    assert sorted(form) == sorted(expected)
    # Labels are the schema's Chinese titles, never the English field names.
    for entry in collection(kind)["fields"]:
        assert re.search("[\u4e00-\u9fff]", entry["label"]), entry


def test_each_kind_is_a_folder_collection_named_by_id() -> None:
    config = cms_config(GITHUB)
    assert [c["name"] for c in config["collections"]] == [kind.value for kind in RecordKind]
    studios = config["collections"][3]
    assert studios["folder"] == "data/studios"
    assert (studios["extension"], studios["format"], studios["create"]) == ("yaml", "yaml", True)
    assert studios["slug"] == "{{id}}"
    assert studios["label"] == "劳模创新工作室"
    assert config["locale"] == "zh_Hans"
    assert config["publish_mode"] == "editorial_workflow"
    assert config["media_folder"] == "content/photos"
    assert "local_backend" not in config


def test_widgets_follow_the_types() -> None:
    studios = RecordKind.STUDIOS
    assert field_of(studios, "leader") | {"hint": ""} == {
        "name": "leader",
        "label": "领衔劳模",
        "hint": "",
        "required": False,
        "widget": "relation",
        "collection": "people",
        "value_field": "id",
        "search_fields": ["name", "id"],
        "display_fields": ["name", "id"],
        "options_length": 50,
    }
    assert field_of(studios, "name")["required"] is True
    assert field_of(studios, "level")["options"] == [
        {"label": level.value, "value": level.value} for level in Level
    ]
    assert field_of(studios, "named")["pattern"][0] == r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$"
    assert field_of(studios, "featured")["widget"] == "boolean"
    assert field_of(studios, "achievements")["widget"] == "object"
    assert field_of(studios, "achievements.operation_methods")["field"]["widget"] == "string"
    description = field_of(studios, "description")
    assert description["widget"] == "markdown"
    assert description["editor_components"] == []  # no image inside the text
    assert "image" not in description["buttons"]
    assert field_of(studios, "notes")["widget"] == "text"
    photo = field_of(studios, "photos")
    assert photo["widget"] == "list"
    assert {entry["name"]: entry["widget"] for entry in photo["fields"]} == {
        "file": "image",
        "caption": "string",
        "alt": "string",
        "shows_identifiable_people": "boolean",
        "consent": "boolean",
        "credit": "string",
    }
    sources = field_of(studios, "sources")
    assert (sources["required"], sources["min"]) == (True, 1)
    assert "min" not in photo
    assert sources["fields"][0]["widget"] == "relation"
    assert sources["fields"][0]["collection"] == "sources"
    # Several of one kind: a relation that stores a list of ids.
    partners = field_of(RecordKind.PROJECTS, "partners")
    assert (partners["widget"], partners["multiple"]) == ("relation", True)
    # Several kinds: an id with its pattern, checked on the pull request.
    recipient = field_of(RecordKind.AWARDS, "recipient")
    assert recipient["widget"] == "string"
    assert "人物、单位" in recipient["pattern"][1]
    counts = field_of(RecordKind.FIGURES, "counts_records")
    assert {"label": "劳模创新工作室", "value": "studios"} in counts["options"]


def _quantities_in_data() -> list[str]:
    found = []
    for path in sorted((REPO_ROOT / "data").glob("*.yaml")):
        text = path.read_text("utf-8")
        found += re.findall(r"^\s+value: \"?([^\"\n]+)\"?$", text, re.MULTILINE)
        found += re.findall(
            r"^\s+(?:site_visits|consultations|problems_solved|patents_granted|"
            r"patents_pending|economic_benefit|funding): \"?([^\"\n]+)\"?$",
            text,
            re.MULTILINE,
        )
    return found


def test_the_quantity_pattern_takes_what_the_grammar_takes() -> None:
    (pattern, message) = quantity_pattern(None)
    accepted = [*_quantities_in_data(), "30余项", "近百个", "582.8万人次", "41,047家", "上千名"]
    assert len(accepted) > 20
    for text in accepted:
        parse_quantity(text)  # the grammar takes it
        assert re.search(pattern, text), text
    for text in ["50+次", "五十余次", "三十", "30 - 40项", "项目"]:
        assert not re.search(pattern, text), text
    assert "30余项" in message
    (units_pattern, units_message) = quantity_pattern(Units(("项", "件"), "30余项"))
    assert re.search(units_pattern, "30余项")
    assert not re.search(units_pattern, "30余次")
    assert "“项”或“件”" in units_message


def test_the_patterns_are_javascript_regular_expressions() -> None:
    # Decap builds RegExp(pattern); the same texts must match in JavaScript as in Python.
    config = cms_config(GITHUB)
    patterns = sorted(
        {
            json.dumps(entry["pattern"][0])
            for entry in _walk(config["collections"])
            if "pattern" in entry
        }
    )
    assert len(patterns) >= 5
    texts = ["30余项", "2013-06", "li-gang", "https://example.org/a", "50+次", "0755"]
    script = (
        f"const patterns = [{','.join(patterns)}]; const texts = {json.dumps(texts)};"
        "console.log(JSON.stringify(patterns.map(p => texts.map(t => new RegExp(p).test(t)))));"
    )
    result = json.loads(
        subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True).stdout
    )
    expected = [[bool(re.search(json.loads(p), text)) for text in texts] for p in patterns]
    assert result == expected


def _walk(fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    found = []
    for entry in fields:
        found.append(entry)
        for key in ("fields",):
            if key in entry:
                found += _walk(entry[key])
        if "field" in entry:
            found += _walk([entry["field"]])
    return found


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (None, "没有设置 backend"),
        ({"name": "bitbucket", "repo": "a/b"}, "只能是 github、gitlab、gitea 之一"),
        ({"name": "github"}, "请写成 所有者/仓库名"),
        ({"name": "github", "repo": "just-a-name"}, "请写成 所有者/仓库名"),
        ({"name": "github", "repo": "a/b", "brnach": "main"}, "不认识的设置 brnach"),
        ({"name": "gitlab", "repo": "a/b", "base_url": ""}, "base_url 应为一段文字"),
    ],
)
def test_a_backend_that_cannot_work_is_refused_in_chinese(
    settings: dict[str, str] | None, message: str
) -> None:
    with pytest.raises(CmsConfigError, match=message):
        Backend.from_settings(settings)


def test_self_hosted_gitlab_and_gitea() -> None:
    gitlab = Backend.from_settings(
        {
            "name": "gitlab",
            "repo": "union/data",
            "base_url": "https://git.example.org",
            "api_root": "https://git.example.org/api/v4",
            "app_id": "abc",
            "auth_type": "pkce",
        }
    )
    config = cms_config(CmsSettings(gitlab))
    assert config["backend"]["api_root"] == "https://git.example.org/api/v4"
    assert config["publish_mode"] == "editorial_workflow"
    # Decap's Gitea backend refuses the editorial workflow: saves are plain commits there.
    gitea = cms_config(CmsSettings(Backend.from_settings({"name": "gitea", "repo": "a/b"})))
    assert "publish_mode" not in gitea


# --- in the built site ------------------------------------------------------------------

SITE = """\
site_name: 测试
site_url: https://example.org/union/
docs_dir: content
theme:
  name: material
  language: zh
plugins:
  - search
  - showcase/records
  - showcase/admin:
      backend: {{name: github, repo: test/showcase}}
      bundle_dir: {bundle}
{extra}"""

STUDIO = """\
id: haihe-studio
name: 海河工作室
sources:
  - source: test-source
"""


def _tree(write_tree: WriteTree, extra: str = "") -> Path:
    return write_tree(
        {
            "mkdocs.yml": SITE.format(bundle=BUNDLE.as_posix(), extra=extra),
            "content/index.md": "# 首页\n",
            "data/studios/haihe-studio.yaml": STUDIO,
        }
    )


def _build_error(root: Path, site: Path, caplog: pytest.LogCaptureFixture) -> str:
    """Build, expect the build to stop, and return the error it logged (claimed, cleared)."""
    with pytest.raises(Abort):
        build_into(root / "mkdocs.yml", site)
    (error,) = [r.getMessage() for r in caplog.get_records("call") if r.levelname == "ERROR"]
    caplog.clear()
    return error


def test_the_admin_page_is_in_the_site_but_not_in_search_or_the_sitemap(
    write_tree: WriteTree, tmp_path: Path
) -> None:
    needs_bundle()
    root = _tree(write_tree)
    site = build_into(root / "mkdocs.yml", tmp_path / "site")
    page = (site / "admin" / "index.html").read_text("utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert '<script src="decap-cms.js"></script>' in page
    assert "http" not in page  # nothing from another host
    licence = (site / "admin" / "decap-cms.js.LICENSE.txt").read_text("utf-8")
    assert "@license MIT" in licence
    assert (site / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert not list((site / "admin").glob("*.map"))
    config = yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))
    assert config["collections"][3]["folder"] == "data/studios"
    assert "local_backend" not in config
    assert config["site_url"] == "https://example.org/union/"
    # The Chinese interface is in the bundle that is shipped.
    assert "zh_Hans" in (site / "admin" / "decap-cms.js").read_text("utf-8")
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert index["docs"]
    assert not [doc for doc in index["docs"] if doc["location"].startswith("admin")]
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "studios/haihe-studio/" in sitemap
    assert "admin" not in sitemap


def test_the_local_backend_is_refused_without_the_test_switch(
    write_tree: WriteTree,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    needs_bundle()
    root = _tree(write_tree, "      local_backend: http://127.0.0.1:8081/api/v1\n")
    monkeypatch.delenv("SHOWCASE_CMS_LOCAL_BACKEND", raising=False)
    error = _build_error(root, tmp_path / "site", caplog)
    assert error.startswith("showcase/admin：local_backend 只用于测试")
    monkeypatch.setenv("SHOWCASE_CMS_LOCAL_BACKEND", "1")
    site = build_into(root / "mkdocs.yml", tmp_path / "site")
    config = yaml.safe_load((site / "admin" / "config.yml").read_text("utf-8"))
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}


def test_a_wrong_backend_stops_the_build(
    write_tree: WriteTree, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    needs_bundle()
    root = _tree(write_tree)
    text = (root / "mkdocs.yml").read_text("utf-8").replace("name: github", "name: gitee")
    (root / "mkdocs.yml").write_text(text, "utf-8")
    error = _build_error(root, tmp_path / "site", caplog)
    assert error.startswith(
        "showcase/admin：backend 的 name 是“gitee”，只能是 github、gitlab、gitea"
    )


def test_a_missing_bundle_stops_the_build(
    write_tree: WriteTree, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_tree(
        {
            "mkdocs.yml": SITE.format(bundle="cms/nowhere", extra=""),
            "content/index.md": "# 首页\n",
        }
    )
    error = _build_error(root, tmp_path / "site", caplog)
    assert "找不到表单编辑器的程序" in error and "npm ci" in error


def test_the_offline_archive_has_no_admin(write_tree: WriteTree, tmp_path: Path) -> None:
    needs_bundle()
    root = _tree(write_tree)
    archive = build_archive(root / "mkdocs.yml", tmp_path / "dist", stamp=SourceStamp(0), name="t")
    with zipfile.ZipFile(archive.path) as opened:
        names = opened.namelist()
    assert any("studios/haihe-studio" in name for name in names), names
    assert not [name for name in names if "/admin/" in name]


# --- the round trip through Decap's YAML writer -----------------------------------------


def test_every_real_record_reads_the_same_after_the_form_writes_it(tmp_path: Path) -> None:
    # Decap's reader and writer (the npm package yaml, as decap-cms-core uses it) over every
    # record of data/, each written into its own file; our loader must read the same values.
    if not (CMS_DIR / "node_modules" / "yaml").exists():
        pytest.skip("cms/node_modules is missing: `make test` installs it with npm ci")
    documents, originals = [], []
    for kind in RecordKind:
        path = REPO_ROOT / "data" / f"{kind.value}.yaml"
        keys = [entry["name"] for entry in collection(kind)["fields"]]
        documents.append({"text": path.read_text("utf-8"), "keys": keys, "list": kind.value})
        originals += [(kind, record) for record in load_yaml(path).data[kind.value]]
    completed = subprocess.run(
        ["node", str(REPO_ROOT / "tests" / "cms" / "decap_yaml.cjs"), str(CMS_DIR)],
        input=json.dumps({"documents": documents}),
        capture_output=True,
        text=True,
        check=True,
    )
    written = json.loads(completed.stdout)["files"]
    assert len(written) == len(originals) > 100
    root = tmp_path / "repo"
    (root / "data" / "sources").mkdir(parents=True)
    for full_text in (REPO_ROOT / "data" / "sources").glob("*.txt"):
        (root / "data" / "sources" / full_text.name).write_bytes(full_text.read_bytes())
    for (kind, record), text in zip(originals, written, strict=True):
        path = root / "data" / kind.value / f"{record['id']}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, "utf-8")
        assert load_yaml(path).data == record, text
    result = validate([root / "data"], root)
    assert [str(d) for d in result.diagnostics] == []
    # Only titles written with their own Chinese quotes, which the form writes unquoted.
    assert {warning.code for warning in result.warnings} == {"curly-quotes"}
    assert len(result.catalog) == len(originals)


def test_decap_keeps_quotes_on_what_would_read_as_a_number(tmp_path: Path) -> None:
    if not (CMS_DIR / "node_modules" / "yaml").exists():
        pytest.skip("cms/node_modules is missing: `make test` installs it with npm ci")
    source = textwrap.dedent("""\
        id: "0755"
        district: "1.10"
        industry: "true"
        named: "2013"
        founded: 2013-06-07
        description: |-
          第一行
          第二行: 有冒号 # 和井号
        """)
    completed = subprocess.run(
        ["node", str(REPO_ROOT / "tests" / "cms" / "decap_yaml.cjs"), str(CMS_DIR)],
        input=json.dumps({"documents": [{"text": source, "keys": []}]}),
        capture_output=True,
        text=True,
        check=True,
    )
    (text,) = json.loads(completed.stdout)["files"]
    path = tmp_path / "x.yaml"
    path.write_text(text, "utf-8")
    source_path = tmp_path / "source.yaml"
    source_path.write_text(source, "utf-8")
    assert load_yaml(path).data == load_yaml(source_path).data, text


# --- the loader's rules for what the form writes and reads ------------------------------

LIST_STUDIO = """\
studios:
  - id: haihe-studio
    name: {name}
    district: {district}
    sources:
      - source: test-source
"""
RECORD_STUDIO = """\
id: haihe-studio
name: {name}
district: {district}
sources:
  - source: test-source
"""


def _codes(diagnostics: list[Any]) -> list[tuple[str, str]]:
    return [(d.code, f"{d.path}:{d.line}:{d.column}") for d in diagnostics]


def test_a_number_the_form_would_rewrite_is_an_error_in_a_record_file(
    write_tree: WriteTree,
) -> None:
    root = write_tree(
        {"data/studios/haihe-studio.yaml": RECORD_STUDIO.format(name="海河", district="0755")}
    )
    result = validate([root / "data"], root)
    assert _codes(result.diagnostics) == [
        ("unquoted-number", "data/studios/haihe-studio.yaml:3:11")
    ]
    assert "改写成 755" in result.diagnostics[0].message
    quoted = RECORD_STUDIO.format(name="海河", district='"0755"')
    (root / "data/studios/haihe-studio.yaml").write_text(quoted, "utf-8")
    assert validate([root / "data"], root).diagnostics == []


def test_a_number_the_form_would_rewrite_is_a_warning_in_a_list_file(
    write_tree: WriteTree,
) -> None:
    root = write_tree({"data/studios.yaml": LIST_STUDIO.format(name="海河", district="1.10")})
    result = validate([root / "data"], root)
    assert result.diagnostics == []
    assert _codes(result.warnings) == [("unquoted-number", "data/studios.yaml:4:15")]
    assert result.catalog.studios[0].district == "1.10"


@pytest.mark.parametrize("value", ["2013", "41047", "-3", "1.5", "true", "30余项", "2013-06-07"])
def test_values_the_form_writes_the_same_way_pass(write_tree: WriteTree, value: str) -> None:
    root = write_tree(
        {"data/studios/haihe-studio.yaml": RECORD_STUDIO.format(name="海河", district=value)}
    )
    result = validate([root / "data"], root)
    assert (result.diagnostics, result.warnings) == ([], [])


def test_whole_value_chinese_quotes_are_a_warning_in_a_record_file(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "data/studios/haihe-studio.yaml": RECORD_STUDIO.format(
                name="“海河工作室”", district="南开区"
            )
        }
    )
    result = validate([root / "data"], root)
    assert result.diagnostics == []
    assert _codes(result.warnings) == [("curly-quotes", "data/studios/haihe-studio.yaml:2:7")]
    assert result.catalog.studios[0].name == "“海河工作室”"
    listed = write_tree(
        {"data/studios.yaml": LIST_STUDIO.format(name="“海河工作室”", district="南开区")}
    )
    (listed / "data/studios/haihe-studio.yaml").unlink()
    result = validate([listed / "data"], listed)
    assert _codes(result.diagnostics) == [("curly-quotes", "data/studios.yaml:3:11")]


# --- the editors' guide -----------------------------------------------------------------


def test_the_guide_starts_with_the_form_editor_and_the_import() -> None:
    guide = (REPO_ROOT / "CONTRIBUTING.md").read_text("utf-8")
    headings = re.findall(r"^## (.+)$", guide, re.MULTILINE)
    assert headings[:3] == [
        "一、用表单编辑器添加和修改记录",
        "二、从表格导入名单",
        "三、直接编辑 YAML 文件（进阶）：添加一个工作室",
    ]
    forms = guide.split(headings[0], 1)[1].split(headings[1], 1)[0]
    # The table of forms is read off the generated configuration.
    assert "| 劳模创新工作室 | `data/studios/<编号>.yaml` | 领衔劳模（选人物）、" in forms
    for kind in RecordKind:
        assert f"| {collection(kind)['label']} | `data/{kind.value}/<编号>.yaml` |" in forms
    assert "showcase import 名单.xlsx --dry-run" in guide
