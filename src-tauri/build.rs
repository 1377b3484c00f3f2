//! Build script for the shell: reads the root `tauri.conf.json`, generates a permission for
//! each of our commands, and checks the capability files against them.

// COMMANDS: every command the UI may call (shared with the IPC tests).
include!("command_names.rs");

fn main() {
    println!("cargo:rerun-if-changed=capabilities");
    println!("cargo:rerun-if-changed=command_names.rs");
    let vendored = std::path::Path::new("../ui/vendor/nhsuk/nhsuk-frontend.min.css");
    // The UI is embedded in the binary by `generate_context!`, which cannot tell cargo what it
    // read: without this, changing only the UI would leave the old one in the app.
    println!("cargo:rerun-if-changed=../ui");
    if !vendored.exists() {
        println!(
            "cargo:warning=ui/vendor/nhsuk is missing: the window will have no styles. \
             Build with `cargo xtask run` (it installs nhsuk-frontend from npm)."
        );
    }
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .capabilities_path_pattern("./capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(e) = tauri_build::try_build(attributes) {
        eprintln!("tauri-build failed: {e:#}");
        std::process::exit(1);
    }
}
