#!/usr/bin/python3
"""The GPU recipe's choices (ml/train/train_gpu.py) and the close-up photo variant
(ml/train/evaluate_variants.py): a continued net is itself a candidate, so a run that only makes
it worse hands it back unchanged; the checkpoint score is the mean over the validation split and
its variants; a close-up frames the whole wound at about 60 % of the side. Runs on the CPU with
Debian's /usr/bin/python3 (torch 1.13), on the FUSeg sample photos and the shipped weights."""
import argparse
import random
import unittest

import cv2
import numpy as np
import torch

from fuseg_sample import WEIGHTS as INIT, sample_cases  # noqa: E402
import train_gpu  # noqa: E402
import train_segmentation as recipe  # noqa: E402
from evaluate_variants import close_up  # noqa: E402


def recipe_args(**overrides):
    args = dict(seed=0, arch="lean", init=INIT, lr=3e-3, minutes=30, steps=4, folds=1, crop=64, batch=2,
                workers=0, window_min=0.25, background_p=0.0, tissue_p=0.3, full_fraction=0.0, full_mix=0.0,
                full_batch=1, variants=["half_light"], eval_every=2, select="dice_robust")
    args.update(overrides)
    return argparse.Namespace(**args)


class GpuRecipe(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(2)
        cls.cases = sample_cases()

    def test_a_run_that_only_harms_the_net_hands_back_the_net_it_started_from(self):
        # A learning rate that wrecks the net: every trained checkpoint scores below the start.
        args = recipe_args(lr=5.0)
        best_state, best, steps, last = train_gpu.train_fold(0, self.cases, self.cases, args,
                                                             torch.device("cpu"))
        start = torch.load(INIT, map_location="cpu")
        self.assertEqual(steps, 4)  # scored at steps 2 and 4, both below the start
        self.assertEqual(best["step"], 0, best)
        self.assertGreater(best["dice_aggregate"], 0.6)  # the shipped weights on FUSeg photos
        for key, value in start.items():
            self.assertTrue(torch.equal(best_state[key], value), key)
        self.assertFalse(all(torch.equal(last[k], v) for k, v in start.items()))

    def test_the_score_is_the_mean_over_the_split_and_its_variants(self):
        model = recipe.make_model("lean")
        model.load_state_dict(torch.load(INIT, map_location="cpu"))
        sets = train_gpu.validation_sets(self.cases, ["original", "half_light", "jpeg35_blur"])
        self.assertEqual(len(sets["half_light"]), 8)
        # the dimmed photos are the same photos at half the light, with the same masks
        self.assertLess(sets["half_light"][0][1].mean(), 0.6 * self.cases[0][1].mean())
        self.assertTrue(np.array_equal(sets["half_light"][0][2], self.cases[0][2]))
        scored = train_gpu.score(model, sets)
        each = [recipe.evaluate(model, cases)["dice_aggregate"] for cases in sets.values()]
        self.assertAlmostEqual(scored["dice_robust"], float(np.mean(each)), places=9)
        self.assertAlmostEqual(scored["dice_aggregate"], each[0], places=9)
        self.assertEqual(set(scored["variants"]), {"original", "half_light", "jpeg35_blur"})


class CloseUp(unittest.TestCase):
    def test_the_wound_fills_about_sixty_percent_of_the_side_and_stays_whole(self):
        rng = random.Random(3)
        checked = 0
        for _ in range(60):
            h, w = rng.randint(200, 900), rng.randint(200, 900)
            label = np.zeros((h, w), np.uint8)
            centre = (rng.randrange(w), rng.randrange(h))
            axes = (rng.randint(3, w // 6), rng.randint(3, h // 6))
            cv2.ellipse(label, centre, axes, rng.uniform(0, 180), 0, 360, 1, -1)
            image = np.random.default_rng(rng.randrange(1 << 30)).integers(0, 255, (h, w, 3), np.uint8)
            ys, xs = np.nonzero(label)
            extent = max(ys.max() - ys.min(), xs.max() - xs.min()) + 1
            out_image, out_label = close_up(image, label)
            self.assertEqual(out_image.shape, (1024, 1024, 3))
            self.assertEqual(out_label.shape, (1024, 1024))
            oy, ox = np.nonzero(out_label)
            shown = (max(oy.max() - oy.min(), ox.max() - ox.min()) + 1) / 1024
            side = min(max(int(extent / 0.6), 32), h, w)
            if side < min(h, w) and extent > 20:  # the square fits: the wound spans ~60 % of it
                # (also at the photo's edge: the square is moved inside, not cut)
                self.assertAlmostEqual(shown, extent / side, delta=0.02)
                self.assertGreater(shown, 0.55)
                checked += 1
            # the whole wound is in the frame whenever the square fits around it
            if side < min(h, w):
                scale = (1024 / side) ** 2
                self.assertAlmostEqual(out_label.sum() / scale / label.sum(), 1.0, delta=0.08)
        self.assertGreater(checked, 20)

    def test_a_photo_without_a_wound_is_left_as_it_is(self):
        image = np.full((300, 400, 3), 90, np.uint8)
        label = np.zeros((300, 400), np.uint8)
        out_image, out_label = close_up(image, label)
        self.assertIs(out_image, image)
        self.assertIs(out_label, label)


if __name__ == "__main__":
    unittest.main()
