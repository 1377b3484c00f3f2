//! The commands the UI can call. Each is thin: take state, call the core, convert to a DTO.
//! A new command must also be listed in `build.rs` and granted in `capabilities/main.json`.

use tauri::State;

use kinfold_core::intake;
use kinfold_core::person::{PersonDraft, PersonId};
use kinfold_core::ClinicSettingsDraft;

use crate::dto::{
    CaseloadRowDto, ErrorDto, FamilyDto, HistoryDto, IntakeDto, NewCareDto, NewChildDto,
    NewHomeDto, NewMemberDto, NewOtherChildDto, NewRestrictionDto, PersonInputDto, PersonViewDto,
    SearchResultDto, SettingsDto, StatusDto, VocabularyDto,
};
use crate::state::AppState;

/// Which database is open, or why none is.
#[tauri::command(async)]
pub fn app_status(state: State<'_, AppState>) -> StatusDto {
    StatusDto {
        version: env!("CARGO_PKG_VERSION"),
        db_path: state.db_path.display().to_string(),
        error: state.startup_error().cloned(),
    }
}

/// The clinic's details, or `null` before they are entered.
#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> Result<Option<SettingsDto>, ErrorDto> {
    let settings = state.store()?.read(|r| r.clinic_settings())?;
    Ok(settings.map(SettingsDto::from))
}

/// Validates and saves the clinic's details; returns them as saved (tidied).
#[tauri::command(async)]
pub fn save_settings(
    state: State<'_, AppState>,
    settings: SettingsDto,
) -> Result<SettingsDto, ErrorDto> {
    let store = state.store()?;
    let valid = ClinicSettingsDraft::from(settings).validate()?;
    store.write(&state.actor, |w| w.save_clinic_settings(&valid))?;
    Ok(valid.into())
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// The lists the add forms offer (relationship kinds, sources, ...).
#[tauri::command(async)]
pub fn vocabulary() -> VocabularyDto {
    VocabularyDto::new()
}

/// The children on the caseload, youngest first.
#[tauri::command(async)]
pub fn list_caseload(state: State<'_, AppState>) -> Result<Vec<CaseloadRowDto>, ErrorDto> {
    let today = today();
    let rows = state.store()?.read(|r| r.caseload())?;
    Ok(rows.iter().map(|c| CaseloadRowDto::new(c, today)).collect())
}

/// Adds a child to the caseload with their main home, unless they may already be recorded.
#[tauri::command(async)]
pub fn add_child(state: State<'_, AppState>, input: NewChildDto) -> Result<IntakeDto, ErrorDto> {
    let new = intake::NewChild {
        child: input.child.into(),
        not_a_duplicate: input.not_a_duplicate,
        existing: input.existing_id.map(PersonId),
        home: input.home.into(),
        named_practitioner: input.named_practitioner,
    };
    Ok(intake::add_child(state.store()?, &state.actor, today(), &new)?.into())
}

/// One child's whole family network.
#[tauri::command(async)]
pub fn family_network(state: State<'_, AppState>, child_id: i64) -> Result<FamilyDto, ErrorDto> {
    let network = state
        .store()?
        .read(|r| r.family_network(PersonId(child_id)))?;
    Ok(FamilyDto::new(&network, today()))
}

/// Adds someone to a child's network (relationship, home, care).
#[tauri::command(async)]
pub fn add_member(state: State<'_, AppState>, input: NewMemberDto) -> Result<IntakeDto, ErrorDto> {
    let new = intake::NewMember {
        child: PersonId(input.child_id),
        who: input.who.into(),
        kind: input.kind,
        partner_of: input.partner_of_id.map(PersonId),
        parental_responsibility: input.parental_responsibility,
        residence: input.residence.try_into()?,
        care: input.care.map(Into::into),
        since: input.since,
    };
    Ok(intake::add_member(state.store()?, &state.actor, today(), &new)?.into())
}

/// Adds another child of an adult in the network.
#[tauri::command(async)]
pub fn add_other_child(
    state: State<'_, AppState>,
    input: NewOtherChildDto,
) -> Result<IntakeDto, ErrorDto> {
    let new = intake::NewOtherChild {
        parent: PersonId(input.parent_id),
        who: input.who.into(),
        kind: input.kind,
        residence: input.residence.try_into()?,
    };
    Ok(intake::add_other_child(state.store()?, &state.actor, today(), &new)?.into())
}

/// People matching a search box query (name, NHS number, date of birth or postcode).
#[tauri::command(async)]
pub fn search_people(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<SearchResultDto>, ErrorDto> {
    let today = today();
    let found = state.store()?.read(|r| r.search_people(&query, 25))?;
    Ok(found
        .iter()
        .map(|m| SearchResultDto::new(m, today))
        .collect())
}

/// One person and every child they are linked to.
#[tauri::command(async)]
pub fn person_view(state: State<'_, AppState>, person_id: i64) -> Result<PersonViewDto, ErrorDto> {
    let view = state
        .store()?
        .read(|r| r.person_view(PersonId(person_id)))?;
    Ok(PersonViewDto::new(&view, today()))
}

/// Other records that may be the same person.
#[tauri::command(async)]
pub fn person_duplicates(
    state: State<'_, AppState>,
    person_id: i64,
) -> Result<IntakeDto, ErrorDto> {
    let found = state
        .store()?
        .read(|r| r.duplicates_of(PersonId(person_id)))?;
    Ok(intake::Intake::PossibleDuplicates(found).into())
}

/// Merges `duplicate_id` into `keep_id`; both histories are kept.
#[tauri::command(async)]
pub fn merge_people(
    state: State<'_, AppState>,
    keep_id: i64,
    duplicate_id: i64,
) -> Result<(), ErrorDto> {
    Ok(state.store()?.write(&state.actor, |w| {
        w.merge_people(PersonId(keep_id), PersonId(duplicate_id))
    })?)
}

/// Everything that happened to a person's record (and records merged into it), newest first.
#[tauri::command(async)]
pub fn person_history(
    state: State<'_, AppState>,
    person_id: i64,
) -> Result<Vec<HistoryDto>, ErrorDto> {
    let events = state
        .store()?
        .read(|r| r.person_history(PersonId(person_id)))?;
    Ok(events.iter().rev().map(HistoryDto::new).collect())
}

/// A person's details as the edit form fills them in.
#[tauri::command(async)]
pub fn person_draft(
    state: State<'_, AppState>,
    person_id: i64,
) -> Result<PersonInputDto, ErrorDto> {
    let person = state.store()?.read(|r| r.person(PersonId(person_id)))?;
    Ok(PersonDraft::from_details(&person.details).into())
}

/// Changes a person's details; the history keeps what they were.
#[tauri::command(async)]
pub fn update_person(
    state: State<'_, AppState>,
    person_id: i64,
    person: PersonInputDto,
) -> Result<(), ErrorDto> {
    let store = state.store()?;
    let details = PersonDraft::from(person).validate(today())?;
    Ok(store.write(&state.actor, |w| {
        w.update_person(PersonId(person_id), &details)
    })?)
}

/// Records care given by someone already in the child's network.
#[tauri::command(async)]
pub fn add_care(state: State<'_, AppState>, input: NewCareDto) -> Result<(), ErrorDto> {
    let new = intake::NewCare {
        child: PersonId(input.child_id),
        carer: PersonId(input.carer_id),
        care: input.care.into(),
        source: input.source,
    };
    Ok(intake::add_care(
        state.store()?,
        &state.actor,
        today(),
        &new,
    )?)
}

/// Records that something about one person must not be shared with another.
#[tauri::command(async)]
pub fn add_restriction(
    state: State<'_, AppState>,
    input: NewRestrictionDto,
) -> Result<(), ErrorDto> {
    let new = intake::NewRestriction {
        subject: PersonId(input.subject_id),
        withheld_from: PersonId(input.withheld_from_id),
        fact: input.fact,
        reason: input.reason,
    };
    Ok(intake::add_restriction(state.store()?, &state.actor, &new)?)
}

/// Ends a relationship on the date given (today when empty); it stays on record.
#[tauri::command(async)]
pub fn end_relationship(
    state: State<'_, AppState>,
    relationship_id: i64,
    ended_on: String,
) -> Result<(), ErrorDto> {
    let id = kinfold_core::relationship::RelationshipId(relationship_id);
    Ok(intake::end_relationship(
        state.store()?,
        &state.actor,
        today(),
        id,
        &ended_on,
    )?)
}

/// Records that someone now lives somewhere else; the old home stays in the history.
#[tauri::command(async)]
pub fn move_home(state: State<'_, AppState>, input: NewHomeDto) -> Result<(), ErrorDto> {
    let new = intake::NewHome {
        person: PersonId(input.person_id),
        home: input.home.into(),
        source: input.source,
    };
    Ok(intake::move_home(
        state.store()?,
        &state.actor,
        today(),
        &new,
    )?)
}
