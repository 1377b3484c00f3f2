//! Build script for the shell: reads the root `tauri.conf.json`, generates a permission for
//! each of our commands, and checks the capability files against them.

/// Every command the UI may call. A command missing here cannot be granted in a capability,
/// so the UI cannot call it.
const COMMANDS: &[&str] = &["app_status", "get_settings", "save_settings"];

fn main() {
    println!("cargo:rerun-if-changed=capabilities");
    let vendored = std::path::Path::new("../ui/vendor/nhsuk/nhsuk-frontend.min.css");
    println!("cargo:rerun-if-changed=../ui/vendor/nhsuk");
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
