//! Protection, end to end in the real window with the real Secret Service: first-run setup
//! and the recovery key, logins (wrong and right), locking on demand and after idling, a lost
//! key recovered without touching the file, admin-only screens and the access report.

use std::time::Duration;

use anyhow::ensure;
use kinfold_core::keys::KeyringEntry;
use kinfold_core::{unlock, Actor, Role};
use kinfold_e2e::{App, Db, ADMIN, ADMIN_NAME, PASSWORD};

/// The database and its side files, byte for byte.
fn files(db: &Db) -> Vec<Option<Vec<u8>>> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|suffix| {
            let mut p = db.path.as_os_str().to_owned();
            p.push(suffix);
            std::fs::read(p).ok()
        })
        .collect()
}

#[tokio::test]
async fn first_run_makes_an_admin_shows_the_recovery_key_once_then_logs_in() {
    let db = Db::new().unwrap();
    let mut app = App::launch("first_run", &db.path).await.unwrap();
    let outcome = async {
        app.wait_for_screen("setup").await?;
        ensure!(!app.is_displayed("#nav").await?, "menu shown before setup");
        app.screenshot("setup").await?;
        // A short password is refused and nothing is made.
        app.fill("#display_name", ADMIN_NAME).await?;
        app.fill("#username", ADMIN).await?;
        app.fill("#password", "short").await?;
        app.fill("#password_again", "short").await?;
        app.click("#setup-submit").await?;
        let summary = app.text("#error-summary").await?;
        ensure!(summary.contains("at least 10 characters"), "{summary}");
        ensure!(!unlock::database_exists(&db.path), "a database was made");

        app.fill("#password", PASSWORD).await?;
        app.fill("#password_again", PASSWORD).await?;
        app.click("#setup-submit").await?;
        app.wait_for_screen("recovery-key").await?;
        let shown = app.text("#recovery-key").await?;
        let kept = KeyringEntry::for_database(&db.path)?.load(&db.path)?;
        ensure!(
            shown == kept.recovery_key().as_str(),
            "the key shown is not the key kept"
        );
        ensure!(
            app.client()
                .execute(
                    "return document.getElementById('key-done').disabled",
                    vec![]
                )
                .await?
                == true,
            "continue is allowed before the key is written down"
        );
        app.screenshot("recovery-key").await?;
        app.click("#key-stored").await?;
        app.click("#key-done").await?;
        app.wait_for_screen("caseload").await?;
        let user = app.text("#user-name").await?;
        ensure!(user == "Ana Admin (Clinic admin)", "{user}");
        Ok(())
    }
    .await;
    if outcome.is_err() {
        return app.finish(outcome).await;
    }
    app.quit().await.unwrap();

    let mut app = App::launch("first_run_login", &db.path).await.unwrap();
    let outcome = async {
        app.wait_for_screen("login").await?;
        ensure!(
            !app.is_displayed("#recovery-key").await?,
            "the recovery key is shown again"
        );
        app.log_in(ADMIN, "not my password").await?;
        let summary = app.text("#error-summary").await?;
        ensure!(
            summary.contains("The username or password is not right."),
            "{summary}"
        );
        ensure!(
            app.value("#password").await?.is_empty(),
            "the wrong password stays typed in"
        );
        app.screenshot("wrong-password").await?;
        app.log_in(ADMIN, PASSWORD).await?;
        app.wait_for_screen("caseload").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await;
    let logins: Vec<String> = db
        .open()
        .unwrap()
        .read(|r| r.recent_audit(None, 100))
        .unwrap()
        .into_iter()
        .rev()
        .filter(|e| e.action == "login")
        .map(|e| e.outcome)
        .collect();
    assert_eq!(logins, ["failed", "ok"]);
}

#[tokio::test]
async fn kinfold_locks_on_demand_and_after_the_idle_limit() {
    let db = Db::set_up().unwrap();
    let mut app = App::launch_logged_in("locking", &db.path).await.unwrap();
    let outcome = async {
        app.click("#lock-now").await?;
        app.wait_for_screen("login").await?;
        ensure!(!app.is_displayed("#nav").await?, "menu shown while locked");
        let note = app.text("[data-slot=locked-note]").await?;
        ensure!(note.contains("Kinfold is locked"), "{note}");
        app.screenshot("locked").await?;
        app.log_in(ADMIN, PASSWORD).await?;
        app.wait_for_screen("caseload").await?;

        // One minute without use, and it locks itself.
        app.click("#nav a[data-route=admin]").await?;
        app.wait_for_screen("admin").await?;
        app.fill("#idle_lock_minutes", "1").await?;
        app.click("#save-protection").await?;
        ensure!(app.text("#success-banner").await?.contains("saved"));
        tokio::time::sleep(Duration::from_secs(62)).await;
        app.wait_for_screen("login").await?;
        let note = app.text("[data-slot=locked-note]").await?;
        ensure!(note.contains("after 1 minute without use"), "{note}");
        app.screenshot("idle-locked").await?;
        // The same person carries on where they were.
        app.log_in(ADMIN, PASSWORD).await?;
        app.wait_for_screen("admin").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await;
    let locks = db
        .open()
        .unwrap()
        .read(|r| r.recent_audit(None, 100))
        .unwrap()
        .iter()
        .filter(|e| e.action == "lock")
        .count();
    assert_eq!(locks, 2, "both locks are in the audit trail");
}

#[tokio::test]
async fn a_lost_key_is_explained_and_the_recovery_key_opens_the_records() {
    let db = Db::set_up().unwrap();
    let recovery = db.recovery_key.clone().unwrap();
    KeyringEntry::for_database(&db.path)
        .unwrap()
        .delete()
        .unwrap();
    let before = files(&db);
    let mut app = App::launch("lost_key", &db.path).await.unwrap();
    let outcome = async {
        app.wait_for_screen("startup-error").await?;
        ensure!(app.text("h1").await? == "Kinfold cannot find the key to its records");
        app.screenshot("key-missing").await?;
        // Another database's key is refused, and says so.
        let other = kinfold_core::keys::DatabaseKey::generate()?.recovery_key();
        app.fill("#recovery_key", other.as_str()).await?;
        app.click("#recovery-submit").await?;
        let summary = app.text("#error-summary").await?;
        ensure!(summary.contains("does not open this database"), "{summary}");
        ensure!(files(&db) == before, "a refused key changed the files");
        ensure!(
            !KeyringEntry::for_database(&db.path)?.exists()?,
            "a key was made"
        );
        // The right one, typed in lower case with spaces.
        let typed = recovery.to_lowercase().replace('-', " ");
        app.fill("#recovery_key", &typed).await?;
        app.click("#recovery-submit").await?;
        app.log_in(ADMIN, PASSWORD).await?;
        app.wait_for_screen("caseload").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await;
    assert!(KeyringEntry::for_database(&db.path)
        .unwrap()
        .exists()
        .unwrap());
}

#[tokio::test]
async fn an_admin_adds_a_practitioner_and_can_print_who_has_seen_a_record() {
    let db = Db::set_up().unwrap();
    let child = {
        let store = db.open().unwrap();
        let admin = Actor::new(ADMIN, Role::Admin);
        let today = chrono::Local::now().date_naive();
        kinfold_core::demo::fill(&store, &admin, today, 1, 4).unwrap();
        store.view_caseload(&admin).unwrap()[0].child.id.0
    };
    let mut app = App::launch_logged_in("admin", &db.path).await.unwrap();
    let outcome = async {
        app.click("#nav a[data-route=admin]").await?;
        app.wait_for_screen("admin").await?;
        app.click("#add-account-details summary").await?;
        app.fill("#display_name", "Sam Visitor").await?;
        app.fill("#username", "sam").await?;
        app.choose("#role", "practitioner").await?;
        app.fill("#password", "river stone lantern").await?;
        app.fill("#password_again", "river stone lantern").await?;
        app.click("#add-account").await?;
        let row = app.wait_for_text("#accounts tr", "Sam Visitor").await?;
        ensure!(row.contains("Practitioner"), "{row}");
        app.click("#check-audit").await?;
        let check = app.text("#audit-check-result").await?;
        ensure!(
            check.starts_with("All ") && check.contains("intact"),
            "{check}"
        );
        app.screenshot("admin").await?;

        // Sam forgot the password: the admin sets a new one.
        app.click("button[data-account=sam]").await?;
        app.fill("#reset_password", "short").await?;
        app.fill("#reset_password_again", "short").await?;
        app.click("#save-password").await?;
        app.wait_for_text(
            ".kf-reset-row .nhsuk-error-summary",
            "at least 10 characters",
        )
        .await?;
        app.fill("#reset_password", "meadow copper kite").await?;
        app.fill("#reset_password_again", "meadow copper kite")
            .await?;
        app.click("#save-password").await?;
        app.wait_for_text("#success-banner", "New password set for Sam Visitor")
            .await?;

        // The practitioner looks at the family; they have no Admin menu.
        app.click("#lock-now").await?;
        app.log_in("sam", "river stone lantern").await?;
        let summary = app.text("#error-summary").await?;
        ensure!(
            summary.contains("not right"),
            "the old password still works: {summary}"
        );
        app.log_in("sam", "meadow copper kite").await?;
        app.wait_for_screen("caseload").await?;
        ensure!(
            !app.is_displayed("#nav-admin").await?,
            "a practitioner sees Admin"
        );
        app.click(&format!("a[href='#/family/{child}']")).await?;
        app.wait_for_screen("family").await?;

        // Back as the admin: the access report for the child lists the practitioner's view.
        app.click("#lock-now").await?;
        app.log_in(ADMIN, PASSWORD).await?;
        app.wait_for_screen("caseload").await?;
        app.client()
            .execute(&format!("location.hash = '#/person/{child}'"), vec![])
            .await?;
        app.wait_for_screen("person").await?;
        app.click("#access-report").await?;
        app.wait_for_screen("access").await?;
        let rows = app.texts("#access-rows tr").await?;
        ensure!(
            rows.iter()
                .any(|r| r.contains("sam") && r.contains("Looked at the family")),
            "{rows:?}"
        );
        app.screenshot("access-report").await?;

        // A new database key: a new recovery key, shown once, that the keyring now holds.
        let old = KeyringEntry::for_database(&db.path)?.load(&db.path)?;
        app.click("#nav a[data-route=admin]").await?;
        app.wait_for_screen("admin").await?;
        app.click("#change-key").await?;
        app.click("#change-key-confirm").await?;
        let shown = app.text("#recovery-key").await?;
        // Shown first; the change is made after it has been written down.
        let still = KeyringEntry::for_database(&db.path)?.load(&db.path)?;
        ensure!(still.recovery_key().as_str() == old.recovery_key().as_str());
        app.click("#key-stored").await?;
        app.click("#key-done").await?;
        app.wait_for_text("#success-banner", "The database has a new key")
            .await?;
        let new = KeyringEntry::for_database(&db.path)?.load(&db.path)?;
        ensure!(
            shown == new.recovery_key().as_str(),
            "the key shown is not the key kept"
        );
        ensure!(
            shown != old.recovery_key().as_str(),
            "the key did not change"
        );
        app.click("#nav a[data-route=caseload]").await?;
        app.wait_for_screen("caseload").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await;
}

#[tokio::test]
async fn a_damaged_database_is_never_written_over_and_a_backup_is_restored_from_the_app() {
    let db = Db::set_up().unwrap();
    let backups = db.path.parent().unwrap().join("backups");
    let backup = {
        let store = db.open().unwrap();
        let admin = Actor::new(ADMIN, Role::Admin);
        let today = chrono::Local::now().date_naive();
        kinfold_core::demo::fill(&store, &admin, today, 2, 6).unwrap();
        store.back_up_to(&admin, &backups).unwrap().path
    };
    // Damage a page in the middle of the file.
    let mut bytes = std::fs::read(&db.path).unwrap();
    let at = bytes.len() / 2;
    for b in &mut bytes[at..at + 64] {
        *b ^= 0xA5;
    }
    std::fs::write(&db.path, &bytes).unwrap();
    let mut app = App::launch("damaged", &db.path).await.unwrap();
    let outcome = async {
        app.wait_for_screen("startup-error").await?;
        ensure!(app.text("h1").await? == "The database is damaged");
        ensure!(
            std::fs::read(&db.path)? == bytes,
            "the damaged file was written to"
        );
        app.screenshot("damaged").await?;
        // A wrong password for the backup's admin restores nothing.
        app.fill("#file", &backup.display().to_string()).await?;
        app.fill("#restore-username", ADMIN).await?;
        app.fill("#restore-password", "not the password").await?;
        app.click("#restore-submit").await?;
        let summary = app.text("#error-summary").await?;
        ensure!(summary.contains("not right"), "{summary}");
        ensure!(
            std::fs::read(&db.path)? == bytes,
            "a refused restore changed the file"
        );
        app.fill("#restore-password", PASSWORD).await?;
        app.click("#restore-submit").await?;
        app.log_in(ADMIN, PASSWORD).await?;
        app.wait_for_screen("caseload").await?;
        let rows = app.texts("#caseload-list tbody tr, table tbody tr").await?;
        ensure!(rows.len() >= 2, "the restored caseload: {rows:?}");
        Ok(())
    }
    .await;
    app.finish(outcome).await;
    let kept: Vec<_> = std::fs::read_dir(db.path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.to_string_lossy();
            name.contains(".replaced-") && !name.ends_with("-wal") && !name.ends_with("-shm")
        })
        .collect();
    assert_eq!(kept.len(), 1, "the damaged file is kept: {kept:?}");
    assert!(std::fs::read(&kept[0]).unwrap() == bytes);
}
