"""Private names (``self.__key``) spelt as Python spells them in a class's body.

In a class's body, and in every function in it, the compiler puts the class's name in
front of a name that starts with two underscores and does not end with two:
``self.__key`` in a method of ``Vault`` reads ``self._Vault__key``. A def parsed alone
knows no class, so before it is checked against the loaded code, analysed or compiled
again, its private names are spelt as the loaded code spells them (`spell_private`); the
check (`_source.check_loaded`) then confirms that they are.
"""

from __future__ import annotations

import ast
import types

__all__ = ["private_owner", "spell_private"]


def private_owner(code: types.CodeType) -> str | None:
    """The class whose body holds `code`'s def (``K`` for ``K.m`` and ``K.m.<locals>.f``),
    when `code` (or code nested in it) spells a private name with it."""
    parts = code.co_qualname.split(".")[:-1]
    while parts and parts[-1].startswith("<"):  # (``<locals>``, ``<listcomp>``, ...)
        if parts.pop() == "<locals>" and parts:
            parts.pop()  # (the function whose locals they are)
    owner = parts[-1] if parts else None
    if owner is None or not owner.lstrip("_"):
        return None
    prefix = f"_{owner.lstrip('_')}__"
    stack = [code]
    while stack:
        c = stack.pop()
        if any(n.startswith(prefix) for n in (*c.co_names, *c.co_varnames, *c.co_freevars,
                                               *c.co_cellvars)):
            return owner
        stack += [k for k in c.co_consts if isinstance(k, types.CodeType)]
    return None


def spell_private(tree: ast.FunctionDef | ast.AsyncFunctionDef, owner: str) -> str | None:
    """Spell the private names of `tree` (a def in class `owner`'s body, or in a function
    there) as the compiler does, in place. Returns why it cannot: a def, class or import in
    it whose own name is private (the code's own name stays as written, and the analysis
    would not see the name it binds)."""
    for part in (tree.args, *tree.body):  # (its own name and decorators: the class's)
        why = _spell(part, owner)
        if why:
            return why
    return None


def _spelt(name: str, owner: str) -> str:
    if not name.startswith("__") or name.endswith("__") or not owner.lstrip("_"):
        return name
    return f"_{owner.lstrip('_')}{name}"


def _spell(node: ast.AST, owner: str) -> str | None:
    stack: list[tuple[ast.AST, str]] = [(node, owner)]
    while stack:
        node, owner = stack.pop()
        kind = type(node)
        if kind is ast.Name:
            node.id = _spelt(node.id, owner)  # type: ignore[attr-defined]
        elif kind is ast.Attribute:
            node.attr = _spelt(node.attr, owner)  # type: ignore[attr-defined]
        elif kind is ast.arg:
            node.arg = _spelt(node.arg, owner)  # type: ignore[attr-defined]
        elif kind in (ast.Global, ast.Nonlocal):
            node.names = [_spelt(n, owner) for n in node.names]  # type: ignore[attr-defined]
        elif kind in (ast.ExceptHandler, ast.MatchAs, ast.MatchStar):
            if node.name:  # type: ignore[attr-defined]
                node.name = _spelt(node.name, owner)  # type: ignore[attr-defined]
        elif kind is ast.MatchMapping and node.rest:  # type: ignore[attr-defined]
            node.rest = _spelt(node.rest, owner)  # type: ignore[attr-defined]
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.alias,
                      ast.MatchClass):
            names = (node.kwd_attrs if kind is ast.MatchClass  # type: ignore[attr-defined]
                     else [node.asname or node.name] if kind is ast.alias  # type: ignore[attr-defined]
                     else [node.name])  # type: ignore[attr-defined]
            private = next((n for n in names if _spelt(n, owner) != n), None)
            if private is not None:
                return f"it binds a private name of its class ({private}) inside itself"
            if kind is ast.ClassDef:
                # (its bases and decorators are spelt in the scope around it, its body in its own)
                stack += [(n, owner) for n in (*node.bases, *node.keywords,  # type: ignore[attr-defined]
                                               *node.decorator_list)]  # type: ignore[attr-defined]
                stack += [(n, node.name) for n in node.body]  # type: ignore[attr-defined]
                continue
        stack += [(child, owner) for child in ast.iter_child_nodes(node)]
    return None
