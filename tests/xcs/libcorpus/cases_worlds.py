"""Cases for the rules of stop 20, each across several categories: reads of the network
beside writes of files and databases (two worlds), and what still holds them back (a write
of their own world, a process, a helper that changes both); cached calls whose keys repeat;
callees from tables in a loop; decorators' wrappers (stacked, retrying, keeping the
function); clients an `async def` makes for itself (two of them, one handed to a helper,
a PUT then a GET).
"""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import CLIENT_LAT, Case, Env, serial_ideal
from tests.xcs.libcorpus._web import value, web_args
from tests.xcs.libcorpus.cases_owned import OPS
from tests.xcs.libcorpus.cases_state import _clear_caches, forever_value


def _dir_web(env: Env) -> tuple:
    return (str(env.tmp), env.web)



# -- two worlds: the network and this machine's storage


def download_to_files(folder: str, base: str) -> list[str]:
    for key in ("dl1", "dl2", "dl3"):
        r = requests.get(f"{base}/items/{key}")
        (Path(folder) / f"{key}.json").write_text(r.text)
    return sorted(p.name for p in Path(folder).iterdir())


def file_read_after_its_write_between_gets(folder: str, base: str) -> tuple[str, str, str]:
    a = value(base, "fw1")
    note = Path(folder) / "note.txt"
    note.write_text(f"after {a}")
    seen = note.read_text()  # must see the write, whatever the GETs do
    b = value(base, "fw2")
    return a, seen, b


def get_after_put_beside_a_file(folder: str, base: str) -> tuple[str, str, str]:
    (Path(folder) / "in.txt").write_text("local")
    first = value(base, "pf")
    requests.put(f"{base}/items/pf", data="changed")
    local = (Path(folder) / "in.txt").read_text()  # may cross the PUT: another world
    after = value(base, "pf")  # must see the PUT
    return first, local, after


def make_orders_db(env: Env) -> None:
    with sqlite3.connect(env.tmp / "orders.db") as conn:
        conn.execute("CREATE TABLE orders (key TEXT, value TEXT)")
    conn.close()


def get_then_insert_loop(path: str, base: str) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    for key in ("o1", "o2", "o3"):
        v = requests.get(f"{base}/items/{key}").json()["value"]
        conn.execute("INSERT INTO orders VALUES (?, ?)", (key, v))
    conn.commit()
    rows = conn.execute("SELECT key, value FROM orders ORDER BY rowid").fetchall()
    conn.close()
    return rows


_PUT_CODE = ("import sys, urllib.request; urllib.request.urlopen(urllib.request.Request("
             "sys.argv[1], data=b'by-a-process', method='PUT')).read()")


def process_puts_between_gets(base: str) -> tuple[str, int, str]:
    before = value(base, "sp")
    done = subprocess.run([sys.executable, "-c", _PUT_CODE, f"{base}/items/sp"],
                          check=True).returncode
    after = value(base, "sp")  # a process may do anything: this GET must see its PUT
    return before, done, after


def save_and_post(folder: str, base: str, key: str, text: str) -> None:
    (Path(folder) / f"{key}.txt").write_text(text)
    requests.post(f"{base}/items/{key}", data=text)


def helper_writes_both_worlds(folder: str, base: str) -> list[str]:
    out = [value(base, "hb")]
    save_and_post(folder, base, "hb", "both")
    out.append(value(base, "hb"))  # the helper's POST: this GET must see it
    out.append((Path(folder) / "hb.txt").read_text())
    return out


def db_file_size_after_commit(path: str, base: str) -> tuple[str, bool, str]:
    before = Path(path).stat().st_size
    a = value(base, "sz1")
    conn = sqlite3.connect(path)
    conn.executemany("INSERT INTO orders VALUES (?, ?)", [(f"k{i}", "x" * 500) for i in range(40)])
    conn.commit()
    conn.close()
    after = Path(path).stat().st_size  # a file read after a database write: same world
    b = value(base, "sz2")
    return a, after > before, b


def spaced_fetch_and_log(folder: str, base: str) -> int:
    with open(Path(folder) / "spaced.log", "a") as log:
        for key in ("sp1", "sp2", "sp3"):
            log.write(value(base, key) + "\n")
            time.sleep(0.03)  # a rate limit: the GETs stay this far apart
    return len((Path(folder) / "spaced.log").read_text().splitlines())


def checked_fetch_and_log(folder: str, base: str) -> int:
    with open(Path(folder) / "checked.log", "a") as log:
        for key in ("ck1", "ck2", "bad-ck3", "ck4"):
            if key.startswith("bad"):
                raise ValueError(f"invalid key {key}")
            log.write(value(base, key) + "\n")
    return 0


class Annotator:
    """A member of an ensemble that logs each answer to its own file."""

    def __init__(self, base: str, folder: str, name: str) -> None:
        self.base = base
        self.path = Path(folder) / f"{name}.log"
        self.name = name

    def generate(self, prompt: str) -> str:
        answer = value(self.base, f"{self.name}-{prompt}")
        with open(self.path, "a") as f:
            f.write(answer + "\n")
        return answer


def ensemble_that_logs(folder: str, base: str) -> list[str]:
    members = [Annotator(base, folder, n) for n in ("m1", "m2", "m3")]
    return [m.generate("q") for m in members]


def session_fetch_to_files(folder: str, base: str) -> list[int]:
    s = requests.Session()
    sizes = []
    for key in ("sf1", "sf2", "sf3"):
        text = s.get(f"{base}/items/{key}").text
        sizes.append((Path(folder) / f"{key}.txt").write_text(text))
    s.close()
    return sizes


def local_named_json(base: str) -> tuple[str, str]:
    json = requests.get(f"{base}/items/lj1").json()  # noqa: F811 - a local named like a module
    other = requests.get(f"{base}/items/lj2").json()
    return json.get("value"), other["value"]


def dumps_of(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


# -- helpers that read globals nothing changes

ITEMS = "/items"  # a module constant: an immutable value
SETTINGS = {"suffix": "-s"}  # a dict: a statement could change it


def item_at(base: str, key: str) -> str:
    return requests.get(f"{base}{ITEMS}/{key}").json()["value"]


def with_suffix(base: str, key: str) -> str:
    return value(base, key + SETTINGS["suffix"])


def helper_reads_a_constant(base: str) -> list[str]:
    out = []
    out.append(item_at(base, "rc1"))  # a local list appended to: no helper can see it
    out.append(item_at(base, "rc2"))
    return out


def helper_reads_a_dict_nothing_changes(base: str) -> list[str]:
    a = with_suffix(base, "rd1")
    print("between")
    b = with_suffix(base, "rd2")
    return [a, b]


# -- cached calls whose keys repeat


def cache_one_key_thrice(base: str) -> list[str]:
    return [forever_value(base, k) for k in ("s1", "s1", "s2", "s1")]


def through_cached(base: str, key: str) -> str:
    return forever_value(base, key).upper()


def cache_behind_a_helper(base: str) -> tuple[list[str], int]:
    # the helper's cached call is known only when it runs: two calls of the helper with one
    # key in flight together would both miss (plain sends one request for h1)
    values = [through_cached(base, k) for k in ("h1", "h2", "h1")]
    return values, forever_value.cache_info().misses


# -- callees from a table, in a loop


def table_loop_in_order(base: str) -> list[Any]:
    out = []
    for name, key in (("get", "tl"), ("put", "tl"), ("get", "tl"), ("get", "tm")):
        if name == "put":
            out.append(OPS[name](base, key, "rewritten"))
        else:
            out.append(OPS[name](base, key))
    return out


# -- decorators' wrappers


def traced(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print(f"-> {fn.__qualname__}")
        out = fn(*args, **kwargs)
        print(f"<- {fn.__qualname__}")
        return out
    return wrapper


def counted(fn: Callable[..., Any]) -> Callable[..., Any]:
    calls = {"n": 0}

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        return (calls["n"], fn(*args, **kwargs))
    wrapper.calls = calls  # type: ignore[attr-defined]
    return wrapper


@counted
@traced
def stacked_decorators(base: str) -> list[str]:
    return [value(base, k) for k in ("sd1", "sd2", "sd3")]


def _reset_count(env: Env) -> None:
    stacked_decorators.calls["n"] = 0  # type: ignore[attr-defined]


def retried(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        for attempt in range(2):
            try:
                return fn(*args, **kwargs)
            except requests.HTTPError as exc:
                print(f"attempt {attempt} failed: {exc.response.status_code}")
        raise RuntimeError("gave up")
    return wrapper


@retried
def retry_decorator(base: str) -> tuple[str, str]:
    a = value(base, "rd1")
    r = requests.get(f"{base}/items/missing-rd")
    r.raise_for_status()
    return a, r.json()["value"]


REGISTRY: list[Callable[..., Any]] = []


def registered(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        REGISTRY.append(fn)  # keeps the function itself: the wrapper sees which it called
        return fn(*args, **kwargs), len(REGISTRY), REGISTRY[-1] is fn
    return wrapper


@registered
def decorator_keeps_its_function(base: str) -> tuple[str, str]:
    a = value(base, "dk1")
    b = value(base, "dk2")
    return a, b


def _clear_registry(env: Env) -> None:
    REGISTRY.clear()


# -- clients an async def makes for itself


async def async_two_clients(base: str) -> tuple[str, str]:
    async with httpx.AsyncClient() as one, httpx.AsyncClient() as two:
        a = (await one.get(f"{base}/items/ac1")).json()["value"]
        b = (await two.get(f"{base}/items/ac2")).json()["value"]
    return a, b


async def fetch_with(client: httpx.AsyncClient, base: str, key: str) -> str:
    return (await client.get(f"{base}/items/{key}")).json()["value"]


async def async_client_to_a_helper(base: str) -> tuple[str, str]:
    async with httpx.AsyncClient() as client:
        a = await fetch_with(client, base, "ah1")
        b = await fetch_with(client, base, "ah2")
    return a, b


async def async_put_then_get(base: str) -> tuple[int, str, str]:
    async with httpx.AsyncClient() as client:
        status = (await client.put(f"{base}/items/apg", content=b"new")).status_code
        after = (await client.get(f"{base}/items/apg")).json()["value"]
        other = (await client.get(f"{base}/items/apg2")).json()["value"]
    return status, after, other


def _run_async(f: Callable[..., Any], env: Env) -> Any:
    return asyncio.run(f(env.web))


CASES = [
    # Nothing overlaps soundly in the cases marked LOOPBACK: their server is on 127.0.0.1,
    # and a server on this machine may read the files and databases the function writes,
    # so each GET waits for the write before it (docs/jit.md "Resources"); every GET is
    # between two writes, hence ideal 1.0. With a server on another machine the GETs
    # overlap (the ideal in the comment; for GETs in a helper, whose server its body does
    # not name, only with the helper declared `@xcs.effect("read", resource="net")`).
    # LOOPBACK (remote: 3.0)
    Case("files", download_to_files, args=_dir_web, servers="web"),
    # the file read stays behind the write, and so does the second GET.
    # LOOPBACK (remote, GETs in a helper: 2.0)
    Case("files", file_read_after_its_write_between_gets, args=_dir_web, servers="web"),
    # the first GET and the file read overlap; the GET after the PUT waits for it
    Case("http", get_after_put_beside_a_file, args=_dir_web, servers="web"),
    # LOOPBACK (remote: 3.0)
    Case("db", get_then_insert_loop, args=lambda env: (str(env.tmp / "orders.db"), env.web),
         setup=make_orders_db, servers="web"),
    Case("threads", process_puts_between_gets, args=web_args, servers="web"),
    # LOOPBACK (remote, GETs in a helper: 2.0)
    Case("db", db_file_size_after_commit,
         args=lambda env: (str(env.tmp / "orders.db"), env.web), setup=make_orders_db,
         servers="web"),
    # the sleeps are spacing: the GETs keep them between each other
    Case("sleep", spaced_fetch_and_log, args=_dir_web, servers="web", spacing=0.03),
    # nothing for bad-ck3 or after it
    # LOOPBACK (remote, GETs in a helper: 2.0, ck1 and ck2 together)
    Case("validation", checked_fetch_and_log, args=_dir_web, servers="web"),
    # each member's GET and file write are one helper, a write: in order
    Case("ensemble", ensemble_that_logs, args=_dir_web, servers="web"),
    # LOOPBACK (remote: 3.0)
    Case("clients", session_fetch_to_files, args=_dir_web, servers="web"),
    Case("where", local_named_json, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case("helpers", helper_reads_a_constant, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case("helpers", helper_reads_a_dict_nothing_changes, args=web_args, servers="web",
         ideal=2.0, overlap=2),
    Case("helpers", helper_writes_both_worlds, args=_dir_web, servers="web"),
    # each call at its own place, the hits of s1 too (`cases_state`: ideal 1.0, was 2.0)
    Case("state", cache_one_key_thrice, args=web_args, servers="web", setup=_clear_caches),
    Case("state", cache_behind_a_helper, args=web_args, servers="web", setup=_clear_caches),
    # get, put, then the two gets together
    Case("ensemble", table_loop_in_order, args=web_args, servers="web"),
    Case("where", stacked_decorators, args=web_args, servers="web", setup=_reset_count,
         ideal=3.0, overlap=3),
    # rd1 with missing-rd (speculative beside it), twice
    Case("validation", retry_decorator, args=web_args, servers="web", ideal=2.0, overlap=2,
         speculative_reads=True),
    Case("where", decorator_keeps_its_function, args=web_args, servers="web",
         setup=_clear_registry),
    # these make their clients (an SSL context each, serial CPU) before the requests
    Case("clients", async_two_clients, drive=_run_async, servers="web", latency=CLIENT_LAT,
         ideal=serial_ideal(2, 2, 1), overlap=2),
    Case("clients", async_client_to_a_helper, drive=_run_async, servers="web"),
    # the PUT, then both GETs together
    Case("clients", async_put_then_get, drive=_run_async, servers="web", latency=CLIENT_LAT,
         ideal=serial_ideal(1, 3, 2), overlap=2),
]
