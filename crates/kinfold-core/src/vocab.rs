//! The fixed lists of answers Kinfold records (sex, sources, relationship kinds...), each
//! stored as a stable lower-case code and shown with a plain-English label.

/// Defines an enum whose variants are stored as stable codes and shown with labels.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident => ($code:literal, $label:literal) ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every value, in the order forms offer them.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),+ ];

            /// The stable code stored in the database and sent to the UI.
            pub fn code(self) -> &'static str {
                match self { $( $name::$variant => $code ),+ }
            }

            /// How the value is shown to people.
            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label ),+ }
            }

            /// The value with this code, if there is one.
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $( $code => Some($name::$variant), )+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
}

pub(crate) use vocabulary;

vocabulary! {
    /// Whether a person's name is known.
    pub enum NameStatus {
        Known => ("known", "Known"),
        /// The person telling us would not give it.
        NotGiven => ("not_given", "Not given"),
        /// Nobody knows it (e.g. father not known to the mother).
        NotKnown => ("not_known", "Not known"),
    }
}

vocabulary! {
    pub enum Sex {
        Female => ("female", "Female"),
        Male => ("male", "Male"),
        Other => ("other", "Other"),
        NotKnown => ("not_known", "Not known"),
    }
}

vocabulary! {
    /// A yes/no question whose answer may not be known yet.
    pub enum Answer {
        Yes => ("yes", "Yes"),
        No => ("no", "No"),
        NotKnown => ("not_known", "Not known"),
    }
}

vocabulary! {
    /// Where a fact came from.
    pub enum Source {
        Mother => ("mother", "The mother"),
        Father => ("father", "The father"),
        OtherAdult => ("other_adult", "Another adult"),
        GpRecord => ("gp_record", "GP record"),
        OtherAgency => ("other_agency", "Another agency"),
        BirthRegistration => ("birth_registration", "Birth registration"),
        DocumentSeen => ("document_seen", "A document seen"),
        Observed => ("observed", "Seen by a practitioner"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        for s in Source::ALL {
            assert_eq!(Source::from_code(s.code()), Some(*s));
        }
        let mut codes: Vec<_> = Source::ALL.iter().map(|s| s.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Source::ALL.len());
        assert_eq!(Source::from_code("gossip"), None);
        assert_eq!(NameStatus::NotGiven.to_string(), "Not given");
    }
}
