#!/usr/bin/python3
"""The int8 export (ml/train/quantize_int8.py): a quantized lean net keeps the float net's
outline, one that loses validation Dice is refused, and the graph the workstation runs
(test-time flips around it, frozen, saved, loaded) holds int8 convolutions only and gives the
same logits. Run by ctest with Debian's /usr/bin/python3 (torch 1.13)."""
import io
import pathlib
import random
import sys
import unittest

import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "ml" / "train"))
import quantize_int8  # noqa: E402
from lean_unet import LeanUNet  # noqa: E402


def blob_photos(count: int, size: int = 128, seed: int = 0):
    """Photos with a red blob on skin-coloured ground, normalised as the model's input."""
    gen = torch.Generator().manual_seed(seed)
    for _ in range(count):
        x = torch.rand(1, 3, size, size, generator=gen) * 0.2 + torch.tensor([0.8, 0.6, 0.5])[:, None, None]
        r = int(torch.randint(size // 8, size // 3, (1,), generator=gen))
        cy, cx = (int(v) for v in torch.randint(r, size - r, (2,), generator=gen))
        yy, xx = torch.meshgrid(torch.arange(size), torch.arange(size), indexing="ij")
        blob = ((yy - cy) ** 2 + (xx - cx) ** 2) < r * r
        x[0, 0][blob], x[0, 1][blob], x[0, 2][blob] = 0.7, 0.15, 0.15
        yield (x - 0.45) / 0.25, blob


class QuantizeInt8(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        torch.manual_seed(0)
        torch.set_num_threads(1)
        # A briefly trained net, so that its outline means something to compare.
        cls.net = LeanUNet()
        opt = torch.optim.Adam(cls.net.parameters(), lr=3e-3)
        data = list(blob_photos(8))
        for step in range(60):
            x, blob = data[step % len(data)]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                cls.net(x)[0, 0], blob.float())
            opt.zero_grad()
            loss.backward()
            opt.step()
        cls.net.eval()
        cls.int8 = quantize_int8.quantize(cls.net, (x for x, _ in blob_photos(16, seed=1)))

    def test_the_int8_net_outlines_what_the_float_net_outlines(self):
        both = either = 0
        with torch.no_grad():
            for x, _ in blob_photos(6, seed=2):
                a, b = self.net(x) > 0, self.int8(x) > 0
                self.assertGreater(int(a.sum()), 0, "the float net outlines something")
                both += int((a & b).sum())
                either += int(a.sum() + b.sum())
        # Dice of the int8 outline against the float one: this briefly trained net hesitates along
        # its outline, where int8 moves it by a pixel or two (measured 0.92); a wrong scale or
        # zero point moves it far more.
        self.assertGreater(2 * both / either, 0.88)

    def test_an_int8_model_that_loses_dice_is_refused(self):
        def metrics(net):
            """Dice against the blobs' truth on held-out photos: aggregate and mean per photo."""
            inter = total = 0
            per_photo = []
            with torch.no_grad():
                for x, blob in blob_photos(8, seed=4):
                    outline = net(x)[0, 0] > 0
                    i, t = int((outline & blob).sum()), int(outline.sum() + blob.sum())
                    inter, total = inter + i, total + t
                    per_photo.append(2 * i / t)
            return {"dice_aggregate": 2 * inter / total, "dice_mean": sum(per_photo) / len(per_photo)}

        # Calibrated on photos fifty times too faint, the int8 net clips every real photo: refused.
        float_metrics = metrics(self.net)
        faint = metrics(quantize_int8.quantize(self.net, (x / 50 for x, _ in blob_photos(16, seed=1))))
        why = quantize_int8.refusal(float_metrics, faint)
        self.assertIsNotNone(why)
        self.assertIn("export without --int8", why)
        # This briefly trained net's well-calibrated int8 copy moves its hesitant outline too —
        # measured 0.04 lower, so it is refused as well (a trained net's int8 stays within 0.005:
        # the shipped model) — but far less.
        fair = metrics(self.int8)
        self.assertIsNotNone(quantize_int8.refusal(float_metrics, fair))
        self.assertLess(float_metrics["dice_aggregate"] - fair["dice_aggregate"],
                        (float_metrics["dice_aggregate"] - faint["dice_aggregate"]) / 2)
        # The rule itself: a drop of the limit or more in either Dice refuses; less, or a gain, not.
        base = {"dice_aggregate": 0.80, "dice_mean": 0.75}
        limit = quantize_int8.MAX_DICE_DROP
        self.assertIsNone(quantize_int8.refusal(base, {"dice_aggregate": 0.80 - limit * 0.9, "dice_mean": 0.76}))
        exactly = {"dice_aggregate": limit, "dice_mean": 0.75}  # float minus int8 is exactly the limit
        self.assertIn("dice_aggregate", quantize_int8.refusal(exactly, {"dice_aggregate": 0.0,
                                                                        "dice_mean": 0.75}))
        self.assertIn("dice_mean", quantize_int8.refusal(base, {"dice_aggregate": 0.81,
                                                                "dice_mean": 0.75 - 2 * limit}))

    def test_the_shipped_graph_runs_int8_convolutions_with_test_time_flips(self):
        import train_segmentation as recipe
        flipped = recipe.FlipAveraged(self.int8).eval()
        scripted = torch.jit.freeze(torch.jit.script(flipped))
        graph = str(scripted.graph)
        self.assertIn("quantized::conv2d", graph)
        self.assertNotIn("aten::conv2d", graph)  # every convolution quantized
        buffer = io.BytesIO()
        torch.jit.save(scripted, buffer)
        buffer.seek(0)
        loaded = torch.jit.load(buffer)
        x, _ = next(blob_photos(1, seed=3))
        with torch.no_grad():
            self.assertTrue(torch.equal(flipped(x), loaded(x)))
            # The mirrored pass is averaged in: not the plain int8 output.
            self.assertFalse(torch.equal(loaded(x), self.int8(x)))

    def test_calibration_inputs_are_letterboxed_mirrored_and_augmented(self):
        import train_segmentation as recipe
        rng = random.Random(0)
        train = [(f"c{i}", np.full((90, 60, 3), 40 * i, np.uint8), np.zeros((90, 60), np.uint8))
                 for i in range(1, 5)]
        inputs = list(quantize_int8.calibration_inputs(rng, train, 3, 64, recipe.letterbox,
                                                       recipe.to_tensor, recipe.augment_photo))
        self.assertEqual(len(inputs), 3 * 4)  # 3 photos × (as is, mirrored) × (plain, augmented)
        for x in inputs:
            self.assertEqual(tuple(x.shape), (1, 3, 64, 64))
        for k in range(0, len(inputs), 2):
            self.assertTrue(torch.equal(inputs[k + 1], torch.flip(inputs[k], [3])))
        for k in range(0, len(inputs), 4):
            self.assertFalse(torch.equal(inputs[k + 2], inputs[k]))  # the augmented one differs


if __name__ == "__main__":
    unittest.main()
