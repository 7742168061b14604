#!/usr/bin/python3
"""Python eager side of the inference benchmark: the shipped model's trained weights in the
training code's own module, run unexported as a researcher's script would (torch.no_grad, eval
mode); prints the median forward time in ms on the last line. The weights come from the model
folder's plain state_dict.pt when there is one (a frozen export has no parameters left), else
from the TorchScript file's own parameters; with test-time flips when the model card says the
export has them, unless the last argument is no-flips (what the flips cost).

    /usr/bin/python3 tests/bench/torch_eager_bench.py TRAIN_DIR MODEL_DIR ARCH REPETITIONS THREADS HEIGHT WIDTH WARMUP [no-flips]
"""
import json
import pathlib
import sys

import torch

from torch_forward_bench import median_forward_ms


def main() -> int:
    train_dir, model_dir, arch = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3]
    repetitions, threads, height, width, warmup = (int(v) for v in sys.argv[4:9])
    sys.path.insert(0, str(train_dir))
    from train_segmentation import FlipAveraged, make_model  # noqa: E402 (the training code's)
    torch.set_num_threads(threads)
    model = make_model(arch)
    state = model_dir / "state_dict.pt"
    model.load_state_dict(torch.load(state, map_location="cpu") if state.exists()
                          else torch.jit.load(str(model_dir / "model.pt"), map_location="cpu").state_dict())
    # The same inference as the export: with test-time flips when the card says so.
    card = json.loads((model_dir / "model_card.json").read_text())
    if card.get("inference", {}).get("test_time_flips") and sys.argv[9:] != ["no-flips"]:
        model = FlipAveraged(model)
    model.eval()
    print(f"{median_forward_ms(model, repetitions, warmup, height, width):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
