"""Calling language models: ``models("provider/model", prompt, **params)``.

`models` is the facade (sync call, `acall`, `stream`/`astream`, `parse`/`aparse`,
`instance`, `list`); results are `ModelResult` strings carrying usage, latency, cost, tool
calls and choices. ``output=T`` returns a validated `T`; ``tools=[...]`` lets the model ask
for tool calls (`ember.operators.run_tools` runs the loop); ``fallbacks=`` on `instance`
passes a failed call to the next model. Providers are found by id prefix in a registry:
``sim`` (built-in simulator), ``openai``, ``anthropic``, and endpoints named in the config
file (see `ember.models._config`). All provider I/O runs on Ember's shared event loop,
with per-endpoint limits and retries (`ember.models._transport`).

Call-path hooks (`CallHook`, `add_hook`, `scoped_hooks`) see every call before and after
it, with its request and its result or error; a hook may wait before a call or answer it
itself (`Answer`). They live in the kernel (`ember._core`), so layers below operators can
use them too.

Examples:
    >>> from ember.models import models
    >>> models("sim/gpt", "Hi", latency=0).model_id
    'sim/gpt'
"""

from ember._core import Answer as Answer
from ember._core import CallHook as CallHook
from ember._core import ModelCall as ModelCall
from ember._core import add_hook as add_hook
from ember._core import redact as redact
from ember._core import remove_hook as remove_hook
from ember._core import scoped_hooks as scoped_hooks
from ember.models._api import ModelBinding as ModelBinding
from ember.models._api import Models as Models
from ember.models._api import Prompt as Prompt
from ember.models._api import models as models
from ember.models._budget import Budget as Budget
from ember.models._budget import budget as budget
from ember.models._cache import AnswerStore as AnswerStore
from ember.models._cache import DiskAnswers as DiskAnswers
from ember.models._catalogue import ModelInfo as ModelInfo
from ember.models._config import config_path as config_path
from ember.models._context import context as context
from ember.models._context import get_config as get_config
from ember.models._context import set_config as set_config
from ember.models._ids import ModelId as ModelId
from ember.models._limits import RateBucket as RateBucket
from ember.models._limits import set_rate_buckets as set_rate_buckets
from ember.models._params import UNSET as UNSET
from ember.models._params import Request as Request
from ember.models._parts import image as image
from ember.models._pricing import set_price as set_price
from ember.models._provider import Provider as Provider
from ember.models._providers import EndpointCheck as EndpointCheck
from ember.models._providers import ProviderInfo as ProviderInfo
from ember.models._providers import check_endpoints as check_endpoints
from ember.models._registry import register_provider as register_provider
from ember.models._response_cache import CACHE_FILE as CACHE_FILE
from ember.models._response_cache import ResponseCache as ResponseCache
from ember.models._response_cache import cache_file as cache_path
from ember.models._result import ModelResult as ModelResult
from ember.models._result import ToolCall as ToolCall
from ember.models._result import Usage as Usage
from ember.models._stream import AsyncStream as AsyncStream
from ember.models._stream import Stream as Stream
from ember.models._stream import ToolDelta as ToolDelta
from ember.models._tools import ToolSpec as ToolSpec
from ember.models._tools import tool_specs as tool_specs

__all__ = [
    "CACHE_FILE",
    "UNSET",
    "Answer",
    "AsyncStream",
    "AnswerStore",
    "Budget",
    "CallHook",
    "DiskAnswers",
    "EndpointCheck",
    "ModelBinding",
    "ModelCall",
    "ModelId",
    "ModelInfo",
    "ModelResult",
    "Models",
    "Prompt",
    "Provider",
    "ProviderInfo",
    "RateBucket",
    "Request",
    "ResponseCache",
    "Stream",
    "ToolCall",
    "ToolDelta",
    "ToolSpec",
    "Usage",
    "add_hook",
    "budget",
    "cache_path",
    "check_endpoints",
    "config_path",
    "context",
    "image",
    "get_config",
    "models",
    "redact",
    "register_provider",
    "remove_hook",
    "set_config",
    "set_price",
    "scoped_hooks",
    "set_rate_buckets",
    "tool_specs",
]
