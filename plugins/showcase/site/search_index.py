"""How the search index is written back after we change it."""

from __future__ import annotations

import json
from typing import Any


def dumps_index(index: dict[str, Any]) -> str:
    """The index as compact JSON text in UTF-8 form, the layout Material's own file has.

    Material writes its index ASCII-escaped: every Chinese character becomes ``\\uXXXX``,
    six bytes instead of three. Browsers read both the same, so ours is written unescaped;
    the offline archive inlines this text as it is.
    """
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), default=str)
