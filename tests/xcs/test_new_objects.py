"""A write called on a library read's result changes that new object, not the locals the
read was made from (`_stmt._new_object`): ``json.load(opener.open(u))`` leaves `opener`
alone, so a comprehension of them overlaps its opens. A helper of the user's that reads
may return its argument: a write on its result may change that argument."""

from __future__ import annotations

import ast
import json
import urllib.request

from ember import xcs
from ember.xcs._analysis import analyse


@xcs.effect("write", resource="file")
def consume(obj: object) -> None:
    """Stands for a write that changes its argument."""


def loads_responses(base: str) -> list:
    opener = urllib.request.build_opener()
    return [json.load(opener.open(f"{base}/{k}")) for k in ("a", "b")]


def writes_a_helpers_result(lst: list) -> None:
    consume(xcs_read_helper(lst))


@xcs.effect("read", resource="net")
def xcs_read_helper(lst: list) -> list:
    return lst


def _mutates(fn, bound) -> set[str]:  # type: ignore[no-untyped-def]
    facts = analyse(fn, bound)
    comp_or_stmt = next(n for n in ast.walk(facts.tree)
                        if isinstance(n, ast.ListComp | ast.Expr))
    return facts.stmt(comp_or_stmt).mutates


def test_a_library_reads_result_is_a_new_object() -> None:
    assert "opener" not in _mutates(loads_responses, {"base": "http://127.0.0.1:9"})


def test_a_declared_read_may_return_its_argument() -> None:
    assert "lst" in _mutates(writes_a_helpers_result, {"lst": []})
