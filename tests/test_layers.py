"""The package's layers: imports only go down, and only the adapters know MkDocs.

Every import statement in ``plugins/showcase`` is read with :mod:`ast`, including those
inside functions and under ``TYPE_CHECKING``: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import showcase

PACKAGE = Path(showcase.__file__).parent

# Lower numbers are lower layers; a module may import from its own layer and those below.
LAYERS = {"records": 0, "site": 1, "editing": 2, "mkdocs_plugins": 3, "cli": 4}
# Only the adapters may import these: the rest must outlive MkDocs.
BUILD_TOOLS = {"mkdocs", "material", "properdocs"}


def layer_of(module: str) -> str:
    """``showcase.site.pages`` -> ``site``; ``showcase.cli`` -> ``cli``."""
    parts = module.split(".")
    assert parts[0] == "showcase", module
    return parts[1]


def imported_modules(source: str, package: str) -> list[tuple[int, str]]:
    """Every module that source in package imports, with its line; relative imports resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = package.split(".")
                base = parts[: len(parts) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            found.append((node.lineno, module))
            # `from showcase import site` imports the subpackage `showcase.site`.
            if module == "showcase":
                found.extend((node.lineno, f"showcase.{alias.name}") for alias in node.names)
    return found


def dotted_name(path: Path) -> str:
    return ".".join(("showcase", *path.relative_to(PACKAGE).with_suffix("").parts))


def package_modules() -> list[Path]:
    return sorted(path for path in PACKAGE.rglob("*.py") if path.name != "__init__.py")


def test_every_module_has_a_known_layer() -> None:
    modules = package_modules()
    assert len(modules) > 30
    for path in modules:
        assert layer_of(dotted_name(path)) in LAYERS, (
            f"{path}: not in any layer of {sorted(LAYERS)}"
        )


@pytest.mark.parametrize("path", package_modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_only_go_down(path: Path) -> None:
    module_name = dotted_name(path)
    own = layer_of(module_name)
    package = module_name.rsplit(".", 1)[0]
    wrong = []
    for line, module in imported_modules(path.read_text("utf-8"), package):
        top = module.split(".")[0]
        if top in BUILD_TOOLS and own != "mkdocs_plugins":
            wrong.append(f"{path.name}:{line}: imports {module}, but only mkdocs_plugins may")
        if top == "showcase" and module != "showcase":
            target = layer_of(module)
            if LAYERS[target] > LAYERS[own]:
                wrong.append(f"{path.name}:{line}: {own} imports {module} from a higher layer")
    assert not wrong, "\n".join(wrong)


def test_the_scan_sees_lazy_and_relative_imports() -> None:
    """An import inside a function or a relative one is a dependency too."""
    source = "def f():\n    from mkdocs.plugins import BasePlugin\n    from ..site import pages\n"
    found = [module for _, module in imported_modules(source, "showcase.records")]
    assert found == ["mkdocs.plugins", "showcase.site"]


def test_the_readme_layout_table_matches_the_tree() -> None:
    root = PACKAGE.parent.parent
    readme = (root / "README.md").read_text("utf-8")
    table = readme[readme.index("## Layout") :].split("\n## ")[0]
    paths = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    assert len(paths) > 10
    missing = [path for path in paths if not list(root.glob(path.rstrip("/")))]
    assert not missing, f"README's layout table names what is not there: {missing}"
    # Every layer of the package has its row.
    layers = {f"plugins/showcase/{name}/" for name in LAYERS if name != "cli"}
    assert layers | {"plugins/showcase/cli.py"} <= set(paths)
