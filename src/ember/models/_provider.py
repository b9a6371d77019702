"""What a provider is: the object behind one id prefix.

A provider turns a `Request` into a `ModelResult`. Its `start` runs in the caller's thread
and does every check that needs no I/O (settings, keys, parameters), so those errors
surface where the call was made; it returns the coroutine that does the I/O, which the
`models` facade runs on Ember's shared event loop.
"""

from __future__ import annotations

import abc
from collections.abc import Coroutine
from typing import Any

from ember.models._ids import ModelId
from ember.models._params import Request
from ember.models._result import ModelResult

__all__ = ["Provider"]


class Provider(abc.ABC):
    """Serves every model id under one prefix (``sim/...``, ``openai/...``, ``local/...``)."""

    @abc.abstractmethod
    def start(
        self, model_id: ModelId, request: Request, started: float
    ) -> Coroutine[Any, Any, ModelResult]:
        """Check the call now; return the coroutine that makes it on the shared loop.

        Args:
            model_id: the parsed id.
            request: the validated request.
            started: `time.perf_counter()` when the user made the call, for `latency_s`.

        Raises:
            ModelError, ConfigError: for anything wrong before any I/O.
        """

    def check(self, model_id: ModelId) -> None:
        """Raise now what a call would raise for a missing setting (a key), without calling.

        Systems that fan out to many calls (NON graphs, ensembles, ``ember eval``) ask this
        first, so a missing key is one error before anything is sent. The default checks
        nothing.

        Raises:
            ConfigError: e.g. `MissingAPIKey`.
        """
        return None  # optional: most providers have nothing to check

    def known_models(self) -> list[str]:
        """Full ids this provider knows by name, for `models.list()`."""
        return []
