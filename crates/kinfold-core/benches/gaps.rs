//! The caseload gap scan (every child's gaps, ranked, as the Caseload screen and
//! `kinfold-cli gaps` compute them) against a bare SQLite scan of the same rows, on demo
//! caseloads of 1,000 and 10,000 families. Run with `cargo bench -p kinfold-core --bench gaps`.
//! The target (issue 7) is at most twice the bare scan.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use kinfold_core::{Actor, Role, Store};

const SIZES: &[u32] = &[1_000, 10_000];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("date")
}

struct Caseload {
    _dir: tempfile::TempDir,
    store: Store,
}

/// One demo caseload per size, made once per run.
fn caseload(families: u32) -> &'static Store {
    static CASELOADS: OnceLock<BTreeMap<u32, Caseload>> = OnceLock::new();
    let all = CASELOADS.get_or_init(|| {
        SIZES
            .iter()
            .map(|&n| {
                let dir = tempfile::tempdir().expect("temp dir");
                let store = Store::open(
                    &dir.path().join("bench.db"),
                    &kinfold_core::keys::DatabaseKey::from_bytes([7; 32]),
                )
                .expect("store");
                let actor = Actor::new("Bench", Role::Admin);
                kinfold_core::demo::fill(&store, &actor, today(), n, 7).expect("demo caseload");
                (n, Caseload { _dir: dir, store })
            })
            .collect()
    });
    &all[&families].store
}

/// Every child's gaps, ranked.
#[divan::bench(args = SIZES, sample_count = 10)]
fn caseload_gap_scan(families: u32) -> usize {
    let store = caseload(families);
    store
        .read(|r| kinfold_core::followup::ranked_caseload(r, today(), None))
        .expect("scan")
        .len()
}

/// The tables the gap scan reads, every row and every column, and nothing else.
#[divan::bench(args = SIZES, sample_count = 10)]
fn bare_scan_of_the_same_rows(families: u32) -> usize {
    let store = caseload(families);
    store.read(|r| r.scan_gap_tables()).expect("bare scan")
}

fn main() {
    divan::main();
}
