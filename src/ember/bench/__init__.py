"""Ember's benchmarks, shipped in the package so `ember bench` runs them from any folder.

Each public module is one benchmark with ``main(argv) -> results`` (``jit_bench``: `xcs.jit`
against plain code, threads and asyncio; ``models_concurrency``: 1,000 concurrent model
calls against raw aiohttp; ``eval_bench``, ``non_bench``, ``reliability``). Every figure is a
median of repetitions in the same run, and every ratio is taken between figures of one run.

Run them with ``ember bench [NAME ...] [--quick]`` or ``python -m ember.bench``. (The
repository's ``python -m benchmarks._load -- COMMAND`` runs a command beside busy processes.)

Examples:
    >>> from ember import bench
    >>> bench.select(["non"], bench.discover())
    ['non_bench']
"""

from ember.bench._runner import discover as discover
from ember.bench._runner import run as run
from ember.bench._runner import select as select

__all__ = ["discover", "run", "select"]
