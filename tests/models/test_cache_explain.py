"""A call the response cache served shows in a jitted function's explanation: its span is
marked `cached` and its timeline bar (every renderer draws the same bars) is labelled."""

from __future__ import annotations

from ember import xcs
from ember.models import models


def test_a_served_call_is_marked_in_the_explanation(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBER_CACHE_DIR", str(tmp_path))

    @xcs.jit
    def two(q):
        a = models("sim/gpt", q, temperature=0, latency=0.02)      # deterministic: cached
        b = models("sim/judge", q, temperature=0.5, latency=0.02)  # sampled: always sent
        return a + b

    two("hi")
    first = two.explain().model
    assert not any(s.cached for s in first.run.spans)
    two("hi")
    model = two.explain().model
    cached = {s.node for s in model.run.spans if s.cached}
    assert len(cached) == 1 and len(model.run.spans) == 2
    labels = {b.node: b.label for b in model.timeline().bars}
    [node] = cached
    assert labels[node].startswith("[cached] models('sim/gpt'")
    assert not any(label.startswith("[cached]") for n, label in labels.items() if n != node)
    assert "[cached] models('sim/gpt'" in two.explain().to_text()
