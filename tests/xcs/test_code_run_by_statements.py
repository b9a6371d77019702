"""Statements that run code without a call in sight keep their place: a ``class`` statement
(its body, metaclass, ``__init_subclass__``, ``__set_name__``), a decorated ``def``, a
``def`` or ``lambda`` whose defaults call something, a store of ``None`` that drops the last
reference to an object with a finaliser, and builtins that call an object's dunders
(``divmod``, ``max``, a set display). The function object is the plain one's too: defaults
set on it, or on the function, between calls are used, and a jitted partial shares its
keywords with the partial it was made from."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import requests

from ember import xcs
from tests.xcs._items_server import Items

BASE = {"url": "", "file": ""}


def _get(key: str, ms: int = 30) -> str:
    return requests.get(f"{BASE['url']}/{key}?ms={ms}").text


def announced(cls: type) -> type:
    _get(f"announce-{cls.__name__}")
    return cls


def class_made_between(base: str) -> list[str]:
    BASE["url"] = base
    slow = _get("slow", 150)

    @announced
    class Event:
        pass

    return [slow, Event.__name__, _get("after")]


class Registered:
    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _get(f"subclass-{cls.__name__}")


def subclass_made_between(base: str) -> list[str]:
    BASE["url"] = base
    slow = _get("slow", 150)

    class Plugin(Registered):
        pass

    return [slow, Plugin.__name__, _get("after")]


def default_made_between(base: str) -> list[str]:
    BASE["url"] = base
    slow = _get("slow", 150)

    def helper(x: str = _get("default")) -> str:
        return x

    return [slow, helper(), _get("after")]


class Ticket:
    """Frees its server-side ticket when the last reference goes."""

    def __del__(self) -> None:
        requests.put(f"{BASE['url']}/freed?ms=10")  # (a write: the server logs it in order)


def ticket_dropped_between(base: str) -> list[str]:
    BASE["url"] = base
    t = Ticket()
    slow = _get("slow", 150)
    t = None  # noqa: F841 - the drop is the point
    return [slow, _get("after")]


def ticket_rebound_between(base: str) -> list[str]:
    BASE["url"] = base
    spare = "spare"
    t: Any = Ticket()
    slow = _get("slow", 150)
    t = spare  # (drops the ticket as surely as ``t = None``)
    return [slow, t, _get("after")]


class Remote:
    """Its dunders write a file the function reads after them."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __divmod__(self, other: int) -> tuple[int, int]:
        Path(BASE["file"]).write_text("divmod")
        return divmod(self.n, other)

    def __lt__(self, other: Remote) -> bool:
        with open(BASE["file"], "a") as f:
            f.write(" lt")
        return self.n < other.n


def builtins_between(base: str) -> list[Any]:
    BASE["url"] = base
    slow = _get("slow", 150)
    a, b = Remote(7), Remote(2)
    q = divmod(a, 3)
    top = max(a, b)
    return [slow, q, top.n, Path(BASE["file"]).read_text()]


def _order(fn: Any, base: str) -> tuple[Any, list[str]]:
    Items.reset()
    out = fn(base)
    return out, list(Items.order)


def test_statements_that_run_code_keep_the_calls_after_them_after_them(web: str) -> None:
    for fn in (class_made_between, subclass_made_between, default_made_between,
               ticket_dropped_between, ticket_rebound_between):
        plain = _order(fn, web)
        assert _order(xcs.jit(fn), web) == plain, fn.__name__
        assert plain[1][-1] == "after" and len(plain[1]) >= 3, fn.__name__


def test_builtins_calling_an_objects_dunders_keep_their_place(web: str, tmp_path: Path) -> None:
    BASE["file"] = str(tmp_path / "written")
    plain = builtins_between(web)
    assert plain[-1] == "divmod lt"
    Path(BASE["file"]).unlink()
    assert xcs.jit(builtins_between)(web) == plain


def pair(base: str, slow: int = 150, tag: str = "d") -> list[str]:
    return [requests.get(f"{base}/{tag}-a?ms={slow}").text,
            requests.get(f"{base}/{tag}-b?ms=20").text]


def keyword_pair(base: str, *, tag: str = "k") -> list[str]:
    return [requests.get(f"{base}/{tag}-a?ms=60").text,
            requests.get(f"{base}/{tag}-b?ms=20").text]


def test_defaults_changed_between_calls_are_used(web: str) -> None:
    jitted = xcs.jit(pair)
    saved = pair.__defaults__
    try:
        assert jitted(web) == ["v-d-a", "v-d-b"]
        pair.__defaults__ = (40, "changed")  # on the function
        assert jitted(web) == pair(web) == ["v-changed-a", "v-changed-b"]
        jitted.__defaults__ = (40, "held")  # on the jitted function, as on a plain one
        assert jitted(web) == ["v-held-a", "v-held-b"]
        assert pair.__defaults__ == (40, "held")
    finally:
        pair.__defaults__ = saved
    jitted_kw = xcs.jit(keyword_pair)
    assert jitted_kw(web) == ["v-k-a", "v-k-b"]
    keyword_pair.__kwdefaults__ = {"tag": "new"}
    try:
        assert jitted_kw(web) == keyword_pair(web) == ["v-new-a", "v-new-b"]
    finally:
        keyword_pair.__kwdefaults__ = {"tag": "k"}


def shapes(base: str, /, key: str, *more: str, tag: str, **query: str) -> list[str]:
    words = [key, *more, tag, *sorted(query)]
    return [requests.get(f"{base}/{w}-{i}?ms=30").text for i, w in enumerate(words)]


def _failure(call: Any, *args: Any) -> tuple[type, str]:
    with pytest.raises(TypeError) as caught:
        call(*args)
    return type(caught.value), str(caught.value)


def test_a_function_without_defaults_takes_its_arguments_as_plain_code_does(web: str) -> None:
    """The jitted function of one without defaults has its parameters (`_jit._forwarder`):
    every call binds as the plain one does, raises what it raises, and uses defaults set
    on the jitted function later."""
    jitted = xcs.jit(shapes)
    assert jitted(web, "k", "m", tag="t", z="1") == shapes(web, "k", "m", tag="t", z="1") == [
        "v-k-0", "v-m-1", "v-t-2", "v-z-3"]
    assert xcs.explain(jitted).strategy == "parallel"
    for bad in (lambda f: f(web, "k"), lambda f: f(base=web, key="k", tag="t"),
                lambda f: f(web, "k", key="k2", tag="t"), lambda f: f()):
        assert _failure(bad, jitted) == _failure(bad, shapes)
    assert _failure(jitted, web, "k")[1] == (
        "shapes() missing 1 required keyword-only argument: 'tag'")
    jitted.__kwdefaults__ = {"tag": "later"}  # on the jitted function, as on a plain one
    assert jitted(web, "k") == ["v-k-0", "v-later-1"]


def uses_the_name_state(state: str) -> str:
    return state.upper()


def test_a_parameter_named_like_the_wrappers_own_name_is_passed_on() -> None:
    assert xcs.jit(uses_the_name_state)(state="on") == "ON"


def test_a_jitted_partial_shares_its_keywords(web: str) -> None:
    p = functools.partial(pair, slow=60, tag="pk")
    jitted = xcs.jit(p)
    assert jitted(web) == p(web) == ["v-pk-a", "v-pk-b"]
    p.keywords["tag"] = "pk2"
    assert jitted(web) == p(web) == ["v-pk2-a", "v-pk2-b"]


class Poster:
    """A client of the user's whose ``get`` prints: a write, in its place."""

    def get(self, url: str) -> str:
        print("posting", url.rsplit("/", 1)[-1])
        return url


POSTER = Poster()


def rebinds_its_session(s: Any, base: str) -> list[str]:
    first = s.get(f"{base}/first?ms=60").text
    s = POSTER  # the parameter holds another object from here on
    print("swapped")
    return [first, s.get(f"{base}/second")]


def test_a_rebound_parameter_is_not_the_calls_value(web: str,
                                                     capsys: Any) -> None:
    with requests.Session() as s:
        plain = rebinds_its_session(s, web)
        out = capsys.readouterr().out
        assert xcs.jit(rebinds_its_session)(s, web) == plain
    assert capsys.readouterr().out == out == "swapped\nposting second\n"


def pairs_until_bad(base: str, pairs: list[Any]) -> list[str]:
    out = []
    for key, ms in pairs:
        print("item", key)
        out.append(requests.get(f"{base}/{key}?ms={ms}").text)
    return out


def test_a_loop_meets_a_pair_it_cannot_unpack_after_the_items_before_it(
        web: str, capsys: Any) -> None:
    pairs = [["a", 90], ["b", 30], ["c", 20, "extra"]]
    with pytest.raises(ValueError) as plain:
        pairs_until_bad(web, pairs)
    plain_out = capsys.readouterr().out
    Items.reset()
    with pytest.raises(ValueError) as jitted:
        xcs.jit(pairs_until_bad)(web, pairs)
    assert str(jitted.value) == str(plain.value)
    assert capsys.readouterr().out == plain_out == "item a\nitem b\n"
    assert sorted(Items.order) == ["a", "b"]


def local_class_annotated_with_itself(base: str) -> list[str]:
    BASE["url"] = base
    slow = _get("slow", 150)

    class Doc:  # (under ``from __future__ import annotations``: ``-> Doc`` is not evaluated)
        def same(self) -> Doc:
            return self

    twin = Doc().same()
    return [slow, type(twin).__name__, _get("after")]


async def local_class_annotated_async(base: str) -> list[str]:
    class Doc:
        def same(self) -> Doc:
            return self

    twin = Doc().same()
    return [type(twin).__name__, _get("a", 90), _get("b")]


def test_the_code_run_is_compiled_under_the_functions_future_imports(web: str) -> None:
    """The rewritten function (and an async def's twin) is compiled with the ``from
    __future__`` imports of its module, as the plain one was."""
    import asyncio

    plain = _order(local_class_annotated_with_itself, web)
    assert _order(xcs.jit(local_class_annotated_with_itself), web) == plain
    assert plain[0] == ["v-slow", "Doc", "v-after"]
    Items.reset()
    jitted = xcs.jit(local_class_annotated_async)
    assert asyncio.run(jitted(web)) == asyncio.run(local_class_annotated_async(web))
