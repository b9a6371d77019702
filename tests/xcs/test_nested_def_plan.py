"""A function with a nested `def` whose body calls I/O inside a block is planned, not
refused: the nested function's calls are its own (they run when it is called), so the
planner does not look for moves among them (they once made the analysis fail)."""

from __future__ import annotations

import time

from ember import xcs


def slow(key: str) -> str:
    time.sleep(0.001)
    return key.upper()


def memo_lookups(keys: list[str]) -> list[str]:
    memo: dict[str, str] = {}

    def get(key: str) -> str:
        if key not in memo:
            memo[key] = slow(key)
        return memo[key]

    return [get(k) for k in keys]


def test_nested_def_with_io_in_a_block_is_analysed() -> None:
    f = xcs.jit(memo_lookups)
    assert f(["a", "b", "a"]) == memo_lookups(["a", "b", "a"]) == ["A", "B", "A"]
    assert "analysis failed" not in str(f.explain())
