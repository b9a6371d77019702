"""Everyday loops: polls, progress written to stdout, report lines written to a file.

A loop that reads the same thing on every pass (``for _ in range(3): get(status_url)``) is
a poll: what it reads may move on with each read, so its reads keep their order, where a
model call asked the same prompt several times (sampling) still overlaps. A progress bar
written with ``sys.stdout.write`` is ordered output as print is, and a report line handed
to a file's ``write`` (``json.dumps(row) + "\\n"``, an f-string) changes none of the locals
it was made from: the loops' reads overlap, and stdout and the file end as in the plain
run.
"""

from __future__ import annotations

import json
import re
import string
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import requests

from ember import xcs
from ember.xcs import Kind
from ember.xcs._effects import rule_for_call
from tests.xcs._items_server import Items


def _status(web: str, job: str) -> str:
    return requests.get(f"{web}/jobs/{job}?ms=60&seen=1").text


def polled_in_a_loop(web: str) -> list[str]:
    statuses = []
    for _ in range(3):
        statuses.append(requests.get(f"{web}/jobs/j1?ms=60&seen=1").text)
    return statuses


def polled_in_a_comprehension(web: str) -> list[str]:
    return [_status(web, "j2") for _ in range(3)]


@pytest.mark.parametrize("fn", [polled_in_a_loop, polled_in_a_comprehension],
                         ids=lambda f: f.__name__)
def test_a_read_with_the_same_arguments_on_every_pass_is_a_poll(
        web: str, fn: Callable[[str], list[str]]) -> None:
    plain = fn(web)
    assert plain[0].endswith("-0") and plain[2].endswith("-2")
    Items.reset()
    jitted = xcs.jit(fn)(web)
    assert jitted == plain
    assert Items.peak == 1


class Sampler:
    """A model call's stand-in: the most calls in flight at once."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.now = self.most = 0


SAMPLES = Sampler()


@xcs.effect("model")
def sample(prompt: str) -> str:
    with SAMPLES.lock:
        SAMPLES.now += 1
        SAMPLES.most = max(SAMPLES.most, SAMPLES.now)
    time.sleep(0.05)
    with SAMPLES.lock:
        SAMPLES.now -= 1
    return prompt.upper()


def sampled(prompt: str) -> list[str]:
    return [sample(prompt) for _ in range(4)]


def test_the_same_prompt_sampled_again_still_overlaps() -> None:
    SAMPLES.most = 0
    plain = sampled("q")
    assert SAMPLES.most == 1
    SAMPLES.most = 0
    assert xcs.jit(sampled)("q") == plain
    assert SAMPLES.most >= 2


def _get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/{key}?ms={ms}").text


KEYS = (("a", 160), ("bb", 60), ("ccc", 110), ("dd", 80))


def progress_bar(web: str) -> int:
    done = 0
    for key, ms in KEYS:
        _get(web, key, ms)
        done += 1
        sys.stdout.write(f"\r[{'#' * done}{'.' * (len(KEYS) - done)}] {key}")
    sys.stdout.write("\n")
    return done


STYLE = {"end": "?"}


def _ask(prompt: str) -> str:
    return sample(prompt + STYLE["end"])  # (it reads a global: what the loop changes?)


def report_lines(folder: str) -> list[int]:
    sizes = []
    with open(Path(folder) / "answers.jsonl", "w") as out:
        for n, key in enumerate(["a", "bb", "ccc"]):
            answer = _ask(key)
            out.write(json.dumps({"n": n, "answer": answer}) + "\n")
            out.write(f"# {key}: {len(answer)}\n")
            sizes.append(len(answer))
    return sizes


def test_a_progress_bar_on_stdout_keeps_its_order_and_the_reads_overlap(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    plain = progress_bar(web), capsys.readouterr().out
    assert Items.peak == 1 and plain[1].count("#") == 10
    Items.reset()
    assert (xcs.jit(progress_bar)(web), capsys.readouterr().out) == plain
    assert Items.peak >= 2


def test_report_lines_written_from_each_answer_overlap_their_model_calls(
        tmp_path: Path) -> None:
    """(A GET of a server on this machine stays behind a file write: the server may read
    the file. A model call does not.)"""
    (tmp_path / "p").mkdir()
    (tmp_path / "j").mkdir()
    SAMPLES.most = 0
    plain = report_lines(str(tmp_path / "p"))
    assert SAMPLES.most == 1
    SAMPLES.most = 0
    assert xcs.jit(report_lines)(str(tmp_path / "j")) == plain
    assert SAMPLES.most >= 2
    assert (tmp_path / "j" / "answers.jsonl").read_text() == (
        tmp_path / "p" / "answers.jsonl").read_text()


class Sink:
    """A file-like object of yours: its ``write`` PUTs what it is given."""

    def __init__(self, web: str) -> None:
        self.web = web

    def write(self, text: str) -> int:
        requests.put(f"{self.web}/put-{text.strip()}?ms=1")
        return len(text)


def written_to_a_sink_of_yours(web: str) -> list[str]:
    sink = Sink(web)
    out = []
    for key, ms in KEYS:
        sink.write(f"{key}\n")
        out.append(_get(web, key, ms))
    return out


def written_to_stdout_of_yours(web: str) -> list[str]:
    saved, sys.stdout = sys.stdout, Sink(web)  # type: ignore[assignment]
    try:
        out = []
        for key, ms in KEYS:
            sys.stdout.write(f"{key}\n")
            out.append(_get(web, key, ms))
        return out
    finally:
        sys.stdout = saved


@pytest.mark.parametrize("fn", [written_to_a_sink_of_yours, written_to_stdout_of_yours],
                         ids=lambda f: f.__name__)
def test_a_write_of_yours_keeps_the_reads_after_it(web: str, fn: Callable[[str], Any]) -> None:
    plain = fn(web), list(Items.order)
    Items.reset()
    assert (xcs.jit(fn)(web), list(Items.order)) == plain


def flushed_progress(web: str) -> int:
    done = 0
    for key, ms in KEYS:
        sys.stdout.write(f"\r{key}")
        sys.stdout.flush()
        done += len(_get(web, key, ms))
    sys.stdout.write("\n")
    return done


def test_a_flushed_progress_line_is_output_too(web: str, capsys: pytest.CaptureFixture[str]
                                              ) -> None:
    plain = flushed_progress(web), capsys.readouterr().out
    Items.reset()
    assert (xcs.jit(flushed_progress)(web), capsys.readouterr().out) == plain
    assert Items.peak >= 2


TEMPLATE = string.Template("Question: $q ($role)")


class Loud:
    def __str__(self) -> str:
        print("formatted")
        return "loud"


def templated_with_an_object_of_yours(web: str) -> list[str]:
    out = []
    for key, ms in [("a", 160), ("bb", 60)]:
        print("item", key)
        out.append(_get(web, TEMPLATE.substitute(q=Loud(), role=key).split()[1], ms))
    return out


def test_a_template_filled_with_plain_values_computes(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`string.Template.substitute` with plain values is pure; with an object of yours,
    its ``__str__`` runs in place, in order."""
    assert rule_for_call(TEMPLATE.substitute, (), {"q": "x", "role": "y"}).kind is Kind.PURE
    assert rule_for_call(TEMPLATE.substitute, (), {"q": Loud(), "role": "y"}).kind is (
        Kind.UNKNOWN)
    plain = templated_with_an_object_of_yours(web), capsys.readouterr().out
    assert "formatted" in plain[1]
    assert (xcs.jit(templated_with_an_object_of_yours)(web), capsys.readouterr().out) == plain


WORDS = ("a", "bb", "ccc")


def printed_module_words(web: str) -> list[str]:
    out = []
    for word in WORDS:
        print("asking", word.upper())
        out.append(_get(web, word, 60 + 40 * len(word)))
    return out


def _swap_words() -> None:
    global WORDS
    WORDS = (Loud(), Loud())  # type: ignore[assignment]


def templated_after_a_swap(web: str) -> list[str]:
    _swap_words()  # (rebinds the module's tuple before the loop walks it)
    out = []
    for word in WORDS:
        print("item")
        out.append(_get(web, TEMPLATE.substitute(q=word, role="x").split()[1], 60))
    return out


def templated_swapped_between_passes(web: str) -> list[str]:
    out = []
    for n in range(2):
        for word in WORDS:
            print("item", n)
            out.append(_get(web, TEMPLATE.substitute(q=word, role="x").split()[1], 60))
        _swap_words()
    return out


def test_a_loop_over_a_modules_tuple_types_its_items(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The items of a module's tuple of str are str (the tuple's identity is checked when
    the call starts, and nothing run before the loop can rebind it): printing one runs no
    code of yours, and the reads overlap around the prints."""
    plain = printed_module_words(web), capsys.readouterr().out
    Items.reset()
    assert (xcs.jit(printed_module_words)(web), capsys.readouterr().out) == plain
    assert Items.peak >= 2


@pytest.mark.parametrize("fn", [templated_after_a_swap, templated_swapped_between_passes],
                         ids=lambda f: f.__name__)
def test_a_modules_tuple_rebound_during_the_call_is_walked_as_written(
        web: str, fn: Any, capsys: pytest.CaptureFixture[str]) -> None:
    global WORDS
    saved = WORDS
    try:
        plain = fn(web), capsys.readouterr().out
        assert "formatted" in plain[1]
        WORDS = saved
        assert (xcs.jit(fn)(web), capsys.readouterr().out) == plain
    finally:
        WORDS = saved


class LoudKey:
    """A key of yours whose formatting prints."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format", self.s)
        return self.s

    def __hash__(self) -> int:
        return hash(self.s)


def keyed_by_formatting(web: str) -> dict[str, str]:
    keys = [LoudKey("m"), LoudKey("n"), LoudKey("o")]
    return {f"{k}": requests.get(f"{web}/{k}?ms=60").text for k in keys}


def test_a_comprehension_formatting_a_key_of_yours_twice_keeps_the_order(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    """``{f"{k}": get(f"{k}")}``: the key is formatted in place, item by item; started
    ahead, the read's own formatting of the same object would print before it."""
    plain = keyed_by_formatting(web), capsys.readouterr().out
    assert plain[1].startswith("format m\nformat m\nformat n")
    assert (xcs.jit(keyed_by_formatting)(web), capsys.readouterr().out) == plain


@xcs.effect("model")
def sample_with(settings: dict[str, str], prompt: str) -> str:
    return sample(settings["prefix"] + prompt)


def _score(answer: str) -> int:
    return len(answer)


def tallied_from_zero(settings: dict[str, str], prompts: list[str]) -> tuple[int, int]:
    correct = total = 0
    for p in prompts:
        correct += _score(sample_with(settings, p))
        total += 1
    return correct, total


def test_counters_started_by_one_chained_assignment_are_numbers() -> None:
    """``correct = total = 0``: two ints, which ``+=`` rebinds; the loop's calls, handed
    an object of the caller's, start for every item."""
    prompts = ["a", "bb", "ccc", "dddd"]
    settings = {"prefix": "q:"}
    plain = tallied_from_zero(settings, prompts)
    SAMPLES.most = 0
    assert xcs.jit(tallied_from_zero)(settings, prompts) == plain == (18, 4)
    assert SAMPLES.most >= 2


QUESTIONS = ["one", "two", "three", "four"]


def appended_per_answer(folder: str) -> str:
    path = Path(folder) / "answers.jsonl"
    for q in QUESTIONS:
        answer = sample(q)
        with open(path, "a") as f:
            f.write(json.dumps({"q": q, "a": answer}) + "\n")
    return path.read_text()


def test_a_file_opened_in_the_body_to_append_each_answer_keeps_its_lines(
        tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    (tmp_path / "jit").mkdir()
    plain = appended_per_answer(str(tmp_path / "plain"))
    SAMPLES.most = 0
    assert xcs.jit(appended_per_answer)(str(tmp_path / "jit")) == plain
    assert plain.splitlines()[2] == '{"q": "three", "a": "THREE"}'
    assert SAMPLES.most >= 2


def first_words(prompts: list[str]) -> list[str]:
    out = []
    for p in prompts:
        m = re.search(r"[A-Z]+", sample(p))
        out.append(m.group(0))
    return out


def test_a_regex_match_taken_from_each_answer_is_the_matchs() -> None:
    prompts = ["ab cd", "ef", "gh ij", "kl"]
    plain = first_words(prompts)
    SAMPLES.most = 0
    assert xcs.jit(first_words)(prompts) == plain == ["AB", "EF", "GH", "KL"]
    assert SAMPLES.most >= 2
    with pytest.raises(AttributeError) as jitted:  # (no match: None has no group, in place)
        xcs.jit(first_words)(["a", "1"])
    with pytest.raises(AttributeError) as plain_error:
        first_words(["a", "1"])
    assert str(jitted.value) == str(plain_error.value)


LIMITED = ["one", "two", "three", "four", "five"]


def first_answers(limit: int) -> list[str]:
    return [sample(q) for q in LIMITED[:limit]]


def test_a_comprehension_over_a_slice_of_a_global_list_overlaps() -> None:
    plain = first_answers(3)
    SAMPLES.most = 0
    assert xcs.jit(first_answers)(3) == plain == ["ONE", "TWO", "THREE"]
    assert SAMPLES.most >= 2
