"""The one progress display: done/total, rate, ETA, errors so far, and spend when known.

`xcs.vmap`/`pmap` and `evaluate` both draw it on stderr. Items are counted by whoever
finishes them (the event loop, a worker thread, the Ray driver); the line is redrawn by a
timer on Ember's event loop, at most `INTERVAL_S` apart, so a run whose items finish
rarely still shows its elapsed time and ETA move. On a terminal it redraws one line in
place; elsewhere (a log file, CI) it writes a plain line at most every `log_every` seconds.

Not `tqdm` or `rich`: the bar has to be drawn from any thread and show spend next to the
rate, which is about a hundred lines here and a dependency for everyone there.
"""

from __future__ import annotations

import concurrent.futures as cf
import sys
import threading
import time
from typing import Any, TextIO

from ember._core import _loop

__all__ = ["Progress"]

#: Redraw at most this often (seconds).
INTERVAL_S = 0.1
#: With ``enabled=None`` on a terminal, the bar appears only once a run has lasted this long.
DELAY_S = 0.5
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
    """Counts finished items and draws the line; a context manager that keeps it drawn.

    Args:
        total: items in the run (including those `resumed`).
        label: what runs, first on the line (``"eval"``, ``"vmap(f)"``).
        resumed: items already done before this run started.
        enabled: True: draw; False: never; None: only on a terminal, once the run has
            lasted `DELAY_S`.
        stream: where to draw (stderr).
        spend: show tokens and cost (what an evaluation's meter gives).
        log_every: seconds between lines when `stream` is not a terminal.

    Examples:
        >>> import io
        >>> p = Progress(4, "eval", resumed=1, enabled=True, stream=io.StringIO())
        >>> p.add(failed=True)
        >>> p.line().startswith("eval 2/4  50% [############------------]")
        True
        >>> "errors 1" in p.line()
        True
    """

    def __init__(self, total: int, label: str, *, resumed: int = 0,
                 enabled: bool | None = None, stream: TextIO | None = None,
                 spend: bool = False, log_every: float = 10.0) -> None:
        self.stream = stream if stream is not None else sys.stderr
        try:
            tty = bool(getattr(self.stream, "isatty", lambda: False)())
        except Exception:  # noqa: BLE001 - a closed or odd stream: not a terminal
            tty = False
        self.tty = tty
        self.enabled = tty if enabled is None else bool(enabled)
        self.delay = DELAY_S if enabled is None else 0.0
        self.total = total
        self.label = label
        self.resumed = resumed
        self.spend = spend
        self.done = self.errors = self.tokens = self.unpriced = 0
        self.cost = 0.0
        self.t0 = time.perf_counter()
        self._lock = threading.Lock()  # the counters
        self._draw_lock = threading.Lock()  # the stream: the timer and a final draw
        self._drawn = False
        self._last_log = 0.0
        self._log_every = log_every
        self._timer: Any = None
        self._open = False

    def add(self, *, failed: bool = False, tokens: int = 0, cost: float = 0.0,
            unpriced: int = 0) -> None:
        """Count one finished item."""
        with self._lock:
            self.done += 1
            self.errors += failed
            self.tokens += tokens
            self.cost += cost
            self.unpriced += unpriced

    def count(self, fut: cf.Future[Any]) -> None:
        """Count a finished future (a done callback); cancelled ones did not run."""
        if not fut.cancelled():
            self.add(failed=fut.exception() is not None)

    def line(self) -> str:
        """The display as one line of text."""
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
        spend = ""
        if self.spend:
            spend = f"tokens {tokens:,}  cost ${cost:.4f}{'+?' if self.unpriced else ''}  "
        return (f"{self.label} {finished:>{len(str(self.total))}}/{self.total} {frac:4.0%} "
                f"[{bar}] {rate:6.1f} it/s  {spend}errors {errors}  "
                f"elapsed {_duration(elapsed)}  eta {_duration(eta)}")

    def draw(self, *, final: bool = False) -> None:
        """Redraw now (a final draw ends the line; it is skipped if nothing was drawn
        in automatic mode)."""
        if not self.enabled:
            return
        now = time.perf_counter()
        with self._draw_lock:
            if not self._drawn and now - self.t0 < self.delay:
                return  # short runs never draw
            if self.tty:
                text = "\r\x1b[2K" + self.line() + ("\n" if final else "")
            elif final or not self._drawn or now - self._last_log >= self._log_every:
                self._last_log = now
                text = self.line() + "\n"
            else:
                return
            self._drawn = True
            self.stream.write(text)
            self.stream.flush()

    # -- kept drawn while open -----------------------------------------------------------

    def __enter__(self) -> Progress:
        if self.enabled:
            self._open = True
            self.t0 = time.perf_counter()
            loop = _loop.get_loop()
            loop.call_soon_threadsafe(self._tick, loop)
        return self

    def _tick(self, loop: Any) -> None:  # on the event loop
        if not self._open:
            return
        self.draw()
        self._timer = loop.call_later(INTERVAL_S, self._tick, loop)

    def __exit__(self, *exc: object) -> None:
        if not self._open:
            return
        self._open = False
        timer = self._timer
        if timer is not None:
            _loop.get_loop().call_soon_threadsafe(timer.cancel)
        if self._drawn or self.delay == 0.0:
            self.draw(final=True)
