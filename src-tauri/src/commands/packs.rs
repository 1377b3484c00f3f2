//! Leaflet packs: the choices for a recipient, making a pack (a PDF in the packs folder next
//! to the database, readable by the owner only, deleted at the next lock), opening it in the
//! PDF viewer (to read or print), recording it as sent, and the packs due. Thin: take state, call
//! `kinfold_core::packs`, convert.

use std::path::{Path, PathBuf};

use tauri::State;

use kinfold_core::pack::{Leaflet, SendMethod};
use kinfold_core::packs::{self, PackRequest};
use kinfold_core::person::PersonId;

use super::today;
use crate::dto::{DueDto, ErrorDto, MadePackDto, PackChoiceDto, PackInputDto};
use crate::state::AppState;

/// The program that opens a PDF (the desktop's default viewer); tests point it elsewhere.
const VIEWER_ENV: &str = "KINFOLD_PDF_VIEWER";

fn request(input: &PackInputDto) -> Result<PackRequest, ErrorDto> {
    let mut leaflets = Vec::new();
    for code in &input.leaflets {
        let leaflet = Leaflet::from_code(code).ok_or_else(|| {
            ErrorDto::from(&kinfold_core::Error::invalid(
                "leaflets",
                format!("There is no leaflet called {code:?}"),
            ))
        })?;
        if !leaflets.contains(&leaflet) {
            leaflets.push(leaflet);
        }
    }
    if leaflets.is_empty() {
        return Err(ErrorDto::from(&kinfold_core::Error::invalid(
            "leaflets",
            "Choose at least one leaflet",
        )));
    }
    let method = match input.method.trim() {
        "" => None,
        code => Some(SendMethod::from_code(code).ok_or_else(|| {
            ErrorDto::from(&kinfold_core::Error::invalid(
                "method",
                "Choose how the pack will be given",
            ))
        })?),
    };
    Ok(PackRequest {
        child: PersonId(input.child_id),
        recipient: PersonId(input.person_id),
        leaflets,
        large_print: input.large_print,
        invitation: input.invitation,
        method,
    })
}

fn write_pack(folder: &Path, name: &str, pdf: &[u8]) -> Result<PathBuf, ErrorDto> {
    let failed = |e: std::io::Error| {
        ErrorDto::new(
            "storage",
            format!("The pack could not be saved in {}: {e}", folder.display()),
        )
    };
    std::fs::create_dir_all(folder).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700)).map_err(failed)?;
    }
    let path = folder.join(name);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut file = options.open(&path).map_err(failed)?;
    file.write_all(pdf).map_err(failed)?;
    Ok(path)
}

/// What can go in a pack for this person, and what Kinfold suggests.
#[tauri::command(async)]
pub fn pack_choice(
    state: State<'_, AppState>,
    child_id: i64,
    person_id: i64,
) -> Result<PackChoiceDto, ErrorDto> {
    let (store, actor) = state.open()?;
    let choice = packs::choice(
        &store,
        &actor,
        today(),
        PersonId(child_id),
        PersonId(person_id),
    )?;
    Ok(PackChoiceDto::new(&choice))
}

/// Makes the pack and saves its PDF in the packs folder; `record` also puts it in the
/// sent-log (after the file is saved).
#[tauri::command(async)]
pub fn make_pack(
    state: State<'_, AppState>,
    pack: PackInputDto,
    record: bool,
) -> Result<MadePackDto, ErrorDto> {
    let request = request(&pack)?;
    let today = today();
    let (store, actor) = state.open()?;
    let made = packs::make(&store, &actor, today, &request)?;
    let name = format!("pack-{}-{}-{today}.pdf", request.child, request.recipient);
    let file = write_pack(&state.packs_folder(), &name, &made.printed.pdf)?;
    let sent = if record {
        Some(packs::record_sent(&store, &actor, today, &request, &made)?)
    } else {
        None
    };
    Ok(MadePackDto::new(&made, &file, sent))
}

/// Opens a made pack in the desktop's PDF viewer, to read or print it.
#[tauri::command(async)]
pub fn open_pack(state: State<'_, AppState>, file: String) -> Result<(), ErrorDto> {
    let _ = state.open()?;
    let folder = state.packs_folder();
    let path = PathBuf::from(&file);
    // Only a pack Kinfold made may be opened this way.
    let inside = path.parent() == Some(folder.as_path())
        && path.extension().is_some_and(|e| e == "pdf")
        && path.is_file();
    if !inside {
        return Err(ErrorDto::new(
            "bad_request",
            "That is not a pack Kinfold made",
        ));
    }
    let viewer = std::env::var_os(VIEWER_ENV).unwrap_or_else(|| "xdg-open".into());
    std::process::Command::new(&viewer)
        .arg(&path)
        .spawn()
        .map(|_| ())
        .map_err(|e| {
            ErrorDto::new(
                "storage",
                format!(
                    "The PDF viewer could not be started: {e}. The pack is at {}",
                    path.display()
                ),
            )
        })
}

/// Every safety pack that is due.
#[tauri::command(async)]
pub fn packs_due(state: State<'_, AppState>) -> Result<Vec<DueDto>, ErrorDto> {
    let (store, actor) = state.open()?;
    Ok(packs::due_with_names(&store, &actor, today())?
        .iter()
        .map(DueDto::new)
        .collect())
}
