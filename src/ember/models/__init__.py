"""Calling language models: ``models("provider/model", prompt, **params)``.

`models` is the facade (sync call, `acall`, `instance`, `list`); results are `ModelResult`
strings carrying usage, latency and cost. Providers are found by id prefix in a registry:
``sim`` (built-in simulator), ``openai``, ``anthropic``, and endpoints named in the config
file (see `ember.models._config`). All provider I/O runs on Ember's shared event loop,
with per-endpoint limits and retries (`ember.models._transport`).

Examples:
    >>> from ember.models import models
    >>> models("sim/gpt", "Hi", latency=0).model_id
    'sim/gpt'
"""

from ember.models._api import ModelBinding as ModelBinding
from ember.models._api import Models as Models
from ember.models._api import Prompt as Prompt
from ember.models._api import models as models
from ember.models._ids import ModelId as ModelId
from ember.models._params import UNSET as UNSET
from ember.models._params import Request as Request
from ember.models._provider import Provider as Provider
from ember.models._registry import register_provider as register_provider
from ember.models._result import ModelResult as ModelResult
from ember.models._result import Usage as Usage

__all__ = [
    "UNSET",
    "ModelBinding",
    "ModelId",
    "ModelResult",
    "Models",
    "Prompt",
    "Provider",
    "Request",
    "Usage",
    "models",
    "register_provider",
]
