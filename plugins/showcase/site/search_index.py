"""How Material's search index is read, changed and written back: once per build."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

SearchIndex = dict[str, Any]


def search_index_path(site_dir: str | Path) -> Path:
    """Where Material's search plugin writes its index in a built site."""
    return Path(site_dir) / "search" / "search_index.json"


def rewrite_index(path: Path, edit: Callable[[SearchIndex], SearchIndex]) -> bool:
    """Read the index at ``path``, pass it through ``edit`` and write the result back.

    False, and nothing written, when the site has no index (no search plugin, or one that
    wrote none). Every change to the index goes through one call of this per build: the
    index of a large site is megabytes of JSON.
    """
    if not path.is_file():
        return False
    index = edit(json.loads(path.read_text(encoding="utf-8")))
    path.write_text(dumps_index(index), encoding="utf-8")
    return True


def dumps_index(index: SearchIndex) -> str:
    """The index as compact JSON text in UTF-8 form, the layout Material's own file has.

    Material writes its index ASCII-escaped: every Chinese character becomes ``\\uXXXX``,
    six bytes instead of three. Browsers read both the same, so ours is written unescaped;
    the offline archive inlines this text as it is.
    """
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"), default=str)
