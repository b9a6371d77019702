"""Which server a network read talks to (`_hosts.server_of`): only a read of a host that is
not this machine may cross a file or database write; a server on 127.0.0.1 (or one not
known when the call runs) sees the function's files. Against a real server on 127.0.0.1
that serves the function's directory and writes files for a POST."""

from __future__ import annotations

import http.server
import socket
import threading
import time
import urllib.request
from pathlib import Path

import httpx
import pytest
import requests

from ember import xcs
from ember.xcs import _hosts
from ember.xcs._effects import ANY, rule_for_call
from ember.xcs._hosts import is_this_machine
from tests.xcs.libcorpus.cases_redteam import _LocalWeb


def _where(fn: object, *args: object, **kwargs: object) -> str | None:
    rule = rule_for_call(fn, args, kwargs)
    return None if rule is None else rule.resource


@pytest.mark.parametrize("host", [
    "127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST.", "api.localhost", "[::1]", "0.0.0.0",
    "[::]", "10.0.0.7", "192.168.1.2", "172.17.0.1", "169.254.1.1", "[::ffff:127.0.0.1]",
    socket.gethostname()])
def test_this_machine_is_local(host: str) -> None:
    assert _where(requests.get, f"http://{host}:8000/x") == "local"
    assert is_this_machine(host)


def test_other_hosts_are_remote_and_unknown_targets_are_not() -> None:
    assert _where(requests.get, "https://api.example.com/v1") == "net"
    assert _where(requests.get, url="http://93.184.216.34/") == "net"
    assert _where(requests.Session().get, "https://example.org/") == "net"
    assert _where(requests.request, "GET", "https://example.org/") == "net"
    assert _where(requests.request, "GET", "http://127.0.0.1/") == "local"
    # not a web URL, or relative: this machine
    for url in ("http+unix://%2Ftmp%2Fs.sock/x", "/items/a", "example.org/x"):
        assert _where(requests.get, url) == "local", url
    # an object of another type: requests runs its __str__, code of the user's: no rule
    assert rule_for_call(requests.get, (object(),), {}).effect == "unknown"
    # analysis: not known yet (an f-string stands as ""); shown as a read of the network
    assert _where(requests.get, ANY) == _where(requests.get, "") == "url"
    assert rule_for_call(requests.get, ("",)).effect == "read(net)"
    # a write is a write of the network wherever its server is
    assert _where(requests.post, "http://127.0.0.1/") == "net"


def test_an_httpx_client_reads_relative_to_its_base_url() -> None:
    with httpx.Client(base_url="http://127.0.0.1:9") as here, httpx.Client(
            base_url="https://api.example.com") as there:
        assert _where(here.get, "/items") == "local"
        assert _where(there.get, "/items") == "net"
        assert _where(here.get, "https://api.example.com/items") == "net"  # absolute wins
        assert _where(there.request, "GET", "/items") == "net"


def test_urlopen_reads_by_scheme_and_host(tmp_path: Path) -> None:
    urlopen = urllib.request.urlopen
    assert rule_for_call(urlopen, (f"file://{tmp_path}/a.txt",)).effect == "read(file)"
    assert rule_for_call(urlopen, ("FILE:///etc/hosts",)).effect == "read(file)"
    assert _where(urlopen, "http://127.0.0.1:1/") == "local"
    assert _where(urlopen, urllib.request.Request("https://example.org/")) == "net"


def test_an_sdk_resource_talks_to_its_clients_base_url() -> None:
    openai = pytest.importorskip("openai")
    here = openai.OpenAI(api_key="k", base_url="http://127.0.0.1:9/v1")
    there = openai.OpenAI(api_key="k", base_url="https://api.example.com/v1")
    assert _where(here.files.list) == "local"
    assert _where(there.files.list) == "net"


# --- against a server on 127.0.0.1 that serves and writes the function's files ----------------


def rewrite_then_get(folder: str, local: str) -> list[str]:
    page = Path(folder) / "index.txt"
    page.write_text("version 1")
    out = [requests.get(f"{local}/index.txt").text]
    page.write_text("version 2")
    out.append(requests.get(f"{local}/index.txt").text)
    return out


def post_then_read(folder: str, local: str) -> tuple[int, str]:
    a = requests.get(f"{local}/missing.txt").status_code
    requests.post(f"{local}/files/report.txt", data="made by the service")
    return a, (Path(folder) / "report.txt").read_text()


@pytest.mark.parametrize("fn", [rewrite_then_get, post_then_read])
def test_a_local_server_sharing_the_files_sees_them_in_program_order(
        tmp_path: Path, fn: object) -> None:
    results = []
    for name, f in (("plain", fn), ("jit", xcs.jit(fn))):  # type: ignore[arg-type]
        folder = tmp_path / name
        folder.mkdir()
        server = _LocalWeb(folder)
        try:
            results.append(f(str(folder), server.url))
        finally:
            server.close()
    assert results[0] == results[1]
    assert results[0] in (["version 1", "version 2"], (404, "made by the service"))


def test_a_get_planned_across_a_file_write_runs_in_place_for_a_local_url(
        tmp_path: Path) -> None:
    # Analysis does not know the URL: the GET is planned to start before the write, and
    # the run, seeing 127.0.0.1, runs it in place after the write.
    server = _LocalWeb(tmp_path)
    try:
        jitted = xcs.jit(rewrite_then_get)
        assert "starts early" in str(jitted.explain())
        assert jitted(str(tmp_path), server.url) == ["version 1", "version 2"]
    finally:
        server.close()


class _Counting(http.server.BaseHTTPRequestHandler):
    """GET /<key>: answers the key after a while, counting the requests in flight."""

    lock = threading.Lock()
    now = most = 0

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - the base's name
        cls = type(self)
        with cls.lock:
            cls.now += 1
            cls.most = max(cls.most, cls.now)
        time.sleep(0.05)
        with cls.lock:
            cls.now -= 1
        data = self.path.strip("/").encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def fetch_and_log(folder: str, base: str) -> str:
    with open(Path(folder) / "log.txt", "a") as log:
        for key in ("a", "b", "c"):
            log.write(requests.get(f"{base}/{key}").text + "\n")
    return (Path(folder) / "log.txt").read_text()


def test_gets_cross_file_writes_only_when_their_server_is_remote(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counting)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        (tmp_path / "plain").mkdir()
        assert fetch_and_log(str(tmp_path / "plain"), base) == "a\nb\nc\n"
        jitted = xcs.jit(fetch_and_log)
        most = []
        # On 127.0.0.1 the server may serve the log: each GET waits for the write before it.
        # Taken for another machine (the one thing no test here can start), they overlap.
        for name, remote in (("local", False), ("remote", True)):
            if remote:
                monkeypatch.setattr(_hosts, "is_this_machine", lambda host: False)
            (tmp_path / name).mkdir()
            _Counting.most = 0
            assert jitted(str(tmp_path / name), base) == "a\nb\nc\n"
            most.append(_Counting.most)
        # (at least two in flight proves the overlap: a busy machine may start a third late)
        assert most[0] == 1 and most[1] >= 2, most
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def rewrite_then_read_by_file_url(folder: str) -> list[str]:
    note = Path(folder) / "note.txt"
    out = []
    for text in ("first", "second"):
        note.write_text(text)
        out.append(urllib.request.urlopen(f"file://{note}").read().decode())
    return out


def test_a_file_url_is_read_after_the_write_before_it(tmp_path: Path) -> None:
    assert xcs.jit(rewrite_then_read_by_file_url)(str(tmp_path)) == ["first", "second"]
