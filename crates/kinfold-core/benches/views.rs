//! What a practitioner waits for on one family, on demo caseloads of 1,000, 10,000 and
//! 100,000 families: the family screen for a family of seventeen people (its network and
//! its gaps, read and audited as the screen does, and read alone), and a person search by
//! name and by postcode. Run with `cargo bench -p kinfold-core --bench views`. Targets (issue
//! 7): the family view in a few milliseconds; search p95 under 10 ms (the search benchmark
//! has the full mix on 100,000 people).

mod support;

use support::{actor, caseload, sizes, today};

/// The family screen as the app shows it: the network, then the gaps, each an audited view
/// (an audit row written and synced before the data is handed over).
#[divan::bench(args = sizes(), sample_count = 30)]
fn family_screen(families: u32) -> usize {
    let c = caseload(families);
    let network = c
        .store
        .view_family(&actor(), c.big_family)
        .expect("network");
    let follow_up =
        kinfold_core::followup::view_gaps(&c.store, &actor(), c.big_family, today()).expect("gaps");
    network.members.len() + follow_up.gaps.open.len()
}

/// The same reads with no audit row: what the family view costs the core itself.
#[divan::bench(args = sizes(), sample_count = 30)]
fn family_network_and_gaps_read(families: u32) -> usize {
    let c = caseload(families);
    c.store
        .read(|r| {
            let network = r.family_network(c.big_family)?;
            let records = r.gap_records(c.big_family)?;
            Ok(network.members.len() + records.contacts.len())
        })
        .expect("read")
}

#[divan::bench(args = sizes(), sample_count = 30)]
fn search_by_name(families: u32) -> usize {
    caseload(families)
        .store
        .read(|r| r.search_people(divan::black_box("maud quartermaine"), 25))
        .expect("search")
        .len()
}

#[divan::bench(args = sizes(), sample_count = 30)]
fn search_common_surname(families: u32) -> usize {
    caseload(families)
        .store
        .read(|r| r.search_people(divan::black_box("smith"), 25))
        .expect("search")
        .len()
}

#[divan::bench(args = sizes(), sample_count = 30)]
fn search_by_postcode(families: u32) -> usize {
    caseload(families)
        .store
        .read(|r| r.search_people(divan::black_box("NG5 1BB"), 25))
        .expect("search")
        .len()
}

fn main() {
    support::caseloads();
    let c = caseload(sizes()[0]);
    let people = c
        .store
        .read(|r| r.family_network(c.big_family))
        .map(|n| {
            1 + n.members.len()
                + n.members
                    .iter()
                    .map(|m| m.other_children.len())
                    .sum::<usize>()
        })
        .unwrap_or(0);
    println!("family view: the benchmark family has {people} people");
    divan::main();
}
