"""An Atom feed (RFC 4287) of honours, newest first, so that readers hear of new awards.

The feed depends on the data alone, never on the clock: two builds of the same commit give
the same bytes, and a feed reader sees an entry change only when its award changes.

Dates. An award's date is the first it knows of ``awarded`` (conferred), ``announced`` and
``presented`` (plaque handed over): :meth:`Award.first_date`; the entry's text names each
date by what happened then. A date may be a year, a month or a day (``2013``, ``2013-11``,
``2013-11-16``); the feed uses the earliest instant it can mean, midnight UTC on its first
day (``2013-01-01T00:00:00Z``), because the data has no time of day or zone to give.

- An entry's ``published`` is that instant; an undated award has no ``published``.
- An entry's ``updated`` is its revocation date when it was revoked (a significant change
  readers should see), otherwise its date. Atom requires ``updated`` on every
  entry, so an undated award that was never revoked takes :data:`UNDATED`, 1970-01-01: a
  fixed date rather than, say, the newest award's, so that adding an unrelated award never
  makes the undated ones look updated again, and so that readers that sort by date show
  them last, as the feed does.
- Entries are ordered newest date first, ties by id; undated awards come last, by id.
- The feed's ``updated`` is the newest entry ``updated`` (:data:`UNDATED` for a feed
  without dates).

Size. A feed tells readers what is new; the pages hold everything. It carries the
:data:`FEED_ENTRIES` entries updated last (ties by the order above), in the order above: at
100,000 records a feed of every award would be tens of megabytes that every reader fetches
again on each poll. A revocation updates its entry, so an old award that is revoked comes
back into the feed, where readers see it.

Identity. Entry ids are tag URIs (RFC 4151), ``tag:<host>,2026:awards/<id>``: the host of
``site_url`` (``union-showcase`` without one) and a fixed year, never the page address, so
that ids survive a change of path, scheme or port and a reader does not show every award
again. Moving to another host does change them: a site that expects that should keep its
first host in ``site_url`` of the feed.

Links. With ``site_url`` links are absolute (``site_url`` + ``award_url(award)``). Without it
they are relative and no ``xml:base`` is written, so readers resolve them against the
feed's own address (RFC 4287 §1.2, RFC 3986): each link is therefore made relative to the
folder of ``feed_path``, not to the site root.

Text. Everything from the data goes through :mod:`xml.etree.ElementTree`, which escapes
``<``, ``&`` and quotes; characters XML 1.0 cannot hold at all (most control characters) are
replaced by U+FFFD, so that hostile or damaged data cannot make the feed ill-formed.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

from showcase.records.catalog import Catalog
from showcase.records.names import record_name
from showcase.records.schema import AnyRecord, Award, AwardStatus
from showcase.site.urls import link_between

__all__ = [
    "ATOM_NAMESPACE",
    "FEED_ENTRIES",
    "TAG_AUTHORITY",
    "TAG_YEAR",
    "UNDATED",
    "honours_feed",
]

ATOM_NAMESPACE = "http://www.w3.org/2005/Atom"
# The tagging entity of entry ids when there is no site_url to take a host from.
TAG_AUTHORITY = "union-showcase"
# RFC 4151 asks for a date on which the tagging entity owned its name; it is fixed because
# changing it would change every id. It is the year the feed's ids were first minted.
TAG_YEAR = 2026
# The `updated` of an entry with no date of its own; see the module docstring.
UNDATED = "1970-01-01T00:00:00Z"
# Entries in the feed: the ones updated last (see the module docstring).
FEED_ENTRIES = 100

# Characters XML 1.0 allows (§2.2); everything else cannot appear even as a reference.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def honours_feed(
    catalog: Catalog,
    *,
    site_url: str | None,
    feed_path: str,
    award_url: Callable[[Award], str],
    title: str,
    limit: int = FEED_ENTRIES,
) -> bytes:
    """The Atom feed of the ``limit`` awards in ``catalog`` updated last, newest first, as UTF-8.

    ``feed_path`` is where the feed is written, relative to the site root
    (``feeds/awards.xml``); ``award_url`` gives an award page's URL relative to the site root
    (``awards/li-gang-model/``). Records are named as the site names them (``record_name``).
    """
    records_by_id = catalog.by_id()
    awards = _newest_first(catalog.awards)
    entry_dates = [_entry_updated(award) for award in awards]
    # ISO 8601 instants in one fixed form sort as text.
    feed_updated = max(entry_dates, default=UNDATED)
    if len(awards) > limit:
        # Updated last, ties by feed order (sorted is stable), then back in feed order.
        kept = sorted(range(len(awards)), key=lambda i: entry_dates[i], reverse=True)[:limit]
        awards = [awards[i] for i in sorted(kept)]
        entry_dates = [entry_dates[i] for i in sorted(kept)]
    authority = _tag_authority(site_url)

    # The Atom namespace as the default one, written as a plain attribute: registering it
    # with ET.register_namespace would change how every other ElementTree user writes.
    feed = ET.Element("feed", {"xmlns": ATOM_NAMESPACE})
    _text(feed, "title", title)
    _text(feed, "id", f"tag:{authority},{TAG_YEAR}:awards")
    _text(feed, "updated", feed_updated)
    ET.SubElement(feed, "link", {"rel": "self", "href": _link(site_url, feed_path, feed_path)})
    # Atom requires an author for the feed unless every entry has one; the feed speaks for
    # the site, which is named by its title.
    author = ET.SubElement(feed, "author")
    _text(author, "name", title)

    for award, updated in zip(awards, entry_dates, strict=True):
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", f"tag:{authority},{TAG_YEAR}:awards/{award.id}")
        _text(entry, "title", _entry_title(award, records_by_id))
        _text(entry, "updated", updated)
        if (date := award.first_date()) is not None:
            _text(entry, "published", _instant(date))
        ET.SubElement(
            entry,
            "link",
            {
                "rel": "alternate",
                "type": "text/html",
                "href": _link(site_url, feed_path, award_url(award)),
            },
        )
        ET.SubElement(entry, "category", {"term": _xml_safe(award.honour)})
        if award.level is not None:
            ET.SubElement(entry, "category", {"term": _xml_safe(award.level.value)})
        content = _text(entry, "content", _entry_content(award, records_by_id))
        content.set("type", "text")

    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _newest_first(awards: list[Award]) -> list[Award]:
    dated = sorted((award for award in awards if award.first_date()), key=lambda award: award.id)
    undated = sorted((a for a in awards if not a.first_date()), key=lambda award: award.id)
    # Sorting is stable, also in reverse: awards of the same date keep their id order.
    dated.sort(key=lambda award: _instant(award.first_date() or ""), reverse=True)
    return dated + undated


def _instant(partial_date: str) -> str:
    """``2013`` → ``2013-01-01T00:00:00Z``: the earliest instant a partial date can mean."""
    year, month, day = [*partial_date.split("-"), "01", "01"][:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def _entry_updated(award: Award) -> str:
    if award.status is AwardStatus.REVOKED and award.revoked is not None:
        return _instant(award.revoked)
    date = award.first_date()
    return UNDATED if date is None else _instant(date)


def _entry_title(award: Award, records_by_id: dict[str, AnyRecord]) -> str:
    # A revoked honour stays in the feed, marked: hiding it would rewrite the record.
    name = record_name(award, records_by_id)
    if award.status is AwardStatus.REVOKED:
        return f"{name}（{AwardStatus.REVOKED.value}）"
    return name


def _entry_content(award: Award, records_by_id: dict[str, AnyRecord]) -> str:
    """The award's facts as plain-text lines, labelled with the schema's field titles."""

    def named(record_id: str) -> str:
        record = records_by_id.get(record_id)
        return record_id if record is None else record_name(record, records_by_id)

    # A status nobody wrote is left out: the feed does not say an honour stands unless the
    # data does.
    status = None if award.status is None else award.status.value
    if status is not None and award.revoked is not None:
        status = f"{status}（{award.revoked}）"
    facts = [
        ("recipient", named(award.recipient)),
        ("level", None if award.level is None else award.level.value),
        ("conferred_by", None if award.conferred_by is None else named(award.conferred_by)),
        *award.dates(),
        ("programme", award.programme),
        ("status", status),
        ("citation", award.citation),
    ]
    return "\n".join(
        f"{Award.model_fields[name].title or name}：{value}"
        for name, value in facts
        if value is not None
    )


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _xml_safe(text)
    return element


def _xml_safe(text: str) -> str:
    # Line breaks become \n, as an XML parser would make them anyway; fixed output bytes.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML_CHAR.sub("\ufffd", text)


def _tag_authority(site_url: str | None) -> str:
    host = urlsplit(site_url).hostname if site_url else None
    if not host:
        return TAG_AUTHORITY
    # A tag URI's authority is an ASCII domain name; an internationalised host is spelled
    # the way DNS spells it.
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ValueError(f"site_url {site_url!r} has a host that is not a domain name") from None


def _link(site_url: str | None, feed_path: str, url: str) -> str:
    """``url`` (relative to the site root) as the feed must write it; see the module docstring."""
    root_relative = url.lstrip("/")
    if site_url:
        base = site_url if site_url.endswith("/") else f"{site_url}/"
        return _xml_safe(urljoin(base, root_relative))
    path, hash_sign, fragment = root_relative.partition("#")
    relative = link_between(posixpath.dirname(feed_path.lstrip("/")), path)
    return _xml_safe(f"{relative}{hash_sign}{fragment}")
