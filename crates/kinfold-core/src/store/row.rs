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
    let value: String = row.get(index)?;
    parse(&value).ok_or_else(|| bad_code(index, &value))
}

/// The optional `YYYY-MM-DD` date in column `index`.
pub(super) fn parse_date(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let value: Option<String> = row.get(index)?;
    value
        .map(|v| NaiveDate::parse_from_str(&v, "%Y-%m-%d").map_err(|_| bad_code(index, &v)))
        .transpose()
}

/// Source, source detail and confirmed date, in three columns from `first`.
pub(super) fn provenance(row: &Row<'_>, first: usize) -> rusqlite::Result<Provenance> {
    Ok(Provenance {
        source: parse_code(row, first, Source::from_code)?,
        detail: row.get(first + 1)?,
        confirmed_on: parse_date(row, first + 2)?,
    })
}
