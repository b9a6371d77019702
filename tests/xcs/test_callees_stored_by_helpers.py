"""A call reached through a global whose object the function, or a helper it calls,
changes (``Tools.fetch = ...``, ``helper.__code__ = ...``, ``setattr(SVC, ...)``) runs
in place (`_globals.found_through_stores`): the plan resolved it before the change, and
started early it would run what the object held then."""

from __future__ import annotations

import threading
import time
from typing import Any

from ember import xcs

STORE: dict[str, str] = {}
LOG: list[str] = []
_in_flight = [0, 0]  # now, most
_lock = threading.Lock()
_delay = [0.03]  # a read's seconds (longer where the test counts the reads in flight)


@xcs.effect("read", resource="store")
def reader(key: str) -> str | None:
    with _lock:
        _in_flight[0] += 1
        _in_flight[1] = max(_in_flight[1], _in_flight[0])
    time.sleep(_delay[0])
    with _lock:
        _in_flight[0] -= 1
    LOG.append(f"read {key}")
    return STORE.get(key)


@xcs.effect("write", resource="store")
def writer(key: str) -> str:
    STORE[key] = "written"
    LOG.append(f"write {key}")
    return "written"


def _read(key: str) -> Any:
    return reader(key)


def code_helper(key: str) -> Any:
    return _read(key)


_CODE = code_helper.__code__


class Tools:
    fetch = staticmethod(reader)


class ReadBackend:
    def load(self, key: str) -> Any:
        return _read(key)


class WriteBackend:
    def load(self, key: str) -> Any:
        return writer(key)


class Service:
    def __init__(self) -> None:
        self.backend: Any = ReadBackend()


SVC = Service()
COUNTS: dict[str, int] = {}


def arm_class() -> None:
    Tools.fetch = staticmethod(writer)  # type: ignore[assignment]


def arm_service() -> None:
    SVC.backend = WriteBackend()


def arm_by_setattr() -> None:
    setattr(SVC, "backend", WriteBackend())  # noqa: B010 - the spelling under test


def swap_code() -> None:
    code_helper.__code__ = writer.__code__


REGISTRY: dict[str, Any] = {"fetch": reader}


def arm_registry() -> None:
    REGISTRY["fetch"] = writer


def arm_through_another() -> None:
    arm_class()


def count(key: str) -> None:
    COUNTS[key] = COUNTS.get(key, 0) + 1


def class_attr_by_helper() -> list[Any]:
    a = Tools.fetch("a")
    arm_class()
    b = Tools.fetch("b")
    c = reader("b")
    return [a, b, c]


def class_attr_two_helpers_down() -> list[Any]:
    a = Tools.fetch("a")
    arm_through_another()
    b = Tools.fetch("b")
    c = reader("b")
    return [a, b, c]


def instance_attr_by_helper() -> list[Any]:
    a = SVC.backend.load("a")
    arm_service()
    b = SVC.backend.load("b")
    c = reader("b")
    return [a, b, c]


def instance_attr_by_setattr_helper() -> list[Any]:
    a = SVC.backend.load("a")
    arm_by_setattr()
    b = SVC.backend.load("b")
    c = reader("b")
    return [a, b, c]


def code_swapped_by_helper() -> list[Any]:
    a = code_helper("a")
    swap_code()
    b = code_helper("b")
    c = reader("b")
    return [a, b, c]


def registry_item_by_helper() -> list[Any]:
    a = REGISTRY["fetch"]("a")
    arm_registry()
    b = REGISTRY["fetch"]("b")
    c = reader("b")
    return [a, b, c]


def counted_reads() -> list[Any]:
    count("a")
    return [reader("a"), reader("b"), reader("c")]


def _reset() -> None:
    Tools.fetch = staticmethod(reader)  # type: ignore[assignment]
    SVC.backend = ReadBackend()
    code_helper.__code__ = _CODE
    REGISTRY["fetch"] = reader
    STORE.clear()
    LOG.clear()
    COUNTS.clear()
    _in_flight[:] = [0, 0]


def _both(fn: Any) -> tuple[tuple[Any, list[str]], tuple[Any, list[str]], int]:
    _reset()
    plain = fn(), list(LOG)
    _reset()
    jitted = xcs.jit(fn)(), list(LOG)
    most = _in_flight[1]
    _reset()
    return plain, jitted, most


def test_a_helper_that_rebinds_a_callee_keeps_the_calls_after_it_in_place() -> None:
    for fn in (class_attr_by_helper, class_attr_two_helpers_down, instance_attr_by_helper,
               instance_attr_by_setattr_helper, code_swapped_by_helper,
               registry_item_by_helper):
        plain, jitted, _ = _both(fn)
        assert plain[0][-1] == "written", fn.__name__  # (the case reads its own write)
        assert jitted == plain, fn.__name__


def test_a_helper_that_changes_other_globals_leaves_the_reads_overlapping() -> None:
    _delay[0] = 0.3  # time for a loaded machine to start the third read before the first ends
    try:
        plain, jitted, most = _both(counted_reads)
    finally:
        _delay[0] = 0.03
    assert jitted == (plain[0], jitted[1]) and sorted(jitted[1]) == sorted(plain[1])
    assert most == 3
