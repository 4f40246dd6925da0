"""The page of one record: its facts, description, notes, photos, sources and who names it."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from markupsafe import Markup
from pydantic import BaseModel

from showcase.records.catalog import Catalog
from showcase.records.quantities import Quantity
from showcase.records.schema import (
    AnyRecord,
    Award,
    Record,
    RecordKind,
    Source,
    field_title,
    iter_references,
    record_model,
    reference_field_names,
)
from showcase.site.listings import PAGE_SIZE, listing_items, page_links, record_summary
from showcase.site.pages import (
    KIND_ORDER,
    KIND_TITLES,
    GeneratedPage,
    Link,
    PageInputs,
    SiteLinks,
    date_rank,
)
from showcase.site.record_header import RecordHeader, approximation_note, record_header
from showcase.site.templating import render
from showcase.site.urls import listing_src_uri, record_src_uri, related_src_uri, static_url


@dataclass(frozen=True)
class Fact:
    """One line of a record's facts block: a label and a text, a quantity or links."""

    label: str
    text: str | None = None
    quantity: Quantity | None = None
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class RelatedGroup:
    """Records that name this one, grouped by kind and by the field that names it."""

    title: str
    links: tuple[Link, ...]
    # A short line under each link (where, when), for the cards of the record page.
    summaries: tuple[str, ...] = ()
    # How many records name this one so, and the pages that list them all, when the record
    # page shows only the first of them.
    total: int = 0
    all_link: Link | None = None


@dataclass(frozen=True)
class _Naming:
    """The records that name one record in one field of one kind, in the order shown."""

    slug: str  # the kind and field, for the addresses of its pages: awards-conferred-by
    title: str  # 荣誉（授予单位）
    records: list[AnyRecord]


class RecordPages:
    """The page of every record, and the words each is found by in the search."""

    def __init__(
        self,
        links: SiteLinks,
        *,
        render_markdown: Callable[[str], Markup],
        lightbox_script: str | None = None,
        page_size: int = PAGE_SIZE,
        referrers: Mapping[str, list[tuple[AnyRecord, str]]] | None = None,
    ) -> None:
        self.links = links
        self.render_markdown = render_markdown
        # The lightbox script, relative to the site root; pages with photos load it.
        self.lightbox_script = lightbox_script
        # A record page lists at most this many of the records naming it in one field; the
        # rest are on pages of their own, as a listing is paged. Without the limit the page
        # of a source or a federation named by 100,000 records weighed 22 MB.
        self.page_size = page_size
        # ``referrers``: given by the live preview, which renders a few pages and knows who
        # names their records (site/dependencies.py), rather than reading every record.
        self.referrers = _referrers(links.catalog) if referrers is None else referrers

    def pages(self) -> Iterator[GeneratedPage]:
        """A page per record, kind by kind, each kind in listing order.

        A record named by more records in one field than its page shows is followed by the
        pages that list them all.
        """
        for kind in KIND_ORDER:
            for record in self.links.sorted_records(kind):
                yield self.record_page(record)
                # Most records are named by a few: counting first spares them the sorting.
                if len(self.referrers.get(record.id, ())) > self.page_size:
                    for naming in self._namings(record):
                        yield from self._naming_pages(record, naming)

    def record_page(self, record: AnyRecord) -> GeneratedPage:
        """The page of ``record`` itself (not those listing the records naming it)."""
        src_uri = record_src_uri(record.kind, record.id)
        return GeneratedPage(
            src_uri,
            self.links.display_name(record),
            False,
            functools.partial(self.render_page, record, src_uri),
            functools.partial(self.search_text, record, src_uri),
            self.links.shared_image(record),
            PageInputs((record.id,), related=True),
        )

    def _naming_pages(self, record: AnyRecord, naming: _Naming) -> Iterator[GeneratedPage]:
        """The pages listing every record of ``naming``, when the record page cannot."""
        total = len(naming.records)
        if total <= self.page_size:
            return
        page_count = -(-total // self.page_size)
        owner = self.links.display_name(record)
        for number in range(1, page_count + 1):
            src_uri = related_src_uri(record.kind, record.id, naming.slug, number)
            title = f"{owner}：{naming.title}"
            if number > 1:
                title += f"（第 {number} 页）"
            chunk = naming.records[(number - 1) * self.page_size : number * self.page_size]
            yield GeneratedPage(
                src_uri,
                title,
                False,
                functools.partial(
                    self.render_naming_page, record, naming, title, src_uri, number, page_count
                ),
                list,  # found by its title; its entries are found on their own pages
                inputs=PageInputs(
                    tuple(r.id for r in chunk), (record.id, owner, total, page_count)
                ),
            )

    def render_naming_page(
        self,
        record: AnyRecord,
        naming: _Naming,
        title: str,
        src_uri: str,
        number: int,
        page_count: int,
    ) -> Markup:
        """The body of one page of the records naming ``record`` in one field."""

        def page_link(n: int) -> str:
            return self.links.href(src_uri, related_src_uri(record.kind, record.id, naming.slug, n))

        first = (number - 1) * self.page_size
        chunk = naming.records[first : first + self.page_size]
        back = self.links.link(src_uri, record)
        return render(
            "listing.html",
            title=title,
            total=len(naming.records),
            shown=(first + 1, first + len(chunk)),
            items=listing_items(self.links, src_uri, chunk),
            **page_links(number, page_count, page_link),
            facets=[],
            filters_on=None,
            sort_links=[],
            all_link=Link(back.href, f"返回“{back.text}”"),
            filtered=True,
        )

    def render_page(self, record: AnyRecord, src_uri: str) -> Markup:
        """The body of a record's page."""
        return render(
            "record.html",
            title=self.links.display_name(record),
            record=record,
            kind_title=KIND_TITLES[record.kind],
            facts=list(self._facts(record, src_uri)),
            description=self._description(record),
            notes=self._notes(record),
            photos=self.links.photo_views(record, src_uri),
            lightbox_script=(
                static_url(
                    src_uri, self.lightbox_script, use_directory_urls=self.links.use_directory_urls
                )
                if self.lightbox_script
                else None
            ),
            citations=self._citations(record, src_uri),
            related=self._related(record, src_uri),
            header=self._header(record, src_uri),
            home=self.links.href(src_uri, "index.md"),
            approximation_note=approximation_note,
            listing=Link(
                self.links.href(src_uri, listing_src_uri(record.kind)), KIND_TITLES[record.kind]
            ),
        )

    def _header(self, record: AnyRecord, src_uri: str) -> RecordHeader:
        def name_of(record_id: str) -> tuple[str, str] | None:
            if record_id not in self.links.by_id:
                return None
            link = self.links.link_to_id(src_uri, record_id)
            return link.text, link.href

        honours = sorted(
            (
                (referrer, self.links.link(src_uri, referrer).href)
                for referrer, field_name in self.referrers.get(record.id, ())
                if isinstance(referrer, Award) and field_name == "recipient"
            ),
            key=lambda item: (-date_rank(item[0]), item[0].honour, item[0].id),
        )
        return record_header(
            record, kind_title=KIND_TITLES[record.kind], name_of=name_of, honours=honours
        )

    def search_text(self, record: AnyRecord, src_uri: str) -> list[tuple[str, str]]:
        """The words a record is found by, each with its label: facts, description, notes."""
        fields: list[tuple[str, str]] = []
        for fact in self._facts(record, src_uri):
            words = [link.text for link in fact.links]
            words.append(fact.quantity.text if fact.quantity else fact.text or "")
            text = "、".join(word for word in words if word)
            if text:
                fields.append((fact.label, text))
        description = getattr(record, "description", None)
        if description:
            fields.append(("简介", description))
        if record.notes:
            fields.append(("备注", record.notes))
        return fields

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
                yield Fact(label, links=(self.links.link_to_id(src_uri, value),))
            elif name in references and isinstance(value, list):
                yield Fact(label, links=tuple(self.links.link_to_id(src_uri, v) for v in value))
            elif isinstance(value, Quantity):
                yield Fact(label, quantity=value)
            elif isinstance(value, RecordKind):
                # A kind is shown by its title and leads to its listing, never as "studios".
                listing = self.links.href(src_uri, listing_src_uri(value))
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
            (self.links.link_to_id(src_uri, citation.source), citation.quote)
            for citation in record.sources
        ]

    def _namings(self, record: AnyRecord) -> list[_Naming]:
        """The records naming ``record``, by kind and field, each group by name."""
        groups: dict[tuple[int, str, str], list[AnyRecord]] = defaultdict(list)
        for referrer, field_name in self.referrers.get(record.id, ()):
            if referrer is record:
                continue
            field_label = field_title(record_model(referrer.kind), field_name)
            title = f"{KIND_TITLES[referrer.kind]}（{field_label}）"
            slug = f"{referrer.kind.value}-{field_name.replace('_', '-')}"
            groups[(KIND_ORDER.index(referrer.kind), title, slug)].append(referrer)
        return [
            _Naming(
                slug,
                title,
                sorted(
                    {r.id: r for r in records}.values(),
                    key=lambda r: (self.links.display_name(r), r.id),
                ),
            )
            for (_, title, slug), records in sorted(groups.items())
        ]

    def _related(self, record: AnyRecord, src_uri: str) -> list[RelatedGroup]:
        related = []
        for naming in self._namings(record):
            shown = naming.records[: self.page_size]
            total = len(naming.records)
            related.append(
                RelatedGroup(
                    naming.title,
                    tuple(self.links.link(src_uri, r) for r in shown),
                    tuple(record_summary(self.links, r) for r in shown),
                    total,
                    Link(
                        self.links.href(
                            src_uri, related_src_uri(record.kind, record.id, naming.slug)
                        ),
                        f"查看全部 {total} 条",
                    )
                    if total > self.page_size
                    else None,
                )
            )
        return related


def _referrers(catalog: Catalog) -> dict[str, list[tuple[AnyRecord, str]]]:
    """For each id, the records that name it and the field they name it in."""
    referrers: dict[str, list[tuple[AnyRecord, str]]] = defaultdict(list)
    for record in catalog:
        for target, field_name in shown_references(record):
            referrers[target].append((record, field_name))
    return referrers


def shown_references(record: AnyRecord) -> Iterator[tuple[str, str]]:
    """The ids ``record`` names that the named records' pages list it under, with the field.

    A source names no one on their pages; ``not_duplicate_of`` is not shown.
    """
    if isinstance(record, Source):
        return
    raw = record.model_dump(mode="json")
    for loc, target, _ in iter_references(type(record), raw):
        field_name = str(loc[0])
        if field_name != "not_duplicate_of":
            yield target, field_name
