//! Printing: documents laid out once as A4 sheets of marks (text, lines, boxes, in millimetres
//! from the top left), then drawn as a PDF (`pdf`) or shown as a preview in the app from the
//! same marks, so what is previewed is what prints. `layout` measures and wraps the text;
//! `pack` lays out a leaflet pack; `checklist` the practitioner's visit checklist.

mod checklist;
mod layout;
mod pack;
mod pdf;

pub use checklist::{print_checklist, ChecklistDocument, ChecklistGap, ChecklistPerson};
pub use layout::{FONT_LICENCE, PAGE_H, PAGE_W};
pub use pack::{print_pack, PackDocument};

/// A colour, each part from 0 to 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ink {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Ink {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        let part = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
        format!(
            "#{:02x}{:02x}{:02x}",
            part(self.r),
            part(self.g),
            part(self.b)
        )
    }
}

/// One thing drawn on a sheet. Positions are millimetres from the top left of an A4 page.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// One line of text, its baseline at `baseline`.
    Text {
        x: f32,
        baseline: f32,
        size_pt: f32,
        bold: bool,
        ink: Ink,
        text: String,
    },
    /// A straight line across from `x1` to `x2` at height `y`.
    Rule {
        x1: f32,
        x2: f32,
        y: f32,
        thickness_pt: f32,
        ink: Ink,
    },
    /// A rectangle, filled or outlined (1 pt).
    Box {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        filled: bool,
        ink: Ink,
    },
}

/// One A4 page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sheet {
    pub marks: Vec<Mark>,
}

impl Sheet {
    /// The page's words, line by line, as a reader would meet them.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for mark in &self.marks {
            if let Mark::Text { text, .. } = mark {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}

/// A printed document: the PDF, and the sheets it was drawn from (for the preview).
#[derive(Debug, Clone)]
pub struct Printed {
    pub pdf: Vec<u8>,
    pub sheets: Vec<Sheet>,
}

impl Printed {
    fn new(title: &str, printed_on: chrono::NaiveDate, sheets: Vec<Sheet>) -> Printed {
        Printed {
            pdf: pdf::draw(title, printed_on, &sheets),
            sheets,
        }
    }

    pub fn pages(&self) -> usize {
        self.sheets.len()
    }
}
