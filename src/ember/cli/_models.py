"""`ember models`: list the model ids Ember knows (simulated, well-known, configured)."""

from __future__ import annotations

import argparse

from ember._errors import ConfigError
from ember.cli import CLIError

__all__ = ["register"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ember models`."""
    p = subparsers.add_parser(
        "models",
        help="list known and configured model ids",
        description=(
            "Print one model id per line: the built-in simulated models, well-known OpenAI "
            "and Anthropic models, and the `models` of endpoints in the config file "
            "($EMBER_CONFIG or ~/.config/ember/config.toml)."
        ),
    )
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from ember.models import models

    try:
        ids = models.list()
    except ConfigError as exc:
        raise CLIError(str(exc)) from exc
    for model_id in ids:
        print(model_id)
    return 0
