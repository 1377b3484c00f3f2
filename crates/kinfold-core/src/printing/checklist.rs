//! The practitioner's visit checklist laid out for printing: what is known about the family,
//! what must not be shared, the open gaps as tick boxes with why we ask, and lines for notes.
//! It is for the practitioner only and says so at the top of every page.

use chrono::NaiveDate;

use super::layout::{Layout, GREY, INK, NHS_BLUE, NORMAL, PALE_BLUE, WARM_YELLOW};
use super::Printed;
use crate::person::format_date;

/// One person in the child's life, as the checklist shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistPerson {
    pub name: String,
    /// "Birth father".
    pub roles: String,
    /// "Lives with Kai" or their address.
    pub lives: String,
    pub born: String,
    pub phone: String,
    /// "Overnight stays: Saturday nights, at their home".
    pub care: Vec<String>,
    /// "Parental responsibility: yes".
    pub responsibility: String,
    /// "Mia Cole (7 years), lives at ..."
    pub other_children: Vec<String>,
}

/// One open gap, to ask about at the visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistGap {
    /// "No phone number: Dean Cole (Birth father)".
    pub question: String,
    /// "Urgent".
    pub severity: String,
    pub why_we_ask: String,
    /// "Asked 2 times, last on 12 Nov 2026: declined to say".
    pub history: String,
}

/// Everything the visit checklist prints, already put into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChecklistDocument {
    pub printed_on: NaiveDate,
    pub printed_by: String,
    pub clinic_name: String,
    pub child_name: String,
    /// "27 Sep 2026 (9 weeks old)".
    pub child_born: String,
    pub child_nhs_number: String,
    pub main_home: String,
    pub named_practitioner: String,
    /// Overnight care away from the main home, first thing on the page.
    pub overnight: Vec<String>,
    /// "Do not tell Dean Cole: Amy Brown's address (court order)".
    pub cautions: Vec<String>,
    pub people: Vec<ChecklistPerson>,
    pub gaps: Vec<ChecklistGap>,
    /// "29 Nov 2026: Dean Cole, by post: Safer sleep, Coping with crying".
    pub leaflets_given: Vec<String>,
}

/// The label column of the checklist's two-column rows, in mm.
const LABEL_W: f32 = 56.0;

/// Prints the visit checklist.
pub fn print_checklist(doc: &ChecklistDocument) -> Printed {
    let mut layout = Layout::new(NORMAL);
    let s = layout.sizes;
    layout.new_page(&format!(
        "Visit checklist \u{b7} {} \u{b7} printed {} by {} \u{b7} confidential",
        doc.child_name,
        format_date(doc.printed_on),
        doc.printed_by
    ));
    layout.title(&format!("Visit checklist: {}", doc.child_name), "");
    layout.callout(
        "Confidential. This sheet is for you, the practitioner. Do not leave it with the \
         family or post it. Put what you learn into Kinfold, then shred the sheet.",
        WARM_YELLOW,
        INK,
    );

    layout.heading(&format!("About {}", doc.child_name));
    layout.pair("Born", &doc.child_born, LABEL_W);
    layout.pair("NHS number", &doc.child_nhs_number, LABEL_W);
    layout.pair("Main home", &doc.main_home, LABEL_W);
    layout.pair("Named practitioner", &doc.named_practitioner, LABEL_W);
    layout.pair("Clinic", &doc.clinic_name, LABEL_W);
    layout.gap(2.0);

    if !doc.overnight.is_empty() {
        layout.heading("Overnight away from the main home");
        layout.bullets(&doc.overnight);
    }
    if !doc.cautions.is_empty() {
        layout.heading("Take care what you share");
        for caution in &doc.cautions {
            layout.callout(caution, PALE_BLUE, NHS_BLUE);
        }
    }

    layout.heading(&format!("People in {}'s life", doc.child_name));
    if doc.people.is_empty() {
        layout.paragraph("No one is recorded yet.", false, s.body, 0.0, INK);
    }
    for person in &doc.people {
        let care = if person.care.is_empty() {
            "None recorded".to_owned()
        } else {
            person.care.join("; ")
        };
        let mut rows = vec![
            ("Lives", person.lives.clone()),
            ("Born", person.born.clone()),
            ("Phone", person.phone.clone()),
        ];
        if !person.responsibility.is_empty() {
            rows.push(("Parental responsibility", person.responsibility.clone()));
        }
        rows.push(("Looks after the child", care));
        if !person.other_children.is_empty() {
            rows.push(("Other children", person.other_children.join("; ")));
        }
        // A person stays on one page, name and all.
        let height = Layout::line_height(s.body + 1.0)
            + rows
                .iter()
                .map(|(label, value)| layout.pair_height(label, value, LABEL_W))
                .sum::<f32>()
            + 4.0;
        layout.room(height);
        layout.gap(1.5);
        layout.paragraph(
            &format!("{} \u{2013} {}", person.name, person.roles),
            true,
            s.body + 1.0,
            0.0,
            NHS_BLUE,
        );
        for (label, value) in &rows {
            layout.pair(label, value, LABEL_W);
        }
        layout.gap(2.0);
    }

    layout.heading("Still to find out");
    if doc.gaps.is_empty() {
        layout.paragraph(
            "Nothing is missing from the record today.",
            false,
            s.body,
            0.0,
            INK,
        );
        layout.gap(3.0);
    } else {
        layout.paragraph(
            "Tick each one you ask about. Most serious first.",
            false,
            s.small + 1.0,
            0.0,
            GREY,
        );
        layout.gap(2.0);
        for gap in &doc.gaps {
            let mut extra = vec![format!("Why we ask: {}", gap.why_we_ask)];
            if !gap.history.is_empty() {
                extra.push(gap.history.clone());
            }
            layout.tick_box(&format!("{} ({})", gap.question, gap.severity), &extra);
        }
    }

    if !doc.leaflets_given.is_empty() {
        layout.heading("Leaflets given");
        layout.bullets(&doc.leaflets_given);
    }

    layout.heading("Notes from the visit");
    layout.write_in("Who was there", 1);
    layout.write_in("What you learned, and who told you", 6);
    layout.write_in("What to do next", 3);
    Printed::new(
        &format!("Visit checklist for {}", doc.child_name),
        doc.printed_on,
        layout.finish(),
    )
}
