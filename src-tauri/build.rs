//! Build script for the shell: reads the root `tauri.conf.json`, generates a permission for
//! each of our commands, and checks the capability files against them.

/// Every command the UI may call. A command missing here cannot be granted in a capability,
/// so the UI cannot call it.
const COMMANDS: &[&str] = &[
    "app_status",
    "get_settings",
    "save_settings",
    "vocabulary",
    "list_caseload",
    "add_child",
    "family_network",
    "add_member",
    "add_other_child",
    "search_people",
    "person_view",
    "person_duplicates",
    "merge_people",
    "person_history",
    "person_draft",
    "update_person",
    "add_care",
    "add_restriction",
    "end_relationship",
    "move_home",
];

fn main() {
    println!("cargo:rerun-if-changed=capabilities");
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
