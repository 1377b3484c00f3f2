//! Following a family up: the use cases behind the gaps panel, the contact screen, the ranked
//! caseload and the supervision list. Reads go through `Store::view` (audited); changes
//! through `Store::write`, after every part of the input has been checked.

use chrono::NaiveDate;
use serde_json::json;

use crate::actor::Actor;
use crate::contact::{Contact, ContactDraft, ContactId, InvitationDraft};
use crate::error::{Error, Result};
use crate::family::FamilyNetwork;
use crate::gaps::{
    check_answer_fits, check_rule_reason, family_gaps, FamilyFacts, FamilyGaps, GapAnswerDraft,
    GapRule, GapSettings, GapSettingsDraft, Statement, StatementKind,
};
use crate::pack::PackGivenDraft;
use crate::person::{Person, PersonId};
use crate::store::{GapRecords, Reader, Seen, Store};
use crate::vocab::{Answer, Source};

/// One child's network with its gaps on a given day and the records the gaps read.
#[derive(Debug, Clone)]
pub struct FollowUp {
    pub network: FamilyNetwork,
    pub gaps: FamilyGaps,
    pub records: GapRecords,
    pub as_of: NaiveDate,
}

pub(crate) fn follow_up(
    r: &Reader<'_>,
    child: PersonId,
    settings: &GapSettings,
    as_of: NaiveDate,
) -> Result<FollowUp> {
    let network = r.family_network(child)?;
    let records = r.gap_records(child)?;
    let statements = r.statements_of(&people_shown(&network))?;
    let gaps = gaps_of(&network, &records, &statements, settings, as_of);
    Ok(FollowUp {
        network,
        gaps,
        records,
        as_of,
    })
}

/// The items dated on or before `as_of`: borrowed when that is all of them (the usual case,
/// today), copied otherwise.
fn up_to<T: Clone>(
    items: &[T],
    date: impl Fn(&T) -> NaiveDate,
    as_of: NaiveDate,
) -> std::borrow::Cow<'_, [T]> {
    if items.iter().all(|i| date(i) <= as_of) {
        std::borrow::Cow::Borrowed(items)
    } else {
        std::borrow::Cow::Owned(items.iter().filter(|i| date(i) <= as_of).cloned().collect())
    }
}

fn gaps_of(
    network: &FamilyNetwork,
    records: &GapRecords,
    statements: &[Statement],
    settings: &GapSettings,
    as_of: NaiveDate,
) -> FamilyGaps {
    // Records made after `as_of` did not exist yet on that day.
    let contacts = up_to(&records.contacts, |c| c.details.date, as_of);
    let invitations = up_to(&records.invitations, |i| i.offered_on, as_of);
    let packs = up_to(&records.packs, |p| p.sent_on, as_of);
    let statements = up_to(statements, |s| s.stated_on, as_of);
    let facts = FamilyFacts {
        network,
        contacts: &contacts,
        invitations: &invitations,
        packs: &packs,
        answers: &records.answers,
        statements: &statements,
    };
    family_gaps(&facts, settings, as_of)
}

pub(crate) fn people_shown(network: &FamilyNetwork) -> Vec<PersonId> {
    let mut people = vec![network.child.id];
    people.extend(network.members.iter().map(|m| m.person.id));
    people
}

/// A child's gaps on `as_of` (today, or the day of a contact), audited as a view.
pub fn view_gaps(
    store: &Store,
    actor: &Actor,
    child: PersonId,
    as_of: NaiveDate,
) -> Result<FollowUp> {
    store.view(actor, |r| {
        let settings = r.gap_settings()?;
        let f = follow_up(r, child, &settings, as_of)?;
        let seen = Seen {
            action: "gaps.view",
            record_kind: "view",
            record_id: Some(child.to_string()),
            people: people_shown(&f.network),
            detail: json!({ "open": f.gaps.open.len(), "as_of": as_of.to_string() }),
        };
        Ok((f, seen))
    })
}

/// One contact, with the family's gaps as they stood on the day of the contact.
pub fn view_contact(store: &Store, actor: &Actor, id: ContactId) -> Result<(Contact, FollowUp)> {
    store.view(actor, |r| {
        let contact = r.contact(id)?;
        let settings = r.gap_settings()?;
        let f = follow_up(r, contact.details.child, &settings, contact.details.date)?;
        let seen = Seen {
            action: "contact.view",
            record_kind: "view",
            record_id: Some(contact.details.child.to_string()),
            people: people_shown(&f.network),
            detail: json!({ "contact": id.0 }),
        };
        Ok(((contact, f), seen))
    })
}

/// Records a contact with a child's family. Everyone marked present must be in the child's
/// network.
pub fn record_contact(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    child: PersonId,
    draft: &ContactDraft,
) -> Result<ContactId> {
    let contact = draft.validate(child, today)?;
    let network = store.read(|r| r.family_network(child))?;
    if let Some(stranger) = contact
        .present
        .iter()
        .find(|p| network.member(**p).is_none() && **p != child)
    {
        return Err(Error::invalid(
            "present",
            format!("Person {stranger} is not in this child's family network"),
        ));
    }
    store.write(actor, |w| w.add_contact(&contact))
}

/// Records an answer to one of a child's gaps: asked, not obtained (with a date to ask again),
/// closed with a reason, or opened again. Given at a contact, it is dated on the contact's day.
pub fn answer_gap(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    child: PersonId,
    draft: &GapAnswerDraft,
) -> Result<()> {
    let answered_on = match draft.contact {
        Some(id) => {
            let contact = store
                .read(|r| r.contact(ContactId(id)))
                .map_err(|e| match e {
                    Error::NotFound { .. } => {
                        Error::invalid("contact", "That contact was not found")
                    }
                    other => other,
                })?;
            if contact.details.child != child {
                return Err(Error::invalid(
                    "contact",
                    "That contact is not with this child's family",
                ));
            }
            contact.details.date
        }
        None => today,
    };
    let answer = draft.validate(child, answered_on)?;
    let gaps = store.read(|r| {
        let settings = r.gap_settings()?;
        Ok(follow_up(r, child, &settings, answered_on)?.gaps)
    })?;
    check_answer_fits(&answer, &gaps)?;
    store
        .write(actor, |w| w.add_gap_answer(&answer))
        .map(|_| ())
}

fn in_network(store: &Store, child: PersonId, person: PersonId, field: &'static str) -> Result<()> {
    let network = store.read(|r| r.family_network(child))?;
    if network.member(person).is_none() {
        return Err(Error::invalid(
            field,
            "Choose someone in this child's family network",
        ));
    }
    Ok(())
}

/// Records leaflets given to someone in the child's network (the sent-log).
pub fn give_pack(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    child: PersonId,
    draft: &PackGivenDraft,
) -> Result<()> {
    let pack = draft.validate(child, today)?;
    in_network(store, child, pack.recipient, "recipient")?;
    store.write(actor, |w| w.add_pack_given(&pack)).map(|_| ())
}

/// Records an offer of a joint appointment or a phone call.
pub fn offer_contact(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    child: PersonId,
    draft: &InvitationDraft,
) -> Result<()> {
    let offer = draft.validate(child, today)?;
    in_network(store, child, offer.person, "person")?;
    store.write(actor, |w| w.add_invitation(&offer)).map(|_| ())
}

/// Records that someone's details were checked today with `source`.
pub fn confirm(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    child: PersonId,
    person: PersonId,
    source: &str,
) -> Result<()> {
    let source = Source::from_code(source)
        .ok_or_else(|| Error::invalid("source", "Choose who confirmed the details"))?;
    in_network(store, child, person, "person")?;
    store.write(actor, |w| w.confirm_details(child, person, source, today))
}

/// Records a stated "none" (`no_other_children`, or `does_not_care` about this child), said by
/// `source` today.
pub fn state_none(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    child: PersonId,
    person: PersonId,
    kind: &str,
    source: &str,
) -> Result<()> {
    let kind = StatementKind::from_code(kind).ok_or_else(|| {
        Error::invalid(
            "statement",
            format!("There is no statement called {kind:?}"),
        )
    })?;
    let source =
        Source::from_code(source).ok_or_else(|| Error::invalid("source", "Choose who told you"))?;
    in_network(store, child, person, "person")?;
    let statement = Statement {
        id: 0,
        person,
        child,
        kind,
        stated_on: today,
        source,
        recorded_by: String::new(),
    };
    store
        .write(actor, |w| w.add_statement(&statement))
        .map(|_| ())
}

/// Records whether a parent has parental responsibility.
pub fn set_responsibility(
    store: &Store,
    actor: &Actor,
    child: PersonId,
    parent: PersonId,
    answer: &str,
) -> Result<()> {
    let answer = match Answer::from_code(answer) {
        Some(a @ (Answer::Yes | Answer::No)) => a,
        _ => {
            return Err(Error::invalid(
                "parental_responsibility",
                "Choose yes or no",
            ))
        }
    };
    store.write(actor, |w| {
        w.set_parental_responsibility(child, parent, answer)
    })
}

/// Turns a rule off or on again, with the reason (admins only).
pub fn set_rule(
    store: &Store,
    actor: &Actor,
    rule: &str,
    enabled: bool,
    reason: &str,
) -> Result<()> {
    let rule = GapRule::from_code(rule)
        .ok_or_else(|| Error::invalid("rule", format!("There is no gap rule called {rule:?}")))?;
    let reason = check_rule_reason(reason)?;
    store.write(actor, |w| w.set_gap_rule(rule, enabled, &reason))
}

/// Saves how strict the rules are (admins only).
pub fn save_settings(
    store: &Store,
    actor: &Actor,
    draft: &GapSettingsDraft,
) -> Result<GapSettings> {
    let (months, asks) = draft.validate()?;
    store.write(actor, |w| w.save_gap_settings(months, asks))?;
    store.read(|r| r.gap_settings())
}

/// One family on the ranked caseload.
#[derive(Debug, Clone)]
pub struct CaseloadGaps {
    pub child: Person,
    pub named_practitioner: String,
    pub gaps: FamilyGaps,
    pub under_one: bool,
}

/// Every child on the caseload with their gaps, ranked by risk; `practitioner` keeps only
/// the children of one named practitioner.
pub fn caseload_gaps(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    practitioner: Option<&str>,
) -> Result<Vec<CaseloadGaps>> {
    let rows = ranked_caseload(store, today, practitioner)?;
    store.record_view(
        actor,
        &Seen {
            action: "caseload.gaps",
            record_kind: "caseload",
            record_id: None,
            people: people_in(&rows),
            detail: json!({ "children": rows.len(), "practitioner": practitioner }),
        },
    )?;
    Ok(rows)
}

/// Everyone a list of caseload rows names: each child and each person a gap is about.
fn people_in(rows: &[CaseloadGaps]) -> Vec<PersonId> {
    let mut people: Vec<PersonId> = Vec::new();
    for row in rows {
        people.push(row.child.id);
        people.extend(row.gaps.unresolved().filter_map(|g| g.missing.key.about));
    }
    people.sort();
    people.dedup();
    people
}

/// The caseload ranked, without the audit row (for callers that audit differently). The
/// networks and the records the rules read are read side by side, from the same moment of the
/// database ([`Store::map_caseload_networks_with`]).
pub fn ranked_caseload(
    store: &Store,
    today: NaiveDate,
    practitioner: Option<&str>,
) -> Result<Vec<CaseloadGaps>> {
    let no_records = GapRecords::default();
    let records = |r: &Reader<'_>| -> Result<_> {
        Ok((r.gap_settings()?, r.all_gap_records()?, r.all_statements()?))
    };
    let rows = store.map_caseload_networks_with(
        records,
        |network, (settings, all_records, all_statements)| {
            let named_practitioner = network
                .caseload
                .as_ref()
                .map(|c| c.named_practitioner.clone())
                .unwrap_or_default();
            if practitioner.is_some_and(|p| !p.eq_ignore_ascii_case(&named_practitioner)) {
                return Ok(None);
            }
            let records = all_records.get(&network.child.id).unwrap_or(&no_records);
            let statements: Vec<Statement> = people_shown(&network)
                .iter()
                .filter_map(|p| all_statements.get(p))
                .flatten()
                .cloned()
                .collect();
            let gaps = gaps_of(&network, records, &statements, settings, today);
            let under_one = network.child_under_one(today);
            Ok(Some(CaseloadGaps {
                child: network.child,
                named_practitioner,
                gaps,
                under_one,
            }))
        },
    )?;
    let mut rows: Vec<CaseloadGaps> = rows.into_iter().flatten().collect();
    rows.sort_by_cached_key(|row| row.rank_key());
    Ok(rows)
}

impl CaseloadGaps {
    /// The ranking: families with open gaps first; among them babies under one first; then an
    /// overnight carer who is not known or not informed, repeated failed asks, a revisit due
    /// today; then the youngest first.
    fn rank_key(
        &self,
    ) -> (
        bool,
        bool,
        bool,
        bool,
        bool,
        std::cmp::Reverse<Option<NaiveDate>>,
        PersonId,
    ) {
        let birth = match self.child.details.birth {
            crate::person::Birth::Exact(d) => Some(d),
            _ => None,
        };
        let repeated = self.gaps.repeatedly_asked().next().is_some();
        (
            self.gaps.open.is_empty() && !repeated,
            !self.under_one,
            !self.gaps.overnight_concern(),
            !repeated,
            !self.gaps.revisit_due(),
            std::cmp::Reverse(birth),
            self.child.id,
        )
    }
}

/// Families to discuss at supervision: a gap asked about again and again without an answer.
pub fn supervision(store: &Store, actor: &Actor, today: NaiveDate) -> Result<Vec<CaseloadGaps>> {
    let rows: Vec<CaseloadGaps> = ranked_caseload(store, today, None)?
        .into_iter()
        .filter(|row| row.gaps.repeatedly_asked().next().is_some())
        .collect();
    store.record_view(
        actor,
        &Seen {
            action: "supervision.view",
            record_kind: "caseload",
            record_id: None,
            people: people_in(&rows),
            detail: json!({ "children": rows.len() }),
        },
    )?;
    Ok(rows)
}

/// The rule settings with every rule, for the admin screen (anyone may read them).
pub fn rule_settings(store: &Store) -> Result<GapSettings> {
    store.read(|r| r.gap_settings())
}

#[cfg(test)]
mod tests;
