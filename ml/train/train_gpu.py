#!/usr/bin/env python3
"""The model v2 recipe of train_segmentation.py on a GPU machine, in a few minutes: 5 folds of the
training cases (each model trained on the other 4, for an ensemble) or one model on them all
(`--folds 1`), from scratch or continuing a trained net (`--init`), larger batches, mixed
precision, the same augmentation (data loader workers on the CPU cores), the same context crops
and whole letterboxed photos (the last `--full-fraction` of the time, and `--full-mix` of the
steps before), the same validation split (md5 of the group id mod 10 == 0, never trained on). A checkpoint is
kept for its Dice on the validation split and on its photo variants (dim, warm, JPEG + blur,
small; `--select`). Saves plain state_dicts (fold0.pt … and the last state fold0_last.pt) and
their validation figures (folds.json): a newer torch saves them, Debian's torch 1.13 exports
them here:

    python3 ml/train/train_gpu.py ../shared/datasets/fuseg /out --minutes 5      # on the GPU machine
    /usr/bin/python3 ml/train/train_segmentation.py /tmp/fuseg_nnunet assets/models/wound-seg \\
        --state-dict /out/fold0.pt /out/fold1.pt /out/fold2.pt                   # here: an ensemble

The first H200 run (16 cores, 2026-11-30): `--folds 1 --minutes 2.6 --init STATE --window-min
0.25 --workers 14 --eval-every 150 --lr 1e-3 --background-p 0.35 --batch 64`, STATE the float
weights of model 2.1.0 (1,234 steps in 156 s; best at step 1,050: validation 0.823, better on
every variant, but LUTSeg's broad leg ulcers outlined as a few small spots — not shipped alone;
continued for 32 min on whole photos on a CPU it became model 2.4.0; the README's model table has
the figures). Check every candidate on LUTSeg before shipping it.

The dataset argument is the FUSeg folder as in ../shared/datasets (train/images, train/masks) or
a folder already in the nnU-Net layout. `--device cpu --minutes 0.2` runs a smoke test anywhere.
"""
import argparse
import hashlib
import json
import math
import pathlib
import random
import sys
import tempfile
import time

import cv2
import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import train_segmentation as recipe  # noqa: E402
from evaluate_variants import VARIANTS  # noqa: E402
from fuseg_to_nnunet import convert  # noqa: E402


class Crops(torch.utils.data.IterableDataset):
    """Endless training samples of the recipe (context crops, or whole photos when `full`)."""

    def __init__(self, cases, crop: int, full: bool, seed: int, window_min: float,
                 background_p: float, tissue_p: float = 0.0):
        self.cases, self.crop, self.full, self.seed = cases, crop, full, seed
        self.window_min, self.background_p, self.tissue_p = window_min, background_p, tissue_p

    def __iter__(self):
        info = torch.utils.data.get_worker_info()
        if info is not None:  # one loader worker per core: no nested thread pools
            cv2.setNumThreads(1)
            torch.set_num_threads(1)
        rng = random.Random(self.seed * 1000 + (info.id if info else 0))
        while True:
            _, image, label = rng.choice(self.cases)
            img, lab = (recipe.sample_full(rng, image, label, self.tissue_p) if self.full
                        else recipe.sample_crop(rng, image, label, self.crop, self.window_min,
                                                  self.background_p, self.tissue_p))
            yield recipe.to_tensor(img), torch.from_numpy(lab).float()[None]


def batches(cases, crop, full, seed, batch, workers, window_min, background_p, tissue_p=0.0):
    loader = torch.utils.data.DataLoader(Crops(cases, crop, full, seed, window_min, background_p, tissue_p),
                                         batch_size=batch,
                                         num_workers=workers, persistent_workers=workers > 0,
                                         pin_memory=torch.cuda.is_available())
    return iter(loader)


def validation_sets(val, names):
    """The validation split as it is and as photos of other cameras and light (the variants of
    evaluate_variants.py): a checkpoint is kept for holding up on all of them, not on the original
    alone (a run that gains on FUSeg's own photos can lose on dim or compressed ones)."""
    return {name: [(case, *VARIANTS[name](image, label)) for case, image, label in val]
            for name in names}


def score(model, sets):
    metrics = {name: recipe.evaluate(model, cases) for name, cases in sets.items()}
    robust = float(np.mean([m["dice_aggregate"] for m in metrics.values()]))
    return metrics["original"] | {"variants": {n: round(m["dice_aggregate"], 4) for n, m in metrics.items()},
                                  "dice_robust": robust}


def cpu_state(model):
    """A copy of the net's state on the CPU (what is saved: a plain state_dict)."""
    return {k: v.detach().cpu().clone() for k, v in model.state_dict().items()}


def train_fold(fold, train, val, args, device):
    torch.manual_seed(args.seed + fold)
    model = recipe.make_model(args.arch)
    if args.init:  # continue a trained net (e.g. the shipped model's float state_dict)
        model.load_state_dict(torch.load(args.init, map_location="cpu"))
    model = model.to(device)
    # the loaders' workers are forked before validation; what keeps them from deadlocking is
    # cv2.setNumThreads(1) in main (a fork after OpenCV's thread pool has run can hang them)
    crops = batches(train, args.crop, False, args.seed + fold, args.batch, args.workers,
                    args.window_min, args.background_p, args.tissue_p)
    whole = (batches(train, args.crop, True, args.seed + fold + 500, args.full_batch,
                     args.workers and max(1, args.workers // 2), args.window_min, args.background_p,
                     args.tissue_p)
             if args.full_fraction > 0 or args.full_mix > 0 else None)
    mix = random.Random(args.seed + fold)
    sets = validation_sets(val, ["original"] + args.variants) if val else {}
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    scaler = (torch.amp.GradScaler("cuda", enabled=device.type == "cuda") if hasattr(torch.amp, "GradScaler")
              else torch.cuda.amp.GradScaler(enabled=device.type == "cuda"))  # torch 1.13 has only this
    budget = args.minutes * 60.0 / args.folds
    next(crops)  # the workers are up
    step, best, best_state = 0, None, None
    if args.init and val:  # the net it starts from is a candidate too: never hand back a worse one
        best = score(model, sets) | {"step": 0}
        best_state = cpu_state(model)
        model.train()
        print(f"fold {fold} step 0 (init) val dice={best['dice_aggregate']:.4f} "
              f"robust={best['dice_robust']:.4f} {best['variants']}", flush=True)
    start = time.time()  # the budget is for training

    def done() -> bool:
        return time.time() - start >= budget or (args.steps > 0 and step >= args.steps)

    while not done():
        elapsed = time.time() - start
        lr = max(0.5 * args.lr * (1 + math.cos(math.pi * elapsed / budget)), args.lr * 0.02)
        for group in opt.param_groups:
            group["lr"] = lr
        full = elapsed > budget * (1.0 - args.full_fraction) or mix.random() < args.full_mix
        x, y = next(whole if full else crops)
        x, y = x.to(device, non_blocking=True), y.to(device, non_blocking=True)
        with torch.autocast(device_type=device.type, enabled=device.type == "cuda"):
            loss = recipe.training_loss(model, x, y)
        opt.zero_grad(set_to_none=True)
        scaler.scale(loss).backward()
        scaler.step(opt)
        scaler.update()
        step += 1
        if val and (step % args.eval_every == 0 or done()):
            metrics = score(model, sets) | {"step": step}
            print(f"fold {fold} step {step} t={elapsed:.0f}s loss={loss.item():.4f} "
                  f"val dice={metrics['dice_aggregate']:.4f} robust={metrics['dice_robust']:.4f} "
                  f"{metrics['variants']}", flush=True)
            if best is None or metrics[args.select] > best[args.select]:
                best = metrics
                best_state = cpu_state(model)
    last = cpu_state(model)
    if best_state is None:  # no validation case: the last state, and no made-up score
        best = score(model, sets) if val else {"images": 0, "note": "no validation case"}
        best_state = last
    return best_state, best, step, last


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=pathlib.Path)
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--minutes", type=float, default=5.0, help="budget for all folds together")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--steps", type=int, default=0, help="stop each fold after this many steps (0: time only)")
    parser.add_argument("--arch", choices=["lean", "unet"], default="lean")
    parser.add_argument("--crop", type=int, default=recipe.CROP)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--full-batch", type=int, default=24)
    # The first H200 run: the whole-photo phase (the last 15 %, batch 24) dropped the FUSeg
    # validation Dice from 0.82 to 0.79, but the crop phase's best checkpoint had learnt that
    # wounds are small, distinct spots (LUTSeg's leg ulcers: Dice 0.47, float) and the whole photos
    # brought the out-of-domain outlines back (0.76). Kept on.
    parser.add_argument("--full-fraction", type=float, default=0.15,
                        help="share of the time, at the end, spent on whole letterboxed photos")
    parser.add_argument("--full-mix", type=float, default=0.0,
                        help="share of the steps before that also on whole photos (mixed in)")
    parser.add_argument("--window-min", type=float, default=0.35)
    parser.add_argument("--lr", type=float, default=4e-3)
    parser.add_argument("--init", type=pathlib.Path, help="start each fold from this state_dict")
    parser.add_argument("--background-p", type=float, default=recipe.BACKGROUND_P,
                        help="share of crops given a wound-coloured surface beyond the skin")
    parser.add_argument("--tissue-p", type=float, default=0.0,
                        help="share of crops and photos showing a wound that get slough or necrosis "
                             "painted into it (tissue_augment.py)")
    parser.add_argument("--variants", nargs="*", default=["half_light", "warm_light", "jpeg35_blur", "small_224"],
                        help="photo variants of the validation split scored beside the original")
    parser.add_argument("--select", choices=["dice_aggregate", "dice_robust"], default="dice_robust",
                        help="which score keeps a checkpoint: the original split's, or the mean over it "
                             "and its variants")
    parser.add_argument("--workers", type=int, default=12)
    parser.add_argument("--eval-every", type=int, default=400)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    args = parser.parse_args()

    device = torch.device(args.device)
    cv2.setNumThreads(1)  # see train_fold: no OpenCV thread pool in a process that forks workers
    root = args.dataset
    if not (root / "dataset.json").exists():  # the raw FUSeg folder: convert it first
        converted = pathlib.Path(tempfile.mkdtemp(prefix="fuseg_nnunet_"))
        convert(root, converted)
        root = converted
    meta, train, val = recipe.load_dataset(root)
    print(f"{len(train)} training / {len(val)} validation cases on {device}", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    folds = [[] for _ in range(args.folds)]
    for case in train:
        folds[int(hashlib.md5(case[0].encode()).hexdigest(), 16) % args.folds].append(case)
    report = {"recipe": vars(args) | {"dataset": str(args.dataset), "out": str(args.out)},
              "torch": torch.__version__, "device": str(torch.cuda.get_device_name(0)
                                                       if device.type == "cuda" else "cpu"),
              "folds": []}
    start = time.time()
    for k in range(args.folds):
        rest = [c for j, f in enumerate(folds) if j != k for c in f] if args.folds > 1 else train
        rest = rest or train  # a tiny set whose cases all fell in this fold
        state, metrics, steps, last = train_fold(k, rest, val, args, device)
        torch.save(state, args.out / f"fold{k}.pt")  # a plain state_dict
        torch.save(last, args.out / f"fold{k}_last.pt")
        report["folds"].append({"fold": k, "steps": steps, "training_cases": len(rest),
                                "validation": metrics})
        print(json.dumps(report["folds"][-1]), flush=True)
        (args.out / "folds.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    report["minutes"] = (time.time() - start) / 60.0
    (args.out / "folds.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
