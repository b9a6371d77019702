"""The summary of an evaluation: score with a confidence interval, usage, cost, latency.

The summary is computed from the records alone, in dataset order, so a run that was
killed and resumed summarises exactly like one that was not: `Summary.outcome` (score,
interval, counts, tokens, cost) is identical; only timings differ (`latency_*` are the
items' own wall times as recorded; `wall_s` is this run's).

Failed items count as score 0 in `score` (a harness must not look better by failing);
`score_ok` is the mean over the items that did not fail. The interval is Wilson's at 95%
when every score is 0 or 1, else a normal interval on the mean; both are clipped to [0, 1].
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Final

from ember.eval._task import ItemRecord

__all__ = ["Summary", "summarize", "wilson_interval"]

Z95: Final = 1.959963984540054
# Summary fields that depend on timing (or on how the run was split), not on outcomes.
_TIMING: Final = frozenset({"latency_p50_s", "latency_p90_s", "latency_p99_s", "latency_max_s",
                            "wall_s", "resumed"})


def wilson_interval(successes: float, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion.

    Examples:
        >>> [round(x, 3) for x in wilson_interval(8, 10)]
        [0.49, 0.943]
    """
    if n == 0:
        return (math.nan, math.nan)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return (low, high)


def _normal_interval(values: Sequence[float], z: float = Z95) -> tuple[float, float]:
    n = len(values)
    if n == 0:
        return (math.nan, math.nan)
    mean = math.fsum(values) / n
    if n == 1:
        return (mean, mean)
    var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
    half = z * math.sqrt(var / n)
    return (max(0.0, mean - half), min(1.0, mean + half))


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    if not sorted_values:
        return math.nan
    pos = (len(sorted_values) - 1) * q
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


@dataclass(frozen=True)
class Summary:
    """What an evaluation came to.

    Attributes:
        items: items in the dataset with a record.
        errors: items that failed (their error is in the record).
        score: mean score, failed items counting 0; `ci_low`/`ci_high` its 95% interval.
        score_ok: mean over the items that did not fail.
        calls, prompt_tokens, completion_tokens: model usage over all items.
        cost_usd: summed cost of the calls with a known price; `unpriced_calls` the rest.
        latency_p50_s, latency_p90_s, latency_p99_s, latency_max_s: per-item wall times.
        wall_s: this run's wall time; `resumed` items came from an earlier run.
    """

    items: int
    errors: int
    score: float
    ci_low: float
    ci_high: float
    ci_method: str
    score_ok: float
    calls: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    unpriced_calls: int
    latency_p50_s: float
    latency_p90_s: float
    latency_p99_s: float
    latency_max_s: float
    wall_s: float = 0.0
    resumed: int = 0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def outcome(self) -> dict[str, Any]:
        """The fields that depend only on what the items produced (not on timing).

        A resumed run's outcome equals an uninterrupted run's on the same items.
        """
        return {k: v for k, v in asdict(self).items() if k not in _TIMING}

    def to_dict(self) -> dict[str, Any]:
        """Every field, plus `total_tokens`."""
        return {**asdict(self), "total_tokens": self.total_tokens}

    def format(self) -> str:
        """A few lines for a terminal."""
        cost = f"${self.cost_usd:.4f}"
        if self.unpriced_calls:
            cost += f" (+{self.unpriced_calls} calls of unknown price)"
        resumed = f", {self.resumed} from an earlier run" if self.resumed else ""
        return (
            f"score {self.score:.4f}  95% CI [{self.ci_low:.4f}, {self.ci_high:.4f}] "
            f"({self.ci_method})  over {self.items} items{resumed}; errors {self.errors}"
            f" (score without them {self.score_ok:.4f})\n"
            f"calls {self.calls:,}  tokens {self.total_tokens:,} "
            f"(prompt {self.prompt_tokens:,}, completion {self.completion_tokens:,})  "
            f"cost {cost}\n"
            f"item latency p50 {self.latency_p50_s:.3f}s  p90 {self.latency_p90_s:.3f}s  "
            f"p99 {self.latency_p99_s:.3f}s  max {self.latency_max_s:.3f}s  "
            f"wall {self.wall_s:.2f}s"
        )

    def __str__(self) -> str:
        return self.format()


def summarize(records: Sequence[ItemRecord], *, wall_s: float = 0.0, resumed: int = 0) -> Summary:
    """The `Summary` of `records` (sorted by dataset order first, so order never matters).

    Examples:
        >>> from ember.eval._task import ItemRecord
        >>> def rec(i, score, error=None):
        ...     return ItemRecord(i, str(i), "", {}, "x", "x", score, "", error, error, 1, 2, 3,
        ...                       0.0, 0, 0.1 * (i + 1))
        >>> s = summarize([rec(0, 1.0), rec(1, 0.0), rec(2, None, "Boom")])
        >>> s.items, s.errors, round(s.score, 3), s.score_ok, s.calls, s.ci_method
        (3, 1, 0.333, 0.5, 3, 'wilson')
    """
    ordered = sorted(records, key=lambda r: (r.index, r.key))
    values = [r.score if r.score is not None else 0.0 for r in ordered]
    ok = [r.score for r in ordered if r.score is not None]
    n = len(values)
    total = math.fsum(values)
    if all(v in (0.0, 1.0) for v in values):
        low, high = wilson_interval(total, n)
        method = "wilson"
    else:
        low, high = _normal_interval(values)
        method = "normal"
    latencies = sorted(r.latency_s for r in ordered)
    return Summary(
        items=n,
        errors=sum(1 for r in ordered if r.score is None),
        score=total / n if n else math.nan,
        ci_low=low,
        ci_high=high,
        ci_method=method,
        score_ok=math.fsum(ok) / len(ok) if ok else math.nan,
        calls=sum(r.calls for r in ordered),
        prompt_tokens=sum(r.prompt_tokens for r in ordered),
        completion_tokens=sum(r.completion_tokens for r in ordered),
        cost_usd=math.fsum(r.cost_usd for r in ordered),
        unpriced_calls=sum(r.unpriced_calls for r in ordered),
        latency_p50_s=_percentile(latencies, 0.50),
        latency_p90_s=_percentile(latencies, 0.90),
        latency_p99_s=_percentile(latencies, 0.99),
        latency_max_s=latencies[-1] if latencies else math.nan,
        wall_s=wall_s,
        resumed=resumed,
    )
