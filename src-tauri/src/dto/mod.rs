//! The shapes that cross IPC to the UI. Core types never derive serde for transport; these
//! do, in camelCase for JavaScript.

use serde::{Deserialize, Serialize};

use kinfold_core::{ClinicSettings, ClinicSettingsDraft};

mod family;
mod gaps;
mod packs;
mod session;
pub use family::*;
pub use gaps::*;
pub use packs::*;
pub use session::*;

/// Every error the UI sees: a stable `code` to branch on, a `message` for people, and for
/// invalid forms one entry per field.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ErrorDto {
    pub code: &'static str,
    pub message: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldErrorDto>,
}

impl ErrorDto {
    /// An error made by the shell itself (not the core).
    pub fn new(code: &'static str, message: impl Into<String>) -> ErrorDto {
        ErrorDto {
            code,
            message: message.into(),
            fields: Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct FieldErrorDto {
    pub field: &'static str,
    pub message: String,
}

impl From<&kinfold_core::Error> for ErrorDto {
    fn from(e: &kinfold_core::Error) -> ErrorDto {
        let fields = match e {
            kinfold_core::Error::Invalid(invalid) => invalid
                .errors
                .iter()
                .map(|f| FieldErrorDto {
                    field: f.field,
                    message: f.message.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        let message = match e {
            kinfold_core::Error::Invalid(_) => {
                "There is a problem with what was entered".to_owned()
            }
            other => other.to_string(),
        };
        ErrorDto {
            code: e.code(),
            message,
            fields,
        }
    }
}

impl From<kinfold_core::Error> for ErrorDto {
    fn from(e: kinfold_core::Error) -> ErrorDto {
        ErrorDto::from(&e)
    }
}

impl From<kinfold_core::Invalid> for ErrorDto {
    fn from(invalid: kinfold_core::Invalid) -> ErrorDto {
        ErrorDto::from(kinfold_core::Error::Invalid(invalid))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SettingsDto {
    pub clinic_name: String,
    pub team_phone: String,
    pub team_email: String,
    pub team_address: String,
    pub local_services: String,
}

impl From<ClinicSettings> for SettingsDto {
    fn from(s: ClinicSettings) -> SettingsDto {
        SettingsDto {
            clinic_name: s.clinic_name,
            team_phone: s.team_phone,
            team_email: s.team_email,
            team_address: s.team_address,
            local_services: s.local_services,
        }
    }
}

impl From<SettingsDto> for ClinicSettingsDraft {
    fn from(s: SettingsDto) -> ClinicSettingsDraft {
        ClinicSettingsDraft {
            clinic_name: s.clinic_name,
            team_phone: s.team_phone,
            team_email: s.team_email,
            team_address: s.team_address,
            local_services: s.local_services,
        }
    }
}
