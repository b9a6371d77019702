"""The words and numbers every renderer shares: counts, times, summaries.

Each count is made here once, so the text, the table, the timeline and the graph say the
same thing: a *call site* (or a graph's *node*) is a row of the table and a box of the
graph; a *call* is one started call of a run, a bar of the timeline (a call site in a
loop makes one call per item).
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable

from ember._core import Explains, Explanation, Timeline
from ember._errors import NotAnExplanation

PALETTE = {  # one palette for DOT, SVG and PNG, by kind of effect
    "read": "#9ecae9", "model": "#9ecae9", "write": "#f4a582", "output": "#f4a582",
    "pure": "#d9d9d9", "cpu": "#f2e394", "unknown": "#ffffff",
}
BAR = "#4c78a8"
CRITICAL = "#e45756"
RUN = "#bab0ac"
INK = "#222222"
MUTED = "#6b6b6b"


def as_model(obj: Explains) -> Explanation:
    """The plain data behind `obj` (an explanation, or an engine's explanation of itself)."""
    model = getattr(obj, "model", None)
    if not isinstance(model, Explanation):
        raise NotAnExplanation(
            f"expected an explanation, got {type(obj).__name__}: {obj!r:.60}. Fix: pass "
            "xcs.explain(f) (or f.explain()) for a jitted function, graph.explain() for a NON "
            "graph, or an ember.viz.Explanation you made")
    return model


def as_list(explanations: Explains | Iterable[Explains]) -> list[Explains]:
    """One explanation, or several, as a list."""
    if isinstance(explanations, Explains) or not isinstance(explanations, Iterable):
        return [explanations]  # (one that is no explanation: `as_model` says so)
    return list(explanations)


def count(n: int, noun: str) -> str:
    """``1 call site``, ``4 call sites``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def sites(ex: Explanation) -> str:
    """The number of call sites (or nodes): the table's rows, the graph's boxes."""
    return count(len(ex.nodes), ex.noun)


def fmt(seconds: float, unit: str = "s") -> str:
    """A duration: ms below 10 s; latency units for a prediction of unknown latencies."""
    if unit != "s":
        return f"{seconds:.3g} u"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    return f"{seconds * 1e3:.1f} ms"


def latency(seconds: float | None) -> str:
    if seconds is None:
        return "?"
    return "0 (no I/O)" if seconds == 0 else f"{seconds:g} s"


def nice_step(span: float, target: int = 6) -> float:
    """A round tick step giving about `target` ticks over `span`."""
    if span <= 0:
        return 1.0
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def timeline_summary(tl: Timeline, ex: Explanation | None = None) -> str:
    """One line over the timeline: what it shows, counted as the text counts."""
    noun = ex.noun if ex is not None else "call site"
    if not tl.bars:
        return f"no I/O {noun}s"  # a node always has a bar, measured or predicted
    crit = tl.critical
    crit_s = max(b.end for b in crit) - min(b.start for b in crit) if crit else 0.0
    head = "measured" if tl.measured else (
        "predicted from the plan" if tl.strategy == "parallel"
        else "predicted: runs as written, one call after another")
    calls = count(len(tl.bars), "call") + (f" from {sites(ex)}" if ex is not None else "")
    parts = [head, calls,
             f"length {fmt(tl.wall, tl.unit)}", f"summed call time {fmt(tl.busy, tl.unit)}"]
    if tl.wall > 0:
        parts.append(f"overlap {tl.busy / tl.wall:.2f}x")
    parts.append(f"critical path {fmt(crit_s, tl.unit)} ({count(len(crit), 'call')})")
    return " \u00b7 ".join(parts)


def graph_summary(ex: Explanation) -> str:
    """One line over the graph, counted as the text counts."""
    parts = [f"strategy: {ex.strategy}", sites(ex)]
    if ex.nodes:
        parts.append(f"predicted speedup {ex.predicted_speedup:.2f}x")
        crit = ex.timeline().critical_nodes
        parts.append(f"critical path through {count(len(crit), ex.noun)}")
    return " \u00b7 ".join(parts)
