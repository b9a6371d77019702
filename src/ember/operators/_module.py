"""`Operator`: small, typed, immutable modules with a `forward` method.

Every subclass is made a dataclass: fields are class annotations, ``__init__``, ``__repr__``,
``__eq__`` and ``__hash__`` are generated (a hand-written ``__init__`` is kept). Inside
``__init__`` (and ``__post_init__``) fields are assigned as usual; once the outermost
``__init__`` returns the instance is frozen: assigning or deleting an attribute raises
`dataclasses.FrozenInstanceError`, and container fields are made read-only (lists become
tuples, sets frozensets, dicts read-only mappings), so an operator cannot change under a
running system.

Calling an operator checks its input against ``input_spec`` (or the type hints of
``forward``), calls `forward`, and checks the result against ``output_spec`` (or the return
hint). `acall` is the async twin around `aforward`. A class defines either or both:
defining only `forward` gives an `aforward` that runs it on the scheduler's worker threads;
defining only `aforward` gives a `forward` that runs it on Ember's event loop.

The kind of an operator (what `xcs.jit` may do with its calls) is declared with
``__ember_io__`` on the class (``"read"`` for operators that call models and have a real
async path). Composite operators compute theirs from their parts (`_ember_kind`) when they
are built, and an instance whose parts are all reads records ``__ember_io__ = "read"`` on
itself, which `xcs.jit` reads before its class's: jitted code that calls it starts it early.
The instance keeps its class.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import types
import typing
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

from pydantic_core import CoreSchema, core_schema

from ember import _core
from ember._errors import NoForward
from ember.operators._call import combined_kind, kind_of
from ember.operators._spec import Signature, signature_of
from ember.xcs import Kind

__all__ = ["Operator"]

MSG_FROZEN = (
    "{cls}.{name}: operators are immutable once built. Make a new one instead, e.g.\n"
    "    op = {cls}(...)            # with the new value\n"
    "or keep changing state outside the operator."
)
MSG_NO_FORWARD = (
    "{cls} defines neither forward() nor aforward(). Write the work in one of them:\n"
    "    class {cls}(Operator):\n"
    "        def forward(self, text: str) -> str:\n"
    "            return ..."
)

_signatures: weakref.WeakKeyDictionary[type, tuple[Any, Signature]] = weakref.WeakKeyDictionary()
# The kinds an instance may declare on itself, as ``__ember_io__`` spells them.
_IO = {Kind.READ: "read", Kind.PURE: "pure", Kind.UNKNOWN: "unknown"}
def _embers(fn: Any) -> bool:
    """Is `fn` Ember's own (a default such as `normalize_answer`: it does what it says)?
    Asked of the function a method or a partial runs, else of the object's class."""
    while isinstance(fn, (types.MethodType, functools.partial)):
        fn = fn.__func__ if isinstance(fn, types.MethodType) else fn.func
    module = fn.__module__ if isinstance(fn, (types.FunctionType, type)) else type(
        fn).__module__
    return (module or "").partition(".")[0] == "ember"


def _freezing(init: Callable[..., None]) -> Callable[..., None]:
    """Wrap `__init__`: attributes may be set while the outermost `__init__` runs."""
    if getattr(init, "_ember_freezing", False):
        return init

    @functools.wraps(init)
    def __init__(self: Operator, *args: Any, **kwargs: Any) -> None:
        try:
            depth = self._ember_depth
        except AttributeError:
            depth = 0
        object.__setattr__(self, "_ember_depth", depth + 1)
        try:
            init(self, *args, **kwargs)
        finally:
            object.__setattr__(self, "_ember_depth", depth)
        if depth == 0:
            self._ember_freeze()

    __init__._ember_freezing = True  # type: ignore[attr-defined]
    return __init__


def _read_only(value: Any) -> Any:
    t = type(value)
    if t is list:
        return tuple(value)
    if t is set:
        return frozenset(value)
    if t is dict:
        return types.MappingProxyType(dict(value))
    return value


# The methods `xcs.jit(operator)` replaces on the copy it returns (not pickled).
_JITTED = ("forward", "aforward")


def _restore(cls: type, state: dict[str, Any]) -> Operator:
    obj = object.__new__(cls)
    obj.__dict__.update(state)
    obj._ember_apply_kind()
    return obj


@typing.dataclass_transform(eq_default=True, field_specifiers=(dataclasses.field,),
                            frozen_default=True)
class Operator:
    """Base class of operators: typed, immutable modules whose work is `forward`.

    Declare fields as class annotations; write `forward` (or the async `aforward`); call the
    instance. Optional class attributes:

    - ``input_spec``: the type of the one input (a dataclass, TypedDict, pydantic model or
      any type hint). A structured spec also accepts a mapping or keyword arguments.
    - ``output_spec``: the type of the result.
    - ``check_types``: check the type hints of `forward` (default True).

    Operators compose: ``a >> b`` runs `b` on `a`'s result; ``a & b`` (or
    ``operators.branches(a, b)``) runs both on the same input at once and returns a tuple.

    Examples:
        >>> class Shout(Operator):
        ...     suffix: str = "!"
        ...     def forward(self, text: str) -> str:
        ...         return text.upper() + self.suffix
        >>> Shout()("hi")
        'HI!'
        >>> (Shout() >> Shout(suffix="?"))("hi")
        'HI!?'
        >>> Shout()(3)
        Traceback (most recent call last):
        ...
        ember._errors.SpecError: Shout: argument 'text' expects str, got int 3
    """

    __slots__ = ("_ember_depth",)

    input_spec: ClassVar[Any] = None
    output_spec: ClassVar[Any] = None
    check_types: ClassVar[bool] = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        own_init = "__init__" in cls.__dict__
        if own_init:
            cls._ember_custom_init = True  # type: ignore[attr-defined]
        inherited_custom = not own_init and any(
            b.__dict__.get("_ember_custom_init") for b in cls.__mro__[1:])
        dataclasses.dataclass(cls, init=not inherited_custom, repr=True, eq=True,
                              unsafe_hash="__hash__" not in cls.__dict__
                              and "__eq__" not in cls.__dict__)
        if "__init__" in cls.__dict__:
            cls.__init__ = _freezing(cls.__dict__["__init__"])  # type: ignore[method-assign]

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> CoreSchema:
        """A spec naming an operator class checks with isinstance: an operator is built by
        its own ``__init__`` (which freezes it), never from a mapping of its fields."""
        return core_schema.is_instance_schema(cls)

    # -- immutability ----------------------------------------------------------------------

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "_ember_depth" or getattr(self, "_ember_depth", 0) > 0:
            object.__setattr__(self, name, value)
            return
        raise dataclasses.FrozenInstanceError(
            MSG_FROZEN.format(cls=type(self).__name__, name=name))

    def __delattr__(self, name: str) -> None:
        if getattr(self, "_ember_depth", 0) > 0:
            object.__delattr__(self, name)
            return
        raise dataclasses.FrozenInstanceError(
            MSG_FROZEN.format(cls=type(self).__name__, name=name))

    def _ember_freeze(self) -> None:
        if dataclasses.is_dataclass(self):
            for f in dataclasses.fields(self):
                value = self.__dict__.get(f.name, None)
                new = _read_only(value)
                if new is not value:
                    object.__setattr__(self, f.name, new)
        self._ember_apply_kind()

    def _ember_kind(self) -> Kind | None:
        """The kind of this instance's calls, where its parts decide it; None: as the class
        declares. An operator whose class declares its kind (Ember's, which only call their
        models) is no more than what its models are: a callable of the user's as a model
        may print or write (composites override this with their parts)."""
        if getattr(type(self), "__ember_io__", None) is None:
            return None
        from ember.operators._model import Model  # (it builds on this module's neighbours)

        held = [m for f in dataclasses.fields(self) for v in (self.__dict__.get(f.name),)
                for m in (v if isinstance(v, tuple) else (v,))]
        if any(kind_of(f) is not Kind.PURE for f in held if callable(f) and not isinstance(
                f, Model) and not _embers(f)):
            return Kind.UNKNOWN  # (a callable of yours it calls, MostCommon's normalize)
        models = [m for m in held if isinstance(m, Model)]
        return combined_kind(models) if models else None

    def _ember_apply_kind(self) -> None:
        """Declare on this instance the kind its parts give it, where that says more than its
        class does (the JIT reads an instance's own ``__ember_io__`` first)."""
        kind = self._ember_kind()
        io = _IO.get(kind) if kind is not None else None
        if io is not None and io != getattr(type(self), "__ember_io__", None):
            object.__setattr__(self, "__ember_io__", io)

    def __reduce__(self) -> tuple[Any, ...]:
        state = {k: v for k, v in self.__dict__.items()
                 if not k.startswith(("_ember_", "__ember_")) and k not in _JITTED}
        return (_restore, (type(self), state))

    def __ember_jit__(self, jit: Callable[[Any], Any]) -> Operator:
        """``xcs.jit(operator)``: an equal copy whose own work (`forward`, `aforward`) is
        jitted, the class left as it is (``@xcs.jit`` on the class jits it in place)."""
        cls, copy = type(self), _restore(type(self), dict(self.__dict__))
        for name in _JITTED:
            method = getattr(cls, name)
            if method is not getattr(Operator, name):
                object.__setattr__(copy, name, types.MethodType(jit(method), copy))
        return copy

    # -- calling ---------------------------------------------------------------------------

    def _ember_signature(self) -> Signature:
        cls = type(self)
        fwd = cls.forward if cls.forward is not Operator.forward else cls.aforward
        hit = _signatures.get(cls)
        if hit is not None and hit[0] is fwd:
            return hit[1]
        sig = signature_of(cls.__name__, fwd, skip_self=True, input_spec=cls.input_spec,
                           output_spec=cls.output_spec, check_types=cls.check_types)
        _signatures[cls] = (fwd, sig)
        return sig

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        sig = self._ember_signature()
        args, kwargs = sig.inputs(args, kwargs)
        return sig.output(self.forward(*args, **kwargs))

    # For xcs: calling one runs its `forward` and none of the user's code besides, where it
    # has no input or output spec (whose validators may be the user's). Keyed by this
    # function itself: a wrapper of it (`functools.wraps` copies the mark) is not it.
    __call__.__ember_forward__ = (__call__, lambda cls: all(  # type: ignore[attr-defined]
        inspect.getattr_static(cls, spec, None) is None for spec in ("input_spec", "output_spec")))

    async def acall(self, *args: Any, **kwargs: Any) -> Any:
        """The async twin of calling the operator: checks the specs around `aforward`.

        Examples:
            >>> class Double(Operator):
            ...     def forward(self, x: int) -> int:
            ...         return 2 * x
            >>> import asyncio
            >>> asyncio.run(Double().acall(21))
            42
        """
        sig = self._ember_signature()
        args, kwargs = sig.inputs(args, kwargs)
        return sig.output(await self.aforward(*args, **kwargs))

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The operator's work (override this or `aforward`)."""
        if type(self).aforward is Operator.aforward:
            raise NoForward(MSG_NO_FORWARD.format(cls=type(self).__name__))
        return _core.run(self.aforward(*args, **kwargs))

    async def aforward(self, *args: Any, **kwargs: Any) -> Any:
        """The operator's work as a coroutine (override this or `forward`)."""
        if type(self).forward is Operator.forward:
            raise NoForward(MSG_NO_FORWARD.format(cls=type(self).__name__))
        return await _core.to_thread(self.forward, *args, **kwargs)

    # -- composition -----------------------------------------------------------------------

    def __rshift__(self, other: Any) -> Operator:
        from ember.operators._compose import sequence

        return sequence(self, other)

    def __rrshift__(self, other: Any) -> Operator:
        from ember.operators._compose import sequence

        return sequence(other, self)

    def __and__(self, other: Any) -> Operator:
        from ember.operators._compose import branches

        return branches(self, other)

    def __rand__(self, other: Any) -> Operator:
        from ember.operators._compose import branches

        return branches(other, self)
