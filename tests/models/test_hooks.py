"""Call-path hooks: what they see (request, result, usage, errors), where they apply
(process-wide, or one context across threads and tasks), and what they may do (wait before
a call, answer it themselves). Over real HTTP to the simulator server and with `sim/`."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import doctest
import io
import threading
from pathlib import Path

import pytest

from ember import _core
from ember._core import _bucket, _hooks
from ember.errors import AuthenticationFailed, InvalidHookResult, MissingAPIKey, ProviderTimeout
from ember.models import (
    Answer,
    CallHook,
    ModelCall,
    ModelResult,
    Usage,
    _cache,
    add_hook,
    models,
    remove_hook,
    scoped_hooks,
)


class Recorder(CallHook):
    """Records what each call showed the hook, in order."""

    def __init__(self, name: str = "r", log: list | None = None) -> None:
        self.name = name
        self.log = log if log is not None else []
        self.lock = threading.Lock()

    def before(self, call: ModelCall):
        with self.lock:
            self.log.append((self.name, "before", call.model_id,
                             [m["content"] for m in call.messages], dict(call.params)))

    def after(self, call, result, error):
        with self.lock:
            self.log.append((self.name, "after", call.model_id, result, error))


@pytest.mark.parametrize("mod", [_hooks, _bucket, _cache])
def test_doctests(mod):
    assert doctest.testmod(mod).failed == 0


def test_hooks_see_every_call_with_its_request_and_result(endpoint):
    oa, server = endpoint("hookoa", wire="openai")
    an, _ = endpoint("hookan", wire="anthropic", server=server)
    rec = Recorder()
    binding = models.instance(f"{an}/judge", temperature=0)

    async def async_calls():
        return await asyncio.gather(models.acall(f"{oa}/gpt", "async http", seed=3),
                                    models.acall("sim/claude", "async sim", latency=0))

    with scoped_hooks(rec):
        results = [models(f"{oa}/gpt", "sync http", temperature=0, max_tokens=20),
                   binding("binding http"),
                   models("sim/gpt", "sync sim", system="Be brief", latency=0),
                   *asyncio.run(async_calls())]
    assert server.stats()["requests"] == 3  # and two sim/ calls
    befores = [e for e in rec.log if e[1] == "before"]
    afters = [e for e in rec.log if e[1] == "after"]
    assert len(befores) == len(afters) == 5
    seen = {e[3][-1]: e for e in befores}
    assert seen["sync http"][2:] == (f"{oa}/gpt", ["sync http"],
                                     {"temperature": 0, "max_tokens": 20})
    assert seen["binding http"][2] == f"{an}/judge"
    assert seen["binding http"][4] == {"temperature": 0}  # the binding's defaults are params
    assert seen["sync sim"][3] == ["Be brief", "sync sim"]  # system= is the first message
    assert seen["async http"][4] == {"seed": 3}
    # after: the very result the caller got, with its usage, and no error
    by_result = {id(e[3]): e for e in afters}
    for result in results:
        entry = by_result[id(result)]
        assert entry[2] == result.model_id and entry[4] is None
        assert isinstance(entry[3], ModelResult) and entry[3].usage.total_tokens > 0
    assert {e[2] for e in afters} == {f"{oa}/gpt", f"{an}/judge", "sim/gpt", "sim/claude"}


def test_errors_reach_the_after_hook(endpoint, make_server):
    name, server = endpoint("hookauth", sim={"api_key": "sk-right-one-0000"})
    rec = Recorder()
    with scoped_hooks(rec):
        with pytest.raises(AuthenticationFailed) as http_error:        # from the server
            models(f"{name}/gpt", "no key")
        with pytest.raises(ProviderTimeout) as sim_error:              # from sim/
            models("sim/gpt", "slow", latency=5, timeout=0.01)
        with pytest.raises(MissingAPIKey) as start_error:              # before any I/O
            models("openai/gpt-4o", "unconfigured")
    assert server.stats()["requests"] == 1
    afters = [e for e in rec.log if e[1] == "after"]
    assert [(e[2], e[3], e[4]) for e in afters] == [
        (f"{name}/gpt", None, http_error.value),
        ("sim/gpt", None, sim_error.value),
        ("openai/gpt-4o", None, start_error.value),
    ]


def test_a_failing_before_hook_stops_the_call_and_earlier_hooks_see_its_error(endpoint):
    name, server = endpoint("hookstop")
    log: list = []

    class Refuse(CallHook):
        def before(self, call):
            raise RuntimeError("budget spent")

    outer, later = Recorder("outer", log), Recorder("later", log)
    with scoped_hooks(outer, Refuse(), later), pytest.raises(RuntimeError, match="budget"):
        models(f"{name}/gpt", "Hi")
    assert server.stats()["requests"] == 0
    assert [(e[0], e[1]) for e in log] == [("outer", "before"), ("outer", "after")]
    assert isinstance(log[1][4], RuntimeError)


def test_global_and_scoped_hooks_run_in_order_and_scopes_nest():
    log: list = []
    glob, outer, inner = Recorder("global", log), Recorder("outer", log), Recorder("inner", log)
    add_hook(glob)
    add_hook(glob)  # once only
    try:
        with scoped_hooks(outer):
            with scoped_hooks(inner, outer):  # outer is already active: not twice
                models("sim/gpt", "nested", latency=0)
            models("sim/gpt", "outer only", latency=0)
    finally:
        remove_hook(glob)
    models("sim/gpt", "no hooks", latency=0)
    assert [(e[0], e[1]) for e in log] == [
        ("global", "before"), ("outer", "before"), ("inner", "before"),
        ("inner", "after"), ("outer", "after"), ("global", "after"),
        ("global", "before"), ("outer", "before"), ("outer", "after"), ("global", "after"),
    ]
    assert _core.active_hooks() == ()


def test_scoped_hooks_see_only_their_own_calls_across_threads(endpoint):
    name, server = endpoint("hookthreads", sim={"latency": 0.02})
    n = 6
    recorders = [Recorder(str(i)) for i in range(n)]
    glob = Recorder("global")
    start = threading.Barrier(n)

    def work(i: int) -> None:
        with scoped_hooks(recorders[i]):
            start.wait()  # all scopes open at once: their calls interleave
            for j in range(3):
                model = f"{name}/gpt" if j % 2 else "sim/gpt"
                models(model, f"t{i} c{j}", latency=0.02)

    add_hook(glob)
    try:
        threads = [threading.Thread(target=work, args=(i,)) for i in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        remove_hook(glob)
    for i, rec in enumerate(recorders):
        assert sorted(e[3][-1] for e in rec.log if e[1] == "before") == [
            f"t{i} c{j}" for j in range(3)]
        assert sum(e[1] == "after" and e[4] is None for e in rec.log) == 3
    assert sum(e[1] == "after" for e in glob.log) == 3 * n
    assert server.stats()["requests"] == n  # one HTTP call per thread


def test_scoped_hooks_see_only_their_own_calls_across_tasks():
    n = 8
    recorders = [Recorder(str(i)) for i in range(n)]

    async def task(i: int, everyone_in: asyncio.Barrier) -> None:
        with scoped_hooks(recorders[i]):
            await everyone_in.wait()
            await asyncio.gather(*(models.acall("sim/gpt", f"k{i} c{j}", latency=0.01)
                                   for j in range(3)))

    async def main() -> None:
        everyone_in = asyncio.Barrier(n)
        await asyncio.gather(*(task(i, everyone_in) for i in range(n)))

    asyncio.run(main())
    for i, rec in enumerate(recorders):
        assert sorted(e[3][-1] for e in rec.log if e[1] == "before") == [
            f"k{i} c{j}" for j in range(3)]
        assert sum(e[1] == "after" for e in rec.log) == 3


def test_an_async_before_hook_delays_the_call_until_it_is_done(endpoint):
    name, server = endpoint("hookwait")
    events: list[str] = []
    waiting = threading.Event()
    release: list[asyncio.Event] = []

    class Hold(CallHook):
        async def before(self, call):
            # Runs on Ember's loop, before the request is sent.
            gate = asyncio.Event()
            release.append(gate)
            events.append("waiting")
            waiting.set()
            await gate.wait()
            events.append("released")

        def after(self, call, result, error):
            events.append(f"after {server.stats()['requests']} request(s)")

    out: list = []
    with scoped_hooks(Hold()):
        caller = threading.Thread(target=lambda: out.append(models(f"{name}/gpt", "Hi")))
        # A thread started by hand has an empty context: it sees no hook...
        caller.start()
        caller.join()
        assert events == [] and server.stats()["requests"] == 1
        # ... so make the call from a copy of this context.
        ctx = contextvars.copy_context()
        caller = threading.Thread(target=ctx.run,
                                  args=(lambda: out.append(models(f"{name}/gpt", "Hi")),))
        caller.start()
        assert waiting.wait(10)
        assert server.stats()["requests"] == 1  # held: nothing sent yet
        loop = _core.get_loop()
        loop.call_soon_threadsafe(release[0].set)
        caller.join()
    assert events == ["waiting", "released", "after 2 request(s)"]
    assert out[0] == out[1] and server.stats()["requests"] == 2


def test_a_hook_answers_a_call_without_any_request_reaching_the_server(endpoint):
    name, server = endpoint("hookanswer")
    canned = ModelResult("from the hook", model_id=f"{name}/gpt", usage=Usage(0, 0))
    log: list = []

    class Cached(CallHook):
        def before(self, call):
            return Answer(canned) if call.messages[-1]["content"] == "known" else None

    class CachedLater(CallHook):
        async def before(self, call):
            return Answer(canned) if call.messages[-1]["content"] == "known later" else None

    outer, inner = Recorder("outer", log), Recorder("inner", log)
    cached, later = Cached(), CachedLater()
    with scoped_hooks(outer, cached, later, inner):
        assert models(f"{name}/gpt", "known") is canned
        assert asyncio.run(models.acall(f"{name}/gpt", "known later")) is canned
        fresh = models(f"{name}/gpt", "unknown")
    assert server.stats()["requests"] == 1 and fresh != canned
    phases = [(e[0], e[1]) for e in log]
    assert phases[:2] == [("outer", "before"), ("outer", "after")]  # inner never ran
    assert log[1][3] is canned
    # An awaited answer: hooks whose before had already run still get their after.
    assert phases[2:6] == [("outer", "before"), ("inner", "before"),
                           ("inner", "after"), ("outer", "after")]
    assert log[4][3] is canned and log[5][3] is canned


def test_answered_by_names_the_hook():
    seen: list = []

    class Cached(CallHook):
        def before(self, call):
            return Answer(ModelResult("x", model_id=call.model_id))

    class Watch(CallHook):
        def after(self, call, result, error):
            seen.append(call.answered_by)

    cached = Cached()
    with scoped_hooks(Watch(), cached):
        models("sim/gpt", "Hi", latency=0)
    assert seen == [cached]


def test_a_before_hook_returning_something_else_is_a_typed_error():
    class Wrong(CallHook):
        def before(self, call):
            return "not an answer"

    with scoped_hooks(Wrong()), pytest.raises(InvalidHookResult, match="Wrong.before"):
        models("sim/gpt", "Hi", latency=0)


def test_cancelling_a_call_held_in_a_hook_ends_it_in_after_and_sends_nothing(endpoint):
    name, server = endpoint("hookcancel")
    held = threading.Event()
    errors: list = []

    class Hold(CallHook):
        async def before(self, call):
            held.set()
            await asyncio.Event().wait()  # until cancelled

        def after(self, call, result, error):
            errors.append(error)

    async def main() -> None:
        with scoped_hooks(Hold()):
            task = asyncio.ensure_future(models.acall(f"{name}/gpt", "Hi"))
        while not held.is_set():
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(main())
    assert server.stats()["requests"] == 0
    assert len(errors) == 1 and isinstance(errors[0], asyncio.CancelledError)


def test_the_example_in_the_docs_runs():
    text = (Path(__file__).parents[2] / "docs" / "providers.md").read_text()
    section = text[text.index("## Call-path hooks"):]
    start = section.index("```python\n") + len("```python\n")
    code = section[start:section.index("```", start)]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "providers.md", "exec"), {})
    assert out.getvalue().split("\n")[:2] == ["pong", "2 True"]
    assert _core.active_hooks() == ()


def test_an_error_in_after_reaches_the_caller_once_every_after_ran():
    log: list = []

    class Broken(CallHook):
        def after(self, call, result, error):
            raise RuntimeError("after failed")

    outer = Recorder("outer", log)
    with scoped_hooks(outer, Broken()), pytest.raises(RuntimeError, match="after failed"):
        models("sim/gpt", "Hi", latency=0)
    assert [(e[0], e[1]) for e in log] == [("outer", "before"), ("outer", "after")]
    assert log[1][4] is None  # the call itself succeeded
