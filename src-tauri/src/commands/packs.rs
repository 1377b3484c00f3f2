//! Printouts: the choices for a leaflet pack (or for printing a sent one again), making a pack
//! or a visit checklist (a PDF in the packs folder next to the database, readable by the owner
//! only, deleted at the next lock, with its pages for the preview), opening it in the PDF
//! viewer, saving a copy where the practitioner chooses (audited), recording the pack that
//! was made as sent, and the packs due. Thin: take state, call `kinfold_core`, convert.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tauri::State;

use kinfold_core::pack::{Leaflet, SendMethod};
use kinfold_core::packs::{self, PackRequest};
use kinfold_core::person::PersonId;
use kinfold_core::visit;

use super::today;
use crate::dto::{DueDto, ErrorDto, MadePackDto, PackChoiceDto, PackInputDto, PrintoutDto};
use crate::state::{AppState, MadeFile, MadePackFile};

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

/// Writes `pdf` to `path`, readable and writable by the owner only; `new_file` refuses a
/// file that is already there.
fn write_private(path: &Path, pdf: &[u8], new_file: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if new_file {
        options.create_new(true);
    } else {
        options.create(true).truncate(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    use std::io::Write;
    let mut file = options.open(path)?;
    file.write_all(pdf)?;
    file.sync_all()
}

/// Writes a copy to `to` whole or not at all: into a file beside it, then renamed over it.
fn write_copy(to: &Path, pdf: &[u8]) -> std::io::Result<()> {
    let mut part = to.as_os_str().to_owned();
    part.push(".part");
    let part = PathBuf::from(part);
    let written = write_private(&part, pdf, false).and_then(|()| std::fs::rename(&part, to));
    if written.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    written
}

/// Saves a made printout in the private packs folder, as `stem.pdf` or, when that is taken
/// (the same pack made again today, perhaps with other leaflets, while the first is still on
/// screen), `stem-2.pdf` and so on: a file once shown is never replaced. Remembers it for this
/// session.
fn keep_made(
    state: &AppState,
    stem: &str,
    pdf: &[u8],
    child: PersonId,
    people: Vec<PersonId>,
    pack: Option<MadePackFile>,
) -> Result<PathBuf, ErrorDto> {
    let folder = state.packs_folder();
    let failed = |e: std::io::Error| {
        ErrorDto::new(
            "storage",
            format!("The PDF could not be saved in {}: {e}", folder.display()),
        )
    };
    std::fs::create_dir_all(&folder).map_err(failed)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700))
            .map_err(failed)?;
    }
    let mut number = 1;
    let path = loop {
        let name = match number {
            1 => format!("{stem}.pdf"),
            n => format!("{stem}-{n}.pdf"),
        };
        let path = folder.join(name);
        match write_private(&path, pdf, true) {
            Ok(()) => break path,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && number < 10_000 => {
                number += 1;
            }
            Err(e) => return Err(failed(e)),
        }
    };
    state.remember_made(MadeFile {
        path: path.clone(),
        child,
        people,
        pack,
    });
    Ok(path)
}

/// What can go in a pack for this person, and what Kinfold suggests; `again` names a pack in
/// the sent-log to print again.
#[tauri::command(async)]
pub fn pack_choice(
    state: State<'_, AppState>,
    child_id: i64,
    person_id: i64,
    again: Option<i64>,
) -> Result<PackChoiceDto, ErrorDto> {
    let (store, actor) = state.open()?;
    let choice = packs::choice(
        &store,
        &actor,
        today(),
        PersonId(child_id),
        PersonId(person_id),
        again,
    )?;
    Ok(PackChoiceDto::new(&choice))
}

/// Makes the pack and saves its PDF in the packs folder; `record` also puts it in the
/// sent-log (after the file is saved), as the batch of packs due does.
#[tauri::command(async)]
pub fn make_pack(
    state: State<'_, AppState>,
    pack: PackInputDto,
    record: bool,
) -> Result<MadePackDto, ErrorDto> {
    let request = request(&pack)?;
    let today = today();
    let (store, actor) = state.open()?;
    let made = Arc::new(packs::make(&store, &actor, today, &request)?);
    let stem = format!("pack-{}-{}-{today}", request.child, request.recipient);
    let file = keep_made(
        &state,
        &stem,
        &made.printed.pdf,
        request.child,
        vec![request.child, request.recipient],
        Some(MadePackFile {
            request: request.clone(),
            made: made.clone(),
            sent: None,
        }),
    )?;
    let sent = if record {
        let id = packs::record_sent(&store, &actor, today, &request, &made)?;
        state.mark_made_sent(&file, id);
        Some(id)
    } else {
        None
    };
    Ok(MadePackDto::new(&made, &file, sent))
}

/// Records a pack made in this session as sent: exactly the pack that was made and shown
/// (its leaflets, options and way of giving), whatever the form says now. Recording it again
/// gives the same sent-log entry.
#[tauri::command(async)]
pub fn record_pack(state: State<'_, AppState>, file: String) -> Result<MadePackDto, ErrorDto> {
    let (store, actor) = state.open()?;
    // One at a time, and the file looked up inside, so a second click sees the first's entry.
    let _one_at_a_time = state.recording();
    let made = state.made_file(Path::new(&file))?;
    let Some(pack) = made.pack else {
        return Err(ErrorDto::new(
            "bad_request",
            "That printout is not a leaflet pack, so it cannot be recorded as sent.",
        ));
    };
    let sent = match pack.sent {
        Some(id) => id,
        None => {
            let id = packs::record_sent(&store, &actor, today(), &pack.request, &pack.made)?;
            state.mark_made_sent(&made.path, id);
            id
        }
    };
    Ok(MadePackDto::new(&pack.made, &made.path, Some(sent)))
}

/// The practitioner's visit checklist for a child, as it stands today.
#[tauri::command(async)]
pub fn visit_checklist(state: State<'_, AppState>, child_id: i64) -> Result<PrintoutDto, ErrorDto> {
    let today = today();
    let (store, actor) = state.open()?;
    let made = visit::checklist(&store, &actor, PersonId(child_id), today)?;
    let stem = format!("visit-checklist-{child_id}-{today}");
    let file = keep_made(
        &state,
        &stem,
        &made.printed.pdf,
        made.child,
        made.people,
        None,
    )?;
    Ok(PrintoutDto::new(&made.printed, &file))
}

/// Opens a printout made in this session in the desktop's PDF viewer, to read or print it.
#[tauri::command(async)]
pub fn open_printout(state: State<'_, AppState>, file: String) -> Result<(), ErrorDto> {
    let _ = state.open()?;
    let made = state.made_file(Path::new(&file))?;
    let viewer = std::env::var_os(VIEWER_ENV).unwrap_or_else(|| "xdg-open".into());
    std::process::Command::new(&viewer)
        .arg(&made.path)
        .spawn()
        .map(|mut child| {
            // Waited for on its own thread, so that a closed viewer leaves no zombie process.
            std::thread::spawn(move || child.wait());
        })
        .map_err(|e| {
            ErrorDto::new(
                "storage",
                format!(
                    "The PDF viewer could not be started: {e}. The file is at {}",
                    made.path.display()
                ),
            )
        })
}

/// Prints a printout made in this session: the desktop's print dialog, for the window, whose
/// print styles show only the printout's pages (the preview, drawn from the same marks as
/// the PDF). Printing puts the people it names on paper, so it is audited first.
#[tauri::command(async)]
pub fn print_printout<R: tauri::Runtime>(
    window: tauri::WebviewWindow<R>,
    state: State<'_, AppState>,
    file: String,
) -> Result<(), ErrorDto> {
    let (store, actor) = state.open()?;
    let made = state.made_file(Path::new(&file))?;
    let name = file_name(&made);
    store.write(&actor, |w| {
        w.record_printed(made.child, &made.people, &name)
    })?;
    print_dialog(&window).map_err(|e| {
        ErrorDto::new(
            "unavailable",
            format!(
                "The print dialog could not be opened ({e}). Open the PDF and print it from there."
            ),
        )
    })
}

/// The print dialog for the window, on A4 with no margins: the sheets are whole A4 pages with
/// margins of their own, so they print at their true size, one to a page.
#[cfg(target_os = "linux")]
fn print_dialog<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|platform| {
        use gtk::prelude::*;
        use webkit2gtk::PrintOperationExt;
        let webview = platform.inner();
        let setup = gtk::PageSetup::new();
        setup.set_paper_size(&gtk::PaperSize::new(Some(gtk::PAPER_NAME_A4)));
        setup.set_top_margin(0.0, gtk::Unit::Mm);
        setup.set_bottom_margin(0.0, gtk::Unit::Mm);
        setup.set_left_margin(0.0, gtk::Unit::Mm);
        setup.set_right_margin(0.0, gtk::Unit::Mm);
        let operation = webkit2gtk::PrintOperation::new(&webview);
        operation.set_page_setup(&setup);
        let parent = webview
            .toplevel()
            .and_then(|w| w.downcast::<gtk::Window>().ok());
        operation.run_dialog(parent.as_ref());
    })
}

#[cfg(not(target_os = "linux"))]
fn print_dialog<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) -> tauri::Result<()> {
    window.print()
}

fn file_name(made: &MadeFile) -> String {
    made.path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "kinfold.pdf".to_owned())
}

/// Saves a copy of a printout made in this session where the practitioner chooses (the
/// desktop's save dialog). The copy is audited, with where it went, in the same transaction
/// as it is written: if it cannot be written, no audit row says it was. Resolves with the
/// path, or `null` when the practitioner cancels.
#[tauri::command(async)]
pub fn save_printout(state: State<'_, AppState>, file: String) -> Result<Option<String>, ErrorDto> {
    let (store, actor) = state.open()?;
    let made = state.made_file(Path::new(&file))?;
    let name = file_name(&made);
    let Some(mut to) = state.ask_where_to_save(&name)? else {
        return Ok(None);
    };
    if to.extension().is_none() {
        to.set_extension("pdf");
    }
    if to == made.path || to.is_dir() {
        return Err(ErrorDto::new(
            "invalid_input",
            "Choose a new file name in another folder",
        ));
    }
    let pdf = std::fs::read(&made.path).map_err(|e| {
        ErrorDto::new(
            "storage",
            format!("The printout could not be read ({e}). Make it again."),
        )
    })?;
    let saved = to.display().to_string();
    store.write(&actor, |w| {
        w.record_saved_copy(made.child, &made.people, &name, &saved)?;
        write_copy(&to, &pdf).map_err(|e| kinfold_core::Error::FileNotSaved {
            path: to.clone(),
            reason: e.to_string(),
        })
    })?;
    Ok(Some(saved))
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
