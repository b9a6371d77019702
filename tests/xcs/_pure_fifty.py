"""`_fifty.fifty` (src/ember/bench) without its I/O: the same 50 lines of shapes for the
analysis to look at, where every call is known to be pure. `jit` finds nothing to overlap
(tests/xcs/test_jit_first_call.py times its first call).
"""

import json


def fifty(question, items):
    if not question:
        raise ValueError("an empty question")
    prompt = f"Answer: {question}"
    a = str(prompt)
    b = str(prompt)
    c = str(prompt)
    parts = [str.strip(p) for p in (a, b, c)]
    joined = " | ".join(parts)
    counts = {}
    for word in joined.split():
        counts[word] = counts.get(word, 0) + 1
    top = sorted(counts.items(), key=lambda kv: -kv[1])[:5]
    summary = json.dumps(top)
    d = str(summary)
    e = str(question)
    if len(d) > 10:  # noqa: SIM108 - a branch, as users write them
        note = "long"
    else:
        note = "short"
    results = []
    for it in items:
        results.append(str(it))
    extra = [str(i) for i in items]
    total = sum(len(str(r)) for r in results)
    verdict = str(f"{summary} {note} {total}")
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
    lines = str.split(text, ",")
    n = len(lines)
    out = "\n".join(lines[: n // 2])
    shortest = min(parts, key=len)
    out += f"\n{shortest}"
    return final, out
