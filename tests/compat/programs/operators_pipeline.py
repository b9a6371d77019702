"""Operators in the earlier Ember's style: `@op` functions composed into a pipeline, and an
`Operator` class with typed input and output and a `forward` method."""

from dataclasses import dataclass

from ember.api import models, op, operators


@op
def clean(text: str) -> str:
    return " ".join(text.split())


@op
def summarize(text: str) -> str:
    return models("sim/gpt-4o", f"Summarize in one line: {text}", temperature=0)


@op
def count_words(text: str) -> int:
    return len(text.split())


pipeline = clean >> summarize >> count_words
print("words in the summary:", pipeline("  Compound   AI systems   compose many   calls. "))


@dataclass
class Question:
    question: str


@dataclass
class Verdict:
    answer: str
    votes: int


class SelfConsistency(operators.Operator):
    """Ask one model several times and keep the most common answer."""

    input_spec = Question
    output_spec = Verdict

    model: str = "sim/gpt-4o"
    samples: int = 5

    def forward(self, inputs: Question) -> Verdict:
        ensemble = operators.Ensemble(self.model, n=self.samples, temperature=0.7, seed=1)
        answers = ensemble(inputs.question)
        best = operators.MostCommon()(answers)
        return Verdict(answer=str(best), votes=best.info["votes"][0][1])


verdict = SelfConsistency()(question="What is 2 + 2?")
print("answer:", verdict.answer, "votes:", verdict.votes)
assert isinstance(verdict, Verdict) and 1 <= verdict.votes <= 5
print("ok")
