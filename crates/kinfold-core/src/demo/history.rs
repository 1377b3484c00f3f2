//! The follow-up history of a demonstration caseload: contacts from pregnancy until today,
//! gaps asked about and not answered (with the parent's words and a date to ask again), a few
//! asked again and again, some closed with a reason, safety leaflets and offers for some
//! overnight carers, and stated "none" answers. It is made from the gaps the rules find on
//! the day, so every answer fits a gap that is there.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::{SplitMix64, FAMILIES_PER_TRANSACTION};
use crate::actor::Actor;
use crate::contact::{
    ContactId, ContactKind, Invitation, InvitationKind, InvitationResponse, NewContact,
};
use crate::error::Result;
use crate::family::{Connection, FamilyNetwork};
use crate::gaps::{AnswerKind, AskOutcome, GapAnswer, GapRule, Statement, StatementKind};
use crate::leaflets;
use crate::pack::{LeafletGiven, PackGiven, PackOptions, SendMethod, SAFETY_PACK};
use crate::person::{Birth, PersonId};
use crate::relationship::RelationshipKind;
use crate::store::{Store, Writer};
use crate::vocab::{NameStatus, Source};

/// What a parent said when they did not give the information (made up for the demo).
const WORDS: &[&str] = &[
    "Said she would rather not say today",
    "He does not want to give it out",
    "Not sure, will ask him",
    "Said it is none of our business",
    "Worried it will be passed on",
    "Will bring it next time",
    "",
];

const CLOSED: &[&str] = &[
    "Children's social care hold this; recorded with them",
    "Parent has moved abroad; no contact expected",
];

/// What the history added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HistorySummary {
    pub contacts: u32,
    pub answers: u32,
    pub packs: u32,
    pub offers: u32,
    pub statements: u32,
}

/// One family's history, worked out before anything is written.
struct Plan {
    contacts: Vec<NewContact>,
    /// Answers, each with the index of the contact it was given at.
    answers: Vec<(usize, GapAnswer)>,
    packs: Vec<PackGiven>,
    offers: Vec<Invitation>,
    statements: Vec<Statement>,
}

fn parent(network: &FamilyNetwork, kind: RelationshipKind) -> Option<PersonId> {
    let child = network.child.id;
    network
        .members
        .iter()
        .find(|m| {
            m.connections.iter().any(|c| {
                matches!(c, Connection::Direct(r) if r.details.to == child && r.details.kind == kind)
            })
        })
        .map(|m| m.person.id)
}

fn plus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

fn minus(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

/// Adds a history to each of `children` (babies on the caseload), from `seed`.
pub(super) fn add(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    seed: u64,
    children: &[PersonId],
) -> Result<HistorySummary> {
    // Nothing else writes while a demo caseload is made, so two reads see the same thing.
    let networks = store.read(|r| r.family_networks(children))?;
    let ranked = crate::followup::ranked_caseload(store, today, None)?;
    let gaps: HashMap<PersonId, crate::gaps::FamilyGaps> = ranked
        .into_iter()
        .map(|row| (row.child.id, row.gaps))
        .collect();
    let mut rng = SplitMix64::new(seed ^ 0x004B_494E_464F_4C44);
    let mut plans = Vec::with_capacity(networks.len());
    for network in &networks {
        if let Some(gaps) = gaps.get(&network.child.id) {
            plans.push(plan(&mut rng, network, gaps, today));
        }
    }
    let mut summary = HistorySummary::default();
    for batch in plans.chunks(FAMILIES_PER_TRANSACTION as usize) {
        store.write(actor, |w| {
            for p in batch {
                write(w, p, &mut summary)?;
            }
            Ok(())
        })?;
    }
    Ok(summary)
}

fn plan(
    rng: &mut SplitMix64,
    network: &FamilyNetwork,
    gaps: &crate::gaps::FamilyGaps,
    today: NaiveDate,
) -> Plan {
    let child = network.child.id;
    let born = match network.child.details.birth {
        Birth::Exact(d) => d,
        _ => today,
    };
    let mother = parent(network, RelationshipKind::BirthMother);
    let father = parent(network, RelationshipKind::BirthFather);
    let father_at_home =
        father.is_some_and(|f| network.member(f).is_some_and(|m| m.lives_with_child));

    // Contacts from the booking visit in pregnancy (up to seven months before the birth)
    // until today, every three weeks to three months.
    let mut contacts = Vec::new();
    let mut day = minus(born, 60 + rng.below(150));
    let mut first = true;
    while day <= today {
        let kind = if first {
            ContactKind::HomeVisit
        } else {
            match rng.below(100) {
                0..=39 => ContactKind::Clinic,
                40..=69 => ContactKind::HomeVisit,
                70..=94 => ContactKind::Phone,
                _ => ContactKind::JointAppointment,
            }
        };
        let mut present: Vec<PersonId> = mother.into_iter().collect();
        if day >= born && kind != ContactKind::Phone {
            present.push(child);
        }
        if let Some(f) = father {
            let with_father = kind == ContactKind::JointAppointment
                || (father_at_home && rng.chance(50))
                || rng.chance(10);
            let named = network
                .member(f)
                .is_some_and(|m| m.person.details.name_status == NameStatus::Known);
            if with_father && named {
                present.push(f);
            }
        }
        present.sort();
        present.dedup();
        contacts.push(NewContact {
            child,
            kind,
            date: day,
            present,
            others_present: String::new(),
            notes: String::new(),
        });
        first = false;
        day = plus(day, 21 + rng.below(70));
    }

    let mut answers = Vec::new();
    let mut packs = Vec::new();
    let mut offers = Vec::new();
    let mut statements = Vec::new();
    // A contact on or after `from`, if there is one.
    let at_contact = |rng: &mut SplitMix64, from: NaiveDate| -> Option<usize> {
        let later: Vec<usize> = (0..contacts.len())
            .filter(|&i| contacts[i].date >= from)
            .collect();
        rng.pick(&later)
    };
    for gap in &gaps.open {
        let key = gap.missing.key;
        match key.rule {
            GapRule::OvernightSafetyPack => {
                if let (Some(about), true) = (key.about, rng.chance(45)) {
                    if let Some(i) = at_contact(rng, born) {
                        packs.push(PackGiven {
                            id: 0,
                            child,
                            recipient: about,
                            sent_on: contacts[i].date,
                            method: if rng.chance(50) {
                                SendMethod::Post
                            } else {
                                SendMethod::ByHand
                            },
                            leaflets: SAFETY_PACK
                                .iter()
                                .map(|&leaflet| LeafletGiven {
                                    leaflet,
                                    version: leaflets::text(leaflet).version.to_owned(),
                                })
                                .collect(),
                            options: PackOptions {
                                printed: true,
                                large_print: rng.chance(10),
                                invitation: rng.chance(50),
                            },
                            recorded_by: String::new(),
                        });
                    }
                }
            }
            GapRule::OvernightJointContact => {
                if let (Some(about), true) = (key.about, rng.chance(35)) {
                    if let Some(i) = at_contact(rng, born) {
                        offers.push(Invitation {
                            id: 0,
                            child,
                            person: about,
                            kind: if rng.chance(50) {
                                InvitationKind::JointAppointment
                            } else {
                                InvitationKind::PhoneContact
                            },
                            offered_on: contacts[i].date,
                            response: match rng.below(3) {
                                0 => InvitationResponse::Accepted,
                                1 => InvitationResponse::Declined,
                                _ => InvitationResponse::NoReply,
                            },
                            notes: String::new(),
                            recorded_by: String::new(),
                        });
                    }
                }
            }
            GapRule::OtherChildren if rng.chance(25) => {
                if let (Some(about), Some(i)) = (key.about, at_contact(rng, minus(today, 365))) {
                    statements.push(Statement {
                        id: 0,
                        person: about,
                        child,
                        kind: StatementKind::NoOtherChildren,
                        stated_on: contacts[i].date,
                        source: if Some(about) == mother {
                            Source::Mother
                        } else {
                            Source::Father
                        },
                        recorded_by: String::new(),
                    });
                }
            }
            _ => {
                let roll = rng.below(100);
                if roll < 4 {
                    if let Some(i) = at_contact(rng, minus(today, 120)) {
                        answers.push((
                            i,
                            GapAnswer {
                                id: 0,
                                key,
                                kind: AnswerKind::Closed,
                                outcome: None,
                                words: rng.pick(CLOSED).unwrap_or_default().to_owned(),
                                revisit_on: None,
                                contact: None,
                                answered_on: contacts[i].date,
                                recorded_by: String::new(),
                            },
                        ));
                    }
                } else if roll < 34 {
                    // Asked once, or (now and then) again and again.
                    let asks = if rng.chance(15) { 3 } else { 1 };
                    let mut from = minus(today, 240);
                    for _ in 0..asks {
                        let Some(i) = at_contact(rng, from) else {
                            break;
                        };
                        let on = contacts[i].date;
                        let outcome = match rng.below(10) {
                            0..=4 => AskOutcome::Declined,
                            5..=7 => AskOutcome::DoesNotKnow,
                            8 => AskOutcome::NoOpportunity,
                            _ => AskOutcome::NotSafe,
                        };
                        answers.push((
                            i,
                            GapAnswer {
                                id: 0,
                                key,
                                kind: AnswerKind::Asked,
                                outcome: Some(outcome),
                                words: rng.pick(WORDS).unwrap_or_default().to_owned(),
                                revisit_on: Some(plus(on, 14 + rng.below(76))),
                                contact: None,
                                answered_on: on,
                                recorded_by: String::new(),
                            },
                        ));
                        from = plus(on, 1);
                    }
                }
            }
        }
    }
    Plan {
        contacts,
        answers,
        packs,
        offers,
        statements,
    }
}

fn write(w: &mut Writer<'_>, plan: &Plan, summary: &mut HistorySummary) -> Result<()> {
    let mut ids: Vec<ContactId> = Vec::with_capacity(plan.contacts.len());
    for c in &plan.contacts {
        ids.push(w.add_contact(c)?);
        summary.contacts += 1;
    }
    for (i, a) in &plan.answers {
        let mut a = a.clone();
        a.contact = ids.get(*i).copied();
        w.add_gap_answer(&a)?;
        summary.answers += 1;
    }
    for p in &plan.packs {
        w.add_pack_given(p)?;
        summary.packs += 1;
    }
    for o in &plan.offers {
        w.add_invitation(o)?;
        summary.offers += 1;
    }
    for s in &plan.statements {
        w.add_statement(s)?;
        summary.statements += 1;
    }
    Ok(())
}
