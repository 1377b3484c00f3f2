//! Contacts with a family (a clinic visit, a home visit, a phone call, a joint appointment):
//! when, and who was there. Gap prompts are shown at every contact, and an "asked, not
//! obtained" answer records the contact it was given at.

use chrono::NaiveDate;

use crate::error::{FieldError, Invalid, Problems};
use crate::person::{optional_past_date, PersonId};
use crate::text::TextField;
use crate::vocab::vocabulary;

vocabulary! {
    pub enum ContactKind {
        Clinic => ("clinic", "Clinic"),
        HomeVisit => ("home_visit", "Home visit"),
        Phone => ("phone", "Phone call"),
        JointAppointment => ("joint_appointment", "Joint appointment"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ContactId(pub i64);

/// A contact to record, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewContact {
    pub child: PersonId,
    pub kind: ContactKind,
    pub date: NaiveDate,
    /// People from the child's network who were there.
    pub present: Vec<PersonId>,
    /// Anyone else there, in words ("interpreter", "grandmother's friend").
    pub others_present: String,
    pub notes: String,
}

/// A contact as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub id: ContactId,
    pub details: NewContact,
    pub recorded_by: String,
}

/// A contact as typed into the form.
#[derive(Debug, Clone, Default)]
pub struct ContactDraft {
    pub kind: String,
    pub date: String,
    pub present: Vec<i64>,
    pub others_present: String,
    pub notes: String,
}

const DATE: TextField = TextField {
    field: "contact_date",
    label: "Date of the contact",
    max_chars: 20,
    multiline: false,
};
const OTHERS: TextField = TextField {
    field: "others_present",
    label: "Anyone else there",
    max_chars: 200,
    multiline: false,
};
const NOTES: TextField = TextField {
    field: "notes",
    label: "Notes",
    max_chars: 4000,
    multiline: true,
};

/// How far back a contact may be recorded: late entries happen, years-old ones are mistakes.
const OLDEST_DAYS: i64 = 366;

impl ContactDraft {
    /// Checks every field and reports every problem at once. Whether the people present
    /// belong to the child's network is checked by the store.
    pub fn validate(&self, child: PersonId, today: NaiveDate) -> Result<NewContact, Invalid> {
        let mut problems = Problems::default();
        let kind = problems.take(
            ContactKind::from_code(&self.kind).ok_or_else(|| FieldError {
                field: "kind",
                message: "Choose what kind of contact it was".into(),
            }),
            ContactKind::Clinic,
        );
        let date = match optional_past_date(DATE, &self.date, today) {
            Ok(Some(d)) if (today - d).num_days() > OLDEST_DAYS => {
                problems
                    .push(DATE.error("Date of the contact must be within the last year".into()));
                today
            }
            Ok(Some(d)) => d,
            Ok(None) => {
                problems.push(DATE.error("Enter the date of the contact".into()));
                today
            }
            Err(e) => {
                problems.push(e);
                today
            }
        };
        let others_present = problems.take(OTHERS.clean(&self.others_present), String::new());
        let notes = problems.take(NOTES.clean(&self.notes), String::new());
        let mut present: Vec<PersonId> = self.present.iter().map(|&id| PersonId(id)).collect();
        present.sort();
        present.dedup();
        problems.finish(NewContact {
            child,
            kind,
            date,
            present,
            others_present,
            notes,
        })
    }
}

vocabulary! {
    /// What was offered to someone who lives away from the child's main home.
    pub enum InvitationKind {
        JointAppointment => ("joint_appointment", "Joint appointment"),
        PhoneContact => ("phone_contact", "Phone call with the health visitor"),
    }
}

vocabulary! {
    pub enum InvitationResponse {
        Accepted => ("accepted", "Accepted"),
        Declined => ("declined", "Declined"),
        NoReply => ("no_reply", "No reply yet"),
    }
}

/// An offer of a joint appointment or a phone call, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invitation {
    pub id: i64,
    pub child: PersonId,
    pub person: PersonId,
    pub kind: InvitationKind,
    pub offered_on: NaiveDate,
    pub response: InvitationResponse,
    pub notes: String,
    pub recorded_by: String,
}

/// An offer as typed into the form.
#[derive(Debug, Clone, Default)]
pub struct InvitationDraft {
    pub person: i64,
    pub kind: String,
    pub offered_on: String,
    pub response: String,
    pub notes: String,
}

const OFFERED_ON: TextField = TextField {
    field: "offered_on",
    label: "Date offered",
    max_chars: 20,
    multiline: false,
};

impl InvitationDraft {
    pub fn validate(&self, child: PersonId, today: NaiveDate) -> Result<Invitation, Invalid> {
        let mut problems = Problems::default();
        let kind = problems.take(
            InvitationKind::from_code(&self.kind).ok_or_else(|| FieldError {
                field: "invitation_kind",
                message: "Choose what was offered".into(),
            }),
            InvitationKind::JointAppointment,
        );
        let offered_on = match optional_past_date(OFFERED_ON, &self.offered_on, today) {
            Ok(d) => d.unwrap_or(today),
            Err(e) => {
                problems.push(e);
                today
            }
        };
        let response = problems.take(
            InvitationResponse::from_code(&self.response).ok_or_else(|| FieldError {
                field: "response",
                message: "Choose how they answered".into(),
            }),
            InvitationResponse::NoReply,
        );
        let notes = problems.take(NOTES.clean(&self.notes), String::new());
        problems.finish(Invitation {
            id: 0,
            child,
            person: PersonId(self.person),
            kind,
            offered_on,
            response,
            notes,
            recorded_by: String::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    #[test]
    fn a_contact_needs_a_kind_and_a_date_that_has_happened() {
        let draft = ContactDraft {
            kind: "seance".into(),
            date: "2026-12-01".into(),
            ..ContactDraft::default()
        };
        let e = draft.validate(PersonId(1), today()).unwrap_err();
        assert!(e.message_for("kind").is_some());
        assert!(
            e.message_for("contact_date").unwrap().contains("future"),
            "{e}"
        );

        let e = ContactDraft {
            kind: "clinic".into(),
            ..ContactDraft::default()
        }
        .validate(PersonId(1), today())
        .unwrap_err();
        assert_eq!(
            e.message_for("contact_date"),
            Some("Enter the date of the contact")
        );

        let e = ContactDraft {
            kind: "clinic".into(),
            date: "2024-01-01".into(),
            ..ContactDraft::default()
        }
        .validate(PersonId(1), today())
        .unwrap_err();
        assert!(e.message_for("contact_date").unwrap().contains("last year"));
    }

    #[test]
    fn an_offer_needs_a_kind_and_an_answer_and_defaults_to_today() {
        let e = InvitationDraft {
            person: 2,
            ..InvitationDraft::default()
        }
        .validate(PersonId(1), today())
        .unwrap_err();
        assert!(e.message_for("invitation_kind").is_some());
        assert!(e.message_for("response").is_some());
        let ok = InvitationDraft {
            person: 2,
            kind: "phone_contact".into(),
            response: "no_reply".into(),
            ..InvitationDraft::default()
        }
        .validate(PersonId(1), today())
        .unwrap();
        assert_eq!(ok.offered_on, today());
        assert_eq!(ok.person, PersonId(2));
    }

    #[test]
    fn people_present_are_kept_once_each() {
        let c = ContactDraft {
            kind: "home_visit".into(),
            date: "29/11/2026".into(),
            present: vec![3, 2, 3],
            others_present: "  interpreter ".into(),
            notes: String::new(),
        }
        .validate(PersonId(1), today())
        .unwrap();
        assert_eq!(c.present, vec![PersonId(2), PersonId(3)]);
        assert_eq!(c.others_present, "interpreter");
        assert_eq!(c.kind, ContactKind::HomeVisit);
    }
}
