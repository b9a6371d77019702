"""`ember doctor`: what this installation can do, and what is missing, in one screen.

Reports Ember's version and location, Python, which extras are installed, the config file
in force, the API keys found (by variable name: a key's value is never printed), every
provider and endpoint with where its key comes from, and whether each configured HTTP
endpoint answers (``GET`` of its model list with the headers a call sends; ``--offline``
skips this). Exit status 1 when something configured does not work.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import os
import platform
import re
import sys

from ember._errors import ConfigError
from ember.cli import add_command
from ember.models import ProviderInfo, check_endpoints, config_path, models, redact

__all__ = ["register"]

# Environment variables whose names say they hold a credential.
_KEY_NAME = re.compile(r"[A-Z0-9_]*(?:API_KEY|_ACCESS_KEY|_SECRET_KEY|_AUTH_TOKEN)")
_REQUIREMENT = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)[^;]*;\s*extra\s*==\s*['\"]([^'\"]+)")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ember doctor`."""
    p = add_command(subparsers, "doctor",
                    "check the installation: Python, extras, keys, config, endpoints", __doc__, _run)
    p.add_argument("--offline", action="store_true",
                   help="do not contact the endpoints, only report the settings")
    p.add_argument("--timeout", type=float, default=5.0, metavar="S",
                   help="seconds to wait for each endpoint (default: %(default)s)")


def _installed(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _extras() -> list[str]:
    """One line per extra of the installed distribution: installed, or what is missing."""
    try:
        requires = importlib.metadata.requires("ember") or []
    except importlib.metadata.PackageNotFoundError:
        return ["  (ember's package metadata is missing: reinstall it with pip)"]
    wanted: dict[str, list[str]] = {}
    for line in requires:
        match = _REQUIREMENT.match(line)
        if match:
            wanted.setdefault(match.group(2), []).append(match.group(1))
    lines = []
    for extra, names in wanted.items():
        missing = [n for n in names if _installed(n) is None]
        state = "installed" if not missing else \
            f"missing {', '.join(missing)}: pip install 'ember[{extra}]'"
        lines.append(f"  {extra:<10} {state}")
    return lines


def _keys(infos: list[ProviderInfo]) -> list[str]:
    """The credential variables in the environment, by name, and who uses them."""
    users: dict[str, list[str]] = {}
    for info in infos:
        if info.credentials.startswith("$"):
            users.setdefault(info.credentials[1:], []).append(info.name)
    names = sorted({n for n in os.environ if _KEY_NAME.fullmatch(n)} | set(users))
    if not names:
        return ["  none found in the environment"]
    return [f"  {name:<24} set, used by {', '.join(users[name])}" if name in users
            else f"  {name:<24} set, not used by any provider" for name in names]


def _run(args: argparse.Namespace) -> int:
    import ember

    problems = 0
    print(f"ember {ember.__version__} ({os.path.dirname(ember.__file__)})")
    print(f"Python {platform.python_version()} ({sys.executable})")
    print("\nextras:")
    print("\n".join(_extras()))
    path = config_path()
    how = "$EMBER_CONFIG" if os.environ.get("EMBER_CONFIG") else "default location"
    state = "found" if os.path.isfile(path) else "not found: built-in defaults and environment"
    print(f"\nconfig file: {path} ({how}, {state})")
    try:
        infos = models.providers()
    except ConfigError as exc:
        print(f"  invalid: {redact(str(exc))}")
        return 1
    print("\nkeys (names only):")
    print("\n".join(_keys(infos)))
    print("\nproviders:")
    width = max(len(i.name) for i in infos)
    for info in infos:
        where = f" {info.base_url}" if info.base_url else ""
        print(f"  {info.name:<{width}} {info.kind:<10} key: {info.credentials}{where}")
    # Configured: an endpoint, or a built-in HTTP provider with a key or a config section.
    probe = [i.name for i in infos if i.kind == "endpoint" or (
        i.kind == "http" and (i.has_credentials or i.source != "built-in defaults"))]
    if args.offline or not probe:
        print("\nendpoints: not contacted" + (" (--offline)" if args.offline else
                                              " (none configured)"))
        return 0
    print("\nendpoints:")
    for check in check_endpoints(probe, args.timeout):
        problems += not check.ok
        print(f"  {check.name:<{width}} {'ok  ' if check.ok else 'FAIL'} {check.url}: "
              f"{check.detail}")
    return 1 if problems else 0

