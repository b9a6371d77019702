"""A 50-line function of the kind `xcs.jit` is for, to time its first call (analysis).

`jit_bench.run_first_call` loads this file afresh for every timing (new code objects, so no
summary is cached) and compares what `jit` does on the first call (analyse, plan, rewrite
and compile) with what Python itself does with the same source: ``ast.parse`` and
``compile``. It has fan-out, a helper, a comprehension and a loop of calls, branches and
plain computation in between: the shapes the analysis has to look at.
"""

import json
import time

from ember.api import models


def helper(x):
    time.sleep(0.001)
    return x


def fifty(question, items):
    if not question:
        raise ValueError("an empty question")
    prompt = f"Answer: {question}"
    a = models("sim/a", prompt, latency=0)
    b = models("sim/b", prompt, latency=0)
    c = models("sim/c", prompt, latency=0)
    parts = [p.strip() for p in (a, b, c)]
    joined = " | ".join(parts)
    counts = {}
    for word in joined.split():
        counts[word] = counts.get(word, 0) + 1
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:5]
    summary = json.dumps(top)
    d = helper(summary)
    e = helper(question)
    if len(d) > 10:  # noqa: SIM108 - a branch, as users write them
        note = "long"
    else:
        note = "short"
    results = []
    for it in items:
        results.append(helper(it))
    extra = [helper(i) for i in items]
    total = sum(len(str(r)) for r in results)
    verdict = models("sim/judge", f"{summary} {note} {total}", latency=0)
    final = verdict.upper()
    scores = {k: v * 2 for k, v in counts.items()}
    best = max(scores.values()) if scores else 0
    report = {
        "q": question,
        "a": str(a),
        "b": str(b),
        "c": str(c),
        "top": top,
        "note": note,
        "total": total,
        "best": best,
        "extra": extra,
        "e": e,
    }
    text = json.dumps(report)
    if best > 3:
        text += "!"
    lines = text.split(",")
    n = len(lines)
    out = "\n".join(lines[: n // 2])
    shortest = min(parts, key=len)
    out += f"\n{shortest}"
    return final, out
