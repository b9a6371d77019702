"""A local named like a module the file imports (``json = r.json()``) is the loaded code, not
an edit: Python compiles a method call on it as it would on the module (a NULL pushed, then
LOAD_ATTR), which a def compiled alone does not (`_source._same_code`)."""

from __future__ import annotations

import json
import time
import warnings
from typing import Any

import pytest
import requests

from ember import xcs
from ember.xcs._source import check_loaded, source_tree
from tests.xcs._items_server import Items


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


def _fetch(base: str, key: str, ms: int) -> str:
    return requests.get(f"{base}/{key}?ms={ms}", timeout=5).text


class Shelf:
    def pair(self, base: str) -> tuple[str, str, str, str]:
        class Row:  # qualified ``Shelf.pair.<locals>.Row``: compiled alone, ``pair.<locals>.Row``
            pass
        a = _fetch(base, "a", 150)
        b = _fetch(base, "b", 50)
        return a, b, Row.__qualname__, (lambda: 0).__qualname__


def make_nested() -> Any:
    def nested(base: str) -> tuple[str, str, str]:
        class Row:
            pass
        a = _fetch(base, "a", 150)
        b = _fetch(base, "b", 50)
        return a, b, Row.__qualname__
    return nested


def test_a_class_defined_in_a_method_or_a_nested_function_is_the_loaded_code(web: str) -> None:
    """(It was taken for an edit and ran as written, with an "edited since the import"
    warning.) The jitted run overlaps and names the class as the plain one does."""
    for fn, args in ((Shelf().pair, (web,)), (make_nested(), (web,))):
        plain = fn(*args)
        Items.reset()
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            jf = xcs.jit(fn)
            assert jf(*args) == plain
        assert xcs.explain(jf).model.strategy == "parallel"
        assert Items.peak == 2


class Vault:
    """Private names, which Python spells with the class's name (``self._Vault__base``)."""

    def __init__(self, base: str) -> None:
        self.__base = base
        self.__get = lambda key, ms: _fetch(self.__base, key, ms)

    def __fetch(self, key: str, ms: int) -> str:
        return _fetch(self.__base, key, ms)

    def pair(self) -> tuple[str, str]:
        a = self.__fetch("a", 150)
        b = self.__fetch("b", 50)
        return a, b

    def pair_by_lambda(self) -> tuple[str, str]:
        a = self.__get("a", 150)
        b = self.__get("b", 50)
        return a, b

    def pair_inside(self) -> list[str]:
        def fetch(key: str, ms: int) -> str:
            return _fetch(self.__base, key, ms)
        return [fetch(k, ms) for k, ms in (("a", 150), ("b", 50))]

    def binds_a_private_name(self) -> tuple[str, str]:
        def __fetch(key: str, ms: int) -> str:
            return _fetch(self.__base, key, ms)
        return __fetch("a", 150), __fetch("b", 50)


@pytest.mark.parametrize("name", ["pair", "pair_by_lambda", "pair_inside"])
def test_a_method_using_its_classes_private_names_is_the_loaded_code(web: str, name: str) -> None:
    """(It was taken for an edit.) Its private names are spelt as the loaded code spells
    them, for the analysis as for the rewrite: the reads overlap."""
    plain = getattr(Vault(web), name)()
    Items.reset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        jf = xcs.jit(getattr(Vault(web), name))
        assert jf() == plain
    assert xcs.explain(jf).model.strategy == "parallel"
    assert Items.peak == 2


def test_a_private_name_bound_inside_runs_as_written_and_says_why(web: str) -> None:
    plain = Vault(web).binds_a_private_name()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # (not taken for an edit: no warning)
        jf = xcs.jit(Vault(web).binds_a_private_name)
        assert jf() == plain
    model = xcs.explain(jf).model
    assert model.strategy == "direct"
    assert "private name of its class (__fetch)" in model.reason
