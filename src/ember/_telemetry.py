"""OpenTelemetry spans for model calls and for the scheduler's started calls (extra ``otel``).

Off by default, and then free: the scheduler's hook below is a function call and one global
check (well under a microsecond), model calls go through no hook at all, and
``opentelemetry`` is not even imported. Turn it on with
`enable()` (or ``EMBER_OTEL=1`` in the environment, read once at import; ``EMBER_OTEL=console``
also prints finished spans to stderr through the SDK's console exporter).

Two kinds of span:

- **a model call** (a call-path hook, `ember.models.add_hook`, added by `enable`): a CLIENT span
  named ``chat <model>`` following the OpenTelemetry GenAI semantic conventions:
  ``gen_ai.operation.name``, ``gen_ai.provider.name`` (and the older ``gen_ai.system``),
  ``gen_ai.request.model``, ``gen_ai.request.temperature`` / ``max_tokens`` / ``seed``,
  ``gen_ai.response.model``, ``gen_ai.response.finish_reasons``,
  ``gen_ai.usage.input_tokens``, ``gen_ai.usage.output_tokens``, ``error.type`` on failure;
  the span's duration is the call's latency, also given as ``ember.latency_s``.
- **a started call** (hook `traced_launch`, on the scheduler's `launch`): an INTERNAL span
  ``xcs.call <callable>`` for each call the JIT, `parallel` or `parallel_map` started early,
  from its start to its end (``ember.xcs.site``, ``ember.xcs.runner``, and
  ``code.function.name`` for a function).

Parenting follows the program, not the thread that happens to run the work: the current
context is captured where a call is *made* (the caller's thread) and attached where it
*runs* (a worker thread, or the task on Ember's event loop). A model call made inside a
started call is therefore a child of that call's span, which is a child of whatever span
was current around the jitted function.

Examples:
    >>> from ember import _telemetry
    >>> _telemetry.enabled()
    False
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import contextvars
import functools
import os
import sys
import traceback
import warnings
from collections.abc import Callable
from typing import Any, Final

from ember._core import CallHook, ModelCall, add_hook, remove_hook

__all__ = ["MSG_INSTALL", "disable", "enable", "enabled", "traced_launch"]

ENV: Final = "EMBER_OTEL"

MSG_INSTALL: Final = (
    "OpenTelemetry is not installed, so Ember cannot emit spans. "
    "Fix: pip install 'ember[otel]' (opentelemetry-api and opentelemetry-sdk)."
)

# The tracer while enabled, else None: the one thing the hooks look at when off.
_tracer: Any = None
_otel: Any = None  # the imported API pieces, filled in by enable()


class _API:
    """The OpenTelemetry names the hooks use, imported once by `enable`."""

    def __init__(self) -> None:
        from opentelemetry import context, trace
        from opentelemetry.trace import SpanKind, Status, StatusCode

        self.context = context
        self.trace = trace
        self.CLIENT = SpanKind.CLIENT
        self.INTERNAL = SpanKind.INTERNAL
        self.Status = Status
        self.ERROR = StatusCode.ERROR


def enable(tracer_provider: Any = None) -> None:
    """Emit a span per model call and per started call, through OpenTelemetry.

    Args:
        tracer_provider: an ``opentelemetry.sdk.trace.TracerProvider`` (or any API
            provider); None uses the global one (``trace.set_tracer_provider``), which
            must be configured with an exporter for spans to go anywhere.

    Raises:
        ImportError: when ``opentelemetry-api`` is not installed (`MSG_INSTALL`).

    Examples:
        >>> from opentelemetry.sdk.trace import TracerProvider
        >>> enable(TracerProvider())
        >>> enabled()
        True
        >>> disable()
    """
    global _tracer, _otel
    try:
        api = _API()
    except ImportError as exc:
        raise ImportError(MSG_INSTALL) from exc
    from ember import __version__

    provider = tracer_provider if tracer_provider is not None else api.trace.get_tracer_provider()
    _otel = api
    _tracer = provider.get_tracer("ember", __version__)
    add_hook(_MODEL_SPANS)


def disable() -> None:
    """Stop emitting spans (calls already in flight still end theirs).

    Examples:
        >>> disable()
        >>> enabled()
        False
    """
    global _tracer
    _tracer = None
    remove_hook(_MODEL_SPANS)


def enabled() -> bool:
    """Whether spans are being emitted.

    Examples:
        >>> isinstance(enabled(), bool)
        True
    """
    return _tracer is not None


# ----------------------------------------------------------------------------- model calls


class _ModelSpans(CallHook):
    """The call-path hook that gives each model call its span (added by `enable`)."""

    order_free = True  # (a span per call, whatever their order)

    def before(self, call: ModelCall) -> Any:
        api, tracer = _otel, _tracer
        if tracer is None or api is None:  # disabled meanwhile
            return None
        parent = api.context.get_current()  # the caller's context, where the call was made
        model_id = call.model_id
        provider, _, model = model_id.partition("/")
        attrs: dict[str, Any] = {
            "gen_ai.operation.name": "chat",
            "gen_ai.provider.name": provider,
            "gen_ai.system": provider,
            "gen_ai.request.model": model,
            "ember.model_id": model_id,
        }
        for key, name in _REQUEST_ATTRS:
            value = call.params.get(key)
            if isinstance(value, int | float) and not isinstance(value, bool):
                attrs[name] = value
        span = tracer.start_span(f"chat {model}", context=parent, kind=api.CLIENT,
                                 attributes=attrs, record_exception=False,
                                 set_status_on_exception=False)
        held = call.state[self] = [api, span, None]
        return self._attach(held, parent)

    @staticmethod
    async def _attach(held: list[Any], parent: Any) -> None:
        """On the loop, in the call's task: the span is current while the call runs."""
        api, span, _ = held
        held[2] = api.context.attach(api.trace.set_span_in_context(span, parent))

    def after(self, call: ModelCall, result: Any, error: BaseException | None) -> None:
        held = call.state.pop(self, None)
        if held is None:
            return
        api, span, token = held
        if token is not None:
            api.context.detach(token)
        if error is not None:
            _fail(span, error)
        else:
            _result_attributes(span, result)
        span.end()


_MODEL_SPANS: Final = _ModelSpans()

_REQUEST_ATTRS: Final = (
    ("temperature", "gen_ai.request.temperature"),
    ("max_tokens", "gen_ai.request.max_tokens"),
    ("seed", "gen_ai.request.seed"),
)


def _result_attributes(span: Any, result: Any) -> None:
    usage = getattr(result, "usage", None)
    if usage is not None:
        span.set_attribute("gen_ai.usage.input_tokens", usage.prompt_tokens)
        span.set_attribute("gen_ai.usage.output_tokens", usage.completion_tokens)
    answered = getattr(result, "model_id", None)
    if isinstance(answered, str):
        span.set_attribute("gen_ai.response.model", answered.partition("/")[2] or answered)
    finish = getattr(result, "finish_reason", None)
    if finish:
        span.set_attribute("gen_ai.response.finish_reasons", [finish])
    latency = getattr(result, "latency_s", None)
    if isinstance(latency, float):
        span.set_attribute("ember.latency_s", latency)
    cost = getattr(result, "cost_usd", None)
    if isinstance(cost, float):
        span.set_attribute("ember.cost_usd", cost)


def _fail(span: Any, exc: BaseException) -> None:
    """Mark `span` failed by `exc` (cancellation is not a failure: a speculative call)."""
    if isinstance(exc, asyncio.CancelledError | cf.CancelledError):
        span.set_attribute("ember.cancelled", True)
        return
    # Redacted like every text Ember shows (a user's own error may quote a key): so the
    # exception event is written here rather than by `span.record_exception`.
    from ember._core import redact

    message = redact(str(exc))
    span.set_attribute("error.type", type(exc).__qualname__)
    span.add_event("exception", {
        "exception.type": type(exc).__qualname__,
        "exception.message": message,
        "exception.stacktrace": redact("".join(traceback.format_exception(exc))),
    })
    span.set_status(_otel.Status(_otel.ERROR, f"{type(exc).__name__}: {message}"))


# ----------------------------------------------------------------------------- started calls


def traced_launch(launch: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate the scheduler's ``launch(callee, args, kwargs, runner, handle)``.

    Off: one global check, then `launch` as is. On: a span from the start of the call to
    the end of its future, and the context (holding that span) carried to where it runs.
    """

    @functools.wraps(launch)
    def hook(callee: Any, args: tuple, kwargs: dict, runner: str, handle: Any) -> Any:
        if _tracer is None:
            return launch(callee, args, kwargs, runner, handle)
        return _launch_span(launch, callee, args, kwargs, runner, handle)

    return hook


def _callable_name(callee: Any, args: tuple) -> str:
    """A readable name for the span: the function, or the model a models call goes to."""
    name = getattr(callee, "__qualname__", None)
    if isinstance(name, str):
        return name
    model_id = getattr(callee, "model_id", None)  # a ModelBinding
    if isinstance(model_id, str):
        return f"models {model_id}"
    if hasattr(callee, "acall") and args and isinstance(args[0], str):  # the models facade
        return f"models {args[0]}"
    return type(callee).__qualname__


def _launch_span(launch: Callable[..., Any], callee: Any, args: tuple, kwargs: dict,
                 runner: str, handle: Any) -> Any:
    api, tracer = _otel, _tracer
    name = _callable_name(callee, args)
    attrs: dict[str, Any] = {"ember.xcs.site": getattr(handle, "site", -1),
                             "ember.xcs.runner": runner}
    if isinstance(getattr(callee, "__qualname__", None), str):
        attrs["code.function.name"] = name
    span = tracer.start_span(f"xcs.call {name}", kind=api.INTERNAL, attributes=attrs,
                             record_exception=False, set_status_on_exception=False)
    token = api.context.attach(api.trace.set_span_in_context(span))
    try:
        if not (runner == "async" and hasattr(callee, "acall")):
            # A worker thread has a context of its own: run the call in a copy of this one.
            # (A task on the event loop copies the caller's context by itself, and `launch`
            # looks for `acall` on that callee, so it must stay as it is.)
            callee = functools.partial(contextvars.copy_context().run, callee)
        fut = launch(callee, args, kwargs, runner, handle)
    except BaseException as exc:
        _fail(span, exc)
        span.end()
        raise
    finally:
        api.context.detach(token)
    fut.add_done_callback(functools.partial(_end_launch, span))
    return fut


def _end_launch(span: Any, fut: Any) -> None:
    if fut.cancelled():
        span.set_attribute("ember.cancelled", True)
    else:
        exc = fut.exception()
        if exc is not None:
            _fail(span, exc)
    span.end()


# ----------------------------------------------------------------------------- environment


def _from_environment() -> None:
    value = os.environ.get(ENV, "").strip().lower()
    if value in ("", "0", "false", "no", "off"):
        return
    try:
        if value == "console":
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import ConsoleSpanExporter, SimpleSpanProcessor

            provider = TracerProvider()
            provider.add_span_processor(SimpleSpanProcessor(ConsoleSpanExporter(out=sys.stderr)))
            enable(provider)
        else:
            enable()
    except ImportError:
        warnings.warn(f"{ENV}={value!r} is set, but {MSG_INSTALL}", RuntimeWarning, stacklevel=2)


_from_environment()
