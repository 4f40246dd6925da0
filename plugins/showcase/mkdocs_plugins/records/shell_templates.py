"""Whether a site's own templates print the page's values only in ways the page shell knows.

The page shell (page_shell.py) finds where a page's title, content and picture go by
rendering sentinels; what it cannot see is a template that *decides* on them: ``{% if '粗'
in page.title %}``, ``{% set name = page.title %}``, ``{{ page.title | upper }}`` hidden in
a condition. Material's templates and this package's were read for that; a site's own
``custom_dir`` is not known, so each of its templates is parsed and every read of a value
that differs from page to page must be one of:
- printed, through filters the shell knows (``e``, ``striptags``, ``url``, ``default``), alone
  or joined with ``~`` or chosen by ``… if … else …``;
- a plain truth test (``{% if page.meta.title %}``), which is the same on every page of a kind;
- Material's own test ``"<h1" in page.content``, which the shell's kinds tell apart.
Anything else, and the shell is not used for the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateSyntaxError, nodes

if TYPE_CHECKING:
    from jinja2 import Environment

# Values of a page that differ between pages of one kind (page.url and its kin are made
# of the folder, which a kind holds, and the page's name, which the shell finds printed).
PER_PAGE = {("title",), ("content",), ("meta", "title"), ("meta", "image"), ("file",)}
KNOWN_FILTERS = frozenset({"e", "escape", "striptags", "url", "d", "default"})
HEADING = "<h1"


def unknown_uses(env: Environment, folder: Path) -> list[str]:
    """Where the templates under ``folder`` use a page's own value in a way the shell does not know."""
    found: list[str] = []
    for path in sorted(folder.rglob("*.html")):
        try:
            tree = env.parse(path.read_text(encoding="utf-8"))
        except (TemplateSyntaxError, UnicodeDecodeError):
            found.append(f"{path}: not parsed")
            continue
        for line in _walk(tree, []):
            found.append(f"{path}:{line}")
    return found


def _walk(node: nodes.Node, parents: list[nodes.Node]) -> list[int]:
    if isinstance(node, nodes.Name) and node.name == "page":
        read, path, above = _read(node, parents)
        if _per_page(path) and not _known_place(read, above):
            return [node.lineno]
        return []
    lines: list[int] = []
    for child in node.iter_child_nodes():
        lines += _walk(child, [*parents, node])
    return lines


def _read(
    name: nodes.Name, parents: list[nodes.Node]
) -> tuple[nodes.Node, tuple[str, ...], list[nodes.Node]]:
    """The whole ``page.a.b`` read that starts at ``name``, its path, and what is above it."""
    read: nodes.Node = name
    path: list[str] = []
    above = list(parents)
    while above:
        parent = above[-1]
        if isinstance(parent, nodes.Getattr) and parent.node is read:
            path.append(parent.attr)
        elif (
            isinstance(parent, nodes.Getitem)
            and parent.node is read
            and isinstance(parent.arg, nodes.Const)
            and isinstance(parent.arg.value, str)
        ):
            path.append(parent.arg.value)
        else:
            break
        read = above.pop()
    return read, tuple(path), above


def _per_page(path: tuple[str, ...]) -> bool:
    if path[:2] == ("file", "inclusion"):
        return False
    return any(path[: len(value)] == value for value in PER_PAGE)


def _known_place(read: nodes.Node, above: list[nodes.Node]) -> bool:
    child = read
    truth_only = False
    for parent in reversed(above):
        if isinstance(parent, nodes.Output) and not truth_only:
            return True
        if isinstance(parent, nodes.Filter) and parent.node is child and not truth_only:
            if parent.name not in KNOWN_FILTERS:
                return False
        elif isinstance(parent, nodes.Concat) and not truth_only:
            pass
        elif isinstance(parent, nodes.CondExpr):
            if parent.test is child:
                return True
            if truth_only:
                return False
        elif isinstance(parent, nodes.If):
            return parent.test is child
        elif isinstance(parent, nodes.And | nodes.Or | nodes.Not):
            truth_only = True
        elif isinstance(parent, nodes.Operand) and parent.expr is child:
            pass
        elif isinstance(parent, nodes.Compare):
            return _heading_test(parent, child)
        else:
            return False
        child = parent
    return False


def _heading_test(compare: nodes.Compare, child: nodes.Node) -> bool:
    """``"<h1" in page.content`` or ``not in``: the shell's kinds tell the two apart."""
    return (
        isinstance(compare.expr, nodes.Const)
        and compare.expr.value == HEADING
        and len(compare.ops) == 1
        and compare.ops[0].op in ("in", "notin")
        and compare.ops[0] is child
    )
