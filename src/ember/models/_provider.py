"""What a provider is: the object behind one id prefix.

A provider turns a `Request` into a `ModelResult`. Its `start` runs in the caller's thread
and does every check that needs no I/O (settings, keys, parameters), so those errors
surface where the call was made; it returns the coroutine that does the I/O, which the
`models` facade runs on Ember's shared event loop.
"""

from __future__ import annotations

import abc
import json
import time
from collections.abc import Callable, Coroutine
from typing import Any

from ember.models._ids import ModelId
from ember.models._params import Request
from ember.models._result import ModelResult

__all__ = ["Emit", "Provider"]

Emit = Callable[[str, Any], None]
"""Where a stream's pieces go (on the shared loop): ``emit("text", str)``, and
``emit("tool", (index, id or None, name or None, arguments piece))``."""


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

    def start_stream(
        self, model_id: ModelId, request: Request, started: float, emit: Emit
    ) -> Coroutine[Any, Any, ModelResult]:
        """Like `start`, passing the answer's pieces to `emit` as they arrive.

        The default makes the whole call and passes its answer on as one piece; providers
        that can stream override it (and set the result's `ttft_s`).
        """
        call = self.start(model_id, request, started)

        async def whole() -> ModelResult:
            result = await call
            if isinstance(result, ModelResult) and result.ttft_s is None:
                result.ttft_s = time.perf_counter() - started
            if str(result):
                emit("text", str(result))
            for i, tool in enumerate(getattr(result, "tool_calls", ())):
                emit("tool", (i, tool.id, tool.name, json.dumps(tool.arguments)))
            return result

        return whole()

    def json_schema_native(self, model_id: ModelId) -> bool:
        """Does this provider make the answer match ``request.json_schema`` itself? If not,
        ``output=`` also states the schema in the prompt (and validates either way)."""
        return False

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
