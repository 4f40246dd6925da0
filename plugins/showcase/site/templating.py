"""Our own Jinja environment, the one every page body and chart of the site is rendered by.

Autoescape is on and undefined names are errors: no data string reaches a page unescaped,
and a misspelt template variable stops the build instead of printing nothing. MkDocs' own
environment has none of this, so our HTML never goes through it.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from markupsafe import Markup

from showcase.site.compact import CompactTemplates


@functools.cache
def template_environment() -> jinja2.Environment:
    """Our Jinja environment: autoescape on, undefined names are errors."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("showcase.site", "templates"),
        # The templates' indentation is for their readers: at 100,000 records it was about
        # 16 MB of the site (compact.py says what is kept as written).
        extensions=[CompactTemplates],
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        # A build renders each template once per page or more (includes, imports): asking
        # the file system every time whether it changed was 3 to 4 of the page workers' 117
        # CPU-seconds at 100,000 records. A build asks once instead (reload_changed_templates).
        auto_reload=False,
    )


def reload_changed_templates() -> None:
    """Forget every template read so far if any of their files changed: once per build.

    The live preview builds again in the same process; a template edited meanwhile must
    not be rendered as it was, nor kept in the build cache under the new code's key.
    """
    cache = template_environment().cache
    if cache is not None and not all(template.is_up_to_date for template in cache.values()):
        cache.clear()


def render(template_name: str, **context: Any) -> Markup:
    """The template ``templates/<template_name>`` rendered with ``context``, as safe HTML."""
    return Markup(template_environment().get_template(template_name).render(**context))
