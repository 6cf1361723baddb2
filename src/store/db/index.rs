//! The history index (`mentions`): finding the batches that mention a pack, an account
//! or a kind without reading the rest, and keeping it in step with the log.

use super::*;

impl Store {
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

    /// Builds the history index of a database written before it existed, once, in one
    /// transaction; after that, every write keeps it.
    pub(super) async fn index_history(&self) -> Result<(), StoreError> {
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
            mark_indexed(&meta).await
        }
        .await;
        committed(transaction, written).await
    }

    /// Marks the history index of a database with no log as built.
    pub(super) async fn mark_history_indexed(&self) -> Result<(), StoreError> {
        let transaction = self.writing([META])?;
        let written = mark_indexed(&transaction.object_store(META)?).await;
        committed(transaction, written).await
    }
}

/// Records that the history index holds every stored batch.
async fn mark_indexed(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
) -> Result<(), StoreError> {
    meta.put("complete".to_owned())
        .with_key(MENTIONS_BUILT_KEY)
        .primitive()?
        .await?;
    Ok(())
}
