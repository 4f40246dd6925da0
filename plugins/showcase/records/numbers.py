"""Find mobile and identity numbers however they are written, and mask them.

People write ``13812345678`` as ``138 1234 5678``, ``+86-138-1234-5678``, ``(+86)138.1234.5678``,
with full-width digits from a Chinese input method, with a no-break space from a web page,
with an em dash, broken over two lines, or as ``一三八一二三四五六七八``. So the text is first
read as *groups*: each a run of digits of one script (ASCII or any other Unicode digit,
folded with NFKC; or Chinese numerals, with 幺 for 1 and 〇/零 for 0), joined to the next
group when only separators stand between them (spaces of every kind, line breaks, dots,
dashes of every width, slashes, brackets, ``+``, invisible format characters). A number is
found when a span of whole groups, read together, is a mobile number (``1[3-9]`` and nine
more digits, after an optional ``86`` / ``0086`` prefix) or an identity number (18 digits
with a valid region, birth date and check digit, or the 15-digit legacy one with a valid
region and birth date).

Matching whole groups is what keeps ordinary numbers apart: an 11-digit run inside a longer
number is not a mobile number, nor are dates (``2013-05-01``), amounts (``1,234,567元``),
patent numbers (``ZL 2012 1 0123456.7``), landlines (``022-23456789``) or an 18-digit
number whose check digit is wrong. Every finding keeps its place in the original text.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# Numerals as a number is read out (幺 for 1) or written in capitals; not the radio words
# (洞 拐 勾) nor 两, which are ordinary words far more often than digits.
CHINESE_DIGITS = {
    "〇": 0, "○": 0, "零": 0,
    "幺": 1, "一": 1, "壹": 1,
    "二": 2, "贰": 2,
    "三": 3, "叁": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
# Digits that are not Unicode decimal digits (\d) but that NFKC folds into one.
_OTHER_DIGITS = "⓪①②③④⑤⑥⑦⑧⑨⁰¹²³⁴⁵⁶⁷⁸⁹₀₁₂₃₄₅₆₇₈₉"
# What people put between the digits of one number: every space (\s covers the no-break,
# full-width and ideographic ones, and line breaks), control and invisible format
# characters, dots, dashes of every width, slashes, brackets around +86, and plus signs.
_SEPARATORS = (
    r"\s\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    r".．·・•‧∙"
    r"\-‐‑‒–—―−－ー﹣﹘⁃~～〜"
    r"/／\\⁄∕"
    r"()（）\[\]【】+＋"
)
_DIGITISH = r"\d" + _OTHER_DIGITS + "".join(CHINESE_DIGITS)
# A chain of groups: digits, separated by at most a few separators (a line break with the
# indentation of the next line counts as one), possibly ending in the X of an identity
# number.
_GAP = rf"(?:[{_SEPARATORS}]{{1,16}})"
_CHAIN = re.compile(rf"[{_DIGITISH}](?:{_GAP}?[{_DIGITISH}])*(?:[XxＸｘ](?![A-Za-z0-9]))?")
# A gap of more than this many visible separators (not spaces) ends the chain: "1 - 2 - 3"
# joins, a row of dashes in a table does not.
_MOST_MARKS = 3

_MOBILE = re.compile(r"(?:0086|86)?(1[3-9][0-9]{9})")
_CHECK_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_DIGITS = "10X98765432"
# The first two digits of a region code: provinces, Taiwan, Hong Kong, Macao (GB/T 2260).
_PROVINCES = frozenset(
    {
        "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
        "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
        "63", "64", "65", "71", "81", "82",
    }
)  # fmt: skip

MOBILE = "手机号码"
IDENTITY = "身份证号码"


@dataclass(frozen=True)
class PersonalNumber:
    """A number found in a text: what it is, where it stands, and how it may be shown."""

    kind: str  # MOBILE or IDENTITY
    start: int  # offsets into the text searched, end exclusive
    end: int
    masked: str  # e.g. 138****5678 or 1101**********002X


@dataclass(frozen=True)
class _Group:
    digits: str  # ASCII digits, and a final X for an identity number
    start: int
    end: int
    chinese: bool


@functools.cache
def digit_value(char: str) -> int | None:
    """The digit ``char`` stands for (full-width, circled, other scripts, Chinese), or None."""
    if char in CHINESE_DIGITS:
        return CHINESE_DIGITS[char]
    folded = unicodedata.normalize("NFKC", char)
    if len(folded) != 1:
        return None
    return unicodedata.decimal(folded, None)


def is_identity_number(text: str) -> bool:
    """True when ``text`` is an 18-character identity number with a valid check digit."""
    if len(text) != 18 or not text[:17].isascii() or not text[:17].isdigit():
        return False
    total = sum(
        int(digit) * weight for digit, weight in zip(text[:17], _CHECK_WEIGHTS, strict=True)
    )
    return _CHECK_DIGITS[total % 11] == text[17].upper()


def _is_legacy_identity_number(text: str) -> bool:
    """A 15-digit identity number (issued until 2004): region and birth date 19YYMMDD."""
    return len(text) == 15 and text.isdigit() and _plausible(text[:6], "19" + text[6:12])


def _plausible(region: str, birth: str) -> bool:
    if region[:2] not in _PROVINCES or not region.isdigit():
        return False
    try:
        born = datetime.date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))
    except ValueError:
        return False
    return 1850 <= born.year <= 2100


def _is_identity(text: str) -> bool:
    return is_identity_number(text) and _plausible(text[:6], text[6:14])


def find_personal_numbers(text: str) -> list[PersonalNumber]:
    """Every mobile or identity number in ``text``, in order, none overlapping."""
    found: list[PersonalNumber] = []
    if len(text) < 11:
        return found  # no number is shorter
    for chain in _CHAIN.finditer(text):
        if chain.end() - chain.start() < 11:
            continue
        groups = list(_groups(text, chain.start(), chain.end()))
        if sum(len(group.digits) for group in groups) >= 11:
            found.extend(_numbers_in(groups))
    return found


def texts_with_numbers(texts: Sequence[str]) -> list[int]:
    """The indices of ``texts`` in which :func:`find_personal_numbers` may find a number,
    in order: those with a chain of digits long enough for one.

    One search over the texts joined by a character that no chain holds (neither a digit
    nor a separator, and no letter after an X), so that no chain runs from one text into
    the next: a file holds hundreds of thousands of long texts, and a search for each
    cost more than the rest of the privacy check.
    """
    starts = list(itertools.accumulate((len(text) + 1 for text in texts), initial=0))
    found: list[int] = []
    for chain in _CHAIN.finditer(_TEXT_BREAK.join(texts)):
        if chain.end() - chain.start() < 11:
            continue
        index = bisect.bisect_right(starts, chain.start()) - 1
        if not found or found[-1] != index:
            found.append(index)
    return found


# Between two texts joined for one search: not in _DIGITISH nor in _SEPARATORS.
_TEXT_BREAK = "|"


def mask_personal_numbers(text: str) -> str:
    """``text`` with every personal number replaced by its masked form."""
    numbers = find_personal_numbers(text)
    if not numbers:
        return text
    parts: list[str] = []
    position = 0
    for number in numbers:
        parts += [text[position : number.start], number.masked]
        position = number.end
    parts.append(text[position:])
    return "".join(parts)


def _groups(text: str, start: int, end: int) -> Iterator[_Group]:
    """The digit groups of one chain, split where the script changes or separators stand."""
    digits: list[str] = []
    group_start = start
    chinese = False
    marks = 0
    broken = False
    for index in range(start, end):
        char = text[index]
        value = digit_value(char)
        is_chinese = char in CHINESE_DIGITS
        if value is None and char in "XxＸｘ" and digits and not chinese:
            digits.append("X")
            continue
        if value is None:
            if digits:
                yield _Group("".join(digits), group_start, index, chinese)
                digits = []
            if not char.isspace():
                marks += 1
            broken = broken or marks > _MOST_MARKS
            continue
        if digits and is_chinese != chinese:
            yield _Group("".join(digits), group_start, index, chinese)
            digits = []
        if not digits:
            if broken:
                # Too many marks between two groups: what follows is another number.
                yield _Group("", index, index, chinese)
            group_start, chinese, marks, broken = index, is_chinese, 0, False
        digits.append(str(value))
    if digits:
        yield _Group("".join(digits), group_start, end, chinese)


def _numbers_in(groups: list[_Group]) -> Iterator[PersonalNumber]:
    taken_until = -1
    for first, group in enumerate(groups):
        if group.start < taken_until or not group.digits:
            continue
        joined = ""
        chinese = False
        for last in range(first, len(groups)):
            if not groups[last].digits:
                break  # a break between numbers
            joined += groups[last].digits
            chinese = chinese or groups[last].chinese
            if len(joined) > 22:
                break
            if "X" in joined[:-1]:
                break
            number = _personal_number(joined, chinese, group.start, groups[last].end)
            if number is not None:
                yield number
                taken_until = number.end
                break


def _personal_number(digits: str, chinese: bool, start: int, end: int) -> PersonalNumber | None:
    # An X after a mobile number is a letter after it, not a check digit.
    mobile = _MOBILE.fullmatch(digits.removesuffix("X"))
    if mobile:
        number = mobile.group(1)
        return PersonalNumber(MOBILE, start, end, f"{number[:3]}****{number[-4:]}")
    if chinese:
        return None  # identity numbers are not written in Chinese numerals
    if (len(digits) == 18 and _is_identity(digits)) or _is_legacy_identity_number(digits):
        return PersonalNumber(
            IDENTITY, start, end, f"{digits[:4]}{'*' * (len(digits) - 8)}{digits[-4:]}"
        )
    return None
