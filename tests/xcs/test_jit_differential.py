"""Differential fuzzing: random ordinary functions, run plain and jitted, must agree.

Hypothesis writes functions out of the statements users write around I/O calls (calls
feeding calls, pure work, helpers making calls, branches on results, try/except and
try/finally around a failing call, loops with and without break, while loops,
comprehensions of calls, list and attribute mutation, ordered writes), as source files,
since the JIT reads source. Each function runs plain, then jitted (first call and a second call with new
arguments); the results, the exception (type and message) and the log of writes must be
equal. Derandomized and without a database, so CI is reproducible; raise
``JIT_DIFF_EXAMPLES`` to fuzz longer.
"""

from __future__ import annotations

import asyncio
import gc
import importlib.util
import itertools
import os
import shutil
import sys
import tempfile
import textwrap
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ember.xcs import get_jit_stats, jit

EXAMPLES = int(os.environ.get("JIT_DIFF_EXAMPLES", "120"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])

# The module every generated function lives in: I/O stand-ins and a log of writes.
HELPERS = '''
import asyncio
import json
import time

LOG = []


def fetch(x):
    time.sleep(0.001)
    return (x * 31 + 7) % 1009


def check(x):
    time.sleep(0.001)
    if x % 7 == 3:
        raise ValueError(f"bad {x}")
    return x + 1


def text(x):
    time.sleep(0.001)
    return json.dumps({"n": x % 13})


def record(x):
    LOG.append(x)


def mix(a, b):
    return (a * 3 + b) % 101


def pair(x):
    return fetch(x) + fetch(x + 1)


class Box:
    n = 0


async def afetch(x):
    await asyncio.sleep(0.001)
    return (x * 17 + 3) % 1009


async def apair(x):
    return await afetch(x) + await afetch(x + 1)


async def acheck(x):
    await asyncio.sleep(0.001)
    if x % 5 == 2:
        raise KeyError(x)
    return x - 1
'''

_counter = itertools.count()
_dir = Path(tempfile.mkdtemp(prefix="ember-jit-diff-"))


@pytest.fixture(scope="module", autouse=True)
def _cleanup():
    yield
    shutil.rmtree(_dir, ignore_errors=True)
    for name in [m for m in sys.modules if m.startswith("ember_diff_")]:
        del sys.modules[name]


def load(body: str, is_async: bool) -> Any:
    """A fresh module holding `HELPERS` and ``f(p, q)`` with `body`."""
    name = f"ember_diff_{next(_counter)}"
    head = "async def f(p, q):\n" if is_async else "def f(p, q):\n"
    path = _dir / f"{name}.py"
    path.write_text(HELPERS + "\n\n" + head + textwrap.indent(body, "    ") + "\n")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# --- statements: each reads earlier variables and binds the next one -----------------------

def _operand(names: list[str]) -> st.SearchStrategy[str]:
    name = st.sampled_from(names)
    return st.one_of(
        name,
        st.builds(lambda a, k: f"{a} + {k}", name, st.integers(0, 9)),
        st.builds(lambda a, b: f"({a} * {b}) % 97", name, name),
    )


def _statement(names: list[str], v: str, is_async: bool) -> st.SearchStrategy[str]:
    x = _operand(names)
    read, failing, helper = (("await afetch", "await acheck", "await apair") if is_async
                             else ("fetch", "check", "pair"))
    err = "KeyError" if is_async else "ValueError"
    common = [
        st.builds(lambda e: f"{v} = {read}({e})", x),
        st.builds(lambda e: f"{v} = {e}", x),
        st.builds(lambda a, b: f"{v} = mix({a}, {b})", x, x),
        st.builds(lambda e: f"{v} = {failing}({e})", x),
        st.builds(lambda e: f"try:\n    {v} = {failing}({e})\nexcept {err} as exc:\n"
                            f"    {v} = -len(str(exc))", x),
        st.builds(lambda c, e, o: f"if {c} % 2:\n    {v} = {read}({e})\nelse:\n    {v} = {o}",
                  st.sampled_from(names), x, x),
        st.builds(lambda e: f"record({e})\n{v} = len(LOG)", x),
        st.builds(lambda a, b: f"{v} = {read}({a}) + {read}({b})", x, x),
        st.builds(lambda e: f"{v} = {helper}({e})", x),
        st.builds(lambda e: f"box = Box()\nbox.n = {read}({e})\n{v} = box.n", x),
        st.builds(lambda e, o: f"try:\n    {v} = {failing}({e})\nfinally:\n    record({o})",
                  x, x),
        st.builds(lambda e, k: f"{v} = 0\nfor i in range({k}):\n"
                               f"    if {failing}(i + {e}) > 60:\n        break\n"
                               f"    {v} = {v} + i", x, st.integers(0, 6)),
        st.builds(lambda k: f"{v} = 0\nwhile {v} < {k}:\n    {v} = {v} + 1 + {read}({v}) % 3",
                  st.integers(0, 6)),
        st.builds(lambda e, k: f"{v} = sum([{read}(i + {e}) for i in range({k})])",
                  x, st.integers(0, 6)),
        st.builds(lambda e, k: f"{v} = sum([{read}(i + {e}) for i in range({k}) if {read}(i) % 3])",
                  x, st.integers(0, 6)),
        st.builds(lambda e, k: f"{v} = {{i: {read}(i + {e}) for i in range({k})}}\n"
                               f"{v} = sum({v}.values())", x, st.integers(0, 4)),
        st.builds(lambda e, k: f"{v} = 0\nfor i in range({k}):\n"
                               f"    {v} = {v} + {read}(i * 2 + {e})", x, st.integers(0, 6)),
        st.builds(lambda e, k: f"{v} = []\nfor i in range({k}):\n"
                               f"    {v}.append({failing}(i + {e}))\n{v} = sum({v})",
                  x, st.integers(0, 5)),
    ]
    if not is_async:
        common += [
            st.builds(lambda e: f'{v} = json.loads(text({e}))["n"]', x),
            st.builds(lambda e, k: f"{v} = [{e}]\n{v}.append(fetch({v}[0] + {k}))\n"
                                   f"{v} = {v}[-1]", x, st.integers(0, 9)),
        ]
    return st.one_of(common)


@st.composite
def programs(draw: st.DrawFn, is_async: bool) -> str:
    names = ["p", "q"]
    lines: list[str] = []
    for i in range(draw(st.integers(1, 8))):
        v = f"v{i}"
        lines.append(draw(_statement(names, v, is_async)))
        names.append(v)
    lines.append(f"return ({', '.join(names[2:])},)")
    return "\n".join(lines)


# What asyncio and warnings reported: tasks whose error nobody read, coroutines never
# awaited.
UNREAD: list[str] = []


def outcome(run: Callable[..., Any], args: tuple, module: Any) -> tuple[str, Any, list[int]]:
    module.LOG.clear()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", RuntimeWarning)
        try:
            value = run(*args)
        except Exception as exc:  # noqa: BLE001 - compared between the two runs
            result: tuple[str, Any, list[int]] = (
                "raised", (type(exc), str(exc)), list(module.LOG))
        else:
            result = ("returned", value, list(module.LOG))
        gc.collect(1)  # a task dropped with its error unread, a coroutine never awaited
    UNREAD.extend(str(w.message) for w in caught)
    return result


def in_a_loop(f: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any) -> Any:
        with asyncio.Runner() as runner:
            runner.get_loop().set_exception_handler(
                lambda _loop, context: UNREAD.append(context["message"]))
            return runner.run(f(*args))
    return run


ARGS = [(3, 4), (10, 2)]


@FUZZ
@given(programs(is_async=False))
def test_a_jitted_function_means_what_the_plain_one_means(body: str) -> None:
    module = load(body, is_async=False)
    jf = jit(module.f)
    for args in ARGS:  # the first call plans; the second runs the plan on new arguments
        UNREAD.clear()
        plain = outcome(module.f, args, module)
        jitted = outcome(jf, args, module)
        assert jitted == plain, f"{args}:\n{body}"
        assert not UNREAD, f"{args}: {UNREAD}\n{body}"


@FUZZ
@given(programs(is_async=True))
def test_a_jitted_coroutine_means_what_the_plain_one_means(body: str) -> None:
    module = load(body, is_async=True)
    jf = jit(module.f)
    for args in ARGS:
        UNREAD.clear()
        plain = outcome(in_a_loop(module.f), args, module)
        jitted = outcome(in_a_loop(jf), args, module)
        assert jitted == plain, f"{args}:\n{body}"
        assert not UNREAD, f"{args}: {UNREAD}\n{body}"  # speculation leaves nothing behind


def test_the_generated_functions_do_overlap() -> None:
    # The fuzz would pass with a JIT that never parallelizes: one it generates does.
    module = load("v0 = fetch(p)\nv1 = fetch(q)\nv2 = fetch(p + q)\nreturn (v0, v1, v2)", False)
    jf = jit(module.f)
    assert jf(5, 6) == module.f(5, 6)
    assert get_jit_stats(jf)["last_started_calls"] == 3
