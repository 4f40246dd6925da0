"""How well the site's search answers: queries by class, typed into Chromium, scored.

``python bench/search_quality.py SITE [--queries FILE | --generated DATA]`` serves a built
site on 127.0.0.1 (or opens it from the disk with ``--file``), types each query into
Material's search box in Debian's headless Chromium, reads the result list from the page
(Material's ``.md-search-result`` list, never the engine's internals, so that any engine
behind the box can be measured) and prints the scores per class and overall:

- *top-1*: the first result is one of the query's expected pages;
- *top-5*: one of them is among the first five;
- for the class ``absent`` (an honour, a person, a place that no record holds, or
  nonsense), both mean: the list says that no record holds the query (:func:`says_absent`),
  Material's "no result" or the engine's own words naming it, rather than counting pages
  that share a character with the query or a hand-written page that mentions it;
- for the class ``mixed`` (a word the data holds and one it does not), both also need the
  list to say so: the present word's pages alone are not the whole answer.

Two sets of queries: ``search_queries/tianjin.yaml``, written by hand over the
repository's own site, and one derived from the generated data of ``generate.py``
(:func:`generated_queries`, fixed seed, the same few queries per class at any size).
The scores are figures to compare engines by, not targets: nothing here asserts them.

Which answer counts: the engine may answer a query first with a quick, lesser result and
later with its full one; the page says which in ``<html data-showcase-search>``.
:func:`is_full_answer` is the one place that reads that marker. Each query is scored on the
list shown once a full answer has been rendered and the list has stayed unchanged for
:data:`SETTLE_MS`.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import random
import re
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from playwright.sync_api import Browser, Page, sync_playwright

HERE = Path(__file__).resolve().parent
TIANJIN_QUERIES = HERE / "search_queries/tianjin.yaml"
CLASSES = (
    "exact", "partial", "typo", "topical", "number", "traditional", "pinyin", "absent", "mixed",
)  # fmt: skip
CLASS_NAMES = {
    "exact": "exact names",
    "partial": "partial names",
    "typo": "one-character typos and homophones",
    "topical": "topical words",
    "number": "numbers as printed",
    "traditional": "traditional characters",
    "pinyin": "pinyin",
    "absent": "absent words: honours, people, places, nonsense (the list says so)",
    "mixed": "one absent word and one present (found, and the list says so)",
}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    # Nothing leaves the machine.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
TOP = 5
# A result list that has not changed for this long after a full answer is the answer.
SETTLE_MS = 250
# How long the first full answer may take (today's engine builds its whole index first:
# 20 to 30 s at 100,000 records, far more with the CPU throttled).
FIRST_ANSWER_TIMEOUT_MS = 600_000
ANSWER_TIMEOUT_MS = 60_000
GENERATED_SEED = 2016
GENERATED_PER_CLASS = 10


def is_full_answer(state: str | None) -> bool:
    """Whether a result list rendered in this ``<html data-showcase-search>`` state is final.

    Today's engine marks "quick" (the page answers while Material's worker builds its lunr
    index) and then "full" (the worker answers). A page without the marker (plain Material)
    has only one kind of answer. Another engine with other states: teach this function.
    """
    return state is None or state in {"full", "ready"}


# --- the queries -------------------------------------------------------------------------


@dataclass(frozen=True)
class Query:
    """A query of one class, and the pages (URL paths from the site root) it should find."""

    kind: str
    text: str
    expected: frozenset[str]


def page_path(spec: str) -> str:
    """The URL path of ``kind/id`` (a record's page) or ``kind/facet/value`` (a listing)."""
    from showcase.records.schema import RecordKind
    from showcase.site.urls import listing_src_uri, page_url, record_src_uri

    parts = spec.split("/")
    if len(parts) == 2:
        return page_url(record_src_uri(RecordKind(parts[0]), parts[1]), use_directory_urls=True)
    if len(parts) == 3:
        kind, facet, value = parts
        source = listing_src_uri(RecordKind(kind), facet=facet, value=value)
        return page_url(source, use_directory_urls=True)
    raise ValueError(f"expected kind/id or kind/facet/value, not {spec!r}")


def load_queries(path: Path) -> list[Query]:
    """The queries of a hand-written file (see search_queries/tianjin.yaml)."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    queries = []
    for entry in entries:
        kind, text, expect = entry["class"], str(entry["query"]), entry["expect"]
        if kind not in CLASSES:
            raise ValueError(f"{path}: unknown class {kind!r} of {text!r}")
        if (kind == "absent") != (not expect):
            raise ValueError(f"{path}: {text!r}: only an absent query expects no page")
        queries.append(Query(kind, text, frozenset(page_path(spec) for spec in expect)))
    return queries


def check_pages_exist(queries: Sequence[Query], site: Path) -> None:
    """Stop if a query expects a page the site does not have: a mistake in the query file."""
    missing = sorted(
        f"{query.text} -> {path}"
        for query in queries
        for path in query.expected
        if not (site / path / "index.html").is_file()
        and not (site / f"{path.removesuffix('/')}.html").is_file()
    )
    if missing:
        raise SystemExit("expected pages missing from the site:\n  " + "\n  ".join(missing))


# --- queries derived from generated data -------------------------------------------------

# Honours that generate.py never writes (checked against the data when the set is made).
ABSENT_HONOURS = (
    "全国五一劳动奖章", "中国青年五四奖章", "全国技术能手", "大国工匠", "青年文明号",
    "鲁班奖", "中华技能大奖", "巾帼建功标兵", "詹天佑奖", "全国模范职工之家",
)  # fmt: skip


# People, places and nonsense that generate.py never writes (checked as the honours are).
ABSENT_OTHERS = ("王小明", "和平区", "火星基地", "qwerty", "滨海新区")


# A number as printed: digits, a decimal part, and 万, 亿 or % right after them.
NUMBER = re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+)?(?:万|亿|%)?")
LEGAL_FORMS = ("股份有限公司", "集团有限公司", "有限公司")
STUDIO_FORMS = ("劳模创新工作室", "职工创新工作室", "技能大师工作室")


def _partial_name(name: str) -> str | None:
    """What a visitor may type of a company's or a studio's name; None for other units."""
    for form in STUDIO_FORMS:
        if name.endswith(form):
            return name.removesuffix(form) + "工作室"
    for form in LEGAL_FORMS:
        if name.endswith(form) and name.startswith("天津"):
            part = name.removeprefix("天津").removesuffix(form)
            return part if len(part) >= 2 else None
    return None


def generated_queries(
    data: Path, seed: int = GENERATED_SEED, per_class: int = GENERATED_PER_CLASS
) -> list[Query]:
    """Queries of every class over a tree written by generate.py, the same for a seed.

    Expected pages come from the data itself: every record that bears the name (a name
    may be shared at scale), every record of a topic and its listing, every figure that
    states the number.
    """
    from opencc import OpenCC
    from pypinyin import Style, lazy_pinyin

    from showcase.records.names import record_name
    from showcase.records.schema import Award, Figure, Organization, Person, Studio
    from showcase.records.validation import validate
    from showcase.site.listings import FACETS

    catalog = validate([data / "data"], data).catalog
    by_id = catalog.by_id()
    rng = random.Random(seed)
    to_traditional = OpenCC("s2t").convert

    def url(record: Any) -> str:
        return page_path(f"{record.kind.value}/{record.id}")

    named: dict[str, set[str]] = defaultdict(set)
    people: list[str] = []
    named_units: list[str] = []
    for record in catalog:
        if isinstance(record, Person | Studio | Organization):
            name = record_name(record, by_id)
            named[name].add(url(record))
            (people if isinstance(record, Person) else named_units).append(name)
    people = sorted(set(people))
    named_units = sorted(set(named_units))
    names = sorted(named)

    def containing(part: str) -> frozenset[str]:
        return frozenset(path for name in names if part in name for path in named[name])

    queries: list[Query] = []

    def add(kind: str, text: str, expected: frozenset[str]) -> None:
        if expected or kind == "absent":
            queries.append(Query(kind, text, expected))

    for name in rng.sample(people, min(per_class // 2, len(people))) + rng.sample(
        named_units, min(per_class - per_class // 2, len(named_units))
    ):
        add("exact", name, frozenset(named[name]))

    # A company without "天津" and its legal form ("海晶钢管" of "天津海晶钢管集团有限公司"),
    # a studio as its leader's name and "工作室" ("胡学刚工作室" of "胡学刚劳模创新工作室").
    partials = sorted({part for name in named_units if (part := _partial_name(name))})
    studios = [part for part in partials if part.endswith("工作室")]
    companies = [part for part in partials if not part.endswith("工作室")]
    chosen = rng.sample(companies, min(per_class // 2, len(companies)))
    chosen += rng.sample(studios, min(per_class - len(chosen), len(studios)))
    for part in chosen:
        if part.endswith("工作室"):  # the studio, not its leader's own page
            found = containing(part.removesuffix("工作室"))
            add("partial", part, frozenset(p for p in found if p.startswith("studios/")))
        else:
            add("partial", part, containing(part))

    # One character of a three-character name replaced: by a homophone when the given
    # names have one, else by another character of a given name.
    given_chars = sorted({char for name in people for char in name[1:]})
    by_sound: dict[str, list[str]] = defaultdict(list)
    for char in given_chars:
        by_sound[lazy_pinyin(char)[0]].append(char)
    typo_count = 0
    for name in rng.sample(people, min(per_class * 3, len(people))):
        if typo_count >= per_class or len(name) != 3:
            continue
        position = rng.randrange(1, len(name))
        sounds = [c for c in by_sound[lazy_pinyin(name[position])[0]] if c != name[position]]
        others = sounds or [c for c in given_chars if c not in name]
        typed = name[:position] + rng.choice(others) + name[position + 1 :]
        if typed not in named:  # at scale a typo may be someone else's real name
            add("typo", typed, frozenset(named[name]))
            typo_count += 1

    topics: dict[str, set[str]] = defaultdict(set)
    honour_years: dict[tuple[str, str], set[str]] = defaultdict(set)
    figures: list[Figure] = []
    listed = {kind: {facet.name for facet in facets} for kind, facets in FACETS.items()}
    for record in catalog:
        for facet in ("industry", "district", "programme"):
            value = getattr(record, facet, None)
            if isinstance(value, str) and value:
                topics[value].add(url(record))
                if facet in listed.get(record.kind, ()):
                    topics[value].add(page_path(f"{record.kind.value}/{facet}/{value}"))
        if isinstance(record, Award):
            year = str(record.awarded or record.presented or "")[:4]
            if year:
                honour_years[(record.honour, year)].add(url(record))
        if isinstance(record, Figure):
            figures.append(record)
    topic_names = sorted(topics)
    for topic in rng.sample(topic_names, min(per_class - per_class // 3, len(topic_names))):
        add("topical", topic, frozenset(topics[topic]))
    pairs = sorted(honour_years)
    for honour, year in rng.sample(pairs, min(per_class // 3, len(pairs))):
        add("topical", f"{honour} {year}", frozenset(honour_years[(honour, year)]))

    # Numbers as the figures print them ("379.5万", "80.1%", "41047"); every record whose
    # fields state that number is a right answer.
    stated: dict[str, set[str]] = defaultdict(set)
    for record in catalog:
        for number in set(NUMBER.findall(record.model_dump_json())):
            stated[number].add(url(record))
    printed = sorted(
        {n for figure in figures for n in NUMBER.findall(str(figure.value)) if len(n) >= 3}
    )
    for number in rng.sample(printed, min(per_class, len(printed))):
        add("number", number, frozenset(stated[number]))

    changing = [name for name in names if to_traditional(name) != name]
    for name in rng.sample(changing, min(per_class, len(changing))):
        add("traditional", to_traditional(name), frozenset(named[name]))

    # Full pinyin, spaced pinyin and initials, in turn; every person whose name reads the
    # same is a right answer.
    forms: list[dict[str, set[str]]] = [defaultdict(set), defaultdict(set), defaultdict(set)]
    typed_as: dict[str, tuple[str, str, str]] = {}
    for name in people:
        syllables = lazy_pinyin(name)
        initials = "".join(lazy_pinyin(name, style=Style.FIRST_LETTER))
        typed_as[name] = ("".join(syllables), " ".join(syllables), initials)
        for form, typed in zip(forms, typed_as[name], strict=True):
            form[typed] |= named[name]
    for index, name in enumerate(rng.sample(people, min(per_class, len(people)))):
        typed = typed_as[name][index % 3]
        add("pinyin", typed, frozenset(forms[index % 3][typed]))

    text = "\n".join(path.read_text(encoding="utf-8") for path in (data / "data").glob("*.yaml"))
    absent = [honour for honour in ABSENT_HONOURS if honour not in text]
    others = [word for word in ABSENT_OTHERS if word not in text]
    for word in (absent[: per_class - per_class // 2] + others)[:per_class]:
        add("absent", word, frozenset())
    # A name the data holds, then an honour it does not: the name's pages.
    if absent:
        for index, name in enumerate(rng.sample(names, min(per_class, len(names)))):
            add("mixed", f"{name} {absent[index % len(absent)]}", frozenset(named[name]))
    return queries


# --- typing them into the search box -------------------------------------------------------

# Records every render of the result list: when, the result links, the message, and which
# answer it was (<html data-showcase-search> at that moment).
WATCH_RENDERS = """() => {
  const list = document.querySelector(".md-search-result")
  window.__renders = []
  new MutationObserver(() => {
    const links = Array.from(
      document.querySelectorAll(".md-search-result__item > a:first-child"), a => a.href)
    const meta = document.querySelector(".md-search-result__meta")
    window.__renders.push({
      time: performance.now(),
      links,
      message: (meta ? meta.textContent : list.textContent).trim(),
      state: document.documentElement.dataset.showcaseSearch ?? null,
    })
  }).observe(list, { childList: true, subtree: true, characterData: true })
}"""
# Resolves with the number of renders so far, once none has come for settle ms: the list
# is still before the next query is typed (Material redraws it when the box gets focus).
QUIET_COUNT = """(settle) => new Promise(resolve => {
  const check = () => {
    const last = window.__renders[window.__renders.length - 1]
    if (!last || performance.now() - last.time >= settle) resolve(window.__renders.length)
    else setTimeout(check, 50)
  }
  check()
})"""
# Resolves with the renders since render n, once a full one has come and the list then
# stayed as it was for settle ms.
SETTLED_SINCE = """([n, settle, fullStates, timeout]) => new Promise((resolve, reject) => {
  const full = render => render.state === null || fullStates.includes(render.state)
  const start = performance.now()
  const check = () => {
    const since = window.__renders.slice(n)
    const last = since[since.length - 1]
    if (since.some(full) && performance.now() - last.time >= settle) resolve(since)
    else if (performance.now() - start > timeout) reject(new Error("no full answer in time"))
    else setTimeout(check, 50)
  }
  check()
})"""
# The states is_full_answer() accepts besides "no marker", for the page's side.
FULL_STATES = [state for state in ("quick", "full", "ready") if is_full_answer(state)]


# Material's own lines above the result list (its Chinese strings, partials/languages/zh.html):
# the count of results, and what it shows before a query or while its worker starts.
MATERIAL_COUNT = re.compile(r"^(?:找到 )?[0-9,]+ 个符合条件的结果$")
MATERIAL_WAITING = frozenset({"键入以开始搜索", "正在初始化搜索引擎"})


def says_nothing_found(message: str) -> bool:
    """Whether the line above the results tells the visitor that nothing was found.

    Material's own "没有找到符合条件的结果" (with an empty list) does; so does an engine's
    own message in place of Material's count, such as "数据里没有“鲁班奖”这个词。" followed
    by the closest names as suggestions. Material's count of results does not: then the
    list holds pages that merely share characters with the query.
    """
    message = message.strip()
    return bool(message) and message not in MATERIAL_WAITING and not MATERIAL_COUNT.match(message)


MATERIAL_NONE = "没有找到符合条件的结果"
QUOTED = re.compile("“([^”]*)”")


def says_absent(message: str, query: str) -> bool:
    """Whether the line above the results tells the visitor that no record holds the query.

    Material's "没有找到符合条件的结果" does; so does an engine's own line that says 没有
    and names each word of the query in quotes: "数据里没有“鲁班奖”这个词。" and
    "没有记录含有“全国五一劳动奖章”；下面是提到它的页面：" (a hand-written page mentions
    it, listed below). Any other line does not, though it is no count of results: one that
    names another word of the query only, or says something else.
    """
    message = message.strip()
    if message == MATERIAL_NONE:
        return True
    quoted = QUOTED.findall(message)
    return "没有" in message and all(any(word in q for q in quoted) for word in query.split())


@dataclass(frozen=True)
class Outcome:
    """What the result list showed for one query."""

    query: Query
    results: tuple[str, ...]
    message: str

    @property
    def top1(self) -> bool:
        """The first result is expected; for an absent word: the list says none was found."""
        if self.query.kind == "absent":
            return says_absent(self.message, self.query.text)
        if self.query.kind == "mixed" and not says_nothing_found(self.message):
            return False
        return bool(self.results) and self.results[0] in self.query.expected

    @property
    def top5(self) -> bool:
        """An expected page is among the first five; for an absent word, as top-1."""
        if self.query.kind == "absent":
            return self.top1
        if self.query.kind == "mixed" and not says_nothing_found(self.message):
            return False
        return any(result in self.query.expected for result in self.results[:TOP])


def relative_path(href: str, base: str) -> str:
    """A result link as a URL path from the site root: ``people/li-gang/``."""
    path = href.split("#")[0].split("?")[0]
    if path.startswith(base):
        path = path[len(base) :]
    path = path.removesuffix("index.html")
    # The offline archive's pages are files: people/li-gang.html is people/li-gang/.
    return path.removesuffix(".html") + "/" if path.endswith(".html") else path


def search_all(page: Page, base: str, queries: Sequence[Query]) -> list[Outcome]:
    """Type each query into the open page's search box and read the list it shows."""
    page.evaluate(WATCH_RENDERS)
    box = page.locator("input.md-search__input")
    box.click()
    outcomes = []
    for number, query in enumerate(queries):
        count = page.evaluate(QUIET_COUNT, SETTLE_MS)
        box.fill(query.text)
        page.keyboard.press("End")  # Material searches on keyup
        timeout = FIRST_ANSWER_TIMEOUT_MS if number == 0 else ANSWER_TIMEOUT_MS
        renders = page.evaluate(SETTLED_SINCE, [count, SETTLE_MS, FULL_STATES, timeout])
        last = renders[-1]
        results = tuple(relative_path(link, base) for link in last["links"])
        outcomes.append(Outcome(query, results, last["message"]))
    return outcomes


def distinct(queries: Sequence[Query]) -> list[Query]:
    """The queries without repeats: typing the same text twice makes no new render."""
    seen: set[str] = set()
    kept = []
    for query in queries:
        if query.text not in seen:
            seen.add(query.text)
            kept.append(query)
    return kept


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a site on 127.0.0.1, uncompressed, at a free port; yield its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def run_suite(site: Path, queries: Sequence[Query], *, from_disk: bool = False) -> list[Outcome]:
    """Open the site's home page (over http, or from the disk) and score every query."""
    check_pages_exist(queries, site)
    queries = distinct(queries)
    with contextlib.ExitStack() as stack:
        base = site.resolve().as_uri() + "/" if from_disk else stack.enter_context(serve(site))
        browser = stack.enter_context(chromium())
        context = browser.new_context(locale="zh-CN", service_workers="block")
        page = context.new_page()
        page.goto(base + ("index.html" if from_disk else ""), wait_until="load")
        outcomes = search_all(page, base, queries)
        context.close()
    return outcomes


# --- scores ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Score:
    """How many queries of a class were asked, and how many passed top-1 and top-5."""

    kind: str
    asked: int
    top1: int
    top5: int


def scores(outcomes: Sequence[Outcome]) -> list[Score]:
    """One score per class present, in the order of :data:`CLASSES`, then "all"."""
    by_class: Mapping[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_class[outcome.query.kind].append(outcome)
    rows = [
        Score(kind, len(found), sum(o.top1 for o in found), sum(o.top5 for o in found))
        for kind in CLASSES
        if (found := by_class.get(kind))
    ]
    total = Score(
        "all", len(outcomes), sum(o.top1 for o in outcomes), sum(o.top5 for o in outcomes)
    )
    return [*rows, total]


def percent(part: int, whole: int) -> str:
    """``72 %`` of a count, or a dash for none."""
    return f"{round(100 * part / whole)} %" if whole else "—"


def score_table(rows: Sequence[Score]) -> list[str]:
    """The scores as a Markdown table."""
    lines = ["| class | queries | top-1 | top-5 |", "| --- | ---: | ---: | ---: |"]
    for row in rows:
        name = CLASS_NAMES.get(row.kind, "all queries")
        lines.append(
            f"| {name} | {row.asked} | {row.top1} ({percent(row.top1, row.asked)}) "
            f"| {row.top5} ({percent(row.top5, row.asked)}) |"
        )
    return lines


def failures(outcomes: Sequence[Outcome], limit: int = 3) -> list[str]:
    """What the first results were for queries that missed top-1, a few per class."""
    shown: dict[str, int] = defaultdict(int)
    lines = []
    for outcome in outcomes:
        kind = outcome.query.kind
        if outcome.top1 or shown[kind] >= limit:
            continue
        shown[kind] += 1
        first = ", ".join(path or "/" for path in outcome.results[:3]) or "no result"
        lines.append(
            f"{kind}: “{outcome.query.text}” -> {first} ({len(outcome.results)} shown; "
            f"“{outcome.message}”)"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Score the queries on a built site and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (the folder with index.html)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--queries", type=Path, default=TIANJIN_QUERIES)
    source.add_argument("--generated", type=Path, metavar="TREE",
                        help="derive the queries from this generate.py tree instead")  # fmt: skip
    parser.add_argument("--file", action="store_true", help="open the site from the disk")
    parser.add_argument("--failures", action="store_true", help="print the misses too")
    arguments = parser.parse_args(argv)
    if arguments.generated is not None:
        queries = generated_queries(arguments.generated)
    else:
        queries = load_queries(arguments.queries)
    outcomes = run_suite(arguments.site, queries, from_disk=arguments.file)
    print("\n".join(score_table(scores(outcomes))))
    if arguments.failures:
        print("\n".join(failures(outcomes, limit=100)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
