"""The two app icons Teams requires, drawn with the standard library (zlib + struct) as PNG bytes.

* ``color.png``: 192×192, a full-colour tile (white speech bubble with a heart on the accent colour);
* ``outline.png``: 32×32, white on a transparent background, as Teams requires.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable

ACCENT = (0x1F, 0x6F, 0x8B)
WHITE = (0xFF, 0xFF, 0xFF)

Pixel = tuple[int, int, int, int]


def png(width: int, height: int, pixel: Callable[[float, float], Pixel]) -> bytes:
    """An RGBA PNG whose pixel at (x, y) (each in 0..1, centre of the pixel) is ``pixel(x, y)``."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)  # filter: none
        for x in range(width):
            rows.extend(pixel((x + 0.5) / width, (y + 0.5) / height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )


def _heart(x: float, y: float) -> bool:
    """Inside a heart centred in the unit square (the classic implicit curve)."""
    u, v = (x - 0.5) * 3.0, (0.52 - y) * 3.0
    return (u * u + v * v - 1) ** 3 - u * u * v**3 <= 0


def _bubble(x: float, y: float) -> bool:
    """Inside a speech bubble: a disc with a small tail at the bottom left."""
    in_disc = math.hypot(x - 0.5, y - 0.46) <= 0.36
    in_tail = 0.18 <= x <= 0.36 and 0.70 <= y <= 0.88 and (y - 0.70) <= (0.36 - x) * 1.0
    return in_disc or in_tail


def color_icon() -> bytes:
    """192×192 full-colour icon."""

    def pixel(x: float, y: float) -> Pixel:
        if _bubble(x, y):
            inner_x, inner_y = (x - 0.5) / 0.5 + 0.5, (y - 0.46) / 0.5 + 0.5
            return (*ACCENT, 255) if _heart(inner_x, inner_y) else (*WHITE, 255)
        return (*ACCENT, 255)

    return png(192, 192, pixel)


def outline_icon() -> bytes:
    """32×32 outline icon: white heart on transparent."""

    def pixel(x: float, y: float) -> Pixel:
        return (*WHITE, 255) if _heart(x, y) else (0, 0, 0, 0)

    return png(32, 32, pixel)
