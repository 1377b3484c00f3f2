//! Kinfold's core: the domain model, its validation rules and its storage, with no UI or
//! transport in it. The desktop shell (`src-tauri`) and the command-line tools call into this
//! crate; this crate never depends on Tauri.

pub mod actor;
pub mod audit;
pub mod contact;
pub mod error;
pub mod settings;
pub mod store;
pub mod text;

pub use actor::{Actor, Role};
pub use error::{Error, FieldError, Invalid};
pub use settings::{ClinicSettings, ClinicSettingsDraft};
pub use store::Store;
