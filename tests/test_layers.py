"""The package's layers (docs/architecture.md): each sub-package imports only the layers below
it, the core imports no spreadsheet, command-line or web library, and no modules import each
other in a circle.  Imports inside functions count too: a lazy import is still a dependency."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parent.parent / "redflag_xlsx"

# package -> the packages of redflag_xlsx it may import (besides itself)
MAY_IMPORT: dict[str, set[str]] = {
    "core": set(),
    "xlsx": {"core"},
    "forms": {"core", "xlsx"},
    "intake": {"core", "xlsx"},
    "results": {"core", "xlsx", "documents"},  # 奖金发放: the payout list's content
    "ledger": {"core", "xlsx"},
    "documents": {"core"},
    # rendering a tallied period: the results workbook and the PDFs, from a result and its case
    "reporting": {"core", "xlsx", "results", "documents", "ledger"},
    "workflow": {
        *("core", "xlsx", "forms", "intake", "results", "ledger", "documents"),
        "reporting",
    },
    "demo": {
        *("core", "xlsx", "forms", "intake", "results", "ledger", "documents", "reporting"),
        *("workflow", "returns"),
    },
    # the returns table (status): the reader's findings through workflow.assess, as validate
    "returns": {"core", "xlsx", "intake", "results", "ledger", "reporting", "workflow"},
    "web": {
        *("core", "xlsx", "forms", "intake", "results", "ledger", "documents", "workflow"),
        *("returns", "reporting"),
    },
    "cli": {
        *("core", "xlsx", "forms", "intake", "results", "ledger", "documents", "reporting"),
        *("workflow", "demo", "web", "returns"),
    },
    # the package's face: re-exports the public names (imported on first use)
    "__init__": {"core", "forms", "intake", "results", "ledger", "reporting", "workflow", "demo"},
    "__main__": {"cli"},
}
# third-party libraries the core must never import (it reads and writes no file format)
CORE_FORBIDS = {
    "openpyxl",
    "xlsxwriter",
    "python_calamine",
    "defusedxml",
    "click",
    "rich",
    "sqlite3",
    "starlette",
    "uvicorn",
    "jinja2",
    "fpdf",
    "reportlab",
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1] or ["__init__"]
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """(absolute dotted name relative to the package, or 'ext:<top>' for other libraries, line)
    of every import in the file, at any depth (under ``if TYPE_CHECKING`` too)."""
    rel_parts = list(path.relative_to(PKG).parts[:-1])
    out: list[tuple[str, int]] = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top == "redflag_xlsx":
                    out.append((alias.name.removeprefix("redflag_xlsx").lstrip("."), node.lineno))
                else:
                    out.append((f"ext:{top}", node.lineno))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                top = (node.module or "").split(".")[0]
                if top == "redflag_xlsx":
                    base = (node.module or "").removeprefix("redflag_xlsx").lstrip(".")
                    out.append((base, node.lineno))
                else:
                    out.append((f"ext:{top}", node.lineno))
                continue
            base = rel_parts[: len(rel_parts) - (node.level - 1)]
            target = ".".join([*base, *([node.module] if node.module else [])])
            if node.module:
                out.append((target, node.lineno))
            else:  # from . import a, b: each may be a module
                for alias in node.names:
                    out.append((".".join([*base, alias.name]) if base else alias.name, node.lineno))
    return out


MODULES = {_module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def _layer(name: str) -> str:
    return name.split(".")[0] if name else "__init__"


def _resolve(target: str) -> str | None:
    """The module ``target`` names (a module, or a package's ``__init__``), else ``None`` (a
    name imported from a package's face: counted as that package)."""
    while target and target not in MODULES:
        target = target.rpartition(".")[0]
    return target or ("__init__" if "__init__" in MODULES else None)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layers(module: str) -> None:
    path = MODULES[module]
    layer = _layer(module)
    allowed = MAY_IMPORT[layer] | {layer}
    wrong = []
    for target, line in _imports(path):
        if target.startswith("ext:"):
            if layer == "core" and target[4:] in CORE_FORBIDS:
                wrong.append(f"{path.name}:{line} imports {target[4:]}")
            continue
        if _layer(target) not in allowed:
            wrong.append(f"{path.name}:{line} imports redflag_xlsx.{target or '__init__'}")
    assert wrong == []


def test_no_import_circles() -> None:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for module, path in MODULES.items():
        for target, _line in _imports(path):
            if target.startswith("ext:"):
                continue
            resolved = _resolve(target)
            if resolved and resolved != module:
                graph[module].add(resolved)
    # Tarjan's strongly connected components
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                circles.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    assert circles == []


def test_every_package_has_a_declared_layer() -> None:
    assert {_layer(m) for m in MODULES} <= MAY_IMPORT.keys()
