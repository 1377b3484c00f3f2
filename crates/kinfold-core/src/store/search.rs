//! SQL for finding people: the name-word index kept in step with the person table, and
//! searches by name (fuzzy, accent-insensitive), NHS number, date of birth or postcode.

use std::collections::HashMap;

use rusqlite::params;

use super::people::{person_from_row, COLUMNS};
use super::{PersonMatch, Reader, Writer};
use crate::error::Result;
use crate::person::PersonId;
use crate::search::{name_score, words, Query};

/// Near misses below this are not shown.
const MIN_NAME_SCORE: f64 = 0.84;

impl Writer<'_> {
    /// Re-indexes one person's name words (called by every change to a person).
    pub(super) fn index_name(&self, id: PersonId, folded_name: &str) -> Result<()> {
        self.tx
            .execute("DELETE FROM person_name_word WHERE person_id = ?1", [id.0])?;
        let mut insert = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO person_name_word (word, person_id, search_name) VALUES (?1, ?2, ?3)",
        )?;
        for word in words(folded_name) {
            insert.execute(params![word, id.0, folded_name])?;
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
                // A whole postcode, or every postcode in a district ("NG7" finds "NG7 2BB"),
                // driven from the postcode index and in its order (neighbours together), so a
                // district of thousands stops after the first page instead of sorting them all.
                let (low, high) = if code.contains(' ') {
                    (code.clone(), format!("{code}\u{0}"))
                } else {
                    (format!("{code} "), format!("{code}!"))
                };
                let columns = COLUMNS
                    .split(',')
                    .map(|c| format!("p.{}", c.trim()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut stmt = self.tx.prepare_cached(&format!(
                    "SELECT DISTINCT {columns} FROM household h
                     JOIN household_member m ON m.household_id = h.id AND m.end_date IS NULL
                     JOIN person p ON p.id = m.person_id AND p.merged_into IS NULL
                     WHERE h.postcode >= ?1 AND h.postcode < ?2
                     ORDER BY h.postcode, p.family_name, p.given_name LIMIT ?3"
                ))?;
                let rows = stmt.query_map(params![low, high, limit as i64], person_from_row)?;
                let mut found = Vec::new();
                for person in rows {
                    found.push(PersonMatch {
                        person: person?,
                        score: 1.0,
                        reason: "postcode".to_owned(),
                    });
                }
                Ok(found)
            }
            Query::Name(typed_words) => self.search_by_name(&typed_words, limit),
        }
    }

    fn search_by_name(&self, typed: &[String], limit: usize) -> Result<Vec<PersonMatch>> {
        // Candidates share the first two letters of a word with a typed word (the first
        // letter alone for one-letter words), so a typo after that is still found. With
        // several typed words, people who match every word's letters come first; the rest
        // are only looked at when those are too few.
        let mut by_prefix = self.tx.prepare_cached(
            "SELECT person_id, search_name FROM person_name_word WHERE word >= ?1 AND word < ?2",
        )?;
        let mut per_word: Vec<HashMap<i64, String>> = Vec::with_capacity(typed.len());
        // A one-letter word ("O'Neill" typed as "o neill") would match a large part of the
        // caseload; when longer words were typed, it only counts in the ranking.
        let longest = typed.iter().map(|w| w.chars().count()).max().unwrap_or(0);
        for word in typed
            .iter()
            .filter(|w| longest == 1 || w.chars().count() > 1)
        {
            let prefix: String = word.chars().take(2).collect();
            let mut found = HashMap::new();
            for row in by_prefix.query_map(params![prefix, after_prefix(&prefix)], |r| {
                Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
            })? {
                let (id, name) = row?;
                found.insert(id, name);
            }
            per_word.push(found);
        }
        let scored = |candidates: &HashMap<i64, String>| -> Vec<(f64, i64, String)> {
            candidates
                .iter()
                .filter_map(|(id, name)| {
                    let score = name_score(typed, name);
                    (score >= MIN_NAME_SCORE).then(|| (score, *id, name.clone()))
                })
                .collect()
        };
        let mut every_word: HashMap<i64, String> = per_word.first().cloned().unwrap_or_default();
        for other in per_word.iter().skip(1) {
            every_word.retain(|id, _| other.contains_key(id));
        }
        let mut ranked = scored(&every_word);
        if ranked.len() < limit && per_word.len() > 1 {
            let mut any_word: HashMap<i64, String> = HashMap::new();
            for words in per_word {
                any_word.extend(words);
            }
            ranked = scored(&any_word);
        }
        ranked.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then_with(|| a.2.cmp(&b.2))
                .then(a.1.cmp(&b.1))
        });
        ranked.truncate(limit);
        // Only the people shown are read in full.
        let mut get = self
            .tx
            .prepare_cached(&format!("SELECT {COLUMNS} FROM person WHERE id = ?1"))?;
        let mut found = Vec::with_capacity(ranked.len());
        for (score, id, _) in ranked {
            let person = get.query_row([id], person_from_row)?;
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
        Ok(found)
    }
}
