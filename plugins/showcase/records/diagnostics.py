"""Problems found in the data, each with the place an editor has to go to fix it.

Every message is made safe here, once, whatever check made it: a :class:`Diagnostic`
masks personal numbers in its message, field and path (a number pasted into a date or an
id would otherwise be echoed by the message about the bad date or id), shows control
characters as escapes, so that a message is always one line and cannot start a forged
``::error`` line in a CI log, and cuts long values (:func:`safe_text`). The same functions
serve every other place where data reaches a terminal, a log or a comment.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from showcase.records.numbers import mask_personal_numbers

# A value echoed in a message (between “ and ”) is cut to this many characters; a run of
# other characters without a space, such as a path, to RUN_LIMIT; a whole message to
# MESSAGE_LIMIT. A 5 MB id is still named, by its beginning.
VALUE_LIMIT = 60
RUN_LIMIT = 200
MESSAGE_LIMIT = 2000
ELLIPSIS = "…"


class Category(enum.StrEnum):
    """What kind of mistake it is; each kind needs different advice."""

    FILE = "文件"  # encoding, BOM, line endings, empty file
    SYNTAX = "YAML 语法"  # the text is not well-formed YAML
    SCHEMA = "字段"  # a field is unknown, missing or has the wrong value
    REFERENCE = "引用"  # a record names an id that does not exist or is of the wrong kind
    DUPLICATE = "重复"  # an id used twice, or two records that look like the same thing
    ADDRESS = "网址"  # an id or a facet value the site cannot publish at an address of its own
    SOURCE = "来源"  # a quotation that is not in the source it cites
    PRIVACY = "隐私"  # contact details or an identity number in public data
    IMPORT = "表格导入"  # a spreadsheet given to `showcase import`, at its cell


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

    def __post_init__(self) -> None:
        # The one place where every message is made safe to print: see the module docstring.
        object.__setattr__(self, "path", safe_path(self.path))
        object.__setattr__(self, "field", safe_text(self.field, limit=RUN_LIMIT))
        object.__setattr__(self, "message", safe_text(self.message))

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
        return f"::error {properties}::{escape_command_data(field + self.message)}"


def escape_command_data(text: str) -> str:
    """A workflow command's message: GitHub's escaping (actions/toolkit, command.ts)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return escape_command_data(text).replace(":", "%3A").replace(",", "%2C")


# Characters that end a line, move the cursor, colour a terminal or reorder the text shown:
# C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
# embeddings, overrides and isolates.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# A line that starts with :: (after spaces) is a workflow command to GitHub's runner, and
# ##[ anywhere is the older form of one.
_COMMAND_START = re.compile(r"^(\s*):(?=:)")
_OLD_COMMAND = re.compile(r"##\[")
_QUOTED = re.compile("“([^“”]*)”")
# A run without a space or a Chinese punctuation mark: a path, an id, a name. Our own
# sentences always break sooner.
_LONG_RUN = re.compile(rf"[^\s“”，。、：；？！（）]{{{RUN_LIMIT + 1},}}")


def escape_controls(text: str) -> str:
    """Control and bidi characters shown as escapes: \\n, \\x1b, \\u2028."""
    return _CONTROL.sub(_escape_one, text)


def _escape_one(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def disarm_commands(line: str) -> str:
    """A line that cannot be read as a GitHub workflow command (``::error …``, ``##[error]``)."""
    line = _COMMAND_START.sub(lambda match: f"{match.group(1)}\\x3a", line)
    return _OLD_COMMAND.sub(lambda _: "#\\x23[", line)


def shorten(text: str, limit: int = VALUE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with “…” when longer; a cut text stays as it is."""
    if len(text) <= limit or (len(text) == limit + 1 and text.endswith(ELLIPSIS)):
        return text
    return text[:limit] + ELLIPSIS


def safe_text(text: str, *, limit: int = MESSAGE_LIMIT) -> str:
    """Data for one line of output: numbers masked, controls escaped, long values cut."""
    text = escape_controls(mask_personal_numbers(text))
    text = _QUOTED.sub(lambda match: f"“{shorten(match.group(1))}”", text)
    text = _LONG_RUN.sub(lambda match: shorten(match.group(), RUN_LIMIT), text)
    return disarm_commands(shorten(text, limit))


def safe_lines(text: str) -> str:
    """A message of several lines, each line made safe (:func:`safe_text`)."""
    return "\n".join(safe_text(line) for line in text.split("\n"))


def safe_path(path: str) -> str:
    """A file name for a message: numbers masked, controls escaped, never a command."""
    return disarm_commands(escape_controls(mask_personal_numbers(path)))


def field_path(loc: Sequence[str | int]) -> str:
    """Render a location tuple as a field path: ("studios", 3, "leader") -> studios[3].leader."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else part)
    return "".join(parts)
