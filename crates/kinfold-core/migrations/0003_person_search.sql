-- Why: finding people fast by name on a large caseload, however the name was typed. Each
-- person's folded name (lower case, no accents) is split into words kept in an index, so a
-- search looks up words by their first letters instead of reading every person; near misses
-- ("Jon" for "John") are then ranked in code. The store keeps this table in step with the
-- person table in the same transaction as every change.

CREATE TABLE person_name_word (
    word        TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES person (id),
    PRIMARY KEY (word, person_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX person_name_word_person ON person_name_word (person_id);

INSERT OR IGNORE INTO person_name_word (word, person_id)
WITH RECURSIVE split(person_id, word, rest) AS (
    SELECT id, '', search_name || ' ' FROM person
    UNION ALL
    SELECT person_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
    FROM split WHERE rest <> ''
)
SELECT word, person_id FROM split WHERE word <> '';
