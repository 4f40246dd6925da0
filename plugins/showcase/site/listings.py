"""Listings: the records of a kind, paged, with facets that narrow them (district, year …).

Facets are plain static pages, one folder per value, so they need no JavaScript and work
offline. A facet with more values than its menu shows gets a page of all of them.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from showcase.records.schema import (
    AWARD_DATES,
    AnyRecord,
    Award,
    AwardStatus,
    Figure,
    Level,
    Organization,
    Person,
    Project,
    RecordKind,
    Source,
    Studio,
    field_title,
    record_model,
)
from showcase.site.pages import (
    KIND_ORDER,
    KIND_TITLES,
    GeneratedPage,
    Link,
    PageInputs,
    SiteLinks,
)
from showcase.site.templating import render
from showcase.site.urls import facet_index_src_uri, listing_src_uri

PAGE_SIZE = 50
# Values of one facet shown in a listing's menu; a facet with more gets a page of them all.
FACET_MENU_SIZE = 30
# Page links on each side of the current one in a listing's pagination.
PAGE_LINKS_AROUND = 3


@dataclass(frozen=True)
class Facet:
    """A way to narrow a listing: a field whose values group the records."""

    name: str  # URL segment, e.g. "district"
    title: str  # shown to visitors, e.g. "所在区"
    value_of: Callable[[Any], str | None]


def _field(name: str) -> Callable[[Any], str | None]:
    def value_of(record: Any) -> str | None:
        value = getattr(record, name, None)
        return None if value is None else str(value)

    return value_of


def _year(*names: str) -> Callable[[Any], str | None]:
    def value_of(record: Any) -> str | None:
        for name in names:
            value = getattr(record, name, None)
            if value:
                return str(value)[:4]
        return None

    return value_of


def _title(kind: RecordKind, name: str) -> str:
    return field_title(record_model(kind), name)


FACETS: dict[RecordKind, tuple[Facet, ...]] = {
    RecordKind.STUDIOS: (
        Facet("district", _title(RecordKind.STUDIOS, "district"), _field("district")),
        Facet("industry", _title(RecordKind.STUDIOS, "industry"), _field("industry")),
        Facet("level", _title(RecordKind.STUDIOS, "level"), _field("level")),
        Facet("year", "年份", _year("named", "founded")),
    ),
    RecordKind.AWARDS: (
        Facet("honour", _title(RecordKind.AWARDS, "honour"), _field("honour")),
        Facet("level", _title(RecordKind.AWARDS, "level"), _field("level")),
        Facet("year", "年份", _year(*AWARD_DATES)),
        Facet("status", _title(RecordKind.AWARDS, "status"), _field("status")),
    ),
    RecordKind.PROJECTS: (
        Facet("category", _title(RecordKind.PROJECTS, "category"), _field("category")),
        Facet("district", _title(RecordKind.PROJECTS, "district"), _field("district")),
        Facet("level", _title(RecordKind.PROJECTS, "level"), _field("level")),
        Facet("year", "年份", _year("started")),
    ),
    RecordKind.ORGANIZATIONS: (
        Facet("category", _title(RecordKind.ORGANIZATIONS, "category"), _field("category")),
        Facet("district", _title(RecordKind.ORGANIZATIONS, "district"), _field("district")),
        Facet("industry", _title(RecordKind.ORGANIZATIONS, "industry"), _field("industry")),
        Facet("level", _title(RecordKind.ORGANIZATIONS, "level"), _field("level")),
    ),
    RecordKind.PEOPLE: (),
    RecordKind.FIGURES: (
        Facet("scope", _title(RecordKind.FIGURES, "scope"), _field("scope")),
        Facet("year", "年份", _year("as_of")),
    ),
    RecordKind.SOURCES: (),
}


@dataclass(frozen=True)
class FacetMenu:
    """One facet in a listing's menu: its values (link, count, whether it is this page's)."""

    title: str
    entries: list[tuple[Link, int, bool]]
    more: Link | None  # to the page of all values, when the menu shows only the commonest
    selected: str | None = None  # the value this page shows, if it is one of this facet's


@dataclass(frozen=True)
class SortOrder:
    """One order a listing can be read in; each has its own static pages."""

    name: str  # URL segment: sort-<name>, one of urls.SORT_ORDER_NAMES (kept from ids)
    title: str  # 名称, 年份, 级别
    key: Callable[[Any], Any]


class Listings:
    """Every listing page of one build: per kind, per facet value, per page of records."""

    def __init__(
        self,
        links: SiteLinks,
        *,
        page_size: int = PAGE_SIZE,
        facet_menu_size: int = FACET_MENU_SIZE,
    ) -> None:
        self.links = links
        self.page_size = page_size
        self.facet_menu_size = facet_menu_size

    def pages(self) -> Iterator[GeneratedPage]:
        """The listing pages of every kind, kind by kind."""
        for kind in KIND_ORDER:
            yield from self._listing_pages(kind)

    def _listing_pages(self, kind: RecordKind) -> Iterator[GeneratedPage]:
        records = self.links.sorted_records(kind)
        title = KIND_TITLES[kind]
        yield from self._paged(kind, records, title, facet=None, value=None)
        for order in self._orders(kind)[1:]:
            # The same records in another order: static pages, no script needed.
            yield from self._paged(
                kind,
                sorted(records, key=order.key),
                f"{title}（按{order.title}排列）",
                facet=None,
                value=None,
                order=order.name,
            )
        for facet in FACETS[kind]:
            groups = group_by_facet(records, facet)
            for value, members in groups:
                yield from self._paged(
                    kind,
                    members,
                    facet_page_title(kind, facet, value, len(members)),
                    facet=facet,
                    value=value,
                )
            if len(groups) > self.facet_menu_size:
                src_uri = facet_index_src_uri(kind, facet.name)
                yield GeneratedPage(
                    src_uri,
                    f"{title}：全部{facet.title}",
                    False,
                    functools.partial(self.render_facet_index, kind, facet, src_uri),
                    list,
                    inputs=PageInputs((), self._menu_key(kind)),
                )

    def _orders(self, kind: RecordKind) -> list[SortOrder]:
        """The orders a listing offers, its default first: by name, by year, by level."""
        year = next((facet for facet in FACETS[kind] if facet.name == "year"), None)
        by_name = SortOrder("name", "名称", lambda r: (self.links.display_name(r), r.id))
        orders = [by_name]
        if year is not None:

            def by_year(record: AnyRecord) -> tuple[int, str, str]:
                value = year.value_of(record)
                return (-int(value) if value and value.isdigit() else 1, *by_name.key(record))

            orders.append(SortOrder("year", "年份", by_year))
        if "level" in record_model(kind).model_fields:
            ranks = {level: rank for rank, level in enumerate(Level)}

            def by_level(record: AnyRecord) -> tuple[int, str, str]:
                level = getattr(record, "level", None)
                return (ranks.get(level, len(ranks)) if level else len(ranks), *by_name.key(record))

            orders.append(SortOrder("level", "级别", by_level))
        if kind is RecordKind.AWARDS and year is not None:
            # Honours are listed newest first by default (sorted_records).
            orders.insert(0, orders.pop(1))
        return orders

    def _paged(
        self,
        kind: RecordKind,
        records: Sequence[AnyRecord],
        title: str,
        *,
        facet: Facet | None,
        value: str | None,
        order: str | None = None,
    ) -> Iterator[GeneratedPage]:
        page_count = max(1, -(-len(records) // self.page_size))
        for number in range(1, page_count + 1):
            src_uri = listing_src_uri(kind, number, facet.name if facet else None, value, order)
            page_title = title if number == 1 else f"{title}（第 {number} 页）"
            chunk = records[(number - 1) * self.page_size : number * self.page_size]
            render_page = functools.partial(
                self.render_listing,
                kind,
                page_title,
                src_uri,
                chunk,
                len(records),
                number,
                page_count,
                facet,
                value,
                order,
            )
            in_nav = facet is None and order is None and number == 1
            inputs = PageInputs(
                tuple(record.id for record in chunk),
                (len(records), page_count, self._menu_key(kind)),
            )
            # A listing is found by its title; its entries are found on their own pages.
            yield GeneratedPage(src_uri, page_title, in_nav, render_page, list, inputs=inputs)

    def render_listing(
        self,
        kind: RecordKind,
        title: str,
        src_uri: str,
        records: Sequence[AnyRecord],
        total: int,
        number: int,
        page_count: int,
        facet: Facet | None,
        value: str | None,
        order: str | None = None,
    ) -> Markup:
        """The body of one page of a listing."""

        def page_link(n: int) -> str:
            target = listing_src_uri(kind, n, facet.name if facet else None, value, order)
            return self.links.href(src_uri, target)

        orders = self._orders(kind) if facet is None else []
        sort_links = [
            (
                Link(
                    self.links.href(
                        src_uri, listing_src_uri(kind, 1, None, None, None if i == 0 else o.name)
                    ),
                    o.title,
                ),
                (order or orders[0].name) == o.name,
            )
            for i, o in enumerate(orders)
        ]
        first = (number - 1) * self.page_size + 1

        return render(
            "listing.html",
            title=title,
            kind_title=KIND_TITLES[kind],
            total=total,
            shown=(first, first + len(records) - 1) if records else None,
            items=listing_items(self.links, src_uri, records),
            **page_links(number, page_count, page_link),
            # The menus in full on a listing's first page only: on every later page they
            # were a quarter of its bytes (thousands of pages at 100,000 records); a later
            # page links back to them instead.
            facets=self._facet_menu(kind, src_uri, facet, value) if number == 1 else [],
            filters_on=page_link(1)
            if number > 1 and any(c for _, c in self._facet_counts(kind))
            else None,
            sort_links=sort_links if len(sort_links) > 1 else [],
            all_link=self.links.listing_link(src_uri, kind),
            filtered=facet is not None,
        )

    def render_facet_index(self, kind: RecordKind, facet: Facet, src_uri: str) -> Markup:
        """The body of the page that lists every value of a facet with its count."""
        counts = dict(self._facet_counts(kind))[facet]
        return render(
            "facet_index.html",
            title=f"{KIND_TITLES[kind]}：全部{facet.title}",
            facet_title=facet.title,
            entries=[
                (self._facet_link(kind, src_uri, facet, v), n) for v, n in by_count(facet, counts)
            ],
            all_link=self.links.listing_link(src_uri, kind),
        )

    @functools.cache  # noqa: B019 - one Listings per build
    def _menu_key(self, kind: RecordKind) -> tuple[object, ...]:
        """What the facet menus of a kind's listing pages show: every value with its count."""
        return tuple((facet.name, tuple(counts)) for facet, counts in self._facet_counts(kind))

    @functools.cache  # noqa: B019 - one Listings per build; the menu is the same on many pages
    def _facet_counts(self, kind: RecordKind) -> list[tuple[Facet, list[tuple[str, int]]]]:
        records = self.links.catalog.of_kind(kind)
        return [
            (facet, [(value, len(members)) for value, members in group_by_facet(records, facet)])
            for facet in FACETS[kind]
        ]

    def _facet_menu(
        self, kind: RecordKind, src_uri: str, current: Facet | None, current_value: str | None
    ) -> list[FacetMenu]:
        menu = []
        for facet, counts in self._facet_counts(kind):
            if not counts:
                continue
            shown = counts
            more: Link | None = None
            if len(counts) > self.facet_menu_size:
                # Every value on every listing page would make thousands of pages carry
                # hundreds of links each (and the build quadratic): the commonest values,
                # the page's own, and a page with all of them.
                common = {value for value, _ in self._commonest(kind, facet)}
                shown = [
                    (value, count)
                    for value, count in counts
                    if value in common or (current is facet and value == current_value)
                ]
                more = Link(
                    self.links.href(src_uri, facet_index_src_uri(kind, facet.name)),
                    f"全部 {len(counts)} 个{facet.title}",
                )
            entries = [
                (
                    self._facet_link(kind, src_uri, facet, value),
                    count,
                    current is facet and current_value == value,
                )
                for value, count in by_count(facet, shown)
            ]
            selected = next((link.text for link, _, on in entries if on), None)
            menu.append(FacetMenu(facet.title, entries, more, selected))
        return menu

    @functools.cache  # noqa: B019 - one Listings per build
    def _commonest(self, kind: RecordKind, facet: Facet) -> list[tuple[str, int]]:
        counts = dict(self._facet_counts(kind))[facet]
        # Most records first; among equals, the order the menu shows them in.
        ranked = sorted(enumerate(counts), key=lambda item: (-item[1][1], item[0]))
        return [value_count for _, value_count in ranked[: self.facet_menu_size]]

    def _facet_link(self, kind: RecordKind, src_uri: str, facet: Facet, value: str) -> Link:
        return Link(self.links.href(src_uri, listing_src_uri(kind, 1, facet.name, value)), value)


def record_summary(links: SiteLinks, record: AnyRecord) -> str:
    """A short line under a listed record: where, when, how much."""
    name_of = links.name_of
    parts: list[str | None] = []
    if isinstance(record, Studio):
        parts += [name_of(record.organization), record.district, record.level]
    elif isinstance(record, Award):
        # Each date says what happened then: 授牌时间 is not 授予时间.
        dates = [f"{_title(RecordKind.AWARDS, name)} {date}" for name, date in record.dates()]
        parts += [record.level, *dates, name_of(record.conferred_by)]
        if record.status is AwardStatus.REVOKED:
            parts.append(record.status)
    elif isinstance(record, Project):
        parts += [record.category, name_of(record.owner), record.started]
    elif isinstance(record, Person):
        parts += [name_of(record.organization), record.position]
    elif isinstance(record, Organization):
        parts += [record.category, record.district]
    elif isinstance(record, Figure):
        parts += [record.period, record.as_of]
    elif isinstance(record, Source):
        parts += [record.author, record.published]
    return " · ".join(str(part) for part in parts if part)


def listing_items(
    links: SiteLinks, src_uri: str, records: Iterable[AnyRecord]
) -> list[tuple[Link, str, Any]]:
    """The entries of listing.html: each record's link, its short line and its thumbnail."""
    return [
        (links.link(src_uri, r), record_summary(links, r), links.thumbnail(r, src_uri))
        for r in records
    ]


def page_links(number: int, page_count: int, page_link: Callable[[int], str]) -> dict[str, Any]:
    """What listing.html needs to link page ``number`` of ``page_count`` to the others."""
    return {
        "number": number,
        "page_count": page_count,
        "pages": [(n, page_link(n) if n else None) for n in page_window(number, page_count)],
        "previous": page_link(number - 1) if number > 1 else None,
        "next": page_link(number + 1) if number < page_count else None,
    }


def page_window(number: int, page_count: int, around: int = PAGE_LINKS_AROUND) -> list[int]:
    """The page numbers a listing links to: the first, the last and those near this one.

    0 stands for a gap. Linking every page from every page would grow with the square of
    the page count: 120 pages of 工人先锋号 would carry 14,400 links between them.
    """
    shown = {1, page_count, *range(number - around, number + around + 1)}
    window: list[int] = []
    for n in sorted(n for n in shown if 1 <= n <= page_count):
        if window and n == window[-1] + 2:
            window.append(n - 1)  # one page left out: its number is as short as "…"
        elif window and n > window[-1] + 2:
            window.append(0)
        window.append(n)
    return window


def group_by_facet(records: Iterable[AnyRecord], facet: Facet) -> list[tuple[str, list[AnyRecord]]]:
    """The records under each value of ``facet``, in the order listings show the values."""
    groups: dict[str, list[AnyRecord]] = defaultdict(list)
    for record in records:
        value = facet.value_of(record)
        if value:
            groups[value].append(record)
    # Years newest first; other values in a fixed order. (Two values that would share a
    # folder are refused by showcase.site.layout, before any page is made.)
    return sorted(groups.items(), reverse=facet.name == "year")


# How many of each kind: “（4项）”.
MEASURE_WORDS = {
    RecordKind.STUDIOS: "个",
    RecordKind.AWARDS: "项",
    RecordKind.PROJECTS: "个",
    RecordKind.PEOPLE: "位",
    RecordKind.ORGANIZATIONS: "个",
    RecordKind.FIGURES: "项",
    RecordKind.SOURCES: "篇",
}


def facet_page_title(kind: RecordKind, facet: Facet, value: str, count: int) -> str:
    """The title of a facet page as one would say it: 工人先锋号（4项）, 2013年的荣誉（2项）."""
    amount = f"（{count}{MEASURE_WORDS[kind]}）"
    if facet.name == "honour":
        return f"{value}{amount}"
    shown = f"{value}年" if facet.name == "year" and value.isdigit() else value
    return f"{shown}的{KIND_TITLES[kind]}{amount}"


def by_count(facet: Facet, counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """Facet values with the most records first (ties keep their order); years newest first."""
    values = list(counts)
    if facet.name == "year":
        return values
    return sorted(values, key=lambda value_count: -value_count[1])
