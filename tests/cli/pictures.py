"""Content checks for the pictures, shared by `tests/viz` and the CLI tests.

HTML and SVG are parsed (bars counted, labels read, the critical path found by class);
PNGs are decoded with Pillow when it is installed (it comes with matplotlib), else checked
by their header and the size of their decompressed pixel data; HTML is rendered by headless
Chromium when ``/usr/bin/chromium`` exists.
"""

from __future__ import annotations

import html.parser
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

SVG_NS = "{http://www.w3.org/2000/svg}"
BAR_BLUE = (0x4C, 0x78, 0xA8)
CRITICAL_RED = (0xE4, 0x57, 0x56)
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                             shutil.which("chromium-browser") or "") if p and Path(p).exists()),
                None)


# ----------------------------------------------------------------------------- SVG / HTML


def svgs(page: str) -> list[ET.Element]:
    """Every inline ``<svg>`` of an HTML page, parsed as XML (it must be well-formed)."""
    return [ET.fromstring(m) for m in re.findall(r"<svg\b.*?</svg>", page, flags=re.S)]


def classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def bars(svg: ET.Element) -> list[ET.Element]:
    """The timeline's call bars (``rect.bar``), in drawing order."""
    return [r for r in svg.iter(f"{SVG_NS}rect") if "bar" in classes(r)]


def critical(svg: ET.Element) -> list[ET.Element]:
    return [r for r in bars(svg) if "critical" in classes(r)]


def nodes(svg: ET.Element) -> list[ET.Element]:
    """The graph's operation boxes (``g.node``)."""
    return [g for g in svg.iter(f"{SVG_NS}g") if "node" in classes(g)]


def edges(svg: ET.Element) -> list[ET.Element]:
    return [p for p in svg.iter(f"{SVG_NS}path") if "edge" in classes(p)]


def text(svg: ET.Element) -> str:
    """All visible text (``<text>`` elements), joined by newlines."""
    return "\n".join("".join(t.itertext()) for t in svg.iter(f"{SVG_NS}text"))


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def html_tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    parser.close()
    return parser.tags


def assert_self_contained(page: str) -> None:
    """No scripts, no stylesheets or images from elsewhere, no remote URLs at all."""
    for tag, attrs in html_tags(page):
        assert tag not in ("script", "link", "img", "iframe", "object", "embed"), tag
        for name, value in attrs.items():
            if name in ("href", "src", "xlink:href"):
                assert value is not None and not re.match(r"\w+:", value), (tag, name, value)
    without_ns = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "http://" not in without_ns and "https://" not in without_ns
    assert "@import" not in page
    assert all(u.startswith("#") for u in re.findall(r"url\(([^)]*)\)", page))


# ----------------------------------------------------------------------------- PNG


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _idat(data: bytes) -> tuple[bytes, int, int, int, int]:
    pos, idat = 8, b""
    width = height = depth = colour = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", chunk[:10])
        elif kind == b"IDAT":
            idat += chunk
        elif kind == b"IEND":
            break
    return zlib.decompress(idat), width, height, depth, colour


def colour_counts(path: Path) -> dict[tuple[int, int, int], int] | None:
    """Pixel colours and how many of each, via Pillow; None when Pillow is missing."""
    try:
        from PIL import Image
    except ImportError:
        return None
    with Image.open(path) as img:
        rgb = img.convert("RGB")
        return {c: n for n, c in rgb.getcolors(maxcolors=1 << 24)}


def near(counts: dict[tuple[int, int, int], int], colour: tuple[int, int, int],
         tol: int = 8) -> int:
    """How many pixels are within `tol` of `colour` in every channel."""
    return sum(n for c, n in counts.items() if all(abs(a - b) <= tol for a, b in
                                                    zip(c, colour, strict=True)))


def assert_png_has_content(path: Path, colours: tuple[tuple[int, int, int], ...] = ()) -> None:
    """A real picture: decodes, is not one flat colour, and shows each of `colours`."""
    data = Path(path).read_bytes()
    width, height = png_size(data)
    assert width >= 200 and height >= 100, (width, height)
    counts = colour_counts(Path(path))
    if counts is None:  # no Pillow: the pixel data must at least be there and vary
        raw, w, h, depth, colour = _idat(data)
        channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour] * (depth // 8)
        assert len(raw) == h * (1 + w * channels)
        assert len(set(raw[: 1 << 20])) > 8
        return
    assert len(counts) > 8, "the picture is (nearly) one flat colour"
    background = max(counts.values())
    assert background < 0.97 * width * height, "almost every pixel is the background"
    for c in colours:
        assert near(counts, c) >= 50, f"no area of colour {c} in {path}"


def render_html(page: Path, out: Path, size: tuple[int, int] = (1100, 1400)) -> Path:
    """Screenshot `page` with headless Chromium (callers skip when `CHROMIUM` is None)."""
    assert CHROMIUM is not None
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         # No network here: no background fetches, updates or sync.
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run",
         f"--user-data-dir={out.parent / 'chromium-profile'}",
         f"--window-size={size[0]},{size[1]}", f"--screenshot={out}", page.resolve().as_uri()],
        check=True, capture_output=True, timeout=60,
    )
    return out
