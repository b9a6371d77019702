"""`evaluate`: concurrency under the cap (checked at the simulator server), every kind of
system, per-item errors, the summary, records that never hold keys, the progress bar."""

from __future__ import annotations

import asyncio
import io
import json
import math
import sqlite3

import pytest

from ember import xcs
from ember._core import Progress
from ember.api import eval, models
from ember.errors import (
    AuthenticationFailed,
    EvalError,
    MissingData,
    RecordExists,
    RecordMismatch,
)
from ember.sim import generate

ROWS = [{"question": f"question {i}", "answer": str(i)} for i in range(40)]


def expected_text(model: str, prompt: str, **params) -> str:
    """What the simulator answers, for writing references that match."""
    return generate(model, [{"role": "user", "content": prompt}],
                    temperature=params.get("temperature"), seed=params.get("seed")).text


def test_items_overlap_and_calls_in_flight_never_pass_the_cap(endpoint):
    name, server = endpoint(sim={"latency": 0.05})

    async def system(q):
        a, b = await asyncio.gather(models.acall(f"{name}/gpt", q),
                                    models.acall(f"{name}/claude", q))
        return await models.acall(f"{name}/judge", f"{a}\n{b}")

    result = eval.evaluate(system, ROWS, "exact", max_items_in_flight=12, progress=False)
    stats = server.stats()
    assert stats["requests"] == stats["completed"] == 120 == result.summary.calls
    assert stats["max_in_flight"] == 12           # the cap is reached, never passed
    assert result.summary.errors == 0


def test_sync_and_jitted_systems_run_concurrently_too(endpoint):
    name, server = endpoint(sim={"latency": 0.3})

    def plain(q):
        return models(f"{name}/gpt", q)

    @xcs.jit
    def jitted(q):
        a = models(f"{name}/gpt", q)
        b = models(f"{name}/claude", q)
        return models(f"{name}/judge", f"{a} {b}")

    for system, calls in ((plain, 1), (jitted, 3)):
        server.reset_stats()
        result = eval.evaluate(system, ROWS[:20], "exact", max_items_in_flight=20, progress=False)
        assert result.summary.calls == 20 * calls == server.stats()["completed"]
        # Items overlap (one by one: 1 in flight), under the cap.
        assert 10 <= server.stats()["max_in_flight"] <= 20, system


def test_non_graph_and_model_binding_systems():
    from ember.non import build_graph

    graph = build_graph(["3E@sim/gpt(latency=0.01)", "1J@sim/judge(latency=0.01)"])
    result = eval.evaluate(graph, ROWS[:5], "exact", progress=False)
    assert result.summary.calls == 5 * 4 and result.summary.errors == 0
    assert all(r.output.startswith("[judge]") for r in result.records)
    binding = models.instance("sim/gpt", latency=0, temperature=0)
    rows = [{"prompt": "Hi", "answer": expected_text("gpt", "Hi", temperature=0)}]
    assert eval.evaluate(binding, rows, "exact", progress=False).summary.score == 1.0


def test_query_keyword_systems():
    def by_query(*, query):
        return query.upper()

    result = eval.evaluate(by_query, [("ab", "AB")], "exact", progress=False)
    assert result.summary.score == 1.0


def test_scores_tokens_cost_and_interval(endpoint, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-eval-0123456789abcdef")
    _, server = endpoint("openai", table="providers",
                         sim={"api_key": "sk-test-eval-0123456789abcdef"})

    async def system(q):
        return await models.acall("openai/gpt-4o-mini", q, temperature=0)

    rows = [{"question": f"q{i}",
             "answer": expected_text("gpt-4o-mini", f"q{i}", temperature=0) if i % 4 else "no"}
            for i in range(20)]
    result = eval.evaluate(system, rows, "exact", progress=False)
    s = result.summary
    assert (s.items, s.errors, s.score, s.ci_method) == (20, 0, 0.75, "wilson")
    assert s.ci_low < 0.75 < s.ci_high
    usage = server.stats()["by_model"]["gpt-4o-mini"]
    assert s.prompt_tokens == usage["prompt_tokens"] and s.completion_tokens == usage[
        "completion_tokens"]
    assert s.cost_usd == pytest.approx((s.prompt_tokens * 0.15 + s.completion_tokens * 0.6) / 1e6)
    assert s.unpriced_calls == 0
    assert 0 < s.latency_p50_s <= s.latency_p90_s <= s.latency_p99_s <= s.latency_max_s
    assert "score 0.7500" in s.format() and "cost $" in s.format()


def test_item_errors_are_recorded_not_fatal_unless_asked():
    def flaky(q):
        if q.endswith("3"):
            raise ValueError(f"cannot answer {q}")
        return q

    result = eval.evaluate(flaky, ROWS[:10], "exact", progress=False)
    assert result.summary.errors == 1 and result.summary.items == 10
    (bad,) = result.errors
    assert (bad.key, bad.error_type, bad.error) == ("3", "ValueError", "cannot answer question 3")
    assert bad.score is None and math.isclose(result.summary.score, 0.0)
    with pytest.raises(ValueError, match="cannot answer question 3"):
        eval.evaluate(flaky, ROWS[:10], "exact", raise_errors=True, progress=False)


def test_raise_errors_records_the_failure_first(tmp_path):
    def flaky(q):
        if q == "question 2":
            raise KeyError("boom")
        return q

    path = tmp_path / "run.db"
    with pytest.raises(KeyError, match="boom"):
        eval.evaluate(flaky, ROWS[:4], "exact", raise_errors=True, max_items_in_flight=1,
                      record=str(path), progress=False)
    kept = eval.read_record(path)
    assert [r.key for r in kept.records] == ["0", "1", "2"]
    assert kept.records[-1].error_type == "KeyError"


def test_first_item_is_checked_before_any_call():
    calls = []
    with pytest.raises(MissingData, match=r"none of the input fields .*Fix: pass input="):
        eval.evaluate(calls.append, [{"q": "x", "answer": "1"}], "exact", progress=False)
    with pytest.raises(MissingData, match="no field 'ans'"):
        eval.evaluate(calls.append, [{"question": "x"}], "exact", reference="ans",
                      progress=False)
    assert calls == []
    result = eval.evaluate(lambda q: q, [{"q": "x"}], eval.llm_judge(latency=0), input="q",
                           progress=False)
    assert result.summary.errors == 0  # a judge needs no reference


def test_fields_keys_and_arguments():
    rows = [{"id": f"x{i}", "prompt": f"p{i}", "gold": f"P{i}"} for i in range(3)]
    result = eval.evaluate(str.upper, rows, "exact", input="prompt", reference="gold", key="id",
                           progress=False)
    assert [r.key for r in result.records] == ["x0", "x1", "x2"]
    assert result.summary.score == 1.0
    with pytest.raises(EvalError, match="share the key"):
        eval.evaluate(str.upper, rows + rows[:1], "exact", input="prompt", key="id",
                      progress=False)
    with pytest.raises(EvalError, match="max_items_in_flight"):
        eval.evaluate(str.upper, rows, max_items_in_flight=0)
    with pytest.raises(EvalError, match="unknown backend"):
        eval.evaluate(str.upper, rows, backend="dask")
    with pytest.raises(EvalError, match="must be callable"):
        eval.evaluate(42, rows)


def test_record_resume_and_mismatches(tmp_path):
    path = str(tmp_path / "run.db")
    seen: list[str] = []

    def system(q):
        seen.append(q)
        return q

    first = eval.evaluate(system, ROWS[:10], "exact", record=path, progress=False)
    assert len(seen) == 10
    with pytest.raises(RecordExists, match="--resume"):
        eval.evaluate(system, ROWS[:10], "exact", record=path, progress=False)
    seen.clear()
    again = eval.evaluate(system, ROWS[:15], "exact", record=path, resume=True, progress=False)
    assert sorted(seen) == [r["question"] for r in ROWS[10:15]]  # only the new items ran
    assert again.summary.items == 15 and again.summary.resumed == 10
    assert again.records[:10] == first.records
    with pytest.raises(RecordMismatch, match="evaluator") as info:
        eval.evaluate(system, ROWS[:15], "normalized", record=path, resume=True, progress=False)
    assert info.value.field == "evaluator"
    changed = [dict(r) for r in ROWS[:15]]
    changed[3]["question"] = "something else"
    with pytest.raises(RecordMismatch, match="item 3 .* dataset changed") as info:
        eval.evaluate(system, changed, "exact", record=path, resume=True, progress=False)
    assert info.value.field == "item"


def test_resume_reruns_failed_items(tmp_path):
    path = str(tmp_path / "run.db")
    broken = {"question 1", "question 2"}

    def system(q):
        if q in broken:
            raise TimeoutError("slow provider")
        return q

    assert eval.evaluate(system, ROWS[:5], record=path, progress=False).summary.errors == 2
    broken.clear()
    kept = eval.evaluate(system, ROWS[:5], record=path, resume=True, rerun_errors=False,
                         progress=False)
    assert kept.summary.errors == 2
    fixed = eval.evaluate(system, ROWS[:5], record=path, resume=True, progress=False)
    assert fixed.summary.errors == 0 and fixed.summary.resumed == 3
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM items").fetchone()[0] == 5


def test_records_never_hold_api_keys(endpoint, monkeypatch, tmp_path):
    key = "sk-live-SECRET-abcdef0123456789"
    monkeypatch.setenv("OPENAI_API_KEY", key)
    _, server = endpoint("openai", table="providers", sim={"api_key": "another-key"})

    async def system(q):
        # A system that (wrongly) puts the key into its own output as well.
        try:
            return await models.acall("openai/gpt-4o-mini", q)
        except AuthenticationFailed as exc:
            raise RuntimeError(f"{exc} (key was {key})") from exc

    def leaky(q):
        return f"my key is {key}"

    path = tmp_path / "run.db"
    result = eval.evaluate(system, ROWS[:3], "exact", record=str(path), progress=False)
    assert result.summary.errors == 3
    eval.evaluate(leaky, ROWS[:3], "exact", record=str(tmp_path / "leaky.db"), progress=False)
    for db in (path, tmp_path / "leaky.db"):
        raw = b"".join(p.read_bytes() for p in db.parent.glob(db.name + "*"))
        assert key.encode() not in raw and b"SECRET-abcdef" not in raw
    assert "***" in eval.read_record(tmp_path / "leaky.db").records[0].output


def test_record_is_sqlite_wal_and_readable(tmp_path):
    path = tmp_path / "run.db"
    eval.evaluate(str.upper, [("a", "A"), ("b", "x")], "exact", record=str(path), progress=False,
                  name="upper")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        meta = dict(conn.execute("SELECT name, value FROM meta"))
    assert meta["system"] == "upper" and meta["evaluator"] == "exact"
    result = eval.read_record(path)
    assert [(r.key, r.score) for r in result.records] == [("0", 1.0), ("1", 0.0)]
    assert json.loads(json.dumps(result.summary.to_dict()))["items"] == 2
    with pytest.raises(EvalError, match="no such record"):
        eval.read_record(tmp_path / "missing.db")
    (tmp_path / "junk.db").write_text("not sqlite")
    with pytest.raises(EvalError, match="not an Ember record"):
        eval.evaluate(str.upper, [("a", "A")], record=str(tmp_path / "junk.db"))


def test_progress_bar_on_stderr(capsys):
    async def system(q):
        return await models.acall("sim/gpt", q, latency=0.02)

    eval.evaluate(system, ROWS[:30], "exact", max_items_in_flight=5, progress=True)
    err = capsys.readouterr().err
    assert "eval 30/30 100%" in err
    for part in ("it/s", "tokens ", "cost $0.0000", "errors 0", "eta 0s"):
        assert part in err
    stream = io.StringIO()
    bar = Progress(10, "eval", enabled=None, stream=stream)
    bar.draw(final=True)
    assert stream.getvalue() == ""  # not a terminal and not asked: nothing drawn


def test_aevaluate_works_from_a_running_loop():
    async def main():
        return await eval.aevaluate(str.upper, [("a", "A")], "exact", progress=False)

    assert asyncio.run(main()).summary.score == 1.0
