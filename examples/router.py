"""Router: send each request to the branch that suits it.

A keyword function picks the route here (cheap and predictable); a model id works too
(``classifier="sim/gpt-mini"``), with a ``default`` for answers that name no route. The
whole batch of requests is in flight at once with ``xcs.vmap``.

Run: ``python examples/router.py``
"""

from __future__ import annotations

import re
import time

from ember import xcs
from ember.api import operators


@operators.op
def calculator(query: str) -> str:
    """Evaluate the first `a <op> b` in the query (no model needed)."""
    m = re.search(r"(-?\d+)\s*([-+*/])\s*(-?\d+)", query)
    if m is None:
        return "no arithmetic found"
    a, op, b = int(m.group(1)), m.group(2), int(m.group(3))
    return str({"+": a + b, "-": a - b, "*": a * b, "/": a / b if b else float("nan")}[op])


def classify(query: str) -> str:
    if re.search(r"\d\s*[-+*/]\s*\d", query):
        return "math"
    if "poem" in query.lower() or "story" in query.lower():
        return "writing"
    return "general"


def main() -> None:
    writer = operators.as_model("sim/claude", {"temperature": 0.9, "latency": 0.2})
    generalist = operators.as_model("sim/gpt", {"latency": 0.2})
    router = operators.Router({"math": calculator, "writing": writer, "general": generalist},
                              classifier=classify)
    queries = ["What is 12 * 7?", "Write a poem about rain", "How do tides work?",
               "Compute 100 - 58", "Tell me a story about a fox", "Why is the sky blue?"]
    t0 = time.perf_counter()
    answers = xcs.vmap(router)(queries)
    print(f"{len(queries)} routed requests in {time.perf_counter() - t0:.2f} s")
    for q, a in zip(queries, answers, strict=True):
        print(f"  [{router.route_for(q):<7}] {q:<28} -> {str(a)[:50]}")
    assert answers[0] == "84" and answers[3] == "42"

    # A model as the classifier: its reply names a route, else the default is taken.
    by_model = operators.Router({"math": calculator, "general": generalist},
                                classifier="sim/gpt-mini", default="general", latency=0.05)
    print(f"\nmodel-routed: {str(by_model('What is 3 + 4?'))[:60]}...")


if __name__ == "__main__":
    main()
