//! Leaflet packs given to parents and carers: which leaflets, to whom, about which child, when
//! and how. This sent-log is what the gap rules read to know whether an overnight carer has
//! had the safety leaflets.

use chrono::NaiveDate;

use crate::error::{FieldError, Invalid, Problems};
use crate::person::{optional_past_date, PersonId};
use crate::text::TextField;
use crate::vocab::vocabulary;

vocabulary! {
    /// The leaflets Kinfold knows about, by topic.
    pub enum Leaflet {
        OvernightChecklist => ("overnight_checklist", "Overnight-stay checklist"),
        SaferSleep => ("safer_sleep", "Safer sleep"),
        Crying => ("crying", "Coping with crying"),
        Handling => ("handling", "Holding and handling"),
        Feeding => ("feeding", "Feeding"),
        CarSeats => ("car_seats", "Car seats"),
        LocalSupport => ("local_support", "Local support"),
    }
}

/// What everyone who has the baby overnight away from the main home should have been given.
pub const SAFETY_PACK: &[Leaflet] = &[
    Leaflet::OvernightChecklist,
    Leaflet::SaferSleep,
    Leaflet::Crying,
];

vocabulary! {
    pub enum SendMethod {
        Post => ("post", "By post"),
        ByHand => ("by_hand", "By hand"),
        AtAppointment => ("at_appointment", "At an appointment"),
    }
}

/// One leaflet in a pack, with the version given ("" when it was not printed by Kinfold, for
/// example a printed leaflet handed over at a visit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeafletGiven {
    pub leaflet: Leaflet,
    pub version: String,
}

impl LeafletGiven {
    /// "Safer sleep (version 1)", or the title alone when it was not printed by Kinfold.
    pub fn describe(&self) -> String {
        if self.version.is_empty() {
            self.leaflet.label().to_owned()
        } else {
            format!("{} (version {})", self.leaflet.label(), self.version)
        }
    }
}

/// How a pack in the sent-log was made.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PackOptions {
    /// Printed by Kinfold (not leaflets from elsewhere handed over), so it can be printed
    /// again.
    pub printed: bool,
    pub large_print: bool,
    pub invitation: bool,
}

/// One entry of the sent-log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackGiven {
    pub id: i64,
    pub child: PersonId,
    pub recipient: PersonId,
    pub sent_on: NaiveDate,
    pub method: SendMethod,
    pub leaflets: Vec<LeafletGiven>,
    pub options: PackOptions,
    pub recorded_by: String,
}

impl PackGiven {
    pub fn includes(&self, leaflet: Leaflet) -> bool {
        self.leaflets.iter().any(|l| l.leaflet == leaflet)
    }
}

/// Whether `recipient` has been given every safety leaflet about `child`, over one or more
/// packs.
pub fn has_safety_pack(packs: &[PackGiven], child: PersonId, recipient: PersonId) -> bool {
    SAFETY_PACK.iter().all(|&leaflet| {
        packs
            .iter()
            .any(|p| p.child == child && p.recipient == recipient && p.includes(leaflet))
    })
}

/// Leaflets given by hand or sent, as typed into the form.
#[derive(Debug, Clone, Default)]
pub struct PackGivenDraft {
    pub recipient: i64,
    pub sent_on: String,
    pub method: String,
    pub leaflets: Vec<String>,
}

const SENT_ON: TextField = TextField {
    field: "sent_on",
    label: "Date given",
    max_chars: 20,
    multiline: false,
};

impl PackGivenDraft {
    pub fn validate(&self, child: PersonId, today: NaiveDate) -> Result<PackGiven, Invalid> {
        let mut problems = Problems::default();
        let sent_on = match optional_past_date(SENT_ON, &self.sent_on, today) {
            Ok(d) => d.unwrap_or(today),
            Err(e) => {
                problems.push(e);
                today
            }
        };
        let method = problems.take(
            SendMethod::from_code(&self.method).ok_or_else(|| FieldError {
                field: "method",
                message: "Choose how the leaflets were given".into(),
            }),
            SendMethod::ByHand,
        );
        let mut leaflets: Vec<LeafletGiven> = Vec::new();
        for code in &self.leaflets {
            match Leaflet::from_code(code) {
                Some(leaflet) if !leaflets.iter().any(|l| l.leaflet == leaflet) => {
                    leaflets.push(LeafletGiven {
                        leaflet,
                        version: String::new(),
                    });
                }
                Some(_) => {}
                None => problems.push(FieldError {
                    field: "leaflets",
                    message: format!("There is no leaflet called {code:?}"),
                }),
            }
        }
        if self.leaflets.is_empty() {
            problems.push(FieldError {
                field: "leaflets",
                message: "Choose at least one leaflet".into(),
            });
        }
        problems.finish(PackGiven {
            id: 0,
            child,
            recipient: PersonId(self.recipient),
            sent_on,
            method,
            leaflets,
            options: PackOptions::default(),
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

    fn given(child: i64, to: i64, leaflets: &[Leaflet]) -> PackGiven {
        PackGiven {
            id: 1,
            child: PersonId(child),
            recipient: PersonId(to),
            sent_on: today(),
            method: SendMethod::ByHand,
            leaflets: leaflets
                .iter()
                .map(|&leaflet| LeafletGiven {
                    leaflet,
                    version: String::new(),
                })
                .collect(),
            options: PackOptions::default(),
            recorded_by: "Ana".into(),
        }
    }

    #[test]
    fn the_safety_pack_can_arrive_in_parts_but_only_for_this_child_and_person() {
        let part1 = given(1, 2, &[Leaflet::SaferSleep, Leaflet::Crying]);
        assert!(!has_safety_pack(
            std::slice::from_ref(&part1),
            PersonId(1),
            PersonId(2)
        ));
        let part2 = given(1, 2, &[Leaflet::OvernightChecklist]);
        assert!(has_safety_pack(
            &[part1.clone(), part2.clone()],
            PersonId(1),
            PersonId(2)
        ));
        assert!(!has_safety_pack(
            &[part1.clone(), part2.clone()],
            PersonId(1),
            PersonId(3)
        ));
        assert!(!has_safety_pack(&[part1, part2], PersonId(9), PersonId(2)));
    }

    #[test]
    fn a_pack_needs_real_leaflets_and_a_method() {
        let e = PackGivenDraft {
            recipient: 2,
            leaflets: vec!["horoscope".into()],
            ..PackGivenDraft::default()
        }
        .validate(PersonId(1), today())
        .unwrap_err();
        assert!(e.message_for("method").is_some());
        assert!(e.message_for("leaflets").unwrap().contains("horoscope"));
        let e = PackGivenDraft {
            recipient: 2,
            method: "post".into(),
            ..PackGivenDraft::default()
        }
        .validate(PersonId(1), today())
        .unwrap_err();
        assert_eq!(
            e.message_for("leaflets"),
            Some("Choose at least one leaflet")
        );
        let ok = PackGivenDraft {
            recipient: 2,
            method: "by_hand".into(),
            sent_on: String::new(),
            leaflets: vec!["crying".into(), "crying".into(), "safer_sleep".into()],
        }
        .validate(PersonId(1), today())
        .unwrap();
        assert_eq!(ok.leaflets.len(), 2);
        assert_eq!(ok.sent_on, today());
    }
}
