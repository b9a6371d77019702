"""The effect rules of third-party libraries whose calls run code the user may have put
on their path: requests, httpx, aiohttp, urllib3, the openai and anthropic SDKs, Ember's
own model results, csv's readers and tempfile's makers. Each library's rules are added once it has been imported (see
`on_import`); nothing here imports a library on its own. (logging's: `_logging_rules`.)
"""

from __future__ import annotations

import dataclasses
import io
import sys
import types
from collections.abc import Callable
from typing import Any

from ember.xcs._containers import container
from ember.xcs._effects import (
    ANY,
    ArgRule,
    Data,
    Kind,
    Rule,
    attributes,
    consult,
    gives,
    items,
    leaves_arguments,
    methods,
    on_import,
    plain_properties,
    put_rule,
    put_type,
)
from ember.xcs._hosts import SDK_RESOURCES
from ember.xcs._pools import pooled
from ember.xcs._rules import (
    _arg,
    _http,
    _http_method_rule,
    _json_hooks,
    _plain_value,
    _verbs,
    debuglevel,
    own_class,
)
from ember.xcs._whose import replaced

__all__: list[str] = []


def _requests() -> None:
    import requests
    import requests.api
    import requests.models
    import requests.sessions
    import requests.structures

    resp = requests.models.Response
    plain = _callbacks(_requests_plain, _requests_around)
    for verb in ("get", "head", "options", "post", "put", "patch", "delete"):
        put_rule(getattr(requests.api, verb),
                 plain(_http(f"requests.{verb}()", verb.upper(), resp)))
    put_rule(requests.api.request, plain(_http_method_rule(0, returns=resp)))
    # A Session's pool is safe for concurrent use: its reads overlap (unless it runs code
    # of the user's: a mounted adapter, hooks, an auth object).
    session = requests.sessions.Session
    methods(session, {
        **{verb: _streamed(plain(rule, session))
           for verb, rule in _verbs("Session", resp).items()},
        "request": _streamed(plain(_http_method_rule(1, returns=resp, owner=session),
                                   session)),
        "close": Rule(Kind.WRITE, "closes the session's connections", "net"),
        "mount": _mount,
    })
    put_rule(requests.sessions.Session, Rule(Kind.PURE, "creates a session (no I/O yet)"))
    attributes(session, {"headers": requests.structures.CaseInsensitiveDict})
    _responses(resp, requests.structures.CaseInsensitiveDict, url=str, reason=str, ok=bool)


def _streamed(rule: ArgRule) -> ArgRule:
    """A session's read (`rule`: its checked rule, handed the session first): a streamed
    response (``stream=True``) holds its connection until it is read or closed, so on a
    session whose pool blocks when full (an adapter's ``pool_block=True``) a stream started
    early could hold the connection that a call the function waits for needs: it runs at
    its own place (for a session not known yet, too, when the call says ``stream=``)."""
    def decided(args: tuple, kwargs: dict) -> Rule | None:
        inner = rule(args, kwargs)
        session = args[0] if args else ANY
        # (a session not known yet streams as its default does: ``stream=`` says otherwise)
        stream = kwargs.get("stream", False if session is ANY else getattr(session, "stream",
                                                                           False))
        if inner is None or inner.kind is not Kind.READ or stream is False or stream is None:
            return inner
        adapters = ANY if session is ANY else getattr(session, "adapters", {})
        if adapters is ANY or any(getattr(a, "_pool_block", True) for a in adapters.values()):
            return dataclasses.replace(inner, runner="place", reason=(
                f"{inner.reason}, streamed on a pool that may wait when full: at its place"))
        return inner
    decided.receiver = True  # type: ignore[attr-defined]
    decided.gives = gives(rule)  # type: ignore[attr-defined]
    return decided


_SETTING = Rule(Kind.UNKNOWN, "mounts an adapter of yours, which runs on every request: "
                "no rule")


def _mount(args: tuple, kwargs: dict) -> Rule | None:
    """``session.mount(prefix, adapter)``: changes the session, with requests' own adapter;
    an adapter of the user's runs on every request after it."""
    import requests.adapters
    adapter = _arg(args[1:] if args and not isinstance(args[0], str) else args,
                   kwargs, 1, "adapter", ANY)
    if adapter is ANY:
        return None
    if own_class(adapter, requests.adapters.HTTPAdapter):
        return Rule(Kind.CPU, "changes the session")
    return _SETTING


_mount.receiver = True  # type: ignore[attr-defined]


def _httpx() -> None:
    import httpx

    resp = httpx.Response
    plain = _callbacks(_httpx_plain, _httpx_around)
    for verb in ("get", "head", "options", "post", "put", "patch", "delete"):
        put_rule(getattr(httpx, verb), plain(_http(f"httpx.{verb}()", verb.upper(), resp)))
    put_rule(httpx.request, plain(_http_method_rule(0, returns=resp)))
    methods(httpx.Client, {
        **{verb: pooled(plain(rule, httpx.Client))
           for verb, rule in _verbs("httpx.Client", resp).items()},
        "request": pooled(plain(_http_method_rule(1, returns=resp, owner=httpx.Client),
                                httpx.Client)),
        "close": Rule(Kind.WRITE, "closes the client's connections", "net"),
    })
    methods(httpx.AsyncClient, {
        **{verb: pooled(plain(rule, httpx.AsyncClient))
           for verb, rule in _verbs("httpx.AsyncClient", resp, runner="call").items()},
        "request": pooled(plain(_http_method_rule(1, owner=httpx.AsyncClient),
                                httpx.AsyncClient)),
        "aclose": Rule(Kind.WRITE, "closes the client's connections", "net", "call"),
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
    put_type(headers, container(headers))


# --- HTTP clients that may run code of the user's --------------------------------------------
#
# A GET is a read only when the library runs no code of the user's around it: response
# hooks, an auth object (not a (user, password) tuple), a transport or adapter of the
# user's, httpx event hooks. Such code may print, count or write; the call then has no
# rule (it runs in place, in order). Per-call arguments are seen in analysis; a session's
# or client's own are seen when the call starts (the rule gets the object called).

_CALL_HOOKS = ("hooks", "auth", "event_hooks")


def _callbacks(receiver_plain: Callable[[Any], bool],
               around_plain: Callable[[], frozenset[type] | None]) -> Callable[..., ArgRule]:
    """Wrap a rule: the call's hooks and auth, and the object called (of `owner`), must
    run no code of the user's (`receiver_plain`), nor its arguments (`_arguments_plain`:
    a URL object or a query mapping of the user's), nor the library's own settings
    (`around_plain` gives the library's own argument types, None when a setting runs
    code of the user's, as http.client's debug prints); else the call has no rule."""
    def wrap(rule: Rule | ArgRule, owner: type | None = None) -> ArgRule:
        url_at = 0 if isinstance(rule, Rule) else 1  # (``request(method, url, ...)``)

        def checked(args: tuple, kwargs: dict) -> Rule | None:
            for name in _CALL_HOOKS:
                given = kwargs.get(name)
                if given is ANY:
                    return _RUNS_USER_CODE
                if given is not None and not _library_auth(name, given):
                    return _RUNS_USER_CODE
            # (the library's settings, a class of it patched: the same at every later call?)
            own = around_plain()
            consult(around_plain, _runs_plain, own is not None)
            if own is None:
                return _RUNS_USER_CODE
            rest = args
            if owner is not None and args and isinstance(args[0], owner):
                if not consult(args[0], receiver_plain, receiver_plain(args[0])):
                    return _RUNS_USER_CODE
                rest = args[1:]
                if isinstance(rule, Rule):
                    args = args[1:]
            plain = _arguments_plain(rest, kwargs, url_at, own)
            if plain is not True:
                return plain
            return rule if isinstance(rule, Rule) else rule(args, kwargs)
        checked.receiver = owner is not None  # type: ignore[attr-defined]
        checked.gives = gives(rule)  # type: ignore[attr-defined]
        return checked
    return wrap


def _runs_plain(around_plain: Callable[[], frozenset[type] | None]) -> bool:
    """Do a library's settings run no code of the user's now (`consult`'s check)?"""
    return around_plain() is not None


# Arguments a library walks: a value not known yet may be a mapping of the user's.
_WALKED = frozenset({"params"})


def _arguments_plain(args: tuple, kwargs: dict, url_at: int,
                     own: frozenset[type]) -> Rule | None | bool:
    """True when the call's arguments run no code of the user's inside the library: the
    URL a str, bytes or one of the library's URL types (an object of the user's is
    turned into text by its ``__str__``), every other argument plain data (`_plain_value`:
    a query mapping or items of the user's run their methods). A value not known yet
    (`ANY`), or an empty list or tuple (how the analysis stands for a display whose items
    are not known), is taken as the URL or any keyword but those the library walks
    (`_WALKED`), and waits for the call otherwise (None)."""
    for at, value in enumerate(args):
        if value is ANY and at == url_at:
            continue
        if value is ANY or (type(value) in (list, tuple) and not value):
            return None
        if not _plain_value(value, own):
            return _RUNS_USER_CODE
    for name, value in kwargs.items():
        if name in _CALL_HOOKS or name == "method":
            continue
        unknown = value is ANY or (type(value) in (list, tuple) and not value)
        if unknown and name not in _WALKED:
            continue  # (``messages=[...]`` in a helper: its items are seen when it starts)
        if unknown:
            return None
        if not _plain_value(value, own):
            return _RUNS_USER_CODE
    return True


def _requests_around() -> frozenset[type] | None:
    """requests' own argument types; None while http.client prints its debug lines (a
    connection class's ``debuglevel`` set: printed from the thread each request runs on)."""
    import http.client
    import http.cookiejar

    import requests.adapters
    import requests.cookies
    import requests.structures
    classes = [http.client.HTTPConnection, http.client.HTTPSConnection]
    pool = sys.modules.get("urllib3.connection")
    if pool is not None:
        classes += [pool.HTTPConnection, pool.HTTPSConnection]
    if any(debuglevel(c) for c in classes) or any(
            replaced(c) for c in (requests.Session, requests.adapters.HTTPAdapter)):
        return None  # (``requests.get`` makes a session and its adapter: patched, yours)
    return frozenset({requests.structures.CaseInsensitiveDict, requests.cookies.RequestsCookieJar,
                      http.cookiejar.CookieJar})


def _httpx_around() -> frozenset[type] | None:
    import httpx
    if any(replaced(c) for c in (httpx.Client, httpx.HTTPTransport, httpx.AsyncClient,
                                 httpx.AsyncHTTPTransport)):
        return None  # (``httpx.get`` makes a client and its transport: patched, yours)
    return frozenset({httpx.URL, httpx.QueryParams, httpx.Headers, httpx.Cookies,
                      httpx.Timeout, httpx.Limits})


_RUNS_USER_CODE = Rule(Kind.UNKNOWN, "the HTTP client runs code of yours around the request "
                       "(hooks, an auth object, an adapter or transport): no rule")


def _library_auth(name: str, given: Any) -> bool:
    """``auth=("user", "password")`` or a library's own basic auth object
    (``HTTPBasicAuth``, ``httpx.BasicAuth``, ``aiohttp.BasicAuth``) runs no user code."""
    if name != "auth":
        return False
    if type(given) is tuple:
        return all(type(v) is str for v in given)
    basic = [getattr(sys.modules.get(module), cls, None) for module, cls in (
        ("requests.auth", "HTTPBasicAuth"), ("httpx", "BasicAuth"), ("aiohttp", "BasicAuth"))]
    return any(isinstance(c, type) and own_class(given, c) for c in basic)


def _requests_plain(session: Any) -> bool:
    """Does `session` run none of the user's code around a request: the library's own
    class, adapters and cookie jar (its policy too), no hooks, the library's own auth,
    and plain data as its headers, query parameters, proxies and settings?"""
    import http.cookiejar

    import requests.adapters
    import requests.cookies
    import requests.sessions
    import requests.structures
    import urllib3
    if not own_class(session, requests.sessions.Session):
        return False
    adapters = getattr(session, "adapters", None)
    hooks = getattr(session, "hooks", None)
    auth = getattr(session, "auth", None)
    jar = getattr(session, "cookies", None)
    headers = getattr(session, "headers", None)
    return (isinstance(adapters, dict) and all(
                own_class(a, requests.adapters.HTTPAdapter)
                and _own_of(a.max_retries, urllib3.util.Retry) for a in adapters.values())
            and isinstance(hooks, dict) and not any(hooks.values())
            and (auth is None or _library_auth("auth", auth))
            and own_class(jar, requests.cookies.RequestsCookieJar)
            and own_class(jar._policy, http.cookiejar.DefaultCookiePolicy)
            and isinstance(headers, dict | requests.structures.CaseInsensitiveDict)
            and _plain_value(dict(headers.items()))
            and all(_plain_value(getattr(session, name, None)) for name in (
                "params", "proxies", "stream", "verify", "cert", "max_redirects",
                "trust_env")))


def _own_of(obj: Any, *classes: type) -> bool:
    """Is `obj` of one of the library's `classes` itself, nothing of it replaced?"""
    return any(own_class(obj, c) for c in classes)


def _httpx_plain(client: Any) -> bool:
    """Does `client` run none of the user's code around a request: the library's own
    class, transport and cookie jar, no event hooks or mounts, the library's own auth?"""
    import http.cookiejar

    import httpx
    if not (own_class(client, httpx.Client) or own_class(client, httpx.AsyncClient)):
        return False
    hooks = getattr(client, "event_hooks", None)
    transport = getattr(client, "_transport", None)
    mounts = getattr(client, "_mounts", None)
    auth = getattr(client, "_auth", None)
    cookies = getattr(client, "_cookies", None)
    return (isinstance(hooks, dict) and not any(hooks.values())
            and _own_of(transport, httpx.HTTPTransport, httpx.AsyncHTTPTransport)
            and mounts == {} and (auth is None or type(auth) in (
                httpx.Auth, httpx.BasicAuth, httpx.DigestAuth))
            and type(cookies) is httpx.Cookies
            and own_class(cookies.jar, http.cookiejar.CookieJar)
            and own_class(cookies.jar._policy, http.cookiejar.DefaultCookiePolicy))


def _aiohttp() -> None:
    import aiohttp

    plain = _callbacks(_aiohttp_plain, _aiohttp_around)
    methods(aiohttp.ClientSession, {
        verb: plain(rule, aiohttp.ClientSession)
        for verb, rule in _verbs("aiohttp.ClientSession", runner="call").items()})
    # (as httpx's clients: without it, the first call walked ClientSession.__init__ and the
    # 60 functions it calls, 250-430 ms)
    put_rule(aiohttp.ClientSession, Rule(Kind.PURE, "creates a client session (no I/O yet)"))


def _urllib3() -> None:
    """urllib3's pools are safe for concurrent use: their GETs overlap, with the checks
    of `_callbacks`; a response not read yet (``preload_content=False``) stays in place."""
    import urllib3
    from urllib3._request_methods import RequestMethods

    resp = urllib3.BaseHTTPResponse
    plain = _callbacks(_urllib3_plain, _urllib3_around)
    put_rule(urllib3.request, plain(_preloaded(_http_method_rule(0, returns=resp))))
    methods(RequestMethods, {"request": plain(_preloaded(_http_method_rule(
        1, returns=resp, owner=RequestMethods)), RequestMethods)})
    for pool in (urllib3.PoolManager, urllib3.HTTPConnectionPool):
        methods(pool, {"urlopen": plain(_preloaded(_http_method_rule(
            1, returns=resp, owner=pool)), pool)})
    put_rule(urllib3.PoolManager, Rule(Kind.PURE, "creates a pool manager (no I/O yet)"))
    methods(resp, {"json": Rule(Kind.PURE, "parses the response already read", returns=Data)})
    attributes(resp, {"data": bytes, "status": int, "reason": str})


def _preloaded(rule: ArgRule) -> ArgRule:
    def checked(args: tuple, kwargs: dict) -> Rule | None:
        if kwargs.get("preload_content", True) is not True:
            return Rule(Kind.UNKNOWN, "urllib3: a response not read yet is read where it is "
                        "used (preload_content=False)")
        if kwargs.get("pool_timeout") is not None:  # (beside others, it may give up)
            return Rule(Kind.UNKNOWN, "urllib3: a request that gives up waiting for a "
                        "blocking pool's connection (pool_timeout=) keeps its place")
        return rule(args, kwargs)
    checked.receiver = getattr(rule, "receiver", False)  # type: ignore[attr-defined]
    checked.gives = gives(rule)  # type: ignore[attr-defined]
    return checked


def _urllib3_around() -> frozenset[type] | None:
    import http.client

    import urllib3
    if any(debuglevel(c) for c in (
            urllib3.connection.HTTPConnection, http.client.HTTPConnection)):
        return None
    if not _urllib3_plain(getattr(urllib3, "_DEFAULT_POOL", None)):
        return None  # (what `urllib3.request` sends through)
    return frozenset({urllib3.Retry, urllib3.Timeout, urllib3.HTTPHeaderDict})


def _urllib3_plain(pool: Any) -> bool:
    """Is `pool` urllib3's own pool manager or connection pool, with its own pool and
    connection classes and plain settings (a `Retry` subclass of the user's runs on every
    request)?"""
    import urllib3
    import urllib3.poolmanager as managers
    own = frozenset({urllib3.Retry, urllib3.Timeout})
    if own_class(pool, urllib3.PoolManager):
        return (pool.pool_classes_by_scheme is managers.pool_classes_by_scheme
                and pool.key_fn_by_scheme == managers.key_fn_by_scheme
                and _plain_value(dict(pool.connection_pool_kw), own)
                and _plain_value(dict(pool.headers)))
    return ((own_class(pool, urllib3.HTTPConnectionPool)
             and pool.ConnectionCls is urllib3.connection.HTTPConnection
             or own_class(pool, urllib3.HTTPSConnectionPool)
             and pool.ConnectionCls is urllib3.connection.HTTPSConnection)
            and _plain_value(dict(pool.headers)) and _plain_value(pool.retries, own)
            and _plain_value(pool.timeout, own))


def _aiohttp_around() -> frozenset[type] | None:
    import aiohttp
    import multidict
    import yarl
    return frozenset({yarl.URL, multidict.CIMultiDict, multidict.MultiDict,
                      aiohttp.ClientTimeout})


def _aiohttp_plain(session: Any) -> bool:
    """Does `session` run none of the user's code around a request: aiohttp's own class,
    connector, resolver, request and response classes, cookie jar and JSON serialiser, no
    trace configs or middlewares, ``raise_for_status`` a bool, no auth object?"""
    import json

    import aiohttp
    connector = getattr(session, "_connector", None)
    charset = getattr(session, "_resolve_charset", None)
    return (own_class(session, aiohttp.ClientSession)
            and not getattr(session, "_trace_configs", True)
            and not getattr(session, "_middlewares", ())
            and type(getattr(session, "_raise_for_status", None)) is bool
            and getattr(session, "_response_class", None) is aiohttp.ClientResponse
            and getattr(session, "_request_class", None) is aiohttp.ClientRequest
            and own_class(connector, aiohttp.TCPConnector)
            and _library_object(getattr(connector, "_resolver", None), "aiohttp")
            and type(getattr(session, "_cookie_jar", None)) in (aiohttp.CookieJar,
                                                                 aiohttp.DummyCookieJar)
            and getattr(session, "_json_serialize", None) is json.dumps
            and getattr(session, "_json_serialize_bytes", None) is None
            and _library_object(charset, "aiohttp")
            and getattr(session, "_default_auth", None) is None
            and _plain_value(dict(getattr(session, "_default_headers", {}).items())))


def _library_object(obj: Any, package: str) -> bool:
    """Is `obj` (a function or an object) defined by `package` itself?"""
    module = getattr(obj if isinstance(obj, types.FunctionType) else type(obj), "__module__", "")
    return module == package or module.startswith(package + ".")


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

        plain = _callbacks(_sdk_plain(package), _sdk_around)

        def checked(owner: type, name: str) -> ArgRule | None:
            rule = by_name(owner, name)
            return None if rule is None else pooled(plain(rule, owner))

        SDK_RESOURCES.extend((base.SyncAPIResource, base.AsyncAPIResource))
        put_type(base.SyncAPIResource, checked)
        put_type(base.AsyncAPIResource, checked)
        plain_properties(base.SyncAPIResource, base.AsyncAPIResource)
        client = importlib.import_module(package)
        for name in _SDK_CLIENTS:
            cls = getattr(client, name, None)
            if isinstance(cls, type):
                put_rule(cls, Rule(Kind.PURE, f"creates a {name} client (no I/O yet)"))
                plain_properties(cls)
        # (Their `close`, defined on the base clients: the rule is found by that class.)
        clients = importlib.import_module(f"{package}._base_client")
        for owner, runner in ((clients.SyncAPIClient, "thread"),
                              (clients.AsyncAPIClient, "call")):
            methods(owner, {"close": Rule(Kind.WRITE, "closes the client's connections",
                                          "net", runner)})
    return load


def _sdk_around() -> frozenset[type] | None:
    """The SDKs' own argument types: httpx2's timeout, URL and headers, and the sentinels
    of an argument not given (``NOT_GIVEN``, ``omit``)."""
    import httpx2
    sentinels = {getattr(sys.modules.get(package), name, None) for package in _SDK_PACKAGES
                 for name in ("NotGiven", "Omit")}
    return frozenset({httpx2.Timeout, httpx2.URL, httpx2.Headers,
                      *(t for t in sentinels if isinstance(t, type))})


_SDK_PACKAGES = ("openai", "anthropic")


def _sdk_plain(package: str) -> Callable[[Any], bool]:
    """Does an SDK resource's client run none of the user's code around a request: the
    SDK's own client class, and an HTTP client of the SDK's or httpx2's own with its
    transport, no event hooks, mounts or auth (hooks, a transport or an auth object of
    the user's run in the thread each call runs on)?"""
    def plain(resource: Any) -> bool:
        import httpx2
        client = getattr(resource, "_client", None)
        http = getattr(client, "_client", None)
        sdk = type(client)
        return (sdk.__module__.split(".")[0] == package and sdk.__name__ in _SDK_CLIENTS
                and own_class(client, sdk)
                and (type(http) in (httpx2.Client, httpx2.AsyncClient)
                     or _library_object(http, package)) and own_class(http, type(http))
                and isinstance(getattr(http, "event_hooks", None), dict)
                and not any(http.event_hooks.values())
                and _own_of(getattr(http, "_transport", None), httpx2.HTTPTransport,
                            httpx2.AsyncHTTPTransport)
                and getattr(http, "_mounts", None) == {} and getattr(http, "_auth", 1) is None)
    return plain


_SDK_CLIENTS = ("OpenAI", "AsyncOpenAI", "Anthropic", "AsyncAnthropic", "AzureOpenAI",
                "AsyncAzureOpenAI")


def _csv() -> None:
    """A CSV reader's rows are lists of str (a `DictReader`'s, dicts of them): data, so
    that ``for row in csv.DictReader(f): row["value"] = get(row["key"])`` has types.
    Making one walks what it is handed, which may be anything: no rule."""
    import csv

    reader = type(csv.reader([]))
    made = Rule(Kind.UNKNOWN, "csv.reader() walks what it is handed: no rule", returns=reader)
    put_rule(csv.reader, made)
    items(reader, Data)

    def dict_reader(args: tuple, kwargs: dict) -> Rule:
        fill = _arg(args, kwargs, 3, "restval")  # (put into short rows: the user's object)
        return Rule(Kind.UNKNOWN, "csv.DictReader() walks what it is handed: no rule",
                    returns=csv.DictReader if _plain_value(fill) else None)

    put_rule(csv.DictReader, dict_reader)
    items(csv.DictReader, Data)
    writer = type(csv.writer(io.StringIO()))  # (writes rows out as text; keeps none)
    leaves_arguments(writer.writerow, writer.writerows, csv.DictWriter.writerow,
                     csv.DictWriter.writerows)


def _tempfile() -> None:
    """Making a temporary file or folder changes the file system. What it makes is typed, so
    that dropping it (``keep.pop("t")``) counts its finaliser: the file or folder goes then.
    A path-like of yours handed to it (``dir=``) runs your ``__fspath__``: no rule."""
    import tempfile

    def maker(returns: type | None) -> ArgRule:
        def rule(args: tuple, kwargs: dict) -> Rule:
            given = (*args, *kwargs.values())
            if ANY in given or not all(_plain_value(v) for v in given):
                return Rule(Kind.UNKNOWN, "a temporary file made from what is not known here "
                            "(perhaps objects of yours): no rule", returns=returns)
            return Rule(Kind.WRITE, "makes a temporary file or folder", "file", returns=returns)
        return rule

    put_rule(tempfile.NamedTemporaryFile, maker(getattr(tempfile, "_TemporaryFileWrapper", None)))
    for fn in (tempfile.mkstemp, tempfile.mkdtemp):
        put_rule(fn, maker(None))


def _model_results() -> None:
    """Ember's `ModelResult` is a str; its ``text``, ``model_id`` and ``finish_reason`` are
    str too (``models(m, q).text.strip()``, as the earlier Ember wrote it)."""
    from ember.models import ModelResult  # (models sit above xcs: loaded once imported)

    attributes(ModelResult, {"text": str, "model_id": str, "finish_reason": str})


for _module, _load in {
    "ember.models": _model_results,
    "csv": _csv,
    "tempfile": _tempfile,
    "requests": _requests,
    "httpx": _httpx,
    "aiohttp": _aiohttp,
    "urllib3": _urllib3,
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
