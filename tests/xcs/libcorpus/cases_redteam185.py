# ruff: noqa: A001, B008, B023, SIM105 - the shapes under test
"""Red-team cases (stop 185): attacks on `_failing` and on helpers handed ``self.client``.

(1) Helpers whose ``raise``/``assert`` comes after a read but is validation that decides
what follows: a local file or a config read, then a check that raises, then a GET or a
PUT; a raise inside an ``if`` after a read in one branch; a ``try`` whose first statement
is an assignment that may raise by design (a ``__getitem__`` or a property of the user's)
before the read; ``for attempt in range(3)`` retries with a ``continue``; ``while True``
loops that break before reading; ``range`` shadowed by a global of the module. Called in
straight lines (``a = h(x); b = h(y)``) where the plain run stops at the first raise: the
servers must see no extra write and no read the allowance does not cover.
(2) Sleeps in ``except`` blocks that are rate limits: a 429 handler that sleeps and
re-raises or returns, one that sleeps and then does other I/O, retries nested in loops, a
sleep in ``finally``.
(3) Helpers handed a client an attribute holds (``self.client``, ``self.cfg.session``,
``self.clients[0]``), where the attribute is rebound between calls, is a property, a
``__getattr__`` proxy, a descriptor, a slot, a session subclass with hooks, a session whose
adapter is mounted later, set by another thread; agents of mixed classes in a list.
Sibling calls get unequal latencies, slow first. `FAILING_WHY` says what differed for the
cases that did when written.
"""

from __future__ import annotations

import builtins
import json
import threading
import time
from pathlib import Path
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam185")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


O3 = over(150, 40, 90)
O2 = over(150, 40)


def _get(web: str, key: str, ms: int) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


# =========================================================================== (1) validation after a read


def _allowed_get(web: str, tmp: str, key: str, ms: int) -> str:
    allowed = Path(tmp, "allowed.txt").read_text().split()
    if key not in allowed:
        raise PermissionError(f"{key} not allowed")
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r185_file_check_then_get_fails(web: str, tmp: str) -> list[str]:
    a = _allowed_get(web, tmp, "a", 150)
    b = _allowed_get(web, tmp, "b", 40)
    c = _allowed_get(web, tmp, "c", 90)
    return [a, b, c]


def r185_file_check_then_get_ok(web: str, tmp: str) -> list[str]:
    a = _allowed_get(web, tmp, "a", 150)
    c = _allowed_get(web, tmp, "c", 40)
    d = _allowed_get(web, tmp, "d", 90)
    return [a, c, d]


def r185_file_check_then_plain_get(web: str, tmp: str) -> list[str]:
    b = _allowed_get(web, tmp, "b", 150)
    c = requests.get(f"{web}/items/c?ms=40", timeout=5).json()["value"]
    return [b, c]


def r185_file_check_then_caller_put(web: str, tmp: str) -> list[Any]:
    b = _allowed_get(web, tmp, "b", 150)
    v = requests.put(f"{web}/items/b", data=b, timeout=5).json()["version"]
    return [b, v]


def r185_file_check_loop_then_put(web: str, tmp: str) -> list[str]:
    out = []
    for key, ms in (("a", 150), ("b", 40), ("c", 90)):
        v = _allowed_get(web, tmp, key, ms)
        requests.put(f"{web}/items/copy-{key}", data=v, timeout=5)
        out.append(v)
    return out


def _allowed_put(web: str, tmp: str, key: str, value: str) -> int:
    allowed = Path(tmp, "allowed.txt").read_text().split()
    if key not in allowed:
        raise PermissionError(f"{key} not allowed")
    return requests.put(f"{web}/items/{key}", data=value, timeout=5).json()["version"]


def r185_file_check_then_put_fails(web: str, tmp: str) -> list[int]:
    a = _allowed_put(web, tmp, "a", "1")
    b = _allowed_put(web, tmp, "b", "2")
    c = _allowed_put(web, tmp, "c", "3")
    return [a, b, c]


def _json_cfg_get(web: str, tmp: str, key: str, ms: int) -> str:
    cfg = json.loads(Path(tmp, "cfg.json").read_text())
    assert cfg["enabled"].get(key), f"feature {key} is off"
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r185_json_cfg_assert_then_get(web: str, tmp: str) -> list[str]:
    a = _json_cfg_get(web, tmp, "a", 150)
    b = _json_cfg_get(web, tmp, "b", 40)
    c = _json_cfg_get(web, tmp, "c", 90)
    return [a, b, c]


def r185_json_cfg_assert_then_print_get(web: str, tmp: str) -> list[str]:
    out = []
    for key, ms in (("a", 150), ("b", 40), ("c", 90)):
        out.append(_json_cfg_get(web, tmp, key, ms))
        print("fetched", key)
    return out


def _branch_read_check(web: str, tmp: str, key: str, ms: int) -> str:
    if key.startswith("local"):
        text = Path(tmp, "allowed.txt").read_text()
        if key not in text:
            raise LookupError(key)
        return text.split()[0]
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r185_branch_read_check(web: str, tmp: str) -> list[str]:
    a = _branch_read_check(web, tmp, "a", 150)
    b = _branch_read_check(web, tmp, "local-x", 0)
    c = _branch_read_check(web, tmp, "c", 90)
    return [a, b, c]


def _get_then_budget(web: str, key: str, ms: int, budget: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    if len(value) > budget:
        raise ValueError(f"{key}: over budget")
    return value


def r185_budget_check_then_put(web: str) -> list[Any]:
    a = _get_then_budget(web, "a", 150, 3)
    requests.put(f"{web}/items/log", data=a, timeout=5)
    b = _get_then_budget(web, "bbbb", 40, 3)
    requests.put(f"{web}/items/log", data=b, timeout=5)
    return [a, b]


def r185_budget_check_loop_puts(web: str) -> list[str]:
    out = []
    for key, ms in (("a", 150), ("bbbb", 40), ("c", 90)):
        v = _get_then_budget(web, key, ms, 3)
        requests.put(f"{web}/items/seen-{key}", data=v, timeout=5)
        out.append(v)
    return out


def r185_budget_check_straight_ok(web: str) -> list[str]:
    a = _get_then_budget(web, "a", 150, 9)
    b = _get_then_budget(web, "b", 40, 9)
    c = _get_then_budget(web, "c", 90, 9)
    return [a, b, c]


def _read_check_put(web: str, key: str, ms: int) -> int:
    cur = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    if cur.startswith("v-missing"):
        raise KeyError(key)
    return requests.put(f"{web}/items/{key}", data=cur + "!", timeout=5).json()["version"]


def r185_read_check_put_straight(web: str) -> list[int]:
    a = _read_check_put(web, "a", 150)
    b = _read_check_put(web, "missingb", 40)
    c = _read_check_put(web, "c", 90)
    return [a, b, c]


class Strict(dict):
    """A config whose missing keys are an error of the user's own (validation)."""

    def __getitem__(self, key: str) -> Any:
        if key not in self:
            raise LookupError(f"config has no {key!r}")
        return dict.get(self, key)


def _try_cfg_first(web: str, cfg: Strict, key: str) -> str:
    try:
        ms = cfg[key]
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    except LookupError as exc:
        raise RuntimeError(f"refused: {exc}") from None
    return r.json()["value"]


def r185_try_user_getitem_first(web: str) -> list[str]:
    cfg = Strict(a=150, c=90)
    a = _try_cfg_first(web, cfg, "a")
    b = _try_cfg_first(web, cfg, "b")
    c = _try_cfg_first(web, cfg, "c")
    return [a, b, c]


def r185_try_user_getitem_then_plain_get(web: str) -> list[str]:
    cfg = Strict(a=150)
    b = _try_cfg_first(web, cfg, "b")
    c = requests.get(f"{web}/items/c?ms=40", timeout=5).json()["value"]
    return [b, c]


def _try_subscript_first(web: str, table: dict[str, int], key: str) -> str:
    try:
        ms = table[key]
        r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
    except KeyError:
        raise LookupError(f"unknown {key}") from None
    return r.json()["value"]


def r185_try_subscript_first(web: str) -> list[str]:
    table = {"a": 150, "c": 90}
    a = _try_subscript_first(web, table, "a")
    b = _try_subscript_first(web, table, "b")
    c = _try_subscript_first(web, table, "c")
    return [a, b, c]


class Endpoint:
    """Where a key lives; its URL property checks the latency budget first."""

    def __init__(self, web: str, key: str, ms: int) -> None:
        self.web, self.key, self.ms = web, key, ms

    @property
    def url(self) -> str:
        if self.ms <= 0:
            raise ValueError(f"no budget for {self.key}")
        return f"{self.web}/items/{self.key}?ms={self.ms}"


def _fetch_endpoint(ep: Endpoint) -> str:
    try:
        r = requests.get(ep.url, timeout=5)
    except ValueError as exc:
        raise RuntimeError(f"skipped: {exc}") from None
    return r.json()["value"]


def r185_try_property_in_args(web: str) -> list[str]:
    a = _fetch_endpoint(Endpoint(web, "a", 150))
    b = _fetch_endpoint(Endpoint(web, "b", 0))
    c = _fetch_endpoint(Endpoint(web, "c", 90))
    return [a, b, c]


def r185_try_property_in_args_ok(web: str) -> list[str]:
    eps = [Endpoint(web, "a", 150), Endpoint(web, "b", 40), Endpoint(web, "c", 90)]
    return [_fetch_endpoint(ep) for ep in eps]


LIMITS: dict[str, int] = {"a": 150, "c": 90}


def _retry_continue(web: str, key: str) -> str:
    for attempt in range(4):
        try:
            ms = LIMITS[key]
            r = requests.get(f"{web}/items/{key}?ms={ms}&try={attempt}", timeout=5)
            r.raise_for_status()
            return r.json()["value"]
        except (KeyError, requests.HTTPError):
            continue
    raise LookupError(f"{key}: gave up")


def r185_retry_continue_unknown_key(web: str) -> list[str]:
    a = _retry_continue(web, "a")
    b = _retry_continue(web, "b")
    c = requests.get(f"{web}/items/c?ms=40", timeout=5).json()["value"]
    return [a, b, c]


def r185_retry_continue_ok(web: str) -> list[str]:
    a = _retry_continue(web, "a")
    c = _retry_continue(web, "c")
    return [a, c]


def _while_break_first(web: str, key: str, ms: int, cancelled: frozenset[str]) -> str:
    while True:
        if key in cancelled:
            break
        return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    raise RuntimeError(f"{key} cancelled")


def r185_while_break_before_read(web: str) -> list[str]:
    stop = frozenset({"b"})
    a = _while_break_first(web, "a", 150, stop)
    b = _while_break_first(web, "b", 40, stop)
    c = _while_break_first(web, "c", 90, stop)
    return [a, b, c]


class Quota:
    """Slots per key; reading a key with none left is refused (the user's own check)."""

    def __init__(self, **slots: int) -> None:
        self.slots = slots

    def __getitem__(self, key: str) -> int:
        if self.slots.get(key, 0) <= 0:
            raise PermissionError(f"no quota for {key}")
        return self.slots[key]


def _while_quota(web: str, quota: Quota, key: str) -> str:
    try:
        while True:
            ms = quota[key]
            r = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5)
            if r.ok:
                return r.json()["value"]
    except PermissionError as exc:
        raise RuntimeError(str(exc)) from None


def r185_while_true_quota_first(web: str) -> list[str]:
    q = Quota(a=150, c=90)
    a = _while_quota(web, q, "a")
    b = _while_quota(web, q, "b")
    c = _while_quota(web, q, "c")
    return [a, b, c]


OFFLINE = {"on": True}


def range(*args: int) -> Any:
    """The module's ``range``: retries are switched off while offline (three tries: none)."""
    if OFFLINE["on"] and args == (3,):
        return builtins.range(0)
    return builtins.range(*args)


def _retry_shadowed_range(web: str, key: str, ms: int) -> str:
    for attempt in range(3):
        r = requests.get(f"{web}/items/{key}?ms={ms}&try={attempt}", timeout=5)
        if r.ok:
            return r.json()["value"]
    raise ConnectionError(f"offline: {key}")


def r185_shadowed_range_then_get(web: str) -> list[str]:
    a = _retry_shadowed_range(web, "a", 150)
    b = requests.get(f"{web}/items/b?ms=40", timeout=5).json()["value"]
    return [a, b]


def r185_shadowed_range_then_put(web: str) -> list[Any]:
    a = _retry_shadowed_range(web, "a", 150)
    v = requests.put(f"{web}/items/a", data=a, timeout=5).json()["version"]
    return [a, v]


def _read_then_log_check(web: str, key: str, ms: int) -> str:
    value = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    LOG.info("checking %s", key)
    if key.startswith("x"):
        raise ValueError(f"bad key {key}")
    return value


def r185_read_log_raise_straight(web: str) -> list[str]:
    a = _read_then_log_check(web, "a", 150)
    b = _read_then_log_check(web, "xb", 40)
    c = _read_then_log_check(web, "c", 90)
    return [a, b, c]


def _two_reads_check(web: str, key: str, ms: int) -> str:
    head = requests.get(f"{web}/items/{key}-meta?ms={ms}", timeout=5).json()["value"]
    if key.startswith("x"):
        raise PermissionError(f"{key} is locked")
    body = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    return head + body


def r185_read_check_read_straight(web: str) -> list[str]:
    a = _two_reads_check(web, "a", 150)
    b = _two_reads_check(web, "xb", 40)
    c = _two_reads_check(web, "c", 90)
    return [a, b, c]


def r185_read_check_read_ok(web: str) -> list[str]:
    a = _two_reads_check(web, "a", 150)
    b = _two_reads_check(web, "b", 40)
    c = _two_reads_check(web, "c", 90)
    return [a, b, c]


def _read_file_then_check_get(web: str, tmp: str, key: str, ms: int) -> str:
    text = Path(tmp, f"{key}.txt").read_text() if Path(tmp, f"{key}.txt").exists() else ""
    if not text:
        raise FileNotFoundError(f"{key}.txt is empty")
    return requests.get(f"{web}/items/{text.strip()}?ms={ms}", timeout=5).json()["value"]


def r185_exists_then_check_get(web: str, tmp: str) -> list[str]:
    a = _read_file_then_check_get(web, tmp, "a", 150)
    b = _read_file_then_check_get(web, tmp, "b", 40)
    c = _read_file_then_check_get(web, tmp, "c", 90)
    return [a, b, c]


# =========================================================================== (2) sleeps in except blocks


def _limited_soft(web: str, key: str, ms: int) -> dict[str, Any]:
    try:
        r = requests.get(f"{web}/status/429?ms={ms}&k={key}", timeout=5)
        r.raise_for_status()
        return r.json()
    except requests.HTTPError:
        time.sleep(0.1)  # rate limited: wait before the next request
        return {"status": "limited", "key": key}


def r185_429_sleep_return_straight(web: str) -> list[Any]:
    a = _limited_soft(web, "a", 40)
    b = _limited_soft(web, "b", 40)
    c = _limited_soft(web, "c", 40)
    return [a, b, c]


def r185_429_sleep_return_loop(web: str) -> list[Any]:
    return [_limited_soft(web, k, 40) for k in ("a", "b", "c")]


def _limited_reraise(web: str, code: int, key: str, ms: int) -> Any:
    r = requests.get(f"{web}/status/{code}?ms={ms}&k={key}", timeout=5)
    try:
        r.raise_for_status()
    except requests.HTTPError:
        time.sleep(0.1)  # honour the rate limit, then let the caller decide
        raise
    return r.json()


def r185_429_sleep_reraise_caught(web: str) -> list[Any]:
    out: list[Any] = []
    for code, key in ((429, "a"), (200, "b"), (429, "c"), (200, "d")):
        try:
            out.append(_limited_reraise(web, code, key, 40))
        except requests.HTTPError as exc:
            out.append(exc.response.status_code)
    return out


def r185_429_sleep_reraise_uncaught(web: str) -> list[Any]:
    a = _limited_reraise(web, 200, "a", 150)
    b = _limited_reraise(web, 429, "b", 40)
    c = _limited_reraise(web, 200, "c", 90)
    return [a, b, c]


def _limited_fallback(web: str, key: str, ms: int) -> str:
    try:
        r = requests.get(f"{web}/status/429?ms={ms}&k={key}", timeout=5)
        r.raise_for_status()
        return "primary"
    except requests.HTTPError:
        time.sleep(0.1)  # the primary is throttled: wait, then use the mirror
        return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r185_429_sleep_then_fallback(web: str) -> list[str]:
    a = _limited_fallback(web, "a", 40)
    b = _limited_fallback(web, "b", 40)
    return [a, b]


def _retrying(web: str, code: int, key: str) -> Any:
    for attempt in range(2):
        try:
            r = requests.get(f"{web}/status/{code}?ms=30&k={key}&n={attempt}", timeout=5)
            r.raise_for_status()
            return r.json()
        except requests.HTTPError:
            time.sleep(0.06)
    raise TimeoutError(f"{key} still throttled")


def r185_nested_retry_loop_gives_up(web: str) -> list[Any]:
    out: list[Any] = []
    for code, key in ((200, "a"), (429, "b"), (200, "c")):
        out.append(_retrying(web, code, key))
    return out


def r185_nested_retry_loop_ok(web: str) -> list[Any]:
    return [_retrying(web, 200, k) for k in ("a", "b", "c")]


def _sleep_in_finally(web: str, key: str, ms: int) -> str:
    try:
        return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]
    finally:
        time.sleep(0.06)  # the API allows one request per 60 ms


def r185_sleep_in_finally(web: str) -> list[str]:
    a = _sleep_in_finally(web, "a", 40)
    b = _sleep_in_finally(web, "b", 40)
    c = _sleep_in_finally(web, "c", 40)
    return [a, b, c]


class Throttled(Exception):
    pass


def _bucket_get(web: str, key: str, ms: int, tokens: list[int]) -> str:
    try:
        tokens.pop()  # take a token; the bucket is empty: IndexError
    except IndexError:
        time.sleep(0.1)  # wait for the window to refill
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r185_token_bucket_sleep_in_except(web: str) -> list[str]:
    tokens = [1]
    a = _bucket_get(web, "a", 40, tokens)
    b = _bucket_get(web, "b", 40, tokens)
    c = _bucket_get(web, "c", 40, tokens)
    return [a, b, c]


def _retry_after(web: str, key: str, ms: int, headers: dict[str, str]) -> str:
    try:
        wait = float(headers["Retry-After"])
    except (KeyError, ValueError):
        wait = 0.0
    else:
        time.sleep(wait)
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r185_retry_after_in_else(web: str) -> list[str]:
    a = _retry_after(web, "a", 40, {"Retry-After": "0.1"})
    b = _retry_after(web, "b", 40, {"Retry-After": "0.1"})
    return [a, b]


def _conv_then_sleep(web: str, key: str, ms: int, pace: str) -> str:
    try:
        int(pace)
    except ValueError:
        time.sleep(0.1)  # "slow" mode: space the requests out
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def r185_mode_sleep_in_except(web: str) -> list[str]:
    a = _conv_then_sleep(web, "a", 40, "slow")
    b = _conv_then_sleep(web, "b", 40, "slow")
    c = _conv_then_sleep(web, "c", 40, "slow")
    return [a, b, c]


def _oa_backoff(client: Any, q: str) -> str:
    try:
        return client.chat.completions.create(
            model="gpt", messages=[{"role": "user", "content": q}],
            extra_body={"latency": 0.04}).choices[0].message.content[:24]
    except Exception:
        time.sleep(0.1)
        raise


def r185_oa_backoff_helper(client: Any) -> list[str]:
    a = _oa_backoff(client, "one")
    b = _oa_backoff(client, "two")
    c = _oa_backoff(client, "three")
    return [a, b, c]


# =========================================================================== (3) clients in attributes


def _fetch(s: Any, web: str, key: str, ms: int) -> str:
    return s.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


class Printing(requests.Session):
    """A session of the user's: it says each request it sends."""

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
        print("send", method, url.rsplit("/", 1)[-1])
        return super().request(method, url, *args, **kwargs)


class Agent:
    def __init__(self, web: str, client: Any, other: Any = None) -> None:
        self.web, self.client, self.other = web, client, other

    def two(self) -> list[str]:
        a = _fetch(self.client, self.web, "a", 150)
        b = _fetch(self.client, self.web, "b", 40)
        return [a, b]

    def swap_between(self) -> list[str]:
        a = _fetch(self.client, self.web, "a", 150)
        self.client = self.other
        b = _fetch(self.client, self.web, "b", 40)
        return [a, b]

    def mount_between(self) -> list[str]:
        a = _fetch(self.client, self.web, "a", 150)
        self.client.mount("http://", Announcing())
        b = _fetch(self.client, self.web, "b", 40)
        return [a, b]


class Announcing(HTTPAdapter):
    def send(self, request: Any, **kwargs: Any) -> Any:
        print("adapter", request.url.rsplit("/", 1)[-1])
        return super().send(request, **kwargs)


def _agent(env: Env, cls: type = Agent, other: Any = None) -> Any:
    return cls(env.web, env.own(requests.Session()), other)


def make_r185_attr_two_overlap(env: Env) -> Any:
    return _agent(env).two


def make_r185_attr_swapped_between(env: Env) -> Any:
    return _agent(env, other=env.own(Printing())).swap_between


def make_r185_attr_mounted_between(env: Env) -> Any:
    return _agent(env).mount_between


def make_r185_attr_printing_subclass(env: Env) -> Any:
    return Agent(env.web, env.own(Printing())).two


class PropAgent(Agent):
    @property
    def client(self) -> Any:
        print("lease client")
        return self._client

    @client.setter
    def client(self, value: Any) -> None:
        self._client = value


def make_r185_attr_property_prints(env: Env) -> Any:
    return _agent(env, PropAgent).two


class Proxy:
    """A proxy that forwards to its session and logs each method it hands out."""

    def __init__(self, target: Any) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        print("proxy", name)
        return getattr(self._target, name)


def make_r185_attr_getattr_proxy(env: Env) -> Any:
    return Agent(env.web, Proxy(env.own(requests.Session()))).two


class Pooled:
    """A descriptor: each read hands out the next session of the owner's pool."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        pool = obj.__dict__["_pool"]
        obj.__dict__["_turn"] = turn = obj.__dict__.get("_turn", -1) + 1
        return pool[turn % len(pool)]

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__["_pool"] = value


class PoolAgent(Agent):
    client = Pooled()


def make_r185_attr_descriptor_pool(env: Env) -> Any:
    return PoolAgent(env.web, [env.own(requests.Session()), env.own(Printing())]).two


class Slotted:
    __slots__ = ("client", "web")

    def __init__(self, web: str, client: Any) -> None:
        self.web, self.client = web, client

    def three(self) -> list[str]:
        a = _fetch(self.client, self.web, "a", 150)
        b = _fetch(self.client, self.web, "b", 40)
        c = _fetch(self.client, self.web, "c", 90)
        return [a, b, c]

    def swap(self, other: Any) -> list[str]:
        a = _fetch(self.client, self.web, "a", 150)
        self.client = other
        b = _fetch(self.client, self.web, "b", 40)
        return [a, b]


def make_r185_attr_slotted_overlap(env: Env) -> Any:
    return Slotted(env.web, env.own(requests.Session())).three


def _slot_swap(fn: Any, env: Env) -> Any:
    return fn(env.own(Printing()))


def make_r185_attr_slotted_swapped(env: Env) -> Any:
    return Slotted(env.web, env.own(requests.Session())).swap


class Cfg:
    def __init__(self, session: Any) -> None:
        self.session = session


class Deep:
    def __init__(self, web: str, session: Any) -> None:
        self.web, self.cfg, self.clients = web, Cfg(session), [session]

    def via_cfg(self) -> list[str]:
        a = _fetch(self.cfg.session, self.web, "a", 150)
        b = _fetch(self.cfg.session, self.web, "b", 40)
        c = _fetch(self.cfg.session, self.web, "c", 90)
        return [a, b, c]

    def via_list(self) -> list[str]:
        a = _fetch(self.clients[0], self.web, "a", 150)
        b = _fetch(self.clients[0], self.web, "b", 40)
        c = _fetch(self.clients[0], self.web, "c", 90)
        return [a, b, c]

    def cfg_swapped(self, other: Any) -> list[str]:
        a = _fetch(self.cfg.session, self.web, "a", 150)
        self.cfg = Cfg(other)
        b = _fetch(self.cfg.session, self.web, "b", 40)
        return [a, b]

    def list_swapped(self, other: Any) -> list[str]:
        a = _fetch(self.clients[0], self.web, "a", 150)
        self.clients[0] = other
        b = _fetch(self.clients[0], self.web, "b", 40)
        return [a, b]


def make_r185_attr_nested_cfg(env: Env) -> Any:
    return Deep(env.web, env.own(requests.Session())).via_cfg


def make_r185_attr_list_index(env: Env) -> Any:
    return Deep(env.web, env.own(requests.Session())).via_list


def make_r185_attr_nested_cfg_swapped(env: Env) -> Any:
    return Deep(env.web, env.own(requests.Session())).cfg_swapped


def make_r185_attr_list_swapped(env: Env) -> Any:
    return Deep(env.web, env.own(requests.Session())).list_swapped


class Hooked(requests.Session):
    """A session whose response hook records each answer to an audit log (a PUT)."""

    def __init__(self) -> None:
        super().__init__()
        self.hooks["response"].append(self._audit)

    def _audit(self, r: Any, *args: Any, **kwargs: Any) -> None:
        if "/audit" not in r.url:
            requests.put(r.url.split("/items/")[0] + "/items/audit",
                         data=r.url.rsplit("/", 1)[-1], timeout=5)


def make_r185_attr_swapped_to_auditing(env: Env) -> Any:
    return Deep(env.web, env.own(requests.Session())).cfg_swapped


def _swap_audit(fn: Any, env: Env) -> Any:
    return fn(env.own(Hooked()))


class Later:
    """Its session is replaced by a thread of its own shortly after it starts."""

    def __init__(self, web: str, first: Any, second: Any) -> None:
        self.web, self.client, self._second = web, first, second

    def run(self) -> list[str]:
        t = threading.Timer(0.05, setattr, (self, "client", self._second))
        t.start()
        a = _fetch(self.client, self.web, "a", 250)
        b = _fetch(self.client, self.web, "b", 40)
        t.join()
        return [a, b]


def make_r185_attr_set_by_thread(env: Env) -> Any:
    return Later(env.web, env.own(requests.Session()), env.own(Printing())).run


class HttpAgent:
    def __init__(self, web: str, session: Any, key: str, ms: int) -> None:
        self.web, self.session, self.key, self.ms = web, session, key, ms

    def answer(self) -> str:
        return _fetch(self.session, self.web, self.key, self.ms)


class LoudAgent(HttpAgent):
    def answer(self) -> str:
        print("loud agent asks", self.key)
        return _fetch(self.session, self.web, self.key, self.ms)


class WritingAgent(HttpAgent):
    def answer(self) -> str:
        v = _fetch(self.session, self.web, self.key, self.ms)
        self.session.put(f"{self.web}/items/{self.key}", data=v + "+", timeout=5)
        return v


def _mixed(env: Env, kinds: tuple[type, ...]) -> list[Any]:
    s = env.own(requests.Session())
    return [k(env.web, s, key, ms) for k, (key, ms) in zip(kinds, (("a", 150), ("b", 40),
                                                                    ("c", 90), ("d", 60)), strict=False)]


def r185_mixed_agents_list(agents: list[Any]) -> list[str]:
    return [ag.answer() for ag in agents]


def r185_mixed_agents_loop(agents: list[Any]) -> list[str]:
    out = []
    for ag in agents:
        out.append(ag.answer())
    return out


def mixed_plain(env: Env) -> tuple:
    return (_mixed(env, (HttpAgent, HttpAgent, HttpAgent)),)


def mixed_loud(env: Env) -> tuple:
    return (_mixed(env, (HttpAgent, LoudAgent, HttpAgent, LoudAgent)),)


def mixed_writing(env: Env) -> tuple:
    return (_mixed(env, (HttpAgent, WritingAgent, HttpAgent, WritingAgent)),)


class OaAgent:
    def __init__(self, client: Any, q: str, lat: float) -> None:
        self.client, self.q, self.lat = client, q, lat

    def answer(self) -> str:
        return _ask(self.client, self.q, self.lat)


def _ask(client: Any, q: str, lat: float) -> str:
    return client.chat.completions.create(
        model="gpt", messages=[{"role": "user", "content": q}],
        extra_body={"latency": lat}).choices[0].message.content[:24]


def mixed_oa_http(env: Env) -> tuple:
    c = openai_client(env)
    s = env.own(requests.Session())
    return ([OaAgent(c, "one", 0.15), HttpAgent(env.web, s, "b", 40),
             OaAgent(c, "three", 0.09)],)


# =========================================================================== setup and cases


def _files(env: Env) -> None:
    (env.tmp / "allowed.txt").write_text("a\nc\nd\n")
    (env.tmp / "cfg.json").write_text(json.dumps({"enabled": {"a": True, "b": False,
                                                              "c": True}}))
    (env.tmp / "a.txt").write_text("a\n")
    (env.tmp / "c.txt").write_text("c\n")


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _f(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=web_tmp, servers="web", setup=_files, ideal=ideal, **kw)


def _m(make: Any, ideal: float = 1.0, cat: str = "clients", **kw: Any) -> Case:
    return Case(cat, make=make, servers=kw.pop("servers", "web"), ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) validation after a read
    _f(r185_file_check_then_get_fails),
    _f(r185_file_check_then_get_ok, O3, overlap=3),
    # (the read after a helper that raises starts beside it: docs/jit.md's allowance)
    _f(r185_file_check_then_plain_get, speculative_reads=True),
    _f(r185_file_check_then_put_fails),
    _f(r185_file_check_then_caller_put),
    _f(r185_file_check_loop_then_put),
    _f(r185_json_cfg_assert_then_get),
    _f(r185_json_cfg_assert_then_print_get, speculative_reads=True),
    _f(r185_branch_read_check),
    _w(r185_budget_check_then_put, speculative_reads=True),
    _w(r185_budget_check_loop_puts, speculative_reads=True),
    _w(r185_budget_check_straight_ok, O3, overlap=3),
    _w(r185_read_check_put_straight),
    _w(r185_try_user_getitem_first),
    _w(r185_try_user_getitem_then_plain_get),
    _w(r185_try_subscript_first),
    _w(r185_try_property_in_args),
    _w(r185_try_property_in_args_ok, O3),
    _w(r185_retry_continue_unknown_key),
    _w(r185_retry_continue_ok, over(150, 90)),
    _w(r185_while_break_before_read),
    _w(r185_while_true_quota_first),
    _w(r185_shadowed_range_then_get),
    _w(r185_shadowed_range_then_put),
    _w(r185_read_log_raise_straight),
    _w(r185_read_check_read_straight),
    _w(r185_read_check_read_ok, O3),
    _f(r185_exists_then_check_get),
    # (2) sleeps in except blocks
    _w(r185_429_sleep_return_straight, cat="sleep", spacing=0.1),
    _w(r185_429_sleep_return_loop, cat="sleep", spacing=0.1),
    _w(r185_429_sleep_reraise_caught, cat="sleep", spacing=0.1),
    _w(r185_429_sleep_reraise_uncaught, cat="sleep", spacing=0.1),
    _w(r185_429_sleep_then_fallback, cat="sleep", spacing=0.1),
    _w(r185_nested_retry_loop_gives_up, cat="sleep", speculative_reads=True),
    _w(r185_nested_retry_loop_ok, over(30, 30, 30), cat="sleep"),
    _w(r185_sleep_in_finally, cat="sleep", spacing=0.06),
    _w(r185_token_bucket_sleep_in_except, cat="sleep", spacing=0.1),
    _w(r185_retry_after_in_else, cat="sleep", spacing=0.1),
    _w(r185_mode_sleep_in_except, cat="sleep", spacing=0.1),
    Case("sleep", r185_oa_backoff_helper, args=oa, servers="api", ideal=3.0),
    # (3) clients in attributes
    _m(make_r185_attr_two_overlap, O2, overlap=2),
    _m(make_r185_attr_swapped_between, O2),
    _m(make_r185_attr_mounted_between),
    _m(make_r185_attr_printing_subclass, O2),
    _m(make_r185_attr_property_prints, O2),
    _m(make_r185_attr_getattr_proxy, O2),
    _m(make_r185_attr_descriptor_pool, O2),
    _m(make_r185_attr_slotted_overlap, O3, overlap=3),
    Case("clients", make=make_r185_attr_slotted_swapped, drive=_slot_swap, servers="web",
         ideal=O2),
    _m(make_r185_attr_nested_cfg, O3, overlap=3),
    _m(make_r185_attr_list_index, O3, overlap=3),
    Case("clients", make=make_r185_attr_nested_cfg_swapped, drive=_slot_swap, servers="web",
         ideal=O2),
    Case("clients", make=make_r185_attr_list_swapped, drive=_slot_swap, servers="web",
         ideal=O2),
    Case("clients", make=make_r185_attr_swapped_to_auditing, drive=_swap_audit,
         servers="web", name="r185_attr_swapped_to_auditing"),
    _m(make_r185_attr_set_by_thread),
    Case("ensemble", r185_mixed_agents_list, args=mixed_plain, servers="web", ideal=O3,
         overlap=3),
    Case("ensemble", r185_mixed_agents_loop, args=mixed_loud, servers="web",
         ideal=over(150, 40, 90, 60)),
    Case("ensemble", r185_mixed_agents_list, args=mixed_writing, servers="web",
         name="r185_mixed_agents_writing"),
    Case("ensemble", r185_mixed_agents_loop, args=mixed_oa_http, servers="web api",
         ideal=O3, name="r185_mixed_agents_oa_http"),
]

FIXED_WHY: dict[str, str] = {
    'r185_file_check_then_get_fails': (
        "web: extra GET /items/c?ms=90. A check the helper makes after reading a local file (the key is not in allowed.txt / cfg.json) is validation, yet `_failing.after_a_read` takes any raise/assert below a read (a file read counts as 'sent') for that read failing, so the helper does not decide and the next sibling's GET is sent although the plain run stops at the check."
    ),
    'r185_file_check_then_plain_get': (
        "web: extra GET /items/c?ms=40 (racy: the plain GET after the helper starts beside it; seen in 1 of 3 runs). A check the helper makes after reading a local file (the key is not in allowed.txt / cfg.json) is validation, yet `_failing.after_a_read` takes any raise/assert below a read (a file read counts as 'sent') for that read failing, so the helper does not decide and the next sibling's GET is sent although the plain run stops at the check."
        " The same extra read is sent on the code before `_failing` (5509d04): a read started beside a helper that raises, which docs/jit.md allows; the case is judged with that allowance (`speculative_reads`)."
    ),
    'r185_json_cfg_assert_then_get': (
        'web: extra GET /items/c?ms=90. Same as r185_file_check_then_get_fails with an `assert` on a json config read.'
    ),
    'r185_json_cfg_assert_then_print_get': (
        "web: extra GET /items/c?ms=90. The loop form: docs/jit.md says each item's read waits behind a helper that raises by design; after `_failing` the next item's read is sent. A check the helper makes after reading a local file (the key is not in allowed.txt / cfg.json) is validation, yet `_failing.after_a_read` takes any raise/assert below a read (a file read counts as 'sent') for that read failing, so the helper does not decide and the next sibling's GET is sent although the plain run stops at the check."
        " The same extra read is sent on the code before `_failing` (5509d04): a read started beside a helper that raises, which docs/jit.md allows; the case is judged with that allowance (`speculative_reads`)."
    ),
    'r185_branch_read_check': (
        "web: extra GET /items/c?ms=90. The file read and its check are in an `if` branch; the check still counts as after a read (the branch's own block), and the GET of the other branch (the next call) is sent."
    ),
    'r185_read_check_read_straight': (
        "web: extra GETs of c (meta and body). The helper's check is on its key, not on what it read (a lock list), between two GETs; the first GET makes it 'after a read', so the sibling's reads are sent although no read failed."
    ),
    'r185_try_subscript_first': (
        "web: extra GET /items/c?ms=90. The helper's try opens with a plain assignment that raises (`ms = table[key]`, KeyError) before its GET; `_block_starts_a_read(plain=True)` skips call-less assignments, so the handler's (or the after-loop) raise counts as after a read and the sibling GET is sent although no read was ever made in the failing helper."
    ),
    'r185_retry_continue_unknown_key': (
        "web: extra GET /items/c?ms=40. `for attempt in range(4): try: ms = LIMITS[key]; get(...) ... except KeyError: continue` then `raise LookupError`: The helper's try opens with a plain assignment that raises (`ms = table[key]`, KeyError) before its GET; `_block_starts_a_read(plain=True)` skips call-less assignments, so the handler's (or the after-loop) raise counts as after a read and the sibling GET is sent although no read was ever made in the failing helper."
    ),
    'r185_429_sleep_return_straight': (
        "web: requests 1-3 arrive 0 ms apart. A sleep in an `except` block that is a rate limit (after a 429, before the caller's next request) no longer paces: `in_a_handler` drops `paced`, so the siblings are sent in one burst (0 ms apart) where plain spaces them by 0.1 s."
    ),
    'r185_429_sleep_return_loop': (
        "web: the comprehension's requests arrive 0 ms apart. A sleep in an `except` block that is a rate limit (after a 429, before the caller's next request) no longer paces: `in_a_handler` drops `paced`, so the siblings are sent in one burst (0 ms apart) where plain spaces them by 0.1 s."
    ),
    'r185_429_sleep_reraise_caught': (
        "web: requests 0 ms apart. The handler sleeps then re-raises, the caller's loop catches: A sleep in an `except` block that is a rate limit (after a 429, before the caller's next request) no longer paces: `in_a_handler` drops `paced`, so the siblings are sent in one burst (0 ms apart) where plain spaces them by 0.1 s."
    ),
    'r185_429_sleep_reraise_uncaught': (
        "web: requests 0 ms apart (and an extra GET of c beside the failing 429, the allowance). A sleep in an `except` block that is a rate limit (after a 429, before the caller's next request) no longer paces: `in_a_handler` drops `paced`, so the siblings are sent in one burst (0 ms apart) where plain spaces them by 0.1 s."
    ),
    'r185_429_sleep_then_fallback': (
        "web: the two primaries are sent together, no 0.1 s between. A handler that sleeps and then does other I/O (a mirror GET): A sleep in an `except` block that is a rate limit (after a 429, before the caller's next request) no longer paces: `in_a_handler` drops `paced`, so the siblings are sent in one burst (0 ms apart) where plain spaces them by 0.1 s."
    ),
    'r185_mode_sleep_in_except': (
        'web: requests 0 ms apart, plain 0.1 s. The sleep is in the handler of `int(pace)` (a mode switch): the try has no read at all, so it is no backoff between an attempt and its retry; `in_a_handler` does not check that the try body starts a read.'
    ),
}

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
