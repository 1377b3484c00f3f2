//! Kinfold's desktop entry point: read the command line, open the database, show the window.

// Release builds on Windows should not open a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dto;
#[cfg(test)]
mod ipc_tests;
mod launch;
mod state;

use tauri::Manager;

fn main() {
    let options = match launch::Options::parse(std::env::args_os().skip(1)) {
        Ok(options) => options,
        Err(message) => {
            eprintln!("kinfold: {message}\n\n{}", launch::USAGE);
            std::process::exit(2);
        }
    };
    if options.help {
        println!("{}", launch::USAGE);
        return;
    }
    if let Err(e) = kinfold_core::keys::use_system_keyring() {
        // Not fatal here: the window explains it (every open then fails with this error).
        eprintln!("kinfold: {e}");
    }
    let result = commands::register(tauri::Builder::default())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let db = match options.db {
                Some(path) => path,
                None => app.path().app_data_dir()?.join(launch::DEFAULT_DB_FILE),
            };
            let state = state::AppState::start(db);
            state.set_save_dialog(Box::new(SaveDialog(app.handle().clone())));
            app.manage(state);
            watch_idle(app.handle().clone());
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(e) = result {
        eprintln!("kinfold: the window could not start: {e}");
        std::process::exit(1);
    }
}

/// The desktop's own save dialog (GTK on Linux), over the main window.
struct SaveDialog(tauri::AppHandle);

impl state::SaveDialog for SaveDialog {
    fn ask(&self, suggested_name: &str) -> Option<std::path::PathBuf> {
        use tauri_plugin_dialog::DialogExt;
        let mut dialog = self
            .0
            .dialog()
            .file()
            .set_title("Save a copy")
            .set_file_name(suggested_name)
            .add_filter("PDF", &["pdf"]);
        if let Some(window) = self.0.get_webview_window("main") {
            dialog = dialog.set_parent(&window);
        }
        if let Some(documents) = self.0.path().document_dir().ok().filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(documents);
        }
        // Runs the dialog on the main thread and waits here (commands run on worker threads).
        dialog.blocking_save_file()?.into_path().ok()
    }
}

/// Locks an idle session even when the window sends nothing (a frozen or closed UI): the key
/// must not stay in memory past the idle limit.
fn watch_idle(app: tauri::AppHandle) {
    std::thread::spawn(move || loop {
        std::thread::sleep(std::time::Duration::from_secs(10));
        app.state::<state::AppState>().lock_if_idle();
    });
}
