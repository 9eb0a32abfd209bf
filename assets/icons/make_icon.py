"""Draws the MDT Assistant icon (three people around a table) as RGBA PNGs, no libraries needed.

Run: python3 assets/icons/make_icon.py  (writes src-tauri/icons/*.png)
"""
import math
import struct
import zlib
from pathlib import Path

TEAL = (14, 94, 104)
WHITE = (255, 255, 255)
AMBER = (244, 179, 61)


def coverage(size, x, y, inside):
    # 4x4 supersampling for smooth edges.
    hits = sum(inside((x + (i + 0.5) / 4) / size, (y + (j + 0.5) / 4) / size) for i in range(4) for j in range(4))
    return hits / 16


def rounded_square(u, v, r=0.2):
    dx = max(r - u, 0, u - (1 - r))
    dy = max(r - v, 0, v - (1 - r))
    return dx * dx + dy * dy <= r * r


def circle(cx, cy, rad):
    return lambda u, v: (u - cx) ** 2 + (v - cy) ** 2 <= rad * rad


HEADS = [circle(0.5 + 0.27 * math.cos(a), 0.52 + 0.27 * math.sin(a), 0.085) for a in (-math.pi / 2, math.pi / 6, 5 * math.pi / 6)]
TABLE = circle(0.5, 0.52, 0.13)


def pixel(size, x, y):
    bg = coverage(size, x, y, rounded_square)
    if bg == 0:
        return (0, 0, 0, 0)
    head = coverage(size, x, y, lambda u, v: any(h(u, v) for h in HEADS))
    table = coverage(size, x, y, TABLE)
    colour = [TEAL[i] * (1 - head - table) + WHITE[i] * head + AMBER[i] * table for i in range(3)]
    return (*[round(c) for c in colour], round(255 * bg))


def png(size):
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(size, x, y)) for x in range(size)) for y in range(size))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(__file__).resolve().parents[2] / "src-tauri" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    for name, size in [("32x32.png", 32), ("128x128.png", 128), ("icon.png", 256)]:
        (out / name).write_bytes(png(size))
        print("wrote", out / name)
