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
    p.add_argument(
        "--latency",
        type=float,
        default=d.latency,
        help="fixed seconds per answer (default: %(default)s)",
    )
    p.add_argument(
        "--jitter",
        type=float,
        default=d.jitter,
        help="extra uniform 0..S seconds (default: %(default)s)",
    )
    p.add_argument(
        "--per-token", type=float, default=d.per_token, help="extra seconds per completion token"
    )
    p.add_argument("--rpm", type=int, default=None, help="requests per minute limit")
    p.add_argument("--tpm", type=int, default=None, help="tokens per minute limit")
    p.add_argument("--fail-429", type=float, default=d.fail_429, help="probability of a 429")
    p.add_argument("--fail-500", type=float, default=d.fail_500, help="probability of a 500")
    p.add_argument("--reset", type=float, default=d.reset, help="probability of a reset connection")
    p.add_argument(
        "--hang", type=float, default=d.hang, help="probability of a request that never answers"
    )
    p.add_argument(
        "--hang-s",
        type=float,
        default=d.hang_s,
        help="how long a hanging request is held (default: %(default)s)",
    )
    p.add_argument(
        "--retry-after",
        type=float,
        default=d.retry_after,
        help="Retry-After seconds on injected 429s (default: %(default)s)",
    )
    p.add_argument("--seed", type=int, default=None, help="seed for the fault and jitter draws")
    p.add_argument(
        "--max-body",
        type=int,
        default=d.max_body,
        help="largest request body in bytes; larger ones get a 413 (default: %(default)s)",
    )
    p.add_argument(
        "--bad-json",
        type=int,
        default=d.bad_json,
        help="answer this many structured-output requests with JSON that breaks the schema "
        "first (default: %(default)s)",
    )
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
        config = SimConfig(
            latency=args.latency,
            jitter=args.jitter,
            per_token=args.per_token,
            rpm=args.rpm,
            tpm=args.tpm,
            fail_429=args.fail_429,
            fail_500=args.fail_500,
            reset=args.reset,
            hang=args.hang,
            hang_s=args.hang_s,
            retry_after=args.retry_after,
            seed=args.seed,
            max_body=args.max_body,
            bad_json=args.bad_json,
            api_key=api_key,
        )
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
