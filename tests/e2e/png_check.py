#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank, with nothing but the standard library.

usage: png_check.py FILE.png WIDTH
Exit 0 when the image is WIDTH pixels wide and shows a page: many distinct colours and
a fair share of pixels that differ from the most common (background) colour.
Exit 1 otherwise, with one line saying why.
"""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or interlace != 0 or colour not in (0, 2, 4, 6):
        raise ValueError("unsupported PNG (depth %d, colour type %d)" % (depth, colour))
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    prev = bytearray(stride)
    rows = []
    i = 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif kind == 2:
            line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif kind == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
        elif kind == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path, want_width = sys.argv[1], int(sys.argv[2])
    try:
        width, height, bpp, rows = decode(path)
    except (OSError, ValueError, zlib.error, TypeError, struct.error) as e:
        print("%s: cannot read: %s" % (path, e))
        return 1
    if width != want_width:
        print("%s: %d px wide, expected %d" % (path, width, want_width))
        return 1
    counts = {}
    for row in rows[::3]:
        for x in range(0, len(row), bpp * 3):
            px = row[x:x + bpp]
            counts[px] = counts.get(px, 0) + 1
    total = sum(counts.values())
    background = max(counts.values())
    ink = 1 - background / total
    if len(counts) < 20 or ink < 0.02:
        print("%s: looks blank: %d colours, %.2f%% of pixels off the background"
              % (path, len(counts), 100 * ink))
        return 1
    print("%s: %dx%d, %d colours, %.1f%% of pixels off the background"
          % (path, width, height, len(counts), 100 * ink))
    return 0


if __name__ == "__main__":
    sys.exit(main())
