"""SVG: the timeline (a Gantt chart) and the operation graph, as standalone documents.

The **timeline** has one bar per started call of the last run, at the time it really ran;
the calls whose waits made up the run's length (the critical path) are marked, and a strip
under the bars counts the calls in flight. Before any run it is the plan's prediction,
labelled as such. The **graph** has one box per call site in columns by dependency depth,
an arrow per value one call needs from another, and the same critical path marked.
Both are inline in the HTML page; elements carry classes and ``data-`` attributes so tests
(and curious users) can read them back.
"""

from __future__ import annotations

from collections.abc import Callable

from ember._core import Bar, Explains, Explanation, Timeline
from ember.viz._words import (
    BAR,
    CRITICAL,
    INK,
    MUTED,
    PALETTE,
    RUN,
    as_model,
    esc,
    fmt,
    graph_summary,
    nice_step,
    short,
    timeline_summary,
)

__all__ = ["MAX_ROWS", "columns", "graph_svg", "rows", "timeline_svg"]

MAX_ROWS = 300
"""Bars drawn one per row; a 1,000-way fan-out shows its first ones (the critical always)."""

_STYLE = f"""
text {{ font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
       font-size: 12px; fill: {INK}; }}
.title {{ font-size: 15px; font-weight: 600; }}
.muted, .tick {{ fill: {MUTED}; font-size: 11px; }}
.label {{ font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
         font-size: 11px; }}
.grid {{ stroke: #e6e6e6; stroke-width: 1; }}
.bar {{ fill: {BAR}; }}
.bar.critical {{ fill: {CRITICAL}; }}
.run {{ fill: none; stroke: {RUN}; stroke-width: 1.5; stroke-dasharray: 4 3; }}
.inflight {{ fill: #72b7b2; }}
.link {{ stroke: {CRITICAL}; stroke-width: 1.5; stroke-dasharray: 3 2; fill: none; }}
.box {{ stroke: #555; stroke-width: 1; }}
.box.critical {{ stroke: {CRITICAL}; stroke-width: 3; }}
.edge {{ stroke: #777; stroke-width: 1.3; fill: none; }}
.edge.critical {{ stroke: {CRITICAL}; stroke-width: 2.2; }}
"""


def _open(width: float, height: float, label: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{esc(label)}">',
        f"<title>{esc(label)}</title>",
        f"<style>{_STYLE}</style>",
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]


def rows(tl: Timeline) -> tuple[list[Bar], int]:
    """The bars to draw (the critical ones always among them) and how many are left out."""
    if len(tl.bars) <= MAX_ROWS:
        return list(tl.bars), 0
    critical = [b for b in tl.bars if b.critical]
    others = [b for b in tl.bars if not b.critical][: max(MAX_ROWS - len(critical), 0)]
    drawn = sorted(critical + others, key=lambda b: (b.start, b.node))
    return drawn, len(tl.bars) - len(drawn)


def timeline_svg(ex: Explains | Timeline, width: int = 960) -> str:
    """The timeline as a standalone SVG document (a Gantt chart of the calls).

    Each call is a ``rect`` of class ``bar`` (``bar critical`` on the critical path) with
    ``data-site``, ``data-start`` and ``data-end`` (seconds); the whole call, when measured,
    is a dashed ``rect`` of class ``run``; the legend is a ``g`` of class ``legend``.

    Examples:
        >>> from ember._core import Explanation, Node
        >>> timeline_svg(Explanation("f", "demo", (Node(0, "a()"),))).startswith("<svg")
        True
    """
    model = None if isinstance(ex, Timeline) else as_model(ex)
    tl = ex if isinstance(ex, Timeline) else model.timeline()
    summary = timeline_summary(tl, model)
    drawn, hidden = rows(tl)
    label_w, pad, row, bar_h = 300, 14, 24, 14
    x0, x1 = label_w + pad, width - 84
    top = 62 + (row if tl.measured and tl.bars else 0)
    strip = 34 if tl.bars else 0
    n_rows = max(len(drawn), 1) + (1 if hidden else 0)
    height = top + row * n_rows + strip + 58
    span = max(tl.wall, 1e-9)
    scale = (x1 - x0) / span

    def x(t: float) -> float:
        return x0 + t * scale

    title = f"Timeline \u2014 {tl.name}"
    out = _open(width, height, title)
    out.append(f'<text class="title" x="{pad}" y="22">{esc(title)}</text>')
    out.append(f'<text class="muted summary" x="{pad}" y="42">{esc(summary)}</text>')
    axis_y = top + row * n_rows + strip + 8
    if tl.bars:
        step = nice_step(span)
        t = 0.0
        while t <= span * 1.0001:
            gx = x(t)
            out.append(f'<line class="grid" x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" '
                       f'y2="{axis_y:.1f}"/>')
            out.append(f'<text class="tick" x="{gx:.1f}" y="{axis_y + 14:.1f}" '
                       f'text-anchor="middle">{esc(fmt(t, tl.unit))}</text>')
            t += step
    if tl.measured and tl.bars:
        y = top - row + (row - bar_h) / 2
        out.append(f'<text class="label" x="{pad}" y="{y + bar_h - 3:.1f}">whole call</text>')
        out.append(f'<rect class="run" x="{x0:.1f}" y="{y:.1f}" width="{span * scale:.1f}" '
                   f'height="{bar_h}"><title>whole call: {esc(fmt(tl.wall, tl.unit))}</title>'
                   "</rect>")
    if not tl.bars:
        out.append(f'<text class="muted" x="{pad}" y="{top + 16}">'
                   f"{esc(summary)}: nothing to draw</text>")
    centres: dict[int, float] = {}
    for i, b in enumerate(drawn):
        y = top + i * row + (row - bar_h) / 2
        cls = "bar critical" if b.critical else "bar"
        out.append(f'<text class="label" x="{pad}" y="{y + bar_h - 3:.1f}">'
                   f"{esc(short(f'#{b.node} {b.label}', 44))}</text>")
        w = max(b.duration * scale, 1.5)
        tip = f"#{b.node} {b.label} \u2014 {b.kind}, {fmt(b.duration, tl.unit)}" + (
            ", on the critical path" if b.critical else "")
        out.append(f'<rect class="{cls}" data-site="{b.node}" data-start="{b.start:.6f}" '
                   f'data-end="{b.end:.6f}" x="{x(b.start):.1f}" y="{y:.1f}" width="{w:.1f}" '
                   f'height="{bar_h}" rx="2"><title>{esc(tip)}</title></rect>')
        out.append(f'<text class="muted" x="{x(b.start) + w + 4:.1f}" y="{y + bar_h - 3:.1f}">'
                   f"{esc(fmt(b.duration, tl.unit))}</text>")
        centres[i] = y + bar_h / 2
    crit = [i for i, b in enumerate(drawn) if b.critical]
    for a, b in zip(crit, crit[1:], strict=False):  # dashed: "then waited for"
        out.append(f'<path class="link" d="M{x(drawn[a].end):.1f},{centres[a]:.1f} '
                   f'L{x(drawn[b].start):.1f},{centres[b]:.1f}"/>')
    if hidden:
        y = top + len(drawn) * row + (row - bar_h) / 2
        out.append(f'<text class="muted" x="{pad}" y="{y + bar_h - 3:.1f}">\u2026 and {hidden} '
                   "more call(s), not drawn (the strip below counts them all)</text>")
    if tl.bars:
        out.extend(_inflight_svg(tl, x, top + row * n_rows + 4, strip - 8, pad))
    out.extend(_legend(height - 12, pad, tl.measured and bool(tl.bars)))
    out.append("</svg>")
    return "\n".join(out)


def _legend(y: float, pad: int, measured: bool) -> list[str]:
    """What the colours mean (its keys are not of class ``bar``: they are not calls)."""
    items = [(f'fill="{BAR}"', "call"), (f'fill="{CRITICAL}"', "on the critical path")]
    if measured:
        items.append((f'fill="none" stroke="{RUN}" stroke-dasharray="4 3"',
                      "whole call (wall time)"))
    out = ['<g class="legend">']
    lx = pad
    for paint, text in items:
        out.append(f'<rect class="key" x="{lx}" y="{y - 10}" width="18" height="10" {paint}/>')
        out.append(f'<text class="muted" x="{lx + 24}" y="{y}">{esc(text)}</text>')
        lx += 40 + 7 * len(text)
    out.append("</g>")
    return out


def _in_flight(tl: Timeline) -> list[tuple[float, float, int]]:
    """(from, to, calls in flight) for each stretch of the run, by one sweep over the ends."""
    events = sorted([(b.start, 1) for b in tl.bars] + [(b.end, -1) for b in tl.bars],
                    key=lambda e: (e[0], e[1]))
    out: list[tuple[float, float, int]] = []
    count, last = 0, 0.0
    for t, step in events:
        if t > last and count:
            out.append((last, t, count))
        count += step
        last = max(last, t)
    return out


def _inflight_svg(tl: Timeline, x: Callable[[float], float], y: float, h: float,
                  pad: int) -> list[str]:
    """A strip counting the calls in flight over time: where the overlap is."""
    counts = _in_flight(tl)
    peak = max((c for _, _, c in counts), default=0) or 1
    out = [f'<text class="label" x="{pad}" y="{y + h - 3:.1f}">in flight (max {peak})</text>']
    for a, b, c in counts:
        bh = h * c / peak
        out.append(f'<rect class="inflight" data-count="{c}" x="{x(a):.1f}" '
                   f'y="{y + h - bh:.1f}" width="{max(x(b) - x(a), 0.5):.1f}" '
                   f'height="{bh:.1f}"><title>{c} in flight</title></rect>')
    return out


def columns(ex: Explanation) -> dict[int, list[int]]:
    """Node ids by column (dependency depth), in program order."""
    out: dict[int, list[int]] = {}
    for node_id, depth in ex.depths().items():
        out.setdefault(depth, []).append(node_id)
    return out


def graph_svg(ex: Explains) -> str:
    """The operation graph as a standalone SVG document.

    Each call site is a ``g`` of class ``node`` (``node critical`` on the critical path
    of the timeline) with ``data-site``; each dependency a ``path`` of class ``edge``.

    Examples:
        >>> from ember._core import Explanation, Node
        >>> graph_svg(Explanation("f", "demo", (Node(0, "a()"),))).startswith("<svg")
        True
    """
    ex = as_model(ex)
    node_w, node_h, gap_x, gap_y, pad, top = 250, 48, 56, 14, 14, 62
    cols = columns(ex)
    depth = ex.depths()
    row_of = {i: r for ids in cols.values() for r, i in enumerate(ids)}
    # An arrow that skips a column between boxes of one row arcs over them: leave it room.
    arcs = {(d, t) for d, t in ex.edges() if depth[t] - depth[d] > 1 and row_of[d] == row_of[t]}
    top += 18 if arcs else 0
    n_cols = max(cols, default=0) + 1
    n_rows = max((len(c) for c in cols.values()), default=1)
    width = max(640, pad * 2 + n_cols * node_w + (n_cols - 1) * gap_x)
    height = top + n_rows * (node_h + gap_y) + 40
    critical = ex.timeline().critical_nodes
    hot = ex.critical_edges()
    title = f"Operation graph \u2014 {ex.name}"
    out = _open(width, height, title)
    out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
               'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
               '<path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>')
    out.append(f'<text class="title" x="{pad}" y="22">{esc(title)}</text>')
    out.append(f'<text class="muted summary" x="{pad}" y="42">{esc(graph_summary(ex))}</text>')
    pos: dict[int, tuple[float, float]] = {}
    for col, ids in cols.items():
        for r, node_id in enumerate(ids):
            pos[node_id] = (pad + col * (node_w + gap_x), top + r * (node_h + gap_y))
    for d, t in ex.edges():
        (ax, ay), (bx, by) = pos[d], pos[t]
        sx, sy, tx, ty = ax + node_w, ay + node_h / 2, bx, by + node_h / 2
        mid = (sx + tx) / 2
        if (d, t) in arcs:
            sy, ty = ay, by
            mid_y = ay - 24
            cls = "edge critical" if (d, t) in hot else "edge"
            out.append(f'<path class="{cls}" data-from="{d}" data-to="{t}" '
                       f'd="M{sx - 12:.1f},{sy:.1f} C{sx:.1f},{mid_y:.1f} {tx:.1f},{mid_y:.1f} '
                       f'{tx + 12:.1f},{ty:.1f}" marker-end="url(#arrow)"/>')
            continue
        cls = "edge critical" if (d, t) in hot else "edge"
        out.append(f'<path class="{cls}" data-from="{d}" data-to="{t}" '
                   f'd="M{sx:.1f},{sy:.1f} C{mid:.1f},{sy:.1f} {mid:.1f},{ty:.1f} '
                   f'{tx:.1f},{ty:.1f}" marker-end="url(#arrow)"/>')
    for n in ex.nodes:
        gx, gy = pos[n.id]
        on = n.id in critical
        lat = "" if n.latency is None else f" \u00b7 {fmt(n.latency)}"
        out.append(f'<g class="node{" critical" if on else ""}" data-site="{n.id}">')
        out.append(f"<title>{esc(f'#{n.id} {n.label}: {n.why}' if n.why else n.label)}</title>")
        out.append(f'<rect class="box{" critical" if on else ""}" x="{gx:.1f}" y="{gy:.1f}" '
                   f'width="{node_w}" height="{node_h}" rx="6" '
                   f'fill="{PALETTE.get(n.kind, "#ffffff")}"/>')
        out.append(f'<text class="label" x="{gx + 8:.1f}" y="{gy + 19:.1f}">'
                   f"{esc(short(f'#{n.id} {n.label}', 36))}</text>")
        detail = " \u00b7 ".join(p for p in (n.effect or n.kind, n.how) if p) + lat
        out.append(f'<text class="muted" x="{gx + 8:.1f}" y="{gy + 37:.1f}">'
                   f"{esc(detail)}</text>")
        out.append("</g>")
    if not ex.nodes:
        out.append(f'<text class="muted" x="{pad}" y="{top + 16}">no I/O {ex.noun}s</text>')
    out.append("</svg>")
    return "\n".join(out)
