-- Migration 2: analyses — one row per run of segmentation + measurement on a photo.
-- Rows are never updated: re-running (e.g. with a newer model or a corrected mask) adds a row.
-- Every measurement records the model and the calibration it came from.

CREATE TABLE analyses (
    id                  INTEGER PRIMARY KEY,
    photo_id            INTEGER NOT NULL REFERENCES photos(id),
    created_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    mask_source         TEXT NOT NULL CHECK (mask_source IN ('model', 'manual')),
    mask_sha256         TEXT NOT NULL,              -- PNG (0/255) in the photo store
    model_name          TEXT,                       -- NULL for a manual mask
    model_version       TEXT,
    calibration_source  TEXT NOT NULL CHECK (calibration_source IN ('aruco', 'manual', 'none')),
    calibration_detail  TEXT NOT NULL DEFAULT '',
    mm_per_pixel        REAL,                       -- local scale at the reference, NULL when uncalibrated
    area_px             REAL NOT NULL,
    perimeter_px        REAL NOT NULL,
    length_px           REAL NOT NULL,
    width_px            REAL NOT NULL,
    area_cm2            REAL,                       -- only with a calibration
    perimeter_mm        REAL,
    length_mm           REAL,
    width_mm            REAL,
    tissue_method       TEXT NOT NULL,              -- e.g. 'lab-gaussian-v1 (experimental)'
    epithelial_pct      REAL NOT NULL,
    slough_pct          REAL NOT NULL,
    granulation_pct     REAL NOT NULL,
    necrotic_pct        REAL NOT NULL,
    periwound_redness   REAL,                       -- mean a* in a ring around the wound
    mean_uncertainty    REAL,                       -- model hesitation near the outline (0..1)
    actor               TEXT NOT NULL DEFAULT 'local-user'
);
CREATE INDEX analyses_photo ON analyses(photo_id, id);

-- A calibration entered by hand for a photo (ruler line), used by later analyses of that photo.
CREATE TABLE manual_calibrations (
    id          INTEGER PRIMARY KEY,
    photo_id    INTEGER NOT NULL REFERENCES photos(id),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    x1 REAL NOT NULL, y1 REAL NOT NULL, x2 REAL NOT NULL, y2 REAL NOT NULL,
    length_mm   REAL NOT NULL CHECK (length_mm > 0),
    actor       TEXT NOT NULL DEFAULT 'local-user'
);
CREATE INDEX manual_calibrations_photo ON manual_calibrations(photo_id, id);
