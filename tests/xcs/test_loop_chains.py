"""A loop whose item makes two calls, the second from the first's value: each item's second
call starts as soon as its own first call has ended, so the items' chains overlap, and
never before (the server sees every item's first request before its second). Where the
value is looked at in a way that could run code of the user's early (an attribute of a
value a helper of theirs gives), or the body
writes what the read could see, or decides by design, the second call keeps its place."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

KEYS = [("a", 150), ("b", 20), ("c", 90), ("d", 40)]


def two_reads(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        first = s.get(f"{base}/{key}?ms={ms}").text
        second = s.get(f"{base}/{first}-x?ms={ms}").text
        out.append(second)
    return out


def with_pure_steps(s: requests.Session, base: str) -> dict[str, str]:
    seen = {}
    total = 0
    for key, ms in KEYS:
        data = s.get(f"{base}/{key}?ms={ms}").text
        tag = data.replace("v-", "t-") + "-" + str(len(data))
        print("got", key)
        seen[key] = s.get(f"{base}/{tag}?ms={100 - ms // 2}").text
        total += len(seen[key])
    return {**seen, "total": str(total)}


class Box:
    """A value of the user's whose attribute is a property: it runs code of theirs."""

    def __init__(self, text: str, log: list[str]) -> None:
        self._text, self._log = text, log

    @property
    def text(self) -> str:
        self._log.append(self._text)
        return self._text


def fetch_box(s: requests.Session, url: str, log: list[str]) -> Box:
    return Box(s.get(url).text, log)


def three_reads(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        first = s.get(f"{base}/{key}?ms={ms}").text
        second = s.get(f"{base}/{first}-x?ms={ms}").text
        out.append(s.get(f"{base}/{second}-x?ms=30").text)
    return out


def attribute_of_the_value(s: requests.Session, base: str) -> list[Any]:
    out: list[Any] = []
    log: list[str] = []
    for key, ms in KEYS:
        r = fetch_box(s, f"{base}/{key}?ms={ms}", log)
        out.append(s.get(f"{base}/{r.text}-y?ms=10").text)
    return [*out, log]


def raises_by_design(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        first = s.get(f"{base}/{key}?ms={ms}").text
        if key == "c":
            raise ValueError(f"stop at {first}")
        out.append(s.get(f"{base}/{first}-z?ms=10").text)
    return out


def decoded(s: requests.Session, base: str) -> list[str]:
    """The first read's arguments are known only when it starts (``params=`` of the loop's
    items): its value is still the library's response, so the statement making the second
    read's arguments from it (``.content.decode()``) runs no code of the user's."""
    out = []
    for key, ms in KEYS:
        first = s.get(f"{base}/{key}", params={"ms": ms}).content.decode()
        out.append(s.get(f"{base}/{first}-x?ms={ms}").text)
    return out


def run(fn: Any, base: str) -> tuple[Any, list[str], int]:
    Items.reset()
    with requests.Session() as s:
        try:
            value: Any = fn(s, base)
        except ValueError as exc:
            value = repr(exc)
    return value, list(Items.order), Items.peak


def assert_chains(order: list[str]) -> None:
    """Every item's second request came after its first."""
    for key, _ in KEYS:
        firsts = [i for i, k in enumerate(order) if k == key]
        seconds = [i for i, k in enumerate(order) if k.startswith((f"v-{key}-", f"t-{key}-"))]
        assert firsts and all(i > firsts[0] for i in seconds), (key, order)


@pytest.mark.parametrize("fn", [two_reads, with_pure_steps, three_reads, decoded])
def test_each_items_chain_overlaps_the_others(web: str, fn: Any,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    plain = run(fn, web)
    plain_out = capsys.readouterr().out
    jitted = run(xcs.jit(fn), web)
    assert capsys.readouterr().out == plain_out
    assert jitted[0] == plain[0]
    assert sorted(jitted[1]) == sorted(plain[1])
    assert_chains(jitted[1])
    assert plain[2] == 1
    # More in flight than the first calls alone give: a second call overlapped the
    # others' (with only the first calls started ahead, a second waits for its own place).
    seconds = [k for k in jitted[1] if "-" in k]
    assert jitted[2] >= 2 and seconds[0] != f"v-{KEYS[0][0]}-x" or jitted[2] >= 3


def test_an_attribute_of_a_value_of_yours_keeps_the_second_call_in_place(web: str) -> None:
    plain = run(attribute_of_the_value, web)
    jitted = run(xcs.jit(attribute_of_the_value), web)
    assert jitted[0] == plain[0]
    assert_chains(jitted[1])
    # the second calls went one by one, in the order of the items
    assert [k for k in jitted[1] if k.endswith("-y")] == [k for k in plain[1] if k.endswith("-y")]


def known_at_run_time(s: requests.Session, base: str) -> list[str]:
    tools = {"echo": lambda text: s.get(f"{base}/{text}-t?ms=10").text}
    out = []
    for key, ms in KEYS:
        first = s.get(f"{base}/{key}?ms={ms}").text
        out.append(tools["echo"](first))  # (a tool might write: it keeps its place)
    return out


def test_a_second_call_known_only_at_run_time_keeps_its_place(web: str) -> None:
    plain = run(known_at_run_time, web)
    jitted = run(xcs.jit(known_at_run_time), web)
    assert jitted[0] == plain[0]
    assert [k for k in jitted[1] if k.endswith("-t")] == [k for k in plain[1] if k.endswith("-t")]


def test_a_raise_by_design_sends_no_second_call_past_it(web: str) -> None:
    plain = run(raises_by_design, web)
    jitted = run(xcs.jit(raises_by_design), web)
    assert jitted[0] == plain[0] == "ValueError('stop at v-c')"
    seconds = sorted(k for k in jitted[1] if k.endswith("-z"))
    assert seconds == sorted(k for k in plain[1] if k.endswith("-z")) == ["v-a-z", "v-b-z"]


def judged(s: requests.Session, base: str) -> list[str]:
    return [s.get(f"{base}/{s.get(f'{base}/{k}?ms={ms}').text}-j?ms={100 - ms // 2}").text
            for k, ms in KEYS]


def test_a_comprehensions_read_of_a_read_overlaps_per_item(web: str) -> None:
    plain = run(judged, web)
    jitted = run(xcs.jit(judged), web)
    assert jitted[0] == plain[0] == [f"v-v-{k}-j" for k, _ in KEYS]
    assert sorted(jitted[1]) == sorted(plain[1])
    assert_chains(jitted[1])
    seconds = [k for k in jitted[1] if k.endswith("-j")]
    # an item's second read went before the slowest first read ended
    assert jitted[1].index(seconds[0]) < len(KEYS) + 1 and jitted[2] >= 3


def test_an_inner_failure_raises_as_plain_and_sends_no_outer_read_for_it(web: str) -> None:
    def failing(s: requests.Session, base: str) -> Any:
        try:  # (the third item's first read goes to a port nothing listens on)
            return [s.get(f"{base}/{s.get(f'{b}/{k}?ms={ms}', timeout=5).text}-j?ms=10").text
                    for b, k, ms in [(base, "a", 120), (base, "b", 20), (CLOSED, "c", 0)]]
        except requests.ConnectionError as exc:
            return type(exc).__name__

    plain = run(failing, web)
    jitted = run(xcs.jit(failing), web)
    assert jitted[0] == plain[0] == "ConnectionError"
    assert not any(k.startswith("v-c") for k in jitted[1])


CLOSED = "http://127.0.0.1:9"  # (the discard port: nothing listens on it here)


# -- in a coroutine: the second call is a task that awaits its item's first ----------------


async def async_two_reads(c: httpx.AsyncClient, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        first = (await c.get(f"{base}/{key}", params={"ms": ms})).text
        tag = first.replace("v-", "t-")
        out.append((await c.get(f"{base}/{tag}-x?ms={ms}")).text)
    return out


async def async_awaits_between(c: httpx.AsyncClient, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        first = (await c.get(f"{base}/{key}", params={"ms": ms})).text
        await asyncio.sleep(0)  # (an await of its own between: the second keeps its place)
        out.append((await c.get(f"{base}/{first}-x?ms={ms}")).text)
    return out


async def async_fails_midway(c: httpx.AsyncClient, base: str) -> Any:
    out = []
    try:
        for b, key, ms in [(base, "a", 120), (base, "b", 20), (CLOSED, "c", 0), (base, "d", 10)]:
            first = (await c.get(f"{b}/{key}", params={"ms": ms})).text
            out.append((await c.get(f"{base}/{first}-x?ms=10")).text)
    except httpx.ConnectError as exc:
        return [*out, type(exc).__name__]
    return out


def arun(fn: Any, base: str) -> tuple[Any, list[str], int]:
    async def main() -> Any:
        async with httpx.AsyncClient() as c:
            return await fn(c, base)
    Items.reset()
    return asyncio.run(main()), list(Items.order), Items.peak


def test_in_a_coroutine_each_items_chain_overlaps_the_others(web: str) -> None:
    plain = arun(async_two_reads, web)
    jitted = arun(xcs.jit(async_two_reads), web)
    assert jitted[0] == plain[0] == [f"v-t-{k}-x" for k, _ in KEYS]
    assert sorted(jitted[1]) == sorted(plain[1])
    assert_chains(jitted[1])
    assert plain[2] == 1
    # the fast items' second reads went before the slowest first read ended
    assert jitted[1].index("t-b-x") < jitted[1].index("t-a-x") and jitted[2] >= 3


def test_in_a_coroutine_an_await_between_keeps_the_second_call_in_place(web: str) -> None:
    plain = arun(async_awaits_between, web)
    jitted = arun(xcs.jit(async_awaits_between), web)
    assert jitted[0] == plain[0]
    seconds = [k for k in jitted[1] if k.endswith("-x")]
    assert seconds == [k for k in plain[1] if k.endswith("-x")]
    assert_chains(jitted[1])


def test_in_a_coroutine_a_failing_first_read_raises_as_plain(web: str) -> None:
    plain = arun(async_fails_midway, web)
    jitted = arun(xcs.jit(async_fails_midway), web)
    assert jitted[0] == plain[0] == ["v-v-a-x", "v-v-b-x", "ConnectError"]
    # (the last item's first read may go out beside the failing one: a read, allowed)
    assert not any(k.startswith(("v-c", "v-d")) for k in jitted[1])
    for key in ("a", "b"):
        assert jitted[1].index(key) < jitted[1].index(f"v-{key}-x")
