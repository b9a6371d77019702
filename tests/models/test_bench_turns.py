"""`ember.bench.models_concurrency` compares like with like: each side in a fresh process of
its own, the two taking turns batch by batch, each going first as often as second.

Structure only (which process ran which batch, in what order); no timing is asserted.
"""

from __future__ import annotations

import os

from ember.bench import models_concurrency as bench


def test_each_side_runs_in_its_own_fresh_process_taking_turns(make_server):
    server = make_server(latency=0.0)
    config = bench._write_config(server.openai_base_url)
    try:
        rounds = bench._turns("run", server.openai_base_url, config, n=3, rounds=4, pairs=2)
    finally:
        config.unlink()
    assert [r["cold"] for r in rounds] == [True, False, False, False, False] * 2
    pids = [(r["raw"]["pid"], r["models"]["pid"]) for r in rounds]
    first, second = set(pids[:5]), set(pids[5:])
    assert len(first) == len(second) == 1  # one process per side for a pair's rounds
    (raw1, models1), (raw2, models2) = first.pop(), second.pop()
    assert len({raw1, models1, raw2, models2, os.getpid()}) == 5  # each pair fresh
    # Who went first alternates (A B B A ...): dicts keep the order the sides ran in.
    order = [next(iter(r)) for r in rounds]
    assert order[:5] == ["models", "raw", "models", "raw", "models"]
    assert order[5:] == ["raw", "models", "raw", "models", "raw"]
    assert all(r["raw"]["wall"] > 0 and r["models"]["cpu"] > 0 for r in rounds)
    # The server answered every batch of both sides.
    assert server.stats()["completed"] == 2 * 2 * 5 * 3


def test_the_spread_is_the_interquartile_range():
    assert bench._spread([1.0]) == (1.0, 1.0)
    assert bench._spread([1.0, 2.0, 3.0, 4.0, 5.0]) == (2.0, 4.0)


def test_slow_batches_run_back_to_back_in_an_even_number_of_pairs(make_server, monkeypatch):
    # Past `_TURN_S` a side runs all its batches, then the other (keep-alive); its i-th
    # batches are then no neighbours, so a pair gives one ratio (of the sides' medians), and
    # the pairs are even in number, each side going first in half of them.
    monkeypatch.setattr(bench, "_TURN_S", 0.0)
    server = make_server(latency=0.0)
    config = bench._write_config(server.openai_base_url)
    try:
        rounds = bench._turns("run", server.openai_base_url, config, n=2, rounds=3, pairs=1)
    finally:
        config.unlink()
    assert [(r["pair"], r["cold"]) for r in rounds] == \
        [(0, True), (0, False), (0, False), (0, False),
         (1, True), (1, False), (1, False), (1, False)]
    assert all(r["apart"] for r in rounds)
    assert [next(iter(r)) for r in rounds if r["cold"]] == ["models", "raw"]
    walls = bench._ratios(rounds, "wall")
    assert len(walls) == 2  # one per pair
    mine = [r for r in rounds if r["pair"] == 0 and not r["cold"]]
    assert walls[0] == bench.statistics.median(r["models"]["wall"] for r in mine) / \
        bench.statistics.median(r["raw"]["wall"] for r in mine)
