//! Session commands: where the app stands, first-run setup, login, lock, and opening the
//! database with its recovery key.

use tauri::State;
use zeroize::Zeroizing;

use kinfold_core::account::AccountDraft;
use kinfold_core::keys::KeyringEntry;
use kinfold_core::{unlock, Actor, Store};

use crate::dto::{AccountDraftDto, ErrorDto, SetupDto, StatusDto, UserDto};
use crate::state::{AppState, LockReason, OpenSession, Session};

/// Where the app stands: being set up, waiting for a login, a problem with the database, or
/// open (and for whom).
#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> StatusDto {
    let session = state.session();
    let (stage, problem, user, idle) = match &*session {
        Session::FirstRun => ("first_run", None, None, None),
        Session::LoggedOut { problem: None } => ("login", None, None, None),
        Session::LoggedOut { problem: Some(p) } => ("problem", Some(p.clone()), None, None),
        Session::Open(open) => (
            "open",
            None,
            Some(UserDto::new(&open.actor, &open.display_name)),
            Some(open.idle_limit.as_secs() / 60),
        ),
    };
    StatusDto {
        version: env!("CARGO_PKG_VERSION"),
        db_path: state.db_path.display().to_string(),
        stage,
        problem,
        user,
        idle_lock_minutes: idle,
    }
}

fn display_name(store: &Store, actor: &Actor) -> String {
    store
        .read(|r| r.accounts())
        .ok()
        .and_then(|all| all.into_iter().find(|a| a.username == actor.name))
        .map(|a| a.display_name)
        .unwrap_or_else(|| actor.name.clone())
}

/// First start: makes the database (a new key in the keyring) and its first admin, and logs
/// them in. Returns the recovery key, the only time it is ever shown.
#[tauri::command(async)]
pub fn setup(state: State<'_, AppState>, admin: AccountDraftDto) -> Result<SetupDto, ErrorDto> {
    let mut session = state.session();
    if !matches!(&*session, Session::FirstRun) {
        return Err(ErrorDto::new(
            "already_set_up",
            "Kinfold is already set up on this computer. Log in instead.",
        ));
    }
    let mut draft = AccountDraft::from(admin);
    draft.role = "admin".to_owned();
    let new = draft.validate()?;
    let (store, recovery) = if unlock::database_exists(&state.db_path) {
        (unlock::open(&state.db_path)?, None)
    } else {
        let (store, recovery) = unlock::create(&state.db_path)?;
        (store, Some(recovery))
    };
    let actor = store.create_first_admin(&new)?;
    let user = UserDto::new(&actor, &new.display_name);
    *session = Session::Open(OpenSession::new(store, actor, new.display_name));
    Ok(SetupDto {
        recovery_key: recovery.map(|r| r.as_str().to_owned()),
        user,
    })
}

/// Opens the database with the key from the keyring and checks the password. On any
/// failure the store is closed again and its key wiped.
#[tauri::command(async)]
pub fn login(
    state: State<'_, AppState>,
    username: String,
    password: Zeroizing<String>,
) -> Result<UserDto, ErrorDto> {
    let mut session = state.session();
    if matches!(&*session, Session::FirstRun) {
        return Err(ErrorDto::new(
            "not_set_up",
            "Kinfold has not been set up yet.",
        ));
    }
    let store = unlock::open(&state.db_path)?;
    let actor = store.login(&username, &password)?;
    let name = display_name(&store, &actor);
    let user = UserDto::new(&actor, &name);
    let open = OpenSession::new(store, actor, name);
    back_up_if_due(&open);
    *session = Session::Open(open);
    Ok(user)
}

/// Makes the backup that is due, if one is, without holding up the login. A failure is left
/// for the admin screen to show (the last backup date stops moving).
fn back_up_if_due(open: &OpenSession) {
    let store = open.store.clone();
    let actor = open.actor.clone();
    std::thread::spawn(move || {
        if let Ok(Some(folder)) = store.backup_due(chrono::Utc::now()) {
            if let Err(e) = store.back_up_to(&actor, &folder) {
                eprintln!("kinfold: the backup that was due was not made: {e}");
            }
        }
    });
}

/// Locks now: the lock button, or the window's own idle timer (`idle: true`).
#[tauri::command(async)]
pub fn lock(state: State<'_, AppState>, idle: Option<bool>) {
    state.lock(if idle == Some(true) {
        LockReason::Idle
    } else {
        LockReason::Asked
    });
}

/// The person is still using the window (typing, clicking), even if no command ran.
#[tauri::command(async)]
pub fn still_here(state: State<'_, AppState>) -> Result<(), ErrorDto> {
    state.open().map(|_| ())
}

/// Opens the database with its recovery key (when the keyring has lost its key or holds the
/// wrong one) and puts the key back in the keyring. Then the usual login follows.
#[tauri::command(async)]
pub fn unlock_with_recovery_key(
    state: State<'_, AppState>,
    recovery_key: Zeroizing<String>,
) -> Result<(), ErrorDto> {
    // The core checks every page before it opens the file with the recovery key.
    drop(unlock::open_with_recovery_key(
        &state.db_path,
        &recovery_key,
    )?);
    state.recheck();
    Ok(())
}

/// Puts a backup in place of a damaged database. Only offered when the start check found the
/// database damaged (otherwise an admin logs in and uses kinfold-cli, which checks them
/// against the current accounts). The person must be an admin in the backup; wrong passwords
/// slow down as at login. The session is held for the whole restore, so nothing else opens
/// the database meanwhile; the damaged file is kept under a new name.
#[tauri::command(async)]
pub fn restore_backup(
    state: State<'_, AppState>,
    file: String,
    username: String,
    password: Zeroizing<String>,
    backup_recovery_key: Option<Zeroizing<String>>,
) -> Result<String, ErrorDto> {
    let mut session = state.session();
    let damaged = matches!(
        &*session,
        Session::LoggedOut { problem: Some(p) } if p.code == "database_damaged"
    );
    if !damaged {
        return Err(ErrorDto::new(
            "not_allowed",
            "A backup can only be restored here when the database is damaged. Otherwise a \
             clinic admin restores it with kinfold-cli.",
        ));
    }
    state.wait_for_restore_pause()?;
    let file = file.trim();
    if file.is_empty() {
        return Err(kinfold_core::Error::invalid("file", "Enter where the backup file is").into());
    }
    let key =
        KeyringEntry::for_database(&state.db_path).and_then(|entry| entry.load(&state.db_path))?;
    // A backup made before the last change of key opens with its own recovery key.
    let backup_key = match backup_recovery_key.as_deref().map(|k| k.trim()) {
        Some(text) if !text.is_empty() => kinfold_core::keys::RecoveryKey::parse(text)
            .map_err(|_| {
                ErrorDto::from(kinfold_core::Error::invalid(
                    "backup_recovery_key",
                    "This recovery key has a mistake in it. Check each group against the written copy",
                ))
            })?,
        _ => key.clone(),
    };
    let backup = std::path::Path::new(file);
    let restored =
        kinfold_core::store::restore(&state.db_path, backup, &backup_key, &key, |staged| {
            let actor = staged.login(&username, &password)?;
            actor.require_admin("restore backups")?;
            staged.write(&actor, |w| w.record_restore(backup))
        });
    if let Err(kinfold_core::Error::LoginFailed) = &restored {
        state.restore_login_failed();
    }
    let kept = restored?;
    *session = crate::state::check_database(&state.db_path);
    Ok(kept.map(|p| p.display().to_string()).unwrap_or_default())
}

/// Looks at the database again, after the problem shown was dealt with (keyring unlocked).
#[tauri::command(async)]
pub fn recheck_database(state: State<'_, AppState>) -> StatusDto {
    state.recheck();
    app_status(state)
}
