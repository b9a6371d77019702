"""Ember's user-facing facade: ``from ember.api import models, operators, op, non, xcs, data, eval``.

The names users of the earlier Ember import, each the one implementation of its job here:
`models` (call any model by id, or by a bare catalogue name), `operators` and its `op`
decorator, `non` (NON notation and graphs), `xcs` (jit, vmap, pmap, parallel, explain),
`data` and `eval`.

Examples:
    >>> from ember.api import models, op
    >>> models("sim/gpt", "Hi", latency=0).model_id
    'sim/gpt'
    >>> @op
    ... def shout(text: str) -> str:
    ...     return text.upper()
    >>> shout("hi")
    'HI'
"""

from ember import data as data
from ember import eval as eval  # noqa: A004 - the facade's name for ember.eval
from ember import non as non
from ember import operators as operators
from ember import xcs as xcs
from ember.models import models as models
from ember.operators import op as op

__all__ = ["data", "eval", "models", "non", "op", "operators", "xcs"]
