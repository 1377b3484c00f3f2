//! The smallest Tauri window: one static page, no commands, no state. It is the yardstick
//! for Kinfold's launch time and memory in `cargo xtask bench` (measured the same way, in the
//! same run), not part of the app.

fn main() {
    if let Err(e) =
        tauri::Builder::default().run(tauri::generate_context!("examples/minimal/tauri.conf.json"))
    {
        eprintln!("minimal_window: the window could not start: {e}");
        std::process::exit(1);
    }
}
