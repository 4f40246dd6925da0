"""One build of the real site, one web server on 127.0.0.1, one Chromium; a fresh tab per test.

Chromium is Debian's (``make test`` installs it): Playwright's own browser download cannot
reach its servers from here. Every test gets a new browser context, so no cookies, storage
or cache carry over, and a tab that records each request, console error and dialog.
Screenshots go to ``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Dialog,
    Error,
    Page,
    Request,
    sync_playwright,
)

from tests.conftest import REPO_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # Nothing may leave the machine: every host name but the test server's fails to resolve.
    # A page that tries anyway still shows up in the tab's request log.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
ARTIFACTS = REPO_ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}
# Long enough for a slow CI machine, short enough that a broken page fails quickly.
TIMEOUT_MS = 15_000


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker here: pyproject.toml is shared and runs with --strict-markers."""
    config.addinivalue_line(
        "markers", "browser: drives the built site in Chromium (tests/browser/, needs chromium)"
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without printing a line per request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve folder on 127.0.0.1 at a free port; yield the base URL, ending in ``/``."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Tab:
    """A browser tab and everything it did: requests, console errors, dialogs."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def requests_off_machine(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (inline data: and blob: URLs never leave)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme not in {"data", "blob"}
            and urlsplit(url).hostname != "127.0.0.1"
        ]

    def screenshot(self, name: str) -> Path:
        """Save a full-page screenshot as test-artifacts/<name>.png and return its path."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """Debian's Chromium, headless, once per session; Playwright gives it a fresh profile."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: `make test` installs Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Tab]:
    """A fresh page in a fresh context at desktop size, recording what it does."""
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    recorded = Tab(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            recorded.console_errors.append(f"{message.text} ({message.location.get('url')})")

    def on_page_error(error: Error) -> None:
        recorded.console_errors.append(f"uncaught: {error.message}")

    def on_dialog(dialog: Dialog) -> None:
        recorded.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_request(request: Request) -> None:
        recorded.requests.append(request.url)

    context.on("request", on_request)
    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("dialog", on_dialog)
    try:
        yield recorded
    finally:
        context.close()


@pytest.fixture(scope="session")
def real_site_url(real_site: Path) -> Iterator[str]:
    """The base URL of the real site, served on 127.0.0.1 for the whole session."""
    with serve(real_site) as url:
        yield url
