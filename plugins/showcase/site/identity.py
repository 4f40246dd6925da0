"""Who publishes the site: name, emblem, colours and the lines of the footer.

The organisation's identity comes from the configuration (the ``showcase/identity`` plugin's
options in ``mkdocs.yml``), never from the theme: Material's logo, favicon and indigo never
reach a public page. The palette is a union's red and gold; a primary colour that would make
the header's white text unreadable is refused before anything is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

# A union's red (white text on it: 7.5:1) and gold (decorative; text on red uses GOLD_LIGHT).
DEFAULT_PRIMARY = "#a61b1b"
DEFAULT_ACCENT = "#e8b923"
# WCAG 2 AA for normal text.
MIN_CONTRAST = 4.5
# Where the built-in emblem lands in the site when the configuration names none.
DEFAULT_EMBLEM_URI = "assets/images/showcase-emblem.svg"
# Material's own favicon, copied with its theme files: never published here.
MATERIAL_FAVICON_URI = "assets/images/favicon.png"

_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True)
class FooterLink:
    """A line of the footer that may link somewhere (the 备案 numbers link to their registers)."""

    text: str
    href: str | None = None


@dataclass(frozen=True)
class Identity:
    """The organisation behind the site, as the configuration states it."""

    organization: str
    emblem_uri: str
    favicon_uri: str
    primary_color: str = DEFAULT_PRIMARY
    accent_color: str = DEFAULT_ACCENT
    sponsor: str | None = None  # 主办单位
    organizer: str | None = None  # 承办单位
    copyright: str | None = None
    icp: FooterLink | None = None  # ICP备案
    police: FooterLink | None = None  # 公安备案
    contact: str | None = None

    def footer_lines(self) -> list[list[FooterLink]]:
        """The footer, line by line: who runs the site, the copyright, the 备案 numbers."""
        lines: list[list[FooterLink]] = []
        units = [
            FooterLink(f"{label}：{value}")
            for label, value in (("主办单位", self.sponsor), ("承办单位", self.organizer))
            if value
        ]
        if units:
            lines.append(units)
        if self.copyright:
            lines.append([FooterLink(self.copyright)])
        registrations = [link for link in (self.icp, self.police) if link is not None]
        if registrations:
            lines.append(registrations)
        if self.contact:
            lines.append([FooterLink(self.contact)])
        return lines

    def palette_css(self) -> str:
        """The theme's colour variables for this identity: header, links and accents."""
        primary = self.primary_color
        dark = mix(primary, "#000000", 0.25)
        return (
            ":root,[data-md-color-scheme=default]{"
            f"--md-primary-fg-color:{primary};"
            f"--md-primary-fg-color--light:{primary};"
            f"--md-primary-fg-color--dark:{dark};"
            "--md-primary-bg-color:#fff;"
            f"--md-accent-fg-color:{dark};"
            f"--md-typeset-a-color:{primary};"
            f"--showcase-gold:{self.accent_color};"
            f"--showcase-emblem:url({_css_string('../../' + self.emblem_uri)});"
            "}"
        )


def is_hex_colour(value: str) -> bool:
    """Whether ``value`` is written ``#rrggbb``, the one form the palette takes."""
    return _HEX_COLOUR.fullmatch(value) is not None


def colour_problem(name: str, value: str) -> str | None:
    """Why ``value`` cannot be the primary colour, in Chinese; None when it can."""
    if not is_hex_colour(value):
        return f"{name}：颜色“{value}”不是 #RRGGBB 形式（例如 {DEFAULT_PRIMARY}），请改写。"
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MIN_CONTRAST:
        return (
            f"{name}：颜色 {value} 上的白色文字对比度只有 {ratio:.1f}:1，低于无障碍标准要求的 "
            f"{MIN_CONTRAST}:1，页眉和链接会看不清。请选更深的颜色（例如 {DEFAULT_PRIMARY}）。"
        )
    return None


def contrast_ratio(first: str, second: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """``colour`` with ``share`` of ``other`` mixed in, as ``#rrggbb``."""
    channels = [
        round(a * (1 - share) + b * share)
        for a, b in zip(_channels(colour), _channels(other), strict=True)
    ]
    return "#" + "".join(f"{c:02x}" for c in channels)


def default_emblem_svg() -> str:
    """The built-in emblem: a gold star in a ring on red, an original drawing."""
    return resources.files("showcase.site").joinpath("assets", "emblem.svg").read_text("utf-8")


def face_stylesheet(identity: Identity) -> str:
    """The site's stylesheet of the public face: its palette, then the shared rules."""
    rules = resources.files("showcase.site").joinpath("assets", "showcase-face.css")
    return identity.palette_css() + "\n" + rules.read_text("utf-8")


def face_script() -> str:
    """The script of the public face: the 适老化 large-text switch."""
    return (
        resources.files("showcase.site").joinpath("assets", "showcase-face.js").read_text("utf-8")
    )


def _css_string(text: str) -> str:
    """``text`` as a quoted CSS string: the stylesheet sits in assets/stylesheets/."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    return f'"{escaped}"'


def _channels(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _luminance(colour: str) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in _channels(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
