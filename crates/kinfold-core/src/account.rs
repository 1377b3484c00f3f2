//! Practitioner accounts: who may log in, with which role, how a password is checked
//! (Argon2id, never stored in clear) and how repeated wrong passwords slow down.

use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use zeroize::Zeroizing;

use crate::actor::Role;
use crate::error::{Error, FieldError, Invalid, Problems, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AccountId(pub i64);

/// An account as read back (never with its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: AccountId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
}

/// A new account as typed into the form.
#[derive(Default)]
pub struct AccountDraft {
    pub username: String,
    pub display_name: String,
    /// `practitioner` or `admin`.
    pub role: String,
    pub password: Zeroizing<String>,
    pub password_again: Zeroizing<String>,
}

impl std::fmt::Debug for AccountDraft {
    /// Never the passwords.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountDraft")
            .field("username", &self.username)
            .field("display_name", &self.display_name)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A checked account, with the password already hashed.
#[derive(Debug)]
pub struct NewAccount {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub(crate) password_hash: String,
}

pub const MIN_PASSWORD_CHARS: usize = 10;
const MAX_PASSWORD_CHARS: usize = 128;
const MAX_USERNAME_CHARS: usize = 32;
const MAX_DISPLAY_NAME_CHARS: usize = 80;

impl AccountDraft {
    pub fn validate(&self) -> Result<NewAccount, Invalid> {
        let mut problems = Problems::default();
        let username = problems.take(check_username(&self.username), String::new());
        let display_name = self.display_name.trim().to_owned();
        if display_name.is_empty() {
            problems.push(field("display_name", "Enter the person's full name"));
        } else if display_name.chars().count() > MAX_DISPLAY_NAME_CHARS
            || display_name.chars().any(char::is_control)
        {
            problems.push(field(
                "display_name",
                format!(
                    "The name must be {MAX_DISPLAY_NAME_CHARS} characters or fewer, on one line"
                ),
            ));
        }
        let role = match self.role.as_str() {
            "practitioner" => Role::Practitioner,
            "admin" => Role::Admin,
            _ => {
                problems.push(field("role", "Choose practitioner or clinic admin"));
                Role::Practitioner
            }
        };
        let password_ok = problems.take(
            check_new_password(&self.password, &self.password_again, &username).map(|()| true),
            false,
        );
        if !problems.is_empty() || !password_ok {
            return problems.finish(NewAccount {
                username,
                display_name,
                role,
                password_hash: String::new(),
            });
        }
        let password_hash = hash_password(&self.password).map_err(|e| Invalid {
            errors: vec![field("password", e.to_string())],
        })?;
        Ok(NewAccount {
            username,
            display_name,
            role,
            password_hash,
        })
    }
}

fn field(name: &'static str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: name,
        message: message.into(),
    }
}

/// Usernames are short, plain and compared without case: `sam.jones`, `SJ2`.
pub fn check_username(text: &str) -> Result<String, FieldError> {
    let username = text.trim().to_lowercase();
    if username.is_empty() {
        return Err(field("username", "Enter a username"));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
    if username.chars().count() > MAX_USERNAME_CHARS || !username.chars().all(allowed) {
        return Err(field(
            "username",
            format!(
                "A username can have letters, numbers, dots, dashes and underscores, and no more than {MAX_USERNAME_CHARS} of them"
            ),
        ));
    }
    Ok(username)
}

/// Length, not symbols, is what makes a password hard to guess (NCSC's advice: three random
/// words). The two copies must match and the password must not be the username.
pub fn check_new_password(password: &str, again: &str, username: &str) -> Result<(), FieldError> {
    let chars = password.chars().count();
    if chars == 0 {
        return Err(field("password", "Enter a password"));
    }
    if chars < MIN_PASSWORD_CHARS {
        return Err(field(
            "password",
            format!(
                "The password must be at least {MIN_PASSWORD_CHARS} characters. Three random words make a good one"
            ),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(field(
            "password",
            format!("The password must be {MAX_PASSWORD_CHARS} characters or fewer"),
        ));
    }
    if !username.is_empty() && password.trim().eq_ignore_ascii_case(username) {
        return Err(field("password", "The password must not be the username"));
    }
    if password != again {
        return Err(field(
            "password_again",
            "The two passwords are not the same",
        ));
    }
    Ok(())
}

/// Argon2id with the crate's defaults (19 MiB, 2 passes: OWASP's recommended minimum), a
/// fresh random salt, stored as a PHC string that records its own parameters.
pub(crate) fn hash_password(password: &str) -> Result<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| {
        Error::KeyringUnavailable(format!("the computer could not make a random salt ({e})"))
    })?;
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| Error::invalid("password", format!("The password cannot be used ({e})")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::invalid("password", format!("The password cannot be used ({e})")))
}

/// Whether `password` matches the stored hash. A hash that cannot be read matches nothing.
pub(crate) fn password_matches(stored_hash: &str, password: &str) -> bool {
    PasswordHash::new(stored_hash).is_ok_and(|hash| {
        Argon2::default()
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
}

/// A hash of nothing in particular, checked when the username is unknown so that a wrong
/// username takes as long as a wrong password and does not give away which accounts exist.
pub(crate) fn spend_time_like_a_real_check(password: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy =
        DUMMY.get_or_init(|| hash_password("not a real account's password").unwrap_or_default());
    let _ = password_matches(dummy, password);
}

/// Wrong passwords in a row that are allowed before logins slow down.
pub const FREE_ATTEMPTS: u32 = 3;
const LONGEST_PAUSE: Duration = Duration::from_secs(300);

/// How long to wait after `failures` wrong passwords in a row: nothing for the first three,
/// then 2, 4, 8 ... seconds, up to five minutes. An admin can also reset the password.
pub fn pause_after(failures: u32) -> Duration {
    if failures < FREE_ATTEMPTS {
        return Duration::ZERO;
    }
    let doublings = (failures - FREE_ATTEMPTS).min(16);
    Duration::from_secs(2u64 << doublings).min(LONGEST_PAUSE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(username: &str, password: &str) -> AccountDraft {
        AccountDraft {
            username: username.into(),
            display_name: "Sam Jones".into(),
            role: "practitioner".into(),
            password: Zeroizing::new(password.into()),
            password_again: Zeroizing::new(password.into()),
        }
    }

    #[test]
    fn a_good_account_is_hashed_with_argon2id_and_checks() {
        let account = draft("  Sam.Jones ", "correct horse battery")
            .validate()
            .unwrap();
        assert_eq!(account.username, "sam.jones");
        assert!(
            account.password_hash.starts_with("$argon2id$"),
            "{}",
            account.password_hash
        );
        assert!(!account.password_hash.contains("correct horse"));
        assert!(password_matches(
            &account.password_hash,
            "correct horse battery"
        ));
        assert!(!password_matches(
            &account.password_hash,
            "correct horse batterY"
        ));
        assert!(!password_matches("not a hash", "anything"));
    }

    #[test]
    fn every_problem_is_named_at_once() {
        let mut d = draft("sam jones!", "short");
        d.display_name = " ".into();
        d.role = "boss".into();
        let err = d.validate().unwrap_err();
        let fields: Vec<&str> = err.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["username", "display_name", "role", "password"]);
        assert!(err.message_for("password").unwrap().contains("at least 10"));
    }

    #[test]
    fn the_password_must_be_typed_twice_the_same_and_not_be_the_username() {
        let mut d = draft("samjones123", "samjones123");
        assert!(d
            .validate()
            .unwrap_err()
            .message_for("password")
            .unwrap()
            .contains("not be the username"));
        d.password = Zeroizing::new("a long enough one".into());
        let err = d.validate().unwrap_err();
        assert_eq!(
            err.message_for("password_again"),
            Some("The two passwords are not the same")
        );
    }

    #[test]
    fn wrong_passwords_slow_down_after_three() {
        assert_eq!(pause_after(0), Duration::ZERO);
        assert_eq!(pause_after(2), Duration::ZERO);
        assert_eq!(pause_after(3), Duration::from_secs(2));
        assert_eq!(pause_after(4), Duration::from_secs(4));
        assert_eq!(pause_after(10), Duration::from_secs(256));
        assert_eq!(pause_after(11), Duration::from_secs(300));
        assert_eq!(pause_after(u32::MAX), Duration::from_secs(300));
    }
}
