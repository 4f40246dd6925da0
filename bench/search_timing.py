"""Time the first search result of a built site in headless Chromium.

build_benchmark.py calls :func:`time_first_results` on each site it builds. It serves the
site on 127.0.0.1 and, in Debian's Chromium, opens the home page, types a person's name
into Material's search box and waits for results, each load in a fresh browser context
(nothing cached). Two times are taken from the page's load event: to the first result on
screen, which must be that person's page, and to the first result the site's own engine
gave with its index ready (showcase/site/assets/showcase-search.js: it answers from the
first query on, so both times are the same; the second column is kept for the tables). The issue's target: the first result within 1 s of the page
load for 10,000 records.
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
                page.goto(url, wait_until="load")
                search = page.locator("input.md-search__input")
                search.click()
                search.fill(query)
                page.keyboard.press("End")  # Material searches on keyup
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
FULL_RENDER = "() => window.__renders.some(render => render.state === 'ready')"
RENDERS_SINCE_LOAD = """() => {
  const loaded = performance.getEntriesByType("navigation")[0].loadEventStart
  return window.__renders.map(render => ({ ...render, seconds: (render.time - loaded) / 1000 }))
}"""


def _expect_first(href: str | None, expected: str, when: str) -> None:
    if href is None or href.split("?")[0] != expected:
        raise SystemExit(f"{when}: the first result is {href}, not {expected}")
