"""Call-path hooks: code that runs before and after every model call.

One seam for everything that must see or steer model calls without the models layer
knowing it: an evaluation's meter (spend per item, and its cap on calls in flight),
OpenTelemetry spans, the response cache, and later a cost budget. A hook is an object
with two methods (subclass `CallHook` and override either):

- ``before(call)`` runs in the caller's thread when the call is made, after the prompt and
  parameters were validated and before the provider sees the call. It returns:
  - ``None``: go on;
  - an awaitable (an ``async def before`` returns one): awaited on Ember's event loop just
    before the request is sent, so a hook can wait there (a shared rate limit, a cap on
    calls in flight); it too may end in ``None`` or an `Answer`;
  - ``Answer(result)``: the call is answered with `result` and the provider is never
    called (a cache hit); the `before` of hooks after this one does not run.

  Raising stops the call with that error, before anything is sent (a budget spent).
- ``after(call, result, error)`` runs once for every hook whose `before` ran, in reverse
  order, with the result or the error (cancellation included, as a ``BaseException``).
  It runs on Ember's event loop, or in the caller's thread when the call failed before it
  got there. An answer given by a hook has ``call.answered_by`` set to that hook. An
  error an `after` raises reaches the caller once every hook's `after` has run.

Hooks are added for the whole process (`add_hook`) or for one context (`scoped_hooks`, a
context manager over a context variable): the calls made inside it in this thread or
task, and in what they start that copies the context (asyncio tasks, `xcs.jit`'s
calls), go through its hooks; a thread started by hand starts from an empty context and
does not. Process-wide hooks run first, then scoped ones from the outermost in.

Cost: with no hook active, a call pays one global read and one ``ContextVar.get``.
"""

from __future__ import annotations

import contextvars
import inspect
import threading
from collections.abc import Callable, Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

from ember._errors import InvalidHookResult

__all__ = ["Answer", "CallHook", "ModelCall", "active_hooks", "add_hook", "hooks_in_order",
           "remove_hook", "run_hooked", "scoped_hooks"]


class ModelCall:
    """One model call as hooks see it.

    Attributes:
        model_id: the full id, ``"provider/model"``.
        messages: the chat messages sent (a ``system=`` prompt is the first); do not change.
        params: the parameters the caller gave (a binding's defaults included); do not change.
        request: the validated request the provider receives (`ember.models.Request`).
        answered_by: the hook whose `Answer` ended the call, else None.
        state: per-call room for hooks, keyed by the hook (e.g. a span from `before` to `after`).
    """

    __slots__ = ("model_id", "messages", "params", "request", "answered_by", "state")

    def __init__(self, model_id: str, messages: list[dict[str, Any]], params: dict[str, Any],
                 request: Any = None) -> None:
        self.model_id = model_id
        self.messages = messages
        self.params = params
        self.request = request
        self.answered_by: CallHook | None = None
        self.state: dict[Any, Any] = {}

    def __repr__(self) -> str:
        return f"ModelCall({self.model_id!r}, {len(self.messages)} messages)"


class Answer:
    """What a `before` hook returns to answer a call itself: the provider is not called.

    Examples:
        >>> Answer("cached text").result
        'cached text'
    """

    __slots__ = ("result",)

    def __init__(self, result: Any) -> None:
        self.result = result

    def __repr__(self) -> str:
        return f"Answer({self.result!r})"


class CallHook:
    """A hook on the models call path: override `before`, `after` or both.

    Examples:
        >>> from ember.models import models
        >>> class Log(CallHook):
        ...     def __init__(self): self.seen = []
        ...     def before(self, call): self.seen.append(("before", call.model_id))
        ...     def after(self, call, result, error):
        ...         self.seen.append(("after", result.usage.total_tokens > 0, error))
        >>> log = Log()
        >>> with scoped_hooks(log):
        ...     _ = models("sim/gpt", "Hi", latency=0)
        >>> log.seen
        [('before', 'sim/gpt'), ('after', True, None)]
    """

    #: May `xcs.jit` run calls under this hook early, on another thread, overlapped? True
    #: for a hook whose `before` and `after` give the same outcome whatever the calls'
    #: order and thread (spans, an evaluation's meter). False (the default: a hook of the
    #: user's, a budget, a response cache): the jitted code makes each call in place, in
    #: program order, in the caller's thread, as the plain code does.
    order_free: bool = False

    def before(self, call: ModelCall) -> Any:
        """Before the call; return None, an awaitable or an `Answer` (see the module)."""
        return None

    def after(self, call: ModelCall, result: Any, error: BaseException | None) -> None:
        """After the call: `result` (None on error) or `error` (None on success)."""
        return None


_global: tuple[CallHook, ...] = ()
_global_lock = threading.Lock()
_scoped: contextvars.ContextVar[tuple[CallHook, ...]] = contextvars.ContextVar(
    "ember_call_hooks", default=())


def add_hook(hook: CallHook) -> CallHook:
    """Run `hook` on every model call in this process (until `remove_hook`); return it.

    Adding a hook that is already added does nothing.

    Examples:
        >>> h = add_hook(CallHook())
        >>> h in active_hooks()
        True
        >>> remove_hook(h)
    """
    global _global
    with _global_lock:
        if hook not in _global:
            _global = (*_global, hook)
    return hook


def remove_hook(hook: CallHook) -> None:
    """Stop running a hook added with `add_hook` (no error if it is not there)."""
    global _global
    with _global_lock:
        _global = tuple(h for h in _global if h is not hook)


@contextmanager
def scoped_hooks(*hooks: CallHook) -> Iterator[None]:
    """Run `hooks` on the model calls made inside the block, in this context only.

    A hook already active here (scoped by an enclosing block) is not added again.

    Examples:
        >>> h = CallHook()
        >>> with scoped_hooks(h):
        ...     h in active_hooks()
        True
        >>> h in active_hooks()
        False
    """
    scoped = _scoped.get()
    token = _scoped.set((*scoped, *(h for h in hooks if h not in scoped)))
    try:
        yield
    finally:
        _scoped.reset(token)


def active_hooks() -> tuple[CallHook, ...]:
    """The hooks a call made here and now goes through: process-wide ones, then scoped."""
    scoped = _scoped.get()
    if not scoped:
        return _global
    return (*_global, *scoped) if _global else scoped


def hooks_in_order() -> bool:
    """Is a hook that is not `CallHook.order_free` active here and now?"""
    return any(not h.order_free for h in active_hooks())


def _close(awaitables: list[tuple[CallHook, Any]]) -> None:
    """Drop awaitables that will not be awaited (no "never awaited" warning)."""
    for _, awaitable in awaitables:
        close = getattr(awaitable, "close", None) or getattr(awaitable, "cancel", None)
        if close is not None:
            close()


def _after(entered: list[CallHook], call: ModelCall, result: Any,
           error: BaseException | None) -> None:
    """Every entered hook's `after`, innermost first; the first hook error is raised last."""
    failure: Exception | None = None
    for hook in reversed(entered):
        try:
            hook.after(call, result, error)
        except Exception as exc:  # noqa: BLE001 - the other hooks still run, then it is raised
            failure = failure or exc
    if failure is not None:
        raise failure


def _bad_result(hook: CallHook, got: Any) -> InvalidHookResult:
    return InvalidHookResult(
        f"{type(hook).__qualname__}.before returned a {type(got).__name__}; a before hook "
        "returns None (go on), an awaitable (waited for on Ember's loop) or Answer(result) "
        "(answer the call without the provider). Fix: return one of those.")


def run_hooked(hooks: tuple[CallHook, ...], call: ModelCall,
               start: Callable[[], Coroutine[Any, Any, Any]]) -> Coroutine[Any, Any, Any]:
    """Run the `before` hooks here, then `start()` for the provider's coroutine; return the
    coroutine that finishes the call on the loop (awaited hooks, the provider, `after`).

    `start` is not called when a hook answers; errors (a hook's, `start`'s) reach the
    entered hooks' `after` and are raised here, in the caller's thread.
    """
    entered: list[CallHook] = []
    pending: list[tuple[CallHook, Any]] = []
    try:
        for hook in hooks:
            got = hook.before(call)
            entered.append(hook)
            if got is None:
                continue
            if isinstance(got, Answer):
                call.answered_by = hook
                _close(pending)
                return _answered(entered, call, got.result)
            if not inspect.isawaitable(got):
                raise _bad_result(hook, got)
            pending.append((hook, got))
        coro = start()
    except BaseException as exc:
        _close(pending)
        _after(entered, call, None, exc)
        raise
    return _finish(entered, pending, call, coro)


async def _answered(entered: list[CallHook], call: ModelCall, result: Any) -> Any:
    _after(entered, call, result, None)
    return result


async def _finish(entered: list[CallHook], pending: list[tuple[CallHook, Any]],
                  call: ModelCall, coro: Coroutine[Any, Any, Any]) -> Any:
    try:
        result, answered = None, False
        while pending:
            hook, awaitable = pending.pop(0)
            got = await awaitable
            if isinstance(got, Answer):
                call.answered_by = hook
                result, answered = got.result, True
                break
            if got is not None:
                raise _bad_result(hook, got)
        if answered:
            coro.close()
            _close(pending)
        else:
            result = await coro
    except BaseException as exc:
        coro.close()  # not started (a hook failed or was cancelled), or already finished
        _close(pending)
        _after(entered, call, None, exc)
        raise
    _after(entered, call, result, None)
    return result
