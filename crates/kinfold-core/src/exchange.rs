//! The family-network file: one child's network, or everything, as JSON that another Kinfold
//! can import (format `kinfold-family-network`, version 1, described field by field in
//! `docs/family-network-json.md`). Ids in a file only link its records to each other: an
//! import gives every record a new id, checks every record with the same rules as the forms,
//! and writes all of it in one transaction or nothing at all.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Display;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::actor::Actor;
use crate::care::{CareArrangement, CareKind, NewCareArrangement};
use crate::error::{Error, FieldError, Invalid, Result};
use crate::family::CaseloadEntry;
use crate::household::{Household, HouseholdDetails, HouseholdDraft, HouseholdId};
use crate::identifiers::NhsNumber;
use crate::person::{optional_past_date, parse_date, Birth, Person, PersonDetails, PersonDraft};
use crate::person::{PersonId, Provenance};
use crate::relationship::{NewRelationship, Relationship, RelationshipKind};
use crate::sharing::SharingFact;
use crate::store::{Membership, Reader, RecordedRestriction, Store};
use crate::text::TextField;
use crate::vocab::{Answer, Source};

/// The value of `format` in every family-network file.
pub const FORMAT: &str = "kinfold-family-network";
/// The newest version of the format this Kinfold reads and the one it writes.
pub const VERSION: u32 = 1;

/// A whole family-network file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExchangeFile {
    pub format: String,
    pub version: u32,
    /// When the file was written (RFC 3339, UTC).
    pub exported_at: String,
    #[serde(default)]
    pub people: Vec<PersonRecord>,
    #[serde(default)]
    pub homes: Vec<HomeRecord>,
    #[serde(default)]
    pub memberships: Vec<MembershipRecord>,
    #[serde(default)]
    pub caseload: Vec<CaseloadRecord>,
    #[serde(default)]
    pub relationships: Vec<RelationshipRecord>,
    #[serde(default)]
    pub care: Vec<CareRecord>,
    #[serde(default)]
    pub restrictions: Vec<RestrictionRecord>,
}

/// One person. Choice fields hold the codes of [`crate::vocab`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonRecord {
    pub id: i64,
    #[serde(default)]
    pub name_status: String,
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub family_name: String,
    #[serde(default)]
    pub known_as: String,
    /// `YYYY-MM-DD`, when the date of birth is known.
    #[serde(default)]
    pub birth_date: Option<String>,
    /// A rough year of birth, when only that is known.
    #[serde(default)]
    pub estimated_birth_year: Option<i32>,
    #[serde(default)]
    pub sex: String,
    /// Ten digits.
    #[serde(default)]
    pub nhs_number: Option<String>,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub first_language: String,
    #[serde(default)]
    pub interpreter_needed: String,
    #[serde(default)]
    pub deceased: bool,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub source_detail: String,
    #[serde(default)]
    pub confirmed_on: Option<String>,
}

/// One home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HomeRecord {
    pub id: i64,
    #[serde(default)]
    pub address_status: String,
    #[serde(default)]
    pub address_lines: String,
    #[serde(default)]
    pub postcode: Option<String>,
    #[serde(default)]
    pub description: String,
}

/// Someone's stay at a home: current while `end_date` is empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MembershipRecord {
    pub person: i64,
    pub home: i64,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub source_detail: String,
    #[serde(default)]
    pub confirmed_on: Option<String>,
}

/// A child on the clinic's caseload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseloadRecord {
    pub child: i64,
    #[serde(default)]
    pub main_home: Option<i64>,
    #[serde(default)]
    pub named_practitioner: String,
}

/// "`from` is `kind` of `to`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RelationshipRecord {
    pub from: i64,
    pub to: i64,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub parental_responsibility: Option<String>,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub source_detail: String,
    #[serde(default)]
    pub confirmed_on: Option<String>,
}

/// Who looks after a child, how often and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CareRecord {
    pub child: i64,
    pub carer: i64,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub frequency: String,
    /// The home where the care happens, when known.
    #[serde(default)]
    pub place: Option<i64>,
    #[serde(default)]
    pub start_date: Option<String>,
    #[serde(default)]
    pub end_date: Option<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub source_detail: String,
    #[serde(default)]
    pub confirmed_on: Option<String>,
}

/// "Do not share `fact` about `subject` with `withheld_from`".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RestrictionRecord {
    pub subject: i64,
    pub withheld_from: i64,
    #[serde(default)]
    pub fact: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub ended_on: Option<String>,
}

/// What an import added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub people: usize,
    pub homes: usize,
    pub memberships: usize,
    pub caseload: usize,
    pub relationships: usize,
    pub care: usize,
    pub restrictions: usize,
    /// The new id of each person, by their id in the file.
    pub person_ids: BTreeMap<i64, PersonId>,
    /// The new id of each home, by its id in the file.
    pub home_ids: BTreeMap<i64, HouseholdId>,
}

// ---------------------------------------------------------------------------------------------
// Export
// ---------------------------------------------------------------------------------------------

/// Everything about one child's family network (`Some(child)`), or everything recorded
/// (`None`), as a file. A child's network is the child, everyone linked to them, those
/// people's other children, the child's carers and anyone named in a sharing restriction
/// about them; with every home, stay, link, care arrangement and restriction among them.
pub fn export(reader: &Reader<'_>, child: Option<PersonId>) -> Result<ExchangeFile> {
    let wanted = match child {
        None => reader.current_person_ids()?,
        Some(child) => network_people(reader, child)?,
    };
    let people = reader.people_among(&wanted)?;
    let ids: BTreeSet<PersonId> = people.iter().map(|p| p.id).collect();
    let memberships = reader.memberships_among(&ids)?;
    let caseload = reader.caseload_among(&ids)?;
    let relationships = reader.relationships_among(&ids)?;
    let care = reader.care_among(&ids)?;
    let restrictions: Vec<RecordedRestriction> = reader
        .restrictions_touching(&ids)?
        .into_iter()
        .filter(|r| {
            ids.contains(&r.restriction.subject) && ids.contains(&r.restriction.withheld_from)
        })
        .collect();
    let mut home_ids: BTreeSet<HouseholdId> = memberships.iter().map(|m| m.household).collect();
    home_ids.extend(caseload.iter().filter_map(|(_, c)| c.main_home));
    home_ids.extend(care.iter().filter_map(|c| c.details.place));
    let homes = reader.households_among(&home_ids)?;

    Ok(ExchangeFile {
        format: FORMAT.to_owned(),
        version: VERSION,
        exported_at: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        people: people.iter().map(PersonRecord::from_person).collect(),
        homes: homes.iter().map(HomeRecord::from_household).collect(),
        memberships: memberships
            .iter()
            .map(MembershipRecord::from_membership)
            .collect(),
        caseload: caseload
            .iter()
            .map(|(child, entry)| CaseloadRecord::from_entry(*child, entry))
            .collect(),
        relationships: relationships
            .iter()
            .map(RelationshipRecord::from_relationship)
            .collect(),
        care: care.iter().map(CareRecord::from_arrangement).collect(),
        restrictions: restrictions
            .iter()
            .map(RestrictionRecord::from_restriction)
            .collect(),
    })
}

/// The people in one child's network picture, with their carers and anyone named in a
/// restriction about them.
fn network_people(reader: &Reader<'_>, child: PersonId) -> Result<BTreeSet<PersonId>> {
    let network = reader.family_network(child)?;
    let mut ids = BTreeSet::from([child]);
    for member in &network.members {
        ids.insert(member.person.id);
        ids.extend(member.other_children.iter().map(|o| o.person.id));
    }
    ids.extend(network.care.iter().map(|c| c.carer.id));
    for link in &network.links {
        ids.extend([link.details.from, link.details.to]);
    }
    let named: Vec<PersonId> = reader
        .restrictions_touching(&ids)?
        .iter()
        .flat_map(|r| [r.restriction.subject, r.restriction.withheld_from])
        .collect();
    ids.extend(named);
    Ok(ids)
}

fn date_text(date: Option<NaiveDate>) -> Option<String> {
    date.map(|d| d.to_string())
}

impl PersonRecord {
    fn from_person(p: &Person) -> PersonRecord {
        let d = &p.details;
        PersonRecord {
            id: p.id.0,
            name_status: d.name_status.code().to_owned(),
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            known_as: d.known_as.clone(),
            birth_date: match d.birth {
                Birth::Exact(date) => Some(date.to_string()),
                _ => None,
            },
            estimated_birth_year: match d.birth {
                Birth::EstimatedYear(year) => Some(year),
                _ => None,
            },
            sex: d.sex.code().to_owned(),
            nhs_number: d.nhs_number.as_ref().map(|n| n.digits().to_owned()),
            phone: d.phone.clone(),
            email: d.email.clone(),
            first_language: d.first_language.clone(),
            interpreter_needed: d.interpreter_needed.code().to_owned(),
            deceased: d.deceased,
            notes: d.notes.clone(),
            source: d.provenance.source.code().to_owned(),
            source_detail: d.provenance.detail.clone(),
            confirmed_on: date_text(d.provenance.confirmed_on),
        }
    }

    fn draft(&self) -> PersonDraft {
        PersonDraft {
            name_status: self.name_status.clone(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            known_as: self.known_as.clone(),
            birth_date: self.birth_date.clone().unwrap_or_default(),
            birth_year: self
                .estimated_birth_year
                .map(|y| y.to_string())
                .unwrap_or_default(),
            sex: self.sex.clone(),
            nhs_number: self.nhs_number.clone().unwrap_or_default(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            first_language: self.first_language.clone(),
            interpreter_needed: self.interpreter_needed.clone(),
            deceased: self.deceased,
            notes: self.notes.clone(),
            source: self.source.clone(),
            source_detail: self.source_detail.clone(),
            confirmed_on: self.confirmed_on.clone().unwrap_or_default(),
        }
    }
}

impl HomeRecord {
    fn from_household(h: &Household) -> HomeRecord {
        HomeRecord {
            id: h.id.0,
            address_status: h.details.address_status.code().to_owned(),
            address_lines: h.details.address_lines.clone(),
            postcode: h.details.postcode.as_ref().map(|p| p.as_str().to_owned()),
            description: h.details.description.clone(),
        }
    }

    fn draft(&self) -> HouseholdDraft {
        HouseholdDraft {
            address_status: self.address_status.clone(),
            address_lines: self.address_lines.clone(),
            postcode: self.postcode.clone().unwrap_or_default(),
            description: self.description.clone(),
        }
    }
}

impl MembershipRecord {
    fn from_membership(m: &Membership) -> MembershipRecord {
        MembershipRecord {
            person: m.person.0,
            home: m.household.0,
            start_date: date_text(m.start_date),
            end_date: date_text(m.end_date),
            source: m.provenance.source.code().to_owned(),
            source_detail: m.provenance.detail.clone(),
            confirmed_on: date_text(m.provenance.confirmed_on),
        }
    }
}

impl CaseloadRecord {
    fn from_entry(child: PersonId, entry: &CaseloadEntry) -> CaseloadRecord {
        CaseloadRecord {
            child: child.0,
            main_home: entry.main_home.map(|h| h.0),
            named_practitioner: entry.named_practitioner.clone(),
        }
    }
}

impl RelationshipRecord {
    fn from_relationship(r: &Relationship) -> RelationshipRecord {
        let d = &r.details;
        RelationshipRecord {
            from: d.from.0,
            to: d.to.0,
            kind: d.kind.code().to_owned(),
            parental_responsibility: d.parental_responsibility.map(|a| a.code().to_owned()),
            start_date: date_text(d.start_date),
            end_date: date_text(r.end_date),
            source: d.provenance.source.code().to_owned(),
            source_detail: d.provenance.detail.clone(),
            confirmed_on: date_text(d.provenance.confirmed_on),
        }
    }
}

impl CareRecord {
    fn from_arrangement(c: &CareArrangement) -> CareRecord {
        let d = &c.details;
        CareRecord {
            child: d.child.0,
            carer: d.carer.0,
            kind: d.kind.code().to_owned(),
            frequency: d.frequency.clone(),
            place: d.place.map(|h| h.0),
            start_date: date_text(d.start_date),
            end_date: date_text(c.end_date),
            notes: d.notes.clone(),
            source: d.provenance.source.code().to_owned(),
            source_detail: d.provenance.detail.clone(),
            confirmed_on: date_text(d.provenance.confirmed_on),
        }
    }
}

impl RestrictionRecord {
    fn from_restriction(r: &RecordedRestriction) -> RestrictionRecord {
        RestrictionRecord {
            subject: r.restriction.subject.0,
            withheld_from: r.restriction.withheld_from.0,
            fact: r.restriction.fact.code().to_owned(),
            reason: r.restriction.reason.clone(),
            ended_on: date_text(r.ended_on),
        }
    }
}

impl ExchangeFile {
    /// The file as indented JSON text, ending with a new line.
    pub fn to_json(&self) -> Result<String> {
        let mut text = serde_json::to_string_pretty(self).map_err(|e| {
            Error::invalid(
                "file",
                format!("The file could not be written as JSON: {e}"),
            )
        })?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a file's text. Anything that is not a family-network file this Kinfold can read
    /// is refused with a message naming the record and field, like
    /// `people[3] (id 12) birth_date: invalid type: integer `2024`, expected a string`.
    pub fn from_json(text: &str) -> Result<ExchangeFile> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| Error::invalid("file", format!("The file is not valid JSON: {e}")))?;
        let Some(top) = value.as_object() else {
            return Err(Error::invalid(
                "file",
                format!("The file must hold one JSON object with \"format\": \"{FORMAT}\""),
            ));
        };
        let format = match top.get("format") {
            None => None,
            Some(serde_json::Value::String(s)) => Some(s.as_str()),
            Some(_) => Some(""),
        };
        let version = match top.get("version") {
            None => None,
            Some(v) => Some(v.as_u64().ok_or_else(|| {
                Error::invalid(
                    "version",
                    format!(
                        "version must be a whole number (this Kinfold reads version {VERSION})"
                    ),
                )
            })?),
        };
        check_header(format, version)?;
        serde_path_to_error::deserialize(&value).map_err(|e| {
            let place = describe_path(e.path(), &value);
            let message = plain_serde_message(&e.inner().to_string());
            Error::invalid("file", format!("{place}: {message}"))
        })
    }
}

/// Refuses a file of another format, or of a version this Kinfold does not know.
fn check_header(format: Option<&str>, version: Option<u64>) -> Result<()> {
    match format {
        Some(FORMAT) => {}
        None => {
            return Err(Error::invalid(
                "format",
                format!("This is not a Kinfold family-network file: it has no \"format\" (expected \"{FORMAT}\")"),
            ))
        }
        Some(other) => {
            return Err(Error::invalid(
                "format",
                format!("This is not a Kinfold family-network file: its format is {other:?}, not \"{FORMAT}\""),
            ))
        }
    }
    match version {
        Some(v) if v == u64::from(VERSION) => Ok(()),
        Some(v) if v > u64::from(VERSION) => Err(Error::invalid(
            "version",
            format!(
                "This file is version {v} of the format, written by a newer Kinfold; this Kinfold reads version {VERSION}. Update Kinfold to import it"
            ),
        )),
        Some(v) => Err(Error::invalid(
            "version",
            format!("version {v} is not a version of this format (this Kinfold reads version {VERSION})"),
        )),
        None => Err(Error::invalid(
            "version",
            format!("The file has no \"version\" (this Kinfold reads version {VERSION})"),
        )),
    }
}

/// `people[3] (id 12) birth_date` for a path into the file, using the file's own values to
/// name the record.
fn describe_path(path: &serde_path_to_error::Path, value: &serde_json::Value) -> String {
    use serde_path_to_error::Segment;
    let segments: Vec<&Segment> = path.iter().collect();
    match segments.as_slice() {
        [Segment::Map { key: section }, Segment::Seq { index }, rest @ ..] => {
            let record = value
                .get(section.as_str())
                .and_then(|s| s.get(*index))
                .unwrap_or(&serde_json::Value::Null);
            let number = |key: &str| record.get(key).and_then(serde_json::Value::as_i64);
            let mut place = record_label(section, *index, &number);
            let field: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
            if !field.is_empty() {
                place.push(' ');
                place.push_str(&field.join("."));
            }
            place
        }
        [] => "file".to_owned(),
        _ => path.to_string(),
    }
}

/// How a record is named in messages: `people[3] (id 12)`, `relationships[0] (from 3 to 1)`.
fn record_label(section: &str, index: usize, number: &dyn Fn(&str) -> Option<i64>) -> String {
    let show = |key: &str| number(key).map_or_else(|| "?".to_owned(), |n| n.to_string());
    let refs = match section {
        "people" | "homes" => format!("id {}", show("id")),
        "memberships" => format!("person {}, home {}", show("person"), show("home")),
        "caseload" => format!("child {}", show("child")),
        "relationships" => format!("from {} to {}", show("from"), show("to")),
        "care" => format!("child {}, carer {}", show("child"), show("carer")),
        "restrictions" => format!(
            "subject {}, withheld from {}",
            show("subject"),
            show("withheld_from")
        ),
        _ => return format!("{section}[{index}]"),
    };
    format!("{section}[{index}] ({refs})")
}

/// serde's words for types, in plain English.
fn plain_serde_message(message: &str) -> String {
    message
        .replace("expected i64", "expected a whole number")
        .replace("expected i32", "expected a whole number")
        .replace("expected u32", "expected a whole number")
        .replace("expected a string", "expected text in quotes")
}

// ---------------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------------

/// Every problem found in a file, each naming its record and field.
#[derive(Default)]
struct FileProblems(Vec<FieldError>);

impl FileProblems {
    fn add(&mut self, record: &str, field: &'static str, message: impl Display) {
        self.0.push(FieldError {
            field,
            message: format!("{record} {field}: {message}"),
        });
    }

    fn finish(self) -> Result<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid(Invalid { errors: self.0 }))
        }
    }
}

/// The name of a person field in the file, for a field of [`PersonDraft`].
fn person_field(draft_field: &'static str) -> &'static str {
    match draft_field {
        "birth_year" => "estimated_birth_year",
        other => other,
    }
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> String {
    all.iter().map(|&v| code(v)).collect::<Vec<_>>().join(", ")
}

/// A code from one of Kinfold's lists; `None` (after noting the problem) when it is missing or
/// not on the list.
fn a_code<T: Copy>(
    problems: &mut FileProblems,
    record: &str,
    field: &'static str,
    what: &str,
    input: &str,
    all: &[T],
    code: fn(T) -> &'static str,
) -> Option<T> {
    let input = input.trim();
    let found = all.iter().copied().find(|&v| code(v) == input);
    if found.is_none() {
        let listed = codes(all, code);
        if input.is_empty() {
            problems.add(record, field, format!("give {what}: one of {listed}"));
        } else {
            problems.add(
                record,
                field,
                format!("{input:?} is not {what} Kinfold knows (use one of {listed})"),
            );
        }
    }
    found
}

fn a_date(
    problems: &mut FileProblems,
    record: &str,
    field: &'static str,
    input: &Option<String>,
) -> Option<NaiveDate> {
    let text = input.as_deref().map(str::trim).unwrap_or_default();
    if text.is_empty() {
        return None;
    }
    let date = parse_date(text);
    if date.is_none() {
        problems.add(
            record,
            field,
            format!("must be a real date written YYYY-MM-DD, like 2026-03-14 ({text:?} is not)"),
        );
    }
    date
}

fn in_order(
    problems: &mut FileProblems,
    record: &str,
    field: &'static str,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
) {
    if let (Some(start), Some(end)) = (start, end) {
        if end < start {
            problems.add(
                record,
                field,
                format!("{end} is before the start date {start}"),
            );
        }
    }
}

fn text(
    problems: &mut FileProblems,
    record: &str,
    field: &'static str,
    max_chars: usize,
    multiline: bool,
    input: &str,
) -> String {
    let check = TextField {
        field,
        label: "This",
        max_chars,
        multiline,
    };
    match check.clean(input) {
        Ok(text) => text,
        Err(e) => {
            problems.add(record, field, e.message.replacen("This ", "", 1));
            String::new()
        }
    }
}

fn a_provenance(
    problems: &mut FileProblems,
    record: &str,
    source: &str,
    detail: &str,
    confirmed_on: &Option<String>,
    today: NaiveDate,
) -> Provenance {
    let source = a_code(
        problems,
        record,
        "source",
        "a source",
        source,
        Source::ALL,
        Source::code,
    );
    let detail = text(problems, record, "source_detail", 200, false, detail);
    let confirmed = TextField {
        field: "confirmed_on",
        label: "Date confirmed",
        max_chars: 20,
        multiline: false,
    };
    let confirmed_on = optional_past_date(
        confirmed,
        confirmed_on.as_deref().unwrap_or_default(),
        today,
    )
    .unwrap_or_else(|e| {
        problems.add(record, "confirmed_on", e.message);
        None
    });
    Provenance {
        source: source.unwrap_or(Source::Observed),
        detail,
        confirmed_on,
    }
}

/// The file's ids and where each was first used.
struct Ids {
    people: HashMap<i64, usize>,
    homes: HashMap<i64, usize>,
}

impl Ids {
    fn person(&self, problems: &mut FileProblems, record: &str, field: &'static str, id: i64) {
        if !self.people.contains_key(&id) {
            problems.add(
                record,
                field,
                format!("there is no person with id {id} in this file"),
            );
        }
    }

    fn home(&self, problems: &mut FileProblems, record: &str, field: &'static str, id: i64) {
        if !self.homes.contains_key(&id) {
            problems.add(
                record,
                field,
                format!("there is no home with id {id} in this file"),
            );
        }
    }
}

struct Checked<T> {
    label: String,
    value: T,
}

struct CheckedRelationship {
    from: i64,
    to: i64,
    kind: RelationshipKind,
    parental_responsibility: Option<Answer>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    provenance: Provenance,
}

struct CheckedCare {
    child: i64,
    carer: i64,
    kind: CareKind,
    frequency: String,
    place: Option<i64>,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    notes: String,
    provenance: Provenance,
}

struct CheckedRestriction {
    subject: i64,
    withheld_from: i64,
    fact: SharingFact,
    reason: String,
    ended_on: Option<NaiveDate>,
}

/// Everything in a file, checked and ready to write.
struct CheckedFile {
    people: Vec<Checked<(i64, PersonDetails)>>,
    homes: Vec<Checked<(i64, HouseholdDetails)>>,
    memberships: Vec<Checked<(i64, i64, Membership)>>,
    caseload: Vec<Checked<(i64, Option<i64>, String)>>,
    relationships: Vec<Checked<CheckedRelationship>>,
    care: Vec<Checked<CheckedCare>>,
    restrictions: Vec<Checked<CheckedRestriction>>,
}

/// Adds everything in `file` to the store in one transaction, with new ids. Every record is
/// checked first with the same rules as the forms (and relationships with the store's rules
/// as they are written); on any problem nothing is written and the error lists each problem
/// as `people[3] (id 12) nhs_number: ...`.
pub fn import(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    file: &ExchangeFile,
) -> Result<ImportSummary> {
    check_header(Some(&file.format), Some(u64::from(file.version)))?;
    let checked = check(file, today)?;

    let mut problems = FileProblems::default();
    store.read(|r| {
        for person in &checked.people {
            if let Some(nhs) = &person.value.1.nhs_number {
                if let Some(holder) = r.person_with_nhs_number(nhs)? {
                    problems.add(
                        &person.label,
                        "nhs_number",
                        format!(
                            "NHS number {nhs} is already recorded for {} (person {}). Link to that record instead of importing a copy",
                            holder.details.display_name(),
                            holder.id
                        ),
                    );
                }
            }
        }
        Ok(())
    })?;
    problems.finish()?;

    store.write(actor, |w| {
        let mut summary = ImportSummary::default();
        for Checked { label, value } in &checked.people {
            let (file_id, details) = value;
            let id = w
                .add_person(details)
                .map_err(|e| in_record(e, label, person_field))?;
            summary.person_ids.insert(*file_id, id);
        }
        summary.people = summary.person_ids.len();
        for Checked { label, value } in &checked.homes {
            let (file_id, details) = value;
            let id = w
                .add_household(details)
                .map_err(|e| in_record(e, label, as_is))?;
            summary.home_ids.insert(*file_id, id);
        }
        summary.homes = summary.home_ids.len();
        let person = |id: i64| new_id(&summary.person_ids, id, "Person");
        let home = |id: i64| new_id(&summary.home_ids, id, "Home");

        for Checked { label, value } in &checked.memberships {
            let (p, h, m) = value;
            let membership = Membership {
                person: person(*p)?,
                household: home(*h)?,
                ..m.clone()
            };
            w.add_membership(&membership)
                .map_err(|e| in_record(e, label, as_is))?;
        }
        for Checked { label, value } in &checked.caseload {
            let (child, main_home, practitioner) = value;
            let main_home = main_home.map(home).transpose()?;
            w.add_to_caseload(person(*child)?, main_home, practitioner)
                .map_err(|e| in_record(e, label, as_is))?;
        }
        for Checked { label, value: r } in &checked.relationships {
            let id = w
                .add_relationship(&NewRelationship {
                    from: person(r.from)?,
                    to: person(r.to)?,
                    kind: r.kind,
                    parental_responsibility: r.parental_responsibility,
                    start_date: r.start_date,
                    provenance: r.provenance.clone(),
                })
                .map_err(|e| in_record(e, label, as_is))?;
            if let Some(end) = r.end_date {
                w.end_relationship(id, end)
                    .map_err(|e| in_record(e, label, as_is))?;
            }
        }
        for Checked { label, value: c } in &checked.care {
            let id = w
                .add_care_arrangement(&NewCareArrangement {
                    child: person(c.child)?,
                    carer: person(c.carer)?,
                    kind: c.kind,
                    frequency: c.frequency.clone(),
                    place: c.place.map(home).transpose()?,
                    start_date: c.start_date,
                    notes: c.notes.clone(),
                    provenance: c.provenance.clone(),
                })
                .map_err(|e| in_record(e, label, as_is))?;
            if let Some(end) = c.end_date {
                w.end_care_arrangement(id, end)
                    .map_err(|e| in_record(e, label, as_is))?;
            }
        }
        for Checked { label, value: r } in &checked.restrictions {
            let id = w
                .add_sharing_restriction(
                    person(r.subject)?,
                    person(r.withheld_from)?,
                    r.fact,
                    &r.reason,
                )
                .map_err(|e| in_record(e, label, as_is))?;
            if let Some(end) = r.ended_on {
                w.end_sharing_restriction(id, end)
                    .map_err(|e| in_record(e, label, as_is))?;
            }
        }
        summary.memberships = checked.memberships.len();
        summary.caseload = checked.caseload.len();
        summary.relationships = checked.relationships.len();
        summary.care = checked.care.len();
        summary.restrictions = checked.restrictions.len();
        w.audit(
            "exchange.import",
            "exchange",
            None,
            &json!({
                "format": FORMAT,
                "version": file.version,
                "exported_at": file.exported_at,
                "people": summary.people,
                "homes": summary.homes,
                "memberships": summary.memberships,
                "caseload": summary.caseload,
                "relationships": summary.relationships,
                "care": summary.care,
                "restrictions": summary.restrictions,
            }),
        )?;
        Ok(summary)
    })
}

fn as_is(field: &'static str) -> &'static str {
    field
}

fn new_id<T: Copy>(ids: &BTreeMap<i64, T>, file_id: i64, what: &str) -> Result<T> {
    ids.get(&file_id).copied().ok_or_else(|| Error::NotFound {
        what: format!("{what} {file_id} of the file"),
    })
}

/// A store error while writing one record, with that record named in each message.
fn in_record(e: Error, label: &str, field: fn(&'static str) -> &'static str) -> Error {
    match e {
        Error::Invalid(invalid) => Error::Invalid(Invalid {
            errors: invalid
                .errors
                .into_iter()
                .map(|fe| {
                    let name = field(fe.field);
                    FieldError {
                        field: name,
                        message: format!("{label} {name}: {}", fe.message),
                    }
                })
                .collect(),
        }),
        Error::NotFound { what } => Error::invalid(
            "file",
            format!("{label}: {what} was not found in the database"),
        ),
        other => other,
    }
}

/// Checks every record of the file, returning every problem at once.
fn check(file: &ExchangeFile, today: NaiveDate) -> Result<CheckedFile> {
    let mut problems = FileProblems::default();
    let mut ids = Ids {
        people: HashMap::new(),
        homes: HashMap::new(),
    };

    let mut people = Vec::with_capacity(file.people.len());
    let mut nhs_numbers: HashMap<NhsNumber, String> = HashMap::new();
    for (index, p) in file.people.iter().enumerate() {
        let label = label_for("people", index, |key| (key == "id").then_some(p.id));
        if let Some(first) = ids.people.get(&p.id) {
            problems.add(
                &label,
                "id",
                format!("people[{first}] has the same id; every person needs their own id"),
            );
        } else {
            ids.people.insert(p.id, index);
        }
        match p.draft().validate(today) {
            Ok(details) => {
                if let Some(nhs) = &details.nhs_number {
                    if let Some(first) = nhs_numbers.get(nhs) {
                        problems.add(
                            &label,
                            "nhs_number",
                            format!("{first} has the same NHS number {nhs}; one person should have one record"),
                        );
                    } else {
                        nhs_numbers.insert(nhs.clone(), label.clone());
                    }
                }
                people.push(Checked {
                    label,
                    value: (p.id, details),
                });
            }
            Err(invalid) => {
                for e in invalid.errors {
                    problems.add(&label, person_field(e.field), e.message);
                }
            }
        }
    }

    let mut homes = Vec::with_capacity(file.homes.len());
    for (index, h) in file.homes.iter().enumerate() {
        let label = label_for("homes", index, |key| (key == "id").then_some(h.id));
        if let Some(first) = ids.homes.get(&h.id) {
            problems.add(
                &label,
                "id",
                format!("homes[{first}] has the same id; every home needs its own id"),
            );
        } else {
            ids.homes.insert(h.id, index);
        }
        match h.draft().validate() {
            Ok(details) => homes.push(Checked {
                label,
                value: (h.id, details),
            }),
            Err(invalid) => {
                for e in invalid.errors {
                    problems.add(&label, e.field, e.message);
                }
            }
        }
    }

    let mut memberships = Vec::with_capacity(file.memberships.len());
    let mut current_home: HashMap<i64, String> = HashMap::new();
    for (index, m) in file.memberships.iter().enumerate() {
        let label = label_for("memberships", index, |key| match key {
            "person" => Some(m.person),
            "home" => Some(m.home),
            _ => None,
        });
        ids.person(&mut problems, &label, "person", m.person);
        ids.home(&mut problems, &label, "home", m.home);
        let start_date = a_date(&mut problems, &label, "start_date", &m.start_date);
        let end_date = a_date(&mut problems, &label, "end_date", &m.end_date);
        in_order(&mut problems, &label, "end_date", start_date, end_date);
        let provenance = a_provenance(
            &mut problems,
            &label,
            &m.source,
            &m.source_detail,
            &m.confirmed_on,
            today,
        );
        if m.end_date.as_deref().is_none_or(|d| d.trim().is_empty()) {
            if let Some(first) = current_home.get(&m.person) {
                problems.add(
                    &label,
                    "end_date",
                    format!("{first} already gives person {} a current home; give one of them an end_date", m.person),
                );
            } else {
                current_home.insert(m.person, label.clone());
            }
        }
        memberships.push(Checked {
            label,
            value: (
                m.person,
                m.home,
                Membership {
                    person: PersonId(0),
                    household: HouseholdId(0),
                    start_date,
                    end_date,
                    provenance,
                },
            ),
        });
    }

    let mut caseload = Vec::with_capacity(file.caseload.len());
    let mut on_caseload: HashMap<i64, String> = HashMap::new();
    for (index, c) in file.caseload.iter().enumerate() {
        let label = label_for("caseload", index, |key| (key == "child").then_some(c.child));
        ids.person(&mut problems, &label, "child", c.child);
        if let Some(first) = on_caseload.get(&c.child) {
            problems.add(
                &label,
                "child",
                format!("{first} already puts person {} on the caseload", c.child),
            );
        } else {
            on_caseload.insert(c.child, label.clone());
        }
        if let Some(home) = c.main_home {
            ids.home(&mut problems, &label, "main_home", home);
        }
        let practitioner = text(
            &mut problems,
            &label,
            "named_practitioner",
            100,
            false,
            &c.named_practitioner,
        );
        caseload.push(Checked {
            label,
            value: (c.child, c.main_home, practitioner),
        });
    }

    let mut relationships = Vec::with_capacity(file.relationships.len());
    for (index, r) in file.relationships.iter().enumerate() {
        let label = label_for("relationships", index, |key| match key {
            "from" => Some(r.from),
            "to" => Some(r.to),
            _ => None,
        });
        ids.person(&mut problems, &label, "from", r.from);
        ids.person(&mut problems, &label, "to", r.to);
        if r.from == r.to {
            problems.add(&label, "to", "a person cannot be related to themselves");
        }
        let kind = a_code(
            &mut problems,
            &label,
            "kind",
            "a relationship kind",
            &r.kind,
            RelationshipKind::ALL,
            RelationshipKind::code,
        );
        let pr_code = r
            .parental_responsibility
            .as_deref()
            .map(str::trim)
            .filter(|c| !c.is_empty());
        let parental_responsibility = match (kind, pr_code) {
            (Some(kind), Some(code)) if !kind.links_adult_to_child() => {
                problems.add(
                    &label,
                    "parental_responsibility",
                    format!("leave this out (null) for a {} link: it is only asked where an adult is linked to a child ({code:?} was given)", kind.code()),
                );
                None
            }
            (_, Some(code)) => a_code(
                &mut problems,
                &label,
                "parental_responsibility",
                "an answer",
                code,
                Answer::ALL,
                Answer::code,
            ),
            (Some(kind), None) if kind.links_adult_to_child() => Some(Answer::NotKnown),
            _ => None,
        };
        let start_date = a_date(&mut problems, &label, "start_date", &r.start_date);
        let end_date = a_date(&mut problems, &label, "end_date", &r.end_date);
        in_order(&mut problems, &label, "end_date", start_date, end_date);
        if let (Some(kind), Some(_)) = (kind, end_date) {
            if kind.is_birth_parent() {
                problems.add(
                    &label,
                    "end_date",
                    format!(
                        "a {} link never ends: leave end_date out (null)",
                        kind.code()
                    ),
                );
            }
        }
        let provenance = a_provenance(
            &mut problems,
            &label,
            &r.source,
            &r.source_detail,
            &r.confirmed_on,
            today,
        );
        if let Some(kind) = kind {
            relationships.push(Checked {
                label,
                value: CheckedRelationship {
                    from: r.from,
                    to: r.to,
                    kind,
                    parental_responsibility,
                    start_date,
                    end_date,
                    provenance,
                },
            });
        }
    }

    let mut care = Vec::with_capacity(file.care.len());
    for (index, c) in file.care.iter().enumerate() {
        let label = label_for("care", index, |key| match key {
            "child" => Some(c.child),
            "carer" => Some(c.carer),
            _ => None,
        });
        ids.person(&mut problems, &label, "child", c.child);
        ids.person(&mut problems, &label, "carer", c.carer);
        if c.child == c.carer {
            problems.add(&label, "carer", "a child cannot be their own carer");
        }
        let kind = a_code(
            &mut problems,
            &label,
            "kind",
            "a kind of care",
            &c.kind,
            CareKind::ALL,
            CareKind::code,
        );
        let frequency = text(&mut problems, &label, "frequency", 200, false, &c.frequency);
        if let Some(place) = c.place {
            ids.home(&mut problems, &label, "place", place);
        }
        let start_date = a_date(&mut problems, &label, "start_date", &c.start_date);
        let end_date = a_date(&mut problems, &label, "end_date", &c.end_date);
        in_order(&mut problems, &label, "end_date", start_date, end_date);
        let notes = text(&mut problems, &label, "notes", 2000, true, &c.notes);
        let provenance = a_provenance(
            &mut problems,
            &label,
            &c.source,
            &c.source_detail,
            &c.confirmed_on,
            today,
        );
        if let Some(kind) = kind {
            care.push(Checked {
                label,
                value: CheckedCare {
                    child: c.child,
                    carer: c.carer,
                    kind,
                    frequency,
                    place: c.place,
                    start_date,
                    end_date,
                    notes,
                    provenance,
                },
            });
        }
    }

    let mut restrictions = Vec::with_capacity(file.restrictions.len());
    for (index, r) in file.restrictions.iter().enumerate() {
        let label = label_for("restrictions", index, |key| match key {
            "subject" => Some(r.subject),
            "withheld_from" => Some(r.withheld_from),
            _ => None,
        });
        ids.person(&mut problems, &label, "subject", r.subject);
        ids.person(&mut problems, &label, "withheld_from", r.withheld_from);
        if r.subject == r.withheld_from {
            problems.add(
                &label,
                "withheld_from",
                "must be someone other than the person whose information it is",
            );
        }
        let fact = a_code(
            &mut problems,
            &label,
            "fact",
            "a kind of fact",
            &r.fact,
            SharingFact::ALL,
            SharingFact::code,
        );
        let reason = if r.reason.trim().is_empty() {
            problems.add(&label, "reason", "give the reason for the restriction");
            String::new()
        } else {
            text(&mut problems, &label, "reason", 500, true, &r.reason)
        };
        let ended_on = a_date(&mut problems, &label, "ended_on", &r.ended_on);
        if let Some(fact) = fact {
            restrictions.push(Checked {
                label,
                value: CheckedRestriction {
                    subject: r.subject,
                    withheld_from: r.withheld_from,
                    fact,
                    reason,
                    ended_on,
                },
            });
        }
    }

    problems.finish()?;
    Ok(CheckedFile {
        people,
        homes,
        memberships,
        caseload,
        relationships,
        care,
        restrictions,
    })
}

fn label_for(section: &str, index: usize, number: impl Fn(&str) -> Option<i64>) -> String {
    record_label(section, index, &number)
}

#[cfg(test)]
mod tests;
