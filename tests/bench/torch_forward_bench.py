#!/usr/bin/python3
"""Python side of the inference benchmark: the same TorchScript model, the same input size and
thread count as the C++ side; prints the median forward time in ms on the last line.

    /usr/bin/python3 tests/bench/torch_forward_bench.py MODEL.pt REPETITIONS THREADS HEIGHT WIDTH WARMUP
"""
import statistics
import sys
import time

import torch


def median_forward_ms(model, repetitions: int, warmup: int, height: int, width: int) -> float:
    """Median time of model(x) on a fixed random 1×3×H×W input, after `warmup` runs (TorchScript
    profiles the first runs, as on the C++ side)."""
    torch.manual_seed(0)
    x = torch.randn(1, 3, height, width)
    times = []
    with torch.inference_mode():
        for _ in range(warmup):
            model(x)
        for _ in range(repetitions):
            start = time.perf_counter()
            model(x)
            times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main() -> int:
    model_path, repetitions, threads, height, width, warmup = (sys.argv[1], int(sys.argv[2]), int(sys.argv[3]),
                                                               int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]))
    torch.set_num_threads(threads)
    model = torch.jit.load(model_path, map_location="cpu")
    model.eval()
    print(f"{median_forward_ms(model, repetitions, warmup, height, width):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
