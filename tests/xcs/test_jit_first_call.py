"""What the first call of a jitted function costs before the function runs.

`jit` reads the function's source, checks it against the loaded code, analyses it, plans,
rewrites and compiles: work that Python itself does a part of (``ast.parse`` + ``compile``)
when it loads the same source. The cost is asserted as a ratio to that, both measured here
(the least disturbed of several runs of each, in CPU time of this thread, which other
processes on the machine do not stretch), never as a time.
"""

from __future__ import annotations

import copy
import json
import time
from typing import Any

import pytest

from ember import xcs
from ember.api import models
from ember.bench.jit_bench import run_first_call

# Measured 8-9x here (~10x before the walks and node making were made cheaper, ~31x before
# the analysis walked the tree once), and the min of 15 parse+compile timings itself
# swings by 2x on a loaded machine; twice that leaves room for a machine busy with other
# work, and still fails the old cost.
MAX_RATIO = 20


def test_first_call_costs_a_small_multiple_of_parsing_and_compiling_the_source() -> None:
    result = run_first_call(reps=15, clock=time.thread_time)
    assert result["lines"] == 50
    assert result["strategy"] == "parallel"  # the whole pipeline ran: analyse, plan, rewrite
    # what each phase took, as `xcs.explain` shows it: every phase of a rewrite ran
    assert set(result["phases_ms"]) == {"analyse", "plan", "check", "rewrite"}
    assert all(v > 0 for v in result["phases_ms"].values())
    assert result["ratio"] < MAX_RATIO, (
        f"first call {result['first_call_ms']:.2f} ms = {result['ratio']:.1f}x "
        f"ast.parse+compile ({result['parse_compile_ms']:.2f} ms)")


# A function with nothing to overlap is planned without the passes and its source is not
# compiled a second time (it runs as written): ~3x parse+compile on an idle machine against
# 8-9x for the 50-line function that overlaps, but 6.4x on a CI machine whose file reads cost
# more. So its cost is asserted against the full pipeline's, measured in the same test: it
# must be well below it (it was about the same before the direct path skipped the passes).
MAX_SHARE_OF_FULL_PIPELINE = 0.75


def test_first_call_with_nothing_to_overlap_costs_less() -> None:
    import importlib.util
    import itertools
    from pathlib import Path

    from ember import xcs

    path = Path(__file__).with_name("_pure_fifty.py")
    loads = itertools.count()

    def fresh() -> object:
        spec = importlib.util.spec_from_file_location(f"_pure_fifty_{next(loads)}", path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.fifty

    full = run_first_call(reps=15, clock=time.thread_time)
    states = [xcs.jit(fresh()).__ember_jit_state__ for _ in range(15)]  # type: ignore[call-overload]
    first = []
    for state in states:
        t0 = time.thread_time()
        state._compile(("q", [1, 2]), {})
        first.append(time.thread_time() - t0)
    assert states[-1].plan.strategy == "direct"
    assert full["strategy"] == "parallel"
    share = min(first) * 1e3 / full["first_call_ms"]
    assert share < MAX_SHARE_OF_FULL_PIPELINE, (
        f"nothing to overlap: {min(first) * 1e3:.2f} ms, the full pipeline: "
        f"{full['first_call_ms']:.2f} ms ({share:.2f} of it)")


# --- what makes the first call cheaper keeps its meaning ----------------------------------


def _uses_json(x: int) -> str:
    return json.dumps({"x": x})


def test_the_source_check_compiles_with_the_modules_imports_and_still_sees_an_edit(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiled after ``import json`` (a module the function's globals hold), the def's
    bytecode is the loaded code's byte for byte: the slower comparison is not needed. An
    edit of a call on that module is still seen."""
    from ember.xcs import _source

    slow: list[object] = []
    real = _source._units
    monkeypatch.setattr(_source, "_units", lambda code: slow.append(code) or real(code))
    tree, _ = _source.source_tree(_uses_json, check=False)
    _source.check_loaded(tree, _uses_json.__code__, _uses_json.__globals__)
    assert slow == []
    _source.check_loaded(tree, _uses_json.__code__)  # without the globals: the slower way
    assert slow != []
    edited = copy.deepcopy(tree)
    call = edited.body[0].value  # type: ignore[attr-defined]
    call.func.attr = "loads"
    with pytest.raises(_source.NoSource, match="no longer matches"):
        _source.check_loaded(edited, _uses_json.__code__, _uses_json.__globals__)


def _two_reads(x: int) -> int:
    a = _read(x)
    b = _read(x + 1)
    return a + b


def _read(x: int) -> int:
    time.sleep(0.001)
    return x


def _fan_in(x: int) -> int:
    label = str(x)
    a = _read(x)
    b = _read(x + 1)
    out = []
    for i in range(3):
        out.append(_read(a + b + i))
    total = _read(sum(out))
    doubled = total * 2
    return doubled + len(label)


def test_statements_without_io_are_passed_over_and_the_plan_is_the_same() -> None:
    """The passes look only at statements that hold a call that may start early, and the
    dependencies stop being followed after the last site: the plan, its moves and the
    sites each one waits for are what the full walk gives."""
    from ember import xcs

    jitted = xcs.jit(_fan_in)
    assert jitted(1) == _fan_in(1) == 2 * (3 * 3 + 3) + 1
    plan = xcs.explain(jitted).plan
    assert plan.strategy == "parallel"
    moves = {s.id: (s.move, s.lineno - _fan_in.__code__.co_firstlineno) for s in plan.sites}
    assert moves == {0: ("place", 2), 1: ("hoist", 3), 2: ("loop", 6), 3: ("hoist", 7)}
    assert {s.id: s.deps for s in plan.sites} == {0: set(), 1: set(), 2: {0, 1}, 3: {0, 1, 2}}


def test_the_rewrite_leaves_the_analysed_tree_as_it_was_and_links_when_shown() -> None:
    """The rewrite changes copies of the nodes it changes: the analysed tree is still the
    source's after the function ran rewritten, and which sites feed which is worked out
    from it when the plan is first shown, not on the first call."""
    import ast

    from ember import xcs
    from ember.xcs._source import source_tree

    jitted = xcs.jit(_fan_in)
    assert jitted(2) == _fan_in(2)
    plan = jitted.__ember_jit_state__.plan  # type: ignore[attr-defined]
    assert plan.strategy == "parallel" and not plan.linked
    fresh, _ = source_tree(_fan_in, check=False)
    assert ast.dump(plan.facts.tree, include_attributes=True) == ast.dump(
        fresh, include_attributes=True)
    assert [s.deps for s in xcs.explain(jitted).plan.sites] == [set(), set(), {0, 1}, {0, 1, 2}]
    assert plan.linked


def _summarized_during(fn: Any, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The function bodies the first call of `fn`, jitted, analysed."""
    from ember.xcs import _summary, lowlevel

    lowlevel.reset()
    seen: list[str] = []
    real = _summary._summarize_tree

    def counting(func: Any, *args: Any) -> Any:
        seen.append(func.__qualname__)
        return real(func, *args)

    monkeypatch.setattr(_summary, "_summarize_tree", counting)
    xcs.jit(fn).__ember_jit_state__._compile(("q",), {})  # type: ignore[attr-defined]
    return seen


def beside_parallel(q: str) -> list[Any]:
    pre = models("sim/a", q, latency=0)
    a, b = xcs.parallel(lambda: models("sim/b", q, latency=0), lambda: len(q))
    return [pre, a, b, xcs.vmap(len)([q])]


def test_embers_own_functions_are_not_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    # `xcs.parallel` runs what it is given: its rule says so (a barrier). Analysing it (the
    # scheduler's code, ~200 functions) took a quarter of a second on every first call; the
    # return types of library functions are not looked for in their bodies either.
    walked = _summarized_during(beside_parallel, monkeypatch)
    assert len(walked) <= 3, walked


def test_explain_says_what_planning_cost_by_phase() -> None:
    """The call that plans keeps what each phase took; `explain` shows it, so a user can see
    what the first call paid (and a plan made again, what that one paid)."""
    jitted = xcs.jit(_two_reads)
    assert "planned in" not in xcs.explain(jitted).to_text()  # (no call yet: nothing paid)
    assert jitted(1) == _two_reads(1)
    state = jitted.__ember_jit_state__  # type: ignore[attr-defined]
    assert state.plan.strategy == "parallel"
    assert list(state.phases) == ["analyse", "plan", "check", "rewrite"]
    note = next(line for line in xcs.explain(jitted).to_text().splitlines()
                if "planned in" in line)
    assert all(f"{phase} " in note for phase in state.phases), note
    plain = xcs.jit(_uses_json)  # nothing to overlap: analysed and planned, not rewritten
    assert plain(2) == _uses_json(2)
    assert list(plain.__ember_jit_state__.phases) == ["analyse", "plan"]  # type: ignore[attr-defined]
