//! End-to-end tests of the real Kinfold window. Each test has its own database.

mod family;
mod foundation;
mod gaps;
mod packs;
mod protection;
