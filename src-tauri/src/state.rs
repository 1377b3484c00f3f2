//! What the shell keeps between commands: which database, and the session. While nobody is
//! logged in (at start, after locking) no store is open and no key is in memory; logging in
//! opens the store with the key from the keyring and keeps it until the app locks.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, OnceLock};
use std::time::{Duration, SystemTime};

use kinfold_core::person::PersonId;
use kinfold_core::{unlock, Actor, Store};

use crate::dto::ErrorDto;

/// Asks the practitioner where to save a copy of a printout: the desktop's save dialog in the
/// app (see `main.rs`). `None` when they cancel.
pub trait SaveDialog: Send + Sync {
    fn ask(&self, suggested_name: &str) -> Option<PathBuf>;
}

pub struct AppState {
    pub db_path: PathBuf,
    session: Mutex<Session>,
    /// Wrong admin passwords given to restore a backup (the damaged database cannot count
    /// them): how many, and when the last was.
    restore_failures: Mutex<(u32, SystemTime)>,
    save_dialog: OnceLock<Box<dyn SaveDialog>>,
    /// Held while a made pack is recorded as sent, so that two quick clicks record it once.
    recording: Mutex<()>,
}

/// A printout made in this session (a pack or a visit checklist): its PDF in the packs
/// folder, and whom it names, for the audit row when a copy is saved.
#[derive(Debug, Clone)]
pub struct MadeFile {
    pub path: PathBuf,
    pub child: PersonId,
    pub people: Vec<PersonId>,
    /// For a pack: what was made, so that "record as sent" records exactly this pack.
    pub pack: Option<MadePackFile>,
}

/// The pack behind a made file, and its sent-log entry once it is recorded (so recording it
/// twice records it once).
#[derive(Debug, Clone)]
pub struct MadePackFile {
    pub request: kinfold_core::packs::PackRequest,
    pub made: Arc<kinfold_core::packs::MadePack>,
    pub sent: Option<i64>,
}

/// Where the app is: being set up, waiting for a login (perhaps with a problem to show), or
/// open for one practitioner.
pub enum Session {
    /// No database yet, or one with no accounts: the first admin is to be made.
    FirstRun,
    /// Nobody logged in. `problem` is why the database cannot be opened, when it cannot.
    LoggedOut {
        problem: Option<ErrorDto>,
    },
    Open(OpenSession),
}

pub struct OpenSession {
    pub store: Arc<Store>,
    pub actor: Actor,
    pub display_name: String,
    pub idle_limit: Duration,
    /// Wall-clock time, so that time asleep (a closed lid) counts as idle.
    last_activity: SystemTime,
    /// The printouts made since login; only these can be opened or saved.
    made: Vec<MadeFile>,
}

impl OpenSession {
    pub fn new(store: Store, actor: Actor, display_name: String) -> OpenSession {
        let idle_minutes = store
            .read(|r| r.protection_settings())
            .map(|s| s.idle_lock_minutes)
            .unwrap_or(kinfold_core::protection::DEFAULT_IDLE_LOCK_MINUTES);
        OpenSession {
            store: Arc::new(store),
            actor,
            display_name,
            idle_limit: Duration::from_secs(u64::from(idle_minutes) * 60),
            last_activity: SystemTime::now(),
            made: Vec::new(),
        }
    }

    /// A clock set back (so that the elapsed time cannot be told) counts as too long.
    fn idle_too_long(&self) -> bool {
        self.last_activity
            .elapsed()
            .map_or(true, |idle| idle >= self.idle_limit)
    }
}

/// The error every record command gives when nobody is logged in (or the app has locked).
pub fn locked() -> ErrorDto {
    ErrorDto {
        code: "locked",
        message: "Kinfold is locked. Log in to carry on.".to_owned(),
        fields: Vec::new(),
    }
}

impl AppState {
    /// Looks at the database without keeping it open: is there one, does its key open it,
    /// is it intact, does it have accounts. Nothing is created here.
    pub fn start(db_path: PathBuf) -> AppState {
        let session = check_database(&db_path);
        let state = AppState {
            db_path,
            session: Mutex::new(session),
            restore_failures: Mutex::new((0, SystemTime::UNIX_EPOCH)),
            save_dialog: OnceLock::new(),
            recording: Mutex::new(()),
        };
        state.remove_made_packs();
        state
    }

    /// Sets how the practitioner is asked where to save a copy (once, at start).
    pub fn set_save_dialog(&self, dialog: Box<dyn SaveDialog>) {
        let _ = self.save_dialog.set(dialog);
    }

    /// Where the practitioner wants a copy of `suggested_name` saved, or `None` if they
    /// cancelled.
    pub fn ask_where_to_save(&self, suggested_name: &str) -> Result<Option<PathBuf>, ErrorDto> {
        let dialog = self.save_dialog.get().ok_or_else(|| {
            ErrorDto::new(
                "unavailable",
                "Saving a copy is not possible here. Open the PDF instead.",
            )
        })?;
        Ok(dialog.ask(suggested_name))
    }

    /// Remembers a printout made by the logged-in practitioner.
    pub fn remember_made(&self, file: MadeFile) {
        if let Session::Open(open) = &mut *self.session() {
            open.made.retain(|m| m.path != file.path);
            open.made.push(file);
        }
    }

    /// A printout made in this session, if `path` names one that is still there.
    pub fn made_file(&self, path: &Path) -> Result<MadeFile, ErrorDto> {
        let found = match &*self.session() {
            Session::Open(open) => open.made.iter().find(|m| m.path == path).cloned(),
            _ => None,
        };
        found.filter(|m| m.path.is_file()).ok_or_else(|| {
            ErrorDto::new(
                "bad_request",
                "That is not a printout Kinfold made since you logged in. Make it again.",
            )
        })
    }

    /// Notes that the made pack at `path` is in the sent-log as entry `sent`.
    pub fn mark_made_sent(&self, path: &Path, sent: i64) {
        if let Session::Open(open) = &mut *self.session() {
            if let Some(pack) = open
                .made
                .iter_mut()
                .find(|m| m.path == path)
                .and_then(|m| m.pack.as_mut())
            {
                pack.sent = Some(sent);
            }
        }
    }

    /// Where made packs and visit checklists are saved: a private folder next to the
    /// database.
    pub fn packs_folder(&self) -> PathBuf {
        let parent = self
            .db_path
            .parent()
            .unwrap_or_else(|| std::path::Path::new("."));
        parent.join("packs")
    }

    /// Deletes the PDFs of made packs and checklists. They hold names and addresses outside the encrypted
    /// database, so they last only while someone is logged in: they go at start and at every
    /// lock (a pack can be printed again from its record).
    pub fn remove_made_packs(&self) {
        let Ok(entries) = std::fs::read_dir(self.packs_folder()) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "pdf") {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// Taken while a made pack is recorded as sent (see `record_pack`).
    pub fn recording(&self) -> MutexGuard<'_, ()> {
        self.recording.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn session(&self) -> MutexGuard<'_, Session> {
        // A poisoned lock means a command panicked; the session data is still consistent
        // (every change to it is a single assignment).
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The open store and the practitioner, for a record command. Locks (and refuses) if the
    /// app has been idle too long; otherwise counts this as activity.
    pub fn open(&self) -> Result<(Arc<Store>, Actor), ErrorDto> {
        let mut session = self.session();
        match &mut *session {
            Session::Open(open) if !open.idle_too_long() => {
                open.last_activity = SystemTime::now();
                Ok((open.store.clone(), open.actor.clone()))
            }
            Session::Open(_) => {
                end(&mut session, LockReason::Idle);
                self.remove_made_packs();
                Err(locked())
            }
            _ => Err(locked()),
        }
    }

    /// Refuses a restore attempt that comes too soon after wrong passwords (the same pause as
    /// at login).
    pub fn wait_for_restore_pause(&self) -> Result<(), ErrorDto> {
        let (failures, last) = *self
            .restore_failures
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let pause = kinfold_core::account::pause_after(failures);
        let waited = last.elapsed().unwrap_or_default();
        if waited < pause {
            let seconds = (pause - waited).as_secs().max(1);
            return Err(ErrorDto::from(kinfold_core::Error::LoginPaused { seconds }));
        }
        Ok(())
    }

    pub fn restore_login_failed(&self) {
        let mut failures = self
            .restore_failures
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        *failures = (failures.0.saturating_add(1), SystemTime::now());
    }

    /// Applies a new idle limit to the open session at once.
    pub fn set_idle_minutes(&self, minutes: u32) {
        if let Session::Open(open) = &mut *self.session() {
            open.idle_limit = Duration::from_secs(u64::from(minutes) * 60);
        }
    }

    /// Locks if the app has been idle too long (called by the idle watcher).
    pub fn lock_if_idle(&self) {
        let mut session = self.session();
        if matches!(&*session, Session::Open(open) if open.idle_too_long()) {
            end(&mut session, LockReason::Idle);
            self.remove_made_packs();
        }
    }

    /// Locks now: the store closes and its key is wiped.
    pub fn lock(&self, reason: LockReason) {
        let mut session = self.session();
        end(&mut session, reason);
        self.remove_made_packs();
    }

    /// Gives the database the key made by `prepare_key_change` (an admin only) and carries
    /// on logged in with it. The store must be the session's alone while the file is
    /// re-encrypted.
    pub fn change_key(&self) -> Result<(), ErrorDto> {
        let mut session = self.session();
        let Session::Open(open) = &*session else {
            return Err(locked());
        };
        open.actor.require_admin("change the database key")?;
        let Session::Open(open) =
            std::mem::replace(&mut *session, Session::LoggedOut { problem: None })
        else {
            return Err(locked());
        };
        let OpenSession {
            store,
            actor,
            display_name,
            idle_limit,
            last_activity,
            made,
        } = open;
        let store = match Arc::try_unwrap(store) {
            Ok(store) => store,
            Err(store) => {
                *session = Session::Open(OpenSession {
                    store,
                    actor,
                    display_name,
                    idle_limit,
                    last_activity,
                    made,
                });
                return Err(ErrorDto::new(
                    "busy",
                    "Kinfold is busy (a backup may be being made). Try again in a minute.",
                ));
            }
        };
        let changed = kinfold_core::unlock::change_key(store, &actor);
        // Carry on logged in whether or not the change went through (with whichever key
        // now opens the file).
        if let Ok(store) = unlock::open(&self.db_path) {
            *session = Session::Open(OpenSession::new(store, actor, display_name));
        }
        Ok(changed?)
    }

    /// Looks at the database again (after the keyring was unlocked, say).
    pub fn recheck(&self) {
        let mut session = self.session();
        if !matches!(&*session, Session::Open(_)) {
            *session = check_database(&self.db_path);
        }
    }
}

/// Why a session ended, for its audit row.
#[derive(Debug, Clone, Copy)]
pub enum LockReason {
    /// The practitioner pressed Lock.
    Asked,
    /// Nobody used Kinfold for the idle limit (noticed by the window or by the backend,
    /// whichever came first).
    Idle,
}

/// Ends an open session: records the lock in the audit trail, then drops the store (closing
/// the database and wiping its key). Does nothing when no session is open.
fn end(session: &mut Session, reason: LockReason) {
    if let Session::Open(open) = &*session {
        let reason = match reason {
            LockReason::Asked => "asked",
            LockReason::Idle => "idle",
        };
        // The lock happens even if the audit row cannot be written (the key must go).
        let _ = open.store.write(&open.actor, |w| w.record_lock(reason));
        *session = Session::LoggedOut { problem: None };
    }
}

pub fn check_database(db_path: &std::path::Path) -> Session {
    if !unlock::database_exists(db_path) {
        return Session::FirstRun;
    }
    // Every page is checked before anything may write: a damaged file stays as it is.
    let checked = unlock::check(db_path)
        .and_then(|()| unlock::open(db_path))
        .and_then(|store| store.has_accounts());
    match checked {
        Ok(true) => Session::LoggedOut { problem: None },
        Ok(false) => Session::FirstRun,
        Err(e) => Session::LoggedOut {
            problem: Some(ErrorDto::from(&e)),
        },
    }
}
