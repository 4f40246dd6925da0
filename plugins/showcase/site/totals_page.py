"""The totals page: what the site's records add up to, beside what the union reports.

The two are never merged. A figure the union published (官方公布: 353 studios in Tianjin)
and the number of studio records this site holds (本站收录) answer different questions,
so they stand side by side, each linked to what lies behind it.

Every amount is added once (:func:`showcase.records.totals.terms_of`): a part whose whole
also carries an amount is listed under the whole, not added again. A breakdown by a field
says how many records do not have that field, rather than leaving them out in silence.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from showcase.records.catalog import Catalog
from showcase.records.quantities import Quantity
from showcase.records.schema import AnyRecord, Figure, RecordKind, field_title, record_model
from showcase.records.totals import (
    Term,
    Total,
    TotalError,
    add,
    count,
    plain_number,
    quantity_fields,
    terms_of,
)
from showcase.site.charts import Bar, bar_chart
from showcase.site.downloads import csv_file, is_compressed
from showcase.site.listings import FACETS, PAGE_SIZE, Facet, group_by_facet
from showcase.site.pages import KIND_TITLES, Link, SiteLinks
from showcase.site.templating import render
from showcase.site.urls import TOTALS_SRC_URI, listing_src_uri, record_src_uri, static_url

# The kinds whose records are counted and summed; figures and sources are not work done.
COUNTED_KINDS = (
    RecordKind.STUDIOS,
    RecordKind.AWARDS,
    RecordKind.PROJECTS,
    RecordKind.PEOPLE,
    RecordKind.ORGANIZATIONS,
)
# A link from the totals page: target source URI, optional anchor.
_Href = Callable[..., str]

UNITS = {
    RecordKind.STUDIOS: "个",
    RecordKind.AWARDS: "项",
    RecordKind.PROJECTS: "个",
    RecordKind.PEOPLE: "人",
    RecordKind.ORGANIZATIONS: "个",
}


@dataclass(frozen=True)
class CountRow:
    """A kind: how many records the site holds, and what the union reports for it."""

    title: str
    held: Link
    reported: tuple[tuple[Link, str], ...]  # (link to the figure, "范围 · 截至")


@dataclass(frozen=True)
class SumPart:
    """A record added into a sum: its value as written, and the parts already inside it."""

    link: Link
    text: str
    included: tuple[tuple[Link, str], ...]  # parts whose values this one includes


@dataclass(frozen=True)
class SumRow:
    """A quantity field added over the records that have it, with its first parts listed."""

    anchor: str
    title: str
    total: str  # Total.text
    parts: tuple[SumPart, ...]
    # The parts not listed, and the open-data file and column where every part's value is:
    # the 7 sums of 100,000 records listed 6 MB of parts on one page.
    left_out: int = 0
    data_file: Link | None = None
    column: str = ""


@dataclass(frozen=True)
class QuantitySum:
    """A quantity field of a kind added over the records that have it, in listing order."""

    kind: RecordKind
    path: str  # e.g. achievements.patents_granted
    title: str  # e.g. 劳模创新工作室：获得专利
    text: str  # Total.text
    terms: tuple[Term, ...]  # each with the parts its value already includes


@dataclass(frozen=True)
class FacetBreakdown:
    """How many records of a kind hold each value of a facet, in the order the chart shows."""

    kind: RecordKind
    facet: Facet
    title: str  # e.g. 劳模创新工作室：按所在区
    groups: tuple[tuple[str, Total], ...]  # (value, how many records hold it)
    missing: Total  # how many records have no value for the facet

    @property
    def missing_note(self) -> str | None:
        """E.g. 另有 3 项未注明级别; None when every record has a value."""
        if not self.missing.value:
            return None
        return f"另有 {plain_number(self.missing.value)} {self.missing.unit or ''}未注明{self.facet.title}"


@dataclass(frozen=True)
class SiteTotals:
    """Every number the totals page shows, before any link or markup is added."""

    counts: tuple[tuple[RecordKind, Total], ...]
    sums: tuple[QuantitySum, ...]
    breakdowns: tuple[FacetBreakdown, ...]


def totals_of(links: SiteLinks) -> SiteTotals:
    """The numbers of the totals page: record counts, sums of quantities, facet counts."""
    catalog = links.catalog
    return SiteTotals(
        counts=tuple(
            (kind, count(len(catalog.of_kind(kind)), UNITS[kind])) for kind in COUNTED_KINDS
        ),
        sums=tuple(row for kind in COUNTED_KINDS for row in _sums(links, kind)),
        breakdowns=tuple(b for kind in COUNTED_KINDS for b in _breakdowns(catalog, kind)),
    )


def site_totals(catalog: Catalog) -> dict[str, str]:
    """Every total the totals page shows, label -> text as shown, in page order.

    ``showcase diff`` compares these between two revisions; the labels are the page's own
    titles, so a reviewer finds each number where a visitor would.
    """
    # Only the listing order of SiteLinks is used (it orders the parts of a sum); no link is
    # made.
    totals = totals_of(SiteLinks(catalog, use_directory_urls=True))
    texts: dict[str, str] = {}
    entries = [
        *((f"{KIND_TITLES[kind]}：本站收录", total.text) for kind, total in totals.counts),
        *((row.title, row.text) for row in totals.sums),
        *(
            (f"{chart.title} · {value}", total.text)
            for chart in totals.breakdowns
            for value, total in chart.groups
        ),
        # Not "· 未注明": an editor may write 未注明 as a value, and its bar is another total.
        *(
            (f"{chart.title}（未注明）", chart.missing.text)
            for chart in totals.breakdowns
            if chart.missing.value
        ),
    ]
    # Labels are unique by construction: fixed titles, a chart's values once each, and only
    # values after " · ".
    for label, text in entries:
        texts.setdefault(label, text)
    return texts


def render_totals_page(links: SiteLinks, parts_shown: int = PAGE_SIZE) -> Markup:
    """The body of the totals page, with every number linked to the records behind it.

    A sum lists the first ``parts_shown`` of the records it adds (as many as a listing page
    holds) and says where the values of the rest are: the kind's CSV file, in its column.
    """
    src_uri = TOTALS_SRC_URI
    href = functools.partial(links.href, src_uri)
    totals = totals_of(links)
    # The reported figures by the sources they come from: a source's title is said once,
    # above its figures, not on every row.
    by_source: dict[tuple[Link, ...], list[tuple[Link, Figure]]] = {}
    for figure in sorted(links.catalog.figures, key=lambda f: (f.scope, f.metric, f.id)):
        sources = tuple(dict.fromkeys(links.link_to_id(src_uri, c.source) for c in figure.sources))
        link = Link(href(record_src_uri(RecordKind.FIGURES, figure.id)), figure.value.text)
        by_source.setdefault(sources, []).append((link, figure))
    return render(
        "totals.html",
        title="数字汇总",
        counts=[_count_row(links, kind, held, href) for kind, held in totals.counts],
        sums=[_sum_row(links, row, parts_shown) for row in totals.sums],
        charts=[_chart(chart, href) for chart in totals.breakdowns],
        figure_groups=list(by_source.items()),
    )


def _count_row(links: SiteLinks, kind: RecordKind, held: Total, href: _Href) -> CountRow:
    reported = tuple(
        (
            Link(href(record_src_uri(RecordKind.FIGURES, figure.id)), figure.value.text),
            " · ".join(part for part in (figure.scope, _when(figure)) if part),
        )
        for figure in sorted(links.catalog.figures, key=lambda f: (f.scope, f.id))
        if figure.counts_records is kind
    )
    return CountRow(KIND_TITLES[kind], Link(href(listing_src_uri(kind)), held.text), reported)


def _sums(links: SiteLinks, kind: RecordKind) -> list[QuantitySum]:
    rows = []
    model = record_model(kind)
    records = links.sorted_records(kind)
    for path in quantity_fields(kind):
        terms = terms_of(kind, records, path)
        if not terms:
            continue
        try:
            text = add(term.quantity for term in terms).text
        except TotalError:
            # Validation refuses terms that cannot be added (units-differ), so a site is never
            # built with them. `showcase diff` does read such data: it reports the error itself,
            # and the total is left out. An editor's message never reaches a visitor.
            continue
        title = f"{KIND_TITLES[kind]}：{field_title(model, path)}"
        rows.append(QuantitySum(kind, path, title, text, tuple(terms)))
    return rows


def _sum_row(links: SiteLinks, row: QuantitySum, parts_shown: int) -> SumRow:
    anchor = f"sum-{row.kind.value}-{row.path.replace('.', '-').replace('_', '-')}"

    def shown(record: AnyRecord, quantity: Quantity) -> tuple[Link, str]:
        return links.link(TOTALS_SRC_URI, record), quantity.text

    left_out = max(0, len(row.terms) - parts_shown)
    data_file = csv_file(row.kind, compressed=is_compressed(links.catalog, row.kind))
    return SumRow(
        anchor,
        row.title,
        row.text,
        tuple(
            SumPart(*shown(term.record, term.quantity), tuple(shown(*p) for p in term.included))
            for term in row.terms[:parts_shown]
        ),
        left_out,
        Link(
            static_url(TOTALS_SRC_URI, data_file, use_directory_urls=links.use_directory_urls),
            posixpath.basename(data_file),
        )
        if left_out
        else None,
        row.path,
    )


def _breakdowns(catalog: Catalog, kind: RecordKind) -> list[FacetBreakdown]:
    breakdowns = []
    records = catalog.of_kind(kind)
    for facet in FACETS[kind]:
        groups = group_by_facet(records, facet)
        if not groups:
            continue
        if facet.name != "year":
            groups = sorted(groups, key=lambda group: (-len(group[1]), group[0]))
        grouped = sum(len(members) for _, members in groups)
        breakdowns.append(
            FacetBreakdown(
                kind,
                facet,
                f"{KIND_TITLES[kind]}：按{facet.title}",
                tuple((value, count(len(members), UNITS[kind])) for value, members in groups),
                count(len(records) - grouped, UNITS[kind]),
            )
        )
    return breakdowns


def _chart(chart: FacetBreakdown, href: _Href) -> Markup:
    bars = [
        Bar(
            value,
            int(total.value),
            total.text,
            href(listing_src_uri(chart.kind, 1, chart.facet.name, value)),
        )
        for value, total in chart.groups
    ]
    return bar_chart(
        chart.title,
        bars,
        chart_id=f"chart-{chart.kind.value}-{chart.facet.name}",
        note=chart.missing_note,
    )


def _when(figure: Figure) -> str:
    if figure.as_of and figure.period:
        return f"{figure.period}（截至 {figure.as_of}）"
    return f"截至 {figure.as_of}" if figure.as_of else figure.period or ""
