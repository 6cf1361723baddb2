//! Changing the workspace: every change is decided under the lock, saved in one
//! transaction, then applied; the scheduler applies what came due.

use chrono::{DateTime, Utc};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::{Session, SessionError, SessionStatus, CLOSED};
use crate::domain::command::SetClock;
use crate::domain::rebase::Intent;
use crate::domain::{decide, tick, Clock, Command, Event, Workspace};
use crate::store::records::snapshot_json;
use crate::store::team::delivery::Ticket;
use crate::store::{Head, Store, StoreError};
use crate::ui::browser;

/// How often the scheduler looks for releases that came due.
const SCHEDULER_PERIOD_MS: u32 = 30_000;

impl Session {
    /// Carries out a command: releases that came due first, then the command itself.
    /// On any refusal or storage failure nothing changes and the sentence says why.
    /// In a shared workspace, the ticket its form follows it by until the team's log has
    /// it (`Session::delivery`).
    pub async fn execute(self, command: Command) -> Result<Option<Ticket>, SessionError> {
        execute_command(self, command).await
    }

    /// Applies every scheduled release whose due instant has passed.
    pub async fn apply_due_releases(self) -> Result<(), SessionError> {
        let _writing = self.lock().await?;
        self.save_due_releases().await
    }

    /// `apply_due_releases` for a caller that holds the lock.
    pub(in crate::ui) async fn save_due_releases(self) -> Result<(), SessionError> {
        let now = self.now_untracked().ok_or(CLOSED)?;
        let due = self
            .workspace
            .try_with_untracked(|workspace| tick(workspace, now))
            .ok_or(CLOSED)?;
        if due.is_empty() {
            return Ok(());
        }
        save_releases_that_came_due(self, now, due).await
    }

    /// Waits until the workspace has opened, then for other writers (a change being
    /// saved, team sync rewriting history). Every change takes this lock before deciding
    /// anything: a change given while the workspace is still opening must not be decided
    /// on the empty workspace shown meanwhile (it would then be saved on top of the real
    /// history, with ids that history already uses).
    pub(in crate::ui) async fn lock(
        self,
    ) -> Result<futures::lock::OwnedMutexGuard<()>, SessionError> {
        self.store().await?;
        let mutex = self.writing.try_get_value().ok_or(CLOSED)?;
        Ok(mutex.lock_owned().await)
    }

    /// Sets the workspace's clock, shared by every tab: releases that come due by the new
    /// time are applied first. Refused when the new time is earlier than the log's newest
    /// event (domain.md, "The simulated clock").
    pub async fn set_clock(self, clock: Clock) -> Result<(), SessionError> {
        decide_clock(self, clock).await
    }

    /// Saves events in one transaction, then applies them; on failure nothing changes.
    /// While the workspace is shared, the events name their author and join the queue for
    /// the team's log in the same transaction, and the ticket that follows them there is
    /// returned. The caller holds the lock.
    pub(in crate::ui) async fn save(
        self,
        intent: Intent,
        at: DateTime<Utc>,
        mut events: Vec<Event>,
    ) -> Result<Option<Ticket>, SessionError> {
        let store = self.store().await?;
        if let SessionStatus::Damaged(damage) = self.status.try_get_untracked().ok_or(CLOSED)? {
            return Err(damage.into());
        }
        let based_on = self.head.try_get_untracked().ok_or(CLOSED)?.revision;
        let record = self.team.queued(intent, at, &mut events).ok_or(CLOSED)?;
        let queued = record.as_ref().map(|(record, queued)| (record, queued));
        let head = match store.append(based_on, &events, queued).await {
            Ok(head) => head,
            Err(StoreError::Conflict) => {
                // (The caller holds the lock: a shared workspace is reloaded without it.)
                if record.is_some() {
                    self.reload_shared().await;
                } else {
                    self.catch_up().await;
                }
                return Err(StoreError::Conflict.into());
            }
            Err(error) => {
                self.after_storage_failure(&error);
                return Err(error.into());
            }
        };
        // A catch-up that ran while this write was under way may have applied it already.
        if self
            .head
            .try_get_untracked()
            .is_some_and(|current| current.revision == based_on)
        {
            self.workspace.try_update(|workspace| {
                for event in &events {
                    workspace.apply(event);
                }
            });
            self.head.try_set(head);
        }
        self.announce(head.revision);
        if let Some((_, queued)) = record {
            return Ok(self.team_saved(queued));
        }
        if Store::snapshot_due(&head) {
            // The events are saved; a snapshot only shortens the next start-up, so a
            // failure here loses nothing.
            let snapshot = self
                .workspace
                .try_with_untracked(|workspace| snapshot_json(head.revision, workspace));
            if let Some(snapshot) = snapshot {
                spawn_local(async move {
                    let _ = store.save_snapshot(head.revision, snapshot).await;
                });
            }
        }
        Ok(None)
    }

    /// A change saved while shared that no form follows (releases that came due, the
    /// clock, an import): its delivery is not kept, or the followed changes would grow
    /// with every one.
    pub(in crate::ui) fn unfollowed(self, ticket: Option<Ticket>) {
        if let Some(ticket) = ticket {
            self.forget_delivery(ticket);
        }
    }

    pub(in crate::ui) fn announce(self, revision: u32) {
        self.channel.try_with_value(|channel| {
            if let Some(channel) = channel {
                channel.announce(revision);
            }
        });
    }

    pub(in crate::ui) fn replaced(self, workspace: Workspace, head: Head) {
        self.workspace.try_set(workspace);
        self.head.try_set(head);
        // A damaged workspace is repaired by replacing it.
        self.status.try_update(|status| {
            if matches!(status, SessionStatus::Damaged(_)) {
                *status = SessionStatus::Ready;
            }
        });
        self.announce(head.revision);
    }

    /// Every 30 seconds: move the real clock on and apply what came due. Ends when the
    /// app is unmounted.
    pub(in crate::ui) async fn run_scheduler(self) {
        loop {
            // `try_set` hands the value back once the app is unmounted: that ends the loop.
            if self.real_now.try_set(browser::real_now()).is_some() {
                break;
            }
            if let Err(problem) = self.apply_due_releases().await {
                self.report(format!(
                    "Scheduled releases that came due could not be applied. {problem}"
                ));
            }
            TimeoutFuture::new(SCHEDULER_PERIOD_MS).await;
        }
    }
}

/// `Session::execute`. In the split build (src/ui/app.rs) the rules that decide a command
/// are a module of their own, fetched for the first command: a visit that only looks never
/// downloads them.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn execute_command(
    session: Session,
    command: Command,
) -> Result<Option<Ticket>, SessionError> {
    crate::ui::zone_table::provide();
    let _writing = session.lock().await?;
    session.save_due_releases().await?;
    let now = session.now_untracked().ok_or(CLOSED)?;
    decide_and_save(session, command, now).await
}

/// `Session::save_due_releases` once something came due. In the split build a module of its
/// own, like `execute_command`, with the code that writes events and snapshots: the
/// scheduler's checks at start-up and every 30 seconds find nothing due on a first visit,
/// which then never downloads it.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn save_releases_that_came_due(
    session: Session,
    now: DateTime<Utc>,
    due: Vec<Event>,
) -> Result<(), SessionError> {
    crate::ui::zone_table::provide();
    let ticket = session.save(Intent::Tick, now, due).await?;
    session.unfollowed(ticket);
    Ok(())
}

/// `Session::set_clock`, beside `execute_command` for the same reason.
#[cfg_attr(feature = "split", leptos::lazy)]
async fn decide_clock(session: Session, clock: Clock) -> Result<(), SessionError> {
    crate::ui::zone_table::provide();
    let _writing = session.lock().await?;
    session.save_due_releases().await?;
    session.real_now.try_set(browser::real_now());
    let now = clock.now(session.real_now.try_get_untracked().ok_or(CLOSED)?);
    let ticket = decide_and_save(session, Command::SetClock(SetClock { clock }), now).await?;
    session.unfollowed(ticket);
    Ok(())
}

/// Decides `command` at `now` on the workspace as it is, and saves what it decided. The
/// caller holds the lock.
async fn decide_and_save(
    session: Session,
    command: Command,
    now: DateTime<Utc>,
) -> Result<Option<Ticket>, SessionError> {
    let events = session
        .workspace
        .try_with_untracked(|workspace| decide(workspace, command.clone(), now))
        .ok_or(CLOSED)??;
    session.save(Intent::Command(command), now, events).await
}

/// Fetches the module of the rules that decide a command, so that the first command does
/// not wait for it. Only the split build has such a module; any other build has nothing to
/// fetch.
pub async fn preload_rules() {
    #[cfg(feature = "split")]
    __preload_execute_command().await;
}
