"""A run killed with SIGKILL mid-way and resumed: nothing lost, nothing repeated, no
completed item called again, and the same summary as a run that was never interrupted.

The run is `ember eval` in a subprocess against a simulator server owned by this test, so
the server's request counters see both processes.
"""

from __future__ import annotations

import json
import os
import subprocess

from ember.api import eval
from ember.sim import generate
from tests.conftest import eval_command, read_records, run_until_killed

N_ITEMS = 300
CALLS_PER_ITEM = 2
CAP = 10

SYSTEM = """
from ember.api import models

async def two_calls(question):
    draft = await models.acall("simkill/gpt", question, temperature=0)
    return await models.acall("simkill/judge", "Check: " + draft, temperature=0)
"""


def _expected(question: str) -> str:
    def text(model: str, prompt: str) -> str:
        return generate(model, [{"role": "user", "content": prompt}], temperature=0).text

    return text("judge", "Check: " + text("gpt", question))


def _recorded(path) -> list[tuple]:
    return read_records(path, "key, output, score, finished_at")


def test_sigkill_then_resume_loses_nothing_and_repeats_nothing(tmp_path, endpoint, write_module):
    name, server = endpoint("simkill", sim={"latency": 0.02})
    write_module("killsys", SYSTEM)
    rows = [{"question": f"question {i}",
             "answer": _expected(f"question {i}") if i % 3 == 0 else "wrong"}
            for i in range(N_ITEMS)]
    cmd, dataset, record = eval_command(tmp_path, "killsys:two_calls", rows, CAP)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}

    # 1. Start the run and SIGKILL it once a good part of the items are recorded.
    run_until_killed(cmd, cwd=tmp_path, env=env, timeout=30,
                     until=lambda: len(_recorded(record)) >= N_ITEMS // 3)
    before = {key: (output, score, at) for key, output, score, at in _recorded(record)}
    killed_stats = server.stats()
    assert N_ITEMS // 3 <= len(before) < N_ITEMS
    # Every call the killed run made belongs to a recorded item or to one in flight.
    wasted = killed_stats["requests"] - CALLS_PER_ITEM * len(before)
    assert 0 <= wasted <= CALLS_PER_ITEM * CAP

    # 2. Resume: only the items not recorded are run, each exactly once.
    server.reset_stats()
    done = subprocess.run([*cmd, "--resume"], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    resumed_stats = server.stats()
    assert resumed_stats["requests"] == CALLS_PER_ITEM * (N_ITEMS - len(before))
    assert resumed_stats["completed"] == resumed_stats["requests"]
    assert resumed_stats["rate_limited"] == 0
    after = _recorded(record)
    assert [key for key, *_ in after] == [str(i) for i in range(N_ITEMS)]  # each exactly once
    for key, output, score, at in after:
        if key in before:
            assert (output, score, at) == before[key]  # recorded once, never rewritten
    summary = json.loads(done.stdout)
    assert summary["resumed"] == len(before) and summary["items"] == N_ITEMS
    assert summary["calls"] == CALLS_PER_ITEM * N_ITEMS

    # 3. The same summary as an uninterrupted run.
    from killsys import two_calls

    server.reset_stats()
    whole = eval.evaluate(two_calls, dataset, "exact", max_items_in_flight=CAP, progress=False,
                          record=str(tmp_path / "whole.db"), name="killsys:two_calls")
    assert server.stats()["requests"] == CALLS_PER_ITEM * N_ITEMS
    resumed = eval.read_record(record)
    assert resumed.summary.outcome() == whole.summary.outcome()
    assert whole.summary.score == 100 / 300
    assert [(r.key, r.output, r.score) for r in resumed.records] == [
        (r.key, r.output, r.score) for r in whole.records]
