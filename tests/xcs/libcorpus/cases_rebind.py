"""Rebinding between calls: a plan must follow the code and the callees as they are now.

The same jitted function is called twice (`Case.drive`), and between the calls a callee is
monkeypatched, a registry entry replaced, another object passed in, a rule registered, or
the function's source file edited on disk. After the change the callee raises by design on
its first item (or writes), so a stale plan that still starts both calls together sends a
request the plain code never sends.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import requests

from ember import xcs
from tests.xcs.libcorpus._case import Case, Env
from tests.xcs.libcorpus.cases_where import load_module

REBIND = "rebind"


class Refused(RuntimeError):
    """Raised by design by the callees swapped in between calls."""


def load_item(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def strict_store(base: str, key: str) -> str:
    if key.endswith("1"):
        raise Refused(f"{key} is read-only")
    return str(requests.put(f"{base}/items/{key}", data="new").json()["version"])


def _twice(change: Callable[[], Callable[[], None]]) -> Callable[[Callable[..., Any], Env], Any]:
    """A driver: call, apply `change` (which returns its undo), call again, undo."""
    def drive(f: Callable[..., Any], env: Env) -> list[Any]:
        out: list[Any] = [f(env.web)]
        undo = change()
        try:
            out.append(f(env.web))
        except Refused as exc:
            out.append(f"refused: {exc}")
        finally:
            undo()
        return out
    return drive


# -- a module-level callee rebound (a monkeypatch)

handler = load_item


def via_global(base: str) -> list[str]:
    a = handler(base, "g1")
    b = handler(base, "g2")
    return [a, b]


def _rebind_global() -> Callable[[], None]:
    global handler
    handler = strict_store

    def undo() -> None:
        global handler
        handler = load_item
    return undo


# -- a registry of callables changed

HANDLERS: dict[str, Callable[[str, str], str]] = {"item": load_item}


def via_registry(base: str) -> list[str]:
    a = HANDLERS["item"](base, "d1")
    b = HANDLERS["item"](base, "d2")
    return [a, b]


def _replace_entry() -> Callable[[], None]:
    HANDLERS["item"] = strict_store
    return lambda: HANDLERS.__setitem__("item", load_item)


# -- a library function monkeypatched

_real_get = requests.get


def guarded_get(url: str, **kwargs: Any) -> Any:
    if "/blocked" in url:
        raise Refused(f"blocked: {url.rsplit('/', 1)[-1]}")
    return _real_get(url, **kwargs)


def library_calls(base: str) -> list[str]:
    a = requests.get(f"{base}/items/blocked-1").json()["value"]
    b = requests.get(f"{base}/items/open-2").json()["value"]
    return [a, b]


def _patch_requests() -> Callable[[], None]:
    requests.get = guarded_get
    return lambda: setattr(requests, "get", _real_get)


# -- another object passed in

class Reader:
    def __init__(self, base: str) -> None:
        self.base = base

    def send(self, key: str) -> str:
        return requests.get(f"{self.base}/items/{key}").json()["value"]


class StrictWriter(Reader):
    def send(self, key: str) -> str:
        version = requests.put(f"{self.base}/items/{key}", data="w").json()["version"]
        if key.endswith("1"):
            raise Refused(f"wrote {key} (version {version}), then refused")
        return str(version)


def through_sink(sink: Reader) -> list[str]:
    a = sink.send("o1")
    b = sink.send("o2")
    return [a, b]


def _two_sinks(f: Callable[..., Any], env: Env) -> list[Any]:
    out: list[Any] = [f(Reader(env.web))]
    try:
        out.append(f(StrictWriter(env.web)))
    except Refused as exc:
        out.append(f"refused: {exc}")
    return out


# -- a rule registered between calls (the callee has no source: unknown until declared)

def make_remote(env: Env) -> Callable[[str], str]:
    namespace: dict[str, Any] = {"requests": requests, "base": env.web, "__name__": "corpus_remote"}
    exec(compile(textwrap.dedent('''
        def remote(key):
            return requests.get(f"{base}/items/{key}").json()["value"]
    '''), "<corpus-remote>", "exec"), namespace)
    return namespace["remote"]


def call_remote_twice(remote: Callable[[str], str]) -> list[str]:
    a = remote("rr1")
    b = remote("rr2")
    return [a, b]


def _register_between(f: Callable[..., Any], env: Env) -> list[Any]:
    remote = make_remote(env)
    first = f(remote)
    xcs.register(remote, "read", resource="net")
    return [first, f(remote)]


# -- the source file edited after import

EDITABLE_V1 = '''
import json
import urllib.request


def edited(base):
    a = urllib.request.urlopen(f"{base}/items/loaded-1")
    b = urllib.request.urlopen(f"{base}/items/loaded-2")
    return "as loaded", json.load(a)["value"], json.load(b)["value"]
'''
EDITABLE_V2 = EDITABLE_V1.replace("loaded-", "edited-").replace("as loaded", "as edited")


def make_edited_after_import(env: Env) -> Callable[..., Any]:
    module = load_module(env, "corpus_editable", EDITABLE_V1)
    (env.tmp / "corpus_editable.py").write_text(EDITABLE_V2)
    return module.edited


# Ideal: the first call's two reads overlap; after the change the plain code stops at the
# first call (or, for a rule, the second call's reads overlap too).
CASES = [
    Case(REBIND, via_global, drive=_twice(_rebind_global), servers="web", ideal=2.0,
         overlap=2, name="callee_rebound_between_calls"),
    Case(REBIND, via_registry, drive=_twice(_replace_entry), servers="web", ideal=2.0,
         overlap=2, name="registry_entry_replaced"),
    Case(REBIND, library_calls, drive=_twice(_patch_requests), servers="web", ideal=2.0,
         overlap=2, name="library_monkeypatched"),
    Case(REBIND, through_sink, drive=_two_sinks, servers="web", ideal=1.5, overlap=2,
         name="other_object_passed_in"),
    # unknown (a barrier) on the first call; declared a read, the second call's GETs overlap
    Case(REBIND, call_remote_twice, drive=_register_between, servers="web", ideal=4 / 3,
         overlap=2, name="rule_registered_between_calls"),
    # Edited after the import: the loaded code's source exists nowhere any more (the file
    # holds other code), and analysing the file would run the edited code (failure class
    # 7). The contract runs it as written, with a warning: no sound plan overlaps, ideal 1.0.
    Case(REBIND, make=make_edited_after_import, args=lambda env: (env.web,), servers="web",
         warns=True, failure=7),
]
