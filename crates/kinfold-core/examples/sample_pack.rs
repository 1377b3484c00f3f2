//! Prints a sample pack for a fictional family to look at (no database involved):
//! `cargo run -p kinfold-core --example sample_pack -- OUT.pdf [--large-print]`, then for
//! example `pdftoppm -png -r 60 OUT.pdf page` to see the pages as images.

use chrono::NaiveDate;
use kinfold_core::pack::Leaflet;
use kinfold_core::printing::{print_pack, PackDocument};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: sample_pack OUT.pdf [--large-print]");
        std::process::exit(2);
    };
    let large_print = args.any(|a| a == "--large-print");
    let doc = PackDocument {
        printed_on: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
        large_print,
        clinic_name: "Meadow Lane Children's Centre".into(),
        team_phone: "0115 496 0000".into(),
        team_email: "meadow.hv@example.nhs.uk".into(),
        team_address: vec!["1 Meadow Lane".into(), "Nottingham NG2 2AB".into()],
        local_services: vec![
            "Dads' group, Saturdays at 10am, Meadow Lane".into(),
            "Baby clinic, Tuesdays 1pm to 3pm".into(),
        ],
        recipient_name: "Łukasz Kowalski".into(),
        recipient_address: vec![
            "Flat 3, 40 Mill Street".into(),
            "Nottingham".into(),
            "NG7 2BB".into(),
        ],
        baby_first_name: "Zoë".into(),
        baby_age: "9 weeks old".into(),
        baby_nhs_number: Some("943 476 5919".into()),
        leaflets: Leaflet::ALL.to_vec(),
        invitation: true,
    };
    let printed = print_pack(&doc);
    if let Err(e) = std::fs::write(&out, &printed.pdf) {
        eprintln!("could not write {out}: {e}");
        std::process::exit(1);
    }
    println!(
        "{out}: {} pages, {} bytes",
        printed.pages(),
        printed.pdf.len()
    );
}
