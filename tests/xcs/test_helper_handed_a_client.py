"""A helper of the user's handed a library's object (``get(session, url)``): its body's calls
on that parameter are known only with the object in hand, so the jitted caller decides it
when it starts, with its arguments. A plain session lets two such helpers overlap; one that
changes the session first, or a helper handed a sqlite3 connection, keeps its place."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import Any

import httpx
import pytest
import requests
import requests.adapters

from ember import xcs
from tests.xcs._items_server import Items


def fetch(s: Any, base: str, key: str, ms: int) -> str:
    return s.get(f"{base}/{key}?ms={ms}").text


def two_fetches(s: requests.Session, base: str) -> list[str]:
    a = fetch(s, base, "a", 150)
    b = fetch(s, base, "b", 50)
    return [a, b]


class Tagging(requests.adapters.HTTPAdapter):
    """An adapter of the user's: it records each request it sends."""

    def send(self, request: Any, **kwargs: Any) -> Any:
        SENT.append(request.url.rsplit("/", 1)[-1])
        return super().send(request, **kwargs)


SENT: list[str] = []


def mount_then_fetch(s: Any, base: str, key: str, ms: int) -> str:
    s.mount("http://", Tagging())
    return s.get(f"{base}/{key}?ms={ms}").text


def mounts_then_fetches(s: requests.Session, base: str) -> list[str]:
    a = mount_then_fetch(s, base, "m1", 150)
    b = mount_then_fetch(s, base, "m2", 50)
    return [a, b]


def test_two_helpers_handed_a_session_overlap(web: str) -> None:
    with requests.Session() as s:
        plain = two_fetches(s, web)
        assert Items.peak == 1
        Items.peak = 0
        assert xcs.jit(two_fetches)(s, web) == plain == ["v-a", "v-b"]
    assert Items.peak == 2


def test_a_helper_that_changes_the_session_keeps_its_place(web: str) -> None:
    with requests.Session() as s:
        SENT.clear()
        plain = mounts_then_fetches(s, web)
        plain_sent, plain_order = list(SENT), list(Items.order)
    with requests.Session() as s:
        SENT.clear()
        Items.order, Items.peak = [], 0
        assert xcs.jit(mounts_then_fetches)(s, web) == plain
        assert (SENT, Items.order) == (plain_sent, plain_order)
    assert Items.peak == 1


class Agent:
    """Holds its session and hands it, as ``self.session``, to the helper."""

    def __init__(self, session: Any, base: str, ms: int) -> None:
        self.session, self.base, self.ms = session, base, ms

    def answer(self, key: str) -> str:
        return fetch(self.session, self.base, key, self.ms)


def agents_answer(agents: list[Agent]) -> list[str]:
    return [agent.answer(f"q{i}") for i, agent in enumerate(agents)]


def test_a_method_handing_its_objects_session_to_a_helper_overlaps(web: str) -> None:
    # (reads of 450, 300 and 350 ms: a loaded machine once started the third after the
    # second, of 50 ms, had ended)
    with requests.Session() as s:
        agents = [Agent(s, web, ms) for ms in (450, 300, 350)]
        plain = agents_answer(agents)
        assert Items.peak == 1
        Items.reset()
        assert xcs.jit(agents_answer)(agents) == plain == ["v-q0", "v-q1", "v-q2"]
    assert Items.peak == 3


def test_a_session_set_on_the_object_later_is_the_one_decided_on(web: str) -> None:
    jitted = xcs.jit(agents_answer)
    with requests.Session() as s, requests.Session() as tagging:
        tagging.mount("http://", Tagging())
        agents = [Agent(s, web, ms) for ms in (150, 50, 80)]
        jitted(agents)
        agents[1].session = tagging  # (an adapter of the user's: it runs user code)
        SENT.clear()
        Items.reset()
        plain = agents_answer(agents)
        plain_sent, plain_order = list(SENT), list(Items.order)
        SENT.clear()
        Items.reset()
        assert jitted(agents) == plain
        assert (SENT, Items.order) == (plain_sent, plain_order) == (["q1?ms=50"], ["q0", "q1", "q2"])


def insert(conn: sqlite3.Connection, word: str) -> int:
    conn.execute("INSERT INTO words VALUES (?)", (word,))
    return conn.execute("SELECT count(*) FROM words").fetchone()[0]


def three_inserts(conn: sqlite3.Connection) -> list[int]:
    return [insert(conn, "a"), insert(conn, "b"), insert(conn, "c")]


def test_a_helper_handed_a_connection_uses_it_in_place() -> None:
    def fresh() -> sqlite3.Connection:
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE TABLE words (w TEXT)")
        return conn

    plain = three_inserts(fresh())
    conn = fresh()
    try:
        # (used from another thread, sqlite3 raises ProgrammingError)
        assert xcs.jit(three_inserts)(conn) == plain == [1, 2, 3]
    finally:
        conn.close()


class Api:
    """A client of the user's holding a session: its methods reach it through ``self``."""

    def __init__(self, session: requests.Session, base: str) -> None:
        self.session, self.base = session, base

    def fetch(self, key: str, ms: int) -> str:
        return self.session.get(f"{self.base}/{key}?ms={ms}").text

    def both(self) -> list[str]:
        return [self.fetch("a", 150), self.fetch("b", 50)]


def test_a_plan_resting_on_a_sessions_state_holds_while_it_does(web: str) -> None:
    with requests.Session() as s:
        both = xcs.jit(Api(s, web).both)
        for _ in range(3):
            Items.peak = 0
            assert both() == ["v-a", "v-b"]
            assert Items.peak == 2
        assert "planned again" not in str(xcs.explain(both))
        s.hooks["response"].append(lambda r, *args, **kwargs: None)  # the user's code now
        Items.peak = 0
        assert both() == ["v-a", "v-b"]
        assert Items.peak == 1


async def afetch(c: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    return (await c.get(f"{base}/{key}?ms={ms}")).text


async def two_afetches(c: httpx.AsyncClient, base: str) -> list[str]:
    a = await afetch(c, base, "a", 150)
    b = await afetch(c, base, "b", 50)
    return [a, b]


async def paced_afetch(c: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    await asyncio.sleep(0.03)  # a rate limit: the next request waits for it
    return (await c.get(f"{base}/{key}?ms={ms}")).text


async def two_paced_afetches(c: httpx.AsyncClient, base: str) -> list[str]:
    a = await paced_afetch(c, base, "a", 50)
    b = await paced_afetch(c, base, "b", 50)
    return [a, b]


async def paced_comprehension(c: httpx.AsyncClient, base: str) -> list[str]:
    return [await paced_afetch(c, base, k, 50) for k in ("a", "b", "c")]


def _run_with_client(fn: Any, base: str) -> Any:
    async def go() -> Any:
        async with httpx.AsyncClient() as c:
            return await fn(c, base)
    return asyncio.run(go())


TOKEN = {"value": "t0"}


async def tokened_afetch(c: httpx.AsyncClient, base: str, key: str, ms: int) -> str:
    return (await c.get(f"{base}/{key}-{TOKEN['value']}?ms={ms}")).text


async def refresh() -> None:
    TOKEN["value"] = "t1"


async def refreshed_between(c: httpx.AsyncClient, base: str) -> list[str]:
    task = asyncio.create_task(refresh())  # runs at the first await, as asyncio runs tasks
    a = await tokened_afetch(c, base, "a", 150)
    b = await tokened_afetch(c, base, "b", 50)
    await task
    return [a, b]


def test_an_async_helper_waits_for_the_tasks_an_await_before_it_runs(web: str) -> None:
    # Unlike a thread beside a blocking call, a task made before an await always runs
    # there: the second helper must read the token after it, as the plain code does.
    TOKEN["value"] = "t0"
    plain = _run_with_client(refreshed_between, web)
    assert plain == ["v-a-t0", "v-b-t1"]
    TOKEN["value"] = "t0"
    assert _run_with_client(xcs.jit(refreshed_between), web) == plain
    TOKEN["value"] = "t0"
    assert _run_with_client(xcs.jit(two_afetches), web) == ["v-a", "v-b"]


def test_an_async_helper_that_sleeps_as_a_statement_keeps_its_spacing(web: str) -> None:
    # The sleep stands between the requests, as in the plain run: none overlaps another.
    for fn in (two_paced_afetches, paced_comprehension):
        Items.reset()
        plain = _run_with_client(fn, web)
        Items.reset()
        assert _run_with_client(xcs.jit(fn), web) == plain
        assert Items.peak == 1


KEYS = [("a", 150), ("b", 50), ("c", 60)]


def loop_of_fetches(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        v = fetch(s, base, key, ms)
        out.append(v)  # (changes the list alone, which no helper can reach)
    return out


async def loop_of_afetches(c: httpx.AsyncClient, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        v = await afetch(c, base, key, ms)
        out.append(v)
    return out


def test_a_loop_of_helpers_handed_a_client_overlaps(web: str) -> None:
    with requests.Session() as s:
        plain = loop_of_fetches(s, web)
        Items.reset()
        assert xcs.jit(loop_of_fetches)(s, web) == plain == ["v-a", "v-b", "v-c"]
    assert Items.peak >= 2  # (3 when the machine is quiet; one by one, 1)
    # (In a coroutine, other tasks may run at each await: each item's helper in turn.)
    assert _run_with_client(xcs.jit(loop_of_afetches), web) == plain


def keeps_what_it_appends(s: requests.Session, base: str) -> list[Any]:
    out: list[Any] = []
    for key, ms in KEYS:
        v = fetch_into(s, base, key, ms, out)  # the helper is handed the list: it may read it
        out.append(v)
    return out


def fetch_into(s: Any, base: str, key: str, ms: int, seen: list[Any]) -> str:
    return f"{len(seen)}:" + s.get(f"{base}/{key}?ms={ms}").text


def test_a_helper_handed_the_list_keeps_its_place(web: str) -> None:
    with requests.Session() as s:
        plain = keeps_what_it_appends(s, web)
        Items.reset()
        assert xcs.jit(keeps_what_it_appends)(s, web) == plain == ["0:v-a", "1:v-b", "2:v-c"]
    assert Items.peak == 1


LOG = logging.getLogger("tests.xcs.handed")


def stored_by_key(s: requests.Session, base: str) -> dict[str, str]:
    res = {}
    for key, ms in KEYS:
        res[key] = fetch(s, base, key, ms)
    return res


def printed_before_each(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        print("fetching", key)
        out.append(fetch(s, base, key, ms))
    return out


def logged_after_each(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        data = fetch(s, base, key, ms)
        LOG.info("got %s", key)
        out.append(data)
    return out


def numbered(s: requests.Session, base: str) -> list[tuple[int, str]]:
    out = []
    for i, (key, ms) in enumerate(KEYS, start=1):
        out.append((i, fetch(s, base, key, ms)))
    return out


def summed(s: requests.Session, base: str) -> int:
    total = 0
    for key, ms in KEYS:
        total += len(fetch(s, base, key, ms))
    return total


@pytest.mark.parametrize("fn", [stored_by_key, printed_before_each, logged_after_each,
                                numbered, summed])
def test_loop_shapes_of_a_helper_handed_a_session_overlap(
        fn: Any, web: str, capsys: pytest.CaptureFixture[str],
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "tests.xcs.handed")
    with requests.Session() as s:
        plain = fn(s, web)
        plain_out, plain_log = capsys.readouterr().out, [r.getMessage() for r in caplog.records]
        caplog.clear()
        Items.reset()
        assert xcs.jit(fn)(s, web) == plain
    assert capsys.readouterr().out == plain_out
    assert [r.getMessage() for r in caplog.records] == plain_log
    assert Items.peak >= 2  # (3 when the machine is quiet; one by one, 1)


def logged_between(s: requests.Session, base: str) -> list[str]:
    a = fetch(s, base, "a", 150)
    LOG.info("got a")  # (no call to start here: the first helper still starts for the next)
    b = fetch(s, base, "b", 50)
    return [a, b]


def test_two_helpers_with_a_log_line_between_overlap(web: str,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, "tests.xcs.handed")
    with requests.Session() as s:
        plain = logged_between(s, web)
        Items.reset()
        assert xcs.jit(logged_between)(s, web) == plain
    assert [r.getMessage() for r in caplog.records] == ["got a", "got a"]
    assert Items.peak == 2


def fetch_kw(s: Any, base: str, key: str, ms: int, **kw: Any) -> str:
    return s.get(f"{base}/{key}?ms={ms}", **kw).text


def then(s: Any, base: str, first: str) -> str:
    return s.get(f"{base}/{first}-then?ms=50").text


def chained_loop(s: requests.Session, base: str) -> list[str]:
    out = []
    for key, ms in KEYS:
        first = fetch_kw(s, base, key, ms)
        out.append(then(s, base, first))
    return out


def chained_comprehension(s: requests.Session, base: str) -> list[str]:
    return [then(s, base, fetch_kw(s, base, key, ms)) for key, ms in KEYS]


@pytest.mark.parametrize("fn", [chained_loop, chained_comprehension])
def test_chains_of_helpers_handed_a_session_overlap_across_items(fn: Any, web: str) -> None:
    # Planned with the first call's session in hand, each helper is a read: every item's
    # first helper starts at once, its second as soon as the item's first has ended.
    with requests.Session() as s:
        plain = fn(s, web)
        Items.reset()
        assert xcs.jit(fn)(s, web) == plain == ["v-v-a-then", "v-v-b-then", "v-v-c-then"]
    assert Items.peak >= 2  # (3 and more when the machine is quiet; one by one, 1)


def changes_its_keywords(s: Any, base: str, key: str, ms: int, **kw: Any) -> str:
    kw.setdefault("headers", {"x-key": key})
    SENT.append(key)
    return s.get(f"{base}/{key}?ms={ms}", **kw).text


def loop_changing_keywords(s: requests.Session, base: str) -> list[str]:
    return [changes_its_keywords(s, base, key, ms) for key, ms in KEYS]


def test_a_helper_that_changes_its_keywords_is_decided_when_it_starts(web: str) -> None:
    with requests.Session() as s:
        SENT.clear()
        plain = loop_changing_keywords(s, web)
        sent, SENT[:] = list(SENT), []
        assert xcs.jit(loop_changing_keywords)(s, web) == plain
    assert SENT == sent == ["a", "b", "c"]


def test_a_later_call_with_a_session_running_the_users_code_plans_again(web: str) -> None:
    jitted = xcs.jit(chained_loop)
    with requests.Session() as s:
        assert jitted(s, web) == chained_loop(s, web)
    with requests.Session() as s:
        s.mount("http://", Tagging())
        SENT.clear()
        plain = chained_loop(s, web)
        sent, SENT[:] = list(SENT), []
        Items.reset()
        assert jitted(s, web) == plain
    assert SENT == sent == ["a?ms=150", "v-a-then?ms=50", "b?ms=50", "v-b-then?ms=50",
                            "c?ms=60", "v-c-then?ms=50"]
    assert Items.peak == 1


def keyed_loop(s: requests.Session, base: str) -> list[str]:
    out = []
    for n, (key, ms) in enumerate([("a", 150), ("b", 50), ("c", 60)]):
        mode = "short" if n < 2 else "long"  # (one type on both branches: a str)
        out.append(fetch_kw(s, base, key, ms, timeout=5 if mode == "short" else 10,
                            allow_redirects=True))
    return out


def hooked_loop(s: requests.Session, base: str) -> list[str]:
    return [fetch_kw(s, base, key, ms, hooks={"response": lambda r, *a, **k: SENT.append(
        r.url.rsplit("/", 1)[-1].split("?")[0])}) for key, ms in [("a", 150), ("b", 50),
                                                                  ("c", 60)]]


def test_keywords_handed_to_a_helpers_spread_decide_its_call(web: str) -> None:
    """``fetch_kw(..., timeout=5, allow_redirects=True)`` whose body spreads ``**kw`` into
    ``s.get``: the call's own keywords are the ones the GET is given, so the helper is a
    read; handed ``hooks=``, a function of yours, it is not, and keeps its place."""
    with requests.Session() as s:
        plain = keyed_loop(s, web)
        Items.reset()
        assert xcs.jit(keyed_loop)(s, web) == plain
        assert Items.peak >= 2
        SENT.clear()
        plain = hooked_loop(s, web)
        sent, SENT[:] = list(SENT), []
        Items.reset()
        assert xcs.jit(hooked_loop)(s, web) == plain
        assert SENT == sent == ["a", "b", "c"] and Items.peak == 1


def fetch_by_params(s: Any, base: str, key: str, ms: int) -> str:
    return s.get(f"{base}/{key}", params={"ms": ms}).text


def retrieve_then_read(s: Any, base: str, key: str, ms: int) -> str:
    doc = fetch_by_params(s, base, key, ms)
    return s.get(f"{base}/{doc}-x?ms=10").text


def pipelines(s: requests.Session, base: str) -> list[str]:
    return [retrieve_then_read(s, base, k, ms) for k, ms in [("a", 150), ("b", 50), ("c", 90)]]


def test_a_helper_of_helpers_handed_a_session_and_plain_values_overlaps(web: str) -> None:
    """The inner helper's ``params={"ms": ms}`` is decided with the str and numbers the outer
    one hands it (and the session): the outer helper is a read, its items overlap."""
    with requests.Session() as s:
        plain = pipelines(s, web)
        Items.reset()
        assert xcs.jit(pipelines)(s, web) == plain == ["v-v-a-x", "v-v-b-x", "v-v-c-x"]
    assert Items.peak >= 2
