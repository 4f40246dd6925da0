"""The page `mkdocs serve` shows while the data has errors, instead of a spinner.

``mkdocs build`` stops on a data error, as it must: nothing wrong is published. The live
preview of ``mkdocs serve`` used to stop the same way, and the editor's browser waited on a
page that never came. While serving, the site is instead this one page, listing every
problem with its ``file:line:col`` in Chinese; when the data is fixed, the next rebuild
brings the site back and the browser reloads.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

ERROR_PAGE_SRC_URI = "index.md"


def error_page_markdown(messages: Sequence[str]) -> str:
    """The Markdown of the error page: a heading, what to do, then every message, escaped."""
    items = "".join(f"<li><code>{html.escape(message)}</code></li>" for message in messages)
    return (
        "# 数据有误，预览暂停更新\n\n"
        f"数据中有 {len(messages)} 个问题，改正后保存，本页会自动换回网站预览。"
        "每条问题前面是文件、行号和列号。\n\n"
        f'<ol class="showcase-errors">{items}</ol>\n'
    )
