//! Where a family network is read from. One child's network is read with a few small queries
//! straight from the database; the whole caseload (for the ranked caseload and the gap scan)
//! is read from a [`Snapshot`]: every table read once into memory, then each network put
//! together from it by the same code, so both give the same answer.

use std::collections::HashMap;

use rusqlite::params;

use super::network::{
    care_from_row, household_from_row, relationship_from_row, CARE_COLUMNS, HOUSEHOLD_COLUMNS,
    RELATIONSHIP_COLUMNS,
};
use super::people::{person_from_row, COLUMNS as PERSON_COLUMNS};
use super::row::parse_code;
use super::{Reader, Store};
use crate::care::CareArrangement;
use crate::error::{Error, Result};
use crate::family::CaseloadEntry;
use crate::household::{Household, HouseholdId};
use crate::person::{Person, PersonId};
use crate::relationship::Relationship;
use crate::sharing::{SharingFact, SharingRestriction};

/// What putting a family network together needs to read.
pub(super) trait NetworkSource {
    fn person(&self, id: PersonId) -> Result<Person>;
    fn household(&self, id: HouseholdId) -> Result<Household>;
    /// Where `person` lives now, if recorded.
    fn current_home(&self, person: PersonId) -> Result<Option<Household>>;
    fn caseload_entry(&self, child: PersonId) -> Result<Option<CaseloadEntry>>;
    fn is_on_caseload(&self, person: PersonId) -> Result<bool>;
    /// Every relationship `person` is part of, from either end, oldest first.
    fn relationships_of(&self, person: PersonId) -> Result<Vec<Relationship>>;
    /// Every care arrangement for `child`, oldest first.
    fn care_of(&self, child: PersonId) -> Result<Vec<CareArrangement>>;
    /// Restrictions in force that protect `person` or keep something from them.
    fn restrictions_involving(&self, person: PersonId) -> Result<Vec<SharingRestriction>>;

    /// Every child `person` is a parent, carer or relative of.
    fn children_of(&self, person: PersonId) -> Result<Vec<(Relationship, Person)>> {
        let mut out = Vec::new();
        for r in self.relationships_of(person)? {
            if r.details.from == person && r.details.kind.links_adult_to_child() {
                let child = self.person(r.details.to)?;
                out.push((r, child));
            }
        }
        Ok(out)
    }
}

const RESTRICTION_COLUMNS: &str = "id, subject_id, withheld_from, fact, reason";

fn restriction_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SharingRestriction> {
    Ok(SharingRestriction {
        id: row.get(0)?,
        subject: PersonId(row.get(1)?),
        withheld_from: PersonId(row.get(2)?),
        fact: parse_code(row, 3, SharingFact::from_code)?,
        reason: row.get(4)?,
    })
}

impl NetworkSource for Reader<'_> {
    fn person(&self, id: PersonId) -> Result<Person> {
        Reader::person(self, id)
    }

    fn household(&self, id: HouseholdId) -> Result<Household> {
        Reader::household(self, id)
    }

    fn current_home(&self, person: PersonId) -> Result<Option<Household>> {
        Reader::current_home(self, person)
    }

    fn caseload_entry(&self, child: PersonId) -> Result<Option<CaseloadEntry>> {
        Reader::caseload_entry(self, child)
    }

    fn is_on_caseload(&self, person: PersonId) -> Result<bool> {
        Reader::is_on_caseload(self, person)
    }

    fn relationships_of(&self, person: PersonId) -> Result<Vec<Relationship>> {
        Reader::relationships_of(self, person)
    }

    fn care_of(&self, child: PersonId) -> Result<Vec<CareArrangement>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {CARE_COLUMNS} FROM care_arrangement WHERE child_id = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([child.0], care_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn restrictions_involving(&self, person: PersonId) -> Result<Vec<SharingRestriction>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {RESTRICTION_COLUMNS} FROM sharing_restriction
             WHERE ended_on IS NULL AND (subject_id = ?1 OR withheld_from = ?1) ORDER BY id"
        ))?;
        let rows = stmt.query_map(params![person.0], restriction_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// The family-network tables, read once into memory.
#[derive(Debug, Default)]
pub(super) struct Snapshot {
    people: HashMap<PersonId, Person>,
    households: HashMap<HouseholdId, Household>,
    home_of: HashMap<PersonId, HouseholdId>,
    caseload: HashMap<PersonId, CaseloadEntry>,
    relationships: HashMap<PersonId, Vec<Relationship>>,
    care: HashMap<PersonId, Vec<CareArrangement>>,
    restrictions: HashMap<PersonId, Vec<SharingRestriction>>,
}

fn not_found(what: String) -> Error {
    Error::NotFound { what }
}

impl Snapshot {
    /// Reads every table a family network needs, one pass each, in the reader's snapshot.
    pub(super) fn load(r: &Reader<'_>) -> Result<Snapshot> {
        let mut s = Snapshot::default();
        let mut stmt =
            r.tx.prepare(&format!("SELECT {PERSON_COLUMNS} FROM person"))?;
        for p in stmt.query_map([], person_from_row)? {
            let p = p?;
            s.people.insert(p.id, p);
        }
        let mut stmt =
            r.tx.prepare(&format!("SELECT {HOUSEHOLD_COLUMNS} FROM household h"))?;
        for h in stmt.query_map([], household_from_row)? {
            let h = h?;
            s.households.insert(h.id, h);
        }
        // The latest current membership wins, as in `Reader::current_home`.
        let mut stmt = r.tx.prepare(
            "SELECT person_id, household_id FROM household_member WHERE end_date IS NULL ORDER BY id",
        )?;
        for row in stmt.query_map([], |row| {
            Ok((PersonId(row.get(0)?), HouseholdId(row.get(1)?)))
        })? {
            let (person, home) = row?;
            s.home_of.insert(person, home);
        }
        let mut stmt = r.tx.prepare(
            "SELECT person_id, main_household_id, named_practitioner FROM caseload_child
             WHERE closed_on IS NULL",
        )?;
        for row in stmt.query_map([], |row| {
            Ok((
                PersonId(row.get(0)?),
                CaseloadEntry {
                    main_home: row.get::<_, Option<i64>>(1)?.map(HouseholdId),
                    named_practitioner: row.get(2)?,
                },
            ))
        })? {
            let (child, entry) = row?;
            s.caseload.insert(child, entry);
        }
        let mut stmt = r.tx.prepare(&format!(
            "SELECT {RELATIONSHIP_COLUMNS} FROM relationship ORDER BY id"
        ))?;
        for rel in stmt.query_map([], relationship_from_row)? {
            let rel = rel?;
            s.relationships
                .entry(rel.details.from)
                .or_default()
                .push(rel.clone());
            s.relationships.entry(rel.details.to).or_default().push(rel);
        }
        let mut stmt = r.tx.prepare(&format!(
            "SELECT {CARE_COLUMNS} FROM care_arrangement ORDER BY id"
        ))?;
        for c in stmt.query_map([], care_from_row)? {
            let c = c?;
            s.care.entry(c.details.child).or_default().push(c);
        }
        let mut stmt = r.tx.prepare(&format!(
            "SELECT {RESTRICTION_COLUMNS} FROM sharing_restriction WHERE ended_on IS NULL ORDER BY id"
        ))?;
        for x in stmt.query_map([], restriction_from_row)? {
            let x = x?;
            s.restrictions.entry(x.subject).or_default().push(x.clone());
            s.restrictions.entry(x.withheld_from).or_default().push(x);
        }
        Ok(s)
    }
}

impl NetworkSource for Snapshot {
    fn person(&self, id: PersonId) -> Result<Person> {
        self.people
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(format!("Person {id}")))
    }

    fn household(&self, id: HouseholdId) -> Result<Household> {
        self.households
            .get(&id)
            .cloned()
            .ok_or_else(|| not_found(format!("Household {}", id.0)))
    }

    fn current_home(&self, person: PersonId) -> Result<Option<Household>> {
        self.home_of
            .get(&person)
            .map(|&h| self.household(h))
            .transpose()
    }

    fn caseload_entry(&self, child: PersonId) -> Result<Option<CaseloadEntry>> {
        Ok(self.caseload.get(&child).cloned())
    }

    fn is_on_caseload(&self, person: PersonId) -> Result<bool> {
        Ok(self.caseload.contains_key(&person))
    }

    fn relationships_of(&self, person: PersonId) -> Result<Vec<Relationship>> {
        Ok(self.relationships.get(&person).cloned().unwrap_or_default())
    }

    fn care_of(&self, child: PersonId) -> Result<Vec<CareArrangement>> {
        Ok(self.care.get(&child).cloned().unwrap_or_default())
    }

    fn restrictions_involving(&self, person: PersonId) -> Result<Vec<SharingRestriction>> {
        Ok(self.restrictions.get(&person).cloned().unwrap_or_default())
    }
}

impl Reader<'_> {
    /// The family networks of many children at once, read through one [`Snapshot`].
    pub fn family_networks(
        &self,
        children: &[PersonId],
    ) -> Result<Vec<crate::family::FamilyNetwork>> {
        let snapshot = Snapshot::load(self)?;
        children
            .iter()
            .map(|&child| super::network::assemble_network(&snapshot, child))
            .collect()
    }

    /// The family network of every child on the caseload (not closed, not merged), by id,
    /// read through one [`Snapshot`].
    pub fn caseload_networks(&self) -> Result<Vec<crate::family::FamilyNetwork>> {
        self.map_caseload_networks(Ok)
    }

    /// `f` applied to the family network of every child on the caseload (not closed, not
    /// merged), in order of id, put together from one [`Snapshot`] (see
    /// [`Snapshot::map_networks`]).
    pub fn map_caseload_networks<T: Send>(
        &self,
        f: impl Fn(crate::family::FamilyNetwork) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        Snapshot::load(self)?.map_networks(f)
    }
}

impl Store {
    /// `f` applied to the family network of every child on the caseload, as
    /// [`Reader::map_caseload_networks`], with what `records` reads about the whole caseload
    /// (the gap rules' records) handed to each call. The network tables and the records are
    /// read at the same time, on two connections, from the same moment of the database
    /// ([`Store::read_alongside`]); on a large caseload each read is about a third of the
    /// work. What was read is freed on two threads too.
    pub fn map_caseload_networks_with<R: Send + Sync, T: Send>(
        &self,
        records: impl FnOnce(&Reader<'_>) -> Result<R> + Send,
        f: impl Fn(crate::family::FamilyNetwork, &R) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        let (snapshot, records) = self.read_alongside(Snapshot::load, records)?;
        let out = snapshot.map_networks(|network| f(network, &records));
        std::thread::scope(|scope| {
            scope.spawn(move || drop(records));
            drop(snapshot);
        });
        out
    }
}

impl Snapshot {
    /// `f` applied to the family network of every child on the caseload (not closed, not
    /// merged), in order of id. The networks are put together on every core the computer has
    /// (on a large caseload this is most of the work), and each is dropped where `f` leaves
    /// it.
    fn map_networks<T: Send>(
        &self,
        f: impl Fn(crate::family::FamilyNetwork) -> Result<T> + Sync,
    ) -> Result<Vec<T>> {
        let snapshot = self;
        let mut children: Vec<PersonId> = snapshot
            .caseload
            .keys()
            .copied()
            .filter(|id| {
                snapshot
                    .people
                    .get(id)
                    .is_some_and(|p| p.merged_into.is_none())
            })
            .collect();
        children.sort();
        let workers = std::thread::available_parallelism()
            .map_or(1, std::num::NonZeroUsize::get)
            .clamp(1, 8);
        // Small caseloads are not worth a thread.
        let chunk = children.len().div_ceil(workers).max(256);
        let work = |part: &[PersonId]| -> Result<Vec<T>> {
            part.iter()
                .map(|&child| f(super::network::assemble_network(snapshot, child)?))
                .collect()
        };
        if children.len() <= chunk {
            return work(&children);
        }
        std::thread::scope(|scope| {
            let handles: Vec<_> = children
                .chunks(chunk)
                .map(|part| scope.spawn(|| work(part)))
                .collect();
            let mut out = Vec::with_capacity(children.len());
            for handle in handles {
                // A worker only panics on a bug; it goes on as if there were no threads.
                let part = handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
                out.extend(part);
            }
            Ok(out)
        })
    }
}

/// The tables a caseload gap scan reads, each with the rows it reads.
const GAP_SCAN_TABLES: &[&str] = &[
    "SELECT * FROM person",
    "SELECT * FROM household",
    "SELECT * FROM household_member WHERE end_date IS NULL",
    "SELECT * FROM caseload_child WHERE closed_on IS NULL",
    "SELECT * FROM relationship",
    "SELECT * FROM care_arrangement",
    "SELECT * FROM sharing_restriction WHERE ended_on IS NULL",
    "SELECT * FROM contact",
    "SELECT * FROM contact_present",
    "SELECT * FROM invitation",
    "SELECT * FROM pack_sent",
    "SELECT * FROM gap_answer",
    "SELECT * FROM person_statement",
    "SELECT * FROM gap_settings",
    "SELECT * FROM gap_rule_setting",
];

impl Reader<'_> {
    /// Reads every row and column the caseload gap scan reads, and does nothing with them:
    /// the floor any scan of the caseload must pay (the benchmark's yardstick). Returns the
    /// number of text and blob bytes seen.
    pub fn scan_gap_tables(&self) -> Result<usize> {
        let mut bytes = 0;
        for sql in GAP_SCAN_TABLES {
            let mut stmt = self.tx.prepare(sql)?;
            let columns = stmt.column_count();
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                for i in 0..columns {
                    bytes += match row.get_ref(i)? {
                        rusqlite::types::ValueRef::Text(t) | rusqlite::types::ValueRef::Blob(t) => {
                            t.len()
                        }
                        _ => 1,
                    };
                }
            }
        }
        Ok(bytes)
    }
}
