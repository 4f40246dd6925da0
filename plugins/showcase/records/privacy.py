"""Find contact details and identity numbers before they are published.

Public lists carry a name, a unit and a title. A mobile number or a resident identity
number pasted into a description would be published to the world and kept in git history,
so any text that contains one is an error, and the message masks the number so that the
CI log does not publish it either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from showcase.records.diagnostics import Category
from showcase.records.yamlsource import LoadedYaml, Loc

# 18-character resident identity number: 6-digit region, birth date, sequence, check digit.
_IDENTITY_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])(?![0-9A-Za-z])"
)
# Mainland mobile numbers: 1[3-9]x xxxx xxxx, optionally +86 and spaces or dashes, as
# people write them on business cards.
_MOBILE_NUMBER = re.compile(r"(?<![0-9])((?:\+?86[ -]?)?1[3-9][0-9](?:[ -]?[0-9]{4}){2})(?![0-9])")
# Both numbers above contain a run of 11 digits (with spaces or dashes at most); almost no
# text does, so this cheap search decides whether the two precise ones need to run.
_ELEVEN_DIGITS = re.compile(r"[0-9](?:[ -]?[0-9]){10}")
_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"

# Field names that can only hold contact details; the loader explains why they are refused.
CONTACT_FIELD_NAMES = frozenset(
    {
        "phone", "mobile", "tel", "telephone", "cellphone", "contact", "email", "mail",
        "wechat", "qq", "address", "id_card", "id_number", "identity_card",
        "电话", "手机", "手机号", "联系方式", "邮箱", "微信", "地址", "身份证", "身份证号",
    }
)  # fmt: skip


def is_identity_number(text: str) -> bool:
    """True when ``text`` is an 18-character identity number with a valid check digit."""
    if len(text) != 18 or not text[:17].isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(text[:17], _CHECK_WEIGHTS, strict=True)
    )
    return _CHECK_DIGITS[total % 11] == text[17].upper()


def find_personal_numbers(text: str) -> Iterator[tuple[str, str]]:
    """Each (kind, masked number) found in ``text``."""
    if not _ELEVEN_DIGITS.search(text):
        return
    for match in _IDENTITY_NUMBER.finditer(text):
        if is_identity_number(match.group(1)):
            number = match.group(1)
            yield "身份证号码", f"{number[:4]}**********{number[-4:]}"
    for match in _MOBILE_NUMBER.finditer(text):
        digits = re.sub(r"[^0-9]", "", match.group(1))[-11:]
        yield "手机号码", f"{digits[:3]}****{digits[-4:]}"


def check_privacy(loaded: LoadedYaml) -> None:
    """Report every string in the file that carries a personal number."""
    for loc, text in _strings(loaded.data, ()):
        for kind, masked in find_personal_numbers(text):
            loaded.error(
                loc,
                f"疑似{kind}（{masked}）。公开数据不得包含联系方式或证件号码，请删除。"
                "如果这是别的编号（如专利号），请在数字中间加上说明文字或改写。",
                code="personal-number",
                category=Category.PRIVACY,
            )


def _strings(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
