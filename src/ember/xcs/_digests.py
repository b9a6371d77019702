"""Rules for the standard library's digests, encodings and name-based identifiers: `hashlib`
(a hash object's ``update`` changes it alone, its digests read it), `base64`'s and
`binascii`'s conversions (not `base64.encode`/`decode`, which use file objects),
`zlib`'s checksums and compression, and `uuid.uuid3`/`uuid5` (computed from their
arguments; `uuid1`/`uuid4` read the clock or the random source: no rule). Added as
`_effects` loads."""

from __future__ import annotations

import base64
import binascii
import hashlib
import uuid
import zlib

from ember.xcs._effects import Kind, Rule, attributes, methods, plain_properties, put_rule

__all__: list[str] = []


def _install() -> None:
    hashes = {type(hashlib.md5()), type(hashlib.blake2b()), type(hashlib.blake2s()),
              type(hashlib.sha3_256()), type(hashlib.shake_128())}
    for t in hashes:
        methods(t, {"update": Rule(Kind.CPU, "a hash's update() changes it alone", "receiver"),
                    "hexdigest": Rule(Kind.PURE, "reads a hash", returns=str),
                    "digest": Rule(Kind.PURE, "reads a hash", returns=bytes)},
                Rule(Kind.PURE, "reads a hash"))
    for name in sorted(hashlib.algorithms_guaranteed):
        fn = getattr(hashlib, name)
        put_rule(fn, Rule(Kind.PURE, f"hashlib.{name}() makes a hash", returns=type(fn())))
    put_rule(hashlib.new, Rule(Kind.PURE, "hashlib.new() makes a hash"))
    for module in (base64, binascii):
        for name, fn in vars(module).items():
            if name.endswith(("encode", "decode", "hexlify")) and name not in (
                    "encode", "decode") or name.startswith(("a2b_", "b2a_")):
                # (not base64.encode/decode: they read one file object and write another)
                put_rule(fn, Rule(Kind.PURE, f"{module.__name__}.{name}() computes",
                                  returns=bytes))
    for fn in (zlib.crc32, zlib.adler32, binascii.crc32, binascii.crc_hqx):
        put_rule(fn, Rule(Kind.PURE, f"zlib.{fn.__name__}() computes", returns=int))
    for fn in (zlib.compress, zlib.decompress):
        put_rule(fn, Rule(Kind.PURE, f"zlib.{fn.__name__}() computes", returns=bytes))
    for fn in (uuid.uuid3, uuid.uuid5):
        put_rule(fn, Rule(Kind.PURE, f"uuid.{fn.__name__}() computes from a name",
                          returns=uuid.UUID))
    put_rule(uuid.UUID, Rule(Kind.PURE, "makes a UUID", returns=uuid.UUID))
    methods(uuid.UUID, {}, Rule(Kind.PURE, "reads a UUID"))
    plain_properties(uuid.UUID)
    attributes(uuid.UUID, {"hex": str, "urn": str, "int": int, "bytes": bytes, "version": int})


_install()
