//! A child's family network as one picture: the child, the people at the main home, the
//! people who live elsewhere, how each is related to the child, each adult's other children,
//! and who cares for the child when and where.

use crate::care::{CareArrangement, CareKind};
use crate::household::{Household, HouseholdId};
use crate::person::{Person, PersonId};
use crate::relationship::Relationship;
use crate::sharing::SharingRestriction;
use crate::vocab::Answer;
use chrono::NaiveDate;

/// The child's entry on the clinic's caseload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseloadEntry {
    pub main_home: Option<HouseholdId>,
    pub named_practitioner: String,
}

/// One row of the caseload list.
#[derive(Debug, Clone)]
pub struct CaseloadChild {
    pub child: Person,
    pub named_practitioner: String,
    /// How many current overnight arrangements take the child away from the main home.
    pub overnight_away: u32,
}

/// How someone in the network is connected to the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// Recorded directly between them and the child.
    Direct(Relationship),
    /// The current partner of one of the child's parents ("Mother's partner").
    ParentsPartner { parent: PersonId, label: String },
}

impl Connection {
    pub fn label(&self, child: PersonId) -> String {
        match self {
            Connection::Direct(r) if r.is_current() => r.label_seen_from(child).to_owned(),
            Connection::Direct(r) => format!("{} (ended)", r.label_seen_from(child)),
            Connection::ParentsPartner { label, .. } => label.clone(),
        }
    }

    pub fn is_current(&self) -> bool {
        match self {
            Connection::Direct(r) => r.is_current(),
            Connection::ParentsPartner { .. } => true,
        }
    }
}

/// Another child of an adult in the network (from this or a previous relationship).
#[derive(Debug, Clone)]
pub struct OtherChild {
    pub person: Person,
    pub relationship: Relationship,
    pub home: Option<Household>,
    /// Whether this child is on the clinic's caseload.
    pub on_caseload: bool,
}

/// One person in a child's network, seen from the child.
#[derive(Debug, Clone)]
pub struct NetworkMember {
    pub person: Person,
    pub connections: Vec<Connection>,
    /// The strongest answer across their connections: yes beats not known beats no.
    pub parental_responsibility: Option<Answer>,
    /// Their current home, if recorded.
    pub home: Option<Household>,
    /// Whether that home is the child's main home.
    pub lives_with_child: bool,
    /// Their other children (not this child).
    pub other_children: Vec<OtherChild>,
}

impl NetworkMember {
    /// "Birth father", or several roles joined ("Birth father, Partner").
    pub fn roles(&self, child: PersonId) -> String {
        let mut labels: Vec<String> = Vec::new();
        for c in &self.connections {
            let label = c.label(child);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        labels.join(", ")
    }
}

/// A care arrangement for the child, with what the view needs to flag it.
#[derive(Debug, Clone)]
pub struct CareView {
    pub arrangement: CareArrangement,
    pub carer: Person,
    pub place: Option<Household>,
    /// Overnight care somewhere other than the child's main home (or somewhere unknown).
    pub overnight_away: bool,
}

/// Everything known about one child's family.
#[derive(Debug, Clone)]
pub struct FamilyNetwork {
    pub child: Person,
    pub caseload: Option<CaseloadEntry>,
    pub main_home: Option<Household>,
    /// Everyone connected to the child, parents first.
    pub members: Vec<NetworkMember>,
    pub care: Vec<CareView>,
    pub restrictions: Vec<SharingRestriction>,
    /// Every relationship among the people in this picture (the child, the members and their
    /// other children), ended ones included, each once: what a family diagram draws.
    pub links: Vec<Relationship>,
}

impl FamilyNetwork {
    /// Whether the child is under one year old on `today` (unknown birth: no).
    pub fn child_under_one(&self, today: NaiveDate) -> bool {
        self.child
            .details
            .birth
            .age_years(today)
            .is_some_and(|y| y < 1)
    }

    /// People who live at the child's main home.
    pub fn at_main_home(&self) -> impl Iterator<Item = &NetworkMember> {
        self.members.iter().filter(|m| m.lives_with_child)
    }

    /// People who live somewhere else, or whose home is not recorded.
    pub fn elsewhere(&self) -> impl Iterator<Item = &NetworkMember> {
        self.members.iter().filter(|m| !m.lives_with_child)
    }

    /// Current overnight arrangements away from the main home: shown first, everywhere.
    pub fn overnight_away(&self) -> impl Iterator<Item = &CareView> {
        self.care.iter().filter(|c| {
            c.overnight_away
                && c.arrangement.end_date.is_none()
                && c.arrangement.details.kind == CareKind::Overnight
        })
    }

    pub fn member(&self, id: PersonId) -> Option<&NetworkMember> {
        self.members.iter().find(|m| m.person.id == id)
    }
}

/// A child linked to a person, seen from that person.
#[derive(Debug, Clone)]
pub struct LinkedChild {
    pub child: Person,
    pub relationship: Relationship,
    pub on_caseload: bool,
}

/// One person with every child they are linked to (one person, many children).
#[derive(Debug, Clone)]
pub struct PersonView {
    pub person: Person,
    pub home: Option<Household>,
    pub children: Vec<LinkedChild>,
    /// Whether this person is a child on the caseload themselves.
    pub on_caseload: bool,
    /// Every relationship they are part of, with the other person, ended ones included.
    pub relationships: Vec<(Relationship, Person)>,
}
