//! Shapes for the session (setup, login, lock) and the admin screens (accounts, audit,
//! protection settings, backups).

use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use kinfold_core::account::{Account, AccountDraft};
use kinfold_core::audit::{AuditCheck, AuditEvent};
use kinfold_core::protection::{ProtectionSettings, ProtectionSettingsDraft};
use kinfold_core::Actor;

use super::ErrorDto;

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusDto {
    pub version: &'static str,
    pub db_path: String,
    /// `first_run`, `login`, `problem` or `open`.
    pub stage: &'static str,
    /// Why the database cannot be opened (stage `problem`).
    pub problem: Option<ErrorDto>,
    pub user: Option<UserDto>,
    pub idle_lock_minutes: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UserDto {
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub role_label: &'static str,
}

impl UserDto {
    pub fn new(actor: &Actor, display_name: &str) -> UserDto {
        UserDto {
            username: actor.name.clone(),
            display_name: display_name.to_owned(),
            role: actor.role.as_str(),
            role_label: actor.role.label(),
        }
    }
}

/// A new account from the setup or admin form. Passwords are wiped from memory when dropped.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountDraftDto {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password: Zeroizing<String>,
    pub password_again: Zeroizing<String>,
}

impl From<AccountDraftDto> for AccountDraft {
    fn from(d: AccountDraftDto) -> AccountDraft {
        AccountDraft {
            username: d.username,
            display_name: d.display_name,
            role: d.role,
            password: d.password,
            password_again: d.password_again,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SetupDto {
    /// Shown once, never stored.
    pub recovery_key: Option<String>,
    pub user: UserDto,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountDto {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub role_label: &'static str,
    pub active: bool,
}

impl From<&Account> for AccountDto {
    fn from(a: &Account) -> AccountDto {
        AccountDto {
            id: a.id.0,
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: a.role.as_str(),
            role_label: a.role.label(),
            active: a.active,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRowDto {
    pub id: i64,
    pub at: String,
    pub actor: String,
    /// "Full Name (username)" when the actor has an account, else the username.
    pub who: String,
    pub role: String,
    pub action: String,
    pub record_kind: String,
    pub record_id: Option<String>,
    pub outcome: String,
    pub people: Vec<i64>,
}

impl From<&AuditEvent> for AuditRowDto {
    fn from(e: &AuditEvent) -> AuditRowDto {
        AuditRowDto {
            id: e.id,
            at: e.at.clone(),
            actor: e.actor.clone(),
            who: match &e.actor_name {
                Some(name) => format!("{name} ({})", e.actor),
                None => e.actor.clone(),
            },
            role: e.role.clone(),
            action: e.action.clone(),
            record_kind: e.record_kind.clone(),
            record_id: e.record_id.clone(),
            outcome: e.outcome.clone(),
            people: e.people.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditCheckDto {
    pub rows: u64,
    pub first_broken: Option<i64>,
    pub last_seal: String,
}

impl From<AuditCheck> for AuditCheckDto {
    fn from(c: AuditCheck) -> AuditCheckDto {
        AuditCheckDto {
            rows: c.rows,
            first_broken: c.first_broken,
            last_seal: c.last_seal,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProtectionSettingsDto {
    pub idle_lock_minutes: String,
    pub backup_folder: String,
    pub backup_every_days: String,
    /// When the last backup was made (RFC 3339), shown beside the form; never read back.
    #[serde(default, skip_deserializing)]
    pub last_backup_at: Option<String>,
}

impl From<&ProtectionSettings> for ProtectionSettingsDto {
    fn from(s: &ProtectionSettings) -> ProtectionSettingsDto {
        ProtectionSettingsDto {
            idle_lock_minutes: s.idle_lock_minutes.to_string(),
            backup_folder: s
                .backup_folder
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            backup_every_days: s.backup_every_days.to_string(),
            last_backup_at: None,
        }
    }
}

impl From<ProtectionSettingsDto> for ProtectionSettingsDraft {
    fn from(s: ProtectionSettingsDto) -> ProtectionSettingsDraft {
        ProtectionSettingsDraft {
            idle_lock_minutes: s.idle_lock_minutes,
            backup_folder: s.backup_folder,
            backup_every_days: s.backup_every_days,
        }
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupDto {
    pub file: String,
    pub bytes: u64,
}
