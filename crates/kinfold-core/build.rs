//! Finds the leaflet font (Atkinson Hyperlegible, from the pinned npm package that
//! `cargo xtask` installs) and copies it where `printing` embeds it from.

use std::path::PathBuf;

const PACKAGE: &str = "node_modules/@expo-google-fonts/atkinson-hyperlegible";
const FILES: &[(&str, &str)] = &[
    (
        "400Regular/AtkinsonHyperlegible_400Regular.ttf",
        "leaflet-regular.ttf",
    ),
    (
        "700Bold/AtkinsonHyperlegible_700Bold.ttf",
        "leaflet-bold.ttf",
    ),
    ("LICENSE_FONT", "leaflet-font-licence.txt"),
];

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let package = manifest.join("../..").join(PACKAGE);
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    for (from, to) in FILES {
        let source = package.join(from);
        println!("cargo:rerun-if-changed={}", source.display());
        if let Err(e) = std::fs::copy(&source, out.join(to)) {
            panic!(
                "\n\nThe leaflet font is missing ({}: {e}).\nRun `cargo xtask run` or `cargo xtask test` once (they install it with npm), or `npm ci` in the repository.\n\n",
                source.display()
            );
        }
    }
}
