"""Which server a network read talks to (a rule's "url" resource, decided from the call):
"net" for a host that is not this machine, "local" for this machine's or one that cannot be
told, "url" while the arguments are not known (analysis). A write may be read back by a
server on this machine, so only a read of another machine's crosses it (`conflicts`)."""

from __future__ import annotations

import functools
import ipaddress
import pathlib
import socket
import sys
import types
import urllib.parse
from typing import Any

from ember.xcs._effects import ANY

__all__ = ["SDK_RESOURCES", "is_this_machine", "server_at", "server_of", "url_text"]

#: The SDKs' resource classes (their calls go to their client's `base_url`; `_packages`
#: adds them once an SDK is imported).
SDK_RESOURCES: list[type] = []

_WEB = frozenset({"http", "https", "ws", "wss"})


def server_of(obj: Any, args: tuple, kwargs: dict) -> str:
    """The resource of a network read (a rule's "url"), from the call: "net" when the
    server is a host that is not this machine, "local" when it is this machine or cannot
    be told, "url" while the arguments are not known (analysis). An SDK resource talks to
    its client's `base_url`; an HTTP call to its URL argument (after the method for
    ``request``), relative to an httpx client's `base_url`."""
    receiver = getattr(obj, "__self__", None) if isinstance(
        obj, types.MethodType | types.BuiltinMethodType) else None
    if receiver is None and args and isinstance(obj, types.FunctionType) and (
            "." in obj.__qualname__):
        receiver, args = args[0], args[1:]  # a class's function given its instance
    if SDK_RESOURCES and isinstance(receiver, tuple(SDK_RESOURCES)):
        client = getattr(receiver, "_client", None)
        return server_at(url_text(getattr(client, "base_url", None)))
    at = 1 if getattr(obj, "__name__", "") == "request" else 0
    target = kwargs.get("url", args[at] if len(args) > at else ANY)
    base = getattr(receiver, "base_url", None) if _is_httpx(receiver) else None
    return server_at(target, base)


def _is_httpx(receiver: Any) -> bool:
    httpx = sys.modules.get("httpx")
    return httpx is not None and isinstance(receiver, httpx.Client | httpx.AsyncClient)


def url_text(target: Any) -> str | None:
    """A URL's text, from the types that carry one (None for any other object: reading
    an attribute or `str()` of an object of the user's could run its code)."""
    import urllib.request
    if type(target) is str:
        return target
    if type(target) is bytes:
        return target.decode("latin-1")
    if isinstance(target, urllib.request.Request):
        return target.full_url
    kind = type(target)
    if kind.__name__ == "URL" and kind.__module__.partition(".")[0] in ("httpx", "httpx2"):
        return str(target)  # (the SDKs' `base_url`)
    lib = sys.modules.get("requests")
    if lib is not None and isinstance(target, lib.Request | lib.PreparedRequest):
        return target.url if type(target.url) is str else None
    return None


def server_at(target: Any, base: Any = None) -> str:
    """"net", "local" or "url" (see `server_of`) for a URL argument."""
    if target is ANY or (type(target) is str and not target):
        return "url"  # not known yet (an f-string stands as "" in analysis)
    url = url_text(target)
    if url is None:
        return "local"
    parts = urllib.parse.urlsplit(url)
    if not parts.scheme and base is not None:
        parts = urllib.parse.urlsplit(url_text(base) or "")
    if parts.scheme.lower() not in _WEB:
        return "local"  # a Unix socket, file:, a relative URL: this machine, or not known
    try:
        host = parts.hostname
    except ValueError:
        return "local"
    return "local" if not host or is_this_machine(host) else "net"


def is_this_machine(host: str) -> bool:
    """Is `host` this machine: a loopback, unspecified, link-local or private address (one
    of this machine's may be any of them), ``localhost``, this machine's name, or a name
    /etc/hosts gives such an address? (A name only DNS maps here is not seen.)"""
    host = host.strip("[]").rstrip(".").lower().partition("%")[0]
    if host == "localhost" or host.endswith(".localhost") or host in _local_names():
        return True
    return _local_address(host)


def _local_address(text: str) -> bool:
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        try:  # the C library's other spellings: ``127.1``, ``0x7f000001``, ``2130706433``
            ip = ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_private


@functools.cache
def _local_names() -> frozenset[str]:
    """This machine's names: its host name, and the names /etc/hosts gives a local address."""
    name = socket.gethostname().lower()
    names = {name, name.partition(".")[0]}
    try:
        lines = pathlib.Path("/etc/hosts").read_text(errors="replace").splitlines()
    except OSError:
        lines = []
    for line in lines:
        fields = line.partition("#")[0].split()
        if len(fields) > 1 and _local_address(fields[0].partition("%")[0]):
            names.update(f.lower().rstrip(".") for f in fields[1:])
    return frozenset(names)
