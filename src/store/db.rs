//! The workspace in IndexedDB: a snapshot, the event batches of every saved command, and
//! a head record that says where they stand. Every write is one transaction.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use indexed_db_futures::database::{Database, VersionChangeListener};
use indexed_db_futures::error::{DomException, Error as IdbError, OpenDbError};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use indexed_db_futures::KeyRange;

use crate::domain::rebase::Queued;
use crate::domain::{
    Change, Clock, Event, PublisherZone, Workspace, FORMAT_VERSION, OLDEST_COMPLETE_SNAPSHOT_FORMAT,
};
use crate::store::file::WorkspaceFile;
use crate::store::legacy;
use crate::store::mentions::{mentions_of, Mention};
use crate::store::records::{snapshot_json, to_json, EventBatch, Head, SettingsV1, Snapshot};
use crate::store::salvage::{salvage, Salvage};
use crate::store::team::{queue_key, TeamRecord};
use crate::store::StoreError;

/// The schema this build writes. Version 1 held only the shell settings; version 2 adds
/// the workspace (snapshots and event batches); version 3 the history index (`mentions`).
pub const SCHEMA_VERSION: u32 = 3;

/// An import stores its history in batches of this many events.
pub const IMPORT_BATCH: usize = 1_000;

/// A snapshot is written after this many saved commands, so start-up replays at most
/// this many batches on top of it.
pub const SNAPSHOT_EVERY: u32 = 50;

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
    /// Opens (creating or upgrading) the database called `name`.
    pub async fn open(name: &str) -> Result<Store, StoreError> {
        Store::open_with_blocked_notice(name, || {}).await
    }

    /// Opens the database, calling `on_blocked` while another tab's older connection holds
    /// up the upgrade. A database of a newer schema opens read-only.
    pub async fn open_with_blocked_notice(
        name: &str,
        on_blocked: impl Fn() + 'static,
    ) -> Result<Store, StoreError> {
        let opened = Database::open(name)
            .with_version(SCHEMA_VERSION)
            .with_on_blocked(move |_| {
                on_blocked();
                Ok(())
            })
            .with_on_upgrade_needed(|event, database| {
                let old_version = event.old_version();
                if old_version < 1.0 {
                    database.create_object_store(META).build()?;
                }
                if old_version < 2.0 {
                    database.create_object_store(SNAPSHOTS).build()?;
                    database.create_object_store(EVENTS).build()?;
                }
                if old_version < 3.0 {
                    database.create_object_store(MENTIONS).build()?;
                }
                Ok(())
            })
            .await;
        match opened {
            Ok(database) => {
                let store = Store {
                    changes: std::cell::RefCell::new(database.version_changes().ok()),
                    database,
                    read_only: false,
                };
                store.migrate_v1_records(real_now()).await?;
                match store.index_history().await {
                    // A batch that cannot be read is for `load` to report, with the way out.
                    Ok(()) | Err(StoreError::Corrupt(_)) => Ok(store),
                    Err(error) => Err(error),
                }
            }
            Err(error) if is_version_error(&error) => {
                let database = Database::open(name).await?;
                Ok(Store {
                    changes: std::cell::RefCell::new(database.version_changes().ok()),
                    database,
                    read_only: true,
                })
            }
            Err(error) => Err(error.into()),
        }
    }

    /// Waits until this connection must end, and says why: another tab opened a newer
    /// schema (`Superseded`: the connection is closed at once, so that the other tab's
    /// upgrade goes on instead of waiting for this one), or the browser closed it because
    /// its storage failed (`Broken`). Pending forever when neither happens.
    ///
    /// The future does not hold the store: a store that is dropped still lets go.
    pub fn ending(&self) -> impl std::future::Future<Output = StoreError> + 'static {
        let changes = self.changes.borrow_mut().take();
        let database = self.database.clone();
        async move {
            let Some(mut changes) = changes else {
                return futures::future::pending().await;
            };
            match std::future::poll_fn(|context| changes.poll_recv(context)).await {
                Some(_) => {
                    database.close();
                    StoreError::Superseded
                }
                None => StoreError::Broken("the browser closed the database".to_owned()),
            }
        }
    }

    /// True when a newer Packwright wrote this database: it is shown, never changed.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

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

    /// What `load` would restore from a database that holds nothing to decode: no batch,
    /// no snapshot, no team record and no clock of format 1 (a first visit's). `None` when
    /// there is something: then `load`. Start-up asks first, so that a first visit needs
    /// no decoder of stored history (in the split build, not in its first module).
    pub async fn load_if_blank(&self) -> Result<Option<Loaded>, StoreError> {
        let transaction = self
            .database
            .transaction([META, SNAPSHOTS, EVENTS])
            .build()?;
        let meta = transaction.object_store(META)?;
        let head = read_head(&meta).await?;
        let clock: Option<String> = meta.get(CLOCK_KEY).primitive()?.await?;
        let team: Option<String> = meta.get(TEAM_KEY).primitive()?.await?;
        // Counted, not read: a snapshot can be megabytes, and `load` reads it next.
        let snapshots = transaction
            .object_store(SNAPSHOTS)?
            .count()
            .primitive()?
            .await?;
        let batches = transaction
            .object_store(EVENTS)?
            .count()
            .primitive()?
            .await?;
        // A head past revision 0 with nothing to rebuild from is not blank but damaged (or
        // misread: a browser short of disk space was seen to answer so): `load` says which.
        let blank = head.revision == 0
            && clock.is_none()
            && team.is_none()
            && snapshots == 0
            && batches == 0;
        Ok(blank.then(|| Loaded {
            workspace: Workspace::default(),
            head,
            team: None,
            team_workspace: None,
            queued: Vec::new(),
        }))
    }

    /// Restores the workspace: the snapshot, then the batches saved after it. A database
    /// of format 1 that kept a clock beside the workspace has it adopted into the workspace
    /// first (`legacy::clock_adoption`), so that nothing is ever decided on its workspace by
    /// a clock it did not have.
    pub async fn load(&self) -> Result<Loaded, StoreError> {
        loop {
            let (mut loaded, legacy_clock) = self.read_stored().await?;
            let Some(clock) = legacy_clock.filter(|_| !self.read_only) else {
                return Ok(loaded);
            };
            // Format 1 had no team sync: a shared workspace's clock is the team's.
            let events = match loaded.team {
                None => legacy::clock_adoption(&loaded.workspace, clock),
                Some(_) => Vec::new(),
            };
            match self.adopt_legacy_clock(loaded.head, &events).await {
                Ok(head) => {
                    for event in &events {
                        loaded.workspace.apply(event);
                    }
                    loaded.head = head;
                    return Ok(loaded);
                }
                // Another tab adopted it meanwhile: read what it saved.
                Err(StoreError::Conflict) => continue,
                Err(error) => return Err(error),
            }
        }
    }

    /// Saves the events that adopt format 1's clock record and forgets the record, in one
    /// transaction, if nothing was saved since `based_on`.
    async fn adopt_legacy_clock(
        &self,
        based_on: Head,
        events: &[Event],
    ) -> Result<Head, StoreError> {
        let transaction = self.writing([META, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let head = read_head(&meta).await?;
            let record: Option<String> = meta.get(CLOCK_KEY).primitive()?.await?;
            if head.revision != based_on.revision
                || head.base_revision != based_on.base_revision
                || record.is_none()
            {
                return Err(StoreError::Conflict);
            }
            let mut next = head;
            if !events.is_empty() {
                next.revision = write_batches(
                    &transaction.object_store(EVENTS)?,
                    &transaction.object_store(MENTIONS)?,
                    head.revision,
                    [events],
                )
                .await?;
                put_head(&meta, &next).await?;
            }
            meta.delete(CLOCK_KEY).primitive()?.await?;
            Ok(next)
        }
        .await;
        committed(transaction, written).await
    }

    /// The workspace as stored, and the clock record of format 1 if there is one.
    async fn read_stored(&self) -> Result<(Loaded, Option<Clock>), StoreError> {
        let transaction = self
            .database
            .transaction([META, SNAPSHOTS, EVENTS])
            .build()?;
        let meta = transaction.object_store(META)?;
        let head = read_head(&meta).await?;
        let clock_record: Option<String> = meta.get(CLOCK_KEY).primitive()?.await?;
        let legacy_clock = clock_record.and_then(|record| legacy::clock_record(&record));
        let team: Option<TeamRecord> = read_json(meta.get(TEAM_KEY).primitive()?.await?)?;
        let mut queued = Vec::new();
        if let Some(team) = &team {
            let stored = meta
                .get_all::<String>()
                .with_query::<String, _>(KeyRange::Bound(
                    queue_key(team.confirmed + 1),
                    false,
                    queue_key(u32::MAX),
                    false,
                ))
                .primitive()?
                .await?;
            for change in stored {
                queued.push(change?);
            }
        }
        let snapshot: Option<Snapshot> = read_json::<Snapshot>(
            transaction
                .object_store(SNAPSHOTS)?
                .get(SNAPSHOT_KEY)
                .primitive()?
                .await?,
        )
        .map_err(|error| {
            StoreError::Corrupt(format!(
                "the saved snapshot of the workspace: {}",
                detail_of(error)
            ))
        })?;
        let events = transaction.object_store(EVENTS)?;
        let (mut workspace, after) = match snapshot {
            Some(snapshot)
                if snapshot.workspace.format_version >= OLDEST_COMPLETE_SNAPSHOT_FORMAT =>
            {
                let mut workspace = snapshot.workspace;
                workspace.format_version = FORMAT_VERSION;
                (workspace, Some(snapshot.revision))
            }
            // No snapshot, or one of format 1, which lacks the time fields later formats
            // derive from the log: the log rebuilds it.
            _ => (Workspace::default(), None),
        };
        let from = after.unwrap_or(0);
        // The team's workspace (without the queued changes) is kept apart on the way.
        let mut team_workspace = None;
        let confirmed = team.as_ref().map(|team: &TeamRecord| team.confirmed);
        let stored = stored_batches(&events, KeyRange::LowerBound(from, true)).await?;
        let revisions: Vec<u32> = stored.iter().map(|(revision, _)| *revision).collect();
        if let Some(gap) = head.gap_in(after, &revisions) {
            return Err(StoreError::Corrupt(gap));
        }
        if confirmed.is_some_and(|confirmed| confirmed <= from) {
            team_workspace = Some(workspace.clone());
        }
        for (revision, batch) in stored {
            let batch = read_batch(&batch).map_err(|error| {
                StoreError::Corrupt(format!(
                    "the change saved as revision {revision}: {}",
                    detail_of(error)
                ))
            })?;
            for event in batch {
                workspace.apply(&event);
            }
            if confirmed == Some(revision) {
                team_workspace = Some(workspace.clone());
            }
        }
        let loaded = Loaded {
            workspace,
            head,
            queued: if team_workspace.is_some() {
                queued
            } else {
                Vec::new()
            },
            team: team.filter(|_| team_workspace.is_some()),
            team_workspace,
        };
        Ok((loaded, legacy_clock))
    }

    /// Saves the events of one command in one transaction, if nothing was saved since
    /// `based_on` (the revision the command was decided on), with the team record that
    /// queues it when the workspace is shared. Returns the new revision.
    pub async fn append(
        &self,
        based_on: u32,
        events: &[Event],
        team: Option<(&TeamRecord, &Queued)>,
    ) -> Result<Head, StoreError> {
        let transaction = self.writing([META, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let head = read_head(&meta).await?;
            if head.revision != based_on {
                return Err(StoreError::Conflict);
            }
            let next = Head {
                revision: head.revision + 1,
                ..head
            };
            transaction
                .object_store(EVENTS)?
                .put(to_json(&events))
                .with_key(next.revision)
                .primitive()?
                .await?;
            index_batch(&transaction.object_store(MENTIONS)?, next.revision, events)?;
            if let Some((team, queued)) = team {
                meta.put(to_json(team))
                    .with_key(TEAM_KEY)
                    .primitive()?
                    .await?;
                meta.put(to_json(queued))
                    .with_key(queue_key(next.revision))
                    .primitive()?
                    .await?;
            }
            put_head(&meta, &next).await?;
            Ok(next)
        }
        .await;
        committed(transaction, written).await
    }

    /// Writes the team record and its queue (a push confirmed, a connection made), or
    /// forgets both.
    pub async fn save_team(&self, team: Option<&TeamRecord>) -> Result<(), StoreError> {
        let transaction = self.writing([META])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            match team {
                Some(team) => write_team(&meta, team).await?,
                None => {
                    meta.delete(TEAM_KEY).primitive()?.await?;
                    forget_queue_after(&meta, 0).await?;
                }
            }
            Ok(())
        }
        .await;
        committed(transaction, written).await
    }

    /// Records that the team's log has the queued changes up to `revision`: the team
    /// record, and their queue records forgotten.
    pub async fn confirm_pushed(&self, team: &TeamRecord, revision: u32) -> Result<(), StoreError> {
        let transaction = self.writing([META])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            meta.put(to_json(team))
                .with_key(TEAM_KEY)
                .primitive()?
                .await?;
            meta.delete::<String, _>(KeyRange::Bound(
                queue_key(0),
                false,
                queue_key(revision),
                false,
            ))
            .primitive()?
            .await?;
            Ok(())
        }
        .await;
        committed(transaction, written).await
    }

    /// Replaces the batches after revision `keep` with `batches` (the team's, then this
    /// browser's changes decided again on top), in one transaction, with the team record
    /// that goes with them and, when the stored snapshot is among what is replaced,
    /// `snapshot` (the team's workspace at its revision: a snapshot never holds queued
    /// changes, so the team's workspace can always be rebuilt). Refused (`Conflict`) if
    /// anything was saved since `expected`.
    pub async fn rewrite_after(
        &self,
        expected: Head,
        keep: u32,
        batches: &[Vec<Event>],
        snapshot: Option<(u32, &Workspace)>,
        team: &TeamRecord,
    ) -> Result<Head, StoreError> {
        let transaction = self.writing([META, SNAPSHOTS, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let head = read_head(&meta).await?;
            // (A snapshot saved meanwhile moves only `snapshot_revision`: no conflict.)
            if head.revision != expected.revision || head.base_revision != expected.base_revision {
                return Err(StoreError::Conflict);
            }
            let events_store = transaction.object_store(EVENTS)?;
            let mentions = transaction.object_store(MENTIONS)?;
            let old = stored_batches(&events_store, KeyRange::LowerBound(keep, true)).await?;
            for (revision, batch) in old {
                for mention in mentions_of(&read_batch(&batch)?) {
                    drop(mentions.delete(mention.key(revision)).primitive()?);
                }
                drop(events_store.delete(revision).primitive()?);
            }
            let revision = write_batches(
                &events_store,
                &mentions,
                keep,
                batches.iter().map(Vec::as_slice),
            )
            .await?;
            let mut next = Head {
                revision,
                base_revision: head.base_revision.min(keep + 1),
                ..head
            };
            if head.snapshot_revision > keep {
                let Some((at, workspace)) = snapshot else {
                    return Err(StoreError::Corrupt(
                        "a rewrite would leave the snapshot ahead of the history".into(),
                    ));
                };
                put_snapshot(&transaction, at, workspace).await?;
                next.snapshot_revision = at;
            }
            write_team(&meta, team).await?;
            put_head(&meta, &next).await?;
            Ok(next)
        }
        .await;
        committed(transaction, written).await
    }

    /// Replaces everything with the team's workspace: `workspace` as of `revision` (the
    /// snapshot a new member starts from, or the end of the team's log) and the team's
    /// batches of the revisions `first..=revision`, in one transaction.
    pub async fn adopt(
        &self,
        workspace: &Workspace,
        first: u32,
        batches: &[Vec<Event>],
        team: &TeamRecord,
    ) -> Result<Head, StoreError> {
        let transaction = self.writing([META, SNAPSHOTS, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let events_store = transaction.object_store(EVENTS)?;
            let mentions = transaction.object_store(MENTIONS)?;
            events_store.clear()?.await?;
            mentions.clear()?.await?;
            write_batches(
                &events_store,
                &mentions,
                first.saturating_sub(1),
                batches.iter().map(Vec::as_slice),
            )
            .await?;
            let next = Head {
                revision: team.confirmed,
                snapshot_revision: team.confirmed,
                base_revision: first,
            };
            put_snapshot(&transaction, next.revision, workspace).await?;
            write_team(&meta, team).await?;
            put_head(&meta, &next).await?;
            Ok(next)
        }
        .await;
        committed(transaction, written).await
    }

    /// Puts `batches`, the team's revisions `first..base`, before the history this browser
    /// holds, which starts at `base` (a new member's starts after the snapshot it joined
    /// from), in one transaction. Refused (`Conflict`) if the history's start moved
    /// meanwhile. Returns the new head.
    pub async fn prepend_history(
        &self,
        base: u32,
        first: u32,
        batches: &[Vec<Event>],
    ) -> Result<Head, StoreError> {
        let transaction = self.writing([META, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let head = read_head(&meta).await?;
            if first == 0 || head.base_revision != base || first + batches.len() as u32 != base {
                return Err(StoreError::Conflict);
            }
            write_batches(
                &transaction.object_store(EVENTS)?,
                &transaction.object_store(MENTIONS)?,
                first - 1,
                batches.iter().map(Vec::as_slice),
            )
            .await?;
            let next = Head {
                base_revision: first,
                ..head
            };
            put_head(&meta, &next).await?;
            Ok(next)
        }
        .await;
        committed(transaction, written).await
    }

    /// The batches of the revisions `from..=to`, one per revision, oldest first (what an
    /// upload sends to the team's database).
    pub async fn batches_between(
        &self,
        from: u32,
        to: u32,
    ) -> Result<Vec<(u32, Vec<Event>)>, StoreError> {
        if from > to {
            return Ok(Vec::new());
        }
        let transaction = self.database.transaction(EVENTS).build()?;
        let store = transaction.object_store(EVENTS)?;
        stored_batches(&store, KeyRange::Bound(from, false, to, false))
            .await?
            .into_iter()
            .map(|(revision, batch)| Ok((revision, read_batch(&batch)?)))
            .collect()
    }

    /// Whether a snapshot should be written after reaching `head`.
    pub fn snapshot_due(head: &Head) -> bool {
        head.revision >= head.snapshot_revision + SNAPSHOT_EVERY
    }

    /// Stores a snapshot (the text `records::snapshot_json` made of the workspace at
    /// `revision`), unless a later one is stored.
    pub async fn save_snapshot(&self, revision: u32, snapshot: String) -> Result<(), StoreError> {
        let transaction = self.writing([META, SNAPSHOTS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let head = read_head(&meta).await?;
            if revision <= head.snapshot_revision || revision > head.revision {
                return Ok(());
            }
            transaction
                .object_store(SNAPSHOTS)?
                .put(snapshot)
                .with_key(SNAPSHOT_KEY)
                .primitive()?
                .await?;
            put_head(
                &meta,
                &Head {
                    snapshot_revision: revision,
                    ..head
                },
            )
            .await?;
            Ok(())
        }
        .await;
        committed(transaction, written).await
    }

    /// What another tab saved after `head`.
    pub async fn catch_up(&self, head: Head) -> Result<CatchUp, StoreError> {
        let transaction = self.database.transaction([META, EVENTS]).build()?;
        let latest = read_head(&transaction.object_store(META)?).await?;
        if latest.base_revision != head.base_revision || latest.revision < head.revision {
            return Ok(CatchUp::Reload);
        }
        let events = batches_after(&transaction.object_store(EVENTS)?, head.revision).await?;
        Ok(CatchUp::Events {
            events,
            head: latest,
        })
    }

    /// Every saved event, oldest first: the activity log.
    pub async fn all_events(&self) -> Result<Vec<Event>, StoreError> {
        let transaction = self.database.transaction(EVENTS).build()?;
        batches_after(&transaction.object_store(EVENTS)?, 0).await
    }

    /// What can still be read of a database whose workspace cannot be rebuilt (a batch or
    /// the snapshot damaged): the longest readable run of its log, as a workspace file.
    pub async fn salvage(&self) -> Result<Salvage, StoreError> {
        let transaction = self.database.transaction(EVENTS).build()?;
        let stored = stored_batches(
            &transaction.object_store(EVENTS)?,
            KeyRange::LowerBound(0, false),
        )
        .await?;
        Ok(salvage(
            stored
                .into_iter()
                .map(|(revision, text)| {
                    let batch = read_batch(&text).map_err(detail_of);
                    (revision, batch)
                })
                .collect(),
        ))
    }

    /// The whole workspace and its history as the text of an export file.
    pub async fn export(&self) -> Result<String, StoreError> {
        let loaded = self.load().await?;
        let events = self.all_events().await?;
        Ok(WorkspaceFile::new(loaded.workspace, events).to_json())
    }

    /// Replaces everything with a checked file's workspace, in one transaction.
    pub async fn import(&self, file: &WorkspaceFile) -> Result<Head, StoreError> {
        self.replace_all(&file.workspace, &file.events).await
    }

    /// Empties the workspace; the clock, part of it, follows the real time again.
    pub async fn reset(&self) -> Result<Head, StoreError> {
        self.replace_all(&Workspace::default(), &[]).await
    }

    /// Replaces everything in one transaction. The history is stored in batches of
    /// `IMPORT_BATCH` events, one revision each, so that the activity log can read it a
    /// page at a time from the newest.
    async fn replace_all(
        &self,
        workspace: &Workspace,
        events: &[Event],
    ) -> Result<Head, StoreError> {
        let transaction = self.writing([META, SNAPSHOTS, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let head = read_head(&meta).await?;
            let base = head.revision + 1;
            let events_store = transaction.object_store(EVENTS)?;
            let mentions = transaction.object_store(MENTIONS)?;
            events_store.clear()?.await?;
            mentions.clear()?.await?;
            let written = write_batches(
                &events_store,
                &mentions,
                base - 1,
                events.chunks(IMPORT_BATCH),
            )
            .await?;
            // A workspace without history still moves to revision `base`.
            let revision = written.max(base);
            let next = Head {
                revision,
                snapshot_revision: revision,
                base_revision: base,
            };
            put_snapshot(&transaction, revision, workspace).await?;
            put_head(&meta, &next).await?;
            Ok(next)
        }
        .await;
        committed(transaction, written).await
    }

    /// The events of the batches saved at revisions `from..=to`, oldest first: a page of
    /// history, read without the rest.
    pub async fn events_between(&self, from: u32, to: u32) -> Result<Vec<Event>, StoreError> {
        if from > to {
            return Ok(Vec::new());
        }
        let transaction = self.database.transaction(EVENTS).build()?;
        batches_in(
            &transaction.object_store(EVENTS)?,
            KeyRange::Bound(from, false, to, false),
        )
        .await
    }

    /// The revisions below `before` of the batches that mention any of `mentions`, newest
    /// first: where a filtered activity log finds its events without reading the rest.
    pub async fn revisions_mentioning(
        &self,
        mentions: &[Mention],
        before: u32,
    ) -> Result<Vec<u32>, StoreError> {
        let transaction = self.database.transaction(MENTIONS).build()?;
        let index = transaction.object_store(MENTIONS)?;
        let mut revisions = BTreeSet::new();
        for mention in mentions {
            let keys = index
                .get_all_keys::<String>()
                .with_query::<String, _>(KeyRange::Bound(
                    mention.key(0),
                    false,
                    mention.key(before),
                    true,
                ))
                .primitive()?
                .await?;
            for key in keys {
                revisions.extend(Mention::revision_of(&key?));
            }
        }
        Ok(revisions.into_iter().rev().collect())
    }

    /// The events of the batches saved at `revisions`, each batch's events in order, the
    /// batches in the order asked for.
    pub async fn batches_at(&self, revisions: &[u32]) -> Result<Vec<Vec<Event>>, StoreError> {
        let transaction = self.database.transaction(EVENTS).build()?;
        let events = transaction.object_store(EVENTS)?;
        let mut batches = Vec::with_capacity(revisions.len());
        for revision in revisions {
            let stored: Option<String> = events.get(*revision).primitive()?.await?;
            batches.push(match stored {
                Some(text) => read_batch(&text)?,
                None => Vec::new(),
            });
        }
        Ok(batches)
    }

    /// Builds the history index of a database written before it existed, once, in one
    /// transaction; after that, every write keeps it.
    async fn index_history(&self) -> Result<(), StoreError> {
        // Every start-up asks; only the first one after the upgrade writes, so the question
        // is a read that blocks no other tab.
        let reading = self.database.transaction(META).build()?;
        let built: Option<String> = reading
            .object_store(META)?
            .get(MENTIONS_BUILT_KEY)
            .primitive()?
            .await?;
        drop(reading);
        if built.is_some() {
            return Ok(());
        }
        self.rebuild_history_index().await
    }

    /// Whether the history index holds the keys of the newest batch (a cheap sign that it
    /// kept step with the log); if it does not, it is built again. Returns whether it was.
    /// Start-up asks once the workspace is loaded (a blank one has nothing to check).
    pub async fn keep_history_index_in_step(&self) -> Result<bool, StoreError> {
        let reading = self.database.transaction([EVENTS, MENTIONS]).build()?;
        let events = reading.object_store(EVENTS)?;
        let Some(revision) = events.get_all_keys::<u32>().primitive()?.await?.last() else {
            return Ok(false);
        };
        let revision = revision?;
        let batch: Option<String> = events.get(revision).primitive()?.await?;
        let mentions = reading.object_store(MENTIONS)?;
        // (A batch that does not parse is for `load` to report.)
        let batch = read_batch(&batch.unwrap_or_default()).unwrap_or_default();
        for mention in mentions_of(&batch) {
            let key: Option<u32> = mentions.get(mention.key(revision)).primitive()?.await?;
            if key.is_none() {
                drop(reading);
                self.rebuild_history_index().await?;
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Builds the history index anew from every stored batch, in one transaction.
    pub async fn rebuild_history_index(&self) -> Result<(), StoreError> {
        let transaction = self.writing([META, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let events = transaction.object_store(EVENTS)?;
            let batches = stored_batches(&events, KeyRange::LowerBound(0, false)).await?;
            let mentions = transaction.object_store(MENTIONS)?;
            mentions.clear()?.await?;
            for (revision, batch) in batches {
                index_batch(&mentions, revision, &read_batch(&batch)?)?;
            }
            meta.put("complete".to_owned())
                .with_key(MENTIONS_BUILT_KEY)
                .primitive()?
                .await?;
            Ok(())
        }
        .await;
        committed(transaction, written).await
    }

    /// Schema 1 kept the zone and the clock in one record. Moves the zone into the
    /// workspace (as the event that sets it) and the clock to its own record, in one
    /// transaction; does nothing once done.
    async fn migrate_v1_records(&self, now: DateTime<Utc>) -> Result<(), StoreError> {
        let transaction = self.writing([META, EVENTS, MENTIONS])?;
        let written = async {
            let meta = transaction.object_store(META)?;
            let Some(settings) =
                read_json::<SettingsV1>(meta.get(SETTINGS_V1_KEY).primitive()?.await?)?
            else {
                return Ok(());
            };
            let head = read_head(&meta).await?;
            let mut next = head;
            // The zone was set by the time of the database's own clock, simulated or not (an
            // old demo's zone change must not postdate its clock).
            let now = legacy::clock_record(&settings.clock.to_string())
                .map_or(now, |clock| clock.now(now));
            if settings.time_zone != PublisherZone::utc() {
                next.revision += 1;
                let events = vec![Event {
                    at: now,
                    change: Change::PublisherTimeZoneChanged {
                        from: PublisherZone::utc(),
                        to: settings.time_zone,
                    },
                    by: None,
                }];
                write_batches(
                    &transaction.object_store(EVENTS)?,
                    &transaction.object_store(MENTIONS)?,
                    head.revision,
                    [events.as_slice()],
                )
                .await?;
            }
            meta.put(to_json(&settings.clock))
                .with_key(CLOCK_KEY)
                .primitive()?
                .await?;
            put_head(&meta, &next).await?;
            meta.delete(SETTINGS_V1_KEY).primitive()?.await?;
            Ok(())
        }
        .await;
        committed(transaction, written).await
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

/// Stores the workspace as of `revision` as the snapshot start-up begins from.
async fn put_snapshot(
    transaction: &Transaction<'_>,
    revision: u32,
    workspace: &Workspace,
) -> Result<(), StoreError> {
    transaction
        .object_store(SNAPSHOTS)?
        .put(snapshot_json(revision, workspace))
        .with_key(SNAPSHOT_KEY)
        .primitive()?
        .await?;
    Ok(())
}

/// Writes `batches` (and their history index keys) as the revisions after `after`;
/// returns the last revision written.
async fn write_batches<'a>(
    events: &indexed_db_futures::object_store::ObjectStore<'_>,
    mentions: &indexed_db_futures::object_store::ObjectStore<'_>,
    after: u32,
    batches: impl IntoIterator<Item = &'a [Event]>,
) -> Result<u32, StoreError> {
    let mut revision = after;
    for batch in batches {
        revision += 1;
        events
            .put(to_json(&batch))
            .with_key(revision)
            .primitive()?
            .await?;
        index_batch(mentions, revision, batch)?;
    }
    Ok(revision)
}

/// Writes the team record and its queue, one record per queued change at its revision,
/// forgetting queued changes of other revisions.
async fn write_team(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    team: &TeamRecord,
) -> Result<(), StoreError> {
    meta.put(to_json(team))
        .with_key(TEAM_KEY)
        .primitive()?
        .await?;
    forget_queue_after(meta, 0).await?;
    for (index, queued) in team.queue.iter().enumerate() {
        drop(
            meta.put(to_json(queued))
                .with_key(queue_key(team.confirmed + 1 + index as u32))
                .primitive()?,
        );
    }
    Ok(())
}

async fn forget_queue_after(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    revision: u32,
) -> Result<(), StoreError> {
    meta.delete::<String, _>(KeyRange::Bound(
        queue_key(revision + 1),
        false,
        queue_key(u32::MAX),
        false,
    ))
    .primitive()?
    .await?;
    Ok(())
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

/// Indexes the batch saved at `revision`: one key per pack, account and kind it mentions.
/// The requests are not awaited one by one (an import makes tens of thousands): a failed
/// one aborts the transaction, and its commit reports it.
fn index_batch(
    mentions: &indexed_db_futures::object_store::ObjectStore<'_>,
    revision: u32,
    events: &[Event],
) -> Result<(), StoreError> {
    for mention in mentions_of(events) {
        drop(
            mentions
                .put(revision)
                .with_key(mention.key(revision))
                .primitive()?,
        );
    }
    Ok(())
}

/// The events of every batch saved after `revision`, oldest first.
async fn batches_after(
    events: &indexed_db_futures::object_store::ObjectStore<'_>,
    revision: u32,
) -> Result<Vec<Event>, StoreError> {
    batches_in(events, KeyRange::LowerBound(revision, true)).await
}

/// The events of the batches whose revisions are in `revisions`, oldest first.
async fn batches_in(
    events: &indexed_db_futures::object_store::ObjectStore<'_>,
    revisions: KeyRange<u32>,
) -> Result<Vec<Event>, StoreError> {
    let mut all = Vec::new();
    for (_, batch) in stored_batches(events, revisions).await? {
        all.extend(read_batch(&batch)?);
    }
    Ok(all)
}

/// The stored batches whose revisions are in `revisions`, as stored, with their
/// revisions, oldest first. IndexedDB reads keys and records in two requests; they must
/// agree (a browser whose disk filled up was seen to answer keys with no records, and a
/// workspace rebuilt from that would be empty while its head says otherwise).
async fn stored_batches(
    events: &indexed_db_futures::object_store::ObjectStore<'_>,
    revisions: KeyRange<u32>,
) -> Result<Vec<(u32, String)>, StoreError> {
    let keys = events
        .get_all_keys::<u32>()
        .with_query::<u32, _>(revisions.clone())
        .primitive()?
        .await?
        .collect::<Result<Vec<u32>, _>>()?;
    let records = events
        .get_all::<String>()
        .with_query::<u32, _>(revisions)
        .primitive()?
        .await?
        .collect::<Result<Vec<String>, _>>()?;
    if keys.len() != records.len() {
        return Err(StoreError::Failed(format!(
            "the browser listed {} saved changes but returned {}",
            keys.len(),
            records.len()
        )));
    }
    Ok(keys.into_iter().zip(records).collect())
}

/// One stored batch; batches saved by format 1 are read through `legacy`.
fn read_batch(text: &str) -> Result<EventBatch, StoreError> {
    serde_json::from_str(text).or_else(|error| {
        let upgraded =
            legacy::upgrade_batch(text).map_err(|_| StoreError::Corrupt(error.to_string()))?;
        serde_json::from_str(&upgraded).map_err(|error| StoreError::Corrupt(error.to_string()))
    })
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
