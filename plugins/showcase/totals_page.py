"""The totals page: what the site's records add up to, beside what the union reports.

The two are never merged. A figure the union published (官方公布: 353 studios in Tianjin)
and the number of studio records this site holds (本站收录) answer different questions,
so they stand side by side, each linked to what lies behind it.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup
from pydantic import BaseModel

from showcase.charts import Bar, bar_chart
from showcase.pages import (
    FACETS,
    KIND_TITLES,
    Link,
    SitePages,
    group_by_facet,
    template_environment,
)
from showcase.quantities import Quantity
from showcase.schema import AnyRecord, Figure, RecordKind, record_model
from showcase.totals import Total, TotalError, add, count, quantity_fields
from showcase.urls import TOTALS_SRC_URI, listing_src_uri, record_src_uri, relative_url

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
class SumRow:
    """A quantity field added over the records that have it, with every part listed."""

    anchor: str
    title: str
    total: str  # Total.text, or why it cannot be added
    parts: tuple[tuple[Link, str], ...]  # (link to the record, its value as written)


def render_totals_page(pages: SitePages) -> Markup:
    """The body of the totals page, with every number linked to the records behind it."""
    src_uri = TOTALS_SRC_URI

    def href(target: str, anchor: str = "") -> str:
        return relative_url(
            src_uri, target, use_directory_urls=pages.use_directory_urls, anchor=anchor
        )

    catalog = pages.catalog
    template = template_environment().get_template("totals.html")
    return Markup(
        template.render(
            title="数字汇总",
            counts=[_count_row(pages, kind, href) for kind in COUNTED_KINDS],
            sums=[row for kind in COUNTED_KINDS for row in _sum_rows(pages, kind, href)],
            charts=[chart for kind in COUNTED_KINDS for chart in _charts(pages, kind, href)],
            figures=[
                (
                    Link(href(record_src_uri(RecordKind.FIGURES, f.id)), f.value.text),
                    f,
                    [pages.link_to_id(src_uri, c.source) for c in f.sources],
                )
                for f in sorted(catalog.figures, key=lambda f: (f.scope, f.metric, f.id))
            ],
        )
    )


def _count_row(pages: SitePages, kind: RecordKind, href: _Href) -> CountRow:
    held = count(len(pages.catalog.of_kind(kind)), UNITS[kind])
    reported = tuple(
        (
            Link(href(record_src_uri(RecordKind.FIGURES, figure.id)), figure.value.text),
            " · ".join(part for part in (figure.scope, _when(figure)) if part),
        )
        for figure in sorted(pages.catalog.figures, key=lambda f: (f.scope, f.id))
        if figure.counts_records is kind
    )
    return CountRow(KIND_TITLES[kind], Link(href(listing_src_uri(kind)), held.text), reported)


def _sum_rows(pages: SitePages, kind: RecordKind, href: _Href) -> list[SumRow]:
    rows = []
    model = record_model(kind)
    for path in quantity_fields(kind):
        parts: list[tuple[AnyRecord, Quantity]] = []
        for record in pages.sorted_records(kind):
            value: object = record
            for name in path.split("."):
                value = getattr(value, name, None)
            if isinstance(value, Quantity):
                parts.append((record, value))
        if not parts:
            continue
        try:
            total: Total | None = add(quantity for _, quantity in parts)
        except TotalError as error:
            total = None
            reason = str(error)
        anchor = f"sum-{kind.value}-{path.replace('.', '-').replace('_', '-')}"
        rows.append(
            SumRow(
                anchor,
                f"{KIND_TITLES[kind]}：{_field_title(model, path)}",
                total.text if total else f"无法相加：{reason}",
                tuple(
                    (pages.link(TOTALS_SRC_URI, record), quantity.text)
                    for record, quantity in parts
                ),
            )
        )
    return rows


def _charts(pages: SitePages, kind: RecordKind, href: _Href) -> list[Markup]:
    charts = []
    records = pages.catalog.of_kind(kind)
    for facet in FACETS[kind]:
        groups = group_by_facet(records, facet)
        if not groups:
            continue
        if facet.name != "year":
            groups = sorted(groups, key=lambda group: (-len(group[1]), group[0]))
        bars = [
            Bar(
                value,
                len(members),
                count(len(members), UNITS[kind]).text,
                href(listing_src_uri(kind, 1, facet.name, value)),
            )
            for value, members in groups
        ]
        charts.append(
            bar_chart(
                f"{KIND_TITLES[kind]}：按{facet.title}",
                bars,
                chart_id=f"chart-{kind.value}-{facet.name}",
            )
        )
    return charts


def _field_title(model: type[BaseModel], path: str) -> str:
    """The Chinese title of the last field of a dotted path such as achievements.patents_granted."""
    *parents, name = path.split(".")
    for parent in parents:
        annotation = model.model_fields[parent].annotation
        model = next(a for a in typing.get_args(annotation) if isinstance(a, type))
    return model.model_fields[name].title or name


def _when(figure: Figure) -> str:
    if figure.as_of and figure.period:
        return f"{figure.period}（截至 {figure.as_of}）"
    return f"截至 {figure.as_of}" if figure.as_of else figure.period or ""
