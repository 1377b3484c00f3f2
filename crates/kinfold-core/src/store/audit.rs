//! SQL for the audit trail: appending rows inside a write, and reading them back.

use rusqlite::params;

use super::{Reader, Writer};
use crate::audit::AuditEvent;
use crate::error::Result;

impl Writer<'_> {
    /// Appends one audit row for a change made in this transaction.
    pub(crate) fn audit(
        &self,
        action: &str,
        record_kind: &str,
        record_id: Option<&str>,
        detail: &serde_json::Value,
    ) -> Result<()> {
        self.tx.execute(
            "INSERT INTO audit_event (at, actor, role, action, record_kind, record_id, outcome, detail)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'ok', ?7)",
            params![
                self.now,
                self.actor.name,
                self.actor.role.as_str(),
                action,
                record_kind,
                record_id,
                detail.to_string()
            ],
        )?;
        Ok(())
    }
}

impl Reader<'_> {
    /// The audit rows about one kind of record (and one record, when `record_id` is given),
    /// oldest first.
    pub fn audit_events(
        &self,
        record_kind: &str,
        record_id: Option<&str>,
    ) -> Result<Vec<AuditEvent>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, at, actor, role, action, record_kind, record_id, outcome, detail
             FROM audit_event
             WHERE record_kind = ?1 AND (?2 IS NULL OR record_id = ?2)
             ORDER BY id",
        )?;
        let rows = stmt.query_map(params![record_kind, record_id], |row| {
            Ok(AuditEvent {
                id: row.get(0)?,
                at: row.get(1)?,
                actor: row.get(2)?,
                role: row.get(3)?,
                action: row.get(4)?,
                record_kind: row.get(5)?,
                record_id: row.get(6)?,
                outcome: row.get(7)?,
                detail: row.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
