"""Wound-coloured backgrounds pasted beyond the limb: the demo's first photo shows a terracotta
floor that the model outlines as wound, with full confidence. FUSeg's backgrounds are mostly
drapes and clinic walls, so the net never learnt that a red-brown surface away from the skin
is not a wound. This puts such surfaces (tiles with grout lines, wooden planks, mottled fabric
and rugs in wound-like reds, browns, oranges and pinks) over part of a training crop that lies
well away from the wound, labelled background. A margin of the photo's own skin is always kept
around the wound's label, so the net learns "red surface beyond the skin", not "red is never
wound" (which would shrink its outlines of red granulation)."""
import math
import random

import cv2
import numpy as np


def _wound_like_colour(rng: random.Random) -> np.ndarray:
    """An RGB colour of the kind a wound bed has: red to orange-brown, some pink, some dark."""
    hue = rng.uniform(-12, 22) % 180  # OpenCV hue: red wraps around 0
    sat = rng.uniform(80, 230)
    val = rng.uniform(70, 235)
    hsv = np.uint8([[[hue, sat, val]]])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[0, 0].astype(np.float32)


def low_frequency_noise(rng: random.Random, size: int, scale: float) -> np.ndarray:
    """Smooth noise in [-1, 1] with blobs about `scale` pixels across."""
    cells = max(2, int(size / max(scale, 2.0)) + 2)
    grid = np.random.default_rng(rng.randrange(1 << 30)).uniform(-1, 1, (cells, cells)).astype(np.float32)
    return cv2.resize(grid, (size, size), interpolation=cv2.INTER_CUBIC).clip(-1, 1)


def _tiles(rng: random.Random, size: int, base: np.ndarray) -> np.ndarray:
    tile = rng.randint(max(8, size // 10), max(9, size // 2))
    grout = rng.randint(1, max(1, tile // 10))
    grout_colour = base * rng.uniform(0.5, 1.6) if rng.random() < 0.7 else np.full(3, rng.uniform(60, 220))
    out = np.empty((size, size, 3), np.float32)
    out[:] = base  # staggered rows leave a strip at their start that no whole tile covers
    offset = rng.randrange(tile)
    for ty in range(-1, size // tile + 2):
        shift = (tile // 2) * (ty % 2) if rng.random() < 0.3 else 0
        for tx in range(-1, size // tile + 2):
            y0, x0 = ty * tile + offset, tx * tile + offset + shift
            colour = base * rng.uniform(0.85, 1.15)
            out[max(0, y0):max(0, y0 + tile), max(0, x0):max(0, x0 + tile)] = colour
    lines = np.zeros((size, size), bool)
    for k in range((size // tile) + 3):
        p = k * tile + offset
        lines[max(0, p - grout):max(0, p), :] = True
        lines[:, max(0, p - grout):max(0, p)] = True
    out[lines] = grout_colour
    return out


def _planks(rng: random.Random, size: int, base: np.ndarray) -> np.ndarray:
    width = rng.randint(max(6, size // 12), max(7, size // 3))
    grain = low_frequency_noise(rng, size, rng.uniform(3, 10))
    grain = cv2.resize(grain[:, : max(2, size // 8)], (size, size), interpolation=cv2.INTER_LINEAR)
    out = base[None, None, :] * (1 + 0.15 * grain[..., None])
    for x in range(0, size, width):
        out[:, x:x + width] *= rng.uniform(0.85, 1.15)
        out[:, x:x + 1] *= 0.6
    return out


def _mottled(rng: random.Random, size: int, base: np.ndarray) -> np.ndarray:
    second = _wound_like_colour(rng)
    mix = (low_frequency_noise(rng, size, rng.uniform(size / 12, size / 3)) + 1) / 2
    fine = low_frequency_noise(rng, size, rng.uniform(1.5, 4))
    return (base * mix[..., None] + second * (1 - mix[..., None])) * (1 + 0.08 * fine[..., None])


def wound_coloured_surface(rng: random.Random, size: int) -> np.ndarray:
    """A square RGB uint8 surface of the given side: tiles, planks or a mottled fabric."""
    base = _wound_like_colour(rng)
    kind = rng.random()
    surface = _tiles(rng, size, base) if kind < 0.45 else _planks(rng, size, base) if kind < 0.7 \
        else _mottled(rng, size, base)
    shade = low_frequency_noise(rng, size, size)  # uneven light across the floor
    surface *= (1 + rng.uniform(0.05, 0.25) * shade)[..., None]
    return np.clip(surface, 0, 255).astype(np.uint8)


def paste_background(rng: random.Random, img: np.ndarray, lab: np.ndarray, margin_fraction: float = 0.12):
    """Replace the part of a square crop beyond a random straight edge with a wound-coloured
    surface, labelled background, keeping at least `margin_fraction` of the side of the photo's
    own content around every wound (and unsure) pixel. Returns (img, lab) unchanged when the
    wound leaves no room."""
    size = img.shape[0]
    angle = rng.uniform(0, 2 * math.pi)
    nx, ny = math.cos(angle), math.sin(angle)
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32)
    along = (xx - size / 2) * nx + (yy - size / 2) * ny  # signed distance along the edge's normal
    margin = max(2, int(size * margin_fraction))
    keep = cv2.dilate((lab != 0).astype(np.uint8), cv2.getStructuringElement(
        cv2.MORPH_ELLIPSE, (2 * margin + 1, 2 * margin + 1)))
    reach = float(along[keep > 0].max()) if keep.any() else -size
    lowest = max(reach, -size * 0.2)  # the surface covers at most ~70 % of the crop
    if lowest >= size * 0.45:
        return img, lab
    cut = rng.uniform(lowest, size * 0.45)
    edge = np.clip((along - cut) / 1.5, 0, 1)  # a slightly soft boundary, as an out-of-focus edge
    if not edge.any():
        return img, lab
    surface = wound_coloured_surface(rng, size).astype(np.float32)
    out = img.astype(np.float32) * (1 - edge[..., None]) + surface * edge[..., None]
    lab = lab.copy()
    lab[edge > 0.5] = 0
    return out.astype(np.uint8), lab
