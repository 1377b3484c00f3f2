//! SQL for the protection settings (a single row; defaults until an admin saves them).

use rusqlite::{params, OptionalExtension};
use serde_json::json;

use super::{Reader, Writer};
use crate::error::Result;
use crate::protection::ProtectionSettings;

const SELECT: &str =
    "SELECT idle_lock_minutes, backup_folder, backup_every_days FROM protection_settings WHERE id = 1";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ProtectionSettings> {
    Ok(ProtectionSettings {
        idle_lock_minutes: row.get(0)?,
        backup_folder: row.get::<_, Option<String>>(1)?.map(Into::into),
        backup_every_days: row.get(2)?,
    })
}

fn to_json(s: &ProtectionSettings) -> serde_json::Value {
    json!({
        "idle_lock_minutes": s.idle_lock_minutes,
        "backup_folder": s.backup_folder.as_ref().map(|p| p.display().to_string()),
        "backup_every_days": s.backup_every_days,
    })
}

impl Reader<'_> {
    pub fn protection_settings(&self) -> Result<ProtectionSettings> {
        Ok(self
            .tx
            .query_row(SELECT, [], from_row)
            .optional()?
            .unwrap_or_default())
    }
}

impl Writer<'_> {
    /// Saves the protection settings. Only an admin may.
    pub fn save_protection_settings(&mut self, new: &ProtectionSettings) -> Result<()> {
        self.actor
            .require_admin("change the lock and backup settings")?;
        let old = self
            .tx
            .query_row(SELECT, [], from_row)
            .optional()?
            .unwrap_or_default();
        self.tx.execute(
            "INSERT INTO protection_settings (id, idle_lock_minutes, backup_folder, backup_every_days, updated_at, updated_by)
             VALUES (1, ?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (id) DO UPDATE SET
                 idle_lock_minutes = excluded.idle_lock_minutes, backup_folder = excluded.backup_folder,
                 backup_every_days = excluded.backup_every_days, updated_at = excluded.updated_at,
                 updated_by = excluded.updated_by",
            params![
                new.idle_lock_minutes,
                new.backup_folder.as_ref().map(|p| p.to_string_lossy().into_owned()),
                new.backup_every_days,
                self.now,
                self.actor.name
            ],
        )?;
        let detail = json!({ "before": to_json(&old), "after": to_json(new) });
        self.audit("protection.save", "protection_settings", None, &detail)
    }
}
