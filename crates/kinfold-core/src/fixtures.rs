//! Test fixtures shared by the core's tests: a clinic and a family split across two homes
//! in a real encrypted store, and reading a PDF back with poppler's `pdftotext`.

use std::process::Command;

use chrono::NaiveDate;

use crate::actor::{Actor, Role};
use crate::household::HouseholdDraft;
use crate::intake::{
    add_child, add_member, add_restriction, CareDraft, Intake, NewChild, NewMember, NewRestriction,
    Residence, Who,
};
use crate::person::{PersonDraft, PersonId};
use crate::settings::ClinicSettingsDraft;
use crate::store::Store;

pub(crate) fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

pub(crate) fn nurse() -> Actor {
    Actor::new("Sam", Role::Practitioner)
}

pub(crate) fn draft(given: &str, family: &str, sex: &str, born: &str) -> PersonDraft {
    PersonDraft {
        given_name: given.into(),
        family_name: family.into(),
        sex: sex.into(),
        birth_date: born.into(),
        source: "mother".into(),
        ..Default::default()
    }
}

pub(crate) fn added(i: Intake) -> PersonId {
    match i {
        Intake::Added(id) => id,
        Intake::PossibleDuplicates(m) => panic!("unexpected duplicates: {m:?}"),
    }
}

pub(crate) struct Family {
    pub _dir: tempfile::TempDir,
    pub store: Store,
    pub baby: PersonId,
    pub mother: PersonId,
    pub father: PersonId,
}

/// Zoë (9 weeks) lives with her mother at 12 Oak Road; her father Łukasz lives elsewhere and
/// has her on Saturday nights; the mother's address is withheld from him.
pub(crate) fn family() -> Family {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
    let settings = ClinicSettingsDraft {
        clinic_name: "Meadow Lane Children's Centre".into(),
        team_phone: "0115 496 0000".into(),
        team_email: "meadow.hv@example.nhs.uk".into(),
        team_address: "1 Meadow Lane\nNottingham NG2 2AB".into(),
        local_services: "Dads' group, Saturdays at 10am\nBaby clinic, Tuesdays".into(),
    }
    .validate()
    .unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings))
        .unwrap();
    let mut child = draft("Zoë", "Nowak", "female", "2026-09-27");
    child.nhs_number = "943 476 5919".into();
    let baby = added(
        add_child(
            &store,
            &nurse(),
            today(),
            &NewChild {
                child,
                not_a_duplicate: false,
                existing: None,
                home: HouseholdDraft {
                    address_lines: "12 Oak Road\nNottingham".into(),
                    postcode: "NG1 1AA".into(),
                    ..Default::default()
                },
                named_practitioner: "Sam".into(),
            },
        )
        .unwrap(),
    );
    let member =
        |who: PersonDraft, kind: &str, residence: Residence, care: Option<CareDraft>| NewMember {
            child: baby,
            who: Who::New {
                person: Box::new(who),
                not_a_duplicate: false,
            },
            kind: kind.into(),
            partner_of: None,
            parental_responsibility: "yes".into(),
            residence,
            care,
            since: String::new(),
        };
    let mother = added(
        add_member(
            &store,
            &nurse(),
            today(),
            &member(
                draft("Amy", "Nowak", "female", "1998-05-01"),
                "birth_mother",
                Residence::WithChild,
                None,
            ),
        )
        .unwrap(),
    );
    let father = added(
        add_member(
            &store,
            &nurse(),
            today(),
            &member(
                draft("Łukasz", "Kowalski", "male", "1995-02-11"),
                "birth_father",
                Residence::Elsewhere(HouseholdDraft {
                    address_lines: "Flat 3, 40 Mill Street\nNottingham".into(),
                    postcode: "NG7 2BB".into(),
                    ..Default::default()
                }),
                Some(CareDraft {
                    kind: "overnight".into(),
                    frequency: "Saturday nights".into(),
                    at_carers_home: true,
                }),
            ),
        )
        .unwrap(),
    );
    add_restriction(
        &store,
        &nurse(),
        &NewRestriction {
            subject: mother,
            withheld_from: father,
            fact: "address".into(),
            reason: "Court order".into(),
        },
    )
    .unwrap();
    Family {
        _dir: dir,
        store,
        baby,
        mother,
        father,
    }
}

/// The words of a PDF, laid out as on the page.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("pack.pdf");
    std::fs::write(&path, pdf).unwrap();
    let out = Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed by cargo xtask test");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}
