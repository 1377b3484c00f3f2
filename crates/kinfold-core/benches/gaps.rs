//! The caseload gap scan (every child's gaps, ranked, as the Caseload screen and
//! `kinfold-cli gaps` compute them) against a bare SQLite scan of the same rows, on demo
//! caseloads of 1,000, 10,000 and 100,000 families with their histories. Run with
//! `cargo bench -p kinfold-core --bench gaps` (or `cargo xtask bench`, which writes the
//! report). The target (issue 7) is at most twice the bare scan.

mod support;

use support::{caseload, sizes, today};

/// Every child's gaps, ranked.
#[divan::bench(args = sizes(), sample_count = 10)]
fn caseload_gap_scan(families: u32) -> usize {
    kinfold_core::followup::ranked_caseload(&caseload(families).store, today(), None)
        .expect("scan")
        .len()
}

/// The tables the gap scan reads, every row and every column, and nothing else.
#[divan::bench(args = sizes(), sample_count = 10)]
fn bare_scan_of_the_same_rows(families: u32) -> usize {
    caseload(families)
        .store
        .read(|r| r.scan_gap_tables())
        .expect("bare scan")
}

fn main() {
    // Made (or opened) before anything is timed.
    support::caseloads();
    divan::main();
}
