"""What each provider prefix is and whether it can be used: `models.providers()`, `ember doctor`.

A newcomer's first question is "which models can I call from here?". Each registered prefix
and configured endpoint is described by where it points and where its key comes from (the
variable's name, never its value), and `check_endpoint` asks a configured HTTP endpoint
whether it answers, with the same headers a call would send.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass

import aiohttp

from ember._core import redact
from ember._errors import UnknownProvider
from ember.models import _config, _registry
from ember.models._wire import get_wire

__all__ = ["EndpointCheck", "ProviderInfo", "check_endpoint", "check_endpoints", "providers"]


class ProviderInfo(str):
    """One id prefix: how it is served and whether it has what it needs to be called.

    It is the prefix itself, as a `str` (the earlier Ember's ``models.providers()`` gave
    names: ``", ".join(models.providers())`` still works), with what is known about it as
    attributes. Equal to its name; read-only.

    Attributes:
        name: the id prefix (``"openai"`` serves ``"openai/<model>"``).
        kind: ``"in-process"`` (the simulator, a registered provider), ``"http"`` (a built-in
            HTTP provider) or ``"endpoint"`` (an endpoint named in the config file).
        has_credentials: True when a call would not fail for a missing key.
        credentials: where the key comes from (``"$OPENAI_API_KEY"``), ``"not needed"``, or
            ``"missing: set OPENAI_API_KEY"``; never the key itself.
        base_url: where calls go (None for in-process providers).
        wire: the HTTP API format (``"openai"``, ``"anthropic"``), or None.
        source: where it was configured (``"built-in defaults"``, a config file section).

    Examples:
        >>> p = ProviderInfo("sim", "in-process", True, "not needed")
        >>> p == "sim", p.name, p.has_credentials, ", ".join([p, p])
        (True, 'sim', True, 'sim, sim')
    """

    _FIELDS = ("kind", "has_credentials", "credentials", "base_url", "wire", "source")

    name: str
    kind: str
    has_credentials: bool
    credentials: str
    base_url: str | None
    wire: str | None
    source: str

    def __new__(cls, name: str, kind: str, has_credentials: bool, credentials: str,
                base_url: str | None = None, wire: str | None = None,
                source: str = "built-in") -> ProviderInfo:
        self = super().__new__(cls, name)
        for field_name, value in zip(("name", *cls._FIELDS), (str(name), kind, has_credentials,
                                     credentials, base_url, wire, source), strict=True):
            object.__setattr__(self, field_name, value)
        return self

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"ProviderInfo is read-only: cannot set {name!r}")

    def __repr__(self) -> str:
        shown = ", ".join(f"{f}={getattr(self, f)!r}" for f in ("name", *self._FIELDS))
        return f"ProviderInfo({shown})"

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (ProviderInfo, (self.name, *(getattr(self, f) for f in self._FIELDS)))


def _describe(name: str, settings: _config.EndpointSettings | None, kind: str) -> ProviderInfo:
    if settings is None:
        return ProviderInfo(name, "in-process", True, "not needed")
    if settings.api_key is not None:
        has, credentials = True, settings.key_source
    elif settings.key_required:
        has, credentials = False, f"missing: set {settings.key_env}"
    else:
        has, credentials = True, "not needed"
    return ProviderInfo(name, kind, has, credentials, settings.base_url, settings.wire,
                        settings.source)


def providers() -> list[ProviderInfo]:
    """Every id prefix that can be called: registered providers, then configured endpoints.

    Raises:
        ConfigError: the config file is invalid.

    Examples:
        >>> [p for p in providers() if p.name == "sim"]
        [ProviderInfo(name='sim', kind='in-process', has_credentials=True, credentials='not needed', base_url=None, wire=None, source='built-in')]
    """
    config = _config.current()
    infos = [_describe(name, config.providers.get(name), "http")
             for name in _registry.known_prefixes(config) if name not in config.endpoints]
    infos += [_describe(name, config.endpoints[name], "endpoint")
              for name in sorted(config.endpoints)]
    return infos


@dataclass(frozen=True, slots=True)
class EndpointCheck:
    """What an HTTP endpoint said when asked for its model list.

    Attributes:
        name: the provider prefix or endpoint name.
        url: the URL asked (``GET``).
        ok: it answered and accepted the credentials.
        detail: one line saying what happened (status and time, or why there was no answer).
    """

    name: str
    url: str
    ok: bool
    detail: str


async def check_endpoint(name: str, timeout: float = 5.0) -> EndpointCheck:
    """Ask the endpoint behind `name` for its model list, with the headers a call would send.

    Any HTTP answer shows the endpoint is there; 401/403 says the key is wrong. The key is
    never shown: what is printed goes through `redact`.

    Args:
        name: a provider prefix or endpoint name with HTTP settings.
        timeout: seconds to wait for the answer.

    Raises:
        ConfigError: the config file is invalid.
        UnknownProvider: `name` has no HTTP settings (e.g. ``"sim"``); also a LookupError.
    """
    settings = _config.current().get(name)
    if settings is None:
        raise UnknownProvider(f"{name!r} is not an HTTP provider or endpoint. Fix: name a "
                              "built-in HTTP provider (e.g. 'openai') or an [endpoints.NAME] "
                              "table of the config file")
    wire = get_wire(settings.wire)
    url = settings.base_url + wire.models_path
    headers = wire.headers(settings.api_key) if settings.api_key is None or \
        settings.api_key.fits_a_header() else {}
    started = time.perf_counter()
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as s, \
                s.get(url, headers=headers, allow_redirects=False) as response:
            status = response.status
    except TimeoutError:
        return EndpointCheck(name, url, False, f"no answer within {timeout:g} s")
    except aiohttp.ClientError as exc:
        reason = redact(str(exc) or type(exc).__name__)
        return EndpointCheck(name, url, False, f"no answer: {reason}")
    ms = (time.perf_counter() - started) * 1000
    if status in (401, 403):
        fix = f"check {settings.key_source}" if settings.api_key is not None else \
            f"set {settings.key_env or 'its key'}"
        return EndpointCheck(name, url, False,
                             f"answers, but refuses the credentials (HTTP {status}): {fix}")
    return EndpointCheck(name, url, status < 400, f"answers (HTTP {status}, {ms:.0f} ms)")


def check_endpoints(names: list[str], timeout: float = 5.0) -> list[EndpointCheck]:
    """`check_endpoint` for each name, all at once; for a command line (runs its own loop)."""

    async def all_of() -> list[EndpointCheck]:
        return list(await asyncio.gather(*(check_endpoint(n, timeout) for n in names)))

    return asyncio.run(all_of())
