//! Tests of the family-network file: a round trip into a fresh database gives the same
//! networks, and a bad file is refused with its record named and nothing written.

use super::*;
use crate::actor::Role;
use crate::family::FamilyNetwork;
use crate::store::Reader;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
}

fn admin() -> Actor {
    Actor::new("cli:test", Role::Practitioner)
}

struct Db {
    _dir: tempfile::TempDir,
    store: Store,
}

fn fresh() -> Db {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("k.db"), &crate::keys::test_key()).unwrap();
    Db { _dir: dir, store }
}

fn demo(families: u32) -> Db {
    let db = fresh();
    crate::demo::fill(&db.store, &admin(), today(), families, 1).unwrap();
    db
}

fn export_all(store: &Store) -> ExchangeFile {
    store.read(|r| export(r, None)).unwrap()
}

fn caseload_children(store: &Store) -> Vec<Person> {
    store
        .read(|r| r.caseload())
        .unwrap()
        .into_iter()
        .map(|c| c.child)
        .collect()
}

/// A person as others would see them, without their id.
fn who(r: &Reader<'_>, id: PersonId) -> String {
    let p = r.person(id).unwrap();
    format!("{:?}", p.details)
}

fn home_text(h: &Option<Household>) -> String {
    h.as_ref()
        .map_or_else(|| "no home".to_owned(), |h| format!("{:?}", h.details))
}

/// Everything in a child's network, with ids replaced by what they point at, sorted where
/// the order would depend on ids.
fn describe(r: &Reader<'_>, network: &FamilyNetwork) -> Vec<String> {
    let child = network.child.id;
    let mut lines = vec![
        format!("child {:?}", network.child.details),
        format!(
            "caseload {:?}",
            network.caseload.as_ref().map(|c| &c.named_practitioner)
        ),
        format!("main home {}", home_text(&network.main_home)),
    ];
    let mut members: Vec<String> = network
        .members
        .iter()
        .map(|m| {
            let mut others: Vec<String> = m
                .other_children
                .iter()
                .map(|o| {
                    format!(
                        "{:?} {} {} caseload={}",
                        o.person.details,
                        o.relationship.label_seen_from(m.person.id),
                        home_text(&o.home),
                        o.on_caseload
                    )
                })
                .collect();
            others.sort();
            format!(
                "member {:?} roles={} pr={:?} home={} with_child={} others={others:?}",
                m.person.details,
                m.roles(child),
                m.parental_responsibility,
                home_text(&m.home),
                m.lives_with_child
            )
        })
        .collect();
    members.sort();
    lines.extend(members);
    let mut care: Vec<String> = network
        .care
        .iter()
        .map(|c| {
            let mut details = c.arrangement.details.clone();
            details.child = PersonId(0);
            details.carer = PersonId(0);
            details.place = None;
            format!(
                "care by {:?} at {} away={} {details:?} ended={:?}",
                c.carer.details,
                home_text(&c.place),
                c.overnight_away,
                c.arrangement.end_date
            )
        })
        .collect();
    care.sort();
    lines.extend(care);
    let mut restrictions: Vec<String> = network
        .restrictions
        .iter()
        .map(|s| {
            format!(
                "restriction {} about {} from {} because {}",
                s.fact.code(),
                who(r, s.subject),
                who(r, s.withheld_from),
                s.reason
            )
        })
        .collect();
    restrictions.sort();
    lines.extend(restrictions);
    let mut links: Vec<String> = network
        .links
        .iter()
        .map(|l| {
            let mut details = l.details.clone();
            details.from = PersonId(0);
            details.to = PersonId(0);
            format!(
                "link {} -> {} {details:?} ended={:?}",
                who(r, l.details.from),
                who(r, l.details.to),
                l.end_date
            )
        })
        .collect();
    links.sort();
    lines.extend(links);
    lines
}

fn described(store: &Store, child: PersonId) -> Vec<String> {
    store
        .read(|r| Ok(describe(r, &r.family_network(child)?)))
        .unwrap()
}

/// The same child in another database, found by NHS number.
fn counterpart(store: &Store, child: &Person) -> PersonId {
    let nhs = child.details.nhs_number.as_ref().unwrap();
    store
        .read(|r| r.person_with_nhs_number(nhs))
        .unwrap()
        .unwrap()
        .id
}

#[test]
fn everything_round_trips_into_a_fresh_database() {
    let from = demo(30);
    let file = export_all(&from.store);
    let text = file.to_json().unwrap();
    let read_back = ExchangeFile::from_json(&text).unwrap();
    assert_eq!(read_back, file);

    let to = fresh();
    let summary = import(&to.store, &admin(), today(), &read_back).unwrap();
    assert_eq!(summary.people, file.people.len());
    assert_eq!(summary.homes, file.homes.len());
    assert_eq!(summary.relationships, file.relationships.len());
    assert_eq!(summary.caseload, 30);

    let children = caseload_children(&from.store);
    assert_eq!(children.len(), 30);
    assert_eq!(caseload_children(&to.store).len(), 30);
    for child in &children {
        let before = described(&from.store, child.id);
        let after = described(&to.store, counterpart(&to.store, child));
        assert_eq!(before, after, "the network of {:?}", child.details);
    }

    // Exporting the copy gives the same file apart from ids and the time.
    let again = export_all(&to.store);
    assert_eq!(again.people.len(), file.people.len());
    assert_eq!(again.memberships.len(), file.memberships.len());
    assert_eq!(again.care.len(), file.care.len());
    assert_eq!(again.restrictions.len(), file.restrictions.len());
}

#[test]
fn one_childs_network_round_trips_with_the_father_shared_with_another_family() {
    let from = demo(10);
    // The fifth family's baby shares a father with the fourth family's baby.
    let child = from
        .store
        .read(|r| {
            for c in r.caseload()? {
                let n = r.family_network(c.child.id)?;
                if n.members
                    .iter()
                    .any(|m| m.other_children.iter().any(|o| o.on_caseload))
                {
                    return Ok(Some(c.child));
                }
            }
            Ok(None)
        })
        .unwrap()
        .expect("a child whose father has another child on the caseload");
    let file = from.store.read(|r| export(r, Some(child.id))).unwrap();
    assert!(file.people.len() < export_all(&from.store).people.len());

    let to = fresh();
    import(&to.store, &admin(), today(), &file).unwrap();
    let before = described(&from.store, child.id);
    let after = described(&to.store, counterpart(&to.store, &child));
    assert_eq!(before, after);
    assert!(before.iter().any(|l| l.contains("caseload=true")));
}

#[test]
fn an_import_is_audited_like_any_other_change() {
    let from = demo(3);
    let to = fresh();
    import(&to.store, &admin(), today(), &export_all(&from.store)).unwrap();
    let events = to.store.read(|r| r.audit_events("exchange", None)).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].action, "exchange.import");
    assert_eq!(events[0].actor, "cli:test");
    let people = to.store.read(|r| r.audit_events("person", None)).unwrap();
    assert!(people.iter().any(|e| e.action == "person.create"));
}

/// How much is in a database: people and audit rows.
fn size(store: &Store) -> (usize, usize) {
    store
        .read(|r| {
            let people = r.current_person_ids()?.len();
            let mut audit = 0;
            for kind in ["person", "household", "exchange", "settings"] {
                audit += r.audit_events(kind, None)?.len();
            }
            Ok((people, audit))
        })
        .unwrap()
}

fn messages(e: Error) -> Vec<String> {
    match e {
        Error::Invalid(invalid) => invalid.errors.into_iter().map(|e| e.message).collect(),
        other => panic!("expected a list of problems, got {other:?}"),
    }
}

/// Imports a spoilt copy of a good file into a database that already has records, and
/// checks that nothing at all was written and that the problem names `expected`.
fn refused(spoil: impl Fn(&mut ExchangeFile), expected: &str) {
    let from = demo(10);
    let mut file = export_all(&from.store);
    spoil(&mut file);
    let to = demo(1);
    // The target already has its own records, with NHS numbers the file does not use.
    let before = size(&to.store);
    let shifted = to.store.read(|r| r.current_person_ids()).unwrap();
    assert!(!shifted.is_empty());
    let err = import(&to.store, &admin(), today(), &file);
    let problems = match err {
        Ok(_) => panic!("a file with {expected:?} was imported"),
        Err(e) => messages(e),
    };
    assert!(
        problems.iter().any(|p| p.contains(expected)),
        "{problems:#?} should mention {expected:?}"
    );
    assert_eq!(size(&to.store), before, "nothing may be written");
}

/// The target databases of [`refused`] hold one demo family whose NHS numbers would clash
/// with the file's; give the file's people other numbers first.
fn renumbered(file: &mut ExchangeFile) {
    for (n, p) in file.people.iter_mut().enumerate() {
        if p.nhs_number.is_some() {
            let first_nine = 999_500_000 + u32::try_from(n).unwrap() * 2;
            let nhs = NhsNumber::from_first_nine(first_nine)
                .or_else(|| NhsNumber::from_first_nine(first_nine + 1))
                .unwrap();
            p.nhs_number = Some(nhs.digits().to_owned());
        }
    }
}

#[test]
fn a_bad_nhs_number_is_named_with_its_record() {
    refused(
        |f| {
            renumbered(f);
            f.people[3].nhs_number = Some("9434765918".into());
        },
        "people[3] (id 4) nhs_number: NHS number 943 476 5918 is not valid: check the last digit",
    );
}

#[test]
fn a_bad_postcode_is_named_with_its_record() {
    refused(
        |f| {
            renumbered(f);
            f.homes[1].postcode = Some("NG1 1CA".into());
        },
        "homes[1] (id 2) postcode:",
    );
}

#[test]
fn an_nhs_number_already_in_the_database_is_refused() {
    // Not renumbered: the first family of the file is the target's own family.
    refused(
        |_| {},
        "people[0] (id 1) nhs_number: NHS number 999 000 0018 is already recorded",
    );
}

#[test]
fn the_same_nhs_number_twice_in_the_file_is_refused() {
    refused(
        |f| {
            renumbered(f);
            let first = f.people[0].nhs_number.clone();
            f.people[1].nhs_number = first;
        },
        "people[1] (id 2) nhs_number: people[0] (id 1) has the same NHS number",
    );
}

#[test]
fn a_dangling_id_is_refused() {
    refused(
        |f| {
            renumbered(f);
            f.relationships[2].to = 4242;
        },
        "to: there is no person with id 4242 in this file",
    );
    refused(
        |f| {
            renumbered(f);
            f.memberships[0].home = 77;
        },
        "memberships[0] (person 1, home 77) home: there is no home with id 77 in this file",
    );
}

#[test]
fn a_duplicate_id_is_refused() {
    refused(
        |f| {
            renumbered(f);
            f.people[5].id = f.people[4].id;
        },
        "people[5] (id 5) id: people[4] has the same id",
    );
}

#[test]
fn codes_not_on_the_lists_are_refused_with_the_choices() {
    refused(
        |f| {
            renumbered(f);
            f.relationships[0].kind = "uncle".into();
        },
        "kind: \"uncle\" is not a relationship kind Kinfold knows (use one of birth_mother",
    );
    refused(
        |f| {
            renumbered(f);
            f.care[0].kind = "weekly".into();
        },
        "care[0]",
    );
    refused(
        |f| {
            renumbered(f);
            f.people[0].source = String::new();
        },
        "people[0] (id 1) source: Choose where this information came from",
    );
}

#[test]
fn a_birth_parent_link_that_ends_is_refused() {
    refused(
        |f| {
            renumbered(f);
            let i = f
                .relationships
                .iter()
                .position(|r| r.kind == "birth_mother")
                .unwrap();
            f.relationships[i].end_date = Some("2026-01-01".into());
        },
        "end_date: a birth_mother link never ends",
    );
}

#[test]
fn a_relationship_the_store_refuses_writes_nothing_at_all() {
    // A second birth mother is only found while writing, after every person was added: the
    // whole transaction must go.
    refused(
        |f| {
            renumbered(f);
            let mother = f
                .relationships
                .iter()
                .find(|r| r.kind == "birth_mother")
                .unwrap()
                .clone();
            let other_woman = f
                .people
                .iter()
                .find(|p| p.sex == "female" && p.id != mother.from && p.id != mother.to)
                .unwrap()
                .id;
            let mut second = mother;
            second.from = other_woman;
            f.relationships.push(second);
        },
        "already has a birth mother recorded",
    );
    // A circle of parents: the baby's grandparent is made the baby's child.
    refused(
        |f| {
            renumbered(f);
            let gp = f
                .relationships
                .iter()
                .find(|r| r.kind == "grandparent")
                .unwrap()
                .clone();
            let mut back = gp.clone();
            back.from = gp.to;
            back.to = gp.from;
            back.kind = "birth_father".into();
            f.relationships.push(back);
        },
        "would go round in a circle",
    );
}

#[test]
fn the_refused_relationship_is_named_by_its_place_in_the_file() {
    let from = demo(2);
    let mut file = export_all(&from.store);
    let mother = file
        .relationships
        .iter()
        .find(|r| r.kind == "birth_mother")
        .unwrap()
        .clone();
    let mut twice = mother.clone();
    twice.parental_responsibility = Some("no".into());
    file.relationships.push(twice);
    let index = file.relationships.len() - 1;
    let to = fresh();
    let problems = messages(import(&to.store, &admin(), today(), &file).unwrap_err());
    let expected = format!(
        "relationships[{index}] (from {} to {}) kind: ",
        mother.from, mother.to
    );
    assert!(problems[0].starts_with(&expected), "{problems:?}");
    assert_eq!(size(&to.store), (0, 0));
}

#[test]
fn every_problem_is_listed_at_once() {
    let from = demo(3);
    let mut file = export_all(&from.store);
    file.people[0].birth_date = Some("2099-01-01".into());
    file.people[1].email = "not an email".into();
    file.homes[0].postcode = Some("X1 1AA".into());
    file.care[0].frequency = "a\nb".into();
    file.restrictions.push(RestrictionRecord {
        subject: file.people[0].id,
        withheld_from: file.people[0].id,
        fact: "address".into(),
        reason: String::new(),
        ended_on: None,
    });
    let to = fresh();
    let problems = messages(import(&to.store, &admin(), today(), &file).unwrap_err());
    for expected in [
        "people[0] (id 1) birth_date: Date of birth cannot be in the future",
        "people[1] (id 2) email:",
        "homes[0] (id 1) postcode:",
        "care[0] (child ",
        "withheld_from: must be someone other than",
        "reason: give the reason",
    ] {
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with(expected) || p.contains(expected)),
            "{problems:#?} should mention {expected:?}"
        );
    }
    assert_eq!(size(&to.store), (0, 0));
}

#[test]
fn files_that_are_not_ours_are_refused_before_reading_records() {
    let good = export_all(&demo(1).store).to_json().unwrap();
    let cases = [
        ("{\"format\": \"kinfold-family-network\", \"version\": 1,", "not valid JSON"),
        ("[1, 2]", "must hold one JSON object"),
        ("{\"version\": 1}", "it has no \"format\""),
        (
            "{\"format\": \"gedcom\", \"version\": 1}",
            "its format is \"gedcom\", not \"kinfold-family-network\"",
        ),
        (
            "{\"format\": \"kinfold-family-network\", \"version\": 2, \"exported_at\": \"\", \"children\": []}",
            "version 2 of the format, written by a newer Kinfold",
        ),
        (
            "{\"format\": \"kinfold-family-network\", \"version\": \"1\"}",
            "version must be a whole number",
        ),
    ];
    for (text, expected) in cases {
        let problems = messages(ExchangeFile::from_json(text).unwrap_err());
        assert!(
            problems[0].contains(expected),
            "{text}: {problems:?} should mention {expected:?}"
        );
    }

    let unknown_field = good.replacen("\"known_as\"", "\"nickname\"", 1);
    let problems = messages(ExchangeFile::from_json(&unknown_field).unwrap_err());
    assert!(
        problems[0].starts_with("people[0] (id 1) nickname: unknown field `nickname`"),
        "{problems:?}"
    );
    let wrong_type = good.replacen("\"id\": 1,", "\"id\": \"one\",", 1);
    let problems = messages(ExchangeFile::from_json(&wrong_type).unwrap_err());
    assert!(
        problems[0].starts_with("people[0] (id ?) id: invalid type: string \"one\""),
        "{problems:?}"
    );
    let unknown_section = good.replacen("\"people\"", "\"persons\"", 1);
    let problems = messages(ExchangeFile::from_json(&unknown_section).unwrap_err());
    assert!(
        problems[0].contains("unknown field `persons`"),
        "{problems:?}"
    );

    // A file built in code is checked too.
    let mut file = ExchangeFile::from_json(&good).unwrap();
    file.version = 9;
    let to = fresh();
    let problems = messages(import(&to.store, &admin(), today(), &file).unwrap_err());
    assert!(problems[0].contains("version 9"), "{problems:?}");
}

#[test]
fn a_small_hand_written_file_needs_only_what_matters() {
    let text = r#"{
        "format": "kinfold-family-network",
        "version": 1,
        "exported_at": "2026-11-29T09:00:00Z",
        "people": [
            {"id": 1, "given_name": "Zoë", "family_name": "Brown", "birth_date": "2026-09-27",
             "sex": "female", "nhs_number": "999 000 0018", "source": "birth_registration"},
            {"id": 2, "given_name": "Amy", "family_name": "Brown", "estimated_birth_year": 1998,
             "source": "mother"},
            {"id": 3, "name_status": "not_given", "sex": "male", "source": "mother"}
        ],
        "homes": [
            {"id": 10, "postcode": "ZZ99 3VZ", "description": "Sofa-surfing"}
        ],
        "memberships": [
            {"person": 1, "home": 10, "source": "mother"},
            {"person": 2, "home": 10, "source": "mother"}
        ],
        "caseload": [{"child": 1, "main_home": 10, "named_practitioner": "Sam"}],
        "relationships": [
            {"from": 2, "to": 1, "kind": "birth_mother", "parental_responsibility": "yes",
             "source": "birth_registration"},
            {"from": 3, "to": 1, "kind": "birth_father", "source": "mother"}
        ],
        "restrictions": [
            {"subject": 2, "withheld_from": 3, "fact": "address", "reason": "Court order"}
        ]
    }"#;
    let file = ExchangeFile::from_json(text).unwrap();
    let db = fresh();
    let summary = import(&db.store, &admin(), today(), &file).unwrap();
    let child = summary.person_ids[&1];
    let network = db.store.read(|r| r.family_network(child)).unwrap();
    assert_eq!(network.child.details.given_name, "Zoë");
    assert_eq!(
        network
            .main_home
            .as_ref()
            .and_then(|h| h.details.postcode.clone()),
        Some(crate::identifiers::Postcode::NoFixedAbode)
    );
    assert_eq!(network.at_main_home().count(), 1);
    assert_eq!(network.restrictions.len(), 1);
    let father = network.member(summary.person_ids[&3]).unwrap();
    assert_eq!(father.parental_responsibility, Some(Answer::NotKnown));
    assert_eq!(father.person.details.display_name(), "Name not given");
}

#[test]
fn the_example_in_the_documentation_imports() {
    let page = include_str!("../../../../docs/family-network-json.md");
    let example = page
        .split("```json")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("the page has a JSON example");
    let file = ExchangeFile::from_json(example).unwrap();
    let db = fresh();
    let summary = import(&db.store, &admin(), today(), &file).unwrap();
    assert_eq!((summary.people, summary.homes, summary.care), (3, 2, 1));
    let network = db
        .store
        .read(|r| r.family_network(summary.person_ids[&1]))
        .unwrap();
    assert_eq!(network.overnight_away().count(), 1);
    assert_eq!(network.restrictions.len(), 1);
}
