"""What importing runs: a module not loaded yet runs its code (any statement at its top
level: a PUT, a file written, ``os.environ`` set), and what finds modules (``sys.path``,
``sys.meta_path``, ``sys.modules``) decides which code that is.

So an ``import`` or ``from ... import`` of a module that is not in ``sys.modules`` when
the plan is made, and ``__import__`` of one, is unknown: a barrier nothing moves across. So
is a change of what finds modules (``sys.path.insert(0, d)``, ``sys.modules.pop(name)``,
``del sys.modules[name]``), after which a loaded module's import may run code again. An
import of modules all loaded binds names only. (A helper's summary holding such an import
is not kept: its next plan looks at ``sys.modules`` again.)
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import ANY, Kind, Rule
from ember.xcs._held import held
from ember.xcs._resolve import MISSING, Resolver

if TYPE_CHECKING:
    from ember.xcs._index import TreeIndex

__all__ = ["import_facts", "import_rule"]

_FINDERS = ("modules", "path", "meta_path", "path_hooks", "path_importer_cache")


def _finders() -> list[Any]:
    """The objects that decide what an import loads (looked up each time: a program may
    rebind ``sys.path``)."""
    return [getattr(sys, name, None) for name in _FINDERS]


def unloaded(name: str) -> bool:
    """Would importing `name` (dotted) load a module, running its code? (``a.b`` loads
    ``a``, then ``a.b``.)"""
    parts = name.split(".")
    return any(".".join(parts[:k]) not in sys.modules for k in range(1, len(parts) + 1))


def _first_unloaded(node: ast.Import | ast.ImportFrom, package: Any) -> str | None:
    """The first module the import statement `node` would load, or None."""
    if isinstance(node, ast.Import):
        names = [a.name for a in node.names]
    else:
        base = "." * node.level + (node.module or "")
        if node.level:
            try:
                base = importlib.util.resolve_name(base, package)
            except (ImportError, ValueError, TypeError):
                return base
        module = sys.modules.get(base)
        # (``from pkg import sub`` loads ``pkg.sub`` when ``pkg`` has no such attribute:
        # read from its dict, so that a module's ``__getattr__`` is not run here)
        attrs = vars(module) if module is not None else {}
        names = [base, *(f"{base}.{a.name}" for a in node.names
                         if a.name != "*" and a.name not in attrs)]
    return next((n for n in names if unloaded(n)), None)


def import_rule(args: tuple, kwargs: dict) -> Rule:
    """``__import__(name, ...)``: a look in ``sys.modules`` when the module is loaded."""
    name = args[0] if args else kwargs.get("name", ANY)
    level = args[4] if len(args) > 4 else kwargs.get("level", 0)
    if isinstance(name, str) and level == 0 and not unloaded(name):
        return Rule(Kind.PURE, f"__import__({name!r}) of a module loaded already")
    return Rule(Kind.UNKNOWN, "__import__() of a module not loaded yet runs its code")


def import_facts(index: TreeIndex, resolver: Resolver) -> dict[int, Any]:
    """The import statements (`index`'s own scope) that load a module, and the calls and
    stores that change what finds modules: each an unknown fact, by its node's id."""
    from ember.xcs._summary import CallFact  # (it sits above this module)

    out: dict[int, Any] = {}
    package = resolver.globals.get("__package__")
    for node in index.find(index.root, (ast.Import, ast.ImportFrom)):
        name = _first_unloaded(node, package)  # type: ignore[arg-type]
        if name is not None:  # (planned again once it is loaded: it then binds names only)
            resolver.guards.append(("key", sys.modules, name, held(MISSING)))
            out[id(node)] = CallFact(Kind.UNKNOWN, f"import of {name}, not loaded yet: its "
                                     "module's code runs there", complete=False)
    finders = None
    for node in index.find(index.root, (ast.Call, ast.Assign, ast.AugAssign, ast.Delete)):
        if isinstance(node, ast.Call):
            changed = [node.func.value] if isinstance(node.func, ast.Attribute) else []
        else:
            targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) else [
                node.target]
            changed = [t.value for t in targets if isinstance(t, ast.Subscript)] + [
                t for t in targets if isinstance(t, ast.Attribute) and t.attr in _FINDERS]
        # (``sys.path``, or a name ``from sys import path`` bound: looked up only then)
        changed = [e for e in changed if isinstance(e, ast.Attribute) and e.attr in _FINDERS
                   or isinstance(e, ast.Name) and e.id not in resolver.local_names]
        if not changed:
            continue
        finders = _finders() if finders is None else finders
        for expr in changed:
            if any(resolver.expr(expr) is f for f in finders):
                out[id(node)] = CallFact(Kind.UNKNOWN, f"{ast.unparse(expr)} changes what "
                                         "an import finds: a module's code may run again")
    return out
