//! Gap prompts, contacts, offers and the sent-log: the gaps panel, the contact screen, the
//! ranked caseload, the supervision list and the clinic's rule settings. Each command is
//! thin: take state, call `kinfold_core::followup`, convert.

use tauri::State;

use kinfold_core::contact::ContactId;
use kinfold_core::followup;
use kinfold_core::person::PersonId;

use super::today;
use crate::dto::{
    CaseloadGapsDto, ContactDto, ContactInputDto, ContactViewDto, ErrorDto, FollowUpDto,
    GapAnswerInputDto, GapCountsDto, GapRulesDto, GapSettingsInputDto, InvitationInputDto,
    PackGivenInputDto,
};
use crate::state::AppState;

/// A child's gaps today (or on `asOf`, `YYYY-MM-DD`, not after today), with contacts, offers
/// and leaflets given.
#[tauri::command(async)]
pub fn family_gaps(
    state: State<'_, AppState>,
    child_id: i64,
    as_of: Option<String>,
) -> Result<FollowUpDto, ErrorDto> {
    let today = today();
    let as_of = match as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => today,
        Some(text) => match kinfold_core::person::parse_date(text) {
            Some(d) if d <= today => d,
            _ => {
                return Err(ErrorDto::new(
                    "bad_request",
                    format!("{text:?} is not a date up to today"),
                ))
            }
        },
    };
    let (store, actor) = state.open()?;
    let f = followup::view_gaps(&store, &actor, PersonId(child_id), as_of)?;
    Ok(FollowUpDto::new(&f, today))
}

/// Records a contact with the child's family; returns it.
#[tauri::command(async)]
pub fn record_contact(
    state: State<'_, AppState>,
    child_id: i64,
    contact: ContactInputDto,
) -> Result<i64, ErrorDto> {
    let (store, actor) = state.open()?;
    let id =
        followup::record_contact(&store, &actor, today(), PersonId(child_id), &contact.into())?;
    Ok(id.0)
}

/// One contact, with the family's gaps as they stood that day.
#[tauri::command(async)]
pub fn contact_view(
    state: State<'_, AppState>,
    contact_id: i64,
) -> Result<ContactViewDto, ErrorDto> {
    let (store, actor) = state.open()?;
    let (contact, f) = followup::view_contact(&store, &actor, ContactId(contact_id))?;
    Ok(ContactViewDto {
        contact: ContactDto::new(&contact, &f.network),
        follow_up: FollowUpDto::new(&f, today()),
    })
}

/// Asked, not obtained; closed with a reason; or opened again.
#[tauri::command(async)]
pub fn answer_gap(
    state: State<'_, AppState>,
    child_id: i64,
    answer: GapAnswerInputDto,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(followup::answer_gap(
        &store,
        &actor,
        today(),
        PersonId(child_id),
        &answer.into(),
    )?)
}

/// Records leaflets given to someone in the child's network.
#[tauri::command(async)]
pub fn give_pack(
    state: State<'_, AppState>,
    child_id: i64,
    pack: PackGivenInputDto,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(followup::give_pack(
        &store,
        &actor,
        today(),
        PersonId(child_id),
        &pack.into(),
    )?)
}

/// Records an offer of a joint appointment or a phone call.
#[tauri::command(async)]
pub fn offer_contact(
    state: State<'_, AppState>,
    child_id: i64,
    offer: InvitationInputDto,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(followup::offer_contact(
        &store,
        &actor,
        today(),
        PersonId(child_id),
        &offer.into(),
    )?)
}

/// Records that someone's details were checked today, and with whom.
#[tauri::command(async)]
pub fn confirm_details(
    state: State<'_, AppState>,
    child_id: i64,
    person_id: i64,
    source: String,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(followup::confirm(
        &store,
        &actor,
        today(),
        PersonId(child_id),
        PersonId(person_id),
        &source,
    )?)
}

/// Records a stated "none": `no_other_children`, or `does_not_care` (about this child).
#[tauri::command(async)]
pub fn state_none(
    state: State<'_, AppState>,
    child_id: i64,
    person_id: i64,
    statement: String,
    source: String,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(followup::state_none(
        &store,
        &actor,
        today(),
        PersonId(child_id),
        PersonId(person_id),
        &statement,
        &source,
    )?)
}

/// Records whether a parent has parental responsibility (`yes` or `no`).
#[tauri::command(async)]
pub fn set_parental_responsibility(
    state: State<'_, AppState>,
    child_id: i64,
    person_id: i64,
    answer: String,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(followup::set_responsibility(
        &store,
        &actor,
        PersonId(child_id),
        PersonId(person_id),
        &answer,
    )?)
}

/// The caseload ranked by risk, optionally for one named practitioner.
#[tauri::command(async)]
pub fn caseload_gaps(
    state: State<'_, AppState>,
    practitioner: Option<String>,
) -> Result<Vec<CaseloadGapsDto>, ErrorDto> {
    let today = today();
    let practitioner = practitioner.filter(|p| !p.trim().is_empty());
    let (store, actor) = state.open()?;
    let rows = followup::caseload_gaps(
        &store,
        &actor,
        today,
        practitioner.as_deref().map(str::trim),
    )?;
    Ok(rows
        .iter()
        .map(|r| CaseloadGapsDto::new(r, today, false))
        .collect())
}

/// Families to discuss at supervision.
#[tauri::command(async)]
pub fn supervision_list(state: State<'_, AppState>) -> Result<Vec<CaseloadGapsDto>, ErrorDto> {
    let today = today();
    let (store, actor) = state.open()?;
    let rows = followup::supervision(&store, &actor, today)?;
    Ok(rows
        .iter()
        .map(|r| CaseloadGapsDto::new(r, today, true))
        .collect())
}

/// How many families have open gaps and how many are on the supervision list: numbers only,
/// for the navigation.
#[tauri::command(async)]
pub fn gap_counts(state: State<'_, AppState>) -> Result<GapCountsDto, ErrorDto> {
    let today = today();
    let (store, _) = state.open()?;
    let rows = followup::ranked_caseload(&store, today, None)?;
    Ok(GapCountsDto {
        families_with_gaps: rows.iter().filter(|r| !r.gaps.open.is_empty()).count(),
        supervision: rows
            .iter()
            .filter(|r| r.gaps.repeatedly_asked().next().is_some())
            .count(),
    })
}

/// Every gap rule, whether it is on, and how strict the rules are.
#[tauri::command(async)]
pub fn gap_rules(state: State<'_, AppState>) -> Result<GapRulesDto, ErrorDto> {
    let (store, _) = state.open()?;
    Ok(GapRulesDto::new(&followup::rule_settings(&store)?))
}

/// Turns a rule off or on, with the reason (admins only).
#[tauri::command(async)]
pub fn set_gap_rule(
    state: State<'_, AppState>,
    rule: String,
    enabled: bool,
    reason: String,
) -> Result<GapRulesDto, ErrorDto> {
    let (store, actor) = state.open()?;
    followup::set_rule(&store, &actor, &rule, enabled, &reason)?;
    Ok(GapRulesDto::new(&followup::rule_settings(&store)?))
}

/// Saves how strict the rules are (admins only).
#[tauri::command(async)]
pub fn save_gap_settings(
    state: State<'_, AppState>,
    settings: GapSettingsInputDto,
) -> Result<GapRulesDto, ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(GapRulesDto::new(&followup::save_settings(
        &store,
        &actor,
        &settings.into(),
    )?))
}
