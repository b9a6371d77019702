"""Every error Ember raises, in one tree.

```
EmberError
├── ConfigError                 bad configuration file or settings
│   ├── MissingAPIKey           a provider needs a key that is not set
│   └── ConfigNotAFile          the config path is a directory, pipe, device or socket
├── ModelError                  anything about reaching a model (carries .model_id)
│   ├── InvalidModelId          not of the form "provider/model"
│   │   └── UnknownModel        a bare model id not in the catalogue (.candidates)
│   │       └── AmbiguousModel  a bare model id several catalogue entries match
│   ├── InvalidProvider         register_provider got a bad prefix or a non-Provider
│   │                           (also a ValueError)
│   ├── UnknownProvider         no provider registered under that name
│   ├── InvalidParameter        a call parameter has a bad value (also a ValueError)
│   │   ├── InvalidMessage      a chat message or content part is malformed (.index)
│   │   └── InvalidTool         a tool is neither a function with type hints nor a schema
│   ├── InvalidProviderResult   a custom provider gave no text (also a TypeError)
│   ├── InvalidHookResult       a call-path hook's `before` returned something unusable
│   ├── OutputValidationError   the answer did not fit `output=`, after retries (.raw, .errors)
│   ├── ToolStepsExhausted      a tool loop reached its step limit (.result: the last answer)
│   ├── BudgetExceeded          a call would pass the cost budget in force (.limit_usd, ...)
│   ├── UnknownPrice            a budget cannot bound a call to a model with no known price
│   ├── ProviderTimeout         no answer within the timeout, after retries
│   ├── ProviderDeadlineExceeded the call's deadline passed, or a retry would pass it
│   ├── ProviderConnectionError could not connect or the connection broke, after retries
│   ├── MalformedResponse       the provider answered with something we cannot read
│   │   └── ResponseTooLarge    the answer's body is over the size cap
│   └── ProviderError           the provider answered with an error status (.status, .body)
│       ├── AuthenticationFailed 401/403
│       ├── BadRequest           400/404/422
│       ├── RateLimited          429, after retries
│       └── ProviderUnavailable  5xx, after retries
├── OperatorError               composing or running operators and NON graphs
│   ├── NoForward               an Operator defines neither forward() nor aforward()
│   │                           (also a NotImplementedError)
│   ├── SpecError               an input or output does not match its spec (also a ValueError)
│   ├── NotationError           a NON spec cannot be parsed or built (also a ValueError;
│   │                           .position, .expected)
│   ├── InvalidRegistration     register_node/register_alias got a bad code, factory, option
│   │                           or alias, or a code already taken (also a ValueError)
│   ├── UnknownNodeCode         unregister_node of a code nobody registered (also a LookupError)
│   ├── NoRoute                 a Router matched no route and has no default (also a LookupError)
│   └── RetriesExhausted        every attempt of a Retry was rejected by its `accept` check
├── DataError                   reading or transforming a dataset (.source)
│   ├── MissingData             a file, split or field that is not there (also a LookupError)
│   │   └── UnknownDataset      a dataset name no one registered (the message lists close ones)
│   ├── InvalidDataArgument     a Dataset method got an argument it cannot use (also a
│   │                           ValueError and a TypeError)
│   ├── UnreadableFile          a file cannot be opened or read to its end: truncated or
│   │                           corrupt .gz, permissions, I/O errors (.path, .line)
│   └── MalformedData           a record cannot be read (also a ValueError; .path, .line)
│       └── EmptyDataset        the file holds no records at all
├── EvalError                   running an evaluation
│   ├── RecordExists            the record file already holds a run and resume was not asked
│   └── RecordMismatch          resuming a record written by another run (.path, .field)
├── RayError                    the Ray backend (evaluate(backend="ray"), ray_map): bad arguments
│   └── ClusterError            a Ray cluster cannot be used (missing extra, start, join,
│                               listeners off loopback, a worker that died)
├── CLIError                    bad input on the `ember` command line: one line, exit status 2
├── DeadlineExceeded            a scope's deadline passed before its work ended (.reason)
├── UnknownBenchmark            `ember bench NAME` matches no benchmark, or several
├── NotAnExplanation            `ember.viz` was given something that is not an explanation
│                               (also a TypeError)
└── XCSError                    the execution engine
    ├── JITError                a function cannot be compiled as asked
    ├── UnsupportedOption       an xcs.Config option a transform does not take, or a bad
    │                           value for one (also a ValueError)
    ├── InvalidAxes             vmap/pmap in_axes that do not fit the arguments (also a
    │                           ValueError)
    └── InvalidScanStep         a scan step that does not return (carry, output) (also a
                                TypeError)

JITWarning (a UserWarning)      a jitted function runs as written, and why (no source, ...)
```

The JIT never wraps the user's own exceptions: those come out as the plain function raises them.
"""

from __future__ import annotations

__all__ = [
    "AmbiguousModel",
    "AuthenticationFailed",
    "BadRequest",
    "BudgetExceeded",
    "CLIError",
    "ClusterError",
    "ConfigError",
    "ConfigNotAFile",
    "DataError",
    "DeadlineExceeded",
    "EmberError",
    "EmptyDataset",
    "EvalError",
    "InvalidAxes",
    "InvalidScanStep",
    "InvalidDataArgument",
    "InvalidModelId",
    "InvalidMessage",
    "InvalidRegistration",
    "InvalidProvider",
    "InvalidTool",
    "JITWarning",
    "InvalidParameter",
    "InvalidHookResult",
    "InvalidProviderResult",
    "JITError",
    "MalformedData",
    "MalformedResponse",
    "MissingAPIKey",
    "MissingData",
    "ModelError",
    "NoForward",
    "NoRoute",
    "NotAnExplanation",
    "NotationError",
    "OperatorError",
    "OutputValidationError",
    "ProviderConnectionError",
    "ProviderDeadlineExceeded",
    "ProviderError",
    "ProviderTimeout",
    "ProviderUnavailable",
    "RateLimited",
    "RayError",
    "RecordExists",
    "RecordMismatch",
    "ResponseTooLarge",
    "RetriesExhausted",
    "SpecError",
    "ToolStepsExhausted",
    "UnknownBenchmark",
    "UnknownDataset",
    "UnknownModel",
    "UnknownNodeCode",
    "UnknownPrice",
    "UnknownProvider",
    "UnreadableFile",
    "UnsupportedOption",
    "XCSError",
]


class EmberError(Exception):
    """Base class of every error Ember raises."""


class ConfigError(EmberError):
    """The configuration file or a setting is invalid."""


class MissingAPIKey(ConfigError):
    """A provider needs an API key that is not configured."""

    def __init__(self, message: str, *, provider: str, env_var: str) -> None:
        super().__init__(message)
        self.provider = provider
        self.env_var = env_var


class ConfigNotAFile(ConfigError):
    """The config path names a directory, FIFO, device or socket; `.path` and `.kind`."""

    def __init__(self, message: str, *, path: str, kind: str) -> None:
        super().__init__(message)
        self.path = path
        self.kind = kind


class ModelError(EmberError):
    """A model call failed; `.model_id` names the model."""

    def __init__(self, message: str, *, model_id: str | None = None) -> None:
        super().__init__(message)
        self.model_id = model_id


class InvalidModelId(ModelError, ValueError):
    """A model id is not of the form ``provider/model``."""


class InvalidProvider(ModelError, ValueError):
    """`register_provider` was given a malformed prefix or an object that is not a `Provider`."""


class UnknownProvider(ModelError, LookupError):
    """No provider is registered under the id's prefix."""


class UnknownModel(InvalidModelId, LookupError):
    """A bare model id (no ``provider/``) is not in the catalogue; `.candidates` are the closest."""

    def __init__(self, message: str, *, model_id: str | None = None,
                 candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message, model_id=model_id)
        self.candidates = candidates


class AmbiguousModel(UnknownModel):
    """A bare model id names models of several providers; `.candidates` are their full ids."""


class InvalidParameter(ModelError, ValueError):
    """A call parameter (temperature, max_tokens, ...) has a bad value."""


class InvalidMessage(InvalidParameter):
    """A chat message or one of its content parts is malformed; `.index` is the message's."""

    def __init__(self, message: str, *, model_id: str | None = None, index: int) -> None:
        super().__init__(message, model_id=model_id)
        self.index = index


class InvalidTool(InvalidParameter):
    """A tool is neither a function with type hints nor a tool schema (name and parameters)."""


class OutputValidationError(ModelError, ValueError):
    """The model's answer did not validate against ``output=`` after the allowed retries.

    `.raw` is the last answer's text and `.errors` the validator's message for it.
    """

    def __init__(self, message: str, *, model_id: str | None = None, raw: str,
                 errors: str) -> None:
        super().__init__(message, model_id=model_id)
        self.raw = raw
        self.errors = errors


class ToolStepsExhausted(ModelError):
    """A tool loop asked for tools again after its last allowed step; `.result` is that answer."""

    def __init__(self, message: str, *, model_id: str | None = None, result: object) -> None:
        super().__init__(message, model_id=model_id)
        self.result = result


class BudgetExceeded(ModelError):
    """A call was refused: the budget's spend, plus calls running and its estimate, would
    pass `.limit_usd` (`.spent_usd` so far, `.estimate_usd` for this call)."""

    def __init__(self, message: str, *, model_id: str | None = None, limit_usd: float,
                 spent_usd: float, estimate_usd: float) -> None:
        super().__init__(message, model_id=model_id)
        self.limit_usd = limit_usd
        self.spent_usd = spent_usd
        self.estimate_usd = estimate_usd


class UnknownPrice(ModelError):
    """A budget cannot bound a call to a model whose price is not known (set one)."""


class InvalidProviderResult(ModelError, TypeError):
    """A registered provider's `start` or its coroutine gave something other than text."""


class InvalidHookResult(ModelError, TypeError):
    """A call-path hook's `before` returned something other than None, an awaitable or `Answer`."""


class ProviderTimeout(ModelError, TimeoutError):
    """The provider did not answer within the timeout, after all retries."""


class ProviderDeadlineExceeded(ModelError, TimeoutError):
    """The call's overall deadline passed (or a retry the server asked for would pass it)."""

    def __init__(self, message: str, *, model_id: str | None = None, deadline: float,
                 elapsed: float, attempts: int, retry_after: float | None = None) -> None:
        super().__init__(message, model_id=model_id)
        self.deadline = deadline
        self.elapsed = elapsed
        self.attempts = attempts
        self.retry_after = retry_after


class ProviderConnectionError(ModelError, ConnectionError):
    """The connection to the provider failed or broke, after all retries."""


class MalformedResponse(ModelError):
    """The provider's answer could not be read (bad JSON, missing fields)."""


class ResponseTooLarge(MalformedResponse):
    """The answer's body is larger than the cap (`.limit` bytes) and was not read whole."""

    def __init__(self, message: str, *, model_id: str | None = None, limit: int) -> None:
        super().__init__(message, model_id=model_id)
        self.limit = limit


class ProviderError(ModelError):
    """The provider answered with an error status; `.status` and a short `.body` excerpt."""

    def __init__(
        self, message: str, *, model_id: str | None = None, status: int, body: str = ""
    ) -> None:
        super().__init__(message, model_id=model_id)
        self.status = status
        self.body = body


class AuthenticationFailed(ProviderError):
    """The provider rejected the credentials (401/403)."""


class BadRequest(ProviderError):
    """The provider rejected the request as invalid (400/404/422)."""


class RateLimited(ProviderError):
    """The provider kept answering 429 after all retries."""


class ProviderUnavailable(ProviderError):
    """The provider kept failing with 5xx after all retries."""


class OperatorError(EmberError):
    """Base class of errors raised while composing or running operators and NON graphs."""


class NoForward(OperatorError, NotImplementedError):
    """An `Operator` subclass was called but defines neither `forward` nor `aforward`."""


class SpecError(OperatorError, ValueError):
    """An operator's input or output does not match its spec.

    `.operator` names the operator, `.field` the argument or field (a path such as
    ``"items[2]"``), `.expected` the expected type as text, and `.value` the value found.
    """

    def __init__(self, message: str, *, operator: str | None = None, field: str | None = None,
                 expected: str | None = None, value: object = None) -> None:
        super().__init__(message)
        self.operator = operator
        self.field = field
        self.expected = expected
        self.value = value


class NotationError(OperatorError, ValueError):
    """A NON spec string cannot be parsed or built.

    `.position` is the index in `.text` where the problem is, `.expected` says what would have
    been accepted there, and `.stage` is the index of the string in a list of stages (or None).
    """

    def __init__(self, message: str, *, text: str, position: int, expected: str,
                 stage: int | None = None) -> None:
        super().__init__(message)
        self.text = text
        self.position = position
        self.expected = expected
        self.stage = stage


class InvalidRegistration(OperatorError, ValueError):
    """`register_node` or `register_alias` was given a malformed code, factory, option or alias,
    or a code that is already registered."""


class UnknownNodeCode(OperatorError, LookupError):
    """`unregister_node` was given a code that is not registered."""


class NoRoute(OperatorError, LookupError):
    """A Router's classifier matched none of its routes and the Router has no default."""


class RetriesExhausted(OperatorError):
    """Every attempt of a Retry returned a result its `accept` check rejected.

    `.attempts` is the number of attempts made and `.last_result` the last rejected result.
    """

    def __init__(self, message: str, *, attempts: int, last_result: object) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.last_result = last_result


class DataError(EmberError):
    """Base class of errors raised while reading or transforming a dataset; `.source` names it."""

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.source = source


class MissingData(DataError, LookupError):
    """A file, split or field that the caller named is not there."""


class UnknownDataset(MissingData):
    """A dataset name that is not in `ember.data`'s registry; the message lists close names."""


class InvalidDataArgument(DataError, ValueError, TypeError):
    """A `Dataset` method was given an argument it cannot use (a count, a callable, a seed)."""


class MalformedData(DataError, ValueError):
    """A record of a dataset cannot be read; `.path` and `.line` (1-based, or None) say where."""

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        super().__init__(message, source=path)
        self.path = path
        self.line = line


class EmptyDataset(MalformedData):
    """A dataset file holds no records at all (zero bytes, or only blank lines)."""


class UnreadableFile(DataError):
    """A dataset file cannot be opened or read to its end; `.path`, and `.line` where it broke."""

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        super().__init__(message, source=path)
        self.path = path
        self.line = line


class EvalError(EmberError):
    """Base class of errors raised by the evaluation harness itself (not by the system)."""


class RecordExists(EvalError):
    """The record file already holds results and `resume` was not asked for; `.path`."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path


class RecordMismatch(EvalError):
    """A record cannot be resumed by this run; `.path`, and `.field` says what differs."""

    def __init__(self, message: str, *, path: str, field: str) -> None:
        super().__init__(message)
        self.path = path
        self.field = field


class RayError(EmberError):
    """Base class of the Ray backend's errors; raised itself for bad arguments to `ray_map`."""


class ClusterError(RayError):
    """A Ray cluster cannot be used: no `ray`, start/join failed, it listens off loopback, or a
    worker died."""


class CLIError(EmberError):
    """Bad input on the `ember` command line: printed as one line, exit status 2."""


class DeadlineExceeded(EmberError, TimeoutError):
    """A scope's deadline passed before its work ended; the message names the scope's reason."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


class UnknownBenchmark(EmberError, LookupError):
    """A benchmark name given to `ember bench` matches no shipped benchmark, or several."""


class NotAnExplanation(EmberError, TypeError):
    """A renderer of `ember.viz` was given something that is not an explanation."""


class XCSError(EmberError):
    """Base class of errors raised by the execution engine itself."""


class JITError(XCSError):
    """A function cannot be compiled the way the caller asked."""


class UnsupportedOption(XCSError, ValueError):
    """An `xcs.Config` option (or value) that the transform it is given to does not support."""


class InvalidAxes(XCSError, ValueError):
    """`in_axes` of vmap/pmap that do not fit the function's arguments."""


class InvalidScanStep(XCSError, TypeError):
    """A `scan` step returned something other than a ``(carry, output)`` pair."""


class JITWarning(UserWarning):
    """A jitted function runs as written (no source to analyse, ...): the message says the fix."""
