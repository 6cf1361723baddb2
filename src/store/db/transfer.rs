//! Whole-workspace moves: export, import, reset, and salvaging what a damaged database
//! still holds.

use super::*;

impl Store {
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
    pub(super) async fn replace_all(
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
}
