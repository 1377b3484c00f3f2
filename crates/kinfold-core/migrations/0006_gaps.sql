-- Why: issue 4, gap prompts. The gaps themselves are never stored: they are worked out from
-- the family network every time they are shown, so filling in the data closes them and no
-- flag can go stale. What is stored here is what the family network cannot say by itself:
--   * each contact with the family (clinic, home visit, phone, joint appointment; the date;
--     who was there);
--   * each answer to a gap that is not the information itself: "asked, not obtained" (the
--     outcome, the parent's words, a date to ask again), a reason that closes the gap, or the
--     gap opened again. Answers are history, so the table is append-only;
--   * a clinic's decision to turn a rule off, which needs a reason, and how strict the rules
--     are (how recent a confirmation must be, how many asks before supervision);
--   * offers of a joint appointment or phone contact to a parent who lives elsewhere;
--   * the log of leaflets given to someone about a child, which the overnight-carer rule
--     reads (the leaflet packs issue prints them and writes to the same log).

CREATE TABLE contact (
    id              INTEGER PRIMARY KEY,
    child_id        INTEGER NOT NULL REFERENCES person (id),
    kind            TEXT NOT NULL
                    CHECK (kind IN ('clinic', 'home_visit', 'phone', 'joint_appointment')),
    contact_date    TEXT NOT NULL,
    -- People at the contact who are not in the family network ("interpreter").
    others_present  TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
) STRICT;

CREATE INDEX contact_child ON contact (child_id, contact_date);

-- Who from the family network was at a contact.
CREATE TABLE contact_present (
    contact_id  INTEGER NOT NULL REFERENCES contact (id),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    PRIMARY KEY (contact_id, person_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX contact_present_person ON contact_present (person_id);

-- A gap is named by its rule, the child and (for most rules) the person it is about.
CREATE TABLE gap_answer (
    id              INTEGER PRIMARY KEY,
    child_id        INTEGER NOT NULL REFERENCES person (id),
    rule_id         TEXT NOT NULL,
    -- NULL when the gap is about the family as a whole ("birth father not identified").
    about_id        INTEGER REFERENCES person (id),
    -- 'asked' (asked, not obtained), 'closed' (closed with a reason), 'reopened'.
    answer          TEXT NOT NULL CHECK (answer IN ('asked', 'closed', 'reopened')),
    outcome         TEXT CHECK (outcome IN
                        ('declined', 'does_not_know', 'not_safe', 'no_opportunity', 'other')),
    -- The reason or worry the parent gave, in their words; or the reason for closing.
    words           TEXT NOT NULL DEFAULT '',
    revisit_on      TEXT,
    contact_id      INTEGER REFERENCES contact (id),
    answered_on     TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    CHECK ((answer = 'asked') = (outcome IS NOT NULL)),
    CHECK ((answer = 'asked') = (revisit_on IS NOT NULL))
) STRICT;

CREATE INDEX gap_answer_child ON gap_answer (child_id, rule_id, about_id);

CREATE TRIGGER gap_answer_no_update BEFORE UPDATE ON gap_answer
BEGIN
    SELECT RAISE(ABORT, 'gap answers are history and cannot be changed');
END;

CREATE TRIGGER gap_answer_no_delete BEFORE DELETE ON gap_answer
BEGIN
    SELECT RAISE(ABORT, 'gap answers are history and cannot be changed');
END;

-- Only rules a clinic has turned off (or back on) have a row; the rest are on.
CREATE TABLE gap_rule_setting (
    rule_id     TEXT PRIMARY KEY,
    enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    reason      TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
) STRICT;

CREATE TABLE gap_settings (
    id                      INTEGER PRIMARY KEY CHECK (id = 1),
    confirm_within_months   INTEGER NOT NULL CHECK (confirm_within_months BETWEEN 1 AND 36),
    asks_before_supervision INTEGER NOT NULL CHECK (asks_before_supervision BETWEEN 2 AND 10),
    updated_at              TEXT NOT NULL,
    updated_by              TEXT NOT NULL
) STRICT;

-- An offer of a joint appointment or a phone call to someone in the child's life.
CREATE TABLE invitation (
    id          INTEGER PRIMARY KEY,
    child_id    INTEGER NOT NULL REFERENCES person (id),
    person_id   INTEGER NOT NULL REFERENCES person (id),
    kind        TEXT NOT NULL CHECK (kind IN ('joint_appointment', 'phone_contact')),
    offered_on  TEXT NOT NULL,
    response    TEXT NOT NULL CHECK (response IN ('accepted', 'declined', 'no_reply')),
    notes       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
) STRICT;

CREATE INDEX invitation_child ON invitation (child_id);

-- Leaflets given to someone about a child: which, when and how.
CREATE TABLE pack_sent (
    id              INTEGER PRIMARY KEY,
    child_id        INTEGER NOT NULL REFERENCES person (id),
    recipient_id    INTEGER NOT NULL REFERENCES person (id),
    sent_on         TEXT NOT NULL,
    method          TEXT NOT NULL CHECK (method IN ('post', 'by_hand', 'at_appointment')),
    -- JSON array of {"id": leaflet id, "version": version}.
    leaflets        TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
) STRICT;

CREATE INDEX pack_sent_child ON pack_sent (child_id, recipient_id);
