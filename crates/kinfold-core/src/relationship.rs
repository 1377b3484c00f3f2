//! How two people are related: a typed, directed link ("A is the birth father of B")
//! recorded once and read from both ends, with dates, parental responsibility and a source.

use chrono::NaiveDate;

use crate::person::{PersonId, Provenance};
use crate::vocab::{vocabulary, Answer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationshipId(pub i64);

/// A relationship to record: `from` is `kind` of `to`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRelationship {
    pub from: PersonId,
    pub to: PersonId,
    pub kind: RelationshipKind,
    /// Asked only where `kind` links an adult to a child; `None` otherwise.
    pub parental_responsibility: Option<Answer>,
    pub start_date: Option<NaiveDate>,
    pub provenance: Provenance,
}

/// A relationship as stored. An ended relationship keeps its record with an end date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    pub id: RelationshipId,
    pub details: NewRelationship,
    pub end_date: Option<NaiveDate>,
}

impl Relationship {
    pub fn is_current(&self) -> bool {
        self.end_date.is_none()
    }

    /// The other person, seen from `me`.
    pub fn other(&self, me: PersonId) -> PersonId {
        if self.details.from == me {
            self.details.to
        } else {
            self.details.from
        }
    }

    /// How the other person is described when seen from `me`: from a baby, their father is
    /// "Birth father"; from the father, the baby is "Child".
    pub fn label_seen_from(&self, me: PersonId) -> &'static str {
        if self.details.to == me {
            self.details.kind.label()
        } else {
            self.details.kind.inverse_label()
        }
    }
}

vocabulary! {
    /// "from is <kind> of to". Kinds up to `SignificantAdult` link an adult to a child;
    /// `Partner` links two adults; the sibling kinds link two children (either way round).
    pub enum RelationshipKind {
        BirthMother => ("birth_mother", "Birth mother"),
        BirthFather => ("birth_father", "Birth father"),
        AdoptiveParent => ("adoptive_parent", "Adoptive parent"),
        StepParent => ("step_parent", "Step-parent"),
        FosterCarer => ("foster_carer", "Foster carer"),
        SpecialGuardian => ("special_guardian", "Special guardian"),
        Grandparent => ("grandparent", "Grandparent"),
        OtherRelative => ("other_relative", "Other relative"),
        SignificantAdult => ("significant_adult", "Other significant adult"),
        Partner => ("partner", "Partner"),
        FullSibling => ("full_sibling", "Full sibling"),
        HalfSibling => ("half_sibling", "Half-sibling"),
        StepSibling => ("step_sibling", "Step-sibling"),
    }
}

impl RelationshipKind {
    /// Symmetric kinds read the same from both ends.
    pub fn is_symmetric(self) -> bool {
        matches!(
            self,
            Self::Partner | Self::FullSibling | Self::HalfSibling | Self::StepSibling
        )
    }

    /// Kinds that make `from` a parent or carer in the place of a parent of `to`.
    pub fn is_parental(self) -> bool {
        matches!(
            self,
            Self::BirthMother
                | Self::BirthFather
                | Self::AdoptiveParent
                | Self::StepParent
                | Self::FosterCarer
                | Self::SpecialGuardian
        )
    }

    pub fn is_birth_parent(self) -> bool {
        matches!(self, Self::BirthMother | Self::BirthFather)
    }

    /// Kinds where `from` is an adult in a child's life, so parental responsibility is asked.
    pub fn links_adult_to_child(self) -> bool {
        !self.is_symmetric()
    }

    /// Kinds whose `from` is an ancestor of `to`: used to refuse cycles (nobody can be their
    /// own parent or grandparent, however long the chain).
    pub fn is_ancestry(self) -> bool {
        self.is_parental() || self == Self::Grandparent
    }

    /// How `to` is described when seen from `from` ("Child", "Grandchild", ...).
    pub fn inverse_label(self) -> &'static str {
        match self {
            Self::BirthMother | Self::BirthFather => "Child",
            Self::AdoptiveParent => "Adopted child",
            Self::StepParent => "Stepchild",
            Self::FosterCarer => "Foster child",
            Self::SpecialGuardian => "Child under special guardianship",
            Self::Grandparent => "Grandchild",
            Self::OtherRelative => "Relative",
            Self::SignificantAdult => "Child they are important to",
            Self::Partner | Self::FullSibling | Self::HalfSibling | Self::StepSibling => {
                self.label()
            }
        }
    }

    /// The HL7 v3 RoleCode (`http://terminology.hl7.org/CodeSystem/v3-RoleCode`) for `from`
    /// as seen from `to`, for export as a FHIR RelatedPerson of `to`.
    pub fn role_code(self) -> &'static str {
        match self {
            Self::BirthMother => "NMTH",
            Self::BirthFather => "NFTH",
            Self::AdoptiveParent => "ADOPTP",
            Self::StepParent => "STPPRN",
            Self::FosterCarer => "PRNFOST",
            Self::SpecialGuardian => "GUARD",
            Self::Grandparent => "GRPRN",
            Self::OtherRelative => "EXT",
            Self::SignificantAdult => "SIGOTHR",
            Self::Partner => "DOMPART",
            Self::FullSibling => "NSIB",
            Self::HalfSibling => "HSIB",
            Self::StepSibling => "STPSIB",
        }
    }

    /// The RoleCode for `to` as seen from `from` (the child of a parent, and so on).
    pub fn inverse_role_code(self) -> &'static str {
        match self {
            Self::BirthMother | Self::BirthFather => "NCHILD",
            Self::AdoptiveParent => "CHLDADOPT",
            Self::StepParent => "STPCHLD",
            Self::FosterCarer => "CHLDFOST",
            Self::SpecialGuardian => "CHILD",
            Self::Grandparent => "GRNDCHILD",
            Self::OtherRelative => "EXT",
            Self::SignificantAdult => "FAMMEMB",
            Self::Partner | Self::FullSibling | Self::HalfSibling | Self::StepSibling => {
                self.role_code()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_codes_and_labels_from_both_ends() {
        for kind in RelationshipKind::ALL {
            assert!(!kind.label().is_empty());
            assert!(!kind.inverse_label().is_empty());
            assert!(kind.role_code().chars().all(|c| c.is_ascii_uppercase()));
            assert!(kind
                .inverse_role_code()
                .chars()
                .all(|c| c.is_ascii_uppercase()));
            if kind.is_symmetric() {
                assert_eq!(kind.label(), kind.inverse_label());
                assert!(!kind.is_ancestry());
            }
        }
    }

    #[test]
    fn birth_parents_are_parental_ancestry_with_natural_codes() {
        let father = RelationshipKind::BirthFather;
        assert!(father.is_birth_parent() && father.is_parental() && father.is_ancestry());
        assert_eq!(
            (father.role_code(), father.inverse_role_code()),
            ("NFTH", "NCHILD")
        );
        assert!(RelationshipKind::Grandparent.is_ancestry());
        assert!(!RelationshipKind::Grandparent.is_parental());
    }
}
