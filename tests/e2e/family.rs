//! The family network in the real window: a baby and mother at home, a father who lives
//! elsewhere and has the baby overnight on Saturdays, his child from a previous relationship,
//! a duplicate warning, and an invalid NHS number caught by the error summary.

use anyhow::{ensure, Result};
use chrono::{Duration, Local};
use kinfold_e2e::{App, Db};

/// A date `days` ago, typed the way a practitioner would.
fn days_ago(days: i64) -> String {
    (Local::now().date_naive() - Duration::days(days))
        .format("%d/%m/%Y")
        .to_string()
}

async fn fill_person(app: &App, given: &str, born: &str, sex: &str) -> Result<()> {
    app.fill("#given_name", given).await?;
    app.fill("#family_name", "Brown").await?;
    app.fill("#birth_date", born).await?;
    app.choose("#sex", sex).await?;
    app.choose("#source", "mother").await
}

async fn add_baby(app: &App, nhs_number: &str) -> Result<()> {
    app.click("#nav a[data-route=families]").await?;
    app.wait_for_screen("families").await?;
    app.click("a[href='#/add-child']").await?;
    app.wait_for_screen("add-child").await?;
    fill_person(app, "Kai", &days_ago(63), "male").await?;
    app.fill("#nhs_number", nhs_number).await?;
    app.fill("#address_lines", "12 Oak Road\nNottingham")
        .await?;
    app.fill("#postcode", "ng1 1aa").await?;
    app.fill("#named_practitioner", "Sam Okafor").await?;
    app.click("#save-child").await
}

#[tokio::test]
async fn a_father_who_lives_elsewhere_with_overnight_stays_and_his_other_child() {
    let db = Db::set_up().unwrap();
    let mut app = App::launch_logged_in("family_network", &db.path)
        .await
        .unwrap();
    let outcome = async {
        add_baby(&app, "").await?;
        app.wait_for_screen("family").await?;
        ensure!(app.text("#family-child-name").await? == "Kai Brown");
        ensure!(app
            .text("[data-slot=summary]")
            .await?
            .starts_with("9 weeks"));

        // The mother, at the main home, with parental responsibility.
        app.click("#add-member").await?;
        app.wait_for_screen("family-add").await?;
        app.choose("#kind", "birth_mother").await?;
        app.choose("#parental_responsibility", "yes").await?;
        fill_person(&app, "Amy", "01/05/1998", "female").await?;
        app.click("#lives-with_child").await?;
        app.click("#save-member").await?;
        app.wait_for_screen("family").await?;

        // The father, who lives elsewhere and has Kai on Saturday nights at his flat.
        app.click("#add-member").await?;
        app.wait_for_screen("family-add").await?;
        app.choose("#kind", "birth_father").await?;
        fill_person(&app, "Dean", "11/02/1995", "male").await?;
        app.click("#lives-elsewhere").await?;
        app.fill("#address_lines", "Flat 3, 40 Mill Street\nNottingham")
            .await?;
        app.fill("#postcode", "NG7 2BB").await?;
        app.choose("#care_kind", "overnight").await?;
        app.fill("#care_frequency", "Saturday nights").await?;
        app.click("#at_carers_home").await?;
        app.screenshot("father-form").await?;
        app.click("#save-member").await?;
        app.wait_for_screen("family").await?;

        let warning = app.text("#overnight-warning").await?;
        ensure!(
            warning.contains(
                "Dean Brown, Saturday nights, at Flat 3, 40 Mill Street, Nottingham, NG7 2BB"
            ),
            "overnight warning: {warning}"
        );
        let at_home = app.texts("[data-slot=at-home] .kf-member h3").await?;
        ensure!(
            at_home == ["Amy Brown Birth mother"],
            "at home: {at_home:?}"
        );
        let elsewhere = app.texts("[data-slot=elsewhere] .kf-member h3").await?;
        ensure!(
            elsewhere == ["Dean Brown Birth father"],
            "elsewhere: {elsewhere:?}"
        );

        // His daughter from a previous relationship.
        app.click("[data-slot=elsewhere] .kf-member a[data-slot=add-child]")
            .await?;
        app.wait_for_screen("family-add").await?;
        ensure!(app.text("h1").await? == "Add another child of Dean Brown");
        app.choose("#kind", "birth_father").await?;
        fill_person(&app, "Lily", "30/06/2021", "female").await?;
        app.click("#save-member").await?;
        app.wait_for_screen("family").await?;
        let dean = app.text("[data-slot=elsewhere] .kf-member").await?;
        ensure!(dean.contains("Dean Brown's other children"), "{dean}");
        ensure!(
            dean.contains("Lily Brown, 5 years, home not known"),
            "{dean}"
        );
        app.screenshot("family").await?;

        // The diagram is drawn from the same data and says it in words too.
        let described = app
            .client()
            .execute(
                "return document.querySelector('#family-diagram svg desc').textContent",
                vec![],
            )
            .await?;
        let described = described.as_str().unwrap_or_default();
        ensure!(
            described.contains("Dean Brown (birth father), who has Kai overnight"),
            "diagram description: {described}"
        );
        let people = app.texts("#family-diagram svg .kf-dg-name").await?;
        ensure!(
            people.len() == 4,
            "Kai, Amy, Dean and Lily once each: {people:?}"
        );
        app.client()
            .execute(
                "document.querySelector('#family-diagram').scrollIntoView()",
                vec![],
            )
            .await?;
        app.screenshot("diagram").await?;

        // The mother's new partner moves in; later he moves out and the link is ended.
        app.click("#add-member").await?;
        app.wait_for_screen("family-add").await?;
        app.click("#kind option[value^='partner:']").await?;
        fill_person(&app, "Ryan", "08/08/1996", "male").await?;
        app.fill("#since", "31/12/2099").await?;
        app.click("#save-member").await?;
        let summary = app.text("#error-summary").await?;
        ensure!(
            summary.contains("Since when cannot be in the future"),
            "{summary}"
        );
        app.fill("#since", &days_ago(200)).await?;
        app.fill("#family_name", "Cole").await?;
        app.click("#lives-with_child").await?;
        app.click("#save-member").await?;
        app.wait_for_screen("family").await?;
        let at_home = app.texts("[data-slot=at-home] .kf-member h3").await?;
        ensure!(
            at_home == ["Amy Brown Birth mother", "Ryan Cole Mother's partner"],
            "{at_home:?}"
        );

        // The mother asks that her address is not given to the father.
        app.click("[data-slot=elsewhere] .kf-member a[data-slot=restrict]")
            .await?;
        app.wait_for_screen("family-action").await?;
        app.click("#subject option:nth-child(2)").await?;
        app.choose("#fact", "address").await?;
        app.click("#save-restriction").await?;
        ensure!(app
            .text("#error-summary")
            .await?
            .contains("Enter the reason"));
        app.fill("#reason", "Mother asked").await?;
        app.click("#save-restriction").await?;
        app.wait_for_screen("family").await?;
        let restriction = app.text("[data-slot=restrictions]").await?;
        ensure!(
            restriction == "Do not share Amy Brown's address with Dean Brown: Mother asked",
            "{restriction}"
        );

        // A care form with nothing chosen says what is missing.
        app.click("[data-slot=at-home] .kf-member a[data-slot=add-care]")
            .await?;
        app.wait_for_screen("family-action").await?;
        app.click("#save-care").await?;
        let summary = app.text("#error-summary").await?;
        ensure!(
            summary.contains("Choose what kind of care they give"),
            "{summary}"
        );
        ensure!(
            summary.contains("Choose who told you about this care"),
            "{summary}"
        );
        app.click(".nhsuk-back-link").await?;
        app.wait_for_screen("family").await?;

        // One father, all his children: find him (with a typo) and see both.
        app.click("#nav a[data-route=families]").await?;
        app.wait_for_screen("families").await?;
        app.fill("#search-query", "dean brwn").await?;
        app.click("#search-button").await?;
        let results = app.text("#search-results").await?;
        ensure!(
            results.contains("Dean Brown") && results.contains("similar name"),
            "{results}"
        );
        app.click("#search-results a").await?;
        app.wait_for_screen("person").await?;
        let children = app.texts("#linked-children li").await?;
        ensure!(
            children
                == [
                    "Kai Brown, 9 weeks",
                    "Lily Brown, 5 years, not on this caseload"
                ],
            "children of Dean: {children:?}"
        );
        app.screenshot("father").await?;

        // His phone number, added later: the history says what changed.
        app.click("#edit-person").await?;
        app.wait_for_screen("person-edit").await?;
        ensure!(
            app.value("#given_name").await? == "Dean",
            "the form is filled in"
        );
        app.fill("#phone", "07700 900123").await?;
        app.click("#save-person").await?;
        app.wait_for_screen("person").await?;
        let details = app.text("[data-slot=details]").await?;
        ensure!(details.contains("07700 900123"), "{details}");
        let history = app.texts("#person-history tbody tr").await?;
        ensure!(history[0].contains("Details changed: phone"), "{history:?}");

        // He moves: the new home is shown, the old one stays in the history.
        app.click("#move-person").await?;
        app.wait_for_screen("person-move").await?;
        app.fill("#address_lines", "2 Canal Side\nNottingham")
            .await?;
        app.fill("#postcode", "NG9 1AB").await?;
        app.choose("#source", "father").await?;
        app.click("#save-move").await?;
        app.wait_for_screen("person").await?;
        let details = app.text("[data-slot=details]").await?;
        ensure!(
            details.contains("2 Canal Side, Nottingham, NG9 1AB"),
            "{details}"
        );
        let history = app.texts("#person-history tbody tr").await?;
        ensure!(
            history
                .iter()
                .filter(|h| h.contains("Home recorded"))
                .count()
                == 2,
            "both homes in the history: {history:?}"
        );

        // The caseload shows Kai, flagged: his father has him overnight and has not had the
        // safety leaflets.
        app.click("#nav a[data-route=caseload]").await?;
        app.wait_for_screen("caseload").await?;
        let row = app.text("#ranked-caseload tbody tr").await?;
        ensure!(
            row.contains("Kai Brown")
                && row.contains("Overnight carer: details or safety leaflets missing"),
            "row: {row}"
        );

        // The mother and Ryan split up: the link ends (not before it began) and he is no
        // longer shown as her partner, while the ended link stays on his record.
        app.click("#ranked-caseload tbody tr a").await?;
        app.wait_for_screen("family").await?;
        app.click("[data-slot=at-home] .kf-member:nth-child(2) h3 a")
            .await?;
        app.wait_for_screen("person").await?;
        ensure!(app.text("h1").await? == "Ryan Cole");
        app.fill("#person-relationships .kf-end-date", &days_ago(400))
            .await?;
        app.click("#person-relationships .kf-end").await?;
        let refusal = app
            .text("#person-relationships .nhsuk-error-message")
            .await?;
        ensure!(
            refusal.contains("before the relationship started"),
            "{refusal}"
        );
        app.fill("#person-relationships .kf-end-date", &days_ago(1))
            .await?;
        app.click("#person-relationships .kf-end").await?;
        app.wait_until_gone("#person-relationships .kf-end").await?;
        app.wait_for_screen("person").await?;
        let link = app.text("#person-relationships tbody tr").await?;
        ensure!(link.contains("Partner (ended"), "{link}");
        app.click("#nav a[data-route=caseload]").await?;
        app.wait_for_screen("caseload").await?;
        app.click("#ranked-caseload tbody tr a").await?;
        app.wait_for_screen("family").await?;
        let at_home = app.texts("[data-slot=at-home] .kf-member h3").await?;
        ensure!(
            at_home == ["Amy Brown Birth mother"],
            "after the split: {at_home:?}"
        );
        Ok(())
    }
    .await;
    app.finish(outcome).await;
}

#[tokio::test]
async fn adding_the_same_baby_twice_warns_and_an_invalid_nhs_number_is_explained() {
    let db = Db::set_up().unwrap();
    let mut app = App::launch_logged_in("duplicates_and_nhs", &db.path)
        .await
        .unwrap();
    let outcome = async {
        add_baby(&app, "943 476 5918").await?;
        app.text("#error-summary").await?;
        let summary = app.texts(".nhsuk-error-summary__list a").await?;
        ensure!(
            summary == ["NHS number 943 476 5918 is not valid: check the last digit"],
            "summary: {summary:?}"
        );
        ensure!(app
            .text("#nhs_number-error")
            .await?
            .contains("is not valid"));
        app.screenshot("nhs-error").await?;

        app.fill("#nhs_number", "").await?;
        app.click("#save-child").await?;
        app.wait_for_screen("family").await?;

        add_baby(&app, "").await?;
        let warning = app.text("#duplicates").await?;
        ensure!(warning.contains("may already be recorded"), "{warning}");
        ensure!(
            warning.contains("Kai Brown") && warning.contains("same name, same date of birth"),
            "{warning}"
        );
        app.screenshot("duplicate").await?;
        app.click(".kf-use-record").await?;
        app.wait_for_screen("family").await?;
        app.click("#nav a[data-route=families]").await?;
        app.wait_for_screen("families").await?;
        let rows = app.texts("#children-table tbody tr").await?;
        ensure!(rows.len() == 1, "the duplicate was saved: {rows:?}");
        Ok(())
    }
    .await;
    app.finish(outcome).await;
}

#[tokio::test]
async fn a_duplicate_added_anyway_can_be_merged_later_keeping_both_histories() {
    let db = Db::set_up().unwrap();
    let mut app = App::launch_logged_in("merge", &db.path).await.unwrap();
    let outcome = async {
        add_baby(&app, "").await?;
        app.wait_for_screen("family").await?;
        add_baby(&app, "").await?;
        app.text("#duplicates").await?;
        app.click("#not-a-duplicate").await?;
        app.wait_for_screen("family").await?;
        app.click("#nav a[data-route=families]").await?;
        app.wait_for_screen("families").await?;
        ensure!(
            app.texts("#children-table tbody tr").await?.len() == 2,
            "two records before merging"
        );

        app.fill("#search-query", "kai").await?;
        app.click("#search-button").await?;
        app.text("#search-results").await?;
        app.click("#search-results li:first-child a").await?;
        app.wait_for_screen("person").await?;
        ensure!(app.text("#person-duplicates").await?.contains("Kai Brown"));
        app.click("#person-duplicates button").await?;
        let confirm = app.text("#person-duplicates button").await?;
        ensure!(
            confirm.contains("cannot be undone"),
            "a merge asks again first: {confirm}"
        );
        app.click("#person-duplicates button").await?;
        app.wait_until_gone("#person-duplicates").await?;
        app.wait_for_screen("person").await?;
        let history = app.texts("#person-history tbody tr").await?;
        ensure!(
            history[0].contains("merged into Kai Brown"),
            "newest first: {history:?}"
        );
        ensure!(
            history
                .iter()
                .filter(|h| h.contains("Record created"))
                .count()
                == 2,
            "both records' histories: {history:?}"
        );
        app.screenshot("merged").await?;
        app.click("#nav a[data-route=families]").await?;
        app.wait_for_screen("families").await?;
        ensure!(
            app.texts("#children-table tbody tr").await?.len() == 1,
            "one record after merging"
        );
        Ok(())
    }
    .await;
    app.finish(outcome).await;
}
