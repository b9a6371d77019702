"""The NON compact notation: a hand-written parser and its canonical printer.

Grammar (spaces are allowed around ``->``, ``+``, ``(``, ``)``, ``,`` and ``=``)::

    graph  := stage ( "->" stage )*
    stage  := node ( "+" node )*            nodes of one stage run side by side
    node   := count code [ "@" model ] [ "(" params ")" ]
    count  := digits                        1 to MAX_COUNT
    code   := upper-case letter, then letters, digits or "_"   (E, J, M, V, ...)
    model  := provider "/" name              letters, digits and "_.:-/" (e.g. openai/gpt-4o)
    params := [ param ( "," param )* [ "," ] ]
    param  := name "=" value                 name: a Python identifier; aliases resolved
    value  := number | true | false | none | quoted string | bare word

Numbers are ints (``5``) or finite floats (``0.7``, ``1e-3``); a bare word is any other run
of letters, digits and ``_.+-/:``; quoted strings take ``'`` or ``"`` and the escapes
``\\\\ \\" \\' \\n \\t \\r``. `GraphSpec.render` prints the canonical form, which parses back to
an equal spec. Every problem is a `NotationError` naming the position and what was expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from ember._errors import NotationError
from ember.models.lowlevel import PREFIX_PATTERN

__all__ = [
    "ALIASES", "MAX_COUNT", "GraphSpec", "NodeSpec", "StageSpec", "parse", "render_value",
]

MAX_COUNT = 1000
"""The largest count a node may have (a guard against typos like ``5000000E``)."""

ALIASES: dict[str, str] = {
    "temp": "temperature",
    "t": "temperature",
    "tokens": "max_tokens",
    "max": "max_tokens",
    "sys": "system",
    "rounds": "max_rounds",
}
"""Short parameter names and the names they stand for (see `register_alias`)."""

_CODE_FIRST = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_MODEL_CHARS = _WORD | frozenset(".:-/")
_BARE_CHARS = _WORD | frozenset(".+-/:")
_IDENT_FIRST = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_")
_INT = re.compile(r"[+-]?\d+")
_FLOAT = re.compile(r"[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?")
_ESCAPES = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t", "r": "\r"}
_SPACE = " \t\r\n"
_T = TypeVar("_T")

Value = int | float | bool | str | None


@dataclass(frozen=True)
class NodeSpec:
    """One node of a NON spec: ``5E@openai/gpt-4o(temperature=0.7)``.

    Positions (for messages) do not take part in comparisons.
    """

    count: int
    code: str
    model: str | None = None
    params: tuple[tuple[str, Value], ...] = ()
    position: int = field(default=0, compare=False)
    code_position: int = field(default=0, compare=False)
    model_position: int = field(default=0, compare=False)
    param_positions: tuple[int, ...] = field(default=(), compare=False)

    @property
    def settings(self) -> dict[str, Value]:
        """The parameters as a dict."""
        return dict(self.params)

    def param_position(self, name: str) -> int:
        """Where parameter `name` was written (the node's position if unknown)."""
        for (n, _), pos in zip(self.params, self.param_positions, strict=False):
            if n == name:
                return pos
        return self.position

    def render(self) -> str:
        """The canonical text of this node."""
        text = f"{self.count}{self.code}"
        if self.model is not None:
            text += f"@{self.model}"
        if self.params:
            text += "(" + ", ".join(f"{k}={render_value(v)}" for k, v in self.params) + ")"
        return text


@dataclass(frozen=True)
class StageSpec:
    """Nodes that run side by side; their outputs are pooled, in order, for the next stage."""

    nodes: tuple[NodeSpec, ...]

    def render(self) -> str:
        return " + ".join(n.render() for n in self.nodes)


@dataclass(frozen=True)
class GraphSpec:
    """A parsed NON spec: stages run one after another."""

    stages: tuple[StageSpec, ...]

    def render(self) -> str:
        """The canonical one-line form (stages joined by ``->``).

        Examples:
            >>> parse("5E@sim/gpt(temp=0.7)->1J@sim/judge").render()
            '5E@sim/gpt(temperature=0.7) -> 1J@sim/judge'
        """
        return " -> ".join(s.render() for s in self.stages)

    def __str__(self) -> str:
        return self.render()


def _bare_value(token: str) -> Value:
    low = token.lower()
    if low == "true":
        return True
    if low == "false":
        return False
    if low in ("none", "null"):
        return None
    if _INT.fullmatch(token):
        sign = "-" if token.startswith("-") else ""
        return int(sign + (token.lstrip("+-").lstrip("0") or "0"))
    if _FLOAT.fullmatch(token):
        return float(token)
    return token


def render_value(value: Value) -> str:
    """The notation for a parameter value (it parses back to an equal value of the same type).

    Examples:
        >>> render_value(0.7), render_value(True), render_value("gpt-4o"), render_value("a b")
        ('0.7', 'true', 'gpt-4o', '"a b"')
    """
    if value is None:
        return "none"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    if text and all(c in _BARE_CHARS for c in text) and _bare_value(text) == text and (
            type(_bare_value(text)) is str):
        return text
    out = ['"']
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def _show(text: str, pos: int, width: int = 72) -> tuple[str, int]:
    """A window of `text` around `pos` that fits in `width`, and the caret column in it."""
    if len(text) <= width:
        return text, pos
    start = max(0, min(pos - width // 2, len(text) - width))
    window = text[start:start + width]
    prefix = "..." if start > 0 else ""
    suffix = "..." if start + width < len(text) else ""
    return prefix + window + suffix, pos - start + len(prefix)


def notation_error(text: str, pos: int, expected: str, *, stage: int | None = None,
                   found: bool = True, detail: str | None = None) -> NotationError:
    """A `NotationError` at `pos` in `text`: "expected <expected> at position <pos> in '...'"."""
    pos = max(0, min(pos, len(text)))
    shown = text if len(text) <= 80 else text[:77] + "..."
    message = f"expected {expected} at position {pos} in {shown!r}"
    if found:
        what = "the end of the text" if pos >= len(text) else repr(text[pos:pos + 12])
        message += f", found {what}"
    if detail:
        message += f" ({detail})"
    if stage is not None:
        message += f" [stage {stage} of the list]"
    window, col = _show(text.replace("\n", " ").replace("\t", " "), pos)
    message += f"\n    {window}\n    {' ' * col}^"
    return NotationError(message, text=text, position=pos, expected=expected, stage=stage)


class _Parser:
    def __init__(self, text: str, stage: int | None, aliases: Mapping[str, str]) -> None:
        self.text = text
        self.i = 0
        self.n = len(text)
        self.stage = stage
        self.aliases = aliases

    def fail(self, expected: str, at: int | None = None, *, found: bool = True,
             detail: str | None = None) -> NotationError:
        return notation_error(self.text, self.i if at is None else at, expected,
                              stage=self.stage, found=found, detail=detail)

    def skip(self) -> None:
        while self.i < self.n and self.text[self.i] in _SPACE:
            self.i += 1

    def peek(self, s: str) -> bool:
        return self.text.startswith(s, self.i)

    def separated(self, sep: str, item: Callable[[], _T]) -> list[_T]:
        """One `item`, then one more after each `sep` (spaces allowed around it)."""
        items = [item()]
        self.skip()
        while self.peek(sep):
            self.i += len(sep)
            items.append(item())
            self.skip()
        return items

    def graph(self) -> list[StageSpec]:
        stages = self.separated("->", self.stage_)
        if self.i < self.n:
            raise self.fail("'+', '->' or the end of the spec")
        return stages

    def stage_(self) -> StageSpec:
        return StageSpec(tuple(self.separated("+", self.node)))

    def node(self) -> NodeSpec:
        self.skip()
        start = self.i
        while self.i < self.n and self.text[self.i].isdigit() and self.text[self.i].isascii():
            self.i += 1
        digits = self.text[start:self.i]
        if not digits:
            raise self.fail("a count like '5'")
        significant = digits.lstrip("0") or "0"
        if len(significant) > len(str(MAX_COUNT)) or int(significant) > MAX_COUNT:
            raise self.fail(f"a count of at most {MAX_COUNT}", start, found=False,
                            detail=f"got {digits[:20]}")
        count = int(significant)
        if count < 1:
            raise self.fail("a count of at least 1", start, found=False, detail="got 0")
        code_pos = self.i
        if self.i >= self.n or self.text[self.i] not in _CODE_FIRST:
            raise self.fail("a node code (an upper-case letter such as E, J, M or V) "
                            "after the count")
        self.i += 1
        while self.i < self.n and self.text[self.i] in _WORD:
            self.i += 1
        code = self.text[code_pos:self.i]
        model = None
        model_pos = self.i
        if self.peek("@"):
            self.i += 1
            model_pos = self.i
            model = self.model()
        self.skip()
        params: list[tuple[str, Value]] = []
        positions: list[int] = []
        if self.peek("("):
            self.params(params, positions)
        return NodeSpec(count, code, model, tuple(params), start, code_pos, model_pos,
                        tuple(positions))

    def model(self) -> str:
        start = self.i
        while self.i < self.n and self.text[self.i] in _MODEL_CHARS and not self.peek("->"):
            self.i += 1
        model = self.text[start:self.i]
        if not model:
            raise self.fail("a model id like 'openai/gpt-4o' after '@'")
        provider, sep, name = model.partition("/")
        if not sep or not name or not provider:
            raise self.fail("a model id like 'openai/gpt-4o' (provider/model)", start,
                            found=False, detail=f"got {model!r}")
        if not PREFIX_PATTERN.fullmatch(provider):
            raise self.fail("a provider prefix of lowercase letters, digits, '_', '.' or '-'",
                            start, found=False, detail=f"got {provider!r}")
        return model

    def params(self, params: list[tuple[str, Value]], positions: list[int]) -> None:
        open_pos = self.i
        self.i += 1
        seen: set[str] = set()
        while True:
            self.skip()
            if self.peek(")"):
                self.i += 1
                return
            if self.i >= self.n:
                raise self.fail(f"')' to close the '(' at position {open_pos}")
            name_pos = self.i
            if self.text[self.i] not in _IDENT_FIRST:
                raise self.fail("a parameter name like 'temperature'")
            while self.i < self.n and self.text[self.i] in _WORD:
                self.i += 1
            written = self.text[name_pos:self.i]
            name = self.aliases.get(written, written)
            if name in seen:
                raise self.fail("each parameter once", name_pos, found=False,
                                detail=f"{name!r} is given twice")
            seen.add(name)
            self.skip()
            if not self.peek("="):
                raise self.fail(f"'=' after the parameter name {written!r}")
            self.i += 1
            self.skip()
            value = self.value()
            params.append((name, value))
            positions.append(name_pos)
            self.skip()
            if self.peek(","):
                self.i += 1
                continue
            if self.peek(")"):
                self.i += 1
                return
            if self.i >= self.n:
                raise self.fail(f"')' to close the '(' at position {open_pos}")
            raise self.fail("',' or ')' after the value")

    def value(self) -> Value:
        if self.i >= self.n:
            raise self.fail("a value (a number, true, false, none or a string)")
        quote = self.text[self.i]
        if quote in "\"'":
            return self.quoted(quote)
        start = self.i
        while self.i < self.n and self.text[self.i] in _BARE_CHARS:
            self.i += 1
        token = self.text[start:self.i]
        if not token:
            raise self.fail("a value (a number, true, false, none or a string)")
        if _INT.fullmatch(token) and len(token.lstrip("+-").lstrip("0")) > 18:
            raise self.fail("an integer of at most 18 digits", start, found=False)
        value = _bare_value(token)
        if isinstance(value, float) and not math.isfinite(value):
            raise self.fail("a finite number", start, found=False, detail=f"got {token}")
        return value

    def quoted(self, quote: str) -> str:
        start = self.i
        self.i += 1
        out: list[str] = []
        while True:
            if self.i >= self.n:
                raise self.fail(f"a closing {quote} for the string opened at position {start}")
            c = self.text[self.i]
            if c == quote:
                self.i += 1
                return "".join(out)
            if c == "\\":
                esc = self.text[self.i + 1] if self.i + 1 < self.n else ""
                if esc not in _ESCAPES:
                    raise self.fail("an escape: \\\\, \\\", \\', \\n, \\t or \\r", self.i)
                out.append(_ESCAPES[esc])
                self.i += 2
                continue
            out.append(c)
            self.i += 1


def parse(text: str, *, stage: int | None = None,
          aliases: Mapping[str, str] | None = None) -> GraphSpec:
    """Parse one NON spec string (stages joined by ``->``) into a `GraphSpec`.

    Args:
        text: e.g. ``"5E@openai/gpt-4o(temp=0.7) -> 1J@anthropic/claude-sonnet-4"``.
        stage: the string's index in a list of stages (named in errors).
        aliases: parameter aliases (default: `ALIASES`).

    Raises:
        NotationError: naming the position and what was expected there.

    Examples:
        >>> spec = parse("3E@sim/gpt + 2E@sim/claude -> 1J@sim/judge(temp=0)")
        >>> [len(s.nodes) for s in spec.stages], spec.stages[1].nodes[0].params
        ([2, 1], (('temperature', 0),))
        >>> parse("@openai/gpt")
        Traceback (most recent call last):
        ...
        ember._errors.NotationError: expected a count like '5' at position 0 in '@openai/gpt', found '@openai/gpt'
        ...
    """
    if not isinstance(text, str):
        raise NotationError(
            f"expected a str like '5E@sim/gpt' at position 0, got {type(text).__name__}"
            + (f" [stage {stage} of the list]" if stage is not None else ""),
            text=repr(text), position=0, expected="a str", stage=stage)
    parser = _Parser(text, stage, ALIASES if aliases is None else aliases)
    return GraphSpec(tuple(parser.graph()))
