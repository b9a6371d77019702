"""The `models` facade and `ModelBinding`: call any model by id, sync or async.

Every call takes the same path: parse the id, find the provider, validate the prompt and
parameters into a `Request` (in the caller's thread, so mistakes raise where they were
made), then run the provider's coroutine on Ember's one shared event loop. The sync form
blocks on it; the async form awaits it directly when already on that loop and bridges to
it otherwise (`_bridge`). Both are marked ``__ember_io__ = "read"`` so `xcs.jit` starts
them early through `acall` on the shared loop.
"""

from __future__ import annotations

import time
from collections.abc import Coroutine, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, ClassVar

from ember import _core
from ember import _telemetry as _telemetry  # reads EMBER_OTEL: spans from the first call
from ember._errors import InvalidParameter
from ember.models._bridge import await_on_shared_loop
from ember.models._budget import Budget, budget
from ember.models._catalogue import CatalogueNames, ModelInfo
from ember.models._catalogue import info as catalogue_info
from ember.models._fallbacks import with_fallbacks
from ember.models._ids import parse_model_id
from ember.models._params import UNSET, Unset, check_params, make_request, short_repr
from ember.models._pricing import set_price
from ember.models._provider import Emit
from ember.models._providers import ProviderInfo, providers
from ember.models._registry import list_models, lookup
from ember.models._response_cache import configured as configured_cache
from ember.models._result import ModelResult
from ember.models._stream import AsyncStream, Stream
from ember.models._structured import DEFAULT_RETRIES, Output, structured

__all__ = ["ModelBinding", "Models", "Prompt", "models"]

Prompt = str | Sequence[Mapping[str, Any]]
"""A prompt: one user message as a str, or a list of ``{"role", "content"}`` messages."""


def _start(model_id: str, prompt: Prompt, params: dict[str, Any],
           emit: Emit | None = None) -> Coroutine[Any, Any, Any]:
    """Validate one call and return its coroutine (to run on the shared loop).

    With call-path hooks active (`ember.models.add_hook`, `scoped_hooks`), their `before`
    runs here and the coroutine returned finishes the call through them; with none, it is
    the provider's own coroutine. With ``output=`` in `params`, the coroutine validates the
    answer and retries (`_structured`); with `emit`, the call streams its pieces to it.
    """
    if "output" in params:
        return _start_structured(model_id, prompt, params, emit)
    started = time.perf_counter()
    parsed = parse_model_id(model_id)
    provider = lookup(parsed.provider, model_id)
    request = make_request(model_id, prompt, params)
    hooks = _core.active_hooks()
    cache = configured_cache()  # EMBER_CACHE_DIR: first, so a served call passes no budget
    if cache is not None:
        hooks = (cache, *hooks)
    if not hooks:  # the common case: no closure to make
        if emit is None:
            return provider.start(parsed, request, started)
        return provider.start_stream(parsed, request, started, emit)
    if emit is not None:
        def begin() -> Coroutine[Any, Any, ModelResult]:
            return provider.start_stream(parsed, request, started, emit)
    else:
        def begin() -> Coroutine[Any, Any, ModelResult]:
            return provider.start(parsed, request, started)
    call = _core.ModelCall(model_id, request.messages, params, request)
    return _core.run_hooked(hooks, call, begin)


def _start_structured(model_id: str, prompt: Prompt, params: dict[str, Any],
                      emit: Emit | None) -> Coroutine[Any, Any, ModelResult]:
    """The call of ``output=T``: the JSON schema asked for, the answer validated, retried."""
    params = dict(params)
    output = Output(params.pop("output"))
    retries = params.pop("output_retries", DEFAULT_RETRIES)
    if isinstance(retries, bool) or not isinstance(retries, int) or retries < 0:
        raise InvalidParameter(f"{model_id}: output_retries={retries!r} is not valid; it must "
                               "be an int >= 0.", model_id=model_id)
    if emit is not None:
        raise InvalidParameter(f"{model_id}: output= cannot be streamed (the value exists once "
                               "the answer is whole). Fix: call models(..., output=T).",
                               model_id=model_id)
    parsed = parse_model_id(model_id)
    params["json_schema"] = output.schema
    messages = make_request(model_id, prompt, {}).messages
    if not lookup(parsed.provider, model_id).json_schema_native(parsed):
        messages = [{"role": "system", "content": output.instruction()}, *messages]
    first = _start(model_id, messages, params)
    return structured(first, lambda again: _start(model_id, again, params), messages, output,
                      retries, model_id)

def _collect(params: dict[str, Any], system: Any, temperature: Any, max_tokens: Any, seed: Any,
             stop: Any, timeout: Any, latency: Any) -> dict[str, Any]:
    """Add the named parameters that were given to `params` (the pass-through ones)."""
    if system is not UNSET:
        params["system"] = system
    if temperature is not UNSET:
        params["temperature"] = temperature
    if max_tokens is not UNSET:
        params["max_tokens"] = max_tokens
    if seed is not UNSET:
        params["seed"] = seed
    if stop is not UNSET:
        params["stop"] = stop
    if timeout is not UNSET:
        params["timeout"] = timeout
    if latency is not UNSET:
        params["latency"] = latency
    return params


class Models(metaclass=CatalogueNames):
    """Call a language model by id: ``models("provider/model", prompt, **params)``.

    Ids are ``"provider/model"``: ``sim/<name>`` (built-in simulator, no key),
    ``openai/<model>``, ``anthropic/<model>``, or ``<endpoint>/<model>`` for an endpoint in
    the config file. Use `acall` in async code and `instance` to bind defaults. The
    catalogue's names are constants on the class: ``Models.GPT_4O_MINI == "gpt-4o-mini"``.

    Args:
        model_id: ``"provider/model"``.
        prompt: a str (one user message) or a list of ``{"role", "content"}`` dicts.
        system: a system prompt, placed first (OpenAI) or in ``system`` (Anthropic).
        temperature: 0 to 2 (Anthropic: 0 to 1); None sends none.
        max_tokens: an int >= 1 capping the completion.
        seed: an int for providers that support seeded sampling.
        stop: a str or list of str to stop at.
        timeout: seconds per attempt (default 60, or the endpoint's `timeout`); None: no limit.
        deadline: (a keyword in ``**params``) seconds the whole call may spend on the
            provider, retries and their waits included (default 300, or the endpoint's
            `deadline`); None: no limit. Past it: `ProviderDeadlineExceeded`.
        latency: simulated latency in seconds (``sim/`` and the simulator server; 0 allowed).
        output: (a keyword in ``**params``) a pydantic model, dataclass, TypedDict, type or
            JSON schema: the call returns a validated value of it instead of text (see
            `parse` for the text, usage and cost too); ``output_retries`` (default 2) bounds
            the retries after an invalid answer, then `OutputValidationError`.
        tools: (in ``**params``) functions or tool schemas the model may call; the calls it
            asks for are the result's `.tool_calls` (`ember.operators.run_tools` runs them).
            ``tool_choice``: "auto", "none", "required" or a tool's name.
        n: (in ``**params``) how many choices: all are the result's `.choices`, its usage
            theirs summed.
        **params: passed through to the provider's request body (e.g. ``top_p``).

    Returns:
        A `ModelResult`: the text as a `str`, with `.usage`, `.model_id`, `.latency_s`,
        `.cost_usd`, `.finish_reason`, `.tool_calls` and `.choices`. With ``output=T``: the
        `T`.

    Raises:
        InvalidModelId, UnknownProvider, InvalidParameter: before any I/O.
        MissingAPIKey, ConfigError: when the provider is not configured.
        AuthenticationFailed, BadRequest, RateLimited, ProviderUnavailable, ProviderTimeout,
        ProviderDeadlineExceeded, ProviderConnectionError, MalformedResponse (and its
        ResponseTooLarge): when the call itself fails.
        OutputValidationError: with ``output=``, no answer validated.

    Examples:
        >>> r = models("sim/gpt", "What is 2+2?", temperature=0, latency=0)
        >>> r.startswith("[gpt]"), r.model_id, r.usage.total_tokens > 0
        (True, 'sim/gpt', True)
        >>> from dataclasses import dataclass
        >>> @dataclass
        ... class City:
        ...     name: str
        >>> type(models("sim/gpt", "Name a city", output=City, latency=0)).__name__
        'City'
    """

    __ember_io__: ClassVar[str] = "read"
    __slots__ = ()

    def __call__(
        self,
        model_id: str,
        prompt: Prompt,
        /,
        *,
        system: str | None | Unset = UNSET,
        temperature: float | None | Unset = UNSET,
        max_tokens: int | None | Unset = UNSET,
        seed: int | None | Unset = UNSET,
        stop: str | Sequence[str] | None | Unset = UNSET,
        timeout: float | None | Unset = UNSET,
        latency: float | None | Unset = UNSET,
        **params: Any,
    ) -> ModelResult:
        params = _collect(params, system, temperature, max_tokens, seed, stop, timeout, latency)
        return _value(params, _core.run(_start(model_id, prompt, params)))

    async def acall(
        self,
        model_id: str,
        prompt: Prompt,
        /,
        *,
        system: str | None | Unset = UNSET,
        temperature: float | None | Unset = UNSET,
        max_tokens: int | None | Unset = UNSET,
        seed: int | None | Unset = UNSET,
        stop: str | Sequence[str] | None | Unset = UNSET,
        timeout: float | None | Unset = UNSET,
        latency: float | None | Unset = UNSET,
        **params: Any,
    ) -> ModelResult:
        """The async twin of calling `models`: same arguments, awaitable on any loop.

        Examples:
            >>> import asyncio
            >>> async def main():
            ...     a, b = await asyncio.gather(
            ...         models.acall("sim/gpt", "Hi", latency=0.01),
            ...         models.acall("sim/judge", "Hi", latency=0.01))
            ...     return a.model_id, b.model_id
            >>> asyncio.run(main())
            ('sim/gpt', 'sim/judge')
        """
        params = _collect(params, system, temperature, max_tokens, seed, stop, timeout, latency)
        return _value(params, await await_on_shared_loop(_start(model_id, prompt, params)))

    def parse(self, model_id: str, prompt: Prompt, /, *, output: Any, **params: Any
              ) -> ModelResult:
        """``models(id, prompt, output=T)`` with everything kept: the `ModelResult` of the
        answer that validated, its value as `.parsed`, its raw text as the text, and the
        usage and cost of every attempt.

        Examples:
            >>> r = models.parse("sim/gpt", "Two primes", output=list[int], latency=0)
            >>> all(isinstance(x, int) for x in r.parsed), r.text.startswith("{")
            (True, True)
        """
        return _core.run(_start(model_id, prompt, {**params, "output": output}))

    async def aparse(self, model_id: str, prompt: Prompt, /, *, output: Any, **params: Any
                     ) -> ModelResult:
        """The async twin of `parse`."""
        return await await_on_shared_loop(_start(model_id, prompt, {**params,
                                                                    "output": output}))

    def stream(self, model_id: str, prompt: Prompt, /, **params: Any) -> Stream:
        """Start a call and iterate its answer as it arrives (`Stream`).

        Iterating gives the text's pieces, so ``"".join(stream)`` is the text; then
        ``stream.result`` is the `ModelResult` (usage, cost, latency, `ttft_s`). Leaving
        the loop early closes the connection. Same parameters as calling `models`.

        Examples:
            >>> s = models.stream("sim/gpt", "Hi", latency=0)
            >>> "".join(s) == models("sim/gpt", "Hi", latency=0), s.result.ttft_s >= 0
            (True, True)
        """
        return Stream(model_id, lambda emit: _start(model_id, prompt, params, emit))

    async def astream(self, model_id: str, prompt: Prompt, /, **params: Any) -> AsyncStream:
        """The async twin of `stream`: ``async for piece in await models.astream(...)``.

        Examples:
            >>> import asyncio
            >>> async def main():
            ...     s = await models.astream("sim/gpt", "Hi", latency=0)
            ...     return "".join([p async for p in s]) == s.result
            >>> asyncio.run(main())
            True
        """
        return AsyncStream(model_id, lambda emit: _start(model_id, prompt, params, emit))

    def instance(self, model_id: str, /, **defaults: Any) -> ModelBinding:
        """Bind a model id and default parameters into a callable `ModelBinding`.

        Args:
            model_id: ``"provider/model"``.
            **defaults: any call parameter; per-call arguments override them. With
                ``fallbacks=[ids]``, a provider-side failure of one model (after its
                retries; not a bad request) passes the call to the next (`_fallbacks`).

        Raises:
            InvalidModelId, UnknownProvider, InvalidParameter: at once.

        Examples:
            >>> judge = models.instance("sim/judge", temperature=0, latency=0)
            >>> judge
            ModelBinding('sim/judge', temperature=0, latency=0)
            >>> judge("Is 2+2=4?") == models("sim/judge", "Is 2+2=4?", temperature=0, latency=0)
            True
        """
        return ModelBinding(model_id, **defaults)

    def list(self) -> list[str]:
        """Known model ids: simulated models, well-known OpenAI/Anthropic ones, and the
        models of endpoints configured with ``models = [...]``.

        Examples:
            >>> "sim/gpt" in models.list()
            True
        """
        return list_models()

    def budget(self, usd: float) -> AbstractContextManager[Budget]:
        """Refuse the block's model calls that would pass `usd` dollars (`BudgetExceeded`).

        See `ember.models._budget`: a call's estimate is its prompt plus ``max_tokens`` at
        its model's prices; calls already running finish and are counted.

        Examples:
            >>> with models.budget(usd=1) as spend:
            ...     _ = models("sim/gpt", "Hi", latency=0)
            >>> 0 < spend.spent_usd < 1
            True
        """
        return budget(usd)

    def set_price(self, model_id: str, /, input_per_mtok: float,
                  output_per_mtok: float) -> None:
        """Price a model at USD per million input and output tokens (see `set_price`).

        Examples:
            >>> models.set_price("sim/pricey", 10, 30)
            >>> models("sim/pricey", "Hi", max_tokens=10, latency=0).cost_usd > 0
            True
        """
        set_price(model_id, input_per_mtok, output_per_mtok)

    # Not a model call: it changes what later calls cost (`xcs.jit` keeps it in its place).
    set_price.__ember_io__ = "unknown"  # type: ignore[attr-defined]

    def providers(self) -> list[ProviderInfo]:
        """Every id prefix that can be called, and whether it has the key it needs.

        Examples:
            >>> [(p.name, p.has_credentials) for p in models.providers()][0]
            ('sim', True)
        """
        return providers()

    def response(self, model_id: str, prompt: Prompt, /, **params: Any) -> ModelResult:
        """The earlier Ember's ``models.response(...)``: the same call, its `ModelResult`.

        Every call already returns the text with its metadata (``.text``, ``.usage``,
        ``.model_id``), so this is the call itself, kept for code that asks by this name.

        Examples:
            >>> r = models.response("sim/gpt", "Hi", latency=0)
            >>> r.text == models("sim/gpt", "Hi", latency=0), r.model_id
            (True, 'sim/gpt')
        """
        return self(model_id, prompt, **params)

    def info(self, model_id: str, /) -> ModelInfo | None:
        """What the catalogue knows about a model (context window, prices), or None.

        Examples:
            >>> models.info("gpt-4o-mini").context_window
            128000
        """
        parsed = parse_model_id(model_id)
        return catalogue_info(parsed.provider, parsed.name)

    def __repr__(self) -> str:
        return "<ember.api.models>"


class ModelBinding:
    """A model id with default parameters, called like a function.

    Made by `models.instance`. ``binding(prompt, **overrides)`` and
    ``await binding.acall(prompt, **overrides)`` take the same parameters as `models`;
    per-call values win over the defaults.

    Examples:
        >>> brief = ModelBinding("sim/gpt", system="Be brief", latency=0)
        >>> brief("Hi", temperature=0.5).model_id
        'sim/gpt'
        >>> ModelBinding("sim/gpt", fallbacks=["sim/claude"]).fallbacks
        ('sim/claude',)
    """

    __ember_io__: ClassVar[str] = "read"
    __slots__ = ("model_id", "defaults", "fallbacks")

    model_id: str
    defaults: dict[str, Any]
    fallbacks: tuple[str, ...]

    def __init__(self, model_id: str, /, *, fallbacks: Sequence[str] = (),
                 **defaults: Any) -> None:
        if isinstance(fallbacks, str):
            fallbacks = (fallbacks,)
        for each in (model_id, *fallbacks):
            lookup(parse_model_id(each).provider, each)
        self.model_id = model_id
        self.fallbacks = tuple(fallbacks)
        self.defaults = check_params(model_id, defaults)

    def __ember_output__(self) -> Any:
        """The ``output=`` its calls validate answers into (`xcs.jit` looks at what that runs)."""
        return self.defaults.get("output")

    def _call(self, prompt: Prompt, params: dict[str, Any]) -> Coroutine[Any, Any, Any]:
        params = {**self.defaults, **params}
        first = _start(self.model_id, prompt, params)
        if not self.fallbacks:
            return first
        return with_fallbacks(first, lambda other: _start(other, prompt, params),
                              (self.model_id, *self.fallbacks))

    def __call__(
        self,
        prompt: Prompt,
        /,
        *,
        system: str | None | Unset = UNSET,
        temperature: float | None | Unset = UNSET,
        max_tokens: int | None | Unset = UNSET,
        seed: int | None | Unset = UNSET,
        stop: str | Sequence[str] | None | Unset = UNSET,
        timeout: float | None | Unset = UNSET,
        latency: float | None | Unset = UNSET,
        **params: Any,
    ) -> ModelResult:
        params = _collect(params, system, temperature, max_tokens, seed, stop, timeout, latency)
        return _value({**self.defaults, **params}, _core.run(self._call(prompt, params)))

    async def acall(
        self,
        prompt: Prompt,
        /,
        *,
        system: str | None | Unset = UNSET,
        temperature: float | None | Unset = UNSET,
        max_tokens: int | None | Unset = UNSET,
        seed: int | None | Unset = UNSET,
        stop: str | Sequence[str] | None | Unset = UNSET,
        timeout: float | None | Unset = UNSET,
        latency: float | None | Unset = UNSET,
        **params: Any,
    ) -> ModelResult:
        """The async twin of calling the binding.

        Examples:
            >>> import asyncio
            >>> asyncio.run(ModelBinding("sim/gpt", latency=0).acall("Hi")).model_id
            'sim/gpt'
        """
        params = _collect(params, system, temperature, max_tokens, seed, stop, timeout, latency)
        result = await await_on_shared_loop(self._call(prompt, params))
        return _value({**self.defaults, **params}, result)

    def parse(self, prompt: Prompt, /, *, output: Any, **params: Any) -> ModelResult:
        """`models.parse` with this binding's defaults and fallbacks.

        Examples:
            >>> ModelBinding("sim/gpt", latency=0).parse("Two", output=list[int]).parsed != 0
            True
        """
        return _core.run(self._call(prompt, {**params, "output": output}))

    async def aparse(self, prompt: Prompt, /, *, output: Any, **params: Any) -> ModelResult:
        """The async twin of `parse`."""
        return await await_on_shared_loop(self._call(prompt, {**params, "output": output}))

    def stream(self, prompt: Prompt, /, **params: Any) -> Stream:
        """`models.stream` with this binding's defaults (no fallbacks: pieces already
        passed on cannot be taken back)."""
        return models.stream(self.model_id, prompt, **{**self.defaults, **params})

    async def astream(self, prompt: Prompt, /, **params: Any) -> AsyncStream:
        """The async twin of `stream`."""
        return await models.astream(self.model_id, prompt, **{**self.defaults, **params})

    def __repr__(self) -> str:
        args = "".join(f", {k}={short_repr(v)}" for k, v in self.defaults.items())
        if self.fallbacks:
            args += f", fallbacks={list(self.fallbacks)!r}"
        return f"ModelBinding({self.model_id!r}{args})"


def _value(params: dict[str, Any], result: ModelResult) -> Any:
    """What a call returns: with ``output=``, the validated value; else the result."""
    return result.parsed if "output" in params else result


models = Models()
"""The model facade: ``models(id, prompt, **params)``; see `Models`."""
