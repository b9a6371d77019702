"""Content parts from plain Python values: an image given as bytes, a path or a URL.

In a message's list of content parts, a `str` is a text part and `bytes` or a
`pathlib.Path` is an image; `image(...)` makes an image part from any of those or a URL.
Parts are kept in OpenAI's form (``image_url`` with a URL, or a ``data:`` URL holding the
bytes in base64); each wire maps them to its own (the Anthropic wire to ``image`` blocks
with a ``base64`` or ``url`` source).
"""

from __future__ import annotations

import base64
import mimetypes
import os
from pathlib import Path
from typing import Any

from ember._errors import InvalidMessage

__all__ = ["data_url", "image", "part_of", "split_data_url"]

_MAGIC = ((b"\x89PNG", "image/png"), (b"\xff\xd8\xff", "image/jpeg"), (b"GIF8", "image/gif"),
          (b"RIFF", "image/webp"))


def _media_type(raw: bytes, name: str | None) -> str:
    for magic, kind in _MAGIC:
        if raw.startswith(magic):
            return kind
    guessed = mimetypes.guess_type(name)[0] if name else None
    return guessed or "image/png"


def data_url(raw: bytes, media_type: str) -> str:
    """``data:<media_type>;base64,<raw in base64>``."""
    return f"data:{media_type};base64,{base64.b64encode(raw).decode()}"


def split_data_url(url: str) -> tuple[str, str] | None:
    """(media type, base64 data) of a ``data:`` URL; None for any other URL.

    Examples:
        >>> split_data_url("data:image/png;base64,AAAA")
        ('image/png', 'AAAA')
    """
    if not url.startswith("data:"):
        return None
    head, _, data = url[5:].partition(",")
    return head.split(";")[0] or "application/octet-stream", data


def image(source: bytes | str | os.PathLike[str], *, media_type: str | None = None,
          detail: str | None = None) -> dict[str, Any]:
    """An image content part: from bytes, a file path, or an ``http(s)``/``data:`` URL.

    Args:
        source: the image's bytes, a path to its file, or a URL.
        media_type: e.g. ``"image/jpeg"``; guessed from the bytes or the file name if None.
        detail: OpenAI's ``"low"``/``"high"``/``"auto"`` (other wires ignore it).

    Raises:
        InvalidMessage: the path cannot be read.

    Examples:
        >>> image("https://example.com/cat.png")
        {'type': 'image_url', 'image_url': {'url': 'https://example.com/cat.png'}}
        >>> image(b"\\x89PNG...")["image_url"]["url"][:22]
        'data:image/png;base64,'
    """
    if isinstance(source, str) and source.startswith(("http://", "https://", "data:")):
        url = source
    else:
        if isinstance(source, bytes | bytearray):
            raw, name = bytes(source), None
        else:
            path = Path(source)
            try:
                raw = path.read_bytes()
            except OSError as exc:
                raise InvalidMessage(f"image {str(path)!r} cannot be read ({exc.strerror}). "
                                     "Fix: pass an existing file, its bytes or a URL.",
                                     index=-1) from None
            name = path.name
        url = data_url(raw, media_type or _media_type(raw, name))
    inner: dict[str, Any] = {"url": url}
    if detail is not None:
        inner["detail"] = detail
    return {"type": "image_url", "image_url": inner}


def part_of(value: Any) -> Any:
    """A content-list item as a part: str -> text, bytes or a Path -> image, others as is."""
    if isinstance(value, str):
        return {"type": "text", "text": value}
    if isinstance(value, bytes | bytearray | os.PathLike):
        return image(value)
    return value
