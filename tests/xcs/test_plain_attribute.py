"""Reading an attribute before its place (a call's argument evaluated early) is allowed only
when it runs no code. A class with `__getattr__` (pydantic models, SDK results) runs it only
when the usual lookup fails: a value in the instance's own dict is a plain read."""

from __future__ import annotations

from typing import Any

from ember.xcs._plain import plain_attribute


class Lenient:
    def __init__(self) -> None:
        self.id = "file-1"

    def __getattr__(self, name: str) -> Any:
        print("computed", name)
        return name

    @property
    def size(self) -> int:
        return 3

    def method(self) -> None: ...


def test_getattr_classes_read_their_own_dict_plainly() -> None:
    obj = Lenient()
    assert plain_attribute(obj, "id")
    assert not plain_attribute(obj, "missing")  # would run __getattr__
    assert not plain_attribute(obj, "size")  # a property
    obj.method = lambda: None  # type: ignore[method-assign]
    assert not plain_attribute(obj, "method")  # (shadows a function: left to the caller)
