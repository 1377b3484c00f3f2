//! The real `kinfold-cli` binary against temporary database files: setting up, a
//! demonstration caseload exported and imported into another database, backups made and
//! restored, and wrong arguments, wrong passwords and bad files refused with the right exit
//! status and nothing changed. The keys go into the real Secret Service: run these through
//! `cargo xtask test`, which starts an unlocked gnome-keyring for them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use kinfold_core::identifiers::NhsNumber;
use serde_json::Value;

const BIN: &str = env!("CARGO_BIN_EXE_kinfold-cli");

const PASSWORD: &str = "tea kettle garden";

fn cli(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("KINFOLD_DB")
        .env("USER", "tester")
        .env("KINFOLD_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .output()
        .expect("run kinfold-cli")
}

/// Makes a new database at `db` with `tester` as its admin; returns the recovery key printed.
fn set_up(db: &Path) -> String {
    let out = cli(&["--db", path(db), "setup", "--name", "Test Admin"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let key = stdout
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 65 && l.matches('-').count() == 10)
        .unwrap_or_else(|| panic!("no recovery key in: {stdout}"));
    key.to_owned()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("temporary paths are text")
}

/// Exports everything from `db` and returns it without the time it was written.
fn export(db: &Path) -> Value {
    let out = cli(&["--db", path(db), "export"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut file: Value = serde_json::from_slice(&out.stdout).expect("export writes JSON");
    file["exported_at"] = Value::Null;
    file
}

fn names(file: &Value) -> Vec<String> {
    let mut names: Vec<String> = file["people"]
        .as_array()
        .expect("people")
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                p["given_name"], p["family_name"], p["nhs_number"]
            )
        })
        .collect();
    names.sort();
    names
}

struct Dir {
    dir: tempfile::TempDir,
}

impl Dir {
    fn new() -> Dir {
        Dir {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    fn join(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

#[test]
fn demo_then_export_then_import_into_another_database() {
    let dir = Dir::new();
    let first = dir.join("first.db");
    set_up(&first);
    let out = cli(&[
        "--db",
        path(&first),
        "demo",
        "--families",
        "12",
        "--seed",
        "3",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("Added 12 fictional families"));

    let file = dir.join("everything.json");
    // An existing, world-readable file is made private when the export goes into it.
    std::fs::write(&file, b"old").expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    }
    let out = cli(&["--db", path(&first), "export", "--out", path(&file)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "an export holds care records");
    }

    let second = dir.join("second.db");
    set_up(&second);
    let out = cli(&[
        "--db",
        path(&second),
        "--user",
        "tester",
        "import",
        path(&file),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("12 caseload children"));

    let before = export(&first);
    let after = export(&second);
    assert_eq!(before["format"], "kinfold-family-network");
    assert_eq!(before["version"], 1);
    assert_eq!(names(&before), names(&after));
    for section in [
        "homes",
        "memberships",
        "caseload",
        "relationships",
        "care",
        "restrictions",
    ] {
        assert_eq!(
            before[section].as_array().map(Vec::len),
            after[section].as_array().map(Vec::len),
            "{section}"
        );
    }

    // One child's network, to standard output, read back through standard input.
    let child = before["caseload"][0]["child"].to_string();
    let out = cli(&["--db", path(&first), "export", "--child", &child]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let one: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(one["people"].as_array().map_or(0, Vec::len) >= 3);
    let third = dir.join("third.db");
    set_up(&third);
    let mut import = Command::new(BIN)
        .args(["--db", path(&third), "import", "-"])
        .env("USER", "tester")
        .env("KINFOLD_PASSWORD", PASSWORD)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run kinfold-cli");
    {
        use std::io::Write;
        let mut stdin = import.stdin.take().expect("stdin");
        stdin.write_all(&out.stdout).expect("write");
    }
    let done = import.wait_with_output().expect("finish");
    assert!(done.status.success(), "{}", text(&done.stderr));
    assert_eq!(names(&export(&third)), names(&one));
}

#[test]
fn gaps_are_listed_for_the_caseload_and_for_one_child_as_text_and_json() {
    let dir = Dir::new();
    let db = dir.join("k.db");
    set_up(&db);
    let out = cli(&["--db", path(&db), "demo", "--families", "12", "--seed", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));

    let out = cli(&["--db", path(&db), "gaps", "--json"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).expect("gaps --json writes JSON");
    let children = report["children"].as_array().expect("children");
    assert_eq!(children.len(), 12, "every child on the caseload");
    let mut rules_seen = std::collections::BTreeSet::new();
    for child in children {
        let id = child["child"]["id"].as_i64().expect("child id");
        for gap in child["gaps"].as_array().expect("gaps") {
            assert_eq!(gap["child"].as_i64(), Some(id));
            let severity = gap["severity"].as_str().expect("severity");
            assert!(["urgent", "high", "medium", "low"].contains(&severity));
            assert!(gap["asks"].is_array());
            assert!(gap["about"].is_null() || gap["about"]["id"].is_i64());
            rules_seen.insert(gap["rule"].as_str().expect("rule").to_owned());
        }
    }
    assert!(
        rules_seen.len() >= 4,
        "a varied caseload shows several rules: {rules_seen:?}"
    );
    // Most at risk first: a family with an open gap is never below one with none.
    let open: Vec<bool> = children
        .iter()
        .map(|c| {
            c["gaps"]
                .as_array()
                .is_some_and(|g| g.iter().any(|g| g["state"] == "open"))
        })
        .collect();
    assert!(open.windows(2).all(|w| w[0] || !w[1]), "{open:?}");

    // One child, as text: the same gaps, one line each.
    let first = &children[0];
    let id = first["child"]["id"].as_i64().expect("id").to_string();
    let out = cli(&["--db", path(&db), "gaps", "--child", &id]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(first["child"]["name"].as_str().expect("name")),
        "{stdout}"
    );
    let gap_lines = stdout.lines().filter(|l| l.starts_with("  [")).count();
    assert_eq!(
        gap_lines,
        first["gaps"].as_array().expect("gaps").len(),
        "{stdout}"
    );

    // Someone who does not exist: exit 1, one line.
    let out = cli(&["--db", path(&db), "gaps", "--child", "999999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("The gaps could not be listed"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn packs_are_printed_for_one_person_and_for_everyone_due_and_recorded() {
    let dir = Dir::new();
    let db = dir.join("k.db");
    set_up(&db);
    let out = cli(&["--db", path(&db), "demo", "--families", "20", "--seed", "4"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let due_before = |db: &Path| -> usize {
        let out = cli(&["--db", path(db), "gaps", "--json"]);
        let report: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        report["children"]
            .as_array()
            .expect("children")
            .iter()
            .flat_map(|c| c["gaps"].as_array().cloned().unwrap_or_default())
            .filter(|g| g["rule"] == "overnight_safety_pack" && g["state"] == "open")
            .count()
    };
    let due = due_before(&db);
    assert!(
        due >= 2,
        "the demo caseload has overnight carers without the leaflets"
    );

    // Every pack that is due, one PDF each.
    let packs = dir.join("packs");
    let out = cli(&[
        "--db",
        path(&db),
        "pack",
        "--due",
        "--out-dir",
        path(&packs),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let files: Vec<_> = std::fs::read_dir(&packs).expect("out dir").collect();
    assert_eq!(files.len(), due, "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(&format!("Made {due} of {due} packs due")));
    assert_eq!(
        due_before(&db),
        0,
        "the sent-log closed every safety-leaflet gap"
    );
    for file in files {
        let bytes = std::fs::read(file.expect("entry").path()).expect("pdf");
        assert!(bytes.starts_with(b"%PDF-"));
    }
    // Nothing is due now.
    let again = dir.join("again");
    let out = cli(&[
        "--db",
        path(&db),
        "pack",
        "--due",
        "--out-dir",
        path(&again),
    ]);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("Made 0 of 0 packs due"));

    // One pack for one person, read back with pdftotext.
    let report: Value =
        serde_json::from_slice(&cli(&["--db", path(&db), "gaps", "--json"]).stdout).expect("JSON");
    let (child, adult) = report["children"]
        .as_array()
        .expect("children")
        .iter()
        .find_map(|c| {
            c["gaps"]
                .as_array()?
                .iter()
                .filter(|g| {
                    // Someone whose name is known: a pack needs it.
                    g["about"]["name"]
                        .as_str()
                        .is_some_and(|n| !n.contains("not known") && !n.contains("not given"))
                })
                .find_map(|g| Some((c["child"]["id"].as_i64()?, g["about"]["id"].as_i64()?)))
        })
        .expect("someone with a name whom a gap is about");
    let file = dir.join("one.pdf");
    let out = cli(&[
        "--db",
        path(&db),
        "pack",
        "--person",
        &adult.to_string(),
        "--child",
        &child.to_string(),
        "--out",
        path(&file),
        "--large-print",
        "--by",
        "by_hand",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("recorded as sent by hand"),
        "{}",
        text(&out.stdout)
    );
    let read = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let words = text(&read.stdout);
    assert!(
        words.contains("Dear ") && words.contains("version 1"),
        "{words}"
    );

    // Wrong arguments exit 2; a stranger exits 1 and writes nothing.
    let out = cli(&["--db", path(&db), "pack", "--person", "5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("pack --person needs --out FILE.pdf"));
    let out = cli(&[
        "--db",
        path(&db),
        "pack",
        "--due",
        "--person",
        "5",
        "--out",
        "x.pdf",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let nobody = dir.join("nobody.pdf");
    let out = cli(&[
        "--db",
        path(&db),
        "pack",
        "--person",
        "999999",
        "--out",
        path(&nobody),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(!nobody.exists());
}

#[test]
fn a_visit_checklist_is_printed_for_one_child_and_a_stranger_gets_none() {
    let dir = Dir::new();
    let db = dir.join("k.db");
    set_up(&db);
    let out = cli(&["--db", path(&db), "demo", "--families", "3", "--seed", "2"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value =
        serde_json::from_slice(&cli(&["--db", path(&db), "gaps", "--json"]).stdout).expect("JSON");
    let child = &report["children"][0]["child"];
    let (id, name) = (
        child["id"].as_i64().expect("child id"),
        child["name"].as_str().expect("child name").to_owned(),
    );
    let file = dir.join("visit.pdf");
    let out = cli(&[
        "--db",
        path(&db),
        "checklist",
        "--child",
        &id.to_string(),
        "--out",
        path(&file),
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("the visit checklist for {name}")),
        "{}",
        text(&out.stdout)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by the owner only");
    }
    let read = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext");
    let words = text(&read.stdout);
    assert!(
        words.contains(&format!("Visit checklist: {name}")) && words.contains("Still to find out"),
        "{words}"
    );

    let out = cli(&["--db", path(&db), "checklist", "--out", "x.pdf"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("checklist needs the child"));
    let nobody = dir.join("nobody.pdf");
    let out = cli(&[
        "--db",
        path(&db),
        "checklist",
        "--child",
        "999999",
        "--out",
        path(&nobody),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("No checklist was made"));
    assert!(!nobody.exists());
}

#[test]
fn the_database_can_come_from_the_environment() {
    let dir = Dir::new();
    let db = dir.join("env.db");
    set_up(&db);
    let out = Command::new(BIN)
        .args(["demo", "--families", "2"])
        .env("KINFOLD_DB", &db)
        .env("USER", "tester")
        .env("KINFOLD_PASSWORD", PASSWORD)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(db.exists());
}

#[test]
fn wrong_arguments_exit_2_with_one_line_and_the_usage() {
    let dir = Dir::new();
    let db = dir.join("k.db");
    for (args, expected) in [
        (
            vec!["--db", path(&db), "demo", "--colour", "red"],
            "unknown option --colour",
        ),
        (
            vec!["--db", path(&db), "export", "--child", "twelve"],
            "--child needs a person id",
        ),
        (
            vec!["--db", path(&db), "export", "--child"],
            "--child needs a value",
        ),
        (
            vec!["--db", path(&db), "dance"],
            "unknown command \"dance\"",
        ),
        (vec!["--db", path(&db)], "no command given"),
        (vec!["demo"], "say which database to use with --db PATH"),
        (
            vec!["--db", path(&db), "import"],
            "import needs the file to read",
        ),
    ] {
        let out = cli(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        let first = err.lines().next().unwrap_or_default();
        assert!(
            first.starts_with("kinfold-cli: ") && first.contains(expected),
            "{args:?}: {err}"
        );
        assert!(err.contains("Usage: kinfold-cli"), "{err}");
        assert!(out.stdout.is_empty());
    }
    assert!(!db.exists(), "wrong arguments must not create a database");

    let out = cli(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("KINFOLD_PASSWORD"));
}

#[test]
fn a_bad_file_exits_1_names_the_record_and_changes_nothing() {
    let dir = Dir::new();
    let db = dir.join("k.db");
    set_up(&db);
    let out = cli(&["--db", path(&db), "demo", "--families", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before = export(&db);

    // A file from another caseload with one NHS number spoilt.
    let other = dir.join("other.db");
    set_up(&other);
    assert!(cli(&[
        "--db",
        path(&other),
        "demo",
        "--families",
        "3",
        "--seed",
        "9"
    ])
    .status
    .success());
    let mut file = export(&other);
    file["exported_at"] = Value::String("2026-11-29T10:00:00Z".into());
    for (n, person) in file["people"]
        .as_array_mut()
        .expect("people")
        .iter_mut()
        .enumerate()
    {
        if !person["nhs_number"].is_null() {
            // Numbers the target database does not have yet.
            let first_nine = 999_500_000 + u32::try_from(n).expect("few people");
            person["nhs_number"] = NhsNumber::from_first_nine(first_nine)
                .map_or(Value::Null, |nhs| Value::String(nhs.digits().to_owned()));
        }
    }
    file["people"][1]["nhs_number"] = Value::String("9434765918".into());
    let bad = dir.join("bad.json");
    std::fs::write(&bad, serde_json::to_vec_pretty(&file).expect("json")).expect("write");

    let out = cli(&["--db", path(&db), "import", path(&bad)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("nothing has been changed"), "{err}");
    assert!(
        err.contains(
            "people[1] (id 2) nhs_number: NHS number 943 476 5918 is not valid: check the last digit"
        ),
        "{err}"
    );
    assert_eq!(export(&db), before, "the database must be unchanged");

    for (content, expected) in [
        ("not json at all", "not valid JSON"),
        (
            r#"{"format": "gedcom", "version": 1}"#,
            "not a Kinfold family-network file",
        ),
        (
            r#"{"format": "kinfold-family-network", "version": 7, "exported_at": ""}"#,
            "written by a newer Kinfold",
        ),
    ] {
        std::fs::write(&bad, content).expect("write");
        let out = cli(&["--db", path(&db), "import", path(&bad)]);
        assert_eq!(out.status.code(), Some(1));
        assert!(
            text(&out.stderr).contains(expected),
            "{}",
            text(&out.stderr)
        );
        assert_eq!(export(&db), before);
    }

    let out = cli(&["--db", path(&db), "import", path(&dir.join("missing.json"))]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("could not be read"));

    let out = cli(&["--db", path(&db), "export", "--child", "99999"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("Person 99999 was not found"));

    let out = cli(&["--db", path(&dir.join("none.db")), "export"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("there is no database"));
    assert!(!dir.join("none.db").exists());
}

fn file_bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}

#[test]
fn setup_prints_the_recovery_key_once_and_every_command_needs_the_password() {
    let dir = Dir::new();
    let db = dir.join("k.db");
    // A weak password sets up nothing at all.
    let out = Command::new(BIN)
        .args(["--db", path(&db), "setup", "--name", "Ana"])
        .env("USER", "ana")
        .env("KINFOLD_PASSWORD", "short")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("at least 10 characters"),
        "{}",
        text(&out.stderr)
    );
    assert!(!db.exists());

    let key = set_up(&db);
    let demo = cli(&["--db", path(&db), "demo", "--families", "2"]);
    assert!(text(&demo.stdout).contains("Added 2"));
    let backup = cli(&["--db", path(&db), "backup", "--to", path(&dir.join("b"))]);
    assert!(backup.status.success(), "{}", text(&backup.stderr));
    // What the tool prints (its only log) names nobody (whole words: a short surname can
    // turn up inside a temporary folder's random name).
    let everyone = export(&db);
    for person in everyone["people"].as_array().expect("people") {
        let name = person["family_name"].as_str().unwrap_or_default();
        if name.is_empty() {
            continue; // a father not known, say
        }
        for out in [&demo, &backup] {
            for printed in [text(&out.stdout), text(&out.stderr)] {
                let words: Vec<&str> = printed.split(|c: char| !c.is_alphanumeric()).collect();
                assert!(!words.contains(&name), "{name} in {printed}");
            }
        }
    }
    let out = cli(&["--db", path(&db), "setup", "--name", "Again"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("already a database"));

    let before = export(&db);
    let out = Command::new(BIN)
        .args(["--db", path(&db), "--user", "tester", "export"])
        .env("KINFOLD_PASSWORD", "not the password")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("The username or password is not right."));
    assert!(out.stdout.is_empty(), "nothing exported");
    let out = cli(&["--db", path(&db), "--user", "nobody", "export"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("The username or password is not right."));
    assert_eq!(
        export(&db),
        before,
        "a refused login leaves the records as they were"
    );

    // A new key: a new recovery key is printed, and the records are all still there.
    let records = export(&db);
    let out = cli(&["--db", path(&db), "rekey"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let printed = text(&out.stdout);
    assert!(printed.contains("New recovery key"), "{printed}");
    assert!(
        !printed.contains(&key),
        "the old recovery key was printed again"
    );
    assert_eq!(export(&db), records);

    // The backup made before the change opens only with the old recovery key.
    let old_backup = std::fs::read_dir(dir.join("b"))
        .expect("backups")
        .next()
        .expect("one")
        .expect("entry")
        .path();
    let out = cli(&["--db", path(&db), "restore", path(&old_backup)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("does not open"),
        "{}",
        text(&out.stderr)
    );
    let out = Command::new(BIN)
        .args(["--db", path(&db), "restore", path(&old_backup)])
        .env("USER", "tester")
        .env("KINFOLD_PASSWORD", PASSWORD)
        .env("KINFOLD_BACKUP_RECOVERY_KEY", &key)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(export(&db), records, "the restored records");

    // The file holds neither the demo names nor the recovery key in plain text.
    let bytes = file_bytes(&db);
    let some_name = export(&db)["people"][0]["family_name"]
        .as_str()
        .expect("name")
        .to_owned();
    for needle in [some_name.as_bytes(), key.as_bytes()] {
        assert!(!bytes.windows(needle.len()).any(|w| w == needle));
    }
}

#[test]
fn a_backup_is_made_checked_and_restored_with_the_old_database_kept() {
    let dir = Dir::new();
    let db = dir.join("k.db");
    set_up(&db);
    assert!(cli(&["--db", path(&db), "demo", "--families", "2"])
        .status
        .success());
    let before = export(&db);
    let backups = dir.join("backups");
    let out = cli(&["--db", path(&db), "backup", "--to", path(&backups)]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let made: Vec<PathBuf> = std::fs::read_dir(&backups)
        .expect("backup folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert_eq!(made.len(), 1, "{made:?}");
    assert!(text(&out.stdout).contains(path(&made[0])));

    // More families after the backup; restoring takes the database back to the backup.
    assert!(
        cli(&["--db", path(&db), "demo", "--families", "3", "--seed", "8"])
            .status
            .success()
    );
    assert_ne!(export(&db)["people"], before["people"]);
    let out = cli(&["--db", path(&db), "restore", path(&made[0])]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("is kept as"),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(export(&db)["people"], before["people"]);
    let kept: Vec<PathBuf> = std::fs::read_dir(dir.dir.path())
        .expect("dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().contains(".replaced-"))
        .collect();
    assert_eq!(kept.len(), 1, "the replaced database is kept: {kept:?}");

    // A file that is not a backup is refused, and the database is left alone.
    let junk = dir.join("junk.db");
    std::fs::write(&junk, b"not a backup").expect("write");
    let before_bytes = file_bytes(&db);
    let out = cli(&["--db", path(&db), "restore", path(&junk)]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("was not restored"),
        "{}",
        text(&out.stderr)
    );
    assert!(file_bytes(&db) == before_bytes);
}
