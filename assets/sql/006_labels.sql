-- Migration 6: reviewed training labels (issue 8).
--
-- A label version is a label map (PNG of class ids at the photo's size, in the photo store) of
-- one photo. Versions are never overwritten: an AI draft (model name and version), then work in
-- progress, submitted by its annotator, approved by a reviewer who is not the annotator, or sent
-- back with a comment. A later correction of an approved label is a new version (parent_id) that
-- is reviewed again. The triggers keep an approved version immutable and undeletable.
CREATE TABLE users (
    name        TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE label_versions (
    id              INTEGER PRIMARY KEY,
    photo_id        INTEGER NOT NULL REFERENCES photos(id),
    version         INTEGER NOT NULL CHECK (version >= 1),     -- 1, 2, … per photo
    parent_id       INTEGER REFERENCES label_versions(id),      -- the version it was edited from
    status          TEXT NOT NULL CHECK (status IN
                        ('ai_draft', 'in_progress', 'submitted', 'approved', 'sent_back')),
    labels_sha256   TEXT NOT NULL,                              -- PNG of class ids (photo store)
    source          TEXT NOT NULL CHECK (source IN ('model', 'manual', 'import')),
    model_name      TEXT,                                       -- for AI drafts
    model_version   TEXT,
    created_by      TEXT NOT NULL,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    submitted_by    TEXT,
    submitted_at    TEXT,
    reviewed_by     TEXT,
    reviewed_at     TEXT,
    review_comment  TEXT NOT NULL DEFAULT '',
    UNIQUE (photo_id, version),
    CHECK (status <> 'approved' OR (submitted_by IS NOT NULL AND reviewed_by IS NOT NULL
                                    AND reviewed_by <> submitted_by)),
    CHECK (status <> 'sent_back' OR length(trim(review_comment)) > 0)
);
CREATE INDEX label_versions_photo ON label_versions(photo_id, version);
CREATE INDEX label_versions_status ON label_versions(status);

CREATE TRIGGER label_versions_approved_is_immutable
BEFORE UPDATE ON label_versions WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'an approved label version cannot change; make a new version');
END;

CREATE TRIGGER label_versions_approved_is_kept
BEFORE DELETE ON label_versions WHEN OLD.status = 'approved'
BEGIN
    SELECT RAISE(ABORT, 'an approved label version cannot be deleted');
END;

-- The segmentation model the library uses for new analyses (one row; absent: the shipped one).
CREATE TABLE active_model (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    model_name      TEXT NOT NULL,
    model_version   TEXT NOT NULL,
    model_dir       TEXT NOT NULL,
    activated_by    TEXT NOT NULL,
    activated_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

DROP VIEW store_references;
CREATE VIEW store_references AS
    SELECT sha256 FROM photos
    UNION SELECT mask_sha256 FROM analyses
    UNION SELECT tissue_sha256 FROM analyses WHERE tissue_sha256 IS NOT NULL
    UNION SELECT labels_sha256 FROM label_versions;
