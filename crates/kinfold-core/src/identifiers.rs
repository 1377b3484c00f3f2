//! NHS numbers and UK postcodes: the two identifiers typed on almost every record, checked so
//! that a slip of the finger is caught at the desk rather than later in someone's records.

use std::fmt;
use std::str::FromStr;

/// The most unwanted characters named in one message; any beyond these are summed up.
const MAX_NAMED_CHARACTERS: usize = 5;

// ---------------------------------------------------------------------------------------------
// NHS number
// ---------------------------------------------------------------------------------------------

/// A 10-digit NHS number whose last digit (the check digit) is right for the other nine.
///
/// Only [`NhsNumber::parse`] and [`NhsNumber::from_first_nine`] make one, so a value of this
/// type always holds exactly 10 ASCII digits that pass the Modulus 11 check.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NhsNumber(String);

impl NhsNumber {
    /// Reads an NHS number as a person types or pastes it: digits, with spaces or hyphens
    /// anywhere (`943 476 5919`, `943-476-5919`, ` 9434765919 `). Returns a message saying what
    /// to fix when it is not a valid NHS number.
    pub fn parse(input: &str) -> Result<NhsNumber, String> {
        let mut digits = String::with_capacity(10);
        let mut unwanted = Unwanted::default();
        for c in input.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else if !is_nhs_number_separator(c) {
                unwanted.note(c);
            }
        }
        if let Some(what) = unwanted.describe() {
            return Err(format!(
                "NHS number can only contain digits and spaces (remove {what})"
            ));
        }
        if digits.is_empty() {
            return Err("Enter the NHS number".to_owned());
        }
        if digits.len() != 10 {
            return Err(format!(
                "NHS number must be 10 digits (it has {})",
                digits.len()
            ));
        }
        let first_nine = digits.get(..9).unwrap_or_default();
        let last = digits.chars().last().and_then(|c| c.to_digit(10));
        match check_digit(first_nine) {
            Some(check) if Some(check) == last => Ok(NhsNumber(digits)),
            Some(_) => Err(format!(
                "NHS number {} is not valid: check the last digit",
                spaced(&digits)
            )),
            None => Err(format!(
                "NHS number {} is not valid: check each digit",
                spaced(&digits)
            )),
        }
    }

    /// Makes a valid NHS number from its first nine digits (`0..=999_999_999`, read with
    /// leading zeros) by working out the check digit. Returns `None` when the number is out of
    /// range, or when no check digit fits (about one in eleven numbers can never be valid).
    pub fn from_first_nine(first_nine: u32) -> Option<NhsNumber> {
        if first_nine > 999_999_999 {
            return None;
        }
        let first_nine = format!("{first_nine:09}");
        let check = check_digit(&first_nine)?;
        Some(NhsNumber(format!("{first_nine}{check}")))
    }

    /// The 10 digits with nothing between them, as stored and sent to other systems.
    pub fn digits(&self) -> &str {
        &self.0
    }

    /// The number as people read it, in groups of 3, 3 and 4: `943 476 5919`.
    pub fn formatted(&self) -> String {
        spaced(&self.0)
    }

    /// Whether this is one of the numbers from `999 000 0000` to `999 999 9999`. They pass the
    /// check but are never given to a real person, so they are safe for demonstration and test
    /// records.
    pub fn is_test_range(&self) -> bool {
        self.0.starts_with("999")
    }
}

impl fmt::Display for NhsNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl FromStr for NhsNumber {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        NhsNumber::parse(s)
    }
}

/// Spaces and hyphens that people put between the groups of digits, including the
/// look-alikes that word processors and web pages paste in (no-break space, en dash).
fn is_nhs_number_separator(c: char) -> bool {
    c.is_whitespace() || matches!(c, '-' | '\u{2010}'..='\u{2013}' | '\u{2212}')
}

/// The Modulus 11 check digit for the first nine digits of an NHS number, or `None` when the
/// sum works out to need a check digit of 10 (then no 10-digit number starting with these
/// nine digits is valid).
///
/// Each digit is multiplied by its weight (10 for the first, down to 2 for the ninth) and the
/// products added up. The check digit is 11 minus the remainder of that sum divided by 11,
/// where 11 becomes 0.
fn check_digit(first_nine: &str) -> Option<u32> {
    let sum: u32 = first_nine
        .chars()
        .filter_map(|c| c.to_digit(10))
        .zip((2..=10).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check),
    }
}

/// Puts spaces after the third and sixth characters: `9434765919` becomes `943 476 5919`.
fn spaced(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + 2);
    for (i, c) in digits.chars().enumerate() {
        if i == 3 || i == 6 {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Postcode
// ---------------------------------------------------------------------------------------------

/// A UK postcode, or one of the two NHS pseudo-postcodes used when there is no address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Postcode {
    /// A postcode in capitals with one space before the last three characters: `NG1 1AA`.
    /// Make these with [`Postcode::parse`], which checks the shape.
    Uk(String),
    /// `ZZ99 3VZ`: the person has no fixed abode.
    NoFixedAbode,
    /// `ZZ99 3WZ`: the person's postcode is not known.
    NotKnown,
}

const NO_FIXED_ABODE: &str = "ZZ99 3VZ";
const NOT_KNOWN: &str = "ZZ99 3WZ";

/// The letters that never appear in the last part of a postcode, as a person would list them.
const LETTERS_NEVER_IN_INWARD: &str = "C, I, K, M, O or V";

impl Postcode {
    /// Reads a postcode in any case and with or without spaces (`ng11aa`, ` NG1  1AA `).
    /// `ZZ99 3VZ` means no fixed abode and `ZZ99 3WZ` means not known. Returns a message
    /// saying what to fix when it is not shaped like a real postcode.
    ///
    /// This checks the shape of a postcode, not that Royal Mail has ever issued it.
    pub fn parse(input: &str) -> Result<Postcode, String> {
        let mut compact = String::with_capacity(8);
        let mut unwanted = Unwanted::default();
        for c in input.chars() {
            if c.is_ascii_alphanumeric() {
                compact.push(c.to_ascii_uppercase());
            } else if !c.is_whitespace() {
                unwanted.note(c);
            }
        }
        if let Some(what) = unwanted.describe() {
            return Err(format!(
                "A postcode can only contain letters, numbers and spaces (remove {what})"
            ));
        }
        match compact.as_str() {
            "" => return Err("Enter the postcode".to_owned()),
            "ZZ993VZ" => return Ok(Postcode::NoFixedAbode),
            "ZZ993WZ" => return Ok(Postcode::NotKnown),
            // Girobank's old postcode: the one real postcode that breaks the usual pattern.
            "GIR0AA" => return Ok(Postcode::Uk("GIR 0AA".to_owned())),
            _ => {}
        }
        if compact.starts_with("ZZ99") {
            return Err(format!(
                "Use {NO_FIXED_ABODE} for no fixed abode, or {NOT_KNOWN} if the postcode is \
                 not known (other ZZ99 codes are not used here)"
            ));
        }
        if compact.len() > 7 {
            return Err(format!(
                "This postcode is too long: a postcode has 5 to 7 letters and numbers, not \
                 counting the space (this has {})",
                compact.len()
            ));
        }
        if compact.len() < 5 {
            return Err(if check_outward(&compact).is_ok() {
                format!("Enter the whole postcode, like NG1 5AB ({compact} is only the first part)")
            } else {
                "Enter a real postcode, like NG1 5AB (it has 5 to 7 letters and numbers)".to_owned()
            });
        }
        let Some((outward, inward)) = compact.split_at_checked(compact.len() - 3) else {
            return Err("Enter a real postcode, like NG1 5AB".to_owned());
        };
        check_outward(outward)?;
        check_inward(inward)?;
        Ok(Postcode::Uk(format!("{outward} {inward}")))
    }

    /// The postcode as written on a letter: `NG1 1AA`, or `ZZ99 3VZ` / `ZZ99 3WZ`.
    pub fn as_str(&self) -> &str {
        match self {
            Postcode::Uk(postcode) => postcode,
            Postcode::NoFixedAbode => NO_FIXED_ABODE,
            Postcode::NotKnown => NOT_KNOWN,
        }
    }

    /// The part before the space, which names the town or district: `NG1` in `NG1 1AA`.
    pub fn outward(&self) -> &str {
        let postcode = self.as_str();
        postcode
            .split_once(' ')
            .map_or(postcode, |(outward, _)| outward)
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Postcode::Uk(postcode) => f.write_str(postcode),
            Postcode::NoFixedAbode => write!(f, "No fixed abode ({NO_FIXED_ABODE})"),
            Postcode::NotKnown => write!(f, "Not known ({NOT_KNOWN})"),
        }
    }
}

impl FromStr for Postcode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Postcode::parse(s)
    }
}

/// Checks the part before the space (already upper case, letters and digits only).
///
/// It must be one of A9, A99, AA9, AA99, A9A or AA9A, where A is a letter and 9 a digit, and
/// its first letter is never Q, V or X (no postcode area starts with those). The rules for
/// which letters may come second, third or fourth are left out on purpose: turning away a
/// real child's postcode does more harm than letting an unusual-looking one through.
fn check_outward(outward: &str) -> Result<(), String> {
    let Some(first) = outward.chars().next() else {
        return Err("Enter the postcode".to_owned());
    };
    if !first.is_ascii_alphabetic() {
        return Err("A postcode starts with a letter, like the N in NG1 5AB".to_owned());
    }
    if matches!(first, 'Q' | 'V' | 'X') {
        return Err(format!(
            "No postcode starts with the letter {first}: check the first letter"
        ));
    }
    match shape(outward).as_str() {
        "A9" | "A99" | "AA9" | "AA99" | "A9A" | "AA9A" => Ok(()),
        _ => Err(
            "Enter a real postcode, like NG1 5AB (the first part is 1 or 2 letters and then \
             a number, like NG1, M14 or SW1A)"
                .to_owned(),
        ),
    }
}

/// Checks the part after the space (already upper case, letters and digits only): a digit
/// and then two letters, neither of them C, I, K, M, O or V.
fn check_inward(inward: &str) -> Result<(), String> {
    if shape(inward) != "9AA" {
        if inward.starts_with('O') {
            return Err(
                "The last part of a postcode starts with a number: did you mean 0 (zero) \
                 instead of the letter O?"
                    .to_owned(),
            );
        }
        return Err(
            "Enter a real postcode, like NG1 5AB (the last part is a number then two letters)"
                .to_owned(),
        );
    }
    if inward
        .chars()
        .any(|c| matches!(c, 'C' | 'I' | 'K' | 'M' | 'O' | 'V'))
    {
        return Err(format!(
            "The last part of a postcode never uses the letters {LETTERS_NEVER_IN_INWARD}: \
             check {inward}"
        ));
    }
    Ok(())
}

/// `A` for each letter and `9` for each digit: `SW1A` becomes `AA9A`.
fn shape(part: &str) -> String {
    part.chars()
        .map(|c| if c.is_ascii_digit() { '9' } else { 'A' })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Messages about unwanted characters
// ---------------------------------------------------------------------------------------------

/// The characters found in an identifier that do not belong there, remembered so one message
/// can name them all and the person does not have to fix them one at a time.
#[derive(Default)]
struct Unwanted {
    /// Distinct visible characters, in the order they were typed, at most
    /// [`MAX_NAMED_CHARACTERS`].
    named: Vec<char>,
    /// Whether there were more distinct visible characters than could be named.
    more: bool,
    /// How many invisible or control characters there were.
    hidden: usize,
}

impl Unwanted {
    fn note(&mut self, c: char) {
        if is_hidden(c) {
            self.hidden = self.hidden.saturating_add(1);
        } else if !self.named.contains(&c) {
            if self.named.len() < MAX_NAMED_CHARACTERS {
                self.named.push(c);
            } else {
                self.more = true;
            }
        }
    }

    /// What to remove, as the end of a sentence: `"x"`, `"x" and "y"`, `the hidden
    /// character`. `None` when nothing unwanted was seen.
    fn describe(&self) -> Option<String> {
        let mut parts: Vec<String> = self
            .named
            .iter()
            .map(|&c| {
                if c == '"' {
                    "the quote mark".to_owned()
                } else {
                    format!("\"{c}\"")
                }
            })
            .collect();
        if self.more {
            parts.push("the other symbols".to_owned());
        }
        match self.hidden {
            0 => {}
            1 => parts.push("the hidden character".to_owned()),
            _ => parts.push("the hidden characters".to_owned()),
        }
        let (last, rest) = parts.split_last()?;
        Some(if rest.is_empty() {
            last.clone()
        } else {
            format!("{} and {last}", rest.join(", "))
        })
    }
}

/// Characters that cannot be seen, or that change how the text around them is shown, so
/// quoting them in a message would not help anyone find them.
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'                  // soft hyphen
                | '\u{034F}'            // combining grapheme joiner
                | '\u{061C}'            // Arabic letter mark
                | '\u{180E}'            // Mongolian vowel separator
                | '\u{200B}'..='\u{200F}' // zero width characters and direction marks
                | '\u{202A}'..='\u{202E}' // embeddings and overrides
                | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
                | '\u{2066}'..='\u{2069}' // isolates
                | '\u{FE00}'..='\u{FE0F}' // variation selectors
                | '\u{FEFF}'            // byte order mark
                | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        )
}

#[cfg(test)]
// A failed unwrap is how a test reports a failure, as in the crate's other tests.
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nhs(input: &str) -> NhsNumber {
        NhsNumber::parse(input).unwrap()
    }

    fn nhs_error(input: &str) -> String {
        NhsNumber::parse(input).unwrap_err()
    }

    fn postcode(input: &str) -> Postcode {
        Postcode::parse(input).unwrap()
    }

    fn postcode_error(input: &str) -> String {
        Postcode::parse(input).unwrap_err()
    }

    // --- NHS number: examples ----------------------------------------------------------------

    #[test]
    fn accepts_a_valid_nhs_number_however_it_is_spaced() {
        for input in [
            "9434765919",
            "943 476 5919",
            "943-476-5919",
            " 9434765919 ",
            "94 34 76 59 19",
            "943\u{00A0}476\u{00A0}5919", // no-break spaces, as pasted from a web page
            "943\u{2013}476\u{2013}5919", // en dashes, as pasted from a word processor
            "\t943 476 5919\n",
        ] {
            let number = NhsNumber::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(number.digits(), "9434765919", "{input:?}");
        }
    }

    #[test]
    fn shows_the_number_in_groups_of_three_three_and_four() {
        let number = nhs("9434765919");
        assert_eq!(number.formatted(), "943 476 5919");
        assert_eq!(number.to_string(), "943 476 5919");
        assert_eq!(number.digits(), "9434765919");
    }

    #[test]
    fn nhs_number_from_str_matches_parse() {
        let number: NhsNumber = "943 476 5919".parse().unwrap();
        assert_eq!(number, nhs("9434765919"));
        assert_eq!(
            "943 476 5918".parse::<NhsNumber>().unwrap_err(),
            nhs_error("943 476 5918")
        );
    }

    #[test]
    fn asks_for_a_missing_nhs_number() {
        for input in ["", "   ", "\t", " - - "] {
            assert_eq!(nhs_error(input), "Enter the NHS number", "{input:?}");
        }
    }

    #[test]
    fn names_the_characters_that_do_not_belong() {
        assert_eq!(
            nhs_error("943 476 591x"),
            "NHS number can only contain digits and spaces (remove \"x\")"
        );
        assert_eq!(
            nhs_error("NHS 943 476 5919"),
            "NHS number can only contain digits and spaces (remove \"N\", \"H\" and \"S\")"
        );
        assert_eq!(
            nhs_error("943.476/5919"),
            "NHS number can only contain digits and spaces (remove \".\" and \"/\")"
        );
        assert_eq!(
            nhs_error("\"9434765919\""),
            "NHS number can only contain digits and spaces (remove the quote mark)"
        );
        assert_eq!(
            nhs_error("abcdefg"),
            "NHS number can only contain digits and spaces \
             (remove \"a\", \"b\", \"c\", \"d\", \"e\" and the other symbols)"
        );
    }

    #[test]
    fn does_not_quote_characters_nobody_can_see() {
        assert_eq!(
            nhs_error("943\u{200B}476 5919"),
            "NHS number can only contain digits and spaces (remove the hidden character)"
        );
        assert_eq!(
            nhs_error("\u{202E}943 476 5919\u{0007}"),
            "NHS number can only contain digits and spaces (remove the hidden characters)"
        );
        assert_eq!(
            nhs_error("943#476\u{FEFF}5919"),
            "NHS number can only contain digits and spaces (remove \"#\" and the hidden character)"
        );
    }

    #[test]
    fn refuses_digits_from_other_scripts() {
        // Arabic-Indic and full-width digits look like digits but are not 0-9.
        assert!(nhs_error("٩٤٣٤٧٦٥٩١٩").contains("can only contain digits"));
        assert!(nhs_error("９４３４７６５９１９").contains("can only contain digits"));
    }

    #[test]
    fn says_how_many_digits_there_are_when_the_length_is_wrong() {
        assert_eq!(
            nhs_error("943 476 591"),
            "NHS number must be 10 digits (it has 9)"
        );
        assert_eq!(
            nhs_error("943 476 59190"),
            "NHS number must be 10 digits (it has 11)"
        );
        assert_eq!(nhs_error("9"), "NHS number must be 10 digits (it has 1)");
    }

    #[test]
    fn points_at_the_last_digit_when_another_last_digit_would_fit() {
        assert_eq!(
            nhs_error("9434765918"),
            "NHS number 943 476 5918 is not valid: check the last digit"
        );
    }

    #[test]
    fn asks_to_check_every_digit_when_no_last_digit_can_fit() {
        // 1x10 + 2x9 + 3x8 + 4x7 + 5x6 + 6x5 + 7x4 + 8x3 + 9x2 = 210, which leaves 1 after
        // dividing by 11, so the check digit would have to be 10.
        assert_eq!(
            nhs_error("123-456-7890"),
            "NHS number 123 456 7890 is not valid: check each digit"
        );
        for last in 0..=9 {
            assert_eq!(
                nhs_error(&format!("123456789{last}")),
                format!("NHS number 123 456 789{last} is not valid: check each digit")
            );
        }
    }

    #[test]
    fn check_digit_of_zero_comes_from_a_remainder_of_zero() {
        // 0 for all nine digits sums to 0: 11 - 0 = 11, which means a check digit of 0.
        assert_eq!(check_digit("000000000"), Some(0));
        assert!(NhsNumber::parse("000 000 0000").is_ok());
        // 1 then eight 0s sums to 10, remainder 10, check digit 1.
        assert_eq!(check_digit("100000000"), Some(1));
        assert!(NhsNumber::parse("100 000 0001").is_ok());
    }

    #[test]
    fn knows_the_test_range() {
        // 999 000 000 needs a check digit of 10, so the first valid test number ends 0018.
        assert_eq!(NhsNumber::from_first_nine(999_000_000), None);
        let first = NhsNumber::from_first_nine(999_000_001).unwrap();
        assert_eq!(first.formatted(), "999 000 0018");
        assert!(first.is_test_range());
        assert!(nhs("999 999 9999").is_test_range());
        assert!(!nhs("943 476 5919").is_test_range());
        let just_below = (998_999_990..=998_999_999)
            .filter_map(NhsNumber::from_first_nine)
            .next_back()
            .unwrap();
        assert!(!just_below.is_test_range(), "{just_below}");
    }

    #[test]
    fn builds_a_number_from_its_first_nine_digits() {
        assert_eq!(
            NhsNumber::from_first_nine(943_476_591),
            Some(nhs("9434765919"))
        );
        // Leading zeros are kept, so the number is still 10 digits long.
        let small = NhsNumber::from_first_nine(1).unwrap();
        assert_eq!(small.digits().len(), 10);
        assert!(small.digits().starts_with("000000001"));
        assert_eq!(NhsNumber::from_first_nine(123_456_789), None);
        assert_eq!(NhsNumber::from_first_nine(1_000_000_000), None);
        assert_eq!(NhsNumber::from_first_nine(u32::MAX), None);
        assert!(NhsNumber::from_first_nine(999_999_999).is_some());
    }

    #[test]
    fn sorts_by_digits() {
        let mut numbers = [nhs("9434765919"), nhs("000 000 0000"), nhs("999 999 9999")];
        numbers.sort();
        let digits: Vec<&str> = numbers.iter().map(NhsNumber::digits).collect();
        assert_eq!(digits, ["0000000000", "9434765919", "9999999999"]);
    }

    /// The arithmetic behind the transposition property below, checked for every case rather
    /// than trusted. A number is valid exactly when the sum of each digit times its weight
    /// (10 down to 2, then 1 for the check digit) divides by 11. Swapping two different digits
    /// a and b at positions with weights w1 and w2 changes that sum by (a - b) x (w1 - w2).
    /// Neither bracket is 0 and both are between -10 and 10, and 11 is prime, so the change
    /// never divides by 11 and the swapped number is never valid.
    #[test]
    fn swapping_two_different_digits_always_changes_the_sum_modulo_11() {
        for a in 0i32..=9 {
            for b in (0i32..=9).filter(|&b| b != a) {
                for w1 in 1i32..=10 {
                    for w2 in (1i32..=10).filter(|&w2| w2 != w1) {
                        assert_ne!(((a - b) * (w1 - w2)).rem_euclid(11), 0);
                    }
                }
            }
        }
    }

    // --- NHS number: properties --------------------------------------------------------------

    fn valid_nhs_number() -> impl Strategy<Value = NhsNumber> {
        (0u32..=999_999_999).prop_filter_map("no check digit fits", NhsNumber::from_first_nine)
    }

    fn with_digit(digits: &str, position: usize, new: char) -> String {
        digits
            .chars()
            .enumerate()
            .map(|(i, c)| if i == position { new } else { c })
            .collect()
    }

    proptest! {
        #[test]
        fn every_built_number_parses_and_round_trips(first_nine in 0u32..=999_999_999) {
            match NhsNumber::from_first_nine(first_nine) {
                Some(number) => {
                    let nine = format!("{first_nine:09}");
                    prop_assert!(number.digits().starts_with(&nine));
                    prop_assert_eq!(number.digits().len(), 10);
                    prop_assert_eq!(NhsNumber::parse(&number.formatted()), Ok(number.clone()));
                    prop_assert_eq!(NhsNumber::parse(number.digits()), Ok(number.clone()));
                    prop_assert_eq!(number.to_string(), number.formatted());
                }
                None => {
                    // No last digit makes these nine digits valid.
                    for last in 0..=9 {
                        let input = format!("{first_nine:09}{last}");
                        let error = NhsNumber::parse(&input).unwrap_err();
                        prop_assert!(error.ends_with("check each digit"), "{}", error);
                    }
                }
            }
        }

        #[test]
        fn every_single_digit_change_is_caught(number in valid_nhs_number()) {
            for position in 0..10 {
                for new in '0'..='9' {
                    let changed = with_digit(number.digits(), position, new);
                    if changed != number.digits() {
                        prop_assert!(NhsNumber::parse(&changed).is_err(), "{}", changed);
                    }
                }
            }
        }

        #[test]
        fn every_swap_of_two_different_digits_is_caught(number in valid_nhs_number()) {
            let digits: Vec<char> = number.digits().chars().collect();
            for i in 0..10 {
                for j in (i + 1)..10 {
                    if digits[i] != digits[j] {
                        let mut swapped = digits.clone();
                        swapped.swap(i, j);
                        let swapped: String = swapped.into_iter().collect();
                        prop_assert!(NhsNumber::parse(&swapped).is_err(), "{}", swapped);
                    }
                }
            }
        }

        #[test]
        fn exactly_one_last_digit_fits_unless_none_can(first_nine in 0u32..=999_999_999) {
            let fits = (0..=9)
                .filter(|last| NhsNumber::parse(&format!("{first_nine:09}{last}")).is_ok())
                .count();
            let expected = usize::from(NhsNumber::from_first_nine(first_nine).is_some());
            prop_assert_eq!(fits, expected);
        }

        #[test]
        fn nhs_number_parse_never_panics_on_any_text(input in ".*") {
            let _ = NhsNumber::parse(&input);
        }

        #[test]
        fn nhs_number_parse_never_panics_on_any_unicode(input in any::<String>()) {
            let _ = NhsNumber::parse(&input);
        }

        #[test]
        fn nhs_number_parse_never_panics_on_near_misses(input in "[0-9 x\u{200B}-]{0,14}") {
            let _ = NhsNumber::parse(&input);
        }
    }

    // --- Postcode: examples ------------------------------------------------------------------

    #[test]
    fn accepts_every_outward_format() {
        for (input, outward) in [
            ("M1 1AE", "M1"),     // A9
            ("B33 8TH", "B33"),   // A99
            ("CR2 6XH", "CR2"),   // AA9
            ("DN55 1PT", "DN55"), // AA99
            ("W1A 0AX", "W1A"),   // A9A
            ("EC1A 1BB", "EC1A"), // AA9A
        ] {
            let code = Postcode::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(code, Postcode::Uk(input.to_owned()));
            assert_eq!(code.as_str(), input);
            assert_eq!(code.outward(), outward);
            assert_eq!(code.to_string(), input);
        }
    }

    #[test]
    fn tidies_case_and_spacing() {
        for input in [
            "ng11aa",
            "NG11AA",
            " NG1  1AA ",
            "ng1 1aa",
            "Ng1\t1aA",
            "NG1\u{00A0}1AA",
            "NG11 AA",
        ] {
            assert_eq!(postcode(input).as_str(), "NG1 1AA", "{input:?}");
        }
    }

    #[test]
    fn knows_the_pseudo_postcodes() {
        assert_eq!(postcode("ZZ99 3VZ"), Postcode::NoFixedAbode);
        assert_eq!(postcode("zz993vz"), Postcode::NoFixedAbode);
        assert_eq!(postcode("ZZ99 3WZ"), Postcode::NotKnown);
        assert_eq!(Postcode::NoFixedAbode.as_str(), "ZZ99 3VZ");
        assert_eq!(Postcode::NotKnown.as_str(), "ZZ99 3WZ");
        assert_eq!(Postcode::NoFixedAbode.outward(), "ZZ99");
        assert_eq!(Postcode::NotKnown.outward(), "ZZ99");
        assert_eq!(
            Postcode::NoFixedAbode.to_string(),
            "No fixed abode (ZZ99 3VZ)"
        );
        assert_eq!(Postcode::NotKnown.to_string(), "Not known (ZZ99 3WZ)");
    }

    #[test]
    fn other_pseudo_postcodes_are_pointed_at_the_two_we_use() {
        // ZZ99 3CZ means "England, not otherwise specified" elsewhere in the NHS.
        assert_eq!(
            postcode_error("ZZ99 3CZ"),
            "Use ZZ99 3VZ for no fixed abode, or ZZ99 3WZ if the postcode is not known \
             (other ZZ99 codes are not used here)"
        );
    }

    #[test]
    fn accepts_the_girobank_postcode() {
        let code = postcode("gir0aa");
        assert_eq!(code, Postcode::Uk("GIR 0AA".to_owned()));
        assert_eq!(code.outward(), "GIR");
    }

    #[test]
    fn postcode_from_str_matches_parse() {
        assert_eq!("ng1 1aa".parse::<Postcode>(), Postcode::parse("NG1 1AA"));
        assert_eq!("NG1".parse::<Postcode>(), Postcode::parse("NG1"));
    }

    #[test]
    fn asks_for_a_missing_postcode() {
        for input in ["", "   ", "\t"] {
            assert_eq!(postcode_error(input), "Enter the postcode", "{input:?}");
        }
    }

    #[test]
    fn names_characters_that_do_not_belong_in_a_postcode() {
        assert_eq!(
            postcode_error("NG1-1AA"),
            "A postcode can only contain letters, numbers and spaces (remove \"-\")"
        );
        assert_eq!(
            postcode_error("NG1 1ÅA"),
            "A postcode can only contain letters, numbers and spaces (remove \"Å\")"
        );
        assert_eq!(
            postcode_error("NG1\u{200B}1AA"),
            "A postcode can only contain letters, numbers and spaces (remove the hidden character)"
        );
    }

    #[test]
    fn the_last_part_never_uses_c_i_k_m_o_or_v() {
        for input in [
            "NG1 1CA", "NG1 1AI", "NG1 1KA", "NG1 1AM", "NG1 1AO", "NG1 1VA",
        ] {
            let error = postcode_error(input);
            assert!(
                error.starts_with(
                    "The last part of a postcode never uses the letters C, I, K, M, O or V"
                ),
                "{input}: {error}"
            );
        }
        assert_eq!(
            postcode_error("ng1 1ca"),
            "The last part of a postcode never uses the letters C, I, K, M, O or V: check 1CA"
        );
    }

    #[test]
    fn the_last_part_is_a_number_then_two_letters() {
        for input in ["NG1 AAA", "NG1 11A", "NG1 1A1", "NG11A1A"] {
            assert_eq!(
                postcode_error(input),
                "Enter a real postcode, like NG1 5AB (the last part is a number then two letters)",
                "{input}"
            );
        }
    }

    #[test]
    fn spots_the_letter_o_typed_for_a_zero() {
        assert_eq!(
            postcode_error("SW1A OAA"),
            "The last part of a postcode starts with a number: did you mean 0 (zero) instead \
             of the letter O?"
        );
    }

    #[test]
    fn the_first_part_is_one_or_two_letters_then_a_number() {
        assert_eq!(
            postcode_error("123 4AB"),
            "A postcode starts with a letter, like the N in NG1 5AB"
        );
        for input in ["ABC 1AA", "ABC1 1AA", "A1BC 1AA", "A12B 1AA", "AB1C2 1AA"] {
            let error = postcode_error(input);
            assert!(
                error.starts_with("Enter a real postcode") || error.contains("too long"),
                "{input}: {error}"
            );
        }
        assert_eq!(
            postcode_error("ABC 1AA"),
            "Enter a real postcode, like NG1 5AB (the first part is 1 or 2 letters and then a \
             number, like NG1, M14 or SW1A)"
        );
    }

    #[test]
    fn refuses_a_first_letter_of_q_v_or_x() {
        // No UK postcode area begins with Q, V or X, so "Q1 1AA" is refused even though its
        // shape (A9 9AA) is right.
        assert_eq!(
            postcode_error("Q1 1AA"),
            "No postcode starts with the letter Q: check the first letter"
        );
        assert!(postcode_error("v1 1aa").contains("letter V"));
        assert!(postcode_error("XA1 1AA").contains("letter X"));
    }

    #[test]
    fn asks_for_the_whole_postcode_when_only_part_is_given() {
        assert_eq!(
            postcode_error("NG1"),
            "Enter the whole postcode, like NG1 5AB (NG1 is only the first part)"
        );
        assert_eq!(
            postcode_error("sw1a"),
            "Enter the whole postcode, like NG1 5AB (SW1A is only the first part)"
        );
        // "N 1AA" runs together as N1AA: too short to be a whole postcode, and not a first
        // part either.
        assert_eq!(
            postcode_error("N 1AA"),
            "Enter a real postcode, like NG1 5AB (it has 5 to 7 letters and numbers)"
        );
        assert_eq!(
            postcode_error("1"),
            "Enter a real postcode, like NG1 5AB (it has 5 to 7 letters and numbers)"
        );
    }

    #[test]
    fn says_when_a_postcode_is_too_long() {
        assert_eq!(
            postcode_error("DN55 1PTA"),
            "This postcode is too long: a postcode has 5 to 7 letters and numbers, not \
             counting the space (this has 8)"
        );
        // Without its space NG1 1AAA is 7 characters, so it is read as NG11 AAA, whose last
        // part is the wrong shape.
        assert_eq!(
            postcode_error("NG1 1AAA"),
            "Enter a real postcode, like NG1 5AB (the last part is a number then two letters)"
        );
    }

    // --- Postcode: properties ----------------------------------------------------------------

    /// Postcodes of every allowed outward shape (A9, A99, AA9, AA99, A9A, AA9A), first letter
    /// not Q, V or X, last two letters not C, I, K, M, O or V.
    const REAL_LOOKING_POSTCODE: &str = "[A-PR-UWYZ]([0-9]|[0-9]{2}|[A-Z][0-9]|[A-Z][0-9]{2}|\
         [0-9][A-Z]|[A-Z][0-9][A-Z]) [0-9][ABD-HJLNP-UW-Z]{2}";

    proptest! {
        #[test]
        fn real_looking_postcodes_parse_however_they_are_typed(code in REAL_LOOKING_POSTCODE) {
            prop_assume!(!code.starts_with("ZZ99"));
            let parsed = Postcode::parse(&code).unwrap();
            prop_assert_eq!(parsed.as_str(), code.as_str());
            let compact = code.replace(' ', "");
            prop_assert_eq!(&Postcode::parse(&compact.to_lowercase()).unwrap(), &parsed);
            prop_assert_eq!(&Postcode::parse(&format!("  {code}  ")).unwrap(), &parsed);
            prop_assert_eq!(parsed.outward(), code.split(' ').next().unwrap());
        }

        #[test]
        fn parsing_is_stable(input in "[A-Za-z0-9 ]{0,10}") {
            if let Ok(code) = Postcode::parse(&input) {
                prop_assert_eq!(Postcode::parse(code.as_str()), Ok(code.clone()));
                prop_assert!(code.as_str().len() <= 8);
            }
        }

        #[test]
        fn postcode_parse_never_panics_on_any_text(input in ".*") {
            let _ = Postcode::parse(&input);
        }

        #[test]
        fn postcode_parse_never_panics_on_any_unicode(input in any::<String>()) {
            let _ = Postcode::parse(&input);
        }
    }
}
