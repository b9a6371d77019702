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
from typing import Any, Final

import aiohttp

from ember._errors import MalformedResponse, ProviderError
from ember.models._provider import Emit
from ember.models._transport import excerpt
from ember.models._wire import Decoder

__all__ = ["MAX_EVENT_BYTES", "SSE"]

MAX_EVENT_BYTES: Final = 8 * 1024 * 1024  # one event larger than this is refused


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

    def _event(self, raw: bytes) -> bool:
        """Read one event's lines (``event:``, ``data:``; comments and other fields are
        skipped) and feed it to the decoder; True when the answer is complete."""
        event: str | None = None
        data: list[str] = []
        for line in raw.decode("utf-8", "replace").split("\n"):
            name, _, value = line.partition(":")
            if name == "data":
                data.append(value[1:] if value.startswith(" ") else value)
            elif name == "event":
                event = value.strip()
        return bool(data) and self.decoder.feed(event, "\n".join(data), self._emit)

    def _emit(self, kind: str, value: Any) -> None:
        if not self.started:
            self.started = True
            self.ttft_s = time.perf_counter() - self.started_at
        self.emit(kind, value)

    async def read(self, content: aiohttp.StreamReader, alive: Callable[[], None]) -> None:
        """Feed each event to the decoder until it says the answer is complete; `alive()`
        after each chunk of the body (the attempt's timeout then bounds the wait for the
        next). The body is read as it arrives and cut into events here: far cheaper than a
        read per line when thousands of streams run at once.

        Raises:
            MalformedResponse: an event the decoder cannot read, an event over
                `MAX_EVENT_BYTES`, or a body that ends before the answer is complete.
        """
        buffer = b""
        problem = failed = None
        try:
            async for chunk in content.iter_any():
                alive()
                buffer = (buffer + chunk).replace(b"\r\n", b"\n") if b"\r" in chunk or \
                    buffer.endswith(b"\r") else buffer + chunk
                start, end = 0, buffer.find(b"\n\n")
                while end >= 0:
                    if self._event(buffer[start:end]):
                        return
                    start, end = end + 2, buffer.find(b"\n\n", end + 2)
                buffer = buffer[start:]
                if len(buffer) > MAX_EVENT_BYTES:
                    raise ValueError(f"an event is over {MAX_EVENT_BYTES // 2**20} MiB")
            if buffer.strip() and self._event(buffer.strip(b"\n")):
                return
        except (KeyError, IndexError, TypeError, ValueError, AttributeError,
                OverflowError) as exc:
            problem = excerpt(f"{type(exc).__name__}: {exc}")
        except ProviderError as exc:  # an error event: named after the model, no context
            failed = exc
        if failed is not None:
            raise type(failed)(f"{self.model_id}: {failed}", model_id=self.model_id,
                               status=failed.status, body=failed.body) from None
        # Raised outside the handler: nothing of the server's bytes is kept as a context.
        raise MalformedResponse(
            f"{self.model_id}: the stream " + (
                f"held an event that cannot be read ({problem})" if problem
                else "ended before the answer was complete") + ".", model_id=self.model_id)
