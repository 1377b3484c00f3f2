//! All of Kinfold's SQL, behind a narrow interface: [`Store::read`] hands out a [`Reader`]
//! (a consistent snapshot), [`Store::write`] a [`Writer`] (one transaction that also writes
//! the audit rows). A server database for larger clinics would implement the same two.

mod accounts;
mod audit;
mod backup;
mod exchange;
mod gaps;
mod merge;
mod network;
mod people;
mod row;
mod search;
mod snapshot;
mod views;

pub use audit::Seen;
pub use backup::{check_backup, rekey, restore, BackupMade};
pub use exchange::{Membership, RecordedRestriction};
pub use gaps::GapRecords;
pub use people::PersonMatch;
pub mod migrations;
mod protection;
mod settings;

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::actor::Actor;
use crate::error::{Error, Result};
use crate::keys::DatabaseKey;

/// How long a connection waits for another one to finish writing before giving up.
const BUSY_TIMEOUT_MS: u32 = 5_000;
/// How long [`Store::read_alongside`] waits for another program's write to finish before it
/// reads on one thread instead.
const ALONGSIDE_WAIT_MS: u32 = 100;
/// Page cache per connection, in KiB (SQLite's negative-number convention).
const CACHE_KIB: i64 = 32 * 1024;

/// One Kinfold database file, encrypted with SQLCipher, with a writing and a reading
/// connection. Dropping the store closes both and wipes its copy of the key.
pub struct Store {
    path: PathBuf,
    key: DatabaseKey,
    // Fields drop in this order: the readers close first, so that the writer is the last
    // connection and folds the write-ahead log back into the database file as it closes.
    reader: Mutex<Connection>,
    /// A second reader, for the half of a large read that runs on another thread
    /// ([`Store::read_alongside`]).
    side_reader: Mutex<Connection>,
    writer: Mutex<Connection>,
}

/// Read access to a consistent snapshot of the database.
pub struct Reader<'a> {
    tx: Transaction<'a>,
}

/// Write access inside one transaction; every change method also writes its audit row.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    actor: Actor,
    now: String,
}

impl Store {
    /// Opens (or creates) the encrypted database at `path` with `key` and brings its schema
    /// up to date. Whether a new database may be made is decided by the caller
    /// ([`crate::unlock`]); this only opens what it is given.
    ///
    /// A file that is not a Kinfold database, one made by a newer Kinfold, an unencrypted
    /// one, and one the key does not open are refused and left exactly as they were.
    pub fn open(path: &Path, key: &DatabaseKey) -> Result<Store> {
        let unavailable = |reason: String| Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason,
        };
        let main_empty = std::fs::metadata(path).map_or(true, |m| m.len() == 0);
        let wal_has_content = std::fs::metadata(side_path(path, "-wal")).is_ok_and(|m| m.len() > 0);
        if main_empty && wal_has_content {
            return Err(unavailable(
                "its main file is missing or empty but its write-ahead log is not; the \
                 log holds changes, so Kinfold will not start a new file over it. Put the \
                 main file back, or restore a backup"
                    .to_owned(),
            ));
        }
        if is_plain_sqlite(path) {
            return Err(Error::DatabaseUnencrypted {
                path: path.to_owned(),
            });
        }
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
        // Until the key is known to be right, closing must not fold a left-over write-ahead
        // log into the file: a refused database is left byte for byte as it was.
        writer
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(|e| unavailable(e.to_string()))?;
        apply_key(&writer, key).map_err(|e| unavailable(e.to_string()))?;
        let ours = check_is_ours(&writer).map_err(|e| open_error(path, &e))?;
        if !ours {
            return Err(unavailable(
                "the file is a database made by another program, not by Kinfold".to_owned(),
            ));
        }
        refuse_newer(&writer)?;
        writer
            .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, false)
            .map_err(|e| unavailable(e.to_string()))?;
        configure(&writer, true).map_err(unavailable)?;
        migrations::all()
            .to_latest(&mut writer)
            .map_err(|e| Error::Migration(e.to_string()))?;
        // Only when it is not set yet: any write re-encrypts page 1, and opening an intact,
        // current database should write nothing.
        let mark: i64 = writer
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .map_err(|e| unavailable(e.to_string()))?;
        if mark != APPLICATION_ID {
            writer
                .pragma_update(None, "application_id", APPLICATION_ID)
                .map_err(|e| unavailable(e.to_string()))?;
        }
        restrict_to_owner(path)
            .map_err(|e| unavailable(format!("its permissions cannot be set ({e})")))?;

        let open_reader = || -> Result<Connection> {
            let reader = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )
            .map_err(|e| unavailable(e.to_string()))?;
            apply_key(&reader, key).map_err(|e| unavailable(e.to_string()))?;
            configure(&reader, false).map_err(unavailable)?;
            Ok(reader)
        };

        Ok(Store {
            path: path.to_owned(),
            key: key.clone(),
            reader: Mutex::new(open_reader()?),
            side_reader: Mutex::new(open_reader()?),
            writer: Mutex::new(writer),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Checks every page: SQLite's own structure check and SQLCipher's check of each page's
    /// authentication code. A damaged database is reported, never repaired in place.
    pub fn check_integrity(&self) -> Result<()> {
        let conn = lock(&self.writer);
        let damaged = |problem: String| Error::DatabaseDamaged {
            path: self.path.clone(),
            problem,
        };
        match integrity_problems(&conn) {
            Err(e) => Err(damaged(e.to_string())),
            Ok(problems) => match problems.first() {
                None => Ok(()),
                Some(first) => Err(damaged(format!(
                    "{} problem{} found, the first: {first}",
                    problems.len(),
                    if problems.len() == 1 { "" } else { "s" }
                ))),
            },
        }
    }

    /// A number that changes whenever another connection (another store on the same file,
    /// another process) commits a change: SQLite's `data_version`, read on this store's
    /// reading connection. Two equal answers mean nobody else wrote anything in between.
    pub fn data_version(&self) -> Result<i64> {
        let conn = lock(&self.reader);
        Ok(conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
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

    /// Runs `main` here and `side` on another thread, each in a read transaction of its own
    /// and both on the same moment of the database: the two transactions begin while this
    /// store holds the write lock (which holds off other programs' writers too), so nothing
    /// can be committed between them; the lock is let go before either reads anything more.
    /// For a large read that falls into two parts (the caseload scan), on two cores.
    ///
    /// When another program is writing and the lock is not free within a tenth of a
    /// second, both run here, one after the other, in one read transaction:
    /// slower, but the same answer, and a reader never fails because someone is writing.
    pub fn read_alongside<A, B: Send>(
        &self,
        main: impl FnOnce(&Reader<'_>) -> Result<A>,
        side: impl FnOnce(&Reader<'_>) -> Result<B> + Send,
    ) -> Result<(A, B)> {
        // Locked in the order every other path takes them: a reader before the writer.
        let mut conn = lock(&self.reader);
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let writer = lock(&self.writer);
        let short = std::time::Duration::from_millis(u64::from(ALONGSIDE_WAIT_MS));
        writer.busy_timeout(short)?;
        let held = writer.execute_batch("BEGIN IMMEDIATE");
        writer.busy_timeout(std::time::Duration::from_millis(u64::from(BUSY_TIMEOUT_MS)))?;
        if let Err(e) = held {
            drop(writer);
            if e.sqlite_error_code() != Some(rusqlite::ErrorCode::DatabaseBusy) {
                return Err(e.into());
            }
            let reader = Reader { tx };
            let value = main(&reader)?;
            let side_value = side(&reader)?;
            reader.tx.finish()?;
            return Ok((value, side_value));
        }
        std::thread::scope(|scope| -> Result<(A, B)> {
            let (started, begun) = std::sync::mpsc::sync_channel::<()>(1);
            let side_reader = &self.side_reader;
            let helper = scope.spawn(move || -> Result<B> {
                let mut conn = lock(side_reader);
                let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred);
                let tx = tx.map_err(Error::from).and_then(|tx| {
                    begin_snapshot(&tx)?;
                    Ok(tx)
                });
                // Whether it began or failed, the writer may go on.
                let _ = started.send(());
                let reader = Reader { tx: tx? };
                let value = side(&reader)?;
                reader.tx.finish()?;
                Ok(value)
            });
            let begun_here = begin_snapshot(&tx);
            let _ = begun.recv();
            // Nothing was written, so ending the write transaction only lets the lock go.
            let released = writer.execute_batch("ROLLBACK");
            drop(writer);
            let reader = Reader { tx };
            let value = begun_here.and_then(|()| {
                released?;
                main(&reader)
            });
            let finished = reader.tx.finish();
            let side_value = helper
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            let value = value?;
            finished?;
            Ok((value, side_value?))
        })
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
            actor: actor.clone(),
            now: now_rfc3339(),
        };
        match f(&mut writer) {
            Ok(value) => {
                writer.tx.commit()?;
                Ok(value)
            }
            Err(e @ Error::NotAllowed { what }) => {
                // The attempt is kept in the audit trail even though nothing else is.
                drop(writer);
                let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
                let denial = Writer {
                    tx,
                    actor: actor.clone(),
                    now: now_rfc3339(),
                };
                denial.append_audit(
                    "not_allowed",
                    "permission",
                    None,
                    "denied",
                    &serde_json::json!({ "what": what }),
                    &[],
                )?;
                denial.tx.commit()?;
                Err(e)
            }
            Err(e) => Err(e),
        }
    }
}

/// Starts a read transaction's snapshot now (a deferred transaction takes it at its first
/// read).
fn begin_snapshot(tx: &Transaction<'_>) -> Result<()> {
    tx.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
    Ok(())
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
pub(crate) fn check_is_ours(conn: &Connection) -> rusqlite::Result<bool> {
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

/// Gives SQLCipher the key before anything is read. The raw-key form (`x'…'`) is used as is.
/// Every problem SQLite's structure check and SQLCipher's page check find (none: intact).
pub(crate) fn integrity_problems(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut problems = Vec::new();
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let row = row?;
        if row != "ok" {
            problems.push(row);
        }
    }
    let mut stmt = conn.prepare("PRAGMA cipher_integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        problems.push(row?);
    }
    Ok(problems)
}

/// `path` with `suffix` added to its file name (`kinfold.db` → `kinfold.db-wal`).
pub(crate) fn side_path(path: &Path, suffix: &str) -> PathBuf {
    let mut side = path.as_os_str().to_owned();
    side.push(suffix);
    PathBuf::from(side)
}

/// SQLCipher's own log (to standard error) is turned off: Kinfold reports every failure
/// itself, in words a user can act on.
fn apply_key(conn: &Connection, key: &DatabaseKey) -> rusqlite::Result<()> {
    conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()))
        .or_else(|e| match e {
            rusqlite::Error::QueryReturnedNoRows => Ok(()),
            other => Err(other),
        })?;
    conn.pragma_update(None, "key", key.pragma_value().as_str())
}

/// An unencrypted SQLite file starts with this header; an encrypted one starts with salt.
fn is_plain_sqlite(path: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok_and(|()| &header == b"SQLite format 3\0")
}

/// What "file is not a database" means here. SQLCipher says it both for a wrong key and for
/// a file that is no database at all; a file made of whole pages is most likely ours, under
/// another key.
pub(crate) fn open_error(path: &Path, e: &rusqlite::Error) -> Error {
    // Damage found while opening (in the schema pages, say) is damage like any other: the
    // start screen offers a backup.
    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) {
        return Error::DatabaseDamaged {
            path: path.to_owned(),
            problem: e.to_string(),
        };
    }
    if e.sqlite_error_code() != Some(rusqlite::ErrorCode::NotADatabase) {
        return Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason: e.to_string(),
        };
    }
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len >= 1024 && len.is_multiple_of(1024) {
        Error::KeyWrong {
            path: path.to_owned(),
        }
    } else {
        Error::DatabaseUnavailable {
            path: path.to_owned(),
            reason: "the file is not a Kinfold database, or it is damaged".to_owned(),
        }
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
fn create_private_file(path: &Path) -> std::io::Result<()> {
    if path.exists() {
        return Ok(());
    }
    create_new_private_file(path)
}

/// Creates a new, empty file readable by its owner only; fails if it exists.
fn create_new_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
}

/// Care records are readable by the workstation account that owns them and nobody else:
/// the database and, when they exist, its `-wal` and `-shm` files (older files included).
#[cfg(unix)]
fn restrict_to_owner(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    for suffix in ["-wal", "-shm"] {
        let side = side_path(path, suffix);
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
