"""`ResponseCache`: a call-path hook that answers repeated deterministic calls itself.

A call is cached only when its answer is meant to repeat: at ``temperature=0`` or with a
``seed``. Two calls are the same when they go to the same model id with the same messages
and the same parameters that shape the answer (temperature, max_tokens, seed, stop and
every pass-through one); timeout, deadline and simulated latency do not count. Storage is
the one `AnswerStore`: in memory, and in a SQLite file (WAL mode) when given a path, so
answers outlive the run and processes opening the same file share them. Identical calls in
flight at once make one request; failures are not kept.

A served answer has the stored text, model id, usage and finish reason; its `cost_usd` is
0.0 (nothing was paid for it), its `usage.cached` is True and its `latency_s` the time it
took to serve. Other hooks see ``call.answered_by`` set to the cache.

Opt-in for every call of a process: ``EMBER_CACHE_DIR=<folder>`` (or ``[cache] dir`` in
the config file) keeps answers in ``<folder>/answers.db``; `configured` gives that cache,
which the `models` facade puts before every other hook (a served call is then not seen by
a budget as a cost). ``ember cache info`` and ``ember cache clear`` read and empty it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures as cf
import hashlib
import json
import os
import threading
import time
from pathlib import Path
from typing import Any

from ember._core import Answer, CallHook, ModelCall
from ember._errors import ConfigError
from ember.models import _config
from ember.models._cache import AnswerStore, DiskAnswers
from ember.models._result import ModelResult, Usage

__all__ = ["CACHE_FILE", "ResponseCache", "cache_file", "configured"]

CACHE_FILE = "answers.db"
"""The cache's SQLite file name inside the cache folder (`EMBER_CACHE_DIR` or ``[cache] dir``)."""


def cache_key(call: ModelCall) -> str | None:
    """The key of a deterministic call, or None (not cacheable, or not JSON-shaped)."""
    request = call.request
    if request is None or not (request.temperature == 0 or request.seed is not None):
        return None
    if request.tools or (request.n or 1) > 1:  # tool calls and choices are not kept
        return None
    shape = {"model": call.model_id, "messages": request.messages,
             "temperature": request.temperature, "max_tokens": request.max_tokens,
             "seed": request.seed, "stop": request.stop, "extra": request.extra}
    if request.json_schema is not None:
        shape["json_schema"] = request.json_schema
    try:
        text = json.dumps(shape, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    except (TypeError, ValueError):  # e.g. bytes in a content part: such calls go through
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def _encode(result: Any) -> str:
    usage = getattr(result, "usage", None) or Usage()
    return json.dumps({"text": str(result), "model_id": getattr(result, "model_id", ""),
                       "usage": [usage.prompt_tokens, usage.completion_tokens],
                       "finish_reason": getattr(result, "finish_reason", None)})


def _decode(stored: str) -> ModelResult:
    data = json.loads(stored)
    return ModelResult(data["text"], model_id=data["model_id"], usage=Usage(*data["usage"]),
                       finish_reason=data["finish_reason"])


def _served(result: Any, t0: float) -> ModelResult:
    """The answer as served from the cache: free, and as fast as it was."""
    usage = getattr(result, "usage", None) or Usage()
    return ModelResult(str(result), model_id=getattr(result, "model_id", ""),
                       usage=Usage(usage.prompt_tokens, usage.completion_tokens, cached=True),
                       latency_s=time.perf_counter() - t0, cost_usd=0.0,
                       finish_reason=getattr(result, "finish_reason", None))


class ResponseCache(CallHook):
    """Serve repeated deterministic model calls from remembered answers (see the module).

    Add it for the process (`add_hook`) or a block (`scoped_hooks`).

    Args:
        path: a SQLite file to keep answers in across runs and share between processes;
            None keeps them in memory only.
        maxsize: answers kept in memory (least recently used go first).

    Examples:
        >>> from ember.models import models, scoped_hooks
        >>> cache = ResponseCache()
        >>> with scoped_hooks(cache):
        ...     a = models("sim/gpt", "Hi", temperature=0, latency=0)
        ...     b = models("sim/gpt", "Hi", temperature=0, latency=0)   # served
        >>> a == b, cache.store.hits, cache.store.misses, b.cost_usd
        (True, 1, 1, 0.0)
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *,
                 maxsize: int = 1024) -> None:
        disk = DiskAnswers(path) if path is not None else None
        self.store = AnswerStore(maxsize, disk=disk, encode=_encode, decode=_decode)

    def __repr__(self) -> str:
        disk = self.store.disk
        return f"ResponseCache({str(disk.path) if disk is not None else None!r})"

    def clear(self) -> None:
        """Forget every answer (in memory and in the file)."""
        self.store.clear()

    def before(self, call: ModelCall) -> Any:
        key = cache_key(call)
        if key is None:
            return None
        t0 = time.perf_counter()
        state, got = self.store.lookup(key)
        if state == "hit":
            return Answer(_served(got, t0))
        if state == "wait":
            return self._wait(got, t0)
        call.state[self] = (key, got)
        return None

    @staticmethod
    async def _wait(fut: cf.Future[Any], t0: float) -> Answer | None:
        """The same call is in flight: its answer is this one's too."""
        try:
            result = await asyncio.wrap_future(fut)
        except asyncio.CancelledError:
            if fut.done() and isinstance(fut.exception(), asyncio.CancelledError):
                return None  # that call was cancelled, this one was not: make it
            raise
        return Answer(_served(result, t0))

    def after(self, call: ModelCall, result: Any, error: BaseException | None) -> None:
        entry = call.state.pop(self, None)
        if entry is not None:
            key, fut = entry
            self.store.settle(key, fut, result, error)


_configured: dict[str, ResponseCache] = {}
_env = _config._raw_env((_config.ENV_CACHE_DIR,))
_configured_lock = threading.Lock()


def cache_file(config: _config.Config | None = None) -> Path | None:
    """The file of the configured response cache (``$EMBER_CACHE_DIR``, ``[cache] dir``),
    or None when none is configured.

    Raises:
        ConfigError: the config file is invalid.
    """
    folder = (config or _config.current()).cache_dir
    return None if folder is None else Path(folder) / CACHE_FILE


def configured() -> ResponseCache | None:
    """The process's response cache for the configured folder, or None (the default).

    One `ResponseCache` per folder, opened on first use and kept: changing
    ``EMBER_CACHE_DIR`` switches caches at the next call (``[cache] dir`` once the file is
    read again, `_config.file_cache_dir`). It reads its file on every lookup (a few
    microseconds), so what other processes store or clear is seen at once. A config file
    that cannot be read gives no cache here (HTTP providers report it).
    """
    raw = _env()[0]
    if raw:  # EMBER_CACHE_DIR, checked on every call for ~100 ns (no system call)
        folder = os.path.expanduser(os.environ.get(_config.ENV_CACHE_DIR, ""))
    else:
        try:
            folder = _config.file_cache_dir()
        except ConfigError:  # the provider reports it (in-process models never need the file)
            return None
    if not folder:
        return None
    cache = _configured.get(folder)
    if cache is None:
        with _configured_lock:
            cache = _configured.get(folder)
            if cache is None:
                # Nothing kept in memory: every lookup reads the file, so answers another
                # process stores, and `ember cache clear`, reach this one at once.
                cache = _configured[folder] = ResponseCache(Path(folder) / CACHE_FILE,
                                                            maxsize=0)
    return cache
