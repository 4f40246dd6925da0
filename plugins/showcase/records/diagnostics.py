"""Problems found in the data, each with the place an editor has to go to fix it."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass


class Category(enum.StrEnum):
    """What kind of mistake it is; each kind needs different advice."""

    FILE = "文件"  # encoding, BOM, line endings, empty file
    SYNTAX = "YAML 语法"  # the text is not well-formed YAML
    SCHEMA = "字段"  # a field is unknown, missing or has the wrong value
    REFERENCE = "引用"  # a record names an id that does not exist or is of the wrong kind
    DUPLICATE = "重复"  # an id used twice, or two records that look like the same thing
    SOURCE = "来源"  # a quotation that is not in the source it cites
    PRIVACY = "隐私"  # contact details or an identity number in public data


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One error: where it is, which field, what is wrong and what to do, in Chinese."""

    path: str
    line: int  # 1-based, as editors and GitHub count
    column: int  # 1-based
    field: str  # the field path as written in the file, e.g. studios[3].leader; "" for the file
    message: str
    category: Category = Category.SCHEMA
    code: str = ""  # stable short name, e.g. "unknown-field", explained in the editors' guide

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        code = f" [{self.code}]" if self.code else ""
        return f"{place}:{field} {self.message}{code}"

    def github_annotation(self) -> str:
        """The workflow command that puts this error on the changed line of a pull request."""
        properties = ",".join(
            f"{name}={_escape_property(str(value))}"
            for name, value in (
                ("file", self.path),
                ("line", self.line),
                ("col", self.column),
                ("title", f"{self.category}：{self.code}" if self.code else str(self.category)),
            )
        )
        field = f"{self.field}: " if self.field else ""
        return f"::error {properties}::{_escape_data(field + self.message)}"


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def field_path(loc: Sequence[str | int]) -> str:
    """Render a location tuple as a field path: ("studios", 3, "leader") -> studios[3].leader."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else part)
    return "".join(parts)
