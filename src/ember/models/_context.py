"""Scoped settings: ``with ember.context(temperature=0, keys=..., endpoints=..., limits=...)``.

The earlier Ember configured a block of code with ``ember.context``; here the same block
sets model-call defaults, keys, endpoints and limits for every model call made inside it,
and for everything it starts: the settings live in a context variable, which tasks, the
JIT's early calls and Ember's pools carry along, while other threads and tasks keep their
own. `set_config` sets the same things for the whole process and `get_config` reads what is
in force. Both sit over the config file and the environment (see `_config`), so a test or
a notebook can point a provider elsewhere without touching either.

Settings use the config file's keys and checks: a bad value raises `ConfigError` naming the
setting and the fix, a bad call default `InvalidParameter`, both before anything runs.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from ember._core import Secret
from ember._errors import ConfigError
from ember.models import _config, _scope
from ember.models._params import check_params

__all__ = ["Overlay", "context", "get_config", "set_config"]

SOURCE = "ember.context(...)"
TABLES = ("defaults", "keys", "endpoints", "limits")
# The config file's keys that limit calls (rpm, tpm, calls in flight, timeouts, attempts).
LIMITS = tuple(k for k in _config._KEYS if k not in ("wire", "base_url", "api_key",
                                                     "api_key_env", "models"))
_FIELDS = {"base_url", "wire", "models", "api_key", "key_env", "key_required", "key_source",
           *LIMITS}


@dataclass(frozen=True)
class Overlay:
    """Settings laid over the config file: call defaults, and per-provider sections."""

    defaults: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, dict[str, Any]] = field(default_factory=dict)
    # (config, result) of the last `over`, one tuple so that threads never see half of it.
    _memo: list[Any] = field(default_factory=lambda: [None], compare=False, repr=False)

    def merged(self, inner: Overlay) -> Overlay:
        """This overlay with `inner`'s settings winning."""
        sections = {name: dict(s) for name, s in self.sections.items()}
        for name, section in inner.sections.items():
            sections.setdefault(name, {}).update(section)
        return Overlay({**self.defaults, **inner.defaults}, sections)

    def over(self, config: _config.Config) -> _config.Config:
        """`config` with these settings applied (cached for the last `config` seen)."""
        memo = self._memo[0]
        if memo is not None and memo[0] is config:
            return memo[1]
        providers, endpoints = dict(config.providers), dict(config.endpoints)
        for name, section in self.sections.items():
            table = providers if name in providers else endpoints
            base = table.get(name)
            if base is None:  # an endpoint this context adds
                base = _config.EndpointSettings(name=name, wire="openai", base_url="",
                                                source=SOURCE)
            changes = {k: v for k, v in section.items() if k in _FIELDS}
            table[name] = dataclasses.replace(base, **changes)
        result = dataclasses.replace(config, providers=providers, endpoints=endpoints)
        self._memo[0] = (config, result)
        return result


def _check(table: str, name: str, raw: dict[str, Any], new: bool) -> dict[str, Any]:
    """The config file's checks for one section; where its key comes from, resolved now."""
    where = f"{table}[{name!r}]"
    section = _config._check_section(SOURCE, where, raw, endpoint=new)
    env = section.pop("api_key_env", None)
    if env is not None:  # the variable is read when the block is entered
        section.update(key_env=env, key_required=True, key_source=f"${env}")
        if os.environ.get(env):
            section["api_key"] = Secret(os.environ[env])
        else:
            section["api_key"] = None  # a call then names the variable to set
    elif "api_key" in section:
        section["key_source"] = f"{where} in {SOURCE}"
    return section


def _build(defaults: Mapping[str, Any], keys: Mapping[str, Any] | None,
           endpoints: Mapping[str, Any] | None,
           limits: Mapping[str, Mapping[str, Any]] | None) -> Overlay:
    """Check every setting against the settings in force now; the overlay they make."""
    config = _config.current()
    http = set(config.providers) | set(config.endpoints)
    sections: dict[str, dict[str, Any]] = {}
    for name, value in (endpoints or {}).items():
        raw = {"base_url": value} if isinstance(value, str) else value
        if not isinstance(raw, Mapping):
            raise ConfigError(f"{SOURCE}: endpoints[{name!r}] = {value!r} is not valid: give a "
                              "base URL or a table of settings. Fix: e.g. endpoints={'local': "
                              "'http://127.0.0.1:8000/v1'}")
        new = name not in http
        if new:
            _known_name(name, http, "endpoints", adding=True)
        sections[name] = _check("endpoints", name, dict(raw), new)
    for table, given, allowed in (("keys", keys, None), ("limits", limits, LIMITS)):
        for name, value in (given or {}).items():
            if name not in http and name not in sections:
                _known_name(name, http, table, adding=False)
            raw = {"api_key": value} if allowed is None else value
            if allowed is not None:
                if not isinstance(raw, Mapping):
                    raise ConfigError(f"{SOURCE}: limits[{name!r}] must be a table of limits, "
                                      f"e.g. limits={{{name!r}: {{'rpm': 60}}}}")
                unknown = sorted(set(raw) - set(allowed))
                if unknown:
                    raise ConfigError(f"{SOURCE}: limits[{name!r}]: unknown limit "
                                      f"`{unknown[0]}`. Fix: use only {', '.join(allowed)}.")
            sections.setdefault(name, {}).update(_check(table, name, dict(raw), False))
    return Overlay(check_params(SOURCE, defaults), sections)


def _known_name(name: str, http: set[str], table: str, *, adding: bool) -> None:
    problem = _config.endpoint_name_problem(name)
    if adding and problem is None:
        return
    if name in _config._builtin:  # a built-in that is not HTTP: the simulator
        raise ConfigError(f"{SOURCE}: {table}[{name!r}]: `{name}` runs in process; it has no "
                          "key, endpoint or limits. Fix: drop it, or name an HTTP provider.")
    close = difflib.get_close_matches(name, sorted(http), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    if adding:
        like = _config.endpoint_name_like(name) or "local"
        raise ConfigError(f"{SOURCE}: {table}[{name!r}]: the name {problem}; endpoint names are "
                          f"{_config.ENDPOINT_NAMES}. Fix: e.g. {like!r}.")
    raise ConfigError(f"{SOURCE}: {table}[{name!r}]: no provider or endpoint {name!r}{hint}; "
                      f"known: {', '.join(sorted(http))}. Fix: use one of them, or add it with "
                      f"endpoints={{{name!r}: 'http://127.0.0.1:8000/v1'}}.")


@contextmanager
def context(*, keys: Mapping[str, str] | None = None,
            endpoints: Mapping[str, str | Mapping[str, Any]] | None = None,
            limits: Mapping[str, Mapping[str, float]] | None = None,
            **defaults: Any) -> Iterator[None]:
    """Settings for the model calls of a block, and of everything the block starts.

    Nested blocks add to the outer one (the inner setting wins); leaving a block restores
    what was in force. Thread- and task-safe: a context variable holds the settings.

    Args:
        keys: API keys by provider or endpoint name (``{"openai": os.environ["MY_KEY"]}``);
            they win over the environment and the config file, and are never shown.
        endpoints: base URLs by name (``{"openai": "http://127.0.0.1:8000/v1"}``), or a table
            of config-file keys; a new name adds an endpoint (``wire`` defaults to openai).
        limits: per name, any of the config file's limits (``rpm``, ``tpm``, the cap on
            calls in flight, ``timeout``, ``deadline``, ``max_attempts``); calls in the block
            share them.
        **defaults: call parameters for every model call in the block (``temperature=0``,
            ``max_tokens=256``, ``latency=0``, ...); a call's own arguments (and a binding's
            defaults) win.

    Raises:
        ConfigError: an unknown name or a bad setting, naming it and the fix.
        InvalidParameter: a bad call default.

    Examples:
        >>> import ember
        >>> from ember.api import models
        >>> with ember.context(temperature=0, latency=0):
        ...     ember.get_config("defaults.temperature"), models("sim/gpt", "Hi").model_id
        (0, 'sim/gpt')
        >>> ember.get_config("defaults.temperature") is None
        True
    """
    overlay = _build(defaults, keys, endpoints, limits)
    outer = _scope.scoped.get()
    token = _scope.scoped.set(outer.merged(overlay) if outer is not None else overlay)
    try:
        yield
    finally:
        _scope.scoped.reset(token)


def _split(path: str) -> tuple[str, str | None, str | None]:
    """``"limits.openai.rpm"`` -> ``("limits", "openai", "rpm")``; names may hold dots."""
    table, _, rest = path.partition(".")
    if table not in TABLES:
        close = difflib.get_close_matches(table, TABLES, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise ConfigError(f"{path!r}: unknown setting{hint}. Fix: start the path with one of "
                          f"{', '.join(TABLES)}, e.g. 'defaults.temperature' or "
                          "'limits.openai.rpm'.")
    if not rest:
        return table, None, None
    if table == "limits":
        name, _, limit = rest.rpartition(".")
        if name and limit in LIMITS:
            return table, name, limit
    return table, rest, None


def _snapshot() -> dict[str, Any]:
    config = _config.current()
    process, scoped = _scope.process[0], _scope.scoped.get()
    everything = {**config.providers, **config.endpoints}
    return {
        "defaults": {**(process.defaults if process else {}),
                     **(scoped.defaults if scoped else {})},
        "keys": {n: s.api_key for n, s in everything.items()},
        "endpoints": {n: s.base_url for n, s in everything.items()},
        "limits": {n: {k: getattr(s, k) for k in LIMITS} for n, s in everything.items()},
    }


def get_config(path: str | None = None) -> Any:
    """The settings in force here: all of them, or the one at a dotted `path`.

    Keys come back as `Secret` objects (shown as ``***``), never as text.

    Args:
        path: ``"defaults"``, ``"defaults.temperature"``, ``"keys.openai"``,
            ``"endpoints.local"``, ``"limits.openai"``, ``"limits.openai.rpm"``; None: a dict
            of the four tables.

    Returns:
        The value, or None for a default or name that is not set.

    Raises:
        ConfigError: a path that does not start with one of the four tables.

    Examples:
        >>> get_config("limits.openai.max_attempts")
        6
    """
    snapshot = _snapshot()
    if path is None:
        return snapshot
    table, name, key = _split(path)
    value = snapshot[table] if name is None else snapshot[table].get(name)
    return value.get(key) if key is not None and value is not None else value


_lock = threading.Lock()


def set_config(path: str, value: Any) -> None:
    """Set one setting for the whole process (under any ``ember.context`` block in force).

    Args:
        path: as for `get_config`: ``"defaults.temperature"``, ``"keys.openai"``,
            ``"endpoints.local"``, ``"limits.openai.rpm"``.
        value: the value; None removes what `set_config` set at that path.

    Raises:
        ConfigError, InvalidParameter: as `context` does for the same setting.

    Examples:
        >>> set_config("defaults.max_tokens", 64)
        >>> get_config("defaults.max_tokens")
        64
        >>> set_config("defaults.max_tokens", None)
    """
    table, name, key = _split(path)
    if name is None:
        raise ConfigError(f"set_config({path!r}, ...): name one setting, e.g. "
                          "'defaults.temperature', 'keys.openai', 'limits.openai.rpm'.")
    with _lock:
        current = _scope.process[0] or Overlay()
        if value is None:
            _scope.process[0] = _without(current, table, name, key)
            return
        given: dict[str, Any] = {table: {name: {key: value} if key else value}}
        defaults = given.pop("defaults", {})
        overlay = _build(defaults, given.get("keys"), given.get("endpoints"),
                         given.get("limits"))
        _scope.process[0] = current.merged(overlay)


def _without(overlay: Overlay, table: str, name: str, key: str | None) -> Overlay:
    if table == "defaults":
        return Overlay({k: v for k, v in overlay.defaults.items() if k != name},
                       overlay.sections)
    drop = {"keys": ("api_key",), "endpoints": ("base_url", "wire", "models"),
            "limits": (key,) if key else LIMITS}[table]
    sections = {n: {k: v for k, v in s.items() if n != name or k not in drop}
                for n, s in overlay.sections.items()}
    return Overlay(overlay.defaults, {n: s for n, s in sections.items() if s})
