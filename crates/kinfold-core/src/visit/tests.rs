//! The visit checklist through the real store and a real PDF read back with `pdftotext`: it
//! names the family, warns what must not be shared with whom, lists the open gaps with their
//! asks, follows the records as they change, and is audited as a view of everyone it names.

use super::*;
use crate::error::Error;
use crate::fixtures::{family, nurse, pdf_text, today};
use crate::followup::answer_gap;
use crate::gaps::GapAnswerDraft;
use crate::packs::{self, PackRequest};

/// The PDF's words with the layout's line breaks and runs of spaces made single spaces, so a
/// sentence can be found whichever way it wrapped.
fn words(pdf: &[u8]) -> String {
    pdf_text(pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_checklist_names_the_family_warns_what_not_to_share_and_lists_every_open_gap() {
    let f = family();
    let made = checklist(&f.store, &nurse(), f.baby, today()).unwrap();
    let text = words(&made.printed.pdf);
    for expected in [
        "Visit checklist: Zoë Nowak",
        "Confidential",
        "27 Sep 2026 (9 weeks old)",
        "943 476 5919",
        "12 Oak Road, Nottingham, NG1 1AA",
        "Amy Nowak",
        "Łukasz Kowalski",
        "Flat 3, 40 Mill Street, Nottingham, NG7 2BB",
        "Overnight stays: Saturday nights, at Flat 3, 40 Mill Street",
        "Do not tell Łukasz Kowalski Amy Nowak's address. Reason: Court order",
        "Still to find out",
        "Notes from the visit",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} missing from:\n{text}"
        );
    }
    // Every unresolved gap is on it, as a line to tick, with why we ask.
    let gaps = crate::followup::view_gaps(&f.store, &nurse(), f.baby, today()).unwrap();
    let unresolved: Vec<_> = gaps.gaps.unresolved().collect();
    assert!(!unresolved.is_empty());
    assert_eq!(made.document.gaps.len(), unresolved.len());
    for gap in &unresolved {
        assert!(text.contains(&gap.missing.title), "{:?}", gap.missing.title);
    }
    let why = crate::gaps::GapRule::OvernightSafetyPack.why_we_ask();
    assert!(text.contains(&format!("Why we ask: {why}")), "{text}");
    // The most serious comes first: the father's safety leaflets (urgent).
    assert_eq!(made.document.gaps[0].severity, "Urgent");
    let pages = made.printed.pages();
    assert!(text.contains(&format!("Page 1 of {pages}")));
    // The preview's pages say what the PDF says.
    let previewed: String = made.printed.sheets.iter().map(|s| s.text()).collect();
    let previewed = previewed.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(previewed.contains("Do not tell Łukasz Kowalski Amy Nowak's address."));
}

#[test]
fn asks_without_an_answer_show_on_the_checklist_and_a_pack_given_takes_its_gap_off() {
    let f = family();
    answer_gap(
        &f.store,
        &nurse(),
        today(),
        f.baby,
        &GapAnswerDraft {
            rule: "phone".into(),
            about: Some(f.father.0),
            answer: "asked".into(),
            outcome: "declined".into(),
            words: "He changes his number a lot".into(),
            revisit_on: "2026-12-20".into(),
            contact: None,
        },
    )
    .unwrap();
    let made = checklist(&f.store, &nurse(), f.baby, today()).unwrap();
    let phone = made
        .document
        .gaps
        .iter()
        .find(|g| g.question.starts_with("No phone number") && g.question.contains("Łukasz"))
        .unwrap_or_else(|| panic!("no phone gap in {:#?}", made.document.gaps));
    assert_eq!(
        phone.history,
        "Asked 1 time without an answer, last on 29 Nov 2026: declined to say \
         (they said: \u{201c}He changes his number a lot\u{201d}). Due to ask again from 20 Dec 2026"
    );
    assert!(words(&made.printed.pdf).contains("He changes his number a lot"));

    // The safety pack goes out: its gap leaves the checklist, and the pack is listed.
    let request = PackRequest {
        child: f.baby,
        recipient: f.father,
        leaflets: Vec::new(),
        large_print: false,
        invitation: false,
        method: None,
    };
    let pack = packs::make(&f.store, &nurse(), today(), &request).unwrap();
    packs::record_sent(&f.store, &nurse(), today(), &request, &pack).unwrap();
    let after = checklist(&f.store, &nurse(), f.baby, today()).unwrap();
    assert!(after.document.gaps.len() < made.document.gaps.len());
    assert!(after
        .document
        .gaps
        .iter()
        .all(|g| g.severity != "Urgent" || !g.question.contains("safety leaflets")));
    let given = after.document.leaflets_given.join("\n");
    assert!(
        given.contains(
            "29 Nov 2026: Łukasz Kowalski, by post: Overnight-stay checklist (version 1)"
        ),
        "{given}"
    );
    assert!(words(&after.printed.pdf).contains("Leaflets given"));
}

#[test]
fn making_it_is_audited_as_a_view_of_everyone_it_names_and_a_missing_child_writes_nothing() {
    let f = family();
    let made = checklist(&f.store, &nurse(), f.baby, today()).unwrap();
    for person in [f.baby, f.mother, f.father] {
        assert!(made.people.contains(&person));
        let rows = f.store.read(|r| r.audit_about_person(person)).unwrap();
        assert!(
            rows.iter().any(|e| e.action == "checklist.print"),
            "{person} has no checklist row"
        );
    }
    let before = f.store.read(|r| r.recent_audit(None, 1000)).unwrap().len();
    let missing = checklist(&f.store, &nurse(), PersonId(9999), today());
    assert!(
        matches!(missing, Err(Error::NotFound { .. })),
        "{missing:?}"
    );
    let after = f.store.read(|r| r.recent_audit(None, 1000)).unwrap().len();
    assert_eq!(before, after, "a refused checklist writes no audit row");
}
