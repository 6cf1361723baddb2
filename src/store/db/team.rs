//! What team sync keeps: the team record, its queue, and the team's history written
//! in place of this browser's.

use super::*;

impl Store {
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
}

/// Writes the team record and its queue, one record per queued change at its revision,
/// forgetting queued changes of other revisions.
pub(super) async fn write_team(
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

pub(super) async fn forget_queue_after(
    meta: &indexed_db_futures::object_store::ObjectStore<'_>,
    revision: u32,
) -> Result<(), StoreError> {
    meta.delete::<String, _>(queued_after(revision))
        .primitive()?
        .await?;
    Ok(())
}
