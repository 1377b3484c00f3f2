//! Who looks after a child, how often and where. Overnight care away from the child's main
//! home is the arrangement the serious case review says must never go unnoticed.

use chrono::NaiveDate;

use crate::household::HouseholdId;
use crate::person::{PersonId, Provenance};
use crate::vocab::vocabulary;

vocabulary! {
    pub enum CareKind {
        Overnight => ("overnight", "Overnight stays"),
        Daytime => ("daytime", "Daytime care"),
        Babysitting => ("babysitting", "Occasional babysitting"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CareArrangementId(pub i64);

/// A care arrangement to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCareArrangement {
    pub child: PersonId,
    pub carer: PersonId,
    pub kind: CareKind,
    /// In the family's words: "every Saturday night".
    pub frequency: String,
    /// Where the care happens, when known.
    pub place: Option<HouseholdId>,
    pub start_date: Option<NaiveDate>,
    pub notes: String,
    pub provenance: Provenance,
}

/// A care arrangement as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareArrangement {
    pub id: CareArrangementId,
    pub details: NewCareArrangement,
    pub end_date: Option<NaiveDate>,
}
