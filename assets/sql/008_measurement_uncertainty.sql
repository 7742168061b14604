-- Migration 8: a calibrated measurement carries its 95 % interval and the calibration's quality
-- (issue 11).
--
-- The intervals cover the calibration (marker corners located in the image, carried through the
-- plane fit to the wound) and the outline's pixel quantisation; NULL for a manual or missing
-- calibration and for analyses made before this migration. calibration_quality is the level a
-- nurse reads before the number ('good', 'fair', 'unreliable'); calibration_reasons says why, one
-- reason per line, most serious first (empty when good).
ALTER TABLE analyses ADD COLUMN area_cm2_low REAL;
ALTER TABLE analyses ADD COLUMN area_cm2_high REAL;
ALTER TABLE analyses ADD COLUMN length_mm_low REAL;
ALTER TABLE analyses ADD COLUMN length_mm_high REAL;
ALTER TABLE analyses ADD COLUMN width_mm_low REAL;
ALTER TABLE analyses ADD COLUMN width_mm_high REAL;
ALTER TABLE analyses ADD COLUMN calibration_quality TEXT
    CHECK (calibration_quality IN ('good', 'fair', 'unreliable'));
ALTER TABLE analyses ADD COLUMN calibration_reasons TEXT;
