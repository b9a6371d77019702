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

from ember import _core
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
from ember.models._pricing import charge, model_price
from ember.models._provider import Emit, Provider
from ember.models._result import ModelResult
from ember.models._sse import SSE as _SSE
from ember.models._transport import Endpoint, excerpt
from ember.models._wire import Reply, Wire, get_wire

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

def _unserializable(value: Any) -> Any:
    """The encoder's fallback: a value JSON has no form for (json.dumps's own message)."""
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# Compact JSON, as ``json.dumps(value, separators=(",", ":"))`` writes it, from one encoder
# made once: `json.JSONEncoder.encode` makes a new one on every call (half of its cost for a
# small body). Without a check for cycles, which a circular value meets as RecursionError.
_encoder = json.encoder.c_make_encoder and json.encoder.c_make_encoder(
    None, _unserializable, json.encoder.encode_basestring_ascii, None, ":", ",", False, False,
    True)


def _dumps(value: Any) -> str:
    """`value` as compact JSON text."""
    if _encoder is None:  # no C accelerator in this Python
        return json.dumps(value, separators=(",", ":"), check_circular=False)
    return "".join(_encoder(value, 0))


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

    def json_schema_native(self, model_id: ModelId) -> bool:
        return self._endpoint(model_id)[1].json_schema_native

    def start(
        self, model_id: ModelId, request: Request, started: float
    ) -> Coroutine[Any, Any, ModelResult]:
        call = self._prepare(model_id, request, None)
        wire = call[1]
        n = request.n or 1
        if n > 1 and not wire.native_n:  # n calls, each its own seed when one is given
            calls = [self._prepare(model_id, request, i) for i in range(n)]
            return self._fanned(calls, model_id, request, started)
        return self._call(*call, model_id, request, started)

    def start_stream(
        self, model_id: ModelId, request: Request, started: float, emit: Emit
    ) -> Coroutine[Any, Any, ModelResult]:
        endpoint, wire, body, timeout, deadline, tokens, price = self._prepare(
            model_id, request, None, stream=True)
        if body is None or ((request.n or 1) > 1 and not wire.native_n):
            return super().start_stream(model_id, request, started, emit)
        reader = _SSE(wire.decoder(), emit, started, str(model_id))
        return self._call(endpoint, wire, body, timeout, deadline, tokens, price, model_id,
                          request, started, reader)

    def _prepare(self, model_id: ModelId, request: Request, choice: int | None, *,
                 stream: bool = False) -> tuple:
        """(endpoint, wire, payload, timeout, deadline, tokens, price) of a call, checked here
        in the caller's thread; `choice` i of a fanned-out ``n`` asks for one answer, seeded
        ``seed + i`` when a seed is given. With `stream`, the payload asks for a stream (None
        when the wire cannot stream)."""
        endpoint, wire = self._endpoint(model_id)
        if request.tools and not wire.tools_native:
            raise InvalidParameter(
                f"{model_id}: the {wire.name!r} wire does not send tools=. Fix: call tools "
                "through a model on the openai or anthropic wire.", model_id=str(model_id))
        body: dict[str, Any] | None = wire.body(model_id.name, request, str(model_id))
        if choice is not None:
            body.pop("n", None)
            if request.seed is not None and "seed" in body:
                body["seed"] = request.seed + choice
        if stream:
            body = wire.stream_body(body)
        try:
            payload = None if body is None else _dumps(body).encode()
        except (TypeError, ValueError, RecursionError) as exc:  # RecursionError: a cycle
            raise InvalidParameter(
                f"{model_id}: a parameter cannot be sent as JSON ({exc}). Fix: pass only "
                "str, numbers, bools, None, lists and dicts.",
                model_id=str(model_id),
            ) from None
        settings = endpoint.settings
        timeout = settings.timeout if request.timeout is UNSET else request.timeout
        deadline = settings.deadline if request.deadline is UNSET else request.deadline
        tokens = wire.estimate_tokens(request) if endpoint.tpm is not None else 0.0
        # (priced now, as it starts: `charge`)
        return endpoint, wire, payload, timeout, deadline, tokens, model_price(
            self.prefix, model_id.name)

    async def _fanned(self, calls: list[tuple], model_id: ModelId, request: Request,
                      started: float) -> ModelResult:
        async with _core.Scope() as scope:  # the first failure ends them all, as it is
            futures = [scope.spawn(self._reply, *c[:6], model_id, request) for c in calls]
        reply = Reply.merged([f.result() for f in futures])
        return reply.result(str(model_id), latency_s=time.perf_counter() - started,
                            cost_usd=charge(calls[0][6], reply.usage))

    async def _call(self, endpoint: Endpoint, wire: Wire, payload: bytes,
                    timeout: float | None, deadline: float | None, tokens: float,
                    price: tuple[float, float] | None, model_id: ModelId, request: Request,
                    started: float, reader: _SSE | None = None) -> ModelResult:
        # The request is needed past the answer only to settle a TPM estimate: not held
        # otherwise (each object a call keeps is walked by every young collection).
        settle = request if endpoint.tpm is not None else None
        del request
        shown = str(model_id)
        data = await endpoint.post(wire.route(model_id.name, reader is not None), payload,
                                   model_id=shown, timeout=timeout,
                                   deadline=deadline, tokens=tokens, stream=reader)
        reply = self._read(endpoint, wire, data, tokens, model_id, settle, reader)
        return reply.result(shown, latency_s=time.perf_counter() - started,
                            cost_usd=charge(price, reply.usage),
                            ttft_s=reader.ttft_s if reader is not None else None)

    async def _reply(self, endpoint: Endpoint, wire: Wire, payload: bytes,
                     timeout: float | None, deadline: float | None, tokens: float,
                     model_id: ModelId, request: Request) -> Reply:
        """One call's `Reply` (of the n made for a fanned-out ``n``)."""
        data = await endpoint.post(wire.route(model_id.name), payload, model_id=str(model_id),
                                   timeout=timeout, deadline=deadline, tokens=tokens)
        return self._read(endpoint, wire, data, tokens, model_id, request)

    @staticmethod
    def _read(endpoint: Endpoint, wire: Wire, data: Any, tokens: float, model_id: ModelId,
              request: Request | None, reader: _SSE | None = None) -> Reply:
        """The `Reply` in an answer (`data`, or what `reader` read); the TPM estimate
        settled against the usage (`request` given when the endpoint has a TPM limit)."""
        try:
            reply = wire.read(data) if reader is None else reader.decoder.reply()
        except (KeyError, IndexError, TypeError, ValueError, AttributeError,
                OverflowError) as exc:  # e.g. a token count of 1e400 (inf)
            problem = excerpt(f"{type(exc).__name__}: {exc}")
        else:
            problem = None
        if problem is not None:  # raised outside the handler: no context holding the answer
            shown = excerpt(_dumps(data)) if reader is None else "(a stream)"
            raise MalformedResponse(
                f"{model_id}: the answer lacks the expected fields ({problem}): {shown!r}",
                model_id=str(model_id),
            ) from None
        if endpoint.tpm is not None and request is not None:  # settle against what was used
            endpoint.tpm.refund(tokens - wire.charged_tokens(request, reply.usage))
        return reply

    def known_models(self) -> list[str]:
        settings = _config.current().get(self.prefix)
        return [f"{self.prefix}/{m}" for m in settings.models] if settings else []
