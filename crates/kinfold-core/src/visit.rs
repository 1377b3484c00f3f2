//! The practitioner's visit checklist for one child: what is known about the family, what must
//! not be shared with whom, the open gaps (most serious first, with why we ask and how often
//! it has been asked), the leaflets given, and room for notes. It names everyone in the
//! network, so making it is audited as a view of them all.

use chrono::NaiveDate;
use serde_json::json;

use crate::actor::Actor;
use crate::error::Result;
use crate::followup::{follow_up, people_shown, FollowUp};
use crate::gaps::{AnswerKind, GapState};
use crate::household::Household;
use crate::person::{format_date, Person, PersonId};
use crate::printing::{print_checklist, ChecklistDocument, ChecklistGap, ChecklistPerson, Printed};
use crate::sharing::SharingFact;
use crate::store::{Seen, Store};

/// A made checklist: what it says, and the printed pages.
#[derive(Debug, Clone)]
pub struct VisitChecklist {
    pub child: PersonId,
    /// Everyone it names.
    pub people: Vec<PersonId>,
    pub document: ChecklistDocument,
    pub printed: Printed,
}

/// Makes the visit checklist for `child` as it stands on `today`, audited as a view of
/// everyone it names.
pub fn checklist(
    store: &Store,
    actor: &Actor,
    child: PersonId,
    today: NaiveDate,
) -> Result<VisitChecklist> {
    let clinic = store.read(|r| r.clinic_settings())?;
    let (document, people) = store.view(actor, |r| {
        let settings = r.gap_settings()?;
        let f = follow_up(r, child, &settings, today)?;
        let clinic_name = clinic.as_ref().map_or("", |c| c.clinic_name.as_str());
        let document = document(&f, clinic_name, &actor.name, today);
        // The other children are named too.
        let mut people = people_shown(&f.network);
        for m in &f.network.members {
            people.extend(m.other_children.iter().map(|o| o.person.id));
        }
        people.sort_unstable();
        people.dedup();
        let seen = Seen {
            action: "checklist.print",
            record_kind: "view",
            record_id: Some(child.to_string()),
            people: people.clone(),
            detail: json!({ "open_gaps": document.gaps.len() }),
        };
        Ok(((document, people), seen))
    })?;
    let printed = print_checklist(&document);
    Ok(VisitChecklist {
        child,
        people,
        document,
        printed,
    })
}

fn or_not_recorded(text: &str) -> String {
    if text.trim().is_empty() {
        "Not recorded".to_owned()
    } else {
        text.to_owned()
    }
}

fn born(person: &Person, today: NaiveDate) -> String {
    let birth = &person.details.birth;
    match birth.age_text(today) {
        Some(age) => format!("{} ({age} old)", birth.text()),
        None => birth.text(),
    }
}

fn place(home: Option<&Household>) -> String {
    home.map_or_else(|| "Not recorded".to_owned(), |h| h.details.summary())
}

/// The checklist's words for one child's follow-up, written by `printed_by` on `today`.
pub fn document(
    f: &FollowUp,
    clinic_name: &str,
    printed_by: &str,
    today: NaiveDate,
) -> ChecklistDocument {
    let network = &f.network;
    let child = &network.child;
    let child_name = child.details.display_name();
    let name_of = |id: PersonId| -> String {
        if id == child.id {
            child_name.clone()
        } else {
            network.member(id).map_or_else(
                || format!("person {id}"),
                |m| m.person.details.display_name(),
            )
        }
    };
    let main_home = network.main_home.as_ref().map(|h| h.id);
    let where_care = |home: Option<&Household>| match home {
        Some(h) if Some(h.id) == main_home => "at the main home".to_owned(),
        Some(h) => format!("at {}", h.details.summary()),
        None => "somewhere not recorded".to_owned(),
    };
    let overnight = network
        .overnight_away()
        .map(|c| {
            format!(
                "{} ({}): {}, {}",
                c.carer.details.display_name(),
                network
                    .member(c.carer.id)
                    .map(|m| m.roles(child.id))
                    .unwrap_or_default(),
                or_not_recorded(&c.arrangement.details.frequency),
                where_care(c.place.as_ref())
            )
        })
        .collect();
    let cautions = network
        .restrictions
        .iter()
        .map(|r| {
            let what = match r.fact {
                SharingFact::Everything => format!("anything about {}", name_of(r.subject)),
                fact => format!("{}'s {}", name_of(r.subject), fact.label().to_lowercase()),
            };
            let reason = if r.reason.is_empty() {
                String::new()
            } else {
                format!(" Reason: {}", r.reason)
            };
            format!("Do not tell {} {what}.{reason}", name_of(r.withheld_from))
        })
        .collect();
    let people = network
        .members
        .iter()
        .filter(|m| m.connections.iter().any(|c| c.is_current()))
        .map(|m| {
            let parent = m.connections.iter().any(|c| {
                matches!(c, crate::family::Connection::Direct(r)
                    if r.is_current() && r.details.kind.is_parental())
            });
            ChecklistPerson {
                name: m.person.details.display_name(),
                roles: m.roles(child.id),
                lives: if m.lives_with_child {
                    format!("With {child_name}")
                } else {
                    place(m.home.as_ref())
                },
                born: born(&m.person, today),
                phone: or_not_recorded(&m.person.details.phone),
                care: network
                    .care
                    .iter()
                    .filter(|c| c.carer.id == m.person.id && c.arrangement.end_date.is_none())
                    .map(|c| {
                        format!(
                            "{}: {}, {}",
                            c.arrangement.details.kind.label(),
                            or_not_recorded(&c.arrangement.details.frequency),
                            where_care(c.place.as_ref())
                        )
                    })
                    .collect(),
                responsibility: if parent {
                    m.parental_responsibility
                        .map_or("Not recorded", |a| a.label())
                        .to_owned()
                } else {
                    String::new()
                },
                other_children: m
                    .other_children
                    .iter()
                    .map(|o| {
                        let age = o
                            .person
                            .details
                            .birth
                            .age_text(today)
                            .map(|a| format!(", {a}"))
                            .unwrap_or_default();
                        format!(
                            "{}{age}, lives {}",
                            o.person.details.display_name(),
                            match &o.home {
                                Some(h) if Some(h.id) == main_home => "at the main home".to_owned(),
                                home => format!("at {}", place(home.as_ref())),
                            }
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    let gaps = f
        .gaps
        .unresolved()
        .map(|g| {
            let m = &g.missing;
            let question = match &m.about_name {
                Some(name) => format!("{}: {name}", m.title),
                None => m.title.clone(),
            };
            let last_ask = g.history.iter().rev().find(|a| a.kind == AnswerKind::Asked);
            let mut history = match (g.failed_asks, last_ask) {
                (0, _) | (_, None) => String::new(),
                (n, Some(a)) => format!(
                    "Asked {n} time{} without an answer, last on {}{}",
                    if n == 1 { "" } else { "s" },
                    format_date(a.answered_on),
                    a.outcome
                        .map(|o| format!(": {}", o.label().to_lowercase()))
                        .unwrap_or_default()
                ),
            };
            if let Some(words) = last_ask.map(|a| a.words.as_str()).filter(|w| !w.is_empty()) {
                history.push_str(&format!(" (they said: \u{201c}{words}\u{201d})"));
            }
            if let GapState::Quiet { until } = g.state {
                history.push_str(&format!(". Due to ask again from {}", format_date(until)));
            }
            ChecklistGap {
                question,
                severity: m.severity.label().to_owned(),
                why_we_ask: m.key.rule.why_we_ask().to_owned(),
                history: history.trim_start_matches(". ").to_owned(),
            }
        })
        .collect();
    let leaflets_given = f
        .records
        .packs
        .iter()
        .map(|p| {
            format!(
                "{}: {}, {}: {}",
                format_date(p.sent_on),
                name_of(p.recipient),
                p.method.label().to_lowercase(),
                p.leaflets
                    .iter()
                    .map(|l| l.describe())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
        .collect();
    ChecklistDocument {
        printed_on: today,
        printed_by: printed_by.to_owned(),
        clinic_name: or_not_recorded(clinic_name),
        child_name: child_name.clone(),
        child_born: born(child, today),
        child_nhs_number: child
            .details
            .nhs_number
            .as_ref()
            .map_or_else(|| "Not recorded".to_owned(), |n| n.formatted()),
        main_home: place(network.main_home.as_ref()),
        named_practitioner: or_not_recorded(
            network
                .caseload
                .as_ref()
                .map_or("", |c| c.named_practitioner.as_str()),
        ),
        overnight,
        cautions,
        people,
        gaps,
        leaflets_given,
    }
}

#[cfg(test)]
mod tests;
