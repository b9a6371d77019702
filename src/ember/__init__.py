"""Ember: compound AI systems in ordinary Python, made fast by `ember.xcs.jit`.

``ember.context(...)``, ``ember.get_config`` and ``ember.set_config`` (the scoped settings
of `ember.models`) are reachable from here, as the earlier Ember had them; they are loaded
on first use, so ``import ember`` stays cheap.
"""

from typing import Any

__version__ = "0.1.0"

_SETTINGS = ("context", "get_config", "set_config")


def __getattr__(name: str) -> Any:
    if name == "context":  # the module, callable: what ``import ember.context`` gives too
        import ember.context

        return ember.context
    if name in _SETTINGS:
        from ember import models

        return getattr(models, name)
    raise AttributeError(f"module 'ember' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_SETTINGS])
