"""`@xcs.jit` and `@operators.op` compose in either order, on functions and on operators.

Each form returns what the plain function returns, and the JIT still starts the calls
inside together: asserted as the most `sim/` calls in flight at once (`InFlight`), never
as elapsed time.
"""

from __future__ import annotations

import asyncio
import pickle

import pytest

from ember import xcs
from ember.api import models, operators
from ember.errors import JITError, SpecError

op = operators.op


def three(q: str) -> str:
    a = models("sim/a", q, latency=0.1)
    b = models("sim/b", q, latency=0.1)
    c = models("sim/c", q, latency=0.1)
    return f"{a}|{b}|{c}"


def jit_over_op(fn):
    return xcs.jit(op(fn))


def op_over_jit(fn):
    return op(xcs.jit(fn))


@pytest.mark.parametrize("compose", [jit_over_op, op_over_jit])
def test_either_order_is_an_operator_that_equals_plain_and_overlaps(compose, sim_calls):
    f = compose(three)
    assert isinstance(f, operators.FunctionOperator)
    plain = three("q")
    sim_calls.hold(3)
    assert f("q") == plain
    assert sim_calls.max_in_flight == 3 and not sim_calls.held_out  # as written: 1
    stats = f.stats()
    assert stats["strategy"] == "parallel" and stats["calls"] == 1 and stats["plans"] == 1
    # Still an operator: checked by the function's hints, and composes with >>.
    with pytest.raises(SpecError):
        f(3)
    assert (f >> op(len))("q") == len(plain)


def test_decorator_stack_in_both_orders(sim_calls):
    @xcs.jit
    @op
    def above(q: str) -> str:
        x = models("sim/a", q, latency=0.1)
        y = models("sim/b", q, latency=0.1)
        return f"{x}|{y}"

    @op
    @xcs.jit
    def below(q: str) -> str:
        x = models("sim/a", q, latency=0.1)
        y = models("sim/b", q, latency=0.1)
        return f"{x}|{y}"

    plain = f"{models('sim/a', 'q', latency=0.1)}|{models('sim/b', 'q', latency=0.1)}"
    for f in (above, below):
        calls = sim_calls.max_in_flight, sim_calls.started
        sim_calls.hold(2)
        assert f("q") == plain
        assert sim_calls.started == calls[1] + 2 and sim_calls.max_in_flight == 2
        assert xcs.explain(f).strategy == "parallel" == f.stats()["strategy"]
    assert above.name == "above" and below.name == "below"


class Trio(operators.Operator):
    """An operator in the earlier Ember's style: fields, and the work in `forward`."""

    prefix: str = "Q: "

    def forward(self, q: str) -> str:
        a = models("sim/a", self.prefix + q, latency=0.1)
        b = models("sim/b", self.prefix + q, latency=0.1)
        c = models("sim/c", self.prefix + q, latency=0.1)
        return f"{a}|{b}|{c}"


def test_jit_on_an_operator_instance_is_an_equal_jitted_copy(sim_calls):
    original = Trio()
    jitted = xcs.jit(original)
    assert jitted == original and jitted is not original
    plain = original("q")
    sim_calls.hold(3)
    assert jitted("q") == plain
    assert sim_calls.max_in_flight == 3
    assert xcs.get_jit_stats(jitted)["calls"] == 1
    # The class is left as it is: other instances run as written.
    with pytest.raises(JITError, match="not a jitted function"):
        xcs.get_jit_stats(original)
    assert pickle.loads(pickle.dumps(jitted)) == original  # the copy pickles as its fields


def test_jit_on_an_operator_class_with_forward(sim_calls):
    @xcs.jit
    class Pair(operators.Operator):
        model: str = "sim/pair"

        def forward(self, q: str) -> str:
            x = models(self.model, q, latency=0.1)
            y = models(self.model, q + "?", latency=0.1)
            return f"{x} / {y}"

    plain = f"{models('sim/pair', 'q', latency=0.1)} / {models('sim/pair', 'q?', latency=0.1)}"
    sim_calls.hold(2)
    assert Pair()("q") == plain
    assert sim_calls.max_in_flight == 2
    assert xcs.get_jit_stats(Pair())["strategy"] == "parallel"


def test_jit_on_an_operator_class_with_only_aforward(sim_calls):
    @xcs.jit
    class APair(operators.Operator):
        async def aforward(self, q: str) -> str:
            x = await models.acall("sim/a", q, latency=0.1)
            y = await models.acall("sim/b", q, latency=0.1)
            return f"{x} / {y}"

    plain = f"{models('sim/a', 'q', latency=0.1)} / {models('sim/b', 'q', latency=0.1)}"
    sim_calls.hold(2)
    assert asyncio.run(APair().acall("q")) == plain
    assert sim_calls.max_in_flight == 2
    assert APair()("q") == plain  # the sync call runs the same jitted aforward


def test_jit_with_config_on_an_op_passes_it_on(sim_calls):
    f = xcs.jit(op(three), config=xcs.Config(strategy="sequential"))
    assert f("q") == three("q")
    assert sim_calls.max_in_flight == 1
    assert f.stats()["requested"] == "sequential" and f.stats()["strategy"] == "direct"


def test_jit_of_a_class_without_work_names_the_fix():
    with pytest.raises(JITError, match=r"forward\(\), aforward\(\) nor __call__\(\)"):
        xcs.jit(type("Empty", (), {}))
