"""`Resolver` answers each question about a node once, once the locals' types are set.

The analysis asks what an expression names, and its type, of one node from many passes (a
method of three lines asked some sixty lookups of its six nodes). What a lookup found is
kept with the guards it added: asked again, the answer is the same object and the same
guards are added again, so a pass that drops the guards of its own lookups (as
`_globals.thread_local` does) takes nothing from a later pass.
"""

from __future__ import annotations

import ast
import json

from ember.xcs._resolve import MISSING, Resolver


class Client:
    def __init__(self) -> None:
        self.codec = json


def uses(client: Client) -> str:
    return client.codec.dumps([1])


def _node(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def _resolver(**bound: object) -> Resolver:
    return Resolver(uses, {"client"}, dict(bound))


def test_a_lookup_asked_again_gives_its_object_and_its_guards_again() -> None:
    r = _resolver(client=Client())
    r.local_types = {}  # (the memo is on from here)
    node = _node("client.codec.dumps")
    first = r.expr(node)
    guards = list(r.guards)
    assert first is json.dumps and guards
    del r.guards[:]  # (what a pass that keeps none of its lookups' guards does)
    assert r.expr(node) is first
    assert r.guards == guards


def test_an_expressions_type_and_what_it_names_are_remembered_apart() -> None:
    r = _resolver(client=Client())
    r.local_types = {}
    node = _node("client.codec.dumps")
    assert r.value_type(node.value) is None  # (its type is not known...)
    assert r.expr(node.value) is json  # (...but what it names is)
    assert r.expr(node) is json.dumps


def test_nothing_is_remembered_before_the_locals_types_are_set() -> None:
    """Before then, what a name holds may still be learnt (`_locals.local_values`)."""
    r = Resolver(uses, {"client", "c"}, {})
    node = _node("c.codec")
    assert r.expr(node) is MISSING
    r.local_values["c"] = Client()
    assert r.expr(node) is json
    r.local_types = {}
    assert r.expr(node) is json
    r.local_values["c"] = object()  # (never done once the types are set: shows the memo)
    assert r.expr(node) is json
