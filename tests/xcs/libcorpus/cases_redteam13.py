"""Red-team cases (stop 21), thirteenth part: property getters that create a remote
resource on first use, validation inside ``__setitem__`` or a setter (the read after it
must not be sent), state a helper reads changed through a setter or ``os.environ.update``,
``lru_cache(maxsize=None)`` and a cached method, and an ETL class over SQLite and HTTP.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger
from tests.xcs.libcorpus._web import put, tmp_web_args, value, web_args

# --------------------------------------------------------------------------- getters that write


class LazySession:
    """Opens a remote session the first time its id is asked for."""

    def __init__(self, base: str) -> None:
        self.base = base
        self._id: str | None = None

    @property
    def sid(self) -> str:
        if self._id is None:
            self._id = f"s{requests.post(f'{self.base}/jobs').json()['id']}"
        return self._id


def property_getter_creates_a_remote_session(base: str) -> list[Any]:
    s = LazySession(base)
    first = value(base, "lz0")
    sid = s.sid  # a POST the first time
    return [first, sid, requests.get(f"{base}/items").json()["writes"]]


class Opened:
    def __init__(self, base: str) -> None:
        self.base = base

    @functools.cached_property
    def ticket(self) -> int:
        return put(self.base, "ticket", "issued")


def cached_property_that_writes(base: str) -> list[Any]:
    o = Opened(base)
    first = value(base, "tk0")
    n = o.ticket
    return [first, n, value(base, "ticket")]


# --------------------------------------------------------------------------- validation in dunders


class CheckedStore:
    def __init__(self, base: str) -> None:
        self.base = base

    def __setitem__(self, key: str, text: str) -> None:
        if " " in key:
            raise ValueError(f"bad key {key!r}")
        put(self.base, key, text)


def setitem_validation_raises_before_a_read(base: str) -> list[str]:
    s = CheckedStore(base)
    first = value(base, "sv0")
    s["has space"] = "x"  # raises: nothing after it is sent
    return [first, value(base, "sv1")]


class Temperature:
    def __init__(self) -> None:
        self._c = 0.0

    @property
    def celsius(self) -> float:
        return self._c

    @celsius.setter
    def celsius(self, c: float) -> None:
        if c < -273.15:
            raise ValueError("below absolute zero")
        self._c = c


def setter_validation_raises_before_a_read(base: str) -> list[Any]:
    t = Temperature()
    first = value(base, "tv0")
    t.celsius = -300.0
    return [first, value(base, "tv1")]


# --------------------------------------------------------------------------- state changed behind a setter


class Conf:
    prefix = "one"


class Settings:
    @property
    def prefix(self) -> str:
        return Conf.prefix

    @prefix.setter
    def prefix(self, p: str) -> None:
        Conf.prefix = p


def configured(base: str, key: str) -> str:
    return value(base, f"{Conf.prefix}-{key}")


def _reset_conf(env: Env) -> None:
    Conf.prefix = "one"


def class_state_changed_through_a_setter(base: str) -> list[str]:
    s = Settings()
    a = configured(base, "cs1")
    s.prefix = "two"
    b = configured(base, "cs2")
    return [a, b]


def env_reader(base: str, key: str) -> str:
    return value(base, f"{os.environ.get('REDTEAM13_REGION', 'none')}-{key}")


def environ_update_between_helper_reads(base: str) -> list[str]:
    os.environ.pop("REDTEAM13_REGION", None)
    try:
        a = env_reader(base, "eu1")
        os.environ.update({"REDTEAM13_REGION": "west"})
        b = env_reader(base, "eu2")
    finally:
        os.environ.pop("REDTEAM13_REGION", None)
    return [a, b]


# --------------------------------------------------------------------------- caches


@functools.lru_cache(maxsize=None)  # noqa: UP033 - the spelling tested
def unbounded(base: str, key: str) -> str:
    return value(base, key)


class Catalog:
    def __init__(self, base: str) -> None:
        self.base = base

    @functools.cache  # noqa: B019 - a cached method, as users write
    def get(self, key: str) -> str:
        return value(self.base, key)


def _clear_caches(env: Env) -> None:
    unbounded.cache_clear()
    Catalog.get.cache_clear()


def lru_cache_without_a_bound_repeated_key(base: str) -> list[Any]:
    vals = [unbounded(base, k) for k in ("ub1", "ub2", "ub1")]
    return [vals, unbounded.cache_info().misses]


def cached_method_repeated_key(base: str) -> list[Any]:
    c = Catalog(base)
    vals = [c.get(k) for k in ("cm1", "cm1", "cm2")]
    return [vals, Catalog.get.cache_info().misses]


# --------------------------------------------------------------------------- an ETL class


class Etl:
    """Pulls items over HTTP into SQLite, then pushes a summary back."""

    def __init__(self, db: str, base: str) -> None:
        self.conn = sqlite3.connect(db)
        self.base = base
        self.log = corpus_logger("redteam13.etl")
        self.conn.execute("CREATE TABLE IF NOT EXISTS items (k TEXT PRIMARY KEY, v TEXT)")

    def extract(self, keys: list[str]) -> dict[str, str]:
        return {k: value(self.base, k) for k in keys}

    def load(self, rows: dict[str, str]) -> int:
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO items VALUES (?, ?)", rows.items())
        n = self.conn.execute("SELECT COUNT(*) FROM items").fetchone()[0]
        self.log.info("loaded %d rows", n)
        return n

    def push(self) -> int:
        rows = self.conn.execute("SELECT k, v FROM items ORDER BY k").fetchall()
        return put(self.base, "etl", ";".join(f"{k}={v}" for k, v in rows))

    def close(self) -> None:
        self.conn.close()


def etl_class_program(folder: str, base: str) -> list[Any]:
    etl = Etl(f"{folder}/etl.db", base)
    try:
        n1 = etl.load(etl.extract(["e1", "e2"]))
        put(base, "e2", "updated")
        n2 = etl.load(etl.extract(["e2", "e3"]))
        version = etl.push()
    finally:
        etl.close()
    return [n1, n2, version, value(base, "etl")]


CASES = [
    Case("where", property_getter_creates_a_remote_session, args=web_args, servers="web"),
    Case("where", cached_property_that_writes, args=web_args, servers="web"),
    Case("validation", setitem_validation_raises_before_a_read, args=web_args, servers="web"),
    Case("validation", setter_validation_raises_before_a_read, args=web_args, servers="web"),
    Case("rebind", class_state_changed_through_a_setter, args=web_args, servers="web",
         setup=_reset_conf),
    Case("rebind", environ_update_between_helper_reads, args=web_args, servers="web"),
    Case("state", lru_cache_without_a_bound_repeated_key, args=web_args, servers="web",
         setup=_clear_caches),
    Case("state", cached_method_repeated_key, args=web_args, servers="web", setup=_clear_caches),
    Case("db", etl_class_program, args=tmp_web_args, servers="web"),
]
