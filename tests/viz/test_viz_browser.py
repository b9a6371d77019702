"""The HTML timeline, opened in a real browser: headless Chromium driven by Playwright.

The page is rendered and read back as a person sees it: each call's bar is there, as wide
as its time (one scale for every bar and the whole call), the critical path is painted
red on the timeline and on the graph, and the legend is shown. The browser is the system's
Chromium (`.ci/run` installs Debian's when there is none): Playwright downloads nothing.
Outside CI a machine without Chromium or Playwright skips; under CI (``CI`` set) that fails.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest

from ember import viz, xcs

CRITICAL_RGB = "rgb(228, 87, 86)"  # viz's critical red, #e45756
BAR_RGB = "rgb(76, 120, 168)"  # viz's bar blue, #4c78a8
# Far apart, so that a loaded machine oversleeping a fast call cannot change which call is
# the slow one (0.15 vs 0.05 failed once under load).
SLOW, FAST = 0.4, 0.03


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason}: .ci/run installs it; the browser test must run under CI")
    pytest.skip(reason)


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    _unavailable("no system Chromium (apt-get install chromium)")
    raise AssertionError  # unreachable: _unavailable raises


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed (it is in the test extra)")
    executable = _chromium()
    with sync_playwright() as p:
        # The flags keep Chromium off the network (this machine has none): no background
        # fetches, updates or sync; a fresh profile per launch.
        b = p.chromium.launch(executable_path=executable, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            yield b
        finally:
            b.close()


def fetch(x, delay):
    time.sleep(delay)
    return x


def uneven(q):
    a = fetch(q, FAST)
    b = fetch(q + 1, SLOW)
    c = [fetch(i, FAST) for i in range(3)]
    return fetch(a + b + sum(c), FAST)


_READ_PAGE = """() => {
  const box = el => { const r = el.getBoundingClientRect();
                      return {x: r.x, y: r.y, width: r.width, height: r.height}; };
  const svg = document.querySelector('.figure.timeline svg');
  const graph = document.querySelector('.figure.graph svg');
  const legend = svg.querySelector('g.legend');
  return {
    bars: [...svg.querySelectorAll('rect.bar')].map(r => ({
      site: Number(r.dataset.site), start: Number(r.dataset.start), end: Number(r.dataset.end),
      critical: r.classList.contains('critical'), fill: getComputedStyle(r).fill, ...box(r)})),
    run: box(svg.querySelector('rect.run')),
    svg: box(svg),
    legend: legend && {...box(legend), text: legend.textContent,
                       visible: getComputedStyle(legend).visibility === 'visible',
                       keys: [...legend.querySelectorAll('rect')].map(k => getComputedStyle(k).fill)},
    nodes: [...graph.querySelectorAll('g.node')].map(g => ({
      site: Number(g.dataset.site), stroke: getComputedStyle(g.querySelector('rect')).stroke})),
  };
}"""


def test_the_html_timeline_in_a_real_browser(browser, tmp_path):
    f = xcs.jit(uneven)
    assert f(1) == uneven(1)
    ex = xcs.explain(f)
    spans = ex.last_run.spans
    path = viz.write_html(ex, tmp_path / "timeline.html")
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        page.goto(path.resolve().as_uri())
        seen = page.evaluate(_READ_PAGE)
        page.screenshot(path=str(tmp_path / "timeline.png"), full_page=True)
    finally:
        page.close()

    # Each call's bar is there: one per started call, for the call sites that ran.
    bars = seen["bars"]
    assert len(bars) == len(spans) == 6
    assert sorted(b["site"] for b in bars) == sorted(s for s, *_ in spans)
    assert all(b["width"] > 0 and b["height"] > 0 for b in bars)
    # ... as wide as its time: one scale (pixels per second) for every bar and the whole call.
    run = ex.last_run
    scale = seen["run"]["width"] / run.wall
    durations = sorted(t1 - t0 for _, t0, t1, _ in spans)
    widths = sorted(b["width"] for b in bars)
    for width, seconds in zip(widths, durations, strict=True):
        assert width == pytest.approx(seconds * scale, rel=0.05, abs=1.0)
    slow_bar = max(bars, key=lambda b: b["width"])
    fast_bars = [b for b in bars if b is not slow_bar]
    assert slow_bar["width"] > 2 * max(b["width"] for b in fast_bars)  # SLOW is 13x FAST
    # Bars sit on the same time axis: a bar's left edge is its start, on that scale.
    left = seen["run"]["x"]
    for b in bars:
        assert b["x"] == pytest.approx(left + b["start"] * scale, abs=1.5)

    # The critical path is marked: painted red, the rest blue, the same calls as the graph.
    critical = {b["site"] for b in bars if b["critical"]}
    assert critical == set(ex.timeline().critical_nodes)
    # The last call waited for all the others: it and the one of them that ended last (the
    # slow call, unless a loaded machine started the comprehension's calls late) are the
    # waits that made up the run's length. Read from the bars' own times, not their widths.
    last = max(bars, key=lambda b: b["end"])
    waited_for = max((b for b in bars if b is not last), key=lambda b: b["end"])
    assert last["critical"] and waited_for["critical"]
    assert all(b["fill"] == (CRITICAL_RGB if b["critical"] else BAR_RGB) for b in bars)
    red_boxes = {n["site"] for n in seen["nodes"] if n["stroke"] == CRITICAL_RGB}
    assert red_boxes == critical

    # The legend is shown: inside the picture, with a key per colour.
    legend = seen["legend"]
    assert legend is not None and legend["visible"]
    assert legend["width"] > 0 and legend["height"] > 0
    svg = seen["svg"]
    assert svg["x"] <= legend["x"] and legend["x"] + legend["width"] <= svg["x"] + svg["width"]
    assert svg["y"] <= legend["y"] and legend["y"] + legend["height"] <= svg["y"] + svg["height"]
    assert "call" in legend["text"] and "on the critical path" in legend["text"]
    assert legend["keys"][:2] == [BAR_RGB, CRITICAL_RGB]
