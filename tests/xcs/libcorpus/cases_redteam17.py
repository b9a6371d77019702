"""Red-team cases (stop 21), seventeenth part: a read started early that is still on its
way when a hidden write (``__setitem__``) runs, next to the same program with the write
spelled as a call; a hidden SDK write in a context manager's exit; and a method replaced
on the instance between two calls of the jitted function.
"""

from __future__ import annotations

import time
from typing import Any

from tests.xcs.libcorpus._case import Case, Env, openai_client
from tests.xcs.libcorpus._web import put, value, web_args


def slow_value(base: str, key: str) -> str:
    time.sleep(0.1)  # a slow client: the GET leaves late
    return value(base, key)


class Store:
    def __init__(self, base: str) -> None:
        self.base = base

    def __setitem__(self, key: str, text: str) -> None:
        put(self.base, key, text)


def started_read_overtaken_by_a_hidden_write(base: str) -> list[str]:
    store = Store(base)
    a = slow_value(base, "ow")  # plain: answered before the PUT below is sent
    store["ow"] = "changed"
    b = value(base, "ow2")
    return [a, b]


def started_read_before_a_spelled_write(base: str) -> list[str]:
    a = slow_value(base, "sw")
    put(base, "sw", "changed")
    b = value(base, "sw2")
    return [a, b]


class Uploads:
    """Uploads its notes when the block ends."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.notes: list[str] = []

    def __enter__(self) -> Uploads:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.client.files.create(file=("notes.txt", "\n".join(self.notes).encode()),
                                 purpose="assistants")


def sdk_upload_in_an_exit_then_list(client: Any) -> list[Any]:
    with Uploads(client) as up:
        up.notes.append(str(len(client.models.list().data)))
    return [f.filename for f in client.files.list()]


class Reader:
    def __init__(self, base: str) -> None:
        self.base = base

    def fetch(self, key: str) -> str:
        return value(self.base, key)


def fetch_two(reader: Reader, base: str) -> list[str]:
    a = reader.fetch("mr1")
    b = value(base, "mr2")
    return [a, b]


def _replace_the_method(f: Any, env: Env) -> list[Any]:
    r = Reader(env.web)
    out = [f(r, env.web)]
    r.fetch = lambda key: str(put(env.web, key, "by-instance"))  # type: ignore[method-assign]
    out.append(f(r, env.web))  # the instance's own function, a PUT, runs now
    return out


CASES = [
    Case("where", started_read_overtaken_by_a_hidden_write, args=web_args, servers="web"),
    Case("where", started_read_before_a_spelled_write, args=web_args, servers="web"),
    Case("sdk", sdk_upload_in_an_exit_then_list, args=lambda env: (openai_client(env),),
         servers="api"),
    Case("rebind", fetch_two, drive=_replace_the_method, servers="web"),
]
