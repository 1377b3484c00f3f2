//! Project automation behind the README's two commands: `cargo xtask run` installs what is
//! missing, builds and opens the app; `cargo xtask test` runs every check CI runs.

mod bench;
mod system;
mod ui;

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "\
Usage: cargo xtask <command>

  run [--release] [--demo] [-- APP-ARGS]
                                  install what is missing, build and open Kinfold
                                  (APP-ARGS go to the app, e.g. -- --db /tmp/k.db);
                                  --demo opens a fictional caseload in <target>/demo.db,
                                  made with kinfold-cli the first time
  test                            every check: format, clippy, unit, integration and
                                  end-to-end tests (the same command CI runs)
  setup                           only install system packages, tauri-driver and the UI assets
  bench                           every benchmark (release builds), written up in
                                  docs/benchmarks.md (not part of test: it takes a while)";

/// The version of tauri-driver the end-to-end tests were written against.
const TAURI_DRIVER_VERSION: &str = "2.1.0";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") if args.len() == 1 => test(),
        Some("setup") if args.len() == 1 => setup(true),
        Some("bench") if args.len() == 1 => bench(),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown or missing command\n\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_owned()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_absolute() { p } else { root().join(p) })
        .unwrap_or_else(|| root().join("target"))
}

/// The demonstration database's admin (fictional data only; never use these for real).
const DEMO_USER: &str = "demo";
const DEMO_PASSWORD: &str = "demo password";

fn setup(for_tests: bool) -> Result<(), String> {
    let mut packages = system::BUILD_PACKAGES.to_vec();
    if for_tests {
        packages.extend_from_slice(system::TEST_PACKAGES);
    }
    if !system::has_program("npm") {
        packages.extend_from_slice(&["nodejs", "npm"]);
    }
    system::ensure_packages(&packages)?;
    ui::prepare(&root())?;
    if for_tests {
        system::ensure_cargo_tool("tauri-driver", TAURI_DRIVER_VERSION)?;
    }
    Ok(())
}

fn run(args: &[String]) -> Result<(), String> {
    let (ours, app_args) = match args.iter().position(|a| a == "--") {
        Some(i) => (&args[..i], &args[i + 1..]),
        None => (args, &[][..]),
    };
    let mut release = false;
    let mut demo = false;
    for flag in ours {
        match flag.as_str() {
            "--release" => release = true,
            "--demo" => demo = true,
            _ => return Err(format!("unknown option for run: {flag:?}\n\n{USAGE}")),
        }
    }
    let mut app_args: Vec<OsString> = app_args.iter().map(OsString::from).collect();
    if demo
        && app_args
            .iter()
            .any(|a| a == "--db" || a.to_string_lossy().starts_with("--db="))
    {
        return Err("--demo chooses the database itself: leave out --db".to_owned());
    }
    setup(false)?;
    if demo {
        let db = target_dir().join("demo.db");
        if !db.exists() {
            let cli = |args: &[&str]| {
                let mut cli = cargo();
                cli.args(["run", "--package", "kinfold-cli", "--bin", "kinfold-cli"]);
                if release {
                    cli.arg("--release");
                }
                cli.arg("--")
                    .arg("--db")
                    .arg(&db)
                    .args(["--user", DEMO_USER])
                    .args(args)
                    .env("KINFOLD_PASSWORD", DEMO_PASSWORD);
                cli
            };
            step(
                "set up the demonstration database",
                &mut cli(&["setup", "--name", "Demo Admin"]),
            )?;
            step("make the demonstration caseload", &mut cli(&["demo"]))?;
        }
        println!(
            "xtask: log in to the demonstration database as {DEMO_USER}, password {DEMO_PASSWORD:?}"
        );
        app_args.splice(0..0, [OsString::from("--db"), db.into_os_string()]);
    }
    let mut cargo = cargo();
    cargo.args(["run", "--package", "kinfold-app", "--bin", "kinfold"]);
    if release {
        cargo.arg("--release");
    }
    cargo.arg("--").args(app_args);
    step("build and open Kinfold", &mut cargo)
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    setup(true)?;
    step("format", cargo().args(["fmt", "--all", "--check"]))?;
    step(
        "clippy",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--locked",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    step(
        "unit and integration tests (with a private, unlocked gnome-keyring)",
        &mut with_keyring(
            env!("CARGO"),
            &[
                "test",
                "--workspace",
                "--locked",
                "--exclude",
                "kinfold-e2e",
            ],
        )?,
    )?;
    step(
        "build the app for end-to-end tests",
        cargo().args([
            "build",
            "--locked",
            "--package",
            "kinfold-app",
            "--bin",
            "kinfold",
        ]),
    )?;
    let app = target_dir().join("debug").join("kinfold");
    let artifacts = target_dir().join("e2e");
    let mut e2e = under_xvfb(&[
        "test",
        "--locked",
        "--package",
        "kinfold-e2e",
        "--",
        "--test-threads=1",
    ])?;
    e2e.env("KINFOLD_APP_BIN", &app)
        .env("KINFOLD_E2E_ARTIFACTS", &artifacts)
        .current_dir(root());
    step("end-to-end tests (real window under Xvfb)", &mut e2e)?;
    println!(
        "xtask: every check passed in {:.0} s (end-to-end screenshots in {})",
        started.elapsed().as_secs_f64(),
        artifacts.display()
    );
    Ok(())
}

/// Every benchmark, then docs/benchmarks.md written from their figures.
fn bench() -> Result<(), String> {
    setup(true)?;
    system::ensure_packages(system::BENCH_PACKAGES)?;
    let started = Instant::now();
    let mut figures = bench::Figures::new();
    for name in ["gaps", "views", "pack", "search"] {
        let out = bench::capture(
            &format!("benchmark {name} (kinfold-core, release build)"),
            cargo().args(["bench", "--locked", "-p", "kinfold-core", "--bench", name]),
        )?;
        bench::parse_divan(name, &out, &mut figures);
        bench::parse_search_mix(&out, &mut figures);
    }
    step(
        "build Kinfold and the minimal Tauri window (release)",
        cargo().args([
            "build",
            "--locked",
            "--release",
            "--package",
            "kinfold-app",
            "--bin",
            "kinfold",
            "--example",
            "minimal_window",
        ]),
    )?;
    let release = target_dir().join("release");
    let mut programs = under_xvfb(&[
        "bench",
        "--locked",
        "--package",
        "kinfold-e2e",
        "--bench",
        "app",
    ])?;
    programs
        .env("KINFOLD_APP_BIN", release.join("kinfold"))
        .env(
            "KINFOLD_MINIMAL_BIN",
            release.join("examples/minimal_window"),
        )
        .env("KINFOLD_E2E_ARTIFACTS", target_dir().join("bench-screens"));
    let out = bench::capture(
        "whole programs: launch, memory, packs against Chromium (under Xvfb)",
        &mut programs,
    )?;
    bench::parse_lines(&out, &mut figures);
    let date = Command::new("date")
        .arg("+%-d %b %Y")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_default();
    let report = bench::report(&figures, &bench::machine(), &bench::commit(&root()), &date);
    let path = root().join("docs/benchmarks.md");
    std::fs::write(&path, report).map_err(|e| format!("{}: {e}", path.display()))?;
    println!(
        "xtask: every benchmark ran in {:.0} s; the report is {}",
        started.elapsed().as_secs_f64(),
        path.display()
    );
    Ok(())
}

/// `program args` inside a private D-Bus session with gnome-keyring running as the Secret
/// Service, unlocked before anything touches D-Bus. Its keyring files live in a fresh folder
/// under the target directory, so tests never see (or leave keys in) a real keyring.
/// `cargo ARGS` in a virtual display, with a private keyring: how the app is driven in the
/// end-to-end tests and the whole-program benchmarks.
fn under_xvfb(cargo_args: &[&str]) -> Result<Command, String> {
    let mut args = vec![
        "--auto-servernum",
        "--server-args=-screen 0 1280x1024x24",
        env!("CARGO"),
    ];
    args.extend_from_slice(cargo_args);
    with_keyring("xvfb-run", &args)
}

fn with_keyring(program: &str, args: &[&str]) -> Result<Command, String> {
    let home = target_dir().join("test-keyring");
    let _ = std::fs::remove_dir_all(&home);
    std::fs::create_dir_all(&home)
        .map_err(|e| format!("could not make {}: {e}", home.display()))?;
    let mut command = Command::new("dbus-run-session");
    command
        .args([
            "--",
            "sh",
            "-c",
            r#"eval "$(printf '%s' kinfold-test | gnome-keyring-daemon --unlock --components=secrets)" && exec "$@""#,
            "sh",
            program,
        ])
        .args(args)
        .env("XDG_DATA_HOME", &home)
        .current_dir(root());
    Ok(command)
}

fn cargo() -> Command {
    let mut c = Command::new(env!("CARGO"));
    c.current_dir(root());
    c
}

fn step(name: &str, command: &mut Command) -> Result<(), String> {
    println!("xtask: ── {name}");
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|e| format!("{name}: could not start {:?}: {e}", command.get_program()))?;
    println!("xtask: ── {name}: {:.0} s", started.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err(format!("{name} failed ({status})"))
    }
}
