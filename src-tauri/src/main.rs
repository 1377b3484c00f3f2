//! Kinfold's desktop entry point: read the command line, open the database, show the window.

// Release builds on Windows should not open a console window next to the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod dto;
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
    let result = tauri::Builder::default()
        .setup(move |app| {
            let db = match options.db {
                Some(path) => path,
                None => app.path().app_data_dir()?.join(launch::DEFAULT_DB_FILE),
            };
            app.manage(state::AppState::open(db));
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_status,
            commands::get_settings,
            commands::save_settings,
            commands::vocabulary,
            commands::list_caseload,
            commands::add_child,
            commands::family_network,
            commands::add_member,
            commands::add_other_child,
            commands::search_people,
            commands::person_view,
            commands::person_duplicates,
            commands::merge_people,
            commands::person_history,
            commands::person_draft,
            commands::update_person,
            commands::add_care,
            commands::add_restriction,
            commands::end_relationship,
            commands::move_home,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"));
    if let Err(e) = result {
        eprintln!("kinfold: the window could not start: {e}");
        std::process::exit(1);
    }
}
