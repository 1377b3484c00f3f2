-- Why: the first schema. It holds the clinic's own details (shown in Settings and later
-- printed on every leaflet pack) and the audit trail. The audit trail comes first because
-- every later change to a record must write its audit row in the same transaction, and a
-- care record's history must never be lost: the triggers make the table append-only at the
-- database level, so no code path (ours or a future one) can rewrite history.

CREATE TABLE clinic_settings (
    id             INTEGER PRIMARY KEY CHECK (id = 1),
    clinic_name    TEXT NOT NULL,
    team_phone     TEXT NOT NULL,
    team_email     TEXT NOT NULL,
    team_address   TEXT NOT NULL,
    local_services TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL
) STRICT;

CREATE TABLE audit_event (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    role        TEXT NOT NULL,
    action      TEXT NOT NULL,
    record_kind TEXT NOT NULL,
    record_id   TEXT,
    outcome     TEXT NOT NULL,
    detail      TEXT
) STRICT;

CREATE INDEX audit_event_record ON audit_event (record_kind, record_id);

CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
