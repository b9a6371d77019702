"""Ember's user-facing facade: ``from ember.api import models, operators, op, non, xcs, data, eval``.

The names users of the earlier Ember import, each the one implementation of its job here:
`models` (call any model by id, or by a bare catalogue name; `Models` is its class, with
the catalogue's names as constants: ``Models.GPT_4O_MINI``), `operators` and its `op`
decorator, `non` (NON notation and graphs), `xcs` (jit, vmap, pmap, parallel, explain),
`data` and `eval`. The submodule spelling works too (``from ember.api.xcs import jit``,
``from ember.api.operators import Operator``, ``from ember.api.models import models``).

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

import sys

import ember.models
from ember import data as data
from ember import eval as eval  # noqa: A004 - the facade's name for ember.eval
from ember import non as non
from ember import operators as operators
from ember import xcs as xcs
from ember.models import Models as Models
from ember.models import models as models
from ember.operators import op as op

__all__ = ["Models", "data", "eval", "models", "non", "op", "operators", "xcs"]

# The earlier Ember's submodule imports (``from ember.api.xcs import jit``,
# ``from ember.api.operators import Operator``) name the same modules, not copies.
for _name, _module in (("data", data), ("eval", eval), ("models", ember.models), ("non", non),
                       ("operators", operators), ("xcs", xcs)):
    sys.modules.setdefault(f"{__name__}.{_name}", _module)
del _name, _module
