"""The organisation's identity on every page: emblem, favicon, colours and a Chinese footer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from showcase.site.downloads import machine_words_as_code
from showcase.site.identity import contrast_ratio, mix
from tests.conftest import WriteTree
from tests.public_text import latin_words, public_text

MKDOCS_YML = """\
site_name: 测试站点
docs_dir: content
theme:
  name: material
  language: zh
  font: false
plugins:
  - showcase/records
  - showcase/identity{options}
"""

FULL_IDENTITY = """:
      organization: 某市总工会
      sponsor: 某市总工会
      organizer: 某市总工会宣传部
      copyright: © 2026 某市总工会 版权所有
      icp: 津ICP备12345678号-1
      police: 津公网安备12010102000001号
      police_link: https://beian.mps.gov.cn/#/query/webSearch?code=12010102000001
      contact: 联系电话：022-00000000
      primary_color: "#8B1A1A"
"""


def build_site(root: Path) -> Path:
    """Build the site at root the way `mkdocs build --strict` does; return the site folder."""
    config = load_config(str(root / "mkdocs.yml"), strict=True)
    build(config)
    return Path(config.site_dir)


def test_the_footer_carries_the_configured_lines_in_chinese(write_tree: WriteTree) -> None:
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML.format(options=FULL_IDENTITY),
            "content/index.md": "# 首页\n",
        }
    )
    html = (build_site(root) / "index.html").read_text(encoding="utf-8")

    footer = html[html.index('<div class="md-copyright showcase-footer">') :]
    footer_text = public_text(footer[: footer.index("</footer>")]).splitlines()
    assert footer_text == [
        "某市总工会",
        "主办单位：某市总工会",
        "·",
        "承办单位：某市总工会宣传部",
        "© 2026 某市总工会 版权所有",
        "津ICP备12345678号-1",
        "·",
        "津公网安备12010102000001号",
        "联系电话：022-00000000",
    ]
    assert '<a href="https://beian.miit.gov.cn/" rel="noopener">津ICP备12345678号-1</a>' in html
    assert (
        '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=12010102000001" '
        'rel="noopener">津公网安备12010102000001号</a>'
    ) in html
    assert "Material for MkDocs" not in html
    (stylesheet,) = (build_site(root) / "assets/stylesheets").glob("showcase-face.*.css")
    assert "--md-primary-fg-color:#8b1a1a;" in stylesheet.read_text(encoding="utf-8")


def test_without_an_emblem_the_built_in_one_replaces_materials_logo_and_favicon(
    write_tree: WriteTree,
) -> None:
    root = write_tree({"mkdocs.yml": MKDOCS_YML.format(options=""), "content/index.md": "# 首页\n"})
    site = build_site(root)
    html = (site / "index.html").read_text(encoding="utf-8")

    assert '<link rel="icon" href="assets/images/showcase-emblem.svg">' in html
    logos = re.findall(r'class="md-header__button md-logo"[^>]*>\s*(<[^>]+>)', html)
    assert logos == ['<img src="assets/images/showcase-emblem.svg" alt="" width="48" height="48">']
    assert (
        (site / "assets/images/showcase-emblem.svg").read_text(encoding="utf-8").startswith("<svg")
    )
    # Material's own favicon is not published at all, and its name is nowhere.
    assert not (site / "assets/images/favicon.png").exists()
    assert "favicon.png" not in html
    # The site's name is the organisation's when none is configured; the default red.
    assert '<p class="showcase-footer__name">测试站点</p>' in html
    (stylesheet,) = (site / "assets/stylesheets").glob("showcase-face.*.css")
    assert "--md-primary-fg-color:#a61b1b;" in stylesheet.read_text(encoding="utf-8")


def test_a_configured_emblem_and_favicon_are_used(write_tree: WriteTree) -> None:
    options = ":\n      emblem: images/emblem.png\n      favicon: images/favicon.ico\n"
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML.format(options=options),
            "content/index.md": "# 首页\n",
            "content/images/emblem.png": b"\x89PNG\r\n\x1a\n",
            "content/images/favicon.ico": b"\x00\x00\x01\x00",
        }
    )
    site = build_site(root)
    html = (site / "index.html").read_text(encoding="utf-8")

    assert '<link rel="icon" href="images/favicon.ico">' in html
    assert '<img src="images/emblem.png" alt=""' in html
    assert not (site / "assets/images/showcase-emblem.svg").exists()


def test_a_primary_colour_white_text_cannot_be_read_on_stops_the_build(
    write_tree: WriteTree, caplog: pytest.LogCaptureFixture
) -> None:
    options = (
        ':\n      primary_color: "#e8b923"\n      accent_color: gold\n      emblem: logo.svg\n'
    )
    root = write_tree(
        {"mkdocs.yml": MKDOCS_YML.format(options=options), "content/index.md": "# 首页\n"}
    )
    with pytest.raises(Abort):
        build_site(root)
    (record,) = caplog.records
    assert record.getMessage().splitlines() == [
        "mkdocs.yml 的网站标识设置有问题：",
        "showcase/identity.primary_color：颜色 #e8b923 上的白色文字对比度只有 1.8:1，"
        "低于无障碍标准要求的 4.5:1，页眉和链接会看不清。请选更深的颜色（例如 #a61b1b）。",
        "showcase/identity.accent_color：颜色“gold”不是 #RRGGBB 形式，请改写。",
        "showcase/identity.emblem：找不到文件 content/logo.svg，请把图片放进这个文件夹，或改正路径。",
    ]
    caplog.clear()


def test_contrast_follows_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#ffffff", "#ffffff") == pytest.approx(1)
    # The default red keeps white text at AAA; the gold is decoration only.
    assert contrast_ratio("#a61b1b", "#ffffff") > 7
    assert mix("#a61b1b", "#000000", 0.25) == "#7c1414"


def test_machine_words_on_the_download_page_are_code_and_escaped() -> None:
    html = machine_words_as_code("如 li-gang、tj-steel-pipe；JSON 与 <b>&amp; true")
    assert str(html) == (
        "如 <code>li-gang</code>、<code>tj-steel-pipe</code>；JSON 与 "
        "&lt;<code>b</code>&gt;&amp;<code>amp</code>; <code>true</code>"
    )


def test_public_text_reads_attributes_and_skips_code_and_scripts() -> None:
    html = (
        '<p title="Hover">中文 <code>field_name</code></p><script>var English;</script>'
        '<img alt="Photo"><a aria-label="Home">首页</a> JSON Made with'
    )
    assert latin_words(html) == ["Hover", "Photo", "Home", "Made", "with"]


def test_no_public_page_of_the_real_site_has_english_words(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 100
    found = {
        page.relative_to(real_site).as_posix(): words
        for page in pages
        if (words := latin_words(page.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_with_a_site_url_pages_carry_absolute_sharing_tags_a_qr_code_and_a_sitemap(
    write_tree: WriteTree,
) -> None:
    config = MKDOCS_YML.format(options="") + "site_url: https://union.example.org/\n"
    studio = """\
        studios:
          - id: steel-studio
            name: 钢管工作室
            sources: [{source: test-source}]
        """
    root = write_tree(
        {"mkdocs.yml": config, "content/index.md": "# 首页\n", "data/studios.yaml": studio}
    )
    site = build_site(root)
    html = (site / "studios/steel-studio/index.html").read_text(encoding="utf-8")

    tags = dict(
        re.findall(r'<meta (?:property|name)="((?:og|twitter):\w+)" content="([^"]*)"', html)
    )
    assert tags == {
        "og:type": "article",
        "og:locale": "zh_CN",
        "og:site_name": "测试站点",
        "og:title": "钢管工作室",
        "og:description": "测试站点",
        "og:image": "https://union.example.org/assets/images/showcase-emblem.svg",
        "og:url": "https://union.example.org/studios/steel-studio/",
        # X falls back to the og: tags for the title, description and picture.
        "twitter:card": "summary",
    }
    assert (
        '<link rel="alternate feed" type="application/atom+xml" title="荣誉" '
        'href="https://union.example.org/feeds/awards.xml">'
    ) in html
    # The QR code of the page's address, drawn at build time, shown with the address.
    assert (
        '<figure class="showcase-qr"><img src="../../qr/studios/steel-studio.svg" alt="本页二维码" '
        'width="132" height="132" loading="lazy"><figcaption>扫码打开本页：'
        "https://union.example.org/studios/steel-studio/</figcaption></figure>"
    ) in html
    qr = (site / "qr/studios/steel-studio.svg").read_text(encoding="utf-8")
    assert qr.startswith("<svg") and 'class="qrline"' in qr
    # The sitemap lists every page, record pages too.
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://union.example.org/studios/steel-studio/</loc>" in sitemap
    assert "<loc>https://union.example.org/</loc>" in sitemap
    # A printout says where it came from: the face script writes that line (address and
    # date as printed), with the site's name from the sharing tags; not the page's HTML.
    assert "showcase-print-line" not in html
    assert '<meta property="og:site_name" content="测试站点">' in html
    (face,) = (site / "assets/javascripts").glob("showcase-face.*.js")
    script = face.read_text(encoding="utf-8")
    assert 'line.className = "showcase-print-line"' in script
    assert 'meta[property="og:site_name"]' in script


def test_without_a_site_url_links_stay_relative_and_no_qr_code_is_drawn(
    write_tree: WriteTree,
) -> None:
    studio = "studios:\n  - id: steel-studio\n    name: 钢管工作室\n    sources: [{source: test-source}]\n"
    root = write_tree(
        {
            "mkdocs.yml": MKDOCS_YML.format(options=""),
            "content/index.md": "# 首页\n",
            "data/studios.yaml": studio,
        }
    )
    site = build_site(root)
    html = (site / "studios/steel-studio/index.html").read_text(encoding="utf-8")
    assert '<meta property="og:image" content="../../assets/images/showcase-emblem.svg">' in html
    assert 'href="../../feeds/awards.xml"' in html
    assert "showcase-qr" not in html
    assert not (site / "qr").exists()
