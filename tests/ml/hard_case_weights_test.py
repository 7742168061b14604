#!/usr/bin/python3
"""The training recipe's hard-case sampling (train_segmentation.py --hard-cases): each training
case is drawn with weight 1 + emphasis × (1 − the start net's Dice on the whole photo), so a photo
the net already outlines exactly keeps weight 1, one where it outlines a wound that is not there
gets the most, and the Dice behind each weight is the validation's own. Runs on the CPU with
Debian's /usr/bin/python3 (torch 1.13), on the FUSeg sample photos and the shipped weights."""
import random
import unittest

import cv2
import numpy as np
import torch

from fuseg_sample import WEIGHTS, sample_cases  # noqa: E402
import train_segmentation as recipe  # noqa: E402


@torch.no_grad()
def net_outline(model, image):
    """The net's own mask at the photo's resolution, written out independently of the recipe."""
    h, w = image.shape[:2]
    scale = 512 / max(h, w)
    nh, nw = round(h * scale), round(w * scale)
    top, left = (512 - nh) // 2, (512 - nw) // 2
    boxed = np.zeros((512, 512, 3), np.uint8)
    boxed[top:top + nh, left:left + nw] = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_AREA)
    x = (torch.from_numpy(boxed).float().permute(2, 0, 1) / 255.0 - torch.tensor(recipe.MEAN)[:, None, None]) \
        / torch.tensor(recipe.STD)[:, None, None]
    logits = model(x[None])[0, 0].numpy()[top:top + nh, left:left + nw]
    return cv2.resize((logits > 0).astype(np.uint8), (w, h), interpolation=cv2.INTER_NEAREST)


class HardCaseWeights(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.set_num_threads(2)
        cls.cases = sample_cases()
        cls.model = recipe.make_model("lean")
        cls.model.load_state_dict(torch.load(WEIGHTS, map_location="cpu"))
        cls.model.eval()

    def test_weights_follow_the_start_nets_dice_on_each_photo(self):
        weights = recipe.hard_case_weights(self.model, self.cases, 2.0)
        self.assertEqual(len(weights), len(self.cases))
        for case, weight in zip(self.cases, weights):
            dice = recipe.evaluate(self.model, [case])["dice_aggregate"]
            self.assertAlmostEqual(weight, 1.0 + 2.0 * (1.0 - dice), places=9, msg=case[0])
            self.assertGreaterEqual(weight, 1.0)
            self.assertLessEqual(weight, 3.0)
        # The shipped net outlines these photos well, but not all equally well.
        self.assertLess(float(np.mean(weights)), 1.6, weights)
        self.assertGreater(max(weights) - min(weights), 0.05, weights)

    def test_an_exact_outline_keeps_weight_one_and_a_false_one_gets_the_most(self):
        name, image, _ = self.cases[0]
        exact = net_outline(self.model, image)
        self.assertGreater(int(exact.sum()), 500, "the net outlines a wound on the sample photo")
        empty = np.zeros_like(exact)  # a photo said to hold no wound, where the net outlines one
        unsure = exact.copy()
        unsure[exact == 1] = recipe.UNSURE  # the net's outline left unsure: nothing scored there
        weights = recipe.hard_case_weights(
            self.model, [(name, image, exact), (name, image, empty), (name, image, unsure)], 1.5)
        self.assertAlmostEqual(weights[0], 1.0, places=9)
        self.assertAlmostEqual(weights[1], 2.5, places=9)
        self.assertAlmostEqual(weights[2], 1.0, places=9)  # no wound scored, none predicted outside

    def test_the_hard_case_is_drawn_more_often(self):
        weights = recipe.hard_case_weights(self.model, self.cases, 2.0)
        hardest = int(np.argmax(weights))
        rng = random.Random(3)
        draws = rng.choices(range(len(self.cases)), weights=weights, k=20000)
        share = draws.count(hardest) / len(draws)
        self.assertAlmostEqual(share, weights[hardest] / sum(weights), delta=0.01)
        self.assertGreater(share, 1.0 / len(self.cases))

    def test_the_start_net_is_left_in_training_mode_unchanged(self):
        self.model.train()
        before = {k: v.clone() for k, v in self.model.state_dict().items()}
        recipe.hard_case_weights(self.model, self.cases[:2], 2.0)
        self.assertTrue(self.model.training)
        for key, value in self.model.state_dict().items():
            self.assertTrue(torch.equal(before[key], value), key)
        self.model.eval()


if __name__ == "__main__":
    unittest.main()
