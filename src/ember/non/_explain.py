"""What a NON graph will do and, after a run, what it did: as text, Graphviz DOT or Mermaid.

The predicted speedup is (sum of the nodes' latencies) / (critical path), from the latencies
the spec states (``latency=``) or the simulator's default; where a latency is unknown the node
counts as one unit and the text says so. After a run the measured timeline is shown: the
achieved overlap is the summed time of the nodes divided by the run's wall time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ember.non._graph import GraphNode, RunLog

__all__ = ["GraphExplanation"]

_COLOURS = {"E": "lightblue", "J": "gold", "M": "lightgrey", "V": "palegreen"}


def _ranges(ids: Sequence[int]) -> str:
    """``0,1,2,3,5`` as ``0-3,5``."""
    out: list[str] = []
    ids = sorted(ids)
    i = 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        out.append(str(ids[i]) if i == j else f"{ids[i]}-{ids[j]}")
        i = j + 1
    return ",".join(out) or "-"


def _seconds(latency: float | None) -> str:
    if latency is None:
        return "?"
    if latency == 0:
        return "0 (no I/O)"
    return f"{latency:g} s"


@dataclass
class GraphExplanation:
    """The plan of a NON graph and, after a run, its measured timeline.

    Examples:
        >>> from ember.non import build_graph
        >>> ex = build_graph("2E@sim/gpt(latency=0.1) -> 1J@sim/judge(latency=0.1)").explain()
        >>> ex.critical_path, ex.total_latency
        (0.2, 0.30000000000000004)
        >>> print(ex.to_mermaid().splitlines()[0])
        flowchart LR
    """

    name: str
    nodes: tuple[GraphNode, ...]
    last_run: RunLog | None = None

    @staticmethod
    def _latency(node: GraphNode) -> float:
        return node.latency if node.latency is not None else 1.0

    @property
    def critical_path(self) -> float:
        """The longest chain of dependent latencies (the best possible wall time)."""
        finish: dict[int, float] = {}
        for n in self.nodes:  # nodes are in dependency order
            finish[n.id] = self._latency(n) + max((finish[d] for d in n.deps), default=0.0)
        return max(finish.values(), default=0.0)

    @property
    def total_latency(self) -> float:
        """The sum of all nodes' latencies (the wall time of running them one by one)."""
        return sum(self._latency(n) for n in self.nodes)

    @property
    def predicted_speedup(self) -> float:
        """`total_latency` / `critical_path`."""
        cp = self.critical_path
        return self.total_latency / cp if cp > 0 else 1.0

    def groups(self) -> list[list[GraphNode]]:
        """Nodes by dependency depth: each group's nodes can be in flight together."""
        depth: dict[int, int] = {}
        out: dict[int, list[GraphNode]] = {}
        for n in self.nodes:
            depth[n.id] = 1 + max((depth[d] for d in n.deps), default=-1)
            out.setdefault(depth[n.id], []).append(n)
        return [out[k] for k in sorted(out)]

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self) -> str:
        """A readable account: nodes, what runs together, predicted and measured times."""
        lines = [f"ember.non graph: {self.name}", "  nodes:",
                 f"    {'#':>3}  {'stage':>5}  {'node':<28}  {'needs':<10}  latency"]
        for n in self.nodes:
            lines.append(f"    {n.id:>3}  {n.stage:>5}  {n.label[:28]:<28}  "
                         f"{_ranges(n.deps):<10}  {_seconds(n.latency)}")
        for g in self.groups():
            if len(g) > 1:
                lines.append(f"  in flight together: {', '.join(f'#{n.id}' for n in g)}")
        unknown = "" if all(n.latency is not None for n in self.nodes) else (
            " (latency unknown for some nodes: each counted as 1 unit)")
        lines.append(f"  predicted speedup: {self.predicted_speedup:.2f}x = sum of latencies "
                     f"{self.total_latency:.3g} / critical path {self.critical_path:.3g}"
                     f"{unknown}")
        run = self.last_run
        if run is None:
            lines.append("  not run yet: call it, then explain() shows the measured timeline")
            return "\n".join(lines)
        busy = sum(t1 - t0 for _, t0, t1 in run.spans)
        lines.append(f"  last run: wall {run.wall * 1e3:.1f} ms, {len(run.spans)} node(s), "
                     f"their summed time {busy * 1e3:.1f} ms")
        if run.wall > 0 and run.spans:
            lines.append(f"  achieved overlap: {busy / run.wall:.2f}x "
                         "(summed node time / wall time)")
            lines.extend(self._timeline(run))
        return "\n".join(lines)

    def _timeline(self, run: RunLog, width: int = 40) -> list[str]:
        labels = {n.id: n.label for n in self.nodes}
        out = ["  timeline:"]
        span = max(run.wall, 1e-9)
        for node_id, t0, t1 in run.spans[:24]:
            a = min(width - 1, int((t0 - run.t0) / span * width))
            b = min(width, max(a + 1, int((t1 - run.t0) / span * width)))
            bar = " " * a + "#" * (b - a)
            out.append(f"    #{node_id:<3} |{bar:<{width}}| {(t1 - t0) * 1e3:7.1f} ms  "
                       f"{labels.get(node_id, '')[:28]}")
        if len(run.spans) > 24:
            out.append(f"    ... {len(run.spans) - 24} more")
        return out

    def _bars(self) -> tuple[list[tuple[int, float, float]], bool]:
        """(node id, start, end) of the last run, else as predicted; and whether measured."""
        run = self.last_run
        if run is not None and run.spans:
            return [(i, t0 - run.t0, t1 - run.t0) for i, t0, t1 in run.spans], True
        end: dict[int, float] = {}
        bars = []
        for n in self.nodes:
            start = max((end[d] for d in n.deps), default=0.0)
            end[n.id] = start + self._latency(n)
            bars.append((n.id, start, end[n.id]))
        return bars, False

    def timeline(self) -> Any:
        """The run (or the prediction) as an `ember.xcs` picture timeline, one bar per node.

        The bars on the chain of dependent nodes that ended last (the critical path) are
        marked. Draw it with ``ember.xcs._picture.timeline_svg``; see `to_svg`.
        """
        from ember.xcs._picture import Bar, Timeline

        bars, measured = self._bars()
        ends = {i: t1 for i, _, t1 in bars}
        deps = {n.id: n.deps for n in self.nodes}
        critical: set[int] = set()
        node = max(ends, key=lambda i: ends[i], default=None)
        while node is not None:
            critical.add(node)
            node = max((d for d in deps.get(node, ()) if d in ends), key=lambda d: ends[d],
                       default=None)
        labels = {n.id: n.label for n in self.nodes}
        kinds = {n.id: "pure" if n.latency == 0 else "read" for n in self.nodes}
        out = sorted((Bar(i, f"#{i} {labels.get(i, '')}", kinds.get(i, "read"), max(0.0, a),
                          max(0.0, b), i in critical) for i, a, b in bars),
                     key=lambda b: (b.start, b.site))
        wall = max([b.end for b in out] + [self.last_run.wall if measured and self.last_run
                                          else 0.0])
        unit = "s" if measured or all(n.latency is not None for n in self.nodes) else "units"
        return Timeline(self.name, "non graph", tuple(out), wall, measured, unit)

    def to_svg(self) -> str:
        """The timeline as a standalone SVG (a Gantt chart of the nodes)."""
        from ember.xcs._picture import timeline_svg

        return timeline_svg(self.timeline())

    def to_dot(self) -> str:
        """The graph in Graphviz DOT, one cluster per stage."""
        lines = [f'digraph "{_dot(self.name)}" {{', "  rankdir=LR;",
                 "  node [shape=box, style=filled];"]
        stages: dict[int, list[GraphNode]] = {}
        for n in self.nodes:
            stages.setdefault(n.stage, []).append(n)
        for s, members in stages.items():
            lines.append(f"  subgraph cluster_{s} {{")
            lines.append(f'    label="stage {s}";')
            for n in members:
                label = _dot(f"#{n.id} {n.label}") + "\\n" + _dot(_seconds(n.latency))
                lines.append(f'    n{n.id} [label="{label}", '
                             f'fillcolor={_COLOURS.get(n.code, "white")}];')
            lines.append("  }")
        for n in self.nodes:
            for d in n.deps:
                lines.append(f"  n{d} -> n{n.id};")
        lines.append("}")
        return "\n".join(lines)

    def to_mermaid(self) -> str:
        """The graph as a Mermaid flowchart, one subgraph per stage."""
        lines = ["flowchart LR"]
        stages: dict[int, list[GraphNode]] = {}
        for n in self.nodes:
            stages.setdefault(n.stage, []).append(n)
        for s, members in stages.items():
            lines.append(f'  subgraph stage{s}["stage {s}"]')
            for n in members:
                label = _mermaid(f"#{n.id} {n.label} ({_seconds(n.latency)})")
                lines.append(f'    n{n.id}["{label}"]')
            lines.append("  end")
        for n in self.nodes:
            for d in n.deps:
                lines.append(f"  n{d} --> n{n.id}")
        return "\n".join(lines)


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _mermaid(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")
