"""Red-team cases (stop 20), fourth part: cache keys Python takes for equal (``1`` and
``True``), iterators consumed partly (``zip``, ``next``) or lazily (a generator with effects
feeding a comprehension), key functions, the openai SDK's raw-response and streaming paths.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Iterator
from typing import Any

import httpx
import requests
import requests.auth
from requests.adapters import HTTPAdapter

from tests.xcs.libcorpus._case import DUMMY_KEY, Case, Env, corpus_logger
from tests.xcs.libcorpus._web import value, web_args


def _api(env: Env) -> tuple:
    return (env.api,)



def post_value(base: str, key: str) -> int:
    return requests.post(f"{base}/items/{key}", data="posted").json()["version"]


@functools.cache
def cached(base: str, key: Any) -> str:
    return value(base, key)


def _clear(env: Env) -> None:
    cached.cache_clear()


def cache_equal_keys_of_two_types(base: str) -> tuple[list[str], int]:
    # 1 == True == 1.0 to the cache: one miss, then hits that return the first value
    vals = [cached(base, 1), cached(base, True), cached(base, 1.0), cached(base, 2)]
    return vals, cached.cache_info().misses


def cache_positional_and_keyword(base: str) -> tuple[list[str], int]:
    vals = [cached(base, "pk"), cached(base, key="pk"), cached(base, "pk")]
    return vals, cached.cache_info().misses


def zip_stops_before_the_generator(base: str) -> list[tuple[str, int]]:
    names = ["za", "zb"]
    # zip asks the short list first: the third POST is never made
    return list(zip(names, (post_value(base, k) for k in ("za", "zb", "zc")), strict=False))


def next_of_a_generator_expression(base: str) -> str:
    return next(value(base, k) for k in ("nx1", "nx2", "nx3"))


def keys_with_effects(keys: list[str]) -> Iterator[str]:
    log = corpus_logger("redteam.keys")
    for k in keys:
        log.info("yield %s", k)
        yield k


def generator_with_logs_feeds_comprehension(base: str) -> list[str]:
    log = corpus_logger("redteam.keys")

    def shown(v: str) -> str:
        log.info("got %s", v)
        return v

    return [shown(value(base, k)) for k in keys_with_effects(["gl1", "gl2", "gl3"])]


def generator_of_reads_feeds_comprehension(base: str) -> list[str]:
    def keys() -> Iterator[str]:
        for k in ("gr1", "gr2"):
            yield value(base, k)  # a read per item, in the generator

    return [value(base, f"of-{v}") for v in keys()]


def sorted_by_remote_key(base: str) -> list[str]:
    return sorted(["sk3", "sk1", "sk2"], key=lambda k: value(base, k))


def map_two_iterables(base: str) -> list[str]:
    return list(map(value, [base, base, base], ["mt1", "mt2", "mt3"]))


def dict_from_zip_of_reads(base: str) -> dict[str, str]:
    keys = ["dz1", "dz2"]
    return dict(zip(keys, [value(base, k) for k in keys], strict=True))


def enumerate_in_comprehension_with_write(base: str) -> list[Any]:
    out = [value(base, f"{i}-{k}") for i, k in enumerate(["ea", "eb"])]
    n = post_value(base, "0-ea")
    return [out, n, value(base, "0-ea")]


# --------------------------------------------------------------------------- callbacks in reads


class LoudAdapter(HTTPAdapter):
    """A transport adapter that prints each request it sends (user code inside a GET)."""

    def send(self, request: Any, **kwargs: Any) -> Any:
        print("send", request.path_url)
        return super().send(request, **kwargs)


def session_with_a_printing_adapter(base: str) -> list[str]:
    s = requests.Session()
    s.mount("http://", LoudAdapter())
    a = s.get(f"{base}/items/ma1?ms=200").json()["value"]
    print("between")
    b = s.get(f"{base}/items/ma2").json()["value"]
    s.close()
    return [a, b]


def show_response(r: requests.Response, *args: Any, **kwargs: Any) -> None:
    print("hook", r.url.rsplit("/", 1)[-1])


def response_hooks_that_print(base: str) -> list[Any]:
    # the first answers slower than the second (ms=): started together, rh2's hook runs first
    a = requests.get(f"{base}/items/rh1?ms=200", hooks={"response": show_response}).json()
    print("between")
    b = requests.get(f"{base}/items/rh2?ms=1", hooks={"response": show_response}).json()
    return [a, b]


class NumberedAuth(requests.auth.AuthBase):
    """Signs each request with the next number (a nonce a server checks in order)."""

    def __init__(self) -> None:
        self.n = itertools.count(1)

    def __call__(self, r: Any) -> Any:
        print("sign", next(self.n), r.path_url)
        return r


def auth_numbers_requests(base: str) -> list[str]:
    auth = NumberedAuth()
    return [requests.get(f"{base}/items/{k}", auth=auth).json()["value"]
            for k in ("na1", "na2", "na3")]


def log_request(request: httpx.Request) -> None:
    print("httpx", request.url.path)


def httpx_event_hooks_that_print(base: str) -> list[str]:
    with httpx.Client(event_hooks={"request": [log_request]}) as c:
        a = c.get(f"{base}/items/hh1?ms=200").json()["value"]
        print("between")
        b = c.get(f"{base}/items/hh2").json()["value"]
    return [a, b]


class Key:
    """A key whose formatting prints (user code run by an f-string)."""

    def __init__(self, k: str) -> None:
        self.k = k

    def __format__(self, spec: str) -> str:
        print("format", self.k)
        return self.k


def fstring_of_an_object_that_prints(base: str, k1: Key, k2: Key) -> list[str]:
    a = value(base, "fo0")
    print("before")
    b = value(base, f"{k1}-{k2}")  # formatting k1 and k2 prints, after "before"
    return [a, b]


def noisy_hook(d: dict) -> dict:
    print("hook", sorted(d))
    return d


def json_object_hook_that_prints(base: str, text: str) -> list[str]:
    a = value(base, "oh0")
    print("before")
    b = value(base, json.loads(text, object_hook=noisy_hook)["k"])
    return [a, b]


# --------------------------------------------------------------------------- openai SDK


def _client(api: str) -> Any:
    import openai

    return openai.OpenAI(api_key=DUMMY_KEY, base_url=api + "/v1", max_retries=0)


def raw_response_upload_then_list(api: str) -> list[Any]:
    client = _client(api)
    raw = client.files.with_raw_response.create(file=("raw.txt", b"raw"),
                                                purpose="assistants")
    up = raw.parse()
    names = [f.filename for f in client.files.list()]
    client.close()
    return [up.filename, names]


def streaming_chats(api: str) -> list[str]:
    client = _client(api)
    out = []
    for m in ("gpt", "judge"):
        stream = client.chat.completions.create(
            model=m, messages=[{"role": "user", "content": "stream"}], stream=True)
        out.append("".join(c.choices[0].delta.content or "" for c in stream if c.choices))
    client.close()
    return out


def upload_then_content(api: str) -> list[Any]:
    client = _client(api)
    a = client.files.create(file=("c1.txt", b"one"), purpose="assistants")
    b = client.files.create(file=("c2.txt", b"two"), purpose="assistants")
    texts = [client.files.content(f.id).text for f in (a, b)]
    client.files.delete(a.id)
    names = [f.filename for f in client.files.list()]
    client.close()
    return [texts, names]


def partial_of_sdk_write(api: str) -> list[Any]:
    client = _client(api)
    upload = functools.partial(client.files.create, purpose="assistants")
    upload(file=("p1.txt", b"p1"))
    first = [f.filename for f in client.files.list()]
    upload(file=("p2.txt", b"p2"))
    second = [f.filename for f in client.files.list()]
    client.close()
    return [first, second]


CASES = [
    Case("state", cache_equal_keys_of_two_types, args=web_args, servers="web", setup=_clear),
    Case("state", cache_positional_and_keyword, args=web_args, servers="web", setup=_clear),
    Case("state", zip_stops_before_the_generator, args=web_args, servers="web"),
    Case("state", next_of_a_generator_expression, args=web_args, servers="web"),
    Case("state", generator_with_logs_feeds_comprehension, args=web_args, servers="web"),
    Case("state", generator_of_reads_feeds_comprehension, args=web_args, servers="web"),
    Case("helpers", sorted_by_remote_key, args=web_args, servers="web"),
    Case("helpers", map_two_iterables, args=web_args, servers="web"),
    Case("helpers", dict_from_zip_of_reads, args=web_args, servers="web", ideal=2.0),
    Case("helpers", enumerate_in_comprehension_with_write, args=web_args, servers="web"),
    Case("clients", session_with_a_printing_adapter, args=web_args, servers="web"),
    Case("http", response_hooks_that_print, args=web_args, servers="web"),
    Case("http", auth_numbers_requests, args=web_args, servers="web"),
    Case("clients", httpx_event_hooks_that_print, args=web_args, servers="web"),
    Case("helpers", fstring_of_an_object_that_prints, args=lambda env: (env.web, Key("x"),
                                                                       Key("y")),
         servers="web"),
    Case("helpers", json_object_hook_that_prints, args=lambda env: (env.web, '{"k": "z"}'),
         servers="web"),
    Case("sdk", raw_response_upload_then_list, args=_api, servers="api"),
    Case("sdk", streaming_chats, args=_api, servers="api"),
    Case("sdk", upload_then_content, args=_api, servers="api"),
    Case("sdk", partial_of_sdk_write, args=_api, servers="api"),
]
