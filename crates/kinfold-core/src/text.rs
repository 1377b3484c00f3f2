//! Checks for free text typed by people: trimmed, of a sensible length, and free of the
//! invisible characters that hide or reorder what a record really says.

use crate::error::FieldError;

/// How one text field must look.
#[derive(Debug, Clone, Copy)]
pub struct TextField {
    /// The field's name as callers know it (e.g. `clinic_name`).
    pub field: &'static str,
    /// How the field is named in messages, starting with a capital (e.g. "Clinic name").
    pub label: &'static str,
    pub max_chars: usize,
    /// Whether line breaks are allowed (addresses, notes).
    pub multiline: bool,
}

impl TextField {
    /// Trims `input` and checks it. An empty result is allowed here; whether a field is
    /// required is the caller's decision.
    pub fn clean(&self, input: &str) -> Result<String, FieldError> {
        let normalised = input.replace("\r\n", "\n");
        let text = normalised.trim();
        if let Some(bad) = text.chars().find(|&c| !self.allows(c)) {
            let what = if bad == '\n' {
                "must be on one line"
            } else {
                "must not contain hidden or control characters (these can change how text is shown)"
            };
            return Err(self.error(format!("{} {what}", self.label)));
        }
        let length = text.chars().count();
        if length > self.max_chars {
            return Err(self.error(format!(
                "{} must be {} characters or fewer (it has {length})",
                self.label, self.max_chars
            )));
        }
        Ok(text.to_owned())
    }

    /// Like [`TextField::clean`], and an empty answer is an error asking for it.
    pub fn required(&self, input: &str, ask: &str) -> Result<String, FieldError> {
        let text = self.clean(input)?;
        if text.is_empty() {
            return Err(self.error(ask.to_owned()));
        }
        Ok(text)
    }

    pub fn error(&self, message: String) -> FieldError {
        FieldError {
            field: self.field,
            message,
        }
    }

    fn allows(&self, c: char) -> bool {
        if c == '\n' {
            return self.multiline;
        }
        !(c.is_control() || is_invisible_format(c))
    }
}

/// Characters that change text direction or are invisible: a name containing them can look
/// like a different name on screen, so they are refused everywhere.
fn is_invisible_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'              // zero width space
            | '\u{200E}'..='\u{200F}' // left-to-right / right-to-left marks
            | '\u{202A}'..='\u{202E}' // embeddings and overrides
            | '\u{2060}'..='\u{2064}' // word joiner and invisible operators
            | '\u{2066}'..='\u{2069}' // isolates
            | '\u{061C}'            // Arabic letter mark
            | '\u{FEFF}'            // byte order mark
            | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: TextField = TextField {
        field: "name",
        label: "Name",
        max_chars: 10,
        multiline: false,
    };
    const NOTE: TextField = TextField {
        field: "note",
        label: "Note",
        max_chars: 50,
        multiline: true,
    };

    #[test]
    fn trims_and_keeps_real_letters_of_any_script() {
        assert_eq!(NAME.clean("  Zoë  ").unwrap(), "Zoë");
        assert_eq!(NAME.clean("O'Neil-Ó").unwrap(), "O'Neil-Ó");
        assert_eq!(NAME.clean("محمد").unwrap(), "محمد");
        assert_eq!(NAME.clean("王秀英").unwrap(), "王秀英");
    }

    #[test]
    fn refuses_control_and_direction_characters() {
        for bad in [
            "a\u{0007}b",
            "a\u{202E}b",
            "a\u{2066}b",
            "a\u{200B}b",
            "a\tb",
        ] {
            let err = NAME.clean(bad).unwrap_err();
            assert!(
                err.message.contains("hidden or control"),
                "{bad:?}: {err:?}"
            );
        }
    }

    #[test]
    fn line_breaks_only_where_multiline() {
        assert!(NAME.clean("a\nb").unwrap_err().message.contains("one line"));
        assert_eq!(NOTE.clean("a\r\nb").unwrap(), "a\nb");
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(NAME.clean("éééééééééé").is_ok());
        let err = NAME.clean("ééééééééééé").unwrap_err();
        assert_eq!(
            err.message,
            "Name must be 10 characters or fewer (it has 11)"
        );
    }

    #[test]
    fn required_asks_for_the_missing_answer() {
        let err = NAME.required("   ", "Enter a name").unwrap_err();
        assert_eq!(err.message, "Enter a name");
        assert_eq!(err.field, "name");
    }
}
