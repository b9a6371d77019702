"""logging's effect rules: a logging call is ordered output while every piece the record
reaches is the library's own plain kind (`_log_rule`); added as the module loads."""

from __future__ import annotations

import functools
import io
import logging
import os
import sys
import time
import types
from typing import Any

from ember.xcs._effects import Kind, Rule, consult, methods, put_rule
from ember.xcs._rules import on_disk, own_class, writes_plainly
from ember.xcs._whose import users_code

__all__ = ["configures_logging", "logs", "request_lines", "yours_run_by"]


# --- logging: ordered output while the logger runs only the library's code --------------------


def _on_logger(args: tuple, kwargs: dict) -> Rule | None:
    """A Logger's or LoggerAdapter's method, given the object called (`_log_rule`)."""
    if args and isinstance(args[0], logging.Logger | logging.LoggerAdapter):
        return consult(args[0], _log_rule, _log_rule(args[0]))
    return None  # (the analysis knows only its type: decided when the call runs)


_on_logger.receiver = True  # type: ignore[attr-defined]


def _on_root(args: tuple, kwargs: dict) -> Rule | None:
    """``logging.info(...)`` and kin: the root logger's call."""
    return consult(logging.root, _log_rule, _log_rule(logging.root))


def _log_rule(target: Any) -> Rule:
    """What a logging call on `target` does: ordered output while every piece it runs is
    the library's own plain kind (exact `Logger`/`RootLogger` up the parent chain the
    record propagates through, exact `LoggerAdapter`s, the default record factory, no
    filter on the logger or a handler, stream handlers to stdout or stderr and null
    handlers, formatters of the library's); a file handler among them makes it a write of
    "file" (a later read of the file must wait for it). Anything else runs code of the
    user's (a filter, a handler, an adapter's `process`, a factory, a subclass's
    `makeRecord`): no rule."""
    for _ in range(8):
        if not isinstance(target, logging.LoggerAdapter):
            break
        if not own_class(target, logging.LoggerAdapter):
            return _LOG_RUNS_YOURS
        target = target.logger
    if (not isinstance(target, logging.Logger) or target.filters
            or not _library_factory(logging.getLogRecordFactory())):
        return _LOG_RUNS_YOURS
    kinds, found, c = set(), False, target
    while c is not None:
        if type(c) not in (logging.Logger, logging.RootLogger) or not own_class(c, type(c)):
            return _LOG_RUNS_YOURS
        for h in c.handlers:
            found = True
            kinds.add(_handler_kind(h))
        c = c.parent if c.propagate else None
    if not found and logging.lastResort is not None:
        kinds.add(_handler_kind(logging.lastResort))
    if None in kinds:
        return _LOG_RUNS_YOURS
    return _LOG_FILE if "file" in kinds else _LOG_OUTPUT


def yours_run_by(call: Any) -> list[Any]:
    """The functions of the user's a logging call on a logger runs (a handler's `handle`,
    `emit`, a filter's `filter` or a filter function, on the logger and up the chain its
    record propagates through), for the summary to see what they do (start a thread)."""
    target = getattr(call, "__self__", None)
    found: list[Any] = []
    while isinstance(target, logging.Logger):
        for part in (target, *target.handlers):
            for f in (part, *getattr(part, "filters", ())):
                for name in ("handle", "emit", "filter"):
                    fn = getattr(type(f), name, None)
                    if isinstance(fn, types.FunctionType) and users_code(fn):
                        found.append(types.MethodType(fn, f))
                if isinstance(f, types.FunctionType) and users_code(f):
                    found.append(f)
        target = target.parent if target.propagate else None
    return found


def _library_factory(factory: Any) -> bool:
    """The default record factory, or a library's that wraps only libraries' (Ray sets one
    on import, adding fields to each record): no code of the user's."""
    if factory is logging.LogRecord:
        return True
    if not isinstance(factory, types.FunctionType) or users_code(factory):
        return False
    for cell in factory.__closure__ or ():
        try:
            held = cell.cell_contents
        except ValueError:  # (an empty cell)
            continue
        if isinstance(held, types.FunctionType | type) and not _library_factory(held):
            return False
    return True


_LOG_OUTPUT = Rule(Kind.WRITE, "logging: ordered output", "stdout")
_LOG_FILE = Rule(Kind.WRITE, "logging to a file handler writes the file", "file")
_LOG_RUNS_YOURS = Rule(Kind.UNKNOWN, "the logger runs code of yours (a filter, a handler, an "
                       "adapter, a record factory or a Logger subclass): no rule")


def _handler_kind(h: Any) -> str | None:
    """"stdout" for the library's stream handler to stdout, stderr or a `StringIO` and a
    null handler, "file" for its file handlers, None for anything else (code of the
    user's). pytest's own handlers (caplog's and the report's capture, live logging, the
    log file: on the root logger in every test) are the library's too."""
    kind = type(h)
    if not own_class(h, kind) or h.filters or (h.formatter is not None and not (
            _library_formatter(h.formatter)
            and logging.Formatter.converter in (time.localtime, time.gmtime))):
        return None
    pytest_kind = _pytest_handlers().get(kind)
    if pytest_kind == "file" and h.baseFilename == os.devnull:
        return "stdout"  # (pytest's log file when none is configured: nothing reads it)
    if pytest_kind is not None:
        return pytest_kind
    if kind is logging.NullHandler:
        return "stdout"
    if kind in (logging.StreamHandler, getattr(logging, "_StderrHandler", None)):
        if type(h.stream) is io.StringIO:
            return "stdout"
        if not (any(h.stream is s for s in (sys.stdout, sys.stderr, sys.__stdout__,
                                             sys.__stderr__)) and writes_plainly(h.stream)):
            return None  # (a stream of yours put in sys.stderr: its own `write`)
        return "file" if on_disk(h.stream) else "stdout"  # (a log file put in sys.stderr)
    # (A BufferingHandler keeps its records in a list your code may read, and a
    # MemoryHandler's are formatted when a later call flushes them: neither has a rule.)
    files = sys.modules.get("logging.handlers")
    if kind is logging.FileHandler or files is not None and kind in (
            files.WatchedFileHandler, files.RotatingFileHandler,
            files.TimedRotatingFileHandler) and h.namer is None and h.rotator is None:
        return "file"
    return None


def _library_formatter(f: Any) -> bool:
    """logging's `Formatter` with one of its styles, or pytest's formatters and style."""
    ours = type(f) is logging.Formatter or type(f).__module__ == "_pytest.logging"
    style = type(getattr(f, "_style", None))
    return ours and own_class(f, type(f)) and (style in (
        logging.PercentStyle, logging.StrFormatStyle, logging.StringTemplateStyle)
        or style.__module__ == "_pytest.logging")


def _pytest_handlers() -> dict[type, str]:
    found = sys.modules.get("_pytest.logging")
    if found is None:
        return {}
    kinds = {"LogCaptureHandler": "stdout", "_LiveLoggingNullHandler": "stdout",
             "_LiveLoggingStreamHandler": "stdout", "_FileHandler": "file"}
    return {c: kind for name, kind in kinds.items()
            if isinstance(c := getattr(found, name, None), type)}


# --- libraries that log each request: their lines are ordered output when they reach a handler


# The loggers an HTTP library logs a normal request's lines on, at the lowest level it does
# (a retry's or a full pool's warnings are not looked at), by the library's package.
_HTTPX = (("httpx", logging.INFO), ("httpcore", logging.DEBUG))
_REQUEST_LOGS: dict[str, tuple[tuple[str, int], ...]] = {
    "httpx": _HTTPX, "httpcore": _HTTPX,
    "urllib3": (("urllib3", logging.DEBUG),), "requests": (("urllib3", logging.DEBUG),),
    "openai": (("openai._base_client", logging.DEBUG), *_HTTPX),
    "anthropic": (("anthropic._base_client", logging.DEBUG), *_HTTPX),
    "aiohttp": (("aiohttp.client", logging.DEBUG),),
}


def request_lines(obj: Any, rule: Rule) -> Rule:
    """`rule` (a read or a model call of an HTTP library), unless the library's request
    lines reach a handler (``logging.basicConfig(level=logging.INFO)`` shows httpx's
    "HTTP Request: ..." for each): then the call writes them, in place, as the logging
    call it makes would (`_log_rule`). Kept while the loggers stay as they are."""
    module = getattr(getattr(obj, "__func__", obj), "__module__", None) or ""
    package = module.partition(".")[0]
    if package not in _REQUEST_LOGS:
        return rule
    found = consult(logging.root, _CHECKS[package], _CHECKS[package](logging.root))
    if found is None:
        return rule
    return Rule(found.kind, f"{rule.reason}, but {found.reason}", found.resource)


def _request_output(package: str, _root: logging.Logger | None = None) -> Rule | None:
    """What the request lines of `package` do now: None where they reach no handler and
    run no code of yours (a record is made, and its logger's own filters asked, for every
    line the logger is enabled for, whether a handler takes it or not)."""
    for name, level in _REQUEST_LOGS.get(package, ()):
        if logging.root.manager.disable >= level:
            continue
        for logger in _loggers_under(name):
            if not _enabled(logger, level):
                continue
            if logger.filters or type(logger) not in (logging.Logger, logging.RootLogger) or (
                    not _library_factory(logging.getLogRecordFactory())):
                return Rule(Kind.UNKNOWN, f"{logger.name}'s logger runs code of yours for "
                            "each request's lines (a filter, a record factory or a Logger "
                            "subclass): in place")
            if _reaches_a_handler(logger, level):
                decided = _log_rule(logger)
                return Rule(decided.kind, f"{logger.name}'s logger writes each request's lines "
                            f"to a handler ({decided.reason}): in place (logging.getLogger("
                            f"{name!r}).setLevel(logging.WARNING) lets the calls overlap)",
                            decided.resource)
    return None


def _enabled(logger: logging.Logger, level: int) -> bool:
    """``logger.isEnabledFor(level)`` without filling the logger's cache of answers: a
    level the program assigns later (``logger.level = logging.INFO``) does not clear that
    cache (``setLevel`` does), so an answer the analysis left there would outlive it."""
    if logger.disabled:
        return False
    cached = getattr(logger, "_cache", {}).get(level)  # (what the program has asked already)
    if cached is not None:
        return cached
    return logger.manager.disable < level and level >= logger.getEffectiveLevel()


def _loggers_under(name: str) -> list[logging.Logger]:
    """The loggers `name` and its children that exist (a library makes one per module),
    else the root, whose settings one made later starts with. Loggers are never removed:
    the list is made again only when there are more."""
    known = logging.root.manager.loggerDict
    hit = _under.get(name)
    if hit is None or hit[0] != len(known):
        found = [v for k, v in list(known.items()) if isinstance(v, logging.Logger) and (
            k == name or k.startswith(f"{name}."))]
        hit = _under[name] = (len(known), found or [logging.root])
    return hit[1]


_under: dict[str, tuple[int, list[logging.Logger]]] = {}


def _reaches_a_handler(logger: logging.Logger, level: int) -> bool:
    """Does a record at `level` reach a handler that is not a `NullHandler`?"""
    c: logging.Logger | None = logger
    found = False
    while c is not None:
        for h in c.handlers:
            found = True
            if type(h) is not logging.NullHandler and h.level <= level:
                return True
        c = c.parent if c.propagate else None
    last = logging.lastResort
    return not found and last is not None and level >= last.level


# One check per package, made once: a plan's guard re-runs the same one (`consult`).
_CHECKS = {p: functools.partial(_request_output, p) for p in _REQUEST_LOGS}


_CONFIGURES = Rule(Kind.UNKNOWN, "configures logging (a handler added may write a file or "
                   "run code of yours)")


def configures_logging(calls: dict[int, Any], nodes: list[Any]) -> bool:
    """Does the function configure logging, in its body or a helper's (``basicConfig``,
    ``addHandler``, also on a logger known only when it runs: its `nodes`, the calls, are
    looked at by name for that)? What its logging calls do is known only after that (a
    file handler added makes them writes of a file read later)."""
    return any(_CONFIGURES.reason in f.reason for f in calls.values()) or any(
        getattr(n.func, "attr", getattr(n.func, "id", "")) in _CONFIGURING
        or getattr(getattr(n.func, "value", None), "attr", None) in ("filters", "handlers")
        for n in nodes)  # (``logger.filters.append(f)``: a filter put on by hand)


def logs(fact: Any) -> bool:
    """Is `fact` a logging call's, as its rule decided it (ordered output, a file's write)?"""
    return fact.reason == _LOG_OUTPUT.reason or fact.reason == _LOG_FILE.reason


_CONFIGURING = frozenset({"addHandler", "removeHandler", "addFilter", "basicConfig",
                          "dictConfig", "fileConfig"})


def _logging() -> None:
    """Logger methods, adapters' and the module's functions (`_log_rule`); what configures
    logging (`configures_logging`)."""
    levels = ("debug", "info", "warning", "error", "exception", "critical", "log")
    configures = ("addHandler", "removeHandler", "addFilter", "removeFilter", "setLevel")
    methods(logging.Logger, {**{n: _on_logger for n in (*levels, "warn", "fatal")},
                             **dict.fromkeys(configures, _CONFIGURES)})
    for name in levels:
        put_rule(getattr(logging, name), _on_root)
    for fn in (logging.basicConfig, logging.setLoggerClass, logging.setLogRecordFactory):
        put_rule(fn, _CONFIGURES)
    methods(logging.LoggerAdapter, {n: _on_logger for n in levels})


_logging()
