"""The public surface (STYLE habit 2): every exported name imports, is documented, and is
exported by exactly one public module.

`ember.api` is the facade: it may re-export what other public modules export (or whole
submodules); every other public module owns its names. Ownership is counted across all of
Ember's public top-level modules, so a name exported twice is caught wherever it is.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import types
from typing import Any

import pytest

import ember

CHECKED = ["ember.api", "ember.xcs", "ember.models", "ember.sim", "ember.errors",
           "ember.telemetry"]
FACADE = "ember.api"
NOT_LIBRARY = {"ember.cli"}  # the command line: a program, not an API


def public_modules() -> list[str]:
    names = {f"ember.{m.name}" for m in pkgutil.iter_modules(ember.__path__)
             if not m.name.startswith("_")}
    return sorted((names | set(CHECKED)) - NOT_LIBRARY)


def exports(module_name: str) -> list[tuple[str, Any]]:
    module = importlib.import_module(module_name)
    names = getattr(module, "__all__", None)
    assert names is not None, f"{module_name} has no __all__"
    assert len(set(names)) == len(names), f"{module_name}.__all__ repeats a name"
    return [(n, getattr(module, n)) for n in names]


def _auto_dataclass_doc(obj: type, doc: str) -> bool:
    """`dataclass` writes ``Name(field: type, ...)`` as the docstring of an undocumented class."""
    return doc.startswith(f"{obj.__name__}(")


def _attribute_docstring(module: types.ModuleType, name: str) -> str | None:
    """The string literal right after ``name = ...`` in `module`, following re-exports."""
    tree = ast.parse(inspect.getsource(module))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if (alias.asname or alias.name) == name and alias.name != "*":
                    origin = importlib.util.resolve_name(
                        "." * node.level + (node.module or ""), module.__name__
                    ) if node.level else node.module
                    return _attribute_docstring(importlib.import_module(origin), alias.name)
    for stmt, after in zip(tree.body, tree.body[1:], strict=False):
        targets = (stmt.targets if isinstance(stmt, ast.Assign)
                   else [stmt.target] if isinstance(stmt, ast.AnnAssign) else [])
        if any(isinstance(t, ast.Name) and t.id == name for t in targets) and (
                isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            return after.value.value
    return None


def docstring(module_name: str, name: str, obj: Any) -> str | None:
    if isinstance(obj, types.ModuleType):
        return obj.__doc__
    if isinstance(obj, type):
        doc = vars(obj).get("__doc__")
        return None if not doc or _auto_dataclass_doc(obj, doc) else doc
    if inspect.isroutine(obj):
        return obj.__doc__
    # An instance or alias (`models`, `UNSET`, `Prompt`): its own attribute docstring,
    # else its class's, if that class is Ember's own.
    doc = _attribute_docstring(importlib.import_module(module_name), name)
    if doc:
        return doc
    cls = type(obj)
    if cls.__module__.startswith("ember."):
        return vars(cls).get("__doc__")
    return None


@pytest.mark.parametrize("module_name", CHECKED)
def test_every_export_imports_and_is_documented(module_name):
    module = importlib.import_module(module_name)
    assert module.__doc__, f"{module_name} has no docstring"
    missing = [n for n, obj in exports(module_name) if not (docstring(module_name, n, obj)
                                                             or "").strip()]
    assert not missing, f"{module_name} exports undocumented names: {missing}"


def test_every_export_has_one_home():
    homes: dict[int, list[str]] = {}
    objects: dict[int, Any] = {}
    for module_name in public_modules():
        if module_name == FACADE:
            continue
        for name, obj in exports(module_name):
            homes.setdefault(id(obj), []).append(f"{module_name}.{name}")
            objects[id(obj)] = obj
    twice = {objects[k]: v for k, v in homes.items() if len(v) > 1}
    assert not twice, f"exported by more than one public module: {list(twice.values())}"


def test_facade_only_re_exports():
    owned = {id(obj) for m in public_modules() if m != FACADE for _, obj in exports(m)}
    for name, obj in exports(FACADE):
        assert isinstance(obj, types.ModuleType) or id(obj) in owned, (
            f"ember.api.{name} is not exported by any other public module: give it a home "
            "there and re-export it from the facade")
