"""Checks across records: unique ids, references, duplicates, quotations, photos."""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, TypeVar

from pydantic import BaseModel

from showcase.records.catalog import Catalog, Origin
from showcase.records.diagnostics import Category
from showcase.records.loader import LoadResult
from showcase.records.photo_files import PhotoProblem, check_photo_file
from showcase.records.quantities import Quantity
from showcase.records.schema import (
    IMAGE_SUFFIXES,
    AnyRecord,
    Figure,
    Photo,
    Record,
    RecordKind,
    RefTo,
    field_title,
    iter_references,
    kind_title,
    record_model,
    references_resolve,
)
from showcase.records.totals import field_value, quantity_fields
from showcase.records.yamlsource import Loc

_KIND_TITLES = {
    RecordKind.SOURCES: "来源",
    RecordKind.ORGANIZATIONS: "单位",
    RecordKind.PEOPLE: "人物",
    RecordKind.STUDIOS: "工作室",
    RecordKind.AWARDS: "荣誉",
    RecordKind.PROJECTS: "项目",
    RecordKind.FIGURES: "公布数字",
}
# Quotations are compared without white space: the source text was laid out in columns,
# so a line or page break can fall inside any sentence.
_WHITESPACE = re.compile(r"\s+")
# What cameras and chat apps name their files: IMG_1234, DSC00012, PXL_2024…, 微信图片_…,
# or any name with an image suffix.
_CAMERA_FILE_NAME = re.compile(
    r"^(?:(?:img|dsc|dscn|dscf|pxl|mvimg|screenshot|微信图片|截图)[_\-\s]?\d"
    r"|.*\.(?:" + "|".join(suffix[1:] for suffix in IMAGE_SUFFIXES) + r")$)"
)
# Where the full texts of sources live, relative to the repository.
SOURCES_FOLDER = PurePosixPath("data/sources")


_T = TypeVar("_T")


class CheckMemo:
    """What the checks across files worked out from each record on its own, kept from one
    run of them to the next (``showcase serve``'s LiveValidation re-runs them after every
    save).

    A file read again gives new record objects, which are worked out anew; an unchanged
    file keeps its objects, and what was worked out from them is reused. So the checks
    across files still compare every record with every other, as a full validation does,
    but the work per record (the references it holds, its identity, its quantities, its
    quotations) is done only for the records that changed. What a run did not ask for
    again is forgotten at the next.
    """

    def __init__(self) -> None:
        self._last: dict[tuple[str, int], tuple[object, object]] = {}
        self._now: dict[tuple[str, int], tuple[object, object]] = {}
        self._full_texts: dict[str, str] = {}

    def start(self) -> None:
        """Begin a run of the checks: what the run before did not use is forgotten."""
        self._last, self._now = self._now, {}

    def per_object(
        self, table: str, owner: object, compute: Callable[..., _T], *arguments: object
    ) -> _T:
        """``compute(*arguments)``, worked out once for as long as ``owner`` (a record, or a
        record as written) lives on from run to run."""
        key = (table, id(owner))
        entry = self._last.get(key) or self._now.get(key)
        # The owner is kept in the entry, so that its id cannot be taken by a new object.
        if entry is None or entry[0] is not owner:
            entry = (owner, compute(*arguments))
        self._now[key] = entry
        return entry[1]  # type: ignore[return-value]

    def forget(self, table: str) -> None:
        """Forget everything worked out for ``table``: what it was worked out from changed."""
        self._last = {key: entry for key, entry in self._last.items() if key[0] != table}
        self._now = {key: entry for key, entry in self._now.items() if key[0] != table}

    def same_full_texts(self, full_texts: dict[str, str]) -> bool:
        """Whether the sources' full texts are those of the last run; remembers these."""
        same = full_texts == self._full_texts
        self._full_texts = full_texts
        return same


def _once(
    memo: CheckMemo | None,
    table: str,
    owner: object,
    compute: Callable[..., _T],
    *arguments: object,
) -> _T:
    if memo is None:
        return compute(*arguments)
    return memo.per_object(table, owner, compute, *arguments)


def check_catalog(loaded: LoadResult, root: Path, memo: CheckMemo | None = None) -> None:
    """Run every cross-record check; problems are added to the files they are in.

    ``memo`` keeps the work per record from one call to the next (see :class:`CheckMemo`).
    """
    catalog = loaded.catalog
    if memo is not None:
        memo.start()
    _check_unique_ids(loaded)
    _check_references(loaded, memo)
    _check_cycles(catalog, RecordKind.ORGANIZATIONS, "parent", "上级单位")
    _check_cycles(catalog, RecordKind.PROJECTS, "part_of", "所属项目")
    _check_look_alikes(catalog, memo)
    _check_units_agree(catalog, memo)
    _check_quotations(catalog, root, memo)
    _check_photo_files(catalog, root / "content")


def _place(origin: Origin) -> str:
    return f" {origin.path} 第 {origin.line} 行"


def _check_unique_ids(loaded: LoadResult) -> None:
    for record_id, origins in loaded.declared_ids.items():
        if len(origins) < 2:
            continue
        for origin in origins[1:]:
            origin.file.error(
                (*origin.loc, "id"),
                f"编号“{record_id}”已在{_place(origins[0])}使用。每条记录的编号必须唯一，请换一个。",
                code="duplicate-id",
                category=Category.DUPLICATE,
            )
        # The first place too: in a pull request that adds a record file (data/studios/<id>.yaml)
        # under an id a list file already uses, the message must reach both files.
        others = "、".join(_place(origin).strip() for origin in origins[1:])
        origins[0].file.error(
            (*origins[0].loc, "id"),
            f"编号“{record_id}”在 {others}又用了一次。每条记录的编号必须唯一：请改掉其中一处，"
            "或删去重复的那条记录。",
            code="duplicate-id",
            category=Category.DUPLICATE,
        )


def _check_references(loaded: LoadResult, memo: CheckMemo | None = None) -> None:
    kind_of = {record_id: origins[0].kind for record_id, origins in loaded.declared_ids.items()}
    ids_by_kind: dict[RecordKind, list[str]] = defaultdict(list)
    for record_id, kind in kind_of.items():
        ids_by_kind[kind].append(record_id)
    for model, raw, origin in loaded.written_records:
        if memo is None and references_resolve(model, raw, kind_of):
            # Most records: nothing to report, found without the places of each
            # reference (kept by the memo, which a live check reuses, where one is kept).
            continue
        references = _once(memo, "references", raw, _references, model, raw, origin.loc)
        for loc, target_id, marker in references:
            target_kind = kind_of.get(target_id)
            if target_kind in marker.kinds:
                continue  # most references: nothing to say
            wanted = "或".join(_KIND_TITLES[kind] for kind in marker.kinds)
            if target_kind is None:
                candidates = [i for kind in marker.kinds for i in ids_by_kind[kind]]
                close = difflib.get_close_matches(target_id, candidates, n=1, cutoff=0.6)
                hint = (
                    f"是不是想写“{close[0]}”？" if close else f"请先添加这个{wanted}，或改正编号。"
                )
                origin.file.error(
                    loc,
                    f"找不到编号为“{target_id}”的{wanted}。{hint}",
                    code="unknown-reference",
                    category=Category.REFERENCE,
                )
            else:
                origin.file.error(
                    loc,
                    f"“{target_id}”是一条{_KIND_TITLES[target_kind]}记录，这里需要的是{wanted}。",
                    code="wrong-reference",
                    category=Category.REFERENCE,
                )


def _references(
    model: type[BaseModel], raw: dict[str, Any], loc: Loc
) -> list[tuple[Loc, str, RefTo]]:
    return list(iter_references(model, raw, loc))


def _check_cycles(catalog: Catalog, kind: RecordKind, field: str, title: str) -> None:
    """A chain of parents (or of larger projects) must end; a loop has no top."""
    records = catalog.of_kind(kind)
    next_up: dict[str, str | None] = {record.id: getattr(record, field) for record in records}
    for record in records:
        chain = [record.id]
        current = next_up[record.id]
        while current is not None and current in next_up:
            if current in chain:
                origin = catalog.origin(record)
                origin.file.error(
                    (*origin.loc, field),
                    f"{title}形成了循环（{' → '.join([*chain, current])}）。请检查 {field}。",
                    code="cycle",
                    category=Category.REFERENCE,
                )
                break
            chain.append(current)
            current = next_up[current]


def _check_look_alikes(catalog: Catalog, memo: CheckMemo | None = None) -> None:
    first_seen: dict[tuple[RecordKind, tuple[str, ...]], AnyRecord] = {}
    for record in catalog:
        identity = _once(memo, "identity", record, record.identity)
        if identity is None:
            continue
        key = (record.kind, identity)
        earlier = first_seen.setdefault(key, record)
        if earlier is record or _marked_distinct(record, earlier):
            continue
        origin = catalog.origin(record)
        fields = "、".join(record.identity_fields)
        origin.file.error(
            origin.loc,
            f"与{_place(catalog.origin(earlier))}的“{earlier.id}”看起来是同一条记录"
            f"（{fields} 都相同）。若是重复，请删除一条；若确实不同，"
            f"请在本条加上 not_duplicate_of: [{earlier.id}]。",
            code="look-alike",
            category=Category.DUPLICATE,
        )


def _check_units_agree(catalog: Catalog, memo: CheckMemo | None = None) -> None:
    """Every value of a field the site adds up shares one unit within a kind.

    The schema lets 获得专利 be counted in 项 or in 件, but 30项 and 5件 cannot be added.
    This is checked here, before anything is built, so that the totals page and the
    markers never meet terms they cannot add: a visitor never sees a message meant for
    an editor.
    """
    for kind in RecordKind:
        paths = quantity_fields(kind)
        if not paths:
            continue
        values_of = [
            (record, _once(memo, "quantities", record, _values, record, paths))
            for record in catalog.of_kind(kind)
        ]
        for number, path in enumerate(paths):
            by_unit: dict[str | None, list[tuple[AnyRecord, Quantity]]] = defaultdict(list)
            for record, quantities in values_of:
                value = quantities[number]
                if isinstance(value, Quantity):
                    by_unit[value.unit].append((record, value))
            if len(by_unit) < 2:
                continue
            # The unit most records use is taken as the one meant; a tie goes to the first.
            main = max(by_unit, key=lambda unit: len(by_unit[unit]))
            first, example = by_unit[main][0]
            title = f"{kind_title(kind)}的“{field_title(record_model(kind), path)}”"
            for unit, values in by_unit.items():
                if unit == main:
                    continue
                for record, value in values:
                    origin = catalog.origin(record)
                    origin.file.error(
                        (*origin.loc, *path.split(".")),
                        f"“{value.text}”的单位是“{unit}”，而{title}有 {len(by_unit[main])} 条"
                        f"以“{main}”为单位（如{_place(catalog.origin(first))}的“{example.text}”）。"
                        f"网站要把它们相加，单位必须一致：请统一写成“{main}”，或把那些记录改成“{unit}”。",
                        code="units-differ",
                    )


def _values(record: AnyRecord, paths: tuple[str, ...]) -> tuple[object, ...]:
    return tuple(field_value(record, path) for path in paths)


def _marked_distinct(record: AnyRecord, other: AnyRecord) -> bool:
    return (isinstance(record, Record) and other.id in (record.not_duplicate_of or ())) or (
        isinstance(other, Record) and record.id in (other.not_duplicate_of or ())
    )


def _check_quotations(catalog: Catalog, root: Path, memo: CheckMemo | None = None) -> None:
    full_texts: dict[str, str] = {}
    for source in catalog.sources:
        if source.full_text is None:
            continue
        origin = catalog.origin(source)
        written = PurePosixPath(source.full_text)
        if written == SOURCES_FOLDER or not written.is_relative_to(SOURCES_FOLDER):
            # Anything else in the repository (.git/config, say) could be probed by quotes:
            # whether a guessed string is in it shows as an error or not.
            origin.file.error(
                (*origin.loc, "full_text"),
                f"全文文件必须放在 {SOURCES_FOLDER}/ 文件夹里，这里写的是“{source.full_text}”。"
                f"请把来源全文存为 {SOURCES_FOLDER}/ 下的 UTF-8 纯文本文件，再写它的路径，"
                f"如 {SOURCES_FOLDER}/article.txt。",
                code="full-text-outside",
                category=Category.SOURCE,
            )
            continue
        path = root / source.full_text
        if not _stays_inside(path, root / SOURCES_FOLDER):
            origin.file.error(
                (*origin.loc, "full_text"),
                f"全文文件“{source.full_text}”经符号链接指向{_where(path, root)}。"
                "请删掉链接，把全文文件本身放进这个位置。",
                code="link-outside",
                category=Category.FILE,
            )
            continue
        try:
            full_texts[source.id] = _WHITESPACE.sub("", path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            origin.file.error(
                (*origin.loc, "full_text"),
                f"找不到或无法读取全文文件“{source.full_text}”（相对于仓库根目录）。"
                "请确认文件存在且为 UTF-8 纯文本。",
                code="missing-file",
                category=Category.SOURCE,
            )
    if memo is not None and not memo.same_full_texts(full_texts):
        memo.forget("quotations")
    for record in catalog:
        if not isinstance(record, Record):
            continue
        missing = _once(memo, "quotations", record, _quotes_not_in_source, record, full_texts)
        if not missing:
            continue
        origin = catalog.origin(record)
        for index in missing:
            if index is not None:
                origin.file.error(
                    (*origin.loc, "sources", index, "quote"),
                    "这段摘录在来源全文中找不到。请逐字照抄原文（包括标点），不要改写或合并句子。",
                    code="quote-not-in-source",
                    category=Category.SOURCE,
                )
            else:
                origin.file.error(
                    (*origin.loc, "as_published"),
                    "“原文”一栏的文字在来源全文中找不到。请逐字照抄公布数字的原话。",
                    code="quote-not-in-source",
                    category=Category.SOURCE,
                )


def _quotes_not_in_source(record: Record, full_texts: dict[str, str]) -> list[int | None]:
    """What a record quotes that its source's full text lacks, in the order to report it:
    the index of a citation whose quote is missing, None for a figure's as_published."""
    missing: list[int | None] = []
    for index, citation in enumerate(record.sources):
        text = full_texts.get(citation.source)
        if text is None:
            continue
        if citation.quote and _WHITESPACE.sub("", citation.quote) not in text:
            missing.append(index)
        if isinstance(record, Figure) and _WHITESPACE.sub("", record.as_published) not in text:
            missing.append(None)
    return missing


def _stays_inside(path: Path, folder: Path) -> bool:
    # The schema refuses "..", but a symbolic link committed to the repository could still
    # point anywhere on the build machine. realpath, unlike resolve(), does not raise on a
    # loop of links: reading the file then fails, and the error says so.
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))


def _where(path: Path, root: Path) -> str:
    """Where path really is: its place in the repository, never the build machine's paths."""
    real, real_root = Path(os.path.realpath(path)), Path(os.path.realpath(root))
    if real.is_relative_to(real_root):
        return f" {SOURCES_FOLDER}/ 以外的“{real.relative_to(real_root).as_posix()}”"
    return "仓库以外"


def _check_photo_files(catalog: Catalog, content_dir: Path) -> None:
    checked: dict[Path, PhotoProblem | None] = {}  # a file shown by several records is read once
    for record in catalog:
        for index, photo in enumerate(getattr(record, "photos", None) or ()):
            origin = catalog.origin(record)
            loc = (*origin.loc, "photos", index)
            _check_alt_text(photo, origin, loc)
            path = content_dir / photo.file
            if not (path.is_file() and _stays_inside(path, content_dir)):
                origin.file.error(
                    (*loc, "file"),
                    f"找不到图片文件 content/{photo.file}。请先把图片放进 content/ 下的这个位置。",
                    code="missing-file",
                    category=Category.SOURCE,
                )
                continue
            if path not in checked:
                checked[path] = check_photo_file(path, f"content/{photo.file}")
            problem = checked[path]
            if problem is not None:
                origin.file.error(
                    (*loc, "file"), problem.message, code=problem.code, category=Category.FILE
                )


def _check_alt_text(photo: Photo, origin: Origin, loc: tuple[str | int, ...]) -> None:
    """The alt text describes the picture; a file name tells a screen reader's user nothing."""
    alt = photo.alt.strip().lower()
    name = PurePosixPath(photo.file.lower())
    if alt in {name.name, name.stem, photo.file.lower()} or _CAMERA_FILE_NAME.match(alt):
        origin.file.error(
            (*loc, "alt"),
            f"替代文字“{photo.alt}”是文件名，读屏软件会把它念给看不见图片的读者。"
            "请写清图中是谁、在做什么，如“李刚在车间指导青年职工操作数控机床”。",
            code="alt-is-file-name",
        )
