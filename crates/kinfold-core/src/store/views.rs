//! Reading records on someone's behalf: each of these returns what the screens show and
//! writes the audit row saying who saw it (and whose details it showed) before handing it over.

use serde_json::json;

use super::{PersonMatch, Seen, Store};
use crate::actor::Actor;
use crate::audit::AuditEvent;
use crate::error::Result;
use crate::family::{CaseloadChild, FamilyNetwork, PersonView};
use crate::person::{Person, PersonId};

/// Views are filed under record kind `view` (with the person's id), so that a record's
/// history of changes stays a history of changes; who saw what is found through the people
/// each row touched.
fn seen(action: &'static str, id: PersonId, people: Vec<PersonId>) -> Seen {
    Seen {
        action,
        record_kind: "view",
        record_id: Some(id.to_string()),
        people,
        detail: json!({}),
    }
}

impl Store {
    /// The caseload list (names and ages of every child on it).
    pub fn view_caseload(&self, actor: &Actor) -> Result<Vec<CaseloadChild>> {
        self.view(actor, |r| {
            let rows = r.caseload()?;
            let seen = Seen {
                action: "caseload.view",
                record_kind: "caseload",
                record_id: None,
                people: Vec::new(),
                detail: json!({ "children": rows.len() }),
            };
            Ok((rows, seen))
        })
    }

    /// One child's family network: the child and everyone shown with them.
    pub fn view_family(&self, actor: &Actor, child: PersonId) -> Result<FamilyNetwork> {
        self.view(actor, |r| {
            let network = r.family_network(child)?;
            let mut people = vec![network.child.id];
            for m in &network.members {
                people.push(m.person.id);
                people.extend(m.other_children.iter().map(|o| o.person.id));
            }
            people.extend(network.care.iter().map(|c| c.carer.id));
            Ok((network, seen("family.view", child, people)))
        })
    }

    /// One person and the children they are linked to.
    pub fn view_person(&self, actor: &Actor, id: PersonId) -> Result<PersonView> {
        self.view(actor, |r| {
            let view = r.person_view(id)?;
            let mut people = vec![view.person.id];
            people.extend(view.children.iter().map(|c| c.child.id));
            people.extend(view.relationships.iter().map(|(_, p)| p.id));
            Ok((view, seen("person.view", id, people)))
        })
    }

    /// A person's details, to fill in the edit form.
    pub fn view_person_details(&self, actor: &Actor, id: PersonId) -> Result<Person> {
        self.view(actor, |r| {
            let person = r.person(id)?;
            Ok((person, seen("person.view_details", id, vec![id])))
        })
    }

    /// Everything that happened to a person's record.
    pub fn view_person_history(&self, actor: &Actor, id: PersonId) -> Result<Vec<AuditEvent>> {
        self.view(actor, |r| {
            let events = r.person_history(id)?;
            Ok((events, seen("person.view_history", id, vec![id])))
        })
    }

    /// A search, with the words searched for and everyone it found.
    pub fn search_as(&self, actor: &Actor, query: &str, limit: usize) -> Result<Vec<PersonMatch>> {
        self.view(actor, |r| {
            let found = r.search_people(query, limit)?;
            let seen = Seen {
                action: "person.search",
                record_kind: "search",
                record_id: None,
                people: found.iter().map(|m| m.person.id).collect(),
                detail: json!({ "query": query, "found": found.len() }),
            };
            Ok((found, seen))
        })
    }

    /// Other records that may be the same person.
    pub fn view_duplicates_of(&self, actor: &Actor, id: PersonId) -> Result<Vec<PersonMatch>> {
        self.view(actor, |r| {
            let found = r.duplicates_of(id)?;
            let mut people = vec![id];
            people.extend(found.iter().map(|m| m.person.id));
            Ok((found, seen("person.view_duplicates", id, people)))
        })
    }

    /// Everything, or one child's family network, as an exchange file (the CLI's `export`).
    pub fn export_as(
        &self,
        actor: &Actor,
        child: Option<PersonId>,
    ) -> Result<crate::exchange::ExchangeFile> {
        self.view(actor, |r| {
            let file = crate::exchange::export(r, child)?;
            let seen = Seen {
                action: "export",
                record_kind: if child.is_some() { "view" } else { "database" },
                record_id: child.map(|c| c.to_string()),
                people: file.people.iter().map(|p| PersonId(p.id)).collect(),
                detail: json!({ "people": file.people.len() }),
            };
            Ok((file, seen))
        })
    }

    /// The latest audit rows (admins only); looking at the audit trail is audited too.
    pub fn view_recent_audit(
        &self,
        actor: &Actor,
        before: Option<i64>,
        limit: u32,
    ) -> Result<Vec<AuditEvent>> {
        actor.require_admin("see the audit trail")?;
        self.view(actor, |r| {
            let rows = r.recent_audit(before, limit)?;
            let seen = Seen {
                action: "audit.view",
                record_kind: "audit",
                record_id: None,
                people: Vec::new(),
                detail: json!({ "before": before, "rows": rows.len() }),
            };
            Ok((rows, seen))
        })
    }

    /// Everyone who saw or changed this person's record (admins only).
    pub fn view_audit_about(&self, actor: &Actor, person: PersonId) -> Result<Vec<AuditEvent>> {
        actor.require_admin("see who has looked at a record")?;
        self.view(actor, |r| {
            let rows = r.audit_about_person(person)?;
            Ok((rows, seen("audit.view_person", person, vec![person])))
        })
    }

    /// Checks the chain of seals (admins only) and records that it was checked, and how it
    /// came out.
    pub fn check_audit_as(&self, actor: &Actor) -> Result<crate::audit::AuditCheck> {
        actor.require_admin("check the audit trail")?;
        let check = self.read(|r| r.check_audit_chain())?;
        self.write(actor, |w| {
            w.audit(
                "audit.check",
                "audit",
                None,
                &json!({ "rows": check.rows, "first_broken": check.first_broken, "last_seal": check.last_seal }),
            )
        })?;
        Ok(check)
    }

    /// Every account (admins only): staff records are audited like any other.
    pub fn view_accounts(&self, actor: &Actor) -> Result<Vec<crate::account::Account>> {
        actor.require_admin("see the accounts")?;
        self.view(actor, |r| {
            let accounts = r.accounts()?;
            let seen = Seen {
                action: "account.view",
                record_kind: "account",
                record_id: None,
                people: Vec::new(),
                detail: json!({ "accounts": accounts.len() }),
            };
            Ok((accounts, seen))
        })
    }

    /// Records that may be the same person as `details`, before a new person is added. When
    /// there are any, they are shown, so the check is audited with everyone it found.
    pub fn duplicates_for_new(
        &self,
        actor: &Actor,
        details: &crate::person::PersonDetails,
    ) -> Result<Vec<PersonMatch>> {
        let found = self.read(|r| r.likely_duplicates(details))?;
        if !found.is_empty() {
            self.write(actor, |w| {
                w.append_audit(
                    "person.duplicate_check",
                    "search",
                    None,
                    "ok",
                    &json!({ "found": found.len() }),
                    &found.iter().map(|m| m.person.id).collect::<Vec<_>>(),
                )
            })?;
        }
        Ok(found)
    }
}
