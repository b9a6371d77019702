"""The earlier Ember's idioms for the JIT's options and named data: `@jit` on an operator
class with `forward`, `@jit` over `@op`, `vmap(..., in_axes=...)`, `jit(config=...)`,
`f.stats()`, and a named dataset streamed by split with a limit."""

import json
import pathlib
import tempfile

from ember.api import data, models, op, operators, xcs
from ember.api.xcs import jit, vmap


@jit
class Ensemble(operators.Operator):
    members: tuple = ("sim/gpt-4o", "sim/claude-3-5-sonnet", "sim/gemini-2.5-flash")

    def forward(self, question: str) -> str:
        a = models(self.members[0], question, temperature=0.7)
        b = models(self.members[1], question, temperature=0.7)
        c = models(self.members[2], question, temperature=0.7)
        return models("sim/judge", f"Question: {question}\n1. {a}\n2. {b}\n3. {c}\nBest?").text


@jit
@op
def summarize(text: str) -> str:
    short = models("sim/gpt-4o", f"Summarise: {text}")
    title = models("sim/gpt-4o", f"A title for: {text}")
    return f"{title.text} | {short.text}"


ensemble = Ensemble()
print(ensemble("Why is the sky blue?"))
print(summarize("Ember runs independent model calls at once."))
print("strategy:", xcs.get_jit_stats(ensemble)["strategy"], summarize.stats()["strategy"])


def classify(text: str, model: str) -> str:
    return models(model, f"Positive or negative? {text}", temperature=0).text


batch = ["I loved it", "Not for me", "Best day ever"]
labels = vmap(classify, in_axes=(0, None))(batch, "sim/classifier")
assert labels == [classify(t, "sim/classifier") for t in batch]



def three_answers(question: str) -> list[str]:
    a = models("sim/a", question)
    b = models("sim/b", question)
    c = models("sim/c", question)
    return [a.text, b.text, c.text]


fast = jit(three_answers)
baseline = jit(three_answers, config=xcs.Config(strategy="sequential"))
assert fast("Why?") == baseline("Why?")
print("fast:", fast.stats()["strategy"], "baseline:", baseline.stats()["strategy"])

with tempfile.TemporaryDirectory() as tmp:
    folder = pathlib.Path(tmp, "arith")
    folder.mkdir()
    rows = [{"question": f"What is {i} + {i}?", "answer": str(2 * i)} for i in range(20)]
    (folder / "test.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    data.register("arith", folder)
    print(data.list())
    sample = data.stream("arith", split="test", limit=5).to_list()
    assert sample == rows[:5]
    print(data.info("arith").splits, data.info("mmlu").hub)

print("ok")
