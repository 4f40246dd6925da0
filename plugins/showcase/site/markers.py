"""Live figures in hand-written pages: the ``{{showcase …}}`` markers.

在手写页面中引用数据
--------------------

`content/` 中手写的 Markdown 页面（如“关于本站”）可以用标记引用 `data/` 中的记录和数字。
生成网站时，标记换成当时数据中的值，所以页面上的数字永远与数据一致，不会过时。

写法：`{{showcase 标记名 参数 参数 …}}`。标记名和参数之间用空格分开；参数里不能有空格或
大括号；一个标记写在一行之内。

- `{{showcase count studios}}`：本站收录的这类记录的条数，只有数字，如“4”。单位写在标记
  外面：“本站收录 {{showcase count studios}} 个工作室”。
- `{{showcase count awards honour=工人先锋号}}`：只数 honour（荣誉名称）为“工人先锋号”的记录。
- `{{showcase figure fig-studios-tianjin}}`：一个官方公布数字，照原文的写法（如“近百个”），
  链接到这个数字的页面；鼠标停在上面时显示来源。
- `{{showcase total studios achievements.patents_granted}}`：把各条记录的这一数量相加
  （如“41余项”），链接到数字汇总页。只要有一项带“余”“近”“约”等，总数也带，不会写成确数；
  单位不同的数量和百分比不能相加。一条记录属于另一条记录（如项目的 part_of）而两条都有
  数值时，只计大的那一条，不重复计算。官方公布数字（figures）不能相加。
- `{{showcase list awards honour=工人先锋号 limit=5 sort=-awarded}}`：记录列表，每条链接到
  它的页面。list 标记须单独占一行。
- `{{showcase link li-gang}}`：指向一条记录的链接，文字是它的名称。
- `{{showcase figures fig-studios-tianjin fig-training-person-times}}`：一排“数字卡片”，每个
  官方公布数字一张，大字显示原文写法（如“近百个”），标明“官方公布”，链接到这个数字的页面。
  编号可以写一个或几个。须单独占一行。
- `{{showcase counts studios awards}}`：一排本站收录条数的数字卡片，每个类别一张，标明
  “本站收录”，链接到这个类别的列表。须单独占一行。
- `{{showcase list studios featured=true style=cards}}`：加上 style=cards，列表显示为卡片
  （有图片的记录显示图片，没有的显示站徽），每张写名称和一行简介。

参数：

- 类别：sources（来源）、organizations（单位）、people（人物）、studios（劳模创新工作室）、
  awards（荣誉）、projects（项目）、figures（官方公布数字）。
- 编号：记录的 id，如 li-gang。
- 数量字段（total）：studios 的 achievements.site_visits、achievements.consultations、
  achievements.problems_solved、achievements.patents_granted、achievements.patents_pending、
  achievements.economic_benefit；projects 的 funding。官方公布数字（figures）不相加。
- 字段=值（count、total、list）：只算这个字段等于该值的记录，如 level=省级、district=南开区。
  可以写几个，须同时满足；字段是列表（如 partners）时，列表中有这个值即可。值只能是一个词，
  不能有空格。
- limit=N（仅 list）：最多列出 N 条。
- style=cards（仅 list）：显示为卡片。
- sort=字段 或 sort=-字段（仅 list）：按这个字段排序，“-”表示倒序（日期从新到旧）。
  日期按文字排序，级别、状态等按固定顺序（级别从全国级到企业级）；没有这个字段的记录排在最后；
  相同时按编号排。不写 sort 时按编号排。荣誉还可以写 sort=-date：按荣誉的日期排，即授予时间，
  没有授予时间时按公布时间，再没有时按授牌时间。

写在行内代码（同一行的一对反引号之间）或代码块（用 ``` 或 ~~~ 围起来）中的标记不会展开，
可以用来在说明文档里展示写法。标记只在 `content/` 的手写页面中展开，数据里的文字永远不会
被当作标记。

写错时（标记名、类别、字段、编号或参数不对），网站不会生成，并逐条指出位置和改法，如：
`content/about.md:12:5: 找不到编号为“li-gnag”的记录。是不是想写“li-gang”？`

For developers: :func:`expand_markers` replaces the markers of one page and raises one
:class:`MarkerError` listing every bad marker; :func:`find_marker_errors` only checks. Every
string from the data is written as inline HTML with HTML- and Markdown-significant
characters turned into numeric character references, so a record named ``*x*``,
``[x](javascript:…)`` or ``{{ 7*7 }}`` is shown as written and does nothing.
"""

from __future__ import annotations

import bisect
import difflib
import enum
import functools
import re
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import markupsafe

from showcase.records.catalog import Catalog
from showcase.records.diagnostics import safe_text
from showcase.records.errors import ShowcaseError
from showcase.records.names import plain_name, record_name
from showcase.records.schema import (
    AnyRecord,
    Award,
    Figure,
    RecordKind,
    RefTo,
    bare_annotation,
    kind_title,
    record_model,
)
from showcase.records.totals import TotalError, add, quantity_fields, terms_of
from showcase.site.urls import TOTALS_SRC_URI, listing_src_uri, record_src_uri

__all__ = [
    "MARKER_NAMES",
    "MarkerError",
    "MarkerProblem",
    "expand_markers",
    "find_marker_errors",
]

LinkTo = Callable[[str, str], str]
# The HTML of a record's thumbnail as seen from a page (record, page_src_uri), or None.
Thumbnail = Callable[[AnyRecord, str], str | None]

# Fenced code and inline code come first, so that a marker shown in code is matched as
# part of the code and left alone; everything else that starts with {{showcase is a marker.
_MARKER_RE = re.compile(
    r"""
      (?P<fence>                                   # ``` or ~~~ code block
          ^[ ]{0,3} (?P<fence_chars> `{3,} | ~{3,} ) [^\n]* \n
          (?: .* \n )*?                            # its lines, as few as possible,
          [ ]{0,3} (?P=fence_chars) [ \t]* $       # up to the same fence
      )
    | (?P<code>                                    # `inline code`, on one line
          (?<!`) (?P<ticks> `+ ) (?!`) [^\n]*? (?<!`) (?P=ticks) (?!`)
      )
    | (?P<marker>                                  # {{showcase name arguments}}
          \{\{ [ \t]* showcase \b
          (?P<body> [^{}\n]* )
          (?P<close> \}\} )?                       # missing: reported, not skipped
      )
    """,
    re.VERBOSE | re.MULTILINE,
)

# Characters that mean something to HTML or to Markdown and its extensions (emphasis,
# links, code, tables, emoji, math, attribute lists, templates). Written as numeric
# character references they display as themselves and mean nothing.
_NEUTRALISE = str.maketrans({char: f"&#{ord(char)};" for char in "&<>\"'\\`*_{}[]()#+-.!|~^=:$@"})

_KIND_NAMES = "、".join(kind.value for kind in RecordKind)
_LIST_ONLY_OPTIONS = ("limit", "sort", "style")
# How many records of a kind, as one says it: 4个工作室, 12项荣誉.
_MEASURE_WORDS = {
    RecordKind.STUDIOS: "个",
    RecordKind.AWARDS: "项",
    RecordKind.PROJECTS: "个",
    RecordKind.PEOPLE: "位",
    RecordKind.ORGANIZATIONS: "个",
    RecordKind.FIGURES: "项",
    RecordKind.SOURCES: "篇",
}


@dataclass(frozen=True, order=True)
class MarkerProblem:
    """One marker that cannot be expanded: where it is and what to write instead."""

    line: int  # 1-based, in the page's file
    column: int  # 1-based, of the marker's "{{"
    message: str

    def at(self, path: str) -> str:
        """The problem as editors and GitHub read it: ``content/about.md:12:5: …``."""
        return f"{path}:{self.line}:{self.column}: {self.message}"

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


class MarkerError(ShowcaseError, ValueError):
    """Every bad marker of one page; ``line`` and ``column`` are those of the first."""

    def __init__(self, problems: Sequence[MarkerProblem]) -> None:
        self.problems = tuple(problems)
        self.line = self.problems[0].line
        self.column = self.problems[0].column
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def at(self, path: str) -> str:
        """Every problem on its own line, each prefixed with ``path:line:column:``."""
        return "\n".join(safe_text(problem.at(path)) for problem in self.problems)


class _Invalid(ShowcaseError):
    """A marker is wrong; carries the Chinese message, the position is added by the caller."""


@dataclass(frozen=True)
class _Field:
    """A field that markers may filter or sort on."""

    name: str
    many: bool  # a list of values, e.g. partners
    choices: tuple[str, ...]  # the allowed values of an enum field; empty for text
    refers_to: tuple[RecordKind, ...]  # the kinds a reference may name; empty otherwise


@dataclass(frozen=True)
class _Page:
    """What the expansion of one page needs, worked out once for all its markers."""

    catalog: Catalog
    records_by_id: dict[str, AnyRecord]
    page_src_uri: str
    link_to: LinkTo
    thumbnail: Thumbnail | None = None

    def href(self, target_src_uri: str) -> str:
        return self.link_to(self.page_src_uri, target_src_uri)


def expand_markers(
    markdown: str,
    *,
    catalog: Catalog,
    page_src_uri: str,
    link_to: LinkTo,
    first_line: int = 1,
    thumbnail: Thumbnail | None = None,
) -> str:
    """Replace every ``{{showcase …}}`` marker of a hand-written page with data.

    ``link_to(page_src_uri, target_src_uri)`` must return the URL exactly as it is to
    appear in the HTML: the links are raw HTML, which MkDocs does not rewrite (use
    ``functools.partial(showcase.site.urls.relative_url, use_directory_urls=…)``).
    ``first_line`` is the line of the file on which ``markdown`` starts, e.g. after front
    matter, so that positions point into the file. Raises :class:`MarkerError` listing
    every bad marker of the page.
    """
    if "showcase" not in markdown:
        return markdown  # most pages: no need to scan
    page = _Page(catalog, catalog.by_id(), page_src_uri, link_to, thumbnail)
    problems: list[MarkerProblem] = []
    line_starts = _line_starts(markdown)

    def replace(match: re.Match[str]) -> str:
        if match["marker"] is None:
            return match[0]  # code: shown as written
        try:
            return _expand(match, markdown, page)
        except _Invalid as invalid:
            line, column = _position(line_starts, match.start(), first_line)
            problems.append(MarkerProblem(line, column, str(invalid)))
            return match[0]

    expanded = _MARKER_RE.sub(replace, markdown)
    if problems:
        raise MarkerError(problems)
    return expanded


def find_marker_errors(
    markdown: str, *, catalog: Catalog, first_line: int = 1
) -> list[MarkerProblem]:
    """Every bad marker of a page, in order; empty when the page is fine."""
    try:
        expand_markers(
            markdown,
            catalog=catalog,
            page_src_uri="index.md",
            link_to=lambda _page, target: target,
            first_line=first_line,
        )
    except MarkerError as error:
        return list(error.problems)
    return []


def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer("\n", text))]


def _position(line_starts: list[int], offset: int, first_line: int) -> tuple[int, int]:
    index = bisect.bisect_right(line_starts, offset) - 1
    return first_line + index, offset - line_starts[index] + 1


# --- one marker -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Arguments:
    """A marker's arguments: the positional ones and the name=value options, as written."""

    positional: tuple[str, ...]
    options: tuple[tuple[str, str], ...]

    def option(self, name: str) -> str | None:
        return next((value for key, value in self.options if key == name), None)

    def filters(self) -> tuple[tuple[str, str], ...]:
        return tuple((k, v) for k, v in self.options if k not in _LIST_ONLY_OPTIONS)


Handler = Callable[[_Page, _Arguments, bool], str]


@dataclass(frozen=True)
class _MarkerSpec:
    """What a marker takes, and an example of it for error messages."""

    handler: Handler
    positional: tuple[str, ...]  # what each positional argument is, in Chinese
    example: str
    filters: bool = False
    list_options: bool = False
    variadic: bool = False  # one or more of its one positional argument


def _expand(match: re.Match[str], markdown: str, page: _Page) -> str:
    if match["close"] is None:
        raise _Invalid(
            "标记没有结尾的“}}”。一个标记要写在一行之内，如 {{showcase count studios}}。"
        )
    words = match["body"].split()
    if not words:
        raise _Invalid(
            f"标记里缺少标记名。可用的标记：{'、'.join(MARKER_NAMES)}，如 {{{{showcase count studios}}}}。"
        )
    name, *rest = words
    spec = _MARKERS.get(name)
    if spec is None:
        raise _Invalid(
            f"未知的标记“{name}”。{_did_you_mean(name, MARKER_NAMES)}"
            f"可用的标记：{'、'.join(MARKER_NAMES)}，如 {{{{showcase count studios}}}}。"
        )
    arguments = _parse_arguments(name, rest, spec)
    line_start = markdown.rfind("\n", 0, match.start()) + 1
    line_end = markdown.find("\n", match.end())
    if line_end < 0:
        line_end = len(markdown)
    alone = not (markdown[line_start : match.start()] + markdown[match.end() : line_end]).strip()
    return spec.handler(page, arguments, alone)


def _parse_arguments(name: str, words: Sequence[str], spec: _MarkerSpec) -> _Arguments:
    positional: list[str] = []
    options: dict[str, str] = {}
    for word in words:
        key, equals, value = word.partition("=")
        if not equals:
            positional.append(word)
            continue
        if not key:
            raise _Invalid(f"参数“{word}”缺少等号前的字段名，应写成 字段=值，如 level=省级。")
        if not value:
            raise _Invalid(f"参数“{word}”缺少等号后的值，应写成 {key}=值。")
        if key in options:
            raise _Invalid(f"参数“{key}”写了两次。每个参数只能写一次。")
        if key in _LIST_ONLY_OPTIONS and not spec.list_options:
            raise _Invalid(f"{name} 标记不能写 {key}=，只有 list 标记可以。")
        if key not in _LIST_ONLY_OPTIONS and not spec.filters:
            raise _Invalid(f"{name} 标记不带“字段=值”参数，应写成 {spec.example}。")
        options[key] = value
    if spec.variadic:
        if not positional:
            raise _Invalid(f"{name} 标记至少要写 1 个{spec.positional[0]}，如 {spec.example}。")
    elif len(positional) != len(spec.positional):
        needed = "、".join(spec.positional)
        raise _Invalid(
            f"{name} 标记要写 {len(spec.positional)} 个参数（{needed}），"
            f"这里写了 {len(positional)} 个。应写成 {spec.example}。"
        )
    return _Arguments(tuple(positional), tuple(options.items()))


# --- the markers ------------------------------------------------------------------------


def _count(page: _Page, arguments: _Arguments, alone: bool) -> str:
    kind = _kind(arguments.positional[0])
    return str(len(_filtered(page, kind, arguments.filters())))


def _figure(page: _Page, arguments: _Arguments, alone: bool) -> str:
    record = _record(page, arguments.positional[0])
    if not isinstance(record, Figure):
        raise _Invalid(
            f"“{record.id}”是 {record.kind.value} 中的记录，不是官方公布数字。"
            f"figure 标记只能写 figures 中的编号；链接到其他记录请用 {{{{showcase link {record.id}}}}}。"
        )
    target = record_src_uri(RecordKind.FIGURES, record.id)
    return _link(page, target, record.value.text, title=_figure_source(page, record))


def _total(page: _Page, arguments: _Arguments, alone: bool) -> str:
    kind_word, field = arguments.positional
    kind = _kind(kind_word)
    fields = quantity_fields(kind)
    if not fields:
        raise _Invalid(
            f"{kind.value} 记录没有可以相加的数量字段。有数量字段的类别：{_kinds_with_quantities()}。"
        )
    if field not in fields:
        raise _Invalid(
            f"{kind.value} 记录没有数量字段“{field}”。{_did_you_mean(field, fields)}"
            f"可以相加的字段：{'、'.join(fields)}。"
        )
    records = _filtered(page, kind, arguments.filters())
    try:
        terms = terms_of(kind, records, field, every_record=page.records_by_id)
        total = add(term.quantity for term in terms)
    except TotalError as error:
        raise _Invalid(f"无法相加 {kind.value} 的 {field}：{error}") from None
    included = sum(len(term.included) for term in terms)
    # A part whose whole is counted is not added again; the title says so.
    inside = f"（另有 {included} 条已包含在其所属记录中，不重复计算）" if included else ""
    title = f"本站收录的 {len(terms)} 条记录相加得出{inside}，不是官方公布的数字"
    return _link(page, TOTALS_SRC_URI, total.text, title=title)


def _list(page: _Page, arguments: _Arguments, alone: bool) -> str:
    if not alone:
        raise _Invalid("list 标记生成一个列表，须单独占一行，前后不要写其他文字。")
    kind = _kind(arguments.positional[0])
    records = _sorted(kind, _filtered(page, kind, arguments.filters()), arguments.option("sort"))
    limit = arguments.option("limit")
    if limit is not None:
        if not (limit.isascii() and limit.isdigit() and int(limit) > 0):
            raise _Invalid(f"limit 应为正整数，如 limit=5，这里写的是“{limit}”。")
        records = records[: int(limit)]
    if not records:
        return "<p>暂无记录。</p>"
    style = arguments.option("style")
    if style is not None and style != "cards":
        raise _Invalid(f"style 只能写 cards（卡片），这里写的是“{style}”。")
    if style == "cards":
        cards = "".join(_record_card(page, record) for record in records)
        return f'<ul class="showcase-cards showcase-cards--media">{cards}</ul>'
    items = []
    for record in records:
        link = _link(page, record_src_uri(kind, record.id), record_name(record, page.records_by_id))
        picture = page.thumbnail(record, page.page_src_uri) if page.thumbnail else None
        if picture:
            items.append(f'<li class="showcase-with-thumbnail">{picture}{link}</li>')
        else:
            items.append(f"<li>{link}</li>")
    # One line: the marker's line becomes one raw HTML block, and no blank line can end it.
    return '<ul class="showcase-list">' + "".join(items) + "</ul>"


def _figures(page: _Page, arguments: _Arguments, alone: bool) -> str:
    if not alone:
        raise _Invalid("figures 标记生成一排卡片，须单独占一行，前后不要写其他文字。")
    cards = []
    for record_id in arguments.positional:
        record = _record(page, record_id)
        if not isinstance(record, Figure):
            raise _Invalid(
                f"“{record.id}”是 {record.kind.value} 中的记录，不是官方公布数字。"
                "figures 标记只能写 figures 中的编号。"
            )
        when = f"截至{record.as_of}" if record.as_of else (record.period or "")
        cards.append(
            _stat_card(
                page,
                record_src_uri(RecordKind.FIGURES, record.id),
                number=record.value.text,
                label=record.metric,
                note=f"{record.scope} {when}".strip(),
                tag="官方公布",
                reported=True,
            )
        )
    return f'<div class="showcase-stats">{"".join(cards)}</div>'


def _counts(page: _Page, arguments: _Arguments, alone: bool) -> str:
    if not alone:
        raise _Invalid("counts 标记生成一排卡片，须单独占一行，前后不要写其他文字。")
    cards = []
    for word in arguments.positional:
        kind = _kind(word)
        count = len(page.catalog.of_kind(kind))
        cards.append(
            _stat_card(
                page,
                listing_src_uri(kind),
                number=f"{count}{_MEASURE_WORDS[kind]}",
                label=kind_title(kind),
                note="本站逐条记录，可查看详情",
                tag="本站收录",
                reported=False,
            )
        )
    return f'<div class="showcase-stats">{"".join(cards)}</div>'


def _stat_card(
    page: _Page, target: str, *, number: str, label: str, note: str, tag: str, reported: bool
) -> str:
    """A large-number card; 官方公布 and 本站收录 differ in colour and say so in words."""
    variant = "reported" if reported else "held"
    href = markupsafe.escape(page.href(target))
    return (
        f'<a class="showcase-stat showcase-stat--{variant}" href="{href}">'
        f'<span class="showcase-stat__tag">{tag}</span>'
        f'<span class="showcase-stat__number">{_inert(number)}</span>'
        f'<span class="showcase-stat__label">{_inert(label)}</span>'
        f'<span class="showcase-stat__note">{_inert(note)}</span></a>'
    )


def _record_card(page: _Page, record: AnyRecord) -> str:
    """A card of one record: its photo (the emblem without one), its name and a line about it."""
    link = _link(
        page, record_src_uri(record.kind, record.id), record_name(record, page.records_by_id)
    )
    about = _card_summary(page, record)
    summary = f'<span class="showcase-card__summary">{_inert(about)}</span>' if about else ""
    picture = page.thumbnail(record, page.page_src_uri) if page.thumbnail else None
    if picture:
        # alt="": the link beside the picture names the record.
        media = f'<span class="showcase-card__media">{picture}</span>'
    else:
        media = '<span class="showcase-card__media showcase-emblem" aria-hidden="true"></span>'
    return f'<li class="showcase-card">{media}{link}{summary}</li>'


def _card_summary(page: _Page, record: AnyRecord) -> str:
    parts: list[str] = []
    for name in ("organization", "owner", "recipient", "level", "awarded", "named", "district"):
        value = getattr(record, name, None)
        if not value:
            continue
        target = page.records_by_id.get(str(value)) if name in _REFERENCE_FIELDS else None
        if name in _REFERENCE_FIELDS and target is None:
            continue
        parts.append(plain_name(target) if target is not None else _as_text(value))
    return " · ".join(dict.fromkeys(parts))


# Fields of a card's summary that name another record.
_REFERENCE_FIELDS = ("organization", "owner", "recipient")


def _link_marker(page: _Page, arguments: _Arguments, alone: bool) -> str:
    record = _record(page, arguments.positional[0])
    name = record_name(record, page.records_by_id)
    return _link(page, record_src_uri(record.kind, record.id), name)


_MARKERS: dict[str, _MarkerSpec] = {
    "count": _MarkerSpec(_count, ("类别",), "{{showcase count studios}}", filters=True),
    "figure": _MarkerSpec(_figure, ("编号",), "{{showcase figure fig-studios-tianjin}}"),
    "total": _MarkerSpec(
        _total,
        ("类别", "数量字段"),
        "{{showcase total studios achievements.patents_granted}}",
        filters=True,
    ),
    "list": _MarkerSpec(
        _list,
        ("类别",),
        "{{showcase list awards honour=工人先锋号 limit=5 sort=-awarded}}",
        filters=True,
        list_options=True,
    ),
    "link": _MarkerSpec(_link_marker, ("编号",), "{{showcase link li-gang}}"),
    "figures": _MarkerSpec(
        _figures, ("编号",), "{{showcase figures fig-studios-tianjin}}", variadic=True
    ),
    "counts": _MarkerSpec(_counts, ("类别",), "{{showcase counts studios awards}}", variadic=True),
}
MARKER_NAMES: tuple[str, ...] = tuple(_MARKERS)


# --- finding records --------------------------------------------------------------------


def _kind(word: str) -> RecordKind:
    try:
        return RecordKind(word)
    except ValueError:
        names = [kind.value for kind in RecordKind]
        raise _Invalid(
            f"未知的记录类别“{word}”。{_did_you_mean(word, names)}可写：{_KIND_NAMES}。"
        ) from None


def _record(page: _Page, record_id: str) -> AnyRecord:
    record = page.records_by_id.get(record_id)
    if record is None:
        hint = _did_you_mean(record_id, page.records_by_id) or "请核对 data/ 中记录的 id。"
        raise _Invalid(f"找不到编号为“{record_id}”的记录。{hint}")
    return record


def _filtered(page: _Page, kind: RecordKind, filters: Iterable[tuple[str, str]]) -> list[AnyRecord]:
    every_record = page.catalog.of_kind(kind)
    fields = _fields(kind)
    records = every_record
    for key, wanted in filters:
        field = fields.get(key)
        if field is None:
            raise _Invalid(
                f"{kind.value} 记录没有可以筛选的字段“{key}”。{_did_you_mean(key, fields)}"
                f"可以筛选的字段：{'、'.join(fields)}。"
            )
        _check_filter_value(page, kind, field, wanted, every_record)
        records = [record for record in records if wanted in _values(record, field)]
    return records


def _check_filter_value(
    page: _Page, kind: RecordKind, field: _Field, wanted: str, every_record: list[AnyRecord]
) -> None:
    """Refuse a value that cannot be meant: not one of the choices, a missing id, a typo."""
    if field.choices:
        if wanted not in field.choices:
            raise _Invalid(
                f"{field.name} 的值只能是 {'、'.join(field.choices)}，这里写的是“{wanted}”。"
            )
        return
    if field.refers_to:
        target = page.records_by_id.get(wanted)
        kinds = "、".join(each.value for each in field.refers_to)
        if target is None:
            candidates = [r.id for each in field.refers_to for r in page.catalog.of_kind(each)]
            raise _Invalid(
                f"{field.name} 要写 {kinds} 中某条记录的编号，找不到“{wanted}”。"
                f"{_did_you_mean(wanted, candidates)}"
            )
        if target.kind not in field.refers_to:
            raise _Invalid(
                f"“{wanted}”是 {target.kind.value} 中的记录，{field.name} 要写 {kinds} 中某条记录的编号。"
            )
        return
    # A value no record has may be a typo: a page saying "0" would then be wrong, silently.
    existing = sorted({value for record in every_record for value in _values(record, field)})
    suggestion = _did_you_mean(wanted, existing)
    if wanted not in existing and suggestion:
        raise _Invalid(f"没有哪条 {kind.value} 记录的 {field.name} 是“{wanted}”。{suggestion}")


def _sorted(kind: RecordKind, records: list[AnyRecord], sort: str | None) -> list[AnyRecord]:
    by_id = sorted(records, key=lambda record: record.id)
    if sort is None:
        return by_id
    descending = sort.startswith("-")
    name = sort.removeprefix("-")
    if name == "date" and kind is RecordKind.AWARDS:
        # An award's dates each say what happened; "date" orders by the first one known.
        dated = [record for record in by_id if isinstance(record, Award) and record.first_date()]
        undated = [record for record in by_id if record not in dated]
        dated.sort(key=lambda record: _first_date(record), reverse=descending)
        return dated + undated
    sortable = {n: f for n, f in _fields(kind).items() if not f.many}
    field = sortable.get(name)
    if field is None:
        raise _Invalid(
            f"{kind.value} 记录不能按“{name}”排序。{_did_you_mean(name, sortable)}"
            f"可以排序的字段：{'、'.join(sortable)}（前面加“-”表示倒序）。"
        )
    with_value = [record for record in by_id if _values(record, field)]
    without_value = [record for record in by_id if not _values(record, field)]

    def sort_key(record: AnyRecord) -> tuple[int, str]:
        value = _values(record, field)[0]
        # Choices sort in the schema's order (全国级 before 省级), not by their characters.
        return (field.choices.index(value) if field.choices else 0, value)

    # Python's sort is stable, also in reverse, so equal values stay in id order.
    with_value.sort(key=sort_key, reverse=descending)
    return with_value + without_value


def _first_date(record: AnyRecord) -> str:
    return (record.first_date() if isinstance(record, Award) else None) or ""


def _values(record: AnyRecord, field: _Field) -> list[str]:
    """The field's values as text (an enum as its value); empty when it is not filled in."""
    value = getattr(record, field.name)
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [_as_text(item) for item in items]


def _as_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"  # as an editor writes it in YAML and in markers
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


@functools.cache
def _field_list(kind: RecordKind) -> tuple[_Field, ...]:
    fields = (
        _field(name, info.annotation, info.metadata)
        for name, info in record_model(kind).model_fields.items()
    )
    return tuple(field for field in fields if field is not None)


def _fields(kind: RecordKind) -> dict[str, _Field]:
    """The fields of a kind that hold text, a choice, yes/no or references: to filter on."""
    return {field.name: field for field in _field_list(kind)}


def _field(name: str, annotation: Any, metadata: list[Any]) -> _Field | None:
    base, peeled = bare_annotation(annotation)
    markers = [*metadata, *peeled]
    many = typing.get_origin(base) is list
    if many:
        base, markers = bare_annotation(typing.get_args(base)[0])
    if isinstance(base, type) and issubclass(base, enum.Enum):
        return _Field(name, many, tuple(str(member.value) for member in base), ())
    if base is bool:
        return _Field(name, many, ("true", "false"), ())
    if base is str:
        refers_to = next((m.kinds for m in markers if isinstance(m, RefTo)), ())
        return _Field(name, many, (), refers_to)
    return None  # quantities, and parts such as sources and photos


def _kinds_with_quantities() -> str:
    return "、".join(kind.value for kind in RecordKind if quantity_fields(kind))


# --- writing ----------------------------------------------------------------------------


def _figure_source(page: _Page, figure: Figure) -> str:
    titles = []
    for citation in figure.sources:
        source = page.records_by_id.get(citation.source)
        titles.append(plain_name(source) if source else citation.source)
    when = f"截至{figure.as_of}" if figure.as_of else figure.period
    return f"来源：{'；'.join(dict.fromkeys(titles))}（{when}）"


def _link(page: _Page, target_src_uri: str, text: str, *, title: str | None = None) -> str:
    """An inline HTML link whose text and title are inert in HTML and in Markdown."""
    href = markupsafe.escape(page.href(target_src_uri))
    title_attribute = f' title="{_inert(title)}"' if title else ""
    return f'<a href="{href}"{title_attribute}>{_inert(text)}</a>'


def _inert(text: str) -> str:
    """Text that Markdown and HTML show as written: special characters as references."""
    return text.translate(_NEUTRALISE)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    matches = difflib.get_close_matches(word, sorted(choices), n=3, cutoff=0.6)
    if not matches:
        return ""
    return f"是不是想写{'或'.join(f'“{match}”' for match in matches)}？"
