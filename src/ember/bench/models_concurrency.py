"""N concurrent model calls: `models.acall` with default settings against raw aiohttp.

The simulator server runs in a subprocess (`SimServerProcess`, latency 0.1 s) so it does not
share a client's GIL; each side has one of its own, with the same settings (both sides'
processes stay alive for a row: at N = 10,000 one server would need 20,000 connections).
For each N (100, 1,000 and 10,000 by default) the two sides each run in a fresh process of
their own, in the same run:

- raw: one `aiohttp.ClientSession` with no connection cap, posting JSON and reading the text
  out of the answer;
- models: ``models.acall("bench/sim-model", ...)`` through an OpenAI-wire endpoint with
  default settings (no max_calls_in_flight: the adaptive cap starts at 256 and grows), i.e.
  with the parameter checks, limiter, retry wrapper, loop bridge and `ModelResult` included.

The two processes take turns, batch by batch (A B B A A B ...: each side goes first as
often as second), while the other waits idle; each batch is timed in its own process (wall
and process CPU). Each side's first batch is cold (its connections are opened, and Ember's
in-flight cap grows from 256: the "cold" column); then `--rounds` warm batches each. (When a
cold batch takes over 5 s, as at N = 10,000 on a busy machine, each side runs its batches
back to back instead: waiting longer than aiohttp's 15 s keep-alive, a side would find its
connections closed.) A round gives a pair of neighbouring batches, seconds apart, so a
paired ratio models/raw sees nearly the same load on both sides; the shared machine's load
moves far more between runs than between neighbours. This is repeated with `--pairs` fresh
process pairs; the table shows, over all paired ratios, their median and interquartile
range (wall and CPU), and the 1-minute load average at the start and end of each row.
Where the sides ran back to back (marked ``*``), their i-th batches are minutes apart, no
neighbours: a pair then gives one ratio, of the two sides' medians, and the row runs an
even number of pairs, each side going first in half of them, so that a load rising or
falling through the row weighs on both sides alike.

Then time to first token for streaming, at the smallest N (1,000 at most), the same way
(a fresh pair of processes, batches in turns): N streams at once (raw: aiohttp reading the
server-sent events itself; models: ``models.astream``), each read to its end (every chunk
decoded, as a client must); per batch the median seconds from a stream's start to its first
text piece, and the median and interquartile range of the paired models/raw ratios.

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
TIMEOUT_S = 120  # per call, both sides: 10,000 calls on a busy machine take a while
STREAMS = 1000  # the most streams timed at once
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
            # The models side's time limit per call, and no other: aiohttp's default 30 s to
            # connect failed raw's cold batch at N = 10,000 on a machine at load 15 (10,000
            # connects at once, past the server's listen backlog of 4,096, wait for retries).
            self.session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=0),
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_S))
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
                f"timeout = {TIMEOUT_S}\n")
    return Path(name)


def _serve(side: str, url: str) -> None:
    """A worker process: one side's client, kept for the whole row; each line on stdin asks
    for a batch (``{"op": "run" | "stream", "n", "round"}``), answered with one JSON line."""
    client = RawClient(url) if side == "raw" else ModelsClient()
    try:
        for line in sys.stdin:
            ask = json.loads(line)
            prompts = [_prompt(ask["round"], i) for i in range(ask["n"])]
            if ask["op"] == "stream":  # time to first token: the median over the batch
                answer = {"ttft": statistics.median(client.stream(prompts))}
            else:
                wall, cpu = _measure(client.run, prompts)
                answer = {"wall": wall, "cpu": cpu}
            print(json.dumps({**answer, "pid": os.getpid()}), flush=True)
    finally:
        client.close()


class _Worker:
    """A fresh interpreter running `_serve` for one side (nothing warm, nothing shared)."""

    def __init__(self, side: str, url: str, config: Path) -> None:
        self.side = side
        self.errors = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed by close()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ember.bench.models_concurrency", "--side", side,
             "--url", url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.errors, text=True, env={**os.environ, "EMBER_CONFIG": str(config)})

    def ask(self, op: str, n: int, round_no: int) -> dict[str, float]:
        """One batch in this process (the other side's process waits meanwhile)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"op": op, "n": n, "round": round_no}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(timeout=60)
            self.errors.seek(0)
            raise RuntimeError(f"the {self.side} process failed: "
                               f"{self.errors.read().strip()[-2000:]}")
        return json.loads(line)

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()  # end of input: the worker closes its client, exits
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self.errors.close()


# aiohttp closes a connection idle for 15 s (its default keep-alive, on both sides): a side
# waiting through the other's batch for longer would start its next batch on closed
# connections (and raw aiohttp, opening 10,000 new ones before the old are closed, runs out
# of open files). At N = 10,000 on a busy machine a batch takes 10-20 s; so when a side's
# cold batch takes longer than this, each side runs all its batches back to back instead.
_TURN_S = 5.0


def _turns(op: str, raw_url: str, config: Path, n: int, rounds: int, pairs: int,
           first: int = 0) -> list[dict[str, Any]]:
    """`pairs` fresh raw/models process pairs (raw posting to `raw_url`, models to the
    endpoint in `config`), each giving a cold batch per side, then `rounds` rounds of one
    batch per side, in turns (A B B A ...; with slow batches, see `_TURN_S`, A's batches
    then B's, and an even number of pairs, so that each side goes first as often); returns
    every round as ``{"raw": ..., "models": ..., "cold": bool, "pair": j, "apart": bool}``,
    the sides first, in the order they ran (within the round); `apart`: back to back."""
    out: list[dict[str, Any]] = []
    j, apart = 0, False
    while j < max(1, pairs) or (apart and j % 2):
        workers = {side: _Worker(side, raw_url, config) for side in ("raw", "models")}
        a, b = ("raw", "models") if (first + j) % 2 == 1 else ("models", "raw")
        tag = {"pair": j}
        j += 1
        try:
            cold = {a: workers[a].ask(op, n, -2)}
            if cold[a].get("wall", 0.0) > _TURN_S:  # slow batches: each side's back to back
                apart = True
                runs = {a: [workers[a].ask(op, n, r) for r in range(rounds)]}
                cold[b] = workers[b].ask(op, n, -2)
                runs[b] = [workers[b].ask(op, n, r) for r in range(rounds)]
                out.append({**cold, "cold": True, **tag, "apart": True})
                out += [{a: runs[a][r], b: runs[b][r], "cold": False, **tag, "apart": True}
                        for r in range(rounds)]
                continue
            cold[b] = workers[b].ask(op, n, -2)
            out.append({**cold, "cold": True, **tag, "apart": False})
            for r in range(rounds):
                order = (b, a) if r % 2 == 0 else (a, b)
                out.append({**{side: workers[side].ask(op, n, r) for side in order},
                            "cold": False, **tag, "apart": False})
        finally:
            for worker in workers.values():
                worker.close()
    return out


def _spread(values: list[float]) -> tuple[float, float]:
    """The interquartile range of `values` (both ends the value itself when it is alone)."""
    if len(values) < 2:
        return (values[0], values[0])
    q1, _, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return (q1, q3)


def _ratios(rounds: list[dict[str, Any]], key: str) -> list[float]:
    """The paired models/raw ratios of the warm batches: one per round whose two batches
    ran in turns, seconds apart; for a process pair whose sides ran back to back (minutes
    apart: the i-th batches of the two are no neighbours), one, of the sides' medians."""
    warm = [r for r in rounds if not r["cold"]]
    out = [r["models"][key] / r["raw"][key] for r in warm if not r.get("apart")]
    for j in sorted({r["pair"] for r in warm if r.get("apart")}):
        mine = [r for r in warm if r.get("apart") and r["pair"] == j]
        out.append(statistics.median(r["models"][key] for r in mine)
                   / statistics.median(r["raw"][key] for r in mine))
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print a table, and return the ratios.

    Args:
        argv: command-line options (``--n``, ``--rounds``, ``--pairs``, ``--latency``,
            ``--quick``); None for the defaults.

    Returns:
        ``{"wall_ratio", "cpu_ratio", "raw_wall", "models_wall"}`` at N = 1,000 (or the
        largest N asked for below it), ``"by_n": {N: {...}}`` for every N (ratios are
        medians of the paired models/raw ratios, with ``"wall_ratios"`` and
        ``"cpu_ratios"`` every pair's, ``"wall_iqr"`` and ``"cpu_iqr"`` their interquartile
        ranges, ``"cold_ratio"`` the median over the cold pairs, ``"load"`` the load average
        before and after, ``"back_to_back"`` whether the sides' batches ran back to back, the
        ratios then one per process pair; times are medians in seconds), and ``"ttft"``: ``{"n",
        "raw_ttft", "models_ttft", "ttft_ratio", "ttft_ratios", "ttft_iqr"}`` for streams.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", default="100,1000,10000",
                        help="concurrent calls per batch, comma-separated")
    parser.add_argument("--rounds", type=int, default=5,
                        help="warm batches per side and process pair")
    parser.add_argument("--pairs", type=int, default=3,
                        help="fresh raw/models process pairs per N")
    parser.add_argument("--latency", type=float, default=0.1, help="server latency (s)")
    parser.add_argument("--quick", action="store_true", help="N = 100 and 1,000, 3 rounds, 1 pair")
    parser.add_argument("--side", choices=("raw", "models"), help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args([] if argv is None else argv)
    if args.side:  # a worker process: one side's client, batches asked for on stdin
        _serve(args.side, args.url)
        return {}
    sizes = [int(x) for x in str(args.n).split(",") if x.strip()]
    if args.quick:
        sizes, args.rounds = [n for n in sizes if n <= 1000] or sizes[:1], min(args.rounds, 3)
        args.pairs = 1
    rounds = max(1, args.rounds)

    by_n: dict[int, dict[str, Any]] = {}
    # A server process per side, the same settings: both sides' processes stay alive for a
    # row, and at N = 10,000 one server would hold 20,000 connections (past the usual limit
    # of open files); this way the waiting side's idle connections weigh on no one.
    with SimServerProcess(SimConfig(latency=args.latency)) as raw_server, \
            SimServerProcess(SimConfig(latency=args.latency)) as server:
        url = raw_server.openai_base_url
        config = _write_config(server.openai_base_url)
        try:
            print(f"server latency {args.latency:g}s; each side in a fresh process, batches "
                  f"in turns; {args.pairs} process pair(s) x {rounds} rounds per N; "
                  "ratios models/raw: median (interquartile range) of the paired rounds\n")
            print(f"{'N':>6}  {'raw wall':>9} {'models wall':>11}  {'wall':>6} {'(IQR)':>13} "
                  f"{'cpu':>6} {'(IQR)':>13} {'cold':>6}  load")
            for k, n in enumerate(sizes):
                load = os.getloadavg()[0]
                turns = _turns("run", url, config, n, rounds, args.pairs, first=k)
                warm = [t for t in turns if not t["cold"]]
                walls, cpus = _ratios(turns, "wall"), _ratios(turns, "cpu")
                by_n[n] = row = {
                    "raw_wall": statistics.median(t["raw"]["wall"] for t in warm),
                    "models_wall": statistics.median(t["models"]["wall"] for t in warm),
                    "wall_ratio": statistics.median(walls), "wall_ratios": walls,
                    "wall_iqr": _spread(walls),
                    "cpu_ratio": statistics.median(cpus), "cpu_ratios": cpus,
                    "cpu_iqr": _spread(cpus),
                    "cold_ratio": statistics.median(t["models"]["wall"] / t["raw"]["wall"]
                                                    for t in turns if t["cold"]),
                    "load": (load, os.getloadavg()[0]),
                    "back_to_back": any(t["apart"] for t in turns)}
                mark = "*" if row["back_to_back"] else " "
                print(f"{n:>5}{mark}  {row['raw_wall']:>8.3f}s {row['models_wall']:>10.3f}s  "
                      f"{row['wall_ratio']:>5.2f}x ({row['wall_iqr'][0]:.2f}-"
                      f"{row['wall_iqr'][1]:.2f}x) {row['cpu_ratio']:>5.2f}x "
                      f"({row['cpu_iqr'][0]:.2f}-{row['cpu_iqr'][1]:.2f}x) "
                      f"{row['cold_ratio']:>5.2f}x  {row['load'][0]:.1f}-{row['load'][1]:.1f}")
            if any(row["back_to_back"] for row in by_n.values()):
                print("* each side's batches back to back; ratios per process pair (of the "
                      "sides' medians), over "
                      f"{max(len(row['wall_ratios']) for row in by_n.values() if row['back_to_back'])}"
                      " pairs")
            # (At most STREAMS: raw's 10,000 pooled connections and 10,000 streams beside
            # them passed this machine's 20,000-descriptor limit.)
            n = min(*sizes, STREAMS)
            streams = _turns("stream", url, config, n, rounds, 1)
            turns, firsts = [t for t in streams if not t["cold"]], _ratios(streams, "ttft")
            ttft = {"n": n, "raw_ttft": statistics.median(t["raw"]["ttft"] for t in turns),
                    "models_ttft": statistics.median(t["models"]["ttft"] for t in turns),
                    "ttft_ratio": statistics.median(firsts), "ttft_ratios": firsts,
                    "ttft_iqr": _spread(firsts)}
            print(f"\ntime to first token, {n} streams at once: raw "
                  f"{ttft['raw_ttft'] * 1000:.1f} ms, models {ttft['models_ttft'] * 1000:.1f} ms "
                  f"({ttft['ttft_ratio']:.2f}x, {ttft['ttft_iqr'][0]:.2f}-"
                  f"{ttft['ttft_iqr'][1]:.2f}x)")
        finally:
            config.unlink(missing_ok=True)
        stats = [raw_server.stats(), server.stats()]
    head = max((n for n in by_n if n <= 1000), default=max(by_n))
    print(f"\nmodels/raw at N={head}: wall {by_n[head]['wall_ratio']:.2f}x, CPU "
          f"{by_n[head]['cpu_ratio']:.2f}x (servers: {sum(s['completed'] for s in stats)} "
          f"completed, max in flight {max(s['max_in_flight'] for s in stats)})")
    return {**by_n[head], "by_n": by_n, "ttft": ttft}


if __name__ == "__main__":
    main(sys.argv[1:])
