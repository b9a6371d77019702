"""`vmap(f, in_axes=...)`: which arguments are batches, the rest passed to every call.

Results are compared with the plain loop; overlap is asserted as `sim/` calls in flight
(`InFlight`), never as elapsed time.
"""

from __future__ import annotations

import asyncio

import pytest

from ember import xcs
from ember.api import models
from ember.errors import InvalidAxes, XCSError


def ask(question: str, model: str, *, style: str = "plain") -> str:
    return f"{style}:{models(model, question, latency=0.1)}"


QUESTIONS = ["a?", "b?", "c?", "d?"]


def test_a_broadcast_positional_goes_to_every_call_and_items_overlap(sim_calls):
    plain = [ask(q, "sim/m") for q in QUESTIONS]
    sim_calls.hold(4)
    assert xcs.vmap(ask, in_axes=(0, None))(QUESTIONS, "sim/m") == plain
    assert sim_calls.max_in_flight == 4 and not sim_calls.held_out


def test_the_batched_argument_need_not_be_the_first():
    def scale(factor: int, x: int) -> int:
        return factor * x

    assert xcs.vmap(scale, in_axes=(None, 0))(10, [1, 2, 3]) == [10, 20, 30]
    # A list marked None is passed whole, not split.
    assert xcs.vmap(lambda xs, x: x in xs, in_axes=(None, 0))([1, 2], [2, 3]) == [True, False]


def test_a_dict_batches_the_keyword_arguments_it_names(sim_calls):
    styles = ["terse", "long", "terse", "long"]
    plain = [ask(q, "sim/m", style=s) for q, s in zip(QUESTIONS, styles, strict=True)]
    sim_calls.hold(4)
    out = xcs.vmap(ask, in_axes={"style": 0})(QUESTIONS, model="sim/m", style=styles)
    assert out == plain and sim_calls.max_in_flight == 4
    # Keywords not named stay broadcast (as without in_axes).
    assert xcs.vmap(ask, in_axes={})(QUESTIONS, model="sim/m") == [ask(q, "sim/m")
                                                                    for q in QUESTIONS]


def test_default_axes_and_the_async_twin_agree():
    f = xcs.vmap(pow, in_axes=(0, None))
    assert asyncio.run(f.acall([1, 2, 3], 3)) == f([1, 2, 3], 3) == [1, 8, 27]
    assert xcs.vmap(pow)([2, 3], [2, 2]) == [4, 9]  # in_axes=0: every positional is a batch
    assert xcs.pmap(pow, in_axes=(0, None))([2, 3], 2) == [4, 9]


@pytest.mark.parametrize("in_axes, match", [
    (1, r"each entry must be 0 .* or None .*Fix: e\.g\. in_axes=\(0, None\)"),
    ((0, -1), "each entry must be 0"),
    ("0", "each entry must be 0"),
    ({"style": 2}, "each entry must be 0"),
    ({0: 0}, "a mapping's keys are keyword names"),
    (None, r"batches no argument\. Fix: mark the batched argument 0"),
    ((None, None), "batches no argument"),
])
def test_bad_in_axes_are_refused_when_made(in_axes, match):
    with pytest.raises(InvalidAxes, match=match):
        xcs.vmap(ask, in_axes=in_axes)
    with pytest.raises(InvalidAxes, match=match):
        xcs.pmap(ask, in_axes=in_axes)


def test_in_axes_that_do_not_fit_the_call_name_the_fix():
    f = xcs.vmap(ask, in_axes=(0, None))
    with pytest.raises(InvalidAxes, match=r"2 entries for 1 positional argument\(s\)\. Fix: one "
                                          r"entry \(0 or None\) per positional argument, "
                                          r"e\.g\. in_axes=\(0,\)"):
        f(QUESTIONS)
    with pytest.raises(InvalidAxes, match="keyword 'model' is int, not a batch"):
        xcs.vmap(ask, in_axes={"model": 0})(QUESTIONS, model=3)
    with pytest.raises(InvalidAxes, match=r"names keyword\(s\) style that the call did not pass"):
        xcs.vmap(ask, in_axes={"style": 0})(QUESTIONS, model="sim/m")
    with pytest.raises(XCSError, match=r"different lengths \[4, 1\]"):
        xcs.vmap(ask, in_axes=(0, 0))(QUESTIONS, ["sim/m"])
    assert issubclass(InvalidAxes, XCSError) and issubclass(InvalidAxes, ValueError)


def test_ray_backend_refuses_in_axes_before_starting_anything():
    with pytest.raises(XCSError, match="no in_axes"):
        xcs.pmap(pow, in_axes=(0, None), backend="ray")([1, 2], 2)
