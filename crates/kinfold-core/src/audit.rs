//! The audit trail: one sealed row for every change and every view of a record, written in
//! the same transaction as the change itself (a view's row is written before its data is
//! handed over). Each row's seal covers the row and the seal before it.

/// One row of the audit trail, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub id: i64,
    /// When it happened, RFC 3339 in UTC.
    pub at: String,
    /// The username of the practitioner (or `setup` while the first admin is made).
    pub actor: String,
    pub role: String,
    /// What was done, e.g. `settings.save`, `family.view`, `login`.
    pub action: String,
    /// What kind of record it was done to, e.g. `clinic_settings`.
    pub record_kind: String,
    pub record_id: Option<String>,
    /// `ok`, or what stopped it: `failed`, `paused`, `denied`.
    pub outcome: String,
    /// A JSON document with the details (for a change: which fields, before and after).
    pub detail: Option<String>,
    /// The people whose records this row touched, by id, in order.
    pub people: Vec<i64>,
    /// The actor's full name, when they have an account (read back, not sealed: the seal
    /// covers the username, which never changes).
    pub actor_name: Option<String>,
}

/// The result of checking the chain of seals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCheck {
    /// Rows checked (up to and including the first broken one).
    pub rows: u64,
    /// The first row whose seal does not match, if any.
    pub first_broken: Option<i64>,
    /// The seal of the last good row, in hex: write it down (or keep the printed report) and a
    /// later rewrite of the whole trail shows too.
    pub last_seal: String,
}
