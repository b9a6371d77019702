"""One item of an evaluation: call the system, score the output, account for it.

`ItemRunner` holds everything needed to run an item anywhere (this process or a Ray
worker; it pickles): the system, the evaluator, how to get the input and reference out of
an item, and the cap on calls in flight. `ItemRunner.run` is a coroutine for Ember's shared
loop. It never raises for the item's own failures: they become the record's
``error_type``/``error`` and ride along in the `ItemOutcome` for ``raise_errors``.

How the system is called (decided once, from its signature):

- an ``async def`` (or an object whose ``acall`` is one) is awaited on the shared loop;
- anything else runs in a worker thread of the scheduler, so blocking calls (sync
  `models(...)`, jitted functions) overlap with every other item;
- it receives the input positionally, or as ``query=`` when it takes no positional
  argument but has a ``query`` parameter (NON graphs: ``system(query=...)``).
"""

from __future__ import annotations

import asyncio
import hashlib
import inspect
import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ember import _core
from ember._errors import EvalError, MissingData
from ember.eval._evaluators import Evaluator, Score, output_text
from ember.eval._meter import Gate, Meter, current

__all__ = [
    "INPUT_KEYS",
    "REFERENCE_KEYS",
    "ItemOutcome",
    "ItemRecord",
    "ItemRunner",
    "ItemTask",
    "describe_system",
    "failure_record",
    "fingerprint",
]

INPUT_KEYS: Final = ("query", "question", "input", "prompt", "problem", "text")
REFERENCE_KEYS: Final = ("answer", "reference", "target", "label", "expected", "solution")


@dataclass(frozen=True, slots=True)
class ItemTask:
    """An item to run: its position, key, value and content fingerprint."""

    index: int
    key: str
    item: Any
    fingerprint: str


@dataclass(frozen=True, slots=True)
class ItemRecord:
    """What one item did: written to the record file as soon as the item finishes.

    `score` is None when the item failed (`error_type` and `error` say how); `calls`,
    tokens and `cost_usd` count the model calls made for it (the system's and the
    evaluator's); `unpriced_calls` those whose price is unknown; `latency_s` is the item's
    wall time.
    """

    index: int
    key: str
    fingerprint: str
    item: Any
    output: str | None
    reference: Any
    score: float | None
    note: str
    error_type: str | None
    error: str | None
    calls: int
    prompt_tokens: int
    completion_tokens: int
    cost_usd: float
    unpriced_calls: int
    latency_s: float

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    @property
    def ok(self) -> bool:
        return self.error_type is None


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """A record plus, when the item failed, the exception itself (for ``raise_errors``)."""

    record: ItemRecord
    exception: BaseException | None = None


def _jsonable(value: Any) -> Any:
    """`value` as JSON-able data (objects fall back to their repr)."""
    try:
        return json.loads(json.dumps(value, default=_fallback))
    except (TypeError, ValueError):
        return repr(value)


def _fallback(obj: Any) -> Any:
    if isinstance(obj, set | frozenset):
        return sorted(obj, key=repr)
    if hasattr(obj, "tolist"):  # numpy arrays and scalars from Hugging Face rows
        return obj.tolist()
    if isinstance(obj, bytes):
        return obj.decode("utf-8", "replace")
    return repr(obj)


def fingerprint(item: Any) -> str:
    """A short hash of an item's content: a resumed run checks each item is unchanged.

    Examples:
        >>> fingerprint({"q": 1, "a": 2}) == fingerprint({"a": 2, "q": 1})
        True
    """
    text = json.dumps(item, sort_keys=True, default=_fallback, ensure_ascii=False)
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()


def describe_system(system: Any) -> str:
    """A stable name for a system, written to the record and compared on resume."""
    name = getattr(system, "__qualname__", None)
    module = getattr(system, "__module__", None)
    if isinstance(name, str) and isinstance(module, str):
        return f"{module}:{name}"
    text = repr(system)
    if " at 0x" not in text:
        return text
    cls = type(system)
    return f"{cls.__module__}:{cls.__qualname__}"


def _field_getter(spec: str | Callable[[Any], Any] | None, keys: Sequence[str],
                  what: str) -> Callable[[Any], Any]:
    if callable(spec):
        return spec
    if spec is not None and not isinstance(spec, str):
        raise EvalError(f"evaluate(): {what}= must be a field name or a function of the item, "
                        f"got {type(spec).__name__}. Fix: e.g. {what}='question'")

    def get(item: Any) -> Any:
        if isinstance(item, Mapping):
            if spec is not None:
                if spec in item:
                    return item[spec]
                raise MissingData(f"item has no field {spec!r} (fields: "
                                  f"{', '.join(map(str, item))}). Fix: pass {what}= one of them.")
            for key in keys:
                if key in item:
                    return item[key]
            raise MissingData(f"item has none of the {what} fields {', '.join(keys)} (fields: "
                              f"{', '.join(map(str, item))}). Fix: pass {what}='<field>' or "
                              f"{what}=lambda item: ...")
        if isinstance(item, tuple | list) and len(item) == 2:  # (input, reference) pairs
            return item[0] if what == "input" else item[1]
        if spec is not None:
            raise MissingData(f"{what}={spec!r} names a field, but the item is a "
                              f"{type(item).__name__}. Fix: pass {what}=lambda item: ...")
        if what == "input":
            return item
        raise MissingData(f"a {type(item).__name__} item has no reference. Fix: use dict items "
                          "with an 'answer' field, (input, answer) pairs, or reference=...")

    return get


class _Caller:
    """How to call one system (decided once from its signature)."""

    __slots__ = ("system", "is_async", "by_query", "target")

    def __init__(self, system: Any) -> None:
        if not callable(system) and not callable(getattr(system, "acall", None)):
            raise EvalError(f"evaluate(): the system must be callable, got "
                            f"{type(system).__name__}. Fix: pass a function, an operator, "
                            "a NON graph or models.instance('provider/model').")
        self.system = system
        acall = getattr(system, "acall", None)
        if inspect.iscoroutinefunction(acall):
            self.target, self.is_async = acall, True
        elif inspect.iscoroutinefunction(system) or (
                callable(system) and inspect.iscoroutinefunction(type(system).__call__)):
            self.target, self.is_async = system, True
        else:
            self.target, self.is_async = system, False
        self.by_query = _takes_query_only(self.target)

    def __getstate__(self) -> dict[str, Any]:
        return {"system": self.system}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["system"])  # type: ignore[misc]

    def sync_call(self, meter: Meter, x: Any) -> Any:
        with meter.active():
            return self.target(query=x) if self.by_query else self.target(x)

    async def acall(self, x: Any) -> Any:
        return await (self.target(query=x) if self.by_query else self.target(x))


def _takes_query_only(fn: Any) -> bool:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD,
                                                   p.VAR_POSITIONAL)]
    return not positional and any(p.name == "query" for p in params)


def _error_text(exc: BaseException) -> str:
    text = str(exc) or repr(exc)
    return " ".join(text.split())[:2000]


class ItemRunner:
    """Runs items: system, then evaluator, under a per-process cap on calls in flight.

    Args:
        system: the system under evaluation (see the module docstring for how it is called).
        evaluator: an `Evaluator`.
        input: the item's field holding the system's input, a function of the item, or
            None to look for `INPUT_KEYS` (a str item is its own input).
        reference: the field holding the reference, a function, or None for `REFERENCE_KEYS`.
        max_calls: the cap on model calls in flight in one process (None: no cap).
    """

    def __init__(self, system: Any, evaluator: Evaluator, *,
                 input: str | Callable[[Any], Any] | None = None,
                 reference: str | Callable[[Any], Any] | None = None,
                 max_calls: int | None = None) -> None:
        self.caller = _Caller(system)
        self.evaluator = evaluator
        self.input_of = _field_getter(input, INPUT_KEYS, "input")
        self.reference_of = _field_getter(reference, REFERENCE_KEYS, "reference")
        self.gate = Gate(max_calls)

    def check(self, item: Any) -> None:
        """Fail fast, before any call, when the first item lacks the fields needed."""
        self.input_of(item)
        if self.evaluator.needs_reference:
            self.reference_of(item)

    async def run(self, task: ItemTask) -> ItemOutcome:
        """Run one item on the shared loop; failures are recorded, not raised."""
        gate = self.gate
        if gate.limit is None and (outer := current.get()) is not None and outer.gate:
            gate = outer.gate  # no cap of its own: the one it runs under (a Ray worker's job)
        meter = Meter(gate, task.index, order_free=True)  # (read when the item is done)
        active = meter.active()
        active.__enter__()  # this task's own context: its calls are this item's
        t0 = time.perf_counter()
        output: str | None = None
        reference: Any = None
        try:
            x = self.input_of(task.item)
            if self.caller.is_async:
                raw = await self.caller.acall(x)
            else:
                raw = await _core.to_thread(self.caller.sync_call, meter, x)
            output = output_text(raw)
            evaluator = self.evaluator
            try:
                reference = self.reference_of(task.item)
            except MissingData:
                if evaluator.needs_reference:
                    raise
                reference = None
            mode = evaluator.mode
            if mode == "async":
                score = await evaluator.ascore(output, reference, input=x, item=task.item)
            elif mode == "inline":
                score = evaluator.score(output, reference, input=x, item=task.item)
            else:
                score = await _core.to_thread(_score_in_thread, evaluator, meter, output,
                                              reference, x, task.item)
            if not isinstance(score, Score):
                raise EvalError(f"{evaluator.describe()} returned {type(score).__name__}, "
                                "not a Score")
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - the item's failure is its record
            return ItemOutcome(self._record(task, meter, t0, output, reference, None, "",
                                            exc), exc)
        finally:
            active.__exit__(None, None, None)
        return ItemOutcome(self._record(task, meter, t0, output, reference, score.value,
                                        score.note, None))

    def _record(self, task: ItemTask, meter: Meter, t0: float, output: str | None,
                reference: Any, value: float | None, note: str,
                exc: BaseException | None) -> ItemRecord:
        return ItemRecord(
            index=task.index, key=task.key, fingerprint=task.fingerprint,
            item=_jsonable(task.item), output=output, reference=_jsonable(reference),
            score=value, note=note,
            error_type=None if exc is None else type(exc).__name__,
            error=None if exc is None else _error_text(exc),
            calls=meter.calls, prompt_tokens=meter.prompt_tokens,
            completion_tokens=meter.completion_tokens, cost_usd=meter.cost_usd,
            unpriced_calls=meter.unpriced_calls, latency_s=time.perf_counter() - t0,
        )


def failure_record(task: ItemTask, exc: BaseException) -> ItemRecord:
    """The record of an item that failed outside its runner (e.g. its Ray worker died)."""
    return ItemRecord(
        index=task.index, key=task.key, fingerprint=task.fingerprint, item=_jsonable(task.item),
        output=None, reference=None, score=None, note="", error_type=type(exc).__name__,
        error=_error_text(exc), calls=0, prompt_tokens=0, completion_tokens=0, cost_usd=0.0,
        unpriced_calls=0, latency_s=0.0,
    )


def _score_in_thread(evaluator: Evaluator, meter: Meter, output: str, reference: Any,
                     x: Any, item: Any) -> Score:
    with meter.active():
        return evaluator.score(output, reference, input=x, item=item)
