"""Red-team cases (stop 114): exceptions and control flow around I/O in loops and helpers.

``try/except/else/finally`` with reads and writes inside; ``break``, ``continue`` and
``return`` in ``except`` and ``finally``; errors raised by reads (a 404 through
``raise_for_status``, JSON that does not parse, a ``KeyError`` on an answer);
``contextlib.suppress`` and ``ExitStack``; chaining (``raise ... from``, the implicit
``__context__``, notes, exception groups); retries written by hand with a counter;
``for/else`` and ``while/else``; generators closed early (``break``, ``close()``,
``throw()``, left suspended); errors caught one level up in a helper. Sibling calls get
unequal latencies, slow first, so a wrong reordering shows. `FAILING` holds the cases that
differed or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import sqlite3
import sys
import traceback
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import openai
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam114")

# key, latency (ms): the second item is missing (a 404), slow first.
MIXED = (("a", 150), ("missing-b", 40), ("c", 90))
GOOD = (("a", 150), ("b", 40), ("c", 90))
FOUR = (("a", 150), ("b", 40), ("c", 90), ("d", 60))


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


THREE = over(0.15, 0.04, 0.09)


def url(web: str, k: str, ms: int) -> str:
    return f"{web}/items/{k}?ms={ms}"


def fetch(web: str, k: str, ms: int) -> str:
    """A helper that raises the read's 404."""
    r = requests.get(url(web, k, ms), timeout=5)
    r.raise_for_status()
    return r.json()["value"]


def fetch_or_none(web: str, k: str, ms: int) -> str | None:
    """The 404 caught one level up, in the helper itself."""
    try:
        return fetch(web, k, ms)
    except requests.HTTPError:
        return None


class NotFound(LookupError):
    pass


def fetch_chained(web: str, k: str, ms: int) -> str:
    try:
        return fetch(web, k, ms)
    except requests.HTTPError as exc:
        raise NotFound(f"no {k}") from exc


# =========================================================================== try/except/else/finally


def except_404_continue(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in MIXED:
        r = requests.get(url(web, k, ms), timeout=5)
        try:
            r.raise_for_status()
        except requests.HTTPError as e:
            print("miss", k, e.response.status_code)
            out.append(None)
            continue
        out.append(r.json()["value"])
    return out


def except_else_print_per_item(web: str) -> list[str]:
    out = []
    for k, ms in MIXED:
        try:
            v = fetch(web, k, ms)
        except requests.HTTPError:
            print("failed", k)
        else:
            print("ok", k)
            out.append(v)
        finally:
            print("done", k)
    return out


def else_clause_puts_copy(web: str) -> list[int]:
    codes = []
    for k, ms in MIXED:
        try:
            v = fetch(web, k, ms)
        except requests.HTTPError as e:
            codes.append(e.response.status_code)
        else:
            codes.append(requests.put(f"{web}/items/copy-{k}", data=v, timeout=5).status_code)
    return codes


def finally_lines_file_after_loop(web: str, tmp: str) -> list[str]:
    lines = []
    try:
        for k, ms in MIXED:
            try:
                lines.append(f"{k}={fetch(web, k, ms)}")
            except requests.HTTPError as e:
                lines.append(f"{k}!{e.response.status_code}")
    finally:
        Path(tmp, "out.txt").write_text("\n".join(lines))
    return lines


def raise_in_finally_replaces(web: str) -> Any:
    try:
        try:
            fetch(web, "missing-q", 90)
        finally:
            v = fetch(web, "r", 40)
            raise RuntimeError(f"cleanup failed after {v}")
    except RuntimeError as e:
        return str(e), type(e.__context__).__name__


def assert_on_status_caught(web: str) -> list[str]:
    out = []
    for k, ms in MIXED:
        r = requests.get(url(web, k, ms), timeout=5)
        try:
            assert r.status_code == 200, f"bad {k}: {r.status_code}"
            out.append(r.json()["value"])
        except AssertionError as e:
            out.append(str(e))
    return out


# =========================================================================== break/continue/return in except and finally


def break_in_except_first_missing(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("missing-c", 90), ("d", 60)):
        try:
            v = fetch(web, k, ms)
        except requests.HTTPError:
            print("stop at", k)
            break
        out.append(v)
    print("collected", len(out))
    return out


def _first_failure(web: str, keys: Any) -> Any:
    seen = []
    for k, ms in keys:
        try:
            seen.append(fetch(web, k, ms))
        except requests.HTTPError as e:
            return k, e.response.status_code, seen
    return None, 0, seen


def return_in_except_module_helper(web: str) -> Any:
    return _first_failure(web, (("a", 150), ("b", 40), ("missing-c", 90), ("d", 60)))


def return_in_finally_swallows_404(web: str) -> list[str]:
    out = []
    try:
        for k, ms in MIXED:
            out.append(fetch(web, k, ms))
    finally:
        return out  # noqa: B012


def continue_in_finally_swallows(web: str) -> tuple[list[str], int]:
    out = []
    seen = 0
    for k, ms in MIXED:
        try:
            out.append(fetch(web, k, ms))
        finally:
            seen += 1
            continue  # noqa: B012
    return out, seen


def except_name_unbound_after(web: str) -> str:
    e = "before"
    try:
        fetch(web, "missing-e", 60)
    except requests.HTTPError as e:  # noqa: F841
        print("caught")
    try:
        return str(e)  # noqa: F821
    except NameError as u:
        return type(u).__name__


# =========================================================================== errors raised by reads


def json_error_on_text_route(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in (("t1", 150), ("t2", 40), ("t3", 90)):
        r = requests.get(f"{web}/text/{k}?ms={ms}", timeout=5)
        try:
            out.append(r.json())
        except requests.JSONDecodeError as e:
            out.append(f"{k}: {e.msg} at {e.pos}")
    return out


def keyerror_on_answer_field(web: str) -> list[str]:
    out = []
    for (k, ms), field in zip(GOOD, ("value", "val", "value"), strict=True):
        data = requests.get(url(web, k, ms), timeout=5).json()
        try:
            out.append(data[field])
        except KeyError as e:
            out.append(f"no field {e}")
    return out


def first_error_wins_two_reads(web: str) -> Any:
    a = fetch(web, "missing-slow", 150)
    b = fetch(web, "missing-fast", 40)
    return a, b


def urllib_httperror_body(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in MIXED:
        try:
            with urllib.request.urlopen(url(web, k, ms), timeout=5) as r:
                out.append(json.loads(r.read())["value"])
        except urllib.error.HTTPError as e:
            out.append((e.code, json.loads(e.read())["error"]))
            e.close()
    return out


def httpx_status_error_messages(web: str) -> list[str]:
    out = []
    with httpx.Client(timeout=5) as client:
        for k, ms in MIXED:
            r = client.get(url(web, k, ms))
            try:
                r.raise_for_status()
                out.append(r.json()["value"])
            except httpx.HTTPStatusError as e:
                out.append(f"{e.response.status_code} {e.request.method}")
    return out


def sqlite_with_rollback_on_404(web: str, tmp: str) -> Any:
    conn = sqlite3.connect(Path(tmp, "kv.db"))
    conn.execute("CREATE TABLE kv (k TEXT, v TEXT)")
    conn.commit()
    try:
        with conn:
            for k, ms in MIXED:
                conn.execute("INSERT INTO kv VALUES (?, ?)", (k, fetch(web, k, ms)))
    except requests.HTTPError as e:
        print("rolled back", e.response.status_code)
    n = conn.execute("SELECT COUNT(*) FROM kv").fetchone()[0]
    conn.close()
    return n


# =========================================================================== suppress and ExitStack


def suppress_keyerror_in_loop(web: str) -> dict[str, str]:
    out = {}
    for (k, ms), field in zip(GOOD, ("value", "val", "value"), strict=True):
        with contextlib.suppress(KeyError):
            out[k] = requests.get(url(web, k, ms), timeout=5).json()[field]
    return out


def suppress_http_error_raise_for_status(web: str) -> list[str]:
    out = []
    for k, ms in MIXED:
        with contextlib.suppress(requests.HTTPError):
            r = requests.get(url(web, k, ms), timeout=5)
            r.raise_for_status()
            out.append(r.json()["value"])
            print("kept", k)
    return out


def suppress_in_helper_comp(web: str) -> list[Any]:
    return [_suppressed(web, k, ms) for k, ms in MIXED]


def _suppressed(web: str, k: str, ms: int) -> Any:
    with contextlib.suppress(requests.HTTPError):
        return fetch(web, k, ms)
    return "-"


def exitstack_callbacks_print_lifo(web: str) -> list[str]:
    out = []
    with contextlib.ExitStack() as stack:
        for k, ms in GOOD:
            out.append(fetch(web, k, ms))
            stack.callback(print, "release", k)
        print("body done")
    return out


def exitstack_callback_delete_then_get(web: str) -> list[int]:
    codes = []
    with contextlib.ExitStack() as stack:
        requests.put(f"{web}/items/missing-tmp", data="x", timeout=5)
        stack.callback(requests.delete, f"{web}/items/missing-tmp", timeout=5)
        codes.append(requests.get(url(web, "missing-tmp", 40), timeout=5).status_code)
    codes.append(requests.get(url(web, "missing-tmp", 40), timeout=5).status_code)
    return codes


def exitstack_suppresses_error_of_read(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in MIXED:
        with contextlib.ExitStack() as stack:
            stack.enter_context(contextlib.suppress(requests.HTTPError))
            stack.callback(out.append, f"end {k}")
            out.append(fetch(web, k, ms))
    return out


# =========================================================================== chaining, notes, groups


def raise_from_caught_by_caller(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in MIXED:
        try:
            out.append(fetch_chained(web, k, ms))
        except NotFound as e:
            out.append((str(e), type(e.__cause__).__name__, e.__cause__.response.status_code))
    return out


def raise_from_none_in_loop(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in MIXED:
        try:
            try:
                out.append(fetch(web, k, ms))
            except requests.HTTPError:
                raise KeyError(k) from None
        except KeyError as e:
            out.append((repr(e), e.__suppress_context__, type(e.__context__).__name__))
    return out


def implicit_context_read_in_except(web: str) -> Any:
    try:
        try:
            requests.get(url(web, "a", 150), timeout=5).json()["nope"]
        except KeyError:
            fetch(web, "missing-b", 40)
    except requests.HTTPError as e:
        return type(e.__context__).__name__, str(e.__context__)


def add_note_on_404_reraise(web: str) -> Any:
    try:
        for k, ms in MIXED:
            try:
                fetch(web, k, ms)
            except requests.HTTPError as e:
                e.add_note(f"while fetching {k}")
                raise
    except requests.HTTPError as e:
        return e.__notes__, e.response.status_code


def exception_group_collected(web: str) -> Any:
    errors = []
    values = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90), ("missing-d", 60)):
        try:
            values.append(fetch(web, k, ms))
        except requests.HTTPError as e:
            errors.append(e)
    codes: list[int] = []
    text = ""
    try:
        if errors:
            raise ExceptionGroup("some fetches failed", errors)
    except* requests.HTTPError as eg:
        codes = [x.response.status_code for x in eg.exceptions]
        text = str(eg)
    return values, codes, text


def traceback_format_only(web: str) -> list[str]:
    out = []
    for k, ms in MIXED:
        try:
            r = requests.get(url(web, k, ms), timeout=5)
            r.raise_for_status()
            out.append(r.json()["value"])
        except requests.HTTPError as e:
            out.extend(traceback.format_exception_only(type(e), e))
    return out


# =========================================================================== retries by hand


def retry_per_item_then_fallback(web: str) -> list[str]:
    out = []
    for k, ms in GOOD:
        tries = 0
        while True:
            r = requests.get(f"{web}/status/500?ms={ms}&k={k}&t={tries}", timeout=5)
            if r.status_code < 500 or tries == 1:
                break
            tries += 1
        out.append(f"{k}:{tries}:{requests.get(url(web, k, ms), timeout=5).json()['value']}")
    return out


def _with_retries(web: str, k: str, ms: int, tries: int = 2) -> str:
    last = None
    for attempt in range(tries):
        try:
            return fetch(web, k, ms)
        except requests.HTTPError as e:
            last = e
            LOG.info("retry %s %d", k, attempt)
    raise RuntimeError(f"{k} failed {tries} times") from last


def retry_helper_caught_in_loop(web: str) -> list[str]:
    out = []
    for k, ms in MIXED:
        try:
            out.append(_with_retries(web, k, ms))
        except RuntimeError as e:
            out.append(str(e))
    return out


def retry_openai_bad_request_counter(client: Any) -> list[str]:
    out = []
    for q, lat in (("one", 0.15), ("two", 0.04), ("three", 0.09)):
        temp = 5.0 if q == "two" else 0.0
        tries = 0
        while True:
            try:
                r = client.chat.completions.create(
                    model="gpt", messages=[{"role": "user", "content": q}],
                    temperature=temp, extra_body={"latency": lat})
                out.append(r.choices[0].message.content[:12])
                break
            except openai.BadRequestError:
                tries += 1
                temp = 0.0
                print("retry", q, tries)
    return out


# =========================================================================== for/else and while/else


def for_else_not_found_prints(web: str) -> Any:
    found = None
    for k, ms in GOOD:
        if fetch(web, k, ms).endswith("z"):
            found = k
            break
    else:
        print("none matched")
    return found


def for_else_after_except_continue(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in MIXED:
        try:
            v = fetch(web, k, ms)
        except requests.HTTPError:
            out.append(None)
            continue
        out.append(v)
    else:
        out.append(fetch(web, "tail", 30))
    return out


# =========================================================================== generators closed early


def _values(web: str, keys: Any) -> Iterator[str]:
    try:
        for k, ms in keys:
            yield fetch(web, k, ms)
    finally:
        print("generator closed")


def gen_break_finally_prints(web: str) -> list[str]:
    out = []
    for v in _values(web, FOUR):
        out.append(v)
        if len(out) == 2:
            break
    print("after loop")
    return out


def _values_put_done(web: str, keys: Any) -> Iterator[str]:
    try:
        for k, ms in keys:
            yield fetch(web, k, ms)
    finally:
        requests.put(f"{web}/items/missing-done", data="1", timeout=5)


def gen_close_explicit_then_get(web: str) -> Any:
    gen = _values_put_done(web, FOUR)
    first = next(gen)
    gen.close()
    return first, requests.get(url(web, "missing-done", 40), timeout=5).status_code


def gen_islice_left_suspended(web: str) -> list[str]:
    gen = _values(web, FOUR)
    out = list(itertools.islice(gen, 2))
    print("sliced", len(out))
    return out


# =========================================================================== caught one level up


def helper_catches_listcomp(web: str) -> list[Any]:
    return [fetch_or_none(web, k, ms) for k, ms in MIXED]


def _middle(web: str, k: str, ms: int) -> str:
    return fetch(web, k, ms).upper()


def _outer(web: str, k: str, ms: int) -> str:
    try:
        return _middle(web, k, ms)
    except requests.HTTPError as e:
        return f"<{e.response.status_code}>"


def two_levels_up_dict_comp(web: str) -> dict[str, str]:
    return {k: _outer(web, k, ms) for k, ms in MIXED}


def two_independent_second_fails(web: str) -> Any:
    a = fetch(web, "a", 150)
    try:
        b = fetch(web, "missing-b", 40)
    except requests.HTTPError:
        b = None
    c = fetch(web, "c", 90)
    return a, b, c


def helper_raises_caught_outside_loop(web: str) -> Any:
    out = []
    try:
        for k, ms in MIXED:
            out.append(_middle(web, k, ms))
            print("have", k)
    except requests.HTTPError as e:
        return out, e.response.status_code
    return out, 200


# =========================================================================== attacks: what the except clause changes


def except_puts_key_read_again_later(web: str) -> list[Any]:
    """The except clause creates the missing item; the third read of it must see it."""
    out: list[Any] = []
    for k, ms in (("missing-x", 150), ("a", 40), ("missing-x", 90)):
        try:
            out.append(fetch(web, k, ms))
        except requests.HTTPError:
            requests.put(f"{web}/items/{k}", data="made", timeout=5)
            out.append("created")
    return out


def except_switches_prefix(web: str) -> list[Any]:
    prefix = "missing-"
    out: list[Any] = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        try:
            out.append(fetch(web, prefix + k, ms))
        except requests.HTTPError:
            prefix = ""
            out.append(fetch(web, k, ms))
    return out


def arg_index_error_after_prints(web: str) -> list[str]:
    keys = ["a", "b", "c"]
    out = []
    for i in range(4):
        print("item", i)
        out.append(fetch(web, keys[i], (150, 40, 90, 60)[i]))
    return out


def arg_zero_division_caught(web: str) -> list[Any]:
    out: list[Any] = []
    for i, (k, ms) in enumerate(FOUR):
        try:
            out.append(fetch(web, k, ms + 10 // (2 - i)))
        except ZeroDivisionError:
            print("bad latency for", k)
            out.append(None)
    return out


def return_in_else_first_good(web: str) -> Any:
    for k, ms in (("missing-a", 150), ("b", 40), ("c", 90), ("d", 60)):
        try:
            v = fetch(web, k, ms)
        except requests.HTTPError:
            continue
        else:
            return k, v
    return None


def poll_for_range_break(web: str) -> Any:
    job = requests.post(f"{web}/jobs", timeout=5).json()["id"]
    for i in range(6):  # noqa: B007 - as users write it
        status = requests.get(f"{web}/jobs/{job}", timeout=5).json()["status"]
        if status == "done":
            break
    return job, i


def _report(web: str, k: str, ms: int) -> str:
    kind = sys.exc_info()[0]
    return f"{fetch(web, k, ms)} after {kind.__name__ if kind else None}"


def exc_info_in_helper_from_except(web: str) -> list[str]:
    out = []
    for k, ms in (("missing-a", 150), ("missing-b", 40), ("missing-c", 90)):
        try:
            fetch(web, k, 10)
        except requests.HTTPError:
            out.append(_report(web, k.removeprefix("missing-"), ms))
    return out


def _fallback_fmt(web: str, k: str, ms: int) -> str:
    last = traceback.format_exc().strip().splitlines()[-1]
    return fetch(web, k, ms) + " | " + last.split(":")[0]


def format_exc_in_helper_comp(web: str) -> list[str]:
    try:
        {}["boom"]
    except KeyError:
        return [_fallback_fmt(web, k, ms) for k, ms in GOOD]
    return []


def _reraise_unless_404() -> str:
    exc = sys.exc_info()[1]
    if exc.response.status_code != 404:
        raise  # noqa: PLE0704
    return "404"


def bare_raise_in_helper(web: str) -> list[Any]:
    out: list[Any] = []
    for code, ms in ((404, 150), (404, 40), (500, 90)):
        try:
            requests.get(f"{web}/status/{code}?ms={ms}", timeout=5).raise_for_status()
        except requests.HTTPError:
            try:
                out.append(_reraise_unless_404())
            except requests.HTTPError as e:
                out.append(str(e.response.status_code))
    return out


def context_set_on_fallback_in_loop(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in GOOD:
        try:
            try:
                requests.get(url(web, k, ms), timeout=5).json()["nope"]
            except KeyError:
                fetch(web, "missing-" + k, ms)
        except requests.HTTPError as e:
            out.append((k, type(e.__context__).__name__))
    return out


class _Guard:
    """Swallows a 404 on exit and reads a fallback."""

    def __init__(self, web: str, out: list) -> None:
        self.web = web
        self.out = out

    def __enter__(self) -> _Guard:
        return self

    def __exit__(self, t: Any, e: Any, tb: Any) -> bool:
        if t is requests.HTTPError:
            self.out.append(fetch(self.web, "fallback", 30))
            return True
        return False


def user_cm_swallows_and_reads(web: str) -> list[str]:
    out: list[str] = []
    for k, ms in MIXED:
        with _Guard(web, out):
            out.append(fetch(web, k, ms))
    return out


def _values_put_done2(web: str, keys: Any) -> Iterator[str]:
    try:
        for k, ms in keys:
            yield fetch(web, k, ms)
    finally:
        requests.put(f"{web}/items/missing-fin", data="1", timeout=5)


def gen_suspended_at_return_puts(web: str) -> str:
    gen = _values_put_done2(web, FOUR)
    return next(gen)


def _retry_rec(web: str, k: str, ms: int, left: int) -> str:
    try:
        return fetch(web, k, ms)
    except requests.HTTPError:
        if left == 0:
            return "gone"
        return _retry_rec(web, k.removeprefix("missing-"), ms, left - 1)


def recursive_retry_comp(web: str) -> list[str]:
    return [_retry_rec(web, k, ms, 1) for k, ms in (("missing-a", 150), ("b", 40), ("missing-c", 90))]


def fallback_reads_in_except_overlap(web: str) -> list[str]:
    out = []
    for k, ms in (("missing-a", 150), ("missing-b", 40), ("missing-c", 90)):
        try:
            out.append(fetch(web, k, 20))
        except requests.HTTPError:
            out.append(fetch(web, k.removeprefix("missing-"), ms))
    return out


def bare_except_counts(web: str) -> Any:
    errors = 0
    out = []
    for k, ms in MIXED:
        try:
            out.append(fetch(web, k, ms))
        except:  # noqa: E722
            errors += 1
    return out, errors


def stale_value_after_swallowed_404(web: str) -> list[str]:
    """A failed read leaves the name bound to the previous item's value."""
    out = []
    v = "none yet"
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90), ("missing-d", 60)):
        try:  # noqa: SIM105 - as users write it
            v = fetch(web, k, ms)
        except requests.HTTPError:
            pass
        out.append(v)
    return out


def unbound_after_first_404(web: str) -> list[str]:
    out = []
    for k, ms in (("missing-a", 150), ("b", 40), ("c", 90)):
        try:  # noqa: SIM105 - as users write it
            v = fetch(web, k, ms)
        except requests.HTTPError:
            pass
        try:
            out.append(v)
        except UnboundLocalError:
            out.append("unbound")
    return out


def second_name_unbound_after_404(web: str) -> Any:
    x = y = None
    try:
        x = fetch(web, "a", 150)
        y = fetch(web, "missing-b", 40)
        z = fetch(web, "c", 90)
    except requests.HTTPError:
        pass
    try:
        return x, y, z
    except UnboundLocalError as e:
        return x, y, type(e).__name__


def augmented_total_until_error(web: str) -> Any:
    total = 0
    try:
        for k, ms in (("a", 150), ("bb", 40), ("missing-c", 90), ("d", 60)):
            total += len(fetch(web, k, ms))
    except requests.HTTPError:
        pass
    return total


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(except_404_continue, THREE, cat="validation", overlap=3),
    _w(except_else_print_per_item, THREE, cat="validation", overlap=3),
    _w(else_clause_puts_copy, cat="validation"),
    _w(finally_lines_file_after_loop, THREE, cat="files", args=web_tmp, overlap=3),
    _w(raise_in_finally_replaces, over(0.09, 0.04), cat="validation"),
    _w(assert_on_status_caught, THREE, cat="validation", overlap=3),
    _w(break_in_except_first_missing, cat="validation", speculative_reads=True),
    _w(return_in_except_module_helper, cat="helpers", speculative_reads=True),
    _w(return_in_finally_swallows_404, cat="validation", speculative_reads=True),
    _w(continue_in_finally_swallows, THREE, cat="validation", overlap=3),
    _w(except_name_unbound_after, cat="validation"),
    _w(json_error_on_text_route, THREE, cat="validation", overlap=3),
    _w(keyerror_on_answer_field, THREE, cat="validation", overlap=3),
    _w(first_error_wins_two_reads, cat="validation", speculative_reads=True),
    _w(urllib_httperror_body, THREE, overlap=3),
    _w(httpx_status_error_messages, THREE, overlap=3, cat="clients"),
    _w(sqlite_with_rollback_on_404, cat="db", args=web_tmp, speculative_reads=True),
    _w(suppress_keyerror_in_loop, THREE, overlap=3),
    _w(suppress_http_error_raise_for_status, THREE, overlap=3),
    _w(suppress_in_helper_comp, THREE, cat="helpers", overlap=3),
    _w(exitstack_callbacks_print_lifo, THREE, overlap=3),
    _w(exitstack_callback_delete_then_get),
    _w(exitstack_suppresses_error_of_read, THREE, overlap=3),
    _w(raise_from_caught_by_caller, THREE, cat="helpers", overlap=3),
    _w(raise_from_none_in_loop, THREE, overlap=3),
    _w(implicit_context_read_in_except, cat="validation"),
    _w(add_note_on_404_reraise, cat="validation", speculative_reads=True),
    _w(exception_group_collected, over(0.15, 0.04, 0.09, 0.06), overlap=4),
    _w(traceback_format_only, THREE, overlap=3),
    _w(retry_per_item_then_fallback, (2 * 0.28 + 0.28) / 0.45),
    _w(retry_helper_caught_in_loop, (0.15 + 0.08 + 0.09) / 0.15, cat="helpers"),
    Case("sdk", retry_openai_bad_request_counter, args=oa, servers="api",
         ideal=(0.15 + 0.08 + 0.09) / 0.15),
    _w(for_else_not_found_prints, THREE, overlap=3),
    _w(for_else_after_except_continue, (0.28 + 0.03) / 0.15, overlap=3),
    _w(gen_break_finally_prints, cat="helpers"),
    _w(gen_close_explicit_then_get, cat="helpers"),
    _w(gen_islice_left_suspended, cat="helpers"),
    _w(helper_catches_listcomp, THREE, cat="helpers", overlap=3),
    _w(two_levels_up_dict_comp, THREE, cat="helpers", overlap=3),
    _w(two_independent_second_fails, THREE, cat="validation", overlap=3),
    _w(helper_raises_caught_outside_loop, cat="helpers", speculative_reads=True),
    _w(except_puts_key_read_again_later, cat="state"),
    _w(except_switches_prefix, cat="state"),
    _w(arg_index_error_after_prints, THREE, cat="validation", overlap=3),
    _w(arg_zero_division_caught, (0.155 + 0.05 + 0.05) / 0.155, cat="validation"),
    _w(return_in_else_first_good, cat="validation"),
    _w(poll_for_range_break, cat="validation"),
    _w(exc_info_in_helper_from_except, 0.31 / 0.16, cat="helpers"),
    _w(format_exc_in_helper_comp, THREE, cat="helpers"),
    _w(bare_raise_in_helper, THREE, cat="helpers"),
    _w(context_set_on_fallback_in_loop, THREE, cat="validation"),
    _w(user_cm_swallows_and_reads, (0.15 + 0.07 + 0.09) / 0.15, cat="helpers"),
    _w(gen_suspended_at_return_puts, cat="helpers", calls=2),
    _w(recursive_retry_comp, 0.52 / 0.30, cat="helpers"),
    _w(fallback_reads_in_except_overlap, 0.34 / 0.17, cat="validation", overlap=3),
    _w(bare_except_counts, THREE, cat="validation"),
    _w(stale_value_after_swallowed_404, over(0.15, 0.04, 0.09, 0.06), overlap=4),
    _w(unbound_after_first_404, THREE, overlap=3),
    _w(second_name_unbound_after_404, cat="validation", speculative_reads=True),
    _w(augmented_total_until_error, cat="validation", speculative_reads=True),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
