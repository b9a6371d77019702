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
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any

from ember._core import Secret
from ember._errors import ConfigError
from ember.models import _config, _scope
from ember.models._params import check_params

__all__ = ["Context", "Overlay", "Settings", "context", "get_config", "set_config"]

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
    # The application's own values (``test_mode``, ``custom.setting``): kept, never read.
    settings: dict[str, Any] = field(default_factory=dict)
    # (config, result) of the last `over`, one tuple so that threads never see half of it.
    _memo: list[Any] = field(default_factory=lambda: [None], compare=False, repr=False)

    def merged(self, inner: Overlay) -> Overlay:
        """This overlay with `inner`'s settings winning."""
        sections = {name: dict(s) for name, s in self.sections.items()}
        for name, section in inner.sections.items():
            sections.setdefault(name, {}).update(section)
        return Overlay({**self.defaults, **inner.defaults}, sections,
                       _deep_merged(self.settings, inner.settings))

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


def _deep_merged(outer: Mapping[str, Any], inner: Mapping[str, Any]) -> dict[str, Any]:
    """`outer` with `inner` laid over it, nested tables merged key by key."""
    out = dict(outer)
    for key, value in inner.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _deep_merged(out[key], value)
        else:
            out[key] = value
    return out


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
           limits: Mapping[str, Mapping[str, Any]] | None,
           settings: Mapping[str, Any] | None = None) -> Overlay:
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
    for name in settings or {}:
        _not_a_table(name)
    return Overlay(check_params(SOURCE, defaults), sections, dict(settings or {}))


def _not_a_table(name: str) -> None:
    """An application setting may not look like a misspelt table of Ember's own."""
    close = difflib.get_close_matches(name, TABLES, n=1, cutoff=0.75)
    if name in TABLES or close:
        raise ConfigError(f"{SOURCE}: {name!r} is {'' if name in TABLES else 'close to '}one of "
                          f"Ember's own tables ({', '.join(TABLES)}), not an application "
                          f"setting. Fix: pass it as {close[0] if close else name}=... .")


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
def _block(*, keys: Mapping[str, str] | None = None,
           endpoints: Mapping[str, str | Mapping[str, Any]] | None = None,
           limits: Mapping[str, Mapping[str, float]] | None = None,
           settings: Mapping[str, Any] | None = None,
           **defaults: Any) -> Iterator[Settings]:
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
        settings: the application's own values (``{"test_mode": True}``), read back with
            `get_config` (``get_config("test_mode")``) and scoped the same way; Ember itself
            never reads them.
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
    overlay = _build(defaults, keys, endpoints, limits, settings)
    outer = _scope.scoped.get()
    inside = outer.merged(overlay) if outer is not None else overlay
    token = _scope.scoped.set(inside)
    try:
        yield Settings(inside)
    finally:
        _scope.scoped.reset(token)


@dataclass(frozen=True)
class Settings:
    """The settings of one scope, as `context.get()` and ``with context(...) as s`` give them.

    ``s.get_config(path, default)`` reads them as they were in that scope (a nested block's
    changes are not seen once it has ended), over the process-wide ones in force now.
    """

    scoped: Overlay | None

    def get_config(self, path: str | None = None, default: Any = None) -> Any:
        """As `get_config`, for this scope."""
        return _read(_snapshot(self.scoped), path, default)


class Context:
    """``ember.context``: scoped settings, called as ``context(...)`` or the earlier ways.

    ``with context(temperature=0, keys=..., endpoints=..., limits=..., settings=...)``
    sets them for a block (see `_block` for each argument); ``context.get()`` gives the
    settings in force here; ``context.manager(**tables)`` is the earlier Ember's spelling,
    taking tables by name: ``defaults``, ``keys``, ``endpoints`` and ``limits`` are Ember's,
    any other name (``test_mode=True``, ``models={"default": ...}``) is the application's own
    setting. All of them yield a `Settings` for the block.

    Examples:
        >>> from ember.models import context
        >>> with context.manager(defaults={"temperature": 0}, test_mode=True) as s:
        ...     s.get_config("defaults.temperature"), s.get_config("test_mode")
        (0, True)
        >>> context.get().get_config("test_mode", False)
        False
    """

    def __call__(self, *, keys: Mapping[str, str] | None = None,
                 endpoints: Mapping[str, str | Mapping[str, Any]] | None = None,
                 limits: Mapping[str, Mapping[str, float]] | None = None,
                 settings: Mapping[str, Any] | None = None,
                 **defaults: Any) -> AbstractContextManager[Settings]:
        return _block(keys=keys, endpoints=endpoints, limits=limits, settings=settings,
                      **defaults)

    def manager(self, **tables: Any) -> AbstractContextManager[Settings]:
        """The earlier ``context.manager(models={...}, test_mode=True)``: tables by name."""
        ember_tables = {t: tables.pop(t) for t in TABLES if t in tables}
        return _block(keys=ember_tables.get("keys"), endpoints=ember_tables.get("endpoints"),
                      limits=ember_tables.get("limits"), settings=tables,
                      **ember_tables.get("defaults", {}))

    def get(self) -> Settings:
        """The settings in force here (this thread or task, this block)."""
        return Settings(_scope.scoped.get())

    def __repr__(self) -> str:
        return "<ember.context>"


context = Context()
"""Scoped settings for model calls (`Context`): ``with ember.context(temperature=0): ...``."""


def _split(path: str) -> tuple[str, str | None, str | None]:
    """``"limits.openai.rpm"`` -> ``("limits", "openai", "rpm")``; names may hold dots.

    A path outside Ember's tables is an application setting: ``("", path, None)``.
    """
    table, _, rest = path.partition(".")
    if table not in TABLES:
        close = difflib.get_close_matches(table, TABLES, n=1, cutoff=0.75)
        if close:
            raise ConfigError(f"{path!r}: unknown setting (did you mean {close[0]!r}?). Fix: "
                              f"start the path with one of {', '.join(TABLES)}, e.g. "
                              "'defaults.temperature' or 'limits.openai.rpm'.")
        return "", path, None
    if not rest:
        return table, None, None
    if table == "limits":
        name, _, limit = rest.rpartition(".")
        if name and limit in LIMITS:
            return table, name, limit
    return table, rest, None


def _snapshot(scoped: Overlay | None) -> dict[str, Any]:
    config = _config.current()
    process = _scope.process[0]
    everything = {**config.providers, **config.endpoints}
    return {
        **_deep_merged(process.settings if process else {}, scoped.settings if scoped else {}),
        "defaults": {**(process.defaults if process else {}),
                     **(scoped.defaults if scoped else {})},
        "keys": {n: s.api_key for n, s in everything.items()},
        "endpoints": {n: s.base_url for n, s in everything.items()},
        "limits": {n: {k: getattr(s, k) for k in LIMITS} for n, s in everything.items()},
    }


def get_config(path: str | None = None, default: Any = None) -> Any:
    """The settings in force here: all of them, or the one at a dotted `path`.

    Keys come back as `Secret` objects (shown as ``***``), never as text.

    Args:
        path: ``"defaults"``, ``"defaults.temperature"``, ``"keys.openai"``,
            ``"endpoints.local"``, ``"limits.openai"``, ``"limits.openai.rpm"``, or an
            application setting's path (``"test_mode"``, ``"custom.setting"``); None: a dict
            of the four tables and the application's settings.
        default: returned when nothing is set at `path`.

    Returns:
        The value, or `default` for a setting that is not set.

    Raises:
        ConfigError: a path whose first name is close to, but not, one of the four tables.

    Examples:
        >>> get_config("limits.openai.max_attempts")
        6
        >>> get_config("custom.setting", "unset")
        'unset'
    """
    return _read(_snapshot(_scope.scoped.get()), path, default)


def _read(snapshot: dict[str, Any], path: str | None, default: Any) -> Any:
    if path is None:
        return snapshot
    table, name, key = _split(path)
    if not table:  # an application setting: follow the dots through nested tables
        value: Any = snapshot
        for part in path.split("."):
            if not isinstance(value, Mapping) or part not in value:
                return default
            value = value[part]
        return value
    value = snapshot[table] if name is None else snapshot[table].get(name)
    found = value.get(key) if key is not None and value is not None else value
    return default if found is None else found


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
        if not table:
            nested: Any = value
            for part in reversed(path.split(".")):
                nested = {part: nested}
            _scope.process[0] = current.merged(_build({}, None, None, None, nested))
            return
        given: dict[str, Any] = {table: {name: {key: value} if key else value}}
        defaults = given.pop("defaults", {})
        overlay = _build(defaults, given.get("keys"), given.get("endpoints"),
                         given.get("limits"))
        _scope.process[0] = current.merged(overlay)


def _without(overlay: Overlay, table: str, name: str, key: str | None) -> Overlay:
    if not table:
        return Overlay(overlay.defaults, overlay.sections, _dropped(overlay.settings,
                                                                     name.split(".")))
    if table == "defaults":
        return Overlay({k: v for k, v in overlay.defaults.items() if k != name},
                       overlay.sections, overlay.settings)
    drop = {"keys": ("api_key",), "endpoints": ("base_url", "wire", "models"),
            "limits": (key,) if key else LIMITS}[table]
    sections = {n: {k: v for k, v in s.items() if n != name or k not in drop}
                for n, s in overlay.sections.items()}
    return Overlay(overlay.defaults, {n: s for n, s in sections.items() if s},
                   overlay.settings)


def _dropped(settings: Mapping[str, Any], parts: list[str]) -> dict[str, Any]:
    """`settings` without the value at the path `parts`."""
    out = dict(settings)
    head, rest = parts[0], parts[1:]
    if head in out:
        if not rest:
            del out[head]
        elif isinstance(out[head], Mapping):
            out[head] = _dropped(out[head], rest)
    return out
