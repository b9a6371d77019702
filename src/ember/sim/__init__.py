"""The simulated provider's text and the OpenAI/Anthropic-compatible simulator server.

`generate` gives the deterministic completion for a request, and `choices` the answers to a
whole chat request (`ChatRequest`: n, tools, a JSON schema); the `sim/` provider and the
server both use them, so they agree word for word. `SimServer` (in a thread) and
`SimServerProcess` (in a subprocess) serve it over HTTP with configurable latency, rate
limits and faults (`SimConfig`); `ember sim serve` does the same from the command line
(`serve_until_signalled`).

Inside: `_app` (routes and the steps of a call), one module per wire format (`_openai`,
`_anthropic`, sharing `_wire` and `_chat`), `_faults`, `_limits`, `_stats`, `_config`, and
the generators `_text`, `_schema` and `_embed`.
"""

from ._chat import ChatRequest as ChatRequest
from ._chat import Tool as Tool
from ._chat import choices as choices
from ._config import API_KEY_ENV as API_KEY_ENV
from ._config import SimConfig as SimConfig
from ._server import READY_PREFIX as READY_PREFIX
from ._server import SimServer as SimServer
from ._server import SimServerProcess as SimServerProcess
from ._server import is_loopback as is_loopback
from ._server import serve_until_signalled as serve_until_signalled
from ._text import IMAGE_TOKENS as IMAGE_TOKENS
from ._text import PART_TYPES as PART_TYPES
from ._text import Completion as Completion
from ._text import count_tokens as count_tokens
from ._text import generate as generate

__all__ = [
    "API_KEY_ENV",
    "ChatRequest",
    "IMAGE_TOKENS",
    "PART_TYPES",
    "READY_PREFIX",
    "Completion",
    "SimConfig",
    "SimServer",
    "SimServerProcess",
    "Tool",
    "choices",
    "count_tokens",
    "generate",
    "is_loopback",
    "serve_until_signalled",
]
