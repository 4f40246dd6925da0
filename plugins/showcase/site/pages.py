"""The generated pages of the site: one per record, and listings with facets and pages.

Everything here works on a :class:`~showcase.records.catalog.Catalog` and returns HTML made by our
own Jinja environment, with autoescape on: no data string reaches a page unescaped. MkDocs
only places the result; see ``showcase.mkdocs_plugins.records``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import jinja2
from markupsafe import Markup
from pydantic import BaseModel

from showcase.records.catalog import Catalog
from showcase.records.names import record_name
from showcase.records.quantities import Quantity
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
    Record,
    RecordKind,
    Source,
    Studio,
    field_title,
    iter_references,
    kind_title,
    record_model,
    reference_field_names,
)
from showcase.site.record_header import RecordHeader, approximation_note, record_header
from showcase.site.urls import (
    facet_index_src_uri,
    facet_slug,
    listing_src_uri,
    record_src_uri,
    relative_url,
    static_url,
)

PAGE_SIZE = 50
# Values of one facet shown in a listing's menu; a facet with more gets a page of them all.
FACET_MENU_SIZE = 30
# Page links on each side of the current one in a listing's pagination.
PAGE_LINKS_AROUND = 3

# The order kinds appear in related-record sections and in the navigation.
KIND_ORDER = (
    RecordKind.STUDIOS,
    RecordKind.AWARDS,
    RecordKind.PROJECTS,
    RecordKind.PEOPLE,
    RecordKind.ORGANIZATIONS,
    RecordKind.FIGURES,
    RecordKind.SOURCES,
)
KIND_TITLES = {kind: kind_title(kind) for kind in KIND_ORDER}


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
class GeneratedPage:
    """A page the site gets from the data: where it goes, its title, whether it is listed."""

    src_uri: str
    title: str
    in_nav: bool  # the front page of a listing, or the totals page; records never are
    render: Callable[[], Markup] = field(compare=False, repr=False)
    # What the search index holds for the page, as plain text: the record's own words
    # rather than the whole rendered page (whose related-record lists and quotations
    # would repeat other pages' words). None: the search plugin indexes the page itself.
    search_text: Callable[[], str] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Link:
    """A link to another generated page, with the text to show."""

    href: str
    text: str


@dataclass(frozen=True)
class Fact:
    """One line of a record's facts block: a label and a text, a quantity or links."""

    label: str
    text: str | None = None
    quantity: Quantity | None = None
    links: tuple[Link, ...] = ()


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

    name: str  # URL segment: sort-<name>
    title: str  # 名称, 年份, 级别
    key: Callable[[Any], Any]


@dataclass(frozen=True)
class RelatedGroup:
    """Records that name this one, grouped by kind and by the field that names it."""

    title: str
    links: tuple[Link, ...]
    # A short line under each link (where, when), for the cards of the record page.
    summaries: tuple[str, ...] = ()


@functools.cache
def template_environment() -> jinja2.Environment:
    """Our Jinja environment: autoescape on, undefined names are errors."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("showcase.site", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


class SitePages:
    """All generated pages of one build; renders each on request."""

    def __init__(
        self,
        catalog: Catalog,
        *,
        use_directory_urls: bool,
        render_markdown: Callable[[str], Markup],
        page_size: int = PAGE_SIZE,
        facet_menu_size: int = FACET_MENU_SIZE,
    ) -> None:
        self.catalog = catalog
        self.use_directory_urls = use_directory_urls
        self.render_markdown = render_markdown
        self.page_size = page_size
        self.facet_menu_size = facet_menu_size
        self.by_id = catalog.by_id()
        self.referrers = _referrers(catalog)

    # --- names and links --------------------------------------------------------------

    def display_name(self, record: AnyRecord) -> str:
        """How a record is named in titles, lists and links."""
        return record_name(record, self.by_id)

    def link(self, from_src_uri: str, record: AnyRecord) -> Link:
        """A link from one page to a record's page."""
        href = relative_url(
            from_src_uri,
            record_src_uri(record.kind, record.id),
            use_directory_urls=self.use_directory_urls,
        )
        return Link(href, self.display_name(record))

    def link_to_id(self, from_src_uri: str, record_id: str) -> Link:
        """A link to the record with ``record_id`` (the catalog has checked that it exists)."""
        return self.link(from_src_uri, self.by_id[record_id])

    # --- the pages --------------------------------------------------------------------

    def pages(self) -> Iterator[GeneratedPage]:
        """Every generated page, in a stable order: listings first, then records."""
        for kind in KIND_ORDER:
            yield from self._listing_pages(kind)
        for kind in KIND_ORDER:
            for record in self.sorted_records(kind):
                src_uri = record_src_uri(kind, record.id)
                yield GeneratedPage(
                    src_uri,
                    self.display_name(record),
                    False,
                    functools.partial(self._render_record, record, src_uri),
                    functools.partial(self._search_text, record, src_uri),
                )

    def sorted_records(self, kind: RecordKind) -> list[AnyRecord]:
        """The records of a kind in listing order: honours newest first, others by name."""
        records = self.catalog.of_kind(kind)
        if kind is RecordKind.AWARDS:
            # Newest honours first; undated ones last; ties in a fixed order.
            return sorted(records, key=lambda r: (-_date_rank(r), self.display_name(r), r.id))
        return sorted(records, key=lambda r: (self.display_name(r), r.id))

    # --- record pages -----------------------------------------------------------------

    def _render_record(self, record: AnyRecord, src_uri: str) -> Markup:
        template = template_environment().get_template("record.html")
        return Markup(
            template.render(
                title=self.display_name(record),
                record=record,
                kind_title=KIND_TITLES[record.kind],
                facts=list(self._facts(record, src_uri)),
                description=self._description(record),
                notes=self._notes(record),
                photos=getattr(record, "photos", None) or (),
                citations=self._citations(record, src_uri),
                related=self._related(record, src_uri),
                header=self._header(record, src_uri),
                home=relative_url(src_uri, "index.md", use_directory_urls=self.use_directory_urls),
                approximation_note=approximation_note,
                listing=Link(
                    relative_url(
                        src_uri,
                        listing_src_uri(record.kind),
                        use_directory_urls=self.use_directory_urls,
                    ),
                    KIND_TITLES[record.kind],
                ),
                image_url=functools.partial(
                    static_url, src_uri, use_directory_urls=self.use_directory_urls
                ),
            )
        )

    def _header(self, record: AnyRecord, src_uri: str) -> RecordHeader:
        def name_of(record_id: str) -> tuple[str, str] | None:
            if record_id not in self.by_id:
                return None
            link = self.link_to_id(src_uri, record_id)
            return link.text, link.href

        honours = sorted(
            (
                (referrer, self.link(src_uri, referrer).href)
                for referrer, field_name in self.referrers.get(record.id, ())
                if isinstance(referrer, Award) and field_name == "recipient"
            ),
            key=lambda item: (-_date_rank(item[0]), item[0].honour, item[0].id),
        )
        return record_header(
            record, kind_title=KIND_TITLES[record.kind], name_of=name_of, honours=honours
        )

    def _search_text(self, record: AnyRecord, src_uri: str) -> str:
        """The words a record is found by: its name, its facts, description and notes."""
        words = [self.display_name(record)]
        for fact in self._facts(record, src_uri):
            words += [link.text for link in fact.links]
            words.append(fact.quantity.text if fact.quantity else fact.text or "")
        words += [getattr(record, "description", None) or "", record.notes or ""]
        return "\n".join(word for word in words if word)

    def _facts(self, record: AnyRecord, src_uri: str) -> Iterator[Fact]:
        model = type(record)
        skip = {"id", "sources", "notes", "not_duplicate_of", "description", "photos", "featured"}
        references = reference_field_names(model)
        for name, info in model.model_fields.items():
            value = getattr(record, name)
            if name in skip or value is None or value == [] or name == "full_text":
                continue
            label = info.title or name
            if name in references and isinstance(value, str):
                yield Fact(label, links=(self.link_to_id(src_uri, value),))
            elif name in references and isinstance(value, list):
                yield Fact(label, links=tuple(self.link_to_id(src_uri, v) for v in value))
            elif isinstance(value, Quantity):
                yield Fact(label, quantity=value)
            elif isinstance(value, RecordKind):
                # A kind is shown by its title and leads to its listing, never as "studios".
                listing = relative_url(
                    src_uri, listing_src_uri(value), use_directory_urls=self.use_directory_urls
                )
                yield Fact(label, links=(Link(listing, KIND_TITLES[value]),))
            elif isinstance(value, BaseModel):
                yield from self._part_facts(value)
            elif isinstance(value, list):
                yield Fact(label, text="；".join(str(item) for item in value))
            else:
                yield Fact(label, text=str(value))

    def _part_facts(self, part: BaseModel) -> Iterator[Fact]:
        for name, info in type(part).model_fields.items():
            value = getattr(part, name)
            if value is None or value == []:
                continue
            label = info.title or name
            if isinstance(value, Quantity):
                yield Fact(label, quantity=value)
            elif isinstance(value, list):
                yield Fact(label, text="；".join(str(item) for item in value))
            else:
                yield Fact(label, text=str(value))

    def _description(self, record: AnyRecord) -> Markup | None:
        description = getattr(record, "description", None)
        return self.render_markdown(description) if description else None

    def _notes(self, record: AnyRecord) -> Markup | None:
        return self.render_markdown(record.notes) if record.notes else None

    def _citations(self, record: AnyRecord, src_uri: str) -> list[tuple[Link, str | None]]:
        if not isinstance(record, Record):
            return []
        return [
            (self.link_to_id(src_uri, citation.source), citation.quote)
            for citation in record.sources
        ]

    def _related(self, record: AnyRecord, src_uri: str) -> list[RelatedGroup]:
        groups: dict[tuple[int, str], list[AnyRecord]] = defaultdict(list)
        for referrer, field_name in self.referrers.get(record.id, ()):
            if referrer is record:
                continue
            title = f"{KIND_TITLES[referrer.kind]}（{_title(referrer.kind, field_name)}）"
            groups[(KIND_ORDER.index(referrer.kind), title)].append(referrer)
        related = []
        for (_, title), records in sorted(groups.items()):
            unique = sorted(
                {r.id: r for r in records}.values(), key=lambda r: (self.display_name(r), r.id)
            )
            related.append(
                RelatedGroup(
                    title,
                    tuple(self.link(src_uri, r) for r in unique),
                    tuple(self._summary(r) for r in unique),
                )
            )
        return related

    # --- listing pages ----------------------------------------------------------------

    def _listing_pages(self, kind: RecordKind) -> Iterator[GeneratedPage]:
        records = self.sorted_records(kind)
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
                    functools.partial(self._render_facet_index, kind, facet, src_uri),
                    str,
                )

    def _orders(self, kind: RecordKind) -> list[SortOrder]:
        """The orders a listing offers, its default first: by name, by year, by level."""
        year = next((facet for facet in FACETS[kind] if facet.name == "year"), None)
        by_name = SortOrder("name", "名称", lambda r: (self.display_name(r), r.id))
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
            render = functools.partial(
                self._render_listing,
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
            # A listing is found by its title; its entries are found on their own pages.
            yield GeneratedPage(src_uri, page_title, in_nav, render, str)

    def _render_listing(
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
        order: str | None,
    ) -> Markup:
        def page_link(n: int) -> str:
            target = listing_src_uri(kind, n, facet.name if facet else None, value, order)
            return relative_url(src_uri, target, use_directory_urls=self.use_directory_urls)

        orders = self._orders(kind) if facet is None else []
        sort_links = [
            (
                Link(
                    relative_url(
                        src_uri,
                        listing_src_uri(kind, 1, None, None, None if i == 0 else o.name),
                        use_directory_urls=self.use_directory_urls,
                    ),
                    o.title,
                ),
                (order or orders[0].name) == o.name,
            )
            for i, o in enumerate(orders)
        ]
        first = (number - 1) * self.page_size + 1
        template = template_environment().get_template("listing.html")
        return Markup(
            template.render(
                title=title,
                kind_title=KIND_TITLES[kind],
                total=total,
                shown=(first, first + len(records) - 1) if records else None,
                items=[(self.link(src_uri, r), self._summary(r)) for r in records],
                number=number,
                page_count=page_count,
                pages=[(n, page_link(n) if n else None) for n in page_window(number, page_count)],
                previous=page_link(number - 1) if number > 1 else None,
                next=page_link(number + 1) if number < page_count else None,
                facets=self._facet_menu(kind, src_uri, facet, value),
                sort_links=sort_links if len(sort_links) > 1 else [],
                all_link=Link(
                    relative_url(
                        src_uri, listing_src_uri(kind), use_directory_urls=self.use_directory_urls
                    ),
                    f"全部{KIND_TITLES[kind]}",
                ),
                filtered=facet is not None,
            )
        )

    @functools.cache  # noqa: B019 - one SitePages per build; the menu is the same on many pages
    def _facet_counts(self, kind: RecordKind) -> list[tuple[Facet, list[tuple[str, int]]]]:
        records = self.catalog.of_kind(kind)
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
                    relative_url(
                        src_uri,
                        facet_index_src_uri(kind, facet.name),
                        use_directory_urls=self.use_directory_urls,
                    ),
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

    @functools.cache  # noqa: B019 - one SitePages per build
    def _commonest(self, kind: RecordKind, facet: Facet) -> list[tuple[str, int]]:
        counts = dict(self._facet_counts(kind))[facet]
        # Most records first; among equals, the order the menu shows them in.
        ranked = sorted(enumerate(counts), key=lambda item: (-item[1][1], item[0]))
        return [value_count for _, value_count in ranked[: self.facet_menu_size]]

    def _facet_link(self, kind: RecordKind, src_uri: str, facet: Facet, value: str) -> Link:
        target = listing_src_uri(kind, 1, facet.name, value)
        return Link(
            relative_url(src_uri, target, use_directory_urls=self.use_directory_urls), value
        )

    def _render_facet_index(self, kind: RecordKind, facet: Facet, src_uri: str) -> Markup:
        counts = dict(self._facet_counts(kind))[facet]
        template = template_environment().get_template("facet_index.html")
        return Markup(
            template.render(
                title=f"{KIND_TITLES[kind]}：全部{facet.title}",
                facet_title=facet.title,
                entries=[
                    (self._facet_link(kind, src_uri, facet, v), n)
                    for v, n in by_count(facet, counts)
                ],
                all_link=Link(
                    relative_url(
                        src_uri, listing_src_uri(kind), use_directory_urls=self.use_directory_urls
                    ),
                    f"全部{KIND_TITLES[kind]}",
                ),
            )
        )

    def _summary(self, record: AnyRecord) -> str:
        """A short line under a listed record: where, when, how much."""
        parts: list[str | None] = []
        if isinstance(record, Studio):
            parts += [self._name_of(record.organization), record.district, record.level]
        elif isinstance(record, Award):
            # Each date says what happened then: 授牌时间 is not 授予时间.
            dates = [f"{_title(RecordKind.AWARDS, name)} {date}" for name, date in record.dates()]
            parts += [record.level, *dates, self._name_of(record.conferred_by)]
            if record.status is AwardStatus.REVOKED:
                parts.append(record.status)
        elif isinstance(record, Project):
            parts += [record.category, self._name_of(record.owner), record.started]
        elif isinstance(record, Person):
            parts += [self._name_of(record.organization), record.position]
        elif isinstance(record, Organization):
            parts += [record.category, record.district]
        elif isinstance(record, Figure):
            parts += [record.period, record.as_of]
        elif isinstance(record, Source):
            parts += [record.author, record.published]
        return " · ".join(str(part) for part in parts if part)

    def _name_of(self, record_id: str | None) -> str | None:
        if record_id is None or record_id not in self.by_id:
            return None
        return self.display_name(self.by_id[record_id])


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
    # Years newest first; other values in a fixed order. Two values must never share a
    # folder, so a slug collision is a bug worth stopping for.
    ordered = sorted(groups.items(), reverse=facet.name == "year")
    slugs = [facet_slug(value) for value, _ in ordered]
    assert len(set(slugs)) == len(slugs), f"facet slug collision in {facet.name}"
    return ordered


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


def _date_rank(record: AnyRecord) -> int:
    date = record.first_date() if isinstance(record, Award) else None
    if not date:
        return 0
    parts = [int(p) for p in date.split("-")] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def _referrers(catalog: Catalog) -> dict[str, list[tuple[AnyRecord, str]]]:
    """For each id, the records that name it and the field they name it in."""
    referrers: dict[str, list[tuple[AnyRecord, str]]] = defaultdict(list)
    for record in catalog:
        if isinstance(record, Source):
            continue
        raw = record.model_dump(mode="json")
        for loc, target, _ in iter_references(type(record), raw):
            field_name = str(loc[0])
            if field_name == "not_duplicate_of":
                continue
            referrers[target].append((record, field_name))
    return referrers
