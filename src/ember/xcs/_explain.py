"""Stage 5: say what the JIT did, as text, Graphviz DOT or Mermaid.

The predicted speedup is (sum of the I/O latencies) / (critical path), from the latencies
Ember can read off the source (``time.sleep(0.1)``, ``latency=0.2``, a model's default);
where none is known each call counts as one unit, and the text says so. After a run the
measured timeline replaces prediction with fact: the achieved overlap is the summed time of
the started calls divided by the function's wall time, never a number that did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ember.xcs._plan import Plan, Site
from ember.xcs._runtime import RunRecord

__all__ = ["Explanation"]

_MOVE = {
    "hoist": "starts early",
    "loop": "all items at once",
    "comp": "all items at once",
    "place": "in place (timed)",
    "inline": "in place",
}


@dataclass
class Explanation:
    """What `jit` decided for one function and, after a run, what happened."""

    name: str
    plan: Plan
    last_run: RunRecord | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def strategy(self) -> str:
        return self.plan.strategy

    def _latency(self, site: Site) -> float:
        return site.latency if site.latency is not None else 1.0

    @property
    def critical_path(self) -> float:
        sites = {s.id: s for s in self.plan.sites}
        memo: dict[int, float] = {}

        def longest(i: int) -> float:
            if i not in memo:
                s = sites[i]
                memo[i] = 0.0  # cycle guard (loop-carried flows)
                deps = [longest(d) for d in s.deps if d in sites and d < i]
                memo[i] = self._latency(s) + max(deps, default=0.0)
            return memo[i]

        if not self.plan.sites:
            return 0.0
        if self.plan.strategy != "parallel":
            return self.total_latency
        return max(longest(i) for i in sites)

    @property
    def total_latency(self) -> float:
        return sum(self._latency(s) for s in self.plan.sites)

    @property
    def predicted_speedup(self) -> float:
        cp = self.critical_path
        return self.total_latency / cp if cp > 0 else 1.0

    def groups(self) -> list[list[Site]]:
        """Sites by dependency depth: each group's calls can be in flight together."""
        depth: dict[int, int] = {}
        for s in self.plan.sites:
            depth[s.id] = 1 + max((depth.get(d, 0) for d in s.deps if d < s.id), default=-1)
        out: dict[int, list[Site]] = {}
        moving = self.plan.strategy == "parallel"
        for s in self.plan.sites:
            out.setdefault(depth[s.id] if moving and s.move != "inline" else 1000 + s.id,
                           []).append(s)
        return [out[k] for k in sorted(out)]

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self) -> str:
        plan = self.plan
        lines = [f"xcs.jit: {self.name}", f"  strategy: {plan.strategy} ({plan.reason})"]
        if plan.sites:
            lines.append("  operations:")
            lines.append(f"    {'#':>2}  {'line':>4}  {'kind':<6}  {'move':<17}  "
                         f"{'needs':<6}  call / reason")
            for s in plan.sites:
                needs = ",".join(str(d) for d in sorted(s.deps)) or "-"
                move = "waits when needed" if s.defer else _MOVE[s.move]
                lines.append(f"    {s.id:>2}  {s.lineno:>4}  {s.fact.effect:<6}  "
                             f"{move:<17}  {needs:<6}  {s.label}")
                lines.append(f"    {'':>2}  {'':>4}  {'':<5}  {'':<17}  {'':<6}  "
                             f"  {s.fact.reason}; {s.why}")
                if s.hazards:
                    lines.append(f"{'':>49}  starts early only while "
                                 f"{', '.join(s.hazards)} hold immutable values")
            together = [g for g in self.groups() if len(g) > 1]
            for g in together:
                lines.append("  in flight together: " + ", ".join(f"#{s.id}" for s in g))
            unit = "" if all(s.latency is not None for s in plan.sites) else (
                " (latency unknown for some calls: each counted as 1 unit)")
            lines.append(f"  predicted speedup: {self.predicted_speedup:.2f}x = sum of latencies "
                         f"{self.total_latency:.3g} / critical path {self.critical_path:.3g}{unit}")
            if any(s.move in ("loop", "comp") for s in plan.sites):
                lines.append("  (loop and comprehension calls run for all items at once: "
                             "the speedup grows with the number of items)")
        lines.extend(f"  note: {n}" for n in self.notes)
        run = self.last_run
        if run is not None:
            busy = sum(t1 - t0 for _, t0, t1, _ in run.spans)
            lines.append(f"  last run: wall {run.wall * 1e3:.1f} ms, {len(run.spans)} I/O call(s), "
                         f"their summed time {busy * 1e3:.1f} ms")
            if run.spans and run.wall > 0:
                lines.append(f"  achieved overlap: {busy / run.wall:.2f}x "
                             "(summed call time / wall time)")
                lines.extend(self._timeline(run))
        elif plan.strategy == "parallel":
            lines.append("  not run yet: call it, then explain() shows the measured timeline")
        return "\n".join(lines)

    def _timeline(self, run: RunRecord, width: int = 40) -> list[str]:
        labels = {s.id: s.label for s in self.plan.sites}
        out = ["  timeline:"]
        span = max(run.wall, 1e-9)
        for site, t0, t1, _ in run.spans[:20]:
            a = int((t0 - run.t0) / span * width)
            b = max(a + 1, int((t1 - run.t0) / span * width))
            bar = " " * a + "#" * (b - a)
            out.append(f"    #{site:<3} |{bar:<{width}}| {(t1 - t0) * 1e3:7.1f} ms  "
                       f"{labels.get(site, '')[:30]}")
        if len(run.spans) > 20:
            out.append(f"    ... {len(run.spans) - 20} more")
        return out

    def to_dot(self) -> str:
        """The operation graph in Graphviz DOT."""
        colour = {"read": "lightblue", "write": "salmon", "pure": "lightgrey",
                  "cpu": "khaki", "unknown": "white"}
        lines = [f'digraph "{self.name}" {{', "  rankdir=LR;", "  node [shape=box, style=filled];"]
        for s in self.plan.sites:
            label = f"#{s.id} {s.label}\\n{s.fact.effect}, {_MOVE[s.move]}".replace('"', "'")
            lines.append(f'  s{s.id} [label="{label}", fillcolor={colour[s.fact.kind.value]}];')
        for s in self.plan.sites:
            for d in sorted(s.deps):
                lines.append(f"  s{d} -> s{s.id};")
        lines.append("}")
        return "\n".join(lines)

    def to_html(self) -> str:
        """A self-contained HTML page: the timeline (Gantt, critical path marked) and the graph."""
        from ember.xcs import _picture  # drawing code loads only when a picture is asked for

        return _picture.to_html(self)

    def save_png(self, path: str) -> str:
        """Write the timeline and graph as a PNG (needs the ``plot`` extra); returns the path."""
        from ember.xcs import _picture

        return str(_picture.write_png(self, path))

    def to_mermaid(self) -> str:
        """The operation graph as a Mermaid flowchart."""
        lines = ["flowchart LR"]
        for s in self.plan.sites:
            label = f"#{s.id} {s.label} ({s.fact.effect}, {_MOVE[s.move]})".replace('"', "'")
            lines.append(f'  s{s.id}["{label}"]')
        for s in self.plan.sites:
            for d in sorted(s.deps):
                lines.append(f"  s{d} --> s{s.id}")
        return "\n".join(lines)
