//! A home: where one or more people live. Where someone lives is kept apart from how they are
//! related, so a father who lives elsewhere is simply a member of another household.

use crate::error::{FieldError, Invalid, Problems};
use crate::identifiers::Postcode;
use crate::text::TextField;
use crate::vocab::vocabulary;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct HouseholdId(pub i64);

vocabulary! {
    pub enum AddressStatus {
        Known => ("known", "Address known"),
        NoFixedAbode => ("no_fixed_abode", "No fixed abode"),
        NotKnown => ("not_known", "Address not known"),
    }
}

/// A home, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdDetails {
    pub address_status: AddressStatus,
    /// Street lines, one per line; may be empty when not known.
    pub address_lines: String,
    pub postcode: Option<Postcode>,
    /// What people call it, or what is known when the address is not ("his flat in Leeds").
    pub description: String,
}

impl HouseholdDetails {
    /// One line for lists: "12 Oak Road, Nottingham NG1 1AA", or what is known.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = self
            .address_lines
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        if let Some(postcode) = &self.postcode {
            parts.push(postcode.to_string());
        }
        match (parts.is_empty(), self.description.is_empty()) {
            (false, _) => parts.join(", "),
            (true, false) => self.description.clone(),
            (true, true) => self.address_status.label().to_owned(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Household {
    pub id: HouseholdId,
    pub details: HouseholdDetails,
}

/// A home as typed into a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HouseholdDraft {
    pub address_status: String,
    pub address_lines: String,
    pub postcode: String,
    pub description: String,
}

const ADDRESS_LINES: TextField = TextField {
    field: "address_lines",
    label: "Address",
    max_chars: 300,
    multiline: true,
};
const POSTCODE: TextField = TextField {
    field: "postcode",
    label: "Postcode",
    max_chars: 10,
    multiline: false,
};
const DESCRIPTION: TextField = TextField {
    field: "description",
    label: "Description",
    max_chars: 200,
    multiline: false,
};

impl HouseholdDraft {
    pub fn validate(&self) -> Result<HouseholdDetails, Invalid> {
        let mut problems = Problems::default();
        let status_code = self.address_status.trim();
        let mut address_status = if status_code.is_empty() {
            AddressStatus::Known
        } else {
            let checked = AddressStatus::from_code(status_code).ok_or_else(|| FieldError {
                field: "address_status",
                message: format!(
                    "Choose whether the address is known from the list (\"{status_code}\" is not one of the choices)"
                ),
            });
            problems.take(checked, AddressStatus::NotKnown)
        };
        let address_lines = problems.take(ADDRESS_LINES.clean(&self.address_lines), String::new());
        let postcode = problems.take(
            POSTCODE.clean(&self.postcode).and_then(|p| {
                if p.is_empty() {
                    Ok(None)
                } else {
                    Postcode::parse(&p).map(Some).map_err(|m| POSTCODE.error(m))
                }
            }),
            None,
        );
        let description = problems.take(DESCRIPTION.clean(&self.description), String::new());
        // The pseudo-postcodes say what the status is.
        match postcode {
            Some(Postcode::NoFixedAbode) => address_status = AddressStatus::NoFixedAbode,
            Some(Postcode::NotKnown) => address_status = AddressStatus::NotKnown,
            _ => {}
        }
        if address_status == AddressStatus::Known
            && problems.is_empty()
            && address_lines.is_empty()
            && postcode.is_none()
        {
            problems.push(ADDRESS_LINES.error(
                "Enter the address or postcode. If nobody knows it, enter ZZ99 3WZ as the postcode".to_owned(),
            ));
        }
        problems.finish(HouseholdDetails {
            address_status,
            address_lines,
            postcode,
            description,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_known_address_needs_lines_or_a_postcode() {
        let d = HouseholdDraft::default();
        let err = d.validate().unwrap_err();
        assert!(err.errors[0].message.contains("ZZ99 3WZ"));
        let d = HouseholdDraft {
            address_lines: "Flat 2\n4 Mill Street\nLeeds".into(),
            postcode: "ls1 4ap".into(),
            ..Default::default()
        };
        let h = d.validate().unwrap();
        assert_eq!(h.summary(), "Flat 2, 4 Mill Street, Leeds, LS1 4AP");
    }

    #[test]
    fn pseudo_postcodes_set_the_status() {
        let d = HouseholdDraft {
            postcode: "ZZ99 3VZ".into(),
            ..Default::default()
        };
        assert_eq!(
            d.validate().unwrap().address_status,
            AddressStatus::NoFixedAbode
        );
        let d = HouseholdDraft {
            address_status: "not_known".into(),
            description: "With his mother, somewhere in Leeds".into(),
            ..Default::default()
        };
        let h = d.validate().unwrap();
        assert_eq!(h.summary(), "With his mother, somewhere in Leeds");
    }

    #[test]
    fn a_bad_postcode_is_named() {
        let d = HouseholdDraft {
            postcode: "NG1 1CA".into(),
            ..Default::default()
        };
        let err = d.validate().unwrap_err();
        assert_eq!(err.errors[0].field, "postcode");
    }
}
