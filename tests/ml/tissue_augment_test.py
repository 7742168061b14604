#!/usr/bin/python3
"""The training recipe's slough and necrosis painting (ml/train/tissue_augment.py): only wound
pixels are recoloured, the label is kept, the colour is that of the tissue asked for, the photo's
own texture survives, and the recipe applies it at the share it is given. Run by ctest with
Debian's /usr/bin/python3 (numpy, OpenCV, torch)."""
import pathlib
import random
import sys
import unittest
from unittest import mock

import cv2
import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "ml" / "train"))
import train_segmentation  # noqa: E402
from tissue_augment import MIN_WOUND_PIXELS, paint_tissue  # noqa: E402


def red_wound_on_skin(rng: random.Random, size: int = 256):
    """Skin-coloured photo with fine texture, a red elliptical wound and, sometimes, unsure pixels."""
    noise = np.random.default_rng(rng.randrange(1 << 30)).normal(0, 12, (size, size, 1))
    img = np.clip(np.array([200, 160, 140], np.float32) + noise, 0, 255)
    lab = np.zeros((size, size), np.uint8)
    cv2.ellipse(lab, (size // 2 + rng.randint(-40, 40), size // 2 + rng.randint(-40, 40)),
                (rng.randint(20, 80), rng.randint(20, 80)), rng.uniform(0, 180), 0, 360, 1, -1)
    img[lab == 1] = np.clip(np.array([170, 40, 45], np.float32) + noise[lab == 1], 0, 255)
    if rng.random() < 0.5:
        cv2.circle(lab, (20, 20), 8, 255, -1)
    return img.astype(np.uint8), lab


def clearly_painted(img: np.ndarray, out: np.ndarray, lab: np.ndarray) -> np.ndarray:
    """Wound pixels whose colour moved far (a sum of 60 over R, G and B): where the paint is opaque."""
    return (np.abs(out.astype(int) - img.astype(int)).sum(axis=2) > 60) & (lab == 1)


def hsv_of(pixels: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(pixels.reshape(-1, 1, 3).astype(np.uint8), cv2.COLOR_RGB2HSV).reshape(-1, 3)


class TissuePainting(unittest.TestCase):
    def test_only_wound_pixels_change_and_the_label_is_kept(self):
        rng = random.Random(5)
        covers = []
        for _ in range(100):
            img, lab = red_wound_on_skin(rng)
            out, out_lab = paint_tissue(rng, img, lab)
            self.assertEqual(out.shape, img.shape)
            self.assertEqual(out.dtype, np.uint8)
            self.assertTrue(np.array_equal(out_lab, lab))
            changed = np.any(out != img, axis=2)
            self.assertFalse(np.any(changed & (lab != 1)), "skin and unsure pixels are never painted")
            covers.append(changed[lab == 1].mean())
        self.assertGreater(min(covers), 0.1)
        self.assertGreater(np.mean(covers), 0.35)
        self.assertLess(np.mean(covers), 0.95, "part of the wound keeps its own colour")

    def test_slough_is_yellow_and_necrosis_dark(self):
        rng = random.Random(11)
        for kind in ("slough", "necrosis"):
            for _ in range(20):
                img, lab = red_wound_on_skin(rng)
                out, _ = paint_tissue(rng, img, lab, kind)
                painted = clearly_painted(img, out, lab)
                self.assertGreater(painted.sum(), 100)
                hue, sat, val = hsv_of(out[painted]).mean(axis=0)
                if kind == "slough":
                    self.assertTrue(8 <= hue <= 34, f"slough hue {hue:.0f}")  # yellow, not red (0/180)
                    self.assertGreater(val, 130)
                else:
                    self.assertLess(val, 110, "necrosis is dark")

    def test_the_photo_texture_survives(self):
        rng = random.Random(2)
        img, lab = red_wound_on_skin(rng)
        out, _ = paint_tissue(rng, img, lab, "slough")
        inside = cv2.erode(clearly_painted(img, out, lab).astype(np.uint8), np.ones((9, 9), np.uint8)) > 0
        self.assertGreater(inside.sum(), 200)
        def detail(x):
            grey = x.astype(np.float32).mean(axis=2)
            return (grey - cv2.GaussianBlur(grey, (0, 0), 3.0))[inside]
        self.assertGreater(np.corrcoef(detail(img), detail(out))[0, 1], 0.6)

    def test_tiny_or_absent_wounds_are_left_alone(self):
        rng = random.Random(3)
        img = np.full((64, 64, 3), 150, np.uint8)
        for lab in (np.zeros((64, 64), np.uint8), np.pad(np.ones((7, 7), np.uint8), ((0, 57), (0, 57)))):
            self.assertLess(int((lab == 1).sum()), MIN_WOUND_PIXELS)
            out, out_lab = paint_tissue(rng, img, lab)
            self.assertTrue(np.array_equal(out, img))
            self.assertTrue(np.array_equal(out_lab, lab))

    def test_the_recipe_paints_at_the_share_it_is_given(self):
        rng = random.Random(4)
        img, lab = red_wound_on_skin(rng, 600)
        for share, low, high in ((0.0, 0, 0), (1.0, 40, 40), (0.4, 8, 25)):
            with mock.patch.object(train_segmentation, "paint_tissue", side_effect=paint_tissue) as paint:
                for _ in range(20):
                    train_segmentation.sample_crop(rng, img, lab, 128, 0.5, 0.0, share)
                    train_segmentation.sample_full(rng, img, lab, share)
            self.assertTrue(low <= paint.call_count <= high, f"share {share}: {paint.call_count} of 40")


if __name__ == "__main__":
    unittest.main()
