"""`ember cache info` and `ember cache clear`: the response cache on disk.

The cache is opt-in: ``EMBER_CACHE_DIR=<folder>`` (or ``[cache] dir`` in the config file)
makes every deterministic model call (temperature 0, or a seed) answerable from
``<folder>/answers.db``. `info` says where it is and how many answers it holds; `clear`
forgets them all, for every process sharing the file. ``--dir`` names another folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ember._errors import ConfigError
from ember.cli import CLIError

__all__ = ["register"]

MSG_NONE = ("no response cache is configured. Fix: set EMBER_CACHE_DIR=<folder> (or [cache] "
            "dir in the config file), or pass --dir <folder>")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `ember cache`."""
    p = subparsers.add_parser(
        "cache", help="show or clear the response cache (EMBER_CACHE_DIR)",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    for name, help_ in (("info", "where the cache is and how many answers it holds"),
                        ("clear", "forget every cached answer")):
        a = actions.add_parser(name, help=help_, description=help_)
        a.add_argument("--dir", metavar="FOLDER",
                       help="the cache folder (default: $EMBER_CACHE_DIR or [cache] dir)")
        a.set_defaults(func=_run)


def _file(args: argparse.Namespace) -> Path:
    from ember.models import CACHE_FILE, cache_path

    if args.dir:
        return Path(args.dir).expanduser() / CACHE_FILE
    try:
        path = cache_path()
    except ConfigError as exc:
        raise CLIError(str(exc)) from None
    if path is None:
        raise CLIError(MSG_NONE)
    return path


def _run(args: argparse.Namespace) -> int:
    from ember.models import DiskAnswers

    path = _file(args)
    if not path.exists():
        print(f"{path}: no cached answers (the file is made by the first cached call)")
        return 0
    disk = DiskAnswers(path)
    try:
        count = len(disk)
        if args.action == "clear":
            disk.clear()
            print(f"{path}: cleared {count} answer{'s' if count != 1 else ''}")
            return 0
    finally:
        disk.close()
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())
    print(f"{path}: {count} answer{'s' if count != 1 else ''}, {size / 1024:.1f} KiB")
    return 0
