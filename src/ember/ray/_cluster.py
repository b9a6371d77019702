"""Joining a Ray cluster, or starting a local one that listens on 127.0.0.1 only.

Measured with Ray 2.60 on Linux: ``ray.init()``, even with ``_node_ip_address="127.0.0.1"``
(Ray turns a loopback node address back into the external one), binds the GCS, the raylet
and every worker's gRPC server on all interfaces (``[::]``), its runtime-env agent on the
machine's external address, and writes ``~/.ray/auth_token``. A local cluster started here
instead:

- makes Ray use the loopback address as the node address, which is what its servers bind
  to (``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0``: Ray's own local-only mode, read by Ray's
  Python at import and by the processes it starts);
- keeps Ray's token authentication (its default for a new local cluster) but gives it a
  random token in a private (0600) file of a temp directory, removed at exit
  (``RAY_AUTH_TOKEN_PATH``), so nothing lands in ``~/.ray`` and other local users cannot
  drive the cluster;
- keeps the session, logs and sockets in that temp directory (``_temp_dir``), starts no
  dashboard, caps the object store, and sends no usage statistics;
- has Ray's idle worker processes import Ember's worker module as they start
  (``preload_python_modules``): Ray starts them with the cluster, so a first run's workers
  do not import Ember then (0.5-2 s each on a busy 2-CPU machine);
- checks after start-up that no process of the cluster listens outside the loopback
  interface (`outside_loopback`, from ``/proc/net``), and stops it with `ClusterError`
  if one does.

`RayCluster` is a context manager: a cluster it started is shut down (and its temp
directory removed) on exit; a cluster it joined is only disconnected from; a Ray already
initialised in this process is used as it is and left running.
"""

from __future__ import annotations

import atexit
import contextlib
import ipaddress
import logging
import os
import secrets
import shutil
import tempfile
import threading
from dataclasses import dataclass
from typing import Any, Final

from ember._errors import ClusterError

__all__ = ["Listener", "RayCluster", "import_ray", "outside_loopback"]

MSG_NO_RAY: Final = (
    "the Ray backend needs the `ray` package, which is not installed. "
    "Fix: pip install 'ember[ray]'"
)
DEFAULT_OBJECT_STORE: Final = 128 * 1024 * 1024
# What a local cluster's idle worker processes import as they start (see the docstring).
PRELOADED: Final = ("ember.ray._worker",)


def import_ray() -> Any:
    """Import and return `ray`, or raise `ClusterError` saying how to install it."""
    try:
        import ray
    except ImportError as exc:
        raise ClusterError(MSG_NO_RAY) from exc
    return ray


# ----------------------------------------------------------------------------- listeners


@dataclass(frozen=True, slots=True)
class Listener:
    """A listening TCP socket (or bound UDP socket) of a process."""

    pid: int
    process: str
    protocol: str
    address: str
    port: int
    inode: int

    @property
    def loopback(self) -> bool:
        ip = ipaddress.ip_address(self.address)
        mapped = getattr(ip, "ipv4_mapped", None)
        return (mapped or ip).is_loopback


def _hex_ip(text: str) -> str:
    raw = bytes.fromhex(text)
    if len(raw) == 4:
        return str(ipaddress.IPv4Address(raw[::-1]))
    # IPv6: four 32-bit words, each in host (little-endian) order.
    words = b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))
    ip = ipaddress.IPv6Address(words)
    return f"::ffff:{ip.ipv4_mapped}" if ip.ipv4_mapped else str(ip)


def _socket_table() -> dict[int, tuple[str, str, int]]:
    """inode -> (protocol, address, port) for every listening TCP / bound UDP socket."""
    table: dict[int, tuple[str, str, int]] = {}
    for proto in ("tcp", "tcp6", "udp", "udp6"):
        try:
            with open(f"/proc/net/{proto}") as f:
                lines = f.read().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            parts = line.split()
            local, state, inode = parts[1], parts[3], int(parts[9])
            listening = state == "0A" if proto.startswith("tcp") else state == "07"
            if not listening or inode == 0:
                continue
            addr, port = local.split(":")
            table[inode] = (proto, _hex_ip(addr), int(port, 16))
    return table


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _process_tree(root: int) -> list[int]:
    kids = _children()
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(kids.get(pid, ()))
    return out


def listeners(pids: list[int] | None = None) -> list[Listener]:
    """Listening sockets of `pids` (default: this process and all its descendants).

    Linux only (reads ``/proc``); elsewhere it returns an empty list.
    """
    if not os.path.isdir("/proc/self/fd"):
        return []
    table = _socket_table()
    found: list[Listener] = []
    for pid in _process_tree(os.getpid()) if pids is None else pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            with open(f"/proc/{pid}/comm") as f:
                name = f.read().strip()
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inode = int(target[8:-1])
                entry = table.get(inode)
                if entry is not None:
                    found.append(Listener(pid, name, *entry, inode))
    return found


def outside_loopback(pids: list[int] | None = None) -> list[Listener]:
    """The listeners of `pids` (default: this process tree) not bound to a loopback address.

    Examples:
        >>> outside_loopback([])
        []
    """
    return [item for item in listeners(pids) if not item.loopback]


# ----------------------------------------------------------------------------- the cluster


_token_lock = threading.Lock()
_token_file: str | None = None


def _token_path() -> str:
    """This process's cluster token, in a private file removed at exit.

    One token per process, not per cluster: Ray's driver caches the token it first reads,
    so a second local cluster in the same process must be started with the same one.
    """
    global _token_file
    with _token_lock:
        if _token_file is None or not os.path.exists(_token_file):
            folder = tempfile.mkdtemp(prefix="ember-ray-auth-")
            path = os.path.join(folder, "auth_token")
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
            atexit.register(shutil.rmtree, folder, True)
            _token_file = path
        return _token_file


# Environment for a loopback-only local cluster (see the module docstring). Token
# authentication is Ray's default for a new local cluster (it sets RAY_AUTH_MODE itself);
# we only say where the token is, unless the caller already did.
_LOCAL_ENV: Final = {
    "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER": "0",
    "RAY_USAGE_STATS_ENABLED": "0",
}
_RESTORED: Final = ("RAY_AUTH_MODE",)  # set by Ray during init; put back as it was


class RayCluster:
    """Ray for one run: join `address`, or start a local cluster bound to 127.0.0.1.

    Args:
        address: a cluster to join (``"ray://..."`` or ``"host:port"``, or ``"auto"``);
            None starts a local one (or uses a Ray already initialised in this process).
        num_cpus: CPUs of a local cluster (default: this machine's).
        object_store_bytes: object store size of a local cluster.
        runtime_env: passed to `ray.init` when starting or joining.

    Examples:
        >>> with RayCluster() as cluster:               # doctest: +SKIP
        ...     cluster.started, outside_loopback()
        (True, [])
    """

    def __init__(self, address: str | None = None, *, num_cpus: int | None = None,
                 object_store_bytes: int = DEFAULT_OBJECT_STORE,
                 runtime_env: dict[str, Any] | None = None) -> None:
        self.address = address
        self.num_cpus = num_cpus
        self.object_store_bytes = object_store_bytes
        self.runtime_env = runtime_env
        self.started = False  # we started a local cluster (and will stop it)
        self.joined = False   # we connected to one (and will disconnect)
        self.temp_dir: str | None = None
        self._saved_env: dict[str, str | None] = {}

    def __enter__(self) -> RayCluster:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Join or start the cluster (see the class docstring)."""
        if self.address is None and "ray" in _imported() and import_ray().is_initialized():
            return  # the caller's own Ray: use it, leave it running
        if self.address is not None:
            ray = import_ray()
            try:
                ray.init(address=self.address, runtime_env=self.runtime_env,
                         logging_level=logging.WARNING, log_to_driver=False)
            except Exception as exc:  # noqa: BLE001 - Ray raises many kinds here
                raise ClusterError(f"cannot join the Ray cluster at {self.address!r} "
                                   f"({type(exc).__name__}: {exc}). Fix: check the address "
                                   "(ray status on the head node shows it).") from exc
            self.joined = True
            return
        self._start_local()

    def _start_local(self) -> None:
        self.temp_dir = tempfile.mkdtemp(prefix="ember-ray-")
        env = dict(_LOCAL_ENV)
        if not (os.environ.get("RAY_AUTH_TOKEN") or os.environ.get("RAY_AUTH_TOKEN_PATH")):
            env["RAY_AUTH_TOKEN_PATH"] = _token_path()
        # The first worker error or log line Ray's driver shows replaces `builtins.print`
        # for good with its tqdm-aware wrapper: the caller's process would not be as it was
        # (and `jit` would see print as an unknown callable). Unless the caller asked for it.
        if "RAY_TQDM_PATCH_PRINT" not in os.environ:
            env["RAY_TQDM_PATCH_PRINT"] = "0"
        self._saved_env = {k: os.environ.get(k) for k in (*env, *_RESTORED)}
        os.environ.update(env)
        try:
            ray = import_ray()
            before = {x.inode for x in listeners()}  # the caller's own servers are not Ray's
            with _local_only(ray), _quiet("ray._private.authentication"):
                ray.init(address="local", num_cpus=self.num_cpus, include_dashboard=False,
                         object_store_memory=self.object_store_bytes, _temp_dir=self.temp_dir,
                         runtime_env=self.runtime_env, namespace="ember",
                         logging_level=logging.WARNING, log_to_driver=False,
                         _system_config={"preload_python_modules": list(PRELOADED)})
            self.started = True
            exposed = [x for x in outside_loopback() if x.inode not in before]
            if exposed:
                shown = ", ".join(f"{x.process}[{x.pid}] {x.address}:{x.port}" for x in exposed)
                raise ClusterError(f"the local Ray cluster listens beyond the loopback "
                                   f"interface ({shown}); it was stopped. Fix: start Ray "
                                   "yourself with the binding you want and pass address=.")
        except BaseException as exc:
            self.stop()
            if isinstance(exc, ClusterError | KeyboardInterrupt):
                raise
            raise ClusterError(f"could not start a local Ray cluster ({type(exc).__name__}: "
                               f"{exc}).") from exc

    def stop(self) -> None:
        """Shut down a cluster we started (disconnect from one we joined); idempotent."""
        if self.started or self.joined:
            with contextlib.suppress(Exception):
                import_ray().shutdown()
        self.started = self.joined = False
        for key, value in self._saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        self._saved_env = {}
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
            self.temp_dir = None


def on_this_machine() -> bool:
    """Whether the connected cluster is this machine alone (one live node, the driver's)
    and the job has no runtime_env: its workers see the same files and environment as
    this process."""
    ray = import_ray()
    ctx = ray.get_runtime_context()
    nodes = [n for n in ray.nodes() if n.get("Alive")]
    return (len(nodes) == 1 and nodes[0].get("NodeID") == ctx.get_node_id()
            and not ctx.runtime_env)


def _imported() -> set[str]:
    import sys

    return set(sys.modules)


@contextlib.contextmanager
def _quiet(logger_name: str) -> Any:
    """Silence a logger's warnings for a moment (Ray announces its token auth default)."""
    log = logging.getLogger(logger_name)
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        log.setLevel(level)


@contextlib.contextmanager
def _local_only(ray: Any) -> Any:
    """Make an already-imported Ray take the loopback address as the node address.

    Ray reads ``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER`` when it is first imported; if that was
    before we set it, the flag it derived is switched for the duration of `ray.init`.
    """
    try:
        from ray._private import ray_constants
    except ImportError:  # a Ray without this module: nothing to switch
        yield
        return
    saved = getattr(ray_constants, "ENABLE_RAY_CLUSTER", None)
    if saved is None:
        yield
        return
    ray_constants.ENABLE_RAY_CLUSTER = False
    try:
        yield
    finally:
        ray_constants.ENABLE_RAY_CLUSTER = saved
