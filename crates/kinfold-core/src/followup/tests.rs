//! The scenario through the real store: a 9-week-old baby, the father not recorded,
//! the mother reluctant; then the father living elsewhere with overnight stays.

use chrono::NaiveDate;

use super::*;
use crate::actor::Role;
use crate::gaps::{AnswerKind, GapState};
use crate::household::HouseholdDraft;
use crate::intake::{
    add_child, add_member, CareDraft, Intake, NewChild, NewMember, Residence, Who,
};
use crate::person::PersonDraft;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
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
        confirmed_on: "2026-11-29".into(),
        ..Default::default()
    }
}

fn added(i: Intake) -> PersonId {
    match i {
        Intake::Added(id) => id,
        Intake::PossibleDuplicates(m) => panic!("unexpected duplicates: {m:?}"),
    }
}

fn contact(kind: &str, date: &str, present: Vec<i64>) -> ContactDraft {
    ContactDraft {
        kind: kind.into(),
        date: date.into(),
        present,
        ..ContactDraft::default()
    }
}

fn titles(gaps: &FamilyGaps) -> Vec<String> {
    gaps.open
        .iter()
        .map(|g| format!("{}: {}", g.missing.key.rule.code(), g.missing.title))
        .collect()
}

struct Family {
    _dir: tempfile::TempDir,
    store: Store,
    baby: PersonId,
    mother: PersonId,
}

fn baby_with_mother() -> Family {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
    let today = day("2026-11-29");
    let baby = added(
        add_child(
            &store,
            &nurse(),
            today,
            &NewChild {
                child: draft("Kai", "male", "2026-09-27"),
                not_a_duplicate: false,
                existing: None,
                home: HouseholdDraft {
                    address_lines: "12 Oak Road".into(),
                    postcode: "NG1 1AA".into(),
                    ..Default::default()
                },
                named_practitioner: "Sam".into(),
            },
        )
        .unwrap(),
    );
    let mut amy = draft("Amy", "female", "1998-05-01");
    amy.phone = "07700 900111".into();
    let mother = added(
        add_member(
            &store,
            &nurse(),
            today,
            &NewMember {
                child: baby,
                who: Who::New {
                    person: Box::new(amy),
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
    Family {
        _dir: dir,
        store,
        baby,
        mother,
    }
}

#[test]
fn the_scenario_from_first_contact_to_supervision() {
    let f = baby_with_mother();
    let (store, baby, mother) = (&f.store, f.baby, f.mother);

    // First contact: the father is not recorded, so that is the first prompt.
    let first = record_contact(
        store,
        &nurse(),
        day("2026-11-29"),
        baby,
        &contact("home_visit", "2026-11-29", vec![mother.0]),
    )
    .unwrap();
    let (_, at_first) = view_contact(store, &nurse(), first).unwrap();
    assert_eq!(at_first.as_of, day("2026-11-29"));
    assert!(
        titles(&at_first.gaps).contains(&"birth_father: Birth father not recorded".to_owned()),
        "{:?}",
        titles(&at_first.gaps)
    );

    // The mother declines; the reason and a date to ask again are recorded at that contact.
    let declined = GapAnswerDraft {
        rule: "birth_father".into(),
        about: None,
        answer: "asked".into(),
        outcome: "declined".into(),
        words: "She is worried he will find out where she lives".into(),
        revisit_on: "2026-12-13".into(),
        contact: Some(first.0),
    };
    answer_gap(store, &nurse(), day("2026-11-29"), baby, &declined).unwrap();
    let quiet = view_gaps(store, &nurse(), baby, day("2026-12-01"))
        .unwrap()
        .gaps;
    assert!(!titles(&quiet).iter().any(|t| t.starts_with("birth_father")));
    assert_eq!(
        quiet.quiet[0].state,
        GapState::Quiet {
            until: day("2026-12-13")
        }
    );
    assert_eq!(quiet.quiet[0].history[0].contact, Some(first));

    // A contact after the date to ask again: the prompt is back, with its history.
    let second = record_contact(
        store,
        &nurse(),
        day("2026-12-14"),
        baby,
        &contact("clinic", "2026-12-14", vec![mother.0]),
    )
    .unwrap();
    let (_, at_second) = view_contact(store, &nurse(), second).unwrap();
    let back = at_second
        .gaps
        .open
        .iter()
        .find(|g| g.missing.key.rule == GapRule::BirthFather)
        .unwrap();
    assert!(back.revisit_due);
    assert_eq!(back.history.len(), 1);
    assert_eq!(
        back.history[0].words,
        "She is worried he will find out where she lives"
    );

    // The father is recorded: living elsewhere, having the baby overnight. New prompts follow.
    let father = added(
        add_member(
            store,
            &nurse(),
            day("2026-12-14"),
            &NewMember {
                child: baby,
                who: Who::New {
                    person: Box::new(PersonDraft {
                        birth_date: String::new(),
                        ..draft("Dean", "male", "")
                    }),
                    not_a_duplicate: false,
                },
                kind: "birth_father".into(),
                partner_of: None,
                parental_responsibility: "not_known".into(),
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
                since: String::new(),
            },
        )
        .unwrap(),
    );
    let on = day("2026-12-14");
    let now = view_gaps(store, &nurse(), baby, on).unwrap().gaps;
    let about_dad: Vec<GapRule> = now
        .open
        .iter()
        .filter(|g| g.missing.key.about == Some(father))
        .map(|g| g.missing.key.rule)
        .collect();
    for rule in [
        GapRule::OvernightSafetyPack,
        GapRule::OvernightJointContact,
        GapRule::Phone,
        GapRule::DateOfBirth,
        GapRule::ParentalResponsibility,
        GapRule::OtherChildren,
    ] {
        assert!(
            about_dad.contains(&rule),
            "{rule:?} missing from {about_dad:?}"
        );
    }
    assert_eq!(
        now.open[0].missing.key.rule,
        GapRule::OvernightSafetyPack,
        "the uninformed overnight carer comes first"
    );
    assert!(
        !titles(&now).iter().any(|t| t.starts_with("birth_father")),
        "recording him closed that prompt"
    );
    let filled: Vec<GapRule> = now.filled.iter().map(|(k, _)| k.rule).collect();
    assert_eq!(
        filled,
        vec![GapRule::BirthFather],
        "its answers stay in the timeline"
    );

    // Filling them in closes them.
    give_pack(
        store,
        &nurse(),
        on,
        baby,
        &PackGivenDraft {
            recipient: father.0,
            sent_on: String::new(),
            method: "by_hand".into(),
            leaflets: vec![
                "overnight_checklist".into(),
                "safer_sleep".into(),
                "crying".into(),
            ],
        },
    )
    .unwrap();
    offer_contact(
        store,
        &nurse(),
        on,
        baby,
        &InvitationDraft {
            person: father.0,
            kind: "joint_appointment".into(),
            offered_on: String::new(),
            response: "accepted".into(),
            notes: String::new(),
        },
    )
    .unwrap();
    set_responsibility(store, &nurse(), baby, father, "yes").unwrap();
    let mut details = store.read(|r| r.person(father)).unwrap().details;
    details.phone = "07700 900222".into();
    details.birth = crate::person::Birth::Exact(day("1995-02-11"));
    store
        .write(&nurse(), |w| w.update_person(father, &details))
        .unwrap();
    let after = view_gaps(store, &nurse(), baby, on).unwrap().gaps;
    let left: Vec<GapRule> = after
        .open
        .iter()
        .filter(|g| g.missing.key.about == Some(father))
        .map(|g| g.missing.key.rule)
        .collect();
    assert_eq!(left, vec![GapRule::OtherChildren], "{:?}", titles(&after));

    // Three asks about his other children come to nothing: the family goes to supervision.
    assert!(supervision(store, &nurse(), on).unwrap().is_empty());
    for (asked, revisit) in [
        ("2026-12-14", "2026-12-21"),
        ("2026-12-21", "2026-12-28"),
        ("2026-12-28", "2027-01-04"),
    ] {
        let at = record_contact(
            store,
            &nurse(),
            day(asked),
            baby,
            &contact("phone", asked, vec![father.0]),
        )
        .unwrap();
        answer_gap(
            store,
            &nurse(),
            day(asked),
            baby,
            &GapAnswerDraft {
                rule: "other_children".into(),
                about: Some(father.0),
                answer: "asked".into(),
                outcome: "does_not_know".into(),
                words: String::new(),
                revisit_on: revisit.into(),
                contact: Some(at.0),
            },
        )
        .unwrap();
    }
    let list = supervision(store, &nurse(), day("2026-12-28")).unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].child.id, baby);
    let repeated: Vec<_> = list[0].gaps.repeatedly_asked().collect();
    assert_eq!(repeated[0].failed_asks, 3);

    // The caseload ranks this baby first and says why.
    let caseload = caseload_gaps(store, &nurse(), day("2026-12-28"), None).unwrap();
    assert_eq!(caseload[0].child.id, baby);
    assert!(caseload[0].under_one);
    assert!(
        caseload_gaps(store, &nurse(), day("2026-12-28"), Some("Nobody"))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        caseload_gaps(store, &nurse(), day("2026-12-28"), Some("sam"))
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn refused_answers_change_nothing() {
    let f = baby_with_mother();
    let (store, baby, mother) = (&f.store, f.baby, f.mother);
    let today = day("2026-11-29");
    let before = store.data_version().unwrap();
    let count = || {
        store
            .read(|r| Ok(r.gap_records(baby)?.answers.len()))
            .unwrap()
    };

    // An answer to a gap that is not there (the mother's phone is recorded).
    let phone = GapAnswerDraft {
        rule: "phone".into(),
        about: Some(mother.0),
        answer: "asked".into(),
        outcome: "declined".into(),
        revisit_on: "2026-12-20".into(),
        ..GapAnswerDraft::default()
    };
    assert!(matches!(
        answer_gap(store, &nurse(), today, baby, &phone),
        Err(Error::Invalid(_))
    ));
    // A contact that does not exist, or belongs to another child.
    let ghost = GapAnswerDraft {
        rule: "birth_father".into(),
        about: None,
        contact: Some(999),
        ..phone.clone()
    };
    assert!(matches!(
        answer_gap(store, &nurse(), today, baby, &ghost),
        Err(Error::Invalid(_))
    ));
    // Someone who is not in the family marked present.
    assert!(matches!(
        record_contact(
            store,
            &nurse(),
            today,
            baby,
            &contact("clinic", "2026-11-29", vec![9999])
        ),
        Err(Error::Invalid(_))
    ));
    // Leaflets for a stranger.
    let stranger = PackGivenDraft {
        recipient: 9999,
        method: "post".into(),
        leaflets: vec!["crying".into()],
        ..PackGivenDraft::default()
    };
    assert!(give_pack(store, &nurse(), today, baby, &stranger).is_err());
    // Parental responsibility for someone who is not a parent.
    assert!(set_responsibility(store, &nurse(), baby, baby, "yes").is_err());
    assert!(set_responsibility(store, &nurse(), baby, mother, "maybe").is_err());
    assert_eq!(count(), 0);
    assert_eq!(store.data_version().unwrap(), before, "nothing was written");

    // Only an admin may turn a rule off, and only with a reason; the refusal is audited.
    assert!(matches!(
        set_rule(store, &nurse(), "phone", false, "We never ring"),
        Err(Error::NotAllowed { .. })
    ));
    let admin = Actor::new("Ana", Role::Admin);
    assert!(matches!(
        set_rule(store, &admin, "phone", false, "  "),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        set_rule(store, &admin, "horoscope", false, "why"),
        Err(Error::Invalid(_))
    ));
    set_rule(
        store,
        &admin,
        "confirmed",
        false,
        "Checked at every visit anyway",
    )
    .unwrap();
    let settings = rule_settings(store).unwrap();
    assert_eq!(
        settings
            .turned_off
            .get(&GapRule::Confirmed)
            .map(String::as_str),
        Some("Checked at every visit anyway")
    );
    let gaps = view_gaps(store, &nurse(), baby, today).unwrap().gaps;
    assert!(!gaps
        .unresolved()
        .any(|g| g.missing.key.rule == GapRule::Confirmed));
    set_rule(store, &admin, "confirmed", true, "Back on after the audit").unwrap();
    assert!(rule_settings(store).unwrap().turned_off.is_empty());
}

#[test]
fn a_closed_gap_stays_closed_until_opened_again_and_answers_cannot_be_edited() {
    let f = baby_with_mother();
    let (store, baby) = (&f.store, f.baby);
    let today = day("2026-11-29");
    let close = GapAnswerDraft {
        rule: "birth_father".into(),
        answer: "closed".into(),
        words: "Conceived with donor sperm through a clinic".into(),
        ..GapAnswerDraft::default()
    };
    answer_gap(store, &nurse(), today, baby, &close).unwrap();
    let gaps = view_gaps(store, &nurse(), baby, today).unwrap().gaps;
    assert_eq!(gaps.closed.len(), 1);
    assert!(
        answer_gap(store, &nurse(), today, baby, &close).is_err(),
        "closing twice is refused"
    );
    let reopen = GapAnswerDraft {
        answer: "reopened".into(),
        words: "Mother now names a father".into(),
        ..close
    };
    answer_gap(store, &nurse(), today, baby, &reopen).unwrap();
    let gaps = view_gaps(store, &nurse(), baby, today).unwrap().gaps;
    let g = gaps
        .open
        .iter()
        .find(|g| g.missing.key.rule == GapRule::BirthFather)
        .unwrap();
    assert_eq!(
        g.history.iter().map(|a| a.kind).collect::<Vec<_>>(),
        vec![AnswerKind::Closed, AnswerKind::Reopened]
    );
}
