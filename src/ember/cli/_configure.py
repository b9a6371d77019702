"""`ember configure`: store provider keys and endpoints in Ember's config file.

The file is ``$EMBER_CONFIG`` or ``~/.config/ember/config.toml``. It is written as a new file
with permissions 0600 (owner read/write only) and moved into place, so a key is never
readable by others, not even for a moment. Only the section being configured changes; the
rest of the file, comments included, stays as it was. Environment variables still win over
the file (``OPENAI_API_KEY``, ``ANTHROPIC_API_KEY``, ...), and the command says so when one
is set.

Keys never go on the command line (where ``ps`` and the shell history would show them):
give ``--api-key -`` and pipe the key in, name a variable with ``--api-key-env``, or run
``ember configure`` in a terminal and paste it at the hidden prompt.

Examples:
  ember configure --provider openai --api-key - < key.txt
  ember configure --provider anthropic --api-key-env MY_ANTHROPIC_KEY
  ember configure --endpoint local --base-url http://127.0.0.1:8000/v1 --models llama3
  ember configure --show
"""

from __future__ import annotations

import argparse
import difflib
import getpass
import json
import os
import re
import stat
import sys
import tempfile
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ember.cli import CLIError, add_command

__all__ = ["register", "set_section"]

MSG_KEY_ON_COMMAND_LINE = (
    "refusing a key given on the command line: `ps` and the shell history would show it. "
    "Fix: pipe it in with `--api-key -` (e.g. `ember configure --provider openai --api-key - "
    "< key.txt`), or use `--api-key-env VAR`"
)
MSG_NO_TTY = (
    "nothing to configure: give --provider NAME or --endpoint NAME (with --api-key - or "
    "--api-key-env VAR), or --show; run it in a terminal to be asked instead"
)

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ember configure`."""
    p = add_command(subparsers, "configure",
                    "store provider keys and endpoints in the config file (0600), or --show them",
                    __doc__, _run)
    which = p.add_mutually_exclusive_group()
    which.add_argument("--provider", metavar="NAME",
                       help="a built-in provider to configure: openai or anthropic")
    which.add_argument("--endpoint", metavar="NAME",
                       help="a named endpoint (model ids NAME/<model>), e.g. a local server")
    which.add_argument("--show", action="store_true",
                       help="print the settings in effect, keys redacted, and exit")
    key = p.add_mutually_exclusive_group()
    key.add_argument("--api-key", metavar="-",
                     help="read the key from stdin (the only accepted value is '-')")
    key.add_argument("--api-key-env", metavar="VAR",
                     help="read the key from this environment variable at call time")
    p.add_argument("--base-url", metavar="URL", help="the endpoint's URL (required for --endpoint)")
    p.add_argument("--wire", choices=("openai", "anthropic"),
                   help="the endpoint's API format (default: openai)")
    p.add_argument("--models", metavar="A,B",
                   help="comma-separated model names the endpoint serves (for `ember models`)")


# ----------------------------------------------------------------------------- entry


def _run(args: argparse.Namespace) -> int:
    from ember.models import lowlevel as config  # importing it registers the built-ins

    if args.show:
        _reject_with_show(args)
        return _show(config)
    if args.provider is None and args.endpoint is None:
        if any(v is not None for v in (args.api_key, args.api_key_env, args.base_url,
                                       args.wire, args.models)):
            raise CLIError("say what to configure: --provider NAME or --endpoint NAME")
        if not sys.stdin.isatty():
            raise CLIError(MSG_NO_TTY)
        return _interactive(config, input, getpass.getpass)
    kind, name, values = _values_from_flags(args, config)
    return _write(config, kind, name, values)


def _reject_with_show(args: argparse.Namespace) -> None:
    given = [f"--{n.replace('_', '-')}" for n in ("api_key", "api_key_env", "base_url", "wire",
                                                  "models") if getattr(args, n) is not None]
    if given:
        raise CLIError(f"--show prints the settings; it takes no {', '.join(given)}")


def _builtins(config: Any) -> dict[str, Any]:
    """Built-in HTTP providers that [providers.*] may tune: name -> `ProviderDefaults`.

    Read from the registry's reservations, not from the resolved config, so that a broken
    config file does not hide them (it is reported when the new file is checked).
    """
    return {name: d for name, d in config.BUILTIN_PROVIDERS.items() if d is not None}


def _values_from_flags(args: argparse.Namespace, config: Any) -> tuple[str, dict[str, Any]]:
    values: dict[str, Any] = {}
    if args.provider is not None:
        builtins = _builtins(config)
        name = args.provider
        if name not in builtins:
            close = difflib.get_close_matches(name, list(builtins), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise CLIError(f"--provider {name!r} is not a built-in provider{hint}; choose one of "
                           f"{', '.join(sorted(builtins))}, or use --endpoint {name} "
                           "--base-url URL for any other server")
        if args.wire is not None:
            raise CLIError(f"--wire is fixed for the built-in provider {name!r}; "
                           "use --endpoint NAME --wire ... for another server")
        if args.models is not None:
            raise CLIError("--models lists an endpoint's models; use it with --endpoint")
        kind = "providers"
    else:
        name = args.endpoint
        _check_endpoint_name(config, name, "--endpoint")
        if args.base_url is None:
            raise CLIError(f"--endpoint {name} needs --base-url URL "
                           "(e.g. --base-url http://127.0.0.1:8000/v1)")
        kind = "endpoints"
        values["wire"] = args.wire or "openai"
        if args.models is not None:
            names = [m.strip() for m in args.models.split(",") if m.strip()]
            if not names:
                raise CLIError(f"--models {args.models!r} names no model; e.g. --models llama3")
            values["models"] = names
    if args.base_url is not None:
        values["base_url"] = args.base_url
    if args.api_key is not None:
        if args.api_key != "-":
            raise CLIError(MSG_KEY_ON_COMMAND_LINE)
        key = sys.stdin.readline().strip()
        if not key:
            raise CLIError("--api-key -: no key on stdin; pipe it in, e.g. "
                           "`ember configure --provider openai --api-key - < key.txt`")
        values["api_key"], values["api_key_env"] = key, None
    elif args.api_key_env is not None:
        values["api_key_env"], values["api_key"] = args.api_key_env, None
    if not values:
        raise CLIError(f"nothing to set for {name!r}: give --api-key -, --api-key-env VAR "
                       "or --base-url URL")
    return kind, name, values


def _check_endpoint_name(config: Any, name: str, label: str) -> None:
    """Refuse an endpoint name Ember would reject, before anything is asked or written."""
    problem = config.endpoint_name_problem(name)
    if problem is None:
        return
    if name in _builtins(config):
        fix = f"use --provider {name} to configure it, or give the endpoint another name"
    elif name in config.BUILTIN_PROVIDERS:
        fix = "give the endpoint another name"
    else:
        like = config.endpoint_name_like(name)
        problem += (f"; endpoint names are {config.ENDPOINT_NAMES} (they become model-id "
                    "prefixes: NAME/<model>)")
        fix = f"e.g. --endpoint {like}" if like else "e.g. --endpoint local"
    raise CLIError(f"{label} {name!r} is not a valid endpoint name: it {problem}. Fix: {fix}")


def _interactive(config: Any, ask: Callable[[str], str],
                 ask_secret: Callable[[str], str]) -> int:
    """Ask for a provider (or endpoint) and its key; the key is read without echo."""
    builtins = _builtins(config)
    choices = "/".join(sorted(builtins)) or "openai/anthropic"
    name = ask(f"Provider to configure [{choices}], or a new endpoint name: ").strip()
    if not name:
        raise CLIError("no provider given; nothing changed")
    values: dict[str, Any] = {}
    if name in builtins:
        kind = "providers"
        env = builtins[name].key_env or f"{name.upper()}_API_KEY"
    else:
        _check_endpoint_name(config, name, "endpoint name")
        kind = "endpoints"
        values["base_url"] = ask("Base URL (e.g. http://127.0.0.1:8000/v1): ").strip()
        values["wire"] = ask("Wire format [openai/anthropic] (default openai): ").strip() or "openai"
        env = None
    key = ask_secret(f"API key for {name} (hidden; empty to "
                     + (f"read ${env} at call time): " if env else "send none): ")).strip()
    if key:
        values["api_key"], values["api_key_env"] = key, None
    elif env:
        values["api_key_env"], values["api_key"] = env, None
    return _write(config, kind, name, values)


# ----------------------------------------------------------------------------- writing


def _toml_value(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def set_section(text: str, table: str, values: dict[str, Any]) -> str:
    """Return TOML `text` with `values` set in ``[table]`` (None removes a key).

    Other sections, comments and key order are kept; the table is appended when absent.

    Examples:
        >>> print(set_section("# mine\\n[providers.openai]\\nrpm = 5\\n", "providers.openai",
        ...                   {"api_key_env": "K", "rpm": None}), end="")
        # mine
        [providers.openai]
        api_key_env = "K"
    """
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines)
                  if (m := _HEADER.match(line)) and m.group(1).replace(" ", "") == table), None)
    new = [f"{k} = {_toml_value(v)}" for k, v in values.items() if v is not None]
    if start is None:
        body = [*lines]
        if body and body[-1].strip():
            body.append("")
        return "\n".join([*body, f"[{table}]", *new]) + "\n"
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])
                or lines[i].lstrip().startswith("[[")), len(lines))
    section: list[str] = []
    pending = dict(values)
    i = start + 1
    while i < end:
        line = lines[i]
        key = line.split("=", 1)[0].strip() if "=" in line else None
        if key in pending:
            # Skip a multi-line array value too.
            j = i
            if "[" in line.split("=", 1)[1] and "]" not in line.split("=", 1)[1]:
                while j + 1 < end and "]" not in lines[j]:
                    j += 1
            value = pending.pop(key)
            if value is not None:
                section.append(f"{key} = {_toml_value(value)}")
            i = j + 1
            continue
        section.append(line)
        i += 1
    # New keys go after the section's last non-blank line.
    tail = len(section)
    while tail > 0 and not section[tail - 1].strip():
        tail -= 1
    added = [f"{k} = {_toml_value(v)}" for k, v in pending.items() if v is not None]
    section[tail:tail] = added
    return "\n".join([*lines[: start + 1], *section, *lines[end:]]) + "\n"


def _lookup(data: dict[str, Any], kind: str, name: str) -> dict[str, Any] | None:
    node = data.get(kind)
    node = node.get(name) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


def _read_old(config: Any, path: Path) -> str:
    """The config file's text ("" when there is none), never blocking on a FIFO or device."""
    from ember._errors import ConfigNotAFile

    try:
        return config.read_config_file(str(path)).decode("utf-8")
    except FileNotFoundError:
        return ""
    except ConfigNotAFile as exc:
        raise CLIError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise CLIError(f"{path}: not UTF-8 text (byte {exc.start}); fix it by hand first") \
            from None
    except OSError as exc:
        raise CLIError(f"{path}: cannot be read ({exc.strerror})") from None


def _write(config: Any, kind: str, name: str, values: dict[str, Any]) -> int:
    path = Path(config.config_path())
    old = _read_old(config, path)
    # A name with a dot is a quoted key: [endpoints."my.server"], not a nested table.
    table = f'{kind}."{name}"' if "." in name else f"{kind}.{name}"
    new = set_section(old, table, values)
    try:
        section = _lookup(tomllib.loads(new), kind, name)
    except tomllib.TOMLDecodeError as exc:
        raise CLIError(f"{path}: not valid TOML ({exc}); fix it by hand first") from None
    want = {k: v for k, v in values.items() if v is not None}
    if section is None or any(section.get(k) != v for k, v in want.items()) or any(
            k in section for k, v in values.items() if v is None):
        raise CLIError(f"{path}: its [{table}] is written in a form `ember configure` does "
                       "not edit (dotted keys or inline tables); edit the file by hand")
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".config-", suffix=".toml")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:  # mkstemp: mode 0600 from the start
            f.write(new)
            f.flush()
            os.fsync(f.fileno())
        _check_with_ember(config, tmp)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    shown = [f"{k} = ***" if k == "api_key" else f"{k} = {_toml_value(v)}"
             for k, v in want.items()]
    print(f"wrote [{table}] to {path} (permissions 0600): {', '.join(shown)}")
    _warn_env_wins(config, kind, name, want)
    return 0


def _check_with_ember(config: Any, tmp: str) -> None:
    """Refuse settings Ember itself would reject (bad URL, bad env name, ...)."""
    from ember._errors import ConfigError

    try:
        config.check_config_file(tmp)
    except ConfigError as exc:
        message = str(exc).replace(tmp, "the new config").splitlines()[0]
        raise CLIError(message) from None


def _warn_env_wins(config: Any, kind: str, name: str, values: dict[str, Any]) -> None:
    if kind != "providers" or "api_key" not in values:
        return
    settings = _builtins(config).get(name)
    env = settings.key_env if settings is not None else None
    if env and os.environ.get(env):
        print(f"note: ${env} is set in this environment and wins over the file; "
              f"unset it to use the stored key")


# ----------------------------------------------------------------------------- showing


def _show(config: Any) -> int:
    from ember._errors import ConfigError

    path = Path(config.config_path())
    if path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        warn = "" if mode & 0o077 == 0 else (
            f"  WARNING: readable by others; fix: chmod 600 {path}")
        print(f"config file: {path} (permissions {mode:04o}){warn}")
    else:
        print(f"config file: {path} (not created yet: `ember configure` writes it)")
    try:
        current = config.current_config()
    except ConfigError as exc:
        raise CLIError(str(exc).splitlines()[0]) from None
    rows = [("provider", n, s) for n, s in sorted(current.providers.items())]
    rows += [("endpoint", n, s) for n, s in sorted(current.endpoints.items())]
    for what, name, s in rows:
        if s.api_key is not None:
            key = f"*** (from {s.key_source})"
        elif s.key_required:
            key = f"not set (export {s.key_env}=... or `ember configure --{what} {name}`)"
        else:
            key = "none (no auth header sent)"
        print(f"\n[{what} {name}]")
        print(f"  wire      {s.wire}")
        print(f"  base_url  {s.base_url}")
        print(f"  key       {key}")
        if s.models:
            print(f"  models    {', '.join(s.models)}")
        extras = [f"{k}={getattr(s, k)}" for k in ("rpm", "tpm") if getattr(s, k) is not None]
        if extras:
            print(f"  limits    {', '.join(extras)}")
    return 0
