"""The layers hold as docs/architecture.md draws them.

`lint-imports` (run by `make test`, contracts in `.importlinter`) checks that each layer
imports only the layers below it. This test checks what it cannot: no package imports
another package's private module, and no module grows past 700 lines.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
ROOT = SRC / "ember"
MAX_LINES = 700


def _modules() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def _owner(path: Path) -> str:
    """The top-level package (or module) of ember that a file belongs to."""
    return path.relative_to(ROOT).parts[0].removesuffix(".py")


def _is_module(dotted: str) -> bool:
    base = SRC.joinpath(*dotted.split("."))
    return base.with_suffix(".py").exists() or (base / "__init__.py").exists()


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an import statement names, with its line."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            found += [(node.lineno, f"{node.module}.{alias.name}") for alias in node.names
                      if _is_module(f"{node.module}.{alias.name}")]
    return found


def _private_import(importer: str, dotted: str) -> bool:
    """`ember.<pkg>._x` named from outside <pkg> (the kernel's package is no exception)."""
    parts = dotted.split(".")
    if parts[0] != "ember" or len(parts) < 3 or parts[1] == importer:
        return False
    return any(part.startswith("_") for part in parts[2:])


def test_no_package_imports_another_package_private_module():
    offenders = []
    for path in _modules():
        importer = _owner(path)
        for line, dotted in _imported(ast.parse(path.read_text())):
            if _private_import(importer, dotted):
                offenders.append(f"{path.relative_to(SRC)}:{line} imports {dotted}")
    assert not offenders, (
        "import these from the package's public __init__ (export them there):\n"
        + "\n".join(offenders))


def test_no_module_over_700_lines():
    long = {str(p.relative_to(SRC)): n for p in _modules()
            if (n := len(p.read_text().splitlines())) > MAX_LINES}
    assert not long, f"split these by concept: {long}"


def test_the_check_finds_a_private_import():
    tree = ast.parse("from ember.models._params import x\nfrom ember.models import _registry\n"
                     "import ember.xcs._effects\nfrom ember.models import models\n")
    named = [dotted for _, dotted in _imported(tree) if _private_import("eval", dotted)]
    assert named == ["ember.models._params", "ember.models._registry", "ember.xcs._effects"]
