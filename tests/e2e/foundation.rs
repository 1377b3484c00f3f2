//! The app opens, the clinic's details go through the core to SQLite and back, and bad input
//! or a database the app cannot use is explained, not fatal.

use anyhow::{ensure, Result};
use kinfold_core::keys::KeyringEntry;
use kinfold_e2e::{App, Db};

#[tokio::test]
async fn opens_on_an_empty_caseload_with_a_call_to_action() {
    let db = Db::set_up().unwrap();
    let mut app = App::launch_logged_in("opens_on_caseload", &db.path)
        .await
        .unwrap();
    let outcome = async {
        app.wait_for_screen("caseload").await?;
        ensure!(app.text("h1").await? == "Caseload");
        let empty = app.text("#caseload-empty").await?;
        ensure!(
            empty.contains("no children on your caseload"),
            "empty message: {empty}"
        );
        let navigation = app.texts("#nav a").await?;
        ensure!(
            navigation
                == [
                    "Caseload",
                    "Supervision",
                    "Families",
                    "Packs",
                    "Settings",
                    "Admin"
                ],
            "{navigation:?}"
        );
        ensure!(
            app.is_displayed("#cta-settings").await?,
            "call to action is hidden"
        );
        app.screenshot("caseload").await?;
        app.click("#cta-settings").await?;
        app.wait_for_screen("settings").await?;
        ensure!(app.text("h1").await? == "Settings");
        let shown_path = app.text("[data-slot=db-path]").await?;
        ensure!(
            shown_path == db.path.display().to_string(),
            "db path shown: {shown_path}"
        );
        Ok(())
    }
    .await;
    app.finish(outcome).await;
}

async fn enter_settings(app: &App, name: &str, phone: &str, email: &str) -> Result<()> {
    app.fill("#clinic_name", name).await?;
    app.fill("#team_phone", phone).await?;
    app.fill("#team_email", email).await?;
    app.click("#save-settings").await
}

#[tokio::test]
async fn clinic_details_are_saved_and_shown_again_after_a_restart() {
    let db = Db::set_up().unwrap();
    let mut app = App::launch_logged_in("settings_restart_1", &db.path)
        .await
        .unwrap();
    let outcome = async {
        app.click("#nav a[data-route=settings]").await?;
        app.wait_for_screen("settings").await?;
        enter_settings(
            &app,
            "  Meadow Lane Children's Centre ",
            "0115 496 0000",
            "meadow@example.nhs.uk",
        )
        .await?;
        ensure!(app
            .text("#success-banner")
            .await?
            .contains("Clinic details saved"));
        ensure!(app.text("#clinic-name").await? == "Meadow Lane Children's Centre");
        ensure!(
            app.value("#clinic_name").await? == "Meadow Lane Children's Centre",
            "tidied value"
        );
        app.screenshot("saved").await?;
        Ok(())
    }
    .await;
    if outcome.is_err() {
        return app.finish(outcome).await;
    }
    app.quit().await.unwrap();

    let mut app = App::launch_logged_in("settings_restart_2", &db.path)
        .await
        .unwrap();
    let outcome = async {
        app.wait_for_screen("caseload").await?;
        ensure!(
            !app.is_displayed("#cta-settings").await?,
            "set-up prompt shown after set-up"
        );
        ensure!(app.text("#clinic-name").await? == "Meadow Lane Children's Centre");
        app.click("#nav a[data-route=settings]").await?;
        app.wait_for_screen("settings").await?;
        ensure!(app.value("#clinic_name").await? == "Meadow Lane Children's Centre");
        ensure!(app.value("#team_phone").await? == "0115 496 0000");
        ensure!(app.value("#team_email").await? == "meadow@example.nhs.uk");
        app.screenshot("after-restart").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await;
}

#[tokio::test]
async fn invalid_clinic_details_show_the_error_summary_and_save_nothing() {
    let db = Db::set_up().unwrap();
    let mut app = App::launch_logged_in("settings_invalid", &db.path)
        .await
        .unwrap();
    let outcome = async {
        app.click("#nav a[data-route=settings]").await?;
        app.wait_for_screen("settings").await?;
        enter_settings(&app, "   ", "0115 496", "not an email").await?;
        app.text("#error-summary").await?;
        let summary = app.texts(".nhsuk-error-summary__list a").await?;
        ensure!(
            summary
                == [
                    "Enter the clinic's name",
                    "Enter a UK phone number with 10 or 11 digits, like 0115 496 0000",
                    "Enter an email address in the correct format, like team@example.nhs.uk",
                ],
            "summary: {summary:?}"
        );
        let inline = app.text("#team_phone-error").await?;
        ensure!(
            inline.contains("10 or 11 digits"),
            "inline message: {inline}"
        );
        let focused = app
            .client()
            .execute("return document.activeElement.id", vec![])
            .await?;
        ensure!(
            focused == "error-summary",
            "focus is on {focused}, not the error summary"
        );
        app.screenshot("errors").await?;
        // Following a link in the summary puts the cursor in that field.
        app.click(".nhsuk-error-summary__list li:nth-child(2) a")
            .await?;
        let focused = app
            .client()
            .execute("return document.activeElement.id", vec![])
            .await?;
        ensure!(focused == "team_phone", "focus is on {focused}");
        // Fixing the form clears the errors.
        enter_settings(&app, "Meadow Lane", "0115 496 0000", "").await?;
        ensure!(app.text("#success-banner").await?.contains("saved"));
        ensure!(
            app.texts(".nhsuk-error-message").await?.is_empty(),
            "old errors left on screen"
        );
        Ok(())
    }
    .await;
    app.finish(outcome).await;
    // Only the valid save reached the database, with one audit row.
    let store = db.open().unwrap();
    let saved = store.read(|r| r.clinic_settings()).unwrap().expect("saved");
    assert_eq!(saved.clinic_name, "Meadow Lane");
    let audit = store
        .read(|r| r.audit_events("clinic_settings", None))
        .unwrap();
    assert_eq!(audit.len(), 1, "one save, one audit row: {audit:?}");
}

#[tokio::test]
async fn a_database_from_a_newer_kinfold_is_explained_and_left_alone() {
    let db = Db::set_up().unwrap();
    {
        let key = KeyringEntry::for_database(&db.path)
            .and_then(|entry| entry.load(&db.path))
            .unwrap();
        let conn = rusqlite::Connection::open(&db.path).unwrap();
        conn.pragma_update(None, "key", key.pragma_value().as_str())
            .unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let before = std::fs::read(&db.path).unwrap();
    let mut app = App::launch("database_too_new", &db.path).await.unwrap();
    let outcome = async {
        app.wait_for_screen("startup-error").await?;
        ensure!(app.text("h1").await? == "This database needs a newer Kinfold");
        let message = app.text("[data-slot=message]").await?;
        ensure!(message.contains("schema 999"), "message: {message}");
        ensure!(
            !app.is_displayed("#nav").await?,
            "navigation shown without a database"
        );
        app.screenshot("too-new").await?;
        Ok(())
    }
    .await;
    app.finish(outcome).await;
    assert!(
        std::fs::read(&db.path).unwrap() == before,
        "the database file changed"
    );
}
