//! Restoring the workspace at start-up and catching up with other tabs.

use wasm_bindgen::{JsCast, JsValue};

use super::*;

impl Store {
    /// What `load` would restore from a database that holds nothing to decode: no batch,
    /// no snapshot, no team record and no clock of format 1 (a first visit's). `None` when
    /// there is something: then `load`. Start-up asks first, so that a first visit needs
    /// no decoder of stored history (in the split build, not in its first module).
    pub async fn load_if_blank(&self) -> Result<Option<Loaded>, StoreError> {
        let transaction = self
            .database
            .transaction([META, SNAPSHOTS, EVENTS])
            .build()?;
        let MetaRecords { head, clock, team } =
            read_meta_records(&transaction.object_store(META)?).await?;
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
    pub(super) async fn adopt_legacy_clock(
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
    pub(super) async fn read_stored(&self) -> Result<(Loaded, Option<Clock>), StoreError> {
        let transaction = self
            .database
            .transaction([META, SNAPSHOTS, EVENTS])
            .build()?;
        let meta = transaction.object_store(META)?;
        let records = read_meta_records(&meta).await?;
        let head = records.head;
        let legacy_clock = records
            .clock
            .and_then(|record| legacy::clock_record(&record));
        let team: Option<TeamRecord> = read_json(records.team)?;
        let queued = match &team {
            Some(team) => read_queue(&meta, team.confirmed).await?,
            None => Vec::new(),
        };
        let snapshot = read_snapshot(&transaction.object_store(SNAPSHOTS)?).await?;
        let events = transaction.object_store(EVENTS)?;
        let (mut workspace, after) = match snapshot {
            Some(snapshot)
                if snapshot.workspace.format_version >= OLDEST_COMPLETE_SNAPSHOT_FORMAT =>
            {
                let mut workspace = snapshot.workspace;
                workspace.mark_current_format();
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
}

/// The stored queue: the team's changes after revision `confirmed`, as stored (decoded
/// by `Loaded::with_queue`).
/// What `META` keeps beside the log, as stored: the head, the clock record of format 1 and
/// the team record (decoded only by whoever needs them).
struct MetaRecords {
    head: Head,
    clock: Option<String>,
    team: Option<String>,
}

async fn read_meta_records(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
) -> Result<MetaRecords, StoreError> {
    Ok(MetaRecords {
        head: read_head(meta).await?,
        clock: meta.get(CLOCK_KEY).primitive()?.await?,
        team: meta.get(TEAM_KEY).primitive()?.await?,
    })
}

async fn read_queue(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    confirmed: u32,
) -> Result<Vec<String>, StoreError> {
    let stored = meta
        .get_all::<String>()
        .with_query::<String, _>(queued_after(confirmed))
        .primitive()?
        .await?;
    let mut queued = Vec::new();
    for change in stored {
        queued.push(change?);
    }
    Ok(queued)
}

/// The stored snapshot of the workspace, if there is one.
async fn read_snapshot(
    snapshots: &indexed_db_futures::object_store::ObjectStore<'_>,
) -> Result<Option<Snapshot>, StoreError> {
    let stored: Option<JsValue> = snapshots.get(SNAPSHOT_KEY).primitive()?.await?;
    let decoded = match stored {
        None => return Ok(None),
        Some(value) => match value.as_string() {
            Some(text) => serde_json::from_str(&text),
            None => match value.dyn_into::<js_sys::Uint8Array>() {
                Ok(bytes) => serde_json::from_slice(&bytes.to_vec()),
                Err(_) => {
                    return Err(StoreError::Corrupt(
                        "the saved snapshot of the workspace is neither text nor bytes".into(),
                    ))
                }
            },
        },
    };
    decoded.map(Some).map_err(|error| {
        StoreError::Corrupt(format!("the saved snapshot of the workspace: {error}"))
    })
}
