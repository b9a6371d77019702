"""Batch transforms on the one scheduler: `vmap` and `pmap`.

``vmap(f)`` is ``lambda batch: [f(x) for x in batch]`` with every item in flight at once:
each call is started the way `parallel_map` starts it (model calls and operators on the
event loop, other waiting calls on the elastic worker threads), so a batch of a thousand
model calls costs about one call's latency, bounded only by the providers' own limits or
`max_items_in_flight`. Work that cannot overlap (pure CPU code, on a GIL build) runs in
place, as written. ``pmap(f)`` is the same, except that CPU-bound work (pure or not) is
spread over worker processes (or, with ``backend="ray"``, over a Ray cluster).

Both return a `Batched` function: results keep the batch's order, ``batched.acall(...)``
is its async twin, and failures follow Ember's one policy (`ember._core.Scope`): with
``errors="raise"`` (the default) the first failure cancels the other items and comes out
as it is; ``errors="group"`` lets every item end and raises all failures together as an
`ExceptionGroup`; ``errors="collect"`` returns each failed item's exception in its place.
Long batches draw the progress display on stderr when it is a terminal (or when
``progress=True``). ``in_axes`` says which arguments are batches and which are passed
unchanged to every call (as in JAX: 0 batched, None broadcast); ``config=xcs.Config(...)``
carries the options in one object.
"""

from __future__ import annotations

import asyncio
import functools
import importlib
from collections.abc import Callable, Mapping
from typing import Any

from ember._errors import InvalidAxes, UnsupportedOption, XCSError
from ember.xcs._config import Config, merge
from ember.xcs._effects import Kind, Rule, add_rule
from ember.xcs._parallel import ERRORS, arun_calls, check_limit, run_calls

__all__ = ["Batched", "pmap", "register_map_backend", "vmap"]

# Where pmap's batches can go besides this machine: name -> a map like `ember.ray.ray_map`.
# A backend's package (an optional extra, above xcs) registers itself when imported.
MAP_BACKENDS: dict[str, Callable[..., list[Any]]] = {}
_PROVIDED_BY = {"ray": "ember.ray"}


def register_map_backend(name: str, map_fn: Callable[..., list[Any]]) -> None:
    """Make ``pmap(f, backend=name)`` send its batches to ``map_fn(f, items, *, address,
    workers, max_items_in_flight, errors)``."""
    MAP_BACKENDS[name] = map_fn


def _name(fn: Any) -> str:
    return getattr(fn, "__qualname__", None) or getattr(fn, "__name__", None) or (
        type(fn).__name__)


def _check_options(who: str, fn: Any, errors: str, max_items_in_flight: int | None,
                   progress: bool | None) -> None:
    if not callable(fn):
        raise XCSError(f"{who}(): fn must be callable, got {type(fn).__name__} {fn!r:.60}")
    if errors not in ERRORS:
        raise XCSError(f"{who}(): errors must be 'raise', 'group' or 'collect', got {errors!r}")
    check_limit(f"{who}()", max_items_in_flight)
    if progress not in (None, True, False):
        raise XCSError(f"{who}(): progress must be True, False or None (automatic), "
                       f"got {progress!r}")


def _axis_ok(axis: object) -> bool:
    return axis is None or (type(axis) is int and axis == 0)


def _check_axes(who: str, fn: Any, in_axes: object) -> None:
    """`in_axes` is 0 or None, a sequence of them (one per positional argument), or a
    mapping of keyword names to them; and batches something."""
    if isinstance(in_axes, Mapping):
        ok = all(isinstance(k, str) for k in in_axes) and all(map(_axis_ok, in_axes.values()))
        axes = [0]  # positional arguments stay batched
    elif isinstance(in_axes, tuple | list):
        ok, axes = all(map(_axis_ok, in_axes)), list(in_axes)
    else:
        ok, axes = _axis_ok(in_axes), [in_axes]
    if not ok:
        raise InvalidAxes(
            f"{who}({_name(fn)}, in_axes={in_axes!r}): each entry must be 0 (a batch: a list "
            "mapped over its items) or None (passed unchanged to every call); a mapping's keys "
            "are keyword names. Fix: e.g. in_axes=(0, None) or in_axes={'context': 0}")
    if all(a is None for a in axes) and not (isinstance(in_axes, Mapping) and in_axes):
        raise InvalidAxes(f"{who}({_name(fn)}, in_axes={in_axes!r}) batches no argument. Fix: "
                          "mark the batched argument 0, e.g. in_axes=(0, None)")


def _resolve(who: str, config: Config | None, strategy_free: dict[str, Any]) -> dict[str, Any]:
    """The options after `config`; ``strategy='sequential'`` is one item at a time."""
    given = {**strategy_free, "strategy": "auto"}
    defaults = {"errors": "raise", "max_items_in_flight": None, "progress": None,
                "strategy": "auto"}
    options = merge(who, config, tuple(defaults), given, defaults)
    if options.pop("strategy") == "sequential":
        if options["max_items_in_flight"] not in (None, 1):
            raise UnsupportedOption(f"{who}(): strategy='sequential' runs one item at a time; "
                                    f"max_items_in_flight={options['max_items_in_flight']} "
                                    "contradicts it. Fix: drop one of them")
        options["max_items_in_flight"] = 1
    return options


class Batched:
    """`fn` mapped over batches: ``batched(xs)``, ``batched(xs, ys)``, ``batched(xs, k=v)``.

    What `vmap` and `pmap` return, in every mode. Positional arguments are batches
    (iterables of equal length, zipped); keyword arguments are passed unchanged to every
    call. ``await batched.acall(xs)`` is the async twin: the same starts and failure
    policy, with ``async def`` items run as tasks on the running loop.
    """

    def __init__(self, fn: Callable[..., Any], who: str, *, errors: str,
                 max_items_in_flight: int | None, progress: bool | None, processes: bool,
                 backend: str = "local", address: str | None = None, workers: int = 2,
                 in_axes: Any = 0) -> None:
        self.fn = fn
        self.in_axes = in_axes
        self.who = who
        self.errors = errors
        self.max_items_in_flight = max_items_in_flight
        self.progress = progress
        self.processes = processes
        self.backend = backend
        self.address = address
        self.workers = workers
        functools.update_wrapper(self, fn, updated=())  # type: ignore[arg-type]

    def _batched(self, args: tuple, kwargs: dict[str, Any]) -> list[int | str]:
        """The positions and keyword names that are batches, by `in_axes`."""
        axes = self.in_axes
        if isinstance(axes, tuple | list):
            if len(axes) != len(args):
                example = (0,) + (None,) * max(len(args) - 1, 0)
                raise InvalidAxes(
                    f"{self!r}: in_axes={tuple(axes)!r} has {len(axes)} entries for "
                    f"{len(args)} positional argument(s). Fix: one entry (0 or None) per "
                    f"positional argument, e.g. in_axes={example!r}")
            keys: list[int | str] = [i for i, a in enumerate(axes) if a == 0]
        else:
            keys = list(range(len(args))) if axes is not None else []
        if isinstance(axes, Mapping):
            missing = sorted(set(axes) - set(kwargs))
            if missing:
                raise InvalidAxes(f"{self!r}: in_axes names keyword(s) {', '.join(missing)} "
                                  "that the call did not pass. Fix: pass them by keyword, or "
                                  "drop them from in_axes")
            keys += [k for k, a in axes.items() if a == 0]
        return keys

    def _calls(self, args: tuple, kwargs: dict[str, Any]) -> list[tuple[Any, tuple, dict]]:
        """One ``(fn, args, kwargs)`` per item: batches split, the rest broadcast."""
        if not args and not kwargs:
            raise XCSError(f"{self.who}({_name(self.fn)}): pass at least one batch, e.g. "
                           f"{self.who}(f)(items)")
        keys = self._batched(args, kwargs)
        if not keys:
            raise XCSError(f"{self.who}({_name(self.fn)}): pass at least one batch, e.g. "
                           f"{self.who}(f)(items)")
        columns = []
        for key in keys:
            batch = args[key] if isinstance(key, int) else kwargs[key]
            try:
                columns.append(list(batch))
            except TypeError:
                what = f"argument {key}" if isinstance(key, int) else f"keyword {key!r}"
                raise InvalidAxes(f"{self.who}({_name(self.fn)}): {what} is "
                                  f"{type(batch).__name__}, not a batch (an iterable of items); "
                                  "pass shared values as keyword arguments, or mark them None "
                                  "in in_axes") from None
        sizes = {len(c) for c in columns}
        if len(sizes) > 1:
            raise XCSError(f"{self.who}({_name(self.fn)}): batches have different lengths "
                           f"{[len(c) for c in columns]}; pass batches of equal length")
        positions = [(k, c) for k, c in zip(keys, columns, strict=True) if isinstance(k, int)]
        named = [(k, c) for k, c in zip(keys, columns, strict=True) if isinstance(k, str)]
        if len(positions) == len(args) and not named:  # the common case: zip the batches
            return [(self.fn, row, kwargs) for row in zip(*columns, strict=True)]
        calls = []
        for i in range(len(columns[0])):
            row = list(args)
            for k, c in positions:
                row[k] = c[i]
            kw = {**kwargs, **{k: c[i] for k, c in named}} if named else kwargs
            calls.append((self.fn, tuple(row), kw))
        return calls

    def _options(self) -> dict[str, Any]:
        return {"errors": self.errors, "limit": self.max_items_in_flight,
                "processes": self.processes, "progress": self.progress, "label": repr(self)}

    def __call__(self, *batches: Any, **kwargs: Any) -> list[Any]:
        calls = self._calls(batches, kwargs)
        if self.backend != "local":
            return self._remote(calls, batches, kwargs)
        return run_calls(calls, **self._options())

    async def acall(self, *batches: Any, **kwargs: Any) -> list[Any]:
        """The async twin of calling the batched function."""
        calls = self._calls(batches, kwargs)
        if self.backend != "local":
            return await asyncio.to_thread(self._remote, calls, batches, kwargs)
        return await arun_calls(calls, **self._options())

    def _remote(self, calls: list[tuple], batches: tuple, kwargs: dict) -> list[Any]:
        if len(batches) != 1 or kwargs or self.in_axes != 0:
            raise XCSError(f"{self!r} with backend={self.backend!r} takes one batch, no "
                           "keyword arguments and no in_axes; bind the shared values first, "
                           "e.g. functools.partial(f, k=v)")
        if self.backend not in MAP_BACKENDS:
            importlib.import_module(_PROVIDED_BY[self.backend])  # it registers itself
        return MAP_BACKENDS[self.backend](
            self.fn, [row[0] for _, row, _ in calls], address=self.address, workers=self.workers,
            max_items_in_flight=self.max_items_in_flight or 64, errors=self.errors)

    def __repr__(self) -> str:
        return f"{self.who}({_name(self.fn)})"


def vmap(fn: Callable[..., Any], *, in_axes: Any = 0, errors: str = "raise",
         max_items_in_flight: int | None = None, progress: bool | None = None,
         config: Config | None = None) -> Batched:
    """Map `fn` over a batch with every item in flight at once; results in batch order.

    Args:
        fn: a function, model binding or operator taking one item (or one item per batch).
        in_axes: which arguments are batches: 0 (default: every positional argument), a
            tuple with 0 (batched) or None (passed unchanged to every call) per positional
            argument, or a dict naming keyword arguments to batch (``{"context": 0}``;
            keywords not named are passed unchanged, as always).
        errors: ``"raise"`` (default): the first failure cancels the other items (calls
            not yet started never start) and is raised as it is, with a note naming the
            item; ``"group"``: every item runs to its end and all failures are raised
            together as an `ExceptionGroup`; ``"collect"``: each failed item's exception
            is returned in its place.
        max_items_in_flight: the most items (calls of `fn`) in flight at once (None: no cap
            beyond the providers' own limits).
        progress: draw the progress display on stderr (rate, ETA, errors so far): True
            always, False never, None (default) when stderr is a terminal and the batch
            runs longer than half a second.
        config: an `xcs.Config` holding the options above (and ``strategy``:
            ``"sequential"`` runs one item at a time); ``explain`` is jit's and is refused.

    Returns:
        A `Batched` function: ``vmap(f)(items)`` returns ``[f(x) for x in items]``;
        ``vmap(f)(xs, ys)`` returns ``[f(x, y) for x, y in zip(xs, ys)]``; keyword arguments
        go to every call unchanged.

    Raises:
        XCSError: for a bad option or batches of different lengths.
        InvalidAxes: `in_axes` that do not fit the call's arguments.
        UnsupportedOption: a `config` option vmap does not take, or one given twice.
        Exception: with ``errors="raise"``, the first item's failure as the item raised it.
        ExceptionGroup: with ``errors="group"``, every failure, after all items have ended.

    Examples:
        >>> import time
        >>> def slow_square(x):
        ...     time.sleep(0.05)
        ...     return x * x
        >>> vmap(slow_square)(range(10))   # about 0.05 s, not 0.5 s
        [0, 1, 4, 9, 16, 25, 36, 49, 64, 81]
        >>> vmap(int, errors="collect")(["1", "x"])
        [1, ValueError("invalid literal for int() with base 10: 'x'")]
        >>> vmap(pow, in_axes=(0, None))([1, 2, 3], 2)
        [1, 4, 9]
    """
    options = _resolve("vmap", config, {"errors": errors, "progress": progress,
                                        "max_items_in_flight": max_items_in_flight})
    _check_options("vmap", fn, **options)
    _check_axes("vmap", fn, in_axes)
    return Batched(fn, "vmap", **options, processes=False, in_axes=in_axes)


def pmap(fn: Callable[..., Any], *, in_axes: Any = 0, errors: str = "raise",
         max_items_in_flight: int | None = None, progress: bool | None = None,
         backend: str = "local", address: str | None = None, workers: int = 2,
         config: Config | None = None) -> Batched:
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
        in_axes, errors, max_items_in_flight, progress, config: as for `vmap` (Ray:
            ``"raise"`` or ``"group"``; no progress display; one batch, no in_axes).
        backend: ``"local"`` (this machine's processes) or ``"ray"``.
        address: the Ray cluster to join (``backend="ray"``).
        workers: Ray worker processes (``backend="ray"``).

    Returns:
        A `Batched` function, as `vmap` returns, in every mode (Ray: one batch argument).

    Examples:
        >>> pmap(abs)([-1, 2, -3])
        [1, 2, 3]
    """
    options = _resolve("pmap", config, {"errors": errors, "progress": progress,
                                        "max_items_in_flight": max_items_in_flight})
    _check_options("pmap", fn, **options)
    _check_axes("pmap", fn, in_axes)
    errors = options["errors"]
    if backend != "local" and backend not in MAP_BACKENDS and backend not in _PROVIDED_BY:
        raise XCSError(f"pmap(): backend must be 'local' or 'ray', got {backend!r}")
    if backend == "ray" and errors == "collect":
        raise XCSError("pmap(backend='ray') supports errors='raise' or 'group', got 'collect'")
    return Batched(fn, "pmap", **options, processes=True, backend=backend, address=address,
                   workers=workers, in_axes=in_axes)


# `vmap(f)` checks its options (it may raise) and makes a batched function; calling that
# runs `f` over the items, whatever `f` does: barriers both. Said here, so that a first
# call never analyses the scheduler's own code.
add_rule(vmap, Rule(Kind.UNKNOWN, "checks its options and makes a batched function"))
add_rule(pmap, Rule(Kind.UNKNOWN, "checks its options and makes a batched function"))
add_rule(Batched.__call__, Rule(Kind.UNKNOWN, "runs the function it batches, whatever it does"))
