//! Opening a database safely. A new database gets a new key, saved in the keyring before the
//! file exists and shown once as a recovery key. An existing database is only ever opened with
//! the key it already has: a missing, unreachable or wrong key is an error, never a reason to
//! make a new key or an unencrypted file.

use std::path::Path;

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::keys::{DatabaseKey, KeyringEntry, RecoveryKey};
use crate::store::Store;

/// Whether there is a database at `path` that holds anything. An empty file (left by a crash
/// before the first write) holds nothing, so it can be set up afresh; a `-wal` file with
/// content means there is a database even if the main file is still empty.
pub fn database_exists(path: &Path) -> bool {
    let has_content = |p: &Path| std::fs::metadata(p).is_ok_and(|m| m.len() > 0);
    has_content(path) || has_content(&side_file(path, "-wal"))
}

pub(crate) use crate::store::side_path as side_file;

/// Makes a new database at `path`: a new random key, saved in the keyring first, then the
/// encrypted file. Returns the open store and the recovery key, which is never stored and
/// must be shown to the person setting up.
pub fn create(path: &Path) -> Result<(Store, RecoveryKey)> {
    if database_exists(path) {
        return Err(Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason: "there is already a database there, so Kinfold will not make a new one"
                .to_owned(),
        });
    }
    let entry = KeyringEntry::for_database(path)?;
    if entry.exists()? {
        // A key with no file: the database may be on a drive that is not connected, or it
        // was moved. Making a new key would lose the way into it.
        return Err(Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason: "this computer's keyring already holds a key for a database there, but the \
                     file is missing. If the database is on a drive that is not connected, \
                     connect it and start Kinfold again; if it has moved, open it where it is now"
                .to_owned(),
        });
    }
    let key = DatabaseKey::generate()?;
    entry.save(&key)?;
    match Store::open(path, &key) {
        Ok(store) => Ok((store, key.recovery_key())),
        Err(e) => {
            // Nothing was made, so the key is not needed either.
            let _ = entry.delete();
            Err(e)
        }
    }
}

/// Opens the existing database at `path` with the key the keyring holds for it.
pub fn open(path: &Path) -> Result<Store> {
    if !database_exists(path) {
        return Err(no_database(path));
    }
    let key = current_key(path)?;
    Store::open(path, &key)
}

/// The key that opens the database at `path`. Normally the keyring's entry; if a change of
/// key was cut short and the file already has the new key, the new one is kept and the
/// change finished.
fn current_key(path: &Path) -> Result<DatabaseKey> {
    let entry = KeyringEntry::for_database(path)?;
    let pending = KeyringEntry::pending_for_database(path)?;
    let key = entry.load(path)?;
    if !pending.exists()? {
        return Ok(key);
    }
    if crate::store::check_backup(path, &key).is_ok() {
        pending.delete()?;
        return Ok(key);
    }
    let new = pending.load(path)?;
    crate::store::check_backup(path, &new)?;
    entry.save(&new)?;
    pending.delete()?;
    Ok(new)
}

/// The first half of giving the database a new key (an admin only): makes the new key and
/// keeps it aside in the keyring, and returns its recovery key, to be written down *before*
/// the change is made, so that the file is never under a key nobody has seen. Nothing about
/// the database changes yet; a key prepared and never used is dropped at the next open.
pub fn prepare_key_change(path: &Path, actor: &Actor) -> Result<RecoveryKey> {
    actor.require_admin("change the database key")?;
    let new = DatabaseKey::generate()?;
    KeyringEntry::pending_for_database(path)?.save(&new)?;
    Ok(new.recovery_key())
}

/// The second half: re-encrypts the file with the key prepared by [`prepare_key_change`],
/// checks it with that key, and only then makes it the keyring's key. The old recovery key
/// no longer opens the database (backups made before keep their old key).
pub fn change_key(store: Store, actor: &Actor) -> Result<()> {
    actor.require_admin("change the database key")?;
    let path = store.path().to_owned();
    drop(store);
    let entry = KeyringEntry::for_database(&path)?;
    let pending = KeyringEntry::pending_for_database(&path)?;
    if !pending.exists()? {
        return Err(Error::invalid(
            "key",
            "Show and write down the new recovery key first; then change the key",
        ));
    }
    let old = entry.load(&path)?;
    let new = pending.load(&path)?;
    crate::store::rekey(&path, &old, &new)?;
    crate::store::check_backup(&path, &new)?;
    entry.save(&new)?;
    pending.delete()?;
    Store::open(&path, &new)?.write(actor, |w| {
        w.audit("key.change", "database", None, &serde_json::json!({}))
    })?;
    Ok(())
}

/// Checks the existing database at `path` page by page with the keyring's key, without
/// writing a byte, before anything opens it for writing: a damaged file is reported and left
/// exactly as it is (for a restore to replace).
pub fn check(path: &Path) -> Result<()> {
    if !database_exists(path) {
        return Err(no_database(path));
    }
    let key = current_key(path)?;
    crate::store::check_backup(path, &key).map(|_| ())
}

/// Opens the existing database at `path` with its recovery key and, once it has opened, puts
/// the key back in the keyring so that the next start needs no recovery key.
pub fn open_with_recovery_key(path: &Path, recovery_key: &str) -> Result<Store> {
    let key = RecoveryKey::parse(recovery_key)?;
    if !database_exists(path) {
        return Err(no_database(path));
    }
    let store = crate::store::check_backup(path, &key)
        .and_then(|_| Store::open(path, &key))
        .map_err(|e| match e {
            Error::KeyWrong { .. } => Error::invalid(
                "recovery_key",
                "This recovery key does not open this database. Check it is the key written down \
             for this clinic's database (a key made before the last change of key will not work).",
            ),
            other => other,
        })?;
    KeyringEntry::for_database(path)?.save(&key)?;
    // Nobody is logged in yet; the row says how the database was opened.
    let recovery = crate::actor::Actor::new("(recovery key)", crate::actor::Role::Admin);
    store.write(&recovery, |w| {
        w.audit("key.recovered", "database", None, &serde_json::json!({}))
    })?;
    Ok(store)
}

fn no_database(path: &Path) -> Error {
    Error::DatabaseUnavailable {
        path: path.to_owned(),
        reason: "there is no database there".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::{Actor, Role};
    use crate::keys::use_memory_keyring_for_tests;
    use crate::settings::ClinicSettingsDraft;
    use std::path::PathBuf;

    fn setup() -> (tempfile::TempDir, PathBuf) {
        use_memory_keyring_for_tests();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kinfold.db");
        (dir, path)
    }

    fn entry(path: &Path) -> KeyringEntry {
        KeyringEntry::for_database(path).unwrap()
    }

    /// The database and its side files, byte for byte.
    fn files(path: &Path) -> Vec<Option<Vec<u8>>> {
        ["", "-wal", "-shm"]
            .iter()
            .map(|s| std::fs::read(side_file(path, s)).ok())
            .collect()
    }

    fn save_something(store: &Store) {
        let settings = ClinicSettingsDraft {
            clinic_name: "Meadow Lane".into(),
            team_phone: "0115 496 0000".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store
            .write(&Actor::new("admin", Role::Admin), |w| {
                w.save_clinic_settings(&settings)
            })
            .unwrap();
    }

    fn made_with_data(path: &Path) -> String {
        let (store, recovery) = create(path).unwrap();
        save_something(&store);
        recovery.as_str().to_owned()
    }

    #[test]
    fn a_new_database_gets_a_key_in_the_keyring_and_opens_with_it_again() {
        let (_dir, path) = setup();
        assert!(!database_exists(&path));
        assert!(!entry(&path).exists().unwrap());
        let recovery = made_with_data(&path);
        assert!(database_exists(&path));
        assert!(entry(&path).exists().unwrap());
        let store = open(&path).unwrap();
        assert!(store.read(|r| r.clinic_settings()).unwrap().is_some());
        drop(store);
        // The recovery key is the same key, written for people.
        let key = entry(&path).load(&path).unwrap();
        assert_eq!(key.recovery_key().as_str(), recovery);
    }

    #[test]
    fn an_existing_database_is_never_given_a_new_key() {
        let (_dir, path) = setup();
        made_with_data(&path);
        let key_before = entry(&path)
            .load(&path)
            .unwrap()
            .recovery_key()
            .as_str()
            .to_owned();
        let before = files(&path);
        let err = create(&path).err().expect("refused");
        assert_eq!(err.code(), "database_unavailable");
        assert!(files(&path) == before, "the files must not change");
        let key_after = entry(&path)
            .load(&path)
            .unwrap()
            .recovery_key()
            .as_str()
            .to_owned();
        assert_eq!(key_before, key_after);
    }

    #[test]
    fn a_missing_key_is_a_clear_error_and_no_key_is_made() {
        let (_dir, path) = setup();
        made_with_data(&path);
        let before = files(&path);
        // What a deleted entry, or a locked Secret Service keyring, looks like.
        entry(&path).fail_next(keyring_core::Error::NoEntry);
        let err = open(&path).err().expect("refused");
        assert_eq!(err.code(), "key_missing");
        assert!(err.to_string().contains("recovery key"), "{err}");
        assert!(files(&path) == before, "the files must not change");

        // Gone for good: still refused, and still no new key made.
        entry(&path).delete().unwrap();
        let err = open(&path).err().expect("refused");
        assert_eq!(err.code(), "key_missing");
        assert!(!entry(&path).exists().unwrap(), "no key may be made");
        assert!(files(&path) == before, "the files must not change");
    }

    #[test]
    fn an_unreachable_keyring_is_a_clear_error_and_nothing_changes() {
        let (_dir, path) = setup();
        made_with_data(&path);
        let before = files(&path);
        entry(&path).fail_next(keyring_core::Error::NoStorageAccess(Box::new(
            std::io::Error::other("the keyring is locked"),
        )));
        let err = open(&path).err().expect("refused");
        assert_eq!(err.code(), "keyring_unavailable");
        assert!(err.to_string().contains("the keyring is locked"), "{err}");
        assert!(files(&path) == before, "the files must not change");
        // The keyring's key was not replaced either.
        open(&path).unwrap();
    }

    #[test]
    fn a_wrong_key_in_the_keyring_is_refused_and_the_recovery_key_opens_it() {
        let (_dir, path) = setup();
        let recovery = made_with_data(&path);
        let before = files(&path);
        entry(&path)
            .save(&DatabaseKey::from_bytes([1; 32]))
            .unwrap();
        let err = open(&path).err().expect("refused");
        assert_eq!(err.code(), "key_wrong");
        assert!(files(&path) == before, "the files must not change");

        // A mistyped recovery key and another database's key are refused, changing nothing.
        let other = DatabaseKey::from_bytes([2; 32]).recovery_key();
        let err = open_with_recovery_key(&path, other.as_str())
            .err()
            .expect("refused");
        assert_eq!(err.code(), "invalid_input");
        assert!(
            err.to_string().contains("does not open this database"),
            "{err}"
        );
        let err = open_with_recovery_key(&path, "ABCDE")
            .err()
            .expect("refused");
        assert_eq!(err.code(), "invalid_input");
        assert!(files(&path) == before, "the files must not change");

        // The right one opens it and puts the key back, so the next start needs nothing.
        let typed = recovery.to_lowercase().replace('-', " ");
        let store = open_with_recovery_key(&path, &typed).unwrap();
        assert!(store.read(|r| r.clinic_settings()).unwrap().is_some());
        drop(store);
        open(&path).unwrap();
    }

    #[test]
    fn the_start_check_finds_damage_without_writing_and_an_intact_open_writes_nothing() {
        let (_dir, path) = setup();
        made_with_data(&path);
        check(&path).unwrap();
        // Opening and closing an intact, current database changes no byte of it.
        let before = files(&path);
        drop(open(&path).unwrap());
        // (The check leaves an empty write-ahead log behind; the open tidies it away.)
        let after = files(&path);
        assert!(
            after[0] == before[0],
            "a plain open wrote to the database file"
        );
        assert!(
            before[1].as_ref().is_none_or(|wal| wal.is_empty()),
            "a write-ahead log with content was left behind"
        );

        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() / 2;
        for b in &mut bytes[at..at + 32] {
            *b ^= 0x5A;
        }
        std::fs::write(&path, &bytes).unwrap();
        let err = check(&path).unwrap_err();
        assert_eq!(err.code(), "database_damaged", "{err}");
        let after = files(&path);
        assert!(
            after[0].as_deref() == Some(&bytes[..]),
            "the check wrote to a damaged file"
        );
        assert!(after[1].as_ref().is_none_or(|wal| wal.is_empty()));
    }

    #[test]
    fn changing_the_key_gives_a_new_recovery_key_and_the_old_one_stops_working() {
        let (_dir, path) = setup();
        let old_recovery = made_with_data(&path);
        let admin = Actor::new("admin", Role::Admin);
        let nurse = Actor::new("sam", Role::Practitioner);
        let err = prepare_key_change(&path, &nurse).unwrap_err();
        assert_eq!(err.code(), "not_allowed");
        let err = change_key(open(&path).unwrap(), &admin).unwrap_err();
        assert_eq!(err.code(), "invalid_input", "no key was prepared: {err}");
        // Prepared and never used (say the window closed): the old key still opens it, and
        // the next open drops the prepared one.
        prepare_key_change(&path, &admin).unwrap();
        open_with_recovery_key(&path, &old_recovery).unwrap();
        drop(open(&path).unwrap());
        assert!(!KeyringEntry::pending_for_database(&path)
            .unwrap()
            .exists()
            .unwrap());
        // The usual way: the store is open, the new key is shown, then the change is made.
        let store = open(&path).unwrap();
        let new_recovery = prepare_key_change(&path, &admin).unwrap();
        change_key(store, &admin).unwrap();
        assert_ne!(new_recovery.as_str(), old_recovery);
        let store = open(&path).unwrap();
        assert!(
            store.read(|r| r.clinic_settings()).unwrap().is_some(),
            "the records are kept"
        );
        store.check_integrity().unwrap();
        assert_eq!(
            store.read(|r| r.recent_audit(None, 1)).unwrap()[0].action,
            "key.change"
        );
        drop(store);
        let err = open_with_recovery_key(&path, &old_recovery)
            .err()
            .expect("old key refused");
        assert!(err.to_string().contains("does not open"), "{err}");
        open_with_recovery_key(&path, new_recovery.as_str()).unwrap();
    }

    #[test]
    fn a_change_of_key_cut_short_is_finished_at_the_next_open() {
        let (_dir, path) = setup();
        made_with_data(&path);
        // As if the process died after re-encrypting but before the keyring was updated.
        let old = entry(&path).load(&path).unwrap();
        let new = DatabaseKey::generate().unwrap();
        KeyringEntry::pending_for_database(&path)
            .unwrap()
            .save(&new)
            .unwrap();
        crate::store::rekey(&path, &old, &new).unwrap();
        let store = open(&path).unwrap();
        assert!(store.read(|r| r.clinic_settings()).unwrap().is_some());
        assert_eq!(
            entry(&path).load(&path).unwrap().recovery_key().as_str(),
            new.recovery_key().as_str()
        );
        assert!(!KeyringEntry::pending_for_database(&path)
            .unwrap()
            .exists()
            .unwrap());

        // And cut short before the file changed: the old key stays, the pending one goes.
        drop(store);
        KeyringEntry::pending_for_database(&path)
            .unwrap()
            .save(&DatabaseKey::generate().unwrap())
            .unwrap();
        open(&path).unwrap();
        assert!(!KeyringEntry::pending_for_database(&path)
            .unwrap()
            .exists()
            .unwrap());
    }

    #[test]
    fn a_key_with_no_file_is_not_replaced_by_a_new_database() {
        let (_dir, path) = setup();
        made_with_data(&path);
        let elsewhere = path.with_file_name("moved.db");
        std::fs::rename(&path, &elsewhere).unwrap();
        let before = entry(&path)
            .load(&path)
            .unwrap()
            .recovery_key()
            .as_str()
            .to_owned();
        let err = create(&path).err().expect("refused");
        assert!(err.to_string().contains("file is missing"), "{err}");
        assert!(!path.exists(), "no file was made");
        let after = entry(&path)
            .load(&path)
            .unwrap()
            .recovery_key()
            .as_str()
            .to_owned();
        assert_eq!(before, after, "the key was kept");
    }

    #[test]
    fn a_log_without_its_main_file_is_refused_not_overwritten() {
        let (_dir, path) = setup();
        made_with_data(&path);
        std::fs::write(side_file(&path, "-wal"), b"pretend frames").unwrap();
        std::fs::remove_file(&path).unwrap();
        let err = open(&path).err().expect("refused");
        assert!(err.to_string().contains("write-ahead log"), "{err}");
        assert!(!path.exists());
        assert_eq!(
            std::fs::read(side_file(&path, "-wal")).unwrap(),
            b"pretend frames"
        );
    }
}
