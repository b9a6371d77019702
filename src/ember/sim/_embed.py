"""Deterministic embedding vectors: unit length, the same text always the same vector, and
texts that share words closer than texts that do not (each word adds to a few signed
dimensions chosen by its hash, as the hashing trick does)."""

from __future__ import annotations

import base64
import hashlib
import math
import struct

from ._text import count_tokens

__all__ = ["DEFAULT_DIMENSIONS", "embedding", "encode_base64", "input_tokens"]

DEFAULT_DIMENSIONS = 1536  # text-embedding-3-small's length
_SPOTS = 8  # dimensions each word touches


def embedding(model: str, text: str, dimensions: int = DEFAULT_DIMENSIONS) -> list[float]:
    """The unit vector of `text` under `model`.

    Examples:
        >>> v = embedding("emb", "red apples", 8)
        >>> round(sum(x * x for x in v), 6), v == embedding("emb", "red apples", 8)
        (1.0, True)
    """
    vector = [0.0] * dimensions
    words = [w.lower() for w in text.split()] or [""]
    for word in words:
        digest = hashlib.blake2b(f"{model}\0{word}".encode(), digest_size=4 * _SPOTS).digest()
        for spot in range(_SPOTS):
            (n,) = struct.unpack_from("<I", digest, 4 * spot)
            vector[n % dimensions] += 1.0 if n & 0x80000000 else -1.0
    norm = math.sqrt(sum(x * x for x in vector)) or 1.0
    return [x / norm for x in vector]


def encode_base64(vector: list[float]) -> str:
    """The vector as OpenAI's `encoding_format: "base64"` sends it: little-endian float32."""
    return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode()


def input_tokens(texts: list[str]) -> int:
    """The prompt tokens of an embeddings request."""
    return sum(count_tokens(t) for t in texts)
