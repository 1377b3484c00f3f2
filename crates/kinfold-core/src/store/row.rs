//! Reading stored codes, dates and sources back from rows. A stored value that no longer
//! parses means the database was edited by hand or by a newer Kinfold: reading it is refused
//! rather than guessed.

use chrono::NaiveDate;
use rusqlite::Row;

use crate::person::Provenance;
use crate::vocab::Source;

pub(super) fn bad_code(index: usize, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        index,
        rusqlite::types::Type::Text,
        format!("unknown code {value:?}").into(),
    )
}

/// The code in column `index`, read with `parse`.
pub(super) fn parse_code<T>(
    row: &Row<'_>,
    index: usize,
    parse: impl Fn(&str) -> Option<T>,
) -> rusqlite::Result<T> {
    // Read in place: a caseload scan reads hundreds of thousands of codes.
    let value = row.get_ref(index)?.as_str()?;
    parse(value).ok_or_else(|| bad_code(index, value))
}

/// The optional `YYYY-MM-DD` date in column `index`.
pub(super) fn parse_date(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let Some(value) = row.get_ref(index)?.as_str_or_null()? else {
        return Ok(None);
    };
    iso_date(value)
        .map(Some)
        .ok_or_else(|| bad_code(index, value))
}

/// A stored date, `YYYY-MM-DD`, read without chrono's general-purpose parser (a caseload scan
/// reads hundreds of thousands of them).
fn iso_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let year = i32::try_from(digits(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
}

/// Source, source detail and confirmed date, in three columns from `first`.
pub(super) fn provenance(row: &Row<'_>, first: usize) -> rusqlite::Result<Provenance> {
    Ok(Provenance {
        source: parse_code(row, first, Source::from_code)?,
        detail: row.get(first + 1)?,
        confirmed_on: parse_date(row, first + 2)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_dates_are_read_exactly_and_anything_else_is_refused() {
        let mut day = NaiveDate::from_ymd_opt(1900, 1, 1).expect("date");
        let last = NaiveDate::from_ymd_opt(2100, 12, 31).expect("date");
        while day <= last {
            assert_eq!(iso_date(&day.to_string()), Some(day));
            day = day.succ_opt().expect("next day");
        }
        for bad in [
            "",
            "2026-1-05",
            "2026-02-30",
            "2026/02/03",
            "20260203",
            "2026-02-03 ",
            "२०२६-02-03",
            "2026-13-01",
            "2026-00-10",
            "+2026-01-0",
            "abcd-ef-gh",
        ] {
            assert_eq!(iso_date(bad), None, "{bad:?}");
        }
    }
}
