//! The database key: 32 random bytes that SQLCipher encrypts every page with. It lives in the
//! computer's keyring (never in a file), is wiped from memory when dropped, and can be written
//! out once as a recovery key for the clinic's safe.

use std::path::Path;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

/// The keyring service name under which every Kinfold database key is filed. The keyring
/// "user" is the database's full path, so two databases on one computer have two keys.
pub const KEYRING_SERVICE: &str = "Kinfold database key";
/// Where a new key waits while the database is being re-keyed: if the change is cut short,
/// whichever of the two keys opens the file is kept and the other dropped.
pub const PENDING_KEYRING_SERVICE: &str = "Kinfold database key (being changed)";

const KEY_BYTES: usize = 32;
/// Two check bytes (CRC-16) after the key catch a mistyped recovery key before it is tried.
/// A CRC of degree 16 catches every burst of up to 16 wrong bits, so every single wrong
/// symbol (5 bits) and every swap of two neighbouring symbols (10 bits) is caught.
const CHECK_BYTES: usize = 2;
/// Crockford's base 32: no I, L, O or U, so nothing is confused with 1, 0 or V.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// 34 bytes are 272 bits; at 5 bits a symbol that is 55 symbols, in 11 groups of 5.
const RECOVERY_SYMBOLS: usize = ((KEY_BYTES + CHECK_BYTES) * 8).div_ceil(5);
const GROUP: usize = 5;

/// The key that opens one database. It cannot be printed by accident (`Debug` hides it) and
/// its bytes are overwritten when it is dropped.
#[derive(Clone)]
pub struct DatabaseKey(Zeroizing<[u8; KEY_BYTES]>);

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseKey(hidden)")
    }
}

impl DatabaseKey {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Result<DatabaseKey> {
        let mut bytes = Zeroizing::new([0u8; KEY_BYTES]);
        getrandom::fill(bytes.as_mut()).map_err(|e| {
            Error::KeyringUnavailable(format!("the computer could not make a random key ({e})"))
        })?;
        Ok(DatabaseKey(bytes))
    }

    pub fn from_bytes(bytes: [u8; KEY_BYTES]) -> DatabaseKey {
        DatabaseKey(Zeroizing::new(bytes))
    }

    /// The value for `PRAGMA key`: SQLCipher's raw-key form, which skips the slow
    /// passphrase derivation because the key is already random. Public for tools and tests
    /// that open the file with SQLite directly.
    pub fn pragma_value(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(3 + 2 * KEY_BYTES));
        text.push_str("x'");
        for b in self.0.iter() {
            text.push(hex_digit(b >> 4));
            text.push(hex_digit(b & 0x0f));
        }
        text.push('\'');
        text
    }

    /// The same key written for people: 55 letters and numbers in groups of five.
    pub fn recovery_key(&self) -> RecoveryKey {
        let mut data = Zeroizing::new(Vec::with_capacity(KEY_BYTES + CHECK_BYTES));
        data.extend_from_slice(self.0.as_ref());
        data.extend_from_slice(&check_bytes(&self.0));
        let mut text = Zeroizing::new(String::with_capacity(RECOVERY_SYMBOLS + 10));
        for (i, symbol) in base32_symbols(&data).enumerate() {
            if i > 0 && i % GROUP == 0 {
                text.push('-');
            }
            text.push(char::from(ALPHABET[usize::from(symbol)]));
        }
        RecoveryKey(text)
    }
}

fn hex_digit(nibble: u8) -> char {
    char::from(b"0123456789abcdef"[usize::from(nibble & 0x0f)])
}

/// CRC-16/CCITT-FALSE (polynomial 0x1021, start 0xFFFF), most significant bit first.
fn check_bytes(key: &[u8; KEY_BYTES]) -> [u8; CHECK_BYTES] {
    crc16(key).to_be_bytes()
}

fn crc16(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

fn base32_symbols(data: &[u8]) -> impl Iterator<Item = u8> + '_ {
    (0..RECOVERY_SYMBOLS).map(move |i| {
        let bit = i * 5;
        let mut value = 0u8;
        for k in 0..5 {
            let b = bit + k;
            let set = data
                .get(b / 8)
                .is_some_and(|byte| byte & (0x80 >> (b % 8)) != 0);
            value = (value << 1) | u8::from(set);
        }
        value
    })
}

/// A database key as people write it down. Shown once, when the database is made (and again
/// after a change of key); Kinfold never stores it.
pub struct RecoveryKey(Zeroizing<String>);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(hidden)")
    }
}

impl RecoveryKey {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Reads a recovery key as typed: spaces, dashes and lower case are fine, and O, I and L
    /// are read as 0, 1 and 1. A mistyped key is caught here, before it is tried.
    pub fn parse(text: &str) -> Result<DatabaseKey> {
        const FIELD: &str = "recovery_key";
        let mut symbols = Zeroizing::new(Vec::with_capacity(RECOVERY_SYMBOLS));
        for c in text.chars() {
            if c.is_whitespace() || c == '-' {
                continue;
            }
            let c = match c.to_ascii_uppercase() {
                'O' => '0',
                'I' | 'L' => '1',
                other => other,
            };
            match ALPHABET.iter().position(|&a| char::from(a) == c) {
                Some(value) => symbols.push(value as u8),
                None => {
                    return Err(Error::invalid(
                        FIELD,
                        format!(
                            "A recovery key only has the letters A to Z (but not U) and the numbers 0 to 9. \
                             Check the character \u{201c}{c}\u{201d}."
                        ),
                    ))
                }
            }
        }
        if symbols.is_empty() {
            return Err(Error::invalid(FIELD, "Enter the recovery key"));
        }
        if symbols.len() != RECOVERY_SYMBOLS {
            return Err(Error::invalid(
                FIELD,
                format!(
                    "A recovery key has {RECOVERY_SYMBOLS} letters and numbers. This one has {}. \
                     Check you have copied every group.",
                    symbols.len()
                ),
            ));
        }
        let mut data = Zeroizing::new([0u8; KEY_BYTES + CHECK_BYTES]);
        for (i, &value) in symbols.iter().enumerate() {
            for k in 0..5 {
                let b = i * 5 + k;
                if value & (0x10 >> k) != 0 {
                    if let Some(byte) = data.get_mut(b / 8) {
                        *byte |= 0x80 >> (b % 8);
                    }
                }
            }
        }
        let mut key = Zeroizing::new([0u8; KEY_BYTES]);
        key.copy_from_slice(&data[..KEY_BYTES]);
        if data[KEY_BYTES..] != check_bytes(&key) {
            return Err(Error::invalid(
                FIELD,
                "This recovery key has a mistake in it. Check each group against the written copy.",
            ));
        }
        Ok(DatabaseKey(key))
    }
}

/// Where the key of one database is kept: an entry in the computer's keyring.
pub struct KeyringEntry {
    entry: keyring_core::Entry,
}

impl KeyringEntry {
    /// The entry for the database at `db_path` (made absolute, so that the same file always
    /// finds the same entry).
    pub fn for_database(db_path: &Path) -> Result<KeyringEntry> {
        Self::in_service(KEYRING_SERVICE, db_path)
    }

    /// The entry that holds a new key while the database's key is being changed.
    pub fn pending_for_database(db_path: &Path) -> Result<KeyringEntry> {
        Self::in_service(PENDING_KEYRING_SERVICE, db_path)
    }

    fn in_service(service: &str, db_path: &Path) -> Result<KeyringEntry> {
        let absolute = std::path::absolute(db_path).map_err(|e| {
            Error::KeyringUnavailable(format!(
                "the database path {} cannot be read ({e})",
                db_path.display()
            ))
        })?;
        let user = absolute.to_string_lossy();
        let entry = keyring_core::Entry::new(service, &user).map_err(keyring_error)?;
        Ok(KeyringEntry { entry })
    }

    /// The stored key. A missing entry is `key_missing` (a *locked* Secret Service keyring
    /// also answers this way); a keyring that cannot be reached is `keyring_unavailable`.
    pub fn load(&self, db_path: &Path) -> Result<DatabaseKey> {
        match self.entry.get_secret() {
            Ok(secret) => {
                let secret = Zeroizing::new(secret);
                let bytes: [u8; KEY_BYTES] =
                    secret.as_slice().try_into().map_err(|_| Error::KeyWrong {
                        path: db_path.to_owned(),
                    })?;
                Ok(DatabaseKey::from_bytes(bytes))
            }
            Err(keyring_core::Error::NoEntry) => Err(Error::KeyMissing {
                path: db_path.to_owned(),
            }),
            Err(e) => Err(keyring_error(e)),
        }
    }

    pub fn save(&self, key: &DatabaseKey) -> Result<()> {
        self.entry.set_secret(key.0.as_ref()).map_err(keyring_error)
    }

    /// Removes the entry (a missing entry is not an error).
    pub fn delete(&self) -> Result<()> {
        match self.entry.delete_credential() {
            Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(e)),
        }
    }

    /// Whether an entry exists (without reading the key into memory for long).
    pub fn exists(&self) -> Result<bool> {
        match self.entry.get_secret() {
            Ok(secret) => {
                drop(Zeroizing::new(secret));
                Ok(true)
            }
            Err(keyring_core::Error::NoEntry) => Ok(false),
            Err(e) => Err(keyring_error(e)),
        }
    }
}

fn keyring_error(e: keyring_core::Error) -> Error {
    Error::KeyringUnavailable(e.to_string())
}

/// Makes the computer's own keyring the one Kinfold uses: the Secret Service (GNOME Keyring,
/// KWallet) on Linux. Call once, at start, before any [`KeyringEntry`] is made.
#[cfg(all(feature = "system-keyring", target_os = "linux"))]
pub fn use_system_keyring() -> Result<()> {
    let store = dbus_secret_service_keyring_store::Store::new().map_err(keyring_error)?;
    keyring_core::set_default_store(store);
    Ok(())
}

/// Makes an in-memory keyring (keyring-core's mock store) the one Kinfold uses, for tests in
/// this process only. Safe to call from many tests: the first call sets it up.
pub fn use_memory_keyring_for_tests() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if let Ok(store) = keyring_core::mock::Store::new() {
            keyring_core::set_default_store(store);
        }
    });
}

#[cfg(test)]
impl KeyringEntry {
    /// Makes the next call on this entry fail with `error`, as a locked or broken keyring would.
    pub(crate) fn fail_next(&self, error: keyring_core::Error) {
        let mock: &keyring_core::mock::Cred = self
            .entry
            .as_any()
            .downcast_ref()
            .expect("tests use the mock keyring");
        mock.set_error(error);
    }
}

/// A fixed key for the core's own tests of the store.
#[cfg(test)]
pub(crate) fn test_key() -> DatabaseKey {
    DatabaseKey::from_bytes([7; KEY_BYTES])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_recovery_key_is_55_symbols_in_groups_of_five_and_reads_back() {
        let key = DatabaseKey::generate().unwrap();
        let recovery = key.recovery_key();
        let text = recovery.as_str();
        assert_eq!(text.len(), 55 + 10, "{text}");
        assert!(text.split('-').all(|g| g.len() == 5), "{text}");
        let back = RecoveryKey::parse(text).unwrap();
        assert_eq!(*back.0, *key.0);
        // As someone might type it: lower case, spaces, O for 0.
        let typed = text.replace('-', " ").to_lowercase().replace('0', "o");
        assert_eq!(*RecoveryKey::parse(&typed).unwrap().0, *key.0);
    }

    #[test]
    fn mistakes_in_a_recovery_key_are_caught_and_named() {
        let key = DatabaseKey::from_bytes([42; 32]);
        let text = key.recovery_key().as_str().to_owned();
        let short = &text[..text.len() - 6];
        let err = RecoveryKey::parse(short).unwrap_err().to_string();
        assert!(err.contains("This one has 50"), "{err}");
        let err = RecoveryKey::parse(&text.replacen(|c: char| c.is_ascii_alphanumeric(), "U", 1))
            .unwrap_err()
            .to_string();
        assert!(err.contains("\u{201c}U\u{201d}"), "{err}");
        assert!(RecoveryKey::parse("  ")
            .unwrap_err()
            .to_string()
            .contains("Enter"));
    }

    /// Every one-symbol mistake in these keys is caught (deterministic: every position, every
    /// other symbol). The last symbol carries two padding bits, so some changes there are
    /// harmless and give back the same key.
    #[test]
    fn every_single_symbol_mistake_is_caught() {
        for seed in [0u8, 42, 255] {
            let bytes = std::array::from_fn(|i| seed.wrapping_mul(31).wrapping_add(i as u8 * 7));
            let key = DatabaseKey::from_bytes(bytes);
            let text: Vec<u8> = key
                .recovery_key()
                .as_str()
                .bytes()
                .filter(|&b| b != b'-')
                .collect();
            for at in 0..text.len() {
                for &symbol in ALPHABET.iter().filter(|&&a| a != text[at]) {
                    let mut changed = text.clone();
                    changed[at] = symbol;
                    let changed = String::from_utf8(changed).unwrap();
                    match RecoveryKey::parse(&changed) {
                        Ok(back) => {
                            assert!(at == 54 && *back.0 == bytes, "{changed} slipped through")
                        }
                        Err(e) => assert_eq!(e.code(), "invalid_input"),
                    }
                }
            }
            for at in 0..text.len() - 1 {
                let mut swapped = text.clone();
                swapped.swap(at, at + 1);
                if swapped != text {
                    let swapped = String::from_utf8(swapped).unwrap();
                    assert!(
                        RecoveryKey::parse(&swapped).is_err(),
                        "{swapped} slipped through"
                    );
                }
            }
        }
    }

    #[test]
    fn the_check_is_crc16_ccitt_false() {
        // The published check value of CRC-16/CCITT-FALSE over "123456789".
        assert_eq!(crc16(b"123456789"), 0x29B1);
    }

    proptest! {
        #[test]
        fn parsing_any_text_never_panics(text in ".{0,80}") {
            let _ = RecoveryKey::parse(&text);
        }
    }

    #[test]
    fn the_key_is_never_shown_by_debug() {
        let key = DatabaseKey::from_bytes([0xAB; 32]);
        assert_eq!(format!("{key:?}"), "DatabaseKey(hidden)");
        assert!(key.pragma_value().starts_with("x'abab"));
        assert_eq!(key.pragma_value().len(), 67);
    }
}
