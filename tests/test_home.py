"""The real site's home page as a portal: banner, number cards, record cards, no repository talk."""

from __future__ import annotations

import html as html_module
import re
from pathlib import Path

from tests.public_text import public_text


def test_the_home_page_shows_the_four_headline_figures_as_cards(real_site: Path) -> None:
    html = (real_site / "index.html").read_text(encoding="utf-8")
    reported = re.findall(
        r'<a class="showcase-stat showcase-stat--reported" href="([^"]+)">'
        r'<span class="showcase-stat__tag">官方公布</span>'
        r'<span class="showcase-stat__number">([^<]+)</span>',
        html,
    )
    assert [(href, html_module.unescape(number)) for href, number in reported] == [
        ("figures/fig-studios-tianjin/", "353个"),
        ("figures/fig-training-person-times/", "582.8万人次"),
        ("figures/fig-suggestions-made/", "262.6万件"),
        ("figures/fig-wage-agreement-firms/", "41047家"),
    ]
    held = re.findall(r'<a class="showcase-stat showcase-stat--held" href="([^"]+)">', html)
    assert held == ["studios/", "awards/", "projects/", "people/"]
    assert '<div class="showcase-banner">' in html
    assert html.count('<li class="showcase-card">') >= 4


def test_public_text_says_nothing_about_the_repository(real_site: Path) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 100
    words = re.compile(r"\bgit\b|github|拉取请求|pull request|data/", re.IGNORECASE)
    found = {
        page.relative_to(real_site).as_posix(): hits
        for page in pages
        if (hits := words.findall(public_text(page.read_text(encoding="utf-8"))))
    }
    assert found == {}
