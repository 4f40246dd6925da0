"""The Atom feed of honours: well-formed, ordered, stable, and inert whatever the data says."""

from __future__ import annotations

import datetime
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any, NoReturn

import pytest

from showcase.records.catalog import Catalog
from showcase.records.schema import Award, Organization, Person
from showcase.records.validation import validate
from showcase.site import feeds
from showcase.site.feeds import ATOM_NAMESPACE, UNDATED, honours_feed
from tests.conftest import REPO_ROOT

A = f"{{{ATOM_NAMESPACE}}}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
CITED = [{"source": "test-source"}]


def award(award_id: str, awarded: str | None = None, **fields: Any) -> Award:
    """An award of 工人先锋号 to 李刚 unless fields say otherwise."""
    data = {"honour": "工人先锋号", "recipient": "li-gang", "sources": CITED, **fields}
    if awarded is not None:
        data["awarded"] = awarded
    return Award.model_validate({"id": award_id, **data})


def catalog_of(*awards: Award) -> Catalog:
    """A catalog with the awards, their recipient 李刚 and the city union that confers them."""
    return Catalog(
        people=[Person.model_validate({"id": "li-gang", "name": "李刚", "sources": CITED})],
        organizations=[
            Organization.model_validate({"id": "city-union", "name": "市总工会", "sources": CITED})
        ],
        awards=list(awards),
    )


def feed_of(
    catalog: Catalog,
    *,
    site_url: str | None = None,
    feed_path: str = "feeds/awards.xml",
    award_url: Callable[[Award], str] = lambda award: f"awards/{award.id}/",
) -> bytes:
    """The feed as the site would make it."""
    return honours_feed(
        catalog, site_url=site_url, feed_path=feed_path, award_url=award_url, title="荣誉"
    )


def entries(feed: bytes) -> list[ET.Element]:
    """The parsed entries, in the order of the feed."""
    return ET.fromstring(feed).findall(f"{A}entry")


def text_of(element: ET.Element, tag: str) -> str | None:
    """The text of the child ``tag`` in the Atom namespace, None when it is absent."""
    child = element.find(f"{A}{tag}")
    return None if child is None else child.text


def entry_ids(feed: bytes) -> list[str]:
    """The award ids of the entries, in feed order."""
    return [str(text_of(entry, "id")).rsplit("/", 1)[1] for entry in entries(feed)]


MIXED = catalog_of(
    award("undated-b"),
    award("year-only", "2013", level="省级"),
    award("month", "2013-11"),
    award("undated-a"),
    award("day", "2013-11-16", conferred_by="city-union", programme="劳动竞赛"),
    award("same-day-as-year", "2013-01-01"),
    award("older", "2010-05"),
    award("revoked", "2009", status="已撤销", revoked="2015-03", citation="弄虚作假"),
)


def test_the_feed_is_atom_in_the_atom_namespace() -> None:
    feed = feed_of(MIXED)
    assert feed.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n")
    assert feed.endswith(b"</feed>\n")
    root = ET.fromstring(feed)
    assert root.tag == f"{A}feed"
    assert all(element.tag.startswith(A) for element in root.iter())
    # RFC 4287 §4.1.1: id, title, updated and an author for the feed.
    assert text_of(root, "title") == "荣誉"
    assert text_of(root, "id") == "tag:union-showcase,2026:awards"
    assert root.find(f"{A}author/{A}name") is not None
    for entry in entries(feed):
        for tag in ("id", "title", "updated"):
            assert len(entry.findall(f"{A}{tag}")) == 1, tag
        (link,) = entry.findall(f"{A}link")
        assert link.attrib["rel"] == "alternate"
        assert entry.find(f"{A}content").attrib == {"type": "text"}  # type: ignore[union-attr]


def test_entries_are_newest_first_and_undated_last_by_id() -> None:
    assert entry_ids(feed_of(MIXED)) == [
        "day",
        "month",
        "same-day-as-year",  # 2013-01-01 and 2013 mean the same instant: by id
        "year-only",
        "older",
        "revoked",
        "undated-a",
        "undated-b",
    ]


def test_partial_dates_are_the_earliest_instant_they_can_mean() -> None:
    dates = {
        entry_id: (text_of(entry, "published"), text_of(entry, "updated"))
        for entry_id, entry in zip(entry_ids(feed_of(MIXED)), entries(feed_of(MIXED)), strict=True)
    }
    assert dates["year-only"] == ("2013-01-01T00:00:00Z", "2013-01-01T00:00:00Z")
    assert dates["month"] == ("2013-11-01T00:00:00Z", "2013-11-01T00:00:00Z")
    assert dates["day"] == ("2013-11-16T00:00:00Z", "2013-11-16T00:00:00Z")
    # A revocation updates the entry; it stays where its award date puts it.
    assert dates["revoked"] == ("2009-01-01T00:00:00Z", "2015-03-01T00:00:00Z")
    # Undated: no published, and the fixed fallback as the updated Atom requires.
    assert dates["undated-a"] == (None, UNDATED) == (None, "1970-01-01T00:00:00Z")


def test_the_feed_is_updated_when_its_newest_entry_is() -> None:
    assert text_of(ET.fromstring(feed_of(MIXED)), "updated") == "2015-03-01T00:00:00Z"
    only_dated = catalog_of(award("aa", "2012-12"), award("bb", "2013-11-16"), award("cc"))
    assert text_of(ET.fromstring(feed_of(only_dated)), "updated") == "2013-11-16T00:00:00Z"
    undated = catalog_of(award("cc"))
    assert text_of(ET.fromstring(feed_of(undated)), "updated") == UNDATED


def test_an_empty_catalog_gives_a_valid_feed_without_entries() -> None:
    root = ET.fromstring(feed_of(Catalog()))
    assert root.findall(f"{A}entry") == []
    assert text_of(root, "updated") == UNDATED


def test_a_revoked_award_is_marked_not_hidden() -> None:
    by_id = dict(zip(entry_ids(feed_of(MIXED)), entries(feed_of(MIXED)), strict=True))
    revoked = by_id["revoked"]
    assert text_of(revoked, "title") == "工人先锋号：李刚（已撤销）"
    assert "状态：已撤销（2015-03）" in str(text_of(revoked, "content"))
    assert text_of(by_id["day"], "title") == "工人先锋号：李刚"


def test_the_content_says_level_body_programme_and_citation_in_plain_text() -> None:
    by_id = dict(zip(entry_ids(feed_of(MIXED)), entries(feed_of(MIXED)), strict=True))
    assert text_of(by_id["day"], "content") == (
        "获得者：李刚\n授予单位：市总工会\n授予时间：2013-11-16\n评选活动：劳动竞赛"
    )
    assert "级别：省级" in str(text_of(by_id["year-only"], "content"))
    assert "事迹/表彰理由：弄虚作假" in str(text_of(by_id["revoked"], "content"))


def test_entry_ids_are_tag_uris_that_survive_a_move_of_the_site() -> None:
    at_first = entry_ids_with(site_url="https://unions.example.org/showcase/")
    assert at_first[0] == "tag:unions.example.org,2026:awards/day"
    assert at_first == entry_ids_with(site_url="http://UNIONS.example.org:8080/archive/2013")
    assert entry_ids_with(site_url=None)[0] == "tag:union-showcase,2026:awards/day"


def entry_ids_with(*, site_url: str | None) -> list[str | None]:
    """The full entry ids of MIXED's feed for one site_url."""
    return [text_of(entry, "id") for entry in entries(feed_of(MIXED, site_url=site_url))]


def test_links_are_absolute_with_a_site_url() -> None:
    for site_url in ("https://unions.example.org/showcase/", "https://unions.example.org/showcase"):
        root = ET.fromstring(feed_of(MIXED, site_url=site_url))
        self_link = root.find(f"{A}link")
        assert self_link is not None
        assert self_link.attrib == {
            "rel": "self",
            "href": "https://unions.example.org/showcase/feeds/awards.xml",
        }
        link = root.find(f"{A}entry/{A}link")
        assert link is not None
        assert link.attrib["href"] == "https://unions.example.org/showcase/awards/day/"


@pytest.mark.parametrize(
    ("feed_path", "url", "expected"),
    [
        ("feeds/awards.xml", "awards/day/", "../awards/day/"),
        ("awards.xml", "awards/day/", "awards/day/"),
        ("awards.xml", "/awards/day/", "awards/day/"),
        ("feeds/awards.xml", "awards/day.html", "../awards/day.html"),
        ("awards/feed.xml", "awards/day.html#top", "day.html#top"),
        ("awards/feed.xml", "awards/", "./"),
        ("feeds/awards.xml", "", "../"),
    ],
)
def test_links_without_a_site_url_are_relative_to_the_feed(
    feed_path: str, url: str, expected: str
) -> None:
    feed = feed_of(MIXED, feed_path=feed_path, award_url=lambda award: url)
    root = ET.fromstring(feed)
    link = root.find(f"{A}entry/{A}link")
    assert link is not None and link.attrib["href"] == expected
    self_link = root.find(f"{A}link")
    assert self_link is not None and self_link.attrib["href"] == feed_path.rsplit("/", 1)[-1]
    # Readers resolve against the feed's own address: no xml:base anywhere.
    assert all(XML_BASE not in element.attrib for element in root.iter())
    assert b"xml:base" not in feed


HOSTILE = {
    "honour": "<script>alert('荣誉')</script>",
    "programme": "A ]]> B & C &amp; \"双引号\" '单引号'",
    "citation": "<![CDATA[ x ]]><!-- c --><?pi?>&lt;b&gt;",
}


def test_hostile_strings_stay_text_and_the_feed_stays_well_formed() -> None:
    feed = feed_of(catalog_of(award("hostile", "2013", **HOSTILE)))
    assert b"<script>" not in feed and b"<![CDATA[" not in feed
    root = ET.fromstring(feed)  # expat rejects anything not well-formed
    assert [element.tag.removeprefix(A) for element in root.iter()] == [
        "feed", "title", "id", "updated", "link", "author", "name",
        "entry", "id", "title", "updated", "published", "link", "category", "content",
    ]  # fmt: skip
    (entry,) = root.findall(f"{A}entry")
    assert text_of(entry, "title") == f"{HOSTILE['honour']}：李刚"
    content = str(text_of(entry, "content"))
    assert f"评选活动：{HOSTILE['programme']}" in content
    assert f"事迹/表彰理由：{HOSTILE['citation']}" in content
    category = entry.find(f"{A}category")
    assert category is not None and category.attrib["term"] == HOSTILE["honour"]


def test_characters_xml_cannot_hold_are_replaced_so_the_feed_still_parses() -> None:
    # Without the guard ElementTree writes these as they are, and every parser rejects them.
    with pytest.raises(ET.ParseError):
        ET.fromstring("<a>\x01</a>")
    honour = "先锋\x00号\x01\x08\x0b\x0c\x1b\ufffe\uffff"
    # The schema refuses control characters in a one-line field such as honour; the feed's
    # own guard stays for whatever reaches it, so the award is given the name unvalidated.
    written = award("control", "2013", citation="一\r\n二\r三\t四")
    feed = feed_of(catalog_of(written.model_copy(update={"honour": honour})))
    (entry,) = entries(feed)
    assert text_of(entry, "title") == "先锋\ufffd号" + "\ufffd" * 7 + "：李刚"
    assert "事迹/表彰理由：一\n二\n三\t四" in str(text_of(entry, "content"))
    assert b"\r" not in feed


def test_the_same_data_gives_the_same_bytes_in_any_order() -> None:
    reordered = catalog_of(*reversed(MIXED.awards))
    assert feed_of(MIXED) == feed_of(MIXED) == feed_of(reordered)


def test_the_feed_never_reads_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = feed_of(MIXED)

    def no_clock(*args: object) -> NoReturn:
        raise AssertionError("the feed read the clock")

    class FrozenDateTime(datetime.datetime):
        @classmethod
        def now(cls, tz: datetime.tzinfo | None = None) -> FrozenDateTime:
            no_clock()

        @classmethod
        def utcnow(cls) -> FrozenDateTime:
            no_clock()

        @classmethod
        def today(cls) -> FrozenDateTime:
            no_clock()

    class FrozenDate(datetime.date):
        @classmethod
        def today(cls) -> FrozenDate:
            no_clock()

    for name in ("time", "time_ns", "localtime", "gmtime", "monotonic", "perf_counter"):
        monkeypatch.setattr(time, name, no_clock)
    monkeypatch.setattr(datetime, "datetime", FrozenDateTime)
    monkeypatch.setattr(datetime, "date", FrozenDate)
    assert feed_of(MIXED) == expected
    # Nor could it: the module holds no clock to read.
    assert not {"time", "datetime"} & set(vars(feeds))


def test_a_small_feed_is_exactly_this() -> None:
    # A golden file inline: any change to the format shows here and must be reviewed.
    catalog = catalog_of(
        award("day", "2013-11-16", level="省级", conferred_by="city-union"),
        award("undated"),
    )
    assert feed_of(catalog, site_url="https://unions.example.org/").decode("utf-8") == (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        "  <title>荣誉</title>\n"
        "  <id>tag:unions.example.org,2026:awards</id>\n"
        "  <updated>2013-11-16T00:00:00Z</updated>\n"
        '  <link rel="self" href="https://unions.example.org/feeds/awards.xml" />\n'
        "  <author>\n"
        "    <name>荣誉</name>\n"
        "  </author>\n"
        "  <entry>\n"
        "    <id>tag:unions.example.org,2026:awards/day</id>\n"
        "    <title>工人先锋号：李刚</title>\n"
        "    <updated>2013-11-16T00:00:00Z</updated>\n"
        "    <published>2013-11-16T00:00:00Z</published>\n"
        '    <link rel="alternate" type="text/html" href="https://unions.example.org/awards/day/" />\n'
        '    <category term="工人先锋号" />\n'
        '    <category term="省级" />\n'
        '    <content type="text">获得者：李刚\n'
        "级别：省级\n"
        "授予单位：市总工会\n"
        "授予时间：2013-11-16</content>\n"
        "  </entry>\n"
        "  <entry>\n"
        "    <id>tag:unions.example.org,2026:awards/undated</id>\n"
        "    <title>工人先锋号：李刚</title>\n"
        "    <updated>1970-01-01T00:00:00Z</updated>\n"
        '    <link rel="alternate" type="text/html" href="https://unions.example.org/awards/undated/" />\n'
        '    <category term="工人先锋号" />\n'
        '    <content type="text">获得者：李刚</content>\n'
        "  </entry>\n"
        "</feed>\n"
    )


def test_a_host_that_is_not_a_domain_name_is_an_error() -> None:
    with pytest.raises(ValueError, match="not a domain name"):
        feed_of(MIXED, site_url="https://" + "x" * 64 + ".example/")


def test_every_real_award_is_in_the_feed() -> None:
    catalog = validate([REPO_ROOT / "data"], REPO_ROOT).catalog
    feed = feed_of(catalog, site_url="https://unions.example.org/")
    ids = entry_ids(feed)
    assert sorted(ids) == sorted(award.id for award in catalog.awards)
    assert len(ids) == len(set(ids)) > 0
    dated = [entry for entry in entries(feed) if text_of(entry, "published")]
    published = [str(text_of(entry, "published")) for entry in dated]
    assert published == sorted(published, reverse=True)
    assert ids[: len(dated)] == [str(text_of(e, "id")).rsplit("/", 1)[1] for e in dated]


def test_the_feed_carries_only_the_entries_updated_last() -> None:
    # Limit 3 of MIXED: "revoked" (updated 2015-03) comes back although its award (2009) is
    # the oldest dated one; then the two newest by date; still in the feed's order.
    limited = honours_feed(
        MIXED,
        site_url=None,
        feed_path="feeds/awards.xml",
        award_url=lambda award: f"awards/{award.id}/",
        title="荣誉",
        limit=3,
    )
    assert entry_ids(limited) == ["day", "month", "revoked"]
    assert text_of(ET.fromstring(limited), "updated") == "2015-03-01T00:00:00Z"
    # Ties in `updated` are broken by the feed's order: "same-day-as-year" before "year-only".
    assert entry_ids(feed_of(MIXED))[:5] == [
        "day",
        "month",
        "same-day-as-year",
        "year-only",
        "older",
    ]


def test_a_large_catalog_gives_a_feed_of_feed_entries() -> None:
    many = catalog_of(*(award(f"a{n:04d}", f"{2000 + n % 20}-01") for n in range(250)))
    ids = entry_ids(feed_of(many))
    assert len(ids) == feeds.FEED_ENTRIES == 100
    # The newest years fill it: 12 awards in each of 2012-2019 (96), then 4 of 2011's 12, by id.
    years = [2000 + int(i[1:]) % 20 for i in ids]
    assert years == sorted(years, reverse=True)
    assert years.count(2011) == 4 and min(years) == 2011
    assert ids[-4:] == ["a0011", "a0031", "a0051", "a0071"]
