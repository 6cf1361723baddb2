//! Taking what teammates saved: the changes loop waits on CouchDB's changes feed, a pull
//! fetches what follows the confirmed revision, and `store::team::sync` decides how the
//! stored log moves (`Taken`); this file stores it and shows it. A cluster conflict is
//! resolved here too.

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use serde_json::Value;

use super::link::RETRY_MS;
use crate::domain::Event;
use crate::store::couch::CouchError;
use crate::store::team::sync::{Taken, TeamLog};
use crate::store::team::{follow, revision_of, winning_revision};
use crate::store::Loaded;
use crate::ui::session::{Session, SessionError, CLOSED};

/// How long one wait on the changes feed lasts.
const CHANGES_WAIT_MS: u32 = 20_000;
/// How long the changes loop pauses after a wake-up that brought only its own pushes.
const OWN_CHANGES_PAUSE_MS: u32 = 100;

impl Session {
    /// Waits on the changes feed and pulls what teammates saved.
    pub(super) async fn changes_loop(self, generation: u32, since: Option<Value>) {
        let Some(couch) = self.team.with_link(generation, |link| link.couch.clone()) else {
            return;
        };
        let mut since = since;
        let mut first = true;
        loop {
            if self.team.with_link(generation, |_| ()).is_none() {
                return;
            }
            if first {
                first = false;
                // Where the feed stands, read before the pull: nothing saved after the
                // pull's fetch can then slip by unannounced.
                if since.is_none() {
                    match couch.info().await {
                        Ok(info) => since = Some(info.update_seq),
                        Err(problem) => {
                            if self.stop_or_wait(generation, &problem).await {
                                return;
                            }
                            first = true;
                            continue;
                        }
                    }
                }
                if let Err(problem) = self.pull(generation).await {
                    if self.team_problem(generation, problem).await {
                        return;
                    }
                    TimeoutFuture::new(RETRY_MS).await;
                    first = true;
                    continue;
                }
                self.team.wake_push();
            }
            let Some(seq) = &since else {
                first = true;
                continue;
            };
            match couch.changes(seq, CHANGES_WAIT_MS).await {
                Ok(changes) => {
                    since = Some(changes.last_seq);
                    // This browser's own pushes, already confirmed, need no pull.
                    let confirmed = self
                        .team
                        .with_current(|link| link.state.log.record.confirmed)
                        .unwrap_or(0);
                    let news = changes
                        .changed
                        .iter()
                        .any(|id| revision_of(id).is_none_or(|revision| revision > confirmed));
                    if !news && changes.conflicted.is_empty() {
                        // While this browser pushes, its own changes would wake the feed
                        // once per push: waiting a moment takes them together.
                        TimeoutFuture::new(OWN_CHANGES_PAUSE_MS).await;
                        continue;
                    }
                    self.take_changes(generation, changes.conflicted).await;
                }
                Err(problem) => {
                    if self.stop_or_wait(generation, &problem).await {
                        return;
                    }
                    // Back online: what was missed is pulled first.
                    first = true;
                }
            }
        }
    }

    /// After the changes feed announced teammates' changes: conflicts resolved, the news
    /// pulled, releases that came due applied, and the push loop woken.
    async fn take_changes(self, generation: u32, conflicted: Vec<String>) {
        for id in conflicted {
            if let Err(problem) = self.resolve_conflict(generation, &id).await {
                self.team_problem(generation, problem).await;
            }
        }
        if let Err(problem) = self.pull(generation).await {
            self.team_problem(generation, problem).await;
        }
        // A teammate's change may have moved the shared clock past a release's date: every
        // open browser applies it at once, and the team's log keeps the first (the others
        // find nothing left due on rebase).
        if let Err(problem) = self.apply_due_releases().await {
            self.report(format!(
                "Scheduled releases that came due could not be applied. {problem}"
            ));
        }
        self.team.wake_push();
    }

    /// Shows the problem; true when sync must stop, else after waiting to try again.
    async fn stop_or_wait(self, generation: u32, problem: &CouchError) -> bool {
        self.show_team_status(generation, Some(problem));
        if problem.ends_sync() {
            return true;
        }
        TimeoutFuture::new(RETRY_MS).await;
        false
    }

    /// Fetches what the team's log has after this browser's confirmed revision and puts
    /// this browser's queue on top of it.
    pub(super) async fn pull(self, generation: u32) -> Result<(), SessionError> {
        // Until a fetch finds the confirmed revision where it left it: a push or another
        // pull may move it while the fetch is under way, and what that fetch found must
        // not wait for the next change to be taken.
        while !self.pull_once(generation).await? {}
        Ok(())
    }

    /// One pull; false when the confirmed revision moved meanwhile (nothing was taken).
    async fn pull_once(self, generation: u32) -> Result<bool, SessionError> {
        let Some((couch, confirmed, head_key)) = self.team.with_link(generation, |link| {
            let record = &link.state.log.record;
            (
                link.couch.clone(),
                record.confirmed,
                record.head_key.clone(),
            )
        }) else {
            return Ok(true);
        };
        let documents = couch
            .batches_after(confirmed)
            .await
            .map_err(SessionError::Team)?;
        for document in documents
            .iter()
            .filter(|document| !document.conflicts.is_empty())
        {
            self.resolve_conflict(generation, &document.id).await?;
        }
        let followed = follow(documents, confirmed, head_key.as_deref());
        let still = |link: &super::link::TeamLink| link.state.log.record.confirmed == confirmed;
        self.team.update_link(generation, |link| {
            if still(link) {
                link.state.stray = followed.stray;
            }
        });
        if followed.batches.is_empty() {
            self.show_team_status(generation, None);
            return Ok(true);
        }
        let _writing = self.lock().await?;
        match self.team.with_link(generation, still) {
            Some(true) => {}
            Some(false) => return Ok(false),
            None => return Ok(true),
        }
        let Some(mut log) = self.take_team_log() else {
            return Ok(true);
        };
        let head = self.head.try_get_untracked().ok_or(CLOSED)?;
        let taken = log.take_pulled(&followed.batches, head.revision);
        self.store_taken(log, taken).await?;
        self.show_team_status(generation, None);
        Ok(true)
    }

    /// Stores how the log moved (`Taken`), then shows it; on failure nothing was written
    /// and everything is taken from the store again. The caller holds the lock and took
    /// `log` out of the link (`take_team_log`).
    pub(super) async fn store_taken(self, log: TeamLog, taken: Taken) -> Result<(), SessionError> {
        let store = self.store().await?;
        let head = self.head.try_get_untracked().ok_or(CLOSED)?;
        let written = match &taken {
            Taken::OwnOnly => {
                let saved = store.save_team(Some(&log.record)).await;
                self.put_team_log(log);
                return Ok(saved?);
            }
            Taken::Appended { keep, batches } => {
                store
                    .rewrite_after(head, *keep, batches, None, &log.record)
                    .await
            }
            Taken::Rebased { keep, batches, .. } => {
                // The snapshot is written only if the stored one is among what is replaced.
                let snapshot = Some((log.record.confirmed, &log.workspace));
                store
                    .rewrite_after(head, *keep, batches, snapshot, &log.record)
                    .await
            }
        };
        let head = match written {
            Ok(head) => head,
            Err(problem) => {
                // Nothing was written: everything is taken from the store again (the team's
                // workspace in memory was moved on), and the next pull tries again.
                self.reload_shared().await;
                return Err(problem.into());
            }
        };
        match taken {
            Taken::OwnOnly => {}
            Taken::Appended { batches, .. } => {
                self.workspace.try_update(|workspace| {
                    for event in batches.iter().flatten() {
                        workspace.apply(event);
                    }
                });
            }
            Taken::Rebased {
                workspace, dropped, ..
            } => {
                let zone = workspace.publisher().time_zone;
                // Said once: by the form that made the change if it is still open, else
                // in the notices.
                let sentences: Vec<String> = dropped
                    .iter()
                    .filter_map(|dropped| {
                        let sentence = dropped.sentence(zone);
                        let told = self
                            .team
                            .deliveries
                            .try_update(|deliveries| deliveries.claim_dropped(dropped, &sentence));
                        (told != Some(true)).then_some(sentence)
                    })
                    .collect();
                if !sentences.is_empty() {
                    self.team
                        .notices
                        .try_update(|notices| notices.extend(sentences));
                }
                self.workspace.try_set(*workspace);
            }
        }
        self.head.try_set(head);
        self.announce(head.revision);
        self.put_team_log(log);
        Ok(())
    }

    /// Takes the workspace, the team record and the team's workspace from the store again
    /// (another tab of this browser saved, pushed or pulled). The caller holds the lock.
    pub(in crate::ui) async fn reload_shared(self) {
        reload_shared_from_store(self).await;
    }

    /// Resolves a conflict CouchDB keeps for a batch document (two nodes of a cluster
    /// both accepted a revision): the winner is CouchDB's, the same on every node; the
    /// losers are deleted. If this browser had applied a loser, it takes the team's log
    /// again from before that revision, and its own lost changes are decided again.
    pub(super) async fn resolve_conflict(
        self,
        generation: u32,
        id: &str,
    ) -> Result<(), SessionError> {
        let Some(revision) = revision_of(id) else {
            return Ok(());
        };
        let Some(couch) = self.team.with_link(generation, |link| link.couch.clone()) else {
            return Ok(());
        };
        // A teammate may have resolved it already (the losers deleted): the one live leaf
        // left is then the winner, still to be compared with what this browser applied.
        let leaves = couch.leaves(id).await.map_err(SessionError::Team)?;
        let Some(winner) = winning_revision(leaves.iter().map(|leaf| leaf.rev.as_str()))
            .and_then(|rev| leaves.iter().find(|leaf| leaf.rev == rev))
        else {
            return Ok(());
        };
        for loser in leaves.iter().filter(|leaf| leaf.rev != winner.rev) {
            couch
                .delete_revision(id, &loser.rev)
                .await
                .map_err(SessionError::Team)?;
        }
        let _writing = self.lock().await?;
        let store = self.store().await?;
        let Some((record, lost)) = self.team.with_link(generation, |link| {
            (link.state.log.record.clone(), link.state.since(revision))
        }) else {
            return Ok(());
        };
        if revision > record.confirmed {
            return Ok(());
        }
        let local = store.batches_between(revision, revision).await?;
        let applied: Option<&Vec<Event>> = local.first().map(|(_, events)| events);
        if applied == Some(&winner.events) {
            return Ok(());
        }
        self.adopt_again(couch, record, revision, lost).await?;
        // `adopt` began a new generation: its loops.
        self.start_team_loops(None);
        Ok(())
    }
}

/// `Session::reload_shared`. In the split build (src/ui/app.rs) a module of its own, with
/// the decoder of queued commands: only a shared workspace needs them.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn reload_shared_from_store(session: Session) {
    crate::ui::zone_table::provide();
    let Ok(store) = session.store().await else {
        return;
    };
    match store.load().await.and_then(Loaded::with_queue) {
        Ok(loaded) => {
            session.workspace.try_set(loaded.workspace);
            session.head.try_set(loaded.head);
            if let (Some(record), Some(workspace)) = (loaded.team, loaded.team_workspace) {
                session.team.update_current(|link| {
                    link.state.log = TeamLog { record, workspace };
                    let _ = link.wake.unbounded_send(());
                });
            }
        }
        Err(problem) => session.report(format!(
            "Packwright could not load what another tab saved. {problem}"
        )),
    }
}
