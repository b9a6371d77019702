"""Batch transforms on the one scheduler: `vmap` and `pmap`.

``vmap(f)`` is ``lambda batch: [f(x) for x in batch]`` with every item in flight at once:
each call is started the way `parallel_map` starts it (model calls and operators on the
event loop, other waiting calls on the elastic worker threads), so a batch of a thousand
model calls costs about one call's latency, bounded only by the providers' own limits or
`max_concurrency`. Work that cannot overlap (pure CPU code, on a GIL build) runs in
place, as written. ``pmap(f)`` is the same, except that CPU-bound work (pure or not) is
spread over worker processes, so it runs in parallel on several cores.

Results keep the batch's order. With ``errors="raise"`` (the default) failures come out
together as an `ExceptionGroup` once every started call has ended, and no new items start
after the first failure; with ``errors="collect"`` each failed item's exception is returned
in its place. Long batches draw a progress bar on stderr when it is a terminal (or when
``progress=True``).
"""

from __future__ import annotations

import concurrent.futures as cf
import functools
import inspect
import sys
import time
import warnings
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from ember import _core
from ember._errors import XCSError
from ember.xcs._effects import Kind
from ember.xcs._runtime import Handle, launch, launch_process, rule_of

__all__ = ["pmap", "vmap"]

_ERRORS = ("raise", "collect")
#: With ``progress=None``, the bar appears only once a batch has run this long...
PROGRESS_DELAY_S = 0.5
#: ...and is redrawn at most this often.
PROGRESS_INTERVAL_S = 0.1


class _Done(cf.Future):
    """A future already holding the outcome of a call run in place."""

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        try:
            self.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - returned or grouped by the caller
            self.set_exception(exc)


def _is_async(fn: Any) -> bool:
    while isinstance(fn, functools.partial):
        fn = fn.func
    return inspect.iscoroutinefunction(fn)


def _start(fn: Callable[..., Any], args: tuple, kwargs: dict, processes: bool,
           note: Callable[[str], None]) -> cf.Future[Any]:
    if _is_async(fn):
        return _core.spawn(fn(*args, **kwargs))
    kind, runner = rule_of(fn)
    handle = Handle(-1, 1, lambda: ())
    if runner == "process" or (processes and kind in (Kind.PURE, Kind.CPU)):
        fut = launch_process(fn, args, kwargs, handle, note)
        return fut if fut is not None else _Done(fn, args, kwargs)
    if kind in (Kind.PURE, Kind.CPU):
        return _Done(fn, args, kwargs)
    return launch(fn, args, kwargs, runner or "thread", handle)


class Progress:
    """A one-line progress bar on a text stream, redrawn in place with ``\\r``."""

    def __init__(self, total: int, label: str, mode: bool | None,
                 stream: TextIO | None = None) -> None:
        self.total = total
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        if mode is None:  # automatic: only on a terminal, and only once the batch runs long
            isatty = getattr(self.stream, "isatty", None)
            try:
                terminal = bool(isatty is not None and isatty())
            except Exception:  # noqa: BLE001 - a closed or odd stream: no bar
                terminal = False
            mode = None if terminal else False
        self.mode = mode
        self.t0 = time.perf_counter()
        self.drawn = False
        self.last = 0.0
        self.width = 0  # of the last line drawn, to blank out what a shorter line leaves

    @property
    def enabled(self) -> bool:
        return self.mode is not False

    def update(self, done: int, failed: int, *, final: bool = False) -> None:
        if self.mode is False:
            return
        now = time.perf_counter()
        if self.mode is None and not self.drawn and now - self.t0 < PROGRESS_DELAY_S:
            return  # short batches never draw
        if not final and self.drawn and now - self.last < PROGRESS_INTERVAL_S:
            return
        self.last = now
        self.drawn = True
        line = self.render(done, failed, now - self.t0)
        self.stream.write("\r" + line.ljust(self.width))
        self.width = len(line)
        if final:
            self.stream.write("\n")
        self.stream.flush()

    def render(self, done: int, failed: int, elapsed: float, width: int = 24) -> str:
        frac = done / self.total if self.total else 1.0
        fill = int(frac * width)
        bar = "#" * fill + "-" * (width - fill)
        text = f"{self.label} |{bar}| {done}/{self.total} {frac * 100:3.0f}% {elapsed:5.1f}s"
        if 0 < done < self.total and elapsed > 0:
            text += f" eta {elapsed / done * (self.total - done):5.1f}s"
        if failed:
            text += f" ({failed} failed)"
        return text


def _error(fut: cf.Future[Any]) -> BaseException | None:
    if fut.cancelled():
        return cf.CancelledError("the call was cancelled")
    return fut.exception()


def _run_batch(fn: Callable[..., Any], rows: list[tuple], kwargs: dict, *, errors: str,
               max_concurrency: int | None, progress: bool | None, processes: bool,
               label: str) -> list[Any]:
    """The one entry point behind `vmap` and `pmap`: start, wait, report."""
    n = len(rows)
    notes: list[str] = []
    bar = Progress(n, label, progress)
    futures: list[cf.Future[Any] | None] = [None] * n
    pending: set[cf.Future[Any]] = set()
    limit = n if max_concurrency is None else max_concurrency
    next_item = 0
    done = failed = 0
    stop = False
    try:
        while True:
            while not stop and next_item < n and len(pending) < limit:
                fut = _start(fn, rows[next_item], kwargs, processes, notes.append)
                futures[next_item] = fut
                next_item += 1
                if fut.done():
                    done += 1
                    if _error(fut) is not None:
                        failed += 1
                        stop = errors == "raise"
                else:
                    pending.add(fut)
            if not pending:
                break
            timeout = PROGRESS_INTERVAL_S if bar.enabled else None
            finished, pending = cf.wait(pending, timeout=timeout,
                                        return_when=cf.FIRST_COMPLETED)
            for fut in finished:
                done += 1
                if _error(fut) is not None:
                    failed += 1
                    stop = stop or errors == "raise"
            bar.update(done, failed)
    except BaseException:
        for fut in pending:  # interrupted: calls on the loop are cancelled, threads end alone
            fut.cancel()
        raise
    finally:
        if bar.drawn:
            bar.update(done, failed, final=True)
    for text in dict.fromkeys(notes):  # once per distinct note, not once per item
        warnings.warn(text, stacklevel=3)
    results: list[Any] = []
    problems: list[BaseException] = []
    for i, fut in enumerate(futures):
        if fut is None:
            continue  # not started: an earlier item failed
        exc = _error(fut)
        if exc is None:
            results.append(fut.result())
        elif errors == "collect":
            results.append(exc)
        else:
            exc.add_note(f"{label}: item {i} of {n}")
            problems.append(exc)
    if problems:
        skipped = futures.count(None)
        tail = f"; {skipped} not started" if skipped else ""
        # An ExceptionGroup unless a failure is a BaseException (then a BaseExceptionGroup).
        raise BaseExceptionGroup(f"{label}: {len(problems)} of {n} items failed{tail}",
                                 problems)
    return results


def _name(fn: Any) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or (
        type(fn).__name__)


def _check_options(who: str, fn: Any, errors: str, max_concurrency: int | None,
                   progress: bool | None) -> None:
    if not callable(fn):
        raise XCSError(f"{who}(): fn must be callable, got {type(fn).__name__} {fn!r:.60}")
    if errors not in _ERRORS:
        raise XCSError(f"{who}(): errors must be 'raise' or 'collect', got {errors!r}")
    if max_concurrency is not None and (isinstance(max_concurrency, bool) or not isinstance(
            max_concurrency, int) or max_concurrency < 1):
        raise XCSError(f"{who}(): max_concurrency must be a positive int or None, "
                       f"got {max_concurrency!r}")
    if progress not in (None, True, False):
        raise XCSError(f"{who}(): progress must be True, False or None (automatic), "
                       f"got {progress!r}")


class Batched:
    """`fn` mapped over batches: ``batched(xs)``, ``batched(xs, ys)``, ``batched(xs, k=v)``.

    Positional arguments are batches (iterables of equal length, zipped); keyword arguments
    are passed unchanged to every call.
    """

    def __init__(self, fn: Callable[..., Any], who: str, *, errors: str,
                 max_concurrency: int | None, progress: bool | None, processes: bool) -> None:
        self.fn = fn
        self.who = who
        self.errors = errors
        self.max_concurrency = max_concurrency
        self.progress = progress
        self.processes = processes
        functools.update_wrapper(self, fn, updated=())  # type: ignore[arg-type]

    def __call__(self, *batches: Iterable[Any], **kwargs: Any) -> list[Any]:
        if not batches:
            raise XCSError(f"{self.who}({_name(self.fn)}): pass at least one batch, e.g. "
                           f"{self.who}(f)(items)")
        columns = []
        for i, batch in enumerate(batches):
            try:
                columns.append(list(batch))
            except TypeError:
                raise XCSError(f"{self.who}({_name(self.fn)}): argument {i} is "
                               f"{type(batch).__name__}, not a batch (an iterable of items); "
                               "pass shared values as keyword arguments") from None
        sizes = {len(c) for c in columns}
        if len(sizes) > 1:
            raise XCSError(f"{self.who}({_name(self.fn)}): batches have different lengths "
                           f"{[len(c) for c in columns]}; pass batches of equal length")
        rows = list(zip(*columns, strict=True))
        return _run_batch(self.fn, rows, kwargs, errors=self.errors,
                          max_concurrency=self.max_concurrency, progress=self.progress,
                          processes=self.processes, label=f"{self.who}({_name(self.fn)})")

    def __repr__(self) -> str:
        return f"{self.who}({_name(self.fn)})"


def vmap(fn: Callable[..., Any], *, errors: str = "raise", max_concurrency: int | None = None,
         progress: bool | None = None) -> Batched:
    """Map `fn` over a batch with every item in flight at once; results in batch order.

    Args:
        fn: a function, model binding or operator taking one item (or one item per batch).
        errors: ``"raise"`` (default): failures come out together as an `ExceptionGroup`
            after the started calls end, and no new items start after the first failure;
            ``"collect"``: each failed item's exception is returned in its place.
        max_concurrency: the most calls in flight at once (None: no cap beyond the
            providers' own limits).
        progress: draw a progress bar on stderr: True always, False never, None (default)
            when stderr is a terminal and the batch runs longer than half a second.

    Returns:
        A `Batched` function: ``vmap(f)(items)`` returns ``[f(x) for x in items]``;
        ``vmap(f)(xs, ys)`` returns ``[f(x, y) for x, y in zip(xs, ys)]``; keyword arguments
        go to every call unchanged.

    Raises:
        XCSError: for a bad option or batches of different lengths.

    Examples:
        >>> import time
        >>> def slow_square(x):
        ...     time.sleep(0.05)
        ...     return x * x
        >>> vmap(slow_square)(range(10))   # about 0.05 s, not 0.5 s
        [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
        >>> vmap(int, errors="collect")(["1", "x"])
        [1, ValueError("invalid literal for int() with base 10: 'x'")]
    """
    _check_options("vmap", fn, errors, max_concurrency, progress)
    return Batched(fn, "vmap", errors=errors, max_concurrency=max_concurrency,
                   progress=progress, processes=False)


def pmap(fn: Callable[..., Any], *, errors: str = "raise", max_concurrency: int | None = None,
         progress: bool | None = None, backend: str = "local", address: str | None = None,
         workers: int = 2) -> Callable[..., list[Any]]:
    """Like `vmap`, but CPU-bound work is spread over worker processes (several cores).

    Calls that wait (model calls, I/O) are in flight at once, as with `vmap`. Calls of a
    function Ember sees as CPU work run in a process pool (threads on a free-threaded build)
    instead of in place; `fn` and the items must then be picklable (a module-level function),
    else those calls run in place with a warning.

    With ``backend="ray"`` the items go to a Ray cluster instead (`ember.ray.ray_map`: a
    local one on 127.0.0.1 unless `address` is given), `workers` processes each running
    many calls at once, with model limits shared cluster-wide.

    Args:
        fn: a module-level function (for processes), or any callable `vmap` accepts.
        errors, max_concurrency, progress: as for `vmap` (Ray: ``errors="raise"`` only).
        backend: ``"local"`` (this machine's processes) or ``"ray"``.
        address: the Ray cluster to join (``backend="ray"``).
        workers: Ray worker processes (``backend="ray"``).

    Returns:
        A batched function, called like `vmap`'s (Ray: one batch argument).

    Examples:
        >>> pmap(abs)([-1, 2, -3])
        [1, 2, 3]
    """
    _check_options("pmap", fn, errors, max_concurrency, progress)
    if backend == "ray":
        if errors != "raise":
            raise XCSError(f"pmap(backend='ray') supports errors='raise' only, got {errors!r}")
        return functools.partial(_ray_batch, fn, address=address, workers=workers,
                                 max_in_flight=max_concurrency or 64)
    if backend != "local":
        raise XCSError(f"pmap(): backend must be 'local' or 'ray', got {backend!r}")
    return Batched(fn, "pmap", errors=errors, max_concurrency=max_concurrency,
                   progress=progress, processes=True)


def _ray_batch(fn: Callable[..., Any], batch: Iterable[Any], **options: Any) -> list[Any]:
    from ember.ray import ray_map  # Ray is an optional extra, imported only when asked for

    return ray_map(fn, batch, **options)
