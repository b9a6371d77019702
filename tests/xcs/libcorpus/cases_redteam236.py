# ruff: noqa: PLW0603, SIM115, B023, N805 - the shapes under test: globals rebound, files opened as users do, pydantic's validators
"""Red-team cases (stop 236): libraries that compute, format, validate or keep their own
files, called between GETs and PUTs of the corpus's web server and model calls.

Each case hands data that came from the server (or a model) to a library users reach for
(numpy's arrays, its random state, its ``.npy``/text files and memory maps; Pillow's
images written, opened lazily, thumbnailed; matplotlib's pyplot on the Agg backend with its
current figure and ``rcParams``; pydantic's models with validators, default factories,
computed fields and assignment validation; jsonschema with format checkers of the case's
own; PyYAML's constructors and representers; msgpack's hooks; rich's consoles, progress
and renderables; click's commands run in-process; python-dateutil; sortedcontainers) and
sends what the library made back to the server or to a file in the run's directory.

The adversarial part is the hidden effects:

- a library calling back into code of the case's: a numpy scalar's operator deferring to
  the other operand's reflected operator, ``np.seterrcall`` handlers, ``__array__`` and
  ``__format__``, ``np.vectorize``/``np.frompyfunc`` over a function that makes requests,
  pydantic validators (field, model, ``validate_assignment``, the ones of a model
  ``models(..., output=T)`` validates into), default factories and computed fields read by
  ``repr``/``model_dump``, a jsonschema format checker, a YAML constructor or representer,
  msgpack's ``default``/``ext_hook``/``object_hook``, a rich ``__rich__`` hook, a click
  callback or ``ParamType``, a sorted container's key;
- lazy objects read after the file or the server they read changed: an ``Image.open``
  that loads its pixels later, an ``np.memmap``/``np.load(mmap_mode=)``, a jsonschema
  ``iter_errors`` or ``yaml.load_all`` generator, a ``SortedList.irange`` iterator, an
  ``rrule``;
- global state of a library changed between two calls: numpy's legacy random state and
  error state, its print options, pyplot's current figure and ``rcParams``, YAML's loader
  tables. Every change is undone in a ``finally``.

`FIXED_WHY` holds seven cases, one shape, that differed when written: numpy's error state
running code of the program's inside a scalar's arithmetic. A ``np.seterrcall`` handler
(mode ``call``), the ``write`` of a ``log`` object, or ``warnings.showwarning`` replaced by
the caller, that PUTs to the server or appends to a file: the JIT's rule for
``np.generic``'s operators was 'may warn: ordered output', so a GET or a file read after
the operation was started beside it and missed what the hook wrote. The rule now looks at
numpy's error state and the warnings module's display at every call, and a function that
sets the error state itself keeps its reads in place.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import io
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import click
import jsonschema
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402 - after the backend is chosen
import msgpack  # noqa: E402
import numpy as np  # noqa: E402
import pydantic  # noqa: E402
import requests  # noqa: E402
import yaml  # noqa: E402
from dateutil import parser as dparser  # noqa: E402
from dateutil import relativedelta, rrule  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402
from PIL import Image, ImageDraw, ImageOps  # noqa: E402
from rich.console import Console  # noqa: E402
from rich.progress import Progress  # noqa: E402
from rich.table import Table  # noqa: E402
from sortedcontainers import SortedDict, SortedKeyList, SortedList  # noqa: E402

from ember.api import models  # noqa: E402
from tests.xcs.libcorpus._case import (  # noqa: E402
    CLIENT_LAT,
    Case,
    Env,
    corpus_logger,
    openai_client,
    serial_ideal,
)

ALL: list[Case] = []
FAILING_WHY: dict[str, str] = {}

log = corpus_logger("r236")


def _get(web: str, key: str, ms: int = 50) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, text: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=text, timeout=5).json()["version"]


def _ask(q: str, ms: int = 100) -> str:
    return str(models("sim/gpt", q, latency=ms / 1000))[:24]


def _chat(client: Any, q: str) -> str:
    r = client.chat.completions.create(model="gpt", messages=[{"role": "user", "content": q}])
    return (r.choices[0].message.content or "")[:20]


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


# ================================================================== numpy: hooks of yours


class _RaddStamp:
    """A scalar's ``+`` with this on the right runs its ``__radd__``: it writes the server."""

    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __radd__(self, other: Any) -> float:
        _put(self.web, self.key, f"{float(other):.1f}")
        return float(other) + 1.0


class _DeferStamp(_RaddStamp):
    __array_ufunc__ = None  # numpy defers at once to the reflected operator


def r236_np_scalar_radd_puts(web: str) -> list[Any]:
    a = _get(web, "sr-a", 100)
    total = np.float64(len(a)) + _RaddStamp(web, "sr-stamp")
    b = _get(web, "sr-stamp", 50)
    return [a, float(total), b]


def r236_np_scalar_radd_deferred_puts(web: str) -> list[Any]:
    a = _get(web, "sd-a", 100)
    total = np.int64(len(a)) + _DeferStamp(web, "sd-stamp")
    b = _get(web, "sd-stamp", 50)
    return [a, float(total), b]


SEEN_EQ: list[str] = []


class _LoudKey:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __eq__(self, other: Any) -> bool:
        SEEN_EQ.append(f"eq {self.key}")
        log.info("compared %s", self.key)
        return int(other) == len(self.key)

    __hash__ = None  # type: ignore[assignment]


def r236_np_scalar_eq_logs(web: str) -> list[Any]:
    SEEN_EQ.clear()
    a = _get(web, "eq-a", 120)
    same = np.int64(len(a)) == _LoudKey(web, "eq-abcdefg")
    log.info("after compare")
    b = _get(web, "eq-b", 50)
    return [a, bool(same), b, list(SEEN_EQ)]


class _Scale:
    def __init__(self, web: str) -> None:
        self.web = web
        self.calls = 0

    def __rmul__(self, other: Any) -> float:
        self.calls += 1
        return float(other) * float(_get(self.web, "scale-factor", 80).removeprefix("v-scale-")
                                    or 1)


def r236_np_scalar_rmul_gets(web: str) -> list[Any]:
    s = _Scale(web)
    _put(web, "scale-factor", "3")
    a = _get(web, "rm-a", 60)
    x = np.float64(len(a)) * s
    _put(web, "scale-factor", "5")
    y = np.float64(2.0) * s
    return [a, float(x), float(y), s.calls]


def _errs_to_server(web: str) -> Callable[[str, int], None]:
    def handler(kind: str, flag: int) -> None:
        _put(web, "fp-errors", f"{kind}:{flag}")
    return handler


def r236_np_seterrcall_puts(web: str) -> list[Any]:
    old = np.seterr(divide="call")
    old_call = np.seterrcall(_errs_to_server(web))
    try:
        a = _get(web, "fp-a", 100)
        q = np.float64(len(a)) / np.float64(0.0)
        b = _get(web, "fp-errors", 50)
        return [a, float(q), b]
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


def r236_np_seterrcall_set_by_driver(web: str) -> list[Any]:
    a = _get(web, "fd-a", 100)
    q = np.float64(len(a)) / np.float64(0.0)
    b = _get(web, "fp-errors", 50)
    return [a, float(q), b]


def _drive_seterrcall(f: Callable[..., Any], env: Env) -> Any:
    old = np.seterr(divide="call")
    old_call = np.seterrcall(_errs_to_server(env.web))
    try:
        return f(env.web)
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


class _ErrLog:
    """An object with ``write``: numpy's 'log' error mode writes its message here."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def write(self, msg: str) -> None:
        self.lines.append(msg.strip()[:40])
        log.warning("numpy: %s", msg.strip()[:40])


def r236_np_seterr_log_object(web: str) -> list[Any]:
    sink = _ErrLog()
    old = np.seterr(all="log")
    old_call = np.seterrcall(sink)
    try:
        a = _get(web, "fl-a", 120)
        log.info("dividing %s", a)
        x = np.float64(len(a)) / np.float64(0.0)
        b = _get(web, "fl-b", 50)
        y = np.float64(0.0) / np.float64(0.0)
        log.info("done")
        return [a, b, float(x), str(y), list(sink.lines)]
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


def r236_np_errstate_raise_midway(web: str) -> list[Any]:
    out = []
    with np.errstate(divide="raise"):
        for key in ("er-a", "er-b"):
            v = _get(web, key, 80)
            try:
                out.append(float(np.float64(len(v)) / np.float64(len(v) - 4)))
            except FloatingPointError as exc:
                out.append(f"FPE {exc}")
                _put(web, "er-bad", key)
    out.append(_get(web, "er-bad", 50))
    return out


def r236_np_errstate_helper_divides(web: str) -> list[Any]:
    def ratio(key: str) -> Any:
        v = _get(web, key, 80)
        try:
            return float(np.float64(1.0) / np.float64(len(v) - 4))
        except FloatingPointError as exc:
            return f"FPE {exc}"
    a = ratio("eh-a")
    with np.errstate(divide="raise"):
        b = ratio("eh-b")
    c = ratio("eh-c")
    return [a, b, c]


def r236_np_seterr_warns_between_logs(web: str) -> list[Any]:
    old = np.seterr(divide="warn")
    try:
        log.info("start")
        a = _get(web, "sw-a", 100)
        x = np.float64(len(a)) / np.float64(0.0)
        log.info("divided")
        b = _get(web, "sw-b", 50)
        return [a, b, float(x)]
    finally:
        np.seterr(**old)


def _errs_to_file(path: str) -> Callable[[str, int], None]:
    def handler(kind: str, flag: int) -> None:
        with open(path, "a") as f:
            f.write(f"{kind}\n")
    return handler


def r236_np_seterrcall_appends_file(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "fp.log")
    Path(p).write_text("start\n")
    old = np.seterr(divide="call")
    old_call = np.seterrcall(_errs_to_file(p))
    try:
        a = _get(web, "ff2-a", 100)
        q = np.float64(len(a)) / np.float64(0.0)
        text = Path(p).read_text()
        return [a, float(q), text]
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


class _PutLog:
    """numpy's 'log' mode writes its message here: this one sends it to the server."""

    def __init__(self, web: str) -> None:
        self.web = web

    def write(self, msg: str) -> None:
        _put(self.web, "fp-log", msg.strip()[:30])


def r236_np_seterr_log_object_puts(web: str) -> list[Any]:
    old = np.seterr(invalid="log")
    old_call = np.seterrcall(_PutLog(web))
    try:
        a = _get(web, "lp-a", 100)
        x = np.float64(len(a) * 0.0) / np.float64(0.0)
        b = _get(web, "fp-log", 50)
        return [a, str(x), b]
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


class _Refused(ArithmeticError):
    pass


def _refuse(kind: str, flag: int) -> None:
    raise _Refused(f"refused: {kind}")


def r236_np_seterrcall_raises_before_put(web: str) -> list[Any]:
    old = np.seterr(divide="call")
    old_call = np.seterrcall(_refuse)
    try:
        a = _get(web, "rb-a", 100)
        try:
            q: Any = float(np.float64(len(a)) / np.float64(0.0))
            _put(web, "rb-ok", str(q))
        except _Refused as exc:
            q = str(exc)
        b = _get(web, "rb-ok", 50)
        return [a, q, b]
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


def r236_np_seterrcall_overflow_power(web: str) -> list[Any]:
    old = np.seterr(over="call")
    old_call = np.seterrcall(_errs_to_server(web))
    try:
        a = _get(web, "ov-a", 100)
        x = np.float64(10.0) ** np.float64(len(a) * 100)
        b = _get(web, "fp-errors", 50)
        return [a, float(x), b]
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


def _divide_after(web: str, key: str) -> float:
    v = _get(web, key, 120)
    return float(np.float64(len(v)) / np.float64(0.0))


def r236_np_seterrcall_in_helper(web: str) -> list[Any]:
    old = np.seterr(divide="call")
    old_call = np.seterrcall(_errs_to_server(web))
    try:
        x = _divide_after(web, "dh-a")
        b = _get(web, "fp-errors", 50)
        return [x, b]
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)


ERR_COUNT = [0]


def _count_err(kind: str, flag: int) -> None:
    ERR_COUNT[0] += 1


def r236_np_seterrcall_counter_keys(web: str) -> list[Any]:
    ERR_COUNT[0] = 0
    old = np.seterr(divide="call")
    old_call = np.seterrcall(_count_err)
    try:
        a = _get(web, "ec-a", 80)
        np.float64(len(a)) / np.float64(0.0)
        b = _get(web, f"ec-{ERR_COUNT[0]}", 50)
        return [a, b, ERR_COUNT[0]]
    finally:
        np.seterr(**old)
        np.seterrcall(old_call)
        ERR_COUNT[0] = 0


def r236_np_showwarning_set_by_driver(web: str) -> list[Any]:
    a = _get(web, "sw2-a", 100)
    x = np.float64(len(a)) / np.float64(0.0)
    b = _get(web, "warned", 50)
    return [a, float(x), b]


def _drive_showwarning(f: Callable[..., Any], env: Env) -> Any:
    import warnings

    def show(message: Any, category: Any, filename: str, lineno: int, file: Any = None,
             line: Any = None) -> None:
        _put(env.web, "warned", category.__name__)
    old = np.seterr(divide="warn")
    saved = warnings.showwarning
    warnings.showwarning = show
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = show
            return f(env.web)
    finally:
        warnings.showwarning = saved
        np.seterr(**old)


def r236_np_warnings_as_errors_by_driver(web: str) -> list[Any]:
    a = _get(web, "we-a", 100)
    try:
        x: Any = float(np.float64(len(a)) / np.float64(0.0))
        _put(web, "we-ok", "divided")
    except RuntimeWarning as exc:
        x = f"RuntimeWarning {exc}"
    b = _get(web, "we-ok", 50)
    return [a, x, b]


def _drive_warnings_error(f: Callable[..., Any], env: Env) -> Any:
    import warnings
    old = np.seterr(divide="warn")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return f(env.web)
    finally:
        np.seterr(**old)


class _ArrayFromServer:
    def __init__(self, web: str, keys: list[str]) -> None:
        self.web = web
        self.keys = keys

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        vals = [len(_get(self.web, k, 50)) for k in self.keys]
        log.info("materialised %s", ",".join(self.keys))
        return np.array(vals, dtype=dtype or "int64")


def r236_np_dunder_array_gets(web: str) -> list[Any]:
    _put(web, "da-a", "abcdefghij")
    src = _ArrayFromServer(web, ["da-a", "da-b"])
    arr = np.asarray(src)
    _put(web, "da-b", "x")
    arr2 = np.asarray(src)
    return [arr.tolist(), arr2.tolist()]


class _Money:
    def __init__(self, web: str, cents: int) -> None:
        self.web = web
        self.cents = cents

    def __format__(self, spec: str) -> str:
        _put(self.web, "formatted", str(self.cents))
        return f"${self.cents / 100:{spec or '.2f'}}"


def r236_np_format_hook_puts(web: str) -> list[Any]:
    a = _get(web, "fm-a", 100)
    m = _Money(web, int(np.int64(len(a)) * 100))
    text = f"{m:.1f}"
    b = _get(web, "formatted", 50)
    return [text, b]


REPRS: list[str] = []


class _Cell:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        REPRS.append(self.name)
        log.info("repr %s", self.name)
        return f"<{self.name}>"


def r236_np_object_array_str_runs_repr(web: str) -> list[Any]:
    REPRS.clear()
    a = _get(web, "oa-a", 120)
    cells = np.array([_Cell(a), _Cell("two")], dtype=object)
    text = str(cells)
    b = _get(web, "oa-b", 50)
    return [text, b, list(REPRS)]


def r236_np_vectorize_fetch(web: str) -> list[Any]:
    fetch = np.vectorize(lambda k: len(_get(web, k, 50)), otypes=[np.int64])
    lens = fetch(np.array(["vz-a", "vz-bb", "vz-ccc"]))
    _put(web, "vz-total", str(int(lens.sum())))
    after = _get(web, "vz-total", 50)
    return [lens.tolist(), after]


def _stamp_key(web: str, k: str) -> str:
    _put(web, "fpf-last", k)
    return k.upper()


def r236_np_frompyfunc_puts(web: str) -> list[Any]:
    a = _get(web, "fpf-a", 100)
    up = np.frompyfunc(functools.partial(_stamp_key, web), 1, 1)
    out = up(np.array([a, "fpf-x"], dtype=object))
    last = _get(web, "fpf-last", 50)
    return [list(out), last]


def r236_np_fromiter_generator_gets(web: str) -> list[Any]:
    keys = ["fi-a", "fi-b", "fi-c"]
    gen = (len(_get(web, k, 50)) for k in keys)
    _put(web, "fi-b", "longer value")
    arr = np.fromiter(gen, dtype=np.int64)
    return arr.tolist()


def r236_np_array_filled_from_responses(web: str) -> list[Any]:
    arr = np.zeros(3, dtype=np.int64)
    for i, k in enumerate(["af-a", "af-bb", "af-ccc"]):
        arr[i] = len(_get(web, k, 50))
    total = int(arr.sum())
    _put(web, "af-total", str(total))
    return [arr.tolist(), total]


def r236_np_object_array_ops_run_user_add(web: str) -> list[Any]:
    arr = np.array([_RaddStamp(web, "oo-stamp")], dtype=object)
    a = _get(web, "oo-a", 100)
    res = np.array([float(len(a))], dtype=object) + arr
    b = _get(web, "oo-stamp", 50)
    return [a, float(res[0]), b]


def r236_np_printoptions_between_prints(web: str) -> list[Any]:
    a = _get(web, "po-a", 100)
    b = _get(web, "po-b", 50)
    arr = np.array([len(a) / 3, len(b) / 7])
    print(arr)
    old = np.get_printoptions()
    try:
        np.set_printoptions(precision=2)
        print(arr)
        c = _get(web, "po-c", 50)
        print(np.array([len(c) / 9]))
    finally:
        np.set_printoptions(**old)
    print(arr)
    return [a, b, c]


def r236_np_printoptions_via_helper(web: str) -> list[Any]:
    def show(key: str) -> str:
        v = _get(web, key, 80)
        return np.array2string(np.array([len(v) / 3.0]))
    a = show("ph-a")
    with np.printoptions(precision=1):
        b = show("ph-b")
    c = show("ph-c")
    return [a, b, c]


def r236_np_tolist_json_put(web: str) -> list[Any]:
    vals = [_get(web, k, 60) for k in ("tj-a", "tj-b")]
    arr = np.array([len(v) for v in vals]).reshape(1, 2)
    _put(web, "tj-out", json.dumps(arr.tolist()))
    return [_get(web, "tj-out", 50), arr.shape]


# ================================================================== numpy: random state


def r236_np_legacy_random_seeded_keys(web: str) -> list[Any]:
    state = np.random.get_state()
    try:
        np.random.seed(11)
        keys = [f"lr-{np.random.randint(100)}" for _ in range(2)]
        vals = [_get(web, k, 60) for k in keys]
        extra = np.random.randint(1000)
        _put(web, keys[0], str(extra))
        return [keys, vals, _get(web, keys[0], 50)]
    finally:
        np.random.set_state(state)


def _noisy_fetch(web: str, key: str) -> str:
    v = _get(web, key, 120 if key.endswith("a") else 50)
    return f"{v}:{np.random.randint(1000)}"


def r236_np_legacy_random_drawn_in_helper(web: str) -> list[Any]:
    state = np.random.get_state()
    try:
        np.random.seed(5)
        a = _noisy_fetch(web, "nh-a")
        b = _noisy_fetch(web, "nh-b")
        return [a, b, int(np.random.randint(1000))]
    finally:
        np.random.set_state(state)


def r236_np_legacy_random_between_calls(web: str) -> list[Any]:
    a = _get(web, "lb-a", 80)
    r1 = float(np.random.random())
    b = _get(web, "lb-b", 50)
    r2 = float(np.random.random())
    return [a, b, round(r1, 6), round(r2, 6)]


def _drive_seeded(f: Callable[..., Any], env: Env) -> Any:
    state = np.random.get_state()
    try:
        np.random.seed(2024)
        first = f(env.web)
        np.random.seed(7)
        return [first, f(env.web)]
    finally:
        np.random.set_state(state)


def _draw_after(web: str, key: str, rng: np.random.Generator, ms: int) -> list[Any]:
    v = _get(web, key, ms)
    return [v, int(rng.integers(1000))]


def r236_np_generator_shared_by_helpers(web: str) -> list[Any]:
    rng = np.random.default_rng(3)
    a = _draw_after(web, "gs-a", rng, 150)
    b = _draw_after(web, "gs-b", rng, 50)
    c = _draw_after(web, "gs-c", rng, 90)
    return [a, b, c]


def r236_np_generator_keys_then_gets(web: str) -> list[Any]:
    rng = np.random.default_rng(42)
    keys = [f"gk-{int(x)}" for x in rng.integers(0, 50, size=3)]
    vals = [_get(web, k, 50) for k in keys]
    rng.shuffle(vals)
    _put(web, "gk-order", ",".join(vals))
    return vals


def r236_np_generator_choice_model(web: str) -> list[Any]:
    rng = np.random.default_rng(9)
    prompts = ["alpha", "beta", "gamma", "delta"]
    picked = [str(p) for p in rng.choice(prompts, size=2, replace=False)]
    answers = [_ask(p, 80) for p in picked]
    n = int(rng.integers(100))
    _put(web, "gc-last", f"{n}")
    return [picked, answers, n]


def r236_np_random_state_object_in_helper(web: str) -> list[Any]:
    rs = np.random.RandomState(17)

    def jitter(key: str, ms: int) -> str:
        v = _get(web, key, ms)
        return f"{v}:{rs.randint(100)}"
    return [jitter("rs-a", 140), jitter("rs-b", 50), jitter("rs-c", 90)]


# ================================================================== numpy: files


def r236_np_save_load_between_gets(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "vals.npy")
    a = _get(web, "nl-a", 80)
    np.save(p, np.array([len(a)]))
    b = _get(web, "nl-b", 50)
    np.save(p, np.append(np.load(p), len(b)))
    back = np.load(p).tolist()
    _put(web, "nl-sum", str(sum(back)))
    return back


def r236_np_savetxt_then_read_text(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "vals.txt")
    vals = [len(_get(web, k, 60)) for k in ("st-a", "st-bb")]
    np.savetxt(p, np.array(vals), fmt="%d")
    text = Path(p).read_text()
    c = _get(web, "st-c", 50)
    with open(p, "a") as f:
        f.write(f"{len(c)}\n")
    return [text, Path(p).read_text(), np.loadtxt(p, dtype=int).tolist()]


def r236_np_memmap_store_then_read_bytes(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "m.bin")
    Path(p).write_bytes(b"\0" * 4)
    mm = np.memmap(p, dtype="uint8", mode="r+", shape=(4,))
    a = _get(web, "mm-a", 100)
    mm[0] = len(a)
    data = Path(p).read_bytes()
    b = _get(web, "mm-b", 50)
    mm[1] = len(b)
    mm.flush()
    data2 = _read(p)
    del mm
    return [list(data), list(data2)]


def r236_np_memmap_written_by_file_then_read(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "m2.bin")
    np.arange(4, dtype="int64").tofile(p)
    mm = np.memmap(p, dtype="int64", mode="r", shape=(4,))
    first = int(mm[0])
    a = _get(web, "mw-a", 100)
    with open(p, "r+b") as f:
        f.write(np.array([len(a)], dtype="int64").tobytes())
    second = int(mm[0])
    b = _get(web, "mw-b", 50)
    del mm
    return [first, second, b]


def _late_first(web: str, key: str, arr: Any) -> str:
    v = _get(web, key, 150)
    return f"{v}:{int(arr[0])}"


def r236_np_memmap_read_late_by_helper(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "m3.bin")
    np.arange(4, dtype="int64").tofile(p)
    arr = np.memmap(p, dtype="int64", mode="r", shape=(4,))
    a = _late_first(web, "ml-a", arr)
    with open(p, "r+b") as f:
        f.write(np.array([99], dtype="int64").tobytes())
    b = _get(web, "ml-b", 50)
    out = [a, b, int(arr[0])]
    del arr
    return out


def r236_np_load_mmap_read_late_by_helper(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "m4.npy")
    np.save(p, np.arange(4, dtype="int64"))
    arr = np.load(p, mmap_mode="r")
    offset = arr.offset
    a = _late_first(web, "lm-a", arr)
    with open(p, "r+b") as f:
        f.seek(offset)
        f.write(np.array([77], dtype="int64").tobytes())
    b = _get(web, "lm-b", 50)
    out = [a, b, int(arr[0])]
    del arr
    return out


def r236_np_tofile_fromfile_roundtrip(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "raw.bin")
    vals = np.array([len(_get(web, k, 60)) for k in ("tf-a", "tf-bb")], dtype="int32")
    vals.tofile(p)
    c = _get(web, "tf-c", 50)
    with open(p, "ab") as f:
        np.array([len(c)], dtype="int32").tofile(f)
    back = np.fromfile(p, dtype="int32").tolist()
    _put(web, "tf-back", str(back))
    return back


def r236_np_savez_keys_from_server(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "bundle.npz")
    a = _get(web, "sz-a", 70)
    b = _get(web, "sz-b", 70)
    np.savez(p, a=np.array([len(a)]), b=np.array([len(b)]))
    with np.load(p) as z:
        names = sorted(z.files)
        total = int(z["a"][0] + z["b"][0])
    _put(web, "sz-total", str(total))
    return [names, total]


# ================================================================== Pillow


def r236_pil_image_from_responses(tmp: str, web: str) -> list[Any]:
    vals = [_get(web, k, 60) for k in ("pi-a", "pi-bb", "pi-ccc")]
    im = Image.new("L", (3, 1))
    im.putdata([len(v) * 10 for v in vals])
    p = os.path.join(tmp, "row.png")
    im.save(p)
    with Image.open(p) as back:
        px = list(back.getdata())
    _put(web, "pi-pixels", ",".join(map(str, px)))
    return px


def r236_pil_thumbnail_saved(tmp: str, web: str) -> list[Any]:
    a = _get(web, "th-a", 80)
    big = Image.new("RGB", (64, 32), (len(a) * 10, 40, 80))
    p = os.path.join(tmp, "big.png")
    big.save(p)
    with Image.open(p) as im:
        im.thumbnail((16, 16))
        im.save(os.path.join(tmp, "thumb.png"))
        size = im.size
    b = _get(web, "th-b", 50)
    with Image.open(os.path.join(tmp, "thumb.png")) as t:
        px = t.getpixel((0, 0))
    return [size, list(px), b]


def r236_pil_lazy_open_file_rewritten(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "lazy.png")
    Image.new("RGB", (4, 4), (10, 20, 30)).save(p)
    im = Image.open(p)
    a = _get(web, "lz-a", 100)
    Image.new("RGB", (4, 4), (len(a) * 5, 100, 50)).save(p)
    try:
        px: Any = list(im.getpixel((0, 0)))
    except Exception as exc:  # noqa: BLE001 - a lazy load of a rewritten file may fail
        px = type(exc).__name__
    finally:
        im.close()
    return [a, px]


def _pixel_after(web: str, key: str, im: Any) -> list[Any]:
    v = _get(web, key, 150)
    return [v, list(im.getpixel((0, 0)))]


def r236_pil_lazy_load_by_helper(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "late.bmp")
    Image.new("RGB", (4, 4), (10, 20, 30)).save(p)
    im = Image.open(p)
    try:
        a = _pixel_after(web, "ll-a", im)
        with open(p, "r+b") as f:
            f.seek(-3, os.SEEK_END)
            f.write(bytes([50, 100, 200]))
        b = _get(web, "ll-b", 50)
        return [a, b]
    finally:
        im.close()


def r236_pil_reopen_after_overwrite(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "over.png")
    out = []
    for key in ("ro-a", "ro-bb"):
        v = _get(web, key, 60)
        Image.new("L", (2, 2), len(v) * 20).save(p)
        with Image.open(p) as im:
            out.append(im.getpixel((1, 1)))
    _put(web, "ro-last", str(out[-1]))
    return out


def r236_pil_point_callback_counts(web: str) -> list[Any]:
    calls = [0]

    def lut(v: int) -> int:
        calls[0] += 1
        return 255 - v
    a = _get(web, "pt-a", 100)
    im = Image.new("L", (2, 1), len(a))
    inv = im.point(lut)
    b = _get(web, "pt-b", 50)
    return [inv.getpixel((0, 0)), calls[0], b]


def r236_pil_eval_callback_logs(web: str) -> list[Any]:
    seen: list[int] = []

    def fn(v: int) -> int:
        if v in (0, 255) or v == 42:
            seen.append(v)
        return v // 2
    a = _get(web, "ev-a", 100)
    log.info("evaluating %s", a)
    im = Image.eval(Image.new("L", (1, 1), 42), fn)
    log.info("evaluated %s", sorted(seen))
    b = _get(web, "ev-b", 50)
    return [im.getpixel((0, 0)), sorted(seen), b]


def r236_pil_draw_model_text(tmp: str, web: str) -> list[Any]:
    ans = _ask("caption", 100)
    im = Image.new("L", (40, 10), 0)
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, len(ans) % 40, 5), fill=255)
    p = os.path.join(tmp, "caption.png")
    im.save(p)
    _put(web, "cap-len", str(len(ans)))
    return [ans, im.getbbox(), os.path.getsize(p) > 0]


def r236_pil_bytes_to_server_and_back(web: str) -> list[Any]:
    a = _get(web, "pb-a", 80)
    im = Image.new("L", (2, 2), len(a))
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    _put(web, "pb-img", buf.getvalue().hex())
    back = bytes.fromhex(_get(web, "pb-img", 50))
    with Image.open(io.BytesIO(back)) as im2:
        return [im2.size, im2.getpixel((0, 0))]


def r236_pil_listdir_after_saves(tmp: str, web: str) -> list[Any]:
    for k in ("ls-a", "ls-b"):
        v = _get(web, k, 60)
        Image.new("L", (1, 1), len(v)).save(os.path.join(tmp, f"{k}.png"))
    names = sorted(os.listdir(tmp))
    c = _get(web, "ls-c", 50)
    ImageOps.invert(Image.new("L", (1, 1), len(c))).save(os.path.join(tmp, "ls-c.png"))
    return [names, sorted(os.listdir(tmp))]


def r236_pil_exif_text_from_server(tmp: str, web: str) -> list[Any]:
    a = _get(web, "ex-a", 80)
    im = Image.new("RGB", (2, 2))
    exif = Image.Exif()
    exif[0x010E] = a  # ImageDescription
    p = os.path.join(tmp, "desc.jpg")
    im.save(p, exif=exif, quality=90)
    b = _get(web, "ex-b", 50)
    with Image.open(p) as back:
        desc = back.getexif().get(0x010E)
    _put(web, "ex-desc", str(desc))
    return [desc, b]


# ================================================================== matplotlib


def r236_mpl_plot_responses_savefig(tmp: str, web: str) -> list[Any]:
    try:
        lens = [len(_get(web, k, 60)) for k in ("mp-a", "mp-bb", "mp-ccc")]
        fig = plt.figure(figsize=(2, 1), dpi=30)
        plt.plot(lens)
        p = os.path.join(tmp, "plot.png")
        fig.savefig(p)
        _put(web, "mp-saved", str(os.path.getsize(p) > 0))
        return [lens, plt.get_fignums() != []]
    finally:
        plt.close("all")


def _plot_after(web: str, key: str) -> str:
    v = _get(web, key, 150)
    plt.plot([0, 1], [0, len(v)])
    return v


def r236_mpl_helper_plots_on_current_figure(web: str) -> list[Any]:
    try:
        f1 = plt.figure("first")
        a = _plot_after(web, "cf-a")
        f2 = plt.figure("second")
        b = _get(web, "cf-b", 50)
        return [a, b, len(f1.axes), len(f2.axes), plt.gcf().get_label()]
    finally:
        plt.close("all")


def _line_width_png(tmp: str, name: str, n: int) -> int:
    fig = plt.figure(figsize=(1, 1), dpi=20)
    plt.plot([0, n], [0, n])
    p = os.path.join(tmp, name)
    fig.savefig(p)
    plt.close(fig)
    return plt.rcParams["lines.linewidth"]


def r236_mpl_rcparams_between_saves(tmp: str, web: str) -> list[Any]:
    old = plt.rcParams["lines.linewidth"]
    try:
        a = _get(web, "rc-a", 80)
        w1 = _line_width_png(tmp, "thin.png", len(a))
        plt.rcParams["lines.linewidth"] = 6.0
        b = _get(web, "rc-b", 50)
        w2 = _line_width_png(tmp, "thick.png", len(b))
        return [w1, w2, _read(os.path.join(tmp, "thin.png")) != _read(
            os.path.join(tmp, "thick.png"))]
    finally:
        plt.rcParams["lines.linewidth"] = old


def r236_mpl_rc_context_helper(tmp: str, web: str) -> list[Any]:
    try:
        a = _get(web, "rx-a", 60)
        with matplotlib.rc_context({"lines.linewidth": 5.0}):
            w_in = _line_width_png(tmp, "ctx.png", len(a))
        b = _get(web, "rx-b", 60)
        w_out = _line_width_png(tmp, "out.png", len(b))
        return [w_in, w_out]
    finally:
        plt.close("all")


TICKS: list[str] = []


def _tick(x: float, pos: Any) -> str:
    TICKS.append(f"{x:.0f}")
    return f"<{x:.0f}>"


def r236_mpl_func_formatter_at_save(tmp: str, web: str) -> list[Any]:
    TICKS.clear()
    try:
        a = _get(web, "ff-a", 80)
        fig, ax = plt.subplots(figsize=(2, 1), dpi=30)
        ax.plot([0, len(a)])
        ax.yaxis.set_major_formatter(FuncFormatter(_tick))
        n_before = len(TICKS)
        fig.savefig(os.path.join(tmp, "ticks.png"))
        n_after = len(TICKS) > 0
        b = _get(web, "ff-b", 50)
        return [n_before, n_after, b]
    finally:
        plt.close("all")
        TICKS.clear()


def r236_mpl_draw_event_puts(tmp: str, web: str) -> list[Any]:
    try:
        fig = plt.figure(figsize=(1, 1), dpi=20)
        fig.canvas.mpl_connect("draw_event", lambda ev: _put(web, "drawn", "yes"))
        a = _get(web, "drawn", 80)
        fig.savefig(os.path.join(tmp, "drawn.png"))
        b = _get(web, "drawn", 50)
        return [a, b]
    finally:
        plt.close("all")


def r236_mpl_model_title_saved(tmp: str, web: str) -> list[Any]:
    try:
        t1 = _ask("first title", 100)
        t2 = _ask("second title", 60)
        fig, ax = plt.subplots(figsize=(2, 1), dpi=30)
        ax.set_title(t1[:5])
        fig.savefig(os.path.join(tmp, "t1.png"))
        ax.set_title(t2[:5])
        fig.savefig(os.path.join(tmp, "t2.png"))
        _put(web, "titles", f"{t1[:5]}|{t2[:5]}")
        return [t1, t2]
    finally:
        plt.close("all")


def r236_mpl_gcf_numbers_between_gets(web: str) -> list[Any]:
    try:
        plt.figure(7)
        a = _get(web, "gn-a", 80)
        plt.figure(8)
        b = _get(web, "gn-b", 50)
        plt.close(7)
        c = _get(web, "gn-c", 50)
        return [a, b, c, plt.get_fignums(), plt.gcf().number]
    finally:
        plt.close("all")


def r236_mpl_svg_to_server(web: str) -> list[Any]:
    try:
        a = _get(web, "sv-a", 80)
        fig = plt.figure(figsize=(1, 1))
        plt.text(0.1, 0.5, a[:6])
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None})
        svg = buf.getvalue()
        _put(web, "sv-has-text", str("<svg" in svg))
        return [len(svg) > 100, _get(web, "sv-has-text", 50)]
    finally:
        plt.close("all")


# ================================================================== pydantic

VALIDATED: list[str] = []


class _Item(pydantic.BaseModel):
    key: str
    value: str

    @pydantic.field_validator("value")
    @classmethod
    def _count(cls, v: str) -> str:
        VALIDATED.append(v)
        return v.upper()


def r236_pyd_validator_appends_global(web: str) -> list[Any]:
    VALIDATED.clear()
    a = _Item(key="pv-a", value=_get(web, "pv-a", 120))
    n1 = len(VALIDATED)
    b = _Item(key="pv-b", value=_get(web, "pv-b", 50))
    return [a.value, b.value, n1, list(VALIDATED)]


class _Checked(pydantic.BaseModel):
    web: str
    key: str

    @pydantic.field_validator("key")
    @classmethod
    def _exists(cls, v: str, info: pydantic.ValidationInfo) -> str:
        got = _get(info.data["web"], v, 60)
        if got.startswith("gone"):
            raise ValueError(f"{v} is gone")
        return v


def r236_pyd_validator_gets_server(web: str) -> list[Any]:
    a = _Checked(web=web, key="cg-a")
    _put(web, "cg-b", "gone now")
    try:
        b: Any = _Checked(web=web, key="cg-b").key
    except pydantic.ValidationError as exc:
        b = exc.errors()[0]["msg"]
    return [a.key, b]


class _Audited(pydantic.BaseModel):
    web: str
    name: str

    @pydantic.model_validator(mode="after")
    def _audit(self) -> _Audited:
        _put(self.web, "audit", self.name)
        return self


def r236_pyd_model_validator_puts(web: str) -> list[Any]:
    a = _get(web, "mv-a", 100)
    m = _Audited(web=web, name=a)
    b = _get(web, "audit", 50)
    return [m.name, b]


class _Tracked(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(validate_assignment=True)
    web: str
    value: str = ""

    @pydantic.field_validator("value")
    @classmethod
    def _audit(cls, v: str, info: pydantic.ValidationInfo) -> str:
        if v:
            _put(info.data["web"], "va-audit", v)
        return v


def r236_pyd_validate_assignment_puts(web: str) -> list[Any]:
    m = _Tracked(web=web)
    a = _get(web, "va-a", 100)
    m.value = a
    b = _get(web, "va-audit", 50)
    return [m.value, b]


class _Logged(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(validate_assignment=True)
    n: int = 0

    @pydantic.field_validator("n")
    @classmethod
    def _note(cls, v: int) -> int:
        log.info("n set to %s", v)
        return v


def r236_pyd_validate_assignment_logs(web: str) -> list[Any]:
    m = _Logged()
    log.info("start")
    a = _get(web, "vl-a", 120)
    m.n = len(a)
    b = _get(web, "vl-b", 50)
    m.n = len(b) + 100
    return [m.n, a, b]


class _Strict(pydantic.BaseModel):
    n: int

    @pydantic.field_validator("n")
    @classmethod
    def _small(cls, v: int) -> int:
        if v > 6:
            raise ValueError("too big")
        return v


def r236_pyd_validator_raises_before_put(web: str) -> list[Any]:
    a = _get(web, "vr-a", 80)
    b = _get(web, "vr-bbbbbbb", 50)
    try:
        m = _Strict(n=len(b))
        _put(web, "vr-saved", str(m.n))
        out: Any = m.n
    except pydantic.ValidationError as exc:
        out = exc.error_count()
    return [a, out, _get(web, "vr-saved", 50)]


NEXT_ID = itertools.count(1)
IDS: list[int] = []


def _next_id() -> int:
    n = next(NEXT_ID)
    IDS.append(n)
    return n


class _Row(pydantic.BaseModel):
    value: str
    id: int = pydantic.Field(default_factory=_next_id)


def r236_pyd_default_factory_counter(web: str) -> list[Any]:
    global NEXT_ID
    NEXT_ID = itertools.count(1)
    IDS.clear()
    rows = []
    for k in ("df-a", "df-b"):
        rows.append(_Row(value=_get(web, k, 60)))
    _put(web, "df-ids", ",".join(str(r.id) for r in rows))
    return [[r.id for r in rows], list(IDS)]


class _Priced(pydantic.BaseModel):
    web: str
    key: str

    @pydantic.computed_field  # type: ignore[prop-decorator]
    @property
    def price(self) -> str:
        return _get(self.web, f"price-{self.key}", 60)


def r236_pyd_computed_field_dumped(web: str) -> list[Any]:
    m = _Priced(web=web, key="cp")
    _put(web, "price-cp", "12.50")
    d = m.model_dump(exclude={"web"})
    _put(web, "price-cp", "13.00")
    return [d, m.price]


class _Stamped(pydantic.BaseModel):
    web: str
    name: str

    @pydantic.computed_field  # type: ignore[prop-decorator]
    @property
    def stamp(self) -> int:
        return _put(self.web, "stamped", self.name)


def r236_pyd_repr_runs_computed_put(web: str) -> list[Any]:
    a = _get(web, "rp-a", 100)
    m = _Stamped(web="w", name=a)
    object.__setattr__(m, "web", web)
    text = repr(m)
    b = _get(web, "stamped", 50)
    return [text.replace(web, "<web>"), b]


class _Holder(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
    session: requests.Session
    name: str

    @pydantic.field_serializer("name")
    def _ser(self, v: str) -> str:
        log.info("serialising %s", v)
        return v.upper()


def r236_pyd_dump_model_holding_session(web: str) -> list[Any]:
    with requests.Session() as s:
        h = _Holder(session=s, name="first")
        a = s.get(f"{web}/items/hs-a?ms=100", timeout=5).json()["value"]
        d1 = h.model_dump(exclude={"session"})
        h.name = a
        d2 = h.model_dump_json(exclude={"session"})
        b = s.get(f"{web}/items/hs-b?ms=50", timeout=5).json()["value"]
        return [d1, d2, b]


class _Answer(pydantic.BaseModel):
    name: str
    n: int

    @pydantic.field_validator("name")
    @classmethod
    def _note(cls, v: str) -> str:
        VALIDATED.append(v[:10])
        return v


def r236_pyd_output_validator_appends() -> list[Any]:
    VALIDATED.clear()
    a = models("sim/gpt", "first one", latency=0.15, output=_Answer)
    b = models("sim/gpt", "second one", latency=0.05, output=_Answer)
    return [a.n, b.n, list(VALIDATED)]


class _LoudAnswer(pydantic.BaseModel):
    name: str
    n: int

    @pydantic.field_validator("n")
    @classmethod
    def _log(cls, v: int) -> int:
        log.info("validated n=%s", v)
        return v


def r236_pyd_output_validator_logs() -> list[Any]:
    log.info("asking")
    a = models("sim/gpt", "loud one", latency=0.15, output=_LoudAnswer)
    b = models("sim/gpt", "loud two", latency=0.05, output=_LoudAnswer)
    log.info("asked")
    return [a.n, b.n]


OUT_WEB = [""]


class _PutAnswer(pydantic.BaseModel):
    name: str
    n: int

    @pydantic.model_validator(mode="after")
    def _send(self) -> _PutAnswer:
        _put(OUT_WEB[0], "answers", self.name[:10])
        return self


def r236_pyd_output_validator_puts(web: str) -> list[Any]:
    OUT_WEB[0] = web
    before = _get(web, "answers", 50)
    a = models("sim/gpt", "put one", latency=0.1, output=_PutAnswer)
    after = _get(web, "answers", 50)
    return [before, a.n, after]


class _Counted(pydantic.BaseModel):
    v: str

    def model_post_init(self, context: Any) -> None:
        VALIDATED.append(f"post {self.v}")


def r236_pyd_post_init_counts(web: str) -> list[Any]:
    VALIDATED.clear()
    a = _get(web, "pi2-a", 120)
    m1 = _Counted(v=a)
    n = len(VALIDATED)
    b = _get(web, "pi2-b", 50)
    m2 = _Counted(v=b)
    return [m1.v, m2.v, n, list(VALIDATED)]


def _ta_check(v: str) -> str:
    VALIDATED.append(v)
    if "bad" in v:
        raise ValueError("bad value")
    return v


def r236_pyd_typeadapter_after_validator(web: str) -> list[Any]:
    VALIDATED.clear()
    ta = pydantic.TypeAdapter(list[Annotated[str, pydantic.AfterValidator(_ta_check)]])
    _put(web, "ta-b", "bad one")
    vals = [_get(web, k, 60) for k in ("ta-a", "ta-b")]
    try:
        out: Any = ta.validate_python(vals)
    except pydantic.ValidationError as exc:
        out = exc.error_count()
    c = _get(web, "ta-c", 50)
    return [out, c, list(VALIDATED)]


class _Cmp(pydantic.BaseModel):
    key: str
    value: str


def r236_pyd_models_compared_and_copied(web: str) -> list[Any]:
    a = _Cmp(key="mc", value=_get(web, "mc", 80))
    _put(web, "mc", "changed")
    b = _Cmp(key="mc", value=_get(web, "mc", 50))
    c = a.model_copy(update={"value": "changed"})
    return [a == b, b == c, c.model_dump()]


@pydantic.dataclasses.dataclass
class _PDC:
    key: str
    size: int

    @pydantic.field_validator("size")
    @classmethod
    def _note(cls, v: int) -> int:
        log.info("size %s", v)
        return v


def r236_pyd_dataclass_validator_logs(web: str) -> list[Any]:
    a = _get(web, "pd-a", 120)
    x = _PDC(key="pd-a", size=len(a))
    b = _get(web, "pd-b", 50)
    y = _PDC(key="pd-b", size=len(b))
    return [dataclasses.asdict(x), dataclasses.asdict(y)]


class _SdkHolder(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(arbitrary_types_allowed=True)
    client: Any
    prompt: str

    def ask(self) -> str:
        return _chat(self.client, self.prompt)


def r236_pyd_model_holding_sdk_client(client: Any) -> list[Any]:
    h1 = _SdkHolder(client=client, prompt="one")
    h2 = _SdkHolder(client=client, prompt="two")
    a = h1.ask()
    b = h2.ask()
    return [a, b, h1.model_dump(exclude={"client"})]


# ================================================================== jsonschema


def _fresh(web: str, key: str) -> bool:
    return not _get(web, key, 50).startswith("stale")


def _checker(web: str) -> jsonschema.FormatChecker:
    fc = jsonschema.FormatChecker(formats=())
    fc.checks("fresh-key")(functools.partial(_fresh, web))
    return fc


_FRESH = {"type": "string", "format": "fresh-key"}


def r236_js_format_checker_gets(web: str) -> list[Any]:
    v = jsonschema.Draft202012Validator(_FRESH, format_checker=_checker(web))
    a = v.is_valid("js-a")
    _put(web, "js-b", "stale now")
    b = v.is_valid("js-b")
    return [a, b]


def r236_js_iter_errors_lazy_after_put(web: str) -> list[Any]:
    v = jsonschema.Draft202012Validator(_FRESH, format_checker=_checker(web))
    errors = v.iter_errors("jl-a")
    _put(web, "jl-a", "stale value")
    found = [e.message for e in errors]
    return found


COUNTED: list[str] = []


def _counting_check(v: object) -> bool:
    COUNTED.append(str(v))
    log.info("checked %s", v)
    return isinstance(v, str) and v.startswith("v-")


def r236_js_format_checker_counts_and_logs(web: str) -> list[Any]:
    COUNTED.clear()
    fc = jsonschema.FormatChecker(formats=())
    fc.checks("v-value")(_counting_check)
    schema = {"type": "array", "items": {"type": "string", "format": "v-value"}}
    vals = [_get(web, k, 60) for k in ("jc-a", "jc-b")]
    ok = jsonschema.Draft202012Validator(schema, format_checker=fc).is_valid(vals)
    c = _get(web, "jc-c", 50)
    return [ok, c, list(COUNTED)]


def r236_js_validate_raises_then_put(web: str) -> list[Any]:
    _put(web, "jv-a", "stale thing")
    try:
        jsonschema.validate("jv-a", _FRESH, format_checker=_checker(web))
        _put(web, "jv-ok", "yes")
        out = "valid"
    except jsonschema.ValidationError as exc:
        out = exc.message
    return [out, _get(web, "jv-ok", 50)]


def _keyword_gets(validator: Any, value: Any, instance: Any, schema: Any) -> Iterator[Any]:
    got = _get(value, str(instance), 60)
    log.info("remote check %s -> %s", instance, got)
    if got.startswith("stale"):
        yield jsonschema.ValidationError(f"{instance} is stale")


def r236_js_extended_keyword_gets(web: str) -> list[Any]:
    V = jsonschema.validators.extend(jsonschema.Draft202012Validator,
                                     {"remoteFresh": _keyword_gets})
    v = V({"remoteFresh": web})
    a = [e.message for e in v.iter_errors("jk-a")]
    _put(web, "jk-a", "stale again")
    b = [e.message for e in v.iter_errors("jk-a")]
    return [a, b]


def r236_js_best_match_from_responses(web: str) -> list[Any]:
    vals = {k: _get(web, k, 60) for k in ("bm-a", "bm-b")}
    schema = {"type": "object", "properties": {"bm-a": {"maxLength": 3},
                                               "bm-b": {"pattern": "^x"}}}
    err = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema)
                                           .iter_errors(vals))
    _put(web, "bm-err", err.message if err else "")
    return [err.message if err else None, list(err.path) if err else None]


# ================================================================== PyYAML


class _ItemLoader(yaml.SafeLoader):
    web = ""


def _construct_item(loader: _ItemLoader, node: yaml.Node) -> str:
    key = loader.construct_scalar(node)
    return _get(loader.web, str(key), 60)


_ItemLoader.add_constructor("!item", _construct_item)


def r236_yaml_constructor_gets(web: str) -> list[Any]:
    _ItemLoader.web = web
    doc = "a: !item ya-a\nb: !item ya-b\n"
    _put(web, "ya-b", "put first")
    data = yaml.load(doc, Loader=_ItemLoader)  # noqa: S506 - a SafeLoader subclass
    return data


def r236_yaml_load_all_lazy_after_put(web: str) -> list[Any]:
    _ItemLoader.web = web
    docs = yaml.load_all("--- !item yl-a\n--- !item yl-b\n", Loader=_ItemLoader)  # noqa: S506
    first = next(docs)
    _put(web, "yl-b", "written between")
    rest = list(docs)
    return [first, rest]


class _PutLoader(yaml.SafeLoader):
    web = ""


def _construct_put(loader: _PutLoader, node: yaml.Node) -> int:
    key, _, value = str(loader.construct_scalar(node)).partition("=")
    return _put(loader.web, key, value)


_PutLoader.add_constructor("!put", _construct_put)


def r236_yaml_constructor_puts(web: str) -> list[Any]:
    _PutLoader.web = web
    a = _get(web, "yp-a", 100)
    loaded = yaml.load(f"x: !put yp-a={a}!\n", Loader=_PutLoader)  # noqa: S506
    b = _get(web, "yp-a", 50)
    return [loaded, b]


@dataclasses.dataclass
class _Point:
    x: int
    y: int


DUMPED: list[str] = []


class _PointDumper(yaml.SafeDumper):
    pass


def _represent_point(dumper: yaml.SafeDumper, p: _Point) -> yaml.Node:
    DUMPED.append(f"{p.x},{p.y}")
    log.info("representing %s,%s", p.x, p.y)
    return dumper.represent_scalar("!pt", f"{p.x},{p.y}")


_PointDumper.add_representer(_Point, _represent_point)


def r236_yaml_representer_logs(web: str) -> list[Any]:
    DUMPED.clear()
    a = _get(web, "yr-a", 120)
    text = yaml.dump({"p": _Point(len(a), 1)}, Dumper=_PointDumper)
    b = _get(web, "yr-b", 50)
    return [text, b, list(DUMPED)]


def r236_yaml_global_constructor_restored(web: str) -> list[Any]:
    loader = yaml.SafeLoader
    saved = dict(loader.yaml_constructors)
    try:
        doc = "k: !up hello\n"
        try:
            first: Any = yaml.safe_load(doc)
        except yaml.constructor.ConstructorError as exc:
            first = exc.problem
        a = _get(web, "yg-a", 80)
        loader.add_constructor("!up", lambda ld, n: f"{ld.construct_scalar(n).upper()}-{a}")
        second = yaml.safe_load(doc)
        b = _get(web, "yg-b", 50)
        return [first, second, b]
    finally:
        loader.yaml_constructors = saved


def r236_yaml_file_dump_then_read(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "state.yaml")
    state = {"a": _get(web, "yf-a", 70), "b": _get(web, "yf-b", 70)}
    with open(p, "w") as f:
        yaml.safe_dump(state, f)
    state["c"] = _get(web, "yf-c", 50)
    yaml.safe_dump(state, open(p, "w"))
    back = yaml.safe_load(Path(p).read_text())
    _put(web, "yf-keys", ",".join(sorted(back)))
    return back


# ================================================================== msgpack


def _ext_hook_get(web: str) -> Callable[[int, bytes], Any]:
    def hook(code: int, data: bytes) -> Any:
        return _get(web, data.decode(), 60)
    return hook


def r236_msgpack_ext_hook_gets(web: str) -> list[Any]:
    packed = msgpack.packb([msgpack.ExtType(5, b"mx-a"), msgpack.ExtType(5, b"mx-b")])
    _put(web, "mx-b", "put before unpack")
    return msgpack.unpackb(packed, ext_hook=_ext_hook_get(web))


def _default_logs(obj: Any) -> Any:
    if isinstance(obj, _Point):
        log.info("packing point %s", obj.x)
        return {"pt": [obj.x, obj.y]}
    raise TypeError(repr(obj))


def r236_msgpack_default_hook_logs(web: str) -> list[Any]:
    a = _get(web, "md-a", 120)
    packed = msgpack.packb([_Point(len(a), 2)], default=_default_logs)
    log.info("packed")
    b = _get(web, "md-b", 50)
    return [msgpack.unpackb(packed), b]


def r236_msgpack_object_hook_counts(web: str) -> list[Any]:
    seen: list[str] = []

    def hook(d: dict) -> dict:
        seen.append(",".join(sorted(d)))
        return d
    a = _get(web, "mo-a", 100)
    data = msgpack.unpackb(msgpack.packb({"x": {"y": a}}), object_hook=hook)
    n = len(seen)
    b = _get(web, "mo-b", 50)
    return [data, n, b, seen]


def r236_msgpack_unpacker_streamed_file(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "stream.mp")
    with open(p, "wb") as f:
        for k in ("ms-a", "ms-b"):
            f.write(msgpack.packb({"k": k, "v": _get(web, k, 60)}))
    with open(p, "rb") as f:
        unpacker = msgpack.Unpacker(f)
        first = next(unpacker)
        with open(p, "ab") as g:
            g.write(msgpack.packb({"k": "late", "v": _get(web, "ms-c", 50)}))
        rest = list(unpacker)
    return [first, rest]


def r236_msgpack_ext_hook_puts(web: str) -> list[Any]:
    def hook(code: int, data: bytes) -> Any:
        return _put(web, "mp-ext", data.decode())
    a = _get(web, "mp-a", 100)
    packed = msgpack.packb(msgpack.ExtType(1, a.encode()))
    v = msgpack.unpackb(packed, ext_hook=hook)
    b = _get(web, "mp-ext", 50)
    return [v, b]


# ================================================================== rich


def _console(file: Any, record: bool = False) -> Console:
    return Console(file=file, width=60, color_system=None, record=record,
                   force_terminal=False, log_time=False, log_path=False)


def r236_rich_record_export(web: str) -> list[Any]:
    c = _console(io.StringIO(), record=True)
    for k in ("rr-a", "rr-b"):
        c.print(f"{k}: {_get(web, k, 60)}")
    text = c.export_text()
    _put(web, "rr-export", text)
    return [text, _get(web, "rr-export", 50)]


def r236_rich_print_to_stdout(web: str) -> list[Any]:
    c = _console(sys.stdout)
    a = _get(web, "rs-a", 120)
    c.print(f"first {a}")
    print("plain print")
    b = _get(web, "rs-b", 50)
    c.print(f"second {b}")
    return [a, b]


def r236_rich_console_file_in_tmp(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "rich.txt")
    with open(p, "w") as f:
        c = _console(f)
        c.print(_get(web, "rf-a", 80))
    text = Path(p).read_text()
    with open(p, "a") as f:
        _console(f).print(_get(web, "rf-b", 50))
    return [text, Path(p).read_text()]


class _Remote:
    def __init__(self, web: str, key: str) -> None:
        self.web = web
        self.key = key

    def __rich__(self) -> str:
        return f"[{self.key}={_get(self.web, self.key, 60)}]"


def r236_rich_hook_gets_at_print(web: str) -> list[Any]:
    c = _console(io.StringIO(), record=True)
    r = _Remote(web, "rh-a")
    _put(web, "rh-a", "before print")
    c.print(r)
    _put(web, "rh-a", "after print")
    return [c.export_text()]


class _Stamper:
    def __init__(self, web: str) -> None:
        self.web = web

    def __rich__(self) -> str:
        return f"version {_put(self.web, 'rich-stamp', 'printed')}"


def r236_rich_hook_puts_at_print(web: str) -> list[Any]:
    c = _console(io.StringIO(), record=True)
    a = _get(web, "rp2-a", 100)
    c.print(_Stamper(web))
    b = _get(web, "rich-stamp", 50)
    return [a, c.export_text(), b]


def r236_rich_progress_track_gets(web: str) -> list[Any]:
    c = _console(io.StringIO())
    out = []
    with Progress(console=c, auto_refresh=False, transient=True) as prog:
        for k in prog.track(["rg-a", "rg-b", "rg-c"], description="fetch"):
            out.append(_get(web, k, 50))
    _put(web, "rg-done", str(len(out)))
    return out


def r236_rich_table_from_model_answers(web: str) -> list[Any]:
    t = Table("q", "a")
    for q in ("one", "two"):
        t.add_row(q, _ask(q, 80)[:10])
    c = _console(io.StringIO(), record=True)
    c.print(t)
    text = c.export_text()
    _put(web, "rt-table", str(len(text.splitlines())))
    return [text]


def r236_rich_console_log_then_get(web: str) -> list[Any]:
    c = _console(sys.stdout)
    c.log("starting")
    a = _get(web, "rl-a", 100)
    c.rule(a)
    b = _get(web, "rl-b", 50)
    c.log("done", b)
    return [a, b]


# ================================================================== click


@click.command()
@click.option("--key", multiple=True)
@click.option("--web")
def _fetch_cmd(key: tuple[str, ...], web: str) -> list[str]:
    out = []
    for k in key:
        v = _get(web, k, 60)
        click.echo(f"{k}={v}")
        out.append(v)
    return out


def r236_click_command_in_process(web: str) -> list[Any]:
    before = _get(web, "ck-z", 80)
    print("before", before)
    got = _fetch_cmd.main(["--web", web, "--key", "ck-a", "--key", "ck-b"],
                          prog_name="fetch", standalone_mode=False)
    after = _get(web, "ck-c", 50)
    print("after", after)
    return [got, after]


def _put_callback(ctx: click.Context, param: click.Parameter, value: str) -> str:
    _put(ctx.obj["web"], "ck-seen", value)
    return value.upper()


@click.command()
@click.option("--name", callback=_put_callback)
def _name_cmd(name: str) -> str:
    click.echo(f"hello {name}")
    return name


def r236_click_option_callback_puts(web: str) -> list[Any]:
    a = _get(web, "cb-a", 100)
    got = _name_cmd.main(["--name", a], prog_name="hello", standalone_mode=False,
                         obj={"web": web})
    b = _get(web, "ck-seen", 50)
    return [got, b]


class _ItemType(click.ParamType):
    name = "item"

    def convert(self, value: Any, param: Any, ctx: Any) -> str:
        got = _get(ctx.obj["web"], value, 60)
        if got.startswith("stale"):
            self.fail(f"{value} is stale", param, ctx)
        return got


@click.command()
@click.argument("item", type=_ItemType())
def _item_cmd(item: str) -> str:
    click.echo(f"item {item}")
    return item


def r236_click_param_type_gets(web: str) -> list[Any]:
    a = _item_cmd.main(["ct-a"], prog_name="item", standalone_mode=False, obj={"web": web})
    _put(web, "ct-b", "stale b")
    try:
        b: Any = _item_cmd.main(["ct-b"], prog_name="item", standalone_mode=False,
                                obj={"web": web})
    except click.BadParameter as exc:
        b = exc.format_message()
    return [a, b]


@click.group(chain=True)
def _chain() -> None:
    pass


@_chain.command("get")
@click.argument("key")
@click.pass_obj
def _chain_get(obj: dict, key: str) -> str:
    v = _get(obj["web"], key, 60)
    click.echo(f"got {key}")
    return v


@_chain.command("put")
@click.argument("key")
@click.argument("value")
@click.pass_obj
def _chain_put(obj: dict, key: str, value: str) -> int:
    click.echo(f"put {key}")
    return _put(obj["web"], key, value)


def r236_click_chained_group(web: str) -> list[Any]:
    return _chain.main(["get", "cg2-a", "put", "cg2-a", "new", "get", "cg2-a"],
                       prog_name="chain", standalone_mode=False, obj={"web": web})


@click.command()
@click.option("--n", type=int)
def _guard_cmd(n: int) -> int:
    if n > 5:
        raise click.UsageError("n too big")
    click.echo(f"n={n}")
    return n


def r236_click_usage_error_then_get(web: str) -> list[Any]:
    a = _get(web, "cu-abcdef", 80)
    try:
        out: Any = _guard_cmd.main(["--n", str(len(a))], prog_name="guard",
                                   standalone_mode=False)
        _put(web, "cu-ok", "1")
    except click.UsageError as exc:
        out = exc.format_message()
    return [out, _get(web, "cu-ok", 50)]


def r236_click_echo_to_file(tmp: str, web: str) -> list[Any]:
    p = os.path.join(tmp, "echo.txt")
    with open(p, "w") as f:
        click.echo(_get(web, "ce-a", 80), file=f)
        click.echo(click.style("styled", bold=True), file=f, color=False)
    text = Path(p).read_text()
    click.echo(f"read {len(text)}")
    b = _get(web, "ce-b", 50)
    return [text, b]


# ================================================================== dateutil


def r236_dateutil_dates_round_trip(web: str) -> list[Any]:
    _put(web, "du-start", "2024-02-28T10:00:00+01:00")
    start = dparser.isoparse(_get(web, "du-start", 60))
    due = start + relativedelta.relativedelta(months=+1, days=+1)
    _put(web, "du-due", due.isoformat())
    return [due.isoformat(), _get(web, "du-due", 50)]


def r236_dateutil_rrule_keys_lazy(web: str) -> list[Any]:
    rule = rrule.rrule(rrule.DAILY, count=3, dtstart=datetime.datetime(2024, 1, 30))
    days = iter(rule)
    first = next(days)
    keys = [f"day-{first:%m%d}"] + [f"day-{d:%m%d}" for d in days]
    vals = [_get(web, k, 50) for k in keys]
    return vals


class _CountingInfo(dparser.parserinfo):
    calls = 0

    def month(self, name: str) -> int | None:
        type(self).calls += 1
        return super().month(name)


def r236_dateutil_parserinfo_counts(web: str) -> list[Any]:
    _CountingInfo.calls = 0
    _put(web, "dp-a", "5 March 2024")
    d1 = dparser.parse(_get(web, "dp-a", 60), parserinfo=_CountingInfo())
    n1 = _CountingInfo.calls
    d2 = dparser.parse(_get(web, "dp-b", 50).replace("v-dp-b", "1 June 2023"),
                       parserinfo=_CountingInfo())
    return [d1.isoformat(), d2.isoformat(), n1 > 0, _CountingInfo.calls > n1]


def r236_dateutil_model_dates(web: str) -> list[Any]:
    ans = _ask("when", 100)
    when = datetime.datetime(2024, 1, 1) + relativedelta.relativedelta(days=len(ans))
    _put(web, "dm-when", when.date().isoformat())
    return [when.date().isoformat(), _get(web, "dm-when", 50)]


# ================================================================== sortedcontainers

KEYED: list[str] = []


def r236_sorted_keylist_key_gets(web: str) -> list[Any]:
    def rank(k: str) -> int:
        return len(_get(web, k, 50))
    _put(web, "sk-a", "a long value here")
    sl = SortedKeyList(["sk-a", "sk-b"], key=rank)
    _put(web, "sk-c", "x")
    sl.add("sk-c")
    return list(sl)


def r236_sorted_keylist_key_logs(web: str) -> list[Any]:
    KEYED.clear()

    def key(v: str) -> int:
        KEYED.append(v)
        log.info("key of %s", v)
        return -len(v)
    a = _get(web, "kl-a", 120)
    sl = SortedKeyList(key=key)
    sl.add(a)
    b = _get(web, "kl-bb", 50)
    sl.add(b)
    return [list(sl), list(KEYED)]


def r236_sorteddict_put_in_order(web: str) -> list[Any]:
    sd = SortedDict()
    for k in ("sdo-c", "sdo-a", "sdo-b"):
        sd[_get(web, k, 60)] = k
    for v, k in sd.items():
        _put(web, "sdo-log", f"{k}:{v}")
    return [list(sd), _get(web, "sdo-log", 50)]


def r236_sortedlist_irange_lazy(web: str) -> list[Any]:
    sl = SortedList([1, 5, 9])
    it = sl.irange(2, 20)
    a = _get(web, "ir-a", 80)
    sl.add(len(a))
    sl.discard(9)
    b = _get(web, "ir-b", 50)
    return [list(it), a, b]


class _Prio:
    def __init__(self, name: str, web: str) -> None:
        self.name = name
        self.web = web

    def __lt__(self, other: _Prio) -> bool:
        log.info("cmp %s %s", self.name, other.name)
        return self.name < other.name

    def __repr__(self) -> str:
        return self.name


def r236_sortedlist_user_lt_logs(web: str) -> list[Any]:
    sl = SortedList()
    a = _get(web, "sl-a", 100)
    sl.add(_Prio(a, web))
    b = _get(web, "sl-b", 50)
    sl.add(_Prio(b, web))
    sl.add(_Prio("v-sl-0", web))
    return [repr(list(sl))]


# ================================================================== mixed: SDK, files


def r236_sdk_answers_to_numpy_and_image(tmp: str, client: Any) -> list[Any]:
    a = _chat(client, "first")
    b = _chat(client, "second")
    arr = np.array([len(a), len(b)], dtype="uint8")
    Image.fromarray(arr.reshape(1, 2), mode="L").save(os.path.join(tmp, "ans.png"))
    np.save(os.path.join(tmp, "ans.npy"), arr)
    return arr.tolist()


def r236_models_yaml_file_then_read(tmp: str) -> list[Any]:
    p = os.path.join(tmp, "answers.yaml")
    a = _ask("yaml one", 120)
    with open(p, "w") as f:
        yaml.safe_dump({"a": a}, f)
    b = _ask("yaml two", 60)
    with open(p, "a") as f:
        yaml.safe_dump({"b": b}, f)
    return [yaml.safe_load(Path(p).read_text())]


def r236_models_msgpack_file_append(tmp: str) -> list[Any]:
    p = os.path.join(tmp, "answers.mp")
    for q in ("m1", "m2"):
        with open(p, "ab") as f:
            f.write(msgpack.packb(_ask(q, 80)))
    with open(p, "rb") as f:
        return list(msgpack.Unpacker(f))


def r236_json_default_numpy_ints(web: str) -> list[Any]:
    a = _get(web, "jd-a", 80)
    b = _get(web, "jd-b", 50)
    arr = np.array([len(a), len(b)])

    def default(o: Any) -> Any:
        log.info("converting %s", type(o).__name__)
        return int(o)
    text = json.dumps({"n": arr[0], "m": arr[1]}, default=default)
    _put(web, "jd-out", text)
    return [text, _get(web, "jd-out", 50)]


def r236_np_scalar_format_spec_from_server(web: str) -> list[Any]:
    _put(web, "fs-spec", ">8.3f")
    spec = _get(web, "fs-spec", 60)
    a = _get(web, "fs-a", 60)
    x = np.float64(len(a)) / 7
    text = f"{x:{spec}}"
    print(text)
    _put(web, "fs-out", text)
    return [text]


def r236_np_random_global_seed_in_driver(web: str) -> list[Any]:
    keys = [f"rd-{np.random.randint(20)}" for _ in range(2)]
    vals = [_get(web, k, 50) for k in keys]
    return [keys, vals, int(np.random.randint(20))]


def r236_contextlib_redirect_rich(web: str) -> list[Any]:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        c = _console(sys.stdout)
        c.print(_get(web, "cr-a", 80))
    print("captured", buf.getvalue().strip())
    b = _get(web, "cr-b", 50)
    return [buf.getvalue(), b]


# ================================================================== the list


def _w(env: Env) -> tuple:
    return (env.web,)


def _tw(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def _t(env: Env) -> tuple:
    return (str(env.tmp),)


def _sdk(env: Env) -> tuple:
    return (openai_client(env),)


def _tsdk(env: Env) -> tuple:
    return (str(env.tmp), openai_client(env))


def _c(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    kw.setdefault("servers", "web")
    return Case(cat, fn, args=_w, ideal=ideal, **kw)


def _f(fn: Any, ideal: float = 1.0, cat: str = "files", **kw: Any) -> Case:
    kw.setdefault("servers", "web")
    return Case(cat, fn, args=_tw, ideal=ideal, **kw)


ALL += [
    # numpy: hooks of yours
    _c(r236_np_scalar_radd_puts),
    _c(r236_np_scalar_radd_deferred_puts),
    _c(r236_np_scalar_eq_logs, 170 / 120),
    _c(r236_np_scalar_rmul_gets),
    _c(r236_np_seterrcall_puts),
    Case("state", r236_np_seterrcall_set_by_driver, drive=_drive_seterrcall, servers="web"),
    _c(r236_np_seterr_log_object, 170 / 120, cat="state"),
    _f(r236_np_seterrcall_appends_file, cat="state"),
    _c(r236_np_seterr_log_object_puts, cat="state"),
    _c(r236_np_seterrcall_raises_before_put, cat="state", speculative_reads=True),
    _c(r236_np_seterrcall_overflow_power, cat="state"),
    _c(r236_np_seterrcall_in_helper, cat="state"),
    _c(r236_np_seterrcall_counter_keys, cat="state"),
    Case("state", r236_np_showwarning_set_by_driver, drive=_drive_showwarning, servers="web"),
    Case("state", r236_np_warnings_as_errors_by_driver, drive=_drive_warnings_error,
         servers="web", speculative_reads=True),
    _c(r236_np_errstate_raise_midway, cat="state"),
    _c(r236_np_errstate_helper_divides, 240 / 80, cat="state"),
    _c(r236_np_seterr_warns_between_logs, 150 / 100, cat="state"),
    _c(r236_np_dunder_array_gets),
    _c(r236_np_format_hook_puts),
    _c(r236_np_object_array_str_runs_repr, 170 / 120),
    _c(r236_np_vectorize_fetch, 250 / 150),
    _c(r236_np_frompyfunc_puts),
    _c(r236_np_fromiter_generator_gets),
    _c(r236_np_array_filled_from_responses, 200 / 100, overlap=3),
    _c(r236_np_object_array_ops_run_user_add),
    _c(r236_np_printoptions_between_prints, 200 / 100, cat="state"),
    _c(r236_np_printoptions_via_helper, 240 / 80, cat="state"),
    _c(r236_np_tolist_json_put, 170 / 110),
    # numpy: random state
    _c(r236_np_legacy_random_seeded_keys, 220 / 160, cat="state"),
    _c(r236_np_legacy_random_drawn_in_helper, 170 / 120, cat="state"),
    Case("state", r236_np_legacy_random_between_calls, drive=_drive_seeded, servers="web",
         ideal=260 / 160),
    _c(r236_np_generator_shared_by_helpers, 290 / 150, cat="state"),
    _c(r236_np_generator_keys_then_gets, 200 / 100, cat="state"),
    Case("state", r236_np_generator_choice_model, args=_w, servers="web", ideal=210 / 130),
    _c(r236_np_random_state_object_in_helper, 280 / 140, cat="state"),
    Case("state", r236_np_random_global_seed_in_driver, drive=_drive_seeded, servers="web",
         ideal=2.0),
    # numpy: files
    _f(r236_np_save_load_between_gets, 180 / 130),
    _f(r236_np_savetxt_then_read_text, 170 / 110),
    _f(r236_np_memmap_store_then_read_bytes),
    _f(r236_np_memmap_written_by_file_then_read),
    _f(r236_np_memmap_read_late_by_helper),
    _f(r236_np_load_mmap_read_late_by_helper),
    _f(r236_np_tofile_fromfile_roundtrip, 220 / 160),
    _f(r236_np_savez_keys_from_server, 190 / 120),
    # Pillow
    _f(r236_pil_image_from_responses, 230 / 110, overlap=3),
    _f(r236_pil_thumbnail_saved, 130 / 80),
    _f(r236_pil_lazy_open_file_rewritten),
    _f(r236_pil_lazy_load_by_helper),
    _f(r236_pil_reopen_after_overwrite),
    _c(r236_pil_point_callback_counts, 150 / 100),
    _c(r236_pil_eval_callback_logs, 150 / 100),
    _f(r236_pil_draw_model_text),
    _c(r236_pil_bytes_to_server_and_back),
    _f(r236_pil_listdir_after_saves, 170 / 110),
    _f(r236_pil_exif_text_from_server, 180 / 130),
    # matplotlib
    _f(r236_mpl_plot_responses_savefig, 230 / 110, overlap=3),
    _c(r236_mpl_helper_plots_on_current_figure, 200 / 150, cat="state"),
    _f(r236_mpl_rcparams_between_saves, 130 / 80, cat="state"),
    _f(r236_mpl_rc_context_helper, 120 / 60, cat="state"),
    _f(r236_mpl_func_formatter_at_save, 130 / 80),
    _f(r236_mpl_draw_event_puts),
    _f(r236_mpl_model_title_saved, 210 / 150),
    _c(r236_mpl_gcf_numbers_between_gets, 180 / 80, cat="state"),
    _c(r236_mpl_svg_to_server),
    # pydantic
    _c(r236_pyd_validator_appends_global, 170 / 120, cat="validation"),
    _c(r236_pyd_validator_gets_server, cat="validation"),
    _c(r236_pyd_model_validator_puts, cat="validation"),
    _c(r236_pyd_validate_assignment_puts, cat="validation"),
    _c(r236_pyd_validate_assignment_logs, 170 / 120, cat="validation"),
    _c(r236_pyd_validator_raises_before_put, 180 / 130, cat="validation"),
    _c(r236_pyd_default_factory_counter, 170 / 110, cat="validation"),
    _c(r236_pyd_computed_field_dumped, cat="validation"),
    _c(r236_pyd_repr_runs_computed_put, cat="validation"),
    _c(r236_pyd_dump_model_holding_session, 150 / 100, cat="validation"),
    Case("validation", r236_pyd_output_validator_appends, ideal=200 / 150),
    Case("validation", r236_pyd_output_validator_logs, ideal=200 / 150),
    _c(r236_pyd_output_validator_puts, cat="validation"),
    _c(r236_pyd_post_init_counts, 170 / 120, cat="validation"),
    _c(r236_pyd_typeadapter_after_validator, cat="validation"),
    _c(r236_pyd_models_compared_and_copied, cat="validation"),
    _c(r236_pyd_dataclass_validator_logs, 170 / 120, cat="validation"),
    Case("sdk", r236_pyd_model_holding_sdk_client, args=_sdk, servers="api",
         latency=CLIENT_LAT, ideal=serial_ideal(1, 2, 1)),
    # jsonschema
    _c(r236_js_format_checker_gets, cat="validation"),
    _c(r236_js_iter_errors_lazy_after_put, cat="validation"),
    _c(r236_js_format_checker_counts_and_logs, 170 / 110, cat="validation"),
    _c(r236_js_validate_raises_then_put, cat="validation"),
    _c(r236_js_extended_keyword_gets, cat="validation"),
    _c(r236_js_best_match_from_responses, 170 / 110, cat="validation"),
    # PyYAML
    _c(r236_yaml_constructor_gets),
    _c(r236_yaml_load_all_lazy_after_put),
    _c(r236_yaml_constructor_puts),
    _c(r236_yaml_representer_logs, 170 / 120),
    _c(r236_yaml_global_constructor_restored, 130 / 80, cat="state"),
    _f(r236_yaml_file_dump_then_read, 240 / 120),
    # msgpack
    _c(r236_msgpack_ext_hook_gets),
    _c(r236_msgpack_default_hook_logs, 170 / 120),
    _c(r236_msgpack_object_hook_counts, 150 / 100),
    _f(r236_msgpack_unpacker_streamed_file, 170 / 110),
    _c(r236_msgpack_ext_hook_puts),
    # rich
    _c(r236_rich_record_export, 170 / 110),
    _c(r236_rich_print_to_stdout, 170 / 120),
    _f(r236_rich_console_file_in_tmp, 130 / 80),
    _c(r236_rich_hook_gets_at_print),
    _c(r236_rich_hook_puts_at_print),
    _c(r236_rich_progress_track_gets, 200 / 100, overlap=3),
    Case("helpers", r236_rich_table_from_model_answers, args=_w, servers="web",
         ideal=210 / 130),
    _c(r236_rich_console_log_then_get, 150 / 100),
    _c(r236_contextlib_redirect_rich, 130 / 80),
    # click
    _c(r236_click_command_in_process, 250 / 110),
    _c(r236_click_option_callback_puts),
    _c(r236_click_param_type_gets),
    _c(r236_click_chained_group),
    _c(r236_click_usage_error_then_get, speculative_reads=True),
    _f(r236_click_echo_to_file, 130 / 80),
    # dateutil
    _c(r236_dateutil_dates_round_trip),
    _c(r236_dateutil_rrule_keys_lazy, 150 / 50, overlap=3),
    _c(r236_dateutil_parserinfo_counts, 160 / 110),
    Case("helpers", r236_dateutil_model_dates, args=_w, servers="web"),
    # sortedcontainers
    _c(r236_sorted_keylist_key_gets),
    _c(r236_sorted_keylist_key_logs, 170 / 120),
    _c(r236_sorteddict_put_in_order, 380 / 260),
    _c(r236_sortedlist_irange_lazy, 130 / 80),
    _c(r236_sortedlist_user_lt_logs, 150 / 100),
    # mixed
    Case("sdk", r236_sdk_answers_to_numpy_and_image, args=_tsdk, servers="api",
         latency=CLIENT_LAT, ideal=serial_ideal(1, 2, 1)),
    Case("files", r236_models_yaml_file_then_read, args=_t, ideal=180 / 120),
    Case("files", r236_models_msgpack_file_append, args=_t, ideal=160 / 80),
    _c(r236_json_default_numpy_ints, 180 / 130),
    _c(r236_np_scalar_format_spec_from_server),
]

# The ideals above: each case's latencies over its critical path under a schedule that
# keeps its meaning (independent GETs and model calls overlap until a write they may
# read; hooks of the case's that write run where the library runs them).

_SCALAR = ("numpy's rule for a scalar's arithmetic (`np.generic`'s operators) is 'may warn: "
           "ordered output' on stdout, so the JIT starts the next GET (or file read) beside "
           "the operation; but numpy's error state runs code of the program's there")

FIXED_WHY: dict[str, str] = {
    "r236_np_seterrcall_puts":
        "The plain run divides a float64 by zero under `np.seterr(divide='call')` whose "
        "`seterrcall` handler PUTs fp-errors, then GETs fp-errors and reads the handler's "
        f"value; under jit the GET was sent before the PUT and read 'v-fp-errors': {_SCALAR}.",
    "r236_np_seterrcall_set_by_driver":
        "As r236_np_seterrcall_puts with the error state set by the caller before the call "
        "(nothing in the function's source mentions it): the jitted GET of fp-errors "
        f"crossed the handler's PUT: {_SCALAR}.",
    "r236_np_seterrcall_appends_file":
        "The `seterrcall` handler appends a line to a file in the run's directory and the "
        "function then reads that file: plain reads 'start\\ndivide by zero\\n', the jitted "
        f"read_text ran beside the first GET, before the division, and read 'start\\n': "
        f"{_SCALAR}.",
    "r236_np_seterr_log_object_puts":
        "numpy's 'log' error mode calls the `write` of the object given to `seterrcall`; "
        "this one PUTs the message: plain GETs it back, under jit the GET of fp-log went "
        f"out before the PUT: {_SCALAR}.",
    "r236_np_seterrcall_overflow_power":
        "An overflowing `np.float64 ** np.float64` under `seterr(over='call')` whose handler "
        "PUTs: the following GET of fp-errors crossed the PUT under jit (read the old value): "
        f"{_SCALAR}.",
    "r236_np_seterrcall_in_helper":
        "The scalar division that calls the PUTting `seterrcall` handler sits in a helper "
        "after a GET; the GET after the helper call was started beside the helper under jit "
        f"and read the value before the handler's PUT: {_SCALAR}.",
    "r236_np_showwarning_set_by_driver":
        "The caller replaced `warnings.showwarning` with a function that PUTs (numpy's "
        "default divide='warn' goes through it); plain GETs 'RuntimeWarning' back, the "
        f"jitted GET was sent before the warning's PUT: {_SCALAR} (the warnings module's "
        "hooks).",
}

CASES = [c for c in ALL if c.name not in FAILING_WHY]
FAILING = [c for c in ALL if c.name in FAILING_WHY]
