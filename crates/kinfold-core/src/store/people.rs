//! SQL for people: adding, changing (with the before and after in the audit trail), reading,
//! searching and spotting likely duplicates.

use chrono::Datelike;
use rusqlite::{params, OptionalExtension, Row};
use serde_json::json;

use super::row::{bad_code, parse_code, parse_date, provenance};
use super::{Reader, Writer};
use crate::error::{Error, Result};
use crate::identifiers::NhsNumber;
use crate::person::{Birth, Person, PersonDetails, PersonId};
use crate::search::{fold, similarity};
use crate::vocab::{Answer, NameStatus, Sex};

pub(super) const COLUMNS: &str =
    "id, name_status, given_name, family_name, known_as, birth_date, birth_year,
     birth_estimated, sex, nhs_number, phone, email, first_language, interpreter_needed,
     deceased, notes, source, source_detail, confirmed_on, merged_into";

pub(super) fn person_from_row(row: &Row<'_>) -> rusqlite::Result<Person> {
    let birth_date = parse_date(row, 5)?;
    let birth_year: Option<i32> = row.get(6)?;
    let birth = match (birth_date, birth_year) {
        (Some(d), _) => Birth::Exact(d),
        (None, Some(y)) => Birth::EstimatedYear(y),
        (None, None) => Birth::NotKnown,
    };
    Ok(Person {
        id: PersonId(row.get(0)?),
        details: PersonDetails {
            name_status: parse_code(row, 1, NameStatus::from_code)?,
            given_name: row.get(2)?,
            family_name: row.get(3)?,
            known_as: row.get(4)?,
            birth,
            sex: parse_code(row, 8, Sex::from_code)?,
            nhs_number: row
                .get::<_, Option<String>>(9)?
                .map(|n| NhsNumber::parse(&n).map_err(|_| bad_code(9, &n)))
                .transpose()?,
            phone: row.get(10)?,
            email: row.get(11)?,
            first_language: row.get(12)?,
            interpreter_needed: parse_code(row, 13, Answer::from_code)?,
            deceased: row.get(14)?,
            notes: row.get(15)?,
            provenance: provenance(row, 16)?,
        },
        merged_into: row.get::<_, Option<i64>>(19)?.map(PersonId),
    })
}

/// The person's details as JSON, for the audit trail's before and after.
pub(super) fn person_json(d: &PersonDetails) -> serde_json::Value {
    json!({
        "name_status": d.name_status.code(),
        "given_name": d.given_name,
        "family_name": d.family_name,
        "known_as": d.known_as,
        "birth": birth_json(&d.birth),
        "sex": d.sex.code(),
        "nhs_number": d.nhs_number.as_ref().map(NhsNumber::digits),
        "phone": d.phone,
        "email": d.email,
        "first_language": d.first_language,
        "interpreter_needed": d.interpreter_needed.code(),
        "deceased": d.deceased,
        "notes": d.notes,
        "source": d.provenance.source.code(),
        "source_detail": d.provenance.detail,
        "confirmed_on": d.provenance.confirmed_on.map(|d| d.to_string()),
    })
}

fn birth_json(birth: &Birth) -> serde_json::Value {
    match birth {
        Birth::Exact(d) => json!({ "date": d.to_string() }),
        Birth::EstimatedYear(y) => json!({ "estimated_year": y }),
        Birth::NotKnown => serde_json::Value::Null,
    }
}

fn search_name(d: &PersonDetails) -> String {
    fold(&format!(
        "{} {} {}",
        d.given_name, d.known_as, d.family_name
    ))
}

/// A person found by a search, with how well they matched.
#[derive(Debug, Clone)]
pub struct PersonMatch {
    pub person: Person,
    /// 1.0 for an exact match (same NHS number, or the same name); lower for near misses.
    pub score: f64,
    /// Why this person was suggested, in words ("same NHS number", "similar name, same date
    /// of birth").
    pub reason: String,
}

impl Writer<'_> {
    /// Adds a person. An NHS number already on another record is refused: that is the same
    /// person, so link or merge instead.
    pub fn add_person(&mut self, d: &PersonDetails) -> Result<PersonId> {
        self.refuse_nhs_number_in_use(d, None)?;
        // The row starts with what every person has; write_details fills in the rest, the
        // same way a change does.
        self.tx.execute(
            "INSERT INTO person (name_status, source, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?3, ?4)",
            params![d.name_status.code(), d.provenance.source.code(), self.now, self.actor.name],
        )?;
        let id = PersonId(self.tx.last_insert_rowid());
        self.write_details(id, d)?;
        self.audit(
            "person.create",
            "person",
            Some(&id.to_string()),
            &json!({ "after": person_json(d) }),
        )?;
        Ok(id)
    }

    /// Replaces a person's details; the audit row keeps what they were.
    pub fn update_person(&mut self, id: PersonId, d: &PersonDetails) -> Result<()> {
        let before = self.current_person(id)?;
        self.refuse_nhs_number_in_use(d, Some(id))?;
        self.write_details(id, d)?;
        self.audit(
            "person.update",
            "person",
            Some(&id.to_string()),
            &json!({ "before": person_json(&before.details), "after": person_json(d) }),
        )
    }

    /// Writes every detail of a person, with who changed them and when, and re-indexes their
    /// name for search.
    fn write_details(&mut self, id: PersonId, d: &PersonDetails) -> Result<()> {
        let (birth_date, birth_year, estimated) = birth_columns(&d.birth);
        self.tx.execute(
            "UPDATE person SET name_status = ?2, given_name = ?3, family_name = ?4, known_as = ?5,
                 search_name = ?6, birth_date = ?7, birth_year = ?8, birth_estimated = ?9,
                 sex = ?10, nhs_number = ?11, phone = ?12, email = ?13, first_language = ?14,
                 interpreter_needed = ?15, deceased = ?16, notes = ?17, source = ?18,
                 source_detail = ?19, confirmed_on = ?20, updated_at = ?21, updated_by = ?22
             WHERE id = ?1",
            params![
                id.0,
                d.name_status.code(),
                d.given_name,
                d.family_name,
                d.known_as,
                search_name(d),
                birth_date,
                birth_year,
                estimated,
                d.sex.code(),
                d.nhs_number.as_ref().map(NhsNumber::digits),
                d.phone,
                d.email,
                d.first_language,
                d.interpreter_needed.code(),
                d.deceased,
                d.notes,
                d.provenance.source.code(),
                d.provenance.detail,
                d.provenance.confirmed_on.map(|c| c.to_string()),
                self.now,
                self.actor.name,
            ],
        )?;
        self.index_name(id, &search_name(d))
    }

    /// A person who has not been merged away, for changing.
    pub(super) fn current_person(&self, id: PersonId) -> Result<Person> {
        let person = self
            .tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM person WHERE id = ?1"),
                [id.0],
                person_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: format!("Person {id}"),
            })?;
        if let Some(into) = person.merged_into {
            return Err(Error::invalid(
                "person",
                format!("This record was merged into person {into}: open that record and change it there"),
            ));
        }
        Ok(person)
    }

    fn refuse_nhs_number_in_use(&self, d: &PersonDetails, except: Option<PersonId>) -> Result<()> {
        let Some(nhs) = &d.nhs_number else {
            return Ok(());
        };
        let holder: Option<Person> = self
            .tx
            .query_row(
                &format!(
                    "SELECT {COLUMNS} FROM person
                     WHERE nhs_number = ?1 AND merged_into IS NULL AND id IS NOT ?2"
                ),
                params![nhs.digits(), except.map(|p| p.0)],
                person_from_row,
            )
            .optional()?;
        match holder {
            Some(p) => Err(Error::invalid(
                "nhs_number",
                format!(
                    "NHS number {nhs} is already recorded for {} (person {}). Open that record instead of adding a new one",
                    p.details.display_name(),
                    p.id
                ),
            )),
            None => Ok(()),
        }
    }
}

fn birth_columns(birth: &Birth) -> (Option<String>, Option<i32>, bool) {
    match birth {
        Birth::Exact(d) => (Some(d.to_string()), Some(d.year()), false),
        Birth::EstimatedYear(y) => (None, Some(*y), true),
        Birth::NotKnown => (None, None, false),
    }
}

impl Reader<'_> {
    /// One person, merged or not.
    pub fn person(&self, id: PersonId) -> Result<Person> {
        self.tx
            .query_row(
                &format!("SELECT {COLUMNS} FROM person WHERE id = ?1"),
                [id.0],
                person_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: format!("Person {id}"),
            })
    }

    /// People who may be the same as `d`: the same NHS number, or a similar name with the
    /// same or a close date of birth (within a year, or either not known). Best first.
    pub fn likely_duplicates(&self, d: &PersonDetails) -> Result<Vec<PersonMatch>> {
        let mut found: Vec<PersonMatch> = Vec::new();
        if let Some(nhs) = &d.nhs_number {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {COLUMNS} FROM person WHERE nhs_number = ?1 AND merged_into IS NULL"
            ))?;
            for person in stmt.query_map([nhs.digits()], person_from_row)? {
                found.push(PersonMatch {
                    person: person?,
                    score: 1.0,
                    reason: "same NHS number".to_owned(),
                });
            }
        }
        let name = search_name(d);
        if !name.is_empty() {
            let year = match d.birth {
                Birth::Exact(date) => Some(date.year()),
                Birth::EstimatedYear(y) => Some(y),
                Birth::NotKnown => None,
            };
            // Candidates come from the name-word index (people sharing the first two letters
            // of a name word), so this stays quick on a large caseload; only close names are
            // read in full and checked for their date of birth.
            let mut by_prefix = self.tx.prepare_cached(
                "SELECT person_id, search_name FROM person_name_word WHERE word >= ?1 AND word < ?2",
            )?;
            let mut close: Vec<(i64, f64)> = Vec::new();
            for word in crate::search::words(&name) {
                let prefix: String = word.chars().take(2).collect();
                let after = format!("{prefix}\u{10FFFF}");
                for row in by_prefix.query_map(rusqlite::params![prefix, after], |r| {
                    Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
                })? {
                    let (id, other) = row?;
                    if close.iter().any(|(seen, _)| *seen == id) {
                        continue;
                    }
                    let score = similarity(&name, &other);
                    if score >= 0.88 {
                        close.push((id, score));
                    }
                }
            }
            let mut get = self
                .tx
                .prepare_cached(&format!("SELECT {COLUMNS} FROM person WHERE id = ?1"))?;
            for (id, score) in close {
                if found.iter().any(|m| m.person.id.0 == id) {
                    continue;
                }
                let person = get.query_row([id], person_from_row)?;
                let other_year = match person.details.birth {
                    Birth::Exact(date) => Some(date.year()),
                    Birth::EstimatedYear(y) => Some(y),
                    Birth::NotKnown => None,
                };
                if let (Some(a), Some(b)) = (year, other_year) {
                    if (a - b).abs() > 1 {
                        continue;
                    }
                }
                let same_birth = match (d.birth, person.details.birth) {
                    (Birth::Exact(a), Birth::Exact(b)) if a == b => "same date of birth",
                    (Birth::NotKnown, _) | (_, Birth::NotKnown) => "date of birth not known",
                    _ => "close date of birth",
                };
                let kind = if score > 0.999 {
                    "same name"
                } else {
                    "similar name"
                };
                found.push(PersonMatch {
                    person,
                    score,
                    reason: format!("{kind}, {same_birth}"),
                });
            }
        }
        found.sort_by(|a, b| b.score.total_cmp(&a.score));
        found.truncate(10);
        Ok(found)
    }
}
