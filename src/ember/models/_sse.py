"""Server-sent events: reading a streamed answer line by line into a wire's `Decoder`.

The format (the WHATWG EventSource one, which OpenAI and Anthropic both use): lines of
``field: value``; ``event:`` names the event, ``data:`` lines (joined by newlines) carry
its payload, a line starting with ``:`` is a comment, and a blank line ends the event.
The decoder says when the answer is complete (OpenAI's ``data: [DONE]``, Anthropic's
``message_stop``); a body that ends without that is a broken stream.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import aiohttp

from ember._errors import MalformedResponse
from ember.models._provider import Emit
from ember.models._transport import excerpt
from ember.models._wire import Decoder

__all__ = ["SSE"]


class SSE:
    """Reads one streamed answer (`Endpoint.post`'s ``stream=``); records time to first token.

    Args:
        decoder: the wire's reader of events.
        emit: where the pieces go (on the shared loop).
        started: `time.perf_counter()` when the call was made.
        model_id: named in errors.
    """

    __slots__ = ("decoder", "emit", "started_at", "model_id", "started", "ttft_s")

    def __init__(self, decoder: Decoder, emit: Emit, started: float, model_id: str) -> None:
        self.decoder, self.emit, self.started_at = decoder, emit, started
        self.model_id = model_id
        self.started = False  # a piece was passed on (retrying would repeat it)
        self.ttft_s: float | None = None

    def _emit(self, kind: str, value: Any) -> None:
        if not self.started:
            self.started = True
            self.ttft_s = time.perf_counter() - self.started_at
        self.emit(kind, value)

    async def read(self, content: aiohttp.StreamReader, alive: Callable[[], None]) -> None:
        """Feed each event to the decoder until it says the answer is complete; `alive()`
        after each line (the attempt's timeout then bounds the wait for the next).

        Raises:
            MalformedResponse: an event the decoder cannot read, an over-long line, or a
                body that ends before the answer is complete.
        """
        event: str | None = None
        data: list[str] = []
        problem = None
        try:
            async for raw in content:
                alive()
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                if line:
                    name, _, value = line.partition(":")
                    value = value[1:] if value.startswith(" ") else value
                    if name == "event":
                        event = value
                    elif name == "data":
                        data.append(value)
                    continue  # comments (":...") and other fields are skipped
                if data and self.decoder.feed(event, "\n".join(data), self._emit):
                    return
                event, data = None, []
            if data and self.decoder.feed(event, "\n".join(data), self._emit):
                return
        except (KeyError, IndexError, TypeError, ValueError, AttributeError,
                OverflowError) as exc:  # ValueError: also a line over aiohttp's limit
            problem = excerpt(f"{type(exc).__name__}: {exc}")
        # Raised outside the handler: nothing of the server's bytes is kept as a context.
        raise MalformedResponse(
            f"{self.model_id}: the stream " + (
                f"held an event that cannot be read ({problem})" if problem
                else "ended before the answer was complete") + ".", model_id=self.model_id)
