//! Leaflet packs for a parent or carer: which leaflets Kinfold suggests from the family
//! network, the pack document (built only from what the recipient may see), printing it, and
//! recording it in the sent-log so that the gap rules know the safety leaflets went out.

use chrono::NaiveDate;
use serde_json::json;

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::family::FamilyNetwork;
use crate::gaps::GapRule;
use crate::household::AddressStatus;
use crate::leaflets;
use crate::pack::{Leaflet, LeafletGiven, PackGiven, PackOptions, SendMethod};
use crate::person::{Birth, PersonId};
use crate::printing::{print_pack, PackDocument, Printed};
use crate::sharing::SharingFact;
use crate::store::{Seen, Store};
use crate::vocab::NameStatus;

/// The leaflets Kinfold suggests for `recipient` about the child: overnight care brings the
/// overnight checklist, safer sleep and crying; a baby under one brings feeding, crying and
/// holding; care away from the main home brings car seats; local support always.
pub fn suggest(network: &FamilyNetwork, recipient: PersonId, today: NaiveDate) -> Vec<Leaflet> {
    let home = network
        .member(recipient)
        .and_then(|m| m.home.as_ref().map(|h| h.id));
    let overnight = network.overnight_away().any(|c| {
        c.carer.id == recipient || (home.is_some() && c.place.as_ref().map(|p| p.id) == home)
    });
    // Any care of their own (daytime, babysitting or overnight) somewhere other than the main
    // home means the baby travels to them.
    let main_home = network.main_home.as_ref().map(|h| h.id);
    let away = overnight
        || network.care.iter().any(|c| {
            c.arrangement.end_date.is_none()
                && c.carer.id == recipient
                && (c.overnight_away || c.place.as_ref().is_some_and(|p| Some(p.id) != main_home))
        });
    let under_one = network.child_under_one(today);
    let mut wanted = Vec::new();
    if overnight {
        wanted.extend([
            Leaflet::OvernightChecklist,
            Leaflet::SaferSleep,
            Leaflet::Crying,
        ]);
    }
    if under_one {
        wanted.extend([Leaflet::Feeding, Leaflet::Crying, Leaflet::Handling]);
    }
    if away {
        wanted.push(Leaflet::CarSeats);
    }
    wanted.push(Leaflet::LocalSupport);
    Leaflet::ALL
        .iter()
        .copied()
        .filter(|l| wanted.contains(l))
        .collect()
}

/// What the practitioner chose for one pack.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackRequest {
    pub child: PersonId,
    pub recipient: PersonId,
    /// Empty means "what Kinfold suggests".
    pub leaflets: Vec<Leaflet>,
    pub large_print: bool,
    pub invitation: bool,
    /// Posting needs the recipient's address. `None`: by post when the address is known,
    /// otherwise by hand.
    pub method: Option<SendMethod>,
}

/// "9 weeks old", "5 months old".
fn age_words(birth: &Birth, today: NaiveDate) -> String {
    birth
        .age_text(today)
        .map(|a| format!("{a} old"))
        .unwrap_or_default()
}

/// The pack document for `request`, built from the network only through what the recipient
/// may see: their own name and address, the baby's first name, age and NHS number, and the
/// clinic's details. Nothing about any other adult or child is ever put in a pack; a
/// restriction on "everything" about the baby refuses the pack outright.
pub fn document(
    network: &FamilyNetwork,
    clinic: &crate::settings::ClinicSettings,
    request: &PackRequest,
    today: NaiveDate,
) -> Result<PackDocument> {
    let child = &network.child;
    let Some(member) = network.member(request.recipient) else {
        return Err(Error::invalid(
            "recipient",
            "Choose someone in this child's family network",
        ));
    };
    let who = &member.person.details;
    if who.deceased {
        return Err(Error::invalid("recipient", "This person has died"));
    }
    if who.name_status != NameStatus::Known {
        return Err(Error::invalid(
            "recipient",
            "Record this person's name before sending them a pack",
        ));
    }
    let barred = network.restrictions.iter().any(|r| {
        r.subject == child.id
            && r.withheld_from == request.recipient
            && r.fact == SharingFact::Everything
    });
    if barred {
        return Err(Error::invalid(
            "recipient",
            "This person must not be told anything about the child, so no pack can be made for them",
        ));
    }
    let address: Vec<String> = match &member.home {
        Some(h) if h.details.address_status == AddressStatus::Known => {
            let mut lines: Vec<String> = h
                .details
                .address_lines
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect();
            lines.extend(h.details.postcode.as_ref().map(ToString::to_string));
            lines
        }
        _ => Vec::new(),
    };
    if request.method == Some(SendMethod::Post) && address.is_empty() {
        return Err(Error::invalid(
            "method",
            "There is no address for this person, so the pack cannot be posted. Hand it over instead.",
        ));
    }
    let leaflets = if request.leaflets.is_empty() {
        suggest(network, request.recipient, today)
    } else {
        request.leaflets.clone()
    };
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let first_name = match child.details.name_status {
        NameStatus::Known if !child.details.known_as.is_empty() => child.details.known_as.clone(),
        NameStatus::Known => child.details.given_name.clone(),
        _ => "your baby".to_owned(),
    };
    Ok(PackDocument {
        printed_on: today,
        large_print: request.large_print,
        clinic_name: clinic.clinic_name.clone(),
        team_phone: clinic.team_phone.clone(),
        team_email: clinic.team_email.clone(),
        team_address: lines(&clinic.team_address),
        local_services: lines(&clinic.local_services),
        recipient_name: who.display_name(),
        recipient_address: address,
        baby_first_name: first_name,
        baby_age: age_words(&child.details.birth, today),
        baby_nhs_number: child.details.nhs_number.as_ref().map(|n| n.formatted()),
        leaflets,
        invitation: request.invitation,
    })
}

/// A pack made (printed to PDF).
#[derive(Debug, Clone)]
pub struct MadePack {
    pub printed: Printed,
    pub document: PackDocument,
    /// How it goes to the recipient.
    pub method: SendMethod,
}

/// Makes the pack for `request`. Making it shows the people it names, so it is audited as a
/// view; it is not in the sent-log until [`record_sent`] says it went out.
pub fn make(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    request: &PackRequest,
) -> Result<MadePack> {
    let clinic = store.read(|r| r.clinic_settings())?.ok_or_else(|| {
        Error::invalid(
            "clinic",
            "Enter the clinic's details in Settings first: every pack shows who to call",
        )
    })?;
    let (document, method) = store.view(actor, |r| {
        let network = r.family_network(request.child)?;
        let document = document(&network, &clinic, request, today)?;
        let method = request
            .method
            .unwrap_or(if document.recipient_address.is_empty() {
                SendMethod::ByHand
            } else {
                SendMethod::Post
            });
        let seen = Seen {
            action: "pack.make",
            record_kind: "view",
            record_id: Some(request.child.to_string()),
            people: vec![request.child, request.recipient],
            detail: json!({
                "recipient": request.recipient.0,
                "leaflets": document.leaflets.iter().map(|l| l.code()).collect::<Vec<_>>(),
                "large_print": document.large_print,
            }),
        };
        Ok(((document, method), seen))
    })?;
    let printed = print_pack(&document);
    Ok(MadePack {
        printed,
        document,
        method,
    })
}

/// Records a made pack in the sent-log, with each leaflet's version, so that the gap rules
/// know the leaflets went out. Returns the sent-log entry's id.
pub fn record_sent(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    request: &PackRequest,
    made: &MadePack,
) -> Result<i64> {
    let given = PackGiven {
        id: 0,
        child: request.child,
        recipient: request.recipient,
        sent_on: today,
        method: made.method,
        leaflets: made
            .document
            .leaflets
            .iter()
            .map(|&leaflet| LeafletGiven {
                leaflet,
                version: leaflets::text(leaflet).version.to_owned(),
            })
            .collect(),
        options: PackOptions {
            large_print: made.document.large_print,
            invitation: made.document.invitation,
            printed: true,
        },
        recorded_by: String::new(),
    };
    store.write(actor, |w| w.add_pack_given(&given))
}

/// What the pack screen offers for one recipient.
#[derive(Debug, Clone)]
pub struct PackChoice {
    pub recipient_name: String,
    pub child_name: String,
    /// Whether the pack can be posted (their address is known).
    pub has_address: bool,
    pub suggested: Vec<Leaflet>,
    /// The sent-log entry being printed again, when there is one.
    pub again: Option<PackGiven>,
}

/// A leaflet whose words have changed since it was given: a reprint has the new version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewerVersion {
    pub leaflet: Leaflet,
    pub given: String,
    pub now: &'static str,
}

impl PackChoice {
    /// Leaflets of the entry printed again whose version has changed since.
    pub fn newer_versions(&self) -> Vec<NewerVersion> {
        self.again
            .iter()
            .flat_map(|p| &p.leaflets)
            .filter_map(|l| {
                let now = leaflets::text(l.leaflet).version;
                (!l.version.is_empty() && l.version != now).then(|| NewerVersion {
                    leaflet: l.leaflet,
                    given: l.version.clone(),
                    now,
                })
            })
            .collect()
    }
}

/// The choices for a pack for `recipient` about `child`, audited as a view of them both.
/// `again` names a sent-log entry for them about this child, to print it again: the same
/// leaflets and options, for the address they have now.
pub fn choice(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    child: PersonId,
    recipient: PersonId,
    again: Option<i64>,
) -> Result<PackChoice> {
    store.view(actor, |r| {
        let network = r.family_network(child)?;
        let member = network.member(recipient).ok_or_else(|| {
            Error::invalid("recipient", "Choose someone in this child's family network")
        })?;
        let again = match again {
            None => None,
            Some(id) => Some(
                r.gap_records(child)?
                    .packs
                    .into_iter()
                    .find(|p| p.id == id && p.recipient == recipient)
                    .ok_or_else(|| {
                        Error::invalid(
                            "again",
                            "That pack was not given to this person about this child",
                        )
                    })?,
            ),
        };
        let has_address = member
            .home
            .as_ref()
            .is_some_and(|h| h.details.address_status == AddressStatus::Known);
        let choice = PackChoice {
            recipient_name: member.person.details.display_name(),
            child_name: network.child.details.display_name(),
            has_address,
            suggested: suggest(&network, recipient, today),
            again,
        };
        let seen = Seen {
            action: "pack.choose",
            record_kind: "view",
            record_id: Some(child.to_string()),
            people: vec![child, recipient],
            detail: json!({ "recipient": recipient.0, "again": choice.again.as_ref().map(|p| p.id) }),
        };
        Ok((choice, seen))
    })
}

/// Everyone due a safety pack: each adult with an open "safety leaflets" gap, by child.
pub fn due(store: &Store, actor: &Actor, today: NaiveDate) -> Result<Vec<(PersonId, PersonId)>> {
    Ok(due_with_names(store, actor, today)?
        .into_iter()
        .map(|d| (d.child, d.recipient))
        .collect())
}

/// A safety pack that is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub child: PersonId,
    pub child_name: String,
    pub recipient: PersonId,
    /// "Dean Brown (Birth father)".
    pub recipient_name: String,
}

/// Every safety pack that is due, with names for the screen.
pub fn due_with_names(store: &Store, actor: &Actor, today: NaiveDate) -> Result<Vec<Due>> {
    let rows = crate::followup::caseload_gaps(store, actor, today, None)?;
    let mut out = Vec::new();
    for row in rows {
        for gap in row.gaps.unresolved() {
            if gap.missing.key.rule == GapRule::OvernightSafetyPack {
                if let Some(about) = gap.missing.key.about {
                    out.push(Due {
                        child: row.child.id,
                        child_name: row.child.details.display_name(),
                        recipient: about,
                        recipient_name: gap.missing.about_name.clone().unwrap_or_default(),
                    });
                }
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
