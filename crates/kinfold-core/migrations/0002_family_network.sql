-- Why: the family network, the heart of Kinfold. People are one record each, however many
-- children they are linked to. Relationships are typed, directed ("A is the birth father of
-- B"), recorded once and shown from both ends, and end rather than disappear. Where people
-- live is kept apart from how they are related: a home is a household, and living somewhere
-- is a dated membership, so "lives elsewhere" is simply a different household. Care
-- arrangements say who looks after a child, when and where (overnight above all). Every
-- fact row carries its source and when it was last confirmed. Sharing restrictions are
-- stored now so that packs and exports can honour them later.

CREATE TABLE person (
    id                  INTEGER PRIMARY KEY,
    -- 'known', 'not_given' (the parent would not say) or 'not_known' (nobody knows).
    name_status         TEXT NOT NULL CHECK (name_status IN ('known', 'not_given', 'not_known')),
    given_name          TEXT NOT NULL DEFAULT '',
    family_name         TEXT NOT NULL DEFAULT '',
    known_as            TEXT NOT NULL DEFAULT '',
    -- Accent-free, lower-case names for search; written by the store, never by callers.
    search_name         TEXT NOT NULL DEFAULT '',
    -- An exact date (YYYY-MM-DD), or only an estimated year when that is all that is known.
    birth_date          TEXT,
    birth_year          INTEGER,
    birth_estimated     INTEGER NOT NULL DEFAULT 0 CHECK (birth_estimated IN (0, 1)),
    sex                 TEXT NOT NULL DEFAULT 'not_known'
                        CHECK (sex IN ('female', 'male', 'other', 'not_known')),
    nhs_number          TEXT,
    phone               TEXT NOT NULL DEFAULT '',
    email               TEXT NOT NULL DEFAULT '',
    first_language      TEXT NOT NULL DEFAULT '',
    interpreter_needed  TEXT NOT NULL DEFAULT 'not_known'
                        CHECK (interpreter_needed IN ('yes', 'no', 'not_known')),
    deceased            INTEGER NOT NULL DEFAULT 0 CHECK (deceased IN (0, 1)),
    notes               TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL,
    source_detail       TEXT NOT NULL DEFAULT '',
    confirmed_on        TEXT,
    -- Set when this record was merged into another; the record and its history are kept.
    merged_into         INTEGER REFERENCES person (id),
    created_at          TEXT NOT NULL,
    created_by          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    updated_by          TEXT NOT NULL
) STRICT;

CREATE UNIQUE INDEX person_nhs_number ON person (nhs_number)
    WHERE nhs_number IS NOT NULL AND merged_into IS NULL;
CREATE INDEX person_birth_date ON person (birth_date);

-- A home: where one or more people live. The address can be partly or wholly unknown.
CREATE TABLE household (
    id              INTEGER PRIMARY KEY,
    -- 'known', 'no_fixed_abode' or 'not_known'.
    address_status  TEXT NOT NULL CHECK (address_status IN ('known', 'no_fixed_abode', 'not_known')),
    address_lines   TEXT NOT NULL DEFAULT '',
    postcode        TEXT NOT NULL DEFAULT '',
    -- What people call it, or what is known when the address is not ("with his mother, Leeds").
    description     TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
) STRICT;

CREATE INDEX household_postcode ON household (postcode);

-- Who lives where, and since when. An ended membership is history, not deleted.
CREATE TABLE household_member (
    id              INTEGER PRIMARY KEY,
    household_id    INTEGER NOT NULL REFERENCES household (id),
    person_id       INTEGER NOT NULL REFERENCES person (id),
    start_date      TEXT,
    end_date        TEXT,
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    confirmed_on    TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL
) STRICT;

CREATE INDEX household_member_person ON household_member (person_id);
CREATE INDEX household_member_household ON household_member (household_id);

-- The children the clinic is responsible for.
CREATE TABLE caseload_child (
    person_id           INTEGER PRIMARY KEY REFERENCES person (id),
    main_household_id   INTEGER REFERENCES household (id),
    named_practitioner  TEXT NOT NULL DEFAULT '',
    added_at            TEXT NOT NULL,
    added_by            TEXT NOT NULL,
    closed_on           TEXT
) STRICT;

-- "from_person is <kind> of to_person", e.g. birth_father of the baby. Symmetric kinds
-- (partners, siblings) are stored once, either way round.
CREATE TABLE relationship (
    id                      INTEGER PRIMARY KEY,
    from_person             INTEGER NOT NULL REFERENCES person (id),
    to_person               INTEGER NOT NULL REFERENCES person (id),
    kind                    TEXT NOT NULL,
    -- For an adult and a child: 'yes', 'no' or 'not_known'. NULL for other kinds.
    parental_responsibility TEXT CHECK (parental_responsibility IN ('yes', 'no', 'not_known')),
    start_date              TEXT,
    end_date                TEXT,
    source                  TEXT NOT NULL,
    source_detail           TEXT NOT NULL DEFAULT '',
    confirmed_on            TEXT,
    created_at              TEXT NOT NULL,
    created_by              TEXT NOT NULL,
    CHECK (from_person <> to_person)
) STRICT;

CREATE INDEX relationship_from ON relationship (from_person);
CREATE INDEX relationship_to ON relationship (to_person);

-- Who looks after a child, how often and where. Overnight care away from the child's main
-- home is what the review says must never go unnoticed.
CREATE TABLE care_arrangement (
    id              INTEGER PRIMARY KEY,
    child_id        INTEGER NOT NULL REFERENCES person (id),
    carer_id        INTEGER NOT NULL REFERENCES person (id),
    -- 'overnight', 'daytime' or 'babysitting'.
    kind            TEXT NOT NULL CHECK (kind IN ('overnight', 'daytime', 'babysitting')),
    -- In the parent's words: "every Saturday night", "most weekdays".
    frequency       TEXT NOT NULL DEFAULT '',
    -- Where the care happens; NULL when not known.
    household_id    INTEGER REFERENCES household (id),
    start_date      TEXT,
    end_date        TEXT,
    notes           TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL,
    source_detail   TEXT NOT NULL DEFAULT '',
    confirmed_on    TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    CHECK (child_id <> carer_id)
) STRICT;

CREATE INDEX care_arrangement_child ON care_arrangement (child_id);
CREATE INDEX care_arrangement_carer ON care_arrangement (carer_id);

-- "Do not disclose <fact> of <subject> to <withheld_from>", e.g. the mother's address to
-- the father. Packs and exports must honour every restriction that has not ended.
CREATE TABLE sharing_restriction (
    id              INTEGER PRIMARY KEY,
    subject_id      INTEGER NOT NULL REFERENCES person (id),
    withheld_from   INTEGER NOT NULL REFERENCES person (id),
    -- 'address', 'phone', 'email' or 'everything'.
    fact            TEXT NOT NULL CHECK (fact IN ('address', 'phone', 'email', 'everything')),
    reason          TEXT NOT NULL,
    ended_on        TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    CHECK (subject_id <> withheld_from)
) STRICT;

CREATE INDEX sharing_restriction_subject ON sharing_restriction (subject_id);
