"""What a printing twin holds (`_printed`): a helper's own ``print()``,
``sys.stdout.write`` and plain loggers' calls, and the helpers it calls whose only output
is the same kind; and a printing helper as its caller's body sees it (output, held only
when the call itself is started)."""

from __future__ import annotations

import ast
import builtins
import logging
import sys
import types
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ember.xcs._effects import Kind, classify

if TYPE_CHECKING:
    from ember.xcs._resolve import Resolver
    from ember.xcs._summary import CallFact

__all__ = ["builtin_print", "held_call", "held_log", "held_print", "helper_call",
           "only_shows", "shown_where_called"]


def held_print(call: ast.Call, fact: CallFact, local_names: set[str]) -> bool:
    """Is `call` output a printing twin holds (`_printed`): a ``print()``, builtins' own,
    by its own global name (not a parameter or an alias, which other calls may bind
    otherwise), with no ``file=`` and no ``**``; or ``sys.stdout.write(...)``,
    ``writelines`` or ``flush()`` (`_stdout_method`)?"""
    if type(call.func) is ast.Name:
        return (call.func.id == "print" and "print" not in local_names
                and builtin_print(fact.obj)
                and all(k.arg not in (None, "file") for k in call.keywords))
    return _stdout_method(call, local_names) and getattr(
        fact.obj, "__self__", None) is sys.stdout and not call.keywords


def held_log(call: ast.Call, fact: CallFact, local_names: set[str]) -> bool:
    """Is `call` a logger's call a printing twin holds (`_printed`): ``LOG.info(...)`` (or
    ``debug``, ``warning``, ``error``, ``exception``, ``critical``) on a logger of the
    library's own class found by a global name, handed a message, no ``*`` or ``**`` and
    no keyword but ``exc_info`` (``extra``'s values are formatted late), whose records
    the rule says reach only the library's handlers to stdout, stderr or a ``StringIO``
    (ordered output)?"""
    method, func = fact.obj, call.func
    return (fact.kind is Kind.WRITE and fact.resource == "stdout"
            and type(method) is types.MethodType
            and type(method.__self__) in (logging.Logger, logging.RootLogger)
            and method.__name__ in _LOGGED
            and method.__func__ is getattr(logging.Logger, method.__name__)
            and type(func) is ast.Attribute and type(func.value) is ast.Name
            and func.value.id not in local_names and bool(call.args)
            and not any(type(a) is ast.Starred for a in call.args)
            and all(k.arg == "exc_info" for k in call.keywords))


_LOGGED = frozenset({"debug", "info", "warning", "error", "exception", "critical"})


def _stdout_method(call: ast.Call, local_names: set[str]) -> bool:
    """Is `call` spelled ``<module>.stdout.write(...)`` (or ``writelines``, ``flush``), the
    module a global name?"""
    func = call.func
    return (type(func) is ast.Attribute and func.attr in ("write", "writelines", "flush")
            and type(func.value) is ast.Attribute and func.value.attr == "stdout"
            and type(func.value.value) is ast.Name and func.value.value.id not in local_names)


def builtin_print(obj: Any) -> bool:
    """Is `obj` Python's own `print` (C code), not a wrapper of yours put in `builtins`?"""
    return (type(obj) is types.BuiltinFunctionType and obj.__name__ == "print"
            and obj.__self__ is builtins)


def shown_where_called(fact: CallFact) -> CallFact:
    """A helper's fact as its caller's body sees it: a helper that prints is output there
    (its prints are held only when the call itself is started: `_printed`)."""
    if not fact.prints:
        return fact
    return replace(fact, kind=Kind.WRITE, resource="stdout", prints=False,
                   keeps_arguments=fact.keeps_arguments or fact.kind is Kind.READ,
                   reason=f"{fact.reason}, and prints")


def held_call(call: ast.Call, fact: CallFact, resolver: Resolver) -> bool:
    """Is `call` one a printing twin runs as its helper's printing twin (`_printed`): a
    helper whose only output is its own prints (`CallFact.prints`), a `helper_call`?"""
    return fact.prints and helper_call(call, fact, resolver)


def helper_call(call: ast.Call, fact: CallFact, resolver: Resolver) -> bool:
    """Is `call` a call of a plain function, by its global name or as a module's or a
    class's function (``log.say(m)``), with no ``**``?"""
    func = call.func
    return (type(fact.obj) is types.FunctionType
            and (type(func) is ast.Name and func.id not in resolver.local_names
                 or type(func) is ast.Attribute and isinstance(
                     resolver.expr(func.value), (types.ModuleType, type)))
            and all(k.arg is not None for k in call.keywords))


def only_shows(write: CallFact) -> bool:
    """Is `write` output that changes none of its arguments: a rule's (print, logging) or
    a helper's that only shows them (`CallFact.keeps_arguments`)?"""
    return write.resource == "stdout" and (write.keeps_arguments or (
        write.obj is not None and classify(write.obj) is not None))
