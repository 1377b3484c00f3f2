//! Tests of person validation.

use super::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 29).expect("date")
}

fn draft() -> PersonDraft {
    PersonDraft {
        given_name: "Zoë".into(),
        family_name: "O'Neill-Ahmed".into(),
        birth_date: "2026-09-27".into(),
        source: "mother".into(),
        ..Default::default()
    }
}

fn messages(d: &PersonDraft) -> Vec<(&'static str, String)> {
    d.validate(today())
        .expect_err("invalid")
        .errors
        .into_iter()
        .map(|e| (e.field, e.message))
        .collect()
}

#[test]
fn a_minimal_person_is_valid_with_defaults() {
    let p = draft().validate(today()).unwrap();
    assert_eq!(p.name_status, NameStatus::Known);
    assert_eq!(
        p.birth,
        Birth::Exact(NaiveDate::from_ymd_opt(2026, 9, 27).unwrap())
    );
    assert_eq!(p.sex, Sex::NotKnown);
    assert_eq!(p.interpreter_needed, Answer::NotKnown);
    assert_eq!(p.provenance.source, Source::Mother);
    assert_eq!(p.display_name(), "Zoë O'Neill-Ahmed");
}

#[test]
fn an_unknown_father_is_a_recordable_state() {
    let d = PersonDraft {
        name_status: "not_known".into(),
        sex: "male".into(),
        source: "mother".into(),
        ..Default::default()
    };
    let p = d.validate(today()).unwrap();
    assert_eq!(p.display_name(), "Name not known");
    assert_eq!(p.birth, Birth::NotKnown);
}

#[test]
fn a_known_name_needs_some_name() {
    let d = PersonDraft {
        source: "mother".into(),
        ..Default::default()
    };
    assert_eq!(messages(&d)[0].0, "given_name");
    assert!(messages(&d)[0].1.contains("not given"));
}

#[test]
fn names_in_any_script_are_accepted() {
    for name in [
        "محمد",
        "王秀英",
        "Łukasz",
        "Siân",
        "N'Golo",
        "Mary-Jane",
        "Ngọc",
    ] {
        let mut d = draft();
        d.given_name = name.into();
        assert_eq!(d.validate(today()).unwrap().given_name, name);
    }
}

#[test]
fn hidden_characters_digits_only_and_overlong_names_are_refused() {
    let mut d = draft();
    d.given_name = "Ann\u{202E}a".into();
    d.family_name = "x".repeat(101);
    d.known_as = "123".into();
    let m = messages(&d);
    assert_eq!(m.len(), 3, "{m:?}");
    assert!(m[0].1.contains("hidden or control"));
    assert!(m[1].1.contains("100 characters or fewer"));
    assert!(m[2].1.contains("at least one letter"));
}

#[test]
fn birth_dates_cannot_be_in_the_future_or_unreal() {
    let mut d = draft();
    d.birth_date = "2026-11-30".into();
    assert_eq!(
        messages(&d),
        [(
            "birth_date",
            "Date of birth cannot be in the future".to_owned()
        )]
    );
    d.birth_date = "2026-02-30".into();
    assert!(messages(&d)[0].1.contains("must be a real date"));
    d.birth_date = "27/09/2026".into();
    assert!(d.validate(today()).is_ok());
}

#[test]
fn an_estimated_year_instead_of_a_date() {
    let mut d = draft();
    d.birth_date.clear();
    d.birth_year = "1996".into();
    let p = d.validate(today()).unwrap();
    assert_eq!(p.birth, Birth::EstimatedYear(1996));
    assert_eq!(p.birth.age_years(today()), Some(30));
    d.birth_date = "1996-01-01".into();
    assert!(messages(&d)[0].1.contains("not both"));
    d.birth_date.clear();
    d.birth_year = "2027".into();
    assert!(messages(&d)[0].1.contains("between 1900 and 2026"));
}

#[test]
fn nhs_number_is_checked_and_optional() {
    let mut d = draft();
    d.nhs_number = "943 476 5918".into();
    let m = messages(&d);
    assert_eq!(m[0].0, "nhs_number");
    assert!(
        m[0].1.contains("943 476 5918") && m[0].1.contains("last digit"),
        "{m:?}"
    );
    d.nhs_number = "9434765919".into();
    assert_eq!(
        d.validate(today()).unwrap().nhs_number.unwrap().formatted(),
        "943 476 5919"
    );
}

#[test]
fn choices_must_come_from_the_list_and_source_is_required() {
    let mut d = draft();
    d.sex = "unknown-code".into();
    d.source.clear();
    let m = messages(&d);
    assert!(m[0]
        .1
        .contains("\"unknown-code\" is not one of the choices"));
    assert_eq!(
        m[1],
        (
            "source",
            "Choose where this information came from".to_owned()
        )
    );
}

#[test]
fn a_recorded_person_fills_the_form_back_in_unchanged() {
    let mut d = draft();
    d.nhs_number = "9434765919".into();
    d.birth_date.clear();
    d.birth_year = "1996".into();
    d.confirmed_on = "2026-11-01".into();
    let details = d.validate(today()).unwrap();
    let again = PersonDraft::from_details(&details);
    assert_eq!(again.nhs_number, "943 476 5919");
    assert_eq!(again.validate(today()).unwrap(), details);
}

#[test]
fn age_in_years_counts_birthdays() {
    let born = Birth::Exact(NaiveDate::from_ymd_opt(1990, 11, 30).unwrap());
    assert_eq!(born.age_years(today()), Some(35));
}

#[test]
fn ages_are_said_the_way_health_visitors_say_them() {
    let age = |born: &str| {
        Birth::Exact(parse_date(born).unwrap())
            .age_text(today())
            .unwrap()
    };
    assert_eq!(age("2026-11-27"), "2 days");
    assert_eq!(age("2026-09-27"), "9 weeks");
    assert_eq!(age("2026-11-22"), "1 week");
    assert_eq!(age("2026-01-29"), "10 months");
    assert_eq!(age("2025-09-30"), "13 months");
    assert_eq!(age("2021-06-30"), "5 years");
    assert_eq!(
        Birth::EstimatedYear(1996).age_text(today()).unwrap(),
        "about 30 years"
    );
    assert_eq!(
        Birth::Exact(parse_date("2026-09-27").unwrap()).text(),
        "27 Sep 2026"
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn with_given(name: &str) -> PersonDraft {
        PersonDraft {
            given_name: name.into(),
            source: "mother".into(),
            ..Default::default()
        }
    }

    proptest! {
        /// Names of letters from any script, with apostrophes, hyphens and spaces inside,
        /// are kept exactly (trimmed).
        #[test]
        fn real_names_in_any_script_are_accepted(
            name in "[\\p{L}][\\p{L}\\p{M}'’ -]{0,40}[\\p{L}]"
        ) {
            let details = with_given(&name).validate(today());
            prop_assert!(details.is_ok(), "{name:?}: {details:?}");
            prop_assert_eq!(details.unwrap().given_name, name.trim());
        }

        /// A name with a control or direction-changing character inside it is refused with
        /// a message about hidden characters. (At either end, white space such as a tab is
        /// trimmed like any other space.)
        #[test]
        fn hidden_characters_are_refused_anywhere(
            before in "\\p{L}{1,10}",
            hidden in prop::sample::select(vec!['\u{0}', '\u{7}', '\u{1b}', '\u{202e}', '\u{2066}', '\u{200f}', '\u{feff}', '\t']),
            after in "\\p{L}{1,10}",
        ) {
            let name = format!("{before}{hidden}{after}");
            let err = with_given(&name).validate(today()).unwrap_err();
            prop_assert!(err.errors[0].message.contains("hidden or control"), "{:?}", err);
        }

        /// Over-long names are refused with the limit in the message.
        #[test]
        fn over_long_names_are_refused(name in "\\p{L}{101,300}") {
            let err = with_given(&name).validate(today()).unwrap_err();
            prop_assert!(err.errors[0].message.contains("100 characters or fewer"));
        }

        /// Whatever is typed into every field, validation answers without panicking, and an
        /// error always names a field and says something.
        #[test]
        fn any_input_gets_an_answer(
            fields in prop::collection::vec(any::<String>(), 17),
            deceased in any::<bool>(),
        ) {
            let d = PersonDraft {
                name_status: fields[0].clone(),
                given_name: fields[1].clone(),
                family_name: fields[2].clone(),
                known_as: fields[3].clone(),
                birth_date: fields[4].clone(),
                birth_year: fields[5].clone(),
                sex: fields[6].clone(),
                nhs_number: fields[7].clone(),
                phone: fields[8].clone(),
                email: fields[9].clone(),
                first_language: fields[10].clone(),
                interpreter_needed: fields[11].clone(),
                deceased,
                notes: fields[12].clone(),
                source: fields[13].clone(),
                source_detail: fields[14].clone(),
                confirmed_on: fields[15].clone(),
            };
            if let Err(invalid) = d.validate(today()) {
                prop_assert!(!invalid.errors.is_empty());
                prop_assert!(invalid.errors.iter().all(|e| !e.field.is_empty() && !e.message.is_empty()));
            }
        }
    }
}
