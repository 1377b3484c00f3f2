//! SQL for the audit trail: appending sealed rows inside a write, recording views, checking
//! the chain of seals, and reading rows back (all of them, or everything about one person).

use rusqlite::{params, OptionalExtension};
use sha2::{Digest, Sha256};

use super::{Reader, Store, Writer};
use crate::actor::Actor;
use crate::audit::{AuditCheck, AuditEvent};
use crate::error::Result;
use crate::person::PersonId;

/// The seal before the first row.
const FIRST_SEAL: [u8; 32] = [0; 32];

/// What a view was of, for its audit row.
pub struct Seen {
    /// e.g. `family.view`.
    pub action: &'static str,
    pub record_kind: &'static str,
    pub record_id: Option<String>,
    /// Everyone whose details the view showed.
    pub people: Vec<PersonId>,
    pub detail: serde_json::Value,
}

impl Store {
    /// Reads with `f`, then records who saw what. If the audit row cannot be written the
    /// data is not returned: there is no view without its audit row.
    pub fn view<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&Reader<'_>) -> Result<(T, Seen)>,
    ) -> Result<T> {
        let (value, seen) = self.read(f)?;
        self.record_view(actor, &seen)?;
        Ok(value)
    }

    /// Records who saw what, for a read made without [`Store::view`] (such as the caseload
    /// scan, which reads on two connections). Call it before the data is handed over.
    pub fn record_view(&self, actor: &Actor, seen: &Seen) -> Result<()> {
        self.write(actor, |w| {
            w.append_audit(
                seen.action,
                seen.record_kind,
                seen.record_id.as_deref(),
                "ok",
                &seen.detail,
                &seen.people,
            )
        })
    }
}

impl Writer<'_> {
    /// Records that a copy of a printout (a leaflet pack or a visit checklist) about `child`
    /// was saved outside Kinfold as `to`: it names `people`, so it counts as their record
    /// leaving Kinfold.
    pub fn record_saved_copy(
        &mut self,
        child: PersonId,
        people: &[PersonId],
        name: &str,
        to: &str,
    ) -> Result<()> {
        self.append_audit(
            "printout.save_copy",
            "view",
            Some(&child.to_string()),
            "ok",
            &serde_json::json!({ "file": name, "to": to }),
            people,
        )
    }

    /// Records that a printout (a leaflet pack or a visit checklist) about `child` was sent
    /// to a printer: it names `people`, so their record is on paper.
    pub fn record_printed(
        &mut self,
        child: PersonId,
        people: &[PersonId],
        name: &str,
    ) -> Result<()> {
        self.append_audit(
            "printout.print",
            "view",
            Some(&child.to_string()),
            "ok",
            &serde_json::json!({ "file": name }),
            people,
        )
    }

    /// Appends one audit row for a change made in this transaction. A change to a person
    /// (`record_kind` `person`) counts as touching that person's record.
    pub(crate) fn audit(
        &self,
        action: &str,
        record_kind: &str,
        record_id: Option<&str>,
        detail: &serde_json::Value,
    ) -> Result<()> {
        let subject: Vec<PersonId> = match (record_kind, record_id.map(str::parse::<i64>)) {
            ("person", Some(Ok(id))) => vec![PersonId(id)],
            _ => Vec::new(),
        };
        self.append_audit(action, record_kind, record_id, "ok", detail, &subject)
    }

    /// Appends one sealed audit row with its outcome and the people it touched.
    pub(crate) fn append_audit(
        &self,
        action: &str,
        record_kind: &str,
        record_id: Option<&str>,
        outcome: &str,
        detail: &serde_json::Value,
        people: &[PersonId],
    ) -> Result<()> {
        let (last_id, last_seal): (i64, Option<Vec<u8>>) = self
            .tx
            .query_row(
                "SELECT id, seal FROM audit_event ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .unwrap_or((0, None));
        let mut people: Vec<i64> = people.iter().map(|p| p.0).collect();
        people.sort_unstable();
        people.dedup();
        let row = AuditEvent {
            id: last_id + 1,
            at: self.now.clone(),
            actor: self.actor.name.clone(),
            role: self.actor.role.as_str().to_owned(),
            action: action.to_owned(),
            record_kind: record_kind.to_owned(),
            record_id: record_id.map(str::to_owned),
            outcome: outcome.to_owned(),
            detail: Some(detail.to_string()),
            people,
            actor_name: None,
        };
        let prev = last_seal.unwrap_or_else(|| FIRST_SEAL.to_vec());
        let seal = seal(&prev, &row);
        self.tx.execute(
            "INSERT INTO audit_event (id, at, actor, role, action, record_kind, record_id, outcome, detail, seal)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                row.id,
                row.at,
                row.actor,
                row.role,
                row.action,
                row.record_kind,
                row.record_id,
                row.outcome,
                row.detail,
                seal.as_slice()
            ],
        )?;
        let mut subject = self
            .tx
            .prepare_cached("INSERT INTO audit_subject (audit_id, person_id) VALUES (?1, ?2)")?;
        for person in &row.people {
            subject.execute(params![row.id, person])?;
        }
        Ok(())
    }
}

/// SHA-256 over the previous seal and every field of the row, each length-prefixed so that
/// moving text from one field to the next changes the seal.
fn seal(prev: &[u8], row: &AuditEvent) -> [u8; 32] {
    let mut h = Sha256::new();
    let mut field = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_be_bytes());
        h.update(bytes);
    };
    field(prev);
    field(&row.id.to_be_bytes());
    field(row.at.as_bytes());
    field(row.actor.as_bytes());
    field(row.role.as_bytes());
    field(row.action.as_bytes());
    field(row.record_kind.as_bytes());
    field(row.record_id.as_deref().unwrap_or("\u{0}none").as_bytes());
    field(row.outcome.as_bytes());
    field(row.detail.as_deref().unwrap_or("\u{0}none").as_bytes());
    for person in &row.people {
        field(&person.to_be_bytes());
    }
    h.finalize().into()
}

const SELECT_EVENT: &str = "SELECT e.id, e.at, e.actor, e.role, e.action, e.record_kind, e.record_id, e.outcome, e.detail,
        (SELECT group_concat(person_id) FROM (SELECT person_id FROM audit_subject s WHERE s.audit_id = e.id ORDER BY person_id)),
        (SELECT display_name FROM account a WHERE a.username = e.actor)
     FROM audit_event e";

fn event(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEvent> {
    let people: Option<String> = row.get(9)?;
    Ok(AuditEvent {
        id: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        role: row.get(3)?,
        action: row.get(4)?,
        record_kind: row.get(5)?,
        record_id: row.get(6)?,
        outcome: row.get(7)?,
        detail: row.get(8)?,
        people: people
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| p.parse().ok())
            .collect(),
        actor_name: row.get(10)?,
    })
}

impl Reader<'_> {
    /// The audit rows about one kind of record (and one record, when `record_id` is given),
    /// oldest first.
    pub fn audit_events(
        &self,
        record_kind: &str,
        record_id: Option<&str>,
    ) -> Result<Vec<AuditEvent>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "{SELECT_EVENT} WHERE e.record_kind = ?1 AND (?2 IS NULL OR e.record_id = ?2) ORDER BY e.id"
        ))?;
        let rows = stmt.query_map(params![record_kind, record_id], event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every audit row that touched this person's record (views and changes), oldest first:
    /// what a parent may ask for ("who has looked at my child's record, and when").
    pub fn audit_about_person(&self, person: PersonId) -> Result<Vec<AuditEvent>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "{SELECT_EVENT} WHERE e.id IN (SELECT audit_id FROM audit_subject WHERE person_id = ?1) ORDER BY e.id"
        ))?;
        let rows = stmt.query_map(params![person.0], event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A mark for each table, by name: its highest row id (its row count when it has no row
    /// ids). Rows are never deleted and every committed change also appends an audit row, so
    /// equal marks before and after a command show that it wrote nothing. Cheap at any size.
    pub fn write_marks(&self) -> Result<Vec<(String, i64)>> {
        let tables: Vec<(String, bool)> = {
            let mut stmt = self.tx.prepare_cached(
                "SELECT name, sql LIKE '%WITHOUT ROWID%' FROM sqlite_schema
                 WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            )?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let mut marks = Vec::with_capacity(tables.len());
        for (name, without_rowid) in tables {
            let quoted = name.replace('"', "\"\"");
            let sql = if without_rowid {
                format!("SELECT count(*) FROM \"{quoted}\"")
            } else {
                format!("SELECT coalesce(max(rowid), 0) FROM \"{quoted}\"")
            };
            marks.push((name, self.tx.query_row(&sql, [], |r| r.get(0))?));
        }
        Ok(marks)
    }

    /// The latest `limit` audit rows, newest first, before row `before` when given.
    pub fn recent_audit(&self, before: Option<i64>, limit: u32) -> Result<Vec<AuditEvent>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "{SELECT_EVENT} WHERE (?1 IS NULL OR e.id < ?1) ORDER BY e.id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![before, limit], event)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Recomputes every seal from the first row. Any edited, removed or inserted row breaks
    /// the chain from that row on; the first broken row is reported.
    pub fn check_audit_chain(&self) -> Result<AuditCheck> {
        let mut stmt = self.tx.prepare(&format!("{SELECT_EVENT} ORDER BY e.id"))?;
        let mut seals = self
            .tx
            .prepare("SELECT seal FROM audit_event ORDER BY id")?;
        let mut stored = seals.query_map([], |r| r.get::<_, Option<Vec<u8>>>(0))?;
        let mut prev = FIRST_SEAL.to_vec();
        let mut rows = 0u64;
        for (expected_id, row) in (1..).zip(stmt.query_map([], event)?) {
            let row = row?;
            let found = stored.next().transpose()?.flatten();
            rows += 1;
            let ok = row.id == expected_id && found.as_deref() == Some(&seal(&prev, &row)[..]);
            if !ok {
                return Ok(AuditCheck {
                    rows,
                    first_broken: Some(row.id),
                    last_seal: hex(&prev),
                });
            }
            prev = found.unwrap_or_default();
        }
        Ok(AuditCheck {
            rows,
            first_broken: None,
            last_seal: hex(&prev),
        })
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actor::Role;
    use crate::settings::ClinicSettingsDraft;

    fn store() -> (tempfile::TempDir, std::path::PathBuf, Store) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.db");
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        (dir, path, store)
    }

    fn nurse() -> Actor {
        Actor::new("sam", Role::Practitioner)
    }

    fn save(store: &Store, name: &str) {
        let s = ClinicSettingsDraft {
            clinic_name: name.into(),
            team_phone: "0115 496 0000".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        store
            .write(&nurse(), |w| w.save_clinic_settings(&s))
            .unwrap();
    }

    fn seen(id: i64, people: Vec<PersonId>) -> Seen {
        Seen {
            action: "family.view",
            record_kind: "person",
            record_id: Some(id.to_string()),
            people,
            detail: serde_json::json!({}),
        }
    }

    /// Runs SQL on the file as someone with the key and no respect for the triggers would.
    fn tamper(path: &std::path::Path, sql: &str) {
        let conn = rusqlite::Connection::open(path).unwrap();
        super::super::apply_key(&conn, &crate::keys::test_key()).unwrap();
        conn.execute_batch(sql).unwrap();
    }

    #[test]
    fn views_are_recorded_with_everyone_they_showed() {
        let (_dir, _path, store) = store();
        let shown = store
            .view(&nurse(), |_| {
                Ok((
                    "the family",
                    seen(7, vec![PersonId(7), PersonId(3), PersonId(7)]),
                ))
            })
            .unwrap();
        assert_eq!(shown, "the family");
        let about_3 = store.read(|r| r.audit_about_person(PersonId(3))).unwrap();
        assert_eq!(about_3.len(), 1);
        assert_eq!(about_3[0].action, "family.view");
        assert_eq!(about_3[0].actor, "sam");
        assert_eq!(about_3[0].people, [3, 7]);
        assert!(store
            .read(|r| r.audit_about_person(PersonId(4)))
            .unwrap()
            .is_empty());
    }

    #[test]
    fn the_chain_holds_and_any_edit_insert_or_removal_breaks_it() {
        let (_dir, path, store) = store();
        for name in ["A", "B", "C", "D"] {
            save(&store, name);
        }
        store
            .view(&nurse(), |_| Ok(((), seen(1, vec![PersonId(1)]))))
            .unwrap();
        let check = store.read(|r| r.check_audit_chain()).unwrap();
        assert_eq!(check.rows, 5);
        assert_eq!(check.first_broken, None);
        assert_eq!(check.last_seal.len(), 64);
        drop(store);

        let drop_triggers =
            "DROP TRIGGER audit_event_no_update; DROP TRIGGER audit_event_no_delete; \
                             DROP TRIGGER audit_subject_no_delete;";
        tamper(&path, drop_triggers);
        let broken_at = |path: &std::path::Path| {
            Store::open(path, &crate::keys::test_key())
                .unwrap()
                .read(|r| r.check_audit_chain())
                .unwrap()
                .first_broken
        };
        assert_eq!(
            broken_at(&path),
            None,
            "dropping triggers alone changes no row"
        );

        tamper(
            &path,
            "UPDATE audit_event SET actor = 'someone else' WHERE id = 3;",
        );
        assert_eq!(broken_at(&path), Some(3));
        tamper(&path, "UPDATE audit_event SET actor = 'sam' WHERE id = 3;");
        assert_eq!(broken_at(&path), None, "putting it back mends it");

        tamper(&path, "DELETE FROM audit_subject WHERE audit_id = 5;");
        assert_eq!(broken_at(&path), Some(5), "who was seen is sealed too");
        tamper(&path, "INSERT INTO audit_subject VALUES (5, 1);");

        tamper(&path, "DELETE FROM audit_event WHERE id = 2;");
        assert_eq!(broken_at(&path), Some(3));
    }

    #[test]
    fn the_audit_tables_refuse_changes() {
        let (_dir, path, store) = store();
        store
            .view(&nurse(), |_| Ok(((), seen(1, vec![PersonId(1)]))))
            .unwrap();
        drop(store);
        let conn = rusqlite::Connection::open(&path).unwrap();
        super::super::apply_key(&conn, &crate::keys::test_key()).unwrap();
        for sql in [
            "UPDATE audit_event SET actor = 'x'",
            "DELETE FROM audit_event",
            "UPDATE audit_subject SET person_id = 2",
            "DELETE FROM audit_subject",
        ] {
            let err = conn.execute(sql, []).unwrap_err();
            assert!(err.to_string().contains("append-only"), "{sql}: {err}");
        }
    }
}
