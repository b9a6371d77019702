"""1,000 concurrent model calls: `models.acall` against raw aiohttp, same server, same run.

The simulator server runs in a subprocess (`SimServerProcess`, latency 0.1 s) so it does not
share this process's GIL. Each round sends N concurrent chat completions twice:

- raw: one `aiohttp.ClientSession` (unlimited pool) posting JSON and reading the text out
  of the answer, on a long-lived event loop of its own;
- models: ``models.acall("bench/sim-model", ...)`` from a user event loop, through an
  OpenAI-wire endpoint configured for the server (max_calls_in_flight above N), i.e. with the
  parameter checks, limiter, retry wrapper, loop bridge and `ModelResult` included.

Both keep their connections between rounds; the order alternates to cancel warm-up and
drift effects. Wall time and process CPU time (all threads) are reported per round, with
medians and the models/raw ratios.

Run: ``python -m ember.bench.models_concurrency [--n 1000] [--rounds 7] [--quick]``,
or ``ember bench models``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import aiohttp

from ember.models import models
from ember.sim import SimConfig, SimServerProcess, generate

ENDPOINT = "bench"
MODEL = "sim-model"


def _prompt(round_no: int, i: int) -> str:
    return f"round {round_no} request {i}: summarise the report"


class RawClient:
    """The baseline: plain aiohttp on its own long-lived loop."""

    def __init__(self, base_url: str) -> None:
        self.url = base_url + "/chat/completions"
        self.runner = asyncio.Runner()
        self.session: aiohttp.ClientSession | None = None

    async def _one(self, prompt: str) -> str:
        assert self.session is not None
        body = {"model": MODEL, "messages": [{"role": "user", "content": prompt}]}
        async with self.session.post(self.url, json=body) as response:
            response.raise_for_status()
            data = json.loads(await response.read())
        return data["choices"][0]["message"]["content"]

    async def _batch(self, prompts: list[str]) -> list[str]:
        if self.session is None:
            self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        return await asyncio.gather(*(self._one(p) for p in prompts))

    def run(self, prompts: list[str]) -> list[str]:
        return self.runner.run(self._batch(prompts))

    def close(self) -> None:
        if self.session is not None:
            self.runner.run(self.session.close())
        self.runner.close()


class ModelsClient:
    """The models API, awaited from a user loop (the realistic async path)."""

    def __init__(self) -> None:
        self.runner = asyncio.Runner()

    async def _batch(self, prompts: list[str]) -> list[str]:
        return await asyncio.gather(*(models.acall(f"{ENDPOINT}/{MODEL}", p) for p in prompts))

    def run(self, prompts: list[str]) -> list[str]:
        return self.runner.run(self._batch(prompts))

    def close(self) -> None:
        self.runner.close()


def _measure(run: Callable[[list[str]], list[str]], prompts: list[str]) -> tuple[float, float]:
    gc.collect()  # start both sides from the same heap state: no inherited GC debt
    cpu0, wall0 = time.process_time(), time.perf_counter()
    answers = run(prompts)
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    if len(answers) != len(prompts):
        raise RuntimeError("lost answers")
    for i in (0, len(prompts) // 2, len(prompts) - 1):  # spot-check correctness
        want = generate(MODEL, [{"role": "user", "content": prompts[i]}]).text
        if answers[i] != want:
            raise RuntimeError(f"wrong answer for {prompts[i]!r}")
    return wall, cpu


def _write_config(base_url: str, n: int) -> Path:
    fd, name = tempfile.mkstemp(prefix="ember-bench-", suffix=".toml")
    with os.fdopen(fd, "w") as f:
        f.write(f'[endpoints.{ENDPOINT}]\nwire = "openai"\nbase_url = "{base_url}"\n'
                f"max_calls_in_flight = {max(1000, 2 * n)}\ntimeout = 60\n")
    return Path(name)


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Run the benchmark, print a table, and return the median ratios.

    Args:
        argv: command-line options (``--n``, ``--rounds``, ``--latency``, ``--quick``);
            None for the defaults.

    Returns:
        ``{"wall_ratio": ..., "cpu_ratio": ..., "raw_wall": ..., "models_wall": ...}``
        (ratios are models/raw; times are medians in seconds).
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000, help="concurrent calls per batch")
    parser.add_argument("--rounds", type=int, default=7, help="measured rounds")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency (s)")
    parser.add_argument("--quick", action="store_true", help="3 rounds (a smoke run)")
    args = parser.parse_args([] if argv is None else argv)
    if args.quick:
        args.rounds = min(args.rounds, 3)

    old_config = os.environ.get("EMBER_CONFIG")
    with SimServerProcess(SimConfig(latency=args.latency)) as server:
        path = _write_config(server.openai_base_url, args.n)
        os.environ["EMBER_CONFIG"] = str(path)
        raw, api = RawClient(server.openai_base_url), ModelsClient()
        clients: dict[str, Callable[[list[str]], list[str]]] = {"raw": raw.run,
                                                                  "models": api.run}
        results: dict[str, list[tuple[float, float]]] = {"raw": [], "models": []}
        try:
            warm = [_prompt(-1, i) for i in range(args.n)]
            for run in clients.values():  # open the connections, import lazily-loaded code
                _measure(run, warm)
            print(f"{args.n} concurrent calls, server latency {args.latency:g}s, "
                  f"{args.rounds} rounds (order alternates)\n")
            print(f"{'round':>5}  {'first':<7} {'raw wall':>9} {'raw cpu':>8} "
                  f"{'models wall':>11} {'models cpu':>10}")
            for r in range(args.rounds):
                order = ["raw", "models"] if r % 2 == 0 else ["models", "raw"]
                prompts = [_prompt(r, i) for i in range(args.n)]
                for name in order:
                    results[name].append(_measure(clients[name], prompts))
                (rw, rc), (mw, mc) = results["raw"][-1], results["models"][-1]
                print(f"{r + 1:>5}  {order[0]:<7} {rw:>8.3f}s {rc:>7.3f}s "
                      f"{mw:>10.3f}s {mc:>9.3f}s")
        finally:
            raw.close()
            api.close()
            path.unlink(missing_ok=True)
            if old_config is None:
                os.environ.pop("EMBER_CONFIG", None)
            else:
                os.environ["EMBER_CONFIG"] = old_config
        server_stats = server.stats()

    med = {name: (statistics.median(w for w, _ in rows), statistics.median(c for _, c in rows))
           for name, rows in results.items()}
    summary = {
        "raw_wall": med["raw"][0],
        "models_wall": med["models"][0],
        "wall_ratio": med["models"][0] / med["raw"][0],
        "cpu_ratio": med["models"][1] / med["raw"][1],
    }
    print(f"\n{'median':>5}  {'':<7} {med['raw'][0]:>8.3f}s {med['raw'][1]:>7.3f}s "
          f"{med['models'][0]:>10.3f}s {med['models'][1]:>9.3f}s")
    print(f"\nmodels/raw: wall {summary['wall_ratio']:.2f}x, CPU {summary['cpu_ratio']:.2f}x "
          f"(server: {server_stats['completed']} completed, max in flight "
          f"{server_stats['max_in_flight']})")
    return summary


if __name__ == "__main__":
    main(sys.argv[1:])
