"""`Model`: what an operator calls as a model — an id, a `ModelBinding` or a callable.

Operators accept a model in three forms: a model id (``"sim/gpt"``, bound with the
operator's parameters and validated at once), a `ModelBinding`, or any callable taking a
prompt (a function, another operator: handy for tests and for wrapping other clients).
`as_model` turns each into a `Model`, which calls it with the same parameters everywhere,
sync or async, and compares by what it calls.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from ember._errors import SpecError
from ember.models import ModelBinding, models
from ember.models.lowlevel import SIM_DEFAULT_LATENCY
from ember.operators._call import acall_any
from ember.operators._spec import short_repr

__all__ = ["Model", "as_model"]



def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict | types.MappingProxyType):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    if isinstance(value, set | frozenset):
        return frozenset(_freeze(v) for v in value)
    return value


class Model:
    """A model as operators call it: ``model(prompt)`` and ``await model.acall(prompt)``.

    Examples:
        >>> m = as_model("sim/gpt", {"latency": 0})
        >>> m.label, m("Hi").model_id
        ('sim/gpt', 'sim/gpt')
    """

    __ember_io__: ClassVar[str] = "read"
    __slots__ = ("target", "params", "label")

    target: Callable[..., Any]
    params: Mapping[str, Any]
    label: str

    def __init__(self, target: Callable[..., Any], params: Mapping[str, Any], label: str):
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "params", types.MappingProxyType(dict(params)))
        object.__setattr__(self, "label", label)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"Model is immutable; cannot set {name!r}")

    @property
    def model_id(self) -> str | None:
        """The model id, when this is a model of the models layer."""
        return self.target.model_id if isinstance(self.target, ModelBinding) else None

    @property
    def settings(self) -> Mapping[str, Any]:
        """All parameters the calls are made with (a binding's defaults and our own)."""
        base = self.target.defaults if isinstance(self.target, ModelBinding) else {}
        return types.MappingProxyType({**base, **self.params})

    def __ember_output__(self) -> Any:
        """The ``output=`` its calls validate answers into (`xcs.jit` looks at what that runs)."""
        return self.settings.get("output")

    def predicted_latency(self) -> float | None:
        """Seconds one call is expected to take, where that can be known in advance."""
        settings = self.settings
        latency = settings.get("latency")
        if isinstance(latency, int | float) and not isinstance(latency, bool):
            return float(latency)
        mid = self.model_id
        if mid is not None and mid.startswith("sim/"):
            return SIM_DEFAULT_LATENCY
        return None

    def __call__(self, prompt: Any, /, **overrides: Any) -> Any:
        return self.target(prompt, **{**self.params, **overrides})

    async def acall(self, prompt: Any, /, **overrides: Any) -> Any:
        """Await one call of the model."""
        return await acall_any(self.target, prompt, **{**self.params, **overrides})

    def _key(self) -> tuple[Any, ...]:
        if isinstance(self.target, ModelBinding):
            return ("model", self.target.model_id, _freeze(self.settings))
        return ("callable", self.target, _freeze(self.params))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Model) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.target, dict(self.params), self.label))

    def __repr__(self) -> str:
        args = "".join(f", {k}={short_repr(v, 30)}" for k, v in self.settings.items())
        return f"Model({self.label!r}{args})"


class CallableModel(Model):
    """A `Model` over a callable of the user's. It declares no kind: what it does is what
    the callable does (it may print, log or write), and `xcs.jit` looks at that."""

    __ember_io__: ClassVar[str | None] = None  # type: ignore[assignment]
    __slots__ = ()


def as_model(model: Any, params: Mapping[str, Any] | None = None, *,
             who: str = "operator") -> Model:
    """Make a `Model` from an id, a `ModelBinding`, a `Model` or a callable.

    Args:
        model: ``"provider/model"``, a `ModelBinding`, a `Model`, or a callable taking a
            prompt and keyword parameters.
        params: call parameters (``temperature``, ``latency``, ...) added to every call.
        who: the operator asking, for messages.

    Raises:
        SpecError: if `model` is none of those.
        InvalidModelId, UnknownProvider, InvalidParameter: for a bad id or parameter.

    Examples:
        >>> as_model("sim/judge", {"temperature": 0}).settings["temperature"]
        0
    """
    params = dict(params or {})
    if isinstance(model, str):
        return Model(models.instance(model, **params), {}, model)
    if isinstance(model, ModelBinding):
        if params:
            model = models.instance(model.model_id, **{**model.defaults, **params})
        return Model(model, {}, model.model_id)
    if isinstance(model, Model):
        if not params:
            return model
        if isinstance(model.target, ModelBinding):
            return as_model(model.target, {**model.params, **params}, who=who)
        return type(model)(model.target, {**model.params, **params}, model.label)
    if callable(model):
        label = getattr(model, "__name__", None) or type(model).__name__
        return CallableModel(model, params, label)
    raise SpecError(
        f"{who}: a model must be a model id like 'sim/gpt', a ModelBinding, or a callable "
        f"taking a prompt; got {type(model).__name__} {short_repr(model)}",
        operator=who, field="model", expected="a model id, ModelBinding or callable",
        value=model)
