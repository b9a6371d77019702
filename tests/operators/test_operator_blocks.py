"""The common operators on constructed cases: Ensemble, MostCommon, Judge, Verifier, Router,
Retry and Cache. Deterministic functions stand in for models where answers must be known."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from ember import xcs
from ember.errors import NoRoute, RetriesExhausted, SpecError
from ember.operators import (
    Cache,
    Ensemble,
    Judge,
    MostCommon,
    Retry,
    Router,
    Verifier,
    as_model,
    normalize_answer,
)
from ember.xcs.lowlevel import effect_of

# --- Ensemble -------------------------------------------------------------------------------


def test_ensemble_members_run_at_once_in_order(sim_calls) -> None:
    ens = Ensemble(["sim/gpt", "sim/claude"], n=3, latency=0.2)
    sim_calls.hold(6)
    out = ens("hello")
    assert sim_calls.max_in_flight == 6  # one by one: 1
    assert [r.model_id for r in out] == ["sim/gpt"] * 3 + ["sim/claude"] * 3
    assert effect_of(ens).kind is xcs.Kind.READ


def test_ensemble_seed_makes_members_differ_and_is_reproducible() -> None:
    a = Ensemble("sim/gpt", n=3, seed=10, latency=0)("q")
    b = Ensemble("sim/gpt", n=3, seed=10, latency=0)("q")
    unseeded = Ensemble("sim/gpt", n=3, latency=0)("q")
    assert a == b
    # Without a seed, simulated members get their index: they differ, and repeat.
    assert len(set(a)) == 3 and len(set(unseeded)) == 3
    assert unseeded == Ensemble("sim/gpt", n=3, latency=0)("q")
    assert unseeded == Ensemble("sim/gpt", n=3, seed=0, latency=0)("q")


def test_ensemble_of_functions_and_async_use() -> None:
    ens = Ensemble([str.upper, str.lower, lambda s: s[::-1]])
    assert ens("Ab") == ("AB", "ab", "bA")
    assert asyncio.run(ens.acall("Ab")) == ("AB", "ab", "bA")


def test_ensemble_rejects_bad_arguments_and_raises_a_member_failure_as_it_is() -> None:
    with pytest.raises(SpecError, match="n must be an int >= 1, got 0"):
        Ensemble("sim/gpt", n=0)
    with pytest.raises(SpecError, match="a model must be a model id like 'sim/gpt'"):
        Ensemble([3])

    def broken(prompt: str) -> str:
        raise RuntimeError("down")

    with pytest.raises(RuntimeError, match="^down$"):
        Ensemble([str.upper, broken])("x")


# --- MostCommon -----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "form"), [
    ("  PARIS. ", "paris"),
    ("Paris!!", "paris"),
    ("the  answer:\n42", "the answer 42"),
    ("3.14.", "3.14"),
    ("-7", "-7"),
    ("don't", "don't"),
    ('"Yes," she said.', "yes she said"),
    ("(B)", "b"),
])
def test_normalize_answer(text: str, form: str) -> None:
    assert normalize_answer(text) == form


def test_majority_vote_on_constructed_cases() -> None:
    vote = MostCommon()
    out = vote(["Paris.", "London", " paris", "PARIS!", "london."])
    assert out == "Paris." and out.raw == "Paris."
    assert out.info["votes"] == (("paris", 3), ("london", 2))
    assert out.info["agreement"] == pytest.approx(0.6)
    assert out.responses == ("Paris.", "London", " paris", "PARIS!", "london.")


def test_majority_vote_ties_go_to_the_first_seen() -> None:
    assert MostCommon()(["b", "a", "A", "B."]) == "b"
    assert MostCommon()(["x", "y", "z"]) == "x"
    assert MostCommon()(["only"]) == "only"


def test_majority_vote_with_a_custom_normalizer() -> None:
    def last_number(text: str) -> str:
        return [w for w in text.split() if w.strip(".").isdigit()][-1].strip(".")

    vote = MostCommon(normalize=last_number)
    assert vote(["I think 4.", "It is 5", "Surely 4", "5"]) == "I think 4."


def test_majority_vote_needs_answers() -> None:
    with pytest.raises(SpecError, match="MostCommon: got no answers to vote on"):
        MostCommon()([])
    with pytest.raises(SpecError, match="expects Sequence\\[str\\], got str"):
        MostCommon()("abc")


# --- Judge ----------------------------------------------------------------------------------


class Recorder:
    """A fake model: replies with a fixed text and remembers the prompts."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.prompts: list[str] = []
        self.__name__ = "recorder"

    def __call__(self, prompt: str, **params: object) -> str:
        self.prompts.append(prompt)
        return self.reply


def test_judge_reads_the_final_answer_line() -> None:
    model = Recorder("Candidate 1 forgets the carry.\nFinal answer: 1,024")
    out = Judge(model)("What is 2**10?", ["1014", "1024", "1,024"])
    assert out == "1,024"
    assert out.reasoning == "Candidate 1 forgets the carry."
    assert out.responses == ("1014", "1024", "1,024")
    prompt = model.prompts[0]
    assert "What is 2**10?" in prompt
    assert "[1] 1014\n[2] 1024\n[3] 1,024" in prompt


def test_judge_can_adopt_a_candidate_by_number() -> None:
    model = Recorder("The second one is complete.\n**Final Answer:** [2]")
    out = Judge(model)("q", ["short", "  the complete answer  ", "other"])
    assert out == "the complete answer"


def test_judge_without_the_format_uses_the_whole_reply() -> None:
    out = Judge(Recorder("  Paris is the capital.  "))("q", ["Paris", "Lyon"])
    assert out == "Paris is the capital." and out.reasoning is None
    out = Judge(Recorder("Final answer: [9]"))("q", ["a", "b"])
    assert out == "[9]"  # no candidate 9: taken literally


def test_judge_on_the_simulator_and_with_no_candidates() -> None:
    out = Judge("sim/judge", latency=0)("q", ["a", "b"])
    assert out.startswith("[judge]") and out.raw.model_id == "sim/judge"
    with pytest.raises(SpecError, match="Judge: got no candidate answers"):
        Judge("sim/judge")("q", [])


# --- Verifier -------------------------------------------------------------------------------


def test_verifier_revises_until_correct() -> None:
    def checker(prompt: str) -> str:
        answer = prompt.split("Answer:\n", 1)[1].split("\n", 1)[0]
        return "ok\nVerdict: correct" if answer == "4" else f"{answer} is wrong\nVerdict: incorrect"

    drafts = iter(["3", "4"])

    def reviser(prompt: str) -> str:
        return f"Final answer: {next(drafts)}"

    out = Verifier(checker, reviser=reviser, max_rounds=3)("2+2?", "5")
    assert out == "4" and out.info["verified"] is True and out.info["rounds"] == 2
    assert [(a, v) for a, _, v in out.info["history"]] == [("5", False), ("3", False),
                                                           ("4", True)]


def test_verifier_stops_after_max_rounds() -> None:
    calls = {"verify": 0, "revise": 0}

    def never(prompt: str) -> str:
        calls["verify"] += 1
        return "Verdict: incorrect"

    def rewrite(prompt: str) -> str:
        calls["revise"] += 1
        return "another try"  # no "Final answer:" line: the whole reply is the answer

    out = Verifier(never, reviser=rewrite, max_rounds=2)("q", "a")
    assert out == "another try" and out.info["verified"] is False
    assert calls == {"verify": 3, "revise": 2}
    assert Verifier(never, max_rounds=0)("q", "a").info["rounds"] == 0
    with pytest.raises(SpecError, match="max_rounds must be an int >= 0"):
        Verifier(never, max_rounds=-1)


# --- Router ---------------------------------------------------------------------------------


def test_router_with_a_function_classifier() -> None:
    router = Router({"math": lambda q: "calc", "chat": str.upper},
                    classifier=lambda q: "Math." if "+" in q else "chat")
    assert router("1+1") == "calc" and router("hi") == "HI"
    assert router.route_for("1+1") == "math"
    assert asyncio.run(router.acall("hey")) == "HEY"


def test_router_with_a_model_classifier_and_default() -> None:
    model = Recorder("This looks like a writing request.")
    router = Router({"math": lambda q: "calc", "writing": lambda q: "poem"},
                    classifier=as_model(model))  # a Model is prompted; a bare function is not
    assert router("a haiku please") == "poem"
    assert "math, writing" in model.prompts[0] and "a haiku please" in model.prompts[0]

    lost = Router({"math": lambda q: "calc"}, classifier=Recorder("no idea"))
    with pytest.raises(NoRoute, match="names no route \\(math\\) and there is no default"):
        lost("?")
    sim = Router({"math": lambda q: "calc", "other": lambda q: "fallback"},
                 classifier="sim/gpt-mini", default="other", latency=0)
    assert sim("anything") == "fallback"
    with pytest.raises(SpecError, match="default='x' is not a route"):
        Router({"a": str}, classifier=str, default="x")


# --- Retry ----------------------------------------------------------------------------------


def test_retry_on_exceptions_then_success() -> None:
    attempts = []

    def flaky(x: int) -> int:
        attempts.append(x)
        if len(attempts) < 3:
            raise ConnectionError("try again")
        return x

    assert Retry(flaky, attempts=3)(7) == 7 and len(attempts) == 3


def test_retry_gives_up_with_the_last_error_or_rejection() -> None:
    def always(x: int) -> int:
        raise ValueError(f"no {x}")

    with pytest.raises(ValueError, match="no 1"):
        Retry(always, attempts=2)(1)
    with pytest.raises(KeyError):  # not in retry_on: no second attempt
        Retry(lambda x: {}[x], retry_on=ValueError)(1)
    with pytest.raises(RetriesExhausted) as info:
        Retry(lambda x: x, attempts=2, accept=lambda r: r > 0)(-5)
    assert info.value.attempts == 2 and info.value.last_result == -5


def test_retry_backoff_and_async() -> None:
    seen: list[float] = []

    def slow_fail(x: int) -> int:
        seen.append(time.perf_counter())
        if len(seen) < 3:
            raise ValueError
        return x

    assert asyncio.run(Retry(slow_fail, backoff=0.05).acall(1)) == 1
    assert seen[1] - seen[0] >= 0.045 and seen[2] - seen[1] >= 0.095  # doubling


# --- Cache ----------------------------------------------------------------------------------


def test_cache_keys_on_model_prompt_and_params() -> None:
    calls = []

    def model(prompt: str, **params: object) -> str:
        calls.append((prompt, params))
        return f"{prompt}:{params.get('temperature')}"

    cached = Cache(model, temperature=0)
    assert cached("a") == "a:0" and cached("a") == "a:0"
    assert cached("a", temperature=1) == "a:1"
    assert cached("b") == "b:0"
    assert len(calls) == 3
    info = cached.info()
    assert (info.hits, info.misses, info.size) == (1, 3, 3)


def test_cache_is_bounded_lru() -> None:
    calls = []
    cached = Cache(lambda p: calls.append(p) or p.upper(), maxsize=2)
    cached("a")
    cached("b")
    cached("a")  # a is now the most recently used
    cached("c")  # evicts b
    cached("a")
    cached("b")
    assert calls == ["a", "b", "c", "b"]
    assert cached.info().size == 2


def test_cache_hands_out_copies_callers_cannot_spoil() -> None:
    cached = Cache("sim/gpt", latency=0)
    first = cached("Hi")
    first.model_id = "tampered"  # ModelResult's attributes can be assigned...
    second = cached("Hi")
    assert second.model_id == "sim/gpt"  # ...but not the cache's copy
    assert second == first

    lists = Cache(lambda p: [p])
    got = lists("x")
    got.append("mutated")
    assert lists("x") == ["x"]


def test_cache_makes_one_call_for_identical_calls_in_flight() -> None:
    calls = []
    gate = threading.Event()

    def slow(prompt: str) -> str:
        calls.append(prompt)
        gate.wait(2)
        return prompt * 2

    cached = Cache(slow)
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(cached("ab"))) for _ in range(5)]
    for t in threads:
        t.start()
    time.sleep(0.1)
    gate.set()
    for t in threads:
        t.join()
    assert results == ["abab"] * 5 and calls == ["ab"]


def test_cache_does_not_keep_failures_and_works_async() -> None:
    outcomes = iter([RuntimeError("flaky"), "fine"])

    def model(prompt: str) -> str:
        value = next(outcomes)
        if isinstance(value, Exception):
            raise value
        return value

    cached = Cache(model)
    with pytest.raises(RuntimeError):
        cached("q")
    assert cached("q") == "fine" and cached("q") == "fine"

    async def both() -> tuple:
        sim = Cache("sim/gpt", latency=0.05)
        return await asyncio.gather(sim.acall("x"), sim.acall("x"))

    a, b = asyncio.run(both())
    assert a == b and a is not b


def bounded_cache_calls(prompts: list[str]) -> tuple[list[str], tuple]:
    cached = Cache("sim/gpt", maxsize=1, temperature=0)
    answers = [cached(p, latency=0.08 if p == "alpha" else 0.01) for p in prompts]
    return answers, tuple(cached.info())


def test_a_bounded_cache_under_jit_evicts_as_the_plain_program_does() -> None:
    """Which call hits depends on the order the calls ran in: under `xcs.jit` each runs in
    its place (a change of its own store), so the repeat of an evicted prompt misses."""
    prompts = ["alpha", "beta", "alpha"]
    plain = bounded_cache_calls(prompts)
    assert plain[1] == (0, 3, 1, 1)
    assert xcs.jit(bounded_cache_calls)(prompts) == plain
    assert effect_of(Cache("sim/gpt")).kind is xcs.Kind.WRITE


def test_cache_rejects_bad_size() -> None:
    with pytest.raises(SpecError, match="maxsize must be an int >= 1"):
        Cache("sim/gpt", maxsize=0)


# --- what an operator over the user's callables declares ------------------------------------

SAID: list[str] = []


def loud_judge(prompt: str, **params: object) -> str:
    time.sleep(0.05 if "first" in prompt else 0)  # (overlapped, the second would come first)
    SAID.append(prompt[-12:])
    print("judged")
    return "Final answer: [1]"


def test_an_operator_is_no_more_than_its_models_for_the_jit() -> None:
    # Over models of the models layer, Ember's operators are model calls; over a callable
    # of the user's that prints, they are what it is (unknown here), never a model call:
    # `xcs.jit` would overlap two such judges, and their prints would come in either order.
    assert effect_of(Judge("sim/judge")).kind is xcs.Kind.READ
    assert effect_of(Ensemble(["sim/gpt", "sim/claude"])).kind is xcs.Kind.READ
    assert effect_of(Judge(loud_judge)).kind is xcs.Kind.UNKNOWN
    assert effect_of(Ensemble(["sim/gpt", loud_judge])).kind is xcs.Kind.UNKNOWN
    assert effect_of(Verifier(loud_judge)).kind is xcs.Kind.UNKNOWN
    assert effect_of(Cache(loud_judge)).kind is xcs.Kind.UNKNOWN
    assert effect_of(as_model(loud_judge)).kind is xcs.Kind.UNKNOWN
    assert effect_of(as_model("sim/judge")).kind is xcs.Kind.READ


def accept_loudly(answer: object) -> bool:
    print("checking", answer)
    return True


def accept_any(answer: object) -> bool:
    return answer is not None


def normalize_loudly(answer: str) -> str:
    print("counting", answer)
    return answer.lower()


def test_a_function_of_yours_an_operator_calls_counts_in_what_it_declares() -> None:
    # Retry's accept and MostCommon's normalize run inside the call: one that prints makes
    # the call print (red-team 178: two Retry calls printed in the order they ended).
    assert effect_of(Retry(as_model("sim/gpt"))).kind is xcs.Kind.READ
    assert effect_of(Retry(as_model("sim/gpt"), accept=accept_any)).kind is xcs.Kind.READ
    assert effect_of(Retry(as_model("sim/gpt"), accept=accept_loudly)).kind is xcs.Kind.UNKNOWN
    assert effect_of(MostCommon()).kind is xcs.Kind.PURE
    assert effect_of(MostCommon(normalize=normalize_loudly)).kind is xcs.Kind.UNKNOWN


def test_judges_over_printing_callables_keep_their_order_under_jit(capsys) -> None:
    def two_judges(q: str) -> tuple[str, str]:
        first = Judge(loud_judge, prompt="{query} first {candidates}")
        second = Judge(loud_judge, prompt="{query} second {candidates}")
        return str(first(q, ["a", "b"])), str(second(q, ["a", "b"]))

    SAID.clear()
    plain = two_judges("q")
    plain_said = list(SAID)
    SAID.clear()
    assert xcs.jit(two_judges)("q") == plain
    assert plain_said == SAID and len(SAID) == 2
