#!/usr/bin/env python3
"""Draws the test images of tests/sign: a blue signature scribble and a red round seal, both
RGBA PNGs with transparent backgrounds. Run from this folder; writes signature.png, seal.png."""
import math
import struct
import zlib


def write_png(path, width, height, pixel):
    """pixel(x, y) -> (r, g, b, a); one filter byte (none) per row."""
    rows = bytearray()
    for y in range(height):
        rows.append(0)
        for x in range(width):
            rows.extend(pixel(x, y))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    with open(path, "wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


def coverage(distance, half_width):
    """Anti-aliased ink: 1 inside the stroke, fading over one pixel."""
    return max(0.0, min(1.0, half_width + 0.5 - distance))


def signature(width=300, height=120):
    """A looping scribble and an underline, as a parametric curve sampled densely."""
    points = []
    for i in range(1200):
        t = i / 1199
        x = 20 + 250 * t
        y = 60 + 28 * math.sin(t * 9 * math.pi) * (1 - 0.5 * t) + 10 * math.cos(t * 23)
        points.append((x, y))
    points += [(40 + 220 * i / 199, 100 + 4 * math.sin(i / 20)) for i in range(200)]
    ink = [[0.0] * width for _ in range(height)]
    for px, py in points:
        for y in range(int(py) - 3, int(py) + 4):
            for x in range(int(px) - 3, int(px) + 4):
                if 0 <= x < width and 0 <= y < height:
                    ink[y][x] = max(ink[y][x], coverage(math.hypot(x - px, y - py), 1.6))
    return width, height, lambda x, y: (20, 40, 170, int(255 * ink[y][x]))


def seal(size=240):
    """Two red rings, a five-pointed star in the middle, a ring of dots for the lettering."""
    c = size / 2

    def in_star(x, y):
        angle = math.atan2(y - c, x - c)
        r = math.hypot(x - c, y - c)
        k = (angle + math.pi / 2) % (2 * math.pi / 5) / (2 * math.pi / 5)
        outer, inner = 40, 16
        edge = inner + (outer - inner) * abs(1 - 2 * k)
        return r <= edge

    def pixel(x, y):
        r = math.hypot(x - c, y - c)
        a = max(coverage(abs(r - 112), 4), coverage(abs(r - 96), 1.5))
        angle = math.atan2(y - c, x - c)
        dots = coverage(math.hypot(r - 75, 75 * ((angle * 24 / (2 * math.pi)) % 1 - 0.5)), 3.5) if 60 < r < 90 else 0
        a = max(a, dots, 1.0 if in_star(x, y) else 0.0)
        return (210, 20, 30, int(230 * a))

    return size, size, pixel


if __name__ == "__main__":
    write_png("signature.png", *signature())
    write_png("seal.png", *seal())
