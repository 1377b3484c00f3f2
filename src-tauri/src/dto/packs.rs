//! DTOs for printed documents: the pages of a printout as marks for the preview, the choices
//! for a leaflet pack (and a pack printed again from the sent-log), a made pack, a visit
//! checklist, and the packs due.

use serde::{Deserialize, Serialize};

use kinfold_core::leaflets;
use kinfold_core::pack::Leaflet;
use kinfold_core::packs::{Due, MadePack, PackChoice};
use kinfold_core::printing::{Mark, Printed, Sheet};

/// Millimetres to a hundredth, which is finer than any printer.
fn mm(v: f32) -> f32 {
    (v * 100.0).round() / 100.0
}

const PT_IN_MM: f32 = 25.4 / 72.0;

/// One mark on a page, in millimetres from the top left of an A4 sheet (210 by 297).
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum MarkDto {
    /// A line of text; `y` is its baseline, `size` the type size in mm.
    #[serde(rename_all = "camelCase")]
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        colour: String,
        text: String,
    },
    #[serde(rename_all = "camelCase")]
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        width: f32,
        colour: String,
    },
    #[serde(rename_all = "camelCase")]
    Box {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        filled: bool,
        colour: String,
    },
}

impl MarkDto {
    fn new(m: &Mark) -> MarkDto {
        match m {
            Mark::Text {
                x,
                baseline,
                size_pt,
                bold,
                ink,
                text,
            } => MarkDto::Text {
                x: mm(*x),
                y: mm(*baseline),
                size: mm(size_pt * PT_IN_MM),
                bold: *bold,
                colour: ink.hex(),
                text: text.clone(),
            },
            Mark::Rule {
                x1,
                x2,
                y,
                thickness_pt,
                ink,
            } => MarkDto::Rule {
                x1: mm(*x1),
                x2: mm(*x2),
                y: mm(*y),
                width: mm(thickness_pt * PT_IN_MM),
                colour: ink.hex(),
            },
            Mark::Box {
                x,
                y,
                w,
                h,
                filled,
                ink,
            } => MarkDto::Box {
                x: mm(*x),
                y: mm(*y),
                w: mm(*w),
                h: mm(*h),
                filled: *filled,
                colour: ink.hex(),
            },
        }
    }
}

/// One page of a printout, for the preview.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SheetDto {
    pub marks: Vec<MarkDto>,
}

impl SheetDto {
    fn new(s: &Sheet) -> SheetDto {
        SheetDto {
            marks: s.marks.iter().map(MarkDto::new).collect(),
        }
    }
}

/// A made document: where its PDF is, its size, and its pages for the preview.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrintoutDto {
    pub file: String,
    pub pages: usize,
    pub bytes: usize,
    pub sheets: Vec<SheetDto>,
}

impl PrintoutDto {
    pub fn new(printed: &Printed, file: &std::path::Path) -> PrintoutDto {
        PrintoutDto {
            file: file.display().to_string(),
            pages: printed.pages(),
            bytes: printed.pdf.len(),
            sheets: printed.sheets.iter().map(SheetDto::new).collect(),
        }
    }
}

/// A sent-log entry being printed again: what was sent, and what has changed since.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AgainDto {
    pub id: i64,
    pub sent_on: String,
    pub method: &'static str,
    pub leaflets: Vec<&'static str>,
    pub large_print: bool,
    pub invitation: bool,
    /// "Safer sleep: version 1 was sent; this prints version 2".
    pub newer: Vec<String>,
}

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
    pub again: Option<AgainDto>,
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
            again: c.again.as_ref().map(|p| AgainDto {
                id: p.id,
                sent_on: kinfold_core::person::format_date(p.sent_on),
                method: p.method.code(),
                leaflets: p.leaflets.iter().map(|l| l.leaflet.code()).collect(),
                large_print: p.options.large_print,
                invitation: p.options.invitation,
                newer: c
                    .newer_versions()
                    .iter()
                    .map(|n| {
                        format!(
                            "{}: version {} was sent; this prints version {}",
                            n.leaflet.label(),
                            n.given,
                            n.now
                        )
                    })
                    .collect(),
            }),
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

/// A made pack: its printout, and what is in it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MadePackDto {
    pub printout: PrintoutDto,
    pub recipient: String,
    pub method: &'static str,
    pub method_label: &'static str,
    /// "Cover letter", "Safer sleep (version 1)".
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
            printout: PrintoutDto::new(&m.printed, file),
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
