"""Ember's user-facing facade: ``from ember.api import models, operators, data, eval``.

Examples:
    >>> from ember.api import models
    >>> models("sim/gpt", "Hi", latency=0).model_id
    'sim/gpt'
"""

from ember import data as data
from ember import eval as eval  # noqa: A004 - the facade's name for ember.eval
from ember import operators as operators
from ember.models import models as models

__all__ = ["data", "eval", "models", "operators"]
