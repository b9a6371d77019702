"""Text: the table of call sites, what runs together, predicted and measured times.

The table has one row per call site (or node); every count in the text is made by
`_words`, the same as the pictures'. After a run, a text timeline marks with ``*`` the
calls on the critical path that the pictures mark.
"""

from __future__ import annotations

from ember._core import Explains, Explanation, Timeline
from ember.viz._words import as_model, count, fmt, latency, sites

__all__ = ["to_text"]

MAX_TEXT_BARS = 24


def _ranges(ids: tuple[int, ...]) -> str:
    """``0,1,2,3,5`` as ``0-3,5``."""
    out: list[str] = []
    ids = tuple(sorted(ids))
    i = 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        out.append(str(ids[i]) if i == j else f"{ids[i]}-{ids[j]}")
        i = j + 1
    return ",".join(out) or "-"


def to_text(ex: Explains) -> str:
    """A readable account of an explanation.

    Examples:
        >>> from ember._core import Explanation, Node
        >>> print(to_text(Explanation("f", "demo", (Node(0, "a()", latency=0.1),))))
        demo: f
          strategy: parallel
          1 call site:
              #   line  kind  needs   latency  call
              0         read  -       0.1 s    a()
          predicted speedup: 1.00x = sum of latencies 0.1 / critical path 0.1
          not run yet: call it, then explain() shows the measured timeline
    """
    ex = as_model(ex)
    lines = [f"{ex.title}: {ex.name}",
             f"  strategy: {ex.strategy}" + (f" ({ex.reason})" if ex.reason else "")]
    if ex.nodes:
        lines.append(f"  {sites(ex)}:")
        what = "call" if ex.noun == "call site" else ex.noun
        kind_w = max(4, *(len(n.effect or n.kind) for n in ex.nodes))
        how_w = max((len(n.how) for n in ex.nodes), default=0)  # 0: no column
        how = f"{'how':<{how_w}}  " if how_w else ""
        lines.append(f"    {'#':>3}  {ex.where:>5}  {'kind':<{kind_w}}  {how}"
                     f"{'needs':<6}  {'latency':<7}  {what}")
        for n in ex.nodes:
            how = f"{n.how:<{how_w}}  " if how_w else ""
            lines.append(f"    {n.id:>3}  {n.where:>5}  {n.effect or n.kind:<{kind_w}}  {how}"
                         f"{_ranges(n.deps):<6}  {latency(n.latency):<7}  {n.label}")
            if n.why:
                lines.append(f"    {'':>3}  {'':>5}  {n.why}")
        for g in ex.groups():
            if len(g) > 1:
                lines.append("  in flight together: " + ", ".join(f"#{n.id}" for n in g))
        unknown = "" if ex.latencies_known else (
            f" (latency unknown for some {ex.noun}s: each counted as 1 unit)")
        lines.append(f"  predicted speedup: {ex.predicted_speedup:.2f}x = sum of latencies "
                     f"{ex.total_latency:.3g} / critical path {ex.critical_path:.3g}{unknown}")
    lines.extend(f"  note: {n}" for n in ex.notes)
    run = ex.run
    if run is None:
        if ex.strategy == "parallel":
            lines.append("  not run yet: call it, then explain() shows the measured timeline")
        return "\n".join(lines)
    lines.append(f"  last run: wall {fmt(run.wall)}, {count(len(run.spans), 'call')} started "
                 f"from {sites(ex)}, their summed time {fmt(run.busy)}")
    if run.spans and run.wall > 0:
        lines.append(f"  achieved overlap: {run.busy / run.wall:.2f}x "
                     "(summed call time / wall time)")
        lines.extend(_timeline(ex, ex.timeline()))
    return "\n".join(lines)


def _timeline(ex: Explanation, tl: Timeline, width: int = 40) -> list[str]:
    crit = tl.critical
    path = " -> ".join(f"#{b.node}" for b in crit)
    out = [f"  critical path: {path} ({count(len(crit), 'call')})",
           "  timeline: (* on the critical path)"]
    span = max(tl.wall, 1e-9)
    for b in tl.bars[:MAX_TEXT_BARS]:
        a = min(width - 1, int(b.start / span * width))
        e = min(width, max(a + 1, int(b.end / span * width)))
        bar = " " * a + "#" * (e - a)
        mark = "*" if b.critical else " "
        out.append(f"    #{b.node:<3}{mark}|{bar:<{width}}| {fmt(b.duration):>9}  "
                   f"{b.label[:30]}")
    if len(tl.bars) > MAX_TEXT_BARS:
        out.append(f"    ... {len(tl.bars) - MAX_TEXT_BARS} more")
    return out
