//! DTOs for leaflet packs: the choices for a recipient, a made pack, and the packs due.

use serde::{Deserialize, Serialize};

use kinfold_core::leaflets;
use kinfold_core::pack::Leaflet;
use kinfold_core::packs::{Due, MadePack, PackChoice};

/// One leaflet that can go in a pack.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LeafletDto {
    pub code: &'static str,
    pub title: &'static str,
    pub version: &'static str,
    pub suggested: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackChoiceDto {
    pub recipient: String,
    pub child: String,
    pub has_address: bool,
    pub leaflets: Vec<LeafletDto>,
}

impl PackChoiceDto {
    pub fn new(c: &PackChoice) -> PackChoiceDto {
        PackChoiceDto {
            recipient: c.recipient_name.clone(),
            child: c.child_name.clone(),
            has_address: c.has_address,
            leaflets: Leaflet::ALL
                .iter()
                .map(|&l| {
                    let text = leaflets::text(l);
                    LeafletDto {
                        code: l.code(),
                        title: l.label(),
                        version: text.version,
                        suggested: c.suggested.contains(&l),
                    }
                })
                .collect(),
        }
    }
}

/// What the pack screen sends.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PackInputDto {
    pub child_id: i64,
    pub person_id: i64,
    pub leaflets: Vec<String>,
    pub large_print: bool,
    pub invitation: bool,
    /// `post`, `by_hand`, `at_appointment`, or empty: post when there is an address.
    pub method: String,
}

/// A made pack: where the PDF is, and what is in it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MadePackDto {
    pub file: String,
    pub pages: usize,
    pub bytes: usize,
    pub recipient: String,
    pub method: &'static str,
    pub method_label: &'static str,
    /// "Safer sleep (version 1)".
    pub contents: Vec<String>,
    pub large_print: bool,
    /// The sent-log entry, once recorded.
    pub sent_id: Option<i64>,
}

impl MadePackDto {
    pub fn new(m: &MadePack, file: &std::path::Path, sent_id: Option<i64>) -> MadePackDto {
        let mut contents = vec!["Cover letter".to_owned()];
        if m.document.invitation {
            contents.push("Invitation to a joint appointment".to_owned());
        }
        contents.extend(
            m.document
                .leaflets
                .iter()
                .map(|l| format!("{} (version {})", l.label(), leaflets::text(*l).version)),
        );
        MadePackDto {
            file: file.display().to_string(),
            pages: m.printed.pages,
            bytes: m.printed.pdf.len(),
            recipient: m.document.recipient_name.clone(),
            method: m.method.code(),
            method_label: m.method.label(),
            contents,
            large_print: m.document.large_print,
            sent_id,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DueDto {
    pub child_id: i64,
    pub child: String,
    pub person_id: i64,
    pub person: String,
}

impl DueDto {
    pub fn new(d: &Due) -> DueDto {
        DueDto {
            child_id: d.child.0,
            child: d.child_name.clone(),
            person_id: d.recipient.0,
            person: d.recipient_name.clone(),
        }
    }
}
