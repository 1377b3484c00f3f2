//! Rule-by-rule tests of the gap prompts, on small families built in memory.

use chrono::NaiveDate;

use super::*;
use crate::care::{CareArrangement, CareArrangementId, NewCareArrangement};
use crate::contact::{InvitationKind, InvitationResponse, NewContact};
use crate::family::CareView;
use crate::household::{Household, HouseholdDetails, HouseholdId};
use crate::pack::{LeafletGiven, SendMethod, SAFETY_PACK};
use crate::person::{Person, PersonDetails, Provenance};
use crate::relationship::{NewRelationship, Relationship, RelationshipId};
use crate::vocab::{Sex, Source};

const BABY: PersonId = PersonId(1);
const MUM: PersonId = PersonId(2);
const DAD: PersonId = PersonId(3);
const MAIN_HOME: HouseholdId = HouseholdId(10);
const DADS_FLAT: HouseholdId = HouseholdId(11);

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn today() -> NaiveDate {
    day("2026-11-29")
}

fn provenance() -> Provenance {
    Provenance {
        source: Source::Mother,
        detail: String::new(),
        confirmed_on: Some(day("2026-11-01")),
    }
}

fn person(id: PersonId, given: &str) -> Person {
    Person {
        id,
        details: PersonDetails {
            name_status: NameStatus::Known,
            given_name: given.into(),
            family_name: "Hill".into(),
            known_as: String::new(),
            birth: Birth::Exact(day("1995-05-05")),
            sex: Sex::NotKnown,
            nhs_number: None,
            phone: "07700 900123".into(),
            email: String::new(),
            first_language: String::new(),
            interpreter_needed: Answer::No,
            deceased: false,
            notes: String::new(),
            provenance: provenance(),
        },
        merged_into: None,
    }
}

fn home(id: HouseholdId, status: AddressStatus) -> Household {
    Household {
        id,
        details: HouseholdDetails {
            address_status: status,
            address_lines: if status == AddressStatus::Known {
                "1 Oak Road".into()
            } else {
                String::new()
            },
            postcode: None,
            description: String::new(),
        },
    }
}

fn relationship(
    id: i64,
    from: PersonId,
    kind: RelationshipKind,
    pr: Option<Answer>,
) -> Relationship {
    Relationship {
        id: RelationshipId(id),
        details: NewRelationship {
            from,
            to: BABY,
            kind,
            parental_responsibility: pr,
            start_date: None,
            provenance: provenance(),
        },
        end_date: None,
    }
}

/// A complete family: the baby and mother at home, nothing missing.
fn family() -> FamilyNetwork {
    let mut baby = person(BABY, "Kai");
    baby.details.birth = Birth::Exact(day("2026-09-27"));
    let mum = NetworkMember {
        person: person(MUM, "Jo"),
        connections: vec![Connection::Direct(relationship(
            1,
            MUM,
            RelationshipKind::BirthMother,
            Some(Answer::Yes),
        ))],
        parental_responsibility: Some(Answer::Yes),
        home: Some(home(MAIN_HOME, AddressStatus::Known)),
        lives_with_child: true,
        other_children: vec![other_child(MUM)],
    };
    let mut network = FamilyNetwork {
        child: baby,
        caseload: None,
        main_home: Some(home(MAIN_HOME, AddressStatus::Known)),
        members: vec![mum],
        care: Vec::new(),
        restrictions: Vec::new(),
        links: Vec::new(),
    };
    add_dad(&mut network);
    network
}

fn other_child(parent: PersonId) -> crate::family::OtherChild {
    let mut r = relationship(
        90 + parent.0,
        parent,
        RelationshipKind::BirthMother,
        Some(Answer::Yes),
    );
    r.details.to = PersonId(50 + parent.0);
    crate::family::OtherChild {
        person: person(PersonId(50 + parent.0), "Ava"),
        relationship: r,
        home: None,
        on_caseload: false,
    }
}

/// The father, living in his own flat, with daytime care recorded.
fn add_dad(network: &mut FamilyNetwork) {
    let mut dad = person(DAD, "Dan");
    dad.details.sex = Sex::Male;
    network.members.push(NetworkMember {
        person: dad.clone(),
        connections: vec![Connection::Direct(relationship(
            2,
            DAD,
            RelationshipKind::BirthFather,
            Some(Answer::Yes),
        ))],
        parental_responsibility: Some(Answer::Yes),
        home: Some(home(DADS_FLAT, AddressStatus::Known)),
        lives_with_child: false,
        other_children: vec![other_child(DAD)],
    });
    network
        .care
        .push(care(DAD, CareKind::Daytime, Some(DADS_FLAT)));
}

fn care(carer: PersonId, kind: CareKind, place: Option<HouseholdId>) -> CareView {
    CareView {
        arrangement: CareArrangement {
            id: CareArrangementId(carer.0),
            details: NewCareArrangement {
                child: BABY,
                carer,
                kind,
                frequency: "Saturdays".into(),
                place,
                start_date: None,
                notes: String::new(),
                provenance: provenance(),
            },
            end_date: None,
        },
        carer: person(carer, "carer"),
        place: place.map(|h| home(h, AddressStatus::Known)),
        overnight_away: kind == CareKind::Overnight && place != Some(MAIN_HOME),
    }
}

fn dad_mut(network: &mut FamilyNetwork) -> &mut NetworkMember {
    network
        .members
        .iter_mut()
        .find(|m| m.person.id == DAD)
        .unwrap()
}

fn stays_overnight(network: &mut FamilyNetwork) {
    network.care = vec![care(DAD, CareKind::Overnight, Some(DADS_FLAT))];
}

struct Fixture {
    network: FamilyNetwork,
    contacts: Vec<Contact>,
    invitations: Vec<Invitation>,
    packs: Vec<PackGiven>,
    answers: Vec<GapAnswer>,
    statements: Vec<Statement>,
    settings: GapSettings,
}

impl Fixture {
    fn new(network: FamilyNetwork) -> Fixture {
        Fixture {
            network,
            contacts: Vec::new(),
            invitations: Vec::new(),
            packs: Vec::new(),
            answers: Vec::new(),
            statements: Vec::new(),
            settings: GapSettings::default(),
        }
    }

    fn facts(&self) -> FamilyFacts<'_> {
        FamilyFacts {
            network: &self.network,
            contacts: &self.contacts,
            invitations: &self.invitations,
            packs: &self.packs,
            answers: &self.answers,
            statements: &self.statements,
        }
    }

    /// What `rule` finds: (about, title, severity) for each gap.
    fn found(&self, rule: GapRule) -> Vec<(Option<PersonId>, String, Severity)> {
        missing_for(rule, &self.facts(), &self.settings, today())
            .into_iter()
            .map(|m| (m.key.about, m.title, m.severity))
            .collect()
    }

    fn gaps_on(&self, on: NaiveDate) -> FamilyGaps {
        family_gaps(&self.facts(), &self.settings, on)
    }

    fn ask(&mut self, rule: GapRule, about: Option<PersonId>, on: &str, revisit: &str) {
        self.answers.push(GapAnswer {
            id: self.answers.len() as i64 + 1,
            key: GapKey {
                rule,
                child: BABY,
                about,
            },
            kind: AnswerKind::Asked,
            outcome: Some(AskOutcome::Declined),
            words: "Does not want him involved".into(),
            revisit_on: Some(day(revisit)),
            contact: None,
            answered_on: day(on),
            recorded_by: "Ana".into(),
        });
    }

    fn answer(&mut self, rule: GapRule, about: Option<PersonId>, kind: AnswerKind, on: &str) {
        self.answers.push(GapAnswer {
            id: self.answers.len() as i64 + 1,
            key: GapKey {
                rule,
                child: BABY,
                about,
            },
            kind,
            outcome: None,
            words: "Donor conception".into(),
            revisit_on: None,
            contact: None,
            answered_on: day(on),
            recorded_by: "Ana".into(),
        });
    }
}

#[test]
fn a_complete_family_has_no_gaps() {
    let f = Fixture::new(family());
    let gaps = f.gaps_on(today());
    assert!(gaps.open.is_empty(), "{:#?}", gaps.open);
    assert!(gaps.quiet.is_empty() && gaps.closed.is_empty());
}

#[test]
fn birth_parents_must_be_recorded_with_their_names() {
    let mut network = family();
    network.members.retain(|m| m.person.id != DAD);
    network.care.clear();
    let f = Fixture::new(network.clone());
    assert_eq!(
        f.found(GapRule::BirthFather),
        vec![(None, "Birth father not recorded".into(), Severity::High)]
    );
    assert!(f.found(GapRule::BirthMother).is_empty());

    add_dad(&mut network);
    dad_mut(&mut network).person.details.name_status = NameStatus::NotGiven;
    let f = Fixture::new(network);
    // The gap stays about the family (its asks are not lost once he is recorded without a
    // name), while the form to fill in is his record.
    assert_eq!(
        f.found(GapRule::BirthFather),
        vec![(
            None,
            "Birth father's name not recorded".into(),
            Severity::High
        )]
    );
    let missing = missing_for(GapRule::BirthFather, &f.facts(), &f.settings, today());
    assert_eq!(missing[0].person, Some(DAD));
    // The name rule leaves birth parents to the birth-parent rules.
    assert!(f.found(GapRule::Name).is_empty());

    let mut network = family();
    network.members.retain(|m| m.person.id != MUM);
    assert_eq!(Fixture::new(network).found(GapRule::BirthMother).len(), 1);
}

#[test]
fn an_unknown_overnight_carer_is_urgent() {
    let mut network = family();
    let mut partner = person(PersonId(4), "");
    partner.details.name_status = NameStatus::NotKnown;
    network.members.push(NetworkMember {
        person: partner,
        connections: vec![Connection::ParentsPartner {
            parent: MUM,
            label: "Mother's partner".into(),
        }],
        parental_responsibility: None,
        home: None,
        lives_with_child: false,
        other_children: Vec::new(),
    });
    let f = Fixture::new(network.clone());
    assert_eq!(
        f.found(GapRule::Name),
        vec![(Some(PersonId(4)), "Name not known".into(), Severity::High)]
    );

    network
        .care
        .push(care(PersonId(4), CareKind::Overnight, None));
    let f = Fixture::new(network);
    assert_eq!(f.found(GapRule::Name)[0].2, Severity::Urgent);
    assert_eq!(
        f.found(GapRule::Address),
        vec![(
            Some(PersonId(4)),
            "Address not known".into(),
            Severity::Urgent
        )]
    );
    // Urgent gaps come first, above a missing phone number.
    let gaps = f.gaps_on(today());
    assert_eq!(gaps.open[0].missing.severity, Severity::Urgent);
    assert!(gaps.overnight_concern());
    let severities: Vec<Severity> = gaps.open.iter().map(|g| g.missing.severity).collect();
    let mut sorted = severities.clone();
    sorted.sort();
    assert_eq!(severities, sorted);
}

#[test]
fn date_of_birth_may_be_an_estimated_year_but_not_unknown() {
    let mut network = family();
    dad_mut(&mut network).person.details.birth = Birth::EstimatedYear(1990);
    assert!(Fixture::new(network.clone())
        .found(GapRule::DateOfBirth)
        .is_empty());
    dad_mut(&mut network).person.details.birth = Birth::NotKnown;
    assert_eq!(
        Fixture::new(network).found(GapRule::DateOfBirth),
        vec![(
            Some(DAD),
            "Date of birth not known".into(),
            Severity::Medium
        )]
    );
}

#[test]
fn address_is_asked_of_adults_who_live_elsewhere() {
    let mut network = family();
    dad_mut(&mut network).home = None;
    assert_eq!(
        Fixture::new(network.clone()).found(GapRule::Address).len(),
        1
    );
    dad_mut(&mut network).home = Some(home(DADS_FLAT, AddressStatus::NotKnown));
    assert_eq!(
        Fixture::new(network.clone()).found(GapRule::Address).len(),
        1
    );
    // No fixed abode is an answer.
    dad_mut(&mut network).home = Some(home(DADS_FLAT, AddressStatus::NoFixedAbode));
    assert!(Fixture::new(network.clone())
        .found(GapRule::Address)
        .is_empty());
    // The mother lives with the child: her address is the child's.
    network.members[0].home = None;
    assert!(Fixture::new(network).found(GapRule::Address).is_empty());
}

#[test]
fn a_missing_phone_is_a_gap_for_every_key_adult() {
    let mut network = family();
    network.members[0].person.details.phone.clear();
    dad_mut(&mut network).person.details.phone.clear();
    let found = Fixture::new(network.clone()).found(GapRule::Phone);
    assert_eq!(found.len(), 2);
    assert!(found
        .iter()
        .all(|g| g.1 == "No phone number" && g.2 == Severity::Medium));
    stays_overnight(&mut network);
    let found = Fixture::new(network).found(GapRule::Phone);
    assert_eq!(
        found.iter().find(|g| g.0 == Some(DAD)).unwrap().2,
        Severity::High
    );
}

#[test]
fn care_by_an_adult_who_lives_elsewhere_must_be_recorded() {
    let mut network = family();
    network.care.clear();
    assert_eq!(
        Fixture::new(network.clone()).found(GapRule::Care),
        vec![(
            Some(DAD),
            "Not known whether or when they look after Kai".into(),
            Severity::Medium
        )]
    );
    // An ended arrangement is not current care.
    let mut ended = care(DAD, CareKind::Overnight, Some(DADS_FLAT));
    ended.arrangement.end_date = Some(day("2026-10-01"));
    network.care.push(ended);
    assert_eq!(Fixture::new(network).found(GapRule::Care).len(), 1);
}

#[test]
fn saying_none_fills_the_other_children_and_care_gaps() {
    let mut network = family();
    dad_mut(&mut network).other_children.clear();
    network.care.clear();
    let mut f = Fixture::new(network);
    assert_eq!(f.found(GapRule::OtherChildren).len(), 1);
    assert_eq!(f.found(GapRule::Care).len(), 1);
    let said = |kind, child| Statement {
        id: 1,
        person: DAD,
        child,
        kind,
        stated_on: today(),
        source: Source::Father,
        recorded_by: "Ana".into(),
    };
    // Said in another child's record: still true here.
    f.statements
        .push(said(StatementKind::NoOtherChildren, PersonId(77)));
    assert!(f.found(GapRule::OtherChildren).is_empty());
    // Not looking after another child says nothing about this one.
    f.statements
        .push(said(StatementKind::DoesNotCare, PersonId(77)));
    assert_eq!(f.found(GapRule::Care).len(), 1);
    f.statements.push(said(StatementKind::DoesNotCare, BABY));
    assert!(f.found(GapRule::Care).is_empty());
}

#[test]
fn an_adult_living_where_the_child_stays_overnight_counts_as_an_overnight_adult() {
    let mut network = family();
    stays_overnight(&mut network);
    network.members.push(NetworkMember {
        person: person(PersonId(4), "Lee"),
        connections: vec![Connection::ParentsPartner {
            parent: DAD,
            label: "Father's partner".into(),
        }],
        parental_responsibility: None,
        home: Some(home(DADS_FLAT, AddressStatus::Known)),
        lives_with_child: false,
        other_children: vec![other_child(PersonId(4))],
    });
    let f = Fixture::new(network);
    let about: Vec<Option<PersonId>> = f
        .found(GapRule::OvernightSafetyPack)
        .into_iter()
        .map(|g| g.0)
        .collect();
    assert_eq!(about, vec![Some(DAD), Some(PersonId(4))]);
}

#[test]
fn other_children_are_asked_about_for_each_key_adult() {
    let mut network = family();
    dad_mut(&mut network).other_children.clear();
    assert_eq!(
        Fixture::new(network).found(GapRule::OtherChildren),
        vec![(
            Some(DAD),
            "Other children not recorded".into(),
            Severity::Medium
        )]
    );
}

#[test]
fn parental_responsibility_is_asked_of_parents_only() {
    let mut network = family();
    dad_mut(&mut network).parental_responsibility = Some(Answer::NotKnown);
    assert_eq!(
        Fixture::new(network.clone())
            .found(GapRule::ParentalResponsibility)
            .len(),
        1
    );
    dad_mut(&mut network).parental_responsibility = Some(Answer::No);
    assert!(Fixture::new(network.clone())
        .found(GapRule::ParentalResponsibility)
        .is_empty());
    // A parent's partner is not asked.
    network.members.push(NetworkMember {
        person: person(PersonId(4), "Sam"),
        connections: vec![Connection::ParentsPartner {
            parent: MUM,
            label: "Mother's partner".into(),
        }],
        parental_responsibility: None,
        home: Some(home(MAIN_HOME, AddressStatus::Known)),
        lives_with_child: true,
        other_children: vec![other_child(PersonId(4))],
    });
    assert!(Fixture::new(network)
        .found(GapRule::ParentalResponsibility)
        .is_empty());
}

#[test]
fn an_overnight_carer_needs_the_safety_leaflets() {
    let mut network = family();
    assert!(Fixture::new(network.clone())
        .found(GapRule::OvernightSafetyPack)
        .is_empty());
    stays_overnight(&mut network);
    let mut f = Fixture::new(network.clone());
    assert_eq!(
        f.found(GapRule::OvernightSafetyPack),
        vec![(
            Some(DAD),
            "Has Kai overnight but has not had the safety leaflets".into(),
            Severity::Urgent
        )]
    );
    f.packs.push(PackGiven {
        id: 1,
        child: BABY,
        recipient: DAD,
        sent_on: today(),
        method: SendMethod::ByHand,
        leaflets: SAFETY_PACK
            .iter()
            .map(|&leaflet| LeafletGiven {
                leaflet,
                version: "1".into(),
            })
            .collect(),
        options: Default::default(),
        recorded_by: "Ana".into(),
    });
    assert!(f.found(GapRule::OvernightSafetyPack).is_empty());
    // Overnight care at the main home is not away from home.
    network.care = vec![care(DAD, CareKind::Overnight, Some(MAIN_HOME))];
    assert!(Fixture::new(network)
        .found(GapRule::OvernightSafetyPack)
        .is_empty());
}

#[test]
fn a_joint_appointment_is_not_suggested_blindly_when_a_restriction_keeps_things_from_them() {
    let mut network = family();
    stays_overnight(&mut network);
    network
        .restrictions
        .push(crate::sharing::SharingRestriction {
            id: 1,
            subject: MUM,
            withheld_from: DAD,
            fact: crate::sharing::SharingFact::Address,
            reason: "Court order".into(),
        });
    let title = &Fixture::new(network).found(GapRule::OvernightJointContact)[0].1;
    assert!(title.contains("check the sharing restriction"), "{title}");
}

#[test]
fn an_overnight_carer_is_offered_a_joint_appointment_or_call() {
    let mut network = family();
    stays_overnight(&mut network);
    let mut f = Fixture::new(network);
    assert_eq!(f.found(GapRule::OvernightJointContact)[0].2, Severity::High);
    // A clinic visit with him present does not count; a phone call with him does.
    let mut contact = Contact {
        id: ContactId(1),
        details: NewContact {
            child: BABY,
            kind: ContactKind::Clinic,
            date: today(),
            present: vec![DAD],
            others_present: String::new(),
            notes: String::new(),
        },
        recorded_by: "Ana".into(),
    };
    f.contacts.push(contact.clone());
    assert_eq!(f.found(GapRule::OvernightJointContact).len(), 1);
    contact.details.kind = ContactKind::Phone;
    f.contacts = vec![contact];
    assert!(f.found(GapRule::OvernightJointContact).is_empty());
    f.contacts.clear();
    f.invitations.push(Invitation {
        id: 1,
        child: BABY,
        person: DAD,
        kind: InvitationKind::JointAppointment,
        offered_on: today(),
        response: InvitationResponse::Declined,
        notes: String::new(),
        recorded_by: "Ana".into(),
    });
    assert!(f.found(GapRule::OvernightJointContact).is_empty());
}

#[test]
fn key_facts_must_be_confirmed_within_the_clinics_period() {
    let mut network = family();
    dad_mut(&mut network).person.details.provenance.confirmed_on = None;
    network.members[0].person.details.provenance.confirmed_on = Some(day("2025-10-01"));
    let mut f = Fixture::new(network);
    assert_eq!(
        f.found(GapRule::Confirmed),
        vec![
            (
                Some(MUM),
                "Details last confirmed 1 Oct 2025".into(),
                Severity::Low
            ),
            (Some(DAD), "Details never confirmed".into(), Severity::Low),
        ]
    );
    f.settings.confirm_within_months = 24;
    assert_eq!(f.found(GapRule::Confirmed).len(), 1);
}

#[test]
fn a_rule_turned_off_finds_nothing() {
    let mut network = family();
    dad_mut(&mut network).person.details.phone.clear();
    let mut f = Fixture::new(network);
    assert_eq!(f.gaps_on(today()).open.len(), 1);
    f.settings
        .turned_off
        .insert(GapRule::Phone, "We do not collect phone numbers".into());
    assert!(f.gaps_on(today()).open.is_empty());
}

#[test]
fn asked_not_obtained_is_quiet_until_the_revisit_date_then_returns() {
    let mut network = family();
    network.members.retain(|m| m.person.id != DAD);
    network.care.clear();
    let mut f = Fixture::new(network);
    f.ask(GapRule::BirthFather, None, "2026-11-01", "2026-11-15");

    let before_asked = f.gaps_on(day("2026-10-31"));
    assert_eq!(
        before_asked.open.len(),
        1,
        "answers given later do not count"
    );
    assert_eq!(before_asked.open[0].history.len(), 0);

    let quiet = f.gaps_on(day("2026-11-14"));
    assert!(quiet.open.is_empty());
    assert_eq!(
        quiet.quiet[0].state,
        GapState::Quiet {
            until: day("2026-11-15")
        }
    );

    let back = f.gaps_on(day("2026-11-15"));
    assert_eq!(back.open.len(), 1);
    assert!(back.open[0].revisit_due && back.revisit_due());
    assert_eq!(back.open[0].failed_asks, 1);
    assert_eq!(back.repeatedly_asked().count(), 0);
}

#[test]
fn three_failed_asks_send_the_family_to_supervision() {
    let mut network = family();
    network.members.retain(|m| m.person.id != DAD);
    network.care.clear();
    let mut f = Fixture::new(network);
    f.ask(GapRule::BirthFather, None, "2026-09-01", "2026-10-01");
    f.ask(GapRule::BirthFather, None, "2026-10-01", "2026-11-01");
    assert_eq!(f.gaps_on(today()).repeatedly_asked().count(), 0);
    f.ask(GapRule::BirthFather, None, "2026-11-01", "2026-12-01");
    let gaps = f.gaps_on(today());
    assert!(gaps.open.is_empty(), "still quiet until its date");
    assert_eq!(
        gaps.repeatedly_asked().count(),
        1,
        "but counted for supervision"
    );
    f.settings.asks_before_supervision = 4;
    assert_eq!(f.gaps_on(today()).repeatedly_asked().count(), 0);
}

#[test]
fn only_questions_put_and_not_answered_count_as_failed_asks_once_a_day() {
    let mut network = family();
    network.members.retain(|m| m.person.id != DAD);
    network.care.clear();
    let mut f = Fixture::new(network);
    f.ask(GapRule::BirthFather, None, "2026-10-01", "2026-10-08");
    f.ask(GapRule::BirthFather, None, "2026-10-01", "2026-10-08");
    f.ask(GapRule::BirthFather, None, "2026-10-09", "2026-10-15");
    let mut not_safe = f.answers[0].clone();
    not_safe.id = 99;
    not_safe.outcome = Some(AskOutcome::NotSafe);
    not_safe.answered_on = day("2026-10-20");
    not_safe.revisit_on = Some(day("2026-10-27"));
    f.answers.push(not_safe);
    let gaps = f.gaps_on(today());
    assert_eq!(
        gaps.open[0].failed_asks, 2,
        "two days asked; 'not safe to ask' is not a failed ask"
    );
    assert_eq!(
        gaps.open[0].history.len(),
        4,
        "every answer stays in the timeline"
    );
}

#[test]
fn a_gap_closes_with_a_reason_and_can_be_opened_again() {
    let mut network = family();
    network.members.retain(|m| m.person.id != DAD);
    network.care.clear();
    let mut f = Fixture::new(network);
    f.ask(GapRule::BirthFather, None, "2026-10-01", "2026-10-15");
    f.answer(GapRule::BirthFather, None, AnswerKind::Closed, "2026-11-01");
    let gaps = f.gaps_on(today());
    assert!(gaps.open.is_empty() && gaps.quiet.is_empty());
    assert_eq!(gaps.closed.len(), 1);
    assert_eq!(
        gaps.closed[0].history.len(),
        2,
        "the timeline keeps every answer"
    );

    f.answer(
        GapRule::BirthFather,
        None,
        AnswerKind::Reopened,
        "2026-11-20",
    );
    let gaps = f.gaps_on(today());
    assert_eq!(gaps.open.len(), 1);
    assert_eq!(
        gaps.open[0].failed_asks, 0,
        "asks before it was opened again are history"
    );
    assert_eq!(gaps.open[0].history.len(), 3);
}

#[test]
fn when_the_data_arrives_the_gap_closes_and_its_answers_stay_in_the_timeline() {
    let mut network = family();
    dad_mut(&mut network).person.details.phone.clear();
    let mut f = Fixture::new(network.clone());
    f.ask(GapRule::Phone, Some(DAD), "2026-11-01", "2026-11-08");
    assert_eq!(f.gaps_on(today()).open.len(), 1);
    f.network = family();
    let gaps = f.gaps_on(today());
    assert!(gaps.open.is_empty());
    assert_eq!(gaps.filled.len(), 1);
    assert_eq!(gaps.filled[0].0.rule, GapRule::Phone);
}

#[test]
fn an_answer_must_fit_a_gap_that_is_there() {
    let mut network = family();
    dad_mut(&mut network).person.details.phone.clear();
    let f = Fixture::new(network);
    let gaps = f.gaps_on(today());
    let draft = GapAnswerDraft {
        rule: "phone".into(),
        about: Some(DAD.0),
        answer: "asked".into(),
        outcome: "not_safe".into(),
        words: String::new(),
        revisit_on: "2026-12-10".into(),
        contact: None,
    };
    let answer = draft.validate(BABY, today()).unwrap();
    assert!(check_answer_fits(&answer, &gaps).is_ok());
    let wrong_person = GapAnswerDraft {
        about: Some(MUM.0),
        ..draft.clone()
    }
    .validate(BABY, today())
    .unwrap();
    assert!(check_answer_fits(&wrong_person, &gaps).is_err());
    let reopen = GapAnswerDraft {
        answer: "reopened".into(),
        revisit_on: String::new(),
        words: "New partner".into(),
        ..draft
    }
    .validate(BABY, today())
    .unwrap();
    assert!(
        check_answer_fits(&reopen, &gaps).is_err(),
        "only a closed gap opens again"
    );
}

#[test]
fn an_answer_is_checked_field_by_field() {
    let blank = GapAnswerDraft {
        rule: "phone".into(),
        answer: "asked".into(),
        ..GapAnswerDraft::default()
    };
    let e = blank.validate(BABY, today()).unwrap_err();
    assert!(e.message_for("outcome").is_some());
    assert_eq!(
        e.message_for("revisit_on"),
        Some("Enter a date to ask again")
    );

    let too_soon = GapAnswerDraft {
        outcome: "declined".into(),
        revisit_on: "2026-11-29".into(),
        ..blank.clone()
    };
    assert!(too_soon
        .validate(BABY, today())
        .unwrap_err()
        .message_for("revisit_on")
        .unwrap()
        .contains("after the day"));
    let too_late = GapAnswerDraft {
        revisit_on: "2027-12-01".into(),
        ..too_soon.clone()
    };
    assert!(too_late
        .validate(BABY, today())
        .unwrap_err()
        .message_for("revisit_on")
        .unwrap()
        .contains("6 months"));

    let other = GapAnswerDraft {
        outcome: "other".into(),
        revisit_on: "2026-12-20".into(),
        ..blank.clone()
    };
    assert!(other
        .validate(BABY, today())
        .unwrap_err()
        .message_for("words")
        .is_some());

    let close = GapAnswerDraft {
        answer: "closed".into(),
        ..blank.clone()
    };
    assert_eq!(
        close
            .validate(BABY, today())
            .unwrap_err()
            .message_for("words"),
        Some("Enter the reason")
    );
    let close_with_date = GapAnswerDraft {
        words: "Donor".into(),
        revisit_on: "2026-12-20".into(),
        ..close
    };
    assert!(close_with_date.validate(BABY, today()).is_err());

    let nonsense = GapAnswerDraft {
        rule: "star_sign".into(),
        answer: "shrug".into(),
        ..GapAnswerDraft::default()
    };
    let e = nonsense.validate(BABY, today()).unwrap_err();
    assert!(e.message_for("rule").is_some() && e.message_for("answer").is_some());
}

#[test]
fn every_outcome_maps_to_a_data_absent_reason_code() {
    let codes: Vec<&str> = AskOutcome::ALL
        .iter()
        .map(|o| o.data_absent_reason())
        .collect();
    for c in codes {
        assert!([
            "asked-declined",
            "asked-unknown",
            "not-asked",
            "temp-unknown"
        ]
        .contains(&c));
    }
    assert_eq!(AskOutcome::Declined.data_absent_reason(), "asked-declined");
    for rule in GapRule::ALL {
        assert!(!rule.why_we_ask().is_empty() && !rule.checks().is_empty());
    }
}
