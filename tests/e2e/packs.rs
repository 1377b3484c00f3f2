//! Leaflet packs in the real window: the father who lives elsewhere (and has the baby
//! overnight) gets his pack, which names him and the baby and not the mother's withheld
//! address; it appears in the sent-log, and the prompt for his safety leaflets closes.

use anyhow::{ensure, Context, Result};
use chrono::{Duration, Local};
use kinfold_core::household::HouseholdDraft;
use kinfold_core::intake::{
    self, CareDraft, Intake, NewChild, NewMember, NewRestriction, Residence, Who,
};
use kinfold_core::person::{PersonDraft, PersonId};
use kinfold_core::{Actor, ClinicSettingsDraft, Role};
use kinfold_e2e::{App, Db};

fn draft(given: &str, family: &str, sex: &str, born: &str) -> PersonDraft {
    PersonDraft {
        given_name: given.into(),
        family_name: family.into(),
        sex: sex.into(),
        birth_date: born.into(),
        source: "mother".into(),
        ..Default::default()
    }
}

fn added(i: Intake) -> Result<PersonId> {
    match i {
        Intake::Added(id) => Ok(id),
        Intake::PossibleDuplicates(_) => anyhow::bail!("unexpected duplicate warning"),
    }
}

/// Kai (9 weeks) at home with Amy at 12 Oak Road; Dean lives elsewhere and has him on
/// Saturday nights; Amy's address is withheld from Dean. Returns (child, father).
fn family(db: &Db) -> Result<(PersonId, PersonId)> {
    let store = db.open()?;
    let nurse = Actor::new("ana", Role::Admin);
    let today = Local::now().date_naive();
    let clinic = ClinicSettingsDraft {
        clinic_name: "Meadow Lane Children's Centre".into(),
        team_phone: "0115 496 0000".into(),
        team_email: String::new(),
        team_address: "1 Meadow Lane\nNottingham NG2 2AB".into(),
        local_services: String::new(),
    }
    .validate()
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    store.write(&nurse, |w| w.save_clinic_settings(&clinic))?;
    let born = (today - Duration::weeks(9)).format("%Y-%m-%d").to_string();
    let child = added(intake::add_child(
        &store,
        &nurse,
        today,
        &NewChild {
            child: draft("Kai", "Brown", "male", &born),
            not_a_duplicate: false,
            existing: None,
            home: HouseholdDraft {
                address_lines: "12 Oak Road\nNottingham".into(),
                postcode: "NG1 1AA".into(),
                ..Default::default()
            },
            named_practitioner: "Sam Okafor".into(),
        },
    )?)?;
    let member =
        |who: PersonDraft, kind: &str, residence: Residence, care: Option<CareDraft>| NewMember {
            child,
            who: Who::New {
                person: Box::new(who),
                not_a_duplicate: false,
            },
            kind: kind.into(),
            partner_of: None,
            parental_responsibility: "yes".into(),
            residence,
            care,
            since: String::new(),
        };
    let mother = added(intake::add_member(
        &store,
        &nurse,
        today,
        &member(
            draft("Amy", "Brown", "female", "1998-05-01"),
            "birth_mother",
            Residence::WithChild,
            None,
        ),
    )?)?;
    let father = added(intake::add_member(
        &store,
        &nurse,
        today,
        &member(
            draft("Dean", "Cole", "male", "1995-02-11"),
            "birth_father",
            Residence::Elsewhere(HouseholdDraft {
                address_lines: "Flat 3, 40 Mill Street\nNottingham".into(),
                postcode: "NG7 2BB".into(),
                ..Default::default()
            }),
            Some(CareDraft {
                kind: "overnight".into(),
                frequency: "Saturday nights".into(),
                at_carers_home: true,
            }),
        ),
    )?)?;
    intake::add_restriction(
        &store,
        &nurse,
        &NewRestriction {
            subject: mother,
            withheld_from: father,
            fact: "address".into(),
            reason: "Court order".into(),
        },
    )?;
    Ok((child, father))
}

fn pdf_text(path: &str) -> Result<String> {
    let out = std::process::Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .context("pdftotext")?;
    ensure!(out.status.success(), "pdftotext failed");
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[tokio::test]
async fn the_father_who_lives_elsewhere_gets_his_pack_and_the_prompt_closes() {
    // Opening a pack starts this instead of a PDF viewer, which the test display lacks.
    std::env::set_var("KINFOLD_PDF_VIEWER", "true");
    let db = Db::set_up().unwrap();
    let (child, father) = family(&db).unwrap();
    let mut app = App::launch_logged_in("leaflet_pack", &db.path)
        .await
        .unwrap();
    let outcome = async {
        app.click("#nav a[data-route=caseload]").await?;
        app.wait_for_screen("caseload").await?;
        app.click("#ranked-caseload tbody tr a").await?;
        app.wait_for_screen("family").await?;
        let prompt =
            format!("#gaps-open article[data-rule=overnight_safety_pack][data-about='{father}']");
        app.text(&prompt).await?;

        // His card offers a pack; the suggestion fits a father who has Kai overnight.
        app.click(&format!("a[href='#/family/{child}/pack/{father}']"))
            .await?;
        app.wait_for_screen("pack").await?;
        ensure!(app.text("h1").await? == "Leaflet pack for Dean Cole");
        for code in [
            "overnight_checklist",
            "safer_sleep",
            "crying",
            "local_support",
        ] {
            let checked = app
                .client()
                .execute(
                    &format!("return document.getElementById('leaflet-{code}').checked"),
                    vec![],
                )
                .await?;
            ensure!(checked.as_bool() == Some(true), "{code} is suggested");
        }
        ensure!(
            app.value("#method").await? == "post",
            "his address is known, so post"
        );
        app.click("#make-pack").await?;
        let made = app.text("#made-pack").await?;
        ensure!(made.contains("check it, then record it as sent"), "{made}");
        ensure!(
            made.contains("Having Kai to stay overnight (version 1)")
                || made.contains("Overnight-stay checklist (version 1)"),
            "{made}"
        );
        let file = app.text("#pack-file").await?;
        let words = pdf_text(&file)?;
        ensure!(
            words.contains("Dean Cole") && words.contains("Kai"),
            "names him and the baby"
        );
        ensure!(
            words.contains("Flat 3, 40 Mill Street"),
            "his own address for the envelope"
        );
        ensure!(
            !words.contains("Oak Road") && !words.contains("NG1 1AA"),
            "the mother's address is withheld from him"
        );
        ensure!(!words.contains("Amy"), "no one else's details");
        app.click("#open-pack").await?;
        app.screenshot("pack-made").await?;

        // Recorded as sent: in the sent-log, and the prompt for his leaflets is gone.
        app.click("#record-pack").await?;
        app.wait_for_text("#made-pack", "recorded as sent").await?;
        app.click("#pack-done").await?;
        app.wait_for_screen("family").await?;
        let given = app.text("#packs-given").await?;
        ensure!(
            given.contains("to Dean Cole, by post") && given.contains("(version 1)"),
            "{given}"
        );
        app.wait_until_gone(&prompt).await?;
        ensure!(!app.is_displayed(&prompt).await?);
        app.screenshot("sent-log").await?;

        // Nothing else is due.
        app.click("#nav a[data-route=packs]").await?;
        app.wait_for_screen("packs").await?;
        ensure!(app.text("#view").await?.contains("No safety packs are due"));
        Ok(())
    }
    .await;
    app.finish(outcome).await;
}
