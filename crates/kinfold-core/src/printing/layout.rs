//! Laying text out on A4 sheets: every word measured in Atkinson Hyperlegible (with
//! ttf-parser) and wrapped here, headings kept with what follows, bullets, tick boxes, lines to
//! write on, boxed warnings, and a footer on every page with its page number.

use std::sync::OnceLock;

use super::{Ink, Mark, Sheet};

pub(super) const REGULAR: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/leaflet-regular.ttf"));
pub(super) const BOLD: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/leaflet-bold.ttf"));
/// The font's licence (SIL Open Font License 1.1), for anyone who asks.
pub const FONT_LICENCE: &str = include_str!(concat!(env!("OUT_DIR"), "/leaflet-font-licence.txt"));

/// A4, in millimetres.
pub const PAGE_W: f32 = 210.0;
pub const PAGE_H: f32 = 297.0;
pub(super) const LEFT: f32 = 20.0;
pub(super) const RIGHT: f32 = 20.0;
pub(super) const TOP: f32 = 20.0;
/// Text stops here; the footer sits below.
const BOTTOM: f32 = 22.0;
pub(super) const WIDTH: f32 = PAGE_W - LEFT - RIGHT;
pub(super) const PT_PER_MM: f32 = 72.0 / 25.4;

pub(super) const INK: Ink = Ink {
    r: 0.13,
    g: 0.17,
    b: 0.2,
};
pub(super) const NHS_BLUE: Ink = Ink {
    r: 0.0,
    g: 0.37,
    b: 0.72,
};
pub(super) const GREY: Ink = Ink {
    r: 0.3,
    g: 0.38,
    b: 0.45,
};
pub(super) const PALE_BLUE: Ink = Ink {
    r: 0.9,
    g: 0.94,
    b: 0.98,
};
pub(super) const WARM_YELLOW: Ink = Ink {
    r: 1.0,
    g: 0.92,
    b: 0.23,
};

/// Type sizes in points.
#[derive(Clone, Copy)]
pub(super) struct Sizes {
    pub body: f32,
    pub title: f32,
    pub heading: f32,
    pub small: f32,
}

pub(super) const NORMAL: Sizes = Sizes {
    body: 12.0,
    title: 22.0,
    heading: 15.0,
    small: 9.0,
};
/// Large print: 16 pt body text and larger headings.
pub(super) const LARGE: Sizes = Sizes {
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
pub(super) fn width(text: &str, bold: bool, size: f32) -> f32 {
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
pub(super) fn wrap(text: &str, bold: bool, size: f32, max: f32) -> Vec<String> {
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

/// The marks of one line of text whose top is at `y_top`.
pub(super) fn text_mark(x: f32, y_top: f32, text: &str, bold: bool, size: f32, ink: Ink) -> Mark {
    Mark::Text {
        x,
        // The baseline sits about four-fifths of the type size below the line's top.
        baseline: y_top + size * 0.8 / PT_PER_MM,
        size_pt: size,
        bold,
        ink,
        text: text.to_owned(),
    }
}

struct Page {
    marks: Vec<Mark>,
    footer: String,
}

/// Lays out text on pages, top to bottom, starting a new page when one is full.
pub(super) struct Layout {
    pub sizes: Sizes,
    pages: Vec<Page>,
    /// Distance of the next line's top from the top of the page, in mm.
    pub y: f32,
    footer: String,
}

impl Layout {
    pub fn new(sizes: Sizes) -> Layout {
        Layout {
            sizes,
            pages: Vec::new(),
            y: TOP,
            footer: String::new(),
        }
    }

    pub fn line_height(size: f32) -> f32 {
        size * 1.45 / PT_PER_MM
    }

    /// Starts a new page whose footer (and the footer of the pages after it) is `footer`.
    pub fn new_page(&mut self, footer: &str) {
        self.footer = footer.to_owned();
        self.pages.push(Page {
            marks: Vec::new(),
            footer: footer.to_owned(),
        });
        self.y = TOP;
    }

    fn mark(&mut self, mark: Mark) {
        if self.pages.is_empty() {
            let footer = self.footer.clone();
            self.new_page(&footer);
        }
        if let Some(page) = self.pages.last_mut() {
            page.marks.push(mark);
        }
    }

    /// Makes room for `height` mm, starting a new page if this one is full.
    pub fn room(&mut self, height: f32) {
        if self.pages.is_empty() || self.y + height > PAGE_H - BOTTOM {
            let footer = self.footer.clone();
            self.new_page(&footer);
        }
    }

    pub fn text_at(&mut self, x: f32, y_top: f32, text: &str, bold: bool, size: f32, ink: Ink) {
        self.mark(text_mark(x, y_top, text, bold, size, ink));
    }

    pub fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, filled: bool, ink: Ink) {
        self.mark(Mark::Box {
            x,
            y,
            w,
            h,
            filled,
            ink,
        });
    }

    pub fn rule(&mut self, x1: f32, x2: f32, y: f32, ink: Ink, thickness_pt: f32) {
        self.mark(Mark::Rule {
            x1,
            x2,
            y,
            thickness_pt,
            ink,
        });
    }

    /// Wrapped text from `indent` mm right of the left margin, page breaks as needed.
    pub fn paragraph(&mut self, text: &str, bold: bool, size: f32, indent: f32, ink: Ink) {
        let lh = Self::line_height(size);
        for line in wrap(text, bold, size, WIDTH - indent) {
            self.room(lh);
            let y = self.y;
            self.text_at(LEFT + indent, y, &line, bold, size, ink);
            self.y += lh;
        }
    }

    pub fn gap(&mut self, mm: f32) {
        self.y += mm;
    }

    pub fn title(&mut self, title: &str, summary: &str) {
        let s = self.sizes;
        self.paragraph(title, true, s.title, 0.0, NHS_BLUE);
        self.gap(1.0);
        let y = self.y;
        self.rule(LEFT, PAGE_W - RIGHT, y, NHS_BLUE, 2.0);
        self.gap(4.0);
        if !summary.is_empty() {
            self.paragraph(summary, false, s.body + 1.0, 0.0, INK);
        }
        self.gap(4.0);
    }

    pub fn heading(&mut self, text: &str) {
        let s = self.sizes;
        // Keep a heading with at least two lines of what follows.
        self.room(Self::line_height(s.heading) + 2.0 * Self::line_height(s.body) + 4.0);
        self.gap(3.0);
        self.paragraph(text, true, s.heading, 0.0, NHS_BLUE);
        self.gap(1.0);
    }

    pub fn bullets(&mut self, items: &[String]) {
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

    /// One tick box with its text beside it (wrapped, kept together on one page); `extra`
    /// lines follow in smaller grey type under the text.
    pub fn tick_box(&mut self, item: &str, extra: &[String]) {
        let s = self.sizes;
        let lh = Self::line_height(s.body);
        let small_lh = Self::line_height(s.small + 1.0);
        // A box a little taller than a capital letter, its bottom just below the baseline.
        let box_size = s.body * 0.95 / PT_PER_MM;
        let indent = box_size + 4.0;
        let lines = wrap(item, false, s.body, WIDTH - indent);
        let extra: Vec<String> = extra
            .iter()
            .flat_map(|e| wrap(e, false, s.small + 1.0, WIDTH - indent))
            .collect();
        self.room(lh * lines.len() as f32 + small_lh * extra.len() as f32 + 1.5);
        let y = self.y;
        let baseline = y + s.body * 0.8 / PT_PER_MM;
        self.rect(
            LEFT,
            baseline + 0.6 - box_size,
            box_size,
            box_size,
            false,
            INK,
        );
        for line in &lines {
            let y = self.y;
            self.text_at(LEFT + indent, y, line, false, s.body, INK);
            self.y += lh;
        }
        for line in &extra {
            let y = self.y;
            self.text_at(LEFT + indent, y, line, false, s.small + 1.0, GREY);
            self.y += small_lh;
        }
        self.gap(2.0);
    }

    pub fn checklist(&mut self, items: &[String]) {
        for item in items {
            self.tick_box(item, &[]);
        }
        self.gap(2.0);
    }

    /// A label in bold, then `lines` lines to write on, kept on one page.
    pub fn write_in(&mut self, label: &str, lines: usize) {
        let s = self.sizes;
        let lh = Self::line_height(s.body);
        let label_h = lh * wrap(label, true, s.body, WIDTH).len() as f32;
        self.room(label_h + (lh * 0.9 + 4.0) * lines.max(1) as f32);
        self.paragraph(label, true, s.body, 0.0, INK);
        for _ in 0..lines.max(1) {
            self.room(lh + 4.0);
            // Space to write in, with a line to write on.
            self.gap(lh * 0.9);
            let y = self.y;
            self.rule(LEFT, PAGE_W - RIGHT, y, GREY, 0.5);
            self.gap(4.0);
        }
        self.gap(2.0);
    }

    /// Text in a shaded box with a bar down its left side.
    pub fn callout(&mut self, text: &str, shade: Ink, bar: Ink) {
        let s = self.sizes;
        let lh = Self::line_height(s.body + 1.0);
        let pad = 4.0;
        let lines = wrap(text, true, s.body + 1.0, WIDTH - 2.0 * pad - 2.0);
        let height = lines.len() as f32 * lh + 2.0 * pad;
        self.room(height + 4.0);
        self.gap(1.0);
        let top = self.y;
        self.rect(LEFT, top, WIDTH, height, true, shade);
        self.rect(LEFT, top, 2.0, height, true, bar);
        self.y = top + pad;
        for line in &lines {
            let y = self.y;
            self.text_at(LEFT + pad + 2.0, y, line, true, s.body + 1.0, INK);
            self.y += lh;
        }
        self.y = top + height + 5.0;
    }

    /// The height of [`Layout::pair`] for this label and value, in mm.
    pub fn pair_height(&self, label: &str, value: &str, label_w: f32) -> f32 {
        let s = self.sizes;
        let labels = wrap(label, true, s.body, label_w - 3.0).len();
        let values = wrap(value, false, s.body, WIDTH - label_w).len();
        Self::line_height(s.body) * labels.max(values) as f32 + 1.0
    }

    /// A label and its value side by side: the label in bold in a column `label_w` mm wide.
    pub fn pair(&mut self, label: &str, value: &str, label_w: f32) {
        let s = self.sizes;
        let lh = Self::line_height(s.body);
        let labels = wrap(label, true, s.body, label_w - 3.0);
        let values = wrap(value, false, s.body, WIDTH - label_w);
        let rows = labels.len().max(values.len());
        self.room(lh * rows as f32);
        let top = self.y;
        for (i, line) in labels.iter().enumerate() {
            self.text_at(LEFT, top + lh * i as f32, line, true, s.body, INK);
        }
        for (i, line) in values.iter().enumerate() {
            self.text_at(
                LEFT + label_w,
                top + lh * i as f32,
                line,
                false,
                s.body,
                INK,
            );
        }
        self.y = top + lh * rows as f32 + 1.0;
    }

    /// The sheets, each with its footer: a rule, the footer text (shortened to what fits
    /// beside the page number: the part before the first " · " goes first) and "Page n of N".
    pub fn finish(self) -> Vec<Sheet> {
        let small = self.sizes.small;
        let total = self.pages.len();
        self.pages
            .into_iter()
            .enumerate()
            .map(|(i, page)| {
                let mut marks = page.marks;
                let y = PAGE_H - 14.0;
                marks.push(Mark::Rule {
                    x1: LEFT,
                    x2: PAGE_W - RIGHT,
                    y: y - 2.0,
                    thickness_pt: 0.5,
                    ink: GREY,
                });
                let label = format!("Page {} of {total}", i + 1);
                let label_w = width(&label, false, small);
                let room = WIDTH - label_w - 6.0;
                let text = if width(&page.footer, false, small) <= room {
                    page.footer.clone()
                } else {
                    let short = page
                        .footer
                        .split(" \u{b7} ")
                        .skip(1)
                        .collect::<Vec<_>>()
                        .join(" \u{b7} ");
                    wrap(&short, false, small, room)
                        .into_iter()
                        .next()
                        .unwrap_or_default()
                };
                marks.push(text_mark(LEFT, y, &text, false, small, GREY));
                marks.push(text_mark(
                    PAGE_W - RIGHT - label_w,
                    y,
                    &label,
                    false,
                    small,
                    GREY,
                ));
                Sheet { marks }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_comes_with_its_licence() {
        let licence = FONT_LICENCE.to_lowercase();
        assert!(licence.contains("open font license"), "{FONT_LICENCE}");
        assert!(licence.contains("version 1.1"));
        assert!(ttf_parser::Face::parse(REGULAR, 0).is_ok());
        assert!(ttf_parser::Face::parse(BOLD, 0).is_ok());
    }

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

    #[test]
    fn a_full_page_breaks_and_every_page_gets_its_number_and_footer() {
        let mut layout = Layout::new(NORMAL);
        layout.new_page("Test \u{b7} version 1");
        for i in 0..120 {
            layout.paragraph(&format!("Line {i}"), false, 12.0, 0.0, INK);
        }
        let sheets = layout.finish();
        assert!(sheets.len() >= 3, "{} sheets", sheets.len());
        let last = sheets.len();
        for (i, sheet) in sheets.iter().enumerate() {
            let text = sheet.text();
            assert!(
                text.contains(&format!("Page {} of {last}", i + 1)),
                "{text}"
            );
            assert!(text.contains("Test \u{b7} version 1"));
            for mark in &sheet.marks {
                if let Mark::Text { baseline, .. } = mark {
                    assert!(*baseline < PAGE_H - 8.0 && *baseline > TOP);
                }
            }
        }
        // Every line arrives once, in order.
        let all: String = sheets.iter().map(Sheet::text).collect();
        let mut at = 0;
        for i in 0..120 {
            let found = all[at..]
                .find(&format!("Line {i}\n"))
                .expect("each line once");
            at += found + 1;
        }
    }

    #[test]
    fn colours_are_written_as_hex() {
        assert_eq!(NHS_BLUE.hex(), "#005eb8");
        assert_eq!(
            Ink {
                r: 2.0,
                g: -1.0,
                b: 0.5
            }
            .hex(),
            "#ff0080"
        );
    }
}
