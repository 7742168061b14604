#!/usr/bin/python3
"""Where the model's outlines differ from LUTSeg's expert outlines, by the experts' tissue class.

LUTSeg's experts outline the whole wound including its epithelialising rim (new pink skin, tissue
class 1); FUSeg, which the model learnt from, outlines the open wound bed. This script reads the
masks `cicatrix eval --save-predictions DIR` wrote and the LUTSeg tissue masks, and prints per photo
and in total the share of each expert tissue class the model left out, then the model's Dice and
area error against the open wound bed alone (slough, granulation, necrosis, other: classes 2–5),
so the two conventions can be told apart. Evaluation only: nothing here is fitted.

    cicatrix eval --model assets/models/wound-seg --images ../shared/datasets/lutseg/images \\
        --masks ../shared/datasets/lutseg/wound_masks --save-predictions /tmp/lut_pred
    /usr/bin/python3 ml/train/score_open_wound.py /tmp/lut_pred ../shared/datasets/lutseg/tissue_masks
"""
import argparse
import json
import pathlib
import sys

import cv2
import numpy as np

CLASSES = {1: "epithelial", 2: "slough", 3: "granulation", 4: "necrotic", 5: "other"}
IGNORE = 255


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("predictions", type=pathlib.Path, help="0/255 PNG masks named by photo stem")
    parser.add_argument("tissue_masks", type=pathlib.Path, help="LUTSeg tissue_masks (class ids, any depth)")
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()

    tissue_files = {p.stem: p for p in args.tissue_masks.rglob("*.png")}
    truth = {k: 0 for k in CLASSES}
    missed = {k: 0 for k in CLASSES}
    rows, errors, dices, inter, total = [], [], [], 0, 0
    for pred_path in sorted(args.predictions.glob("*.png")):
        if pred_path.stem not in tissue_files:
            continue
        tissue = cv2.imread(str(tissue_files[pred_path.stem]), cv2.IMREAD_GRAYSCALE)
        pred = cv2.imread(str(pred_path), cv2.IMREAD_GRAYSCALE)
        if tissue is None or pred is None or tissue.shape != pred.shape:
            print(f"{pred_path.stem}: unreadable or of another size, left out", file=sys.stderr)
            continue
        pred = (pred > 127) & (tissue != IGNORE)
        for k in CLASSES:
            truth[k] += int((tissue == k).sum())
            missed[k] += int(((tissue == k) & ~pred).sum())
        open_bed = (tissue >= 2) & (tissue <= 5)
        a, b = int(pred.sum()), int(open_bed.sum())
        if b == 0:
            continue
        both = int((pred & open_bed).sum())
        errors.append((a - b) / b)
        dices.append(2 * both / (a + b))
        inter, total = inter + both, total + a + b
        rows.append({"id": pred_path.stem, "open_bed_area_error": errors[-1], "open_bed_dice": dices[-1]})
    if not rows:
        print("no prediction matched a tissue mask", file=sys.stderr)
        return 1
    result = {
        "images": len(rows),
        "missed_share_by_class": {CLASSES[k]: missed[k] / truth[k] for k in CLASSES if truth[k]},
        "missed_pixels_by_class": {CLASSES[k]: missed[k] for k in CLASSES if truth[k]},
        "open_bed_dice_aggregate": 2 * inter / total,
        "open_bed_dice_mean": float(np.mean(dices)),
        "open_bed_area_error_mean": float(np.mean(np.abs(errors))),
        "open_bed_area_error_median": float(np.median(np.abs(errors))),
        "open_bed_signed_area_error_mean": float(np.mean(errors)),
        "per_image": rows,
    }
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for r in rows:
        print(f"{r['id']}: open bed Dice {r['open_bed_dice']:.3f}, area {100 * r['open_bed_area_error']:+.1f} %")
    print("left out of the expert outline, by class: " + ", ".join(
        f"{name} {100 * share:.0f} %" for name, share in result["missed_share_by_class"].items()))
    print(f"against the open wound bed: Dice {result['open_bed_dice_aggregate']:.3f} aggregate / "
          f"{result['open_bed_dice_mean']:.3f} mean, area error mean {100 * result['open_bed_area_error_mean']:.1f} % "
          f"median {100 * result['open_bed_area_error_median']:.1f} % (signed {100 * result['open_bed_signed_area_error_mean']:+.1f} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
