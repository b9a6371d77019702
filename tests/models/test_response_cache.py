"""The response cache: a call-path hook over the one answer store, tested over real HTTP
(the simulator server counts what reaches it), in memory and on disk across processes."""

from __future__ import annotations

import asyncio
import doctest
import subprocess
import sys

import pytest

from ember.errors import ProviderUnavailable
from ember.models import CallHook, ResponseCache, _response_cache, models, scoped_hooks


def test_doctests():
    assert doctest.testmod(_response_cache).failed == 0


def test_deterministic_calls_are_served_and_others_go_through(endpoint):
    name, server = endpoint("rc")
    cache = ResponseCache()
    with scoped_hooks(cache):
        first = models(f"{name}/gpt", "Hi", temperature=0, max_tokens=30)
        again = models(f"{name}/gpt", "Hi", temperature=0, max_tokens=30, timeout=9)
        assert server.stats()["requests"] == 1          # timeout does not change the answer
        seeded = [models(f"{name}/gpt", "Hi", temperature=0.9, seed=4) for _ in range(2)]
        assert server.stats()["requests"] == 2          # a seed makes it repeatable too
        for _ in range(2):
            models(f"{name}/gpt", "Hi", temperature=0.9)  # sampled: never served
        models(f"{name}/gpt", "Hi", temperature=0, max_tokens=31)   # another request
        models(f"{name}/judge", "Hi", temperature=0, max_tokens=30)  # another model
    assert server.stats()["requests"] == 6
    assert again == first and again.usage == first.usage and again.model_id == first.model_id
    assert again.cost_usd == 0.0 and seeded[0] == seeded[1]
    models(f"{name}/gpt", "Hi", temperature=0, max_tokens=30)  # outside the scope: sent
    assert server.stats()["requests"] == 7


def test_identical_calls_in_flight_make_one_request(endpoint):
    name, server = endpoint("rcflight", sim={"latency": 0.05})
    seen: list = []

    class Who(CallHook):
        def after(self, call, result, error):
            seen.append(call.answered_by)

    cache = ResponseCache()

    async def main():
        with scoped_hooks(Who(), cache):
            return await asyncio.gather(*(models.acall(f"{name}/gpt", "same", seed=1)
                                          for _ in range(6)))

    results = asyncio.run(main())
    assert server.stats()["requests"] == 1
    assert len(set(results)) == 1
    assert sorted(x is cache for x in seen) == [False] + [True] * 5


def test_failures_are_not_kept(endpoint):
    name, server = endpoint("rcfail", sim={"fail_500": 1.0}, max_attempts=1)
    with scoped_hooks(ResponseCache()):
        for _ in range(2):
            with pytest.raises(ProviderUnavailable):
                models(f"{name}/gpt", "Hi", temperature=0)
    assert server.stats()["requests"] == 2


_CHILD = """
import sys
from ember.models import ResponseCache, models, scoped_hooks
name, path, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
with scoped_hooks(ResponseCache(path)):
    for i in range(first, first + count):
        models(f"{name}/gpt", f"question {i}", temperature=0)
"""


def _child(name: str, path: str, first: int, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", _CHILD, name, path, str(first), str(count)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_answers_on_disk_outlive_the_run_and_are_shared_by_processes(endpoint, tmp_path):
    name, server = endpoint("rcdisk")
    path = str(tmp_path / "cache" / "answers.db")
    # Two processes write to the same file at once (overlapping keys 10..19).
    children = [_child(name, path, 0, 20), _child(name, path, 10, 20)]
    for child in children:
        _, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
    sent = server.stats()["requests"]
    assert 30 <= sent <= 40  # 30 distinct questions; an overlap may be asked twice at once
    # A third process, and this one, find all 30 on disk: nothing more is sent.
    third = _child(name, path, 0, 30)
    assert third.wait(timeout=120) == 0, third.stderr.read()
    cache = ResponseCache(path)
    with scoped_hooks(cache):
        answer = models(f"{name}/gpt", "question 29", temperature=0)
    assert server.stats()["requests"] == sent
    assert answer == models(f"{name}/gpt", "question 29", temperature=0)  # the same text
    assert answer.cost_usd == 0.0 and cache.store.hits == 1
    cache.clear()
    with scoped_hooks(ResponseCache(path)):
        models(f"{name}/gpt", "question 29", temperature=0)
    assert server.stats()["requests"] == sent + 2  # the uncached call above, and this one
