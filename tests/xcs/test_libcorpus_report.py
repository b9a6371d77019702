"""The corpus report's arithmetic: the best of several runs, and the ideals it divides by.

`python -m tests.xcs.libcorpus` prints shares of the ideal speedup; these tests pin what
each share means, on outcomes made by hand (no server, no timing).
"""

from __future__ import annotations

import pytest

from tests.xcs import test_libcorpus
from tests.xcs.libcorpus.__main__ import _options, best_of, by_module
from tests.xcs.libcorpus._case import CLIENT_CPU, Case, serial_ideal
from tests.xcs.libcorpus._harness import Outcome, Verdict, judge
from tests.xcs.libcorpus._servers import Entry


def _noop() -> None:
    return None


CASE = Case("http", _noop, ideal=2.0)


def _verdict(plain: float, jitted: float, cpu: float = 0.0, differences: list[str] | None = None
             ) -> Verdict:
    return Verdict(CASE, Outcome(wall=plain, cpu=cpu), Outcome(wall=jitted),
                   differences or [], None)


def test_best_of_takes_the_fastest_plain_and_the_fastest_jitted_run() -> None:
    v = best_of([_verdict(0.30, 0.10), _verdict(0.20, 0.25), _verdict(0.40, 0.12)])
    assert (v.plain.wall, v.jitted.wall) == (0.20, 0.10)
    assert v.share == 1.0


def test_best_of_reports_any_run_that_differs() -> None:
    bad = _verdict(0.2, 0.1, differences=["stdout: 'a' vs 'b'"])
    assert best_of([_verdict(0.2, 0.1), bad, _verdict(0.2, 0.1)]) is bad


def test_amdahl_takes_the_plain_runs_cpu_as_serial() -> None:
    assert _verdict(0.2, 0.1).amdahl == pytest.approx(2.0)  # no CPU: the case's ideal
    # half the plain run is CPU: 0.1 + 0.1 / 2 is the best a schedule can do
    v = _verdict(0.2, 0.15, cpu=0.1)
    assert v.amdahl == pytest.approx(0.2 / 0.15)
    assert v.amdahl_share == pytest.approx(1.0)
    assert v.share == pytest.approx((0.2 / 0.15) / 2.0)


def test_serial_ideal_counts_the_clients_made_before_the_requests() -> None:
    assert serial_ideal(0, 3, 1) == pytest.approx(3.0)
    one = serial_ideal(1, 2, 1, lat=0.2)
    assert one == pytest.approx((CLIENT_CPU + 0.4) / (CLIENT_CPU + 0.2))
    assert 1.0 < one < 2.0


def test_options_read_repeat_and_names() -> None:
    assert _options(["--repeat", "3", "three_chats"]) == (False, 3, {"three_chats"})
    assert _options(["--plain-twice"]) == (True, 1, set())
    with pytest.raises(SystemExit):
        _options(["--repeat"])
    with pytest.raises(SystemExit):
        _options(["--repeat", "0"])


def test_by_module_gives_each_modules_mean_share() -> None:
    # Two verdicts of this module's case (ideal 2x): 2x faster than plain (share 1.0), and
    # as fast as plain (share 0.5).
    lines = by_module([_verdict(1.0, 0.5), _verdict(1.0, 1.0)])
    assert len(lines) == 1
    name, count, share, _ = lines[0].split()
    assert (name, count, float(share)) == (__name__.rsplit(".", 1)[-1], "2", 0.75)


def _sent(*at: float) -> dict[str, list[Entry]]:
    return {"web": [Entry("GET", f"/items/{i}", "", False, t) for i, t in enumerate(at)]}


def test_a_gap_narrower_than_the_sleep_is_a_difference() -> None:
    spaced = Case("sleep", _noop, spacing=0.1)
    plain = Outcome(requests=_sent(0.0, 0.1, 0.2))
    narrowed = judge(spaced, plain, Outcome(requests=_sent(0.0, 0.05, 0.15)))
    assert narrowed.differences == [
        "web: requests 1 and 2 arrived 0.050 s apart; the function sleeps 0.1 s between them"]
    assert judge(spaced, plain, Outcome(requests=_sent(0.0, 0.1, 0.2))).ok


@pytest.mark.parametrize(("runs", "judged", "checks"), [
    ("=", "=", 1),      # matches: run once
    ("!==", "=", 3),    # differed once in three runs: the machine's timing
    ("!!", "!", 2),     # differed again on the first rerun
    ("!=!", "!", 3),    # differed again on the second
])
def test_a_difference_counts_when_a_rerun_shows_it_again(
        monkeypatch: pytest.MonkeyPatch, runs: str, judged: str, checks: int) -> None:
    verdicts = iter([_verdict(0.2, 0.1, differences=["x"] if r == "!" else None) for r in runs])
    seen = []

    def check(case: Case, *, fresh: bool = True) -> Verdict:
        seen.append((case, fresh))
        return next(verdicts)

    monkeypatch.setattr(test_libcorpus, "check", check)
    assert test_libcorpus._judged(CASE).ok == (judged == "=")
    assert seen == [(CASE, False)] * checks  # (the tests keep the JIT's caches)
