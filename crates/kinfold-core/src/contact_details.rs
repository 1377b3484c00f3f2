//! Phone numbers and email addresses: checked loosely enough for real people (foreign
//! numbers, spaces, brackets) and strictly enough to catch typing mistakes.

/// Checks a phone number and returns it tidied (single spaces), or a message saying what is
/// wrong. UK numbers start with 0 and have 10 or 11 digits; international numbers start with
/// + and have 7 to 15 digits.
pub fn check_phone(input: &str) -> Result<String, String> {
    let tidy = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(c) = tidy
        .chars()
        .find(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')')))
    {
        return Err(format!(
            "Phone number can only contain digits, spaces, brackets, hyphens and a leading + (remove \"{c}\")"
        ));
    }
    if tidy.rfind('+').is_some_and(|i| i > 0) {
        return Err("Phone number can only have a + at the start".to_owned());
    }
    let digits: String = tidy.chars().filter(char::is_ascii_digit).collect();
    let international = tidy.starts_with('+');
    let ok = if international {
        (7..=15).contains(&digits.len())
    } else {
        digits.starts_with('0') && (10..=11).contains(&digits.len())
    };
    if ok {
        Ok(tidy)
    } else if international {
        Err("Enter an international phone number with 7 to 15 digits after the +".to_owned())
    } else {
        Err("Enter a UK phone number with 10 or 11 digits, like 0115 496 0000".to_owned())
    }
}

/// Checks the shape of an email address (something@domain.tld, no spaces).
pub fn check_email(input: &str) -> Result<String, String> {
    let email = input.trim();
    let shaped = email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && match email.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && domain.contains('.')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
                    && !domain.contains("..")
            }
            None => false,
        };
    if shaped {
        Ok(email.to_owned())
    } else {
        Err("Enter an email address in the correct format, like team@example.nhs.uk".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_and_international_phone_numbers() {
        assert_eq!(check_phone(" 0115  496 0000 ").unwrap(), "0115 496 0000");
        assert!(check_phone("07700 900123").is_ok());
        assert!(check_phone("(0115) 496-0000").is_ok());
        assert!(check_phone("+44 7700 900123").is_ok());
        assert!(check_phone("+48 601 234 567").is_ok());
    }

    #[test]
    fn phone_mistakes_are_named() {
        assert!(check_phone("0115 496 00")
            .unwrap_err()
            .contains("10 or 11 digits"));
        assert!(check_phone("115 496 0000")
            .unwrap_err()
            .contains("UK phone number"));
        assert!(check_phone("0115 496 00O0")
            .unwrap_err()
            .contains("remove \"O\""));
        assert!(check_phone("0115+4960000")
            .unwrap_err()
            .contains("at the start"));
        assert!(check_phone("+44 12").unwrap_err().contains("7 to 15"));
    }

    #[test]
    fn email_shapes() {
        assert!(check_email("team@example.nhs.uk").is_ok());
        for bad in [
            "team",
            "team@",
            "@example.org",
            "a b@example.org",
            "a@b",
            "a@b..org",
            "a@@b.org",
        ] {
            assert!(check_email(bad).is_err(), "{bad}");
        }
    }
}
