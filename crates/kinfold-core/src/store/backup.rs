//! Backups: an encrypted copy made with SQLite's online backup API (never a file copy, which
//! could catch a write half done), checked before it counts, and restoring one in place of a
//! database without ever deleting the database it replaces.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::backup::Backup;
use rusqlite::{Connection, OpenFlags};
use serde_json::json;

use super::{apply_key, check_is_ours, create_private_dir, migrations, restrict_to_owner, Store};
use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::keys::DatabaseKey;

/// A backup that was made and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupMade {
    pub path: PathBuf,
    pub bytes: u64,
}

/// Copies every page from `src` to a new private file at `dest`, encrypted with `key`.
fn copy_pages(src: &Connection, dest: &Path, key: &DatabaseKey) -> Result<()> {
    create_private_new_file(dest)?;
    let mut out = Connection::open(dest)?;
    apply_key(&out, key)?;
    {
        let backup = Backup::new(src, &mut out)?;
        backup.run_to_completion(1024, Duration::ZERO, None)?;
    }
    // The copy keeps no write-ahead log: one self-contained file.
    out.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
    drop(out);
    restrict_to_owner(dest).map_err(|e| io_error(dest, e))?;
    Ok(())
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::DatabaseUnavailable {
        path: path.to_owned(),
        reason: e.to_string(),
    }
}

fn create_private_new_file(path: &Path) -> Result<()> {
    super::create_new_private_file(path).map_err(|e| io_error(path, e))
}

/// Writes everything in `src` to a new private file at `dest` under another key, with
/// SQLCipher's `sqlcipher_export` (the backup API copies pages, so it needs the same key).
fn export_under(src: &Connection, dest: &Path, key: &DatabaseKey) -> Result<()> {
    create_private_new_file(dest)?;
    let version: i64 = src.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let mark: i64 = src.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    src.execute(
        "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
        rusqlite::params![dest.to_string_lossy(), key.pragma_value().as_str()],
    )?;
    let exported = src
        .query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))
        .and_then(|()| src.pragma_update(Some("rekeyed"), "user_version", version))
        .and_then(|()| src.pragma_update(Some("rekeyed"), "application_id", mark));
    src.execute("DETACH DATABASE rekeyed", [])?;
    exported?;
    restrict_to_owner(dest).map_err(|e| io_error(dest, e))
}

/// Opens a backup (or any Kinfold file, the database itself at start) with `key` and checks
/// every page, without writing to it: no statement writes, and closing does not fold a
/// write-ahead log back into the file. Returns its schema version.
pub fn check_backup(path: &Path, key: &DatabaseKey) -> Result<i64> {
    if !path.is_file() {
        return Err(Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason: "there is no such file".to_owned(),
        });
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| io_error(path, std::io::Error::other(e.to_string())))?;
    conn.set_db_config(
        rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
        true,
    )?;
    conn.pragma_update(None, "query_only", true)?;
    apply_key(&conn, key)?;
    let ours = check_is_ours(&conn).map_err(|e| super::open_error(path, &e))?;
    if !ours {
        return Err(Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason: "the file is not a Kinfold backup".to_owned(),
        });
    }
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > migrations::latest_version() {
        return Err(Error::DatabaseTooNew {
            found: version,
            supported: migrations::latest_version(),
        });
    }
    super::integrity_problems(&conn)
        .map_err(|e| damaged(path, e.to_string()))
        .and_then(|problems| match problems.first() {
            None => Ok(version),
            Some(first) => Err(damaged(path, first.clone())),
        })
}

fn damaged(path: &Path, problem: String) -> Error {
    Error::DatabaseDamaged {
        path: path.to_owned(),
        problem,
    }
}

impl Store {
    /// Makes a checked, encrypted backup in `folder` (created if need be, private) and records
    /// it in the audit trail. A backup that fails its check is removed and reported.
    pub fn back_up_to(&self, actor: &Actor, folder: &Path) -> Result<BackupMade> {
        create_private_dir(folder).map_err(|e| io_error(folder, e))?;
        let stamp = chrono::Utc::now().format("%Y-%m-%d-%H%M%S%.3f");
        let path = folder.join(format!("kinfold-backup-{stamp}.db"));
        {
            let conn = super::lock(&self.writer);
            copy_pages(&conn, &path, &self.key)?;
        }
        if let Err(e) = check_backup(&path, &self.key) {
            let _ = std::fs::remove_file(&path);
            return Err(e);
        }
        let bytes = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let made = BackupMade { path, bytes };
        self.write(actor, |w| {
            w.audit(
                "backup.make",
                "database",
                None,
                &json!({ "file": made.path.display().to_string(), "bytes": made.bytes }),
            )
        })?;
        Ok(made)
    }

    /// The backup folder, when a backup is due: a folder is set and the last backup is older
    /// than the chosen number of days (or there has never been one).
    pub fn backup_due(&self, now: chrono::DateTime<chrono::Utc>) -> Result<Option<PathBuf>> {
        let settings = self.read(|r| r.protection_settings())?;
        let Some(folder) = settings.backup_folder else {
            return Ok(None);
        };
        let last = self
            .last_backup_at()?
            .and_then(|at| chrono::DateTime::parse_from_rfc3339(&at).ok());
        let due = match last {
            None => true,
            Some(last) => {
                now - last.with_timezone(&chrono::Utc)
                    >= chrono::Duration::days(i64::from(settings.backup_every_days))
            }
        };
        Ok(due.then_some(folder))
    }

    /// When the last backup was made (from the audit trail), RFC 3339, if ever.
    pub fn last_backup_at(&self) -> Result<Option<String>> {
        self.read(|r| {
            Ok(r.tx.query_row(
                "SELECT max(at) FROM audit_event WHERE action = 'backup.make' AND outcome = 'ok'",
                [],
                |row| row.get(0),
            )?)
        })
    }
}

/// Re-encrypts the database at `path` from `old` to `new` in place, in one transaction
/// (SQLCipher's rekey cannot run in WAL mode, so the log is folded in and the journal is a
/// rollback journal for the duration). No other connection may be open.
pub fn rekey(path: &Path, old: &DatabaseKey, new: &DatabaseKey) -> Result<()> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&conn, old)?;
    let busy = |e: rusqlite::Error| match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked) => {
            Error::DatabaseUnavailable {
                path: path.to_owned(),
                reason: "another program (another Kinfold, or kinfold-cli) has it open; \
                         close it and try again"
                    .to_owned(),
            }
        }
        _ => super::open_error(path, &e),
    };
    // Nobody else may open the file until the change is done.
    conn.query_row("PRAGMA locking_mode = EXCLUSIVE", [], |_| Ok(()))
        .map_err(busy)?;
    if !check_is_ours(&conn).map_err(busy)? {
        return Err(Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason: "the file is not a Kinfold database".to_owned(),
        });
    }
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(busy)?;
    let mode: String = conn
        .query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))
        .map_err(busy)?;
    if !mode.eq_ignore_ascii_case("delete") {
        return Err(busy(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
            None,
        )));
    }
    conn.pragma_update(None, "rekey", new.pragma_value().as_str())?;
    conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
    drop(conn);
    restrict_to_owner(path).map_err(|e| io_error(path, e))
}

impl super::Writer<'_> {
    /// Records, in the restored database itself, that it was restored from `file`.
    pub fn record_restore(&mut self, file: &Path) -> Result<()> {
        self.audit(
            "backup.restore",
            "database",
            None,
            &json!({ "file": file.display().to_string() }),
        )
    }
}

/// Puts the backup at `backup` in place of the database at `db_path`. The backup is checked
/// first; the database it replaces (damaged or not) is renamed, never deleted, and its name
/// is returned. The restored copy is written beside the database and renamed into place, so a
/// crash part-way leaves either the old database or the new one, never half of each.
///
/// `authorise` is given the staged copy, opened, before anything is swapped: the CLI logs in
/// to it as an admin (so restoring works even when the current database is damaged) and the
/// restore is recorded in its audit trail.
///
/// `backup_key` opens the backup: the database's key, or (for a backup made before the last
/// change of key) the key of its own recovery key. The restored copy is under `key`.
pub fn restore(
    db_path: &Path,
    backup: &Path,
    backup_key: &DatabaseKey,
    key: &DatabaseKey,
    authorise: impl FnOnce(&Store) -> Result<()>,
) -> Result<Option<PathBuf>> {
    check_backup(backup, backup_key)?;
    let staging = super::side_path(db_path, ".restoring");
    let _ = std::fs::remove_file(&staging);
    {
        // Read-write only so that the export can write to the attached copy; nothing is
        // written to the backup itself.
        let src = Connection::open_with_flags(
            backup,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        src.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE,
            true,
        )?;
        apply_key(&src, backup_key)?;
        if backup_key.pragma_value() == key.pragma_value() {
            copy_pages(&src, &staging, key)?;
        } else {
            export_under(&src, &staging, key)?;
        }
    }
    check_backup(&staging, key)?;
    let staged = Store::open(&staging, key).and_then(|store| authorise(&store));
    if let Err(e) = staged {
        let _ = std::fs::remove_file(&staging);
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(super::side_path(&staging, suffix));
        }
        return Err(e);
    }
    // The database path is never without a file: the old database is first given a second
    // name (a hard link, or a copy where links are not possible), its side files are moved to
    // go with it, and only then does the checked copy replace it in one rename.
    let kept = if crate::unlock::database_exists(db_path) {
        let stamp = chrono::Utc::now().format("%Y-%m-%d-%H%M%S");
        let kept = super::side_path(db_path, &format!(".replaced-{stamp}"));
        if db_path.exists() {
            std::fs::hard_link(db_path, &kept)
                .or_else(|_| std::fs::copy(db_path, &kept).map(drop))
                .map_err(|e| io_error(&kept, e))?;
        }
        for suffix in ["-wal", "-shm"] {
            let from = super::side_path(db_path, suffix);
            if from.exists() {
                let to = super::side_path(&kept, suffix);
                std::fs::rename(&from, &to).map_err(|e| io_error(&from, e))?;
            }
        }
        Some(kept)
    } else {
        None
    };
    std::fs::rename(&staging, db_path).map_err(|e| io_error(db_path, e))?;
    Ok(kept)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Role;
    use crate::settings::ClinicSettingsDraft;

    fn key() -> DatabaseKey {
        crate::keys::test_key()
    }

    fn admin() -> Actor {
        Actor::new("ana", Role::Admin)
    }

    fn save(store: &Store, name: &str) {
        let s = ClinicSettingsDraft {
            clinic_name: name.into(),
            team_phone: "0115 496 0000".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store
            .write(&admin(), |w| w.save_clinic_settings(&s))
            .unwrap();
    }

    fn clinic(store: &Store) -> String {
        store
            .read(|r| r.clinic_settings())
            .unwrap()
            .unwrap()
            .clinic_name
    }

    fn contains(path: &Path, needle: &[u8]) -> bool {
        std::fs::read(path)
            .unwrap()
            .windows(needle.len())
            .any(|w| w == needle)
    }

    #[test]
    fn a_backup_is_encrypted_private_checked_and_audited() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &key()).unwrap();
        save(&store, "Backup Marker Clinic");
        let made = store
            .back_up_to(&admin(), &dir.path().join("backups"))
            .unwrap();
        assert!(made.bytes > 0);
        assert!(!contains(&made.path, b"Backup Marker Clinic"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&made.path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert_eq!(
            check_backup(&made.path, &key()).unwrap(),
            migrations::latest_version()
        );
        let other = DatabaseKey::from_bytes([3; 32]);
        assert_eq!(
            check_backup(&made.path, &other).unwrap_err().code(),
            "key_wrong"
        );
        assert!(store.last_backup_at().unwrap().is_some());
        let opened = Store::open(&made.path, &key()).unwrap();
        assert_eq!(clinic(&opened), "Backup Marker Clinic");
    }

    #[test]
    fn a_backup_is_due_when_a_folder_is_set_and_the_last_is_old_enough() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &key()).unwrap();
        let now = chrono::Utc::now();
        assert_eq!(store.backup_due(now).unwrap(), None, "no folder, never due");
        let folder = dir.path().join("backups");
        let settings = crate::protection::ProtectionSettings {
            idle_lock_minutes: 5,
            backup_folder: Some(folder.clone()),
            backup_every_days: 2,
        };
        store
            .write(&admin(), |w| w.save_protection_settings(&settings))
            .unwrap();
        assert_eq!(
            store.backup_due(now).unwrap(),
            Some(folder.clone()),
            "never backed up"
        );
        store.back_up_to(&admin(), &folder).unwrap();
        assert_eq!(store.backup_due(now).unwrap(), None);
        let later = now + chrono::Duration::days(2) + chrono::Duration::minutes(1);
        assert_eq!(store.backup_due(later).unwrap(), Some(folder));
    }

    #[test]
    fn restoring_brings_the_backup_back_and_keeps_the_database_it_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let store = Store::open(&db, &key()).unwrap();
        save(&store, "Before");
        let made = store.back_up_to(&admin(), dir.path()).unwrap();
        save(&store, "After");
        drop(store);

        let kept = restore(&db, &made.path, &key(), &key(), |_| Ok(()))
            .unwrap()
            .expect("old file kept");
        assert_eq!(clinic(&Store::open(&db, &key()).unwrap()), "Before");
        assert_eq!(clinic(&Store::open(&kept, &key()).unwrap()), "After");
    }

    #[test]
    fn a_backup_made_under_an_earlier_key_is_restored_under_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let old = DatabaseKey::from_bytes([1; 32]);
        let now = DatabaseKey::from_bytes([2; 32]);
        let store = Store::open(&db, &old).unwrap();
        save(&store, "Before the new key");
        let made = store.back_up_to(&admin(), dir.path()).unwrap();
        save(&store, "After");
        drop(store);
        rekey(&db, &old, &now).unwrap();

        let err = restore(&db, &made.path, &now, &now, |_| Ok(())).unwrap_err();
        assert_eq!(err.code(), "key_wrong", "{err}");
        let backup_bytes = std::fs::read(&made.path).unwrap();
        restore(&db, &made.path, &old, &now, |_| Ok(())).unwrap();
        assert!(
            std::fs::read(&made.path).unwrap() == backup_bytes,
            "the backup was written to"
        );
        let restored = Store::open(&db, &now).unwrap();
        assert_eq!(clinic(&restored), "Before the new key");
        restored.check_integrity().unwrap();
        assert_eq!(
            restored
                .read(|r| r.check_audit_chain())
                .unwrap()
                .first_broken,
            None
        );
        drop(restored);
        assert_eq!(check_backup(&db, &old).unwrap_err().code(), "key_wrong");
    }

    #[test]
    fn a_damaged_backup_is_refused_and_the_database_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("k.db");
        let store = Store::open(&db, &key()).unwrap();
        save(&store, "Kept");
        let made = store.back_up_to(&admin(), dir.path()).unwrap();
        drop(store);
        let mut bytes = std::fs::read(&made.path).unwrap();
        let last = bytes.len() - 200;
        bytes[last] ^= 0x55;
        std::fs::write(&made.path, &bytes).unwrap();
        let before = std::fs::read(&db).unwrap();
        let err = restore(&db, &made.path, &key(), &key(), |_| Ok(())).unwrap_err();
        assert!(
            matches!(err.code(), "database_damaged" | "key_wrong"),
            "{err}"
        );
        assert!(
            std::fs::read(&db).unwrap() == before,
            "the database must not change"
        );
        assert_eq!(clinic(&Store::open(&db, &key()).unwrap()), "Kept");
    }
}
