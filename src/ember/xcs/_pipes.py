"""Reads that wait for another process or thread: a socket's, or a file's whose descriptor
is a pipe, a FIFO, a socket or a terminal (not a file on disk).

Such a read returns when the other end sends, and what the other end did before sending
(a PUT, a file written) is then done: the plain program's next calls see it. So a read of
one, on an object known when the plan is made (a parameter, a global), is unknown, a
barrier nothing moves across, like a queue's ``get``. A file on disk only gives what it
holds, and keeps the rule of its type (used in place, in program order).
"""

from __future__ import annotations

import os
import socket
import stat

from ember.xcs._effects import ANY, ArgRule, Kind, Rule, consult

__all__ = ["waits"]

# The methods that block until there is something to take.
_WAITING = frozenset({"read", "read1", "readline", "readlines", "readinto", "recv",
                      "recv_into", "recvfrom", "recvmsg", "__next__"})


def waits(rule: Rule | ArgRule, name: str, what: str) -> Rule | ArgRule:
    """`rule` for method `name` of a one-conversation object (`what`), unknown where the
    object is fed by another process or thread (`fed_by_another`)."""
    if name not in _WAITING or not isinstance(rule, Rule):
        return rule
    waiting = Rule(Kind.UNKNOWN, f"{name}() of {what} fed by another process or thread (a "
                   "pipe, a socket) waits for what it sends: nothing moves across it")

    def decided(args: tuple, kwargs: dict) -> Rule:
        obj = args[0] if args else ANY
        if obj is ANY:  # (an object made in the function: not known here)
            return rule
        return waiting if consult(obj, fed_by_another, fed_by_another(obj)) else rule
    decided.receiver = True  # type: ignore[attr-defined]  # (its args: the object's first)
    decided.gives = (rule.returns, rule.runner)  # type: ignore[attr-defined]  # (`gives`)
    return decided


def fed_by_another(obj: object) -> bool:
    """Is `obj` a socket, or a file whose descriptor is not a file on disk?"""
    if isinstance(obj, socket.socket):
        return True
    try:
        mode = os.fstat(obj.fileno()).st_mode  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):  # (closed, or no descriptor: a buffer's)
        return False
    return not (stat.S_ISREG(mode) or stat.S_ISDIR(mode))
