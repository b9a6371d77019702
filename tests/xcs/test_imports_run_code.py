"""An import of a module not loaded yet runs the module's code, and a change of what finds
modules (``sys.path``, ``sys.modules``) decides which code that is (`ember.xcs._imports`):
no call moves across either. An import of modules loaded already binds names only."""

from __future__ import annotations

import functools
import importlib
import itertools
import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ember import xcs
from tests.xcs._store import Store

STORE = Store()


@xcs.effect("read", resource="store")
def reader(key: str, delay: float = 0.03) -> str | None:
    return STORE.read(key, delay)


@pytest.fixture
def module_dir(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A directory with a module that, imported, stores into `STORE` (a fresh name per test:
    the module is loaded by the plain run, then removed for the jitted one)."""
    name = f"_ember_imported_{uuid.uuid4().hex[:8]}"
    (tmp_path / f"{name}.py").write_text(textwrap.dedent(f"""
        import sys
        sys.modules[{__name__!r}].STORE.items["k"] = "imported"
        VALUE = 1
    """))
    yield tmp_path, name
    sys.modules.pop(name, None)
    while str(tmp_path) in sys.path:
        sys.path.remove(str(tmp_path))


def _fresh(name: str, path: Path | None) -> None:
    STORE.reset()
    sys.modules.pop(name, None)
    while str(path) in sys.path:
        sys.path.remove(str(path))
    importlib.invalidate_caches()


def _compare(fn: Any, name: str, path: Path, on_path: bool = True) -> None:
    _fresh(name, path)
    if on_path:
        sys.path.insert(0, str(path))
    plain = fn(name, str(path))
    _fresh(name, path)
    if on_path:
        sys.path.insert(0, str(path))
    assert xcs.jit(fn)(name, str(path)) == plain
    assert plain[-1] == "imported"  # (the case reads what the import wrote)


def import_statement(name: str, path: str) -> list[Any]:
    a = reader("other")
    __import__(name)
    return [a, reader("k")]


def imports_by_helper(name: str, path: str) -> list[Any]:
    a = reader("other")
    lazy(name)
    return [a, reader("k")]


def lazy(name: str) -> None:
    __import__(name)


def path_then_helper(name: str, path: str) -> list[Any]:
    a = reader("other")
    sys.path.insert(0, path)
    b = found_there(name)
    return [a, b, reader("k")]


def found_there(name: str) -> Any:
    reader("x")
    try:
        __import__(name)
    except ImportError:
        return "absent"
    return STORE.items.get("k")


@pytest.mark.parametrize("fn", [import_statement, imports_by_helper])
def test_an_import_that_loads_a_module_keeps_its_place(
        fn: Any, module_dir: tuple[Path, str]) -> None:
    _compare(fn, module_dir[1], module_dir[0])


def test_a_change_of_sys_path_keeps_the_imports_after_it_behind_it(
        module_dir: tuple[Path, str]) -> None:
    _compare(path_then_helper, module_dir[1], module_dir[0], on_path=False)


def test_import_statements_in_the_function_itself(module_dir: tuple[Path, str]) -> None:
    path, name = module_dir
    source = textwrap.dedent(f"""
        import sys
        reader = sys.modules[{__name__!r}].reader

        def imports_inline():
            a = reader("other")
            import {name}
            return [a, reader("k")]

        def from_imports_inline():
            a = reader("other")
            from {name} import VALUE
            return [a, VALUE, reader("k")]
    """)
    (path / "_importing.py").write_text(source)
    sys.path.insert(0, str(path))
    try:
        importing = importlib.import_module("_importing")
        for fn in (importing.imports_inline, importing.from_imports_inline):
            _fresh(name, None)
            plain = fn()
            _fresh(name, None)
            assert xcs.jit(fn)() == plain and plain[-1] == "imported"
    finally:
        sys.modules.pop("_importing", None)


def loaded_modules_only() -> list[Any]:
    import json  # noqa: F401 - loaded already: binds a name
    return [reader("a"), reader("b"), reader("c")]


def test_an_import_of_loaded_modules_leaves_the_reads_overlapping() -> None:
    STORE.reset()
    assert xcs.jit(loaded_modules_only)() == [None, None, None]
    assert STORE.most == 3


COUNTER = itertools.count(100)
take = functools.partial(next, COUNTER)


def fetch_with_id(key: str, delay: float) -> str:
    v = reader(key, delay)
    return f"{take()}:{v}"


def ids_after_reads() -> list[str]:
    return [fetch_with_id("slow", 0.1), fetch_with_id("fast", 0.01)]


def test_a_partial_that_changes_what_it_holds_is_a_change() -> None:
    global COUNTER, take
    COUNTER = itertools.count(100)
    take = functools.partial(next, COUNTER)
    plain = ids_after_reads()
    COUNTER = itertools.count(100)
    take = functools.partial(next, COUNTER)
    assert xcs.jit(ids_after_reads)() == plain == ["100:None", "101:None"]
