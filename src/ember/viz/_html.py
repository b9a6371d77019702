"""HTML: one self-contained page (inline SVG and CSS, no scripts, nothing fetched), a
section per explanation with its timeline, its graph and its text."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from ember._core import Explains
from ember.viz._svg import graph_svg, timeline_svg
from ember.viz._text import to_text
from ember.viz._words import as_list, as_model, esc

__all__ = ["to_html", "write_html"]

_PAGE_STYLE = """
body { font-family: system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif;
       margin: 24px; color: #222; background: #fafafa; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
section.function { background: #fff; border: 1px solid #ddd; border-radius: 8px;
                   padding: 12px 16px; margin-bottom: 24px; }
.figure { overflow-x: auto; margin: 8px 0; }
pre { background: #f4f4f4; padding: 10px; overflow-x: auto; font-size: 12px; }
p.reason { color: #555; }
"""


def to_html(explanations: Explains | Iterable[Explains], title: str | None = None,
            notes: Sequence[str] = ()) -> str:
    """A self-contained HTML page: for each explanation its timeline, graph and text.

    Args:
        explanations: one explanation (``xcs.explain(f)``, ``graph.explain()``) or several
            (one section each).
        title: the page heading (default: what the explanation explains).
        notes: paragraphs shown under the heading.

    Returns:
        The page: inline SVG and CSS only, no scripts, nothing loaded from elsewhere.

    Examples:
        >>> from ember._core import Explanation, Node
        >>> page = to_html(Explanation("f", "demo", (Node(0, "a()"),)))
        >>> page.startswith("<!DOCTYPE html>"), "<script" in page
        (True, False)
    """
    exs = [as_model(e) for e in as_list(explanations)]
    heading = title or (f"{exs[0].title}: {exs[0].name}" if len(exs) == 1 else "explain")
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8"/>',
           f"<title>{esc(heading)}</title>", f"<style>{_PAGE_STYLE}</style>", "</head>",
           "<body>", f"<h1>{esc(heading)}</h1>"]
    out.extend(f"<p>{esc(n)}</p>" for n in notes)
    for ex in exs:
        out.append(f'<section class="function" data-name="{esc(ex.name)}">')
        out.append(f"<h2>{esc(ex.name)}</h2>")
        reason = f" ({esc(ex.reason)})" if ex.reason else ""
        out.append(f'<p class="reason">strategy: <b>{esc(ex.strategy)}</b>{reason}</p>')
        out.append(f'<div class="figure timeline">{timeline_svg(ex)}</div>')
        out.append(f'<div class="figure graph">{graph_svg(ex)}</div>')
        out.append(f"<details><summary>text</summary><pre>{esc(to_text(ex))}</pre>"
                   "</details>")
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def write_html(explanations: Explains | Iterable[Explains], path: str | Path,
               title: str | None = None, notes: Sequence[str] = ()) -> Path:
    """Write `to_html` to `path` (parent folders created); return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(to_html(explanations, title, notes), encoding="utf-8")
    return path
