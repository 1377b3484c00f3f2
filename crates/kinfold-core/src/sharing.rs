//! Sharing restrictions: facts about one person that must not reach another (for example the
//! mother's address, withheld from the father). Packs and exports must honour them.

use crate::person::PersonId;
use crate::vocab::vocabulary;

vocabulary! {
    pub enum SharingFact {
        Address => ("address", "Address"),
        Phone => ("phone", "Phone number"),
        Email => ("email", "Email address"),
        Everything => ("everything", "Everything about them"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharingRestriction {
    pub id: i64,
    /// Whose information is protected.
    pub subject: PersonId,
    /// Who must not be told.
    pub withheld_from: PersonId,
    pub fact: SharingFact,
    pub reason: String,
}
