"""Sums of published quantities that stay as honest as their parts.

A report that says ``30余项`` does not know the exact number, so neither does any sum that
includes it: ``30余项`` plus ``11项`` is ``41余项``, never ``41项``. :func:`add` works out
the qualifier of a sum from the qualifiers of its parts, refuses to add different units or
percentages, and never rounds: every value is a :class:`~decimal.Decimal` added in a
context that raises instead of rounding. :class:`Total` writes the result the way a union
report would (``3000余万元``, ``近105亿元``, ``不少于41项``), in the editor's own word when
every approximate part says it the same way (``20多个`` + ``5个`` = ``25多个``, not ``25余个``).

A sum over records counts every amount once (:func:`terms_of`): a record that is part of
another (a project's ``part_of``, any field the schema marks as naming a whole) does not
add its amount when its whole, among the records summed, carries one; the whole's amount
already includes it, and the part is listed under the whole instead.
"""

from __future__ import annotations

import decimal
import functools
import re
import typing
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from showcase.records.errors import ShowcaseError
from showcase.records.quantities import (
    EXACT_ARITHMETIC,
    PREFIX_QUALIFIERS,
    TRAILING_QUALIFIERS,
    Qualifier,
    Quantity,
)
from showcase.records.schema import (
    AnyRecord,
    RecordKind,
    Units,
    annotation_parts,
    record_model,
    whole_field,
)

__all__ = [
    "Term",
    "Total",
    "TotalError",
    "add",
    "count",
    "format_number",
    "quantity_fields",
    "sum_field",
    "terms_of",
]

PERCENT_UNITS = frozenset({"%", "％"})

# Below this, reports write plain digits (41047家); from here on, 万 or 亿 (10.2万人).
_PLAIN_BELOW = Decimal(100_000)
_YI = Decimal(100_000_000)
# 582.8万 and 3.0005亿 read naturally; 1.23456789亿 does not, and must not be rounded.
_MAX_MAGNITUDE_DECIMALS = 4

# Lower bounds say the real amount is at least the number; upper bounds, at most.
_LOWER_BOUNDS = frozenset({Qualifier.MORE_THAN, Qualifier.AT_LEAST})
_UPPER_BOUNDS = frozenset({Qualifier.NEARLY, Qualifier.LESS_THAN, Qualifier.AT_MOST})

# Words in front of the number; MORE_THAN is handled apart because 余 goes inside it.
_PREFIX_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.AT_LEAST: "不少于",
    Qualifier.NEARLY: "近",
    Qualifier.LESS_THAN: "不到",
    Qualifier.AT_MOST: "不超过",
    Qualifier.ABOUT: "约",
}

# The editor's qualifier words a sum may keep, by where they stand and what they mean: the
# grammar's own tables. A word not there (上 of 上千名, which only stands before 百/千/万/亿)
# gives the sum the default word above.
_KEPT_PREFIXES = PREFIX_QUALIFIERS
_KEPT_SUFFIXES = TRAILING_QUALIFIERS
_INSIDE_WORDS = ("余", "多")  # after the number: 30余项, 20多个, 3000多万元, 110万多名
_INSIDE_WORD = re.compile(r"([0-9〇零一二两三四五六七八九十百千万亿])\s*([余多])")


class TotalError(ShowcaseError, ValueError):
    """Quantities that cannot be added; the message is Chinese, for an editor."""


@dataclass(frozen=True)
class Total:
    """A sum of quantities: its exact value, how exact it is, its unit and its parts."""

    value: Decimal
    qualifier: Qualifier
    unit: str | None
    parts: tuple[Quantity, ...]
    # The qualifier word every approximate part was written with (多 of 20多个), if they
    # agree, and whether they wrote 余/多 after 万/亿 (110万多名) rather than before (3000多万元).
    word: str | None = None
    word_after_magnitude: bool = False

    @property
    def is_exact(self) -> bool:
        """True when every part was exact, so the sum is too."""
        return self.qualifier is Qualifier.EXACT

    @property
    def text(self) -> str:
        """The sum in Chinese as a union report writes it, e.g. ``41余项`` or ``近105亿元``."""
        number = format_number(self.value)
        unit = self.unit or ""
        word = self.word
        if word in _KEPT_SUFFIXES:
            return f"{number}{unit}{word}"  # 100人以上, as the parts were written
        if word in _KEPT_PREFIXES:
            return f"{word}{number}{unit}"
        if self.qualifier is not Qualifier.MORE_THAN:
            return f"{_PREFIX_WORDS[self.qualifier]}{number}{unit}"
        inside = word if word in _INSIDE_WORDS else "余"
        if "." in number:
            # 余 after a fraction reads wrongly (96.3余吨); reports write 582.8万余 or 超过96.3.
            if number[-1] in "万亿":
                return f"{number}{inside}{unit}"
            return f"超过{number}{unit}"
        if number[-1] in "万亿" and not self.word_after_magnitude:
            return f"{number[:-1]}{inside}{number[-1]}{unit}"  # 3000余万元, as reports write it
        return f"{number}{inside}{unit}"

    def __str__(self) -> str:
        """Return :attr:`text`."""
        return self.text


def format_number(value: Decimal) -> str:
    """Write a number as Chinese reports do: 41047, 96.3, 582.8万, 100亿; never rounded."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    magnitude = abs(value)
    if magnitude < _PLAIN_BELOW:
        return plain_number(value)
    exponent, word = (8, "亿") if magnitude >= _YI else (4, "万")
    scaled = plain_number(EXACT_ARITHMETIC.scaleb(value, -exponent))
    decimals = len(scaled.partition(".")[2])
    if decimals > _MAX_MAGNITUDE_DECIMALS:
        return plain_number(value)
    return f"{scaled}{word}"


def plain_number(value: Decimal) -> str:
    """Digits without exponent, grouping or trailing zeros after the point."""
    digits = format(value, "f")
    if "." in digits:
        digits = digits.rstrip("0").rstrip(".")
    return "0" if digits == "-0" else digits


def add(quantities: Iterable[Quantity]) -> Total:
    """Add quantities of one unit; the sum is approximate as soon as one part is."""
    parts = tuple(quantities)
    if not parts:
        return Total(Decimal(0), Qualifier.EXACT, None, ())
    texts = "、".join(f"“{part.text}”" for part in parts)
    if any(part.unit in PERCENT_UNITS for part in parts):
        raise TotalError(
            f"百分比不能相加：{texts}。各个百分比的基数不同，相加没有意义；请分别列出，"
            "或改为把人数、金额等数量相加。"
        )
    # A bare number (30) has no unit of its own and joins the unit of the others.
    units = list(dict.fromkeys(part.unit for part in parts if part.unit is not None))
    if len(units) > 1:
        unit_list = "、".join(f"“{unit}”" for unit in units)
        raise TotalError(
            f"单位不同的数量不能相加：{unit_list}（{texts}）。"
            "请只把同一单位的数量相加，或在数据中统一单位。"
        )
    value = Decimal(0)
    try:
        for part in parts:
            value = EXACT_ARITHMETIC.add(value, part.value)
        value = _without_exponent(value)
    except decimal.DecimalException:
        raise TotalError(f"总和的位数太多，无法精确计算：{texts}。请检查是否多写了数字。") from None
    return Total(
        value=value,
        qualifier=_qualifier_of_sum(part.qualifier for part in parts),
        unit=units[0] if units else None,
        parts=parts,
        **_shared_word(parts),
    )


def _shared_word(parts: Iterable[Quantity]) -> dict[str, Any]:
    """The qualifier word of every approximate part, when they all write the same one."""
    words = {_written_word(part) for part in parts if part.qualifier is not Qualifier.EXACT}
    if len(words) != 1 or (only := words.pop()) is None:
        return {}
    word, after_magnitude = only
    return {"word": word, "word_after_magnitude": after_magnitude}


def _written_word(quantity: Quantity) -> tuple[str, bool] | None:
    """The word a quantity says its qualifier with (余, 多, 近, 以上 …), if a sum can keep it."""
    text = quantity.text
    for word in sorted(_KEPT_PREFIXES, key=len, reverse=True):
        if text.startswith(word):
            return (word, False) if _KEPT_PREFIXES[word] is quantity.qualifier else None
    for word, meaning in _KEPT_SUFFIXES.items():
        if text.endswith(word):
            return (word, False) if meaning is quantity.qualifier else None
    inside = _INSIDE_WORD.search(text)
    if inside and quantity.qualifier is Qualifier.MORE_THAN:
        return inside[2], inside[1] in "万亿"
    return None


def _qualifier_of_sum(qualifiers: Iterable[Qualifier]) -> Qualifier:
    """How exact a sum is, from how exact its parts are."""
    inexact = {qualifier for qualifier in qualifiers if qualifier is not Qualifier.EXACT}
    if not inexact:
        return Qualifier.EXACT
    if inexact <= _LOWER_BOUNDS:
        # more than 30 plus at least 11 is more than 41.
        return Qualifier.MORE_THAN if Qualifier.MORE_THAN in inexact else Qualifier.AT_LEAST
    if inexact <= _UPPER_BOUNDS:
        if inexact == {Qualifier.NEARLY}:
            return Qualifier.NEARLY
        return Qualifier.LESS_THAN if Qualifier.LESS_THAN in inexact else Qualifier.AT_MOST
    # An "about" part, or one part too high and another too low: only "about" is true.
    return Qualifier.ABOUT


def _without_exponent(value: Decimal) -> Decimal:
    """The same value without trailing zeros; integers as plain digits (not 4.1E+1)."""
    normalized = EXACT_ARITHMETIC.normalize(value)
    if normalized == normalized.to_integral_value():
        return Decimal(int(normalized))
    return normalized


def count(n: int, unit: str) -> Total:
    """An exact count of records, e.g. ``count(4, "个")`` for "本站收录 4 个工作室"."""
    if isinstance(n, bool) or n < 0:
        raise ValueError(f"a count must be a non-negative integer, not {n!r}")
    return Total(Decimal(n), Qualifier.EXACT, unit, ())


@functools.cache
def quantity_fields(kind: RecordKind) -> tuple[str, ...]:
    """The quantity fields of a kind that are added up, as dotted paths: ``achievements.patents_granted``.

    Only a field that declares its :class:`~showcase.records.schema.Units` is added: validation
    makes every value of it in one kind share one unit, so a sum of it never fails. A figure's
    value has no such list (it is whatever the union published) and is never added.
    """
    return tuple(_quantity_paths(record_model(kind), ""))


def _quantity_paths(model: type[BaseModel], prefix: str) -> Iterator[str]:
    for name, info in model.model_fields.items():
        types = list(annotation_parts(info.annotation))
        if any(typing.get_origin(each) is list for each in types):
            continue  # lists of quantities would need a rule of their own; none exist yet
        if Quantity in types and any(isinstance(each, Units) for each in types):
            yield f"{prefix}{name}"
        for each in types:
            if isinstance(each, type) and issubclass(each, BaseModel):
                yield from _quantity_paths(each, f"{prefix}{name}.")


@dataclass(frozen=True)
class Term:
    """An amount a sum counts: a record's value, with the parts whose values it includes."""

    record: AnyRecord
    quantity: Quantity
    included: tuple[tuple[AnyRecord, Quantity], ...] = ()


def terms_of(
    kind: RecordKind,
    records: Iterable[AnyRecord],
    field: str,
    *,
    every_record: Mapping[str, AnyRecord] | None = None,
) -> list[Term]:
    """The amounts to add for one quantity field over records of a kind, each counted once.

    A record that is part of another (through the field the schema marks as naming a whole,
    such as a project's ``part_of``) is not a term of its own when a whole above it, among
    ``records``, has a value: the largest such whole wins and lists the part as included.
    ``every_record`` (id → record) lets the chain of wholes pass through records that are
    not summed, e.g. left out by a filter; by default it is ``records``. Terms keep the
    order of ``records``; records without a value are left out.
    """
    if field not in quantity_fields(kind):
        raise ValueError(f"{kind.value} has no quantity field {field!r}")
    records = list(records)
    valued = [(r, value) for r in records if isinstance(value := field_value(r, field), Quantity)]
    lookup = every_record if every_record is not None else {r.id: r for r in records}
    counted = {record.id for record, _ in valued}
    whole = whole_field(kind)
    container: dict[str, str] = {}
    for record, _ in valued:
        top = _largest_whole(record, whole, counted, lookup) if whole else None
        if top is not None:
            container[record.id] = top
    included: dict[str, list[tuple[AnyRecord, Quantity]]] = {}
    for record, value in valued:
        if record.id in container:
            included.setdefault(container[record.id], []).append((record, value))
    return [
        Term(record, value, tuple(included.get(record.id, ())))
        for record, value in valued
        if record.id not in container
    ]


def _largest_whole(
    record: AnyRecord, whole: str, counted: set[str], lookup: Mapping[str, AnyRecord]
) -> str | None:
    """The id of the topmost whole above ``record`` that is summed too; None if there is none."""
    seen: set[str] = set()
    top = None
    current = getattr(record, whole, None)
    # validate reports a loop (code "cycle"); the walk stops at one all the same, and a
    # record inside a loop is counted rather than lost.
    while isinstance(current, str) and current not in seen:
        if current == record.id:
            return None
        seen.add(current)
        if current in counted:
            top = current
        above = lookup.get(current)
        current = None if above is None or above.kind is not record.kind else getattr(above, whole)
    return top


def sum_field(
    kind: RecordKind,
    records: Iterable[AnyRecord],
    field: str,
    *,
    every_record: Mapping[str, AnyRecord] | None = None,
) -> Total:
    """Add one quantity field (e.g. ``achievements.patents_granted``) over records of a kind.

    Every amount counts once: see :func:`terms_of`. Raises :class:`ValueError` for a field
    that is not a quantity field of ``kind``, and :class:`TotalError` when the values cannot
    be added.
    """
    return add(term.quantity for term in terms_of(kind, records, field, every_record=every_record))


def field_value(record: AnyRecord, path: str) -> object:
    """The value at a dotted path such as ``achievements.patents_granted``, or None."""
    value: object = record
    for name in path.split("."):
        value = getattr(value, name, None)
    return value
