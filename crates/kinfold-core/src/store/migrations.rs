//! The schema's history: append-only SQL files in `migrations/`, applied in order at open.
//! Never edit or reorder a file that has shipped; add a new one.

use rusqlite_migration::{Migrations, M};

/// Every migration, oldest first. The database's `user_version` counts how many are applied.
pub(crate) const FILES: &[(&str, &str)] = &[
    (
        "0001_foundation.sql",
        include_str!("../../migrations/0001_foundation.sql"),
    ),
    (
        "0002_family_network.sql",
        include_str!("../../migrations/0002_family_network.sql"),
    ),
    (
        "0003_person_search.sql",
        include_str!("../../migrations/0003_person_search.sql"),
    ),
    (
        "0004_search_names_in_index.sql",
        include_str!("../../migrations/0004_search_names_in_index.sql"),
    ),
    (
        "0005_protection.sql",
        include_str!("../../migrations/0005_protection.sql"),
    ),
    (
        "0006_gaps.sql",
        include_str!("../../migrations/0006_gaps.sql"),
    ),
    (
        "0007_statements.sql",
        include_str!("../../migrations/0007_statements.sql"),
    ),
    (
        "0008_printed_packs.sql",
        include_str!("../../migrations/0008_printed_packs.sql"),
    ),
    (
        "0009_restriction_index.sql",
        include_str!("../../migrations/0009_restriction_index.sql"),
    ),
];

pub(crate) fn all() -> Migrations<'static> {
    Migrations::new(FILES.iter().map(|(_, sql)| M::up(sql)).collect())
}

/// The schema version this build of Kinfold writes.
pub fn latest_version() -> i64 {
    FILES.len() as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_sql_that_applies_cleanly() {
        assert!(all().validate().is_ok(), "{:?}", all().validate());
    }

    #[test]
    fn every_file_in_the_folder_is_listed_in_order_and_says_why() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let listed: Vec<&str> = FILES.iter().map(|(name, _)| *name).collect();
        assert_eq!(
            on_disk, listed,
            "list every migration file in FILES, in order"
        );
        for (i, (name, sql)) in FILES.iter().enumerate() {
            assert!(
                name.starts_with(&format!("{:04}_", i + 1)),
                "{name} must be numbered {:04}",
                i + 1
            );
            assert!(
                sql.starts_with("-- Why:"),
                "{name} must open with a '-- Why:' comment"
            );
        }
    }
}
