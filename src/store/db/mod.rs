//! The workspace in IndexedDB: a snapshot, the event batches of every saved command, and
//! a head record that says where they stand. Every write is one transaction.
//!
//! `Store` is one type with a room per job, each an `impl Store` of its own: `open`
//! (schema, upgrades, migrations, another tab's newer version), `load` (start-up and
//! catching up), `log` (saving commands, reading history by revision), `team` (team sync's
//! record, queue and rewrites), `index` (the history index), `transfer` (export, import,
//! reset, salvage). What they share (the records' keys, the head, committing a write,
//! errors) is here.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use indexed_db_futures::database::{Database, VersionChangeListener};
use indexed_db_futures::error::{DomException, Error as IdbError, OpenDbError};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;

use crate::domain::rebase::Queued;
use crate::domain::{
    Change, Clock, Event, PublisherZone, Workspace, OLDEST_COMPLETE_SNAPSHOT_FORMAT,
};
use crate::store::file::WorkspaceFile;
use crate::store::legacy;
use crate::store::mentions::{mentions_of, Mention};
use crate::store::records::{snapshot_json, to_json, EventBatch, Head, SettingsV1, Snapshot};
use crate::store::salvage::{salvage, Salvage};
use crate::store::team::{queue_key, TeamRecord};
use crate::store::StoreError;

mod index;
mod load;
mod log;
mod open;
mod team;
mod transfer;

use log::{batches_after, index_batch, put_snapshot, read_batch, stored_batches, write_batches};

/// The schema this build writes. Version 1 held only the shell settings; version 2 adds
/// the workspace (snapshots and event batches); version 3 the history index (`mentions`);
/// version 4 stores snapshots as UTF-8 bytes, of format 5 (instances as a table), which a
/// build of version 3 cannot read: with the version raised, such a build still open in
/// another tab hears of the upgrade, and one reloaded opens the database read-only, so
/// it never writes to (or resets) records it cannot read. Version 5 (the same stores) holds
/// records of format 6 and 7, whose report and extension-value events a build of version 4
/// cannot read: raised for the same reason.
pub const SCHEMA_VERSION: u32 = 5;

/// An import stores its history in batches of this many events.
pub const IMPORT_BATCH: usize = 1_000;

pub use crate::store::records::SNAPSHOT_EVERY;

const META: &str = "meta";
const SNAPSHOTS: &str = "snapshots";
const EVENTS: &str = "events";
/// The history index: a key per pack, account and kind each batch mentions (`mentions.rs`).
const MENTIONS: &str = "mentions";
/// Present in `meta` once the history index covers every stored batch.
const MENTIONS_BUILT_KEY: &str = "mentions";
const HEAD_KEY: &str = "head";
const CLOCK_KEY: &str = "clock";
const SETTINGS_V1_KEY: &str = "settings";
const SNAPSHOT_KEY: &str = "latest";
/// The team sync record (`team::TeamRecord`), present while the workspace is shared.
const TEAM_KEY: &str = "team";

/// An open Packwright database.
pub struct Store {
    database: Database,
    read_only: bool,
    /// Listening from the moment the database opened, so that no other tab's upgrade is
    /// missed while start-up still reads; `ending` takes it.
    changes: std::cell::RefCell<Option<VersionChangeListener>>,
}

/// A store no longer used lets go of its connection at once: otherwise it holds up
/// another tab's upgrade (or this tab's next open) until the browser collects it.
impl Drop for Store {
    fn drop(&mut self) {
        self.database.clone().close();
    }
}

/// What start-up restores.
#[derive(Clone, Debug, PartialEq)]
pub struct Loaded {
    pub workspace: Workspace,
    pub head: Head,
    /// The team's database this workspace is shared through, if any.
    pub team: Option<TeamRecord>,
    /// The workspace as the team's log has it (`team.confirmed`, without the queue).
    pub team_workspace: Option<Workspace>,
    /// The changes queued for the team, as stored; `with_queue` decodes them into
    /// `team.queue`. Apart so that a start-up decodes commands only when some are queued
    /// (in the split build, their decoder is not in the first visit's module).
    pub queued: Vec<String>,
}

impl Loaded {
    /// Decodes the queued changes into the team record's queue.
    pub fn with_queue(mut self) -> Result<Loaded, StoreError> {
        let queued = std::mem::take(&mut self.queued);
        if let Some(team) = &mut self.team {
            for change in queued {
                team.queue.push(
                    serde_json::from_str(&change)
                        .map_err(|error| StoreError::Corrupt(error.to_string()))?,
                );
            }
        }
        Ok(self)
    }
}

/// How a tab that is behind catches up with what other tabs saved.
#[derive(Clone, Debug, PartialEq)]
pub enum CatchUp {
    /// Apply these events, in order, to reach `head`.
    Events { events: Vec<Event>, head: Head },
    /// The history was replaced (an import or a reset): load everything again.
    Reload,
}

impl Store {
    /// A read-write transaction over `stores`. Every write goes through here, so none can
    /// forget that a newer Packwright's database is never written.
    fn writing<const N: usize>(&self, stores: [&str; N]) -> Result<Transaction<'_>, StoreError> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        Ok(self
            .database
            .transaction(stores)
            .with_mode(TransactionMode::Readwrite)
            .build()?)
    }
}

/// Commits a write, or says why it failed. A full disk aborts the whole transaction and
/// its requests then only say "aborted": the transaction's own error tells the cause.
async fn committed<T>(
    transaction: Transaction<'_>,
    written: Result<T, StoreError>,
) -> Result<T, StoreError> {
    match written {
        Ok(value) => {
            transaction.commit().await?;
            Ok(value)
        }
        Err(error) => Err(transaction.error().map_or(error, StoreError::from)),
    }
}

/// Writes the head record.
async fn put_head(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    head: &Head,
) -> Result<(), StoreError> {
    meta.put(to_json(head))
        .with_key(HEAD_KEY)
        .primitive()?
        .await?;
    Ok(())
}

/// The head record; a database that never saved anything is at revision 0.
async fn read_head(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
) -> Result<Head, StoreError> {
    Ok(read_json(meta.get(HEAD_KEY).primitive()?.await?)?.unwrap_or_default())
}

/// The keys of the queued changes after revision `revision`.
fn queued_after(revision: u32) -> KeyRange<String> {
    KeyRange::Bound(queue_key(revision + 1), false, queue_key(u32::MAX), false)
}

/// The detail of a `Corrupt` error, for a sentence that names the record around it.
fn detail_of(error: StoreError) -> String {
    match error {
        StoreError::Corrupt(detail) => detail,
        other => other.to_string(),
    }
}

fn read_json<T: serde::de::DeserializeOwned>(
    stored: Option<String>,
) -> Result<Option<T>, StoreError> {
    stored
        .map(|json| {
            serde_json::from_str(&json).map_err(|error| StoreError::Corrupt(error.to_string()))
        })
        .transpose()
}

fn real_now() -> DateTime<Utc> {
    DateTime::from_timestamp_millis(js_sys::Date::now() as i64).unwrap_or_default()
}

fn dom_exception_name(error: &IdbError) -> Option<String> {
    match error {
        IdbError::DomException(DomException::Other(exception)) => Some(exception.name()),
        _ => None,
    }
}

fn is_version_error(error: &OpenDbError) -> bool {
    matches!(error, OpenDbError::Base(base) if dom_exception_name(base).as_deref() == Some("VersionError"))
}

impl From<IdbError> for StoreError {
    fn from(error: IdbError) -> Self {
        let detail = error.to_string();
        // Chromium reports a full disk as an `UnknownError` whose message names the file
        // system's error (`FILE_ERROR_NO_SPACE`), not as a quota error.
        if dom_exception_name(&error).as_deref() == Some("QuotaExceededError")
            || detail.contains("NO_SPACE")
        {
            StoreError::QuotaExceeded
        } else if detail.contains("connection is closing")
            || detail.contains("backing store")
            || detail.contains("Backend aborted")
            // A commit that the browser aborted on its own: it could not write the change.
            || matches!(
                error,
                IdbError::MissingData(indexed_db_futures::error::UnexpectedDataError::TransactionAborted)
            )
        {
            // After such a failure Chromium closes every connection of the site and will not
            // open the database again until its files can be written.
            StoreError::Broken(detail)
        } else {
            StoreError::Failed(detail)
        }
    }
}

impl From<OpenDbError> for StoreError {
    fn from(error: OpenDbError) -> Self {
        match error {
            OpenDbError::Base(base) => StoreError::from(base),
            other => StoreError::Unavailable(other.to_string()),
        }
    }
}
