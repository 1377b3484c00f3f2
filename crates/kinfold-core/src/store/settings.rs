//! SQL for the clinic's details (a single row).

use rusqlite::{params, OptionalExtension};
use serde_json::json;

use super::{Reader, Writer};
use crate::error::Result;
use crate::settings::ClinicSettings;

const SELECT: &str = "SELECT clinic_name, team_phone, team_email, team_address, local_services
                      FROM clinic_settings WHERE id = 1";

fn from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ClinicSettings> {
    Ok(ClinicSettings {
        clinic_name: row.get(0)?,
        team_phone: row.get(1)?,
        team_email: row.get(2)?,
        team_address: row.get(3)?,
        local_services: row.get(4)?,
    })
}

impl Reader<'_> {
    /// The clinic's details, or `None` before anyone has entered them.
    pub fn clinic_settings(&self) -> Result<Option<ClinicSettings>> {
        Ok(self.tx.query_row(SELECT, [], from_row).optional()?)
    }
}

impl Writer<'_> {
    /// Saves the clinic's details, recording in the audit trail which fields changed and
    /// what they were before.
    pub fn save_clinic_settings(&mut self, new: &ClinicSettings) -> Result<()> {
        let old = self.tx.query_row(SELECT, [], from_row).optional()?;
        self.tx.execute(
            "INSERT INTO clinic_settings
                 (id, clinic_name, team_phone, team_email, team_address, local_services, updated_at, updated_by)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (id) DO UPDATE SET
                 clinic_name = excluded.clinic_name, team_phone = excluded.team_phone,
                 team_email = excluded.team_email, team_address = excluded.team_address,
                 local_services = excluded.local_services, updated_at = excluded.updated_at,
                 updated_by = excluded.updated_by",
            params![
                new.clinic_name,
                new.team_phone,
                new.team_email,
                new.team_address,
                new.local_services,
                self.now,
                self.actor.name
            ],
        )?;
        let detail = json!({ "before": old.as_ref().map(to_json), "after": to_json(new) });
        self.audit("settings.save", "clinic_settings", None, &detail)
    }
}

fn to_json(s: &ClinicSettings) -> serde_json::Value {
    json!({
        "clinic_name": s.clinic_name,
        "team_phone": s.team_phone,
        "team_email": s.team_email,
        "team_address": s.team_address,
        "local_services": s.local_services,
    })
}
