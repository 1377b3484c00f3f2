//! DTOs for the family network: what the add forms send, and the caseload and family view
//! the UI shows. Dates and ages are turned into text here, once, the way Kinfold shows them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use kinfold_core::care::CareKind;
use kinfold_core::family::{CareView, CaseloadChild, FamilyNetwork, NetworkMember};
use kinfold_core::household::{Household, HouseholdDraft};
use kinfold_core::intake::{CareDraft, Intake, Residence, Who};
use kinfold_core::person::{format_date, Person, PersonDraft, PersonId};
use kinfold_core::relationship::RelationshipKind;
use kinfold_core::vocab::NameStatus;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PersonInputDto {
    pub name_status: String,
    pub given_name: String,
    pub family_name: String,
    pub known_as: String,
    pub birth_date: String,
    pub birth_year: String,
    pub sex: String,
    pub nhs_number: String,
    pub phone: String,
    pub email: String,
    pub first_language: String,
    pub interpreter_needed: String,
    pub deceased: bool,
    pub notes: String,
    pub source: String,
    pub source_detail: String,
    pub confirmed_on: String,
}

impl From<PersonDraft> for PersonInputDto {
    fn from(p: PersonDraft) -> PersonInputDto {
        PersonInputDto {
            name_status: p.name_status,
            given_name: p.given_name,
            family_name: p.family_name,
            known_as: p.known_as,
            birth_date: p.birth_date,
            birth_year: p.birth_year,
            sex: p.sex,
            nhs_number: p.nhs_number,
            phone: p.phone,
            email: p.email,
            first_language: p.first_language,
            interpreter_needed: p.interpreter_needed,
            deceased: p.deceased,
            notes: p.notes,
            source: p.source,
            source_detail: p.source_detail,
            confirmed_on: p.confirmed_on,
        }
    }
}

impl From<PersonInputDto> for PersonDraft {
    fn from(p: PersonInputDto) -> PersonDraft {
        PersonDraft {
            name_status: p.name_status,
            given_name: p.given_name,
            family_name: p.family_name,
            known_as: p.known_as,
            birth_date: p.birth_date,
            birth_year: p.birth_year,
            sex: p.sex,
            nhs_number: p.nhs_number,
            phone: p.phone,
            email: p.email,
            first_language: p.first_language,
            interpreter_needed: p.interpreter_needed,
            deceased: p.deceased,
            notes: p.notes,
            source: p.source,
            source_detail: p.source_detail,
            confirmed_on: p.confirmed_on,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct HomeInputDto {
    pub address_status: String,
    pub address_lines: String,
    pub postcode: String,
    pub description: String,
}

impl From<HomeInputDto> for HouseholdDraft {
    fn from(h: HomeInputDto) -> HouseholdDraft {
        HouseholdDraft {
            address_status: h.address_status,
            address_lines: h.address_lines,
            postcode: h.postcode,
            description: h.description,
        }
    }
}

/// Who is being added: a new person (`person`), or an existing one (`existingId`) chosen
/// from a duplicate warning.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct WhoDto {
    pub person: Option<PersonInputDto>,
    pub existing_id: Option<i64>,
    pub not_a_duplicate: bool,
}

impl From<WhoDto> for Who {
    fn from(w: WhoDto) -> Who {
        match (w.existing_id, w.person) {
            (Some(id), _) => Who::Existing(PersonId(id)),
            (None, person) => Who::New {
                person: Box::new(person.map(PersonDraft::from).unwrap_or_default()),
                not_a_duplicate: w.not_a_duplicate,
            },
        }
    }
}

/// `lives`: "with_child", "elsewhere" (with `home`) or "not_known".
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ResidenceDto {
    pub lives: String,
    pub home: HomeInputDto,
}

impl TryFrom<ResidenceDto> for Residence {
    type Error = super::ErrorDto;

    fn try_from(r: ResidenceDto) -> Result<Residence, super::ErrorDto> {
        match r.lives.as_str() {
            "with_child" => Ok(Residence::WithChild),
            "elsewhere" => Ok(Residence::Elsewhere(r.home.into())),
            "not_known" | "" => Ok(Residence::NotKnown),
            other => Err(kinfold_core::Error::invalid(
                "lives",
                format!(
                    "Choose where they live from the list (\"{other}\" is not one of the choices)"
                ),
            )
            .into()),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct CareInputDto {
    pub kind: String,
    pub frequency: String,
    pub at_carers_home: bool,
}

impl From<CareInputDto> for CareDraft {
    fn from(c: CareInputDto) -> CareDraft {
        CareDraft {
            kind: c.kind,
            frequency: c.frequency,
            at_carers_home: c.at_carers_home,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewChildDto {
    pub child: PersonInputDto,
    #[serde(default)]
    pub not_a_duplicate: bool,
    /// A record chosen from the duplicate warning, to put on the caseload.
    #[serde(default)]
    pub existing_id: Option<i64>,
    pub home: HomeInputDto,
    #[serde(default)]
    pub named_practitioner: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewMemberDto {
    pub child_id: i64,
    pub who: WhoDto,
    pub kind: String,
    #[serde(default)]
    pub partner_of_id: Option<i64>,
    #[serde(default)]
    pub parental_responsibility: String,
    pub residence: ResidenceDto,
    #[serde(default)]
    pub care: Option<CareInputDto>,
    #[serde(default)]
    pub since: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewOtherChildDto {
    pub parent_id: i64,
    pub who: WhoDto,
    pub kind: String,
    pub residence: ResidenceDto,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchDto {
    pub person_id: i64,
    pub name: String,
    pub born: String,
    pub nhs_number: Option<String>,
    pub reason: String,
}

/// The answer to an add: `added` with the new id, or `possibleDuplicates` (nothing saved).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum IntakeDto {
    #[serde(rename_all = "camelCase")]
    Added { person_id: i64 },
    #[serde(rename_all = "camelCase")]
    PossibleDuplicates { matches: Vec<MatchDto> },
}

impl From<Intake> for IntakeDto {
    fn from(i: Intake) -> IntakeDto {
        match i {
            Intake::Added(id) => IntakeDto::Added { person_id: id.0 },
            Intake::PossibleDuplicates(matches) => IntakeDto::PossibleDuplicates {
                matches: matches
                    .into_iter()
                    .map(|m| MatchDto {
                        person_id: m.person.id.0,
                        name: m.person.details.display_name(),
                        born: m.person.details.birth.text(),
                        nhs_number: m.person.details.nhs_number.map(|n| n.formatted()),
                        reason: m.reason,
                    })
                    .collect(),
            },
        }
    }
}

/// A person as the family view shows them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonDto {
    pub id: i64,
    pub name: String,
    pub name_known: bool,
    pub born: String,
    pub age: Option<String>,
    pub sex: &'static str,
    pub nhs_number: Option<String>,
    pub phone: String,
    pub email: String,
    pub first_language: String,
    pub interpreter_needed: &'static str,
    pub deceased: bool,
    pub source: &'static str,
    pub source_detail: String,
    pub confirmed_on: Option<String>,
}

impl PersonDto {
    pub fn new(p: &Person, today: NaiveDate) -> PersonDto {
        let d = &p.details;
        PersonDto {
            id: p.id.0,
            name: d.display_name(),
            name_known: d.name_status == NameStatus::Known,
            born: d.birth.text(),
            age: d.birth.age_text(today),
            sex: d.sex.label(),
            nhs_number: d.nhs_number.as_ref().map(|n| n.formatted()),
            phone: d.phone.clone(),
            email: d.email.clone(),
            first_language: d.first_language.clone(),
            interpreter_needed: d.interpreter_needed.label(),
            deceased: d.deceased,
            source: d.provenance.source.label(),
            source_detail: d.provenance.detail.clone(),
            confirmed_on: d.provenance.confirmed_on.map(format_date),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseloadRowDto {
    pub child: PersonDto,
    pub named_practitioner: String,
    pub overnight_away: u32,
}

impl CaseloadRowDto {
    pub fn new(c: &CaseloadChild, today: NaiveDate) -> CaseloadRowDto {
        CaseloadRowDto {
            child: PersonDto::new(&c.child, today),
            named_practitioner: c.named_practitioner.clone(),
            overnight_away: c.overnight_away,
        }
    }
}

fn home_text(h: &Option<Household>) -> Option<String> {
    h.as_ref().map(|h| h.details.summary())
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherChildDto {
    pub person: PersonDto,
    pub relationship: &'static str,
    pub home: Option<String>,
    pub home_id: Option<i64>,
    pub on_caseload: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MemberDto {
    pub person: PersonDto,
    pub roles: String,
    pub is_adult_for_child: bool,
    pub parental_responsibility: Option<&'static str>,
    pub home: Option<String>,
    pub home_id: Option<i64>,
    pub lives_with_child: bool,
    pub other_children: Vec<OtherChildDto>,
}

impl MemberDto {
    fn new(m: &NetworkMember, child: PersonId, today: NaiveDate) -> MemberDto {
        MemberDto {
            person: PersonDto::new(&m.person, today),
            roles: m.roles(child),
            is_adult_for_child: m.connections.iter().any(|c| {
                c.is_current()
                    && !matches!(c, kinfold_core::family::Connection::Direct(r) if r.details.kind.is_symmetric())
            }),
            parental_responsibility: m.parental_responsibility.map(|a| a.label()),
            home: home_text(&m.home),
            home_id: m.home.as_ref().map(|h| h.id.0),
            lives_with_child: m.lives_with_child,
            other_children: m
                .other_children
                .iter()
                .map(|o| OtherChildDto {
                    person: PersonDto::new(&o.person, today),
                    relationship: o.relationship.details.kind.inverse_label(),
                    home: home_text(&o.home),
                    home_id: o.home.as_ref().map(|h| h.id.0),
                    on_caseload: o.on_caseload,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CareDto {
    pub carer_id: i64,
    pub carer_name: String,
    pub kind: &'static str,
    pub overnight: bool,
    pub frequency: String,
    pub place: Option<String>,
    pub away_from_home: bool,
    pub current: bool,
}

impl CareDto {
    fn new(c: &CareView) -> CareDto {
        CareDto {
            carer_id: c.carer.id.0,
            carer_name: c.carer.details.display_name(),
            kind: c.arrangement.details.kind.label(),
            overnight: c.arrangement.details.kind == CareKind::Overnight,
            frequency: c.arrangement.details.frequency.clone(),
            place: home_text(&c.place),
            away_from_home: c.overnight_away,
            current: c.arrangement.end_date.is_none(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestrictionDto {
    pub subject: String,
    pub withheld_from: String,
    pub fact: &'static str,
    pub reason: String,
}

/// A relationship among the people in the picture, for the diagram.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkDto {
    pub from_id: i64,
    pub to_id: i64,
    /// The relationship kind's code, e.g. `birth_father`: "from is the birth father of to".
    pub kind: &'static str,
    pub label: &'static str,
    pub symmetric: bool,
    pub parental: bool,
    pub ended: bool,
}

/// A home in the picture, for the diagram's boxes.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HomeDto {
    pub id: i64,
    pub summary: String,
    pub is_main: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FamilyDto {
    pub child: PersonDto,
    pub named_practitioner: Option<String>,
    pub main_home: Option<String>,
    pub main_home_id: Option<i64>,
    pub homes: Vec<HomeDto>,
    pub links: Vec<LinkDto>,
    pub at_home: Vec<MemberDto>,
    pub elsewhere: Vec<MemberDto>,
    pub care: Vec<CareDto>,
    pub restrictions: Vec<RestrictionDto>,
}

impl FamilyDto {
    pub fn new(n: &FamilyNetwork, today: NaiveDate) -> FamilyDto {
        let child = n.child.id;
        let name_of = |id: PersonId| {
            if id == child {
                n.child.details.display_name()
            } else {
                n.member(id)
                    .map(|m| m.person.details.display_name())
                    .unwrap_or_else(|| format!("Person {id}"))
            }
        };
        // Overnight care away from home first: it must stand out everywhere.
        let mut care: Vec<CareDto> = n.care.iter().map(CareDto::new).collect();
        care.sort_by_key(|c| (!c.current, !c.away_from_home, !c.overnight));
        let main_home_id = n.main_home.as_ref().map(|h| h.id.0);
        let mut homes: Vec<HomeDto> = Vec::new();
        let every_home = n.main_home.iter().chain(n.members.iter().flat_map(|m| {
            m.home
                .iter()
                .chain(m.other_children.iter().flat_map(|o| o.home.iter()))
        }));
        for h in every_home.chain(n.care.iter().flat_map(|c| c.place.iter())) {
            if !homes.iter().any(|x| x.id == h.id.0) {
                homes.push(HomeDto {
                    id: h.id.0,
                    summary: h.details.summary(),
                    is_main: Some(h.id.0) == main_home_id,
                });
            }
        }
        let links = n
            .links
            .iter()
            .map(|l| LinkDto {
                from_id: l.details.from.0,
                to_id: l.details.to.0,
                kind: l.details.kind.code(),
                label: l.details.kind.label(),
                symmetric: l.details.kind.is_symmetric(),
                parental: l.details.kind.is_parental(),
                ended: l.end_date.is_some(),
            })
            .collect();
        FamilyDto {
            child: PersonDto::new(&n.child, today),
            named_practitioner: n.caseload.as_ref().map(|c| c.named_practitioner.clone()),
            main_home: home_text(&n.main_home),
            main_home_id,
            homes,
            links,
            at_home: n
                .at_main_home()
                .map(|m| MemberDto::new(m, child, today))
                .collect(),
            elsewhere: n
                .elsewhere()
                .map(|m| MemberDto::new(m, child, today))
                .collect(),
            care,
            restrictions: n
                .restrictions
                .iter()
                .map(|r| RestrictionDto {
                    subject: name_of(r.subject),
                    withheld_from: name_of(r.withheld_from),
                    fact: r.fact.label(),
                    reason: r.reason.clone(),
                })
                .collect(),
        }
    }
}

/// The choices the add forms offer, so the UI never hard-codes the lists.
#[derive(Debug, Clone, Serialize)]
pub struct ChoiceDto {
    pub code: &'static str,
    pub label: &'static str,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VocabularyDto {
    pub relationship_kinds: Vec<ChoiceDto>,
    pub parental_kinds: Vec<ChoiceDto>,
    pub sexes: Vec<ChoiceDto>,
    pub sources: Vec<ChoiceDto>,
    pub care_kinds: Vec<ChoiceDto>,
    pub answers: Vec<ChoiceDto>,
    pub name_statuses: Vec<ChoiceDto>,
    pub sharing_facts: Vec<ChoiceDto>,
    pub contact_kinds: Vec<ChoiceDto>,
    pub ask_outcomes: Vec<ChoiceDto>,
    pub leaflets: Vec<ChoiceDto>,
    pub send_methods: Vec<ChoiceDto>,
    pub invitation_kinds: Vec<ChoiceDto>,
    pub invitation_responses: Vec<ChoiceDto>,
}

macro_rules! choices {
    ($ty:ty) => {
        <$ty>::ALL
            .iter()
            .map(|v| ChoiceDto {
                code: v.code(),
                label: v.label(),
            })
            .collect()
    };
}

impl VocabularyDto {
    pub fn new() -> VocabularyDto {
        VocabularyDto {
            // Partners are offered per parent by the form ("Partner of Amy Brown").
            relationship_kinds: RelationshipKind::ALL
                .iter()
                .filter(|k| **k != RelationshipKind::Partner)
                .map(|k| ChoiceDto {
                    code: k.code(),
                    label: k.label(),
                })
                .collect(),
            parental_kinds: RelationshipKind::ALL
                .iter()
                .filter(|k| k.is_parental())
                .map(|k| ChoiceDto {
                    code: k.code(),
                    label: k.label(),
                })
                .collect(),
            sexes: choices!(kinfold_core::vocab::Sex),
            sources: choices!(kinfold_core::vocab::Source),
            care_kinds: choices!(CareKind),
            answers: choices!(kinfold_core::vocab::Answer),
            name_statuses: choices!(NameStatus),
            sharing_facts: choices!(kinfold_core::sharing::SharingFact),
            contact_kinds: choices!(kinfold_core::contact::ContactKind),
            ask_outcomes: choices!(kinfold_core::gaps::AskOutcome),
            leaflets: choices!(kinfold_core::pack::Leaflet),
            send_methods: choices!(kinfold_core::pack::SendMethod),
            invitation_kinds: choices!(kinfold_core::contact::InvitationKind),
            invitation_responses: choices!(kinfold_core::contact::InvitationResponse),
        }
    }
}

/// One search result.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchResultDto {
    pub person: PersonDto,
    /// What matched: "name", "similar name", "NHS number", "date of birth", "postcode".
    pub matched: String,
}

impl SearchResultDto {
    pub fn new(m: &kinfold_core::PersonMatch, today: NaiveDate) -> SearchResultDto {
        SearchResultDto {
            person: PersonDto::new(&m.person, today),
            matched: m.reason.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedChildDto {
    pub person: PersonDto,
    /// How the child is related, seen from the person ("Child", "Stepchild", ...).
    pub relationship: &'static str,
    pub ended: bool,
    pub on_caseload: bool,
}

/// A relationship seen from one person.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RelationshipRowDto {
    pub id: i64,
    pub other_id: i64,
    pub other_name: String,
    /// What the other person is to this one ("Birth father", "Child", "Partner").
    pub label: &'static str,
    pub ended_on: Option<String>,
    /// Birth-parent links never end; other current links can.
    pub can_end: bool,
    pub source: &'static str,
}

/// One person and every child they are linked to.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonViewDto {
    pub person: PersonDto,
    pub home: Option<String>,
    pub on_caseload: bool,
    pub children: Vec<LinkedChildDto>,
    pub relationships: Vec<RelationshipRowDto>,
}

impl PersonViewDto {
    pub fn new(v: &kinfold_core::family::PersonView, today: NaiveDate) -> PersonViewDto {
        PersonViewDto {
            person: PersonDto::new(&v.person, today),
            home: home_text(&v.home),
            on_caseload: v.on_caseload,
            relationships: v
                .relationships
                .iter()
                .map(|(r, other)| RelationshipRowDto {
                    id: r.id.0,
                    other_id: other.id.0,
                    other_name: other.details.display_name(),
                    label: r.label_seen_from(v.person.id),
                    ended_on: r.end_date.map(format_date),
                    can_end: r.is_current() && !r.details.kind.is_birth_parent(),
                    source: r.details.provenance.source.label(),
                })
                .collect(),
            children: v
                .children
                .iter()
                .map(|c| LinkedChildDto {
                    person: PersonDto::new(&c.child, today),
                    relationship: c.relationship.details.kind.inverse_label(),
                    ended: c.relationship.end_date.is_some(),
                    on_caseload: c.on_caseload,
                })
                .collect(),
        }
    }
}

/// One line of a person's history, in words.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryDto {
    pub at: String,
    pub by: String,
    pub what: String,
}

impl HistoryDto {
    pub fn new(e: &kinfold_core::audit::AuditEvent) -> HistoryDto {
        let detail: serde_json::Value = e
            .detail
            .as_deref()
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or_default();
        let what = match e.action.as_str() {
            "person.create" => "Record created".to_owned(),
            "person.update" => {
                let changed: Vec<&str> = detail["after"]
                    .as_object()
                    .map(|after| {
                        after
                            .iter()
                            .filter(|(k, v)| detail["before"].get(k.as_str()) != Some(*v))
                            .map(|(k, _)| k.as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                format!("Details changed: {}", changed.join(", ").replace('_', " "))
            }
            "person.move" => "Home recorded".to_owned(),
            "caseload.main_home" => "Main home changed".to_owned(),
            "caseload.add" => "Added to the caseload".to_owned(),
            "relationship.create" => format!(
                "Relationship recorded: {}",
                detail["kind"].as_str().unwrap_or("").replace('_', " ")
            ),
            "relationship.end" => "Relationship ended".to_owned(),
            "care.create" => "Care arrangement recorded".to_owned(),
            "sharing.restrict" => "Sharing restriction recorded".to_owned(),
            "person.merge" => format!(
                "Record of {} (person {}) merged into {} (person {})",
                detail["merged_name"].as_str().unwrap_or("?"),
                detail["merged"],
                detail["kept_name"].as_str().unwrap_or("?"),
                detail["kept"]
            ),
            other => other.to_owned(),
        };
        HistoryDto {
            at: chrono::DateTime::parse_from_rfc3339(&e.at)
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%-d %b %Y %H:%M")
                        .to_string()
                })
                .unwrap_or_else(|_| e.at.clone()),
            by: e.actor.clone(),
            what,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewCareDto {
    pub child_id: i64,
    pub carer_id: i64,
    pub care: CareInputDto,
    #[serde(default)]
    pub source: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewRestrictionDto {
    pub subject_id: i64,
    pub withheld_from_id: i64,
    #[serde(default)]
    pub fact: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NewHomeDto {
    pub person_id: i64,
    pub home: HomeInputDto,
    #[serde(default)]
    pub source: String,
}
