-- Why: issue 6, protecting the records. Each practitioner now logs in with their own account
-- (a role, and an Argon2id password hash, never the password), so every audit row names a
-- real person. Failed logins are counted on the account so that repeated guesses slow down
-- even across restarts. Each audit row gets a seal: a SHA-256 hash of the row and of the seal
-- before it, so that an edited, removed or inserted row breaks the chain and shows. The
-- protection settings (idle lock, backups) are an admin's, kept apart from the clinic's details.

CREATE TABLE account (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CHECK (role IN ('practitioner', 'admin')),
    password_hash  TEXT NOT NULL,
    active         INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    failed_logins  INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    last_failed_at TEXT,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL
) STRICT;

ALTER TABLE audit_event ADD COLUMN seal BLOB;

CREATE TABLE protection_settings (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    idle_lock_minutes INTEGER NOT NULL CHECK (idle_lock_minutes BETWEEN 1 AND 60),
    backup_folder     TEXT,
    backup_every_days INTEGER NOT NULL CHECK (backup_every_days BETWEEN 1 AND 30),
    updated_at        TEXT NOT NULL,
    updated_by        TEXT NOT NULL
) STRICT;

-- Which people's records each audit row touched: a family view shows the parents and other
-- carers as well as the child, and "who has seen my record" must find those views too.
CREATE TABLE audit_subject (
    audit_id  INTEGER NOT NULL REFERENCES audit_event (id),
    person_id INTEGER NOT NULL,
    PRIMARY KEY (person_id, audit_id)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER audit_subject_no_update BEFORE UPDATE ON audit_subject
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_subject_no_delete BEFORE DELETE ON audit_subject
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
