//! The rules of Packwright as plain Rust: no I/O, no wall clock, no browser.
//!
//! Commands go in, events come out: `decide(&workspace, command, now)` checks a command
//! and answers with events or a `DomainError`; `Workspace::apply` folds an event in; `tick`
//! finds the scheduled releases that came due. Everything is deterministic: time always
//! comes in as an argument.

pub mod boomi;
pub mod command;
pub mod configuration;
pub mod csv;
pub mod decide;
pub mod error;
pub mod event;
pub mod ids;
pub mod integrity;
pub mod model;
pub mod queries;
pub mod rebase;
pub mod release_check;
pub mod schedule;
pub mod time;
pub mod validate;
pub mod workspace;
pub mod zones;

pub use command::Command;
pub use decide::decide;
pub use error::DomainError;
pub use event::{Change, Event, EventKind};
pub use ids::{AccountId, ComponentId, GroupId, InstanceId, PackId, PackageId};
pub use release_check::check_release;
pub use schedule::tick;
pub use time::{Clock, PublisherZone, UnknownZone};
pub use workspace::{
    Workspace, ZoneChange, FORMAT_VERSION, OLDEST_COMPLETE_SNAPSHOT_FORMAT, OLDEST_FORMAT_VERSION,
};
