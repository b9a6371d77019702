"""Red-team cases (stop 139): exceptions and what they carry, compared exactly.

Each function catches what it raises at the end and returns a description of it built
from ``type(e).__name__``, ``str(e)``, ``e.args``, ``repr(e.__cause__)``,
``repr(e.__context__)``, ``e.__suppress_context__``, ``__notes__`` and, for an
``ExceptionGroup``, its exceptions in order (`desc`); some let theirs escape so the
harness compares them. Shapes: ``raise X from e`` and ``raise X from None`` around GETs
and model calls, an exception raised in a ``finally`` or an ``except`` while another is
handled (implicit ``__context__``), ``add_note`` after a failed request,
``raise_for_status`` on ``/status/404`` and ``/status/500`` wrapped in the user's own
exception class, retries that collect each attempt's error and raise the last with the
others as notes, ``asyncio.TaskGroup`` and ``asyncio.gather`` with two failing requests,
helpers that re-raise with a bare ``raise``, ``except*``, ``contextlib.suppress`` around
one of three reads, failures in comprehensions of reads where a later item fails faster,
``KeyError``/``JSONDecodeError`` from parsing answers, messages that carry the URL or the
key, ``sys.exc_info()`` read by a helper called from an ``except`` block, the name bound
by ``except ... as e`` deleted at the block's end, tracebacks and stacks read into messages.
Sibling calls get unequal latencies, slow first. `FAILING` holds the cases that differed
or crashed under jit when written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sys
import threading
import traceback
import urllib.error
import urllib.request
from typing import Any

import httpx
import openai
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam139")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def desc(e: BaseException) -> dict[str, Any]:
    """What an exception carries, as plain data."""
    d: dict[str, Any] = {
        "type": type(e).__name__,
        "str": str(e),
        "args": [repr(a) for a in e.args],
        "cause": repr(e.__cause__),
        "context": repr(e.__context__),
        "suppress": e.__suppress_context__,
        "notes": getattr(e, "__notes__", None),
    }
    if isinstance(e, BaseExceptionGroup):
        d["group"] = [desc(x) for x in e.exceptions]
    return d


def user(text: str) -> dict[str, str]:
    return {"role": "user", "content": text}


def ask(client: Any, prompt: str, lat: float, **kw: Any) -> str:
    r = client.chat.completions.create(model="gpt", messages=[user(prompt)],
                                       extra_body={"latency": lat}, **kw)
    return r.choices[0].message.content


def _checked(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    r.raise_for_status()
    return r.json()["value"]


class FetchError(Exception):
    """The user's own error: what was fetched, and the status."""

    def __init__(self, url: str, status: int) -> None:
        super().__init__(url, status)
        self.url = url
        self.status = status

    def __str__(self) -> str:
        return f"fetch failed ({self.status}): {self.url}"


class ModelError(RuntimeError):
    pass


# =========================================================================== raise from


def r139_raise_from_in_except_get(web: str) -> Any:
    out = []
    try:
        for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
            try:
                out.append(_checked(web, k, ms))
            except requests.HTTPError as e:
                raise LookupError(f"item {k} not found") from e
    except LookupError as e:
        return out, desc(e)
    return out


def r139_raise_from_none_get(web: str) -> Any:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    try:
        try:
            r = requests.get(f"{web}/status/404?ms=40")
            r.raise_for_status()
        except requests.HTTPError:
            raise KeyError("status-404") from None
    except KeyError as e:
        return a, desc(e)
    return a


def r139_raise_from_model_call(client: Any) -> Any:
    first = ask(client, "Name a colour.", 0.15)
    try:
        try:
            second = ask(client, "Name a fruit.", 0.04, temperature=5.0)
        except openai.BadRequestError as e:
            raise ModelError(f"refused after {len(first)} chars") from e
    except ModelError as e:
        return desc(e), repr(e.__cause__.body)
    return second


def r139_raise_from_none_model_call(client: Any) -> Any:
    a = ask(client, "One", 0.15)
    b = ask(client, "Two", 0.04)
    try:
        try:
            ask(client, "Three", 0.09, max_tokens=-1)
        except openai.BadRequestError:
            raise ValueError(f"bad max_tokens after {a[:8]!r} and {b[:8]!r}") from None
    except ValueError as e:
        return desc(e)
    return None


def r139_uncaught_raise_from_escapes(web: str) -> str:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    try:
        _checked(web, "missing-q", 40)
    except requests.HTTPError as e:
        raise FetchError(f"{web}/items/missing-q", e.response.status_code) from e
    return a


# =========================================================================== implicit context


def r139_context_from_get_in_except(web: str) -> Any:
    try:
        try:
            _checked(web, "missing-a", 150)
        except requests.HTTPError:
            r = requests.get(f"{web}/status/500?ms=40")
            r.raise_for_status()
    except requests.HTTPError as e:
        return desc(e)
    return None


def r139_finally_raises_while_handling(web: str) -> Any:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    try:
        try:
            requests.get(f"{web}/status/404?ms=40").raise_for_status()
        finally:
            c = requests.get(f"{web}/items/c?ms=90").json()
            raise RuntimeError(f"cleanup saw {c['value']}")
    except RuntimeError as e:
        return a, desc(e)


def r139_context_model_error_in_http_except(client: Any, web: str) -> Any:
    try:
        try:
            requests.get(f"{web}/status/404?ms=150").raise_for_status()
        except requests.HTTPError as e:
            ask(client, f"Explain {e.response.status_code}", 0.04, temperature=9.0)
    except openai.BadRequestError as e:
        return desc(e), e.status_code


def r139_return_in_finally_swallows(web: str) -> Any:
    out = []

    def inner() -> str:
        try:
            return _checked(web, "missing-s", 150)
        finally:
            out.append(requests.get(f"{web}/items/b?ms=40").json()["value"])
            return "swallowed"  # noqa: B012, SIM107

    out.append(inner())
    out.append(requests.get(f"{web}/items/c?ms=90").json()["value"])
    return out


# =========================================================================== notes


def r139_add_note_after_failed_get(web: str) -> Any:
    got = []
    try:
        for k, ms in (("a", 150), ("b", 40), ("missing-c", 90)):
            url = f"{web}/items/{k}?ms={ms}"
            r = requests.get(url)
            try:
                r.raise_for_status()
            except requests.HTTPError as e:
                e.add_note(f"while fetching {url}")
                e.add_note(f"after {len(got)} items")
                raise
            got.append(r.json()["value"])
    except requests.HTTPError as e:
        return got, desc(e)
    return got


def r139_note_on_model_error(client: Any) -> Any:
    out = []
    try:
        for i, (q, lat) in enumerate((("Alpha", 0.15), ("Beta", 0.04), ("Gamma", 0.09))):
            try:
                out.append(ask(client, q, lat, temperature=3.0 if i == 1 else 0.5)[:12])
            except openai.BadRequestError as e:
                e.add_note(f"question {i}: {q}")
                raise
    except openai.BadRequestError as e:
        return out, desc(e)
    return out


def r139_uncaught_with_note_escapes(web: str) -> str:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    r = requests.get(f"{web}/status/500?ms=40")
    try:
        r.raise_for_status()
    except requests.HTTPError as e:
        e.add_note(f"a was {a}")
        raise
    return a


def r139_retry_collect_notes(web: str) -> Any:
    errors: list[Exception] = []
    for attempt, ms in enumerate((150, 40, 90)):
        try:
            r = requests.get(f"{web}/status/{500 if attempt < 2 else 503}?ms={ms}&try={attempt}")
            r.raise_for_status()
            return r.json()
        except requests.HTTPError as e:
            errors.append(e)
    last = errors[-1]
    for prior in errors[:-1]:
        last.add_note(f"earlier: {prior}")
    try:
        raise last
    except requests.HTTPError as e:
        return desc(e)


def r139_retry_per_key_notes(web: str) -> Any:
    results = {}
    failures = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90), ("missing-d", 20)):
        try:
            results[k] = _checked(web, k, ms)
        except requests.HTTPError as e:
            failures.append(e)
    if failures:
        err = RuntimeError(f"{len(failures)} of 4 failed")
        for f in failures:
            err.add_note(str(f))
        try:
            raise err from failures[0]
        except RuntimeError as e:
            return results, desc(e)
    return results


# =========================================================================== user exception classes


def r139_wrap_404_and_500_user_class(web: str) -> Any:
    out = []
    for path in ("/status/404?ms=150", "/status/500?ms=40", "/items/a?ms=90"):
        url = web + path
        try:
            r = requests.get(url)
            r.raise_for_status()
            out.append(r.json())
        except requests.HTTPError as e:
            try:
                raise FetchError(url, e.response.status_code) from e
            except FetchError as fe:
                out.append(desc(fe))
    return out


def r139_user_class_uncaught_404(web: str) -> Any:
    vals = []
    for path in ("/items/a?ms=150", "/status/404?ms=40", "/items/c?ms=90"):
        r = requests.get(web + path)
        if r.status_code >= 400:
            raise FetchError(web + path, r.status_code)
        vals.append(r.json()["value"])
    return vals


class NoisyError(Exception):
    def __init__(self, msg: str) -> None:
        print("building NoisyError:", msg)
        super().__init__(msg)


def r139_exception_init_prints(web: str) -> Any:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        r = requests.get(f"{web}/items/{k}?ms={ms}")
        print("status", k, r.status_code)
        if r.status_code == 404:
            try:
                raise NoisyError(r.json()["error"])
            except NoisyError as e:
                out.append(desc(e))
        else:
            out.append(r.json()["value"])
    return out


# =========================================================================== helpers and bare raise


def _fetch_logged(web: str, key: str, ms: int) -> str:
    try:
        r = requests.get(f"{web}/items/{key}?ms={ms}")
        r.raise_for_status()
    except requests.HTTPError:
        LOG.warning("fetch of %s failed", key)
        raise
    return r.json()["value"]


def r139_helper_bare_reraise(web: str) -> Any:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        try:
            out.append(_fetch_logged(web, k, ms))
        except requests.HTTPError as e:
            out.append(desc(e))
    return out


def _reraise_typed(web: str, key: str, ms: int) -> str:
    try:
        return _checked(web, key, ms)
    except requests.HTTPError as e:
        raise type(e)(f"{e} [key={key}]") from e


def r139_helper_reraise_same_type_more_info(web: str) -> Any:
    try:
        return [_reraise_typed(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("missing-c", 90))]
    except requests.HTTPError as e:
        return desc(e)


def _note_current(web: str, key: str, ms: int) -> str:
    et, ev, _ = sys.exc_info()
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    return f"{key}={r.json()['value']} during {et.__name__ if et else None}: {ev}"


def r139_exc_info_after_gets_in_except(web: str) -> Any:
    try:
        _checked(web, "missing-e", 150)
    except requests.HTTPError:
        a = requests.get(f"{web}/items/a?ms=40").json()["value"]
        b = requests.get(f"{web}/items/b?ms=90").json()["value"]
        et, ev, _ = sys.exc_info()
        return a, b, et.__name__, str(ev)
    return None


def r139_logging_exception_in_loop(web: str) -> list[Any]:
    out = []
    for k, ms in (("missing-a", 150), ("b", 40), ("missing-c", 90)):
        try:
            out.append(_checked(web, k, ms))
        except requests.HTTPError as e:
            LOG.exception("failed %s: %s", k, e)
            out.append(None)
    return out


def r139_except_name_deleted(web: str) -> Any:
    e = "before"
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    try:
        _checked(web, "missing-n", 40)
    except requests.HTTPError as e:  # noqa: F811
        msg = str(e)
    try:
        return a, msg, e  # noqa: F821
    except UnboundLocalError as u:
        return a, msg, desc(u)


def r139_traceback_frame_names(web: str) -> Any:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    try:
        b = _checked(web, "missing-t", 40)
    except requests.HTTPError as e:
        names = [f.name for f in traceback.extract_tb(e.__traceback__)]
        return a, names
    return a, b


# =========================================================================== async: TaskGroup, gather


async def _afetch(client: httpx.AsyncClient, url: str) -> Any:
    r = await client.get(url)
    r.raise_for_status()
    return r.json()


async def r139_taskgroup_two_failures(web: str) -> Any:
    result = None
    async with httpx.AsyncClient() as client:
        try:
            async with asyncio.TaskGroup() as tg:
                tg.create_task(_afetch(client, f"{web}/status/404?ms=150"))
                tg.create_task(_afetch(client, f"{web}/status/500?ms=40"))
                tg.create_task(_afetch(client, f"{web}/items/a?ms=90"))
        except* httpx.HTTPStatusError as eg:
            result = desc(eg)
    return result


async def r139_gather_return_exceptions_true(web: str) -> Any:
    async with httpx.AsyncClient() as client:
        got = await asyncio.gather(_afetch(client, f"{web}/status/404?ms=150"),
                                   _afetch(client, f"{web}/items/b?ms=40"),
                                   _afetch(client, f"{web}/status/500?ms=90"),
                                   return_exceptions=True)
    return [desc(g) if isinstance(g, BaseException) else g for g in got]


async def r139_gather_first_failure_wins(web: str) -> Any:
    async with httpx.AsyncClient() as client:
        try:
            await asyncio.gather(_afetch(client, f"{web}/status/404?ms=150"),
                                 _afetch(client, f"{web}/status/500?ms=40"))
        except httpx.HTTPStatusError as e:
            out = desc(e)
        await asyncio.sleep(0.15)  # let the slower one land before the client closes
    return out


async def r139_await_in_order_first_listed_wins(web: str) -> Any:
    async with httpx.AsyncClient() as client:
        try:
            a = await _afetch(client, f"{web}/status/404?ms=150")
            b = await _afetch(client, f"{web}/status/500?ms=40")
            return a, b
        except httpx.HTTPStatusError as e:
            return desc(e)


async def r139_async_uncaught_escapes(web: str) -> Any:
    async with httpx.AsyncClient() as client:
        a = await _afetch(client, f"{web}/items/a?ms=150")
        b = await _afetch(client, f"{web}/items/missing-b?ms=40")
        return a, b


# =========================================================================== except*, groups


def r139_except_star_built_group(web: str) -> Any:
    errors: list[Exception] = []
    for k, ms in (("missing-a", 150), ("b", 40), ("missing-c", 90)):
        try:
            _checked(web, k, ms)
        except requests.HTTPError as e:
            errors.append(e)
    try:
        data = requests.get(f"{web}/items/d?ms=20").json()
        data["missing"]
    except KeyError as e:
        errors.append(e)
    seen = []
    try:
        raise ExceptionGroup("batch failed", errors)
    except* requests.HTTPError as eg:
        seen.append(desc(eg))
        print("http errors:", len(eg.exceptions))
    except* KeyError as eg:
        seen.append(desc(eg))
        print("key errors:", len(eg.exceptions))
    return seen


def r139_nested_group_escapes_as_group(web: str) -> Any:
    inner = []
    for k, ms in (("missing-a", 150), ("missing-b", 40)):
        try:
            _checked(web, k, ms)
        except requests.HTTPError as e:
            inner.append(e)
    try:
        requests.get(f"{web}/status/500?ms=90").raise_for_status()
    except requests.HTTPError as e:
        outer = e
    try:
        raise ExceptionGroup("outer", [ExceptionGroup("items", inner), outer])
    except* requests.HTTPError as eg:
        got = desc(eg)
    return got


# =========================================================================== suppress, comprehensions


def r139_suppress_one_of_three(web: str) -> Any:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    b = None
    with contextlib.suppress(KeyError):
        b = requests.get(f"{web}/items/missing-b?ms=40").json()["value"]
    c = requests.get(f"{web}/items/c?ms=90").json()["value"]
    return a, b, c


def r139_suppress_httperror_then_print(web: str) -> Any:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90)):
        with contextlib.suppress(requests.HTTPError):
            out.append(_checked(web, k, ms))
            print("ok", k)
    return out


def r139_comp_first_failure_list_order(web: str) -> Any:
    items = [("a", 150), ("missing-x", 90), ("missing-y", 20)]
    try:
        return [_checked(web, k, ms) for k, ms in items]
    except requests.HTTPError as e:
        return desc(e)


def r139_loop_first_failure_list_order_inline(web: str) -> Any:
    out = []
    try:
        for k, ms in (("a", 150), ("missing-x", 90), ("missing-y", 20)):
            data = requests.get(f"{web}/items/{k}?ms={ms}").json()
            if "error" in data:
                raise LookupError(data["error"])
            out.append(data["value"])
    except LookupError as e:
        return out, desc(e)
    return out


def r139_dict_comp_keyerror_names_key(web: str) -> Any:
    try:
        return {k: requests.get(f"{web}/items/{k}?ms={ms}").json()["value" if k != "b" else "val_" + k]
                for k, ms in (("a", 150), ("b", 40), ("c", 20))}
    except KeyError as e:
        return desc(e)


def r139_comp_uncaught_later_fails_faster(web: str) -> list[str]:
    keys = [("a", 150), ("missing-slow", 90), ("missing-fast", 20)]
    return [_checked(web, k, ms) for k, ms in keys]


# =========================================================================== parsing answers


def r139_json_decode_of_answers(client: Any) -> Any:
    out = []
    for q, lat in (("Return JSON for a", 0.15), ("Return JSON for b", 0.04),
                   ("Return JSON for c", 0.09)):
        text = ask(client, q, lat)
        try:
            out.append(json.loads(text))
        except json.JSONDecodeError as e:
            out.append((desc(e), e.pos, e.lineno, e.colno))
    return out


def r139_requests_json_decode_error(web: str) -> Any:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    try:
        requests.get(f"{web}/text/b?ms=40").json()
    except requests.exceptions.JSONDecodeError as e:
        return a, desc(e), isinstance(e, json.JSONDecodeError)
    return a


def r139_keyerror_from_answers_dict(client: Any) -> Any:
    answers = {}
    for name, lat in (("alpha", 0.15), ("beta", 0.04), ("gamma", 0.09)):
        answers[name] = ask(client, f"Describe {name}", lat)
    try:
        return [answers[k][:10] for k in ("alpha", "delta", "gamma")]
    except KeyError as e:
        return desc(e), sorted(answers)


# =========================================================================== messages with url / key


def r139_httpx_status_error_message(web: str) -> Any:
    out = []
    with httpx.Client() as client:
        for path in ("/status/404?ms=150", "/status/500?ms=40", "/items/a?ms=90"):
            r = client.get(web + path)
            try:
                r.raise_for_status()
                out.append(r.json())
            except httpx.HTTPStatusError as e:
                out.append((desc(e), str(e.request.url), e.response.status_code))
    return out


def r139_urllib_http_error(web: str) -> Any:
    out = []
    for path in ("/items/a?ms=150", "/status/404?ms=40", "/status/500?ms=90"):
        try:
            with urllib.request.urlopen(web + path) as resp:
                out.append(json.load(resp))
        except urllib.error.HTTPError as e:
            out.append((desc(e), e.code, e.reason, e.url, json.loads(e.read())))
            e.close()
    return out


def r139_read_timeout_message(web: str) -> Any:
    a = requests.get(f"{web}/items/a?ms=150").json()["value"]
    try:
        requests.get(f"{web}/items/slow?ms=300", timeout=0.1)
    except requests.Timeout as e:
        return a, type(e).__name__, "Read timed out" in str(e), str(e).split(":")[0]
    return a


def r139_key_in_message_raise_from_none(web: str) -> Any:
    values = {}
    try:
        for k, ms in (("a", 150), ("b", 40), ("missing-k", 90)):
            data = requests.get(f"{web}/items/{k}?ms={ms}").json()
            try:
                values[k] = data["value"]
            except KeyError:
                raise KeyError(f"{k}: {data}") from None
    except KeyError as e:
        return values, desc(e)
    return values


def r139_url_in_message_uncaught(web: str) -> Any:
    out = []
    for k, ms in (("a", 150), ("b", 40), ("missing-c", 90)):
        url = f"{web}/items/{k}?ms={ms}"
        r = requests.get(url)
        if not r.ok:
            raise RuntimeError(f"GET {url} -> {r.status_code}: {r.text}")
        out.append(r.json()["value"])
    return out


# =========================================================================== the handler's state in helpers


def _get_or_reraise(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    if r.status_code != 200:
        raise  # noqa: PLE0704 - re-raises what the caller is handling
    return r.json()["value"]


def r139_helper_bare_raise_reraises_callers(web: str) -> Any:
    try:
        requests.get(f"{web}/status/500?ms=10").raise_for_status()
    except requests.HTTPError:
        try:
            return [_get_or_reraise(web, k, ms)
                    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90))]
        except requests.HTTPError as e:
            return desc(e)
    return None


def r139_helper_exc_info_in_except_comp(web: str) -> Any:
    try:
        requests.get(f"{web}/status/404?ms=10").raise_for_status()
    except requests.HTTPError:
        return [_note_current(web, k, ms) for k, ms in (("a", 150), ("b", 40), ("c", 90))]
    return None


def _noisy_get(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    if r.status_code == 404:
        raise NoisyError(f"{key} missing")
    return r.json()["value"]


def r139_helper_raises_printing_error(web: str) -> Any:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90), ("missing-d", 20)):
        try:
            out.append(_noisy_get(web, k, ms))
        except NoisyError as e:
            out.append(str(e))
        print("done", k)
    return out


_TLS = threading.local()


def _fetch_remember(web: str, key: str, ms: int) -> str | None:
    try:
        return _checked(web, key, ms)
    except requests.HTTPError as e:
        _TLS.last = str(e)
        return None


def r139_thread_local_last_error(web: str) -> Any:
    _TLS.last = None
    vals = [_fetch_remember(web, k, ms) for k, ms in (("a", 150), ("missing-b", 40), ("c", 90))]
    return vals, _TLS.last


def r139_local_exception_class_qualname(web: str) -> Any:
    class BadItem(Exception):
        pass

    vals = [requests.get(f"{web}/items/{k}?ms={ms}") for k, ms in
            (("a", 150), ("missing-b", 40), ("c", 90))]
    try:
        for r in vals:
            if not r.ok:
                raise BadItem(r.json()["error"])
    except BadItem as e:
        return type(e).__qualname__, type(e).__module__, desc(e)
    return None


def r139_traceback_names_comp(web: str) -> Any:
    try:
        return [_checked(web, k, ms) for k, ms in (("a", 150), ("missing-b", 40))]
    except requests.HTTPError as e:
        return [f.name for f in traceback.extract_tb(e.__traceback__)]


def r139_traceback_user_frame_line(web: str) -> Any:
    try:
        return [_checked(web, k, ms) for k, ms in (("a", 150), ("missing-b", 40), ("c", 90))]
    except requests.HTTPError as e:
        first = traceback.extract_tb(e.__traceback__)[0]
        here = r139_traceback_user_frame_line.__code__.co_firstlineno
        return first.lineno - here, first.line, first.filename.rsplit("/", 1)[-1]


def r139_assert_with_url_escapes(web: str) -> Any:
    rs = [requests.get(f"{web}/items/{k}?ms={ms}") for k, ms in
          (("a", 150), ("missing-b", 40), ("c", 90))]
    for r in rs:
        assert r.ok, f"{r.url} -> {r.status_code}"
    return [r.json()["value"] for r in rs]


def r139_error_report_put_after_failure(web: str) -> Any:
    try:
        vals = [_checked(web, k, ms) for k, ms in (("a", 150), ("missing-b", 40), ("c", 90))]
    except requests.HTTPError as e:
        requests.put(f"{web}/items/last-error", data=str(e))
        vals = None
    return vals, requests.get(f"{web}/items/last-error").json()["value"]


async def r139_async_loop_later_fails_faster(web: str) -> Any:
    vals, errs = [], []
    async with httpx.AsyncClient() as client:
        for k, ms in (("a", 150), ("missing-x", 90), ("missing-y", 20)):
            try:
                vals.append((await _afetch(client, f"{web}/items/{k}?ms={ms}"))["value"])
            except httpx.HTTPStatusError as e:
                errs.append(desc(e))
                break
    return vals, errs


# =========================================================================== names left unbound, else clauses


def r139_unbound_after_suppressed_failure(web: str) -> Any:
    with contextlib.suppress(requests.HTTPError):
        a = _checked(web, "missing-a", 150)
    b = _checked(web, "b", 40)
    c = _checked(web, "c", 90)
    try:
        return a, b, c
    except UnboundLocalError as e:
        return desc(e), b, c


def r139_stale_value_after_except_pass(web: str) -> list[str]:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40), ("c", 90), ("missing-d", 20)):
        try:  # noqa: SIM105 - the plain try/except/pass users write
            value = _checked(web, k, ms)
        except requests.HTTPError:
            pass
        out.append(value)
    return out


def r139_else_clause_error_escapes(web: str) -> Any:
    try:
        a = _checked(web, "a", 150)
    except requests.HTTPError as e:
        return "caught", desc(e)
    else:
        b = _checked(web, "missing-b", 40)
    return a, b


def r139_except_star_around_comp(web: str) -> Any:
    got = None
    try:
        vals = [_checked(web, k, ms) for k, ms in (("a", 150), ("missing-b", 40), ("c", 90))]
    except* requests.HTTPError as eg:
        got = desc(eg)
        vals = None
    return vals, got


def _checked_caller(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    if not r.ok:
        raise LookupError(f"{key} failed, called from {sys._getframe(1).f_code.co_name}")
    return r.json()["value"]


def r139_error_names_caller_frame(web: str) -> Any:
    try:
        return [_checked_caller(web, k, ms) for k, ms in (("a", 150), ("missing-b", 40))]
    except LookupError as e:
        return desc(e)


def _checked_stack(web: str, key: str, ms: int) -> str:
    r = requests.get(f"{web}/items/{key}?ms={ms}")
    if not r.ok:
        names = [f.name for f in traceback.extract_stack(limit=4)]
        raise LookupError(f"{key} failed; stack {names[:-1]}")
    return r.json()["value"]


def r139_error_message_has_stack(web: str) -> Any:
    out = []
    for k, ms in (("a", 150), ("missing-b", 40)):
        try:
            out.append(_checked_stack(web, k, ms))
        except LookupError as e:
            out.append(str(e))
    return out


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def oa(env: Env) -> tuple:
    return (openai_client(env),)


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _arun(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


def _w(fn: Any, ideal: float = 1.0, cat: str = "validation", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers="web", ideal=ideal, **kw)


def _sdk(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", oa), servers="api", ideal=ideal, **kw)


def _a(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("validation", fn, drive=_arun, servers="web", ideal=ideal, **kw)


ALL: list[Case] = [
    _w(r139_raise_from_in_except_get, over(0.15, 0.04), speculative_reads=True),
    _w(r139_raise_from_none_get, over(0.15, 0.04)),
    _sdk(r139_raise_from_model_call),
    _sdk(r139_raise_from_none_model_call, over(0.15, 0.04)),
    _w(r139_uncaught_raise_from_escapes, over(0.15, 0.04)),
    _w(r139_context_from_get_in_except),
    _w(r139_finally_raises_while_handling, over(0.15, 0.04, 0.09)),
    Case("sdk", r139_context_model_error_in_http_except, args=oa_web, servers="web api"),
    _w(r139_return_in_finally_swallows, over(0.15, 0.04, 0.09)),
    _w(r139_add_note_after_failed_get, over(0.15, 0.04, 0.09)),
    _sdk(r139_note_on_model_error, speculative_reads=True),
    _w(r139_uncaught_with_note_escapes, over(0.15, 0.04)),
    _w(r139_retry_collect_notes),
    _w(r139_retry_per_key_notes, over(0.15, 0.04, 0.09, 0.02)),
    _w(r139_wrap_404_and_500_user_class, over(0.15, 0.04, 0.09)),
    _w(r139_user_class_uncaught_404, over(0.15, 0.04), speculative_reads=True),
    _w(r139_exception_init_prints, over(0.15, 0.04, 0.09)),
    _w(r139_helper_bare_reraise, over(0.15, 0.04, 0.09), cat="helpers"),
    _w(r139_helper_reraise_same_type_more_info, over(0.15, 0.04, 0.09), cat="helpers"),
    _w(r139_exc_info_after_gets_in_except, (0.15 + 0.04 + 0.09) / 0.24),
    _w(r139_logging_exception_in_loop, over(0.15, 0.04, 0.09)),
    _w(r139_except_name_deleted, over(0.15, 0.04)),
    _w(r139_traceback_frame_names, over(0.15, 0.04)),
    _a(r139_taskgroup_two_failures),
    _a(r139_gather_return_exceptions_true),
    _a(r139_gather_first_failure_wins),
    _a(r139_await_in_order_first_listed_wins, speculative_reads=True),
    _a(r139_async_uncaught_escapes),
    _w(r139_except_star_built_group, over(0.15, 0.04, 0.09, 0.02)),
    _w(r139_nested_group_escapes_as_group, over(0.15, 0.04, 0.09)),
    _w(r139_suppress_one_of_three, over(0.15, 0.04, 0.09)),
    _w(r139_suppress_httperror_then_print, over(0.15, 0.04, 0.09)),
    _w(r139_comp_first_failure_list_order, over(0.15, 0.09), speculative_reads=True),
    _w(r139_loop_first_failure_list_order_inline, over(0.15, 0.09),
       speculative_reads=True),
    _w(r139_dict_comp_keyerror_names_key, over(0.15, 0.04), speculative_reads=True),
    _w(r139_comp_uncaught_later_fails_faster, over(0.15, 0.09), speculative_reads=True),
    _sdk(r139_json_decode_of_answers, over(0.15, 0.04, 0.09), overlap=3),
    _w(r139_requests_json_decode_error, over(0.15, 0.04)),
    _sdk(r139_keyerror_from_answers_dict, over(0.15, 0.04, 0.09)),
    _w(r139_httpx_status_error_message, over(0.15, 0.04, 0.09)),
    _w(r139_urllib_http_error, over(0.15, 0.04, 0.09)),
    _w(r139_read_timeout_message, 0.25 / 0.15),
    _w(r139_key_in_message_raise_from_none, over(0.15, 0.04, 0.09)),
    _w(r139_url_in_message_uncaught, over(0.15, 0.04, 0.09)),
    _w(r139_helper_bare_raise_reraises_callers, (0.01 + 0.19) / 0.16, cat="helpers",
       speculative_reads=True),
    _w(r139_helper_exc_info_in_except_comp, (0.01 + 0.28) / 0.16, cat="helpers"),
    _w(r139_helper_raises_printing_error, over(0.15, 0.04, 0.09, 0.02), cat="helpers"),
    _w(r139_thread_local_last_error, over(0.15, 0.04, 0.09), cat="state"),
    _w(r139_local_exception_class_qualname, over(0.15, 0.04, 0.09), overlap=3),
    _w(r139_traceback_names_comp, over(0.15, 0.04), speculative_reads=True),
    _w(r139_traceback_user_frame_line, over(0.15, 0.04), speculative_reads=True),
    _w(r139_assert_with_url_escapes, over(0.15, 0.04, 0.09), overlap=3),
    _w(r139_error_report_put_after_failure, cat="http", speculative_reads=True),
    _a(r139_async_loop_later_fails_faster, speculative_reads=True),
    _w(r139_unbound_after_suppressed_failure, over(0.15, 0.04, 0.09)),
    _w(r139_stale_value_after_except_pass, over(0.15, 0.04, 0.09, 0.02)),
    _w(r139_else_clause_error_escapes, over(0.15, 0.04)),
    _w(r139_except_star_around_comp, over(0.15, 0.04), speculative_reads=True),
    _w(r139_error_names_caller_frame, over(0.15, 0.04), cat="helpers", speculative_reads=True),
    _w(r139_error_message_has_stack, over(0.15, 0.04), cat="helpers"),
]

# Not covered, as docs/jit.md says: code that reads the live stack sees the JIT's frames.
# (r139_traceback_names_comp differed too, until the runtime cut its frames from the
# errors it raises: `_raised`.)
FAILING_WHY: dict[str, str] = {
    "r139_error_message_has_stack": "traceback.extract_stack() in a helper called in a loop gives "
                                    "[case, take, _in_place] instead of [go, execute, case]: the "
                                    "JIT's frames sit between the function and the helper (the "
                                    "helper is called through the runtime even run in order).",
}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
