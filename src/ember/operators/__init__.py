"""Operators: small, typed, immutable modules that compose into systems of model calls.

Write one by subclassing `Operator` (fields as annotations, work in `forward`) or by
decorating a function with `op`. Compose with ``a >> b`` (one after the other) and
``a & b`` / `branches` (at once, results as a tuple). The common building blocks of
"networks of networks" are here: `Ensemble`, `Judge`, `MostCommon`, `Verifier`, `Router`,
`Retry` and `Cache`. Everything that waits runs on Ember's one scheduler, so an ensemble's
members and independent branches are in flight together; `xcs.jit` starts operator calls
early like any other model call.

Examples:
    >>> from ember.api import operators
    >>> ens = operators.Ensemble("sim/gpt", n=3, latency=0.01)
    >>> judge = operators.Judge("sim/judge", latency=0.01)
    >>> answer = judge("Why is the sky blue?", ens("Why is the sky blue?"))
    >>> len(answer.responses)
    3
"""

from ember.operators._cache import Cache as Cache
from ember.operators._cache import CacheInfo as CacheInfo
from ember.operators._compose import Branches as Branches
from ember.operators._compose import Sequential as Sequential
from ember.operators._compose import branches as branches
from ember.operators._compose import sequence as sequence
from ember.operators._ensemble import Ensemble as Ensemble
from ember.operators._function import FunctionOperator as FunctionOperator
from ember.operators._function import op as op
from ember.operators._judge import Judge as Judge
from ember.operators._model import Model as Model
from ember.operators._model import as_model as as_model
from ember.operators._module import Operator as Operator
from ember.operators._result import Answer as Answer
from ember.operators._retry import Retry as Retry
from ember.operators._route import Router as Router
from ember.operators._spec import check as check
from ember.operators._tools import arun_tools as arun_tools
from ember.operators._tools import run_tools as run_tools
from ember.operators._verify import Verifier as Verifier
from ember.operators._vote import MostCommon as MostCommon
from ember.operators._vote import normalize_answer as normalize_answer

__all__ = [
    "Answer",
    "Branches",
    "Cache",
    "CacheInfo",
    "Ensemble",
    "FunctionOperator",
    "Judge",
    "Model",
    "MostCommon",
    "Operator",
    "Retry",
    "Router",
    "Sequential",
    "Verifier",
    "arun_tools",
    "as_model",
    "branches",
    "check",
    "normalize_answer",
    "op",
    "run_tools",
    "sequence",
]
