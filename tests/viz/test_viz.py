"""`ember.viz`: the timeline and graph pictures, checked by what they show.

Runs small jitted programs whose I/O is `time.sleep` (300 ms), then parses the SVG/HTML
(one bar per started call, the labels, the critical path marked) and decodes the PNG.
`test_viz_browser.py` opens the page in a real browser.
"""

from __future__ import annotations

import sys
import time

import pytest

from ember import viz, xcs
from tests.cli import pictures

DELAY = 0.3  # (long enough that a loaded machine still starts the three before one ends)


def fetch(x, delay=DELAY):
    time.sleep(delay)
    return x


def fan_in(q):
    a = fetch(q)
    b = fetch(q + 1)
    c = fetch(q + 2)
    return fetch(a + b + c)


def chain(q):
    a = fetch(q)
    b = fetch(a + 1)
    return fetch(b + 1)


def many(n):
    return [fetch(i) for i in range(n)]


def odd_labels(q):
    a = fetch("<b>&amp;</b>")
    b = fetch(q)
    return a + b


def no_io(x):
    return x * 2


@pytest.fixture(scope="module")
def ran_fan_in():
    f = xcs.jit(fan_in)
    assert f(1) == fan_in(1)
    return xcs.explain(f)


def test_timeline_bars_are_the_runs_calls(ran_fan_in):
    ex = ran_fan_in
    assert ex.strategy == "parallel"
    spans = ex.last_run.spans
    tl = ex.timeline()
    assert tl.measured and len(tl.bars) == len(spans) == 4
    # The three independent calls overlap; the fan-in starts after all of them.
    last = max(tl.bars, key=lambda b: b.end)
    assert last.label.startswith("fetch(a + b + c")
    assert all(b.end <= last.start + 1e-3 for b in tl.bars if b is not last)
    first_three = [b for b in tl.bars if b is not last]
    assert max(b.start for b in first_three) < min(b.end for b in first_three)
    # Critical path: one of the three, then the fan-in.
    assert [b.critical for b in tl.bars].count(True) == 2 and last.critical
    busy_s = sum(b.end - b.start for b in tl.bars)  # what running them one by one takes
    assert tl.wall < busy_s * 0.75  # it did overlap (2 of 4 x DELAY)


def test_timeline_svg_content(ran_fan_in):
    svg = pictures.svgs(viz.timeline_svg(ran_fan_in))[0]
    spans = ran_fan_in.last_run.spans
    bars = pictures.bars(svg)
    assert len(bars) == len(spans)
    assert len(pictures.critical(svg)) == 2
    assert {int(b.get("data-site")) for b in bars} == {s for s, *_ in spans}
    words = pictures.text(svg)
    for label in ("fetch(q)", "fetch(q + 1)", "fetch(q + 2)", "fetch(a + b + c)"):
        assert label in words
    assert "whole call" in words and "critical path" in words
    # Bars are placed by time: the fan-in's bar starts right of every other bar's start.
    xs = {int(b.get("data-site")): float(b.get("x")) for b in bars}
    last_site = max(spans, key=lambda s: s[2])[0]
    assert all(xs[last_site] > x for s, x in xs.items() if s != last_site)
    # The in-flight strip peaks at three calls.
    counts = [int(r.get("data-count")) for r in svg.iter(f"{pictures.SVG_NS}rect")
              if "inflight" in pictures.classes(r)]
    assert max(counts) == 3


def test_graph_svg_content(ran_fan_in):
    svg = pictures.svgs(viz.graph_svg(ran_fan_in))[0]
    assert len(pictures.nodes(svg)) == len(ran_fan_in.plan.sites) == 4
    assert len(pictures.edges(svg)) == sum(len(s.deps) for s in ran_fan_in.plan.sites) == 3
    crit = [n for n in pictures.nodes(svg) if "critical" in pictures.classes(n)]
    assert len(crit) == 2
    assert "fetch(a + b + c)" in pictures.text(svg)


def test_html_is_self_contained_and_complete(ran_fan_in, tmp_path):
    path = viz.write_html(ran_fan_in, tmp_path / "sub" / "t.html", title="fan in")
    page = path.read_text()
    assert page.startswith("<!DOCTYPE html>")
    pictures.assert_self_contained(page)
    timeline_svg, graph_svg = pictures.svgs(page)
    assert len(pictures.bars(timeline_svg)) == 4
    assert len(pictures.nodes(graph_svg)) == 4
    assert "strategy: <b>parallel</b>" in page
    assert "predicted speedup" in page and "fan_in" in page  # the plan text


def test_loop_calls_get_one_bar_each():
    f = xcs.jit(many)
    assert f(6) == list(range(6))
    ex = xcs.explain(f)
    tl = ex.timeline()
    assert len(tl.bars) == len(ex.last_run.spans) == 6
    assert len({b.node for b in tl.bars}) == 1
    svg = pictures.svgs(viz.timeline_svg(ex))[0]
    assert len(pictures.bars(svg)) == 6
    assert sum("critical" in pictures.classes(b) for b in pictures.bars(svg)) == 1


def test_prediction_before_any_run():
    ex = xcs.explain(xcs.jit(chain))  # never called: the static plan
    assert ex.last_run is None
    tl = ex.timeline()
    assert not tl.measured and len(tl.bars) == 3
    assert all(b.critical for b in tl.bars)  # a chain is all critical path
    assert [b.start for b in tl.bars] == sorted(b.start for b in tl.bars)
    assert all(a.end <= b.start for a, b in zip(tl.bars, tl.bars[1:], strict=False))
    svg = pictures.svgs(viz.timeline_svg(ex))[0]
    assert len(pictures.bars(svg)) == 3
    assert "predicted" in pictures.text(svg)
    assert "whole call" not in pictures.text(svg)


def test_no_io_draws_no_bars():
    f = xcs.jit(no_io)
    f(2)
    ex = xcs.explain(f)
    page = viz.to_html(ex)
    timeline_svg, graph_svg = pictures.svgs(page)
    assert pictures.bars(timeline_svg) == [] and pictures.nodes(graph_svg) == []
    assert "no I/O call sites" in pictures.text(graph_svg)


def test_labels_are_escaped():
    f = xcs.jit(odd_labels)
    assert f("x") == "<b>&amp;</b>x"
    page = viz.to_html(xcs.explain(f))
    assert "<b>&amp;</b>" not in page  # only ever escaped
    timeline_svg, _ = pictures.svgs(page)
    assert "fetch('<b>&amp;</b>')" in pictures.text(timeline_svg)


def test_several_functions_in_one_page(ran_fan_in):
    page = viz.to_html([ran_fan_in, xcs.explain(xcs.jit(chain))], title="two")
    assert len(pictures.svgs(page)) == 4
    assert page.count('<section class="function"') == 2


def test_png_shows_the_bars(ran_fan_in, tmp_path):
    pytest.importorskip("matplotlib")
    path = viz.write_png([ran_fan_in, xcs.explain(xcs.jit(chain))], tmp_path / "t.png")
    pictures.assert_png_has_content(path, colours=(pictures.BAR_BLUE, pictures.CRITICAL_RED))


def test_png_without_matplotlib_says_how_to_get_it(ran_fan_in, tmp_path, monkeypatch):
    for name in ("matplotlib", "matplotlib.figure", "matplotlib.backends.backend_agg"):
        monkeypatch.setitem(sys.modules, name, None)
    assert not viz.have_matplotlib()
    with pytest.raises(ImportError, match=r"pip install 'ember\[plot\]'"):
        viz.write_png(ran_fan_in, tmp_path / "t.png")


def test_a_thousand_calls_draw_a_readable_picture():
    bars = tuple(viz.Bar(0, "fetch(i)", "read", i * 1e-4, 0.1 + i * 1e-4, critical=i == 999)
                 for i in range(1000))
    tl = viz.Timeline("many", "parallel", bars, wall=0.2, measured=True, unit="s")
    svg = pictures.svgs(viz.timeline_svg(tl))[0]
    drawn = pictures.bars(svg)
    assert len(drawn) == viz.MAX_ROWS
    assert len(pictures.critical(svg)) == 1  # the critical call is always drawn
    assert f"and {1000 - viz.MAX_ROWS} more call(s)" in pictures.text(svg)
    counts = [int(r.get("data-count")) for r in svg.iter(f"{pictures.SVG_NS}rect")
              if "inflight" in pictures.classes(r)]
    assert max(counts) == 1000  # the strip counts every call


@pytest.mark.parametrize("render", [viz.to_text, viz.to_dot, viz.to_mermaid, viz.graph_svg,
                                    viz.timeline_svg, viz.to_html])
def test_something_else_than_an_explanation_says_what_to_pass(render):
    from ember.errors import NotAnExplanation

    with pytest.raises(NotAnExplanation, match=r"got function: .*Fix: pass xcs\.explain\(f\)"):
        render(fan_in)  # the function, not its explanation
    with pytest.raises(TypeError):  # it is also a TypeError
        render("not an explanation")
