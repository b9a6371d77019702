"""The JIT in the earlier Ember's style: an ensemble and a judge written as plain sequential
code under `@xcs.jit`, `xcs.vmap` over a batch, and `xcs.parallel` of independent calls."""

from ember.api import models, xcs

MODELS = ["sim/gpt-4o", "sim/claude-3-5-sonnet", "sim/gemini-2.5-flash"]


@xcs.jit
def ensemble_with_judge(question: str) -> str:
    answers = [models(m, question, temperature=0.7) for m in MODELS]
    listing = "\n".join(f"{i + 1}. {a}" for i, a in enumerate(answers))
    return models("sim/judge", f"Question: {question}\nAnswers:\n{listing}\nPick the best.")


print(ensemble_with_judge("Why is the sky blue?"))
plan = ensemble_with_judge.explain()
print("strategy:", plan.strategy)


def classify(text: str) -> str:
    return models("sim/classifier", f"Positive or negative? {text}", temperature=0)


batch = ["I loved it", "Not for me", "Best day ever"]
labels = xcs.vmap(classify)(batch)
for text, label in zip(batch, labels, strict=True):
    print(f"{text!r}: {label}")

first, second = xcs.parallel(lambda: models("sim/a", "One"), lambda: models("sim/b", "Two"))
print(first.model_id, second.model_id)
assert len(labels) == 3 and labels[0] == classify(batch[0])
assert ensemble_with_judge("Why is the sky blue?") == ensemble_with_judge("Why is the sky blue?")
print("ok")
