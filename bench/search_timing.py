"""Time the first search result of a built site in headless Chromium, from the page's load.

build_benchmark.py calls :func:`time_first_results` on each site it builds, and
search_benchmark.py uses :data:`TYPE_AT_LOAD`. The site is served on 127.0.0.1 and, in
Debian's Chromium, each load in a fresh browser context (nothing cached), the home page is
opened and a person's name is put into Material's search box *by the page itself, at its
load event* (focus, value, a keyup: what Material listens to). The clock starts at the load
event (``loadEventStart``) and stops when the result list shows the engine's answer with
the person's page first (showcase/site/assets/showcase-search.js; it answers from the first
query on, so both columns are the same; the second is kept for the tables).

Why not Playwright's ``click``/``fill``/``press``: each is a round trip to the browser with
actionability checks, and with the CPU throttled 4× on a busy machine they took 3 to 4 s
between the load and the keyup (measured), time of the harness, not of the site. Typing at
the load event is the earliest a visitor could, and whatever the page has not finished by
then (Material's bundle asking its worker to start, the index manifest) counts.
The issue's target: the first result within 1 s of the page load.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import sync_playwright

TARGET_SECONDS = 1.0
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@dataclass(frozen=True)
class SearchTimes:
    """What was typed, and the seconds from each page load to its first and full results."""

    query: str
    first_results: tuple[float, ...]
    full_index: tuple[float, ...]


def time_first_results(site: Path, repeat: int) -> SearchTimes:
    """Load the site's home page ``repeat`` times and time a search for a person's name."""
    query, expected = _a_person(site)
    loads = _time_loads(site, query, expected, repeat)
    return SearchTimes(
        query,
        tuple(load.first_result for load in loads),
        tuple(load.full_index for load in loads),
    )


def _a_person(site: Path) -> tuple[str, str]:
    """A person's name as the search box would get it, and the location of their page."""
    for shard in sorted((site / "search/showcase").glob("d*.js")):
        text = shard.read_text(encoding="utf-8")
        for location, title, _kind, _fields in json.loads(
            text[text.index(",") + 1 : text.rindex(")")]
        ):
            if location.startswith("people/") and location != "people/":
                return str(title), str(location)
    raise SystemExit("no person page in the search index")


@dataclass(frozen=True)
class Load:
    """Seconds from one page load to the first result, and to the full index's answer."""

    first_result: float
    full_index: float


def _time_loads(site: Path, query: str, expected: str, repeat: int) -> list[Load]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    loads = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            for _ in range(repeat):
                context = browser.new_context(locale="zh-CN")
                page = context.new_page()
                page.add_init_script(RECORD_RENDERS)
                page.add_init_script(type_at_load(query))
                page.goto(url, wait_until="load")
                page.wait_for_function(FULL_RENDER, timeout=120_000)
                renders = page.evaluate(RENDERS_SINCE_LOAD)
                first, full = renders[0], next(r for r in renders if r["state"] == "ready")
                _expect_first(first["href"], url + expected, "first result")
                _expect_first(full["href"], url + expected, "full index")
                loads.append(Load(first["seconds"], full["seconds"]))
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return loads


# Each render of the result list, with the first result's link and which answered it, as
# <html data-showcase-search> says then: "ready" once the engine has its index manifest.
RECORD_RENDERS = """
window.__renders = []
document.addEventListener("DOMContentLoaded", () => {
  new MutationObserver(() => {
    const first = document.querySelector(".md-search-result__item > a")
    if (first) window.__renders.push({
      time: performance.now(),
      href: first.getAttribute("href") && first.href,
      state: document.documentElement.dataset.showcaseSearch,
    })
  }).observe(document.querySelector(".md-search-result__meta"), { childList: true })
})
"""
# The query put into Material's search box by the page at its load event: the clock's start.
TYPE_AT_LOAD = """
window.addEventListener("load", () => {
  const box = document.querySelector("input.md-search__input")
  window.__typed = performance.now()
  box.focus()
  box.value = %s
  box.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true, key: "End" }))
})
"""


def type_at_load(query: str) -> str:
    """The init script that types ``query`` into the search box at the page's load event."""
    return TYPE_AT_LOAD % json.dumps(query, ensure_ascii=False)


FULL_RENDER = "() => window.__renders.some(render => render.state === 'ready')"
RENDERS_SINCE_LOAD = """() => {
  const loaded = performance.getEntriesByType("navigation")[0].loadEventStart
  return window.__renders.map(render => ({ ...render, seconds: (render.time - loaded) / 1000 }))
}"""


def _expect_first(href: str | None, expected: str, when: str) -> None:
    if href is None or href.split("?")[0] != expected:
        raise SystemExit(f"{when}: the first result is {href}, not {expected}")
