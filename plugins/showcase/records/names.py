"""What each record is called on the site, in titles, lists, links and search."""

from __future__ import annotations

from collections.abc import Mapping

from showcase.records.schema import AnyRecord, Award, Figure, Project, Source


def record_name(record: AnyRecord, records_by_id: Mapping[str, AnyRecord]) -> str:
    """A record's name or title; an award with its recipient; a figure with its scope."""
    if isinstance(record, Award):
        recipient = records_by_id.get(record.recipient)
        return f"{record.honour}：{plain_name(recipient) if recipient else record.recipient}"
    return plain_name(record)


def plain_name(record: AnyRecord) -> str:
    """The record's own name, without looking at the records it names."""
    if isinstance(record, Figure):
        return f"{record.metric}（{record.scope}）"
    if isinstance(record, Award):
        return record.honour
    if isinstance(record, (Source, Project)):
        return record.title
    return record.name
