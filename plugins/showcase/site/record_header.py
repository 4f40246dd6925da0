"""The header card of a record page: what the record is, at a glance, before its facts.

A visitor on a phone sees the kind, the name, the level, the unit and the year, and the
honours the record holds as badges, without reading a definition list. Everything here is
also among the facts below; the card only picks and orders.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from showcase.records.quantities import Qualifier, Quantity
from showcase.records.schema import (
    AnyRecord,
    Award,
    AwardStatus,
    Figure,
    Organization,
    Person,
    Project,
    Source,
    Studio,
)

# What a qualifier says of the written number, for the note under an approximate quantity.
QUALIFIER_MEANINGS = {
    Qualifier.MORE_THAN: "实际多于这个数",
    Qualifier.NEARLY: "实际接近而不到这个数",
    Qualifier.ABOUT: "是约数",
    Qualifier.AT_LEAST: "实际不少于这个数",
    Qualifier.LESS_THAN: "实际少于这个数",
    Qualifier.AT_MOST: "实际不超过这个数",
}


@dataclass(frozen=True)
class HeaderItem:
    """One line of the card: a label and a text, or a link (href relative to the page)."""

    label: str
    text: str
    href: str | None = None


@dataclass(frozen=True)
class Badge:
    """An honour the record holds, linking to the honour's page."""

    text: str
    href: str
    revoked: bool = False


@dataclass(frozen=True)
class RecordHeader:
    """The card at the top of a record page."""

    kind_title: str
    items: tuple[HeaderItem, ...]
    badges: tuple[Badge, ...]


def record_header(
    record: AnyRecord,
    *,
    kind_title: str,
    name_of: Callable[[str], tuple[str, str] | None],
    honours: list[tuple[Award, str]],
) -> RecordHeader:
    """The card of ``record``: ``name_of`` gives a referenced record's (name, href)."""

    def linked(label: str, record_id: str | None) -> HeaderItem | None:
        found = name_of(record_id) if record_id else None
        return HeaderItem(label, found[0], found[1]) if found else None

    def plain(label: str, value: object | None) -> HeaderItem | None:
        return HeaderItem(label, str(value)) if value else None

    candidates: list[HeaderItem | None] = []
    if isinstance(record, Studio):
        candidates = [
            plain("级别", record.level),
            linked("单位", record.organization),
            linked("领衔", record.leader),
            plain("年份", _year(record.named or record.founded)),
        ]
    elif isinstance(record, Award):
        candidates = [
            linked("获得者", record.recipient),
            plain("级别", record.level),
            linked("授予", record.conferred_by),
            plain("年份", _year(record.awarded)),
        ]
    elif isinstance(record, Project):
        candidates = [
            plain("类别", record.category),
            plain("级别", record.level),
            linked("单位", record.owner),
            plain("年份", _year(record.started)),
        ]
    elif isinstance(record, Person):
        candidates = [linked("单位", record.organization), plain("职务", record.position)]
    elif isinstance(record, Organization):
        candidates = [
            plain("类别", record.category),
            plain("级别", record.level),
            plain("所在区", record.district),
        ]
    elif isinstance(record, Figure):
        candidates = [
            plain("数值", record.value),
            plain("范围", record.scope),
            plain("截至", record.as_of),
        ]
    elif isinstance(record, Source):
        candidates = [plain("作者", record.author), plain("时间", record.published)]
    badges = tuple(
        Badge(
            f"{award.honour}（{_year(award.awarded)}）" if award.awarded else award.honour,
            href,
            award.status is AwardStatus.REVOKED,
        )
        for award, href in honours
    )
    return RecordHeader(kind_title, tuple(item for item in candidates if item), badges)


def approximation_note(quantity: Quantity) -> str:
    """Why a quantity reads the way it does: ``50余次：原文写作“50余次”，实际多于这个数。``"""
    meaning = QUALIFIER_MEANINGS.get(quantity.qualifier, "")
    return f"{quantity.text}：原文写作“{quantity.text}”，{meaning}，本站照原文保存。"


def _year(date: object | None) -> str | None:
    return f"{str(date)[:4]}年" if date else None
