//! The catalogue is complete, its placeholders are ones the pack can fill, and every leaflet
//! and letter reads at Flesch-Kincaid grade 6 or lower (a reading age of about 11).

use super::*;

/// Syllables in one word, by counting vowel groups (the usual estimate): a silent final "e"
/// does not count, and every word has at least one.
fn syllables(word: &str) -> usize {
    let letters: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if letters.is_empty() {
        return 1;
    }
    let vowel = |c: &char| "aeiouy".contains(*c);
    let mut groups = 0;
    let mut previous = false;
    for c in &letters {
        let v = vowel(c);
        if v && !previous {
            groups += 1;
        }
        previous = v;
    }
    let n = letters.len();
    if n > 2
        && letters[n - 1] == 'e'
        && !vowel(&letters[n - 2])
        && letters[n - 2] != 'l'
        && groups > 1
    {
        groups -= 1;
    }
    groups.max(1)
}

/// Flesch-Kincaid grade of some pieces of text; each piece ends at least one sentence.
fn grade(pieces: &[String]) -> f64 {
    let mut sentences = 0usize;
    let mut words = 0usize;
    let mut sylls = 0usize;
    for piece in pieces {
        let ends = piece.matches(['.', '!', '?']).count();
        let trailing = piece.trim_end().ends_with(['.', '!', '?']);
        sentences += ends + usize::from(!trailing);
        for word in piece.split_whitespace() {
            if word.chars().any(char::is_alphanumeric) {
                words += 1;
                sylls += syllables(word);
            }
        }
    }
    0.39 * (words as f64 / sentences as f64) + 11.8 * (sylls as f64 / words as f64) - 15.59
}

fn pieces(text: &LeafletText) -> Vec<String> {
    let mut out = vec![text.title.to_owned(), text.summary.to_owned()];
    for block in text.blocks {
        match *block {
            Block::Heading(t) | Block::Para(t) | Block::Callout(t) => out.push(t.to_owned()),
            Block::Bullets(items) | Block::Checklist(items) | Block::WriteIn(items) => {
                out.extend(items.iter().map(|s| (*s).to_owned()));
            }
            Block::ClinicContacts | Block::LocalServices => {}
        }
    }
    out
}

fn letter_pieces(letter: &LetterText) -> Vec<String> {
    let mut out = vec![letter.heading.to_owned()];
    out.extend(letter.paragraphs.iter().map(|s| (*s).to_owned()));
    out
}

#[test]
fn the_syllable_estimate_is_sensible() {
    assert_eq!(syllables("baby"), 2);
    assert_eq!(syllables("safe"), 1);
    assert_eq!(syllables("cot"), 1);
    assert_eq!(syllables("little"), 2);
    assert_eq!(syllables("temperature"), 4);
    assert!(grade(&["The cat sat on the mat.".to_owned()]) < 2.0);
    assert!(grade(&["Notwithstanding considerable organisational responsibilities, practitioners facilitate comprehensive documentation.".to_owned()]) > 12.0);
}

#[test]
fn every_leaflet_is_in_the_catalogue_once_with_a_version() {
    for &leaflet in Leaflet::ALL {
        let found: Vec<_> = all().iter().filter(|t| t.leaflet == leaflet).collect();
        assert_eq!(found.len(), 1, "{leaflet:?}");
        assert_eq!(text(leaflet).leaflet, leaflet);
        assert!(!found[0].version.is_empty() && !found[0].title.is_empty());
        assert!(!found[0].blocks.is_empty());
    }
    assert_eq!(all().len(), Leaflet::ALL.len());
}

#[test]
fn every_leaflet_and_letter_reads_at_grade_6_or_lower() {
    for t in all() {
        let g = grade(&pieces(t));
        assert!(g <= 6.0, "{} reads at grade {g:.1}", t.title);
    }
    for letter in [&COVER_LETTER, &JOINT_APPOINTMENT_LETTER] {
        let g = grade(&letter_pieces(letter));
        assert!(g <= 6.0, "{} reads at grade {g:.1}", letter.heading);
    }
}

#[test]
fn placeholders_are_ones_a_pack_can_fill() {
    let allowed = ["{baby}", "{nhs_number}", "{clinic}", "{team_phone}"];
    let letter_only = ["{recipient}", "{age}"];
    let check = |text: &str, extra: &[&str]| {
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map(|e| start + e + 1)
                .unwrap_or(rest.len());
            let token = &rest[start..end];
            assert!(
                allowed.contains(&token) || extra.contains(&token),
                "unknown placeholder {token} in {text:?}"
            );
            rest = &rest[end..];
        }
    };
    for t in all() {
        for piece in pieces(t) {
            check(&piece, &[]);
        }
    }
    for letter in [&COVER_LETTER, &JOINT_APPOINTMENT_LETTER] {
        for piece in letter_pieces(letter) {
            check(&piece, &letter_only);
        }
    }
}

#[test]
fn the_overnight_checklist_has_the_things_the_issue_lists() {
    let words = pieces(text(Leaflet::OvernightChecklist))
        .join(" ")
        .to_lowercase();
    for topic in [
        "sleep",
        "feed",
        "medicine",
        "cri",
        "smok",
        "nhs number",
        "gp",
        "hand",
    ] {
        assert!(
            words.contains(topic),
            "the overnight checklist does not mention {topic}"
        );
    }
    assert!(text(Leaflet::OvernightChecklist)
        .blocks
        .iter()
        .any(|b| matches!(b, Block::Checklist(_))));
    let crying = pieces(text(Leaflet::Crying)).join(" ").to_lowercase();
    assert!(crying.contains("never shake"));
}
