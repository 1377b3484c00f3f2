//! Gap prompts in the real window, the scenario: a 9-week-old baby living with the
//! mother, the father not recorded. The prompts appear at the first contact; the mother
//! declines to say, so the prompt goes quiet until the date to ask again and returns at a
//! contact after it; the father is recorded as living elsewhere with overnight stays, which
//! brings prompts for his details, the safety leaflets and a joint appointment; filling them
//! in closes them; and a question asked three times without an answer puts the family on the
//! supervision list.

use anyhow::{ensure, Context, Result};
use chrono::{Duration, Local};
use kinfold_e2e::{App, Db};
use serde_json::json;

/// A date `days` ago (negative: in the future), typed the way a practitioner would.
fn typed(days_ago: i64) -> String {
    (Local::now().date_naive() - Duration::days(days_ago))
        .format("%d/%m/%Y")
        .to_string()
}

/// How many elements match `css`, shown or not (gaps in a closed disclosure are hidden).
async fn count(app: &App, css: &str) -> Result<usize> {
    let n = app
        .client()
        .execute(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(css)],
        )
        .await?;
    n.as_u64().map(|n| n as usize).context("a count")
}

async fn wait_for_count(app: &App, css: &str, wanted: usize) -> Result<()> {
    for _ in 0..100 {
        if count(app, css).await? == wanted {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    anyhow::bail!(
        "timed out waiting for {wanted} of {css} (there are {})",
        count(app, css).await?
    )
}

fn gap(rule: &str) -> String {
    format!("#gaps-open article[data-rule={rule}]")
}

async fn fill_person(app: &App, given: &str, born: &str, sex: &str) -> Result<()> {
    app.fill("#given_name", given).await?;
    app.fill("#family_name", "Brown").await?;
    app.fill("#birth_date", born).await?;
    app.choose("#sex", sex).await?;
    app.choose("#source", "mother").await
}

async fn record_contact(app: &App, kind: &str, days_ago: i64) -> Result<()> {
    app.click("#record-contact").await?;
    app.wait_for_screen("contact-new").await?;
    app.choose("#kind", kind).await?;
    app.fill("#contact_date", &typed(days_ago)).await?;
    // The mother is there each time.
    app.client()
        .execute(
            "for (const item of document.querySelectorAll('#contact-form .nhsuk-checkboxes__item')) {
               if (item.textContent.includes('Birth mother')) item.querySelector('input').click();
             }",
            vec![],
        )
        .await?;
    app.click("#save-contact").await?;
    app.wait_for_screen("contact").await
}

/// Records "asked, not obtained" in the card matching `card`, with a date to ask again.
async fn ask(app: &App, card: &str, outcome: &str, words: &str, revisit: &str) -> Result<()> {
    app.click(&format!("{card} .kf-ask summary")).await?;
    app.choose(&format!("{card} .kf-ask select[name=outcome]"), outcome)
        .await?;
    app.fill(&format!("{card} .kf-ask textarea[name=words]"), words)
        .await?;
    app.fill(&format!("{card} .kf-ask input[name=revisit_on]"), revisit)
        .await?;
    app.click(&format!("{card} .kf-ask button[type=submit]"))
        .await
}

async fn back_to_family(app: &App) -> Result<()> {
    app.click("a.nhsuk-back-link").await?;
    app.wait_for_screen("family").await
}

#[tokio::test]
async fn prompts_return_at_every_contact_until_filled_or_answered() {
    let db = Db::set_up().unwrap();
    let mut app = App::launch_logged_in("gap_prompts", &db.path)
        .await
        .unwrap();
    let outcome = async {
        // A 9-week-old baby at home with the mother; nobody else recorded.
        app.click("#nav a[data-route=families]").await?;
        app.wait_for_screen("families").await?;
        app.click("a[href='#/add-child']").await?;
        app.wait_for_screen("add-child").await?;
        fill_person(&app, "Kai", &typed(63), "male").await?;
        app.fill("#address_lines", "12 Oak Road\nNottingham")
            .await?;
        app.fill("#postcode", "NG1 1AA").await?;
        app.fill("#named_practitioner", "Sam Okafor").await?;
        app.click("#save-child").await?;
        app.wait_for_screen("family").await?;
        app.click("#add-member").await?;
        app.wait_for_screen("family-add").await?;
        app.choose("#kind", "birth_mother").await?;
        app.choose("#parental_responsibility", "yes").await?;
        fill_person(&app, "Amy", "01/05/1998", "female").await?;
        app.fill("#phone", "07700 900111").await?;
        app.click("#lives-with_child").await?;
        app.click("#save-member").await?;
        app.wait_for_screen("family").await?;
        // The family screen already shows the panel, the father first.
        let first = app.text("#gaps-open article").await?;
        ensure!(
            first.contains("Birth father not recorded"),
            "first gap: {first}"
        );

        // The first contact, three weeks ago (entered late): the prompts are there.
        record_contact(&app, "home_visit", 20).await?;
        ensure!(count(&app, &gap("birth_father")).await? == 1);
        ensure!(
            count(&app, &gap("other_children")).await? == 1,
            "the mother's other children"
        );
        app.screenshot("first-contact").await?;

        // The mother will not say who the father is; ask again in two weeks (6 days ago).
        ask(
            &app,
            &gap("birth_father"),
            "declined",
            "Worried he will find out where she lives",
            &typed(6),
        )
        .await?;
        wait_for_count(&app, &gap("birth_father"), 0).await?;
        ensure!(
            count(
                &app,
                "#gaps-quiet article[data-rule=birth_father][data-state=quiet]"
            )
            .await?
                == 1
        );
        // She is not sure whether to count his children as hers to tell: asked once.
        ask(&app, &gap("other_children"), "declined", "", &typed(13)).await?;
        wait_for_count(&app, &gap("other_children"), 0).await?;
        app.screenshot("asked-not-obtained").await?;

        // A second contact ten days ago: the other-children question is due again, the father
        // question still quiet. Asked again, not answered.
        back_to_family(&app).await?;
        record_contact(&app, "clinic", 10).await?;
        ensure!(
            count(&app, &gap("birth_father")).await? == 0,
            "quiet until its date"
        );
        let due = app.text(&gap("other_children")).await?;
        ensure!(due.contains("The date to ask again has come"), "{due}");
        ask(
            &app,
            &gap("other_children"),
            "declined",
            "Not today",
            &typed(3),
        )
        .await?;
        wait_for_count(&app, &gap("other_children"), 0).await?;

        // Today's contact, after the date to ask again: the father prompt is back, with its
        // history in the mother's words.
        back_to_family(&app).await?;
        record_contact(&app, "clinic", 0).await?;
        let back = app.text(&gap("birth_father")).await?;
        ensure!(back.contains("The date to ask again has come"), "{back}");
        ensure!(
            back.contains("Worried he will find out where she lives"),
            "{back}"
        );

        // A third unanswered ask about the mother's other children: supervision.
        ask(
            &app,
            &gap("other_children"),
            "declined",
            "Still not ready",
            &typed(-14),
        )
        .await?;
        wait_for_count(&app, &gap("other_children"), 0).await?;
        let quiet = app
            .texts("#gaps-quiet article[data-rule=other_children]")
            .await?;
        ensure!(quiet.len() == 1);
        app.wait_for_text("#nav-supervision-count", "(1)")
            .await
            .ok();

        // Today she names the father: he lives elsewhere and has Kai on Saturday nights.
        app.click(&format!("{} a.kf-fill-in", gap("birth_father")))
            .await?;
        app.wait_for_screen("family-add").await?;
        app.choose("#kind", "birth_father").await?;
        app.fill("#given_name", "Dean").await?;
        app.fill("#family_name", "Brown").await?;
        app.choose("#sex", "male").await?;
        app.choose("#source", "mother").await?;
        app.click("#lives-elsewhere").await?;
        app.fill("#address_lines", "Flat 3, 40 Mill Street\nNottingham")
            .await?;
        app.fill("#postcode", "NG7 2BB").await?;
        app.choose("#care_kind", "overnight").await?;
        app.fill("#care_frequency", "Saturday nights").await?;
        app.click("#at_carers_home").await?;
        app.click("#save-member").await?;
        // Saving goes back to the contact, where new prompts about him are waiting.
        app.wait_for_screen("contact").await?;
        ensure!(
            count(&app, &gap("birth_father")).await? == 0,
            "recording him closed it"
        );
        for rule in [
            "overnight_safety_pack",
            "overnight_joint_contact",
            "phone",
            "date_of_birth",
        ] {
            ensure!(
                count(&app, &gap(rule)).await? == 1,
                "no {rule} prompt about the father"
            );
        }
        let first = app.text("#gaps-open article").await?;
        ensure!(
            first.contains("has not had the safety leaflets"),
            "most serious first: {first}"
        );
        app.screenshot("father-recorded").await?;

        // Filling them in closes them: the leaflets given by hand, a joint appointment offered,
        // his phone number and date of birth.
        let pack = gap("overnight_safety_pack");
        app.click(&format!("{pack} .kf-give-pack summary")).await?;
        app.choose(
            &format!("{pack} .kf-give-pack select[name=method]"),
            "by_hand",
        )
        .await?;
        app.click(&format!("{pack} .kf-give-pack button[type=submit]"))
            .await?;
        wait_for_count(&app, &pack, 0).await?;
        let offer = gap("overnight_joint_contact");
        app.click(&format!("{offer} .kf-offer summary")).await?;
        app.choose(
            &format!("{offer} .kf-offer select[name=invitation_kind]"),
            "joint_appointment",
        )
        .await?;
        app.choose(
            &format!("{offer} .kf-offer select[name=response]"),
            "accepted",
        )
        .await?;
        app.click(&format!("{offer} .kf-offer button[type=submit]"))
            .await?;
        wait_for_count(&app, &offer, 0).await?;
        app.click(&format!("{} a.kf-fill-in", gap("phone"))).await?;
        app.wait_for_screen("person-edit").await?;
        app.fill("#phone", "07700 900222").await?;
        app.fill("#birth_date", "11/02/1995").await?;
        app.click("#save-person").await?;
        app.wait_for_screen("contact").await?;
        ensure!(count(&app, &gap("phone")).await? == 0);
        ensure!(count(&app, &gap("date_of_birth")).await? == 0);
        ensure!(count(&app, &gap("overnight_safety_pack")).await? == 0);

        // He says he has no other children: that is an answer, and it closes the prompt.
        let others = format!("{}[data-about]:not([data-about=''])", gap("other_children"));
        ensure!(
            count(&app, &others).await? == 1,
            "his other children are asked about"
        );
        app.click(&format!("{others} .kf-none summary")).await?;
        app.choose(&format!("{others} .kf-none select[name=source]"), "father")
            .await?;
        app.click(&format!("{others} .kf-none button[type=submit]"))
            .await?;
        wait_for_count(&app, &others, 0).await?;

        // The family screen lists what was given and offered.
        back_to_family(&app).await?;
        let given = app.text("#packs-given").await?;
        ensure!(
            given.contains(
                "Overnight-stay checklist, Safer sleep, Coping with crying, to Dean Brown, by hand"
            ),
            "{given}"
        );
        ensure!(app
            .text("#offers-list")
            .await?
            .contains("joint appointment offered to Dean Brown (accepted)"));
        ensure!(app.texts("#contacts-list li").await?.len() == 3);

        // The supervision list has the family, with each ask and what was said.
        app.click("#nav a[data-route=supervision]").await?;
        app.wait_for_screen("supervision").await?;
        let card = app.text(".kf-supervision").await?;
        ensure!(card.contains("Kai Brown"), "{card}");
        ensure!(card.contains("Other children not recorded"), "{card}");
        ensure!(card.contains("Still not ready"), "{card}");
        ensure!(app.text("#nav-supervision-count").await? == "(1)");
        app.screenshot("supervision").await?;

        // And the caseload puts Kai first, saying why.
        app.click("#nav a[data-route=caseload]").await?;
        app.wait_for_screen("caseload").await?;
        let row = app.text("#ranked-caseload tbody tr").await?;
        ensure!(
            row.contains("Kai Brown") && row.contains("Asked again and again"),
            "{row}"
        );
        app.screenshot("caseload").await?;

        // An admin turns the confirmation rule off; it needs a reason, which is shown.
        app.click("#nav a[data-route=admin]").await?;
        app.wait_for_screen("admin").await?;
        let rule = ".kf-rule[data-rule=confirmed]";
        app.click(&format!("{rule} summary")).await?;
        app.click(&format!("{rule} button[type=submit]")).await?;
        app.wait_for_text(
            &format!("{rule} .nhsuk-error-summary"),
            "Enter the reason for the change",
        )
        .await?;
        app.fill(
            &format!("{rule} textarea"),
            "We confirm details at every visit anyway",
        )
        .await?;
        app.click(&format!("{rule} button[type=submit]")).await?;
        app.wait_for_text(
            &format!("{rule} .kf-rule__reason"),
            "We confirm details at every visit anyway",
        )
        .await?;
        app.screenshot("gap-rules").await?;
        app.click("#nav a[data-route=caseload]").await?;
        app.wait_for_screen("caseload").await?;
        app.click("#ranked-caseload a").await?;
        app.wait_for_screen("family").await?;
        ensure!(
            count(&app, "#gaps-panel article[data-rule=confirmed]").await? == 0,
            "a rule turned off prompts nothing"
        );
        ensure!(count(&app, "#gaps-panel article[data-rule=other_children]").await? >= 1);
        Ok(())
    }
    .await;
    app.finish(outcome).await;
}
