//! Packs through the real store and a real PDF, read back with poppler's `pdftotext`: the
//! recipient and the baby are named, a withheld address is not, every leaflet appears with its
//! version, large print is larger, and a recorded pack closes the safety-leaflet gap.

use super::*;
use crate::fixtures::{family, nurse, pdf_text, today, Family};
use crate::intake::{add_restriction, NewRestriction};

fn request(f: &Family) -> PackRequest {
    PackRequest {
        child: f.baby,
        recipient: f.father,
        leaflets: Vec::new(),
        large_print: false,
        invitation: true,
        method: Some(SendMethod::Post),
    }
}

#[test]
fn the_suggested_pack_follows_the_family() {
    let f = family();
    let network = f.store.read(|r| r.family_network(f.baby)).unwrap();
    assert_eq!(
        suggest(&network, f.father, today()),
        vec![
            Leaflet::OvernightChecklist,
            Leaflet::SaferSleep,
            Leaflet::Crying,
            Leaflet::Handling,
            Leaflet::Feeding,
            Leaflet::CarSeats,
            Leaflet::LocalSupport
        ]
    );
    // The mother, at home with the baby: no overnight checklist, no car seats.
    assert_eq!(
        suggest(&network, f.mother, today()),
        vec![
            Leaflet::Crying,
            Leaflet::Handling,
            Leaflet::Feeding,
            Leaflet::LocalSupport
        ]
    );
}

#[test]
fn daytime_care_away_from_home_brings_car_seats_without_the_overnight_leaflets() {
    use crate::intake::{add_member, CareDraft, NewMember, Residence, Who};
    let f = family();
    let grandmother = crate::fixtures::added(
        add_member(
            &f.store,
            &nurse(),
            today(),
            &NewMember {
                child: f.baby,
                who: Who::New {
                    person: Box::new(crate::fixtures::draft(
                        "Ewa",
                        "Kowalska",
                        "female",
                        "1968-03-02",
                    )),
                    not_a_duplicate: false,
                },
                kind: "grandparent".into(),
                partner_of: None,
                parental_responsibility: String::new(),
                residence: Residence::Elsewhere(crate::household::HouseholdDraft {
                    address_lines: "7 Elm Close\nNottingham".into(),
                    postcode: "NG5 1AB".into(),
                    ..Default::default()
                }),
                care: Some(CareDraft {
                    kind: "daytime".into(),
                    frequency: "Tuesdays".into(),
                    at_carers_home: true,
                }),
                since: String::new(),
            },
        )
        .unwrap(),
    );
    let network = f.store.read(|r| r.family_network(f.baby)).unwrap();
    let suggested = suggest(&network, grandmother, today());
    assert!(suggested.contains(&Leaflet::CarSeats), "{suggested:?}");
    assert!(!suggested.contains(&Leaflet::OvernightChecklist));
    assert!(!suggested.contains(&Leaflet::SaferSleep));
}

#[test]
fn the_fathers_pack_names_him_and_the_baby_and_nothing_withheld() {
    let f = family();
    let made = make(&f.store, &nurse(), today(), &request(&f)).unwrap();
    assert!(
        f.store
            .read(|r| r.gap_records(f.baby))
            .unwrap()
            .packs
            .is_empty(),
        "made, not yet sent"
    );
    record_sent(&f.store, &nurse(), today(), &request(&f), &made).unwrap();
    let text = pdf_text(&made.printed.pdf);
    assert!(text.contains("Łukasz Kowalski"), "recipient's name");
    assert!(
        text.contains("Flat 3, 40 Mill Street") && text.contains("NG7 2BB"),
        "his own address, for the envelope"
    );
    assert!(text.contains("Zoë"), "the baby's first name");
    assert!(text.contains("9 weeks old"), "the baby's age");
    assert!(
        text.contains(&crate::person::format_date(today())),
        "the date it was printed"
    );
    assert!(
        text.contains("0115 496 0000") && text.contains("meadow.hv@example.nhs.uk"),
        "the team's contact details"
    );
    assert!(
        text.contains("943 476 5919"),
        "the baby's NHS number on the checklist"
    );
    assert!(
        !text.contains("Oak Road") && !text.contains("NG1 1AA"),
        "the mother's address is withheld from him"
    );
    assert!(!text.contains("Amy"), "nothing about other family members");
    assert!(
        !text.contains("Nowak"),
        "not even the family name he does not share"
    );
    for leaflet in &made.document.leaflets {
        let version = crate::leaflets::text(*leaflet).version;
        assert!(
            text.contains(&format!("leaflet {} version {version}", leaflet.code())),
            "{leaflet:?} with its version"
        );
    }
    assert!(
        text.contains("An invitation to meet us")
            || text.contains("Invitation to a joint appointment")
    );
    assert!(text.contains(&format!("Page 1 of {}", made.printed.pages())));
    assert!(text.contains(&format!("Page {0} of {0}", made.printed.pages())));
    assert!(made.printed.pages() >= 8, "{} pages", made.printed.pages());
    assert!(
        made.printed.pdf.len() < 250_000,
        "{} bytes",
        made.printed.pdf.len()
    );

    // Recorded in the sent-log with each leaflet's version, so the gap closes.
    let records = f.store.read(|r| r.gap_records(f.baby)).unwrap();
    assert_eq!(records.packs.len(), 1);
    assert_eq!(
        records.packs[0].leaflets.len(),
        made.document.leaflets.len()
    );
    assert!(records.packs[0].leaflets.iter().all(|l| l.version == "1"));
    let gaps = crate::followup::view_gaps(&f.store, &nurse(), f.baby, today())
        .unwrap()
        .gaps;
    assert!(!gaps
        .open
        .iter()
        .any(|g| g.missing.key.rule == GapRule::OvernightSafetyPack));
}

#[test]
fn large_print_is_larger_and_longer() {
    let f = family();
    let normal = make(&f.store, &nurse(), today(), &request(&f)).unwrap();
    let large = make(
        &f.store,
        &nurse(),
        today(),
        &PackRequest {
            large_print: true,
            ..request(&f)
        },
    )
    .unwrap();
    assert!(large.printed.pages() > normal.printed.pages());
    // Making a pack records nothing in the sent-log.
    assert!(f
        .store
        .read(|r| r.gap_records(f.baby))
        .unwrap()
        .packs
        .is_empty());
    // The sizes themselves are checked mark by mark in `printing::pack`'s tests.
}

#[test]
fn packs_that_must_not_be_made_are_refused_and_change_nothing() {
    let f = family();
    let before = f.store.data_version().unwrap();
    // Nobody in the network.
    let stranger = PackRequest {
        recipient: PersonId(9999),
        ..request(&f)
    };
    assert!(matches!(
        make(&f.store, &nurse(), today(), &stranger),
        Err(Error::Invalid(_))
    ));
    // Everything about the baby withheld from him.
    add_restriction(
        &f.store,
        &nurse(),
        &NewRestriction {
            subject: f.baby,
            withheld_from: f.father,
            fact: "everything".into(),
            reason: "Order".into(),
        },
    )
    .unwrap();
    let after_restriction = f.store.data_version().unwrap();
    let e = make(&f.store, &nurse(), today(), &request(&f)).unwrap_err();
    assert!(
        e.to_string().contains("must not be told anything") || matches!(e, Error::Invalid(_)),
        "{e}"
    );
    assert!(f
        .store
        .read(|r| r.gap_records(f.baby))
        .unwrap()
        .packs
        .is_empty());
    assert_eq!(f.store.data_version().unwrap(), after_restriction);
    assert!(after_restriction != before);
}
