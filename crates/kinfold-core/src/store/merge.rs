//! SQL for merging two records of the same person: everything recorded against the
//! duplicate moves to the record that is kept, the duplicate stays (marked as merged) with its
//! history, and both records' audit trails say what happened.

use rusqlite::params;
use serde_json::json;

use super::{Reader, Writer};
use crate::audit::AuditEvent;
use crate::error::{Error, Result};
use crate::person::PersonId;

impl Writer<'_> {
    /// Merges `duplicate` into `keep`. Refused when they are the same record, when either
    /// has already been merged, or when they are recorded as related to each other (then
    /// they cannot be one person).
    pub fn merge_people(&mut self, keep: PersonId, duplicate: PersonId) -> Result<()> {
        if keep == duplicate {
            return Err(Error::invalid(
                "duplicate",
                "Choose two different records to merge",
            ));
        }
        let kept = self.current_person(keep)?;
        let merged = self.current_person(duplicate)?;
        let related: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM relationship
                            WHERE (from_person = ?1 AND to_person = ?2) OR (from_person = ?2 AND to_person = ?1))
                 OR EXISTS (SELECT 1 FROM care_arrangement
                            WHERE (child_id = ?1 AND carer_id = ?2) OR (child_id = ?2 AND carer_id = ?1))
                 OR EXISTS (SELECT 1 FROM sharing_restriction
                            WHERE (subject_id = ?1 AND withheld_from = ?2) OR (subject_id = ?2 AND withheld_from = ?1))",
            params![keep.0, duplicate.0],
            |r| r.get(0),
        )?;
        if related {
            return Err(Error::invalid(
                "duplicate",
                format!(
                    "{} and {} are recorded as related to each other, so they cannot be the same person",
                    kept.details.display_name(),
                    merged.details.display_name()
                ),
            ));
        }
        let nhs_number = match (&kept.details.nhs_number, &merged.details.nhs_number) {
            (Some(a), Some(b)) if a != b => {
                return Err(Error::invalid(
                    "duplicate",
                    format!(
                        "These records have different NHS numbers ({a} and {b}), so they are not the same person"
                    ),
                ))
            }
            (None, Some(b)) => Some(b.clone()),
            _ => None,
        };
        let homes_before: Vec<i64> = self
            .tx
            .prepare_cached(
                "SELECT id FROM household_member WHERE person_id = ?1 AND end_date IS NULL",
            )?
            .query_map([keep.0], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let moves: [(&str, &str); 7] = [
            ("relationship", "from_person"),
            ("relationship", "to_person"),
            ("household_member", "person_id"),
            ("care_arrangement", "child_id"),
            ("care_arrangement", "carer_id"),
            ("sharing_restriction", "subject_id"),
            ("sharing_restriction", "withheld_from"),
        ];
        let mut moved = serde_json::Map::new();
        for (table, column) in moves {
            let n = self.tx.execute(
                &format!("UPDATE {table} SET {column} = ?1 WHERE {column} = ?2"),
                params![keep.0, duplicate.0],
            )?;
            moved.insert(format!("{table}.{column}"), json!(n));
        }
        // One current home: where the kept record lives stays; the duplicate's ends today.
        if !homes_before.is_empty() {
            let ids = homes_before
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            self.tx.execute(
                &format!(
                    "UPDATE household_member SET end_date = ?2
                     WHERE person_id = ?1 AND end_date IS NULL AND id NOT IN ({ids})"
                ),
                params![keep.0, self.now.get(..10).unwrap_or_default()],
            )?;
        }
        // One caseload entry per child: the kept record takes the duplicate's if it has none.
        self.tx.execute(
            "UPDATE caseload_child SET person_id = ?1
             WHERE person_id = ?2 AND NOT EXISTS (SELECT 1 FROM caseload_child WHERE person_id = ?1)",
            params![keep.0, duplicate.0],
        )?;
        self.tx.execute(
            "UPDATE caseload_child SET closed_on = ?2 WHERE person_id = ?1 AND closed_on IS NULL",
            params![duplicate.0, self.now.get(..10).unwrap_or_default()],
        )?;
        self.tx.execute(
            "UPDATE person SET merged_into = ?1, updated_at = ?3, updated_by = ?4 WHERE id = ?2",
            params![keep.0, duplicate.0, self.now, self.actor.name],
        )?;
        self.tx.execute(
            "DELETE FROM person_name_word WHERE person_id = ?1",
            [duplicate.0],
        )?;
        if let Some(nhs) = &nhs_number {
            // The number moves to the kept record (the unique index ignores merged records).
            self.tx.execute(
                "UPDATE person SET nhs_number = ?2 WHERE id = ?1",
                params![keep.0, nhs.digits()],
            )?;
        }
        let detail = json!({
            "nhs_number_moved": nhs_number.as_ref().map(|n| n.digits()),
            "kept": keep.0,
            "merged": duplicate.0,
            "kept_name": kept.details.display_name(),
            "merged_name": merged.details.display_name(),
            "moved": moved,
        });
        self.audit("person.merge", "person", Some(&keep.to_string()), &detail)?;
        self.audit(
            "person.merge",
            "person",
            Some(&duplicate.to_string()),
            &detail,
        )
    }
}

impl Reader<'_> {
    /// Other current records that may be the same person as `id`.
    pub fn duplicates_of(&self, id: PersonId) -> Result<Vec<super::PersonMatch>> {
        let person = self.person(id)?;
        if person.merged_into.is_some() {
            return Ok(Vec::new());
        }
        let mut found = self.likely_duplicates(&person.details)?;
        found.retain(|m| m.person.id != id);
        Ok(found)
    }

    /// Every audit row about a person and about any record merged into them, oldest first.
    pub fn person_history(&self, id: PersonId) -> Result<Vec<AuditEvent>> {
        let mut ids = vec![id.to_string()];
        let mut stmt = self.tx.prepare_cached(
            "WITH RECURSIVE merged(id) AS (
                 SELECT id FROM person WHERE merged_into = ?1
                 UNION SELECT p.id FROM person p JOIN merged m ON p.merged_into = m.id
             ) SELECT id FROM merged",
        )?;
        for other in stmt.query_map([id.0], |r| r.get::<_, i64>(0))? {
            ids.push(other?.to_string());
        }
        let mut events = Vec::new();
        for record in &ids {
            for event in self.audit_events("person", Some(record))? {
                // A merge is written on both records; the kept record's row tells it once.
                if event.action == "person.merge"
                    && event.record_id.as_deref() != Some(ids[0].as_str())
                {
                    continue;
                }
                events.push(event);
            }
        }
        events.sort_by_key(|e| e.id);
        events.dedup_by_key(|e| e.id);
        Ok(events)
    }
}
