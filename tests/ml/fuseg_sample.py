"""The FUSeg sample photos and the shipped float weights, as the training-recipe tests read them
(Debian's /usr/bin/python3: torch 1.13, OpenCV); puts ml/train on the import path."""
import pathlib
import sys

import cv2
import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "ml" / "train"))
SAMPLE = ROOT / "tests" / "data" / "fuseg-sample"
WEIGHTS = ROOT / "assets" / "models" / "wound-seg" / "state_dict.pt"


def sample_cases():
    """(name, RGB image, 0/1 wound mask) for each of the 8 sample photos."""
    cases = []
    for path in sorted((SAMPLE / "images").glob("*.jpg")):
        image = cv2.cvtColor(cv2.imread(str(path)), cv2.COLOR_BGR2RGB)
        mask = cv2.imread(str(SAMPLE / "masks" / (path.stem + ".png")), cv2.IMREAD_GRAYSCALE)
        cases.append((path.stem, image, (mask > 0).astype(np.uint8)))
    if len(cases) != 8:
        raise RuntimeError(f"{SAMPLE}: the FUSeg sample has 8 photos, found {len(cases)}")
    return cases
