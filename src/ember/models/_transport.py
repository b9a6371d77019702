"""HTTP for every provider: one session, per-endpoint limits, retries, and error mapping.

One `aiohttp.ClientSession` per process lives on the shared event loop (`ember._core`), so
connections are pooled across all calls. The pool itself is unlimited: limits belong to
each `Endpoint` (its `AdaptiveLimiter`, RPM/TPM buckets (`EndpointRate`), or, with no limit
configured, a `LearnedRate`), where they can follow the provider's own limits.

`Endpoint.post` makes one call with retries: exponential backoff with full jitter on 408,
409, 429, 5xx, connection failures and timeouts, on top of whatever ``retry-after-ms`` /
``Retry-After`` ask for. Other 4xx are final, and so are redirects (never followed, so a
key header cannot be carried to another host). A 429 while the endpoint keeps answering
other calls is a turn to wait, not a failed attempt: it does not count against
``max_attempts``. A call's ``deadline`` bounds the time it spends on the provider
(attempts and the waits between them); a ``Retry-After`` that would pass it ends the call
at once. Answers are read up to `MAX_RESPONSE_BYTES`.

Errors are translated at one boundary. `_Translated` turns whatever aiohttp or the socket
raised into a `_Failure` of plain facts (kind, class name, redacted message), and the Ember
error raised for it (`_final_error`, `_deadline_error`, or a status error) is raised
outside any ``except`` block, ``from None``: its ``__cause__`` and ``__context__`` are
None. aiohttp's errors carry the request (`request_info.headers`: the key), so none of
them is ever reachable from an Ember error; its message holds the facts instead, with
every known key redacted (`ember._core.redact`).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import contextvars
import email.utils
import json
import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol
from urllib.parse import urlsplit

import aiohttp

from ember import __version__, _core
from ember._core import redact
from ember._errors import (
    AuthenticationFailed,
    BadRequest,
    MalformedResponse,
    ModelError,
    ProviderConnectionError,
    ProviderDeadlineExceeded,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    ResponseTooLarge,
)
from ember.models._config import EndpointSettings
from ember.models._limits import AdaptiveLimiter, EndpointRate, LearnedRate

__all__ = ["MAX_RESPONSE_BYTES", "Endpoint", "Streamed", "backoff_delay", "check_chunk",
           "excerpt", "parse_retry_after"]

logger = logging.getLogger("ember.models")

BACKOFF_BASE: Final = 0.25  # seconds; the first retry waits up to this, then doubling
BACKOFF_CAP: Final = 20.0
MAX_RETRY_AFTER: Final = 60.0  # a longer Retry-After is capped rather than obeyed
EXCERPT_CHARS: Final = 200
_RETRY_STATUSES: Final = frozenset({408, 409, 429})
MAX_TRIES: Final = 4  # waiting turns included, a call makes at most 4x max_attempts tries
MAX_RESPONSE_BYTES: Final = 64 * 1024 * 1024  # a larger answer is refused: ResponseTooLarge
ERROR_BODY_BYTES: Final = 1024 * 1024  # of an error answer only an excerpt is shown
_NEVER: Final = 10.0 * 365 * 86400  # "no time limit", as a number a timer takes


class Streamed(Protocol):
    """Reads a streamed answer's body (`Endpoint.post`'s ``stream=``)."""

    started: bool  # a piece was passed on: a failure now cannot be retried

    async def read(self, content: aiohttp.StreamReader, alive: Callable[[], None]) -> Any:
        """Read the body to its end (or as far as needed); return what `post` returns.
        Call `alive()` on each piece of the body: the timeout then bounds the wait for the
        next piece, not the whole stream (the deadline still bounds it all)."""


_timers: tuple[asyncio.AbstractEventLoop, contextvars.Context] | None = None


def _timer_context(loop: asyncio.AbstractEventLoop) -> contextvars.Context:
    """The context the time limits' timers of `loop` run in: their callback reads no context
    variable, and given none, each timer would keep a copy of its caller's context. (One per
    loop, for the last loop seen: a context is entered by one thread at a time.)"""
    global _timers
    held = _timers
    if held is None or held[0] is not loop:
        held = _timers = (loop, contextvars.Context())
    return held[1]


class _Clock:
    """One attempt's time limit, kept as `asyncio.timeout` keeps it, in a plain ``with``.

    `delay` seconds from now the task is cancelled, and leaving the block turns that
    cancel into `TimeoutError`; a cancel from anywhere else passes as it came (the task's
    count of cancel requests tells them apart). `asyncio.timeout` does the same with an
    object moving through states and two coroutines for ``async with``: 5-10 us per call
    more, and every call makes one.
    """

    __slots__ = ("loop", "task", "cancelling", "handle", "fired")

    def __init__(self, delay: float, loop: asyncio.AbstractEventLoop | None = None) -> None:
        # `loop` given by a caller that has it: each lookup is a `getpid` call on Python 3.11
        self.loop = loop = asyncio.get_running_loop() if loop is None else loop
        self.task = task = asyncio.current_task(loop)
        if task is None:
            raise RuntimeError("an attempt's time limit needs a task")
        self.cancelling = task.cancelling()
        self.fired = False
        # The clock is its timer's callback: no bound method to keep per attempt.
        self.handle = loop.call_at(loop.time() + delay, self, context=_timer_context(loop))

    def _fire(self) -> None:
        self.fired = True
        self.task.cancel()

    __call__ = _fire

    def reschedule(self, when: float) -> None:
        """Move the limit to loop time `when` (once it has struck, the cancel stands)."""
        if not self.fired:
            self.handle.cancel()
            self.handle = self.loop.call_at(when, self, context=_timer_context(self.loop))

    def __enter__(self) -> _Clock:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: Any) -> None:
        self.handle.cancel()
        if self.fired and self.task.uncancel() <= self.cancelling and \
                kind is asyncio.CancelledError:
            raise TimeoutError from exc  # the cancel was this limit's own


class _Idle:
    """Moves a stream's time limit on as its pieces arrive (`Streamed.read`'s `alive`).

    Rescheduling the timer for each of thousands of pieces would cost more than reading
    them, so it is moved only once an eighth of the limit has passed since it last was:
    the wait allowed for the next piece is then between 7/8 of the limit and all of it.
    With no timeout (or a deadline nearer than it) there is nothing to move.
    """

    __slots__ = ("clock", "budget", "limit", "loop", "moved")

    def __init__(self, clock: _Clock, budget: _Budget, limit: float) -> None:
        self.clock, self.budget, self.limit = clock, budget, limit
        self.loop = clock.loop
        self.moved = self.loop.time()

    def __call__(self) -> None:
        now = self.loop.time()
        if now - self.moved > self.limit / 8 and self.limit < self.budget.left():
            self.moved = now
            self.clock.reschedule(now + min(self.budget.left(), self.limit, _NEVER))


# ----------------------------------------------------------------------------- helpers


def backoff_delay(
    attempt: int, retry_after: float | None, *, rand: Callable[[], float] = random.random
) -> float:
    """Seconds to wait before retry number `attempt` (1 for the first retry).

    Full jitter: uniform in ``[0, min(cap, base * 2**(attempt-1))]``, added on top of the
    server's Retry-After when it sent one. The server's wait is honoured exactly, and
    callers it told the same instant still come back spread out (with a bare Retry-After,
    every caller turned away in the same moment would return together and collide again).

    Examples:
        >>> backoff_delay(3, None, rand=lambda: 1.0)
        1.0
        >>> backoff_delay(1, 2.0, rand=lambda: 0.5)
        2.125
    """
    jitter = rand() * min(BACKOFF_CAP, BACKOFF_BASE * 2.0 ** (attempt - 1))
    if retry_after is not None:
        return min(retry_after, MAX_RETRY_AFTER) + jitter
    return jitter


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asked us to wait: ``retry-after-ms``, else ``Retry-After``.

    Examples:
        >>> parse_retry_after({"retry-after-ms": "250", "Retry-After": "1"})
        0.25
        >>> parse_retry_after({"Retry-After": "2"})
        2.0
    """
    value = headers.get("retry-after-ms")
    if value is not None:
        try:
            seconds = float(value) / 1000.0
        except ValueError:
            seconds = -1.0
        if seconds >= 0:
            return seconds
    value = headers.get("retry-after") or headers.get("Retry-After")
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        try:  # an HTTP date
            seconds = email.utils.parsedate_to_datetime(value).timestamp() - time.time()
        except (TypeError, ValueError):
            return None
    return max(0.0, seconds)


def excerpt(raw: bytes | str) -> str:
    """A short, redacted (`redact`), single-line excerpt of a response body for error messages.

    Prefers the provider's own ``error.message`` when the body is JSON.

    Examples:
        >>> excerpt(b'{"error": {"message": "Bad key sk-abc123456789", "type": "auth"}}')
        'Bad key ***'
    """
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes | bytearray) else raw
    try:
        data = json.loads(text)
        error = data.get("error") if isinstance(data, dict) else None
        message = error.get("message") if isinstance(error, dict) else None
        if isinstance(message, str) and message:
            text = message
    except (ValueError, RecursionError):  # not JSON, or nested too deeply to read
        pass
    if len(text) > 16 * EXCERPT_CHARS:  # a huge body: work on its start only, cut between
        text = text[: 16 * EXCERPT_CHARS].rsplit(None, 1)[0]  # words (no half key left)
    text = " ".join(text.split())
    text = redact(text)
    if len(text) > EXCERPT_CHARS:
        text = text[: EXCERPT_CHARS - 3] + "..."
    return text


def check_chunk(chunk: Mapping[str, Any]) -> None:
    """Raise `ProviderUnavailable` for a streamed chunk that is an error (a failure after the
    stream began: OpenAI's and Google's APIs send their error object, ``{"error": ...}``)."""
    if chunk.get("error"):
        message = excerpt(json.dumps(chunk))
        raise ProviderUnavailable(f"the stream ended with an error: {message}",
                                  status=200, body=message)


# ----------------------------------------------------------------------------- session

_session: aiohttp.ClientSession | None = None
_session_loop: asyncio.AbstractEventLoop | None = None


def _get_session(loop: asyncio.AbstractEventLoop | None = None) -> aiohttp.ClientSession:
    """The process's session, on the running (shared) loop (`loop`); made on first use."""
    global _session, _session_loop
    loop = asyncio.get_running_loop() if loop is None else loop
    session = _session
    if session is None or _session_loop is not loop or session.closed:
        session = aiohttp.ClientSession(
            # Limits live in each Endpoint; the pool must never be the bottleneck.
            connector=aiohttp.TCPConnector(limit=0, ttl_dns_cache=300),
            timeout=aiohttp.ClientTimeout(total=None),  # our own per-attempt timeout rules
            cookie_jar=aiohttp.DummyCookieJar(),  # APIs need no cookies; skip the jar's work
            headers={"User-Agent": f"ember/{__version__}"},
        )
        _session, _session_loop = session, loop
    return session


async def _close_session() -> None:
    global _session
    session, _session = _session, None
    if session is not None and not session.closed:
        await session.close()


@atexit.register
def _close_at_exit() -> None:
    if _session is None or _session_loop is None or _session_loop.is_closed():
        return
    with contextlib.suppress(Exception):  # best effort: the interpreter is going away
        _core.spawn(_close_session()).result(timeout=2.0)


# ----------------------------------------------------------------------------- boundary


class _Failure(Exception):
    """One failed attempt (internal): what happened, in facts that hold no request header.

    `kind` is ``"status"`` (an HTTP error status), ``"timeout"``, ``"deadline"`` (the
    attempt was cut by the call's deadline) or ``"connection"``; `detail` names the
    backend's error class and its redacted message.
    """

    def __init__(self, kind: str, *, status: int | None = None, body: str = "",
                 retry_after: float | None = None, detail: str = "") -> None:
        super().__init__(kind)
        self.kind, self.status, self.body, self.retry_after = kind, status, body, retry_after
        self.detail = detail


class _Translated:
    """The one boundary between aiohttp and Ember: a backend error becomes a `_Failure`.

    Only facts cross it: the error's class name and its own message, redacted, never the
    error itself, whose request info holds the headers, key included (and whose frames
    hold them as locals). Cancellation passes untouched. (A class rather than a
    `contextlib.contextmanager`: one small object per attempt, not three, and no
    generator to step through, on every call.)

    Use `_TRANSLATED[by_deadline]`: it holds no state of its own attempt, so two are
    shared by all (an object per call in flight is one more for each garbage collection
    of young objects to walk).

    Args:
        by_deadline: the attempt's time limit is the call's deadline (not its timeout).
    """

    __slots__ = ("by_deadline",)

    def __init__(self, *, by_deadline: bool) -> None:
        self.by_deadline = by_deadline

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: Any) -> bool:
        if kind is None:
            return False
        if issubclass(kind, TimeoutError):  # asyncio.timeout's, and aiohttp's (subclasses)
            failure = _Failure("deadline" if self.by_deadline else "timeout")
        elif issubclass(kind, aiohttp.ClientError | OSError):  # ssl.SSLError is an OSError
            failure = _Failure("connection", detail=_facts(exc))  # type: ignore[arg-type]
        else:
            return False
        del exc, tb  # nothing of the backend's error stays reachable from this frame
        raise failure


_TRANSLATED: Final = {False: _Translated(by_deadline=False), True: _Translated(by_deadline=True)}

def _facts(exc: BaseException) -> str:
    """``Class: message`` of a backend error, without the request it carries.

    `ClientResponseError.__str__` adds the URL (which may hold userinfo), so only its
    ``message`` is used; a parser's message quotes the server's bytes, which a hostile
    server can fill with an echo of the request, hence `redact`.
    """
    text = exc.message if isinstance(exc, aiohttp.ClientResponseError) else exc
    text = " ".join(str(text).split())
    return redact(f"{type(exc).__name__}: {text}" if text else type(exc).__name__)[:EXCERPT_CHARS]


class _Budget:
    """Time a call has spent on the provider (attempts and the waits between them) against
    its deadline. Time queued behind this endpoint's own limits (concurrency, rpm, tpm)
    does not count: those are the caller's settings, and a big batch may queue long."""

    __slots__ = ("deadline", "start", "queued")

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.start = time.monotonic()
        self.queued = 0.0

    def spent(self) -> float:
        return time.monotonic() - self.start - self.queued

    def left(self) -> float:  # (`spent` written out: this runs on every attempt)
        deadline = self.deadline
        return math.inf if deadline is None else \
            deadline - (time.monotonic() - self.start - self.queued)

    def __str__(self) -> str:
        return f"the call's deadline of {self.deadline:g} s"


def shown_url(url: str) -> str:
    """`url` as errors and logs show it: without userinfo (``user:password@``).

    Examples:
        >>> shown_url("http://me:pw@127.0.0.1:8000/v1")
        'http://127.0.0.1:8000/v1'
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


async def _read_body(content: aiohttp.StreamReader, limit: int) -> tuple[bytes, bool]:
    """Up to `limit` bytes of a body, and whether that is all of it (the rest is not read)."""
    if content.is_eof():  # all of it came with the headers (a small answer): no waiting
        body = content.read_nowait()
        return (body, True) if len(body) <= limit else (body[:limit], False)
    chunks, size = [], 0
    while chunk := await content.readany():
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return b"".join(chunks)[:limit], False
    return b"".join(chunks), True


# ----------------------------------------------------------------------------- endpoint


class Endpoint:
    """Runtime state of one configured endpoint: URL, headers, limiter and buckets.

    Args:
        settings: the endpoint's settings (base URL, limits, timeout, attempts).
        headers: request headers, including the unwrapped key; kept private and never shown.
    """

    __slots__ = ("settings", "name", "base_url", "limiter", "rpm", "tpm", "pace", "served",
                 "_headers")

    def __init__(self, settings: EndpointSettings, headers: dict[str, str]) -> None:
        self.settings = settings
        self.name = settings.name
        self.base_url = settings.base_url
        self._headers = headers
        self.limiter = AdaptiveLimiter(settings.max_calls_in_flight)
        # Bursts smaller than a provider's (one request; half a second of tokens) leave its
        # bucket slack for network jitter that bunches arrivals.
        self.rpm = EndpointRate(self.name, "rpm", settings.rpm, capacity=1) \
            if settings.rpm else None
        self.tpm = EndpointRate(self.name, "tpm", settings.tpm, capacity=settings.tpm / 120) \
            if settings.tpm else None
        # No limit configured: learn one from the server's 429s rather than hammer it.
        self.pace = LearnedRate() if self.rpm is None and self.tpm is None else None
        self.served = 0  # successful answers so far
        logger.debug("endpoint %s: %s (max_calls_in_flight=%s, rpm=%s, tpm=%s)", self.name,
                     shown_url(self.base_url), settings.max_calls_in_flight, settings.rpm,
                     settings.tpm)

    def __repr__(self) -> str:
        return f"Endpoint({self.name!r}, {shown_url(self.base_url)!r}, {self.limiter!r})"

    async def post(
        self, path: str, payload: bytes, *, model_id: str, timeout: float | None,
        deadline: float | None = None, tokens: float = 0.0, stream: Streamed | None = None,
    ) -> Any:
        """POST `payload` (JSON bytes) to ``base_url + path``; return the decoded JSON answer.

        Args:
            path: the route under the base URL, e.g. ``"/chat/completions"``.
            payload: the encoded JSON body.
            model_id: the full model id, named in errors and logs.
            timeout: seconds per attempt (for a stream, to each next piece), or None for
                no limit.
            deadline: seconds the whole call may spend on the provider, retries and their
                waits included (not time queued behind this endpoint's limits); None: no
                limit.
            tokens: estimated tokens of the call, charged to the TPM bucket.
            stream: reads a successful answer as it arrives (server-sent events) instead
                of as JSON; what it returns is returned. Once it has passed a piece on,
                a failure is final (a retry would repeat the pieces).

        Raises:
            AuthenticationFailed, BadRequest: at once, for 401/403 and other 4xx.
            RateLimited, ProviderUnavailable, ProviderTimeout, ProviderConnectionError:
                when every attempt failed; the class follows the last failure.
            ProviderDeadlineExceeded: the deadline passed, or the server asked for a wait
                that would pass it.
            MalformedResponse: the answer was not JSON; `ResponseTooLarge` when it was
                over `MAX_RESPONSE_BYTES`.
        """
        budget = _Budget(deadline)
        attempts = self.settings.max_attempts
        attempt = failed = 1
        served = self.served
        while True:
            try:
                return await self._attempt(path, payload, model_id, timeout, tokens, budget,
                                           stream)
            except _Failure as caught:
                caught.__context__ = None  # the backend's error, request headers and all
                failure = caught
            # From here on no exception is being handled: errors raised below have neither
            # __cause__ nor __context__.
            # A 429 while the endpoint answered other calls since this one last tried
            # means "wait your turn", not "refused": it does not use up an attempt, so
            # a burst far over an unknown rate limit is slowed down instead of lost.
            # (Bounded: a 429 that is really about this call, such as one too large
            # for the TPM limit, still ends after MAX_TRIES * max_attempts tries.)
            deferred = failure.status == 429 and self.served > served
            served = self.served
            if failure.kind == "deadline":
                raise self._deadline_error(model_id, attempt, budget, failure,
                                           f"no answer before {budget}") from None
            if (not deferred and failed >= attempts) or attempt >= MAX_TRIES * attempts or (
                    stream is not None and stream.started):
                raise self._final_error(failure, model_id, attempt, timeout) from None
            # Turns waited do not grow the backoff: the server's Retry-After paces them,
            # and the endpoint's limiter queues them when they come back together.
            delay = backoff_delay(failed, failure.retry_after)
            asked, left = failure.retry_after, budget.left()
            if asked is not None and asked >= left:  # fail now rather than sleep in vain
                raise self._deadline_error(
                    model_id, attempt, budget, failure, f"the server asked to retry after "
                    f"{asked:g} s ({_describe(failure)}), beyond {budget}") from None
            if delay >= left:
                raise self._deadline_error(
                    model_id, attempt, budget, failure, f"the next retry (after "
                    f"{_describe(failure)}) would start past {budget}") from None
            if logger.isEnabledFor(logging.DEBUG):
                if deferred:
                    logger.debug("%s: try %d turned away (HTTP 429) while others are "
                                 "served; waiting its turn, %.3fs", model_id, attempt, delay)
                else:
                    logger.debug("%s: attempt %d/%d failed (%s); retrying in %.3fs",
                                 model_id, failed, attempts, _describe(failure), delay)
            attempt += 1
            failed += not deferred
            await asyncio.sleep(delay)

    async def _attempt(self, path: str, payload: bytes, model_id: str, timeout: float | None,
                       tokens: float, budget: _Budget, stream: Streamed | None = None) -> Any:
        limiter = self.limiter
        queued = time.monotonic()
        waits = limiter.waits  # moved by the time the answer comes: the limit held calls back
        generation = limiter.try_acquire()
        if generation is None:
            generation = await limiter.acquire()
        retry_after, location, whole, status, sent = None, "", True, 0, limiter.sent()
        try:
            # Rate tokens are taken while holding the slot, so a request leaves as soon as
            # its token is granted and the server sees the paced rate.
            if self.rpm is not None:
                await self.rpm.acquire(1.0)
            if self.tpm is not None:
                await self.tpm.acquire(tokens)
            pace = self.pace
            paced = 0 if pace is None else pace.generation if pace.rate is None else \
                await pace.acquire()
            budget.queued += time.monotonic() - queued
            limit = math.inf if timeout is None else timeout
            left = budget.left()
            loop = asyncio.get_running_loop()
            with _TRANSLATED[left < limit], _Clock(min(left, limit, _NEVER), loop) as clock:
                # Never follow redirects: aiohttp drops `Authorization` on a redirect to
                # another host, but not `x-api-key` (Anthropic), which would go along.
                async with _get_session(loop).post(
                    self.base_url + path, data=payload, headers=self._headers,
                    allow_redirects=False,
                ) as response:
                    status = response.status
                    declared = response.content_length
                    if status < 300 and stream is not None:
                        try:
                            got = await stream.read(response.content,
                                                    _Idle(clock, budget, limit))
                        except BaseException:
                            response.close()  # left early (cancelled) or failed: hang up
                            raise
                        self.served += 1
                        limiter.on_success(waits)
                        if self.pace is not None:
                            self.pace.on_success()
                        return got
                    if status < 300 and declared is not None and \
                            declared > MAX_RESPONSE_BYTES:
                        raw, whole = b"", False  # refused unread
                    else:
                        raw, whole = await _read_body(
                            response.content,
                            MAX_RESPONSE_BYTES if status < 300 else ERROR_BODY_BYTES)
                    if not whole:
                        response.close()  # the unread rest must not reach another call
                    if status >= 300:
                        retry_after = parse_retry_after(response.headers)
                        location = response.headers.get("Location", "")
        finally:
            limiter.release(sent, status)  # (status 0: no answer)
        if status < 300:
            self.served += 1
            limiter.on_success(waits)
            if self.pace is not None:
                self.pace.on_success()
            if not whole:
                raise ResponseTooLarge(
                    f"{model_id}: the answer (HTTP {status}) is larger than "
                    f"{MAX_RESPONSE_BYTES // 2**20} MiB"
                    f"{f' ({declared:,} bytes)' if declared is not None else ''}; Ember "
                    "refuses it rather than hold it in memory. Fix: ask for less (max_tokens), "
                    f"or check that [{self.name}] points at the right server.",
                    model_id=model_id, limit=MAX_RESPONSE_BYTES,
                )
            try:
                return json.loads(raw)
            except (ValueError, RecursionError):  # RecursionError: nested too deeply
                pass
            # Raised outside the handler: the decoding error (which holds the whole answer,
            # maybe quoting the key) is not kept as a context.
            raise MalformedResponse(
                f"{model_id}: the answer (HTTP {status}) is not JSON: {excerpt(raw)!r}",
                model_id=model_id,
            ) from None
        body = excerpt(raw)
        if status in (429, 503):  # too many calls: fewer in flight
            limiter.on_overload(generation)
        if status == 429 and self.pace is not None:
            self.pace.on_overload(retry_after, limiter.rate_limited, paced)
        if status in _RETRY_STATUSES or status >= 500:
            raise _Failure("status", status=status, body=body, retry_after=retry_after)
        if status < 400:
            raise ProviderError(
                f"{model_id}: the endpoint answered with a redirect (HTTP {status}) to "
                f"{excerpt(location)!r}; Ember does not follow "
                "redirects, so the key is never sent to another address. Fix: set base_url "
                f"for [{self.name}] to the address the endpoint redirects to, if you trust it.",
                model_id=model_id, status=status, body=body,
            )
        if status in (401, 403):
            source = self.settings.key_source
            fix = "set a key (api_key_env)" if source == "no key" else f"check the key in {source}"
            raise AuthenticationFailed(
                f"{model_id}: the provider rejected the credentials (HTTP {status}): {body}. "
                f"Fix: {fix}.",
                model_id=model_id, status=status, body=body,
            )
        raise BadRequest(
            f"{model_id}: the provider rejected the request (HTTP {status}): {body}",
            model_id=model_id, status=status, body=body,
        )

    def _final_error(self, failure: _Failure, model_id: str, attempts: int,
                     timeout: float | None) -> ModelError:
        """The most specific Ember error for the last failed attempt (raised ``from None``)."""
        after = f"after {attempts} attempt{'s' if attempts > 1 else ''}"
        if failure.kind == "timeout":
            return ProviderTimeout(
                f"{model_id}: no answer within {_seconds(timeout)} {after}. Fix: pass a larger "
                f"timeout= or set `timeout` for [{self.name}] in the config file.",
                model_id=model_id,
            )
        if failure.kind == "connection":
            return ProviderConnectionError(
                f"{model_id}: could not reach {shown_url(self.base_url)} {after} "
                f"({failure.detail}).",
                model_id=model_id,
            )
        status, body = failure.status or 0, failure.body
        if status == 429:
            return RateLimited(
                f"{model_id}: still rate limited (HTTP 429) {after}: {body}. Fix: set rpm/tpm "
                f"or a lower max_calls_in_flight for [{self.name}] in the config file.",
                model_id=model_id, status=status, body=body,
            )
        return ProviderUnavailable(
            f"{model_id}: the provider kept failing (HTTP {status}) {after}: {body}",
            model_id=model_id, status=status, body=body,
        )

    def _deadline_error(self, model_id: str, attempts: int, budget: _Budget,
                        failure: _Failure, why: str) -> ProviderDeadlineExceeded:
        """The call gave up on its deadline: how long it tried, and `why` it stopped."""
        deadline = budget.deadline if budget.deadline is not None else math.inf
        spent = budget.spent()
        tried = (f"gave up after {attempts} attempt{'s' if attempts > 1 else ''} in "
                 f"{spent:.3g} s")
        return ProviderDeadlineExceeded(
            f"{model_id}: {tried}: {why}. Fix: pass a larger deadline= (or deadline=None to "
            f"wait as long as it takes), or set `deadline` for [{self.name}] in the config "
            "file; for 429s, set rpm/tpm so calls are paced before the server refuses them.",
            model_id=model_id, deadline=deadline, elapsed=spent, attempts=attempts,
            retry_after=failure.retry_after,
        )


def _seconds(timeout: float | None) -> str:
    return "the time limit" if timeout is None else f"{timeout:g}s"


def _describe(failure: _Failure) -> str:
    if failure.kind == "status":
        return f"HTTP {failure.status}"
    if failure.kind == "connection":
        return failure.detail.partition(":")[0]  # the class name: the message is in the error
    return failure.kind
