# ruff: noqa: UP031, B023, B008, B905 - the shapes under test
"""Red-team cases (stop 169): the fourth batch's loud-argument check, printing sub-helpers
known only with their arguments, and thread starts handed to libraries.

(1) A call started early is kept in place when an argument holds an object of the user's
whose formatting or comparing prints (`_formatting.quiet`/`formats_loudly`: ``__format__``,
``__str__``, ``__repr__``, ``__len__``, ``__eq__``, ``__hash__``, ``__bool__``, properties,
in containers up to 256 items, three levels down). Here the loud code is reached another
way: ``__ne__``, ``__lt__`` under ``sorted``, ``__getattr__``/``__getattribute__``
proxies, ``__iter__``/``__contains__``/``__getitem__``, ``__index__``/``__int__``/
``__float__``, ``__enter__``/``__exit__``, ``__radd__``, ``__bytes__``, ``__fspath__``,
a ``cached_property`` or a descriptor, ``__del__`` and ``weakref.finalize`` when the helper
drops a temporary, loud objects in closures, defaults, partials, a function's or a class's
attributes, a module's ``__getattr__``, past 256 items, five levels down, in cycles, made
loud by the helper itself, or in the helper's globals changed between calls.
(2) Printing helpers whose sub-helper's output its arguments decide: prints for some
arguments only, through a local alias or a partial of print, into a file or a StringIO
handed in, recursively, from a generator, raising after printing, an async generator.
(3) Thread starts handed to libraries by routes `_hands_a_thread_start` may miss: a local
alias in a defaultdict's factory, a registry of the user's, a list of done callbacks, a
class made in the function (``__call__``, ``__del__``), ``weakref.ref`` callbacks,
``ExitStack.callback`` with star arguments, ``functools.reduce`` over bound methods.
Each thread PUTs a key 60 ms after it starts, and a later GET reads that key after a
150 ms GET: a GET started early reads the old value.
Sibling calls get unequal latencies, slow first.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import io
import os
import sys
import threading
import time
import types
import weakref
from collections import defaultdict
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam169")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


KMS = (("a", 150), ("b", 40), ("c", 90))
O3 = over(150, 40, 90)


def url(web: str, key: str, ms: int) -> str:
    return f"{web}/items/{key}?ms={ms}"


def get(web: str, key: str, ms: int) -> str:
    return requests.get(url(web, key, ms), timeout=5).json()["value"]


# =========================================================================== (1) objects


class Loud:
    def __init__(self, k: str) -> None:
        self.k = k

    def __str__(self) -> str:
        print(f"(str {self.k})")
        return self.k

    __repr__ = __str__


class Quiet:
    def __init__(self, k: str) -> None:
        self.k = k

    def __repr__(self) -> str:
        return f"Quiet({self.k})"


class NotEqual:
    def __init__(self, k: str) -> None:
        self.k = k

    def __ne__(self, other: object) -> bool:
        print(f"(ne {self.k})")
        return self.k != other


class Ordered:
    def __init__(self, k: str) -> None:
        self.k = k

    def __lt__(self, other: Ordered) -> bool:
        print(f"(lt {self.k} {other.k})")
        return self.k < other.k


class Proxy:
    """Forwards attributes, printing each one looked up."""

    def __init__(self, k: str) -> None:
        self._k = k

    def __getattr__(self, name: str) -> str:
        print(f"(getattr {self._k}.{name})")
        return self._k.upper()


class Watched:
    def __init__(self, k: str) -> None:
        self.k = k

    def __getattribute__(self, name: str) -> Any:
        if name == "label":
            print(f"(attr {object.__getattribute__(self, 'k')})")
            return object.__getattribute__(self, "k")
        return object.__getattribute__(self, name)


class Walked:
    def __init__(self, k: str) -> None:
        self.k = k

    def __iter__(self) -> Any:
        print(f"(iter {self.k})")
        return iter(self.k)


class Holder:
    def __init__(self, k: str) -> None:
        self.k = k

    def __contains__(self, x: object) -> bool:
        print(f"(contains {self.k})")
        return x == self.k


class Indexed:
    def __init__(self, k: str) -> None:
        self.k = k

    def __getitem__(self, i: int) -> str:
        print(f"(getitem {self.k}[{i}])")
        return self.k


class Width:
    def __init__(self, n: int) -> None:
        self.n = n

    def __index__(self) -> int:
        print(f"(index {self.n})")
        return self.n


class Number:
    def __init__(self, n: int) -> None:
        self.n = n

    def __int__(self) -> int:
        print(f"(int {self.n})")
        return self.n



class Guard:
    def __init__(self, k: str) -> None:
        self.k = k

    def __enter__(self) -> Guard:
        print(f"(enter {self.k})")
        return self

    def __exit__(self, *exc: Any) -> None:
        print(f"(exit {self.k})")


class Suffix:
    def __init__(self, k: str) -> None:
        self.k = k

    def __radd__(self, other: str) -> str:
        print(f"(radd {self.k})")
        return other + "+" + self.k


class Blob:
    def __init__(self, k: str) -> None:
        self.k = k

    def __bytes__(self) -> bytes:
        print(f"(bytes {self.k})")
        return self.k.encode()


class Where:
    def __init__(self, k: str) -> None:
        self.k = k

    def __fspath__(self) -> str:
        print(f"(fspath {self.k})")
        return f"/tmp/{self.k}"


class Cached:
    def __init__(self, k: str) -> None:
        self.k = k

    @functools.cached_property
    def label(self) -> str:
        print(f"(cached {self.k})")
        return self.k.upper()


class LoudField:
    def __get__(self, obj: Any, owner: Any = None) -> str:
        if obj is None:
            return "field"
        print(f"(field {obj.k})")
        return obj.k.upper()


class Described:
    label = LoudField()

    def __init__(self, k: str) -> None:
        self.k = k


class Temp:
    """Prints when it is collected."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __del__(self) -> None:
        print(f"(del {self.k})")


class Finalized:
    def __init__(self, k: str) -> None:
        self.k = k
        weakref.finalize(self, print, f"(finalized {k})")


class Box:
    def __init__(self, item: Any) -> None:
        self.item = item

    def __repr__(self) -> str:
        return f"Box({self.item!r})"


class Node:
    def __init__(self, k: str) -> None:
        self.k = k
        self.next: Node | None = None
        self.tag: Any = None

    def __repr__(self) -> str:
        return f"Node({self.k})"


def _mod_getattr(name: str) -> str:
    print(f"(module getattr {name})")
    return name.upper()


LOUDMOD = types.ModuleType("r169_loudmod")
LOUDMOD.__getattr__ = _mod_getattr  # type: ignore[attr-defined]


# =========================================================================== (1) helpers


def fetch_show(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", obj)
    return value


def fetch_ne(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value if obj[0] != "zz" else "?"


def fetch_sorted(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + ",".join(o.k for o in sorted(obj))


def fetch_attr(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + obj.label


def fetch_walk(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    parts = []
    for ch in obj:
        parts.append(ch)
    return value + ":" + "".join(parts)


def fetch_in(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value if key in obj else value.upper()


def fetch_item(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + obj[0]


def fetch_cut(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value[:obj]


def fetch_percent(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return "%s#%d" % (value, obj)


def fetch_with(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    with obj:
        return value.upper()


def fetch_add(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + obj


def fetch_bytes(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + bytes(obj).decode()


def fetch_fspath(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + os.path.basename(obj)


def fetch_drop(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value


def fetch_call(web: str, fn: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", fn())
    return value


def fetch_tag(web: str, fn: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", fn.tag)
    return value


def fetch_mod(web: str, mod: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    return value + ":" + getattr(mod, f"flavour_{key}")


def fetch_arm(web: str, box: Box, key: str, ms: int) -> str:
    value = get(web, key, ms)
    box.item = Loud(value)
    print("got", box)
    return value


def fetch_first(web: str, obj: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", obj[-1])
    return value


REG169: dict[str, Any] = {k: Quiet(k) for k, _ in KMS}


def fetch_registered(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("got", REG169[key])
    return value


# =========================================================================== (1) cases


def r169_ne_in_list(web: str) -> list[str]:
    return [fetch_ne(web, [NotEqual(k)], k, ms) for k, ms in KMS]


def r169_lt_under_sorted(web: str) -> list[str]:
    return [fetch_sorted(web, [Ordered(k + "2"), Ordered(k + "1")], k, ms) for k, ms in KMS]


def r169_getattr_proxy(web: str) -> list[str]:
    return [fetch_attr(web, Proxy(k), k, ms) for k, ms in KMS]


def r169_getattribute_proxy(web: str) -> list[str]:
    return [fetch_attr(web, Watched(k), k, ms) for k, ms in KMS]


def r169_iter_walked(web: str) -> list[str]:
    return [fetch_walk(web, Walked(k), k, ms) for k, ms in KMS]


def r169_contains_checked(web: str) -> list[str]:
    return [fetch_in(web, Holder(k), k, ms) for k, ms in KMS]


def r169_getitem_indexed(web: str) -> list[str]:
    return [fetch_item(web, Indexed(k), k, ms) for k, ms in KMS]


def r169_index_slices(web: str) -> list[str]:
    return [fetch_cut(web, Width(i + 2), k, ms) for i, (k, ms) in enumerate(KMS)]


def r169_int_percent_d(web: str) -> list[str]:
    return [fetch_percent(web, Number(i), k, ms) for i, (k, ms) in enumerate(KMS)]


def r169_enter_exit(web: str) -> list[str]:
    return [fetch_with(web, Guard(k), k, ms) for k, ms in KMS]


def r169_radd_suffix(web: str) -> list[str]:
    return [fetch_add(web, Suffix(k), k, ms) for k, ms in KMS]


def r169_bytes_blob(web: str) -> list[str]:
    return [fetch_bytes(web, Blob(k), k, ms) for k, ms in KMS]


def r169_fspath_where(web: str) -> list[str]:
    return [fetch_fspath(web, Where(k), k, ms) for k, ms in KMS]


def r169_cached_property(web: str) -> list[str]:
    return [fetch_attr(web, Cached(k), k, ms) for k, ms in KMS]


def r169_descriptor_field(web: str) -> list[str]:
    return [fetch_attr(web, Described(k), k, ms) for k, ms in KMS]


def r169_del_temp(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_drop(web, Temp(k), k, ms))
        print("after", k)
    return out


def r169_finalize_temp(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        out.append(fetch_drop(web, Finalized(k), k, ms))
        print("after", k)
    return out


def r169_lambda_closure_loud(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        loud = Loud(k)
        out.append(fetch_call(web, lambda: loud, k, ms))
    return out


def r169_default_arg_loud(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        def made(obj: Any = Loud(k)) -> Any:
            return obj
        out.append(fetch_call(web, made, k, ms))
    return out


def r169_partial_of_loud(web: str) -> list[str]:
    return [fetch_call(web, functools.partial(str, Loud(k)), k, ms) for k, ms in KMS]


def r169_bound_method_of_loud(web: str) -> list[str]:
    return [fetch_call(web, Loud(k).__str__, k, ms) for k, ms in KMS]


def _tagged(k: str) -> Any:
    def fn() -> str:
        return k
    fn.tag = Loud(k)  # type: ignore[attr-defined]
    return fn


def r169_function_attribute_loud(web: str) -> list[str]:
    return [fetch_tag(web, _tagged(k), k, ms) for k, ms in KMS]


def r169_class_attribute_loud(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        cfg = type(f"Cfg_{k}", (), {"tag": Loud(k)})
        out.append(fetch_tag(web, cfg, k, ms))
    return out


def r169_module_getattr(web: str) -> list[str]:
    return [fetch_mod(web, LOUDMOD, k, ms) for k, ms in KMS]


def r169_past_256_items(web: str) -> list[str]:
    return [fetch_first(web, [*(f"x{i}" for i in range(300)), Loud(k)], k, ms)
            for k, ms in KMS]


def r169_five_levels_deep(web: str) -> list[str]:
    return [fetch_show(web, [[[[[Loud(k)]]]]], k, ms) for k, ms in KMS]


def r169_cycle_list(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        cyc: list[Any] = [Loud(k)]
        cyc.append(cyc)
        out.append(fetch_show(web, cyc, k, ms))
    return out


def r169_node_chain_tag(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        nodes = [Node(f"{k}{i}") for i in range(5)]
        for a, b in zip(nodes, nodes[1:]):
            a.next = b
        nodes[4].tag = Loud(k)
        out.append(fetch_chain_tag(web, nodes[0], k, ms))
    return out


def fetch_chain_tag(web: str, head: Node, key: str, ms: int) -> str:
    value = get(web, key, ms)
    print("tag", head.next.next.next.next.tag)  # type: ignore[union-attr]
    return value


def r169_armed_by_helper(web: str) -> list[str]:
    return [fetch_arm(web, Box(Quiet(k)), k, ms) for k, ms in KMS]


def r169_mutated_after_start(web: str) -> list[str]:
    box = Box(Quiet("a"))
    a = fetch_show(web, box, "a", 150)
    box.item = Loud("b")
    b = fetch_show(web, box, "b", 40)
    return [a, b]


def r169_registry_changed_between_calls(web: str) -> list[str]:
    return [fetch_registered(web, k, ms) for k, ms in KMS]


def _registry_drive(fn: Any, env: Env) -> Any:
    try:
        first = fn(env.web)
        REG169.update({k: Loud(k) for k, _ in KMS})
        second = fn(env.web)
        return [first, second]
    finally:
        REG169.update({k: Quiet(k) for k, _ in KMS})


def r169_quiet_deep_overlaps(web: str) -> list[str]:
    return [fetch_show(web, {"k": [Box(Quiet(k)), (k, ms)]}, k, ms) for k, ms in KMS]


def r169_big_plain_list_overlaps(web: str) -> list[str]:
    return [fetch_first(web, [f"{k}{i}" for i in range(400)], k, ms) for k, ms in KMS]


# =========================================================================== (2) sub-helpers


def note_if(key: str, value: str, loud: bool) -> None:
    if loud:
        print(f"note {key}={value}")


def fetch_note_if(web: str, key: str, ms: int, loud: bool) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    note_if(key, value, loud)
    return value


def say_alias(msg: str) -> None:
    p = print
    p("alias", msg)


def fetch_alias(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    say_alias(f"{key}={value}")
    return value


def say_picked(msg: str, loud: bool) -> None:
    out = print if loud else (lambda *a: None)
    out("picked", msg)


def fetch_picked(web: str, key: str, ms: int) -> str:
    print(f"GET {key}")
    value = get(web, key, ms)
    say_picked(f"{key}={value}", key != "b")
    return value


def write_to(f: Any, msg: str) -> None:
    f.write(msg + "\n")


def fetch_into(web: str, f: Any, key: str, ms: int) -> str:
    value = get(web, key, ms)
    write_to(f, f"{key}={value}")
    return value


def show_tree(t: Any, depth: int = 0) -> None:
    if isinstance(t, dict):
        for k, v in t.items():
            print("  " * depth + k)
            show_tree(v, depth + 1)
    else:
        print("  " * depth + str(t))


def fetch_tree(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    show_tree({key: {"value": value, "len": {"n": len(value)}}})
    return value


def lines_of(key: str, value: str) -> Any:
    print(f"(render {key})")
    yield f"{key}:"
    yield f"  {value}"


def fetch_gen(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    for line in lines_of(key, value):
        print(line)
    return value


def check_value(key: str, value: str) -> None:
    print(f"check {key}")
    if key == "b":
        raise ValueError(f"bad {key}")


def fetch_checked(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    check_value(key, value)
    return value


def say_with(say: Any, msg: str) -> None:
    say(msg)


def fetch_say(web: str, key: str, ms: int, say: Any) -> str:
    value = get(web, key, ms)
    say_with(say, f"{key}={value}")
    return value


def half_line(part: str) -> None:
    print(part, end="")


def fetch_half(web: str, key: str, ms: int) -> str:
    value = get(web, key, ms)
    half_line(f"{key}={value}")
    return value


def r169_sub_note_if(web: str) -> list[str]:
    return [fetch_note_if(web, k, ms, ms > 100) for k, ms in KMS]


def r169_sub_print_alias(web: str) -> list[str]:
    print("start")
    out = [fetch_alias(web, k, ms) for k, ms in KMS]
    print("end")
    return out


def r169_sub_print_picked(web: str) -> list[str]:
    return [fetch_picked(web, k, ms) for k, ms in KMS]


def r169_sub_file_handed(web: str, tmp: str) -> list[str]:
    p = Path(tmp) / "out.txt"
    with open(p, "w") as f:
        out = [fetch_into(web, f, k, ms) for k, ms in KMS]
    out.append(p.read_text())
    return out


def r169_sub_stringio_handed(web: str) -> list[str]:
    buf = io.StringIO()
    out = []
    for k, ms in KMS:
        out.append(fetch_into(web, buf, k, ms))
        buf.write("--\n")
    out.append(buf.getvalue())
    return out


def r169_sub_stdout_kept(web: str) -> list[str]:
    out_stream = sys.stdout
    out = []
    for k, ms in KMS:
        print("GET", k)
        out.append(fetch_into(web, out_stream, k, ms))
    return out


def r169_sub_recursive_tree(web: str) -> list[str]:
    print("start")
    return [fetch_tree(web, k, ms) for k, ms in KMS]


def r169_sub_generator_prints(web: str) -> list[str]:
    print("start")
    return [fetch_gen(web, k, ms) for k, ms in KMS]


def r169_sub_raises_after_print(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        try:
            out.append(fetch_checked(web, k, ms))
        except ValueError as e:
            print("caught", e)
            out.append("!")
    return out


def r169_sub_partial_print(web: str) -> list[str]:
    say = functools.partial(print, "say:", end="!\n")
    return [fetch_say(web, k, ms, say) for k, ms in KMS]


def r169_sub_logger_method(web: str) -> list[str]:
    return [fetch_say(web, k, ms, LOG.warning) for k, ms in KMS]


def r169_sub_half_lines(web: str) -> list[str]:
    out = []
    for k, ms in KMS:
        print("[", end="")
        out.append(fetch_half(web, k, ms))
        print("]")
    return out


async def _alines(key: str, value: str) -> Any:
    print(f"(arender {key})")
    yield f"{key}={value}"
    await asyncio.sleep(0)
    yield "."


async def _afetch_lines(http: httpx.AsyncClient, key: str, ms: int) -> str:
    r = await http.get(f"/items/{key}?ms={ms}")
    value = r.json()["value"]
    async for line in _alines(key, value):
        print(line)
    return value


async def r169_async_gen_sub(http: httpx.AsyncClient) -> list[str]:
    print("start")
    return list(await asyncio.gather(*(_afetch_lines(http, k, ms) for k, ms in KMS)))


async def r169_async_gen_sub_sequential(http: httpx.AsyncClient) -> list[str]:
    a = await _afetch_lines(http, "a", 150)
    b = await _afetch_lines(http, "b", 40)
    c = await _afetch_lines(http, "c", 90)
    return [a, b, c]


def _ahttp(f: Any, env: Env) -> Any:
    async def main() -> Any:
        async with httpx.AsyncClient(base_url=env.web, timeout=5) as http:
            return await f(http)
    return asyncio.run(main())


def ask_note(client: Any, q: str, lat: float, loud: bool) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}],
                                       extra_body={"latency": lat})
    text = r.choices[0].message.content
    note_if(q, str(len(text.split())), loud)
    return text


def r169_sdk_note_if(client: Any) -> list[str]:
    print("start")
    return [ask_note(client, q, lat, lat > 0.1) for q, lat in
            (("tides", 0.15), ("volcanoes", 0.04), ("comets", 0.09))]


# =========================================================================== (3) threads


_STARTED: list[threading.Thread] = []


def _late_put(web: str, key: str) -> None:
    time.sleep(0.06)
    requests.put(f"{web}/items/{key}", data="new", timeout=5)


def spawn(web: str, key: str) -> None:
    t = threading.Thread(target=_late_put, args=(web, key))
    t.start()
    _STARTED.append(t)


def join_all() -> None:
    while _STARTED:
        _STARTED.pop().join()


class Registry:
    """Callbacks kept now, run later (an atexit of the user's)."""

    def __init__(self) -> None:
        self.cbs: list[Any] = []

    def add_all(self, cbs: list[Any]) -> None:
        self.cbs.extend(cbs)

    def fire(self) -> None:
        for cb in self.cbs:
            cb()


class Worker:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def start(self) -> None:
        spawn(self.web, self.key)


def make_worker(web: str, key: str) -> Any:
    return Worker(web, key)


def r169_thr_defaultdict_alias(web: str) -> list[str]:
    go = spawn
    d: defaultdict[str, Any] = defaultdict(functools.partial(go, web, "t1"))
    d["x"]
    first = get(web, "slow1", 150)
    second = get(web, "t1", 10)
    join_all()
    return [first, second]


def r169_thr_registry_list(web: str) -> list[str]:
    reg = Registry()
    reg.add_all([functools.partial(spawn, web, "t2")])
    reg.fire()
    first = get(web, "slow2", 150)
    second = get(web, "t2", 10)
    join_all()
    return [first, second]


def r169_thr_done_callbacks_list(web: str) -> list[str]:
    fut: Future[int] = Future()
    for cb in [lambda f: spawn(web, "t3")]:
        fut.add_done_callback(cb)
    fut.set_result(1)
    first = get(web, "slow3", 150)
    second = get(web, "t3", 10)
    join_all()
    return [first, second]


def r169_thr_dict_of_hooks(web: str) -> list[str]:
    hooks = {"start": lambda: spawn(web, "t4")}
    list(map(lambda h: h(), hooks.values()))
    first = get(web, "slow4", 150)
    second = get(web, "t4", 10)
    join_all()
    return [first, second]


def r169_thr_local_class_call(web: str) -> list[str]:
    class Job:
        def __call__(self, key: str) -> None:
            spawn(web, key)
    list(map(Job(), ["t5"]))
    first = get(web, "slow5", 150)
    second = get(web, "t5", 10)
    join_all()
    return [first, second]


def r169_thr_local_class_del(web: str) -> list[str]:
    class Tmp:
        def __del__(self) -> None:
            spawn(web, "t6")
    Tmp()
    first = get(web, "slow6", 150)
    second = get(web, "t6", 10)
    join_all()
    return [first, second]


def r169_thr_weakref_callback(web: str) -> list[str]:
    obj = Quiet("w")
    ref = weakref.ref(obj, lambda r: spawn(web, "t7"))
    del obj
    first = get(web, "slow7", 150)
    second = get(web, "t7", 10)
    join_all()
    return [first, second, str(ref() is None)]


def r169_thr_exitstack_star(web: str) -> list[str]:
    with contextlib.ExitStack() as stack:
        stack.callback(*[spawn, web, "t8"])
    first = get(web, "slow8", 150)
    second = get(web, "t8", 10)
    join_all()
    return [first, second]


def r169_thr_reduce_bound(web: str) -> list[str]:
    w = make_worker(web, "t9")
    functools.reduce(lambda acc, f: f(), [w.start], None)
    first = get(web, "slow9", 150)
    second = get(web, "t9", 10)
    join_all()
    return [first, second]


def r169_thr_sorted_key_local(web: str) -> list[str]:
    starts = {"t10": lambda: spawn(web, "t10")}
    sorted(["t10"], key=lambda k: starts[k]() or k)
    first = get(web, "slow10", 150)
    second = get(web, "t10", 10)
    join_all()
    return [first, second]


def r169_thr_getattr_start(web: str) -> list[str]:
    w = make_worker(web, "t11")
    getattr(w, "st" + "art")()
    first = get(web, "slow11", 150)
    second = get(web, "t11", 10)
    join_all()
    return [first, second]


def r169_thr_none_started_overlaps(web: str) -> list[str]:
    reg = Registry()
    reg.add_all([functools.partial(print, "hook")])
    reg.fire()
    first = get(web, "slow12", 150)
    second = get(web, "t12", 40)
    return [first, second]


# =========================================================================== cases


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _d(fn: Any, drive: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, drive=drive, servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    # (1) loud arguments by other routes
    _w(r169_ne_in_list, O3),
    _w(r169_lt_under_sorted, O3),
    _w(r169_getattr_proxy, O3),
    _w(r169_getattribute_proxy, O3),
    _w(r169_iter_walked, O3),
    _w(r169_contains_checked, O3),
    _w(r169_getitem_indexed, O3),
    _w(r169_index_slices, O3),
    _w(r169_int_percent_d, O3),
    _w(r169_enter_exit, O3),
    _w(r169_radd_suffix, O3),
    _w(r169_bytes_blob, O3),
    _w(r169_fspath_where, O3),
    _w(r169_cached_property, O3),
    _w(r169_descriptor_field, O3),
    _w(r169_del_temp, O3),
    _w(r169_finalize_temp, O3),
    _w(r169_lambda_closure_loud, O3),
    _w(r169_default_arg_loud, O3),
    _w(r169_partial_of_loud, O3),
    _w(r169_bound_method_of_loud, O3),
    _w(r169_function_attribute_loud, O3),
    _w(r169_class_attribute_loud, O3),
    _w(r169_module_getattr, O3),
    _w(r169_past_256_items, O3),
    _w(r169_five_levels_deep, O3),
    _w(r169_cycle_list, O3),
    _w(r169_node_chain_tag, O3),
    _w(r169_armed_by_helper, O3),
    _w(r169_mutated_after_start, over(150, 40)),
    _d(r169_registry_changed_between_calls, _registry_drive, O3),
    _w(r169_quiet_deep_overlaps, O3, overlap=3),
    _w(r169_big_plain_list_overlaps, O3, overlap=3),
    # (2) printing sub-helpers
    _w(r169_sub_note_if, O3),
    _w(r169_sub_print_alias, O3),
    _w(r169_sub_print_picked, O3),
    _w(r169_sub_file_handed, O3, args=web_tmp, cat="files"),
    _w(r169_sub_stringio_handed, O3),
    _w(r169_sub_stdout_kept, O3),
    _w(r169_sub_recursive_tree, O3),
    _w(r169_sub_generator_prints, O3),
    _w(r169_sub_raises_after_print, O3),
    _w(r169_sub_partial_print, O3),
    _w(r169_sub_logger_method, O3),
    _w(r169_sub_half_lines, O3),
    _d(r169_async_gen_sub, _ahttp, O3),
    _d(r169_async_gen_sub_sequential, _ahttp, O3),
    Case("sdk", r169_sdk_note_if, args=oa, servers="api", ideal=over(0.15, 0.04, 0.09)),
    # (3) thread starts handed to libraries
    _w(r169_thr_defaultdict_alias, cat="threads"),
    _w(r169_thr_registry_list, cat="threads"),
    _w(r169_thr_done_callbacks_list, cat="threads"),
    _w(r169_thr_dict_of_hooks, cat="threads"),
    _w(r169_thr_local_class_call, cat="threads"),
    _w(r169_thr_local_class_del, cat="threads"),
    _w(r169_thr_weakref_callback, cat="threads"),
    _w(r169_thr_exitstack_star, cat="threads"),
    _w(r169_thr_reduce_bound, cat="threads"),
    _w(r169_thr_sorted_key_local, cat="threads"),
    _w(r169_thr_getattr_start, cat="threads"),
    _w(r169_thr_none_started_overlaps, over(150, 40), cat="threads"),
]

FIXED_WHY: dict[str, str] = {
    "r169_ne_in_list": (
        "`formats_loudly` checks __eq__ but not __ne__: a [NotEqual(k)] whose __ne__ prints is "
        "quiet, the helper's `obj[0] != 'zz'` runs off its place and '(ne k)' prints in "
        "completion order (b, c, a)."
    ),
    "r169_cached_property": (
        "`formats_loudly` takes only `property` getters: a functools.cached_property that "
        "prints is missed, the helper starts early and '(cached k)' prints in completion order."
    ),
    "r169_descriptor_field": (
        "as r169_cached_property for a descriptor of the user's (a class attribute with a "
        "printing __get__): quiet, so '(field k)' prints in completion order."
    ),
    "r169_partial_of_loud": (
        "`quiet` takes a functools.partial as quiet (not the user's class; its args are not "
        "walked): partial(str, Loud(k)) handed to a helper that calls it prints '(str k)' from "
        "the pool in completion order, ahead of the held 'got' lines."
    ),
    "r169_module_getattr": (
        "ModuleType is in `_QUIET`: a module object with a printing module-level __getattr__, "
        "handed to a helper that reads getattr(mod, name), prints in completion order."
    ),
    "r169_node_chain_tag": (
        "a Loud five attribute levels down (past quiet's depth 3) in an object chain: the "
        "helper runs at its place but as its printing twin, whose held print formats every "
        "argument before writing: '(str a)\\ntag a' instead of print's own 'tag (str a)\\na'."
    ),
    "r169_thr_defaultdict_alias": (
        "a thread-starting function under a local alias (`go = spawn`) handed in a partial to "
        "defaultdict, whose d['x'] runs it: `_hands_a_thread_start` skips local names, so the "
        "function is not run as written and the later GET of t1 starts before the thread's PUT."
    ),
    "r169_thr_done_callbacks_list": (
        "callbacks in a list walked by a loop (`for cb in [lambda f: spawn(...)]: "
        "fut.add_done_callback(cb)`): the handed callback is the local `cb`, not seen; the GET "
        "of t3 starts early and reads the value before the thread's PUT."
    ),
    "r169_thr_dict_of_hooks": (
        "a dict of hook lambdas run by `list(map(lambda h: h(), hooks.values()))`: the lambda "
        "calls its own parameter, nothing sees the thread start; the GET of t4 reads early."
    ),
    "r169_thr_local_class_call": (
        "an instance of a class made in the function whose __call__ starts a thread, handed "
        "to map(): `Job()()` is caught, `map(Job(), ...)` is not; the GET of t5 reads early."
    ),
    "r169_thr_sorted_key_local": (
        "sorted's key lambda calls an item of a local dict of lambdas that start a thread: "
        "missed; the GET of t10 reads before the thread's PUT."
    ),
}
FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
