"""The provider registry: which object serves each id prefix (habit 5).

Built in: ``sim`` (in process), ``openai`` and ``anthropic`` (HTTP, with their wire
formats and conventional env vars). Named endpoints from the config file are served by an
`HTTPProvider` made on first use. `register_provider` adds more prefixes.
"""

from __future__ import annotations

import threading

from ember._errors import UnknownProvider
from ember.models import _config
from ember.models._anthropic import AnthropicWire
from ember.models._config import ProviderDefaults
from ember.models._http import HTTPProvider
from ember.models._ids import PREFIX_PATTERN
from ember.models._openai import OpenAIWire
from ember.models._pricing import priced_models
from ember.models._provider import Provider
from ember.models._sim import SimProvider
from ember.models._wire import register_wire

__all__ = ["known_prefixes", "list_models", "lookup", "register_provider"]

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

    Examples:
        >>> from ember.models._sim import SimProvider
        >>> register_provider("mysim", SimProvider())
        >>> "mysim" in known_prefixes()
        True
    """
    if not PREFIX_PATTERN.fullmatch(prefix):
        raise ValueError(f"register_provider({prefix!r}): a prefix is lowercase letters, digits, "
                         "'_', '.' or '-'")
    if not isinstance(provider, Provider):
        raise TypeError(f"register_provider({prefix!r}, ...): expected a Provider, got "
                        f"{type(provider).__name__}")
    with _lock:
        _providers[prefix] = provider
        _config.register_builtin(prefix, http_defaults)


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
register_provider("sim", SimProvider())
register_provider(
    "openai", HTTPProvider("openai"),
    http_defaults=ProviderDefaults(wire="openai", base_url="https://api.openai.com/v1",
                                   key_env="OPENAI_API_KEY", base_url_env="OPENAI_BASE_URL"),
)
register_provider(
    "anthropic", HTTPProvider("anthropic"),
    http_defaults=ProviderDefaults(wire="anthropic", base_url="https://api.anthropic.com",
                                   key_env="ANTHROPIC_API_KEY",
                                   base_url_env="ANTHROPIC_BASE_URL"),
)
