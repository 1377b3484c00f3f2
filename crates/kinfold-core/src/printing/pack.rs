//! A leaflet pack laid out for printing: a cover letter with the address where a windowed
//! envelope shows it, the joint-appointment invitation if asked for, then each leaflet with a
//! footer naming it, its version and the print date.

use chrono::NaiveDate;

use super::layout::wrap;
use super::layout::{Layout, INK, LARGE, LEFT, NHS_BLUE, NORMAL, PAGE_W, PALE_BLUE, RIGHT, TOP};
use super::Printed;
use crate::leaflets::{self, Block, LetterText};
use crate::pack::Leaflet;
use crate::person::format_date;

/// Where a DL windowed envelope shows the address when an A4 letter is folded in three: the
/// block starts 50 mm from the top and 20 mm from the left, and is at most 85 mm wide.
const ADDRESS_TOP: f32 = 50.0;
const ADDRESS_WIDTH: f32 = 85.0;

/// What a pack says, already cleared of anything the recipient must not see: the pack is
/// printed from this alone, so nothing else about the family can reach the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackDocument {
    pub printed_on: NaiveDate,
    pub large_print: bool,
    pub clinic_name: String,
    pub team_phone: String,
    pub team_email: String,
    pub team_address: Vec<String>,
    pub local_services: Vec<String>,
    pub recipient_name: String,
    /// Empty when the pack is handed over rather than posted.
    pub recipient_address: Vec<String>,
    pub baby_first_name: String,
    /// "9 weeks old".
    pub baby_age: String,
    /// Left out when the recipient must not be told it.
    pub baby_nhs_number: Option<String>,
    pub leaflets: Vec<Leaflet>,
    /// Adds the joint-appointment invitation letter after the cover letter.
    pub invitation: bool,
}

/// The values placeholders are filled with; `None` prints as a line to write on.
struct Values<'a> {
    doc: &'a PackDocument,
}

const BLANK: &str = "____________________";

impl Values<'_> {
    fn fill(&self, text: &str) -> String {
        let d = self.doc;
        let or_blank = |v: &str| {
            if v.trim().is_empty() {
                BLANK.to_owned()
            } else {
                v.to_owned()
            }
        };
        text.replace("{baby}", &or_blank(&d.baby_first_name))
            .replace(
                "{nhs_number}",
                d.baby_nhs_number.as_deref().unwrap_or(BLANK),
            )
            .replace("{clinic}", &or_blank(&d.clinic_name))
            .replace("{team_phone}", &or_blank(&d.team_phone))
            .replace("{recipient}", &or_blank(&d.recipient_name))
            .replace("{age}", &or_blank(&d.baby_age))
    }
}

/// Prints the pack: the cover letter, the invitation if asked for, then each leaflet.
pub fn print_pack(doc: &PackDocument) -> Printed {
    let values = Values { doc };
    let sizes = if doc.large_print { LARGE } else { NORMAL };
    let mut layout = Layout::new(sizes);
    let printed = format_date(doc.printed_on);

    letter(
        &mut layout,
        doc,
        &values,
        &leaflets::COVER_LETTER,
        "Cover letter",
        &printed,
    );
    if doc.invitation {
        letter(
            &mut layout,
            doc,
            &values,
            &leaflets::JOINT_APPOINTMENT_LETTER,
            "Invitation to a joint appointment",
            &printed,
        );
    }
    for &leaflet in &doc.leaflets {
        let text = leaflets::text(leaflet);
        let footer = format!(
            "{} \u{b7} leaflet {} version {} \u{b7} printed {printed}",
            text.title.replace("{baby}", &doc.baby_first_name),
            leaflet.code(),
            text.version
        );
        layout.new_page(&footer);
        layout.title(&values.fill(text.title), &values.fill(text.summary));
        for block in text.blocks {
            match *block {
                Block::Heading(h) => layout.heading(&values.fill(h)),
                Block::Para(p) => {
                    layout.paragraph(&values.fill(p), false, sizes.body, 0.0, INK);
                    layout.gap(3.0);
                }
                Block::Bullets(items) => {
                    layout.bullets(&items.iter().map(|i| values.fill(i)).collect::<Vec<_>>());
                }
                Block::Checklist(items) => {
                    layout.checklist(&items.iter().map(|i| values.fill(i)).collect::<Vec<_>>());
                }
                Block::WriteIn(labels) => {
                    for label in labels {
                        layout.write_in(&values.fill(label), 1);
                    }
                }
                Block::Callout(c) => layout.callout(&values.fill(c), PALE_BLUE, NHS_BLUE),
                Block::ClinicContacts => clinic_contacts(&mut layout, doc),
                Block::LocalServices => {
                    if !doc.local_services.is_empty() {
                        layout.bullets(&doc.local_services);
                    }
                }
            }
        }
    }
    Printed::new(
        &format!("Information for {}", doc.recipient_name),
        layout.finish(),
    )
}

fn clinic_contacts(layout: &mut Layout, doc: &PackDocument) {
    let s = layout.sizes;
    let mut lines = vec![doc.clinic_name.clone()];
    if !doc.team_phone.is_empty() {
        lines.push(format!("Phone: {}", doc.team_phone));
    }
    if !doc.team_email.is_empty() {
        lines.push(format!("Email: {}", doc.team_email));
    }
    lines.extend(doc.team_address.iter().cloned());
    let lh = Layout::line_height(s.body);
    layout.room(lh * lines.len() as f32 + 4.0);
    for (i, line) in lines.iter().enumerate() {
        layout.paragraph(line, i == 0, s.body, 4.0, INK);
    }
    layout.gap(4.0);
}

fn letter(
    layout: &mut Layout,
    doc: &PackDocument,
    values: &Values<'_>,
    text: &LetterText,
    name: &str,
    printed: &str,
) {
    let s = layout.sizes;
    layout.new_page(&format!(
        "{name} \u{b7} version {} \u{b7} printed {printed}",
        text.version
    ));
    // The clinic, top right.
    let mut y = TOP;
    let x = PAGE_W - RIGHT - 75.0;
    let mut clinic = vec![(doc.clinic_name.clone(), true)];
    clinic.extend(doc.team_address.iter().map(|l| (l.clone(), false)));
    if !doc.team_phone.is_empty() {
        clinic.push((format!("Phone: {}", doc.team_phone), false));
    }
    if !doc.team_email.is_empty() {
        clinic.push((doc.team_email.clone(), false));
    }
    for (line, bold) in clinic {
        for part in wrap(&line, bold, s.small + 1.0, 75.0) {
            layout.text_at(x, y, &part, bold, s.small + 1.0, INK);
            y += Layout::line_height(s.small + 1.0);
        }
    }
    // The recipient, where the envelope's window shows it.
    let mut y = ADDRESS_TOP;
    let address_size = if doc.large_print { s.body } else { 12.0 };
    let mut block = vec![doc.recipient_name.clone()];
    block.extend(doc.recipient_address.iter().cloned());
    for line in block.iter().take(7) {
        for part in wrap(line, false, address_size, ADDRESS_WIDTH)
            .into_iter()
            .take(2)
        {
            layout.text_at(LEFT, y, &part, false, address_size, INK);
            y += Layout::line_height(address_size);
        }
    }
    layout.y = ADDRESS_TOP + 45.0;
    layout.paragraph(&format_date(doc.printed_on), false, s.body, 0.0, INK);
    layout.gap(6.0);
    layout.paragraph(
        &format!("Dear {},", doc.recipient_name),
        false,
        s.body,
        0.0,
        INK,
    );
    layout.gap(4.0);
    layout.paragraph(&values.fill(text.heading), true, s.heading, 0.0, NHS_BLUE);
    layout.gap(3.0);
    for p in text.paragraphs {
        layout.paragraph(&values.fill(p), false, s.body, 0.0, INK);
        layout.gap(3.0);
    }
    layout.gap(3.0);
    layout.paragraph("With best wishes,", false, s.body, 0.0, INK);
    layout.gap(3.0);
    layout.paragraph("The health visiting team", true, s.body, 0.0, INK);
    layout.paragraph(&doc.clinic_name, false, s.body, 0.0, INK);
}
