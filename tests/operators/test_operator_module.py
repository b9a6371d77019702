"""`Operator`: fields, immutability, the sync/async twins, composition and kinds."""

from __future__ import annotations

import asyncio
import copy
import dataclasses
import pickle
import time

import pytest

from ember import xcs
from ember.errors import SpecError
from ember.operators import (
    Branches,
    Ensemble,
    FunctionOperator,
    Operator,
    Sequential,
    branches,
    op,
)
from ember.xcs.lowlevel import effect_of
from tests.inflight import InFlight


class Scale(Operator):
    factor: int
    tags: list = dataclasses.field(default_factory=list)

    def forward(self, x: int) -> int:
        return x * self.factor


class Custom(Operator):
    n: int
    square: int

    def __init__(self, n: int) -> None:
        self.n = n
        self.square = n * n

    def forward(self, x: int) -> int:
        return x + self.square


class Child(Custom):
    pass


class Extended(Custom):
    extra: int

    def __init__(self, n: int, extra: int) -> None:
        super().__init__(n)
        self.extra = extra  # still inside the outermost __init__: allowed

    def forward(self, x: int) -> int:
        return super().forward(x) + self.extra


def wait(x: str) -> str:
    time.sleep(0.3)
    return x


def test_fields_init_repr_eq_hash() -> None:
    a = Scale(3)
    assert a(2) == 6
    assert repr(a) == "Scale(factor=3, tags=())"
    assert a == Scale(3) and a != Scale(4)
    assert hash(a) == hash(Scale(3))
    assert Scale(factor=2, tags=["x"]).tags == ("x",)  # containers become read-only


def test_frozen_after_init_with_a_clear_message() -> None:
    a = Scale(3)
    with pytest.raises(dataclasses.FrozenInstanceError, match=r"Scale.factor: operators are "
                       "immutable"):
        a.factor = 4
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.factor
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.new_attribute = 1


def test_dict_fields_become_read_only_mappings() -> None:
    class Holder(Operator):
        table: dict

        def forward(self, key: str) -> int:
            return self.table[key]

    h = Holder({"a": 1})
    assert h("a") == 1
    with pytest.raises(TypeError):
        h.table["b"] = 2  # type: ignore[index]


def test_hand_written_init_sets_fields_then_freezes() -> None:
    c = Custom(3)
    assert (c.n, c.square, c(1)) == (3, 9, 10)
    with pytest.raises(dataclasses.FrozenInstanceError):
        c.n = 4
    assert Child(4)(1) == 17  # inherits the hand-written __init__
    e = Extended(2, 10)
    assert e(1) == 15
    with pytest.raises(dataclasses.FrozenInstanceError):
        e.extra = 0


def test_pickle_and_copies_keep_the_value() -> None:
    a = Scale(5, ["t"])
    assert pickle.loads(pickle.dumps(a)) == a
    assert copy.deepcopy(a) == a and copy.copy(a) == a
    b = pickle.loads(pickle.dumps(Custom(3)))
    assert b(0) == 9
    with pytest.raises(dataclasses.FrozenInstanceError):
        b.n = 1


def test_forward_only_gets_an_async_twin_and_aforward_only_a_sync_one() -> None:
    class SyncOnly(Operator):
        def forward(self, x: int) -> int:
            return x + 1

    class AsyncOnly(Operator):
        async def aforward(self, x: int) -> int:
            await asyncio.sleep(0)
            return x + 2

    assert asyncio.run(SyncOnly().acall(1)) == 2
    assert AsyncOnly()(1) == 3
    assert asyncio.run(AsyncOnly().acall(1)) == 3


def test_an_operator_without_forward_says_what_to_write() -> None:
    class Empty(Operator):
        pass

    with pytest.raises(NotImplementedError, match=r"Empty defines neither forward\(\) nor "):
        Empty()(1)


def test_sequential_composition_flattens_and_accepts_functions() -> None:
    pipeline = Scale(2) >> Scale(3) >> str
    assert isinstance(pipeline, Sequential) and len(pipeline.steps) == 3
    assert pipeline(1) == "6"
    assert (abs >> Scale(2))(-4) == 8  # a function on the left
    assert asyncio.run(pipeline.acall(1)) == "6"
    with pytest.raises(SpecError, match="part 1 is int"):
        Sequential((abs, 3))


def test_branches_run_at_once_and_return_a_tuple() -> None:
    calls = InFlight()

    def wait_tracked(x: str) -> str:
        with calls.track():
            return wait(x)

    both = op(wait_tracked) & op(wait_tracked) & wait_tracked
    assert isinstance(both, Branches) and len(both.parts) == 3
    calls.hold(3)
    assert both("x") == ("x", "x", "x")
    assert calls.max_in_flight == 3  # one by one: 1
    calls.hold(3)
    assert asyncio.run(branches(*[wait_tracked] * 3).acall("y")) == ("y", "y", "y")
    assert calls.waves() == [3, 3]


def test_a_branch_failure_comes_out_as_it_is() -> None:
    def boom(x: str) -> str:
        raise ValueError(f"bad {x}")

    with pytest.raises(ValueError, match="^bad q$"):
        branches(boom, str.upper)("q")


def test_composites_declare_read_when_all_their_parts_read() -> None:
    ens = Ensemble("sim/gpt", latency=0)
    pipe = op(wait) >> ens
    assert effect_of(pipe).kind is xcs.Kind.READ
    assert isinstance(pipe, Sequential) and type(pipe).__name__ == "Sequential"
    assert pickle.loads(pickle.dumps(pipe)) == pipe

    def mutate(items: list) -> None:
        items.append(1)

    assert getattr(type(op(mutate) >> ens), "__ember_io__", None) is None


def test_a_composite_keeps_its_class_and_declares_its_kind_on_itself() -> None:
    """No instance changes class: the kind its parts give it is the instance's own."""
    ens = Ensemble("sim/gpt", latency=0)
    reads = op(wait) >> ens
    both = branches(ens, ens)

    def mutate(items: list) -> None:
        items.append(1)

    mixed = op(mutate) >> ens
    assert type(reads) is Sequential and type(mixed) is Sequential and type(both) is Branches
    assert not Sequential.__subclasses__() and not Branches.__subclasses__()  # no twins made
    assert vars(reads)["__ember_io__"] == "read" and "__ember_io__" not in vars(mixed)
    assert effect_of(reads).kind is xcs.Kind.READ and effect_of(both).kind is xcs.Kind.READ
    assert effect_of(mixed).kind is not xcs.Kind.READ
    assert effect_of(reads.forward).kind is xcs.Kind.READ  # its bound method too
    copied = pickle.loads(pickle.dumps(reads))
    assert type(copied) is Sequential and effect_of(copied).kind is xcs.Kind.READ
    with pytest.raises(dataclasses.FrozenInstanceError):
        reads.__ember_io__ = "pure"  # still immutable


def test_function_operator_keeps_name_and_signature() -> None:
    @op
    def shout(text: str) -> str:
        """Upper-case."""
        return text.upper()

    assert isinstance(shout, FunctionOperator)
    assert shout.__name__ == "shout" and repr(shout) == "op(shout)"
    assert shout.__wrapped__("a") == "A"

    @op(name="loud", check_types=False)
    def loud(text: str) -> str:
        return str(text).upper()

    assert loud(3) == "3"  # hints not checked
    with pytest.raises(SpecError, match="op\\(\\): expected a function"):
        op(3)  # type: ignore[call-overload]


def test_async_function_operators_work_both_ways() -> None:
    @op
    async def later(x: int) -> int:
        await asyncio.sleep(0.01)
        return x * 2

    assert later(2) == 4
    assert asyncio.run(later.acall(3)) == 6


def test_jit_class_overlaps_the_operators_it_calls(sim_calls) -> None:
    @xcs.jit
    class Pair(Operator):
        left: Ensemble
        right: Ensemble

        def forward(self, q: str) -> tuple:
            a = self.left(q)
            b = self.right(q)
            return a + b

    pair = Pair(Ensemble("sim/gpt", n=2, latency=0.4), Ensemble("sim/claude", n=2, latency=0.4))
    sim_calls.hold(4)
    out = pair("hi")
    assert sim_calls.max_in_flight == 4  # one ensemble after the other: 2
    assert [r.model_id for r in out] == ["sim/gpt", "sim/gpt", "sim/claude", "sim/claude"]


def test_jit_of_a_function_calling_operators(sim_calls) -> None:
    ens = Ensemble("sim/gpt", n=3, latency=0.4)

    @xcs.jit
    def two(q: str) -> int:
        a = ens(q)
        b = ens(q + "?")
        return len(a + b)

    sim_calls.hold(6)
    assert two("q") == 6
    assert sim_calls.max_in_flight == 6  # one ensemble after the other: 3
