"""The open data of a site: the files to download and the page that lists them."""

from __future__ import annotations

import functools
import gzip
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup, escape

from showcase.records.catalog import Catalog
from showcase.records.jsonschema import data_file_schema
from showcase.records.revision import Revision
from showcase.records.schema import Award, RecordKind
from showcase.site.exports import ColumnDoc, csv_columns, export_csv, export_json, export_xlsx
from showcase.site.feeds import FEED_ENTRIES, honours_feed
from showcase.site.pages import KIND_ORDER, KIND_TITLES
from showcase.site.templating import render
from showcase.site.urls import page_url, record_src_uri, static_url

DOWNLOADS_SRC_URI = "download.md"
SCHEMA_FILE = "downloads/data.schema.json"
FEED_FILE = "feeds/awards.xml"
FEED_TITLE = "荣誉"
# A value or name as it stands in the files (li-gang, more_than, true, content/photos/a.jpg):
# shown as code, so that a reader sees a machine word, not untranslated prose.
_MACHINE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[-./][A-Za-z0-9_]+)*")
# Names of formats that read as words in Chinese text.
_FORMAT_NAMES = frozenset({"JSON", "CSV", "Markdown", "UTF", "BOM", "Excel"})


# From this many records of a kind on, its JSON and CSV files are published compressed with
# gzip (people.json.gz, people.csv.gz). At 10,000 records the plain files weigh 5 to 17 MB each;
# at a national roll's 100,000 records they were 152 MB of a 1.0 GB site (the size a static host
# such as GitHub Pages allows), about ten times what they weigh compressed, and as long to
# download on a phone. The Excel file is compressed already (a zip), and stays as it is.
COMPRESS_FROM_RECORDS = 10_000
GZIP_SUFFIX = ".gz"


def is_compressed(catalog: Catalog, kind: RecordKind) -> bool:
    """Whether the JSON and CSV files of ``kind`` are published compressed (``.gz``)."""
    return len(catalog.of_kind(kind)) >= COMPRESS_FROM_RECORDS


def json_file(kind: RecordKind, *, compressed: bool = False) -> str:
    """Where the JSON export of a kind is published."""
    return f"downloads/{kind.value}.json" + (GZIP_SUFFIX if compressed else "")


def csv_file(kind: RecordKind, *, compressed: bool = False) -> str:
    """Where the CSV export of a kind is published."""
    return f"downloads/{kind.value}.csv" + (GZIP_SUFFIX if compressed else "")


def gzipped(make: Callable[[], bytes]) -> bytes:
    """What ``make`` gives, compressed with gzip the same way on every build.

    No time and no file name in the header (``mtime=0``): the same data gives the same bytes,
    as the offline archive needs.
    """
    return gzip.compress(make(), compresslevel=6, mtime=0)


def xlsx_file(kind: RecordKind) -> str:
    """Where the Excel export of a kind is published."""
    return f"downloads/{kind.value}.xlsx"


def open_data_files(
    catalog: Catalog,
    *,
    site_url: str | None,
    use_directory_urls: bool,
    dated: datetime | None = None,
    reuse: Mapping[str, bytes] | None = None,
    kinds: Collection[RecordKind] = KIND_ORDER,
    feed: bool | None = None,
) -> dict[str, bytes]:
    """Every open-data file of the site, by its path in the site, with its bytes.

    ``dated`` is the revision's commit time, the only date written into the Excel files.
    With ``reuse`` (the files of the same site before a data edit, for the live preview),
    only the files of ``kinds`` are made again, and the feed and the schema if ``feed``
    (by default, with the honours): the others are taken from it.
    """
    if reuse is not None and (kinds != KIND_ORDER or feed is not None):
        files = dict(reuse)
    else:
        files, kinds, feed = {}, KIND_ORDER, None
    makers = _open_data_makers(
        catalog,
        site_url=site_url,
        use_directory_urls=use_directory_urls,
        dated=dated,
        kinds=kinds,
        feed=feed,
    )
    files.update((path, make()) for path, make in makers)
    return files


def write_open_data_files(
    catalog: Catalog,
    folder: Path,
    *,
    site_url: str | None,
    use_directory_urls: bool,
    dated: datetime | None = None,
) -> dict[str, Path]:
    """Write :func:`open_data_files` into ``folder``, one at a time; the written files by path.

    At 100,000 records the files together are hundreds of MB: each is let go once written,
    so that a build holds at most one of them, never all of them until it ends.
    """
    written: dict[str, Path] = {}
    makers = _open_data_makers(
        catalog, site_url=site_url, use_directory_urls=use_directory_urls, dated=dated
    )
    for path, make in makers:
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(make())
        written[path] = target
    return written


def open_data_paths(catalog: Catalog) -> list[str]:
    """The path in the site of every open-data file, in the order they are made; none made."""
    makers = _open_data_makers(catalog, site_url=None, use_directory_urls=True, dated=None)
    return [path for path, _ in makers]


def _open_data_makers(
    catalog: Catalog,
    *,
    site_url: str | None,
    use_directory_urls: bool,
    dated: datetime | None,
    kinds: Collection[RecordKind] = KIND_ORDER,
    feed: bool | None = None,
) -> Iterator[tuple[str, Callable[[], bytes]]]:
    """Each open-data file's path in the site, with what makes its bytes, in a fixed order.

    Only the files of ``kinds``; the schema and the feed (of the honours) if ``feed``, by
    default with the honours. The feed names the honours' recipients as the site prints
    them, so it may change when the honours' own files do not (a person renamed).
    """
    for kind in KIND_ORDER:
        if kind in kinds:
            as_json = functools.partial(export_json, catalog, kind)
            as_csv = functools.partial(export_csv, catalog, kind)
            if is_compressed(catalog, kind):
                yield json_file(kind, compressed=True), functools.partial(gzipped, as_json)
                yield csv_file(kind, compressed=True), functools.partial(gzipped, as_csv)
            else:
                yield json_file(kind), as_json
                yield csv_file(kind), as_csv
            yield xlsx_file(kind), functools.partial(export_xlsx, catalog, kind, dated=dated)
    if not (RecordKind.AWARDS in kinds if feed is None else feed):
        return
    yield SCHEMA_FILE, lambda: data_file_schema().encode("utf-8")

    def award_url(award: Award) -> str:
        src_uri = record_src_uri(RecordKind.AWARDS, award.id)
        return page_url(src_uri, use_directory_urls=use_directory_urls)

    yield (
        FEED_FILE,
        functools.partial(
            honours_feed,
            catalog,
            site_url=site_url,
            feed_path=FEED_FILE,
            award_url=award_url,
            title=FEED_TITLE,
        ),
    )


def file_sizes(files: Mapping[str, bytes | Path]) -> dict[str, int]:
    """The size in bytes of each open-data file, whether held or written out."""
    return {
        path: len(content) if isinstance(content, bytes) else content.stat().st_size
        for path, content in files.items()
    }


@dataclass(frozen=True)
class Dataset:
    """One kind of record as the download page lists it."""

    title: str
    count: int
    json: tuple[str, str]  # (link, size)
    csv: tuple[str, str]
    xlsx: tuple[str, str]
    columns: list[ColumnDoc]
    compressed: bool  # its JSON and CSV files as .gz


def render_downloads_page(
    catalog: Catalog,
    sizes: Mapping[str, int],
    *,
    revision: Revision,
    use_directory_urls: bool,
) -> Markup:
    """The body of the 下载数据 page: each dataset with its size, count and columns."""

    def link(path: str) -> str:
        return static_url(DOWNLOADS_SRC_URI, path, use_directory_urls=use_directory_urls)

    def dataset(kind: RecordKind) -> Dataset:
        compressed = is_compressed(catalog, kind)
        files = (
            json_file(kind, compressed=compressed),
            csv_file(kind, compressed=compressed),
            xlsx_file(kind),
        )
        json, csv, xlsx = ((link(path), _size(sizes[path])) for path in files)
        title, count = KIND_TITLES[kind], len(catalog.of_kind(kind))
        return Dataset(title, count, json, csv, xlsx, csv_columns(kind), compressed)

    datasets = [dataset(kind) for kind in KIND_ORDER]
    return render(
        "downloads.html",
        title="下载数据",
        datasets=datasets,
        revision=revision,
        schema=(link(SCHEMA_FILE), _size(sizes[SCHEMA_FILE])),
        feed=(link(FEED_FILE), _size(sizes[FEED_FILE])),
        feed_entries=FEED_ENTRIES,
        compress_from=COMPRESS_FROM_RECORDS,
        total=len(catalog),
        machine_words_as_code=machine_words_as_code,
    )


def machine_words_as_code(text: str) -> Markup:
    """``text`` escaped, with every value or field name written as in the files in <code>."""
    html = Markup()
    position = 0
    for match in _MACHINE_WORD.finditer(text):
        word = match.group(0)
        html += escape(text[position : match.start()])
        html += word if word in _FORMAT_NAMES else Markup("<code>%s</code>") % word
        position = match.end()
    return html + escape(text[position:])


def _size(size: int) -> str:
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
