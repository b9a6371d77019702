"""`SimConfig`: how the simulator server behaves, checked once, and its command-line form."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final

__all__ = ["API_KEY_ENV", "FAULTS", "SimConfig", "config_args"]

API_KEY_ENV: Final = "EMBER_SIM_API_KEY"
"""Environment variable that carries the API key to `ember sim serve`, so that it never
appears on a command line (visible to every user through `ps`)."""

FAULTS: Final = ("fail_429", "fail_500", "reset", "hang")
"""The fault probabilities, in the order a request's draw tests them."""


def _check_number(name: str, value: object, *, low: float, high: float = math.inf) -> None:
    ok = (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and low <= value <= high
    )
    if not ok:
        allowed = f"in [{low:g}, {high:g}]" if math.isfinite(high) else f">= {low:g}"
        raise ValueError(f"SimConfig.{name} must be a finite number {allowed}, got {value!r}")


def _check_int(name: str, value: object, *, low: int, none_ok: bool, unit: str = "") -> None:
    if value is None and none_ok:
        return
    if not isinstance(value, int) or isinstance(value, bool) or value < low:
        what = f"None (no limit) or an int >= {low}" if none_ok else f"an int >= {low}"
        raise ValueError(f"SimConfig.{name} must be {what}{unit}, got {value!r}")


@dataclass(frozen=True)
class SimConfig:
    """How the simulator server behaves: latency, rate limits and injected faults.

    Args:
        latency: fixed seconds before each answer (a request's own `latency` field wins).
        jitter: extra seconds drawn uniformly from [0, jitter] per request.
        per_token: extra seconds per completion token (streams pace their chunks with it).
        rpm: requests per minute, enforced as a token bucket refilling at rpm/60 per second
            with one second's worth of capacity; None for no limit.
        tpm: tokens per minute (prompt + `max_tokens`, or the completion's length when
            `max_tokens` is absent), enforced the same way; None for no limit.
        fail_429: probability of answering 429 with `Retry-After: retry_after`.
        fail_500: probability of answering 500.
        reset: probability of aborting the connection without any response.
        hang: probability of holding the request for `hang_s` seconds, then aborting it.
        hang_s: how long a hanging request is held; long enough for clients to time out.
        retry_after: seconds sent in `Retry-After` (and `retry-after-ms`) on injected 429s.
        seed: seeds the fault and jitter draws, so a run's sequence of faults repeats.
        max_body: the largest request body accepted, in bytes; a larger one gets a 413.
        bad_json: how many structured-output answers (a JSON schema in `response_format`)
            the server gets wrong first: valid JSON that breaks the schema, so that a
            client's validate-and-retry loop can be tested. Later ones match the schema.
        api_key: if set, requests must carry it: `Authorization: Bearer <key>` (both wires)
            or `x-api-key: <key>` (Anthropic); never logged or echoed.

    Raises:
        ValueError: a field is out of range; the message names the field and the range.

    Examples:
        >>> SimConfig(latency=0.01, fail_500=0.1, seed=1).fail_500
        0.1
    """

    latency: float = 0.1
    jitter: float = 0.0
    per_token: float = 0.0
    rpm: int | None = None
    tpm: int | None = None
    fail_429: float = 0.0
    fail_500: float = 0.0
    reset: float = 0.0
    hang: float = 0.0
    hang_s: float = 300.0
    retry_after: float = 1.0
    seed: int | None = None
    max_body: int = 8 * 1024 * 1024
    bad_json: int = 0
    api_key: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        for name in ("latency", "jitter", "per_token", "retry_after", "hang_s"):
            _check_number(name, getattr(self, name), low=0.0)
        _check_int("rpm", self.rpm, low=1, none_ok=True)
        _check_int("tpm", self.tpm, low=1, none_ok=True)
        _check_int("max_body", self.max_body, low=1, none_ok=False, unit=" (bytes)")
        _check_int("bad_json", self.bad_json, low=0, none_ok=False)
        probs = {n: getattr(self, n) for n in FAULTS}
        for name, value in probs.items():
            _check_number(name, value, low=0.0, high=1.0)
        total = sum(probs.values())
        if total > 1.0 + 1e-9:
            parts = " + ".join(f"{n}={v:g}" for n, v in probs.items())
            raise ValueError(
                f"SimConfig fault probabilities must sum to at most 1, got {total:g} ({parts})"
            )
        if self.seed is not None and (
            not isinstance(self.seed, int) or isinstance(self.seed, bool)
        ):
            raise ValueError(f"SimConfig.seed must be None or an int, got {self.seed!r}")
        if self.api_key is not None and (not isinstance(self.api_key, str) or not self.api_key):
            # Say what kind of value came in, never the value: it may be a real key.
            raise ValueError(
                f"SimConfig.api_key must be None or a non-empty str, "
                f"got a {type(self.api_key).__name__}"
            )


FLAGS: Final = {
    "latency": "--latency",
    "jitter": "--jitter",
    "per_token": "--per-token",
    "rpm": "--rpm",
    "tpm": "--tpm",
    "fail_429": "--fail-429",
    "fail_500": "--fail-500",
    "reset": "--reset",
    "hang": "--hang",
    "hang_s": "--hang-s",
    "retry_after": "--retry-after",
    "seed": "--seed",
    "max_body": "--max-body",
    "bad_json": "--bad-json",
}
"""SimConfig field -> `ember sim serve` option (every field but the API key)."""


def config_args(config: SimConfig) -> list[str]:
    """The `ember sim serve` options that reproduce `config` (without the API key)."""
    defaults = SimConfig()
    args: list[str] = []
    for name, flag in FLAGS.items():
        value = getattr(config, name)
        if value != getattr(defaults, name) and value is not None:
            args += [flag, repr(value)]
    return args
