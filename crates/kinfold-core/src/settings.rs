//! The clinic's own details: its name and how parents reach the team. Shown in Settings and,
//! later, printed on every leaflet pack.

use crate::contact_details::{check_email, check_phone};
use crate::error::{Invalid, Problems};
use crate::text::TextField;

/// The clinic's details as saved: every field has passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClinicSettings {
    pub clinic_name: String,
    pub team_phone: String,
    /// Empty when the team has no shared inbox.
    pub team_email: String,
    /// Postal address, one line per row; may be empty.
    pub team_address: String,
    /// Local services parents can use (groups, helplines), one per line; may be empty.
    pub local_services: String,
}

/// The clinic's details as typed into the form, before validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClinicSettingsDraft {
    pub clinic_name: String,
    pub team_phone: String,
    pub team_email: String,
    pub team_address: String,
    pub local_services: String,
}

const CLINIC_NAME: TextField = TextField {
    field: "clinic_name",
    label: "Clinic name",
    max_chars: 100,
    multiline: false,
};
const TEAM_PHONE: TextField = TextField {
    field: "team_phone",
    label: "Team phone number",
    max_chars: 30,
    multiline: false,
};
const TEAM_EMAIL: TextField = TextField {
    field: "team_email",
    label: "Team email address",
    max_chars: 254,
    multiline: false,
};
const TEAM_ADDRESS: TextField = TextField {
    field: "team_address",
    label: "Team address",
    max_chars: 300,
    multiline: true,
};
const LOCAL_SERVICES: TextField = TextField {
    field: "local_services",
    label: "Local services",
    max_chars: 2000,
    multiline: true,
};

impl ClinicSettingsDraft {
    /// Checks every field and returns the settings, or every problem at once (for the error
    /// summary), in the order the fields appear on the form.
    pub fn validate(&self) -> Result<ClinicSettings, Invalid> {
        let mut problems = Problems::default();
        let mut keep = |checked| problems.take(checked, String::new());
        let clinic_name = keep(CLINIC_NAME.required(&self.clinic_name, "Enter the clinic's name"));
        let team_phone = keep(
            TEAM_PHONE
                .required(&self.team_phone, "Enter the team's phone number")
                .and_then(|p| check_phone(&p).map_err(|m| TEAM_PHONE.error(m))),
        );
        let team_email = keep(TEAM_EMAIL.clean(&self.team_email).and_then(|e| {
            if e.is_empty() {
                Ok(e)
            } else {
                check_email(&e).map_err(|m| TEAM_EMAIL.error(m))
            }
        }));
        let team_address = keep(TEAM_ADDRESS.clean(&self.team_address));
        let local_services = keep(LOCAL_SERVICES.clean(&self.local_services));
        problems.finish(ClinicSettings {
            clinic_name,
            team_phone,
            team_email,
            team_address,
            local_services,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> ClinicSettingsDraft {
        ClinicSettingsDraft {
            clinic_name: "  Meadow Lane Children's Centre ".into(),
            team_phone: "0115 496 0000".into(),
            team_email: "meadow.hv@example.nhs.uk".into(),
            team_address: "1 Meadow Lane\r\nNottingham\r\nNG1 1AA".into(),
            local_services: String::new(),
        }
    }

    #[test]
    fn valid_settings_are_tidied() {
        let s = draft().validate().unwrap();
        assert_eq!(s.clinic_name, "Meadow Lane Children's Centre");
        assert_eq!(s.team_address, "1 Meadow Lane\nNottingham\nNG1 1AA");
    }

    #[test]
    fn every_problem_is_reported_in_form_order() {
        let bad = ClinicSettingsDraft {
            clinic_name: " ".into(),
            team_phone: "12".into(),
            team_email: "not-an-email".into(),
            team_address: String::new(),
            local_services: "x\u{202E}".into(),
        };
        let invalid = bad.validate().unwrap_err();
        let fields: Vec<_> = invalid.errors.iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["clinic_name", "team_phone", "team_email", "local_services"]
        );
        assert_eq!(
            invalid.message_for("clinic_name"),
            Some("Enter the clinic's name")
        );
    }

    #[test]
    fn email_is_optional_but_checked_when_given() {
        let mut d = draft();
        d.team_email = " ".into();
        assert_eq!(d.validate().unwrap().team_email, "");
    }
}
