"""Reliability campaign: faults and provider limits, at full size, with the figures.

R1 (faults): N requests (10,000) against the simulator server with 10% 429 (+Retry-After),
5% 500, 2% reset connections and 1% hanging requests (the client's per-attempt timeout is
1 s). Every answer must arrive and be right (compared with `ember.sim.generate`), and the
wall time must stay within 2x of a fault-free run of the same requests, made in the same
process just before.

R2 (limits): the simulator enforces an RPM limit (then a TPM limit). With the limit in the
client's config, the client paces itself: after the first seconds no 429 reaches it, and it
uses >= 90% of the limit. Without it, the client must learn from the server's 429s: the
figures show how many 429s it takes until it settles, and the share of the limit used after.

The simulator runs in a subprocess (`SimServerProcess`), so it does not share this
process's GIL. Results are printed as a Markdown table and written to
``ember-out/bench/reliability.json``.

Run: ``python -m ember.bench reliability [--quick]`` or
``python -m ember.bench.reliability [--n 10000] [--quick]``.

The tests in ``tests/reliability/`` call the same functions at CI size.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ember.models import models
from ember.models.lowlevel import DEFAULT_MAX_ATTEMPTS
from ember.sim import SimConfig, SimServer, SimServerProcess, count_tokens, generate

__all__ = ["configured", "fault_run", "faults", "limit_run", "main", "want"]

FAULTS = dict(fail_429=0.10, fail_500=0.05, reset=0.02, hang=0.01)
"""R1's fault mix: probabilities per attempt (18% of attempts fail)."""


# ----------------------------------------------------------------------------- helpers


def want(prompt: str, model: str = "gpt", **params: Any) -> str:
    """The right answer for `prompt`: the simulator's deterministic text."""
    return generate(model, [{"role": "user", "content": prompt}], **params).text


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string is a JSON string for these values
    return repr(value)


@contextlib.contextmanager
def configured(endpoints: dict[str, dict[str, Any]]) -> Iterator[Path]:
    """Write a config file with these ``[endpoints.<name>]`` and point ``EMBER_CONFIG`` at it.

    The previous ``EMBER_CONFIG`` comes back on exit and the file is removed.
    """
    lines: list[str] = []
    for name, keys in endpoints.items():
        lines.append(f"[endpoints.{name}]")
        lines += [f"{k} = {_toml(v)}" for k, v in keys.items()]
        lines.append("")
    fd, name = tempfile.mkstemp(prefix="ember-reliability-", suffix=".toml")
    with os.fdopen(fd, "w") as f:
        f.write("\n".join(lines))
    old = os.environ.get("EMBER_CONFIG")
    os.environ["EMBER_CONFIG"] = name
    try:
        yield Path(name)
    finally:
        if old is None:
            os.environ.pop("EMBER_CONFIG", None)
        else:
            os.environ["EMBER_CONFIG"] = old
        Path(name).unlink(missing_ok=True)


def _server(config: SimConfig, process: bool) -> SimServer | SimServerProcess:
    return SimServerProcess(config) if process else SimServer(config)


async def _call_all(model_id: str, prompts: list[str], **params: Any) -> list[Any]:
    return await asyncio.gather(*(models.acall(model_id, p, **params) for p in prompts),
                                return_exceptions=True)


# ----------------------------------------------------------------------------- R1 faults


def fault_run(base_url: str, prompts: list[str], *, name: str, concurrency: int,
              timeout: float, max_attempts: int | None = None) -> dict[str, Any]:
    """Send every prompt at once through an endpoint at `base_url`; check each answer."""
    endpoint: dict[str, Any] = dict(wire="openai", base_url=base_url,
                                    max_calls_in_flight=concurrency, timeout=timeout)
    if max_attempts is not None:
        endpoint["max_attempts"] = max_attempts
    with configured({name: endpoint}):
        start = time.perf_counter()
        results = asyncio.run(_call_all(f"{name}/gpt", prompts))
        wall = time.perf_counter() - start
    errors = [r for r in results if isinstance(r, BaseException)]
    wrong = sum(1 for p, r in zip(prompts, results, strict=True)
                if not isinstance(r, BaseException) and str(r) != want(p))
    return {
        "wall_s": wall,
        "lost": len(errors),
        "wrong": wrong,
        "errors": sorted({f"{type(e).__name__}: {e}"[:200] for e in errors})[:5],
    }


def faults(n: int, *, concurrency: int = 256, latency: float = 0.2, jitter: float = 0.2,
           timeout: float = 1.0, retry_after: float = 0.5, max_attempts: int | None = None,
           seed: int = 7, process: bool = True) -> dict[str, Any]:
    """R1: `n` requests fault-free, then the same `n` (new prompts) through `FAULTS`.

    Args:
        n: requests per run.
        concurrency: the endpoint's ``max_calls_in_flight``.
        latency, jitter: the simulator's answer time.
        timeout: the endpoint's per-attempt timeout (a hanging request costs this much).
        retry_after: seconds the simulator asks for on its 429s.
        max_attempts: the endpoint's attempts per call (None: Ember's default, 6).
        seed: the simulator's fault draws.
        process: run the simulator in a subprocess (else in a thread of this process).

    Returns:
        The figures: walls, ratio, lost and wrong answers, and the server's counters.
    """
    base = SimConfig(latency=latency, jitter=jitter, seed=seed)
    faulty = SimConfig(latency=latency, jitter=jitter, seed=seed, retry_after=retry_after,
                       hang_s=max(30.0, 10 * timeout), **FAULTS)
    out: dict[str, Any] = {"n": n, "concurrency": concurrency, "latency_s": latency,
                           "jitter_s": jitter,
                           "timeout_s": timeout, "retry_after_s": retry_after,
                           "max_attempts": max_attempts or DEFAULT_MAX_ATTEMPTS}
    with _server(base, process) as clean, _server(faulty, process) as chaos:
        # Warm-up: import and connect once, outside the measurements.
        fault_run(clean.openai_base_url, [f"warm {i}" for i in range(8)], name="r1clean",
                  concurrency=concurrency, timeout=timeout, max_attempts=max_attempts)
        clean.reset_stats()
        ok = fault_run(clean.openai_base_url, [f"r1 clean {i}: what is {i} squared?"
                                               for i in range(n)],
                       name="r1clean", concurrency=concurrency, timeout=timeout,
                       max_attempts=max_attempts)
        bad = fault_run(chaos.openai_base_url, [f"r1 faulty {i}: what is {i} squared?"
                                                for i in range(n)],
                        name="r1faulty", concurrency=concurrency, timeout=timeout,
                        max_attempts=max_attempts)
        stats = chaos.stats()
        clean_stats = clean.stats()
    out.update(
        clean_wall_s=ok["wall_s"], faulty_wall_s=bad["wall_s"],
        ratio=bad["wall_s"] / ok["wall_s"],
        lost=bad["lost"], wrong=bad["wrong"], errors=ok["errors"] + bad["errors"],
        clean_lost=ok["lost"], clean_wrong=ok["wrong"],
        clean_attempts=clean_stats["requests"], clean_completed=clean_stats["completed"],
        attempts=stats["requests"], completed=stats["completed"],
        injected_429=stats["injected_429"], errors_500=stats["errors_500"],
        resets=stats["resets"], hangs=stats["hangs"],
    )
    return out


# ----------------------------------------------------------------------------- R2 limits


class _Sampler:
    """Polls the server's counters from a thread: (seconds since start, completed, 429s)."""

    def __init__(self, server: SimServer | SimServerProcess, every: float = 0.25) -> None:
        self.server, self.every = server, every
        self.samples: list[tuple[float, int, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="r2-sampler", daemon=True)
        self.t0 = time.perf_counter()

    def _take(self) -> None:
        stats = self.server.stats()
        self.samples.append((time.perf_counter() - self.t0, stats["completed"],
                             stats["rate_limited"]))

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            self._take()

    def __enter__(self) -> _Sampler:
        self.t0 = time.perf_counter()
        self._take()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self._take()


def limit_run(*, rpm: int | None = None, tpm: int | None = None, informed: bool,
              seconds: float, latency: float = 0.2, concurrency: int = 256,
              max_tokens: int = 50, max_attempts: int | None = None, warmup: float = 2.0,
              process: bool = True, name: str = "r2") -> dict[str, Any]:
    """R2: keep an RPM- or TPM-limited simulator busy for about `seconds`.

    All requests are queued at once (more than the limit allows in `seconds`), so the
    client is always ready to send and only its limits decide the pace.

    Args:
        rpm, tpm: the simulator's limit (one of them).
        informed: give the client the same limit in its endpoint config; else it must
            adapt from the server's 429s (Retry-After and its adaptive concurrency).
        seconds: the planned length of the run at the limit.
        latency: the simulator's answer time.
        concurrency: the endpoint's ``max_calls_in_flight``.
        max_tokens: sent with every call (the TPM charge is the prompt plus this).
        max_attempts: the endpoint's attempts per call (None: Ember's default).
        warmup: seconds excluded from the used share at the start.

    Returns:
        429 counts (total, after `warmup`, until the last one), when the last 429 came,
        the share of the limit used after `warmup`, lost and wrong answers.
    """
    if (rpm is None) == (tpm is None):
        raise ValueError("limit_run needs exactly one of rpm= and tpm=")
    prompts = [f"r2 request {i:06d}: summarise" for i in range(1)]
    cost = (count_tokens(prompts[0]) + 3 + max_tokens) if tpm is not None else 1
    per_s = (rpm if rpm is not None else tpm) / 60.0  # type: ignore[operator]
    n = max(8, int(per_s / cost * seconds))
    prompts = [f"r2 request {i:06d}: summarise" for i in range(n)]
    endpoint: dict[str, Any] = dict(wire="openai", max_calls_in_flight=concurrency, timeout=30)
    if max_attempts is not None:
        endpoint["max_attempts"] = max_attempts
    if informed:
        endpoint.update({"rpm": rpm} if rpm is not None else {"tpm": tpm})
    config = SimConfig(latency=latency, rpm=rpm, tpm=tpm)
    with _server(config, process) as server:
        endpoint["base_url"] = server.openai_base_url
        with configured({name: endpoint}), _Sampler(server) as sampler:
            results = asyncio.run(_call_all(f"{name}/gpt", prompts, max_tokens=max_tokens))
            end = time.perf_counter() - sampler.t0
        stats = server.stats()
    errors = [r for r in results if isinstance(r, BaseException)]
    wrong = sum(1 for p, r in zip(prompts, results, strict=True)
                if not isinstance(r, BaseException) and str(r) != want(p, max_tokens=max_tokens))
    figures = _limit_figures(sampler.samples, end, warmup=warmup, per_s=per_s / cost,
                             total_429=stats["rate_limited"])
    return {
        "limit": f"rpm={rpm}" if rpm is not None else f"tpm={tpm}",
        "informed": informed, "n": n, "wall_s": end, "latency_s": latency,
        "concurrency": concurrency, **figures, "lost": len(errors), "wrong": wrong,
        "errors": sorted({f"{type(e).__name__}: {e}"[:200] for e in errors})[:5],
        "completed": stats["completed"],
    }


def _limit_figures(samples: list[tuple[float, int, int]], end: float, *, warmup: float,
                   per_s: float, total_429: int, quiet: float = 5.0) -> dict[str, Any]:
    """Figures from the server's counters sampled over a run.

    Args:
        samples: (seconds since start, completed, 429s) from `_Sampler`.
        end: when the client had its last answer.
        warmup: seconds left out of the used share and of the 429s "after warm-up".
        per_s: the limit in requests per second.
        total_429: the server's final count of 429s.
        quiet: the run has settled if its last `quiet` seconds of load saw no 429.
    """
    # Busy: from `warmup` to the last sample at which the client still had calls waiting
    # (the queue drains over the last second or so, which would understate the use).
    busy = [s for s in samples if warmup <= s[0] <= end - 1.0]
    last_429 = max((t for (t, _, n), (_, _, prev) in zip(samples[1:], samples, strict=False)
                    if n > prev), default=0.0)
    at_last = next((n for t, _, n in samples if t >= last_429), total_429)
    if len(busy) >= 2:
        (t_a, done_a, r_a), (t_b, done_b, r_b) = busy[0], busy[-1]
        used = (done_b - done_a) / (t_b - t_a) / per_s
        after_warmup = r_b - r_a
    else:
        used, after_warmup = float("nan"), total_429
    busy_end = busy[-1][0] if busy else end
    settled = total_429 == 0 or last_429 <= busy_end - min(quiet, 0.25 * (busy_end - warmup))
    return {"total_429": total_429, "after_warmup_429": after_warmup, "last_429_s": last_429,
            "settled": settled, "settled_after_s": last_429 if settled else None,
            "429_until_settled": at_last if settled else None, "used": used}


def ray_limit_run(*, rpm: int, n: int, workers: int = 2, latency: float = 0.05,
                  max_items_in_flight: int = 64) -> dict[str, Any]:
    """R2 across Ray workers: `n` one-call items of ``evaluate(..., backend="ray")`` over
    `workers` workers, against a simulator limited to `rpm` for the whole cluster (each
    worker alone would be allowed all of it).

    Raises:
        ImportError: when Ray is not installed.
    """
    import ray

    from ember.api import eval
    from ember.ray import RayCluster

    ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])
    rows = [{"question": f"ray {i}", "answer": want(f"ray {i}")} for i in range(n)]
    with SimServer(SimConfig(latency=latency, rpm=rpm)) as server:
        endpoint = dict(wire="openai", base_url=server.openai_base_url, rpm=rpm)
        with configured({"rayrpm": endpoint}), RayCluster(num_cpus=workers), \
                _Sampler(server, every=0.2) as sampler:
            result = eval.evaluate(_ray_call, rows, "exact",
                                   max_items_in_flight=max_items_in_flight, backend="ray",
                                   workers=workers, progress=False)
            end = time.perf_counter() - sampler.t0
        stats = server.stats()
    first = next((t for t, done, _ in sampler.samples if done > 0), 0.0)
    figures = _limit_figures(sampler.samples, end, warmup=first + 0.5, per_s=rpm / 60,
                             total_429=stats["rate_limited"])
    return {"limit": f"rpm={rpm}", "informed": True, "workers": workers, "n": n,
            "wall_s": end, "latency_s": latency, **figures,
            "lost": result.summary.errors, "wrong": n - result.summary.errors
            - round(result.summary.score * n), "completed": stats["completed"]}


async def _ray_call(question: str) -> str:
    return await models.acall("rayrpm/gpt", question)


# ----------------------------------------------------------------------------- main


def _print_faults(r: dict[str, Any]) -> None:
    print(f"R1 faults: {r['n']:,} requests at once, max_calls_in_flight {r['concurrency']}, "
          f"answers in {r['latency_s']:g}-{r['latency_s'] + r['jitter_s']:g}s, timeout "
          f"{r['timeout_s']:g}s, Retry-After {r['retry_after_s']:g}s, max_attempts "
          f"{r['max_attempts']}\n")
    print("| run | wall (s) | attempts | 429 | 500 | resets | hangs | lost | wrong |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| fault-free | {r['clean_wall_s']:.2f} | {r['clean_attempts']:,} | 0 | 0 | 0 | 0 "
          f"| {r['clean_lost']} | {r['clean_wrong']} |")
    print(f"| faults | {r['faulty_wall_s']:.2f} | {r['attempts']:,} | {r['injected_429']} | "
          f"{r['errors_500']} | {r['resets']} | {r['hangs']} | {r['lost']} | {r['wrong']} |")
    print(f"\nwall time with faults / fault-free: {r['ratio']:.2f}x (target <= 2x); answers "
          f"produced twice (a legit answer outran the timeout): {r['completed'] - r['n']}\n")


def _print_limits(rows: list[dict[str, Any]]) -> None:
    print("R2 limits: the simulator enforces the limit; all requests are queued at once\n")
    print("| limit | client told | workers | requests | wall (s) | 429s | 429s after warm-up "
          "| settled after (s) | 429s until settled | limit used | lost | wrong |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        settled = "no" if not r["settled"] else f"{r['settled_after_s']:.1f}"
        until = "-" if r["429_until_settled"] is None else str(r["429_until_settled"])
        print(f"| {r['limit']} | {'yes' if r['informed'] else 'no'} | {r.get('workers', 1)} "
              f"| {r['n']:,} | {r['wall_s']:.1f} | {r['total_429']} | {r['after_warmup_429']} "
              f"| {settled} | {until} | {r['used']:.1%} | {r['lost']} | {r['wrong']} |")
    print()


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the campaign, print the tables, write the JSON, and check the targets.

    Args:
        argv: options (``--n``, ``--seconds``, ``--quick``, ``--only``); None for the
            defaults.

    Returns:
        The figures, as written to ``ember-out/bench/reliability.json``.

    Raises:
        SystemExit: naming each target that was missed.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="R1 requests per run")
    parser.add_argument("--seconds", type=float, default=60.0, help="R2 seconds per run")
    parser.add_argument("--quick", action="store_true",
                        help="a smoke run: 1,500 requests, 10 s per limit run")
    parser.add_argument("--only", choices=["faults", "limits", "ray"], action="append",
                        help="run only these parts (repeatable)")
    args = parser.parse_args([] if argv is None else argv)
    n = min(args.n, 1500) if args.quick else args.n
    seconds = min(args.seconds, 10.0) if args.quick else args.seconds
    parts = args.only or ["faults", "limits", "ray"]
    results: dict[str, Any] = {"meta": {"quick": args.quick, "python": sys.version.split()[0],
                                        "cpus": os.cpu_count(), "n": n, "seconds": seconds}}
    problems: list[str] = []
    if "faults" in parts:
        r = results["faults"] = faults(n)
        _print_faults(r)
        if r["lost"] or r["wrong"] or r["clean_lost"] or r["clean_wrong"]:
            problems.append(f"R1: {r['lost']} lost, {r['wrong']} wrong: {r['errors']}")
        if r["ratio"] > 2.0:
            problems.append(f"R1: faults took {r['ratio']:.2f}x the fault-free wall (> 2x)")
    rows: list[dict[str, Any]] = []
    if "limits" in parts:
        for limit in ({"rpm": 3000}, {"tpm": 300_000}):
            for informed in (True, False):
                rows.append(limit_run(**limit, informed=informed, seconds=seconds))
    if "ray" in parts:
        try:
            rows.append(ray_limit_run(rpm=3000, n=int(50 * seconds / 2), workers=2))
        except ImportError as exc:
            print(f"R2 across Ray workers: skipped ({exc})\n")
    if rows:
        results["limits"] = rows
        _print_limits(rows)
        for r in rows:
            what = f"R2 {r['limit']} told={r['informed']} workers={r.get('workers', 1)}"
            if r["lost"] or r["wrong"]:
                problems.append(f"{what}: {r['lost']} lost, {r['wrong']} wrong")
            if r["informed"] and (r["after_warmup_429"] or r["used"] < 0.9):
                problems.append(f"{what}: {r['after_warmup_429']} 429s after warm-up, "
                                f"{r['used']:.1%} of the limit used (targets: 0, >= 90%)")
    out = Path("ember-out/bench")
    out.mkdir(parents=True, exist_ok=True)
    (out / "reliability.json").write_text(json.dumps(results, indent=2, default=str))
    if problems:
        raise SystemExit("reliability targets missed:\n  " + "\n  ".join(problems))
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
