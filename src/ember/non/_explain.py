"""What a NON graph will do and, after a run, what it did: plain data that `ember.viz` renders.

The predicted speedup is (sum of the nodes' latencies) / (critical path), from the latencies
the spec states (``latency=``) or the simulator's default; where a latency is unknown the node
counts as one unit and the text says so. After a run the measured timeline is shown: the
achieved overlap is the summed time of the nodes divided by the run's wall time.

`ember.viz` draws it (the render methods load it when called).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ember import _core
from ember.non._graph import GraphNode, RunLog
from ember.non._registry import node_types

__all__ = ["GraphExplanation"]

_REASON = "each node starts as soon as the nodes it needs have answered"


def _node(n: GraphNode) -> _core.Node:
    kind = node_types().get(n.code)
    return _core.Node(
        id=n.id, label=n.label, kind="pure" if n.latency == 0 else "model",
        effect=kind.name if kind is not None else n.code, deps=n.deps, latency=n.latency,
        where=str(n.stage), group=n.stage)


@dataclass
class GraphExplanation(_core.Explains):
    """The plan of a NON graph and, after a run, its measured timeline.

    `model` is the same as plain data (`ember._core.Explanation`); `print` it, or use
    `to_text`, `to_dot`, `to_mermaid`, `to_svg`, `to_html` or `save_png` (`ember.viz`
    draws them all, see `ember._core.Explains`).

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

    @functools.cached_property
    def model(self) -> _core.Explanation:
        """The explanation as plain data: nodes, dependencies, the last run's spans."""
        run = self.last_run
        timing = None
        if run is not None:
            timing = _core.Timing(run.wall, tuple(
                _core.Span(i, t0 - run.t0, t1 - run.t0) for i, t0, t1 in run.spans))
        return _core.Explanation(self.name, "ember.non graph",
                                 tuple(_node(n) for n in self.nodes), reason=_REASON,
                                 run=timing, noun="node", where="stage")

    def groups(self) -> list[list[GraphNode]]:
        """Nodes by dependency depth: each group's nodes can be in flight together."""
        nodes = {n.id: n for n in self.nodes}
        return [[nodes[n.id] for n in g] for g in self.model.groups()]
