-- cicatrix:rebuilds-tables
-- Migration 5: what sync needs to keep a library and its servers in step, safely.
--
-- 1. photos.capture_time_source gains 'dicom' (the DICOM object's own acquisition date-time) and
--    'dicom_approximate' (its content, series or study date: the day is right, the time may not
--    be). SQLite cannot change a CHECK in place, so the table is rebuilt with the same rows and
--    ids (SQLite's 12-step procedure: the runner turns foreign keys off for this migration and
--    runs foreign_key_check before it commits, see the marker on the first line).
CREATE TABLE photos_v5 (
    id                   INTEGER PRIMARY KEY,
    wound_id             INTEGER NOT NULL REFERENCES wounds(id),
    visit_id             INTEGER REFERENCES visits(id),
    sha256               TEXT NOT NULL UNIQUE,
    captured_at          TEXT NOT NULL,
    capture_time_source  TEXT NOT NULL CHECK (capture_time_source IN
                             ('exif', 'file_time', 'manual', 'dicom', 'dicom_approximate')),
    source               TEXT NOT NULL CHECK (source IN ('clinic', 'home_nurse', 'patient', 'imported')),
    width                INTEGER NOT NULL CHECK (width > 0),
    height               INTEGER NOT NULL CHECK (height > 0),
    exif_orientation     INTEGER NOT NULL DEFAULT 1 CHECK (exif_orientation BETWEEN 1 AND 8),
    media_type           TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
    byte_size            INTEGER NOT NULL,
    original_name        TEXT NOT NULL,
    imported_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
INSERT INTO photos_v5 (id, wound_id, visit_id, sha256, captured_at, capture_time_source, source,
                       width, height, exif_orientation, media_type, byte_size, original_name,
                       imported_at)
    SELECT id, wound_id, visit_id, sha256, captured_at, capture_time_source, source, width, height,
           exif_orientation, media_type, byte_size, original_name, imported_at FROM photos;
DROP TABLE photos;
ALTER TABLE photos_v5 RENAME TO photos;
CREATE INDEX photos_wound_time ON photos(wound_id, captured_at);

-- 2. A photo's DICOM identities. A photo is identified by its SOP Instance UID(s) here and by the
--    sha256 of its bytes in the store: an instance whose UID is known is never fetched again, and
--    one whose bytes are already a photo becomes another identity of that photo, never a copy.
--    origin 'local': the UIDs given to a photo imported here, fixed before its first push so a
--    re-push stores the same instance; 'pulled': received from a server.
CREATE TABLE photo_instances (
    sop_instance_uid  TEXT PRIMARY KEY,
    photo_id          INTEGER NOT NULL REFERENCES photos(id),
    study_uid         TEXT NOT NULL,
    series_uid        TEXT NOT NULL,
    sop_class_uid     TEXT NOT NULL,
    origin            TEXT NOT NULL CHECK (origin IN ('local', 'pulled')),
    created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX photo_instances_photo ON photo_instances(photo_id);
CREATE INDEX photo_instances_study ON photo_instances(study_uid);

-- 3. What each server holds, as last seen. A reconciliation that no longer finds an instance sets
--    deleted_on_server_at; the local photo, its analyses, labels and decisions stay.
CREATE TABLE sync_server_instances (
    server_id             INTEGER NOT NULL REFERENCES sync_servers(id) ON DELETE CASCADE,
    sop_instance_uid      TEXT NOT NULL,
    study_uid             TEXT NOT NULL,
    series_uid            TEXT NOT NULL,
    patient_external_id   TEXT NOT NULL,
    photo_id              INTEGER REFERENCES photos(id),     -- NULL when ignored
    status                TEXT NOT NULL CHECK (status IN ('synced', 'ignored')),
    detail                TEXT NOT NULL DEFAULT '',          -- why ignored
    first_seen_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    last_seen_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    deleted_on_server_at  TEXT,
    PRIMARY KEY (server_id, sop_instance_uid)
);
CREATE INDEX sync_server_instances_photo ON sync_server_instances(photo_id);

-- 4. The outbox: what to push, kept across restarts, retried with backoff.
CREATE TABLE sync_outbox (
    id               INTEGER PRIMARY KEY,
    server_id        INTEGER NOT NULL REFERENCES sync_servers(id) ON DELETE CASCADE,
    photo_id         INTEGER NOT NULL REFERENCES photos(id),
    kind             TEXT NOT NULL DEFAULT 'photo' CHECK (kind IN ('photo', 'segmentation')),
    queued_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    attempts         INTEGER NOT NULL DEFAULT 0,
    last_error       TEXT,
    next_attempt_at  TEXT,
    UNIQUE (server_id, photo_id, kind)
);

-- 5. Per patient folder and server: up to date, pending, or failing with the last error.
CREATE TABLE sync_patient_state (
    server_id            INTEGER NOT NULL REFERENCES sync_servers(id) ON DELETE CASCADE,
    patient_external_id  TEXT NOT NULL,
    state                TEXT NOT NULL CHECK (state IN ('up_to_date', 'pending', 'failing')),
    last_error           TEXT NOT NULL DEFAULT '',
    last_success_at      TEXT,
    updated_at           TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (server_id, patient_external_id)
);

-- 6. Per server: the change-feed cursor and the last runs.
CREATE TABLE sync_server_state (
    server_id                INTEGER PRIMARY KEY REFERENCES sync_servers(id) ON DELETE CASCADE,
    changes_cursor           INTEGER,
    last_full_reconcile_at   TEXT,
    last_sync_at             TEXT,
    last_result              TEXT NOT NULL DEFAULT '',
    last_error               TEXT NOT NULL DEFAULT ''
);

-- 7. Objects being written to the photo store by a live process: written before the object,
--    deleted in the transaction that references it. After a crash, rows whose process is gone
--    name the objects that may be orphans; opening the library removes those no row uses.
CREATE TABLE pending_objects (
    id          INTEGER PRIMARY KEY,
    sha256      TEXT NOT NULL,
    pid         INTEGER NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- Every column naming an object in the photo store, in one place (later migrations that add one
-- redefine this view). The recovery of pending objects keeps whatever it lists.
CREATE VIEW store_references AS
    SELECT sha256 FROM photos
    UNION SELECT mask_sha256 FROM analyses
    UNION SELECT tissue_sha256 FROM analyses WHERE tissue_sha256 IS NOT NULL;
