"""The examples in docstrings run, and the public surface is curated.

Every export of `ember.operators` and `ember.non` imports, has a docstring and is listed once;
`ember.api` exports `operators`; `ember.xcs` exports `vmap` and `pmap`.
"""

from __future__ import annotations

import doctest
import importlib
import inspect

import pytest

MODULES = [
    "ember.operators", "ember.operators._spec", "ember.operators._module",
    "ember.operators._compose", "ember.operators._function", "ember.operators._result",
    "ember.operators._model", "ember.operators._ensemble", "ember.operators._parse",
    "ember.operators._judge", "ember.operators._vote", "ember.operators._verify",
    "ember.operators._route", "ember.operators._retry", "ember.operators._cache",
    "ember.non", "ember.non._notation", "ember.non._registry", "ember.non._graph",
    "ember.non._explain", "ember.xcs._vmap",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


@pytest.mark.parametrize("name", ["ember.operators", "ember.non"])
def test_exports_are_documented_and_listed_once(name: str) -> None:
    module = importlib.import_module(name)
    names = module.__all__
    assert len(names) == len(set(names))
    for export in names:
        obj = getattr(module, export)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{name}.{export} has no docstring"
    public = {n for n in vars(module) if not n.startswith("_")}
    assert public >= set(names)


def test_facades_export_operators_vmap_and_pmap() -> None:
    from ember import api, xcs

    assert api.operators is importlib.import_module("ember.operators")
    assert "operators" in api.__all__
    for name in ("vmap", "pmap"):
        assert name in xcs.__all__ and "Examples:" in getattr(xcs, name).__doc__
