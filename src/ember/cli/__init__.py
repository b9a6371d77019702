"""The `ember` command line.

Each subcommand lives in its own module with a `register(subparsers)` function that adds
its parser (most with `add_command`) and sets `func` (taking the parsed args, returning an
exit code).
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from typing import NoReturn

from ember._errors import CLIError

__all__ = ["add_command", "main"]

# Subcommand modules, in the order `ember --help` lists them.
_COMMANDS = ("_demo", "_doctor", "_explain", "_bench", "_models", "_sim", "_configure",
             "_eval", "_cache")


class _Parser(argparse.ArgumentParser):
    """argparse with usage errors on one line, like every other error of the CLI."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def add_command(subparsers: argparse._SubParsersAction, name: str, help: str, doc: str | None,
                func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """Add subcommand `name` that runs `func`; its --help shows `doc` (the module docstring,
    examples included) with its line breaks kept."""
    p = subparsers.add_parser(name, help=help, description=doc,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.set_defaults(func=func)
    return p


def _version() -> str:
    import ember

    return f"ember {ember.__version__} (Python {sys.version.split()[0]})"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="ember", description="Compound AI systems in ordinary Python.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _COMMANDS:
        importlib.import_module(f"ember.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    if (sys.argv[1:] if argv is None else argv) == ["--version"]:
        print(_version())  # answered before the subcommands (and what they import) load
        return 0
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except CLIError as exc:
        from ember._core import redact  # what the CLI prints, the record would store

        print(f"ember: {redact(str(exc))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
