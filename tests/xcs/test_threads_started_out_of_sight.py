"""A thread the function starts meets its calls where the timing puts it, so a function
that starts one runs as written (`_plan._own_threads`), however it starts it: a thread or
an executor made in the function (``go = t.start; go()``, ``functools.partial(t.start)()``,
``getattr(t, name)()``), ``_thread.start_new_thread``, a generator whose step starts one,
a function or a method that starts one handed to a library that calls it
(``weakref.finalize``, ``ExitStack.callback``, a future's done callback,
``itertools.starmap``, ``sorted``'s key), ``contextlib.closing`` of an object whose
``close`` starts one, a class made in the function (a decorator, a base's
``__init_subclass__``).
So does a function that calls, as a statement, what a local or an item holds (a thread's
``start`` handed in a list or a dict): nothing sees that callee before it runs.

Each thread here marks the server's log once the function's first read has arrived; the
plain code sends its second read only after the first read's answer, 300 ms later."""

from __future__ import annotations

import _thread
import concurrent.futures
import contextlib
import functools
import itertools
import operator
import sys
import threading
import time
import weakref
from collections import deque
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items


def mark_after_first() -> None:
    """Marks the log once the first read ("x") has arrived (bounded: 5 s)."""
    for _ in range(2500):
        if "x" in Items.order:
            break
        time.sleep(0.002)
    with Items.lock:
        Items.order.append("flag")


def thread() -> threading.Thread:
    return threading.Thread(target=mark_after_first, daemon=True)


def reads(web: str) -> tuple[str, str]:
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def bound_start_stored(web: str) -> tuple[str, str]:
    t = threading.Thread(target=mark_after_first, daemon=True)
    go = t.start
    go()
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def partial_of_start(web: str) -> tuple[str, str]:
    t = threading.Thread(target=mark_after_first, daemon=True)
    functools.partial(t.start)()
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def method_named_at_run_time(web: str) -> tuple[str, str]:
    t = threading.Thread(target=mark_after_first, daemon=True)
    getattr(t, "st" + "art")()
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def method_caller(web: str) -> tuple[str, str]:
    t = threading.Thread(target=mark_after_first, daemon=True)
    operator.methodcaller("start")(t)
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def low_level(web: str) -> tuple[str, str]:
    _thread.start_new_thread(mark_after_first, ())
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def starting() -> Iterator[None]:
    thread().start()
    yield


def generator_step(web: str) -> tuple[str, str]:
    gen = starting()
    next(gen)
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def handed_in_a_list(web: str, steps: list[Callable[[], Any]]) -> tuple[str, str]:
    for step in steps:
        step()
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def held_in_a_dict(web: str, hooks: dict[str, Callable[[], Any]]) -> tuple[str, str]:
    hooks["start"]()
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def spawn() -> None:
    thread().start()


class Token:
    pass


def finaliser(web: str) -> tuple[str, str]:
    token = Token()
    weakref.finalize(token, spawn)
    del token
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def exit_stack_callback(web: str) -> tuple[str, str]:
    stack = contextlib.ExitStack()
    stack.callback(spawn)
    stack.close()
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def done_callback(web: str) -> tuple[str, str]:
    fut: concurrent.futures.Future[int] = concurrent.futures.Future()
    fut.add_done_callback(lambda _: spawn())
    fut.set_result(1)
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def drained_starmap(web: str) -> tuple[str, str]:
    deque(itertools.starmap(spawn, [()]), maxlen=0)
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def made_by_a_helper(web: str) -> tuple[str, str]:
    t = thread()
    getattr(t, "start")()  # noqa: B009 - a start by another name
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


class Spawner:
    def spawn(self) -> None:
        thread().start()

    def key(self, item: str) -> str:
        self.spawn()
        return item


def bound_method_finaliser(web: str) -> tuple[str, str]:
    sp, token = Spawner(), Token()
    weakref.finalize(token, sp.spawn)
    del token
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def bound_method_sort_key(web: str) -> tuple[str, str]:
    sp = Spawner()
    sorted(["x"], key=sp.key)
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


class Closer:
    def close(self) -> None:
        thread().start()


def closing_runs_close(web: str) -> tuple[str, str]:
    with contextlib.closing(Closer()):
        pass
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


class Plugins:
    def __init_subclass__(cls) -> None:
        thread().start()


def class_made_in_the_function(web: str) -> tuple[str, str]:
    class Plugin(Plugins):
        pass

    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def starting_decorator(cls: type) -> type:
    thread().start()
    return cls


def decorated_class(web: str) -> tuple[str, str]:
    @starting_decorator
    class Thing:
        pass

    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


HOOKS: dict[str, Callable[[], None]] = {"start": spawn}
THIS = sys.modules[__name__]
HELD: list[Callable[[], None]] = []


def registered(fn: Callable[[], None]) -> None:
    HELD.append(fn)


def fire() -> None:
    for fn in HELD:
        fn()
    HELD.clear()


def handed_as_a_module_attribute(web: str) -> tuple[str, str]:
    registered(THIS.spawn)
    fire()
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def handed_as_a_dict_item(web: str) -> tuple[str, str]:
    registered(HOOKS["start"])
    fire()
    a = requests.get(f"{web}/items/x?ms=300", timeout=5).text
    b = requests.get(f"{web}/items/k?ms=40", timeout=5).text
    return a, b


def run(fn: Callable[..., Any], *args: Any) -> tuple[Any, list[str], int]:
    Items.reset()
    value = fn(*args)
    for _ in range(2500):  # (the thread's mark, bounded)
        if "flag" in Items.order:
            break
        time.sleep(0.002)
    return value, list(Items.order), Items.peak


@pytest.mark.parametrize("fn", [bound_start_stored, partial_of_start, method_named_at_run_time,
                                method_caller, low_level, generator_step, finaliser,
                                exit_stack_callback, done_callback, drained_starmap,
                                made_by_a_helper, bound_method_finaliser, bound_method_sort_key,
                                closing_runs_close, class_made_in_the_function,
                                decorated_class, handed_as_a_module_attribute,
                                handed_as_a_dict_item])
def test_a_thread_started_by_any_name_keeps_the_calls_in_place(
        web: str, fn: Callable[..., Any]) -> None:
    plain = run(fn, web)
    jitted = run(xcs.jit(fn), web)
    assert plain == (("v-x", "v-k"), ["x", "flag", "k"], 1)
    assert jitted == plain


@pytest.mark.parametrize(("fn", "holder"), [
    (handed_in_a_list, lambda: [thread().start]),
    (held_in_a_dict, lambda: {"start": thread().start}),
])
def test_a_callable_kept_as_data_and_called_for_its_effect_counts_as_a_start(
        web: str, fn: Callable[..., Any], holder: Callable[[], Any]) -> None:
    # Its callee is known only when it runs, and nothing classifies it there.
    plain = run(fn, web, holder())
    jitted = run(xcs.jit(fn), web, holder())
    assert plain == (("v-x", "v-k"), ["x", "flag", "k"], 1)
    assert jitted == plain


def test_without_a_thread_the_reads_overlap(web: str) -> None:
    assert run(xcs.jit(reads), web)[2] == 2
