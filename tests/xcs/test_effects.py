"""The effect registry: rules keyed on callee objects and their arguments, never on names."""

from __future__ import annotations

import http.client
import socket
import sqlite3
import sys
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import anthropic
import httpx
import openai
import pytest
import requests

from ember import xcs
from ember.api import models
from ember.errors import JITWarning, XCSError
from ember.xcs import Kind
from ember.xcs.lowlevel import effect_of


def effect(obj: object) -> str:
    return effect_of(obj).effect


def test_sdk_resources_by_object_not_by_module_name() -> None:
    oa = openai.OpenAI(api_key="k", base_url="http://127.0.0.1:9", max_retries=0)
    an = anthropic.Anthropic(api_key="k", base_url="http://127.0.0.1:9", max_retries=0)
    assert effect(oa.chat.completions.create) == "model call"
    assert effect(oa.embeddings.create) == "model call"
    assert effect(oa.files.create) == "write(net)"
    assert effect(oa.files.list) == "read(local)"  # its client's server: 127.0.0.1
    assert effect(oa.files.delete) == "write(net)"
    assert effect(an.messages.create) == "model call"
    assert effect(an.messages.batches.create) == "write(net)"
    assert effect(an.messages.count_tokens) == "read(local)"
    assert effect_of(oa.with_options).kind is Kind.UNKNOWN  # no rule: not guessed


def test_http_clients_read_or_write_by_method_and_arguments() -> None:
    from ember.xcs._effects import rule_for_call

    assert effect(requests.get) == "read(net)"
    assert effect(requests.post) == "write(net)"
    assert effect(requests.Session().get) == "read(net)"
    assert effect(httpx.Client().delete) == "write(net)"
    assert rule_for_call(requests.request, ("GET", "http://x/u")).effect == "read(net)"
    assert rule_for_call(requests.request, ("PATCH", "u")).effect == "write(net)"
    urlopen = urllib.request.urlopen
    assert rule_for_call(urlopen, ("http://x/",)).effect == "read(net)"
    assert rule_for_call(urlopen, ("http://x/",), {"data": b"1"}).effect == "write(net)"
    post = urllib.request.Request("http://x/", method="DELETE")
    assert rule_for_call(urlopen, (post,)).effect == "write(net)"
    opener = urllib.request.build_opener()  # its open() is urlopen, bound or not
    assert rule_for_call(opener.open, ("http://x/",)).effect == "read(net)"
    assert rule_for_call(opener.open, ("http://x/", b"1")).effect == "write(net)"
    assert rule_for_call(urllib.request.OpenerDirector.open, (opener, post)).effect == (
        "write(net)")


def test_one_conversation_objects_stay_in_place() -> None:
    conn = sqlite3.connect(":memory:")
    sock = socket.socket()
    try:
        for method in (conn.execute, conn.cursor().fetchall, sock.send,
                       http.client.HTTPConnection("127.0.0.1", 9).getresponse):
            assert effect_of(method).kind is Kind.WRITE, method
        with open(__file__) as f:
            assert effect_of(f.readline).kind is Kind.WRITE
    finally:
        conn.close()
        sock.close()


def test_a_read_that_waits_for_another_process_is_a_barrier() -> None:
    """A socket's ``recv`` and a pipe's ``readline`` return when the other end sends, after
    what it did before: unknown, as a queue's ``get`` (`_pipes`). A file on disk's is not."""
    import os

    a, b = socket.socketpair()
    r, w = os.pipe()
    try:
        with open(r) as pipe, open(__file__) as f:
            for method in (a.recv, a.recv_into, pipe.readline, pipe.read):
                rule = effect_of(method)
                assert rule.kind is Kind.UNKNOWN and "fed by another" in rule.reason, method
            assert effect_of(f.readline).kind is Kind.WRITE
    finally:
        a.close()
        b.close()
        os.close(w)


def test_synchronisation_and_caches_have_no_rule() -> None:
    import functools
    import itertools
    import queue

    cached = functools.lru_cache(maxsize=None)(lambda x: x)
    for obj in (threading.Thread(target=print).join, queue.Queue().get,
                threading.Event().wait, cached, itertools.count().__next__):
        assert effect_of(obj).kind is Kind.UNKNOWN, obj


def test_ordered_output_and_sleep() -> None:
    import logging

    assert effect(print) == "ordered output"
    log = logging.getLogger("x")  # (pytest hangs its capture handlers on the root logger)
    log.handlers[:], log.propagate = [logging.StreamHandler(sys.stderr)], False
    try:
        assert effect(log.info) == "ordered output"
    finally:
        log.handlers[:], log.propagate = [], True
    # pytest's own capture handlers, on the root logger here, are library code
    assert effect(logging.getLogger("x").info) == "ordered output"

    class Mine(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            pass

    log.addHandler(Mine())
    try:
        assert effect(log.info) == "unknown"  # a handler of the user's
    finally:
        log.handlers[:] = []
    assert effect_of(time.sleep).sleeps
    assert effect(models.instance("sim/x")) == "model call"


def test_register_takes_objects_and_checks_its_arguments() -> None:
    with pytest.raises(XCSError, match="keyed on the callable object"):
        xcs.register("mydriver.Client.query", "read")
    with pytest.raises(XCSError, match="not callable"):
        xcs.register(3, "read")  # type: ignore[arg-type]
    with pytest.raises(XCSError, match="unknown kind"):
        xcs.register(len, "fast")
    with pytest.raises(XCSError, match="runner='process'"):
        xcs.register(len, "read", runner="process")


class Store:
    def lookup(self, key: str) -> str:
        time.sleep(0.05)
        return key.upper()


def lookups(store: Store) -> list[str]:
    a = store.lookup("a")
    b = store.lookup("b")
    return [a, b]


def test_a_rule_registered_later_replans_functions_already_planned() -> None:
    started: list[str] = []

    class Tracked(Store):
        def lookup(self, key: str) -> str:
            started.append(key)
            time.sleep(0.05)
            started.append(key.upper())
            return key.upper()

    jitted = xcs.jit(lookups)
    assert jitted(Tracked()) == ["A", "B"]
    # started.append mutates a list the method reaches: no rule says it is safe, so no overlap
    assert started == ["a", "A", "b", "B"] and xcs.explain(jitted).strategy == "direct"
    started.clear()
    xcs.register(Tracked.lookup, "read", resource="db")
    assert jitted(Tracked()) == ["A", "B"]
    assert sorted(started[:2]) == ["a", "b"]  # both started before either ended: they overlap
    assert xcs.explain(jitted).strategy == "parallel"


@xcs.effect("read", resource="db")
def declared(key: str) -> str:
    time.sleep(0.05)
    return key


def test_the_effect_decorator_declares_a_users_function() -> None:
    assert effect(declared) == "read(db)"
    assert effect_of(declared).reason == "declared @effect('read')"


def fetch_one(x: int) -> int:
    time.sleep(0.05)
    return x


def fetch_other(x: int) -> int:
    time.sleep(0.05)
    return -x


SEEN: list[str] = []


def write_one(x: int) -> int:
    SEEN.append(f"write {x}")
    Path(SEEN_FILE).write_text(str(x))
    return x


SEEN_FILE = str(Path(__file__).with_name("_effects_seen.tmp"))
CALLEE = fetch_one


def two_calls(x: int) -> list[int]:
    a = CALLEE(x)
    b = CALLEE(x + 1)
    return [a, b]


def test_a_rebound_callee_replans_instead_of_running_a_stale_plan(tmp_path: Path) -> None:
    global CALLEE
    jitted = xcs.jit(two_calls)
    assert jitted(1) == [1, 2] and xcs.explain(jitted).strategy == "parallel"
    CALLEE = write_one  # now a write: must run in order, one after the other
    try:
        assert jitted(1) == two_calls(1) == [1, 2]
        assert xcs.explain(jitted).strategy == "direct"
        assert any("planned again" in n for n in xcs.explain(jitted).notes)
    finally:
        CALLEE = fetch_one
        Path(SEEN_FILE).unlink(missing_ok=True)


def test_parallel_of_a_list_means_the_same_plain_and_jitted() -> None:
    def gather(x: int) -> list[int]:
        return xcs.parallel([fetch_one(x), fetch_other(x), fetch_one(x + 1)])

    assert gather(2) == [2, -2, 3]
    jitted = xcs.jit(gather)
    assert jitted(2) == [2, -2, 3]
    stats = xcs.get_jit_stats(jitted)
    assert stats["last_started_calls"] == 3 and stats["strategy"] == "parallel"


def test_a_function_without_source_warns_once_with_the_fix() -> None:
    namespace: dict[str, object] = {"fetch_one": fetch_one}
    exec("def nosrc(x):\n    return [fetch_one(x), fetch_one(x)]\n", namespace)
    jitted = xcs.jit(namespace["nosrc"])  # type: ignore[arg-type]
    with pytest.warns(JITWarning, match="Define it in a file") as caught:
        assert jitted(3) == [3, 3]
    assert len(caught) == 1
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert jitted(4) == [4, 4]  # said once


def _load_then_edit(tmp_path: Path, name: str, before: str, after: str) -> Any:
    """A module's function, loaded from `before`, whose file then says `after`."""
    import importlib.util
    import linecache

    path = tmp_path / f"{name}.py"
    path.write_text(before)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    path.write_text(after)
    linecache.checkcache(str(path))
    return module.f


def test_source_edited_after_import_runs_as_written(tmp_path: Path) -> None:
    two_reads = ("import time\n\ndef get(x):\n    time.sleep(0.01)\n    return x\n\n"
                 "def f(x):\n    a = get(x)\n    b = get(0)\n    return a + b + {}\n")
    same = xcs.jit(_load_then_edit(tmp_path, "kept_mod", two_reads.format(1), two_reads.format(1)))
    assert same(1) == 2 and xcs.explain(same).strategy == "parallel"  # (a rewrite, unedited)
    f = _load_then_edit(tmp_path, "edited_mod", two_reads.format(1), two_reads.format(2))
    jitted = xcs.jit(f)
    with pytest.warns(JITWarning, match="no longer matches"):
        assert jitted(1) == 2  # the loaded code, not the edited file
    assert xcs.explain(jitted).strategy == "direct"


def test_a_function_run_as_written_is_checked_against_its_file_when_explained(
        tmp_path: Path) -> None:
    # One read: it runs as written, so the first call spares the check of its source;
    # what explain() shows is still checked to come from the loaded code.
    one_read = "import time\n\ndef f(x):\n    time.sleep(0.01)\n    return x + {}\n"
    f = _load_then_edit(tmp_path, "edited_once_mod", one_read.format(1), one_read.format(2))
    jitted = xcs.jit(f)
    assert jitted(1) == 2
    with pytest.warns(JITWarning, match="no longer matches"):
        assert "no longer matches" in xcs.explain(jitted).plan.reason
    assert jitted(1) == 2


def test_summaries_are_thread_safe() -> None:
    results: list[object] = []

    def work() -> None:
        xcs.lowlevel.reset()
        results.append(effect(fetch_one))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["read(time)"] * 8


CLIENT_GET = fetch_one


def through_a_global(x: int) -> int:
    return CLIENT_GET(x)


def test_a_helpers_summary_is_made_again_when_what_it_calls_is_rebound() -> None:
    global CLIENT_GET
    assert effect(through_a_global) == "read(time)"
    CLIENT_GET = write_one
    try:
        assert effect_of(through_a_global).kind is Kind.WRITE  # not the stale "read"
    finally:
        CLIENT_GET = fetch_one
        Path(SEEN_FILE).unlink(missing_ok=True)


def test_a_method_whose_strings_hold_blank_and_outdented_lines_is_its_loaded_code(
        tmp_path: Path) -> None:
    import importlib.util
    import warnings

    body = ('import time\n\nclass Api:\n    def both(self, x):\n'
            '        """Docs.\n        \n        A whitespace-only line above."""\n'
            '        note = """\n  outdented\n        """\n'
            '        time.sleep(0.001)\n        a = self.get(x)\n        b = self.get(x + 1)\n'
            '        return a, b, note\n\n'
            '    def get(self, x):\n        time.sleep(0.02)\n        return x\n')
    path = tmp_path / "strings_mod.py"
    path.write_text(body)
    spec = importlib.util.spec_from_file_location("strings_mod", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    jitted = xcs.jit(module.Api.both)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "no longer matches" warning
        assert jitted(module.Api(), 1)[:2] == (1, 2)
    assert xcs.explain(jitted).strategy == "parallel"


def test_a_module_loaded_twice_gets_a_summary_per_copy(tmp_path: Path) -> None:
    # The two copies' code objects are equal (code compares by content), but `send` is a
    # read in one and a write in the other: neither copy may be given the other's summary.
    import importlib.util

    path = tmp_path / "twice_mod.py"
    path.write_text("import time\n\ndef send(x):\n    time.sleep(0.001)\n    return x\n\n"
                    "def helper(x):\n    return send(x)\n")

    def load(name: str) -> Any:
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        spec.loader.exec_module(module)  # type: ignore[union-attr]
        return module

    reads, writes = load("twice_mod_a"), load("twice_mod_b")
    writes.send = write_one
    assert reads.helper.__code__ == writes.helper.__code__
    assert effect_of(reads.helper).kind is Kind.READ
    assert effect_of(writes.helper).kind is Kind.WRITE
    assert effect_of(reads.helper).kind is Kind.READ


def test_re_sub_with_a_function_runs_it() -> None:
    import re

    from ember.xcs._effects import ANY, rule_for_call

    pattern = re.compile("-")
    assert rule_for_call(re.sub, ("-", "+", "a-b")).kind is Kind.PURE
    assert rule_for_call(re.sub, ("-", print, "a-b")).kind is Kind.UNKNOWN
    assert rule_for_call(re.subn, ("-",), {"repl": str.upper}).kind is Kind.UNKNOWN
    assert rule_for_call(pattern.sub, (print, "a-b")).kind is Kind.UNKNOWN
    assert rule_for_call(pattern.sub, ("+", "a-b")).kind is Kind.PURE
    assert rule_for_call(re.sub, ("-", ANY, "a-b")) is None  # decided with the arguments


def test_builtins_that_reach_any_name_are_barriers() -> None:
    from ember.xcs._effects import rule_for_call

    for fn in (globals, vars, locals, exec, eval):
        assert rule_for_call(fn, ()).kind is Kind.UNKNOWN
