"""Settings of the ``showcase/identity`` plugin: who publishes the site."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from showcase.site.identity import DEFAULT_ACCENT, DEFAULT_PRIMARY


class IdentityConfig(base.Config):
    """Every line is optional but the name, which defaults to the site's name."""

    enabled = c.Type(bool, default=True)
    # 组织名称: shown in the banner and the footer; site_name when empty.
    organization = c.Optional(c.Type(str))
    # 站徽 and 网站图标: files under content/ (SVG or PNG); a built-in emblem when empty.
    emblem = c.Optional(c.Type(str))
    favicon = c.Optional(c.Type(str))
    # 主色 (header, links) and 辅色 (badges, rules), as #rrggbb.
    primary_color = c.Type(str, default=DEFAULT_PRIMARY)
    accent_color = c.Type(str, default=DEFAULT_ACCENT)
    # 主办单位, 承办单位, 版权, 联系方式: one line each in the footer.
    sponsor = c.Optional(c.Type(str))
    organizer = c.Optional(c.Type(str))
    copyright = c.Optional(c.Type(str))
    contact = c.Optional(c.Type(str))
    # ICP备案 and 公安备案 numbers, each with the page of its register.
    icp = c.Optional(c.Type(str))
    icp_link = c.Type(str, default="https://beian.miit.gov.cn/")
    police = c.Optional(c.Type(str))
    police_link = c.Type(str, default="https://beian.mps.gov.cn/")
