"""Tests for showcase.site.charts: inline SVG bar charts with an accessible table."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser

import markdown
import pytest

from showcase.site.charts import COLOURS, PADDING, WIDTH, Bar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"

HOSTILE_LABELS = [
    "<script>alert(1)</script>",
    '"onload="alert(1)',
    "' onmouseover='alert(1)",
    "</title></svg><img src=x onerror=alert(1)>",
    "&amp; {{ 7*7 }}",
]

# Every element and attribute the chart itself writes; anything else came from the data.
CHART_TAGS = {
    "div", "figure", "svg", "title", "desc", "rect", "a", "g", "text", "figcaption",
    "table", "caption", "thead", "tbody", "tr", "th", "td", "p", "strong", "details", "summary",
}  # fmt: skip
CHART_ATTRIBUTES = {
    "class", "id", "xmlns", "role", "aria-labelledby", "viewbox", "width", "height", "style",
    "font-family", "x", "y", "fill", "href", "font-size", "text-decoration", "stroke",
    "stroke-width", "scope",
}  # fmt: skip


def parse(chart: str) -> ET.Element:
    """The chart as an element tree: it is well-formed XML, SVG in its namespace."""
    return ET.fromstring(chart)


def local(element: ET.Element) -> str:
    return element.tag.removeprefix(SVG)


def bars_of(*values: int) -> list[Bar]:
    return [Bar(f"工作室{i}", value, f"{value}项", None) for i, value in enumerate(values)]


class TagCollector(HTMLParser):
    """Every start tag and attribute name an HTML parser (as a browser would) finds."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)


def test_chart_structure() -> None:
    bars = [
        Bar("天津钢管公司劳模创新工作室", Decimal(30), "30余项", "../studios/steel/"),
        Bar("孔祥瑞劳模工作室", 11, "11项", None),
        Bar("杨宝连劳模工作室", 0, "0项", None),
    ]
    root = parse(bar_chart("获得专利", bars, chart_id="patents"))
    assert root.tag == "div"
    assert root.get("id") == "patents"
    figure = root.find("figure")
    assert figure is not None
    svg = figure.find(f"{SVG}svg")
    assert svg is not None
    # A group, not an image: its bars are links, and an image may hold none (axe-core).
    assert svg.get("role") == "group"
    assert svg.get("aria-labelledby") == "patents-title patents-desc"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "patents-title" and title.text == "获得专利"
    assert desc is not None and desc.get("id") == "patents-desc"
    assert desc.text == (
        "横向条形图，共3项。数值最大的是“天津钢管公司劳模创新工作室”：30余项。各项数字见图下的表格。"
    )
    assert svg.get("viewBox") == f"0 0 {WIDTH} 158"
    assert len(svg.findall(f".//{SVG}rect[@class='bar']")) == 3
    values = [text.text for text in svg.iter(f"{SVG}text") if text.get("class") == "value"]
    assert values == ["30余项", "11项", "0项"]
    figcaption = figure.find("figcaption")
    assert figcaption is not None and figcaption.text == "获得专利"

    # The table is folded under the chart.
    details = root.find("details")
    assert details is not None and details.findtext("summary") == "获得专利：数据表"
    table = details.find("table")
    assert table is not None
    caption = table.find("caption")
    assert caption is not None and caption.text == "获得专利：数据表"
    headers = table.findall("thead/tr/th")
    assert [(th.get("scope"), th.text) for th in headers] == [("col", "分组"), ("col", "数量")]
    rows = table.findall("tbody/tr")
    assert len(rows) == 3
    assert ["".join(row.itertext()) for row in rows] == [
        "天津钢管公司劳模创新工作室30余项",
        "孔祥瑞劳模工作室11项",
        "杨宝连劳模工作室0项",
    ]
    assert all(row[0].tag == "th" and row[0].get("scope") == "row" for row in rows)


def test_bars_link_where_a_link_is_given_in_the_chart_and_the_table() -> None:
    bars = [Bar("甲", 2, "2项", "../studios/a/"), Bar("乙", 1, "1项", None)]
    root = parse(bar_chart("图", bars, chart_id="c"))
    svg_links = list(root.iter(f"{SVG}a"))
    assert [link.get("href") for link in svg_links] == ["../studios/a/"]
    linked_rect = svg_links[0].find(f".//{SVG}rect[@class='bar']")
    assert linked_rect is not None
    # A link is underlined, not told by colour alone.
    label = svg_links[0].find(f".//{SVG}text")
    assert label is not None and label.get("text-decoration") == "underline"
    table_links = root.findall("details/table/tbody/tr/th/a")
    assert [(link.get("href"), link.text) for link in table_links] == [("../studios/a/", "甲")]


def test_widths_are_proportional_and_the_largest_bar_is_full_width() -> None:
    root = parse(bar_chart("图", bars_of(30, 15, 10, 0), chart_id="c"))
    widths = [Decimal(rect.get("width") or "") for rect in root.iter(f"{SVG}rect")][1:]
    full = widths[0]
    # The plot leaves room on the right for the longest value text ("30项": 2 + 0.6·2 em).
    assert full == WIDTH - 2 * PADDING - (14 + round(14 * 1.2) + 6)
    assert widths == [full, full / 2, (full / 3).quantize(Decimal("0.01")), Decimal(0)]


def test_a_single_bar_and_zero_values_work() -> None:
    root = parse(bar_chart("图", bars_of(5), chart_id="c"))
    (rect,) = root.findall(f".//{SVG}rect[@class='bar']")
    assert Decimal(rect.get("width") or "") > 0
    zeros = parse(bar_chart("图", bars_of(0, 0), chart_id="c"))
    assert [rect.get("width") for rect in zeros.findall(f".//{SVG}rect[@class='bar']")] == [
        "0",
        "0",
    ]
    desc = zeros.find(f".//{SVG}desc")
    assert desc is not None and desc.text == "横向条形图，共2项。各项均为零。"


def test_an_empty_chart_says_there_is_no_data() -> None:
    chart = bar_chart("获得<专利>", [], chart_id="c")
    assert (
        str(chart)
        == '<div class="showcase-chart" id="c"><p><strong>获得&lt;专利&gt;</strong>：暂无数据。</p></div>'
    )


@pytest.mark.parametrize("label", HOSTILE_LABELS)
def test_labels_titles_and_values_are_inert(label: str) -> None:
    bars = [Bar(label, 3, label, "../a/"), Bar("乙", 1, "1项", None)]
    chart = bar_chart(label, bars, chart_id="c")
    root = parse(chart)  # still well-formed: nothing broke out of its element
    tags = {local(element) for element in root.iter()}
    attributes = {name.lower() for element in root.iter() for name in element.attrib}
    assert tags <= CHART_TAGS
    assert attributes <= CHART_ATTRIBUTES
    texts = [text for element in root.iter() for text in [element.text] if text]
    assert label in texts  # shown as written
    collector = TagCollector()
    collector.feed(str(chart))
    assert collector.tags <= CHART_TAGS
    assert collector.attributes <= CHART_ATTRIBUTES


def test_long_labels_are_shortened_with_the_full_text_kept() -> None:
    label = "天津市某某区某某街道某某社区某某企业某某车间某某班组劳模创新工作室分室第一小组"
    root = parse(bar_chart("图", [Bar(label, 1, "1项", None)], chart_id="c"))
    row = root.find(f".//{SVG}g")
    assert row is not None
    shown = row.find(f"{SVG}text")
    assert shown is not None and shown.text is not None
    assert shown.text.endswith("…")
    assert label.startswith(shown.text.removesuffix("…"))
    assert len(shown.text) * 15 <= WIDTH
    full = row.find(f"{SVG}title")
    assert full is not None and full.text == f"{label}：1项"


def test_text_colours_meet_wcag_aa_on_the_chart_background() -> None:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a: str, b: str) -> float:
        light, dark = sorted((luminance(a), luminance(b)), reverse=True)
        return (light + 0.05) / (dark + 0.05)

    background = COLOURS["background"]
    assert contrast(COLOURS["text"], background) >= 4.5
    assert contrast(COLOURS["link"], background) >= 4.5
    assert contrast(COLOURS["bar"], background) >= 3  # graphics: WCAG 1.4.11


def test_output_is_deterministic() -> None:
    bars = [Bar("甲", Decimal("2.5"), "2.5吨", "a/"), Bar("乙", 1, "1吨", None)]
    assert bar_chart("图", bars, chart_id="c") == bar_chart("图", list(bars), chart_id="c")


def test_the_chart_survives_markdown_untouched() -> None:
    # Generated pages are Markdown: the chart must pass through as one raw HTML block.
    bars = [Bar("*强调* _下划线_ `代码`", 2, "2项", "a/"), Bar("乙", 1, "1项", None)]
    chart = str(bar_chart("图 **粗体**", bars, chart_id="c"))
    html = markdown.markdown(f"# 标题\n\n{chart}\n\n后文", extensions=["tables", "md_in_html"])
    assert chart in html


@pytest.mark.parametrize(
    ("bar", "chart_id", "message"),
    [
        (Bar("甲", -1, "-1项", None), "c", "≥ 0"),
        (Bar("甲", 1.5, "1.5项", None), "c", "Decimal or an int"),  # type: ignore[arg-type]
        (Bar("甲", True, "1项", None), "c", "Decimal or an int"),
        (Bar("甲", Decimal("NaN"), "项", None), "c", "≥ 0"),
        (Bar("甲", 1, "1项", "javascript:alert(1)"), "c", "refusing the link"),
        (Bar("甲", 1, "1项", " javascript:alert(1)"), "c", "refusing the link"),
        (Bar("甲", 1, "1项", "data:text/html,x"), "c", "refusing the link"),
        (Bar("甲", 1, "1项", None), 'c" onload="x', "chart_id"),
    ],
)
def test_bad_input_is_refused(bar: Bar, chart_id: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        bar_chart("图", [bar], chart_id=chart_id)


def test_web_and_relative_links_are_accepted() -> None:
    for href in ("https://example.org/a", "http://example.org", "../a/", "a.html#x", "#top"):
        chart = bar_chart("图", [Bar("甲", 1, "1项", href)], chart_id="c")
        assert f'href="{href}"' in chart
