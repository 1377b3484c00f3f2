//! A fictional caseload for demonstrations, training and benchmarks: families of the shapes a
//! health visitor meets, made from a seed, so the same seed and day always give the same
//! families. Nothing in it is real: NHS numbers come from the 999 range that is never issued,
//! phone numbers from Ofcom's ranges for drama, and the names, streets and postcodes are
//! made up (postcodes have a real shape but a made-up last part).

use chrono::{Days, NaiveDate};

use crate::actor::Actor;
use crate::care::{CareKind, NewCareArrangement};
use crate::error::Result;
use crate::household::{HouseholdDraft, HouseholdId};
use crate::identifiers::NhsNumber;
use crate::person::{PersonDraft, PersonId, Provenance};
use crate::relationship::{NewRelationship, RelationshipId, RelationshipKind};
use crate::sharing::SharingFact;
use crate::store::{Store, Writer};
use crate::vocab::{Answer, Source};

mod history;
pub use history::HistorySummary;

/// How many families go into one transaction: few enough that a mistake loses little, many
/// enough that a benchmark caseload of 100,000 families is not slowed down by commits.
pub(crate) const FAMILIES_PER_TRANSACTION: u32 = 50;

/// The first nine digits of the first demonstration NHS number (`999 000 000x`).
const FIRST_TEST_NHS: u32 = 999_000_000;

/// What [`fill`] added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub families: u32,
    pub people: u32,
    pub homes: u32,
    pub relationships: u32,
    pub care_arrangements: u32,
    pub restrictions: u32,
    /// Contacts, answers, leaflets and offers since pregnancy.
    pub history: HistorySummary,
}

/// A small, fast, seeded pseudo-random generator (SplitMix64): the same seed always gives the
/// same numbers. Not for anything secret.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> SplitMix64 {
        SplitMix64 { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number from `0` to `n - 1` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        let wide = u128::from(self.next_u64()) * u128::from(n);
        u64::try_from(wide >> 64).unwrap_or(0)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    /// One of `items`, or `None` when there are none.
    pub fn pick<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        let index = usize::try_from(self.below(items.len() as u64)).ok()?;
        items.get(index).copied()
    }

    /// One of `items`, or the type's default when there are none.
    fn any<T: Copy + Default>(&mut self, items: &[T]) -> T {
        self.pick(items).unwrap_or_default()
    }
}

/// Where a family's names and first languages come from.
struct Origin {
    weight: u64,
    girls: &'static [&'static str],
    boys: &'static [&'static str],
    surnames: &'static [&'static str],
    languages: &'static [&'static str],
    /// How often someone whose first language is not English needs an interpreter.
    interpreter_percent: u64,
}

const ORIGINS: &[Origin] = &[
    Origin {
        weight: 34,
        girls: &[
            "Olivia", "Amelia", "Jessica", "Chloe", "Ellie", "Sophie", "Hannah", "Zoë", "Leanne",
            "Gemma", "Kayleigh", "Ruby",
        ],
        boys: &[
            "Jack", "Liam", "Connor", "Daniel", "Ryan", "Jamie", "Callum", "Tom", "Lewis",
            "Kieran", "Alfie", "Reece",
        ],
        surnames: &[
            "Smith", "Taylor", "Wright", "Clarke", "Walker", "Hughes", "Bennett", "Marshall",
            "Fletcher", "Booth", "Pearson", "Hardy",
        ],
        languages: &["English"],
        interpreter_percent: 0,
    },
    Origin {
        weight: 6,
        girls: &["Siân", "Ffion", "Carys", "Angharad", "Nia", "Elin"],
        boys: &["Rhys", "Dafydd", "Gethin", "Owain", "Iwan", "Huw"],
        surnames: &[
            "Jones",
            "Evans",
            "Pritchard",
            "Llewellyn",
            "Powell",
            "Vaughan",
        ],
        languages: &["English", "Welsh"],
        interpreter_percent: 0,
    },
    Origin {
        weight: 5,
        girls: &["Aoife", "Niamh", "Siobhán", "Róisín", "Orla"],
        boys: &["Seán", "Ciarán", "Pádraig", "Eoin", "Cathal"],
        surnames: &["Murphy", "O'Brien", "Byrne", "Ó Súilleabháin", "Kavanagh"],
        languages: &["English"],
        interpreter_percent: 0,
    },
    Origin {
        weight: 15,
        girls: &[
            "Aisha", "Priya", "Fatima", "Anjali", "Noor", "Saima", "Harpreet", "Zainab", "Ishani",
        ],
        boys: &[
            "Imran", "Arjun", "Bilal", "Rajesh", "Hamza", "Sandeep", "Yusuf", "Amir", "Rohan",
        ],
        surnames: &[
            "Khan",
            "Patel",
            "Hussain",
            "Sharma",
            "Ahmed",
            "Chowdhury",
            "Iqbal",
            "Mistry",
            "Begum",
        ],
        languages: &["English", "Urdu", "Punjabi", "Bengali", "Gujarati"],
        interpreter_percent: 25,
    },
    Origin {
        weight: 10,
        girls: &[
            "Zofia",
            "Katarzyna",
            "Małgorzata",
            "Agnieszka",
            "Joanna",
            "Ewa",
        ],
        boys: &[
            "Łukasz",
            "Paweł",
            "Krzysztof",
            "Michał",
            "Tomasz",
            "Wojciech",
        ],
        surnames: &[
            "Nowak",
            "Kowalczyk",
            "Wiśniewski",
            "Wójcik",
            "Lewandowski",
            "Zieliński",
            "Dąbrowski",
        ],
        languages: &["Polish"],
        interpreter_percent: 30,
    },
    Origin {
        weight: 8,
        girls: &["Hodan", "Amina", "Faadumo", "Sagal", "Ifrah", "Nimco"],
        boys: &["Abdirahman", "Mohamed", "Abdi", "Liban", "Yasin", "Guled"],
        surnames: &["Farah", "Warsame", "Hassan", "Jama", "Osman", "Abdullahi"],
        languages: &["Somali", "English"],
        interpreter_percent: 40,
    },
    Origin {
        weight: 12,
        girls: &[
            "Shanice",
            "Tamika",
            "Marcia",
            "Jada",
            "Chantelle",
            "Renée",
            "Keisha",
        ],
        boys: &[
            "Marlon", "Devon", "Andre", "Tyrone", "Jerome", "Courtney", "Delroy",
        ],
        surnames: &[
            "Campbell", "Williams", "Thompson", "Grant", "Reid", "Brown", "Francis", "McKenzie",
        ],
        languages: &["English"],
        interpreter_percent: 0,
    },
    Origin {
        weight: 7,
        girls: &["Mei", "Xiu Ying", "Li Na", "Jing", "Yan", "Hui"],
        boys: &["Wei", "Jun", "Hao", "Zhi Hao", "Ming", "Chen"],
        surnames: &["Chen", "Wang", "Li", "Zhang", "Liu", "Huang", "Ng"],
        languages: &["Mandarin", "Cantonese", "English"],
        interpreter_percent: 35,
    },
];

const STREETS: &[&str] = &[
    "Larkspur Way",
    "Cobden Street",
    "Willowbrook Close",
    "Foxglove Road",
    "Tanners Lane",
    "Kestrel Court",
    "Meadow Rise",
    "Hawthorn Drive",
    "Orchard Mews",
    "Canal Side",
    "Beechdale Crescent",
    "Primrose Walk",
    "Sorrel Gardens",
    "Lacemakers Row",
    "Ropewalk Terrace",
    "Quarry Hill Road",
];

const BUILDINGS: &[&str] = &[
    "Linden House",
    "Heron Court",
    "Victoria Mill",
    "The Maltings",
    "Cedar Point",
];

/// Neighbourhoods on the clinic's patch: (area, town, first part of the postcode).
const LOCAL_AREAS: &[(&str, &str, &str)] = &[
    ("Sneinton", "Nottingham", "NG2"),
    ("St Ann's", "Nottingham", "NG3"),
    ("Carlton", "Nottingham", "NG4"),
    ("Arnold", "Nottingham", "NG5"),
    ("Bulwell", "Nottingham", "NG6"),
    ("Radford", "Nottingham", "NG7"),
    ("Bilborough", "Nottingham", "NG8"),
    ("Beeston", "Nottingham", "NG9"),
    ("Clifton", "Nottingham", "NG11"),
    ("Hucknall", "Nottingham", "NG15"),
];

/// Where parents who live elsewhere often are.
const AWAY_AREAS: &[(&str, &str, &str)] = &[
    ("Normanton", "Derby", "DE23"),
    ("Mansfield Woodhouse", "Mansfield", "NG19"),
    ("Belgrave", "Leicester", "LE4"),
    ("Harehills", "Leeds", "LS9"),
    ("Sparkbrook", "Birmingham", "B11"),
    ("Ilkeston", "Ilkeston", "DE7"),
    ("Long Eaton", "Nottingham", "NG10"),
    ("West Bridgford", "Nottingham", "NG2"),
];

/// Made-up last parts of postcodes: letters Royal Mail rarely or never uses there.
const INWARD_LETTERS: &[&str] = &["ZX", "ZY", "XZ", "YZ", "ZZ", "XY", "YX", "XX", "YY"];

const PRACTITIONERS: &[&str] = &[
    "Sam Okafor",
    "Bethan Morris",
    "Priya Nair",
    "Jo Whitfield",
    "Tomasz Zieliński",
];

const OVERNIGHT: &[&str] = &[
    "Saturday nights",
    "Every other weekend, Friday to Sunday",
    "One night a week (Wednesdays)",
    "Most Friday nights",
    "Every other weekend",
];

const DAYTIME: &[&str] = &[
    "Tuesdays and Thursdays while mum is at work",
    "Weekday mornings",
    "Sunday afternoons",
    "Mondays, school hours",
];

const BABYSITTING: &[&str] = &[
    "When mum has appointments",
    "Occasional evenings",
    "Now and then at weekends",
];

const NO_FIXED_ABODE: &[&str] = &[
    "Sofa-surfing with friends in Bulwell",
    "Staying with different friends, mostly in Sneinton",
    "Between a friend's flat and her sister's in Clifton",
];

const RESTRICTION_REASONS: &[&str] = &[
    "Mother and baby are in a refuge; his contact is arranged through children's social care",
    "Non-molestation order in place: the mother's address must not be shared with him",
];

/// Fills `store` with `families` fictional families whose babies are up to a year old on
/// `today`, each with a follow-up history (contacts since pregnancy, gaps asked about and not
/// answered, leaflets given). The same `seed` and `today` give the same families. Writes go
/// through the store's ordinary methods, so every record is checked and audited like any
/// other.
pub fn fill(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    families: u32,
    seed: u64,
) -> Result<DemoSummary> {
    let highest = store.read(|r| r.highest_nhs_number_starting("999"))?;
    let next_nhs = highest
        .and_then(|n| n.digits().get(..9).and_then(|d| d.parse::<u32>().ok()))
        .map_or(FIRST_TEST_NHS, |first_nine| first_nine.saturating_add(1));
    let mut demo = Demo {
        rng: SplitMix64::new(seed),
        today,
        next_nhs,
        summary: DemoSummary::default(),
        shared_father: None,
        babies: Vec::new(),
    };
    // A fictional clinic too, when none is set up, so that packs can be printed at once (its
    // phone number is from Ofcom's range kept for drama).
    if store.read(|r| r.clinic_settings())?.is_none() {
        let clinic = crate::ClinicSettingsDraft {
            clinic_name: "Meadow Lane Children's Centre (demonstration)".into(),
            team_phone: "0115 496 0000".into(),
            team_email: String::new(),
            team_address: "1 Meadow Lane\nNottingham NG2 2AB".into(),
            local_services: "Dads' group, Saturdays at 10am\nBaby clinic, Tuesdays 1pm to 3pm"
                .into(),
        }
        .validate()
        .map_err(crate::Error::Invalid)?;
        store.write(actor, |w| w.save_clinic_settings(&clinic))?;
    }
    let mut start = 0;
    while start < families {
        let end = start.saturating_add(FAMILIES_PER_TRANSACTION).min(families);
        store.write(actor, |w| {
            for index in start..end {
                demo.family(w, index)?;
            }
            Ok(())
        })?;
        demo.summary.families = end;
        start = end;
    }
    demo.summary.history = history::add(store, actor, today, seed, &demo.babies)?;
    Ok(demo.summary)
}

struct Demo {
    rng: SplitMix64,
    today: NaiveDate,
    next_nhs: u32,
    summary: DemoSummary,
    /// A father with a baby in one family and, in the next, a baby with another mother: one
    /// person record, two caseload children in two households.
    shared_father: Option<SharedFather>,
    /// The babies added, for their follow-up history.
    babies: Vec<PersonId>,
}

#[derive(Clone, Copy)]
struct SharedFather {
    father: PersonId,
    baby: PersonId,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Gender {
    Female,
    Male,
}

/// Everything about one adult that the generator chooses.
struct Adult<'a> {
    origin: &'a Origin,
    gender: Gender,
    family_name: &'a str,
    /// Youngest and oldest age in years.
    ages: (u64, u64),
    /// How sure the birth date is: true for an exact date, false for a rough year.
    exact_birth: bool,
    nhs: bool,
    source: Source,
}

impl Demo {
    fn origin(&mut self) -> &'static Origin {
        let total: u64 = ORIGINS.iter().map(|o| o.weight).sum();
        let mut roll = self.rng.below(total);
        for origin in ORIGINS {
            if roll < origin.weight {
                return origin;
            }
            roll -= origin.weight;
        }
        &ORIGINS[0]
    }

    fn days_ago(&self, days: u64) -> NaiveDate {
        self.today
            .checked_sub_days(Days::new(days))
            .unwrap_or(self.today)
    }

    /// A day between `at_least` and `at_least + spread - 1` days ago.
    fn ago(&mut self, at_least: u64, spread: u64) -> NaiveDate {
        let days = at_least + self.rng.below(spread);
        self.days_ago(days)
    }

    fn born_between(&mut self, youngest: u64, oldest: u64) -> NaiveDate {
        let years = youngest + self.rng.below(oldest.saturating_sub(youngest) + 1);
        let days = years * 365 + years / 4 + self.rng.below(365);
        self.days_ago(days)
    }

    fn nhs_number(&mut self) -> String {
        while self.next_nhs <= 999_999_999 {
            let candidate = NhsNumber::from_first_nine(self.next_nhs);
            self.next_nhs += 1;
            if let Some(nhs) = candidate {
                return nhs.digits().to_owned();
            }
        }
        String::new()
    }

    fn phone(&mut self) -> String {
        if self.rng.chance(70) {
            format!("07700 900{:03}", self.rng.below(1000))
        } else {
            format!("0115 496 0{:03}", self.rng.below(1000))
        }
    }

    fn surname(&mut self, origin: &Origin) -> &'static str {
        self.rng.any(origin.surnames)
    }

    fn detail(&mut self, source: Source) -> String {
        let options: &[&str] = match source {
            Source::Mother => &[
                "Told at the new birth visit",
                "Told at the 6-8 week review",
                "",
            ],
            Source::Father => &["Phoned the team", "Told at a home visit", ""],
            Source::OtherAdult => &["Told by the maternal grandmother", ""],
            Source::GpRecord => &["GP summary record"],
            Source::OtherAgency => &["Referral from children's social care", "Midwifery handover"],
            Source::BirthRegistration => &["Birth certificate seen"],
            Source::DocumentSeen => &["Tenancy agreement seen", "Letter from the council seen"],
            Source::Observed => &["Seen at the home visit", ""],
        };
        self.rng.any(options).to_owned()
    }

    fn provenance(&mut self, source: Source) -> Provenance {
        let confirmed_on = if self.rng.chance(50) {
            let days = self.rng.below(60);
            Some(self.days_ago(days))
        } else {
            None
        };
        Provenance {
            source,
            detail: self.detail(source),
            confirmed_on,
        }
    }

    fn add_person(&mut self, w: &mut Writer<'_>, draft: &PersonDraft) -> Result<PersonId> {
        let details = draft.validate(self.today)?;
        let id = w.add_person(&details)?;
        self.summary.people += 1;
        Ok(id)
    }

    fn draft_source(&mut self, draft: &mut PersonDraft, source: Source) {
        let p = self.provenance(source);
        draft.source = source.code().to_owned();
        draft.source_detail = p.detail;
        draft.confirmed_on = p.confirmed_on.map(|d| d.to_string()).unwrap_or_default();
    }

    fn adult(&mut self, w: &mut Writer<'_>, a: &Adult<'_>) -> Result<PersonId> {
        let (given, sex) = match a.gender {
            Gender::Female => (self.rng.any(a.origin.girls), "female"),
            Gender::Male => (self.rng.any(a.origin.boys), "male"),
        };
        let language = self.rng.any(a.origin.languages);
        let interpreter = if language == "English" {
            "no"
        } else if self.rng.chance(a.origin.interpreter_percent) {
            "yes"
        } else {
            self.rng.any(&["no", "not_known"])
        };
        let born = self.born_between(a.ages.0, a.ages.1);
        let mut draft = PersonDraft {
            given_name: given.to_owned(),
            family_name: gendered(a.family_name, a.gender),
            sex: sex.to_owned(),
            first_language: language.to_owned(),
            interpreter_needed: interpreter.to_owned(),
            ..PersonDraft::default()
        };
        if a.exact_birth {
            draft.birth_date = born.to_string();
        } else {
            draft.birth_year = born.format("%Y").to_string();
        }
        if a.nhs {
            draft.nhs_number = self.nhs_number();
        }
        if self.rng.chance(80) {
            draft.phone = self.phone();
        }
        if self.rng.chance(20) && given.is_ascii() && a.family_name.is_ascii() {
            draft.email = format!(
                "{}.{}@example.com",
                given.to_lowercase().replace(' ', ""),
                a.family_name.to_lowercase().replace(['\'', ' '], "")
            );
        }
        self.draft_source(&mut draft, a.source);
        self.add_person(w, &draft)
    }

    /// A father nobody can name: unknown to the mother, or a name she would not give.
    fn unnamed_father(&mut self, w: &mut Writer<'_>, status: &str) -> Result<PersonId> {
        let mut draft = PersonDraft {
            name_status: status.to_owned(),
            sex: "male".to_owned(),
            ..PersonDraft::default()
        };
        self.draft_source(&mut draft, Source::Mother);
        draft.source_detail = if status == "not_known" {
            "Mother says the father is not known to her".to_owned()
        } else {
            "Mother chose not to give the father's name".to_owned()
        };
        self.add_person(w, &draft)
    }

    fn child(
        &mut self,
        w: &mut Writer<'_>,
        origin: &Origin,
        family_name: &str,
        born: NaiveDate,
        source: Source,
    ) -> Result<PersonId> {
        let gender = if self.rng.chance(50) {
            Gender::Female
        } else {
            Gender::Male
        };
        let (given, sex) = match gender {
            Gender::Female => (self.rng.any(origin.girls), "female"),
            Gender::Male => (self.rng.any(origin.boys), "male"),
        };
        let mut draft = PersonDraft {
            given_name: given.to_owned(),
            family_name: gendered(family_name, gender),
            sex: sex.to_owned(),
            birth_date: born.to_string(),
            nhs_number: self.nhs_number(),
            ..PersonDraft::default()
        };
        self.draft_source(&mut draft, source);
        self.add_person(w, &draft)
    }

    fn home(&mut self, w: &mut Writer<'_>, draft: &HouseholdDraft) -> Result<HouseholdId> {
        let details = draft.validate()?;
        let id = w.add_household(&details)?;
        self.summary.homes += 1;
        Ok(id)
    }

    fn address(&mut self, w: &mut Writer<'_>, areas: &[(&str, &str, &str)]) -> Result<HouseholdId> {
        let (area, town, outward) = self.rng.any(areas);
        let street = self.rng.any(STREETS);
        let number = 1 + self.rng.below(120);
        let place = if area == town {
            town.to_owned()
        } else {
            format!("{area}\n{town}")
        };
        let lines = if self.rng.chance(25) {
            let building = self.rng.any(BUILDINGS);
            let flat = 1 + self.rng.below(24);
            format!("Flat {flat}, {building}\n{number} {street}\n{place}")
        } else {
            format!("{number} {street}\n{place}")
        };
        let postcode = format!(
            "{outward} {}{}",
            self.rng.below(10),
            self.rng.any(INWARD_LETTERS)
        );
        self.home(
            w,
            &HouseholdDraft {
                address_lines: lines,
                postcode,
                ..HouseholdDraft::default()
            },
        )
    }

    fn live(
        &mut self,
        w: &mut Writer<'_>,
        person: PersonId,
        home: HouseholdId,
        start: Option<NaiveDate>,
        source: Source,
    ) -> Result<()> {
        let provenance = self.provenance(source);
        w.move_into(person, home, start, &provenance)
    }

    fn relate(
        &mut self,
        w: &mut Writer<'_>,
        from: PersonId,
        kind: RelationshipKind,
        to: PersonId,
        pr: Answer,
        source: Source,
    ) -> Result<RelationshipId> {
        let provenance = self.provenance(source);
        let id = w.add_relationship(&NewRelationship {
            from,
            to,
            kind,
            parental_responsibility: kind.links_adult_to_child().then_some(pr),
            start_date: None,
            provenance,
        })?;
        self.summary.relationships += 1;
        Ok(id)
    }

    fn partners(
        &mut self,
        w: &mut Writer<'_>,
        a: PersonId,
        b: PersonId,
        since: NaiveDate,
        source: Source,
    ) -> Result<RelationshipId> {
        let provenance = self.provenance(source);
        let id = w.add_relationship(&NewRelationship {
            from: a,
            to: b,
            kind: RelationshipKind::Partner,
            parental_responsibility: None,
            start_date: Some(since),
            provenance,
        })?;
        self.summary.relationships += 1;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    fn care(
        &mut self,
        w: &mut Writer<'_>,
        child: PersonId,
        carer: PersonId,
        kind: CareKind,
        frequency: &str,
        place: Option<HouseholdId>,
        source: Source,
    ) -> Result<()> {
        let provenance = self.provenance(source);
        w.add_care_arrangement(&NewCareArrangement {
            child,
            carer,
            kind,
            frequency: frequency.to_owned(),
            place,
            start_date: None,
            notes: String::new(),
            provenance,
        })?;
        self.summary.care_arrangements += 1;
        Ok(())
    }

    fn father_pr(&mut self) -> (Answer, Source) {
        match self.rng.below(10) {
            0..=4 => (Answer::Yes, Source::BirthRegistration),
            5..=7 => (Answer::NotKnown, Source::Mother),
            _ => (Answer::No, Source::OtherAgency),
        }
    }

    /// One family. Which shape it takes goes round in tens, so that any ten families in a row
    /// show every shape; names, ages, places and answers vary with the seed.
    fn family(&mut self, w: &mut Writer<'_>, index: u32) -> Result<()> {
        let slot = index % 10;
        let origin = self.origin();
        let father_origin = if self.rng.chance(25) {
            self.origin()
        } else {
            origin
        };
        let mother_family = self.surname(origin);
        let father_family = self.surname(father_origin);
        let born = self.ago(0, 366);
        let practitioner = self.rng.any(PRACTITIONERS);

        let main = if slot == 5 {
            let description = self.rng.any(NO_FIXED_ABODE);
            self.home(
                w,
                &HouseholdDraft {
                    address_status: "no_fixed_abode".to_owned(),
                    postcode: "ZZ99 3VZ".to_owned(),
                    description: description.to_owned(),
                    ..HouseholdDraft::default()
                },
            )?
        } else {
            self.address(w, LOCAL_AREAS)?
        };
        let young_mother = slot == 0;
        let mother_source = self.rng.pick(&[Source::Mother, Source::GpRecord]);
        let mother_source = mother_source.unwrap_or(Source::Mother);
        let mother_nhs = self.rng.chance(90);
        let mother = self.adult(
            w,
            &Adult {
                origin,
                gender: Gender::Female,
                family_name: mother_family,
                ages: if young_mother { (17, 19) } else { (20, 42) },
                exact_birth: true,
                nhs: mother_nhs,
                source: mother_source,
            },
        )?;
        let baby_family = match slot {
            0 | 2 | 5 | 6 => mother_family,
            _ if self.rng.chance(60) => father_family,
            _ => mother_family,
        };
        let baby_source = self
            .rng
            .pick(&[
                Source::BirthRegistration,
                Source::GpRecord,
                Source::OtherAgency,
            ])
            .unwrap_or(Source::GpRecord);
        let baby = self.child(w, origin, baby_family, born, baby_source)?;
        self.babies.push(baby);
        self.relate(
            w,
            mother,
            RelationshipKind::BirthMother,
            baby,
            Answer::Yes,
            Source::BirthRegistration,
        )?;
        w.add_to_caseload(baby, Some(main), practitioner)?;

        if slot == 8 {
            // Moved house since the baby came: the old home stays as history.
            let old = self.address(w, LOCAL_AREAS)?;
            let moved = self.ago(0, 200);
            let since = self.ago(700, 1500);
            self.live(w, mother, old, Some(since), Source::Mother)?;
            if born < moved {
                self.live(w, baby, old, Some(born), Source::Mother)?;
            }
            self.live(w, mother, main, Some(moved), Source::DocumentSeen)?;
            self.live(w, baby, main, Some(moved.max(born)), Source::DocumentSeen)?;
        } else {
            let source = if slot == 5 {
                Source::Mother
            } else {
                Source::GpRecord
            };
            self.live(w, mother, main, None, source)?;
            self.live(w, baby, main, Some(born), source)?;
        }

        let father_adult = |exact: bool, nhs: bool, source: Source| Adult {
            origin: father_origin,
            gender: Gender::Male,
            family_name: father_family,
            ages: (19, 48),
            exact_birth: exact,
            nhs,
            source,
        };

        match slot {
            0 => {
                // Father not known; a young mother living with her own mother, who helps.
                let father = self.unnamed_father(w, "not_known")?;
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    Answer::No,
                    Source::Mother,
                )?;
                let nan = self.adult(
                    w,
                    &Adult {
                        origin,
                        gender: Gender::Female,
                        family_name: mother_family,
                        ages: (36, 55),
                        exact_birth: false,
                        nhs: false,
                        source: Source::Mother,
                    },
                )?;
                self.relate(
                    w,
                    nan,
                    RelationshipKind::BirthMother,
                    mother,
                    Answer::Yes,
                    Source::Mother,
                )?;
                self.relate(
                    w,
                    nan,
                    RelationshipKind::Grandparent,
                    baby,
                    Answer::No,
                    Source::Mother,
                )?;
                self.live(w, nan, main, None, Source::Observed)?;
                let when = self.rng.any(DAYTIME);
                self.care(
                    w,
                    baby,
                    nan,
                    CareKind::Daytime,
                    when,
                    Some(main),
                    Source::Mother,
                )?;
            }
            1 => {
                // Father elsewhere with overnight stays; his older child lives with her mother.
                let exact = self.rng.chance(60);
                let source = if self.rng.chance(50) {
                    Source::Father
                } else {
                    Source::Mother
                };
                let father = self.adult(w, &father_adult(exact, exact, source))?;
                let (pr, pr_source) = self.father_pr();
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    pr,
                    pr_source,
                )?;
                let his_home = self.address(w, AWAY_AREAS)?;
                self.live(w, father, his_home, None, Source::Father)?;
                let when = self.rng.any(OVERNIGHT);
                self.care(
                    w,
                    baby,
                    father,
                    CareKind::Overnight,
                    when,
                    Some(his_home),
                    Source::Mother,
                )?;
                let ex_home = self.address(w, AWAY_AREAS)?;
                let ex_family = self.surname(father_origin);
                let ex = self.adult(
                    w,
                    &Adult {
                        origin: father_origin,
                        gender: Gender::Female,
                        family_name: ex_family,
                        ages: (22, 40),
                        exact_birth: false,
                        nhs: false,
                        source: Source::Father,
                    },
                )?;
                self.live(w, ex, ex_home, None, Source::Father)?;
                let older = self.born_between(2, 9);
                let half = self.child(w, father_origin, father_family, older, Source::Father)?;
                self.relate(
                    w,
                    ex,
                    RelationshipKind::BirthMother,
                    half,
                    Answer::Yes,
                    Source::Father,
                )?;
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    half,
                    Answer::Yes,
                    Source::Father,
                )?;
                self.live(w, half, ex_home, None, Source::Father)?;
                self.relate(
                    w,
                    half,
                    RelationshipKind::HalfSibling,
                    baby,
                    Answer::NotKnown,
                    Source::Father,
                )?;
            }
            2 => {
                // The mother would not give the father's name; her parents babysit.
                let father = self.unnamed_father(w, "not_given")?;
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    Answer::NotKnown,
                    Source::Mother,
                )?;
                self.grandparents(
                    w,
                    origin,
                    mother_family,
                    mother,
                    baby,
                    CareKind::Babysitting,
                )?;
            }
            3 | 4 => {
                // One father, two babies with two mothers, both on the caseload.
                let shared = match (slot, self.shared_father) {
                    (4, Some(shared)) => Some(shared),
                    _ => None,
                };
                let father = match shared {
                    Some(s) => s.father,
                    None => {
                        let father = self.adult(w, &father_adult(true, true, Source::GpRecord))?;
                        let his_home = self.address(w, LOCAL_AREAS)?;
                        self.live(w, father, his_home, None, Source::Father)?;
                        father
                    }
                };
                let (pr, pr_source) = if shared.is_some() {
                    (Answer::NotKnown, Source::Mother)
                } else {
                    (Answer::Yes, Source::BirthRegistration)
                };
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    pr,
                    pr_source,
                )?;
                match shared {
                    Some(s) => {
                        self.relate(
                            w,
                            s.baby,
                            RelationshipKind::HalfSibling,
                            baby,
                            Answer::NotKnown,
                            Source::Father,
                        )?;
                        let when = self.rng.any(DAYTIME);
                        self.care(
                            w,
                            baby,
                            father,
                            CareKind::Daytime,
                            when,
                            Some(main),
                            Source::Mother,
                        )?;
                        self.shared_father = None;
                    }
                    None => {
                        let his_home = w.current_home_id(father)?;
                        self.care(
                            w,
                            baby,
                            father,
                            CareKind::Overnight,
                            "Every other weekend",
                            his_home,
                            Source::Father,
                        )?;
                        self.shared_father = Some(SharedFather { father, baby });
                    }
                }
            }
            5 => {
                // No fixed abode; the father is somewhere in another town.
                let father = self.adult(w, &father_adult(false, false, Source::Mother))?;
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    Answer::NotKnown,
                    Source::Mother,
                )?;
                let (_, town, _) = self.rng.any(AWAY_AREAS);
                let somewhere = self.home(
                    w,
                    &HouseholdDraft {
                        address_status: "not_known".to_owned(),
                        description: format!("Somewhere in {town}, the mother thinks"),
                        ..HouseholdDraft::default()
                    },
                )?;
                self.live(w, father, somewhere, None, Source::Mother)?;
            }
            6 => {
                // The mother's address must not reach the father.
                let father = self.adult(w, &father_adult(true, true, Source::OtherAgency))?;
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    Answer::Yes,
                    Source::BirthRegistration,
                )?;
                let his_home = self.address(w, AWAY_AREAS)?;
                self.live(w, father, his_home, None, Source::OtherAgency)?;
                let reason = self.rng.any(RESTRICTION_REASONS);
                w.add_sharing_restriction(mother, father, SharingFact::Address, reason)?;
                self.summary.restrictions += 1;
                if self.rng.chance(50) {
                    w.add_sharing_restriction(mother, father, SharingFact::Phone, reason)?;
                    self.summary.restrictions += 1;
                }
            }
            7 => {
                // A new partner has moved in; the father has the baby every other weekend; the
                // mother's older child from an earlier relationship lives with them.
                let father = self.adult(w, &father_adult(true, false, Source::Mother))?;
                let (pr, pr_source) = self.father_pr();
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    pr,
                    pr_source,
                )?;
                let together = self.ago(800, 600);
                let was = self.partners(w, mother, father, together, Source::Mother)?;
                let split = self.ago(200, 200);
                w.end_relationship(was, split)?;
                let his_home = self.address(w, LOCAL_AREAS)?;
                self.live(w, father, his_home, None, Source::Father)?;
                let when = self.rng.any(OVERNIGHT);
                self.care(
                    w,
                    baby,
                    father,
                    CareKind::Overnight,
                    when,
                    Some(his_home),
                    Source::Mother,
                )?;
                let partner_origin = self.origin();
                let partner_family = self.surname(partner_origin);
                let gender = if self.rng.chance(85) {
                    Gender::Male
                } else {
                    Gender::Female
                };
                let exact_birth = self.rng.chance(50);
                let partner = self.adult(
                    w,
                    &Adult {
                        origin: partner_origin,
                        gender,
                        family_name: partner_family,
                        ages: (20, 45),
                        exact_birth,
                        nhs: false,
                        source: Source::Mother,
                    },
                )?;
                let moved_in = self.ago(0, 150);
                self.partners(w, mother, partner, split, Source::Mother)?;
                self.live(w, partner, main, Some(moved_in), Source::Observed)?;
                let older = self.born_between(3, 10);
                let half = self.child(w, origin, mother_family, older, Source::GpRecord)?;
                self.relate(
                    w,
                    mother,
                    RelationshipKind::BirthMother,
                    half,
                    Answer::Yes,
                    Source::GpRecord,
                )?;
                self.live(w, half, main, None, Source::Observed)?;
                self.relate(
                    w,
                    half,
                    RelationshipKind::HalfSibling,
                    baby,
                    Answer::NotKnown,
                    Source::Mother,
                )?;
            }
            8 => {
                // Both parents at home (they moved together); his parents babysit.
                let father = self.adult(w, &father_adult(true, true, Source::GpRecord))?;
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    Answer::Yes,
                    Source::BirthRegistration,
                )?;
                let together = self.ago(500, 2000);
                self.partners(w, mother, father, together, Source::Mother)?;
                self.live(w, father, main, None, Source::Observed)?;
                self.grandparents(
                    w,
                    father_origin,
                    father_family,
                    father,
                    baby,
                    CareKind::Babysitting,
                )?;
            }
            _ => {
                // Both parents at home with an older brother or sister; his mother has the
                // baby overnight now and then.
                let nhs = self.rng.chance(50);
                let father = self.adult(w, &father_adult(true, nhs, Source::Father))?;
                self.relate(
                    w,
                    father,
                    RelationshipKind::BirthFather,
                    baby,
                    Answer::Yes,
                    Source::BirthRegistration,
                )?;
                let together = self.ago(1200, 2000);
                self.partners(w, mother, father, together, Source::Mother)?;
                self.live(w, father, main, None, Source::Observed)?;
                let older = self.born_between(2, 6);
                let sibling = self.child(w, origin, baby_family, older, Source::GpRecord)?;
                for (parent, kind) in [
                    (mother, RelationshipKind::BirthMother),
                    (father, RelationshipKind::BirthFather),
                ] {
                    self.relate(w, parent, kind, sibling, Answer::Yes, Source::GpRecord)?;
                }
                self.live(w, sibling, main, None, Source::Observed)?;
                self.relate(
                    w,
                    sibling,
                    RelationshipKind::FullSibling,
                    baby,
                    Answer::NotKnown,
                    Source::Observed,
                )?;
                let gran = self.adult(
                    w,
                    &Adult {
                        origin: father_origin,
                        gender: Gender::Female,
                        family_name: father_family,
                        ages: (45, 70),
                        exact_birth: false,
                        nhs: false,
                        source: Source::Father,
                    },
                )?;
                self.relate(
                    w,
                    gran,
                    RelationshipKind::Grandparent,
                    baby,
                    Answer::No,
                    Source::Father,
                )?;
                let her_home = self.address(w, LOCAL_AREAS)?;
                self.live(w, gran, her_home, None, Source::Father)?;
                self.care(
                    w,
                    baby,
                    gran,
                    CareKind::Overnight,
                    "The odd Friday night",
                    Some(her_home),
                    Source::Mother,
                )?;
            }
        }
        Ok(())
    }

    /// Both parents of `parent`, living together at their own home, grandparents of `baby`;
    /// the grandmother looks after the baby there.
    fn grandparents(
        &mut self,
        w: &mut Writer<'_>,
        origin: &'static Origin,
        family_name: &str,
        parent: PersonId,
        baby: PersonId,
        kind: CareKind,
    ) -> Result<()> {
        let their_home = self.address(w, LOCAL_AREAS)?;
        let mut grandmother = None;
        for gender in [Gender::Female, Gender::Male] {
            let exact_birth = self.rng.chance(30);
            let gp = self.adult(
                w,
                &Adult {
                    origin,
                    gender,
                    family_name,
                    ages: (45, 72),
                    exact_birth,
                    nhs: false,
                    source: Source::OtherAdult,
                },
            )?;
            self.relate(
                w,
                gp,
                RelationshipKind::Grandparent,
                baby,
                Answer::No,
                Source::Mother,
            )?;
            let kind_to_parent = match gender {
                Gender::Female => RelationshipKind::BirthMother,
                Gender::Male => RelationshipKind::BirthFather,
            };
            self.relate(
                w,
                gp,
                kind_to_parent,
                parent,
                Answer::NotKnown,
                Source::Mother,
            )?;
            self.live(w, gp, their_home, None, Source::OtherAdult)?;
            if gender == Gender::Female {
                grandmother = Some(gp);
            }
        }
        if let Some(gran) = grandmother {
            let when = match kind {
                CareKind::Overnight => self.rng.any(OVERNIGHT),
                CareKind::Daytime => self.rng.any(DAYTIME),
                CareKind::Babysitting => self.rng.any(BABYSITTING),
            };
            self.care(w, baby, gran, kind, when, Some(their_home), Source::Mother)?;
        }
        Ok(())
    }
}

/// Polish family names change with the person: Wiśniewski, Wiśniewska.
fn gendered(family_name: &str, gender: Gender) -> String {
    if gender == Gender::Female {
        for (male, female) in [("ski", "ska"), ("cki", "cka"), ("dzki", "dzka")] {
            if let Some(stem) = family_name.strip_suffix(male) {
                return format!("{stem}{female}");
            }
        }
    }
    family_name.to_owned()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::actor::Role;
    use crate::family::Connection;
    use crate::identifiers::Postcode;
    use crate::person::Birth;
    use crate::vocab::NameStatus;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn filled(families: u32, seed: u64) -> (tempfile::TempDir, Store, DemoSummary) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("demo.db"), &crate::keys::test_key()).unwrap();
        let actor = Actor::new("cli:test", Role::Practitioner);
        let summary = fill(&store, &actor, today(), families, seed).unwrap();
        (dir, store, summary)
    }

    fn everything(store: &Store) -> crate::exchange::ExchangeFile {
        let mut file = store.read(|r| crate::exchange::export(r, None)).unwrap();
        file.exported_at = String::new();
        file
    }

    #[test]
    fn splitmix64_is_the_published_generator() {
        // The first outputs for seed 1234567, as published with the algorithm.
        let mut rng = SplitMix64::new(1_234_567);
        assert_eq!(rng.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(rng.next_u64(), 3_203_168_211_198_807_973);
        let mut rng = SplitMix64::new(9);
        for _ in 0..1000 {
            assert!(rng.below(7) < 7);
        }
        assert_eq!(rng.below(0), 0);
        assert_eq!(rng.pick::<u8>(&[]), None);
    }

    #[test]
    fn the_history_follows_each_family_up_and_answers_only_gaps_that_are_there() {
        let (_dir, store, summary) = filled(60, 3);
        let h = &summary.history;
        assert!(h.contacts >= 60 * 3, "{h:?}");
        assert!(
            h.answers > 0 && h.packs > 0 && h.offers > 0 && h.statements > 0,
            "{h:?}"
        );
        let actor = Actor::new("cli:test", Role::Practitioner);
        let earliest = today() - chrono::Duration::days(366 + 210);
        store
            .read(|r| {
                let all = r.all_gap_records()?;
                let contacts: usize = all.values().map(|g| g.contacts.len()).sum();
                assert_eq!(contacts, h.contacts as usize);
                for records in all.values() {
                    for c in &records.contacts {
                        assert!(c.details.date <= today() && c.details.date >= earliest);
                    }
                    assert!(records.answers.iter().all(|a| a.contact.is_some()));
                }
                Ok(())
            })
            .unwrap();
        // Every answer is to a gap the rules see (unresolved, or filled and kept as history):
        // none is lost as an answer to nothing.
        let rows = crate::followup::caseload_gaps(&store, &actor, today(), None).unwrap();
        let mut answered = 0;
        for row in &rows {
            answered += row
                .gaps
                .open
                .iter()
                .chain(&row.gaps.quiet)
                .chain(&row.gaps.closed)
                .map(|g| g.history.len())
                .sum::<usize>();
            answered += row.gaps.filled.iter().map(|(_, a)| a.len()).sum::<usize>();
        }
        assert_eq!(answered, h.answers as usize);
        // Some gaps wait for their date, some are closed, some families go to supervision.
        assert!(rows.iter().any(|r| !r.gaps.quiet.is_empty()));
        assert!(rows.iter().any(|r| !r.gaps.closed.is_empty()));
        let supervision = crate::followup::supervision(&store, &actor, today()).unwrap();
        assert!(!supervision.is_empty());
        // The same seed gives the same history.
        let (_again, _, twin) = filled(60, 3);
        assert_eq!(twin, summary);
    }

    #[test]
    fn thirty_families_show_every_shape_a_health_visitor_meets() {
        let (_dir, store, summary) = filled(30, 1);
        assert_eq!(summary.families, 30);
        let file = everything(&store);
        assert_eq!(summary.people as usize, file.people.len());
        assert_eq!(summary.homes as usize, file.homes.len());
        assert_eq!(summary.relationships as usize, file.relationships.len());
        assert_eq!(summary.care_arrangements as usize, file.care.len());
        assert_eq!(summary.restrictions as usize, file.restrictions.len());

        let mut unknown_fathers = 0;
        let mut unnamed_fathers = 0;
        let mut fathers_of_two_on_caseload = BTreeSet::new();
        let mut overnight_away = Vec::new();
        let mut no_fixed_abode = 0;
        let mut address_withheld_from_father = 0;
        let mut partners_living_in = 0;
        let mut half_siblings_elsewhere = 0;
        let mut grandparents_caring = 0;
        let mut answers = BTreeSet::new();
        store
            .read(|r| {
                let caseload = r.caseload()?;
                assert_eq!(caseload.len(), 30);
                for entry in &caseload {
                    let child = entry.child.id;
                    let Birth::Exact(born) = entry.child.details.birth else {
                        panic!("a baby without a date of birth");
                    };
                    assert!((0..=366).contains(&(today() - born).num_days()));
                    let n = r.family_network(child)?;
                    let parent = |kind: RelationshipKind| {
                        n.members.iter().find(move |m| {
                            m.connections.iter().any(|c| {
                                matches!(c, Connection::Direct(l)
                                    if l.details.to == child && l.details.kind == kind)
                            })
                        })
                    };
                    let father = parent(RelationshipKind::BirthFather);
                    let mother = parent(RelationshipKind::BirthMother);
                    let mother = mother.expect("every demo baby has a mother");
                    assert!(mother.lives_with_child);
                    if let Some(father) = father {
                        match father.person.details.name_status {
                            NameStatus::NotKnown => unknown_fathers += 1,
                            NameStatus::NotGiven => unnamed_fathers += 1,
                            NameStatus::Known => {}
                        }
                        if father.other_children.iter().any(|o| o.on_caseload) {
                            fathers_of_two_on_caseload.insert(father.person.id);
                        }
                        answers.extend(father.parental_responsibility);
                        address_withheld_from_father += n
                            .restrictions
                            .iter()
                            .filter(|s| {
                                s.fact == SharingFact::Address
                                    && s.subject == mother.person.id
                                    && s.withheld_from == father.person.id
                            })
                            .count();
                    }
                    for m in &n.members {
                        if m.lives_with_child
                            && m.connections
                                .iter()
                                .any(|c| matches!(c, Connection::ParentsPartner { .. }))
                            && !m.roles(child).starts_with("Birth")
                        {
                            partners_living_in += 1;
                        }
                        if m.roles(child) == "Half-sibling" && !m.lives_with_child {
                            half_siblings_elsewhere += 1;
                        }
                    }
                    overnight_away.extend(
                        n.overnight_away()
                            .map(|c| c.arrangement.details.frequency.clone()),
                    );
                    grandparents_caring += n
                        .care
                        .iter()
                        .filter(|c| {
                            n.member(c.carer.id)
                                .is_some_and(|m| m.roles(child).contains("Grandparent"))
                        })
                        .count();
                    if n.main_home
                        .as_ref()
                        .and_then(|h| h.details.postcode.clone())
                        == Some(Postcode::NoFixedAbode)
                    {
                        no_fixed_abode += 1;
                    }
                }
                Ok(())
            })
            .unwrap();
        assert!(unknown_fathers >= 1, "a father nobody knows");
        assert!(unnamed_fathers >= 1, "a father whose name was not given");
        assert!(
            !fathers_of_two_on_caseload.is_empty(),
            "one father linked to two babies on the caseload"
        );
        assert!(!overnight_away.is_empty(), "overnight stays away from home");
        assert!(
            overnight_away
                .iter()
                .any(|f| f.contains("night") || f.contains("weekend")),
            "{overnight_away:?}"
        );
        assert!(no_fixed_abode >= 1, "a family with no fixed abode");
        assert!(
            address_withheld_from_father >= 1,
            "the mother's address withheld"
        );
        assert!(partners_living_in >= 1, "a mother's new partner living in");
        assert!(
            half_siblings_elsewhere >= 1,
            "a half-sibling in another home"
        );
        assert!(
            grandparents_caring >= 1,
            "grandparents who look after the baby"
        );
        assert_eq!(
            answers,
            BTreeSet::from([Answer::Yes, Answer::No, Answer::NotKnown]),
            "parental responsibility yes, no and not known"
        );

        for p in &file.people {
            if let Some(nhs) = &p.nhs_number {
                let nhs = NhsNumber::parse(nhs).unwrap();
                assert!(nhs.is_test_range(), "{nhs} is not in the 999 range");
            }
            assert!(
                p.phone.is_empty()
                    || p.phone.starts_with("07700 900")
                    || p.phone.starts_with("0115 496 0"),
                "{} is not a drama number",
                p.phone
            );
            assert!(p.email.is_empty() || p.email.ends_with("@example.com"));
        }
        let sources: BTreeSet<&str> = file.people.iter().map(|p| p.source.as_str()).collect();
        assert!(sources.len() >= 5, "{sources:?}");
        assert!(
            file.people.iter().any(|p| !p.given_name.is_ascii()),
            "names with accents"
        );
        let postcodes: BTreeSet<&str> = file
            .homes
            .iter()
            .filter_map(|h| h.postcode.as_deref())
            .collect();
        assert!(postcodes.contains("ZZ99 3VZ"));
        assert!(postcodes.len() > 10);
    }

    #[test]
    fn the_same_seed_gives_the_same_caseload_and_another_seed_another() {
        let (_a, first, _) = filled(12, 42);
        let (_b, second, _) = filled(12, 42);
        assert_eq!(everything(&first), everything(&second));
        let (_c, other, _) = filled(12, 43);
        let names = |store: &Store| -> Vec<String> {
            everything(store)
                .people
                .into_iter()
                .map(|p| format!("{} {}", p.given_name, p.family_name))
                .collect()
        };
        assert_ne!(names(&first), names(&other));
    }

    #[test]
    fn running_it_again_adds_more_families_with_new_nhs_numbers() {
        let (_dir, store, _) = filled(3, 1);
        let actor = Actor::new("cli:test", Role::Practitioner);
        fill(&store, &actor, today(), 3, 1).unwrap();
        assert_eq!(store.read(|r| r.caseload()).unwrap().len(), 6);
    }
}
