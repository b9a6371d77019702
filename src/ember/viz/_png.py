"""PNG: the timeline and the graph through matplotlib (the ``plot`` extra), drawn on an
Agg canvas of its own (no `pyplot`, no global state touched).

The drawing marks the same critical path as the SVG and the text: both come from the
explanation's `timeline()`. Bars and boxes carry a matplotlib ``gid`` (``bar-3-critical``,
``node-3``) so a test can read back what was drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ember._core import Explains, Explanation, Timeline
from ember.viz._svg import MAX_ROWS, columns, rows
from ember.viz._words import (
    BAR,
    CRITICAL,
    MUTED,
    PALETTE,
    RUN,
    as_list,
    as_model,
    short,
    timeline_summary,
)

__all__ = ["MSG_NO_MATPLOTLIB", "figure", "have_matplotlib", "write_png"]

MSG_NO_MATPLOTLIB = (
    "writing a PNG needs matplotlib, which is not installed. Fix: pip install 'ember[plot]', "
    "or write the HTML picture instead (it needs nothing)."
)
"""What `write_png` says when matplotlib is missing: how to get it, and what needs nothing."""

_COLUMNS = 4  # graph columns that fit the default 14-inch width


def have_matplotlib() -> bool:
    """Whether `write_png` can work here."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def figure(explanations: Explains | Iterable[Explains], dpi: int = 110) -> Any:
    """A matplotlib ``Figure``: each explanation's timeline above its graph.

    Raises:
        ImportError: when matplotlib is not installed (`MSG_NO_MATPLOTLIB`).
    """
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(MSG_NO_MATPLOTLIB) from exc
    exs = [as_model(e) for e in as_list(explanations)]
    heights = []  # inches: a timeline, then its graph, for each explanation
    for ex in exs:
        heights.append(1.5 + 0.32 * max(min(len(ex.timeline().bars), MAX_ROWS), 2))
        heights.append(1.1 + 0.62 * max((len(c) for c in columns(ex).values()), default=1))
    n_cols = max((len(columns(ex)) for ex in exs), default=1)
    width = 14 * max(1.0, n_cols / _COLUMNS)
    fig = Figure(figsize=(width, sum(heights)), dpi=dpi, layout="constrained")
    FigureCanvasAgg(fig)
    grid = fig.add_gridspec(len(heights), 1, height_ratios=heights)
    for i, ex in enumerate(exs):
        _draw_timeline(fig.add_subplot(grid[2 * i, 0]), ex, ex.timeline())
        _draw_graph(fig.add_subplot(grid[2 * i + 1, 0]), ex)
    return fig


def write_png(explanations: Explains | Iterable[Explains], path: str | Path,
              dpi: int = 110) -> Path:
    """Draw each explanation's timeline and graph into one PNG; return the path.

    Raises:
        ImportError: when matplotlib is not installed (`MSG_NO_MATPLOTLIB`).
    """
    fig = figure(explanations, dpi)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi, facecolor="white")
    return path


def _draw_timeline(ax: Any, ex: Explanation, tl: Timeline) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    ax.set_title(f"Timeline \u2014 {tl.name}", loc="left", fontsize=11, fontweight="bold",
                 pad=16)
    if not tl.bars:
        ax.text(0.5, 0.5, timeline_summary(tl, ex), ha="center", va="center",
                transform=ax.transAxes, fontsize=9, color=MUTED)
        ax.set_axis_off()
        return
    ms = 1e3 if tl.unit == "s" else 1.0
    drawn, hidden = rows(tl)
    ys = list(range(len(drawn)))
    patches = ax.barh(ys, [b.duration * ms for b in drawn], left=[b.start * ms for b in drawn],
                      height=0.6, color=[CRITICAL if b.critical else BAR for b in drawn])
    for patch, b in zip(patches, drawn, strict=True):
        patch.set_gid(f"bar-{b.node}" + ("-critical" if b.critical else ""))
    if tl.measured:
        ax.axvline(tl.wall * ms, color=RUN, linestyle="--", linewidth=1.2)
    ax.set_yticks(ys, [short(f"#{b.node} {b.label}", 40) for b in drawn],
                  fontsize=8, family="monospace")
    ax.invert_yaxis()
    ax.set_xlim(0, max(tl.wall, 1e-9) * ms * 1.04)
    unit = "ms since the call began" if tl.unit == "s" else "latency units"
    ax.set_xlabel(unit + (f" (\u2026 and {hidden} more call(s), not drawn)" if hidden else ""),
                  fontsize=9)
    ax.grid(axis="x", color="#e6e6e6")
    ax.set_axisbelow(True)
    handles = [Patch(color=BAR, label="call"), Patch(color=CRITICAL, label="critical path")]
    if tl.measured:
        handles.append(Line2D([], [], color=RUN, linestyle="--", label="end of the call"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize=8,
              frameon=False)
    ax.text(0, 1.02, timeline_summary(tl, ex), transform=ax.transAxes, fontsize=8,
            color=MUTED, va="bottom", ha="left")


def _draw_graph(ax: Any, ex: Explanation) -> None:
    ax.set_title(f"Operation graph \u2014 {ex.name}", loc="left", fontsize=11,
                 fontweight="bold")
    ax.set_axis_off()
    if not ex.nodes:
        ax.text(0.5, 0.5, f"no I/O {ex.noun}s", ha="center", va="center",
                transform=ax.transAxes, fontsize=9, color=MUTED)
        return
    cols = columns(ex)
    pos = {node_id: (float(col), -float(r))
           for col, ids in cols.items() for r, node_id in enumerate(ids)}
    # Boxes are sized in points, not data units: keep columns about 2.5 inches apart
    # (the figure grows with the number of columns, see `figure`).
    ax.set_xlim(-0.5, max(len(cols), _COLUMNS) - 0.5)
    ax.set_ylim(-max(len(c) for c in cols.values()) + 0.5, 0.5)
    critical = ex.timeline().critical_nodes
    hot = ex.critical_edges()
    boxes = {}
    for n in ex.nodes:
        on = n.id in critical
        detail = " \u00b7 ".join(p for p in (n.effect or n.kind, n.how) if p)
        boxes[n.id] = ax.text(
            *pos[n.id], f"#{n.id} {short(n.label, 30)}\n{detail}", ha="center", va="center",
            fontsize=7.5, family="monospace", gid=f"node-{n.id}" + ("-critical" if on else ""),
            bbox={"boxstyle": "round,pad=0.45", "fc": PALETTE.get(n.kind, "#ffffff"),
                  "ec": CRITICAL if on else "#555555", "lw": 2.2 if on else 0.8})
    depth = ex.depths()
    for d, t in ex.edges():
        on = (d, t) in hot
        # Anchored on the boxes: from the right edge of one to the left edge of the next;
        # an arrow that skips a column bends, so it does not cross the boxes between.
        bend = 0.3 if depth[t] - depth[d] > 1 else 0.0
        ax.annotate("", xy=(0, 0.5), xycoords=boxes[t], xytext=(1, 0.5),
                    textcoords=boxes[d],
                    arrowprops={"arrowstyle": "-|>", "color": CRITICAL if on else "#777777",
                                "lw": 2.0 if on else 1.0, "shrinkA": 6, "shrinkB": 6,
                                "connectionstyle": f"arc3,rad={bend}"})
