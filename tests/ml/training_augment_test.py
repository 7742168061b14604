#!/usr/bin/python3
"""The training recipe's wound-coloured background augmentation (ml/train/background_augment.py):
a surface is only ever pasted well away from the wound, is labelled background, and looks like a
wound-coloured floor or fabric. Run by ctest with Debian's /usr/bin/python3 (numpy, OpenCV)."""
import pathlib
import random
import sys
import unittest
from unittest import mock

import cv2
import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "ml" / "train"))
import background_augment  # noqa: E402
from background_augment import paste_background, wound_coloured_surface  # noqa: E402


def crop_with_wound(rng: random.Random, size: int = 256):
    img = np.random.default_rng(rng.randrange(1 << 30)).integers(60, 200, (size, size, 3), dtype=np.uint8)
    lab = np.zeros((size, size), np.uint8)
    cv2.ellipse(lab, (rng.randrange(size), rng.randrange(size)),
                (rng.randint(5, size // 4), rng.randint(5, size // 4)), rng.uniform(0, 180), 0, 360, 1, -1)
    if rng.random() < 0.3:  # some unsure pixels, as a library export writes them
        cv2.circle(lab, (rng.randrange(size), rng.randrange(size)), 6, 255, -1)
    return img, lab


class BackgroundAugment(unittest.TestCase):
    def test_the_surface_stays_away_from_the_wound_and_is_labelled_background(self):
        rng = random.Random(7)
        pasted = 0
        for _ in range(200):
            img, lab = crop_with_wound(rng)
            out, out_lab = paste_background(rng, img, lab, margin_fraction=0.12)
            self.assertEqual(out.shape, img.shape)
            self.assertEqual(out.dtype, np.uint8)
            changed = np.any(out != img, axis=2)
            pasted += bool(changed.any())
            # Every wound or unsure pixel, and the skin within the margin around it, is untouched.
            margin = int(256 * 0.12)
            near = cv2.dilate((lab != 0).astype(np.uint8),
                              cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * margin - 1, 2 * margin - 1)))
            self.assertFalse(np.any(changed & (near > 0)))
            self.assertTrue(np.array_equal(out_lab[lab != 0], lab[lab != 0]))
            # What was covered is background.
            self.assertTrue(np.all(out_lab[changed] == 0))
        self.assertGreater(pasted, 100, "most crops with a small wound get a surface")

    def test_a_crop_filled_by_the_wound_is_left_alone(self):
        rng = random.Random(1)
        img = np.full((128, 128, 3), 120, np.uint8)
        lab = np.ones((128, 128), np.uint8)
        out, out_lab = paste_background(rng, img, lab)
        self.assertTrue(np.array_equal(out, img))
        self.assertTrue(np.array_equal(out_lab, lab))

    def test_surfaces_are_wound_coloured(self):
        rng = random.Random(3)
        for _ in range(30):
            surface = wound_coloured_surface(rng, 192)
            self.assertEqual(surface.shape, (192, 192, 3))
            hue = cv2.cvtColor(surface, cv2.COLOR_RGB2HSV)[..., 0].astype(int)
            saturated = cv2.cvtColor(surface, cv2.COLOR_RGB2HSV)[..., 1] > 40
            reddish = (hue <= 30) | (hue >= 165)
            # Grout lines may be grey; the surface itself is red to orange-brown.
            self.assertGreater(np.mean(reddish[saturated]), 0.8)
            self.assertGreater(np.mean(saturated), 0.5)

    def test_every_pixel_of_a_surface_is_painted(self):
        # Memory the surface leaves unpainted would show as NaN: staggered tile rows once left a
        # strip at their start holding whatever np.empty returned.
        nan_empty = lambda shape, dtype=float: np.full(shape, np.nan, dtype)  # noqa: E731
        rng = random.Random(11)
        with mock.patch.object(background_augment.np, "empty", nan_empty):
            for _ in range(200):
                base = np.array([rng.uniform(60, 230) for _ in range(3)], np.float32)
                for paint in (background_augment._tiles, background_augment._planks,
                              background_augment._mottled):
                    surface = paint(rng, rng.choice([64, 128, 256]), base)
                    self.assertFalse(np.isnan(surface).any(), paint.__name__)


if __name__ == "__main__":
    unittest.main()
