//! Kinfold's core: the domain model, its validation rules and its storage, with no UI or
//! transport in it. The desktop shell (`src-tauri`) and the command-line tools call into this
//! crate; this crate never depends on Tauri.

pub mod account;
pub mod actor;
pub mod audit;
pub mod care;
pub mod contact;
pub mod contact_details;
pub mod demo;
pub mod error;
pub mod exchange;
pub mod family;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod followup;
pub mod gaps;
pub mod household;
pub mod identifiers;
pub mod intake;
pub mod keys;
pub mod leaflets;
pub mod pack;
pub mod packs;
pub mod person;
pub mod printing;
pub mod protection;
pub mod relationship;
pub mod search;
pub mod settings;
pub mod sharing;
pub mod store;
pub mod text;
pub mod unlock;
pub mod visit;
pub mod vocab;

pub use actor::{Actor, Role};
pub use error::{Error, FieldError, Invalid};
pub use settings::{ClinicSettings, ClinicSettingsDraft};
pub use store::{PersonMatch, Store};
