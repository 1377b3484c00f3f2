//! `kinfold-cli`: Kinfold's headless admin tool over the same core as the app. It sets up a
//! database (`setup`), fills it with a fictional caseload (`demo`), writes family networks out
//! as JSON (`export`) and reads them back in, all or nothing (`import`), and makes and
//! restores backups. Like the app it logs in as a practitioner and its actions are audited.

mod gaps_report;
mod options;

use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use kinfold_core::account::AccountDraft;
use kinfold_core::exchange::{self, ExchangeFile};
use kinfold_core::followup;
use kinfold_core::keys::KeyringEntry;
use kinfold_core::pack::SendMethod;
use kinfold_core::packs;
use kinfold_core::person::PersonId;
use kinfold_core::{unlock, Actor, Error, Store};
use zeroize::Zeroizing;

use options::{Command, Environment, Options, PackTarget, HELP, PASSWORD_ENV, USAGE};

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
    if let Err(e) = kinfold_core::keys::use_system_keyring() {
        return Err(Failure::new(e.to_string()));
    }
    let today = chrono::Local::now().date_naive();
    match &options.command {
        Command::Help => say(&format!("{HELP}\n")),
        Command::Setup { name } => setup(db, &options.user, name),
        Command::Restore { file } => restore(db, &options.user, file),
        Command::Rekey => {
            let (store, actor) = log_in(db, &options.user)?;
            let recovery = unlock::prepare_key_change(db, &actor)
                .map_err(|e| Failure::from_core("The key was not changed:", e))?;
            // Printed before the change, so the file is never under a key nobody has seen.
            say(&format!(
                "New recovery key (shown only this once; write it down and put it in the clinic's safe\nin place of the old one, which will no longer open the database):\n\n    {}\n\n",
                recovery.as_str()
            ))?;
            unlock::change_key(store, &actor).map_err(|e| {
                Failure::from_core(
                    "The key was not changed, so the recovery key above is not needed:",
                    e,
                )
            })?;
            say(&format!("{} has its new key.\n", db.display()))
        }
        Command::Backup { to } => {
            let (store, actor) = log_in(db, &options.user)?;
            actor
                .require_admin("make backups")
                .map_err(|e| Failure::new(e.to_string()))?;
            let made = store
                .back_up_to(&actor, to)
                .map_err(|e| Failure::from_core("No backup was made:", e))?;
            say(&format!(
                "Made a checked, encrypted backup of {}: {} ({} bytes).\n",
                db.display(),
                made.path.display(),
                made.bytes
            ))
        }
        Command::Demo { families, seed } => {
            let (store, actor) = log_in(db, &options.user)?;
            let summary = kinfold_core::demo::fill(&store, &actor, today, *families, *seed)
                .map_err(|e| {
                    Failure::from_core("The demonstration caseload was not finished:", e)
                })?;
            say(&format!(
                "Added {} fictional families to {} (seed {seed}): {} people, {} homes, {} relationships, {} care arrangements, {} sharing restrictions; {} contacts, {} gaps asked about or closed, {} leaflet packs, {} offers.\n",
                summary.families,
                db.display(),
                summary.people,
                summary.homes,
                summary.relationships,
                summary.care_arrangements,
                summary.restrictions,
                summary.history.contacts,
                summary.history.answers,
                summary.history.packs,
                summary.history.offers
            ))
        }
        Command::Checklist { child, out } => {
            let (store, actor) = log_in(db, &options.user)?;
            let made = kinfold_core::visit::checklist(&store, &actor, PersonId(*child), today)
                .map_err(|e| Failure::from_core("No checklist was made:", e))?;
            write_private_bytes(out, &made.printed.pdf).map_err(|e| {
                Failure::new(format!("{} could not be written: {e}", out.display()))
            })?;
            say(&format!(
                "Wrote {} ({} pages): the visit checklist for {}, with {} gaps still open. It is not encrypted: delete it when you are done.\n",
                out.display(),
                made.printed.pages(),
                made.document.child_name,
                made.document.gaps.len()
            ))
        }
        Command::Gaps { child, json } => {
            let (store, actor) = log_in(db, &options.user)?;
            let refused = "The gaps could not be listed:";
            let rows = match child {
                Some(id) => {
                    let f = followup::view_gaps(&store, &actor, PersonId(*id), today)
                        .map_err(|e| Failure::from_core(refused, e))?;
                    vec![gaps_report::ChildGaps {
                        named_practitioner: f
                            .network
                            .caseload
                            .as_ref()
                            .map(|c| c.named_practitioner.clone())
                            .unwrap_or_default(),
                        child: f.network.child,
                        gaps: f.gaps,
                    }]
                }
                None => followup::caseload_gaps(&store, &actor, today, None)
                    .map_err(|e| Failure::from_core(refused, e))?
                    .into_iter()
                    .map(|c| gaps_report::ChildGaps {
                        child: c.child,
                        named_practitioner: c.named_practitioner,
                        gaps: c.gaps,
                    })
                    .collect(),
            };
            if *json {
                say(&gaps_report::to_json(&rows, today))
            } else {
                say(&gaps_report::to_text(&rows, today))
            }
        }
        Command::Pack {
            which,
            large_print,
            invite,
            by,
        } => {
            let (store, actor) = log_in(db, &options.user)?;
            let method = by.as_deref().and_then(SendMethod::from_code);
            let request = |child: PersonId, recipient: PersonId| packs::PackRequest {
                child,
                recipient,
                leaflets: Vec::new(),
                large_print: *large_print,
                invitation: *invite,
                method,
            };
            match which {
                PackTarget::One { person, child, out } => {
                    let refused = "No pack was made:";
                    let recipient = PersonId(*person);
                    let child = match child {
                        Some(c) => PersonId(*c),
                        None => only_child(&store, &actor, recipient)?,
                    };
                    let req = request(child, recipient);
                    let made = packs::make(&store, &actor, today, &req)
                        .map_err(|e| Failure::from_core(refused, e))?;
                    write_private_bytes(out, &made.printed.pdf).map_err(|e| {
                        Failure::new(format!(
                            "No pack was recorded as sent: {} could not be written: {e}",
                            out.display()
                        ))
                    })?;
                    packs::record_sent(&store, &actor, today, &req, &made).map_err(|e| {
                        Failure::from_core(&format!("{} was written but not recorded as sent (delete it, or try again):", out.display()), e)
                    })?;
                    say(&format!(
                        "Wrote {} ({} pages) for {}, {}; recorded as sent {}.\n",
                        out.display(),
                        made.printed.pages(),
                        made.document.recipient_name,
                        made.document
                            .leaflets
                            .iter()
                            .map(|l| l.label())
                            .collect::<Vec<_>>()
                            .join(", "),
                        made.method.label().to_lowercase()
                    ))
                }
                PackTarget::Due { dir } => {
                    std::fs::create_dir_all(dir).map_err(|e| {
                        Failure::new(format!("{} could not be made: {e}", dir.display()))
                    })?;
                    let due = packs::due(&store, &actor, today)
                        .map_err(|e| Failure::from_core("The packs due could not be listed:", e))?;
                    let mut problems = Vec::new();
                    let mut made_count = 0;
                    for (child, recipient) in &due {
                        let file = dir.join(format!("pack-{child}-{recipient}.pdf"));
                        let req = request(*child, *recipient);
                        match packs::make(&store, &actor, today, &req) {
                            Ok(made) => match write_private_bytes(&file, &made.printed.pdf)
                                .map_err(|e| e.to_string())
                                .and_then(|()| {
                                    packs::record_sent(&store, &actor, today, &req, &made).map_err(
                                        |e| format!("written but not recorded as sent: {e}"),
                                    )
                                }) {
                                Ok(_) => {
                                    made_count += 1;
                                    say(&format!(
                                        "{}: {} pages for {} (child {child}), {}\n",
                                        file.display(),
                                        made.printed.pages(),
                                        made.document.recipient_name,
                                        made.method.label().to_lowercase()
                                    ))?;
                                }
                                Err(e) => problems.push(format!("{}: {e}", file.display())),
                            },
                            Err(e) => {
                                problems.push(format!("person {recipient} (child {child}): {e}"))
                            }
                        }
                    }
                    say(&format!("Made {made_count} of {} packs due.\n", due.len()))?;
                    if problems.is_empty() {
                        Ok(())
                    } else {
                        Err(Failure {
                            headline: format!(
                                "{} packs could not be made; the others are recorded as sent:",
                                problems.len()
                            ),
                            problems,
                        })
                    }
                }
            }
        }
        Command::Export { child, out } => {
            let (store, actor) = log_in(db, &options.user)?;
            let file = store
                .export_as(&actor, child.map(PersonId))
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
            let (store, actor) = log_in(db, &options.user)?;
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

/// The password, from KINFOLD_PASSWORD or else asked for without showing it.
fn password(prompt: &str) -> Result<Zeroizing<String>, Failure> {
    if let Some(p) = std::env::var_os(PASSWORD_ENV) {
        return p
            .into_string()
            .map(Zeroizing::new)
            .map_err(|_| Failure::new(format!("{PASSWORD_ENV} must be ordinary text")));
    }
    rpassword::prompt_password(prompt)
        .map(Zeroizing::new)
        .map_err(|e| {
            Failure::new(format!(
                "the password could not be read ({e}); set {PASSWORD_ENV} when there is no terminal"
            ))
        })
}

/// Opens the database with the key from the keyring and logs in as `user`.
fn log_in(db: &Path, user: &str) -> Result<(Store, Actor), Failure> {
    let store = unlock::open(db).map_err(|e| Failure::new(e.to_string()))?;
    let password = password(&format!("Kinfold password for {user}: "))?;
    let actor = store
        .login(user, &password)
        .map_err(|e| Failure::new(e.to_string()))?;
    Ok((store, actor))
}

/// Makes a new database and its first admin, and prints the recovery key once.
fn setup(db: &Path, user: &str, name: &str) -> Result<(), Failure> {
    if unlock::database_exists(db) {
        return Err(Failure::new(format!(
            "there is already a database at {}; nothing was changed",
            db.display()
        )));
    }
    let first = password(&format!("Choose a password for {user}: "))?;
    let again = if std::env::var_os(PASSWORD_ENV).is_some() {
        first.clone()
    } else {
        password("Type it again: ")?
    };
    let draft = AccountDraft {
        username: user.to_owned(),
        display_name: name.to_owned(),
        role: "admin".to_owned(),
        password: first,
        password_again: again,
    };
    let refused = "Nothing was set up:";
    let new = draft
        .validate()
        .map_err(|e| Failure::from_core(refused, Error::Invalid(e)))?;
    let (store, recovery) = unlock::create(db).map_err(|e| Failure::from_core(refused, e))?;
    store
        .create_first_admin(&new)
        .map_err(|e| Failure::from_core(refused, e))?;
    say(&format!(
        "Made a new encrypted database at {} with {} ({}) as its clinic admin.\n\n\
         Recovery key (shown only this once; write it down and keep it in the clinic's safe):\n\n    {}\n\n\
         It opens the database if this computer's keyring loses its key.\n",
        db.display(),
        new.display_name,
        new.username,
        recovery.as_str()
    ))
}

/// Set to the recovery key of a backup made before the last change of key.
const BACKUP_KEY_ENV: &str = "KINFOLD_BACKUP_RECOVERY_KEY";

/// Puts a backup in place of the database after logging in to the backup as an admin.
fn restore(db: &Path, user: &str, file: &Path) -> Result<(), Failure> {
    let refused = format!(
        "{} was not restored; nothing has been changed:",
        file.display()
    );
    let key = KeyringEntry::for_database(db)
        .and_then(|entry| entry.load(db))
        .map_err(|e| Failure::from_core(&refused, e))?;
    // A backup made before the last change of key opens with its own recovery key.
    let backup_key = match std::env::var(BACKUP_KEY_ENV) {
        Ok(text) => kinfold_core::keys::RecoveryKey::parse(&text)
            .map_err(|e| Failure::from_core(&format!("{refused} {BACKUP_KEY_ENV}:"), e))?,
        Err(_) => key.clone(),
    };
    // A file that is not a good backup is refused before anyone logs in.
    kinfold_core::store::check_backup(file, &backup_key)
        .map_err(|e| Failure::from_core(&refused, e))?;
    // An admin of the database as it is now, when it opens (so that an account turned off
    // since the backup, or a password changed since, does not come back); of the backup
    // only when the database itself is damaged.
    let current = unlock::check(db).and_then(|()| unlock::open(db));
    let password = match &current {
        Ok(_) => password(&format!("Kinfold password for {user}: "))?,
        Err(_) => password(&format!(
            "The database does not open, so give the password for {user} as it was in the backup: "
        ))?,
    };
    let checked_now = current.is_ok();
    if let Ok(store) = current {
        let actor = store
            .login(user, &password)
            .and_then(|actor| actor.require_admin("restore backups").map(|()| actor))
            .map_err(|e| Failure::from_core(&refused, e))?;
        drop((store, actor));
    }
    let kept = kinfold_core::store::restore(db, file, &backup_key, &key, |staged| {
        let actor = staged.login(user, &password).or_else(|e| match e {
            // Checked against the current database already; the backup's accounts may differ.
            kinfold_core::Error::LoginFailed | kinfold_core::Error::LoginPaused { .. }
                if checked_now =>
            {
                Ok(kinfold_core::Actor::new(
                    user.to_owned(),
                    kinfold_core::Role::Admin,
                ))
            }
            other => Err(other),
        })?;
        actor.require_admin("restore backups")?;
        staged.write(&actor, |w| w.record_restore(file))
    })
    .map_err(|e| Failure::from_core(&refused, e))?;
    let kept = match kept {
        Some(path) => format!(" The database it replaced is kept as {}.", path.display()),
        None => String::new(),
    };
    say(&format!(
        "Restored {} from {}.{kept}\n",
        db.display(),
        file.display()
    ))
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
/// The one child on the caseload that `person` is linked to, or a clear refusal.
fn only_child(store: &Store, actor: &Actor, person: PersonId) -> Result<PersonId, Failure> {
    let view = store
        .view_person(actor, person)
        .map_err(|e| Failure::from_core("No pack was made:", e))?;
    let children: Vec<PersonId> = view
        .children
        .iter()
        .filter(|c| c.on_caseload)
        .map(|c| c.child.id)
        .collect();
    match children.as_slice() {
        [one] => Ok(*one),
        [] => Err(Failure::new(format!("No pack was made: person {person} is not linked to any child on the caseload"))),
        many => Err(Failure::new(format!(
            "No pack was made: person {person} is linked to {} children on the caseload; say which with --child ({})",
            many.len(),
            many.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
        ))),
    }
}

fn write_private_bytes(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_private_with(path, bytes)
}

fn write_private(path: &Path, text: &str) -> io::Result<()> {
    write_private_with(path, text.as_bytes())
}

fn write_private_with(path: &Path, content: &[u8]) -> io::Result<()> {
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
    file.write_all(content)?;
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
