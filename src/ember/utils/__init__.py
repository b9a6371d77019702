"""The earlier Ember's ``ember.utils`` import path; only `ember.utils.eval` lives here.

Nothing is implemented in this package: `ember.utils.eval` gives the earlier Ember's
evaluator names for `ember.eval`'s evaluators, so programs written for it import unchanged.
"""

from ember.utils import eval as eval  # noqa: A004 - the earlier Ember's submodule name

__all__ = ["eval"]
