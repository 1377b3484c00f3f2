//! Installing what the project needs from Debian's packages and crates.io, only when missing.

use std::process::Command;

/// What building and running the app needs: WebKitGTK (which pulls in GTK, GLib and the
/// rest), OpenSSL for SQLCipher's encryption, libdbus to reach the keyring, and a Secret
/// Service (gnome-keyring) to keep the database key in.
pub const BUILD_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libxdo-dev",
    "libssl-dev",
    "libdbus-1-dev",
    "gnome-keyring",
];

/// What the tests need: a virtual display, WebKit's WebDriver, a session bus and a keyring,
/// poppler's pdftotext and pdftoppm to read printed packs back, and xdotool to answer the
/// desktop's print and save dialogs.
pub const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "xauth",
    "webkit2gtk-driver",
    "dbus",
    "gnome-keyring",
    "poppler-utils",
    "xdotool",
];

/// What the benchmarks need besides the tests' packages: Chromium and its WebDriver, to print
/// the same pack the way an Electron app would.
pub const BENCH_PACKAGES: &[&str] = &["chromium", "chromium-driver"];

/// Whether `name` is an executable on the PATH (looked up, not run: some tools start a
/// server whatever their arguments).
pub fn has_program(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| is_executable(&dir.join(name))))
}

fn is_executable(path: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

fn is_installed(package: &str) -> bool {
    Command::new("dpkg-query")
        .args(["-W", "-f=${Status}", package])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains("install ok installed"))
        .unwrap_or(false)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
        .unwrap_or(false)
}

/// Installs the Debian packages in `packages` that are not installed yet, with sudo when not
/// running as root.
pub fn ensure_packages(packages: &[&str]) -> Result<(), String> {
    if !has_program("dpkg-query") {
        return Err(format!(
            "this is not a Debian-based system; install the equivalents of these packages yourself: {}",
            packages.join(" ")
        ));
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| !is_installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    println!("xtask: installing system packages: {}", missing.join(" "));
    let apt = |args: &[&str]| -> Result<(), String> {
        let mut command = if is_root() {
            Command::new("apt-get")
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg("apt-get");
            sudo
        };
        let status = command
            .args(args)
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .map_err(|e| format!("could not run apt-get: {e}"))?;
        if status.success() {
            Ok(())
        } else {
            Err(format!("apt-get {} failed ({status})", args.join(" ")))
        }
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq"];
    install.extend(&missing);
    apt(&install)
}

/// Installs a cargo-installed tool at `version` when it is not on the PATH.
pub fn ensure_cargo_tool(name: &str, version: &str) -> Result<(), String> {
    if has_program(name) || cargo_bin(name).is_some_and(|p| is_executable(&p)) {
        return Ok(());
    }
    println!("xtask: installing {name} {version} with cargo install");
    let status = Command::new(env!("CARGO"))
        .args(["install", "--locked", name, "--version", version])
        .status()
        .map_err(|e| format!("could not run cargo install: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo install {name} failed ({status})"))
    }
}

fn cargo_bin(name: &str) -> Option<std::path::PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| std::path::Path::new(&h).join(".cargo")))?;
    Some(home.join("bin").join(name))
}
