"""`typing.TypedDict` hints made readable by pydantic on Python 3.11, for every
place that validates a user's type (operator specs, structured output)."""

from __future__ import annotations

import functools
import sys
import types
import typing
from collections import abc
from typing import Any

__all__ = ["portable"]


if sys.version_info >= (3, 12):
    def portable(hint: Any) -> Any:
        """`hint` as pydantic reads it (3.12 reads `typing.TypedDict` as it is)."""
        return hint
else:
    def portable(hint: Any) -> Any:
        """`hint` with each `typing.TypedDict` mirrored as a `typing_extensions` one.

        Before Python 3.12 pydantic reads TypedDicts only from `typing_extensions` (it needs
        ``__orig_bases__``); users write `typing.TypedDict`.
        """
        if typing.is_typeddict(hint):
            return _mirror(hint) if type(hint).__module__ == "typing" else hint
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if not args or origin in (typing.Literal, abc.Callable):
            return hint
        new = tuple(portable(a) for a in args)
        if all(a is b for a, b in zip(new, args, strict=True)):
            return hint
        if origin is typing.Annotated:
            return typing.Annotated[(new[0], *hint.__metadata__)]
        if origin in (typing.Union, types.UnionType):
            return typing.Union[new]  # noqa: UP007 - built from a tuple of members
        return hint.copy_with(new) if hasattr(hint, "copy_with") else origin[new]

    @functools.cache
    def _mirror(spec: type) -> Any:
        import typing_extensions as tx

        fields = {}
        for name, hint in typing.get_type_hints(spec, include_extras=True).items():
            # A written Required/NotRequired decides (3.11 misreads it when annotations are
            # strings); otherwise the class's own record of its required keys.
            wrapper = typing.get_origin(hint)
            if wrapper in (typing.Required, typing.NotRequired):
                hint = typing.get_args(hint)[0]
            else:
                wrapper = tx.Required if name in spec.__required_keys__ else tx.NotRequired
            fields[name] = wrapper[portable(hint)]
        return tx.TypedDict(spec.__name__, fields)  # type: ignore[operator]
