//! Adding to a family network in one step, as a practitioner does at a visit: a child with
//! their home; an adult in the child's life with how they are related, where they live and
//! when they care for the child; another child of one of the adults. Each step checks for
//! likely duplicates first, so one person stays one record.

use chrono::NaiveDate;

use crate::care::{CareKind, NewCareArrangement};
use crate::error::{Error, FieldError, Invalid, Problems, Result};
use crate::household::{HouseholdDraft, HouseholdId};
use crate::person::{PersonDetails, PersonDraft, PersonId, Provenance};
use crate::relationship::{NewRelationship, RelationshipKind};
use crate::store::{PersonMatch, Store};
use crate::text::TextField;
use crate::vocab::Answer;
use crate::Actor;

/// Where a person lives, as answered on a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Residence {
    /// At the child's main home.
    WithChild,
    /// Somewhere else, at this address (which may itself be partly unknown).
    Elsewhere(HouseholdDraft),
    /// Nobody has said yet.
    NotKnown,
}

/// The person being added: someone new, or someone already recorded (one person, many
/// children).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    New {
        person: Box<PersonDraft>,
        /// Set once the practitioner has seen the likely duplicates and said this is someone
        /// different.
        not_a_duplicate: bool,
    },
    Existing(PersonId),
}

/// A child joining the caseload, with their main home.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChild {
    pub child: PersonDraft,
    pub not_a_duplicate: bool,
    /// Set when the practitioner chose a record already in Kinfold (from the duplicate
    /// warning): that person joins the caseload instead of a new record being made.
    pub existing: Option<PersonId>,
    pub home: HouseholdDraft,
    pub named_practitioner: String,
}

/// Care the new member gives the child, as answered on a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CareDraft {
    /// A [`CareKind`] code.
    pub kind: String,
    pub frequency: String,
    /// Whether the care happens where the carer lives (otherwise at the child's home).
    pub at_carers_home: bool,
}

/// An adult (or sibling) joining a child's network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMember {
    pub child: PersonId,
    pub who: Who,
    /// A [`RelationshipKind`] code: what the new member is to the child ("birth_father"),
    /// or for siblings what they are to each other. For `partner`, see `partner_of`.
    pub kind: String,
    /// Whose partner they are, when `kind` is `partner` (a mother's new partner is linked to
    /// the mother, and so seen by all her children as "Mother's partner").
    pub partner_of: Option<PersonId>,
    /// An [`Answer`] code; only for adults linked to the child.
    pub parental_responsibility: String,
    pub residence: Residence,
    pub care: Option<CareDraft>,
    /// Since when they have been related this way (a partner since March), if known:
    /// `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub since: String,
}

/// Another child of an adult in the network (from this or a previous relationship).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOtherChild {
    pub parent: PersonId,
    pub who: Who,
    /// A parental [`RelationshipKind`] code: what the parent is to this child.
    pub kind: String,
    pub residence: Residence,
}

/// What happened.
#[derive(Debug, Clone)]
pub enum Intake {
    Added(PersonId),
    /// Nothing was saved: these records may be the same person. Ask, then send again with
    /// `Who::Existing` or `not_a_duplicate`.
    PossibleDuplicates(Vec<PersonMatch>),
}

const PRACTITIONER: TextField = TextField {
    field: "named_practitioner",
    label: "Named practitioner",
    max_chars: 100,
    multiline: false,
};
const SINCE: TextField = TextField {
    field: "since",
    label: "Since when",
    max_chars: 20,
    multiline: false,
};
const FREQUENCY: TextField = TextField {
    field: "care_frequency",
    label: "How often",
    max_chars: 200,
    multiline: false,
};

/// Adds a child to the caseload with their main home, where they live.
pub fn add_child(store: &Store, actor: &Actor, today: NaiveDate, new: &NewChild) -> Result<Intake> {
    let mut invalid: Vec<Invalid> = Vec::new();
    let child = new.child.validate(today).map_err(|e| invalid.push(e)).ok();
    let home = new.home.validate().map_err(|e| invalid.push(e)).ok();
    let practitioner = PRACTITIONER
        .clean(&new.named_practitioner)
        .map_err(|e| invalid.push(Invalid { errors: vec![e] }))
        .ok();
    let (Some(child), Some(home), Some(practitioner)) = (child, home, practitioner) else {
        return Err(join_invalid(invalid).into());
    };
    if let Some(id) = new.existing {
        // Someone recorded already (e.g. as another child of a parent): they join the
        // caseload at the home typed in; a child already on it is simply opened.
        if store.read(|r| r.caseload_entry(id))?.is_some() {
            return Ok(Intake::Added(id));
        }
        return store.write(actor, |w| {
            let home = w.add_household(&home)?;
            w.move_into(id, home, None, &child.provenance)?;
            w.add_to_caseload(id, Some(home), &practitioner)?;
            Ok(Intake::Added(id))
        });
    }
    if !new.not_a_duplicate {
        let matches = store.duplicates_for_new(actor, &child)?;
        if !matches.is_empty() {
            return Ok(Intake::PossibleDuplicates(matches));
        }
    }
    store.write(actor, |w| {
        let id = w.add_person(&child)?;
        let home = w.add_household(&home)?;
        w.move_into(id, home, child_start(&child), &child.provenance)?;
        w.add_to_caseload(id, Some(home), &practitioner)?;
        Ok(Intake::Added(id))
    })
}

fn child_start(child: &PersonDetails) -> Option<NaiveDate> {
    match child.birth {
        crate::person::Birth::Exact(d) => Some(d),
        _ => None,
    }
}

/// Every problem from several drafts, in form order.
fn join_invalid(parts: Vec<Invalid>) -> Invalid {
    Invalid {
        errors: parts.into_iter().flat_map(|i| i.errors).collect(),
    }
}

fn kind_from(code: &str) -> std::result::Result<RelationshipKind, FieldError> {
    RelationshipKind::from_code(code.trim()).ok_or_else(|| FieldError {
        field: "kind",
        message: if code.trim().is_empty() {
            "Choose how they are related".to_owned()
        } else {
            format!(
                "Choose how they are related from the list (\"{}\" is not one of the choices)",
                code.trim()
            )
        },
    })
}

fn answer_from(code: &str) -> std::result::Result<Answer, FieldError> {
    if code.trim().is_empty() {
        return Ok(Answer::NotKnown);
    }
    Answer::from_code(code.trim()).ok_or_else(|| FieldError {
        field: "parental_responsibility",
        message: format!(
            "Choose yes, no or not known for parental responsibility (\"{}\" is not one)",
            code.trim()
        ),
    })
}

struct CheckedWho {
    details: Option<PersonDetails>,
    existing: Option<PersonId>,
}

impl CheckedWho {
    /// For a new person the practitioner has not yet said is someone different: the
    /// records that may be the same person, as the answer to give instead of saving.
    fn possible_duplicates(
        &self,
        store: &Store,
        actor: &Actor,
        who: &Who,
    ) -> Result<Option<Intake>> {
        let (
            Some(details),
            Who::New {
                not_a_duplicate: false,
                ..
            },
        ) = (&self.details, who)
        else {
            return Ok(None);
        };
        let matches = store.duplicates_for_new(actor, details)?;
        Ok((!matches.is_empty()).then_some(Intake::PossibleDuplicates(matches)))
    }

    /// Adds the new person, or takes the existing one; with the source of what is recorded
    /// about them here (for someone already recorded, the practitioner's own linking).
    fn record(&self, w: &mut crate::store::Writer<'_>) -> Result<(PersonId, Provenance)> {
        match (&self.details, self.existing) {
            (Some(d), _) => Ok((w.add_person(d)?, d.provenance.clone())),
            (None, Some(id)) => Ok((
                id,
                Provenance {
                    source: crate::vocab::Source::Observed,
                    detail: String::new(),
                    confirmed_on: None,
                },
            )),
            (None, None) => Err(Error::invalid("given_name", "Enter the person's details")),
        }
    }
}

fn check_who(who: &Who, today: NaiveDate, problems: &mut Vec<Invalid>) -> CheckedWho {
    match who {
        Who::Existing(id) => CheckedWho {
            details: None,
            existing: Some(*id),
        },
        Who::New { person, .. } => match person.validate(today) {
            Ok(d) => CheckedWho {
                details: Some(d),
                existing: None,
            },
            Err(e) => {
                problems.push(e);
                CheckedWho {
                    details: None,
                    existing: None,
                }
            }
        },
    }
}

fn check_residence(
    residence: &Residence,
    problems: &mut Vec<Invalid>,
) -> Option<crate::household::HouseholdDetails> {
    match residence {
        Residence::Elsewhere(draft) => match draft.validate() {
            Ok(h) => Some(h),
            Err(e) => {
                problems.push(e);
                None
            }
        },
        Residence::WithChild | Residence::NotKnown => None,
    }
}

/// Adds someone to a child's network: the relationship, where they live and, if given, the
/// care they give the child.
pub fn add_member(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    new: &NewMember,
) -> Result<Intake> {
    let mut invalid: Vec<Invalid> = Vec::new();
    let who = check_who(&new.who, today, &mut invalid);
    let mut own = Problems::default();
    let kind = own.take(kind_from(&new.kind).map(Some), None);
    let pr = own.take(answer_from(&new.parental_responsibility), Answer::NotKnown);
    let since = own.take(
        crate::person::optional_past_date(SINCE, &new.since, today),
        None,
    );
    let elsewhere = check_residence(&new.residence, &mut invalid);
    let care = match &new.care {
        Some(c) => {
            let care_kind = own.take(
                CareKind::from_code(c.kind.trim())
                    .map(Some)
                    .ok_or_else(|| FieldError {
                        field: "care_kind",
                        message: "Choose what kind of care they give".to_owned(),
                    }),
                None,
            );
            let frequency = own.take(FREQUENCY.clean(&c.frequency), String::new());
            care_kind.map(|k| (k, frequency, c.at_carers_home))
        }
        None => None,
    };
    if let Err(e) = own.finish(()) {
        invalid.push(e);
    }
    if !invalid.is_empty() {
        return Err(join_invalid(invalid).into());
    }
    let Some(kind) = kind else {
        return Err(Error::invalid("kind", "Choose how they are related"));
    };
    if kind == RelationshipKind::Partner && new.partner_of.is_none() {
        return Err(Error::invalid(
            "kind",
            "Choose whose partner they are (for example the mother's partner)",
        ));
    }
    if let Some(ask) = who.possible_duplicates(store, actor, &new.who)? {
        return Ok(ask);
    }
    store.write(actor, |w| {
        let (id, provenance) = who.record(w)?;
        // A partner is linked to whose partner they are (checked above); everyone else to
        // the child.
        let to = match new.partner_of {
            Some(partner) if kind == RelationshipKind::Partner => partner,
            _ => new.child,
        };
        w.add_relationship(&NewRelationship {
            from: id,
            to,
            kind,
            parental_responsibility: kind.links_adult_to_child().then_some(pr),
            start_date: since,
            provenance: provenance.clone(),
        })?;
        let their_home = place(
            w,
            id,
            new.child,
            &new.residence,
            elsewhere.as_ref(),
            &provenance,
        )?;
        if let Some((care_kind, frequency, at_carers_home)) = care {
            let child_home = w.current_home_id(new.child)?;
            w.add_care_arrangement(&NewCareArrangement {
                child: new.child,
                carer: id,
                kind: care_kind,
                frequency,
                place: if at_carers_home {
                    their_home
                } else {
                    child_home
                },
                start_date: None,
                notes: String::new(),
                provenance,
            })?;
        }
        Ok(Intake::Added(id))
    })
}

/// Care that someone already in the network gives the child, recorded later (a grandmother
/// who starts babysitting, a father who starts having the baby overnight).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCare {
    pub child: PersonId,
    pub carer: PersonId,
    pub care: CareDraft,
    /// A [`crate::vocab::Source`] code: who said so.
    pub source: String,
}

/// Records care given by someone already in the network.
pub fn add_care(store: &Store, actor: &Actor, today: NaiveDate, new: &NewCare) -> Result<()> {
    let mut problems = Problems::default();
    let kind = problems.take(
        CareKind::from_code(new.care.kind.trim())
            .map(Some)
            .ok_or_else(|| FieldError {
                field: "care_kind",
                message: "Choose what kind of care they give".to_owned(),
            }),
        None,
    );
    let frequency = problems.take(FREQUENCY.clean(&new.care.frequency), String::new());
    let source = problems.take(
        crate::vocab::Source::from_code(new.source.trim())
            .map(Some)
            .ok_or_else(|| FieldError {
                field: "source",
                message: "Choose who told you about this care".to_owned(),
            }),
        None,
    );
    let (Some(kind), Some(source)) = problems.finish((kind, source))? else {
        return Err(Error::invalid(
            "care_kind",
            "Choose what kind of care they give",
        ));
    };
    store.write(actor, |w| {
        let place = if new.care.at_carers_home {
            w.current_home_id(new.carer)?
        } else {
            w.current_home_id(new.child)?
        };
        w.add_care_arrangement(&NewCareArrangement {
            child: new.child,
            carer: new.carer,
            kind,
            frequency,
            place,
            start_date: None,
            notes: String::new(),
            provenance: Provenance {
                source,
                detail: String::new(),
                confirmed_on: Some(today),
            },
        })?;
        Ok(())
    })
}

const ENDED_ON: TextField = TextField {
    field: "ended_on",
    label: "End date",
    max_chars: 20,
    multiline: false,
};

/// Ends a relationship on the date given (today when none is given); it stays on record.
pub fn end_relationship(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    id: crate::relationship::RelationshipId,
    ended_on: &str,
) -> Result<()> {
    let date = crate::person::optional_past_date(ENDED_ON, ended_on, today)
        .map_err(|e| Invalid { errors: vec![e] })?
        .unwrap_or(today);
    store.write(actor, |w| w.end_relationship(id, date))
}

/// A move to a new home: the old home stays in the record's history, ended today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHome {
    pub person: PersonId,
    pub home: HouseholdDraft,
    /// A [`crate::vocab::Source`] code: who said so.
    pub source: String,
}

/// Records that someone now lives somewhere else.
pub fn move_home(store: &Store, actor: &Actor, today: NaiveDate, new: &NewHome) -> Result<()> {
    let mut invalid: Vec<Invalid> = Vec::new();
    let home = new.home.validate().map_err(|e| invalid.push(e)).ok();
    let source = crate::vocab::Source::from_code(new.source.trim());
    if source.is_none() {
        invalid.push(Invalid {
            errors: vec![FieldError {
                field: "source",
                message: "Choose who told you about the move".to_owned(),
            }],
        });
    }
    let (Some(home), Some(source)) = (home, source) else {
        return Err(join_invalid(invalid).into());
    };
    store.write(actor, |w| {
        let id = w.add_household(&home)?;
        w.move_into(
            new.person,
            id,
            Some(today),
            &Provenance {
                source,
                detail: String::new(),
                confirmed_on: Some(today),
            },
        )?;
        w.move_main_home(new.person, id)
    })
}

/// "Do not tell `withheld_from` this about `subject`", as answered on a form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRestriction {
    pub subject: PersonId,
    pub withheld_from: PersonId,
    /// A [`crate::sharing::SharingFact`] code.
    pub fact: String,
    pub reason: String,
}

const REASON: TextField = TextField {
    field: "reason",
    label: "Reason",
    max_chars: 300,
    multiline: false,
};

/// Records a sharing restriction; packs and exports must honour it.
pub fn add_restriction(store: &Store, actor: &Actor, new: &NewRestriction) -> Result<()> {
    let mut problems = Problems::default();
    let fact = problems.take(
        crate::sharing::SharingFact::from_code(new.fact.trim())
            .map(Some)
            .ok_or_else(|| FieldError {
                field: "fact",
                message: "Choose what must not be shared".to_owned(),
            }),
        None,
    );
    let reason = problems.take(
        REASON.required(
            &new.reason,
            "Enter the reason, for example what the mother asked",
        ),
        String::new(),
    );
    let Some(fact) = problems.finish(fact)? else {
        return Err(Error::invalid("fact", "Choose what must not be shared"));
    };
    store.write(actor, |w| {
        w.add_sharing_restriction(new.subject, new.withheld_from, fact, &reason)?;
        Ok(())
    })
}

/// Adds another child of `parent` (not necessarily on the caseload).
pub fn add_other_child(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    new: &NewOtherChild,
) -> Result<Intake> {
    let mut invalid: Vec<Invalid> = Vec::new();
    let who = check_who(&new.who, today, &mut invalid);
    let mut own = Problems::default();
    let kind = own.take(
        kind_from(&new.kind).and_then(|k| {
            if k.is_parental() {
                Ok(Some(k))
            } else {
                Err(FieldError {
                    field: "kind",
                    message:
                        "Choose how the parent is related to this child (for example birth father)"
                            .to_owned(),
                })
            }
        }),
        None,
    );
    let elsewhere = check_residence(&new.residence, &mut invalid);
    if let Err(e) = own.finish(()) {
        invalid.push(e);
    }
    if !invalid.is_empty() {
        return Err(join_invalid(invalid).into());
    }
    let Some(kind) = kind else {
        return Err(Error::invalid("kind", "Choose how they are related"));
    };
    if let Some(ask) = who.possible_duplicates(store, actor, &new.who)? {
        return Ok(ask);
    }
    store.write(actor, |w| {
        let (id, provenance) = who.record(w)?;
        w.add_relationship(&NewRelationship {
            from: new.parent,
            to: id,
            kind,
            parental_responsibility: Some(Answer::NotKnown),
            start_date: None,
            provenance: provenance.clone(),
        })?;
        // "With the child" here means with this parent.
        place(
            w,
            id,
            new.parent,
            &new.residence,
            elsewhere.as_ref(),
            &provenance,
        )?;
        Ok(Intake::Added(id))
    })
}

/// Puts `person` where the form says they live; returns that home.
fn place(
    w: &mut crate::store::Writer<'_>,
    person: PersonId,
    lives_with: PersonId,
    residence: &Residence,
    elsewhere: Option<&crate::household::HouseholdDetails>,
    provenance: &Provenance,
) -> Result<Option<HouseholdId>> {
    match (residence, elsewhere) {
        (Residence::WithChild, _) => {
            let home = w.current_home_id(lives_with)?;
            if let Some(h) = home {
                w.move_into(person, h, None, provenance)?;
            }
            Ok(home)
        }
        (Residence::Elsewhere(_), Some(details)) => {
            let h = w.add_household(details)?;
            w.move_into(person, h, None, provenance)?;
            Ok(Some(h))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Role;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn nurse() -> Actor {
        Actor::new("Sam", Role::Practitioner)
    }

    fn draft(given: &str, sex: &str, born: &str) -> PersonDraft {
        PersonDraft {
            given_name: given.into(),
            family_name: "Brown".into(),
            sex: sex.into(),
            birth_date: born.into(),
            source: "mother".into(),
            ..Default::default()
        }
    }

    fn new_child(given: &str) -> NewChild {
        NewChild {
            child: draft(given, "male", "2026-09-27"),
            not_a_duplicate: false,
            existing: None,
            home: HouseholdDraft {
                address_lines: "12 Oak Road".into(),
                postcode: "NG1 1AA".into(),
                ..Default::default()
            },
            named_practitioner: "Sam".into(),
        }
    }

    fn added(i: Intake) -> PersonId {
        match i {
            Intake::Added(id) => id,
            Intake::PossibleDuplicates(m) => panic!("unexpected duplicates: {m:?}"),
        }
    }

    #[test]
    fn a_baby_mother_and_a_father_who_lives_elsewhere_with_overnight_stays() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
        let baby = added(add_child(&store, &nurse(), today(), &new_child("Kai")).unwrap());
        let mother = added(
            add_member(
                &store,
                &nurse(),
                today(),
                &NewMember {
                    child: baby,
                    who: Who::New {
                        person: Box::new(draft("Amy", "female", "1998-05-01")),
                        not_a_duplicate: false,
                    },
                    kind: "birth_mother".into(),
                    partner_of: None,
                    parental_responsibility: "yes".into(),
                    residence: Residence::WithChild,
                    care: None,
                    since: String::new(),
                },
            )
            .unwrap(),
        );
        let father = added(
            add_member(
                &store,
                &nurse(),
                today(),
                &NewMember {
                    child: baby,
                    who: Who::New {
                        person: Box::new(draft("Dean", "male", "1995-02-11")),
                        not_a_duplicate: false,
                    },
                    kind: "birth_father".into(),
                    partner_of: None,
                    parental_responsibility: "".into(),
                    residence: Residence::Elsewhere(HouseholdDraft {
                        address_lines: "Flat 3, 40 Mill Street".into(),
                        postcode: "NG7 2BB".into(),
                        ..Default::default()
                    }),
                    care: Some(CareDraft {
                        kind: "overnight".into(),
                        frequency: "Saturday nights".into(),
                        at_carers_home: true,
                    }),
                    since: "2026-10-01".into(),
                },
            )
            .unwrap(),
        );
        let lily = added(
            add_other_child(
                &store,
                &nurse(),
                today(),
                &NewOtherChild {
                    parent: father,
                    who: Who::New {
                        person: Box::new(draft("Lily", "female", "2021-06-30")),
                        not_a_duplicate: false,
                    },
                    kind: "birth_father".into(),
                    residence: Residence::NotKnown,
                },
            )
            .unwrap(),
        );
        let net = store.read(|r| r.family_network(baby)).unwrap();
        assert_eq!(
            net.at_main_home().map(|m| m.person.id).collect::<Vec<_>>(),
            [mother]
        );
        assert_eq!(
            net.elsewhere().map(|m| m.person.id).collect::<Vec<_>>(),
            [father]
        );
        let dad = net.member(father).unwrap();
        let since = dad.connections.iter().find_map(|c| match c {
            crate::family::Connection::Direct(r) => r.details.start_date,
            crate::family::Connection::ParentsPartner { .. } => None,
        });
        assert_eq!(
            since,
            NaiveDate::from_ymd_opt(2026, 10, 1),
            "the start date is kept"
        );
        assert_eq!(dad.other_children[0].person.id, lily);
        assert!(dad
            .home
            .as_ref()
            .unwrap()
            .details
            .summary()
            .contains("Mill Street"));
        let overnight: Vec<_> = net.overnight_away().collect();
        assert_eq!(overnight.len(), 1);
        assert_eq!(
            overnight[0].place.as_ref().map(|h| h.id),
            dad.home.as_ref().map(|h| h.id)
        );
    }

    #[test]
    fn care_recorded_later_and_its_mistakes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
        let baby = added(add_child(&store, &nurse(), today(), &new_child("Kai")).unwrap());
        let nan = added(
            add_member(
                &store,
                &nurse(),
                today(),
                &NewMember {
                    child: baby,
                    who: Who::New {
                        person: Box::new(draft("Pat", "female", "1970-01-01")),
                        not_a_duplicate: false,
                    },
                    kind: "grandparent".into(),
                    partner_of: None,
                    parental_responsibility: "no".into(),
                    residence: Residence::Elsewhere(HouseholdDraft {
                        postcode: "NG5 6DE".into(),
                        ..Default::default()
                    }),
                    care: None,
                    since: String::new(),
                },
            )
            .unwrap(),
        );
        let mut care = NewCare {
            child: baby,
            carer: nan,
            care: CareDraft {
                kind: "".into(),
                frequency: "x".repeat(201),
                at_carers_home: true,
            },
            source: "".into(),
        };
        let Error::Invalid(invalid) = add_care(&store, &nurse(), today(), &care).unwrap_err()
        else {
            panic!("expected invalid input")
        };
        let fields: Vec<_> = invalid.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["care_kind", "care_frequency", "source"]);
        care.care = CareDraft {
            kind: "overnight".into(),
            frequency: "Fridays".into(),
            at_carers_home: true,
        };
        care.source = "mother".into();
        add_care(&store, &nurse(), today(), &care).unwrap();
        let net = store.read(|r| r.family_network(baby)).unwrap();
        let away: Vec<_> = net.overnight_away().map(|c| c.carer.id).collect();
        assert_eq!(away, [nan]);

        let mut restriction = NewRestriction {
            subject: baby,
            withheld_from: nan,
            fact: "gossip".into(),
            reason: " ".into(),
        };
        let Error::Invalid(invalid) = add_restriction(&store, &nurse(), &restriction).unwrap_err()
        else {
            panic!("expected invalid input")
        };
        assert_eq!(invalid.errors.len(), 2);
        restriction.fact = "address".into();
        restriction.reason = "Court order".into();
        add_restriction(&store, &nurse(), &restriction).unwrap();
        let net = store.read(|r| r.family_network(baby)).unwrap();
        assert_eq!(net.restrictions[0].reason, "Court order");
    }

    #[test]
    fn a_relationship_ends_on_the_day_given_and_not_before_it_began() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
        let baby = added(add_child(&store, &nurse(), today(), &new_child("Kai")).unwrap());
        let nan = added(
            add_member(
                &store,
                &nurse(),
                today(),
                &NewMember {
                    child: baby,
                    who: Who::New {
                        person: Box::new(draft("Pat", "female", "1970-01-01")),
                        not_a_duplicate: false,
                    },
                    kind: "significant_adult".into(),
                    partner_of: None,
                    parental_responsibility: "no".into(),
                    residence: Residence::NotKnown,
                    care: None,
                    since: "2026-11-01".into(),
                },
            )
            .unwrap(),
        );
        let link = store.read(|r| r.relationships_of(nan)).unwrap()[0].id;
        for (typed, expect) in [
            ("2026-10-31", "before the relationship started"),
            ("2027-01-01", "cannot be in the future"),
            ("soon", "must be a real date"),
        ] {
            let err = end_relationship(&store, &nurse(), today(), link, typed).unwrap_err();
            assert!(err.to_string().contains(expect), "{typed}: {err}");
        }
        end_relationship(&store, &nurse(), today(), link, "20/11/2026").unwrap();
        let ended = store.read(|r| r.relationships_of(nan)).unwrap()[0].end_date;
        assert_eq!(ended, NaiveDate::from_ymd_opt(2026, 11, 20));
    }

    #[test]
    fn another_child_of_a_parent_can_join_the_caseload_as_the_same_record() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
        let baby = added(add_child(&store, &nurse(), today(), &new_child("Kai")).unwrap());
        let dad = added(
            add_member(
                &store,
                &nurse(),
                today(),
                &NewMember {
                    child: baby,
                    who: Who::New {
                        person: Box::new(draft("Dean", "male", "1995-02-11")),
                        not_a_duplicate: false,
                    },
                    kind: "birth_father".into(),
                    partner_of: None,
                    parental_responsibility: "".into(),
                    residence: Residence::NotKnown,
                    care: None,
                    since: String::new(),
                },
            )
            .unwrap(),
        );
        let lily = added(
            add_other_child(
                &store,
                &nurse(),
                today(),
                &NewOtherChild {
                    parent: dad,
                    who: Who::New {
                        person: Box::new(draft("Lily", "female", "2026-01-05")),
                        not_a_duplicate: false,
                    },
                    kind: "birth_father".into(),
                    residence: Residence::NotKnown,
                },
            )
            .unwrap(),
        );
        let mut lily_joins = new_child("Lily");
        lily_joins.child.birth_date = "2026-01-05".into();
        lily_joins.child.sex = "female".into();
        let Intake::PossibleDuplicates(matches) =
            add_child(&store, &nurse(), today(), &lily_joins).unwrap()
        else {
            panic!("Lily is already recorded")
        };
        assert_eq!(matches[0].person.id, lily);
        lily_joins.existing = Some(lily);
        assert_eq!(
            added(add_child(&store, &nurse(), today(), &lily_joins).unwrap()),
            lily
        );
        let on_caseload: Vec<PersonId> = store
            .read(|r| r.caseload())
            .unwrap()
            .iter()
            .map(|c| c.child.id)
            .collect();
        assert!(
            on_caseload.contains(&lily) && on_caseload.contains(&baby),
            "{on_caseload:?}"
        );
        let net = store.read(|r| r.family_network(lily)).unwrap();
        assert_eq!(
            net.member(dad).unwrap().roles(lily),
            "Birth father",
            "one father, two children"
        );
    }

    #[test]
    fn a_move_keeps_the_old_home_in_the_history() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
        let baby = added(add_child(&store, &nurse(), today(), &new_child("Kai")).unwrap());
        let mut new = NewHome {
            person: baby,
            home: HouseholdDraft {
                postcode: "NG1 1CA".into(),
                ..Default::default()
            },
            source: "".into(),
        };
        let Error::Invalid(invalid) = move_home(&store, &nurse(), today(), &new).unwrap_err()
        else {
            panic!("expected invalid input")
        };
        let fields: Vec<_> = invalid.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["postcode", "source"]);
        new.home.postcode = "NG2 3DE".into();
        new.source = "mother".into();
        move_home(&store, &nurse(), today(), &new).unwrap();
        let home = store.read(|r| r.current_home(baby)).unwrap().unwrap();
        assert_eq!(home.details.summary(), "NG2 3DE");
        let net = store.read(|r| r.family_network(baby)).unwrap();
        assert_eq!(
            net.main_home.unwrap().id,
            home.id,
            "a child's move changes their main home"
        );
        let actions: Vec<String> = store
            .read(|r| r.person_history(baby))
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
        assert_eq!(
            actions.iter().filter(|a| *a == "person.move").count(),
            2,
            "{actions:?}"
        );
    }

    #[test]
    fn a_likely_duplicate_is_asked_about_before_anything_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
        added(add_child(&store, &nurse(), today(), &new_child("Zoë")).unwrap());
        let again = add_child(&store, &nurse(), today(), &new_child("Zoe")).unwrap();
        let Intake::PossibleDuplicates(matches) = again else {
            panic!("expected a warning")
        };
        assert_eq!(matches[0].person.details.given_name, "Zoë");
        assert_eq!(
            store
                .read(|r| r.audit_events("person", None))
                .unwrap()
                .len(),
            3,
            "create, move in, caseload: the warning itself wrote nothing"
        );
        let mut sure = new_child("Zoe");
        sure.not_a_duplicate = true;
        added(add_child(&store, &nurse(), today(), &sure).unwrap());
    }

    #[test]
    fn every_problem_on_the_form_is_reported_and_nothing_is_saved() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
        let mut bad = new_child("Kai");
        bad.child.nhs_number = "943 476 5918".into();
        bad.home.postcode = "NG1 1CA".into();
        let err = add_child(&store, &nurse(), today(), &bad).unwrap_err();
        let Error::Invalid(invalid) = err else {
            panic!("expected invalid input")
        };
        let fields: Vec<_> = invalid.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["nhs_number", "postcode"]);
        assert!(store
            .read(|r| r.audit_events("person", None))
            .unwrap()
            .is_empty());
    }
}
