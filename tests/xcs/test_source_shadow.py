"""A local named like a module the file imports (``json = r.json()``) is the loaded code, not
an edit: Python compiles a method call on it as it would on the module (a NULL pushed, then
LOAD_ATTR), which a def compiled alone does not (`_source._same_code`)."""

from __future__ import annotations

import json
import time
import warnings

from ember import xcs
from ember.xcs._source import check_loaded, source_tree


def shadows_the_module(x: int) -> int:
    json = {"a": x}
    time.sleep(0.001)
    return json.get("a")


def shadows_in_a_loop(items: list[str]) -> list[str]:
    out = []
    for json in items:  # noqa: F402 - the shape under test
        out.append(json.upper())
    return out


def uses_the_module(x: int) -> str:
    return json.dumps(x)


def test_a_local_shadowing_an_imported_module_is_the_loaded_code() -> None:
    for fn in (shadows_the_module, shadows_in_a_loop, uses_the_module):
        tree, _ = source_tree(fn, check=False)
        check_loaded(tree, fn.__code__)  # raises NoSource if taken for an edit
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "edited since the import" warning
        assert xcs.jit(shadows_the_module)(3) == 3
        assert xcs.jit(shadows_in_a_loop)(["a"]) == ["A"]
