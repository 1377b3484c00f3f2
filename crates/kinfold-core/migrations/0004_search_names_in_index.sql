-- Why: person search on a clinic-sized caseload (100,000 people) was slow because every
-- candidate found through the word index had to be looked up in the person table to be
-- ranked. Keeping each person's folded name next to each word lets a search read one
-- contiguous range of the index and nothing else. Merged records have no words (the store
-- removes them when merging), so no join is needed to leave them out.

ALTER TABLE person_name_word ADD COLUMN search_name TEXT NOT NULL DEFAULT '';

UPDATE person_name_word
SET search_name = (SELECT p.search_name FROM person p WHERE p.id = person_name_word.person_id);

DELETE FROM person_name_word
WHERE person_id IN (SELECT id FROM person WHERE merged_into IS NOT NULL);
