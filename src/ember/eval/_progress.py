"""The progress bar on stderr: done/total, items/s, tokens and cost so far, errors, ETA.

Counters are updated by whoever finishes items (the event loop, or the Ray driver loop)
and the bar is drawn by the thread waiting for the run, at most ten times a second.
On a terminal it redraws one line in place; elsewhere (a log file, CI) it prints a plain
line at most every `log_every` seconds, so logs stay readable.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

from ember.eval._task import ItemRecord

__all__ = ["Progress"]

_WIDTH = 24


def _duration(seconds: float) -> str:
    if seconds != seconds or seconds == float("inf"):
        return "?"
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes}m{seconds:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class Progress:
    """Counts finished items and draws the bar.

    Args:
        total: items in the run (including those resumed from the record).
        resumed: items already done before this run started.
        enabled: draw at all (None: only when `stream` is a terminal).
        stream: where to draw (stderr).
        log_every: seconds between lines when `stream` is not a terminal.

    Examples:
        >>> import io
        >>> p = Progress(4, resumed=1, enabled=True, stream=io.StringIO())
        >>> p.line().startswith("eval 1/4  25% [######------")
        True
    """

    def __init__(self, total: int, *, resumed: int = 0, enabled: bool | None = None,
                 stream: TextIO | None = None, log_every: float = 10.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.enabled = tty if enabled is None else bool(enabled)
        self.tty = tty
        self.total = total
        self.resumed = resumed
        self.done = 0
        self.errors = 0
        self.tokens = 0
        self.cost = 0.0
        self.unpriced = 0
        self.t0 = time.perf_counter()
        self._lock = threading.Lock()
        self._last_draw = 0.0
        self._last_log = 0.0
        self._log_every = log_every
        self._drawn = False

    def add(self, record: ItemRecord) -> None:
        """Count one finished item."""
        with self._lock:
            self.done += 1
            self.errors += record.error_type is not None
            self.tokens += record.prompt_tokens + record.completion_tokens
            self.cost += record.cost_usd
            self.unpriced += record.unpriced_calls

    def line(self) -> str:
        """The bar as one line of text."""
        with self._lock:
            done, errors, tokens, cost = self.done, self.errors, self.tokens, self.cost
        elapsed = time.perf_counter() - self.t0
        finished = done + self.resumed
        frac = finished / self.total if self.total else 1.0
        filled = int(frac * _WIDTH)
        bar = "#" * filled + "-" * (_WIDTH - filled)
        rate = done / elapsed if elapsed > 0 else 0.0
        left = self.total - finished
        eta = left / rate if rate > 0 else float("inf") if left else 0.0
        cost_text = f"${cost:.4f}" + ("+?" if self.unpriced else "")
        return (f"eval {finished:>{len(str(self.total))}}/{self.total} {frac:4.0%} [{bar}] "
                f"{rate:6.1f} it/s  tokens {tokens:,}  cost {cost_text}  errors {errors}  "
                f"elapsed {_duration(elapsed)}  eta {_duration(eta)}")

    def draw(self, *, final: bool = False) -> None:
        """Redraw (rate-limited unless `final`)."""
        if not self.enabled:
            return
        now = time.perf_counter()
        if self.tty:
            if not final and now - self._last_draw < 0.1:
                return
            self._last_draw = now
            self.stream.write("\r\x1b[2K" + self.line() + ("\n" if final else ""))
            self.stream.flush()
            self._drawn = True
            return
        if final or now - self._last_log >= self._log_every or not self._drawn:
            self._last_log = now
            self._drawn = True
            self.stream.write(self.line() + "\n")
            self.stream.flush()
