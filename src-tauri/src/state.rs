//! What the shell keeps between commands: the open store (or why it could not open) and the
//! actor that commands act as.

use std::path::PathBuf;

use kinfold_core::{Actor, Role, Store};

use crate::dto::ErrorDto;

pub struct AppState {
    pub db_path: PathBuf,
    store: Result<Store, ErrorDto>,
    pub actor: Actor,
}

impl AppState {
    /// Opens the database. A failure is kept, not fatal: the window shows it with guidance.
    pub fn open(db_path: PathBuf) -> AppState {
        let store = Store::open(&db_path).map_err(|e| ErrorDto::from(&e));
        AppState {
            db_path,
            store,
            actor: workstation_actor(),
        }
    }

    pub fn store(&self) -> Result<&Store, ErrorDto> {
        self.store.as_ref().map_err(Clone::clone)
    }

    pub fn startup_error(&self) -> Option<&ErrorDto> {
        self.store.as_ref().err()
    }
}

/// Until practitioner logins exist, changes are attributed to the operating-system account
/// at the workstation.
fn workstation_actor() -> Actor {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".to_owned());
    Actor::new(format!("workstation:{user}"), Role::Practitioner)
}
