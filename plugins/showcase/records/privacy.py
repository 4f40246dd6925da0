"""Find contact details and identity numbers before they are published.

Public lists carry a name, a unit and a title. A mobile number or a resident identity
number pasted into a description, or into a hand-written page under ``content/``, would be
published to the world and kept in git history, so any text that contains one is an error
at the place where the number starts. How numbers are found, however they are written, is
:mod:`showcase.records.numbers`; every message masks them (:mod:`showcase.records.diagnostics`).
"""

from __future__ import annotations

import bisect
import os
from pathlib import Path

from showcase.records.diagnostics import Category, Diagnostic
from showcase.records.numbers import (
    PersonalNumber,
    digit_value,
    find_personal_numbers,
    is_identity_number,
    texts_with_numbers,
)
from showcase.records.yamlsource import LoadedYaml

__all__ = [
    "CONTACT_FIELD_NAMES",
    "check_pages",
    "check_privacy",
    "find_personal_numbers",
    "is_identity_number",
]

# Field names that can only hold contact details; the loader explains why they are refused.
CONTACT_FIELD_NAMES = frozenset(
    {
        "phone", "mobile", "tel", "telephone", "cellphone", "contact", "email", "mail",
        "wechat", "qq", "address", "id_card", "id_number", "identity_card",
        "电话", "手机", "手机号", "联系方式", "邮箱", "微信", "地址", "身份证", "身份证号",
    }
)  # fmt: skip
# The hand-written pages that are published as they are.
PAGE_SUFFIXES = (".md", ".markdown")
CODE = "personal-number"


def message(number: PersonalNumber) -> str:
    """What an editor reads: the kind of number, masked, and what to do."""
    return (
        f"疑似{number.kind}（{number.masked}）。公开数据不得包含联系方式或证件号码，请删除。"
        "如果这是别的编号（如专利号），请在数字中间加上说明文字或改写。"
    )


def file_name_message(number: PersonalNumber) -> str:
    """The same for a number in a file's name, which the repository and the site publish."""
    return (
        f"文件名含有疑似{number.kind}（{number.masked}）。文件名会随仓库和网站公开，"
        "请给文件改一个不含号码的名字。"
    )


def check_privacy(loaded: LoadedYaml) -> None:
    """Report every value and field name in the file that carries a personal number."""
    for number in find_personal_numbers(loaded.path):
        loaded.error(
            (),
            file_name_message(number),
            code=CODE,
            category=Category.PRIVACY,
            position=(1, 1),
        )
    line_starts: list[int] | None = None  # made once, at the first number found
    long_texts = loaded.long_texts
    for index in texts_with_numbers([text for _, text, _ in long_texts]):
        loc, text, of_key = long_texts[index]
        for number in find_personal_numbers(text):
            start = loaded.position(loc, of_key=of_key)
            if line_starts is None:
                line_starts = _line_starts(loaded.source_text)
            loaded.error(
                loc,
                message(number),
                code=CODE,
                category=Category.PRIVACY,
                position=_place_in_source(
                    loaded.source_text, line_starts, start, text, number.start
                ),
            )


def check_pages(content_dir: Path, root: Path) -> list[Diagnostic]:
    """Every personal number in the hand-written pages under ``content_dir``, and in the
    names of the files there."""
    found: list[Diagnostic] = []
    if not content_dir.is_dir():
        return found
    for path in _published_paths(content_dir, root):
        shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        # Every file under content/ is copied to the site under its own name.
        for number in find_personal_numbers(path.relative_to(content_dir).as_posix()):
            found.append(
                Diagnostic(shown, 1, 1, "", file_name_message(number), Category.PRIVACY, CODE)
            )
        if path.suffix.lower() not in PAGE_SUFFIXES or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # the build reports a page it cannot read
        for number in find_personal_numbers(text):
            line = text.count("\n", 0, number.start) + 1
            column = number.start - (text.rfind("\n", 0, number.start) + 1) + 1
            found.append(
                Diagnostic(shown, line, column, "", message(number), Category.PRIVACY, CODE)
            )
    return found


def _published_paths(content_dir: Path, root: Path) -> list[Path]:
    """Every file and folder MkDocs publishes from content_dir, sorted, as named there.

    MkDocs follows links, so this does too, as long as they stay inside the repository: a
    page linked in from elsewhere in it is published and must be checked. A link leaving
    the repository is never read (whether a file elsewhere on the machine holds a number
    must not leak through a message; symlinks.py refuses such links), nor is a folder
    visited twice (a loop).
    """
    inside = Path(os.path.realpath(root))
    seen: set[str] = set()
    found: list[Path] = []
    for folder, folders, files in os.walk(content_dir, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen or not Path(real).is_relative_to(inside):
            folders[:] = []
            continue
        seen.add(real)
        for name in (*folders, *files):
            path = Path(folder, name)
            if Path(os.path.realpath(path)).is_relative_to(inside):
                found.append(path)
    return sorted(found)


def _line_starts(source: str) -> list[int]:
    """The offset in ``source`` at which each line starts."""
    starts = [0]
    position = source.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = source.find("\n", position + 1)
    return starts


def _place_in_source(
    source: str, line_starts: list[int], value_start: tuple[int, int], value: str, offset: int
) -> tuple[int, int]:
    """Where character ``offset`` of a value stands in the file, counted by its digits.

    The value as parsed differs from the text of the file (quotes, escapes, folded lines,
    the indentation of a block), but its digits are the same ones in the same order: the
    n-th digit of the value is the n-th digit after the value's start in the file.
    """
    if not source:
        return value_start
    wanted = sum(1 for char in value[:offset] if digit_value(char) is not None)
    target = digit_value(value[offset])
    line, column = value_start
    if line > len(line_starts):
        return value_start
    position = line_starts[line - 1] + column - 1
    seen = 0
    # A value cannot be written with more than a few characters per character parsed
    # (\U0001F600 is ten); past that, the digits were written as escapes.
    for index in range(position, min(len(source), position + 12 * len(value) + 64)):
        value_digit = digit_value(source[index])
        if value_digit is None:
            continue
        if seen == wanted:
            if value_digit != target:
                break
            found_line = bisect.bisect_right(line_starts, index)
            return found_line, index - line_starts[found_line - 1] + 1
        seen += 1
    return value_start
