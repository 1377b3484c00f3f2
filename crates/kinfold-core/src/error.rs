//! The core's errors. Each has a stable `code` that callers branch on; the message is for
//! people and may change.

use std::path::PathBuf;

/// One field that failed validation, with a message a user can act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The field's name as the caller knows it (e.g. `clinic_name`).
    pub field: &'static str,
    pub message: String,
}

/// Everything wrong with one submitted form, in field order. Never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    pub errors: Vec<FieldError>,
}

impl Invalid {
    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let messages: Vec<&str> = self.errors.iter().map(|e| e.message.as_str()).collect();
        write!(f, "{}", messages.join("; "))
    }
}

/// Collects the problems of one form while each field is checked, so that every problem is
/// reported at once, in field order.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<FieldError>);

impl Problems {
    /// The checked value, or `fallback` after noting the problem.
    pub(crate) fn take<T>(&mut self, checked: Result<T, FieldError>, fallback: T) -> T {
        checked.unwrap_or_else(|e| {
            self.0.push(e);
            fallback
        })
    }

    pub(crate) fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `value` when nothing was wrong; otherwise every problem.
    pub(crate) fn finish<T>(self, value: T) -> Result<T, Invalid> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Invalid { errors: self.0 })
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{0}")]
    Invalid(Invalid),

    #[error(
        "This database was made by a newer version of Kinfold (schema {found}; this version knows up to {supported}). \
         Install the newer version of Kinfold. The database has not been changed."
    )]
    DatabaseTooNew { found: i64, supported: i64 },

    #[error("Kinfold cannot open the database at {path}: {reason}. Nothing has been changed.")]
    DatabaseUnavailable { path: PathBuf, reason: String },

    #[error("The database could not be updated to this version of Kinfold: {0}. Nothing has been changed.")]
    Migration(String),

    #[error(
        "This computer's keyring has no key for the database at {path}. If the keyring is locked, \
         unlock it (logging out of the computer and back in does this) and try again. Otherwise \
         open the database with its recovery key. Nothing has been changed."
    )]
    KeyMissing { path: PathBuf },

    #[error(
        "Kinfold cannot use this computer's keyring ({0}). Check that you are logged in to the \
         desktop and that the keyring is running, then try again. Nothing has been changed."
    )]
    KeyringUnavailable(String),

    #[error(
        "The key Kinfold has for the database at {path} does not open it, or the file is \
         damaged. Open it with its recovery key, or restore a backup. Nothing has been changed."
    )]
    KeyWrong { path: PathBuf },

    #[error(
        "The database at {path} is not encrypted. Kinfold only keeps records in encrypted \
         databases, so it will not open it. Nothing has been changed."
    )]
    DatabaseUnencrypted { path: PathBuf },

    #[error(
        "The database at {path} is damaged ({problem}). Kinfold will not write to it. Restore \
         the latest backup; the damaged file is kept, not deleted."
    )]
    DatabaseDamaged { path: PathBuf, problem: String },

    #[error("The username or password is not right.")]
    LoginFailed,

    #[error(
        "There have been too many wrong passwords for this account. Wait {seconds} second{}, \
         then try again.", if *seconds == 1 { "" } else { "s" }
    )]
    LoginPaused { seconds: u64 },

    #[error("Only a clinic admin can {what}.")]
    NotAllowed { what: &'static str },

    #[error("{what} was not found. It may have been merged into another record.")]
    NotFound { what: String },

    #[error("The database reported a problem: {0}. Nothing has been saved.")]
    Storage(#[from] rusqlite::Error),

    #[error("Kinfold could not save {path}: {reason}. Nothing has been recorded.")]
    FileNotSaved { path: PathBuf, reason: String },
}

impl Error {
    /// A stable, machine-readable code for this kind of error. The UI branches on it.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid(_) => "invalid_input",
            Error::DatabaseTooNew { .. } => "database_too_new",
            Error::DatabaseUnavailable { .. } => "database_unavailable",
            Error::Migration(_) => "migration_failed",
            Error::KeyMissing { .. } => "key_missing",
            Error::KeyringUnavailable(_) => "keyring_unavailable",
            Error::KeyWrong { .. } => "key_wrong",
            Error::DatabaseUnencrypted { .. } => "database_unencrypted",
            Error::DatabaseDamaged { .. } => "database_damaged",
            Error::LoginFailed => "login_failed",
            Error::LoginPaused { .. } => "login_paused",
            Error::NotAllowed { .. } => "not_allowed",
            Error::NotFound { .. } => "not_found",
            Error::Storage(_) => "storage",
            Error::FileNotSaved { .. } => "file_not_saved",
        }
    }
}

impl Error {
    /// A form-level error about one field.
    pub fn invalid(field: &'static str, message: impl Into<String>) -> Error {
        Error::Invalid(Invalid {
            errors: vec![FieldError {
                field,
                message: message.into(),
            }],
        })
    }
}

impl From<Invalid> for Error {
    fn from(invalid: Invalid) -> Error {
        Error::Invalid(invalid)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
