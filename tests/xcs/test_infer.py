"""The types the analysis gives locals, where `with`, `async with` and `await` decide them.

A local's type lets the methods called on it resolve to objects with rules, so a wrong
type is a wrong effect: `async with x as y` binds what `x.__aenter__()` returns (not
`__enter__`), ``await call`` has the type of the coroutine's result, and a coroutine
function's call without `await` is a coroutine, not its annotated result.
"""

from __future__ import annotations

import httpx

from ember.xcs._analysis import analyse
from ember.xcs._effects import Data


class Enters:
    """`with` binds the object itself; `async with` binds 42."""

    def __enter__(self) -> Enters:
        return self

    def __exit__(self, *exc: object) -> bool:
        return False

    async def __aenter__(self) -> int:
        return 42

    async def __aexit__(self, *exc: object) -> bool:
        return False


async def text() -> str:
    return "x"


def with_binds_the_object() -> object:
    with Enters() as e:
        return e


async def async_with_binds_what_aenter_returns() -> object:
    async with Enters() as e:
        return e


async def client_and_response(base: str) -> object:
    async with httpx.AsyncClient() as client:
        r = await client.get(base)
    return r.json()


def coroutine_not_awaited() -> object:
    c = text()
    return c


async def coroutine_awaited() -> object:
    c = await text()
    return c


def types_of(fn) -> dict[str, type]:
    return analyse(fn, {}).types


def test_with_and_async_with_bind_what_their_enter_method_returns() -> None:
    assert types_of(with_binds_the_object) == {"e": Enters}
    assert "e" not in types_of(async_with_binds_what_aenter_returns)


def test_an_awaited_call_has_the_type_of_its_result() -> None:
    assert types_of(client_and_response) == {
        "base": str, "client": httpx.AsyncClient, "r": httpx.Response}
    assert types_of(coroutine_awaited) == {"c": str}
    assert "c" not in types_of(coroutine_not_awaited)


def comprehension_over_a_literal(xs: list) -> list:
    return [k.upper() for k in ("a", "b") if k]


def walked_local_literal() -> list:
    keys = ["a", "b"]
    return [k for k in keys] + [k2 for k2 in keys]


def changed_local_literal() -> list:
    keys = ["a", "b"]
    keys.append(1)
    return [k for k in keys]


def rebound_by_a_nested_function() -> list:
    keys = ["a", "b"]

    def change() -> None:
        nonlocal keys
        keys = [1, 2]

    change()
    return [k for k in keys]


def test_loop_and_comprehension_targets_over_literals_are_typed() -> None:
    assert types_of(comprehension_over_a_literal)["k"] is str
    assert types_of(walked_local_literal)["k"] is str
    assert types_of(walked_local_literal)["k2"] is str
    # A literal changed in place, or rebound where the analysis does not look, says nothing
    # of its items' one type (changed with plain values, they are data: str or int).
    assert types_of(changed_local_literal).get("k") is Data
    assert "k" not in types_of(rebound_by_a_nested_function)

