"""Red-team cases (stop 76): serialization hooks that run the user's code.

`json.dumps(default=...)`, `json.JSONEncoder` subclasses, `json.dump` into a file-like of the
user's, `iterencode` consumed lazily, `json.loads(object_hook=, object_pairs_hook=,
parse_float=, parse_int=)` and `JSONDecoder` subclasses whose hooks count, print, read or
write; PyYAML loaders and dumpers with the user's constructors and representers (also
`load_all` consumed lazily); `msgpack` `default=` and `ext_hook=`; `pickle` with
`__reduce__`, `__getstate__`/`__setstate__`, `persistent_id`/`persistent_load`, `copyreg`
reducers, `pickle.dump` into an uploading file; `copy.copy`/`copy.deepcopy` with
`__copy__`/`__deepcopy__` (and `dataclasses.asdict`, which deep-copies); `string.Template`
over a user mapping, `str.format` with ``{0.attr}``/``{0[key]}`` fields, ``%`` formatting
with a mapping or a user `__str__`; `hashlib.file_digest` and `base64.encode` over the
user's streams and buffers; builtins as hooks (``default=str``, ``list``, ``float``) and
subclasses of builtins (a dict's `items()`, a bytes' `decode`) that library code calls;
codec error handlers and codecs of the user's (``errors="rt76_audit"``), `textwrap.indent`
predicates, ``**record`` of an audited Mapping, local classes whose methods are annotated
with themselves. The serialized value is then sent (a PUT body) or the parsed
value decides the next request. Sibling calls get unequal latencies, slow first, so a
wrong reordering shows. `FAILING` holds the cases that differed or crashed under jit when
written, with `FAILING_WHY` saying what differed.
"""

from __future__ import annotations

import asyncio
import base64
import codecs
import copy
import copyreg
import dataclasses
import hashlib
import io
import json
import pickle
import string
import textwrap
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import httpx
import msgpack
import requests
import yaml

from tests.xcs.libcorpus._case import Case, Env, corpus_logger, openai_client

LOG = corpus_logger("redteam76")

L = 0.05  # the servers' default latency


def over(*waits: float) -> float:
    """Independent waits overlapped: their sum over the slowest."""
    return sum(waits) / max(waits)


def _get(web: str, key: str, ms: int = 30) -> str:
    return requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).json()["value"]


def _put(web: str, key: str, value: str, ms: int = 50) -> int:
    return requests.put(f"{web}/items/{key}?ms={ms}", data=value, timeout=5).json()["version"]


def _keys(web: str, ms: int = 30) -> list[str]:
    return requests.get(f"{web}/items?ms={ms}", timeout=5).json()["keys"]


class Ref:
    """A reference to an item on the service: hooks fetch it."""

    def __init__(self, web: str, key: str, ms: int = 30) -> None:
        self.web, self.key, self.ms = web, key, ms


# =========================================================================== json: encoding


def json_default_reads_after_put(web: str) -> str:
    """A slow PUT, then `json.dumps(default=)` whose default GETs what was put."""
    _put(web, "sd-price", "42", ms=150)

    def default(o: Any) -> Any:
        if isinstance(o, Ref):
            return _get(o.web, o.key, o.ms)
        raise TypeError(type(o).__name__)

    body = json.dumps({"price": Ref(web, "sd-price")}, default=default)
    _put(web, "sd-order", body)
    return body


def json_default_puts_audit_then_listing(web: str) -> list[Any]:
    """The default PUTs an audit record per object; the listing after must show them."""
    slow = _get(web, "sd-aud-before", 150)

    def default(o: Any) -> Any:
        _put(o.web, f"audit-{o.key}", "encoded", ms=40)
        return o.key

    text = json.dumps([Ref(web, "x1"), Ref(web, "x2")], default=default)
    return [slow, text, _keys(web)]


class CountingEncoder(json.JSONEncoder):
    """Counts the objects it had to convert, in a class attribute."""

    converted = 0

    def default(self, o: Any) -> Any:
        if isinstance(o, set):
            CountingEncoder.converted += 1
            return sorted(o)
        return super().default(o)


def _reset_counting(env: Env) -> None:
    CountingEncoder.converted = 0


def encoder_counts_decide_put(web: str) -> list[Any]:
    """The encoder's count decides whether a second PUT goes out."""
    a = _get(web, "sd-tags-a", 150)
    body = json.dumps({"tags": {a, "z"}, "more": [{1, 2}]}, cls=CountingEncoder,
                      sort_keys=True)
    _put(web, "sd-tags", body)
    if CountingEncoder.converted > 1:
        _put(web, "sd-tags-count", str(CountingEncoder.converted))
    b = _get(web, "sd-tags-count", 30)
    return [body, b]


class FetchingEncoder(json.JSONEncoder):
    def default(self, o: Any) -> Any:
        if isinstance(o, Ref):
            print("encode", o.key)
            return _get(o.web, o.key, o.ms)
        return super().default(o)


def encoder_subclass_prints_between_gets(web: str) -> str:
    """Prints from the encoder sit between the prints of two plain GETs."""
    print("first", _get(web, "sd-p1", 150))
    text = json.dumps({"r": Ref(web, "sd-p2", 30), "s": Ref(web, "sd-p3", 80)},
                      cls=FetchingEncoder)
    print("last", _get(web, "sd-p4", 30))
    return text


class ChunkUploader:
    """A file-like whose every write is a PUT of one chunk."""

    def __init__(self, web: str, prefix: str) -> None:
        self.web, self.prefix, self.n = web, prefix, 0

    def write(self, chunk: str) -> int:
        self.n += 1
        _put(self.web, f"{self.prefix}-{self.n}", chunk, ms=30)
        return len(chunk)


def json_dump_into_uploading_file(web: str) -> list[Any]:
    """`json.dump` writes chunk by chunk into a file-like that PUTs each chunk."""
    head = _get(web, "sd-head", 150)
    out = ChunkUploader(web, "chunk")
    json.dump({"head": head, "n": 2}, out)
    return [out.n, _keys(web)]


def iterencode_lazily_with_reading_default(web: str) -> list[str]:
    """`iterencode` is lazy: each chunk is PUT before the next object's default reads."""
    _put(web, "sd-it-b", "old")

    def default(o: Any) -> Any:
        return _get(o.web, o.key, o.ms)

    enc = json.JSONEncoder(default=default)
    got = []
    for i, chunk in enumerate(enc.iterencode([Ref(web, "sd-it-a", 150), Ref(web, "sd-it-b")])):
        got.append(chunk)
        if chunk.startswith('"v-sd-it-a'):
            _put(web, "sd-it-b", f"after-chunk-{i}")
    return got


def json_default_raises_then_put(web: str) -> list[str]:
    """The default raises on an unknown object; the handler reports with a PUT."""
    slow = _get(web, "sd-err-before", 150)

    def default(o: Any) -> Any:
        if isinstance(o, Ref):
            return _get(o.web, o.key, o.ms)
        raise TypeError(f"cannot encode {type(o).__name__}")

    try:
        body = json.dumps([Ref(web, "sd-err-a", 80), object()], default=default)
    except TypeError as e:
        body = str(e)
        _put(web, "sd-err-report", body)
    return [slow, body, _get(web, "sd-err-report", 30)]


def dumps_default_writes_file(web: str, tmp: str) -> list[str]:
    """The default spills big values to a side file; the file is read right after."""
    path = f"{tmp}/side.txt"

    def default(o: Any) -> Any:
        with open(path, "a") as f:
            f.write(o.key + "\n")
        return {"$file": o.key}

    a = _get(web, "sd-side-a", 150)
    text = json.dumps({"a": a, "blob": Ref(web, "blob")}, default=default)
    with open(path) as f:
        side = f.read()
    b = _get(web, "sd-side-b", 30)
    return [text, side, b]


# =========================================================================== json: decoding


def object_hook_follows_links(web: str) -> list[str]:
    """An object hook collects ``next`` links; the links decide the next GETs."""
    _put(web, "sd-page-1", json.dumps({"items": ["a"], "next": "sd-page-2"}), ms=150)
    _put(web, "sd-page-2", json.dumps({"items": ["b"], "next": None}))
    links: list[str] = []

    def hook(d: dict) -> dict:
        if d.get("next"):
            links.append(d["next"])
        return d

    seen = []
    page = json.loads(_get(web, "sd-page-1"), object_hook=hook)
    seen += page["items"]
    while links:
        page = json.loads(_get(web, links.pop(0)), object_hook=hook)
        seen += page["items"]
    return seen


def object_hook_reads_refs_after_put(web: str) -> dict[str, Any]:
    """``{"$ref": key}`` objects are resolved by the hook, after a PUT of the key."""
    doc = '{"user": {"$ref": "sd-user"}, "plan": {"$ref": "sd-plan"}}'
    _put(web, "sd-user", "ann", ms=150)

    def hook(d: dict) -> Any:
        if "$ref" in d:
            return _get(web, d["$ref"], 30)
        return d

    return json.loads(doc, object_hook=hook)


_PARSED = {"floats": 0}


def _reset_parsed(env: Env) -> None:
    _PARSED["floats"] = 0


def parse_float_counts_global(web: str) -> list[Any]:
    """`parse_float` counts in a global; the count decides a PUT."""
    def pf(s: str) -> Decimal:
        _PARSED["floats"] += 1
        return Decimal(s)

    a = json.loads('{"p": 1.5, "q": [2.25, 3]}', parse_float=pf)
    slow = _get(web, "sd-pf", 150)
    if _PARSED["floats"] == 2:
        _put(web, "sd-pf-count", str(_PARSED["floats"]))
    return [str(a["p"]), slow, _get(web, "sd-pf-count", 30)]


def parse_int_reads_ids(web: str) -> list[Any]:
    """`parse_int` maps ids to names with a GET each; then the names are PUT."""
    _put(web, "id-7", "seven", ms=150)

    def pi(s: str) -> str:
        return _get(web, f"id-{s}", 30)

    names = json.loads("[7, 8]", parse_int=pi)
    _put(web, "sd-names", ",".join(names))
    return names


def object_pairs_hook_prints_order(web: str) -> list[Any]:
    """`object_pairs_hook` prints each object's keys; prints between two GETs' prints."""
    def hook(pairs: list) -> dict:
        print("keys", [k for k, _ in pairs])
        return dict(pairs)

    a = _get(web, "sd-op-a", 150)
    print("got a", a)
    d = json.loads('{"z": 1, "a": {"y": 2, "b": 3}}', object_pairs_hook=hook)
    b = _get(web, "sd-op-b", 30)
    print("got b", b)
    return [d, b]


class RefDecoder(json.JSONDecoder):
    """A decoder whose object hook resolves references, logging each."""

    def __init__(self, web: str, **kw: Any) -> None:
        super().__init__(object_hook=self.resolve, **kw)
        self.web = web

    def resolve(self, d: dict) -> Any:
        if "$ref" in d:
            LOG.info("resolve %s", d["$ref"])
            return _get(self.web, d["$ref"], 30)
        return d


def decoder_subclass_cls_kwarg(web: str) -> list[Any]:
    """`json.loads(cls=RefDecoder, web=...)`: the extra kwarg reaches the decoder."""
    _put(web, "sd-dc", "fresh", ms=150)
    LOG.info("put done")
    got = json.loads('[{"$ref": "sd-dc"}, 1]', cls=RefDecoder, web=web)
    LOG.info("loaded %s", got[0])
    return got


def response_json_with_hook(web: str) -> list[Any]:
    """`requests`' `resp.json(object_hook=...)`: the hook counts into a local list."""
    seen: list[str] = []

    def hook(d: dict) -> dict:
        seen.append(",".join(sorted(d)))
        return d

    r1 = requests.get(f"{web}/items/sd-rj-a?ms=150", timeout=5).json(object_hook=hook)
    r2 = requests.get(f"{web}/items/sd-rj-b?ms=30", timeout=5).json(object_hook=hook)
    _put(web, "sd-rj-seen", "|".join(seen))
    return [r1["value"], r2["value"], seen]


def raw_decode_stream_hook_puts(web: str) -> list[Any]:
    """`raw_decode` over concatenated documents; the hook PUTs each ``op`` in order."""
    text = '{"op": "create", "k": "a"} {"op": "update", "k": "a"} {"op": "delete", "k": "a"}'

    def hook(d: dict) -> dict:
        if "op" in d:
            _put(web, f"sd-op-{d['k']}", d["op"], ms=150 if d["op"] == "create" else 30)
        return d

    dec = json.JSONDecoder(object_hook=hook)
    i, ops = 0, []
    while i < len(text):
        obj, end = dec.raw_decode(text, i)
        ops.append(obj["op"])
        i = end + 1
    return [ops, _get(web, "sd-op-a", 30)]


def object_hook_raises_then_fallback(web: str) -> list[Any]:
    """The hook raises on a bad record; the handler GETs a fallback (after a slow PUT)."""
    _put(web, "sd-fb", "fallback-v2", ms=150)

    def hook(d: dict) -> dict:
        if d.get("v") == "bad":
            raise ValueError("bad record")
        return d

    try:
        got: Any = json.loads('[{"v": 1}, {"v": "bad"}]', object_hook=hook)
    except ValueError as e:
        got = [str(e), _get(web, "sd-fb", 30)]
    return got


# =========================================================================== yaml


class RefLoader(yaml.SafeLoader):
    """A loader whose ``!item`` tag fetches the item named by the scalar."""


def _construct_item(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    web, key = loader.web, loader.construct_scalar(node)  # type: ignore[attr-defined]
    return _get(web, str(key), 30)


RefLoader.add_constructor("!item", _construct_item)


def _ref_load(text: str, web: str) -> Any:
    loader = RefLoader(text)
    loader.web = web  # type: ignore[attr-defined]
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def yaml_constructor_reads_after_put(web: str) -> Any:
    """A slow PUT, then a YAML document whose ``!item`` constructor GETs that key."""
    _put(web, "sd-y-host", "db.internal", ms=150)
    cfg = _ref_load("host: !item sd-y-host\nport: 5432\n", web)
    _put(web, "sd-y-cfg", json.dumps(cfg, sort_keys=True))
    return cfg


_YAML_WEB: dict[str, str] = {}


def _construct_env(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    key = str(loader.construct_scalar(node))
    print("resolve", key)
    return _get(_YAML_WEB["web"], key, 30)


class EnvLoader(yaml.SafeLoader):
    pass


EnvLoader.add_constructor("!env", _construct_env)


def yaml_load_with_registered_loader(web: str) -> Any:
    """`yaml.load(Loader=EnvLoader)`: the constructor reads a module global for the URL."""
    _YAML_WEB["web"] = web
    print("config", _get(web, "sd-y-slow", 150))
    _put(web, "sd-y-secret", "hunter2")
    cfg = yaml.load("user: admin\npassword: !env sd-y-secret\n", Loader=EnvLoader)
    print("done")
    return cfg


def yaml_load_all_lazy_chain(web: str) -> list[Any]:
    """`load_all` is lazy: each document is PUT before the next one's constructor reads."""
    _YAML_WEB["web"] = web
    text = "a: !env sd-chain-0\n---\nb: !env sd-chain-1\n---\nc: !env sd-chain-2\n"
    out = []
    for i, doc in enumerate(yaml.load_all(text, Loader=EnvLoader)):
        out.append(doc)
        _put(web, f"sd-chain-{i + 1}", f"from-doc-{i}", ms=150 if i == 0 else 30)
    return out


class Secret:
    def __init__(self, name: str) -> None:
        self.name = name


class AuditDumper(yaml.SafeDumper):
    pass


def _represent_secret(dumper: yaml.SafeDumper, s: Secret) -> yaml.Node:
    _put(_YAML_WEB["web"], f"sd-redacted-{s.name}", "yes", ms=40)
    return dumper.represent_scalar("!secret", "***")


AuditDumper.add_representer(Secret, _represent_secret)


def yaml_representer_puts_then_listing(web: str) -> list[Any]:
    """A representer PUTs an audit key per secret; the listing after shows them."""
    _YAML_WEB["web"] = web
    slow = _get(web, "sd-y-before", 150)
    text = yaml.dump({"db": Secret("db"), "api": Secret("api"), "n": 1}, Dumper=AuditDumper,
                     sort_keys=True)
    return [slow, text, _keys(web)]


def yaml_safe_load_decides_requests(web: str) -> list[str]:
    """A YAML manifest fetched, parsed, and its ``fetch`` list decides the GETs."""
    _put(web, "sd-manifest", "fetch:\n  - sd-m-a\n  - sd-m-b\nsave: sd-m-out\n", ms=150)
    raw = requests.get(f"{web}/items/sd-manifest?ms=30", timeout=5).json()["value"]
    manifest = yaml.safe_load(raw)
    got = [_get(web, k, 150 if k.endswith("a") else 30) for k in manifest["fetch"]]
    _put(web, manifest["save"], yaml.safe_dump(got))
    return got


# =========================================================================== msgpack


def msgpack_default_reads_then_put(web: str) -> list[Any]:
    """`msgpack.packb(default=)` GETs each reference; the packed bytes are PUT."""
    _put(web, "sd-mp-a", "alpha", ms=150)

    def default(o: Any) -> Any:
        if isinstance(o, Ref):
            return _get(o.web, o.key, o.ms)
        raise TypeError(type(o).__name__)

    raw = msgpack.packb({"a": Ref(web, "sd-mp-a"), "b": [1, 2]}, default=default)
    _put(web, "sd-mp-packed", raw.hex())
    return [raw.hex(), msgpack.unpackb(raw)]


def msgpack_ext_hook_fetches(web: str) -> list[Any]:
    """`ext_hook` turns ExtType(7, key) into the item; the key is PUT just before."""
    raw = msgpack.packb([msgpack.ExtType(7, b"sd-ext"), 3])
    _put(web, "sd-ext", "ext-fresh", ms=150)

    def ext_hook(code: int, data: bytes) -> Any:
        if code == 7:
            return _get(web, data.decode(), 30)
        return msgpack.ExtType(code, data)

    return msgpack.unpackb(raw, ext_hook=ext_hook)


def msgpack_object_hook_prints(web: str) -> list[Any]:
    """`unpackb(object_hook=)` prints; GETs before and after print too."""
    def hook(d: dict) -> dict:
        print("object", sorted(d))
        return d

    print("a", _get(web, "sd-mo-a", 150))
    got = msgpack.unpackb(msgpack.packb({"x": {"y": 1}}), object_hook=hook)
    print("b", _get(web, "sd-mo-b", 30))
    return got


def msgpack_packer_stream_puts(web: str) -> list[Any]:
    """A `Packer(default=)` reused over a stream of records, each PUT in turn."""
    def default(o: Any) -> Any:
        return _get(o.web, o.key, o.ms)

    packer = msgpack.Packer(default=default)
    versions = []
    for key, ms in (("sd-pk-a", 150), ("sd-pk-b", 30)):
        chunk = packer.pack({"v": Ref(web, key, ms)})
        versions.append(_put(web, "sd-pk-out", chunk.hex()))
        _put(web, "sd-pk-b", "changed")
    return versions


# =========================================================================== pickle / copyreg


def _fetch(web: str, key: str) -> str:
    return _get(web, key, 30)


class Lazy:
    """Pickles as a call to `_fetch`: unpickling makes the request."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __reduce__(self) -> tuple:
        return (_fetch, (self.web, self.key))


def pickle_loads_calls_reduce_target(web: str) -> list[Any]:
    """`pickle.loads` of bytes whose reduce target GETs; the key was PUT before."""
    blob = pickle.dumps([Lazy(web, "sd-lazy"), 5])
    _put(web, "sd-lazy", "loaded-fresh", ms=150)
    got = pickle.loads(blob)
    _put(web, "sd-lazy-seen", got[0])
    return got


class Session:
    """A client object: its connection is dropped on pickling and re-made (a GET)."""

    def __init__(self, web: str, name: str) -> None:
        self.web, self.name = web, name
        self.token = ""

    def __getstate__(self) -> dict:
        print("pickling", self.name)
        return {"web": self.web, "name": self.name}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.token = _get(self.web, f"token-{self.name}", 30)
        print("restored", self.name, self.token)


def pickle_setstate_reconnects(web: str) -> list[Any]:
    """`__setstate__` GETs a token that a slow PUT just rotated."""
    s = Session(web, "svc")
    blob = pickle.dumps(s)
    _put(web, "token-svc", "rotated", ms=150)
    s2 = pickle.loads(blob)
    _put(web, "sd-used-token", s2.token)
    return [s2.token, s2.name]


class RefPickler(pickle.Pickler):
    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, Ref):
            return obj.key
        return None


class RefUnpickler(pickle.Unpickler):
    def __init__(self, f: Any, web: str) -> None:
        super().__init__(f)
        self.web = web

    def persistent_load(self, pid: Any) -> Any:
        LOG.info("persistent_load %s", pid)
        return _get(self.web, pid, 30)


def pickle_persistent_load_reads(web: str) -> list[Any]:
    """`persistent_id`/`persistent_load`: refs are stored by key, loaded by a GET."""
    buf = io.BytesIO()
    RefPickler(buf).dump({"a": Ref(web, "sd-pers-a"), "n": 1})
    _put(web, "sd-pers-a", "persisted", ms=150)
    LOG.info("stored")
    got = RefUnpickler(io.BytesIO(buf.getvalue()), web).load()
    return [got["a"], got["n"]]


class BlobUploader:
    """A binary file-like that buffers and PUTs on close."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key, self.parts = web, key, []

    def write(self, b: bytes) -> int:
        self.parts.append(bytes(b))
        return len(b)

    def close(self) -> None:
        _put(self.web, self.key, hashlib.sha256(b"".join(self.parts)).hexdigest(), ms=150)


def pickle_dump_into_uploader(web: str) -> list[Any]:
    """`pickle.dump` into a file-like that PUTs its digest on close; read after."""
    f = BlobUploader(web, "sd-pickled")
    pickle.dump({"rows": [1, 2, 3], "name": "x"}, f, protocol=4)
    f.close()
    return [len(f.parts), _get(web, "sd-pickled", 30)]


class Conn:
    def __init__(self, web: str, dsn: str) -> None:
        self.web, self.dsn = web, dsn


def copyreg_reducer_puts_export(web: str) -> list[Any]:
    """A `copyreg` reducer PUTs an export record; a GET of it follows."""
    def reduce_conn(c: Conn) -> tuple:
        _put(c.web, "sd-exported", c.dsn, ms=150)
        return (str, (c.dsn,))

    copyreg.pickle(Conn, reduce_conn)
    try:
        blob = pickle.dumps(Conn(web, "pg://main"))
    finally:
        copyreg.dispatch_table.pop(Conn, None)
    return [pickle.loads(blob), _get(web, "sd-exported", 30)]


# =========================================================================== copy


class Snapshot:
    """`copy.deepcopy` takes a fresh snapshot of the remote value."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key, self.value = web, key, ""

    def __deepcopy__(self, memo: dict) -> Snapshot:
        s = Snapshot(self.web, self.key)
        s.value = _get(self.web, self.key, 30)
        return s

    def __copy__(self) -> Snapshot:
        print("shallow copy of", self.key)
        s = Snapshot(self.web, self.key)
        s.value = self.value
        return s


def deepcopy_snapshots_between_puts(web: str) -> list[str]:
    """PUT, deepcopy (GET), PUT, deepcopy (GET): each copy sees the PUT before it."""
    live = Snapshot(web, "sd-snap")
    _put(web, "sd-snap", "one", ms=150)
    a = copy.deepcopy(live)
    _put(web, "sd-snap", "two", ms=30)
    b = copy.deepcopy({"s": live})["s"]
    return [a.value, b.value]


def copy_copy_prints_between_gets(web: str) -> list[str]:
    """`copy.copy` prints from `__copy__` between the prints of two GETs."""
    live = Snapshot(web, "sd-cc")
    live.value = _get(web, "sd-cc", 150)
    print("fetched", live.value)
    twin = copy.copy(live)
    print("copied", twin.value)
    print("other", _get(web, "sd-cc-other", 30))
    return [twin.value]


@dataclasses.dataclass
class Report:
    title: str
    snap: Snapshot
    tags: list[str]


def asdict_deepcopies_field(web: str) -> list[Any]:
    """`dataclasses.asdict` deep-copies a field: the Snapshot GETs after the PUT."""
    r = Report("q3", Snapshot(web, "sd-ad"), ["a"])
    _put(web, "sd-ad", "as-of-put", ms=150)
    d = dataclasses.asdict(r)
    return [d["title"], d["snap"].value, d["tags"]]


# =========================================================================== formatting


class RemoteVars(Mapping):
    """A read-through mapping: every lookup is a GET (and a printed line)."""

    def __init__(self, web: str) -> None:
        self.web = web

    def __getitem__(self, key: str) -> str:
        print("lookup", key)
        return _get(self.web, f"var-{key}", 30)

    def __iter__(self) -> Any:
        return iter(())

    def __len__(self) -> int:
        return 0


def template_substitute_user_mapping(web: str) -> list[str]:
    """`Template.substitute(RemoteVars)` after a slow PUT of one variable."""
    _put(web, "var-user", "ann", ms=150)
    text = string.Template("hi $user, plan=$plan").substitute(RemoteVars(web))
    _put(web, "sd-greeting", text)
    return [text]


def template_safe_substitute_kwargs_override(web: str) -> list[str]:
    """`safe_substitute(mapping, **kw)`: kwargs win, the mapping is read for the rest."""
    slow = _get(web, "sd-tpl-slow", 150)
    t = string.Template("$a/$b/$c")
    text = t.safe_substitute(RemoteVars(web), b="B")
    print("text", text)
    return [slow, text]


def percent_mapping_reads(web: str) -> str:
    """``"%(k)s" % mapping`` looks the keys up in a user mapping (GETs)."""
    _put(web, "var-plan", "pro", ms=150)
    text = "user=%(user)s plan=%(plan)s" % RemoteVars(web)  # noqa: UP031
    _put(web, "sd-pct", text)
    return text


class Account:
    def __init__(self, web: str, name: str) -> None:
        self.web, self.name = web, name

    @property
    def balance(self) -> str:
        return _get(self.web, f"bal-{self.name}", 30)

    def __getitem__(self, key: str) -> str:
        return _get(self.web, f"{key}-{self.name}", 30)

    def __str__(self) -> str:
        print("str of", self.name)
        return f"acct:{self.name}:{self.balance}"


def format_attr_field_property_reads(web: str) -> str:
    """``"{0.balance}".format(acct)`` runs a property that GETs, after a slow PUT."""
    acct = Account(web, "ann")
    _put(web, "bal-ann", "100", ms=150)
    text = "{0.name} has {0.balance}".format(acct)  # noqa: UP032
    _put(web, "bal-ann", "0")
    return text + "|" + "{0.balance}".format(acct)  # noqa: UP030, UP032


def format_index_field_getitem_reads(web: str) -> str:
    """``"{0[plan]}".format(acct)`` calls `__getitem__` (a GET), after a slow PUT."""
    acct = Account(web, "bob")
    _put(web, "plan-bob", "team", ms=150)
    return "plan: {0[plan]}".format(acct)  # noqa: UP030, UP032


def percent_s_user_str_reads(web: str) -> list[str]:
    """``"%s" % acct``: `__str__` prints and GETs; a PUT before changes what it sees."""
    acct = Account(web, "cy")
    print("start")
    _put(web, "bal-cy", "7", ms=150)
    line = "account %s" % acct  # noqa: UP031
    print(line)
    return [line]


def fstring_conversion_str_in_log(web: str) -> list[str]:
    """A log record formats `%s` of an Account lazily; a PUT sits between."""
    acct = Account(web, "dee")
    slow = _get(web, "sd-log-slow", 150)
    LOG.info("before %s", slow)
    _put(web, "bal-dee", "55", ms=30)
    LOG.info("account %s", acct)
    return [slow]


# =========================================================================== hashing / base64


class RemoteReader:
    """A readable binary stream over one item: the first `readinto` GETs it."""

    def __init__(self, web: str, key: str, ms: int) -> None:
        self.web, self.key, self.ms, self.data, self.pos = web, key, ms, b"", -1

    def readable(self) -> bool:
        return True

    def readinto(self, b: Any) -> int:
        if self.pos < 0:
            self.data = _get(self.web, self.key, self.ms).encode()
            self.pos = 0
        n = min(len(b), len(self.data) - self.pos)
        b[:n] = self.data[self.pos:self.pos + n]
        self.pos += n
        return n

    def read(self, size: int = -1) -> bytes:
        buf = bytearray(size if size > 0 else 1 << 16)
        n = self.readinto(buf)
        return bytes(buf[:n])


def file_digest_of_remote_reader(web: str) -> list[str]:
    """`hashlib.file_digest` over a reader that GETs; the key was PUT just before."""
    _put(web, "sd-dig", "payload-v2", ms=150)
    digest = hashlib.file_digest(RemoteReader(web, "sd-dig", 30), "sha256").hexdigest()
    _put(web, "sd-dig-sum", digest)
    return [digest]


class RemoteWriter:
    def __init__(self, web: str, key: str) -> None:
        self.web, self.key, self.n = web, key, 0

    def write(self, b: bytes) -> int:
        self.n += 1
        _put(self.web, f"{self.key}-{self.n}", b.decode().strip(), ms=30)
        return len(b)


def base64_encode_user_streams(web: str) -> list[Any]:
    """`base64.encode(input, output)` reads a remote stream and PUTs each line out."""
    _put(web, "sd-b64-src", "x" * 10, ms=150)
    out = RemoteWriter(web, "sd-b64-line")
    base64.encode(RemoteReader(web, "sd-b64-src", 30), out)
    return [out.n, _get(web, "sd-b64-line-1", 30)]


def hash_bytearray_refilled_between_puts(web: str) -> list[str]:
    """One bytearray refilled from two GETs; its digest PUT after each fill."""
    buf = bytearray()
    buf += _get(web, "sd-ba-a", 150).encode()
    _put(web, "sd-ba-sum", hashlib.md5(buf).hexdigest())
    buf[:] = _get(web, "sd-ba-b", 30).encode()
    _put(web, "sd-ba-sum", hashlib.md5(buf).hexdigest())
    return [_get(web, "sd-ba-sum", 30)]


def b64_of_memoryview_slice_sent(web: str) -> list[str]:
    """A memoryview over a bytearray is base64'd and sent after the array changes."""
    buf = bytearray(b"0000")
    view = memoryview(buf)[:2]
    slow = _get(web, "sd-mv", 150)
    buf[0:2] = slow[:2].encode()
    _put(web, "sd-mv-out", base64.b64encode(view).decode())
    buf[0:2] = b"zz"
    return [base64.b64encode(view).decode(), _get(web, "sd-mv-out", 30)]


# =========================================================================== SDK and async


def chat_prompt_from_encoder_reads(client: Any, web: str) -> list[str]:
    """The prompt is `json.dumps(default=)` of references; the default GETs each."""
    _put(web, "sd-ctx", "ticket 42 is urgent", ms=150)

    def default(o: Any) -> Any:
        return _get(o.web, o.key, o.ms)

    prompt = json.dumps({"context": Ref(web, "sd-ctx")}, default=default)
    r = client.chat.completions.create(model="gpt", messages=[
        {"role": "user", "content": prompt}], extra_body={"latency": 0.05})
    _put(web, "sd-answer", r.choices[0].message.content[:20])
    return [prompt, r.choices[0].message.content[:20]]


def chat_reply_parsed_with_hook_decides(client: Any, web: str) -> list[Any]:
    """A model reply wrapped as JSON, parsed with a hook that GETs; two calls slow first."""
    outs = []
    for lat in (0.15, 0.03):
        r = client.chat.completions.create(model="gpt", messages=[
            {"role": "user", "content": f"say something {lat}"}], extra_body={"latency": lat})
        text = r.choices[0].message.content
        doc = json.dumps({"reply": text[:10], "lookup": {"$ref": "sd-kb"}})
        got = json.loads(doc, object_hook=lambda d: _get(web, d["$ref"]) if "$ref" in d else d)
        _put(web, "sd-kb", f"after-{lat}")
        outs.append(got["lookup"])
    return outs


async def async_hook_reads_sync(web: str) -> list[Any]:
    """In async code, a sync `object_hook` GETs with requests; awaits around it."""
    async with httpx.AsyncClient() as c:
        r = await c.get(f"{web}/items/sd-as-a?ms=150")
        await c.put(f"{web}/items/sd-as-ref", content="ref-new")
        doc = json.dumps({"a": r.json()["value"], "b": {"$ref": "sd-as-ref"}})
        got = json.loads(doc, object_hook=lambda d: _get(web, d["$ref"]) if "$ref" in d else d)
        r2 = await c.get(f"{web}/items/sd-as-c?ms=30")
        return [got, r2.json()["value"]]


async def async_decode_errors_handler_puts(web: str) -> list[str]:
    """Async: awaits around a decode whose error handler PUTs (with requests)."""
    _AUDIT["web"] = web
    async with httpx.AsyncClient() as c:
        slow = (await c.get(f"{web}/items/ah-slow?ms=150")).json()["value"]
        text = b"id=\xff7".decode("ascii", "rt76_audit")
        after = (await c.get(f"{web}/items/eh-bad?ms=30")).json()["value"]
    return [slow, text, after]


async def async_unpack_record_then_get(web: str) -> list[str]:
    """Async: `json.dumps({**record})` between two awaited GETs, slow first."""
    async with httpx.AsyncClient() as c:
        slow = (await c.get(f"{web}/items/ah-slow2?ms=150")).json()["value"]
        body = json.dumps({**AuditedRecord(web, phone="555")})
        after = (await c.get(f"{web}/items/pii-read?ms=30")).json()["value"]
    return [slow, body, after]


async def async_gather_then_dumps_default_str(web: str) -> list[str]:
    """Async: two GETs gathered, then `json.dumps(default=str)` whose `__str__` PUTs,
    then a GET of that key."""
    async with httpx.AsyncClient() as c:
        a, b = await asyncio.gather(c.get(f"{web}/items/ag-a?ms=150"),
                                    c.get(f"{web}/items/ag-b?ms=30"))
        body = json.dumps({"a": a.json()["value"], "r": Receipt(web, "ag-str")}, default=str)
        after = (await c.get(f"{web}/items/ag-str?ms=30")).json()["value"]
    return [b.json()["value"], body, after]


def chat_prompt_formatted_from_audited_record(client: Any, web: str) -> list[str]:
    """A prompt built with `.format(**record)` (audited reads, PUTs) between two model
    calls, slow first; the audit key is read after."""
    first = client.chat.completions.create(model="gpt", messages=[
        {"role": "user", "content": "summarise the policy"}], extra_body={"latency": 0.15})
    prompt = "Write to {name} about: {topic}".format(
        **AuditedRecord(web, name="Ann", topic=first.choices[0].message.content[:12]))
    second = client.chat.completions.create(model="gpt", messages=[
        {"role": "user", "content": prompt}], extra_body={"latency": 0.03})
    return [second.choices[0].message.content[:20], _get(web, "pii-read", 30)]


def chat_reply_decoded_with_handler_then_get(client: Any, web: str) -> list[str]:
    """A model call, then bytes decoded with the auditing error handler, then a GET."""
    _AUDIT["web"] = web
    r = client.chat.completions.create(model="gpt", messages=[
        {"role": "user", "content": "hello"}], extra_body={"latency": 0.15})
    text = b"\xffhdr".decode("ascii", "rt76_audit")
    return [r.choices[0].message.content[:12], text, _get(web, "eh-bad", 30)]


def _aio_web(f: Any, env: Env) -> Any:
    return asyncio.run(f(env.web))


# =========================================================================== builtins as hooks
# `default=str` (or repr, list, dict, float) is a builtin, but it runs the object's own
# dunder: the user's `__str__`, `__iter__`, `__float__`, a dict subclass's `items()`.


class Stamp:
    """Its `__str__` asks the service for the current revision (a GET)."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def __str__(self) -> str:
        return "rev:" + _get(self.web, self.key, 30)


def default_str_runs_user_str_after_put(web: str) -> list[str]:
    """`json.dumps(default=str)`: the object's `__str__` GETs a key a slow PUT just set."""
    _put(web, "dfs-rev", "r2", ms=150)
    body = json.dumps({"doc": "a", "rev": Stamp(web, "dfs-rev")}, default=str)
    return [body]


class Tracked:
    """Its `__repr__` records (a PUT) that it was serialised."""

    def __init__(self, web: str, name: str) -> None:
        self.web, self.name = web, name

    def __repr__(self) -> str:
        _put(self.web, f"dfr-seen-{self.name}", "yes", ms=30)
        return f"Tracked({self.name})"


def default_repr_runs_user_repr_put(web: str) -> list[str]:
    """`json.dumps(default=repr)`: `__repr__` PUTs; a GET of that key follows."""
    slow = _get(web, "dfr-slow", 150)
    body = json.dumps([Tracked(web, "t1"), 2], default=repr)
    return [slow, body, _get(web, "dfr-seen-t1", 30)]


class Pages:
    """An iterable over a paginated listing: iterating GETs each page."""

    def __init__(self, web: str, keys: list[str]) -> None:
        self.web, self.keys = web, keys

    def __iter__(self) -> Any:
        for k in self.keys:
            yield _get(self.web, k, 30)


def default_list_iterates_user_pages(web: str) -> list[str]:
    """`json.dumps(default=list)`: the object's `__iter__` GETs pages a PUT just changed."""
    _put(web, "dfl-p1", "page-one-new", ms=150)
    body = json.dumps({"pages": Pages(web, ["dfl-p1", "dfl-p2"])}, default=list)
    return [body]


class RemoteRecord(Mapping):
    """A mapping whose values are fetched on access."""

    def __init__(self, web: str, fields: tuple[str, ...]) -> None:
        self.web, self.fields = web, fields

    def __getitem__(self, key: str) -> str:
        return _get(self.web, f"rec-{key}", 30)

    def __iter__(self) -> Any:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)


def default_dict_reads_user_mapping(web: str) -> list[str]:
    """`json.dumps(default=dict)`: `dict(mapping)` reads each field (GETs) after a PUT."""
    _put(web, "rec-email", "ann@new", ms=150)
    body = json.dumps([RemoteRecord(web, ("email", "name"))], default=dict)
    _put(web, "dfd-out", body)
    return [body]


class Price:
    """`float(price)` converts with the current rate (a GET)."""

    def __init__(self, web: str, amount: float) -> None:
        self.web, self.amount = web, amount

    def __float__(self) -> float:
        return self.amount * float(_get(self.web, "dff-rate", 30))


def default_float_runs_user_float(web: str) -> list[str]:
    """`json.dumps(default=float)`: `__float__` GETs the rate a slow PUT just set."""
    _put(web, "dff-rate", "2.5", ms=150)
    body = json.dumps({"total": Price(web, 4.0)}, default=float)
    return [body]


class LiveDict(dict):
    """A dict subclass whose `items()` refreshes its values from the service first."""

    def __init__(self, web: str, *keys: str) -> None:
        super().__init__((k, "") for k in keys)
        self.web = web

    def items(self) -> Any:
        for k in list(self.keys()):
            self[k] = _get(self.web, k, 30)
        return super().items()


def dumps_dict_subclass_items_reads(web: str) -> list[str]:
    """`json.dumps(LiveDict)`: the encoder calls the subclass's `items()` (GETs)."""
    _put(web, "lv-a", "fresh-a", ms=150)
    body = json.dumps(LiveDict(web, "lv-a", "lv-b"))
    _put(web, "lv-out", body)
    return [body]


class AuditedDict(dict):
    """A dict subclass whose `items()` records each serialisation (a PUT)."""

    def __init__(self, web: str, **kw: Any) -> None:
        super().__init__(**kw)
        self.web = web

    def items(self) -> Any:
        _put(self.web, "ad-audit", ",".join(sorted(self.keys())), ms=30)
        return super().items()


def dumps_dict_subclass_items_puts(web: str) -> list[str]:
    """`json.dumps` of a dict nested in a list; its `items()` PUTs; a GET of it follows."""
    slow = _get(web, "ad-slow", 150)
    body = json.dumps([AuditedDict(web, b=2, a=1)], sort_keys=True)
    return [slow, body, _get(web, "ad-audit", 30)]


def dumps_dict_subclass_indent_prints(web: str) -> list[str]:
    """With `indent=` the pure-Python encoder runs: `items()` prints between GET prints."""
    class Loud(dict):
        def items(self) -> Any:
            print("serialising", sorted(self))
            return super().items()

    print("a", _get(web, "ld-a", 150))
    body = json.dumps({"x": Loud(k=1)}, indent=1)
    print("b", _get(web, "ld-b", 30))
    return [body]


class RemoteBytes(bytes):
    """A bytes subclass that logs (a PUT) when decoded."""

    web = ""

    def decode(self, *a: Any, **kw: Any) -> str:
        _put(RemoteBytes.web, "rb-decoded", str(len(self)), ms=30)
        return bytes(self).decode(*a, **kw)


def loads_bytes_subclass_decode_puts(web: str) -> list[Any]:
    """`json.loads(bytes subclass)` calls its `decode` (a PUT); a GET of the key follows."""
    RemoteBytes.web = web
    slow = _get(web, "rb-slow", 150)
    doc = json.loads(RemoteBytes(b'{"k": 1}'))
    return [slow, doc, _get(web, "rb-decoded", 30)]


def default_str_on_plain_types_overlaps(web: str) -> list[str]:
    """`default=str` over Decimal and a set: no code of the user's, the GETs overlap."""
    a = _get(web, "dp-a", 150)
    body = json.dumps({"d": Decimal("1.50"), "a": a}, default=str)
    b = _get(web, "dp-b", 30)
    return [body, b]


def default_str_user_str_prints_between(web: str) -> list[str]:
    """`default=str` on an object whose `__str__` prints: between two GET prints."""
    class Loud:
        def __str__(self) -> str:
            print("str called")
            return "loud"

    print("a", _get(web, "dsp-a", 150))
    body = json.dumps([Loud()], default=str)
    print("b", _get(web, "dsp-b", 30))
    return [body]


# =========================================================================== subclasses of builtins
# A library function that is pure over str, bytes or dict calls methods of its argument: a
# subclass of the user's overrides them.


class LoggedText(str):
    """A str subclass whose `encode` records the encoding (a PUT)."""

    web = ""

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        _put(LoggedText.web, "lt-encoded", encoding, ms=30)
        return str(self).encode(encoding, errors)


def quote_str_subclass_encode_puts(web: str) -> list[str]:
    """`urllib.parse.quote(str subclass)` calls its `encode` (a PUT); a GET follows."""
    from urllib.parse import quote

    LoggedText.web = web
    slow = _get(web, "lt-slow", 150)
    q = quote(LoggedText("a b/c"))
    return [slow, q, _get(web, "lt-encoded", 30)]


def b64decode_str_subclass_encode_puts(web: str) -> list[str]:
    """`base64.b64decode(str subclass)` encodes it first (a PUT); a GET follows."""
    LoggedText.web = web
    slow = _get(web, "lt-slow2", 150)
    raw = base64.b64decode(LoggedText("aGVsbG8="))
    return [slow, raw.decode(), _get(web, "lt-encoded", 30)]


def urlencode_dict_subclass_items_reads(web: str) -> list[str]:
    """`urlencode(LiveDict)` calls its `items()` (GETs), after a slow PUT; sent as params."""
    from urllib.parse import urlencode

    _put(web, "ue-q", "fresh", ms=150)
    params = urlencode(LiveDict(web, "ue-q"))
    r = requests.get(f"{web}/items/ue-search?{params}&ms=30", timeout=5).json()["value"]
    return [params, r]


def urlencode_user_mapping_reads(web: str) -> list[str]:
    """`urlencode(RemoteRecord)`: a Mapping of the user's is read item by item (GETs)."""
    from urllib.parse import urlencode

    _put(web, "rec-city", "oslo", ms=150)
    params = urlencode(RemoteRecord(web, ("city",)))
    return [params, _get(web, "ue-after", 30)]


def loads_bytearray_subclass_decode_puts(web: str) -> list[Any]:
    """`json.loads(bytearray subclass)` decodes through the subclass (a PUT)."""
    class Buf(bytearray):
        def decode(self, *a: Any, **kw: Any) -> str:
            _put(web, "bb-decoded", str(len(self)), ms=30)
            return bytes(self).decode(*a, **kw)

    slow = _get(web, "bb-slow", 150)
    buf = Buf(b'[1, 2]')
    doc = json.loads(buf)
    return [slow, doc, _get(web, "bb-decoded", 30)]


def loads_bytes_subclass_decode_reads(web: str) -> list[Any]:
    """The read shape: `decode` GETs the charset a slow PUT just set."""
    class Payload(bytes):
        def decode(self, *a: Any, **kw: Any) -> str:
            charset = _get(web, "pb-charset", 30)
            return bytes(self).decode(charset)

    _put(web, "pb-charset", "latin-1", ms=150)
    doc = json.loads(Payload(b'{"name": "x"}'))
    return [doc]


def capwords_str_subclass_split_prints(web: str) -> list[str]:
    """`string.capwords(str subclass)` calls its `split`, which prints."""
    class Title(str):
        def split(self, *a: Any, **kw: Any) -> list[str]:
            print("split", str(self))
            return str(self).split(*a, **kw)

    print("a", _get(web, "cw-a", 150))
    t = string.capwords(Title("hello world"))
    print("b", _get(web, "cw-b", 30))
    return [t]


def shorten_str_subclass_strip_puts(web: str) -> list[str]:
    """`textwrap.shorten(str subclass)` calls its `strip` (a PUT); a GET follows."""
    import textwrap

    class Note(str):
        def strip(self, *a: Any) -> str:
            _put(web, "sh-stripped", "1", ms=30)
            return str(self).strip(*a)

    slow = _get(web, "sh-slow", 150)
    t = textwrap.shorten(Note("  a long note about things  "), width=12)
    return [slow, t, _get(web, "sh-stripped", 30)]


# =========================================================================== hidden writes
# The write shape: a slow GET, a statement whose hook PUTs, a fast GET of that key. A GET
# started early (beside the slow one) would read the value from before the PUT.


class Receipt:
    """Its dunders record (a PUT) that they ran."""

    def __init__(self, web: str, key: str) -> None:
        self.web, self.key = web, key

    def _mark(self, what: str) -> None:
        _put(self.web, self.key, what, ms=30)

    def __str__(self) -> str:
        self._mark("str")
        return "receipt"

    def __float__(self) -> float:
        self._mark("float")
        return 1.5

    def __iter__(self) -> Any:
        self._mark("iter")
        return iter([1, 2])

    def __bytes__(self) -> bytes:
        self._mark("bytes")
        return b"receipt"


def hw_default_str_puts(web: str) -> list[str]:
    """`json.dumps(default=str)`: `__str__` PUTs; the GET of that key comes after."""
    slow = _get(web, "hw-slow-1", 150)
    body = json.dumps({"r": Receipt(web, "hw-str")}, default=str)
    return [slow, body, _get(web, "hw-str", 30)]


def hw_default_float_puts(web: str) -> list[str]:
    """`json.dumps(default=float)`: `__float__` PUTs; a GET after."""
    slow = _get(web, "hw-slow-2", 150)
    body = json.dumps([Receipt(web, "hw-float")], default=float)
    return [slow, body, _get(web, "hw-float", 30)]


def hw_default_list_puts(web: str) -> list[str]:
    """`json.dumps(default=list)`: `__iter__` PUTs; a GET after."""
    slow = _get(web, "hw-slow-3", 150)
    body = json.dumps({"xs": Receipt(web, "hw-iter")}, default=list)
    return [slow, body, _get(web, "hw-iter", 30)]


def hw_default_sorted_puts(web: str) -> list[str]:
    """`json.dumps(default=sorted)`: sorting iterates (a PUT); a GET after."""
    slow = _get(web, "hw-slow-4", 150)
    body = json.dumps({"xs": Receipt(web, "hw-sorted")}, default=sorted)
    return [slow, body, _get(web, "hw-sorted", 30)]


def hw_default_bytes_hex_puts(web: str) -> list[str]:
    """`bytes(obj)` in a comprehension before `hashlib`: `__bytes__` PUTs; a GET after."""
    slow = _get(web, "hw-slow-5", 150)
    digest = hashlib.sha1(bytes(Receipt(web, "hw-bytes"))).hexdigest()
    return [slow, digest, _get(web, "hw-bytes", 30)]


def hw_list_subclass_iter_indent_puts(web: str) -> list[str]:
    """`json.dumps(list subclass, indent=2)`: the Python encoder iterates it (a PUT)."""
    class Rows(list):
        def __iter__(self) -> Any:
            _put(web, "hw-rows", str(len(self)), ms=30)
            return super().__iter__()

    slow = _get(web, "hw-slow-6", 150)
    body = json.dumps({"rows": Rows([1, 2, 3])}, indent=2)
    return [slow, body, _get(web, "hw-rows", 30)]


def hw_list_subclass_iter_compact_no_call(web: str) -> list[str]:
    """The same without `indent`: the C encoder reads the list directly, no PUT."""
    class Rows(list):
        def __iter__(self) -> Any:
            _put(web, "hw-rows2", str(len(self)), ms=30)
            return super().__iter__()

    slow = _get(web, "hw-slow-7", 150)
    body = json.dumps({"rows": Rows([1, 2, 3])})
    return [slow, body, _get(web, "hw-rows2", 30)]


def hw_loads_str_subclass_startswith_puts(web: str) -> list[Any]:
    """`json.loads(str subclass)`: the BOM check calls its `startswith` (a PUT)."""
    class Text(str):
        def startswith(self, *a: Any) -> bool:
            _put(web, "hw-bom", "checked", ms=30)
            return str(self).startswith(*a)

    slow = _get(web, "hw-slow-8", 150)
    doc = json.loads(Text('{"a": 1}'))
    return [slow, doc, _get(web, "hw-bom", 30)]


def hw_template_mapping_getitem_puts(web: str) -> list[str]:
    """`Template.substitute(mapping)`: a dict subclass's `__getitem__` PUTs what it used."""
    class Used(dict):
        def __getitem__(self, key: str) -> Any:
            _put(web, f"hw-used-{key}", "1", ms=30)
            return super().__getitem__(key)

    slow = _get(web, "hw-slow-9", 150)
    text = string.Template("to $who").substitute(Used(who="ann"))
    return [slow, text, _get(web, "hw-used-who", 30)]


def hw_format_map_dict_subclass_puts(web: str) -> list[str]:
    """`str.format_map(dict subclass)`: `__getitem__` PUTs; a GET after."""
    class Used(dict):
        def __getitem__(self, key: str) -> Any:
            _put(web, f"hw-fm-{key}", "1", ms=30)
            return super().__getitem__(key)

    slow = _get(web, "hw-slow-10", 150)
    text = "to {who}".format_map(Used(who="bob"))
    return [slow, text, _get(web, "hw-fm-who", 30)]


def hw_deepcopy_hook_puts(web: str) -> list[str]:
    """`copy.deepcopy`: `__deepcopy__` PUTs a copy record; a GET after."""
    class Doc:
        def __deepcopy__(self, memo: dict) -> Doc:
            _put(web, "hw-copied", "deep", ms=30)
            return Doc()

    slow = _get(web, "hw-slow-11", 150)
    twin = copy.deepcopy({"d": Doc()})
    return [slow, type(twin["d"]).__name__, _get(web, "hw-copied", 30)]


def hw_pickle_getstate_puts(web: str) -> list[str]:
    """`pickle.dumps`: `__getstate__` PUTs an export record; a GET after."""
    class_ = Exported
    Exported.web = web
    slow = _get(web, "hw-slow-12", 150)
    blob = pickle.dumps(class_("x"))
    return [slow, str(len(blob) > 0), _get(web, "hw-exported", 30)]


class Exported:
    web = ""

    def __init__(self, name: str) -> None:
        self.name = name

    def __getstate__(self) -> dict:
        _put(Exported.web, "hw-exported", self.name, ms=30)
        return {"name": self.name}


def hw_msgpack_dict_subclass_items_puts(web: str) -> list[str]:
    """`msgpack.packb(dict subclass)` iterates `items()` (a PUT); a GET after."""
    slow = _get(web, "hw-slow-13", 150)
    raw = msgpack.packb(AuditedDict(web, a=1))
    return [slow, raw.hex(), _get(web, "ad-audit", 30)]


def hw_yaml_dump_dict_subclass_items_puts(web: str) -> list[str]:
    """`yaml.safe_dump` of a dict subclass is refused (RepresenterError), no PUT runs."""
    slow = _get(web, "hw-slow-14", 150)
    try:
        text = yaml.safe_dump(AuditedDict(web, a=1))
    except yaml.YAMLError as e:
        text = type(e).__name__
    return [slow, text, _get(web, "ad-audit", 30)]


def hw_helper_parses_with_subclass(web: str) -> list[Any]:
    """A helper that GETs then `json.loads` a bytes subclass (whose decode PUTs)."""
    def fetch_doc(key: str, ms: int) -> Any:
        raw = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).content
        return json.loads(RemoteBytes(raw))

    RemoteBytes.web = web
    a = fetch_doc("hw-doc-a", 150)
    b = _get(web, "rb-decoded", 30)
    return [a["value"], b]


# =========================================================================== local classes
# Hooks are often methods of a class defined in the function, annotated with that class.


def local_class_copy_annotated_own_type(web: str) -> list[str]:
    """`copy.copy` with a local class whose `__copy__` is annotated ``-> Point``."""
    class Point:
        def __init__(self, x: str) -> None:
            self.x = x

        def __copy__(self) -> Point:
            return Point(self.x)

    p = Point(_get(web, "lc-x", 150))
    q = copy.copy(p)
    return [q.x, _get(web, "lc-y", 30)]


def local_class_from_json_classmethod(web: str) -> list[str]:
    """A local class with ``from_json(cls, d) -> Item``: an object hook builds Items."""
    class Item:
        def __init__(self, key: str, value: str) -> None:
            self.key, self.value = key, value

        @classmethod
        def from_json(cls, d: dict) -> Item | dict:
            return cls(d["key"], d["value"]) if "key" in d else d

    a = requests.get(f"{web}/items/lc-a?ms=150", timeout=5).json(object_hook=Item.from_json)
    b = requests.get(f"{web}/items/lc-b?ms=30", timeout=5).json(object_hook=Item.from_json)
    return [a.value, b.value]


def local_encoder_annotated_forward_ref(web: str) -> list[str]:
    """A local encoder whose `default(self, o: Money)` names a class defined after it."""
    class Enc(json.JSONEncoder):
        def default(self, o: Money) -> dict:
            return {"amount": o.amount}

    class Money:
        def __init__(self, amount: str) -> None:
            self.amount = amount

    m = Money(_get(web, "lc-m", 150))
    body = json.dumps({"m": m}, cls=Enc)
    _put(web, "lc-body", body)
    return [body]


def local_config_merge_annotated(web: str) -> list[str]:
    """A local Config class whose methods are annotated with it (``-> Config``), merged
    from two GETs (slow first) and PUT as JSON."""
    class Config:
        def __init__(self, d: dict) -> None:
            self.d = d

        def merged(self, other: Config) -> Config:
            return Config({**self.d, **other.d})

        def to_json(self) -> str:
            return json.dumps(self.d, sort_keys=True)

    base = Config({"host": _get(web, "cf-host", 150)})
    extra = Config({"port": _get(web, "cf-port", 30)})
    body = base.merged(extra).to_json()
    _put(web, "cf-out", body)
    return [body]


def local_class_method_annotated_minimal(web: str) -> list[str]:
    """Minimal: a local class, a method annotated with it, called once, then a GET."""
    class Doc:
        def same(self) -> Doc:
            return self

    twin = Doc().same()
    return [type(twin).__name__, _get(web, "lm-x", 30)]


# =========================================================================== hooks run later
# A lazy encoder, map or generator: the hook runs where the value is consumed.


def lazy_iterencode_consumed_after_get(web: str) -> list[str]:
    """`chunks = enc.iterencode(x)` runs nothing; the join after a slow GET runs the
    default (a PUT); a GET of its key follows."""
    def default(o: Any) -> Any:
        _put(web, "lz-enc", "ran", ms=30)
        return "obj"

    chunks = json.JSONEncoder(default=default).iterencode([Receipt(web, "unused")])
    slow = _get(web, "lz-slow", 150)
    body = "".join(chunks)
    return [slow, body, _get(web, "lz-enc", 30)]


def lazy_map_partial_dumps_default_str(web: str) -> list[str]:
    """`map(partial(json.dumps, default=str), objs)` joined after a slow GET: each
    object's `__str__` PUTs then; a GET of the last key follows."""
    import functools

    lines = map(functools.partial(json.dumps, default=str),
                [Receipt(web, "lz-m1"), Receipt(web, "lz-m2")])
    slow = _get(web, "lz-slow2", 150)
    text = "\n".join(lines)
    return [slow, text, _get(web, "lz-m2", 30)]


def lazy_yaml_load_all_after_get(web: str) -> list[Any]:
    """`docs = yaml.load_all(...)` is a generator: its constructors run in the loop."""
    _YAML_WEB["web"] = web
    docs = yaml.load_all("a: !env lz-y1\n---\nb: !env lz-y2\n", Loader=EnvLoader)
    _put(web, "lz-y1", "set-before-loop", ms=150)
    out = []
    for d in docs:
        out.append(d)
        _put(web, "lz-y2", "set-in-loop", ms=30)
    return out


def comprehension_dumps_default_str_puts(web: str) -> list[Any]:
    """`[json.dumps(x, default=str) for x in objs]`: each `__str__` PUTs; a GET after."""
    slow = _get(web, "cp-slow", 150)
    bodies = [json.dumps({"r": r}, default=str) for r in (Receipt(web, "cp-1"),
                                                          Receipt(web, "cp-2"))]
    return [slow, bodies, _get(web, "cp-2", 30)]


def sorted_key_dumps_default_str(web: str) -> list[Any]:
    """`sorted(objs, key=partial(json.dumps, default=str))`: `__str__` PUTs per object."""
    import functools

    slow = _get(web, "sk-slow", 150)
    order = sorted([Receipt(web, "sk-1"), Receipt(web, "sk-2")],
                   key=functools.partial(json.dumps, default=str))
    return [slow, len(order), _get(web, "sk-1", 30)]


# =========================================================================== hooks and shared state
# Helpers that GET and parse, whose hooks change state the function reads afterwards.

SEEN: list[str] = []


def _reset_seen(env: Env) -> None:
    SEEN.clear()


def _fetch_parse_noting(web: str, key: str, ms: int) -> dict:
    def hook(d: dict) -> dict:
        if "key" in d:
            SEEN.append(d["key"])
        return d

    return json.loads(requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).text,
                      object_hook=hook)


def helpers_hooks_append_global_in_order(web: str) -> list[Any]:
    """Two helpers, slow first, whose object hooks append to a global list."""
    a = _fetch_parse_noting(web, "st-a", 150)
    b = _fetch_parse_noting(web, "st-b", 30)
    return [a["value"], b["value"], list(SEEN)]


class Noted:
    log: list[str] = []

    def __init__(self, name: str) -> None:
        self.name = name

    def __str__(self) -> str:
        Noted.log.append(self.name)
        return self.name


def _reset_noted(env: Env) -> None:
    Noted.log = []


def _fetch_then_dump(web: str, key: str, ms: int) -> str:
    v = _get(web, key, ms)
    return json.dumps({"v": v, "n": Noted(key)}, default=str)


def helpers_default_str_appends_class_log(web: str) -> list[Any]:
    """Two helpers, slow first, each GETs then dumps with `default=str` (a class log)."""
    a = _fetch_then_dump(web, "st-c", 150)
    b = _fetch_then_dump(web, "st-d", 30)
    return [a, b, list(Noted.log)]


class Registry:
    items: list[str] = []

    def __init__(self, key: str) -> None:
        self.key = key

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        Registry.items.append(self.key)


def _reset_registry(env: Env) -> None:
    Registry.items = []


def _fetch_restore(web: str, key: str, ms: int) -> Registry:
    v = _get(web, key, ms)
    return pickle.loads(pickle.dumps(Registry(v)))


def helpers_setstate_registers_in_order(web: str) -> list[Any]:
    """Two helpers, slow first, each GETs then unpickles (`__setstate__` registers)."""
    a = _fetch_restore(web, "st-e", 150)
    b = _fetch_restore(web, "st-f", 30)
    return [a.key, b.key, list(Registry.items)]


def _fetch_decode_bytes(web: str, key: str, ms: int) -> Any:
    raw = requests.get(f"{web}/items/{key}?ms={ms}", timeout=5).content
    return json.loads(Decoded(raw))


class Decoded(bytes):
    order: list[int] = []

    def decode(self, *a: Any, **kw: Any) -> str:
        Decoded.order.append(len(self))
        return bytes(self).decode(*a, **kw)


def _reset_decoded(env: Env) -> None:
    Decoded.order = []


def helpers_bytes_subclass_decode_appends(web: str) -> list[Any]:
    """Two helpers, slow first, each `json.loads` a bytes subclass whose decode appends."""
    a = _fetch_decode_bytes(web, "st-long-key-g", 150)
    b = _fetch_decode_bytes(web, "st-h", 30)
    return [a["value"], b["value"], list(Decoded.order)]


# =========================================================================== codec error handlers
# `codecs.register_error(name, fn)`: text decoded or encoded with ``errors=name`` calls
# the user's handler on each bad byte or character (here: it records the offset, a PUT).

_AUDIT: dict[str, str] = {}


def _audit_bad_bytes(err: UnicodeError) -> tuple[str, int]:
    _put(_AUDIT["web"], "eh-bad", f"{type(err).__name__}@{err.start}", ms=30)  # type: ignore[attr-defined]
    return ("?", err.end)  # type: ignore[attr-defined]


codecs.register_error("rt76_audit", _audit_bad_bytes)


def decode_errors_handler_puts(web: str) -> list[str]:
    """`raw.decode("ascii", errors=handler)`: the handler PUTs; a GET of its key after."""
    _AUDIT["web"] = web
    slow = _get(web, "eh-slow-1", 150)
    text = b"ok\xffend".decode("ascii", errors="rt76_audit")
    return [slow, text, _get(web, "eh-bad", 30)]


def encode_errors_handler_puts(web: str) -> list[str]:
    """`text.encode("ascii", handler)` before sending: the handler PUTs; a GET after."""
    _AUDIT["web"] = web
    slow = _get(web, "eh-slow-2", 150)
    raw = "caf\u00e9 menu".encode("ascii", "rt76_audit")
    return [slow, raw.decode(), _get(web, "eh-bad", 30)]


def str_of_bytes_errors_handler_puts(web: str) -> list[str]:
    """`str(raw, "ascii", handler)`: the builtin decodes through the handler (a PUT)."""
    _AUDIT["web"] = web
    slow = _get(web, "eh-slow-3", 150)
    text = str(b"\xfe-header", "ascii", "rt76_audit")
    return [slow, text, _get(web, "eh-bad", 30)]


def quote_errors_handler_puts(web: str) -> list[str]:
    """`urllib.parse.quote(text, encoding="ascii", errors=handler)`: a PUT; a GET after."""
    from urllib.parse import quote

    _AUDIT["web"] = web
    slow = _get(web, "eh-slow-4", 150)
    q = quote("na\u00efve path", encoding="ascii", errors="rt76_audit")
    return [slow, q, _get(web, "eh-bad", 30)]


def decode_errors_replace_overlaps(web: str) -> list[str]:
    """Python's own ``errors="replace"`` runs no code of the user's: the GETs overlap."""
    a = _get(web, "eh-a", 150)
    text = b"ok\xffend".decode("ascii", errors="replace")
    b = _get(web, "eh-b", 30)
    return [a, text, b]


_BAD_OFFSETS: list[int] = []


def _note_bad(err: UnicodeError) -> tuple[str, int]:
    _BAD_OFFSETS.append(err.start)  # type: ignore[attr-defined]
    return ("?", err.end)  # type: ignore[attr-defined]


codecs.register_error("rt76_note", _note_bad)


def _reset_bad(env: Env) -> None:
    _BAD_OFFSETS.clear()


def _fetch_latin(web: str, key: str, ms: int, raw: bytes) -> str:
    v = _get(web, key, ms)
    return v + raw.decode("ascii", "rt76_note")


def helpers_decode_handler_appends_in_order(web: str) -> list[Any]:
    """Two helpers, slow first, each GETs and decodes with a handler that appends."""
    a = _fetch_latin(web, "eh-c", 150, b"\xff")
    b = _fetch_latin(web, "eh-d", 30, b"..\xff")
    return [a, b, list(_BAD_OFFSETS)]


def bytes_of_text_errors_handler_puts(web: str) -> list[str]:
    """`bytes(text, "ascii", handler)`: the builtin encodes through the handler (a PUT)."""
    _AUDIT["web"] = web
    slow = _get(web, "eh-slow-5", 150)
    raw = bytes("r\u00e9sum\u00e9", "ascii", "rt76_audit")
    return [slow, raw.hex(), _get(web, "eh-bad", 30)]


class _Rot13Counted(codecs.Codec):
    """A codec of the user's: rot13 that records each use (a PUT)."""

    def encode(self, text: str, errors: str = "strict") -> tuple[bytes, int]:
        _put(_AUDIT["web"], "eh-codec", "encode", ms=30)
        return codecs.encode(text, "rot13").encode("ascii"), len(text)

    def decode(self, raw: bytes, errors: str = "strict") -> tuple[str, int]:
        _put(_AUDIT["web"], "eh-codec", "decode", ms=30)
        return codecs.decode(bytes(raw).decode("ascii"), "rot13"), len(raw)


def _search_rt76(name: str) -> codecs.CodecInfo | None:
    if name == "rt76_rot13":
        c = _Rot13Counted()
        return codecs.CodecInfo(c.encode, c.decode, name="rt76_rot13")
    return None


codecs.register(_search_rt76)


def str_of_bytes_user_codec_puts(web: str) -> list[str]:
    """`str(raw, "rt76_rot13")`: a codec of the user's decodes (a PUT); a GET after."""
    _AUDIT["web"] = web
    slow = _get(web, "eh-slow-6", 150)
    text = str(b"uryyb", "rt76_rot13")
    return [slow, text, _get(web, "eh-codec", 30)]


def encode_user_codec_method_puts(web: str) -> list[str]:
    """`text.encode("rt76_rot13")`: the method's rule sees the user's codec: in order."""
    _AUDIT["web"] = web
    slow = _get(web, "eh-slow-7", 150)
    raw = "hello".encode("rt76_rot13")
    return [slow, raw.decode(), _get(web, "eh-codec", 30)]


# =========================================================================== textwrap hooks


def textwrap_indent_predicate_puts(web: str) -> list[str]:
    """`textwrap.indent(text, prefix, predicate)`: the predicate PUTs; a GET after."""
    def quoted(line: str) -> bool:
        _put(web, "tw-pred", line.strip(), ms=30)
        return True

    slow = _get(web, "tw-slow", 150)
    reply = textwrap.indent("thanks\n", "> ", predicate=quoted)
    return [slow, reply, _get(web, "tw-pred", 30)]


def textwrap_indent_predicate_counts(web: str) -> list[Any]:
    """The predicate only counts lines in a local list; the GETs overlap."""
    seen: list[str] = []

    def nonblank(line: str) -> bool:
        seen.append(line)
        return bool(line.strip())

    a = _get(web, "tw-a", 150)
    text = textwrap.indent(f"{a}\n\nend\n", "> ", nonblank)
    b = _get(web, "tw-b", 30)
    return [text, len(seen), b]


# =========================================================================== parse errors


def loads_raises_after_read_allowance(web: str) -> list[str]:
    """`json.loads` of a value that is not JSON raises (by accident, not by design): the
    GET after it may have been sent (the documented allowance), nothing else differs."""
    raw = _get(web, "pe-a", 150)
    doc = json.loads(raw)
    return [doc, _get(web, "pe-b", 30)]


def loads_raises_in_try_fallback_put(web: str) -> list[str]:
    """The parse fails inside a `try`; the handler PUTs the bad text and GETs a default."""
    raw = _get(web, "pe-c", 150)
    try:
        doc = json.loads(raw)
    except json.JSONDecodeError as e:
        _put(web, "pe-bad", f"{e.msg}@{e.pos}")
        doc = _get(web, "pe-default", 30)
    return [doc]


# =========================================================================== ** of a user mapping
# A record whose every field read is audited (a PUT, as PII access logs are), serialised
# through ``**record``: the unpacking calls its `keys()` and `__getitem__`.


class AuditedRecord(Mapping):
    def __init__(self, web: str, **fields: str) -> None:
        self.web, self.fields = web, fields

    def __getitem__(self, key: str) -> str:
        _put(self.web, "pii-read", key, ms=30)
        return self.fields[key]

    def __iter__(self) -> Any:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)


def unpack_record_into_dict_display_dumps(web: str) -> list[str]:
    """`json.dumps({**record, "v": 1})`: the unpacking reads fields (PUTs); a GET after."""
    slow = _get(web, "up-slow-1", 150)
    body = json.dumps({**AuditedRecord(web, email="a@x"), "v": 1}, sort_keys=True)
    return [slow, body, _get(web, "pii-read", 30)]


def unpack_record_into_format_kwargs(web: str) -> list[str]:
    """`"Dear {name}".format(**record)`: the unpacking reads the fields (PUTs)."""
    slow = _get(web, "up-slow-2", 150)
    text = "Dear {name}".format(**AuditedRecord(web, name="Ann"))
    return [slow, text, _get(web, "pii-read", 30)]


def unpack_record_into_dict_call(web: str) -> list[str]:
    """`dict(**record)` before sending: the unpacking reads the fields (PUTs)."""
    slow = _get(web, "up-slow-3", 150)
    row = dict(**AuditedRecord(web, city="Oslo"))
    return [slow, json.dumps(row), _get(web, "pii-read", 30)]


def unpack_record_into_dict_call_plain(web: str) -> list[str]:
    """`dict(record)` (no ``**``): the conversion's reads are seen; nothing moves."""
    slow = _get(web, "up-slow-4", 150)
    row = dict(AuditedRecord(web, city="Rome"))
    return [slow, json.dumps(row), _get(web, "pii-read", 30)]


# =========================================================================== registry


def web_args(env: Env) -> tuple:
    return (env.web,)


def web_tmp(env: Env) -> tuple:
    return (env.web, str(env.tmp))


def oa_web(env: Env) -> tuple:
    return (openai_client(env), env.web)


def _web(fn: Any, ideal: float = 1.0, cat: str = "helpers", **kw: Any) -> Case:
    return Case(cat, fn, args=web_args, servers="web", ideal=ideal, **kw)


def _both(fn: Any, ideal: float = 1.0, cat: str = "sdk", **kw: Any) -> Case:
    return Case(cat, fn, args=oa_web, servers="web api", ideal=ideal, **kw)


CASES: list[Case] = [
    # json encoding
    _web(json_default_reads_after_put),
    _web(json_default_puts_audit_then_listing),
    _web(encoder_counts_decide_put, cat="state", setup=_reset_counting),
    _web(encoder_subclass_prints_between_gets),
    _web(json_dump_into_uploading_file),
    _web(iterencode_lazily_with_reading_default),
    _web(json_default_raises_then_put, cat="validation"),
    Case("files", dumps_default_writes_file, args=web_tmp, servers="web"),
    # json decoding
    _web(object_hook_follows_links),
    _web(object_hook_reads_refs_after_put),
    _web(parse_float_counts_global, cat="state", setup=_reset_parsed),
    _web(parse_int_reads_ids),
    _web(object_pairs_hook_prints_order),
    _web(decoder_subclass_cls_kwarg),
    _web(response_json_with_hook, cat="http"),
    _web(raw_decode_stream_hook_puts),
    _web(object_hook_raises_then_fallback, cat="validation"),
    # yaml
    _web(yaml_constructor_reads_after_put),
    _web(yaml_load_with_registered_loader, cat="state"),
    _web(yaml_load_all_lazy_chain, cat="state"),
    _web(yaml_representer_puts_then_listing, cat="state"),
    _web(yaml_safe_load_decides_requests, over(0.15, 0.03)),
    # msgpack
    _web(msgpack_default_reads_then_put),
    _web(msgpack_ext_hook_fetches),
    _web(msgpack_object_hook_prints, over(0.15, 0.03)),
    _web(msgpack_packer_stream_puts),
    # pickle / copyreg
    _web(pickle_loads_calls_reduce_target),
    _web(pickle_setstate_reconnects),
    _web(pickle_persistent_load_reads),
    _web(pickle_dump_into_uploader),
    _web(copyreg_reducer_puts_export, cat="state"),
    # copy
    _web(deepcopy_snapshots_between_puts),
    _web(copy_copy_prints_between_gets),
    _web(asdict_deepcopies_field),
    # formatting
    _web(template_substitute_user_mapping),
    _web(template_safe_substitute_kwargs_override),
    _web(percent_mapping_reads),
    _web(format_attr_field_property_reads),
    _web(format_index_field_getitem_reads),
    _web(percent_s_user_str_reads),
    _web(fstring_conversion_str_in_log),
    # hashing / base64
    _web(file_digest_of_remote_reader),
    _web(base64_encode_user_streams),
    _web(hash_bytearray_refilled_between_puts, cat="state"),
    _web(b64_of_memoryview_slice_sent, cat="state"),
    # SDK and async
    _both(chat_prompt_from_encoder_reads),
    _both(chat_reply_parsed_with_hook_decides),
    Case("http", async_hook_reads_sync, drive=_aio_web, servers="web"),
    Case("http", async_decode_errors_handler_puts, drive=_aio_web, servers="web"),
    Case("http", async_unpack_record_then_get, drive=_aio_web, servers="web"),
    Case("http", async_gather_then_dumps_default_str, drive=_aio_web, servers="web",
         ideal=(0.15 + 0.03 + 0.03) / (0.15 + 0.03)),
    _both(chat_prompt_formatted_from_audited_record),
    _both(chat_reply_decoded_with_handler_then_get),
]

CASES += [
    _web(default_str_runs_user_str_after_put),
    _web(default_repr_runs_user_repr_put),
    _web(default_list_iterates_user_pages),
    _web(default_dict_reads_user_mapping),
    _web(default_float_runs_user_float),
    _web(dumps_dict_subclass_items_reads),
    _web(dumps_dict_subclass_items_puts),
    _web(dumps_dict_subclass_indent_prints),
    _web(loads_bytes_subclass_decode_puts),
    _web(default_str_on_plain_types_overlaps, over(0.15, 0.03)),
    _web(default_str_user_str_prints_between),
]

CASES += [
    _web(quote_str_subclass_encode_puts),
    _web(b64decode_str_subclass_encode_puts),
    _web(urlencode_dict_subclass_items_reads, cat="http"),
    _web(urlencode_user_mapping_reads, cat="http"),
    _web(loads_bytearray_subclass_decode_puts),
    _web(loads_bytes_subclass_decode_reads),
    _web(capwords_str_subclass_split_prints),
    _web(shorten_str_subclass_strip_puts),
]

CASES += [
    _web(hw_default_str_puts),
    _web(hw_default_float_puts),
    _web(hw_default_list_puts),
    _web(hw_default_sorted_puts),
    _web(hw_default_bytes_hex_puts),
    _web(hw_list_subclass_iter_indent_puts),
    _web(hw_list_subclass_iter_compact_no_call),
    _web(hw_loads_str_subclass_startswith_puts),
    _web(hw_template_mapping_getitem_puts),
    _web(hw_format_map_dict_subclass_puts),
    _web(hw_deepcopy_hook_puts),
    _web(hw_pickle_getstate_puts),
    _web(hw_msgpack_dict_subclass_items_puts),
    _web(hw_yaml_dump_dict_subclass_items_puts),
    _web(hw_helper_parses_with_subclass),
]

CASES += [
    _web(local_class_copy_annotated_own_type),
    _web(local_class_from_json_classmethod, over(0.15, 0.03), cat="http"),
    _web(local_encoder_annotated_forward_ref),
    _web(local_config_merge_annotated, over(0.15, 0.03)),
    _web(local_class_method_annotated_minimal),
    _web(lazy_iterencode_consumed_after_get),
    _web(lazy_map_partial_dumps_default_str),
    _web(lazy_yaml_load_all_after_get, cat="state"),
    _web(comprehension_dumps_default_str_puts),
    _web(sorted_key_dumps_default_str),
    _web(helpers_hooks_append_global_in_order, cat="state", setup=_reset_seen),
    _web(helpers_default_str_appends_class_log, cat="state", setup=_reset_noted),
    _web(helpers_setstate_registers_in_order, cat="state", setup=_reset_registry),
    _web(helpers_bytes_subclass_decode_appends, cat="state", setup=_reset_decoded),
]

CASES += [
    _web(decode_errors_handler_puts),
    _web(encode_errors_handler_puts),
    _web(str_of_bytes_errors_handler_puts),
    _web(quote_errors_handler_puts),
    _web(bytes_of_text_errors_handler_puts),
    _web(str_of_bytes_user_codec_puts),
    _web(encode_user_codec_method_puts),
    _web(decode_errors_replace_overlaps, over(0.15, 0.03)),
    _web(helpers_decode_handler_appends_in_order, cat="state", setup=_reset_bad),
    _web(textwrap_indent_predicate_puts),
    _web(textwrap_indent_predicate_counts, over(0.15, 0.03), cat="state"),
    _web(loads_raises_after_read_allowance, cat="validation", speculative_reads=True),
    _web(loads_raises_in_try_fallback_put, cat="validation"),
]

CASES += [
    _web(unpack_record_into_dict_display_dumps),
    _web(unpack_record_into_format_kwargs),
    _web(unpack_record_into_dict_call),
    _web(unpack_record_into_dict_call_plain),
]

# Differed under jit when written, fixed since: stop 29 (docs/jit.md: builtins that call your dunders, busy waits, codecs)
FIXED_WHY: dict[str, str] = {
    "async_decode_errors_handler_puts": (
        "async: `b'...'.decode('ascii', 'rt76_audit')` between two awaited GETs; the "
        "second GET (of eh-bad) is sent before the handler's PUT"),
    "async_unpack_record_then_get": (
        "async: `json.dumps({**record})` between two awaited GETs; the GET of pii-read is "
        "sent before the unpacking's `__getitem__` PUTs"),
    "chat_prompt_formatted_from_audited_record": (
        "`prompt = '...'.format(**record)` after a slow model call: the GET of pii-read at "
        "the end is sent at the start, before the unpacking's PUTs (the second model "
        "call, which needs the prompt, keeps its place)"),
    "chat_reply_decoded_with_handler_then_get": (
        "a slow model call, a decode through the auditing error handler (a PUT), a GET of "
        "its key: the GET is sent beside the model call, before the PUT"),
    "unpack_record_into_dict_display_dumps": (
        "`json.dumps({**record, 'v': 1})`: the `**` unpacking of a Mapping of the user's "
        "calls its `__getitem__` (a PUT of pii-read), which the analysis does not see: the "
        "GET of pii-read after it starts beside the slow GET, before the PUT"),
    "unpack_record_into_format_kwargs": (
        "the same through `'Dear {name}'.format(**record)`"),
    "unpack_record_into_dict_call": (
        "the same through `dict(**record)` (while `dict(record)`, in "
        "unpack_record_into_dict_call_plain, is seen and passes)"),
    "decode_errors_handler_puts": (
        "`text = raw.decode('ascii', errors='rt76_audit')`: a handler registered with "
        "codecs.register_error runs (a PUT of eh-bad), but the decode is taken as pure (the "
        "rule checks the codec, not the error handler), so the GET of eh-bad after it "
        "starts beside the slow GET, before the PUT"),
    "encode_errors_handler_puts": (
        "the same with `str.encode('ascii', 'rt76_audit')`: the GET of eh-bad starts "
        "before the handler's PUT"),
    "str_of_bytes_errors_handler_puts": (
        "the same with the builtin `str(raw, 'ascii', 'rt76_audit')`"),
    "bytes_of_text_errors_handler_puts": (
        "the same with the builtin `bytes(text, 'ascii', 'rt76_audit')` (two PUTs, one per "
        "accented character)"),
    "str_of_bytes_user_codec_puts": (
        "`str(raw, 'rt76_rot13')`: a codec registered with codecs.register decodes (a "
        "PUT of eh-codec); the builtin str()/bytes() conversions are taken as pure whatever "
        "the codec (the `.encode('rt76_rot13')` method's rule does check it, and "
        "encode_user_codec_method_puts passes): the GET of eh-codec starts before the PUT"),
    "helpers_decode_handler_appends_in_order": (
        "two helpers, slow first, each GET then `raw.decode('ascii', 'rt76_note')` whose "
        "handler appends to a global list: jitted, the helpers overlap and the fast one "
        "appends first ([2, 0] for [0, 2])"),
    "hw_deepcopy_hook_puts": (
        "crash, NameError 'cannot access free variable Doc': a local class whose "
        "`__deepcopy__(self, memo) -> Doc` names itself; the module has `from __future__ "
        "import annotations`, but the jitted function evaluates the annotation when the "
        "class body runs (as if compiled without the future flag), before Doc is bound"),
    "local_class_method_annotated_minimal": (
        "the smallest shape of the one above: `class Doc: def same(self) -> Doc: return "
        "self`, `twin = Doc().same()`, one GET: NameError under jit (fine when the method "
        "is not called in the function, or not annotated; local_config_merge_annotated, "
        "which calls `base.merged(extra)` on instances bound first, passes)"),
    "hw_helper_parses_with_subclass": (
        "a helper GETs then `json.loads(RemoteBytes(raw))` (its decode PUTs rb-decoded); "
        "the GET of rb-decoded after the helper starts beside it, before the PUT"),
    "helpers_bytes_subclass_decode_appends": (
        "two helpers, slow first, each `json.loads` a bytes subclass whose decode appends "
        "to a class list: jitted, the helpers overlap and the fast one appends first "
        "([34, 52] for [52, 34]): json.loads over bytes is taken as pure"),
    "loads_bytes_subclass_decode_puts": (
        "`doc = json.loads(RemoteBytes(...))`: json.loads calls the bytes subclass's own "
        "`decode` (a PUT of rb-decoded), but json.loads is taken as pure over a bytes "
        "argument, so the GET of rb-decoded after it starts beside the slow GET before "
        "the PUT (old value)"),
    "textwrap_indent_predicate_puts": (
        "`textwrap.indent(text, '> ', predicate=quoted)`: textwrap's functions are taken "
        "as pure, but the predicate is the user's (a PUT of tw-pred); the GET of tw-pred "
        "after it starts beside the slow GET, before the PUT"),
}

FAILING_WHY: dict[str, str] = {
    "loads_bytearray_subclass_decode_puts": (
        "the same with a bytearray subclass defined in the function: `json.loads(buf)` runs "
        "Buf.decode (a PUT); the GET of bb-decoded after it starts before that PUT"),
}

FAILING: list[Case] = [c for c in CASES if c.name in FAILING_WHY]
CASES = [c for c in CASES if c.name not in FAILING_WHY]
