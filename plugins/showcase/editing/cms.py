"""The form editor at ``/admin/``: Decap CMS's configuration, generated from the schema.

Nothing here is written by hand twice: every collection, field, label, hint, select option,
relation and pattern is read off the pydantic models in :mod:`showcase.records.schema`, so
a new field shows up in the form as soon as it is declared (and a field of a type the form
does not know stops the build instead of being left out).

Choices, each because of what our loader reads (see ``CONTRIBUTING.md``):

- Dates are text with a pattern, not Decap's date picker: records keep partial dates
  (``2013``, ``2013-06``) that a picker cannot hold, and the picker would rewrite them.
- A reference to one kind is a relation widget (search by name, store the id); a reference
  that may name several kinds (an award's recipient, a figure's ``about``) is an id with the
  id pattern, since a relation widget reads one collection only. ``showcase validate`` on
  the pull request checks that the id exists.
- Quantities are text with a pattern made from the grammar of
  :mod:`showcase.records.quantities`. The pattern is looser than the grammar (it does not
  know which words are units or spot look-alike letters); the checks on the pull request
  say the rest.
- Empty optional fields are removed before saving (``showcase-admin.js``), so that a field
  typed in and cleared again is not saved as ``''``, which the loader refuses.

Nothing here knows MkDocs; :mod:`showcase.mkdocs_plugins.admin` puts the result in the site.
"""

from __future__ import annotations

import enum
import re
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from annotated_types import MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from showcase.records import quantities
from showcase.records.errors import ShowcaseError
from showcase.records.quantities import Quantity
from showcase.records.schema import (
    PARTIAL_DATE_PATTERN,
    RECORD_ID_PATTERN,
    ImagePath,
    LongText,
    PartialDate,
    RecordKind,
    RefTo,
    RepositoryPath,
    ShortText,
    Units,
    WebAddress,
    bare_annotation,
    kind_title,
    record_model,
)

# Where photos go, relative to the repository, and how a record names them (relative to
# content/): the same folder the photo checks read (showcase.site.photos).
PHOTO_FOLDER = "content/photos"
PHOTO_PUBLIC_FOLDER = "photos"

# The backends an office can use, and whether Decap 3.16 can open a pull request per save
# with them. Gitea's backend refuses the editorial workflow ("The Gitea backend does not
# support editorial workflow.", decap-cms-backend-gitea 3.x): saves there are commits to the
# configured branch, so an office points it at a branch of its own and merges by hand.
EDITORIAL_WORKFLOW = {"github": True, "gitlab": True, "gitea": False}

# The field each kind is listed and searched by in the form, and shown with its id.
DISPLAY_FIELDS = {
    RecordKind.SOURCES: "title",
    RecordKind.ORGANIZATIONS: "name",
    RecordKind.PEOPLE: "name",
    RecordKind.STUDIOS: "name",
    RecordKind.AWARDS: "honour",
    RecordKind.PROJECTS: "title",
    RecordKind.FIGURES: "metric",
}

# Fields shown before the kind's own ones: the id first; sources, notes and marks last, as
# records are written in data/.
_LEADING_FIELDS = ("id",)
_TRAILING_FIELDS = ("sources", "notes", "not_duplicate_of")

# The Markdown toolbar: what the site renders (showcase.site.sanitize), and no image button,
# since photos have their own field with alt text and consent.
MARKDOWN_BUTTONS = (
    "bold",
    "italic",
    "link",
    "heading-three",
    "heading-four",
    "quote",
    "bulleted-list",
    "numbered-list",
)

DATE_HINT = "写成 2013、2013-06 或 2013-06-07（年份四位，月和日两位，用半角“-”连接）。"
ID_MESSAGE = "编号只能用小写字母、数字和连字符，如 li-gang、tj-steel-pipe。"


class CmsConfigError(ShowcaseError):
    """The form editor's settings in mkdocs.yml cannot work; the message says why, in Chinese."""


def record_folder(kind: RecordKind, data_dir: str = "data") -> str:
    """The folder of one-record files of ``kind``, relative to the repository.

    Named by the kind, as the loader reads it (:func:`showcase.records.loader.folder_kind`).
    """
    return f"{data_dir}/{kind.value}"


@dataclass(frozen=True)
class Backend:
    """Where the form editor saves: a git host, a repository and a branch."""

    name: str
    repo: str
    branch: str = "main"
    # Self-hosted GitLab or Gitea, GitHub Enterprise: the addresses of the host.
    base_url: str | None = None
    api_root: str | None = None
    # OAuth: GitLab's application id (PKCE), or the path of an OAuth proxy for GitHub.
    app_id: str | None = None
    auth_endpoint: str | None = None
    auth_type: str | None = None

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any] | None) -> Backend:
        """Read the ``backend`` option of mkdocs.yml, stopping with a Chinese message."""
        if not settings:
            raise CmsConfigError(
                "showcase/admin：没有设置 backend。请在 mkdocs.yml 中写明 backend 的 name"
                f"（{'、'.join(EDITORIAL_WORKFLOW)} 之一）和 repo（如 owner/repo）。"
            )
        known = set(cls.__dataclass_fields__)
        unknown = sorted(set(settings) - known)
        if unknown:
            raise CmsConfigError(
                f"showcase/admin：backend 中有不认识的设置 {'、'.join(unknown)}。"
                f"可用的设置：{'、'.join(sorted(known))}。"
            )
        name = settings.get("name")
        if name not in EDITORIAL_WORKFLOW:
            raise CmsConfigError(
                f"showcase/admin：backend 的 name 是“{name}”，只能是 "
                f"{'、'.join(EDITORIAL_WORKFLOW)} 之一。"
            )
        repo = settings.get("repo")
        if not isinstance(repo, str) or not re.fullmatch(r"[^\s/]+(/[^\s/]+)+", repo):
            raise CmsConfigError(
                f"showcase/admin：backend 的 repo 是“{repo}”。请写成 所有者/仓库名，如 "
                "tianjin-union/showcase（GitLab 的子组写成 组/子组/仓库名）。"
            )
        values = {key: value for key, value in settings.items() if value is not None}
        for key, value in values.items():
            if not isinstance(value, str) or not value.strip():
                raise CmsConfigError(f"showcase/admin：backend 的 {key} 应为一段文字。")
        return cls(**values)

    def as_config(self) -> dict[str, Any]:
        """The ``backend`` block of Decap's config.yml."""
        return {
            key: value
            for key, value in (
                ("name", self.name),
                ("repo", self.repo),
                ("branch", self.branch),
                ("base_url", self.base_url),
                ("api_root", self.api_root),
                ("app_id", self.app_id),
                ("auth_endpoint", self.auth_endpoint),
                ("auth_type", self.auth_type),
            )
            if value is not None
        }


@dataclass(frozen=True)
class CmsSettings:
    """What the generated configuration depends on besides the schema."""

    backend: Backend
    site_url: str | None = None
    # Decap's local backend (decap-server on the same machine): only for tests, never in a
    # published site; the adapter refuses it outside them.
    local_backend_url: str | None = None
    # The data folder of the records plugin, relative to the repository.
    data_dir: str = "data"
    kinds: tuple[RecordKind, ...] = field(default=tuple(RecordKind))


def cms_config(settings: CmsSettings) -> dict[str, Any]:
    """Decap CMS's whole configuration, as a mapping ready for config.yml."""
    config: dict[str, Any] = {"backend": settings.backend.as_config()}
    if EDITORIAL_WORKFLOW[settings.backend.name]:
        config["publish_mode"] = "editorial_workflow"
    if settings.local_backend_url is not None:
        config["local_backend"] = {"url": settings.local_backend_url}
    config["locale"] = "zh_Hans"
    if settings.site_url:
        config["site_url"] = settings.site_url
        config["display_url"] = settings.site_url
    config["media_folder"] = PHOTO_FOLDER
    config["public_folder"] = PHOTO_PUBLIC_FOLDER
    # Ids are ASCII already; keep Decap from touching them.
    config["slug"] = {"encoding": "ascii", "clean_accents": False, "sanitize_replacement": "-"}
    config["collections"] = [collection(kind, settings.data_dir) for kind in settings.kinds]
    return config


def cms_config_yaml(settings: CmsSettings) -> str:
    """config.yml as Decap reads it: block style, keys in the order written, Chinese as is."""
    return yaml.safe_dump(
        cms_config(settings), allow_unicode=True, sort_keys=False, width=1000, indent=2
    )


def collection(kind: RecordKind, data_dir: str = "data") -> dict[str, Any]:
    """One folder collection: a record per file, named by its id."""
    model = record_model(kind)
    display = DISPLAY_FIELDS[kind]
    return {
        "name": kind.value,
        "label": kind_title(kind),
        "label_singular": kind_title(kind),
        "folder": record_folder(kind, data_dir),
        "extension": "yaml",
        "format": "yaml",
        "create": True,
        # The file is named by the id; an existing file keeps its name when the id changes,
        # which `showcase validate` then reports (the file name must be the id).
        "slug": "{{id}}",
        "identifier_field": display,
        "summary": f"{{{{{display}}}}}（{{{{id}}}}）",
        "sortable_fields": [display, "id"],
        "fields": model_fields(model),
    }


def model_fields(model: type[BaseModel]) -> list[dict[str, Any]]:
    """The form fields of a record or a part, in the order records are written."""
    names = list(model.model_fields)
    ordered = [
        *(name for name in _LEADING_FIELDS if name in names),
        *(name for name in names if name not in _LEADING_FIELDS + _TRAILING_FIELDS),
        *(name for name in _TRAILING_FIELDS if name in names),
    ]
    return [form_field(name, model.model_fields[name]) for name in ordered]


def form_field(name: str, info: FieldInfo) -> dict[str, Any]:
    """One field of the form: label and hint from the schema, the widget from the type."""
    entry: dict[str, Any] = {"name": name, "label": info.title or name}
    if info.description:
        entry["hint"] = info.description
    entry["required"] = info.is_required()
    entry.update(_widget(name, info.annotation, list(info.metadata)))
    least = next((item.min_length for item in info.metadata if isinstance(item, MinLen)), None)
    if entry["widget"] == "list" and least:
        # `sources` needs one at least: the form says so before the checks of the pull request.
        entry["min"] = least
    return entry


def _widget(name: str, annotation: Any, metadata: list[Any]) -> dict[str, Any]:
    bare, inner = bare_annotation(annotation)
    metadata = [*metadata, *inner]
    marker = next((item for item in metadata if isinstance(item, RefTo)), None)
    if marker is not None:
        return _reference(marker, multiple=False)
    if typing.get_origin(bare) is list:
        return _list_widget(name, typing.get_args(bare)[0])
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return {"widget": "object", "collapsed": True, "fields": model_fields(bare)}
    if isinstance(bare, type) and issubclass(bare, enum.Enum):
        return {"widget": "select", "options": _options(bare)}
    if bare is bool:
        return {"widget": "boolean"}
    if bare is Quantity:
        units = next((item for item in metadata if isinstance(item, Units)), None)
        return {"widget": "string", "pattern": quantity_pattern(units)}
    if bare is str:
        return _text_widget(name, metadata)
    raise TypeError(f"the form editor has no widget for {name}: {annotation!r}")


def _text_widget(name: str, metadata: list[Any]) -> dict[str, Any]:
    def has(alias: Any) -> bool:
        # The validator of each text type, compared by identity: LongText's AfterValidator.
        return any(item is typing.get_args(alias)[1] for item in metadata)

    if name == "id":
        return {"widget": "string", "pattern": [RECORD_ID_PATTERN, ID_MESSAGE]}
    if has(PartialDate):
        return {"widget": "string", "pattern": [PARTIAL_DATE_PATTERN, DATE_HINT]}
    if has(ImagePath):
        return {
            "widget": "image",
            "choose_url": False,
            "media_folder": f"/{PHOTO_FOLDER}",
            "public_folder": PHOTO_PUBLIC_FOLDER,
        }
    if has(WebAddress):
        return {
            "widget": "string",
            "pattern": [
                r"^https?://[^\s/]+\.\S+$",
                "只接受以 http:// 或 https:// 开头的完整网址。",
            ],
        }
    if has(LongText):
        if name == "description":
            return {
                "widget": "markdown",
                "modes": ["raw", "rich_text"],
                "buttons": list(MARKDOWN_BUTTONS),
                "editor_components": [],
                "sanitize_preview": True,
            }
        return {"widget": "text"}
    if has(ShortText) or has(RepositoryPath):
        return {"widget": "string"}
    raise TypeError(f"the form editor has no widget for the text field {name}")


def _list_widget(name: str, item: Any) -> dict[str, Any]:
    bare, metadata = bare_annotation(item)
    marker = next((part for part in metadata if isinstance(part, RefTo)), None)
    if marker is not None and len(marker.kinds) == 1:
        return _reference(marker, multiple=True)
    if isinstance(bare, type) and issubclass(bare, BaseModel):
        return {"widget": "list", "collapsed": False, "fields": model_fields(bare)}
    inner = _widget(name, item, [])
    return {"widget": "list", "field": {"name": name, "label": " ", **inner}}


def _reference(marker: RefTo, *, multiple: bool) -> dict[str, Any]:
    if len(marker.kinds) == 1:
        (kind,) = marker.kinds
        display = DISPLAY_FIELDS[kind]
        widget: dict[str, Any] = {
            "widget": "relation",
            "collection": kind.value,
            "value_field": "id",
            "search_fields": [display, "id"],
            "display_fields": [display, "id"],
            "options_length": 50,
        }
        if multiple:
            widget["multiple"] = True
        return widget
    names = "、".join(kind_title(kind) for kind in marker.kinds)
    return {
        "widget": "string",
        "pattern": [RECORD_ID_PATTERN, f"请填写{names}中某条记录的编号（id）。{ID_MESSAGE}"],
    }


def _options(enum_type: type[enum.Enum]) -> list[dict[str, str]]:
    if enum_type is RecordKind:
        return [{"label": kind_title(kind), "value": kind.value} for kind in RecordKind]
    return [{"label": str(member.value), "value": str(member.value)} for member in enum_type]


def quantity_pattern(units: Units | None) -> list[str]:
    """A JavaScript-compatible pattern for a quantity, and the message when it fails.

    Made from the pieces of the grammar in :mod:`showcase.records.quantities`: qualifier
    words, Arabic digits or a magnitude word, 余/多, a multiplier, a unit and a closing word.
    Looser than the grammar: the checks of the pull request say the rest.
    """
    prefixes = "|".join(quantities.PREFIX_QUALIFIERS | {"多达": None})
    trailing = "|".join(quantities.TRAILING_QUALIFIERS)
    number = (
        r"(?:[0-9]{1,3}(?:[,，][0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[十百千](?:万亿|万|亿)?|万亿|万|亿"
    )
    if units is None:
        unit = r"(?:[\u3400-\u4dbf\u4e00-\u9fff]{1,6}|[%％‰])?"
        example = "如“30余项”“近百个”“582.8万人次”“41047”"
    else:
        unit = "(?:" + "|".join(re.escape(name) for name in units.allowed) + ")"
        example = f"单位为{units.choices()}，如“{units.example}”"
    pattern = (
        rf"^(?:{prefixes}|[上数](?=\s*[十百千万亿]))?\s*(?:{number})\s*[余多]?"
        rf"\s*(?:[百千]?(?:万亿|万|亿)|[百千])?\s*[余多]?\s*{unit}\s*(?:{trailing})?$"
    )
    return [pattern, f"请照原文写数量，连同“余”“多”“近”等字和单位，{example}。"]


def iter_form_entries(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every field of a form, parts and list items included, outside in."""
    for entry in fields:
        yield entry
        if "fields" in entry:
            yield from iter_form_entries(entry["fields"])


def iter_form_fields(fields: list[dict[str, Any]], prefix: str = "") -> Iterator[str]:
    """The dotted names of every field in a form, parts and list items included."""
    for entry in fields:
        path = f"{prefix}{entry['name']}"
        yield path
        if "fields" in entry:
            yield from iter_form_fields(entry["fields"], f"{path}.")


# --- the page ---------------------------------------------------------------------------

BUNDLE_LICENCE = "decap-cms.js.LICENSE.txt"


def bundle_files(dist: Path) -> list[Path]:
    """The files of Decap's bundle the page loads: the script, its chunks, its WebAssembly.

    Source maps are left out (they are for Decap's developers, and large); the licence
    notices are kept beside the script they belong to.
    """
    if not (dist / "decap-cms.js").is_file():
        raise CmsConfigError(
            f"showcase/admin：找不到表单编辑器的程序 {dist.as_posix()}/decap-cms.js。"
            "请先在仓库根目录运行 make site（或 cd cms && npm ci）安装。"
        )
    return sorted(
        path
        for path in dist.iterdir()
        if path.is_file()
        and (
            path.name == "decap-cms.js"
            or path.name.endswith(".decap-cms.js")
            or path.suffix == ".wasm"
            or path.name == BUNDLE_LICENCE
        )
    )


ADMIN_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex, nofollow">
  <link rel="icon" href="data:,">
  <title>{title}</title>
</head>
<body>
  <!-- Decap CMS {version}, MIT licence; the notices of what it bundles are in {licence}. -->
  <script src="decap-cms.js"></script>
  <script src="showcase-admin.js"></script>
</body>
</html>
"""

# Registered before Decap starts (it starts on the page's load event): removes empty values
# an editor typed and cleared, so that the file says nothing rather than `field: ''`.
ADMIN_SCRIPT = """\
// The form editor's one addition to Decap CMS: remove empty values before saving.
// A field typed in and cleared again would be saved as '' (or an empty list), which the
// loader refuses; an empty optional field is one the record does not have.
(function () {
  function isMap(value) { return Boolean(value && value["@@__IMMUTABLE_MAP__@@"]); }
  function isList(value) { return Boolean(value && value["@@__IMMUTABLE_LIST__@@"]); }
  function isEmpty(value) {
    if (value === null || value === undefined || value === "") return true;
    return (isMap(value) || isList(value)) && value.size === 0;
  }
  function clean(value) {
    if (isMap(value)) return value.map(clean).filterNot(isEmpty);
    if (isList(value)) return value.map(clean);
    return value;
  }
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) { return clean(event.entry.get("data")); },
  });
})();
"""


def admin_page(*, title: str, version: str) -> str:
    """The admin page: Decap's script from the same folder, never from another host."""
    return ADMIN_PAGE.format(title=title, version=version, licence=BUNDLE_LICENCE)
