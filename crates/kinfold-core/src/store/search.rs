//! SQL for finding people: the name-word index kept in step with the person table, and
//! searches by name (fuzzy, accent-insensitive), NHS number, date of birth or postcode.

use std::collections::HashSet;

use rusqlite::params;

use super::people::{person_from_row, COLUMNS};
use super::{PersonMatch, Reader, Writer};
use crate::error::Result;
use crate::person::PersonId;
use crate::search::{fold, name_score, words, Query};

/// Near misses below this are not shown.
const MIN_NAME_SCORE: f64 = 0.84;

impl Writer<'_> {
    /// Re-indexes one person's name words (called by every change to a person).
    pub(super) fn index_name(&self, id: PersonId, folded_name: &str) -> Result<()> {
        self.tx
            .execute("DELETE FROM person_name_word WHERE person_id = ?1", [id.0])?;
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO person_name_word (word, person_id) VALUES (?1, ?2)",
        )?;
        for word in words(folded_name) {
            insert.execute(params![word, id.0])?;
        }
        Ok(())
    }
}

/// The smallest string after every string that starts with `prefix`.
fn after_prefix(prefix: &str) -> String {
    format!("{prefix}\u{10FFFF}")
}

impl Reader<'_> {
    /// People matching what was typed in a search box, best first, at most `limit`. Merged
    /// records are left out.
    pub fn search_people(&self, typed: &str, limit: usize) -> Result<Vec<PersonMatch>> {
        let Some(query) = Query::parse(typed) else {
            return Ok(Vec::new());
        };
        let exact =
            |sql: &str, value: &dyn rusqlite::ToSql, reason: &str| -> Result<Vec<PersonMatch>> {
                let mut stmt = self.tx.prepare_cached(sql)?;
                let rows = stmt.query_map([value], person_from_row)?;
                let mut found = Vec::new();
                for person in rows.take(limit) {
                    found.push(PersonMatch {
                        person: person?,
                        score: 1.0,
                        reason: reason.to_owned(),
                    });
                }
                Ok(found)
            };
        match query {
            Query::NhsNumber(nhs) => exact(
                &format!(
                    "SELECT {COLUMNS} FROM person WHERE nhs_number = ?1 AND merged_into IS NULL"
                ),
                &nhs.digits(),
                "NHS number",
            ),
            Query::BirthDate(date) => exact(
                &format!(
                    "SELECT {COLUMNS} FROM person WHERE birth_date = ?1 AND merged_into IS NULL
                     ORDER BY family_name, given_name"
                ),
                &date.to_string(),
                "date of birth",
            ),
            Query::Postcode(code) => {
                let pattern = if code.contains(' ') {
                    code
                } else {
                    format!("{code} %")
                };
                exact(
                    &format!(
                        "SELECT {COLUMNS} FROM person WHERE merged_into IS NULL AND id IN (
                             SELECT m.person_id FROM household_member m
                             JOIN household h ON h.id = m.household_id
                             WHERE m.end_date IS NULL AND h.postcode LIKE ?1)
                         ORDER BY family_name, given_name"
                    ),
                    &pattern,
                    "postcode",
                )
            }
            Query::Name(typed_words) => self.search_by_name(&typed_words, limit),
        }
    }

    fn search_by_name(&self, typed: &[String], limit: usize) -> Result<Vec<PersonMatch>> {
        // Candidates share the first two letters of a word with a typed word (the first
        // letter alone for one-letter words): a typo after that is still found.
        let mut candidates: HashSet<i64> = HashSet::new();
        let mut by_prefix = self.tx.prepare_cached(
            "SELECT person_id FROM person_name_word WHERE word >= ?1 AND word < ?2",
        )?;
        for word in typed {
            let prefix: String = word.chars().take(2).collect();
            for id in by_prefix.query_map(params![prefix, after_prefix(&prefix)], |r| {
                r.get::<_, i64>(0)
            })? {
                candidates.insert(id?);
            }
        }
        let mut get = self.tx.prepare_cached(&format!(
            "SELECT {COLUMNS}, search_name FROM person WHERE id = ?1 AND merged_into IS NULL"
        ))?;
        let mut found: Vec<PersonMatch> = Vec::new();
        for id in candidates {
            let mut rows = get.query([id])?;
            let Some(row) = rows.next()? else { continue };
            let name: String = row.get(20)?;
            let score = name_score(typed, &name);
            if score >= MIN_NAME_SCORE {
                let person = person_from_row(row)?;
                found.push(PersonMatch {
                    reason: if score > 0.999 {
                        "name".to_owned()
                    } else {
                        "similar name".to_owned()
                    },
                    person,
                    score,
                });
            }
        }
        found.sort_by(|a, b| {
            b.score.total_cmp(&a.score).then_with(|| {
                fold(&a.person.details.display_name()).cmp(&fold(&b.person.details.display_name()))
            })
        });
        found.truncate(limit);
        Ok(found)
    }
}
