//! Drawing sheets as a PDF with printpdf: A4 pages, the two weights of Atkinson Hyperlegible
//! embedded and subset (so a pack stays small), each mark turned into PDF operations.

use chrono::Datelike;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle,
    PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem, WindingOrder,
};

use super::layout::{BOLD, PAGE_H, PAGE_W, REGULAR};
use super::{Ink, Mark, Sheet};

fn colour(ink: Ink) -> Color {
    Color::Rgb(Rgb {
        r: ink.r,
        g: ink.g,
        b: ink.b,
        icc_profile: None,
    })
}

fn point(x: f32, y_from_top: f32) -> Point {
    Point {
        x: Mm(x).into(),
        y: Mm(PAGE_H - y_from_top).into(),
    }
}

fn parsed(bytes: &[u8]) -> ParsedFont {
    // The fonts are part of the program: if they did not parse, no build would pass.
    ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("the embedded font parses")
}

fn ops(mark: &Mark, regular: &FontId, bold: &FontId, out: &mut Vec<Op>) {
    match mark {
        Mark::Text {
            x,
            baseline,
            size_pt,
            bold: is_bold,
            ink,
            text,
        } => {
            let font = if *is_bold { bold } else { regular };
            out.extend([
                Op::StartTextSection,
                Op::SetFillColor { col: colour(*ink) },
                Op::SetFont {
                    font: PdfFontHandle::External(font.clone()),
                    size: Pt(*size_pt),
                },
                Op::SetTextCursor {
                    pos: point(*x, *baseline),
                },
                Op::ShowText {
                    items: vec![TextItem::Text(text.clone())],
                },
                Op::EndTextSection,
            ]);
        }
        Mark::Rule {
            x1,
            x2,
            y,
            thickness_pt,
            ink,
        } => {
            let line = Line {
                points: vec![
                    LinePoint {
                        p: point(*x1, *y),
                        bezier: false,
                    },
                    LinePoint {
                        p: point(*x2, *y),
                        bezier: false,
                    },
                ],
                is_closed: false,
            };
            out.extend([
                Op::SetOutlineColor { col: colour(*ink) },
                Op::SetOutlineThickness {
                    pt: Pt(*thickness_pt),
                },
                Op::DrawLine { line },
            ]);
        }
        Mark::Box {
            x,
            y,
            w,
            h,
            filled,
            ink,
        } => {
            let rectangle = Rect {
                x: Mm(*x).into(),
                y: Mm(PAGE_H - y - h).into(),
                width: Mm(*w).into(),
                height: Mm(*h).into(),
                mode: Some(if *filled {
                    PaintMode::Fill
                } else {
                    PaintMode::Stroke
                }),
                winding_order: Some(WindingOrder::NonZero),
            };
            out.extend([
                Op::SetFillColor { col: colour(*ink) },
                Op::SetOutlineColor { col: colour(*ink) },
                Op::SetOutlineThickness { pt: Pt(1.0) },
                Op::DrawRectangle { rectangle },
            ]);
        }
    }
}

/// The PDF of `sheets`, titled `title` and dated `printed_on` in its document information.
pub(super) fn draw(title: &str, printed_on: chrono::NaiveDate, sheets: &[Sheet]) -> Vec<u8> {
    let mut pdf = PdfDocument::new(title);
    let date = printpdf::OffsetDateTime::new_in_offset(
        printpdf::Date {
            year: printed_on.year(),
            month: u8::try_from(printed_on.month()).unwrap_or(1),
            day: u8::try_from(printed_on.day()).unwrap_or(1),
        },
        printpdf::Time {
            hour: 0,
            minute: 0,
            second: 0,
            millisecond: 0,
        },
        printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    );
    pdf.metadata.info.creation_date = date;
    pdf.metadata.info.modification_date = date;
    pdf.metadata.info.metadata_date = date;
    let regular = pdf.add_font(&parsed(REGULAR));
    let bold = pdf.add_font(&parsed(BOLD));
    let pages: Vec<PdfPage> = sheets
        .iter()
        .map(|sheet| {
            let mut out = Vec::with_capacity(sheet.marks.len() * 6);
            for mark in &sheet.marks {
                ops(mark, &regular, &bold, &mut out);
            }
            PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), out)
        })
        .collect();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    pdf.with_pages(pages).save(&options, &mut Vec::new())
}
