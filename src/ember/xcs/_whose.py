"""Whose code a function or a class is: the user's, or a library's (the standard library, an
installed package, Ember).

The JIT reads the user's code (a helper's body says what it does) and trusts the registry
for a library's (its body, with all it calls, costs a long first call and tells little). A
library's class stops being the library's own once code of the user's replaces one of its
methods (`replaced`).

Two questions, asked two ways on purpose: `users_code` and `users_class` ask where the code
was *written* (its file); `users` asks which *module* a function belongs to, so a function a
library made from a string (a named tuple's ``__new__``) is the library's.
"""

from __future__ import annotations

import functools
import os
import sys
import sysconfig
import types
from typing import Any

__all__ = ["class_dict", "class_mro", "module_of", "replaced", "users", "users_class",
           "users_code", "users_file", "written"]


@functools.cache
def _library_dirs() -> tuple[str, ...]:
    """Where the standard library, installed packages and Ember live (asked once, when first
    needed: not at import)."""
    paths = sysconfig.get_paths()
    return tuple({os.path.realpath(p) + os.sep for p in (
        *(paths.get(k) for k in ("stdlib", "platstdlib", "purelib", "platlib")),
        os.path.dirname(os.path.dirname(os.path.abspath(__file__)))) if p})


@functools.lru_cache(maxsize=4096)
def users_file(filename: str) -> bool:
    """Is the code in `filename` the user's (not under a library's directory)?"""
    return not os.path.realpath(filename).startswith(_library_dirs())


def users_code(fn: types.FunctionType) -> bool:
    """Is `fn` written in the user's code, not the standard library's, an installed
    package's or Ember's?"""
    return users_file(fn.__code__.co_filename)


def written(fn: Any) -> bool:
    """Is `fn` a function of the user's written in a file (not one a library made from a
    string, as a dataclass's generated methods are)?"""
    return isinstance(fn, types.FunctionType) and users_code(fn) and (
        not fn.__code__.co_filename.startswith("<"))


# A class's MRO, own dict and module as `type` reads them: a metaclass's ``__getattribute__``
# or ``__getattr__`` of the user's is not run (the JIT's looks must not show).
class_mro = type.__dict__["__mro__"].__get__
class_dict = type.__dict__["__dict__"].__get__
_TYPE_MODULE = type.__dict__["__module__"]


def module_of(cls: type) -> str:
    """`cls.__module__` as `type` reads it: a metaclass's ``__getattribute__`` or
    ``__getattr__`` of the user's is not run."""
    return _TYPE_MODULE.__get__(cls) if issubclass(type(cls), type) else cls.__module__


def users_class(cls: type) -> bool:
    """Is `cls` defined in the user's code (a module of theirs with a file, or the main
    module of a REPL or a notebook)? Builtins and the standard library are not."""
    module = module_of(cls)
    file = getattr(sys.modules.get(module), "__file__", None)
    return users_file(file) if file is not None else module == "__main__"



@functools.cache
def _library_module(module: str) -> bool:
    if module.split(".")[0] in ("ember", "builtins") or module in sys.builtin_module_names:
        return True
    file = getattr(sys.modules.get(module), "__file__", None)
    return file is None or not users_file(file)


def users(fn: Any) -> bool:
    """Is `fn` a Python function of a module of the user's (not a library's, whose rule, if
    any, says what it does)?"""
    return isinstance(fn, types.FunctionType) and not _library_module(fn.__module__ or "")


def replaced(cls: type) -> bool:
    """Has code of the user's replaced a method of `cls` or of a base it has from a library
    (a wrapper set on the class, as tracing tools do; a mock)? Its rules then no longer say
    what its calls run. A class found clean is kept with its attributes, so the next check
    (at every request's rule) compares them by identity."""
    mro, kept = _clean.get(cls, (None, ()))
    if mro is cls.__mro__ and all(_same(vars(k), was) for k, was in kept):
        return False
    for klass in cls.__mro__[:-1]:
        for v in list(vars(klass).values()):
            fn = _wrapped_function(v)
            if written(fn) or isinstance(fn, types.FunctionType) and fn.__module__ is None or (
                    type(v).__module__ == "unittest.mock" or users_class(type(v))):
                return True  # (a wrapper object of yours; a mock's function)
    if len(_clean) > 4096:
        _clean.clear()
    _clean[cls] = cls.__mro__, [(k, dict(vars(k))) for k in cls.__mro__[:-1]]
    return False


def _wrapped_function(v: Any) -> Any:
    """The function a class attribute runs when called (a classmethod's, a partialmethod's),
    found by its type: asking the object itself (``getattr(v, "__func__")``) runs its
    ``__getattr__``, and pydantic's placeholder for a model not built yet builds it then,
    adding to the class's dict being walked."""
    if isinstance(v, (classmethod, staticmethod, types.MethodType)):
        return v.__func__
    if isinstance(v, (functools.partialmethod, functools.partial)):
        return v.func
    return v


def _same(now: Any, was: dict[str, Any]) -> bool:
    return len(now) == len(was) and all(now.get(k, _clean) is v for k, v in was.items())


_clean: dict[type, tuple[tuple[type, ...], list[tuple[type, dict[str, Any]]]]] = {}
