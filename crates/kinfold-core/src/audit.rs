//! The audit trail: one row for every change (and, with logins, every view) of a record,
//! written in the same transaction as the change itself.

/// One row of the audit trail, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: i64,
    /// When it happened, RFC 3339 in UTC.
    pub at: String,
    pub actor: String,
    pub role: String,
    /// What was done, e.g. `settings.save`.
    pub action: String,
    /// What kind of record it was done to, e.g. `clinic_settings`.
    pub record_kind: String,
    pub record_id: Option<String>,
    /// `ok`, or why it did not happen.
    pub outcome: String,
    /// A JSON document with the details (for a change: which fields, before and after).
    pub detail: Option<String>,
}
