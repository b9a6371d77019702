"""Libraries that run the user's code on a call's path (`_rules`, `_packages`): a logger's
filters, handlers, adapters, record factory and class; a urllib opener's handlers; the
arguments and settings requests and httpx walk (a query mapping, a URL object, a cookie
jar, http.client's debug prints); open()'s path-like, opener and codec. While any of
them is the user's, the call has no rule (a barrier, run in place); with the library's
own plain kinds the call keeps its rule. Checked by the rule of a call with those
arguments, and by jitted runs equal to plain ones against a server on 127.0.0.1."""

from __future__ import annotations

import codecs
import collections.abc
import contextlib
import functools
import http.client
import http.cookiejar
import http.server
import io
import logging
import logging.handlers
import os
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
import requests.adapters

from ember import xcs
from ember.xcs import Kind
from ember.xcs._effects import ANY, rule_for_call
from ember.xcs.lowlevel import effect_of


def effect(obj: Any, *args: Any, **kwargs: Any) -> str | None:
    rule = rule_for_call(obj, args, kwargs)
    return None if rule is None else rule.effect


# --------------------------------------------------------------------------- a server here


class _Items(http.server.BaseHTTPRequestHandler):
    """GET /items/<key>?ms=N: the value stored for key (else "v-<key>") after N ms; PUT
    stores the body."""

    store: dict[str, str] = {}

    def do_GET(self) -> None:  # noqa: N802
        parts = urllib.parse.urlsplit(self.path)
        ms = int(urllib.parse.parse_qs(parts.query).get("ms", ["0"])[0])
        time.sleep(ms / 1000)
        key = parts.path.rsplit("/", 1)[-1]
        self._send(self.store.get(key, f"v-{key}"))

    def do_PUT(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.store[urllib.parse.urlsplit(self.path).path.rsplit("/", 1)[-1]] = body
        self._send("ok")

    def _send(self, text: str) -> None:
        data = text.encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def web() -> Iterator[str]:
    _Items.store = {}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Items)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def text_of(base: str, key: str, ms: int) -> str:
    return requests.get(f"{base}/items/{key}?ms={ms}").text


def same_plain_and_jitted(fn: Any, *args: Any, reset: Any = None) -> Any:
    """Run `fn` plain, then jitted (after `reset()` each time): equal values."""
    if reset is not None:
        reset()
    plain = fn(*args)
    if reset is not None:
        reset()
    xcs.lowlevel.reset()
    jitted = xcs.jit(fn)(*args)
    assert jitted == plain
    return plain


# --------------------------------------------------------------------------- logging


@contextlib.contextmanager
def quiet(name: str) -> Iterator[logging.Logger]:
    """A logger whose records stop at its own plain handler to stderr (made inside the
    test: pytest adds its capture handlers to non-propagating loggers at each phase)."""
    log = logging.getLogger(name)
    saved = log.handlers[:]
    log.handlers[:] = [logging.StreamHandler(sys.stderr)]
    log.propagate = False
    try:
        yield log
    finally:
        log.handlers[:] = saved
        log.filters.clear()
        log.propagate = True


class UserHandler(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        pass


class UserAdapter(logging.LoggerAdapter):
    def process(self, msg: Any, kwargs: Any) -> tuple[Any, Any]:
        return msg, kwargs


class UserLogger(logging.Logger):
    pass


def test_logging_is_output_only_while_the_logger_runs_the_librarys_code(
        tmp_path: Path) -> None:
    with quiet("ember.test.hooks") as log:
        _logging_kinds(log, tmp_path)


def _logging_kinds(log: logging.Logger, tmp_path: Path) -> None:
    assert effect(log.info, "x") == "ordered output"
    assert effect(logging.Logger.warning, log, "x") == "ordered output"
    assert effect(logging.LoggerAdapter(log, {}).info, "x") == "ordered output"
    assert effect(UserAdapter(log, {}).info, "x") == "unknown"  # its process()

    def keep(record: logging.LogRecord) -> bool:
        return True
    log.addFilter(keep)
    assert effect(log.info, "x") == "unknown"
    log.removeFilter(keep)
    log.handlers[0].addFilter(keep)  # a handler's filter
    assert effect(log.error, "x") == "unknown"
    log.handlers[0].removeFilter(keep)

    class LoudFormatter(logging.Formatter):
        pass
    log.handlers[0].setFormatter(LoudFormatter())
    assert effect(log.info, "x") == "unknown"
    log.handlers[0].setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    assert effect(log.info, "x") == "ordered output"

    files = logging.FileHandler(tmp_path / "log.txt")  # a later read of the file sees it
    log.addHandler(files)
    assert effect(log.info, "x") == "write(file)"
    log.removeHandler(files)
    files.close()

    # a handler up the parent chain: the user's, or a stream that is a file
    child = logging.getLogger("ember.test.hooks.child")
    assert effect(child.info, "x") == "ordered output"
    log.addHandler(UserHandler())
    assert effect(child.info, "x") == "unknown"
    log.handlers[1:] = []
    with open(tmp_path / "s.txt", "w") as stream:
        log.addHandler(logging.StreamHandler(stream))
        assert effect(child.info, "x") == "unknown"
    # records kept in memory: a StringIO stream (read in order with output, `getvalue`);
    # a buffering handler's list of records, which code of yours may read, and a memory
    # handler's flush, in a later call, formats an earlier call's records
    log.handlers[1:] = [logging.StreamHandler(io.StringIO())]
    assert effect(child.info, "x") == "ordered output"
    log.handlers[1:] = [logging.handlers.BufferingHandler(100)]
    assert effect(child.info, "x") == "unknown"
    log.handlers[1:] = [logging.handlers.MemoryHandler(100, target=logging.NullHandler())]
    assert effect(child.info, "x") == "unknown"
    log.handlers[1:] = []

    # the record factory, a Logger subclass, the logger class set for new loggers
    saved = logging.getLogRecordFactory()
    logging.setLogRecordFactory(lambda *a, **k: saved(*a, **k))
    try:
        assert effect(logging.LoggerAdapter(log, {}).info, "x") == "unknown"
    finally:
        logging.setLogRecordFactory(saved)
    made = UserLogger("ember.test.sub")
    assert effect(made.info, "x") == "unknown"
    logging.setLoggerClass(UserLogger)
    try:
        assert effect(logging.getLogger("ember.test.hooks.made_later").info, "x") == "unknown"
    finally:
        logging.setLoggerClass(logging.Logger)
    # the analysis knows only the type of an adapter or logger made in place: not decided
    assert effect(logging.LoggerAdapter.info, "x") is None


FILTERED = logging.getLogger("ember.test.hooks.filtered")


def log_filter_puts_then_get(base: str) -> list[str]:
    a = text_of(base, "f1", 100)
    FILTERED.warning("saw %s", a)
    b = text_of(base, "flt", 10)
    return [a, b]


def test_a_logging_filter_that_puts_keeps_the_get_after_it_in_place(web: str) -> None:
    def put_record(record: logging.LogRecord) -> bool:
        requests.put(f"{web}/items/flt", data=record.getMessage())
        return True
    with quiet(FILTERED.name):
        FILTERED.addFilter(put_record)
        got = same_plain_and_jitted(log_filter_puts_then_get, web,
                                    reset=lambda: _Items.store.clear())
    assert got == ["v-f1", "saw v-f1"]


# --------------------------------------------------------------------------- urllib


class PrintsResponses(urllib.request.BaseHandler):
    def http_response(self, req: urllib.request.Request, resp: Any) -> Any:
        print("response", req.selector.split("?")[0])
        return resp


def test_urllib_reads_only_through_urllibs_own_handlers() -> None:
    url = "http://example.invalid/x"
    plain = urllib.request.build_opener()
    assert effect(plain.open, url) == "read(net)"
    assert effect(urllib.request.OpenerDirector.open, plain, url) == "read(net)"
    cookies = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    assert effect(cookies.open, url) == "read(net)"
    loud = urllib.request.build_opener(PrintsResponses())
    assert effect(loud.open, url) == "unknown"
    debug = urllib.request.build_opener(urllib.request.HTTPHandler(debuglevel=1))
    assert effect(debug.open, url) == "unknown"
    assert effect(urllib.request.urlopen, url) == "read(net)"
    urllib.request.install_opener(loud)
    try:
        assert effect(urllib.request.urlopen, url) == "unknown"
    finally:
        urllib.request.install_opener(None)

    class Recorded(urllib.request.Request):
        def get_method(self) -> str:
            raise AssertionError("the rule ran the user's get_method")
    assert effect(urllib.request.urlopen, Recorded(url)) == "unknown"
    # the analysis knows only the opener's type: decided when the call runs
    assert effect(urllib.request.OpenerDirector.open, url) is None


def opener_handler_prints_each_response(base: str) -> list[int]:
    opener = urllib.request.build_opener(PrintsResponses())
    return [opener.open(f"{base}/items/{k}?ms={ms}").status
            for k, ms in (("a1", 150), ("a2", 20), ("a3", 60))]


def test_an_openers_handler_prints_in_program_order(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    same_plain_and_jitted(opener_handler_prints_each_response, web)
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"response /items/{k}" for k in ("a1", "a2", "a3")] * 2


# --------------------------------------------------------------------------- requests, httpx


class UserParams(collections.abc.Mapping):
    def __getitem__(self, name: str) -> str:
        return "v"

    def __iter__(self) -> Iterator[str]:
        return iter(["k"])

    def __len__(self) -> int:
        return 1


class UserURL:
    def __str__(self) -> str:
        return "http://example.invalid/x"


class LoudAdapter(requests.adapters.HTTPAdapter):
    def send(self, *args: Any, **kwargs: Any) -> Any:
        print("sending")
        return super().send(*args, **kwargs)


class UserText:
    def __str__(self) -> str:
        return "v"


def test_requests_and_httpx_arguments_and_settings_that_run_user_code() -> None:
    url = "http://example.invalid/x"
    assert effect(requests.get, url, params={"k": "v", "n": [1, 2]}) == "read(net)"
    assert effect(requests.get, url, {"k": "v"}) == "read(net)"
    assert effect(requests.get, url, params=UserParams()) == "unknown"
    assert effect(requests.get, url, params={"k": UserText()}) == "unknown"
    assert effect(requests.get, url, params=[("k", UserText())]) == "unknown"
    assert effect(requests.get, url, params=ANY) is None  # decided with the call's own
    assert effect(requests.get, UserURL()) == "unknown"
    assert effect(requests.request, "GET", UserURL()) == "unknown"
    assert effect(requests.get, url, headers={"X-K": UserText()}) == "unknown"
    with requests.Session() as s:
        assert effect(s.get, url) == "read(net)"
        assert effect(s.get, UserURL()) == "unknown"
        s.cookies = type("UserJar", (requests.cookies.RequestsCookieJar,), {})()
        assert effect(s.get, url) == "unknown"
    with requests.Session() as s:
        s.params = UserParams()
        assert effect(s.get, url) == "unknown"
    with requests.Session() as s:  # an adapter of the user's runs on every request after
        assert effect(s.mount, "http://", requests.adapters.HTTPAdapter()) == "cpu"
        assert effect(s.mount, "http://", LoudAdapter()) == "unknown"
        assert effect(s.mount, "http://", ANY) is None
    http.client.HTTPConnection.debuglevel = 1  # prints from the thread each request runs on
    try:
        assert effect(requests.get, url) == "unknown"
        assert effect(http.client.HTTPConnection, "example.invalid") == "unknown"
    finally:
        http.client.HTTPConnection.debuglevel = 0
    assert effect(requests.get, url) == "read(net)"
    assert effect(http.client.HTTPConnection, "example.invalid") == "pure"
    with httpx.Client() as c:
        assert effect(c.get, httpx.URL(url), params={"k": "v"}) == "read(net)"
        assert effect(c.get, UserURL()) == "unknown"
        assert effect(c.get, url, params=UserParams()) == "unknown"
    with httpx.Client() as c:
        c._cookies.jar = type("UserJar", (http.cookiejar.CookieJar,), {})()
        assert effect(c.get, url) == "unknown"


SEEN: list[str] = []


class LoudParams(UserParams):
    def __init__(self, key: str) -> None:
        self.key = key

    def __getitem__(self, name: str) -> str:
        SEEN.append(self.key)
        return self.key


def param_after(base: str, key: str, ms: int) -> str:
    first = requests.get(f"{base}/items/{key}?ms={ms}").text
    return requests.get(f"{base}/items/q", params=LoudParams(first)).url.rsplit("=", 1)[-1]


def params_of_the_user(base: str) -> list[Any]:
    return [[param_after(base, k, ms) for k, ms in (("a1", 150), ("a2", 20))], list(SEEN)]


def test_a_query_mapping_of_the_user_is_walked_in_program_order(web: str) -> None:
    got = same_plain_and_jitted(params_of_the_user, web, reset=SEEN.clear)
    assert got == [["v-a1", "v-a2"], ["v-a1", "v-a2"]]


# --------------------------------------------------------------------------- open()


def _loud_codec(name: str) -> codecs.CodecInfo | None:
    if name != "ember_test_loud":
        return None
    utf8 = codecs.lookup("utf-8")

    class Decoder(codecs.IncrementalDecoder):
        def decode(self, data: bytes, final: bool = False) -> str:
            SEEN.append("decode")
            return data.decode()
    return codecs.CodecInfo(utf8.encode, utf8.decode, name="ember_test_loud",
                            incrementalencoder=utf8.incrementalencoder,
                            incrementaldecoder=Decoder)


codecs.register(_loud_codec)
codecs.register_error("ember_test_loud", lambda e: ("?", e.end))


class UserPath:
    def __init__(self, path: str) -> None:
        self.path = path

    def __fspath__(self) -> str:
        SEEN.append("fspath")
        return self.path


def test_open_reads_only_while_it_runs_no_code_of_the_users(tmp_path: Path) -> None:
    SEEN.clear()
    p = str(tmp_path / "f.txt")
    assert effect(open, p) == "read(file)"
    assert effect(open, Path(p)) == "read(file)"
    assert effect(open, p.encode(), "rb") == "read(file)"
    assert effect(open, p, encoding="utf-8", errors="replace") == "read(file)"
    assert effect(open, p, "w", encoding="latin-1") == "write(file)"
    assert effect(open, p, opener=os.open) == "read(file)"
    assert effect(open, UserPath(p)) == "unknown"
    assert effect(open, p, opener=lambda path, flags: os.open(path, flags)) == "unknown"
    assert effect(open, p, encoding="ember_test_loud") == "unknown"
    assert effect(open, p, errors="ember_test_loud") == "unknown"
    assert effect(open, p, "rb", encoding=None) == "read(file)"
    assert effect(open, p, opener=ANY) is None  # decided with the call's own arguments
    assert SEEN == []  # (no rule ran the user's code)


def loud_opener(path: str, flags: int) -> int:
    SEEN.append(os.path.basename(path))
    return os.open(path, flags)


def open_after(folder: str, base: str, key: str, ms: int) -> str:
    first = requests.get(f"{base}/items/{key}?ms={ms}").text
    with open(os.path.join(folder, key + ".txt"), opener=loud_opener) as f:
        return first + f.read()


def opens_with_an_opener(folder: str, base: str) -> list[Any]:
    out = [open_after(folder, base, k, ms) for k, ms in (("a1", 150), ("a2", 20), ("a3", 60))]
    return [out, list(SEEN)]


def test_an_opener_of_the_user_runs_in_program_order(web: str, tmp_path: Path) -> None:
    for k in ("a1", "a2", "a3"):
        (tmp_path / f"{k}.txt").write_text(f"-{k}")
    got = same_plain_and_jitted(opens_with_an_opener, str(tmp_path), web, reset=SEEN.clear)
    assert got[1] == ["a1.txt", "a2.txt", "a3.txt"]


def session_with_a_jar(u: str, jar: Any) -> str:
    with requests.Session() as s:
        s.cookies = jar  # (the user's jar: its extract_cookies runs after every response)
        return s.get(u).text


def session_with_plain_settings(u: str, token: str) -> str:
    with requests.Session() as s:
        s.verify = False
        s.headers = {"Authorization": token, "X-N": "1"}
        return s.get(u).text


def test_an_object_of_the_users_stored_on_a_library_object_in_a_helper() -> None:
    # In a helper the session is not in hand when the plan is made: what is stored on it
    # must be plain data, else its calls may run the user's code.
    assert effect_of(session_with_a_jar).kind is Kind.UNKNOWN
    assert effect_of(session_with_plain_settings).kind is Kind.READ


def search_with_params(u: str, q: Any) -> str:
    return requests.get(u, params={"q": q, "n": 2}).text


def test_a_query_dict_of_a_helpers_parameters_is_decided_with_the_call() -> None:
    # `params={"q": q}`: a dict of what the call's own arguments are, where they are known
    # (at run time, for a helper): plain values make it a read, an object of yours not.
    url = "http://example.invalid/x"
    assert effect_of(functools.partial(search_with_params, url, "p1")).kind is Kind.READ
    assert effect_of(functools.partial(search_with_params, url, UserText())).kind is Kind.UNKNOWN


CONFIGURED = logging.getLogger("ember.test.hooks.configured")


def log_to_a_file_set_up_here(base: str, path: str) -> str:
    handler = logging.FileHandler(path)
    CONFIGURED.addHandler(handler)
    try:
        CONFIGURED.warning("got %s", text_of(base, "c1", 100))
        return Path(path).read_text()
    finally:
        CONFIGURED.removeHandler(handler)
        handler.close()


def test_a_function_that_configures_logging_keeps_its_logging_calls_in_place(
        web: str, tmp_path: Path) -> None:
    # Planned with no file handler on the logger, the function adds one: its warning is a
    # write of the file it then reads, which must not start before it.
    with quiet(CONFIGURED.name):
        plain = log_to_a_file_set_up_here(web, str(tmp_path / "a.log"))
        jitted = xcs.jit(log_to_a_file_set_up_here)(web, str(tmp_path / "b.log"))
    assert jitted == plain == "got v-c1\n"


class _SaidAdapter(requests.adapters.HTTPAdapter):
    def send(self, request: Any, **kw: Any) -> Any:
        print("sending", request.url.rsplit("/", 1)[-1].split("?")[0])
        return super().send(request, **kw)


def mounts_then_reads(s: requests.Session, base: str) -> list[str]:
    s.mount("http://", _SaidAdapter())  # (the session's state its reads' rules read)
    a = s.get(f"{base}/a?ms=150", timeout=5).text
    b = s.get(f"{base}/b?ms=20", params={"seen": 1}, timeout=5).text
    return [a, b]


def test_a_session_the_function_changes_keeps_its_reads_in_place(
        web: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The function mounts an adapter of yours before the reads: the plan's guards saw the
    session as it was, so its reads keep their place (their adapter prints)."""
    plain = mounts_then_reads(requests.Session(), web)
    out = capsys.readouterr().out
    assert xcs.jit(mounts_then_reads)(requests.Session(), web) == plain
    assert capsys.readouterr().out == out == "sending a\nsending b\n"
