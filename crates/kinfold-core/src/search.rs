//! Finding people by name however it was typed: accents, case and spacing are folded away
//! ("Zoe" finds "Zoë"), and near-misses are ranked by similarity.

use chrono::NaiveDate;
use unicode_normalization::UnicodeNormalization;

use crate::identifiers::{NhsNumber, Postcode};
use crate::person::parse_date;

/// What a search box query is asking for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    NhsNumber(NhsNumber),
    BirthDate(NaiveDate),
    /// A full postcode ("NG7 2BB") or just its first part ("NG7").
    Postcode(String),
    /// Folded name words, at least one.
    Name(Vec<String>),
}

impl Query {
    /// Reads what was typed; `None` when there is nothing to search for.
    pub fn parse(input: &str) -> Option<Query> {
        let text = input.trim();
        if text.is_empty() {
            return None;
        }
        if let Ok(nhs) = NhsNumber::parse(text) {
            return Some(Query::NhsNumber(nhs));
        }
        if let Some(date) = parse_date(text) {
            return Some(Query::BirthDate(date));
        }
        if let Ok(code) = Postcode::parse(text) {
            return Some(Query::Postcode(code.as_str().to_owned()));
        }
        if is_outward_code(text) {
            return Some(Query::Postcode(text.to_uppercase()));
        }
        let words: Vec<String> = fold(text)
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        (!words.is_empty()).then_some(Query::Name(words))
    }
}

/// "NG7", "SW1A", "M1": the first part of a postcode on its own.
fn is_outward_code(text: &str) -> bool {
    let t = text.to_uppercase();
    let letters = t.chars().take_while(char::is_ascii_alphabetic).count();
    (2..=4).contains(&t.len())
        && (1..=2).contains(&letters)
        && t.chars().nth(letters).is_some_and(|c| c.is_ascii_digit())
        && t.chars().all(|c| c.is_ascii_alphanumeric())
}

/// The words of a folded name, for the search index.
pub fn words(folded: &str) -> impl Iterator<Item = &str> {
    folded.split(' ').filter(|w| !w.is_empty())
}

/// How well the typed words match a person's folded name: for each typed word, the best
/// similarity to any of the name's words (a typed prefix of a word counts as a match);
/// then the average.
pub fn name_score(typed: &[String], name: &str) -> f64 {
    if typed.is_empty() {
        return 0.0;
    }
    let total: f64 = typed
        .iter()
        .map(|t| {
            words(name)
                .map(|w| {
                    if w.starts_with(t.as_str()) {
                        1.0
                    } else {
                        similarity(t, w)
                    }
                })
                .fold(0.0, f64::max)
        })
        .sum();
    total / typed.len() as f64
}

/// The form of a name used for matching: lower case, without accents, single spaces, and
/// with apostrophes and hyphens treated as spaces.
pub fn fold(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        match c {
            'ø' | 'Ø' => out.push('o'),
            'ł' | 'Ł' => out.push('l'),
            'đ' | 'Đ' => out.push('d'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            '\'' | '’' | '‘' | '-' | '‐' | '.' | ',' => out.push(' '),
            c => out.extend(c.to_lowercase()),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How alike two folded names are, from 0 (nothing alike) to 1 (the same).
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::jaro_winkler(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_case_and_punctuation() {
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("  SIÂN  O'Neill-Ahmed "), "sian o neill ahmed");
        assert_eq!(fold("Łukasz Søren"), "lukasz soren");
        assert_eq!(fold("Ngọc"), "ngoc");
        assert_eq!(fold("王秀英"), "王秀英");
    }

    #[test]
    fn queries_are_read_for_what_they_are() {
        assert!(matches!(
            Query::parse("943 476 5919"),
            Some(Query::NhsNumber(_))
        ));
        assert_eq!(
            Query::parse("27/9/2026"),
            Some(Query::BirthDate(
                NaiveDate::from_ymd_opt(2026, 9, 27).unwrap()
            ))
        );
        assert_eq!(
            Query::parse("ng7 2bb"),
            Some(Query::Postcode("NG7 2BB".into()))
        );
        assert_eq!(Query::parse("ng7"), Some(Query::Postcode("NG7".into())));
        assert_eq!(
            Query::parse("zz99 3vz"),
            Some(Query::Postcode("ZZ99 3VZ".into()))
        );
        assert_eq!(
            Query::parse(" Zoë  Brown "),
            Some(Query::Name(vec!["zoe".into(), "brown".into()]))
        );
        assert_eq!(Query::parse("Ng"), Some(Query::Name(vec!["ng".into()])));
        assert_eq!(Query::parse("   "), None);
    }

    #[test]
    fn name_scores_reward_prefixes_and_near_misses() {
        let typed = |s: &str| s.split(' ').map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(name_score(&typed("zo br"), "zoe brown"), 1.0);
        assert!(name_score(&typed("jon smith"), "john smith") > 0.9);
        assert!(name_score(&typed("jon smith"), "mohammed ali") < 0.7);
    }

    #[test]
    fn near_misses_score_high_and_strangers_low() {
        assert!(similarity("jon", "john") > 0.9);
        assert!(similarity("katherine", "catherine") > 0.85);
        assert!(similarity("zoe", "mohammed") < 0.6);
    }
}
