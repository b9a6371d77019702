"""What many cases share: the argument makers for the web server (and a temp dir), and the
three item helpers (a GET, a checked GET, a PUT) whose bodies the JIT summarises.
"""

from __future__ import annotations

import requests

from tests.xcs.libcorpus._case import Env

__all__ = ["checked", "put", "tmp_web_args", "value", "web_args"]


def web_args(env: Env) -> tuple:
    return (env.web,)


def tmp_web_args(env: Env) -> tuple:
    return (str(env.tmp), env.web)


def value(base: str, key: object) -> str:
    return requests.get(f"{base}/items/{key}").json()["value"]


def checked(base: str, key: str) -> str:
    r = requests.get(f"{base}/items/{key}")
    r.raise_for_status()
    return r.json()["value"]


def put(base: str, key: str, text: str) -> int:
    return requests.put(f"{base}/items/{key}", data=text).json()["version"]
