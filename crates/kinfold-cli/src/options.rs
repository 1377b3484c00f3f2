//! The command line of `kinfold-cli`: which database, who is acting, and what to do. Anything
//! it does not understand is refused with one line saying what is wrong.

use std::ffi::OsString;
use std::path::PathBuf;

use lexopt::prelude::*;

/// The environment variable that points at a database when `--db` is not given (as the app).
pub const DB_ENV: &str = "KINFOLD_DB";

/// The most families `demo` makes in one go.
pub const MOST_FAMILIES: u32 = 500_000;
/// How many families `demo` makes unless told.
pub const DEFAULT_FAMILIES: u32 = 30;
/// The seed `demo` uses unless told, so that every demonstration starts the same.
pub const DEFAULT_SEED: u64 = 1;

/// The environment variable a script can put the password in instead of typing it.
pub const PASSWORD_ENV: &str = "KINFOLD_PASSWORD";

pub const USAGE: &str = "\
Usage: kinfold-cli [--db PATH] [--user NAME] <command>

Commands:
  setup --name \"FULL NAME\"           make a new database and its first admin (NAME)
  demo [--families N] [--seed S]     add a fictional caseload (30 families unless told)
  export [--child ID] [--out FILE]   write one child's family network, or everything, as JSON
  import FILE                        add the family networks in FILE, all of it or nothing
  gaps [--child ID] [--json]         list the open gaps of one child, or of the whole caseload
  pack --person ID --out FILE.pdf    print a leaflet pack for one person and record it as sent
  pack --due --out-dir DIR           print every safety pack that is due, and record them
  checklist --child ID --out FILE.pdf  print the visit checklist for one child
  backup --to DIR                    make a checked, encrypted backup in DIR (admins)
  restore FILE                       put a backup in place of the database (admins)
  rekey                              give the database a new key and recovery key (admins)";

pub const HELP: &str = "\
kinfold-cli: Kinfold's admin tool. It works on a Kinfold database without opening the app.

Usage: kinfold-cli [--db PATH] [--user NAME] <command>

Commands:
  setup --name \"FULL NAME\"
      Make a new, encrypted database with its first account, a clinic admin whose username
      is --user. Its key goes into this computer's keyring, and its recovery key is printed
      once: write it down and keep it somewhere safe.
  demo [--families N] [--seed S]
      Add a fictional caseload of N families (30 unless told) whose babies are up to a year
      old today. The same seed (1 unless told) gives the same families. NHS numbers come
      from the 999 range that is never issued; phone numbers from the ranges kept for drama.
  export [--child ID] [--out FILE]
      Write the family network of the child with person id ID (everything when --child is
      left out) as JSON, to FILE or else to standard output.
  import FILE
      Add the family networks in FILE (as written by export; - reads standard input) with
      new ids. Every record is checked first; if anything is wrong, each problem is listed
      and nothing at all is added.
  gaps [--child ID] [--json]
      List what is missing from the family network of the child with person id ID, or of
      every child on the caseload (most at risk first): each open gap with its rule, who it
      is about, how serious it is and every time it was asked about. Gaps waiting for their
      date to ask again are listed too, marked as waiting. --json writes the same as JSON for
      scripts.
  pack --person ID [--child ID] --out FILE.pdf [--large-print] [--invite] [--by HOW]
      Print the leaflet pack Kinfold suggests for person ID about their child (--child when
      they have more than one on the caseload), with a cover letter for a windowed envelope,
      and record it in the sent-log. --invite adds the joint-appointment letter; HOW is
      post (the default when their address is known), by_hand or at_appointment.
  pack --due --out-dir DIR [--large-print] [--by HOW]
      Print a pack for everyone who has a child overnight and has not had the safety
      leaflets, one PDF each in DIR (made if missing), and record each one as sent.
  checklist --child ID --out FILE.pdf
      Print the practitioner's visit checklist for the child with person id ID: what is
      known about the family, what must not be shared with whom, every gap still open, the
      leaflets given, and lines for notes. It is for the practitioner only, and the PDF is
      not encrypted: delete it when you are done.
  backup --to DIR
      Make an encrypted backup in folder DIR (made if missing) with SQLite's online backup,
      check every page of it, and record it in the audit trail. Admins only.
  restore FILE
      Check the backup FILE, then put it in place of the database. The database it replaces
      is renamed (to NAME.replaced-DATE), never deleted. You log in as an admin of the
      backup, so this works even when the database itself is damaged. A backup made before
      the last change of key needs its own recovery key in KINFOLD_BACKUP_RECOVERY_KEY.
  rekey
      Give the database a new key, for when the recovery key may have been seen by someone
      who should not have it. Prints the new recovery key once; the old one stops working
      (backups made before keep the key they were made with). Admins only.

Options:
  --db PATH     the Kinfold database (created if missing, except by export). Without it,
                KINFOLD_DB is used.
  --user NAME   your Kinfold username (default: $USER). Every command logs in as you and
                is recorded in the audit trail under your name.
  --name TEXT   the full name of the first admin (setup only)
  --to DIR      where backup puts the backup
  --json        gaps writes JSON instead of text

The password is read from KINFOLD_PASSWORD when it is set, otherwise asked for (it is not
shown as you type). The database key comes from this computer's keyring, as in the app.
  -h, --help    show this help

The file format is described in docs/family-network-json.md.
Exit status: 0 done; 1 refused or failed, with nothing changed; 2 wrong arguments.";

/// What to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    Demo {
        families: u32,
        seed: u64,
    },
    Export {
        child: Option<i64>,
        out: Option<PathBuf>,
    },
    Import {
        file: PathBuf,
    },
    Setup {
        name: String,
    },
    Backup {
        to: PathBuf,
    },
    Restore {
        file: PathBuf,
    },
    Rekey,
    Gaps {
        child: Option<i64>,
        json: bool,
    },
    Checklist {
        child: i64,
        out: PathBuf,
    },
    Pack {
        which: PackTarget,
        large_print: bool,
        invite: bool,
        /// `post`, `by_hand` or `at_appointment`; unset: post when there is an address.
        by: Option<String>,
    },
}

/// Which packs `pack` makes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackTarget {
    One {
        person: i64,
        /// Needed when the person is linked to more than one child on the caseload.
        child: Option<i64>,
        out: PathBuf,
    },
    Due {
        dir: PathBuf,
    },
}

/// Every command, and the options each one takes (besides --db and --user).
const OPTIONS_BY_COMMAND: &[(&str, &[&str])] = &[
    ("setup", &["--name"]),
    ("demo", &["--families", "--seed"]),
    ("export", &["--child", "--out"]),
    ("import", &[]),
    ("gaps", &["--child", "--json"]),
    (
        "pack",
        &[
            "--person",
            "--child",
            "--out",
            "--due",
            "--out-dir",
            "--large-print",
            "--invite",
            "--by",
        ],
    ),
    ("checklist", &["--child", "--out"]),
    ("backup", &["--to"]),
    ("restore", &[]),
    ("rekey", &[]),
];

const COMMANDS: &[&str] = &[
    "setup",
    "demo",
    "export",
    "import",
    "gaps",
    "pack",
    "checklist",
    "backup",
    "restore",
    "rekey",
];

/// Everything the command line said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Always set except for [`Command::Help`].
    pub db: Option<PathBuf>,
    pub user: String,
    pub command: Command,
}

/// What the environment supplies when the command line does not.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub db: Option<OsString>,
    pub user: Option<OsString>,
}

impl Environment {
    pub fn from_process() -> Environment {
        Environment {
            db: std::env::var_os(DB_ENV),
            user: std::env::var_os("USER").or_else(|| std::env::var_os("USERNAME")),
        }
    }
}

impl Options {
    /// Reads the arguments (without the program name). Returns one line saying what is wrong
    /// when they cannot be understood.
    pub fn parse(
        args: impl IntoIterator<Item = OsString>,
        env: &Environment,
    ) -> Result<Options, String> {
        let mut parser = lexopt::Parser::from_args(args);
        let mut db: Option<PathBuf> = None;
        let mut user: Option<String> = None;
        let mut help = false;
        let mut command: Option<String> = None;
        let mut file: Option<PathBuf> = None;
        let mut families: Option<u32> = None;
        let mut seed: Option<u64> = None;
        let mut child: Option<i64> = None;
        let mut out: Option<PathBuf> = None;
        let mut name: Option<String> = None;
        let mut to: Option<PathBuf> = None;
        let mut json = false;
        let mut due = false;
        let mut large_print = false;
        let mut invite = false;
        let mut person: Option<i64> = None;
        let mut out_dir: Option<PathBuf> = None;
        let mut by: Option<String> = None;

        while let Some(arg) = parser.next().map_err(describe)? {
            match arg {
                Long("db") => db = Some(a_path("--db", parser.value().map_err(describe)?)?),
                Long("user") => user = Some(a_user(parser.value().map_err(describe)?)?),
                Long("help") | Short('h') => help = true,
                Long("json") => json = true,
                Long("due") => due = true,
                Long("large-print") => large_print = true,
                Long("invite") => invite = true,
                Long("person") => {
                    let value = parser.value().map_err(describe)?;
                    person = Some(a_person_id("--person", &value)?);
                }
                Long("out-dir") => {
                    out_dir = Some(a_path("--out-dir", parser.value().map_err(describe)?)?);
                }
                Long("by") => {
                    let value = parser.value().map_err(describe)?;
                    let text = value.to_string_lossy().trim().to_owned();
                    if !["post", "by_hand", "at_appointment"].contains(&text.as_str()) {
                        return Err(format!(
                            "--by needs post, by_hand or at_appointment ({text:?} is not one)"
                        ));
                    }
                    by = Some(text);
                }
                Long("families") => {
                    let value = parser.value().map_err(describe)?;
                    families = Some(a_family_count(&value)?);
                }
                Long("seed") => {
                    let value = parser.value().map_err(describe)?;
                    seed = Some(a_seed(&value)?);
                }
                Long("child") => {
                    let value = parser.value().map_err(describe)?;
                    child = Some(a_person_id("--child", &value)?);
                }
                Long("out") => out = Some(a_path("--out", parser.value().map_err(describe)?)?),
                Long("to") => to = Some(a_path("--to", parser.value().map_err(describe)?)?),
                Long("name") => {
                    let value = parser.value().map_err(describe)?;
                    name = Some(
                        value
                            .into_string()
                            .map_err(|_| "--name needs ordinary text".to_owned())?,
                    );
                }
                Value(value) if command.is_none() => {
                    command = Some(value.into_string().map_err(|v| {
                        format!("unknown command {v:?} (use {})", COMMANDS.join(", "))
                    })?);
                }
                Value(value)
                    if matches!(command.as_deref(), Some("import" | "restore"))
                        && file.is_none() =>
                {
                    file = Some(a_path("the file", value)?);
                }
                other => return Err(describe(other.unexpected())),
            }
        }

        if help {
            return Ok(Options {
                db: None,
                user: String::new(),
                command: Command::Help,
            });
        }
        let Some(command_name) = command else {
            return Err(format!("no command given: say {}", COMMANDS.join(", ")));
        };
        // Each option belongs to some commands; any other use is a mistake worth naming.
        let given = [
            ("--families", families.is_some()),
            ("--seed", seed.is_some()),
            ("--child", child.is_some()),
            ("--out", out.is_some()),
            ("--name", name.is_some()),
            ("--to", to.is_some()),
            ("--json", json),
            ("--person", person.is_some()),
            ("--due", due),
            ("--out-dir", out_dir.is_some()),
            ("--large-print", large_print),
            ("--invite", invite),
            ("--by", by.is_some()),
        ];
        for (option, set) in given {
            let takers: Vec<&str> = OPTIONS_BY_COMMAND
                .iter()
                .filter(|(_, options)| options.contains(&option))
                .map(|(command, _)| *command)
                .collect();
            if set
                && !takers.contains(&command_name.as_str())
                && COMMANDS.contains(&command_name.as_str())
            {
                let with = match takers.split_last() {
                    Some((last, rest)) if !rest.is_empty() => {
                        format!("{} or {last}", rest.join(", "))
                    }
                    _ => takers.join(""),
                };
                return Err(format!(
                    "{option} only goes with {with}, not with {command_name}"
                ));
            }
        }
        let command = match command_name.as_str() {
            "setup" => {
                let name = name
                    .map(|n| n.trim().to_owned())
                    .filter(|n| !n.is_empty())
                    .ok_or("setup needs the admin's full name, like: --name \"Ana Admin\"")?;
                Command::Setup { name }
            }
            "backup" => {
                let to = to.ok_or("backup needs a folder, like: --to /media/backup")?;
                Command::Backup { to }
            }
            "rekey" => Command::Rekey,
            "restore" => {
                let file = file.ok_or(
                    "restore needs the backup file, like: kinfold-cli restore kinfold-backup.db",
                )?;
                Command::Restore { file }
            }
            "demo" => Command::Demo {
                families: families.unwrap_or(DEFAULT_FAMILIES),
                seed: seed.unwrap_or(DEFAULT_SEED),
            },
            "export" => Command::Export { child, out },
            "gaps" => Command::Gaps { child, json },
            "checklist" => Command::Checklist {
                child: child.ok_or("checklist needs the child, like: --child 12")?,
                out: out.ok_or("checklist needs --out FILE.pdf")?,
            },
            "pack" => {
                if person.is_some() && out_dir.is_some() {
                    return Err(
                        "--out-dir goes with pack --due; for one pack use --out FILE.pdf"
                            .to_owned(),
                    );
                }
                let which = match (person, due) {
                    (Some(person), false) => {
                        let out = out.ok_or("pack --person needs --out FILE.pdf")?;
                        PackTarget::One { person, child, out }
                    }
                    (None, true) => {
                        if child.is_some() || out.is_some() {
                            return Err("pack --due makes every pack that is due: leave out --child and --out, and give --out-dir DIR".to_owned());
                        }
                        let dir = out_dir.ok_or("pack --due needs --out-dir DIR")?;
                        PackTarget::Due { dir }
                    }
                    (Some(_), true) => {
                        return Err("pack takes --person ID or --due, not both".to_owned())
                    }
                    (None, false) => {
                        return Err(
                            "pack needs --person ID (one pack) or --due (every pack that is due)"
                                .to_owned(),
                        )
                    }
                };
                Command::Pack {
                    which,
                    large_print,
                    invite,
                    by,
                }
            }
            "import" => {
                let file = file
                    .ok_or("import needs the file to read, like: kinfold-cli import family.json")?;
                Command::Import { file }
            }
            other => {
                return Err(format!(
                    "unknown command {other:?} (use {})",
                    COMMANDS.join(", ")
                ))
            }
        };
        let db = match db {
            Some(db) => db,
            None => match env.db.as_ref().filter(|p| !p.is_empty()) {
                Some(path) => PathBuf::from(path),
                None => {
                    return Err(format!(
                        "say which database to use with --db PATH (or set {DB_ENV})"
                    ))
                }
            },
        };
        let user = match user {
            Some(user) => user,
            None => env
                .user
                .as_ref()
                .and_then(|u| u.to_str())
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map_or_else(|| "unknown".to_owned(), str::to_owned),
        };
        Ok(Options {
            db: Some(db),
            user,
            command,
        })
    }
}

/// lexopt's errors, in the words used everywhere else in this tool.
fn describe(e: lexopt::Error) -> String {
    match e {
        lexopt::Error::MissingValue {
            option: Some(option),
        } => format!("{option} needs a value after it"),
        lexopt::Error::MissingValue { option: None } => "a value is missing".to_owned(),
        lexopt::Error::UnexpectedOption(option) => format!("unknown option {option}"),
        lexopt::Error::UnexpectedArgument(value) => {
            format!("unexpected argument {:?}", value.to_string_lossy())
        }
        lexopt::Error::UnexpectedValue { option, value } => format!(
            "{option} does not take a value (it was given {:?})",
            value.to_string_lossy()
        ),
        other => other.to_string(),
    }
}

fn a_path(option: &str, value: OsString) -> Result<PathBuf, String> {
    if value.is_empty() {
        Err(format!("{option} needs a path, not an empty string"))
    } else {
        Ok(PathBuf::from(value))
    }
}

fn a_user(value: OsString) -> Result<String, String> {
    let name = value
        .to_str()
        .ok_or("--user needs a name made of ordinary text")?
        .trim()
        .to_owned();
    if name.is_empty() {
        return Err("--user needs a name, not an empty string".to_owned());
    }
    if name.chars().any(char::is_control) {
        return Err("--user must not contain control characters".to_owned());
    }
    if name.chars().count() > 64 {
        return Err("--user must be 64 characters or fewer".to_owned());
    }
    Ok(name)
}

fn a_family_count(value: &OsString) -> Result<u32, String> {
    let text = value.to_string_lossy();
    match text.trim().parse::<u32>() {
        Ok(n) if (1..=MOST_FAMILIES).contains(&n) => Ok(n),
        _ => Err(format!(
            "--families needs a whole number from 1 to {MOST_FAMILIES} ({text:?} is not)"
        )),
    }
}

fn a_seed(value: &OsString) -> Result<u64, String> {
    let text = value.to_string_lossy();
    text.trim()
        .parse::<u64>()
        .map_err(|_| format!("--seed needs a whole number of 0 or more, like 42 ({text:?} is not)"))
}

fn a_person_id(option: &str, value: &OsString) -> Result<i64, String> {
    let text = value.to_string_lossy();
    match text.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{option} needs a person id, a whole number like 12 ({text:?} is not)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Environment {
        Environment {
            db: None,
            user: Some("sam".into()),
        }
    }

    fn parse(args: &[&str]) -> Result<Options, String> {
        Options::parse(args.iter().map(OsString::from), &env())
    }

    #[test]
    fn demo_defaults_and_options_in_any_order() {
        let o = parse(&["--db", "/tmp/k.db", "demo"]).unwrap();
        assert_eq!(
            o.command,
            Command::Demo {
                families: 30,
                seed: 1
            }
        );
        assert_eq!(o.user, "sam");
        let o = parse(&["demo", "--seed=7", "--families", "5", "--db", "k.db"]).unwrap();
        assert_eq!(
            o.command,
            Command::Demo {
                families: 5,
                seed: 7
            }
        );
        assert_eq!(o.db, Some(PathBuf::from("k.db")));
    }

    #[test]
    fn export_and_import() {
        let o = parse(&["--db", "k.db", "export", "--child", "12", "--out", "f.json"]).unwrap();
        assert_eq!(
            o.command,
            Command::Export {
                child: Some(12),
                out: Some("f.json".into())
            }
        );
        let o = parse(&["--db", "k.db", "--user", "jo", "import", "f.json"]).unwrap();
        assert_eq!(
            o.command,
            Command::Import {
                file: "f.json".into()
            }
        );
        assert_eq!(o.user, "jo");
    }

    #[test]
    fn gaps_for_one_child_or_everyone_as_text_or_json() {
        let o = parse(&["--db", "k.db", "gaps"]).unwrap();
        assert_eq!(
            o.command,
            Command::Gaps {
                child: None,
                json: false
            }
        );
        let o = parse(&["--db", "k.db", "gaps", "--json", "--child", "7"]).unwrap();
        assert_eq!(
            o.command,
            Command::Gaps {
                child: Some(7),
                json: true
            }
        );
        assert_eq!(
            parse(&["--db", "k.db", "export", "--json"]).unwrap_err(),
            "--json only goes with gaps, not with export"
        );
        assert_eq!(
            parse(&["--db", "k.db", "demo", "--child", "3"]).unwrap_err(),
            "--child only goes with export, gaps, pack or checklist, not with demo"
        );
        assert_eq!(
            parse(&["--db", "k.db", "gaps", "--out", "x"]).unwrap_err(),
            "--out only goes with export, pack or checklist, not with gaps"
        );
    }

    #[test]
    fn the_environment_fills_in_the_database() {
        let env = Environment {
            db: Some("/tmp/env.db".into()),
            user: None,
        };
        let o = Options::parse(["export"].iter().map(OsString::from), &env).unwrap();
        assert_eq!(o.db, Some(PathBuf::from("/tmp/env.db")));
        assert_eq!(o.user, "unknown");
        let o =
            Options::parse(["--db", "a.db", "export"].iter().map(OsString::from), &env).unwrap();
        assert_eq!(o.db, Some(PathBuf::from("a.db")));
    }

    #[test]
    fn wrong_arguments_say_what_is_wrong_in_one_line() {
        for (args, expected) in [
            (&["--db", "k.db"][..], "no command given"),
            (&["--db", "k.db", "dance"], "unknown command \"dance\""),
            (
                &["--db", "k.db", "demo", "--colour"],
                "unknown option --colour",
            ),
            (&["--db"], "--db needs a value"),
            (
                &["--db", "k.db", "export", "--child", "abc"],
                "--child needs a person id",
            ),
            (
                &["--db", "k.db", "export", "--child", "-3"],
                "--child needs a person id",
            ),
            (
                &["--db", "k.db", "demo", "--families", "0"],
                "--families needs a whole number",
            ),
            (
                &["--db", "k.db", "demo", "--seed", "x"],
                "--seed needs a whole number",
            ),
            (&["--db", "k.db", "import"], "import needs the file"),
            (
                &["--db", "k.db", "import", "a", "b"],
                "unexpected argument \"b\"",
            ),
            (
                &["--db", "k.db", "demo", "--out", "x"],
                "--out only goes with export",
            ),
            (&["demo"], "--db PATH"),
            (&["--db", "", "demo"], "not an empty string"),
            (
                &["--db", "k.db", "--user", " ", "demo"],
                "--user needs a name",
            ),
            (
                &["--db", "k.db", "--help=yes"],
                "--help does not take a value",
            ),
        ] {
            let message = parse(args).unwrap_err();
            assert!(
                message.contains(expected),
                "{args:?}: {message:?} should say {expected:?}"
            );
            assert!(!message.contains('\n'), "{message:?} is not one line");
        }
    }

    #[test]
    fn help_wins() {
        assert_eq!(parse(&["demo", "--help"]).unwrap().command, Command::Help);
        assert_eq!(parse(&["-h"]).unwrap().command, Command::Help);
    }
}
