"""Slough and necrosis painted into wound beds: the net fails most on wounds that are not red
(validation, model 2.4.0: a slough-covered ulcer at Dice 0.03, a black necrotic dehiscence at 0).
FUSeg's wounds are mostly red granulation (457 red, 184 dark, 127 yellow, 18 none of its 786
photos), so the net learnt "wound = red". This recolours a smooth, random part of the labelled
wound (a quarter to nine tenths of it) as yellow-cream fibrin/slough or brown-black necrosis,
keeping the photo's own fine texture and shading; the label is unchanged (both are wound tissue). Skin beyond the label
is never touched, so yellow or dark skin does not become wound. (The v2.6 trial, README: it raised
the per-image validation mean by about 2 points but did not help out of domain, where the misses
are pale, healing parts of leg ulcers rather than slough.)"""
import random

import cv2
import numpy as np

from background_augment import low_frequency_noise

MIN_WOUND_PIXELS = 64


def tissue_colour(rng: random.Random, kind: str) -> np.ndarray:
    """An RGB colour of slough (orange-yellow to cream) or necrosis (brown to black)."""
    if kind == "slough":
        hsv = np.uint8([[[rng.uniform(12, 30), rng.uniform(40, 170), rng.uniform(150, 240)]]])
    else:
        hsv = np.uint8([[[rng.uniform(0, 20), rng.uniform(30, 160), rng.uniform(15, 75)]]])
    return cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)[0, 0].astype(np.float32)


def paint_tissue(rng: random.Random, img: np.ndarray, lab: np.ndarray, kind: str = ""):
    """Returns (image, label): part of the wound (label 1) recoloured as `kind` ("slough" or
    "necrosis"; drawn 2:1 when empty). Photos with a wound under MIN_WOUND_PIXELS are returned as
    they are."""
    wound = lab == 1
    if int(wound.sum()) < MIN_WOUND_PIXELS:
        return img, lab
    kind = kind or ("slough" if rng.random() < 2 / 3 else "necrosis")
    ys, xs = np.nonzero(wound)
    y0, y1, x0, x1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    region = wound[y0:y1, x0:x1]
    side = max(y1 - y0, x1 - x0)
    noise = low_frequency_noise(rng, side, side * rng.uniform(0.15, 0.6))[:y1 - y0, :x1 - x0]
    cover = rng.uniform(0.25, 0.9)
    threshold = np.quantile(noise[region], 1.0 - cover)
    alpha = np.clip((noise - threshold) / 0.1, 0.0, 1.0)
    alpha = cv2.GaussianBlur(alpha, (0, 0), 1.0) * region  # a soft edge that stays inside the label
    patch = img[y0:y1, x0:x1].astype(np.float32)
    grey = patch.mean(axis=2)
    detail = grey / (cv2.GaussianBlur(grey, (0, 0), 3.0) + 1.0)  # the photo's own texture
    shade = cv2.GaussianBlur(grey, (0, 0), 12.0)
    shade = shade / max(float(shade[region].mean()), 1.0)  # and its light falloff, around 1
    painted = tissue_colour(rng, kind)[None, None, :] * (detail * np.clip(shade, 0.6, 1.4))[..., None]
    a = alpha[..., None]
    out = img.copy()
    out[y0:y1, x0:x1] = np.clip(patch * (1.0 - a) + painted * a, 0, 255).astype(img.dtype)
    return out, lab
