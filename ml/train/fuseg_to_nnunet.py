#!/usr/bin/python3
"""Convert FUSeg 2021 (train/images/NNNN.jpg + train/masks/NNNN.png, 0/255) into the dataset
layout Cicatrix exports and trains on (nnU-Net v2 style, 2-D RGB PNG):

    DST/dataset.json
    DST/imagesTr/<case>_0000.png   RGB photo
    DST/labelsTr/<case>.png        8-bit labels, 0 background, 1 wound

Usage: /usr/bin/python3 ml/train/fuseg_to_nnunet.py ../shared/datasets/fuseg DST
"""
import argparse
import json
import pathlib
import sys

import numpy as np
from PIL import Image


def convert(fuseg: pathlib.Path, out: pathlib.Path) -> int:
    """Writes the dataset; returns the number of cases (0 when there is no photo)."""
    args = argparse.Namespace(fuseg=fuseg, out=out)
    images = sorted((args.fuseg / "train" / "images").glob("*.jpg"))
    if not images:
        print(f"no train/images/*.jpg under {args.fuseg}", file=sys.stderr)
        return 0
    (args.out / "imagesTr").mkdir(parents=True, exist_ok=True)
    (args.out / "labelsTr").mkdir(parents=True, exist_ok=True)
    cases = []
    for image_path in images:
        case = f"fuseg_{image_path.stem}"
        mask_path = args.fuseg / "train" / "masks" / f"{image_path.stem}.png"
        if not mask_path.exists():
            print(f"skipping {image_path.name}: no mask", file=sys.stderr)
            continue
        rgb = np.asarray(Image.open(image_path).convert("RGB"))
        mask = np.asarray(Image.open(mask_path).convert("L"))
        if mask.shape != rgb.shape[:2]:
            print(f"skipping {image_path.name}: mask size {mask.shape} != image {rgb.shape[:2]}", file=sys.stderr)
            continue
        labels = (mask > 127).astype(np.uint8)
        Image.fromarray(rgb).save(args.out / "imagesTr" / f"{case}_0000.png")
        Image.fromarray(labels).save(args.out / "labelsTr" / f"{case}.png")
        cases.append(case)
    dataset = {
        "name": "FUSeg2021",
        "description": "Foot Ulcer Segmentation Challenge 2021 training set (uwm-bigdata/wound-segmentation)",
        "licence": "CC BY-NC 4.0 (FUSeg 2021 data usage agreement)",
        "reference": "C. Wang et al., Fully automatic wound segmentation with deep convolutional neural "
                     "networks, Scientific Reports 10, 21897 (2020); FUSeg 2021 challenge",
        "channel_names": {"0": "R", "1": "G", "2": "B"},
        "labels": {"background": 0, "wound": 1},
        "numTraining": len(cases),
        "file_ending": ".png",
        # Cicatrix extension: grouping for patient-level splits (FUSeg has no patient ids).
        "cicatrix": {"groups": {case: case for case in cases}},
    }
    (args.out / "dataset.json").write_text(json.dumps(dataset, indent=2) + "\n")
    print(f"{len(cases)} cases written to {args.out}")
    return len(cases)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("fuseg", type=pathlib.Path, help="FUSeg folder (holding train/images and train/masks)")
    parser.add_argument("out", type=pathlib.Path, help="output dataset folder")
    args = parser.parse_args()
    return 0 if convert(args.fuseg, args.out) > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
