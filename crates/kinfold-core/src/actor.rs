//! Who is doing something: every read and write of a record is attributed to an actor.

use std::fmt;

/// What an actor may do. Logins (a later issue) give each practitioner one of these.
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

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.name, self.role.as_str())
    }
}
