"""Red-team cases (stop 113): the JIT's newest rules, where they are wrong or too narrow.

(1) A loop over a module-level tuple of constants types its items again when nothing run
before the loop could rebind a global: here code run before the loop rebinds the tuple, to
one of objects that print when formatted, through routes the analysis may not see (a
helper's ``global``, ``globals()[...]``, ``setattr(sys.modules[...])``, ``vars(module)``,
an import in a helper, a property getter or setter, ``__enter__``, a decorator, a default
argument, a descriptor, a generator advanced, ``__del__``, ``__new__``,
``__init_subclass__``, dunder methods run by operators, a logging filter, a json
``default=`` hook). Each drive puts the original tuple back after the run.
(2) Calls whose callee is found by running code (``d[k()].strip()``, ``(a or b()).lower()``).
(3) A helper that only spreads ``**kw``, given hooks, objects and streams.
(4) ``string.Template``, ``round``, ``abs``, ``dict``, ``zip(strict=)``, ``path.open``,
choices, ``len``/``repr``/``hash`` of user objects, digests.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed or
crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import logging
import string
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam113")


def over(*waits: float) -> float:
    return sum(waits) / max(waits)


class Loud:
    """A key that prints when it is formatted or made a string."""

    def __init__(self, s: str) -> None:
        self.s = s

    def __format__(self, spec: str) -> str:
        print("format", self.s)
        return format(self.s, spec)

    def __str__(self) -> str:
        print("str", self.s)
        return self.s

    def __eq__(self, other: object) -> bool:
        print("eq", self.s)
        return self.s == other

    def __hash__(self) -> int:
        return hash(self.s)


def _loud(name: str) -> tuple:
    return tuple((Loud(k), ms) for k, ms in _ORIG[name])


def _get(web: str, k: Any, ms: int) -> str:
    return requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]


ME = sys.modules[__name__]

T_HG = (("a", 150), ("b", 40), ("c", 90))
T_CM = (("d", 150), ("e", 40), ("f", 90))
T_GD = (("g", 150), ("h", 40), ("i", 90))
T_SA = (("j", 150), ("k", 40), ("l", 90))
T_VA = (("m", 150), ("n", 40), ("o", 90))
T_DI = (("p", 150), ("q", 40), ("r", 90))
T_IM = (("s", 150), ("t", 40), ("u", 90))
T_PG = (("v", 150), ("w", 40), ("x", 90))
T_PS = (("a1", 150), ("b1", 40), ("c1", 90))
T_EN = (("d1", 150), ("e1", 40), ("f1", 90))
T_DC = (("g1", 150), ("h1", 40), ("i1", 90))
T_DA = (("j1", 150), ("k1", 40), ("l1", 90))
T_DS = (("m1", 150), ("n1", 40), ("o1", 90))
T_GN = (("p1", 150), ("q1", 40), ("r1", 90))
T_DL = (("s1", 150), ("t1", 40), ("u1", 90))
T_NW = (("v1", 150), ("w1", 40), ("x1", 90))
T_IS = (("a2", 150), ("b2", 40), ("c2", 90))
T_OP = (("d2", 150), ("e2", 40), ("f2", 90))
T_BO = (("g2", 150), ("h2", 40), ("i2", 90))
T_LN = (("j2", 150), ("k2", 40), ("l2", 90))
T_LF = (("m2", 150), ("n2", 40), ("o2", 90))
T_JD = (("p2", 150), ("q2", 40), ("r2", 90))
T_IT = (("s2", 150), ("t2", 40), ("u2", 90))
T_HS = (("v2", 150), ("w2", 40), ("x2", 90))
T_TR = (("a3", 150), ("b3", 40), ("c3", 90))
T_WI = (("d3", 150), ("e3", 40), ("f3", 90))
T_SK = (("g3", 150), ("h3", 40), ("i3", 90))
T_TP = (("j3", 150), ("k3", 40), ("l3", 90))
T_CT = (("m3", 150), ("n3", 40), ("o3", 90))
T_OK = (("p3", 150), ("q3", 40), ("r3", 90))
T_OK2 = ("s3", "t3", "u3")
T_OK3 = ((b"v3", 150), (b"w3", 40), (b"x3", 90))

_ORIG = {n: v for n, v in dict(globals()).items() if n.startswith("T_")}


def _restore(name: str) -> Any:
    def drive(fn: Any, env: Env) -> Any:
        try:
            return fn(env.web)
        finally:
            setattr(ME, name, _ORIG[name])
    drive.__name__ = f"drive_{name}"
    return drive


# =========================================================================== (1) rebinding routes


def _prep_hg() -> None:
    global T_HG
    T_HG = _loud("T_HG")


def loop_after_helper_global(web: str) -> list[str]:
    _prep_hg()
    out = []
    for k, ms in T_HG:
        out.append(_get(web, k, ms))
        print("got", k)
    return out


class _Prep:
    @classmethod
    def install(cls) -> None:
        global T_CM
        T_CM = _loud("T_CM")


def loop_after_classmethod_global(web: str) -> list[str]:
    _Prep.install()
    out = []
    for k, ms in T_CM:
        r = requests.get(f"{web}/items/{k}?ms={ms}")
        out.append(r.json()["value"])
    return out


def _prep_gd() -> None:
    globals()["T_GD"] = _loud("T_GD")


def loop_after_globals_subscript(web: str) -> list[str]:
    _prep_gd()
    return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in T_GD]


def _prep_sa(name: str) -> None:
    setattr(sys.modules[__name__], name, _loud(name))


def loop_after_setattr_module(web: str) -> list[str]:
    _prep_sa("T_SA")
    out = []
    for k, ms in T_SA:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").text)
        print(f"fetched {k}")
    return out


def _prep_va() -> None:
    vars(ME)["T_VA"] = _loud("T_VA")


def loop_after_vars_module(web: str) -> dict[str, str]:
    _prep_va()
    return {f"{k}": requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in T_VA}


def _prep_di() -> None:
    ME.__dict__.update(T_DI=_loud("T_DI"))


def loop_after_module_dict_update(web: str) -> list[str]:
    _prep_di()
    out = []
    for k, ms in T_DI:
        out.append(_get(web, k, ms))
    print("done", len(out))
    return out


def _prep_im() -> None:
    from tests.xcs.libcorpus import cases_redteam113 as me
    me.T_IM = _loud("T_IM")


def loop_after_import_in_helper(web: str) -> list[str]:
    _prep_im()
    out = []
    for k, ms in T_IM:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Settings:
    @property
    def mode(self) -> str:
        global T_PG
        T_PG = _loud("T_PG")
        return "loud"


def loop_after_property_getter(web: str) -> list[str]:
    settings = _Settings()
    mode = settings.mode
    out = [mode]
    for k, ms in T_PG:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Knob:
    def __init__(self) -> None:
        self._v = 0

    @property
    def level(self) -> int:
        return self._v

    @level.setter
    def level(self, v: int) -> None:
        global T_PS
        self._v = v
        T_PS = _loud("T_PS")


def loop_after_property_setter(web: str) -> list[str]:
    knob = _Knob()
    knob.level = 3
    out = []
    for k, ms in T_PS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Scope:
    def __enter__(self) -> _Scope:
        global T_EN
        T_EN = _loud("T_EN")
        return self

    def __exit__(self, *exc: Any) -> None:
        print("scope closed")


def loop_in_with_enter_rebinds(web: str) -> list[str]:
    out = []
    with _Scope():
        for k, ms in T_EN:
            out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _louden(fn: Any) -> Any:
    @functools.wraps(fn)
    def wrapper(*a: Any, **kw: Any) -> Any:
        ME.T_DC = _loud("T_DC")
        return fn(*a, **kw)
    return wrapper


@_louden
def _plain_prep() -> str:
    return "ready"


def loop_after_decorated_helper(web: str) -> list[str]:
    out = [_plain_prep()]
    for k, ms in T_DC:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _prep_da(ns: dict = globals()) -> None:  # noqa: B008
    ns["T_DA"] = _loud("T_DA")


def loop_after_default_arg_namespace(web: str) -> list[str]:
    _prep_da()
    out = []
    for k, ms in T_DA:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Installer:
    def __get__(self, obj: Any, owner: Any) -> str:
        ME.T_DS = _loud("T_DS")
        return "installed"


class _Holder:
    state = _Installer()


def loop_after_descriptor_get(web: str) -> list[str]:
    holder = _Holder()
    out = [holder.state]
    for k, ms in T_DS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _gen_prep() -> Iterator[int]:
    ME.T_GN = _loud("T_GN")
    yield 1


def loop_after_generator_advanced(web: str) -> list[str]:
    gen = _gen_prep()
    first = next(gen)
    out = [str(first)]
    for k, ms in T_GN:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Dropper:
    def __del__(self) -> None:
        ME.T_DL = _loud("T_DL")


def loop_after_del_runs_finaliser(web: str) -> list[str]:
    tmp = _Dropper()
    del tmp
    out = []
    for k, ms in T_DL:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Registry:
    def __new__(cls) -> _Registry:
        ME.T_NW = _loud("T_NW")
        return super().__new__(cls)


def loop_after_dunder_new(web: str) -> list[str]:
    reg = _Registry()
    out = [type(reg).__name__]
    for k, ms in T_NW:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Plugin:
    def __init_subclass__(cls, **kw: Any) -> None:
        ME.T_IS = _loud("T_IS")


def loop_after_local_subclass(web: str) -> list[str]:
    class Mine(_Plugin):
        pass
    out = [Mine.__name__]
    for k, ms in T_IS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Meter:
    def __init__(self) -> None:
        self.n = 0

    def __add__(self, other: int) -> int:
        ME.T_OP = _loud("T_OP")
        return self.n + other


def loop_after_operator_overload(web: str) -> list[str]:
    m = _Meter()
    total = m + 1
    out = [str(total)]
    for k, ms in T_OP:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Flag:
    def __bool__(self) -> bool:
        ME.T_BO = _loud("T_BO")
        return True


def loop_after_truthiness(web: str) -> list[str]:
    flag = _Flag()
    out = []
    if flag:
        out.append("on")
    for k, ms in T_BO:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Batch:
    def __len__(self) -> int:
        ME.T_LN = _loud("T_LN")
        return 3


def loop_after_len_of_user_object(web: str) -> list[str]:
    batch = _Batch()
    n = len(batch)
    out = [str(n)]
    for k, ms in T_LN:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _RebindFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        ME.T_LF = _loud("T_LF")
        return True


def _with_filter(fn: Any, env: Env) -> Any:
    f = _RebindFilter()
    LOG.addFilter(f)
    try:
        return _restore("T_LF")(fn, env)
    finally:
        LOG.removeFilter(f)


def loop_after_log_filter_rebinds(web: str) -> list[str]:
    LOG.info("starting")
    out = []
    for k, ms in T_LF:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Odd:
    pass


def _default_hook(o: Any) -> str:
    ME.T_JD = _loud("T_JD")
    return "odd"


def loop_after_json_default_hook(web: str) -> list[str]:
    header = json.dumps({"x": _Odd()}, default=_default_hook)
    out = [header]
    for k, ms in T_JD:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Pages:
    def __iter__(self) -> Iterator[int]:
        ME.T_IT = _loud("T_IT")
        return iter((1, 2))


def loop_after_earlier_user_iter(web: str) -> list[str]:
    pages = _Pages()
    total = 0
    for p in pages:
        total += p
    out = [str(total)]
    for k, ms in T_IT:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Key:
    def __init__(self, s: str) -> None:
        self.s = s

    def __hash__(self) -> int:
        ME.T_HS = _loud("T_HS")
        return hash(self.s)


def loop_after_dict_store_user_key(web: str) -> list[str]:
    seen: dict = {}
    seen[_Key("x")] = 1
    out = [str(len(seen))]
    for k, ms in T_HS:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


def _prep_tr() -> None:
    ME.T_TR = _loud("T_TR")


def loop_in_try_after_helper_raises(web: str) -> list[str]:
    out = []
    try:
        _prep_tr()
        raise KeyError("x")
    except KeyError:
        print("recovered")
    for k, ms in T_TR:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
        print("item", k)
    return out


def _prep_wi() -> int:
    ME.T_WI = _loud("T_WI")
    return 1


def loop_in_if_after_walrus(web: str) -> list[str]:
    out = []
    if (n := _prep_wi()) > 0:
        for k, ms in T_WI:
            out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    out.append(str(n))
    return out


def _sort_key(x: int) -> int:
    ME.T_SK = _loud("T_SK")
    return -x


def loop_after_sorted_key_hook(web: str) -> list[str]:
    order = sorted([3, 1, 2], key=_sort_key)
    out = [str(order)]
    for k, ms in T_SK:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Lookup(dict):
    def __missing__(self, key: str) -> str:
        ME.T_TP = _loud("T_TP")
        return key.upper()


def loop_after_template_user_mapping(web: str) -> list[str]:
    head = string.Template("run $who").substitute(_Lookup())
    out = [head]
    for k, ms in T_TP:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


class _Cmp:
    def __eq__(self, other: object) -> bool:
        ME.T_CT = _loud("T_CT")
        return False

    __hash__ = object.__hash__


def loop_after_membership_test(web: str) -> list[str]:
    pool = [_Cmp()]
    out = ["yes" if "a" in pool else "no"]
    for k, ms in T_CT:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    return out


# the everyday shapes the rule is for (nothing rebinds): overlap expected


def loop_module_tuple_prints(web: str) -> list[str]:
    out = []
    for k, ms in T_OK:
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
        print(f"{k:>4} {ms:4d}")
    return out


def comp_module_tuple_format(web: str) -> list[str]:
    return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
            for k, ms in zip(T_OK2, (150, 40, 90), strict=True)]


def loop_module_bytes_tuple_b64(web: str) -> list[str]:
    out = []
    for raw, ms in T_OK3:
        key = base64.urlsafe_b64encode(raw).decode().rstrip("=")
        out.append(requests.get(f"{web}/items/{key}?ms={ms}").json()["value"])
        print("key", key, hashlib.sha1(raw).hexdigest()[:8])
    return out


# =========================================================================== (2) run-time callees


def _pick_name(i: int) -> str:
    print("pick", i)
    return ("a", "b", "c")[i]


def _pick_fn(i: int) -> Any:
    print("pick fn", i)
    return str.upper if i % 2 else str.lower


def callee_from_dict_by_helper_key(web: str) -> list[str]:
    table = {"a": " A-val ", "b": " B-val ", "c": " C-val "}
    out = []
    for i, ms in ((0, 150), (1, 40), (2, 90)):
        v = requests.get(f"{web}/items/k{i}?ms={ms}").json()["value"]
        out.append(table[_pick_name(i)].strip() + v)
    return out


def callee_or_fallback_lower(web: str) -> list[str]:
    out = []
    for i, ms in ((0, 150), (1, 40), (2, 90)):
        v = requests.get(f"{web}/items/K{i}?ms={ms}").json()["value"]
        out.append((v if i == 1 else _pick_name(i)).lower())
        print("done", i)
    return out


def callee_chosen_by_helper(web: str) -> list[str]:
    out = []
    for i, ms in ((0, 150), (1, 40), (2, 90)):
        v = requests.get(f"{web}/items/Mk{i}?ms={ms}").json()["value"]
        out.append(_pick_fn(i)(v))
    return out


class _Session:
    def __init__(self, web: str) -> None:
        self.web = web

    def get(self, key: str, ms: int) -> str:
        print("session get", key)
        return requests.get(f"{self.web}/items/{key}?ms={ms}").json()["value"]


def _session_for(web: str, i: int) -> _Session:
    print("session for", i)
    return _Session(web)


def callee_method_on_helper_result(web: str) -> list[str]:
    out = []
    for i, ms in ((0, 150), (1, 40), (2, 90)):
        out.append(_session_for(web, i).get(f"s{i}", ms).upper())
    return out


def callee_chained_helper_prints(web: str) -> list[str]:
    out = []
    for i, ms in ((0, 150), (1, 40), (2, 90)):
        v = requests.get(f"{web}/items/c{i}?ms={ms}").json()["value"]
        out.append(_pick_name(i).upper().center(5, "*") + v)
    return out


# =========================================================================== (3) **kw spread


def fetch(url: str, **kw: Any) -> requests.Response:
    return requests.get(url, **kw)


def fetch_outer(url: str, **opts: Any) -> requests.Response:
    return fetch(url, **opts)


def _hook(r: requests.Response, *a: Any, **kw: Any) -> None:
    print("hook", r.url.rsplit("/", 1)[-1])


def kw_response_hook_prints(web: str) -> list[str]:
    out = []
    for k, ms in (("h1", 150), ("h2", 40), ("h3", 90)):
        r = fetch(f"{web}/items/{k}?ms={ms}", hooks={"response": _hook})
        print("after", k)
        out.append(r.json()["value"])
    return out


def kw_hook_through_two_helpers(web: str) -> list[str]:
    out = []
    for k, ms in (("h4", 150), ("h5", 40), ("h6", 90)):
        r = fetch_outer(f"{web}/items/{k}?ms={ms}", hooks={"response": [_hook]}, timeout=5)
        out.append(r.json()["value"])
        print("got", k)
    return out


class _Params(dict):
    def items(self) -> Any:  # type: ignore[override]
        print("params read")
        return super().items()


def kw_params_user_mapping(web: str) -> list[str]:
    out = []
    for k, ms in (("p1", 150), ("p2", 40), ("p3", 90)):
        r = fetch(f"{web}/items/{k}", params=_Params(ms=str(ms)))
        out.append(r.json()["value"])
        print("got", k)
    return out


def _auth(req: requests.PreparedRequest) -> requests.PreparedRequest:
    print("auth", req.url.rsplit("/", 1)[-1])
    req.headers["X-Token"] = "t"
    return req


def kw_auth_callable_prints(web: str) -> list[str]:
    out = []
    for k, ms in (("u1", 150), ("u2", 40), ("u3", 90)):
        out.append(fetch(f"{web}/items/{k}?ms={ms}", auth=_auth).json()["value"])
        print("seen", k)
    return out


def kw_stream_true_iter_lines(web: str) -> list[str]:
    out = []
    for k, ms in (("t1", 150), ("t2", 40), ("t3", 90)):
        r = fetch(f"{web}/text/{k}?ms={ms}", stream=True)
        lines = [ln.decode() for ln in r.iter_lines()]
        print(k, len(lines))
        out.append(lines[-1])
    return out


def kw_dict_mutated_between(web: str) -> list[str]:
    opts: dict[str, Any] = {"timeout": 5}
    out = []
    for k, ms in (("m1", 150), ("m2", 40), ("m3", 90)):
        opts["headers"] = {"X-Item": k}
        out.append(fetch(f"{web}/items/{k}?ms={ms}", **opts).json()["value"])
        print("got", k)
    return out


def ask(client: Any, q: str, **kw: Any) -> str:
    r = client.chat.completions.create(messages=[{"role": "user", "content": q}], **kw)
    return r.choices[0].message.content


def kw_ask_extra_headers_and_model(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09)):
        a = ask(client, q, model="gpt", max_tokens=8, extra_body={"latency": lat},
                extra_headers={"X-Q": q})
        print(q, len(a))
        out.append(a)
    return out


def kw_ask_stream_chunks(client: Any) -> list[str]:
    out = []
    for q, lat in (("alpha", 0.15), ("beta", 0.04)):
        chunks = ask_stream(client, q, model="gpt", extra_body={"latency": lat})
        print(q, "chunks")
        out.append(chunks)
    return out


def ask_stream(client: Any, q: str, **kw: Any) -> str:
    s = client.chat.completions.create(messages=[{"role": "user", "content": q}],
                                       stream=True, **kw)
    return "".join(c.choices[0].delta.content or "" for c in s if c.choices)


# =========================================================================== (4) small rules


class _Money:
    def __init__(self, v: float) -> None:
        self.v = v

    def __round__(self, n: int = 0) -> float:
        print("round", self.v)
        return round(self.v, n)

    def __abs__(self) -> float:
        print("abs", self.v)
        return abs(self.v)

    def __str__(self) -> str:
        print("str money", self.v)
        return f"{self.v:.2f}"


def round_abs_user_objects(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms, v in (("r1", 150, -1.234), ("r2", 40, 2.5), ("r3", 90, -3.75)):
        got = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        m = _Money(v)
        out.append((got, round(m, 1), abs(m)))
    return out


def template_substitute_user_value(web: str) -> list[str]:
    tpl = string.Template("item $k costs $price")
    out = []
    for k, ms, v in (("s1", 150, 1.5), ("s2", 40, 2.0), ("s3", 90, 0.25)):
        got = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        out.append(tpl.substitute(k=got, price=_Money(v)))
    return out


class _Row:
    def __init__(self, d: dict[str, Any]) -> None:
        self.d = d

    def keys(self) -> Any:
        print("keys of", self.d["key"])
        return self.d.keys()

    def __getitem__(self, k: str) -> Any:
        return self.d[k]


def dict_of_user_mapping(web: str) -> list[dict]:
    out = []
    for k, ms in (("dm1", 150), ("dm2", 40), ("dm3", 90)):
        got = requests.get(f"{web}/items/{k}?ms={ms}").json()
        out.append(dict(_Row(got)))
    return out


def zip_strict_length_mismatch_puts(web: str) -> list[int]:
    rows = [("z1", 150), ("z2", 40), ("z3", 90)]
    vals = ["one", "two"]
    out = []
    for (k, ms), v in zip(rows, vals, strict=True):
        r = requests.put(f"{web}/items/{k}?ms={ms}", data=v)
        print("put", k)
        out.append(r.status_code)
    return out


def zip_strict_second_typed_other(web: str) -> list[str]:
    rows = [("y1", 150), ("y2", 40), ("y3", 90)]
    tags = [Loud("x"), Loud("y"), Loud("z")]
    out = []
    for (k, ms), tag in zip(rows, tags, strict=True):
        got = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        out.append(f"{tag}:{got}")
    return out


def path_open_exclusive_mode(web: str, tmp: str) -> list[str]:
    out = []
    for k, ms in (("f1", 150), ("f2", 40), ("f1", 90)):
        got = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        with (Path(tmp) / f"{k}.txt").open("x") as fh:
            fh.write(got)
        out.append(k)
    return out


def path_open_append_then_read(web: str, tmp: str) -> str:
    p = Path(tmp) / "log.txt"
    for k, ms in (("g1", 150), ("g2", 40), ("g3", 90)):
        got = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        with p.open("a") as fh:
            fh.write(got + "\n")
        print("lines", len(p.read_text().splitlines()))
    return p.read_text()


def choice_between_str_and_user(web: str) -> list[str]:
    out = []
    for i, ms in ((0, 150), (1, 40), (2, 90)):
        key = Loud(f"ch{i}") if i == 1 else f"ch{i}"
        got = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        out.append(got)
    return out


class _Sized:
    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        print("len", self.n)
        return self.n

    def __repr__(self) -> str:
        print("repr", self.n)
        return f"Sized({self.n})"

    def __hash__(self) -> int:
        print("hash", self.n)
        return self.n


def len_repr_hash_user_objects(web: str) -> list[Any]:
    out = []
    for n, ms in ((1, 150), (2, 40), (3, 90)):
        got = requests.get(f"{web}/items/n{n}?ms={ms}").json()["value"]
        s = _Sized(n)
        out.append((got, len(s), repr(s), hash(s)))
    return out


def digests_uuid5_keys(web: str) -> list[str]:
    out = []
    for name, ms in (("alpha", 150), ("beta", 40), ("gamma", 90)):
        key = uuid.uuid5(uuid.NAMESPACE_URL, name).hex[:8]
        h = hashlib.md5(name.encode()).hexdigest()[:6]
        got = requests.get(f"{web}/items/{key}?ms={ms}").json()["value"]
        print(name, h, chr(ord(name[0]) - 32))
        out.append(got)
    return out


def put_then_get_module_tuple(web: str) -> list[str]:
    for k, ms in T_OK:
        requests.put(f"{web}/items/{k}?ms={ms}", data=f"new-{k}")
    return [requests.get(f"{web}/items/{k}?ms={ms}").json()["value"] for k, ms in T_OK]


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _rb(fn: Any, name: str, drive: Any = None) -> Case:
    return Case("rebind", fn, servers="web", drive=drive or _restore(name))


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    _rb(loop_after_helper_global, "T_HG"),
    _rb(loop_after_classmethod_global, "T_CM"),
    _rb(loop_after_globals_subscript, "T_GD"),
    _rb(loop_after_setattr_module, "T_SA"),
    _rb(loop_after_vars_module, "T_VA"),
    _rb(loop_after_module_dict_update, "T_DI"),
    _rb(loop_after_import_in_helper, "T_IM"),
    _rb(loop_after_property_getter, "T_PG"),
    _rb(loop_after_property_setter, "T_PS"),
    _rb(loop_in_with_enter_rebinds, "T_EN"),
    _rb(loop_after_decorated_helper, "T_DC"),
    _rb(loop_after_default_arg_namespace, "T_DA"),
    _rb(loop_after_descriptor_get, "T_DS"),
    _rb(loop_after_generator_advanced, "T_GN"),
    _rb(loop_after_del_runs_finaliser, "T_DL"),
    _rb(loop_after_dunder_new, "T_NW"),
    _rb(loop_after_local_subclass, "T_IS"),
    _rb(loop_after_operator_overload, "T_OP"),
    _rb(loop_after_truthiness, "T_BO"),
    _rb(loop_after_len_of_user_object, "T_LN"),
    _rb(loop_after_log_filter_rebinds, "T_LF", drive=_with_filter),
    _rb(loop_after_json_default_hook, "T_JD"),
    _rb(loop_after_earlier_user_iter, "T_IT"),
    _rb(loop_after_dict_store_user_key, "T_HS"),
    _rb(loop_in_try_after_helper_raises, "T_TR"),
    _rb(loop_in_if_after_walrus, "T_WI"),
    _rb(loop_after_sorted_key_hook, "T_SK"),
    _rb(loop_after_template_user_mapping, "T_TP"),
    _rb(loop_after_membership_test, "T_CT"),
    _w(loop_module_tuple_prints, over(0.15, 0.04, 0.09), overlap=3),
    _w(comp_module_tuple_format, over(0.15, 0.04, 0.09), overlap=3),
    _w(loop_module_bytes_tuple_b64, over(0.15, 0.04, 0.09), overlap=3),
    _w(callee_from_dict_by_helper_key, over(0.15, 0.04, 0.09)),
    _w(callee_or_fallback_lower, over(0.15, 0.04, 0.09)),
    _w(callee_chosen_by_helper, over(0.15, 0.04, 0.09)),
    _w(callee_method_on_helper_result, cat="helpers"),
    _w(callee_chained_helper_prints, over(0.15, 0.04, 0.09)),
    _w(kw_response_hook_prints, cat="helpers"),
    _w(kw_hook_through_two_helpers, cat="helpers"),
    _w(kw_params_user_mapping, cat="helpers"),
    _w(kw_auth_callable_prints, cat="helpers"),
    _w(kw_stream_true_iter_lines, over(0.15, 0.04, 0.09), cat="helpers"),
    _w(kw_dict_mutated_between, over(0.15, 0.04, 0.09), cat="helpers"),
    Case("sdk", kw_ask_extra_headers_and_model, args=oa, servers="api",
         ideal=over(0.15, 0.04, 0.09)),
    Case("sdk", kw_ask_stream_chunks, args=oa, servers="api", ideal=over(0.15, 0.04)),
    _w(round_abs_user_objects, over(0.15, 0.04, 0.09)),
    _w(template_substitute_user_value, over(0.15, 0.04, 0.09)),
    _w(dict_of_user_mapping, over(0.15, 0.04, 0.09)),
    _w(zip_strict_length_mismatch_puts, cat="validation"),
    _w(zip_strict_second_typed_other, over(0.15, 0.04, 0.09)),
    _w(path_open_exclusive_mode, cat="files", args=web_tmp, speculative_reads=True),
    _w(path_open_append_then_read, over(0.15, 0.04, 0.09), cat="files", args=web_tmp),
    _w(choice_between_str_and_user, over(0.15, 0.04, 0.09)),
    _w(len_repr_hash_user_objects, over(0.15, 0.04, 0.09)),
    _w(digests_uuid5_keys, over(0.15, 0.04, 0.09), overlap=3),
    _w(put_then_get_module_tuple),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
