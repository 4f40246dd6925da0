"""Bar charts drawn at build time: inline SVG beside an accessible table.

The SVG is a group (``role="group"``), not an image: its bars link to their listings, and
an image may hold no links (axe-core's nested-interactive).

The chart needs no JavaScript, so it shows offline, in the archive and on paper. It is drawn
in viewBox units and scales down to a 360-pixel phone. Every label sits on its own line
above its bar, so long Chinese names have the full width; a label too long even for that is
shortened with "…" and keeps its full text in a ``<title>`` (shown on hover). The table
under the chart, folded in ``<details>``, carries the same figures and links for screen
readers and for copying.

Colours are fixed on a white panel of their own, so text contrast stays above the WCAG AA
4.5:1 in both the light and the dark theme, and nothing relies on colour alone: every value
is written out, and linked labels are underlined.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal

import markupsafe

from showcase.records.totals import plain_number
from showcase.site.templating import render

__all__ = ["Bar", "bar_chart"]

WIDTH = 400  # viewBox units; about the width of a phone's text column
PADDING = 4
ROW_HEIGHT = 50
LABEL_SIZE = 15
VALUE_SIZE = 14
BAR_HEIGHT = 16
BAR_TOP = 22  # from the top of a row: the label line comes first
VALUE_GAP = 6  # between the end of a bar and its value

# On white: text #1f2328 is 15.8:1, links #0b4f8a 8.5:1, bars #2f6690 6.1:1 (non-text
# contrast needs 3:1). The darker outline keeps bars visible when printed in grey.
COLOURS = {
    "background": "#ffffff",
    "text": "#1f2328",
    "link": "#0b4f8a",
    "bar": "#2f6690",
    "bar_outline": "#1b3d5c",
}

_CHART_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_URL_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE_URL_CHARS = re.compile(r"[\x00-\x20\x7f]")
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Bar:
    """One bar: its label, its value, the value as displayed and an optional link."""

    label: str
    value: Decimal | int
    text: str  # the value as shown, e.g. a Total.text such as "41余项"
    href: str | None = None


@dataclass(frozen=True)
class _Row:
    """A bar placed on the drawing, in viewBox units."""

    label: str
    shown_label: str
    text: str
    href: str | None
    label_y: int
    bar_y: int
    bar_width: str
    value_x: str
    value_y: int


def bar_chart(
    title: str, bars: Sequence[Bar], *, chart_id: str, note: str | None = None
) -> markupsafe.Markup:
    """A horizontal bar chart as inline SVG with a data table; bars are drawn in the given order.

    ``note`` is a sentence shown under the chart and the table, such as how many records the
    bars leave out because they lack the field (另有 3 项未注明级别).

    ``chart_id`` must be unique on the page: it names the chart and its title and
    description for screen readers. Raises :class:`ValueError` for a negative value, an id
    that is not a plain HTML id, or a link that is neither relative nor http(s).
    """
    if not _CHART_ID.fullmatch(chart_id):
        raise ValueError(f"chart_id must be letters, digits, '-' or '_', not {chart_id!r}")
    for bar in bars:
        _check_bar(bar)
    if not bars:
        return render("chart_empty.html", chart_id=chart_id, title=title, note=note)

    value_area = min(max(_text_width(bar.text, VALUE_SIZE) for bar in bars) + VALUE_GAP, WIDTH // 2)
    plot_width = WIDTH - 2 * PADDING - value_area
    largest = max(Decimal(bar.value) for bar in bars)
    rows = [_row(index, bar, plot_width, largest) for index, bar in enumerate(bars)]
    height = len(bars) * ROW_HEIGHT + 2 * PADDING
    return render(
        "chart.html",
        chart_id=chart_id,
        title=title,
        description=_description(bars, largest),
        rows=rows,
        width=WIDTH,
        height=height,
        padding=PADDING,
        label_size=LABEL_SIZE,
        value_size=VALUE_SIZE,
        bar_height=BAR_HEIGHT,
        colours=COLOURS,
        note=note,
    )


def _check_bar(bar: Bar) -> None:
    # A float would already be inexact, and True would pass for 1.
    if isinstance(bar.value, bool) or not isinstance(bar.value, (Decimal, int)):
        raise ValueError(f"bar {bar.label!r}: the value must be a Decimal or an int")
    value = Decimal(bar.value)
    if not value.is_finite() or value < 0:
        raise ValueError(f"bar {bar.label!r}: the value must be a number ≥ 0, not {bar.value!r}")
    if bar.href is not None:
        scheme = _URL_SCHEME.match(bar.href)
        # javascript: and data: links run code; only pages of the site and the web are linked.
        if _UNSAFE_URL_CHARS.search(bar.href) or (
            scheme and scheme[1].lower() not in ("http", "https")
        ):
            raise ValueError(f"bar {bar.label!r}: refusing the link {bar.href!r}")


def _row(index: int, bar: Bar, plot_width: int, largest: Decimal) -> _Row:
    top = PADDING + index * ROW_HEIGHT
    bar_width = Decimal(0) if largest == 0 else plot_width * Decimal(bar.value) / largest
    bar_width = bar_width.quantize(_HUNDREDTH, rounding=ROUND_HALF_EVEN)
    return _Row(
        label=bar.label,
        shown_label=_shorten(bar.label, WIDTH - 2 * PADDING, LABEL_SIZE),
        text=bar.text,
        href=bar.href,
        label_y=top + LABEL_SIZE,
        bar_y=top + BAR_TOP,
        bar_width=plain_number(bar_width),
        value_x=plain_number(PADDING + bar_width + VALUE_GAP),
        value_y=top + BAR_TOP + BAR_HEIGHT - 3,
    )


def _description(bars: Sequence[Bar], largest: Decimal) -> str:
    summary = f"横向条形图，共{len(bars)}项。"
    if largest == 0:
        return f"{summary}各项均为零。"
    top = next(bar for bar in bars if Decimal(bar.value) == largest)
    return f"{summary}数值最大的是“{top.label}”：{top.text}。各项数字见图下的表格。"


def _char_width(char: str, font_size: int) -> float:
    # An estimate, since the build cannot measure fonts: CJK is square, Latin about 0.6 em.
    return font_size * (1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6)


def _text_width(text: str, font_size: int) -> int:
    return round(sum(_char_width(char, font_size) for char in text))


def _shorten(text: str, available: int, font_size: int) -> str:
    """The text, or as much of it as fits followed by "…"."""
    if _text_width(text, font_size) <= available:
        return text
    room = available - _char_width("…", font_size)
    used = 0.0
    for end, char in enumerate(text):
        used += _char_width(char, font_size)
        if used > room:
            return text[:end] + "…"
    return text
