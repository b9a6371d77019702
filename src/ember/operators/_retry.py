"""`Retry`: call an operator again when it raises, or when its result is not acceptable."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from ember._errors import RetriesExhausted, SpecError
from ember.operators._call import acall_any, combined_kind
from ember.operators._module import Operator
from ember.operators._spec import short_repr
from ember.xcs import Kind

__all__ = ["Retry"]


class Retry(Operator):
    """Call `inner` up to `attempts` times until it returns an acceptable result.

    An attempt fails when it raises one of `retry_on`, or when `accept` returns False for
    its result. Waits `backoff` seconds before the second attempt, doubling each time. When
    every attempt raised, the last exception comes out as it is; when the last attempt's
    result was rejected, `RetriesExhausted` is raised with it. (Transport failures of model
    calls are already retried by the models layer; this is for answers that are wrong.)

    Args:
        inner: the operator or callable to call.
        attempts: the most calls to make (default 3).
        retry_on: exception types that cause another attempt (default: any `Exception`).
        backoff: seconds to wait before the second attempt, doubled for each later one.
        accept: a predicate on the result; False means try again.

    Examples:
        >>> calls = []
        >>> def flaky(x):
        ...     calls.append(x)
        ...     if len(calls) < 3:
        ...         raise ValueError("not yet")
        ...     return x * 2
        >>> Retry(flaky, attempts=3)(21), len(calls)
        (42, 3)
        >>> Retry(lambda x: x, accept=lambda r: r > 0)(-1)
        Traceback (most recent call last):
        ...
        ember._errors.RetriesExhausted: Retry(<lambda>): all 3 attempts were rejected by accept(); the last result was -1
    """

    inner: Callable[..., Any]
    attempts: int = 3
    retry_on: tuple[type[BaseException], ...] = (Exception,)
    backoff: float = 0.0
    accept: Callable[[Any], bool] | None = None

    def __post_init__(self) -> None:
        if not callable(self.inner):
            raise SpecError(f"Retry: inner must be an operator or callable, got "
                            f"{short_repr(self.inner)}", operator="Retry", field="inner",
                            expected="a callable", value=self.inner)
        if isinstance(self.attempts, bool) or not isinstance(self.attempts, int) or (
                self.attempts < 1):
            raise SpecError(f"Retry: attempts must be an int >= 1, got {self.attempts!r}",
                            operator="Retry", field="attempts", expected="int >= 1",
                            value=self.attempts)
        if isinstance(self.retry_on, type):
            self.retry_on = (self.retry_on,)
        self.retry_on = tuple(self.retry_on)
        if not all(isinstance(t, type) and issubclass(t, BaseException) for t in self.retry_on):
            raise SpecError(f"Retry: retry_on must be exception types, got "
                            f"{short_repr(self.retry_on)}", operator="Retry", field="retry_on",
                            expected="tuple of exception types", value=self.retry_on)

    def _ember_kind(self) -> Kind | None:
        # (`accept` runs after each attempt: one that prints or writes is part of the call)
        kind = combined_kind([self.inner, *([self.accept] if self.accept is not None else [])])
        return kind if kind is not Kind.UNKNOWN else None

    def _name(self) -> str:
        return f"Retry({getattr(self.inner, '__name__', type(self.inner).__name__)})"

    def _rejected(self, result: Any) -> RetriesExhausted:
        return RetriesExhausted(
            f"{self._name()}: all {self.attempts} attempts were rejected by accept(); the "
            f"last result was {short_repr(result)}", attempts=self.attempts, last_result=result)

    def _policy(self) -> Generator[float | _Accepted, Any, None]:
        """The retry policy, once for both call forms: primed with `next`, it is sent each
        attempt's outcome (its result, or `_Raised`) and yields the pause before the next
        attempt, or the accepted result; it raises the last failure."""
        delay = self.backoff
        outcome = yield 0.0
        for attempt in range(1, self.attempts + 1):
            last = attempt == self.attempts
            if isinstance(outcome, _Raised):
                if last:
                    raise outcome.error
            elif self.accept is None or self.accept(outcome):
                yield _Accepted(outcome)
                return
            elif last:
                raise self._rejected(outcome)
            outcome = yield delay
            delay *= 2

    def forward(self, *args: Any, **kwargs: Any) -> Any:
        policy = self._policy()
        step = next(policy)
        while not isinstance(step, _Accepted):
            if step > 0:
                time.sleep(step)
            try:
                outcome = self.inner(*args, **kwargs)
            except self.retry_on as exc:
                outcome = _Raised(exc)
            step = policy.send(outcome)
        return step.result

    async def aforward(self, *args: Any, **kwargs: Any) -> Any:
        policy = self._policy()
        step = next(policy)
        while not isinstance(step, _Accepted):
            if step > 0:
                await asyncio.sleep(step)
            try:
                outcome = await acall_any(self.inner, *args, **kwargs)
            except self.retry_on as exc:
                outcome = _Raised(exc)
            step = policy.send(outcome)
        return step.result


@dataclass(frozen=True, slots=True)
class _Accepted:
    """The result an attempt returned and `accept` took: the call's answer."""

    result: Any


@dataclass(frozen=True, slots=True)
class _Raised:
    """An attempt that raised one of `retry_on` (a result may be any value, even an error)."""

    error: BaseException
