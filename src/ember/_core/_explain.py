"""The shape of an explanation: plain data every engine fills in and `ember.viz` draws.

A jitted function (`ember.xcs`) and a NON graph (`ember.non`) explain themselves the same
way: a graph of **nodes** (a call site, or a node of the graph) with the nodes each one
needs, and, after a run, a **run** of spans (when each started call began and ended). From
that, and nothing else, come the numbers every renderer shows: the predicted timeline and
critical path, the measured timeline and the chain of calls whose waits made up the run's
length. Computing them once here is what makes the text, the table, the timeline and the
graph agree: every renderer marks the critical path of `Explanation.timeline`.

Nothing here draws: the render methods of `Explains` (``to_text``, ``to_html``, ...) load
`ember.viz` when they are called, the one place the kernel reaches up (drawing is never
needed to compute, and `ember.viz` is never loaded by a program that does not draw).

Examples:
    >>> ex = Explanation("f", "demo", (Node(0, "a()", latency=0.1), Node(1, "b()", latency=0.1),
    ...                                Node(2, "c(a, b)", deps=(0, 1), latency=0.2)))
    >>> round(ex.critical_path, 3), round(ex.predicted_speedup, 3)
    (0.3, 1.333)
    >>> [b.node for b in ex.timeline().critical]
    [0, 2]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Bar", "Explains", "Explanation", "Node", "Span", "Timeline", "Timing"]


@dataclass(frozen=True)
class Node:
    """One call site of a function, or one node of a graph.

    Args:
        id: its number, as shown (``#3``).
        label: the call as written, or the node's spec.
        kind: its class of effect, which picks its colour: ``read``, ``write``, ``model``,
            ``output``, ``pure``, ``cpu`` or ``unknown``.
        effect: the effect in words for the kind column (``model``, ``read``, ``judge``).
        deps: the ids of the nodes whose results it needs.
        latency: its predicted seconds, when known (unknown counts as one unit).
        how: how it runs (``starts early``, ``in place``): shown beside it.
        where: where it is (a line number, a stage): the table's second column.
        why: why it runs so, a sentence under its row in the text.
        group: a stage: nodes of one group are drawn in one cluster.
        moves: False when it runs in program order, after every node before it.
    """

    id: int
    label: str
    kind: str = "read"
    effect: str = ""
    deps: tuple[int, ...] = ()
    latency: float | None = None
    how: str = ""
    where: str = ""
    why: str = ""
    group: int | None = None
    moves: bool = True


@dataclass(frozen=True)
class Span:
    """One started call of a run: seconds since the run began; `cached` when the response
    cache answered it (nothing was sent: its bar is labelled "[cached]")."""

    node: int
    start: float
    end: float
    cached: bool = False


@dataclass(frozen=True)
class Timing:
    """What one run did: its wall time and the spans of the calls it started."""

    wall: float
    spans: tuple[Span, ...] = ()

    @property
    def busy(self) -> float:
        """Summed time of the calls: the run's length had none of them overlapped."""
        return sum(s.end - s.start for s in self.spans)


@dataclass(frozen=True)
class Bar:
    """One call on a timeline: seconds since the run (or prediction) began."""

    node: int
    label: str
    kind: str
    start: float
    end: float
    critical: bool = False

    @property
    def duration(self) -> float:
        return self.end - self.start


@dataclass(frozen=True)
class Timeline:
    """The bars of a run, or of the predicted run (`measured` False), in start order."""

    name: str
    strategy: str
    bars: tuple[Bar, ...]
    wall: float
    measured: bool
    unit: str  # "s", or "units" when a prediction uses calls of unknown latency

    @property
    def busy(self) -> float:
        """Summed duration of the calls: the run's length with no overlap at all."""
        return sum(b.duration for b in self.bars)

    @property
    def critical(self) -> tuple[Bar, ...]:
        """The bars on the critical path, in the order they ran."""
        return tuple(b for b in self.bars if b.critical)

    @property
    def critical_nodes(self) -> frozenset[int]:
        """The ids of the nodes with a bar on the critical path: what the graph marks."""
        return frozenset(b.node for b in self.critical)


class Explains:
    """What every explanation offers, over its plain data `model`: the numbers, and
    renderers from `ember.viz` (loaded when one is called)."""

    @property
    def model(self) -> Explanation:
        raise NotImplementedError

    @property
    def critical_path(self) -> float:
        """The predicted run's length: the longest chain of dependent latencies."""
        return self.model.critical_path

    @property
    def total_latency(self) -> float:
        """The sum of the latencies: the wall time of running the calls one by one."""
        return self.model.total_latency

    @property
    def predicted_speedup(self) -> float:
        """`total_latency` / `critical_path`."""
        cp = self.critical_path
        return self.total_latency / cp if cp > 0 else 1.0

    def timeline(self) -> Timeline:
        """The last run's timeline (when it started calls), else the predicted one, the
        critical path marked: what every picture draws."""
        return self.model.timeline()

    def __str__(self) -> str:
        return self.to_text()

    def to_text(self) -> str:
        """A readable account: the table of calls, what runs together, predicted and
        measured times, a text timeline."""
        from ember import viz

        return viz.to_text(self)

    def to_dot(self) -> str:
        """The graph in Graphviz DOT (critical path in bold red)."""
        from ember import viz

        return viz.to_dot(self)

    def to_mermaid(self) -> str:
        """The graph as a Mermaid flowchart (critical path marked)."""
        from ember import viz

        return viz.to_mermaid(self)

    def to_svg(self) -> str:
        """The timeline as a standalone SVG (a Gantt chart)."""
        from ember import viz

        return viz.timeline_svg(self)

    def to_html(self) -> str:
        """A self-contained HTML page: the timeline, the graph and the text."""
        from ember import viz

        return viz.to_html(self)

    def save_png(self, path: str | Path) -> str:
        """Write the timeline and the graph as one PNG (needs the ``plot`` extra: matplotlib);
        returns the path."""
        from ember import viz

        return str(viz.write_png(self, path))


@dataclass(frozen=True, eq=False)
class Explanation(Explains):
    """What an engine decided and, after a run, what happened: plain data.

    Args:
        name: what is explained (a function's qualified name, a graph's spec).
        title: the engine's name, heading the text (``xcs.jit``, ``ember.non graph``).
        nodes: the call sites or graph nodes, in program (dependency) order.
        strategy: ``parallel`` (calls overlap) or ``direct`` (runs as written).
        reason: why that strategy, in a sentence.
        run: the last run, if any.
        notes: remarks to show under the plan (fallbacks, hints).
        noun: what a node is called in the text (``call site``, ``node``).
        where: what `Node.where` holds, as the table's column title (``line``, ``stage``).
    """

    name: str
    title: str
    nodes: tuple[Node, ...]
    strategy: str = "parallel"
    reason: str = ""
    run: Timing | None = None
    notes: tuple[str, ...] = ()
    noun: str = "call site"
    where: str = "line"
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def model(self) -> Explanation:
        """Itself: the plain data."""
        return self

    # -- the prediction -------------------------------------------------------------------

    @staticmethod
    def latency(node: Node) -> float:
        """A node's predicted seconds; one unit when unknown."""
        return node.latency if node.latency is not None else 1.0

    @property
    def latencies_known(self) -> bool:
        return all(n.latency is not None for n in self.nodes)

    @property
    def total_latency(self) -> float:
        """The sum of the nodes' latencies: the wall time of running them one by one."""
        return sum(self.latency(n) for n in self.nodes)

    def _predicted(self) -> list[Bar]:
        """Each node starts when what it needs has ended (one that does not move: after
        every node before it)."""
        end: dict[int, float] = {}
        bars = []
        for n in self.nodes:
            if n.moves and self.strategy == "parallel":
                start = max((end[d] for d in n.deps if d in end), default=0.0)
            else:
                start = max(end.values(), default=0.0)
            end[n.id] = start + self.latency(n)
            bars.append(Bar(n.id, n.label, n.kind, start, end[n.id]))
        return bars

    @property
    def critical_path(self) -> float:
        """The predicted run's length: the longest chain of dependent latencies."""
        return max((b.end for b in self._predicted()), default=0.0)

    def groups(self) -> list[list[Node]]:
        """Nodes by dependency depth: each group's nodes can be in flight together (a node
        that does not move is a group of its own)."""
        depth: dict[int, int] = {}
        out: dict[int, list[Node]] = {}
        moving = self.strategy == "parallel"
        for i, n in enumerate(self.nodes):
            depth[n.id] = 1 + max((depth[d] for d in n.deps if d in depth), default=-1)
            key = depth[n.id] if moving and n.moves else 1_000_000 + i
            out.setdefault(key, []).append(n)
        return [out[k] for k in sorted(out)]

    def depths(self) -> dict[int, int]:
        """Each node's dependency depth: its column in the graph."""
        depth: dict[int, int] = {}
        for n in self.nodes:
            depth[n.id] = 1 + max((depth[d] for d in n.deps if d in depth), default=-1)
        return depth

    def edges(self) -> list[tuple[int, int]]:
        """(needed, needing) for each dependency between two nodes."""
        ids = {n.id for n in self.nodes}
        seen: set[int] = set()
        out = []
        for n in self.nodes:
            out += [(d, n.id) for d in sorted(n.deps) if d in ids and d in seen]
            seen.add(n.id)
        return out

    # -- the timeline ---------------------------------------------------------------------

    def timeline(self) -> Timeline:
        """The last run's timeline (when it started calls), else the predicted one; the
        bars on the critical path marked. Every picture of this explanation draws it."""
        if "timeline" not in self._cache:
            self._cache["timeline"] = self._timeline()
        return self._cache["timeline"]

    def _timeline(self) -> Timeline:
        labels = {n.id: n for n in self.nodes}
        run = self.run
        if run is not None and run.spans:
            bars = []
            for s in run.spans:
                n = labels.get(s.node)
                label = n.label if n else f"call #{s.node}"
                bars.append(Bar(s.node, f"[cached] {label}" if s.cached else label,
                                n.kind if n else "read", max(0.0, s.start), max(0.0, s.end)))
            wall = max(run.wall, max(b.end for b in bars))
            measured, unit = True, "s"
        else:
            bars = self._predicted()
            wall = max((b.end for b in bars), default=0.0)
            measured, unit = False, "s" if self.latencies_known else "units"
        bars.sort(key=lambda b: (b.start, b.node))
        marked = _critical_chain(bars, {n.id: set(n.deps) for n in self.nodes}, wall)
        bars = [Bar(b.node, b.label, b.kind, b.start, b.end, i in marked)
                for i, b in enumerate(bars)]
        return Timeline(self.name, self.strategy, tuple(bars), wall, measured, unit)

    def critical_edges(self) -> set[tuple[int, int]]:
        """The graph's edges between consecutive nodes of the timeline's critical path."""
        chain = [b.node for b in self.timeline().critical]
        edges = set(self.edges())
        return {(a, b) for a, b in zip(chain, chain[1:], strict=False) if (a, b) in edges}


def _critical_chain(bars: list[Bar], deps: dict[int, set[int]], wall: float) -> set[int]:
    """Indices of the bars whose waits made up the run's length.

    Walk back from the call that ended last: each step goes to the call it waited for, the
    one among those it needs that ended last before it started, or (when it needs none of
    them: it ran in program order) the call that ended just before it started.
    """
    if not bars:
        return set()
    tol = 1e-3 + 1e-3 * wall
    gap = 2e-3 + 0.02 * wall
    current = max(range(len(bars)), key=lambda k: (bars[k].end, -k))
    chain = {current}
    while True:
        cur = bars[current]
        before = [k for k in range(len(bars))
                  if k not in chain and bars[k].end <= cur.start + tol]
        needed = [k for k in before if bars[k].node in deps.get(cur.node, ())]
        pool = needed or [k for k in before if cur.start - bars[k].end <= gap]
        if not pool:
            return chain
        current = max(pool, key=lambda k: (bars[k].end, -k))
        chain.add(current)
