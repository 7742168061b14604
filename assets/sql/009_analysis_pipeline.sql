-- Migration 9: an analysis records the version of the segmentation pipeline that drew its outline
-- (issue 10).
--
-- The same model gives a different outline when the steps around it change: since pipeline 2,
-- uniform bands around the picture (letterboxing) are left out of what the model sees and islands
-- are kept by the model's confidence rather than by size. model_pipeline is ml's
-- kSegmentationPipeline when the model drew the mask; NULL for a manual mask and for analyses
-- made before this migration (pipeline 1 or earlier: not recorded, so not claimed).
ALTER TABLE analyses ADD COLUMN model_pipeline INTEGER CHECK (model_pipeline IS NULL OR model_pipeline >= 1);
