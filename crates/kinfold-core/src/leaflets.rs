//! The leaflets Kinfold prints, written by us in plain English for a tired parent: each one a
//! list of blocks (headings, paragraphs, bullets, tick boxes, lines to write on) with an id
//! and a version. The words are in `leaflets/text.rs`; this module says what a leaflet is.
//!
//! Text may hold placeholders that the pack fills in when it is printed: `{baby}` (the baby's
//! first name), `{nhs_number}`, `{clinic}` (the clinic's name), `{team_phone}`. A placeholder
//! whose value is not known prints as a line to write on.

use crate::pack::Leaflet;

mod text;

/// One part of a leaflet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// A heading within the leaflet.
    Heading(&'static str),
    /// A paragraph.
    Para(&'static str),
    /// A bulleted list.
    Bullets(&'static [&'static str]),
    /// A list of tick boxes for the parent to tick.
    Checklist(&'static [&'static str]),
    /// Labels each followed by a space to write in (or the value, when the placeholder in the
    /// label is known), e.g. "Where {baby} will sleep".
    WriteIn(&'static [&'static str]),
    /// A boxed, bold message that must not be missed ("Never shake a baby").
    Callout(&'static str),
    /// The clinic's own contact details, from Settings.
    ClinicContacts,
    /// The clinic's local services, from Settings (left out when there are none).
    LocalServices,
}

/// One leaflet's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LeafletText {
    pub leaflet: Leaflet,
    /// Goes up whenever the words change; printed in the footer and kept in the sent-log.
    pub version: &'static str,
    pub title: &'static str,
    /// One sentence under the title saying what the leaflet is for.
    pub summary: &'static str,
    pub blocks: &'static [Block],
}

/// The words of `leaflet`.
pub fn text(leaflet: Leaflet) -> &'static LeafletText {
    text::ALL
        .iter()
        .find(|t| t.leaflet == leaflet)
        .unwrap_or(&text::ALL[0])
}

/// Every leaflet, in the order packs print them.
pub fn all() -> &'static [LeafletText] {
    text::ALL
}

/// The letter that goes on top of every pack, and the joint-appointment invitation.
pub use text::{COVER_LETTER, JOINT_APPOINTMENT_LETTER};

/// A letter's words: paragraphs with placeholders, as in leaflets, plus `{recipient}` (the
/// recipient's name) and `{age}` (the baby's age in weeks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LetterText {
    pub version: &'static str,
    pub heading: &'static str,
    pub paragraphs: &'static [&'static str],
}

#[cfg(test)]
mod tests;
