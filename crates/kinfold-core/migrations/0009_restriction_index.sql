-- Why: issue 7's benchmark found the family view slowing down as the caseload grew: reading
-- the sharing restrictions that involve a person ("subject_id = ? OR withheld_from = ?")
-- scanned the whole table, once for every person in the family, because only subject_id had
-- an index. With this one too, SQLite answers both sides from an index.

CREATE INDEX sharing_restriction_withheld_from ON sharing_restriction (withheld_from);
