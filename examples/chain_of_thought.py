"""Chain of thought: think step by step, then extract a short answer.

Two operators composed with ``>>``; a batch of questions runs with every chain in flight
at once (``xcs.vmap``); ``xcs.jit`` overlaps the independent chains of one function.

Run: ``python examples/chain_of_thought.py``
"""

from __future__ import annotations

import time

from ember import xcs
from ember.api import models, operators

THINK = "Think step by step about the question, then give a final answer.\n\nQuestion: {q}"
EXTRACT = "Reply with only the final answer from this reasoning:\n\n{r}"


@operators.op
def think(question: str) -> str:
    return models("sim/gpt", THINK.format(q=question), temperature=0.3, latency=0.15)


@operators.op
def extract(reasoning: str) -> str:
    short = models("sim/gpt-mini", EXTRACT.format(r=reasoning), max_tokens=12, latency=0.1)
    return short.strip()


chain = think >> extract


@xcs.jit
def compare(a: str, b: str) -> tuple[str, str]:
    first = chain(a)  # the two chains are independent: jit runs them at once
    second = chain(b)
    return first, second


def main() -> None:
    t0 = time.perf_counter()
    answer = chain("If a train leaves at 3pm and travels 2 hours, when does it arrive?")
    print(f"one chain ({time.perf_counter() - t0:.2f} s): {answer}")

    questions = [f"What is {i} squared?" for i in range(8)]
    t0 = time.perf_counter()
    answers = xcs.vmap(chain)(questions)
    print(f"{len(answers)} chains at once: {time.perf_counter() - t0:.2f} s "
          f"(each takes 0.25 s; one by one would be {0.25 * len(questions):.1f} s)")

    t0 = time.perf_counter()
    compare("Is 91 prime?", "Is 97 prime?")
    compare("Is 91 prime?", "Is 97 prime?")
    print(f"jit, two chains twice: {time.perf_counter() - t0:.2f} s")
    print(xcs.explain(compare).to_text().splitlines()[1])


if __name__ == "__main__":
    main()
