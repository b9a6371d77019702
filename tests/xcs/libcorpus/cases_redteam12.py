"""Red-team cases (stop 21), twelfth part: a time budget spent across calls, random draws
around a started read, one function called first with two lists and then with one list
twice, crawls written as a while loop, a comprehension or a map whose helper extends the
list, the working directory changed between file reads, a file reached by two paths, and
small programs around the SDKs.
"""

from __future__ import annotations

import collections
import json
import os
import random
import time
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client
from tests.xcs.libcorpus._web import tmp_web_args, value, web_args

# --------------------------------------------------------------------------- budgets and draws


def time_budget_spent_across_calls(base: str) -> list[Any]:
    deadline = time.monotonic() + 0.1
    a = value(base, "tb1?ms=150")
    try:
        left = max(0.01, deadline - time.monotonic())
        b = requests.get(f"{base}/items/tb2?ms=80", timeout=left).json()["value"]
    except requests.Timeout:
        b = "out of time"
    return [a, b]


def random_draws_around_a_read(base: str) -> list[Any]:
    random.seed(5)
    a = value(base, "rd0")
    print("jitter", random.randint(0, 999))
    b = value(base, f"rd{random.randint(0, 999)}")
    return [a, b]


def rng_object_draws_around_a_read(base: str) -> list[Any]:
    rng = random.Random(9)
    a = value(base, "rg0")
    print("jitter", rng.randint(0, 999))
    b = value(base, f"rg{rng.randint(0, 999)}")
    return [a, b]


def first_and_second(base: str, a: list[str], b: list[str]) -> list[str]:
    first = value(base, "fs0")
    b[0] = b[0] + "-new"
    return [first, value(base, a[0])]


def _distinct_then_shared(f: Any, env: Env) -> list[Any]:
    out = [f(env.web, ["fs1"], ["fs2"])]
    shared = ["fs3"]
    out.append(f(env.web, shared, shared))  # the second call aliases its two lists
    return out


# --------------------------------------------------------------------------- crawls


def crawl_with_a_while_loop(base: str) -> list[str]:
    todo = collections.deque(["wq"])
    seen = []
    while todo:
        k = todo.popleft()
        seen.append(value(base, k))
        if len(k) < 4:
            todo.append(k + "x")
    return seen


def fetch_and_discover(base: str, key: str, todo: list[str]) -> str:
    v = value(base, key)
    if len(todo) < 3:
        todo.append(key + "d")
    return v


def crawl_as_a_comprehension(base: str) -> list[str]:
    todo = ["cq"]
    return [fetch_and_discover(base, k, todo) for k in todo]


def discover(key: str, todo: list[str]) -> str:
    if len(todo) < 3:
        todo.append(key + "m")
    return key


def crawl_keys_grown_by_a_pure_helper_in_the_element(base: str) -> list[str]:
    todo = ["pm"]
    return [value(base, discover(k, todo)) for k in todo]


# --------------------------------------------------------------------------- paths


def _two_dirs(env: Env) -> None:
    for d in ("one", "two"):
        (env.tmp / d).mkdir()
        (env.tmp / d / "data.txt").write_text(f"in {d}")


def chdir_between_relative_reads(folder: str, base: str) -> list[str]:
    here = os.getcwd()
    try:
        os.chdir(f"{folder}/one")
        a = Path("data.txt").read_text()
        v = value(base, "cd")
        os.chdir(f"{folder}/two")
        b = Path("data.txt").read_text()
    finally:
        os.chdir(here)
    return [a, v, b]


def _linked(env: Env) -> None:
    (env.tmp / "real.txt").write_text("old")
    os.symlink(env.tmp / "real.txt", env.tmp / "link.txt")


def write_by_one_path_read_by_a_link(folder: str, base: str) -> list[str]:
    a = value(base, "ln0")
    Path(folder, "real.txt").write_text("new")
    b = value(base, "ln1")
    return [a, Path(folder, "link.txt").read_text(), b]


def write_by_a_dotted_path_then_read(folder: str, base: str) -> list[str]:
    a = value(base, "dp0")
    with open(os.path.join(folder, ".", "sub", "..", "dotted.txt"), "w") as f:
        f.write("written")
    b = value(base, "dp1")
    return [a, Path(folder, "dotted.txt").read_text(), b]


def _sub(env: Env) -> None:
    (env.tmp / "sub").mkdir()


# --------------------------------------------------------------------------- SDK programs


def summarise_files_with_a_model(folder: str, client: Any) -> list[Any]:
    log = corpus_logger("redteam12.summarise")
    notes = sorted(Path(folder).glob("*.md"))
    answers = {}
    for p in notes:
        r = client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": p.read_text()}])
        answers[p.name] = r.choices[0].message.content
        log.info("summarised %s", p.name)
    Path(folder, "summary.json").write_text(json.dumps(answers, sort_keys=True))
    up = client.files.create(file=("summary.json", Path(folder, "summary.json").read_bytes()),
                             purpose="assistants")
    return [sorted(answers), up.filename, [f.filename for f in client.files.list()]]


def _notes(env: Env) -> None:
    for i in range(3):
        (env.tmp / f"n{i}.md").write_text(f"note number {i}")


def judge_until_yes(client: Any) -> list[Any]:
    tries = []
    for i in range(3):
        r = client.chat.completions.create(
            model="judge", messages=[{"role": "user", "content": f"attempt {i}: ok?"}])
        text = r.choices[0].message.content or ""
        tries.append(len(text))
        if "yes" in text.lower():
            break
    return tries


CASES = [
    Case("sleep", time_budget_spent_across_calls, args=web_args, servers="web"),
    Case("state", random_draws_around_a_read, args=web_args, servers="web"),
    Case("state", rng_object_draws_around_a_read, args=web_args, servers="web"),
    Case("rebind", first_and_second, drive=_distinct_then_shared, servers="web"),
    Case("where", crawl_with_a_while_loop, args=web_args, servers="web"),
    Case("where", crawl_as_a_comprehension, args=web_args, servers="web"),
    Case("where", crawl_keys_grown_by_a_pure_helper_in_the_element, args=web_args,
         servers="web"),
    Case("files", chdir_between_relative_reads, args=tmp_web_args, servers="web",
         setup=_two_dirs),
    Case("files", write_by_one_path_read_by_a_link, args=tmp_web_args, servers="web",
         setup=_linked),
    Case("files", write_by_a_dotted_path_then_read, args=tmp_web_args, servers="web",
         setup=_sub),
    Case("sdk", summarise_files_with_a_model,
         args=lambda env: (str(env.tmp), openai_client(env)), servers="api", setup=_notes),
    Case("sdk", judge_until_yes, args=lambda env: (openai_client(env),), servers="api"),
]
