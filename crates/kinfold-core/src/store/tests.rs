//! Tests of the store against real database files.

use super::*;
use crate::actor::Role;
use crate::settings::{ClinicSettings, ClinicSettingsDraft};

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic").join("kinfold.db");
    (dir, path)
}

fn nurse() -> Actor {
    Actor::new("Sam Health-Visitor", Role::Practitioner)
}

fn settings(name: &str) -> ClinicSettings {
    ClinicSettingsDraft {
        clinic_name: name.into(),
        team_phone: "0115 496 0000".into(),
        ..Default::default()
    }
    .validate()
    .expect("valid settings")
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

#[test]
fn open_creates_the_file_with_care_record_settings() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    let conn = lock(&store.writer);
    let get = |pragma: &str| -> String {
        conn.query_row(&format!("PRAGMA {pragma}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| format!("{v:?}"))
        .unwrap()
    };
    assert_eq!(get("journal_mode"), r#"Text("wal")"#);
    assert_eq!(get("synchronous"), "Integer(2)", "synchronous must be FULL");
    assert_eq!(get("foreign_keys"), "Integer(1)");
    assert_eq!(get("cache_size"), format!("Integer({})", -CACHE_KIB));
    assert_eq!(
        get("user_version"),
        format!("Integer({})", migrations::latest_version())
    );
}

#[cfg(unix)]
#[test]
fn database_file_and_folder_are_private_to_the_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("A")))
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    for side in ["kinfold.db-wal", "kinfold.db-shm"] {
        let side = path.with_file_name(side);
        assert!(
            side.exists(),
            "{} should exist while the store is open",
            side.display()
        );
        assert_eq!(mode(&side), 0o600, "{}", side.display());
    }
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[test]
fn settings_survive_closing_and_reopening() {
    let (_dir, path) = temp_db();
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.read(|r| r.clinic_settings()).unwrap(), None);
        store
            .write(&nurse(), |w| {
                w.save_clinic_settings(&settings("Meadow Lane"))
            })
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let saved = store.read(|r| r.clinic_settings()).unwrap();
    assert_eq!(saved, Some(settings("Meadow Lane")));
}

#[test]
fn every_save_writes_an_audit_row_with_before_and_after() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("First")))
        .unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("Second")))
        .unwrap();
    let events = store
        .read(|r| r.audit_events("clinic_settings", None))
        .unwrap();
    assert_eq!(events.len(), 2);
    let last = &events[1];
    assert_eq!(last.actor, "Sam Health-Visitor");
    assert_eq!(last.role, "practitioner");
    assert_eq!(last.action, "settings.save");
    assert_eq!(last.outcome, "ok");
    let detail: serde_json::Value = serde_json::from_str(last.detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["before"]["clinic_name"], "First");
    assert_eq!(detail["after"]["clinic_name"], "Second");
}

#[test]
fn a_failed_write_keeps_nothing_not_even_its_audit_row() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let result: Result<()> = store.write(&nurse(), |w| {
        w.save_clinic_settings(&settings("Never kept"))?;
        Err(Error::Migration(
            "simulated failure after the change".into(),
        ))
    });
    assert!(result.is_err());
    assert_eq!(store.read(|r| r.clinic_settings()).unwrap(), None);
    assert!(store
        .read(|r| r.audit_events("clinic_settings", None))
        .unwrap()
        .is_empty());
}

#[test]
fn the_audit_trail_refuses_updates_and_deletes() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("A")))
        .unwrap();
    let conn = lock(&store.writer);
    let update = conn.execute("UPDATE audit_event SET actor = 'someone else'", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit_event", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn the_reading_connection_cannot_write() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path).unwrap();
    let conn = lock(&store.reader);
    let err = conn
        .execute("INSERT INTO audit_event (at, actor, role, action, record_kind, outcome) VALUES ('','','','','','')", [])
        .unwrap_err();
    assert_eq!(err.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly));
}

#[test]
fn a_database_from_a_newer_kinfold_is_refused_and_left_alone() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", migrations::latest_version() + 1)
            .unwrap();
    }
    let before = file_bytes(&path);
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), "database_too_new");
    assert!(
        err.to_string().contains("newer version of Kinfold"),
        "{err}"
    );
    assert_eq!(file_bytes(&path), before, "the file must not change");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let (_dir, path) = temp_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let junk = b"this is a shopping list, not a database. ".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert_eq!(err.code(), "database_unavailable");
    assert!(err.to_string().contains("not a Kinfold database"), "{err}");
    assert_eq!(file_bytes(&path), junk);
}

#[test]
fn an_unwritable_location_is_a_clear_error() {
    let (dir, _) = temp_db();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"x").unwrap();
    let err = Store::open(&blocker.join("kinfold.db"))
        .err()
        .expect("refused");
    assert_eq!(err.code(), "database_unavailable");
    assert!(err.to_string().contains("cannot be created"), "{err}");
}
