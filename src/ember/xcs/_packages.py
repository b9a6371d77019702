"""The effect rules of third-party libraries: requests, httpx, aiohttp, the openai and
anthropic SDKs, and Ember's own model results. Each library's rules are added once it
has been imported (see `on_import`); nothing here imports a library on its own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from ember.xcs._effects import (
    ANY,
    ArgRule,
    Data,
    Kind,
    Rule,
    attributes,
    methods,
    on_import,
    plain_properties,
    put_rule,
    put_type,
)
from ember.xcs._rules import (
    _SDK_RESOURCES,
    _container,
    _http,
    _http_method_rule,
    _json_hooks,
    _verbs,
)

__all__: list[str] = []


def _requests() -> None:
    import requests
    import requests.api
    import requests.models
    import requests.sessions
    import requests.structures

    resp = requests.models.Response
    plain = _callbacks(_requests_plain)
    for verb in ("get", "head", "options", "post", "put", "patch", "delete"):
        put_rule(getattr(requests.api, verb),
                 plain(_http(f"requests.{verb}()", verb.upper(), resp)))
    put_rule(requests.api.request, plain(_http_method_rule(0, returns=resp)))
    # A Session's pool is safe for concurrent use: its reads overlap (unless it runs code
    # of the user's: a mounted adapter, hooks, an auth object).
    session = requests.sessions.Session
    methods(session, {
        **{verb: plain(rule, session) for verb, rule in _verbs("Session", resp).items()},
        "request": plain(_http_method_rule(1, returns=resp, owner=session), session),
        "close": Rule(Kind.WRITE, "closes the session's connections", "net"),
        "mount": Rule(Kind.CPU, "changes the session"),
    })
    put_rule(requests.sessions.Session, Rule(Kind.PURE, "creates a session (no I/O yet)"))
    attributes(session, {"headers": requests.structures.CaseInsensitiveDict})
    _responses(resp, requests.structures.CaseInsensitiveDict, url=str, reason=str, ok=bool)


def _httpx() -> None:
    import httpx

    resp = httpx.Response
    plain = _callbacks(_httpx_plain)
    for verb in ("get", "head", "options", "post", "put", "patch", "delete"):
        put_rule(getattr(httpx, verb), plain(_http(f"httpx.{verb}()", verb.upper(), resp)))
    put_rule(httpx.request, plain(_http_method_rule(0, returns=resp)))
    methods(httpx.Client, {
        **{verb: plain(rule, httpx.Client)
           for verb, rule in _verbs("httpx.Client", resp).items()},
        "request": plain(_http_method_rule(1, returns=resp, owner=httpx.Client), httpx.Client),
        "close": Rule(Kind.WRITE, "closes the client's connections", "net"),
    })
    methods(httpx.AsyncClient, {
        **{verb: plain(rule, httpx.AsyncClient)
           for verb, rule in _verbs("httpx.AsyncClient", resp, runner="call").items()},
        "request": plain(_http_method_rule(1, owner=httpx.AsyncClient), httpx.AsyncClient),
    })
    put_rule(httpx.Client, Rule(Kind.PURE, "creates a client (no I/O yet)"))
    put_rule(httpx.AsyncClient, Rule(Kind.PURE, "creates a client (no I/O yet)"))
    _responses(resp, httpx.Headers, reason_phrase=str, is_success=bool)


def _responses(resp: type, headers: type, **more: type) -> None:
    """A client library's response, read already: its ``json()`` parses (with the hooks
    given to it, see `_json_hooks`), its ``text``, ``content``, ``status_code`` and
    ``headers`` are data of known types, and its headers are a mapping."""
    methods(resp, {"json": _json_hooks(Rule(Kind.PURE, "parses the response already read",
                                            returns=Data)),
                   "raise_for_status": Rule(Kind.PURE, "checks the status already read")})
    attributes(resp, {"text": str, "content": bytes, "status_code": int, "headers": headers,
                      **more})
    put_type(headers, _container(headers))


# --- HTTP clients that may run code of the user's --------------------------------------------
#
# A GET is a read only when the library runs no code of the user's around it: response
# hooks, an auth object (not a (user, password) tuple), a transport or adapter of the
# user's, httpx event hooks. Such code may print, count or write; the call then has no
# rule (it runs in place, in order). Per-call arguments are seen in analysis; a session's
# or client's own are seen when the call starts (the rule gets the object called).

_CALL_HOOKS = ("hooks", "auth", "event_hooks")


def _callbacks(receiver_plain: Callable[[Any], bool]) -> Callable[..., ArgRule]:
    """Wrap a rule: the call's hooks and auth, and the object called (of `owner`), must
    run no code of the user's (`receiver_plain`), else the call has no rule."""
    def wrap(rule: Rule | ArgRule, owner: type | None = None) -> ArgRule:
        def checked(args: tuple, kwargs: dict) -> Rule | None:
            for name in _CALL_HOOKS:
                given = kwargs.get(name)
                if given is ANY:
                    return _RUNS_USER_CODE
                if given is not None and not _library_auth(name, given):
                    return _RUNS_USER_CODE
            if owner is not None and args and isinstance(args[0], owner):
                if not receiver_plain(args[0]):
                    return _RUNS_USER_CODE
                if isinstance(rule, Rule):
                    args = args[1:]
            return rule if isinstance(rule, Rule) else rule(args, kwargs)
        checked.receiver = owner is not None  # type: ignore[attr-defined]
        return checked
    return wrap


_RUNS_USER_CODE = Rule(Kind.UNKNOWN, "the HTTP client runs code of yours around the request "
                       "(hooks, an auth object, an adapter or transport): no rule")


def _library_auth(name: str, given: Any) -> bool:
    """``auth=("user", "password")``: the library's own basic auth runs no user code."""
    return name == "auth" and type(given) is tuple and all(type(v) is str for v in given)


def _own_class(obj: Any, library: type) -> bool:
    """Is `obj` of `library`'s class itself (a subclass may run code of the user's on the
    request's path: ``send``, ``prepare_request``), with no method replaced on the object?"""
    own = getattr(obj, "__dict__", {})
    return type(obj) is library and not any(
        callable(v) and callable(getattr(library, k, None)) for k, v in own.items())


def _requests_plain(session: Any) -> bool:
    import requests.adapters
    import requests.sessions
    if not _own_class(session, requests.sessions.Session):
        return False
    adapters = getattr(session, "adapters", None)
    hooks = getattr(session, "hooks", None)
    auth = getattr(session, "auth", None)
    return (isinstance(adapters, dict) and all(type(a) is requests.adapters.HTTPAdapter
                                              for a in adapters.values())
            and isinstance(hooks, dict) and not any(hooks.values())
            and (auth is None or _library_auth("auth", auth)))


def _httpx_plain(client: Any) -> bool:
    import httpx
    if not (_own_class(client, httpx.Client) or _own_class(client, httpx.AsyncClient)):
        return False
    hooks = getattr(client, "event_hooks", None)
    transport = getattr(client, "_transport", None)
    mounts = getattr(client, "_mounts", None)
    auth = getattr(client, "_auth", None)
    return (isinstance(hooks, dict) and not any(hooks.values())
            and type(transport) in (httpx.HTTPTransport, httpx.AsyncHTTPTransport)
            and mounts == {} and (auth is None or type(auth) in (
                httpx.Auth, httpx.BasicAuth, httpx.DigestAuth)))


def _aiohttp() -> None:
    import aiohttp

    methods(aiohttp.ClientSession, _verbs("aiohttp.ClientSession", runner="call"))


# SDK resources: a resource's verbs say what they do; these classes' `create` is a model call.
_SDK_WRITES = frozenset({"create", "update", "delete", "upload", "cancel", "submit", "modify",
                         "pause", "resume", "append", "complete", "add"})
_SDK_READS = frozenset({"list", "retrieve", "content", "retrieve_content", "count_tokens",
                        "results", "poll", "get"})


def _answered(call: Rule) -> ArgRule:
    """A model call's answer is a response model: data (`Data`), unless it streams (a
    stream reads as it is walked). (``parse`` answers with a model of the user's.)"""
    data = dataclasses.replace(call, returns=Data)

    def rule(args: tuple, kwargs: dict) -> Rule:
        return call if kwargs.get("stream", False) is not False else data
    return rule


def _sdk(package: str, model_classes: list[str]) -> Callable[[], None]:
    def load() -> None:
        import importlib

        base = importlib.import_module(f"{package}._resource")
        # The model-call classes, by where they are defined (their module, or a module
        # under it) and name: importing them here would build a few hundred pydantic
        # models the program may never use (~0.2 s for openai's responses); a class not
        # yet imported has no instance to call.
        models = [(f"{package}.{path.rpartition('.')[0]}", path.rpartition(".")[2])
                  for path in model_classes]

        def is_model(owner: type) -> bool:
            return any(cls.__qualname__ == name and (
                cls.__module__ == module or cls.__module__.startswith(module + "."))
                for cls in owner.__mro__ for module, name in models)

        def by_name(owner: type, name: str) -> Rule | None:
            runner = "call" if issubclass(owner, base.AsyncAPIResource) else "thread"
            if name in ("create", "parse") and is_model(owner):
                call = Rule(Kind.READ, f"{package} {owner.__name__}.{name}: model call",
                            "llm", runner)
                return _answered(call) if name == "create" else call
            if name in _SDK_READS:
                return Rule(Kind.READ, f"{package} {owner.__name__}.{name}: read", "url",
                            runner)
            if name in _SDK_WRITES:
                return Rule(Kind.WRITE, f"{package} {owner.__name__}.{name}: changes the "
                            "service", "net", runner)
            return None

        _SDK_RESOURCES.extend((base.SyncAPIResource, base.AsyncAPIResource))
        put_type(base.SyncAPIResource, by_name)
        put_type(base.AsyncAPIResource, by_name)
        plain_properties(base.SyncAPIResource, base.AsyncAPIResource)
        client = importlib.import_module(package)
        for name in ("OpenAI", "AsyncOpenAI", "Anthropic", "AsyncAnthropic", "AzureOpenAI"):
            cls = getattr(client, name, None)
            if isinstance(cls, type):
                put_rule(cls, Rule(Kind.PURE, f"creates a {name} client (no I/O yet)"))
                plain_properties(cls)
    return load


def _model_results() -> None:
    """Ember's `ModelResult` is a str; its ``text``, ``model_id`` and ``finish_reason`` are
    str too (``models(m, q).text.strip()``, as the earlier Ember wrote it)."""
    from ember.models import ModelResult  # (models sit above xcs: loaded once imported)

    attributes(ModelResult, {"text": str, "model_id": str, "finish_reason": str})


for _module, _load in {
    "ember.models": _model_results,
    "requests": _requests,
    "httpx": _httpx,
    "aiohttp": _aiohttp,
    "openai": _sdk("openai", ["resources.chat.completions.Completions",
                              "resources.chat.completions.AsyncCompletions",
                              "resources.completions.Completions",
                              "resources.completions.AsyncCompletions",
                              "resources.embeddings.Embeddings",
                              "resources.embeddings.AsyncEmbeddings",
                              "resources.responses.Responses",
                              "resources.responses.AsyncResponses"]),
    "anthropic": _sdk("anthropic", ["resources.messages.Messages",
                                    "resources.messages.AsyncMessages",
                                    "resources.completions.Completions",
                                    "resources.completions.AsyncCompletions"]),
}.items():
    on_import(_module, _load)
