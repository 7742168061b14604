#!/usr/bin/python3
"""Train Cicatrix's wound-segmentation model from scratch on a dataset in the Cicatrix/nnU-Net
layout (dataset.json, imagesTr/<case>_0000.png, labelsTr/<case>.png with 0/1 labels), then export
TorchScript + a model card that the workstation loads.

    /usr/bin/python3 ml/train/fuseg_to_nnunet.py ../shared/datasets/fuseg /tmp/fuseg_nnunet
    /usr/bin/python3 ml/train/train_segmentation.py /tmp/fuseg_nnunet assets/models/wound-seg --minutes 60

Designed for 2 CPU cores in about an hour (model v2, `--arch lean`, the default): the FLOP-lean
U-Net of lean_unet.py trained on 256-px crops (windows of 0.35–2 crops, zoomed in and out, mostly
around a wound, some random), then, for the last 15 % of the budget, on whole letterboxed photos
as the workstation feeds them; Dice + BCE loss with deep supervision at 1/2; rotations, flips and
the photographing conditions of other clinics (white balance, exposure, gamma, colour, blur,
noise, JPEG, small cameras, letterbox bands) and, on a quarter of the crops, a wound-coloured floor
or fabric beyond the skin (background_augment.py); with `--tissue-p`, slough or necrosis painted
into part of the wound on that share of the photos (tissue_augment.py, off by default); AdamW with
a cosine schedule over the time budget.
`--arch unet` is model v1 (unet.py). Everything is seeded; the validation split is deterministic
(md5 of the case's group id, 1 in 10). The best checkpoint by validation Dice is exported
(TorchScript, frozen, with its plain state_dict beside it) and
`last_state_dict.pt` is saved at each validation, so a run can be continued with `--init`.
`--state-dict` skips training and exports given state_dicts (e.g. trained on a GPU machine with a
newer torch by train_gpu.py; several make an ensemble averaging their logits); with `--tta-flips`
the export averages each photo with its mirror image (twice the forward passes; the card's
`inference` says so and its validation figures include it).

Datasets exported from a library (`cicatrix export --format nnunet`, wound classes) work as they
are: label wound = 1, unsure pixels as `ignore` (left out of loss and score), patient groups in
`cicatrix.groups`. A tiny set works too: batches are drawn with replacement when there are fewer
cases than the batch, every case trains when the split would leave none for training, and with no
validation case the last state is exported and the card says so (no made-up score). `--steps`
caps the run (e.g. `--steps 30` for a smoke run); `--name` and `--model-version` label the card.
"""
import argparse
import datetime
import hashlib
import json
import math
import pathlib
import random
import sys
import time

import cv2
import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import quantize_int8  # noqa: E402
from background_augment import paste_background  # noqa: E402
from tissue_augment import paint_tissue  # noqa: E402
from lean_unet import LeanUNet  # noqa: E402
from unet import UNet  # noqa: E402

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
INPUT_SIZE = 512
CROP = 256  # training crop (pixels fed to the net); --crop changes it
UNSURE = 255  # a target pixel left out of the loss and the score
BACKGROUND_P = 0.25  # share of crops given a wound-coloured surface beyond the skin


def load_dataset(root: pathlib.Path):
    meta = json.loads((root / "dataset.json").read_text())
    if meta.get("file_ending") != ".png" or meta.get("labels", {}).get("wound") != 1:
        raise SystemExit("dataset.json must describe PNG files with label wound = 1")
    groups = meta.get("cicatrix", {}).get("groups", {})
    ignore = meta["labels"].get("ignore")  # unsure pixels: neither trained on nor scored
    cases = sorted(p.name[: -len("_0000.png")] for p in (root / "imagesTr").glob("*_0000.png"))
    train, val = [], []
    for case in cases:
        image = cv2.cvtColor(cv2.imread(str(root / "imagesTr" / f"{case}_0000.png")), cv2.COLOR_BGR2RGB)
        label = cv2.imread(str(root / "labelsTr" / f"{case}.png"), cv2.IMREAD_GRAYSCALE)
        if image is None or label is None or image.shape[:2] != label.shape:
            raise SystemExit(f"case {case}: missing or mismatched image/label")
        group = groups.get(case, case)
        is_val = int(hashlib.md5(group.encode()).hexdigest(), 16) % 10 == 0
        target = (label == 1).astype(np.uint8)
        if ignore is not None:
            target[label == ignore] = UNSURE
        (val if is_val else train).append((case, image, target))
    if not cases:
        raise SystemExit(f"{root}: no case in imagesTr")
    if not train:  # a tiny set whose groups all fall in the validation split: train on them all
        print(f"only {len(val)} case(s), all in the validation split: training on every case, "
              "no validation", flush=True)
        train, val = val, []
    return meta, train, val


def letterbox(image: np.ndarray, size: int, interpolation) -> tuple[np.ndarray, float, int, int]:
    h, w = image.shape[:2]
    scale = size / max(h, w)
    nh, nw = max(1, round(h * scale)), max(1, round(w * scale))
    resized = cv2.resize(image, (nw, nh), interpolation=interpolation)
    out = np.zeros((size, size) + image.shape[2:], dtype=image.dtype)
    top, left = (size - nh) // 2, (size - nw) // 2
    out[top:top + nh, left:left + nw] = resized
    return out, scale, top, left


def to_tensor(rgb: np.ndarray) -> torch.Tensor:
    x = torch.from_numpy(rgb).float().permute(2, 0, 1) / 255.0
    return (x - torch.tensor(MEAN)[:, None, None]) / torch.tensor(STD)[:, None, None]


def augment_photo(rng: random.Random, img: np.ndarray, lab: np.ndarray):
    """Photographing conditions of other clinics and cameras: white balance, exposure and gamma,
    colour shifts, blur, sensor noise, JPEG recompression, a small camera (down- then upscaled)
    and letterbox bands. The floor-as-wound failure is a colour/context one: colour varies a lot."""
    img = np.ascontiguousarray(img)
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV).astype(np.float32)
    hsv[..., 0] = (hsv[..., 0] + rng.uniform(-10, 10)) % 180
    hsv[..., 1] *= rng.uniform(0.6, 1.4)
    hsv[..., 2] *= rng.uniform(0.6, 1.35)
    img = cv2.cvtColor(np.clip(hsv, 0, 255).astype(np.uint8), cv2.COLOR_HSV2RGB).astype(np.float32)
    img *= np.array([rng.uniform(0.85, 1.15) for _ in range(3)], dtype=np.float32)  # white balance
    gamma = rng.uniform(0.7, 1.4)
    img = 255.0 * (np.clip(img, 0, 255) / 255.0) ** gamma
    if rng.random() < 0.2:
        img += np.random.default_rng(rng.randrange(1 << 30)).normal(0, rng.uniform(2, 8), img.shape)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if rng.random() < 0.2:
        sigma = rng.uniform(0.5, 1.6)
        img = cv2.GaussianBlur(img, (0, 0), sigma)
    if rng.random() < 0.2:  # a small photo brought up to size
        h, w = img.shape[:2]
        f = rng.uniform(0.3, 0.6)
        small = cv2.resize(img, (max(8, int(w * f)), max(8, int(h * f))), interpolation=cv2.INTER_AREA)
        img = cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
    if rng.random() < 0.3:
        ok, enc = cv2.imencode(".jpg", cv2.cvtColor(img, cv2.COLOR_RGB2BGR),
                               [cv2.IMWRITE_JPEG_QUALITY, rng.randint(35, 90)])
        if ok:
            img = cv2.cvtColor(cv2.imdecode(enc, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)
    if rng.random() < 0.15:  # letterbox bands (black); what they cover is background
        h, w = img.shape[:2]
        band = rng.randint(h // 16, h // 4)
        lab = lab.copy()
        if rng.random() < 0.5:
            img[:band], img[h - band:] = 0, 0
            lab[:band], lab[h - band:] = 0, 0
        else:
            img[:, :band], img[:, w - band:] = 0, 0
            lab[:, :band], lab[:, w - band:] = 0, 0
    return img, lab


def sample_crop(rng: random.Random, image: np.ndarray, label: np.ndarray, crop: int,
                window_min: float = 0.35, background_p: float = 0.0, tissue_p: float = 0.0):
    """A window around a wound pixel (mostly) or anywhere, resized to `crop`; its side is drawn
    log-uniformly between `window_min` (0.35) and 2 crops (at most the photo): zoomed out it gives
    context, zoomed in it shows a wound several times larger than FUSeg's (median 0.7 % of the
    photo), so the net does not learn that wounds are small (the first v2 trial, with windows of
    0.75–2 crops, missed LUTSeg's large leg ulcers). Then rotations, flips, with probability
    `background_p` a wound-coloured surface beyond the skin (background_augment.py), with
    probability `tissue_p` slough or necrosis painted into the wound (tissue_augment.py), and photo
    augmentation."""
    h, w = label.shape
    size = max(16, min(int(crop * math.exp(rng.uniform(math.log(window_min), math.log(2.0)))), h, w))
    ys, xs = np.nonzero(label == 1)
    if len(ys) > 0 and rng.random() < 0.7:
        i = rng.randrange(len(ys))
        cy, cx = ys[i] + rng.randint(-size // 3, size // 3), xs[i] + rng.randint(-size // 3, size // 3)
    else:
        cy, cx = rng.randrange(h), rng.randrange(w)
    y0 = min(max(0, cy - size // 2), max(0, h - size))
    x0 = min(max(0, cx - size // 2), max(0, w - size))
    img = cv2.resize(image[y0:y0 + size, x0:x0 + size], (crop, crop), interpolation=cv2.INTER_AREA)
    lab = cv2.resize(label[y0:y0 + size, x0:x0 + size], (crop, crop), interpolation=cv2.INTER_NEAREST)
    k = rng.randrange(4)
    img, lab = np.rot90(img, k), np.rot90(lab, k)
    if rng.random() < 0.5:
        img, lab = img[:, ::-1], lab[:, ::-1]
    img, lab = np.ascontiguousarray(img), np.ascontiguousarray(lab)
    if rng.random() < background_p:
        img, lab = paste_background(rng, img, lab)
    if tissue_p and rng.random() < tissue_p:
        img, lab = paint_tissue(rng, img, lab)
    img, lab = augment_photo(rng, img, lab)
    return img, np.ascontiguousarray(lab)


def sample_full(rng: random.Random, image: np.ndarray, label: np.ndarray, tissue_p: float = 0.0):
    """The whole photo letterboxed to the input size, as the workstation feeds it (fine-tuning);
    with probability `tissue_p` slough or necrosis painted into the wound (tissue_augment.py)."""
    img, _, _, _ = letterbox(image, INPUT_SIZE, cv2.INTER_AREA)
    lab, _, _, _ = letterbox(label, INPUT_SIZE, cv2.INTER_NEAREST)
    if rng.random() < 0.5:
        img, lab = img[:, ::-1], lab[:, ::-1]
    if tissue_p and rng.random() < tissue_p:
        img, lab = paint_tissue(rng, img, lab)  # it paints a copy: a mirrored view is fine
    img, lab = augment_photo(rng, img, np.ascontiguousarray(lab))
    return img, np.ascontiguousarray(lab)


def make_model(arch: str):
    return LeanUNet() if arch == "lean" else UNet(16)


class Ensemble(torch.nn.Module):
    """Members' logits averaged (e.g. the folds trained by train_gpu.py); TorchScript-friendly."""

    def __init__(self, members):
        super().__init__()
        self.members = torch.nn.ModuleList(members)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        total = torch.zeros_like(x[:, :1])
        for member in self.members:
            total = total + member(x)
        return total / len(self.members)


class FlipAveraged(torch.nn.Module):
    """Test-time augmentation: the logits of the photo and of its mirror image (mirrored back),
    averaged — two forward passes, and an outline that does not depend on the photo's handedness."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return (self.model(x) + torch.flip(self.model(torch.flip(x, [3])), [3])) / 2


def training_loss(model, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Dice + BCE at full resolution, plus 0.4 × the same at 1/2 for the lean net (deep
    supervision)."""
    if isinstance(model, LeanUNet):
        logits, aux = model.forward_train(x)
        half = F.interpolate(y, size=aux.shape[-2:], mode="nearest")
        return dice_bce(logits, y) + 0.4 * dice_bce(aux, half)
    return dice_bce(model(x), y)


def dice_bce(logits: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    valid = (target != UNSURE).float()
    target = target * valid
    bce = F.binary_cross_entropy_with_logits(logits, target, weight=valid)
    prob = torch.sigmoid(logits) * valid
    inter = (prob * target).sum()
    dice = 1 - (2 * inter + 1) / (prob.sum() + target.sum() + 1)
    return bce + dice


def case_overlap(model, image: np.ndarray, label: np.ndarray, device) -> tuple[int, int]:
    """The whole photo letterboxed as the workstation feeds it, scored at its own resolution:
    (predicted ∩ truth, predicted + truth) in pixels, unsure pixels left out."""
    boxed, _, top, left = letterbox(image, INPUT_SIZE, cv2.INTER_AREA)
    logits = model(to_tensor(boxed)[None].to(device))[0, 0].float().cpu().numpy()
    h, w = label.shape
    scale = INPUT_SIZE / max(h, w)
    nh, nw = round(h * scale), round(w * scale)
    pred = cv2.resize((logits[top:top + nh, left:left + nw] > 0).astype(np.uint8), (w, h),
                      interpolation=cv2.INTER_NEAREST)
    scored = label != UNSURE
    pred, truth = pred & scored, (label == 1) & scored
    return int((pred & truth).sum()), int(pred.sum() + truth.sum())


def overlap_dice(inter: int, total: int) -> float:
    """Dice from case_overlap's two sums; a photo without wound where none is outlined scores 1."""
    return 1.0 if total == 0 else 2 * inter / total


@torch.no_grad()
def evaluate(model, val):
    if not val:
        return {"images": 0, "note": "no validation case (dataset too small for the split)"}
    model.eval()
    # scored where it trains (a GPU: train_gpu.py); a quantized graph may hold no float parameter
    device = next((p.device for p in model.parameters()), torch.device("cpu"))
    inter = total = union = 0
    per_image = []
    for _, image, label in val:
        i, s = case_overlap(model, image, label, device)
        inter, total, union = inter + i, total + s, union + s - i
        per_image.append(overlap_dice(i, s))
    model.train()
    return {"dice_aggregate": 2 * inter / max(total, 1), "dice_mean": float(np.mean(per_image)),
            "iou_aggregate": inter / max(union, 1), "images": len(val)}


@torch.no_grad()
def hard_case_weights(model, train, emphasis: float) -> list[float]:
    """Sampling weights that show the start net its failures more often: 1 + emphasis × (1 − its
    Dice on the whole photo) per training case (a photo without wound scores 0 when the net
    outlines anything on it). Up to 1 + emphasis times as often as a case it already gets right."""
    model.eval()
    weights = []
    for _, image, label in train:
        i, s = case_overlap(model, image, label, torch.device("cpu"))
        weights.append(1.0 + emphasis * (1.0 - overlap_dice(i, s)))
    model.train()
    return weights


def export(model, out: pathlib.Path, meta, train, val, metrics, trained_for: str,
           name: str = "cicatrix-wound-unet", version: str = "1.0.0", arch: str = "unet",
           float_model=None, int8=None):
    """TorchScript (frozen) + the card; a single model's plain float
    state_dict is shipped beside it (state_dict.pt: the benchmark's eager comparison). With
    `int8` (what quantize_int8 did, and the float model's validation figures) `model` is the
    quantized graph and `float_model` the trained net it came from."""
    out.mkdir(parents=True, exist_ok=True)
    model.eval()
    # Frozen (weights folded in as constants). optimize_for_inference is applied by the workstation
    # when it loads the model, not here: with torch 1.13 a saved optimize_for_inference graph cannot
    # be loaded again ("required keyword attribute 'value' is undefined").
    scripted = torch.jit.freeze(torch.jit.script(model))
    scripted.save(str(out / "model.pt"))
    flips = isinstance(model, FlipAveraged)
    inner = float_model if float_model is not None else (model.model if flips else model)
    if not isinstance(inner, Ensemble):
        torch.save(inner.state_dict(), out / "state_dict.pt")
    digest = hashlib.sha256((out / "model.pt").read_bytes()).hexdigest()
    card = {
        "format": "cicatrix-model-card/1",
        "name": name,
        "version": version,
        "task": "binary wound segmentation",
        "file": "model.pt",
        "sha256": digest,
        "classes": [{"id": 0, "key": "background", "color": [0, 0, 0]},
                    {"id": 1, "key": "wound", "color": [255, 80, 60]}],
        "input": {"width": INPUT_SIZE, "height": INPUT_SIZE, "channels": 3, "color_order": "RGB",
                  "layout": "NCHW", "dtype": "float32", "resize": "letterbox", "pad_value": 0},
        "normalisation": {"scale": 1.0 / 255.0, "mean": MEAN, "std": STD},
        "output": {"kind": "logits", "channels": 1, "activation": "sigmoid", "threshold": 0.5},
        "training_data": {
            "name": meta.get("name", "unknown"), "licence": meta.get("licence", "unknown"),
            "reference": meta.get("reference", ""), "training_cases": len(train), "validation_cases": len(val),
            "validation_split": "md5(group id) mod 10 == 0 (deterministic)"},
        "training": {"framework": f"torch {torch.__version__}", "details": trained_for,
                     "architecture": arch,
                     "members": len(inner.members) if isinstance(inner, Ensemble) else 1},
        # Baked into model.pt: the workstation runs it as it is; the figures below include it.
        "inference": {"test_time_flips": flips, "forward_passes": (2 if flips else 1) *
                      (len(inner.members) if isinstance(inner, Ensemble) else 1),
                      **({"int8": int8} if int8 else {})},
        "metrics": {"validation": metrics},
        "date": datetime.date.today().isoformat(),
        "status": "experimental — not a medical device; check every outline",
    }
    (out / "model_card.json").write_text(json.dumps(card, indent=2) + "\n")
    print(json.dumps(card["metrics"], indent=2))


def cpu_flags() -> str:
    """The CPU's int8 dot-product support, for the card: oneDNN's int8 without VNNI (AVX2 alone)
    sums u8 × s8 pairs in saturating 16-bit, so an int8 model is validated on the path it ran."""
    try:
        flags = next(line for line in open("/proc/cpuinfo") if line.startswith("flags")).split()
    except (OSError, StopIteration):
        return "unknown"
    vnni = [f for f in ("avx512_vnni", "avx_vnni", "amx_int8") if f in flags]
    return ("x86 with " + ", ".join(vnni)) if vnni else ("x86 without VNNI (AVX2: 16-bit saturating int8 sums)"
                                                        if "avx2" in flags else "no AVX2")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", type=pathlib.Path)
    parser.add_argument("out", type=pathlib.Path)
    parser.add_argument("--minutes", type=float, default=60.0, help="training time budget")
    parser.add_argument("--steps", type=int, default=0, help="stop after this many steps (0: time only)")
    parser.add_argument("--name", default="cicatrix-wound-unet", help="model name in the card")
    parser.add_argument("--model-version", default="1.0.0", help="model version in the card")
    parser.add_argument("--arch", choices=["lean", "unet"], default="lean",
                        help="lean: model v2 (lean_unet.py); unet: model v1 (unet.py)")
    parser.add_argument("--crop", type=int, default=CROP, help="training crop side in pixels")
    parser.add_argument("--window-min", type=float, default=0.35,
                        help="smallest crop window, in crops (below 1: zoomed in; the first v2 "
                             "trial used 0.75)")
    parser.add_argument("--full-fraction", type=float, default=0.15,
                        help="last fraction of the budget trained on whole letterboxed photos")
    parser.add_argument("--background-p", type=float, default=BACKGROUND_P,
                        help="share of crops given a wound-coloured surface beyond the skin (floors, tiles)")
    parser.add_argument("--tissue-p", type=float, default=0.0,
                        help="share of crops and photos showing a wound that get slough or necrosis "
                             "painted into it (tissue_augment.py)")
    parser.add_argument("--full-batch", type=int, default=4)
    parser.add_argument("--batch", type=int, default=8)
    parser.add_argument("--lr", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--eval-every", type=int, default=250, help="steps between validations")
    parser.add_argument("--state-dict", type=pathlib.Path, nargs="+",
                        help="export this state_dict instead of training (several: their ensemble)")
    parser.add_argument("--trained-where", default="",
                        help="with --state-dict: where and how long they trained, for the card")
    parser.add_argument("--init", type=pathlib.Path, help="start training from this state_dict (continue / fine-tune)")
    parser.add_argument("--hard-cases", type=float, default=0.0, metavar="EMPHASIS",
                        help="with --init: draw each training case with weight 1 + EMPHASIS × (1 − the "
                             "start net's Dice on it), so its failures come round more often")
    parser.add_argument("--tta-flips", action="store_true",
                        help="with --state-dict: export with test-time flips (the photo and its mirror "
                             "image averaged; twice the forward passes), validated as exported")
    parser.add_argument("--int8", type=int, metavar="PHOTOS", default=0,
                        help="with --state-dict: quantize to int8 (quantize_int8.py), calibrated on this "
                             f"many training photos; refused when the validation Dice drops by {quantize_int8.MAX_DICE_DROP} or more")
    args = parser.parse_args()

    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    cv2.setNumThreads(1)
    meta, train, val = load_dataset(args.dataset)
    print(f"{len(train)} training / {len(val)} validation cases", flush=True)
    model = make_model(args.arch)

    if args.state_dict:
        members = []
        for path in args.state_dict:
            member = make_model(args.arch)
            member.load_state_dict(torch.load(path, map_location="cpu"))
            members.append(member)
        model = members[0] if len(members) == 1 else Ensemble(members)
        float_model, int8 = model.eval(), None
        if args.int8:
            float_metrics = evaluate(FlipAveraged(model) if args.tta_flips else model, val)
            calibration = quantize_int8.calibration_inputs(random.Random(args.seed), train, args.int8, INPUT_SIZE,
                                                           letterbox, to_tensor, augment_photo)
            model = quantize_int8.quantize(float_model.eval(), calibration)
        if args.tta_flips:
            model = FlipAveraged(model)
        metrics = evaluate(model, val)
        if args.int8 and val:
            for key in ("dice_aggregate", "dice_mean"):
                print(f"int8: validation {key} {metrics[key]:.4f}, float {float_metrics[key]:.4f}", flush=True)
            if why := quantize_int8.refusal(float_metrics, metrics):
                raise SystemExit(why)
        if args.int8:
            int8 = {"engine": quantize_int8.ENGINE, "scheme": "post-training, FX graph mode: weights per "
                    "channel, activations per tensor (histogram observers)",
                    "calibration": f"{min(args.int8, len(train))} training photos, each as it is and once "
                                   "through the training augmentation, both also mirrored",
                    "validated_on_cpu": cpu_flags(),
                    "validation_float": float_metrics}
        export(model, args.out, meta, train, val, metrics,
               f"{args.arch} net, state_dict {', '.join(p.name for p in args.state_dict)}"
               + (f" ({len(members)} averaged)" if len(members) > 1 else "")
               + ("; test-time flips" if args.tta_flips else "")
               + ("; int8" if int8 else "")
               + (f"; {args.trained_where}" if args.trained_where else ""),
               args.name, args.model_version, args.arch, float_model, int8)
        return 0

    if args.init:
        model.load_state_dict(torch.load(args.init, map_location="cpu"))
        print(f"starting from {args.init}", flush=True)
        if val:
            start_metrics = evaluate(model, val)
            print(f"start net: val dice={start_metrics['dice_aggregate']:.4f} mean={start_metrics['dice_mean']:.4f}",
                  flush=True)
    weights = None
    if args.hard_cases > 0:
        if not args.init:
            raise SystemExit("--hard-cases needs --init: the weights come from the start net's failures")
        weights = hard_case_weights(model, train, args.hard_cases)
        print(f"hard cases: weights {min(weights):.2f}-{max(weights):.2f}, "
              f"{sum(w > 1 + args.hard_cases / 2 for w in weights)} cases under Dice 0.5", flush=True)
    rng = random.Random(args.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=1e-4)
    budget = args.minutes * 60.0
    start = time.time()
    best, best_state, step, full_steps = None, None, 0, 0
    losses = []
    while True:
        elapsed = time.time() - start
        if elapsed > budget or (args.steps and step >= args.steps):
            break
        lr = 0.5 * args.lr * (1 + math.cos(math.pi * min(1.0, elapsed / budget)))
        lr = max(lr, args.lr * 0.02)
        for group in opt.param_groups:
            group["lr"] = lr
        full = elapsed > budget * (1.0 - args.full_fraction)  # the fine-tuning phase
        size = args.full_batch if full else args.batch
        if weights is not None:
            picked = rng.choices(train, weights=weights, k=size)
        else:
            picked = rng.sample(train, size) if len(train) >= size else rng.choices(train, k=size)
        batch = [sample_full(rng, img, lab, args.tissue_p) if full
                 else sample_crop(rng, img, lab, args.crop, args.window_min, args.background_p, args.tissue_p)
                 for _, img, lab in picked]
        x = torch.stack([to_tensor(img) for img, _ in batch])
        y = torch.stack([torch.from_numpy(lab).float()[None] for _, lab in batch])
        loss = training_loss(model, x, y)
        full_steps += int(full)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        step += 1
        last = time.time() - start > budget or (args.steps and step >= args.steps)
        if val and (step % args.eval_every == 0 or last):
            metrics = evaluate(model, val)
            print(f"step {step} t={elapsed / 60:.1f}min lr={lr:.5f} loss={np.mean(losses[-args.eval_every:]):.4f} "
                  f"val dice={metrics['dice_aggregate']:.4f} mean={metrics['dice_mean']:.4f}", flush=True)
            if best is None or metrics["dice_aggregate"] > best["dice_aggregate"]:
                best = metrics
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
                args.out.mkdir(parents=True, exist_ok=True)
                torch.save(best_state, args.out / "best_state_dict.pt")
            torch.save(model.state_dict(), args.out / "last_state_dict.pt")  # resume with --init
    if best_state is None:
        best = evaluate(model, val)
        best_state = model.state_dict()
    model.load_state_dict(best_state)
    print(f"{step} steps in {time.time() - start:.0f} s, loss {np.mean(losses[-50:]) if losses else float('nan'):.4f}",
          flush=True)
    export(model, args.out, meta, train, val, best,
           f"{args.arch} net: {step - full_steps} steps of batch {args.batch} ({args.crop}-px crops with "
           f"context) then {full_steps} of batch {args.full_batch} whole {INPUT_SIZE}-px photos, "
           f"in {(time.time() - start) / 60:.1f} min "
           f"(budget {args.minutes:g} min{f', {args.steps} steps' if args.steps else ''}) on {args.threads} CPU threads, "
           f"seed {args.seed}" + (f", continued from {args.init.name}" if args.init else ""),
           args.name, args.model_version, args.arch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
