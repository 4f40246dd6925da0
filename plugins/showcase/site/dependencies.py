"""Which generated pages a data change touches, worked out from the data, not by rendering.

Every generated page declares what it shows (:class:`~showcase.site.pages.PageInputs`): a
record page its record, and through it the records that record names and those that name
it; a listing page its entries in order, its totals and its facet counts. The totals and
downloads pages declare nothing: they sum everything and are rendered after every change.

:func:`reach` compares two versions of the data (:class:`DataState`), and
:func:`pages_to_render` names the pages whose output may differ. A record counts as changed when its fields, or its name
as pages print it (an honour's name holds its recipient's), differ. A page that shows a
changed record's line (its link and the short line under it) needs it again; so does a page
that lists the records naming a changed record (their lines name it too), which is why a
record page reaches one step further along the references than a listing does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from showcase.records.catalog import Catalog
from showcase.records.names import record_name
from showcase.records.schema import AnyRecord, RecordKind, iter_references
from showcase.site.pages import GeneratedPage
from showcase.site.record_pages import shown_references


@dataclass(frozen=True)
class DataState:
    """One version of the data as the pages see it: records, their names and references."""

    records: Mapping[str, AnyRecord]
    names: Mapping[str, str]
    names_of: Mapping[str, frozenset[str]]  # the ids a record names
    named_by: Mapping[str, frozenset[str]]  # the ids of the records that name it


def data_state(catalog: Catalog, before: DataState | None = None) -> DataState:
    """The state of ``catalog``; references of records equal to ``before``'s are reused."""
    records = catalog.by_id()
    names = {record_id: record_name(record, records) for record_id, record in records.items()}
    names_of: dict[str, frozenset[str]] = {}
    for record_id, record in records.items():
        # The records of the files not read again are the very objects of ``before``:
        # ``is`` spares pydantic's comparison of 75,000 of 100,000 records.
        if before is not None and _same(before.records.get(record_id), record):
            names_of[record_id] = before.names_of[record_id]
        else:
            names_of[record_id] = _references(record)
    named_by: dict[str, set[str]] = defaultdict(set)
    for record_id, targets in names_of.items():
        for target in targets:
            named_by[target].add(record_id)
    return DataState(
        records,
        names,
        names_of,
        {record_id: frozenset(ids) for record_id, ids in named_by.items()},
    )


def _same(before: AnyRecord | None, after: AnyRecord) -> bool:
    return before is after or before == after


def _references(record: AnyRecord) -> frozenset[str]:
    raw = record.model_dump(mode="json")
    return frozenset(target for _, target, _ in iter_references(type(record), raw))


def referrers_after_edit(
    state: DataState,
    edited: Mapping[str, AnyRecord],
    records: Mapping[str, AnyRecord],
    targets: Iterable[str],
) -> dict[str, list[tuple[AnyRecord, str]]]:
    """Who names each of ``targets`` once the records of ``edited`` replace theirs in
    ``state``, with the field, as a record page lists them (``RecordPages.referrers``):
    from the records that named it and the edited ones, not from every record.

    ``records`` is the edited data by id: each of ``state``'s other records as it was.
    """
    referrers: dict[str, list[tuple[AnyRecord, str]]] = {}
    for target in targets:
        naming = set(state.named_by.get(target, frozenset())) - edited.keys()
        naming.update(
            record_id for record_id, record in edited.items() if target in _references(record)
        )
        referrers[target] = [
            (records[record_id], field_name)
            for record_id in sorted(naming)
            for named, field_name in shown_references(records[record_id])
            if named == target
        ]
    return referrers


def changed_records(before: DataState, after: DataState) -> set[str]:
    """The ids added, removed, or whose record or printed name differs."""
    changed = set(before.records.keys() ^ after.records.keys())
    for record_id in before.records.keys() & after.records.keys():
        if (
            not _same(before.records[record_id], after.records[record_id])
            or before.names[record_id] != after.names[record_id]
        ):
            changed.add(record_id)
    return changed


@dataclass(frozen=True)
class Reach:
    """The records a change touches, by how far their pages reach."""

    changed: frozenset[str]  # added, removed, or whose record or printed name differs
    lines: frozenset[str]  # whose line on a page differs: the changed and those naming them
    record_pages: frozenset[str]  # whose own page may differ
    kinds: frozenset[RecordKind]  # the kinds of ``lines``
    # The kinds of the records added, removed or whose fields differ: an open-data file
    # (JSON, CSV, Excel) holds each record's own fields only, so only these kinds' differ.
    # A printed name is not in them: renaming a person leaves the honours' files alone.
    exported: frozenset[RecordKind] = frozenset()


def reach(before: DataState, after: DataState) -> Reach:
    """What the change from ``before`` to ``after`` touches."""
    changed = changed_records(before, after)
    # Records whose line on a page differs: the changed ones and those that name them.
    lines = set(changed)
    for state in (before, after):
        for record_id in changed:
            lines |= state.named_by.get(record_id, frozenset())
    # Record pages that show one of those lines: their own, and the pages of the records
    # they name (each page lists the records naming it).
    record_pages = set(lines)
    for state in (before, after):
        for record_id in lines:
            record_pages |= state.names_of.get(record_id, frozenset())
    kinds = {
        state.records[record_id].kind
        for state in (before, after)
        for record_id in lines
        if record_id in state.records
    }
    exported = {
        state.records[record_id].kind
        for state in (before, after)
        for record_id in changed
        if record_id in state.records
        and before.records.get(record_id) != after.records.get(record_id)
    }
    return Reach(
        frozenset(changed),
        frozenset(lines),
        frozenset(record_pages),
        frozenset(kinds),
        frozenset(exported),
    )


@dataclass(frozen=True)
class Plan:
    """What a change does to the generated pages: their src_uris."""

    render: list[str]  # pages of the new version to render again, in the site's order
    added: list[str]  # pages the new version has and the old one had not (also in render)
    removed: list[str]  # pages of the old version that are gone


def pages_to_render(
    touched: Reach,
    old_pages: Mapping[str, GeneratedPage],
    new_pages: Iterable[GeneratedPage],
) -> Plan:
    """The generated pages whose output the change may alter."""
    render: list[str] = []
    added: list[str] = []
    seen: set[str] = set()
    for page in new_pages:
        seen.add(page.src_uri)
        old = old_pages.get(page.src_uri)
        if old is None:
            added.append(page.src_uri)
            render.append(page.src_uri)
        elif _differs(old, page):
            render.append(page.src_uri)
        else:
            assert page.inputs is not None
            reached = touched.record_pages if page.inputs.related else touched.lines
            if any(record_id in reached for record_id in page.inputs.records):
                render.append(page.src_uri)
    removed = [src_uri for src_uri in old_pages if src_uri not in seen]
    return Plan(render, added, removed)


def _differs(old: GeneratedPage, new: GeneratedPage) -> bool:
    """Whether what the page declares differs, or it declares nothing (it shows everything)."""
    if old.inputs is None or new.inputs is None:
        return True
    return (old.title, old.in_nav, old.image, old.inputs) != (
        new.title,
        new.in_nav,
        new.image,
        new.inputs,
    )
