//! `kinfold-cli gaps`: the open gaps of one child or of the whole caseload, as text for people
//! or as JSON for scripts that check the rules.

use chrono::NaiveDate;
use serde_json::{json, Value};

use kinfold_core::gaps::{FamilyGaps, Gap, GapAnswer, GapState};
use kinfold_core::person::Person;

/// One child's part of the report.
pub struct ChildGaps {
    pub child: Person,
    pub named_practitioner: String,
    pub gaps: FamilyGaps,
}

fn unresolved(gaps: &FamilyGaps) -> impl Iterator<Item = &Gap> {
    gaps.open.iter().chain(&gaps.quiet)
}

fn answer_json(a: &GapAnswer) -> Value {
    json!({
        "answer": a.kind.code(),
        "outcome": a.outcome.map(|o| o.code()),
        "data_absent_reason": a.outcome.map(|o| o.data_absent_reason()),
        "words": a.words,
        "revisit_on": a.revisit_on.map(|d| d.to_string()),
        "contact": a.contact.map(|c| c.0),
        "answered_on": a.answered_on.to_string(),
        "by": a.recorded_by,
    })
}

fn gap_json(g: &Gap) -> Value {
    let m = &g.missing;
    json!({
        "rule": m.key.rule.code(),
        "child": m.key.child.0,
        "about": m.key.about.map(|p| json!({ "id": p.0, "name": m.about_name })),
        "title": m.title,
        "severity": m.severity.code(),
        "state": match g.state { GapState::Open => "open", GapState::Quiet { .. } => "waiting", GapState::Closed => "closed" },
        "ask_again_from": match g.state { GapState::Quiet { until } => Some(until.to_string()), _ => None },
        "failed_asks": g.failed_asks,
        "revisit_due": g.revisit_due,
        "asks": g.history.iter().map(answer_json).collect::<Vec<_>>(),
    })
}

/// The report as JSON: `{as_of, children: [{child, named_practitioner, gaps: [...]}]}`.
pub fn to_json(rows: &[ChildGaps], as_of: NaiveDate) -> String {
    let children: Vec<Value> = rows
        .iter()
        .map(|r| {
            json!({
                "child": { "id": r.child.id.0, "name": r.child.details.display_name(),
                           "age": r.child.details.birth.age_text(as_of) },
                "named_practitioner": r.named_practitioner,
                "supervision": r.gaps.repeatedly_asked().next().is_some(),
                "gaps": unresolved(&r.gaps).map(gap_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let report = json!({ "as_of": as_of.to_string(), "children": children });
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// The report as text, one block per child, most at risk first.
pub fn to_text(rows: &[ChildGaps], as_of: NaiveDate) -> String {
    let mut out = String::new();
    for r in rows {
        let open = r.gaps.open.len();
        let waiting = r.gaps.quiet.len();
        let age = r
            .child
            .details
            .birth
            .age_text(as_of)
            .unwrap_or_else(|| "age not known".into());
        let practitioner = if r.named_practitioner.is_empty() {
            "no named practitioner".to_owned()
        } else {
            r.named_practitioner.clone()
        };
        out.push_str(&format!(
            "{} (person {}), {age}, {practitioner}: {open} open, {waiting} waiting{}\n",
            r.child.details.display_name(),
            r.child.id,
            if r.gaps.repeatedly_asked().next().is_some() {
                ", for supervision"
            } else {
                ""
            }
        ));
        for g in unresolved(&r.gaps) {
            let m = &g.missing;
            let state = match g.state {
                GapState::Quiet { until } => format!("waiting until {until}"),
                _ => m.severity.code().to_owned(),
            };
            let about = m
                .about_name
                .as_ref()
                .map(|a| format!("{a}: "))
                .unwrap_or_default();
            out.push_str(&format!(
                "  [{state}] {} {about}{}\n",
                m.key.rule.code(),
                m.title
            ));
            for a in &g.history {
                let outcome = a
                    .outcome
                    .map(|o| format!(" ({})", o.label().to_lowercase()))
                    .unwrap_or_default();
                let words = if a.words.is_empty() {
                    String::new()
                } else {
                    format!(": \"{}\"", a.words)
                };
                let again = a
                    .revisit_on
                    .map(|d| format!("; ask again from {d}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "      {} {} by {}{outcome}{words}{again}\n",
                    a.answered_on,
                    a.kind.label().to_lowercase(),
                    a.recorded_by
                ));
            }
        }
    }
    if rows.is_empty() {
        out.push_str("No children on the caseload.\n");
    }
    out
}
