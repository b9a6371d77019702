"""Context variables and builtins with no rule.

A helper that reads a `ContextVar` overlaps: a call started early runs in a copy of its
caller's context made at its start, and the function's own ``var.set(...)`` (a builtin
with no rule) is a barrier, so every call sees the value the plain code gives it. A
builtin with no rule right after a fan-out (``os.umask``) stays a barrier where it is: it
does not start ahead of the fan-out, where it would hold the fan-out's calls in place."""

from __future__ import annotations

import asyncio
import contextvars
import os

import requests

from ember import xcs
from tests.xcs._items_server import Items

TENANT: contextvars.ContextVar[str] = contextvars.ContextVar("tenant", default="none")
KEYS = [("a", 150), ("b", 50), ("c", 90)]


def fetch(base: str, key: str, ms: int) -> str:
    return f"{TENANT.get()}:" + requests.get(f"{base}/{TENANT.get()}-{key}?ms={ms}").text


def set_between(base: str) -> list[str]:
    TENANT.set("acme")
    first = [fetch(base, k, ms) for k, ms in KEYS]
    TENANT.set("globex")
    return [*first, *(fetch(base, k, ms) for k, ms in KEYS)]


async def afetch(base: str, key: str, ms: int) -> str:
    await asyncio.sleep(ms / 1000)
    return f"{TENANT.get()}-{key}"


async def aset_between(base: str) -> list[str]:
    TENANT.set("acme")
    a = await afetch(base, "a", 150)
    b = await afetch(base, "b", 50)
    TENANT.set("globex")
    c = await afetch(base, "c", 90)
    return [a, b, c]


def run(fn: object, base: str) -> tuple[object, list[str], int]:
    Items.reset()
    value = contextvars.copy_context().run(fn, base)  # type: ignore[arg-type]
    return value, list(Items.order), Items.peak


def test_a_helper_reading_a_context_variable_overlaps_and_sees_the_plain_value(
        web: str) -> None:
    plain = run(set_between, web)
    jitted = run(xcs.jit(set_between), web)
    assert jitted[0] == plain[0]
    assert plain[0][0] == "acme:v-acme-a" and plain[0][3] == "globex:v-globex-a"
    # every acme read before every globex read, as the set between them says
    firsts = [i for i, k in enumerate(jitted[1]) if k.startswith("acme")]
    assert max(firsts) < min(i for i, k in enumerate(jitted[1]) if k.startswith("globex"))
    assert plain[2] == 1 and jitted[2] >= 2


def test_in_a_coroutine_a_set_between_awaits_keeps_its_place() -> None:
    def arun(fn: object) -> object:
        return contextvars.copy_context().run(asyncio.run, fn(""))  # type: ignore[operator]
    plain = arun(aset_between)
    assert plain == ["acme-a", "acme-b", "globex-c"]
    assert arun(xcs.jit(aset_between)) == plain


def umask_after_fanout(base: str) -> list[str]:
    vals = [requests.get(f"{base}/{k}?ms={ms}").text for k, ms in KEYS]
    old = os.umask(0o077)
    os.umask(old)
    return [*vals, oct(old)]


def test_a_builtin_with_no_rule_after_a_fan_out_leaves_the_fan_out_overlapping(
        web: str) -> None:
    plain = run(umask_after_fanout, web)
    jitted_fn = xcs.jit(umask_after_fanout)
    jitted = run(jitted_fn, web)
    assert jitted[0] == plain[0]
    assert jitted[2] == 3
    assert "os.umask(" not in str(xcs.explain(jitted_fn))  # (no call site: a barrier)
