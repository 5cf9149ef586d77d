"""Draws images/icon.png (128x128): a white shield with a check mark on a blue rounded square.

    python3 scripts/icon.py      # from editors/vscode; only the standard library is needed
"""

import struct
import zlib
from pathlib import Path

SIZE = 128
SS = 4  # supersampling per axis, for smooth edges
BLUE = (41, 181, 232)
DARK = (17, 86, 140)
WHITE = (255, 255, 255)


def inside_rounded_square(x, y, r=26):
    cx = min(max(x, r), SIZE - r)
    cy = min(max(y, r), SIZE - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def inside_shield(x, y):
    # Flat top with rounded shoulders, sides curving to a point at the bottom.
    top, bottom, half = 24.0, 108.0, 38.0
    if y < top or y > bottom:
        return False
    t = (y - top) / (bottom - top)
    width = half if t < 0.45 else half * (1 - ((t - 0.45) / 0.55) ** 1.6)
    return abs(x - SIZE / 2) <= width


def near_segment(x, y, ax, ay, bx, by, w):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    px, py = ax + t * dx, ay + t * dy
    return (x - px) ** 2 + (y - py) ** 2 <= w * w


def in_check(x, y):
    return near_segment(x, y, 44, 64, 58, 80, 6.5) or near_segment(x, y, 58, 80, 86, 48, 6.5)


def pixel(px, py):
    acc = [0.0, 0.0, 0.0, 0.0]
    for sy in range(SS):
        for sx in range(SS):
            x = px + (sx + 0.5) / SS
            y = py + (sy + 0.5) / SS
            if not inside_rounded_square(x, y):
                continue
            if in_check(x, y) and inside_shield(x, y):
                color = DARK
            elif inside_shield(x, y):
                color = WHITE
            else:
                color = BLUE
            for i in range(3):
                acc[i] += color[i]
            acc[3] += 255
    n = SS * SS
    alpha = acc[3] / n
    if alpha == 0:
        return (0, 0, 0, 0)
    covered = acc[3] / 255
    return tuple(round(acc[i] / covered) for i in range(3)) + (round(alpha),)


def png(rows):
    raw = b"".join(b"\x00" + bytes(c for p in row for c in p) for row in rows)

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    rows = [[pixel(x, y) for x in range(SIZE)] for y in range(SIZE)]
    out = Path(__file__).resolve().parent.parent / "images" / "icon.png"
    out.write_bytes(png(rows))
    print(f"wrote {out}")
