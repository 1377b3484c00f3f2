//! `kinfold-cli`: Kinfold's headless admin tool over the same core as the app. It fills a
//! database with a fictional caseload (`demo`), writes family networks out as JSON
//! (`export`) and reads them back in, all or nothing (`import`).

mod options;

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use kinfold_core::exchange::{self, ExchangeFile};
use kinfold_core::person::PersonId;
use kinfold_core::{Actor, Error, Role, Store};

use options::{Command, Environment, Options, HELP, USAGE};

/// Exit status when something was refused or failed (nothing was changed).
const FAILED: u8 = 1;
/// Exit status when the command line was wrong.
const WRONG_ARGUMENTS: u8 = 2;

/// How many problems with a file are listed; the rest are counted.
const MOST_PROBLEMS_SHOWN: usize = 25;

/// Why a command did not finish: a headline and, for a refused file, one line per problem.
struct Failure {
    headline: String,
    problems: Vec<String>,
}

impl Failure {
    fn new(headline: impl Into<String>) -> Failure {
        Failure {
            headline: headline.into(),
            problems: Vec::new(),
        }
    }

    /// A core error, with every problem of an invalid file or record on its own line.
    fn from_core(context: &str, e: Error) -> Failure {
        match e {
            Error::Invalid(invalid) => Failure {
                headline: context.to_owned(),
                problems: invalid.errors.into_iter().map(|e| e.message).collect(),
            },
            other => Failure::new(format!("{context} {other}")),
        }
    }
}

fn main() -> ExitCode {
    let options = match Options::parse(std::env::args_os().skip(1), &Environment::from_process()) {
        Ok(options) => options,
        Err(message) => {
            say_error(&format!(
                "kinfold-cli: {message}\n\n{USAGE}\n\nRun kinfold-cli --help for more."
            ));
            return ExitCode::from(WRONG_ARGUMENTS);
        }
    };
    match run(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            let mut text = format!("kinfold-cli: {}", failure.headline);
            for problem in failure.problems.iter().take(MOST_PROBLEMS_SHOWN) {
                text.push_str("\n  ");
                text.push_str(problem);
            }
            let more = failure.problems.len().saturating_sub(MOST_PROBLEMS_SHOWN);
            if more > 0 {
                text.push_str(&format!(
                    "\n  ... and {more} more problem{}",
                    if more == 1 { "" } else { "s" }
                ));
            }
            say_error(&text);
            ExitCode::from(FAILED)
        }
    }
}

fn run(options: &Options) -> Result<(), Failure> {
    let db = match (&options.command, &options.db) {
        (Command::Help, _) => return say(&format!("{HELP}\n")),
        (_, Some(db)) => db.as_path(),
        (_, None) => return Err(Failure::new("no database was given")),
    };
    let actor = Actor::new(format!("cli:{}", options.user), Role::Practitioner);
    let today = chrono::Local::now().date_naive();
    match &options.command {
        Command::Help => say(&format!("{HELP}\n")),
        Command::Demo { families, seed } => {
            let store = open(db)?;
            let summary = kinfold_core::demo::fill(&store, &actor, today, *families, *seed)
                .map_err(|e| {
                    Failure::from_core("The demonstration caseload was not finished:", e)
                })?;
            say(&format!(
                "Added {} fictional families to {} (seed {seed}): {} people, {} homes, {} relationships, {} care arrangements, {} sharing restrictions.\n",
                summary.families,
                db.display(),
                summary.people,
                summary.homes,
                summary.relationships,
                summary.care_arrangements,
                summary.restrictions
            ))
        }
        Command::Export { child, out } => {
            if !db.exists() {
                return Err(Failure::new(format!(
                    "there is no database at {}; nothing was exported",
                    db.display()
                )));
            }
            let store = open(db)?;
            let file = store
                .read(|r| exchange::export(r, child.map(PersonId)))
                .map_err(|e| Failure::from_core("Nothing was exported:", e))?;
            let text = file
                .to_json()
                .map_err(|e| Failure::from_core("Nothing was exported:", e))?;
            match out {
                None => say(&text),
                Some(path) => {
                    write_private(path, &text).map_err(|e| {
                        Failure::new(format!("{} could not be written: {e}", path.display()))
                    })?;
                    let what = match child {
                        Some(id) => format!("the family network of person {id}"),
                        None => "everything".to_owned(),
                    };
                    say_error(&format!(
                        "Wrote {what} to {} ({} people, {} homes, {} relationships).",
                        path.display(),
                        file.people.len(),
                        file.homes.len(),
                        file.relationships.len()
                    ));
                    Ok(())
                }
            }
        }
        Command::Import { file } => {
            let name = if file.as_os_str() == "-" {
                "standard input".to_owned()
            } else {
                file.display().to_string()
            };
            let refused = format!("{name} was not imported; nothing has been changed:");
            let text = read_text(file)
                .map_err(|e| Failure::new(format!("{name} could not be read: {e}")))?;
            let parsed =
                ExchangeFile::from_json(&text).map_err(|e| Failure::from_core(&refused, e))?;
            let store = open(db)?;
            let summary = exchange::import(&store, &actor, today, &parsed)
                .map_err(|e| Failure::from_core(&refused, e))?;
            say(&format!(
                "Imported {name} into {}: {} people, {} homes, {} home memberships, {} caseload children, {} relationships, {} care arrangements, {} sharing restrictions.\n",
                db.display(),
                summary.people,
                summary.homes,
                summary.memberships,
                summary.caseload,
                summary.relationships,
                summary.care,
                summary.restrictions
            ))
        }
    }
}

fn open(db: &Path) -> Result<Store, Failure> {
    Store::open(db).map_err(|e| Failure::new(e.to_string()))
}

fn read_text(file: &Path) -> io::Result<String> {
    let mut text = String::new();
    if file.as_os_str() == "-" {
        io::stdin().lock().read_to_string(&mut text)?;
    } else {
        std::fs::File::open(file)?.read_to_string(&mut text)?;
    }
    Ok(text)
}

/// Export files hold care records: only the account that wrote one may read it.
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    // The mode above only applies to a new file: an existing one is made private too,
    // before anything is written to it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Writes to standard output. A reader that has gone away (`| head`) is not a failure.
fn say(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::new(format!(
            "standard output could not be written: {e}"
        ))),
    }
}

/// Writes a line to standard error; there is nowhere left to report it if that fails.
fn say_error(text: &str) {
    let _ = writeln!(io::stderr().lock(), "{text}");
}
