"""The plan's data: `Site` (one I/O call and how it moves) and `Plan` (the decisions for one
function), read by `_rewrite`, `_explain` and the picture renderer."""

from __future__ import annotations

import ast
import asyncio
import functools
import time
from dataclasses import dataclass, field

from ember.xcs._analysis import CallFact, FunctionFacts

__all__ = ["DEFAULT_LATENCY", "Plan", "Site", "latency"]

DEFAULT_LATENCY = {"time": None, "llm": 0.25}


@dataclass(eq=False)
class Site:
    """One I/O call the plan moves (or, with `move == "inline"`, leaves in place)."""

    id: int
    call: ast.Call
    node: ast.expr  # the expression replaced by the result: the call, or `await call`
    fact: CallFact
    move: str  # "hoist" | "loop" | "comp" | "place" (started where it is) | "inline"
    stmt: ast.AST  # statement (or comprehension) the call belongs to
    before: ast.AST | None = None  # hoist: the statement the start is placed before
    hazards: tuple[str, ...] = ()
    lineno: int = 0
    latency: float | None = None
    deps: set[int] = field(default_factory=set)
    why: str = ""
    # The resources written by what it moves across: at run time it may start early only
    # if the actual callee reads nothing those writes can change (`conflicts`).
    crosses_writes: tuple[str, ...] = ()
    # Deferred: the statement ``x = call`` waits only after this many following statements
    # (pure computation not using x), which then overlap the call.
    defer: int = 0
    # A loop site's checks: the statements before it in the body that decide whether the
    # item's call happens. They run for each item ahead of the bodies, and the item's call
    # starts once they pass (the first that raises ends the starts; it raises again in place).
    checks: list[ast.stmt] = field(default_factory=list)
    # A loop site that needs the value of an earlier loop site of its item (``a = get(k)``
    # then ``get(a + "x")``): that site, and the statement of the body that makes `a` from
    # its expression. Each item's call starts once its own earlier call has ended, with
    # that statement and the checks run on its value (`Frame.chain`).
    after: Site | None = None
    feed: ast.stmt | None = None

    @functools.cached_property
    def label(self) -> str:
        """The call as written (shortened), for `explain`: made when first shown, as most
        plans are never shown (the rewrite leaves the call as it was)."""
        return _label(self.call)


@dataclass
class Plan:
    """The decisions for one function, read by `_rewrite` and `_explain`."""

    facts: FunctionFacts | None
    sites: list[Site]
    strategy: str  # "direct" | "parallel"
    reason: str
    loops: dict[int, list[Site]] = field(default_factory=dict)  # id(For) -> sites
    comps: dict[int, list[Site]] = field(default_factory=dict)  # id(comp) -> sites
    # Loops whose iterable, a stream, may be read up front, by id(For): "lines" (a file
    # only the loop reads, `_iterables.owned_file`) or "rows" (a SELECT's new cursor); only
    # when the body writes nothing the stream could show (`Moves.loop`).
    streams: dict[int, str] = field(default_factory=dict)
    # The sites' `deps` are known (`_plan.link_sites`: made when first shown).
    linked: bool = False

    @property
    def moved(self) -> list[Site]:
        return [s for s in self.sites if s.move not in ("inline", "place") or s.defer]


def _label(node: ast.AST) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


_SLEEPS = (time.sleep, asyncio.sleep)


def _number(node: ast.expr, namespace: dict) -> float | None:
    if isinstance(node, ast.Constant):
        v = node.value
    elif isinstance(node, ast.Name):
        v = namespace.get(node.id)
    else:
        return None
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def latency(call: ast.Call, fact: CallFact, namespace: dict) -> float | None:
    """The call's expected wait, for `explain`'s predicted speedup: a `latency=` argument,
    a sleep's seconds, or the default for a model call; None when unknown."""
    for kw in call.keywords:
        if kw.arg == "latency":
            return _number(kw.value, namespace)
    if fact.obj in _SLEEPS and call.args:
        return _number(call.args[0], namespace)
    if fact.resource == "llm":
        return DEFAULT_LATENCY["llm"]
    return None
