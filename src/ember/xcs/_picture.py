"""Pictures of what `jit` did: the run timeline (a Gantt) and the operation graph.

Both come from an `Explanation`. The **timeline** has one bar per started call of the last
run, at the time it really ran, so what overlapped is visible at a glance; the calls whose
waits made up the run's length (the critical path) are marked, and a strip under the bars
counts the calls in flight. Before any run (or for a function the JIT runs as written,
which records no timings), the timeline is the plan's prediction: each call starts when the
calls it needs have ended, using the latencies Ember can read off the source. The **graph**
has one box per I/O call site, in columns by dependency depth, with an arrow for each value
one call needs from another; the longest dependent chain is marked.

Two renderers share the same layout (`timeline`):

- `to_html` / `write_html`: one self-contained HTML file, inline SVG and CSS, no scripts and
  nothing fetched from anywhere, viewable offline in any browser;
- `write_png`: a PNG through matplotlib (extra ``plot``), drawn on an Agg canvas of its own
  (no `pyplot`, no global state touched).

Examples:
    >>> from ember import xcs
    >>> @xcs.jit
    ... def two(x):
    ...     return x + 1
    >>> "<svg" in to_html(xcs.explain(two))
    True
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ember.xcs._explain import Explanation
from ember.xcs._plan import Site

__all__ = [
    "MSG_NO_MATPLOTLIB",
    "Bar",
    "Timeline",
    "graph_svg",
    "have_matplotlib",
    "timeline",
    "timeline_svg",
    "to_html",
    "write_html",
    "write_png",
]

MSG_NO_MATPLOTLIB = (
    "writing a PNG needs matplotlib, which is not installed. Fix: pip install 'ember[plot]', "
    "or write the HTML picture instead (it needs nothing)."
)

# One palette for SVG and PNG: operation kinds as in `Explanation.to_dot`.
_KIND_FILL = {"read": "#9ecae9", "write": "#f4a582", "pure": "#d9d9d9", "cpu": "#f2e394",
              "unknown": "#ffffff"}
_BAR = "#4c78a8"
_CRITICAL = "#e45756"
_RUN = "#bab0ac"
_INK = "#222222"
_MUTED = "#6b6b6b"

_MOVE = {"hoist": "starts early", "loop": "all items at once", "comp": "all items at once",
         "place": "in place (timed)", "inline": "in place"}


# ----------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Bar:
    """One call on the timeline: times in seconds since the run (or prediction) began."""

    site: int
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
    """The bars of one function's run, or of its predicted run (`measured` False)."""

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
        return tuple(b for b in self.bars if b.critical)


def _latency(site: Site) -> float:
    return site.latency if site.latency is not None else 1.0


def timeline(ex: Explanation) -> Timeline:
    """The timeline of `ex`'s last run, or the plan's prediction when there is none.

    Examples:
        >>> from ember import xcs
        >>> @xcs.jit
        ... def one(x):
        ...     return x
        >>> timeline(xcs.explain(one)).bars
        ()
    """
    sites = {s.id: s for s in ex.plan.sites}
    run = ex.last_run
    if run is not None:  # measured (no spans: nothing was started early)
        bars = [
            Bar(site, _site_label(sites.get(site), site), _site_kind(sites.get(site)),
                max(0.0, t0 - run.t0), max(0.0, t1 - run.t0))
            for site, t0, t1, _ in run.spans
        ]
        wall = max(run.wall, max((b.end for b in bars), default=0.0))
        measured, unit = True, "s"
    else:
        bars = _predict(ex)
        wall = max((b.end for b in bars), default=0.0)
        measured = False
        unit = "s" if all(s.latency is not None for s in ex.plan.sites) else "units"
    bars.sort(key=lambda b: (b.start, b.site))
    deps = {s.id: s.deps for s in ex.plan.sites}
    marked = _critical_chain(bars, deps, wall)
    bars = [Bar(b.site, b.label, b.kind, b.start, b.end, i in marked) for i, b in enumerate(bars)]
    return Timeline(ex.name, ex.strategy, tuple(bars), wall, measured, unit)


def _site_label(site: Site | None, sid: int) -> str:
    return site.label if site is not None else f"call #{sid}"


def _site_kind(site: Site | None) -> str:
    return site.fact.kind.value if site is not None else "read"


def _predict(ex: Explanation) -> list[Bar]:
    """Each call starts when what it needs has ended (in place: after all before it)."""
    moving = ex.strategy == "parallel"
    end: dict[int, float] = {}
    bars = []
    for s in sorted(ex.plan.sites, key=lambda s: s.id):
        if moving and s.move != "inline":
            start = max((end[d] for d in s.deps if d in end), default=0.0)
        else:
            start = max(end.values(), default=0.0)
        end[s.id] = start + _latency(s)
        bars.append(Bar(s.id, s.label, s.fact.kind.value, start, end[s.id]))
    return bars


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
        needed = [k for k in before if bars[k].site in deps.get(cur.site, ())]
        pool = needed or [k for k in before if cur.start - bars[k].end <= gap]
        if not pool:
            return chain
        current = max(pool, key=lambda k: (bars[k].end, -k))
        chain.add(current)


def _depths(ex: Explanation) -> dict[int, int]:
    depth: dict[int, int] = {}
    for s in sorted(ex.plan.sites, key=lambda s: s.id):
        depth[s.id] = 1 + max((depth[d] for d in s.deps if d in depth), default=-1)
    return depth


def _longest_chain(ex: Explanation) -> set[int]:
    """Site ids on the longest dependent chain (by latency; unknown latency counts 1)."""
    sites = {s.id: s for s in ex.plan.sites}
    best: dict[int, tuple[float, int | None]] = {}
    for sid in sorted(sites):
        prev = [(best[d][0], d) for d in sites[sid].deps if d in best]
        length, via = max(prev, key=lambda p: (p[0], -p[1]), default=(0.0, None))
        best[sid] = (length + _latency(sites[sid]), via)
    if not best:
        return set()
    sid: int | None = max(best, key=lambda k: (best[k][0], -k))
    out = set()
    while sid is not None:
        out.add(sid)
        sid = best[sid][1]
    return out


def _move(site: Site) -> str:
    """What the plan does with the call, in the words `Explanation.to_text` uses."""
    if getattr(site, "defer", 0):
        return "waits when needed"
    return _MOVE.get(site.move, site.move)


def _edges(ex: Explanation) -> list[tuple[int, int]]:
    ids = {s.id for s in ex.plan.sites}
    return [(d, s.id) for s in ex.plan.sites for d in sorted(s.deps) if d in ids and d < s.id]


# ----------------------------------------------------------------------------- formatting


def _fmt(seconds: float, unit: str) -> str:
    if unit != "s":
        return f"{seconds:.3g} u"
    if seconds >= 10:
        return f"{seconds:.1f} s"
    return f"{seconds * 1e3:.1f} ms"


def _nice_step(span: float, target: int = 6) -> float:
    if span <= 0:
        return 1.0
    raw = span / target
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _summary(tl: Timeline) -> str:
    if not tl.bars:
        return ("no calls were started early: it ran as written"
                if tl.measured or tl.strategy != "parallel" else "no I/O calls")
    crit = tl.critical
    crit_s = max(b.end for b in crit) - min(b.start for b in crit) if crit else 0.0
    head = "measured" if tl.measured else (
        "predicted from the plan (not run yet)" if tl.strategy == "parallel"
        else "predicted: runs as written, one call after another")
    parts = [head, f"{len(tl.bars)} call(s)", f"length {_fmt(tl.wall, tl.unit)}",
             f"summed call time {_fmt(tl.busy, tl.unit)}"]
    if tl.wall > 0:
        parts.append(f"overlap {tl.busy / tl.wall:.2f}x")
    parts.append(f"critical path {_fmt(crit_s, tl.unit)} ({len(crit)} call(s))")
    return " \u00b7 ".join(parts)


# ----------------------------------------------------------------------------- SVG

_SVG_STYLE = f"""
text {{ font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
       font-size: 12px; fill: {_INK}; }}
.title {{ font-size: 15px; font-weight: 600; }}
.muted, .tick {{ fill: {_MUTED}; font-size: 11px; }}
.label {{ font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace;
         font-size: 11px; }}
.grid {{ stroke: #e6e6e6; stroke-width: 1; }}
.bar {{ fill: {_BAR}; }}
.bar.critical {{ fill: {_CRITICAL}; }}
.run {{ fill: none; stroke: {_RUN}; stroke-width: 1.5; stroke-dasharray: 4 3; }}
.inflight {{ fill: #72b7b2; }}
.link {{ stroke: {_CRITICAL}; stroke-width: 1.5; stroke-dasharray: 3 2; fill: none; }}
.box {{ stroke: #555; stroke-width: 1; }}
.box.critical {{ stroke: {_CRITICAL}; stroke-width: 3; }}
.edge {{ stroke: #777; stroke-width: 1.3; fill: none; }}
.edge.critical {{ stroke: {_CRITICAL}; stroke-width: 2.2; }}
"""


def _svg_open(width: float, height: float, label: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" aria-label="{_e(label)}">',
        f"<title>{_e(label)}</title>",
        f"<style>{_SVG_STYLE}</style>",
        f'<rect x="0" y="0" width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
    ]


def timeline_svg(ex: Explanation | Timeline, width: int = 960) -> str:
    """The timeline as a standalone SVG document (a Gantt chart of the calls).

    Each call is a ``rect`` of class ``bar`` (``bar critical`` on the critical path) with
    ``data-site``, ``data-start`` and ``data-end`` (seconds); the whole call, when measured,
    is a dashed ``rect`` of class ``run``.

    Examples:
        >>> from ember import xcs
        >>> @xcs.jit
        ... def one(x):
        ...     return x
        >>> timeline_svg(xcs.explain(one)).startswith("<svg")
        True
    """
    tl = ex if isinstance(ex, Timeline) else timeline(ex)
    rows, hidden = _rows(tl)
    label_w, pad, row, bar_h = 300, 14, 24, 14
    x0, x1 = label_w + pad, width - 84
    top = 62 + (row if tl.measured and tl.bars else 0)
    strip = 34 if tl.bars else 0
    n_rows = max(len(rows), 1) + (1 if hidden else 0)
    height = top + row * n_rows + strip + 58
    span = max(tl.wall, 1e-9)
    scale = (x1 - x0) / span

    def x(t: float) -> float:
        return x0 + t * scale

    title = f"Timeline \u2014 {tl.name}"
    out = _svg_open(width, height, title)
    out.append(f'<text class="title" x="{pad}" y="22">{_e(title)}</text>')
    out.append(f'<text class="muted" x="{pad}" y="42">{_e(_summary(tl))}</text>')
    axis_y = top + row * n_rows + strip + 8
    if tl.bars:
        step = _nice_step(span)
        t = 0.0
        while t <= span * 1.0001:
            gx = x(t)
            out.append(f'<line class="grid" x1="{gx:.1f}" y1="{top - 6}" x2="{gx:.1f}" '
                       f'y2="{axis_y:.1f}"/>')
            out.append(f'<text class="tick" x="{gx:.1f}" y="{axis_y + 14:.1f}" '
                       f'text-anchor="middle">{_e(_fmt(t, tl.unit))}</text>')
            t += step
    if tl.measured and tl.bars:
        y = top - row + (row - bar_h) / 2
        out.append(f'<text class="label" x="{pad}" y="{y + bar_h - 3:.1f}">whole call</text>')
        out.append(f'<rect class="run" x="{x0:.1f}" y="{y:.1f}" width="{span * scale:.1f}" '
                   f'height="{bar_h}"><title>whole call: {_e(_fmt(tl.wall, tl.unit))}</title>'
                   "</rect>")
    if not tl.bars:
        out.append(f'<text class="muted" x="{pad}" y="{top + 16}">'
                   f"{_e(_summary(tl))}: nothing to draw</text>")
    centres: dict[int, tuple[float, float, Bar]] = {}
    for i, b in enumerate(rows):
        y = top + i * row + (row - bar_h) / 2
        cls = "bar critical" if b.critical else "bar"
        text = f"#{b.site} {b.label}"
        out.append(f'<text class="label" x="{pad}" y="{y + bar_h - 3:.1f}">'
                   f"{_e(_short(text, 44))}</text>")
        w = max(b.duration * scale, 1.5)
        tip = f"#{b.site} {b.label} \u2014 {b.kind}, {_fmt(b.duration, tl.unit)}" + (
            ", on the critical path" if b.critical else "")
        out.append(f'<rect class="{cls}" data-site="{b.site}" data-start="{b.start:.6f}" '
                   f'data-end="{b.end:.6f}" x="{x(b.start):.1f}" y="{y:.1f}" width="{w:.1f}" '
                   f'height="{bar_h}" rx="2"><title>{_e(tip)}</title></rect>')
        out.append(f'<text class="muted" x="{x(b.start) + w + 4:.1f}" y="{y + bar_h - 3:.1f}">'
                   f"{_e(_fmt(b.duration, tl.unit))}</text>")
        centres[i] = (x(b.start), y + bar_h / 2, b)
    crit = [i for i, b in enumerate(rows) if b.critical]
    for a, b in zip(crit, crit[1:], strict=False):  # dashed: "then waited for"
        ax, ay = x(rows[a].end), centres[a][1]
        bx, by = centres[b][0], centres[b][1]
        out.append(f'<path class="link" d="M{ax:.1f},{ay:.1f} L{bx:.1f},{by:.1f}"/>')
    if hidden:
        y = top + len(rows) * row + (row - bar_h) / 2
        out.append(f'<text class="muted" x="{pad}" y="{y + bar_h - 3:.1f}">\u2026 and {hidden} '
                   "more call(s), not drawn (the strip below counts them all)</text>")
    if tl.bars:
        out.extend(_inflight_svg(tl, x, top + row * n_rows + 4, strip - 8, pad))
    legend_y = height - 12
    items = [("bar", _BAR, "call"), ("bar critical", _CRITICAL, "on the critical path")]
    if tl.measured and tl.bars:
        items.append(("legend-run", None, "whole call (wall time)"))
    lx = pad
    for _cls, colour, text in items:
        if colour is None:
            out.append(f'<rect class="run" x="{lx}" y="{legend_y - 10}" width="18" height="10"/>')
        else:
            out.append(f'<rect class="legend" x="{lx}" y="{legend_y - 10}" width="18" '
                       f'height="10" fill="{colour}"/>')
        out.append(f'<text class="muted" x="{lx + 24}" y="{legend_y}">{_e(text)}</text>')
        lx += 40 + 7 * len(text)
    out.append("</svg>")
    return "\n".join(out)


MAX_ROWS = 300  # bars drawn one per row; a 1,000-way fan-out shows its first ones


def _rows(tl: Timeline) -> tuple[list[Bar], int]:
    """The bars to draw (the critical ones always among them) and how many are left out."""
    if len(tl.bars) <= MAX_ROWS:
        return list(tl.bars), 0
    critical = [b for b in tl.bars if b.critical]
    others = [b for b in tl.bars if not b.critical][: max(MAX_ROWS - len(critical), 0)]
    rows = sorted(critical + others, key=lambda b: (b.start, b.site))
    return rows, len(tl.bars) - len(rows)


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


def _inflight_svg(tl: Timeline, x, y: float, h: float, pad: int) -> list[str]:
    """A strip counting the calls in flight over time: where the overlap is."""
    counts = _in_flight(tl)
    peak = max((c for _, _, c in counts), default=0) or 1
    out = [f'<text class="label" x="{pad}" y="{y + h - 3:.1f}">in flight (max {peak})</text>']
    for a, b, c in counts:
        if c == 0:
            continue
        bh = h * c / peak
        out.append(f'<rect class="inflight" data-count="{c}" x="{x(a):.1f}" '
                   f'y="{y + h - bh:.1f}" width="{max(x(b) - x(a), 0.5):.1f}" '
                   f'height="{bh:.1f}"><title>{c} in flight</title></rect>')
    return out


def graph_svg(ex: Explanation) -> str:
    """The operation graph as a standalone SVG document.

    Each I/O call site is a ``g`` of class ``node`` (``node critical`` on the longest
    dependent chain) with ``data-site``; each dependency a ``path`` of class ``edge``.

    Examples:
        >>> from ember import xcs
        >>> @xcs.jit
        ... def one(x):
        ...     return x
        >>> graph_svg(xcs.explain(one)).startswith("<svg")
        True
    """
    node_w, node_h, gap_x, gap_y, pad, top = 250, 48, 56, 14, 14, 62
    depth = _depths(ex)
    columns: dict[int, list[Site]] = {}
    for s in sorted(ex.plan.sites, key=lambda s: s.id):
        columns.setdefault(depth[s.id], []).append(s)
    n_cols = max(columns, default=0) + 1
    n_rows = max((len(c) for c in columns.values()), default=1)
    width = max(640, pad * 2 + n_cols * node_w + (n_cols - 1) * gap_x)
    height = top + n_rows * (node_h + gap_y) + 40
    critical = _longest_chain(ex)
    title = f"Operation graph \u2014 {ex.name}"
    out = _svg_open(width, height, title)
    out.append('<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
               'markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
               '<path d="M0,0 L10,5 L0,10 z" fill="#777"/></marker></defs>')
    out.append(f'<text class="title" x="{pad}" y="22">{_e(title)}</text>')
    out.append(f'<text class="muted" x="{pad}" y="42">{_e(_graph_summary(ex, critical))}</text>')
    pos: dict[int, tuple[float, float]] = {}
    for col, sites in columns.items():
        for r, s in enumerate(sites):
            pos[s.id] = (pad + col * (node_w + gap_x), top + r * (node_h + gap_y))
    for d, t in _edges(ex):
        (ax, ay), (bx, by) = pos[d], pos[t]
        sx, sy, ex_, ey = ax + node_w, ay + node_h / 2, bx, by + node_h / 2
        mid = (sx + ex_) / 2
        cls = "edge critical" if d in critical and t in critical else "edge"
        out.append(f'<path class="{cls}" data-from="{d}" data-to="{t}" '
                   f'd="M{sx:.1f},{sy:.1f} C{mid:.1f},{sy:.1f} {mid:.1f},{ey:.1f} '
                   f'{ex_:.1f},{ey:.1f}" marker-end="url(#arrow)"/>')
    for s in ex.plan.sites:
        gx, gy = pos[s.id]
        cls = "node critical" if s.id in critical else "node"
        kind = s.fact.kind.value
        lat = "" if s.latency is None else f" \u00b7 {_fmt(s.latency, 's')}"
        out.append(f'<g class="{cls}" data-site="{s.id}">')
        out.append(f"<title>{_e(f'#{s.id} {s.label}: {s.fact.reason}; {s.why}')}</title>")
        out.append(f'<rect class="box{cls[4:]}" x="{gx:.1f}" y="{gy:.1f}" width="{node_w}" '
                   f'height="{node_h}" rx="6" fill="{_KIND_FILL.get(kind, "#ffffff")}"/>')
        out.append(f'<text class="label" x="{gx + 8:.1f}" y="{gy + 19:.1f}">'
                   f"{_e(_short(f'#{s.id} {s.label}', 36))}</text>")
        detail = f"{kind} \u00b7 {_move(s)}{lat}"
        out.append(f'<text class="muted" x="{gx + 8:.1f}" y="{gy + 37:.1f}">'
                   f"{_e(detail)}</text>")
        out.append("</g>")
    if not ex.plan.sites:
        out.append(f'<text class="muted" x="{pad}" y="{top + 16}">no I/O call sites</text>')
    out.append("</svg>")
    return "\n".join(out)


def _graph_summary(ex: Explanation, critical: set[int]) -> str:
    parts = [f"strategy: {ex.strategy}", f"{len(ex.plan.sites)} I/O call site(s)"]
    if ex.plan.sites:
        parts.append(f"predicted speedup {ex.predicted_speedup:.2f}x")
        parts.append(f"longest dependent chain: {len(critical)} call(s)")
    return " \u00b7 ".join(parts)


# ----------------------------------------------------------------------------- HTML

_PAGE_STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
       margin: 24px; color: #222; background: #fafafa; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
section.function { background: #fff; border: 1px solid #ddd; border-radius: 8px;
                   padding: 12px 16px; margin-bottom: 24px; }
.figure { overflow-x: auto; margin: 8px 0; }
.figure svg { max-width: 100%; height: auto; }
pre { background: #f4f4f4; padding: 10px; overflow-x: auto; font-size: 12px; }
p.reason { color: #555; }
"""


def _as_list(explanations: Explanation | Iterable[Explanation]) -> list[Explanation]:
    if isinstance(explanations, Explanation):
        return [explanations]
    return list(explanations)


def to_html(explanations: Explanation | Iterable[Explanation], title: str | None = None,
            notes: Sequence[str] = ()) -> str:
    """A self-contained HTML page: for each function its timeline, graph and plan text.

    Args:
        explanations: one `Explanation` or several (one section each).
        title: the page heading (default: the function's name).
        notes: paragraphs shown under the heading.

    Returns:
        The page: inline SVG and CSS only, no scripts, nothing loaded from elsewhere.

    Examples:
        >>> from ember import xcs
        >>> @xcs.jit
        ... def one(x):
        ...     return x
        >>> page = to_html(xcs.explain(one), title="one")
        >>> page.startswith("<!DOCTYPE html>"), "<script" in page
        (True, False)
    """
    exs = _as_list(explanations)
    heading = title or (f"xcs.jit: {exs[0].name}" if len(exs) == 1 else "xcs.jit")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8"/>',
           f"<title>{_e(heading)}</title>", f"<style>{_PAGE_STYLE}</style>", "</head>",
           "<body>", f"<h1>{_e(heading)}</h1>"]
    out.extend(f"<p>{_e(n)}</p>" for n in notes)
    for ex in exs:
        out.append(f'<section class="function" data-name="{_e(ex.name)}">')
        out.append(f"<h2>{_e(ex.name)}</h2>")
        out.append(f'<p class="reason">strategy: <b>{_e(ex.strategy)}</b> '
                   f"({_e(ex.plan.reason)})</p>")
        out.append(f'<div class="figure timeline">{timeline_svg(ex)}</div>')
        out.append(f'<div class="figure graph">{graph_svg(ex)}</div>')
        out.append(f"<details><summary>plan (text)</summary><pre>{_e(ex.to_text())}</pre>"
                   "</details>")
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_html(explanations: Explanation | Iterable[Explanation], path: str | Path,
               title: str | None = None, notes: Sequence[str] = ()) -> Path:
    """Write `to_html` to `path` (parent folders created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_html(explanations, title, notes), encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- PNG


def have_matplotlib() -> bool:
    """Whether `write_png` can work here."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


_PNG_COLUMNS = 4  # graph columns that fit the default 14-inch width


def write_png(explanations: Explanation | Iterable[Explanation], path: str | Path,
              dpi: int = 110) -> Path:
    """Draw each function's timeline and graph side by side into one PNG.

    Raises:
        ImportError: when matplotlib is not installed (`MSG_NO_MATPLOTLIB`).
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(MSG_NO_MATPLOTLIB) from exc
    exs = _as_list(explanations)
    tls = [timeline(ex) for ex in exs]
    heights = []  # inches: a timeline, then its graph, for each function
    for ex, tl in zip(exs, tls, strict=True):
        heights.append(1.5 + 0.32 * max(min(len(tl.bars), MAX_ROWS), 2))
        heights.append(1.1 + 0.62 * max(_column_sizes(ex), default=1))
    n_cols = max((max(_depths(ex).values(), default=0) + 1 for ex in exs), default=1)
    width = 14 * max(1.0, n_cols / _PNG_COLUMNS)
    fig = Figure(figsize=(width, sum(heights)), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(len(heights), 1, height_ratios=heights)
    for i, (ex, tl) in enumerate(zip(exs, tls, strict=True)):
        _draw_timeline(fig.add_subplot(grid[2 * i, 0]), tl)
        _draw_graph(fig.add_subplot(grid[2 * i + 1, 0]), ex)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi, facecolor="white")
    return path


def _column_sizes(ex: Explanation) -> list[int]:
    depth = _depths(ex)
    sizes: dict[int, int] = {}
    for d in depth.values():
        sizes[d] = sizes.get(d, 0) + 1
    return list(sizes.values())


def _draw_timeline(ax, tl: Timeline) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax.set_title(f"Timeline \u2014 {tl.name}", loc="left", fontsize=11, fontweight="bold",
                 pad=16)
    if not tl.bars:
        ax.text(0.5, 0.5, _summary(tl), ha="center", va="center", transform=ax.transAxes,
                fontsize=9, color=_MUTED)
        ax.set_axis_off()
        return
    ms = 1e3 if tl.unit == "s" else 1.0
    rows, hidden = _rows(tl)
    ys = list(range(len(rows)))
    ax.barh(ys, [b.duration * ms for b in rows], left=[b.start * ms for b in rows],
            height=0.6, color=[_CRITICAL if b.critical else _BAR for b in rows])
    if tl.measured:
        ax.axvline(tl.wall * ms, color=_RUN, linestyle="--", linewidth=1.2)
    ax.set_yticks(ys, [_short(f"#{b.site} {b.label}", 40) for b in rows],
                  fontsize=8, family="monospace")
    ax.invert_yaxis()
    ax.set_xlim(0, max(tl.wall, 1e-9) * ms * 1.04)
    unit = "ms since the call began" if tl.unit == "s" else "latency units"
    ax.set_xlabel(unit + (f" (\u2026 and {hidden} more call(s), not drawn)" if hidden else ""),
                  fontsize=9)
    ax.grid(axis="x", color="#e6e6e6")
    ax.set_axisbelow(True)
    handles = [Patch(color=_BAR, label="call"), Patch(color=_CRITICAL, label="critical path")]
    if tl.measured:
        handles.append(Line2D([], [], color=_RUN, linestyle="--", label="end of the call"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=8,
              frameon=False)
    ax.text(0, 1.02, _summary(tl), transform=ax.transAxes, fontsize=8, color=_MUTED,
            va="bottom", ha="left")


def _draw_graph(ax, ex: Explanation) -> None:
    ax.set_title(f"Operation graph \u2014 {ex.name}", loc="left", fontsize=11,
                 fontweight="bold")
    ax.set_axis_off()
    if not ex.plan.sites:
        ax.text(0.5, 0.5, "no I/O call sites", ha="center", va="center",
                transform=ax.transAxes, fontsize=9, color=_MUTED)
        return
    depth = _depths(ex)
    n_cols = max(depth.values()) + 1
    rows: dict[int, int] = {}
    pos: dict[int, tuple[float, float]] = {}
    for s in sorted(ex.plan.sites, key=lambda s: s.id):
        r = rows.get(depth[s.id], 0)
        rows[depth[s.id]] = r + 1
        pos[s.id] = (float(depth[s.id]), -float(r))
    # Boxes are sized in points, not data units: keep columns about 2.5 inches apart
    # (the figure grows with the number of columns, see `write_png`).
    ax.set_xlim(-0.5, max(n_cols, _PNG_COLUMNS) - 0.5)
    ax.set_ylim(-max(rows.values()) + 0.5, 0.5)
    critical = _longest_chain(ex)
    boxes = {}
    for s in ex.plan.sites:
        on = s.id in critical
        kind = s.fact.kind.value
        boxes[s.id] = ax.text(
            *pos[s.id], f"#{s.id} {_short(s.label, 30)}\n{kind} \u00b7 "
            f"{_move(s)}", ha="center", va="center", fontsize=7.5,
            family="monospace",
            bbox={"boxstyle": "round,pad=0.45", "fc": _KIND_FILL.get(kind, "#ffffff"),
                  "ec": _CRITICAL if on else "#555555", "lw": 2.2 if on else 0.8})
    for d, t in _edges(ex):
        on = d in critical and t in critical
        # Anchored on the boxes: from the right edge of one to the left edge of the next.
        ax.annotate("", xy=(0, 0.5), xycoords=boxes[t], xytext=(1, 0.5),
                    textcoords=boxes[d],
                    arrowprops={"arrowstyle": "-|>", "color": _CRITICAL if on else "#777777",
                                "lw": 2.0 if on else 1.0, "shrinkA": 6, "shrinkB": 6,
                                "connectionstyle": "arc3,rad=0.0"})
