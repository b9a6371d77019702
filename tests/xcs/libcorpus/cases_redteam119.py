"""Red-team cases (stop 119): library context managers and implicit calls in loop bodies.

Loops and comprehensions walk a list the function does not own (a module's list, a
parameter's, an attribute's) and their bodies enter library context managers: ``open``
for read, write and append, ``sqlite3`` connections (commit on exit), ``threading``
locks and semaphores, ``tempfile``, ``zipfile``, ``gzip``, ``requests.Session`` and
``httpx.Client``, ``contextlib.closing`` / ``ExitStack`` / ``suppress`` /
``nullcontext`` / ``redirect_stdout``, ``decimal.localcontext``,
``warnings.catch_warnings`` and ``os.scandir``; a ``for line in f`` inside the body;
``del`` of files and connections; properties read on library objects; and with-block
objects handed the walked list or its items (an ``ExitStack`` callback that changes the
list being walked). Checked: the order of writes, files and output against plain, and that
independent reads still overlap. Sibling calls get unequal latencies, slow first.
`FAILING` holds the cases that differed or crashed under jit when written, with
`FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import contextlib
import csv
import decimal
import gc
import gzip
import io
import json
import os
import sqlite3
import tempfile
import threading
import warnings
import zipfile
from pathlib import Path
from typing import Any
from urllib.request import urlopen

import httpx
import requests

from tests.xcs.libcorpus._case import CLIENT_CPU, Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam119")

MS = (150, 40, 90)


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


#: Three GETs (or model calls) of 150, 40 and 90 ms overlapped.
OVER = over(0.15, 0.04, 0.09)


def with_clients(n: int, waits: tuple[float, ...] = (0.15, 0.04, 0.09)) -> float:
    """`n` httpx clients made (serial CPU), then the waits overlapped."""
    serial = n * CLIENT_CPU
    return (serial + sum(waits)) / (serial + max(waits))


# The lists the functions walk and do not own: a module's lists, changeable by anyone.
KEYS = [("a", 150), ("b", 40), ("c", 90)]
NAMES = ["k1.txt", "k2.txt", "k3.txt"]
QUESTIONS = [("Capital of France?", 0.15), ("Two plus two?", 0.04), ("Colour of the sky?", 0.09)]
PENDING = ["p", "q", "r"]
_PENDING0 = list(PENDING)
WITH_MISSING = [("d", 150), ("missing-e", 40), ("f", 90)]
TABLE = {"a": "A", "c": "C"}

LOCK = threading.Lock()
RLOCK = threading.RLock()
SEM = threading.BoundedSemaphore(3)
FIXED = (2020, 1, 1, 0, 0, 0)


class Catalog:
    """An object whose attribute holds the list a function walks."""

    def __init__(self, keys: list[tuple[str, int]]) -> None:
        self.keys = keys
        self.seen: list[str] = []


def get(web: str, k: str, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def ask(client: Any, prompt: str, lat: float) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": prompt}],
                                       extra_body={"latency": lat})
    return r.choices[0].message.content


# =========================================================================== open


def open_read_each_file_then_get(web: str, tmp: str) -> list[str]:
    out = []
    for name in NAMES:
        with open(Path(tmp) / name) as f:
            k, ms = f.read().split()
        out.append(get(web, k, int(ms)))
    return out


def for_line_in_file_get_each(web: str, tmp: str) -> list[str]:
    out = []
    with open(Path(tmp) / "keys.txt") as f:
        for line in f:
            k, ms = line.split()
            out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def for_line_in_file_in_body_of_global_loop(web: str, tmp: str) -> dict[str, list[str]]:
    """A file opened per item of a module's list, its lines walked, a GET per line."""
    out: dict[str, list[str]] = {}
    for name in NAMES:
        vals = []
        with open(Path(tmp) / name) as f:
            for line in f:
                k, ms = line.split()
                vals.append(get(web, k, int(ms)))
        out[name] = vals
    return out


def gets_first_then_write_each_file(web: str, tmp: str) -> list[str]:
    vals = [get(web, k, ms) for k, ms in KEYS]
    for (k, _), v in zip(KEYS, vals, strict=True):
        with open(Path(tmp) / f"{k}.out", "w") as f:
            f.write(v)
    return sorted(p.name for p in Path(tmp).iterdir())


def file_handed_walked_list_json(web: str, tmp: str) -> list[str]:
    """Each item's with-block is handed the whole list being walked."""
    out = []
    for i, (k, ms) in enumerate(KEYS):
        with open(Path(tmp) / f"snap{i}.json", "w") as f:
            json.dump(KEYS[: i + 1], f)
        out.append(get(web, k, ms))
    return out


def model_then_append_file(client: Any, tmp: str) -> str:
    p = Path(tmp) / "answers.txt"
    for q, lat in QUESTIONS:
        a = ask(client, q, lat)
        with open(p, "a") as f:
            f.write(f"{q} -> {len(a)}\n")
        LOG.info("wrote %s", q)
    return p.read_text()


def csv_writer_model_rows(client: Any, tmp: str) -> str:
    p = Path(tmp) / "rows.csv"
    with open(p, "w", newline="") as f:
        w = csv.writer(f)
        for q, lat in QUESTIONS:
            w.writerow([q, len(ask(client, q, lat))])
    return p.read_text()


def file_properties_in_loop(web: str, tmp: str) -> list[Any]:
    out = []
    for name in NAMES:
        with open(Path(tmp) / name) as f:
            k, ms = f.read().split()
            info = (Path(f.name).name, f.mode, f.closed, f.encoding)
        out.append((info, f.closed, get(web, k, int(ms))))
    return out


def del_file_object_then_read(web: str, tmp: str) -> list[str]:
    """`del f` closes (flushes) the file: the read after it sees what was written."""
    out = []
    for k, ms in KEYS:
        p = Path(tmp) / f"{k}.txt"
        f = open(p, "w")  # noqa: SIM115 - closed by del, as users write it
        f.write(get(web, k, ms))
        del f
        out.append(p.read_text())
    return out


# =========================================================================== sqlite3


def sqlite_with_conn_commit_model(client: Any, db: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE qa (q TEXT, n INTEGER)")
    for q, lat in QUESTIONS:
        a = ask(client, q, lat)
        with conn:
            conn.execute("INSERT INTO qa VALUES (?, ?)", (q, len(a)))
    rows = conn.execute("SELECT * FROM qa ORDER BY rowid").fetchall()
    conn.close()
    return rows


def sqlite_connect_per_item_with(web: str, db: str) -> list[tuple]:
    for k, ms in KEYS:
        v = get(web, k, ms)
        with contextlib.closing(sqlite3.connect(db)) as c, c:
            c.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT, v TEXT)")
            c.execute("INSERT INTO kv VALUES (?, ?)", (k, v))
    with contextlib.closing(sqlite3.connect(db)) as c:
        return c.execute("SELECT * FROM kv ORDER BY rowid").fetchall()


def sqlite_cursor_walked_gets(web: str, db: str) -> list[str]:
    conn = sqlite3.connect(db)
    out = []
    for k, ms in conn.execute("SELECT k, ms FROM todo ORDER BY rowid"):
        out.append(get(web, k, ms))
    conn.close()
    return out


def sqlite_rows_fetched_then_gets(web: str, db: str) -> list[str]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT k, ms FROM todo ORDER BY rowid").fetchall()
    return [get(web, k, ms) for k, ms in rows]


def sqlite_del_conn_rolls_back(web: str, db: str) -> list[tuple]:
    """`del conn` (and a collection) without commit rolls back and frees the lock the next
    connection needs."""
    for k, ms in KEYS:
        v = get(web, k, ms)
        conn = sqlite3.connect(db, timeout=0.3)
        conn.execute("CREATE TABLE IF NOT EXISTS kv (k TEXT, v TEXT)")
        conn.execute("INSERT INTO kv VALUES (?, ?)", (k, v))
        if k != "b":
            conn.commit()
        del conn
        gc.collect()  # the connection is in a cycle with its statement cache (3.11)
    with contextlib.closing(sqlite3.connect(db)) as c:
        return c.execute("SELECT * FROM kv ORDER BY rowid").fetchall()


def sqlite_properties_in_loop(web: str, db: str) -> list[Any]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE kv (k TEXT, v TEXT)")
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        conn.execute("INSERT INTO kv VALUES (?, ?)", (k, v))
        out.append((conn.in_transaction, conn.total_changes))
        with conn:
            pass
        out.append((conn.in_transaction, conn.total_changes))
    conn.close()
    return out


def sqlite_closing_model_rows(client: Any, db: str) -> list[tuple]:
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("CREATE TABLE qa (q TEXT, n INTEGER)")
        with conn:
            for q, lat in QUESTIONS:
                conn.execute("INSERT INTO qa VALUES (?, ?)", (q, len(ask(client, q, lat))))
        return conn.execute("SELECT * FROM qa ORDER BY rowid").fetchall()


# =========================================================================== threading


def lock_around_append_after_get(web: str) -> list[str]:
    out: list[str] = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        with LOCK:
            out.append(v)
    return out


def _fetch_rlocked(web: str, k: str, ms: int) -> str:
    with RLOCK:
        return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def rlock_held_while_helper_relocks(web: str) -> list[str]:
    """The caller holds the RLock the helper takes again: only its own thread may."""
    out = []
    for k, ms in KEYS:
        with RLOCK:
            out.append(_fetch_rlocked(web, k, ms))
    return out


def rlock_held_around_listcomp(web: str) -> list[str]:
    with RLOCK:
        return [_fetch_rlocked(web, k, ms) for k, ms in KEYS]


def _fetch_sem(web: str, k: str, ms: int) -> str:
    with SEM:
        return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


def semaphore_bounds_helper_listcomp(web: str) -> list[str]:
    return [_fetch_sem(web, k, ms) for k, ms in KEYS]


# =========================================================================== tempfile


def named_temp_model_roundtrip(client: Any, tmp: str) -> list[int]:
    out = []
    for q, lat in QUESTIONS:
        with tempfile.NamedTemporaryFile("w+", dir=tmp) as t:
            t.write(ask(client, q, lat))
            t.seek(0)
            out.append(len(t.read()))
    return out


def temp_dir_gets_dict_then_write(web: str, tmp: str) -> list[str]:
    with tempfile.TemporaryDirectory(dir=tmp) as d:
        vals = {k: get(web, k, ms) for k, ms in KEYS}
        for k, v in vals.items():
            (Path(d) / k).write_text(v)
        return sorted((Path(d) / k).read_text() for k in vals)


# =========================================================================== zipfile


def zip_read_members_get_each(web: str, tmp: str) -> list[str]:
    out = []
    with zipfile.ZipFile(Path(tmp) / "keys.zip") as z:
        for name in z.namelist():
            k, ms = z.read(name).decode().split()
            out.append(get(web, k, int(ms)))
    return out


def zip_infolist_properties_get(web: str, tmp: str) -> list[Any]:
    out = []
    with zipfile.ZipFile(Path(tmp) / "keys.zip") as z:
        infos = z.infolist()
    for info in infos:
        k, ms = info.filename.removesuffix(".txt").split("_")
        out.append((info.file_size, info.is_dir(), get(web, k, int(ms))))
    return out


def zip_writestr_after_model(client: Any, tmp: str) -> list[str]:
    p = Path(tmp) / "answers.zip"
    with zipfile.ZipFile(p, "w") as z:
        for i, (q, lat) in enumerate(QUESTIONS):
            z.writestr(zipfile.ZipInfo(f"q{i}.txt", FIXED), ask(client, q, lat))
    with zipfile.ZipFile(p) as z:
        return [f"{n}:{len(z.read(n))}" for n in z.namelist()]


# =========================================================================== gzip


def gzip_lines_get_each(web: str, tmp: str) -> list[str]:
    out = []
    with gzip.open(Path(tmp) / "keys.gz", "rt") as f:
        for line in f:
            k, ms = line.split()
            out.append(get(web, k, int(ms)))
    return out


def gzip_append_member_per_model(client: Any, tmp: str) -> str:
    p = Path(tmp) / "answers.gz"
    for q, lat in QUESTIONS:
        a = ask(client, q, lat)
        with gzip.GzipFile(p, "ab", mtime=0) as g:
            g.write(f"{q}:{len(a)}\n".encode())
    with gzip.open(p, "rt") as f:
        return f.read()


# =========================================================================== requests / httpx


def session_cm_per_item(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        with requests.Session() as s:
            out.append(s.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def session_cm_over_param_dict_list(web: str, cfg: dict[str, Any]) -> list[str]:
    with requests.Session() as s:
        return [s.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in cfg["keys"]]


def session_cm_over_attr_list_records(web: str, cat: Catalog) -> list[str]:
    out = []
    with requests.Session() as s:
        for k, ms in cat.keys:
            r = s.get(f"{web}/items/{k}?ms={ms}")
            cat.seen.append(k)
            out.append(f"{r.status_code}:{r.ok}:{r.json()['value']}")
    return out + cat.seen


def session_cm_put_then_get(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        with requests.Session() as s:
            s.put(f"{web}/items/{k}", data=f"new-{k}")
            out.append(s.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _print_hook(r: requests.Response, *args: Any, **kwargs: Any) -> None:
    print("hook", r.url.rsplit("/", 1)[-1])


def httpx_client_cm_per_item(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        with httpx.Client() as c:
            out.append(c.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def httpx_client_cm_attr_list(web: str, cat: Catalog) -> list[str]:
    with httpx.Client(base_url=web) as c:
        return [c.get(f"/items/{k}", params={"ms": ms}).json()["value"] for k, ms in cat.keys]


def response_properties_in_loop(web: str) -> list[Any]:
    out = []
    for k, ms in KEYS:
        r = requests.get(f"{web}/text/{k}?ms={ms}")
        out.append((r.ok, r.reason, r.is_redirect, r.encoding, r.headers["Content-Type"],
                    len(r.text.splitlines())))
    return out


# =========================================================================== contextlib


def closing_urlopen_per_item(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        with contextlib.closing(urlopen(f"{web}/items/{k}?ms={ms}")) as r:
            out.append(json.loads(r.read())["value"])
    return out


def exitstack_open_all_then_get(web: str, tmp: str) -> list[str]:
    with contextlib.ExitStack() as st:
        files = [st.enter_context(open(Path(tmp) / n)) for n in NAMES]
        out = []
        for f in files:
            k, ms = f.read().split()
            out.append(get(web, k, int(ms)))
    return out


def exitstack_callback_appends_to_walked(web: str) -> list[str]:
    """An ExitStack callback appends to the module's list the loop walks: one more item."""
    out = []
    for k in PENDING:
        with contextlib.ExitStack() as st:
            if k == "p":
                st.callback(PENDING.append, "s")
            out.append(get(web, k, 150 if k == "p" else 40))
    return out


def exitstack_callback_removes_from_param(web: str, cfg: dict[str, Any]) -> list[str]:
    """Removing the item walked from the list skips the next item (a list iterator's index)."""
    out = []
    for k, ms in cfg["keys"]:
        with contextlib.ExitStack() as st:
            if k == "a":
                st.callback(cfg["keys"].remove, (k, ms))
            out.append(get(web, k, ms))
    return out


def suppress_remove_from_attr_list(web: str, cat: Catalog) -> list[str]:
    out = []
    for k, ms in cat.keys:
        v = get(web, k, ms)
        if k == "a":
            with contextlib.suppress(ValueError):
                cat.keys.remove(("zz", 0))
                cat.keys.remove((k, ms))
        out.append(v)
    return out


def suppress_http_error_per_item(web: str) -> list[str]:
    out = []
    for k, ms in WITH_MISSING:
        with contextlib.suppress(requests.HTTPError):
            r = requests.get(f"{web}/items/{k}?ms={ms}")
            r.raise_for_status()
            out.append(r.json()["value"])
    return out


def nullcontext_or_open_per_name(web: str, tmp: str) -> list[str]:
    out = []
    for name in NAMES + ["inline b 40"]:
        p = Path(tmp) / name
        with (open(p) if p.exists() else contextlib.nullcontext(io.StringIO(name[7:]))) as f:
            k, ms = f.read().split()
        out.append(get(web, k, int(ms)))
    return out


def nullcontext_handed_walked_list(web: str) -> list[str]:
    with contextlib.nullcontext(KEYS) as ks:
        return [get(web, k, ms) for k, ms in ks]


def redirect_stdout_per_item(web: str) -> tuple[list[str], str]:
    buf = io.StringIO()
    out = []
    for k, ms in KEYS:
        with contextlib.redirect_stdout(buf):
            v = get(web, k, ms)
            print("got", k, v)
        print("outside", k)
        out.append(v)
    return out, buf.getvalue()


# =========================================================================== decimal / warnings


def _price(web: str, k: str, ms: int) -> decimal.Decimal:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    return decimal.Decimal(len(r.text)) / decimal.Decimal(7)


def decimal_localcontext_helper_divides(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        return [str(_price(web, k, ms)) for k, ms in KEYS]


def decimal_setcontext_then_helpers(web: str) -> list[str]:
    decimal.setcontext(decimal.Context(prec=5, rounding=decimal.ROUND_DOWN))
    out = []
    for k, ms in KEYS:
        out.append(str(_price(web, k, ms)))
    decimal.setcontext(decimal.Context())
    return out


def _fetch_warn(web: str, k: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    if ms > 60:
        warnings.warn(f"slow key {k}", RuntimeWarning, stacklevel=2)
    return r.json()["value"]


def warnings_record_helper_listcomp(web: str) -> tuple[list[str], list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vals = [_fetch_warn(web, k, ms) for k, ms in KEYS]
    return vals, [str(w.message) for w in caught]


def warnings_catch_in_loop_body(web: str) -> list[Any]:
    out = []
    for k, ms in KEYS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            v = _fetch_warn(web, k, ms)
        out.append((v, [str(w.message) for w in caught]))
    return out


# =========================================================================== os.scandir


def scandir_sorted_names_get_each(web: str, tmp: str) -> list[str]:
    with os.scandir(Path(tmp) / "in") as it:
        names = sorted(e.name for e in it if e.is_file())
    out = []
    for n in names:
        k, ms = (Path(tmp) / "in" / n).read_text().split()
        out.append(get(web, k, int(ms)))
    return out


def scandir_writes_while_walking(web: str, tmp: str) -> list[str]:
    """Each item written into the folder scanned next: the next scan sees it."""
    d = Path(tmp) / "w"
    d.mkdir()
    out = []
    for k, ms in KEYS:
        v = get(web, k, ms)
        (d / f"{k}.txt").write_text(v)
        with os.scandir(d) as it:
            out.append(",".join(sorted(e.name for e in it)))
    return out


# =========================================================================== state library objects hold


def decimal_ctx_prec_changed_between_helpers(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        a = _price(web, "a", 150)
        ctx.prec = 9
        b = _price(web, "b", 40)
        ctx.prec = 2
        c = _price(web, "c", 90)
    return [str(a), str(b), str(c)]


class Upload:
    """An object whose close() PUTs: handed to contextlib.closing."""

    def __init__(self, web: str, k: str) -> None:
        self.web, self.k = web, k

    def close(self) -> None:
        requests.put(f"{self.web}/items/{self.k}", data=f"closed-{self.k}")


def closing_user_obj_puts_then_get(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        with contextlib.closing(Upload(web, k)):
            pass
        out.append(get(web, k, ms))
    return out


def exitstack_callback_put_before_get(web: str) -> list[str]:
    out = []
    for k, ms in KEYS:
        with contextlib.ExitStack() as st:
            st.callback(requests.put, f"{web}/items/{k}", data=f"cb-{k}")
        out.append(get(web, k, ms))
    return out


def tempdir_then_listdir(web: str, tmp: str) -> list[Any]:
    out = []
    for k, ms in KEYS:
        with tempfile.TemporaryDirectory(dir=tmp):
            v = get(web, k, ms)
        out.append((v, len(os.listdir(tmp))))
    return out


def open_rplus_model_then_read(client: Any, tmp: str) -> list[Any]:
    p = Path(tmp) / "log.txt"
    p.write_text("start\n")
    out = []
    for q, lat in QUESTIONS:
        with open(p, "r+") as f:
            f.seek(0, 2)
            f.write(f"{q}\n")
        out.append((len(ask(client, q, lat)), len(p.read_text().splitlines())))
    return out


def open_w_truncate_no_write_model(client: Any, tmp: str) -> list[Any]:
    p = Path(tmp) / "state.txt"
    out = []
    for q, lat in QUESTIONS:
        p.write_text(q)
        with open(p, "w"):
            pass
        out.append((len(ask(client, q, lat)), p.read_text()))
    return out


def total_changes_in_prompt(client: Any, db: str) -> list[int]:
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE q (t TEXT)")
    out = []
    for q, lat in QUESTIONS:
        with conn:
            conn.execute("INSERT INTO q VALUES (?)", (q,))
        out.append(len(ask(client, f"{q} changes={conn.total_changes}", lat)))
    conn.close()
    return out


def file_closed_in_prompt(client: Any, tmp: str) -> list[int]:
    out = []
    for i, (q, lat) in enumerate(QUESTIONS):
        with open(Path(tmp) / f"{i}.txt", "w") as f:
            f.write(q)
        out.append(len(ask(client, f"{q} closed={f.closed}", lat)))
    return out


def decimal_prec_in_url_listcomp(web: str) -> list[str]:
    decimal.getcontext().prec = 3
    first = get(web, f"x{decimal.Decimal(1) / 7}", 150)
    decimal.getcontext().prec = 6
    rest = [get(web, f"{k}{decimal.Decimal(1) / 7}", ms) for k, ms in KEYS]
    decimal.getcontext().prec = 28
    return [first] + rest


def _price_bump(web: str, k: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    ctx = decimal.getcontext()
    ctx.prec += 2
    return str(decimal.Decimal(len(r.text)) / decimal.Decimal(7))


def decimal_helper_bumps_shared_context(web: str) -> list[str]:
    with decimal.localcontext() as ctx:
        ctx.prec = 4
        return [_price_bump(web, k, ms) for k, ms in KEYS]


def _price_ctx(web: str, k: str, ms: int, ctx: decimal.Context) -> str:
    r = requests.get(f"{web}/items/{k}?ms={ms}")
    ctx.prec += 2
    return str(ctx.divide(decimal.Decimal(len(r.text)), decimal.Decimal(7)))


def decimal_context_handed_to_helpers(web: str) -> list[str]:
    ctx = decimal.Context(prec=4)
    return [_price_ctx(web, k, ms, ctx) for k, ms in KEYS]


# =========================================================================== setups


def _names(env: Env) -> None:
    for name, (k, ms) in zip(NAMES, KEYS, strict=True):
        (env.tmp / name).write_text(f"{k} {ms}\n")
    (env.tmp / "keys.txt").write_text("".join(f"{k} {ms}\n" for k, ms in KEYS))


def _names_multi(env: Env) -> None:
    for i, name in enumerate(NAMES):
        (env.tmp / name).write_text(f"x{i} {MS[i]}\ny{i} {MS[2 - i]}\n")


def _todo_db(env: Env) -> None:
    with contextlib.closing(sqlite3.connect(env.tmp / "todo.db")) as c, c:
        c.execute("CREATE TABLE todo (k TEXT, ms INTEGER)")
        c.executemany("INSERT INTO todo VALUES (?, ?)", KEYS)


def _zip(env: Env) -> None:
    with zipfile.ZipFile(env.tmp / "keys.zip", "w") as z:
        for k, ms in KEYS:
            z.writestr(zipfile.ZipInfo(f"{k}_{ms}.txt", FIXED), f"{k} {ms}")


def _gz(env: Env) -> None:
    with gzip.GzipFile(env.tmp / "keys.gz", "wb", mtime=0) as g:
        g.write("".join(f"{k} {ms}\n" for k, ms in KEYS).encode())
    for name, (k, ms) in zip(NAMES, KEYS, strict=True):
        with gzip.GzipFile(env.tmp / (name + ".gz"), "wb", mtime=0) as g:
            g.write(f"{k} {ms}".encode())


def _scan(env: Env) -> None:
    (env.tmp / "in").mkdir()
    for k, ms in KEYS:
        (env.tmp / "in" / f"{k}.key").write_text(f"{k} {ms}")


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def web_db(name: str) -> Any:
    return lambda env: (env.web, str(env.tmp / name))


def oa_tmp(env: Env) -> tuple:
    return (openai_client(env), str(env.tmp))


def oa_db(name: str) -> Any:
    return lambda env: (openai_client(env), str(env.tmp / name))


def web_cfg(env: Env) -> tuple:
    return (env.web, {"keys": [("a", 150), ("b", 40), ("c", 90)]})


def web_cat(env: Env) -> tuple:
    return (env.web, Catalog([("a", 150), ("b", 40), ("c", 90)]))


def _restore_pending(fn: Any, env: Env) -> Any:
    try:
        return fn(env.web)
    finally:
        PENDING[:] = _PENDING0


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _f(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web_tmp), servers="web", ideal=ideal, **kw)


def _m(fn: Any, ideal: float = OVER, cat: str = "files", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa_tmp), servers="api", ideal=ideal, **kw)


ALL: list[Case] = [
    # open
    _f(open_read_each_file_then_get, OVER, setup=_names, overlap=3),
    _f(for_line_in_file_get_each, OVER, setup=_names, overlap=3),
    _f(for_line_in_file_in_body_of_global_loop, over(0.15, 0.09, 0.04, 0.04, 0.09, 0.15),
       setup=_names_multi),
    _f(gets_first_then_write_each_file, OVER, overlap=3),
    _f(file_handed_walked_list_json),
    _m(model_then_append_file),
    _m(csv_writer_model_rows),
    _f(file_properties_in_loop, OVER, setup=_names),
    _f(del_file_object_then_read),
    # sqlite3
    _m(sqlite_with_conn_commit_model, args=oa_db("qa.db"), cat="db"),
    _f(sqlite_connect_per_item_with, args=web_db("kv.db"), cat="db"),
    _f(sqlite_cursor_walked_gets, OVER, args=web_db("todo.db"), cat="db", setup=_todo_db),
    _f(sqlite_rows_fetched_then_gets, OVER, args=web_db("todo.db"), cat="db", setup=_todo_db,
       overlap=3),
    _f(sqlite_del_conn_rolls_back, args=web_db("kv.db"), cat="db"),
    _f(sqlite_properties_in_loop, args=web_db("kv.db"), cat="db"),
    _m(sqlite_closing_model_rows, args=oa_db("qa.db"), cat="db"),
    # threading
    _w(lock_around_append_after_get, OVER, cat="threads"),
    _w(rlock_held_while_helper_relocks, cat="threads"),
    _w(rlock_held_around_listcomp, cat="threads"),
    _w(semaphore_bounds_helper_listcomp, OVER, cat="threads"),
    # tempfile
    _m(named_temp_model_roundtrip),
    _f(temp_dir_gets_dict_then_write, OVER, overlap=3),
    # zipfile
    _f(zip_read_members_get_each, OVER, setup=_zip),
    _f(zip_infolist_properties_get, OVER, setup=_zip),
    _m(zip_writestr_after_model),
    # gzip
    _f(gzip_lines_get_each, OVER, setup=_gz),
    _m(gzip_append_member_per_model),
    # requests / httpx
    _w(session_cm_per_item, OVER, cat="clients", overlap=3),
    _w(session_cm_over_param_dict_list, OVER, cat="clients", args=web_cfg),
    _w(session_cm_over_attr_list_records, OVER, cat="clients", args=web_cat),
    _w(session_cm_put_then_get, cat="clients"),
    _w(httpx_client_cm_per_item, with_clients(3), cat="clients"),
    _w(httpx_client_cm_attr_list, with_clients(1), cat="clients", args=web_cat),
    _w(response_properties_in_loop, OVER, overlap=3),
    # contextlib
    _w(closing_urlopen_per_item, OVER),
    _f(exitstack_open_all_then_get, OVER, setup=_names),
    _w(exitstack_callback_appends_to_walked, cat="state", drive=_restore_pending),
    _w(exitstack_callback_removes_from_param, cat="state", args=web_cfg),
    _w(suppress_remove_from_attr_list, cat="state", args=web_cat),
    _w(suppress_http_error_per_item, OVER, cat="validation"),
    _f(nullcontext_or_open_per_name, over(0.15, 0.04, 0.09, 0.04), setup=_names),
    _w(nullcontext_handed_walked_list, OVER),
    _w(redirect_stdout_per_item, OVER),
    # decimal / warnings
    _w(decimal_localcontext_helper_divides, OVER, cat="helpers"),
    _w(decimal_setcontext_then_helpers, OVER, cat="helpers"),
    _w(warnings_record_helper_listcomp, OVER, cat="helpers"),
    _w(warnings_catch_in_loop_body, OVER, cat="helpers"),
    # os.scandir
    _f(scandir_sorted_names_get_each, OVER, setup=_scan),
    _f(scandir_writes_while_walking),
    # the state library objects hold, read or changed around the calls
    _w(decimal_ctx_prec_changed_between_helpers, OVER, cat="helpers"),
    _w(closing_user_obj_puts_then_get),
    _w(exitstack_callback_put_before_get),
    _f(tempdir_then_listdir),
    _m(open_rplus_model_then_read, overlap=3),
    _m(open_w_truncate_no_write_model, overlap=3),
    _m(total_changes_in_prompt, args=oa_db("q.db"), cat="db"),
    _m(file_closed_in_prompt),
    _w(decimal_prec_in_url_listcomp, over(0.15, 0.15, 0.04, 0.09)),
    _w(decimal_helper_bumps_shared_context, cat="helpers"),
    _w(decimal_context_handed_to_helpers, cat="helpers"),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
