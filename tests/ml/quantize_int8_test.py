#!/usr/bin/python3
"""The int8 export (ml/train/quantize_int8.py): a quantized lean net keeps the float net's
outline, survives TorchScript freezing, saving and loading (what the workstation runs), and its
graph really holds int8 convolutions. Run by ctest with Debian's /usr/bin/python3 (torch 1.13)."""
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
        agree = total = 0
        with torch.no_grad():
            for x, _ in blob_photos(6, seed=2):
                a, b = self.net(x) > 0, self.int8(x) > 0
                agree += int((a == b).sum())
                total += a.numel()
                self.assertGreater(int(a.sum()), 0, "the float net outlines something")
        self.assertGreater(agree / total, 0.97)

    def test_the_graph_holds_int8_convolutions(self):
        kinds = {type(m).__module__ for m in self.int8.modules()}
        self.assertTrue(any("quantized" in k for k in kinds), kinds)
        self.assertNotEqual(quantize_int8.ENGINE, "fbgemm")  # Debian's torch has none

    def test_frozen_torchscript_round_trip_gives_the_same_logits(self):
        scripted = torch.jit.freeze(torch.jit.script(self.int8.eval()))
        buffer = io.BytesIO()
        torch.jit.save(scripted, buffer)
        buffer.seek(0)
        loaded = torch.jit.load(buffer)
        x, _ = next(blob_photos(1, seed=3))
        with torch.no_grad():
            self.assertTrue(torch.equal(self.int8(x), loaded(x)))
        self.assertEqual(sum(p.numel() for p in loaded.parameters()), 0)  # weights are constants

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
        self.assertTrue(torch.equal(inputs[1], torch.flip(inputs[0], [3])))


if __name__ == "__main__":
    unittest.main()
