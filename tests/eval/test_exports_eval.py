"""`ember.data`, `ember.eval` and `ember.ray`: every export imports and is documented, and
the facade serves `data` and `eval`."""

from __future__ import annotations

import pytest

from tests.test_exports import docstring, exports


@pytest.mark.parametrize("module_name", ["ember.data", "ember.eval", "ember.ray"])
def test_exports_are_documented(module_name):
    missing = [n for n, obj in exports(module_name) if not (docstring(module_name, n, obj)
                                                             or "").strip()]
    assert not missing, f"{module_name} exports undocumented names: {missing}"


def test_facade():
    import ember.data
    import ember.eval
    from ember import api

    assert api.data is ember.data and api.eval is ember.eval


def test_ray_module_imports_without_ray(monkeypatch):
    import builtins
    import importlib
    import sys

    real_import = builtins.__import__

    def no_ray(name, *args, **kwargs):
        if name == "ray" or name.startswith("ray."):
            raise ImportError("No module named 'ray'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_ray)
    for name in [m for m in sys.modules if m == "ember.ray" or m.startswith("ember.ray.")]:
        monkeypatch.delitem(sys.modules, name)
    module = importlib.import_module("ember.ray")
    from ember.errors import ClusterError

    with pytest.raises(ClusterError, match=r"pip install 'ember\[ray\]'"):
        module.ray_map(abs, [1])
