"""`build_graph`: a NON spec becomes a `Graph`, an operator that runs dependency-driven.

Every unit of work (one ensemble call, one judge, one verification) is a graph node with
the nodes it needs. A run starts every node as a task on Ember's event loop; each waits
only for its own inputs, so the ensemble's members are in flight together, a judge starts
the moment the last member answers, and a verifier checks each answer as soon as that
answer exists. The run's critical path is the longest chain of dependent calls.

Before a run starts any node, the key of every model the graph names is checked: a graph
without ``OPENAI_API_KEY`` raises one `MissingAPIKey` saying what to set, and sends nothing.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ember import _core
from ember._errors import EmberError, NotationError
from ember.models.lowlevel import SIM_DEFAULT_LATENCY, check_params, check_ready
from ember.non import _nodes  # noqa: F401 - registers E, J, M, V
from ember.non._notation import GraphSpec, NodeSpec, notation_error, parse
from ember.non._registry import NodeType, node_types
from ember.operators import Answer, Operator
from ember.operators.lowlevel import acall_any, combined_kind
from ember.xcs import Kind

__all__ = ["Graph", "GraphNode", "RunLog", "build_graph"]


@dataclass(frozen=True)
class GraphNode:
    """One unit of work in a built graph, and the nodes whose answers it needs."""

    id: int
    stage: int
    code: str
    label: str
    deps: tuple[int, ...]
    unit: Callable[..., Any] = field(compare=False)
    latency: float | None = None  # predicted seconds, when known


@dataclass
class RunLog:
    """Timings of the last run of a graph: (node id, start, end) on the perf_counter clock."""

    t0: float = 0.0
    t1: float = 0.0
    spans: list[tuple[int, float, float]] = field(default_factory=list)
    runs: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def __reduce__(self) -> tuple[Any, ...]:  # copies and pickles start with no runs
        return (RunLog, ())

    @property
    def wall(self) -> float:
        return self.t1 - self.t0

    def record(self, t0: float, t1: float, spans: list[tuple[int, float, float]]) -> None:
        with self.lock:
            self.t0, self.t1, self.spans = t0, t1, sorted(spans)
            self.runs += 1

    def snapshot(self) -> RunLog | None:
        with self.lock:
            if not self.runs:
                return None
            return RunLog(self.t0, self.t1, list(self.spans), self.runs)


class Graph(Operator):
    """A NON system built by `build_graph`: call it with a query, get an `Answer`.

    The answer's text is the last stage's (first) answer; ``.responses`` holds the first
    stage's answers (the ensemble members'), ``.info["stages"]`` every stage's answers, and
    ``.raw`` the final node's own result. `explain` shows the graph, its predicted speedup
    and, after a run, the measured timeline. Nodes run in one scope of Ember's scheduler: the
    first node to fail cancels the others, and its error comes out as it is, with a note
    naming the node (Ember's one failure policy).

    Examples:
        >>> system = build_graph(["3E@sim/gpt(latency=0.01)", "1J@sim/judge(latency=0.01)"])
        >>> answer = system(query="What is 2+2?")
        >>> len(answer.responses), answer.startswith("[judge]")
        (3, True)
    """

    spec: GraphSpec
    nodes: tuple[GraphNode, ...]
    stage_outputs: tuple[tuple[int, ...], ...]
    log: RunLog = field(default_factory=RunLog, repr=False, compare=False)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Graph) and other.spec == self.spec

    def __hash__(self) -> int:
        return hash(self.spec)

    def __repr__(self) -> str:
        return f"Graph({self.spec.render()!r})"

    def _ember_kind(self) -> Kind | None:
        kind = combined_kind([n.unit for n in self.nodes])
        return kind if kind is not Kind.UNKNOWN else None

    def check_ready(self) -> None:
        """Raise now what the graph's model calls would raise for missing settings.

        Runs check this themselves before starting any node; call it to fail early (at
        start-up, before a long evaluation).

        Raises:
            ConfigError: e.g. `MissingAPIKey` for the first model whose key is not set.

        Examples:
            >>> build_graph(["3E@sim/gpt", "1J@sim/judge"]).check_ready()  # no key needed
        """
        models = (n.model for stage in self.spec.stages for n in stage.nodes if n.model)
        for model_id in dict.fromkeys(models):
            check_ready(model_id)

    async def aforward(self, query: str) -> Answer:
        self.check_ready()
        nodes = self.nodes
        loop = asyncio.get_running_loop()
        # Each node's answer, for the nodes that need it: futures of this loop (no thread
        # hop). A failed node leaves its own unset: the scope cancels whoever waits on it.
        answers = [loop.create_future() for _ in nodes]
        futures: list[cf.Future[Any]] = []
        spans: list[tuple[int, float, float]] = []

        async def run(node: GraphNode) -> Any:
            inputs = tuple([await answers[d] for d in node.deps])
            t0 = time.perf_counter()
            try:
                answer = await acall_any(node.unit, query, inputs)
            except Exception as exc:
                exc.add_note(f"in NON node #{node.id} {node.label}")
                raise
            finally:
                spans.append((node.id, t0, time.perf_counter()))
            answers[node.id].set_result(answer)
            return answer

        start = time.perf_counter()
        try:
            async with _core.Scope(reason=repr(self)) as scope:
                futures.extend(scope.spawn(run, node) for node in nodes)
        finally:
            self.log.record(start, time.perf_counter(), spans)
        results = [f.result() for f in futures]
        stages = tuple(tuple(results[i] for i in ids) for ids in self.stage_outputs)
        final = stages[-1][0]
        return Answer(str(final), responses=stages[0], raw=final,
                      reasoning=getattr(final, "reasoning", None), info={"stages": stages})

    def explain(self) -> Any:
        """The graph, its predicted speedup and (after a run) the measured timeline.

        Returns:
            A `GraphExplanation`: ``print`` it, or use ``to_text()``, ``to_dot()`` or
            ``to_mermaid()``.

        Examples:
            >>> system = build_graph("5E@sim/gpt(latency=0.2) -> 1J@sim/judge(latency=0.2)")
            >>> round(system.explain().predicted_speedup, 2)
            3.0
        """
        from ember.non._explain import GraphExplanation

        return GraphExplanation(self.spec.render(), self.nodes, self.log.snapshot())


# --- building ------------------------------------------------------------------------------


def _predicted(node: NodeSpec, node_type: NodeType) -> float | None:
    if node_type.calls == 0:
        return 0.0
    latency = node.settings.get("latency")
    if isinstance(latency, int | float) and not isinstance(latency, bool):
        return float(latency) * node_type.calls
    if node.model is not None and node.model.startswith("sim/"):
        return SIM_DEFAULT_LATENCY * node_type.calls
    return None


def _check_node(node: NodeSpec, node_type: NodeType | None, stage_index: int, text: str,
                stage: int | None, known: dict[str, NodeType]) -> NodeType:
    def fail(pos: int, expected: str, detail: str | None = None) -> NotationError:
        return notation_error(text, pos, expected, stage=stage, found=False, detail=detail)

    if node_type is None:
        codes = ", ".join(f"{c} ({t.name})" for c, t in sorted(known.items()))
        raise fail(node.code_position, f"a known node code ({codes})",
                   f"{node.code!r} is not registered; see ember.non.register_node")
    if node_type.single and node.count != 1:
        raise fail(node.position, f"a count of 1 for {node.code} ({node_type.name})",
                   f"got {node.count}")
    if node_type.needs_inputs and stage_index == 0:
        raise fail(node.position, f"a stage before {node.code} ({node_type.name}) giving it "
                   "answers, e.g. '5E@sim/gpt -> 1J@sim/judge'")
    if node_type.model == "required" and node.model is None:
        raise fail(node.model_position, f"'@' and a model after {node.count}{node.code}, "
                   "e.g. '@openai/gpt-4o'")
    if node_type.model == "none":
        if node.model is not None:
            raise fail(node.model_position - 1, f"no model for {node.code} "
                       f"({node_type.name} calls no model)")
        for name, _ in node.params:
            if name not in node_type.options:
                raise fail(node.param_position(name), f"no parameter {name!r} for "
                           f"{node.code} ({node_type.name} calls no model)")
    for name, value in node.params:
        typ = node_type.options.get(name)
        if typ is not None and not (isinstance(value, typ) and not (
                isinstance(value, bool) and typ is not bool)):
            raise fail(node.param_position(name), f"{name} to be {typ.__name__}",
                       f"got {value!r}")
        if typ is None and node.model is not None:
            try:
                check_params(node.model, {name: value})
            except EmberError as exc:
                raise fail(node.param_position(name), f"a valid value for {name}",
                           str(exc)) from None
    return node_type


def _build(spec: GraphSpec, texts: list[tuple[str, int | None]]) -> Graph:
    """Wire and build the nodes; `texts` gives each stage's source text and list index."""
    known = node_types()
    nodes: list[GraphNode] = []
    stage_outputs: list[tuple[int, ...]] = []
    previous: tuple[int, ...] = ()
    for s, stage in enumerate(spec.stages):
        text, stage_no = texts[s]
        outputs: list[int] = []
        for node in stage.nodes:
            node_type = _check_node(node, known.get(node.code), s, text, stage_no, known)
            wiring = [(i, (d,)) for i, d in enumerate(previous)] if node_type.each else [
                (i, previous) for i in range(node.count)]
            latency = _predicted(node, node_type)
            for index, deps in wiring:
                try:
                    unit = node_type.factory(node, index)
                except (EmberError, ValueError, TypeError) as exc:
                    pos = node.model_position if node.model is not None else node.position
                    raise notation_error(text, pos, f"a node {node.render()!r} that can be "
                                         "built", stage=stage_no, found=False,
                                         detail=str(exc).splitlines()[0]) from exc
                if not callable(unit):
                    raise notation_error(text, node.position, "a factory returning a callable",
                                         stage=stage_no, found=False,
                                         detail=f"{node.code} gave {type(unit).__name__}")
                copies = f"[{index + 1}]" if len(wiring) > 1 else ""
                where = f"@{node.model}" if node.model else ""
                label = f"{node.code}{copies}{where}"
                nodes.append(GraphNode(len(nodes), s, node.code, label, tuple(deps), unit,
                                       latency))
                outputs.append(len(nodes) - 1)
        previous = tuple(outputs)
        stage_outputs.append(previous)
    return Graph(spec, tuple(nodes), tuple(stage_outputs))


def build_graph(spec: str | Sequence[str]) -> Graph:
    """Build a NON system from compact notation.

    A spec is a list of stages (or one string with stages joined by ``->``); a stage is one
    or more nodes joined by ``+``, run side by side. A node is ``<count><code>[@model][(params)]``:

    - ``5E@openai/gpt-4o(temp=0.7)``: an ensemble of 5 calls;
    - ``1J@anthropic/claude-sonnet-4``: a judge synthesising the previous answers;
    - ``1M``: a majority vote over the previous answers;
    - ``1V@sim/gpt(rounds=1)``: verify (and revise) each previous answer.

    Parameters are any model call parameters (``temperature`` or ``temp``, ``max_tokens``,
    ``seed``, ``latency`` for ``sim/`` models...) or the node's own (``max_rounds``). More node
    codes can be added with `register_node`.

    Args:
        spec: the stages, as a list of strings or one string.

    Returns:
        A `Graph`: call it as ``system(query=...)`` (or ``await system.acall(query=...)``)
        for an `Answer`; ``system.explain()`` shows and draws it.

    Raises:
        NotationError: for any problem with the spec, naming the position and what was
            expected there (unknown codes, models and bad parameter values included).

    Examples:
        >>> system = build_graph(["5E@sim/gpt(temp=0.7, latency=0.01)", "1J@sim/judge"])
        >>> system
        Graph('5E@sim/gpt(temperature=0.7, latency=0.01) -> 1J@sim/judge')
        >>> build_graph(["5E@sim/gpt", "1X"])
        Traceback (most recent call last):
        ...
        ember._errors.NotationError: expected a known node code (E (ensemble), J (judge), ...) at position 1 in '1X' ('X' is not registered; see ember.non.register_node) [stage 1 of the list]
        ...
    """
    if isinstance(spec, str):
        graph = parse(spec)
        texts = [(spec, None)] * len(graph.stages)
        return _build(graph, texts)
    if isinstance(spec, bytes | bytearray) or not isinstance(spec, Sequence):
        raise NotationError(
            f"expected a str or a list of str like ['5E@sim/gpt', '1J@sim/judge'] at position "
            f"0, got {type(spec).__name__}", text=repr(spec)[:80], position=0,
            expected="a str or a list of str")
    if not spec:
        raise NotationError("expected at least one stage like '5E@sim/gpt' at position 0 in []",
                            text="[]", position=0, expected="at least one stage")
    stages = []
    texts = []
    for i, text in enumerate(spec):
        part = parse(text, stage=i)
        stages.extend(part.stages)
        texts.extend([(text, i)] * len(part.stages))
    return _build(GraphSpec(tuple(stages)), texts)
