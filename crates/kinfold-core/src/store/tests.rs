//! Tests of the store against real database files.

use super::*;
use crate::actor::Role;
use crate::settings::{ClinicSettings, ClinicSettingsDraft};

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("clinic").join("kinfold.db");
    (dir, path)
}

fn nurse() -> Actor {
    Actor::new("Sam Health-Visitor", Role::Practitioner)
}

fn settings(name: &str) -> ClinicSettings {
    ClinicSettingsDraft {
        clinic_name: name.into(),
        team_phone: "0115 496 0000".into(),
        ..Default::default()
    }
    .validate()
    .expect("valid settings")
}

/// A plain SQLite connection to an encrypted file, with the tests' key, as another program
/// holding the key would have.
fn raw(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    apply_key(&conn, &crate::keys::test_key()).unwrap();
    conn
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

#[test]
fn open_creates_the_file_with_care_record_settings() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    assert!(path.exists());
    let conn = lock(&store.writer);
    let get = |pragma: &str| -> String {
        conn.query_row(&format!("PRAGMA {pragma}"), [], |r| {
            r.get::<_, rusqlite::types::Value>(0)
        })
        .map(|v| format!("{v:?}"))
        .unwrap()
    };
    assert_eq!(get("journal_mode"), r#"Text("wal")"#);
    assert_eq!(get("synchronous"), "Integer(2)", "synchronous must be FULL");
    assert_eq!(get("foreign_keys"), "Integer(1)");
    assert_eq!(get("cache_size"), format!("Integer({})", -CACHE_KIB));
    assert_eq!(
        get("user_version"),
        format!("Integer({})", migrations::latest_version())
    );
}

#[cfg(unix)]
#[test]
fn database_file_and_folder_are_private_to_the_owner() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("A")))
        .unwrap();
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    for side in ["kinfold.db-wal", "kinfold.db-shm"] {
        let side = path.with_file_name(side);
        assert!(
            side.exists(),
            "{} should exist while the store is open",
            side.display()
        );
        assert_eq!(mode(&side), 0o600, "{}", side.display());
    }
    assert_eq!(mode(path.parent().unwrap()), 0o700);
}

#[test]
fn settings_survive_closing_and_reopening() {
    let (_dir, path) = temp_db();
    {
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        assert_eq!(store.read(|r| r.clinic_settings()).unwrap(), None);
        store
            .write(&nurse(), |w| {
                w.save_clinic_settings(&settings("Meadow Lane"))
            })
            .unwrap();
    }
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    let saved = store.read(|r| r.clinic_settings()).unwrap();
    assert_eq!(saved, Some(settings("Meadow Lane")));
}

#[test]
fn every_save_writes_an_audit_row_with_before_and_after() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("First")))
        .unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("Second")))
        .unwrap();
    let events = store
        .read(|r| r.audit_events("clinic_settings", None))
        .unwrap();
    assert_eq!(events.len(), 2);
    let last = &events[1];
    assert_eq!(last.actor, "Sam Health-Visitor");
    assert_eq!(last.role, "practitioner");
    assert_eq!(last.action, "settings.save");
    assert_eq!(last.outcome, "ok");
    let detail: serde_json::Value = serde_json::from_str(last.detail.as_deref().unwrap()).unwrap();
    assert_eq!(detail["before"]["clinic_name"], "First");
    assert_eq!(detail["after"]["clinic_name"], "Second");
}

#[test]
fn a_failed_write_keeps_nothing_not_even_its_audit_row() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    let result: Result<()> = store.write(&nurse(), |w| {
        w.save_clinic_settings(&settings("Never kept"))?;
        Err(Error::Migration(
            "simulated failure after the change".into(),
        ))
    });
    assert!(result.is_err());
    assert_eq!(store.read(|r| r.clinic_settings()).unwrap(), None);
    assert!(store
        .read(|r| r.audit_events("clinic_settings", None))
        .unwrap()
        .is_empty());
}

#[test]
fn the_audit_trail_refuses_updates_and_deletes() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("A")))
        .unwrap();
    let conn = lock(&store.writer);
    let update = conn.execute("UPDATE audit_event SET actor = 'someone else'", []);
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = conn.execute("DELETE FROM audit_event", []);
    assert!(delete.unwrap_err().to_string().contains("append-only"));
}

#[test]
fn gap_answers_are_history_and_refuse_updates_and_deletes() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    let conn = lock(&store.writer);
    conn.execute_batch(
        "INSERT INTO person (id, name_status, source, created_at, created_by, updated_at, updated_by)
             VALUES (1, 'known', 'mother', 'now', 'Sam', 'now', 'Sam');
         INSERT INTO gap_answer (child_id, rule_id, answer, words, answered_on, created_at, created_by)
             VALUES (1, 'birth_father', 'closed', 'Donor', '2026-11-29', 'now', 'Sam');",
    )
    .unwrap();
    let update = conn.execute("UPDATE gap_answer SET words = 'rewritten'", []);
    assert!(update
        .unwrap_err()
        .to_string()
        .contains("cannot be changed"));
    let delete = conn.execute("DELETE FROM gap_answer", []);
    assert!(delete
        .unwrap_err()
        .to_string()
        .contains("cannot be changed"));
    // An "asked" answer without a date to ask again is refused by the schema itself.
    let no_revisit = conn.execute(
        "INSERT INTO gap_answer (child_id, rule_id, answer, outcome, answered_on, created_at, created_by)
             VALUES (1, 'phone', 'asked', 'declined', '2026-11-29', 'now', 'Sam')",
        [],
    );
    assert!(no_revisit.is_err());
}

#[test]
fn the_reading_connection_cannot_write() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    let conn = lock(&store.reader);
    let err = conn
        .execute("INSERT INTO audit_event (at, actor, role, action, record_kind, outcome) VALUES ('','','','','','')", [])
        .unwrap_err();
    assert_eq!(err.sqlite_error_code(), Some(rusqlite::ErrorCode::ReadOnly));
}

#[test]
fn a_database_from_a_newer_kinfold_is_refused_and_left_alone() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path, &crate::keys::test_key()).unwrap());
    {
        let conn = raw(&path);
        conn.pragma_update(None, "user_version", migrations::latest_version() + 1)
            .unwrap();
    }
    let before = file_bytes(&path);
    let err = Store::open(&path, &crate::keys::test_key())
        .err()
        .expect("refused");
    assert_eq!(err.code(), "database_too_new");
    assert!(
        err.to_string().contains("newer version of Kinfold"),
        "{err}"
    );
    assert!(file_bytes(&path) == before, "the file must not change");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_left_alone() {
    let (_dir, path) = temp_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let junk = b"this is a shopping list, not a database. ".repeat(200);
    std::fs::write(&path, &junk).unwrap();
    let err = Store::open(&path, &crate::keys::test_key())
        .err()
        .expect("refused");
    assert_eq!(err.code(), "database_unavailable");
    assert!(err.to_string().contains("not a Kinfold database"), "{err}");
    assert!(file_bytes(&path) == junk, "the file must not change");
}

#[test]
fn another_programs_database_is_refused_and_left_alone() {
    let (_dir, path) = temp_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let conn = raw(&path);
        conn.execute_batch(
            "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');",
        )
        .unwrap();
    }
    let before = file_bytes(&path);
    let err = Store::open(&path, &crate::keys::test_key())
        .err()
        .expect("refused");
    assert_eq!(err.code(), "database_unavailable");
    assert!(err.to_string().contains("another program"), "{err}");
    assert!(file_bytes(&path) == before, "the file must not change");

    // The same with a schema version that would otherwise look newer than Kinfold.
    {
        let conn = raw(&path);
        conn.pragma_update(None, "user_version", 99).unwrap();
    }
    let err = Store::open(&path, &crate::keys::test_key())
        .err()
        .expect("refused");
    assert!(err.to_string().contains("another program"), "{err}");
}

#[test]
fn an_unencrypted_database_is_refused_and_left_alone() {
    let (_dir, path) = temp_db();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE person (name TEXT); INSERT INTO person VALUES ('A');")
            .unwrap();
    }
    let before = file_bytes(&path);
    let err = Store::open(&path, &crate::keys::test_key())
        .err()
        .expect("refused");
    assert_eq!(err.code(), "database_unencrypted");
    assert!(file_bytes(&path) == before, "the file must not change");
}

#[test]
fn a_wrong_key_is_refused_and_the_file_is_left_alone() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("Kept")))
        .unwrap();
    drop(store);
    let before = file_bytes(&path);
    let other = crate::keys::DatabaseKey::from_bytes([9; 32]);
    let err = Store::open(&path, &other).err().expect("refused");
    assert_eq!(err.code(), "key_wrong", "{err}");
    assert!(file_bytes(&path) == before, "the file must not change");
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    assert_eq!(
        store.read(|r| r.clinic_settings()).unwrap(),
        Some(settings("Kept"))
    );
}

#[test]
fn the_file_holds_no_plain_text_and_a_keyless_reader_sees_nothing() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    store
        .write(&nurse(), |w| {
            w.save_clinic_settings(&settings("Marker Clinic Zebra"))
        })
        .unwrap();
    let needle = b"Marker Clinic Zebra";
    for file in [path.clone(), crate::unlock::side_file(&path, "-wal")] {
        let bytes = file_bytes(&file);
        assert!(!bytes.is_empty());
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{} holds the clinic name in plain text",
            file.display()
        );
    }
    let conn = Connection::open(&path).unwrap();
    let err = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
            r.get::<_, i64>(0)
        })
        .unwrap_err();
    assert_eq!(
        err.sqlite_error_code(),
        Some(rusqlite::ErrorCode::NotADatabase)
    );
}

#[test]
fn an_intact_database_passes_the_integrity_check_and_a_damaged_one_fails_it() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("A")))
        .unwrap();
    store.check_integrity().unwrap();
    drop(store);
    // Flip one byte in the second page: its authentication code no longer matches.
    let mut bytes = file_bytes(&path);
    assert!(bytes.len() >= 8192, "{}", bytes.len());
    bytes[4096 + 100] ^= 0xFF;
    std::fs::write(&path, &bytes).unwrap();
    let result = Store::open(&path, &crate::keys::test_key()).and_then(|s| s.check_integrity());
    let err = result.expect_err("damage found");
    assert!(
        matches!(err.code(), "database_damaged" | "storage"),
        "{}: {err}",
        err.code()
    );
}

#[test]
fn kinfold_marks_its_databases() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path, &crate::keys::test_key()).unwrap());
    let conn = raw(&path);
    let mark: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mark, APPLICATION_ID);
}

#[test]
fn an_unwritable_location_is_a_clear_error() {
    let (dir, _) = temp_db();
    let blocker = dir.path().join("a-file");
    std::fs::write(&blocker, b"x").unwrap();
    let err = Store::open(&blocker.join("kinfold.db"), &crate::keys::test_key())
        .err()
        .expect("refused");
    assert_eq!(err.code(), "database_unavailable");
    assert!(err.to_string().contains("cannot be created"), "{err}");
}

mod people {
    use super::*;
    use crate::person::{PersonDraft, PersonId};
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn person(given: &str, family: &str, born: &str, nhs: &str) -> crate::person::PersonDetails {
        PersonDraft {
            given_name: given.into(),
            family_name: family.into(),
            birth_date: born.into(),
            nhs_number: nhs.into(),
            source: "mother".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap()
    }

    #[test]
    fn a_person_round_trips_and_changes_keep_their_history() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let zoe = person("Zoë", "Brown", "2026-09-27", "999 000 0018");
        let id = store.write(&nurse(), |w| w.add_person(&zoe)).unwrap();
        assert_eq!(store.read(|r| r.person(id)).unwrap().details, zoe);

        let mut renamed = zoe.clone();
        renamed.known_as = "Zo".into();
        store
            .write(&nurse(), |w| w.update_person(id, &renamed))
            .unwrap();
        assert_eq!(store.read(|r| r.person(id)).unwrap().details, renamed);

        let history = store
            .read(|r| r.audit_events("person", Some(&id.to_string())))
            .unwrap();
        let actions: Vec<_> = history.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["person.create", "person.update"]);
        let detail: serde_json::Value =
            serde_json::from_str(history[1].detail.as_deref().unwrap()).unwrap();
        assert_eq!(detail["before"]["known_as"], "");
        assert_eq!(detail["after"]["known_as"], "Zo");
        assert_eq!(detail["after"]["nhs_number"], "9990000018");
    }

    #[test]
    fn an_nhs_number_already_in_use_is_refused_and_nothing_is_written() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        store
            .write(&nurse(), |w| {
                w.add_person(&person("Zoë", "Brown", "2026-09-27", "999 000 0018"))
            })
            .unwrap();
        let err = store
            .write(&nurse(), |w| {
                w.add_person(&person("Zoe", "Browne", "", "9990000018"))
            })
            .unwrap_err();
        assert_eq!(err.code(), "invalid_input");
        assert!(
            err.to_string().contains("already recorded for Zoë Brown"),
            "{err}"
        );
        assert!(store.read(|r| r.person(PersonId(2))).is_err());
        assert_eq!(
            store
                .read(|r| r.audit_events("person", None))
                .unwrap()
                .len(),
            1
        );
    }

    #[test]
    fn likely_duplicates_by_nhs_number_and_by_similar_name_and_birth() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let ids: Vec<PersonId> = store
            .write(&nurse(), |w| {
                Ok(vec![
                    w.add_person(&person("Zoë", "Brown", "2026-09-27", "999 000 0018"))?,
                    w.add_person(&person("Jon", "Smith", "1994-03-02", ""))?,
                    w.add_person(&person("Mohammed", "Ali", "1994-03-02", ""))?,
                    w.add_person(&person("John", "Smith", "1970-01-01", ""))?,
                ])
            })
            .unwrap();
        let candidate = person("Zoe", "Brown", "2026-09-27", "");
        let found = store.read(|r| r.likely_duplicates(&candidate)).unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].person.id, ids[0]);
        assert_eq!(found[0].reason, "same name, same date of birth");

        let candidate = person("John", "Smith", "1994-03-02", "");
        let found: Vec<_> = store
            .read(|r| r.likely_duplicates(&candidate))
            .unwrap()
            .into_iter()
            .map(|m| m.person.id)
            .collect();
        assert_eq!(
            found,
            [ids[1]],
            "the 1970 John Smith is too far apart in age"
        );

        let by_nhs = person("Someone", "Else", "", "999 000 0018");
        let found = store.read(|r| r.likely_duplicates(&by_nhs)).unwrap();
        assert_eq!(found[0].reason, "same NHS number");
    }
}

mod network {
    use super::*;
    use crate::care::{CareKind, NewCareArrangement};
    use crate::household::HouseholdDraft;
    use crate::person::{PersonDraft, PersonId, Provenance};
    use crate::relationship::{NewRelationship, RelationshipKind};
    use crate::sharing::SharingFact;
    use crate::vocab::{Answer, Source};
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn said_by(source: Source) -> Provenance {
        Provenance {
            source,
            detail: String::new(),
            confirmed_on: Some(today()),
        }
    }

    fn add(w: &mut Writer<'_>, given: &str, sex: &str, born: &str) -> Result<PersonId> {
        let d = PersonDraft {
            given_name: given.into(),
            family_name: "Brown".into(),
            sex: sex.into(),
            birth_date: born.into(),
            source: "mother".into(),
            ..Default::default()
        }
        .validate(today())
        .unwrap();
        w.add_person(&d)
    }

    fn relate(from: PersonId, kind: RelationshipKind, to: PersonId) -> NewRelationship {
        NewRelationship {
            from,
            to,
            kind,
            parental_responsibility: None,
            start_date: None,
            provenance: said_by(Source::Mother),
        }
    }

    struct Family {
        baby: PersonId,
        mother: PersonId,
        father: PersonId,
        half_sister: PersonId,
        partner: PersonId,
    }

    /// A baby at home with her mother; the father lives elsewhere, has her on Saturday nights
    /// at his flat and has a daughter from a previous relationship; the mother has a new
    /// partner who lives with them.
    fn child_k_family(store: &Store) -> Family {
        store
            .write(&nurse(), |w| {
                let home = w.add_household(
                    &HouseholdDraft {
                        address_lines: "12 Oak Road\nNottingham".into(),
                        postcode: "NG1 1AA".into(),
                        ..Default::default()
                    }
                    .validate()
                    .unwrap(),
                )?;
                let flat = w.add_household(
                    &HouseholdDraft {
                        address_lines: "Flat 3, 40 Mill Street\nNottingham".into(),
                        postcode: "NG7 2BB".into(),
                        description: "Father's flat".into(),
                        ..Default::default()
                    }
                    .validate()
                    .unwrap(),
                )?;
                let baby = add(w, "Kai", "male", "2026-09-27")?;
                let mother = add(w, "Amy", "female", "1998-05-01")?;
                let father = add(w, "Dean", "male", "1995-02-11")?;
                let half_sister = add(w, "Lily", "female", "2021-06-30")?;
                let partner = add(w, "Ryan", "male", "1996-08-08")?;
                for p in [baby, mother, partner] {
                    w.move_into(p, home, None, &said_by(Source::Mother))?;
                }
                w.move_into(father, flat, None, &said_by(Source::Father))?;
                w.add_to_caseload(baby, Some(home), "Sam Health-Visitor")?;
                let mut r = relate(mother, RelationshipKind::BirthMother, baby);
                r.parental_responsibility = Some(Answer::Yes);
                w.add_relationship(&r)?;
                w.add_relationship(&relate(father, RelationshipKind::BirthFather, baby))?;
                w.add_relationship(&relate(father, RelationshipKind::BirthFather, half_sister))?;
                w.add_relationship(&relate(half_sister, RelationshipKind::HalfSibling, baby))?;
                w.add_relationship(&relate(partner, RelationshipKind::Partner, mother))?;
                w.add_care_arrangement(&NewCareArrangement {
                    child: baby,
                    carer: father,
                    kind: CareKind::Overnight,
                    frequency: "Saturday nights".into(),
                    place: Some(flat),
                    start_date: None,
                    notes: String::new(),
                    provenance: said_by(Source::Mother),
                })?;
                w.add_sharing_restriction(mother, father, SharingFact::Address, "Mother asked")?;
                Ok(Family {
                    baby,
                    mother,
                    father,
                    half_sister,
                    partner,
                })
            })
            .unwrap()
    }

    #[test]
    fn the_family_view_separates_home_from_elsewhere_and_flags_overnight_care() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let f = child_k_family(&store);
        let net = store.read(|r| r.family_network(f.baby)).unwrap();

        let at_home: Vec<PersonId> = net.at_main_home().map(|m| m.person.id).collect();
        assert_eq!(at_home, [f.mother, f.partner]);
        let elsewhere: Vec<PersonId> = net.elsewhere().map(|m| m.person.id).collect();
        assert_eq!(elsewhere, [f.father, f.half_sister]);

        let mother = net.member(f.mother).unwrap();
        assert_eq!(mother.roles(f.baby), "Birth mother");
        assert_eq!(mother.parental_responsibility, Some(Answer::Yes));
        let father = net.member(f.father).unwrap();
        assert_eq!(father.roles(f.baby), "Birth father");
        assert_eq!(father.parental_responsibility, Some(Answer::NotKnown));
        assert_eq!(
            father.home.as_ref().unwrap().details.description,
            "Father's flat"
        );
        assert_eq!(father.other_children.len(), 1);
        assert_eq!(father.other_children[0].person.id, f.half_sister);
        assert_eq!(
            net.member(f.partner).unwrap().roles(f.baby),
            "Mother's partner"
        );
        assert_eq!(
            net.member(f.half_sister).unwrap().roles(f.baby),
            "Half-sibling"
        );

        let overnight: Vec<_> = net.overnight_away().collect();
        assert_eq!(overnight.len(), 1);
        assert_eq!(overnight[0].carer.id, f.father);
        assert_eq!(
            overnight[0].arrangement.details.frequency,
            "Saturday nights"
        );
        assert_eq!(net.restrictions.len(), 1);

        // Links: mother-baby, father-baby, father-half-sister, sister-baby, partner-mother.
        assert_eq!(net.links.len(), 5);

        let caseload = store.read(|r| r.caseload()).unwrap();
        assert_eq!(caseload.len(), 1, "only the baby is on the caseload");
        assert_eq!(caseload[0].child.id, f.baby);
        assert_eq!(caseload[0].named_practitioner, "Sam Health-Visitor");
        assert_eq!(caseload[0].overnight_away, 1);
    }

    #[test]
    fn one_father_is_one_record_linked_to_all_his_children() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let f = child_k_family(&store);
        let children: Vec<PersonId> = store
            .read(|r| r.children_of(f.father))
            .unwrap()
            .into_iter()
            .map(|(_, c)| c.id)
            .collect();
        assert_eq!(children, [f.baby, f.half_sister]);
        let view = store.read(|r| r.person_view(f.father)).unwrap();
        let linked: Vec<(PersonId, bool)> = view
            .children
            .iter()
            .map(|c| (c.child.id, c.on_caseload))
            .collect();
        assert_eq!(linked, [(f.baby, true), (f.half_sister, false)]);
        assert!(view.home.unwrap().details.summary().contains("Mill Street"));
        let labels: Vec<&str> = view
            .relationships
            .iter()
            .map(|(r, _)| r.label_seen_from(f.father))
            .collect();
        assert_eq!(labels, ["Child", "Child"], "seen from the father");
        let from_baby = store.read(|r| r.relationships_of(f.baby)).unwrap();
        let father_link = from_baby
            .iter()
            .find(|r| r.other(f.baby) == f.father)
            .unwrap();
        assert_eq!(father_link.label_seen_from(f.baby), "Birth father");
        assert_eq!(father_link.label_seen_from(f.father), "Child");
    }

    #[test]
    fn impossible_relationships_are_refused_and_write_nothing() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let f = child_k_family(&store);
        let audit_before = store
            .read(|r| r.audit_events("person", None))
            .unwrap()
            .len();
        let refuse = |r: NewRelationship, expect: &str| {
            let err = store
                .write(&nurse(), |w| w.add_relationship(&r))
                .unwrap_err();
            assert_eq!(err.code(), "invalid_input");
            assert!(err.to_string().contains(expect), "{err}");
        };
        refuse(
            relate(f.partner, RelationshipKind::BirthFather, f.baby),
            "already has a birth father",
        );
        refuse(
            relate(f.father, RelationshipKind::BirthFather, f.baby),
            "already recorded",
        );
        refuse(
            relate(f.baby, RelationshipKind::BirthFather, f.father),
            "go round in a circle",
        );
        refuse(
            relate(f.baby, RelationshipKind::Grandparent, f.mother),
            "go round in a circle",
        );
        refuse(
            relate(f.mother, RelationshipKind::Partner, f.mother),
            "themselves",
        );
        // A valid relationship still goes through, and is the only thing audited.
        store
            .write(&nurse(), |w| {
                w.add_relationship(&relate(
                    f.half_sister,
                    RelationshipKind::FullSibling,
                    f.partner,
                ))
            })
            .unwrap();
        assert_eq!(
            store
                .read(|r| r.audit_events("person", None))
                .unwrap()
                .len(),
            audit_before + 2,
            "one audit row for each end of the one successful relationship"
        );
    }

    #[test]
    fn moving_home_keeps_the_old_address_as_history() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let f = child_k_family(&store);
        let new_home = store
            .write(&nurse(), |w| {
                let h = w.add_household(
                    &HouseholdDraft {
                        postcode: "ZZ99 3VZ".into(),
                        ..Default::default()
                    }
                    .validate()
                    .unwrap(),
                )?;
                w.move_into(f.father, h, Some(today()), &said_by(Source::Father))?;
                Ok(h)
            })
            .unwrap();
        let home = store.read(|r| r.current_home(f.father)).unwrap().unwrap();
        assert_eq!(home.id, new_home);
        assert_eq!(home.details.summary(), "No fixed abode (ZZ99 3VZ)");
        let ended: i64 = lock(&store.reader)
            .query_row(
                "SELECT count(*) FROM household_member WHERE person_id = ?1 AND end_date IS NOT NULL",
                [f.father.0],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(ended, 1);
    }

    #[test]
    fn merging_a_duplicate_moves_everything_and_keeps_both_histories() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let f = child_k_family(&store);
        // The father was added again by someone else, as the father of another baby.
        let (dup, other_baby) = store
            .write(&nurse(), |w| {
                let d = PersonDraft {
                    given_name: "Deano".into(),
                    family_name: "Brown".into(),
                    sex: "male".into(),
                    birth_date: "1995-02-11".into(),
                    nhs_number: "999 000 0018".into(),
                    source: "father".into(),
                    ..Default::default()
                }
                .validate(today())
                .unwrap();
                let dup = w.add_person(&d)?;
                let own_flat = w.add_household(
                    &HouseholdDraft {
                        postcode: "NG7 2BB".into(),
                        ..Default::default()
                    }
                    .validate()
                    .unwrap(),
                )?;
                w.move_into(dup, own_flat, None, &said_by(Source::Father))?;
                let baby = add(w, "Ava", "female", "2026-10-01")?;
                w.add_relationship(&relate(dup, RelationshipKind::BirthFather, baby))?;
                Ok((dup, baby))
            })
            .unwrap();
        let suspects: Vec<PersonId> = store
            .read(|r| r.duplicates_of(f.father))
            .unwrap()
            .into_iter()
            .map(|m| m.person.id)
            .collect();
        assert_eq!(
            suspects,
            [dup],
            "same surname and birth date, similar first name"
        );
        store
            .write(&nurse(), |w| w.merge_people(f.father, dup))
            .unwrap();
        assert!(store
            .read(|r| r.duplicates_of(f.father))
            .unwrap()
            .is_empty());
        let kept = store.read(|r| r.person(f.father)).unwrap();
        assert_eq!(
            kept.details.nhs_number.unwrap().digits(),
            "9990000018",
            "the NHS number moved to the record kept"
        );
        let current_homes: i64 = lock(&store.reader)
            .query_row(
                "SELECT count(*) FROM household_member WHERE person_id = ?1 AND end_date IS NULL",
                [f.father.0],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(current_homes, 1, "one current home after merging");

        let children: Vec<PersonId> = store
            .read(|r| r.children_of(f.father))
            .unwrap()
            .into_iter()
            .map(|(_, c)| c.id)
            .collect();
        assert_eq!(children, [f.baby, f.half_sister, other_baby]);
        assert_eq!(
            store.read(|r| r.person(dup)).unwrap().merged_into,
            Some(f.father)
        );
        let history: Vec<String> = store
            .read(|r| r.person_history(f.father))
            .unwrap()
            .into_iter()
            .map(|e| format!("{}:{}", e.record_id.unwrap_or_default(), e.action))
            .collect();
        assert!(
            history.contains(&format!("{dup}:person.create")),
            "{history:?}"
        );
        assert!(
            history.contains(&format!("{}:person.merge", f.father)),
            "{history:?}"
        );
        let merges = history.iter().filter(|h| h.ends_with("person.merge"));
        assert_eq!(merges.count(), 1, "the merge is told once: {history:?}");
        let found: Vec<PersonId> = store
            .read(|r| r.search_people("deano", 10))
            .unwrap()
            .into_iter()
            .map(|m| m.person.id)
            .collect();
        assert_eq!(found, [f.father], "the merged record is no longer found");

        let err = store
            .write(&nurse(), |w| w.merge_people(f.mother, f.baby))
            .unwrap_err();
        assert!(err.to_string().contains("related to each other"), "{err}");
        // The mother's address is withheld from the father: they cannot be one person either.
        let err = store
            .write(&nurse(), |w| w.merge_people(f.mother, f.father))
            .unwrap_err();
        assert!(err.to_string().contains("related to each other"), "{err}");
        let err = store
            .write(&nurse(), |w| w.merge_people(f.father, dup))
            .unwrap_err();
        assert!(
            err.to_string().contains("merged into person"),
            "a merged record cannot be merged again: {err}"
        );
    }

    #[test]
    fn parents_who_are_partners_are_parents_first_and_ended_links_say_so() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let f = child_k_family(&store);
        let foster = store
            .write(&nurse(), |w| {
                w.add_relationship(&relate(f.father, RelationshipKind::Partner, f.mother))?;
                let foster = add(w, "Jo", "female", "1970-01-01")?;
                let mut r = relate(foster, RelationshipKind::FosterCarer, f.baby);
                r.parental_responsibility = Some(Answer::Yes);
                let id = w.add_relationship(&r)?;
                w.end_relationship(id, today())?;
                Ok(foster)
            })
            .unwrap();
        let net = store.read(|r| r.family_network(f.baby)).unwrap();
        assert_eq!(net.member(f.father).unwrap().roles(f.baby), "Birth father");
        assert_eq!(net.member(f.mother).unwrap().roles(f.baby), "Birth mother");
        let jo = net.member(foster).unwrap();
        assert_eq!(jo.roles(f.baby), "Foster carer (ended)");
        assert_eq!(
            jo.parental_responsibility, None,
            "ended links give no parental responsibility"
        );
    }

    #[test]
    fn birth_parents_do_not_end_but_partners_do() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let f = child_k_family(&store);
        let rels = store.read(|r| r.relationships_of(f.mother)).unwrap();
        let birth = rels
            .iter()
            .find(|r| r.details.kind == RelationshipKind::BirthMother)
            .unwrap();
        let err = store
            .write(&nurse(), |w| w.end_relationship(birth.id, today()))
            .unwrap_err();
        assert!(err.to_string().contains("stays a birth parent"));
        let partner = rels
            .iter()
            .find(|r| r.details.kind == RelationshipKind::Partner)
            .unwrap();
        store
            .write(&nurse(), |w| w.end_relationship(partner.id, today()))
            .unwrap();
        let net = store.read(|r| r.family_network(f.baby)).unwrap();
        assert!(
            net.member(f.partner).is_none(),
            "an ended partner is no longer the mother's partner"
        );
        let ended = store.read(|r| r.relationships_of(f.partner)).unwrap();
        assert_eq!(ended[0].end_date, Some(today()));
    }
}

mod search {
    use super::*;
    use crate::household::HouseholdDraft;
    use crate::person::{PersonDraft, PersonId};
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn add(
        store: &Store,
        given: &str,
        family: &str,
        born: &str,
        nhs: &str,
        postcode: &str,
    ) -> PersonId {
        store
            .write(&nurse(), |w| {
                let d = PersonDraft {
                    given_name: given.into(),
                    family_name: family.into(),
                    birth_date: born.into(),
                    nhs_number: nhs.into(),
                    source: "mother".into(),
                    ..Default::default()
                }
                .validate(today())
                .unwrap();
                let id = w.add_person(&d)?;
                if !postcode.is_empty() {
                    let h = HouseholdDraft {
                        postcode: postcode.into(),
                        ..Default::default()
                    };
                    let h = w.add_household(&h.validate().unwrap())?;
                    w.move_into(id, h, None, &d.provenance)?;
                }
                Ok(id)
            })
            .unwrap()
    }

    fn found(store: &Store, typed: &str) -> Vec<PersonId> {
        store
            .read(|r| r.search_people(typed, 20))
            .unwrap()
            .into_iter()
            .map(|m| m.person.id)
            .collect()
    }

    #[test]
    fn by_name_accents_typos_and_prefixes() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let zoe = add(&store, "Zoë", "Brown", "2026-09-27", "", "");
        let john = add(&store, "John", "Smith", "1990-01-01", "", "");
        let lukasz = add(&store, "Łukasz", "Nowak", "1992-03-03", "", "");
        assert_eq!(found(&store, "zoe"), [zoe]);
        assert_eq!(found(&store, "ZOË BROWN"), [zoe]);
        assert_eq!(found(&store, "jon smith"), [john]);
        assert_eq!(found(&store, "smi"), [john]);
        assert_eq!(found(&store, "lukasz"), [lukasz]);
        assert!(found(&store, "xavier").is_empty());
        assert!(found(&store, "").is_empty());
    }

    #[test]
    fn by_nhs_number_birth_date_and_postcode() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let kai = add(
            &store,
            "Kai",
            "Brown",
            "2026-09-27",
            "999 000 0018",
            "NG7 2BB",
        );
        let amy = add(&store, "Amy", "Brown", "1998-05-01", "", "NG7 3DE");
        assert_eq!(found(&store, "9990000018"), [kai]);
        assert_eq!(found(&store, "27/09/2026"), [kai]);
        assert_eq!(found(&store, "ng7 2bb"), [kai]);
        assert_eq!(
            found(&store, "NG7"),
            [kai, amy],
            "in postcode order: 2BB, then 3DE"
        );
    }

    #[test]
    fn renaming_someone_re_indexes_them() {
        let (_dir, path) = temp_db();
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        let id = add(&store, "Siân", "Jones", "", "", "");
        let mut d = store.read(|r| r.person(id)).unwrap().details;
        d.family_name = "Evans".into();
        store.write(&nurse(), |w| w.update_person(id, &d)).unwrap();
        assert_eq!(found(&store, "sian evans"), [id]);
        assert!(found(&store, "jones").is_empty());
    }

    #[test]
    fn the_migration_indexes_people_recorded_before_it() {
        let (_dir, path) = temp_db();
        {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            let mut conn = raw(&path);
            migrations::all().to_version(&mut conn, 2).unwrap();
            conn.execute(
                "INSERT INTO person (name_status, given_name, family_name, search_name, source,
                     created_at, created_by, updated_at, updated_by)
                 VALUES ('known', 'Zoë', 'Brown', 'zoe brown', 'mother', '', '', '', '')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path, &crate::keys::test_key()).unwrap();
        assert_eq!(found(&store, "brown zoe"), [PersonId(1)]);
    }
}

#[test]
fn a_snapshot_puts_together_the_same_networks_as_reading_each_one() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    // Enough families for the caseload to be put together on more than one thread.
    crate::demo::fill(&store, &nurse(), today, 600, 11).unwrap();
    store
        .read(|r| {
            let mut ids: Vec<crate::person::PersonId> =
                r.caseload()?.iter().map(|c| c.child.id).collect();
            ids.sort();
            assert_eq!(ids.len(), 600);
            let together = r.family_networks(&ids)?;
            let caseload = r.caseload_networks()?;
            assert_eq!(
                caseload.iter().map(|n| n.child.id).collect::<Vec<_>>(),
                ids,
                "every child once, in order"
            );
            for ((id, network), threaded) in ids.iter().zip(&together).zip(&caseload) {
                let alone = format!("{:?}", r.family_network(*id)?);
                assert_eq!(alone, format!("{network:?}"), "child {id}");
                assert_eq!(alone, format!("{threaded:?}"), "child {id}");
            }
            Ok(())
        })
        .unwrap();
    // Read beside the gap records on a second connection: the same networks, each handed the
    // records read alongside.
    let alone: Vec<String> = store
        .read(|r| r.caseload_networks())
        .unwrap()
        .iter()
        .map(|n| format!("{n:?}"))
        .collect();
    let beside: Vec<String> = store
        .map_caseload_networks_with(
            |r| r.all_gap_records(),
            |n, records| {
                let _ = records.get(&n.child.id);
                Ok(format!("{n:?}"))
            },
        )
        .unwrap();
    assert_eq!(alone, beside);
}

#[test]
fn reads_alongside_each_other_see_the_same_moment_while_another_program_writes() {
    let (_dir, path) = temp_db();
    let store = Store::open(&path, &crate::keys::test_key()).unwrap();
    store
        .write(&nurse(), |w| w.save_clinic_settings(&settings("Start")))
        .unwrap();
    let count = |r: &Reader<'_>| -> Result<i64> {
        Ok(r.tx.query_row("SELECT count(*) FROM audit_event", [], |row| row.get(0))?)
    };
    let stop = std::sync::atomic::AtomicBool::new(false);
    // Stops the other program however this scope ends, so a failed assertion is reported
    // instead of waiting for ever on a writer that never stops.
    struct StopOnDrop<'a>(&'a std::sync::atomic::AtomicBool);
    impl Drop for StopOnDrop<'_> {
        fn drop(&mut self) {
            self.0.store(true, std::sync::atomic::Ordering::Relaxed);
        }
    }
    std::thread::scope(|scope| {
        let _stop = StopOnDrop(&stop);
        // Another program (its own connections) writing as fast as it can.
        let writer = scope.spawn(|| {
            let other = Store::open(&path, &crate::keys::test_key()).unwrap();
            let mut writes = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                other
                    .write(&nurse(), |w| w.save_clinic_settings(&settings("Again")))
                    .unwrap();
                writes += 1;
            }
            writes
        });
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..20 {
            let (here, there) = store
                .read_alongside(
                    |r| {
                        let first = count(r)?;
                        std::thread::sleep(std::time::Duration::from_millis(2));
                        Ok((first, count(r)?))
                    },
                    |r| {
                        std::thread::sleep(std::time::Duration::from_millis(1));
                        count(r)
                    },
                )
                .unwrap();
            assert_eq!(here.0, here.1, "one snapshot on the main reader");
            assert_eq!(here.0, there, "both readers at the same moment");
            seen.insert(there);
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        assert!(writer.join().unwrap() > 0);
        assert!(
            seen.len() > 1,
            "the writes went on between the reads: {seen:?}"
        );
        // A writer that never pauses holds the lock most of the time, so some of those reads
        // ran on one thread; with the other program gone, they run side by side again and
        // still agree.
        let (here, there) = store.read_alongside(count, count).unwrap();
        assert_eq!(here, there);
    });
    // An error on either side is the answer, and the store goes on working.
    let refused = store.read_alongside(
        |r| count(r),
        |r| -> Result<i64> {
            Ok(r.tx.query_row("SELECT nothing FROM nowhere", [], |row| row.get(0))?)
        },
    );
    assert!(refused.is_err());
    assert!(store.read(|r| count(r)).unwrap() > 0);
}
