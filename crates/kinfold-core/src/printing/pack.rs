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
/// The height the envelope's window shows, and the most lines that fit in it.
const ADDRESS_HEIGHT: f32 = 45.0;
const ADDRESS_LINES: usize = 7;
/// The address is for the envelope's window, so it keeps one size in large print too.
const ADDRESS_SIZE: f32 = 11.0;

/// The recipient's name and address as printed in the envelope's window: each line wrapped to
/// the window's width, and, if that makes more lines than the window shows, the middle lines
/// run together (the name stays first and the postcode last, where the post office looks).
fn address_block(doc: &PackDocument) -> Vec<String> {
    let mut lines = vec![doc.recipient_name.clone()];
    lines.extend(doc.recipient_address.iter().cloned());
    let wrapped = |lines: &[String]| -> Vec<String> {
        lines
            .iter()
            .flat_map(|l| wrap(l, false, ADDRESS_SIZE, ADDRESS_WIDTH))
            .collect()
    };
    let mut out = wrapped(&lines);
    // Join the shortest neighbouring pair of middle lines until it fits.
    while out.len() > ADDRESS_LINES && lines.len() > 3 {
        let last_middle = lines.len() - 2;
        let Some(i) = (1..last_middle).min_by_key(|&i| lines[i].len() + lines[i + 1].len()) else {
            break;
        };
        let next = lines.remove(i + 1);
        lines[i] = format!("{}, {next}", lines[i]);
        out = wrapped(&lines);
    }
    if out.len() > ADDRESS_LINES {
        // Still too long (one very long line): keep the first lines and the last.
        let last = out.pop().unwrap_or_default();
        out.truncate(ADDRESS_LINES - 1);
        out.push(last);
    }
    out
}

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
    /// Empty when their address is not known (the pack is then handed over).
    pub recipient_address: Vec<String>,
    pub baby_first_name: String,
    /// "9 weeks old".
    pub baby_age: String,
    /// For the overnight checklist (the baby's number to give a doctor); `None` when the baby
    /// has none recorded. A recipient who must not be told anything about the baby gets no
    /// pack at all (`packs::document`).
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

impl PackDocument {
    /// A fictional pack for a father who has the baby overnight (no database involved), for
    /// looking at and for benchmarks: the cover letter and the invitation, then `leaflets`.
    pub fn sample(leaflets: Vec<Leaflet>, large_print: bool) -> PackDocument {
        PackDocument {
            printed_on: NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default(),
            large_print,
            clinic_name: "Meadow Lane Children's Centre".into(),
            team_phone: "0115 496 0000".into(),
            team_email: "meadow.hv@example.nhs.uk".into(),
            team_address: vec!["1 Meadow Lane".into(), "Nottingham NG2 2AB".into()],
            local_services: vec![
                "Dads' group, Saturdays at 10am, Meadow Lane".into(),
                "Baby clinic, Tuesdays 1pm to 3pm".into(),
            ],
            recipient_name: "Łukasz Kowalski".into(),
            recipient_address: vec![
                "Flat 3, 40 Mill Street".into(),
                "Nottingham".into(),
                "NG7 2BB".into(),
            ],
            baby_first_name: "Zoë".into(),
            baby_age: "9 weeks old".into(),
            baby_nhs_number: Some("943 476 5919".into()),
            leaflets,
            invitation: true,
        }
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
        doc.printed_on,
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
    for line in address_block(doc) {
        layout.text_at(LEFT, y, &line, false, ADDRESS_SIZE, INK);
        y += Layout::line_height(ADDRESS_SIZE);
    }
    layout.y = ADDRESS_TOP + ADDRESS_HEIGHT;
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

#[cfg(test)]
mod tests {
    use std::process::Command;

    use super::*;
    use crate::printing::{Mark, PAGE_H};

    fn poppler(tool: &str, pdf: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pack.pdf");
        std::fs::write(&path, pdf).unwrap();
        let out = Command::new(tool)
            .arg(&path)
            .output()
            .expect("poppler-utils is installed by cargo xtask test");
        assert!(out.status.success(), "{tool} failed");
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn a_pack_is_a4_with_its_font_embedded() {
        let printed = print_pack(&PackDocument::sample(Leaflet::ALL.to_vec(), false));
        let info = poppler("pdfinfo", &printed.pdf);
        let field = |name: &str| {
            let line = info.lines().find(|l| l.starts_with(name));
            line.map(|l| l[name.len()..].trim().to_string())
                .unwrap_or_else(|| panic!("no {name} in {info}"))
        };
        assert_eq!(field("Page size:"), "595.276 x 841.89 pts (A4)");
        assert_eq!(field("Pages:"), printed.pages().to_string());
        // Dated the day it was printed, not 1970.
        assert!(field("CreationDate:").contains("Nov 29"), "{info}");
        assert!(field("CreationDate:").contains("2026"), "{info}");
        let fonts = poppler("pdffonts", &printed.pdf);
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            // name type encoding emb sub uni: every font embedded and subset.
            assert!(row.contains("AtkinsonHyperlegible"), "{row}");
            assert!(row.contains(" yes yes "), "not embedded and subset: {row}");
        }
    }

    #[test]
    fn large_print_sets_everything_a_reader_reads_at_16_pt_or_more() {
        let doc = PackDocument::sample(Leaflet::ALL.to_vec(), true);
        let printed = print_pack(&doc);
        let letters = 1 + usize::from(doc.invitation);
        let mut checked = 0;
        for (i, sheet) in printed.sheets.iter().enumerate() {
            for mark in &sheet.marks {
                let Mark::Text {
                    baseline,
                    size_pt,
                    text,
                    ..
                } = mark
                else {
                    continue;
                };
                // The footer, and on a letter the sender's block and the envelope's window.
                let footer = *baseline > PAGE_H - 20.0;
                let letter_head = i < letters && *baseline < ADDRESS_TOP + ADDRESS_HEIGHT;
                if !footer && !letter_head {
                    assert!(*size_pt >= 16.0, "page {}: {text:?} at {size_pt} pt", i + 1);
                    checked += 1;
                }
            }
        }
        assert!(checked > 200, "{checked} lines checked");
    }

    #[test]
    fn a_long_address_fits_the_envelope_window_with_the_postcode_last() {
        let mut doc = PackDocument::sample(vec![Leaflet::LocalSupport], true);
        doc.recipient_address = [
            "Flat 12",
            "Riverside Court",
            "40 Mill Street",
            "Sneinton",
            "Nottingham",
            "Nottinghamshire",
            "NG7 2BB",
        ]
        .map(String::from)
        .to_vec();
        let lines = address_block(&doc);
        assert!(lines.len() <= ADDRESS_LINES, "{lines:?}");
        assert_eq!(lines.first(), Some(&doc.recipient_name));
        assert_eq!(lines.last().map(String::as_str), Some("NG7 2BB"));
        for part in &doc.recipient_address {
            assert!(lines.iter().any(|l| l.contains(part.as_str())), "{part}");
        }
        // On the page: every line of it inside the window, above the date, in large print too.
        let printed = print_pack(&doc);
        let window: Vec<(f32, f32)> = printed.sheets[0]
            .marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text {
                    x,
                    baseline,
                    size_pt,
                    text,
                    ..
                } if *x == LEFT && lines.contains(text) => Some((*baseline, *size_pt)),
                _ => None,
            })
            .collect();
        assert_eq!(window.len(), lines.len());
        for (baseline, size) in window {
            assert!(baseline > ADDRESS_TOP - 5.0 && baseline < ADDRESS_TOP + ADDRESS_HEIGHT);
            assert_eq!(size, ADDRESS_SIZE);
        }
        let date = format_date(doc.printed_on);
        let date_line = printed.sheets[0].marks.iter().find_map(|m| match m {
            Mark::Text { baseline, text, .. } if *text == date => Some(*baseline),
            _ => None,
        });
        assert!(date_line.is_some_and(|y| y > ADDRESS_TOP + ADDRESS_HEIGHT));
    }
}
