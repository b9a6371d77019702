"""`ember.viz`: explanations drawn as text, Graphviz DOT, Mermaid, SVG, HTML and PNG.

An explanation is plain data (`Explanation`: call sites or graph nodes, what each needs,
and the last run's spans), made by the engines: ``xcs.explain(f)`` for a jitted function,
``graph.explain()`` for a NON graph. This package only draws it; every renderer marks the
same critical path, the one of `Explanation.timeline`, and counts call sites the same way.
The explanations' own methods (``ex.to_text()``, ``ex.to_html()``, ``ex.save_png(path)``)
call these functions.

Examples:
    >>> import time
    >>> from ember import viz, xcs
    >>> @xcs.jit
    ... def two(x):
    ...     a = time.sleep(0.01)
    ...     b = time.sleep(0.01)
    ...     return x
    >>> ex = xcs.explain(two)
    >>> viz.to_text(ex).splitlines()[0]
    'xcs.jit: ember.viz.two'
    >>> viz.to_html([ex]).startswith("<!DOCTYPE html>")
    True
"""

from ember._core import Bar as Bar
from ember._core import Explains as Explains
from ember._core import Explanation as Explanation
from ember._core import Node as Node
from ember._core import Span as Span
from ember._core import Timeline as Timeline
from ember._core import Timing as Timing
from ember.viz._graph import to_dot as to_dot
from ember.viz._graph import to_mermaid as to_mermaid
from ember.viz._html import to_html as to_html
from ember.viz._html import write_html as write_html
from ember.viz._png import MSG_NO_MATPLOTLIB as MSG_NO_MATPLOTLIB
from ember.viz._png import figure as figure
from ember.viz._png import have_matplotlib as have_matplotlib
from ember.viz._png import write_png as write_png
from ember.viz._svg import MAX_ROWS as MAX_ROWS
from ember.viz._svg import graph_svg as graph_svg
from ember.viz._svg import timeline_svg as timeline_svg
from ember.viz._text import to_text as to_text

__all__ = [
    "MAX_ROWS", "MSG_NO_MATPLOTLIB", "Bar", "Explains", "Explanation", "Node", "Span",
    "Timeline", "Timing", "figure", "graph_svg", "have_matplotlib", "timeline_svg",
    "to_dot", "to_html", "to_mermaid", "to_text", "write_html", "write_png",
]
