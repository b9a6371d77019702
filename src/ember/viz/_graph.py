"""The graph as text formats: Graphviz DOT and Mermaid, critical path marked.

One box per call site (or node), grouped in a cluster per stage when the nodes have one,
an arrow per value one needs from another. The boxes and arrows on the critical path of
the explanation's timeline (the one every picture marks) are drawn in bold red.
"""

from __future__ import annotations

from ember._core import Explains, Explanation, Node
from ember.viz._words import CRITICAL, PALETTE, as_model, latency

__all__ = ["to_dot", "to_mermaid"]


def _id(ex: Explanation, node_id: int) -> str:
    return f"{'n' if ex.noun == 'node' else 's'}{node_id}"


def _detail(n: Node) -> str:
    parts = [n.effect or n.kind, n.how]
    if n.latency is not None:
        parts.append(latency(n.latency))
    return ", ".join(p for p in parts if p)


def _by_group(ex: Explanation) -> dict[int | None, list[Node]]:
    out: dict[int | None, list[Node]] = {}
    for n in ex.nodes:
        out.setdefault(n.group, []).append(n)
    return out


def _dot(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def to_dot(ex: Explains) -> str:
    """The graph in Graphviz DOT: ``dot -Tsvg``.

    Examples:
        >>> from ember._core import Explanation, Node
        >>> print(to_dot(Explanation("f", "demo", (Node(0, "a()"), Node(1, "b(x)", deps=(0,))))))
        digraph "f" {
          rankdir=LR;
          node [shape=box, style=filled];
          s0 [label="#0 a()\\nread", fillcolor="#9ecae9", color="#e45756", penwidth=3];
          s1 [label="#1 b(x)\\nread", fillcolor="#9ecae9", color="#e45756", penwidth=3];
          edge [color="#e45756", penwidth=2.5];
          s0 -> s1;
        }
    """
    ex = as_model(ex)
    critical = ex.timeline().critical_nodes
    lines = [f'digraph "{_dot(ex.name)}" {{', "  rankdir=LR;",
             "  node [shape=box, style=filled];"]
    for group, members in _by_group(ex).items():
        indent = "  "
        if group is not None:
            lines += [f"  subgraph cluster_{group} {{", f'    label="stage {group}";']
            indent = "    "
        for n in members:
            label = _dot(f"#{n.id} {n.label}") + "\\n" + _dot(_detail(n))
            mark = f', color="{CRITICAL}", penwidth=3' if n.id in critical else ""
            lines.append(f'{indent}{_id(ex, n.id)} [label="{label}", '
                         f'fillcolor="{PALETTE.get(n.kind, "#ffffff")}"{mark}];')
        if group is not None:
            lines.append("  }")
    hot = ex.critical_edges()
    edges = sorted(ex.edges(), key=lambda e: e in hot)  # red edges last, after the default
    for i, (a, b) in enumerate(edges):
        if (a, b) in hot and (i == 0 or edges[i - 1] not in hot):
            lines.append(f'  edge [color="{CRITICAL}", penwidth=2.5];')
        lines.append(f"  {_id(ex, a)} -> {_id(ex, b)};")
    lines.append("}")
    return "\n".join(lines)


def _mermaid(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def to_mermaid(ex: Explains) -> str:
    """The graph as a Mermaid flowchart; the critical path in the class ``critical``.

    Examples:
        >>> from ember._core import Explanation, Node
        >>> print(to_mermaid(Explanation("f", "demo", (Node(0, "a()"), Node(1, "b(x)", deps=(0,))))))
        flowchart LR
          s0["#0 a() (read)"]
          s1["#1 b(x) (read)"]
          s0 --> s1
          classDef critical stroke:#e45756,stroke-width:3px
          class s0,s1 critical
          linkStyle 0 stroke:#e45756,stroke-width:3px
    """
    ex = as_model(ex)
    lines = ["flowchart LR"]
    for group, members in _by_group(ex).items():
        indent = "  "
        if group is not None:
            lines.append(f'  subgraph stage{group}["stage {group}"]')
            indent = "    "
        for n in members:
            lines.append(f'{indent}{_id(ex, n.id)}["{_mermaid(f"#{n.id} {n.label} ({_detail(n)})")}"]')
        if group is not None:
            lines.append("  end")
    edges = ex.edges()
    lines += [f"  {_id(ex, a)} --> {_id(ex, b)}" for a, b in edges]
    critical = sorted(ex.timeline().critical_nodes)
    if critical:
        lines.append(f"  classDef critical stroke:{CRITICAL},stroke-width:3px")
        lines.append(f"  class {','.join(_id(ex, i) for i in critical)} critical")
    hot = ex.critical_edges()
    links = [str(i) for i, e in enumerate(edges) if e in hot]
    if links:
        lines.append(f"  linkStyle {','.join(links)} stroke:{CRITICAL},stroke-width:3px")
    return "\n".join(lines)
