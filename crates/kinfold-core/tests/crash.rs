//! Crash safety, for real: a child process adds people to an encrypted database and reports
//! each id only after its transaction has committed; it is killed with SIGKILL at a random
//! moment, many times over. Every id it reported must be there afterwards, and the database
//! must pass SQLite's and SQLCipher's integrity checks. The same test binary is the child
//! (it runs itself with `KINFOLD_CRASH_CHILD` set).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kinfold_core::keys::DatabaseKey;
use kinfold_core::person::{PersonDraft, PersonId};
use kinfold_core::{Actor, Role, Store};

const CHILD_ENV: &str = "KINFOLD_CRASH_CHILD";
const ROUNDS: u64 = 40;

fn key() -> DatabaseKey {
    DatabaseKey::from_bytes([0x5A; 32])
}

fn draft(n: u64) -> PersonDraft {
    PersonDraft {
        name_status: "known".into(),
        given_name: format!("Crash{n}"),
        family_name: "Tester".into(),
        birth_year: "1990".into(),
        sex: "not_known".into(),
        interpreter_needed: "not_known".into(),
        source: "observed".into(),
        ..Default::default()
    }
}

/// The child: writes until killed, printing each committed id on its own line.
fn be_the_child(db: &Path) {
    let store = Store::open(db, &key()).expect("child opens the database");
    let actor = Actor::new("crash-child", Role::Practitioner);
    let today = chrono::Local::now().date_naive();
    let mut out = std::io::stdout().lock();
    for n in 0.. {
        let details = draft(n).validate(today).expect("valid person");
        let id = store
            .write(&actor, |w| w.add_person(&details))
            .expect("write");
        // Only now, after the commit, does the parent hear about it.
        writeln!(out, "{}", id.0).expect("report");
        out.flush().expect("flush");
    }
}

/// SplitMix64: a small seeded generator, so a failing round can be run again.
fn next(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[test]
fn every_committed_write_survives_sigkill_at_random_moments() {
    if let Some(db) = std::env::var_os(CHILD_ENV) {
        be_the_child(Path::new(&db));
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("crash.db");
    let me = std::env::current_exe().expect("test binary");
    let mut seed = 0x4B49_4E46u64;
    let mut reported: Vec<i64> = Vec::new();
    for round in 0..ROUNDS {
        let mut child = Command::new(&me)
            .args([
                "--exact",
                "every_committed_write_survives_sigkill_at_random_moments",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD_ENV, &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|line| line.trim().parse::<i64>().ok())
                .collect::<Vec<i64>>()
        });
        // Kill it somewhere between 20 and 250 ms in: sometimes while it opens (and
        // migrates), mostly in the middle of a transaction or a commit.
        let wait = Duration::from_millis(20 + next(&mut seed) % 230);
        let started = Instant::now();
        while started.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(2));
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let ids = reader.join().expect("reader");
        reported.extend(ids);

        let store = Store::open(&db, &key())
            .unwrap_or_else(|e| panic!("round {round}: the database does not open: {e}"));
        store
            .check_integrity()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        for &id in &reported {
            store
                .read(|r| r.person(PersonId(id)))
                .unwrap_or_else(|e| panic!("round {round}: reported id {id} is missing: {e}"));
        }
        let chain = store.read(|r| r.check_audit_chain()).expect("chain");
        assert_eq!(
            chain.first_broken, None,
            "round {round}: the audit chain broke"
        );
    }
    eprintln!(
        "{} rounds, {} committed people checked",
        ROUNDS,
        reported.len()
    );
    assert!(
        reported.len() > ROUNDS as usize,
        "the child hardly wrote anything ({} ids): the test proved little",
        reported.len()
    );
}
