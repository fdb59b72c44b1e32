"""Made-up pictures for demo and benchmark data: flat, friendly illustrations drawn with Pillow on
the spot (a house with a coloured door, a street, a kitchen, a spare room, a garden, a pet, smiling
faces), so that no photo of anyone real and no binary file is kept in the repository. The same
seed draws the same picture; different seeds give other colours and layouts.

This app is the lowest layer and knows nothing of households or people: the demo steps of the apps
above choose what to draw and store it through `services.photo_add`, like any upload.
"""

import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

SIZE = (800, 600)
SCENES = ("faces", "house", "street", "kitchen", "bedroom", "garden", "pet")
PETS = ("cat", "dog", "hen")
DOOR_COLOURS = {
    "red": (196, 48, 43),
    "blue": (36, 92, 168),
    "green": (46, 125, 70),
    "yellow": (232, 183, 35),
    "purple": (120, 70, 150),
    "black": (45, 45, 50),
    "teal": (20, 128, 128),
}

INK = (60, 50, 45)
SKY = (170, 215, 245)
GRASS = (120, 190, 90)
WALLS = [(246, 233, 210), (222, 236, 246), (233, 246, 228), (250, 228, 228), (240, 232, 250), (250, 244, 220)]
FLOORS = [(196, 154, 108), (170, 130, 95), (150, 150, 160), (215, 190, 150)]
BRICKS = [(178, 92, 70), (205, 160, 120), (236, 228, 214), (160, 120, 100), (220, 200, 170), (240, 240, 235)]
ROOFS = [(90, 70, 70), (70, 80, 95), (140, 70, 50), (60, 60, 60)]
SKIN = [(255, 224, 189), (234, 192, 134), (198, 134, 66), (141, 85, 36), (94, 60, 40)]
HAIR = [(40, 30, 25), (90, 60, 30), (200, 160, 80), (150, 60, 30), (185, 185, 185), (20, 20, 20)]
BRIGHT = [
    (230, 90, 80),
    (80, 150, 220),
    (90, 180, 110),
    (245, 190, 60),
    (170, 110, 200),
    (240, 140, 180),
    (60, 170, 170),
]
FURS = [(60, 55, 50), (210, 140, 70), (240, 235, 225), (130, 100, 80), (30, 30, 30)]


def _soft(colour, amount=0.55):
    """A paler shade of `colour`, for backgrounds."""
    return tuple(int(c + (255 - c) * amount) for c in colour)


def _window(d, box, frame=(255, 255, 255), glass=SKY):
    x0, y0, x1, y1 = box
    d.rectangle(box, fill=glass, outline=frame, width=8)
    d.line([((x0 + x1) // 2, y0), ((x0 + x1) // 2, y1)], fill=frame, width=6)
    d.line([(x0, (y0 + y1) // 2), (x1, (y0 + y1) // 2)], fill=frame, width=6)


def _sun(d, centre, radius=45):
    x, y = centre
    for i in range(12):
        dx, dy = [(1, 0), (0.87, 0.5), (0.5, 0.87), (0, 1), (-0.5, 0.87), (-0.87, 0.5)][i % 6]
        sign = 1 if i < 6 else -1
        d.line(
            [(x + sign * dx * (radius + 10), y + sign * dy * (radius + 10))]
            + [(x + sign * dx * (radius + 30), y + sign * dy * (radius + 30))],
            fill=(250, 200, 40),
            width=6,
        )
    d.ellipse([x - radius, y - radius, x + radius, y + radius], fill=(252, 215, 60))


def _tree(d, rng, x, ground, height=260):
    d.rectangle([x - 18, ground - height // 2, x + 18, ground], fill=(120, 80, 50))
    green = rng.choice([(70, 150, 70), (60, 130, 80), (95, 165, 75)])
    r = height // 4
    for dx, dy in [(-r, -height // 2), (r, -height // 2), (0, -height // 2 - r), (0, -height // 2 + r // 3)]:
        d.ellipse([x + dx - r, ground + dy - r, x + dx + r, ground + dy + r], fill=green)
    if rng.random() < 0.5:  # an apple tree
        for _ in range(6):
            ax, ay = x + rng.randint(-r, r), ground - height // 2 - rng.randint(-r // 2, r)
            d.ellipse([ax - 9, ay - 9, ax + 9, ay + 9], fill=(210, 50, 40))


def _house_front(d, rng, left, right, top, bottom, door, *, windows=True):
    d.rectangle([left, top, right, bottom], fill=rng.choice(BRICKS), outline=INK, width=3)
    middle = (left + right) // 2
    d.polygon(
        [(left - 25, top), (middle, top - (right - left) // 3), (right + 25, top)], fill=rng.choice(ROOFS)
    )
    chimney = left + (right - left) // 4
    d.rectangle([chimney - 15, top - (right - left) // 4, chimney + 15, top - 20], fill=rng.choice(BRICKS))
    width = (right - left) // 7
    d.rectangle([middle - width, bottom - width * 3, middle + width, bottom], fill=DOOR_COLOURS[door])
    d.ellipse(
        [
            middle + width // 2 - 6,
            bottom - width * 3 // 2 - 6,
            middle + width // 2 + 6,
            bottom - width * 3 // 2 + 6,
        ],
        fill=(240, 200, 80),
    )
    if windows:
        pane = (right - left) // 5
        for x in (left + pane // 2, right - pane // 2 - pane):
            _window(d, [x, top + 30, x + pane, top + 30 + pane])
            _window(d, [x, bottom - pane - 40, x + pane, bottom - 40])


def _house(d, rng, w, h, door="red", **_):
    d.rectangle([0, 0, w, h], fill=SKY)
    d.rectangle([0, h * 78 // 100, w, h], fill=GRASS)
    _sun(d, (w * 86 // 100, h * 15 // 100))
    left, right, bottom = w * 22 // 100, w * 78 // 100, h * 84 // 100
    _house_front(d, rng, left, right, h * 40 // 100, bottom, door)
    d.polygon(
        [(w // 2 - 45, bottom), (w // 2 + 45, bottom), (w // 2 + 80, h), (w // 2 - 80, h)],
        fill=(190, 185, 180),
    )
    for x in (left - 60, right + 60):
        d.ellipse([x - 45, bottom - 60, x + 45, bottom + 10], fill=(80, 160, 80))


def _street(d, rng, w, h, door="red", **_):
    d.rectangle([0, 0, w, h], fill=SKY)
    d.rectangle([0, h * 80 // 100, w, h], fill=(120, 120, 125))
    d.rectangle([0, h * 76 // 100, w, h * 80 // 100], fill=(200, 195, 190))
    for x in range(20, w, 120):
        d.rectangle([x, h * 90 // 100 - 4, x + 60, h * 90 // 100 + 4], fill=(245, 245, 245))
    doors = list(DOOR_COLOURS)
    for i, left in enumerate(range(30, w - 200, 200)):
        colour = door if i == 1 else rng.choice(doors)
        _house_front(d, rng, left, left + 170, h * 45 // 100, h * 76 // 100, colour)
    _tree(d, rng, w - 95, h * 76 // 100, height=240)


def _kitchen(d, rng, w, h, **_):
    d.rectangle([0, 0, w, h], fill=rng.choice(WALLS))
    d.rectangle([0, h * 62 // 100, w, h], fill=rng.choice(FLOORS))
    _window(d, [w * 38 // 100, h * 8 // 100, w * 62 // 100, h * 36 // 100])
    cupboard = rng.choice(BRIGHT)
    top = h * 42 // 100
    d.rectangle([0, top, w, top + 18], fill=(230, 230, 225), outline=INK, width=2)
    for x in range(0, w, 100):
        d.rectangle([x + 4, top + 18, x + 96, h * 62 // 100], fill=cupboard, outline=INK, width=2)
        d.ellipse([x + 44, top + 40, x + 56, top + 52], fill=INK)
    d.rectangle([60, top - 12, 180, top], fill=(80, 80, 85))  # the hob
    d.rounded_rectangle([85, top - 60, 165, top - 12], radius=10, fill=rng.choice(BRIGHT))  # a pan
    table = (160, 110, 70)
    d.rectangle([w * 25 // 100, h * 70 // 100, w * 75 // 100, h * 76 // 100], fill=table)
    for x in (w * 27 // 100, w * 71 // 100):
        d.rectangle([x, h * 76 // 100, x + 16, h * 96 // 100], fill=table)
    chairs = rng.choice(BRIGHT)
    for x in (w * 12 // 100, w * 80 // 100):
        d.rectangle([x, h * 60 // 100, x + 70, h * 82 // 100], fill=chairs, outline=INK, width=2)
        d.rectangle([x + 4, h * 82 // 100, x + 14, h * 97 // 100], fill=chairs)
        d.rectangle([x + 56, h * 82 // 100, x + 66, h * 97 // 100], fill=chairs)
    d.pieslice([w // 2 - 70, h * 58 // 100, w // 2 + 70, h * 78 // 100], 180, 360, fill=(240, 240, 240))
    for dx, colour in [(-35, (220, 60, 50)), (0, (250, 200, 40)), (35, (110, 180, 60))]:
        d.ellipse([w // 2 + dx - 22, h * 62 // 100, w // 2 + dx + 22, h * 68 // 100 + 8], fill=colour)
    d.line([(w // 2, 0), (w // 2, h * 6 // 100)], fill=INK, width=3)


def _bedroom(d, rng, w, h, **_):
    d.rectangle([0, 0, w, h], fill=rng.choice(WALLS))
    d.rectangle([0, h * 68 // 100, w, h], fill=rng.choice(FLOORS))
    curtain = rng.choice(BRIGHT)
    _window(d, [w * 60 // 100, h * 10 // 100, w * 86 // 100, h * 45 // 100])
    d.rectangle([w * 55 // 100, h * 7 // 100, w * 61 // 100, h * 50 // 100], fill=curtain)
    d.rectangle([w * 85 // 100, h * 7 // 100, w * 91 // 100, h * 50 // 100], fill=curtain)
    d.rectangle(
        [w * 10 // 100, h * 12 // 100, w * 28 // 100, h * 30 // 100],
        fill=_soft(rng.choice(BRIGHT)),
        outline=INK,
        width=6,
    )
    duvet = rng.choice(BRIGHT)
    d.rounded_rectangle(
        [w * 8 // 100, h * 40 // 100, w * 16 // 100, h * 85 // 100], radius=12, fill=(150, 105, 70)
    )
    d.rounded_rectangle(
        [w * 10 // 100, h * 55 // 100, w * 52 // 100, h * 80 // 100],
        radius=16,
        fill=duvet,
        outline=INK,
        width=3,
    )
    d.rounded_rectangle(
        [w * 15 // 100, h * 50 // 100, w * 28 // 100, h * 58 // 100],
        radius=12,
        fill=(250, 250, 250),
        outline=INK,
        width=2,
    )
    d.rectangle([w * 12 // 100, h * 80 // 100, w * 15 // 100, h * 88 // 100], fill=(150, 105, 70))
    d.rectangle([w * 48 // 100, h * 80 // 100, w * 51 // 100, h * 88 // 100], fill=(150, 105, 70))
    d.rectangle(
        [w * 58 // 100, h * 58 // 100, w * 70 // 100, h * 80 // 100],
        fill=(175, 125, 85),
        outline=INK,
        width=2,
    )
    d.line([(w * 64 // 100, h * 46 // 100), (w * 64 // 100, h * 58 // 100)], fill=INK, width=4)
    d.polygon(
        [
            (w * 60 // 100, h * 46 // 100),
            (w * 68 // 100, h * 46 // 100),
            (w * 66 // 100, h * 38 // 100),
            (w * 62 // 100, h * 38 // 100),
        ],
        fill=(250, 220, 120),
    )
    d.ellipse(
        [w * 20 // 100, h * 86 // 100, w * 60 // 100, h * 98 // 100], fill=_soft(rng.choice(BRIGHT), 0.3)
    )


def _garden(d, rng, w, h, **_):
    d.rectangle([0, 0, w, h], fill=SKY)
    _sun(d, (w * 15 // 100, h * 16 // 100))
    fence = rng.choice([(170, 120, 80), (210, 200, 180), (120, 160, 140)])
    for x in range(0, w, 46):
        d.polygon(
            [
                (x, h * 62 // 100),
                (x + 20, h * 56 // 100),
                (x + 40, h * 62 // 100),
                (x + 40, h * 75 // 100),
                (x, h * 75 // 100),
            ],
            fill=fence,
        )
    d.rectangle([0, h * 72 // 100, w, h], fill=GRASS)
    _tree(d, rng, w * 70 // 100, h * 80 // 100, height=rng.randint(300, 380))
    for _ in range(14):
        x, y = rng.randint(20, w - 20), rng.randint(h * 80 // 100, h - 20)
        d.line([(x, y), (x, y + 25)], fill=(60, 130, 60), width=4)
        colour = rng.choice(BRIGHT)
        d.ellipse([x - 12, y - 12, x + 12, y + 12], fill=colour)
        d.ellipse([x - 4, y - 4, x + 4, y + 4], fill=(250, 230, 90))
    if rng.random() < 0.6:  # a bench
        bench = (150, 100, 60)
        d.rectangle([w * 12 // 100, h * 76 // 100, w * 38 // 100, h * 79 // 100], fill=bench)
        d.rectangle([w * 12 // 100, h * 68 // 100, w * 38 // 100, h * 71 // 100], fill=bench)
        for x in (w * 13 // 100, w * 36 // 100):
            d.rectangle([x, h * 68 // 100, x + 10, h * 88 // 100], fill=bench)


def _pet(d, rng, w, h, pet="cat", **_):
    if pet == "hen":
        d.rectangle([0, 0, w, h], fill=SKY)
        d.rectangle([0, h * 60 // 100, w, h], fill=GRASS)
        for offset, colour in [(-170, (160, 90, 50)), (150, rng.choice([(240, 235, 225), (60, 50, 45)]))]:
            cx, cy = w // 2 + offset, h * 62 // 100
            d.line([(cx - 20, cy + 60), (cx - 25, cy + 120)], fill=(230, 170, 40), width=6)
            d.line([(cx + 20, cy + 60), (cx + 25, cy + 120)], fill=(230, 170, 40), width=6)
            d.ellipse([cx - 110, cy - 70, cx + 90, cy + 80], fill=colour)
            d.polygon([(cx + 60, cy - 30), (cx + 130, cy - 120), (cx + 100, cy - 10)], fill=colour)
            d.ellipse([cx + 70, cy - 150, cx + 150, cy - 70], fill=colour)
            for dx in (0, 20, 40):
                d.ellipse([cx + 82 + dx, cy - 170, cx + 102 + dx, cy - 140], fill=(210, 40, 40))
            d.polygon([(cx + 148, cy - 115), (cx + 178, cy - 105), (cx + 148, cy - 95)], fill=(240, 180, 40))
            d.ellipse([cx + 118, cy - 125, cx + 130, cy - 113], fill=INK)
        return
    d.rectangle([0, 0, w, h], fill=rng.choice(WALLS))
    d.rectangle([0, h * 70 // 100, w, h], fill=rng.choice(FLOORS))
    d.ellipse(
        [w * 15 // 100, h * 78 // 100, w * 85 // 100, h * 98 // 100], fill=_soft(rng.choice(BRIGHT), 0.3)
    )
    fur = rng.choice(FURS)
    cx, cy = w // 2, h * 64 // 100
    if pet == "dog":
        d.line([(cx + 130, cy - 10), (cx + 200, cy - 90)], fill=fur, width=22)
        for x in (cx - 110, cx - 60, cx + 60, cx + 110):
            d.rectangle([x - 15, cy + 30, x + 15, cy + 130], fill=fur)
        d.ellipse([cx - 160, cy - 80, cx + 160, cy + 70], fill=fur)
        hx, hy = cx - 170, cy - 130
        d.ellipse([hx - 80, hy - 80, hx + 80, hy + 80], fill=fur)
        d.ellipse([hx - 130, hy - 10, hx - 50, hy + 40], fill=_soft(fur, 0.4))
        for ex in (hx - 80, hx + 55):
            d.ellipse(
                [ex - 20, hy - 60, ex + 30, hy + 60],
                fill=(max(0, fur[0] - 40), max(0, fur[1] - 40), max(0, fur[2] - 40)),
            )
        d.ellipse([hx - 135, hy, hx - 105, hy + 25], fill=INK)
        for ex in (hx - 30, hx + 15):
            d.ellipse([ex - 14, hy - 34, ex + 14, hy - 6], fill=(250, 250, 250))
            d.ellipse([ex - 7, hy - 27, ex + 7, hy - 13], fill=INK)
        d.rectangle([cx - 150, cy - 55, cx - 110, cy - 35], fill=rng.choice(BRIGHT))  # a collar
    else:
        d.arc([cx + 60, cy - 160, cx + 260, cy + 60], 270, 80, fill=fur, width=24)
        d.ellipse([cx - 150, cy - 70, cx + 170, cy + 110], fill=fur)
        hx, hy = cx - 120, cy - 110
        d.polygon([(hx - 75, hy - 30), (hx - 60, hy - 120), (hx - 10, hy - 65)], fill=fur)
        d.polygon([(hx + 75, hy - 30), (hx + 60, hy - 120), (hx + 10, hy - 65)], fill=fur)
        d.ellipse([hx - 85, hy - 80, hx + 85, hy + 75], fill=fur)
        eye = (120, 190, 90) if fur != (120, 190, 90) else (240, 200, 40)
        for ex in (hx - 38, hx + 38):
            d.ellipse([ex - 14, hy - 22, ex + 14, hy + 6], fill=eye)
            d.ellipse([ex - 4, hy - 18, ex + 4, hy + 2], fill=INK)
        d.polygon([(hx - 10, hy + 14), (hx + 10, hy + 14), (hx, hy + 26)], fill=(235, 140, 150))
        for side in (-1, 1):
            for dy in (20, 32):
                d.line(
                    [(hx + side * 20, hy + dy), (hx + side * 75, hy + dy - 8)], fill=_soft(INK, 0.5), width=2
                )


def _faces(d, rng, w, h, faces=2, **_):
    d.rectangle([0, 0, w, h], fill=_soft(rng.choice(BRIGHT), 0.6))
    d.rectangle([0, h * 82 // 100, w, h], fill=_soft(rng.choice(BRIGHT), 0.3))
    faces = max(1, min(4, faces))
    step = w // (faces + 1)
    radius = min(130, step * 45 // 100)
    for i in range(faces):
        cx, cy = step * (i + 1), h * 45 // 100 + (18 if i % 2 else 0)
        shirt = rng.choice(BRIGHT)
        d.ellipse(
            [cx - radius * 16 // 10, cy + radius * 8 // 10, cx + radius * 16 // 10, cy + radius * 4],
            fill=shirt,
        )
        skin, hair = rng.choice(SKIN), rng.choice(HAIR)
        d.ellipse([cx - radius - 8, cy - radius - 14, cx + radius + 8, cy + radius // 3], fill=hair)
        if rng.random() < 0.5:  # longer hair
            d.rectangle(
                [cx - radius - 8, cy - radius // 3, cx + radius + 8, cy + radius * 9 // 10], fill=hair
            )
        d.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], fill=skin)
        d.chord([cx - radius, cy - radius - 6, cx + radius, cy + radius // 2], 180, 360, fill=hair)
        eye = radius // 9
        for ex in (cx - radius // 3, cx + radius // 3):
            d.ellipse([ex - eye, cy - eye, ex + eye, cy + eye], fill=INK)
            d.ellipse(
                [ex - eye * 2, cy + radius // 4, ex + eye, cy + radius // 4 + eye * 2],
                fill=_soft((230, 120, 120), 0.4),
            )
        d.arc(
            [cx - radius // 2, cy - radius // 8, cx + radius // 2, cy + radius * 6 // 10],
            20,
            160,
            fill=INK,
            width=max(4, radius // 18),
        )


_DRAW = {
    "faces": _faces,
    "house": _house,
    "street": _street,
    "kitchen": _kitchen,
    "bedroom": _bedroom,
    "garden": _garden,
    "pet": _pet,
}


def picture(scene: str, *, seed, size: tuple[int, int] = SIZE, **details) -> bytes:
    """A PNG of `scene` (one of SCENES), the same for the same seed and details. Details: `door`
    (a name in DOOR_COLOURS) for a house or street, `pet` (one of PETS), `faces` (1 to 4)."""
    image = Image.new("RGB", size, (255, 255, 255))
    _DRAW[scene](ImageDraw.Draw(image), random.Random(f"{seed}:{scene}"), *size, **details)
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def picture_upload(scene: str, *, seed, **details) -> SimpleUploadedFile:
    """`picture()` as a file a form would have received, for `services.photo_add`."""
    return SimpleUploadedFile(f"{scene}.png", picture(scene, seed=seed, **details), content_type="image/png")
