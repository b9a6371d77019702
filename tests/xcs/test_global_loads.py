"""`_globals._global_loads` reads a code object's global loads straight from its bytes: it
must say what `dis.get_instructions` shows (the name, and the attribute the next instruction
takes), on this Python's bytecode layout, or a helper's read of a changeable global could
go unseen and a call move across the statement that changes it."""

from __future__ import annotations

import dis
import http.client
import json
import types

from ember.xcs import _globals, _moves, _rewrite
from ember.xcs._globals import _global_loads


def _by_dis(code: types.CodeType) -> list[tuple[str, str | None]]:
    """The reference, from `dis.get_instructions` (an EXTENDED_ARG is a prefix of the
    instruction after it, not the instruction that takes the attribute)."""
    instructions = [i for i in dis.get_instructions(code) if i.opname != "EXTENDED_ARG"]
    out = []
    for i, ins in enumerate(instructions):
        if ins.opname in ("LOAD_GLOBAL", "LOAD_NAME"):
            nxt = instructions[i + 1] if i + 1 < len(instructions) else None
            attr = nxt.argval if nxt is not None and nxt.opname in ("LOAD_ATTR", "LOAD_METHOD") else None
            out.append((ins.argval, attr))
    return out


def _codes(code: types.CodeType) -> list[types.CodeType]:
    out = [code]
    for c in code.co_consts:
        if isinstance(c, types.CodeType):
            out += _codes(c)
    return out


def test_same_as_dis_on_whole_modules() -> None:
    # Module code loads its names with LOAD_NAME; functions with LOAD_GLOBAL, and methods
    # and attributes of them (``json.dumps``, ``os.path.join``) after them.
    for module in (json, http.client, _globals, _moves, _rewrite):
        assert module.__file__ is not None
        with open(module.__file__, encoding="utf-8") as f:
            top = compile(f.read(), module.__file__, "exec")
        for code in _codes(top):
            assert _global_loads(code) == _by_dis(code), code.co_qualname


def test_same_as_dis_past_256_names() -> None:
    # Name indexes above 255 take an EXTENDED_ARG before the instruction.
    names = [f"g{i}" for i in range(300)]
    source = "def f():\n" + "".join(f"    {n}.attr{i}\n" for i, n in enumerate(names))
    scope: dict[str, object] = {}
    exec(compile(source, "<many>", "exec"), scope)
    code = scope["f"].__code__  # type: ignore[attr-defined]
    loads = _global_loads(code)
    assert loads == _by_dis(code)
    assert loads[299] == ("g299", "attr299")
