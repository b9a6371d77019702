"""`ember.operators.lowlevel`: what composite operators and NON nodes build on. No stability
promise.

`acall_any` awaits anything an operator may hold (a model, an operator, an ``async def``, a
blocking function on Ember's worker threads); `kind_of` and `combined_kind` tell what a
held callable, or a set of parts, does as `xcs.jit` sees it, so a composite can declare it;
`format_candidates` lays out answers for a judge's prompt as `Judge` does.
"""

from ember.operators._call import acall_any as acall_any
from ember.operators._call import combined_kind as combined_kind
from ember.operators._call import kind_of as kind_of
from ember.operators._judge import format_candidates as format_candidates

__all__ = ["acall_any", "combined_kind", "format_candidates", "kind_of"]
