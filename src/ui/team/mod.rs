//! Team sync: the workspace shared through the team's CouchDB database, offline first.
//!
//! IndexedDB stays the working copy. A change is saved as always and queued (in the same
//! transaction); the push loop creates its revision's document in the team's database.
//! When a teammate created that revision first (`409`), the pull fetches what is new, and
//! the queue is decided again on top of it (`domain::rebase`); a change the engine now
//! refuses is dropped and its author shown why. The changes loop waits on CouchDB's
//! changes feed and pulls what teammates save. Both loops end when the generation they
//! were started for is over (disconnect, sign-out, the app unmounted).
//!
//! What sync decides is plain data in `store::team::sync` (tested natively); these rooms
//! do the I/O: `connect` (starting and ending), `push`, `pull` (and conflicts), `history`
//! (a new member's earlier history). `link` holds what sync keeps in memory and the guard
//! every step takes it through; `status` the values the views read.

mod connect;
mod history;
mod link;
mod pull;
mod push;
mod status;

pub use link::TeamSync;
pub use status::{Connection, TeamAccount, TeamChoice, TeamStatus};
