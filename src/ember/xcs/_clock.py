"""Does a helper's clock reading decide what it does?

A helper that times its own waits (``t0 = perf_counter(); get(u); took = perf_counter() -
t0``) reads the same whether it runs in place or started early with its siblings. One that
compares the clock with a time kept outside it (a deadline in a global, a start time passed
in) and acts on the answer does not: started early beside its siblings, every one reads
the clock at the start, passes its deadline check and sends what the plain code would have
skipped, or puts an earlier tick into its request. Such a helper is spacing (`_summary`):
it runs where the plain code runs it, and nothing moves across it.
"""

from __future__ import annotations

import ast

from ember.xcs._index import TreeIndex
from ember.xcs._owned import holds_data
from ember.xcs._resolve import Resolver

__all__ = ["decides_by_clock"]

_TESTS = (ast.If, ast.While, ast.IfExp, ast.Assert)


def decides_by_clock(index: TreeIndex, clocks: set[int], io: list[ast.Call],
                     params: list[str], resolver: Resolver) -> bool:
    """Does a value made from a clock reading (the calls `clocks`, by id) together with a
    name that holds data from outside the helper (a parameter, a global list) reach a test
    or an argument of one of its `io` calls?"""
    made: dict[str, bool] = {}  # local name -> from the clock (True: and from outside too)

    def mixes(expr: ast.AST) -> bool | None:
        """True: clock and outside; False: clock alone; None: no clock."""
        clock = away = False
        for n in ast.walk(expr):
            if id(n) in clocks:
                clock = True
            elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
                if n.id in made:
                    clock = True
                    away |= made[n.id]
                elif holds_data(n.id, params, resolver.local_names, resolver):
                    away = True
        return (clock and away) if clock else None

    for _ in range(3):  # (a name made from another: a few rounds reach a fixed point)
        for node in index.find(index.root, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            value = getattr(node, "value", None)
            found = None if value is None else mixes(value)
            if found is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        made[n.id] = made.get(n.id, False) or found
    tests = [n.test for n in index.find(index.root, _TESTS)]  # type: ignore[attr-defined]
    args = [a for c in io for a in (*c.args, *(k.value for k in c.keywords))]
    return any(mixes(e) for e in (*tests, *args))
