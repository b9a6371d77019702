"""Verifier loop: check an answer, revise it from the critique, check again.

First with two small stand-in models whose behaviour is known (so the loop's steps are
visible), then on the simulated models inside a NON graph: three drafts at once, each
verified and revised (concurrently), then a majority vote.

Run: ``python examples/verifier_loop.py``
"""

from __future__ import annotations

import time

from ember.api import operators
from ember.non import build_graph


def checker(prompt: str) -> str:
    """A verifier that knows 12 * 12 = 144."""
    answer = prompt.split("Answer:\n", 1)[1].split("\n", 1)[0]
    if "144" in answer:
        return "The arithmetic checks out.\nVerdict: correct"
    return f"{answer!r} is wrong: 12 * 12 is 144, not that.\nVerdict: incorrect"


def reviser(prompt: str) -> str:
    """A reviser that follows the critique."""
    return "Taking the critique into account.\nFinal answer: 12 * 12 = 144"


def main() -> None:
    verify = operators.Verifier(checker, reviser=reviser, max_rounds=2)
    out = verify("What is 12 * 12?", "12 * 12 = 124")
    print(f"final: {out.text!r}  verified={out.info['verified']}  "
          f"revisions={out.info['rounds']}")
    for i, (answer, critique, verdict) in enumerate(out.info["history"]):
        print(f"  round {i}: {answer!r} -> verdict {verdict} ({critique.splitlines()[0]})")
    assert out.info["verified"] and out.text.endswith("144")

    system = build_graph("3E@sim/gpt(temp=0.9, seed=3, latency=0.1) "
                         "-> 1V@sim/claude(rounds=1, latency=0.1) -> 1M")
    t0 = time.perf_counter()
    result = system(query="Is 1001 a prime number?")
    print(f"\nNON {system.spec.render()!r}: {time.perf_counter() - t0:.2f} s")
    for v in result.info["stages"][1]:
        print(f"  verified={v.info['verified']} after {v.info['rounds']} revision(s)")
    print(f"  vote: {result[:60]}...")


if __name__ == "__main__":
    main()
