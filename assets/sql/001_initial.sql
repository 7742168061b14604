-- Migration 1: patients, wounds, visits, photos and the audit trail.
-- Dates are ISO 8601 text. Later migrations add measurements, masks, alerts and triage.

CREATE TABLE patients (
    id            INTEGER PRIMARY KEY,
    external_id   TEXT NOT NULL UNIQUE,            -- hospital identifier (e.g. IPP)
    display_name  TEXT NOT NULL,
    birth_date    TEXT,
    created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE wounds (
    id               INTEGER PRIMARY KEY,
    patient_id       INTEGER NOT NULL REFERENCES patients(id),
    label            TEXT NOT NULL,                -- the wound's id within its patient
    anatomical_site  TEXT NOT NULL DEFAULT '',
    laterality       TEXT NOT NULL DEFAULT 'unspecified'
                     CHECK (laterality IN ('left', 'right', 'bilateral', 'midline', 'unspecified')),
    etiology         TEXT NOT NULL DEFAULT 'unknown'
                     CHECK (etiology IN ('pressure', 'diabetic_foot', 'venous', 'arterial',
                                         'surgical_site', 'traumatic', 'burn', 'other', 'unknown')),
    onset_date       TEXT,
    status           TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'healing', 'healed', 'closed')),
    created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    UNIQUE (patient_id, label)
);
CREATE INDEX wounds_patient ON wounds(patient_id);

CREATE TABLE visits (
    id          INTEGER PRIMARY KEY,
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    visit_date  TEXT NOT NULL,                     -- YYYY-MM-DD
    kind        TEXT NOT NULL DEFAULT 'clinic' CHECK (kind IN ('clinic', 'remote')),
    note        TEXT NOT NULL DEFAULT '',
    UNIQUE (patient_id, visit_date, kind)
);

CREATE TABLE photos (
    id                   INTEGER PRIMARY KEY,
    wound_id             INTEGER NOT NULL REFERENCES wounds(id),
    visit_id             INTEGER REFERENCES visits(id),
    sha256               TEXT NOT NULL UNIQUE,     -- name of the bytes in the photo store
    captured_at          TEXT NOT NULL,            -- YYYY-MM-DDTHH:MM:SS (camera local time)
    capture_time_source  TEXT NOT NULL CHECK (capture_time_source IN ('exif', 'file_time', 'manual')),
    source               TEXT NOT NULL CHECK (source IN ('clinic', 'home_nurse', 'patient', 'imported')),
    width                INTEGER NOT NULL CHECK (width > 0),   -- upright, after EXIF orientation
    height               INTEGER NOT NULL CHECK (height > 0),
    exif_orientation     INTEGER NOT NULL DEFAULT 1 CHECK (exif_orientation BETWEEN 1 AND 8),
    media_type           TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
    byte_size            INTEGER NOT NULL,
    original_name        TEXT NOT NULL,
    imported_at          TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX photos_wound_time ON photos(wound_id, captured_at);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    actor      TEXT NOT NULL,
    action     TEXT NOT NULL,                      -- e.g. 'photo.import'
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    detail     TEXT NOT NULL DEFAULT ''
);
