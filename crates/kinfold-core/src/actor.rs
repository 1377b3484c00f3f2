//! Who is doing something: every read and write of a record is attributed to an actor, the
//! logged-in practitioner, with the role that decides what they may do.

use std::fmt;

/// What an actor may do. Each account has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Practitioner,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Practitioner => "practitioner",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "practitioner" => Some(Role::Practitioner),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }

    /// How the role is shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::Practitioner => "Practitioner",
            Role::Admin => "Clinic admin",
        }
    }
}

/// The person (or tool) on whose behalf the core acts; written into every audit row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub name: String,
    pub role: Role,
}

impl Actor {
    pub fn new(name: impl Into<String>, role: Role) -> Actor {
        Actor {
            name: name.into(),
            role,
        }
    }
}

impl Actor {
    /// Refuses anyone but a clinic admin; `what` finishes "Only a clinic admin can ...".
    pub fn require_admin(&self, what: &'static str) -> crate::error::Result<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Practitioner => Err(crate::error::Error::NotAllowed { what }),
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.role.as_str())
    }
}
