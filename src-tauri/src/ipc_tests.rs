//! The IPC surface, tested the way the window uses it: Tauri's mock runtime with the real
//! capabilities, the real commands and state, the core and an encrypted SQLite file (the
//! keyring is keyring-core's in-memory store). Every command the UI can call writes its audit
//! row, or is on a short list of commands that touch no record, each with its reason; and
//! generated input (over 100,000 calls in all) never panics, always gets an answer, and when
//! refused leaves every table as it was.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::WebviewWindow;

use kinfold_core::keys::KeyringEntry;
use kinfold_core::Store;

use crate::state::AppState;

mod names {
    include!("../command_names.rs");
}
use names::COMMANDS;

const PASSWORD: &str = "tea kettle garden";

/// Stands in for the desktop's save dialog (which the end-to-end tests drive for real): the
/// practitioner picks the suggested name in this folder, or cancels when it is `None`.
struct ChosenPlace(Arc<Mutex<Option<PathBuf>>>);

impl crate::state::SaveDialog for ChosenPlace {
    fn ask(&self, suggested_name: &str) -> Option<PathBuf> {
        let folder = self.0.lock().expect("not poisoned").clone()?;
        Some(folder.join(suggested_name))
    }
}

/// One app on its own database, with a window to send commands from.
struct Ipc {
    _dir: tempfile::TempDir,
    /// Where the stand-in save dialog saves copies (`None`: it is cancelled).
    save_to: Arc<Mutex<Option<PathBuf>>>,
    db: PathBuf,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    /// A second handle on the database, for counting rows.
    observer: Option<Store>,
}

impl Ipc {
    fn new() -> Ipc {
        kinfold_core::keys::use_memory_keyring_for_tests();
        // Opening a pack starts this instead of the desktop's PDF viewer.
        std::env::set_var("KINFOLD_PDF_VIEWER", "true");
        // In memory when the machine has /dev/shm: these tests are about answers and
        // refusals, not about the disk (the crash test covers durability), and every
        // accepted call commits with a full sync.
        let shm = std::path::Path::new("/dev/shm");
        let dir = if shm.is_dir() {
            tempfile::tempdir_in(shm)
        } else {
            tempfile::tempdir()
        }
        .expect("tempdir");
        let db = dir.path().join("kinfold.db");
        let state = AppState::start(db.clone());
        std::fs::create_dir(dir.path().join("saved")).expect("a folder for saved copies");
        let save_to = Arc::new(Mutex::new(Some(dir.path().join("saved"))));
        state.set_save_dialog(Box::new(ChosenPlace(save_to.clone())));
        let app = crate::commands::register(mock_builder())
            .manage(state)
            .build(tauri::generate_context!("../tauri.conf.json"))
            .expect("the app builds");
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("the window opens");
        Ipc {
            _dir: dir,
            save_to,
            db,
            _app: app,
            window,
            observer: None,
        }
    }

    /// Sends `cmd` with `args` as the window would; the answer or the error, as JSON.
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("JSON answer"))
    }

    fn ok(&self, cmd: &str, args: Value) -> Value {
        self.call(cmd, args)
            .unwrap_or_else(|e| panic!("{cmd} was refused: {e}"))
    }

    /// Sets up the database with an admin, logged in; returns the recovery key.
    fn set_up(&mut self) -> String {
        let answer = self.ok(
            "setup",
            json!({"admin": {"username": "ana", "displayName": "Ana Admin", "role": "admin",
                             "password": PASSWORD, "passwordAgain": PASSWORD}}),
        );
        let key = KeyringEntry::for_database(&self.db)
            .and_then(|e| e.load(&self.db))
            .expect("key in the keyring");
        self.observer = Some(Store::open(&self.db, &key).expect("observer opens"));
        answer["recoveryKey"]
            .as_str()
            .expect("recovery key")
            .to_owned()
    }

    fn marks(&self) -> Vec<(String, i64)> {
        self.observer
            .as_ref()
            .expect("set up first")
            .read(|r| r.write_marks())
            .expect("marks")
    }

    /// Changes whenever the app commits anything.
    fn version(&self) -> i64 {
        self.observer
            .as_ref()
            .expect("set up first")
            .data_version()
            .expect("data version")
    }

    fn audit_rows(&self) -> i64 {
        self.marks()
            .into_iter()
            .find(|(name, _)| name == "audit_event")
            .map(|(_, n)| n)
            .expect("audit table")
    }
}

fn person(given: &str, family: &str, born: &str, sex: &str) -> Value {
    json!({"nameStatus": "known", "givenName": given, "familyName": family, "knownAs": "",
           "birthDate": born, "birthYear": "", "sex": sex, "nhsNumber": "", "phone": "",
           "email": "", "firstLanguage": "", "interpreterNeeded": "not_known", "deceased": false,
           "notes": "", "source": "mother", "sourceDetail": "", "confirmedOn": ""})
}

fn home(lines: &str, postcode: &str) -> Value {
    json!({"addressStatus": "known", "addressLines": lines, "postcode": postcode, "description": ""})
}

/// A family made through the commands: a baby at home with the mother, and the father
/// elsewhere with overnight care. Returns (baby, mother, father).
fn family(ipc: &Ipc) -> (i64, i64, i64) {
    let today = chrono::Local::now().date_naive();
    let born = (today - chrono::Duration::weeks(9))
        .format("%Y-%m-%d")
        .to_string();
    let baby = ipc.ok(
        "add_child",
        json!({"input": {"child": person("Noah", "Reed", &born, "male"),
                         "home": home("12 Elm Road", "NG1 1AA"), "namedPractitioner": "Sam"}}),
    )["personId"]
        .as_i64()
        .expect("baby id");
    let mother = ipc.ok(
        "add_member",
        json!({"input": {"childId": baby, "kind": "birth_mother",
               "who": {"person": person("Kayla", "Reed", "1999-03-04", "female")},
               "residence": {"lives": "with_child"}}}),
    )["personId"]
        .as_i64()
        .expect("mother id");
    let father = ipc.ok(
        "add_member",
        json!({"input": {"childId": baby, "kind": "birth_father",
               "who": {"person": person("Dean", "Cole", "1997-06-07", "male")},
               "residence": {"lives": "elsewhere", "home": home("3 Mill Street", "NG7 2BB")},
               "care": {"kind": "overnight", "frequency": "Saturdays", "atCarersHome": true}}}),
    )["personId"]
        .as_i64()
        .expect("father id");
    (baby, mother, father)
}

/// The commands that touch no record, so write no audit row, and why.
const NOT_AUDITED: &[(&str, &str)] = &[
    ("app_status", "says which stage the app is at; no record"),
    ("vocabulary", "the fixed lists the forms offer; no record"),
    ("still_here", "keeps the session alive; no record"),
    (
        "recheck_database",
        "looks at the file again before login; no record",
    ),
    (
        "get_settings",
        "the clinic's own details, not a person's record",
    ),
    (
        "get_protection_settings",
        "the lock and backup settings, not a person's record",
    ),
    (
        "gap_counts",
        "two numbers for the navigation; nobody's details",
    ),
    (
        "gap_rules",
        "the clinic's rule settings, not a person's record",
    ),
    (
        "open_printout",
        "opens a PDF Kinfold made, whose making was audited; reads no record",
    ),
];

#[test]
fn every_command_the_ui_can_call_writes_its_audit_row() {
    let mut ipc = Ipc::new();
    assert_eq!(ipc.ok("app_status", json!({}))["stage"], "first_run");
    let recovery = ipc.set_up();
    let mut seen: BTreeSet<&str> = ["app_status"].into();
    let (baby, mother, father) = family(&ipc);
    seen.extend(["setup", "add_child", "add_member"]);

    let today = chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string();
    let revisit = (chrono::Local::now().date_naive() + chrono::Duration::days(14))
        .format("%Y-%m-%d")
        .to_string();
    let steps: Vec<(&str, Value)> = vec![
        ("vocabulary", json!({})),
        ("still_here", json!({})),
        ("get_settings", json!({})),
        ("get_protection_settings", json!({})),
        (
            "save_settings",
            json!({"settings": {"clinicName": "Meadow Lane", "teamPhone": "0115 496 0000",
            "teamEmail": "", "teamAddress": "", "localServices": ""}}),
        ),
        ("list_caseload", json!({})),
        ("family_network", json!({"childId": baby})),
        ("search_people", json!({"query": "Reed"})),
        ("person_view", json!({"personId": mother})),
        ("person_duplicates", json!({"personId": mother})),
        ("person_history", json!({"personId": mother})),
        ("person_draft", json!({"personId": mother})),
        (
            "update_person",
            json!({"personId": mother, "person": person("Kayla", "Reed-Cole", "1999-03-04", "female")}),
        ),
        (
            "add_other_child",
            json!({"input": {"parentId": father, "kind": "birth_father",
            "who": {"person": person("Lily", "Cole", "2019-05-01", "female")},
            "residence": {"lives": "elsewhere", "home": home("8 Oak Lane", "NG5 5DA")}}}),
        ),
        (
            "add_care",
            json!({"input": {"childId": baby, "carerId": mother,
            "care": {"kind": "babysitting", "frequency": "Sometimes", "atCarersHome": false},
                "source": "mother"}}),
        ),
        (
            "add_restriction",
            json!({"input": {"subjectId": mother, "withheldFromId": father,
            "fact": "address", "reason": "Court order"}}),
        ),
        (
            "move_home",
            json!({"input": {"personId": father, "home": home("9 New Row", "NG3 3DD"), "source": "father"}}),
        ),
        ("family_gaps", json!({"childId": baby})),
        (
            "record_contact",
            json!({"childId": baby, "contact": {"kind": "home_visit", "date": today, "present": [mother]}}),
        ),
        ("contact_view", json!({"contactId": 1})),
        (
            "answer_gap",
            json!({"childId": baby, "answer": {"rule": "overnight_joint_contact", "about": father,
            "answer": "asked", "outcome": "no_opportunity", "revisitOn": revisit, "contactId": 1}}),
        ),
        (
            "give_pack",
            json!({"childId": baby, "pack": {"recipient": father, "method": "post",
            "leaflets": ["overnight_checklist", "safer_sleep", "crying"]}}),
        ),
        (
            "offer_contact",
            json!({"childId": baby, "offer": {"person": father, "kind": "phone_contact", "response": "accepted"}}),
        ),
        (
            "confirm_details",
            json!({"childId": baby, "personId": father, "source": "father"}),
        ),
        (
            "set_parental_responsibility",
            json!({"childId": baby, "personId": father, "answer": "yes"}),
        ),
        (
            "state_none",
            json!({"childId": baby, "personId": father, "statement": "no_other_children", "source": "father"}),
        ),
        ("caseload_gaps", json!({"practitioner": null})),
        ("supervision_list", json!({})),
        ("gap_counts", json!({})),
        ("gap_rules", json!({})),
        (
            "set_gap_rule",
            json!({"rule": "confirmed", "enabled": false, "reason": "Trial"}),
        ),
        (
            "save_gap_settings",
            json!({"settings": {"confirmWithinMonths": "6", "asksBeforeSupervision": "3"}}),
        ),
        ("pack_choice", json!({"childId": baby, "personId": father})),
        (
            "make_pack",
            json!({"pack": {"childId": baby, "personId": father,
            "leaflets": ["overnight_checklist", "safer_sleep", "crying"], "largePrint": false,
            "invitation": true, "method": "post"}, "record": false}),
        ),
        (
            "record_pack",
            json!({"file": ipc.db.parent().expect("dir").join("packs")
                .join(format!("pack-{baby}-{father}-{today}.pdf")).display().to_string()}),
        ),
        (
            "open_printout",
            json!({"file": ipc.db.parent().expect("dir").join("packs")
                .join(format!("pack-{baby}-{father}-{today}.pdf")).display().to_string()}),
        ),
        (
            "save_printout",
            json!({"file": ipc.db.parent().expect("dir").join("packs")
                .join(format!("pack-{baby}-{father}-{today}.pdf")).display().to_string()}),
        ),
        (
            "print_printout",
            json!({"file": ipc.db.parent().expect("dir").join("packs")
                .join(format!("pack-{baby}-{father}-{today}.pdf")).display().to_string()}),
        ),
        ("visit_checklist", json!({"childId": baby})),
        ("packs_due", json!({})),
        ("list_accounts", json!({})),
        (
            "add_account",
            json!({"account": {"username": "sam", "displayName": "Sam Visitor",
            "role": "practitioner", "password": PASSWORD, "passwordAgain": PASSWORD}}),
        ),
        ("audit_recent", json!({"before": null})),
        ("audit_about_person", json!({"personId": baby})),
        ("check_audit", json!({})),
        (
            "save_protection_settings",
            json!({"settings": {"idleLockMinutes": "5",
            "backupFolder": ipc.db.parent().expect("dir").join("backups").display().to_string(),
            "backupEveryDays": "1"}}),
        ),
        ("backup_now", json!({})),
        ("unlock_with_recovery_key", json!({"recoveryKey": recovery})),
        ("recheck_database", json!({})),
        ("lock", json!({"idle": false})),
        ("login", json!({"username": "ana", "password": PASSWORD})),
    ];
    for (cmd, args) in steps {
        let before = ipc.audit_rows();
        let version = ipc.version();
        ipc.ok(cmd, args);
        let after = ipc.audit_rows();
        let exempt = NOT_AUDITED.iter().any(|(c, _)| *c == cmd);
        if exempt {
            assert_eq!(
                after, before,
                "{cmd} touches no record but wrote an audit row"
            );
        } else {
            assert!(after > before, "{cmd} wrote no audit row");
            // The check the fuzz tests rely on sees every commit.
            assert_ne!(ipc.version(), version, "{cmd} committed unseen");
        }
        seen.insert(cmd);
    }
    // An account turned off; a second record of the mother, whose link is ended and which is
    // then merged into hers.
    let sam = ipc
        .ok("list_accounts", json!({}))
        .as_array()
        .expect("accounts")
        .iter()
        .find(|a| a["username"] == "sam")
        .and_then(|a| a["id"].as_i64())
        .expect("sam");
    let copy = ipc.ok(
        "add_member",
        json!({"input": {"childId": baby, "kind": "other_relative",
               "who": {"person": person("Kayla", "Reed-Cole", "1999-03-04", "female"), "notADuplicate": true},
               "residence": {"lives": "with_child"}}}),
    )["personId"]
        .as_i64()
        .expect("copy id");
    let link = ipc.ok("person_view", json!({"personId": copy}))["relationships"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["canEnd"] == true))
        .and_then(|r| r["id"].as_i64())
        .expect("a link that can end");
    for (cmd, args) in [
        (
            "reset_password",
            json!({"accountId": sam, "password": "new long password",
                   "passwordAgain": "new long password"}),
        ),
        (
            "set_account_active",
            json!({"accountId": sam, "active": false}),
        ),
        (
            "end_relationship",
            json!({"relationshipId": link, "endedOn": today}),
        ),
        (
            "merge_people",
            json!({"keepId": mother, "duplicateId": copy}),
        ),
    ] {
        let before = ipc.audit_rows();
        ipc.ok(cmd, args);
        assert!(ipc.audit_rows() > before, "{cmd} wrote no audit row");
        seen.insert(cmd);
    }
    // A new key: refused while another connection has the file open (the observer here),
    // with the session carrying on; then, alone, the change goes through and the session
    // carries on with the new key.
    ipc.ok("prepare_key_change", json!({}));
    seen.insert("prepare_key_change");
    let refused = ipc.call("change_key", json!({})).expect_err("busy");
    assert!(
        refused["message"]
            .as_str()
            .is_some_and(|m| m.contains("another program")),
        "{refused}"
    );
    ipc.ok("list_caseload", json!({}));
    ipc.observer = None;
    // A refused change drops the prepared key (nobody needs it): prepare again.
    let err = ipc
        .call("change_key", json!({}))
        .expect_err("nothing prepared");
    assert_eq!(err["code"], "invalid_input", "{err}");
    let recovery_now = ipc.ok("prepare_key_change", json!({}));
    ipc.ok("change_key", json!({}));
    assert_ne!(recovery_now.as_str(), Some(recovery.as_str()));
    let key = KeyringEntry::for_database(&ipc.db)
        .and_then(|e| e.load(&ipc.db))
        .expect("key");
    ipc.observer = Some(Store::open(&ipc.db, &key).expect("observer with the new key"));
    ipc.ok("list_caseload", json!({}));
    let last = ipc
        .observer
        .as_ref()
        .expect("observer")
        .read(|r| r.recent_audit(None, 2))
        .expect("audit");
    assert!(last.iter().any(|e| e.action == "key.change"), "{last:?}");
    seen.insert("change_key");

    // Restoring (from the start screen) writes its row into the restored database. (A
    // backup is made under the new key: the one made before opens only with the old key.)
    ipc.ok("backup_now", json!({}));
    let mut backups: Vec<PathBuf> =
        std::fs::read_dir(ipc.db.parent().expect("dir").join("backups"))
            .expect("backups")
            .map(|e| e.expect("entry").path())
            .collect();
    backups.sort();
    let backup = backups.pop().expect("the new backup");
    ipc.ok("lock", json!({}));
    let restore =
        json!({"file": backup.display().to_string(), "username": "ana", "password": PASSWORD});
    let refused = ipc
        .call("restore_backup", restore.clone())
        .expect_err("not damaged");
    assert_eq!(refused["code"], "not_allowed", "{refused}");
    // Damage the file: the start check finds it, and the restore is offered.
    ipc.observer = None;
    let mut bytes = std::fs::read(&ipc.db).expect("read");
    let at = bytes.len() / 2;
    for b in &mut bytes[at..at + 64] {
        *b ^= 0xA5;
    }
    std::fs::write(&ipc.db, &bytes).expect("write");
    assert_eq!(ipc.ok("recheck_database", json!({}))["stage"], "problem");
    ipc.ok(
        "restore_backup",
        json!({"file": backup.display().to_string(), "username": "ana", "password": PASSWORD}),
    );
    let key = KeyringEntry::for_database(&ipc.db)
        .and_then(|e| e.load(&ipc.db))
        .expect("key");
    let restored = Store::open(&ipc.db, &key).expect("restored");
    let last = restored
        .read(|r| r.recent_audit(None, 1))
        .expect("audit")
        .remove(0);
    assert_eq!(last.action, "backup.restore");
    seen.insert("restore_backup");

    let missing: Vec<&&str> = COMMANDS.iter().filter(|c| !seen.contains(**c)).collect();
    assert!(missing.is_empty(), "commands not checked: {missing:?}");
}

/// SplitMix64: small, seeded, so a failure can be replayed from the seed it prints.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that has broken programs before: empty, blank, huge, control and direction
/// characters, SQL, markup, look-alike digits, impossible dates, almost-valid identifiers.
const NASTY: &[&str] = &[
    "",
    " ",
    "\t\n",
    "\u{0}",
    "a\u{0}b",
    "\u{202E}evil",
    "\u{200B}",
    "Zoë",
    "ZOË\u{301}",
    "😀",
    "٩٨٧",
    "９９９ ０００ ００１８",
    "'; DROP TABLE person; --",
    "\" OR 1=1 --",
    "<script>alert(1)</script>",
    "%s%n",
    "../../etc/passwd",
    "/",
    "2026-02-30",
    "31/12/1899",
    "0000-00-00",
    "9999-12-31",
    "999 000 0018",
    "9990000018",
    "999 000 0019",
    "ZZ99 3VZ",
    "NG1 1AA",
    "SW1A 0AA",
    "-1",
    "0",
    "1e309",
    "NaN",
    "null",
    "true",
    "known",
    "not_known",
    "elsewhere",
    "with_child",
    "overnight",
    "birth_father",
    "admin",
    "practitioner",
    "mother",
];

fn nasty_string(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => "x".repeat(rng.below(20_000)),
        1 => {
            const PARTS: &[char] = &[
                'a', 'Z', '0', ' ', '-', '\'', '\u{7}', '\u{2028}', 'é', '中', '\u{FEFF}', '/',
            ];
            (0..rng.below(80)).map(|_| *rng.pick(PARTS)).collect()
        }
        _ => (*rng.pick(NASTY)).to_owned(),
    }
}

fn random_scalar(rng: &mut Rng) -> Value {
    match rng.below(9) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(50)),
        2 => json!(rng.below(60) as i64),
        3 => json!(*rng.pick(&[-1i64, 0, i64::MAX, i64::MIN, 1 << 53])),
        4 => json!(*rng.pick(&[1.5f64, -0.0, 1e308, f64::MIN_POSITIVE])),
        5 => json!([]),
        6 => json!({}),
        7 => json!([nasty_string(rng), 1, null]),
        _ => Value::String(nasty_string(rng)),
    }
}

/// A variation on a valid request: some fields changed, dropped, retyped or added.
fn mutate(template: &Value, rng: &mut Rng, depth: u32) -> Value {
    if depth > 0 && rng.chance(8) {
        return random_scalar(rng);
    }
    match template {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, value) in map {
                if rng.chance(6) {
                    continue;
                }
                let value = if rng.chance(45) {
                    mutate(value, rng, depth + 1)
                } else {
                    value.clone()
                };
                out.insert(key.clone(), value);
            }
            if rng.chance(4) {
                out.insert("unexpected".into(), random_scalar(rng));
            }
            Value::Object(out)
        }
        Value::String(_) => Value::String(nasty_string(rng)),
        Value::Number(_) => {
            if rng.chance(50) {
                json!(rng.below(60) as i64)
            } else {
                random_scalar(rng)
            }
        }
        Value::Bool(_) => {
            if rng.chance(70) {
                Value::Bool(rng.chance(50))
            } else {
                random_scalar(rng)
            }
        }
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| mutate(v, rng, depth + 1)).collect())
        }
        Value::Null => random_scalar(rng),
    }
}

/// Valid requests for every command that works while someone is logged in (the session
/// commands are fuzzed on their own), with the family's ids.
fn templates(ipc: &Ipc, baby: i64, mother: i64, father: i64) -> Vec<(&'static str, Value)> {
    let folder = ipc
        .db
        .parent()
        .expect("dir")
        .join("backups")
        .display()
        .to_string();
    vec![
        ("app_status", json!({})),
        ("vocabulary", json!({})),
        ("still_here", json!({})),
        ("recheck_database", json!({})),
        ("get_settings", json!({})),
        (
            "save_settings",
            json!({"settings": {"clinicName": "Meadow Lane", "teamPhone": "0115 496 0000",
            "teamEmail": "team@example.nhs.uk", "teamAddress": "1 Road", "localServices": "Group"}}),
        ),
        ("list_caseload", json!({})),
        (
            "add_child",
            json!({"input": {"child": person("Ava", "Hart", "2026-10-01", "female"),
            "home": home("1 Lane", "NG2 2BB"), "namedPractitioner": "Sam", "notADuplicate": false, "existingId": null}}),
        ),
        ("family_network", json!({"childId": baby})),
        (
            "add_member",
            json!({"input": {"childId": baby, "kind": "grandparent",
            "who": {"person": person("Rose", "Reed", "1960-01-02", "female"), "existingId": null, "notADuplicate": false},
            "partnerOfId": null, "parentalResponsibility": "no",
            "residence": {"lives": "elsewhere", "home": home("5 Hill", "NG9 9ZZ")},
            "care": {"kind": "overnight", "frequency": "Fridays", "atCarersHome": true}, "since": "2026-10-01"}}),
        ),
        (
            "add_other_child",
            json!({"input": {"parentId": father, "kind": "birth_father",
            "who": {"person": person("Mia", "Cole", "2018-02-03", "female")},
            "residence": {"lives": "not_known", "home": home("", "")}}}),
        ),
        ("search_people", json!({"query": "Reed"})),
        ("person_view", json!({"personId": mother})),
        ("person_duplicates", json!({"personId": mother})),
        (
            "merge_people",
            json!({"keepId": mother, "duplicateId": father}),
        ),
        ("person_history", json!({"personId": father})),
        ("person_draft", json!({"personId": father})),
        (
            "update_person",
            json!({"personId": father, "person": person("Dean", "Cole", "1997-06-07", "male")}),
        ),
        (
            "add_care",
            json!({"input": {"childId": baby, "carerId": father,
            "care": {"kind": "daytime", "frequency": "Mondays", "atCarersHome": false}, "source": "father"}}),
        ),
        (
            "add_restriction",
            json!({"input": {"subjectId": mother, "withheldFromId": father,
            "fact": "phone", "reason": "Asked us not to"}}),
        ),
        (
            "end_relationship",
            json!({"relationshipId": 3, "endedOn": ""}),
        ),
        (
            "move_home",
            json!({"input": {"personId": mother, "home": home("2 Park", "NG4 4AA"), "source": "mother"}}),
        ),
        ("list_accounts", json!({})),
        (
            "add_account",
            json!({"account": {"username": "lee", "displayName": "Lee Nurse",
            "role": "practitioner", "password": PASSWORD, "passwordAgain": PASSWORD}}),
        ),
        (
            "set_account_active",
            json!({"accountId": 2, "active": true}),
        ),
        (
            "reset_password",
            json!({"accountId": 2, "password": "new long password",
                   "passwordAgain": "new long password"}),
        ),
        ("audit_recent", json!({"before": 50})),
        ("audit_about_person", json!({"personId": baby})),
        ("check_audit", json!({})),
        ("get_protection_settings", json!({})),
        (
            "save_protection_settings",
            json!({"settings": {"idleLockMinutes": "30", "backupFolder": folder,
            "backupEveryDays": "7"}}),
        ),
        ("backup_now", json!({})),
        (
            "family_gaps",
            json!({"childId": baby, "asOf": "2026-11-01"}),
        ),
        (
            "record_contact",
            json!({"childId": baby, "contact": {"kind": "joint_appointment", "date": "2026-11-20",
            "present": [mother, father], "othersPresent": "Interpreter", "notes": "Talked about sleep"}}),
        ),
        ("contact_view", json!({"contactId": 1})),
        (
            "answer_gap",
            json!({"childId": baby, "answer": {"rule": "birth_father", "about": null,
            "answer": "closed", "outcome": "", "words": "Recorded elsewhere", "revisitOn": "", "contactId": null}}),
        ),
        (
            "answer_gap",
            json!({"childId": baby, "answer": {"rule": "phone", "about": father,
            "answer": "asked", "outcome": "declined", "words": "Will not say", "revisitOn": "2027-01-10", "contactId": 1}}),
        ),
        (
            "give_pack",
            json!({"childId": baby, "pack": {"recipient": father, "sentOn": "2026-11-02", "method": "by_hand",
            "leaflets": ["crying", "safer_sleep"]}}),
        ),
        (
            "offer_contact",
            json!({"childId": baby, "offer": {"person": father, "kind": "joint_appointment",
            "offeredOn": "2026-11-03", "response": "declined", "notes": "Works shifts"}}),
        ),
        (
            "confirm_details",
            json!({"childId": baby, "personId": mother, "source": "mother"}),
        ),
        (
            "set_parental_responsibility",
            json!({"childId": baby, "personId": father, "answer": "no"}),
        ),
        (
            "state_none",
            json!({"childId": baby, "personId": mother, "statement": "does_not_care", "source": "mother"}),
        ),
        ("caseload_gaps", json!({"practitioner": "Sam"})),
        ("supervision_list", json!({})),
        ("gap_counts", json!({})),
        ("gap_rules", json!({})),
        (
            "set_gap_rule",
            json!({"rule": "phone", "enabled": true, "reason": "Back on"}),
        ),
        (
            "save_gap_settings",
            json!({"settings": {"confirmWithinMonths": "12", "asksBeforeSupervision": "4"}}),
        ),
        ("pack_choice", json!({"childId": baby, "personId": mother})),
        (
            "make_pack",
            json!({"pack": {"childId": baby, "personId": father, "leaflets": ["crying"],
            "largePrint": true, "invitation": false, "method": ""}, "record": false}),
        ),
        ("open_printout", json!({"file": "/etc/passwd"})),
        ("record_pack", json!({"file": "/etc/passwd"})),
        ("save_printout", json!({"file": "/etc/passwd"})),
        ("print_printout", json!({"file": "/etc/passwd"})),
        ("visit_checklist", json!({"childId": baby})),
        (
            "pack_choice",
            json!({"childId": baby, "personId": father, "again": 1}),
        ),
        ("packs_due", json!({})),
    ]
}

/// Saves the clinic's name and phone, which every pack prints.
fn save_clinic(ipc: &Ipc) {
    ipc.ok(
        "save_settings",
        json!({"settings": {"clinicName": "Meadow Lane", "teamPhone": "0115 496 0000",
        "teamEmail": "", "teamAddress": "", "localServices": ""}}),
    );
}

#[test]
fn a_made_pack_is_deleted_when_kinfold_locks() {
    let mut ipc = Ipc::new();
    ipc.set_up();
    let (baby, _mother, father) = family(&ipc);
    save_clinic(&ipc);
    let made = ipc.ok(
        "make_pack",
        json!({"pack": {"childId": baby, "personId": father, "leaflets": ["crying"],
        "largePrint": false, "invitation": false, "method": ""}, "record": false}),
    );
    let file = std::path::PathBuf::from(made["printout"]["file"].as_str().expect("file"));
    assert!(file.is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by the owner only");
    }
    ipc.ok("lock", json!({"idle": false}));
    assert!(
        !file.exists(),
        "the PDF outside the encrypted database is gone"
    );
}

#[test]
fn the_pack_recorded_is_the_pack_that_was_made_and_each_made_file_is_kept_apart() {
    let mut ipc = Ipc::new();
    ipc.set_up();
    let (baby, _mother, father) = family(&ipc);
    save_clinic(&ipc);
    let pack = |leaflets: Value, large: bool| {
        json!({"pack": {"childId": baby, "personId": father, "leaflets": leaflets,
        "largePrint": large, "invitation": false, "method": "by_hand"}, "record": false})
    };
    let first = ipc.ok("make_pack", pack(json!(["crying"]), false));
    let first_file = first["printout"]["file"].as_str().expect("file").to_owned();
    let first_pdf = std::fs::read(&first_file).expect("first pdf");
    // The same pack made again with other choices is a new file; the first is untouched.
    let second = ipc.ok("make_pack", pack(json!(["safer_sleep", "feeding"]), true));
    let second_file = second["printout"]["file"]
        .as_str()
        .expect("file")
        .to_owned();
    assert_ne!(first_file, second_file);
    assert_eq!(std::fs::read(&first_file).expect("first pdf"), first_pdf);

    // Recording the first records the first, whatever was made since; twice is once.
    let rows = ipc.audit_rows();
    let recorded = ipc.ok("record_pack", json!({"file": first_file}));
    let id = recorded["sentId"].as_i64().expect("sent id");
    assert_eq!(recorded["printout"]["file"], first_file.as_str());
    assert_eq!(recorded["largePrint"], false);
    assert_eq!(
        ipc.ok("record_pack", json!({"file": first_file}))["sentId"],
        id
    );
    assert_eq!(
        ipc.audit_rows(),
        rows + 1,
        "one sent-log entry, one audit row"
    );
    let packs = ipc.ok("family_gaps", json!({"childId": baby}))["packs"].clone();
    let packs = packs.as_array().expect("packs");
    assert_eq!(packs.len(), 1, "{packs:?}");
    let again = ipc.ok(
        "pack_choice",
        json!({"childId": baby, "personId": father, "again": id}),
    )["again"]
        .clone();
    assert_eq!(again["leaflets"], json!(["crying"]));
    assert_eq!(again["largePrint"], false);

    // A visit checklist is not a pack, and nothing else can be recorded.
    let checklist = ipc.ok("visit_checklist", json!({"childId": baby}));
    let version = ipc.version();
    for file in [checklist["file"].as_str().expect("file"), "/etc/passwd"] {
        let refused = ipc
            .call("record_pack", json!({"file": file}))
            .expect_err("not a pack made here");
        assert_eq!(refused["code"], "bad_request", "{refused}");
    }
    assert_eq!(ipc.version(), version, "refusals change nothing");
}

#[test]
fn a_saved_copy_is_the_pdf_itself_private_and_audited_and_nothing_else_can_be_saved() {
    let mut ipc = Ipc::new();
    ipc.set_up();
    let (baby, mother, father) = family(&ipc);
    let made = ipc.ok("visit_checklist", json!({"childId": baby}));
    let file = made["file"].as_str().expect("file").to_owned();
    let sheets = made["sheets"].as_array().expect("sheets");
    assert_eq!(sheets.len() as u64, made["pages"].as_u64().expect("pages"));
    let words: Vec<&str> = sheets
        .iter()
        .flat_map(|s| s["marks"].as_array().expect("marks"))
        .filter(|m| m["kind"] == "text")
        .filter_map(|m| m["text"].as_str())
        .collect();
    assert!(words.iter().any(|w| w.contains("Kayla Reed")), "{words:?}");
    assert!(words.iter().any(|w| w.contains("Dean Cole")), "{words:?}");

    // Saved: the same bytes, owner-only, and an audit row naming the family and the place.
    let rows = ipc.audit_rows();
    let saved = ipc.ok("save_printout", json!({"file": file}));
    let saved = PathBuf::from(saved.as_str().expect("saved path"));
    assert_eq!(
        std::fs::read(&saved).expect("copy"),
        std::fs::read(&file).expect("original")
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&saved)
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o077, 0, "readable by the owner only");
    }
    assert_eq!(ipc.audit_rows(), rows + 1);
    let observer = ipc.observer.as_ref().expect("observer");
    for person in [baby, mother, father] {
        let about = observer
            .read(|r| r.audit_about_person(kinfold_core::person::PersonId(person)))
            .expect("audit");
        let row = about
            .iter()
            .find(|e| e.action == "printout.save_copy")
            .unwrap_or_else(|| panic!("no saved-copy row about {person}"));
        assert!(row
            .detail
            .as_deref()
            .is_some_and(|d| d.contains(&saved.display().to_string())));
    }

    // Cancelled: nothing written, nothing recorded.
    *ipc.save_to.lock().expect("lock") = None;
    let version = ipc.version();
    assert_eq!(ipc.ok("save_printout", json!({"file": file})), Value::Null);
    assert_eq!(ipc.version(), version);
    // A "folder" that is a file: nothing can be written in it.
    *ipc.save_to.lock().expect("lock") = Some(ipc.db.clone());
    let refused = ipc
        .call("save_printout", json!({"file": file}))
        .expect_err("cannot write there");
    assert_eq!(refused["code"], "file_not_saved");
    assert_eq!(ipc.version(), version, "no audit row for a copy not made");

    // Only printouts made in this session: not any file, and not one from before a lock.
    for other in ["/etc/passwd", saved.to_str().expect("utf-8")] {
        let refused = ipc
            .call("save_printout", json!({"file": other}))
            .expect_err("not a printout");
        assert_eq!(refused["code"], "bad_request");
        let refused = ipc
            .call("open_printout", json!({"file": other}))
            .expect_err("not a printout");
        assert_eq!(refused["code"], "bad_request");
    }
    ipc.ok("lock", json!({"idle": false}));
    ipc.ok("login", json!({"username": "ana", "password": PASSWORD}));
    let version = ipc.version();
    let refused = ipc
        .call("open_printout", json!({"file": file}))
        .expect_err("gone at the lock");
    assert_eq!(refused["code"], "bad_request");
    assert_eq!(ipc.version(), version);
}

#[test]
fn a_pack_in_the_sent_log_can_be_printed_again_for_its_recipient_only() {
    let mut ipc = Ipc::new();
    ipc.set_up();
    let (baby, mother, father) = family(&ipc);
    save_clinic(&ipc);
    let sent = ipc.ok(
        "make_pack",
        json!({"pack": {"childId": baby, "personId": father, "leaflets": ["crying", "safer_sleep"],
        "largePrint": true, "invitation": false, "method": "by_hand"}, "record": true}),
    );
    let id = sent["sentId"].as_i64().expect("sent id");
    let again = ipc.ok(
        "pack_choice",
        json!({"childId": baby, "personId": father, "again": id}),
    )["again"]
        .clone();
    assert_eq!(again["id"], id);
    assert_eq!(again["leaflets"], json!(["crying", "safer_sleep"]));
    assert_eq!(again["largePrint"], true);
    assert_eq!(again["invitation"], false);
    assert_eq!(again["method"], "by_hand");
    assert_eq!(again["newer"], json!([]));
    let packs = ipc.ok("family_gaps", json!({"childId": baby}))["packs"].clone();
    assert_eq!(packs[0]["id"], id);
    assert_eq!(packs[0]["canPrintAgain"], true);
    // Not for someone else, and not an entry that does not exist.
    for (person, entry) in [(mother, id), (father, id + 100)] {
        let refused = ipc
            .call(
                "pack_choice",
                json!({"childId": baby, "personId": person, "again": entry}),
            )
            .expect_err("not theirs");
        assert_eq!(refused["code"], "invalid_input");
    }
}

/// Commands that are slow by design.
const SLOW: &[&str] = &["add_account", "reset_password", "backup_now", "check_audit"];

/// Commands whose refusals are recorded on purpose (a wrong login is a security event).
const REFUSAL_RECORDED: &[&str] = &["login"];

/// Sends `calls` generated requests; each must be answered (an answer, a typed error, or
/// Tauri's own refusal of arguments of the wrong shape) and a refused one must change no
/// table. Returns how many were refused.
fn fuzz(ipc: &Ipc, templates: &[(&'static str, Value)], seed: u64, calls: usize) -> usize {
    let mut rng = Rng(seed);
    let mut refused = 0;
    let mut n = 0;
    // The database's version after the last call: a refused call must leave it unchanged.
    let mut before = ipc.version();
    while n < calls {
        let (cmd, template) = rng.pick(templates);
        // The slow ones on purpose (Argon2, a file per backup, the whole chain) come up a
        // quarter as often, so the calls go where the code is.
        if SLOW.contains(cmd) && !rng.chance(25) {
            continue;
        }
        n += 1;
        let args = if rng.chance(10) {
            template.clone()
        } else {
            mutate(template, &mut rng, 0)
        };
        let answer = ipc.call(cmd, args.clone());
        let replay = || format!("seed {seed}, call {n}: {cmd} {args}");
        let Err(error) = answer else {
            before = ipc.version();
            continue;
        };
        refused += 1;
        match &error {
            Value::Object(e) => {
                let code = e.get("code").and_then(Value::as_str).unwrap_or_default();
                assert!(!code.is_empty(), "untyped error {error} for {}", replay());
                assert!(
                    e.get("message")
                        .and_then(Value::as_str)
                        .is_some_and(|m| !m.is_empty()),
                    "error without a message {error} for {}",
                    replay()
                );
                assert_ne!(code, "locked", "the session closed: {}", replay());
                assert_ne!(
                    code,
                    "storage",
                    "a database error leaked through: {error} for {}",
                    replay()
                );
            }
            // Tauri refuses arguments of the wrong shape before the command runs; the
            // window's backend.js turns this into code `bad_request`.
            Value::String(message) => assert!(
                message.contains("invalid args") || message.contains("invalid type"),
                "unexpected refusal {message} for {}",
                replay()
            ),
            other => panic!("odd error {other} for {}", replay()),
        }
        let after = ipc.version();
        if !REFUSAL_RECORDED.contains(cmd) {
            assert_eq!(
                after,
                before,
                "a refused request wrote something: {}",
                replay()
            );
        }
        before = after;
    }
    refused
}

fn fuzzed_app() -> (Ipc, Vec<(&'static str, Value)>) {
    let mut ipc = Ipc::new();
    ipc.set_up();
    let (baby, mother, father) = family(&ipc);
    let templates = templates(&ipc, baby, mother, father);
    let covered: BTreeSet<&str> = templates.iter().map(|(c, _)| *c).collect();
    let session: BTreeSet<&str> = [
        "setup",
        "login",
        "lock",
        "unlock_with_recovery_key",
        "restore_backup",
        // Take no input; changing the key under the fuzzing would only test the observer.
        "prepare_key_change",
        "change_key",
    ]
    .into();
    let missing: Vec<&&str> = COMMANDS
        .iter()
        .filter(|c| !covered.contains(**c) && !session.contains(**c))
        .collect();
    assert!(missing.is_empty(), "commands not fuzzed: {missing:?}");
    (ipc, templates)
}

/// Calls per fuzz test of the record commands: three tests, 99,000 calls; with the session
/// test's calls, over 100,000 generated requests in all. Each test starts a fresh app every
/// `CALLS_PER_APP` calls, so that the data the accepted calls add does not slow the rest.
const CALLS: usize = 33_000;
const CALLS_PER_APP: usize = 1_500;
/// Session calls: logins are slow on purpose (Argon2), so fewer.
const SESSION_CALLS: usize = 1_000;

/// Runs `CALLS` generated requests from `seed` against a series of fresh apps.
fn fuzz_record_commands(seed: u64) {
    let mut refused = 0;
    let mut made = 0;
    let mut app = 0;
    while made < CALLS {
        let (ipc, templates) = fuzzed_app();
        let calls = CALLS_PER_APP.min(CALLS - made);
        refused += fuzz(&ipc, &templates, seed * 1_000 + app, calls);
        made += calls;
        app += 1;
    }
    // Both sides of every check were exercised: plenty accepted, plenty refused.
    assert!(
        refused > CALLS / 5 && refused < CALLS * 4 / 5,
        "{refused} of {CALLS} refused"
    );
}

#[test]
fn generated_requests_to_record_commands_get_answers_and_refusals_write_nothing_1() {
    fuzz_record_commands(1);
}

#[test]
fn generated_requests_to_record_commands_get_answers_and_refusals_write_nothing_2() {
    fuzz_record_commands(2);
}

#[test]
fn generated_requests_to_record_commands_get_answers_and_refusals_write_nothing_3() {
    fuzz_record_commands(3);
}

#[test]
fn generated_session_requests_never_open_the_records_to_the_wrong_person() {
    // Before setup: generated setups and logins. Only a valid setup opens the database.
    let ipc = Ipc::new();
    let mut rng = Rng(4);
    let setup = json!({"admin": {"username": "ana", "displayName": "Ana Admin", "role": "admin",
                                  "password": PASSWORD, "passwordAgain": PASSWORD}});
    let login = json!({"username": "ana", "password": PASSWORD});
    for n in 0..SESSION_CALLS / 2 {
        let (cmd, template) = if rng.chance(50) {
            ("setup", &setup)
        } else {
            ("login", &login)
        };
        let args = mutate(template, &mut rng, 0);
        if args == *template {
            continue;
        }
        match ipc.call(cmd, args.clone()) {
            Ok(answer) => {
                // A mutation that is still a valid first admin is a real setup.
                assert_eq!(cmd, "setup", "call {n}: {args} logged in: {answer}");
                let status = ipc.ok("app_status", json!({}));
                assert_eq!(status["stage"], "open", "{status}");
                return finish_session_fuzz(ipc, rng, n);
            }
            Err(e) => assert!(
                e.is_string() || e["code"].as_str().is_some_and(|c| !c.is_empty()),
                "call {n}: {args}: {e}"
            ),
        }
        assert!(
            !kinfold_core::unlock::database_exists(&ipc.db),
            "call {n}: a refused {cmd} made a database: {args}"
        );
    }
    finish_session_fuzz(ipc, rng, SESSION_CALLS / 2)
}

/// After setup: generated logins never let anyone in with a wrong password, and locking
/// with generated arguments never leaves the records open.
fn finish_session_fuzz(mut ipc: Ipc, mut rng: Rng, done: usize) {
    if ipc
        .call("app_status", json!({}))
        .map(|s| s["stage"] == "first_run")
        .unwrap_or(true)
    {
        ipc.set_up();
    } else {
        let key = KeyringEntry::for_database(&ipc.db)
            .and_then(|e| e.load(&ipc.db))
            .expect("key");
        ipc.observer = Some(Store::open(&ipc.db, &key).expect("observer"));
    }
    let _ = ipc.call("lock", json!({}));
    let login = json!({"username": "ana", "password": PASSWORD});
    for n in done..SESSION_CALLS {
        let args = mutate(&login, &mut rng, 0);
        let right = args.get("password").and_then(Value::as_str) == Some(PASSWORD)
            && args
                .get("username")
                .and_then(Value::as_str)
                .is_some_and(|u| u.trim().eq_ignore_ascii_case("ana"));
        match ipc.call("login", args.clone()) {
            Ok(_) => {
                assert!(right, "call {n}: logged in with {args}");
                let lock = mutate(&json!({"idle": false}), &mut rng, 0);
                let _ = ipc.call("lock", lock);
                let _ = ipc.call("lock", json!({}));
            }
            Err(e) => {
                let code = e["code"].as_str().unwrap_or("tauri");
                assert!(
                    !right || code == "login_paused",
                    "call {n}: the right password was refused ({e}): {args}"
                );
            }
        }
        assert_ne!(
            ipc.call("app_status", json!({}))
                .map(|s| s["stage"].clone())
                .ok(),
            Some(json!("open")),
            "call {n}: the records are open after {args}"
        );
    }
}
