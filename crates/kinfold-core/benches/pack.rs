//! An eight-page personalised leaflet pack printed as a PDF (the cover letter and invitation,
//! then the overnight checklist, safer sleep and crying leaflets), and a visit checklist.
//! Run with `cargo bench -p kinfold-core --bench pack`. Targets (issue 7): well under 100 ms
//! in a release build, and under 250 KB. The comparison with headless Chromium is in the app
//! benchmark (`cargo xtask bench`).

use kinfold_core::pack::Leaflet;
use kinfold_core::printing::{print_pack, PackDocument};

/// The pack a father who has the baby overnight is sent: eight pages.
pub fn eight_page_pack() -> PackDocument {
    PackDocument::sample(
        vec![
            Leaflet::OvernightChecklist,
            Leaflet::SaferSleep,
            Leaflet::Crying,
        ],
        false,
    )
}

#[divan::bench(sample_count = 50)]
fn eight_page_pack_as_pdf() -> usize {
    print_pack(divan::black_box(&eight_page_pack())).pdf.len()
}

#[divan::bench(sample_count = 50)]
fn eight_page_pack_in_large_print() -> usize {
    let mut doc = eight_page_pack();
    doc.large_print = true;
    print_pack(divan::black_box(&doc)).pdf.len()
}

fn main() {
    let printed = print_pack(&eight_page_pack());
    let mut large = eight_page_pack();
    large.large_print = true;
    let large = print_pack(&large);
    println!(
        "pack: {} pages, {} bytes; large print: {} pages, {} bytes",
        printed.pages(),
        printed.pdf.len(),
        large.pages(),
        large.pdf.len()
    );
    divan::main();
}
