//! SQL for the family network: homes and who lives in them, the caseload, relationships (with
//! the rules that keep them possible), care arrangements, sharing restrictions, and reading a
//! child's whole network back.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde_json::json;

use super::people::{person_from_row, COLUMNS as PERSON_COLUMNS};
use super::row::{bad_code, parse_code, parse_date, provenance};
use super::snapshot::NetworkSource;
use super::{Reader, Writer};
use crate::care::{CareArrangement, CareArrangementId, CareKind, NewCareArrangement};
use crate::error::{Error, Result};
use crate::family::{
    CareView, CaseloadChild, CaseloadEntry, Connection, FamilyNetwork, LinkedChild, NetworkMember,
    OtherChild, PersonView,
};
use crate::household::{AddressStatus, Household, HouseholdDetails, HouseholdId};
use crate::identifiers::Postcode;
use crate::person::{Person, PersonId, Provenance};
use crate::relationship::{NewRelationship, Relationship, RelationshipId, RelationshipKind};
use crate::sharing::{SharingFact, SharingRestriction};
use crate::vocab::{Answer, Sex};

pub(super) fn provenance_json(p: &Provenance) -> serde_json::Value {
    json!({
        "source": p.source.code(),
        "source_detail": p.detail,
        "confirmed_on": p.confirmed_on.map(|d| d.to_string()),
    })
}

pub(super) const HOUSEHOLD_COLUMNS: &str =
    "h.id, h.address_status, h.address_lines, h.postcode, h.description";

pub(super) fn household_from_row(row: &Row<'_>) -> rusqlite::Result<Household> {
    let postcode: String = row.get(3)?;
    Ok(Household {
        id: HouseholdId(row.get(0)?),
        details: HouseholdDetails {
            address_status: parse_code(row, 1, AddressStatus::from_code)?,
            address_lines: row.get(2)?,
            postcode: if postcode.is_empty() {
                None
            } else {
                Some(Postcode::parse(&postcode).map_err(|_| bad_code(3, &postcode))?)
            },
            description: row.get(4)?,
        },
    })
}

pub(super) const RELATIONSHIP_COLUMNS: &str =
    "id, from_person, to_person, kind, parental_responsibility,
     start_date, end_date, source, source_detail, confirmed_on";

pub(super) fn relationship_from_row(row: &Row<'_>) -> rusqlite::Result<Relationship> {
    let pr: Option<String> = row.get(4)?;
    Ok(Relationship {
        id: RelationshipId(row.get(0)?),
        details: NewRelationship {
            from: PersonId(row.get(1)?),
            to: PersonId(row.get(2)?),
            kind: parse_code(row, 3, RelationshipKind::from_code)?,
            parental_responsibility: pr
                .map(|p| Answer::from_code(&p).ok_or_else(|| bad_code(4, &p)))
                .transpose()?,
            start_date: parse_date(row, 5)?,
            provenance: provenance(row, 7)?,
        },
        end_date: parse_date(row, 6)?,
    })
}

pub(super) const CARE_COLUMNS: &str =
    "id, child_id, carer_id, kind, frequency, household_id, start_date,
     end_date, notes, source, source_detail, confirmed_on";

pub(super) fn care_from_row(row: &Row<'_>) -> rusqlite::Result<CareArrangement> {
    Ok(CareArrangement {
        id: CareArrangementId(row.get(0)?),
        details: NewCareArrangement {
            child: PersonId(row.get(1)?),
            carer: PersonId(row.get(2)?),
            kind: parse_code(row, 3, CareKind::from_code)?,
            frequency: row.get(4)?,
            place: row.get::<_, Option<i64>>(5)?.map(HouseholdId),
            start_date: parse_date(row, 6)?,
            notes: row.get(8)?,
            provenance: provenance(row, 9)?,
        },
        end_date: parse_date(row, 7)?,
    })
}

fn household_json(h: &HouseholdDetails) -> serde_json::Value {
    json!({
        "address_status": h.address_status.code(),
        "address_lines": h.address_lines,
        "postcode": h.postcode.as_ref().map(Postcode::as_str),
        "description": h.description,
    })
}

impl Writer<'_> {
    /// Records a home.
    pub fn add_household(&mut self, h: &HouseholdDetails) -> Result<HouseholdId> {
        self.tx.execute(
            "INSERT INTO household (address_status, address_lines, postcode, description, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                h.address_status.code(),
                h.address_lines,
                h.postcode.as_ref().map(Postcode::as_str).unwrap_or(""),
                h.description,
                self.now,
                self.actor.name
            ],
        )?;
        let id = HouseholdId(self.tx.last_insert_rowid());
        self.audit(
            "household.create",
            "household",
            Some(&id.0.to_string()),
            &json!({ "after": household_json(h) }),
        )?;
        Ok(id)
    }

    /// Records that `person` lives at `household` from `start` (or from an unknown date).
    /// Their previous home, if any, ends that day: addresses keep their history.
    pub fn move_into(
        &mut self,
        person: PersonId,
        household: HouseholdId,
        start: Option<NaiveDate>,
        provenance: &Provenance,
    ) -> Result<()> {
        self.current_person(person)?;
        self.household_exists(household)?;
        let ended_on = start.map(|d| d.to_string()).unwrap_or_else(|| self.today());
        self.tx.execute(
            "UPDATE household_member SET end_date = ?2
             WHERE person_id = ?1 AND end_date IS NULL AND household_id <> ?3",
            params![person.0, ended_on, household.0],
        )?;
        let already: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM household_member
                            WHERE person_id = ?1 AND household_id = ?2 AND end_date IS NULL)",
            params![person.0, household.0],
            |r| r.get(0),
        )?;
        if !already {
            self.tx.execute(
                "INSERT INTO household_member (household_id, person_id, start_date, source, source_detail,
                     confirmed_on, created_at, created_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    household.0,
                    person.0,
                    start.map(|d| d.to_string()),
                    provenance.source.code(),
                    provenance.detail,
                    provenance.confirmed_on.map(|d| d.to_string()),
                    self.now,
                    self.actor.name
                ],
            )?;
        }
        self.audit(
            "person.move",
            "person",
            Some(&person.to_string()),
            &json!({ "household": household.0, "start": start.map(|d| d.to_string()), "provenance": provenance_json(provenance) }),
        )
    }

    /// Puts a child on the clinic's caseload, living at `main_home`.
    pub fn add_to_caseload(
        &mut self,
        child: PersonId,
        main_home: Option<HouseholdId>,
        named_practitioner: &str,
    ) -> Result<()> {
        self.current_person(child)?;
        if let Some(h) = main_home {
            self.household_exists(h)?;
        }
        self.tx.execute(
            "INSERT INTO caseload_child (person_id, main_household_id, named_practitioner, added_at, added_by)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (person_id) DO UPDATE SET main_household_id = excluded.main_household_id,
                 named_practitioner = excluded.named_practitioner, closed_on = NULL",
            params![child.0, main_home.map(|h| h.0), named_practitioner, self.now, self.actor.name],
        )?;
        self.audit(
            "caseload.add",
            "person",
            Some(&child.to_string()),
            &json!({ "main_home": main_home.map(|h| h.0), "named_practitioner": named_practitioner }),
        )
    }

    /// When a child on the caseload moves, their new home becomes their main home.
    pub fn move_main_home(&mut self, child: PersonId, home: HouseholdId) -> Result<()> {
        let changed = self.tx.execute(
            "UPDATE caseload_child SET main_household_id = ?2 WHERE person_id = ?1 AND closed_on IS NULL",
            params![child.0, home.0],
        )?;
        if changed > 0 {
            self.audit(
                "caseload.main_home",
                "person",
                Some(&child.to_string()),
                &json!({ "main_home": home.0 }),
            )?;
        }
        Ok(())
    }

    /// Records a relationship, refusing ones that cannot be true: a person related to
    /// themselves, a third birth parent (or a second birth mother or father), a loop of
    /// parents and grandparents, or the same relationship twice.
    pub fn add_relationship(&mut self, r: &NewRelationship) -> Result<RelationshipId> {
        let from = self.current_person(r.from)?;
        let to = self.current_person(r.to)?;
        if r.from == r.to {
            return Err(Error::invalid(
                "to",
                "A person cannot be related to themselves",
            ));
        }
        let existing = self.relationships_between(r.from, r.to)?;
        let same = |e: &Relationship| {
            e.details.kind == r.kind && (r.kind.is_symmetric() || e.details.from == r.from)
        };
        if existing.iter().any(|e| e.is_current() && same(e)) {
            return Err(Error::invalid(
                "kind",
                format!(
                    "This relationship is already recorded: {} is {} of {}",
                    from.details.display_name(),
                    article(r.kind),
                    to.details.display_name()
                ),
            ));
        }
        if r.kind.is_birth_parent() {
            let parents: Vec<RelationshipKind> = self
                .tx
                .prepare_cached(
                    "SELECT kind FROM relationship
                     WHERE to_person = ?1 AND kind IN ('birth_mother', 'birth_father')",
                )?
                .query_map([r.to.0], |row| {
                    parse_code(row, 0, RelationshipKind::from_code)
                })?
                .collect::<rusqlite::Result<_>>()?;
            let child = to.details.display_name();
            if parents.contains(&r.kind) {
                return Err(Error::invalid(
                    "kind",
                    format!(
                        "{child} already has a {} recorded. If this is the same person, open that record; if the record is wrong, change it there",
                        r.kind.label().to_lowercase()
                    ),
                ));
            }
            if parents.len() >= 2 {
                return Err(Error::invalid(
                    "kind",
                    format!("{child} already has two birth parents recorded"),
                ));
            }
        }
        if r.kind.is_ancestry() && self.is_ancestor(r.to, r.from)? {
            return Err(Error::invalid(
                "kind",
                format!(
                    "{} is already recorded as a parent or grandparent of {}, so this would go round in a circle",
                    to.details.display_name(),
                    from.details.display_name()
                ),
            ));
        }
        let pr = if r.kind.links_adult_to_child() {
            Some(r.parental_responsibility.unwrap_or(Answer::NotKnown))
        } else {
            None
        };
        self.tx.execute(
            "INSERT INTO relationship (from_person, to_person, kind, parental_responsibility, start_date,
                 source, source_detail, confirmed_on, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                r.from.0,
                r.to.0,
                r.kind.code(),
                pr.map(Answer::code),
                r.start_date.map(|d| d.to_string()),
                r.provenance.source.code(),
                r.provenance.detail,
                r.provenance.confirmed_on.map(|d| d.to_string()),
                self.now,
                self.actor.name
            ],
        )?;
        let id = RelationshipId(self.tx.last_insert_rowid());
        let detail = json!({
            "from": r.from.0, "to": r.to.0, "kind": r.kind.code(),
            "parental_responsibility": pr.map(Answer::code),
            "start_date": r.start_date.map(|d| d.to_string()),
            "provenance": provenance_json(&r.provenance),
        });
        for person in [r.from, r.to] {
            self.audit(
                "relationship.create",
                "person",
                Some(&person.to_string()),
                &detail,
            )?;
        }
        Ok(id)
    }

    /// Ends a relationship on `end_date`; it stays on record.
    pub fn end_relationship(&mut self, id: RelationshipId, end_date: NaiveDate) -> Result<()> {
        let r = self
            .tx
            .query_row(
                &format!("SELECT {RELATIONSHIP_COLUMNS} FROM relationship WHERE id = ?1"),
                [id.0],
                relationship_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: format!("Relationship {}", id.0),
            })?;
        if r.details.kind.is_birth_parent() {
            return Err(Error::invalid(
                "ended_on",
                "A birth parent stays a birth parent. Record a change of who cares for the child instead",
            ));
        }
        if r.end_date.is_some() {
            return Err(Error::invalid(
                "ended_on",
                "This relationship has already ended",
            ));
        }
        if r.details.start_date.is_some_and(|start| end_date < start) {
            return Err(Error::invalid(
                "ended_on",
                "The end date cannot be before the relationship started",
            ));
        }
        self.tx.execute(
            "UPDATE relationship SET end_date = ?2 WHERE id = ?1",
            params![id.0, end_date.to_string()],
        )?;
        let detail = json!({ "relationship": id.0, "end_date": end_date.to_string() });
        for person in [r.details.from, r.details.to] {
            self.audit(
                "relationship.end",
                "person",
                Some(&person.to_string()),
                &detail,
            )?;
        }
        Ok(())
    }

    /// Records who looks after the child, when and where.
    pub fn add_care_arrangement(&mut self, c: &NewCareArrangement) -> Result<CareArrangementId> {
        self.current_person(c.child)?;
        self.current_person(c.carer)?;
        if c.child == c.carer {
            return Err(Error::invalid("carer", "A child cannot be their own carer"));
        }
        if let Some(h) = c.place {
            self.household_exists(h)?;
        }
        self.tx.execute(
            "INSERT INTO care_arrangement (child_id, carer_id, kind, frequency, household_id, start_date,
                 notes, source, source_detail, confirmed_on, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                c.child.0,
                c.carer.0,
                c.kind.code(),
                c.frequency,
                c.place.map(|h| h.0),
                c.start_date.map(|d| d.to_string()),
                c.notes,
                c.provenance.source.code(),
                c.provenance.detail,
                c.provenance.confirmed_on.map(|d| d.to_string()),
                self.now,
                self.actor.name
            ],
        )?;
        let id = CareArrangementId(self.tx.last_insert_rowid());
        let detail = json!({
            "child": c.child.0, "carer": c.carer.0, "kind": c.kind.code(), "frequency": c.frequency,
            "place": c.place.map(|h| h.0), "provenance": provenance_json(&c.provenance),
        });
        self.audit("care.create", "person", Some(&c.child.to_string()), &detail)?;
        Ok(id)
    }

    /// Records that `fact` about `subject` must not be shared with `withheld_from`.
    pub fn add_sharing_restriction(
        &mut self,
        subject: PersonId,
        withheld_from: PersonId,
        fact: SharingFact,
        reason: &str,
    ) -> Result<i64> {
        self.current_person(subject)?;
        self.current_person(withheld_from)?;
        if subject == withheld_from {
            return Err(Error::invalid(
                "withheld_from",
                "Choose someone other than the person whose information it is",
            ));
        }
        if reason.trim().is_empty() {
            return Err(Error::invalid(
                "reason",
                "Enter the reason for the restriction",
            ));
        }
        self.tx.execute(
            "INSERT INTO sharing_restriction (subject_id, withheld_from, fact, reason, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![subject.0, withheld_from.0, fact.code(), reason.trim(), self.now, self.actor.name],
        )?;
        let id = self.tx.last_insert_rowid();
        self.audit(
            "sharing.restrict",
            "person",
            Some(&subject.to_string()),
            &json!({ "withheld_from": withheld_from.0, "fact": fact.code(), "reason": reason.trim() }),
        )?;
        Ok(id)
    }

    /// The id of the home `person` lives in now, if recorded.
    pub fn current_home_id(&self, person: PersonId) -> Result<Option<HouseholdId>> {
        Ok(self
            .tx
            .query_row(
                "SELECT household_id FROM household_member
                 WHERE person_id = ?1 AND end_date IS NULL ORDER BY id DESC LIMIT 1",
                [person.0],
                |r| r.get(0),
            )
            .optional()?
            .map(HouseholdId))
    }

    pub(super) fn household_exists(&self, id: HouseholdId) -> Result<()> {
        let found: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM household WHERE id = ?1)",
            [id.0],
            |r| r.get(0),
        )?;
        if found {
            Ok(())
        } else {
            Err(Error::NotFound {
                what: format!("Household {}", id.0),
            })
        }
    }

    fn relationships_between(&self, a: PersonId, b: PersonId) -> Result<Vec<Relationship>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {RELATIONSHIP_COLUMNS} FROM relationship
             WHERE (from_person = ?1 AND to_person = ?2) OR (from_person = ?2 AND to_person = ?1)"
        ))?;
        let rows = stmt.query_map(params![a.0, b.0], relationship_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Whether `ancestor` is a parent, grandparent, ... of `person` (at any distance).
    fn is_ancestor(&self, ancestor: PersonId, person: PersonId) -> Result<bool> {
        let kinds = RelationshipKind::ALL
            .iter()
            .filter(|k| k.is_ancestry())
            .map(|k| format!("'{}'", k.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let found: bool = self.tx.query_row(
            &format!(
                "WITH RECURSIVE up(id) AS (
                     SELECT from_person FROM relationship WHERE to_person = ?1 AND kind IN ({kinds})
                     UNION
                     SELECT r.from_person FROM relationship r JOIN up ON r.to_person = up.id
                     WHERE r.kind IN ({kinds})
                 )
                 SELECT EXISTS (SELECT 1 FROM up WHERE id = ?2)"
            ),
            params![person.0, ancestor.0],
            |r| r.get(0),
        )?;
        Ok(found)
    }

    fn today(&self) -> String {
        self.now.get(..10).unwrap_or_default().to_owned()
    }
}

/// "a birth father", "an adoptive parent".
fn article(kind: RelationshipKind) -> String {
    let label = kind.label().to_lowercase();
    let vowel = label.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {label}", if vowel { "an" } else { "a" })
}

impl Reader<'_> {
    pub fn household(&self, id: HouseholdId) -> Result<Household> {
        self.tx
            .query_row(
                &format!("SELECT {HOUSEHOLD_COLUMNS} FROM household h WHERE h.id = ?1"),
                [id.0],
                household_from_row,
            )
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: format!("Household {}", id.0),
            })
    }

    /// Where `person` lives now, if recorded.
    pub fn current_home(&self, person: PersonId) -> Result<Option<Household>> {
        Ok(self
            .tx
            .query_row(
                &format!(
                    "SELECT {HOUSEHOLD_COLUMNS} FROM household h
                     JOIN household_member m ON m.household_id = h.id
                     WHERE m.person_id = ?1 AND m.end_date IS NULL
                     ORDER BY m.id DESC LIMIT 1"
                ),
                [person.0],
                household_from_row,
            )
            .optional()?)
    }

    pub fn caseload_entry(&self, child: PersonId) -> Result<Option<CaseloadEntry>> {
        Ok(self
            .tx
            .query_row(
                "SELECT main_household_id, named_practitioner FROM caseload_child
                 WHERE person_id = ?1 AND closed_on IS NULL",
                [child.0],
                |row| {
                    Ok(CaseloadEntry {
                        main_home: row.get::<_, Option<i64>>(0)?.map(HouseholdId),
                        named_practitioner: row.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Every relationship `person` is part of, from either end.
    pub fn relationships_of(&self, person: PersonId) -> Result<Vec<Relationship>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {RELATIONSHIP_COLUMNS} FROM relationship
             WHERE from_person = ?1 OR to_person = ?1 ORDER BY id"
        ))?;
        let rows = stmt.query_map([person.0], relationship_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every child `person` is a parent, carer or relative of (one person, many children).
    pub fn children_of(&self, person: PersonId) -> Result<Vec<(Relationship, Person)>> {
        let mut out = Vec::new();
        for r in self.relationships_of(person)? {
            if r.details.from == person && r.details.kind.links_adult_to_child() {
                let child = self.person(r.details.to)?;
                out.push((r, child));
            }
        }
        Ok(out)
    }

    pub(super) fn is_on_caseload(&self, person: PersonId) -> Result<bool> {
        Ok(self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM caseload_child WHERE person_id = ?1 AND closed_on IS NULL)",
            [person.0],
            |r| r.get(0),
        )?)
    }

    /// One person and every child they are linked to.
    pub fn person_view(&self, id: PersonId) -> Result<PersonView> {
        let person = self.person(id)?;
        let mut children = Vec::new();
        for (relationship, child) in self.children_of(id)? {
            children.push(LinkedChild {
                on_caseload: self.is_on_caseload(child.id)?,
                child,
                relationship,
            });
        }
        let mut relationships = Vec::new();
        for r in self.relationships_of(id)? {
            let other = self.person(r.other(id))?;
            relationships.push((r, other));
        }
        Ok(PersonView {
            home: self.current_home(id)?,
            on_caseload: self.is_on_caseload(id)?,
            person,
            children,
            relationships,
        })
    }

    /// The children on the caseload, youngest first (the youngest are most at risk).
    pub fn caseload(&self) -> Result<Vec<CaseloadChild>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {PERSON_COLUMNS}, c.named_practitioner,
                 (SELECT count(*) FROM care_arrangement a
                  WHERE a.child_id = person.id AND a.kind = 'overnight' AND a.end_date IS NULL
                    AND (a.household_id IS NULL OR a.household_id IS NOT c.main_household_id))
             FROM caseload_child c JOIN person ON person.id = c.person_id
             WHERE c.closed_on IS NULL AND person.merged_into IS NULL
             ORDER BY person.birth_date IS NULL, person.birth_date DESC, person.id"
        ))?;
        let rows = stmt.query_map([], |row| {
            Ok(CaseloadChild {
                child: person_from_row(row)?,
                named_practitioner: row.get(20)?,
                overnight_away: row.get(21)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The whole family network of one child.
    pub fn family_network(&self, child_id: PersonId) -> Result<FamilyNetwork> {
        assemble_network(self, child_id)
    }
}

/// The whole family network of one child, read from `src` (the database, or a snapshot of it).
pub(super) fn assemble_network(
    src: &impl NetworkSource,
    child_id: PersonId,
) -> Result<FamilyNetwork> {
    let child = src.person(child_id)?;
    let caseload = src.caseload_entry(child_id)?;
    let main_home = match caseload.as_ref().and_then(|c| c.main_home) {
        Some(h) => Some(src.household(h)?),
        None => src.current_home(child_id)?,
    };
    let main_home_id = main_home.as_ref().map(|h| h.id);

    let mut connections: BTreeMap<PersonId, Vec<Connection>> = BTreeMap::new();
    let direct = src.relationships_of(child_id)?;
    for r in &direct {
        connections
            .entry(r.other(child_id))
            .or_default()
            .push(Connection::Direct(r.clone()));
    }
    // The current partners of the child's parents are part of the child's world.
    for r in direct
        .iter()
        .filter(|r| r.details.to == child_id && r.details.kind.is_parental() && r.is_current())
    {
        let parent = src.person(r.details.from)?;
        let whose = match (r.details.kind, parent.details.sex) {
            (RelationshipKind::BirthMother, _) | (_, Sex::Female) => "Mother's partner",
            (RelationshipKind::BirthFather, _) | (_, Sex::Male) => "Father's partner",
            _ => "Parent's partner",
        };
        for pr in src.relationships_of(parent.id)? {
            if pr.details.kind == RelationshipKind::Partner && pr.is_current() {
                let partner = pr.other(parent.id);
                // A partner who is a parent of the child already (the other birth
                // parent, a step-parent) is shown as that, not as "Mother's partner".
                let already_parent = direct.iter().any(|d| {
                    d.is_current()
                        && d.details.from == partner
                        && d.details.to == child_id
                        && d.details.kind.is_parental()
                });
                if partner != child_id && !already_parent {
                    connections
                        .entry(partner)
                        .or_default()
                        .push(Connection::ParentsPartner {
                            parent: parent.id,
                            label: whose.to_owned(),
                        });
                }
            }
        }
    }

    let mut members = Vec::with_capacity(connections.len());
    for (id, connections) in connections {
        let person = src.person(id)?;
        let home = src.current_home(id)?;
        let lives_with_child = home
            .as_ref()
            .map(|h| h.id)
            .is_some_and(|h| Some(h) == main_home_id);
        let parental_responsibility = connections
            .iter()
            .filter_map(|c| match c {
                Connection::Direct(r) if r.details.to == child_id && r.is_current() => {
                    r.details.parental_responsibility
                }
                _ => None,
            })
            .max_by_key(|a| match a {
                Answer::Yes => 2,
                Answer::NotKnown => 1,
                Answer::No => 0,
            });
        let mut other_children = Vec::new();
        for (relationship, other) in src.children_of(id)? {
            if other.id == child_id || !relationship.details.kind.is_parental() {
                continue;
            }
            other_children.push(OtherChild {
                home: src.current_home(other.id)?,
                on_caseload: src.is_on_caseload(other.id)?,
                person: other,
                relationship,
            });
        }
        members.push(NetworkMember {
            person,
            connections,
            parental_responsibility,
            home,
            lives_with_child,
            other_children,
        });
    }
    members.sort_by_key(|m| (member_rank(m, child_id), m.person.id));

    let arrangements = src.care_of(child_id)?;
    let mut care = Vec::with_capacity(arrangements.len());
    for arrangement in arrangements {
        let place = arrangement
            .details
            .place
            .map(|h| src.household(h))
            .transpose()?;
        let overnight_away = arrangement.details.kind == CareKind::Overnight
            && (place.is_none() || place.as_ref().map(|h| h.id) != main_home_id);
        care.push(CareView {
            carer: src.person(arrangement.details.carer)?,
            place,
            overnight_away,
            arrangement,
        });
    }

    let mut in_network: Vec<i64> = members.iter().map(|m| m.person.id.0).collect();
    in_network.push(child_id.0);
    let mut restrictions: Vec<SharingRestriction> = Vec::new();
    for &id in &in_network {
        for r in src.restrictions_involving(PersonId(id))? {
            if !restrictions.iter().any(|x| x.id == r.id) {
                restrictions.push(r);
            }
        }
    }

    let mut in_picture: std::collections::BTreeSet<PersonId> =
        in_network.iter().map(|&id| PersonId(id)).collect();
    for m in &members {
        in_picture.extend(m.other_children.iter().map(|o| o.person.id));
    }
    let mut links: Vec<Relationship> = Vec::new();
    for &id in &in_picture {
        for r in src.relationships_of(id)? {
            if in_picture.contains(&r.details.from)
                && in_picture.contains(&r.details.to)
                && !links.iter().any(|l| l.id == r.id)
            {
                links.push(r);
            }
        }
    }
    links.sort_by_key(|l| l.id);

    Ok(FamilyNetwork {
        child,
        caseload,
        main_home,
        members,
        care,
        restrictions,
        links,
    })
}

/// Parents first, then other carers and partners, then relatives, then siblings.
fn member_rank(m: &NetworkMember, child: PersonId) -> u8 {
    m.connections
        .iter()
        .map(|c| match c {
            Connection::Direct(r) if r.details.to == child && r.details.kind.is_birth_parent() => 0,
            Connection::Direct(r) if r.details.to == child && r.details.kind.is_parental() => 1,
            Connection::ParentsPartner { .. } => 2,
            Connection::Direct(r) if r.details.kind.is_symmetric() => 4,
            Connection::Direct(_) => 3,
        })
        .min()
        .unwrap_or(5)
}
