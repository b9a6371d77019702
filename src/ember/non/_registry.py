"""The node registry: which code (``E``, ``J``, ...) builds which node, and parameter aliases.

A node type says how its node is wired and built:

- ``factory(node, index)`` returns the unit one graph node runs: an operator or callable
  called as ``unit(query, inputs)`` (``inputs``: the tuple of answers it depends on) that
  returns an answer (a str, `ModelResult` or `Answer`).
- ``each``: one unit per answer of the previous stage (``index`` is the answer's), instead of
  ``count`` units that each see all of them (``index`` is the copy's).
- ``needs_inputs``: the node cannot be in the first stage.
- ``model``: whether ``@provider/model`` is ``"required"``, ``"optional"`` or ``"none"``.
- ``options``: parameters the node itself takes (name -> type); every other parameter is
  a model call parameter.
- ``calls``: model calls one unit makes at least (for the predicted critical path).
"""

from __future__ import annotations

import re
import threading
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ember._errors import InvalidRegistration, UnknownNodeCode
from ember.non._notation import ALIASES, NodeSpec

__all__ = ["NodeType", "node_types", "register_alias", "register_node", "unregister_node"]

_CODE = re.compile(r"[A-Z][A-Za-z0-9_]*")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_MODEL_RULES = ("required", "optional", "none")

_lock = threading.Lock()
_types: dict[str, NodeType] = {}


@dataclass(frozen=True)
class NodeType:
    """How one node code is built and wired (see the module docstring)."""

    code: str
    factory: Callable[[NodeSpec, int], Callable[..., Any]]
    name: str
    model: str = "required"
    needs_inputs: bool = False
    each: bool = False
    single: bool = False
    options: Mapping[str, type] = field(default_factory=lambda: types.MappingProxyType({}))
    calls: int = 1
    description: str = ""


def register_node(code: str, factory: Callable[[NodeSpec, int], Callable[..., Any]], *,
                  name: str | None = None, model: str = "required", needs_inputs: bool = False,
                  each: bool = False, single: bool = False,
                  options: Mapping[str, type] | None = None, calls: int = 1,
                  description: str = "", replace: bool = False) -> NodeType:
    """Add a node code to the NON notation.

    Args:
        code: an upper-case letter, then letters, digits or ``_`` (e.g. ``"S"``, ``"CoT"``).
        factory: ``factory(node, index)`` -> the unit a graph node runs, called as
            ``unit(query, inputs)``; see `NodeType`.
        name: a readable name (``"summarizer"``), shown by `explain`.
        model: ``"required"``, ``"optional"`` or ``"none"``: may the node name a model?
        needs_inputs: the node needs answers from an earlier stage.
        each: one unit per incoming answer (like ``V``), rather than ``count`` units over all.
        single: the count must be 1.
        options: parameters of the node itself (name -> type), not passed to the model.
        calls: model calls one unit makes at least (0 for pure computation).
        description: one line for error messages and `explain`.
        replace: allow replacing an existing code.

    Returns:
        The registered `NodeType`.

    Raises:
        InvalidRegistration: a badly formed code, factory, model rule or option, or a code already
            registered (without ``replace=True``).

    Examples:
        >>> from ember.non import build_graph
        >>> def shout(node, index):
        ...     return lambda query, inputs: " ".join(inputs).upper()
        >>> _ = register_node("S", shout, name="shout", model="none", needs_inputs=True,
        ...                   calls=0, replace=True)
        >>> build_graph(["2E@sim/gpt(latency=0)", "1S"])(query="hi").startswith("[GPT]")
        True
        >>> unregister_node("S")
    """
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise InvalidRegistration(f"register_node({code!r}): a code is an upper-case letter "
                                  "followed by letters, digits or '_'. Fix: e.g. 'S' or 'CoT'")
    if not callable(factory):
        raise InvalidRegistration(f"register_node({code!r}): factory must be callable, got "
                                  f"{type(factory).__name__}. Fix: pass a function "
                                  "factory(node, index) returning the unit the node runs")
    if model not in _MODEL_RULES:
        raise InvalidRegistration(f"register_node({code!r}): model must be one of "
                                  f"{', '.join(_MODEL_RULES)}; got {model!r}")
    opts = dict(options or {})
    for key, typ in opts.items():
        if not _IDENT.fullmatch(key) or not isinstance(typ, type):
            raise InvalidRegistration(f"register_node({code!r}): options maps parameter names "
                                      f"to types, got {key!r}: {typ!r}. Fix: e.g. "
                                      "options={'k': int}")
    node_type = NodeType(code, factory, name or code, model, needs_inputs, each,
                         single or each, types.MappingProxyType(opts), calls, description)
    with _lock:
        if code in _types and not replace:
            raise InvalidRegistration(f"register_node({code!r}): the code is already "
                                      f"registered ({_types[code].name}). Fix: pass "
                                      "replace=True to replace it")
        _types[code] = node_type
    return node_type


def node_types() -> dict[str, NodeType]:
    """The registered node types, by code.

    Examples:
        >>> {"E", "J", "M", "V"} <= set(node_types())
        True
    """
    with _lock:
        return dict(_types)


def unregister_node(code: str) -> None:
    """Remove a node code added with `register_node` (built-in codes included).

    Raises:
        UnknownNodeCode: no such code is registered (the message lists those that are).

    Examples:
        >>> _ = register_node("Z", lambda node, index: str, model="none", replace=True)
        >>> unregister_node("Z")
        >>> "Z" in node_types()
        False
    """
    with _lock:
        if code not in _types:
            raise UnknownNodeCode(f"unregister_node({code!r}): no such node code; registered: "
                                  f"{', '.join(sorted(_types))}")
        del _types[code]


def register_alias(short: str, name: str) -> None:
    """Let parameter `short` stand for `name` in NON specs (``temp`` -> ``temperature``).

    Examples:
        >>> register_alias("top", "top_p")
        >>> from ember.non._notation import parse
        >>> parse("1E@sim/gpt(top=0.9)").stages[0].nodes[0].params
        (('top_p', 0.9),)
    """
    if not (isinstance(short, str) and _IDENT.fullmatch(short)
            and isinstance(name, str) and _IDENT.fullmatch(name)):
        raise InvalidRegistration(f"register_alias({short!r}, {name!r}): both must be identifiers. "
                                  "Fix: e.g. register_alias('temp', 'temperature')")
    ALIASES[short] = name
