"""Sums of published quantities that stay as honest as their parts.

A report that says ``30余项`` does not know the exact number, so neither does any sum that
includes it: ``30余项`` plus ``11项`` is ``41余项``, never ``41项``. :func:`add` works out
the qualifier of a sum from the qualifiers of its parts, refuses to add different units or
percentages, and never rounds: every value is a :class:`~decimal.Decimal` added in a
context that raises instead of rounding. :class:`Total` writes the result the way a union
report would (``3000余万元``, ``近105亿元``, ``不少于41项``).
"""

from __future__ import annotations

import decimal
import functools
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from showcase.records.quantities import Qualifier, Quantity
from showcase.records.schema import AnyRecord, RecordKind, Units, record_model

__all__ = [
    "Total",
    "TotalError",
    "add",
    "count",
    "format_number",
    "quantity_fields",
    "sum_field",
]

PERCENT_UNITS = frozenset({"%", "％"})

# Below this, reports write plain digits (41047家); from here on, 万 or 亿 (10.2万人).
_PLAIN_BELOW = Decimal(100_000)
_YI = Decimal(100_000_000)
# 582.8万 and 3.0005亿 read naturally; 1.23456789亿 does not, and must not be rounded.
_MAX_MAGNITUDE_DECIMALS = 4

# Sums are added in this context: any rounding raises instead of silently changing a value.
_EXACT = decimal.Context(prec=60, traps=[decimal.Inexact, decimal.InvalidOperation])

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


class TotalError(ValueError):
    """Quantities that cannot be added; the message is Chinese, for an editor."""


@dataclass(frozen=True)
class Total:
    """A sum of quantities: its exact value, how exact it is, its unit and its parts."""

    value: Decimal
    qualifier: Qualifier
    unit: str | None
    parts: tuple[Quantity, ...]

    @property
    def is_exact(self) -> bool:
        """True when every part was exact, so the sum is too."""
        return self.qualifier is Qualifier.EXACT

    @property
    def text(self) -> str:
        """The sum in Chinese as a union report writes it, e.g. ``41余项`` or ``近105亿元``."""
        number = format_number(self.value)
        unit = self.unit or ""
        if self.qualifier is not Qualifier.MORE_THAN:
            return f"{_PREFIX_WORDS[self.qualifier]}{number}{unit}"
        if "." in number:
            # 余 after a fraction reads wrongly (96.3余吨); reports write 582.8万余 or 超过96.3.
            if number[-1] in "万亿":
                return f"{number}余{unit}"
            return f"超过{number}{unit}"
        if number[-1] in "万亿":
            return f"{number[:-1]}余{number[-1]}{unit}"  # 3000余万元, as reports write it
        return f"{number}余{unit}"

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
    scaled = plain_number(_EXACT.scaleb(value, -exponent))
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
            value = _EXACT.add(value, part.value)
        value = _without_exponent(value)
    except decimal.DecimalException:
        raise TotalError(f"总和的位数太多，无法精确计算：{texts}。请检查是否多写了数字。") from None
    return Total(
        value=value,
        qualifier=_qualifier_of_sum(part.qualifier for part in parts),
        unit=units[0] if units else None,
        parts=parts,
    )


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
    normalized = _EXACT.normalize(value)
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
        types = list(_types_in(info.annotation))
        if any(typing.get_origin(each) is list for each in types):
            continue  # lists of quantities would need a rule of their own; none exist yet
        if Quantity in types and any(isinstance(each, Units) for each in types):
            yield f"{prefix}{name}"
        for each in types:
            if isinstance(each, type) and issubclass(each, BaseModel):
                yield from _quantity_paths(each, f"{prefix}{name}.")


def _types_in(annotation: Any) -> Iterator[Any]:
    """The annotation and everything inside it: ``Annotated[Quantity, …] | None`` holds Quantity."""
    yield annotation
    for argument in typing.get_args(annotation):
        yield from _types_in(argument)


def sum_field(kind: RecordKind, records: Iterable[AnyRecord], field: str) -> Total:
    """Add one quantity field (e.g. ``achievements.patents_granted``) over records of a kind.

    Records without a value are left out. Raises :class:`ValueError` for a field that is
    not a quantity field of ``kind``, and :class:`TotalError` when the values cannot be added.
    """
    if field not in quantity_fields(kind):
        raise ValueError(f"{kind.value} has no quantity field {field!r}")
    quantities = [value for r in records if isinstance(value := field_value(r, field), Quantity)]
    return add(quantities)


def field_value(record: AnyRecord, path: str) -> object:
    """The value at a dotted path such as ``achievements.patents_granted``, or None."""
    value: object = record
    for name in path.split("."):
        value = getattr(value, name, None)
    return value
