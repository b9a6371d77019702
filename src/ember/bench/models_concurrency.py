"""N concurrent model calls: `models.acall` with default settings against raw aiohttp.

The simulator server runs in a subprocess (`SimServerProcess`, latency 0.1 s) so it does not
share a client's GIL. For each N (100, 1,000 and 10,000 by default) each side runs in a
fresh process of its own, one after the other, against the same server in the same run,
`--pairs` times (3 by default; the order alternates from pair to pair):

- raw: one `aiohttp.ClientSession` with no connection cap, posting JSON and reading the text
  out of the answer;
- models: ``models.acall("bench/sim-model", ...)`` through an OpenAI-wire endpoint with
  default settings (no max_calls_in_flight: the adaptive cap starts at 256 and grows), i.e.
  with the parameter checks, limiter, retry wrapper, loop bridge and `ModelResult` included.

Each process times a first, cold batch on its own (its connections are opened, and Ember's
in-flight cap grows from 256: the "cold" column), then `--rounds` warm batches (wall and
process CPU time), as medians. Each pair gives models/raw ratios; the table shows the
median over the pairs (with their range for wall), and the 1-minute load average at the
start and end of each row: on a shared machine the load moves between two processes run
seconds apart, and a ratio of neighbours is what stays comparable.

Then time to first token for streaming, at the smallest N: the same two sides, each in a
fresh process, N streams at once (raw: aiohttp reading the server-sent events itself;
models: ``models.astream``), each read to its end (every chunk decoded, as a client must); the median seconds from a stream's start
to its first text piece, and the models/raw ratio.

Run: ``python -m ember.bench.models_concurrency [--n 100,1000,10000] [--rounds 5]
[--pairs 3] [--quick]``, or ``ember bench models``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import aiohttp

from ember.models import models
from ember.sim import SimConfig, SimServerProcess, generate

ENDPOINT = "bench"
MODEL = "sim-model"
T = TypeVar("T")


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

    async def _all(self, one: Callable[[str], Awaitable[T]], prompts: list[str]) -> list[T]:
        """`one` of each prompt at once, on one session (opened by the first batch)."""
        if self.session is None:
            self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        return await asyncio.gather(*(one(p) for p in prompts))

    def run(self, prompts: list[str]) -> list[str]:
        return self.runner.run(self._all(self._one, prompts))

    async def _first(self, prompt: str) -> float:
        """Seconds to the first text piece of a stream (read to its end)."""
        assert self.session is not None
        body = {"model": MODEL, "messages": [{"role": "user", "content": prompt}],
                "stream": True}
        t0, first, text = time.perf_counter(), None, []
        async with self.session.post(self.url, json=body) as response:
            response.raise_for_status()
            async for line in response.content:
                if line.startswith(b"data: {"):  # every chunk read, as a client must
                    piece = json.loads(line[6:])["choices"][0]["delta"].get("content")
                    if piece:
                        text.append(piece)
                        first = time.perf_counter() - t0 if first is None else first
        return first if first is not None else math.nan

    def stream(self, prompts: list[str]) -> list[float]:
        return self.runner.run(self._all(self._first, prompts))

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

    async def _first(self, prompt: str) -> float:
        t0, first = time.perf_counter(), None
        async for _ in await models.astream(f"{ENDPOINT}/{MODEL}", prompt):
            first = time.perf_counter() - t0 if first is None else first
        return first if first is not None else math.nan

    def stream(self, prompts: list[str]) -> list[float]:
        async def batch() -> list[float]:
            return await asyncio.gather(*(self._first(p) for p in prompts))

        return self.runner.run(batch())

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


def _write_config(base_url: str) -> Path:
    """The endpoint with default settings (but a timeout for 10,000 calls on a busy box)."""
    fd, name = tempfile.mkstemp(prefix="ember-bench-", suffix=".toml")
    with os.fdopen(fd, "w") as f:
        f.write(f'[endpoints.{ENDPOINT}]\nwire = "openai"\nbase_url = "{base_url}"\n'
                "timeout = 120\n")
    return Path(name)


def _side(side: str, url: str, n: int, rounds: int) -> dict[str, float]:
    """One side in this (fresh) process: a first, cold batch (timed on its own), then the
    medians of `rounds` warm ones."""
    client = RawClient(url) if side.startswith("raw") else ModelsClient()
    if side.endswith("-stream"):  # time to first token: the median over every stream
        try:
            client.stream([_prompt(-1, i) for i in range(n)])
            firsts = [t for r in range(rounds)
                      for t in client.stream([_prompt(r, i) for i in range(n)])]
        finally:
            client.close()
        return {"ttft": statistics.median(firsts)}
    try:  # the first batch is cold: connections opened, Ember's in-flight cap growing
        cold, _ = _measure(client.run, [_prompt(-1, i) for i in range(n)])
        rows = [_measure(client.run, [_prompt(r, i) for i in range(n)]) for r in range(rounds)]
    finally:
        client.close()
    return {"wall": statistics.median(w for w, _ in rows),
            "cpu": statistics.median(c for _, c in rows), "cold": cold}


def _fresh(side: str, url: str, n: int, rounds: int, config: Path) -> dict[str, float]:
    """`_side` in a new interpreter (nothing warm, nothing shared), as JSON."""
    env = {**os.environ, "EMBER_CONFIG": str(config)}
    out = subprocess.run(
        [sys.executable, "-m", "ember.bench.models_concurrency", "--side", side, "--url", url,
         "--n", str(n), "--rounds", str(rounds)],
        capture_output=True, text=True, env=env, timeout=1800)
    if out.returncode != 0:
        raise RuntimeError(f"the {side} process failed: {out.stderr.strip()[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print a table, and return the ratios.

    Args:
        argv: command-line options (``--n``, ``--rounds``, ``--pairs``, ``--latency``,
            ``--quick``); None for the defaults.

    Returns:
        ``{"wall_ratio", "cpu_ratio", "raw_wall", "models_wall"}`` at N = 1,000 (or the
        largest N asked for below it), ``"by_n": {N: {...}}`` for every N (ratios are
        models/raw, medians over the pairs, with ``"wall_ratios"`` each pair's and
        ``"load"`` the load average before and after; times are medians in seconds), and
        ``"ttft"``: ``{"n", "raw_ttft", "models_ttft", "ttft_ratio"}`` for streams.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="100,1000,10000",
                        help="concurrent calls per batch, comma-separated")
    parser.add_argument("--rounds", type=int, default=5, help="measured batches per process")
    parser.add_argument("--pairs", type=int, default=3,
                        help="fresh raw/models process pairs per N (median of their ratios)")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency (s)")
    parser.add_argument("--quick", action="store_true", help="N = 100 and 1,000, 2 rounds, 1 pair")
    parser.add_argument("--side", choices=("raw", "models", "raw-stream", "models-stream"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args([] if argv is None else argv)
    if args.side:  # a worker process: one side, one N
        print(json.dumps(_side(args.side, args.url, int(args.n), args.rounds)))
        return {}
    sizes = [int(x) for x in str(args.n).split(",") if x.strip()]
    if args.quick:
        sizes, args.rounds = [n for n in sizes if n <= 1000] or sizes[:1], min(args.rounds, 2)
        args.pairs = 1

    by_n: dict[int, dict[str, Any]] = {}
    with SimServerProcess(SimConfig(latency=args.latency)) as server:
        config = _write_config(server.openai_base_url)
        try:
            print(f"server latency {args.latency:g}s; each side in a fresh process, "
                  f"{args.rounds} timed batches each (medians)\n")
            print(f"{'N':>6}  {'raw wall':>9} {'models wall':>11}  {'wall':>6} "
                  f"{'(range)':>13} {'cpu':>6} {'cold':>6}  load")
            for k, n in enumerate(sizes):
                load = os.getloadavg()[0]
                pairs = []
                for j in range(max(1, args.pairs)):
                    order = ["raw", "models"] if (k + j) % 2 == 0 else ["models", "raw"]
                    pairs.append({side: _fresh(side, server.openai_base_url, n, args.rounds,
                                               config) for side in order})
                walls = [p["models"]["wall"] / p["raw"]["wall"] for p in pairs]
                by_n[n] = {
                    "raw_wall": statistics.median(p["raw"]["wall"] for p in pairs),
                    "models_wall": statistics.median(p["models"]["wall"] for p in pairs),
                    "wall_ratio": statistics.median(walls), "wall_ratios": walls,
                    "cpu_ratio": statistics.median(p["models"]["cpu"] / p["raw"]["cpu"]
                                                   for p in pairs),
                    "cold_ratio": statistics.median(p["models"]["cold"] / p["raw"]["cold"]
                                                    for p in pairs),
                    "load": (load, os.getloadavg()[0])}
                row = by_n[n]
                print(f"{n:>6}  {row['raw_wall']:>8.3f}s {row['models_wall']:>10.3f}s  "
                      f"{row['wall_ratio']:>5.2f}x ({min(walls):.2f}-{max(walls):.2f}x) "
                      f"{row['cpu_ratio']:>5.2f}x {row['cold_ratio']:>5.2f}x  "
                      f"{row['load'][0]:.1f}-{row['load'][1]:.1f}")
            n = min(sizes)
            firsts = {side: _fresh(f"{side}-stream", server.openai_base_url, n, args.rounds,
                                   config)["ttft"] for side in ("models", "raw")}
            ttft = {"n": n, "raw_ttft": firsts["raw"], "models_ttft": firsts["models"],
                    "ttft_ratio": firsts["models"] / firsts["raw"]}
            print(f"\ntime to first token, {n} streams at once: raw "
                  f"{firsts['raw'] * 1000:.1f} ms, models {firsts['models'] * 1000:.1f} ms "
                  f"({ttft['ttft_ratio']:.2f}x)")
        finally:
            config.unlink(missing_ok=True)
        stats = server.stats()
    head = max((n for n in by_n if n <= 1000), default=max(by_n))
    print(f"\nmodels/raw at N={head}: wall {by_n[head]['wall_ratio']:.2f}x, CPU "
          f"{by_n[head]['cpu_ratio']:.2f}x (server: {stats['completed']} completed, max in "
          f"flight {stats['max_in_flight']})")
    return {**by_n[head], "by_n": by_n, "ttft": ttft}


if __name__ == "__main__":
    main(sys.argv[1:])
