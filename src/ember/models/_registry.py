"""The provider registry: which object serves each id prefix (habit 5).

Built in: ``sim`` (in process), ``openai``, ``anthropic`` and ``gemini`` (HTTP, with their
wire formats and conventional env vars; Gemini through its OpenAI-compatible endpoint). Named endpoints from the config file are served by an
`HTTPProvider` made on first use. `register_provider` adds more prefixes; what those
providers give back is checked (`_Checked`), so a provider that returns None or bytes fails
the call with a typed error instead of handing it to the caller.
"""

from __future__ import annotations

import inspect
import threading
import time
from collections.abc import Awaitable, Coroutine
from typing import Any

from ember._errors import InvalidProvider, InvalidProviderResult, ModelError, UnknownProvider
from ember.models import _config
from ember.models._anthropic import AnthropicWire
from ember.models._azure import AzureWire
from ember.models._config import ProviderDefaults
from ember.models._gemini import GeminiWire
from ember.models._http import HTTPProvider
from ember.models._ids import PREFIX_PATTERN, ModelId, parse_model_id
from ember.models._openai import OpenAIWire
from ember.models._params import Request, short_repr
from ember.models._pricing import priced_models
from ember.models._provider import Provider
from ember.models._result import ModelResult
from ember.models._sim import SimProvider
from ember.models._wire import register_wire

__all__ = ["check_ready", "known_prefixes", "list_models", "lookup", "register_provider"]

MSG_PROVIDER_RESULT = (
    "{model_id}: the provider `{prefix}` ({cls}) returned {what} from {where}, which must "
    "return {must}. Fix: {fix}"
)

_providers: dict[str, Provider] = {}
_endpoint_providers: dict[str, HTTPProvider] = {}
_lock = threading.Lock()


def register_provider(
    prefix: str, provider: Provider, *, http_defaults: ProviderDefaults | None = None
) -> None:
    """Serve every ``<prefix>/<model>`` id with `provider`.

    Args:
        prefix: the id prefix (lowercase letters, digits, ``_``, ``.``, ``-``).
        provider: an object implementing `Provider` (its `start` returns the call's coroutine).
        http_defaults: for an HTTP provider, its wire, default base URL and env var names;
            this also makes ``[providers.<prefix>]`` configurable in the config file.

    Raises:
        InvalidProvider: a malformed prefix, or `provider` is not a `Provider`.

    Examples:
        >>> from ember.models._sim import SimProvider
        >>> register_provider("mysim", SimProvider())
        >>> "mysim" in known_prefixes()
        True
    """
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise InvalidProvider(f"register_provider({prefix!r}): a prefix is lowercase letters, "
                              "digits, '_', '.' or '-'. Fix: e.g. register_provider('mylab', ...)")
    if not isinstance(provider, Provider):
        raise InvalidProvider(f"register_provider({prefix!r}, ...): expected a Provider, got "
                              f"{type(provider).__name__}. Fix: subclass ember.models.Provider "
                              "and implement start()")
    _register(prefix, _Checked(prefix, provider), http_defaults)


def _register(prefix: str, provider: Provider, http_defaults: ProviderDefaults | None) -> None:
    with _lock:
        _providers[prefix] = provider
        _config.register_builtin(prefix, http_defaults)


class _Checked(Provider):
    """A registered provider whose `start` must give a coroutine and whose coroutine must
    give text: a `ModelResult`, or a plain str (made a `ModelResult` with no usage).

    Attributes other than the `Provider` methods are the wrapped provider's own.
    """

    def __init__(self, prefix: str, inner: Provider) -> None:
        self.prefix = prefix
        self.inner = inner

    def _refusal(self, model_id: ModelId, got: object, where: str, must: str,
                 fix: str) -> InvalidProviderResult:
        what = "None" if got is None else f"a {type(got).__name__} ({short_repr(got)})"
        return InvalidProviderResult(
            MSG_PROVIDER_RESULT.format(model_id=model_id, prefix=self.prefix,
                                       cls=type(self.inner).__name__, what=what, where=where,
                                       must=must, fix=fix),
            model_id=str(model_id))

    def start(
        self, model_id: ModelId, request: Request, started: float
    ) -> Coroutine[Any, Any, ModelResult]:
        return self._coroutine(model_id, self.inner.start(model_id, request, started),
                               "start", started)

    def _coroutine(self, model_id: ModelId, call: Any, method: str,
                   started: float) -> Coroutine[Any, Any, ModelResult]:
        """What the provider's `method` returned, checked: it must be awaitable, and so
        must its result be a ModelResult (or a str)."""
        if not inspect.isawaitable(call):
            name = f"{type(self.inner).__name__}.{method}"
            raise self._refusal(
                model_id, call, name, "the coroutine that makes the call",
                f"in {name}, write `async def call(): ...` and `return call()`.")
        return self._checked(model_id, call, started)

    async def _checked(self, model_id: ModelId, call: Awaitable[Any],
                       started: float) -> ModelResult:
        result = await call
        if isinstance(result, ModelResult):
            return result
        if isinstance(result, str):
            return ModelResult(result, model_id=str(model_id),
                               latency_s=time.perf_counter() - started)
        raise self._refusal(
            model_id, result, f"the coroutine of {type(self.inner).__name__}.start",
            "a ModelResult (or a str)",
            "return ModelResult(text, model_id=str(model_id), usage=Usage(...)) there.")

    def start_stream(self, model_id: ModelId, request: Request, started: float,
                     emit: Any) -> Coroutine[Any, Any, ModelResult]:
        if type(self.inner).start_stream is Provider.start_stream:  # none of its own
            return super().start_stream(model_id, request, started, emit)
        return self._coroutine(
            model_id, self.inner.start_stream(model_id, request, started, emit),
            "start_stream", started)

    def json_schema_native(self, model_id: ModelId) -> bool:
        return self.inner.json_schema_native(model_id)

    def check(self, model_id: ModelId) -> None:
        self.inner.check(model_id)

    def known_models(self) -> list[str]:
        return self.inner.known_models()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def __repr__(self) -> str:
        return repr(self.inner)


def lookup(prefix: str, model_id: str) -> Provider:
    """The provider serving `prefix` (registered, else a config endpoint).

    Raises:
        UnknownProvider: listing the known prefixes.
        ConfigError: when the config file must be read and is invalid.
    """
    provider = _providers.get(prefix) or _endpoint_providers.get(prefix)
    if provider is not None:
        return provider  # an endpoint since removed from the config fails in its `start`
    config = _config.current()
    if prefix in config.endpoints:
        with _lock:
            return _endpoint_providers.setdefault(prefix, HTTPProvider(prefix))
    known = ", ".join(known_prefixes(config))
    raise UnknownProvider(
        f"{model_id}: no provider `{prefix}`. Known prefixes: {known}. Fix: use one of them, "
        f"or add [endpoints.{prefix}] with a base_url to {config.path}.",
        model_id=model_id,
    )


def check_ready(model_id: str) -> None:
    """Raise now the configuration error (e.g. `MissingAPIKey`) a call to `model_id` would
    raise before any I/O, without making the call.

    An id or prefix that does not resolve is left for the call itself to report.

    Raises:
        ConfigError: e.g. `MissingAPIKey`, naming the variable to set.

    Examples:
        >>> check_ready("sim/gpt")  # the simulator needs no key
    """
    try:
        parsed = parse_model_id(model_id)
        provider = lookup(parsed.provider, model_id)
        provider.check(parsed)
    except ModelError:
        return


def known_prefixes(config: _config.Config | None = None) -> list[str]:
    """Registered prefixes, then configured endpoint names."""
    config = config if config is not None else _config.current()
    return [*_providers, *sorted(config.endpoints)]


def list_models() -> list[str]:
    """Known model ids: simulated, priced well-known ones, and configured endpoint models."""
    ids: list[str] = []
    for provider in _providers.values():
        ids.extend(provider.known_models())
    ids.extend(m for m in priced_models() if m.split("/", 1)[0] in _providers)
    for name in sorted(_config.current().endpoints):
        ids.extend(lookup(name, name).known_models())
    return list(dict.fromkeys(ids))  # unique, in order


# ----------------------------------------------------------------------------- built-ins

register_wire(OpenAIWire())
register_wire(AnthropicWire())
register_wire(GeminiWire())
register_wire(AzureWire())  # for [endpoints.NAME] wire = "azure" (a resource's own URL)
# Ember's own providers are registered as they are: their results need no checking.
_register("sim", SimProvider(), None)
_register(
    "openai", HTTPProvider("openai"),
    ProviderDefaults(wire="openai", base_url="https://api.openai.com/v1",
                     key_env="OPENAI_API_KEY", base_url_env="OPENAI_BASE_URL"),
)
_register(
    "anthropic", HTTPProvider("anthropic"),
    ProviderDefaults(wire="anthropic", base_url="https://api.anthropic.com",
                     key_env="ANTHROPIC_API_KEY", base_url_env="ANTHROPIC_BASE_URL"),
)
# Gemini through its native API (the catalogue's gemini-* bare ids); the key in a header.
_register(
    "gemini", HTTPProvider("gemini"),
    ProviderDefaults(wire="gemini", base_url="https://generativelanguage.googleapis.com/v1beta",
                     key_env="GEMINI_API_KEY", base_url_env="GEMINI_BASE_URL",
                     alt_key_env="GOOGLE_API_KEY"),
)
