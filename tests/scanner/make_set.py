"""A camera-like test set for the QR scanner: codes of real AOPP links, 150 to 1024 characters,
photographed badly on purpose — turned every 5 degrees, in perspective up to 30 degrees,
blurred, shaken, unevenly lit, saved as JPEG quality 30, in frames from 320x240 to 1920x1080,
the code filling 10 % to 90 % of the frame. Deterministic (one seed).

    make_set.py OUTDIR     writes OUTDIR/NAME.jpg and OUTDIR/manifest.json {name: text}
"""

import json
import math
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from PIL import Image, ImageFilter

LENGTHS = [150, 300, 600, 1024]


def aopp_link(length, rng):
    """An AOPP link of exactly `length` characters, as an exchange would send it."""
    token = "".join(rng.choice("abcdef0123456789") for _ in range(24))
    head = "aopp:?v=0&msg="
    tail = f"&asset=btc&format=any&callback=https%3A%2F%2Fapi.vasp.example%2Faopp%2Fproofs%2F{token}"
    words = "I+confirm+that+this+Bitcoin+address+is+controlled+by+me.+Unique+identifier:+"
    room = length - len(head) - len(tail)
    message = (words * (room // len(words) + 1))[:room]
    link = head + message + tail
    assert len(link) == length
    return link


def qr_modules(text):
    """The code's modules, one pixel each, with a 4-module quiet zone, as a greyscale image."""
    with tempfile.NamedTemporaryFile(suffix=".png") as file:
        subprocess.run(["qrencode", "-s", "1", "-m", "4", "-l", "M", "-o", file.name, text], check=True)
        return Image.open(file.name).convert("RGBA").convert("L")


def paper(width, height, rng):
    """A light, slightly grainy background, as a screen or paper looks to a webcam."""
    base = rng.randint(170, 235)
    noise = np.random.default_rng(rng.randint(0, 2**32 - 1)).normal(0, 6, (height, width))
    return Image.fromarray(np.clip(base + noise, 0, 255).astype(np.uint8))


def perspective_coefficients(source, target):
    """PIL's 8 perspective coefficients mapping `target` corners back to `source` corners."""
    rows = []
    for (x, y), (u, v) in zip(target, source):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    a = np.array(rows, dtype=float)
    b = np.array([c for point in source for c in point], dtype=float)
    return np.linalg.solve(a, b).tolist()


def tilt(image, degrees, rng):
    """The picture seen from `degrees` off square: one side farther, so shorter."""
    width, height = image.size
    shrink = math.sin(math.radians(degrees)) * 0.5
    inset_x, inset_y = width * shrink / 2, height * shrink / 2
    side = rng.choice(["left", "right", "top", "bottom"])
    corners = [(0, 0), (width, 0), (width, height), (0, height)]
    moved = {
        "left": [(0, inset_y), (width, 0), (width, height), (0, height - inset_y)],
        "right": [(0, 0), (width, inset_y), (width, height - inset_y), (0, height)],
        "top": [(inset_x, 0), (width - inset_x, 0), (width, height), (0, height)],
        "bottom": [(0, 0), (width, 0), (width - inset_x, height), (inset_x, height)],
    }[side]
    coefficients = perspective_coefficients(corners, moved)
    return image.transform(image.size, Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC, fillcolor=200)


def motion_blur(image, length, angle):
    """A straight shake of `length` pixels at `angle` degrees."""
    array = np.asarray(image, dtype=float)
    out = np.zeros_like(array)
    dx, dy = math.cos(math.radians(angle)), math.sin(math.radians(angle))
    for step in range(length):
        offset = step - length // 2
        out += np.roll(np.roll(array, round(offset * dy), axis=0), round(offset * dx), axis=1)
    return Image.fromarray(np.clip(out / length, 0, 255).astype(np.uint8))


def uneven_light(image, rng):
    """Light falling off across the frame, darker on one side by up to 60 %."""
    width, height = image.size
    gx, gy = np.meshgrid(np.linspace(0, 1, width), np.linspace(0, 1, height))
    angle = rng.uniform(0, 2 * math.pi)
    ramp = gx * math.cos(angle) + gy * math.sin(angle)
    ramp = (ramp - ramp.min()) / (ramp.max() - ramp.min() + 1e-9)
    factor = 1 - rng.uniform(0.4, 0.6) * ramp
    return Image.fromarray(np.clip(np.asarray(image, dtype=float) * factor, 0, 255).astype(np.uint8))


def photograph(text, frame, fraction, rng, rotate=0, perspective=0, blur=0, shake=0, light=False, quality=85):
    """`text`'s code filling `fraction` of the shorter side of a `frame`, then the distortions."""
    width, height = frame
    modules = qr_modules(text)
    side = max(int(min(width, height) * fraction), modules.width)
    code = modules.resize((side, side), Image.Resampling.NEAREST)
    scene = paper(width, height, rng)
    x = rng.randint(0, max(0, width - side))
    y = rng.randint(0, max(0, height - side))
    # The code is dark on light, but not pure black and white under a camera.
    ink = rng.randint(20, 60)
    code = code.point(lambda value: ink if value < 128 else 250)
    scene.paste(code, (x, y))
    if rotate:
        scene = scene.rotate(rotate, Image.Resampling.BICUBIC, fillcolor=int(np.asarray(scene).mean()))
    if perspective:
        scene = tilt(scene, perspective, rng)
    if blur:
        scene = scene.filter(ImageFilter.GaussianBlur(blur))
    if shake:
        scene = motion_blur(scene, shake, rng.uniform(0, 180))
    if light:
        scene = uneven_light(scene, rng)
    return scene, quality


def cases(rng):
    """(name, text, frame, fraction, distortions) for every image of the set."""
    links = {length: aopp_link(length, rng) for length in LENGTHS}
    out = []
    for length in LENGTHS:
        text = links[length]
        for degrees in range(0, 90, 5):
            out.append((f"rotate{degrees:02d}-{length}", text, (1280, 720), 0.6, dict(rotate=degrees)))
        for degrees in (10, 20, 30):
            out.append((f"tilt{degrees}-{length}", text, (1280, 720), 0.6, dict(perspective=degrees, rotate=rng.choice([0, 5, 10]))))
        for sigma in (1, 2):
            out.append((f"blur{sigma}-{length}", text, (1280, 720), 0.6, dict(blur=sigma)))
        for shake in (3, 6):
            out.append((f"shake{shake}-{length}", text, (1280, 720), 0.6, dict(shake=shake)))
        out.append((f"light-{length}", text, (1280, 720), 0.6, dict(light=True)))
        out.append((f"jpeg30-{length}", text, (1280, 720), 0.6, dict(quality=30)))
        for frame in ((320, 240), (640, 480), (1280, 720), (1920, 1080)):
            for fraction in (0.1, 0.3, 0.6, 0.9):
                out.append((f"frame{frame[0]}x{frame[1]}-{int(fraction * 100)}pct-{length}", text, frame, fraction, {}))
        for n in range(4):
            mixed = dict(
                rotate=rng.choice(range(0, 90, 5)),
                perspective=rng.choice([0, 10, 20]),
                blur=rng.choice([0, 0.7, 1.2]),
                light=rng.random() < 0.5,
                quality=rng.choice([30, 60, 85]),
            )
            out.append((f"mixed{n}-{length}", text, (1280, 720), rng.choice([0.4, 0.6, 0.8]), mixed))
    return out


def main(outdir):
    rng = random.Random(20261201)
    os.makedirs(outdir, exist_ok=True)
    manifest = {}
    for name, text, frame, fraction, distortions in cases(rng):
        image, quality = photograph(text, frame, fraction, rng, **distortions)
        image.save(os.path.join(outdir, f"{name}.jpg"), quality=quality)
        manifest[f"{name}.jpg"] = text
    with open(os.path.join(outdir, "manifest.json"), "w", encoding="utf-8") as file:
        json.dump(manifest, file, indent=1, sort_keys=True)
    print(f"{len(manifest)} images in {outdir}")


if __name__ == "__main__":
    main(sys.argv[1])
