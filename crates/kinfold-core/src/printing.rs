//! Printing a leaflet pack as a PDF: A4 pages in Atkinson Hyperlegible (a typeface made to be
//! easy to read), a cover letter laid out for a windowed envelope, then each leaflet with
//! headings, bullets, tick boxes and lines to write on, and a footer on every page naming the
//! leaflet, its version, the print date and the page number. printpdf draws; this module
//! measures every word (with ttf-parser) and wraps the text itself.

use std::sync::OnceLock;

use chrono::NaiveDate;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, WindingOrder,
};

use crate::leaflets::{self, Block, LetterText};
use crate::pack::Leaflet;
use crate::person::format_date;

const REGULAR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/leaflet-regular.ttf"));
const BOLD: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/leaflet-bold.ttf"));
/// The font's licence (SIL Open Font License 1.1), for anyone who asks.
pub const FONT_LICENCE: &str = include_str!(concat!(env!("OUT_DIR"), "/leaflet-font-licence.txt"));

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 20.0;
const RIGHT: f32 = 20.0;
const TOP: f32 = 20.0;
/// Text stops here; the footer sits below.
const BOTTOM: f32 = 22.0;
const WIDTH: f32 = PAGE_W - LEFT - RIGHT;
const PT_PER_MM: f32 = 72.0 / 25.4;

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

/// A printed pack.
#[derive(Debug, Clone)]
pub struct Printed {
    pub pdf: Vec<u8>,
    pub pages: usize,
}

/// Type sizes in points.
#[derive(Clone, Copy)]
struct Sizes {
    body: f32,
    title: f32,
    heading: f32,
    small: f32,
}

const NORMAL: Sizes = Sizes {
    body: 12.0,
    title: 22.0,
    heading: 15.0,
    small: 9.0,
};
/// Large print: 16 pt body text and larger headings.
const LARGE: Sizes = Sizes {
    body: 16.0,
    title: 26.0,
    heading: 19.0,
    small: 11.0,
};

struct Metrics {
    regular: ttf_parser::Face<'static>,
    bold: ttf_parser::Face<'static>,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| Metrics {
        // The fonts are part of the program: if they did not parse, no build would pass.
        regular: ttf_parser::Face::parse(REGULAR, 0).expect("the embedded regular font parses"),
        bold: ttf_parser::Face::parse(BOLD, 0).expect("the embedded bold font parses"),
    })
}

/// Width of `text` in millimetres at `size` points.
fn width(text: &str, bold: bool, size: f32) -> f32 {
    let m = metrics();
    let face = if bold { &m.bold } else { &m.regular };
    let per_em = f32::from(face.units_per_em());
    let fallback = face
        .glyph_index('?')
        .and_then(|g| face.glyph_hor_advance(g))
        .unwrap_or(500);
    let units: u32 = text
        .chars()
        .map(|c| {
            u32::from(
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .unwrap_or(fallback),
            )
        })
        .sum();
    units as f32 / per_em * size / PT_PER_MM
}

/// Splits `text` into lines no wider than `max` mm. A word longer than a line is cut.
fn wrap(text: &str, bold: bool, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width(&candidate, bold, size) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A single word wider than the line: cut it where it overflows.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if width(&piece, bold, size) > max && piece.chars().count() > 1 {
                    let last = piece.pop().unwrap_or(c);
                    lines.push(std::mem::take(&mut piece));
                    piece.push(last);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
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

const INK: (f32, f32, f32) = (0.13, 0.17, 0.2);
const NHS_BLUE: (f32, f32, f32) = (0.0, 0.37, 0.72);
const GREY: (f32, f32, f32) = (0.3, 0.38, 0.45);
const PALE_BLUE: (f32, f32, f32) = (0.9, 0.94, 0.98);

fn colour((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb {
        r,
        g,
        b,
        icc_profile: None,
    })
}

fn point(x: f32, y_from_top: f32) -> Point {
    Point {
        x: Mm(x).into(),
        y: Mm(PAGE_H - y_from_top).into(),
    }
}

fn draw_text(
    ops: &mut Vec<Op>,
    font: FontId,
    x: f32,
    y_top: f32,
    text: &str,
    size: f32,
    ink: (f32, f32, f32),
) {
    // The baseline sits about four-fifths of the type size below the line's top.
    let baseline = y_top + size * 0.8 / PT_PER_MM;
    ops.extend([
        Op::StartTextSection,
        Op::SetFillColor { col: colour(ink) },
        Op::SetFont {
            font: PdfFontHandle::External(font),
            size: Pt(size),
        },
        Op::SetTextCursor {
            pos: point(x, baseline),
        },
        Op::ShowText {
            items: vec![TextItem::Text(text.to_owned())],
        },
        Op::EndTextSection,
    ]);
}

fn draw_rule(ops: &mut Vec<Op>, x1: f32, x2: f32, y: f32, col: (f32, f32, f32), thickness: f32) {
    let line = Line {
        points: vec![
            LinePoint {
                p: point(x1, y),
                bezier: false,
            },
            LinePoint {
                p: point(x2, y),
                bezier: false,
            },
        ],
        is_closed: false,
    };
    ops.extend([
        Op::SetOutlineColor { col: colour(col) },
        Op::SetOutlineThickness { pt: Pt(thickness) },
        Op::DrawLine { line },
    ]);
}

struct Page {
    ops: Vec<Op>,
    footer: String,
}

/// Lays out text on pages, top to bottom, starting a new page when one is full.
struct Layout {
    regular: FontId,
    bold: FontId,
    sizes: Sizes,
    pages: Vec<Page>,
    /// Distance of the next line's top from the top of the page, in mm.
    y: f32,
    footer: String,
}

impl Layout {
    fn new(regular: FontId, bold: FontId, sizes: Sizes) -> Layout {
        Layout {
            regular,
            bold,
            sizes,
            pages: Vec::new(),
            y: TOP,
            footer: String::new(),
        }
    }

    fn line_height(size: f32) -> f32 {
        size * 1.45 / PT_PER_MM
    }

    fn new_page(&mut self, footer: &str) {
        self.footer = footer.to_owned();
        self.pages.push(Page {
            ops: Vec::new(),
            footer: footer.to_owned(),
        });
        self.y = TOP;
    }

    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            let footer = self.footer.clone();
            self.new_page(&footer);
        }
        &mut self.pages.last_mut().expect("a page was just added").ops
    }

    /// Makes room for `height` mm, starting a new page if this one is full.
    fn room(&mut self, height: f32) {
        if self.pages.is_empty() || self.y + height > PAGE_H - BOTTOM {
            let footer = self.footer.clone();
            self.new_page(&footer);
        }
    }

    fn text_at(
        &mut self,
        x: f32,
        y_top: f32,
        text: &str,
        bold: bool,
        size: f32,
        ink: (f32, f32, f32),
    ) {
        let font = if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        draw_text(self.ops(), font, x, y_top, text, size, ink);
    }

    fn rect(&mut self, x: f32, y_top: f32, w: f32, h: f32, mode: PaintMode, col: (f32, f32, f32)) {
        let rectangle = Rect {
            x: Mm(x).into(),
            y: Mm(PAGE_H - y_top - h).into(),
            width: Mm(w).into(),
            height: Mm(h).into(),
            mode: Some(mode),
            winding_order: Some(WindingOrder::NonZero),
        };
        self.ops().extend([
            Op::SetFillColor { col: colour(col) },
            Op::SetOutlineColor { col: colour(col) },
            Op::SetOutlineThickness { pt: Pt(1.0) },
            Op::DrawRectangle { rectangle },
        ]);
    }

    fn rule(&mut self, x1: f32, x2: f32, y: f32, col: (f32, f32, f32), thickness: f32) {
        draw_rule(self.ops(), x1, x2, y, col, thickness);
    }

    /// Wrapped text from `x` (indent in mm from the left margin), page breaks as needed.
    fn paragraph(&mut self, text: &str, bold: bool, size: f32, indent: f32, ink: (f32, f32, f32)) {
        let lh = Self::line_height(size);
        for line in wrap(text, bold, size, WIDTH - indent) {
            self.room(lh);
            let y = self.y;
            self.text_at(LEFT + indent, y, &line, bold, size, ink);
            self.y += lh;
        }
    }

    fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    fn title(&mut self, title: &str, summary: &str) {
        let s = self.sizes;
        self.paragraph(title, true, s.title, 0.0, NHS_BLUE);
        self.gap(1.0);
        let y = self.y;
        self.rule(LEFT, PAGE_W - RIGHT, y, NHS_BLUE, 2.0);
        self.gap(4.0);
        self.paragraph(summary, false, s.body + 1.0, 0.0, INK);
        self.gap(4.0);
    }

    fn heading(&mut self, text: &str) {
        let s = self.sizes;
        // Keep a heading with at least two lines of what follows.
        self.room(Self::line_height(s.heading) + 2.0 * Self::line_height(s.body) + 4.0);
        self.gap(3.0);
        self.paragraph(text, true, s.heading, 0.0, NHS_BLUE);
        self.gap(1.0);
    }

    fn bullets(&mut self, items: &[String]) {
        let s = self.sizes;
        let lh = Self::line_height(s.body);
        let indent = s.body * 0.55;
        for item in items {
            let lines = wrap(item, false, s.body, WIDTH - indent);
            self.room(lh * lines.len().min(2) as f32);
            for (i, line) in lines.iter().enumerate() {
                self.room(lh);
                let y = self.y;
                if i == 0 {
                    self.text_at(LEFT + 1.0, y, "\u{2022}", true, s.body, NHS_BLUE);
                }
                self.text_at(LEFT + indent, y, line, false, s.body, INK);
                self.y += lh;
            }
            self.gap(1.0);
        }
        self.gap(2.0);
    }

    fn checklist(&mut self, items: &[String]) {
        let s = self.sizes;
        let lh = Self::line_height(s.body);
        // A box a little taller than a capital letter, its bottom just below the baseline.
        let box_size = s.body * 0.95 / PT_PER_MM;
        let indent = box_size + 4.0;
        for item in items {
            let lines = wrap(item, false, s.body, WIDTH - indent);
            self.room(lh * lines.len() as f32 + 1.5);
            let y = self.y;
            let baseline = y + s.body * 0.8 / PT_PER_MM;
            self.rect(
                LEFT,
                baseline + 0.6 - box_size,
                box_size,
                box_size,
                PaintMode::Stroke,
                INK,
            );
            for line in &lines {
                let y = self.y;
                self.text_at(LEFT + indent, y, line, false, s.body, INK);
                self.y += lh;
            }
            self.gap(2.0);
        }
        self.gap(2.0);
    }

    fn write_in(&mut self, labels: &[String]) {
        let s = self.sizes;
        let lh = Self::line_height(s.body);
        for label in labels {
            self.room(lh * 2.0 + 4.0);
            self.paragraph(label, true, s.body, 0.0, INK);
            // Space to write in, with a line to write on.
            self.gap(lh * 0.9);
            let y = self.y;
            self.rule(LEFT, PAGE_W - RIGHT, y, GREY, 0.5);
            self.gap(4.0);
        }
        self.gap(2.0);
    }

    fn callout(&mut self, text: &str) {
        let s = self.sizes;
        let lh = Self::line_height(s.body + 1.0);
        let pad = 4.0;
        let lines = wrap(text, true, s.body + 1.0, WIDTH - 2.0 * pad - 2.0);
        let height = lines.len() as f32 * lh + 2.0 * pad;
        self.room(height + 4.0);
        self.gap(1.0);
        let top = self.y;
        self.rect(LEFT, top, WIDTH, height, PaintMode::Fill, PALE_BLUE);
        self.rect(LEFT, top, 2.0, height, PaintMode::Fill, NHS_BLUE);
        self.y = top + pad;
        for line in &lines {
            let y = self.y;
            self.text_at(LEFT + pad + 2.0, y, line, true, s.body + 1.0, INK);
            self.y += lh;
        }
        self.y = top + height + 5.0;
    }
}

/// Prints the pack: the cover letter, the invitation if asked for, then each leaflet.
pub fn print_pack(doc: &PackDocument) -> Printed {
    let values = Values { doc };
    let mut pdf = PdfDocument::new(&format!("Information for {}", doc.recipient_name));
    let mut warnings = Vec::new();
    let regular = pdf.add_font(&parsed(REGULAR));
    let bold = pdf.add_font(&parsed(BOLD));
    let sizes = if doc.large_print { LARGE } else { NORMAL };
    let mut layout = Layout::new(regular, bold, sizes);
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
                    layout.write_in(&labels.iter().map(|l| values.fill(l)).collect::<Vec<_>>());
                }
                Block::Callout(c) => layout.callout(&values.fill(c)),
                Block::ClinicContacts => clinic_contacts(&mut layout, doc),
                Block::LocalServices => {
                    if !doc.local_services.is_empty() {
                        layout.bullets(&doc.local_services);
                    }
                }
            }
        }
    }

    let total = layout.pages.len();
    let pages: Vec<PdfPage> = std::mem::take(&mut layout.pages)
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut ops = page.ops;
            let y = PAGE_H - 14.0;
            draw_rule(&mut ops, LEFT, PAGE_W - RIGHT, y - 2.0, GREY, 0.5);
            let label = format!("Page {} of {total}", i + 1);
            let label_w = width(&label, false, sizes.small);
            // The footer names the leaflet; when that does not fit beside the page number
            // (large print), the leaflet's title is left out and its id and version kept.
            let room = WIDTH - label_w - 6.0;
            let text = if width(&page.footer, false, sizes.small) <= room {
                page.footer.clone()
            } else {
                let short = page
                    .footer
                    .split(" \u{b7} ")
                    .skip(1)
                    .collect::<Vec<_>>()
                    .join(" \u{b7} ");
                wrap(&short, false, sizes.small, room)
                    .into_iter()
                    .next()
                    .unwrap_or_default()
            };
            draw_text(
                &mut ops,
                layout.regular.clone(),
                LEFT,
                y,
                &text,
                sizes.small,
                GREY,
            );
            draw_text(
                &mut ops,
                layout.regular.clone(),
                PAGE_W - RIGHT - label_w,
                y,
                &label,
                sizes.small,
                GREY,
            );
            PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), ops)
        })
        .collect();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let bytes = pdf.with_pages(pages).save(&options, &mut warnings);
    Printed {
        pdf: bytes,
        pages: total,
    }
}

fn parsed(bytes: &[u8]) -> ParsedFont {
    // The fonts are part of the program (see `metrics`).
    ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the embedded font parses")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_within_the_width_and_long_words_are_cut() {
        let text =
            "It is fine to put your baby down somewhere safe and step away for a few minutes.";
        let lines = wrap(text, false, 12.0, 60.0);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(width(line, false, 12.0) <= 60.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
        let long = "x".repeat(200);
        let cut = wrap(&long, true, 12.0, 50.0);
        assert!(cut.len() > 2 && cut.iter().all(|l| width(l, true, 12.0) <= 50.0));
        assert_eq!(cut.concat(), long);
        // Bold is wider than regular.
        assert!(width("Safer sleep", true, 12.0) > width("Safer sleep", false, 12.0));
    }
}
