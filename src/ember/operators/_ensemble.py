"""`Ensemble`: the same prompt to N models (or N times to one), all calls in flight at once."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, ClassVar

from ember._errors import SpecError
from ember.models import Prompt
from ember.models.lowlevel import check_ready
from ember.operators._model import Model, as_model
from ember.operators._module import Operator
from ember.xcs import aparallel

__all__ = ["Ensemble"]


class Ensemble(Operator):
    """Ask every member the same prompt at once; return their answers in member order.

    Members run concurrently on Ember's event loop (the calls' limits are the providers'
    own), so an ensemble of five 0.2 s calls takes about 0.2 s. If a member fails, the other
    calls are cancelled and that first failure comes out as it is (Ember's one policy).
    A missing key is checked before any call is sent, and comes out as one `MissingAPIKey`.

    Args:
        models: one model (id, `ModelBinding` or callable) or a list of them.
        n: how many times to call each model (default 1).
        **params: call parameters for every member (``temperature=0.7``, ``latency=0.2``...).
            A ``seed`` gives member i the seed ``seed + i``, so members sample differently;
            without one, simulated (``sim/``) members get their index as the seed, as real
            models differ by sampling, and every call stays deterministic.

    Examples:
        >>> ens = Ensemble("sim/gpt", n=3, temperature=0.7, latency=0.01)
        >>> answers = ens("What is the capital of France?")
        >>> len(answers), answers[0].model_id
        (3, 'sim/gpt')
        >>> Ensemble([str.upper, str.lower])("Hi")
        ('HI', 'hi')
    """

    __ember_io__: ClassVar[str] = "read"

    members: tuple[Model, ...]

    def __init__(self, models: Any, n: int = 1, **params: Any) -> None:
        if isinstance(n, bool) or not isinstance(n, int) or n < 1:
            raise SpecError(f"Ensemble: n must be an int >= 1, got {n!r}", operator="Ensemble",
                            field="n", expected="int >= 1", value=n)
        many = (list(models) if isinstance(models, Sequence) and not isinstance(models, str)
                else [models])
        if not many:
            raise SpecError("Ensemble: needs at least one model", operator="Ensemble",
                            field="models", expected="a non-empty list of models", value=models)
        seed = params.pop("seed", None)
        members = []
        for m in many:
            for _ in range(n):
                extra = dict(params)
                if isinstance(seed, int) and not isinstance(seed, bool):
                    extra["seed"] = seed + len(members)
                elif seed is None and _simulated(m):
                    extra["seed"] = len(members)  # else every member gives the same answer
                elif seed is not None:
                    extra["seed"] = seed  # not an int: the models layer says why
                members.append(as_model(m, extra, who="Ensemble"))
        self.members = tuple(members)

    async def aforward(self, prompt: Prompt) -> tuple[Any, ...]:
        for model_id in dict.fromkeys(m.model_id for m in self.members if m.model_id):
            check_ready(model_id)
        return tuple(await aparallel(*[functools.partial(m.acall, prompt)
                                       for m in self.members]))


def _simulated(model: Any) -> bool:
    """True for a ``sim/`` model: it answers a request the same every time, where a real
    model samples."""
    model_id = model if isinstance(model, str) else getattr(model, "model_id", None)
    return isinstance(model_id, str) and model_id.startswith("sim/")
