"""Endpoint settings from the config file and the environment.

The file is TOML, at ``$EMBER_CONFIG`` or ``~/.config/ember/config.toml`` (missing is fine)::

    [providers.openai]              # tune a built-in provider
    rpm = 500
    max_calls_in_flight = 64

    [endpoints.local]               # a named endpoint: ids "local/<model>" go here
    wire = "openai"                 # or "anthropic" (its base_url has no "/v1")
    base_url = "http://127.0.0.1:8000/v1"
    api_key_env = "LOCAL_KEY"       # or api_key = "..."; neither: no auth header
    models = ["llama3"]             # listed by models.list()

    [cache]                         # the response cache (off unless set)
    dir = "~/.cache/ember"          # $EMBER_CACHE_DIR wins over it

Environment variables win over the file (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``,
``ANTHROPIC_API_KEY``, ``ANTHROPIC_BASE_URL``, and any ``api_key_env``). The result is
cached and rebuilt when the file or one of those variables changes, so calls see the
current settings for the price of a `stat` (on an event loop, one check serves the other
tasks' calls of the next millisecond: see `current`). Bad settings raise `ConfigError` naming
the file, the key and the fix; a path that is not a regular file (a FIFO, which would block
the first call forever, a directory, a device) raises `ConfigNotAFile` without being opened.
Over all of it: `set_config` for the process, then the innermost ``ember.context(...)``
block (`ember.models._context`), which win over the file and the environment.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import stat
import threading
import time
import tomllib
from asyncio import _get_running_loop as _running_loop
from asyncio import current_task
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final
from urllib.parse import urlsplit

from ember._core import Secret
from ember._errors import ConfigError, ConfigNotAFile
from ember.models import _scope
from ember.models._ids import PREFIX_PATTERN
from ember.models._wire import WIRES

__all__ = [
    "DEFAULT_MAX_ATTEMPTS",
    "ENDPOINT_NAMES",
    "MAX_ATTEMPTS",
    "DEFAULT_DEADLINE",
    "DEFAULT_TIMEOUT",
    "Config",
    "EndpointSettings",
    "ProviderDefaults",
    "config_path",
    "current",
    "endpoint_name_problem",
    "read_regular",
    "register_builtin",
]

DEFAULT_TIMEOUT: Final = 60.0
DEFAULT_DEADLINE: Final = 300.0  # seconds a call may spend on the provider, retries included
DEFAULT_MAX_ATTEMPTS: Final = 6
MAX_ATTEMPTS: Final = 20  # beyond this, retries only hide a dead endpoint for hours

ENV_CONFIG: Final = "EMBER_CONFIG"
ENV_CACHE_DIR: Final = "EMBER_CACHE_DIR"
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, slots=True)
class ProviderDefaults:
    """How a built-in HTTP provider is reached when nothing is configured."""

    wire: str
    base_url: str
    key_env: str
    base_url_env: str
    alt_key_env: str | None = None  # read when key_env is not set (GOOGLE_API_KEY)


@dataclass(frozen=True, slots=True)
class EndpointSettings:
    """Everything needed to reach one endpoint; `api_key` is a `Secret` (or None)."""

    name: str
    wire: str
    base_url: str
    api_key: Secret | None = None
    key_env: str | None = None  # the variable to set when the key is missing
    key_source: str = "no key"  # where the key came from, for "check ..." in errors
    key_required: bool = False
    rpm: float | None = None
    tpm: float | None = None
    max_calls_in_flight: int | None = None  # None: adaptive, from 256 up, no ceiling
    timeout: float | None = DEFAULT_TIMEOUT
    deadline: float | None = DEFAULT_DEADLINE
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    models: tuple[str, ...] = ()
    source: str = "built-in defaults"  # where it was configured, for error messages


@dataclass(frozen=True)
class Config:
    """Resolved settings: built-in HTTP providers and named endpoints."""

    path: str
    providers: dict[str, EndpointSettings] = field(default_factory=dict)
    endpoints: dict[str, EndpointSettings] = field(default_factory=dict)
    cache_dir: str | None = None  # the response cache's folder; None: no cache

    def get(self, name: str) -> EndpointSettings | None:
        """The settings for a provider prefix or endpoint name, or None."""
        return self.providers.get(name) or self.endpoints.get(name)


# ----------------------------------------------------------------------------- built-ins

# Names the registry owns: config endpoints may not shadow them. Values are the HTTP
# defaults for those configurable under [providers.<name>] (None: not configurable).
_builtin: dict[str, ProviderDefaults | None] = {}
_version = 0


def register_builtin(name: str, defaults: ProviderDefaults | None = None) -> None:
    """Reserve a provider prefix for the registry (see `_registry`); invalidates the cache."""
    global _version, _step
    _builtin[name] = defaults
    _version += 1
    _step = None


# ----------------------------------------------------------------------------- validation

MSG_FIX_EXAMPLE = """\
A valid file looks like:
    [endpoints.local]
    wire = "openai"
    base_url = "http://127.0.0.1:8000/v1"
    rpm = 600"""


class _Bad(Exception):
    def __init__(self, must: str, example: str, *, show_value: bool = True) -> None:
        self.must, self.example, self.show_value = must, example, show_value


def _url(value: object) -> str:
    must, example = "an http(s) URL with a host", 'base_url = "http://127.0.0.1:8000/v1"'
    if not isinstance(value, str) or any(c <= " " or c == "\x7f" for c in value.strip()):
        raise _Bad(must, example)
    try:
        parts = urlsplit(value.strip())
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:  # "http://[::1", "http://h:99999"
        raise _Bad(must, example) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise _Bad(must, example)
    return value.strip().rstrip("/")


def _positive(unit: str, example: str) -> Callable[[object], float]:
    def check(value: object) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not (
                value > 0 and math.isfinite(value)):
            raise _Bad(f"a finite number > 0 ({unit})", example)
        return float(value)

    return check


def _count(example: str, most: int | None = None) -> Callable[[object], int]:
    must = "an int >= 1" if most is None else f"an int from 1 to {most}"

    def check(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1 or (
                most is not None and value > most):
            raise _Bad(must, example)
        return value

    return check


def _key(value: object) -> Secret:
    if not isinstance(value, str) or not value:
        raise _Bad("a non-empty str", 'api_key_env = "MY_KEY"  (safer than api_key)',
                   show_value=False)
    return Secret(value)


def _env_name(value: object) -> str:
    if not isinstance(value, str) or not _ENV_NAME.fullmatch(value):
        raise _Bad("an environment variable name", 'api_key_env = "LOCAL_API_KEY"')
    return value


def _wire(value: object) -> str:
    if not isinstance(value, str) or value not in WIRES:
        raise _Bad(f"one of {sorted(WIRES)}", 'wire = "openai"')
    return value  # type: ignore[return-value]


def _models(value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(m, str) and m.strip() for m in value):
        raise _Bad("a list of model names", 'models = ["llama3", "qwen2.5"]')
    return tuple(value)


# One rule per key (habit 5); the same keys work in [providers.*] and [endpoints.*].
_KEYS: dict[str, Callable[[object], Any]] = {
    "wire": _wire,
    "base_url": _url,
    "api_key": _key,
    "api_key_env": _env_name,
    "rpm": _positive("requests per minute", "rpm = 600"),
    "tpm": _positive("tokens per minute", "tpm = 200000"),
    "max_calls_in_flight": _count("max_calls_in_flight = 64"),
    "timeout": _positive("seconds", "timeout = 30"),
    "deadline": _positive("seconds", "deadline = 300"),
    "max_attempts": _count("max_attempts = 6", MAX_ATTEMPTS),
    "models": _models,
}


def _error(path: str, where: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: {where}: {message}")


def _check_section(path: str, where: str, raw: object, *, endpoint: bool) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise _error(path, where, f"must be a table. Fix: write keys under it.\n{MSG_FIX_EXAMPLE}")
    out: dict[str, Any] = {}
    for key, value in raw.items():
        rule = _KEYS.get(key)
        if rule is None or (key == "wire" and not endpoint):
            allowed = sorted(k for k in _KEYS if endpoint or k != "wire")
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f" (did you mean `{close[0]}`?)" if close else ""
            raise _error(
                path, where,
                f"unknown key `{key}`{hint}. Fix: use only {', '.join(allowed)}.",
            )
        try:
            out[key] = rule(value)
        except _Bad as bad:
            shown = f" = {value!r}" if bad.show_value else ""
            raise _error(
                path, where,
                f"`{key}`{shown} is not valid: {key} must be {bad.must}. Fix: e.g. {bad.example}",
            ) from None
    if "api_key" in out and "api_key_env" in out:
        raise _error(path, where, "set `api_key` or `api_key_env`, not both. "
                     "Fix: keep api_key_env (the key then stays out of the file).")
    if endpoint:
        for required, example in (("base_url", 'base_url = "http://127.0.0.1:8000/v1"'),):
            if required not in out:
                raise _error(path, where, f"missing `{required}`. Fix: add {example}")
        out.setdefault("wire", "openai")
    return out


@dataclass(frozen=True)
class _File:
    """The validated contents of the config file (before the environment is applied)."""

    providers: dict[str, dict[str, Any]]
    endpoints: dict[str, dict[str, Any]]
    env_names: tuple[str, ...]  # variables whose values the resolved settings depend on
    cache_dir: str | None = None


_KINDS = ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "named pipe (FIFO)"),
          (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
          (stat.S_ISSOCK, "socket"))


def _check_regular(path: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "special file")
        raise ConfigNotAFile(
            f"{path}: is a {kind}, not a regular file; Ember reads settings only from a "
            f"TOML file. Fix: point {ENV_CONFIG} at a TOML file (or unset it), or put one "
            "at that path.", path=path, kind=kind)


def read_regular(path: str) -> bytes:
    """The bytes of the config file at `path`, which must be a regular file.

    It is checked with `stat` before it is opened: reading a FIFO waits for a writer
    forever, and a device may never end. (It is opened non-blocking and checked again, in
    case the path changed in between.)

    Raises:
        FileNotFoundError: there is no file.
        ConfigNotAFile: a directory, FIFO, device or socket, naming what it is.
        OSError: it cannot be read.
    """
    _check_regular(path, os.stat(path).st_mode)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with open(fd, "rb") as f:
        _check_regular(path, os.fstat(fd).st_mode)
        return f.read()


ENDPOINT_NAMES: Final = ("lowercase letters, digits, '_', '.' or '-', starting with a letter "
                         "or digit")


def endpoint_name_problem(name: str) -> str | None:
    """What is wrong with `name` as an endpoint name, or None when it is fine.

    Examples:
        >>> endpoint_name_problem("BAD NAME")
        'has uppercase letters (B, A, D, N, M, E) and a space'
        >>> endpoint_name_problem("local-vllm") is None
        True
    """
    if not name:
        return "is empty"
    if name in _builtin:
        return "is a built-in provider"
    if PREFIX_PATTERN.fullmatch(name):
        return None
    chars = list(dict.fromkeys(name))
    upper = [c for c in chars if c.isupper()]
    has = [f"uppercase letters ({', '.join(upper)})"] if upper else []
    if any(c.isspace() for c in chars):
        has.append("a space")
    has += [repr(c) for c in chars if not (c.isupper() or c.isspace()
                                           or PREFIX_PATTERN.fullmatch(f"a{c}"))]
    faults = [f"has {', '.join(has[:-1])} and {has[-1]}" if len(has) > 1 else f"has {has[0]}"
              ] if has else []
    if name[0] in "_.-":
        faults.append(f"starts with {name[0]!r}")
    return " and ".join(faults)


def endpoint_name_like(name: str) -> str | None:
    """A valid endpoint name close to `name` (for "Fix: e.g. ..."), or None.

    Examples:
        >>> endpoint_name_like("My Server")
        'my-server'
    """
    like = re.sub(r"[^a-z0-9_.-]+", "-", name.lower()).strip("-_.")
    return like if like and endpoint_name_problem(like) is None else None


def _parse(path: str) -> _File:
    try:
        raw = tomllib.loads(read_regular(path).decode("utf-8"))
    except FileNotFoundError:
        raw = {}
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc}). Fix the syntax.\n{MSG_FIX_EXAMPLE}") \
            from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML (not UTF-8 text: byte {exc.start} cannot be "
                          f"decoded). Fix: save the file as UTF-8.") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML (arrays or tables nested too deeply). "
                          f"Fix the syntax.\n{MSG_FIX_EXAMPLE}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}). Fix: check the file, or "
                          f"point {ENV_CONFIG} elsewhere.") from None
    for key in raw:
        if key not in ("providers", "endpoints", "cache"):
            raise _error(path, f"[{key}]", "unknown table. Fix: use [providers.<name>], "
                         "[endpoints.<name>] or [cache].")
    providers: dict[str, dict[str, Any]] = {}
    for name, section in _table(path, raw, "providers").items():
        if _builtin.get(name) is None:
            configurable = sorted(n for n, d in _builtin.items() if d is not None)
            raise _error(path, f"[providers.{name}]", f"no built-in HTTP provider `{name}`. "
                         f"Fix: use one of {configurable}, or [endpoints.{name}] with a base_url.")
        providers[name] = _check_section(path, f"[providers.{name}]", section, endpoint=False)
    endpoints: dict[str, dict[str, Any]] = {}
    for name, section in _table(path, raw, "endpoints").items():
        where = f"[endpoints.{name}]"
        problem = endpoint_name_problem(name)
        if problem is not None and name not in _builtin:
            like = endpoint_name_like(name)
            raise _error(path, where, f"the name {name!r} {problem}; endpoint names are "
                         f"{ENDPOINT_NAMES} (they become model-id prefixes). Fix: rename the "
                         "table" + (f", e.g. [endpoints.{like}]." if like else "."))
        if name in _builtin:
            raise _error(path, where, f"`{name}` is a built-in provider. Fix: configure it "
                         f"under [providers.{name}], or give the endpoint another name.")
        endpoints[name] = _check_section(path, where, section, endpoint=True)
    env = {d.key_env for d in _builtin.values() if d} | {
        d.base_url_env for d in _builtin.values() if d
    } | {d.alt_key_env for d in _builtin.values() if d and d.alt_key_env} | {ENV_CACHE_DIR}
    env |= {s["api_key_env"] for s in (*providers.values(), *endpoints.values())
            if "api_key_env" in s}
    return _File(providers, endpoints, tuple(sorted(env)), _cache_dir(path, raw))


def _cache_dir(path: str, raw: dict[str, Any]) -> str | None:
    """``[cache] dir``: the response cache's folder, or None."""
    table = raw.get("cache", {})
    if not isinstance(table, dict) or set(table) - {"dir"}:
        raise _error(path, "[cache]", 'takes one key, dir. Fix: e.g. [cache] dir = '
                     '"~/.cache/ember".')
    value = table.get("dir")
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise _error(path, "[cache] dir", 'must be a folder path. Fix: e.g. dir = '
                     '"~/.cache/ember".')
    return value


def _table(path: str, raw: dict[str, Any], name: str) -> dict[str, Any]:
    table = raw.get(name, {})
    if not isinstance(table, dict):
        raise _error(path, name, f"must be a table of tables. Fix: write [{name}.<name>] "
                     "sections.")
    return table


# ----------------------------------------------------------------------------- resolution


def _resolve_provider(path: str, name: str, d: ProviderDefaults, section: dict[str, Any],
                      env: dict[str, str | None]) -> EndpointSettings:
    where = f"{path} [providers.{name}]" if section else "built-in defaults"
    key_env = section.get("api_key_env", d.key_env)
    value = env.get(key_env)
    if not value and d.alt_key_env and "api_key_env" not in section and env.get(d.alt_key_env):
        key_env, value = d.alt_key_env, env.get(d.alt_key_env)
    key = Secret(value) if value else section.get("api_key")
    key_source = f"${key_env}" if value else f"api_key in {where}" if key else "no key"
    base_url = section.get("base_url", d.base_url)
    env_url = env.get(d.base_url_env)
    if env_url:
        try:
            base_url = _url(env_url)
        except _Bad:
            raise ConfigError(
                f"environment variable {d.base_url_env}={env_url!r} is not an http(s) URL with "
                f"a host. Fix: e.g. export {d.base_url_env}=http://127.0.0.1:8000/v1"
            ) from None
    return _settings(name, d.wire, base_url, key, key_env, key_source, True, section, where)


def _resolve_endpoint(path: str, name: str, section: dict[str, Any],
                      env: dict[str, str | None]) -> EndpointSettings:
    where = f"{path} [endpoints.{name}]"
    key_env = section.get("api_key_env")
    key = section.get("api_key")
    key_source = f"api_key in {where}" if key else "no key"
    if key_env is not None and env.get(key_env):
        key = Secret(env[key_env])  # type: ignore[arg-type]
        key_source = f"${key_env}"
    return _settings(name, section["wire"], section["base_url"], key, key_env, key_source,
                     key_env is not None, section, where)


def _settings(name: str, wire: str, base_url: str, key: Secret | None, key_env: str | None,
              key_source: str, key_required: bool, section: dict[str, Any],
              source: str) -> EndpointSettings:
    return EndpointSettings(
        name=name, wire=wire, base_url=base_url, api_key=key, key_env=key_env,
        key_source=key_source,
        key_required=key_required, rpm=section.get("rpm"), tpm=section.get("tpm"),
        max_calls_in_flight=section.get("max_calls_in_flight"),
        timeout=section.get("timeout", DEFAULT_TIMEOUT),
        deadline=section.get("deadline", DEFAULT_DEADLINE),
        max_attempts=section.get("max_attempts", DEFAULT_MAX_ATTEMPTS),
        models=section.get("models", ()), source=source,
    )


# `os.environ.get` costs ~2 us for a missing name (it raises and catches KeyError), and
# every call checks several names. The environ's own dict, read with pre-encoded keys,
# answers in ~50 ns; its values only need to be compared, not decoded.
_environ_data: dict | None = getattr(os.environ, "_data", None)
_encodekey: Callable[[str], Any] | None = getattr(os.environ, "encodekey", None)


def _raw_env(names: tuple[str, ...]) -> Callable[[], tuple]:
    """A function returning the raw values of `names` (for change detection only)."""
    data, encode = _environ_data, _encodekey
    if data is None or encode is None:  # not CPython's os._Environ: take the slow road
        return lambda: tuple(os.environ.get(n) for n in names)
    keys = tuple(encode(n) for n in names)
    get = data.get
    return lambda: tuple(map(get, keys))


_path_env = _raw_env((ENV_CONFIG, "XDG_CONFIG_HOME", "HOME"))
_path_cache: tuple[tuple, str] | None = None


def config_path() -> str:
    """The config file in effect: ``$EMBER_CONFIG``, else ``~/.config/ember/config.toml``.

    Examples:
        >>> config_path().endswith(".toml")
        True
    """
    global _path_cache
    raw = _path_env()
    cached = _path_cache
    if cached is not None and cached[0] == raw:
        return cached[1]
    explicit = os.environ.get(ENV_CONFIG)
    if explicit:
        path = os.path.expanduser(explicit)
    else:
        base = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
        path = os.path.join(base, "ember", "config.toml")
    _path_cache = (raw, path)
    return path


_lock = threading.Lock()
_file_cache: tuple[tuple, _File, Callable[[], tuple]] | None = None
_config_cache: tuple[object, tuple, Config] | None = None
# The last check made on an event loop: [loop, id of the task that used it last, until when
# it serves, settings]; see `current`. (A list: each call of another task records itself in
# it, with no new object; another loop's check replaces the list, never changes its loop.)
_step: list | None = None
SHARED_CHECK_S: Final = 0.001
"""How long a check made on an event loop serves the calls of its other tasks (seconds)."""


def current() -> Config:
    """The settings in effect now (cached; rebuilt when the file or its env vars change).

    A check costs one `stat` and a few dict lookups. Calls made outside an event loop check
    each time. On a loop, a check serves the calls of the loop's other tasks for the next
    `SHARED_CHECK_S` (a ``gather`` of a thousand calls makes them all at once, and in the
    caller's thread each `stat` may wait to get the GIL back from Ember's loop); a task's
    second call in a row checks again (a task that edits between two of its calls sees
    its edit). An edit of the file or the environment is seen by every call made a
    millisecond after it.

    Raises:
        ConfigError: naming the file, the section, the key and the fix.

    Examples:
        >>> current().get("openai").wire
        'openai'
    """
    global _step
    loop = _running_loop()
    if loop is None:
        return _scoped(_checked())
    task = id(current_task(loop))  # id(None) outside a task: every call checks
    now = time.monotonic()
    step = _step
    if step is not None and step[0] is loop and step[1] != task and now < step[2]:
        step[1] = task
        return _scoped(step[3])
    config = _checked()
    _step = [loop, task, now + SHARED_CHECK_S, config]
    return _scoped(config)


def _checked() -> Config:
    """The settings of the file and the environment as they are now (not scoped)."""
    global _file_cache, _config_cache
    path = config_path()
    try:
        st = os.stat(path)
        fstate: tuple = (path, st.st_mtime_ns, st.st_size, st.st_ino, _version)
    except OSError:  # no file (the common case)
        fstate = (path, None, _version)
    fc = _file_cache
    if fc is None or fc[0] != fstate:
        with _lock:
            parsed = _parse(path)
            fc = (fstate, parsed, _raw_env(parsed.env_names))
            _file_cache = fc
    raw = fc[2]()
    cc = _config_cache
    if cc is not None and cc[0] is fc and cc[1] == raw:
        return cc[2]
    parsed = fc[1]
    env = {name: os.environ.get(name) for name in parsed.env_names}
    providers = {
        name: _resolve_provider(path, name, d, parsed.providers.get(name, {}), env)
        for name, d in _builtin.items() if d is not None
    }
    endpoints = {
        name: _resolve_endpoint(path, name, section, env)
        for name, section in parsed.endpoints.items()
    }
    cache_dir = env.get(ENV_CACHE_DIR) or parsed.cache_dir
    config = Config(path, providers, endpoints,
                    os.path.expanduser(cache_dir) if cache_dir else None)
    _config_cache = (fc, raw, config)
    return config


def file_cache_dir() -> str | None:
    """The config file's ``[cache] dir`` (expanded) as last read, or None.

    No `stat` per call: the file is read here only when no file was read yet or another
    one is in force; an edit of the file in force is seen once `current` reads it again
    (at the next call to an HTTP provider).

    Raises:
        ConfigError: the file had to be read and is invalid.
    """
    fc = _file_cache
    if fc is None or fc[0][0] != config_path():
        current()
        fc = _file_cache
    folder = fc[1].cache_dir if fc is not None else None
    return os.path.expanduser(folder) if folder else None


def _scoped(config: Config) -> Config:
    """`config` under `set_config` and the innermost `ember.context(...)`, if any."""
    process, scoped = _scope.process[0], _scope.scoped.get()
    if process is not None:
        config = process.over(config)
    return scoped.over(config) if scoped is not None else config
