//! The commands the UI can call. Each is thin: take state, call the core, convert to a DTO.
//! A new command must also be listed in `build.rs` and granted in `capabilities/main.json`.

use tauri::State;

use kinfold_core::ClinicSettingsDraft;

use crate::dto::{ErrorDto, SettingsDto, StatusDto};
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
