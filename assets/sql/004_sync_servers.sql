-- Migration 4: the DICOMweb servers this library syncs with. Credentials are never stored here:
-- `credential_source` names where the secret is read at sync time (an owner-only file, or
-- "env:VARIABLE"), so a copied library.db gives nobody access to the hospital store.
CREATE TABLE sync_servers (
    id                 INTEGER PRIMARY KEY,
    name               TEXT NOT NULL UNIQUE CHECK (length(name) > 0),
    url                TEXT NOT NULL,                -- DICOMweb root, http(s)://host[:port]/path
    auth_kind          TEXT NOT NULL CHECK (auth_kind IN ('none', 'basic', 'bearer')),
    username           TEXT,                         -- basic auth only
    credential_source  TEXT,                         -- file path or env:NAME; NULL without auth
    all_patients       INTEGER NOT NULL CHECK (all_patients IN (0, 1)),
    created_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The patient folders (PatientID = patients.external_id) synced when all_patients is 0.
CREATE TABLE sync_server_patients (
    server_id            INTEGER NOT NULL REFERENCES sync_servers(id) ON DELETE CASCADE,
    patient_external_id  TEXT NOT NULL CHECK (length(patient_external_id) > 0),
    PRIMARY KEY (server_id, patient_external_id)
);
