"""The curated surface: every export imports, has a docstring, and is listed once."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = ["ember.models", "ember.api"]


@pytest.mark.parametrize("module_name", MODULES)
def test_exports(module_name):
    module = importlib.import_module(module_name)
    names = module.__all__
    assert len(names) == len(set(names)), "an export is listed twice"
    for name in names:
        obj = getattr(module, name)
        if inspect.isclass(obj) or inspect.isfunction(obj):
            assert inspect.getdoc(obj), f"{module_name}.{name} has no docstring"
        elif name == "models":
            assert inspect.getdoc(type(obj))
    public = {n for n in vars(module) if not n.startswith("_")}
    assert public - {"annotations"} >= set(names)


def test_every_public_method_of_the_facade_has_an_example():
    from ember.models import ModelBinding, Models

    for cls in (Models, ModelBinding):
        assert "Examples:" in (cls.__doc__ or "")
        for name in ("acall", "instance", "list"):
            method = getattr(cls, name, None)
            if method is not None:
                assert "Examples:" in (method.__doc__ or ""), f"{cls.__name__}.{name}"
