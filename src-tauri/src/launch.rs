//! The app's command line: where the database is. Nothing else is configured this way.

use std::ffi::OsString;
use std::path::PathBuf;

pub const DEFAULT_DB_FILE: &str = "kinfold.db";

/// The environment variable that points the app at a database when `--db` is not given.
pub const DB_ENV: &str = "KINFOLD_DB";

pub const USAGE: &str = "\
Usage: kinfold [--db PATH]

  --db PATH   use the Kinfold database at PATH (created if missing).
              Without it, KINFOLD_DB is used if set, else kinfold.db in
              this computer's app-data folder for Kinfold.
  --help      show this help";

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub db: Option<PathBuf>,
    pub help: bool,
}

impl Options {
    /// Reads the arguments (without the program name). `KINFOLD_DB` fills in for `--db`.
    pub fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Options, String> {
        Self::parse_with_env(args, std::env::var_os(DB_ENV))
    }

    fn parse_with_env(
        args: impl IntoIterator<Item = OsString>,
        env_db: Option<OsString>,
    ) -> Result<Options, String> {
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.to_str() {
                Some("--db") => {
                    let path = args.next().ok_or("--db needs a path after it")?;
                    options.db = Some(non_empty(path)?);
                }
                Some("--help" | "-h") => options.help = true,
                _ => {
                    if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
                        options.db = Some(non_empty(path.into())?);
                    } else {
                        return Err(format!("unknown argument {:?}", arg));
                    }
                }
            }
        }
        if options.db.is_none() {
            if let Some(path) = env_db.filter(|p| !p.is_empty()) {
                options.db = Some(PathBuf::from(path));
            }
        }
        Ok(options)
    }
}

fn non_empty(path: OsString) -> Result<PathBuf, String> {
    if path.is_empty() {
        Err("--db needs a path, not an empty string".to_owned())
    } else {
        Ok(PathBuf::from(path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: Option<&str>) -> Result<Options, String> {
        Options::parse_with_env(args.iter().map(OsString::from), env.map(OsString::from))
    }

    #[test]
    fn db_from_flag_wins_over_environment() {
        let o = parse(&["--db", "/tmp/a.db"], Some("/tmp/env.db")).unwrap();
        assert_eq!(o.db, Some(PathBuf::from("/tmp/a.db")));
        let o = parse(&["--db=/tmp/b.db"], None).unwrap();
        assert_eq!(o.db, Some(PathBuf::from("/tmp/b.db")));
    }

    #[test]
    fn environment_fills_in_and_default_is_none() {
        assert_eq!(
            parse(&[], Some("/tmp/env.db")).unwrap().db,
            Some(PathBuf::from("/tmp/env.db"))
        );
        assert_eq!(parse(&[], Some("")).unwrap().db, None);
        assert_eq!(parse(&[], None).unwrap(), Options::default());
    }

    #[test]
    fn mistakes_are_named() {
        assert_eq!(
            parse(&["--db"], None).unwrap_err(),
            "--db needs a path after it"
        );
        assert!(parse(&["--db", ""], None).unwrap_err().contains("empty"));
        assert!(parse(&["--bd", "x"], None)
            .unwrap_err()
            .contains("unknown argument \"--bd\""));
        assert!(parse(&["--help"], None).unwrap().help);
    }
}
