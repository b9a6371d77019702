"""Stage 5: say what the JIT did, as plain data (`model`) that `ember.viz` renders.

The predicted speedup is (sum of the I/O latencies) / (critical path), from the latencies
Ember can read off the source (``time.sleep(0.1)``, ``latency=0.2``, a model's default);
where none is known each call counts as one unit, and the text says so. After a run the
measured timeline replaces prediction with fact: the achieved overlap is the summed time of
the started calls divided by the function's wall time, never a number that did not happen.

The engine computes the explanation; `ember.viz`, the layer above, draws it (the render
methods, `to_text`, `to_dot`, ..., load it when called).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ember import _core
from ember.xcs._plan import Plan, Site

__all__ = ["Explanation", "RunRecord"]

@dataclass
class RunRecord:
    """Timings of one call of a jitted function (seconds on the perf_counter clock)."""

    t0: float
    t1: float = 0.0
    spans: list[tuple[int, float, float, str]] = field(default_factory=list)

    @property
    def wall(self) -> float:
        return self.t1 - self.t0


_MOVE = {
    "hoist": "starts early",
    "loop": "all items at once",
    "comp": "all items at once",
    "place": "in place (timed)",
    "inline": "in place",
}

_LOOP_NOTE = ("loop and comprehension calls run for all items at once: the speedup grows "
              "with the number of items")


def _why(site: Site) -> str:
    why = f"{site.fact.reason}; {site.why}"
    if site.hazards:
        why += f"; starts early only while {', '.join(site.hazards)} hold immutable values"
    return why


def _node(site: Site, moving: bool) -> _core.Node:
    return _core.Node(
        id=site.id, label=site.label, kind=site.fact.kind.value,
        effect=site.fact.effect,
        deps=tuple(sorted(site.deps)), latency=site.latency,
        how="waits when needed" if site.defer else _MOVE.get(site.move, site.move),
        where=str(site.lineno), why=_why(site), moves=moving and site.move != "inline")


@dataclass
class Explanation(_core.Explains):
    """What `jit` decided for one function and, after a run, what happened.

    `model` is the same as plain data (`ember._core.Explanation`); `print` it, or use
    `to_text`, `to_dot`, `to_mermaid`, `to_svg`, `to_html` or `save_png` (`ember.viz`
    draws them all, see `ember._core.Explains`).
    """

    name: str
    plan: Plan
    last_run: RunRecord | None = None
    notes: list[str] = field(default_factory=list)

    @functools.cached_property
    def model(self) -> _core.Explanation:
        """The explanation as plain data: call sites, dependencies, the last run's spans."""
        plan, run = self.plan, self.last_run
        moving = plan.strategy == "parallel"
        notes = list(self.notes)
        if any(s.move in ("loop", "comp") for s in plan.sites):
            notes.insert(0, _LOOP_NOTE)
        timing = None
        if run is not None:
            timing = _core.Timing(run.wall, tuple(
                _core.Span(site, t0 - run.t0, t1 - run.t0, kind == "cached")
                for site, t0, t1, kind in run.spans))
        return _core.Explanation(
            self.name, "xcs.jit", tuple(_node(s, moving) for s in plan.sites),
            strategy=plan.strategy, reason=plan.reason, run=timing, notes=tuple(notes),
            noun="call site", where="line")

    @property
    def strategy(self) -> str:
        return self.plan.strategy

    def groups(self) -> list[list[Site]]:
        """Sites by dependency depth: each group's calls can be in flight together."""
        sites = {s.id: s for s in self.plan.sites}
        return [[sites[n.id] for n in g] for g in self.model.groups()]
