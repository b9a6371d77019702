"""Judge synthesis: five answers at once, then a judge writes the best one.

Shown twice: with operators (``Ensemble`` then ``Judge``) and with the NON compact
notation, which builds the same system from one line and explains itself. The members run
concurrently and the judge starts as soon as the last one answers, so the wall time is
about two calls (the critical path), not six.

Run: ``python examples/judge_synthesis.py``
"""

from __future__ import annotations

import time

from ember.api import operators
from ember.non import build_graph

QUESTION = "Why do leaves change colour in autumn?"
LATENCY = 0.2


def main() -> None:
    # With operators.
    ensemble = operators.Ensemble("sim/gpt", n=5, temperature=0.7, seed=7, latency=LATENCY)
    judge = operators.Judge("sim/judge", temperature=0, latency=LATENCY)
    t0 = time.perf_counter()
    answer = judge(QUESTION, ensemble(QUESTION))
    print(f"operators: {len(answer.responses)} candidates judged in "
          f"{time.perf_counter() - t0:.2f} s")
    print(f"  answer: {answer[:70]}...")

    # With the NON notation: the same system, in one line.
    system = build_graph([f"5E@sim/gpt(temp=0.7, seed=7, latency={LATENCY})",
                          f"1J@sim/judge(temp=0, latency={LATENCY})"])
    t0 = time.perf_counter()
    result = system(query=QUESTION)
    wall = time.perf_counter() - t0
    print(f"\nNON {system.spec.render()!r}")
    print(f"  wall {wall:.3f} s, critical path {2 * LATENCY:.1f} s, "
          f"plain sequential {6 * LATENCY:.1f} s")
    print(f"  members: {len(result.responses)}, answer: {result[:60]}...")
    print()
    print(system.explain().to_text())


if __name__ == "__main__":
    main()
