"""Red-team cases (stop 21), eleventh part: more code Python runs without a call in sight
(``contextlib.closing``, a metaclass's ``__call__``, ``__new__``, a descriptor's
``__set__``, ``__setattr__``, ``__iadd__``, an augmented subscript, ``weakref.finalize``,
``__str__`` run by ``print``, ``__bool__`` run by ``if``), and whole small programs of the
kind users write: a sync job, a report, a paginated export, a batch with retries.
"""

from __future__ import annotations

import contextlib
import csv
import json
import logging
import time
import weakref
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger
from tests.xcs.libcorpus._web import put, tmp_web_args, value, web_args

# --------------------------------------------------------------------------- hidden calls


class Uploader:
    def __init__(self, base: str) -> None:
        self.base = base
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        self.parts.append(text)

    def close(self) -> None:
        put(self.base, "upload", "+".join(self.parts))


def closing_writes_on_exit(base: str) -> list[str]:
    with contextlib.closing(Uploader(base)) as up:
        up.add(value(base, "cl1"))
    return [value(base, "upload")]


class Registry(type):
    """A metaclass that announces every instance made."""

    def __call__(cls, base: str, name: str) -> Any:
        obj = super().__call__(base, name)
        put(base, name, "made")
        return obj


class Widget(metaclass=Registry):
    def __init__(self, base: str, name: str) -> None:
        self.name = name


def metaclass_call_writes_then_read(base: str) -> list[str]:
    first = value(base, "mc0")
    w = Widget(base, "mc1")
    return [first, w.name, value(base, "mc1")]


class Tracked:
    def __new__(cls, base: str, name: str) -> Tracked:
        put(base, name, "new")
        return super().__new__(cls)

    def __init__(self, base: str, name: str) -> None:
        self.name = name


def new_writes_then_read(base: str) -> list[str]:
    first = value(base, "nw0")
    t = Tracked(base, "nw1")
    return [first, t.name, value(base, "nw1")]


class Remote:
    """A descriptor that stores its attribute on the server."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type) -> str:
        return value(obj.base, self.name)

    def __set__(self, obj: Any, text: str) -> None:
        put(obj.base, self.name, text)


class Profile:
    nickname = Remote()

    def __init__(self, base: str) -> None:
        self.base = base


def descriptor_set_writes_then_read(base: str) -> list[str]:
    p = Profile(base)
    first = value(base, "ds0")
    p.nickname = "ace"
    return [first, value(base, "nickname")]


class AutoSave:
    """Saves every attribute set after construction."""

    def __init__(self, base: str) -> None:
        object.__setattr__(self, "base", base)

    def __setattr__(self, name: str, text: str) -> None:
        object.__setattr__(self, name, text)
        put(self.base, name, text)


def setattr_autosave_then_read(base: str) -> list[str]:
    doc = AutoSave(base)
    first = value(base, "as0")
    doc.title = "draft"
    return [first, value(base, "title")]


class Counter:
    """A remote counter: += sends the new total."""

    def __init__(self, base: str, key: str) -> None:
        self.base = base
        self.key = key
        self.n = 0

    def __iadd__(self, k: int) -> Counter:
        self.n += k
        put(self.base, self.key, str(self.n))
        return self


def augmented_assignment_writes_then_read(base: str) -> list[str]:
    c = Counter(base, "ia")
    first = value(base, "ia0")
    c += 2
    return [first, value(base, "ia")]


class Store:
    def __init__(self, base: str) -> None:
        self.base = base

    def __getitem__(self, key: str) -> str:
        return value(self.base, key)

    def __setitem__(self, key: str, text: str) -> None:
        put(self.base, key, text)


def augmented_subscript_then_read(base: str) -> list[str]:
    s = Store(base)
    s["au"] += "-more"
    return [value(base, "au")]


class Handle:
    pass


def weakref_finalize_writes_on_del(base: str) -> list[str]:
    h = Handle()
    weakref.finalize(h, put, base, "wf", "finalized")
    first = value(base, "wf0")
    del h
    return [first, value(base, "wf")]


class Receipt:
    """Printing a receipt records that it was shown."""

    def __init__(self, base: str) -> None:
        self.base = base

    def __str__(self) -> str:
        put(self.base, "shown", "yes")
        return "receipt"


def print_runs_a_str_that_writes(base: str) -> list[str]:
    r = Receipt(base)
    first = value(base, "pr0")
    print(r)
    return [first, value(base, "shown")]


class Flag:
    def __init__(self, base: str) -> None:
        self.base = base

    def __bool__(self) -> bool:
        put(self.base, "asked", "yes")
        return True


def if_runs_a_bool_that_writes(base: str) -> list[str]:
    f = Flag(base)
    first = value(base, "ib0")
    if f:
        print("on")
    return [first, value(base, "asked")]


# --------------------------------------------------------------------------- small programs


def _sync_config(env: Env) -> None:
    (env.tmp / "config.json").write_text(json.dumps({"keys": ["s1", "s2", "s3"],
                                                    "prefix": "sync"}))


def sync_job(folder: str, base: str) -> dict[str, Any]:
    log = corpus_logger("redteam11.sync")
    conf = json.loads(Path(folder, "config.json").read_text())
    remote = {k: value(base, k) for k in conf["keys"]}
    changed = []
    for k, v in remote.items():
        if v.startswith("v-"):
            put(base, k, f"{conf['prefix']}-{v}")
            changed.append(k)
            log.info("synced %s", k)
    with open(Path(folder, "sync.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["key", "value"])
        for k in changed:
            w.writerow([k, value(base, k)])
    summary = {"changed": len(changed), "after": [value(base, k) for k in conf["keys"]]}
    Path(folder, "summary.json").write_text(json.dumps(summary))
    return summary


class Report:
    def __init__(self, base: str) -> None:
        self.base = base
        self.rows: list[tuple[str, int]] = []
        self.log = corpus_logger("redteam11.report")

    def collect(self, keys: list[str]) -> None:
        for k in keys:
            self.rows.append((k, len(value(self.base, k))))

    @property
    def total(self) -> int:
        return sum(n for _, n in self.rows)

    def publish(self) -> int:
        self.log.info("publishing %d rows", len(self.rows))
        return put(self.base, "report", json.dumps(self.rows))


def report_object_program(base: str) -> list[Any]:
    r = Report(base)
    r.collect(["r1", "r22", "r333"])
    t = r.total
    version = r.publish()
    r.collect(["r4"])
    return [t, version, r.total, value(base, "report")]


def paginated_export(folder: str, base: str) -> list[Any]:
    page, pages = 1, []
    while True:
        data = requests.get(f"{base}/items/page{page}").json()
        pages.append(data["value"])
        if page >= 3:
            break
        page += 1
    out = Path(folder, "export.txt")
    with out.open("w") as f:
        for p in pages:
            print(p, file=f)
    put(base, "exported", str(len(pages)))
    return [out.read_text().splitlines(), value(base, "exported")]


def batch_with_retries(base: str) -> list[Any]:
    log = corpus_logger("redteam11.batch")
    results, failures = {}, []
    for k in ["b1", "missing-b2", "b3"]:
        for attempt in range(2):
            r = requests.get(f"{base}/items/{k}")
            if r.ok:
                results[k] = r.json()["value"]
                break
            log.warning("attempt %d for %s failed: %d", attempt + 1, k, r.status_code)
            time.sleep(0.02)
        else:
            failures.append(k)
    put(base, "batch", json.dumps({"ok": sorted(results), "failed": failures}))
    return [results, failures, value(base, "batch")]


def audit_logging_program(folder: str, base: str) -> list[Any]:
    log = corpus_logger("redteam11.audit")
    handler = logging.FileHandler(Path(folder, "audit.log"))
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    log.addHandler(handler)
    try:
        seen = []
        for k in ("ad1", "ad2"):
            v = value(base, k)
            log.info("read %s=%s", k, v)
            seen.append(v)
        put(base, "audit", ",".join(seen))
        log.warning("wrote audit")
        text = Path(folder, "audit.log").read_text()
    finally:
        log.removeHandler(handler)
        handler.close()
    return [seen, text, value(base, "audit")]


CASES = [
    Case("where", closing_writes_on_exit, args=web_args, servers="web"),
    Case("where", metaclass_call_writes_then_read, args=web_args, servers="web"),
    Case("where", new_writes_then_read, args=web_args, servers="web"),
    Case("where", descriptor_set_writes_then_read, args=web_args, servers="web"),
    Case("where", setattr_autosave_then_read, args=web_args, servers="web"),
    Case("where", augmented_assignment_writes_then_read, args=web_args, servers="web"),
    Case("where", augmented_subscript_then_read, args=web_args, servers="web"),
    Case("where", weakref_finalize_writes_on_del, args=web_args, servers="web"),
    Case("where", print_runs_a_str_that_writes, args=web_args, servers="web"),
    Case("where", if_runs_a_bool_that_writes, args=web_args, servers="web"),
    Case("files", sync_job, args=tmp_web_args, servers="web", setup=_sync_config),
    Case("helpers", report_object_program, args=web_args, servers="web"),
    Case("files", paginated_export, args=tmp_web_args, servers="web"),
    Case("validation", batch_with_retries, args=web_args, servers="web"),
    Case("files", audit_logging_program, args=tmp_web_args, servers="web"),
]
