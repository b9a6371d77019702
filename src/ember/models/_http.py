"""Providers reached over HTTP: a wire format plus an endpoint from the settings.

One `HTTPProvider` serves one prefix (``openai``, ``anthropic``, or a config endpoint such
as ``local``). Each call looks up the prefix's current settings (cheap: `_config` caches),
checks the key, encodes the body with the endpoint's wire, and posts it through the
endpoint's `Endpoint` (limits, retries). There is one `Endpoint` per settings object in
force, so its limits are shared by every call to the prefix made under the same settings.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Coroutine
from typing import Any

from ember._errors import (
    ConfigError,
    InvalidParameter,
    MalformedResponse,
    MissingAPIKey,
    UnknownProvider,
)
from ember.models import _config
from ember.models._ids import ModelId
from ember.models._params import UNSET, Request
from ember.models._pricing import cost_usd
from ember.models._provider import Provider
from ember.models._result import ModelResult
from ember.models._transport import Endpoint, excerpt
from ember.models._wire import Wire, get_wire

__all__ = ["HTTPProvider"]

MSG_MISSING_KEY = """\
{model_id}: no API key for `{name}`. Fix: set the environment variable {env}, e.g.
    export {env}=...
or name another variable with `api_key_env` under [{table}.{name}] in {path}.
To try without a key, use the simulated model sim/{model} (no key, no network)."""

MSG_KEY_CONTROL = """\
{model_id}: the key from {source} holds a control character (a newline or tab?), which
cannot be sent in an HTTP header. Fix: store it without one, e.g.
    export VAR="$(tr -d '[:space:]' < key.txt)\""""

_dumps = json.JSONEncoder(separators=(",", ":")).encode
_ENDPOINTS_KEPT = 16


class HTTPProvider(Provider):
    """Serves ``<prefix>/<model>`` over HTTP with the prefix's configured endpoint.

    Args:
        prefix: the id prefix; its settings come from `_config.current().get(prefix)`.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._lock = threading.Lock()
        # One `Endpoint` (limits, pacing) per settings in force: the file's, and those of each
        # `ember.context(...)` block, whose calls share the block's limits. `_cached` is the
        # one used last (the common case: one check).
        _Entry = tuple[_config.EndpointSettings, Endpoint, Wire]
        self._endpoints: dict[_config.EndpointSettings, _Entry] = {}
        self._cached: _Entry | None = None

    def __repr__(self) -> str:
        return f"HTTPProvider({self.prefix!r})"

    def _endpoint(self, model_id: ModelId) -> tuple[Endpoint, Wire]:
        config = _config.current()
        settings = config.get(self.prefix)
        if settings is None:  # a config endpoint removed since this provider was made
            raise UnknownProvider(f"{model_id}: no endpoint `{self.prefix}` in {config.path}.",
                                  model_id=str(model_id))
        if settings.key_required and settings.api_key is None:
            table = "endpoints" if self.prefix in config.endpoints else "providers"
            env = settings.key_env or "?"
            raise MissingAPIKey(
                MSG_MISSING_KEY.format(model_id=model_id, name=self.prefix, env=env,
                                       table=table, path=config.path, model=model_id.name),
                provider=self.prefix, env_var=env,
            )
        cached = self._cached
        if cached is None or (cached[0] is not settings and cached[0] != settings):
            with self._lock:
                cached = self._endpoints.get(settings)
                if cached is None:
                    if settings.api_key is not None and not settings.api_key.fits_a_header():
                        raise ConfigError(MSG_KEY_CONTROL.format(
                            model_id=model_id, source=settings.key_source))
                    wire = get_wire(settings.wire)
                    cached = (settings, Endpoint(settings, wire.headers(settings.api_key)), wire)
                    if len(self._endpoints) >= _ENDPOINTS_KEPT:  # settings replaced: drop one
                        del self._endpoints[next(iter(self._endpoints))]
                    self._endpoints[settings] = cached
                self._cached = cached
        return cached[1], cached[2]

    def check(self, model_id: ModelId) -> None:
        self._endpoint(model_id)

    def start(
        self, model_id: ModelId, request: Request, started: float
    ) -> Coroutine[Any, Any, ModelResult]:
        endpoint, wire = self._endpoint(model_id)
        body = wire.body(model_id.name, request, str(model_id))
        try:
            payload = _dumps(body).encode()
        except (TypeError, ValueError) as exc:
            raise InvalidParameter(
                f"{model_id}: a parameter cannot be sent as JSON ({exc}). Fix: pass only "
                "str, numbers, bools, None, lists and dicts.",
                model_id=str(model_id),
            ) from None
        settings = endpoint.settings
        timeout = settings.timeout if request.timeout is UNSET else request.timeout
        deadline = settings.deadline if request.deadline is UNSET else request.deadline
        tokens = wire.estimate_tokens(request) if endpoint.tpm is not None else 0.0
        return self._call(endpoint, wire, model_id, request, payload, timeout, deadline,
                          tokens, started)

    async def _call(self, endpoint: Endpoint, wire: Wire, model_id: ModelId, request: Request,
                    payload: bytes, timeout: float | None, deadline: float | None,
                    tokens: float, started: float) -> ModelResult:
        full_id = str(model_id)
        data = await endpoint.post(wire.route(model_id.name), payload, model_id=full_id,
                                   timeout=timeout,
                                   deadline=deadline, tokens=tokens)
        try:
            text, usage, finish = wire.parse(data)
        except (KeyError, IndexError, TypeError, ValueError, AttributeError,
                OverflowError) as exc:  # e.g. a token count of 1e400 (inf)
            problem = excerpt(f"{type(exc).__name__}: {exc}")
        else:
            problem = None
        if problem is not None:  # raised outside the handler: no context holding the answer
            raise MalformedResponse(
                f"{full_id}: the answer lacks the expected fields ({problem}): "
                f"{excerpt(_dumps(data))!r}",
                model_id=full_id,
            ) from None
        if endpoint.tpm is not None:  # settle the estimate against what was really used
            endpoint.tpm.refund(tokens - wire.charged_tokens(request, usage))
        return ModelResult(
            text,
            model_id=full_id,
            usage=usage,
            latency_s=time.perf_counter() - started,
            cost_usd=cost_usd(self.prefix, model_id.name, usage),
            finish_reason=finish,
        )

    def known_models(self) -> list[str]:
        settings = _config.current().get(self.prefix)
        return [f"{self.prefix}/{m}" for m in settings.models] if settings else []
