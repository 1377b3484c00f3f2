//! Installs the front-end packages from npm: the NHS design system, whose parts the UI uses
//! are copied into `ui/vendor/nhsuk/` (not committed), adapted to a window with no network
//! (relative asset paths, no web-font rules pointing at remote servers, which the CSP would
//! block anyway); and the Atkinson Hyperlegible font that leaflets are printed in (the core's
//! build script embeds it from node_modules; its licence is copied to `ui/vendor/fonts/`).

use std::path::Path;
use std::process::Command;

const PACKAGE: &str = "node_modules/nhsuk-frontend";
const FONT_PACKAGE: &str = "node_modules/@expo-google-fonts/atkinson-hyperlegible";

pub fn prepare(root: &Path) -> Result<(), String> {
    let package = root.join(PACKAGE);
    if !installed_version_matches_lock(root)? {
        println!("xtask: installing front-end packages with npm ci");
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
            .current_dir(root)
            .status()
            .map_err(|e| format!("could not run npm: {e}"))?;
        if !status.success() {
            return Err(format!("npm ci failed ({status})"));
        }
    }
    let dist = package.join("dist/nhsuk");
    let vendor = root.join("ui/vendor/nhsuk");
    let css = read(&dist.join("nhsuk-frontend.min.css"))?;
    write_if_changed(&vendor.join("nhsuk-frontend.min.css"), adapt_css(&css))?;
    let js = read(&dist.join("nhsuk-frontend.min.js"))?;
    let js = js.replace("//# sourceMappingURL=nhsuk-frontend.min.js.map", "");
    write_if_changed(&vendor.join("nhsuk-frontend.min.js"), &js)?;
    let images = dist.join("assets/images");
    let entries = std::fs::read_dir(&images).map_err(|e| format!("{}: {e}", images.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == "svg") {
            let name = path.file_name().expect("a file from read_dir has a name");
            write_if_changed(&vendor.join("assets/images").join(name), &read(&path)?)?;
        }
    }
    write_if_changed(
        &vendor.join("README.txt"),
        "nhsuk-frontend (MIT licence), copied from npm by `cargo xtask`. Do not edit.\n",
    )?;
    let fonts = root.join("ui/vendor/fonts");
    write_if_changed(
        &fonts.join("OFL.txt"),
        &read(&root.join(FONT_PACKAGE).join("LICENSE_FONT"))?,
    )?;
    // The preview of a printout draws its pages in the same font as the PDF.
    for (from, to) in [
        (
            "400Regular/AtkinsonHyperlegible_400Regular.ttf",
            "AtkinsonHyperlegible-Regular.ttf",
        ),
        (
            "700Bold/AtkinsonHyperlegible_700Bold.ttf",
            "AtkinsonHyperlegible-Bold.ttf",
        ),
    ] {
        copy_if_changed(&root.join(FONT_PACKAGE).join(from), &fonts.join(to))?;
    }
    write_if_changed(
        &fonts.join("README.txt"),
        "Atkinson Hyperlegible (SIL Open Font License 1.1, in OFL.txt), from the npm package\n\
         @expo-google-fonts/atkinson-hyperlegible. Kinfold prints leaflets in it; the font is\n\
         embedded (subset) in each PDF, and the preview of a printout uses these copies.\n\
         Copied by `cargo xtask`. Do not edit.\n",
    )
}

/// Whether node_modules holds the versions that package-lock.json pins.
fn installed_version_matches_lock(root: &Path) -> Result<bool, String> {
    let lock = read(&root.join("package-lock.json"))?;
    for package in [PACKAGE, FONT_PACKAGE] {
        let Ok(installed) = std::fs::read_to_string(root.join(package).join("package.json")) else {
            return Ok(false);
        };
        let wanted = version_after(&lock, &format!("\"{package}\""))
            .ok_or_else(|| format!("package-lock.json does not pin {package}"))?;
        if version_after(&installed, "\"name\"").as_deref() != Some(wanted.as_str()) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The first `"version": "x"` value after `marker` in a JSON text.
fn version_after(json: &str, marker: &str) -> Option<String> {
    let rest = &json[json.find(marker)?..];
    let rest = &rest[rest.find("\"version\"")? + "\"version\"".len()..];
    let start = rest.find('"')? + 1;
    let end = start + rest[start..].find('"')?;
    Some(rest[start..end].to_owned())
}

fn adapt_css(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("@font-face{") {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let rule = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        if !rule.contains("https://") {
            out.push_str(rule);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out.replace("url(/assets/", "url(assets/")
        .replace("/*# sourceMappingURL=nhsuk-frontend.min.css.map */", "")
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// Writing only changed files keeps the app's build script from re-running for nothing.
fn write_if_changed(path: &Path, content: impl AsRef<[u8]>) -> Result<(), String> {
    let content = content.as_ref();
    if std::fs::read(path).is_ok_and(|old| old == content) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, content).map_err(|e| format!("{}: {e}", path.display()))
}

fn copy_if_changed(from: &Path, to: &Path) -> Result<(), String> {
    let bytes = std::fs::read(from).map_err(|e| format!("{}: {e}", from.display()))?;
    write_if_changed(to, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remote_fonts_are_dropped_and_local_rules_kept() {
        let css = "a{b:c}@font-face{font-family:X;src:url(https://x/y.woff)}@font-face{font-family:L;src:url(l.woff)}.i{background:url(/assets/images/i.svg)}";
        assert_eq!(
            adapt_css(css),
            "a{b:c}@font-face{font-family:L;src:url(l.woff)}.i{background:url(assets/images/i.svg)}"
        );
    }

    #[test]
    fn reads_the_pinned_version() {
        let lock = r#"{"packages":{"node_modules/nhsuk-frontend":{"version": "10.6.1"}}}"#;
        assert_eq!(
            version_after(lock, "\"node_modules/nhsuk-frontend\"").as_deref(),
            Some("10.6.1")
        );
    }
}
