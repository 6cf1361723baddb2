//! The rules of Packwright as plain Rust: no I/O, no wall clock, no browser.
//!
//! Everything here is deterministic. Time always comes in as an argument, so the same
//! inputs give the same answer in a unit test, a replay or the browser.

pub mod time;

pub use time::{Clock, PublisherZone, UnknownZone};
