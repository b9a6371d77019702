"""`ember sim serve`: run the OpenAI/Anthropic-compatible simulator server."""

from __future__ import annotations

import argparse
import asyncio
import os

from ember.cli import CLIError
from ember.sim import (
    API_KEY_ENV,
    READY_PREFIX,
    SimConfig,
    is_loopback,
    serve_until_signalled,
)

__all__ = ["register"]

_REMOTE_REFUSED = (
    "refusing to serve on {host!r}: it is not a loopback address, so anyone on the network "
    "could reach the simulator; use --host 127.0.0.1, or pass --allow-remote if you mean it"
)

# SimConfig's settings as `--field-name` flags, in --help order: (field, type, help); each
# default is SimConfig's.
_SETTINGS: tuple[tuple[str, type, str], ...] = (
    ("latency", float, "fixed seconds per answer (default: %(default)s)"),
    ("jitter", float, "extra uniform 0..S seconds (default: %(default)s)"),
    ("per_token", float, "extra seconds per completion token"),
    ("rpm", int, "requests per minute limit"),
    ("tpm", int, "tokens per minute limit"),
    ("fail_429", float, "probability of a 429"),
    ("fail_500", float, "probability of a 500"),
    ("reset", float, "probability of a reset connection"),
    ("hang", float, "probability of a request that never answers"),
    ("hang_s", float, "how long a hanging request is held (default: %(default)s)"),
    ("retry_after", float, "Retry-After seconds on injected 429s (default: %(default)s)"),
    ("seed", int, "seed for the fault and jitter draws"),
    ("max_body", int, "largest request body in bytes; larger ones get a 413 "
                      "(default: %(default)s)"),
    ("bad_json", int, "answer this many structured-output requests with JSON that breaks the "
                      "schema first (default: %(default)s)"),
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ember sim` and its `serve` subcommand."""
    sim = subparsers.add_parser("sim", help="the simulated model server")
    sim_sub = sim.add_subparsers(dest="sim_command", metavar="SUBCOMMAND")
    p = sim_sub.add_parser(
        "serve",
        help="serve the OpenAI/Anthropic-compatible simulator until Ctrl-C",
        description=(
            "Serve POST /v1/chat/completions (OpenAI) and POST /v1/messages (Anthropic) with "
            "deterministic simulated text, configurable latency, rate limits and faults. "
            "Prints one line with the URL when ready."
        ),
    )
    d = SimConfig()
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    p.add_argument(
        "--port", type=int, default=8000, help="port; 0 picks a free one (default: %(default)s)"
    )
    p.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    for field, kind, help_ in _SETTINGS:
        p.add_argument(f"--{field.replace('_', '-')}", type=kind, default=getattr(d, field),
                       help=help_)
    p.add_argument(
        "--api-key",
        default=None,
        help=f"require this key (Bearer / x-api-key); default: ${API_KEY_ENV} if set",
    )
    # Used by SimServerProcess: exit when the parent process goes away.
    p.add_argument("--exit-on-stdin-eof", action="store_true", help=argparse.SUPPRESS)
    p.set_defaults(func=_serve)
    sim.set_defaults(func=lambda _args: sim.print_help() or 2)


def _serve(args: argparse.Namespace) -> int:
    if not args.allow_remote and not is_loopback(args.host):
        raise CLIError(_REMOTE_REFUSED.format(host=args.host))
    api_key = args.api_key if args.api_key is not None else os.environ.get(API_KEY_ENV) or None
    try:
        config = SimConfig(**{field: getattr(args, field) for field, _, _ in _SETTINGS},
                           api_key=api_key)
    except ValueError as exc:
        raise CLIError(str(exc)) from None

    def ready(url: str) -> None:
        print(f"{READY_PREFIX}{url}", flush=True)

    try:
        asyncio.run(
            serve_until_signalled(
                config,
                args.host,
                args.port,
                on_ready=ready,
                stop_on_stdin_eof=args.exit_on_stdin_eof,
            )
        )
    except OSError as exc:
        raise CLIError(f"cannot serve on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0
