-- Migration 3: an analysis keeps what its overlay draws, so the picture agrees with the numbers:
-- the length and width segments as measured (image pixels; on a calibrated photo they are the
-- perspective-corrected axes mapped back into the image) and the tissue label map the
-- percentages were counted on (PNG of class ids at the photo's size, in the photo store).
-- NULL for analyses made before this migration: their overlay shows no axes and classifies
-- tissue again, labelled as such.
ALTER TABLE analyses ADD COLUMN length_x1 REAL;
ALTER TABLE analyses ADD COLUMN length_y1 REAL;
ALTER TABLE analyses ADD COLUMN length_x2 REAL;
ALTER TABLE analyses ADD COLUMN length_y2 REAL;
ALTER TABLE analyses ADD COLUMN width_x1 REAL;
ALTER TABLE analyses ADD COLUMN width_y1 REAL;
ALTER TABLE analyses ADD COLUMN width_x2 REAL;
ALTER TABLE analyses ADD COLUMN width_y2 REAL;
ALTER TABLE analyses ADD COLUMN tissue_sha256 TEXT;
