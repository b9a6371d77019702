"""Guards: what a classification assumed, checked before a plan built on it runs.

Each guard is a tuple whose first item says what it checks: a global or a module's name
still holding an object (``"key"``), a closure's cell (``"cell"``), a class's or a module's
attribute (``"attr"``), an argument's type (``"type"``) or the callable it is
(``"callee"``), the type of every item of one (``"items"``), the types a container
argument holds (``"held"``), an attribute path from an
argument (``"path"``) or from a fixed object (``"from"``), what a rule read off an
object's state (``"check"``, ``"check-obj"``), and the code a summarised function runs
(``"code"``). Objects are held weakly (`_held`).
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._held import GONE, held, live
from ember.xcs._resolve import MISSING, _static, along

__all__ = ["code_guard", "guards_hold", "held_items", "object_guard", "same_callee", "unique_guards"]


def guards_hold(guards: list[tuple], bound: dict[str, Any]) -> bool:
    """Do the names a plan resolved still hold the objects it was made for?

    `bound` holds the arguments of this call (for guards on what is reached from them).
    The objects are kept as `held` (weakly): one the program dropped is held by no name.
    """
    for g in guards:
        tag = g[0]
        if tag == "key":
            if g[1].get(g[2], MISSING) is not live(g[3]):
                return False
        elif tag == "code":  # a function summarised still runs the code that was read
            if getattr(live(g[1]), "__code__", None) is not g[2]:
                return False
        elif tag == "cell":
            func = live(g[1])
            try:
                if func is GONE or func.__closure__[g[2]].cell_contents is not live(g[3]):
                    return False
            except ValueError:
                return False
        elif tag == "attr":
            if _static(live(g[1]), g[2]) is not live(g[3]):
                return False
        elif tag == "type":
            if g[1] in bound and type(bound[g[1]]) is not g[2]:
                return False
        elif tag == "callee":  # an argument the body calls: that callable, not its type
            if g[1] in bound and not same_callee(bound[g[1]], live(g[2])):
                return False
        elif tag == "items":  # every item of an argument (a list or tuple) has one type
            if g[1] in bound and (type(bound[g[1]]) not in (list, tuple) or any(
                    type(x) is not g[2] for x in bound[g[1]])):
                return False
        elif tag == "held":  # a container argument: its type, and the types it holds
            if g[1] in bound and (type(bound[g[1]]) is not g[2] or any(
                    type(x) not in g[3] for x in held_items(bound[g[1]]))):
                return False
        elif tag == "check" or tag == "check-obj":  # what a rule read off an object's state
            if tag == "check" and g[1] not in bound:
                continue
            obj = live(g[1]) if tag == "check-obj" else bound[g[1]]
            for attr in g[2]:
                obj = inspect.getattr_static(obj, attr, MISSING)
            try:
                if obj is MISSING or obj is GONE or g[3](obj) != live(g[4]):
                    return False
            except Exception:  # noqa: BLE001 - an object the check cannot read: not the same
                return False
        else:  # "path" from an argument, "from" a fixed object
            obj = bound.get(g[1], MISSING) if tag == "path" else live(g[1])
            if along(obj, g[2]) is not live(g[3]):
                return False
    return True


def code_guard(func: Any) -> tuple:
    """That `func` still runs the code its summary read: code swapped in place (IPython's
    autoreload sets ``__code__``, as do patching tools) makes the summary stale."""
    return ("code", held(func), func.__code__)


def object_guard(target: Any, check: Callable[[Any], Any], found: Any) -> tuple:
    """That `check(target)` still gives `found`: what a rule read off an object's state, or
    a library's (`consult`), kept on the object itself."""
    return ("check-obj", held(target), (), check, held(found))


def same_callee(a: Any, b: Any) -> bool:
    """Is calling `a` calling `b`? The same object, or methods of one object bound anew
    (``items.append`` makes a new bound method at each access)."""
    if a is b:
        return True
    if type(a) is not type(b) or type(a) not in (types.MethodType, types.BuiltinMethodType):
        return False
    return a.__self__ is b.__self__ and (
        a.__func__ is b.__func__ if type(a) is types.MethodType else a.__name__ == b.__name__)


def unique_guards(guards: list[tuple]) -> list[tuple]:
    """Each guard once. A guard reached along many paths of a call tree is mostly the
    same tuple each time: those are passed over before their parts are keyed."""
    seen: dict[tuple, tuple] = {}
    looked: set[int] = set()
    for g in guards:  # (the tag, g[0], is a str: keyed as itself)
        if id(g) not in looked:
            looked.add(id(g))
            seen.setdefault(tuple([_guard_key(v) for v in g]), g)
    return list(seen.values())


def _guard_key(part: Any) -> Any:
    """A guard's part keyed by value (a str, a tuple of names) or else by identity."""
    kind = type(part)
    if kind is str:
        return part
    part = live(part)
    if isinstance(part, str):
        return part
    if isinstance(part, tuple):
        try:
            hash(part)
        except TypeError:  # (a tuple holding a dict, say: the object itself)
            return id(part)
        return part
    return id(part)


def held_items(container: Any) -> Any:
    """What a container holds: a dict's values, any other's items."""
    return container.values() if isinstance(container, dict) else container
