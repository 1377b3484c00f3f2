//! SQL for practitioner accounts: adding them, logging in (with the slow-down after wrong
//! passwords), and an admin's changes to them.

use chrono::{DateTime, Utc};
use rusqlite::{params, OptionalExtension};
use serde_json::json;

use super::{Reader, Store, Writer};
use crate::account::{self, Account, AccountId, NewAccount};
use crate::actor::{Actor, Role};
use crate::error::{Error, Result};

/// What a login attempt came to, decided inside the transaction that records it.
enum Attempt {
    In(Actor),
    Refused(Error),
}

impl Store {
    /// Whether any account exists yet (if not, the first start makes the first admin).
    pub fn has_accounts(&self) -> Result<bool> {
        self.read(|r| {
            Ok(r.tx.query_row("SELECT EXISTS (SELECT 1 FROM account)", [], |r| r.get(0))?)
        })
    }

    /// Makes the first account, an admin, on a database that has none. Its own audit row
    /// names the new admin as the one who made it.
    pub fn create_first_admin(&self, new: &NewAccount) -> Result<Actor> {
        let actor = Actor::new(new.username.clone(), Role::Admin);
        if new.role != Role::Admin {
            return Err(Error::invalid(
                "role",
                "The first account must be a clinic admin",
            ));
        }
        self.write(&actor, |w| {
            if w.tx
                .query_row("SELECT EXISTS (SELECT 1 FROM account)", [], |r| r.get(0))?
            {
                return Err(Error::NotAllowed {
                    what: "add accounts once the first admin exists",
                });
            }
            w.insert_account(new)
        })?;
        Ok(actor)
    }

    /// Checks a username and password and records the attempt. Wrong passwords in a row
    /// slow the account down ([`account::pause_after`]); an unknown username, an inactive
    /// account and a wrong password all get the same answer.
    pub fn login(&self, username: &str, password: &str) -> Result<Actor> {
        self.login_at(username, password, Utc::now())
    }

    pub(crate) fn login_at(
        &self,
        username: &str,
        password: &str,
        now: DateTime<Utc>,
    ) -> Result<Actor> {
        let username = username.trim().to_lowercase();
        let attempt_actor = Actor::new(
            if username.is_empty() {
                "(no username)".to_owned()
            } else {
                username.clone()
            },
            Role::Practitioner,
        );
        let attempt = self.write(&attempt_actor, |w| {
            let found: Option<(i64, String, String, bool, u32, Option<String>)> = w
                .tx
                .query_row(
                    "SELECT id, role, password_hash, active, failed_logins, last_failed_at
                     FROM account WHERE username = ?1",
                    [&username],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
                )
                .optional()?;
            let Some((id, role, hash, active, failures, last_failed)) = found else {
                account::spend_time_like_a_real_check(password);
                w.append_audit("login", "account", None, "failed", &json!({"username": username}), &[])?;
                return Ok(Attempt::Refused(Error::LoginFailed));
            };
            let record = Some(id.to_string());
            let wait = account::pause_after(failures);
            if let Some(last) = last_failed.as_deref().and_then(|t| DateTime::parse_from_rfc3339(t).ok()) {
                let until = last.with_timezone(&Utc) + wait;
                if until > now {
                    let seconds = ((until - now).num_milliseconds().max(1) as u64).div_ceil(1000);
                    w.append_audit("login", "account", record.as_deref(), "paused", &json!({}), &[])?;
                    return Ok(Attempt::Refused(Error::LoginPaused { seconds }));
                }
            }
            if !(account::password_matches(&hash, password) && active) {
                w.tx.execute(
                    "UPDATE account SET failed_logins = failed_logins + 1, last_failed_at = ?2 WHERE id = ?1",
                    params![id, now.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)],
                )?;
                w.append_audit("login", "account", record.as_deref(), "failed", &json!({}), &[])?;
                return Ok(Attempt::Refused(Error::LoginFailed));
            }
            w.tx.execute(
                "UPDATE account SET failed_logins = 0, last_failed_at = NULL WHERE id = ?1",
                [id],
            )?;
            let role = Role::from_code(&role).unwrap_or(Role::Practitioner);
            let actor = Actor::new(username.clone(), role);
            w.actor = actor.clone();
            w.append_audit("login", "account", record.as_deref(), "ok", &json!({}), &[])?;
            Ok(Attempt::In(actor))
        })?;
        match attempt {
            Attempt::In(actor) => Ok(actor),
            Attempt::Refused(e) => Err(e),
        }
    }
}

impl Writer<'_> {
    /// Records that the practitioner locked Kinfold (`asked`) or it locked itself while they
    /// were away (`idle`).
    pub fn record_lock(&mut self, reason: &str) -> Result<()> {
        self.audit("lock", "session", None, &json!({ "reason": reason }))
    }

    /// Adds an account. Only an admin may.
    pub fn add_account(&mut self, new: &NewAccount) -> Result<AccountId> {
        self.actor.require_admin("add accounts")?;
        self.insert_account(new)
    }

    fn insert_account(&mut self, new: &NewAccount) -> Result<AccountId> {
        let taken: bool = self.tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM account WHERE username = ?1)",
            [&new.username],
            |r| r.get(0),
        )?;
        if taken {
            return Err(Error::invalid(
                "username",
                "That username is already in use. Choose another",
            ));
        }
        self.tx.execute(
            "INSERT INTO account (username, display_name, role, password_hash, created_at, created_by, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5, ?6)",
            params![new.username, new.display_name, new.role.as_str(), new.password_hash, self.now, self.actor.name],
        )?;
        let id = self.tx.last_insert_rowid();
        self.audit(
            "account.add",
            "account",
            Some(&id.to_string()),
            &json!({"username": new.username, "display_name": new.display_name, "role": new.role.as_str()}),
        )?;
        Ok(AccountId(id))
    }

    fn username_of(&self, id: AccountId) -> Result<String> {
        self.tx
            .query_row("SELECT username FROM account WHERE id = ?1", [id.0], |r| {
                r.get(0)
            })
            .optional()?
            .ok_or_else(|| Error::NotFound {
                what: "That account".to_owned(),
            })
    }

    /// Turns an account off (it can no longer log in) or back on. Only an admin may, and an
    /// admin cannot turn off their own account (a clinic must never be left without one).
    pub fn set_account_active(&mut self, id: AccountId, active: bool) -> Result<()> {
        self.actor.require_admin("turn accounts on or off")?;
        let username = self.username_of(id)?;
        if !active && username == self.actor.name {
            return Err(Error::invalid(
                "active",
                "You cannot turn off your own account",
            ));
        }
        self.tx.execute(
            "UPDATE account SET active = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id.0, active, self.now, self.actor.name],
        )?;
        self.audit(
            if active {
                "account.enable"
            } else {
                "account.disable"
            },
            "account",
            Some(&id.0.to_string()),
            &json!({"username": username}),
        )
    }

    /// Sets a new password for an account (an admin resetting it) and clears its wrong tries.
    pub fn reset_password(&mut self, id: AccountId, password: &str, again: &str) -> Result<()> {
        self.actor.require_admin("reset passwords")?;
        let username = self.username_of(id)?;
        account::check_new_password(password, again, &username)
            .map_err(|e| Error::Invalid(crate::error::Invalid { errors: vec![e] }))?;
        let hash = account::hash_password(password)?;
        self.tx.execute(
            "UPDATE account SET password_hash = ?2, failed_logins = 0, last_failed_at = NULL,
                 updated_at = ?3, updated_by = ?4 WHERE id = ?1",
            params![id.0, hash, self.now, self.actor.name],
        )?;
        self.audit(
            "account.reset_password",
            "account",
            Some(&id.0.to_string()),
            &json!({"username": username}),
        )
    }
}

impl Reader<'_> {
    /// Every account, by name.
    pub fn accounts(&self) -> Result<Vec<Account>> {
        let mut stmt = self.tx.prepare_cached(
            "SELECT id, username, display_name, role, active, created_at FROM account ORDER BY display_name, username",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Account {
                id: AccountId(r.get(0)?),
                username: r.get(1)?,
                display_name: r.get(2)?,
                role: Role::from_code(&r.get::<_, String>(3)?).unwrap_or(Role::Practitioner),
                active: r.get(4)?,
                created_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::AccountDraft;
    use zeroize::Zeroizing;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
        (dir, store)
    }

    fn draft(username: &str, role: &str) -> NewAccount {
        AccountDraft {
            username: username.into(),
            display_name: format!("{username} Smith"),
            role: role.into(),
            password: Zeroizing::new("tea kettle garden".into()),
            password_again: Zeroizing::new("tea kettle garden".into()),
        }
        .validate()
        .unwrap()
    }

    fn outcomes(store: &Store, action: &str) -> Vec<String> {
        store
            .read(|r| r.recent_audit(None, 1000))
            .unwrap()
            .into_iter()
            .rev()
            .filter(|e| e.action == action)
            .map(|e| format!("{} {}", e.actor, e.outcome))
            .collect()
    }

    #[test]
    fn the_first_admin_is_made_once_and_logs_in() {
        let (_dir, store) = store();
        assert!(!store.has_accounts().unwrap());
        let admin = store.create_first_admin(&draft("ana", "admin")).unwrap();
        assert_eq!(admin, Actor::new("ana", Role::Admin));
        assert!(store.has_accounts().unwrap());
        let err = store
            .create_first_admin(&draft("eve", "admin"))
            .unwrap_err();
        assert_eq!(err.code(), "not_allowed");
        assert_eq!(store.read(|r| r.accounts()).unwrap().len(), 1);

        let actor = store.login(" ANA ", "tea kettle garden").unwrap();
        assert_eq!(actor, Actor::new("ana", Role::Admin));
        assert_eq!(outcomes(&store, "login"), ["ana ok"]);
        assert_eq!(outcomes(&store, "not_allowed"), ["eve denied"]);
    }

    #[test]
    fn wrong_passwords_and_unknown_names_get_the_same_answer_and_slow_down() {
        let (_dir, store) = store();
        store.create_first_admin(&draft("ana", "admin")).unwrap();
        let t0 = Utc::now();
        let err = store
            .login_at("nobody", "tea kettle garden", t0)
            .unwrap_err();
        assert_eq!(err.code(), "login_failed");
        for _ in 0..3 {
            let err = store.login_at("ana", "wrong password!", t0).unwrap_err();
            assert_eq!(err.to_string(), "The username or password is not right.");
        }
        // The fourth try comes too soon, even with the right password.
        let err = store.login_at("ana", "tea kettle garden", t0).unwrap_err();
        assert_eq!(err.code(), "login_paused");
        assert!(err.to_string().contains("Wait 2 seconds"), "{err}");
        // After the pause the right password works, and the count starts again.
        let later = t0 + chrono::Duration::seconds(3);
        store.login_at("ana", "tea kettle garden", later).unwrap();
        store.login_at("ana", "wrong password!", later).unwrap_err();
        store.login_at("ana", "tea kettle garden", later).unwrap();
        assert_eq!(
            outcomes(&store, "login"),
            [
                "nobody failed",
                "ana failed",
                "ana failed",
                "ana failed",
                "ana paused",
                "ana ok",
                "ana failed",
                "ana ok"
            ]
        );
    }

    #[test]
    fn admins_manage_accounts_and_practitioners_cannot() {
        let (_dir, store) = store();
        let admin = store.create_first_admin(&draft("ana", "admin")).unwrap();
        let sam = store
            .write(&admin, |w| w.add_account(&draft("sam", "practitioner")))
            .unwrap();
        let err = store
            .write(&admin, |w| w.add_account(&draft("SAM", "practitioner")))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");

        let practitioner = store.login("sam", "tea kettle garden").unwrap();
        assert_eq!(practitioner.role, Role::Practitioner);
        let err = store
            .write(&practitioner, |w| w.add_account(&draft("zed", "admin")))
            .unwrap_err();
        assert_eq!(err.to_string(), "Only a clinic admin can add accounts.");
        assert_eq!(outcomes(&store, "not_allowed"), ["sam denied"]);
        assert_eq!(store.read(|r| r.accounts()).unwrap().len(), 2);

        // Turned off: the right password no longer works. Turned on again: it does.
        store
            .write(&admin, |w| w.set_account_active(sam, false))
            .unwrap();
        assert_eq!(
            store.login("sam", "tea kettle garden").unwrap_err().code(),
            "login_failed"
        );
        store
            .write(&admin, |w| w.set_account_active(sam, true))
            .unwrap();
        store
            .write(&admin, |w| {
                w.reset_password(sam, "new long password", "new long password")
            })
            .unwrap();
        assert_eq!(
            store.login("sam", "tea kettle garden").unwrap_err().code(),
            "login_failed"
        );
        store.login("sam", "new long password").unwrap();
        // An admin cannot lock themselves out.
        let ana = store.read(|r| r.accounts()).unwrap()[0].id;
        let err = store
            .write(&admin, |w| w.set_account_active(ana, false))
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
    }
}
