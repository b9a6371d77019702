"""`ember.eval.lowlevel`: what an evaluation backend runs. No stability promise.

`evaluate` hands a backend its items as `ItemTask`s and one `ItemRunner`, which runs an item
(system, then evaluator) and returns an `ItemOutcome` instead of raising; its model calls
are counted by a `Meter` and capped by a `Gate`. The Ray backend (`ember.ray`) runs the
same runner in its workers, registered with `register_backend`; `failure_record` records an
item whose worker died. `import_object` resolves a ``module:attr`` spec as evaluator specs
do (the CLI resolves its SYSTEM argument with it).
"""

from ember.eval._evaluators import import_object as import_object
from ember.eval._meter import Gate as Gate
from ember.eval._meter import Meter as Meter
from ember.eval._run import register_backend as register_backend
from ember.eval._task import ItemOutcome as ItemOutcome
from ember.eval._task import ItemRunner as ItemRunner
from ember.eval._task import ItemTask as ItemTask
from ember.eval._task import failure_record as failure_record

__all__ = [
    "Gate", "ItemOutcome", "ItemRunner", "ItemTask", "Meter", "failure_record",
    "import_object", "register_backend",
]
