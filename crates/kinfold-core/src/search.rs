//! Finding people by name however it was typed: accents, case and spacing are folded away
//! ("Zoe" finds "Zoë"), and near-misses are ranked by similarity.

use unicode_normalization::UnicodeNormalization;

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
    fn near_misses_score_high_and_strangers_low() {
        assert!(similarity("jon", "john") > 0.9);
        assert!(similarity("katherine", "catherine") > 0.85);
        assert!(similarity("zoe", "mohammed") < 0.6);
    }
}
