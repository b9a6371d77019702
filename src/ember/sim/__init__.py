"""The simulated provider's text and the OpenAI/Anthropic-compatible simulator server.

`generate` gives the deterministic completion for a request; the `sim/` provider and the
server both use it, so they agree word for word. `SimServer` (in a thread) and
`SimServerProcess` (in a subprocess) serve it over HTTP with configurable latency, rate
limits and faults (`SimConfig`); `ember sim serve` does the same from the command line.
"""

from ._server import SimConfig as SimConfig
from ._server import SimServer as SimServer
from ._server import SimServerProcess as SimServerProcess
from ._text import Completion as Completion
from ._text import count_tokens as count_tokens
from ._text import generate as generate

__all__ = [
    "Completion",
    "SimConfig",
    "SimServer",
    "SimServerProcess",
    "count_tokens",
    "generate",
]
