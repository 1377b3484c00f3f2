//! SQL for what the gap rules read besides the family network: contacts and who was at them,
//! answers to gaps, offers of a joint appointment or call, the sent-log of leaflets, and the
//! clinic's rule settings; and the small changes the gaps panel makes (a confirmation,
//! parental responsibility).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension, Row};
use serde_json::json;

use super::row::{bad_code, parse_code, parse_date};
use super::{Reader, Writer};
use crate::contact::{
    Contact, ContactId, ContactKind, Invitation, InvitationKind, InvitationResponse, NewContact,
};
use crate::error::{Error, Result};
use crate::gaps::{
    AnswerKind, AskOutcome, GapAnswer, GapKey, GapRule, GapSettings, Statement, StatementKind,
};
use crate::pack::{Leaflet, LeafletGiven, PackGiven, PackOptions, SendMethod};
use crate::person::PersonId;
use crate::vocab::{Answer, Source};

fn required_date(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    parse_date(row, index)?.ok_or_else(|| bad_code(index, "NULL"))
}

const CONTACT_COLUMNS: &str = "id, child_id, kind, contact_date, others_present, notes, created_by";

fn contact_from_row(row: &Row<'_>) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: ContactId(row.get(0)?),
        details: NewContact {
            child: PersonId(row.get(1)?),
            kind: parse_code(row, 2, ContactKind::from_code)?,
            date: required_date(row, 3)?,
            present: Vec::new(),
            others_present: row.get(4)?,
            notes: row.get(5)?,
        },
        recorded_by: row.get(6)?,
    })
}

const ANSWER_COLUMNS: &str = "id, child_id, rule_id, about_id, answer, outcome, words, revisit_on,
     contact_id, answered_on, created_by";

fn answer_from_row(row: &Row<'_>) -> rusqlite::Result<GapAnswer> {
    let outcome: Option<String> = row.get(5)?;
    Ok(GapAnswer {
        id: row.get(0)?,
        key: GapKey {
            child: PersonId(row.get(1)?),
            rule: parse_code(row, 2, GapRule::from_code)?,
            about: row.get::<_, Option<i64>>(3)?.map(PersonId),
        },
        kind: parse_code(row, 4, AnswerKind::from_code)?,
        outcome: outcome
            .map(|o| AskOutcome::from_code(&o).ok_or_else(|| bad_code(5, &o)))
            .transpose()?,
        words: row.get(6)?,
        revisit_on: parse_date(row, 7)?,
        contact: row.get::<_, Option<i64>>(8)?.map(ContactId),
        answered_on: required_date(row, 9)?,
        recorded_by: row.get(10)?,
    })
}

const INVITATION_COLUMNS: &str =
    "id, child_id, person_id, kind, offered_on, response, notes, created_by";

fn invitation_from_row(row: &Row<'_>) -> rusqlite::Result<Invitation> {
    Ok(Invitation {
        id: row.get(0)?,
        child: PersonId(row.get(1)?),
        person: PersonId(row.get(2)?),
        kind: parse_code(row, 3, InvitationKind::from_code)?,
        offered_on: required_date(row, 4)?,
        response: parse_code(row, 5, InvitationResponse::from_code)?,
        notes: row.get(6)?,
        recorded_by: row.get(7)?,
    })
}

const PACK_COLUMNS: &str =
    "id, child_id, recipient_id, sent_on, method, leaflets, created_by, printed, large_print, invitation";

/// One leaflet of a sent-log entry as stored: `{"id": "crying", "version": "1"}`, read in
/// place (the text is borrowed from the row, not copied into a JSON tree).
#[derive(serde::Deserialize)]
struct StoredLeaflet<'a> {
    #[serde(borrow)]
    id: std::borrow::Cow<'a, str>,
    #[serde(borrow, default)]
    version: std::borrow::Cow<'a, str>,
}

fn pack_from_row(row: &Row<'_>) -> rusqlite::Result<PackGiven> {
    let text = row.get_ref(5)?.as_str()?;
    let parsed: Vec<StoredLeaflet<'_>> =
        serde_json::from_str(text).map_err(|_| bad_code(5, text))?;
    let mut leaflets = Vec::with_capacity(parsed.len());
    for item in parsed {
        let leaflet = Leaflet::from_code(&item.id).ok_or_else(|| bad_code(5, text))?;
        leaflets.push(LeafletGiven {
            leaflet,
            version: item.version.into_owned(),
        });
    }
    Ok(PackGiven {
        id: row.get(0)?,
        child: PersonId(row.get(1)?),
        recipient: PersonId(row.get(2)?),
        sent_on: required_date(row, 3)?,
        method: parse_code(row, 4, SendMethod::from_code)?,
        leaflets,
        options: PackOptions {
            printed: row.get(7)?,
            large_print: row.get(8)?,
            invitation: row.get(9)?,
        },
        recorded_by: row.get(6)?,
    })
}

const STATEMENT_COLUMNS: &str = "id, person_id, child_id, kind, stated_on, source, created_by";

fn statement_from_row(row: &Row<'_>) -> rusqlite::Result<Statement> {
    Ok(Statement {
        id: row.get(0)?,
        person: PersonId(row.get(1)?),
        child: PersonId(row.get(2)?),
        kind: parse_code(row, 3, StatementKind::from_code)?,
        stated_on: required_date(row, 4)?,
        source: parse_code(row, 5, Source::from_code)?,
        recorded_by: row.get(6)?,
    })
}

/// Everything the rules read besides the family network, for one child or for all.
#[derive(Debug, Default, Clone)]
pub struct GapRecords {
    pub contacts: Vec<Contact>,
    pub invitations: Vec<Invitation>,
    pub packs: Vec<PackGiven>,
    pub answers: Vec<GapAnswer>,
}

impl Reader<'_> {
    /// The contacts, offers, packs and answers about one child, oldest first.
    pub fn gap_records(&self, child: PersonId) -> Result<GapRecords> {
        Ok(self
            .gap_records_where("child_id = ?1", &[&child.0])?
            .remove(&child)
            .unwrap_or_default())
    }

    /// The same for every child, in one pass over each table.
    pub fn all_gap_records(&self) -> Result<HashMap<PersonId, GapRecords>> {
        self.gap_records_where("1 = 1", &[])
    }

    /// The records `filter` keeps, each child's in date order. The tables are read in the
    /// order they are stored and each child's few records sorted here: asking SQLite for date
    /// order would sort the whole table at once when every child is read.
    fn gap_records_where(
        &self,
        filter: &str,
        args: &[&dyn rusqlite::ToSql],
    ) -> Result<HashMap<PersonId, GapRecords>> {
        let mut out: HashMap<PersonId, GapRecords> = HashMap::new();
        let mut present: HashMap<i64, Vec<PersonId>> = HashMap::new();
        let mut stmt = if args.is_empty() {
            // Everyone: no need to look each contact up.
            self.tx
                .prepare_cached("SELECT contact_id, person_id FROM contact_present")?
        } else {
            self.tx.prepare_cached(&format!(
                "SELECT p.contact_id, p.person_id FROM contact_present p
                 JOIN contact ON contact.id = p.contact_id WHERE {filter}"
            ))?
        };
        let mut rows = stmt.query(args)?;
        while let Some(row) = rows.next()? {
            present
                .entry(row.get(0)?)
                .or_default()
                .push(PersonId(row.get(1)?));
        }
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {CONTACT_COLUMNS} FROM contact WHERE {filter}"
        ))?;
        for c in stmt.query_map(args, contact_from_row)? {
            let mut c = c?;
            if let Some(mut people) = present.remove(&c.id.0) {
                people.sort_unstable();
                c.details.present = people;
            }
            out.entry(c.details.child).or_default().contacts.push(c);
        }
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {INVITATION_COLUMNS} FROM invitation WHERE {filter}"
        ))?;
        for i in stmt.query_map(args, invitation_from_row)? {
            let i = i?;
            out.entry(i.child).or_default().invitations.push(i);
        }
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {PACK_COLUMNS} FROM pack_sent WHERE {filter}"
        ))?;
        for p in stmt.query_map(args, pack_from_row)? {
            let p = p?;
            out.entry(p.child).or_default().packs.push(p);
        }
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {ANSWER_COLUMNS} FROM gap_answer WHERE {filter}"
        ))?;
        for a in stmt.query_map(args, answer_from_row)? {
            let a = a?;
            out.entry(a.key.child).or_default().answers.push(a);
        }
        for records in out.values_mut() {
            records.contacts.sort_by_key(|c| (c.details.date, c.id));
            records.invitations.sort_by_key(|i| (i.offered_on, i.id));
            records.packs.sort_by_key(|p| (p.sent_on, p.id));
            records.answers.sort_by_key(|a| (a.answered_on, a.id));
        }
        Ok(out)
    }

    pub fn contact(&self, id: ContactId) -> Result<Contact> {
        let child: Option<i64> = self
            .tx
            .query_row("SELECT child_id FROM contact WHERE id = ?1", [id.0], |r| {
                r.get(0)
            })
            .optional()?;
        let child = child.ok_or_else(|| Error::NotFound {
            what: format!("Contact {}", id.0),
        })?;
        self.gap_records(PersonId(child))?
            .contacts
            .into_iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::NotFound {
                what: format!("Contact {}", id.0),
            })
    }

    /// The "none" statements made by any of `people`, oldest first.
    pub fn statements_of(&self, people: &[PersonId]) -> Result<Vec<Statement>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {STATEMENT_COLUMNS} FROM person_statement WHERE person_id = ?1 ORDER BY id"
        ))?;
        let mut out = Vec::new();
        for p in people {
            for s in stmt.query_map([p.0], statement_from_row)? {
                out.push(s?);
            }
        }
        out.sort_by_key(|s| s.id);
        Ok(out)
    }

    /// Every "none" statement, by the person who made it.
    pub fn all_statements(&self) -> Result<HashMap<PersonId, Vec<Statement>>> {
        let mut stmt = self.tx.prepare_cached(&format!(
            "SELECT {STATEMENT_COLUMNS} FROM person_statement ORDER BY id"
        ))?;
        let mut out: HashMap<PersonId, Vec<Statement>> = HashMap::new();
        for s in stmt.query_map([], statement_from_row)? {
            let s = s?;
            out.entry(s.person).or_default().push(s);
        }
        Ok(out)
    }

    pub fn gap_settings(&self) -> Result<GapSettings> {
        let mut settings = self
            .tx
            .query_row(
                "SELECT confirm_within_months, asks_before_supervision FROM gap_settings WHERE id = 1",
                [],
                |r| {
                    Ok(GapSettings {
                        confirm_within_months: r.get(0)?,
                        asks_before_supervision: r.get(1)?,
                        ..GapSettings::default()
                    })
                },
            )
            .optional()?
            .unwrap_or_default();
        let mut stmt = self
            .tx
            .prepare_cached("SELECT rule_id, reason FROM gap_rule_setting WHERE enabled = 0")?;
        for row in stmt.query_map([], |r| {
            Ok((
                parse_code(r, 0, GapRule::from_code)?,
                r.get::<_, String>(1)?,
            ))
        })? {
            let (rule, reason) = row?;
            settings.turned_off.insert(rule, reason);
        }
        Ok(settings)
    }
}

impl Writer<'_> {
    /// Records a stated "none": no other children, or does not look after the child.
    pub fn add_statement(&mut self, s: &Statement) -> Result<i64> {
        self.current_person(s.person)?;
        self.current_person(s.child)?;
        self.tx.execute(
            "INSERT INTO person_statement (person_id, child_id, kind, stated_on, source, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                s.person.0,
                s.child.0,
                s.kind.code(),
                s.stated_on.to_string(),
                s.source.code(),
                self.now,
                self.actor.name
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        let detail = json!({
            "child": s.child.0, "statement": s.kind.code(), "stated_on": s.stated_on.to_string(),
            "source": s.source.code(),
        });
        self.append_audit(
            "person.statement",
            "person",
            Some(&s.person.to_string()),
            "ok",
            &detail,
            &[s.person, s.child],
        )?;
        Ok(id)
    }

    /// Records a contact and who was there.
    pub fn add_contact(&mut self, c: &NewContact) -> Result<ContactId> {
        self.current_person(c.child)?;
        for &p in &c.present {
            self.current_person(p)?;
        }
        self.tx.execute(
            "INSERT INTO contact (child_id, kind, contact_date, others_present, notes, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                c.child.0,
                c.kind.code(),
                c.date.to_string(),
                c.others_present,
                c.notes,
                self.now,
                self.actor.name
            ],
        )?;
        let id = ContactId(self.tx.last_insert_rowid());
        for p in &c.present {
            self.tx.execute(
                "INSERT INTO contact_present (contact_id, person_id) VALUES (?1, ?2)",
                params![id.0, p.0],
            )?;
        }
        let detail = json!({
            "contact": id.0, "kind": c.kind.code(), "date": c.date.to_string(),
            "present": c.present.iter().map(|p| p.0).collect::<Vec<_>>(),
            "others_present": c.others_present,
        });
        self.audit(
            "contact.create",
            "person",
            Some(&c.child.to_string()),
            &detail,
        )?;
        Ok(id)
    }

    /// Records an answer to a gap. The caller has checked that it fits an unresolved gap.
    pub fn add_gap_answer(&mut self, a: &GapAnswer) -> Result<i64> {
        self.current_person(a.key.child)?;
        if let Some(about) = a.key.about {
            self.current_person(about)?;
        }
        if let Some(contact) = a.contact {
            let child: Option<i64> = self
                .tx
                .query_row(
                    "SELECT child_id FROM contact WHERE id = ?1",
                    [contact.0],
                    |r| r.get(0),
                )
                .optional()?;
            if child != Some(a.key.child.0) {
                return Err(Error::invalid(
                    "contact",
                    "That contact is not with this child's family",
                ));
            }
        }
        self.tx.execute(
            "INSERT INTO gap_answer (child_id, rule_id, about_id, answer, outcome, words, revisit_on,
                 contact_id, answered_on, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                a.key.child.0,
                a.key.rule.code(),
                a.key.about.map(|p| p.0),
                a.kind.code(),
                a.outcome.map(|o| o.code()),
                a.words,
                a.revisit_on.map(|d| d.to_string()),
                a.contact.map(|c| c.0),
                a.answered_on.to_string(),
                self.now,
                self.actor.name
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        let mut people = vec![a.key.child];
        people.extend(a.key.about);
        let detail = json!({
            "rule": a.key.rule.code(), "about": a.key.about.map(|p| p.0), "answer": a.kind.code(),
            "outcome": a.outcome.map(|o| o.code()),
            "data_absent_reason": a.outcome.map(|o| o.data_absent_reason()),
            "revisit_on": a.revisit_on.map(|d| d.to_string()), "contact": a.contact.map(|c| c.0),
        });
        self.append_audit(
            &format!("gap.{}", a.kind.code()),
            "person",
            Some(&a.key.child.to_string()),
            "ok",
            &detail,
            &people,
        )?;
        Ok(id)
    }

    /// Records an offer of a joint appointment or a call.
    pub fn add_invitation(&mut self, i: &Invitation) -> Result<i64> {
        self.current_person(i.child)?;
        self.current_person(i.person)?;
        self.tx.execute(
            "INSERT INTO invitation (child_id, person_id, kind, offered_on, response, notes, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                i.child.0,
                i.person.0,
                i.kind.code(),
                i.offered_on.to_string(),
                i.response.code(),
                i.notes,
                self.now,
                self.actor.name
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        let detail = json!({
            "child": i.child.0, "kind": i.kind.code(), "offered_on": i.offered_on.to_string(),
            "response": i.response.code(),
        });
        self.append_audit(
            "invitation.create",
            "person",
            Some(&i.person.to_string()),
            "ok",
            &detail,
            &[i.person, i.child],
        )?;
        Ok(id)
    }

    /// Adds an entry to the sent-log.
    pub fn add_pack_given(&mut self, p: &PackGiven) -> Result<i64> {
        self.current_person(p.child)?;
        self.current_person(p.recipient)?;
        let leaflets: Vec<serde_json::Value> = p
            .leaflets
            .iter()
            .map(|l| json!({ "id": l.leaflet.code(), "version": l.version }))
            .collect();
        let leaflets = serde_json::Value::Array(leaflets);
        self.tx.execute(
            "INSERT INTO pack_sent (child_id, recipient_id, sent_on, method, leaflets, created_at, created_by,
                                    printed, large_print, invitation)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                p.child.0,
                p.recipient.0,
                p.sent_on.to_string(),
                p.method.code(),
                leaflets.to_string(),
                self.now,
                self.actor.name,
                p.options.printed,
                p.options.large_print,
                p.options.invitation
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        let detail = json!({
            "child": p.child.0, "sent_on": p.sent_on.to_string(), "method": p.method.code(),
            "leaflets": leaflets, "printed": p.options.printed,
            "large_print": p.options.large_print, "invitation": p.options.invitation,
        });
        self.append_audit(
            "pack.given",
            "person",
            Some(&p.recipient.to_string()),
            "ok",
            &detail,
            &[p.recipient, p.child],
        )?;
        Ok(id)
    }

    /// Marks `person`'s details, their current relationship to `child` and their current care
    /// of `child` as confirmed on `on`, by `source`.
    pub fn confirm_details(
        &mut self,
        child: PersonId,
        person: PersonId,
        source: Source,
        on: NaiveDate,
    ) -> Result<()> {
        self.current_person(child)?;
        let before = self.current_person(person)?;
        let day = on.to_string();
        self.tx.execute(
            "UPDATE person SET source = ?2, confirmed_on = ?3, updated_at = ?4, updated_by = ?5
             WHERE id = ?1",
            params![person.0, source.code(), day, self.now, self.actor.name],
        )?;
        self.tx.execute(
            "UPDATE relationship SET confirmed_on = ?3
             WHERE end_date IS NULL AND ((from_person = ?1 AND to_person = ?2)
                                      OR (from_person = ?2 AND to_person = ?1))",
            params![person.0, child.0, day],
        )?;
        self.tx.execute(
            "UPDATE care_arrangement SET confirmed_on = ?3
             WHERE end_date IS NULL AND carer_id = ?1 AND child_id = ?2",
            params![person.0, child.0, day],
        )?;
        let detail = json!({
            "child": child.0, "source": source.code(), "confirmed_on": day,
            "before": {
                "source": before.details.provenance.source.code(),
                "confirmed_on": before.details.provenance.confirmed_on.map(|d| d.to_string()),
            },
        });
        self.append_audit(
            "person.confirm",
            "person",
            Some(&person.to_string()),
            "ok",
            &detail,
            &[person, child],
        )
    }

    /// Records whether `parent` has parental responsibility for `child`, on their current
    /// parental relationship.
    pub fn set_parental_responsibility(
        &mut self,
        child: PersonId,
        parent: PersonId,
        answer: Answer,
    ) -> Result<()> {
        self.current_person(child)?;
        self.current_person(parent)?;
        let kinds = crate::relationship::RelationshipKind::ALL
            .iter()
            .filter(|k| k.is_parental())
            .map(|k| format!("'{}'", k.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let before: Vec<Option<String>> = {
            let mut stmt = self.tx.prepare(&format!(
                "SELECT parental_responsibility FROM relationship
                 WHERE from_person = ?1 AND to_person = ?2 AND end_date IS NULL AND kind IN ({kinds})"
            ))?;
            let rows = stmt.query_map(params![parent.0, child.0], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let changed = self.tx.execute(
            &format!(
                "UPDATE relationship SET parental_responsibility = ?3
                 WHERE from_person = ?1 AND to_person = ?2 AND end_date IS NULL AND kind IN ({kinds})"
            ),
            params![parent.0, child.0, answer.code()],
        )?;
        if changed == 0 {
            return Err(Error::invalid(
                "parental_responsibility",
                "This person is not recorded as a parent of the child",
            ));
        }
        let detail = json!({
            "child": child.0, "parental_responsibility": answer.code(), "before": before,
        });
        self.append_audit(
            "relationship.responsibility",
            "person",
            Some(&parent.to_string()),
            "ok",
            &detail,
            &[parent, child],
        )
    }

    /// Turns a gap rule off or back on, with the reason. Only an admin may.
    pub fn set_gap_rule(&mut self, rule: GapRule, enabled: bool, reason: &str) -> Result<()> {
        self.actor.require_admin("turn gap rules on or off")?;
        let before: Option<(bool, String)> = self
            .tx
            .query_row(
                "SELECT enabled, reason FROM gap_rule_setting WHERE rule_id = ?1",
                [rule.code()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        self.tx.execute(
            "INSERT INTO gap_rule_setting (rule_id, enabled, reason, updated_at, updated_by)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT (rule_id) DO UPDATE SET enabled = excluded.enabled, reason = excluded.reason,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![rule.code(), enabled, reason, self.now, self.actor.name],
        )?;
        let detail = json!({
            "rule": rule.code(), "enabled": enabled, "reason": reason,
            "before": before.map(|(on, why)| json!({ "enabled": on, "reason": why })),
        });
        self.audit("gap_rule.set", "gap_rule", Some(rule.code()), &detail)
    }

    /// Saves how strict the gap rules are. Only an admin may.
    pub fn save_gap_settings(
        &mut self,
        confirm_within_months: u32,
        asks_before_supervision: u32,
    ) -> Result<()> {
        self.actor.require_admin("change the gap rule settings")?;
        let before: Option<(u32, u32)> = self
            .tx
            .query_row(
                "SELECT confirm_within_months, asks_before_supervision FROM gap_settings WHERE id = 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        self.tx.execute(
            "INSERT INTO gap_settings (id, confirm_within_months, asks_before_supervision, updated_at, updated_by)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET confirm_within_months = excluded.confirm_within_months,
                 asks_before_supervision = excluded.asks_before_supervision,
                 updated_at = excluded.updated_at, updated_by = excluded.updated_by",
            params![confirm_within_months, asks_before_supervision, self.now, self.actor.name],
        )?;
        let detail = json!({
            "confirm_within_months": confirm_within_months,
            "asks_before_supervision": asks_before_supervision,
            "before": before.map(|(m, a)| json!({ "confirm_within_months": m, "asks_before_supervision": a })),
        });
        self.audit("gap_settings.save", "gap_settings", None, &detail)
    }
}
