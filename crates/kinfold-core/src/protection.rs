//! An admin's protection settings: how soon an idle Kinfold locks itself, and where and how
//! often backups are made.

use std::path::PathBuf;

use crate::error::{FieldError, Invalid, Problems};

/// Locking after five idle minutes is the default (a clinic room is rarely empty for long).
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 5;
pub const DEFAULT_BACKUP_EVERY_DAYS: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectionSettings {
    /// 1 to 60.
    pub idle_lock_minutes: u32,
    /// Where backups go; `None` until an admin chooses a folder.
    pub backup_folder: Option<PathBuf>,
    /// 1 to 30.
    pub backup_every_days: u32,
}

impl Default for ProtectionSettings {
    fn default() -> Self {
        ProtectionSettings {
            idle_lock_minutes: DEFAULT_IDLE_LOCK_MINUTES,
            backup_folder: None,
            backup_every_days: DEFAULT_BACKUP_EVERY_DAYS,
        }
    }
}

/// The settings as typed into the form.
#[derive(Debug, Clone, Default)]
pub struct ProtectionSettingsDraft {
    pub idle_lock_minutes: String,
    pub backup_folder: String,
    pub backup_every_days: String,
}

fn whole_number(
    field: &'static str,
    text: &str,
    range: std::ops::RangeInclusive<u32>,
    what: &str,
) -> Result<u32, FieldError> {
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|n| range.contains(n))
        .ok_or_else(|| FieldError {
            field,
            message: format!(
                "Enter {what} as a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        })
}

impl ProtectionSettingsDraft {
    pub fn validate(&self) -> Result<ProtectionSettings, Invalid> {
        let mut problems = Problems::default();
        let idle_lock_minutes = problems.take(
            whole_number(
                "idle_lock_minutes",
                &self.idle_lock_minutes,
                1..=60,
                "the minutes",
            ),
            DEFAULT_IDLE_LOCK_MINUTES,
        );
        let folder = self.backup_folder.trim();
        let backup_folder = if folder.is_empty() {
            None
        } else if !std::path::Path::new(folder).is_absolute()
            || folder.chars().any(char::is_control)
        {
            problems.push(FieldError {
                field: "backup_folder",
                message: "Enter the whole path of the backup folder, starting with /".to_owned(),
            });
            None
        } else {
            Some(PathBuf::from(folder))
        };
        let backup_every_days = problems.take(
            whole_number(
                "backup_every_days",
                &self.backup_every_days,
                1..=30,
                "the days",
            ),
            DEFAULT_BACKUP_EVERY_DAYS,
        );
        problems.finish(ProtectionSettings {
            idle_lock_minutes,
            backup_folder,
            backup_every_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_out_of_range_and_relative_folders_are_refused() {
        let draft = ProtectionSettingsDraft {
            idle_lock_minutes: "0".into(),
            backup_folder: "backups".into(),
            backup_every_days: "31".into(),
        };
        let err = draft.validate().unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["idle_lock_minutes", "backup_folder", "backup_every_days"]
        );
        let ok = ProtectionSettingsDraft {
            idle_lock_minutes: " 10 ".into(),
            backup_folder: "/srv/kinfold-backups".into(),
            backup_every_days: "7".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(ok.idle_lock_minutes, 10);
        assert_eq!(
            ok.backup_folder,
            Some(PathBuf::from("/srv/kinfold-backups"))
        );
    }
}
