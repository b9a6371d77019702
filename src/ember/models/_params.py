"""Call parameters: the "unset" sentinel, validation, and the normalised `Request`.

Every model call becomes one `Request` before any provider sees it: the prompt turned into
chat messages (``system=`` first), each parameter checked by its own rule, and the rest
kept as provider pass-through. `UNSET` means "not given here" (inherit the binding's
default, then the provider's), which is different from ``None``: ``temperature=None``
says "send no temperature" and ``timeout=None`` says "wait forever".
"""

from __future__ import annotations

import copy
import enum
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import KW_ONLY, dataclass
from os import PathLike
from typing import Any, Final, Literal

from ember._errors import InvalidMessage, InvalidParameter
from ember.models import _scope
from ember.models._parts import part_of
from ember.models._tools import ToolSpec, tool_choice, tool_specs

__all__ = [
    "PARAM_NAMES",
    "UNSET",
    "Request",
    "Unset",
    "check_params",
    "make_request",
    "short_repr",
]


class _UnsetType(enum.Enum):
    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


UNSET: Final = _UnsetType.UNSET
"""Marks a parameter the caller did not give (distinct from ``None``)."""

Unset = Literal[_UnsetType.UNSET]

# Messages may only carry these roles; providers reject others, so we say so first.
_ROLES = frozenset({"system", "developer", "user", "assistant", "tool"})
# Names the provider layer sets itself; passing them would silently fight with it.
_RESERVED = {
    "model": "pass the model in the id: models('openai/gpt-4o', ...)",
    "messages": "pass messages as the second argument: models(id, [{'role': ..., ...}])",
    "stream": "stream with models.stream(id, prompt) (or models.astream), which yields the "
    "text as it comes",
    "api_key": "keys are never call parameters; set the provider's API key env var "
    "or `api_key_env` in the config file",
    "base_url": "set the endpoint's base_url in the config file or OPENAI_BASE_URL",
}


class _Bad(Exception):
    """Raised by a parameter rule: carries the allowed range for the message."""

    def __init__(self, allowed: str) -> None:
        self.allowed = allowed


def _number(lo: float | None, hi: float | None, *, lo_open: bool = False) -> Callable:
    if lo is not None and hi is not None:
        allowed = f"a number from {lo:g} to {hi:g}"
    elif lo_open:  # inf would mean "no limit", which None already says
        allowed = f"a number > {lo:g} (seconds, finite), or None (no limit)"
    else:
        allowed = f"a number >= {lo:g} (seconds, finite), or None"

    def check(value: object) -> float | None:
        # The value is kept as given (0 stays 0): the simulator's text depends on the exact
        # JSON, so the in-process and HTTP paths must send the same thing.
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _Bad(allowed)
        if (isinstance(value, float) and not math.isfinite(value)) or (
                lo is not None and (value <= lo if lo_open else value < lo)):
            raise _Bad(allowed)
        if hi is not None and value > hi:
            raise _Bad(allowed)
        return value

    return check


def _int(lo: int | None) -> Callable:
    allowed = "an int" if lo is None else f"an int >= {lo}"

    def check(value: object) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or (lo is not None and value < lo):
            raise _Bad(allowed + ", or None")
        return value

    return check


def _stop(value: object) -> list[str] | None:
    allowed = "a non-empty str or a list of non-empty str, or None"
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    elif not isinstance(value, list | tuple):
        raise _Bad(allowed)
    if not all(isinstance(s, str) and s for s in value):
        raise _Bad(allowed)
    return list(value)


def _tool_choice(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value  # checked against the tools in `make_request`
    raise _Bad("'auto', 'none', 'required' or a tool's name, or None")


def _json_schema(value: object) -> dict[str, Any] | None:
    if value is None or (isinstance(value, Mapping) and all(isinstance(k, str) for k in value)):
        return None if value is None else dict(value)
    raise _Bad("a JSON schema (a dict), or None; or pass output=T to get a validated T")


def _system(value: object) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise _Bad("a str, or None")


# One rule per named parameter (habit 5). Each returns the normalised value or raises _Bad.
_RULES: dict[str, Callable[[Any], Any]] = {
    "system": _system,
    "temperature": _number(0.0, 2.0),
    "max_tokens": _int(1),
    "seed": _int(None),
    "stop": _stop,
    "timeout": _number(0.0, None, lo_open=True),
    "deadline": _number(0.0, None, lo_open=True),
    "latency": _number(0.0, None),
    "n": _int(1),
    "tools": lambda value: None if value is None else tool_specs(value),
    "tool_choice": _tool_choice,
    "json_schema": _json_schema,
}

PARAM_NAMES: Final = tuple(_RULES)
"""The parameters Ember understands itself; any other keyword passes through to the provider."""


def short_repr(value: object) -> str:
    """`repr` cut to 80 characters, for messages."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def check_params(model_id: str | None, params: Mapping[str, Any]) -> dict[str, Any]:
    """Validate and normalise call parameters; return a new dict of the ones given.

    Args:
        model_id: the model the parameters are for (named in errors).
        params: parameter names to values, holding only those the caller gave.

    Returns:
        A new dict: named parameters normalised (``stop="x"`` becomes ``["x"]``), the rest
        passed through unchanged.

    Raises:
        InvalidParameter: naming the parameter, the value and what is allowed.

    Examples:
        >>> check_params("sim/gpt", {"temperature": 1, "stop": "END", "top_p": 0.9})
        {'temperature': 1, 'stop': ['END'], 'top_p': 0.9}
    """
    out: dict[str, Any] = {}
    for name, value in params.items():
        rule = _RULES.get(name)
        if rule is None:
            fix = _RESERVED.get(name)
            if fix is not None:
                # The value is not shown: for api_key it would be the key itself.
                raise InvalidParameter(
                    f"{model_id}: `{name}` is not a call parameter; {fix}.", model_id=model_id
                )
            out[name] = value
            continue
        try:
            out[name] = rule(value)
        except _Bad as bad:
            raise InvalidParameter(
                f"{model_id}: {name}={short_repr(value)} is not valid; "
                f"{name} must be {bad.allowed}.",
                model_id=model_id,
            ) from None
    return out


# eq=False: a Request is one call, equal only to itself (and hashable), as a plain class is.
@dataclass(slots=True, eq=False, repr=False)
class Request:
    """One model call, normalised: messages plus the parameters the caller gave.

    `messages` is a fresh list of fresh dicts (the caller may mutate theirs afterwards);
    a ``system=`` prompt is its first message. Named parameters are ``None`` when they
    should not be sent; `timeout` and `deadline` stay `UNSET` to take the endpoint's default.
    `n` is the number of choices asked for (None: one), `tools` the `ToolSpec`s the model
    may call (empty: none), `tool_choice` "auto"/"none"/"required"/a tool's name (None: the
    provider's default), `json_schema` the JSON schema the answer must match (None: any).
    """

    messages: list[dict[str, Any]]
    _: KW_ONLY
    temperature: float | None = None
    max_tokens: int | None = None
    seed: int | None = None
    stop: list[str] | None = None
    timeout: float | None | Unset = UNSET
    deadline: float | None | Unset = UNSET
    latency: float | None = None
    extra: dict[str, Any] | None = None  # the provider pass-through; None: {}
    n: int | None = None
    tools: tuple[ToolSpec, ...] = ()
    tool_choice: str | None = None
    json_schema: dict[str, Any] | None = None

    def __post_init__(self) -> None:
        if self.extra is None:
            self.extra = {}

    def __repr__(self) -> str:
        fields = ", ".join(
            f"{name}={getattr(self, name)!r}" for name in self.__slots__
            if getattr(self, name) not in (None, UNSET, {}, ())
        )
        return f"Request({fields})"


MSG_PARTS_EXAMPLE = (
    'e.g. [{"type": "text", "text": "What is this?"}, '
    '{"type": "image_url", "image_url": {"url": "https://..."}}]'
)

# What each known content part must carry (habit 5): (key, check, what it must be). Parts of
# other types pass through: providers know more than these (audio, files, tool results).
_PARTS: dict[str, tuple[str, Callable[[Any], bool], str]] = {
    "text": ("text", lambda v: isinstance(v, str), "a str 'text'"),
    "image_url": ("image_url", lambda v: isinstance(v, Mapping) and isinstance(v.get("url"), str),
                  "an 'image_url' object with a str 'url'"),
    "image": ("source", lambda v: isinstance(v, Mapping),
              "a 'source' object (e.g. {'type': 'base64', 'media_type': 'image/png', "
              "'data': ...})"),
}


def _content(model_id: str, i: int, content: object) -> object:
    """A message's content, checked and copied (a later change by the caller is not seen)."""
    if content is None or isinstance(content, str):
        return content
    if isinstance(content, bytes | bytearray | PathLike):  # one image
        content = [content]
    if not isinstance(content, list | tuple):
        raise InvalidMessage(
            f"{model_id}: messages[{i}].content={short_repr(content)} is not a str or a list "
            f"of parts. Fix: pass a str, or a list of parts, {MSG_PARTS_EXAMPLE}.",
            model_id=model_id, index=i)
    try:  # str: a text part; bytes or a Path: an image
        content = [part_of(item) for item in content]
    except InvalidMessage as exc:
        problem = str(exc)
    else:
        problem = None
    if problem is not None:
        raise InvalidMessage(f"{model_id}: messages[{i}].content: {problem}", model_id=model_id,
                             index=i)
    for j, part in enumerate(content):
        kind = part.get("type") if isinstance(part, Mapping) else None
        if not isinstance(kind, str):
            problem = "is not an object with a str 'type'"
        elif kind in _PARTS and not _PARTS[kind][1](part.get(_PARTS[kind][0])):
            problem = f"is a part of type {kind!r} without {_PARTS[kind][2]}"
        else:
            continue
        raise InvalidMessage(
            f"{model_id}: messages[{i}].content[{j}]={short_repr(part)} {problem}. Fix: "
            f"write each part as a dict with its 'type' and fields, {MSG_PARTS_EXAMPLE}.",
            model_id=model_id, index=i)
    return copy.deepcopy(content)


def _messages(model_id: str, prompt: object) -> list[dict[str, Any]]:
    if isinstance(prompt, str):
        return [{"role": "user", "content": prompt}]
    if isinstance(prompt, Sequence) and prompt and not isinstance(prompt, bytes | bytearray):
        out = []
        for i, message in enumerate(prompt):
            if (
                not isinstance(message, Mapping)
                or not isinstance(message.get("role"), str)
                or message["role"] not in _ROLES
                or "content" not in message
            ):
                raise InvalidMessage(
                    f"{model_id}: messages[{i}]={short_repr(message)} is not a chat message; "
                    f"each message must be a dict with 'role' (one of {sorted(_ROLES)}) "
                    "and 'content'.",
                    model_id=model_id, index=i,
                )
            out.append({**message, "content": _content(model_id, i, message["content"])})
        return out
    raise InvalidParameter(
        f"{model_id}: prompt={short_repr(prompt)} is not a prompt; pass a str, or a non-empty "
        "list of {'role': ..., 'content': ...} messages.",
        model_id=model_id,
    )


def make_request(model_id: str, prompt: object, params: Mapping[str, Any]) -> Request:
    """Build the `Request` for one call, validating the prompt and every parameter.

    Args:
        model_id: the full model id (named in errors).
        prompt: a str (one user message) or a list of chat message dicts.
        params: the parameters the caller gave (named ones and pass-through).

    Returns:
        The normalised `Request`.

    Raises:
        InvalidParameter: if the prompt or a parameter is not acceptable.

    Examples:
        >>> r = make_request("sim/gpt", "Hi", {"system": "Be brief", "stop": "."})
        >>> r.messages, r.stop
        ([{'role': 'system', 'content': 'Be brief'}, {'role': 'user', 'content': 'Hi'}], ['.'])
    """
    messages = _messages(model_id, prompt)
    scoped, process = _scope.scoped.get(), _scope.process[0]  # ember.context(temperature=...)
    if scoped is not None or process is not None:
        params = {**(process.defaults if process else {}),
                  **(scoped.defaults if scoped else {}), **params}
    p = check_params(model_id, params)
    if not p:  # no parameters (the common call): every field as it defaults
        return Request(messages)
    pop = p.pop
    system = pop("system", None)
    if system is not None:
        messages.insert(0, {"role": "system", "content": system})
    tools = pop("tools", None) or ()
    choice = pop("tool_choice", None)
    if choice is not None:
        if not tools:
            raise InvalidParameter(f"{model_id}: tool_choice={choice!r} without tools=. Fix: "
                                   "pass the tools too, or drop tool_choice.", model_id=model_id)
        tool_choice(choice, tools)
    return Request(
        messages,
        n=pop("n", None),
        tools=tools,
        tool_choice=choice,
        json_schema=pop("json_schema", None),
        temperature=pop("temperature", None),
        max_tokens=pop("max_tokens", None),
        seed=pop("seed", None),
        stop=pop("stop", None),
        timeout=pop("timeout", UNSET),
        deadline=pop("deadline", UNSET),
        latency=pop("latency", None),
        extra=p,
    )
