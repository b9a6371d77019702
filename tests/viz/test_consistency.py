"""Explain is consistent: every renderer marks the same critical path, and the text, the
table and the pictures count call sites (and calls) the same way.

The programs sleep for their I/O; one branch is three times slower than the other, so the
measured critical path (through the slow branch) differs from the predicted one (latencies
unknown: the first of two equal branches). Before this check the graph marked the predicted
chain while the timeline marked the measured one.
"""

from __future__ import annotations

import doctest
import importlib
import re
import time

import pytest

from ember import viz, xcs
from ember.non import build_graph
from tests.cli import pictures

FAST, SLOW = 0.05, 0.15


def fetch(x, delay):
    time.sleep(delay)
    return x


def uneven(q):
    a = fetch(q, FAST)
    b = fetch(q + 1, SLOW)
    return fetch(a + b, FAST)


def loop(n):
    return [fetch(i, FAST) for i in range(n)]


def _marked_by_every_renderer(ex) -> dict[str, set[int]]:
    """The node ids each renderer draws as on the critical path."""
    out: dict[str, set[int]] = {}
    model = ex.model
    out["timeline"] = set(model.timeline().critical_nodes)
    svg = pictures.svgs(viz.timeline_svg(ex))[0]
    out["timeline svg"] = {int(b.get("data-site")) for b in pictures.critical(svg)}
    graph = pictures.svgs(viz.graph_svg(ex))[0]
    out["graph svg"] = {int(n.get("data-site")) for n in pictures.nodes(graph)
                        if "critical" in pictures.classes(n)}
    prefix = "n" if model.noun == "node" else "s"
    out["dot"] = {int(m) for m in re.findall(rf'{prefix}(\d+) \[label="[^"]*", '
                                             r'fillcolor="[^"]*", color="#e45756"',
                                             viz.to_dot(ex))}
    classes = re.search(r"^  class (\S+) critical$", viz.to_mermaid(ex), flags=re.M)
    out["mermaid"] = {int(s[1:]) for s in classes.group(1).split(",")} if classes else set()
    if model.run is not None and model.run.spans:
        out["text"] = {int(m) for m in re.findall(r"^    #(\d+)\s*\*\|", viz.to_text(ex),
                                                   flags=re.M)}
    if viz.have_matplotlib():
        gids = [a.get_gid() or "" for a in viz.figure(ex).findobj()]
        out["png timeline"] = {int(g.split("-")[1]) for g in gids
                               if g.startswith("bar-") and g.endswith("-critical")}
        out["png graph"] = {int(g.split("-")[1]) for g in gids
                            if g.startswith("node-") and g.endswith("-critical")}
    return out


def _assert_same(marked: dict[str, set[int]]) -> set[int]:
    first = marked["timeline"]
    assert first, "nothing marked"
    for renderer, ids in marked.items():
        assert ids == first, f"{renderer} marks {sorted(ids)}, the timeline {sorted(first)}"
    return first


def test_every_renderer_marks_the_same_critical_path_before_and_after_a_run():
    f = xcs.jit(uneven)
    before = xcs.explain(f)
    ids = {s.label: s.id for s in before.plan.sites}
    slow, fast, last = ids["fetch(q + 1, SLOW)"], ids["fetch(q, FAST)"], ids["fetch(a + b, FAST)"]
    predicted = _assert_same(_marked_by_every_renderer(before))
    assert predicted == {fast, last}  # unknown latencies: equal branches, the first one
    assert f(1) == uneven(1)
    measured = _assert_same(_marked_by_every_renderer(xcs.explain(f)))
    assert measured == {slow, last}  # the wait that really made up the run's length
    # The graph's red edges join the marked boxes, in the order the timeline ran them.
    assert xcs.explain(f).model.critical_edges() == {(slow, last)}


def test_a_non_graph_marks_the_same_critical_path_everywhere():
    system = build_graph("2E@sim/gpt(latency=0.05) -> 1J@sim/judge(latency=0.05)")
    assert _assert_same(_marked_by_every_renderer(system.explain())) == {0, 2}
    system(query="q")
    measured = _assert_same(_marked_by_every_renderer(system.explain()))
    assert 2 in measured and len(measured) == 2  # one member (whichever answered last), the judge


def _counts(text: str, pattern: str) -> list[int]:
    return [int(n) for n in re.findall(pattern, text)]


@pytest.mark.parametrize("program, args", [(uneven, (1,)), (loop, (4,))])
def test_text_table_and_pictures_count_call_sites_and_calls_the_same_way(program, args):
    f = xcs.jit(program)
    f(*args)
    ex = xcs.explain(f)
    text = viz.to_text(ex)
    table = re.search(r"^  (\d+) call sites?:\n.*?\n((?:    .*\n)+?)  (?:in flight|predicted)",
                      text, flags=re.M | re.S)
    rows = [r for r in table.group(2).splitlines() if re.match(r"^\s+\d+\s+\d+\s", r)]
    sites, calls = len(ex.plan.sites), len(ex.last_run.spans)
    assert int(table.group(1)) == len(rows) == sites
    assert _counts(text, r"(\d+) calls? started from \d+ call sites?") == [calls]
    assert _counts(text, r"calls? started from (\d+) call sites?") == [sites]
    assert len(re.findall(r"^    #\d+\s*\*?\|", text, flags=re.M)) == calls  # text timeline
    page = viz.to_html(ex)
    timeline, graph = pictures.svgs(page)
    assert len(pictures.bars(timeline)) == calls and len(pictures.nodes(graph)) == sites
    summary = pictures.text(timeline)
    assert f"{calls} calls from {sites} call site" in summary
    assert f"{sites} call site" in pictures.text(graph)
    if program is loop:
        assert (sites, calls) == (1, 4)  # a call site in a loop: one call per item


def test_a_non_graph_counts_nodes_the_same_way():
    system = build_graph("3E@sim/gpt(latency=0.01) -> 1J@sim/judge(latency=0.01)")
    system(query="q")
    ex = system.explain()
    text = ex.to_text()
    assert "  4 nodes:" in text and "4 calls started from 4 nodes" in text
    timeline, graph = pictures.svgs(ex.to_html())
    assert len(pictures.bars(timeline)) == 4 and len(pictures.nodes(graph)) == 4
    assert "4 calls from 4 nodes" in pictures.text(timeline)


@pytest.mark.parametrize("name", ["ember.viz", "ember.viz._text", "ember.viz._graph",
                                  "ember.viz._svg", "ember.viz._html", "ember._core._explain"])
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def test_the_strategy_line_counts_out_of_the_table():
    f = xcs.jit(uneven)
    ex = xcs.explain(f)
    text = viz.to_text(ex)
    moved, of = map(int, re.search(r"strategy: parallel \((\d+) of (\d+) call site", text).groups())
    assert of == len(ex.plan.sites) == int(re.search(r"^  (\d+) call sites:", text, re.M)[1])
    assert moved == len(ex.plan.moved) < of  # the last call waits in place: not counted

