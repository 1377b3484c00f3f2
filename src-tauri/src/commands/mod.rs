//! The commands the UI can call. Each is thin: take state, call the core, convert to a DTO.
//! A new command must also be listed in `build.rs` and granted in `capabilities/main.json`.
//! Record commands need someone logged in (`state.open()`), which also keeps the idle lock
//! honest; the session and admin commands live in their own modules.

pub mod admin;
pub mod gaps;
pub mod packs;
pub mod session;

/// Registers every command with `builder`; the app and the IPC tests share this one list.
pub fn register<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        session::app_status,
        session::setup,
        session::login,
        session::lock,
        session::still_here,
        session::unlock_with_recovery_key,
        session::recheck_database,
        session::restore_backup,
        admin::list_accounts,
        admin::add_account,
        admin::set_account_active,
        admin::reset_password,
        admin::audit_recent,
        admin::audit_about_person,
        admin::check_audit,
        admin::get_protection_settings,
        admin::save_protection_settings,
        admin::backup_now,
        admin::prepare_key_change,
        admin::change_key,
        get_settings,
        save_settings,
        vocabulary,
        list_caseload,
        add_child,
        family_network,
        add_member,
        add_other_child,
        search_people,
        person_view,
        person_duplicates,
        merge_people,
        person_history,
        person_draft,
        update_person,
        add_care,
        add_restriction,
        end_relationship,
        move_home,
        gaps::family_gaps,
        gaps::record_contact,
        gaps::contact_view,
        gaps::answer_gap,
        gaps::give_pack,
        gaps::offer_contact,
        gaps::confirm_details,
        gaps::set_parental_responsibility,
        gaps::state_none,
        gaps::caseload_gaps,
        gaps::supervision_list,
        gaps::gap_counts,
        gaps::gap_rules,
        gaps::set_gap_rule,
        gaps::save_gap_settings,
        packs::pack_choice,
        packs::make_pack,
        packs::record_pack,
        packs::visit_checklist,
        packs::open_printout,
        packs::print_printout,
        packs::save_printout,
        packs::packs_due,
    ])
}

use tauri::State;

use kinfold_core::intake;
use kinfold_core::person::{PersonDraft, PersonId};
use kinfold_core::ClinicSettingsDraft;

use crate::dto::{
    CaseloadRowDto, ErrorDto, FamilyDto, HistoryDto, IntakeDto, NewCareDto, NewChildDto,
    NewHomeDto, NewMemberDto, NewOtherChildDto, NewRestrictionDto, PersonInputDto, PersonViewDto,
    SearchResultDto, SettingsDto, VocabularyDto,
};
use crate::state::AppState;

/// The clinic's details, or `null` before they are entered.
#[tauri::command(async)]
pub fn get_settings(state: State<'_, AppState>) -> Result<Option<SettingsDto>, ErrorDto> {
    let (store, _) = state.open()?;
    let settings = store.read(|r| r.clinic_settings())?;
    Ok(settings.map(SettingsDto::from))
}

/// Validates and saves the clinic's details; returns them as saved (tidied).
#[tauri::command(async)]
pub fn save_settings(
    state: State<'_, AppState>,
    settings: SettingsDto,
) -> Result<SettingsDto, ErrorDto> {
    let (store, actor) = state.open()?;
    let valid = ClinicSettingsDraft::from(settings).validate()?;
    store.write(&actor, |w| w.save_clinic_settings(&valid))?;
    Ok(valid.into())
}

pub(crate) fn today() -> chrono::NaiveDate {
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
    let (store, actor) = state.open()?;
    let rows = store.view_caseload(&actor)?;
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
    let (store, actor) = state.open()?;
    Ok(intake::add_child(&store, &actor, today(), &new)?.into())
}

/// One child's whole family network.
#[tauri::command(async)]
pub fn family_network(state: State<'_, AppState>, child_id: i64) -> Result<FamilyDto, ErrorDto> {
    let (store, actor) = state.open()?;
    let network = store.view_family(&actor, PersonId(child_id))?;
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
    let (store, actor) = state.open()?;
    Ok(intake::add_member(&store, &actor, today(), &new)?.into())
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
    let (store, actor) = state.open()?;
    Ok(intake::add_other_child(&store, &actor, today(), &new)?.into())
}

/// People matching a search box query (name, NHS number, date of birth or postcode).
#[tauri::command(async)]
pub fn search_people(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<SearchResultDto>, ErrorDto> {
    let today = today();
    let (store, actor) = state.open()?;
    let found = store.search_as(&actor, &query, 25)?;
    Ok(found
        .iter()
        .map(|m| SearchResultDto::new(m, today))
        .collect())
}

/// One person and every child they are linked to.
#[tauri::command(async)]
pub fn person_view(state: State<'_, AppState>, person_id: i64) -> Result<PersonViewDto, ErrorDto> {
    let (store, actor) = state.open()?;
    let view = store.view_person(&actor, PersonId(person_id))?;
    Ok(PersonViewDto::new(&view, today()))
}

/// Other records that may be the same person.
#[tauri::command(async)]
pub fn person_duplicates(
    state: State<'_, AppState>,
    person_id: i64,
) -> Result<IntakeDto, ErrorDto> {
    let (store, actor) = state.open()?;
    let found = store.view_duplicates_of(&actor, PersonId(person_id))?;
    Ok(intake::Intake::PossibleDuplicates(found).into())
}

/// Merges `duplicate_id` into `keep_id`; both histories are kept.
#[tauri::command(async)]
pub fn merge_people(
    state: State<'_, AppState>,
    keep_id: i64,
    duplicate_id: i64,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(store.write(&actor, |w| {
        w.merge_people(PersonId(keep_id), PersonId(duplicate_id))
    })?)
}

/// Everything that happened to a person's record (and records merged into it), newest first.
#[tauri::command(async)]
pub fn person_history(
    state: State<'_, AppState>,
    person_id: i64,
) -> Result<Vec<HistoryDto>, ErrorDto> {
    let (store, actor) = state.open()?;
    let events = store.view_person_history(&actor, PersonId(person_id))?;
    Ok(events.iter().rev().map(HistoryDto::new).collect())
}

/// A person's details as the edit form fills them in.
#[tauri::command(async)]
pub fn person_draft(
    state: State<'_, AppState>,
    person_id: i64,
) -> Result<PersonInputDto, ErrorDto> {
    let (store, actor) = state.open()?;
    let person = store.view_person_details(&actor, PersonId(person_id))?;
    Ok(PersonDraft::from_details(&person.details).into())
}

/// Changes a person's details; the history keeps what they were.
#[tauri::command(async)]
pub fn update_person(
    state: State<'_, AppState>,
    person_id: i64,
    person: PersonInputDto,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    let details = PersonDraft::from(person).validate(today())?;
    Ok(store.write(&actor, |w| w.update_person(PersonId(person_id), &details))?)
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
    let (store, actor) = state.open()?;
    Ok(intake::add_care(&store, &actor, today(), &new)?)
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
    let (store, actor) = state.open()?;
    Ok(intake::add_restriction(&store, &actor, &new)?)
}

/// Ends a relationship on the date given (today when empty); it stays on record.
#[tauri::command(async)]
pub fn end_relationship(
    state: State<'_, AppState>,
    relationship_id: i64,
    ended_on: String,
) -> Result<(), ErrorDto> {
    let id = kinfold_core::relationship::RelationshipId(relationship_id);
    let (store, actor) = state.open()?;
    Ok(intake::end_relationship(
        &store,
        &actor,
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
    let (store, actor) = state.open()?;
    Ok(intake::move_home(&store, &actor, today(), &new)?)
}
