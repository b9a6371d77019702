"""The earlier Ember's ``ember.context`` module: ``from ember.context import context, get_config``.

The names live in `ember.models` (`ember.models.context`, `get_config`, `set_config`);
this module is the import path the earlier Ember's programs use, and is itself callable,
so ``ember.context(temperature=0)`` works whether or not it has been imported.

Examples:
    >>> import ember.context
    >>> from ember.context import context, get_config
    >>> with ember.context(settings={"test_mode": True}):
    ...     get_config("test_mode"), context.get().get_config("test_mode")
    (True, True)
"""

import sys
import types
from contextlib import AbstractContextManager
from typing import Any

from ember.models import context as context
from ember.models import get_config as get_config
from ember.models import set_config as set_config

# The names' home is `ember.models` (exported once, there); this is their earlier path.
__all__: list[str] = []


class _CallableModule(types.ModuleType):
    """``ember.context(...)``: this module called is `ember.models.context` called."""

    def __call__(self, **settings: Any) -> AbstractContextManager[Any]:
        return context(**settings)


sys.modules[__name__].__class__ = _CallableModule
