"""Ensemble: ask several models at once, then take the most common answer.

Every member's call is in flight at the same time, so six 0.2 s calls take about 0.2 s.
Runs offline on Ember's simulated models (``sim/...``); swap in real ids such as
``"openai/gpt-4o-mini"`` when you have keys.

Run: ``python examples/ensemble.py``
"""

from __future__ import annotations

import random
import time

from ember.api import operators

QUESTION = "What is 17 + 25?"


def noisy_solver(seed: int):
    """A stand-in model that is right most of the time (so the vote has something to do)."""

    def solve(prompt: str) -> str:
        time.sleep(0.1)  # waiting on the "network"
        rng = random.Random(f"{seed}:{prompt}")
        return "42." if rng.random() < 0.7 else rng.choice(["41", "43", "The answer is 52"])

    solve.__name__ = f"solver{seed}"
    return solve


def main() -> None:
    # 1. The same prompt to three simulated models, twice each: six calls at once.
    ensemble = operators.Ensemble(["sim/gpt", "sim/claude", "sim/gpt-mini"], n=2,
                                  temperature=0.7, seed=1, latency=0.2)
    t0 = time.perf_counter()
    answers = ensemble(QUESTION)
    wall = time.perf_counter() - t0
    print(f"{len(answers)} answers in {wall:.2f} s (one call takes 0.2 s):")
    for a in answers:
        print(f"  {a.model_id:<13} {a[:60]}...")

    # 2. Majority vote: answers are compared after normalisation ("42." == "42").
    solvers = operators.Ensemble([noisy_solver(i) for i in range(7)])
    vote = solvers >> operators.MostCommon()
    t0 = time.perf_counter()
    best = vote(QUESTION)
    print(f"\nseven solvers said {list(best.responses)}")
    print(f"most common: {best!r} with votes {best.info['votes']} "
          f"({time.perf_counter() - t0:.2f} s)")
    assert best.text == "42."


if __name__ == "__main__":
    main()
