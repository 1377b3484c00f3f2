//! SQL for moving family networks in and out of Kinfold: reading every record that concerns a
//! set of people (for an export file), and the few writes an import needs that the forms do
//! not (a stay at a home that has already ended, a care arrangement or sharing restriction
//! that has already ended).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde_json::json;

use super::network::{
    care_from_row, household_from_row, provenance_json, relationship_from_row, CARE_COLUMNS,
    HOUSEHOLD_COLUMNS, RELATIONSHIP_COLUMNS,
};
use super::people::{person_from_row, COLUMNS as PERSON_COLUMNS};
use super::row::{parse_code, parse_date, provenance};
use super::{Reader, Writer};
use crate::care::{CareArrangement, CareArrangementId};
use crate::error::{Error, Result};
use crate::family::CaseloadEntry;
use crate::household::{Household, HouseholdId};
use crate::identifiers::NhsNumber;
use crate::person::{Person, PersonId, Provenance};
use crate::relationship::Relationship;
use crate::sharing::{SharingFact, SharingRestriction};

/// Above this many people, reading a whole table once and keeping the rows that concern them
/// is quicker than asking for each person in turn.
const WHOLE_TABLE_ABOVE: usize = 500;

/// A person's stay at a home: current while it has no end date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub person: PersonId,
    pub household: HouseholdId,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub provenance: Provenance,
}

/// A sharing restriction with the day it was lifted, if it has been.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRestriction {
    pub restriction: SharingRestriction,
    pub ended_on: Option<NaiveDate>,
}

const MEMBERSHIP_COLUMNS: &str =
    "id, person_id, household_id, start_date, end_date, source, source_detail, confirmed_on";

fn membership_from_row(row: &Row<'_>) -> rusqlite::Result<(i64, Membership)> {
    Ok((
        row.get(0)?,
        Membership {
            person: PersonId(row.get(1)?),
            household: HouseholdId(row.get(2)?),
            start_date: parse_date(row, 3)?,
            end_date: parse_date(row, 4)?,
            provenance: provenance(row, 5)?,
        },
    ))
}

const RESTRICTION_COLUMNS: &str = "id, subject_id, withheld_from, fact, reason, ended_on";

fn restriction_from_row(row: &Row<'_>) -> rusqlite::Result<RecordedRestriction> {
    Ok(RecordedRestriction {
        restriction: SharingRestriction {
            id: row.get(0)?,
            subject: PersonId(row.get(1)?),
            withheld_from: PersonId(row.get(2)?),
            fact: parse_code(row, 3, SharingFact::from_code)?,
            reason: row.get(4)?,
        },
        ended_on: parse_date(row, 5)?,
    })
}

impl Reader<'_> {
    /// Everyone recorded, except records merged into another one.
    pub fn current_person_ids(&self) -> Result<BTreeSet<PersonId>> {
        let mut stmt = self
            .tx
            .prepare_cached("SELECT id FROM person WHERE merged_into IS NULL ORDER BY id")?;
        let rows = stmt.query_map([], |r| r.get(0).map(PersonId))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// These people, oldest record first, leaving out any merged into another record.
    pub fn people_among(&self, people: &BTreeSet<PersonId>) -> Result<Vec<Person>> {
        let found: Vec<Person> = if people.len() > WHOLE_TABLE_ABOVE {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {PERSON_COLUMNS} FROM person WHERE merged_into IS NULL ORDER BY id"
            ))?;
            let rows = stmt.query_map([], person_from_row)?;
            rows.filter(|p| p.as_ref().map_or(true, |p| people.contains(&p.id)))
                .collect::<rusqlite::Result<_>>()?
        } else {
            let mut found = Vec::with_capacity(people.len());
            for &id in people {
                let person = self.person(id)?;
                if person.merged_into.is_none() {
                    found.push(person);
                }
            }
            found
        };
        Ok(found)
    }

    /// These homes, oldest record first.
    pub fn households_among(&self, homes: &BTreeSet<HouseholdId>) -> Result<Vec<Household>> {
        if homes.len() > WHOLE_TABLE_ABOVE {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {HOUSEHOLD_COLUMNS} FROM household h ORDER BY h.id"
            ))?;
            let rows = stmt.query_map([], household_from_row)?;
            Ok(rows
                .filter(|h| h.as_ref().map_or(true, |h| homes.contains(&h.id)))
                .collect::<rusqlite::Result<_>>()?)
        } else {
            homes.iter().map(|&id| self.household(id)).collect()
        }
    }

    /// Every stay at a home (ended ones too) of these people, in the order they were recorded.
    pub fn memberships_among(&self, people: &BTreeSet<PersonId>) -> Result<Vec<Membership>> {
        let mut found: Vec<(i64, Membership)> = if people.len() > WHOLE_TABLE_ABOVE {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {MEMBERSHIP_COLUMNS} FROM household_member ORDER BY id"
            ))?;
            let rows = stmt.query_map([], membership_from_row)?;
            rows.filter(|m| m.as_ref().map_or(true, |(_, m)| people.contains(&m.person)))
                .collect::<rusqlite::Result<_>>()?
        } else {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {MEMBERSHIP_COLUMNS} FROM household_member WHERE person_id = ?1"
            ))?;
            let mut found = Vec::new();
            for id in people {
                for m in stmt.query_map([id.0], membership_from_row)? {
                    found.push(m?);
                }
            }
            found
        };
        found.sort_by_key(|(id, _)| *id);
        Ok(found.into_iter().map(|(_, m)| m).collect())
    }

    /// The caseload entries (children still on the caseload) among these people.
    pub fn caseload_among(
        &self,
        people: &BTreeSet<PersonId>,
    ) -> Result<Vec<(PersonId, CaseloadEntry)>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT person_id, main_household_id, named_practitioner FROM caseload_child
             WHERE closed_on IS NULL ORDER BY person_id",
        )?;
        let rows = stmt.query_map([], |row| {
            Ok((
                PersonId(row.get(0)?),
                CaseloadEntry {
                    main_home: row.get::<_, Option<i64>>(1)?.map(HouseholdId),
                    named_practitioner: row.get(2)?,
                },
            ))
        })?;
        Ok(rows
            .filter(|e| e.as_ref().map_or(true, |(p, _)| people.contains(p)))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// Every relationship (ended ones too) between two of these people, each once.
    pub fn relationships_among(&self, people: &BTreeSet<PersonId>) -> Result<Vec<Relationship>> {
        let both =
            |r: &Relationship| people.contains(&r.details.from) && people.contains(&r.details.to);
        if people.len() > WHOLE_TABLE_ABOVE {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {RELATIONSHIP_COLUMNS} FROM relationship ORDER BY id"
            ))?;
            let rows = stmt.query_map([], relationship_from_row)?;
            return Ok(rows
                .filter(|r| r.as_ref().map_or(true, both))
                .collect::<rusqlite::Result<_>>()?);
        }
        let mut found: BTreeMap<i64, Relationship> = BTreeMap::new();
        for &id in people {
            for r in self.relationships_of(id)? {
                if both(&r) {
                    found.insert(r.id.0, r);
                }
            }
        }
        Ok(found.into_values().collect())
    }

    /// Every care arrangement (ended ones too) where both the child and the carer are among
    /// these people.
    pub fn care_among(&self, people: &BTreeSet<PersonId>) -> Result<Vec<CareArrangement>> {
        let both = |c: &CareArrangement| {
            people.contains(&c.details.child) && people.contains(&c.details.carer)
        };
        let mut found: Vec<CareArrangement> = if people.len() > WHOLE_TABLE_ABOVE {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {CARE_COLUMNS} FROM care_arrangement ORDER BY id"
            ))?;
            let rows = stmt.query_map([], care_from_row)?;
            rows.filter(|c| c.as_ref().map_or(true, both))
                .collect::<rusqlite::Result<_>>()?
        } else {
            let mut stmt = self.tx.prepare_cached(&format!(
                "SELECT {CARE_COLUMNS} FROM care_arrangement WHERE child_id = ?1"
            ))?;
            let mut found = Vec::new();
            for id in people {
                for c in stmt.query_map([id.0], care_from_row)? {
                    let c = c?;
                    if both(&c) {
                        found.push(c);
                    }
                }
            }
            found
        };
        found.sort_by_key(|c| c.id);
        Ok(found)
    }

    /// Every sharing restriction (lifted ones too) that protects or is withheld from any of
    /// these people, each once.
    pub fn restrictions_touching(
        &self,
        people: &BTreeSet<PersonId>,
    ) -> Result<Vec<RecordedRestriction>> {
        let touches = |r: &RecordedRestriction| {
            people.contains(&r.restriction.subject) || people.contains(&r.restriction.withheld_from)
        };
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {RESTRICTION_COLUMNS} FROM sharing_restriction ORDER BY id"
        ))?;
        let rows = stmt.query_map([], restriction_from_row)?;
        Ok(rows
            .filter(|r| r.as_ref().map_or(true, touches))
            .collect::<rusqlite::Result<_>>()?)
    }

    /// The current (not merged) person holding this NHS number, if anyone does.
    pub fn person_with_nhs_number(&self, nhs: &NhsNumber) -> Result<Option<Person>> {
        Ok(self
            .tx
            .query_row(
                &format!(
                    "SELECT {PERSON_COLUMNS} FROM person
                     WHERE nhs_number = ?1 AND merged_into IS NULL"
                ),
                [nhs.digits()],
                person_from_row,
            )
            .optional()?)
    }

    /// The highest NHS number recorded that starts with `prefix` (the demonstration caseload
    /// carries on from there, so that running it twice never reuses a number).
    pub fn highest_nhs_number_starting(&self, prefix: &str) -> Result<Option<NhsNumber>> {
        let digits: Option<String> = self.tx.query_row(
            "SELECT max(nhs_number) FROM person WHERE substr(nhs_number, 1, length(?1)) = ?1",
            [prefix],
            |r| r.get(0),
        )?;
        Ok(digits.and_then(|d| NhsNumber::parse(&d).ok()))
    }
}

impl Writer<'_> {
    /// Records a stay at a home exactly as given, ended or not, without ending any other
    /// stay (unlike [`Writer::move_into`]): used when a whole history is copied in.
    pub fn add_membership(&mut self, m: &Membership) -> Result<()> {
        self.current_person(m.person)?;
        self.household_exists(m.household)?;
        if let (Some(start), Some(end)) = (m.start_date, m.end_date) {
            if end < start {
                return Err(Error::invalid(
                    "end_date",
                    "The date they left must be on or after the date they moved in",
                ));
            }
        }
        self.tx.execute(
            "INSERT INTO household_member (household_id, person_id, start_date, end_date, source,
                 source_detail, confirmed_on, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                m.household.0,
                m.person.0,
                m.start_date.map(|d| d.to_string()),
                m.end_date.map(|d| d.to_string()),
                m.provenance.source.code(),
                m.provenance.detail,
                m.provenance.confirmed_on.map(|d| d.to_string()),
                self.now,
                self.actor.name
            ],
        )?;
        self.audit(
            "person.move",
            "person",
            Some(&m.person.to_string()),
            &json!({
                "household": m.household.0,
                "start": m.start_date.map(|d| d.to_string()),
                "end": m.end_date.map(|d| d.to_string()),
                "provenance": provenance_json(&m.provenance),
            }),
        )
    }

    /// Ends a care arrangement on `end_date`; it stays on record.
    pub fn end_care_arrangement(
        &mut self,
        id: CareArrangementId,
        end_date: NaiveDate,
    ) -> Result<()> {
        let found: Option<(i64, Option<String>)> = self
            .tx
            .query_row(
                "SELECT child_id, end_date FROM care_arrangement WHERE id = ?1",
                [id.0],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((child, ended)) = found else {
            return Err(Error::NotFound {
                what: format!("Care arrangement {}", id.0),
            });
        };
        if ended.is_some() {
            return Err(Error::invalid(
                "end_date",
                "This care arrangement has already ended",
            ));
        }
        self.tx.execute(
            "UPDATE care_arrangement SET end_date = ?2 WHERE id = ?1",
            params![id.0, end_date.to_string()],
        )?;
        self.audit(
            "care.end",
            "person",
            Some(&child.to_string()),
            &json!({ "care_arrangement": id.0, "end_date": end_date.to_string() }),
        )
    }

    /// Lifts a sharing restriction on `ended_on`; it stays on record.
    pub fn end_sharing_restriction(&mut self, id: i64, ended_on: NaiveDate) -> Result<()> {
        let found: Option<(i64, Option<String>)> = self
            .tx
            .query_row(
                "SELECT subject_id, ended_on FROM sharing_restriction WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((subject, ended)) = found else {
            return Err(Error::NotFound {
                what: format!("Sharing restriction {id}"),
            });
        };
        if ended.is_some() {
            return Err(Error::invalid(
                "ended_on",
                "This sharing restriction has already been lifted",
            ));
        }
        self.tx.execute(
            "UPDATE sharing_restriction SET ended_on = ?2 WHERE id = ?1",
            params![id, ended_on.to_string()],
        )?;
        self.audit(
            "sharing.end",
            "person",
            Some(&subject.to_string()),
            &json!({ "sharing_restriction": id, "ended_on": ended_on.to_string() }),
        )
    }
}
