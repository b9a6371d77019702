"""Where the function is defined: module level, nested, method, closure, staticmethod,
classmethod, lambda, decorated, `async def`, a module loaded from a path, and `exec`.

Each does the same two independent GETs (ideal 2.0). A function without source (made by
`exec` of a string) runs as written, and the JIT must say so in a warning.
"""

from __future__ import annotations

import asyncio
import functools
import importlib.util
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import CLIENT_LAT, Case, Env, serial_ideal
from tests.xcs.libcorpus._web import web_args

WHERE = "where"



def get_value(base: str, key: str) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def module_level(base: str) -> tuple[str, str]:
    a = get_value(base, "ml1")
    b = get_value(base, "ml2")
    return a, b


def make_nested(env: Env) -> Callable[..., Any]:
    def nested(base: str) -> tuple[str, str]:
        a = get_value(base, "ne1")
        b = get_value(base, "ne2")
        return a, b

    return nested


def make_closure(env: Env) -> Callable[..., Any]:
    base = env.web
    session = env.own(requests.Session())

    def closure() -> tuple[str, str]:
        a = session.get(f"{base}/items/cl1").json()["value"]
        b = session.get(f"{base}/items/cl2").json()["value"]
        return a, b

    return closure


class Fetcher:
    prefix = "cm"

    def __init__(self, base: str) -> None:
        self.base = base

    def pair(self) -> tuple[str, str]:
        a = get_value(self.base, "me1")
        b = get_value(self.base, "me2")
        return a, b

    @staticmethod
    def static_pair(base: str) -> tuple[str, str]:
        a = get_value(base, "st1")
        b = get_value(base, "st2")
        return a, b

    @classmethod
    def class_pair(cls, base: str) -> tuple[str, str]:
        a = get_value(base, f"{cls.prefix}1")
        b = get_value(base, f"{cls.prefix}2")
        return a, b


def make_method(env: Env) -> Callable[..., Any]:
    return Fetcher(env.web).pair


lambda_pair = lambda base: (get_value(base, "la1"), get_value(base, "la2"))  # noqa: E731


def trace(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        print(f"calling {fn.__name__}")
        return fn(*args, **kwargs)

    return wrapper


@trace
def decorated(base: str) -> tuple[str, str]:
    a = get_value(base, "de1")
    b = get_value(base, "de2")
    return a, b


async def async_pair(base: str) -> tuple[str, str]:
    async with httpx.AsyncClient() as client:
        a = (await client.get(f"{base}/items/as1")).json()["value"]
        b = (await client.get(f"{base}/items/as2")).json()["value"]
    return a, b


def _run_async(f: Callable[..., Any], env: Env) -> Any:
    return asyncio.run(f(env.web))


MODULE_SOURCE = '''
import requests


def loaded_pair(base):
    a = requests.get(f"{base}/items/fm1").json()["value"]
    b = requests.get(f"{base}/items/fm2").json()["value"]
    return a, b
'''


def load_module(env: Env, name: str, source: str) -> Any:
    """Import `source` as a module from a file in the run's directory."""
    path = env.tmp / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    saved = sys.dont_write_bytecode
    sys.dont_write_bytecode = True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def make_from_module_file(env: Env) -> Callable[..., Any]:
    return load_module(env, "corpus_loaded", MODULE_SOURCE).loaded_pair


EXEC_SOURCE = textwrap.dedent('''
    def exec_pair(base):
        a = requests.get(f"{base}/items/ex1").json()["value"]
        b = requests.get(f"{base}/items/ex2").json()["value"]
        return a, b
''')


def make_exec_defined(env: Env) -> Callable[..., Any]:
    namespace: dict[str, Any] = {"requests": requests}
    exec(compile(EXEC_SOURCE, "<corpus-string>", "exec"), namespace)
    return namespace["exec_pair"]


CASES = [
    Case(WHERE, module_level, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(WHERE, make=make_nested, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(WHERE, make=make_closure, servers="web", ideal=2.0, overlap=2),
    Case(WHERE, make=make_method, servers="web", ideal=2.0, overlap=2),
    Case(WHERE, Fetcher.static_pair, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(WHERE, Fetcher.class_pair, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(WHERE, lambda_pair, args=web_args, servers="web", ideal=2.0, overlap=2,
         name="lambda_pair"),
    Case(WHERE, decorated, args=web_args, servers="web", ideal=2.0, overlap=2),
    # the function makes its client (an SSL context, serial CPU) before the requests
    Case(WHERE, async_pair, drive=_run_async, servers="web", latency=CLIENT_LAT,
         ideal=serial_ideal(1, 2, 1), overlap=2),
    Case(WHERE, make=make_from_module_file, args=web_args, servers="web", ideal=2.0, overlap=2),
    Case(WHERE, make=make_exec_defined, args=web_args, servers="web", warns=True),
]
