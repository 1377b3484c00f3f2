-- Why: issue 4 review. Two gap rules ask about something that is often "none": a parent's
-- other children, and whether an adult who lives elsewhere looks after the child. "None" is
-- information with a source, not a reason to stop asking, so it is stored as a statement that
-- fills the gap (the gap comes back if the statement is not there); a later record of a child
-- or of care simply adds to the picture.

CREATE TABLE person_statement (
    id          INTEGER PRIMARY KEY,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    -- The child whose record it was said in; for 'does_not_care', the child it is about.
    child_id    INTEGER NOT NULL REFERENCES person (id),
    kind        TEXT NOT NULL CHECK (kind IN ('no_other_children', 'does_not_care')),
    stated_on   TEXT NOT NULL,
    source      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
) STRICT;

CREATE INDEX person_statement_person ON person_statement (person_id);
