#!/usr/bin/python3
"""Does a model hold up on photos from other clinics and cameras? Dice of exported TorchScript
models on the validation split (never trained on) as it is and as variants made from it: a small
photo (224 px), a large one (2048 px, upsampled), letterboxed inside a 16:9 frame, half the light,
a warm white balance, strong JPEG compression and slight blur. The network alone, with the same
letterbox preprocessing as the workstation (512², ImageNet normalisation, threshold 0.5); with
`--cicatrix BIN` the workstation's whole pipeline too (`cicatrix eval` on the variants written as
files: bands around the picture left out, post-processing).

    /usr/bin/python3 ml/train/evaluate_variants.py /tmp/fuseg_nnunet assets/models/wound-seg \\
        assets/models/wound-seg-v1 [--limit N] [--json out.json] [--cicatrix build/workstation/cicatrix]
"""
import argparse
import json
import pathlib
import subprocess
import sys
import tempfile

import cv2
import numpy as np
import torch

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import train_segmentation as recipe  # noqa: E402


def small(image, label):
    f = 224 / max(image.shape[:2])
    size = (round(image.shape[1] * f), round(image.shape[0] * f))
    return (cv2.resize(image, size, interpolation=cv2.INTER_AREA),
            cv2.resize(label, size, interpolation=cv2.INTER_NEAREST))


def large(image, label):
    f = 2048 / max(image.shape[:2])
    size = (round(image.shape[1] * f), round(image.shape[0] * f))
    return (cv2.resize(image, size, interpolation=cv2.INTER_CUBIC),
            cv2.resize(label, size, interpolation=cv2.INTER_NEAREST))


def letterboxed(image, label):
    h, w = image.shape[:2]
    width = int(round(h * 16 / 9))
    if width <= w:
        return image, label
    left = (width - w) // 2
    out = np.zeros((h, width, 3), np.uint8)
    out[:, left:left + w] = image
    lab = np.zeros((h, width), label.dtype)
    lab[:, left:left + w] = label
    return out, lab


def dim(image, label):
    return np.clip(image.astype(np.float32) * 0.5, 0, 255).astype(np.uint8), label


def warm(image, label):
    gains = np.array([1.15, 1.0, 0.8], np.float32)  # RGB
    return np.clip(image.astype(np.float32) * gains, 0, 255).astype(np.uint8), label


def jpeg_blur(image, label):
    blurred = cv2.GaussianBlur(image, (0, 0), 1.2)
    ok, enc = cv2.imencode(".jpg", cv2.cvtColor(blurred, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 35])
    return cv2.cvtColor(cv2.imdecode(enc, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB), label


def close_up(image, label):
    """The wound photographed close: a square around it whose side is 1/0.6 of the wound's larger
    extent (the wound spans about 60 % of it; the largest square that fits where that is more), brought to
    1024 px. FUSeg's wounds are small in their photos (median 0.7 % of the area), LUTSeg's leg
    ulcers and many bedside photos fill much of the frame: a net that learnt "wounds are small"
    fails here, on data of the training domain."""
    ys, xs = np.nonzero(label == 1)
    if len(ys) == 0:
        return image, label
    h, w = label.shape
    side = min(max(int((max(ys.max() - ys.min(), xs.max() - xs.min()) + 1) / 0.6), 32), h, w)
    y0 = min(max(0, (ys.min() + ys.max()) // 2 - side // 2), h - side)
    x0 = min(max(0, (xs.min() + xs.max()) // 2 - side // 2), w - side)
    crop, lab = image[y0:y0 + side, x0:x0 + side], label[y0:y0 + side, x0:x0 + side]
    return (cv2.resize(crop, (1024, 1024), interpolation=cv2.INTER_CUBIC),
            cv2.resize(lab, (1024, 1024), interpolation=cv2.INTER_NEAREST))


VARIANTS = {"original": lambda i, l: (i, l), "small_224": small, "large_2048": large,
            "letterbox_16_9": letterboxed, "half_light": dim, "warm_light": warm,
            "jpeg35_blur": jpeg_blur, "close_up": close_up}


def dice(model, cases):
    metrics = recipe.evaluate(model, [("", image, label) for image, label in cases])
    return {key: metrics[key] for key in ("dice_aggregate", "dice_mean")}


def pipeline_dice(cicatrix: pathlib.Path, folder: pathlib.Path, cases) -> dict:
    """`cicatrix eval` of the model in `folder` on the cases written as PNG files."""
    with tempfile.TemporaryDirectory() as tmp:
        images, masks = pathlib.Path(tmp) / "images", pathlib.Path(tmp) / "masks"
        images.mkdir()
        masks.mkdir()
        for k, (image, label) in enumerate(cases):
            cv2.imwrite(str(images / f"{k:04d}.png"), cv2.cvtColor(image, cv2.COLOR_RGB2BGR))
            cv2.imwrite(str(masks / f"{k:04d}.png"), (label == 1).astype(np.uint8) * 255)
        out = subprocess.run([str(cicatrix), "eval", "--model", str(folder), "--images", str(images),
                              "--masks", str(masks), "--json"], check=True, capture_output=True, text=True)
        result = json.loads(out.stdout)
        return {"dice_aggregate": result["dice_aggregate"], "dice_mean": result["dice_mean"]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=pathlib.Path, help="nnU-Net layout (its validation split is used)")
    parser.add_argument("models", type=pathlib.Path, nargs="+", help="model folders (model.pt + model_card.json)")
    parser.add_argument("--limit", type=int, default=0, help="first N validation cases only")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", type=pathlib.Path)
    parser.add_argument("--cicatrix", type=pathlib.Path, help="also score the workstation's pipeline (`cicatrix eval`)")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    _, _, val = recipe.load_dataset(args.dataset)
    val = val[: args.limit] if args.limit else val
    results = {}
    for folder in args.models:
        card = json.loads((folder / "model_card.json").read_text())
        model = torch.jit.load(str(folder / "model.pt"), map_location="cpu").eval()
        name = f"{card['name']} {card['version']}"
        results[name] = {}
        for variant, make in VARIANTS.items():
            cases = [make(image, label) for _, image, label in val]
            results[name][variant] = dice(model, cases)
            print(f"{name:40s} {variant:16s} Dice {results[name][variant]['dice_aggregate']:.4f} "
                  f"(mean {results[name][variant]['dice_mean']:.4f}) on {len(cases)} validation photos",
                  flush=True)
            if args.cicatrix:
                piped = pipeline_dice(args.cicatrix, folder, cases)
                results[name][variant]["pipeline"] = piped
                print(f"{'':40s} {'':16s} workstation pipeline: Dice {piped['dice_aggregate']:.4f} "
                      f"(mean {piped['dice_mean']:.4f})", flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
