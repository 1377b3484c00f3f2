//! Prints a sample pack for a fictional family to look at (no database involved):
//! `cargo run -p kinfold-core --example sample_pack -- OUT.pdf [--large-print]`, then for
//! example `pdftoppm -png -r 60 OUT.pdf page` to see the pages as images.

use kinfold_core::pack::Leaflet;
use kinfold_core::printing::{print_pack, PackDocument};

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: sample_pack OUT.pdf [--large-print]");
        std::process::exit(2);
    };
    let large_print = args.any(|a| a == "--large-print");
    let doc = PackDocument::sample(Leaflet::ALL.to_vec(), large_print);
    let printed = print_pack(&doc);
    if let Err(e) = std::fs::write(&out, &printed.pdf) {
        eprintln!("could not write {out}: {e}");
        std::process::exit(1);
    }
    println!(
        "{out}: {} pages, {} bytes",
        printed.pages(),
        printed.pdf.len()
    );
}
