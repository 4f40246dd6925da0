"""The site's layout held against the data: ids and facet values that would share an address.

A record's id becomes a file name (``studios/<id>.html``) and a facet value a folder
(``studios/district/<slug>/``). Where one of them would fall on a listing page, on
another value's folder, on a hand-written page in ``content/`` or on a name Windows cannot
unpack, the build would die, or worse, silently write one page over another. Each such
case is a validation error at the record that causes it, found with the functions that
lay the pages out (:mod:`showcase.site.urls`, :data:`showcase.site.listings.FACETS`), so that
what ``showcase validate`` accepts is what the build writes.

Why the check lives here and not in ``records/``: where a page goes is the site's
decision (which fields are facets, how a listing is paged), and ``records/`` may not
import the site, since imports only go down. Moving the layout down would move the
listings' design into the data layer. Instead :func:`validate_site` runs the records'
own checks, then this one; ``showcase validate``, the build, ``showcase diff`` and the
guide all validate through it.

A hand-written page in the place of one of the site's own pages (``content/studios.md``
over the listing of studios) does not depend on the data: :func:`check_generated`, which
the build runs, refuses it, with the same comparison (:func:`showcase.site.urls.find_clashes`).
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from showcase.records.catalog import Catalog, Origin
from showcase.records.diagnostics import Category
from showcase.records.errors import ShowcaseError
from showcase.records.loader import LoadResult
from showcase.records.schema import RECORD_ID_PATTERN, AnyRecord, RecordKind, record_model
from showcase.records.validation import validate
from showcase.site.listings import FACETS, Facet
from showcase.site.pages import KIND_ORDER, KIND_TITLES
from showcase.site.urls import (
    SORT_ORDER_NAMES,
    Clash,
    facet_index_src_uri,
    find_clashes,
    is_listing_page_name,
    listing_src_uri,
    output_path,
    record_src_uri,
    windows_name_problem,
)

# Where hand-written pages are, relative to the repository (mkdocs.yml's docs_dir).
CONTENT_DIR = "content"


def validate_site(
    paths: Sequence[Path],
    root: Path,
    *,
    docs_dir: Path | None = None,
    hand_written: Iterable[str] | None = None,
) -> LoadResult:
    """:func:`~showcase.records.validation.validate`, and the check that the site can hold it.

    ``docs_dir`` is the folder of hand-written pages (``content/`` under ``root`` unless
    given); a record or facet value may not take the address of one of its files.
    ``hand_written`` names those files, relative to it, when they are not on disk (an old
    revision read from git); by default the folder is read.
    """
    docs_dir = docs_dir if docs_dir is not None else root / CONTENT_DIR
    pages = list(hand_written if hand_written is not None else hand_written_files(docs_dir))
    shown = Path(os.path.relpath(docs_dir, root)).as_posix()
    # Run beside the checks across files on much data (see validate), with the collector
    # paused: the addresses of 100,000 records are made beside millions of objects that
    # it would otherwise scan again and again (half of this check's time).
    return validate(
        paths, root, also=lambda result: check_addresses(result, pages, shown_dir=shown)
    )


def hand_written_files(docs_dir: Path) -> list[str]:
    """Every file under ``docs_dir``, relative to it, sorted.

    (MkDocs leaves out dot files and a top-level templates/ folder; neither can be in the
    way of a record or a facet value, whose names never start with a dot.)
    """
    if not docs_dir.is_dir():
        return []
    return sorted(
        Path(folder, name).relative_to(docs_dir).as_posix()
        for folder, _, files in os.walk(docs_dir)
        for name in files
    )


# --- who holds an address -----------------------------------------------------------------


@dataclass(frozen=True)
class _SitePage:
    """A page the site always has, named for messages: a listing or a facet's index."""

    src_uri: str
    title: str


@dataclass(frozen=True)
class _HandWritten:
    """A file in the docs folder."""

    src_uri: str
    shown: str  # as editors know it, e.g. content/studios/foo.md


@dataclass(frozen=True)
class _RecordPage:
    """The page of one record, as written (the record may fail other checks)."""

    src_uri: str
    record_id: str
    kind: RecordKind
    origin: Origin


@dataclass(frozen=True)
class _FacetValue:
    """The listing folder of one value of a facet, and the records that carry the value."""

    src_uri: str
    kind: RecordKind
    facet: Facet
    value: str
    records: list[AnyRecord] = field(compare=False, hash=False)


_Holder = _SitePage | _HandWritten | _RecordPage | _FacetValue


def check_addresses(result: LoadResult, hand_written: Iterable[str], *, shown_dir: str) -> None:
    """Report every id and facet value that the site could not publish at its own address.

    ``hand_written`` are the files of the docs folder, relative to it; ``shown_dir`` is
    that folder as messages name it, e.g. ``content``.
    """
    # The order decides which of two is reported: the site's own pages and hand-written
    # ones stay, then the commonest spelling of a facet value.
    pages = [page for page in _record_pages(result) if not _refused_by_name(page)]
    holders: list[_Holder] = [
        *_site_pages(),
        *(_HandWritten(src_uri, f"{shown_dir}/{src_uri}") for src_uri in hand_written),
        *_facet_values(result.catalog),
        *pages,
    ]
    for clash in find_clashes(holders, lambda holder: holder.src_uri):
        _report(clash, result.catalog)


def _site_pages() -> Iterator[_SitePage]:
    """The pages every site may have beside its records, whether the data makes them yet.

    A facet's index page appears once it has many values; its address is kept from the
    start, so that a growing site never meets a record or a hand-written page there.
    Later pages of a listing are refused by name instead (is_listing_page_name): how many
    there are depends on the page size, which mkdocs.yml sets.
    """
    for kind in KIND_ORDER:
        yield _SitePage(listing_src_uri(kind), f"“{KIND_TITLES[kind]}”的列表页")
        for facet in FACETS[kind]:
            yield _SitePage(
                facet_index_src_uri(kind, facet.name),
                f"“{KIND_TITLES[kind]}”按{facet.title}分类的页面",
            )


def _facet_values(catalog: Catalog) -> Iterator[_FacetValue]:
    for kind in KIND_ORDER:
        for facet in FACETS[kind]:
            carriers: dict[str, list[AnyRecord]] = defaultdict(list)
            for record in catalog.of_kind(kind):
                value = facet.value_of(record)
                if value:
                    carriers[value].append(record)
            # The commonest spelling first: when two share a folder, the other is reported.
            for value, records in sorted(carriers.items(), key=lambda item: -len(item[1])):
                yield _FacetValue(
                    listing_src_uri(kind, 1, facet.name, value), kind, facet, value, records
                )


# Compiled once: matched against the id of every record (re.fullmatch looks it up each call).
_RECORD_ID = re.compile(RECORD_ID_PATTERN)


def _record_pages(result: LoadResult) -> Iterator[_RecordPage]:
    matches_id = _RECORD_ID.fullmatch
    for _, raw, origin in result.written_records:
        record_id = raw.get("id")
        if not isinstance(record_id, str) or not matches_id(record_id):
            continue  # the schema reports it
        kind = origin.kind
        yield _RecordPage(record_src_uri(kind, record_id), record_id, kind, origin)


def _refused_by_name(page: _RecordPage) -> bool:
    """Report an id that may never name a page, whatever else the site holds; True if so."""
    if is_listing_page_name(page.record_id):
        file = output_path(page.src_uri, use_directory_urls=False)
        sorted_names = "、".join(f"sort-{name}" for name in SORT_ORDER_NAMES)
        _error_at_id(
            page,
            f"编号“{page.record_id}”是列表分页的名字（“{KIND_TITLES[page.kind]}”的列表依次是 "
            f"index、page-2、page-3……，另有排序页 {sorted_names} 及其分页），这条记录的网页"
            f"（{file}）会与列表页冲突。请换一个编号。",
            code="reserved-id",
        )
        return True
    problem = windows_name_problem(page.record_id)
    if problem is not None:
        file = output_path(page.src_uri, use_directory_urls=False)
        _error_at_id(
            page,
            f"编号“{page.record_id}”不能做网页的文件名：{problem}，离线版在 Windows "
            f"电脑上无法解压这条记录的网页（{file}）。请换一个编号，如“{page.record_id}-1”。",
            code="reserved-id",
        )
        return True
    return False


def _error_at_id(page: _RecordPage, message: str, *, code: str) -> None:
    page.origin.file.error((*page.origin.loc, "id"), message, code=code, category=Category.ADDRESS)


# --- what to tell the editor ----------------------------------------------------------------


def _report(clash: Clash[_Holder], catalog: Catalog) -> None:
    """Report a clash at the data that causes it; clashes of pages alone are the build's."""
    first, second = clash.first, clash.second
    if isinstance(second, _RecordPage):
        _report_record(clash, second, first)
    elif isinstance(first, _RecordPage):
        _report_record(clash, first, second)
    elif isinstance(second, _FacetValue):
        _report_facet_value(clash, second, first, catalog)
    elif isinstance(first, _FacetValue):
        _report_facet_value(clash, first, second, catalog)


def _report_record(clash: Clash[_Holder], page: _RecordPage, other: _Holder) -> None:
    where = f"写到同一个位置（{clash.output}）"
    if isinstance(other, _HandWritten):
        _error_at_id(
            page,
            f"编号“{page.record_id}”的网页会与手写页面 {other.shown} {where}。"
            "请给这条记录换一个编号，或者把手写页面改名。",
            code="content-clash",
        )
    elif isinstance(other, _SitePage):
        _error_at_id(
            page,
            f"编号“{page.record_id}”是网站自己使用的名字：这条记录的网页会与{other.title}{where}。"
            "请换一个编号。",
            code="reserved-id",
        )
    # Two records of one kind with one id: the duplicate-id check has reported it. A
    # facet value's folder is one level deeper than any record's page.


def _report_facet_value(
    clash: Clash[_Holder], value: _FacetValue, other: _Holder, catalog: Catalog
) -> None:
    title = value.facet.title
    if isinstance(other, _HandWritten):
        _error_at_value(
            value,
            value.records[:1],
            f"{title}“{value.value}”的列表页会与手写页面 {other.shown} 写到同一个位置"
            f"（{clash.output}）。请把手写页面改名或移到别处。",
            code="content-clash",
            catalog=catalog,
        )
    elif isinstance(other, _FacetValue):
        first = catalog.origin(other.records[0])
        more = f"等 {len(other.records)} 条记录" if len(other.records) > 1 else ""
        how = "只差大小写" if value.value.lower() == other.value.lower() else "的网址相同"
        folder = posixpath.dirname(clash.output)
        _error_at_value(
            value,
            value.records,
            f"{title}“{value.value}”与 {first.path} 第 {first.line} 行{more}的“{other.value}”"
            f"{how}，两者的列表会写进同一个文件夹 {folder}/。"
            f"如果是同一个{title}，请统一写成“{other.value}”；如果不是，请改用能区分的写法。",
            code="facet-clash",
            catalog=catalog,
        )


def _error_at_value(
    value: _FacetValue,
    records: Sequence[AnyRecord],
    message: str,
    *,
    code: str,
    catalog: Catalog,
) -> None:
    # Most facets read one field, named like the facet; a year is read from a date, and
    # the error then points at the record.
    fields = record_model(value.kind).model_fields
    for record in records:
        origin = catalog.origin(record)
        loc = (*origin.loc, value.facet.name) if value.facet.name in fields else origin.loc
        origin.file.error(loc, message, code=code, category=Category.ADDRESS)


# --- the build's own check -------------------------------------------------------------


class LayoutError(ShowcaseError):
    """Generated files would be written over other files of the site; the message says which."""


def check_generated(
    generated: Sequence[str], hand_written: Sequence[str], *, shown_dir: str
) -> None:
    """Stop a build whose generated files would overwrite each other or a hand-written one.

    ``generated`` and ``hand_written`` are source files of the site (``studios/index.md``,
    ``downloads/studios.csv``). :func:`validate_site` has refused every id and facet value
    that could cause this, so what is left is a hand-written page in the place of a
    listing or of the totals page, or a mistake in the layout itself. A hand-written page
    where a facet's index page will be once the facet has many values is refused now,
    not on the day new data makes that page.
    """
    hidden: list[str] = []
    twice: list[str] = []
    made = set(generated)
    sources = [
        *((False, uri) for uri in hand_written),
        *((True, uri) for uri in generated),
        *((True, page.src_uri) for page in _site_pages() if page.src_uri not in made),
    ]
    for clash in find_clashes(sources, lambda source: source[1]):
        (first_is_ours, first), (second_is_ours, second) = clash.first, clash.second
        if not second_is_ours:
            continue  # two hand-written files: MkDocs' own business
        if first_is_ours:
            twice.append(f"{first} 与 {second}（{clash.output}）")
        else:
            hidden.append(f"{shown_dir}/{first}（与自动生成的 {second} 都写到 {clash.output}）")
    problems = []
    if hidden:
        problems.append(
            f"{shown_dir}/ 里的手写文件与数据自动生成的页面写到同一个位置，请改名或删除手写文件："
            + "、".join(hidden)
        )
    if twice:
        problems.append(
            "两个自动生成的文件写到同一个位置："
            + "、".join(twice)
            + "。数据检查本应发现这个问题，请把这条信息报告给网站的维护者。"
        )
    if problems:
        raise LayoutError("\n".join(problems))
