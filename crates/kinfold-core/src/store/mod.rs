//! All of Kinfold's SQL, behind a narrow interface: [`Store::read`] hands out a [`Reader`]
//! (a consistent snapshot), [`Store::write`] a [`Writer`] (one transaction that also writes
//! the audit rows). A server database for larger clinics would implement the same two.

mod audit;
mod exchange;
mod merge;
mod network;
mod people;
mod row;
mod search;

pub use exchange::{Membership, RecordedRestriction};
pub use people::PersonMatch;
pub mod migrations;
mod settings;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::actor::Actor;
use crate::error::{Error, Result};

/// How long a connection waits for another one to finish writing before giving up.
const BUSY_TIMEOUT_MS: u32 = 5_000;
/// Page cache per connection, in KiB (SQLite's negative-number convention).
const CACHE_KIB: i64 = 32 * 1024;

/// One Kinfold database file, with a writing and a reading connection.
pub struct Store {
    path: PathBuf,
    writer: Mutex<Connection>,
    reader: Mutex<Connection>,
}

/// Read access to a consistent snapshot of the database.
pub struct Reader<'a> {
    tx: Transaction<'a>,
}

/// Write access inside one transaction; every change method also writes its audit row.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    actor: &'a Actor,
    now: String,
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    ///
    /// A file that is not a Kinfold database, or one made by a newer Kinfold, is refused
    /// and left exactly as it was.
    pub fn open(path: &Path) -> Result<Store> {
        let unavailable = |reason: String| Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(|e| {
                unavailable(format!(
                    "its folder {} cannot be created ({e})",
                    dir.display()
                ))
            })?;
        }
        create_private_file(path)
            .map_err(|e| unavailable(format!("it cannot be created ({e})")))?;
        let mut writer = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unavailable(e.to_string()))?;
        let ours = check_is_ours(&writer).map_err(|e| unavailable(describe_open_error(&e)))?;
        if !ours {
            return Err(unavailable(
                "the file is a database made by another program, not by Kinfold".to_owned(),
            ));
        }
        refuse_newer(&writer)?;
        configure(&writer, true).map_err(unavailable)?;
        migrations::all()
            .to_latest(&mut writer)
            .map_err(|e| Error::Migration(e.to_string()))?;
        writer
            .pragma_update(None, "application_id", APPLICATION_ID)
            .map_err(|e| unavailable(e.to_string()))?;
        restrict_to_owner(path)
            .map_err(|e| unavailable(format!("its permissions cannot be set ({e})")))?;

        let reader = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|e| unavailable(e.to_string()))?;
        configure(&reader, false).map_err(unavailable)?;

        Ok(Store {
            path: path.to_owned(),
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` against one consistent snapshot of the database.
    pub fn read<T>(&self, f: impl FnOnce(&Reader<'_>) -> Result<T>) -> Result<T> {
        let mut conn = lock(&self.reader);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let reader = Reader { tx };
        let value = f(&reader)?;
        reader.tx.finish()?;
        Ok(value)
    }

    /// Runs `f` in one write transaction on behalf of `actor`. Everything `f` changes, and
    /// the audit rows it writes, are committed together when `f` returns `Ok`; on `Err`
    /// nothing is kept.
    pub fn write<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Writer<'_>) -> Result<T>,
    ) -> Result<T> {
        let mut conn = lock(&self.writer);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut writer = Writer {
            tx,
            actor,
            now: now_rfc3339(),
        };
        let value = f(&mut writer)?;
        writer.tx.commit()?;
        Ok(value)
    }
}

/// A poisoned lock only means another thread panicked while holding it; its transaction was
/// rolled back when it unwound, so the connection is still sound.
fn lock(m: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn now_rfc3339() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// Kinfold's mark in the database header (`PRAGMA application_id`): "KINF".
const APPLICATION_ID: i64 = 0x4B49_4E46;

/// Whether the file is a Kinfold database (or an empty file that will become one). Reading the
/// header fails at once on a file that is not an SQLite database; an SQLite database made by
/// another program has someone else's mark, or tables but no Kinfold schema version.
fn check_is_ours(conn: &Connection) -> rusqlite::Result<bool> {
    let objects: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let mark: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    Ok(match mark {
        APPLICATION_ID => true,
        // Unmarked: a new, empty file, or a Kinfold database from before the mark existed
        // (it has Kinfold's audit table and a schema version).
        0 => {
            objects == 0
                || (version > 0
                    && conn.query_row(
                        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_event')",
                        [],
                        |r| r.get(0),
                    )?)
        }
        _ => false,
    })
}

fn describe_open_error(e: &rusqlite::Error) -> String {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::NotADatabase) => {
            "the file is not a Kinfold database, or it is damaged".to_owned()
        }
        _ => e.to_string(),
    }
}

fn refuse_newer(conn: &Connection) -> Result<()> {
    let found: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    let supported = migrations::latest_version();
    if found > supported {
        return Err(Error::DatabaseTooNew { found, supported });
    }
    Ok(())
}

/// Connection settings for care records: WAL so reading never blocks writing, and
/// `synchronous=FULL` because `NORMAL` can lose the last commits on power loss.
fn configure(conn: &Connection, writer: bool) -> Result<(), String> {
    let setup = || -> rusqlite::Result<Option<String>> {
        if writer {
            let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
            if !mode.eq_ignore_ascii_case("wal") {
                return Ok(Some(format!(
                    "the database could not switch to WAL mode (it is in {mode} mode)"
                )));
            }
        }
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        conn.busy_timeout(std::time::Duration::from_millis(u64::from(BUSY_TIMEOUT_MS)))?;
        Ok(None)
    };
    match setup() {
        Ok(None) => Ok(()),
        Ok(Some(problem)) => Err(problem),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    if dir.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// A new database file starts private, so that the `-wal` and `-shm` files SQLite creates
/// next to it (with the database's mode) are private from the first write.
#[cfg(unix)]
fn create_private_file(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if path.exists() {
        return Ok(());
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(not(unix))]
fn create_private_file(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Care records are readable by the workstation account that owns them and nobody else:
/// the database and, when they exist, its `-wal` and `-shm` files (older files included).
#[cfg(unix)]
fn restrict_to_owner(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    for suffix in ["-wal", "-shm"] {
        let mut side = path.as_os_str().to_owned();
        side.push(suffix);
        let side = PathBuf::from(side);
        if side.exists() {
            std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

#[cfg(not(unix))]
fn restrict_to_owner(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests;
