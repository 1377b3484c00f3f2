//! A person in a child's family network: one record however many children they are linked
//! to, and recordable even when little is known ("name not given" is an answer, not a blank).

use chrono::{Datelike, NaiveDate};

use crate::contact_details::{check_email, check_phone};
use crate::error::{FieldError, Invalid, Problems};
use crate::identifiers::NhsNumber;
use crate::text::TextField;
use crate::vocab::{Answer, NameStatus, Sex, Source};

/// A person's id in the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PersonId(pub i64);

impl std::fmt::Display for PersonId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// When someone was born, as far as anyone knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Birth {
    Exact(NaiveDate),
    /// Only a rough year is known (e.g. "about 30" became 1996).
    EstimatedYear(i32),
    NotKnown,
}

impl Birth {
    /// Age in whole years on `today`, when the birth date or year is known.
    pub fn age_years(&self, today: NaiveDate) -> Option<i32> {
        match *self {
            Birth::Exact(date) => today.years_since(date).and_then(|y| i32::try_from(y).ok()),
            Birth::EstimatedYear(year) => Some(today.year() - year),
            Birth::NotKnown => None,
        }
    }
}

impl Birth {
    /// How old someone is, the way a health visitor says it: weeks for a young baby
    /// ("9 weeks"), months until two ("14 months"), then years ("about 30 years" when only
    /// the year is estimated).
    pub fn age_text(&self, today: NaiveDate) -> Option<String> {
        let plural = |n: i64, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
        match *self {
            Birth::Exact(date) => {
                let days = (today - date).num_days();
                if days < 0 {
                    return None;
                }
                let mut months = i64::from(today.year() - date.year()) * 12
                    + i64::from(today.month())
                    - i64::from(date.month());
                if today.day() < date.day() {
                    months -= 1;
                }
                Some(if days < 7 {
                    plural(days, "day")
                } else if days < 26 * 7 {
                    plural(days / 7, "week")
                } else if months < 24 {
                    plural(months, "month")
                } else {
                    plural(i64::from(today.years_since(date).unwrap_or(0)), "year")
                })
            }
            Birth::EstimatedYear(year) => Some(format!(
                "about {}",
                plural(i64::from(today.year() - year), "year")
            )),
            Birth::NotKnown => None,
        }
    }

    /// "27 Sep 2026", "born about 1996", or "Not known".
    pub fn text(&self) -> String {
        match self {
            Birth::Exact(date) => format_date(*date),
            Birth::EstimatedYear(year) => format!("About {year} (estimated)"),
            Birth::NotKnown => "Not known".to_owned(),
        }
    }
}

/// A date the way Kinfold shows it: "29 Nov 2026".
pub fn format_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// Where a fact came from and when it was last confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    pub source: Source,
    /// Who or what exactly, e.g. "letter from children's social care".
    pub detail: String,
    pub confirmed_on: Option<NaiveDate>,
}

/// Everything recorded about a person, validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonDetails {
    pub name_status: NameStatus,
    pub given_name: String,
    pub family_name: String,
    pub known_as: String,
    pub birth: Birth,
    pub sex: Sex,
    pub nhs_number: Option<NhsNumber>,
    pub phone: String,
    pub email: String,
    pub first_language: String,
    pub interpreter_needed: Answer,
    pub deceased: bool,
    pub notes: String,
    pub provenance: Provenance,
}

impl PersonDetails {
    /// The name to show: the known-as name if there is one, else first and last name, or
    /// what is known about the name.
    pub fn display_name(&self) -> String {
        match self.name_status {
            NameStatus::Known => {
                let full = [self.given_name.as_str(), self.family_name.as_str()]
                    .iter()
                    .filter(|s| !s.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                if self.known_as.is_empty() || self.known_as == self.given_name {
                    full
                } else {
                    format!("{} ({full})", self.known_as)
                }
            }
            NameStatus::NotGiven => "Name not given".to_owned(),
            NameStatus::NotKnown => "Name not known".to_owned(),
        }
    }
}

/// A person as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    pub details: PersonDetails,
    /// Set when this record was merged into another one.
    pub merged_into: Option<PersonId>,
}

/// A person as typed into a form or read from an import file, before validation. Choice
/// fields hold their codes (see [`crate::vocab`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonDraft {
    pub name_status: String,
    pub given_name: String,
    pub family_name: String,
    pub known_as: String,
    /// An exact date: `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub birth_date: String,
    /// A rough year of birth, when the date is not known.
    pub birth_year: String,
    pub sex: String,
    pub nhs_number: String,
    pub phone: String,
    pub email: String,
    pub first_language: String,
    pub interpreter_needed: String,
    pub deceased: bool,
    pub notes: String,
    pub source: String,
    pub source_detail: String,
    pub confirmed_on: String,
}

impl PersonDraft {
    /// The form as it would be filled in for details already recorded (to change them).
    pub fn from_details(d: &PersonDetails) -> PersonDraft {
        let (birth_date, birth_year) = match d.birth {
            Birth::Exact(date) => (date.to_string(), String::new()),
            Birth::EstimatedYear(year) => (String::new(), year.to_string()),
            Birth::NotKnown => (String::new(), String::new()),
        };
        PersonDraft {
            name_status: d.name_status.code().to_owned(),
            given_name: d.given_name.clone(),
            family_name: d.family_name.clone(),
            known_as: d.known_as.clone(),
            birth_date,
            birth_year,
            sex: d.sex.code().to_owned(),
            nhs_number: d
                .nhs_number
                .as_ref()
                .map(NhsNumber::formatted)
                .unwrap_or_default(),
            phone: d.phone.clone(),
            email: d.email.clone(),
            first_language: d.first_language.clone(),
            interpreter_needed: d.interpreter_needed.code().to_owned(),
            deceased: d.deceased,
            notes: d.notes.clone(),
            source: d.provenance.source.code().to_owned(),
            source_detail: d.provenance.detail.clone(),
            confirmed_on: d
                .provenance
                .confirmed_on
                .map(|c| c.to_string())
                .unwrap_or_default(),
        }
    }
}

const fn one_line(field: &'static str, label: &'static str, max_chars: usize) -> TextField {
    TextField {
        field,
        label,
        max_chars,
        multiline: false,
    }
}

const GIVEN_NAME: TextField = one_line("given_name", "First name", 100);
const FAMILY_NAME: TextField = one_line("family_name", "Last name", 100);
const KNOWN_AS: TextField = one_line("known_as", "Known as", 100);
const BIRTH_DATE: TextField = one_line("birth_date", "Date of birth", 20);
const BIRTH_YEAR: TextField = one_line("birth_year", "Year of birth", 10);
const NHS_NUMBER: TextField = one_line("nhs_number", "NHS number", 20);
const PHONE: TextField = one_line("phone", "Phone number", 30);
const EMAIL: TextField = one_line("email", "Email address", 254);
const FIRST_LANGUAGE: TextField = one_line("first_language", "First language", 60);
const SOURCE_DETAIL: TextField = one_line("source_detail", "Source details", 200);
const CONFIRMED_ON: TextField = one_line("confirmed_on", "Date confirmed", 20);
const NOTES: TextField = TextField {
    field: "notes",
    label: "Notes",
    max_chars: 2000,
    multiline: true,
};

/// The earliest birth year Kinfold accepts (the oldest grandparent is younger than this).
const EARLIEST_YEAR: i32 = 1900;

/// Reads a date typed as `YYYY-MM-DD` (what date inputs send) or `DD/MM/YYYY`.
pub fn parse_date(input: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(input, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(input, "%d/%m/%Y"))
        .ok()
}

/// Checks an optional date field: empty is fine; otherwise a real date, not in the future.
pub(crate) fn optional_past_date(
    field: TextField,
    input: &str,
    today: NaiveDate,
) -> Result<Option<NaiveDate>, FieldError> {
    let text = field.clean(input)?;
    if text.is_empty() {
        return Ok(None);
    }
    let date = parse_date(&text).ok_or_else(|| {
        field.error(format!(
            "{} must be a real date, like 27/9/2026 ({text:?} is not)",
            field.label
        ))
    })?;
    if date > today {
        return Err(field.error(format!("{} cannot be in the future", field.label)));
    }
    if date.year() < EARLIEST_YEAR {
        return Err(field.error(format!("{} must be after {EARLIEST_YEAR}", field.label)));
    }
    Ok(Some(date))
}

fn choice<T: Copy>(
    field: &'static str,
    label: &str,
    code: &str,
    default: Option<T>,
    from_code: impl Fn(&str) -> Option<T>,
) -> Result<T, FieldError> {
    let code = code.trim();
    if code.is_empty() {
        if let Some(value) = default {
            return Ok(value);
        }
    }
    from_code(code).ok_or_else(|| FieldError {
        field,
        message: if code.is_empty() {
            format!("Choose {label}")
        } else {
            format!("Choose {label} from the list (\"{code}\" is not one of the choices)")
        },
    })
}

fn a_name(field: TextField, input: &str) -> Result<String, FieldError> {
    let name = field.clean(input)?;
    if !name.is_empty() && !name.chars().any(char::is_alphabetic) {
        return Err(field.error(format!("{} must include at least one letter", field.label)));
    }
    Ok(name)
}

impl PersonDraft {
    /// Checks every field and returns the details, or every problem at once in form order.
    /// `today` decides what counts as the future.
    pub fn validate(&self, today: NaiveDate) -> Result<PersonDetails, Invalid> {
        let mut problems = Problems::default();
        let name_status = problems.take(
            choice(
                "name_status",
                "whether the name is known",
                &self.name_status,
                Some(NameStatus::Known),
                NameStatus::from_code,
            ),
            NameStatus::Known,
        );
        let given_name = problems.take(a_name(GIVEN_NAME, &self.given_name), String::new());
        let family_name = problems.take(a_name(FAMILY_NAME, &self.family_name), String::new());
        let known_as = problems.take(a_name(KNOWN_AS, &self.known_as), String::new());
        let names_checked = problems.is_empty();
        if name_status == NameStatus::Known
            && names_checked
            && given_name.is_empty()
            && family_name.is_empty()
            && known_as.is_empty()
        {
            problems.push(GIVEN_NAME.error(
                "Enter a first name or a last name, or say that the name was not given or is not known"
                    .to_owned(),
            ));
        }
        let birth_date = problems.take(
            optional_past_date(BIRTH_DATE, &self.birth_date, today),
            None,
        );
        let birth_year = problems.take(birth_year(&self.birth_year, today), None);
        let birth = match (birth_date, birth_year) {
            (Some(date), None) => Birth::Exact(date),
            (None, Some(year)) => Birth::EstimatedYear(year),
            (None, None) => Birth::NotKnown,
            (Some(date), Some(_)) => {
                problems.push(BIRTH_YEAR.error(
                    "Give either the date of birth or a rough year of birth, not both".to_owned(),
                ));
                Birth::Exact(date)
            }
        };
        let sex = problems.take(
            choice(
                "sex",
                "the person's sex",
                &self.sex,
                Some(Sex::NotKnown),
                Sex::from_code,
            ),
            Sex::NotKnown,
        );
        let nhs_number = problems.take(
            NHS_NUMBER.clean(&self.nhs_number).and_then(|n| {
                if n.is_empty() {
                    Ok(None)
                } else {
                    NhsNumber::parse(&n)
                        .map(Some)
                        .map_err(|m| NHS_NUMBER.error(m))
                }
            }),
            None,
        );
        let phone = problems.take(
            PHONE.clean(&self.phone).and_then(|p| {
                if p.is_empty() {
                    Ok(p)
                } else {
                    check_phone(&p).map_err(|m| PHONE.error(m))
                }
            }),
            String::new(),
        );
        let email = problems.take(
            EMAIL.clean(&self.email).and_then(|e| {
                if e.is_empty() {
                    Ok(e)
                } else {
                    check_email(&e).map_err(|m| EMAIL.error(m))
                }
            }),
            String::new(),
        );
        let first_language =
            problems.take(FIRST_LANGUAGE.clean(&self.first_language), String::new());
        let interpreter_needed = problems.take(
            choice(
                "interpreter_needed",
                "whether an interpreter is needed",
                &self.interpreter_needed,
                Some(Answer::NotKnown),
                Answer::from_code,
            ),
            Answer::NotKnown,
        );
        let notes = problems.take(NOTES.clean(&self.notes), String::new());
        let source = problems.take(
            choice(
                "source",
                "where this information came from",
                &self.source,
                None,
                Source::from_code,
            ),
            Source::Mother,
        );
        let source_detail = problems.take(SOURCE_DETAIL.clean(&self.source_detail), String::new());
        let confirmed_on = problems.take(
            optional_past_date(CONFIRMED_ON, &self.confirmed_on, today),
            None,
        );
        problems.finish(PersonDetails {
            name_status,
            given_name,
            family_name,
            known_as,
            birth,
            sex,
            nhs_number,
            phone,
            email,
            first_language,
            interpreter_needed,
            deceased: self.deceased,
            notes,
            provenance: Provenance {
                source,
                detail: source_detail,
                confirmed_on,
            },
        })
    }
}

fn birth_year(input: &str, today: NaiveDate) -> Result<Option<i32>, FieldError> {
    let text = BIRTH_YEAR.clean(input)?;
    if text.is_empty() {
        return Ok(None);
    }
    let year: i32 = text.parse().map_err(|_| {
        BIRTH_YEAR.error(format!(
            "Year of birth must be a year in numbers, like 1994 ({text:?} is not)"
        ))
    })?;
    if year < EARLIEST_YEAR || year > today.year() {
        return Err(BIRTH_YEAR.error(format!(
            "Year of birth must be between {EARLIEST_YEAR} and {}",
            today.year()
        )));
    }
    Ok(Some(year))
}

#[cfg(test)]
mod tests;
