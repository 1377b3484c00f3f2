//! Prints a sample visit checklist for a fictional family to look at (no database involved):
//! `cargo run -p kinfold-core --example sample_checklist -- OUT.pdf`, then for example
//! `pdftoppm -png -r 60 OUT.pdf page` to see the pages as images.

use chrono::NaiveDate;
use kinfold_core::printing::{print_checklist, ChecklistDocument, ChecklistGap, ChecklistPerson};

fn main() {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: sample_checklist OUT.pdf");
        std::process::exit(2);
    };
    let doc = ChecklistDocument {
        printed_on: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
        printed_by: "sokafor".into(),
        clinic_name: "Meadow Lane Children's Centre".into(),
        child_name: "Zoë Nowak".into(),
        child_born: "27 Sep 2026 (9 weeks old)".into(),
        child_nhs_number: "943 476 5919".into(),
        main_home: "12 Oak Road, Nottingham, NG1 1AA".into(),
        named_practitioner: "Sam Okafor".into(),
        overnight: vec![
            "Łukasz Kowalski (Birth father): Saturday nights, at Flat 3, 40 Mill Street, Nottingham, NG7 2BB".into(),
        ],
        cautions: vec!["Do not tell Łukasz Kowalski Amy Nowak's address. Reason: Court order".into()],
        people: vec![
            ChecklistPerson {
                name: "Amy Nowak".into(),
                roles: "Birth mother".into(),
                lives: "With Zoë Nowak".into(),
                born: "1 May 1998 (28 years old)".into(),
                phone: "Not recorded".into(),
                care: Vec::new(),
                responsibility: "Yes".into(),
                other_children: vec!["Oskar Nowak, 4 years, lives at the main home".into()],
            },
            ChecklistPerson {
                name: "Łukasz Kowalski".into(),
                roles: "Birth father".into(),
                lives: "Flat 3, 40 Mill Street, Nottingham, NG7 2BB".into(),
                born: "11 Feb 1995 (31 years old)".into(),
                phone: "Not recorded".into(),
                care: vec!["Overnight stays: Saturday nights, at Flat 3, 40 Mill Street, Nottingham, NG7 2BB".into()],
                responsibility: "Yes".into(),
                other_children: Vec::new(),
            },
        ],
        gaps: vec![
            ChecklistGap {
                question: "Has Zoë overnight but has not had the safety leaflets: Łukasz Kowalski (Birth father)".into(),
                severity: "Urgent".into(),
                why_we_ask: "Everyone who has the baby overnight should get the same safety advice as the parent at home: safe sleep, crying, and who to call.".into(),
                history: String::new(),
            },
            ChecklistGap {
                question: "No phone number: Łukasz Kowalski (Birth father)".into(),
                severity: "High".into(),
                why_we_ask: "A phone number lets us reach the people who care for the baby if we need to.".into(),
                history: "Asked 2 times without an answer, last on 12 Nov 2026: declined to say (they said: \u{201c}He changes his number a lot\u{201d})".into(),
            },
            ChecklistGap {
                question: "Other children not recorded: Łukasz Kowalski (Birth father)".into(),
                severity: "Medium".into(),
                why_we_ask: "We ask about brothers and sisters in other homes, so we can see the whole family and the support it may need.".into(),
                history: String::new(),
            },
        ],
        leaflets_given: vec!["2 Nov 2026: Amy Nowak, by hand: Safer sleep, Coping with crying".into()],
    };
    let printed = print_checklist(&doc);
    if let Err(e) = std::fs::write(&out, &printed.pdf) {
        eprintln!("sample_checklist: could not write {out}: {e}");
        std::process::exit(1);
    }
    println!(
        "{out}: {} pages, {} bytes",
        printed.pages(),
        printed.pdf.len()
    );
}
