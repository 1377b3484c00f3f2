//! What the benchmarks share: demo caseloads of 1,000, 10,000 and 100,000 families (with
//! their follow-up histories), each made once and kept, encrypted, under the target directory
//! until the demo generator changes (a newer schema migrates them as they open); and one
//! large family of seventeen people added to each, for the family-view benchmark. `KINFOLD_BENCH_SIZES=1000,10000`
//! runs fewer sizes.

#![allow(dead_code)] // each benchmark uses its own part of this

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Instant;

use chrono::NaiveDate;
use kinfold_core::household::HouseholdDraft;
use kinfold_core::intake::{self, CareDraft, Intake, NewChild, NewMember, Residence, Who};
use kinfold_core::keys::DatabaseKey;
use kinfold_core::person::{PersonDraft, PersonId};
use kinfold_core::{Actor, Role, Store};

pub const SIZES: &[u32] = &[1_000, 10_000, 100_000];
const SEED: u64 = 7;

/// The sources that decide what a cached caseload holds: when one changes, it is made again.
/// (A newer schema needs no new caseload: opening one migrates it.)
const SOURCES: &[&[u8]] = &[
    include_bytes!("../../src/demo.rs"),
    include_bytes!("../../src/demo/history.rs"),
    BIG_FAMILY_VERSION.as_bytes(),
];

/// Change this when [`big_family`] changes.
const BIG_FAMILY_VERSION: &str = "1";

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("date")
}

pub fn actor() -> Actor {
    Actor::new("bench", Role::Admin)
}

/// The sizes to run: all of [`SIZES`], or those in `KINFOLD_BENCH_SIZES`.
pub fn sizes() -> Vec<u32> {
    match std::env::var("KINFOLD_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect(),
        Err(_) => SIZES.to_vec(),
    }
}

fn fingerprint() -> u64 {
    // FNV-1a over the sources.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for bytes in SOURCES {
        for b in *bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([7; 32])
}

/// One caseload, open.
pub struct Caseload {
    pub store: Store,
    pub families: u32,
    /// The child of the large family.
    pub big_family: PersonId,
    pub path: PathBuf,
}

fn folder() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-caseloads")
}

/// Every size to run, made if missing (this takes a while the first time: about five
/// minutes for 100,000 families), then kept.
pub fn caseloads() -> &'static BTreeMap<u32, Caseload> {
    static ALL: OnceLock<BTreeMap<u32, Caseload>> = OnceLock::new();
    ALL.get_or_init(|| sizes().into_iter().map(|n| (n, open_or_make(n))).collect())
}

pub fn caseload(families: u32) -> &'static Caseload {
    &caseloads()[&families]
}

/// The file name a caseload of `families` is kept under.
pub fn file_name(families: u32) -> String {
    format!("families-{families}-seed-{SEED}-{:016x}.db", fingerprint())
}

fn open_or_make(families: u32) -> Caseload {
    let dir = folder();
    std::fs::create_dir_all(&dir).expect("bench folder");
    let name = file_name(families);
    let path = dir.join(&name);
    let big_path = path.with_extension("big");
    if !path.exists() || !big_path.exists() {
        // Caseloads of this size made by an older generator go first.
        let stale = format!("families-{families}-seed-{SEED}-");
        for entry in std::fs::read_dir(&dir).expect("bench folder").flatten() {
            if entry.file_name().to_string_lossy().starts_with(&stale) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        let making = dir.join(format!("{name}.making"));
        let started = Instant::now();
        eprintln!("bench: making a caseload of {families} families (kept for later runs)");
        let big = {
            let store = Store::open(&making, &key()).expect("new caseload");
            kinfold_core::demo::fill(&store, &actor(), today(), families, SEED)
                .expect("demo caseload");
            big_family(&store)
        };
        std::fs::rename(&making, &path).expect("caseload in place");
        std::fs::write(&big_path, big.0.to_string()).expect("big family id");
        eprintln!(
            "bench: made {families} families in {:.0} s",
            started.elapsed().as_secs_f64()
        );
    }
    let store = Store::open(&path, &key()).expect("caseload opens");
    let big_family = std::fs::read_to_string(&big_path)
        .ok()
        .and_then(|s| s.trim().parse().ok())
        .map(PersonId)
        .expect("big family id");
    Caseload {
        store,
        families,
        big_family,
        path,
    }
}

fn person(given: &str, family: &str, sex: &str, born: &str) -> PersonDraft {
    PersonDraft {
        given_name: given.into(),
        family_name: family.into(),
        sex: sex.into(),
        birth_date: born.into(),
        phone: "07700 900123".into(),
        source: "mother".into(),
        ..Default::default()
    }
}

fn home(line: &str, postcode: &str) -> HouseholdDraft {
    HouseholdDraft {
        address_lines: line.into(),
        postcode: postcode.into(),
        ..Default::default()
    }
}

fn added(i: Intake) -> PersonId {
    match i {
        Intake::Added(id) => id,
        Intake::PossibleDuplicates(_) => {
            panic!("a benchmark family member was taken for a duplicate")
        }
    }
}

/// A large family of seventeen people: a baby at home with the mother and three older
/// half-siblings; the father elsewhere with overnight stays, his partner and four other
/// children of his; four grandparents, two of whom babysit; the mother's sister; and a
/// half-sibling in another town.
fn big_family(store: &Store) -> PersonId {
    let a = actor();
    let t = today();
    let child = added(
        intake::add_child(
            store,
            &a,
            t,
            &NewChild {
                child: person("Bench", "Quartermaine", "female", "2026-10-01"),
                not_a_duplicate: true,
                existing: None,
                home: home("1 Bench Row\nNottingham", "NG5 1BB"),
                named_practitioner: "Sam Okafor".into(),
            },
        )
        .expect("big family child"),
    );
    let member = |who: PersonDraft, kind: &str, residence: Residence, care: Option<CareDraft>| {
        added(
            intake::add_member(
                store,
                &a,
                t,
                &NewMember {
                    child,
                    who: Who::New {
                        person: Box::new(who),
                        not_a_duplicate: true,
                    },
                    kind: kind.into(),
                    partner_of: None,
                    parental_responsibility: "yes".into(),
                    residence,
                    care,
                    since: String::new(),
                },
            )
            .expect("big family member"),
        )
    };
    let elsewhere = |line: &str, postcode: &str| Residence::Elsewhere(home(line, postcode));
    member(
        person("Maud", "Quartermaine", "female", "1994-03-02"),
        "birth_mother",
        Residence::WithChild,
        None,
    );
    let father = member(
        person("Ned", "Fairweather", "male", "1990-07-09"),
        "birth_father",
        elsewhere("9 Far Lane\nDerby", "DE1 2FF"),
        Some(CareDraft {
            kind: "overnight".into(),
            frequency: "Every other weekend".into(),
            at_carers_home: true,
        }),
    );
    for (given, born) in [
        ("Ada", "2016-01-05"),
        ("Bea", "2018-04-11"),
        ("Cal", "2021-09-30"),
    ] {
        member(
            person(given, "Quartermaine", "female", born),
            "half_sibling",
            Residence::WithChild,
            None,
        );
    }
    for (given, sex, care) in [
        ("Gwen", "female", true),
        ("Hal", "male", true),
        ("Ida", "female", false),
        ("Jack", "male", false),
    ] {
        member(
            person(given, "Elder", sex, "1960-02-02"),
            "grandparent",
            elsewhere("3 Old Road\nNottingham", "NG3 3AA"),
            care.then(|| CareDraft {
                kind: "babysitting".into(),
                frequency: "Now and then".into(),
                at_carers_home: true,
            }),
        );
    }
    member(
        person("Kit", "Quartermaine", "female", "1997-06-06"),
        "other_relative",
        elsewhere("5 Kin Street\nNottingham", "NG4 4BB"),
        None,
    );
    for (given, born) in [
        ("Lou", "2012-02-02"),
        ("Max", "2014-03-03"),
        ("Nia", "2019-05-05"),
        ("Olly", "2023-08-08"),
    ] {
        let kid = added(
            intake::add_other_child(
                store,
                &a,
                t,
                &intake::NewOtherChild {
                    parent: father,
                    kind: "birth_father".into(),
                    who: Who::New {
                        person: Box::new(person(given, "Fairweather", "male", born)),
                        not_a_duplicate: true,
                    },
                    residence: elsewhere("9 Far Lane\nDerby", "DE1 2FF"),
                },
            )
            .expect("father's other child"),
        );
        let _ = kid;
    }
    member(
        person("Pam", "Fairweather", "female", "1992-01-01"),
        "significant_adult",
        elsewhere("9 Far Lane\nDerby", "DE1 2FF"),
        None,
    );
    member(
        person("Quin", "Loder", "male", "2015-10-10"),
        "half_sibling",
        elsewhere("7 Ex Close\nLeicester", "LE1 7EE"),
        None,
    );
    child
}
