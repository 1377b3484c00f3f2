//! A clinic admin's commands: accounts, the audit trail (with the access report a parent may
//! ask for), lock and backup settings, and backups. The core refuses them to anyone else.

use tauri::State;
use zeroize::Zeroizing;

use kinfold_core::account::{AccountDraft, AccountId};
use kinfold_core::person::PersonId;
use kinfold_core::protection::ProtectionSettingsDraft;

use crate::dto::{
    AccountDraftDto, AccountDto, AuditCheckDto, AuditRowDto, BackupDto, ErrorDto,
    ProtectionSettingsDto,
};
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_accounts(state: State<'_, AppState>) -> Result<Vec<AccountDto>, ErrorDto> {
    let (store, actor) = state.open()?;
    let accounts = store.view_accounts(&actor)?;
    Ok(accounts.iter().map(AccountDto::from).collect())
}

#[tauri::command(async)]
pub fn add_account(state: State<'_, AppState>, account: AccountDraftDto) -> Result<i64, ErrorDto> {
    let (store, actor) = state.open()?;
    actor.require_admin("add accounts")?;
    let new = AccountDraft::from(account).validate()?;
    Ok(store.write(&actor, |w| w.add_account(&new))?.0)
}

#[tauri::command(async)]
pub fn set_account_active(
    state: State<'_, AppState>,
    account_id: i64,
    active: bool,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(store.write(&actor, |w| {
        w.set_account_active(AccountId(account_id), active)
    })?)
}

/// Sets a new password for an account (someone who forgot theirs); their wrong tries are
/// cleared. Admins only.
#[tauri::command(async)]
pub fn reset_password(
    state: State<'_, AppState>,
    account_id: i64,
    password: Zeroizing<String>,
    password_again: Zeroizing<String>,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(store.write(&actor, |w| {
        w.reset_password(AccountId(account_id), &password, &password_again)
    })?)
}

/// The latest audit rows, newest first (a page of 100, before row `before`).
#[tauri::command(async)]
pub fn audit_recent(
    state: State<'_, AppState>,
    before: Option<i64>,
) -> Result<Vec<AuditRowDto>, ErrorDto> {
    let (store, actor) = state.open()?;
    let rows = store.view_recent_audit(&actor, before, 100)?;
    Ok(rows.iter().map(AuditRowDto::from).collect())
}

/// Everyone who viewed or changed this person's record, and when, oldest first.
#[tauri::command(async)]
pub fn audit_about_person(
    state: State<'_, AppState>,
    person_id: i64,
) -> Result<Vec<AuditRowDto>, ErrorDto> {
    let (store, actor) = state.open()?;
    let rows = store.view_audit_about(&actor, PersonId(person_id))?;
    Ok(rows.iter().map(AuditRowDto::from).collect())
}

/// Recomputes every seal of the audit trail.
#[tauri::command(async)]
pub fn check_audit(state: State<'_, AppState>) -> Result<AuditCheckDto, ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(store.check_audit_as(&actor)?.into())
}

#[tauri::command(async)]
pub fn get_protection_settings(
    state: State<'_, AppState>,
) -> Result<ProtectionSettingsDto, ErrorDto> {
    let (store, actor) = state.open()?;
    actor.require_admin("see the lock and backup settings")?;
    let mut dto = ProtectionSettingsDto::from(&store.read(|r| r.protection_settings())?);
    dto.last_backup_at = store.last_backup_at()?;
    Ok(dto)
}

#[tauri::command(async)]
pub fn save_protection_settings(
    state: State<'_, AppState>,
    settings: ProtectionSettingsDto,
) -> Result<ProtectionSettingsDto, ErrorDto> {
    let (store, actor) = state.open()?;
    actor.require_admin("change the lock and backup settings")?;
    let valid = ProtectionSettingsDraft::from(settings).validate()?;
    store.write(&actor, |w| w.save_protection_settings(&valid))?;
    state.set_idle_minutes(valid.idle_lock_minutes);
    let mut dto = ProtectionSettingsDto::from(&valid);
    dto.last_backup_at = store.last_backup_at()?;
    Ok(dto)
}

/// Makes a backup now, in the folder chosen in the settings.
#[tauri::command(async)]
pub fn backup_now(state: State<'_, AppState>) -> Result<BackupDto, ErrorDto> {
    let (store, actor) = state.open()?;
    actor.require_admin("make backups")?;
    let folder = store
        .read(|r| r.protection_settings())?
        .backup_folder
        .ok_or_else(|| {
            ErrorDto::new(
                "no_backup_folder",
                "Choose a backup folder in the protection settings first.",
            )
        })?;
    let made = store.back_up_to(&actor, &folder)?;
    Ok(BackupDto {
        file: made.path.display().to_string(),
        bytes: made.bytes,
    })
}

/// Makes a new database key and keeps it aside; returns its recovery key, to be written down
/// before `change_key` puts it to use. Admins only.
#[tauri::command(async)]
pub fn prepare_key_change(state: State<'_, AppState>) -> Result<String, ErrorDto> {
    let (_, actor) = state.open()?;
    let recovery = kinfold_core::unlock::prepare_key_change(&state.db_path, &actor)?;
    Ok(recovery.as_str().to_owned())
}

/// Re-encrypts the database with the key prepared (and written down) before. Admins only.
#[tauri::command(async)]
pub fn change_key(state: State<'_, AppState>) -> Result<(), ErrorDto> {
    state.change_key()
}
