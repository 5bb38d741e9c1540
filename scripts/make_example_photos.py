"""Draw the illustrative photos of the example study (docgen/data/contoh-foto-N.png).

They stand in for the team's own photos in the demo; pure Python, like make_logo.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_logo import png_from  # noqa: E402

W, H = 480, 320
OUT = Path(__file__).resolve().parent.parent / "docgen" / "data"

# (sky top, sky bottom, building colour, number of people)
SCENES = [
    ((96, 150, 210), (200, 225, 245), (180, 170, 150), 5),
    ((230, 230, 235), (250, 250, 250), (120, 130, 150), 8),
    ((60, 90, 140), (150, 180, 220), (90, 95, 105), 3),
    ((140, 190, 230), (230, 240, 250), (200, 120, 80), 6),
]


def scene(k: int):
    top, bottom, building, people = SCENES[k]

    def pixel(x: int, y: int) -> tuple[int, int, int, int]:
        t = y / H
        colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        floor = H * 0.72
        if y > floor:
            colour = (110, 110, 100) if k != 1 else (170, 150, 120)
        left, right, roof = W * 0.12, W * 0.88, H * (0.25 + 0.05 * k)
        if left < x < right and roof < y < floor:
            colour = building
            if (int(x - left) // 36) % 2 == 1 and (int(y - roof) // 30) % 2 == 1:
                colour = (70, 90, 120)
        for i in range(people):
            cx = W * (0.15 + 0.7 * (i + 0.5) / people)
            if (x - cx) ** 2 + (y - H * 0.64) ** 2 < 12 ** 2:
                colour = (60, 45, 40)
            if abs(x - cx) < 15 and H * 0.67 < y < H * 0.9:
                colour = (30 + 25 * (i % 3), 60, 90 + 20 * (i % 2))
        return (*colour, 255)

    return pixel


if __name__ == "__main__":
    for k in range(len(SCENES)):
        path = OUT / f"contoh-foto-{k + 1}.png"
        path.write_bytes(png_from(scene(k), W, H))
        print(path, path.stat().st_size)
