"""The open data of a site: the files to download and the page that lists them."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup, escape

from showcase.records.catalog import Catalog
from showcase.records.jsonschema import data_file_schema
from showcase.records.revision import Revision
from showcase.records.schema import Award, RecordKind
from showcase.site.exports import ColumnDoc, csv_columns, export_csv, export_json, export_xlsx
from showcase.site.feeds import honours_feed
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


def json_file(kind: RecordKind) -> str:
    """Where the JSON export of a kind is published."""
    return f"downloads/{kind.value}.json"


def csv_file(kind: RecordKind) -> str:
    """Where the CSV export of a kind is published."""
    return f"downloads/{kind.value}.csv"


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
) -> dict[str, bytes]:
    """Every open-data file of the site, by its path in the site, with its bytes.

    ``dated`` is the revision's commit time, the only date written into the Excel files.
    With ``reuse`` (the files of the same site before a data edit, for the live preview),
    only the files of ``kinds`` are made again (the feed with the honours): the others are
    taken from it.
    """
    if reuse is not None and kinds != KIND_ORDER:
        files = dict(reuse)
        made = [kind for kind in KIND_ORDER if kind in kinds]
    else:
        files, made = {}, list(KIND_ORDER)
    for kind in made:
        files[json_file(kind)] = export_json(catalog, kind)
        files[csv_file(kind)] = export_csv(catalog, kind)
        files[xlsx_file(kind)] = export_xlsx(catalog, kind, dated=dated)
    if RecordKind.AWARDS not in made and FEED_FILE in files:
        return files
    files[SCHEMA_FILE] = data_file_schema().encode("utf-8")

    def award_url(award: Award) -> str:
        src_uri = record_src_uri(RecordKind.AWARDS, award.id)
        return page_url(src_uri, use_directory_urls=use_directory_urls)

    files[FEED_FILE] = honours_feed(
        catalog,
        site_url=site_url,
        feed_path=FEED_FILE,
        award_url=award_url,
        title=FEED_TITLE,
    )
    return files


@dataclass(frozen=True)
class Dataset:
    """One kind of record as the download page lists it."""

    title: str
    count: int
    json: tuple[str, str]  # (link, size)
    csv: tuple[str, str]
    xlsx: tuple[str, str]
    columns: list[ColumnDoc]


def render_downloads_page(
    catalog: Catalog,
    files: dict[str, bytes],
    *,
    revision: Revision,
    use_directory_urls: bool,
) -> Markup:
    """The body of the 下载数据 page: each dataset with its size, count and columns."""

    def link(path: str) -> str:
        return static_url(DOWNLOADS_SRC_URI, path, use_directory_urls=use_directory_urls)

    datasets = [
        Dataset(
            KIND_TITLES[kind],
            len(catalog.of_kind(kind)),
            (link(json_file(kind)), _size(files[json_file(kind)])),
            (link(csv_file(kind)), _size(files[csv_file(kind)])),
            (link(xlsx_file(kind)), _size(files[xlsx_file(kind)])),
            csv_columns(kind),
        )
        for kind in KIND_ORDER
    ]
    return render(
        "downloads.html",
        title="下载数据",
        datasets=datasets,
        revision=revision,
        schema=(link(SCHEMA_FILE), _size(files[SCHEMA_FILE])),
        feed=(link(FEED_FILE), _size(files[FEED_FILE])),
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


def _size(content: bytes) -> str:
    size = len(content)
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"
