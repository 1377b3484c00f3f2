//! DTOs for gap prompts, contacts, offers and the sent-log: what the gaps panel, the contact
//! screen, the ranked caseload and the supervision list show, and what their forms send.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use kinfold_core::contact::{Contact, ContactDraft, Invitation, InvitationDraft};
use kinfold_core::family::FamilyNetwork;
use kinfold_core::followup::{CaseloadGaps, FollowUp};
use kinfold_core::gaps::{
    FillIn, Gap, GapAnswer, GapAnswerDraft, GapKey, GapRule, GapSettings, GapSettingsDraft,
    GapState,
};
use kinfold_core::pack::{LeafletGiven, PackGiven, PackGivenDraft};
use kinfold_core::person::format_date;

use super::PersonDto;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct ContactInputDto {
    pub kind: String,
    pub date: String,
    pub present: Vec<i64>,
    pub others_present: String,
    pub notes: String,
}

impl From<ContactInputDto> for ContactDraft {
    fn from(c: ContactInputDto) -> ContactDraft {
        ContactDraft {
            kind: c.kind,
            date: c.date,
            present: c.present,
            others_present: c.others_present,
            notes: c.notes,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GapAnswerInputDto {
    pub rule: String,
    pub about: Option<i64>,
    pub answer: String,
    pub outcome: String,
    pub words: String,
    pub revisit_on: String,
    pub contact_id: Option<i64>,
}

impl From<GapAnswerInputDto> for GapAnswerDraft {
    fn from(a: GapAnswerInputDto) -> GapAnswerDraft {
        GapAnswerDraft {
            rule: a.rule,
            about: a.about,
            answer: a.answer,
            outcome: a.outcome,
            words: a.words,
            revisit_on: a.revisit_on,
            contact: a.contact_id,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct PackGivenInputDto {
    pub recipient: i64,
    pub sent_on: String,
    pub method: String,
    pub leaflets: Vec<String>,
}

impl From<PackGivenInputDto> for PackGivenDraft {
    fn from(p: PackGivenInputDto) -> PackGivenDraft {
        PackGivenDraft {
            recipient: p.recipient,
            sent_on: p.sent_on,
            method: p.method,
            leaflets: p.leaflets,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct InvitationInputDto {
    pub person: i64,
    pub kind: String,
    pub offered_on: String,
    pub response: String,
    pub notes: String,
}

impl From<InvitationInputDto> for InvitationDraft {
    fn from(i: InvitationInputDto) -> InvitationDraft {
        InvitationDraft {
            person: i.person,
            kind: i.kind,
            offered_on: i.offered_on,
            response: i.response,
            notes: i.notes,
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct GapSettingsInputDto {
    pub confirm_within_months: String,
    pub asks_before_supervision: String,
}

impl From<GapSettingsInputDto> for GapSettingsDraft {
    fn from(g: GapSettingsInputDto) -> GapSettingsDraft {
        GapSettingsDraft {
            confirm_within_months: g.confirm_within_months,
            asks_before_supervision: g.asks_before_supervision,
        }
    }
}

/// One answer in a gap's timeline.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GapAnswerDto {
    pub answer: &'static str,
    pub answer_label: &'static str,
    pub outcome: Option<&'static str>,
    pub data_absent_reason: Option<&'static str>,
    pub words: String,
    pub revisit_on: Option<String>,
    pub contact_id: Option<i64>,
    pub on: String,
    pub by: String,
}

impl GapAnswerDto {
    fn new(a: &GapAnswer) -> GapAnswerDto {
        GapAnswerDto {
            answer: a.kind.code(),
            answer_label: a.kind.label(),
            outcome: a.outcome.map(|o| o.label()),
            data_absent_reason: a.outcome.map(|o| o.data_absent_reason()),
            words: a.words.clone(),
            revisit_on: a.revisit_on.map(format_date),
            contact_id: a.contact.map(|c| c.0),
            on: format_date(a.answered_on),
            by: a.recorded_by.clone(),
        }
    }
}

/// One gap as the panel shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GapDto {
    pub rule: &'static str,
    pub about: Option<i64>,
    /// Whose record the information goes in (usually `about`).
    pub person: Option<i64>,
    pub about_name: Option<String>,
    pub title: String,
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub why_we_ask: &'static str,
    /// `open`, `quiet` or `closed`.
    pub state: &'static str,
    pub quiet_until: Option<String>,
    pub failed_asks: u32,
    pub revisit_due: bool,
    /// Asked so often without an answer that another source should be tried.
    pub try_another_source: bool,
    /// Where to fill it in: `add_parent`, `edit_person`, `move_home`, `add_care`,
    /// `add_other_child`, `parental_responsibility`, `give_pack`, `offer_contact`, `confirm`.
    pub fill_in: &'static str,
    /// For `add_parent`: the relationship kind to preselect.
    pub parent_kind: Option<&'static str>,
    pub history: Vec<GapAnswerDto>,
}

impl GapDto {
    fn new(g: &Gap, asks_limit: u32) -> GapDto {
        let m = &g.missing;
        let (fill_in, parent_kind) = match m.fill_in {
            FillIn::AddParent(kind) => ("add_parent", Some(kind.code())),
            FillIn::EditPerson => ("edit_person", None),
            FillIn::MoveHome => ("move_home", None),
            FillIn::AddCare => ("add_care", None),
            FillIn::AddOtherChild => ("add_other_child", None),
            FillIn::SetParentalResponsibility => ("parental_responsibility", None),
            FillIn::GivePack => ("give_pack", None),
            FillIn::OfferContact => ("offer_contact", None),
            FillIn::Confirm => ("confirm", None),
        };
        let (state, quiet_until) = match g.state {
            GapState::Open => ("open", None),
            GapState::Quiet { until } => ("quiet", Some(format_date(until))),
            GapState::Closed => ("closed", None),
        };
        GapDto {
            rule: m.key.rule.code(),
            about: m.key.about.map(|p| p.0),
            person: m.person.map(|p| p.0),
            about_name: m.about_name.clone(),
            title: m.title.clone(),
            severity: m.severity.code(),
            severity_label: m.severity.label(),
            why_we_ask: m.key.rule.why_we_ask(),
            state,
            quiet_until,
            failed_asks: g.failed_asks,
            revisit_due: g.revisit_due,
            try_another_source: g.failed_asks >= asks_limit,
            fill_in,
            parent_kind,
            history: g.history.iter().map(GapAnswerDto::new).collect(),
        }
    }
}

/// A gap that the data has since filled, with the answers given while it was open.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilledGapDto {
    pub rule: &'static str,
    pub rule_title: &'static str,
    pub about_name: Option<String>,
    pub history: Vec<GapAnswerDto>,
}

fn name_of(network: &FamilyNetwork, key: &GapKey) -> Option<String> {
    let id = key.about?;
    network.member(id).map(|m| m.person.details.display_name())
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactDto {
    pub id: i64,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub date: String,
    /// `YYYY-MM-DD`, for forms.
    pub date_iso: String,
    pub present: Vec<String>,
    pub present_ids: Vec<i64>,
    pub others_present: String,
    pub notes: String,
    pub by: String,
}

impl ContactDto {
    pub fn new(c: &Contact, network: &FamilyNetwork) -> ContactDto {
        let name = |id| {
            if id == network.child.id {
                network.child.details.display_name()
            } else {
                network.member(id).map_or_else(
                    || format!("Person {id}"),
                    |m| m.person.details.display_name(),
                )
            }
        };
        ContactDto {
            id: c.id.0,
            kind: c.details.kind.code(),
            kind_label: c.details.kind.label(),
            date: format_date(c.details.date),
            date_iso: c.details.date.to_string(),
            present: c.details.present.iter().map(|&p| name(p)).collect(),
            present_ids: c.details.present.iter().map(|p| p.0).collect(),
            others_present: c.details.others_present.clone(),
            notes: c.details.notes.clone(),
            by: c.recorded_by.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackGivenDto {
    pub id: i64,
    pub recipient: String,
    pub recipient_id: i64,
    pub sent_on: String,
    pub method: &'static str,
    /// "Safer sleep (version 1)", or the title alone when not printed by Kinfold.
    pub leaflets: Vec<String>,
    /// Whether it can be printed again: the recipient is still in the network.
    pub can_print_again: bool,
    pub by: String,
}

impl PackGivenDto {
    fn new(p: &PackGiven, network: &FamilyNetwork) -> PackGivenDto {
        PackGivenDto {
            id: p.id,
            can_print_again: network.member(p.recipient).is_some(),
            recipient: network.member(p.recipient).map_or_else(
                || format!("Person {}", p.recipient),
                |m| m.person.details.display_name(),
            ),
            recipient_id: p.recipient.0,
            sent_on: format_date(p.sent_on),
            method: p.method.label(),
            leaflets: p.leaflets.iter().map(LeafletGiven::describe).collect(),
            by: p.recorded_by.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvitationDto {
    pub person: String,
    pub kind: &'static str,
    pub offered_on: String,
    pub response: &'static str,
    pub notes: String,
    pub by: String,
}

impl InvitationDto {
    fn new(i: &Invitation, network: &FamilyNetwork) -> InvitationDto {
        InvitationDto {
            person: network.member(i.person).map_or_else(
                || format!("Person {}", i.person),
                |m| m.person.details.display_name(),
            ),
            kind: i.kind.label(),
            offered_on: format_date(i.offered_on),
            response: i.response.label(),
            notes: i.notes.clone(),
            by: i.recorded_by.clone(),
        }
    }
}

/// A child's gaps on a day, with the contacts, offers and leaflets recorded.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpDto {
    pub child: PersonDto,
    pub as_of: String,
    pub as_of_iso: String,
    pub open: Vec<GapDto>,
    pub quiet: Vec<GapDto>,
    pub closed: Vec<GapDto>,
    pub filled: Vec<FilledGapDto>,
    pub asks_before_supervision: u32,
    pub contacts: Vec<ContactDto>,
    pub packs: Vec<PackGivenDto>,
    pub invitations: Vec<InvitationDto>,
}

impl FollowUpDto {
    pub fn new(f: &FollowUp, today: NaiveDate) -> FollowUpDto {
        let limit = f.gaps.asks_before_supervision;
        let gaps = |list: &[Gap]| list.iter().map(|g| GapDto::new(g, limit)).collect();
        FollowUpDto {
            child: PersonDto::new(&f.network.child, today),
            as_of: format_date(f.as_of),
            as_of_iso: f.as_of.to_string(),
            open: gaps(&f.gaps.open),
            quiet: gaps(&f.gaps.quiet),
            closed: gaps(&f.gaps.closed),
            filled: f
                .gaps
                .filled
                .iter()
                .map(|(key, history)| FilledGapDto {
                    rule: key.rule.code(),
                    rule_title: key.rule.label(),
                    about_name: name_of(&f.network, key),
                    history: history.iter().map(GapAnswerDto::new).collect(),
                })
                .collect(),
            asks_before_supervision: limit,
            contacts: f
                .records
                .contacts
                .iter()
                .rev()
                .map(|c| ContactDto::new(c, &f.network))
                .collect(),
            packs: f
                .records
                .packs
                .iter()
                .rev()
                .map(|p| PackGivenDto::new(p, &f.network))
                .collect(),
            invitations: f
                .records
                .invitations
                .iter()
                .rev()
                .map(|i| InvitationDto::new(i, &f.network))
                .collect(),
        }
    }
}

/// One contact with the family's gaps as they stood that day.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContactViewDto {
    pub contact: ContactDto,
    pub follow_up: FollowUpDto,
}

/// One family on the ranked caseload, with why it is where it is.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseloadGapsDto {
    pub child: PersonDto,
    pub named_practitioner: String,
    pub open_gaps: usize,
    pub quiet_gaps: usize,
    pub urgent_gaps: usize,
    pub under_one: bool,
    pub overnight_concern: bool,
    pub repeated_asks: bool,
    pub revisit_due: bool,
    /// The most serious open gap, in words.
    pub top_gap: Option<String>,
    /// For the supervision list: the gaps asked about again and again.
    pub repeatedly_asked: Vec<GapDto>,
}

impl CaseloadGapsDto {
    /// One row; `with_asks` adds the repeatedly asked gaps with their history (the
    /// supervision list shows them; the caseload does not need them).
    pub fn new(c: &CaseloadGaps, today: NaiveDate, with_asks: bool) -> CaseloadGapsDto {
        let g = &c.gaps;
        let limit = g.asks_before_supervision;
        CaseloadGapsDto {
            child: PersonDto::new(&c.child, today),
            named_practitioner: c.named_practitioner.clone(),
            open_gaps: g.open.len(),
            quiet_gaps: g.quiet.len(),
            urgent_gaps: g
                .unresolved()
                .filter(|x| x.missing.severity == kinfold_core::gaps::Severity::Urgent)
                .count(),
            under_one: c.under_one,
            overnight_concern: g.overnight_concern(),
            repeated_asks: g.repeatedly_asked().next().is_some(),
            revisit_due: g.revisit_due(),
            top_gap: g.open.first().map(|x| match &x.missing.about_name {
                Some(who) => format!("{} ({})", x.missing.title, who),
                None => x.missing.title.clone(),
            }),
            repeatedly_asked: if with_asks {
                g.repeatedly_asked()
                    .map(|x| GapDto::new(x, limit))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// Counts for the navigation.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GapCountsDto {
    pub families_with_gaps: usize,
    pub supervision: usize,
}

/// One rule with whether the clinic has it on.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GapRuleDto {
    pub rule: &'static str,
    pub title: &'static str,
    pub checks: &'static str,
    pub why_we_ask: &'static str,
    pub on: bool,
    pub off_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GapRulesDto {
    pub rules: Vec<GapRuleDto>,
    pub confirm_within_months: u32,
    pub asks_before_supervision: u32,
}

impl GapRulesDto {
    pub fn new(s: &GapSettings) -> GapRulesDto {
        GapRulesDto {
            rules: GapRule::ALL
                .iter()
                .map(|&rule| GapRuleDto {
                    rule: rule.code(),
                    title: rule.label(),
                    checks: rule.checks(),
                    why_we_ask: rule.why_we_ask(),
                    on: s.is_on(rule),
                    off_reason: s.turned_off.get(&rule).cloned(),
                })
                .collect(),
            confirm_within_months: s.confirm_within_months,
            asks_before_supervision: s.asks_before_supervision,
        }
    }
}
