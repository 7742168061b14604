-- Migration 7: comparing visits, teleconsultation triage and telemonitoring enrolment (issue 9).
--
-- Times are UTC ISO 8601 text ('YYYY-MM-DDTHH:MM:SSZ'); queries compare them with julianday().

-- What aligning two visits needs: the calibration marker's plane homography of an ArUco analysis
-- (image pixels -> millimetres on the wound plane, marker's top-left corner at the origin), as
-- a JSON array of 9 numbers in row-major order. NULL for a manual or missing calibration and for
-- analyses made before this migration.
ALTER TABLE analyses ADD COLUMN plane_homography TEXT;

-- Alerts raised by the healing-trend rules (ml/healing_trends), stored so that the triage inbox
-- ranks by them across restarts. One row per wound, rule and photo whose analysis raised it; an
-- alert the rules no longer raise (a newer analysis, a corrected mask) gets cleared_at.
-- severity: 3 = possible infection (periwound redness), 2 = worsening (area increase, necrosis
-- rising), 1 = stalled healing.
CREATE TABLE wound_alerts (
    id           INTEGER PRIMARY KEY,
    wound_id     INTEGER NOT NULL REFERENCES wounds(id),
    photo_id     INTEGER NOT NULL REFERENCES photos(id),
    kind         TEXT NOT NULL CHECK (kind IN ('stalled_healing', 'area_increase',
                                               'necrosis_rising', 'periwound_redness')),
    severity     INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 3),
    title        TEXT NOT NULL,
    explanation  TEXT NOT NULL,
    raised_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    cleared_at   TEXT,
    UNIQUE (wound_id, kind, photo_id)
);
CREATE INDEX wound_alerts_open ON wound_alerts(wound_id) WHERE cleared_at IS NULL;

-- Teleconsultation triage. A photo from home (source home_nurse or patient) waits in the inbox
-- until a decision is recorded on a photo of its wound that arrived (imported_at, then id) at the
-- same time or later: deciding on the newest photo of a wound covers the earlier ones the nurse
-- saw with it, while a newer arrival waits. Decisions are a history: never changed, never
-- deleted.
CREATE TABLE triage_decisions (
    id          INTEGER PRIMARY KEY,
    wound_id    INTEGER NOT NULL REFERENCES wounds(id),
    photo_id    INTEGER NOT NULL REFERENCES photos(id),       -- the inbox item decided on
    decision    TEXT NOT NULL CHECK (decision IN ('no_action', 'advice', 'treatment_adjusted',
                                                  'consultation')),
    note        TEXT NOT NULL DEFAULT '',
    decided_by  TEXT NOT NULL CHECK (length(trim(decided_by)) > 0),
    decided_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX triage_decisions_wound ON triage_decisions(wound_id, decided_at);

CREATE TRIGGER triage_decisions_are_history_no_update
BEFORE UPDATE ON triage_decisions
BEGIN
    SELECT RAISE(ABORT, 'a triage decision cannot change; record a new one');
END;

CREATE TRIGGER triage_decisions_are_history_no_delete
BEFORE DELETE ON triage_decisions
BEGIN
    SELECT RAISE(ABORT, 'a triage decision cannot be deleted');
END;

-- Telemonitoring enrolments: a signed token (printed as a QR code on the patient's handout)
-- that lets photos from home into one wound's folder until it expires or is revoked. `nonce` is
-- the token's own id; the token text is kept so the handout can be printed again.
CREATE TABLE enrolments (
    id          INTEGER PRIMARY KEY,
    nonce       TEXT NOT NULL UNIQUE,
    patient_id  INTEGER NOT NULL REFERENCES patients(id),
    wound_id    INTEGER NOT NULL REFERENCES wounds(id),
    token       TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT,
    revoked_by  TEXT,
    CHECK ((revoked_at IS NULL) = (revoked_by IS NULL))
);
CREATE INDEX enrolments_wound ON enrolments(wound_id);

-- Photos that arrived with a token that did not hold (forged, expired, revoked, for another
-- patient or wound, malformed, unknown): their bytes are kept in the photo store, never as a row
-- of `photos`, until a user files them into a wound (filed_photo_id) or discards them.
-- reason: a key (forged | expired | revoked | wrong_patient | wrong_wound | malformed |
-- unknown_enrolment | no_token); detail: the sentence shown to the user.
CREATE TABLE quarantine_items (
    id                INTEGER PRIMARY KEY,
    sha256            TEXT NOT NULL,
    original_name     TEXT NOT NULL,
    media_type        TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
    byte_size         INTEGER NOT NULL,
    photo_source      TEXT NOT NULL CHECK (photo_source IN ('home_nurse', 'patient')),
    arrived_via       TEXT NOT NULL CHECK (arrived_via IN ('import', 'sync')),
    sop_instance_uid  TEXT,                                  -- for a photo pulled by sync
    token             TEXT NOT NULL DEFAULT '',
    claimed_patient   TEXT NOT NULL DEFAULT '',              -- patient external id claimed
    claimed_wound     TEXT NOT NULL DEFAULT '',              -- wound label claimed
    captured_at       TEXT,
    reason            TEXT NOT NULL,
    detail            TEXT NOT NULL,
    received_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    resolution        TEXT CHECK (resolution IN ('filed', 'discarded')),
    resolved_by       TEXT,
    resolved_at       TEXT,
    filed_photo_id    INTEGER REFERENCES photos(id),
    CHECK ((resolution IS NULL) = (resolved_by IS NULL)),
    CHECK (resolution IS NOT 'filed' OR filed_photo_id IS NOT NULL)
);
CREATE INDEX quarantine_items_open ON quarantine_items(received_at) WHERE resolution IS NULL;

DROP VIEW store_references;
CREATE VIEW store_references AS
    SELECT sha256 FROM photos
    UNION SELECT mask_sha256 FROM analyses
    UNION SELECT tissue_sha256 FROM analyses WHERE tissue_sha256 IS NOT NULL
    UNION SELECT labels_sha256 FROM label_versions
    UNION SELECT sha256 FROM quarantine_items WHERE resolution IS NULL;
