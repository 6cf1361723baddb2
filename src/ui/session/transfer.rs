//! Reading the workspace out and replacing it whole: export, import, the demo, reset,
//! and the activity log's reads.

use leptos::prelude::*;

use super::{Session, SessionError, SessionStatus, CLOSED, INDEX_REBUILT};
use crate::domain::boomi::{plan_import, BoomiData};
use crate::domain::command::SetClock;
use crate::domain::rebase::Intent;
use crate::domain::{decide, Command, Event, Workspace};
use crate::store::demo::demo_workspace;
use crate::store::mentions::{mentions_of, Mention};
use crate::store::{StoreError, WorkspaceFile};

impl Session {
    /// The export file's text.
    pub async fn export(self) -> Result<String, SessionError> {
        let store = self.store().await?;
        if let SessionStatus::Damaged(_) = self.status.try_get_untracked().ok_or(CLOSED)? {
            let salvage = store.salvage().await?;
            return Ok(salvage.file.to_json());
        }
        Ok(store
            .export()
            .await
            .inspect_err(|error| self.after_storage_failure(error))?)
    }

    /// Replaces the workspace with a checked file's.
    pub async fn import(self, file: WorkspaceFile) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        self.refuse_if_shared()?;
        let store = self.store().await?;
        let head = store
            .import(&file)
            .await
            .inspect_err(|error| self.after_storage_failure(error))?;
        self.replaced(file.workspace, head);
        Ok(())
    }

    /// Brings what was read from a Boomi account into the workspace, planned anew against
    /// the workspace as it is now (another tab may have changed it since the preview).
    pub async fn import_from_boomi(self, data: BoomiData) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        self.save_due_releases().await?;
        let now = self.now_untracked().ok_or(CLOSED)?;
        let plan = self
            .workspace
            .try_with_untracked(|workspace| plan_import(workspace, &data, now))
            .ok_or(CLOSED)?
            .map_err(SessionError::Boomi)?;
        if plan.events.is_empty() {
            return Ok(());
        }
        let ticket = self.save(Intent::Planned, now, plan.events).await?;
        self.unfollowed(ticket);
        Ok(())
    }

    /// Replaces the workspace with the demo publisher's.
    pub async fn load_demo(self) -> Result<(), SessionError> {
        self.refuse_if_shared()?;
        let now = self.now_untracked().ok_or(CLOSED)?;
        let zone = self
            .workspace
            .try_with_untracked(|workspace| workspace.publisher().time_zone)
            .ok_or(CLOSED)?;
        let (mut workspace, mut events) = demo_workspace(now, zone)?;
        // A demo under a simulated clock keeps it, so that its history is not in the future.
        let clock = self
            .workspace
            .try_with_untracked(Workspace::clock)
            .ok_or(CLOSED)?;
        if clock.is_simulated() {
            let set = decide(&workspace, Command::SetClock(SetClock { clock }), now)?;
            for event in set {
                workspace.apply(&event);
                events.push(event);
            }
        }
        self.import(WorkspaceFile::new(workspace, events)).await
    }

    /// Empties the workspace.
    pub async fn reset(self) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        self.refuse_if_shared()?;
        let store = self.store().await?;
        let head = store
            .reset()
            .await
            .inspect_err(|error| self.after_storage_failure(error))?;
        self.replaced(Workspace::default(), head);
        Ok(())
    }

    /// Every saved event, oldest first. A failure is also reported in the status banner.
    pub async fn events(self) -> Result<Vec<Event>, SessionError> {
        let store = self.store().await?;
        let events = store
            .all_events()
            .await
            .inspect_err(|error| self.after_storage_failure(error))
            .map_err(SessionError::from);
        if let Err(problem) = &events {
            self.report(format!("The activity log could not be read. {problem}"));
        }
        events
    }

    /// The newest `limit` events that `keep` keeps, newest first, and whether older ones
    /// may be kept too. With `within`, only the batches that mention one of those are read
    /// (the history index); without, history is read backwards a few batches at a time
    /// (doubling), so the activity log shows its first page without reading the whole log.
    pub async fn recent_events(
        self,
        limit: usize,
        keep: impl Fn(&Event) -> bool,
        within: Option<Vec<Mention>>,
    ) -> Result<(Vec<Event>, bool), SessionError> {
        let store = self.store().await?;
        let head = self.head.try_get_untracked().ok_or(CLOSED)?;
        let report = |problem: &StoreError| {
            self.after_storage_failure(problem);
            self.report(format!("The activity log could not be read. {problem}"))
        };
        let mut kept = Vec::new();
        if let Some(mentions) = within {
            let mut rebuilt = false;
            'read: loop {
                let revisions = store
                    .revisions_mentioning(&mentions, head.revision + 1)
                    .await
                    .inspect_err(report)?;
                // A few batches at a time: the first page rarely needs them all.
                for some in revisions.chunks(8) {
                    let batches = store.batches_at(some).await.inspect_err(report)?;
                    // A batch the index points at must mention what was asked for; if not,
                    // the index is out of step with the log: built again, read again.
                    let in_step = batches.iter().all(|batch| {
                        mentions_of(batch)
                            .iter()
                            .any(|mention| mentions.contains(mention))
                    });
                    if !in_step && !rebuilt {
                        store.rebuild_history_index().await.inspect_err(report)?;
                        self.report(INDEX_REBUILT.to_owned());
                        rebuilt = true;
                        kept.clear();
                        continue 'read;
                    }
                    for batch in batches {
                        kept.extend(batch.into_iter().rev().filter(|event| keep(event)));
                    }
                    if kept.len() > limit {
                        break;
                    }
                }
                break;
            }
            let more = kept.len() > limit;
            kept.truncate(limit);
            return Ok((kept, more));
        }
        let lowest = head.base_revision.max(1);
        let mut upper = head.revision;
        let mut span = 1;
        while upper >= lowest && kept.len() <= limit {
            let lower = upper.saturating_sub(span - 1).max(lowest);
            let page = store
                .events_between(lower, upper)
                .await
                .inspect_err(report)?;
            kept.extend(page.into_iter().rev().filter(|event| keep(event)));
            if lower == lowest {
                break;
            }
            upper = lower - 1;
            span = span.saturating_mul(2);
        }
        let more = kept.len() > limit;
        kept.truncate(limit);
        Ok((kept, more))
    }

    pub(in crate::ui) fn refuse_if_shared(self) -> Result<(), SessionError> {
        match self.team.is_shared() {
            Some(true) => Err(SessionError::Shared),
            Some(false) => Ok(()),
            None => Err(CLOSED),
        }
    }
}
