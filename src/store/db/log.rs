//! The log: a batch of events per saved command, the snapshot that shortens start-up,
//! and reading history by revision.

use wasm_bindgen::JsValue;

use super::*;

impl Store {
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
                .put(snapshot_record(&snapshot))
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

    /// Every saved event, oldest first: the activity log.
    pub async fn all_events(&self) -> Result<Vec<Event>, StoreError> {
        let transaction = self.database.transaction(EVENTS).build()?;
        batches_after(&transaction.object_store(EVENTS)?, 0).await
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
}

/// Stores the workspace as of `revision` as the snapshot start-up begins from.
pub(super) async fn put_snapshot(
    transaction: &Transaction<'_>,
    revision: u32,
    workspace: &Workspace,
) -> Result<(), StoreError> {
    transaction
        .object_store(SNAPSHOTS)?
        .put(snapshot_record(&snapshot_json(revision, workspace)))
        .with_key(SNAPSHOT_KEY)
        .primitive()?
        .await?;
    Ok(())
}

/// A snapshot is stored as its JSON's UTF-8 bytes. As a string, IndexedDB keeps it in
/// UTF-16 (twice the bytes to read) and it crosses into wasm a character at a time: at
/// 100,000 accounts that was half of a cold load. `read_snapshot` still reads the
/// strings earlier builds stored.
fn snapshot_record(json: &str) -> JsValue {
    js_sys::Uint8Array::from(json.as_bytes()).into()
}

/// Writes `batches` (and their history index keys) as the revisions after `after`;
/// returns the last revision written.
pub(super) async fn write_batches<'a>(
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

/// Indexes the batch saved at `revision`: one key per pack, account and kind it mentions.
/// The requests are not awaited one by one (an import makes tens of thousands): a failed
/// one aborts the transaction, and its commit reports it.
pub(super) fn index_batch(
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
pub(super) async fn batches_after(
    events: &indexed_db_futures::object_store::ObjectStore<'_>,
    revision: u32,
) -> Result<Vec<Event>, StoreError> {
    batches_in(events, KeyRange::LowerBound(revision, true)).await
}

/// The events of the batches whose revisions are in `revisions`, oldest first.
pub(super) async fn batches_in(
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
pub(super) async fn stored_batches(
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
pub(super) fn read_batch(text: &str) -> Result<EventBatch, StoreError> {
    serde_json::from_str(text).or_else(|error| {
        let upgraded =
            legacy::upgrade_batch(text).map_err(|_| StoreError::Corrupt(error.to_string()))?;
        serde_json::from_str(&upgraded).map_err(|error| StoreError::Corrupt(error.to_string()))
    })
}
