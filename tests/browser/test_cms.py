"""The form editor at /admin/ in Chromium, saving through decap-server into a real git repository.

decap-server (pinned in cms/package-lock.json) runs in its git mode on a temporary
repository on 127.0.0.1; the site of that repository is built with the local backend
switched on (a test-only setting) and served on 127.0.0.1. What the form writes must then
pass ``showcase validate`` and appear on the rebuilt site.
"""

from __future__ import annotations

import os
import socket
import subprocess
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Dialog, Page

from showcase.records.validation import validate
from showcase.records.yamlsource import load_yaml
from tests.browser.conftest import ARTIFACTS, DESKTOP, serve
from tests.conftest import REPO_ROOT, build_into, git, write_files

pytestmark = pytest.mark.browser

CMS_DIR = REPO_ROOT / "cms"
DECAP_SERVER = CMS_DIR / "node_modules" / "decap-server" / "dist" / "index.js"
BUNDLE = CMS_DIR / "node_modules" / "decap-cms" / "dist"
# Decap draws a 6 MB bundle on a machine shared with other builds: slower than a page.
TIMEOUT_MS = 45_000

SOURCE = """\
id: article-2013
title: 天津工会创造性开展工作探寻
published: "2013"
"""
PERSON = """\
id: {id}
name: {name}
sources:
  - source: article-2013
"""
# An existing studio as an editor wrote it by hand: comments, quoted strings, a block of
# text, a quantity and a date in quotes.
EXISTING_STUDIO = """\
# yaml-language-server: $schema=../../schema/data.schema.json
id: old-studio
name: "老工作室"
leader: li-gang
named: "2013-06"
achievements:
  patents_granted: "30余项"  # 照原文
description: |-
  第一段。
  第二段，有“引号”和 a: b 这样的写法。
sources:
  - source: article-2013
    quote: "成立一年间"
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def cms_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, int]]:
    """A git repository of folder records, and decap-server in git mode on it."""
    if not DECAP_SERVER.exists():
        message = f"{DECAP_SERVER} is missing: `make test` installs it with npm ci in cms/"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    repo = tmp_path / "repo"
    write_files(
        repo,
        {
            "mkdocs.yml": textwrap.dedent(f"""\
                site_name: 表单测试
                docs_dir: content
                theme:
                  name: material
                  language: zh
                plugins:
                  - search
                  - showcase/records
                  - showcase/admin:
                      backend: {{name: github, repo: test/showcase, branch: main}}
                      bundle_dir: {BUNDLE.as_posix()}
                      local_backend: http://127.0.0.1:{port}/api/v1
                """),
            "content/index.md": "# 首页\n",
            "data/sources/article-2013.yaml": SOURCE,
            "data/people/li-gang.yaml": PERSON.format(id="li-gang", name="李刚"),
            "data/people/wang-fang.yaml": PERSON.format(id="wang-fang", name="王芳"),
            "data/studios/old-studio.yaml": EXISTING_STUDIO,
        },
    )
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "起点")
    monkeypatch.setenv("SHOWCASE_CMS_LOCAL_BACKEND", "1")
    environment = os.environ | {
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(repo),
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "表单",
        "GIT_AUTHOR_EMAIL": "cms@example.org",
        "GIT_COMMITTER_NAME": "表单",
        "GIT_COMMITTER_EMAIL": "cms@example.org",
        "LOG_LEVEL": "warn",
    }
    log = tmp_path / "decap-server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            ["node", str(DECAP_SERVER)], env=environment, stdout=output, stderr=output
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert server.poll() is None, log.read_text("utf-8")
            assert time.monotonic() < deadline, "decap-server did not start"
            time.sleep(0.1)
        yield repo, port
    finally:
        server.terminate()
        server.wait(timeout=10)


def _editor(chromium: Browser, site_url: str) -> tuple[Page, list[str]]:
    """A fresh tab logged into the form editor, and the list of every request it makes."""
    context = chromium.new_context(viewport=DESKTOP, locale="zh-CN", service_workers="block")
    context.set_default_timeout(TIMEOUT_MS)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()

    # Decap asks before publishing; the test says yes.
    def accept(dialog: Dialog) -> None:
        dialog.accept()

    page.on("dialog", accept)
    page.goto(f"{site_url}admin/")
    page.get_by_role("button", name="登录").click()
    page.get_by_text("劳模创新工作室").first.wait_for()
    return page, requests


def _publish(page: Page) -> None:
    """Save, mark ready and publish: the editorial workflow's three steps."""
    page.get_by_role("button", name="保存").click()
    page.get_by_text("修改已保存").wait_for()
    page.get_by_role("button", name="状态: 草稿").click()
    page.get_by_role("menuitem", name="就绪").click()
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_role("menuitem", name="立即发布").click()
    page.get_by_role("button", name="已发布", exact=True).wait_for()


def _site(repo: Path, tmp_path: Path, name: str) -> Path:
    return build_into(repo / "mkdocs.yml", tmp_path / name)


def test_a_studio_made_in_the_form_passes_validate_and_appears_on_the_site(
    cms_repo: tuple[Path, int], chromium: Browser, tmp_path: Path
) -> None:
    repo, port = cms_repo
    site = _site(repo, tmp_path, "site")
    with serve(site) as url:
        page, requests = _editor(chromium, url)
        page.goto(f"{url}admin/#/collections/studios/new")
        page.get_by_label("编号", exact=True).fill("haihe-studio")
        page.get_by_label("名称", exact=True).fill("海河劳模创新工作室")
        # Typed in and cleared again: saved as nothing, not as '' (showcase-admin.js).
        page.get_by_label("所在区 (可选)").fill("南开区")
        page.get_by_label("所在区 (可选)").fill("")
        # The leader through the relation widget: typed by name, stored as the id.
        page.get_by_label("领衔劳模 (可选)").click()
        page.keyboard.type("王")
        page.get_by_text("王芳 wang-fang").click()
        page.locator('[id^="achievements-field"] [data-testid="expand-button"]').first.click()
        page.get_by_label("获得专利 (可选)").fill("30余项")
        page.get_by_role("button", name="新增来源").click()
        page.get_by_label("来源", exact=True).last.click()
        page.keyboard.type("天津")
        page.get_by_text("天津工会创造性开展工作探寻 article-2013").click()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "cms-new-studio.png"), full_page=True)
        _publish(page)
        page.context.close()

    assert [url for url in requests if not url.startswith("http://127.0.0.1:")] == []
    written = repo / "data" / "studios" / "haihe-studio.yaml"
    assert git(repo, "status", "--porcelain") == ""
    loaded = load_yaml(written)
    assert loaded.data == {
        "id": "haihe-studio",
        "name": "海河劳模创新工作室",
        "leader": "wang-fang",
        "achievements": {"patents_granted": "30余项"},
        "sources": [{"source": "article-2013"}],
    }
    result = validate([repo / "data"], repo)
    assert result.diagnostics == [], [str(d) for d in result.diagnostics]
    assert result.warnings == []

    rebuilt = _site(repo, tmp_path, "rebuilt")
    page_html = (rebuilt / "studios" / "haihe-studio" / "index.html").read_text("utf-8")
    assert "海河劳模创新工作室" in page_html
    assert "王芳" in page_html
    assert port  # the server the page saved through


def test_an_untouched_record_cannot_be_saved_and_an_edit_changes_only_its_value(
    cms_repo: tuple[Path, int], chromium: Browser, tmp_path: Path
) -> None:
    repo, _ = cms_repo
    path = repo / "data" / "studios" / "old-studio.yaml"
    before = load_yaml(path).data
    site = _site(repo, tmp_path, "site")
    with serve(site) as url:
        page, _ = _editor(chromium, url)
        page.goto(f"{url}admin/#/collections/studios/entries/old-studio")
        name = page.get_by_label("名称", exact=True)
        save = page.get_by_role("button", name="保存")
        assert name.input_value() == "老工作室"
        # Decap offers no save while the record is as it was, also after a change undone.
        assert save.is_disabled()
        name.fill("老工作室!")
        assert save.is_enabled()
        name.fill("老工作室")
        assert save.is_disabled()
        assert git(repo, "status", "--porcelain") == ""
        assert path.read_text("utf-8") == EXISTING_STUDIO
        # One real edit: the file is written anew, and every other value reads the same.
        name.fill("老工作室（改）")
        _publish(page)
        page.context.close()

    assert git(repo, "status", "--porcelain") == ""
    assert "old-studio.yaml" in git(repo, "diff", "--stat", "HEAD~1", "HEAD")
    after = load_yaml(path)
    assert after.diagnostics == [] and after.warnings == []
    assert after.data == before | {"name": "老工作室（改）"}, path.read_text("utf-8")
    result = validate([repo / "data"], repo)
    assert result.diagnostics == [], [str(d) for d in result.diagnostics]
