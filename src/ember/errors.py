"""Ember's error tree (see `ember._errors` for the drawing)."""

from ember._errors import *  # noqa: F403
from ember._errors import __all__ as __all__
