"""Red-team cases (stop 20), third part: I/O spelled as another world (a ``file:`` URL, a
log handler or a print writing a file, a SQLite database read as bytes), and state a
helper reads that the function changes between calls (a config dict, ``os.environ``, an
object's attribute, a list passed along).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
import shutil
import sqlite3
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import requests

from ember.api import models
from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus._web import tmp_web_args, value, web_args

# --------------------------------------------------------------------------- other worlds


def get_item(base: str, key: str) -> str:
    with urllib.request.urlopen(f"{base}/items/{key}") as r:
        return r.read().decode()


def read_note(folder: str, name: str) -> str:
    with urllib.request.urlopen(f"file://{folder}/{name}") as r:
        return r.read().decode()


def file_url_after_write(folder: str, base: str) -> tuple[str, str]:
    a = get_item(base, "fu")
    Path(f"{folder}/note.txt").write_text("written before the read")
    b = read_note(folder, "note.txt")  # urlopen of a file: URL reads this machine's file
    return a, b


def log_file_without_flush(folder: str, base: str) -> tuple[str, str]:
    log = logging.getLogger("redteam.filelog2")
    handler = logging.FileHandler(Path(folder) / "app.log")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        a = value(base, "lg")
        log.info("fetched %s", a)  # a FileHandler flushes each record
        text = Path(f"{folder}/app.log").read_text()
        b = value(base, "lh")
    finally:
        log.removeHandler(handler)
        handler.close()
    return text, b


def print_to_open_file_then_read(folder: str, base: str) -> tuple[str, str]:
    out = open(Path(folder) / "out.txt", "w", buffering=1)  # noqa: SIM115 - line-buffered
    a = value(base, "pr")
    print("got", a, file=out)  # the line reaches the file at its newline
    text = Path(f"{folder}/out.txt").read_text()
    b = value(base, "ps")
    out.close()
    return text, b


def db_commit_then_file_size(folder: str, base: str) -> list[Any]:
    path = Path(folder) / "grow.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.commit()
    before = path.stat().st_size
    a = value(base, "dz")
    conn.executemany("INSERT INTO t VALUES (?)", [(a * 200,)] * 50)
    conn.commit()
    after = Path(f"{folder}/grow.db").stat().st_size
    b = value(base, "dy")
    conn.close()
    return [before < after, b]


def file_copy_then_query(folder: str, base: str) -> list[Any]:
    src = Path(folder) / "src.db"
    conn = sqlite3.connect(src)
    conn.execute("CREATE TABLE t (v TEXT)")
    conn.execute("INSERT INTO t VALUES ('copied')")
    conn.commit()
    conn.close()
    a = value(base, "dc")
    shutil.copy(src, Path(folder) / "copy.db")
    other = sqlite3.connect(f"{folder}/copy.db")
    rows = other.execute("SELECT v FROM t").fetchall()
    other.close()
    b = value(base, "dd")
    return [a, rows, b]


# --------------------------------------------------------------------------- state a helper reads

CONFIG: dict[str, str] = {"prefix": "one"}


def _reset_config(env: Env) -> None:
    CONFIG["prefix"] = "one"


def configured_value(base: str, key: str) -> str:
    return value(base, f"{CONFIG['prefix']}-{key}")


def global_config_changed_between(base: str) -> list[str]:
    a = configured_value(base, "k")
    CONFIG["prefix"] = "two"
    b = configured_value(base, "k")
    return [a, b]


def env_value(base: str, key: str) -> str:
    return value(base, f"{os.environ.get('REDTEAM_PREFIX', 'none')}-{key}")


def _clear_env(env: Env) -> None:
    os.environ.pop("REDTEAM_PREFIX", None)


def environ_changed_between(base: str) -> list[str]:
    a = env_value(base, "e")
    os.environ["REDTEAM_PREFIX"] = "set"
    b = env_value(base, "e")
    del os.environ["REDTEAM_PREFIX"]
    return [a, b]


class Api:
    def __init__(self, base: str) -> None:
        self.base = base
        self.tag = "t1"

    def load(self, key: str) -> str:
        return value(self.base, f"{self.tag}-{key}")


def attribute_changed_between(base: str) -> list[str]:
    api = Api(base)
    a = api.load("x")
    api.tag = "t2"
    b = api.load("x")
    c = api.load("y")
    return [a, b, c]


def values_of(base: str, keys: list[str]) -> list[str]:
    return [value(base, k) for k in keys]


def list_mutated_between(base: str) -> list[list[str]]:
    keys = ["lm1"]
    a = values_of(base, keys)
    keys.append("lm2")
    b = values_of(base, keys)
    keys[0] = "lm3"
    c = values_of(base, keys)
    return [a, b, c]


def global_config_in_loop(base: str) -> list[str]:
    out = []
    for prefix in ("p1", "p2", "p3"):
        CONFIG["prefix"] = prefix
        out.append(configured_value(base, "loop"))
    return out


PREFIX = "one"


def prefixed_value(base: str, key: str) -> str:
    return value(base, f"{PREFIX}-{key}")


def _reset_prefix(env: Env) -> None:
    global PREFIX
    PREFIX = "one"


def global_rebound_between(base: str) -> list[str]:
    global PREFIX
    a = prefixed_value(base, "g")
    PREFIX = "two"  # the function itself rebinds the global the helper reads
    b = prefixed_value(base, "g")
    return [a, b]


class Conf:
    prefix = "one"


def class_conf_value(base: str, key: str) -> str:
    return value(base, f"{Conf.prefix}-{key}")


def _reset_conf(env: Env) -> None:
    Conf.prefix = "one"


def class_attribute_changed_between(base: str) -> list[str]:
    a = class_conf_value(base, "c")
    Conf.prefix = "two"
    b = class_conf_value(base, "c")
    return [a, b]


SESSION = requests.Session()


def _reset_session(env: Env) -> None:
    SESSION.params = {}


def session_value(base: str, key: str) -> str:
    return SESSION.get(f"{base}/items/{key}").json()["value"]


def session_params_changed_between(base: str) -> list[str]:
    a = session_value(base, "sp")
    SESSION.params = {"v": "2"}  # the helper's next GET carries ?v=2
    b = session_value(base, "sp")
    return [a, b]


MODEL = {"id": "sim/alpha"}


def _reset_model(env: Env) -> None:
    MODEL["id"] = "sim/alpha"


def ask(question: str) -> str:
    r = models(MODEL["id"], question)
    return f"{r.model_id}: {r}"


def model_switched_between(question: str) -> list[str]:
    a = ask(question)
    MODEL["id"] = "sim/beta"  # the next call of the helper asks another model
    b = ask(question)
    return [a, b]


LOCK = threading.Lock()


def bump(base: str) -> str:
    with LOCK:  # a read-modify-write of one item, one thread at a time
        current = value(base, "ctr")
        requests.put(f"{base}/items/ctr", data=current + "+")
    return current


def _bump_from_threads(f: Any, env: Env) -> list[str]:
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda _: f(env.web), range(8)))
    return [value(env.web, "ctr")]


FLAGS = {"suffix": ""}


def _reset_flags(env: Env) -> None:
    FLAGS["suffix"] = ""


def suffixed(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(base: str, key: str) -> str:
        return fn(base, key + FLAGS["suffix"])
    return wrapper


@suffixed
def suffixed_value(base: str, key: str) -> str:
    return value(base, key)


def decorator_reads_flag_changed_between(base: str) -> list[str]:
    a = suffixed_value(base, "df")
    FLAGS["suffix"] = "-2"  # the wrapper reads it at each call
    b = suffixed_value(base, "df")
    return [a, b]


NOTES: list[str] = []


def _clear_notes(env: Env) -> None:
    NOTES.clear()


def note(text: str) -> None:
    NOTES.append(text)


def value_after_notes(base: str) -> str:
    return value(base, f"notes{len(NOTES)}")


def cpu_helper_changes_what_a_read_uses(base: str) -> list[str]:
    a = value_after_notes(base)
    note("one")  # computes only, and changes the list the next call reads
    b = value_after_notes(base)
    return [a, b]


async def async_suffixed(base: str, key: str) -> str:
    async with httpx.AsyncClient() as c:
        return (await c.get(f"{base}/items/{key}{FLAGS['suffix']}")).json()["value"]


async def async_helper_flag_changed_between(base: str) -> list[str]:
    a = await async_suffixed(base, "af")
    FLAGS["suffix"] = "-2"
    b = await async_suffixed(base, "af")
    return [a, b]


def _run_async(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def value_with_options(base: str, key: str, opts: dict = CONFIG) -> str:  # noqa: B006
    return value(base, f"{key}-{opts['prefix']}")


def default_argument_changed_between(base: str) -> list[str]:
    a = value_with_options(base, "wd")
    CONFIG["prefix"] = "two"  # the default is this dict: the next call sees the change
    b = value_with_options(base, "wd")
    return [a, b]


CASES = [
    Case("files", file_url_after_write, args=tmp_web_args, servers="web"),
    Case("files", log_file_without_flush, args=tmp_web_args, servers="web"),
    Case("files", print_to_open_file_then_read, args=tmp_web_args, servers="web"),
    Case("db", db_commit_then_file_size, args=tmp_web_args, servers="web"),
    Case("db", file_copy_then_query, args=tmp_web_args, servers="web"),
    Case("state", global_config_changed_between, args=web_args, servers="web",
         setup=_reset_config),
    Case("state", environ_changed_between, args=web_args, servers="web", setup=_clear_env),
    Case("helpers", attribute_changed_between, args=web_args, servers="web"),
    Case("helpers", list_mutated_between, args=web_args, servers="web"),
    Case("state", global_config_in_loop, args=web_args, servers="web", setup=_reset_config),
    Case("rebind", global_rebound_between, args=web_args, servers="web", setup=_reset_prefix),
    Case("state", class_attribute_changed_between, args=web_args, servers="web",
         setup=_reset_conf),
    Case("clients", session_params_changed_between, args=web_args, servers="web",
         setup=_reset_session),
    Case("helpers", model_switched_between, args=lambda env: ("Which model?",),
         setup=_reset_model),
    Case("threads", bump, drive=_bump_from_threads, servers="web"),
    Case("helpers", default_argument_changed_between, args=web_args, servers="web",
         setup=_reset_config),
    Case("where", decorator_reads_flag_changed_between, args=web_args, servers="web",
         setup=_reset_flags),
    Case("helpers", cpu_helper_changes_what_a_read_uses, args=web_args, servers="web",
         setup=_clear_notes),
    Case("clients", async_helper_flag_changed_between, drive=_run_async, servers="web",
         setup=_reset_flags),
]
