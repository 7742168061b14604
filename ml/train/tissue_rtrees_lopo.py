#!/usr/bin/python3
"""Would a tissue classifier that also sees texture beat the colour classifier? OpenCV's
ml::RTrees on per-pixel features — CIELAB after a 5 × 5 mean, and with FEATURES >= 1 also CIELAB
after 15 × 15, the local standard deviation of L* over 7 × 7 and 15 × 15, the gradient magnitude
of L* (Gaussian sigma 1.5) and the HSV saturation; FEATURES >= 2 adds CIELAB after 31 × 31 —
fitted on up to 2,000 pixels per class and image of the LUTSeg expert tissue masks, measured
leave one patient out exactly as the workstation's colour classifier is (tissueLeaveOneGroupOut):
mean absolute error of each tissue's share inside the expert wound, in percentage points.

    /usr/bin/python3 ml/train/tissue_rtrees_lopo.py assets/demo [FEATURES TREES DEPTH]

Measured (README, Tissue composition): no variant beat the colour classifier's 14 / 16 / 16 / 20
points (epithelial, slough, granulation, necrosis), so the workstation keeps the colour one.
"""
import glob
import os
import sys

import cv2
import numpy as np


def features(bgr, variant):
    out = [cv2.cvtColor(cv2.blur(bgr, (5, 5)), cv2.COLOR_BGR2Lab).astype(np.float32)]
    if variant >= 1:
        out.append(cv2.cvtColor(cv2.blur(bgr, (15, 15)), cv2.COLOR_BGR2Lab).astype(np.float32))
        lum = cv2.cvtColor(bgr, cv2.COLOR_BGR2Lab)[:, :, 0].astype(np.float32)
        for k in (7, 15):
            mean = cv2.blur(lum, (k, k))
            out.append(np.sqrt(np.maximum(cv2.blur(lum * lum, (k, k)) - mean * mean, 0))[:, :, None])
        smooth = cv2.GaussianBlur(lum, (0, 0), 1.5)
        gx, gy = cv2.Sobel(smooth, cv2.CV_32F, 1, 0), cv2.Sobel(smooth, cv2.CV_32F, 0, 1)
        out.append(np.sqrt(gx * gx + gy * gy)[:, :, None])
        out.append(cv2.cvtColor(cv2.blur(bgr, (5, 5)), cv2.COLOR_BGR2HSV)[:, :, 1:2].astype(np.float32))
    if variant >= 2:
        out.append(cv2.cvtColor(cv2.blur(bgr, (31, 31)), cv2.COLOR_BGR2Lab).astype(np.float32))
    return np.concatenate(out, axis=2)


def composition(labels):
    counts = np.array([(labels == k).sum() for k in range(1, 5)], float)
    return 100 * counts / max(counts.sum(), 1)


def main():
    demo = sys.argv[1]
    variant, trees, depth = (int(v) for v in (sys.argv[2:5] if len(sys.argv) >= 5 else (1, 50, 10)))
    samples = []
    for patient_dir in sorted(glob.glob(os.path.join(demo, "tissue_masks", "*"))):
        patient = os.path.basename(patient_dir)
        for mask in sorted(glob.glob(os.path.join(patient_dir, "*.png"))):
            stem = os.path.splitext(os.path.basename(mask))[0]
            samples.append((patient, cv2.imread(os.path.join(demo, patient, stem + ".jpg")),
                            cv2.imread(mask, cv2.IMREAD_UNCHANGED)))
    rng = np.random.default_rng(0)
    feats = [features(bgr, variant) for _, bgr, _ in samples]
    error, images = np.zeros(4), 0
    for held_out in sorted({p for p, _, _ in samples}):
        xs, ys = [], []
        for (patient, _, labels), f in zip(samples, feats):
            if patient == held_out:
                continue
            for k in range(1, 5):
                where = np.argwhere(labels == k)
                if len(where):
                    pick = where[rng.choice(len(where), min(len(where), 2000), replace=False)]
                    xs.append(f[pick[:, 0], pick[:, 1]])
                    ys.append(np.full(len(pick), k))
        forest = cv2.ml.RTrees_create()
        forest.setMaxDepth(depth)
        forest.setMinSampleCount(10)
        forest.setTermCriteria((cv2.TERM_CRITERIA_MAX_ITER, trees, 0))
        forest.train(np.concatenate(xs).astype(np.float32), cv2.ml.ROW_SAMPLE,
                     np.concatenate(ys).astype(np.int32))
        for (patient, _, labels), f in zip(samples, feats):
            if patient != held_out:
                continue
            where = np.argwhere((labels >= 1) & (labels <= 4))
            _, predicted = forest.predict(f[where[:, 0], where[:, 1]].astype(np.float32))
            out = np.zeros_like(labels)
            out[where[:, 0], where[:, 1]] = predicted[:, 0].astype(np.uint8)
            error += np.abs(composition(labels) - composition(out))
            images += 1
    print(f"features {variant}, {trees} trees, depth {depth}: leave-one-patient-out mean absolute "
          f"error (points) epithelial {error[0] / images:.1f}, slough {error[1] / images:.1f}, "
          f"granulation {error[2] / images:.1f}, necrosis {error[3] / images:.1f} ({images} images)")


if __name__ == "__main__":
    main()
