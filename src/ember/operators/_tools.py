"""The tool loop: call the model with tools, run the tools it asks for, answer, repeat.

``run_tools("openai/gpt-4o", "Weather in Oslo?", tools=[get_weather])`` calls the model
with the tools; while its answer asks for tool calls, each is run and its result sent back
(as the wire wants it: OpenAI's ``tool`` messages, Anthropic's ``tool_result`` blocks),
and the model is called again, at most `max_steps` times in all (then
`ToolStepsExhausted`, holding the last answer). The final answer's usage and cost are those
of every step.

The tool calls of one turn run concurrently on Ember's scheduler (a `Scope`, the one
failure policy: the first error cancels the rest and comes out as it is) when the JIT's
effect rules (`ember.xcs.lowlevel.effect_of`) know they only compute or read (pure, read,
model call). A tool that writes, prints, or whose effect is unknown is a barrier: it runs
alone, in the order the model gave, as the calls around it do. A result that is not a str
is sent as JSON. A call of a tool that is not among `tools` gets an error as its result,
so the model can correct itself.
"""

from __future__ import annotations

import asyncio
import inspect
import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from ember import _core
from ember._errors import InvalidTool, ToolStepsExhausted
from ember.models import (
    ModelBinding,
    ModelResult,
    Prompt,
    ToolCall,
    ToolSpec,
    Usage,
    models,
    tool_specs,
)
from ember.xcs import Kind
from ember.xcs.lowlevel import effect_of

__all__ = ["arun_tools", "run_tools"]

_FREE = frozenset({Kind.PURE, Kind.READ, Kind.MODEL})


def _overlaps(spec: ToolSpec | None) -> bool:
    """May this tool's call run alongside others (its effect is known to be a read)?"""
    if spec is None or spec.function is None:
        return False
    try:
        return effect_of(spec.function).kind in _FREE
    except Exception:  # noqa: BLE001 - no rule can be made: unknown, so one at a time
        return False


async def _run(spec: ToolSpec | None, call: ToolCall, names: list[str]) -> str:
    if spec is None:
        return f"error: there is no tool named {call.name!r}; the tools are {names}."
    fn = spec.function
    if fn is None:
        raise InvalidTool(f"the model called {call.name!r}, which was given as a schema; "
                          "run_tools runs functions. Fix: pass the function itself in tools=, "
                          "or run the calls yourself from models(...).tool_calls.")
    if inspect.iscoroutinefunction(fn):
        value = await fn(**call.arguments)
    else:
        value = await _core.to_thread(fn, **call.arguments)
    return value if isinstance(value, str) else json.dumps(value, default=str)


async def _turn(calls: Sequence[ToolCall], specs: Sequence[ToolSpec]) -> list[str]:
    """Every call's result, in the model's order; runs of free calls overlap."""
    by_name = {s.name: s for s in specs}
    names = list(by_name)
    results: list[str] = []
    i = 0
    while i < len(calls):
        j = i + 1
        if _overlaps(by_name.get(calls[i].name)):
            while j < len(calls) and _overlaps(by_name.get(calls[j].name)):
                j += 1
        if j - i == 1:
            results.append(await _run(by_name.get(calls[i].name), calls[i], names))
        else:
            async with _core.Scope() as scope:
                futures = [scope.spawn(_run, by_name.get(c.name), c, names) for c in calls[i:j]]
            results += [f.result() for f in futures]
        i = j
    return results


def _assistant(result: ModelResult) -> dict[str, Any]:
    """The model's answer as the assistant message that asked for the tools."""
    return {"role": "assistant", "content": result.text or None, "tool_calls": [
        {"id": c.id, "type": "function",
         "function": {"name": c.name, "arguments": json.dumps(c.arguments)}}
        for c in result.tool_calls]}


async def _loop(ask: Callable[[list[dict[str, Any]]], Awaitable[ModelResult]],
                messages: list[dict[str, Any]], specs: Sequence[ToolSpec], max_steps: int,
                model_id: str) -> ModelResult:
    usage, cost = Usage(), 0.0
    for _ in range(max_steps):
        result = await ask(messages)
        usage = usage + result.usage
        cost = None if cost is None or result.cost_usd is None else cost + result.cost_usd
        if not result.tool_calls:
            return result.replace(usage=usage, cost_usd=cost)
        outputs = await _turn(result.tool_calls, specs)
        messages = [*messages, _assistant(result), *(
            {"role": "tool", "tool_call_id": c.id, "content": out}
            for c, out in zip(result.tool_calls, outputs, strict=True))]
    raise ToolStepsExhausted(
        f"{model_id}: the model still asked for tools after max_steps={max_steps} calls. "
        "Fix: pass a larger max_steps=, or tool_choice='none' for a last answer.",
        model_id=model_id, result=result.replace(usage=usage, cost_usd=cost))


def _setup(model: str | ModelBinding, prompt: Prompt, tools: Sequence[Any], max_steps: int,
           params: dict[str, Any]) -> tuple[Callable, list[dict[str, Any]], tuple, str]:
    if isinstance(max_steps, bool) or not isinstance(max_steps, int) or max_steps < 1:
        raise InvalidTool(f"max_steps={max_steps!r} is not an int >= 1.")
    specs = tool_specs(tools)
    messages = [{"role": "user", "content": prompt}] if isinstance(prompt, str) else \
        [dict(m) for m in prompt]
    if isinstance(model, ModelBinding):
        model_id = model.model_id

        def ask(msgs: list[dict[str, Any]]) -> Awaitable[ModelResult]:
            return model.acall(msgs, tools=specs, **params)
    else:
        model_id = model

        def ask(msgs: list[dict[str, Any]]) -> Awaitable[ModelResult]:
            return models.acall(model, msgs, tools=specs, **params)
    return ask, messages, specs, model_id


def run_tools(model: str | ModelBinding, prompt: Prompt, /, *, tools: Sequence[Any],
              max_steps: int = 8, **params: Any) -> ModelResult:
    """Answer `prompt` with `model`, running the tools it asks for (see the module).

    Args:
        model: a model id or a `ModelBinding` (its defaults and fallbacks apply).
        prompt: a str or a list of messages.
        tools: Python functions (schemas from their type hints and docstrings) or
            `ToolSpec`s; async functions are awaited.
        max_steps: model calls at most.
        **params: for each model call (temperature=, tool_choice=, ...).

    Raises:
        ToolStepsExhausted: the model still asked for tools at the last step.
        InvalidTool: a tool cannot be described, or was given as a schema only and called.

    Examples:
        >>> def get_weather(city: str) -> str:
        ...     '''The weather in a city.'''
        ...     return f"sunny in {city}"
        >>> r = run_tools("sim/gpt", "What is the weather in Oslo?", tools=[get_weather],
        ...               latency=0)
        >>> r.tool_calls, r.finish_reason
        ((), 'stop')
    """
    ask, messages, specs, model_id = _setup(model, prompt, tools, max_steps, params)
    return _core.run(_loop(ask, messages, specs, max_steps, model_id))


async def arun_tools(model: str | ModelBinding, prompt: Prompt, /, *, tools: Sequence[Any],
                     max_steps: int = 8, **params: Any) -> ModelResult:
    """The async twin of `run_tools`."""
    ask, messages, specs, model_id = _setup(model, prompt, tools, max_steps, params)
    return await asyncio.wrap_future(_core.spawn(_loop(ask, messages, specs, max_steps,
                                                       model_id)))
