"""Awaits keep the order plain code gives them.

- ``await asyncio.sleep(d)`` as a statement of its own is spacing, in a loop too: the
  calls after it start after it, item by item (it was started for every item at once).
- ``await pending``, of a coroutine or task made earlier, is where what it does happens
  (a PUT made as ``client.put(...)`` is sent at its await): a read after it stays after it.
- A coroutine that makes a task of its own runs as written, as a function that starts a
  thread does: what the task does while a slow read is in flight (a write after a sleep)
  meets the reads after it where the plain code's timing puts it.
"""

from __future__ import annotations

import asyncio

from ember import xcs

EVENTS: list[str] = []
STORE: dict[str, str] = {}


@xcs.effect("read")
async def fetch(key: str) -> str:
    EVENTS.append(f"start {key}")
    await asyncio.sleep(0.005)
    EVENTS.append(f"end {key}")
    return STORE.get(key, f"v-{key}")


@xcs.effect("write")
async def put(key: str, value: str) -> None:
    await asyncio.sleep(0.01)
    STORE[key] = value


async def paced(keys: list[str]) -> list[str]:
    out = []
    for key in keys:
        out.append(await fetch(key))
        await asyncio.sleep(0.002)
    return out


async def put_made_then_awaited(key: str) -> str:
    pending = put(key, "new")
    await pending
    return await fetch(key)


async def put_task_then_read(key: str) -> str:
    task = asyncio.create_task(put(key, "new"))
    await task
    return await fetch(key)


def _run(fn, *args) -> tuple[object, list[str]]:  # noqa: ANN001 - any coroutine function
    EVENTS.clear()
    STORE.clear()
    value = asyncio.run(fn(*args))
    return value, list(EVENTS)


def test_a_sleep_statement_in_a_loop_keeps_its_place() -> None:
    plain = _run(paced, ["a", "b", "c"])
    assert plain[1] == ["start a", "end a", "start b", "end b", "start c", "end c"]
    assert _run(xcs.jit(paced), ["a", "b", "c"]) == plain


def test_a_read_stays_after_the_await_of_a_write_made_earlier() -> None:
    for fn in (put_made_then_awaited, put_task_then_read):
        plain = _run(fn, "k")
        assert plain[0] == "new"
        assert _run(xcs.jit(fn), "k") == plain, fn.__name__


@xcs.effect("read")
async def slow_fetch(key: str) -> str:
    EVENTS.append(f"start {key}")
    await asyncio.sleep(0.15)
    EVENTS.append(f"end {key}")
    return STORE.get(key, f"v-{key}")


async def later_put(key: str) -> None:
    await asyncio.sleep(0.03)
    STORE[key] = "new"
    EVENTS.append(f"put {key}")


async def task_beside_reads(keys: list[str]) -> list[str]:
    task = asyncio.create_task(later_put("b"))
    await asyncio.sleep(0)  # (the task runs to its sleep: it is not ready to run)
    out = [await slow_fetch("a")]
    for key in keys:
        out.append(await fetch(key))
    await task
    return out


async def task_made_by_its_class(keys: list[str]) -> list[str]:
    task = asyncio.Task(later_put("b"))
    await asyncio.sleep(0)
    out = [await slow_fetch("a")]
    for key in keys:
        out.append(await fetch(key))
    await task
    return out


async def task_group_beside_reads(keys: list[str]) -> list[str]:
    async with asyncio.TaskGroup() as tg:
        tg.create_task(later_put("b"))
        await asyncio.sleep(0)
        out = [await slow_fetch("a")]
        for key in keys:
            out.append(await fetch(key))
    return out


def test_a_coroutine_that_makes_a_task_runs_as_written() -> None:
    for fn in (task_beside_reads, task_group_beside_reads, task_made_by_its_class):
        plain = _run(fn, ["b", "c"])
        assert plain[0] == ["v-a", "new", "v-c"], fn.__name__
        jitted = xcs.jit(fn)
        assert _run(jitted, ["b", "c"]) == plain, fn.__name__
        assert "of its own" in str(xcs.explain(jitted))
