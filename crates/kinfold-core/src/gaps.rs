//! Gap prompts: what is missing from a child's family network, worked out from the data each
//! time (never stored as a flag), with the answers given when the information could not be
//! had ("asked, not obtained", with a date to ask again, or closed with a reason).
//!
//! Missing information is the normal case: every rule returns a list, usually non-empty.

use std::collections::BTreeMap;

use chrono::{Months, NaiveDate};

use crate::care::CareKind;
use crate::contact::{Contact, ContactId, ContactKind, Invitation};
use crate::error::{FieldError, Invalid, Problems};
use crate::family::{Connection, FamilyNetwork, NetworkMember};
use crate::household::AddressStatus;
use crate::pack::{has_safety_pack, PackGiven};
use crate::person::{format_date, parse_date, Birth, PersonId};
use crate::relationship::RelationshipKind;
use crate::text::TextField;
use crate::vocab::{vocabulary, Answer, NameStatus};

#[cfg(test)]
mod tests;

vocabulary! {
    /// How serious a gap is. Sorting puts the most serious first.
    pub enum Severity {
        Urgent => ("urgent", "Urgent"),
        High => ("high", "High"),
        Medium => ("medium", "Medium"),
        Low => ("low", "Low"),
    }
}

vocabulary! {
    /// The gap rules. Each code is stable: answers and clinic settings refer to it. Within one
    /// severity, gaps are shown in this order.
    pub enum GapRule {
        BirthMother => ("birth_mother", "Birth mother identified"),
        BirthFather => ("birth_father", "Birth father identified"),
        OvernightSafetyPack => ("overnight_safety_pack", "Safety leaflets for each overnight carer"),
        OvernightJointContact => ("overnight_joint_contact", "Joint appointment or phone call offered to each overnight carer"),
        Name => ("name", "Name of each adult who cares for the child"),
        Address => ("address", "Where each key adult lives"),
        DateOfBirth => ("date_of_birth", "Date of birth of each key adult"),
        Phone => ("phone", "Phone number of each key adult"),
        Care => ("care", "Whether and when each adult who lives elsewhere looks after the child"),
        ParentalResponsibility => ("parental_responsibility", "Parental responsibility of each parent"),
        OtherChildren => ("other_children", "Other children of each key adult"),
        Confirmed => ("confirmed", "Key facts confirmed recently"),
    }
}

impl GapRule {
    /// What the practitioner can say to the parent about why we ask (our own words).
    pub fn why_we_ask(self) -> &'static str {
        match self {
            GapRule::BirthMother | GapRule::BirthFather => {
                "We ask about both of the baby's parents, wherever they live. It helps us offer \
                 support and advice to everyone who looks after the baby."
            }
            GapRule::Name => {
                "We like to know who looks after the baby, so we can talk to them and share \
                 the same safety advice with them."
            }
            GapRule::DateOfBirth => {
                "A date of birth helps us make sure we have the right person and do not mix \
                 up two records."
            }
            GapRule::Address => {
                "Knowing where the baby stays helps us send safety leaflets and offer visits \
                 there too."
            }
            GapRule::Phone => {
                "A phone number lets us reach the people who care for the baby if we need to."
            }
            GapRule::Care => {
                "We ask who looks after the baby and when, so that everyone who does can get \
                 the same help and advice."
            }
            GapRule::OtherChildren => {
                "We ask about brothers and sisters in other homes, so we can see the whole \
                 family and the support it may need."
            }
            GapRule::ParentalResponsibility => {
                "Parental responsibility tells us who can make decisions about the baby's \
                 health and care."
            }
            GapRule::OvernightSafetyPack => {
                "Everyone who has the baby overnight should get the same safety advice as the \
                 parent at home: safe sleep, crying, and who to call."
            }
            GapRule::OvernightJointContact => {
                "We offer a joint appointment or a phone call to parents who live elsewhere, \
                 so they can ask us questions too."
            }
            GapRule::Confirmed => {
                "Families change. Checking what we hold now and then keeps the record right."
            }
        }
    }

    /// What the rule checks, for the clinic's rule settings.
    pub fn checks(self) -> &'static str {
        match self {
            GapRule::BirthMother => "The child has a birth mother on record, with her name.",
            GapRule::BirthFather => "The child has a birth father on record, with his name.",
            GapRule::Name => "Every partner and carer of the child has a name on record.",
            GapRule::DateOfBirth => {
                "Every parent, parent's partner and carer has a date of birth (or an estimated year)."
            }
            GapRule::Address => {
                "Every parent, parent's partner and carer lives with the child or has a known address."
            }
            GapRule::Phone => "Every parent, parent's partner and carer has a phone number.",
            GapRule::Care => {
                "Every parent, parent's partner and carer who lives elsewhere has their care of the child recorded."
            }
            GapRule::OtherChildren => {
                "Every parent, parent's partner and carer has been asked about their other children."
            }
            GapRule::ParentalResponsibility => {
                "Every parent has parental responsibility recorded as yes or no."
            }
            GapRule::OvernightSafetyPack => {
                "Everyone who has the child overnight away from the main home has been given the overnight checklist, safer sleep and crying leaflets."
            }
            GapRule::OvernightJointContact => {
                "Everyone who has the child overnight away from the main home has been offered a joint appointment or a phone call, or has been at one."
            }
            GapRule::Confirmed => {
                "The details of every parent, parent's partner and carer were confirmed within the clinic's set period."
            }
        }
    }
}

vocabulary! {
    /// Why the information was not obtained when it was asked for.
    pub enum AskOutcome {
        Declined => ("declined", "Declined to say"),
        DoesNotKnow => ("does_not_know", "Does not know"),
        NotSafe => ("not_safe", "Not safe to ask now"),
        NoOpportunity => ("no_opportunity", "No chance to ask"),
        Other => ("other", "Other reason"),
    }
}

impl AskOutcome {
    /// The HL7 FHIR data-absent-reason code for this outcome, for exports.
    pub fn data_absent_reason(self) -> &'static str {
        match self {
            AskOutcome::Declined => "asked-declined",
            AskOutcome::DoesNotKnow => "asked-unknown",
            AskOutcome::NotSafe | AskOutcome::NoOpportunity => "not-asked",
            AskOutcome::Other => "temp-unknown",
        }
    }
}

vocabulary! {
    pub enum AnswerKind {
        /// Asked, not obtained: quiet until the date to ask again.
        Asked => ("asked", "Asked, not obtained"),
        /// Closed with a reason: the information will not be collected.
        Closed => ("closed", "Closed with a reason"),
        /// A closed gap opened again.
        Reopened => ("reopened", "Opened again"),
    }
}

vocabulary! {
    /// "None" answers that fill a gap: information, with a source, not a reason to stop asking.
    pub enum StatementKind {
        NoOtherChildren => ("no_other_children", "Has no other children"),
        DoesNotCare => ("does_not_care", "Does not look after the child"),
    }
}

/// A stated "none", as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    pub id: i64,
    pub person: PersonId,
    /// The child it was said about (for `DoesNotCare`) or in whose record (for the other).
    pub child: PersonId,
    pub kind: StatementKind,
    pub stated_on: NaiveDate,
    pub source: crate::vocab::Source,
    pub recorded_by: String,
}

/// Names one gap: the rule, the child, and (for most rules) the person it is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct GapKey {
    pub rule: GapRule,
    pub child: PersonId,
    pub about: Option<PersonId>,
}

/// One answer to a gap, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapAnswer {
    pub id: i64,
    pub key: GapKey,
    pub kind: AnswerKind,
    pub outcome: Option<AskOutcome>,
    /// The parent's words (the reason or worry they gave), or the reason for closing.
    pub words: String,
    pub revisit_on: Option<NaiveDate>,
    pub contact: Option<ContactId>,
    pub answered_on: NaiveDate,
    pub recorded_by: String,
}

/// An answer as typed into the gaps panel.
#[derive(Debug, Clone, Default)]
pub struct GapAnswerDraft {
    pub rule: String,
    pub about: Option<i64>,
    pub answer: String,
    pub outcome: String,
    pub words: String,
    pub revisit_on: String,
    pub contact: Option<i64>,
}

const WORDS: TextField = TextField {
    field: "words",
    label: "What they said",
    max_chars: 1000,
    multiline: true,
};
const REASON: TextField = TextField {
    field: "words",
    label: "The reason",
    max_chars: 1000,
    multiline: true,
};
const REVISIT: TextField = TextField {
    field: "revisit_on",
    label: "Date to ask again",
    max_chars: 20,
    multiline: false,
};

/// The longest a gap may stay quiet after one ask.
const LONGEST_QUIET_DAYS: i64 = 183;

impl GapAnswerDraft {
    /// Checks the answer. `answered_on` is the day of the contact it was given at (or today).
    pub fn validate(&self, child: PersonId, answered_on: NaiveDate) -> Result<GapAnswer, Invalid> {
        let mut problems = Problems::default();
        let rule = problems.take(
            GapRule::from_code(&self.rule).ok_or_else(|| FieldError {
                field: "rule",
                message: format!("There is no gap rule called {:?}", self.rule),
            }),
            GapRule::BirthMother,
        );
        let kind = problems.take(
            AnswerKind::from_code(&self.answer).ok_or_else(|| FieldError {
                field: "answer",
                message: "Choose how the gap was answered".into(),
            }),
            AnswerKind::Asked,
        );
        let mut outcome = None;
        let mut revisit_on = None;
        let words;
        if kind == AnswerKind::Asked {
            outcome = Some(problems.take(
                AskOutcome::from_code(&self.outcome).ok_or_else(|| FieldError {
                    field: "outcome",
                    message: "Choose why the information was not obtained".into(),
                }),
                AskOutcome::Other,
            ));
            words = problems.take(WORDS.clean(&self.words), String::new());
            if outcome == Some(AskOutcome::Other) && words.is_empty() {
                problems
                    .push(WORDS.error("Say what happened, since the reason is \"other\"".into()));
            }
            revisit_on = check_revisit(&self.revisit_on, answered_on, &mut problems);
        } else {
            words = problems.take(
                REASON.required(&self.words, "Enter the reason"),
                String::new(),
            );
            if !self.revisit_on.trim().is_empty() {
                problems
                    .push(REVISIT.error(
                        "A date to ask again only goes with \"asked, not obtained\"".into(),
                    ));
            }
        }
        problems.finish(GapAnswer {
            id: 0,
            key: GapKey {
                rule,
                child,
                about: self.about.map(PersonId),
            },
            kind,
            outcome,
            words,
            revisit_on,
            contact: self.contact.map(ContactId),
            answered_on,
            recorded_by: String::new(),
        })
    }
}

fn check_revisit(
    input: &str,
    answered_on: NaiveDate,
    problems: &mut Problems,
) -> Option<NaiveDate> {
    let text = match REVISIT.clean(input) {
        Ok(t) => t,
        Err(e) => {
            problems.push(e);
            return None;
        }
    };
    if text.is_empty() {
        problems.push(REVISIT.error("Enter a date to ask again".into()));
        return None;
    }
    let Some(date) = parse_date(&text) else {
        problems.push(REVISIT.error(format!(
            "Date to ask again must be a real date, like 27/12/2026 ({text:?} is not)"
        )));
        return None;
    };
    let days = (date - answered_on).num_days();
    if days < 1 {
        problems.push(REVISIT.error(format!(
            "Date to ask again must be after the day it was asked ({})",
            format_date(answered_on)
        )));
        return None;
    }
    if days > LONGEST_QUIET_DAYS {
        problems.push(REVISIT.error(
            "Date to ask again must be within 6 months, so the question is not forgotten".into(),
        ));
        return None;
    }
    Some(date)
}

/// How strict the rules are, and which a clinic has turned off (each with its reason).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GapSettings {
    pub confirm_within_months: u32,
    /// After this many unsuccessful asks the prompt suggests another source and the family
    /// goes on the supervision list.
    pub asks_before_supervision: u32,
    pub turned_off: BTreeMap<GapRule, String>,
}

impl Default for GapSettings {
    fn default() -> Self {
        GapSettings {
            confirm_within_months: 12,
            asks_before_supervision: 3,
            turned_off: BTreeMap::new(),
        }
    }
}

impl GapSettings {
    pub fn is_on(&self, rule: GapRule) -> bool {
        !self.turned_off.contains_key(&rule)
    }
}

/// The gap-strictness settings as typed in.
#[derive(Debug, Clone, Default)]
pub struct GapSettingsDraft {
    pub confirm_within_months: String,
    pub asks_before_supervision: String,
}

impl GapSettingsDraft {
    /// Returns `(confirm_within_months, asks_before_supervision)`.
    pub fn validate(&self) -> Result<(u32, u32), Invalid> {
        let mut problems = Problems::default();
        let number = |field: &'static str, text: &str, low: u32, high: u32, what: &str| match text
            .trim()
            .parse::<u32>()
        {
            Ok(n) if (low..=high).contains(&n) => Ok(n),
            _ => Err(FieldError {
                field,
                message: format!("{what} must be a whole number from {low} to {high}"),
            }),
        };
        let months = problems.take(
            number(
                "confirm_within_months",
                &self.confirm_within_months,
                1,
                36,
                "Months before details need confirming",
            ),
            12,
        );
        let asks = problems.take(
            number(
                "asks_before_supervision",
                &self.asks_before_supervision,
                2,
                10,
                "Asks before supervision",
            ),
            3,
        );
        problems.finish((months, asks))
    }
}

/// Checks the reason for turning a rule off or on.
pub fn check_rule_reason(reason: &str) -> Result<String, Invalid> {
    REASON
        .required(reason, "Enter the reason for the change")
        .map_err(|e| Invalid { errors: vec![e] })
}

/// Where the missing information can be filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FillIn {
    /// Add the child's birth mother or father.
    AddParent(RelationshipKind),
    EditPerson,
    MoveHome,
    AddCare,
    AddOtherChild,
    SetParentalResponsibility,
    GivePack,
    OfferContact,
    Confirm,
}

/// Something missing, before answers are taken into account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub key: GapKey,
    /// Whose record the information goes in: usually `key.about`; for a birth parent whose
    /// name is missing, that parent (the gap itself stays about the family, so its history
    /// is not lost when a parent is first recorded without a name).
    pub person: Option<PersonId>,
    /// Who it is about, as shown: "Dan Smith (Birth father)".
    pub about_name: Option<String>,
    /// What is missing, in a few words: "No phone number".
    pub title: String,
    pub severity: Severity,
    pub fill_in: FillIn,
}

/// Whether a gap is asking for attention now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GapState {
    Open,
    /// Asked, not obtained: quiet until this date.
    Quiet {
        until: NaiveDate,
    },
    /// Closed with a reason: shown in the timeline, not as a prompt.
    Closed,
}

/// A gap with its answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub missing: Missing,
    pub state: GapState,
    /// Every answer, oldest first.
    pub history: Vec<GapAnswer>,
    /// "Asked, not obtained" answers since the gap was last opened again.
    pub failed_asks: u32,
    /// The revisit date has come: the last ask is due again.
    pub revisit_due: bool,
}

impl Gap {
    pub fn key(&self) -> GapKey {
        self.missing.key
    }
}

/// Everything the rules read for one child.
pub struct FamilyFacts<'a> {
    pub network: &'a FamilyNetwork,
    pub contacts: &'a [Contact],
    pub invitations: &'a [Invitation],
    pub packs: &'a [PackGiven],
    pub answers: &'a [GapAnswer],
    /// Stated "none" answers by the people in the network.
    pub statements: &'a [Statement],
}

/// A child's gaps on a given day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyGaps {
    pub child: PersonId,
    /// Open gaps, most serious first.
    pub open: Vec<Gap>,
    /// Asked, not obtained, waiting for the date to ask again.
    pub quiet: Vec<Gap>,
    /// Closed with a reason.
    pub closed: Vec<Gap>,
    /// Answers to gaps that the data has since filled: their timeline.
    pub filled: Vec<(GapKey, Vec<GapAnswer>)>,
    pub asks_before_supervision: u32,
}

impl FamilyGaps {
    /// Open and quiet gaps.
    pub fn unresolved(&self) -> impl Iterator<Item = &Gap> {
        self.open.iter().chain(&self.quiet)
    }

    /// Gaps asked about this many times without an answer: the family goes to supervision.
    pub fn repeatedly_asked(&self) -> impl Iterator<Item = &Gap> {
        let limit = self.asks_before_supervision;
        self.unresolved().filter(move |g| g.failed_asks >= limit)
    }

    /// Whether an adult has the child overnight away from home and is not known or has not
    /// been given the safety leaflets.
    pub fn overnight_concern(&self) -> bool {
        self.unresolved()
            .any(|g| g.missing.severity == Severity::Urgent)
    }

    pub fn revisit_due(&self) -> bool {
        self.open.iter().any(|g| g.revisit_due)
    }
}

/// An adult whose details the rules ask for, with how they are connected to the child.
struct KeyAdult<'a> {
    member: &'a NetworkMember,
    /// "Birth father", "Mother's partner".
    roles: String,
    /// Has the child overnight somewhere other than the main home (or somewhere unknown).
    overnight_away: bool,
    /// Is a parent of the child (birth, adoptive, step, foster, guardian).
    parent: bool,
    /// Looks after the child in any current arrangement.
    cares: bool,
}

fn key_adults(network: &FamilyNetwork) -> Vec<KeyAdult<'_>> {
    let child = network.child.id;
    network
        .members
        .iter()
        .filter(|m| !m.person.details.deceased)
        .filter_map(|m| {
            let parent = m.connections.iter().any(|c| match c {
                Connection::Direct(r) => {
                    r.is_current() && r.details.to == child && r.details.kind.is_parental()
                }
                Connection::ParentsPartner { .. } => false,
            });
            let partner = m
                .connections
                .iter()
                .any(|c| matches!(c, Connection::ParentsPartner { .. }));
            let current_care = network
                .care
                .iter()
                .filter(|c| c.carer.id == m.person.id && c.arrangement.end_date.is_none());
            let mut cares = false;
            let mut overnight_away = false;
            for c in current_care {
                cares = true;
                overnight_away |=
                    c.overnight_away && c.arrangement.details.kind == CareKind::Overnight;
            }
            // Someone who lives where the child stays overnight is with the child overnight
            // too (a father's partner, say), whoever the arrangement names.
            let home = m.home.as_ref().map(|h| h.id);
            overnight_away |= home.is_some()
                && network
                    .overnight_away()
                    .any(|c| c.place.as_ref().map(|p| p.id) == home);
            (parent || partner || cares).then(|| KeyAdult {
                member: m,
                roles: m.roles(child),
                overnight_away,
                parent,
                cares,
            })
        })
        .collect()
}

/// Everything missing from one child's network on `today`, for the rules that are on.
pub fn missing(facts: &FamilyFacts<'_>, settings: &GapSettings, today: NaiveDate) -> Vec<Missing> {
    let mut found = Vec::new();
    for &rule in GapRule::ALL {
        if settings.is_on(rule) {
            found.extend(missing_for(rule, facts, settings, today));
        }
    }
    found
}

/// What one rule finds missing. Each rule is unit-tested on its own through this.
pub fn missing_for(
    rule: GapRule,
    facts: &FamilyFacts<'_>,
    settings: &GapSettings,
    today: NaiveDate,
) -> Vec<Missing> {
    let network = facts.network;
    let child = network.child.id;
    let child_name = first_name(network);
    let mut out = Vec::new();
    let mut push = |about: Option<(&KeyAdult<'_>, Severity)>,
                    title: String,
                    severity: Severity,
                    fill_in: FillIn| {
        let (about_id, about_name, severity) = match about {
            Some((adult, s)) => (
                Some(adult.member.person.id),
                Some(format!(
                    "{} ({})",
                    adult.member.person.details.display_name(),
                    adult.roles
                )),
                s,
            ),
            None => (None, None, severity),
        };
        out.push(Missing {
            key: GapKey {
                rule,
                child,
                about: about_id,
            },
            person: about_id,
            about_name,
            title,
            severity,
            fill_in,
        });
    };
    let adults = key_adults(network);
    match rule {
        GapRule::BirthMother | GapRule::BirthFather => {
            let kind = if rule == GapRule::BirthMother {
                RelationshipKind::BirthMother
            } else {
                RelationshipKind::BirthFather
            };
            let word = if kind == RelationshipKind::BirthMother {
                "mother"
            } else {
                "father"
            };
            let parent = network.members.iter().find(|m| {
                m.connections.iter().any(|c| {
                    matches!(c, Connection::Direct(r) if r.details.to == child && r.details.kind == kind)
                })
            });
            match parent {
                None => push(
                    None,
                    format!("Birth {word} not recorded"),
                    Severity::High,
                    FillIn::AddParent(kind),
                ),
                Some(m) if m.person.details.name_status != NameStatus::Known => {
                    let adult = KeyAdult {
                        member: m,
                        roles: m.roles(child),
                        overnight_away: false,
                        parent: true,
                        cares: false,
                    };
                    push(
                        Some((&adult, Severity::High)),
                        format!("Birth {word}'s name not recorded"),
                        Severity::High,
                        FillIn::EditPerson,
                    );
                }
                Some(_) => {}
            }
        }
        GapRule::Name => {
            for a in adults.iter().filter(|a| !is_birth_parent(a, child)) {
                if a.member.person.details.name_status != NameStatus::Known {
                    let s = if a.overnight_away {
                        Severity::Urgent
                    } else {
                        Severity::High
                    };
                    push(Some((a, s)), "Name not known".into(), s, FillIn::EditPerson);
                }
            }
        }
        GapRule::DateOfBirth => {
            for a in &adults {
                if a.member.person.details.birth == Birth::NotKnown {
                    let s = if a.overnight_away {
                        Severity::Urgent
                    } else {
                        Severity::Medium
                    };
                    push(
                        Some((a, s)),
                        "Date of birth not known".into(),
                        s,
                        FillIn::EditPerson,
                    );
                }
            }
        }
        GapRule::Address => {
            for a in adults.iter().filter(|a| !a.member.lives_with_child) {
                let known = a
                    .member
                    .home
                    .as_ref()
                    .is_some_and(|h| h.details.address_status != AddressStatus::NotKnown);
                if !known {
                    let s = if a.overnight_away {
                        Severity::Urgent
                    } else {
                        Severity::Medium
                    };
                    push(
                        Some((a, s)),
                        "Address not known".into(),
                        s,
                        FillIn::MoveHome,
                    );
                }
            }
        }
        GapRule::Phone => {
            for a in &adults {
                if a.member.person.details.phone.is_empty() {
                    let s = if a.overnight_away {
                        Severity::High
                    } else {
                        Severity::Medium
                    };
                    push(
                        Some((a, s)),
                        "No phone number".into(),
                        s,
                        FillIn::EditPerson,
                    );
                }
            }
        }
        GapRule::Care => {
            for a in adults.iter().filter(|a| {
                !a.member.lives_with_child
                    && !a.cares
                    && !stated(
                        facts,
                        a.member.person.id,
                        StatementKind::DoesNotCare,
                        Some(child),
                    )
            }) {
                push(
                    Some((a, Severity::Medium)),
                    format!("Not known whether or when they look after {child_name}"),
                    Severity::Medium,
                    FillIn::AddCare,
                );
            }
        }
        GapRule::OtherChildren => {
            for a in adults.iter().filter(|a| {
                a.member.other_children.is_empty()
                    && !stated(
                        facts,
                        a.member.person.id,
                        StatementKind::NoOtherChildren,
                        None,
                    )
            }) {
                push(
                    Some((a, Severity::Medium)),
                    "Other children not recorded".into(),
                    Severity::Medium,
                    FillIn::AddOtherChild,
                );
            }
        }
        GapRule::ParentalResponsibility => {
            for a in adults.iter().filter(|a| a.parent) {
                if matches!(
                    a.member.parental_responsibility,
                    None | Some(Answer::NotKnown)
                ) {
                    push(
                        Some((a, Severity::Medium)),
                        "Parental responsibility not known".into(),
                        Severity::Medium,
                        FillIn::SetParentalResponsibility,
                    );
                }
            }
        }
        GapRule::OvernightSafetyPack => {
            for a in adults.iter().filter(|a| a.overnight_away) {
                if !has_safety_pack(facts.packs, child, a.member.person.id) {
                    push(
                        Some((a, Severity::Urgent)),
                        format!("Has {child_name} overnight but has not had the safety leaflets"),
                        Severity::Urgent,
                        FillIn::GivePack,
                    );
                }
            }
        }
        GapRule::OvernightJointContact => {
            for a in adults.iter().filter(|a| a.overnight_away) {
                let id = a.member.person.id;
                let offered = facts
                    .invitations
                    .iter()
                    .any(|i| i.child == child && i.person == id);
                let met = facts.contacts.iter().any(|c| {
                    matches!(
                        c.details.kind,
                        ContactKind::JointAppointment | ContactKind::Phone
                    ) && c.details.present.contains(&id)
                });
                // Someone kept from another parent's details may not be safe to meet with them.
                let restricted = network.restrictions.iter().any(|r| r.withheld_from == id);
                let title = if restricted {
                    "Not yet offered a phone call (check the sharing restriction before offering a joint appointment)"
                } else {
                    "Not yet offered a joint appointment or a phone call"
                };
                if !offered && !met {
                    push(
                        Some((a, Severity::High)),
                        title.into(),
                        Severity::High,
                        FillIn::OfferContact,
                    );
                }
            }
        }
        GapRule::Confirmed => {
            let since = today
                .checked_sub_months(Months::new(settings.confirm_within_months))
                .unwrap_or(today);
            for a in &adults {
                let confirmed = a.member.person.details.provenance.confirmed_on;
                match confirmed {
                    Some(on) if on >= since => {}
                    Some(on) => push(
                        Some((a, Severity::Low)),
                        format!("Details last confirmed {}", format_date(on)),
                        Severity::Low,
                        FillIn::Confirm,
                    ),
                    None => push(
                        Some((a, Severity::Low)),
                        "Details never confirmed".into(),
                        Severity::Low,
                        FillIn::Confirm,
                    ),
                }
            }
        }
    }
    if matches!(rule, GapRule::BirthMother | GapRule::BirthFather) {
        for m in &mut out {
            m.key.about = None;
        }
    }
    out
}

/// Whether `person` has said "none" of this kind (about `child`, when given).
fn stated(
    facts: &FamilyFacts<'_>,
    person: PersonId,
    kind: StatementKind,
    child: Option<PersonId>,
) -> bool {
    facts
        .statements
        .iter()
        .any(|s| s.person == person && s.kind == kind && child.is_none_or(|c| s.child == c))
}

fn is_birth_parent(a: &KeyAdult<'_>, child: PersonId) -> bool {
    a.member.connections.iter().any(|c| {
        matches!(c, Connection::Direct(r) if r.details.to == child && r.details.kind.is_birth_parent())
    })
}

fn first_name(network: &FamilyNetwork) -> String {
    let d = &network.child.details;
    match d.name_status {
        NameStatus::Known if !d.known_as.is_empty() => d.known_as.clone(),
        NameStatus::Known if !d.given_name.is_empty() => d.given_name.clone(),
        _ => "the child".to_owned(),
    }
}

/// The child's gaps on `today`: what is missing, with the answers given so far. Answers dated
/// after `today` are left out, so a contact recorded late sees the gaps as they were that day.
pub fn family_gaps(
    facts: &FamilyFacts<'_>,
    settings: &GapSettings,
    today: NaiveDate,
) -> FamilyGaps {
    let mut by_key: BTreeMap<GapKey, Vec<GapAnswer>> = BTreeMap::new();
    for a in facts.answers.iter().filter(|a| a.answered_on <= today) {
        by_key.entry(a.key).or_default().push(a.clone());
    }
    for answers in by_key.values_mut() {
        answers.sort_by_key(|a| (a.answered_on, a.id));
    }
    let mut gaps = FamilyGaps {
        child: facts.network.child.id,
        open: Vec::new(),
        quiet: Vec::new(),
        closed: Vec::new(),
        filled: Vec::new(),
        asks_before_supervision: settings.asks_before_supervision,
    };
    for m in missing(facts, settings, today) {
        let history = by_key.remove(&m.key).unwrap_or_default();
        let gap = with_answers(m, history, today);
        match gap.state {
            GapState::Open => gaps.open.push(gap),
            GapState::Quiet { .. } => gaps.quiet.push(gap),
            GapState::Closed => gaps.closed.push(gap),
        }
    }
    gaps.filled = by_key
        .into_iter()
        .filter(|(key, _)| settings.is_on(key.rule))
        .collect();
    gaps.open
        .sort_by_key(|g| (g.missing.severity, g.missing.key.rule));
    gaps.quiet.sort_by_key(|g| match g.state {
        GapState::Quiet { until } => until,
        _ => today,
    });
    gaps
}

fn with_answers(missing: Missing, history: Vec<GapAnswer>, today: NaiveDate) -> Gap {
    // Only answers after the gap was last opened again count.
    let since_reopened = history
        .iter()
        .rposition(|a| a.kind == AnswerKind::Reopened)
        .map_or(0, |i| i + 1);
    let current = &history[since_reopened..];
    let closed = current.iter().any(|a| a.kind == AnswerKind::Closed);
    // A failed ask is one where the question was put and not answered (not "not safe to ask"
    // or "no chance to ask"); several on one day count once.
    let mut failed_days: Vec<NaiveDate> = current
        .iter()
        .filter(|a| {
            a.kind == AnswerKind::Asked
                && matches!(
                    a.outcome,
                    Some(AskOutcome::Declined | AskOutcome::DoesNotKnow | AskOutcome::Other)
                )
        })
        .map(|a| a.answered_on)
        .collect();
    failed_days.dedup();
    let failed_asks = failed_days.len() as u32;
    let last_ask = current.iter().rev().find(|a| a.kind == AnswerKind::Asked);
    let (state, revisit_due) = if closed {
        (GapState::Closed, false)
    } else {
        match last_ask.and_then(|a| a.revisit_on) {
            Some(until) if until > today => (GapState::Quiet { until }, false),
            Some(_) => (GapState::Open, true),
            None => (GapState::Open, false),
        }
    };
    Gap {
        missing,
        state,
        history,
        failed_asks,
        revisit_due,
    }
}

/// Checks that an answer refers to a gap that is unresolved now (for "asked" and "closed") or
/// closed (for "reopened"): answers cannot be filed against nothing.
pub fn check_answer_fits(answer: &GapAnswer, gaps: &FamilyGaps) -> Result<(), Invalid> {
    let key = answer.key;
    let find = |list: &[Gap]| list.iter().any(|g| g.key() == key);
    let fits = match answer.kind {
        AnswerKind::Asked | AnswerKind::Closed => find(&gaps.open) || find(&gaps.quiet),
        AnswerKind::Reopened => find(&gaps.closed),
    };
    if fits {
        Ok(())
    } else {
        let message = match answer.kind {
            AnswerKind::Reopened => "This gap is not closed, so it cannot be opened again",
            _ => "This gap is not open any more (the information may have been recorded)",
        };
        Err(Invalid {
            errors: vec![FieldError {
                field: "rule",
                message: message.into(),
            }],
        })
    }
}
