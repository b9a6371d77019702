"""Red-team cases (stop 145): low-level clients as people write them.

(1) `http.client.HTTPConnection` reused for several requests (keep-alive), two connections
used one after the other or pipelined by hand, an unread response before the next request,
`putrequest`/`putheader`/`endheaders` by hand, a method held in a variable or a dict.
(2) A new connection per request in a helper (GET, PUT, a method passed in, a response
returned unread), and the same written inline in a loop.
(3) `urllib.request.urlopen` with `Request(url, data=..., method=...)` objects and custom
headers: a method or data set on the object after it was made, the old
``req.get_method = lambda: "PUT"`` idiom, a `Request` reused with a new ``full_url``, an
empty body (``data=b""`` is a POST), HEAD, errors and timeouts.
(4) `urllib.request.build_opener` with urllib's handlers and with one of the user's that
prints, `install_opener` in the middle of a function, `opener.open(url, data)`.
(5) Raw `socket.create_connection` to the LineServer with ``makefile('r')``, two sockets
pipelined by hand, `selectors` over two sockets, a timeout on `recv`, raw HTTP on a socket,
`socket.socketpair` as a local pipe beside HTTP reads.
(6) Mixing these with requests / httpx GETs and PUTs on the HTTP server.
Sibling calls get unequal latencies, slow first, so a wrong reordering shows. `FAILING`
holds the cases that differed or crashed under jit when written, with `FAILING_WHY` saying
what differed.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import json
import selectors
import socket
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import requests

from tests.xcs.libcorpus._case import Case, Env, corpus_logger

LOG = corpus_logger("redteam145")


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def hostport(web: str) -> tuple[str, int]:
    u = urllib.parse.urlsplit(web)
    return u.hostname or "127.0.0.1", u.port or 80


# =========================================================================== (1) keep-alive


def r145_keepalive_three_gets(web: str) -> list[str]:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        conn.request("GET", f"/items/{k}?ms={ms}")
        resp = conn.getresponse()
        out.append(json.loads(resp.read())["value"])
    conn.close()
    return out


def r145_keepalive_unread_response(web: str) -> list[str]:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", "/items/u1?ms=150")
    first = conn.getresponse()
    out = [str(first.status)]
    conn.request("GET", "/items/u2?ms=40")
    try:
        conn.getresponse()
    except http.client.ResponseNotReady as exc:
        out.append(f"not ready: {type(exc).__name__}")
    out.append(json.loads(first.read())["value"])
    conn.close()
    return out


def r145_two_conns_one_after_other(web: str) -> list[str]:
    host, port = hostport(web)
    a = http.client.HTTPConnection(host, port, timeout=5)
    b = http.client.HTTPConnection(host, port, timeout=5)
    a.request("GET", "/items/ta?ms=150")
    va = json.loads(a.getresponse().read())["value"]
    b.request("GET", "/items/tb?ms=40")
    vb = json.loads(b.getresponse().read())["value"]
    a.close()
    b.close()
    return [va, vb]


def r145_two_conns_pipelined_by_hand(web: str) -> list[str]:
    host, port = hostport(web)
    a = http.client.HTTPConnection(host, port, timeout=5)
    b = http.client.HTTPConnection(host, port, timeout=5)
    a.request("GET", "/items/pa?ms=150")
    b.request("PUT", "/items/pa?ms=40", body=b"late")
    vb = json.loads(b.getresponse().read())
    va = json.loads(a.getresponse().read())["value"]
    a.close()
    b.close()
    return [va, str(vb["version"])]


def r145_putrequest_by_hand(web: str) -> list[str]:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    out = []
    for method, k, ms, body in (("GET", "ph", 150, b""), ("PUT", "ph", 40, b"hand"),
                                ("GET", "ph", 90, b"")):
        conn.putrequest(method, f"/items/{k}?ms={ms}")
        conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body or None)
        out.append(conn.getresponse().read().decode())
    conn.close()
    return out


METHODS = {"fetch": "GET", "store": "PUT"}


def r145_method_from_dict_keepalive(web: str) -> list[str]:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    out = []
    for op, k, ms in (("fetch", "md", 150), ("store", "md", 40), ("fetch", "md", 90)):
        conn.request(METHODS[op], f"/items/{k}?ms={ms}", body=f"{op}-{k}" if op == "store" else None)
        out.append(conn.getresponse().read().decode())
    conn.close()
    return out


# =========================================================================== (2) conn per request


def hc_get(web: str, path: str) -> dict:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def hc_put(web: str, path: str, body: str) -> dict:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    try:
        conn.request("PUT", path, body=body.encode(), headers={"Content-Type": "text/plain"})
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def hc_call(web: str, method: str, path: str, body: str | None = None) -> str:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request(method, path, body=body)
    data = conn.getresponse().read().decode()
    conn.close()
    return data


def hc_open(web: str, path: str) -> http.client.HTTPResponse:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", path)
    return conn.getresponse()


def r145_helper_conn_gets(web: str) -> list[str]:
    out = []
    for k, ms in (("h1", 150), ("h2", 40), ("h3", 90)):
        out.append(hc_get(web, f"/items/{k}?ms={ms}")["value"])
    return out


def r145_helper_conn_gets_print(web: str) -> list[str]:
    out = []
    for k, ms in (("hp1", 150), ("hp2", 40), ("hp3", 90)):
        v = hc_get(web, f"/items/{k}?ms={ms}")["value"]
        print(f"{k} -> {v}")
        out.append(v)
    return out


def r145_helper_conn_put_between_gets(web: str) -> list[Any]:
    before = hc_get(web, "/items/hb?ms=150")["value"]
    put = hc_put(web, "/items/hb?ms=40", "after")
    after = hc_get(web, "/items/hb?ms=90")["value"]
    return [before, put, after]


def r145_helper_method_passed_in(web: str) -> list[str]:
    out = []
    for method, k, ms in (("GET", "mp", 150), ("PUT", "mp", 40), ("GET", "mp", 90)):
        body = f"set-{ms}" if method == "PUT" else None
        out.append(hc_call(web, method, f"/items/{k}?ms={ms}", body))
    return out


def r145_helper_puts_then_gets(web: str) -> list[str]:
    keys = (("q1", 150), ("q2", 40), ("q3", 90))
    for k, ms in keys:
        hc_put(web, f"/items/{k}?ms={ms}", f"new-{k}")
    return [hc_get(web, f"/items/{k}?ms={ms}")["value"] for k, ms in keys]


def r145_helper_returns_response(web: str) -> list[str]:
    resps = [hc_open(web, f"/items/{k}?ms={ms}") for k, ms in (("ro1", 150), ("ro2", 40),
                                                                ("ro3", 90))]
    out = []
    for r in resps:
        out.append(f"{r.status}:{json.loads(r.read())['value']}")
        r.close()
    return out


def r145_inline_conn_per_item(web: str) -> list[str]:
    host, port = hostport(web)
    out = []
    for k, ms in (("in1", 150), ("in2", 40), ("in3", 90)):
        c = http.client.HTTPConnection(host, port, timeout=5)
        c.request("GET", f"/items/{k}?ms={ms}")
        out.append(json.loads(c.getresponse().read())["value"])
        c.close()
    return out


def r145_helper_conn_dict_comp(web: str) -> dict[str, str]:
    keys = {"dc1": 150, "dc2": 40, "dc3": 90}
    return {k: hc_get(web, f"/items/{k}?ms={ms}")["value"] for k, ms in keys.items()}




# =========================================================================== (2b) helpers' objects


_CONNS: dict[str, http.client.HTTPConnection] = {}


def pooled_get(web: str, path: str) -> str:
    """A keep-alive connection per host, made on first use and kept in a module dict."""
    conn = _CONNS.get(web)
    if conn is None:
        host, port = hostport(web)
        conn = _CONNS[web] = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", path)
    return json.loads(conn.getresponse().read())["value"]


def r145_pooled_conn_helper(web: str) -> list[str]:
    return [pooled_get(web, f"/items/{k}?ms={ms}") for k, ms in (("pc1", 150), ("pc2", 40),
                                                                 ("pc3", 90))]


def _close_pool(fn: Any, env: Env) -> Any:
    try:
        return fn(env.web)
    finally:
        for c in _CONNS.values():
            c.close()
        _CONNS.clear()


class LoudConn(http.client.HTTPConnection):
    sent = 0

    def request(self, method: str, url: str, *a: Any, **kw: Any) -> None:  # type: ignore[override]
        LoudConn.sent += 1
        print("request", LoudConn.sent, method, url)
        super().request(method, url, *a, **kw)


def loud_get(web: str, path: str) -> str:
    host, port = hostport(web)
    conn = LoudConn(host, port, timeout=5)
    conn.request("GET", path)
    v = json.loads(conn.getresponse().read())["value"]
    conn.close()
    return v


def r145_conn_subclass_prints(web: str) -> list[str]:
    LoudConn.sent = 0
    return [loud_get(web, f"/items/{k}?ms={ms}") for k, ms in (("lo1", 150), ("lo2", 40),
                                                               ("lo3", 90))]


def r145_helper_conn_break_on_value(web: str) -> list[str]:
    requests.put(f"{web}/items/br2?ms=20", data="stop")
    out = []
    for k, ms in (("br1", 150), ("br2", 40), ("br3", 90), ("br4", 60)):
        v = hc_get(web, f"/items/{k}?ms={ms}")["value"]
        if v == "stop":
            break
        out.append(v)
    return out


def checked_get(web: str, path: str) -> str:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conn.request("GET", path)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    if resp.status != 200:
        raise RuntimeError(f"{path}: {resp.status}")
    return json.loads(body)["value"]


def r145_checked_helper_continue(web: str) -> list[str]:
    out = []
    for path in ("/items/ck1?ms=150", "/status/502?ms=40", "/items/ck3?ms=90",
                 "/status/404?ms=30"):
        try:
            v = checked_get(web, path)
        except RuntimeError as exc:
            print("skip", exc)
            continue
        print("ok", v)
        out.append(v)
    return out


def r145_checked_helper_uncaught(web: str) -> list[str]:
    out = []
    for path in ("/items/cu1?ms=150", "/status/502?ms=40", "/items/cu3?ms=90"):
        out.append(checked_get(web, path))
    return out


def kept_get(web: str, path: str, conns: list) -> str:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    conns.append(conn)
    conn.request("GET", path)
    return json.loads(conn.getresponse().read())["value"]


def r145_helper_keeps_conn_in_list(web: str) -> list[Any]:
    conns: list = []
    out: list[Any] = [kept_get(web, f"/items/{k}?ms={ms}", conns)
                      for k, ms in (("kl1", 150), ("kl2", 40), ("kl3", 90))]
    out.append(len(conns))
    for c in conns:
        c.close()
    return out


def r145_urlopen_str_loop(web: str) -> list[str]:
    out = []
    for k, ms in (("us1", 150), ("us2", 40), ("us3", 90)):
        with urllib.request.urlopen(f"{web}/items/{k}?ms={ms}") as r:
            out.append(json.load(r)["value"])
    return out


# =========================================================================== (3) urlopen + Request


def r145_urlopen_request_headers(web: str) -> list[str]:
    out = []
    for k, ms in (("uh1", 150), ("uh2", 40), ("uh3", 90)):
        req = urllib.request.Request(f"{web}/items/{k}?ms={ms}",
                                     headers={"X-Trace": k, "Accept": "application/json"})
        with urllib.request.urlopen(req, timeout=5) as r:
            out.append(json.load(r)["value"])
    return out


def r145_urlopen_request_put_then_get(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in (("up1", 150), ("up2", 40)):
        req = urllib.request.Request(f"{web}/items/{k}?ms={ms}", data=f"val-{k}".encode(),
                                     method="PUT", headers={"Content-Type": "text/plain"})
        with urllib.request.urlopen(req) as r:
            out.append(json.load(r)["version"])
    for k in ("up1", "up2"):
        with urllib.request.urlopen(f"{web}/items/{k}?ms=90") as r:
            out.append(json.load(r)["value"])
    return out


def r145_request_method_set_after(web: str) -> list[str]:
    first = urllib.request.urlopen(f"{web}/items/ms1?ms=150").read().decode()
    req = urllib.request.Request(f"{web}/items/ms1?ms=40")
    req.method = "PUT"
    req.data = b"changed"
    urllib.request.urlopen(req).read()
    last = urllib.request.urlopen(f"{web}/items/ms1?ms=90").read().decode()
    return [first, last]


def r145_request_data_set_after(web: str) -> list[str]:
    first = urllib.request.urlopen(f"{web}/items/ds1?ms=150").read().decode()
    req = urllib.request.Request(f"{web}/items/ds1?ms=40")
    req.data = b"posted"
    urllib.request.urlopen(req).read()
    last = urllib.request.urlopen(f"{web}/items/ds1?ms=90").read().decode()
    return [first, req.get_method(), last]


def r145_request_get_method_lambda(web: str) -> list[str]:
    first = urllib.request.urlopen(f"{web}/items/gm1?ms=150").read().decode()
    req = urllib.request.Request(f"{web}/items/gm1?ms=40", data=b"lambda")
    req.get_method = lambda: "PUT"
    urllib.request.urlopen(req).read()
    last = urllib.request.urlopen(f"{web}/items/gm1?ms=90").read().decode()
    return [first, last]


def r145_request_reused_full_url(web: str) -> list[str]:
    req = urllib.request.Request(f"{web}/items/x", headers={"X-Client": "reuse"})
    out = []
    for k, ms in (("rf1", 150), ("rf2", 40), ("rf3", 90)):
        req.full_url = f"{web}/items/{k}?ms={ms}"
        with urllib.request.urlopen(req) as r:
            out.append(json.load(r)["value"])
    return out


def r145_request_methods_from_list(web: str) -> list[str]:
    out = []
    for method, ms in (("GET", 150), ("PUT", 40), ("GET", 90), ("DELETE", 30), ("GET", 60)):
        data = f"m{ms}".encode() if method == "PUT" else None
        req = urllib.request.Request(f"{web}/items/ml?ms={ms}", data=data, method=method)
        with urllib.request.urlopen(req) as r:
            out.append(r.read().decode())
    return out


def r145_urlopen_empty_bytes_posts(web: str) -> list[str]:
    first = urllib.request.urlopen(f"{web}/items/eb?ms=150").read().decode()
    urllib.request.urlopen(f"{web}/items/eb?ms=40", b"").read()
    last = urllib.request.urlopen(f"{web}/items/eb?ms=90").read().decode()
    return [first, last]




def r145_request_get_with_body(web: str) -> list[str]:
    out = []
    for k, ms in (("gb1", 150), ("gb2", 40), ("gb3", 90)):
        req = urllib.request.Request(f"{web}/items/{k}?ms={ms}", data=b"q=1", method="GET")
        out.append(json.loads(urllib.request.urlopen(req).read())["value"])
    return out


def r145_request_head(web: str) -> list[Any]:
    out: list[Any] = []
    for k, ms in (("hd1", 150), ("hd2", 40), ("hd3", 90)):
        req = urllib.request.Request(f"{web}/items/{k}?ms={ms}", method="HEAD")
        with urllib.request.urlopen(req) as r:
            out.append((r.status, r.headers["Content-Type"], r.read()))
    return out


def r145_urlopen_http_error_caught(web: str) -> list[Any]:
    out: list[Any] = []
    for path in ("/status/404?ms=150", "/items/he?ms=40", "/status/500?ms=90"):
        try:
            with urllib.request.urlopen(web + path) as r:
                out.append(json.load(r)["value"])
        except urllib.error.HTTPError as exc:
            out.append((exc.code, json.loads(exc.read())["status"]))
    return out


def r145_urlopen_error_uncaught_mid(web: str) -> list[str]:
    out = []
    for path in ("/items/ue1?ms=150", "/status/503?ms=40", "/items/ue3?ms=90"):
        out.append(urllib.request.urlopen(web + path).read().decode())
        print("got", path)
    return out


def r145_urlopen_timeout_caught(web: str) -> list[str]:
    out = []
    for ms, timeout in ((400, 0.05), (40, 2.0)):
        try:
            with urllib.request.urlopen(f"{web}/items/to?ms={ms}", timeout=timeout) as r:
                out.append(json.load(r)["value"])
        except (TimeoutError, urllib.error.URLError) as exc:
            out.append(type(exc).__name__)
        print("after", ms)
    return out


def r145_urlopen_partial_reads_interleaved(web: str) -> list[str]:
    r1 = urllib.request.urlopen(f"{web}/text/pr1?ms=150")
    head = r1.read(8)
    r2 = urllib.request.urlopen(f"{web}/text/pr2?ms=40")
    line = r2.readline()
    rest = r1.read()
    r1.close()
    r2.close()
    return [head.decode(), line.decode(), rest.decode()]


def r145_urlopen_file_url_after_write(web: str, tmp: str) -> list[str]:
    p = Path(tmp) / "conf.txt"
    a = urllib.request.urlopen(f"{web}/items/fu1?ms=150").read().decode()
    p.write_text(a)
    local = urllib.request.urlopen(p.as_uri()).read().decode()
    b = urllib.request.urlopen(f"{web}/items/fu2?ms=40").read().decode()
    return [local, b]


# =========================================================================== (4) openers


def r145_opener_urllib_handlers(web: str) -> list[str]:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPHandler(),
                                         urllib.request.HTTPCookieProcessor(jar))
    opener.addheaders = [("User-Agent", "corpus/1.0")]
    out = []
    for k, ms in (("oh1", 150), ("oh2", 40), ("oh3", 90)):
        with opener.open(f"{web}/items/{k}?ms={ms}", timeout=5) as r:
            out.append(json.load(r)["value"])
    out.append(str(len(jar)))
    return out


class Tagger(urllib.request.BaseHandler):
    def http_request(self, req: urllib.request.Request) -> urllib.request.Request:
        print("send", req.get_method(), urllib.parse.urlsplit(req.full_url).path)
        req.add_header("X-Tag", "t")
        return req

    def http_response(self, req: Any, resp: Any) -> Any:
        print("recv", resp.status)
        return resp


def r145_opener_user_handler_prints(web: str) -> list[str]:
    opener = urllib.request.build_opener(Tagger())
    out = []
    for k, ms in (("ut1", 150), ("ut2", 40), ("ut3", 90)):
        out.append(json.loads(opener.open(f"{web}/items/{k}?ms={ms}").read())["value"])
    return out


def r145_install_opener_midway(web: str) -> list[str]:
    out = [urllib.request.urlopen(f"{web}/items/io1?ms=150").read().decode()]
    urllib.request.install_opener(urllib.request.build_opener(Tagger()))
    for k, ms in (("io2", 40), ("io3", 90)):
        out.append(urllib.request.urlopen(f"{web}/items/{k}?ms={ms}").read().decode())
    return out


def _reset_opener(fn: Any, env: Env) -> Any:
    try:
        return fn(env.web)
    finally:
        urllib.request.install_opener(None)  # type: ignore[arg-type]


def r145_default_timeout_set_inside(web: str) -> list[str]:
    socket.setdefaulttimeout(0.1)
    out = []
    for k, ms in (("dt1", 150), ("dt2", 40)):
        try:
            out.append(urllib.request.urlopen(f"{web}/items/{k}?ms={ms}").read().decode())
        except (TimeoutError, urllib.error.URLError) as exc:
            out.append(type(exc).__name__)
    socket.setdefaulttimeout(None)
    out.append(urllib.request.urlopen(f"{web}/items/dt3?ms=90").read().decode())
    return out


def _reset_timeout(fn: Any, env: Env) -> Any:
    try:
        return fn(env.web)
    finally:
        socket.setdefaulttimeout(None)


def _with_user_opener(fn: Any, env: Env) -> Any:
    urllib.request.install_opener(urllib.request.build_opener(Tagger()))
    try:
        return fn(env.web)
    finally:
        urllib.request.install_opener(None)  # type: ignore[arg-type]


def r145_opener_open_data_then_get(web: str) -> list[str]:
    opener = urllib.request.build_opener()
    first = opener.open(f"{web}/items/od?ms=150").read().decode()
    opener.open(f"{web}/items/od?ms=40", b"opened").read()
    last = opener.open(f"{web}/items/od?ms=90").read().decode()
    return [first, last]


# =========================================================================== (5) raw sockets


def r145_sock_makefile_gets(addr: tuple[str, int]) -> list[str]:
    sock = socket.create_connection(addr, timeout=5)
    f = sock.makefile("r")
    out = []
    for k, ms in (("a", 150), ("b", 40), ("c", 90)):
        sock.sendall(f"GET {k} ms={ms}\n".encode())
        out.append(f.readline().strip())
    f.close()
    sock.close()
    return out


def r145_two_socks_pipelined(addr: tuple[str, int]) -> list[str]:
    a = socket.create_connection(addr, timeout=5)
    b = socket.create_connection(addr, timeout=5)
    fa, fb = a.makefile("r"), b.makefile("r")
    a.sendall(b"GET slow ms=150\n")
    b.sendall(b"SET slow fast\n")
    vb = fb.readline().strip()
    va = fa.readline().strip()
    a.sendall(b"GET slow ms=40\n")
    va2 = fa.readline().strip()
    for s in (fa, fb, a, b):
        s.close()
    return [va, vb, va2]


def line_ask(addr: tuple[str, int], command: str) -> str:
    with socket.create_connection(addr, timeout=5) as s:
        s.sendall(command.encode() + b"\n")
        return s.makefile("r").readline().strip()


def r145_sock_per_request_helper(addr: tuple[str, int]) -> list[str]:
    return [line_ask(addr, f"GET {k} ms={ms}") for k, ms in (("p1", 150), ("p2", 40),
                                                             ("p3", 90))]


def r145_selectors_two_socks(addr: tuple[str, int]) -> list[str]:
    sel = selectors.DefaultSelector()
    socks = {}
    for name, ms in (("slow", 150), ("fast", 40)):
        s = socket.create_connection(addr, timeout=5)
        s.sendall(f"ECHO {name} ms={ms}\n".encode())
        sel.register(s, selectors.EVENT_READ, name)
        socks[name] = s
    order = []
    while len(order) < 2:
        for key, _ in sel.select(timeout=5):
            data = key.fileobj.recv(1024).decode().strip()  # type: ignore[union-attr]
            order.append(f"{key.data}={data}")
            sel.unregister(key.fileobj)
    sel.close()
    for s in socks.values():
        s.close()
    return order


def r145_selectors_with_http_get(addr: tuple[str, int], web: str) -> list[str]:
    sel = selectors.DefaultSelector()
    socks = []
    for name, ms in (("s1", 150), ("s2", 40)):
        s = socket.create_connection(addr, timeout=5)
        s.sendall(f"GET {name} ms={ms}\n".encode())
        sel.register(s, selectors.EVENT_READ, name)
        socks.append(s)
    mid = requests.get(f"{web}/items/mid?ms=90", timeout=5).json()["value"]
    got = []
    while len(got) < 2:
        for key, _ in sel.select(timeout=5):
            got.append(key.data + ":" + key.fileobj.recv(64).decode().strip())  # type: ignore
            sel.unregister(key.fileobj)
    sel.close()
    for s in socks:
        s.close()
    return [mid, *sorted(got)]


def r145_sock_recv_timeout(addr: tuple[str, int]) -> list[str]:
    sock = socket.create_connection(addr, timeout=5)
    sock.settimeout(0.05)
    sock.sendall(b"GET late ms=300\n")
    out = []
    try:
        out.append(sock.recv(64).decode().strip())
    except TimeoutError:
        out.append("timeout")
    sock.settimeout(5)
    data = b""
    while not data.endswith(b"\n"):
        data += sock.recv(64)
    out.append(data.decode().strip())
    sock.sendall(b"ECHO done ms=40\n")
    data = b""
    while not data.endswith(b"\n"):
        data += sock.recv(64)
    out.append(data.decode().strip())
    sock.close()
    return out


def raw_http(web: str, method: str, path: str, body: bytes = b"") -> tuple[int, str]:
    host, port = hostport(web)
    with socket.create_connection((host, port), timeout=5) as s:
        head = (f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        s.sendall(head + body)
        chunks = []
        while chunk := s.recv(4096):
            chunks.append(chunk)
    raw = b"".join(chunks).decode()
    status = int(raw.split(" ", 2)[1])
    return status, raw.split("\r\n\r\n", 1)[1]


def r145_raw_http_gets(web: str) -> list[Any]:
    return [raw_http(web, "GET", f"/items/{k}?ms={ms}") for k, ms in (("rw1", 150),
                                                                      ("rw2", 40),
                                                                      ("rw3", 90))]


def r145_socketpair_after_gets(web: str) -> list[str]:
    a, b = socket.socketpair()
    for k, ms in (("sp1", 150), ("sp2", 40), ("sp3", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        a.sendall(v.encode() + b"\n")
    a.close()
    lines = b.makefile("r").read().splitlines()
    b.close()
    return lines


def r145_socketpair_keys_then_gets(web: str) -> list[str]:
    a, b = socket.socketpair()
    a.sendall(b"sk1 150\nsk2 40\nsk3 90\n")
    a.shutdown(socket.SHUT_WR)
    f = b.makefile("r")
    out = []
    for line in f:
        k, ms = line.split()
        out.append(requests.get(f"{web}/items/{k}?ms={ms}").json()["value"])
    f.close()
    a.close()
    b.close()
    return out


def r145_http_gets_then_line_sets(addr: tuple[str, int], web: str) -> list[str]:
    sock = socket.create_connection(addr, timeout=5)
    f = sock.makefile("r")
    out = []
    for k, ms in (("hs1", 150), ("hs2", 40), ("hs3", 90)):
        v = requests.get(f"{web}/items/{k}?ms={ms}").json()["value"]
        sock.sendall(f"SET {k} {v}\n".encode())
        out.append(f.readline().strip())
    sock.sendall(b"GET hs2\n")
    out.append(f.readline().strip())
    f.close()
    sock.close()
    return out


def r145_sock_makefile_rw_buffered(addr: tuple[str, int], web: str) -> list[str]:
    sock = socket.create_connection(addr, timeout=5)
    f = sock.makefile("rw")
    f.write("SET buf one\n")
    v = requests.get(f"{web}/items/bf?ms=150").json()["value"]
    f.write(f"GET buf ms=40\nECHO {v}\n")
    f.flush()
    out = [f.readline().strip() for _ in range(3)]
    f.close()
    sock.close()
    return out


# =========================================================================== (6) mixed clients


def r145_requests_httpx_httpclient_chain(web: str) -> list[Any]:
    a = requests.get(f"{web}/items/mx?ms=150").json()["value"]
    r = httpx.put(f"{web}/items/mx?ms=40", content=b"httpx")
    b = hc_get(web, "/items/mx?ms=90")["value"]
    return [a, r.json()["version"], b]


def r145_httpx_gets_then_urllib_put(web: str) -> list[Any]:
    with httpx.Client(timeout=5) as c:
        vals = [c.get(f"{web}/items/{k}?ms={ms}").json()["value"]
                for k, ms in (("xg1", 150), ("xg2", 40), ("xg3", 90))]
    req = urllib.request.Request(f"{web}/items/joined?ms=50", data=",".join(vals).encode(),
                                 method="PUT")
    with urllib.request.urlopen(req) as r:
        version = json.load(r)["version"]
    return [vals, version]


def r145_session_and_helper_conn_mixed(web: str) -> list[str]:
    s = requests.Session()
    a = s.get(f"{web}/items/sm1?ms=150").json()["value"]
    b = hc_get(web, "/items/sm2?ms=40")["value"]
    c = urllib.request.urlopen(f"{web}/items/sm3?ms=90").read().decode()
    s.close()
    return [a, b, json.loads(c)["value"]]


def r145_log_between_helper_gets(web: str) -> list[str]:
    out = []
    for k, ms in (("lg1", 150), ("lg2", 40), ("lg3", 90)):
        LOG.info("fetching %s", k)
        v = hc_get(web, f"/items/{k}?ms={ms}")["value"]
        LOG.info("got %s=%s", k, v)
        out.append(v)
    return out


def r145_keepalive_and_requests_puts(web: str) -> list[str]:
    host, port = hostport(web)
    conn = http.client.HTTPConnection(host, port, timeout=5)
    out = []
    for k, ms in (("kr1", 150), ("kr2", 40)):
        conn.request("GET", f"/items/{k}?ms={ms}")
        v = json.loads(conn.getresponse().read())["value"]
        requests.put(f"{web}/items/{k}?ms=20", data=v + "!")
        out.append(v)
    conn.request("GET", "/items/kr1?ms=90")
    out.append(json.loads(conn.getresponse().read())["value"])
    conn.close()
    return out


def r145_urlopen_dict_comp_print(web: str) -> dict[str, str]:
    keys = (("dp1", 150), ("dp2", 40), ("dp3", 90))
    got = {k: json.load(urllib.request.urlopen(urllib.request.Request(
        f"{web}/items/{k}?ms={ms}", headers={"Accept": "application/json"})))["value"]
        for k, ms in keys}
    print(sorted(got.items()))
    return got


# =========================================================================== the lists


def web(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def tcp(env: Env) -> tuple:
    return (env.tcp,)


def tcp_web(env: Env) -> tuple:
    return (env.tcp, env.web)


def _w(fn: Any, ideal: float = 1.0, cat: str = "http", **kw: Any) -> Case:
    return Case(cat, fn, args=kw.pop("args", web), servers=kw.pop("servers", "web"),
                ideal=ideal, **kw)


def _s(fn: Any, ideal: float = 1.0, **kw: Any) -> Case:
    return Case("socket", fn, args=kw.pop("args", tcp), servers=kw.pop("servers", "tcp"),
                ideal=ideal, **kw)


Q3 = over(0.15, 0.04, 0.09)

ALL: list[Case] = [
    # (1)
    _w(r145_keepalive_three_gets),
    _w(r145_keepalive_unread_response),
    _w(r145_two_conns_one_after_other, over(0.15, 0.04)),
    _w(r145_two_conns_pipelined_by_hand),
    _w(r145_putrequest_by_hand),
    _w(r145_method_from_dict_keepalive),
    # (2)
    _w(r145_helper_conn_gets, Q3, cat="helpers", overlap=3),
    _w(r145_helper_conn_gets_print, Q3, cat="helpers", overlap=3),
    _w(r145_helper_conn_put_between_gets, cat="helpers"),
    _w(r145_helper_method_passed_in, cat="helpers"),
    _w(r145_helper_puts_then_gets, 0.56 / 0.43, cat="helpers"),
    _w(r145_helper_returns_response, Q3, cat="helpers"),
    _w(r145_inline_conn_per_item, Q3),
    _w(r145_helper_conn_dict_comp, Q3, cat="helpers", overlap=3),
    _w(r145_pooled_conn_helper, cat="helpers", drive=_close_pool),
    _w(r145_conn_subclass_prints, cat="helpers"),
    _w(r145_helper_conn_break_on_value, 0.21 / 0.17, cat="helpers"),
    _w(r145_checked_helper_continue, over(0.15, 0.04, 0.09, 0.03), cat="helpers"),
    _w(r145_checked_helper_uncaught, cat="helpers", speculative_reads=True),
    _w(r145_helper_keeps_conn_in_list, Q3, cat="helpers"),
    _w(r145_urlopen_str_loop, Q3),
    # (3)
    _w(r145_urlopen_request_headers, Q3, overlap=3),
    _w(r145_urlopen_request_put_then_get, (0.19 + 0.18) / (0.19 + 0.09)),
    _w(r145_request_method_set_after),
    _w(r145_request_data_set_after),
    _w(r145_request_get_method_lambda),
    _w(r145_request_reused_full_url, Q3),
    _w(r145_request_methods_from_list),
    _w(r145_urlopen_empty_bytes_posts),
    _w(r145_request_get_with_body, Q3),
    _w(r145_request_head, Q3),
    _w(r145_urlopen_http_error_caught, Q3, cat="validation"),
    _w(r145_urlopen_error_uncaught_mid, cat="validation", speculative_reads=True),
    _w(r145_urlopen_timeout_caught, over(0.05, 0.04), cat="validation"),
    _w(r145_urlopen_partial_reads_interleaved, over(0.15, 0.04)),
    _w(r145_urlopen_file_url_after_write, cat="files", args=web_tmp),
    # (4)
    _w(r145_opener_urllib_handlers, Q3, cat="clients", overlap=3),
    _w(r145_opener_user_handler_prints, cat="clients"),
    _w(r145_install_opener_midway, cat="clients", drive=_reset_opener),
    _w(r145_opener_open_data_then_get, cat="clients"),
    _w(r145_urlopen_str_loop, cat="clients", drive=_with_user_opener,
       name="r145_urlopen_str_loop_user_opener"),
    _w(r145_default_timeout_set_inside, cat="validation", drive=_reset_timeout),
    # (5)
    _s(r145_sock_makefile_gets),
    _s(r145_two_socks_pipelined),
    _s(r145_sock_per_request_helper),
    _s(r145_selectors_two_socks),
    _s(r145_selectors_with_http_get, args=tcp_web, servers="tcp web"),
    _s(r145_sock_recv_timeout),
    _w(r145_raw_http_gets, cat="socket"),
    _w(r145_socketpair_after_gets, Q3, cat="socket"),
    _w(r145_socketpair_keys_then_gets, Q3, cat="socket"),
    _s(r145_http_gets_then_line_sets, args=tcp_web, servers="tcp web"),
    _s(r145_sock_makefile_rw_buffered, args=tcp_web, servers="tcp web"),
    # (6)
    _w(r145_requests_httpx_httpclient_chain),
    _w(r145_httpx_gets_then_urllib_put, (0.28 + 0.05) / (0.15 + 0.05), cat="clients"),
    _w(r145_session_and_helper_conn_mixed, Q3, cat="clients"),
    _w(r145_log_between_helper_gets, Q3, cat="helpers"),
    _w(r145_keepalive_and_requests_puts),
    _w(r145_urlopen_dict_comp_print, Q3, overlap=3),
]

FAILING_WHY: dict[str, str] = {}
CASES: list[Case] = [c for c in ALL if c.name not in FAILING_WHY]
FAILING: list[Case] = [c for c in ALL if c.name in FAILING_WHY]
