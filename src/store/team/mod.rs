//! Team sync's records, as plain data (tested natively): what this browser keeps about the
//! team's CouchDB database, the documents the log is made of there, and CouchDB's rule for
//! which of two conflicting revisions of a document wins.
//!
//! The log is the unit of sharing: the event batch of revision N is the document whose id
//! is N, zero-padded (`batch_id`), so `_all_docs` lists the log in order and creating
//! revision N twice gives the second writer `409 Conflict`. A snapshot of the workspace is
//! the document `snapshot-N`; a new member starts from the newest one.
//!
//! Each batch document carries a random `key` and the `after` key of the revision before
//! it, so the log is a chain. A push sends many documents at once (`_bulk_docs`), and
//! CouchDB takes each on its own: when a teammate took revision N, this browser's N+1…
//! may still have been created, on top of a revision that is not the team's. Such a
//! document does not follow its predecessor (`follow` stops there) and the next push
//! writes over it (`Stray`): nobody applies it.
//!
//! `chain` holds the log's documents and how a push's answer and a pull are read; `sync`
//! the transitions of this browser's state that team sync makes of them.

mod chain;
pub mod delivery;
pub mod sync;

pub use chain::*;

use serde::{Deserialize, Serialize};

use crate::domain::rebase::Queued;

/// What this browser keeps about the team's database (never the password).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TeamRecord {
    /// `https://couch.example.org`, without a trailing slash.
    pub server: String,
    pub database: String,
    /// The CouchDB user name: the author of every change made here.
    pub user: String,
    /// The newest revision the team's log is known to hold, as this browser holds it.
    pub confirmed: u32,
    /// The chain key of revision `confirmed`'s document (`None` at revision 0, or when
    /// that document was written without one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub head_key: Option<String>,
    /// The changes saved here and not yet in the team's log: local revisions
    /// `confirmed + 1 ..`, in order. Stored one record per change beside this one
    /// (`queue_key`), so that queueing a change writes only that change.
    #[serde(skip)]
    pub queue: Vec<Queued>,
}

impl TeamRecord {
    pub fn new(server: &str, database: &str, user: &str, confirmed: u32) -> TeamRecord {
        TeamRecord {
            server: server.trim_end_matches('/').to_owned(),
            database: database.to_owned(),
            user: user.to_owned(),
            confirmed,
            head_key: None,
            queue: Vec::new(),
        }
    }

    /// The record without its queue: what is stored under its own key (the queue is
    /// stored one record per change), copied without copying the queue.
    pub fn header(&self) -> TeamRecord {
        TeamRecord {
            server: self.server.clone(),
            database: self.database.clone(),
            user: self.user.clone(),
            confirmed: self.confirmed,
            head_key: self.head_key.clone(),
            queue: Vec::new(),
        }
    }

    /// Takes the team's batches that follow `confirmed`, in order. Those equal to the
    /// front of the queue are this browser's own (pushed, but the answer was lost): they
    /// leave the queue. Returns the batches that are someone else's, from the first that
    /// differs on; when any are returned, the queue must be rebased on top of them.
    pub fn settle<'a>(&mut self, team: &'a [BatchRead]) -> &'a [BatchRead] {
        let mut own = 0;
        while own < team.len() && !self.queue.is_empty() && self.queue[0].events == team[own].events
        {
            self.queue.remove(0);
            self.confirmed += 1;
            self.head_key = team[own].key.clone();
            own += 1;
        }
        &team[own..]
    }
}

/// The key of a queued change's record in the store's `meta`.
pub fn queue_key(revision: u32) -> String {
    format!("queue/{revision:010}")
}

/// The id of the document holding revision `revision`'s batch.
pub fn batch_id(revision: u32) -> String {
    format!("{revision:010}")
}

/// The revision a batch document's id names; `None` for any other document.
pub fn revision_of(id: &str) -> Option<u32> {
    if id.len() == 10 && id.bytes().all(|byte| byte.is_ascii_digit()) {
        id.parse().ok()
    } else {
        None
    }
}

/// The last id `_all_docs` may list for batches: snapshots sort after it.
pub const LAST_BATCH_ID: &str = "9999999999";

/// The id of the snapshot document of the workspace at `revision`.
pub fn snapshot_id(revision: u32) -> String {
    format!("snapshot-{revision:010}")
}

/// A URL path segment: everything but unreserved characters percent-encoded.
pub fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

/// Checks what a person typed as the server's address: `http(s)://host[:port]`, nothing
/// after it. Returns it without a trailing slash.
pub fn server_address(typed: &str) -> Result<String, &'static str> {
    let typed = typed.trim().trim_end_matches('/');
    let rest = typed
        .strip_prefix("https://")
        .or_else(|| typed.strip_prefix("http://"))
        .ok_or("The server's address starts with https:// (or http:// on this computer).")?;
    if rest.is_empty() || rest.contains(['/', '?', '#', ' ', '@']) {
        return Err("The server's address is https:// and a host name, with a port if it needs one (https://couch.example.org:6984), and nothing after it.");
    }
    Ok(typed.to_owned())
}

/// Checks a CouchDB database name: a lowercase letter first, then lowercase letters,
/// digits and `_$()+-/`, at most 238 characters (CouchDB's rule).
pub fn database_name(typed: &str) -> Result<String, &'static str> {
    let name = typed.trim();
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|byte| byte.is_ascii_lowercase());
    let rest_ok = bytes.all(|byte| {
        byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"_$()+-/".contains(&byte)
    });
    if !first_ok || !rest_ok || name.len() > 238 {
        return Err("A CouchDB database name starts with a lowercase letter and has only lowercase letters, digits and _$()+-/ (at most 238).");
    }
    Ok(name.to_owned())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::domain::command::CreateGroup;
    use crate::domain::rebase::Intent;
    use crate::domain::{Change, Command, Event};

    pub(super) fn batch(name: &str) -> Vec<Event> {
        vec![Event {
            at: "2026-11-26T12:00:00Z".parse().unwrap(),
            change: Change::GroupCreated {
                group: crate::domain::GroupId(1),
                name: name.into(),
            },
            by: Some("alice".into()),
        }]
    }

    pub(super) fn queued(name: &str) -> Queued {
        Queued {
            intent: Intent::Command(Command::CreateGroup(CreateGroup { name: name.into() })),
            at: "2026-11-26T12:00:00Z".parse().unwrap(),
            events: batch(name),
        }
    }

    #[test]
    fn batch_ids_sort_as_the_log_and_name_their_revision() {
        assert_eq!(batch_id(42), "0000000042");
        assert!(batch_id(9) < batch_id(10));
        assert!(batch_id(u32::MAX).as_str() <= LAST_BATCH_ID);
        assert!(snapshot_id(1).as_str() > LAST_BATCH_ID);
        assert_eq!(revision_of(&batch_id(1234)), Some(1234));
        assert_eq!(revision_of("snapshot-0000000001"), None);
        assert_eq!(revision_of("_design/x"), None);
    }

    pub(super) fn read(revision: u32, key: &str, after: Option<&str>, name: &str) -> BatchRead {
        BatchRead {
            id: batch_id(revision),
            rev: format!("1-{key}"),
            conflicts: Vec::new(),
            deleted: false,
            key: Some(key.into()),
            after: after.map(str::to_owned),
            events: batch(name),
        }
    }

    #[test]
    fn own_batches_the_team_already_has_leave_the_queue_and_the_rest_is_someone_elses() {
        let mut record = TeamRecord::new("http://127.0.0.1:5984/", "team", "alice", 3);
        record.queue = vec![queued("A"), queued("B")];
        let team = vec![read(4, "ka", None, "A"), read(5, "kx", Some("ka"), "X")];
        let others = record.settle(&team).to_vec();
        assert_eq!(others, vec![read(5, "kx", Some("ka"), "X")]);
        assert_eq!(record.confirmed, 4);
        assert_eq!(record.head_key.as_deref(), Some("ka"));
        assert_eq!(record.queue, vec![queued("B")]);
        assert_eq!(record.server, "http://127.0.0.1:5984");
    }

    #[test]
    fn addresses_and_database_names_are_checked_with_a_sentence() {
        assert_eq!(
            server_address(" https://couch.example.org/ "),
            Ok("https://couch.example.org".into())
        );
        assert_eq!(
            server_address("http://127.0.0.1:5984"),
            Ok("http://127.0.0.1:5984".into())
        );
        assert!(server_address("couch.example.org").is_err());
        assert!(server_address("https://couch.example.org/db").is_err());
        assert!(server_address("https://").is_err());
        assert_eq!(
            database_name("packwright-team"),
            Ok("packwright-team".into())
        );
        assert!(database_name("Team").is_err());
        assert!(database_name("_users").is_err());
        assert!(database_name("").is_err());
        assert_eq!(percent_encode("a/b c"), "a%2Fb%20c");
    }
}
